"""Manifests that only unit tests name (tagsense.sources._unit_tests): a test's input, one
note for their directory; a test of a real cluster, a Chainsaw test that creates them, a
`kubectl apply -f` of the project still reads them.

Modelled on kyverno/kyverno@111e07bb: cmd/cli/kubectl-kyverno/commands/apply/command_test.go
runs the CLI's `apply` on "../../../../../test/cli/apply/local-apicall/res" and on
".../test/cli/test-validating-policy/empty-message/pod-fail.yaml", offline (35 false findings
on nginx, nginx:latest, nginx:1.21 in survey 19a).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest

from tagsense.cli import main
from tagsense.sources import scan_paths
from tagsense.sources._unit_tests import in_test_directory
from tagsense.sources.context import forget

if TYPE_CHECKING:
    from pathlib import Path

POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n    - image: nginx\n"
GO_TEST = """\
package apply

import "testing"

func TestApply(t *testing.T) {
\tcases := []struct{ policies, resources []string }{
\t\t{[]string{"../../../test/cli/apply/pol"}, []string{"../../../test/cli/apply/res"}},
\t\t{nil, []string{"../../../test/cli/vpol/pod-fail.yaml"}},
\t}
\t_ = cases
}
"""


@pytest.fixture(autouse=True)
def _afresh() -> None:
    forget()


def write(root: Path, files: dict[str, str]) -> None:
    (root / ".git").mkdir()  # (the project's root)
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def pulled(root: Path, *paths: str) -> list[tuple[str, str]]:
    scan = scan_paths([str(root / path) for path in paths] or [str(root)])
    return sorted((os.path.relpath(o.path, root), str(o.text)) for o in scan.occurrences)


def notes(root: Path, *paths: str) -> list[str]:
    forget()
    scan = scan_paths([str(root / path) for path in paths] or [str(root)])
    return sorted(os.path.relpath(str(e.path), root) for e in scan.errors if e.note)


def image(name: str) -> str:
    return POD.replace("nginx", name)


def test_what_only_a_go_unit_test_names_is_its_input(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "cmd/cli/apply/command_test.go": GO_TEST,
            "test/cli/apply/res/pods.yaml": image("nginx:1.21"),
            "test/cli/apply/res/more/pod.yaml": image("busybox"),  # (below a named directory)
            "test/cli/vpol/pod-fail.yaml": image("nginx:latest"),
            "test/cli/vpol/other.yaml": image("redis"),  # (no test names it)
            "deploy/pod.yaml": image("memcached"),  # (the project's own: not below test/)
        },
    )
    assert pulled(tmp_path) == [
        ("deploy/pod.yaml", "memcached"),
        ("test/cli/vpol/other.yaml", "redis"),
    ]
    assert notes(tmp_path) == ["test/cli/apply/res", "test/cli/vpol"]  # (one for each input)
    forget()
    # The input's directory named as the directory to scan, or the file itself: read.
    assert pulled(tmp_path, "test/cli/apply/res") == [
        ("test/cli/apply/res/more/pod.yaml", "busybox"),
        ("test/cli/apply/res/pods.yaml", "nginx:1.21"),
    ]
    forget()
    assert pulled(tmp_path, "test/cli/vpol/pod-fail.yaml") == [
        ("test/cli/vpol/pod-fail.yaml", "nginx:latest")
    ]


def test_what_a_test_of_a_real_cluster_names_is_pulled(tmp_path: Path) -> None:
    # An end-to-end test (its directory, its build tag, `kubectl`, a kubeconfig) applies what
    # it names, whatever a unit test says.
    e2e = 'func TestE2E(t *testing.T) { apply(t, "../../test/manifests/e2e.yaml") }\n'
    tagged = "//go:build e2e\n\npackage x\n\n" + e2e.replace("e2e.yaml", "tagged.yaml")
    kubectl = 'exec.Command("kubectl", "apply", "-f", "../../test/manifests/run.yaml")\n'
    client = 'cfg := ctrl.GetConfigOrDie(); load(cfg, "../../test/manifests/client.yaml")\n'
    kind = 'kind_cluster.kubectl("apply", "-f", "tests/manifests/kind.yaml")\n'  # (pytest-kind)
    unit = "".join(
        f'load("../../test/manifests/{name}.yaml")\n'
        for name in ("e2e", "tagged", "run", "client", "unit")
    )
    write(
        tmp_path,
        {
            "pkg/x/x_test.go": unit,
            "test/e2e/suite/e2e_test.go": e2e.replace("../../", "../../../"),
            "pkg/x/tagged_test.go": tagged,
            "pkg/x/kubectl_test.go": kubectl,
            "pkg/x/client_test.go": client,
            "tests/test_kind.py": kind,
            "tests/test_unit.py": 'load("tests/manifests/kind.yaml")\n',
            "tests/manifests/kind.yaml": image("kind"),
            **{f"test/manifests/{name}.yaml": image(name) for name in
               ("e2e", "tagged", "run", "client", "unit")},
        },
    )  # fmt: skip
    assert [text for _, text in pulled(tmp_path)] == ["client", "e2e", "run", "tagged", "kind"]


def test_what_the_project_applies_or_a_chainsaw_test_creates_is_pulled(tmp_path: Path) -> None:
    # kyverno's command_test.go also names test/conformance/chainsaw/image-validating-policies/
    # match-conditions/good-pod.yaml, which the Chainsaw test beside it creates.
    chainsaw = "apiVersion: chainsaw.kyverno.io/v1alpha1\nkind: Test\nspec:\n  steps:\n"
    chainsaw += "  - try:\n    - create:\n        file: good-pod.yaml\n"
    write(
        tmp_path,
        {
            "cmd/cli/apply/command_test.go": GO_TEST.replace("vpol/pod-fail", "vpol/good-pod"),
            "test/cli/vpol/chainsaw-test.yaml": chainsaw,
            "test/cli/vpol/good-pod.yaml": image("good"),
            "test/cli/apply/res/pods.yaml": image("applied"),
            "Makefile": "e2e:\n\tkubectl apply -f test/cli/apply/res/pods.yaml\n",
        },
    )
    assert [text for _, text in pulled(tmp_path)] == ["applied", "good"]


def test_other_languages_unit_tests(tmp_path: Path) -> None:
    # pytest, Jest and RSpec run from the project's root (or the test's directory).
    write(
        tmp_path,
        {
            "tests/test_render.py": 'load("tests/manifests/py.yaml")\n',
            "src/render.test.ts": "read('../tests/manifests/ts.yaml');\n",
            "spec/render_spec.rb": 'File.read("spec/manifests/rb.yaml")\n',
            "tests/manifests/py.yaml": image("py"),
            "tests/manifests/ts.yaml": image("ts"),
            "spec/manifests/rb.yaml": image("rb"),
            "tests/manifests/kept.yaml": image("kept"),
        },
    )
    assert pulled(tmp_path) == [("tests/manifests/kept.yaml", "kept")]


def test_a_directory_a_test_names_with_a_slash_after_it_is_its_input(tmp_path: Path) -> None:
    # openstack/tacker's tacker/tests/unit/vnfm/infra_drivers/kubernetes/
    # test_translate_outputs.py: os.path.join(os.path.dirname(os.path.abspath(__file__)),
    # "kubernetes_api_resource/"), whose manifests say `image: nginx` (7 false TS002).
    write(
        tmp_path,
        {
            "tacker/tests/unit/k8s/test_translate_outputs.py": (
                'yaml_path = os.path.join(os.path.dirname(__file__), "kubernetes_api_resource/")\n'
            ),
            "tacker/tests/unit/k8s/kubernetes_api_resource/pod.yaml": image("nginx"),
            "tacker/tests/k8s/other/pod.yaml": image("kept"),
        },
    )
    assert pulled(tmp_path) == [("tacker/tests/k8s/other/pod.yaml", "kept")]


def test_a_directory_a_test_joins_to_its_own_is_its_input(tmp_path: Path) -> None:
    # bridgecrewio/checkov's tests/kubernetes/checks/test_RootContainersHighUID.py:
    # `current_dir + "/example_RootContainersHighUID"`, and tests/terraform/checks/resource/
    # kubernetes/test_DefaultNamespace.py: `Path(__file__).parent / "example_DefaultNamespace"`,
    # whose manifests and `kubernetes_pod` resources are the scanner's cases (survey 30m:
    # 137 false findings in the manifests, 80 in the Terraform files).
    resource = (
        'resource "kubernetes_pod" "p" {\n  spec {\n    container {\n'
        '      image = "nginx"\n    }\n  }\n}\n'
    )
    write(
        tmp_path,
        {
            "tests/kubernetes/checks/test_RootContainers.py": (
                "current_dir = os.path.dirname(os.path.realpath(__file__))\n"
                'test_files_dir = current_dir + "/example_RootContainers"\n'
            ),
            "tests/kubernetes/checks/example_RootContainers/FAILED.yaml": image("nginx"),
            "tests/terraform/checks/test_DefaultNamespace.py": (
                'test_files_dir = Path(__file__).parent / "example_DefaultNamespace"\n'
            ),
            "tests/terraform/checks/example_DefaultNamespace/main.tf": resource,
            "tests/kubernetes/checks/example_Unnamed/pod.yaml": image("kept"),
            # (iterative/dvc's tests/func/test_stage_load.py: `tmp_dir / ".."` names no input)
            "tests/func/test_stage_load.py": 'load_all(path=relpath(tmp_dir / ".." / "f"))\n',
            "tests/k8s/pod.yaml": image("also-kept"),
        },
    )
    assert pulled(tmp_path) == [
        ("tests/k8s/pod.yaml", "also-kept"),
        ("tests/kubernetes/checks/example_Unnamed/pod.yaml", "kept"),
    ]


def test_literals_path_join_joins_to_a_directory_are_a_test_s_input(tmp_path: Path) -> None:
    # bridgecrewio/checkov's tests/terraform/checks/resource/azure/test_AzureContainerInstance
    # EnvVarSecureValueType.py: `os.path.join(current_dir, "example_AzureContainerInstance…")`,
    # and tests/helm/test_runner.py: `os.path.join(current_dir, "runner", "resources", "infra")`;
    # Node's `path.join(__dirname, "fixtures", "app")` the same (survey 30m: 2 false findings).
    resource = (
        'resource "azurerm_container_group" "g" {\n  container {\n    image = "nginx"\n  }\n}\n'
    )
    write(
        tmp_path,
        {
            "tests/azure/test_aci.py": (
                "current_dir = os.path.dirname(os.path.realpath(__file__))\n"
                'test_files_dir = os.path.join(current_dir, "example_Aci")\n'
                'infra = os.path.join(os.path.dirname(__file__), "runner", "resources", "infra")\n'
            ),
            "tests/azure/example_Aci/main.tf": resource,
            "tests/azure/runner/resources/infra/pod.yaml": image("infra"),
            "tests/app.test.js": "const dir = path.join(__dirname, 'cases', 'app');\n",
            "tests/cases/app/pod.yaml": image("js"),
            # (a name joined to a directory of the test's that is not there names nothing)
            "tests/other/test_x.py": 'p = os.path.join(tmp_path, "example_Aci")\n',
            "tests/other/pod.yaml": image("kept"),
        },
    )
    assert pulled(tmp_path) == [("tests/other/pod.yaml", "kept")]


def test_a_dockerfile_a_unit_test_names_is_its_input_unless_it_builds_it(tmp_path: Path) -> None:
    # bridgecrewio/checkov's tests/dockerfile/checks/test_ReferenceLatestTag.py runs its scanner
    # on `current_dir + "/example_ReferenceLatestTag"` (survey 30m); a test that builds what it
    # names (docker-py's `client.images.build(path=…)`) pulls its base.
    write(
        tmp_path,
        {
            "tests/dockerfile/checks/test_ReferenceLatestTag.py": (
                'test_files_dir = current_dir + "/example_ReferenceLatestTag"\n'
            ),
            "tests/dockerfile/checks/example_ReferenceLatestTag/Dockerfile": "FROM node:latest\n",
            "tests/compose/test_scan.py": 'scan(Path(__file__).parent / "cases")\n',
            "tests/compose/cases/docker-compose.yml": "services:\n  a:\n    image: redis\n",
            "tests/images/test_build.py": (
                'client.images.build(path=str(Path(__file__).parent / "app"))\n'
            ),
            "tests/images/app/Dockerfile": "FROM python:3.12\n",
        },
    )
    assert pulled(tmp_path) == [("tests/images/app/Dockerfile", "python:3.12")]


def test_a_compose_file_a_test_brings_up_is_pulled(tmp_path: Path) -> None:
    # grafana/beyla's internal/test/beyla_extensions/suites_beyla_test.go runs
    # `docker.ComposeSuite("docker-compose-client-promscrape.yml", …)` and `.Up()` (survey 38e);
    # a test that only names a compose file (a compose tool's parser test) reads it as input.
    compose = "services:\n  prometheus:\n    image: quay.io/prometheus/prometheus:v2.55.1\n"
    write(
        tmp_path,
        {
            "internal/test/ext/suites_test.go": (
                "package integration\n\n"
                'import "testing"\n\n'
                "func TestSuiteClient(t *testing.T) {\n"
                '\tcompose, _ := docker.ComposeSuite("docker-compose-client.yml", "client.log")\n'
                "\t_ = compose.Up()\n}\n"
            ),
            "internal/test/ext/docker-compose-client.yml": compose,
            "internal/test/ext/configs/cm.yml": image("busybox:1.37.0"),
            "tests/loader/test_load.py": 'load(Path(__file__).parent / "cases")\n',
            "tests/loader/cases/compose.yml": compose.replace("v2.55.1", "v2.55.0"),
            "tests/py/test_stack.py": (
                "from testcontainers.compose import DockerCompose\n\n"
                'STACK = DockerCompose(Path(__file__).parent / "stack")\n'
            ),
            "tests/py/stack/compose.yaml": compose.replace("v2.55.1", "v2.54.0"),
        },
    )
    assert (
        "internal/test/ext/docker-compose-client.yml",
        "quay.io/prometheus/prometheus:v2.55.1",
    ) in pulled(tmp_path)
    assert ("tests/py/stack/compose.yaml", "quay.io/prometheus/prometheus:v2.54.0") in pulled(
        tmp_path
    )
    assert notes(tmp_path) == ["tests/loader/cases"]


def test_a_path_a_test_names_from_its_own_directory_is_not_also_the_root_s(
    tmp_path: Path,
) -> None:
    # kubernetes-sigs/cluster-api's hack/scripts/verify/boilerplate/boilerplate_test.py runs in
    # its directory and does `os.chdir("test/")`: that directory's test/, not the repository's
    # test/, whose manifests (test/extension/config/default/…) were left out as its input.
    write(
        tmp_path,
        {
            "hack/boilerplate/boilerplate_test.py": 'os.chdir("test/")\n',
            "hack/boilerplate/test/fail.yaml": image("boilerplate"),
            "test/extension/config/manager.yaml": image("kept"),
        },
    )
    assert pulled(tmp_path) == [("test/extension/config/manager.yaml", "kept")]


def test_a_python_test_with_a_kubernetes_client_creates_what_it_names(tmp_path: Path) -> None:
    # kr8s-org/kr8s's kr8s/tests/test_objects.py (`import kr8s`) creates
    # "resources/simple/nginx_pod.yaml" in its CI's kind cluster: nginx:1.14.2 was missed.
    write(
        tmp_path,
        {
            "kr8s/tests/test_objects.py": (
                'import kr8s\n\nPOD = CURRENT_DIR / "resources" / "simple" / "nginx_pod.yaml"\n'
            ),
            "kr8s/tests/resources/simple/nginx_pod.yaml": image("nginx:1.14.2"),
            "tests/test_light.py": (
                "from lightkube import Client, codecs\n\nload('tests/light/pod.yaml')\n"
            ),
            "tests/light/pod.yaml": image("light"),
            "tests/test_mocked.py": "# import kr8s later\nload('tests/mocked/pod.yaml')\n",
            "tests/mocked/pod.yaml": image("mocked"),
        },
    )
    assert pulled(tmp_path) == [
        ("kr8s/tests/resources/simple/nginx_pod.yaml", "nginx:1.14.2"),
        ("tests/light/pod.yaml", "light"),
    ]


def test_a_manifest_in_a_directory_of_unit_tests_is_their_input(tmp_path: Path) -> None:
    # openstack/tacker's samples/tests/unit/sol_refactored/samples/sample2/Files/kubernetes/
    # (read through a helper of its unit tests, utils.test_sample("unit/sol_refactored/…"),
    # with fake clients): 8 false TS002 and TS003 on `nginx` (survey 29b).
    base = "samples/tests/unit/sol_refactored/samples/sample2/Files/kubernetes"
    write(
        tmp_path,
        {
            f"{base}/pod.yaml": image("nginx"),
            "samples/tests/functional/sol_kubernetes_v2/Files/pod.yaml": image("functional"),
            "samples/unit/pod.yaml": image("kept"),  # (no directory of tests above)
        },
    )
    assert [text for _, text in pulled(tmp_path)] == ["functional", "kept"]
    assert notes(tmp_path) == ["samples/tests/unit"]
    # (named, or its directory walked, it is read)
    assert [text for _, text in pulled(tmp_path, f"{base}/pod.yaml")] == ["nginx"]
    assert [text for _, text in pulled(tmp_path, "samples/tests/unit")] == ["nginx"]


def egg(image_name: str) -> str:
    """A Pterodactyl export (PTDL_v2) whose server runs ``image_name``."""
    return (
        '{"meta": {"version": "PTDL_v2"}, "name": "Vanilla",'
        f' "docker_images": {{"Java 17": "{image_name}"}}}}\n'
    )


def test_an_egg_in_a_directory_of_unit_tests_is_their_input(tmp_path: Path) -> None:
    # pelican-dev/panel's tests/Unit/Console/Commands/Egg/egg-ptdlv2.json, which a PHPUnit
    # test of its egg normalizer copies and rewrites: no panel imports it, and Wings pulls
    # none of its images (5 false findings, survey 39f). A platform's own description is a
    # test's input there as a manifest is.
    base = "tests/Unit/Console/Commands/Egg"
    write(
        tmp_path,
        {
            f"{base}/egg-ptdlv2.json": egg("ghcr.io/pelican-eggs/yolks:java_17"),
            "eggs/egg-vanilla.json": egg("ghcr.io/pelican-eggs/yolks:java_21"),
        },
    )
    assert pulled(tmp_path) == [("eggs/egg-vanilla.json", "ghcr.io/pelican-eggs/yolks:java_21")]
    assert notes(tmp_path) == ["tests/Unit"]
    # (named, or its directory walked, it is read)
    assert [text for _, text in pulled(tmp_path, f"{base}/egg-ptdlv2.json")] == [
        "ghcr.io/pelican-eggs/yolks:java_17"
    ]
    assert [text for _, text in pulled(tmp_path, "tests/Unit")] == [
        "ghcr.io/pelican-eggs/yolks:java_17"
    ]


def test_a_test_that_names_its_own_directory_names_no_input(tmp_path: Path) -> None:
    # `"."`, `".."`, a path to the root: the test's own place, not its input.
    write(
        tmp_path,
        {
            "test/apply/x_test.go": 'run(".", "..", "../..", "../../test/")\n',
            "test/apply/pod.yaml": image("here"),
            "test/pod.yaml": image("above"),
        },
    )
    assert [text for _, text in pulled(tmp_path)] == ["here", "above"]


def test_a_manifest_outside_a_directory_of_tests_is_read(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "pkg/x/x_test.go": 'load("../../config/manager/pod.yaml")\n',
            "config/manager/pod.yaml": image("manager"),
        },
    )
    assert pulled(tmp_path) == [("config/manager/pod.yaml", "manager")]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("test/cli/apply/res/pod.yaml", True),
        ("tests/pod.yaml", True),
        ("pkg/x/testdata/pod.yaml", True),
        ("test/e2e/pod.yaml", False),
        ("integration/tests/pod.yaml", False),
        ("config/pod.yaml", False),
        ("pod.yaml", False),
    ],
)
def test_what_lies_in_a_directory_of_tests(path: str, expected: bool) -> None:
    assert in_test_directory(path) is expected


def test_pre_commit_judges_the_file_as_a_walk_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        tmp_path,
        {
            "cmd/cli/apply/command_test.go": GO_TEST,
            "test/cli/vpol/pod-fail.yaml": image("nginx:latest"),
        },
    )
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--force-exclude", "test/cli/vpol/pod-fail.yaml"]) == 0
    assert "test data" in capsys.readouterr().out


GATOR_WORKFLOW = """\
on: push
jobs:
  bench:
    runs-on: ubuntu-latest
    steps:
      - run: make gator
      - name: Test basic Rego policy benchmark
        run: |
          ./bin/gator bench \\
            --filename test/gator/bench/basic/ \\
            --iterations 50 \\
            --output table
      - run: conftest test test/policy/deployment.yaml
