"""Azure Pipelines of any name, and their templates (issue 12, points 3 and 4).

Azure DevOps runs a pipeline from whichever YAML file the project configures, and pipelines
split into templates (``- template: PATH`` with ``parameters:``). strimzi/strimzi-kafka-operator's
``.azure/build-pipeline.yaml`` includes a jobs template that includes a steps template whose
``bash:`` step runs ``docker run multiarch/qemu-user-static`` (tests/data/ci/azure/strimzi).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tagsense.sources import scan_paths
from tagsense.sources._azure_shape import is_azure_place, is_azure_text
from tagsense.sources.ci import included_files, scan_ci
from tagsense.sources.discover import discover

STRIMZI = Path(__file__).parent / "data" / "ci" / "azure" / "strimzi"
QEMU_LINE = 11  # (of install_docker.yaml, after the two lines saying where it is from)


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _found(scan: object) -> list[tuple[str, int, str, tuple[str, ...]]]:
    return [
        (os.path.basename(str(o.path)), o.line, o.text, o.unresolved)
        for o in scan  # type: ignore[attr-defined]
    ]


# --- the field case -------------------------------------------------------------------------


def test_strimzi_pipeline_reads_its_templates() -> None:
    pipeline = STRIMZI / ".azure" / "build-pipeline.yaml"
    # Named "build-pipeline.yaml": Azure's by its text, with no system named.
    scan = scan_ci(pipeline.read_text(), path=str(pipeline))
    assert [e for e in scan.errors if not e.note] == []
    steps = STRIMZI / ".azure" / "templates" / "steps" / "prerequisites" / "install_docker.yaml"
    assert [(o.path, o.line, o.column, o.kind, o.text) for o in scan] == [
        (str(steps), QEMU_LINE, 36, "shell", "multiarch/qemu-user-static")
    ]
    assert scan.occurrences[0].context["included_by"] == str(pipeline)
    templates = STRIMZI / ".azure" / "templates"
    assert included_files(pipeline) == {
        str(templates / "jobs" / "build" / "build_containers.yaml"),
        str(steps),
        str(templates / "steps" / "prerequisites" / "install_yq.yaml"),
    }


def test_strimzi_directory_and_one_template_alone_give_the_same_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    shutil.copytree(STRIMZI, tmp_path, dirs_exist_ok=True)
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    assert sorted(discover(["."])) == [
        (".azure/build-pipeline.yaml", "ci"),
        (".azure/templates/jobs/build/build_containers.yaml", "ci"),
        (".azure/templates/steps/prerequisites/install_docker.yaml", "ci"),
        (".azure/templates/steps/prerequisites/install_yq.yaml", "ci"),
    ]
    whole = scan_paths(["."])
    template = ".azure/templates/steps/prerequisites/install_docker.yaml"
    alone = scan_paths([template])
    for scan in (whole, alone):
        assert [(o.path, o.line, o.text) for o in scan] == [
            (template, QEMU_LINE, "multiarch/qemu-user-static")
        ]
        # Read through the pipeline that includes it, not alone.
        assert scan.occurrences[0].context["included_by"] == ".azure/build-pipeline.yaml"


# --- templates and parameters ---------------------------------------------------------------

PIPELINE = {
    "azure-pipelines.yml": (
        "parameters:\n- name: node\n  default: '20'\n"
        "jobs:\n"
        "- template: ci/job.yml\n"
        "  parameters:\n    image: node:${{ parameters.node }}-alpine\n    tool: alpine:3.20\n"
        "- template: /ci/job.yml\n"  # (from the repository's root: the same file, other values)
        "  parameters:\n    image: python:3.13\n    tool: busybox:1.37\n"
    ),
    "ci/job.yml": (
        "parameters:\n- name: image\n- name: tool\n  default: busybox:1.36\n"
        "jobs:\n- job: build\n  container: ${{ parameters.image }}\n"
        "  steps:\n  - template: steps/run.yml\n    parameters: {tool: '${{ parameters.tool }}'}\n"
    ),
    "ci/steps/run.yml": (
        "parameters:\n  tool: ''\nsteps:\n"
        "- bash: docker run --rm ${{ parameters.tool }} true\n  displayName: Run\n"
    ),
}


def test_a_template_is_read_with_the_parameters_its_includer_passes(tmp_path: Path) -> None:
    write(tmp_path, PIPELINE)
    (tmp_path / ".git").mkdir()
    main = tmp_path / "azure-pipelines.yml"
    scan = scan_ci(main.read_text(), path=str(main))
    assert list(scan.errors) == []
    assert sorted(_found(scan)) == [
        ("job.yml", 7, "node:20-alpine", ()),
        ("job.yml", 7, "python:3.13", ()),
        ("run.yml", 4, "alpine:3.20", ()),
        ("run.yml", 4, "busybox:1.37", ()),
    ]
    assert {o.context["included_by"] for o in scan} == {str(main)}


def test_a_template_nothing_includes_is_read_alone_with_its_defaults(tmp_path: Path) -> None:
    write(tmp_path, {name: text for name, text in PIPELINE.items() if name.startswith("ci/")})
    (tmp_path / ".git").mkdir()
    job = tmp_path / "ci" / "job.yml"
    scan = scan_ci(job.read_text(), path=str(job))
    # ``image`` has no default: only the includer could give it; ``tool`` has one.
    assert sorted(_found(scan)) == [
        ("job.yml", 7, "${{ parameters.image }}", ("parameters.image",)),
        ("run.yml", 4, "busybox:1.36", ()),
    ]


def test_conditions_another_repository_and_missing_files(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "azure-pipelines.yml": (
                "parameters:\n- name: gpu\n  type: boolean\n  default: false\n"
                "resources:\n  repositories:\n  - repository: shared\n    name: org/shared\n"
                "steps:\n"
                "- ${{ if eq(parameters.gpu, true) }}:\n  - template: gpu.yml\n"
                "- ${{ else }}:\n  - template: cpu.yml\n"
                "- template: steps.yml@shared\n"
                "- template: missing.yml\n"
            ),
            "gpu.yml": "steps:\n- script: docker pull nvidia/cuda:12.6.0-base-ubuntu24.04\n",
            "cpu.yml": "steps:\n- script: docker pull ubuntu:24.04\n",
        },
    )
    main = tmp_path / "azure-pipelines.yml"
    scan = scan_ci(main.read_text(), path=str(main))
    assert _found(scan) == [("cpu.yml", 2, "ubuntu:24.04", ())]
    assert [(e.line, e.note, e.message) for e in scan.errors] == [
        (14, True, "template 'steps.yml@shared' is in the repository 'shared', not this one; "
                   "not read"),
        (15, False, "template 'missing.yml': there is no such file in the repository"),
    ]  # fmt: skip


def test_extends_a_template(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "azure-pipelines.yml": (
                "trigger: [main]\nextends:\n  template: base.yml\n"
                "  parameters:\n    image: golang:1.23.4\n"
            ),
            "base.yml": (
                "parameters:\n- name: image\n  default: golang:1.22\n"
                "stages:\n- stage: build\n  jobs:\n  - job: go\n"
                "    container: ${{ parameters.image }}\n    steps:\n    - script: go build\n"
            ),
        },
    )
    main = tmp_path / "azure-pipelines.yml"
    scan = scan_ci(main.read_text(), path=str(main))
    assert [(o.context["job"], o.text) for o in scan] == [("go", "golang:1.23.4")]


def test_a_cycle_and_the_nesting_limit_are_errors(tmp_path: Path) -> None:
    chain = {f"t{n}.yml": f"steps:\n- template: t{n + 1}.yml\n" for n in range(25)}
    write(
        tmp_path,
        {
            "a.azure-pipelines.yml": "steps:\n- template: b.yml\n",
            "b.yml": "steps:\n- template: a.azure-pipelines.yml\n"
            "- script: docker run redis:7.4.1\n",
            "deep-azure-pipelines.yml": "steps:\n- template: t0.yml\n",
            **chain,
        },
    )
    main = tmp_path / "a.azure-pipelines.yml"
    scan = scan_ci(main.read_text(), path=str(main))
    assert _found(scan) == [("b.yml", 3, "redis:7.4.1", ())]
    assert [(os.path.basename(str(e.path)), e.line, e.message) for e in scan.errors] == [
        ("b.yml", 2, "template 'a.azure-pipelines.yml' includes itself (a cycle); not read again")
    ]
    deep = tmp_path / "deep-azure-pipelines.yml"
    scan = scan_ci(deep.read_text(), path=str(deep))
    assert [(os.path.basename(str(e.path)), e.message) for e in scan.errors] == [
        # (t0 … t19: 20 levels of templates in the pipeline)
        ("t19.yml", "template 't20.yml': more than 20 levels of templates in templates "
                    "(Azure's limit); not read")
    ]  # fmt: skip


# --- which files are Azure's -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("trigger: [main]\npool: {vmImage: ubuntu-latest}\nsteps:\n- script: make\n", True),
        ("steps:\n- task: DockerInstaller@0\n  inputs: {dockerVersion: 29.2.0}\n", True),
        ("parameters:\n- name: x\njobs:\n- job: a\n  steps:\n  - bash: make\n", True),
        ("stages:\n- template: stages.yml\n", True),
        ("extends:\n  template: base.yml\n", True),
        # A GitHub workflow: ``on``, and jobs a mapping.
        ("on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n    - run: make\n",
         False),
        # A GitLab file: stages are names, jobs are top-level keys.
        ("stages: [build]\nbuild:\n  stage: build\n  script: make\n", False),
        ("stages:\n- build\nvariables: {A: b}\n", False),
        # A Kubernetes manifest (a Tekton task has steps).
        ("apiVersion: tekton.dev/v1\nkind: Task\nspec:\n  steps:\n  - name: a\n    image: x\n",
         False),
        # Compose, Drone, Cloud Build.
        ("services:\n  web:\n    image: nginx:1.27\n", False),
        ("kind: pipeline\nsteps:\n- name: test\n  image: golang:1.23\n  commands: [go test]\n",
         False),
        ("steps:\n- name: gcr.io/cloud-builders/docker\n  args: [build, .]\n", False),
        # Steps with only a script and nothing of Azure's own: not enough.
        ("steps:\n- script: make\n", False),
    ],
)  # fmt: skip
def test_azures_shape(text: str, expected: bool) -> None:
    assert is_azure_text(text) is expected


def test_azure_places() -> None:
    assert is_azure_place("azure-pipelines.yaml")
    assert is_azure_place("ci/azure-pipelines-release.yml")
    assert is_azure_place("build/nightly.azure-pipelines.yml")
    assert is_azure_place(".pipelines/templates/steps/build.yml")
    assert is_azure_place(".azuredevops/ci.yaml")
    assert not is_azure_place("deploy/pipeline.yaml")
    assert not is_azure_place(".azure/notes.md")


def test_discovery_takes_azure_files_by_place_and_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    azure = "steps:\n- bash: docker run --rm alpine:3.20 true\n  displayName: Run\n"
    write(
        tmp_path,
        {
            ".azure/ci.yaml": azure,
            ".azure/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\n",
            ".azure/compose.yaml": "services:\n  web:\n    image: nginx:1.27\n",
            ".github/workflows/ci.yml": "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n"
            "    - run: make\n",
            "deploy/steps.yaml": azure,  # (not one of Azure's places: only when named)
        },
    )
    monkeypatch.chdir(tmp_path)
    assert sorted(discover(["."])) == [
        (".azure/ci.yaml", "ci"),
        (".azure/compose.yaml", "compose"),
        (".azure/deployment.yaml", "kubernetes"),
        (".github/workflows/ci.yml", "ci"),
        ("deploy/steps.yaml", "kubernetes"),
    ]
    assert discover(["deploy/steps.yaml"]) == [("deploy/steps.yaml", "ci")]
    named = scan_paths(["deploy/steps.yaml"])
    assert [(o.line, o.text, o.context["system"]) for o in named] == [(2, "alpine:3.20", "azure")]


def test_two_pipelines_give_each_text_of_a_template_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    steps = "- template: ../templates/run.yml\n  parameters: {image: %s}\n"
    write(
        tmp_path,
        {
            ".azure/pipelines/ci.yml": "trigger: [main]\nsteps:\n" + steps % "redis:7.4.1",
            ".azure/pipelines/nightly.yml": "pr: none\nsteps:\n"
            + steps % "redis:7.4.1"
            + steps % "redis:8.0.2",
            ".azure/templates/run.yml": "parameters:\n- name: image\nsteps:\n"
            "- script: docker run --rm ${{ parameters.image }} redis-cli --version\n",
        },
    )
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    template = ".azure/templates/run.yml"
    for scan in (scan_paths(["."]), scan_paths([template])):
        assert sorted((o.path, o.line, o.text) for o in scan) == [
            (template, 4, "redis:7.4.1"),
            (template, 4, "redis:8.0.2"),
        ]


def test_a_template_changed_or_made_later_is_read_again(tmp_path: Path) -> None:
    write(tmp_path, {"azure-pipelines.yml": "steps:\n- template: run.yml\n"})
    main = tmp_path / "azure-pipelines.yml"
    first = scan_ci(main.read_text(), path=str(main))
    assert [e.message for e in first.errors] == [
        "template 'run.yml': there is no such file in the repository"
    ]
    write(tmp_path, {"run.yml": "steps:\n- script: docker pull alpine:3.20\n"})
    assert _found(scan_ci(main.read_text(), path=str(main))) == [("run.yml", 2, "alpine:3.20", ())]
    write(tmp_path, {"run.yml": "steps:\n- script: docker pull alpine:3.21.2\n"})
    assert _found(scan_ci(main.read_text(), path=str(main))) == [
        ("run.yml", 2, "alpine:3.21.2", ())
    ]


# --- VSTS's names (PowerShell/PowerShell's .vsts-ci/) ------------------------------------------

# PowerShell/PowerShell, .vsts-ci/install-ps.yml and .vsts-ci/templates/install-ps-phase.yml
# (trimmed): VSTS's directory and `phases:`, the legacy `resources: [{repo: self}]`, a job
# template whose `container` a conditional insertion (`${{ if … }}:` over keys) puts in.
POWERSHELL = {
    ".vsts-ci/install-ps.yml": """\
