"""A Docker container action built from a Dockerfile outside its own directory names that
file as the scan finds it (survey 35a).

athackst/vscode_ros2_workspace's ``.github/actions/lint`` and ``.github/actions/test`` are
built from ``image: '../../../.devcontainer/Dockerfile'``: the dev container's Dockerfile was
read three times, as ``.devcontainer/Dockerfile`` and through each action's ``..`` path, and
its ``FROM althack/ros2:jazzy-full`` reported three times (two false TS003).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tagsense import check, find_references
from tagsense.sources.ci import referenced_dockerfiles

if TYPE_CHECKING:
    from pathlib import Path

# from athackst/vscode_ros2_workspace@619813b5aa981dc5291663e01623d0a7e5d57cd1
# .github/actions/lint/action.yml
LINT = """\
name: 'Lint'
description: 'Lint using devcontainer'
runs:
  using: 'docker'
  image: '../../../.devcontainer/Dockerfile'
  entrypoint: ".github/actions/lint/run.sh"
"""
# (its .devcontainer/Dockerfile, shortened)
DOCKERFILE = """\
ARG ROS_DISTRO=jazzy
ARG ROS_VARIANT=full
FROM althack/ros2:${ROS_DISTRO}-${ROS_VARIANT}
"""


def test_the_dockerfile_s_path_is_normalised() -> None:
    found = referenced_dockerfiles(LINT, path=".github/actions/lint/action.yml")
    assert [p.as_posix() for p in found] == [".devcontainer/Dockerfile"]


def test_the_dev_container_s_dockerfile_is_read_once(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    for name in ("lint", "test"):
        (tmp_path / ".github" / "actions" / name).mkdir(parents=True)
        (tmp_path / ".github" / "actions" / name / "action.yml").write_text(LINT)
    (tmp_path / ".devcontainer").mkdir()
    (tmp_path / ".devcontainer" / "Dockerfile").write_text(DOCKERFILE)
    found = find_references(str(tmp_path))
    assert [o.text for o in found] == ["althack/ros2:jazzy-full"]
    assert [f.code for f in check(found)] == ["TS003"]
