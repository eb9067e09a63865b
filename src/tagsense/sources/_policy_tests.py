"""The files a policy test or an end-to-end test only reads: its input or its expectation.

**Kyverno CLI tests.**
``kyverno test DIR`` finds each ``kyverno-test.yaml`` below ``DIR`` (the name of
its ``--file-name`` flag's default) and runs the policies it names on the
resources it names, offline: nothing is created in a cluster, and the
``patchedResources`` and ``generatedResource`` files are what the policy is
expected to produce. kyverno/kyverno's ``test/cli`` holds some 200 such tests
whose ``resources.yaml`` name ``nginx`` and ``nginx:latest`` as policy input
(460 false findings in a triage); a repository of policies
(kyverno/policies) keeps one beside each policy.

The paths are relative to the test file's directory (``cmd/cli/kubectl-kyverno/
apis/v1alpha1/test.go`` and ``test_result.go`` of Kyverno 1.16 give the fields, 1.17
the global context entries' ``resourceFiles``);
a URL is not a file of the project. A repository of policies keeps each policy's test
in a ``.kyverno-test`` directory beside it (kyverno/policies'
``best-practices/disallow-latest-tag/.kyverno-test/kyverno-test.yaml`` names
``../disallow-latest-tag.yaml`` and ``resource.yaml``), which is looked at too, as
a walk that leaves hidden directories out would not find it.

**Chainsaw tests** (Kyverno's end-to-end tool): ``chainsaw test`` runs each
``chainsaw-test.yaml`` (``.yml``), whose steps' operations name files. An
``apply`` or ``create`` creates what its file holds, so its images are pulled;
but an ``assert`` or ``error`` file is the state the test expects (or expects
not to be), never created, and an ``apply`` or ``create`` that expects an
error (``check: {($error != null): true}``, or ``($error)`` with the message)
is refused by the policy under test, so nothing of it is created.
kyverno/kyverno's ``test/conformance/chainsaw``: ``bad-pod.yaml`` in some 250
places, ``pod-assert.yaml``... (290 false findings in triage 9c). A file is
such a test's (and a Kyverno CLI test's input one) only when no operation of
any Chainsaw test of the scan creates it (``apply``, ``create``, ``patch``,
``update`` with no error expected). The
fields are those of chainsaw v0.2's ``Test`` (``website/docs/apis``).

**Gatekeeper suites.** ``gator verify DIR`` reads each ``Suite`` of
``test.gatekeeper.sh`` (``suite.yaml`` by convention) and evaluates the
constraint templates and constraints it names on the objects of its cases,
offline: nothing is created. Each test's ``template`` and ``constraint``, each
case's ``object`` and ``inventory`` are paths relative to the suite's
directory (gatekeeper's ``pkg/gator/verify/suite.go``). A library of policies
(open-policy-agent/gatekeeper-library) keeps a ``suite.yaml`` beside each
policy, two directories above the samples it names
(``samples/repo-must-be-openpolicyagent/example_disallowed.yaml``): 235 false
findings on ``nginx`` in samples no tool but gator reads (survey 18e). The
suite of a file's directory and of the two above it is looked at.
"""

from __future__ import annotations

import os

from ._chainsaw import CREATING, operations
from ._yaml import get, items, load_yaml, scalar, sequence
from .builds._common import read_text
from .discover import CHAINSAW_TEST_FILES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    import yaml

__all__ = ["CHAINSAW_TEST_FILES", "KYVERNO_TEST_FILE", "created_by_tests",
           "gator_suite_inputs", "kyverno_test_inputs", "left_beside_tests",
           "read_only_by_tests"]  # fmt: skip

#: The file ``kyverno test`` looks for in each directory (its ``--file-name`` default).
KYVERNO_TEST_FILE = "kyverno-test.yaml"
#: The directory beside a policy that holds its test (kyverno/policies' layout).
_TEST_DIRECTORY = ".kyverno-test"
#: Chainsaw's operations that only compare the cluster with their file.
_COMPARING = ("assert", "error")
#: The file ``gator verify`` suites are kept in, by convention, and how many directories
#: above a sample it may lie (gatekeeper-library: ``POLICY/suite.yaml`` names
#: ``POLICY/samples/NAME/example.yaml``).
_GATOR_SUITE_FILE = "suite.yaml"
_GATOR_SUITE_DEPTH = 2
#: How much of a test file is read.
_MAX_BYTES = 1 << 20
#: The names of the files a test case's directory holds for it.
_MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")
#: The test's fields that name files (one path, or a list of paths).
_TEST_FIELDS = (
    "policies", "resources", "targetResources", "variables", "userinfo", "exceptions",
    "context", "clusterResources", "paramResources", "jsonPayload", "jsonPayloads",
    "httpPayloads", "envoyPayloads",
)  # fmt: skip
#: Each global context entry's field that names files of resources (Kyverno 1.17's
#: ``GlobalContextEntryValue``: kyverno's ``test/cli/test/mock-gce-resource-files``).
_GLOBAL_CONTEXT_FILES = "resourceFiles"
#: Each result's fields that name the files the policy is expected to produce.
_RESULT_FIELDS = ("patchedResources", "generatedResource", "cloneSourceResource",
                  "generatedResources")  # fmt: skip


def kyverno_test_inputs(directories: Iterable[str]) -> dict[str, str]:
    """The files the Kyverno CLI tests in ``directories`` name, by real path, each with the
    test file that names it (as ``directories`` name it)."""
    inputs: dict[str, str] = {}
    for place in dict.fromkeys(directories):
        for directory in (place, os.path.join(place, _TEST_DIRECTORY)):
            test = os.path.join(directory, KYVERNO_TEST_FILE)
            if os.path.isfile(test):
                _add_inputs(test, directory, inputs)
    return inputs


