"""Values a GitHub job's steps pass on: ``$GITHUB_ENV`` writes and the repository's own
composite actions (survey 17b).

- redis/go-redis's ``.github/workflows/build.yml`` maps the matrix's Redis version to a
  test image in a bash associative array and writes it to ``$GITHUB_ENV``; the next step
  runs ``make docker.start``, whose recipe exports it to ``docker compose up``
  (``docker-compose.yml``: ``image: ${CLIENT_LIBS_TEST_IMAGE:-…:8.10.0}``). Each leg pulls
  its own image; tagsense found only the compose file's default.
- libgit2/libgit2's jobs check the repository out to ``source`` and use
  ``./source/.github/actions/download-or-build-container``, a composite action whose first
  step writes ``dockerfile=${DOCKERFILE_ROOT}/${IMAGE_NAME}`` to ``$GITHUB_ENV`` and whose
  second runs ``docker build … ${BASE_ARG} -f ${{ env.dockerfile }} .`` from ``cd
  "$(git rev-parse --show-toplevel)"``: each leg builds ``ci/docker/<name>`` (a Dockerfile of
  no Dockerfile-like name) and pulls its ``ARG BASE`` default. None of the six was found.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest

from tagsense import find_references
from tagsense.sources.builds._shell_values import UNKNOWN
from tagsense.sources.builds.shell import ShellReader

if TYPE_CHECKING:
    from pathlib import Path

WORKFLOW = os.path.join(".github", "workflows", "ci.yml")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLIENT_LIBS_TEST_IMAGE", raising=False)
    return tmp_path


def texts(path: str) -> list[str]:
    return [o.text for o in find_references(".") if o.path == path]


# --- go-redis: an associative array, $GITHUB_ENV, make, compose ---------------------------

COMPOSE = """\
services:
  redis:
    image: ${CLIENT_LIBS_TEST_IMAGE:-redislabs/client-libs-test:8.10.0}
"""
# (go-redis's Makefile: the environment's value wins over `?=`, and the recipe exports it)
MAKEFILE = """\
CLIENT_LIBS_TEST_IMAGE ?= redislabs/client-libs-test:8.10.0

docker.start:
\texport CLIENT_LIBS_TEST_IMAGE=$(CLIENT_LIBS_TEST_IMAGE) && \\
\tdocker compose --profile all up -d --quiet-pull
"""
GO_REDIS = """\
on: push
jobs:
  benchmark:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        redis-version: ["8.6.x", "8.2.x"]
    steps:
      - uses: actions/checkout@v4
      - name: Setup Test environment
        env:
          REDIS_VERSION: ${{ matrix.redis-version }}
        run: |
          set -e
          redis_version_np=$(echo "$REDIS_VERSION" | grep -oP '^\\d+.\\d+')
          declare -A versions=(
            ["8.6.x"]="8.6.1"
            ["8.2.x"]="8.2.1-pre"
          )
          if [[ -v versions[$REDIS_VERSION] ]]; then
            echo "REDIS_VERSION=${redis_version_np}" >> $GITHUB_ENV
            echo "CLIENT_LIBS_TEST_IMAGE=redislabs/client-libs-test:${versions[$REDIS_VERSION]}" \\
              >> $GITHUB_ENV
          else
            echo "Version not found in the mapping."
            exit 1
          fi
        shell: bash
      - run: RUN
        shell: bash
"""
DEFAULT = "redislabs/client-libs-test:8.10.0"
LEGS = ["redislabs/client-libs-test:8.6.1", "redislabs/client-libs-test:8.2.1-pre"]


@pytest.mark.parametrize("run", ["make docker.start", "docker compose up -d"])
def test_go_redis_each_leg_pulls_the_image_its_step_writes(project: Path, run: str) -> None:
    write(project / "docker-compose.yml", COMPOSE)
    write(project / "Makefile", MAKEFILE)
    write(project / WORKFLOW, GO_REDIS.replace("RUN", run))
    assert texts("docker-compose.yml") == [DEFAULT, *LEGS]


def test_a_write_in_a_branch_that_may_not_run_over_a_value_is_a_run_s(project: Path) -> None:
    # (the job gives the variable a value: a write that may not happen leaves either)
    write(project / "docker-compose.yml", COMPOSE)
    workflow = GO_REDIS.replace("RUN", "docker compose up -d").replace("exit 1", "true")
    workflow = workflow.replace(
        "    steps:", "    env:\n      CLIENT_LIBS_TEST_IMAGE: redis:8.0.2\n    steps:"
    )
    write(project / WORKFLOW, workflow)
    assert texts("docker-compose.yml") == [DEFAULT]


def test_a_write_the_reader_cannot_read_is_a_run_s(project: Path) -> None:
    write(project / "docker-compose.yml", COMPOSE)
    workflow = GO_REDIS.replace("RUN", "docker compose up -d").replace(
        "exit 1", 'printf "CLIENT_LIBS_TEST_IMAGE=%s\\n" "$X" >> $GITHUB_ENV'
    )
    write(project / WORKFLOW, workflow)
    assert texts("docker-compose.yml") == [DEFAULT]


# --- libgit2: a local composite action, checked out to `source` --------------------------

ACTION = os.path.join(".github", "actions", "download-or-build-container", "action.yml")
LIBGIT2_ACTION = """\
name: Download or Build Container
inputs:
  container:
    required: true
  dockerfile:
    type: string
  base:
    type: string
  config-path:
    type: string
