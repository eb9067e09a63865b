"""Which reader a build file gets, and what importing costs (sources.builds)."""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from tagsense.sources.builds import (
    BUILD_FILE_NAMES,
    build_tool,
    is_build_file_name,
    read_build_file,
)

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.parametrize(
    ("name", "tool"),
    [
        ("skaffold.yaml", "skaffold"),
        ("deploy/skaffold.yml", "skaffold"),
        ("Tiltfile", "tilt"),
        ("docker-bake.hcl", "bake"),
        ("docker-bake.override.hcl", "bake"),
        ("docker-bake.json", "bake"),
        ("docker-bake.override.json", "bake"),
        (".ko.yaml", "ko"),
        (".ko.yml", "ko"),
        (".devcontainer.json", "devcontainer"),
        (".devcontainer/devcontainer.json", "devcontainer"),
        ("tiltfile", None),
        ("helpers.tiltfile", None),
        ("bake.hcl", None),
        ("ko.yaml", None),
        ("compose.yaml", None),
    ],
)
def test_names(name: str, tool: str | None) -> None:
    assert build_tool(name) == tool
    # (devcontainer.json is a build file by where it is, not by its name)
    assert is_build_file_name(name) == (tool is not None and not name.startswith(".devcontainer/"))


def test_every_name_has_a_tool() -> None:
    assert all(build_tool(name) for name in BUILD_FILE_NAMES)


def test_another_file_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "other.txt"
    path.write_text("x")
    (error,) = read_build_file(str(path)).scan.errors
    assert error.message.startswith("not a build tool's file")


def test_a_one_dockerfile_check_imports_no_build_reader(tmp_path: Path) -> None:
    # (The names of the tools' files are looked up, next to the Dockerfile and above it;
    # no reader is imported when there is no such file.)
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM alpine:3.20\n")
    program = (
        "import sys, tagsense\n"
        "from tagsense.cli import main\n"
        f"main(['check', {str(dockerfile)!r}])\n"
        "readers = ('skaffold', 'tilt', 'bake', 'ko', '_hcl', 'devcontainer', '_jsonc')\n"
        "loaded = [m for m in sys.modules if m.rpartition('.')[2] in readers or m == 'ast']\n"
        "print(loaded, file=sys.stderr)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
