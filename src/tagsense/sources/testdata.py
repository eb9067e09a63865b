"""A test's input data: one note for its directory, not findings.

A tool that reads Dockerfiles tests itself on Dockerfiles: diun's
``pkg/dockerfile/fixtures/valid.Dockerfile`` is read by a Go unit test as
data, and nothing builds it; skaffold's ``pkg/skaffold/initializer/testdata``
holds the projects its ``skaffold init`` tests read, with the
``skaffold.yaml`` they expect it to write. Their images are nobody's pulls.
The same holds for every other kind of source: an operator's
``tests/data/*.yaml`` that a pytest test loads, a Go test's
``pkg/foo/testdata/deployment.yaml``, a Java project's
``src/test/resources/*.yaml`` (5 false findings in a survey of 5 repositories:
``image: nginx`` in a test's input judged as TS002).

So a file that a directory scan finds under a directory that test conventions
name for test data (:func:`is_test_data_directory`, below the directory walked)
is read only when the project uses it; otherwise, when it would give anything,
it gives one note, for that directory. A use counts when its file lies outside
that test-data directory, or when the directory belongs to an end-to-end suite
(a directory above it named ``e2e``, ``integration``, ``acceptance``…), whose
scenarios the tests really build, apply and run (docker/compose's
``pkg/e2e/fixtures``, skaffold's ``integration/testdata``): there every file is
read. A Dockerfile is used when a build feeds it, a compose file when a
compose file includes it or a ``docker compose -f`` runs it, a manifest when a
``kubectl apply -f`` of the project names it (see ``.snapshots``), a chart when
a release deploys it (see :func:`used`). A build file in a unit test's data is
input (or expected output) too. A file named on the command line, or under a
test-data directory named as the directory to scan, is read as any other.

A manifest below a directory of tests (``test/``, ``tests/``…, outside an end-to-end
suite) is a test's by what only tests do with it (see :func:`files_in_test_data`): a
unit test names it (``._unit_tests``), the project's commands only test it
(``.snapshots.only_tested_by``: ``gator bench --filename DIR``, a ``kubectl apply``
expected to fail), or its name says it is what a test expects a run to produce
(:func:`is_expected_output`: ``expected.yaml``, ``*.golden.yaml``, ``*.verified.yaml``,
``patchedResource7.yaml``, ``test/output/``, ``NAME.out.yaml`` beside ``NAME.in.yaml``). What
a Chainsaw test creates, or a ``kubectl apply -f`` of the project names, is still read.
"""

from __future__ import annotations

import os
import re
from types import MappingProxyType
from typing import NamedTuple

from .._lazy import lazy_pattern
from ..occurrence import Occurrence, Scan, SourceError
from ._fixture_code import is_test_code
from ._policy_tests import created_by_tests, left_beside_tests, read_only_by_tests
from .discover import path_parts

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from .project import BuildConfig, ProjectContext

__all__ = [
    "CHECKER_CASES",
    "END_TO_END_WORDS",
    "EXPECTED_DIRECTORIES",
    "EXPECTED_NAMES",
    "RETIRED_DIRECTORIES",
    "TEST_DATA_DIRECTORIES",
    "TEST_DIRECTORIES",
    "UNIT_TEST_DIRECTORIES",
    "UnderTestData",
    "compared_only",
    "counted_builds",
    "counts",
    "expected_output_directory",
    "files_in_test_data",
    "is_expected_output",
    "is_retired_name",
    "is_test_data_directory",
    "names_end_to_end",
    "note_for_test_data",
    "run_script",
    "used",
    "without_refusals",
]

#: Directory names that hold a test's input data: Go's ``testdata`` (which the go tool
#: ignores), the ``fixtures`` of many test frameworks, Jest's ``__fixtures__``, and the
#: spelled-out forms (compared in lower case).
TEST_DATA_DIRECTORIES = frozenset(
    {"testdata", "test-data", "test_data", "fixtures", "__fixtures__", "test-fixtures",
     "test_fixtures", "testfiles", "test-files", "test_files", "test_assets", "test-assets"}
)  # fmt: skip
#: First words of a test-data directory's name that say which kind it holds
#: (``testdata-v2``, ``fixtures_invalid``, buildkit's ``testfiles-negative``).
_TEST_DATA_HEADS = frozenset({"testdata", "testfiles", "fixtures"})
#: The directories of tests whose ``data/`` holds their input (pytest's ``tests/data``,
#: RSpec's ``spec/data``), and of the fakes and mocks that tests use in place of a real
#: component (linkerd2's ``controller/proxy-injector/fake/data``, the pods a Go unit test
#: injects). A test directory itself is no test data: many projects keep CI and deployment
#: files that are run under ``test/``.
TEST_DIRECTORIES = frozenset(
    {"test", "tests", "__tests__", "spec", "fake", "fakes", "mock", "mocks", "__mocks__"}
)
#: The other kinds of files a unit test may name as its input, when it builds no image (a
#: chart: bridgecrewio/checkov's ``tests/helm/test_runner.py`` scans ``runner/resources/
#: schema-registry``, survey 30m).
_READ_BY_UNIT_TESTS = frozenset({"dockerfile", "compose", "ci", "helm"})
#: The kinds of files a unit test may read as its input (see ``._unit_tests``): manifests, and
#: Terraform's resources, which describe what a deployment runs as manifests do (a policy
#: scanner's tests read their ``kubernetes_pod`` resources: bridgecrewio/checkov, survey 30m),
#: and a platform's own descriptions (``deploy``: an ECS task definition, a Pterodactyl or
#: Pelican egg, a Portainer or Unraid template…), which only that platform runs: a copy below
#: a directory of unit tests is a test's input (pelican-dev/panel's
#: ``tests/Unit/Console/Commands/Egg/egg-ptdlv2.json``, which its egg normalizer's PHPUnit test
#: copies and rewrites; no panel imports it, and Wings pulls none of its images: 5 false
#: findings in survey 39f).
_MANIFESTS = frozenset({"kubernetes", "kustomize", "terraform", "deploy"})
#: The words that begin or end a test's expected output's name (kustomize plugins'
#: ``expected.yaml``, Go's ``*.golden``, Kyverno CLI tests' ``patchedResource7.yaml`` and
#: ``patched-resource1.yaml``), and the names of the directories that hold such outputs
#: (kyverno's ``test/output``).
EXPECTED_NAMES = ("expected", "golden", "patched")
#: ``expect`` as a word of its own that begins or ends the name (cwltool's
#: ``expect_packed.cwl``), not ``expectations.yaml``.
_EXPECT_HEADS = ("expect_", "expect-")
_EXPECT_TAILS = ("_expect", "-expect")
EXPECTED_DIRECTORIES = frozenset({"expected", "golden", "goldens", "output", "outputs"})
#: Words of a directory name (split at ``-``, ``_``, ``.``) that mark an end-to-end suite,
#: whose test data is built and run (``e2e``, ``integration-tests``, ``acceptance``).
END_TO_END_WORDS = frozenset({"e2e", "integration", "acceptance"})
#: The names of the directories that hold a checker's test cases by the outcome expected of it
#: (a linter's, a scanner's, a parser's), below a directory of tests: super-linter's
#: ``test/linters/dockerfile_hadolint/bad/``, bridgecrewio/checkov's
#: ``tests/dockerfile/graph_builder/checks/resources/RunAptGetForceYes/fail/`` (survey 30m).
CHECKER_CASES = frozenset(
    {"good", "bad", "pass", "fail", "passed", "failed", "passing", "failing", "success",
     "failure", "valid", "invalid", "positive", "negative", "compliant", "noncompliant",
     "non-compliant", "violation", "violations"}
)  # fmt: skip
#: Words each of :data:`CHECKER_CASES` holds (the quick look of :func:`_may_be_test_data`).
_CHECKER_CASE_WORDS = ("good", "bad", "pass", "fail", "success", "valid", "positive",
                       "negative", "compliant", "violation")  # fmt: skip
