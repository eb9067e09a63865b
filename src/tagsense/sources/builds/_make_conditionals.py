"""The conditionals open where a Makefile is read (``ifeq``, ``ifneq``, ``ifdef``, ``ifndef``,
``else``, ``endif``): which of their branches Make reads.

A condition of values the files settle is decided as GNU Make decides it, and only the
branch it picks is read (thanos-io/thanos: ``arch = $(shell uname -m)``, then ``ifeq
($(arch), x86_64)`` sets ``BASE_DOCKER_SHA=${amd64}``, on the ``linux/amd64`` every
Dockerfile is read for). A condition of what only a run knows (a variable the files do not
define, a ``$(shell …)`` of a run's) leaves each of its branches read, and a variable that
two of them set differently a run's (see :mod:`.make`).
"""

from __future__ import annotations

__all__ = ["Conditionals"]


class Conditionals:
    """A stack of open conditionals: each one's branch being read (True: surely taken; False:
    skipped; None: a run decides) and whether a branch of it was taken so far."""

    __slots__ = ("_branches", "_open", "_opened")

    def __init__(self) -> None:
        self._open: list[list[bool | None]] = []
        #: Each open conditional's serial number and the branch of it being read (0 first).
        self._branches: list[tuple[int, int]] = []
        self._opened = 0

    def skipping(self) -> bool:
        """Whether the lines read now are in a branch Make skips."""
        return any(status is False for status, _ in self._open)

    def uncertain(self) -> bool:
        """Whether the lines read now are in a branch only a run knows is taken."""
        return any(status is None for status, _ in self._open)

    def where(self) -> tuple[tuple[int, int], ...]:
        """Where the lines read now are: each open conditional and the branch of it."""
        return tuple(self._branches)

    def apart(self, where: tuple[tuple[int, int], ...]) -> bool:
        """Whether what was read at ``where`` is in another branch of a conditional still open
        here, a branch a run reads instead of this one (the ``?=`` of an ``else`` sets what
        its ``ifdef`` branch set: that one was not read).

        >>> c = Conditionals(); c.open(None); first = c.where(); c.otherwise(); c.apart(first)
        True
        >>> c.close(); c.open(None); c.apart(first)
        False
        """
        for (serial, branch), (then, other) in zip(self._branches, where, strict=False):
            if serial != then:
                return False
            if branch != other:
                return True
        return False

    def open(self, outcome: bool | None) -> None:
        """``ifeq …``: its first branch, read when ``outcome`` is not False."""
        self._open.append([False, True] if self.skipping() else [outcome, outcome])
        self._opened += 1
        self._branches.append((self._opened, 0))

    def otherwise(self, outcome: bool | None = True) -> None:
        """``else`` (``outcome`` True) or ``else ifeq …``: the next branch of the innermost.

        >>> c = Conditionals(); c.open(False); c.otherwise(None); c.uncertain()
        True
        >>> c.otherwise(); c.uncertain(), c.skipping()
        (True, False)
        >>> c = Conditionals(); c.open(True); c.otherwise(); c.skipping()
        True
        """
        if not self._open:
            return
        top = self._open[-1]
        serial, branch = self._branches[-1]
        self._branches[-1] = (serial, branch + 1)
        if any(status is False for status, _ in self._open[:-1]):
            top[0] = False
            return
        taken = top[1]
        if taken is True:
            top[0] = False
        elif taken is False:
            top[0] = top[1] = outcome
        else:  # (an earlier branch a run decides: this one, if it may be taken, too)
            top[0] = False if outcome is False else None
            top[1] = True if outcome is True else None

    def close(self) -> None:
        """``endif``."""
        if self._open:
            self._open.pop()
            self._branches.pop()
