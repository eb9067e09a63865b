"""The images a CI file's scripts build (``docker build -t`` in ``run:``, ``script:``…), with
the variables each system gives them."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tagsense.sources import BuildSite
from tagsense.sources.ci import built_images, scan_ci

if TYPE_CHECKING:
    from pathlib import Path


def built(text: str, system: str, path: str | None = None) -> list[tuple[str, int | None]]:
    found = built_images(text, system=system, path=path)
    return [(image.name, image.site.line) for image in found.built]


# jupyter/docker-stacks, .github/workflows/docker-build-test-upload.yml (trimmed): the owner is
# the repository's, which only a run knows, so the name is no pattern one can match.
JUPYTER_WORKFLOW = """\
name: Download a parent image, build a new one, and test it
on:
  workflow_call:
    inputs:
      image:
        type: string
        required: true
env:
  REGISTRY: quay.io
  OWNER: ${{ github.repository_owner }}
jobs:
  build-test-upload:
    runs-on: ubuntu-24.04
    steps:
      - name: Build image 🛠
        run: |
          docker build \\
            --rm --force-rm \\
            --tag ${{ env.REGISTRY }}/${{ env.OWNER }}/${{ inputs.image }} \\
            images/${{ inputs.image }}/ \\
            --build-arg REGISTRY=${{ env.REGISTRY }} \\
            --build-arg OWNER=${{ env.OWNER }}
        env:
          DOCKER_BUILDKIT: 1