#: A path below a directory of tests or of an end-to-end suite (a quick look).
_END_TO_END_OR_TESTS = lazy_pattern(r"(?:^|[/\\])(?:tests?|e2e|integration)[/\\]", re.I)
_END_TO_END_NAMES = frozenset({"e2etest", "e2etests", "integrationtest", "integrationtests"})


class UnderTestData(NamedTuple):
    """Where a file lies in test data: the test-data ``directory`` (as the scan names it),
    whether that is an end-to-end ``suite``'s, and the ``test`` file that names it as what it
    only reads, when one does (a Kyverno CLI test's ``kyverno-test.yaml``, a Chainsaw test)."""

    directory: str
    suite: bool
    test: str | None = None
    #: The Go file that embeds the directory as a tool's templates, or the Django template's
    #: marker file (``manage.py-tpl``; see ``._scaffolding``).
    embedded_by: str | None = None
    #: Whether the directory is one whose name says its files are no longer used
    #: (:data:`RETIRED_DIRECTORIES`), not test data.
    retired: bool = False


def files_in_test_data(
    files: Iterable[tuple[str, str]],
    walked: Sequence[str],
    named: Sequence[str] = (),
    *,
    as_walked: bool = False,
) -> dict[str, UnderTestData]:
    """The files among ``files`` (path, kind) that a walk of ``walked`` found in test data:
    below each walked directory that holds them, under a test-data directory; and those a
    Kyverno CLI test of the walk names as its input, or a Chainsaw test only compares with
    the cluster (see ``._policy_tests``), unless the walk is of that test's directory or one
    below it; and the manifests below a directory of tests that only unit tests name (see
    ``._unit_tests``), unless the walk is of their directory or one below it.

    ``named``: the files named on the command line, which are read whatever their place;
    with ``as_walked``, as a walk of the working directory would find them (pre-commit
    names each file it checks: ``--force-exclude``).
    """
    if as_walked:
        walked, named = (os.curdir, os.getcwd()), ()
    tops = [path_parts(top) for top in walked]
    chosen = {os.path.normcase(os.path.abspath(path)) for path in named}
    found: dict[str, UnderTestData] = {}
    files = list(files)
    directories = [os.path.dirname(path) or os.curdir for path, _ in files]
    inputs = read_only_by_tests(directories)
    created: set[str] | None = None  # (what Chainsaw tests create: read when needed)
    left: dict[str, str] | None = None  # (the files beside a test that it does not name)
    in_suites: list[str] = []  # (an end-to-end suite's manifests, which it may not name)
    for path, kind in files:
        test = inputs.get(os.path.realpath(path)) if inputs else None
        if test is not None and _beside(test, walked, chosen, path):
            # (a test's input or expectation, wherever it lies: the test never creates it)
            found[path] = UnderTestData(os.path.dirname(path) or os.curdir, False, test)
            continue
        where = _in_test_data(path, tops, walked) if _may_be_test_data(path) else None
        if where is not None and kind == "build" and is_test_code(path):
            where = None  # (a pytest fixture module, a Go package: code the tests run)
        if where is None and kind in _MANIFESTS:
            if left is None:
                left = left_beside_tests(directories)
            test = left.get(os.path.realpath(path))
            if test is not None and _beside(test, walked, chosen, path):
                # (a test case's file that no test names: read by nothing; one note for the
                # test's directory, naming the test)
                where = UnderTestData(os.path.dirname(path) or os.curdir, False, test)
            else:
                where = _manifest_under_tests(path, walked, chosen)
            if where is not None:
                # (what a Chainsaw test creates is pulled, whatever else reads it)
                if created is None:
                    created = created_by_tests(directories)
                if os.path.realpath(path) in created:
                    where = None
        if where is None and kind in _READ_BY_UNIT_TESTS:
            where = _named_by_unit_test(path, walked, chosen)
        if where is None and (kind == "dockerfile" or path.endswith((".yaml", ".yml"))):
            where = _checker_corpus(path, kind, walked, chosen)
            if where is not None and kind in _MANIFESTS:
                # (what a Chainsaw test creates is pulled, whatever its name says: kyverno's
                # good-pod.yaml)
                if created is None:
                    created = created_by_tests(directories)
                if os.path.realpath(path) in created:
                    where = None
        if where is None and kind not in _MANIFESTS and is_expected_output(path):
            where = _expected_under_tests(path, walked, chosen)
        if where is None and kind in ("dockerfile", "compose"):
            # (a compose file beside a tool's templated Dockerfiles is one too:
            # docker/mcp-gateway's `docker mcp server init` writes templates/basic/compose.yaml)
            where = _scaffolding(path, tops, walked)
        if where is None:
            where = _snapshot_case(path, tops, walked)
        if where is None and _END_TO_END_OR_TESTS.search(path):
            where = _rendered_case(path, walked, chosen)
        if where is None:
            where = _packaged_templates(path, tops, walked)
        if where is None and (f"{os.sep}." in path or f"{os.sep}_" in path or path[:1] in "._"):
            where = _hidden_templates(path, tops, walked)
        if where is None and kind in _RETIRED_KINDS:
            where = _retired_directory(path, tops, walked)
        if where is not None and os.path.normcase(os.path.abspath(path)) not in chosen:
            found[path] = where
        if (
            (where is None or where.suite)
            and kind in _SUITE_MANIFESTS
            and _END_TO_END_WORD.search(path)
        ):
            in_suites.append(path)
    if in_suites:
        _unnamed_in_suites(in_suites, walked, chosen, found, directories)
    return found


