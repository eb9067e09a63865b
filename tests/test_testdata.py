"""Files that are a test's input data (tagsense.sources.testdata): one note for their
directory, unless the project uses them (a build feeds a Dockerfile, a compose file includes
a compose file, a `kubectl apply -f` names a manifest).

The real cases are in tests/data/realworld (see its README): diun's unit-test fixtures,
skaffold's `skaffold init` test projects and integration scenarios, docker/compose's e2e
fixtures.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tagsense.cli import main
from tagsense.sources import scan_paths
from tagsense.sources.context import forget
from tagsense.sources.testdata import UnderTestData, files_in_test_data, is_test_data_directory

if TYPE_CHECKING:
    from tagsense.occurrence import Scan

REALWORLD = Path(__file__).parent / "data" / "realworld"
DIUN = REALWORLD / "diun-9050b6a2"
SKAFFOLD = REALWORLD / "skaffold-359a940c1b26"
COMPOSE = REALWORLD / "compose-f72979427042"
AS_OF = "2026-12-03"


@pytest.fixture(autouse=True)
def _afresh() -> None:
    forget()


def check_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    code = main(["check", "--format", "json", "--as-of", AS_OF, *argv])
    out, _ = capsys.readouterr()
    return code, json.loads(out)


def findings(report: Any) -> list[tuple[str, int, str]]:
    root = Path.cwd()
    return [
        (os.path.relpath(root / f["path"], REALWORLD), f["line"], f["code"])
        for f in report["findings"]
    ]


def notes(scan: Scan) -> list[str]:
    return [str(error.path) for error in scan.errors if error.note]


def test_a_go_unit_test_s_fixtures_are_one_note(capsys: pytest.CaptureFixture[str]) -> None:
    # diun's pkg/dockerfile/client_test.go reads ./fixtures/valid.Dockerfile as data (diun
    # watches the images Dockerfiles name): nothing builds it, nor the empty and invalid ones.
    code, report = check_json(capsys, str(DIUN))
    assert code == 0
    assert report["findings"] == []
    (note,) = report["errors"]
    assert note["level"] == "note" and note["line"] is None
    assert note["path"].endswith("diun-9050b6a2/pkg/dockerfile/fixtures")
    assert note["message"].startswith("test data: the files here that nothing of the project")
    assert "name it, or this directory" in note["message"]


def test_a_fixture_named_on_the_command_line_is_read(capsys: pytest.CaptureFixture[str]) -> None:
    fixtures = DIUN / "pkg" / "dockerfile" / "fixtures"
    code, report = check_json(capsys, str(fixtures / "valid.Dockerfile"))
    assert code == 1
    assert findings(report) == [
        ("diun-9050b6a2/pkg/dockerfile/fixtures/valid.Dockerfile", 5, "TS006"),  # alpine:3.14
        ("diun-9050b6a2/pkg/dockerfile/fixtures/valid.Dockerfile", 10, "TS002"),  # crazymax/yasu
    ]
    # The test-data directory named as the directory to scan: read, errors and all.
    code, report = check_json(capsys, str(fixtures))
    assert len(report["findings"]) == 2
    assert sorted(e["message"] for e in report["errors"]) == [
        "dockerfile contains no stages to build",
        "the Dockerfile cannot be empty",
        "unknown instruction: invalid",
    ]


def test_skaffold_init_s_test_projects_are_test_data() -> None:
    # pkg/skaffold/initializer/testdata/init/hello: the project `skaffold init`'s unit tests
    # run on, with the skaffold.yaml they expect it to write: that build file is the test's
    # data too, so it feeds nothing.
    scan = scan_paths([str(SKAFFOLD / "pkg")])
    assert scan.occurrences == ()
    assert notes(scan) == [str(SKAFFOLD / "pkg" / "skaffold" / "initializer" / "testdata")]


def test_an_integration_scenario_a_skaffold_file_builds_is_read() -> None:
    # integration/testdata/helm-multi-config: `skaffold run` in its skaffold/ directory
    # (TestRunHelmMultiConfig) builds ../../app1 and ../../app2, from a build file beside
    # them, not above them: the scan's own build files count.
    scan = scan_paths([str(SKAFFOLD / "integration")])
    assert notes(scan) == []
    pulled = sorted(
        (Path(o.path or "").parent.name, o.line, o.text)
        for o in scan.occurrences
        if o.kind == "from"
    )
    image = "mirror.gcr.io/library/alpine"  # (ARG BASE_PREFIX=mirror.gcr.io/library/)
    assert pulled == [("app1", 2, image), ("app2", 2, image)]


def test_an_e2e_fixture_a_compose_file_builds_is_read_through_the_build() -> None:
    # docker/compose's pkg/e2e/fixtures/build-dependencies: compose.yaml builds both files;
    # service.dockerfile's `FROM base` is the named context `service:base`.
    scan = scan_paths([str(COMPOSE)])
    assert notes(scan) == []
    by_file = {(Path(o.path or "").name, o.text): o for o in scan.occurrences}
    assert sorted(by_file) == [("base.dockerfile", "alpine"), ("service.dockerfile", "base")]
    for occurrence in by_file.values():
        assert occurrence.context["build"]["tool"] == "compose"
    assert by_file["service.dockerfile", "base"].built is not None


def write(root: Path, files: dict[str, str]) -> None:
    (root / ".git").mkdir()  # (the project's root)
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


COMPOSE_BUILD = "services:\n  app:\n    build: .\n"


def test_which_builds_feed_a_dockerfile_in_test_data(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            # a unit test's data: its own compose file is data too
            "test/fixtures/app/Dockerfile": "FROM alpine:3.14\n",
            "test/fixtures/app/compose.yaml": COMPOSE_BUILD,
            # an end-to-end suite's scenario: its compose file is run
            "tests/e2e/testdata/app/Dockerfile": "FROM alpine:3.15\n",
            "tests/e2e/testdata/app/compose.yaml": COMPOSE_BUILD,
            # built from outside the test data: the project's Makefile
            "pkg/__fixtures__/Dockerfile": "FROM alpine:3.16\n",
            "Makefile": "image:\n\tdocker build -f pkg/__fixtures__/Dockerfile -t acme/x .\n",
            # nothing builds it
            "internal/parse/test-data/x.Dockerfile": "FROM alpine:3.17\n",
        },
    )
    scan = scan_paths([str(tmp_path)])
    assert sorted(o.text for o in scan.occurrences if o.kind == "from") == [
        "alpine:3.15",
        "alpine:3.16",
    ]
    assert sorted(notes(scan)) == [
        str(tmp_path / "internal" / "parse" / "test-data"),
        str(tmp_path / "test" / "fixtures"),
    ]
    assert all(not error.note or error.line is None for error in scan.errors)
    assert [e for e in scan.errors if not e.note] == []


def test_a_makefile_in_test_data_that_ci_runs_feeds_its_dockerfile(tmp_path: Path) -> None:
    # kubernetes-sigs/kubebuilder's test-e2e-samples.yml runs `make docker-build` with
    # `working-directory: testdata/project-v4`: the sample's Makefile builds its Dockerfile in
    # CI (survey 32b: 7 pulls missed). The same Makefile nobody runs is the test's data.
    makefile = "docker-build:\n\tdocker build -t ${IMG} .\n"
    write(
        tmp_path,
        {
            "testdata/project-v4/Makefile": makefile,
            "testdata/project-v4/Dockerfile": "FROM golang:1.26\n",
            "testdata/project-v3/Makefile": makefile,
            "testdata/project-v3/Dockerfile": "FROM golang:1.25\n",
            ".github/workflows/e2e.yml": (
                "on: push\njobs:\n  e2e:\n    runs-on: ubuntu-latest\n    steps:\n"
                "      - name: Build the manager image\n"
                "        working-directory: testdata/project-v4\n"
                "        run: make docker-build IMG=controller:ci\n"
            ),
        },
    )
    scan = scan_paths([str(tmp_path)])
    assert sorted(o.text for o in scan.occurrences if o.kind == "from") == ["golang:1.26"]
    assert notes(scan) == [str(tmp_path / "testdata")]


def test_one_note_for_a_directory_of_test_data(tmp_path: Path) -> None:
    write(tmp_path, {f"testdata/case{n}/Dockerfile": "FROM busybox\n" for n in range(3)})
    scan = scan_paths([str(tmp_path)])
    assert (scan.occurrences, notes(scan)) == ((), [str(tmp_path / "testdata")])


def test_a_directory_of_a_kind_of_test_data_is_one_note(tmp_path: Path) -> None:
    # moby/buildkit's parser tests read frontend/dockerfile/parser/testfiles-negative/*
    # (invalid Dockerfiles: 34 errors, one note now)
    files = {"parser/testfiles-negative/empty/Dockerfile": "",
             "parser/testfiles-negative/env/Dockerfile": "FROM busybox\nENV\n",
             "parser/testfiles/ok/Dockerfile": "FROM busybox\n",
             "parser/testfileset/Dockerfile": "FROM busybox\n"}  # fmt: skip
    write(tmp_path, files)
    scan = scan_paths([str(tmp_path)])
    assert sorted(notes(scan)) == [
        str(tmp_path / "parser" / "testfiles"),
        str(tmp_path / "parser" / "testfiles-negative"),
    ]
    assert [o.path for o in scan.occurrences] == [
        str(tmp_path / "parser" / "testfileset" / "Dockerfile")
    ]


def test_where_a_walk_finds_test_data() -> None:
    files = [
        ("pkg/a/testdata/Dockerfile", "dockerfile"),
        ("pkg/a/testdata/compose.yaml", "compose"),
        ("tests/data/pod.yaml", "kubernetes"),
        ("src/test/resources/app.yaml", "kubernetes"),
        ("pkg/data/pod.yaml", "kubernetes"),  # (data of no test directory)
        ("tests/pod.yaml", "kubernetes"),  # (a test directory is no test data)
        ("test/deploy/data.yaml", "kubernetes"),
        ("integration/testdata/x/Dockerfile", "dockerfile"),
        ("e2e-tests/fixtures/Dockerfile", "dockerfile"),
        ("fixtures-old/Dockerfile", "dockerfile"),  # (a kind of fixtures)
        ("fixturesets/Dockerfile", "dockerfile"),  # (the name's first word)
        ("pkg/b/Dockerfile", "dockerfile"),
    ]
    assert files_in_test_data(files, ["."]) == {
        "pkg/a/testdata/Dockerfile": UnderTestData("pkg/a/testdata", suite=False),
        "pkg/a/testdata/compose.yaml": UnderTestData("pkg/a/testdata", suite=False),
        "tests/data/pod.yaml": UnderTestData("tests/data", suite=False),
        "src/test/resources/app.yaml": UnderTestData("src/test/resources", suite=False),
        "integration/testdata/x/Dockerfile": UnderTestData("integration/testdata", suite=True),
        "e2e-tests/fixtures/Dockerfile": UnderTestData("e2e-tests/fixtures", suite=True),
        "fixtures-old/Dockerfile": UnderTestData("fixtures-old", suite=False),
    }
    # Below a walked test-data directory, or named: read.
    assert files_in_test_data(files, ["pkg/a/testdata"]) == {}
    assert files_in_test_data(files[:1], ["."], ["pkg/a/testdata/Dockerfile"]) == {}
    assert files_in_test_data(files, ["tests/data", "src/test/resources"]) == {}
    # Two walks that reach it: read when one of them reaches it outside test data.
    assert files_in_test_data(files[:1], [".", "pkg/a/testdata"]) == {}
    # The walked directory may be the test directory whose data it is.
    assert files_in_test_data(files, ["tests"]) == {
        "tests/data/pod.yaml": UnderTestData("tests/data", suite=False)
    }


def test_force_exclude_reads_named_files_as_a_walk_finds_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # pre-commit names each file it checks: the hook reads them as a scan of the repository.
    write(
        tmp_path,
        {
            "pkg/parse/testdata/Dockerfile": "FROM alpine:3.14\n",
            "vendor/github.com/x/y/Dockerfile": "FROM alpine:latest\n",
            "Dockerfile": "FROM alpine:latest\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    named = ["pkg/parse/testdata/Dockerfile", "vendor/github.com/x/y/Dockerfile", "Dockerfile"]
    code, report = check_json(capsys, "--force-exclude", *named)
    assert code == 1
    assert [(f["path"], f["code"]) for f in report["findings"]] == [("Dockerfile", "TS001")]
    assert [(e["path"], e["level"]) for e in report["errors"]] == [("pkg/parse/testdata", "note")]
    # Without it, each named file is read.
    code, report = check_json(capsys, *named)
    assert sorted(f["path"] for f in report["findings"]) == sorted(named)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("pkg/foo/testdata", True),
        ("web/__fixtures__", True),
        ("tests/data", True),  # (pytest's)
        ("test/data", True),
        ("src/__tests__/data", True),
        ("spec/Data", True),
        ("controller/proxy-injector/fake/data", True),  # (linkerd2's: a Go unit test's pods)
        ("pkg/mocks/data", True),
        # kubeflow/pipelines' frontend/mock-backend/data: what a mock server answers
        ("frontend/mock-backend/data", True),
        ("frontend/mock_api/data", True),
        ("frontend/mockingbird/data", False),
        ("pkg/fake", False),  # (a Go package of fakes: code, no data)
        ("src/test/resources", True),  # (Maven's and Gradle's)
        ("frontend/dockerfile/parser/testfiles", True),  # (moby/buildkit's parser tests)
        ("parser/testfiles-negative", True),
        ("pkg/testdata_v2", True),
        ("test/e2e/testdata2", True),  # (argo-cd's second set of e2e scenarios)
        ("x/fixtures3", True),
        ("x/testdata2b", False),
        ("x/Fixtures-Invalid", True),
        ("x/test_files", True),
        ("pkg/config/test_assets", True),  # (k3d's: its Go unit tests' cluster configurations)
        ("x/test-assets", True),
        ("x/assets", False),
        ("cmd/cli/_testdata", True),  # (hidden from the go tool: kyverno's CLI tests read it)
        ("x/_fixtures", True),
        ("x/_data", False),
        ("x/files", False),
        ("x/testing", False),
        ("x/fixtureset", False),
        ("tests", False),  # (a test directory keeps files that are run: test/e2e.sh)
        ("test/deploy", False),
        ("data", False),
        ("pkg/data", False),
        ("tests/e2e/data", False),
        ("src/main/resources", False),
        ("resources", False),
        ("deploy/resources", False),
        # PHPUnit's: appwrite/appwrite's tests/unit/Docker/ComposeTest.php reads
        # tests/resources/docker/docker-compose.yml as text; nothing runs it.
        ("tests/resources", True),
        ("test/resources", True),
        ("spec/Resources", True),
    ],
)
def test_the_directories_that_test_conventions_name_for_input(path: str, expected: bool) -> None:
    assert is_test_data_directory(path.split("/")) is expected


POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n    - image: nginx\n"
COMPOSE_FILE = "services:\n  cache:\n    image: redis\n"
CHART = {
    "Chart.yaml": "apiVersion: v2\nname: app\nversion: 0.1.0\n",
    "values.yaml": "image: nginx\n",
    "templates/pod.yaml": POD.replace("image: nginx", "image: {{ .Values.image }}"),
}


def inputs(under: str) -> dict[str, str]:
    """A manifest, a compose file and a chart whose values name its image, below ``under``."""
    files = {f"{under}/manifests/pod.yaml": POD, f"{under}/compose.yaml": COMPOSE_FILE}
    files.update({f"{under}/chart/{name}": text for name, text in CHART.items()})
    return files


def pulled(scan: Scan) -> list[tuple[str, str]]:
    return sorted((str(o.path), o.text) for o in scan.occurrences)


def test_a_unit_test_s_input_of_any_kind_is_one_note(tmp_path: Path) -> None:
    # A Go test's pkg/foo/testdata, pytest's tests/data, a Java project's src/test/resources:
    # `image: nginx` there is no pull (TS002 in a survey).
    write(
        tmp_path,
        {
            **inputs("pkg/foo/testdata"),
            **inputs("tests/data"),
            **inputs("src/test/resources"),
            # (appwrite/appwrite's tests/resources/docker/docker-compose.yml, which
            # tests/unit/Docker/ComposeTest.php reads as text)
            "tests/resources/docker/docker-compose.yml": COMPOSE_FILE,
            "tests/data/settings.yaml": "name: x\n",  # (nothing to report: no note for it)
            "test/data/options.yaml": "timeout: 3\n",
            "deploy/pod.yaml": POD,  # (the project's own, read)
            "test/deploy/pod.yaml": POD,  # (a test directory is no test data)
        },
    )
    scan = scan_paths([str(tmp_path)])
    assert pulled(scan) == [
        (str(tmp_path / "deploy" / "pod.yaml"), "nginx"),
        (str(tmp_path / "test" / "deploy" / "pod.yaml"), "nginx"),
    ]
    assert sorted(notes(scan)) == [
        str(tmp_path / "pkg" / "foo" / "testdata"),
        str(tmp_path / "src" / "test" / "resources"),
        str(tmp_path / "tests" / "data"),
        str(tmp_path / "tests" / "resources"),
    ]
    assert [e for e in scan.errors if not e.note] == []


WDL_TASK = 'version 1.0\ntask t {\n  command {}\n  runtime {\n    docker: "ubuntu:latest"\n  }\n}\n'


def test_a_jvm_test_source_set_s_other_directories_are_its_input(tmp_path: Path) -> None:
    # broadinstitute/cromwell's wdl/transforms/draft3/src/test/cases/*.wdl: its Scala specs
    # (src/test/scala) parse them; nothing runs them (13 false findings, survey 38c). Its
    # code roots stay the project's (Testcontainers' images in src/test/java are pulled), and
    # a src/test/cases of no JVM layout (no src/main beside it) is read.
    write(
        tmp_path,
        {
            "wdl/src/main/scala/Main.scala": "object Main\n",
            "wdl/src/test/cases/task.wdl": WDL_TASK,
            "wdl/src/test/scala-2.13/task.wdl": WDL_TASK,
            "tool/src/test/cases/task.wdl": WDL_TASK,
        },
    )
    scan = scan_paths([str(tmp_path)])
    assert pulled(scan) == [
        (str(tmp_path / "tool" / "src" / "test" / "cases" / "task.wdl"), "ubuntu:latest"),
        (str(tmp_path / "wdl" / "src" / "test" / "scala-2.13" / "task.wdl"), "ubuntu:latest"),
    ]
    assert notes(scan) == [str(tmp_path / "wdl" / "src" / "test" / "cases")]


def test_an_end_to_end_suite_s_input_is_read(tmp_path: Path) -> None:
    # Its scenarios are applied and run: what they name is pulled.
    write(tmp_path, {**inputs("test/e2e/testdata"), **inputs("integration/fixtures")})
    scan = scan_paths([str(tmp_path)])
    assert notes(scan) == []
    kinds = sorted((Path(str(o.path)).name, o.text) for o in scan.occurrences)
    assert kinds == [
        ("compose.yaml", "redis"),
        ("compose.yaml", "redis"),
        ("pod.yaml", "nginx"),
        ("pod.yaml", "nginx"),
        ("values.yaml", "nginx"),
        ("values.yaml", "nginx"),
    ]


def test_an_end_to_end_suite_s_command_input_and_expected_output_are_not_pulled(
    tmp_path: Path,
) -> None:
    # siderolabs/talos' internal/integration/cli/testdata/inject: its CLI suite gives
    # talosconfig-input.yaml to `talosctl inject serviceaccount` and diffs what it prints with
    # talosconfig-expected.yaml; no cluster runs them (24 false findings, survey 32b).
    suite = "internal/integration/cli/testdata"
    write(
        tmp_path,
        {
            f"{suite}/inject/talosconfig-input.yaml": POD,
            f"{suite}/inject/talosconfig-expected.yaml": POD,
            f"{suite}/apply/pod-input.yaml": POD,  # (no expected output beside it: applied)
            f"{suite}/apply/pod.yaml": POD,
        },
    )
    scan = scan_paths([str(tmp_path)])
    assert pulled(scan) == [
        (str(tmp_path / suite / "apply" / "pod-input.yaml"), "nginx"),
        (str(tmp_path / suite / "apply" / "pod.yaml"), "nginx"),
    ]
    assert notes(scan) == [str(tmp_path / suite)]


BAD_POD = POD.replace("image: nginx", "image: alpine:invalid!  # Bad image: stuck Progressing")
UNBUILT = "resources:\n  - pod.yaml\nconfigurations:\n  - does-not-exist.yaml\n"


def refusals(under: str) -> dict[str, str]:
    """A manifest with an invalid image beside a valid one, and a kustomization that does not
    build (its configurations file is missing), below ``under``."""
    return {
        f"{under}/progressive/pod.yaml": BAD_POD,
        f"{under}/progressive/ok.yaml": POD,
        f"{under}/invalid-kustomize/kustomization.yaml": UNBUILT,
        f"{under}/invalid-kustomize/pod.yaml": POD,
    }


def test_what_an_end_to_end_suite_s_tools_refuse_is_its_point(tmp_path: Path) -> None:
    # argo-cd's test/e2e/testdata: a sync that must fail deploys `alpine:invalid!`, another
    # syncs a kustomization that does not build. The same files of the project's own are errors.
    write(tmp_path, {**refusals("test/e2e/testdata"), **refusals("deploy")})
    scan = scan_paths([str(tmp_path)])
    suite = tmp_path / "test" / "e2e" / "testdata"
    invalid = sorted(str(o.path) for o in scan.occurrences if o.reference is None)
    assert invalid == [str(tmp_path / "deploy" / "progressive" / "pod.yaml")]
    assert (str(suite / "progressive" / "ok.yaml"), "nginx") in pulled(scan)
    errors = [e for e in scan.errors if not e.note]
    assert [Path(str(e.path)).parent.name for e in errors] == ["invalid-kustomize"]
    assert str(tmp_path / "deploy") in str(errors[0].path)
    assert notes(scan) == [str(suite)]
    named = scan_paths([str(suite)])  # (named, it is read as any other)
    assert [o.text for o in named.occurrences if o.reference is None] == ["alpine:invalid!"]
    assert [e for e in named.errors if not e.note] != []


def test_a_numbered_test_data_directory_is_test_data(tmp_path: Path) -> None:
    # argo-cd's test/e2e/testdata2: its symlinked scenarios are built by a CMP plugin that runs
    # `kustomize build --load-restrictor LoadRestrictionsNone`.
    outside = "resources:\n  - ../shared/pod.yaml\n"
    write(tmp_path, {"test/e2e/testdata2/shared/pod.yaml": POD,
                     "test/e2e/testdata2/linked/kustomization.yaml": outside})  # fmt: skip
    scan = scan_paths([str(tmp_path)])
    assert [e for e in scan.errors if not e.note] == []
    assert notes(scan) == [str(tmp_path / "test" / "e2e" / "testdata2")]


def test_test_input_named_on_the_command_line_is_read(tmp_path: Path) -> None:
    write(tmp_path, inputs("tests/data"))
    data = tmp_path / "tests" / "data"
    named = [str(data / "manifests" / "pod.yaml"), str(data / "compose.yaml")]
    scan = scan_paths(named)
    assert (pulled(scan), notes(scan)) == ([(named[1], "redis"), (named[0], "nginx")], [])
    forget()
    # The test-data directory named as the directory to scan, or the chart: read.
    for path in (data, data / "chart"):
        scan = scan_paths([str(path)])
        assert notes(scan) == [] and scan.occurrences, path
        forget()
    # The test directory named: its data is still a test's input.
    scan = scan_paths([str(tmp_path / "tests")])
    assert (scan.occurrences, notes(scan)) == ((), [str(data)])


def test_a_use_from_outside_the_test_data_counts(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            **inputs("tests/data"),
            "tests/data/applied/pod.yaml": POD,
            "tests/data/run/compose.yaml": COMPOSE_FILE.replace("redis", "memcached"),
            # a compose file of the test's own includes one: it is data too
            "tests/data/own/compose.yaml": "include:\n  - extra.yaml\n",
            "tests/data/own/extra.yaml": COMPOSE_FILE.replace("redis", "postgres"),
            # the project's CI applies a manifest, and runs a compose file
            ".gitlab-ci.yml": (
                "deploy:\n  image: alpine:3.20.3\n  script:\n"
                "    - kubectl apply -f tests/data/applied/\n"
                "    - docker compose -f tests/data/run/compose.yaml up -d\n"
            ),
            # a compose file of the project includes one
            "compose.yaml": "include:\n  - tests/data/compose.yaml\n",
            # a test's own script applies the others: it is data too
            "tests/data/apply.sh": "kubectl apply -f manifests/pod.yaml\n",
        },
    )
    scan = scan_paths([str(tmp_path)])
    data = tmp_path / "tests" / "data"
    assert pulled(scan) == [
        (str(tmp_path / ".gitlab-ci.yml"), "alpine:3.20.3"),
        (str(data / "applied" / "pod.yaml"), "nginx"),
        (str(data / "compose.yaml"), "redis"),
        (str(data / "run" / "compose.yaml"), "memcached"),
    ]
    assert notes(scan) == [str(data)]  # (what the test's own files apply and include, the chart)


def test_test_data_a_helper_package_of_an_end_to_end_suite_names_is_read(tmp_path: Path) -> None:
    # ray-project/kuberay's historyserver/test/e2e tests import historyserver/test/support,
    # whose RayClusterManifestPath = "../testdata/raycluster.yaml" they apply (go test runs
    # them in test/e2e): rayproject/ray was missed in 4 manifests (survey 38c). A helper that
    # no suite imports names nothing the suite applies.
    helper = 'package support\n\nconst Manifest = "../testdata/raycluster.yaml"\n'
    suite = (
        'package e2e\n\nimport (\n\t"testing"\n\n'
        '\t. "example.com/acme/hs/test/support"\n)\n\n'
        "func TestCluster(t *testing.T) { apply(Manifest) }\n"
    )
    write(
        tmp_path,
        {
            "hs/go.mod": "module example.com/acme/hs\n\ngo 1.24\n",
            "hs/test/e2e/cluster_test.go": suite,
            "hs/test/support/cluster.go": helper,
            "hs/test/testdata/raycluster.yaml": POD,
            "hs/test/other/other.go": helper.replace("raycluster", "unused"),
            "hs/test/testdata/unused.yaml": POD.replace("nginx", "alpine"),
        },
    )
    scan = scan_paths([str(tmp_path)])
    data = tmp_path / "hs" / "test" / "testdata"
    assert pulled(scan) == [(str(data / "raycluster.yaml"), "nginx")]
    assert notes(scan) == [str(data)]


def test_test_data_a_helper_package_is_read_once_for_a_directory_of_suites(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # flexprice/flexprice: its end-to-end tests import the same large helper packages, whose
    # literals were read again for every test file (11 of its 24 s). Each helper file is read
    # once, and what it names is still each importing suite's.
    from tagsense.sources import _unit_tests

    helper = 'package support\n\nconst Manifest = "../testdata/raycluster.yaml"\n'
    suite = (
        'package e2e\n\nimport (\n\t"testing"\n\n'
        '\t. "example.com/acme/hs/test/support"\n)\n\n'
        "func TestCluster{n}(t *testing.T) {{ apply(Manifest) }}\n"
    )
    files = {
        "hs/go.mod": "module example.com/acme/hs\n\ngo 1.24\n",
        "hs/test/support/cluster.go": helper,
        "hs/test/support/more.go": helper.replace("raycluster", "other"),
        "hs/test/testdata/raycluster.yaml": POD,
        "hs/test/testdata/other.yaml": POD.replace("nginx", "alpine"),
    }
    for n in range(5):
        files[f"hs/test/e2e/cluster{n}_test.go"] = suite.format(n=n)
        files[f"hs/test/e2eupgrade/cluster{n}_test.go"] = suite.format(n=n)
    write(tmp_path, files)
    read: list[str] = []
    literals_of = _unit_tests._literals_of

    def counted(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        read.append(text)
        return literals_of(text)

    monkeypatch.setattr(_unit_tests, "_literals_of", counted)
    scan = scan_paths([str(tmp_path)])
    data = tmp_path / "hs" / "test" / "testdata"
    assert pulled(scan) == [
        (str(data / "other.yaml"), "alpine"),
        (str(data / "raycluster.yaml"), "nginx"),
    ]
    assert read.count(helper) == 1  # (two directories of five suites each import it)


def test_test_data_that_a_test_of_a_cluster_names_is_read(tmp_path: Path) -> None:
    # kubeflow/pipelines: backend/test/integration/run_api_test.go uploads
    # "../resources/hello-world.yaml" to the cluster, which runs its pods; loops.yaml beside
    # it is named by no test, and a unit test's input is its own.
    upload = 'func TestRun(t *testing.T) { upload("../resources/hello-world.yaml") }\n'
    write(
        tmp_path,
        {
            "backend/test/resources/hello-world.yaml": POD,
            "backend/test/resources/loops.yaml": POD.replace("nginx", "alpine"),
            "backend/test/integration/run_api_test.go": upload,
            "backend/server/test/pipeline.yaml": POD.replace("nginx", "busybox"),
            "backend/server/util_test.go": upload.replace(
                "../resources/hello-world.yaml", "test/pipeline.yaml"
            ),
        },
    )
    scan = scan_paths([str(tmp_path)])
    resources = tmp_path / "backend" / "test" / "resources"
    assert pulled(scan) == [(str(resources / "hello-world.yaml"), "nginx")]
    assert notes(scan) == [str(tmp_path / "backend" / "server" / "test"), str(resources)]


def test_test_data_only_a_cluster_like_unit_test_names_is_not_read(tmp_path: Path) -> None:
    # argoproj/argo-cd's gitops-engine/pkg/utils/kube/ctl_test.go converts
    # testdata/appsdeployment.yaml with its own Go `kubectl.ConvertToVersion(` (no cluster);
    # kuberay's ray-operator/test/e2erayservice (an e2e package named as one word) applies its
    # testdata to a cluster
    convert = "func TestConvert(t *testing.T) {\n"
    convert += '  kubectl.ConvertToVersion(from("testdata/app.yaml"))\n}\n'
    apply = 'func TestRayService(t *testing.T) { kubectl("apply", "testdata/ray.yaml") }\n'
    write(
        tmp_path,
        {
            "pkg/kube/testdata/app.yaml": POD,
            "pkg/kube/ctl_test.go": convert,
            "test/e2erayservice/testdata/ray.yaml": POD.replace("nginx", "alpine"),
            "test/e2erayservice/rayservice_test.go": apply,
        },
    )
    scan = scan_paths([str(tmp_path)])
    ray = tmp_path / "test" / "e2erayservice" / "testdata" / "ray.yaml"
    assert pulled(scan) == [(str(ray), "alpine")]
    assert notes(scan) == [str(tmp_path / "pkg" / "kube" / "testdata")]


def test_a_chart_in_test_data_that_a_release_deploys_is_read(tmp_path: Path) -> None:
    skaffold = (
        "apiVersion: skaffold/v4beta11\nkind: Config\ndeploy:\n  helm:\n    releases:\n"
        "      - name: app\n        chartPath: tests/data/chart\n"
    )
    write(tmp_path, {**inputs("tests/data"), "skaffold.yaml": skaffold})
    scan = scan_paths([str(tmp_path / "tests"), str(tmp_path / "skaffold.yaml")])
    values = tmp_path / "tests" / "data" / "chart" / "values.yaml"
    assert [(str(o.path), o.text) for o in scan.occurrences] == [(str(values), "nginx")]
    assert notes(scan) == [str(tmp_path / "tests" / "data")]  # (the manifest, the compose file)


KYVERNO_TEST = """\
apiVersion: cli.kyverno.io/v1alpha1
kind: Test
metadata:
  name: disallow-latest
