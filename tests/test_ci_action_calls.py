"""A repository's own composite actions read with the inputs their callers in it give.

GitHub's "Metadata syntax for GitHub Actions": a composite action's ``${{ inputs.NAME }}``
is the ``with:`` value of the step that uses it (``uses: ./.github/actions/NAME``), else the
input's default. Modelled on kyverno/kyverno's
``.github/actions/tests/conformance/run/action.yaml`` (``helm/kind-action`` with
``node_image: kindest/node:${{ inputs.k8s-version }}``), which
``.github/workflows/tests-conformance.yaml`` uses with ``k8s-version: ${{
matrix.k8s-version }}`` over three Kubernetes versions: read alone it gave TS011.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from tagsense import find_references
from tagsense.sources.ci import built_images, scan_ci

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

    from tagsense.sources import Scan

ACTION = """\
name: Runs E2E Tests
inputs:
  k8s-version:
    description: Kubernetes version
    required: true
  tests-path:
    default: '.'
  tool:
    default: '3.20.3'
runs:
  using: composite
  steps:
    - name: Create kind cluster
      uses: helm/kind-action@v1.14.0
      with:
        node_image: kindest/node:${{ inputs.k8s-version }}
        cluster_name: kind
    - shell: bash
      run: docker run --rm alpine:${{ inputs.tool }} true
    - shell: bash
      run: cd ./test/conformance/chainsaw/${{ inputs.tests-path }} && chainsaw test
"""

WORKFLOW = """\
on:
  workflow_call: {}
jobs:
  assert:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        k8s-version: [v1.33.7, v1.34.3, v1.35.1]
    steps:
      - uses: actions/checkout@v6
      - uses: ./.github/actions/tests/conformance/run
        with:
          k8s-version: ${{ matrix.k8s-version }}
          tests-path: assert
  autogen:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        k8s-version: [v1.33.7, v1.34.3, v1.35.1]
    steps:
      - uses: actions/checkout@v6
      - uses: ./.github/actions/tests/conformance/run
        with:
          k8s-version: ${{ matrix.k8s-version }}
          tests-path: autogen
          tool: '3.21.3'
"""

NODE_IMAGES = ["kindest/node:v1.33.7", "kindest/node:v1.34.3", "kindest/node:v1.35.1"]
ACTION_PATH = os.path.join(".github", "actions", "tests", "conformance", "run", "action.yaml")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def repository(root: Path, action: str = ACTION, **workflows: str) -> Path:
    for name, text in workflows.items():
        write(root / ".github" / "workflows" / f"{name}.yml", text)
    return write(root / ACTION_PATH, action)


def scan_file(path: Path) -> Scan:
    return scan_ci(path.read_text(), path=str(path))


def test_each_call_of_the_action_gives_its_inputs_the_callers_values(tmp_path: Path) -> None:
    action = repository(tmp_path, tests=WORKFLOW)
    scan = scan_file(action)
    assert not [o for o in scan if o.unresolved]
    assert [o.text for o in scan if o.kind == "ci"] == NODE_IMAGES
    # (the scripts too: the second job passes its own tool version, the first the default)
    assert sorted(o.text for o in scan if o.kind == "shell") == ["alpine:3.20.3", "alpine:3.21.3"]
    first = next(o for o in scan if o.kind == "ci")
    assert first.context["called_by"] == str(tmp_path / ".github" / "workflows" / "tests.yml")
    assert first.context["caller_job"] == "assert"
    assert first.context["caller_matrix"] == {"k8s-version": "v1.33.7"}


def test_calls_that_differ_only_in_inputs_that_pull_nothing_are_one_reading(
    tmp_path: Path,
) -> None:
    # (tests-path is used only by a script that pulls nothing: 6 calls, 3 readings)
    action = repository(tmp_path, tests=WORKFLOW.replace("          tool: '3.21.3'\n", ""))
    from tagsense.sources.ci._action_calls import action_readings

    readings = action_readings(str(action), 1 << 20)
    assert [r.inputs["k8s-version"] for r in readings] == ["v1.33.7", "v1.34.3", "v1.35.1"]


def test_an_action_nothing_calls_is_read_alone_as_before(tmp_path: Path) -> None:
    action = repository(tmp_path, other="on: push\njobs:\n  j:\n    runs-on: x\n    steps: []\n")
    unresolved = [o for o in scan_file(action) if o.unresolved]
    assert [o.text for o in unresolved] == ["kindest/node:${{ inputs.k8s-version }}"]


def test_an_action_called_through_another_composite_action(tmp_path: Path) -> None:
    outer = (
        "inputs:\n  version: {required: true}\nruns:\n  using: composite\n  steps:\n"
        "    - uses: ./.github/actions/tests/conformance/run\n"
        "      with:\n        k8s-version: ${{ inputs.version }}\n"
    )
    write(tmp_path / ".github" / "actions" / "e2e" / "action.yml", outer)
    caller = (
        "on: push\njobs:\n  e2e:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v6\n"
        "      - uses: ./.github/actions/e2e\n        with: {version: v1.34.3}\n"
    )
    action = repository(tmp_path, e2e=caller)
    assert [o.text for o in scan_file(action) if o.kind == "ci"] == ["kindest/node:v1.34.3"]


def test_an_action_published_for_others_is_read_alone_besides_its_calls(tmp_path: Path) -> None:
    # (an action.yml outside .github/ is used by other repositories with their own values)
    write(tmp_path / "action.yml", ACTION)
    caller = (
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v6\n"
        "      - uses: ./\n        with: {k8s-version: v1.35.1}\n"
    )
    write(tmp_path / ".github" / "workflows" / "test.yml", caller)
    texts = [o.text for o in scan_file(tmp_path / "action.yml") if o.kind == "ci"]
    assert texts == ["kindest/node:v1.35.1", "kindest/node:${{ inputs.k8s-version }}"]


def test_what_the_action_builds_takes_the_callers_values_and_depends_on_them(
    tmp_path: Path,
) -> None:
    action = (
        "inputs:\n  app: {required: true}\nruns:\n  using: composite\n  steps:\n"
        "    - shell: bash\n      run: docker build -t acme/${{ inputs.app }} .\n"
    )
    caller = (
        "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v6\n"
        "      - uses: ./.github/actions/tests/conformance/run\n        with: {app: api}\n"
    )
    path = repository(tmp_path, action, build=caller)
    built = built_images(path.read_text(), path=str(path))
    assert [image.name for image in built.built] == ["acme/api"]
    assert str(tmp_path / ".github" / "workflows" / "build.yml") in built.inputs


def test_one_action_checked_alone_reads_as_in_the_scan_of_its_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository(tmp_path, tests=WORKFLOW)
    monkeypatch.chdir(tmp_path)
    whole = [(o.line, o.text, o.context) for o in find_references(".") if o.path == ACTION_PATH]
    alone = [(o.line, o.text, o.context) for o in find_references(ACTION_PATH)]
    assert sorted(text for _, text, _ in whole if "kindest" in text) == NODE_IMAGES
    assert sorted(alone, key=repr) == sorted(whole, key=repr)


# espressif/esp-idf-ci-action, action.yml at 9d38657f (MIT; its inputs' descriptions left out):
# the image a published action runs is its inputs' defaults unless a caller says otherwise.
ESP_IDF_CI_ACTION = """\
name: "Espressif IoT Development Framework (ESP-IDF)"
inputs:
  path:
    default: ""
  esp_idf_version:
    default: "latest"
  esp_idf_docker_image:
    default: "espressif/idf"
  extra_docker_args:
    default: ""
  command:
    default: "idf.py build"