runs:
  using: 'composite'
  steps:
  - name: Download container
    run: |
      IMAGE_NAME="${{ inputs.container }}"
      DOCKERFILE_PATH="${{ inputs.dockerfile }}"
      DOCKERFILE_ROOT="${{ inputs.config-path }}"
      if [ "${DOCKERFILE_PATH}" = "" ]; then
        DOCKERFILE_PATH="${DOCKERFILE_ROOT}/${IMAGE_NAME}"
      else
        DOCKERFILE_PATH="${DOCKERFILE_ROOT}/${DOCKERFILE_PATH}"
      fi
      GIT_WORKTREE=$(cd "${GITHUB_ACTION_PATH}" && git rev-parse --show-toplevel)
      cd "${GIT_WORKTREE}"
      echo "dockerfile=${DOCKERFILE_PATH}" >> $GITHUB_ENV
      SHA=$(git log -1 --pretty=format:%h)
      echo "docker-registry-container-sha=ghcr.io/${GITHUB_REPOSITORY}/${IMAGE_NAME}:${SHA}" \\
        >> $GITHUB_ENV
      exists="true"
      docker pull ghcr.io/${GITHUB_REPOSITORY}/${IMAGE_NAME} || exists="false"
      if [ "${exists}" = "true" ]; then
        echo "docker-container-exists=true" >> $GITHUB_ENV
      else
        echo "docker-container-exists=false" >> $GITHUB_ENV
      fi
    shell: bash
  - name: Create container
    run: |
      if [ "${{ inputs.base }}" != "" ]; then
        BASE_ARG="--build-arg BASE=${{ inputs.base }}"
      fi
      GIT_WORKTREE=$(cd "${GITHUB_ACTION_PATH}" && git rev-parse --show-toplevel)
      cd "${GIT_WORKTREE}"
      docker build -t ${{ env.docker-registry-container-sha }} --build-arg UID=$(id -u) \\
        ${BASE_ARG} -f ${{ env.dockerfile }} .
    shell: bash
    working-directory: source/${{ inputs.config-path }}
    if: env.docker-container-exists != 'true'
"""
LIBGIT2 = """\
on: push
env:
  docker-config-path: ci/docker
jobs:
  build:
    strategy:
      matrix:
        platform:
        - container: {name: noble}
        - container:
            name: bionic-arm64
            dockerfile: bionic
            base: multiarch/ubuntu-core:arm64-bionic
    runs-on: ubuntu-latest
    steps:
    - uses: actions/checkout@v4
      with:
        path: source
    - name: Set up container
      uses: ./source/.github/actions/download-or-build-container
      with:
        config-path: ${{ env.docker-config-path }}
        container: ${{ matrix.platform.container.name }}
        dockerfile: ${{ matrix.platform.container.dockerfile }}
        base: ${{ matrix.platform.container.base }}
"""


def test_libgit2_composite_action_builds_each_leg_s_dockerfile(project: Path) -> None:
    write(project / ACTION, LIBGIT2_ACTION)
    write(project / WORKFLOW, LIBGIT2)
    for name in ("noble", "bionic"):
        write(project / "ci" / "docker" / name, f"ARG BASE=ubuntu:{name}\nFROM ${{BASE}} AS apt\n")
    assert texts(os.path.join("ci", "docker", "noble")) == ["ubuntu:noble"]
    # (the second leg passes its base: the Dockerfile's default is no pull of it)
    assert texts(os.path.join("ci", "docker", "bionic")) == ["multiarch/ubuntu-core:arm64-bionic"]


def test_a_composite_action_s_input_default_and_a_call_s_value(project: Path) -> None:
    action = """\
inputs:
  image:
    default: postgres:16.4
runs:
  using: composite
  steps:
    - run: docker run --rm ${{ inputs.image }} true
      shell: bash
