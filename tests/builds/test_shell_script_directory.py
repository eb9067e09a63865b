"""A script read alone runs ``docker build -f Dockerfile`` from its own directory when its
context is placed from there (``${SCRIPT_DIR}/..``) and the file is there (survey 35a).

carla-simulator/ros-bridge's ``docker/build.sh`` runs ``docker build -t carla-ros-bridge:$ROS_DISTRO
-f Dockerfile ${SCRIPT_DIR}/.. --build-arg ROS_DISTRO=$ROS_DISTRO --build-arg
CARLA_VERSION=$CARLA_VERSION``; docker reads ``-f`` from where it runs, which can only be
``docker/``, where the Dockerfile is. The build was not tied to ``docker/Dockerfile``: its
``FROM carlasim/carla:$CARLA_VERSION`` and ``FROM ros:$ROS_DISTRO-ros-base`` were two false
TS011, and two images missed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tagsense import find_references

if TYPE_CHECKING:
    from pathlib import Path

# from carla-simulator/ros-bridge@e9063d97ff5a724f76adbb1b852dc71da1dcfeec docker/build.sh
BUILD = """\
#!/bin/sh

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

ROS_DISTRO="foxy"
CARLA_VERSION=$(cat ${SCRIPT_DIR}/../carla_ros_bridge/src/carla_ros_bridge/CARLA_VERSION)

while getopts r:c: flag
do
    case "${flag}" in
        r) ROS_DISTRO=${OPTARG};;
        c) CARLA_VERSION=${OPTARG};;
        *) error "Unexpected option ${flag}" ;;
    esac
done

docker build \\
    -t carla-ros-bridge:$ROS_DISTRO \\
    -f Dockerfile ${SCRIPT_DIR}/.. \\
    --build-arg ROS_DISTRO=$ROS_DISTRO \\
    --build-arg CARLA_VERSION=$CARLA_VERSION
"""
# (its docker/Dockerfile, shortened)
DOCKERFILE = """\
ARG CARLA_VERSION
ARG ROS_DISTRO

FROM carlasim/carla:$CARLA_VERSION as carla

FROM ros:$ROS_DISTRO-ros-base
"""


def _project(root: Path, dockerfile_in: str = "docker") -> Path:
    (root / ".git").mkdir()
    (root / "docker").mkdir()
    (root / "docker" / "build.sh").write_text(BUILD)
    (root / dockerfile_in).mkdir(exist_ok=True)
    (root / dockerfile_in / "Dockerfile").write_text(DOCKERFILE)
    version = root / "carla_ros_bridge" / "src" / "carla_ros_bridge"
    version.mkdir(parents=True)
    (version / "CARLA_VERSION").write_text("0.9.13\n")
    return root / dockerfile_in / "Dockerfile"


def test_the_dockerfile_beside_the_script_is_the_build_s(tmp_path: Path) -> None:
    dockerfile = _project(tmp_path)
    found = find_references(str(dockerfile))
    assert [(o.text, o.unresolved) for o in found] == [
        ("carlasim/carla:0.9.13", ()),
        ("ros:foxy-ros-base", ()),
    ]


def test_a_dockerfile_elsewhere_is_not(tmp_path: Path) -> None:
    # (no Dockerfile beside the script: `-f Dockerfile` names one a run's directory holds)
    dockerfile = _project(tmp_path, dockerfile_in="images")
    found = find_references(str(dockerfile))
    assert [o.unresolved for o in found] == [("CARLA_VERSION",), ("ROS_DISTRO",)]


# from GoogleContainerTools/kpt-functions-catalog@3df40d5acf6bca371daec93faed20172a346309c
# scripts/docker.sh (its repository's top, shortened; a build added that names it)
NESTED = """\
#! /bin/bash
repo_base=$(cd "$(dirname "$(dirname "$0")")" || exit ; pwd)
docker build -t acme/fn:v1 -f "${repo_base}/build/docker/go/Dockerfile" "${repo_base}"
"""


def test_the_directory_above_the_script_s_is_two_dirnames_of_it(tmp_path: Path) -> None:
    # Survey 36f: `$(dirname "$(dirname "$0")")` and `cd … || exit ; pwd` were a run's, so
    # no build of the script was tied to its Dockerfile.
    (tmp_path / ".git").mkdir()
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "docker.sh").write_text(NESTED)
    (tmp_path / "build" / "docker" / "go").mkdir(parents=True)
    (tmp_path / "build" / "docker" / "go" / "Dockerfile").write_text(
        "ARG BUILDER_IMAGE=golang:1.19-alpine3.15\nFROM $BUILDER_IMAGE\n"
    )
    from tagsense.sources.builds.shell import read_shell_script

    read = read_shell_script(str(tmp_path / "scripts" / "docker.sh"))
    assert [build.dockerfile for build in read.builds] == [
        str(tmp_path / "build" / "docker" / "go" / "Dockerfile")
    ]


# from FRRouting/frr@fbfc8222da75dff28696b0d17f257cdf0808ba21
# docker/ubi8-minimal/build.sh (shortened)
OWN_FILE_ANY_CONTEXT = """\
#!/bin/sh
UBI8_MINIMAL_VERSION=$1
if [ -z "$UBI8_MINIMAL_VERSION" ]; then
\tUBI8_MINIMAL_VERSION="latest"
fi
DOCKERFILE_PATH="$(dirname $(realpath $0))/Dockerfile"
docker build \\
\t--file="$DOCKERFILE_PATH" \\
\t--build-arg="UBI8_MINIMAL_VERSION=$UBI8_MINIMAL_VERSION" \\
\t--tag="frr:ubi8-minimal" \\
\t.
"""


def test_a_dockerfile_beside_the_script_is_built_whatever_the_context(tmp_path: Path) -> None:
    # Survey 45c: the context `.` is where a run starts, but `--file` names the Dockerfile
    # beside the script: its FROM lines take the script's build arguments wherever it runs.
    # The build was dropped: two false TS011 on UBI8_MINIMAL_VERSION, one image missed.
    (tmp_path / ".git").mkdir()
    image = tmp_path / "docker" / "ubi8-minimal"
    image.mkdir(parents=True)
    (image / "build.sh").write_text(OWN_FILE_ANY_CONTEXT)
    (image / "Dockerfile").write_text(
        "ARG UBI8_MINIMAL_VERSION\n"
        "FROM registry.access.redhat.com/ubi8/ubi-minimal:${UBI8_MINIMAL_VERSION} as builder\n"
    )
    found = find_references(str(image / "Dockerfile"))
    assert [(o.text, o.unresolved) for o in found] == [
        ("registry.access.redhat.com/ubi8/ubi-minimal:latest", ())
    ]


def test_a_dockerfile_a_run_places_is_still_not_built(tmp_path: Path) -> None:
    # (the same build with a relative `--file`: which Dockerfile is the run's to say)
    (tmp_path / ".git").mkdir()
    image = tmp_path / "docker" / "ubi8-minimal"
    image.mkdir(parents=True)
    script = OWN_FILE_ANY_CONTEXT.replace('"$DOCKERFILE_PATH"', "docker/ubi8-minimal/Dockerfile")
    (image / "build.sh").write_text(script)
    (image / "Dockerfile").write_text(
        "ARG UBI8_MINIMAL_VERSION\nFROM ubuntu:${UBI8_MINIMAL_VERSION}\n"
    )
    found = find_references(str(image / "Dockerfile"))
    assert [o.unresolved for o in found] == [("UBI8_MINIMAL_VERSION",)]
