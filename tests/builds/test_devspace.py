"""DevSpace: the images a ``devspace.yaml`` builds are the project's, and the development
images it runs are pulls (sources.builds.devspace)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import pytest

from tagsense import check, find_references
from tagsense.sources.builds import build_tool
from tagsense.sources.builds.devspace import scan_devspace

if TYPE_CHECKING:
    from pathlib import Path

DAY = datetime.date(2026, 12, 5)

# loft-sh/devspace, examples/custom-builder/devspace.yaml (trimmed).
CUSTOM_BUILDER = """\
version: v2beta1
name: custom-builder

vars:
  IMAGE: myusername/devspace

images:
  my-image:
    image: ${IMAGE}
    custom:
      command: |-
        docker build -t ${runtime.images.my-image.image}:${runtime.images.my-image.tag} .

deployments:
  my-deployment:
    kubectl:
      manifests:
      - kube

dev:
  my-dev:
    imageSelector: ${IMAGE}
    devImage: loftsh/javascript:latest
  other:
    devImage: ${runtime.images.my-image}
  asked:
    devImage: ${DEV_IMAGE}
"""

# loft-sh/devspace, e2e/tests/replacepods/testdata/statefulset/devspace.yaml (trimmed).
V1BETA11 = """\
version: v1beta11
vars:
  - name: IMAGE
    value: john/devbackend
  - name: BASE
    default: ubuntu
images:
  backend:
    image: ${IMAGE}
dev:
  replacePods:
    - imageSelector: ${IMAGE}
      replaceImage: ${BASE}:18.04
"""

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: devspace}
spec:
  selector: {matchLabels: {app: devspace}}
  template:
    metadata: {labels: {app: devspace}}
    spec:
      containers:
        - name: default
          image: myusername/devspace
"""


def test_the_images_devspace_builds_and_runs() -> None:
    assert build_tool("examples/custom-builder/devspace.yaml") == "devspace"
    found = scan_devspace(CUSTOM_BUILDER, path="devspace.yaml")
    assert [(image.name, image.site.tool, image.site.line) for image in found.built] == [
        ("myusername/devspace", "devspace", 9),
    ]
    assert [(o.line, o.kind, o.text, o.unresolved) for o in found.scan] == [
        (23, "devspace", "loftsh/javascript:latest", ()),
        (27, "devspace", "${DEV_IMAGE}", ("DEV_IMAGE",)),
    ]
    assert found.scan.errors == ()


def test_the_variables_of_a_v1beta11_configuration() -> None:
    found = scan_devspace(V1BETA11, path="devspace.yaml")
    assert [image.name for image in found.built] == ["john/devbackend"]
    assert [(o.text, o.context["field"]) for o in found.scan] == [("ubuntu:18.04", "replaceImage")]


@pytest.mark.parametrize("text", ["images:\n  a:\n    image: x\n", "[1, 2]\n", "version: [\n"])
def test_what_is_no_devspace_configuration_builds_nothing(text: str) -> None:
    found = scan_devspace(text, path="devspace.yaml")
    assert (list(found.built), list(found.scan)) == ([], [])


def test_the_manifests_devspace_deploys_name_the_images_it_builds(tmp_path: Path) -> None:
    # examples/custom-builder/kube/deployment.yaml says `image: myusername/devspace`, which
    # DevSpace builds and puts in (a false TS002 before); its development image was missed.
    (tmp_path / ".git").mkdir()
    example = tmp_path / "examples" / "custom-builder"
    (example / "kube").mkdir(parents=True)
    (example / "devspace.yaml").write_text(CUSTOM_BUILDER)
    (example / "kube" / "deployment.yaml").write_text(DEPLOYMENT)
    found = find_references(str(tmp_path))
    rows = sorted((o.kind, o.text, o.built is not None) for o in found)
    assert rows == [
        ("devspace", "${DEV_IMAGE}", False),
        ("devspace", "loftsh/javascript:latest", False),
        ("kubernetes", "myusername/devspace", True),
    ]
    codes = sorted((f.code, f.occurrence.text) for f in check(found, as_of=DAY))
    assert codes == [("TS001", "loftsh/javascript:latest"), ("TS011", "${DEV_IMAGE}")]
