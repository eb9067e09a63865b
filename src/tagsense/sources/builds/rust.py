"""Rust sources: the images their tests and programs start.

A Rust source is read when it says ``testcontainers`` and ``GenericImage``, or makes a command
of ``docker`` or ``podman`` (a quick look first; see ``..discover``), once without its
comments, never compiled:

- testcontainers-rs's ``GenericImage::new(NAME, TAG)`` (``.testcontainers_rust``);
- the ``run``, ``create`` and ``pull`` commands ``std::process::Command`` (tokio's) is given
  (``.rust_commands``).

The reader never raises.
"""

from __future__ import annotations

from ...occurrence import Scan
from ._common import MAX_BYTES, read_scanned

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..project import BuildFile

__all__ = ["read_rust_source", "scan_rust_source"]


def read_rust_source(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The images the Rust source at ``path`` starts (never raises)."""
    return read_scanned(path, max_bytes, scan_rust_source)


def scan_rust_source(text: str, *, path: str | None = None) -> Scan:
    """:func:`read_rust_source` of a source's text."""
    from ._rust_source import constants, tokens, without_comments
    from ._source_code import comment_suppressions
    from .rust_commands import command_pulls
    from .testcontainers_rust import generic_images

    code = without_comments(text)
    found = [
        *generic_images(code, path, constants(code)),
        *command_pulls(text, code, path),
    ]
    if not found:
        return Scan()
    found.sort(key=lambda occurrence: (occurrence.line, occurrence.column))
    return Scan(found, (), comment_suppressions(text, tokens(), path))