"""
    write(project / ".github" / "actions" / "db" / "action.yml", action)
    steps = "    steps:\n      - uses: actions/checkout@v4\n      - uses: ./.github/actions/db\n"
    called = (
        steps + "      - uses: ./.github/actions/db\n        with:\n          image: redis:7.4.1\n"
    )
    write(project / WORKFLOW, "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n" + called)
    assert sorted(texts(os.path.join(".github", "actions", "db", "action.yml"))) == [
        "postgres:16.4",
        "redis:7.4.1",
    ]


# --- the shell reader ----------------------------------------------------------------------


def test_an_associative_array_s_element_by_a_known_key() -> None:
    reader = ShellReader({"V": "8.6.x"})
    reader.read('declare -A m=(\n  ["8.6.x"]="8.6.1"\n  [8.4.x]=8.4.0\n)\nm[8.2.x]=8.2.1\n')
    assert reader.expand("${m[$V]}") == "8.6.1"
    assert reader.expand("${m[8.2.x]}") == "8.2.1"
    assert reader.expand("${m[$OTHER]}") == UNKNOWN
    assert reader.expand("${m[9.0.x]}") == UNKNOWN  # (a key it lacks: tested for first)
    reader.read("declare -A n\nn[a]=$V\n")
    assert reader.expand("${n[a]}") == "8.6.x"


def test_a_test_of_an_empty_value_decides_its_branch() -> None:
    reader = ShellReader({"TAG": ""}, pulls=True)
    reader.read(
        'if [ -n "$TAG" ]; then docker pull a:1; fi\n'
        'if [ -z "$TAG" ]; then docker pull b:1; else docker pull c:1; fi\n'
        'if [ "$TAG" = "" ]; then docker pull d:1; fi\n'
    )
    assert [pull.image for pull in reader.pulls or []] == ["b:1", "d:1"]


def test_a_variable_set_only_in_a_skipped_branch_is_no_word() -> None:
    reader = ShellReader({})
    (build,) = reader.read(
        'if [ "" != "" ]; then\n  ARG="--build-arg BASE=x"\nfi\n'
        "docker build -t acme/app ${ARG} -f ci/docker/noble .\n"
    )
    assert (build.dockerfile, build.context, build.args) == ("ci/docker/noble", ".", ())


def test_cd_to_the_repository_s_top() -> None:
    reader = ShellReader({}, cwd="ci/docker", repository="")
    reader.read('TOP=$(cd "${GITHUB_ACTION_PATH}" && git rev-parse --show-toplevel)\ncd "$TOP"\n')
    assert reader.cwd == ""
    alone = ShellReader({}, cwd="ci")  # (a script's reader: where the top is, a run's)
    alone.read("cd $(git rev-parse --show-toplevel)/docker\n")
    assert alone.cwd is None


def test_a_value_set_after_or_or_and_may_be_either() -> None:
    # (libgit2: `exists=true`, `docker pull … || exists=false`: the test after is a run's)
    reader = ShellReader({}, pulls=True)
    reader.read(
        'exists="true"\ndocker login x || exists="false"\n'
        'if [ "$exists" != "false" ]; then docker pull a:1 || exists="false"; fi\n'
        'if [ "$exists" = "true" ]; then docker pull b:1; fi\n'
    )
    assert [pull.image for pull in reader.pulls or []] == ["a:1", "b:1"]


# --- arrow-adbc: a checkout at a `path`, `env ${OS@U}=…` before compose ----------------------

ARROW_ADBC = """\
on: push
jobs:
  source-verify-docker:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        include:
          - os: ubuntu
            version: "22.04"
          - os: ubuntu
            version: "24.04"
    steps:
      - uses: actions/checkout@v4
        with:
          path: arrow-adbc
      - name: Verify
        env:
          OS: ${{ matrix.os }}
          OS_VERSION: ${{ matrix.version }}
        run: |
          pushd arrow-adbc
          env ${OS@U}=${OS_VERSION} docker compose run --rm verify-all-${OS}
"""


def test_arrow_adbc_verify_jobs_pull_each_ubuntu(project: Path) -> None:
    # apache/arrow-adbc's nightly-verify.yml and compose.yaml (`image: ubuntu:${UBUNTU}`): the
    # steps start in the workspace, the checkout is `arrow-adbc` in it, and bash's `${OS@U}`
    # names the variable `env` gives compose.
    write(
        project / "compose.yaml", "services:\n  verify-all-ubuntu:\n    image: ubuntu:${UBUNTU}\n"
    )
    write(project / WORKFLOW, ARROW_ADBC)
    assert texts("compose.yaml") == ["ubuntu:22.04", "ubuntu:24.04"]
    # (no pushd: the workspace holds no compose.yaml, the run reads none)
    write(project / WORKFLOW, ARROW_ADBC.replace("pushd arrow-adbc\n", ""))
    assert texts("compose.yaml") == ["ubuntu:"]


def test_case_transformations() -> None:
    reader = ShellReader({"OS": "ubuntu", "X": UNKNOWN})
    assert [reader.expand(word) for word in ("${OS@U}", "${OS^^}", "${OS@u}", "${X@U}")] == [
        "UBUNTU",
        "UBUNTU",
        "Ubuntu",
        UNKNOWN,
    ]


# --- actions of a job: $GITHUB_ENV values and composite actions reach their inputs ----------

BUILD_WORKFLOW = """\
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "PY=3.12.8" >> "$GITHUB_ENV"
      - uses: docker/build-push-action@v6
        with:
          context: .
          build-args: PY=${{ env.PY }}
          tags: acme/app:1.0.0
