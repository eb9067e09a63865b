"""Compose files a script moves into place: ``mv``/``cp`` of a compose file (or of a directory
holding one) to where a later compose command finds its file.

cortezaproject/corteza's e2e workflow runs ``mv ./.github/workflows/assets/docker-compose.yaml
./`` in one step and ``docker compose run -d --name backend backend`` in a later one: compose
finds ``docker-compose.yaml`` in its working directory (compose-go's ``DefaultFileNames``, the
first found) and reads the moved file, with the job's ``GO_VERSION``. A command's ``-f PATH``
at the place a file was moved to reads the moved file too. The project directory stays where
the command looks (the directory of its first file, or its working directory: docs.docker.com
/compose/how-tos/project-name/ and ``--project-directory``), so its ``.env`` is the one there.

The paths are kept from where the session started (``cwd`` joined), as ``ShellReader.cwd``
names directories; a path a run decides, or a move made where a run decides, is not kept.
"""

from __future__ import annotations

import os

from ._engine_commands import known

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from ._compose_cmd import ShellCompose

__all__ = ["moved_compose", "moves_of"]

#: The files compose reads without ``-f``, in the order it looks for them (as ``..project``).
_DEFAULT_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")

#: ``cp``'s and ``mv``'s options that take a value (``-t DIR``: the target directory;
#: ``-S SUFFIX``); the others take none.
_VALUES = frozenset({"-t", "--target-directory", "-S", "--suffix"})


def moves_of(
    arguments: list[str], cwd: str | None, is_directory: Callable[[str], bool]
) -> list[tuple[str, str]]:
    """The ``(source, place)`` pairs a ``mv``/``cp`` with these (expanded) arguments makes,
    both from where the session started: ``place`` is where ``source`` is afterwards. The last
    operand is a directory when it is one here (``is_directory``), ends in ``/``, is ``.``, or
    more than one source is given; else the new name of the one source.

    >>> moves_of(["./a/docker-compose.yaml", "./"], "", lambda _: False)
    [('a/docker-compose.yaml', 'docker-compose.yaml')]
    >>> moves_of(["-f", "ci/compose.ci.yml", "compose.yaml"], "sub", lambda _: False)
    [('sub/ci/compose.ci.yml', 'sub/compose.yaml')]
    >>> moves_of(["a.yml", chr(0xE000)], "", lambda _: False)  # (a run's value)
    []
    """
    if cwd is None:
        return []
    operands: list[str] = []
    target: str | None = None
    index = 0
    while index < len(arguments):
        word = arguments[index]
        index += 1
        if word == "--":
            operands.extend(arguments[index:])
            break
        if word.startswith("--target-directory="):
            target = word.partition("=")[2]
        elif word in _VALUES:
            value = arguments[index] if index < len(arguments) else ""
            index += 1
            if word in ("-t", "--target-directory"):
                target = value
        elif not word.startswith("-") or word == "-":
            operands.append(word)
    if target is None:
        if len(operands) < 2:
            return []
        *sources, last = operands
    else:
        sources, last = operands, target
    if not sources or any(known(word) != word for word in (*sources, last)):
        return []  # (a path a run decides)
    destination = os.path.normpath(os.path.join(cwd, last))
    into = (
        target is not None
        or len(sources) > 1
        or last.endswith("/")
        or os.path.basename(destination) in (".", "..", "")
        or last in (".", "..")
        or is_directory(destination)
    )
    moves: list[tuple[str, str]] = []
    for source in sources:
        path = os.path.normpath(os.path.join(cwd, source))
        if any(os.path.isabs(where) or where.startswith("..") for where in (path, destination)):
            continue  # (outside the start, the machine's: not the project's)
        place = os.path.join(destination, os.path.basename(path)) if into else destination
        moves.append((path, os.path.normpath(place)))
    return moves


def moved_compose(
    found: ShellCompose,
    moves: list[tuple[str, str]],
    is_file: Callable[[str], bool],
) -> ShellCompose:
    """``found`` as it reads the files ``moves`` (earlier ``mv``/``cp``, in order) put where it
    looks: its default file in its working directory, or a ``-f`` file (see the module).
    ``is_file`` says whether a path from the start is a file of the project (for a directory
    moved whole, which of compose's default names it holds). ``found`` itself when no move
    puts a file there."""
    workdir = found.workdir
    if workdir is None or os.path.isabs(workdir) or not moves or found.partial or found.anchored:
        return found
    if found.files:
        files = [
            _source_of(os.path.normpath(os.path.join(workdir, file)), moves) for file in found.files
        ]
        if all(file is None for file in files):
            return found
        written = tuple(
            file if source is None else os.path.relpath(source, workdir or ".")
            for file, source in zip(found.files, files, strict=True)
        )
        project = found.project_directory
        if project is None:
            project = os.path.dirname(found.files[0]) or "."
        return _with(found, written, project)
    for name in _DEFAULT_NAMES:
        here = os.path.normpath(os.path.join(workdir, name))
        source = _source_of(here, moves)
        if source is None and is_file(here):
            return found  # (compose finds the project's own file first)
        if source is not None and is_file(source):
            project = found.project_directory if found.project_directory is not None else "."
            return _with(found, (os.path.relpath(source, workdir or "."),), project)
    return found


def _source_of(path: str, moves: list[tuple[str, str]]) -> str | None:
    """The project's file at ``path`` after ``moves``: the last move that puts one there (a
    file, or a directory holding it), followed back through the moves before it."""
    for index in range(len(moves) - 1, -1, -1):
        source, place = moves[index]
        if path == place:
            found = source
        elif path.startswith(place + "/"):
            found = os.path.join(source, path[len(place) + 1 :])
        else:
            continue
        return _source_of(found, moves[:index]) or found
    return None


def _with(found: ShellCompose, files: tuple[str, ...], project: str) -> ShellCompose:
    """``found`` reading ``files`` (from its working directory), its project directory
    ``project``."""
    from ._compose_cmd import ShellCompose

    moved = ShellCompose.__new__(ShellCompose)
    for slot in ShellCompose.__slots__:
        setattr(moved, slot, getattr(found, slot))
    moved.files = files
    moved.project_directory = project
    return moved