policies:
  - policy.yaml
resources:
  - resources.yaml
  - ../shared/pods.yaml
  - https://example.com/remote.yaml
results:
  - policy: disallow-latest
    rule: require-tag
    resources: [nginx]
    kind: Pod
    result: fail
    patchedResources: patched.yaml
"""


GATOR_SUITE = """\
kind: Suite
apiVersion: test.gatekeeper.sh/v1alpha1
tests:
- name: allowed-repos
  template: template.yaml
  constraint: samples/repo-must-be-openpolicyagent/constraint.yaml
  cases:
  - name: example-allowed
    object: samples/repo-must-be-openpolicyagent/example_allowed.yaml
    assertions:
    - violations: no
  - name: container-disallowed
    object: samples/repo-must-be-openpolicyagent/example_disallowed.yaml
    inventory: [samples/repo-must-be-openpolicyagent/example_inventory.yaml]
    assertions:
    - violations: yes
"""


def test_a_gatekeeper_suite_s_objects_are_one_note(tmp_path: Path) -> None:
    # open-policy-agent/gatekeeper-library: `gator verify` evaluates the constraint of each
    # policy's suite.yaml on the samples it names, offline (library/general/allowedrepos/
    # suite.yaml, two directories above the samples): 235 false findings on `nginx`. A sample
    # the project applies (`kubectl apply -f` of its end-to-end script) is still read.
    samples = "policy/allowedrepos/samples/repo-must-be-openpolicyagent"
    write(
        tmp_path,
        {
            "policy/allowedrepos/suite.yaml": GATOR_SUITE,
            "policy/allowedrepos/template.yaml": "kind: ConstraintTemplate\n",
            f"{samples}/constraint.yaml": "kind: K8sAllowedRepos\n",
            f"{samples}/example_allowed.yaml": POD.replace("nginx", "openpolicyagent/opa"),
            f"{samples}/example_disallowed.yaml": POD,
            f"{samples}/example_inventory.yaml": POD.replace("nginx", "redis"),
            f"{samples}/unnamed.yaml": POD.replace("nginx", "httpd"),  # (not the suite's)
            "test.sh": f"kubectl apply -f {samples}/example_allowed.yaml\n",
        },
    )
    scan = scan_paths([str(tmp_path)])
    assert [text for _, text in pulled(scan)] == ["openpolicyagent/opa", "httpd"]
    assert notes(scan) == [str(tmp_path / samples)]


def test_a_suite_s_object_that_a_script_the_makefile_runs_applies_is_read(
    tmp_path: Path,
) -> None:
    # open-policy-agent/gatekeeper-library's Makefile runs `bats -t test/bats/test.bats`, which
    # applies library/*/*/samples/*/example_allowed*.yaml (48 findings, 12 pulled images that
    # reading its suites as test data alone lost); the script lies two directories down, where
    # the command files around a sample are not looked for.
    samples = "library/allowedrepos/samples/repo-must-be-openpolicyagent"
    bats = (
        "TESTS_DIR=library\n"
        '@test "samples" {\n  for policy in "$TESTS_DIR"/*; do\n'
        '    for allowed in "$policy"/samples/*/example_allowed*.yaml; do\n'
        '      run kubectl apply -f "$allowed"\n      assert_success\n    done\n  done\n}\n'
    )
    write(
        tmp_path,
        {
            "library/allowedrepos/suite.yaml": GATOR_SUITE,
            f"{samples}/example_allowed.yaml": POD.replace("nginx", "openpolicyagent/opa"),
            f"{samples}/example_disallowed.yaml": POD,
            "artifacthub/allowedrepos/1.0.0/suite.yaml": GATOR_SUITE,
            f"artifacthub/allowedrepos/1.0.0/samples/{samples.rsplit('/', 1)[1]}/"
            "example_allowed.yaml": POD.replace("nginx", "httpd"),
            "Makefile": "test-e2e:\n\tbats -t test/bats/test.bats\n",
            "test/bats/test.bats": bats,
        },
    )
    scan = scan_paths([str(tmp_path)])
    assert [text for _, text in pulled(scan)] == ["openpolicyagent/opa"]


def test_a_kyverno_cli_test_s_input_is_one_note(tmp_path: Path) -> None:
    # kyverno/kyverno's test/cli: some 200 `kyverno test` cases whose resources name nginx and
    # nginx:latest as a policy's input; `kyverno test` never creates them (460 findings).
    write(
        tmp_path,
        {
            "cli/latest/kyverno-test.yaml": KYVERNO_TEST,
            "cli/latest/policy.yaml": "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\n",
            "cli/latest/resources.yaml": POD,
            "cli/latest/patched.yaml": POD.replace("nginx", "nginx:latest"),
            # (beside the test, named by none: read by nothing, kyverno's test/cli/test-mutate/
            # foreach/container-updated-image.yaml)
            "cli/latest/unnamed.yaml": POD.replace("nginx", "redis"),
            "cli/shared/pods.yaml": POD.replace("nginx", "busybox"),
            # kyverno/policies' layout: the test beside the policy, in .kyverno-test/
            "policies/tag/.kyverno-test/kyverno-test.yaml": KYVERNO_TEST.replace(
                "../shared/pods.yaml", "../pod.yaml"
            ),
            "policies/tag/.kyverno-test/resources.yaml": POD.replace("nginx", "httpd"),
            "policies/tag/pod.yaml": POD.replace("nginx", "postgres"),
            "deploy/pod.yaml": POD.replace("nginx", "memcached"),  # (the project's own)
        },
    )
    scan = scan_paths([str(tmp_path)])
    assert pulled(scan) == [(str(tmp_path / "deploy" / "pod.yaml"), "memcached")]
    assert sorted(notes(scan)) == [
        str(tmp_path / "cli" / "latest"),
        str(tmp_path / "cli" / "shared"),
        str(tmp_path / "policies" / "tag"),
        str(tmp_path / "policies" / "tag" / ".kyverno-test"),
    ]
    note = next(e for e in scan.errors if e.path == str(tmp_path / "cli" / "shared"))
    assert "what the test " in note.message and "cli/latest/kyverno-test.yaml" in (note.message)
    forget()
    # The test's directory named as the directory to scan: read, as any test data.
    scan = scan_paths([str(tmp_path / "cli" / "latest")])
    assert [o.text for o in scan.occurrences] == ["nginx:latest", "nginx", "redis"]
    assert notes(scan) == []


def test_a_kyverno_test_s_input_that_the_project_applies_is_read(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "cli/latest/kyverno-test.yaml": KYVERNO_TEST,
            "cli/latest/resources.yaml": POD,
            "Makefile": "e2e:\n\tkubectl apply -f cli/latest/resources.yaml\n",
        },
    )
    scan = scan_paths([str(tmp_path)])
    assert pulled(scan) == [(str(tmp_path / "cli" / "latest" / "resources.yaml"), "nginx")]


def test_an_apply_of_a_path_a_run_decides_names_only_what_fits(tmp_path: Path) -> None:
    # argo-workflows' Makefile applies 'manifests/*.yaml', gatekeeper's CI `"$f"` of a loop over
    # config/crd/bases/*.yaml, tektoncd/pipeline's e2e script "$DIR"/testdata/spire/*.yaml:
    # none of them is a Go unit test's pkg/x/testdata (22 findings counted as applied before).
    write(
        tmp_path,
        {
            "pkg/x/testdata/pod.yaml": POD,
            "test/testdata/spire/agent.yaml": POD.replace("nginx", "ghcr.io/spiffe/agent"),
            "Makefile": "crds:\n\tkubectl apply -f 'manifests/*.yaml'\n",
            "test/e2e.sh": (
                'DIR=$(dirname "$0")\nkubectl apply -f "$DIR"/testdata/spire/agent.yaml\n'
            ),
            ".github/workflows/e2e.yaml": (
                "on: push\njobs:\n  e2e:\n    runs-on: ubuntu-latest\n    steps:\n"
                "      - run: |\n          for f in config/crd/bases/*.yaml; do\n"
                '            kubectl apply -f "$f"\n          done\n'
            ),
        },
    )
    scan = scan_paths([str(tmp_path)])
    agent = str(tmp_path / "test" / "testdata" / "spire" / "agent.yaml")
    assert pulled(scan) == [(agent, "ghcr.io/spiffe/agent")]
    assert notes(scan) == [str(tmp_path / "pkg" / "x" / "testdata")]
    forget()
    # A path nothing is known of (`kubectl apply -f $MANIFEST`) may be any: read, as before.
    (tmp_path / "Makefile").write_text("crds:\n\tkubectl apply -f $(MANIFEST)\n")
    scan = scan_paths([str(tmp_path)])
    assert [text for _, text in pulled(scan)] == ["nginx", "ghcr.io/spiffe/agent"]


CHAINSAW_TEST = """\
apiVersion: chainsaw.kyverno.io/v1alpha1
kind: Test
metadata:
  name: disallow-latest