"""


def test_a_name_whose_owner_only_a_run_knows_marks_nothing() -> None:
    assert built(JUPYTER_WORKFLOW, "github-workflow") == []
    fixed = JUPYTER_WORKFLOW.replace("${{ github.repository_owner }}", "jupyter")
    assert built(fixed, "github-workflow") == [("quay.io/jupyter/*", 17)]


def test_github_env_of_the_workflow_job_and_step_in_expressions_and_the_shell() -> None:
    workflow = (
        "env:\n  REGISTRY: ghcr.io/acme\n"
        "jobs:\n  build:\n    env:\n      APP: api\n    steps:\n"
        "      - run: docker build -t ${{ env.REGISTRY }}/${{ env.APP }}:${{ github.sha }} .\n"
        "      - run: docker build -t $REGISTRY/$TOOL .\n        env:\n          TOOL: cli\n"
        "      - run: docker build -t $REGISTRY/$TOOL .\n"
    )
    assert built(workflow, "github-workflow") == [
        ("ghcr.io/acme/api", 8),
        ("ghcr.io/acme/cli", 9),
        ("ghcr.io/acme/*", 12),  # (another step: TOOL is not its own)
    ]


def test_github_matrix_and_input_defaults() -> None:
    workflow = (
        "on:\n  workflow_dispatch:\n    inputs:\n      owner: {default: acme}\n"
        "jobs:\n  build:\n    strategy:\n      matrix:\n        image: [api, web]\n    steps:\n"
        "      - run: docker build -t ghcr.io/${{ inputs.owner }}/${{ matrix.image }} .\n"
    )
    assert built(workflow, "github-workflow") == [
        ("ghcr.io/acme/api", 11),
        ("ghcr.io/acme/web", 11),
    ]


def test_a_github_composite_action_s_steps() -> None:
    action = (
        "runs:\n  using: composite\n  steps:\n"
        "    - run: docker build -t ghcr.io/acme/${{ inputs.name }} .\n      shell: bash\n"
    )
    assert built(action, "github-action") == [("ghcr.io/acme/*", 4)]


def test_a_workflow_s_other_steps_build_nothing() -> None:
    workflow = (
        "jobs:\n  a:\n    steps:\n      - uses: docker/build-push-action@v6\n"
        "        with: {tags: acme/app}\n      - run: docker run --rm -t acme/tool\n"
        "      - run: echo 'docker build -t acme/app .'\n"
        "      - uses: docker/metadata-action@v5\n        with: {images: acme/other}\n"
    )
    # (only the build action's tags: see tests/builds/test_build_push_action.py)
    assert built(workflow, "github-workflow") == [("acme/app", 4)]


def test_gitlab_jobs_with_their_variables_extends_and_default_before_script() -> None:
    pipeline = (
        "variables:\n  REGISTRY: registry.example.com/acme\n  IMAGE: $REGISTRY/api\n"
        "default:\n  before_script:\n    - docker build -t $REGISTRY/base .\n"
        ".build:\n  script:\n    - docker build -t $IMAGE:$CI_COMMIT_SHA .\n"
        "api:\n  extends: .build\n"
        "web:\n  variables:\n    APP: web\n  script:\n"
        "    - export TAG=$CI_COMMIT_SHORT_SHA\n    - docker build -t $REGISTRY/$APP:$TAG .\n"
        "  after_script:\n    - docker tag $REGISTRY/web $REGISTRY/web-latest\n"
        "deploy:\n  inherit:\n    default: false\n  script: [kubectl apply -f k8s/]\n"
        "trigger-job:\n  trigger: other/project\n  script: [docker build -t acme/never .]\n"
    )
    assert sorted(built(pipeline, "gitlab")) == [
        ("registry.example.com/acme/api", 9),
        ("registry.example.com/acme/base", 6),
        ("registry.example.com/acme/web", 17),
        ("registry.example.com/acme/web-latest", 19),
    ]


def test_gitlab_parallel_matrix_and_included_files(tmp_path: Path) -> None:
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "images.yml").write_text(
        "images:\n  parallel:\n    matrix:\n      - NAME: [api, web]\n"
        "  script:\n    - docker build -t quay.io/acme/$NAME .\n"
    )
    main = tmp_path / ".gitlab-ci.yml"
    main.write_text("include:\n  - local: ci/images.yml\n")
    found = built_images(main.read_text(), path=str(main))
    assert sorted((i.name, i.site) for i in found.built) == [
        ("quay.io/acme/api", BuildSite("gitlab", str(tmp_path / "ci" / "images.yml"), 6)),
        ("quay.io/acme/web", BuildSite("gitlab", str(tmp_path / "ci" / "images.yml"), 6)),
    ]


def test_circleci_run_steps_and_their_environment() -> None:
    config = (
        "version: 2.1\njobs:\n  build:\n    environment:\n      REPO: acme\n"
        "    docker: [{image: cimg/base:2024.01}]\n    steps:\n      - checkout\n"
        "      - setup_remote_docker\n      - run: docker build -t $REPO/api .\n"
        "      - run:\n          name: web\n          environment: {APP: web}\n"
        "          command: |\n            docker build -t $REPO/$APP .\n"
        "            docker build -t $REPO/<< parameters.name >> .\n"
    )
    assert built(config, "circleci") == [("acme/api", 10), ("acme/web", 15), ("acme/*", 16)]


def test_circleci_jobs_take_their_executor_s_environment() -> None:
    # 3scale/apicast's `s2i` executor sets OPENRESTY_VERSION; its build-s2i job pulls
    # `s2i-openresty-centos7:${OPENRESTY_VERSION}` (survey s39a). A job's own wins.
    config = (
        "version: 2.1\nexecutors:\n  s2i:\n    docker: [{image: docker:27.1}]\n"
        "    environment: {REPO: acme, APP: old}\n"
        "jobs:\n  build:\n    executor: s2i\n    environment: {APP: api}\n    steps:\n"
        "      - run: docker build -t $REPO/$APP .\n"
        "  web:\n    executor: {name: s2i}\n    steps:\n"
        "      - run: docker build -t $REPO/web .\n"
    )
    assert built(config, "circleci") == [("acme/api", 11), ("acme/web", 15)]


# nipreps/mriqc, .circleci/config.yml (trimmed): the job's `environment` is a list of
# one-variable mappings, which CircleCI accepts as a mapping (survey s46e).
MRIQC_CIRCLECI = """\
version: 2.1
jobs:
  build:
    environment:
      - TZ: "/usr/share/zoneinfo/America/Los_Angeles"
      - MRIQC_API_DOCKER_IMAGES: "nginx:latest swaggerapi/swagger-ui:latest mongo:latest
          python:3.7-slim"
    machine:
      image: ubuntu-2204:2023.02.1
    steps:
      - run:
          command: |
            webapi_images=($MRIQC_API_DOCKER_IMAGES)
            for image in ${webapi_images[@]}; do
                docker pull ${image}
            done
