"""How tagsense defers work until it is needed: the one way, used everywhere.

``import tagsense`` and a one-file ``tagsense check`` must stay cheap, so:

1. **A module that costs to import is imported inside the function that needs
   it** (``from ._anatomy import analyse`` in :func:`tagsense.parse_tag`).
   Python keeps imported modules, so after the first call the statement is a
   lookup. The public names of :mod:`tagsense` that live in such modules are
   resolved the same way, in the package's ``__getattr__`` (PEP 562).
2. **A value that costs to build (a compiled pattern, a table, a parser) is
   returned by a function decorated with** :func:`once`: the first call builds
   it, every later call returns the same object.

Nothing else: no module rebinds its own globals, no type is defined twice to
spare an import of :mod:`typing` (slotted classes need none), and a constant
lives in one module that the others import.
"""

from functools import cache

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TypeVar

    T = TypeVar("T")

__all__ = ["once"]


def once(build: "Callable[[], T]") -> "Callable[[], T]":
    """``build``, run on the first call only; later calls return its first result.

    (:func:`functools.cache` of a function without arguments: ``functools`` is
    loaded with the interpreter, so this costs no import.)

    >>> calls = []
    >>> @once
    ... def table() -> list[int]:
    ...     calls.append(1)
    ...     return [1, 2, 3]
    >>> table() is table(), len(calls)
    (True, 1)
    """
    return cache(build)
