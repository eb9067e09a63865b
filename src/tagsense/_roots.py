"""Where a project starts: its configuration file, its repository (and the nearest directory
up for which a test holds: a Bazel workspace's, a Pants build root's).

Used by the configuration (the nearest ``.tagsense.toml`` wins), by the
sources (a file is read in its project's context) and by the reports (paths
from the repository's root). Plain ``os.path``: no ``pathlib``, no ``git``
process.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "BAZEL_ROOT_FILES",
    "PANTS_ROOT_FILE",
    "bazel_workspace_root",
    "config_file_in",
    "find_config_file",
    "forget_build_roots",
    "nearest_up",
    "pants_root",
    "repository_root",
    "within",
]

#: The files that mark a Bazel workspace's root (see ``.sources._bazel_workspace``).
BAZEL_ROOT_FILES = ("MODULE.bazel", "REPO.bazel", "WORKSPACE", "WORKSPACE.bazel")
#: The file that marks a Pants build root (see ``.sources._pants_targets``).
PANTS_ROOT_FILE = "pants.toml"
#: Each directory's Bazel workspace root and Pants build root (or ``None``), as climbed.
_BAZEL_ROOTS: dict[str, str | None] = {}
_PANTS_ROOTS: dict[str, str | None] = {}


def find_config_file(start: str | os.PathLike[str]) -> str | None:
    """The nearest ``.tagsense.toml``, or ``pyproject.toml`` with ``[tool.tagsense]``, upward.

    ``start`` is a file or a directory; the path found is absolute (symbolic links resolved).
    """
    directory = os.path.realpath(start)
    if not os.path.isdir(directory):
        directory = os.path.dirname(directory)
    while True:
        found = config_file_in(directory)
        if found is not None:
            return found
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def config_file_in(directory: str) -> str | None:
    """The configuration file of one directory: ``.tagsense.toml``, else a ``pyproject.toml``
    with ``[tool.tagsense]``; ``None`` when it has neither."""
    candidate = os.path.join(directory, ".tagsense.toml")
    if os.path.isfile(candidate):
        return candidate
    candidate = os.path.join(directory, "pyproject.toml")
    if os.path.isfile(candidate):
        try:
            with open(candidate, encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError):
            text = ""
        if "[tool.tagsense" in text:
            return candidate
    return None


def repository_root(start: str | os.PathLike[str]) -> str | None:
    """The top of the Git work tree ``start`` is in (a ``.git`` directory or file), or ``None``.

    The path is absolute, symbolic links resolved.
    """
    directory = os.path.realpath(start)
    if not os.path.isdir(directory):
        directory = os.path.dirname(directory)
    while True:
        if os.path.lexists(os.path.join(directory, ".git")):
            return directory
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def within(path: str, directory: str) -> bool:
    """Whether ``path`` is ``directory`` or inside it (both absolute and resolved)."""
    return path == directory or path.startswith(directory.rstrip(os.sep) + os.sep)


def nearest_up(
    directory: str, memo: dict[str, str | None], here: Callable[[str], bool]
) -> str | None:
    """The nearest directory from ``directory`` up for which ``here`` holds; ``memo`` keeps
    the answer for each directory climbed (the files of one tree ask about the same ones)."""
    climbed: list[str] = []
    found: str | None = None
    current = directory
    while True:
        if current in memo:
            found = memo[current]
            break
        climbed.append(current)
        if here(current):
            found = current
            break
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    for step in climbed:
        memo[step] = found
    return found


def bazel_workspace_root(directory: str) -> str | None:
    """The nearest directory from ``directory`` up that holds a Bazel workspace file
    (memoised until :func:`forget_build_roots`)."""
    return nearest_up(directory, _BAZEL_ROOTS, _holds_bazel_workspace_file)


def _holds_bazel_workspace_file(directory: str) -> bool:
    return any(os.path.isfile(os.path.join(directory, name)) for name in BAZEL_ROOT_FILES)


def pants_root(directory: str) -> str | None:
    """The nearest directory from ``directory`` up that holds ``pants.toml`` (memoised until
    :func:`forget_build_roots`)."""
    return nearest_up(directory, _PANTS_ROOTS, _holds_pants_file)


def _holds_pants_file(directory: str) -> bool:
    return os.path.isfile(os.path.join(directory, PANTS_ROOT_FILE))


def forget_build_roots() -> None:
    """Start afresh: each scan climbs the tree as it is when it starts."""
    _BAZEL_ROOTS.clear()
    _PANTS_ROOTS.clear()
