"""Testcontainers for Rust: the images a Rust project's tests start.

`testcontainers-rs <https://rust.testcontainers.org/>`_ starts the containers a test needs
(``GenericImage::new("redis", "7.2.4").start().await``) and pulls their images when
``cargo test`` runs it: apache/iggy's connector tests start 13 images so. A Rust source that
says ``testcontainers`` is read for the images the library's API is given, and only those:

* ``GenericImage::new(NAME, TAG)``: the image ``NAME:TAG``, where each is a string literal or a
  constant the file declares with one (``const MINIO_IMAGE: &str = "minio/minio";``, also
  ``pub``, ``pub(crate)`` and ``static``).

A module's own image (``Postgres::default()`` of testcontainers-modules) is the crate's, not
the file's, and is not guessed; a name made at run time (``format!``, a parameter, an
environment variable) is not read. Each image is an :class:`~tagsense.sources.Occurrence` of
kind ``"testcontainers"`` at the name's literal (where the file writes it, once), with
``context`` ``tool`` (``testcontainers``) and ``call`` (``GenericImage::new``). Comments are
not read. ``.rust`` reads the sources.

>>> from tagsense.sources.builds._rust_source import constants
>>> code = '''use testcontainers::GenericImage;
... const TAG: &str = "7.2.4";
... let redis = GenericImage::new("redis", TAG).start().await?;'''
>>> [(o.text, o.line, o.column) for o in generic_images(code, None, constants(code))]
[('redis:7.2.4', 3, 32)]
"""

from __future__ import annotations

from ..._lazy import once
from ...occurrence import Occurrence
from ._rust_source import DOUBLE
from ._source_code import line_and_column, literal_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re

    from ._source_code import Written

__all__ = ["KIND", "MARKER", "generic_images"]

#: The ``kind`` of the occurrences (that of the other languages' Testcontainers too).
KIND = "testcontainers"
#: What a source that uses the library says (its crate's name, in a ``use``).
MARKER = "testcontainers"

_TOOL = "testcontainers"
_CALL = "GenericImage::new"


def generic_images(code: str, path: str | None, constants: dict[str, Written]) -> list[Occurrence]:
    """The images ``code`` (a source without its comments) starts as ``GenericImage``s, given
    the file's ``constants`` (see the module)."""
    if MARKER not in code or _CALL not in code:
        return []
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
    return list(found.values())


def _value(match: re.Match[str], group: str, constants: dict[str, Written]) -> Written | None:
    """What an argument of the call says: its literal's text, or the constant's it names."""
    literal = match[f"{group}_literal"]
    if literal is not None:
        return literal_text(literal, match.start(f"{group}_literal"))
    return constants.get(match[f"{group}_constant"])


@once
def _calls() -> re.Pattern[str]:
    import re

    def argument(group: str) -> str:
        constant = rf"(?:[A-Za-z_]\w*::)*(?P<{group}_constant>[A-Z_][A-Z0-9_]*)"
        return rf"(?:(?P<{group}_literal>{DOUBLE})|{constant})"

    return re.compile(
        rf"\bGenericImage\s*::\s*new\s*\(\s*{argument('name')}\s*,\s*{argument('tag')}\s*,?\s*\)"
    )
