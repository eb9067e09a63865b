"""How tagsense defers work until it is needed: the one way, used everywhere.

``import tagsense`` and a one-file ``tagsense check`` must stay cheap, so:

1. **A module that costs to import is imported inside the function that needs
   it** (``from ._anatomy import analyse`` in :func:`tagsense.parse_tag`).
   Python keeps imported modules, so after the first call the statement is a
   lookup. The public names of :mod:`tagsense` that live in such modules are
   resolved the same way, in the package's ``__getattr__`` (PEP 562); so are the
   typing-only aliases (``ReferenceErrorKind``, ``os_releases.SupportStatus``),
   built on demand so that nothing imports :mod:`typing`.
2. **A value that costs to build (a compiled pattern, a table, a parser) is
   returned by a function decorated with** :func:`once`: the first call builds
   it, every later call returns the same object.

Nothing else: no module rebinds its own globals, no type is defined twice to
spare an import of :mod:`typing` (slotted classes need none), and a constant
lives in one module that the others import.
"""

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TypeVar

    T = TypeVar("T")

__all__ = ["once"]


def once(build: "Callable[[], T]") -> "Callable[[], T]":
    """``build``, run on the first call only; later calls return its first result.

    (What :func:`functools.cache` does for a function without arguments, written
    out: importing ``functools`` would cost ``import tagsense`` several
    milliseconds, as it is not loaded with the interpreter.)

    >>> calls = []
    >>> @once
    ... def table() -> list[int]:
    ...     calls.append(1)
    ...     return [1, 2, 3]
    >>> table() is table(), len(calls)
    (True, 1)
    """
    built = False
    value: T | None = None

    def get() -> "T":
        nonlocal built, value
        if not built:
            value = build()
            built = True
        return value  # type: ignore[return-value]

    get.__doc__ = build.__doc__
    get.__name__ = getattr(build, "__name__", "once")
    return get
