"""Cirrus CI (``.cirrus.yml``): the containers its tasks run in, read as cirrus-cli's parser
reads them (``pkg/parser``: tasks written ``task:`` many times, collectible instances and
``env``, ``matrix:``), and the images its scripts pull."""

from __future__ import annotations

from pathlib import Path

from tagsense.sources import scan_paths
from tagsense.sources.ci import ci_system, scan_ci

#: Modelled on cirruslabs/cirrus-cli's own .cirrus.yml: `task:` written once a task, a
#: container image, VM instances (macOS, a docker_builder) that pull no container.
CIRRUS_CLI = """\
task:
  name: Test (macOS with Tart)
  macos_instance:
    image: ghcr.io/cirruslabs/macos-runner:sequoia
  test_script: go test ./...

docker_builder:
  name: Release Docker Image (Dry Run)
  build_script: docker buildx build --platform linux/amd64,linux/arm64 .

task:
  name: Check for lacking "buf generate" invocation
  container:
    image: golang:latest
  generate_script: buf generate

task:
  name: buf push
  container:
    image: bufbuild/buf
  push_script: buf push --git-metadata
"""


def _found(text: str) -> list[tuple[int, int, str, str, object]]:
    scan = scan_ci(text, path=".cirrus.yml")
    assert [e.message for e in scan.errors] == []
    return [(o.line, o.column, o.raw, o.text, o.context.get("task")) for o in scan]


def test_each_task_written_with_the_same_key_is_read() -> None:
    assert ci_system(".cirrus.yml") == "cirrus"
    assert _found(CIRRUS_CLI) == [
        (14, 12, "golang:latest", "golang:latest", 'Check for lacking "buf generate" invocation'),
        (20, 12, "bufbuild/buf", "bufbuild/buf", "buf push"),
    ]


def test_the_top_level_container_env_and_additional_containers() -> None:
    text = """\
env:
  PY: "3.12"
container:
  image: python:${PY}-slim
lint_task:
  script: ruff check .
test_task:
  env:
    PG: "16"
  container:
    image: python:$PY
    additional_containers:
      - name: postgres
        image: postgres:$PG-alpine
release_task:
  only_if: $CIRRUS_TAG != ''
  container:
    image: ghcr.io/acme/release:$CIRRUS_TAG
"""
    scan = scan_ci(text, path=".cirrus.yml")
    assert [(o.line, o.text, o.context.get("task"), o.unresolved) for o in scan] == [
        (4, "python:3.12-slim", "lint", ()),
        (11, "python:3.12", "test", ()),
        (14, "postgres:16-alpine", "test", ()),
        (18, "ghcr.io/acme/release:$CIRRUS_TAG", "release", ("CIRRUS_TAG",)),
    ]


def test_a_matrix_makes_one_task_an_item() -> None:
    # (cirrus-cli's pkg/parser/modifier/matrix: the item's keys where `matrix` was, at any depth)
    text = """\
test_task:
  container:
    matrix:
      - image: node:20
      - image: node:22
  matrix:
    - env:
        DB: "15"
    - env:
        DB: "16"
  service_script: docker run -d postgres:$DB
"""
    scan = scan_ci(text, path=".cirrus.yml")
    assert sorted({(o.kind, o.text) for o in scan}) == [
        ("ci", "node:20"),
        ("ci", "node:22"),
        ("shell", "postgres:15"),
        ("shell", "postgres:16"),
    ]


def test_a_dockerfile_the_task_builds_and_a_persistent_worker_s_container() -> None:
    text = """\
build_task:
  container:
    image: alpine:3.20
    dockerfile: ci/Dockerfile
worker_task:
  persistent_worker:
    isolation:
      container:
        image: debian:12.8
  pipe_script: "true"
steps_pipe:
  steps:
    - image: golang:1.23.4
      build_script: go build ./...
"""
    assert [o.text for o in scan_ci(text, path=".cirrus.yml")] == ["debian:12.8", "golang:1.23.4"]


def test_a_directory_scan_reads_the_cirrus_file_at_the_top(tmp_path: Path) -> None:
    (tmp_path / ".cirrus.yml").write_text(CIRRUS_CLI)
    (tmp_path / "vendor" / "lib").mkdir(parents=True)
    (tmp_path / "vendor" / "lib" / ".cirrus.yml").write_text(CIRRUS_CLI)
    scan = scan_paths([tmp_path])
    assert sorted({(Path(o.path or "").name, o.text) for o in scan if o.kind == "ci"}) == [
        (".cirrus.yml", "bufbuild/buf"),
        (".cirrus.yml", "golang:latest"),
    ]
    assert all("vendor" not in (o.path or "") for o in scan)


def test_a_container_built_from_a_dockerfile_passes_its_docker_arguments(tmp_path: Path) -> None:
    # containers/image v5.23.1 (trimmed): the tasks run in a container Cirrus builds from
    # .cirrus.Dockerfile, whose `ARG BASE_IMAGE=ubuntu:latest` docker_arguments replaces
    # (a false TS001 for ubuntu:latest, and the image really pulled missed, before).
    (tmp_path / ".git").mkdir()
    (tmp_path / ".cirrus.Dockerfile").write_text(
        "ARG BASE_IMAGE=ubuntu:latest\nFROM $BASE_IMAGE\nARG GOPATH=/var/tmp/go\n"
    )
    (tmp_path / ".cirrus.yml").write_text("""\
env:
    IMAGE_SUFFIX: "c5495735033528320"
    UBUNTU_CONTAINER_FQIN: "quay.io/libpod/ubuntu_podman:${IMAGE_SUFFIX}"
validate_task:
    container:
        dockerfile: .cirrus.Dockerfile
        docker_arguments:
            BASE_IMAGE: '${UBUNTU_CONTAINER_FQIN}'
    script: make validate
release_task:
    container:
        dockerfile: .cirrus.Dockerfile
        docker_arguments:
            BASE_IMAGE: 'quay.io/libpod/fedora_podman:$CIRRUS_TAG'
    script: make release
""")
    found = [
        (Path(o.path or "").name, o.line, o.text, o.unresolved, o.context["build"]["name"])
        for o in scan_paths([tmp_path])
    ]
    # (the release task's argument only a run has: the tag Cirrus gives it)
    assert found == [
        (".cirrus.Dockerfile", 2, "quay.io/libpod/ubuntu_podman:c5495735033528320", (), "validate"),
        (".cirrus.Dockerfile", 2, "", ("CIRRUS_TAG",), "release"),
    ]
