"""``pyproject.toml``: the images the scripts of Python's task runners build and pull.

A Python project keeps its commands in ``pyproject.toml`` for one of its task runners, run
from the file's directory: Hatch's ``[tool.hatch.envs.ENV.scripts]`` (``hatch run
rabbitmq``), poethepoet's ``[tool.poe.tasks]`` (``poe NAME``), PDM's ``[tool.pdm.scripts]``
(``pdm run NAME``) and taskipy's ``[tool.taskipy.tasks]`` (``task NAME``). pika/pika's::

    [tool.hatch.envs.default.scripts]
    rabbitmq = "docker run --name pika-rabbitmq --pull always … rabbitmq:management-alpine"

starts the broker its tests talk to (missed before, survey 29b). A script is a command line
(a string), a list of them (Hatch; a poe or PDM sequence), or a table whose ``cmd`` or
``shell`` is one (a ``cmd`` list is its words); each is read as a Makefile recipe's line is
(:mod:`.shell`): the names its build commands give are the project's built images, and the
images its ``docker run``/``pull`` commands pull are occurrences of kind ``shell`` at the
image's line, ``context`` ``tool`` (the runner), ``engine`` and ``verb``. A command that names
another script (Hatch's, poe's ``ref``) says nothing more here. Nothing here raises.
"""

from __future__ import annotations

import os
import shlex
from types import MappingProxyType

from ..discover import PYPROJECT_FILE_NAME, names_task_runner
from ._common import read_text
from ._shell_values import MAX_BYTES
from .shell import ShellReader, built_by, may_build, may_pull, pulls_scan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from ...occurrence import Occurrence, Suppression
    from ..project import BuildFile
    from ._shell_values import ShellBuild, ShellPull

__all__ = ["PYPROJECT_FILE_NAME", "read_pyproject"]

#: The runners' tables, in ``[tool]``: where their scripts are.
_RUNNERS = ("hatch", "poe", "pdm", "taskipy")
#: The keys of a script's table that hold its command (poe's ``cmd``/``shell``, PDM's too,
#: taskipy's ``cmd``) or its commands (a ``sequence``, a ``composite``).
_COMMAND_KEYS = ("cmd", "shell")
_SEQUENCE_KEYS = ("sequence", "composite")


def read_pyproject(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The images the task runners' scripts in the ``pyproject.toml`` at ``path`` build
    (``BuildSite`` tool: the runner) and pull (its ``scan``). A file that cannot be read, is
    larger than ``max_bytes``, or is no TOML says nothing here; never raises."""
    from ...occurrence import Scan
    from ..project import BuildFile

    text = read_text(path, max_bytes)
    if not isinstance(text, str):
        return BuildFile(path=path)
    data = text.encode()
    if not names_task_runner(data):
        return BuildFile(path=path)  # (a quick look: most name no task runner's table)
    building, pulling = may_build(data), may_pull(data)
    if not (building or pulling):
        return BuildFile(path=path)
    import tomllib

    try:
        document = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError):
        return BuildFile(path=path)
    lines = text.split("\n")
    builds: list[ShellBuild] = []
    found: list[Occurrence] = []
    suppressions: list[Suppression] = []
    runners: dict[str, None] = {}  # (those whose scripts build)
    for runner, command in simple_commands(document):
        line = _line_of(lines, command)
        reader = ShellReader(pulls=pulling)
        built = [build.at(line) for build in reader.read(command, line)]
        if built:
            builds.extend(built)
            runners[runner] = None
        if reader.pulls:
            pulls: list[tuple[ShellPull, Mapping[str, object]]] = [
                (pull, _NO_CONTEXT) for pull in reader.pulls
            ]
            scan = pulls_scan(path, lines, runner, pulls)
            found.extend(scan.occurrences)
            if not suppressions:
                suppressions.extend(scan.suppressions)
    # (the site names the runner whose script builds; scripts of several: the file's)
    tool = next(iter(runners)) if len(runners) == 1 else "pyproject"
    result = built_by(builds, tool, path, os.path.dirname(path))
    if found:
        result.scan = Scan(found, (), suppressions)
    return result


#: What a pull adds to its context (nothing: the runner, engine and verb are there).
_NO_CONTEXT: Mapping[str, object] = MappingProxyType({})


def simple_commands(document: Mapping[str, object]) -> Iterator[tuple[str, str]]:
    """Each command line of the runners' scripts, with its runner."""
    tool = document.get("tool")
    if not isinstance(tool, dict):
        return
    for runner in _RUNNERS:
        table = tool.get(runner)
        if not isinstance(table, dict):
            continue
        if runner == "hatch":
            environments = table.get("envs")
            scripts = [
                environment.get("scripts")
                for environment in (environments.values() if isinstance(environments, dict) else ())
                if isinstance(environment, dict)
            ]
        else:
            scripts = [table.get("tasks" if runner in ("poe", "taskipy") else "scripts")]
        for group in scripts:
            if isinstance(group, dict):
                for script in group.values():
                    yield from ((runner, command) for command in _script_commands(script))


def _script_commands(script: object) -> Iterator[str]:
    """The command lines of one script: a string, a list of them, or a table that holds one."""
    if isinstance(script, str):
        yield script
    elif isinstance(script, list):
        for item in script:
            yield from _script_commands(item)
    elif isinstance(script, dict):
        for key in _COMMAND_KEYS:
            value = script.get(key)
            if isinstance(value, list) and all(isinstance(word, str) for word in value):
                yield shlex.join(value)  # (PDM's cmd as its words)
            elif isinstance(value, str):
                yield value
        for key in _SEQUENCE_KEYS:
            yield from _script_commands(script.get(key))


def _line_of(lines: list[str], command: str) -> int:
    """The line a command is written on: the first that holds its first line (TOML keeps no
    positions; a multi-line string's command starts on a line of its own)."""
    first = next((part.strip() for part in command.split("\n") if part.strip()), "")
    if first:
        for number, line in enumerate(lines, 1):
            if first in line:
                return number
        words = [word.strip("'") for word in first.split()]
        for number, line in enumerate(lines, 1):
            if all(word in line for word in words):
                return number  # (a list of words, or escapes in the string: the words are)
    return 1
