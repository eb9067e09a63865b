"""``package.json``: the images the ``scripts`` that npm, yarn and pnpm run build and pull.

Each value of ``scripts`` is a command line that ``npm run NAME`` gives a shell
(``sh -c``) in the package's directory. It is read as a Makefile recipe is
(:mod:`.shell`): the names its build commands give (``docker buildx build -t
acme/app:base .``) are the project's built images, the Dockerfile they build is fed
their build arguments and target, and the images its ``docker run``/``pull``/``create``
commands pull are occurrences of kind ``shell``, at the image's line and column in the
file. What npm puts in the environment (``$npm_package_version``) is a run's. A
``package.json`` under ``node_modules/`` is a dependency's: it builds nothing here.

A script that runs a script of the project by its path (``"docker-build":
"./var/docker/docker-build.sh"``, ``"test": "bash test/run.sh"``) runs it as a Makefile's
recipe does (see ``._runs``): from the package's directory, with the script's ``NAME=value``
prefix. When that script's text may build an image (an engine's build, a compose command),
what it builds is the project's (gitroomhq/postiz-app's ``docker-build.sh`` builds
``localhost/postiz-devcontainer``, the image its ``devcontainer.json`` names), and what it
pulls is read with ``run_by`` the ``package.json``; any other script is read where it is.
"""

from __future__ import annotations

import os

from ..discover import path_parts
from ._common import read_text
from ._runs import may_run
from ._shell_values import MAX_BYTES
from .shell import ShellReader, built_by, may_build, may_pull, word_position

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    from ...occurrence import Occurrence
    from .._jsonc import Value
    from ..project import BuildFile
    from ._compose_cmd import ShellCompose
    from ._shell_values import ShellBuild, ShellPull

__all__ = ["read_package_json"]


def read_package_json(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """What a ``package.json``'s ``scripts`` build (``BuildSite`` tool ``npm``) and pull (its
    ``scan``: kind ``shell``, ``context`` ``tool`` (``npm``), ``script``, ``engine``,
    ``verb``). A file that cannot be read, is larger than ``max_bytes``, or is no JSON says
    nothing here (npm reports it); never raises.
    """
    from ...occurrence import Scan
    from .._jsonc import get, members, parse_jsonc
    from ..project import BuildFile

    if "node_modules" in path_parts(path):
        return BuildFile(path=path)
    text = read_text(path, max_bytes)
    if not isinstance(text, str):
        return BuildFile(path=path)
    data = text.encode()
    runs = may_run(data)
    if not (may_build(data) or may_pull(data) or runs):  # (a quick look: most name no engine)
        return BuildFile(path=path)
    scripts = get(parse_jsonc(text, path=path).value, "scripts")
    lines = text.split("\n")
    builds: list[ShellBuild] = []
    composes: list[ShellCompose] = []
    found: list[Occurrence] = []
    seen: set[tuple[int, str]] = set()
    for name, _, value in members(scripts):
        if value.text is None:
            continue
        reader = ShellReader(pulls=True)  # (in the package's directory: cwd "")
        builds.extend(build.at(value.line) for build in reader.read(value.text))
        for compose in reader.composes:
            compose.line = value.line
        composes.extend(reader.composes)
        for pull in reader.pulls or ():
            if (value.line, pull.image) in seen:
                continue
            seen.add((value.line, pull.image))
            found.append(script_occurrence(path, lines, value, name, pull))
    result = built_by(builds, "npm", path, os.path.dirname(path), composes=composes)
    result.scan = Scan(found, ())
    return _with_scripts_run(result, path, members(scripts), max_bytes) if runs else result


def _with_scripts_run(
    found: BuildFile, path: str, scripts: Iterable[tuple[str, Value, Value]], max_bytes: int
) -> BuildFile:
    """``found`` with what the project's scripts that the ``scripts`` run build, pull and
    read, from the package's directory (see ``._runs``)."""
    from ..context import project_root
    from ._runs import Running, runs_in

    # (only those that may build: what they pull is read where they are, and a test's wrapper
    # script, run by each package of a workspace, costs a reading a package)
    running = Running(
        os.path.dirname(path) or os.curdir,
        project_root(path),
        file=path,
        max_bytes=max_bytes,
        builders_only=True,
    )
    for _, _, value in scripts:
        if value.text is not None and runs_in(value.text):
            ShellReader(running=running).read(value.text, value.line)
    return running.into(found)


def script_occurrence(
    path: str,
    lines: list[str],
    value: Value,
    script: str,
    pull: ShellPull,
    *,
    run_by: str | None = None,
) -> Occurrence:
    """An image a script pulls, where it is written in the string (a JSON string is one line;
    the text before the value is blanked, so that a key naming it too is not taken);
    ``run_by``: the file and line of the command that ran the script (see ``._runs``)."""
    from ...occurrence import Occurrence

    text = lines[value.line - 1] if 0 < value.line <= len(lines) else ""
    start = value.column - 1
    line = " " * start + text[start:]
    image = pull.image
    column = word_position([line], 1, 1, image, pull.lead)[1]
    context: dict[str, object] = {
        "tool": "npm",
        "script": script,
        "engine": pull.engine,
        "verb": pull.verb,
    }
    if run_by is not None:
        context["run_by"] = run_by
    return Occurrence.of_text(
        path=path,
        line=value.line,
        column=column,
        kind="shell",
        raw=image,
        text=image,
        context=context,
    )
