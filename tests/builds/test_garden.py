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
