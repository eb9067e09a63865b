"""industrial_ci's container: ``DOCKER_IMAGE``, else the Ubuntu (or Debian) release of
``ROS_DISTRO`` (survey 35a).

``ros-industrial/industrial_ci`` runs a ROS package's build and tests in ``docker pull
$DOCKER_IMAGE``, by default ``$OS_NAME:$OS_CODE_NAME`` (``ros.sh`` maps each ROS distribution
to a release, ``env.sh`` makes a Debian codename's ``OS_NAME`` ``debian``). Its options are
the step's environment, and its ``config`` input. None of this was read: moveit2's
``ci.yaml``, ``sonar.yaml`` and ``prerelease.yaml``, moveit2_tutorials' ``ci.yaml``,
Universal_Robots_ROS2_Driver's four industrial_ci workflows and industrial_ci's own tests
named no image.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tagsense import find_references, parse_reference
from tagsense.sources.ci._industrial_ci import ROS_RELEASES, image_of

if TYPE_CHECKING:
    from pathlib import Path

# from UniversalRobots/Universal_Robots_ROS2_Driver@696e1a7b7f46edd7092c9a9237f33b526a981cf1
# .github/workflows/foxy-binary-build.yml (shortened)
FOXY = """\
name: Foxy Binary Build
on:
  schedule:
    - cron: '58 11 * * *'
jobs:
  foxy_binary:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        env:
          - {ROS_DISTRO: foxy, ROS_REPO: main}
          - {ROS_DISTRO: foxy, ROS_REPO: testing}
    env:
      IMMEDIATE_TEST_OUTPUT: true
    steps:
      - uses: actions/checkout@v7
      - uses: 'ros-industrial/industrial_ci@master'
        env: ${{matrix.env}}
"""

# from moveit/moveit2@8fcb5d2327767af3c764b1348a69a9b74c5efd18 .github/workflows/ci.yaml
# and prerelease.yaml (shortened)
MOVEIT = """\
on: push
jobs:
  default:
    strategy:
      matrix:
        env:
          - IMAGE: lyrical-ci-testing
            CCOV: true
          - IMAGE: humble-ci
    env:
      DOCKER_IMAGE: moveit/moveit2:${{ matrix.env.IMAGE }}
    runs-on: ubuntu-latest
    steps:
      - id: ici
        name: Run industrial_ci
        uses: ros-industrial/industrial_ci@master
        env: ${{ matrix.env }}
  prerelease:
    strategy:
      matrix:
        distro: [rolling]
    env:
      ROS_DISTRO: ${{ matrix.distro }}
      PRERELEASE: true
    runs-on: ubuntu-latest
    steps:
      - name: industrial_ci
        uses: ros-industrial/industrial_ci@master
"""

# from UniversalRobots/Universal_Robots_ROS2_Driver@696e1a7b7f46edd7092c9a9237f33b526a981cf1
# .github/workflows/reusable_ici.yml (shortened), called with each distribution
REUSABLE = """\
on:
  workflow_call:
    inputs:
      ros_distro:
        required: true
        type: string
jobs:
  reusable_ici:
    runs-on: ubuntu-latest
    steps:
      - uses: 'ros-industrial/industrial_ci@master'
        env:
          ROS_DISTRO: ${{ inputs.ros_distro }}
          OS_CODE_NAME: ${{ inputs.ros_distro == 'rolling' && 'resolute' || '' }}
"""
CALLER = """\
on: push
jobs:
  binary:
    strategy:
      matrix:
        ROS_DISTRO: [humble, rolling]
    uses: ./.github/workflows/reusable_ici.yml
    with:
      ros_distro: ${{ matrix.ROS_DISTRO }}
"""

# from ros-industrial/industrial_ci@c553397753252d630e88e7e91aa69c6c8a478ee0 action.yml and
# .github/workflows/main.yml (shortened): its own tests run the action at ./
ACTION = """\
name: 'ROS industrial_ci'
description: "Running various CI checks for ROS package repositories"
runs:
  using: 'node24'
  main: '.github/action.js'
"""
MAIN = """\
name: CI
on: push
jobs:
  ici:
    strategy:
      matrix:
        include:
          - {ROS_DISTRO: noetic, OS_NAME: debian, OS_CODE_NAME: buster}
          - {ROS_DISTRO: noetic, OS_NAME: debian, EXPECT_EXIT_CODE: 1}
          - {DOCKER_IMAGE: "ros:humble", EXPECT_EXIT_CODE: 2}
          - {ROS_DISTRO: kinetic, UPSTREAM_WORKSPACE: file}
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: './'
        with:
          config: ${{toJSON(matrix)}}
  isolated:
    env:
      ISOLATION: shell
    strategy:
      matrix:
        env:
          - {ROS_DISTRO: humble, UBUNTU: 22.04}
    runs-on: ubuntu-${{matrix.env.UBUNTU}}
    steps:
      - uses: './'
        env: ${{matrix.env}}
