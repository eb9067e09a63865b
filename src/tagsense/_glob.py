"""Go's ``path.Match`` patterns, translated once into regular expressions.

Docker's ``FamiliarMatch`` matches references with Go's ``path.Match``:
``*`` is any run of characters other than ``/``, ``?`` one character other
than ``/``, ``[...]``/``[^...]`` a class with ranges, ``\\`` escapes. A pattern
is split into chunks exactly as Go's ``scanChunk`` splits it, and each chunk is
checked exactly as ``matchChunk`` checks it, so a pattern Go calls malformed
(``ErrBadPattern``) raises :class:`~tagsense.errors.InvalidPattern` here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .errors import InvalidPattern

__all__ = ["compile_glob"]


def _scan_chunks(pattern: str) -> list[tuple[bool, int, int]]:
    """Split like Go's ``scanChunk``: (preceded by a star, start, end) per chunk."""
    chunks: list[tuple[bool, int, int]] = []
    i, n = 0, len(pattern)
    while i < n:
        star = False
        while i < n and pattern[i] == "*":
            i += 1
            star = True
        start, in_range = i, False
        while i < n:
            c = pattern[i]
            if c == "\\":
                if i + 1 < n:
                    i += 1
            elif c == "[":
                in_range = True
            elif c == "]":
                in_range = False
            elif c == "*" and not in_range:
                break
            i += 1
        chunks.append((star, start, i))
    return chunks


class _ChunkTranslator:
    """Translate one chunk into a regex, failing where Go's ``matchChunk`` fails."""

    def __init__(self, pattern: str, start: int, end: int) -> None:
        self.pattern = pattern
        self.i = start
        self.end = end

    def bad(self, reason: str) -> InvalidPattern:
        return InvalidPattern(self.pattern, min(self.i, len(self.pattern)), reason)

    def escaped_char(self) -> str:
        """Go's ``getEsc``: one possibly escaped character of a class."""
        p, end = self.pattern, self.end
        if self.i >= end or p[self.i] in "-]":
            raise self.bad("expected a character in the class")
        if p[self.i] == "\\":
            self.i += 1
            if self.i >= end:
                raise self.bad("'\\' at the end of the pattern")
        c = p[self.i]
        self.i += 1
        if self.i >= end:
            raise self.bad("character class is not closed with ']'")
        return c

    def char_class(self) -> str:
        p = self.pattern
        self.i += 1  # the '['
        negated = self.i < self.end and p[self.i] == "^"
        if negated:
            self.i += 1
        ranges: list[str] = []
        count = 0
        while True:
            if self.i < self.end and p[self.i] == "]" and count > 0:
                self.i += 1
                break
            lo = hi = self.escaped_char()
            if p[self.i] == "-":
                self.i += 1
                hi = self.escaped_char()
            count += 1
            if lo <= hi:  # Go accepts an empty range; it just never matches
                ranges.append(re.escape(lo) + "-" + re.escape(hi))
        body = "".join(ranges)
        if negated:
            return f"[^{body}]" if body else r"[\s\S]"
        return f"[{body}]" if body else "(?!)"

    def translate(self) -> str:
        p, out = self.pattern, []
        while self.i < self.end:
            c = p[self.i]
            if c == "[":
                out.append(self.char_class())
                continue
            if c == "?":
                out.append("[^/]")
            elif c == "\\":
                self.i += 1
                if self.i >= self.end:
                    raise self.bad("'\\' at the end of the pattern")
                out.append(re.escape(p[self.i]))
            else:
                out.append(re.escape(c))
            self.i += 1
        return "".join(out)


@lru_cache(maxsize=256)
def compile_glob(pattern: str) -> re.Pattern[str]:
    """Return a regex that ``fullmatch``-es exactly what Go's ``path.Match`` matches.

    Raises :class:`~tagsense.errors.InvalidPattern` for a malformed pattern.
    """
    parts = []
    for star, start, end in _scan_chunks(pattern):
        if star:
            parts.append("[^/]*")
        parts.append(_ChunkTranslator(pattern, start, end).translate())
    return re.compile("".join(parts), re.DOTALL)
