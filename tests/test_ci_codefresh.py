"""Codefresh pipelines: the images steps, services and hooks run in (``codefresh.yml``)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from tagsense import find_references
from tagsense.sources.ci import ci_system, scan_ci
from tagsense.sources.ci._codefresh import is_codefresh_text

if TYPE_CHECKING:
    from pathlib import Path

# argoproj-labs/argocd-autopilot@c102467 build/ci.yml (Apache-2.0; its steps, shortened): a
# pipeline of another name than codefresh.yml, which the pipeline's settings point at; a step
# merged from an anchor, a build step and the push of what it built.
AUTOPILOT = """\
version: '1.0'
mode: parallel

steps:
  main_clone:
    stage: Prepare
    type: git-clone
    repo: ${{CF_REPO_OWNER}}/${{CF_REPO_NAME}}

  prepare_env_vars: &deps
    stage: Prepare
    image: quay.io/codefresh/golang-ci-helper:1.25
    commands:
      - cf_export GO111MODULE=on

  clean:
    <<: *deps
    commands:
      - make clean

  build:
    stage: Build
    type: build
    image_name: ${{IMAGE_NAME}}
    tag: ${{CF_BRANCH_TAG_NORMALIZED}}

  scan-image:
    stage: Build
    image: quay.io/codefresh/snyk-cli:latest
    commands:
      - snyk container test ${LOCAL_IMAGE_REF}

  push_dev:
    type: push
    candidate: ${{build}}
"""

# The other forms Codefresh documents: a parallel step's steps, a freestyle step's services,
# a composition step's services and candidates, the hooks of the pipeline and of a step, a
# step that runs the image a build step made, a marketplace step, and a variable.
PIPELINE = """\
version: "1.0"
hooks:
  on_finish:
    exec:
      image: alpine:3.21
      commands: [echo done]
steps:
  build_app:
    type: build
    image_name: acme/app
  checks:
    type: parallel
    steps:
      unit:
        image: ${{build_app}}
        commands: [make test]
        services:
          composition:
            db:
              image: postgres:17.2
      lint:
        image: golangci/golangci-lint:${{LINT_VERSION}}
        commands: [make lint]
  integration:
    type: composition
    composition:
      version: '2'
      services:
        cache:
          image: redis:7.4.2
    composition_candidates:
      sut:
        image: curlimages/curl:8.11.1
        command: curl http://cache
  notify:
    type: slack-notifier
    arguments: {channel: ci}
    hooks:
      on_fail:
        exec:
          image: busybox:1.37
"""


def test_a_pipeline_of_another_name_is_told_by_its_shape() -> None:
    assert ci_system("codefresh.yml") == "codefresh"
    assert ci_system("build/ci.yml") is None
    assert is_codefresh_text(AUTOPILOT)
    scan = scan_ci(AUTOPILOT, path="build/ci.yml")
    assert scan.errors == ()
    assert [(o.line, o.column, o.text, dict(o.context)) for o in scan] == [
        (12, 12, "quay.io/codefresh/golang-ci-helper:1.25",
         {"system": "codefresh", "step": "prepare_env_vars", "stage": "Prepare",
          "field": "image"}),
        (29, 12, "quay.io/codefresh/snyk-cli:latest",
         {"system": "codefresh", "step": "scan-image", "stage": "Build", "field": "image"}),
    ]  # fmt: skip


def test_parallel_steps_services_compositions_and_hooks() -> None:
    scan = scan_ci(PIPELINE, system="codefresh")
    assert scan.errors == ()
    assert [(o.line, o.text, o.unresolved, o.context.get("field")) for o in scan] == [
        (5, "alpine:3.21", (), "hooks"),
        (20, "postgres:17.2", (), "services"),
        (22, "golangci/golangci-lint:${{LINT_VERSION}}", ("LINT_VERSION",), "image"),
        (30, "redis:7.4.2", (), "composition"),
        (33, "curlimages/curl:8.11.1", (), "composition_candidates"),
        (41, "busybox:1.37", (), "hooks"),
    ]


def test_other_yaml_with_steps_is_no_pipeline() -> None:
    # (Drone's and Argo's steps are lists; a compose file has services)
    assert not is_codefresh_text("kind: pipeline\nsteps:\n- name: test\n  image: go:1.23\n")
    assert not is_codefresh_text("version: '1.0'\nsteps:\n- image: go:1.23\n")
    assert not is_codefresh_text("version: '1.0'\nsteps:\n  a: {when: x}\n")


def test_a_walk_finds_a_pipeline_by_its_shape(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "ci.yml").write_text(AUTOPILOT)
    (tmp_path / "build" / "other.yml").write_text("version: 1\nsteps: [a, b]\n")
    found = find_references(os.fspath(tmp_path))
    assert [(os.path.basename(o.path or ""), o.line, o.kind) for o in found] == [
        ("ci.yml", 12, "ci"), ("ci.yml", 29, "ci"),
    ]  # fmt: skip
