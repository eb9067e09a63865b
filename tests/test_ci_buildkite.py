"""Buildkite pipelines: the images command steps run in (``.buildkite/*.yml``)."""

from __future__ import annotations

import datetime
import os
import shutil
from pathlib import Path

import pytest
import yaml

from tagsense import check, find_references
from tagsense.sources.ci import scan_ci
from tagsense.sources.ci._buildkite_matrix import matrix_jobs

# ray-project/kuberay .buildkite/test-e2e.yml (its first steps; Ray's CI uploads each file of
# .buildkite/, a list of steps, each in the Kubernetes stack's `image:`).
KUBERAY = """\
- label: 'Test RayCluster and GCS E2E (nightly operator)'
  instance_size: large
  image: golang:1.26-bookworm
  commands:
    - source .buildkite/setup-env.sh
    - if [ -n "$${KUBERAY_TEST_RAY_IMAGE}" ]; then echo "Using $${KUBERAY_TEST_RAY_IMAGE}"; fi

- label: 'Test RayJob E2E (nightly operator)'
  instance_size: large
  image: golang:1.26-bookworm
  commands:
    - source .buildkite/setup-env.sh
"""

# The forms Buildkite documents: the pipeline's env filling ${NAME}, the docker plugin (by
# its short name and by its repository), the kubernetes plugin's podSpec, a group's steps,
# the pipeline's image as each step's default, and steps that run no container.
PIPELINE = """\
env:
  NODE: "22"
image: python:3.13.1
steps:
  - label: unit
    command: make test
    plugins:
      - docker#v5.12.0:
          image: node:${NODE}-alpine
  - wait
  - block: ":rocket: release?"
  - group: deploy
    steps:
      - label: chart
        command: make chart
        plugins:
          - buildkite-plugins/docker-buildkite-plugin#v5.12.0:
              image: alpine/helm:3.16.2
      - label: k8s
        command: make deploy
        plugins:
          - kubernetes:
              podSpec:
                containers:
                  - image: $REGISTRY/deployer:1.2.3
  - label: lint
    command: make lint
"""


def test_a_list_of_steps_runs_each_in_its_image() -> None:
    scan = scan_ci(KUBERAY, path=".buildkite/test-e2e.yml")
    assert scan.errors == ()
    assert [(o.line, o.column, o.text, dict(o.context)) for o in scan] == [
        (3, 10, "golang:1.26-bookworm",
         {"system": "buildkite", "step": "Test RayCluster and GCS E2E (nightly operator)",
          "field": "image"}),
        (10, 10, "golang:1.26-bookworm",
         {"system": "buildkite", "step": "Test RayJob E2E (nightly operator)", "field": "image"}),
    ]  # fmt: skip


def test_plugins_groups_and_the_pipeline_s_env_and_image() -> None:
    scan = scan_ci(PIPELINE, path=".buildkite/pipeline.yml")
    assert scan.errors == ()
    assert [(o.line, o.text, o.unresolved, o.context.get("field")) for o in scan] == [
        (3, "python:3.13.1", (), "image"),  # (the pipeline's image: unit's step)
        (9, "node:22-alpine", (), "plugins"),
        (18, "alpine/helm:3.16.2", (), "plugins"),
        (25, "$REGISTRY/deployer:1.2.3", ("REGISTRY",), "plugins"),
    ]


def test_a_buildkite_directory_s_other_files_give_nothing(tmp_path: Path) -> None:
    # kuberay keeps a Helm values file in .buildkite/ too: no steps, no images, no error.
    (tmp_path / ".git").mkdir()
    directory = tmp_path / ".buildkite"
    directory.mkdir()
    (directory / "test-e2e.yml").write_text(KUBERAY)
    (directory / "values-kuberay-operator-override.yaml").write_text(
        "image:\n  repository: kuberay/operator\n  tag: nightly\n"
    )
    found = find_references(os.fspath(tmp_path))
    assert [(os.path.basename(o.path or ""), o.line) for o in found] == [
        ("test-e2e.yml", 3), ("test-e2e.yml", 10)
    ]  # fmt: skip
    # (`tagsense check .buildkite`: its files are Buildkite's by their place)
    assert [o.line for o in find_references(os.fspath(directory))] == [3, 10]
    codes = {f.code for f in check(found, as_of=datetime.date(2026, 12, 4))}
    assert codes == {"TS004", "TS006"}  # (golang 1.26 floats; bookworm's regular support ended)


