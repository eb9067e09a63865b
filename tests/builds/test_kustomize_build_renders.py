"""A kustomization whose build a project script pipes into ``envsubst``.

devfile/devworkspace-operator's Makefile says ``export DWO_IMG ?= quay.io/devfile/
devworkspace-controller:next`` and runs ``build/scripts/generate_deployment.sh``, which
runs ``${KUSTOMIZE} build "${DEPLOY_DIR}/templates/cert-manager" | envsubst "$SUBST_VARS"``:
the patch ``deploy/templates/base/manager_image_patch.yaml`` (``image: ${DWO_IMG}``) of the
base that kustomization builds is rendered with the Makefile's value, not filled in "before
it is applied" by someone else (TS011). GNU gettext's envsubst with a SHELL-FORMAT argument
puts in only the variables it names.
"""

from __future__ import annotations

import os

import pytest

from tagsense import find_references

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    for name in ("X", "Y", "KUSTOMIZE"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


_DEPLOYMENT = (
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: manager\nspec:\n  template:\n"
    "    spec:\n      containers:\n        - name: c\n          image: acme/placeholder:1\n"
)
_PATCH = (
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: manager\nspec:\n  template:\n"
    "    spec:\n      containers:\n        - name: c\n          image: {image}\n"
)


def _kustomization(project: Path, image: str = "${X}") -> str:
    write(project / "k" / "base" / "deployment.yaml", _DEPLOYMENT)
    write(project / "k" / "base" / "patch.yaml", _PATCH.format(image=image))
    write(project / "k" / "base" / "kustomization.yaml", "resources:\n- deployment.yaml\n"
          "patchesStrategicMerge:\n- patch.yaml\n")  # fmt: skip
    write(project / "k" / "overlay" / "kustomization.yaml", "resources:\n- ../base\n")
    return os.path.join("k", "base", "patch.yaml")


def _patched(path: str) -> list[tuple[str, tuple[str, ...]]]:
    return sorted((o.text, o.unresolved) for o in find_references(".") if o.path == path)


def test_a_build_a_makefile_s_script_pipes_into_envsubst_has_the_makefile_s_export(
    project: Path,
) -> None:
    patch = _kustomization(project)
    write(project / "Makefile", "export X ?= acme/controller:next\n"
          "deploy:\n\tscripts/generate.sh\n")  # fmt: skip
    write(project / "scripts" / "generate.sh", "#!/bin/bash\n"
          'SCRIPT_DIR=$(cd "$(dirname "$0")"; pwd)\nKUSTOMIZE=${SCRIPT_DIR}/bin/kustomize\n'
          "SUBST_VARS='$X $Y'\n"
          '${KUSTOMIZE} build "${SCRIPT_DIR}/../k/overlay" | envsubst "$SUBST_VARS" > out.yaml\n'
          )  # fmt: skip
    (found,) = [o for o in find_references(".") if o.path == patch]
    assert (found.text, found.unresolved) == ("acme/controller:next", ())
    command = found.context["command"]
    assert isinstance(command, dict)
    assert command["path"] == os.path.join("scripts", "generate.sh")


def test_kubectl_kustomize_from_the_script_s_directory_is_rendered_too(project: Path) -> None:
    patch = _kustomization(project, image="acme/app:${X}")
    write(project / "k" / "overlay" / "deploy.sh", "#!/bin/sh\nexport X=1.2.3\n"
          'cd "$(dirname "$0")"\n'
          "kubectl kustomize . | envsubst | kubectl apply -f -\n")  # fmt: skip
    assert _patched(patch) == [("acme/app:1.2.3", ())]


def test_a_variable_the_shell_format_leaves_out_stays_unresolved(project: Path) -> None:
    patch = _kustomization(project)
    write(project / "deploy.sh", "#!/bin/sh\nexport X=acme/app:1\n"
          "kustomize build k/overlay | envsubst '$Y' | kubectl apply -f -\n")  # fmt: skip
    assert _patched(patch) == [("${X}", ("X",))]


def test_a_build_of_another_kustomization_or_written_to_a_file_renders_nothing(
    project: Path,
) -> None:
    patch = _kustomization(project)
    write(project / "other" / "kustomization.yaml", "resources: []\n")
    write(project / "deploy.sh", "#!/bin/sh\nexport X=acme/app:1\n"
          "kustomize build other | envsubst | kubectl apply -f -\n"
          "kustomize build -o out.yaml k/overlay | envsubst > x.yaml\n")  # fmt: skip
    assert _patched(patch) == [("${X}", ("X",))]


def test_a_makefile_recipe_s_build_piped_into_envsubst_has_its_exports(project: Path) -> None:
    """intel/sriov-fec-operator: `export KUBE_RBAC_PROXY_IMAGE ?= …` (the value of the
    default `CONTAINER_TOOL ?= podman` branch) and `deploy:` runs `$(KUSTOMIZE) build
    config/default | envsubst | $(CLI_EXEC) apply -f -`; config/default's patch says `image:
    $KUBE_RBAC_PROXY_IMAGE`."""
    patch = _kustomization(project, image="$X")
    write(project / "Makefile", "TOOL ?= podman\nifeq ($(TOOL),podman)\n export X ?= acme/a:1\n"
          "else\n export X ?= acme/b:1\nendif\nKUSTOMIZE ?= $(shell pwd)/bin/kustomize\n"
          "docker-build:\n\t$(TOOL) build -t acme/op:1 .\n"
          "deploy:\n\t$(KUSTOMIZE) build k/overlay | envsubst | kubectl apply -f -\n")  # fmt: skip
    assert _patched(patch) == [("acme/a:1", ())]
