"""Where a project starts: its configuration file, its repository.

Used by the configuration (the nearest ``.tagsense.toml`` wins), by the
sources (a file is read in its project's context) and by the reports (paths
from the repository's root). Plain ``os.path``: no ``pathlib``, no ``git``
process.
"""

from __future__ import annotations

import os

__all__ = ["find_config_file", "project_root", "repository_root", "within"]


def find_config_file(start: str | os.PathLike[str]) -> str | None:
    """The nearest ``.tagsense.toml``, or ``pyproject.toml`` with ``[tool.tagsense]``, upward.

    ``start`` is a file or a directory; the path found is absolute (symbolic links resolved).
    """
    directory = os.path.realpath(start)
    if not os.path.isdir(directory):
        directory = os.path.dirname(directory)
    while True:
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
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


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


def project_root(start: str | os.PathLike[str]) -> str | None:
    """The project ``start`` belongs to: its configuration file's directory, else its
    repository's top level, else ``None``."""
    config = find_config_file(start)
    if config is not None:
        return os.path.dirname(config)
    return repository_root(start)
