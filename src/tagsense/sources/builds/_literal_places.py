"""Where each character of a Starlark (Python-syntax) string literal's value is written.

:mod:`ast` gives a string constant's value and its span, not where each character of the
value comes from (escapes, line continuations, adjacent literals ``"a" "b"``). This reads the
span again, decoding as Python does, and keeps the line and column of each character's source.
A literal it cannot read the same way (bytes, f-strings, a value that comes out different) has
no places: its text is still read, at the place of the call.
"""

from __future__ import annotations

import unicodedata

from ._placed import Literal

TYPE_CHECKING = False
if TYPE_CHECKING:
    import ast
    from collections.abc import Sequence

__all__ = ["StarlarkLiteral"]

_SIMPLE = {
    "\n": "",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
}
_HEX = frozenset("0123456789abcdefABCDEF")
_PREFIX = frozenset("rRuU")


class StarlarkLiteral(Literal):
    """A string constant of the file ``path`` (its text ``source``), placed on first need."""

    def __init__(self, path: str, source: Sequence[str], node: ast.Constant) -> None:
        super().__init__(path)
        self.lines = source
        self.node = node
        self.done = False

    def positions(self) -> Sequence[tuple[int, int]] | None:
        if not self.done:
            self.done = True
            try:
                self._positions = _decode(self.lines, self.node)
            except (IndexError, ValueError, KeyError):
                self._positions = None
        return self._positions


def _decode(lines: Sequence[str], node: ast.Constant) -> list[tuple[int, int]] | None:
    """The place of each character of ``node``'s value, or ``None``."""
    if node.end_lineno is None or node.end_col_offset is None:
        return None
    reader = _Reader(lines, node.lineno, _column(lines, node.lineno, node.col_offset))
    end = (node.end_lineno, _column(lines, node.end_lineno, node.end_col_offset))
    chars: list[str] = []
    places: list[tuple[int, int]] = []
    while reader.skip_space(end) < end:
        prefix = ""
        while reader.char() in _PREFIX:
            prefix += reader.take()
        quote = reader.char()
        if quote not in "'\"":
            return None  # (bytes, an f-string)
        if reader.peek(3) == quote * 3:
            quote *= 3
        reader.advance(len(quote))
        raw = "r" in prefix.lower()
        while reader.peek(len(quote)) != quote:
            where = reader.place()
            char = reader.take()
            if char != "\\":
                chars.append(char)
                places.append(where)
                continue
            code = reader.take()
            if raw:
                chars += ["\\", code]
                places += [where, where]
            else:
                decoded = _escape(reader, code)
                chars += decoded
                places += [where] * len(decoded)
        reader.advance(len(quote))
    return places if "".join(chars) == node.value else None


def _escape(reader: _Reader, code: str) -> str:
    if code in _SIMPLE:
        return _SIMPLE[code]
    if code in "01234567":
        digits = code
        while len(digits) < 3 and reader.char() in "01234567":
            digits += reader.take()
        return chr(int(digits, 8))
    sizes = {"x": 2, "u": 4, "U": 8}
    if code in sizes:
        digits = "".join(reader.take() for _ in range(sizes[code]))
        if not set(digits) <= _HEX:
            raise ValueError(digits)
        return chr(int(digits, 16))
    if code == "N" and reader.char() == "{":
        name = ""
        reader.take()
        while reader.char() != "}":
            name += reader.take()
        reader.take()
        return unicodedata.lookup(name)
    return "\\" + code  # (Python keeps an unknown escape as written)


def _column(lines: Sequence[str], line: int, offset: int) -> int:
    """The 0-based character column of a UTF-8 byte offset (what :mod:`ast` gives)."""
    return len(lines[line - 1].encode("utf-8")[:offset].decode("utf-8", "replace"))


class _Reader:
    """A cursor over the source lines (1-based line, 0-based column)."""

    def __init__(self, lines: Sequence[str], line: int, column: int) -> None:
        self.lines = lines
        self.line = line
        self.column = column

    def char(self) -> str:
        text = self.lines[self.line - 1]
        return text[self.column] if self.column < len(text) else "\n"

    def peek(self, size: int) -> str:
        text = self.lines[self.line - 1] + "\n"
        return text[self.column : self.column + size]

    def place(self) -> tuple[int, int]:
        return self.line, self.column + 1

    def take(self) -> str:
        char = self.char()
        if char == "\n":
            if self.line >= len(self.lines):
                raise IndexError("the end of the file")
            self.line += 1
            self.column = 0
        else:
            self.column += 1
        return char

    def advance(self, size: int) -> None:
        for _ in range(size):
            self.take()

    def skip_space(self, end: tuple[int, int]) -> tuple[int, int]:
        """Past white space, comments and line continuations between adjacent literals."""
        while (self.line, self.column) < end:
            char = self.char()
            if char in " \t\f\n":
                self.take()
            elif char == "\\" and self.peek(2) == "\\\n":
                self.advance(2)
            elif char == "#":
                while self.char() != "\n":
                    self.take()
            else:
                break
        return self.line, self.column