"""


def test_circleci_environment_may_be_a_list_of_one_variable_mappings() -> None:
    assert [text for _, _, text in shell_refs(MRIQC_CIRCLECI, "circleci")] == [
        "nginx:latest", "swaggerapi/swagger-ui:latest", "mongo:latest", "python:3.7-slim"
    ]  # fmt: skip
    executor = MRIQC_CIRCLECI.replace("jobs:\n  build:\n", "executors:\n  e:\n").replace(
        "    machine:", "jobs:\n  build:\n    executor: e\n    machine:"
    )
    assert len(shell_refs(executor, "circleci")) == 4  # (an executor's list, too)


# crystal-lang/crystal, .circleci/config.yml (trimmed): the steps are kept as an anchor
# under `defaults:`, which CircleCI does not run; the job that names them runs them with
# its environment (survey s57c).
CRYSTAL_CIRCLECI = """\
version: 2.1
defaults:
  steps: &ci_steps
    - run: |
        case $ARCH in
          x86_64) docker pull acme/build:1 ;;
          *) docker pull acme/other-build:1 ;;
        esac
jobs:
  test_linux:
    environment:
      ARCH: x86_64
    machine: {image: default}
    steps: *ci_steps
workflows:
  test:
    jobs: [test_linux]
"""


def test_circleci_steps_kept_outside_jobs_run_only_through_the_jobs_that_name_them() -> None:
    assert [text for _, _, text in shell_refs(CRYSTAL_CIRCLECI, "circleci")] == ["acme/build:1"]
    # (with no job naming them, nothing runs them)
    alone = CRYSTAL_CIRCLECI.replace("    steps: *ci_steps\n", "    steps: [checkout]\n")
    assert shell_refs(alone, "circleci") == []
    # (a workflow's pre-steps run)
    pre = CRYSTAL_CIRCLECI.replace(
        "    jobs: [test_linux]\n",
        "    jobs:\n      - test_linux:\n          pre-steps:\n"
        "            - run: docker pull acme/pre:1\n",
    )
    assert "acme/pre:1" in [text for _, _, text in shell_refs(pre, "circleci")]


def test_azure_scripts_with_variables_and_macros() -> None:
    pipeline = (
        "variables:\n  registry: acme.azurecr.io\n"
        "jobs:\n- job: build\n  variables:\n  - name: app\n    value: api\n  steps:\n"
        "  - script: docker build -t $(registry)/$(app):$(Build.BuildId) .\n"
        "  - bash: docker build -t $REGISTRY/web .\n"
        "  - task: Docker@2\n    inputs: {command: build, repository: acme/task}\n"
    )
    assert built(pipeline, "azure") == [("acme.azurecr.io/api", 9), ("acme.azurecr.io/web", 10)]


def test_bitbucket_step_scripts_share_one_shell() -> None:
    pipelines = (
        "pipelines:\n  default:\n    - step:\n        services: [docker]\n        script:\n"
        "          - export IMAGE=acme/app\n          - docker build -t $IMAGE .\n"
        "          - pipe: atlassian/aws-ecr-push-image:2.4.0\n"
    )
    assert built(pipelines, "bitbucket") == [("acme/app", 7)]


@pytest.mark.parametrize("system", ["drone", "woodpecker"])
def test_drone_and_woodpecker_commands_with_their_environment(system: str) -> None:
    config = (
        "steps:\n  - name: build\n    image: docker:27\n    environment:\n      REPO: acme\n"
        "      TOKEN: {from_secret: token}\n    commands:\n"
        "      - docker build -t $REPO/app .\n      - docker build -t $TOKEN/app .\n"
    )
    assert built(config, system) == [("acme/app", 8)]


# woodpecker-ci/woodpecker, .woodpecker/docker.yaml (trimmed): the buildx plugin pushes to each
# of its `repo`, written through an anchor, names separated by commas; docker-compose.example.yaml
# then runs `woodpeckerci/woodpecker-server:v3`, the project's own image.
WOODPECKER_PUBLISH = """\
variables:
  - &buildx_plugin 'docker.io/woodpeckerci/plugin-docker-buildx:6.1.1'
  - &publish_repos_server 'woodpeckerci/woodpecker-server,quay.io/woodpeckerci/woodpecker-server'
steps:
  publish-server:
    image: *buildx_plugin
    settings:
      repo: *publish_repos_server
      dockerfile: docker/Dockerfile.server.multiarch.rootless
      tag: [next, 'next-${CI_COMMIT_SHA:0:10}']
  publish-preview:
    image: codeberg.org/woodpecker-plugins/docker-buildx:6
    settings:
      repo: [woodpeckerci/woodpecker-agent, "${CI_REPO_OWNER}/agent"]
  notify:
    image: plugins/slack
    settings:
      repo: acme/not-an-image