"""


def _workflows(root: Path, **files: str) -> None:
    (root / ".github" / "workflows").mkdir(parents=True)
    for name, text in files.items():
        (root / ".github" / "workflows" / f"{name}.yml").write_text(text)


def _images(root: Path) -> list[tuple[str, int, str]]:
    return sorted(
        (str(o.path).rpartition("/")[2], o.line, o.text)
        for o in find_references(str(root))
        if o.context.get("action") == "ros-industrial/industrial_ci"
    )


def test_the_release_of_ros_distro_from_a_matrix_mapping(tmp_path: Path) -> None:
    _workflows(tmp_path, foxy=FOXY)
    # (at the step's `env: ${{matrix.env}}`, where the options are given)
    assert _images(tmp_path) == [("foxy.yml", 18, "ubuntu:focal")]


def test_docker_image_and_a_prerelease(tmp_path: Path) -> None:
    _workflows(tmp_path, ci=MOVEIT)
    assert _images(tmp_path) == [
        ("ci.yml", 11, "moveit/moveit2:humble-ci"),
        ("ci.yml", 11, "moveit/moveit2:lyrical-ci-testing"),
        ("ci.yml", 23, "ros:noetic-ros-core"),
    ]


def test_a_called_workflow_s_inputs(tmp_path: Path) -> None:
    _workflows(tmp_path, reusable_ici=REUSABLE, ci=CALLER)
    assert _images(tmp_path) == [
        ("reusable_ici.yml", 13, "ubuntu:jammy"),
        ("reusable_ici.yml", 13, "ubuntu:resolute"),
    ]


def test_industrial_ci_s_own_tests_and_its_config_input(tmp_path: Path) -> None:
    _workflows(tmp_path, main=MAIN)
    (tmp_path / "action.yml").write_text(ACTION)
    # (a Debian codename is Debian's, and debian:focal no image; `ISOLATION: shell` runs in
    # the job's machine)
    assert _images(tmp_path) == [
        ("main.yml", 17, "debian:buster"),
        ("main.yml", 17, "ros:humble"),
        ("main.yml", 17, "ubuntu:xenial"),
    ]


def test_another_local_action_is_not_industrial_ci(tmp_path: Path) -> None:
    _workflows(tmp_path, main=MAIN)
    (tmp_path / "action.yml").write_text(ACTION.replace("ROS industrial_ci", "Lint"))
    assert _images(tmp_path) == []


def test_a_mapping_only_a_run_has_names_nothing(tmp_path: Path) -> None:
    _workflows(tmp_path, foxy=FOXY.replace("${{matrix.env}}", "${{ fromJSON(inputs.env) }}"))
    assert _images(tmp_path) == []


# from ros-industrial/industrial_ci@c553397753252d630e88e7e91aa69c6c8a478ee0 .gitlab-ci.yml
# (shortened)
GITLAB = """\
image: docker:24.0.5-git
services:
  - docker:24.0.5-dind
indigo:
  script: .industrial_ci/gitlab.sh
  variables:
    ROS_DISTRO: "indigo"
kinetic:
  script: .industrial_ci/gitlab.sh ROS_DISTRO=kinetic  # alternate syntax
humble:
  script: .industrial_ci/gitlab.sh
  variables:
    ROS_DISTRO: "humble"
    PRERELEASE: "true"
test_arm:
  script:
    - export DOCKER_DEFAULT_PLATFORM=linux/arm/v7
    - .industrial_ci/gitlab.sh DOCKER_IMAGE='arm32v7/ros:melodic-ros-core' EXPECT_EXIT_CODE=42
noetic:
  image: ros:noetic
  script: ./gitlab.sh
  variables:
    ISOLATION: shell
shell:
  script: .industrial_ci/gitlab.sh ROS_DISTRO=noetic ISOLATION=shell
"""


def test_the_gitlab_entry_script_s_container(tmp_path: Path) -> None:
    (tmp_path / ".gitlab-ci.yml").write_text(GITLAB)
    found = [
        (o.line, o.text)
        for o in find_references(str(tmp_path / ".gitlab-ci.yml"))
        if o.context.get("engine") == "industrial_ci"
    ]
    assert found == [
        (5, "ubuntu:trusty"),
        (9, "ubuntu:xenial"),
        (11, "ros:noetic-ros-core"),
        (18, "arm32v7/ros:melodic-ros-core"),
    ]


_NONE = dict.fromkeys(
    (
        "DOCKER_IMAGE",
        "DOCKER_BASE_IMAGE",
        "ROS_DISTRO",
        "OS_CODE_NAME",
        "OS_NAME",
        "ISOLATION",
        "PRERELEASE",
        "ABICHECK_URL",
        "CLANG_FORMAT_CHECK",
        "BLACK_CHECK",
    ),
    "",
)


@given(st.sampled_from(sorted(ROS_RELEASES)), st.sampled_from(["", "ubuntu"]))
def test_each_distribution_s_image_is_a_release_of_its_os(distro: str, os_name: str) -> None:
    image = image_of({**_NONE, "ROS_DISTRO": distro, "OS_NAME": os_name})
    assert image == f"ubuntu:{ROS_RELEASES[distro]}"
    assert parse_reference(image).tag == ROS_RELEASES[distro]
    # (an Ubuntu release is no Debian image)
    assert image_of({**_NONE, "ROS_DISTRO": distro, "OS_NAME": "debian"}) is None


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12))
def test_a_distribution_industrial_ci_does_not_know_names_nothing(distro: str) -> None:
    if distro not in ROS_RELEASES and distro != "false":
        assert image_of({**_NONE, "ROS_DISTRO": distro}) is None
