"""The values shell variables take in the branches of ``if … elif … else … fi`` and
``case … esac``.

A script reader keeps one value a variable (the last one set, see :mod:`.shell`); a
command after the ``fi`` may get any branch's. :class:`Branches` notes, for the variables
set inside a conditional, the values each branch leaves them with (and the ones before the
``if`` when a branch does not set one, or there is no ``else``), so that a compose, build
or run command can be read once per branch (:mod:`._compose_cmd`, :mod:`.shell`).

The variables one branch sets go together: pypa/manylinux's ``build.sh`` sets
``BASEIMAGE`` and ``DEVTOOLSET_ROOTPATH`` in one branch per policy, so a command is read
with each branch's pair, never one policy's image with another's toolset. A ``case`` is one
conditional whose arms are its branches (each ends at ``;;``); its ``*)`` arm is its
``else``. A branch that ends the script (``exit``) leaves no value to the commands after
the conditional (manylinux's ``else`` exits on an unknown policy).
"""

from __future__ import annotations

from itertools import chain, islice, product
from operator import itemgetter

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = ["BRANCH_WORDS", "Branches", "SetEmpty"]


class SetEmpty(str):
    """The empty value a branch sets (``variant=""`` in the arm for ``amd64``, ``"v7"`` in
    the one for ``armv7``): no placeholder a run fills in later, as an empty value set
    elsewhere is taken to be (see :mod:`.shell`), but that way's value."""

    __slots__ = ()


#: The words of a conditional that start or end a branch.
BRANCH_WORDS = frozenset({"if", "then", "elif", "else", "fi"})
#: How many combinations of branch values one command is read with, at most.
_MAX_VARIANTS = 16
#: How many variants one command is read with, at most, when the conditionals' are read one
#: at a time (their combinations being too many).
_MAX_SINGLE_VARIANTS = 32

#: How many ways one conditional may leave its variables, at most (more are not told).
_MAX_WAYS = _MAX_VARIANTS * _MAX_SINGLE_VARIANTS

#: The values of a conditional's variables that one of its branches leaves.
_Values = dict[str, "str | None"]
#: One of those ways, and the variables it leaves as they were before the conditional.
_Pair = tuple[_Values, frozenset[str]]


class _Frame:
    """One open ``if`` (or ``case``): each variable's value before it, each finished
    branch's values (several ways: an inner conditional's)."""

    __slots__ = ("before", "branches", "current", "exits", "has_else", "last", "several")

    def __init__(self) -> None:
        self.before: dict[str, str | None] = {}
        #: Each variable's value at the end of the last branch that set it.
        self.last: dict[str, str | None] = {}
        #: The variables that held one of several values before it (an earlier conditional
        #: left them so): each of those values, a branch that keeps it may leave.
        self.several: dict[str, tuple[str | None, ...]] = {}
        self.branches: list[list[_Values]] = []
        self.current: set[str] = set()
        self.has_else = False
        #: Whether the branch being read ends the script (its values reach nothing).
        self.exits = False


