"""The `tagsense-pin` pre-commit hook, run for real with `pre-commit try-repo` against the local
registry: it pins the files being committed and fails until they are added."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .conftest import Seeded

ROOT = Path(__file__).parents[2]

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="needs git"),
    pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs the tagsense git repository"),
]


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_the_pin_hook_pins_what_is_committed(registry: Seeded, tmp_path: Path) -> None:
    pytest.importorskip("pre_commit")
    project = tmp_path / "project"
    project.mkdir()
    git(project, "init", "-q")
    git(project, "config", "user.email", "test@example.invalid")
    git(project, "config", "user.name", "test")
    h = registry.host
    dockerfile = project / "Dockerfile"
    dockerfile.write_text(f"FROM {h}/library/python:3.12-slim\nRUN true\n")
    compose = project / "compose.yaml"
    compose.write_text(f"services:\n  db:\n    image: '{h}/library/redis:7.2'  # the cache\n")
    git(project, "add", "Dockerfile", "compose.yaml")
    env = os.environ | {
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "TAGSENSE_CACHE_DIR": str(tmp_path / "tagsense-cache"),
        "DOCKER_CONFIG": str(tmp_path / "docker"),
        "NO_COLOR": "1",
    }
    command = [
        sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "tagsense-pin", "--all-files",
    ]  # fmt: skip

    first = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    assert first.returncode != 0, first.stdout + first.stderr  # the files were modified
    assert "files were modified by this hook" in first.stdout
    python = registry.digest("library/python", "3.12-slim")
    redis = registry.digest("library/redis", "7.2")
    assert dockerfile.read_text() == f"FROM {h}/library/python:3.12-slim@{python}\nRUN true\n"
    assert compose.read_text() == (
        f"services:\n  db:\n    image: '{h}/library/redis:7.2@{redis}'  # the cache\n"
    )

    git(project, "add", "Dockerfile", "compose.yaml")
    second = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    assert second.returncode == 0, second.stdout + second.stderr

    # A reference that does not exist stops the commit, and says why.
    dockerfile.write_text(f"FROM {h}/library/python:3.99-nope\n")
    git(project, "add", "Dockerfile")
    third = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    assert third.returncode != 0
    assert "not-found" in third.stdout
    assert dockerfile.read_text() == f"FROM {h}/library/python:3.99-nope\n"