"""


def test_a_build_step_s_argument_from_github_env(project: Path) -> None:
    write(project / "Dockerfile", "ARG PY=3.11.9\nFROM python:${PY}-slim\n")
    write(project / WORKFLOW, BUILD_WORKFLOW)
    assert texts("Dockerfile") == ["python:3.12.8-slim"]


def test_a_github_env_write_of_a_pipeline_that_reads_a_file(project: Path) -> None:
    # (krakend/krakend-ce's security workflow: the versions its Makefile says, by `grep | sed`
    # in a command substituted, passed to the build of its Dockerfile)
    write(project / "Makefile", "GOLANG_VERSION := 1.25.12\nALPINE_VERSION := 3.23\n")
    write(project / "Dockerfile", "ARG GOLANG_VERSION\nFROM golang:${GOLANG_VERSION}-alpine\n")
    write(
        project / WORKFLOW,
        BUILD_WORKFLOW.replace(
            'echo "PY=3.12.8" >> "$GITHUB_ENV"',
            "echo \"GOLANG_VERSION=$(grep -m 1 GOLANG_VERSION Makefile | sed 's/^.*= //g')\""
            " >> $GITHUB_ENV",
        ).replace("PY=${{ env.PY }}", "GOLANG_VERSION=${{ env.GOLANG_VERSION }}"),
    )
    assert texts("Dockerfile") == ["golang:1.25.12-alpine"]


def test_the_yq_action_s_command_writes_to_github_env_as_a_run_does(project: Path) -> None:
    # secureCodeBox/secureCodeBox's release build (survey s40e): `uses: mikefarah/yq` with
    # `cmd: echo scannerVersion=$(yq e .appVersion scanners/${{ matrix.scanner }}/Chart.yaml)
    # >> $GITHUB_ENV` (the action runs `eval "$1"` of its cmd in sh), then the build's
    # `scannerVersion=${{ env.scannerVersion }}`: 4 scanners' `FROM
    # aquasec/kube-hunter:${scannerVersion}` were reported unresolved (TS011).
    write(project / "scanners" / "hunter" / "Chart.yaml", "name: hunter\nappVersion: 0.6.8\n")
    write(project / "scanners" / "hunter" / "scanner" / "Dockerfile",
          "ARG scannerVersion\nFROM aquasec/kube-hunter:${scannerVersion}\n")  # fmt: skip
    write(
        project / WORKFLOW,
        """\
on: push
jobs:
  scanners:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        scanner: [hunter]
    steps:
      - uses: actions/checkout@v4
      - uses: mikefarah/yq@v4.45.1
        with:
          cmd: echo scannerVersion=$(yq e .appVersion scanners/${{ matrix.scanner }}/Chart.yaml) >> $GITHUB_ENV
      - uses: docker/build-push-action@v6
        with:
          context: ./scanners/${{ matrix.scanner }}/scanner
          build-args: scannerVersion=${{ env.scannerVersion }}
          tags: acme/scanner-${{ matrix.scanner }}:1.0.0
""",  # noqa: E501 (the workflow's own line)
    )
    dockerfile = os.path.join("scanners", "hunter", "scanner", "Dockerfile")
    assert texts(dockerfile) == ["aquasec/kube-hunter:0.6.8"]


def test_a_build_step_of_a_composite_action_with_the_call_s_input(project: Path) -> None:
    # (nats-io/nats-server's nightly-release action: a composite around build-push-action)
    action = """\
inputs:
  python:
    default: "3.11.9"
runs:
  using: composite
  steps:
    - uses: docker/build-push-action@v6
      with:
        context: .
        build-args: PY=${{ inputs.python }}
        tags: acme/app:1.0.0