"""


def test_a_build_plugin_s_repos_are_built_names() -> None:
    assert built(WOODPECKER_PUBLISH, "woodpecker") == [
        ("woodpeckerci/woodpecker-server", 3),
        ("quay.io/woodpeckerci/woodpecker-server", 3),
        ("woodpeckerci/woodpecker-agent", 14),
    ]
    # Drone 0.8: the plugin's parameters beside its image.
    legacy = "pipeline:\n  publish:\n    image: plugins/docker\n    repo: acme/api\n"
    assert built(legacy, "drone") == [("acme/api", 4)]


def test_a_compose_file_runs_the_image_a_build_plugin_pushes(tmp_path: Path) -> None:
    from tagsense.sources import scan_paths

    (tmp_path / ".git").mkdir()
    (tmp_path / ".woodpecker").mkdir()
    (tmp_path / ".woodpecker" / "docker.yaml").write_text(WOODPECKER_PUBLISH)
    compose = "services:\n  server:\n    image: woodpeckerci/woodpecker-server:v3\n"
    (tmp_path / "docker-compose.example.yaml").write_text(compose)
    (server,) = [o for o in scan_paths([tmp_path]) if o.kind == "compose"]
    assert server.built is not None and server.built.tool == "woodpecker"


def test_a_file_that_is_not_yaml_builds_nothing() -> None:
    assert built("jobs: [\n", "github-workflow") == []
    assert built("just text", "gitlab") == []
    assert built_images("jobs: {}", path="unknown.yml").built == ()


# --- the images scripts pull and run (kind "shell") ------------------------------------


def shell_refs(text: str, system: str, path: str | None = None) -> list[tuple[int, int, str]]:
    scan = scan_ci(text, system=system, path=path)
    return [(o.line, o.column, o.text) for o in scan if o.kind == "shell"]


# infiniflow/ragflow, .github/workflows/tests.yml (trimmed)
RAGFLOW_WORKFLOW = """\
jobs:
  ragflow_tests:
    runs-on: [ "self-hosted", "ragflow-test" ]
    steps:
      - name: Prepare deps
        run: |
          sudo docker pull ubuntu:24.04
          CID=$(docker create infiniflow/ragflow_deps:latest true) || true
      - name: Start the builder
        run: |
          sudo docker run --privileged -d --name "${BUILDER_CONTAINER}" \\
            -v ${PWD}:/ragflow \\
            infiniflow/infinity_builder:ubuntu22_clang20
      - name: Not run
        run: |
          echo "docker run alpine:3.20"
          # docker pull busybox:1.36
          docker run $IMAGE
          docker run --unknown-opt value debian:12
"""


def test_a_workflow_s_pulls_and_runs_at_the_image_s_line_and_column() -> None:
    assert shell_refs(RAGFLOW_WORKFLOW, "github-workflow") == [
        (7, 28, "ubuntu:24.04"),
        (8, 31, "infiniflow/ragflow_deps:latest"),
        (13, 13, "infiniflow/infinity_builder:ubuntu22_clang20"),
    ]
    first = next(
        o for o in scan_ci(RAGFLOW_WORKFLOW, system="github-workflow") if o.kind == "shell"
    )
    assert first.context == {"system": "github-workflow", "engine": "docker", "verb": "pull",
                             "job": "ragflow_tests"}  # fmt: skip
    assert first.reference is not None and first.unresolved == ()


def test_a_matrix_gives_an_image_each_and_an_unknown_one_is_skipped_not_unresolved() -> None:
    workflow = """\
env:
  LINT: golangci/golangci-lint:v1.59
jobs:
  test:
    strategy:
      matrix:
        pg: ["16", "17"]
    steps:
      - run: docker run --rm $LINT golangci-lint run
      - run: docker pull postgres:${{ matrix.pg }}
      - run: docker pull postgres:${{ matrix.pg }}-${{ github.sha }}
      - run: docker run ${{ vars.IMAGE }}
"""
    assert shell_refs(workflow, "github-workflow") == [
        (9, 7, "golangci/golangci-lint:v1.59"),
        (10, 26, "postgres:16"),
        (10, 26, "postgres:17"),
    ]
    assert all(o.unresolved == () for o in scan_ci(workflow, system="github-workflow"))


def test_gitlab_and_circleci_scripts_with_their_jobs() -> None:
    gitlab = """\
