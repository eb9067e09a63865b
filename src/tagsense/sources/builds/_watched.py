"""Which of a shell's starting variables a reading looked at, to skip readings that would
say nothing new.

A GitLab pipeline's ``parallel: matrix:`` runs one job's scripts with hundreds of sets of
variables (srsRAN_Project: 1,280 jobs of one ``script:``, 163 different values of the names
it uses); most of the names differ in values the scripts never look at. A reading is a
function of what it looks at: :class:`Watch` notes the names whose value a
:class:`~.shell.ShellReader` reads (``$NAME``, ``${!NAME}``, a branch's saving of it, the
environment a command is given when something reads it), and :class:`Readings` says when a
shell that starts with the same scripts and the same names, and the same values of those
names, would be read the same: its reading repeats an earlier one, and adds nothing.

Which names a shell starts with (and in what order) is part of the key, so looking at
names alone (``in``, iteration, ``len``) is no reading; looking at the values of all
(``items()``, a copy, a comparison, pickling) is a reading of every name (:attr:`Watch.whole`).
Copies made with ``dict(...)``, ``{**…}`` and ``update`` go through :meth:`keys` and
``__getitem__`` (``__iter__`` is overridden, so CPython takes no shortcut), and are read.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = ["Readings", "Watch", "WatchedVariables", "watched"]


class Watch:
    """The names of a shell's variables whose values a reading looked at (``whole``: all)."""

    __slots__ = ("names", "whole")

    def __init__(self) -> None:
        self.names: set[str] = set()
        self.whole = False


class WatchedVariables(dict[str, str]):
    """A reading's variables, noting in :attr:`watch` each name whose value is looked at."""

    __slots__ = ("watch",)

    def __init__(self, watch: Watch, values: Iterable[tuple[str, str]] = ()) -> None:
        super().__init__(values)
        self.watch = watch

    def __getitem__(self, name: str) -> str:
        self.watch.names.add(name)
        return super().__getitem__(name)

    def get(self, name: str, default: str | None = None) -> str | None:  # type: ignore[override]
        self.watch.names.add(name)
        return super().get(name, default)

    def pop(self, name: str, *default: str | None) -> str | None:  # type: ignore[override]
        self.watch.names.add(name)
        return super().pop(name, *default)

    def setdefault(self, name: str, default: str) -> str:
        self.watch.names.add(name)
        return super().setdefault(name, default)

    def __iter__(self):  # type: ignore[no-untyped-def]
        # (overridden so that CPython copies through keys() and __getitem__: see the module)
        return super().__iter__()

    def items(self):  # type: ignore[no-untyped-def]
        self.watch.whole = True
        return super().items()

    def values(self):  # type: ignore[no-untyped-def]
        self.watch.whole = True
        return super().values()

    def popitem(self) -> tuple[str, str]:
        self.watch.whole = True
        return super().popitem()

    def copy(self) -> dict[str, str]:
        self.watch.whole = True
        return dict(super().items())

    def __eq__(self, other: object) -> bool:
        self.watch.whole = True
        return super().__eq__(other)

    def __ne__(self, other: object) -> bool:
        self.watch.whole = True
        return super().__ne__(other)

    __hash__ = None

    def __or__(self, other: Mapping[str, str]) -> dict[str, str]:  # type: ignore[override]
        self.watch.whole = True
        return {**dict(super().items()), **other}

    def __ror__(self, other: Mapping[str, str]) -> dict[str, str]:  # type: ignore[override]
        self.watch.whole = True
        return {**other, **dict(super().items())}

    def __repr__(self) -> str:
        self.watch.whole = True
        return super().__repr__()

    def __reduce_ex__(self, protocol: object) -> tuple[type[dict[str, str]], tuple[object]]:
        # (pickled, as ._source_memo keeps a reading's state: a plain dict of all the values)
        self.watch.whole = True
        return dict, (dict(super().items()),)

    def quiet_copy(self, names: Iterable[str]) -> WatchedVariables:
        """The values of ``names`` (those set), in a mapping that notes into the same watch:
        a command's environment, looked at only when something reads it."""
        value = dict.__getitem__
        return WatchedVariables(
            self.watch, ((name, value(self, name)) for name in names if name in self)
        )


def watched(watch: Watch, variables: Mapping[str, str]) -> WatchedVariables:
    """A copy of ``variables`` whose values are noted into ``watch`` when looked at; one of
    :class:`WatchedVariables` is copied without looking (an inner reading's, which notes
    into the same watch what it looks at)."""
    if isinstance(variables, WatchedVariables):
        return variables.quiet_copy(variables)
    return WatchedVariables(watch, variables.items())


#: A name a shell did not start with (no value is this object).
_ABSENT = object()


class Readings:
    """The readings made so far of shells' scripts (see the module), by what the shell is
    besides its variables (``key``: its scripts, directories…, as the caller has them)."""

    __slots__ = ("_done",)

    def __init__(self) -> None:
        self._done: dict[tuple[object, ...], list[tuple[tuple[str, object], ...]]] = {}

    def repeats(self, key: tuple[object, ...], variables: Mapping[str, str]) -> bool:
        """Whether a shell ``key`` starting with ``variables`` reads as one read before."""
        done = self._done.get((*key, tuple(variables)))
        if not done:
            return False
        return any(
            all(variables.get(name, _ABSENT) == value for name, value in looked) for looked in done
        )

    def add(self, key: tuple[object, ...], variables: Mapping[str, str], watch: Watch) -> None:
        """A shell ``key`` starting with ``variables`` was read, looking at ``watch``."""
        names = variables if watch.whole else sorted(watch.names)
        looked = tuple((name, variables.get(name, _ABSENT)) for name in names)
        self._done.setdefault((*key, tuple(variables)), []).append(looked)