#: The kinds of an end-to-end suite's files that its tests may name one by one (see
#: ``._suite_fixtures``), and a quick look at a path for a suite's directory.
_SUITE_MANIFESTS = frozenset({"kubernetes", "kustomize"})
_END_TO_END_WORD = lazy_pattern(r"e2e|integration|acceptance", re.I)


def _unnamed_in_suites(
    paths: list[str],
    walked: Sequence[str],
    chosen: set[str],
    found: dict[str, UnderTestData],
    directories: list[str],
) -> None:
    """Adds to ``found`` the manifests among ``paths`` of an end-to-end suite that names what
    it applies one by one, which nothing of the project names (see ``._suite_fixtures``):
    argoproj/argo-rollouts' ``test/e2e/expectedfailures/experiment-degrade.yaml``. What a
    Chainsaw test creates is still read, and so is a file the walk is of the directory of."""
    from ._suite_fixtures import unnamed_in_suites

    unnamed = unnamed_in_suites(paths)
    if not unnamed:
        return
    created = created_by_tests(directories)
    for path in paths:
        if (
            path in unnamed
            and os.path.realpath(path) not in created
            and _beside(path, walked, chosen, path)
        ):
            found[path] = UnderTestData(os.path.dirname(path) or os.curdir, False)


#: The names of the directories where a project keeps what it no longer uses (compared in
#: lower case): talkyard's ``images/web/old/``, manticoresearch's ``dist/build_dockers/
#: retired/``, jetson-containers' ``deprecated/``, opensearch-build's ``docker/ci/dockerfiles/
#: legacy/`` (its Dockerfile lint reads only ``dockerfiles/current``), zed-docker's ``legacy/``
#: (its CI builds only ``N.X/``). Not ``archive`` nor ``backup``, which name what a project
#: does (torchserve's model ``archive``, talkyard's ``images/backup``, an image that its
#: compose file builds), nor ``previous``.
RETIRED_DIRECTORIES = frozenset(
    {"old", "olds", "retired", "deprecated", "obsolete", "archive", "archives", "archived",
     "attic", "unused", "unmaintained", "legacy", "graveyard", "dead", "outdated"}
)  # fmt: skip
#: The endings of a directory's backup copy's name (``build.ci.backups``, ``nginx.old``), as
#: of a file's (``Dockerfile-old``: see ``.discover``).
_RETIRED_ENDINGS = (".old", "-old", "_old", ".bak", ".backup", ".backups")
#: The kinds of files whose uses the project context tells (see :func:`used`): a build that
#: feeds a Dockerfile, a compose command, a ``kubectl apply``, a release of a chart.
_RETIRED_KINDS = frozenset({"dockerfile", "compose", "kubernetes", "kustomize", "helm"})


def is_retired_name(name: str) -> bool:
    """Whether a directory's name says the project no longer uses what it holds."""
    lowered = name.lower()
    return lowered in RETIRED_DIRECTORIES or lowered.endswith(_RETIRED_ENDINGS)


def _retired_directory(
    path: str, tops: Sequence[tuple[str, ...]], walked: Sequence[str]
) -> UnderTestData | None:
    """Where ``path`` lies below a directory whose name says it is no longer used (the
    outermost one below the walked directory that holds it), or ``None``."""
    parts = path_parts(path)
    for top, walk in zip(tops, walked, strict=True):
        if parts[: len(top)] != top or len(parts) == len(top):
            continue
        if not top and (parts[0].startswith(os.sep) or os.pardir in parts):
            continue
        for index in range(len(top), len(parts) - 1):
            if is_retired_name(parts[index]):
                directory = os.path.normpath(os.path.join(walk, *parts[len(top) : index + 1]))
                return UnderTestData(directory, False, retired=True)
        return None
    return None


def _scaffolding(
    path: str, tops: Sequence[tuple[str, ...]], walked: Sequence[str]
) -> UnderTestData | None:
    """A Dockerfile or compose file a Go tool of the project embeds as a template it writes into
    its users' projects, or that lies in a Django project template (see ``._scaffolding``), below a
    walked directory."""
    from ._scaffolding import (
        ARCHETYPE_RESOURCES,
        TEMPLATE_DIRECTORIES,
        archetype_template,
        django_template,
        embedded_by_test,
        embedded_template,
    )

    parts = path_parts(path)
    named_templates = not TEMPLATE_DIRECTORIES.isdisjoint(parts[:-1])
    archetype = ARCHETYPE_RESOURCES in parts[:-1]
    for top, walk in zip(tops, walked, strict=True):
        if parts[: len(top)] == top and len(parts) > len(top):
            # (a quick look first: a Go tool's templates lie in a directory named for them)
            found = embedded_template(path, walk) if named_templates else None
            if found is None and archetype:
                found = archetype_template(path, walk)
            if found is None:
                found = django_template(path, walk)
            if found is not None:
                return UnderTestData(found[0], False, None, found[1])
            test = embedded_by_test(path, walk)
            if test is not None:
                return UnderTestData(os.path.dirname(path) or os.curdir, False, test)
    return None


def _snapshot_case(
    path: str, tops: Sequence[tuple[str, ...]], walked: Sequence[str]
) -> UnderTestData | None:
    """Where a file lies in a case of a directory that a snapshot test runs case by case
    (see ``._snapshot_cases``: nixpacks' ``examples/<app>``), below a walked directory."""
    from ._snapshot_cases import case_corpus

    parts = path_parts(path)
    for top, walk in zip(tops, walked, strict=True):
        if parts[: len(top)] != top or len(parts) == len(top):
            continue
        if not top and (parts[0].startswith(os.sep) or os.pardir in parts):
            continue  # (the working directory's: only a relative path below it)
        corpus = case_corpus(parts[:-1], len(top))
        if corpus is not None:
            directory = os.path.normpath(os.path.join(walk, *path_parts(corpus)[len(top) :]))
            return UnderTestData(directory, False)
    return None