variables:
  TOOL: registry.gitlab.com/acme/tool:2
lint:
  script:
    - docker run --rm "$TOOL" check
"""
    (found,) = [o for o in scan_ci(gitlab, system="gitlab") if o.kind == "shell"]
    assert (found.line, found.text, found.context["job"]) == (
        5, "registry.gitlab.com/acme/tool:2", "lint")  # fmt: skip
    circleci = """\
version: 2.1
jobs:
  docs:
    docker:
      - image: cimg/base:2024.01
    steps:
      - run: docker run --rm -v "$PWD:/docs" squidfunk/mkdocs-material:9.5 build
"""
    found = [o for o in scan_ci(circleci, system="circleci") if o.kind == "shell"]
    assert [(o.line, o.text, o.context["job"]) for o in found] == [
        (7, "squidfunk/mkdocs-material:9.5", "docs")]  # fmt: skip


def test_a_step_of_another_shell_is_not_read_for_pulls_but_powershell_is() -> None:
    # moby/moby, .github/workflows/.windows.yml (trimmed): PowerShell, backticks continue lines,
    # read as sh rewritten (see builds._powershell); Python is no shell.
    workflow = """\
defaults:
  run:
    shell: pwsh
jobs:
  test:
    steps:
      - run: |
          & docker run --name test -e "A=1" `
            golang:1.22 go test
      - shell: bash
        run: docker pull alpine:3.20
      - shell: python
        run: print("docker run x:1")
"""
    assert shell_refs(workflow, "github-workflow") == [
        (9, 13, "golang:1.22"),
        (11, 26, "alpine:3.20"),
    ]


def test_powershell_steps_of_github_and_azure_are_read() -> None:
    # dataplat/dbatools, .github/workflows/integration-tests.yml (trimmed): `defaults.run.shell:
    # pwsh`, the job's SQL Server images run untagged (2 pulls missed, survey 33b); Azure's
    # `pwsh:` and `powershell:` steps, PowerShell too.
    workflow = """\
defaults:
  run:
    shell: pwsh
jobs:
  tests:
    steps:
      - name:  Setup docker images
        run: |
          docker network create localnet
          docker run -p 1433:1433 --name mssql1 --network localnet -d dbatools/sqlinstance
"""
    assert shell_refs(workflow, "github-workflow") == [(10, 71, "dbatools/sqlinstance")]
    azure = """\
steps:
  - pwsh: |
      $Image = "mcr.microsoft.com/windows/nanoserver:ltsc2022"
      docker pull $Image
  - powershell: docker run --rm mcr.microsoft.com/windows/servercore:ltsc2022 cmd /c ver
"""
    assert [(line, text) for line, _, text in shell_refs(azure, "azure")] == [
        (4, "mcr.microsoft.com/windows/nanoserver:ltsc2022"),
        (5, "mcr.microsoft.com/windows/servercore:ltsc2022"),
    ]


def test_a_shell_that_runs_the_script_with_bash_is_read() -> None:
    # bats-core/bats-core's tests.yml: `shell: 'script -q -e -c "bash {0}"'` and `unbuffer bash
    # {0}` give the job a terminal (11 pulls missed, survey 28y); a program that runs the
    # script itself is no shell.
    workflow = """\
jobs:
  test:
    steps:
      - shell: 'script -q -e -c "bash {0}"'
        run: docker run --rm bats/bats:1.11.0 --version
      - shell: 'unbuffer bash {0}'
        run: docker pull alpine:3.20
      - shell: 'perl {0}'
        run: print("docker run x:1")
"""
    assert [text for _, _, text in shell_refs(workflow, "github-workflow")] == [
        "bats/bats:1.11.0",
        "alpine:3.20",
    ]


