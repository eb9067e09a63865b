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

import os

from .._lazy import lazy_pattern
from .discover import CHAINSAW_TEST_FILES

__all__ = ["is_assertion"]

#: A step's expectations, by the file-naming convention of KUTTL and chainsaw.
_CONVENTIONAL = lazy_pattern(r"^\d+-(?:assert|errors?)\.ya?ml$")
#: A chainsaw operation that compares the cluster with its file.
_COMPARING = frozenset({"assert", "error"})


def is_assertion(path: str) -> bool:
    """Whether ``path`` is a chainsaw or KUTTL test's expected state (see the module)."""
    directory, name = os.path.split(os.path.abspath(path))
    conventional = _CONVENTIONAL.match(name) is not None
    if not any(os.path.isfile(os.path.join(directory, test)) for test in CHAINSAW_TEST_FILES):
        return conventional  # (no chainsaw test here: nothing to read, nor to import)
    from ._chainsaw import CREATING, names, operations

    compared = False
    for operation in operations(directory):
        if not names(operation.file, name, directory):
            continue
        if operation.verb in CREATING:
            return False
        compared = compared or operation.verb in _COMPARING
    return compared or conventional