def _rendered_case(path: str, walked: Sequence[str], chosen: set[str]) -> UnderTestData | None:
    """Where a file lies in a test case's directory that the script of the same name beside
    it only renders (see ``._case_scripts``: helmfile's ``test-cases/issue-2355/`` and
    ``issue-2355.sh``, which runs ``helmfile diff`` on it), unless the walk is of the case."""
    from ._case_scripts import rendering_script

    found = rendering_script(path)
    if found is None or not _beside(os.path.join(found[0], "_"), walked, chosen, path):
        return None
    return UnderTestData(found[0], False, found[1])


def _packaged_templates(
    path: str, tops: Sequence[tuple[str, ...]], walked: Sequence[str]
) -> UnderTestData | None:
    """Where a file lies in the templates a Node.js command of the project ships to write
    into its users' projects (see ``._scaffolding``), below a walked directory."""
    from ._scaffolding import TEMPLATE_DIRECTORIES, packaged_template

    parts = path_parts(path)
    if TEMPLATE_DIRECTORIES.isdisjoint(parts[:-1]):
        return None  # (a quick look: such templates lie in a directory named for them)
    for top, walk in zip(tops, walked, strict=True):
        if parts[: len(top)] == top and len(parts) > len(top):
            found = packaged_template(path, walk)
            if found is not None:
                return UnderTestData(found[0], False, None, found[1])
    return None


def _expected_under_tests(
    path: str, walked: Sequence[str], chosen: set[str]
) -> UnderTestData | None:
    """Where a file of another kind than a manifest, named as a test's expected output
    (:func:`is_expected_output`), is test data: below a directory of tests, outside an
    end-to-end suite, when the walk is not of its directory (common-workflow-language/
    cwltool's ``tests/wf/expect_packed.cwl``, what ``test_pack.py`` compares
    ``cwltool --pack`` with; nothing runs it)."""
    from ._unit_tests import in_test_directory

    if not in_test_directory(path) or not _beside(path, walked, chosen, path):
        return None
    return UnderTestData(os.path.dirname(path) or os.curdir, False)


def _checker_corpus(
    path: str, kind: str, walked: Sequence[str], chosen: set[str]
) -> UnderTestData | None:
    """Where a Dockerfile or a YAML file is a code checker's test input (see
    ``._checker_corpora``): the target of a rule beside it, or below a directory of tests in
    one language's directory of a polyglot tool's corpus; unless the walk is of that
    directory or one below it."""
    from ._checker_corpora import language_corpus, rule_test_target
    from ._unit_tests import in_test_directory

    if rule_test_target(path) is not None:
        if not _beside(path, walked, chosen, path):
            return None
        # (one note for the directory: each case names its own rule)
        return UnderTestData(os.path.dirname(path) or os.curdir, False)
    if not in_test_directory(path):
        return None
    if _names_an_outcome(path) and _beside(path, walked, chosen, path):
        # (a case named by the outcome expected of the checker: checkov's
        # tests/kubernetes/checks/example_NoDefaultNamespace/Dev-PASSED.yaml)
        return UnderTestData(os.path.dirname(path) or os.curdir, False)
    corpus = language_corpus(path, "dockerfile" if kind == "dockerfile" else "yaml")
    if corpus is None or not _beside(os.path.join(corpus, "_"), walked, chosen, path):
        return None
    return UnderTestData(corpus, False)


def _names_an_outcome(path: str) -> bool:
    """Whether a file's name has a word of :data:`CHECKER_CASES` (split at ``-``, ``_``,
    ``.``; any case): bridgecrewio/checkov's ``X-PASSED.yaml`` and ``X-FAILED.yaml`` beside
    each other, the cases of its check ``X`` (survey 30m)."""
    name = os.path.basename(path).lower()
    if not any(word in name for word in _CHECKER_CASE_WORDS):
        return False  # (a quick look: most names have none)
    words = name.replace("-", " ").replace("_", " ").replace(".", " ").split()
    return not CHECKER_CASES.isdisjoint(words)


def _named_by_unit_test(path: str, walked: Sequence[str], chosen: set[str]) -> UnderTestData | None:
    """Where a file of another kind than a manifest (a Dockerfile, a compose file, a CI file)
    below a directory of tests is a unit test's input: one names it, or a directory above it,
    and builds no image (see ``._unit_tests``): bridgecrewio/checkov's
    ``tests/dockerfile/checks/test_ReferenceLatestTag.py`` runs its scanner on
    ``current_dir + "/example_ReferenceLatestTag"``."""
    from ._unit_tests import in_test_directory

    if not in_test_directory(path):
        return None
    return _read_by_unit_test(path, walked, chosen)


def _read_by_unit_test(path: str, walked: Sequence[str], chosen: set[str]) -> UnderTestData | None:
    """Where a file below a directory of tests is the input of the unit test that names it,
    when the walk is not of the directory the test names or one below it."""
    from .context import unit_test_of

    read_by = unit_test_of(path)
    if read_by is not None and _beside(os.path.join(read_by[1], "_"), walked, chosen, path):
        return UnderTestData(_as_scanned(read_by[1], path), False, read_by[0])
    return None


def _manifest_under_tests(
    path: str, walked: Sequence[str], chosen: set[str]
) -> UnderTestData | None:
    """Where a manifest below a directory of tests is a test's, by what only tests do with
    it: a unit test's input (``._unit_tests``; read when the walk is of the directory the
    test names, or one below), what the project's commands only test (an offline
    evaluator's input, a resource the cluster is expected to refuse), or, by its name, a
    test's expected output (read when the walk is of its directory)."""
    from ._unit_tests import in_test_directory

    if not in_test_directory(path):
        # (an end-to-end suite's expected output: helmfile's test-cases/*/output/, which its
        # scripts diff with what `helmfile template` writes; the suite applies its inputs)
        expected = expected_output_directory(path)
        if expected is None or not _beside(os.path.join(expected, "_"), walked, chosen, path):
            return None
        return UnderTestData(expected, False)
    read_by = _read_by_unit_test(path, walked, chosen)
    if read_by is not None:
        return read_by
    unit = _unit_tests_directory(path)
    if unit is not None and _beside(os.path.join(unit, "_"), walked, chosen, path):
        return UnderTestData(unit, False)
    if not _beside(path, walked, chosen, path):
        return None
    from .snapshots import only_tested_by

    tester = only_tested_by(path)
    if tester is not None:
        return UnderTestData(os.path.dirname(path) or os.curdir, False, tester)
    expected = expected_output_directory(path)
    if expected is not None and _beside(os.path.join(expected, "_"), walked, chosen, path):
        return UnderTestData(expected, False)
    if is_expected_output(path):
        return UnderTestData(os.path.dirname(path) or os.curdir, False)
    return None