def test_a_step_whose_condition_the_file_answers_false_is_skipped() -> None:
    # prefect's compatibility job (survey 16d): a server image runs only when the matrix leg is
    # not `main`, and its one leg is `main`; the empty `${{ matrix.leg.image }}` would have
    # read the command after it (`prefect`) as the image.
    workflow = """\
env:
  DB: postgres
jobs:
  test:
    strategy:
      matrix:
        leg: [{version: main}]
        db: [sqlite]
    steps:
      - if: ${{ matrix.leg.version != 'main' }}
        run: docker run -d ${{ matrix.leg.image }} prefect server start
      - if: matrix.db == 'postgres'
        run: docker pull postgres:16
      - if: env.DB != 'postgres'
        run: docker pull mysql:8.4
      - if: false
        run: docker pull redis:7.4
      - if: matrix.db == 'sqlite'
        run: docker pull alpine:3.20
      - if: ${{ github.event_name == 'push' }}
        run: docker pull busybox:1.37
      - if: always() && matrix.db == 'postgres'
        run: docker pull nginx:1.27
      - if: ${{ inputs.publish }}
        run: docker pull caddy:2.8
      - if: ${{ matrix.db == 'postgres' }} || true
        run: docker pull memcached:1.6
      - if: github.ref == 'refs/heads/main' && matrix.db != 'sqlite'
        run: docker pull rabbitmq:4.0
      - if: github.ref == 'refs/heads/main' || matrix.db != 'sqlite'
        run: docker pull mariadb:11.4
      - if: github.ref == 'refs/heads/main' && matrix.db == 'sqlite'
        run: docker pull consul:1.15
"""
    # (what the file answers true, a run's answer (an event, a status function, an input) and
    # text around an expression (a string: true) run; an `&&` false whatever a run says, as
    # jupyter/docker-stacks' registry-move step for its matrix's test tag, is skipped)
    assert [text for _, _, text in shell_refs(workflow, "github-workflow")] == [
        "alpine:3.20", "busybox:1.37", "nginx:1.27", "caddy:2.8", "memcached:1.6",
        "mariadb:11.4", "consul:1.15"]  # fmt: skip
    # A skipped step builds nothing either, and its outputs are no one's.
    build = """\
jobs:
  image:
    strategy:
      matrix:
        os: [linux]
    steps:
      - if: matrix.os == 'windows'
        run: docker build -t acme/win .
      - id: v
        if: matrix.os == 'windows'
        run: echo "tag=1.0" >> $GITHUB_OUTPUT
      - if: matrix.os == 'linux'
        uses: docker/build-push-action@v6
        with:
          tags: acme/linux:1.0
          build-args: VERSION=${{ steps.v.outputs.tag }}
      - if: matrix.os == 'windows'
        uses: docker/build-push-action@v6
        with:
          tags: acme/windows:1.0
"""
    assert built(build, "github-workflow") == [("acme/linux", 13)]
    (linux,) = built_images(build, system="github-workflow", path=".github/workflows/b.yml").builds
    assert dict(linux.unresolved) == {"VERSION": ("steps.v.outputs.tag",)}


def test_a_step_sources_the_project_s_files_and_an_action_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # getsentry/self-hosted (survey s17c): its composite action (action.yaml) runs `source ${{
    # github.action_path }}/.env` and then `docker run … $SENTRY_IMAGE` and `$SNUBA_IMAGE`; the
    # .env beside it names them. Before, nothing was sourced in a CI step, and neither was found.
    from tagsense import find_references

    monkeypatch.setenv("TAGSENSE_NO_CACHE", "1")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".env").write_text(
        "SENTRY_IMAGE=ghcr.io/getsentry/sentry:nightly\nSNUBA_IMAGE=ghcr.io/getsentry/snuba:nightly\n"
    )
    (tmp_path / "action.yaml").write_text(
        "name: test\nruns:\n  using: composite\n  steps:\n    - shell: bash\n      run: |\n"
        "        source ${{ github.action_path }}/.env\n"
        "        SUM=$(docker run --rm --entrypoint bash $SENTRY_IMAGE -c true | md5sum)\n"
    )
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "test.yml").write_text(
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - run: |\n          . ./.env\n"
        '          docker pull "$SNUBA_IMAGE"\n'
        # (a file a run decides is not read: the image stays unknown, and is not reported)
        '      - run: |\n          source $HOME/.env\n          docker pull "$OTHER_IMAGE"\n'
    )
    monkeypatch.chdir(tmp_path)
    found = sorted((o.path, o.line, o.text) for o in find_references(".") if o.kind == "shell")
    assert found == [
        (os.path.join(".github", "workflows", "test.yml"), 9, "ghcr.io/getsentry/snuba:nightly"),
        ("action.yaml", 8, "ghcr.io/getsentry/sentry:nightly"),
    ]


