"""What several reports share: paths relative to the root, stable fingerprints."""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from os import PathLike

    from ..policy.finding import Finding

__all__ = [
    "STDIN",
    "fingerprints",
    "posix",
    "read_several_ways",
    "relative",
    "shown_path",
    "telling_readings_apart",
]

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


def read_several_ways(findings: Iterable[Finding]) -> frozenset[tuple[str, int, int | None]]:
    """The places (path, line, column) whose findings are about more than one reference.

    One written reference can stand for several: a Dockerfile built by several
    configurations, a CI image from a matrix (``image: ${{ matrix.db }}``), a
    template job's image with each job's variables. Each gives its own findings,
    and their messages can read the same (``mysql:8.0`` and ``percona:8.0`` are
    both "floating minor version '8.0'"): a report for people names the reference
    of each finding there, so that no two of its lines look alike.
    """
    seen: dict[tuple[str, int, int | None], str] = {}
    several: set[tuple[str, int, int | None]] = set()
    for finding in findings:
        if finding.path is None or finding.line is None:
            continue
        place = (finding.path, finding.line, finding.column)
        if seen.setdefault(place, finding.reference) != finding.reference:
            several.add(place)
    return frozenset(several)


def telling_readings_apart(
    finding: Finding, several: frozenset[tuple[str, int, int | None]]
) -> str:
    """The finding's message, led by ``[reference]`` where its place is read several ways
    (see :func:`read_several_ways`). A reading that resolves to no reference (TS011's
    ``${ATOM_IMAGE}``, which a script also gives a value) quotes what it is about in its
    message already: an empty ``[]`` would tell nothing."""
    if finding.reference and (finding.path, finding.line, finding.column) in several:
        return f"[{finding.reference}] {finding.message}"
    return finding.message