trigger:
  batch: true
resources:
- repo: self
  clean: true
phases:
- template: templates/install-ps-phase.yml
  parameters:
    jobName: InstallPowerShellUbuntu
- template: templates/install-ps-phase.yml
  parameters:
    jobName: InstallPowerShellMariner2
    container: mcr.microsoft.com/powershell/test-deps:mariner-2.0
""",
    ".vsts-ci/templates/install-ps-phase.yml": """\
parameters:
  jobName: 'none'
  container: ''
jobs:
- job: ${{ parameters.jobName }}
  ${{ if ne(parameters.container, '') }}:
    container: ${{ parameters.container }}
  pool:
    vmImage: ubuntu-latest
  steps:
  - pwsh: Write-Host hi
    displayName: Capture Environment
""",
    # .vsts-ci/templates/test/nix-container-test.yml: a runtime variable that is a step's output
    ".vsts-ci/templates/nix-container-test.yml": """\
jobs:
- job: test
  variables:
    getContainerJob: $[ dependencies.getContainerJob.outputs['getContainerTask.containerName'] ]
  container: $[ variables.getContainerJob ]
  steps:
  - bash: make test
    displayName: Test
""",
}


def test_vsts_names_phases_and_a_conditional_container(tmp_path: Path) -> None:
    write(tmp_path, POWERSHELL)
    assert is_azure_place(".vsts-ci/install-ps.yml") and is_azure_place(".vsts-ci.yml")
    scan = scan_paths([tmp_path])
    assert [e.message for e in scan.errors if not e.note] == []
    assert sorted(_found(scan)) == [
        ("install-ps-phase.yml", 7, "mcr.microsoft.com/powershell/test-deps:mariner-2.0", ()),
        (
            "nix-container-test.yml",
            5,
            "$[ variables.getContainerJob ]",
            ("variables.getContainerJob",),  # (a run's: not an invalid "$[ … ]" name)
        ),
    ]
