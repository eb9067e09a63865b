"""Expected state, not manifests: the assertion files of chainsaw and KUTTL tests.

Kubernetes end-to-end suites written for kyverno's chainsaw or for KUTTL apply
some files to a cluster and compare the cluster with others: an *assert* file
holds the state a step waits for, an *error* file a state that must not appear.
Such a file is a pattern, not a manifest. Nothing applies it, so its images are
nobody's pulls (they repeat the images of the files the step applies), and its
fields may be chainsaw's JMESPath checks (``volumes: {(length(@) > `0`): true}``),
which no API server would take. open-telemetry/opentelemetry-operator's chainsaw
suites gave 7 findings in ``02-assert.yaml`` files that only repeated their
step's applied images, and 6 errors on their patterns (survey 14a).

A YAML file is an assertion when

- a chainsaw test of its directory (``chainsaw-test.yaml`` or ``.yml``, the test
  file chainsaw looks for) names it in an ``assert`` or ``error`` operation, and
  in no operation that applies it (``apply``, ``create``, ``update``, ``patch``);
- or its name follows the convention chainsaw and KUTTL share for a step's
  expectations (``01-assert.yaml``, KUTTL's ``01-errors.yaml``, chainsaw's
  ``01-error.yaml``), and no chainsaw test of its directory applies it.

Its images are not read, and it gives no error.
"""

from __future__ import annotations

import fnmatch
import os
import re
from functools import lru_cache

__all__ = ["CHAINSAW_TEST_FILES", "is_assertion"]

#: The file a chainsaw test directory holds its test in (chainsaw's ``testFile``
#: default, ``chainsaw-test``, tried as ``.yaml`` and then ``.yml``).
CHAINSAW_TEST_FILES = ("chainsaw-test.yaml", "chainsaw-test.yml")
#: A step's expectations, by the file-naming convention of KUTTL and chainsaw.
_CONVENTIONAL = re.compile(r"^\d+-(?:assert|errors?)\.ya?ml$")
#: A chainsaw operation that compares the cluster with its file, and those that apply it.
_COMPARING = frozenset({"assert", "error"})
_APPLYING = frozenset({"apply", "create", "update", "patch"})
#: How much of a test file is read, and how many nodes of it are visited.
_MAX_BYTES = 1 << 20
_MAX_NODES = 100_000


def is_assertion(path: str) -> bool:
    """Whether ``path`` is a chainsaw or KUTTL test's expected state (see the module)."""
    directory, name = os.path.split(os.path.abspath(path))
    compared, applied = _operations(directory)
    if _named(name, applied):
        return False
    return _CONVENTIONAL.match(name) is not None or _named(name, compared)


def _named(name: str, patterns: frozenset[str]) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)


def _operations(directory: str) -> tuple[frozenset[str], frozenset[str]]:
    """The names of the files of ``directory`` that its chainsaw tests compare the cluster
    with, and of those they apply (``fnmatch`` patterns: chainsaw takes globs)."""
    tests = []
    for name in CHAINSAW_TEST_FILES:
        path = os.path.join(directory, name)
        try:
            stat = os.stat(path)
        except OSError:
            continue
        tests.append((path, stat.st_mtime_ns, stat.st_size))
    if not tests:
        return frozenset(), frozenset()
    compared: set[str] = set()
    applied: set[str] = set()
    for test in tests:
        more_compared, more_applied = _read_test(*test)
        compared |= more_compared
        applied |= more_applied
    return frozenset(compared), frozenset(applied)


@lru_cache(maxsize=256)
def _read_test(path: str, mtime: int, size: int) -> tuple[frozenset[str], frozenset[str]]:
    """The files of its directory one chainsaw test file compares and applies (its stat is in
    the key, so that a changed file is read again)."""
    del mtime  # (part of the cache key only)
    if size > _MAX_BYTES:
        return frozenset(), frozenset()
    from ._yaml import load_yaml
    from .find import read_text

    text = read_text(path, _MAX_BYTES)
    if not isinstance(text, str) or "chainsaw.kyverno.io" not in text:
        return frozenset(), frozenset()
    file = load_yaml(text, path=path)
    compared: set[str] = set()
    applied: set[str] = set()
    directory = os.path.dirname(path)
    for document in file.documents:
        for operation, target in _file_operations(document):
            name = _in_directory(target, directory)
            if name is None:
                continue
            if operation in _COMPARING:
                compared.add(name)
            else:
                applied.add(name)
    return frozenset(compared), frozenset(applied)


def _file_operations(root: object) -> list[tuple[str, str]]:
    """Each ``(operation, file)`` of a chainsaw test document: ``apply: {file: F}`` and the
    like, wherever it stands (``try``, ``catch``, ``finally``, ``cleanup``)."""
    import yaml

    from ._yaml import get, items, scalar

    found: list[tuple[str, str]] = []
    seen: set[int] = set()
    stack = [root]
    while stack and len(seen) < _MAX_NODES:
        node = stack.pop()
        if id(node) in seen:  # (an alias names a node already visited)
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value, _ in items(node):
                if key in _COMPARING or key in _APPLYING:
                    target = scalar(get(value, "file"))
                    if target:
                        found.append((key, target))
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return found


def _in_directory(target: str, directory: str) -> str | None:
    """The name, in ``directory``, of an operation's file (a path relative to the test), or
    None when it lies elsewhere or is a URL."""
    if "://" in target:
        return None
    full = os.path.normpath(os.path.join(directory, target))
    if os.path.dirname(full) != os.path.normpath(directory):
        return None
    return os.path.basename(full)
