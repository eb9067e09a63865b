"""How tagsense defers work until it is needed: the one way, used everywhere.

``import tagsense`` and a one-file ``tagsense check`` must stay cheap, so:

1. **A module that costs to import is imported inside the function that needs
   it** (``from ._anatomy import analyse`` in :func:`tagsense.parse_tag`).
   Python keeps imported modules, so after the first call the statement is a
   lookup. The public names of :mod:`tagsense` that live in such modules are
   resolved the same way, in the package's ``__getattr__`` (PEP 562); so are the
   typing-only aliases (``ReferenceErrorKind``, ``os_releases.SupportStatus``),
   built on demand so that nothing imports :mod:`typing`.
2. **A value that costs to build (a table, a parser) is returned by a function
   decorated with** :func:`once`: the first call builds it, every later call
   returns the same object.
3. **A module's regular expression is** :func:`lazy_pattern` **, not** ``re.compile``:
   it is compiled at its first use. Compiling is most of what importing a reader
   costs (~0.2 ms a pattern, hundreds of them), and a one-file check imports many
   readers whose patterns it never uses.

Nothing else: no module rebinds its own globals, no type is defined twice to
spare an import of :mod:`typing` (slotted classes need none), and a constant
lives in one module that the others import.
"""

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Callable
    from typing import AnyStr, TypeVar

    Matcher = Callable[..., re.Match[AnyStr] | None]

    T = TypeVar("T")

__all__ = ["lazy_method", "lazy_pattern", "once"]


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


def lazy_pattern(source: "AnyStr", flags: int = 0) -> "re.Pattern[AnyStr]":
    """``re.compile(source, flags)``, compiled at its first use.

    Give it to a module's global name: the first use puts the compiled pattern in
    that name's place, so later uses cost what a compiled pattern's do. (Anything
    else that holds it finds the compiled pattern's methods and attributes on it.
    It is no :class:`re.Pattern`: give ``re`` functions its methods, not it.)

    >>> words = lazy_pattern(r"\\w+")
    >>> words.findall("lazy and cheap")
    ['lazy', 'and', 'cheap']
    >>> type(words).__name__, words.pattern
    ('Pattern', '\\\\w+')
    >>> lazy_pattern(rb"[a-z]+").fullmatch(b"bytes") is not None
    True
    """
    import sys

    # (the globals of the module that names it: where the compiled pattern goes)
    return _Pattern(source, flags, sys._getframe(1).f_globals)  # type: ignore[return-value]


def lazy_method(source: "AnyStr", method: str, flags: int = 0) -> "Matcher[AnyStr]":
    """``re.compile(source, flags).<method>`` (``match``, ``fullmatch`` or ``search``),
    compiled at its first call, which puts the bound method in the place of the module's
    name that holds it (as :func:`lazy_pattern` does).

    >>> number = lazy_method(r"\\d+", "fullmatch")
    >>> number("42") is not None, number("4x") is None
    (True, True)
    >>> type(number).__name__ == "_Method"  # (the first call put the compiled one here)
    False
    """
    import sys

    return _Method(_Pattern(source, flags, {}), method, sys._getframe(1).f_globals)  # type: ignore[return-value]


def _replace(names: dict[str, object], lazy: object, compiled: object) -> None:
    """Put ``compiled`` in place of ``lazy`` wherever a module's ``names`` hold it."""
    for key, value in list(names.items()):
        if value is lazy:
            names[key] = compiled


class _Method:
    """A compiled pattern's method, compiled at its first call (see :func:`lazy_method`)."""

    def __init__(self, pattern: "_Pattern", method: str, names: dict[str, object]) -> None:
        self._pattern = pattern
        self._method = method
        self._names = names

    def __call__(self, *arguments: object) -> object:
        bound = getattr(self._pattern, self._method)
        _replace(self._names, self, bound)
        return bound(*arguments)


class _Pattern:
    """A regular expression compiled at its first use (see :func:`lazy_pattern`)."""

    def __init__(self, source: object, flags: int, names: dict[str, object]) -> None:
        self._source = source
        self._flags = flags
        self._names = names

    def __getattr__(self, name: str) -> object:
        # (called only for what is not yet here: compile, put the pattern in the module's
        # names that hold this, and keep its attributes here for anyone else)
        from ._regex_cache import compile_pattern

        compiled = compile_pattern(self._source, self._flags)  # type: ignore[type-var]
        _replace(self._names, self, compiled)
        for attribute in dir(compiled):
            if not attribute.startswith("__"):
                setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_pattern({self._source!r})"
