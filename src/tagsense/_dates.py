"""``date`` and ``timedelta`` without importing :mod:`datetime` on a one-file check's path.

On CPython 3.11 and 3.12, ``import datetime`` first runs its whole pure-Python
implementation, then puts the C one (``_datetime``) in its place: about 6.6 million
instructions, a twentieth of checking one Dockerfile. The types are the same objects
(``datetime.date is _datetime.date``), so values made here are :class:`datetime.date`
everywhere; an interpreter without the C module gets :mod:`datetime`'s.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import date, timedelta
else:
    try:
        from _datetime import date, timedelta
    except ImportError:  # pragma: no cover - not CPython
        from datetime import date, timedelta

__all__ = ["date", "timedelta"]
