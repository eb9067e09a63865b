"""The builds of GitHub's ``goreleaser/goreleaser-action`` steps whose ``args`` name a
configuration (``release -f FILE``, ``--config FILE``), as GoReleaser runs them.

The action (its README, ``src/main.ts``) runs ``goreleaser ARGS`` in ``workdir`` (the
checkout by default), with the step's environment: the ``env`` of the workflow, the job and
the step, what earlier steps write to ``$GITHUB_ENV`` (see :mod:`._bake_action`), which
the configuration's ``{{ .Env.NAME }}`` reads (https://goreleaser.com/customization/templates/).
kubeshop/testkube's release workflows give ``ALPINE_IMAGE: ${{ env.ALPINE_IMAGE }}`` to a
step whose ``args`` are ``release -f FILE``. The configuration is read as a command's is
(:mod:`..builds._goreleaser_cmd`); a value only a run knows stays unresolved, and a file or
a ``workdir`` a run decides builds nothing known here (other words a run decides, netbird's
``--clean ${{ env.flags }}``, do not say which file).
"""

from __future__ import annotations

from ..builds._common import join
from ..builds._shell_values import UNKNOWN

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    import yaml

    from ...occurrence import BuildSite
    from ..project import BuildConfig, BuiltImage
    from ._actions import _Value

__all__ = ["GORELEASER_ACTIONS", "goreleaser_action_builds"]

#: The action that runs GoReleaser.
GORELEASER_ACTIONS = frozenset({"goreleaser/goreleaser-action"})


def goreleaser_action_builds(
    inputs: dict[str, _Value],
    step: yaml.Node,
    known: dict[str, object],
    earlier: tuple[str, ...],
    site: BuildSite,
    checkout: str,
) -> Iterator[tuple[BuildConfig | None, list[BuiltImage]]]:
    """The builds and built names of one GoReleaser step (see the module), at ``site``."""
    import shlex

    from ..builds._goreleaser_cmd import goreleaser_builds, goreleaser_command
    from ._bake_action import _environment

    args = inputs.get("args")
    workdir = inputs.get("workdir")
    written = workdir.text.strip() if workdir is not None else ""
    if args is None or UNKNOWN in written:
        return
    try:  # (a word a run decides, `${{ env.flags }}`, is one of the words: the file is known)
        words = shlex.split(args.text)
    except ValueError:
        return
    environment, _ = _environment(inputs, step, known, earlier)
    build = goreleaser_command(
        "goreleaser", words, environment, site.line or 0, join(checkout, written or ".")
    )
    if build is None:
        return
    configs, built = goreleaser_builds(build, site, "")
    for config in configs:
        yield config, []
    yield None, built
