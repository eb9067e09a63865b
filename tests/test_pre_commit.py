"""The pre-commit hook, run for real with `pre-commit try-repo` on a temporary git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="needs git"),
    pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs the tagsense git repository"),
]


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_the_hook_fails_on_latest_and_passes_on_a_digest(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit")
    project = tmp_path / "project"
    project.mkdir()
    git(project, "init", "-q")
    git(project, "config", "user.email", "test@example.invalid")
    git(project, "config", "user.name", "test")
    dockerfile = project / "Dockerfile"
    dockerfile.write_text("FROM ubuntu:latest\nRUN true\n")
    git(project, "add", "Dockerfile")
    env = os.environ | {"PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "tagsense", "--all-files"]

    failing = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    assert failing.returncode != 0, failing.stdout + failing.stderr
    assert "TS001" in failing.stdout
    assert "latest-tag" in failing.stdout

    digest = "sha256:" + "0" * 64
    dockerfile.write_text(f"FROM ubuntu:24.04@{digest}\nRUN true\n")
    git(project, "add", "Dockerfile")
    passing = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    assert passing.returncode == 0, passing.stdout + passing.stderr


def hook_files_pattern() -> str:
    import yaml

    (hook,) = [
        h
        for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
        if h["id"] == "tagsense"
    ]
    assert "types" not in hook and "types_or" not in hook  # they would leave out .tpl and .hcl
    return str(hook["files"])


@pytest.mark.parametrize(
    ("name", "passed"),
    [
        ("Dockerfile", True),
        ("app/Dockerfile.dev", True),
        ("app/Dockerfile-logstash", True),
        ("app/base.dockerfile", True),
        ("app/api.Containerfile", True),
        ("compose.yaml", True),
        (".gitlab-ci.yml", True),
        ("deploy/chart/templates/_helpers.tpl", True),
        ("deploy/chart/values.yaml", True),
        ("docker-bake.hcl", True),
        ("docker-bake.override.json", True),
        ("README.md", False),
        ("Dockerfiles.md", False),
        ("package.json", True),
        ("web/package.json", True),
        ("Makefile", True),
        ("build/common.mk", True),
        ("scripts/start_services.sh", True),
        ("package.json.bak", False),
        ("notes.tpl", False),
    ],
)
def test_the_hook_passes_the_files_tagsense_reads(name: str, passed: bool) -> None:
    import re

    from tagsense.sources.discover import kind_of_file

    assert (re.search(hook_files_pattern(), name) is not None) is passed
    if passed and not name.endswith(".tpl"):  # (a helper is read through its chart)
        assert kind_of_file(name) is not None


def test_the_hook_checks_a_chart_when_only_its_helpers_change(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit")
    project = tmp_path / "project"
    templates = project / "chart" / "templates"
    templates.mkdir(parents=True)
    git(project, "init", "-q")
    (project / "chart" / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 0.1.0\n")
    (project / "chart" / "values.yaml").write_text("image: {repository: nginx, tag: ''}\n")
    (templates / "_helpers.tpl").write_text(
        '{{- define "c.image" -}}{{ .Values.image.repository }}:'
        '{{ .Values.image.tag | default "latest" }}{{- end -}}\n'
    )
    (templates / "pod.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
        '    - name: c\n      image: {{ include "c.image" . }}\n'
    )
    git(project, "add", ".")
    env = os.environ | {"PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "tagsense"]
    only = [*command, "--files", "chart/templates/_helpers.tpl"]
    failing = subprocess.run(only, cwd=project, env=env, capture_output=True, text=True)
    assert failing.returncode != 0, failing.stdout + failing.stderr
    assert "TS001" in failing.stdout and "nginx:latest" in failing.stdout


def test_the_hook_reads_the_files_as_a_scan_of_the_repository_does(tmp_path: Path) -> None:
    # pre-commit names each file: a unit test's fixture that nothing builds is one note, and
    # a vendored file is left out, as in `tagsense check` of the repository (--force-exclude).
    pytest.importorskip("pre_commit")
    project = tmp_path / "project"
    (project / "pkg" / "parse" / "testdata").mkdir(parents=True)
    (project / "vendor" / "x").mkdir(parents=True)
    git(project, "init", "-q")
    (project / "pkg" / "parse" / "testdata" / "valid.Dockerfile").write_text("FROM alpine:3.14\n")
    (project / "vendor" / "x" / "Dockerfile").write_text("FROM ubuntu:latest\n")
    git(project, "add", ".")
    env = os.environ | {"PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "tagsense"]
    passing = subprocess.run(
        [*command, "--all-files", "--verbose"], cwd=project, env=env, capture_output=True, text=True
    )
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "pkg/parse/testdata: note: test data" in passing.stdout
    assert "TS00" not in passing.stdout
