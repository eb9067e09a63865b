"""The values a shell variable takes in the branches of ``if … elif … else … fi``.

A script reader keeps one value a variable (the last one set, see :mod:`.shell`); a
command after the ``fi`` may get any branch's. :class:`Branches` notes, for each
variable set inside a conditional, the value each branch leaves it with (and the one
before the ``if`` when a branch does not set it, or there is no ``else``), so that a
compose command can be read once per branch (:mod:`._compose_cmd`).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = ["BRANCH_WORDS", "Branches"]

#: The words of a conditional that start or end a branch.
BRANCH_WORDS = frozenset({"if", "then", "elif", "else", "fi"})
#: How many combinations of branch values one command is read with, at most.
_MAX_VARIANTS = 16


class _Frame:
    """One open ``if``: each variable's value before it, each finished branch's values."""

    __slots__ = ("before", "branches", "current", "has_else")

    def __init__(self) -> None:
        self.before: dict[str, str | None] = {}
        self.branches: list[dict[str, str | None]] = []
        self.current: set[str] = set()
        self.has_else = False


class Branches:
    """The conditionals open where a script is read, and the values they left (``values``:
    a variable's possible values, ``None`` for unset, when there is more than one)."""

    __slots__ = ("frames", "values")

    def __init__(self) -> None:
        self.frames: list[_Frame] = []
        self.values: dict[str, tuple[str | None, ...]] = {}

    def keyword(self, word: str, variables: Mapping[str, str]) -> None:
        """A conditional's word (:data:`BRANCH_WORDS`) at the start of a command."""
        if word == "if":
            self.frames.append(_Frame())
        elif word in ("elif", "else", "fi") and self.frames:
            frame = self.frames[-1]
            frame.branches.append({name: variables.get(name) for name in frame.current})
            frame.current = set()
            frame.has_else = frame.has_else or word == "else"
            if word == "fi":
                self._close(self.frames.pop(), variables)

    def assigned(self, name: str, prior: str | None) -> None:
        """``name`` is set (it held ``prior``): its branch values are made anew."""
        self.values.pop(name, None)
        for frame in self.frames:
            frame.before.setdefault(name, prior)
            frame.current.add(name)

    def _close(self, frame: _Frame, variables: Mapping[str, str]) -> None:
        for name, prior in frame.before.items():
            found = [branch.get(name, prior) for branch in frame.branches]
            if not frame.has_else:
                found.append(prior)
            distinct = tuple(dict.fromkeys(found))
            if len(distinct) > 1:
                self.values[name] = distinct
            if self.frames:  # (set in an inner conditional: in the outer one's branch too)
                self.frames[-1].current.add(name)
                self.frames[-1].before.setdefault(name, prior)

    def variants(self, names: Iterable[str]) -> list[dict[str, str | None]]:
        """Each combination of the branch values of ``names`` (``[{}]``: none has several, or
        there would be too many)."""
        combinations: list[dict[str, str | None]] = [{}]
        for name in sorted(set(names) & self.values.keys()):
            combinations = [
                {**combination, name: value}
                for combination in combinations
                for value in self.values[name]
            ]
            if len(combinations) > _MAX_VARIANTS:
                return [{}]
        return combinations
