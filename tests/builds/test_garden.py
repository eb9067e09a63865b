"""Garden: a container Build action's or module's image is the project's, and the images of
the containers Garden runs are pulls (sources.builds.garden)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tagsense import find_references
from tagsense.sources.builds import build_tool
from tagsense.sources.builds.garden import scan_garden

if TYPE_CHECKING:
    from pathlib import Path

# garden-io/quickstart-example, api/garden.yml (MIT; trimmed), and a Test of our own that
# runs an image of its own.
ACTIONS = """\
kind: Build
name: api
type: container
description: Build the vote API
spec:
  buildArgs:
    PY: "3.12"
  targetStage: prod
---
kind: Deploy
name: api
type: kubernetes
spec:
  manifestFiles: [./manifests/*]
---
kind: Test
name: unit
type: container
dependencies: [build.api]
spec:
  image: ${actions.build.api.outputs.deploymentImageId}
---
kind: Test
name: e2e
type: container
spec:
  image: cypress/included:13.6.0
"""

# hpi-epic/mpcsl, services/python-images/garden.yml (MIT), and a module without a Dockerfile.
MODULES = """\
kind: Module
name: backend-image
dockerfile: backend.Dockerfile
image: mpci_backend
type: container
---
kind: Module
name: redis
type: container
image: redis:7.2.4
"""

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  template:
    spec:
      containers:
        - name: api
          image: api
"""


def test_a_build_action_is_built_and_a_test_container_pulled() -> None:
    assert build_tool("api/garden.yml") == "garden"
    assert build_tool("project.garden.yml") == "garden"
    found = scan_garden(ACTIONS, path="/r/api/garden.yml")
    assert [(b.name, b.dockerfile, b.context, dict(b.args), b.target) for b in found.builds] == [
        ("api", "/r/api/Dockerfile", "/r/api", {"PY": "3.12"}, "prod")
    ]
    assert [(image.name, image.site.line) for image in found.built] == [("api", 1)]
    assert [(o.line, o.kind, o.text, dict(o.context)) for o in found.scan] == [
        (27, "garden", "cypress/included:13.6.0", {"field": "spec.image"})
    ]


def test_a_module_builds_its_image_or_pulls_it() -> None:
    found = scan_garden(MODULES, path="/r/python-images/garden.yml")
    assert [(b.name, b.dockerfile) for b in found.builds] == [
        ("backend-image", "/r/python-images/backend.Dockerfile")
    ]
    assert [image.name for image in found.built] == ["mpci_backend"]
    assert [(o.text, o.context["field"]) for o in found.scan] == [("redis:7.2.4", "image")]


@pytest.mark.parametrize(
    "text",
    ["kind: Project\nname: p\n", "kind: Deploy\ntype: helm\nname: db\n", "[1]\n", "a: [\n"],
)
def test_what_builds_or_runs_no_container_gives_nothing(text: str) -> None:
    found = scan_garden(text, path="garden.yml")
    assert (list(found.builds), list(found.built), list(found.scan)) == ([], [], [])


def test_a_manifest_names_the_image_garden_builds(tmp_path: Path) -> None:
    # garden-io/quickstart-example: its manifests' `image: api` was taken for docker.io's
    # library/api, a pull (survey s34e); Garden patches it with the image it builds.
    (tmp_path / ".git").mkdir()
    (tmp_path / "api" / "manifests").mkdir(parents=True)
    (tmp_path / "api" / "garden.yml").write_text(ACTIONS)
    (tmp_path / "api" / "Dockerfile").write_text("ARG PY=3.11\nFROM python:${PY}-slim AS prod\n")
    (tmp_path / "api" / "manifests" / "deployment.yaml").write_text(DEPLOYMENT)
    found = find_references(str(tmp_path))
    assert sorted((o.kind, o.text, o.built is not None) for o in found) == [
        ("from", "python:3.12-slim", False),
        ("garden", "cypress/included:13.6.0", False),
        ("kubernetes", "api", True),
    ]


# garden-io/garden@c38dcb91 examples/base-image (MPL-2.0; trimmed): the project, a base image's
# Build action, and a backend whose Dockerfile a template chooses and whose base's version
# Garden passes when it runs.
BASE_IMAGE_PROJECT = """\
apiVersion: garden.io/v2
kind: Project
name: base-image
environments:
  - name: dev
  - name: prod
"""
BASE_IMAGE_BUILD = """\
kind: Build
name: base-image
description: Base image for Go services
type: container
"""
BACKEND_BUILD = """\
kind: Build
name: backend
description: Backend service container
type: container
dependencies: [ build.base-image ]

spec:
  dockerfile: "${environment.name == 'prod' ? 'Dockerfile.prod' : 'Dockerfile.dev'}"
  buildArgs:
    BASE_IMAGE_VERSION: ${actions.build.base-image.version}
"""
BACKEND_DOCKERFILE = "ARG BASE_IMAGE_VERSION\nFROM base-image:${BASE_IMAGE_VERSION}\n"


def _base_image_project(top: Path) -> None:
    (top / "garden.yml").write_text(BASE_IMAGE_PROJECT)
    (top / "base-image").mkdir()
    (top / "base-image" / "base-image.garden.yml").write_text(BASE_IMAGE_BUILD)
    (top / "base-image" / "Dockerfile").write_text("FROM golang:1.18.3-alpine3.16\n")
    (top / "backend").mkdir()
    (top / "backend" / "backend.garden.yml").write_text(BACKEND_BUILD)
    for name in ("Dockerfile.dev", "Dockerfile.prod"):
        (top / "backend" / name).write_text(BACKEND_DOCKERFILE)


def test_a_project_s_actions_in_other_directories_build_its_base_image(tmp_path: Path) -> None:
    # (no Git work tree: the Garden project's file says where the project is; survey 26:
    # 2 false TS011 on garden-io/garden's examples/base-image)
    _base_image_project(tmp_path)
    found = find_references(str(tmp_path))
    assert sorted((o.path.rpartition("/")[2], o.text, o.built is not None) for o in found) == [
        ("Dockerfile", "golang:1.18.3-alpine3.16", False),
        ("Dockerfile.dev", "base-image:", True),
        ("Dockerfile.prod", "base-image:", True),  # (the tag a run gives)
    ]
    # one file alone, as pre-commit passes it: the same
    alone = find_references(str(tmp_path / "backend" / "Dockerfile.dev"))
    assert [o.built is not None for o in alone] == [True]


def test_actions_at_any_depth_of_the_project_are_read(tmp_path: Path) -> None:
    # garden-io/garden's examples/local-tls: services/go-service/garden.yml builds go-service
    (tmp_path / "garden.yml").write_text("apiVersion: garden.io/v2\nkind: Project\nname: p\n")
    service = tmp_path / "services" / "go-service"
    service.mkdir(parents=True)
    (service / "garden.yml").write_text("kind: Build\nname: go-service\ntype: container\n")
    (service / "Dockerfile").write_text("FROM golang:1.18.3-alpine3.16\n")
    manifests = tmp_path / "deploy" / "manifests"
    manifests.mkdir(parents=True)
    (manifests / "pod.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n"
        "    - name: go\n      image: go-service\n"
    )
    found = find_references(str(manifests / "pod.yaml"))
    assert [(o.text, o.built is not None) for o in found] == [("go-service", True)]


def test_a_dockerfile_a_template_chooses_is_each_of_its_choices() -> None:
    found = scan_garden(BACKEND_BUILD, path="/r/backend/backend.garden.yml")
    given = {"BASE_IMAGE_VERSION": ("actions.build.base-image.version",)}
    assert [(b.dockerfile, dict(b.unresolved)) for b in found.builds] == [
        ("/r/backend/Dockerfile.prod", given),
        ("/r/backend/Dockerfile.dev", given),
    ]
