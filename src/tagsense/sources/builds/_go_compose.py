"""The compose files a Go test starts: testcontainers-go's compose module, rudderlabs' compose-test.

Two libraries run ``docker compose up`` on the files a Go test gives them, when ``go test``
runs it, so the images of those files are pulled (they are no test's input data):

* testcontainers-go's ``modules/compose``: ``compose.NewDockerCompose(FILE, …)``,
  ``compose.NewDockerComposeWith(compose.WithStackFiles(FILE, …))`` and the older
  ``compose.NewLocalDockerCompose([]string{FILE, …}, ID)``;
* `compose-test <https://github.com/rudderlabs/compose-test>`_:
  ``testcompose.New(t, compose.FilePaths([]string{FILE, …}))``. rudderlabs/rudder-server's
  warehouse tests start 14 compose files of their ``testdata/`` so (``zookeeper``,
  ``clickhouse``, ``mssql``, ``trino``…).

Each call is a :class:`~tagsense.sources.project.ComposeRun` of the files it names (tool
``go-test``, at the call), joined onto the package's directory, where ``go test`` runs. A file
is read when the source says what it is (a literal, or a constant or name the function assigns
once so: see ``._go_source``); a call with one file only a run knows gives nothing.
"""

from __future__ import annotations

import os

from ..._lazy import lazy_pattern, once

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Mapping

    from ..project import ComposeRun
    from ._go_source import GoFile, Value

__all__ = ["MARKERS", "compose_runs"]

#: The packages (their import paths) whose calls run compose files.
_PACKAGES = {
    "github.com/testcontainers/testcontainers-go/modules/compose": "testcontainers-go",
    "github.com/rudderlabs/compose-test/compose": "compose-test",
}
#: What a Go source that imports one says (see ``..discover``'s quick look).
MARKERS = (
    b'"github.com/testcontainers/testcontainers-go/modules/compose"',
    b'"github.com/rudderlabs/compose-test/compose"',
)
#: The ``site`` tool of the runs, and the command each stands for.
TOOL = "go-test"
_COMMAND = "docker compose up"
#: The calls of each library that are given compose files: each argument a file, or
#: (``True``) a ``[]string{…}`` of them as the first argument.
_CALLS = {
    "testcontainers-go": {
        "NewDockerCompose": False,
        "WithStackFiles": False,
        "NewLocalDockerCompose": True,
    },
    "compose-test": {"FilePaths": True},
}


def compose_runs(file: GoFile, known: Mapping[str, Value]) -> list[ComposeRun]:
    """The compose commands the Go source ``file`` runs through the libraries (see the
    module); ``known``: its package's values."""
    from ...occurrence import BuildSite
    from ..project import ComposeRun
    from ._go_source import arguments, import_spec, resolve

    if file.path is None:
        return []
    aliases = {}
    for match in import_spec().finditer(file.code):
        library = _PACKAGES.get(match["path"])
        if library is not None and match["alias"] not in ("_", "."):
            aliases[match["alias"] or "compose"] = library
    if not aliases:
        return []
    directory = os.path.dirname(file.path)
    runs = []
    for match in _call().finditer(file.code):
        library = aliases.get(match["qualifier"])
        listed = _CALLS.get(library or "", {}).get(match["name"])
        if listed is None:
            continue
        scope = next((span for span in file.functions if span[0] <= match.start() < span[1]), None)
        given = arguments(file.code, match.end() - 1)
        if listed:
            given = _listed(file.code, given[0]) if given else []
        files: list[str] = []
        for text, at in given:
            value = resolve(file, text, at, scope, known)
            if value is None or not value.text.strip():
                files = []
                break  # (a file a run names: what the others leave unresolved is its)
            files.append(os.path.normpath(os.path.join(directory, value.text.strip())))
        if files:
            line = file.code.count("\n", 0, match.start()) + 1
            site = BuildSite(TOOL, file.path, line)
            runs.append(ComposeRun(site=site, command=_COMMAND, files=files))
    return runs


def _listed(code: str, argument: tuple[str, int]) -> list[tuple[str, int]]:
    """The elements of a ``[]string{…}`` argument (none when it is anything else)."""
    from ._go_source import arguments

    text, at = argument
    head = _STRING_SLICE.match(text)
    if head is None:
        return []
    return arguments(code, at + head.end() - 1)


@once
def _call() -> re.Pattern[str]:
    """``QUALIFIER.NAME(`` of the calls that are given compose files."""
    import re

    names = "|".join(sorted({name for calls in _CALLS.values() for name in calls}))
    return re.compile(rf"(?<![\w.])(?P<qualifier>[A-Za-z_]\w*)\s*\.\s*(?P<name>{names})\s*\(")


#: ``[]string{`` at an argument's start.
_STRING_SLICE = lazy_pattern(r"\s*\[\]\s*string\s*\{")