def _add_inputs(test: str, directory: str, inputs: dict[str, str]) -> None:
    """Add the files the test file ``test`` (in ``directory``) names to ``inputs``."""
    text = read_text(test, _MAX_BYTES)
    if not isinstance(text, str):
        return
    for document in load_yaml(text, path=test, max_bytes=_MAX_BYTES).documents:
        for named in _named(document):
            if "://" not in named and named.strip():
                inputs.setdefault(os.path.realpath(os.path.join(directory, named)), test)


def _named(test: yaml.Node) -> list[str]:
    """The paths a test document names, as written."""
    nodes = [node for field in _TEST_FIELDS if (node := get(test, field)) is not None]
    for result in sequence(get(test, "results")):
        nodes += [value for key, value, _ in items(result) if key in _RESULT_FIELDS]
    for entry in sequence(get(test, "globalContextEntries")):
        if (files := get(entry, _GLOBAL_CONTEXT_FILES)) is not None:
            nodes.append(files)
    paths: list[str] = []
    for node in nodes:
        for item in sequence(node) or [node]:
            text = scalar(item)
            if text:
                paths.append(text)
    return paths


def gator_suite_inputs(directories: Iterable[str]) -> dict[str, str]:
    """The files the Gatekeeper suites (``suite.yaml``) of ``directories`` and of the
    directories above them name, by real path, each with the suite that names it."""
    suites: dict[str, None] = {}
    for place in dict.fromkeys(directories):
        directory = place
        for _ in range(_GATOR_SUITE_DEPTH + 1):
            suite = os.path.join(directory, _GATOR_SUITE_FILE)
            if os.path.isfile(suite):
                suites[suite] = None
            directory = os.path.normpath(os.path.join(directory, os.pardir))
    inputs: dict[str, str] = {}
    for suite in suites:
        for named in _suite_files(suite):
            if "://" not in named and named.strip():
                path = os.path.join(os.path.dirname(suite), named)
                inputs.setdefault(os.path.realpath(path), suite)
    return inputs


def _suite_files(suite: str) -> list[str]:
    """The paths a Gatekeeper ``Suite`` names, as written (none for another file)."""
    text = read_text(suite, _MAX_BYTES)
    if not isinstance(text, str) or "test.gatekeeper.sh" not in text:
        return []
    paths: list[str] = []
    for document in load_yaml(text, path=suite, max_bytes=_MAX_BYTES).documents:
        if scalar(get(document, "kind")) != "Suite":
            continue
        for test in sequence(get(document, "tests")):
            nodes = [get(test, "template"), get(test, "constraint")]
            for case in sequence(get(test, "cases")):
                nodes += [get(case, "object"), *sequence(get(case, "inventory"))]
            paths += [named for node in nodes if (named := scalar(node))]
    return paths


def read_only_by_tests(directories: Iterable[str]) -> dict[str, str]:
    """The files that the Kyverno CLI tests, the Gatekeeper suites and the Chainsaw tests in
    ``directories`` only read (inputs, expected states, refused resources), by real path,
    each with a test file that names it; none that an operation of a Chainsaw test creates."""
    directories = list(dict.fromkeys(directories))
    compared, created = _chainsaw(directories)
    found = kyverno_test_inputs(directories) | gator_suite_inputs(directories) | compared
    return {real: test for real, test in found.items() if real not in created}


def left_beside_tests(directories: Iterable[str]) -> dict[str, str]:
    """The manifests (``.yaml``, ``.yml``, ``.json``) in the directory of a Kyverno CLI test or
    a Chainsaw test of ``directories`` whose name the test's text does not hold, by real
    path, each with that test: a test case's directory holds its own files, and one that no
    test names (kyverno's ``test/cli/test-mutate/foreach/container-updated-image.yaml``, a
    Chainsaw test's ``deployment-no-pod-namespaced.yaml`` left from an older version of it)
    is read by nothing. (Whether another test, or the project, creates it is weighed apart.)"""
    left: dict[str, str] = {}
    for directory in dict.fromkeys(directories):
        for name in (KYVERNO_TEST_FILE, *CHAINSAW_TEST_FILES):
            test = os.path.join(directory, name)
            text = read_text(test, _MAX_BYTES) if os.path.isfile(test) else None
            if not isinstance(text, str):
                continue
            try:
                names = os.listdir(directory)
            except OSError:
                break
            for other in names:
                if other.endswith(_MANIFEST_SUFFIXES) and other != name and other not in text:
                    left.setdefault(os.path.realpath(os.path.join(directory, other)), test)
    return left


def created_by_tests(directories: Iterable[str]) -> set[str]:
    """The files (real paths) that an operation of a Chainsaw test in ``directories``
    creates: applied to the cluster, whatever else reads them."""
    return _chainsaw(list(dict.fromkeys(directories)))[1]


def _chainsaw(directories: list[str]) -> tuple[dict[str, str], set[str]]:
    """The files the Chainsaw tests in ``directories`` compare with the cluster or expect to
    be refused (each with a test that names it), and those they create."""
    compared: dict[str, str] = {}
    created: set[str] = set()
    for directory in directories:
        for operation in operations(directory):
            if "://" in operation.file:
                continue
            found = _files(os.path.join(directory, operation.file))
            if operation.verb in CREATING and not operation.refused:
                created.update(found)
            elif operation.verb in _COMPARING or operation.verb in CREATING:
                for real in found:
                    compared.setdefault(real, operation.test)
    return compared, created


def _files(pattern: str) -> list[str]:
    """The real paths a Chainsaw ``file`` names (it may be a glob)."""
    import glob

    if not any(mark in pattern for mark in "*?["):
        return [os.path.realpath(pattern)]
    return [os.path.realpath(path) for path in glob.glob(pattern)]
