"""rocker (osrf/rocker): the image ``rocker [OPTIONS] IMAGE [COMMAND]`` starts from, and the one
``detect_docker_image_os IMAGE`` runs (survey 36f, a class session 35a left: 2 images of
osrf/rocker's CI missed)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tagsense import find_references
from tagsense.sources.builds._engine_commands import rocker_image

if TYPE_CHECKING:
    from pathlib import Path

# from osrf/rocker@abe51e08596960b5a55af0949c6d4f8983250cbb .github/workflows/basic-ci.yaml
# (shortened)
WORKFLOW = """\
name: Basic CI
on: [push]
jobs:
  basic_ci:
    runs-on: ubuntu-latest
    steps:
    - uses: actions/checkout@v4
    - name: Install Dependencies And Self
      run: |
        python -m pip install --upgrade pip setuptools wheel
        python -m pip install -e .
    - name: Check os_detector script
      run: |
        detect_docker_image_os ubuntu
    - name: Check detector help
      run: |
        detect_docker_image_os ubuntu -h
    - name: Check main runs
      run: |
        rocker ubuntu 'true'
    - name: Check rocker help
      run: |
        rocker -h
"""


def test_rocker_s_ci_runs_ubuntu_twice(tmp_path: Path) -> None:
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "basic-ci.yaml").write_text(WORKFLOW)
    found = find_references(str(tmp_path))
    assert [(str(each.reference), each.line) for each in found] == [
        ("docker.io/library/ubuntu", 14),
        ("docker.io/library/ubuntu", 20),
    ]
    assert {each.context.get("engine") for each in found} == {"rocker"}


def test_rocker_s_options_come_before_the_image(tmp_path: Path) -> None:
    # (a README's usage: the extensions' flags, an optional value, a list up to `--`)
    script = tmp_path / "run.sh"
    script.write_text(
        "#!/bin/bash\n"
        "rocker --nvidia --x11 --user --home --volume $PWD:/ws -- osrf/ros:noetic-desktop rviz\n"
        "rocker --network host --env A=1 B=2 --pull ros:jazzy-ros-base bash\n"
    )
    found = find_references(str(script))
    assert [str(each.reference) for each in found] == [
        "docker.io/osrf/ros:noetic-desktop",
        "docker.io/library/ros:jazzy-ros-base",
    ]


def test_an_option_rocker_does_not_ship_says_nothing() -> None:
    # (a third-party extension's option may take the next word: off-your-rocker's)
    assert rocker_image("rocker", ["--oyr-run-arg", "--gpus all", "ubuntu"], 1, 1) == []
    assert rocker_image("rocker", ["--nvidia", "ubuntu"], 1, 1) == []  # (argparse's `?`)
    assert rocker_image("rocker", ["--volume", "a:b", "ubuntu"], 1, 1) == []  # (all its own)
    assert rocker_image("rocker", ["--version"], 1, 1) == []


@given(st.lists(st.sampled_from(["--x11", "--nvidia", "--volume", "--", "a:b", "ubuntu",
                                 "-e", "X=1", "--name", "n", "-h", "true", "=", "--env=1"]),
                max_size=8))  # fmt: skip
def test_rocker_s_words_never_raise(words: list[str]) -> None:
    for pull in rocker_image("rocker", words, 1, 1):
        assert pull.image in words