# bram2w/baserow, .gitlab-ci.yml (trimmed): a job builds the CI image into the project's
# registry, named with GitLab's variables; later jobs run it. The same text in one pipeline is
# the same image: the project's own build, not an image "only a run can tell".
BASEROW_PIPELINE = """\
variables:
  PROJECT_PATH_FOR_CI_UTIL_IMAGE: $CI_PROJECT_PATH
  CI_UTIL_IMAGE: $CI_REGISTRY/$PROJECT_PATH_FOR_CI_UTIL_IMAGE/ci/ci_util_image:latest
  CI_IMAGE_REPO: $CI_REGISTRY_IMAGE/ci
  BACKEND_CI_DEV_IMAGE: $CI_IMAGE_REPO/backend_dev:ci-latest-$CI_COMMIT_SHORT_SHA
build-ci-util-image:
  image: docker:20.10.18
  script:
    - cd .gitlab/ci_util_image
    - docker build -t $CI_UTIL_IMAGE .
build-backend:
  image: docker:20.10.18
  script:
    - export TAG="$CI_IMAGE_REPO/backend_dev:ci-latest-$CI_COMMIT_SHORT_SHA"
    - docker buildx build --push --tag "$TAG" backend
    - docker build -t $OTHER_REGISTRY/$NAME .
lint:
  image: $CI_UTIL_IMAGE
  services:
    - name: $BACKEND_CI_DEV_IMAGE
      alias: backend
deploy:
  image: $DEPLOY_REGISTRY/ci/ci_util_image:latest
tools:
  image: docker:20.10.18
  script:
    - docker build -t "${CI_REGISTRY_IMAGE}/tools:${CI_COMMIT_SHA}" tools
use-tools:
  image: $CI_REGISTRY_IMAGE/tools:$CI_COMMIT_SHA
"""


def test_what_a_gitlab_job_builds_with_a_run_s_variables_is_built_as_written() -> None:
    found = built_images(BASEROW_PIPELINE, system="gitlab", path=".gitlab-ci.yml")
    assert [(image.name, image.site.line) for image in found.written] == [
        ("$CI_REGISTRY/$CI_PROJECT_PATH/ci/ci_util_image", 10),
        ("$CI_REGISTRY_IMAGE/ci/backend_dev", 15),
        ("$CI_REGISTRY_IMAGE/tools", 27),  # (`${NAME}` written `$NAME`: the same text)
    ]  # (`$OTHER_REGISTRY/$NAME`: any project's image may be written so)


# kubernetes-sigs/kubespray, .gitlab-ci/build.yml (trimmed): BuildKit's own client builds
# the pipeline's image (survey 21c: two false TS011 on the jobs that run it).
KUBESPRAY_PIPELINE = """\
variables:
  PIPELINE_IMAGE: "$CI_REGISTRY_IMAGE/pipeline:${CI_PIPELINE_ID}-${CI_COMMIT_SHORT_SHA}"
pipeline-image:
  image: moby/buildkit:rootless
  variables:
    CACHE_IMAGE: $CI_REGISTRY_IMAGE/pipeline:cache
  script:
    - |
      buildctl-daemonless.sh build \\
        --frontend dockerfile.v0 \\
        --local context=$CI_PROJECT_DIR \\
        --opt filename=pipeline.Dockerfile \\
        --export-cache type=registry,ref=$CACHE_IMAGE \\
        --output type=image,name=$PIPELINE_IMAGE,push=true
    - buildctl build --output "type=registry,\\"name=$CI_REGISTRY_IMAGE/a,$CI_REGISTRY_IMAGE/b\\""
    - buildctl build -o type=local,dest=out
unit:
  image: $PIPELINE_IMAGE
"""


def test_the_images_buildctl_pushes_are_built_as_written() -> None:
    found = built_images(KUBESPRAY_PIPELINE, system="gitlab", path=".gitlab-ci.yml")
    assert [(image.name, image.site.line) for image in found.written] == [
        ("$CI_REGISTRY_IMAGE/pipeline", 9),
        ("$CI_REGISTRY_IMAGE/a", 15),
        ("$CI_REGISTRY_IMAGE/b", 15),
    ]  # (a local export names no image)


@given(st.text(max_size=80))
def test_a_buildctl_output_of_any_text_is_no_crash(output: str) -> None:
    from tagsense.sources.ci._gitlab_written import _output_names

    names = _output_names([output])
    assert all(isinstance(name, str) for name in names)
    assert names == [] or "type=" in output


