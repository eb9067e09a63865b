"""What the readers of program sources share (Testcontainers' JVM tests, Aspire's AppHosts): the
text without its comments, string literals and the constants a file declares with one.

Nothing runs and nothing is parsed as a language: a source is a sequence of comments, string
literals and the rest, and only what a library's API takes as an image is read from it.
"""

from __future__ import annotations

from ..._lazy import lazy_pattern, once
from ..._offsets import line_column

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re

    from ...occurrence import Suppression

__all__ = [
    "LITERAL",
    "Written",
    "blank_comments",
    "blank_literals",
    "closing_brace",
    "comment_suppressions",
    "line_and_column",
    "literal_text",
    "slash_comment_suppressions",
    "source_suppressions",
    "without_comments",
]

#: A string literal in double or single quotes (C-like escapes), on one line.
LITERAL = r""""(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'"""

#: A name a source writes: its text, and the offset of its literal's opening quote.
Written = tuple[str, int]


def without_comments(text: str) -> str:
    """``text`` with its ``//`` and ``/* */`` comments blanked (their line breaks kept): the
    offsets do not move, and a ``//`` inside a string is no comment."""

    return blank_comments(text, _tokens())


def blank_comments(text: str, tokens: re.Pattern[str]) -> str:
    """``text`` with the ``//`` and ``/* */`` comments among ``tokens`` (a language's comments
    and the literals their marks may appear in) blanked, line breaks kept: offsets do not move."""
    return tokens.sub(_blank, text)


def blank_literals(code: str) -> str:
    """``code`` with the text of its :data:`LITERAL` string literals blanked, quotes kept (a
    bracket or a ``,`` in a string is no code): the skeleton Gradle scripts are read by.
    Offsets do not move."""
    return _LITERALS.sub(_blanked, code)


def closing_brace(code: str, start: int, most: int) -> int:
    """The offset of the ``}`` that closes the block whose ``{`` is just before ``start``
    (literals skipped), or ``-1`` (none within ``most`` characters)."""
    depth = 1
    for token in _BRACES.finditer(code, start, min(len(code), start + most)):
        if token[0] == "{":
            depth += 1
        elif token[0] == "}":
            depth -= 1
            if depth == 0:
                return token.start()
    return -1


def _blanked(match: re.Match[str]) -> str:
    found = match[0]
    return found[0] + " " * (len(found) - 2) + found[-1]


def _blank(match: re.Match[str]) -> str:
    found = match[0]
    if found.startswith(("//", "/*")):
        return "".join(char if char == "\n" else " " for char in found)
    return found


def comment_suppressions(
    text: str, tokens: re.Pattern[str], path: str | None
) -> tuple[Suppression, ...]:
    r"""The suppression directives of a source's ``//`` and ``/* */`` comments among ``tokens``
    (``// tagsense: ignore[TS001]``, as Jenkinsfiles have them), written as they are, at the
    line each is on: a string that holds ``//`` is no comment.

    >>> from tagsense.sources.builds._node_source import _tokens
    >>> text = 'const a = "//x";\n// tagsense: ignore[TS001]\nnew GenericContainer("redis")'
    >>> [(s.line, s.column, s.text) for s in comment_suppressions(text, _tokens(), None)]
    [(2, 1, '// tagsense: ignore[TS001]')]
    """
    if "tagsense" not in text.lower():
        return ()
    found: list[Suppression] = []
    for match in tokens.finditer(text):
        comment = match[0]
        if comment.startswith(("//", "/*")) and "tagsense" in comment.lower():
            line, column = line_column(text, match.start())
            found.extend(slash_comment_suppressions(comment, line, column, path))
    return tuple(found)


def slash_comment_suppressions(
    comment: str, line: int, column: int, path: str | None
) -> list[Suppression]:
    """The directives of one ``//`` or ``/* */`` comment that starts at ``line``, ``column``
    (1-based), each at the line of the comment it is on, written as it is."""
    from ...occurrence import Suppression, suppressions_in_comment

    found: list[Suppression] = []
    for offset, text in enumerate(comment.split("\n")):
        body = text.lstrip(" \t/*")
        if "tagsense" not in body.lower():
            continue
        leader = text[: len(text) - len(body)].strip()
        at = (column if offset == 0 else 1) + len(text) - len(text.lstrip())
        for directive in suppressions_in_comment("#" + body, path=path, line=1, column=1):
            written = f"{leader} {directive.text[1:].lstrip()}"
            found.append(
                Suppression(path, line + offset, at, directive.kind, directive.keys, written)
            )
    return found


def source_suppressions(text: str, path: str | None) -> tuple[Suppression, ...]:
    """:func:`comment_suppressions` of a Java, Kotlin, Groovy, Scala or C# source."""
    return comment_suppressions(text, _tokens(), path)


def literal_text(literal: str, start: int) -> Written | None:
    """A literal's text with where it is, when it says what it means as written: ``None`` for
    one with an escape or a ``$`` (a template's, or an interpolation's)."""
    body = literal[1:-1]
    return None if "\\" in body or "$" in body else (body, start)


def line_and_column(text: str, quote: int) -> tuple[int, int, str]:
    """The line and column (1-based) of the text of the literal whose quote is at offset
    ``quote``, and that text."""
    line, column = line_column(text, quote + 1)  # (after the quote)
    end = text.find(text[quote], quote + 1)
    return line, column, text[quote + 1 : end if end >= 0 else len(text)]


@once
def _tokens() -> re.Pattern[str]:
    """Comments, and the string literals a comment's marks may appear in."""
    import re

    return re.compile(r'//[^\n]*|/\*[\s\S]*?(?:\*/|\Z)|"""[\s\S]*?(?:"""|\Z)|' + LITERAL)


#: A string literal; a brace, or a literal (whose braces are text).
_LITERALS = lazy_pattern(LITERAL)
_BRACES = lazy_pattern(rf"{LITERAL}|[{{}}]")