"""
BATS = """\
@test "external data" {
  run kubectl apply -f test/externaldata/examples/error.yaml
  assert_match 'denied the request' "${output}"
  assert_failure

  run kubectl apply -f test/externaldata/examples/valid.yaml
  assert_success
  run kubectl apply -f test/expansion/deployment.yaml
  assert_failure
  run kubectl apply --dry-run=server -f test/expansion/dry.yaml
}

@test "expansion" {
  run kubectl apply -f test/expansion/deployment.yaml
  assert_success
}
"""


def test_what_the_project_s_commands_only_test_is_test_input(tmp_path: Path) -> None:
    # open-policy-agent/gatekeeper@dd8507eb: .github/workflows/test-gator.yaml runs `gator bench
    # --filename test/gator/bench/basic/` (offline: 6 false findings on nginx), and
    # test/bats/test.bats expects test/externaldata/dummy-provider/policy/examples/error.yaml
    # and test/export/denied_pod.yaml refused (`run kubectl apply` … `assert_failure`: 3 more).
    # A file also applied by a command that succeeds is pulled.
    write(
        tmp_path,
        {
            ".github/workflows/test-gator.yaml": GATOR_WORKFLOW,
            "Makefile": "test-e2e:\n\tbats -t test/bats/test.bats\n",
            "test/bats/test.bats": BATS,
            "test/gator/bench/basic/resources.yaml": image("bench"),
            "test/policy/deployment.yaml": image("conftest"),
            "test/externaldata/examples/error.yaml": image("error"),
            "test/externaldata/examples/valid.yaml": image("valid"),
            "test/expansion/deployment.yaml": image("refused-then-created"),
            "test/expansion/dry.yaml": image("dry"),
            "test/other/pod.yaml": image("other"),  # (named by nothing: read, as before)
            "deploy/bench.yaml": image("deployed"),  # (not below a directory of tests)
        },
    )
    workflow = tmp_path / ".github" / "workflows" / "test-gator.yaml"
    workflow.write_text(
        GATOR_WORKFLOW.replace("test/gator/bench/basic/", "test/gator/bench/basic/ deploy/")
    )
    assert [text for _, text in pulled(tmp_path)] == [
        "deployed", "refused-then-created", "valid", "other",
    ]  # fmt: skip
    assert notes(tmp_path) == [
        "test/expansion", "test/externaldata/examples", "test/gator/bench/basic", "test/policy",
    ]  # fmt: skip


def test_a_test_s_expected_output_is_test_data(tmp_path: Path) -> None:
    # kyverno/kyverno@111e07bb: test/cli/test-mutate/patchedResource7.yaml and test/cli/test/
    # mixed/patched-resource1.yaml (mutations' expected results that no test names any more),
    # test/output/*.yaml (expected outputs of an old scenario format: 11 findings);
    # argoproj/argo-rollouts@9f8d111d: test/kustomize/rollout/expected.yaml, which
    # test/kustomize/test.sh compares with `kustomize build` (alpine:3.8, TS006). A golden file
    # that a Chainsaw test creates or the project applies is pulled.
    chainsaw = "apiVersion: chainsaw.kyverno.io/v1alpha1\nkind: Test\nspec:\n  steps:\n"
    chainsaw += "  - try:\n    - apply:\n        file: patched-applied.yaml\n"
    write(
        tmp_path,
        {
            "test/cli/test-mutate/patchedResource7.yaml": image("patched"),
            "test/output/ghost.yaml": image("output"),
            "test/kustomize/rollout/expected.yaml": image("expected"),
            "test/golden/pod.golden.yaml": image("golden"),
            # (CommunityToolkit/Aspire's Verify snapshots: what a publish must write)
            "tests/Kind.Tests/Snapshots/KindTests.Publish#01.verified.yaml": image("verified"),
            "test/unit/pod_expected.yaml": image("suffix"),
            "test/chainsaw/chainsaw-test.yaml": chainsaw,
            "test/chainsaw/patched-applied.yaml": image("created"),
            "test/e2e/expected.yaml": image("e2e"),  # (an end-to-end suite's: read)
            "test/manifests/expected.yaml": image("applied"),
            "Makefile": "e2e:\n\tkubectl apply -f test/manifests/expected.yaml\n",
            "deploy/expected.yaml": image("deployed"),  # (not below a directory of tests)
        },
    )
    assert [text for _, text in pulled(tmp_path)] == ["deployed", "created", "e2e", "applied"]
    assert notes(tmp_path) == [
        "test/cli/test-mutate", "test/golden", "test/kustomize/rollout", "test/output", "test/unit",
        "tests/Kind.Tests/Snapshots",
    ]  # fmt: skip


def test_an_expected_output_of_another_kind_is_test_data(tmp_path: Path) -> None:
    # common-workflow-language/cwltool@baefdcb5: tests/wf/expect_packed.cwl is what
    # tests/test_pack.py compares `cwltool --pack tests/wf/revsort.cwl` with (3 false
    # findings); revsort.cwl is run. A name with "expect" as a word of its own only.
    tool = "cwlVersion: v1.0\nclass: CommandLineTool\nhints:\n  DockerRequirement:\n"
    write(
        tmp_path,
        {
            "tests/wf/revsort.cwl": tool + "    dockerPull: debian:stable-slim\n",
            "tests/wf/expect_packed.cwl": tool + "    dockerPull: debian:packed\n",
            "tests/wf/operation/packed-expect.cwl": tool + "    dockerPull: debian:tail\n",
            "tests/wf/expectations.cwl": tool + "    dockerPull: debian:word\n",
            "tests/expected/Dockerfile": "FROM alpine:generated\n",
            "tests/e2e/expect_run.cwl": tool + "    dockerPull: debian:e2e\n",
        },
    )
    assert [text for _, text in pulled(tmp_path)] == [
        "debian:e2e", "debian:word", "debian:stable-slim",
    ]  # fmt: skip
    assert notes(tmp_path) == ["tests/expected", "tests/wf", "tests/wf/operation"]
    # Named, or its directory walked, it is read.
    assert [text for _, text in pulled(tmp_path, "tests/wf/expect_packed.cwl")] == ["debian:packed"]
    assert "debian:packed" in [text for _, text in pulled(tmp_path, "tests/wf")]


def test_an_output_beside_its_input_is_test_data(tmp_path: Path) -> None:
    # envoyproxy/gateway: tools/make/helm.mk writes `helm template … -f NAME.in.yaml` into
    # test/helm/gateway-helm/NAME.out.yaml, which its tests compare with the chart's
    # rendering (survey 31a: 66 false TS001/TS003). Without its input beside it, or outside
    # a directory of tests, such a name says nothing.
    write(
        tmp_path,
        {
            "test/helm/chart/default.in.yaml": "replicas: 2\n",
            "test/helm/chart/default.out.yaml": image("rendered"),
            "test/helm/chart/other.out.yaml": image("alone"),
            "test/helm/chart/case.input.yaml": "replicas: 3\n",
            "test/helm/chart/case.output.yaml": image("output"),
            "deploy/app.in.yaml": "replicas: 2\n",
            "deploy/app.out.yaml": image("deployed"),
        },
    )
    assert [text for _, text in pulled(tmp_path)] == ["deployed", "alone"]
    assert notes(tmp_path) == ["test/helm/chart"]


def test_a_directory_of_expected_outputs_at_any_depth_is_test_data(tmp_path: Path) -> None:
    # rancher/fleet-examples@f934ca4: tests/test.sh writes `fleet test` into tests/output/ and
    # diffs it with tests/expected/single-cluster/helm/dev-output.yaml (78 false findings
    # and 8 duplicate-key errors); helmfile/helmfile@ecf604d5: an end-to-end case's
    # test-cases/happypath/output/v2/httpbin/, diffed with `helmfile template` (2 false TS001).
    # What the suites apply is read, and so is a directory named `output` outside tests.
    write(
        tmp_path,
        {
            "tests/expected/single-cluster/helm/dev-output.yaml": image("fleet"),
            "test/integration/test-cases/happypath/output/v2/httpbin/pod.yaml": image("e2e-out"),
            "test/integration/test-cases/happypath/input/pod.yaml": image("e2e-in"),
            "single-cluster/helm/templates/pod.yaml": image("deployed"),
            "build/output/pod.yaml": image("generated"),
        },
    )
    assert [text for _, text in pulled(tmp_path)] == ["generated", "deployed", "e2e-in"]
    assert notes(tmp_path) == [
        "test/integration/test-cases/happypath/output", "tests/expected",
    ]  # fmt: skip
    # (named on the command line, or walked from inside, it is read)
    assert [t for _, t in pulled(tmp_path, "tests/expected")] == ["fleet"]


RUST_SOURCE = """\
pub fn parse(text: &str) -> Configuration {
    load("../test/yaml/served.yaml")
}