def test_an_assignment_with_an_unbalanced_quote_is_no_crash() -> None:
    # (found by fuzzing real .gitlab-ci.yml files: shlex gives no words for such a line)
    pipeline = (
        'build:\n  script:\n    - TAG="v1\n    - docker build -t "$CI_REGISTRY_IMAGE/app:$TAG" .\n'
    )
    found = built_images(pipeline, system="gitlab", path=".gitlab-ci.yml")
    assert [image.name for image in found.written] == ["$CI_REGISTRY_IMAGE/app"]


def test_a_gitlab_job_runs_the_image_an_earlier_job_builds(tmp_path: Path) -> None:
    from tagsense import check
    from tagsense.sources import scan_paths

    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitlab-ci.yml").write_text(BASEROW_PIPELINE)
    findings = check(scan_paths([tmp_path]))
    # (another registry's image of the same name, line 23: a run's to tell)
    assert [(f.code, f.line) for f in findings if f.code == "TS011"] == [("TS011", 23)]


def test_a_workflow_step_s_minikube_image_pull_is_a_pull(tmp_path: Path) -> None:
    # eclipse-che/che .github/workflows/pr-check.yml (trimmed)
    workflow = tmp_path / ".github" / "workflows" / "pr-check.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(
        "on: pull_request\njobs:\n  e2e:\n    runs-on: ubuntu-22.04\n    steps:\n"
        "      - name: Pull Universal Base Image\n        run: |\n"
        "          minikube image pull quay.io/devfile/universal-developer-image:ubi8-latest\n"
    )
    scan = scan_ci(workflow.read_text(), path=str(workflow))
    assert [(o.line, o.text) for o in scan] == [
        (8, "quay.io/devfile/universal-developer-image:ubi8-latest")
    ]


@pytest.mark.parametrize(
    ("command", "image"),
    [
        # spinkube/spin-operator .github/workflows/smoketest.yaml (trimmed): k3d starts its
        # nodes with the k3s image --image names (k3d.io/v5.6.0/usage/commands/k3d_cluster_create)
        (
            "k3d cluster create wasm-cluster \\\n"
            "          --image ghcr.io/spinkube/containerd-shim-spin/k3d:v0.14.0 \\\n"
            "          --agents 2",
            "ghcr.io/spinkube/containerd-shim-spin/k3d:v0.14.0",
        ),
        ("buildah pull alpine:3.19", "alpine:3.19"),
        ("sudo crictl pull registry.k8s.io/pause:3.9", "registry.k8s.io/pause:3.9"),
    ],
)
def test_a_workflow_step_whose_only_engine_is_k3d_buildah_or_crictl_pulls(
    tmp_path: Path, command: str, image: str
) -> None:
    workflow = tmp_path / ".github" / "workflows" / "smoketest.yaml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(
        "on: push\njobs:\n  smoke:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - name: start\n        run: |\n          " + command + "\n"
    )
    scan = scan_ci(workflow.read_text(), path=str(workflow))
    assert [o.text for o in scan] == [image]


def test_a_kind_configuration_a_step_writes_for_kind_action_gives_the_node_images(
    tmp_path: Path,
) -> None:
    # dapr/dapr .github/workflows/kind-e2e.yaml (trimmed): a step writes kind.yaml with the
    # matrix's node image, the next gives it to helm/kind-action's `config`
    digest = "sha256:7416a61b42b1662ca6ca89f02028ac133a309a2a30ba309614e8ec94d976dc5a"
    workflow = tmp_path / ".github" / "workflows" / "kind-e2e.yaml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(
        "on: push\njobs:\n  e2e:\n    runs-on: ubuntu-latest\n    strategy:\n"
        "      matrix:\n        include:\n        - k8s-version: v1.34.0\n"
        f"          kind-image-sha: {digest}\n"
        "    steps:\n      - name: Configure KinD\n        run: |\n"
        "          cat > kind.yaml <<EOF\n"
        "          apiVersion: kind.x-k8s.io/v1alpha4\n          kind: Cluster\n"
        "          nodes:\n          - role: control-plane\n"
        "            image: kindest/node:${{ matrix.k8s-version }}@${{ matrix.kind-image-sha }}\n"
        "          EOF\n"
        "      - uses: helm/kind-action@v1.13.0\n        with:\n          config: kind.yaml\n"
    )
    scan = scan_ci(workflow.read_text(), path=str(workflow))
    assert [(o.line, o.text) for o in scan] == [(18, f"kindest/node:v1.34.0@{digest}")]