"""
    write(project / ".github" / "actions" / "image" / "action.yml", action)
    write(project / "Dockerfile", "ARG PY=3.10.14\nFROM python:${PY}-slim\n")
    steps = (
        "    strategy:\n      matrix:\n        py: ['3.12.8', '3.13.1']\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - uses: ./.github/actions/image\n"
        "        with:\n          python: ${{ matrix.py }}\n"
    )
    write(project / WORKFLOW, "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n" + steps)
    assert sorted(texts("Dockerfile")) == ["python:3.12.8-slim", "python:3.13.1-slim"]


# --- a script's own directory, and the directories above it ---------------------------------


def test_a_build_from_the_repository_s_top_a_script_finds_above_itself(project: Path) -> None:
    # jaegertracing/jaeger's scripts/e2e/ui-reverse-proxy.sh: SCRIPT_DIR, REPO_ROOT two above
    # it, and a build of "${REPO_ROOT}/cmd/jaeger/Dockerfile" with its base image passed
    write(
        project / "cmd" / "jaeger" / "Dockerfile", "ARG base_image\nFROM $base_image AS release\n"
    )
    write(
        project / "scripts" / "e2e" / "ui.sh",
        'SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"\n'
        'REPO_ROOT="$(cd "${SCRIPT_DIR}/../.." && pwd)"\n'
        "docker build \\\n  --build-arg base_image=alpine:3.21 \\\n  -t jaeger-local:e2e \\\n"
        '  -f "${REPO_ROOT}/cmd/jaeger/Dockerfile" \\\n  "${REPO_ROOT}/cmd/jaeger/"\n',
    )
    # (its CI runs it: .github/workflows/ci-e2e-ui.yml)
    steps = "    steps:\n      - uses: actions/checkout@v4\n      - run: bash scripts/e2e/ui.sh\n"
    write(project / WORKFLOW, "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n" + steps)
    assert texts(os.path.join("cmd", "jaeger", "Dockerfile")) == ["alpine:3.21"]


def test_cd_and_pwd_of_a_directory_that_is_not_the_script_s_is_a_run_s() -> None:
    reader = ShellReader({"OTHER": "docs"}, cwd="", script="scripts/x.sh")
    reader.read('A="$(cd "${OTHER}/.." && pwd)"\nB="$(cd "$(dirname "$0")/../ci" && pwd)"\n')
    assert reader.variables["A"] == UNKNOWN
    reader.read('cd "$B"\n')
    assert reader.cwd == "ci"


def test_a_dockerfile_a_ci_step_builds_is_read_whatever_its_name(project: Path) -> None:
    # celery/celery's .github/workflows/docker.yml: `docker build -f t/smoke/workers/docker/dev .`
    write(project / "t" / "smoke" / "workers" / "docker" / "dev", "FROM python:3.13.1-bookworm\n")
    steps = (
        "    steps:\n      - uses: actions/checkout@v4\n"
        "      - run: docker build -f t/smoke/workers/docker/dev .\n"
    )
    write(project / WORKFLOW, "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n" + steps)
    assert texts(os.path.join("t", "smoke", "workers", "docker", "dev")) == [
        "python:3.13.1-bookworm"
    ]


@pytest.mark.parametrize(
    ("name", "command", "read"),
    [
        # influxdata/telegraf's Makefile: the Dockerfile on standard input
        ("Makefile", "ci:\n\tdocker build -t quay.io/influxdb/telegraf-ci:1.26.5 - < {}\n", True),
        ("Makefile", "ci:\n\tdocker build -f {} .\n", True),
        ("build.sh", 'cd "$(dirname "$0")"\ndocker build --file={} .\n', True),
        ("build.sh", 'cd "$(dirname "$0")"\n# docker build -f {} .\n', False),
        ("Makefile", "ci:\n\tcp {} /tmp/x\n", False),
    ],
)
def test_a_dockerfile_a_makefile_or_a_script_builds_is_read_whatever_its_name(
    project: Path, name: str, command: str, read: bool
) -> None:
    write(project / "scripts" / "ci.docker", "FROM golang:1.26.5\n")
    write(project / name, command.format("scripts/ci.docker"))
    assert texts(os.path.join("scripts", "ci.docker")) == (["golang:1.26.5"] if read else [])


@pytest.mark.parametrize(
    "dockerfile",
    [
        # cubefs/cubefs's docker/authnode: `docker build -t cfs1 -f Dockerfile1 .`
        "Dockerfile1",
        os.path.join("dockerfiles", "base"),
        # names discovery finds by themselves: read either way, once
        "Dockerfile.dev",
        "app.Dockerfile",
    ],
)
@pytest.mark.parametrize("builder", ["Makefile", "build.sh"])
def test_a_file_named_after_a_dockerfile_that_discovery_does_not_know_is_read_when_built(
    project: Path, dockerfile: str, builder: str
) -> None:
    """A path that says ``ockerfile`` is no sign discovery finds the file by its name:
    ``Dockerfile1`` is no Dockerfile's name, so the build that names it says it is one."""
    write(project / "docker" / dockerfile, "FROM ubuntu:24.04\n")
    command = f"docker build -t cfs1 -f {dockerfile.replace(os.sep, '/')} ."
    text = f"img:\n\t{command}\n" if builder == "Makefile" else f'cd "$(dirname "$0")"\n{command}\n'
    write(project / "docker" / builder, text)
    assert texts(os.path.join("docker", dockerfile)) == ["ubuntu:24.04"]


# --- prometheus-operator: a file of the repository appended to $GITHUB_ENV ---------------

# (prometheus-operator/prometheus-operator: .github/env, and the steps of
# .github/workflows/test-prom-version-upgrade.yaml and .github/actions/setup-e2e/action.yaml)
ENV_FILE = "golang-version=1.26\nkind-version=v0.32.0\nkind-image=kindest/node:v1.36.1\n"
KIND_WORKFLOW = """\
on: push
jobs:
  e2e:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Import environment variables from file
        run: |
          cat ".github/env" >> "$GITHUB_ENV"
          echo "E2E_DIAGNOSTIC_DIRECTORY=$(mktemp -d)" >> "$GITHUB_ENV"
      - uses: helm/kind-action@v1
        with:
          version: ${{ env.kind-version }}
          node_image: ${{ env.kind-image }}
      - run: docker run --rm ${{ env.kind-image }} true
"""
KIND_ACTION = """\
name: E2E Setup
runs:
  using: composite
  steps:
    - uses: actions/checkout@v4
    - run: cat .github/env >> $GITHUB_ENV
      shell: bash
    - uses: helm/kind-action@v1
      with:
        node_image: ${{ env.kind-image }}
"""


def test_a_file_a_step_appends_to_github_env_gives_later_steps_its_values(
    project: Path,
) -> None:
    write(project / ".github" / "env", ENV_FILE)
    write(project / WORKFLOW, KIND_WORKFLOW)
    assert texts(WORKFLOW) == ["kindest/node:v1.36.1", "kindest/node:v1.36.1"]


def test_a_local_composite_action_that_checks_the_repository_out_reads_its_files(
    project: Path,
) -> None:
    action = os.path.join(".github", "actions", "setup-e2e", "action.yaml")
    write(project / ".github" / "env", ENV_FILE)
    write(project / action, KIND_ACTION)
    assert texts(action) == ["kindest/node:v1.36.1"]


def test_a_write_of_no_named_variable_leaves_an_action_s_image_the_workflow_s(
    project: Path,
) -> None:
    # (docker/buildx's .github/workflows/e2e.yml, job bake: one leg's `envs`)
    write(
        project / WORKFLOW,
        """\
on: push
env:
  SETUP_BUILDKIT_IMAGE: moby/buildkit:v0.26.0
jobs:
  bake:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        include:
          - source: a
          - source: b
            envs: |
              BUILDKIT_REFS=v0.18.2
    steps:
      - uses: actions/checkout@v4
      - if: matrix.envs != ''
        run: |
          for l in "${{ matrix.envs }}"; do
            echo "${l?}" >> $GITHUB_ENV
          done
      - uses: docker/setup-buildx-action@v4
        with:
          driver-opts: image=${{ env.SETUP_BUILDKIT_IMAGE }}
""",
    )
    assert texts(WORKFLOW) == ["moby/buildkit:v0.26.0"]