runs:
  using: "composite"
  steps:
    - run: |
        docker run -t \\
        -v "${GITHUB_WORKSPACE}:/app/${{ github.repository }}" \\
        -w "/app/${{ github.repository }}/${{ inputs.path }}" \\
        ${{ inputs.extra_docker_args }} \\
        ${{ inputs.esp_idf_docker_image }}:${{ inputs.esp_idf_version }} \\
        /bin/bash -c 'git config --global --add safe.directory "*" && ${{ inputs.command }}'
      shell: bash
"""


def test_an_action_read_alone_has_its_inputs_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (before, every input was a caller's: the image was unknown, and nothing was found)
    write(tmp_path / "action.yml", ESP_IDF_CI_ACTION)
    monkeypatch.chdir(tmp_path)
    assert [(o.line, o.text) for o in find_references("action.yml")] == [
        (17, "espressif/idf:latest")
    ]


def test_a_callers_matrix_of_the_outputs_of_the_jobs_it_needs(tmp_path: Path) -> None:
    # hashicorp/vault-helm's acceptance.yaml: a `versions` job's literal `outputs` (K8S_1:
    # "1.36.1"…) make the matrix of the job that needs it, whose step passes
    # `k8s-version: ${{ matrix.k8s-version }}` to .github/actions/acceptance-test, or passes an
    # output straight on (it gave TS011 and missed five kindest/node images).
    workflow = (
        "on: push\njobs:\n  versions:\n    runs-on: ubuntu-latest\n"
        "    steps: [{run: echo}]\n"
        '    outputs: {K8S_1: "v1.36.1", K8S_2: "v1.35.5", K8S_3: "v1.34.8"}\n'
        "  kind:\n    runs-on: ubuntu-latest\n    needs: versions\n"
        "    strategy:\n      matrix:\n        k8s-version:\n"
        "          - ${{ needs.versions.outputs.K8S_1 }}\n"
        "          - ${{ needs.versions.outputs.K8S_2 }}\n"
        "    steps:\n      - uses: ./.github/actions/tests/conformance/run\n"
        "        with: {k8s-version: '${{ matrix.k8s-version }}'}\n"
        "  straight:\n    runs-on: ubuntu-latest\n    needs: [versions]\n"
        "    steps:\n      - uses: ./.github/actions/tests/conformance/run\n"
        "        with: {k8s-version: '${{ needs.versions.outputs.K8S_3 }}'}\n"
    )
    action = repository(tmp_path, acceptance=workflow)
    scan = scan_file(action)
    assert not [o for o in scan if o.unresolved]
    assert sorted(o.text for o in scan if o.kind == "ci") == [
        "kindest/node:v1.34.8",
        "kindest/node:v1.35.5",
        "kindest/node:v1.36.1",
    ]


def test_each_step_s_local_action_is_read_once_for_the_callers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (databendlabs/databend: 40 composite actions, each named by many steps of many
    # workflows; each step's action was read and parsed again, 7-15 s a one-file check)
    from tagsense.sources.ci import _action_calls

    action = repository(tmp_path, tests=WORKFLOW, again=WORKFLOW)
    read: list[str] = []
    local_action = _action_calls.local_action

    def counted(uses: str, *args: object, **kwargs: object) -> object:
        read.append(uses)
        return local_action(uses, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(_action_calls, "local_action", counted)
    readings = _action_calls.action_readings(str(action), 1 << 20)
    assert len(readings) == 3 * 2  # (each workflow's calls, as before)
    assert read.count("./.github/actions/tests/conformance/run") == 1


# An action that a workflow calls through another action of the repository (databendlabs/
# databend's test actions each call `./.github/actions/setup_test`, and its 40 workflows call
# them): the outer one's readings are its callers'.
OUTER_ACTION = (
    "inputs:\n  version: {required: true}\nruns:\n  using: composite\n  steps:\n"
    "    - uses: ./.github/actions/tests/conformance/run\n"
    "      with:\n        k8s-version: ${{ inputs.version }}\n"
)
OUTER_CALLER = (
    "on: push\njobs:\n  e2e:\n    runs-on: ubuntu-latest\n    steps:\n"
    "      - uses: actions/checkout@v6\n"
    "      - uses: ./.github/actions/e2e\n        with: {version: VERSION}\n"
)


def test_a_scan_reads_each_workflow_of_the_callers_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (databend's 61 actions each read its 40 workflows again, and each action up a chain of
    # callers again: 42 s of CPU its .github, most of it parsing the same YAML)
    from tagsense.sources.ci import _action_calls

    write(tmp_path / ".github" / "actions" / "e2e" / "action.yml", OUTER_ACTION)
    repository(tmp_path, tests=WORKFLOW, e2e=OUTER_CALLER.replace("VERSION", "v1.36.1"))
    asked: list[str] = []
    readings = _action_calls.readings

    def counted(path: str, *args: object) -> object:
        asked.append(os.path.basename(path))
        return readings(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(_action_calls, "readings", counted)
    monkeypatch.chdir(tmp_path)
    found = find_references(".github")
    assert sorted(o.text for o in found if o.path == ACTION_PATH and o.kind == "ci") == sorted(
        [*NODE_IMAGES, "kindest/node:v1.36.1"]
    )
    assert sorted(asked) == ["e2e.yml", "tests.yml"]


def test_a_new_scan_reads_the_callers_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / ".github" / "actions" / "e2e" / "action.yml", OUTER_ACTION)
    caller = tmp_path / ".github" / "workflows" / "e2e.yml"
    repository(tmp_path, e2e=OUTER_CALLER.replace("VERSION", "v1.34.3"))
    monkeypatch.chdir(tmp_path)
    assert [o.text for o in find_references(ACTION_PATH) if o.kind == "ci"] == [
        "kindest/node:v1.34.3"
    ]
    write(caller, OUTER_CALLER.replace("VERSION", "v1.35.1"))
    assert [o.text for o in find_references(ACTION_PATH) if o.kind == "ci"] == [
        "kindest/node:v1.35.1"
    ]


def test_an_action_a_quick_look_passed_over_is_read_with_its_callers(tmp_path: Path) -> None:
    # (a caller is looked for only in files that name a local action, "./"; the action asked
    # for next, named by its real path, has none, and is still read whole)
    from tagsense.sources.ci._action_calls import action_readings

    plain = ACTION.replace("./test/conformance/chainsaw/", "test/conformance/chainsaw/")
    other = write(tmp_path / ".github" / "actions" / "other" / "action.yml", plain)
    workflow = OUTER_CALLER.replace("./.github/actions/e2e", "./.github/actions/other").replace(
        "version: VERSION", "k8s-version: v1.36.1"
    )
    action = repository(tmp_path, tests=WORKFLOW, other=workflow)
    assert os.path.realpath(other) == str(other)
    assert len(action_readings(str(action), 1 << 20)) == 3 * 2
    readings = action_readings(str(other), 1 << 20)
    assert [reading.inputs["k8s-version"] for reading in readings] == ["v1.36.1"]
