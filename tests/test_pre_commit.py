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
