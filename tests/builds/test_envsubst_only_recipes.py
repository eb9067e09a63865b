"""A Makefile (or go-task Taskfile) whose only relevant command renders with ``envsubst``.

s57b found that ``read_makefile``'s quick look at a Makefile's bytes passed over one whose
only relevant recipe is ``kustomize build k | envsubst | kubectl apply -f -`` (or
``envsubst < FILE``): nothing in it builds, pulls, runs a script or installs a chart, so the
render of the recipe (:mod:`tagsense.sources.builds._shell_tools`, as a script's is read) was
never recorded, and ``image: ${X}`` stayed unknown though make exports ``X`` to the recipe
(GNU make's ``export``; go-task's ``env:``). The shape of devfile/devworkspace-operator's and
intel/sriov-fec-operator's ``make deploy`` with the render written in the recipe itself.
"""

from __future__ import annotations

import pytest

from tagsense import find_references

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

_DEPLOYMENT = (
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: m\nspec:\n  template:\n"
    "    spec:\n      containers:\n        - name: c\n          image: {image}\n"
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("X", raising=False)
    return tmp_path


def _images(path: str) -> list[tuple[str, tuple[str, ...]]]:
    return sorted((o.text, o.unresolved) for o in find_references(".") if o.path == path)


def _kustomization(project: Path) -> str:
    write(project / "k" / "d.yaml", _DEPLOYMENT.format(image="acme/placeholder:1"))
    write(project / "k" / "p.yaml", _DEPLOYMENT.format(image="${X}"))
    write(project / "k" / "kustomization.yaml",
          "resources:\n- d.yaml\npatchesStrategicMerge:\n- p.yaml\n")  # fmt: skip
    return "k/p.yaml"


@pytest.mark.parametrize("given", ["export X ?= a/b:1\n", "export X = a/b:1\n"])
def test_a_makefile_whose_recipe_renders_a_kustomize_build_is_read(
    project: Path, given: str
) -> None:
    patch = _kustomization(project)
    write(
        project / "Makefile",
        given + "deploy:\n\tkustomize build k | envsubst | kubectl apply -f -\n",
    )
    assert _images(patch) == [("a/b:1", ())]


def test_a_makefile_whose_recipe_renders_a_manifest_is_read(project: Path) -> None:
    write(project / "deploy" / "d.yaml", _DEPLOYMENT.format(image="${X}"))
    write(
        project / "Makefile", "export X ?= a/b:1\ndeploy:\n\tenvsubst < deploy/d.yaml > out.yaml\n"
    )
    assert _images("deploy/d.yaml") == [("a/b:1", ())]


def test_a_makefile_that_does_not_export_the_name_leaves_it_unknown(project: Path) -> None:
    patch = _kustomization(project)
    write(
        project / "Makefile",
        "X ?= a/b:1\ndeploy:\n\tkustomize build k | envsubst | kubectl apply -f -\n",
    )
    assert _images(patch) == [("${X}", ("X",))]


def test_a_taskfile_whose_task_renders_a_kustomize_build_is_read(project: Path) -> None:
    patch = _kustomization(project)
    write(project / "Taskfile.yml", 'version: "3"\nenv:\n  X: a/b:1\ntasks:\n  deploy:\n'
          "    cmds:\n      - kustomize build k | envsubst | kubectl apply -f -\n")  # fmt: skip
    assert _images(patch) == [("a/b:1", ())]
