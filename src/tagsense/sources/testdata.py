"""Dockerfiles that are a test's input data: one note for their directory, not findings.

A tool that reads Dockerfiles tests itself on Dockerfiles: diun's
``pkg/dockerfile/fixtures/valid.Dockerfile`` is read by a Go unit test as
data, and nothing builds it; skaffold's ``pkg/skaffold/initializer/testdata``
holds the projects its ``skaffold init`` tests read, with the
``skaffold.yaml`` they expect it to write. Their images are nobody's pulls.

So a Dockerfile that a directory scan finds under a directory that test
conventions name for test data (:data:`TEST_DATA_DIRECTORIES`, below the
directory walked) is read only when a build of the project feeds it; otherwise
it gives one note, for that directory. A build counts when its file lies
outside that test-data directory, or inside one of an end-to-end suite (a
directory above it named ``e2e``, ``integration``, ``acceptance``…), whose
scenarios the tests really build and run (docker/compose's
``pkg/e2e/fixtures``, skaffold's ``integration/testdata``). A build file in a
unit test's data is input (or expected output) too. A Dockerfile named on the
command line, or under a test-data directory named as the directory to scan,
is read as any other.
"""

from __future__ import annotations

import os
from typing import NamedTuple

from ..occurrence import Scan, SourceError
from .discover import path_parts

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from .project import BuildConfig

__all__ = [
    "END_TO_END_WORDS",
    "TEST_DATA_DIRECTORIES",
    "UnderTestData",
    "counted_builds",
    "dockerfiles_in_test_data",
    "note_for_test_data",
]

#: Directory names that hold a test's input data: Go's ``testdata`` (which the go tool
#: ignores), the ``fixtures`` of many test frameworks, Jest's ``__fixtures__``, and the
#: spelled-out forms (compared in lower case).
TEST_DATA_DIRECTORIES = frozenset(
    {"testdata", "test-data", "test_data", "fixtures", "__fixtures__", "test-fixtures",
     "test_fixtures"}
)  # fmt: skip
#: Words of a directory name (split at ``-``, ``_``, ``.``) that mark an end-to-end suite,
#: whose test data is built and run (``e2e``, ``integration-tests``, ``acceptance``).
END_TO_END_WORDS = frozenset({"e2e", "integration", "acceptance"})
_END_TO_END_NAMES = frozenset({"e2etest", "e2etests", "integrationtest", "integrationtests"})


class UnderTestData(NamedTuple):
    """Where a Dockerfile lies in test data: the test-data ``directory`` (as the scan names
    it), and whether that is an end-to-end ``suite``'s."""

    directory: str
    suite: bool


def dockerfiles_in_test_data(
    files: Iterable[tuple[str, str]],
    walked: Sequence[str],
    named: Sequence[str] = (),
    *,
    as_walked: bool = False,
) -> dict[str, UnderTestData]:
    """The Dockerfiles among ``files`` (path, kind) that a walk of ``walked`` found in test
    data: below each walked directory that holds them, under a test-data directory.

    ``named``: the files named on the command line, which are read whatever their place;
    with ``as_walked``, as a walk of the working directory would find them (pre-commit
    names each file it checks: ``--force-exclude``).
    """
    if as_walked:
        walked, named = (os.curdir, os.getcwd()), ()
    tops = [path_parts(top) for top in walked]
    chosen = {os.path.normcase(os.path.abspath(path)) for path in named}
    found: dict[str, UnderTestData] = {}
    for path, kind in files:
        if kind != "dockerfile" or not _may_be_test_data(path):
            continue
        parts = path_parts(path)
        where: UnderTestData | None = None
        for top, walk in zip(tops, walked, strict=True):
            if parts[: len(top)] != top or len(parts) == len(top):
                continue  # (not below this walked directory)
            if not top and (parts[0].startswith(os.sep) or os.pardir in parts):
                continue  # (the working directory's: only a relative path below it)
            below = parts[len(top) : -1]
            index = _test_data_index(below)
            if index is None:
                where = None  # (a walk that reaches it outside test data reads it)
                break
            directory = os.path.normpath(os.path.join(walk, *below[: index + 1]))
            # (the walked directory may be the suite: `tagsense check integration/`)
            above = parts[: len(top) + index]
            where = UnderTestData(directory, any(_end_to_end(part) for part in above))
        if where is not None and os.path.normcase(os.path.abspath(path)) not in chosen:
            found[path] = where
    return found


def counted_builds(builds: Sequence[BuildConfig], where: UnderTestData) -> list[BuildConfig]:
    """The builds that feed a Dockerfile in test data: those of a file outside its test-data
    directory, or any in an end-to-end suite's (a unit test's build files are its data)."""
    if where.suite or not builds:
        return list(builds)
    top = os.path.realpath(where.directory).rstrip(os.sep) + os.sep
    return [
        build
        for build in builds
        if build.site.path is None or not os.path.realpath(build.site.path).startswith(top)
    ]


def note_for_test_data(where: UnderTestData) -> Scan:
    """The one note for a test-data directory's Dockerfiles that nothing builds (the same
    for each of them, so that the scan shows it once)."""
    note = (
        "test data: the Dockerfiles here that no build of the project feeds are a test's "
        "input, not read (nothing pulls their images); to check one, name it, or this "
        "directory (`tagsense check PATH`)"
    )
    return Scan((), (SourceError(where.directory, None, note, note=True),))


def _may_be_test_data(path: str) -> bool:
    """A quick look at the path's text, before it is split."""
    lowered = path.lower()
    return "data" in lowered or "fixtures" in lowered


def _test_data_index(directories: Sequence[str]) -> int | None:
    """The index of the first directory that test conventions name for test data."""
    for index, name in enumerate(directories):
        if name.lower() in TEST_DATA_DIRECTORIES:
            return index
    return None


def _end_to_end(name: str) -> bool:
    lowered = name.lower()
    if lowered in _END_TO_END_NAMES:
        return True
    words = lowered.replace("-", " ").replace("_", " ").replace(".", " ").split()
    return not END_TO_END_WORDS.isdisjoint(words)
