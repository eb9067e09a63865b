"""The builds of a ``goreleaser release -f FILE`` command, with the environment it runs in.

GoReleaser reads the configuration ``--config``/``-f`` names (relative to the directory it
runs in) instead of its default files, and that directory is where the Dockerfiles of its
``dockers``/``dockers_v2`` entries are (goreleaser's ``cmd/config.go``, and
https://goreleaser.com/customization/templates/: ``{{ .Env.NAME }}`` is the variable of the
environment GoReleaser runs in, which the file's own ``env:`` sets over). kubeshop/testkube's
``make docker-build-api`` runs ``env … ALPINE_IMAGE=alpine:3.24.1 $(GORELEASER) release -f
goreleaser_files/.goreleaser-docker-build-api.yml`` (``GORELEASER = go run
github.com/goreleaser/goreleaser/v2@…``), whose entries pass
``--build-arg=ALPINE_IMAGE={{ .Env.ALPINE_IMAGE }}`` to ``build/api-server/Dockerfile``
(survey 41c: ``FROM ${ALPINE_IMAGE}`` was TS011). A command of ``goreleaser`` (or ``go run
…/goreleaser/goreleaser…``) whose verb is ``release`` (or none: the same) and that names a
file is one :class:`~._shell_values.ShellBuild` of verb ``goreleaser``: the file as its
``dockerfile``, the variables of its environment whose values are known as its ``args``.
A file of GoReleaser's default names where it runs is read as the project's anyway (see
:mod:`.goreleaser`), and is not read again here; nor is one that is not there.
"""

from __future__ import annotations

import os

from ._feed import place
from ._shell_values import UNKNOWN, ShellBuild, plain_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    from ...occurrence import BuildSite
    from ..project import BuildConfig, BuiltImage

__all__ = ["VERB", "goreleaser_builds", "goreleaser_command"]

#: The verb of the :class:`~._shell_values.ShellBuild` of a GoReleaser run.
VERB = "goreleaser"
#: The module path ``go run`` runs GoReleaser by (``…/goreleaser/v2@v2.12.0``).
_MODULE = "github.com/goreleaser/goreleaser"
#: GoReleaser's options that take the next word as their value (besides ``-f``).
_VALUED = frozenset({"-f", "--config", "-p", "--parallelism", "--timeout", "--id", "--skip"})


def goreleaser_command(
    tool: str,
    arguments: list[str],
    environment: Mapping[str, str],
    line: int,
    workdir: str | None,
) -> ShellBuild | None:
    """The GoReleaser run of a command (``tool``: its program's name, ``arguments`` the words
    after it, expanded), in ``environment``, from ``workdir``; ``None`` when it is none, or
    names no configuration file.

    >>> words = ["run", "github.com/goreleaser/goreleaser/v2@v2.12.0", "release", "-f",
    ...     "ci/.goreleaser-docker.yml", "--snapshot"]
    >>> build = goreleaser_command("go", words, {"A": "alpine:3.22"}, 4, "")
    >>> build.verb, build.dockerfile, build.args
    ('goreleaser', 'ci/.goreleaser-docker.yml', (('A', 'alpine:3.22'),))
    >>> goreleaser_command("goreleaser", ["build", "--config=x.yml"], {}, 1, "") is None
    True
    >>> goreleaser_command("goreleaser", ["release", "--clean"], {}, 1, "") is None
    True
    """
    if tool == "go":
        module = next(
            (index for index, word in enumerate(arguments) if word.startswith(_MODULE)), None
        )
        if arguments[:1] != ["run"] or module is None:
            return None
        arguments = arguments[module + 1 :]
    elif tool != "goreleaser":
        return None
    config: str | None = None
    verb: str | None = None
    index = 0
    while index < len(arguments):
        word = arguments[index]
        option, equals, value = word.partition("=")
        if option in ("-f", "--config"):
            if not equals:
                index += 1
                value = arguments[index] if index < len(arguments) else ""
            config = value
        elif word in _VALUED:
            index += 1
        elif not word.startswith("-") and verb is None and UNKNOWN not in word:
            verb = word  # (a word a run decides, `${{ env.flags }}`, is taken for a flag's)
        index += 1
    if verb not in (None, "release") or not config:
        return None
    known = sorted(
        (name, plain_text(value))
        for name, value in environment.items()
        if UNKNOWN not in plain_text(value)
    )
    return ShellBuild(
        line, VERB, VERB, (), dockerfile=config, args=known, workdir=workdir,
        decided=UNKNOWN not in plain_text(config),
    )  # fmt: skip


def goreleaser_builds(
    build: ShellBuild, site: BuildSite, start: str | None
) -> tuple[list[BuildConfig], list[BuiltImage]]:
    """The builds and built names of the GoReleaser run ``build`` (see the module), in a
    shell started in directory ``start`` (``None``: a run decides); ``site`` is the
    command's (the builds are at the configuration's lines, as GoReleaser's own)."""
    from ..discover import GORELEASER_FILE_NAMES
    from .goreleaser import read_goreleaser

    written = build.dockerfile
    if build.verb != VERB or not written or not build.decided:
        return [], []
    directory = place(start, build.workdir, "")
    path = place(start, build.workdir, written)
    if directory is None or path is None or not os.path.isfile(path):
        return [], []
    here = os.path.normpath(os.path.dirname(path) or os.curdir)
    if os.path.basename(path) in GORELEASER_FILE_NAMES and here == os.path.normpath(directory):
        return [], []  # (GoReleaser's own file where it runs: the project's, read as such)
    del site  # (GoReleaser's entries are where the file writes them)
    found = read_goreleaser(path, environment=dict(build.args), directory=directory)
    return list(found.builds), list(found.built)