@pytest.mark.parametrize(
    ("env_file", "checkout"),
    [
        (None, True),  # (not there: a step may make it)
        ("A<<EOF\nkindest/node:v1\nEOF\n", True),  # (a multi-line value: not read here)
        (ENV_FILE, False),  # (no checkout before the step: the file is not there)
    ],
)
def test_a_file_appended_to_github_env_that_is_not_read_leaves_any_variable_a_run_s(
    project: Path, env_file: str | None, checkout: bool
) -> None:
    if env_file is not None:
        write(project / ".github" / "env", env_file)
    text = KIND_WORKFLOW if checkout else KIND_WORKFLOW.replace("- uses: actions/checkout@v4", "")
    write(project / WORKFLOW, text)
    found = [o for o in find_references(".") if o.path == WORKFLOW]
    assert [o.text for o in found] == ["${{ env.kind-image }}"]


# --- ingress-nginx: $(cat FILE) of a file of the project -----------------------------------

# (kubernetes/ingress-nginx: .github/workflows/ci.yaml, `export TAGNGINX=$(cat
# images/nginx/TAG)`, `echo "GOLANG_VERSION=$(cat GOLANG_VERSION)" >> $GITHUB_ENV`;
# test/e2e/run-e2e-suite.sh, `NGINX_BASE_IMAGE=$(cat $BASEDIR/../../NGINX_BASE)`)


def test_a_command_substituted_that_prints_a_file_of_the_project(project: Path) -> None:
    write(project / "images" / "nginx" / "TAG", "v2.2.9\n")
    write(project / "GOLANG_VERSION", "1.26.1\n")
    write(project / "NOTES", "two words\n")
    reader = ShellReader(cwd="", files="")
    reader.read(
        "export TAGNGINX=$(cat images/nginx/TAG)\nGO=$(< GOLANG_VERSION)\n"
        "QUIET=$(cat GOLANG_VERSION 2>/dev/null)\nNOTES=$(cat NOTES)\n"
        "MISSING=$(cat VERSION)\nMACHINE=$(cat /etc/hostname)\nUP=$(cat ../TAG)\n"
    )
    assert {name: reader.variables[name] for name in ("TAGNGINX", "GO", "QUIET")} == {
        "TAGNGINX": "v2.2.9",
        "GO": "1.26.1",
        "QUIET": "1.26.1",
    }
    for name in ("NOTES", "MISSING", "MACHINE", "UP"):
        assert UNKNOWN in reader.variables[name], name


def test_a_ci_step_s_cat_of_a_file_reaches_github_env_and_its_builds(project: Path) -> None:
    write(project / "GOLANG_VERSION", "1.26.1\n")
    write(project / "images" / "nginx" / "TAG", "v2.2.9\n")
    write(project / "Dockerfile", "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n")
    write(
        project / WORKFLOW,
        """\
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "GOLANG_VERSION=$(cat GOLANG_VERSION)" >> $GITHUB_ENV
      - run: docker run --rm golang:${{ env.GOLANG_VERSION }} go version
      - run: |
          export TAGNGINX=$(cat images/nginx/TAG)
          docker build --build-arg BASE_IMAGE=registry.k8s.io/ingress-nginx/nginx:${TAGNGINX} .
""",
    )
    assert texts(WORKFLOW) == ["golang:1.26.1"]
    assert texts("Dockerfile") == ["registry.k8s.io/ingress-nginx/nginx:v2.2.9"]


def test_a_script_s_cat_of_a_file_beside_it(project: Path) -> None:
    script = os.path.join("test", "e2e", "run-e2e-suite.sh")
    write(project / "NGINX_BASE", "registry.k8s.io/ingress-nginx/nginx:v2.2.8\n")
    write(
        project / script,
        '#!/bin/bash\nBASEDIR=$(dirname "$0")\n'
        "NGINX_BASE_IMAGE=$(cat $BASEDIR/../../NGINX_BASE)\n"
        'docker run --rm "${NGINX_BASE_IMAGE}" nginx -v\n',
    )
    assert texts(script) == ["registry.k8s.io/ingress-nginx/nginx:v2.2.8"]


# --- livebook: a step sources the repository's versions file, then writes $GITHUB_ENV -------

LIVEBOOK_WORKFLOW = """\
on: push
jobs:
  docker:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v6
      - run: |
          . versions
          echo "elixir=$elixir" >> $GITHUB_ENV
          echo "otp=$otp" >> $GITHUB_ENV
          echo "ubuntu=$ubuntu" >> $GITHUB_ENV
      - uses: docker/build-push-action@v6
        with:
          context: .
          push: true
          tags: ghcr.io/livebook-dev/livebook:latest
          build-args: |
            BASE_IMAGE=hexpm/elixir:${{ env.elixir }}-erlang-${{ env.otp }}-ubuntu-${{ env.ubuntu }}
      - run: docker run --rm hexpm/elixir:${{ env.elixir }}-erlang-${{ env.otp }}-alpine-3.20.0 true
"""


