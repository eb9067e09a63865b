"""What the readers of build tools' files share: reading a file, joining paths, the limits."""

from __future__ import annotations

import os
from contextvars import ContextVar

from ..._lazy import lazy_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TypeVar

    from ...occurrence import Scan, SourceError
    from ..project import BuildFile

    T = TypeVar("T")

__all__ = [
    "BAKE_FILE_NAMES",
    "KO_FILE_NAMES",
    "KO_PREFIX",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_FILES",
    "SKAFFOLD_FILE_NAMES",
    "TILTFILE_NAME",
    "directory_of",
    "is_remote",
    "join",
    "read_as",
    "read_text",
]

# (The names each tool reads are facts about the project, kept with its other values:
# a one-file check looks them up without importing the readers.)
from ..project import BAKE_FILE_NAMES, KO_FILE_NAMES, SKAFFOLD_FILE_NAMES, TILTFILE_NAME  # noqa: E402

#: What starts the name of an image ko builds, in a manifest.
KO_PREFIX = "ko://"

#: Files larger than this are refused (configurable per call).
MAX_BYTES = 10 * 1024 * 1024

#: The most files one reading follows (Skaffold ``requires``, Tilt ``load``/``include``).
MAX_FILES = 200

#: The most levels of files naming files (a chain of ``requires`` or ``load``).
MAX_DEPTH = 32


#: A URL with a scheme (``https://``, ``git://``), or git's ``user@host:path`` form.
_REMOTE = lazy_pattern(r"[A-Za-z][A-Za-z0-9+.-]*://|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:")


def is_remote(text: str) -> bool:
    """Whether a build context or file is not a local path (a URL, a Git address).

    >>> is_remote("https://github.com/acme/app.git"), is_remote("git@github.com:acme/app")
    (True, True)
    >>> is_remote("./services/api")
    False
    """
    return _REMOTE.match(text) is not None


def join(base: str, path: str) -> str:
    """``path`` as a tool resolves it from directory ``base`` (normalised; absolute kept)."""
    return os.path.normpath(os.path.join(base, path)) if base else os.path.normpath(path)


def directory_of(path: str) -> str:
    """The directory a file's relative paths start from (``""`` for a bare name)."""
    return os.path.dirname(path)


def read_text(path: str, max_bytes: int) -> str | SourceError:
    """A file's text (UTF-8, a byte order mark dropped), or the one error that says why not
    (what every source reads files with: :func:`tagsense.sources.find.read_text`); the text
    given for it, while :func:`read_as` reads it."""
    given = _GIVEN.get()
    if given is not None and os.path.abspath(path) == given[0]:
        return given[1]
    from ..find import read_text as read

    return read(path, max_bytes)


def read_built(path: str, max_bytes: int, read: Callable[..., BuildFile]) -> BuildFile:
    """A build file: what ``read(text, path=path)`` makes of its text, or the one error that
    says why it cannot be read (never raises)."""
    from ...occurrence import Scan, SourceError
    from ..project import BuildFile

    text = read_text(path, max_bytes)
    if isinstance(text, SourceError):
        return BuildFile(scan=Scan(errors=(text,)), path=path)
    return read(text, path=path)


def read_scanned(path: str, max_bytes: int, scan: Callable[..., Scan]) -> BuildFile:
    """A source's build file: what ``scan(text, path=path)`` finds in its text, or the one
    error that says why it cannot be read (never raises)."""
    from ..project import BuildFile

    def built(text: str, *, path: str) -> BuildFile:
        return BuildFile(scan=scan(text, path=path), path=path)

    return read_built(path, max_bytes, built)


def toml_error(error: ValueError, path: str | None) -> SourceError:
    """The error of a file ``tomllib`` refuses, at the line its message names (its
    ``lineno`` is Python 3.14's)."""
    import re

    from ...occurrence import SourceError

    message = str(error)
    where = re.search(r" \(at line (\d+), column \d+\)$", message)
    line = int(where[1]) if where else None
    text = message[: where.start()] if where else message
    return SourceError(path, line, f"not valid TOML: {text}")


#: The text a file is read as instead of its own (standard input), while read_as runs.
_GIVEN: ContextVar[tuple[str, str] | None] = ContextVar("tagsense_given_text", default=None)


def read_as(path: str, text: str, read: Callable[[], T]) -> T:
    """``read()``, with the file ``path`` read as ``text`` (a build file given on standard
    input: the files it names are still read from where it says it is)."""
    token = _GIVEN.set((os.path.abspath(path), text))
    try:
        return read()
    finally:
        _GIVEN.reset(token)
