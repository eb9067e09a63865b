"""Sourced files read once for the readings that source them alike.

A Bats suite's test files each ``load helpers`` first (podman's 75 test files load the same
1,500 lines and define the same 100 functions, whose bodies are read where they are
written): reading the helper again for each test file, in each of its readings, was most
of the time a scan spent on them. A file sourced where a reading stands as another stood
(the same variables, functions, conditionals, directory, budgets, and what was sourced
before, from a script in the same directory) leaves it as it left that one: what it left,
and the pulls it added, are kept by that state, and given again (:func:`replay`).

The values of the variables the file cannot look at are no part of the state (sharness
suites' test files each set their own ``test_description``, then source ``lib/test-lib.sh``:
ipfs/kubo's 125): a variable set and not exported, whose name neither the texts that file's
readings read (the file and those it sources) nor a function's body write, keeps its value
through the reading (see :meth:`~.shell.ShellReader.memo_unnamed`); a reading that reads a
text naming it is not kept.

Only a reading that nothing outside it changed is kept: none that ran a script of the
project (``._runs``, whose reading is the runner's), wrote a CI runner's variables, or was
refused the script run itself to source (which depends on what the script is). A file
refused as read already in the reading (aquasecurity/tracee's ``scripts/lib_log.sh``
sourcing ``lib_internal.sh`` that ``lib.sh`` sourced first), or past the limits, is the
state's: what was sourced is part of it. Kept for a scan:
:func:`forget` empties it (each scan reads the files as they are when it starts).
"""

from __future__ import annotations

from ._common import read_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._shell_values import ShellPull
    from .shell import ShellReader

__all__ = ["forget", "key_of", "record", "replay"]

#: The most states kept: a scan's suites have few helpers, each sourced in a few states.
_MAX_KEPT = 512

#: Each kept reading: the reader's state after it (pickled) and the pulls it added.
_KEPT: dict[bytes, tuple[bytes, tuple[ShellPull, ...]]] = {}

#: The texts the readings of each sourced file (and whether by Bats) read, by path.
_TEXTS: dict[tuple[str, bool], dict[str, str]] = {}

#: The sourced files (and whether by Bats) whose readings read a file not read again here.
_OPAQUE: set[tuple[str, bool]] = set()

#: Each reading under way: its file, whether by Bats, the variables left out of its key and
#: their values, and how many files its script had sourced before it.
_PENDING: dict[bytes, tuple[str, bool, tuple[str, ...], tuple[str, ...], int]] = {}


def forget() -> None:
    """Start afresh (a new scan)."""
    _KEPT.clear()
    _TEXTS.clear()
    _OPAQUE.clear()
    _PENDING.clear()


def key_of(reader: ShellReader, file: str, bats: bool) -> bytes | None:
    """What a reading of ``file`` sourced by ``reader`` depends on, as a key; ``None``
    when it is not kept (see the module)."""
    settings = reader.memo_settings()
    if settings is None or reader.sourcing is None:
        return None
    import hashlib
    import pickle

    state = reader.memo_state()
    texts = _TEXTS.get((file, bats)) if (file, bats) not in _OPAQUE else None
    unnamed = reader.memo_unnamed(texts.values()) if texts is not None else ()
    values = tuple(reader.variables[name] for name in unnamed)
    if unnamed:
        hidden = set(unnamed)
        shown = {name: "" if name in hidden else value for name, value in reader.variables.items()}
        state = (shown, *state[1:])
    data = pickle.dumps((file, bats, settings, unnamed, state), protocol=5)
    key = hashlib.blake2b(data, digest_size=20).digest()
    if len(_PENDING) >= _MAX_KEPT:
        _PENDING.clear()
    _PENDING[key] = (file, bats, unnamed, values, len(reader.sourcing.reads))
    return key


def replay(reader: ShellReader, key: bytes) -> bool:
    """Whether a reading kept by ``key`` was given again to ``reader`` (its state, its
    pulls)."""
    kept = _KEPT.get(key)
    if kept is None:
        return False
    import pickle

    state, pulls = kept
    restored = pickle.loads(state)  # (a copy: the reader changes it)
    _PENDING.pop(key, None)
    if type(restored[0]) is dict and None in restored[0].values():
        # (the variables the file cannot look at keep this reading's values, in their place)
        now = reader.variables
        variables = {
            name: now[name] if value is None else value for name, value in restored[0].items()
        }
        restored = (variables, *restored[1:])
    if not reader.memo_restore(restored):
        return False
    if reader.pulls is not None:
        reader.pulls.extend(pulls)
    return True


def record(reader: ShellReader, key: bytes, pulls: tuple[ShellPull, ...]) -> None:
    """Keep the reading ``reader`` just did by ``key``: its state now, the ``pulls`` it
    added."""
    import pickle

    pending = _PENDING.pop(key, None)
    if pending is None or reader.sourcing is None:
        return
    file, bats, unnamed, values, before = pending
    texts = _TEXTS.setdefault((file, bats), {})
    for path in reader.sourcing.reads[before:]:
        if path not in texts:
            text = read_text(path, reader.sourcing.max_bytes)
            if not isinstance(text, str):
                _OPAQUE.add((file, bats))  # (a text not known: every variable may count)
                text = ""
            texts[path] = text
    state = reader.memo_state()
    if unnamed and (file, bats) in _OPAQUE:
        return
    if unnamed:
        read = [texts[path] for path in reader.sourcing.reads[before:]]
        if any(name in text for name in unnamed for text in read):
            return  # (it read a text naming one: its value may count)
        variables = reader.variables
        if any(variables.get(name) != value for name, value in zip(unnamed, values, strict=True)):
            return
        hidden = set(unnamed)
        kept = {name: None if name in hidden else value for name, value in variables.items()}
        state = (kept, *state[1:])
    if len(_KEPT) >= _MAX_KEPT:
        _KEPT.clear()
    _KEPT[key] = (pickle.dumps(state, protocol=5), pulls)
