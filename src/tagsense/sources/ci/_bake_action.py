"""The builds of GitHub's ``docker/bake-action`` steps, as ``docker buildx bake`` runs them.

The action (its README and ``src/context.ts``) runs ``docker buildx bake`` with its inputs:

- ``source``: by default (and ``{{defaultContext}}``, ``{{defaultContext}}:DIR``) the Git
  context, the repository at the commit (its checkout here, or a directory of it); a local
  path is where bake runs (versions before 6: ``workdir``, the checkout by default); another
  remote definition is no file of the project;
- ``files`` (one a line or at commas): the bake files, relative to where bake runs; by default
  bake's own files there (``docker-bake.hcl``…; compose files are the compose reader's);
- ``targets`` (one a line or at commas): the targets or groups built, by default ``default``;
- ``set`` (one a line): ``PATTERN.KEY=VALUE`` overrides of the targets (``args.NAME``,
  ``contexts.NAME``, ``tags``, ``platform``…); ``vars`` (one a line): ``NAME=VALUE``, the
  bake file's variables.

Bake reads its variables from the environment the step runs with: the runner's own
(``GITHUB_*`` and ``RUNNER_*``: a run's values; ``CI`` and ``GITHUB_ACTIONS``: ``true``), the
``env`` of the workflow and the job, what the job's earlier steps write to ``$GITHUB_ENV``
(which wins over those), the step's ``env``; ``vars`` win over all of them. A value a run
decides (``${{ secrets.X }}``, ``${{ github.ref_name }}``, what ``$GITHUB_ENV`` gets) is
unknown: a tag made with it builds the name the rest of it gives, a build argument made with
it is unresolved (see :class:`~..builds.bake.BakeRun`). Frappe's images are built so:
``REGISTRY_USER: localhost:5000/frappe`` in the step's ``env`` tags
``${REGISTRY_USER}/erpnext:${ERPNEXT_VERSION}``, the images its tests' compose file runs, with
the version an earlier step writes to ``$GITHUB_ENV``.

Which files, targets or directory only a run knows builds nothing known here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping

from .._yaml import items, scalar
from ..builds._common import is_remote, join
from ..builds._shell_values import UNKNOWN
from ._actions import _DEFAULT_CONTEXT, _evaluated, _list, _Value
from ._scanner import fields

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

    from ...occurrence import BuildSite
    from ..project import BuildConfig, BuiltImage

__all__ = ["BAKE_ACTIONS", "bake_builds"]

#: The actions that run ``docker buildx bake`` (its ``subaction/…`` only list targets), and
#: Depot's drop-in replacement, which documents the same inputs (kubeshop/testkube's builds).
BAKE_ACTIONS = frozenset({"docker/bake-action", "depot/bake-action"})

#: What a value of the environment that the workflow does not write out needs (one an
#: earlier step wrote to ``$GITHUB_ENV``, the runner's own).
_VAGUE = "$GITHUB_ENV"
#: The runner's variables (a run's values), and those it always sets to ``true``.
_RUNNER_PREFIXES = ("GITHUB_", "RUNNER_", "ACTIONS_")
_RUNNER_TRUE = {"CI": "true", "GITHUB_ACTIONS": "true"}


class _RunValues(Mapping[str, tuple[str, ...]]):
    """The variables whose values only a run knows, each with what it needs: those named,
    the runner's, and (``any_name``: an earlier step wrote variables only a run names to
    ``$GITHUB_ENV``) every other one but those ``known``."""

    def __init__(
        self, named: dict[str, tuple[str, ...]], known: Mapping[str, str], any_name: bool
    ) -> None:
        self.named = named
        self.known = known
        self.any_name = any_name

    def __getitem__(self, name: str) -> tuple[str, ...]:
        if name in self.named:
            return self.named[name]
        if name in self.known:
            raise KeyError(name)
        if name.startswith(_RUNNER_PREFIXES) or self.any_name:
            return (_VAGUE,)
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self.named)

    def __len__(self) -> int:
        return len(self.named)


def bake_builds(
    inputs: dict[str, _Value],
    step: yaml.Node,
    known: dict[str, object],
    earlier: tuple[str, ...],
    site: BuildSite,
    checkout: str,
    read: dict[str, tuple[int, int] | None] | None,
) -> Iterator[tuple[BuildConfig | None, list[BuiltImage]]]:
    """The builds and built names of one bake step (see the module), at ``site``; the bake
    files it reads, or looks for, are added to ``read``."""
    from .._context_cache import stat_of
    from ..builds.bake import BAKE_FILE_NAMES, BakeRun, read_bake_files

    directory = _directory(inputs, checkout)
    files = _list(inputs.get("files"), commas=True)
    targets = _list(inputs.get("targets"), commas=True)
    if directory is None or any(v.known is None for v in (*files, *targets)):
        return
    if files:
        paths = [join(directory, file.text) for file in files]
        paths = [path for path in paths if not path.endswith((".yml", ".yaml"))]
    else:
        candidates = [join(directory, name) for name in BAKE_FILE_NAMES]
        paths = [path for path in candidates if os.path.isfile(path)]
        if read is not None:
            read.update({path: None for path in candidates if path not in paths})
    if not paths or not all(os.path.isfile(path) for path in paths):
        return  # (bake fails on a file that is not there; compose files are compose's)
    if read is not None:
        read.update({path: stat_of(path) for path in paths})
    env, unknown = _environment(inputs, step, known, earlier)
    run = BakeRun(
        site=site,
        directory=directory,
        unknown=unknown,
        targets=[target.text for target in targets],
        overrides=[(item.text, item.needs) for item in _list(inputs.get("set"))],
        vague=(_VAGUE,),
    )
    found = read_bake_files(paths, env=env, run=run)
    for config in found.builds:
        yield config, []
    yield None, list(found.built)


def _directory(inputs: dict[str, _Value], checkout: str) -> str | None:
    """Where bake runs and finds its files: the checkout, a directory of it, or ``None`` (a
    remote definition, or one a run decides)."""
    source = inputs.get("source")
    written = source.text.strip() if source is not None else ""
    if not written:
        workdir = inputs.get("workdir")  # (before version 6)
        if workdir is None or not workdir.text.strip():
            return checkout or "."
        written = workdir.text.strip()
    elif written.startswith(_DEFAULT_CONTEXT):
        written = written[len(_DEFAULT_CONTEXT) :].removeprefix(":") or "."
    if UNKNOWN in written or is_remote(written) or "#" in written:
        return None
    return join(checkout, written)


def _environment(
    inputs: dict[str, _Value],
    step: yaml.Node,
    known: dict[str, object],
    earlier: tuple[str, ...],
) -> tuple[dict[str, str], _RunValues]:
    """The variables bake reads (see the module): those with known values, and those with
    values only a run knows."""
    from ._shell import github_env_writes

    env: dict[str, str] = dict(_RUNNER_TRUE)
    named: dict[str, tuple[str, ...]] = {}
    found = known.get("env")
    given: dict[str, object] = found if isinstance(found, dict) else {}
    own = {str(key) for key, _, _ in items(fields(step).get("env"))}
    written, any_name = github_env_writes(earlier)

    def put(name: str, value: object) -> None:
        if isinstance(value, str):
            env[name] = value
            named.pop(name, None)
        else:
            env.pop(name, None)
            names = getattr(value, "names", ()) or (f"env.{name}",)
            named[name] = tuple(names)

    for name, value in given.items():
        if name not in own:  # (the workflow's and the job's)
            put(name, value)
    for name in written:  # (an earlier step's $GITHUB_ENV wins over those: as read, if known)
        if not isinstance(given.get(name), str):
            put(name, _Needs((_VAGUE,)))
    if any_name:
        for name in list(env):
            if name not in _RUNNER_TRUE:
                put(name, _Needs((_VAGUE,)))
    for name in own:
        if name in given:
            put(name, given[name])
    if not any_name:
        for name, value in _partly_known(step, own, env, named, known):
            put(name, value)
    known_names: dict[str, str] = {name: env[name] for name in own if name in env}
    for item in _list(inputs.get("vars")):
        name, equals, value = item.text.partition("=")
        if equals and UNKNOWN not in name:
            put(name, value if UNKNOWN not in value else _Needs(item.needs))
            if name in env:
                known_names[name] = value
    return env, _RunValues(named, {**known_names, **_RUNNER_TRUE}, any_name)


def _partly_known(
    step: yaml.Node,
    own: set[str],
    env: dict[str, str],
    named: dict[str, tuple[str, ...]],
    known: dict[str, object],
) -> Iterator[tuple[str, str]]:
    """The step's own variables whose value a run decides only in part, with the parts that
    are written: ``registry: ${{ env.REGISTRY }}/${{ env.REPO_OWNER }}``, the owner from
    ``$GITHUB_ENV``, is ``ghcr.io/`` and a hole, so that a tag made with it builds
    ``ghcr.io/*/NAME`` (CloudNativePG's release workflow) instead of no name at all."""
    from ..builds.bake import _Holed
    from ._expr import Unknown

    outside: dict[str, object] = {name: env[name] for name in env if name not in own}
    outside.update((name, Unknown(needs)) for name, needs in named.items() if name not in own)
    context = {**known, "env": outside}
    for name, node, _ in items(fields(step).get("env")):
        text = scalar(node)
        if name not in named or text is None or any(f"env.{n}" in text for n in own):
            continue  # (a step's own `env.X` is the job's, which `known` no longer has)
        value = _evaluated(text, context)
        if value.text.replace(UNKNOWN, ""):  # (some of it is written)
            yield name, _Holed(value.text, value.needs)


class _Needs:
    """A value a run decides, and what it needs."""

    __slots__ = ("names",)

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names
