"""Sourced files read once for the readings that source them alike.

A Bats suite's test files each ``load helpers`` first (podman's 75 test files load the same
1,500 lines and define the same 100 functions, whose bodies are read where they are
written): reading the helper again for each test file, in each of its readings, was most
of the time a scan spent on them. A file sourced where a reading stands as another stood
(the same variables, functions, conditionals, directory, budgets, and what was sourced
before, from a script in the same directory) leaves it as it left that one: what it left,
and the pulls it added, are kept by that state, and given again (:func:`replay`).

Only a reading that nothing outside it changed is kept: none that ran a script of the
project (``._runs``, whose reading is the runner's), wrote a CI runner's variables, or was
refused a file to source (which depends on what the script itself is). Kept for a scan:
:func:`forget` empties it (each scan reads the files as they are when it starts).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._shell_values import ShellPull
    from .shell import ShellReader

__all__ = ["forget", "key_of", "record", "replay"]

#: The most states kept: a scan's suites have few helpers, each sourced in a few states.
_MAX_KEPT = 512

#: Each kept reading: the reader's state after it (pickled) and the pulls it added.
_KEPT: dict[bytes, tuple[bytes, tuple[ShellPull, ...]]] = {}


def forget() -> None:
    """Start afresh (a new scan)."""
    _KEPT.clear()


def key_of(reader: ShellReader, file: str, bats: bool) -> bytes | None:
    """What a reading of ``file`` sourced by ``reader`` depends on, as a key; ``None``
    when it is not kept (see the module)."""
    state = reader.memo_settings()
    if state is None:
        return None
    import hashlib
    import pickle

    data = pickle.dumps((file, bats, state, reader.memo_state()), protocol=5)
    return hashlib.blake2b(data, digest_size=20).digest()


def replay(reader: ShellReader, key: bytes) -> bool:
    """Whether a reading kept by ``key`` was given again to ``reader`` (its state, its
    pulls)."""
    kept = _KEPT.get(key)
    if kept is None:
        return False
    import pickle

    state, pulls = kept
    if not reader.memo_restore(pickle.loads(state)):  # (a copy: the reader changes it)
        return False
    if reader.pulls is not None:
        reader.pulls.extend(pulls)
    return True


def record(reader: ShellReader, key: bytes, pulls: tuple[ShellPull, ...]) -> None:
    """Keep the reading ``reader`` just did by ``key``: its state now, the ``pulls`` it
    added."""
    import pickle

    if len(_KEPT) >= _MAX_KEPT:
        _KEPT.clear()
    _KEPT[key] = (pickle.dumps(reader.memo_state(), protocol=5), pulls)