spec:
  steps:
  - try:
    - apply:
        file: good-pod.yaml
    - apply:
        file: bad-pod.yaml
        expect:
        - check:
            ($error != null): true
    - create:
        file: denied-pod.yaml
        expect:
        - check:
            ($error): admission webhook denied the request
    - apply:
        file: some-pods.yaml
        expect:
        - match: {metadata: {name: bad}}
          check:
            ($error != null): true
    - assert:
        file: pod-assert.yaml
    - error:
        file: pod-gone.yaml
    - assert:
        file: shared.yaml
  - try:
    - apply:
        file: shared.yaml
"""


def test_what_a_chainsaw_test_only_compares_or_expects_refused_is_one_note(
    tmp_path: Path,
) -> None:
    # kyverno/kyverno's test/conformance/chainsaw: an `assert` or `error` file is the state the
    # test expects, and an `apply` that expects an error is refused by the policy under test;
    # neither is ever created (290 findings). What an `apply` creates is pulled.
    image = {name: POD.replace("nginx", name) for name in
             ("good", "bad", "denied", "some", "assert", "gone", "shared")}  # fmt: skip
    write(
        tmp_path,
        {
            "e2e/latest/chainsaw-test.yaml": CHAINSAW_TEST,
            "e2e/latest/good-pod.yaml": image["good"],
            "e2e/latest/bad-pod.yaml": image["bad"],
            "e2e/latest/denied-pod.yaml": image["denied"],
            "e2e/latest/some-pods.yaml": image["some"],  # (only some refused: created)
            "e2e/latest/pod-assert.yaml": image["assert"],
            "e2e/latest/pod-gone.yaml": image["gone"],
            "e2e/latest/shared.yaml": image["shared"],  # (asserted, and applied later)
            # a Kyverno CLI test's input that a Chainsaw test applies: created
            "cli/kyverno-test.yaml": "resources: [../e2e/latest/good-pod.yaml]\n",
        },
    )
    scan = scan_paths([str(tmp_path)])
    assert sorted(text for _, text in pulled(scan)) == ["good", "shared", "some"]
    assert notes(scan) == [str(tmp_path / "e2e" / "latest")]


SCRIPTED_CHAINSAW_TEST = """\
apiVersion: chainsaw.kyverno.io/v1alpha1
kind: Test
metadata:
  name: apicall-failed
