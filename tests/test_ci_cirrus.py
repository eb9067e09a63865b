"""Cirrus CI (``.cirrus.yml``): the containers tasks run in, matrix modification, environment
variables, Docker pipes, and the scripts of tasks.

Cases follow Cirrus CI's guide ("Writing tasks": container instances, matrix modification,
environment variables; "Docker Pipe"), whose example tests Go with ``env: matrix:`` writing
``VERSION`` twice and ``image: golang:$VERSION``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tagsense import find_references
from tagsense.sources.ci import ci_system, scan_ci

if TYPE_CHECKING:
    from pathlib import Path

CONFIG = """\
env:
  GO: "1.23.4"

container:
  image: golang:${GO}

test_task:
  env:
    matrix:
      VERSION: 1.22.10
      VERSION: 1.23.4
  name: Tests (Go $VERSION)
  container:
    image: golang:$VERSION
  test_script: go test ./...

lint_task:
  lint_script: docker run --rm golangci/golangci-lint:v1.62.2 golangci-lint run

node_task:
  container:
    matrix:
      image: node:22.12.0
      image: node:20.18.1
  script: npm test

task:
  name: arm
  arm_container:
    image: ubuntu:$CIRRUS_UBUNTU
  script: true

freebsd_task:
  freebsd_instance:
    image_family: freebsd-14-1
  script: pkg install -y go

task:
  name: matrix
  matrix:
    - container: {image: "python:3.12.8"}
    - container: {image: "python:3.13.1"}
  script: pytest

site_pipe:
  steps:
    - image: hugomods/hugo:0.140.0
      build_script: hugo
"""


def test_containers_matrices_env_and_pipes() -> None:
    scan = scan_ci(CONFIG, system="cirrus")
    assert scan.errors == ()  # (keys written again are Cirrus' matrices and tasks)
    found = [(o.line, o.kind, o.text, o.context.get("task")) for o in scan]
    assert found == [
        (5, "ci", "golang:1.23.4", "lint"),  # (the top-level container, the top-level env)
        (14, "ci", "golang:1.22.10", "Tests (Go $VERSION)"),  # (each env matrix value)
        (14, "ci", "golang:1.23.4", "Tests (Go $VERSION)"),
        (18, "shell", "golangci/golangci-lint:v1.62.2", None),  # (a NAME_script's docker run)
        (23, "ci", "node:22.12.0", "node"),  # (an instance's matrix: image written twice)
        (24, "ci", "node:20.18.1", "node"),
        (30, "ci", "ubuntu:$CIRRUS_UBUNTU", "arm"),  # (Cirrus' own variable: a run's)
        (41, "ci", "python:3.12.8", "matrix"),  # (a task's matrix of partial tasks)
        (42, "ci", "python:3.13.1", "matrix"),
        (47, "ci", "hugomods/hugo:0.140.0", "site"),  # (a Docker pipe's step)
    ]  # (the FreeBSD task runs in a virtual machine: no container, not the top-level one)
    (arm,) = [o for o in scan if o.line == 30]
    assert arm.unresolved == ("CIRRUS_UBUNTU",)


def test_the_file_is_found_at_the_top_of_the_repository(tmp_path: Path) -> None:
    task = "task:\n  container:\n    image: alpine:3.21.{n}\n  script: true\n"
    (tmp_path / ".cirrus.yml").write_text(task.replace("{n}", "0"), encoding="utf-8")
    vendored = tmp_path / "vendor" / "lib" / ".cirrus.yml"
    vendored.parent.mkdir(parents=True)
    vendored.write_text(task.replace("{n}", "9"), encoding="utf-8")
    assert [o.text for o in find_references(str(tmp_path))] == ["alpine:3.21.0"]
    assert ci_system(".cirrus.yaml") == "cirrus" and ci_system("cirrus.yml") is None


_PIECES = [
    "task:", "x_task:", "pipe:", "\n", "  ", "- ", "container:", "image: ", "a:1", "$V",
    "matrix:", "env:", "V: b", "script: docker run c:2", "{", "}", "[", "]", "freebsd_instance:",
]  # fmt: skip


@given(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join))
def test_any_text_is_read_without_an_exception(text: str) -> None:
    for occurrence in scan_ci(text, system="cirrus"):
        assert occurrence.line >= 1 and occurrence.column >= 1