def test_a_step_s_sourced_file_gives_what_it_writes_to_github_env(project: Path) -> None:
    # (livebook-dev/livebook's release.yml: 2 false TS011 "hexpm/elixir:" and the base missed)
    write(project / "versions", 'elixir="1.20.1"\notp="28.1.1"\nubuntu="noble-20260509.1"\n')
    write(project / "Dockerfile", "ARG BASE_IMAGE\nFROM ${BASE_IMAGE} AS base\n")
    write(project / WORKFLOW, LIVEBOOK_WORKFLOW)
    assert texts("Dockerfile") == ["hexpm/elixir:1.20.1-erlang-28.1.1-ubuntu-noble-20260509.1"]
    assert texts(WORKFLOW) == ["hexpm/elixir:1.20.1-erlang-28.1.1-alpine-3.20.0"]


def test_a_sourced_file_that_is_not_there_leaves_the_writes_a_run_s(project: Path) -> None:
    write(project / "Dockerfile", "ARG BASE_IMAGE\nFROM ${BASE_IMAGE} AS base\n")
    write(project / WORKFLOW, LIVEBOOK_WORKFLOW)
    (found,) = [o for o in find_references(".") if o.path == "Dockerfile"]
    assert found.unresolved and "env.elixir" in found.unresolved


def test_a_sourced_file_is_not_read_before_the_repository_is_checked_out(project: Path) -> None:
    write(project / "versions", 'elixir="1.20.1"\notp="28.1.1"\nubuntu="noble-20260509.1"\n')
    write(project / "Dockerfile", "ARG BASE_IMAGE\nFROM ${BASE_IMAGE} AS base\n")
    write(project / WORKFLOW, LIVEBOOK_WORKFLOW.replace("      - uses: actions/checkout@v6\n", ""))
    (found,) = [o for o in find_references(".") if o.path == "Dockerfile"]
    assert found.unresolved


# --- hyperledger/fabric: an awk program that prints its NAME= ------------------------------

# hyperledger/fabric, .github/workflows/release.yml (trimmed; Apache-2.0): the step before
# the build writes GO_VER alone, so the workflow's UBUNTU_VER is still 24.04 (6 false TS011)
FABRIC_RELEASE = """\
on: push
env:
  UBUNTU_VER: 24.04
jobs:
  build-and-push-docker-images:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - name: Set GO_VER environment variable from go.mod
        run: |
          AWK
      - name: Build and push peer Image
        uses: docker/build-push-action@v6
        with:
          context: .
          file: images/peer/Dockerfile
          build-args: |
            UBUNTU_VER=${{ env.UBUNTU_VER }}
            GO_VER=${{ env.GO_VER }}
"""
FABRIC_AWK = (
    'awk \'/^go[ /t]/ { gsub(/^go[ \\t]+|[ \\t]+^/, ""); print "GO_VER="$0; exit }\' '
    '< go.mod >> "${GITHUB_ENV}"'
)
PEER_DOCKERFILE = """\
ARG UBUNTU_VER
FROM ubuntu:${UBUNTU_VER}
"""


@pytest.mark.parametrize(
    ("awk", "expected"),
    [
        (FABRIC_AWK, "ubuntu:24.04"),
        # (each statement prints its own NAME=: still only those)
        ('awk \'{ print "A="$1; printf("B=%s\\n", $2) }\' v >> $GITHUB_ENV', "ubuntu:24.04"),
        # a statement that prints what the input says may write any variable
        ("awk '{ print $0 }' versions.env >> $GITHUB_ENV", "ubuntu:"),
        ("awk '/=/ { print \"X=1\"; print $0 }' v.env >> $GITHUB_ENV", "ubuntu:"),
    ],
)
def test_an_awk_program_writes_the_names_it_prints(project: Path, awk: str, expected: str) -> None:
    write(project / "images" / "peer" / "Dockerfile", PEER_DOCKERFILE)
    write(project / WORKFLOW, FABRIC_RELEASE.replace("AWK", awk))
    assert texts(os.path.join("images", "peer", "Dockerfile")) == [expected]


# Lissy93/web-check's .github/workflows/docker.yml (MIT), cut down (survey 30b): the tags
# step writes the image's name to $GITHUB_ENV in branches on the ref, `latest` on the
# default branch and the git tag's name on a tag; the build step pushes `${{ env.GHCR_TAG }}`
# and `${{ env.DOCKERHUB_TAG }}`, and the self-hosting docker-compose.yml runs
# `image: lissy93/web-check` (a false TS002 before: the project's own release).
WEB_CHECK = """\
on:
  push:
    branches: [master]
    tags: ['*']
env:
  IMAGE_NAME: web-check
  DOCKER_USER: lissy93
  GHCR_REGISTRY: ghcr.io
  DOCKERHUB_REGISTRY: docker.io
jobs:
  docker:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v6
      - name: Extract tag name
        shell: bash
        run: echo "GIT_TAG=$(echo ${GITHUB_REF#refs/tags/} | sed 's/\\//_/g')" >> $GITHUB_ENV
      - name: Compute tags
        run: |
          if [[ "${{ github.ref }}" == "refs/heads/master" ]]; then
            echo "GHCR_TAG=${GHCR_REGISTRY}/${DOCKER_USER}/${IMAGE_NAME}:latest" >> $GITHUB_ENV
            echo "DOCKERHUB_TAG=${DOCKERHUB_REGISTRY}/${DOCKER_USER}/${IMAGE_NAME}:latest" >> $GITHUB_ENV
          else
            echo "GHCR_TAG=${GHCR_REGISTRY}/${DOCKER_USER}/${IMAGE_NAME}:${GIT_TAG}" >> $GITHUB_ENV
            echo "DOCKERHUB_TAG=${DOCKERHUB_REGISTRY}/${DOCKER_USER}/${OTHER}:${GIT_TAG}" >> $GITHUB_ENV
          fi
      - uses: docker/build-push-action@v7
        with:
          context: .
          push: true
          tags: |
            ${{ env.GHCR_TAG }}
            ${{ env.DOCKERHUB_TAG }}
"""  # noqa: E501 (the file's own lines)


