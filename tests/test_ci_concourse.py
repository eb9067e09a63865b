"""Concourse pipelines and task files: the images resources and tasks run in."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from tagsense import find_references
from tagsense.sources.ci import scan_ci
from tagsense.sources.ci._concourse import is_concourse_text

if TYPE_CHECKING:
    from pathlib import Path

# concourse/ci@cf710f0 pipelines/concourse.yml and container-dependencies.yml (Apache-2.0;
# shortened): resource types, an image the pipeline builds and pushes (and fetches back), an
# image only fetched, a task whose image is an artifact of the plan, an inline task config.
PIPELINE = """\
resource_types:
  - name: gcs
    type: registry-image
    source: { repository: frodenas/gcs-resource }

  - name: helm-chart
    type: registry-image
    source: { repository: linkyard/helm-chart-resource, tag: 2.17.0 }

  - name: unused-type
    type: registry-image
    source: { repository: dpb587/github-status-resource, tag: master }

resources:
  - name: chart
    type: helm-chart
    source: {}

  - name: archive
    type: gcs
    source: {}

  - name: unit-image
    type: registry-image
    source:
      repository: concourse/unit
      tag: latest
      username: ((docker.username))

  - name: vault-image
    type: registry-image
    source: { repository: hashicorp/vault, tag: "1.21" }

  - name: unused-image
    type: registry-image
    source: { repository: postgres }

  - name: mock-image
    type: registry-image
    source: { repository: concourse/mock-resource, semver_constraint: ((versions.mock)) }

  - name: concourse-image
    type: registry-image
    source: { repository: concourse/concourse, tag: ((concourse_image_tag)) }

jobs:
  - name: unit-image
    plan:
      - task: build
        config:
          platform: linux
          image_resource:
            type: registry-image
            source: { repository: concourse/oci-build-task }
            version:
              digest: "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
          run: { path: build }
      - put: unit-image
  - name: unit
    plan:
      - in_parallel:
          - get: unit-image
            trigger: true
          - get: vault
            resource: vault-image
          - get: concourse-image
          - get: mock-image
      - task: unit
        image: unit-image
        file: ci/tasks/unit/task.yml
"""


def test_a_pipeline_pulls_its_resource_types_fetched_images_and_task_images() -> None:
    assert is_concourse_text(PIPELINE)
    scan = scan_ci(PIPELINE, path="ci/pipelines/concourse.yml")
    assert scan.errors == ()
    digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    assert [(o.line, o.column, o.text, o.unresolved, o.context.get("field")) for o in scan] == [
        (4, 27, "frodenas/gcs-resource", (), "resource_types"),
        (8, 27, "linkyard/helm-chart-resource:2.17.0", (), "resource_types"),
        (32, 27, "hashicorp/vault:1.21", (), "resources"),
        (44, 27, "concourse/concourse:((concourse_image_tag))", ("concourse_image_tag",),
         "resources"),
        (54, 35, f"concourse/oci-build-task@{digest}", (), "image_resource"),
    ]  # fmt: skip
    # (unit-image is pushed by the pipeline: its own build; postgres no job fetches; nothing
    # is of unused-type, never fetched; the mock resource's tag is the newest its
    # semver_constraint allows: no reference)
    assert {o.context["system"] for o in scan} == {"concourse"}


# bosh-bootloader@9d40792 ci/tasks/bump-deployments/task.yml (Apache-2.0; shortened): a task
# file in a `tasks/` directory, which an Ansible role's would be.
TASK = """\
---
platform: linux

image_resource:
  type: registry-image
  source:
    repository: bosh/integration
    tag: main

inputs:
- name: bbl-ci

run:
  path: bbl-ci/ci/tasks/bump-deployments/task
"""


def test_a_task_file_is_told_by_its_shape_wherever_it_is(tmp_path: Path) -> None:
    assert is_concourse_text(TASK)
    assert not is_concourse_text("jobs:\n  test:\n    runs-on: ubuntu-latest\n")
    assert not is_concourse_text("jobs:\n- name: a\n  steps: []\n")
    assert not is_concourse_text("- name: install\n  apt: {name: docker}\n")
    tasks = tmp_path / "ci" / "tasks" / "bump-deployments"
    tasks.mkdir(parents=True)
    (tasks / "task.yml").write_text(TASK)
    found = find_references(os.fspath(tmp_path))
    assert [(o.line, o.text, o.kind) for o in found] == [(7, "bosh/integration:main", "ci")]


UNIT_TASK = """\
platform: linux
image_resource:
  type: registry-image
  source: { repository: concourse/unit }
run: { path: ci/tasks/scripts/unit }
"""

OTHER_TASK = """\
platform: linux
image_resource:
  type: registry-image
  source: { repository: concourse/unit }
run: { path: ci/tasks/scripts/other }
"""

FETCHING = """\
resources:
  - name: unit-image
    type: registry-image
    source: { repository: docker.io/concourse/unit }
jobs:
  - name: other
    plan:
      - get: unit-image
      - task: other
        file: ci/tasks/other/task.yml
