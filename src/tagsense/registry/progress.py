"""Progress of a batch of registry questions, for a caller that shows it (the CLI, on a terminal).

The client prints nothing: it calls the ``progress`` callable it was given
with a :class:`Progress` when a batch starts, each time a question is
answered, and about five times a second while it waits.
"""

from __future__ import annotations

__all__ = ["Progress"]


class Progress:
    """Where a batch stands.

    - ``done`` of ``total`` questions answered (a question: a distinct
      reference to resolve, or a repository to list), ``elapsed`` seconds since
      the batch started;
    - ``slow``: each registry with a request in flight, with the age in
      seconds of its oldest one, slowest first;
    - ``waiting``: each registry being waited for before a retry (a 429 with
      ``Retry-After``, a 503), with the seconds left and why, longest first.

    >>> p = Progress(3, 10, 1.5, slow=(("ghcr.io", 1.2),))
    >>> str(p)
    '3/10 (ghcr.io: 1.2 s)'
    """

    __slots__ = ("done", "elapsed", "slow", "total", "waiting")

    done: int
    total: int
    elapsed: float
    slow: tuple[tuple[str, float], ...]
    waiting: tuple[tuple[str, float, str], ...]

    def __init__(
        self,
        done: int,
        total: int,
        elapsed: float,
        *,
        slow: tuple[tuple[str, float], ...] = (),
        waiting: tuple[tuple[str, float, str], ...] = (),
    ) -> None:
        object.__setattr__(self, "done", done)
        object.__setattr__(self, "total", total)
        object.__setattr__(self, "elapsed", elapsed)
        object.__setattr__(self, "slow", slow)
        object.__setattr__(self, "waiting", waiting)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Progress is immutable: cannot set {name!r}")

    @property
    def finished(self) -> bool:
        return self.done >= self.total

    def __str__(self) -> str:
        parts = [f"{self.done}/{self.total}"]
        details = [f"{host}: {age:.1f} s" for host, age in self.slow[:2]]
        details += [
            f"{host}: retry in {left:.0f} s ({why})" for host, left, why in self.waiting[:2]
        ]
        if details:
            parts.append("(" + "; ".join(details) + ")")
        return " ".join(parts)

    def __repr__(self) -> str:
        return f"<Progress {self}>"
