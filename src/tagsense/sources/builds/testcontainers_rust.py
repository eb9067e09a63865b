"""Testcontainers for Rust: the images a Rust project's tests start.

`testcontainers-rs <https://rust.testcontainers.org/>`_ starts the containers a test needs
(``GenericImage::new("redis", "7.2.4").start().await``) and pulls their images when
``cargo test`` runs it: apache/iggy's connector tests start 14 images so. A Rust source that
says ``testcontainers`` is read for the images the library's API is given, and only those:

* ``GenericImage::new(NAME, TAG)``: the image ``NAME:TAG``, where each is a string literal or a
  constant the file declares with one (``const MINIO_IMAGE: &str = "minio/minio";``, also
  ``pub``, ``pub(crate)`` and ``static``).

A module's own image (``Postgres::default()`` of testcontainers-modules) is the crate's, not
the file's, and is not guessed; a name made at run time (``format!``, a parameter, an
environment variable) is not read. Each image is an :class:`~tagsense.sources.Occurrence` of
kind ``"testcontainers"`` at the name's literal (where the file writes it, once), with
``context`` ``tool`` (``testcontainers``) and ``call`` (``GenericImage::new``). Comments are
not read, and the reader never raises.

>>> code = '''use testcontainers::GenericImage;
... const TAG: &str = "7.2.4";
... let redis = GenericImage::new("redis", TAG).start().await?;'''
>>> [(o.text, o.line, o.column) for o in scan_rust_source(code).occurrences]
[('redis:7.2.4', 3, 32)]
"""

from __future__ import annotations

from ..._lazy import once
from ...occurrence import Occurrence, Scan
from ._common import MAX_BYTES, read_scanned
from ._source_code import comment_suppressions, line_and_column, literal_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re

    from ..project import BuildFile
    from ._source_code import Written

__all__ = ["KIND", "MARKER", "read_rust_source", "scan_rust_source"]

#: The ``kind`` of the occurrences (that of the other languages' Testcontainers too).
KIND = "testcontainers"
#: What a source that uses the library says (its crate's name, in a ``use``).
MARKER = b"testcontainers"

_TOOL = "testcontainers"
_CALL = "GenericImage::new"


def read_rust_source(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The images the Rust source at ``path`` has Testcontainers pull (never raises)."""
    return read_scanned(path, max_bytes, scan_rust_source)


def scan_rust_source(text: str, *, path: str | None = None) -> Scan:
    """:func:`read_rust_source` of a source's text."""
    if MARKER.decode() not in text or _CALL not in text:
        return Scan()
    code = _without_comments(text)
    constants = _constants(code)
    found: dict[tuple[str, int], Occurrence] = {}
    for match in _calls().finditer(code):
        name = _value(match, "name", constants)
        tag = _value(match, "tag", constants)
        if name is None or tag is None:
            continue
        image, start = f"{name[0]}:{tag[0]}", name[1]
        if (image, start) in found:
            continue  # (a constant's image is reported once, where it is written)
        line, column, _ = line_and_column(code, start)
        found[image, start] = Occurrence.of_text(
            path=path,
            line=line,
            column=column,
            kind=KIND,
            raw=image,
            text=image,
            context={"tool": _TOOL, "call": _CALL},
        )
    occurrences = sorted(found.values(), key=lambda found: (found.line, found.column))
    return Scan(occurrences, (), comment_suppressions(text, _tokens(), path))


def _value(match: re.Match[str], group: str, constants: dict[str, Written]) -> Written | None:
    """What an argument of the call says: its literal's text, or the constant's it names."""
    literal = match[f"{group}_literal"]
    if literal is not None:
        return literal_text(literal, match.start(f"{group}_literal"))
    return constants.get(match[f"{group}_constant"])


def _constants(code: str) -> dict[str, Written]:
    """The ``&str`` constants and statics a source declares once, with a literal."""
    found: dict[str, Written | None] = {}
    for match in _declarations().finditer(code):
        name = match["name"]
        written = literal_text(match["literal"], match.start("literal"))
        found[name] = None if name in found else written  # (declared twice: which one?)
    return {name: written for name, written in found.items() if written is not None}


def _without_comments(text: str) -> str:
    """``text`` with its ``//`` and ``/* */`` comments blanked, offsets kept: a Rust lifetime
    (``'a``) is no literal."""
    return _tokens().sub(_blank, text)


def _blank(match: re.Match[str]) -> str:
    found = match[0]
    if found.startswith(("//", "/*")):
        return "".join(char if char == "\n" else " " for char in found)
    return found


@once
def _tokens() -> re.Pattern[str]:
    import re

    return re.compile(r'//[^\n]*|/\*[\s\S]*?(?:\*/|\Z)|"(?:\\.|[^"\\])*"')


@once
def _calls() -> re.Pattern[str]:
    import re

    def argument(group: str) -> str:
        constant = rf"(?:[A-Za-z_]\w*::)*(?P<{group}_constant>[A-Z_][A-Z0-9_]*)"
        return rf"(?:(?P<{group}_literal>{_DOUBLE})|{constant})"

    return re.compile(
        rf"\bGenericImage\s*::\s*new\s*\(\s*{argument('name')}\s*,\s*{argument('tag')}\s*,?\s*\)"
    )


@once
def _declarations() -> re.Pattern[str]:
    import re

    return re.compile(
        r"(?m)^[ \t]*(?:pub(?:\([\w:]+\))?\s+)?(?:const|static)\s+(?P<name>[A-Z_][A-Z0-9_]*)"
        rf"\s*:\s*&\s*(?:'static\s+)?str\s*=\s*(?P<literal>{_DOUBLE})\s*;"
    )


#: A double-quoted literal on one line (Rust's single quotes are characters and lifetimes).
_DOUBLE = r'"(?:\\.|[^"\\\n])*"'
