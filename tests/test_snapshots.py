"""Committed ``helm template`` renders of a chart (tagsense.sources.snapshots).

The layout is open-telemetry/opentelemetry-helm-charts' (charts/NAME/examples/X/rendered/,
made by its Makefile's `helm template … --output-dir`, applied by some CI workflows with
`kubectl apply -f ./charts/NAME/examples/X/rendered`).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tagsense.sources import find_references
from tagsense.sources.context import forget
from tagsense.sources.snapshots import ANY, _applied_paths, _names, rendered_chart

ALL_FILES = [
    "pkg/testdata/spire/agent.yaml",
    "pkg/testdata/pod.yaml",
    "manifests/a.yaml",
    "manifests/sub/b.yaml",
]

POD = """\
---
# Source: {chart}/templates/pod.yaml
apiVersion: v1
kind: Pod
metadata:
  name: example-{chart}
spec:
  containers:
    - name: wait
      image: busybox:latest
"""
TEMPLATE = """\
apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}
spec:
  containers:
    - name: wait
      image: {{ .Values.image }}
"""


@pytest.fixture(autouse=True)
def _afresh() -> None:
    forget()


def _chart(root: Path, *, rendered_from: str = "collector") -> Path:
    chart = root / "charts" / "collector"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: collector\nversion: 0.1.0\n")
    (chart / "values.yaml").write_text("image: busybox:1.37\n")
    (chart / "templates" / "pod.yaml").write_text(TEMPLATE)
    rendered = chart / "examples" / "default" / "rendered"
    rendered.mkdir(parents=True)
    (rendered / "pod.yaml").write_text(POD.format(chart=rendered_from))
    (root / ".git").mkdir()
    return rendered / "pod.yaml"


def _found(root: Path) -> tuple[list[tuple[str, str]], list[str]]:
    scan = find_references(root)
    files = sorted((Path(o.path).relative_to(root).as_posix(), o.text) for o in scan)
    notes = [str(Path(e.path).relative_to(root).as_posix()) for e in scan.errors if e.note]
    return files, notes


def test_a_render_of_its_own_chart_that_nothing_applies_is_one_note(tmp_path: Path) -> None:
    _chart(tmp_path)
    (tmp_path / "charts" / "collector" / "examples" / "other" / "rendered").mkdir(parents=True)
    second = tmp_path / "charts" / "collector" / "examples" / "other" / "rendered" / "pod.yaml"
    second.write_text(POD.format(chart="collector"))
    files, notes = _found(tmp_path)
    assert files == [("charts/collector/values.yaml", "busybox:1.37")]
    assert notes == ["charts/collector"]  # (one for the chart, however many renders)


def test_a_render_a_ci_job_applies_is_read(tmp_path: Path) -> None:
    _chart(tmp_path)
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "test.yaml").write_text(
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: |\n"
        "          kubectl apply -f ./charts/collector/examples/default/rendered\n"
    )
    files, notes = _found(tmp_path)
    assert ("charts/collector/examples/default/rendered/pod.yaml", "busybox:latest") in files
    assert notes == []


def test_a_path_only_a_run_decides_may_be_the_render(tmp_path: Path) -> None:
    _chart(tmp_path)
    (tmp_path / "Makefile").write_text(
        "e2e:\n\tfor d in charts/*/examples/*/rendered; do \\\n\t  kubectl apply -f $$d; done\n"
    )
    files, _ = _found(tmp_path)
    assert ("charts/collector/examples/default/rendered/pod.yaml", "busybox:latest") in files


def test_a_render_of_another_chart_is_a_deployment(tmp_path: Path) -> None:
    _chart(tmp_path, rendered_from="grafana")  # (a GitOps repository's rendered manifests)
    files, notes = _found(tmp_path)
    assert ("charts/collector/examples/default/rendered/pod.yaml", "busybox:latest") in files
    assert notes == []


def test_a_manifest_without_helms_mark_is_read(tmp_path: Path) -> None:
    render = _chart(tmp_path)
    render.write_text(POD.format(chart="collector").replace("# Source: ", "# From: "))
    files, _ = _found(tmp_path)
    assert ("charts/collector/examples/default/rendered/pod.yaml", "busybox:latest") in files


def test_helms_mark() -> None:
    assert rendered_chart(POD.format(chart="opentelemetry-demo")) == "opentelemetry-demo"
    sub = "---\n# Source: kube-stack/charts/crds/templates/x.yaml\nkind: Pod\n"
    assert rendered_chart(sub) == "kube-stack"
    assert rendered_chart("# Source: a comment of another kind\nkind: Pod\n") is None


def test_the_paths_kubectl_applies() -> None:
    text = (
        "kubectl apply -f ./a/rendered && kubectl -n x create --filename=b.yaml\n"
        "kubectl replace -fc.yaml; kubectl apply -f https://example.com/crd.yaml\n"
        "kubectl apply -f $DIR/x\nkubectl get pods -f d.yaml\n"
    )
    assert _applied_paths(text) == ["./a/rendered", "b.yaml", "c.yaml", f"{ANY}/x"]


def test_a_variable_set_with_another_one_keeps_what_it_writes() -> None:
    # apache/flink-kubernetes-operator, e2e-tests/test_application_kubernetes_ha.sh (trimmed):
    # the script's directory is a run's, the file it applies is not
    text = (
        'SCRIPT_DIR=$(dirname "$(readlink -f "$0")")\n'
        'APPLICATION_YAML="${SCRIPT_DIR}/data/flinkdep-cr.yaml"\n'
        'retry_times 5 30 "kubectl apply -f $APPLICATION_YAML" || exit 1\n'
        "BASE=deploy\nCRS=$BASE/crs\nkubectl apply -f $CRS/a.yaml\n"
        "V=`pwd`/x\nkubectl apply -f $V\n"
    )
    assert _applied_paths(text) == [f"{ANY}/data/flinkdep-cr.yaml", "deploy/crs/a.yaml", None]


def test_what_a_run_decides_in_an_applied_path() -> None:
    text = (
        'kubectl apply -f "$DIR"/testdata/spire/agent.yaml -f ${{env.D}}/x -f $(MK)/y/\n'
        "kubectl apply -f 'manifests/*.yaml' -f \"$f\" -f `pwd`/a{{.V}}b\n"
        'for f in config/crd/*.yaml deploy/$NAME.yaml; do\n  kubectl apply -f "$f"\ndone\n'
        "for d in $(ls); do kubectl create -f ${d}; done; kubectl apply -f $f\n"
    )
    assert _applied_paths(text) == [
        f"{ANY}/testdata/spire/agent.yaml", f"{ANY}/x", f"{ANY}/y/",
        "manifests/*.yaml", None, f"{ANY}/a{ANY}b",
        "config/crd/*.yaml", f"deploy/{ANY}.yaml",  # (the loop's words, in the loop)
        None, None,  # (a loop over what a run decides; $f after its loop)
    ]  # fmt: skip


def test_a_variable_the_file_sets_once_stands_for_its_value() -> None:
    # open-policy-agent/gatekeeper's test/bats/test.bats: `BATS_TESTS_DIR=${BATS_TESTS_DIR:-
    # test/bats/tests}` then `kubectl apply -f ${BATS_TESTS_DIR}/${exclusion_config}`, a file
    # below test/bats/tests, not any file (7 false findings in its gator fixtures); and the
    # command inside a string (`wait_for_process 1 1 "kubectl apply -f a.yaml"`).
    text = (
        "BATS_TESTS_DIR=${BATS_TESTS_DIR:-test/bats/tests}\nexport ONE='deploy'\n"
        "TWO=a\nTWO=b\nNOW=$(date)\n"
        "kubectl apply -f ${BATS_TESTS_DIR}/${exclusion_config}\n"
        'wait_for_process 1 1 "kubectl apply -f $ONE/pod.yaml"\n'
        "for f in $ONE/*.yaml; do kubectl apply -f $f; done\n"
        "kubectl apply -f $TWO/x.yaml -f $NOW/y.yaml\n"
    )
    assert _applied_paths(text) == [
        f"test/bats/tests/{ANY}", "deploy/pod.yaml", "deploy/*.yaml",
        f"{ANY}/x.yaml", f"{ANY}/y.yaml",  # (set twice; a run's value)
    ]  # fmt: skip


def test_a_loop_inside_a_loop_and_what_creates_nothing() -> None:
    # open-policy-agent/gatekeeper-library's test/bats/test.bats: `for policy in
    # "$TESTS_DIR"/*/*` (TESTS_DIR=library) around `for sample in "$policy"/samples/*` around
    # `for allowed in "$sample"/example_allowed*.yaml; do … kubectl apply -f "$allowed"`: the
    # samples of library/, not the copies of artifacthub/. `--dry-run=server` creates nothing,
    # nor a Bats `run kubectl apply -f X` whose test then asserts a failure (bats-assert).
    text = (
        "TESTS_DIR=library\n"
        'for policy in "$TESTS_DIR"/*/*; do\n'
        '  for sample in "$policy"/samples/*; do\n'
        '    for inventory in "$sample"/example_inventory*.yaml; do\n'
        '      run kubectl apply -f "$inventory"\n      assert_success\n    done\n'
        '    for allowed in "$sample"/example_allowed*.yaml; do\n'
        '      if kubectl apply -f "$allowed" --dry-run=server; then\n'
        '        run kubectl apply -f "$allowed"\n        assert_success\n      fi\n    done\n'
        '    for disallowed in "$sample"/example_disallowed*.yaml; do\n'
        '      run kubectl apply -f "$disallowed"\n'
        "      assert_match 'denied the request' \"${output}\"\n      assert_failure\n"
        "    done\n"
        '    wait_for_process 1 1 "kubectl apply -f ${sample}/constraint.yaml"\n'
        "  done\ndone\n"
    )
    assert _applied_paths(text) == [
        "library/*/*/samples/*/example_inventory*.yaml",
        "library/*/*/samples/*/example_allowed*.yaml",
        "library/*/*/samples/*/constraint.yaml",
    ]


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (f"{ANY}/testdata/spire/agent.yaml", ["pkg/testdata/spire/agent.yaml"]),
        (f"{ANY}/testdata", ["pkg/testdata/spire/agent.yaml", "pkg/testdata/pod.yaml"]),
        ("manifests/*.yaml", ["manifests/a.yaml"]),  # (a glob stays in its directory)
        ("manifests/*", ["manifests/a.yaml", "manifests/sub/b.yaml"]),
        (f"manifests/{ANY}.yaml", ["manifests/a.yaml", "manifests/sub/b.yaml"]),
        (f"pkg/{ANY}/agent.yaml", ["pkg/testdata/spire/agent.yaml"]),
        ("pkg/testdata/?od.yaml", ["pkg/testdata/pod.yaml"]),
        # (where it leads, only a run knows; it ends in what is written after the `..`:
        # kubeflow/pipelines' `$(CURDIR)/../tools/kind/webhook-proxy.yaml`)
        (f"{ANY}/../x.yaml", []),
        (f"{ANY}/../manifests/a.yaml", ["manifests/a.yaml"]),
        (f"{ANY}/../sub", ["manifests/sub/b.yaml"]),
        (f"{ANY}/../", ALL_FILES),
        (f"{ANY}/../{ANY}.yaml", ALL_FILES),
        ("manifests/[ab].yaml", []),  # (a bracket is read as written, as before)
    ],
)
def test_which_files_an_applied_pattern_names(
    tmp_path: Path, target: str, expected: list[str]
) -> None:
    for name in ALL_FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    real = os.path.realpath(tmp_path)
    named = [name for name in ALL_FILES if _names(os.path.join(real, name), target, str(tmp_path))]
    assert named == expected


def test_a_path_found_below_an_absolute_directory_is_there() -> None:
    # kubeflow/pipelines' .github/workflows/kfp-kubernetes-native-migration-tests.yaml: what
    # `find` prints starts with the directory it starts from, outside the repository.
    text = (
        'migrated=$(find /tmp/kfp_outputs -name "migration_output_*" -type d | sort | tail -1)\n'
        'for yaml_file in "$migrated"/*.yaml; do\n  kubectl apply -f "$yaml_file"\ndone\n'
        'other=$(find . -name "*.yaml")\nkubectl apply -f "$other"\n'
        "twice=$(find /tmp/a)\ntwice=$(find /tmp/b)\nkubectl apply -f $twice/p.yaml\n"
    )
    assert _applied_paths(text) == [
        f"/tmp/kfp_outputs/{ANY}/*.yaml",
        None,  # (a relative start: anywhere in the repository)
        f"{ANY}/p.yaml",  # (set twice: a run's value)
    ]


def _tested_render(root: Path, directory: str = "tests/unit-compatibility-test/fixtures") -> None:
    """SonarSource/helm-chart-sonarqube's layout: a pre-commit hook writes `helm template`'s
    output for each test values file to a fixtures directory beside the tests."""
    _chart(root).unlink()  # (only the tests' renders)
    fixtures = root / directory / "collector"
    fixtures.mkdir(parents=True)
    (fixtures / "default-values.yaml").write_text(POD.format(chart="collector"))


def test_a_render_among_the_tests_of_the_projects_own_chart_is_one_note(tmp_path: Path) -> None:
    _tested_render(tmp_path)
    # (a script's `kubectl apply -f "$FILE"` of a path nothing tells does not apply it)
    (tmp_path / "migrate.sh").write_text(
        'FILE=""\nFILE="${OUT}/gateway.yaml"\nkubectl apply -f "$FILE"\n'
    )
    files, notes = _found(tmp_path)
    assert files == [("charts/collector/values.yaml", "busybox:1.37")]
    assert notes == ["charts/collector"]


def test_a_render_among_the_tests_that_a_command_names_is_read(tmp_path: Path) -> None:
    _tested_render(tmp_path)
    (tmp_path / "e2e.sh").write_text(
        "kubectl apply -f tests/unit-compatibility-test/fixtures/collector\n"
    )
    files, notes = _found(tmp_path)
    fixture = "tests/unit-compatibility-test/fixtures/collector/default-values.yaml"
    assert (fixture, "busybox:latest") in files
    assert notes == []


def test_a_render_of_the_projects_own_chart_outside_the_tests_is_a_deployment(
    tmp_path: Path,
) -> None:
    _tested_render(tmp_path, "deploy/rendered")  # (what a GitOps tool may sync)
    files, notes = _found(tmp_path)
    assert ("deploy/rendered/collector/default-values.yaml", "busybox:latest") in files
    assert notes == []