def test_a_default_of_a_name_nothing_sets_is_taken() -> None:
    # Buildkite interpolates on upload: ${NAME:-default} of a name neither the pipeline's env
    # nor Buildkite sets is its default; one Buildkite sets is the upload's.
    text = (
        "steps:\n  - command: make\n    plugins:\n      - docker#v5.12.0:\n"
        "          image: python:${PY:-3.13.1}-slim\n"
        "  - command: make\n    image: ruby:${BUILDKITE_RUBY:-3.3}\n"
    )
    found = [(o.text, o.unresolved) for o in scan_ci(text, system="buildkite")]
    assert found == [
        ("python:3.13.1-slim", ()),
        ("ruby:${BUILDKITE_RUBY:-3.3}", ("BUILDKITE_RUBY",)),
    ]


ELASTICSEARCH_PY = Path(__file__).parent / "data" / "realworld" / "elasticsearch-py-a5b15390"


def test_a_command_step_runs_the_project_s_script_with_its_env_and_matrix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # elastic/elasticsearch-py's .buildkite/pipeline.yml: one step over a matrix of Python
    # versions, `env: {PYTHON_VERSION: "{{ matrix.python }}", STACK_VERSION:
    # "9.6.0-SNAPSHOT"}`, `command: ./.buildkite/run-tests`. The script (no `.sh`) runs
    # run-elasticsearch.sh, which pulls elasticsearch:$STACK_VERSION, and run-repository.sh,
    # which builds .buildkite/Dockerfile (`FROM python:${PYTHON_VERSION}`) with the version.
    # Read alone, they said 8.0.0-SNAPSHOT and python:3.14, the scripts' own defaults.
    shutil.copytree(ELASTICSEARCH_PY, tmp_path, dirs_exist_ok=True)
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    for name in ("STACK_VERSION", "PYTHON_VERSION"):
        monkeypatch.delenv(name, raising=False)
    found = find_references(".")
    pulled = [o for o in found if o.path == os.path.join(".buildkite", "run-elasticsearch.sh")]
    assert [(o.text, o.context["run_by"]) for o in pulled] == [
        ("docker.elastic.co/elasticsearch/elasticsearch:9.6.0-SNAPSHOT",
         os.path.join(".buildkite", "run-tests") + ":22"),
    ]  # fmt: skip
    pythons = {o.text for o in found if o.path == os.path.join(".buildkite", "Dockerfile")}
    assert pythons == {f"python:3.{minor}" for minor in range(10, 15)}
    assert not any("{" in text for text in pythons)


@pytest.mark.parametrize(
    ("matrix", "jobs"),
    [
        ("['a', 'b']", [{"": "a"}, {"": "b"}]),
        ("{setup: ['a'], adjustments: [{with: 'b'}]}", [{"": "a"}, {"": "b"}]),
        (
            "{setup: {os: [linux, windows], arch: [amd64, arm64]},"
            " adjustments: [{with: {os: windows, arch: arm64}, skip: true},"
            " {with: {os: linux, arch: amd64}, soft_fail: true}]}",
            [{"os": "linux", "arch": "amd64"}, {"os": "linux", "arch": "arm64"},
             {"os": "windows", "arch": "amd64"}],
        ),
        ("{setup: {os: [{x: 1}]}}", []),
    ],
)  # fmt: skip
def test_the_jobs_of_a_build_matrix(matrix: str, jobs: list[dict[str, str]]) -> None:
    assert matrix_jobs(yaml.compose(matrix)) == jobs


def test_matrix_values_fill_a_plugin_s_image_not_the_step_s() -> None:
    # Buildkite puts them in command, env, plugins, agents and the label (its docs); a
    # plugin's image gets each job's, the step's own `image:` none.
    text = (
        "steps:\n  - command: make\n    matrix: ['3.12.8', '3.13.1']\n    plugins:\n"
        "      - docker#v5.12.0:\n          image: python:{{matrix}}-slim\n"
    )
    found = [(o.text, o.context.get("matrix")) for o in scan_ci(text, system="buildkite")]
    assert found == [("python:3.12.8-slim", {"": "3.12.8"}), ("python:3.13.1-slim", {"": "3.13.1"})]


def test_a_github_step_runs_a_program_of_the_project_without_sh(tmp_path: Path) -> None:
    # `- run: ./ci/run-tests` on the line of its key: a program (executable, `#!` of a shell)
    # run with the job's env, as a `run: |` block's is.
    (tmp_path / ".git").mkdir()
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "ci.yml").write_text(
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    env:\n"
        "      STACK_VERSION: '9.7.0'\n    steps:\n      - uses: actions/checkout@v4\n"
        "      - run: ./ci/run-tests\n"
    )
    script = tmp_path / "ci" / "run-tests"
    script.parent.mkdir()
    script.write_text('#!/usr/bin/env bash\ndocker pull "elasticsearch:${STACK_VERSION:-8.0.0}"\n')
    script.chmod(0o755)
    found = find_references(os.fspath(tmp_path))
    assert [o.text for o in found] == ["elasticsearch:9.7.0"]