#[cfg(test)]
mod tests {
    #[test]
    fn test_real_config() {
        let files = ["../test/yaml/udev-configuration.yaml", "../test/yaml/job-configuration.yaml"];
    }
}
"""


def test_what_only_a_rust_test_names_is_its_input(tmp_path: Path) -> None:
    # project-akri/akri's shared/src/akri/configuration.rs deserializes
    # "../test/yaml/akri-udev-video-configuration.yaml" in a #[test]: its paths start from
    # the crate's directory (shared/, where `cargo test` runs), not the file's. What the code
    # before the tests names, and a crate's tests/*.rs that talks to a cluster, are not input.
    integration = 'let client = Client::try_default().await?; apply("test/yaml/e2e.yaml");\n'
    write(
        tmp_path,
        {
            "Cargo.toml": "[workspace]\n",
            "shared/Cargo.toml": "[package]\nname = 'shared'\n",
            "shared/src/akri/configuration.rs": RUST_SOURCE,
            "shared/tests/cluster.rs": integration.replace("test/", "../test/"),
            "test/yaml/udev-configuration.yaml": image("udev-video-broker:latest-dev"),
            "test/yaml/job-configuration.yaml": image("perl"),
            "test/yaml/served.yaml": image("served"),
            "test/yaml/e2e.yaml": image("e2e"),
            "test/yaml/config-a.yaml": image("nginx:latest"),  # (nothing names it)
        },
    )
    assert pulled(tmp_path) == [
        ("test/yaml/config-a.yaml", "nginx:latest"),
        ("test/yaml/e2e.yaml", "e2e"),
        ("test/yaml/served.yaml", "served"),
    ]
    assert notes(tmp_path) == ["test/yaml"]
