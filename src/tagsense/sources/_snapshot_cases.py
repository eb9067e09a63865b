"""A directory of cases that a snapshot test runs one by one: each case's snapshot names it.

A build tool tests itself on sample projects: railwayapp/nixpacks' ``examples/`` holds 152
apps, and a macro of its tests lists that directory and writes one test per app, whose plan
insta compares with ``tests/snapshots/generate_plan_tests__<app>.snap``. Nothing runs the
Laravel Sail ``docker-compose.yml`` or the ``Dockerfile`` an app carries (nixpacks builds
its own plan): 19 false findings in survey 31c. No test names those apps one by one, so the
test-data rules that follow a path written in a test (``._unit_tests``) do not see them;
the snapshots do: insta names a snapshot ``<test module>__<test name>.snap`` (``@<input>``
after the name for a ``glob!``), and a test generated for a directory is named for it.

So a directory is a corpus of cases when at least :data:`_MIN_CASES` of its subdirectories,
and most of them, are named (in lower case, ``-`` and ``.`` read as ``_``) by a snapshot in
a ``snapshots`` directory of insta's, beside the corpus or in a ``tests/`` at most
:data:`_LEVELS_UP` levels above it. Each file below such a corpus is a test's input, with
the rules of ``.testdata`` (a build or a compose command of the project still reads it).
"""

from __future__ import annotations

import functools
import os

from ._checker_corpora import names_in

__all__ = ["case_corpus", "forget"]

#: How many of a directory's subdirectories, at least, a snapshot must name.
_MIN_CASES = 3
#: How many levels above a corpus its tests' ``snapshots`` directory may lie.
_LEVELS_UP = 3
_SNAPSHOT_SUFFIX = ".snap"


def case_corpus(directories: tuple[str, ...], start: int) -> str | None:
    """The corpus of cases (see the module) among ``directories`` (a file's, outermost first,
    as the scan names them), from ``start`` on: the path of the directory whose
    subdirectory holds the file; else ``None``."""
    for index in range(start, len(directories) - 1):
        corpus = os.path.join(*directories[: index + 1])
        if directories[index + 1] in _cases(corpus):
            return corpus
    return None


@functools.lru_cache(maxsize=256)
def _cases(directory: str) -> frozenset[str]:
    """The subdirectories of ``directory`` when it is a corpus of cases, else none."""
    named = _snapshot_names(directory)
    if not named:
        return frozenset()  # (a quick look: most projects keep no insta snapshots)
    subdirectories = [
        name
        for name in names_in(directory)
        if not name.startswith(".") and os.path.isdir(os.path.join(directory, name))
    ]
    cases = sum(1 for name in subdirectories if _as_test_name(name) in named)
    if cases < _MIN_CASES or 2 * cases <= len(subdirectories):
        return frozenset()
    return frozenset(subdirectories)


def _snapshot_names(directory: str) -> frozenset[str]:
    """The test names of the insta snapshots beside ``directory`` or in a ``tests/`` up to
    :data:`_LEVELS_UP` levels above it."""
    places = [os.path.join(directory, "snapshots")]
    above = directory
    for _ in range(_LEVELS_UP):
        above = os.path.dirname(above)
        places.append(os.path.join(above, "tests", "snapshots") if above else "tests/snapshots")
        if not above:
            break
    names: set[str] = set()
    for place in places:
        for name in names_in(os.path.normpath(place)):
            if name.endswith(_SNAPSHOT_SUFFIX) and "__" in name:
                test = name[: -len(_SNAPSHOT_SUFFIX)].rpartition("__")[2].partition("@")[0]
                names.add(test.lower())
    return frozenset(names)


def _as_test_name(name: str) -> str:
    """A directory's name as a test generated for it is named."""
    return name.lower().replace("-", "_").replace(".", "_")


def forget() -> None:
    """Start afresh (each scan lists the directories as they are when it starts)."""
    _cases.cache_clear()
