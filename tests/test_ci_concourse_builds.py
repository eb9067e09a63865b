"""Concourse pipelines as build files: oci-build-task steps build the work tree's Dockerfiles,
and the images a job pushes are the project's own."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from tagsense import find_references
from tagsense.sources.ci._concourse_builds import read_concourse_builds

if TYPE_CHECKING:
    from pathlib import Path

# concourse/ci@cf710f0 (Apache-2.0; shortened): pipelines/concourse.yml's unit-image job builds
# ci/dockerfiles/unit with oci-build-task, its base image the golang-builder-image it fetched,
# and pipelines/container-dependencies.yml pushes that image.
CONCOURSE = """\
jobs:
  - name: unit-image
    plan:
      - in_parallel:
          - get: ci
          - get: oci-build-task
          - get: golang-builder-image
            params: { format: oci }
      - task: build
        image: oci-build-task
        privileged: true
        config:
          platform: linux
          params:
            CONTEXT: ci/dockerfiles/unit
            IMAGE_ARG_base_image: golang-builder-image/image.tar
            BUILD_ARG_GO_FLAGS: -race
          inputs: [{ name: ci }, { name: golang-builder-image }]
          outputs: [{ name: image }]
          run: { path: build }
      - put: unit-image
        params: { image: image/image.tar }
  - name: dev-image
    plan:
      - get: ci
      - get: golang-builder-image
      - task: build
        image: oci-build-task
        input_mapping: { base-image: golang-builder-image }
        file: ci/tasks/build-dev-image/task.yml
        params:
          IMAGE_ARG_base_image: base-image/oci
resources:
  - name: unit-image
    type: registry-image
    source: { repository: concourse/unit, tag: latest }
  - name: golang-builder-image
    type: registry-image
    source: { repository: concourse/golang-builder }
  - name: oci-build-task
    type: registry-image
    source: { repository: concourse/oci-build-task }
"""
DEPENDENCIES = """\
jobs:
  - name: golang-builder
    plan:
      - get: ci
      - task: build
        image: oci-build-task
        file: ci/tasks/build-golang-builder-image/task.yml
      - put: golang-builder-image
        params: { image: image/image.tar }
resources:
  - name: golang-builder-image
    type: registry-image
    source: { repository: concourse/golang-builder }
"""
# ci/tasks/build-dev-image/task.yml (shortened)
DEV_TASK = """\
platform: linux
params:
  DOCKERFILE: ci/tasks/build-dev-image/Dockerfile
  IMAGE_PLATFORM: linux/arm64,linux/amd64
run:
  path: build
"""
DOCKERFILE = "ARG base_image=concourse/golang-builder\nFROM ${base_image}\n"


def _tree(tmp_path: Path, *, pushed: bool) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pipelines").mkdir()
    (tmp_path / "pipelines" / "concourse.yml").write_text(CONCOURSE)
    if pushed:
        (tmp_path / "pipelines" / "container-dependencies.yml").write_text(DEPENDENCIES)
    (tmp_path / "dockerfiles" / "unit").mkdir(parents=True)
    (tmp_path / "dockerfiles" / "unit" / "Dockerfile").write_text(DOCKERFILE)
    (tmp_path / "tasks" / "build-dev-image").mkdir(parents=True)
    (tmp_path / "tasks" / "build-dev-image" / "task.yml").write_text(DEV_TASK)
    (tmp_path / "tasks" / "build-dev-image" / "Dockerfile").write_text(DOCKERFILE)


def test_oci_build_task_steps_build_the_work_tree_s_dockerfiles(tmp_path: Path) -> None:
    _tree(tmp_path, pushed=False)
    found = read_concourse_builds(os.fspath(tmp_path / "pipelines" / "concourse.yml"),
                                  max_bytes=1 << 20)  # fmt: skip
    builds = {os.path.relpath(build.dockerfile or "", tmp_path): build for build in found.builds}
    assert sorted(builds) == ["dockerfiles/unit/Dockerfile", "tasks/build-dev-image/Dockerfile"]
    unit = builds["dockerfiles/unit/Dockerfile"]
    assert dict(unit.args) == {"base_image": "concourse/golang-builder", "GO_FLAGS": "-race"}
    assert unit.site.tool == "concourse" and unit.site.line == 9
    dev = builds["tasks/build-dev-image/Dockerfile"]
    # (the step's input_mapping: base-image is the golang-builder-image it fetched)
    assert dict(dev.args) == {"base_image": "concourse/golang-builder"}
    assert dev.platforms == ("linux/arm64", "linux/amd64")
    assert [image.name for image in found.built] == ["concourse/unit"]


def test_a_base_image_another_pipeline_pushes_is_the_project_s_own(tmp_path: Path) -> None:
    _tree(tmp_path, pushed=False)
    found = find_references(os.fspath(tmp_path / "dockerfiles" / "unit" / "Dockerfile"))
    assert [(o.text, o.built) for o in found] == [("concourse/golang-builder", None)]
    pushed = tmp_path / "pipelines" / "container-dependencies.yml"
    pushed.write_text(DEPENDENCIES)
    found = find_references(os.fspath(tmp_path / "dockerfiles" / "unit" / "Dockerfile"))
    assert [o.text for o in found] == ["concourse/golang-builder"]
    site = found.occurrences[0].built
    assert site is not None and site.tool == "concourse"
    assert os.path.basename(site.path or "") == "container-dependencies.yml"


def test_an_image_arg_of_no_fetched_image_is_the_job_s_to_give(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "Dockerfile").write_text("ARG base\nFROM ${base}\n")
    (tmp_path / "ci.yml").write_text(
        "jobs:\n- name: j\n  plan:\n  - get: repo\n  - task: base\n    file: repo/base.yml\n"
        "  - task: build\n    config:\n      platform: linux\n"
        "      params: {CONTEXT: repo, IMAGE_ARG_base: image/image.tar}\n"
        "      run: {path: build}\n"
    )
    found = read_concourse_builds(os.fspath(tmp_path / "ci.yml"), max_bytes=1 << 20)
    assert [dict(build.unresolved) for build in found.builds] == [{"base": ("IMAGE_ARG_base",)}]


def test_a_step_of_another_repository_s_input_or_another_program_builds_nothing(
    tmp_path: Path,
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "ci.yml").write_text(
        "jobs:\n- name: j\n  plan:\n  - get: other\n  - task: build\n    config:\n"
        "      platform: linux\n      params: {CONTEXT: other/app}\n      run: {path: build}\n"
        "  - task: test\n    config:\n      platform: linux\n      params: {CONTEXT: .}\n"
        "      run: {path: make}\n"
    )
    assert read_concourse_builds(os.fspath(tmp_path / "ci.yml"), max_bytes=1 << 20).builds == ()