#: The directories of unit tests, below a directory of tests (``tests/unit``): what they hold
#: is their input, read with fake clients (docker-py's ``tests/unit``, openstack/tacker's
#: ``samples/tests/unit/sol_refactored/samples``, read through a helper of its tests).
UNIT_TEST_DIRECTORIES = frozenset({"unit", "unittests", "unit_tests", "unittest"})


def _unit_tests_directory(path: str) -> str | None:
    """The directory of unit tests ``path`` lies below (one named in
    :data:`UNIT_TEST_DIRECTORIES` inside a directory of tests), else ``None``."""
    directories = os.path.normpath(path).split(os.sep)[:-1]
    tests = next(
        (index for index, name in enumerate(directories) if name.lower() in TEST_DIRECTORIES),
        None,
    )
    if tests is None:
        return None
    for index in range(tests + 1, len(directories)):
        if directories[index].lower() in UNIT_TEST_DIRECTORIES:
            return os.sep.join(directories[: index + 1]) or os.curdir
    return None


def _hidden_templates(
    path: str, tops: Sequence[tuple[str, ...]], walked: Sequence[str]
) -> UnderTestData | None:
    """Where a file lies in a hidden directory named for templates below a walked directory
    (``.templates``, ``.scaffold``…: secureCodeBox's ``.templates/new-scanner``, the chart,
    Dockerfile and examples its Taskfile copies to start each new scanner, which its CI leaves
    out of the charts it releases): what the project copies, not what it builds or deploys.
    An underscored one is the same (``_template``, a name the go tool and others skip):
    kubeedge's mapper-framework ``_template/mapper``, whose Dockerfiles its ``generate.sh``
    copies (``cp -r``) into each new mapper (survey 37d: 4 false TS006)."""
    from ._scaffolding import TEMPLATE_DIRECTORIES

    parts = path_parts(path)
    for top, walk in zip(tops, walked, strict=True):
        if parts[: len(top)] != top or len(parts) == len(top):
            continue
        for index in range(len(top), len(parts) - 1):
            name = parts[index]
            if name.startswith((".", "_")) and name[1:].lower() in TEMPLATE_DIRECTORIES:
                directory = os.path.normpath(os.path.join(walk, *parts[len(top) : index + 1]))
                return UnderTestData(directory, False, None, directory)
    return None


def is_expected_output(path: str) -> bool:
    """Whether a file's name, or its directory's, says it is what a test expects a run to
    produce (:data:`EXPECTED_NAMES`; see the module): a golden file."""
    stem = os.path.basename(path).partition(".")[0].lower()
    directory = os.path.basename(os.path.dirname(path)).lower()
    return (
        stem.startswith(EXPECTED_NAMES)
        or stem.endswith(EXPECTED_NAMES)
        or stem.startswith(_EXPECT_HEADS)
        or stem.endswith(_EXPECT_TAILS)
        or directory in EXPECTED_DIRECTORIES
        or ".golden." in os.path.basename(path).lower()
        or any(mark in os.path.basename(path) for mark in _SNAPSHOT_MARKS)
        or _output_beside_its_input(path)
    )


#: The words that mark a test case's expected output in its name, each with the word that
#: marks its input beside it (``NAME.out.yaml`` and ``NAME.in.yaml``).
_OUTPUT_WORDS = MappingProxyType({"out": "in", "output": "input"})


def _output_beside_its_input(path: str) -> bool:
    """Whether a file is named as a test case's output (``NAME.out.yaml``) beside its input
    (``NAME.in.yaml``): envoyproxy/gateway's ``test/helm/gateway-helm/*.out.yaml``, what
    ``helm template`` gives with the values of each ``*.in.yaml``, which its tests compare."""
    name = os.path.basename(path)
    parts = name.split(".")
    for index in range(1, len(parts) - 1):
        counterpart = _OUTPUT_WORDS.get(parts[index].lower())
        if counterpart is not None:
            sibling = ".".join([*parts[:index], counterpart, *parts[index + 1 :]])
            return os.path.isfile(os.path.join(os.path.dirname(path), sibling))
    return False


def compared_only(path: str, kind: str) -> bool:
    """Whether a manifest of an end-to-end suite's data is named as what a test compares a
    command's output with (:func:`is_expected_output`), or as the input of that command beside
    it (``NAME-input.yaml`` and ``NAME-expected.yaml``): siderolabs/talos'
    ``internal/integration/cli/testdata/inject``, which its CLI suite gives ``talosctl inject``
    and diffs, and applies to no cluster. Still read when a ``kubectl apply`` names it."""
    if kind != "kubernetes":
        return False
    if is_expected_output(path):
        return True
    directory, name = os.path.split(path)
    stem, dot, extension = name.partition(".")
    for word in _INPUT_WORDS:
        if stem.lower().endswith(word):
            expected = stem[: len(stem) - len(word) + 1] + "expected"
            return os.path.isfile(os.path.join(directory, expected + dot + extension))
    return False


#: How a command's input is named beside its expected output (``talosconfig-input.yaml``).
_INPUT_WORDS = ("-input", "_input")


def expected_output_directory(path: str) -> str | None:
    """The directory of expected outputs that ``path`` lies below, as ``path`` names it: the
    first directory named so (:data:`EXPECTED_DIRECTORIES`) below a directory of tests or of an
    end-to-end suite, at any depth (rancher/fleet-examples' ``tests/expected/single-cluster/
    helm/dev-output.yaml``, which ``tests/test.sh`` diffs with what ``fleet test`` prints)."""
    lowered = path.lower()
    if not any(name in lowered for name in EXPECTED_DIRECTORIES):
        return None  # (a quick look: most paths name none)
    parts = path.split(os.sep)[:-1]
    tested = False
    for index, name in enumerate(parts):
        lowered = name.lower()
        if tested and lowered in EXPECTED_DIRECTORIES:
            return os.sep.join(parts[: index + 1]) or os.sep
        tested = tested or lowered in TEST_DIRECTORIES or names_end_to_end(name)
    return None


#: What the name of a snapshot test's file says (Verify's, .NET:
#: ``Tests.Method#01.verified.yaml``, what a run must produce; ``.received.`` what it did).
_SNAPSHOT_MARKS = (".verified.", ".received.")


