"""A CI step's build reads the build arguments a file of the project it sources sets
(survey 35a).

open-rmf/rmf_deployment_template's ``build-images.yaml`` runs ``. dockerfiles/build-args.sh``
then ``docker build -t $IMAGE $RMF_BUILD_ARGS dockerfiles/rmf``; the sourced file sets
``RMF_BUILD_ARGS="--build-arg=BUILDER=$BUILDER_IMAGE …"``. The build was read without it, so
``FROM $BUILDER`` (``ARG BUILDER`` with no default) was given no value: four false errors
"base name ($BUILDER) should not be blank" in four Dockerfiles. The image is the one the
``builder`` job builds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tagsense import check, find_references

if TYPE_CHECKING:
    from pathlib import Path

# from open-rmf/rmf_deployment_template@b4b448b0d32a4267f432e7c7a4415c6d2420f764
# .github/workflows/build-images.yaml (shortened)
WORKFLOW = """\
name: Build template images
on:
  push:
    branches: [main]
env:
  IMAGE_NS: ghcr.io/open-rmf/rmf_deployment_template/rmf-deployment
  IMAGE_TAG: ${{ github.sha }}
jobs:
  builder:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: build and push
        run: |
          IMAGE=$IMAGE_NS/builder:$IMAGE_TAG
          docker build -t $IMAGE dockerfiles/builder
          docker push $IMAGE
  rmf:
    runs-on: ubuntu-latest
    needs: builder
    steps:
      - uses: actions/checkout@v4
      - name: build and push
        run: |
          IMAGE=$IMAGE_NS/rmf:$IMAGE_TAG
          BUILDER_IMAGE=$IMAGE_NS/builder:$IMAGE_TAG
          . dockerfiles/build-args.sh
          docker build -t $IMAGE $RMF_BUILD_ARGS dockerfiles/rmf
"""
# (its dockerfiles/build-args.sh, without the options it reads)
BUILD_ARGS = """\
#!/bin/bash

ROS_DISTRO=jazzy
: ${BUILDER_IMAGE:=localhost/rmf/builder:latest}
RMF_BUILD_ARGS="--build-arg=BUILDER=$BUILDER_IMAGE --build-arg=ROS_DISTRO=$ROS_DISTRO"
"""
# (dockerfiles/rmf/Dockerfile and dockerfiles/builder/Dockerfile, shortened)
RMF = """\
ARG ROS_DISTRO="jazzy"
# must be an image built from rmf-deployment/builder
ARG BUILDER
FROM $BUILDER as build
"""
BUILDER = """\
ARG ROS_DISTRO="jazzy"
FROM docker.io/ros:$ROS_DISTRO
"""


def test_the_sourced_build_arguments_are_the_build_s(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "build-images.yaml").write_text(WORKFLOW)
    for name, text in (("rmf", RMF), ("builder", BUILDER)):
        (tmp_path / "dockerfiles" / name).mkdir(parents=True)
        (tmp_path / "dockerfiles" / name / "Dockerfile").write_text(text)
    (tmp_path / "dockerfiles" / "build-args.sh").write_text(BUILD_ARGS)
    rmf = str(tmp_path / "dockerfiles" / "rmf" / "Dockerfile")
    found = find_references(rmf)
    assert found.errors == ()
    (builder,) = found
    # (the builder job's image, with the tag a run gives)
    assert builder.text.startswith("ghcr.io/open-rmf/rmf_deployment_template/rmf-deployment/")
    assert builder.built is not None
    assert check(found) == []


# (the whole of its dockerfiles/build-args.sh: GNU getopt's option loop, which a step that
# sources it without words never enters; its ROS_DISTRO stays jazzy)
BUILD_ARGS_WITH_OPTIONS = """\
#!/bin/bash

ROS_DISTRO=jazzy
: ${BUILDER_IMAGE:=localhost/rmf/builder:latest}
RMF_INTERNAL_MSGS_COMMIT="main"

ARGS=$(getopt --options= --longoptions=ros-distro: --name="$0" -- "$@")
eval set -- "$ARGS"
while true; do
  case "$1" in
    --ros-distro)
      # override ros distro
      ROS_DISTRO="$2"
      shift 2
      ;;
    --)
      shift
      break
      ;;
  esac
done

RMF_BUILD_ARGS="--build-arg=BUILDER=$BUILDER_IMAGE --build-arg=ROS_DISTRO=$ROS_DISTRO"
"""
# (dockerfiles/rmf/Dockerfile, shortened: its two stages; the build's --build-arg wins over
# the default)
RMF_RUNTIME = """\
ARG ROS_DISTRO="jazzy"
# must be an image built from rmf-deployment/builder
ARG BUILDER
FROM $BUILDER as build
FROM ros:$ROS_DISTRO-ros-base
"""


def test_an_option_loop_of_the_sourced_file_leaves_its_defaults(tmp_path: Path) -> None:
    # Survey 36f (session 35a's class left): `ROS_DISTRO="$2"` in the `--ros-distro)` arm
    # made the variable a run's: 2 false TS011 (ros:-ros-base), 2 images missed.
    (tmp_path / ".git").mkdir()
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "build-images.yaml").write_text(WORKFLOW)
    for name, text in (("rmf", RMF_RUNTIME), ("builder", BUILDER)):
        (tmp_path / "dockerfiles" / name).mkdir(parents=True)
        (tmp_path / "dockerfiles" / name / "Dockerfile").write_text(text)
    (tmp_path / "dockerfiles" / "build-args.sh").write_text(BUILD_ARGS_WITH_OPTIONS)
    found = find_references(str(tmp_path / "dockerfiles" / "rmf" / "Dockerfile"))
    assert [str(each.reference) for each in found][1:] == ["docker.io/library/ros:jazzy-ros-base"]


def test_a_step_that_gives_the_sourced_file_words_leaves_the_option_a_run_s(
    tmp_path: Path,
) -> None:
    # (`. FILE --ros-distro humble`: the file's $1… are those words, not the step's none)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    given = WORKFLOW.replace(
        ". dockerfiles/build-args.sh", ". dockerfiles/build-args.sh --ros-distro $DISTRO"
    )
    (tmp_path / ".github" / "workflows" / "build-images.yaml").write_text(given)
    for name, text in (("rmf", RMF_RUNTIME), ("builder", BUILDER)):
        (tmp_path / "dockerfiles" / name).mkdir(parents=True)
        (tmp_path / "dockerfiles" / name / "Dockerfile").write_text(text)
    (tmp_path / "dockerfiles" / "build-args.sh").write_text(BUILD_ARGS_WITH_OPTIONS)
    found = find_references(str(tmp_path / "dockerfiles" / "rmf" / "Dockerfile"))
    assert "docker.io/library/ros:jazzy-ros-base" not in [str(each.reference) for each in found]
