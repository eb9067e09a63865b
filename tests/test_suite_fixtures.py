"""An end-to-end suite that names the manifests it applies one by one applies no other
(tagsense.sources._suite_fixtures): what nothing of the project names is test data.

Modelled on argoproj/argo-rollouts (survey s59d): ``test/e2e/*_test.go`` apply
``@functional/rollout-basic.yaml`` and the like; nothing names
``test/e2e/expectedfailures/experiment-degrade.yaml``, and only a unit test
(``utils/tolerantinformer/*_test.go``, a fake informer) loads
``test/e2e/functional/analysis-run-job.yaml`` (15 false findings). Suites that apply whole
directories (a kuttl suite, ``kubectl apply -f DIR``, ``os.ReadDir``) are still read whole.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest

from tagsense.sources import scan_paths
from tagsense.sources.context import forget

if TYPE_CHECKING:
    from pathlib import Path


def pod(image: str) -> str:
    return (
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n"
        f"    - name: c\n      image: {image}\n"
    )


E2E_TEST = """\
//go:build e2e

package e2e

func (s *FunctionalSuite) TestBasic() {
\ts.Given().HealthyRollout(`@functional/rollout-basic.yaml`)
}
"""
UNIT_TEST = """\
package informer

import "testing"

func TestInformer(t *testing.T) {
\t_ = ObjectFromPath("test/e2e/functional/experiment-basic.yaml")
}
"""


@pytest.fixture(autouse=True)
def _afresh() -> None:
    forget()


def write(root: Path, files: dict[str, str]) -> None:
    (root / ".git").mkdir()
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def found(root: Path, *paths: str) -> tuple[list[str], list[str]]:
    """The images read (file: image) and the notes' directories."""
    scan = scan_paths([str(root / path) for path in paths] or [str(root)])
    images = sorted(f"{os.path.relpath(o.path or '', root)}: {o.text}" for o in scan.occurrences)
    notes = sorted(
        os.path.relpath(error.path or "", root)
        for error in scan.errors
        if error.note and "test data" in error.message
    )
    return images, notes


RED = "argoproj/rollouts-demo:red"
ARGO = {
    "go.mod": "module example.com/x\n\ngo 1.22\n",
    "test/e2e/functional_test.go": E2E_TEST,
    "test/e2e/functional/rollout-basic.yaml": pod("argoproj/rollouts-demo:blue"),
    "test/e2e/functional/experiment-basic.yaml": pod("argoproj/rollouts-demo:yellow"),
    "test/e2e/expectedfailures/experiment-invalid.yaml": pod("argoproj/rollouts-demo:red"),
    "utils/informer/informer_test.go": UNIT_TEST,
}


def test_what_no_file_names_in_a_suite_naming_its_manifests_is_test_data(tmp_path: Path) -> None:
    write(tmp_path, ARGO)
    images, notes = found(tmp_path)
    assert images == ["test/e2e/functional/rollout-basic.yaml: argoproj/rollouts-demo:blue"]
    assert notes == ["test/e2e/expectedfailures", "test/e2e/functional"]


def test_a_file_named_by_a_script_a_makefile_or_a_kustomization_is_read(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            **ARGO,
            "Makefile": "e2e-setup:\n\tkubectl apply -f test/e2e/expectedfailures\n",
            "hack/e2e.sh": "kubectl apply -f test/e2e/functional/experiment-basic.yaml\n",
        },
    )
    images, notes = found(tmp_path)
    assert len(images) == 3
    assert notes == []


def test_a_directory_a_pattern_names_is_read(tmp_path: Path) -> None:
    globbing = E2E_TEST + '\nvar all, _ = filepath.Glob("expectedfailures/*.yaml")\n'
    joined = 'var one = "functional/" + name + ".yaml"\n'
    write(
        tmp_path,
        {**ARGO, "test/e2e/functional_test.go": globbing, "test/e2e/more_test.go": joined},
    )
    images, notes = found(tmp_path)
    assert len(images) == 3
    assert notes == []


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("fixtures.go", "package e2e\n\nentries, _ := os.ReadDir(dir)\n"),  # (no literal)
        ("fixtures.go", 'package e2e\n\nfiles, _ := filepath.Glob(filepath.Join(dir, "x"))\n'),
        ("fixtures.go", "package e2e\n\n//go:embed *.yaml\n"),  # (its own directory's)
        ("run.sh", 'for f in "$DIR"/*.yaml; do kubectl apply -f "$f"; done\n'),
        ("run.sh", "kubectl apply -f $MANIFEST\n"),
    ],
)
def test_a_suite_that_lists_a_directory_it_does_not_name_is_read_whole(
    tmp_path: Path, name: str, text: str
) -> None:
    write(tmp_path, {**ARGO, f"test/e2e/{name}": text})
    images, notes = found(tmp_path)
    assert len(images) == 3
    assert notes == []


def test_a_suite_that_names_no_file_one_by_one_is_read_whole(tmp_path: Path) -> None:
    # (a kuttl suite: its steps are read by their directory, which kuttl-test.yaml names)
    write(
        tmp_path,
        {
            "kuttl-test.yaml": "testDirs:\n  - tests/e2e/\n",
            "tests/e2e/basic/00-install.yaml": pod("nginx:1.25.3"),
            "tests/e2e/basic/01-upgrade.yaml": pod("nginx:1.25.4"),
            "tests/e2e/other/00-install.yaml": pod("busybox:1.36.1"),
        },
    )
    images, notes = found(tmp_path)
    assert len(images) == 3
    assert notes == []


def test_a_unit_test_s_naming_does_not_count_but_a_cluster_test_s_does(tmp_path: Path) -> None:
    cluster = UNIT_TEST.replace(
        'import "testing"', 'import (\n\t"testing"\n\t"k8s.io/client-go/tools/clientcmd"\n)'
    )
    cluster += "\nvar _ = clientcmd.BuildConfigFromFlags\n"
    write(tmp_path, {**ARGO, "utils/informer/informer_test.go": cluster})
    images, _ = found(tmp_path)
    assert "test/e2e/functional/experiment-basic.yaml: argoproj/rollouts-demo:yellow" in images
    assert (
        "test/e2e/expectedfailures/experiment-invalid.yaml: argoproj/rollouts-demo:red"
        not in images
    )


def test_a_walk_of_the_file_s_directory_or_the_file_named_reads_it(tmp_path: Path) -> None:
    write(tmp_path, ARGO)
    images, notes = found(tmp_path, "test/e2e/expectedfailures")
    assert images == [
        "test/e2e/expectedfailures/experiment-invalid.yaml: argoproj/rollouts-demo:red"
    ]
    assert notes == []
    forget()
    images, _ = found(tmp_path, "test/e2e/functional/experiment-basic.yaml")
    assert images == ["test/e2e/functional/experiment-basic.yaml: argoproj/rollouts-demo:yellow"]
