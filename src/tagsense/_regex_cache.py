"""Regular expressions compiled once a machine, not once a run.

``re`` compiles a pattern in Python (parse, then generate the matcher's code) and keeps
it for the process alone: a one-file ``tagsense check`` compiles a dozen patterns at
every run, an eighth of what it costs. What compiling gives is kept on disk, one small
file a pattern, and the matcher is made from it directly (``_sre.compile``, the C half
of ``re.compile``, which checks the code it is given).

Nothing is kept unless the interpreter itself would make the same matcher: a pattern
built from what is kept is compared with ``re.compile``'s own (a compiled pattern's
``==`` compares its code) before it is written, so a Python whose compiler differs keeps
nothing and loses nothing. Entries are per interpreter build (``sys.version``), in the
cache directory's ``regex/``, readable by the user only, written atomically;
``TAGSENSE_NO_CACHE=1`` turns it off. An entry that cannot be read is no entry.
"""

from __future__ import annotations

import marshal
import os
import re
import sys

from ._cache_dir import cache_directory, keep, stable_name
from ._lazy import once

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import AnyStr

__all__ = ["compile_pattern"]

_FORMAT = 1


def compile_pattern(source: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """``re.compile(source, flags)``, made from what an earlier run kept when it can be."""
    flags = int(flags)
    directory = _directory()
    if directory is None:
        return re.compile(source, flags)
    entry = os.path.join(directory, _name(source, flags))
    kept = _load(entry, source, flags)
    if kept is not None:
        try:
            return _make(source, kept)
        except (TypeError, ValueError, RuntimeError, OverflowError):
            pass  # (not what this interpreter makes: compiled again, and replaced)
    compiled = re.compile(source, flags)
    _store(entry, source, flags, compiled)
    return compiled


def _directory() -> str | None:
    """This interpreter's entries (``None``: no cache, or an interpreter without ``_sre``)."""
    base = cache_directory()
    if base is None or sys.implementation.name != "cpython":
        return None
    return os.path.join(base, "regex", _interpreter())


@once
def _interpreter() -> str:
    """This interpreter's build: a patch release may compile a pattern otherwise."""
    return f"{sys.implementation.cache_tag}-{stable_name(sys.version)}"


def _name(source: str | bytes, flags: int) -> str:
    text = source if isinstance(source, bytes) else source.encode("utf-8", "surrogatepass")
    return stable_name(b"%d\0%d\0%b" % (isinstance(source, bytes), flags, text))


def _load(entry: str, source: str | bytes, flags: int) -> tuple[object, ...] | None:
    try:
        with open(entry, "rb") as handle:
            # (one read: marshal.load reads a file a few bytes at a time)
            form, kept_source, kept_flags, arguments = marshal.loads(handle.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if form != _FORMAT or kept_source != source or kept_flags != flags:
        return None
    return arguments  # type: ignore[no-any-return]


def _make(source: AnyStr, arguments: tuple[object, ...]) -> re.Pattern[AnyStr]:
    import _sre  # type: ignore[import-not-found]

    return _sre.compile(source, *arguments)  # type: ignore[no-any-return]


def _arguments(source: str | bytes, flags: int) -> tuple[object, ...]:
    """What ``re.compile`` gives ``_sre.compile`` after the pattern itself (Python 3.11-3.14:
    ``re._compiler.compile``)."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(source, flags)
    state = parsed.state
    indexgroup: list[str | None] = [None] * state.groups
    for name, index in state.groupdict.items():
        indexgroup[index] = name
    # (the code's operators are int subclasses that marshal cannot keep)
    code = [int(word) for word in _compiler._code(parsed, flags)]
    return (flags | state.flags, code, state.groups - 1, dict(state.groupdict), tuple(indexgroup))


def _store(entry: str, source: AnyStr, flags: int, compiled: re.Pattern[AnyStr]) -> None:
    """Keep what makes ``compiled``, if made from it the pattern is the same (quietly)."""
    try:
        arguments = _arguments(source, flags)
        if _make(source, arguments) != compiled:
            return
    except Exception:  # (an interpreter whose re differs: keep nothing)
        return
    keep(entry, marshal.dumps((_FORMAT, source, flags, arguments)))  # type: ignore[arg-type]