def _in_test_data(
    path: str, tops: Sequence[tuple[str, ...]], walked: Sequence[str]
) -> UnderTestData | None:
    """Where ``path`` lies in a test-data directory below the walked directory that holds
    it (``tops``: each walked directory's parts), or ``None``."""
    parts = path_parts(path)
    where: UnderTestData | None = None
    for top, walk in zip(tops, walked, strict=True):
        if parts[: len(top)] != top or len(parts) == len(top):
            continue  # (not below this walked directory)
        if not top and (parts[0].startswith(os.sep) or os.pardir in parts):
            continue  # (the working directory's: only a relative path below it)
        index = _test_data_index(parts[:-1], len(top))
        if index is None:
            return None  # (a walk that reaches it outside test data reads it)
        directory = os.path.normpath(os.path.join(walk, *parts[len(top) : index + 1]))
        # (the walked directory may be the suite: `tagsense check integration/`)
        where = UnderTestData(directory, any(names_end_to_end(part) for part in parts[:index]))
    return where


def _as_scanned(directory: str, path: str) -> str:
    """The real ``directory`` above ``path`` as the scan names ``path``'s directories."""
    levels = os.path.realpath(path).count(os.sep) - directory.count(os.sep) - 1
    scanned = os.path.dirname(path) or os.curdir
    for _ in range(levels):
        scanned = os.path.dirname(scanned) or os.curdir
    return scanned


def _beside(test: str, walked: Sequence[str], chosen: set[str], path: str) -> bool:
    """Whether a Kyverno test's input at ``path`` is test data for this walk: not named on
    the command line, and no walked directory is the test's own or one below it."""
    if os.path.normcase(os.path.abspath(path)) in chosen:
        return False
    top = os.path.realpath(os.path.dirname(test)).rstrip(os.sep) + os.sep
    return not any((os.path.realpath(walk) + os.sep).startswith(top) for walk in walked)


def is_test_data_directory(directories: Sequence[str]) -> bool:
    """Whether the last of ``directories`` (a path's parts, outermost first) is named for a
    test's input data: a name of :data:`TEST_DATA_DIRECTORIES`, or ``data`` or ``resources``
    directly in a directory of tests (:data:`TEST_DIRECTORIES`: pytest's ``tests/data``,
    Maven's and Gradle's ``src/test/resources``, PHPUnit's ``tests/resources``)."""
    if not directories:
        return False
    name = directories[-1].lower()
    if _names_test_data(name):
        return True
    if _names_test_data_kind(name):
        return True
    if name in ("data", "resources"):
        # (Maven's src/test/resources, PHPUnit's tests/resources: appwrite's unit tests read
        # tests/resources/docker/docker-compose.yml as text, and nothing runs it)
        return len(directories) > 1 and _names_tests_or_fakes(directories[-2].lower())
    return False


def _names_tests_or_fakes(name: str) -> bool:
    """Whether a (lower-case) directory name is one of :data:`TEST_DIRECTORIES`, or names a
    fake or a mock of something by its first word (kubeflow/pipelines' ``frontend/mock-backend``,
    whose ``data`` a development server answers with)."""
    first = name.replace("_", "-").partition("-")[0]
    return name in TEST_DIRECTORIES or (first != name and first in _FAKE_WORDS)


#: The first words of the names of fakes' and mocks' directories (``mock-backend``).
_FAKE_WORDS = frozenset({"fake", "fakes", "mock", "mocks"})


def counts(where: UnderTestData, path: str | None) -> bool:
    """Whether a use of a file in test data by ``path`` (a build file, a command file) counts:
    one from outside its test-data directory, or any in an end-to-end suite's (a unit test's
    build files are its data). ``None``: no file, the command line's."""
    if where.suite or path is None:
        return True
    top = os.path.realpath(where.directory).rstrip(os.sep) + os.sep
    return not os.path.realpath(path).startswith(top)


def counted_builds(
    builds: Sequence[BuildConfig], where: UnderTestData, context: ProjectContext | None = None
) -> list[BuildConfig]:
    """The builds that feed a Dockerfile in test data: those whose file :func:`counts`, or
    that a file which counts runs (``context``): kubernetes-sigs/kubebuilder's CI runs ``make
    docker-build`` with ``working-directory: testdata/project-v4``, whose Makefile builds the
    sample's Dockerfile (survey 32b: 7 pulls missed). A compose file that a JVM module's tests
    bring up from their classpath builds its Dockerfiles (rundeck/rundeck's functional tests,
    see ``._jvm_compose_tests``)."""
    if where.suite or not builds:
        return list(builds)
    return [
        build
        for build in builds
        if counts(where, build.site.path)
        or (
            context is not None
            and any(counts(where, path) for path in context.files_reaching(build.site))
        )
        or _run_by_jvm_tests(build)
    ]


def _run_by_jvm_tests(build: BuildConfig) -> bool:
    """Whether ``build`` is a compose file's that a JVM module's tests bring up."""
    if build.site.tool != "compose" or build.site.path is None:
        return False
    from ._jvm_compose_tests import run_by_jvm_tests

    return run_by_jvm_tests(build.site.path)


def used(path: str, kind: str, where: UnderTestData, context: ProjectContext | None) -> bool:
    """Whether the project uses a file in test data other than a Dockerfile (whose builds
    :func:`counted_builds` weighs): a compose file that a compose file includes, that a
    devcontainer names, or that a ``docker compose -f`` of a script, Makefile or CI step
    runs, or that a JVM module's tests bring up from their classpath (see
    ``._jvm_compose_tests``); a manifest or kustomization that a ``kubectl apply -f`` names (see
    ``.snapshots``), or a test of a real cluster names (an integration suite's, see
    ``._unit_tests``); a chart that a release deploys (Skaffold's ``helm``). Each use from a
    file that :func:`counts`. A ``*.properties`` file read for its Testcontainers JDBC URLs
    is the tests' configuration, read by them. A CI file, a build tool's file, a Makefile, a
    script or an archive in a unit test's data is its input."""
    if where.suite and not compared_only(path, kind):
        return True
    from .builds.app_config import is_app_config_name

    if kind == "build" and (path.endswith(".properties") or is_app_config_name(path)):
        # (a test's configuration, not its input: Spring's tests read the test classpath's
        # application.properties, whose jdbc:tc: URL starts the database; conductor-oss/
        # conductor's mysql-persistence/src/test/resources; Micronaut's application.yml, whose
        # test-resources.containers start the tests' databases)
        return True
    if kind == "build" and path.endswith(".cs"):
        # (a test's code, not its input: an SDK-style .NET project compiles every *.cs below
        # it, and xUnit's class fixtures live in Fixtures/; ardalis/CleanArchitecture's
        # SmtpServerFixture starts Testcontainers' papercut)
        return True
    if kind == "shell":
        # (a script the project runs is a script, wherever it lies)
        return run_script(path, where, context)
    if kind == "helm":
        chart = path if os.path.isdir(path) else os.path.dirname(path) or os.curdir
        releases = context.releases_of(chart) if context is not None else []
        return any(counts(where, release.site.path) for release in releases)
    if kind not in ("compose", "kubernetes", "kustomize"):
        return False
    if context is not None and _read_by(path, where, context):
        return True
    if kind == "compose":
        from ._jvm_compose_tests import run_by_jvm_tests

        # (Testcontainers' compose module brings it up from the tests' classpath)
        return run_by_jvm_tests(path)
    from .context import cluster_test_names

    if cluster_test_names(path):
        # (kubeflow/pipelines' backend/test/integration tests upload
        # backend/test/resources/hello-world.yaml to the cluster, which runs it)
        return True
    from .snapshots import applied

    return applied(path, by=lambda file: counts(where, file))


