"""Okteto: the images an Okteto manifest builds are the project's, and the images of the
containers it runs are pulls (sources.builds.okteto)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import pytest

from tagsense import check, find_references
from tagsense.sources.builds import build_tool
from tagsense.sources.builds.okteto import scan_okteto

if TYPE_CHECKING:
    from pathlib import Path

DAY = datetime.date(2026, 12, 5)

# okteto/okteto, okteto.yml (trimmed), with a built image named outright and a service.
MANIFEST = """\
build:
  cli:
    context: .
    dockerfile: Dockerfile
  api:
    image: ghcr.io/acme/api
deploy:
  image: $OKTETO_BUILD_CLI_IMAGE
  commands:
    - name: CLI
      command: /usr/local/bin/okteto version
dev:
  cli:
    image: okteto/golang:1
    services:
      - name: worker
        image: ghcr.io/acme/api:dev
      - name: db
        image: postgres:${PG_VERSION}
test:
  unit:
    image: okteto/golang-ci:2.10.0
    commands:
      - make test
"""

# okteto/okteto, samples/golang/okteto.yml (trimmed), and its k8s.yml's image.
SAMPLE = "dev:\n  hello-world:\n    image: okteto/golang:1\n    command: bash\n"
POD = """\
apiVersion: v1
kind: Pod
metadata: {name: hello-world}
spec:
  containers:
    - name: hello-world
      image: ghcr.io/acme/api:1.4.2
"""


def test_the_images_okteto_builds_and_runs() -> None:
    assert build_tool("samples/golang/okteto.yml") == "okteto"
    assert build_tool(".okteto/okteto.yaml") == "okteto"
    found = scan_okteto(MANIFEST, path="okteto.yml")
    assert [(image.name, image.site.tool, image.site.line) for image in found.built] == [
        ("ghcr.io/acme/api", "okteto", 6),
    ]
    assert [(o.line, o.kind, o.text, o.unresolved, o.context["field"]) for o in found.scan] == [
        (14, "okteto", "okteto/golang:1", (), "dev.cli.image"),
        (19, "okteto", "postgres:${PG_VERSION}", ("PG_VERSION",), "dev.cli.services[1].image"),
        (22, "okteto", "okteto/golang-ci:2.10.0", (), "test.unit.image"),
    ]
    assert found.scan.errors == ()


def test_a_manifest_of_the_first_version_is_one_development_container() -> None:
    found = scan_okteto("name: api\nimage: okteto/node:14\nsync:\n  - .:/app\n")
    assert [(o.text, o.context["field"]) for o in found.scan] == [("okteto/node:14", "image")]


@pytest.mark.parametrize("text", ["deploy:\n  - kubectl apply -f k8s.yml\n", "[1]\n", "a: [\n"])
def test_what_runs_no_container_of_its_own_gives_nothing(text: str) -> None:
    found = scan_okteto(text, path="okteto.yml")
    assert (list(found.built), list(found.scan)) == ([], [])


def test_a_sample_s_development_image_is_pulled_and_its_build_is_the_project_s(
    tmp_path: Path,
) -> None:
    # okteto/okteto's samples develop in okteto/golang:1 (missed before); an image the
    # manifest builds, deployed by a manifest, is a build output.
    (tmp_path / ".git").mkdir()
    sample = tmp_path / "samples" / "golang"
    sample.mkdir(parents=True)
    (sample / "okteto.yml").write_text("build:\n  api:\n    image: ghcr.io/acme/api\n" + SAMPLE)
    (sample / "k8s.yml").write_text(POD)
    found = find_references(str(tmp_path))
    assert sorted((o.kind, o.text, o.built is not None) for o in found) == [
        ("kubernetes", "ghcr.io/acme/api:1.4.2", True),
        ("okteto", "okteto/golang:1", False),
    ]
    assert [(f.code, f.occurrence.text) for f in check(found, as_of=DAY)] == [
        ("TS004", "okteto/golang:1")
    ]
