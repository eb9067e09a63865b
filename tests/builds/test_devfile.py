"""Devfiles: the images of a devfile's development containers are pulls, and the images its
image components build are the project's (sources.builds.devfile)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import pytest

from tagsense import check, find_references
from tagsense.sources.builds import build_tool
from tagsense.sources.builds.devfile import scan_devfile

if TYPE_CHECKING:
    from pathlib import Path

DAY = datetime.date(2026, 12, 5)

# devfile/registry, stacks/java-websphereliberty-gradle/devfile.yaml (Apache-2.0; trimmed):
# a variable in the development image, and a second container.
STACK = """\
schemaVersion: 2.2.0
metadata:
  name: java-websphereliberty-gradle
variables:
  # Liberty runtime version. Minimum recommended: 21.0.0.9
  liberty-version: '22.0.0.1'
components:
  - name: dev
    container:
      image: icr.io/appcafe/websphere-liberty-devfile-stack:{{liberty-version}}-gradle
      memoryLimit: 1280Mi
  - name: jaeger
    container:
      image: quay.io/jaegertracing/all-in-one:{{ jaeger-version }}
  - name: m2
    volume:
      size: 3Gi
"""

# devfile-samples/devfile-sample-python-basic, devfile.yaml (Apache-2.0; trimmed), with its
# deploy.yaml and docker/Dockerfile.
SAMPLE = """\
schemaVersion: 2.2.0
metadata:
  name: python
components:
  - name: image-build
    image:
      imageName: python-image:latest
      dockerfile:
        uri: docker/Dockerfile
        buildContext: .
        rootRequired: false
  - name: py
    container:
      image: registry.access.redhat.com/ubi9/python-39:1-1784840643
  - name: kubernetes-deploy
    kubernetes:
      uri: deploy.yaml
"""
DEPLOY = """\
kind: Deployment
apiVersion: apps/v1
metadata:
  name: my-python
spec:
  template:
    spec:
      containers:
        - name: my-python
          image: python-image:latest
"""

# eclipse-che/che-devfile-registry's devfiles of the first version (trimmed).
FIRST_VERSION = """\
apiVersion: 1.0.0
metadata:
  name: python
components:
  - type: chePlugin
    id: ms-python/python/latest
  - type: dockerimage
    alias: python
    image: quay.io/eclipse/che-python-3.8:nightly
"""


def test_the_development_images_of_a_stack() -> None:
    assert build_tool("stacks/go/2.0.0/devfile.yaml") == "devfile"
    assert build_tool(".devfile.yaml") == "devfile"
    found = scan_devfile(STACK, path="devfile.yaml")
    assert [(o.line, o.kind, o.text, o.unresolved, o.context["field"]) for o in found.scan] == [
        (10, "devfile", "icr.io/appcafe/websphere-liberty-devfile-stack:22.0.0.1-gradle", (),
         "components[0].container.image"),
        (14, "devfile", "quay.io/jaegertracing/all-in-one:{{ jaeger-version }}",
         ("jaeger-version",), "components[1].container.image"),
    ]  # fmt: skip
    assert (list(found.builds), list(found.built), found.scan.errors) == ([], [], ())


def test_an_image_component_is_a_build_of_its_dockerfile() -> None:
    found = scan_devfile(SAMPLE, path="/r/devfile.yaml")
    assert [(b.name, b.dockerfile, b.context, b.tags, b.site.line) for b in found.builds] == [
        ("image-build", "/r/docker/Dockerfile", "/r", ("python-image:latest",), 7)
    ]
    assert [image.name for image in found.built] == ["python-image:latest"]
    assert [o.text for o in found.scan] == [
        "registry.access.redhat.com/ubi9/python-39:1-1784840643"
    ]


def test_a_devfile_of_the_first_version() -> None:
    found = scan_devfile(FIRST_VERSION, path="devfile.yaml")
    assert [(o.text, o.context["field"]) for o in found.scan] == [
        ("quay.io/eclipse/che-python-3.8:nightly", "components[1].image")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "components:\n  - name: a\n    container:\n      image: redis\n",  # (no schemaVersion)
        "schemaVersion: 2.2.0\ncomponents:\n  - name: k\n    kubernetes:\n      uri: k.yaml\n",
        "[1]\n",
        "a: [\n",
    ],
)
def test_what_is_no_devfile_or_runs_no_container_gives_nothing(text: str) -> None:
    found = scan_devfile(text, path="devfile.yaml")
    assert (list(found.builds), list(found.scan)) == ([], [])


def test_a_sample_s_image_is_built_and_its_containers_pulled(tmp_path: Path) -> None:
    # devfile-samples/devfile-sample-python-basic: odo builds python-image:latest from
    # docker/Dockerfile and deploys it; the devfile's container image was missed before.
    (tmp_path / ".git").mkdir()
    (tmp_path / "devfile.yaml").write_text(SAMPLE)
    (tmp_path / "deploy.yaml").write_text(DEPLOY)
    (tmp_path / "docker").mkdir()
    (tmp_path / "docker" / "Dockerfile").write_text("FROM python:3.12\n")
    found = find_references(str(tmp_path))
    assert sorted((o.kind, o.text, o.built is not None) for o in found) == [
        ("devfile", "registry.access.redhat.com/ubi9/python-39:1-1784840643", False),
        ("from", "python:3.12", False),
        ("kubernetes", "python-image:latest", True),
    ]
    assert [(f.code, f.occurrence.text) for f in check(found, as_of=DAY)] == [
        ("TS004", "python:3.12")
    ]
