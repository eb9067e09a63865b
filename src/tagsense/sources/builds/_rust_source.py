"""What the readers of Rust sources share: the text without its comments, and the ``&str``
constants a file declares with a string literal.

Nothing is compiled: a source is a sequence of comments, double-quoted literals and the rest
(a single quote is a character's or a lifetime's, ``'a``, and opens no string).
"""

from __future__ import annotations

from ..._lazy import lazy_pattern, once
from ._source_code import literal_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re

    from ._source_code import Written

__all__ = ["DOUBLE", "constants", "elements", "tokens", "without_comments"]

#: A double-quoted literal on one line.
DOUBLE = r'"(?:\\.|[^"\\\n])*"'


def without_comments(text: str) -> str:
    """``text`` with its ``//`` and ``/* */`` comments blanked (line breaks kept): offsets do
    not move, and a ``//`` inside a string is no comment."""
    return tokens().sub(_blank, text)


def constants(code: str) -> dict[str, Written]:
    """The ``&str`` constants and statics ``code`` declares once, with a literal
    (``const IMAGE: &str = "minio/minio";``, ``pub(crate) static TAG: &'static str = "1";``).

    >>> constants('const A: &str = "a";\\npub static B: &\\'static str = "b";')
    {'A': ('a', 16), 'B': ('b', 50)}
    """
    found: dict[str, Written | None] = {}
    for match in _DECLARATIONS.finditer(code):
        name = match["name"]
        written = literal_text(match["literal"], match.start("literal"))
        found[name] = None if name in found else written  # (declared twice: which one?)
    return {name: written for name, written in found.items() if written is not None}


def elements(code: str, opening: int) -> tuple[list[tuple[str, int]], int]:
    """The elements of the call's arguments or the array whose ``(`` or ``[`` is at
    ``opening`` (each one's text, stripped, and offset; split at the commas outside brackets
    and literals), and the offset of the bracket that closes it (the text's end when none
    does).

    >>> elements('f("a, b", [1, 2], x) + 1', 1)
    ([('"a, b"', 2), ('[1, 2]', 10), ('x', 18)], 19)
    """
    found: list[tuple[str, int]] = []
    depth, start, index = 0, opening + 1, opening + 1
    while index < len(code):
        char = code[index]
        if char == '"':
            literal = _LITERAL.match(code, index)
            index = literal.end() if literal is not None else len(code)
            continue
        if char in "([{":
            depth += 1
        elif char in ")]}" and depth > 0:
            depth -= 1
        elif char in ")]}" or (char == "," and depth == 0):
            text = code[start:index]
            if text.strip():
                found.append((text.strip(), start + len(text) - len(text.lstrip())))
            if char != ",":
                return found, index
            start = index + 1
        index += 1
    return found, len(code)


def _blank(match: re.Match[str]) -> str:
    found = match[0]
    if found.startswith(("//", "/*")):
        return "".join(char if char == "\n" else " " for char in found)
    return found


@once
def tokens() -> re.Pattern[str]:
    """Comments, and the string literals a comment's marks may appear in."""
    import re

    return re.compile(r'//[^\n]*|/\*[\s\S]*?(?:\*/|\Z)|"(?:\\.|[^"\\])*"')


_LITERAL = lazy_pattern(r'"(?:\\.|[^"\\])*"')


_DECLARATIONS = lazy_pattern(
    r"(?m)^[ \t]*(?:pub(?:\([\w:]+\))?\s+)?(?:const|static)\s+(?P<name>[A-Z_][A-Z0-9_]*)"
    rf"\s*:\s*&\s*(?:'static\s+)?str\s*=\s*(?P<literal>{DOUBLE})\s*;"
)