def note_for_test_data(where: UnderTestData) -> Scan:
    """The one note for a test-data directory's files that nothing of the project uses (the
    same for each of them, so that the scan shows it once)."""
    from ._scaffolding import ARCHETYPE_DESCRIPTORS

    if where.embedded_by is not None and where.embedded_by.endswith("-tpl"):
        return _templates(
            f"{where.embedded_by} makes this directory a Django project template "
            "(startproject --template) that new projects copy, and nothing of this project "
            "builds its Dockerfiles",
            where,
        )
    if where.embedded_by is not None and where.embedded_by.endswith(ARCHETYPE_DESCRIPTORS):
        return _templates(
            f"{where.embedded_by} makes this directory a Maven archetype's resources (mvn "
            "archetype:generate), which the projects it generates start with, and nothing of "
            "this project builds or runs them",
            where,
        )
    if where.embedded_by is not None and where.embedded_by == where.directory:
        hidden = "an underscored" if os.path.basename(where.directory)[:1] == "_" else "a hidden"
        return _templates(
            f"{hidden} directory named for templates holds what the project copies to start "
            "something new, and nothing of this project builds or deploys its files",
            where,
        )
    if where.embedded_by is not None and os.path.basename(where.embedded_by) == "package.json":
        return _templates(
            f"{where.embedded_by} ships this directory with its command (`bin`, `files`) to "
            "write into its users' projects, and nothing of this project builds or runs its "
            "files",
            where,
        )
    if where.embedded_by is not None:
        return _templates(
            f"{where.embedded_by} embeds these Dockerfiles and compose files (//go:embed) to "
            "write them into its users' projects, and nothing of this project builds or runs "
            "them",
            where,
        )
    if where.retired:
        note = (
            "retired: this directory's name says the project no longer uses what it holds, "
            "and nothing of the project builds, runs or deploys its files here, so they are "
            "not read; to check one, name it, or this directory (`tagsense check PATH`)"
        )
        return Scan((), (SourceError(where.directory, None, note, note=True),))
    whose = "a test's input" if where.test is None else f"what the test {where.test} reads"
    note = (
        f"test data: the files here that nothing of the project uses are {whose}, not "
        "read (nothing pulls their images); to check one, name it, or this directory "
        "(`tagsense check PATH`)"
    )
    return Scan((), (SourceError(where.directory, None, note, note=True),))


def _templates(why: str, where: UnderTestData) -> Scan:
    """The one note for a directory of templates that new projects copy (``why``: what
    makes it one), whose files nothing of this project builds or runs."""
    note = (
        f"templates: {why}, so they are not read; to check one, name it, or this directory "
        "(`tagsense check PATH`)"
    )
    return Scan((), (SourceError(where.directory, None, note, note=True),))


def without_refusals(scan: Scan, where: UnderTestData) -> Scan:
    """An end-to-end suite's file without what its tools would refuse: invalid references
    and error-level errors, with one note for its test-data directory when there were any.

    The suite's scenarios run in the project's own CI and pass: one that a tool refuses is
    a test of that refusal, an empty or invalid fixture as a unit test's is. argo-cd's
    ``test/e2e/testdata/progressive-sync`` deploys ``image: alpine:invalid!  # Bad image -
    will be stuck Progressing``, and ``test/e2e/testdata/invalid-kustomize`` is a
    kustomization whose ``configurations:`` file is missing, for the tests that expect the
    sync to fail (survey 13a: 3 false TS012, 1 false error).
    """
    kept = tuple(found for found in scan.occurrences if not _refused(found))
    errors = tuple(error for error in scan.errors if error.note or error.internal)
    if len(kept) == len(scan.occurrences) and len(errors) == len(scan.errors):
        return scan
    note = (
        "test data of an end-to-end suite: what its tools would refuse here (an invalid image "
        "reference, a file that does not build) is a test's point, not reported; to check it, "
        "name this directory (`tagsense check PATH`)"
    )
    return Scan(
        kept, (*errors, SourceError(where.directory, None, note, note=True)), scan.suppressions
    )


def _refused(found: Occurrence) -> bool:
    """Whether an occurrence is text no tool takes as an image reference (TS012's)."""
    return found.reference is None and not found.unresolved and found.run_time is None


def _read_by(path: str, where: UnderTestData, context: ProjectContext) -> bool:
    """Whether a build file or a compose command of the project reads ``path`` as a compose
    file (a compose ``include``, a devcontainer's ``dockerComposeFile``, ``docker compose
    -f``; a compose-shaped YAML of any name)."""
    real = os.path.realpath(path)
    for file in context.files:
        if not counts(where, file.path):
            continue
        if any(os.path.realpath(read) == real for read in file.reads):
            return True
        if any(os.path.realpath(other) == real for other, _ in file.named):
            return True
    return any(
        counts(where, run.site.path)
        or (run.site.tool == "shell" and run_script(run.site.path, where, context))
        for run in context.runs_of(path)
    )