spec:
  steps:
  - try:
    - script:
        content: kubectl apply -f new-deployment.yaml
        check:
          ($error != null): true
          (contains($stderr, 'denied the request')): true
    - script:
        content: kubectl --as=system:serviceaccount:test:sa apply -f ./bad.yaml
        check:
          ($error != null): true
    - apply:
        file: good-deploy-update.yaml
        expect:
        - check:
            ($error != `null`): true
    - script:
        content: kubectl apply -f pod.yaml 2>&1 | grep -q 'Warning'
        check:
          ($error != null): false
    - script:
        content: kubectl -n test create -f main-deployment.yaml
    - assert:
        file: main-deployment.yaml
    - script:
        content: |
          set -eu
          echo "Creating the resource"
          if kubectl apply -f resource.yaml
          then
            echo "Tested failed. Resource was allowed."
            exit 1
          else
            echo "Test succeeded. Resource was blocked."
            exit 0
          fi
    - script:
        content: |
          #!/bin/bash
          set -eu
          echo "Creating the pod as the service account"
          if kubectl --as=system:serviceaccount:default:my-sa apply -f good.yaml; then
            echo "Expected success"
          else
            exit 1
          fi
"""


def test_what_a_chainsaw_script_sends_with_kubectl_and_expects_refused_is_not_pulled(
    tmp_path: Path,
) -> None:
    # kyverno/kyverno's test/conformance/chainsaw/globalcontext/apicall-failed: a `script`
    # `kubectl apply -f new-deployment.yaml` whose check is that it failed (the policy denies
    # it), and enforce-validate-existing-pss's `($error != `null`): true` (JMESPath's literal):
    # nothing is created (33 false findings), nor by defaulting-namespace-labels' `if kubectl
    # apply -f resource.yaml` `then … exit 1`. A script's pipeline `kubectl apply … | grep`
    # still creates, and a file a script creates is no assertion even if asserted.
    image = {name: POD.replace("nginx", name) for name in
             ("denied", "bad", "update", "warned", "main", "blocked", "good")}  # fmt: skip
    write(
        tmp_path,
        {
            "e2e/gctx/chainsaw-test.yaml": SCRIPTED_CHAINSAW_TEST,
            "e2e/gctx/new-deployment.yaml": image["denied"],
            "e2e/gctx/bad.yaml": image["bad"],
            "e2e/gctx/good-deploy-update.yaml": image["update"],
            "e2e/gctx/pod.yaml": image["warned"],
            "e2e/gctx/main-deployment.yaml": image["main"],
            "e2e/gctx/resource.yaml": image["blocked"],
            "e2e/gctx/good.yaml": image["good"],
        },
    )
    scan = scan_paths([str(tmp_path)])
    assert sorted(text for _, text in pulled(scan)) == ["good", "main", "warned"]
    assert notes(scan) == [str(tmp_path / "e2e" / "gctx")]


def test_a_kyverno_test_s_global_context_files_are_its_input(tmp_path: Path) -> None:
    # kyverno/kyverno's test/cli/test/mock-gce-resource-files/kyverno-test.yaml mocks a global
    # context entry with `resourceFiles: [gce-deployments.yaml]` (nginx:1.21, node:18: 2 false
    # findings in survey 19a); `jsonPayload` (one file) is an input as `jsonPayloads` is.
    test = KYVERNO_TEST + (
        "jsonPayload: payload.json\n"
        "globalContextEntries:\n- name: deployments\n  resourceFiles:\n  - gce-deployments.yaml\n"
    )
    write(
        tmp_path,
        {
            "cli/gce/kyverno-test.yaml": test,
            "cli/gce/gce-deployments.yaml": POD.replace("nginx", "node:18"),
            "cli/gce/payload.json": json.dumps(json.loads(
                '{"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"image": "x"}]}}'
            )),
        },
    )  # fmt: skip
    scan = scan_paths([str(tmp_path)])
    assert pulled(scan) == []
    assert notes(scan) == [str(tmp_path / "cli" / "gce")]


def test_dockerfiles_a_go_tool_embeds_as_templates_are_one_note(tmp_path: Path) -> None:
    # (superfly/flyctl: scanner/scanner.go says `//go:embed templates templates/*/.dockerignore`;
    # `fly launch` writes scanner/templates/deno/Dockerfile into the project it launches)
    templates = tmp_path / "scanner" / "templates"
    (templates / "deno").mkdir(parents=True)
    (templates / "deno" / "Dockerfile").write_text("FROM alpine:latest\n")
    (tmp_path / "scanner" / "scanner.go").write_text(
        'package scanner\n\nimport "embed"\n\n'
        "//go:embed templates templates/*/.dockerignore\nvar content embed.FS\n"
    )
    other = tmp_path / "deploy" / "templates"
    other.mkdir(parents=True)
    (other / "Dockerfile").write_text("FROM alpine:latest\n")  # (no Go file embeds it)
    forget()
    scan = scan_paths([str(tmp_path)])
    assert [(o.path, o.text) for o in scan] == [(str(other / "Dockerfile"), "alpine:latest")]
    (note,) = [e for e in scan.errors if e.note]
    assert note.path == str(templates)
    assert "scanner.go embeds these Dockerfiles" in note.message
    # A build of the project that feeds one reads it.
    (tmp_path / "Makefile").write_text(
        "image:\n\tdocker build -f scanner/templates/deno/Dockerfile -t deno-demo .\n"
    )
    forget()
    scan = scan_paths([str(tmp_path)])
    assert sorted(o.path for o in scan if o.kind == "from") == sorted(
        [str(other / "Dockerfile"), str(templates / "deno" / "Dockerfile")]
    )
    # Named, it is read.
    forget()
    named = scan_paths([str(templates / "deno" / "Dockerfile")])
    assert [o.text for o in named] == ["alpine:latest"]


def test_compose_files_a_go_tool_embeds_as_templates_are_templates_too(tmp_path: Path) -> None:
    # docker/mcp-gateway@2bd20fe83dd0 cmd/docker-mcp/server/init.go embeds each file
    # (`//go:embed templates/basic/compose.yaml`; here a pattern, `templates/*`);
    # `docker mcp server init` writes templates/basic/compose.yaml (a Go template:
    # `--servers={{.ServerName}}`) into the new server's project (survey 35e: 2 false TS002)
    templates = tmp_path / "cmd" / "server" / "templates"
    (templates / "basic").mkdir(parents=True)
    (templates / "basic" / "compose.yaml").write_text(
        "services:\n  gateway:\n    image: docker/mcp-gateway\n    command:\n"
        "      - --servers={{.ServerName}}\n"
    )
    (tmp_path / "cmd" / "server" / "init.go").write_text(
        'package server\n\nimport "embed"\n\n//go:embed templates/*\nvar templates embed.FS\n'
    )
    (tmp_path / "compose.yaml").write_text("services:\n  web:\n    image: nginx:1.27.3\n")
    forget()
    scan = scan_paths([str(tmp_path)])
    assert [(o.path, o.text) for o in scan] == [(str(tmp_path / "compose.yaml"), "nginx:1.27.3")]
    (note,) = [e for e in scan.errors if e.note]
    assert note.path == str(templates)
    assert "init.go embeds these Dockerfiles and compose files" in note.message


def test_templates_a_node_command_ships_are_one_note(tmp_path: Path) -> None:
    # (t3-oss/create-t3-app: cli/package.json has `"bin": {"create-t3-app": …}` and `"files":
    # ["dist", "template", …]`; the command copies cli/template/extras/start-database/
    # postgres.sh into each new project, where it runs `docker.io/postgres`: 2 false TS002)
    cli = tmp_path / "cli"
    script = cli / "template" / "extras" / "start-database" / "postgres.sh"
    script.parent.mkdir(parents=True)
    script.write_text(
        '#!/usr/bin/env bash\ndocker run -d --name "$NAME" -p 5432:5432 \\\n  docker.io/postgres\n'
    )
    (cli / "template" / "base").mkdir()
    (cli / "template" / "base" / "Dockerfile").write_text("FROM node:lts\n")
    package = {"name": "create-t3-app", "bin": {"create-t3-app": "./dist/index.js"}}
    (cli / "package.json").write_text(json.dumps({**package, "files": ["dist", "template"]}))
    # (a package with no command, or that does not pack its templates, uses them itself)
    other = tmp_path / "site" / "templates"
    other.mkdir(parents=True)
    (other / "Dockerfile").write_text("FROM alpine:latest\n")
    site = {"name": "site", "files": ["templates"]}
    (tmp_path / "site" / "package.json").write_text(json.dumps(site))
    forget()
    scan = scan_paths([str(tmp_path)])
    assert [(o.path, o.text) for o in scan] == [(str(other / "Dockerfile"), "alpine:latest")]
    (note,) = [e for e in scan.errors if e.note]
    assert note.path == str(cli / "template")
    assert f"{cli / 'package.json'} ships this directory" in note.message
    # Named, each is read; so is the templates directory, walked.
    forget()
    assert [o.text for o in scan_paths([str(script)])] == ["docker.io/postgres"]
    assert sorted(o.text for o in scan_paths([str(cli / "template")])) == [
        "docker.io/postgres",
        "node:lts",
    ]
    # Without `template` in its `files`, the package does not ship them: read.
    (cli / "package.json").write_text(json.dumps({**package, "files": ["dist"]}))
    forget()
    assert len(list(scan_paths([str(tmp_path)]))) == 3


def test_a_dockerfile_only_a_go_test_embeds_is_the_test_s_input(tmp_path: Path) -> None:
    # (loft-sh/devpod's pkg/dockerfile/parse_test.go says `//go:embed test_Dockerfile` and
    # parses it; nothing builds it: 2 false findings on its FROM)
    package = tmp_path / "pkg" / "dockerfile"
    package.mkdir(parents=True)
    (package / "test_Dockerfile").write_text("FROM mcr.microsoft.com/devcontainers/go:1.22\n")
    (package / "parse_test.go").write_text(
        'package dockerfile\n\nimport _ "embed"\n\n//go:embed test_Dockerfile\nvar s string\n'
    )
    (package / "Dockerfile.parse").write_text("FROM alpine:3.21\n")  # (not embedded)
    forget()
    scan = scan_paths([str(tmp_path)])
    assert [o.text for o in scan] == ["alpine:3.21"]
    (note,) = [e for e in scan.errors if e.note]
    assert note.path == str(package)
    assert "parse_test.go" in note.message
    # A Go file of the program that embeds it too: it is the program's, read.
    other = tmp_path / "other"
    shutil.copytree(package, other)
    (other / "parse.go").write_text("package dockerfile\n\n//go:embed test_Dockerfile\n")
    forget()
    assert sorted(o.text for o in scan_paths([str(other)])) == [
        "alpine:3.21",
        "mcr.microsoft.com/devcontainers/go:1.22",
    ]


def test_dockerfiles_in_a_django_project_template_are_one_note(tmp_path: Path) -> None:
    # (wagtail's wagtail/project_template holds manage.py-tpl and the Dockerfile `wagtail
    # start` copies into each new site; Django's startapp templates hold apps.py-tpl)
    template = tmp_path / "pkg" / "project_template"
    (template / "project_name").mkdir(parents=True)
    (template / "manage.py-tpl").write_text("#!/usr/bin/env python\n")
    (template / "Dockerfile").write_text("FROM python:3.12-slim\n")
    app = tmp_path / "pkg" / "app_template"
    (app / "docker").mkdir(parents=True)
    (app / "apps.py-tpl").write_text("from django.apps import AppConfig\n")
    (app / "docker" / "Dockerfile").write_text("FROM python:3.12-slim\n")
    (tmp_path / "Dockerfile").write_text("FROM python:3.13-slim\n")  # (the project's own)
    forget()
    scan = scan_paths([str(tmp_path)])
    assert [o.text for o in scan] == ["python:3.13-slim"]
    assert sorted(e.path for e in scan.errors if e.note) == [str(app), str(template)]
    assert all("manage.py-tpl" in e.message or "apps.py-tpl" in e.message for e in scan.errors)
    # Named, or walked itself, the template is read.
    forget()
    assert [o.text for o in scan_paths([str(template)])] == ["python:3.12-slim"]
    # A build of the project that feeds it reads it.
    (tmp_path / "Makefile").write_text(
        "image:\n\tdocker build -f pkg/project_template/Dockerfile -t site .\n"
    )
    forget()
    scan = scan_paths([str(tmp_path)])
    assert sorted(o.text for o in scan if o.kind == "from") == [
        "python:3.12-slim",
        "python:3.13-slim",
    ]


def test_dockerfiles_in_a_maven_archetype_s_resources_are_one_note(tmp_path: Path) -> None:
    # apache/streampipes' archetypes/streampipes-archetype-extensions-jvm (survey s43c: 4 false
    # findings): `mvn archetype:generate` copies archetype-resources/ into each new project;
    # its descriptor beside it says so. A directory so named without one is read.
    resources = tmp_path / "archetype-jvm" / "src" / "main" / "resources"
    (resources / "META-INF" / "maven").mkdir(parents=True)
    (resources / "META-INF" / "maven" / "archetype-metadata.xml").write_text("<archetype/>\n")
    (resources / "archetype-resources").mkdir()
    (resources / "archetype-resources" / "Dockerfile").write_text("FROM eclipse-temurin:17\n")
    other = tmp_path / "other" / "archetype-resources"
    other.mkdir(parents=True)
    (other / "Dockerfile").write_text("FROM python:3.13-slim\n")
    forget()
    scan = scan_paths([str(tmp_path)])
    assert [o.text for o in scan] == ["python:3.13-slim"]
    notes = [e for e in scan.errors if e.note]
    assert [e.path for e in notes] == [str(resources / "archetype-resources")]
    assert "archetype-metadata.xml" in notes[0].message
    # Named, or walked itself, the archetype's resources are read.
    forget()
    named = scan_paths([str(resources / "archetype-resources")])
    assert [o.text for o in named] == ["eclipse-temurin:17"]


def test_a_hidden_directory_of_templates_is_one_note(tmp_path: Path) -> None:
    # secureCodeBox/secureCodeBox's .templates/new-scanner, cut down (survey 26b: 1 false
    # TS012, 1 false error): the chart, Dockerfile and compose file its Taskfile copies to start
    # each new scanner, whose `tag: null` and `appVersion: ""` the copy fills in.
    template = tmp_path / ".templates" / "new-scanner"
    (template / "scanner").mkdir(parents=True)
    (template / "scanner" / "Dockerfile").write_text("# Write your dockerfile here\n")
    (template / "docker-compose.yml").write_text("services:\n  db:\n    image: postgres\n")
    (tmp_path / "compose.yaml").write_text("services:\n  db:\n    image: postgres:17.2\n")
    forget()
    scan = scan_paths([str(tmp_path)])
    assert [o.text for o in scan] == ["postgres:17.2"]
    (note,) = scan.errors
    assert note.note and note.path == str(tmp_path / ".templates")
    assert "templates" in note.message
    # Walked itself, the template is read (as a directory named .template would be anywhere).
    forget()
    inside = scan_paths([str(template)])
    assert [o.text for o in inside] == ["postgres"]
    # (its Dockerfile of comments alone is an example to fill in: a note, not BuildKit's error)
    assert [e.message for e in inside.errors if not e.note] == []
    assert any(e.note and e.message.startswith("comments only") for e in inside.errors)


def test_an_underscored_directory_of_templates_is_one_note(tmp_path: Path) -> None:
    # kubeedge/kubeedge's staging/src/github.com/kubeedge/mapper-framework (commit 16cd8548,
    # Apache-2.0), cut down (survey 37d: 4 false TS006): hack/make-rules/generate.sh copies
    # _template/mapper (`cp -r`) to start each new mapper; nothing here builds its Dockerfiles.
    framework = tmp_path / "mapper-framework"
    template = framework / "_template" / "mapper"
    template.mkdir(parents=True)
    (template / "Dockerfile_stream").write_text(
        "FROM golang:1.21.11-bullseye AS builder\nFROM ubuntu:18.04\n"
    )
    (framework / "hack").mkdir()
    (framework / "hack" / "generate.sh").write_text(
        '#!/bin/bash\ncp -r "${ROOT_DIR}/_template/mapper" "${mapperPath}"\n'
    )
    (framework / "Dockerfile").write_text("FROM alpine:3.23\n")
    forget()
    scan = scan_paths([str(tmp_path)])
    assert [o.text for o in scan] == ["alpine:3.23"]
    (note,) = scan.errors
    assert note.note and note.path == str(framework / "_template")
    assert "an underscored directory named for templates" in note.message
    # (a directory that only starts with an underscore is read as any other)
    (framework / "_build").mkdir()
    (framework / "_template").rename(framework / "_build" / "mapper")
    forget()
    assert [o.text for o in scan_paths([str(tmp_path)])] == [
        "alpine:3.23",
        "golang:1.21.11-bullseye",
        "ubuntu:18.04",
    ]


def test_a_checker_s_cases_by_outcome_below_tests_are_test_data(tmp_path: Path) -> None:
    # super-linter/super-linter's test/linters/dockerfile_hadolint/{good,bad}/Dockerfile and
    # bridgecrewio/checkov's tests/dockerfile/graph_builder/checks/resources/*/{pass,fail}/
    # are what the linters are run on, never built (survey 30m: 6 of super-linter's 8
    # findings, 73 of checkov's). Outside a directory of tests, or in an end-to-end suite,
    # such a directory is read.
    (tmp_path / ".git").mkdir()
    files = {
        "test/linters/dockerfile_hadolint/bad/Dockerfile": "FROM node:latest\n",
        "test/linters/dockerfile_hadolint/good/Dockerfile": "FROM node:10\n",
        "tests/checks/resources/RunAptGetForceYes/fail/Dockerfile": "FROM ubuntu:latest\n",
        "tests/e2e/valid/Dockerfile": "FROM alpine:3.20\n",
        "examples/good/Dockerfile": "FROM debian:12\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    scan = scan_paths([str(tmp_path)])
    read = sorted(os.path.relpath(str(o.path), tmp_path) for o in scan.occurrences)
    assert read == ["examples/good/Dockerfile", "tests/e2e/valid/Dockerfile"]
    assert sorted(os.path.relpath(path, tmp_path) for path in notes(scan)) == [
        "test/linters/dockerfile_hadolint/bad",
        "test/linters/dockerfile_hadolint/good",
        "tests/checks/resources/RunAptGetForceYes/fail",
    ]
    # (named, a case is read as any file is)
    alone = scan_paths([str(tmp_path / "test/linters/dockerfile_hadolint/bad/Dockerfile")])
    assert [o.text for o in alone.occurrences] == ["node:latest"]


SEMGREP = REALWORLD / "semgrep-6568da50"


def test_a_code_checker_s_corpus_and_rule_targets_are_test_data() -> None:
    # semgrep/semgrep's tests/parsing/dockerfile and tests/patterns/dockerfile sit beside one
    # directory per language (python, go, java, js…), and tests/rules/X.dockerfile is the
    # target of the rule X.yaml beside it: what semgrep's tests read, never built (survey
    # 30m: 37 of its 41 false findings).
    scan = scan_paths([str(SEMGREP)])
    assert pulled(scan) == []
    assert sorted(os.path.relpath(path, SEMGREP) for path in set(notes(scan))) == [
        "tests/parsing/dockerfile",
        "tests/patterns/dockerfile",
        "tests/rules",
    ]
    # (named, a case is read as any file is)
    alone = scan_paths([str(SEMGREP / "tests/rules/compare-exposed-port.dockerfile")])
    assert [o.text for o in alone.occurrences] == ["busybox"]


def test_what_only_looks_like_a_checker_s_corpus_is_read(tmp_path: Path) -> None:
    # A directory named `docker` below tests with too few languages beside it (an SDK's
    # tests/python, tests/docker), one outside a directory of tests, and a Dockerfile beside
    # a same-named YAML file that is no rule file are the project's own.
    write(
        tmp_path,
        {
            "tests/python/test_x.py": "",
            "tests/go/x_test.go": "",
            "tests/docker/Dockerfile": "FROM redis:7.4\n",
            **{f"examples/{name}/README": "" for name in ("python", "go", "java", "js")},
            "examples/docker/Dockerfile": "FROM nginx:1.27\n",
            "deploy/app.Dockerfile": "FROM debian:12\n",
            "deploy/app.yaml": "apiVersion: v1\nkind: Pod\nmetadata: {name: app}\n"
            "spec: {containers: [{name: app, image: app}]}\n",
            "rules/pin.yaml": "rules:\n  - id: pin\n    languages: [dockerfile]\n"
            "    pattern: FROM $X\n    message: x\n    severity: ERROR\n",
            "rules/pin.dockerfile": "FROM alpine\n",
        },
    )
    scan = scan_paths([str(tmp_path)])
    read = sorted(os.path.relpath(path, tmp_path) for path, _ in pulled(scan))
    assert read == [
        "deploy/app.Dockerfile",
        "deploy/app.yaml",
        "examples/docker/Dockerfile",
        "tests/docker/Dockerfile",
    ]
    assert [os.path.relpath(path, tmp_path) for path in set(notes(scan))] == ["rules"]


CHECKOV = REALWORLD / "checkov-03d5fdad"


def test_data_beside_a_unit_test_below_tests_is_its_input(tmp_path: Path) -> None:
    # bridgecrewio/checkov's tests/kubernetes/graph/checks/test_yaml_policies.py reads
    # resources/<Check>/ beside it case by case (`self.go("RequireAllPodsToHaveNetworkPolicy")`):
    # its pods are a scanner's input, never deployed (survey 30m: 15 false findings).
    scan = scan_paths([str(CHECKOV)])
    assert pulled(scan) == []
    assert [os.path.relpath(path, CHECKOV) for path in set(notes(scan))] == [
        "tests/kubernetes/graph/checks/resources"
    ]
    # Beside a Go test (whose input is in testdata/; an end-to-end suite's by its build tag),
    # or beside no test, such a directory is read.
    write(
        tmp_path,
        {
            "test/rekt/broker_test.go": "//go:build e2e\npackage rekt\n",
            "test/rekt/resources/pod.yaml": POD,
            "tests/deploy/resources/pod.yaml": POD,
            "tests/checks/test_pods.py": "",
            "tests/checks/resources/pod.yaml": POD,
        },
    )
    read = sorted(
        os.path.relpath(path, tmp_path) for path, _ in pulled(scan_paths([str(tmp_path)]))
    )
    assert read == ["test/rekt/resources/pod.yaml", "tests/deploy/resources/pod.yaml"]


def nixpacks_like(root: Path, snapshots: list[str], apps: list[str]) -> None:
    """railwayapp/nixpacks' layout, cut down: sample apps in examples/, insta snapshots of the
    plans its generated tests make for them in tests/snapshots/."""
    files = {f"tests/snapshots/generate_plan_tests__{name}.snap": "---\n" for name in snapshots}
    for app in apps:
        files[f"examples/{app}/docker-compose.yml"] = (
            "services:\n  redis:\n    image: 'redis:alpine'\n"
        )
    files["examples/node/Dockerfile"] = "FROM node:20-alpine\n"
    files["compose.yaml"] = "services:\n  db:\n    image: postgres:17.2\n"
    write(root, files)


def test_a_directory_a_snapshot_test_runs_case_by_case_is_test_data(tmp_path: Path) -> None:
    # railwayapp/nixpacks' tests list examples/ and make one test per app, whose plan insta
    # keeps in tests/snapshots/generate_plan_tests__<app>.snap; nothing runs the apps'
    # Laravel Sail compose files or Dockerfiles (survey 31c: 19 false findings).
    apps = ["php-laravel-81", "php-laravel-ext-json", "node", "python-3.12"]
    nixpacks_like(tmp_path, ["php_laravel_81", "php_laravel_ext_json", "node", "python_3_12"], apps)
    scan = scan_paths([str(tmp_path)])
    assert [os.path.relpath(path, tmp_path) for path, _ in pulled(scan)] == ["compose.yaml"]
    assert [os.path.relpath(path, tmp_path) for path in set(notes(scan))] == ["examples"]
    # Walked itself, the corpus is read, as any directory of test data is.
    forget()
    inside = scan_paths([str(tmp_path / "examples")])
    assert len(pulled(inside)) == len(apps) + 1


@pytest.mark.parametrize(
    "snapshots",
    [
        ["php_laravel_81", "node"],  # (two cases: too few to be a corpus)
        ["php_laravel_81", "node", "other", "more"],  # (two of five subdirectories)
    ],
)
def test_too_few_snapshot_cases_make_no_corpus(tmp_path: Path, snapshots: list[str]) -> None:
    apps = ["php-laravel-81", "php-laravel-ext-json", "ruby", "go", "node"]
    nixpacks_like(tmp_path, snapshots, apps)
    scan = scan_paths([str(tmp_path)])
    assert len(pulled(scan)) == len(apps) + 2
    assert notes(scan) == []


def test_a_checker_s_case_named_by_its_outcome_below_tests_is_test_data(tmp_path: Path) -> None:
    # bridgecrewio/checkov's tests/kubernetes/checks/example_NoDefaultNamespace/Dev-PASSED.yaml:
    # the case of a check that no test of its directory names any more (the check's test moved
    # to the graph checks), named by the outcome expected (survey 30m: 1 false TS001). Outside
    # a directory of tests, or in an end-to-end suite, such a name says nothing.
    latest = POD.replace("image: nginx", "image: nginx:latest")
    write(
        tmp_path,
        {
            "tests/kubernetes/checks/example_NoDefaultNamespace/Dev-PASSED.yaml": latest,
            "tests/kubernetes/checks/example_Privileged/Privileged-FAILED.yaml": latest,
            "tests/e2e/pod-valid.yaml": latest,
            "deploy/passed.yaml": latest,
            "tests/deploy/passport.yaml": latest,  # ("pass" only inside a word)
        },
    )
    scan = scan_paths([str(tmp_path)])
    assert [os.path.relpath(path, tmp_path) for path, _ in pulled(scan)] == [
        "deploy/passed.yaml",
        "tests/deploy/passport.yaml",
        "tests/e2e/pod-valid.yaml",
    ]
    assert sorted(os.path.relpath(path, tmp_path) for path in notes(scan)) == [
        "tests/kubernetes/checks/example_NoDefaultNamespace",
        "tests/kubernetes/checks/example_Privileged",
    ]


def test_a_chart_a_unit_test_names_below_tests_is_its_input(tmp_path: Path) -> None:
    # bridgecrewio/checkov's tests/helm/test_runner.py scans the chart it names by
    # os.path.join(current_dir, "runner", "resources", "schema-registry"), whose kafka
    # subchart nothing deploys (survey 30m: 2 false TS006).
    files = {f"tests/helm/runner/resources/schema-registry/{k}": v for k, v in CHART.items()}
    files["tests/helm/test_runner.py"] = (
        "import os\n\n\ndef test_runner():\n"
        "    current_dir = os.path.dirname(os.path.realpath(__file__))\n"
        '    scan_dir_path = os.path.join(current_dir, "runner", "resources", "schema-registry")\n'
    )
    files.update({f"tests/deploy/chart/{k}": v for k, v in CHART.items()})  # (no test names it)
    write(tmp_path, files)
    scan = scan_paths([str(tmp_path)])
    assert {os.path.relpath(path, tmp_path) for path, _ in pulled(scan)} == {
        "tests/deploy/chart/values.yaml"
    }
    assert set(notes(scan)) == {str(tmp_path / "tests/helm/runner/resources/schema-registry")}


def test_a_case_its_script_only_renders_is_test_data(tmp_path: Path) -> None:
    # helmfile/helmfile (MIT) test/integration/test-cases/: issue-2355.sh runs only `helmfile
    # diff` on issue-2355/input, whose kustomize deployment says nginx:latest (1 false TS001
    # before, 3 with the template-only and unittest-only cases; survey 32e); issue-2271.sh
    # applies its case, whose images are pulled.
    manifest = (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n"
        "    spec:\n      containers:\n      - name: app\n        image: nginx:latest\n"
    )
    cases = "test/integration/test-cases"
    write(
        tmp_path,
        {
            f"{cases}/issue-2355/input/kubernetes/deployment.yaml": manifest,
            f"{cases}/issue-2355.sh": (
                'issue_2355_input_dir="${cases_dir}/issue-2355/input"\n'
                'test_start "issue-2355: validate flag"\n'
                "# (not `helmfile apply`: a comment)\n"
                "error_output=$(${helmfile} -f ${issue_2355_input_dir}/helmfile.yaml diff"
                " --validate 2>&1)\n"
            ),
            f"{cases}/issue-2271/input/kubernetes/deployment.yaml": manifest,
            f"{cases}/issue-2271.sh": (
                'cd "${cases_dir}/issue-2271/input"\n'
                "${helmfile} -f helmfile.yaml apply --suppress-diff\n"
                '${helmfile} -f "${helmfile_path}" diff\n'
            ),
            f"{cases}/other/input/kubernetes/deployment.yaml": manifest,  # (no script)
        },
    )
    scan = scan_paths([str(tmp_path)])
    assert sorted(os.path.relpath(path, tmp_path) for path, _ in pulled(scan)) == [
        f"{cases}/issue-2271/input/kubernetes/deployment.yaml",
        f"{cases}/other/input/kubernetes/deployment.yaml",
    ]
    assert notes(scan) == [str(tmp_path / cases / "issue-2355")]


def test_cases_a_script_beside_them_renders_by_a_pattern_are_test_data(tmp_path: Path) -> None:
    # argoproj/argo-rollouts test/kustomize/test.sh diffs `kustomize build` of each
    # ${DIR}/*/kustomization.yaml with its expected.yaml; nothing applies rollout/rollout.yaml
    # (1 false TS006 on alpine:3.8, survey s59d). A script that applies its cases keeps them.
    manifest = (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n"
        "    spec:\n      containers:\n      - name: app\n        image: nginx:latest\n"
    )
    renders = (
        'DIR="$( cd "$( dirname "${BASH_SOURCE[0]}" )" && pwd )"\n'
        "for i in `ls ${DIR}/*/kustomization.yaml`; do\n"
        "    dir_name=$(dirname $i)\n"
        "    diff ${dir_name}/expected.yaml <(kustomize build ${dir_name})\n"
        "done\n"
    )
    kustomization = "resources:\n- rollout.yaml\n"
    write(
        tmp_path,
        {
            "test/kustomize/rollout/rollout.yaml": manifest,
            "test/kustomize/rollout/kustomization.yaml": kustomization,
            "test/kustomize/test.sh": renders,
            "test/deployed/app/rollout.yaml": manifest,
            "test/deployed/app/kustomization.yaml": kustomization,
            "test/deployed/test.sh": renders.replace("kustomize build", "kubectl apply -k"),
        },
    )
    scan = scan_paths([str(tmp_path)])
    assert sorted(os.path.relpath(path, tmp_path) for path, _ in pulled(scan)) == [
        "test/deployed/app/rollout.yaml"
    ]
    assert notes(scan) == [str(tmp_path / "test" / "kustomize" / "rollout")]


def _fixture_module(directory: Path, name: str, image: str) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text(
        "import pytest\n"
        "from testcontainers.postgres import PostgresContainer\n\n\n"
        '@pytest.fixture(scope="session")\n'
        "def postgres():\n"
        f'    container = PostgresContainer(image="{image}")\n'
        "    container.start()\n"
        "    yield container\n"
    )


def test_a_pytest_fixture_package_that_starts_containers_is_read(tmp_path: Path) -> None:
    # SigNoz's tests/fixtures/ is a package its conftest.py loads as pytest_plugins; each
    # module starts a container for the integration tests (survey 38e: 9 images unread).
    fixtures = tmp_path / "tests" / "fixtures"
    _fixture_module(fixtures, "postgres.py", "postgres:15.8")
    (fixtures / "__init__.py").write_text("")
    (tmp_path / "tests" / "conftest.py").write_text('pytest_plugins = ["fixtures.postgres"]\n')
    # A Go package's fixtures/ is compiled with it; testdata/ is not (`go help packages`).
    _fixture_module(tmp_path / "data" / "fixtures", "plain.py", "postgres:15.7")
    go = tmp_path / "e" / "fixtures"
    go.mkdir(parents=True)
    (go / "db.go").write_text(
        'package fixtures\n\nimport (\n\t"context"\n\n'
        '\t"github.com/testcontainers/testcontainers-go"\n)\n\n'
        "func Redis(ctx context.Context) (testcontainers.Container, error) {\n"
        '\treturn testcontainers.Run(ctx, "redis:7.4.1")\n}\n'
    )
    ignored = tmp_path / "e" / "testdata"
    ignored.mkdir()
    (ignored / "db.go").write_text((go / "db.go").read_text().replace("7.4.1", "7.4.0"))
    scan = scan_paths([str(tmp_path)])
    assert sorted(o.raw for o in scan.occurrences) == ["postgres:15.8", "redis:7.4.1"]
    # (a Python file of a directory that is no package stays a test's input)
    assert [os.path.relpath(n, tmp_path) for n in notes(scan)] == [os.path.join("data", "fixtures")]


HDFS_TEST = """\
class HdfsStorageOperatorTest {
    static ComposeContainer hdfs;
    static void setUp() {
        String file = Test.class.getResource("/hadoop/docker-compose.yaml").getFile();
        hdfs = new ComposeContainer(new File(file)).withPull(true);
    }
}
"""
SUITE_EXTENSION = """\
class SuiteExtension {
    private DockerComposeContainer<?> compose;
    void start(Suite annotation) {
        compose = new DockerComposeContainer<>(files(annotation.composeFiles()));
    }
}
"""


def test_compose_files_jvm_tests_bring_up_from_their_classpath_are_read(tmp_path: Path) -> None:
    # apache/dolphinscheduler: a storage test brings up its module's
    # src/test/resources/hadoop-docker-compose/docker-compose.yaml with Testcontainers'
    # ComposeContainer; the API tests name docker/basic/docker-compose.yaml in an annotation
    # that the suite's extension, in the sibling -core module, brings up (survey 45e).
    write(
        tmp_path,
        {
            "pom.xml": "<project/>\n",
            "api-test/pom.xml": "<project/>\n",
            "storage/src/main/java/Storage.java": "class Storage {}\n",
            "storage/src/test/java/HdfsStorageOperatorTest.java": HDFS_TEST,
            "storage/src/test/resources/hadoop/docker-compose.yaml": COMPOSE_FILE,
            "api-test/core/src/main/java/SuiteExtension.java": SUITE_EXTENSION,
            "api-test/case/src/main/java/Nothing.java": "class Nothing {}\n",
            "api-test/case/src/test/java/ProjectApiTest.java": (
                '@Suite(composeFiles = "docker/basic/docker-compose.yaml")\nclass ApiTest {}\n'
            ),
            "api-test/case/src/test/resources/docker/basic/docker-compose.yaml": COMPOSE_FILE,
            # (apache/kyuubi: testcontainers-scala's Def, by its classpath name)
            "jdbc/src/main/scala/Engine.scala": "class Engine\n",
            "jdbc/src/test/scala/WithDoris.scala": (
                "val containerDef = DockerComposeContainer\n  .Def(composeFiles = new File(\n"
                '    loader.getResource("doris-compose.yml").toURI))\n'
            ),
            "jdbc/src/test/resources/doris-compose.yml": COMPOSE_FILE,
            # (apache/inlong: by its path from the module, where the build runs the tests)
            "schedule/src/main/java/Schedule.java": "class Schedule {}\n",
            "schedule/src/test/java/AirflowEnv.java": (
                'class AirflowEnv {\n  String PATH = "src/test/resources/airflow/compose.yaml";\n'
                "  Object env = new DockerComposeContainer<>(new File(PATH));\n}\n"
            ),
            "schedule/src/test/resources/airflow/compose.yaml": COMPOSE_FILE,
            # (no test names it: a test's input, as before)
            "api-test/case/src/test/resources/docker/mysql/docker-compose.yaml": COMPOSE_FILE,
        },
    )
    scan = scan_paths([str(tmp_path)])
    resources = ["src", "test", "resources"]
    assert pulled(scan) == [
        (
            str(
                tmp_path.joinpath(
                    "api-test", "case", *resources, "docker", "basic", "docker-compose.yaml"
                )
            ),
            "redis",
        ),
        (str(tmp_path.joinpath("jdbc", *resources, "doris-compose.yml")), "redis"),
        (str(tmp_path.joinpath("schedule", *resources, "airflow", "compose.yaml")), "redis"),
        (str(tmp_path.joinpath("storage", *resources, "hadoop", "docker-compose.yaml")), "redis"),
    ]
    assert notes(scan) == [str(tmp_path.joinpath("api-test", "case", *resources))]


RD_COMPOSE_CONTAINER = """\
class RdComposeContainer extends ComposeContainer {
    RdComposeContainer(URI composeFilePath) {
        super(new File(composeFilePath))
    }
}
"""
BASE_CONTAINER = """\
class BaseContainer {
    void start() {
        def resource = getClass().getClassLoader().getResource(System.getProperty("COMPOSE_PATH"))
        new RdComposeContainer(resource.toURI()).start()
    }
}
"""


def test_a_compose_file_a_jvm_module_s_build_file_names_for_its_tests_is_run(
    tmp_path: Path,
) -> None:
    # rundeck/rundeck: functional-test/build.gradle gives its test tasks
    # systemProperty("COMPOSE_PATH", "docker/compose/oss/docker-compose.yml"), which the tests
    # resolve on their classpath and bring up with a subclass of Testcontainers'
    # ComposeContainer; the compose file builds the Dockerfile beside it (survey 53a: 4 pulls
    # missed). The Maven form (Surefire's systemPropertyVariables) names it as XML text.
    compose = "services:\n  db:\n    image: mysql:8.4\n  node:\n    build:\n      context: node\n"
    write(
        tmp_path,
        {
            "build.gradle": "allprojects {}\n",
            "functional-test/build.gradle": (
                "task apiTest(type: Test) {\n"
                '    systemProperty("COMPOSE_PATH", "docker/oss/docker-compose.yml")\n}\n'
                "task ldapTest(type: Test) {\n"
                "    systemProperty('COMPOSE_PATH', 'docker/ldap/docker-compose.yml')\n}\n"
            ),
            "functional-test/src/test/groovy/RdComposeContainer.groovy": RD_COMPOSE_CONTAINER,
            "functional-test/src/test/groovy/BaseContainer.groovy": BASE_CONTAINER,
            "functional-test/src/test/resources/docker/oss/docker-compose.yml": compose,
            "functional-test/src/test/resources/docker/oss/node/Dockerfile": "FROM alpine:3.21\n",
            "functional-test/src/test/resources/docker/ldap/docker-compose.yml": COMPOSE_FILE,
            # (named by nothing: a test's input, as before)
            "functional-test/src/test/resources/docker/old/docker-compose.yml": COMPOSE_FILE,
            "it/pom.xml": (
                "<project><systemPropertyVariables>"
                "<compose>stack/compose.yaml</compose>"
                "</systemPropertyVariables></project>\n"
            ),
            "it/src/test/java/StackIT.java": (
                "class StackIT {\n"
                '  Object c = new ComposeContainer(file(System.getProperty("compose")));\n}\n'
            ),
            "it/src/test/resources/stack/compose.yaml": COMPOSE_FILE,
        },
    )
    scan = scan_paths([str(tmp_path)])
    resources = tmp_path.joinpath("functional-test", "src", "test", "resources", "docker")
    assert pulled(scan) == [
        (str(resources / "ldap" / "docker-compose.yml"), "redis"),
        (str(resources / "oss" / "docker-compose.yml"), "mysql:8.4"),
        (str(resources / "oss" / "node" / "Dockerfile"), "alpine:3.21"),
        (
            str(tmp_path.joinpath("it", *["src", "test", "resources"], "stack", "compose.yaml")),
            "redis",
        ),
    ]
    assert notes(scan) == [str(tmp_path.joinpath("functional-test", "src", "test", "resources"))]


def test_a_compose_file_a_jvm_test_only_names_stays_its_input(tmp_path: Path) -> None:
    # A compose reader's test parses its resource as text: nothing brings it up.
    write(
        tmp_path,
        {
            "src/main/java/ComposeParser.java": "class ComposeParser {}\n",
            "src/test/java/ComposeParserTest.java": (
                'class ParserTest {\n  String text = read("/compose/docker-compose.yaml");\n}\n'
            ),
            "src/test/resources/compose/docker-compose.yaml": COMPOSE_FILE,
        },
    )
    scan = scan_paths([str(tmp_path)])
    assert pulled(scan) == []
    assert notes(scan) == [str(tmp_path / "src" / "test" / "resources")]


RUNS = (
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n    - image: {image}\n"
)


def test_a_retired_directory_s_files_that_nothing_uses_are_one_note(tmp_path: Path) -> None:
    # debiki/talkyard keeps the Dockerfiles it no longer builds in images/web/old/ (4 false
    # TS006, survey 51e), manticoresearch in dist/build_dockers/retired/, opensearch-build in
    # docker/ci/dockerfiles/legacy/ (its lint reads only dockerfiles/current); a backup copy of
    # a directory (build.ci.backups) is one too, and openresty/docker-openresty's archive/ of
    # the Dockerfiles of the distributions it no longer builds (12 false findings, survey 53b).
    # `backup` names what a project does: talkyard's compose file builds images/backup/Dockerfile.
    write(
        tmp_path,
        {
            "images/web/Dockerfile": "FROM nginx:1.27.3\n",
            "images/web/old/Dockerfile.nginx": "FROM nginx:1.19\n",
            "images/web/old/nested/Dockerfile": "FROM nginx:1.18\n",
            "dist/Retired/bionic/Dockerfile": "FROM ubuntu:bionic\n",
            "jenkins/build.ci.backups/Dockerfile": "FROM centos:7\n",
            "images/backup/Dockerfile": "FROM postgres:17.2\n",
            "archive/Dockerfile.xenial": "FROM ubuntu:xenial\n",
            "manifests/deprecated/pod.yaml": RUNS.format(image="busybox:1.20"),
        },
    )
    scan = scan_paths([str(tmp_path)])
    assert sorted(o.text for o in scan.occurrences) == ["nginx:1.27.3", "postgres:17.2"]
    assert sorted(notes(scan)) == [
        str(tmp_path / "archive"),
        str(tmp_path / "dist" / "Retired"),
        str(tmp_path / "images" / "web" / "old"),
        str(tmp_path / "jenkins" / "build.ci.backups"),
        str(tmp_path / "manifests" / "deprecated"),
    ]
    assert all("no longer uses" in e.message for e in scan.errors if e.note)
    # (named on the command line, or walked from the directory itself, it is read)
    named = scan_paths([str(tmp_path / "images" / "web" / "old" / "Dockerfile.nginx")])
    assert [o.text for o in named.occurrences] == ["nginx:1.19"]
    walked = scan_paths([str(tmp_path / "images" / "web" / "old")])
    assert sorted(o.text for o in walked.occurrences) == ["nginx:1.18", "nginx:1.19"]


def test_a_retired_directory_s_file_that_the_project_uses_is_read(tmp_path: Path) -> None:
    # krkn-chaos/krkn's tests.yml runs `kubectl apply -f CI/legacy/scenarios/volume_scenario.yaml`
    # (its httpd centos7 image is pulled: 2 true findings); a build of CI names an old Dockerfile.
    write(
        tmp_path,
        {
            "CI/legacy/scenarios/volume_scenario.yaml": RUNS.format(image="httpd:2.4.62"),
            "CI/legacy/scenarios/node_scenario.yaml": RUNS.format(image="nginx:1.27.3"),
            "images/old/Dockerfile": "FROM alpine:3.20.3\n",
            "images/old/unbuilt/Dockerfile": "FROM alpine:3.19.4\n",
            ".github/workflows/tests.yml": (
                "on: push\njobs:\n  tests:\n    runs-on: ubuntu-latest\n    steps:\n"
                "      - run: kubectl apply -f CI/legacy/scenarios/volume_scenario.yaml\n"
                "      - run: docker build -t app:ci images/old\n"
            ),
        },
    )
    scan = scan_paths([str(tmp_path)])
    assert sorted(o.text for o in scan.occurrences if o.kind != "build") == [
        "alpine:3.20.3",
        "httpd:2.4.62",
    ]
    assert sorted(notes(scan)) == [
        str(tmp_path / "CI" / "legacy"),
        str(tmp_path / "images" / "old"),
    ]
