"""The operations of a directory's chainsaw tests: which file each applies or compares the
cluster with, and the bindings in scope there (what the assertions and the bindings of
applied files are read from).

A chainsaw test (``chainsaw-test.yaml``, the test file chainsaw looks for, or ``.yml``) is a
``Test`` of ``chainsaw.kyverno.io`` whose ``spec.steps`` run operations in ``try``,
``catch``, ``finally`` and ``cleanup``: ``- apply: {file: 01-install.yaml, bindings: [...]}``.
Bindings (``{name, value}``) are declared by the test, by a step and by an operation; an
inner one hides an outer one of the same name.
"""

from __future__ import annotations

import fnmatch
import os
from functools import lru_cache
from typing import NamedTuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

__all__ = ["APPLYING", "CHAINSAW_TEST_FILES", "Operation", "names", "operations"]

#: The file a chainsaw test directory holds its test in (chainsaw's ``testFile`` default,
#: ``chainsaw-test``, tried as ``.yaml`` and then ``.yml``).
CHAINSAW_TEST_FILES = ("chainsaw-test.yaml", "chainsaw-test.yml")
#: The operations that apply their file to the cluster (templated with the bindings).
APPLYING = frozenset({"apply", "create", "update", "patch"})
#: The blocks of a step that hold operations.
_BLOCKS = ("try", "catch", "finally", "cleanup")
#: How much of a test file is read.
_MAX_BYTES = 1 << 20


class Operation(NamedTuple):
    """One operation of a chainsaw test on a file."""

    #: ``apply``, ``create``, ``update``, ``patch``, ``assert``, ``error``, …
    verb: str
    #: The file as the test names it (relative to the test's directory; chainsaw takes globs).
    file: str
    #: The bindings in scope, outermost first (the test's, the step's, the operation's):
    #: (name, value as written).
    bindings: tuple[tuple[str, str], ...]
    #: The test file it is in.
    test: str = ""
    #: Whether every expectation of it is that it fails, whatever it matches: an ``apply`` a
    #: policy under test refuses (``check: {($error != null): true}``, or ``($error)`` with
    #: the message), which creates nothing.
    refused: bool = False


def operations(directory: str) -> tuple[Operation, ...]:
    """Every operation on a file of the chainsaw tests in ``directory`` (none without one)."""
    found: list[Operation] = []
    for name in CHAINSAW_TEST_FILES:
        path = os.path.join(directory, name)
        try:
            stat = os.stat(path)
        except OSError:
            continue
        found.extend(_read_test(path, stat.st_mtime_ns, stat.st_size))
    return tuple(found)


def names(target: str, name: str, directory: str) -> bool:
    """Whether an operation's file (a path relative to the test, a glob, or a URL) is the file
    ``name`` of the test's directory."""
    if "://" in target:
        return False
    full = os.path.normpath(os.path.join(directory, target))
    if os.path.dirname(full) != os.path.normpath(directory):
        return False
    return fnmatch.fnmatchcase(name, os.path.basename(full))


@lru_cache(maxsize=256)
def _read_test(path: str, mtime: int, size: int) -> tuple[Operation, ...]:
    # (the file's stat is in the key, so that a changed test is read again)
    del mtime
    if size > _MAX_BYTES:
        return ()
    from ._yaml import get, items, load_yaml, scalar, sequence
    from .find import read_text

    text = read_text(path, _MAX_BYTES)
    if not isinstance(text, str) or "chainsaw.kyverno.io" not in text:
        return ()
    found: list[Operation] = []
    for document in load_yaml(text, path=path).documents:
        if not (scalar(get(document, "apiVersion")) or "").startswith("chainsaw.kyverno.io/"):
            continue
        spec = get(document, "spec")
        outer = _bindings(spec)
        for step in sequence(get(spec, "steps")):
            around = outer + _bindings(step)
            for block in _BLOCKS:
                for operation in sequence(get(step, block)):
                    for verb, body, _ in items(operation):
                        target = scalar(get(body, "file"))
                        if target:
                            bindings = around + _bindings(body)
                            refused = _expects_error(body)
                            found.append(Operation(verb, target, bindings, path, refused))
    return tuple(found)


def _expects_error(operation: yaml.Node) -> bool:
    """Whether every expectation of an operation is that it fails, whatever it matches."""
    from ._yaml import get, items, scalar, sequence

    expectations = sequence(get(operation, "expect"))
    if not expectations:
        return False
    for expectation in expectations:
        if get(expectation, "match") is not None:
            return False  # (an error for some of the file's resources only)
        checks = [
            (key.replace(" ", ""), scalar(value))
            for key, value, _ in items(get(expectation, "check"))
        ]
        if not any(_asserts_error(key, value) for key, value in checks):
            return False
    return True


def _asserts_error(key: str, value: str | None) -> bool:
    """A check that the operation failed: ``($error != null): true``, or ``($error)`` with
    the message it fails with."""
    if key == "($error!=null)":
        return value == "true"
    return key == "($error)" and value not in (None, "", "null", "~")


def _bindings(node: yaml.Node | None) -> tuple[tuple[str, str], ...]:
    from ._yaml import get, scalar, sequence

    pairs = []
    for binding in sequence(get(node, "bindings")):
        name, value = scalar(get(binding, "name")), scalar(get(binding, "value"))
        if name and value is not None:
            pairs.append((name, value))
    return tuple(pairs)
