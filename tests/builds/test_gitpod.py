"""Gitpod: a ``.gitpod.yml``'s ``image`` is the workspace image Gitpod pulls, or the Dockerfile
it builds (sources.builds.gitpod). Before, the file was not read: survey 30e."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from tagsense import check, find_references
from tagsense.sources.builds import build_tool
from tagsense.sources.builds.gitpod import scan_gitpod

if TYPE_CHECKING:
    from pathlib import Path

DAY = datetime.date(2026, 12, 5)

#: prometheus-operator/kube-prometheus (Apache-2.0) .gitpod.yml at 4d719f1 (its start).
KUBE_PROMETHEUS = """\
image: gitpod/workspace-full
checkoutLocation: gitpod-k3s
tasks:
  - init: |
      make --always-make
"""

#: mautic/mautic (GPL-3.0) .gitpod.yml at 24271492a8 (its start) and the Dockerfile it names.
MAUTIC = "# Docker image\nimage:\n  file: .gitpod.Dockerfile\n"
DOCKERFILE = "ARG BASE=gitpod/workspace-full:2024-10-02-10-19-08\nFROM $BASE\n"


def test_the_image_is_the_workspace_s_pull(tmp_path: Path) -> None:
    (tmp_path / ".gitpod.yml").write_text(KUBE_PROMETHEUS)
    assert build_tool(tmp_path / ".gitpod.yml") == "gitpod"
    for scan in (find_references(tmp_path), find_references(tmp_path / ".gitpod.yml")):
        assert [(o.line, o.kind, o.text, o.context) for o in scan] == [
            (1, "gitpod", "gitpod/workspace-full", {"field": "image"})
        ]
    assert [f.code for f in check(find_references(tmp_path), as_of=DAY)] == ["TS002"]


def test_a_dockerfile_gitpod_builds_is_read_as_its_build(tmp_path: Path) -> None:
    (tmp_path / ".gitpod.yml").write_text(MAUTIC)
    (tmp_path / ".gitpod.Dockerfile").write_text(DOCKERFILE)
    found = scan_gitpod(MAUTIC, path=str(tmp_path / ".gitpod.yml"))
    assert list(found.scan) == []
    [build] = found.builds
    assert (build.dockerfile, build.context, build.site.line) == (
        str(tmp_path / ".gitpod.Dockerfile"),
        str(tmp_path),
        3,
    )
    [occurrence] = find_references(tmp_path)
    assert occurrence.text == "gitpod/workspace-full:2024-10-02-10-19-08"
    assert occurrence.context["build"]["tool"] == "gitpod"


def test_a_context_is_the_repository_root_s_and_no_image_names_nothing() -> None:
    text = "image:\n  file: docker/ws.Dockerfile\n  context: docker\n"
    [build] = scan_gitpod(text, path="/repo/.gitpod.yml").builds
    assert (build.dockerfile, build.context) == ("/repo/docker/ws.Dockerfile", "/repo/docker")
    empty = scan_gitpod("tasks:\n  - init: make\n", path="/repo/.gitpod.yml")
    assert (list(empty.scan), empty.builds) == ([], ())
    assert [e.line for e in scan_gitpod("- a\n").scan.errors] == [1]


#: After appwrite/appwrite's .gitpod.yml (BSD-3-Clause) at 0cefd06153: its task's scripts.
TASKS = """\
tasks:
  - name: Run the stack
    before: |
      TOOL=composer:2.8.12
    init: |
      docker compose pull
      docker pull composer
    command: |
      docker run --rm --interactive --tty \\
      --volume $PWD:/app \\
      $TOOL install
  - command: make
"""


def test_a_task_s_scripts_pull_what_their_docker_commands_run(tmp_path: Path) -> None:
    """Gitpod runs a task's before, init and command in one terminal: appwrite's
    `docker pull composer` and `docker run … composer install` were missed (survey s38g)."""
    (tmp_path / ".gitpod.yml").write_text(TASKS)
    found = [(o.line, o.column, o.text, o.context) for o in find_references(tmp_path)]
    task = {"tool": "gitpod", "task": "Run the stack", "engine": "docker"}
    assert found == [
        (7, 19, "composer", {**task, "command": "init", "verb": "pull"}),
        (9, 7, "composer:2.8.12", {**task, "command": "command", "verb": "run"}),
    ]
    assert {o.kind for o in find_references(tmp_path)} == {"shell"}
    assert [f.code for f in check(find_references(tmp_path), as_of=DAY)] == ["TS002"]


def test_an_image_a_task_builds_is_no_pull(tmp_path: Path) -> None:
    """`docker run` of the image the task's init built runs the build (one terminal)."""
    text = "tasks:\n  - init: docker build -t acme/app .\n    command: docker run --rm acme/app\n"
    (tmp_path / ".gitpod.yml").write_text(text)
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.22.2\n")
    [run] = [o for o in find_references(tmp_path) if o.path.endswith(".gitpod.yml")]
    assert (run.line, run.text, run.built is not None) == (3, "acme/app", True)
    assert check(find_references(tmp_path), as_of=DAY) == []


def test_a_task_s_env_is_its_scripts_environment(tmp_path: Path) -> None:
    """Gitpod sets a task's `env` in its terminal: `docker run $DB_IMAGE` runs that image."""
    text = "tasks:\n  - env:\n      DB_IMAGE: postgres:17.6\n    init: docker pull $DB_IMAGE\n"
    (tmp_path / ".gitpod.yml").write_text(text)
    assert [(o.line, o.text) for o in find_references(tmp_path)] == [(4, "postgres:17.6")]