def test_writes_in_branches_of_one_repository_name_it_built(project: Path) -> None:
    write(project / "Dockerfile", "FROM node:22.12.0-bullseye\n")
    write(project / WORKFLOW, WEB_CHECK)
    write(
        project / "docker-compose.yml",
        "services:\n  a:\n    image: ghcr.io/lissy93/web-check\n"
        "  b:\n    image: docker.io/lissy93/web-check\n",
    )
    built = {o.text: o.built for o in find_references(".") if o.path == "docker-compose.yml"}
    # (GHCR_TAG's branches name one repository, a run choosing the tag: it is built; those
    # of DOCKERHUB_TAG name two, `web-check` and what `$OTHER` is: a run's, nothing built)
    assert built["ghcr.io/lissy93/web-check"] is not None
    assert built["docker.io/lissy93/web-check"] is None


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"ghcr.io/a/app:latest", f"ghcr.io/a/app:{UNKNOWN}"}, f"ghcr.io/a/app:{UNKNOWN}"),
        ({"localhost:5000/app:1", "localhost:5000/app:2"}, f"localhost:5000/app:{UNKNOWN}"),
        ({"ghcr.io/a/app:1", "ghcr.io/a/other:1"}, None),
        ({"1.2", "1.3"}, None),  # (versions, no image's name)
        ({"ghcr.io/a/app:1", f"{UNKNOWN}/app:1"}, None),
        ({"Ghcr.io/A/app:1", "Ghcr.io/A/app:2"}, None),
    ],
)
def test_the_one_repository_branches_write(values: set[str], expected: str | None) -> None:
    from tagsense.sources.builds._env_file import _one_repository

    assert _one_repository(values, UNKNOWN) == expected


# TomWright/dasel's .github/workflows/container.yaml (MIT), cut down (survey 63b): a step
# writes a multi-line value, `echo "VERSIONED_TAGS<<EOF" >> $GITHUB_ENV`, its lines, then
# `echo "EOF" >> $GITHUB_ENV` (GitHub's "Multiline strings": NAME<<DELIMITER, the lines up to
# the one equal to DELIMITER); only VERSIONED_TAGS is written, so a later build's
# `${{ env.V }}` is the workflow's (a false TS011 on `FROM golang:${V}` before).
MULTI_LINE = """\
on: push
env:
  V: "1.24.1"
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Tags
        run: |
          WRITES
      - uses: docker/build-push-action@v6
        with:
          context: .
          build-args: |
            V=${{ env.V }}
"""
GO_DOCKERFILE = """\
ARG V=1.25.0
FROM golang:${V}
"""


@pytest.mark.parametrize(
    ("writes", "expected"),
    [
        ('echo "T<<EOF" >> $GITHUB_ENV\necho "app:${V}" >> $GITHUB_ENV\necho "EOF" >> $GITHUB_ENV',
         "golang:1.24.1"),
        ('{ echo "T<<EOF"; cat tags.txt; echo EOF; } >> "$GITHUB_ENV"', "golang:1.24.1"),
        ('{\n  echo "T<<EOF"\n  cat tags.txt\n  echo EOF\n} >> "$GITHUB_ENV"', "golang:1.24.1"),
        ("cat <<EOF >> $GITHUB_ENV\nA=1\nT<<END\nV=2\nEND\nEOF", "golang:1.24.1"),
        # (a value line that is V=… is still the value; the lines after the delimiter are
        # names again)
        ('echo "T<<EOF" >> $GITHUB_ENV\necho "V=2" >> $GITHUB_ENV\necho EOF >> $GITHUB_ENV\n'
         'echo "V=1.26.0" >> $GITHUB_ENV', "golang:1.26.0"),
        # a group with another command outside a multi-line value may write any variable
        ('{ echo "T=1"; cat more.env; } >> "$GITHUB_ENV"', "golang:"),
        ("cat <<EOF >> $GITHUB_ENV\n$(cat more.env)\nEOF", "golang:"),
    ],
)  # fmt: skip
def test_a_multi_line_value_written_to_github_env_names_one_variable(
    project: Path, writes: str, expected: str
) -> None:
    write(project / "Dockerfile", GO_DOCKERFILE)
    indented = writes.replace("\n", "\n          ")
    write(project / WORKFLOW, MULTI_LINE.replace("WRITES", indented))
    assert texts("Dockerfile") == [expected]