class Branches:
    """The conditionals open where a script is read, and the values they left (``values``:
    a variable's possible values, ``None`` for unset, when there is more than one)."""

    __slots__ = ("frames", "groups", "values")

    def __init__(self) -> None:
        self.frames: list[_Frame] = []
        self.values: dict[str, tuple[str | None, ...]] = {}
        #: For each variable of :attr:`values`, the ways the conditional that set it left
        #: its variables (the same tuple for all of them).
        self.groups: dict[str, tuple[_Values, ...]] = {}

    def keyword(self, word: str, variables: Mapping[str, str]) -> _Values:
        """A conditional's word (:data:`BRANCH_WORDS`) at the start of a command; what the
        next branch starts with (see :meth:`end_arm`)."""
        if word == "if":
            self.frames.append(_Frame())
        elif word in ("elif", "else", "fi") and self.frames:
            frame = self.frames[-1]
            before = self._end_branch(frame, variables)
            frame.has_else = frame.has_else or word == "else"
            if word == "fi":
                return self._close(self.frames.pop())
            return before
        return {}

    def open_case(self) -> None:
        """``case WORD in``: a conditional whose arms are its branches."""
        self.frames.append(_Frame())

    def end_arm(self, variables: Mapping[str, str]) -> _Values:
        """``;;`` (``;&``, ``;;&``): the arm being read ends. The next arm starts with the
        values before the conditional, not this one's (``None``: unset), which are given
        back: tailscale's ``build_docker.sh`` says ``REPOS="${REPOS:-${DEFAULT_REPOS}}"`` in
        each arm, its own default each time."""
        if self.frames:
            return self._end_branch(self.frames[-1], variables)
        return {}

    def close_case(self, variables: Mapping[str, str], *, default: bool) -> _Values:
        """``esac``; ``default``: an arm's pattern is ``*``, so some arm always runs. Gives
        the values every way through the conditional leaves (see :meth:`_close`)."""
        if not self.frames:
            return {}
        frame = self.frames.pop()
        if frame.current or frame.exits:  # (the last arm needs no `;;`)
            self._end_branch(frame, variables)
        frame.has_else = default
        return self._close(frame)

    def exits(self) -> None:
        """The branch being read ends the script (``exit``): the commands after the
        conditional never get its values."""
        if self.frames:
            self.frames[-1].exits = True

    def taken(self) -> None:
        """The branch being read surely runs (its test is known to pass): the values before
        the conditional are not left."""
        if self.frames:
            self.frames[-1].has_else = True

    def assigned(self, name: str, prior: str | None) -> None:
        """``name`` is set (it held ``prior``): its branch values are made anew."""
        several = self.values.pop(name, None)
        self.groups.pop(name, None)
        for frame in self.frames:
            if name not in frame.before and several is not None:
                frame.several[name] = several
            frame.before.setdefault(name, prior)
            frame.current.add(name)

    def _end_branch(self, frame: _Frame, variables: Mapping[str, str]) -> _Values:
        """The branch being read ends: its values are kept unless it exits; those an inner
        conditional left (and nothing set again) are each of its ways. Gives the values
        before the conditional of the variables the branch set."""
        before = {name: frame.before.get(name) for name in frame.current}
        frame.last.update((name, variables.get(name)) for name in frame.current)
        if not frame.exits:
            ways: list[_Values] = [{name: _own(variables.get(name)) for name in frame.current}]
            inner: dict[int, tuple[tuple[_Values, ...], list[str]]] = {}
            for name in frame.current:
                group = self.groups.get(name)
                if group:
                    inner.setdefault(id(group), (group, []))[1].append(name)
            for group, own in inner.values():
                # (made only as far as kept: each of many inner conditionals may multiply
                # the ways, fluent-bit's vendored configure scripts by hundreds)
                ways = list(
                    islice(
                        (
                            {**way, **{name: alternative[name] for name in own}}
                            for way in ways
                            for alternative in group
                        ),
                        _MAX_WAYS,
                    )
                )
            frame.branches.append(ways)
        frame.current = set()
        frame.exits = False
        return before

    def _close(self, frame: _Frame) -> _Values:
        """The conditional ends: the variables it set that it leaves with several values
        are told (:attr:`values`). Gives back each variable's value last set (as if the
        branches ran one after another), which the script keeps as its one value."""
        names = list(frame.before)
        all_names = frozenset(names)
        branch_ways = [way for branch in frame.branches for way in branch]
        # (a branch's ways name only variables of the conditional: each is the values before,
        # with those its branch sets)
        found = [{**frame.before, **way} for way in branch_ways]
        # (the variables each way leaves as they were before: not those its branch sets, even
        # to the value before)
        kept = [all_names.difference(way) for way in branch_ways]
        if not frame.has_else:
            found.append(dict(frame.before))
            kept.append(all_names)
        if frame.several:
            found = [way for way, _ in self._several(frame, zip(found, kept, strict=True))]
            group = tuple(found)
        else:
            group = _distinct(found)
        for name in names:
            possible = tuple(dict.fromkeys(map(itemgetter(name), group)))
            if len(possible) > 1:
                self.values[name] = possible
                self.groups[name] = group
            else:  # (an inner conditional's values are this one's branches')
                self.values.pop(name, None)
                self.groups.pop(name, None)
        if self.frames:  # (set in an inner conditional: in the outer one's branch too)
            for name, prior in frame.before.items():
                self.frames[-1].current.add(name)
                self.frames[-1].before.setdefault(name, prior)
        return frame.last

    @staticmethod
    def _several(frame: _Frame, ways: Iterable[_Pair]) -> list[_Pair]:
        """``ways`` (a way, the variables it kept), each also with each value a variable it
        kept may have had before the conditional (:attr:`_Frame.several`): the first
        :data:`_MAX_WAYS` of them, without repeats."""
        kept: dict[tuple[tuple[str, str | None], ...], _Pair] = {}
        pairs = list(ways)
        for name, values in frame.several.items():
            if len(kept) >= _MAX_WAYS:
                break  # (the ways any more values make are past those kept)
            # (a way that kept the value before keeps any of the values it may have had:
            # libgit2's `exists=true`, then `docker pull … || exists=false` twice; not one
            # that sets it: searxng's second `case` sets `arch` and `variant` in every arm)
            more = (
                ({**way, name: value}, left)
                for way, left in pairs
                if name in left
                for value in values
            )
            # (each such variable may double the ways: an autoconf `configure` script's
            # hundreds of them never ended, valkey's deps/jemalloc/configure; the ways past
            # the kept ones are not made, nor those kept compared again: spec-kit's
            # update-agent-context.sh took seconds)
            _keep_distinct(kept, chain(() if kept else pairs, more), _MAX_WAYS)
            pairs = list(kept.values())
        return pairs

    def variants(self, names: Iterable[str]) -> list[dict[str, str | None]]:
        """The values of ``names`` a command may get: each combination of the ways the
        conditionals that set them left them (``[{}]``: none has several). When there would
        be too many combinations, each conditional's ways, one conditional at a time (the
        other variables keep the value last set, as when one value is read)."""
        wanted = set(names) & self.values.keys()
        groups: dict[int, list[str]] = {}
        for name in sorted(wanted):
            groups.setdefault(id(self.groups[name]), []).append(name)
        choices = [
            _distinct(
                {name: way[name] for name in group_names} for way in self.groups[group_names[0]]
            )
            for group_names in groups.values()
        ]
        count = 1
        for ways in choices:
            count *= len(ways)
        if count <= _MAX_VARIANTS:
            return [
                {name: value for way in combination for name, value in way.items()}
                for combination in product(*choices)
            ]
        singles = [way for ways in choices for way in ways]
        return singles if len(singles) <= _MAX_SINGLE_VARIANTS else [{}]


def _own(value: str | None) -> str | None:
    """A value a branch sets: its empty value marked as one (:class:`SetEmpty`)."""
    return SetEmpty() if value == "" else value


def _keep_distinct(
    kept: dict[tuple[tuple[str, str | None], ...], _Pair], pairs: Iterable[_Pair], limit: int
) -> None:
    """Adds to ``kept`` the ``pairs`` (a way, the variables it kept) whose way it lacks, in
    order, until it holds ``limit`` (the rest are not read)."""
    for way, left in pairs:
        if len(kept) >= limit:
            break
        kept.setdefault(tuple(way.items()), (way, left))


def _distinct(ways: Iterable[_Values]) -> tuple[_Values, ...]:
    """``ways`` without repeats, in order (ways of one conditional name its variables in one
    order: they are compared as written, not sorted, which costs a scan of a large script)."""
    seen: dict[tuple[tuple[str, str | None], ...], _Values] = {}
    for way in ways:
        seen.setdefault(tuple(way.items()), way)
    return tuple(seen.values())