"""


def test_the_work_tree_s_pipelines_decide_own_images_and_task_images(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    for name, text in (("unit", UNIT_TASK), ("other", OTHER_TASK)):
        (tmp_path / "tasks" / name).mkdir(parents=True)
        (tmp_path / "tasks" / name / "task.yml").write_text(text)
    (tmp_path / "pipelines").mkdir()
    (tmp_path / "pipelines" / "other.yml").write_text(FETCHING)
    found = find_references(os.fspath(tmp_path))
    assert [(os.path.relpath(o.path or "", tmp_path), o.text) for o in found] == [
        ("pipelines/other.yml", "docker.io/concourse/unit"),
        ("tasks/other/task.yml", "concourse/unit"),
        ("tasks/unit/task.yml", "concourse/unit"),
    ]
    # Once a pipeline runs the unit task in an image of its own, and pushes concourse/unit:
    (tmp_path / "pipelines" / "concourse.yml").write_text(PIPELINE)
    found = find_references(os.fspath(tmp_path))
    paths = {os.path.relpath(o.path or "", tmp_path) for o in found}
    assert "tasks/unit/task.yml" not in paths
    assert not any("concourse/unit" in o.text for o in found)


def test_a_key_given_twice_is_a_note_as_fly_takes_the_last() -> None:
    # (pivotal-cf/pcf-pipelines' install-pcf/openstack/tasks/upload-opsman/task.yml)
    task = "platform: linux\nparams:\n  CA:\n  CA:\nrun: {path: x}\n" + TASK.split("run:")[0]
    scan = scan_ci(task.replace("---\nplatform: linux\n", ""), path="task.yml")
    assert [o.text for o in scan] == ["bosh/integration:main"]
    assert [(error.line, error.note) for error in scan.errors] == [(4, True)]


# A pipeline in the shape of starkandwayne/concourse-tutorial@7b74935's ci/pipeline.yml, which
# `spruce merge` completes before fly: its image is grabbed from its own `meta`.
SPRUCE = """\
meta:
  name: (( param "Please name your pipeline" ))
  image:
    name: starkandwayne/concourse
    tag: latest
jobs:
- name: test
  plan:
  - task: test
    config:
      platform: linux
      image_resource:
        type: docker-image
        source:
          repository: (( grab meta.image.name ))
          tag: (( grab meta.image.tag ))
      run: {path: make}
  - task: other
    config:
      platform: linux
      image_resource:
        type: docker-image
        source: {repository: (( grab meta.name )), tag: (( grab meta.missing ))}
      run: {path: make}
"""


def test_spruce_grabs_take_the_file_s_own_values() -> None:
    scan = scan_ci(SPRUCE, path="ci/pipeline.yml")
    assert [(o.line, o.text, o.unresolved) for o in scan] == [
        (15, "starkandwayne/concourse:latest", ()),
        (23, "(( grab meta.name )):(( grab meta.missing ))",
         ("grab meta.name", "grab meta.missing")),
    ]  # fmt: skip


# concourse/ci@cf710f0 pipelines/reconfigure.yml and helm-prs.yml (Apache-2.0; shortened): the
# helm-prs pipeline is set twice, each time with its image's name and tag.
RECONFIGURE = """\
jobs:
  - name: reconfigure-pipelines
    plan:
      - get: pipelines-and-tasks
      - set_pipeline: helm-prs
        file: pipelines-and-tasks/pipelines/helm-prs.yml
        instance_vars: { branch: master }
        vars:
          concourse_image_name: concourse/concourse
          concourse_image_tag: latest
      - set_pipeline: helm-prs
        file: pipelines-and-tasks/pipelines/helm-prs.yml
        vars:
          concourse_image_name: concourse/concourse-rc
          concourse_image_tag: release-8.0
"""
HELM_PRS = """\
resources:
  - name: concourse-image
    type: registry-image
    source:
      repository: ((concourse_image_name))
      tag: ((concourse_image_tag))
jobs:
  - name: k8s-smoke
    plan:
      - get: concourse-image
"""


def test_a_pipeline_another_sets_takes_the_set_pipeline_step_s_vars(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pipelines").mkdir()
    (tmp_path / "pipelines" / "helm-prs.yml").write_text(HELM_PRS)
    found = find_references(os.fspath(tmp_path))
    assert [(o.text, bool(o.unresolved)) for o in found] == [
        ("((concourse_image_name)):((concourse_image_tag))", True)
    ]
    (tmp_path / "pipelines" / "reconfigure.yml").write_text(RECONFIGURE)
    found = find_references(os.fspath(tmp_path))
    assert [(o.text, o.line, bool(o.unresolved)) for o in found] == [
        ("concourse/concourse:latest", 5, False),
        ("concourse/concourse-rc:release-8.0", 5, False),
    ]
    # (an image a pipeline of the work tree pushes is its own: that setting gives no pull)
    (tmp_path / "pipelines" / "release.yml").write_text(
        "jobs:\n- name: rc\n  plan:\n  - put: rc\nresources:\n- name: rc\n"
        "  type: registry-image\n  source: {repository: concourse/concourse-rc}\n"
    )
    found = find_references(os.fspath(tmp_path))
    assert [o.text for o in found] == ["concourse/concourse:latest"]
