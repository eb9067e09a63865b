"""Semaphore pipelines: the images of the agents' containers (``.semaphore/*.yml``)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from tagsense import find_references
from tagsense.sources.ci import ci_system, scan_ci

if TYPE_CHECKING:
    from pathlib import Path

# A minimal pipeline in the shape of semaphoreci/toolbox's .semaphore/semaphore.yml (a machine
# agent for the pipeline, a block whose task runs in containers, a job whose commands run one).
PIPELINE = """\
version: v1.0
name: Toolbox
agent:
  machine:
    type: f1-standard-2
    os_image: ubuntu2404
blocks:
  - name: "Bats: Docker"
    task:
      agent:
        machine: {type: f1-standard-2, os_image: ubuntu2204}
        containers:
          - name: main
            image: "semaphoreci/ruby:3.4.8"
          - name: db
            image: registry.semaphoreci.com/postgres:17.2
      jobs:
        - name: unit
          commands:
            - docker run --rm alpine:3.21 true
after_pipeline:
  task:
    agent:
      containers: [{name: main, image: "registry.semaphoreci.com/ubuntu:22.04"}]
    jobs: [{name: report, commands: [test-results gen-pipeline-report]}]
"""


def test_agent_containers_are_pulled_and_machines_are_not() -> None:
    assert ci_system(".semaphore/semaphore.yml") == "semaphore"
    assert ci_system(".semaphore/deploy.yaml") == "semaphore"
    assert ci_system("semaphore.yml") is None
    scan = scan_ci(PIPELINE, path=".semaphore/semaphore.yml")
    assert scan.errors == ()
    assert [(o.line, o.text, o.kind, o.context.get("primary")) for o in scan] == [
        (14, "semaphoreci/ruby:3.4.8", "ci", True),
        (16, "registry.semaphoreci.com/postgres:17.2", "ci", False),
        (20, "alpine:3.21", "shell", None),
        (24, "registry.semaphoreci.com/ubuntu:22.04", "ci", True),
    ]


def test_a_walk_reads_the_semaphore_directory_at_the_root_only(tmp_path: Path) -> None:
    (tmp_path / ".semaphore").mkdir()
    (tmp_path / ".semaphore" / "semaphore.yml").write_text(PIPELINE)
    (tmp_path / "vendor" / "lib" / ".semaphore").mkdir(parents=True)
    (tmp_path / "vendor" / "lib" / ".semaphore" / "semaphore.yml").write_text(PIPELINE)
    found = find_references(os.fspath(tmp_path))
    assert {os.path.relpath(o.path or "", tmp_path) for o in found} == {
        os.path.join(".semaphore", "semaphore.yml")
    }
    assert len(found) == 4
