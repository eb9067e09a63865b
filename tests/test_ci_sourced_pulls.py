"""A CI step that sources a file of the project and calls its function: the command the
function runs is written in that file, and is placed there.

koalaman/shellcheck's ``.github/workflows/build.yml`` deploys with ``( source
./.multi_arch_docker && set -eux && multi_arch_docker::main )``; the function runs ``docker
run --rm --privileged multiarch/qemu-user-static`` on line 7 of ``.multi_arch_docker``. The
pull was reported at line 7 of the workflow (its ``deploy:`` job's key), where a suppression
comment could not reach it. (The files below are shaped like those, shortened.)
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from tagsense import check, find_references
from tagsense.sources.ci import scan_ci

if TYPE_CHECKING:
    from pathlib import Path

LIBRARY = """\
#!/bin/bash
# Builds and pushes the images.

function docker_lib::install() {
  docker run --rm --privileged multiarch/qemu-user-static --reset -p yes
}

function docker_lib::main() {
  docker_lib::install
}
"""

WORKFLOW = """\
on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v6
      - name: Upload to Docker Hub
        run: |
          ( source ./docker_lib.sh && set -eux && docker_lib::main )
"""


def _project(tmp_path: Path, library: str = LIBRARY) -> Path:
    (tmp_path / ".git").mkdir(parents=True)
    (tmp_path / "docker_lib.sh").write_text(library)
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "build.yml").write_text(WORKFLOW)
    return workflows / "build.yml"


def test_the_pull_is_placed_in_the_sourced_file(tmp_path: Path) -> None:
    workflow = _project(tmp_path)
    scan = scan_ci(workflow.read_text(), path=str(workflow), root=tmp_path)
    [pull] = list(scan)
    assert (pull.path, pull.line, pull.column) == (str(tmp_path / "docker_lib.sh"), 5, 32)
    assert pull.text == "multiarch/qemu-user-static"
    assert pull.context["included_by"] == str(workflow)
    assert pull.context["job"] == "deploy"


def test_a_suppression_in_the_sourced_file_reaches_it(tmp_path: Path) -> None:
    day = datetime.date(2026, 12, 5)
    workflow = _project(tmp_path)
    [loud] = check(find_references(str(workflow)), as_of=day)
    assert (loud.code, loud.path, loud.line) == ("TS002", str(tmp_path / "docker_lib.sh"), 5)
    quiet = LIBRARY.replace("-p yes", "-p yes  # tagsense: ignore[TS002]")
    workflow = _project(tmp_path / "quiet", quiet)
    assert not check(find_references(str(workflow)), as_of=day)