def run_script(path: str | None, where: UnderTestData, context: ProjectContext | None) -> bool:
    """Whether the project runs the shell script ``path`` in test data: a file of its own
    that :func:`counts` runs it (an npm script, a Makefile's recipe, a CI step, another
    script: it reads the script through itself), or a test that runs a shell names it (see
    ``._unit_tests``). jembi/openhim-core-js's ``package.json`` runs
    ``./test/resources/replica-set-test/setup.sh``, which brings up the compose file beside
    it; kubereboot/kured's ``tests/kind/main_test.go`` runs ``bash
    testfiles/podblocker.sh``, which applies a pod (surveys 59a, 59d: 2 pulls missed)."""
    if path is None:
        return False
    real = os.path.realpath(path)
    for file in context.files if context is not None else ():
        if file.path is None or not file.reads or not counts(where, file.path):
            continue
        if any(os.path.realpath(read) == real for read in file.reads):
            return True
    from .context import run_by_test

    return run_by_test(path)


def _may_be_test_data(path: str) -> bool:
    """A quick look at the path's text, before it is split."""
    lowered = path.lower()
    return (
        "data" in lowered
        or "fixtures" in lowered
        or "resources" in lowered
        or "files" in lowered
        or f"src{os.sep}test{os.sep}" in lowered
        or any(word in lowered for word in _CHECKER_CASE_WORDS)
    )


def _names_test_data(name: str) -> bool:
    """Whether a (lower-case) name is one of :data:`TEST_DATA_DIRECTORIES`, also after the
    ``_`` that hides a directory from the go tool (kyverno's
    ``cmd/cli/kubectl-kyverno/_testdata``, read by its Go tests)."""
    return name in TEST_DATA_DIRECTORIES or name.lstrip("_") in TEST_DATA_DIRECTORIES


def _names_test_data_kind(name: str) -> bool:
    """Whether a (lower-case) name is one of test data of a kind or a number: moby/buildkit's
    parser tests read ``testfiles-negative``, argo-cd's e2e tests ``testdata2``."""
    head = name.replace("_", "-").partition("-")[0]
    if head in _TEST_DATA_HEADS and head != name:
        return True
    numbered = name.rstrip("0123456789")
    return numbered in _TEST_DATA_HEADS and numbered != name


def _test_data_index(directories: Sequence[str], start: int) -> int | None:
    """The index of the first of ``directories`` (a path's, outermost first) from ``start``
    on that test conventions name for test data. The directories above ``start`` (the
    walked directory's) may tell, and, for the first ones, those of the working directory:
    `tagsense check tests` finds `tests/data`."""
    for index in range(start, len(directories)):
        name = directories[index].lower()
        if _names_test_data(name) or _names_test_data_kind(name):
            return index
        if name in ("data", "resources") and is_test_data_directory(_above(directories, index)):
            return index
        if name in ("data", "resources") and _beside_unit_tests(directories, index):
            return index
        if name in CHECKER_CASES and _below_tests(directories, index):
            return index
        if _in_jvm_test_source_set(directories, index):
            return index
    return None


#: The code roots of a JVM build's test source set (Maven's and Gradle's ``src/test/java``,
#: sbt's ``src/test/scala``, ``src/test/scala-2.13``): its tests, not their input.
_JVM_CODE_ROOTS = frozenset({"java", "kotlin", "scala", "groovy", "clojure"})


def _in_jvm_test_source_set(directories: Sequence[str], index: int) -> bool:
    """Whether ``directories[index]`` is a directory of a JVM build's test source set other
    than a code root (``src/test/cases`` beside ``src/main``): its tests read it as input, as
    they read ``src/test/resources``. broadinstitute/cromwell's WDL transforms parse
    ``wdl/transforms/draft3/src/test/cases/*.wdl`` in ``WdlFileToWomSpec.scala``
    (``File("…/src/test/cases")``), and nothing runs them (survey 38c: 13 false findings)."""
    if index < 2 or os.pardir in directories[index - 2 : index + 1]:
        return False
    if directories[index - 1].lower() != "test" or directories[index - 2].lower() != "src":
        return False
    name = directories[index].lower()
    if name in _JVM_CODE_ROOTS or name.partition("-")[0] in _JVM_CODE_ROOTS:
        return False
    # (the build's layout: src/main beside src/test, as Maven, Gradle and sbt lay it out)
    return os.path.isdir(os.path.join(*directories[: index - 1], "main"))


def _beside_unit_tests(directories: Sequence[str], index: int) -> bool:
    """Whether ``directories[index]`` lies below a directory of tests (outside an end-to-end
    suite) beside a unit test's source, whose input it holds: bridgecrewio/checkov's
    ``tests/kubernetes/graph/checks/resources/<Check>/``, which ``test_yaml_policies.py``
    beside it reads case by case (``self.go("AllowedCapabilities")``; survey 30m)."""
    from ._checker_corpora import names_in
    from ._unit_tests import is_unit_test_name

    if not _below_tests(directories, index):
        return False
    parent = os.path.join(*directories[:index]) if index else os.curdir
    # (not Go's: its tests keep their input in testdata/, and a *_test.go beside a directory
    # may be an end-to-end suite's by its build tag: knative's test/rekt/resources)
    return any(is_unit_test_name(name) and not name.endswith(".go") for name in names_in(parent))


def _below_tests(directories: Sequence[str], index: int) -> bool:
    """Whether a directory above ``directories[index]`` (or above the working directory, for
    a path that starts below it or at ``..``) is one of :data:`TEST_DIRECTORIES`, and none
    names an end-to-end suite (whose cases are run, not checked)."""
    above = list(directories[:index])
    if not above or os.pardir in above:
        prefix = os.path.join(*directories[:index]) if index else os.curdir
        above = list(path_parts(os.path.abspath(prefix)))
    if any(names_end_to_end(name) for name in above):
        return False
    return any(name.lower() in TEST_DIRECTORIES for name in above)


def _above(directories: Sequence[str], index: int) -> Sequence[str]:
    """The directories up to ``directories[index]``, with as many of those above them as
    needed, the working directory's (for a path that starts below it or at ``..``)."""
    mine = directories[: index + 1]
    if index >= 2 and os.pardir not in mine[index - 2 :]:
        return mine
    prefix = os.path.join(*mine[:index]) if index else os.curdir
    return (*path_parts(os.path.abspath(prefix))[-2:], directories[index])


def names_end_to_end(name: str) -> bool:
    """Whether a directory's name marks an end-to-end suite (:data:`END_TO_END_WORDS`)."""
    lowered = name.lower()
    if lowered in _END_TO_END_NAMES:
        return True
    words = lowered.replace("-", " ").replace("_", " ").replace(".", " ").split()
    return not END_TO_END_WORDS.isdisjoint(words)
