"""Strings that know where they are written: an inline Dockerfile's lines in its build file.

A Tiltfile's ``dockerfile_contents`` and a bake file's ``dockerfile-inline`` are values the
readers compute (a ``join`` of literals, a template with ``${…}``): their characters come from
literals written at places of their own. A :class:`Placed` string carries, for runs of its
characters, the literal each run is copied from; :func:`concat` keeps them through joins.
:func:`places` turns that into what a :class:`~tagsense.sources.project.BuildConfig` keeps
(plain values, cached): where each run starts, so a reference in the inline Dockerfile is
reported at the line and column where its text is written.
"""

from __future__ import annotations

import bisect

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

__all__ = ["Literal", "Place", "Placed", "TextLiteral", "concat", "place_at", "places", "slice_of"]

#: A file, line and column (1-based).
Place = tuple[str, int, int]


class Literal:
    """Where each character of a literal's value is written (worked out on first need)."""

    def __init__(self, path: str, positions: Sequence[tuple[int, int]] | None = None) -> None:
        self.path = path
        self._positions = positions

    def positions(self) -> Sequence[tuple[int, int]] | None:
        """Line and column of each character of the value, or ``None`` when not known."""
        return self._positions

    def place(self, index: int) -> Place | None:
        positions = self.positions()
        if positions is None or not 0 <= index < len(positions):
            return None
        line, column = positions[index]
        return self.path, line, column


class TextLiteral(Literal):
    """A file's whole text (what Tilt's ``read_file`` gives)."""

    def __init__(self, path: str, text: str) -> None:
        super().__init__(path)
        self.text = text

    def positions(self) -> Sequence[tuple[int, int]] | None:
        if self._positions is None:
            found = []
            line, column = 1, 1
            for char in self.text:
                found.append((line, column))
                line, column = (line + 1, 1) if char == "\n" else (line, column + 1)
            self._positions = found
        return self._positions


class Placed(str):
    """A string, and for runs of it (``runs``: start, literal, offset in the literal) the
    literal its characters are copied from; characters in no run are not placed."""

    runs: tuple[tuple[int, Literal, int], ...]

    def __new__(cls, value: str, runs: Iterable[tuple[int, Literal, int]]) -> Placed:
        placed = super().__new__(cls, value)
        placed.runs = tuple(runs)
        return placed

    @classmethod
    def of(cls, value: str, literal: Literal) -> Placed:
        """A literal's whole value."""
        return cls(value, ((0, literal, 0),) if value else ())

    def place(self, index: int) -> Place | None:
        starts = [start for start, _, _ in self.runs]
        at = bisect.bisect_right(starts, index) - 1
        if at < 0:
            return None
        start, literal, offset = self.runs[at]
        end = self.runs[at + 1][0] if at + 1 < len(self.runs) else len(self)
        return literal.place(offset + index - start) if index < end else None


def _runs(text: str) -> tuple[tuple[int, Literal, int], ...]:
    return text.runs if isinstance(text, Placed) else ()


def concat(parts: Iterable[str], separator: str = "") -> str:
    """The parts joined (as ``separator.join``), placed where they are."""
    parts = list(parts)
    joined = separator.join(parts)
    pieces = [*parts[:1]]
    for part in parts[1:]:
        pieces += [separator, part]
    if not any(isinstance(piece, Placed) for piece in pieces):
        return joined
    runs: list[tuple[int, Literal, int]] = []
    at = 0
    for piece in pieces:
        if isinstance(piece, Placed):
            runs += [(at + start, literal, offset) for start, literal, offset in piece.runs]
        elif piece and runs:
            runs.append((at, _NOWHERE, 0))  # (text from no literal: not placed)
        at += len(piece)
    return Placed(joined, runs)


def slice_of(text: str, start: int, end: int) -> str:
    """``text[start:end]``, placed where it is."""
    part = text[start:end]
    if not isinstance(text, Placed):
        return part
    runs = []
    for index, (begin, literal, offset) in enumerate(text.runs):
        stop = text.runs[index + 1][0] if index + 1 < len(text.runs) else len(text)
        if stop <= start or begin >= end:
            continue
        cut = max(begin, start)
        runs.append((cut - start, literal, offset + cut - begin))
    return Placed(part, runs)


#: Characters from no literal.
_NOWHERE = Literal("")


def places(text: str) -> tuple[tuple[int, str, int, int], ...]:
    """Where runs of ``text`` are written: (index, path, line, column), each character after
    ``index`` one column further on, up to the next run; path ``""``: not known from there
    (a text that is not placed at all: one such run)."""
    if not isinstance(text, Placed) or not text.runs:
        return ((0, "", 0, 0),) if text else ()
    found: list[tuple[int, str, int, int]] = []
    expected: Place | None = None

    def add(index: int, place: Place | None) -> None:
        nonlocal expected
        if place is None or not place[0]:
            if expected is not None or not found:
                found.append((index, "", 0, 0))
            expected = None
            return
        if place != expected:
            found.append((index, *place))
        expected = place[0], place[1], place[2] + 1

    runs = text.runs
    for number, (start, literal, offset) in enumerate(runs):
        if number == 0 and start > 0:
            add(0, None)
        end = runs[number + 1][0] if number + 1 < len(runs) else len(text)
        for index in range(start, end):
            add(index, literal.place(offset + index - start))
    return tuple(found)


def place_at(known: Sequence[tuple[int, str, int, int]], index: int) -> Place | None:
    """The place of character ``index`` of a text whose runs are ``known`` (see :func:`places`)."""
    at = bisect.bisect_right([run[0] for run in known], index) - 1
    if at < 0:
        return None
    start, path, line, column = known[at]
    return (path, line, column + index - start) if path else None
