"""What several reports share: paths relative to the root, stable fingerprints."""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from os import PathLike

__all__ = ["STDIN", "fingerprints", "posix", "relative", "shown_path"]

#: The path of text read from standard input without ``--stdin-filename``.
STDIN = "-"


def relative(path: str, root: str | PathLike[str] | None) -> str | None:
    """``path`` relative to ``root`` when it is under it (native separators), else ``None``.

    Lexical only (``os.path.abspath``, no symbolic links followed): reports do
    not touch the file system. ``-`` (standard input without a name) is no file.
    """
    if root is None or path == STDIN:
        return None
    try:
        inside = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    except ValueError:  # another drive (Windows)
        return None
    if inside == os.pardir or inside.startswith(os.pardir + os.sep):
        return None
    return inside


def shown_path(path: str, root: str | PathLike[str] | None) -> str:
    """The path a report shows: relative to ``root`` when under it, else as found."""
    inside = relative(path, root)
    return path if inside is None else inside


def posix(path: str) -> str:
    """``path`` with ``/`` separators (as CI systems and URIs want them)."""
    return path.replace(os.sep, "/") if os.sep != "/" else path


def fingerprints(keys: Iterable[tuple[str, ...]]) -> list[str]:
    """A stable hex fingerprint for each key, unique within the report.

    A key is what identifies a finding (code, path relative to the root,
    reference): neither the line nor the message, so that a finding keeps its
    fingerprint when lines move or a message is reworded. Equal keys (the same
    reference twice in one file) are told apart by their ordinal, 1 for the
    first: GitLab keeps only one issue per fingerprint. SHA-256, cut to 32 hex
    digits (the length of an MD5, which FIPS-mode Pythons refuse).
    """
    import hashlib

    seen: dict[tuple[str, ...], int] = {}
    result = []
    for key in keys:
        ordinal = seen[key] = seen.get(key, 0) + 1
        text = "\0".join((*key, str(ordinal)))
        result.append(hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32])
    return result
