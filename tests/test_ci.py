"""CI configurations: every place each CI system names an image, one table row a case.

The sample files under ``tests/data/ci/`` were written from each system's
documentation (GitHub's workflow and metadata syntax, GitLab's YAML reference,
CircleCI's configuration reference, Bitbucket's Docker image, service, step and
pipe options, Drone's and Woodpecker's pipeline syntax, the Azure Pipelines
YAML schema), at their standard paths. Each expectation is
``(line, column, raw, text, normalized, context)``: the column is where the
reference text starts (inside quotes, after ``docker://``).
"""

from __future__ import annotations

import datetime
import doctest
import time
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import tagsense.sources.ci
from tagsense import check
from tagsense.errors import TagsenseError
from tagsense.occurrence import RUN_TIME
from tagsense.sources import Occurrence, Scan
from tagsense.sources.ci import (
    SYSTEMS,
    built_images,
    ci_system,
    included_files,
    referenced_dockerfiles,
    scan_ci,
)

if TYPE_CHECKING:
    from collections.abc import Callable

DATA = Path(__file__).parent / "data" / "ci"

Found = tuple[int, int, str, str, "str | None", dict[str, object]]


_RUN_TIME_KEYS = {what: key for key, what in RUN_TIME.items()}


def found(scan: Scan) -> list[Found]:
    """Each occurrence, its ``run_time`` and ``unresolved`` shown in the context
    (``expression=("github.repository",)``)."""
    return [
        (o.line, o.column, o.raw, o.text, o.normalized, {**o.context, **_run_time(o)}) for o in scan
    ]


def _run_time(occurrence: Occurrence) -> dict[str, object]:
    if occurrence.run_time is None:
        return {}
    assert occurrence.reference is None and occurrence.error is None
    return {_RUN_TIME_KEYS[occurrence.run_time]: occurrence.unresolved}


def errors(scan: Scan) -> list[tuple[int | None, str]]:
    return [(e.line, e.message) for e in scan.errors]


def hub(name: str) -> str:
    return f"docker.io/library/{name}"


def system(name: str) -> Callable[..., dict[str, object]]:
    def context(**fields: object) -> dict[str, object]:
        return {"system": name, **fields}

    return context


gh = system("github-workflow")
action = system("github-action")
gitlab = system("gitlab")
circleci = system("circleci")
bitbucket = system("bitbucket")
drone = system("drone")
woodpecker = system("woodpecker")
azure = system("azure")


# --- the sample files ---------------------------------------------------------------

FILES = [
    pytest.param(
        "github-workflow/.github/workflows/ci.yml",
        [
            (10, 14, "node:18", "node:18", hub("node:18"),
             gh(job="container-test-job", field="container")),
            (20, 16, "nginx", "nginx", hub("nginx:latest"),
             gh(job="container-test-job", field="services", service="nginx")),
            (24, 16, "redis", "redis", hub("redis:latest"),
             gh(job="container-test-job", field="services", service="redis")),
            (32, 16, "node:18", "node:18", hub("node:18"),
             gh(job="short-forms", field="container")),
            (34, 17, "postgres:16", "postgres:16", hub("postgres:16"),
             gh(job="short-forms", field="services", service="postgres")),
            (38, 24, "docker://alpine:3.8", "alpine:3.8", hub("alpine:3.8"),
             gh(job="short-forms", field="uses")),
            (39, 25, "docker://gcr.io/cloud-builders/gradle", "gcr.io/cloud-builders/gradle",
             "gcr.io/cloud-builders/gradle:latest", gh(job="short-forms", field="uses")),
            # The docs' placeholder is upper case: not a valid reference.
            (40, 24, "docker://ghcr.io/OWNER/IMAGE_NAME", "ghcr.io/OWNER/IMAGE_NAME", None,
             gh(job="short-forms", field="uses")),
            # One image a matrix combination, the values it used in the context.
            (48, 14, "node:${{ matrix.node }}", "node:18", hub("node:18"),
             gh(job="matrix", field="container", matrix={"node": "18"})),
            (48, 14, "node:${{ matrix.node }}", "node:20", hub("node:20"),
             gh(job="matrix", field="container", matrix={"node": "20"})),
            # services.cache.image: '' starts no service.
        ],
        id="github-workflow",
    ),
    pytest.param(
        "github-action/image/action.yml",
        [
            (11, 20, "docker://debian:stretch-slim", "debian:stretch-slim",
             hub("debian:stretch-slim"), action(field="image")),
        ],
        id="github-action-image",
    ),
    pytest.param("github-action/dockerfile/action.yml", [], id="github-action-dockerfile"),
    pytest.param(
        "github-action/composite/action.yaml",
        [
            (8, 22, "docker://hadolint/hadolint:v2.12.0", "hadolint/hadolint:v2.12.0",
             "docker.io/hadolint/hadolint:v2.12.0", action(field="uses")),
        ],
        id="github-action-composite",
    ),
    pytest.param(
        "gitlab/.gitlab-ci.yml",
        [
            (4, 10, "ruby:3.0", "ruby:3.0", hub("ruby:3.0"),
             gitlab(section="default", field="image")),
            (6, 7, "postgres:15", "postgres:15", hub("postgres:15"),
             gitlab(section="default", field="services")),
            (16, 10, "ruby:2.6", "ruby:2.6", hub("ruby:2.6"),
             gitlab(job=".job_template", hidden=True, field="image")),
            (18, 7, "postgres", "postgres", hub("postgres:latest"),
             gitlab(job=".job_template", hidden=True, field="services")),
            (19, 7, "redis", "redis", hub("redis:latest"),
             gitlab(job=".job_template", hidden=True, field="services")),
            # test1 merges the template: the same nodes, reported once.
            (29, 11, "super/sql:experimental", "super/sql:experimental",
             "docker.io/super/sql:experimental", gitlab(job="rspec", field="image")),
            (32, 13, "$CI_REGISTRY_IMAGE/postgres:$PG_VERSION",
             "$CI_REGISTRY_IMAGE/postgres:$PG_VERSION", None,
             gitlab(job="rspec", field="services", variables=("CI_REGISTRY_IMAGE", "PG_VERSION"))),
            (34, 7, "docker:24.0.5-dind", "docker:24.0.5-dind", hub("docker:24.0.5-dind"),
             gitlab(job="rspec", field="services")),
            # reuse takes both through !reference: the same nodes, reported where written.
            (38, 10, "busybox:1.36", "busybox:1.36", hub("busybox:1.36"),
             gitlab(job=".base", hidden=True, field="image")),
            (39, 14, "memcached:1.6", "memcached:1.6", hub("memcached:1.6"),
             gitlab(job=".base", hidden=True, field="services")),
            (45, 8, "redis:7", "redis:7", hub("redis:7"), gitlab(job="reuse", field="services")),
            (49, 10, "registry.gitlab.com/pages/hugo/hugo_extended:0.120.4",
             "registry.gitlab.com/pages/hugo/hugo_extended:0.120.4",
             "registry.gitlab.com/pages/hugo/hugo_extended:0.120.4",
             gitlab(job="pages", field="image")),
        ],
        id="gitlab",
    ),
    pytest.param(
        "circleci/.circleci/config.yml",
        [
            (10, 16, "cimg/ruby:3.0.3-browsers", "cimg/ruby:3.0.3-browsers",
             "docker.io/cimg/ruby:3.0.3-browsers",
             circleci(executor="my-executor", field="docker", primary=True)),
            # executors.vm.machine.image and jobs.on-vm.machine.image are VM images.
            (21, 16, "cimg/node:lts", "cimg/node:lts", "docker.io/cimg/node:lts",
             circleci(job="build", field="docker", primary=True)),
            (22, 16, "cimg/postgres:14.0", "cimg/postgres:14.0", "docker.io/cimg/postgres:14.0",
             circleci(job="build", field="docker", primary=False)),
            # The workflow invokes test with version "3.11": its default is never used.
            (33, 16, "cimg/python:<< parameters.version >>", "cimg/python:3.11",
             "docker.io/cimg/python:3.11",
             circleci(job="test", field="docker", primary=True, parameters={"version": "3.11"})),
            (52, 16, "123456789012.dkr.ecr.us-east-1.amazonaws.com/helloworld:0.1",
             "123456789012.dkr.ecr.us-east-1.amazonaws.com/helloworld:0.1",
             "123456789012.dkr.ecr.us-east-1.amazonaws.com/helloworld:0.1",
             circleci(job="private", field="docker", primary=True)),
        ],
        id="circleci",
    ),
    pytest.param(
        "bitbucket/bitbucket-pipelines.yml",
        [
            (4, 9, "us-east1-docker.pkg.dev/my-project/my-repo/test-image:latest",
             "us-east1-docker.pkg.dev/my-project/my-repo/test-image:latest",
             "us-east1-docker.pkg.dev/my-project/my-repo/test-image:latest",
             bitbucket(section="global", field="image")),
            # definitions.services.docker is the built-in Docker service: no image.
            (13, 14, "mysql:5.7", "mysql:5.7", hub("mysql:5.7"),
             bitbucket(service="mysql", field="services")),
            (18, 15, "my.registry.io/private/redis:7", "my.registry.io/private/redis:7",
             "my.registry.io/private/redis:7",
             bitbucket(service="private-redis", field="services")),
            # Defined under definitions, used through an alias: reported once, where written.
            (24, 16, "node:10.15.2", "node:10.15.2", hub("node:10.15.2"),
             bitbucket(step="Build and test", field="image")),
            (37, 20, "node:20-alpine", "node:20-alpine", hub("node:20-alpine"),
             bitbucket(pipeline="default", step="Lint", field="image")),
            (43, 32, "docker://sykescottages/bitbucket-pipes:secrets-manager-v2",
             "sykescottages/bitbucket-pipes:secrets-manager-v2",
             "docker.io/sykescottages/bitbucket-pipes:secrets-manager-v2",
             bitbucket(pipeline="default", step="Secrets", field="pipe")),
            # pipe: atlassian/aws-s3-deploy:1.7.0 names a Bitbucket repository, not an image.
            (60, 37, "docker://acme/notify-pipe:2.1.0", "acme/notify-pipe:2.1.0",
             "docker.io/acme/notify-pipe:2.1.0",
             bitbucket(pipeline="branches/main", step="Deploy to S3", field="pipe")),
            (66, 18, "python:3.12-slim", "python:3.12-slim", hub("python:3.12-slim"),
             bitbucket(pipeline="custom/deploy-manual", field="image")),
        ],
        id="bitbucket",
    ),
    pytest.param(
        "drone/.drone.yml",
        [
            (12, 10, "golang:1.22", "golang:1.22", hub("golang:1.22"),
             drone(pipeline="default", field="steps", step="backend")),
            (17, 10, "plugins/docker", "plugins/docker", "docker.io/plugins/docker:latest",
             drone(pipeline="default", field="steps", step="publish")),
            (22, 10, "registry.example.com/octocat/hello-world:${DRONE_TAG}",
             "registry.example.com/octocat/hello-world:${DRONE_TAG}", None,
             drone(pipeline="default", field="steps", step="smoke",
                   known_prefix="registry.example.com/octocat/hello-world:",
                   variables=("DRONE_TAG",))),
            (26, 10, "mysql:8.0", "mysql:8.0", hub("mysql:8.0"),
             drone(pipeline="default", field="services", service="database")),
            # The exec pipeline runs no containers; the secret document is not a pipeline.
            (47, 10, "node:20", "node:20", hub("node:20"),
             drone(pipeline="on-kubernetes", field="steps", step="test")),
        ],
        id="drone",
    ),
    pytest.param(
        "drone-legacy/.drone.yml",
        [
            (4, 12, "plugins/git:next", "plugins/git:next", "docker.io/plugins/git:next",
             drone(field="clone", step="git")),
            (9, 12, "golang:1.10", "golang:1.10", hub("golang:1.10"),
             drone(field="pipeline", step="build")),
            (13, 12, "plugins/docker", "plugins/docker", "docker.io/plugins/docker:latest",
             drone(field="pipeline", step="publish")),
            (18, 12, "mysql", "mysql", hub("mysql:latest"),
             drone(field="services", service="database")),
            (20, 12, "redis:4", "redis:4", hub("redis:4"),
             drone(field="services", service="cache")),
        ],
        id="drone-legacy",
    ),
    pytest.param(
        "woodpecker/.woodpecker.yaml",
        [
            (8, 12, "woodpeckerci/plugin-git", "woodpeckerci/plugin-git",
             "docker.io/woodpeckerci/plugin-git:latest",
             woodpecker(field="clone", step="clone")),
            (14, 12, "debian", "debian", hub("debian:latest"),
             woodpecker(field="steps", step="build")),
            (18, 12, "golang:1.16", "golang:1.16", hub("golang:1.16"),
             woodpecker(field="steps", step="a-test-step")),
            (24, 12, "mysql", "mysql", hub("mysql:latest"),
             woodpecker(field="services", service="database")),
        ],
        id="woodpecker",
    ),
    pytest.param(
        "woodpecker/.woodpecker/deploy.yml",
        [
            (10, 12, "golang", "golang", hub("golang:latest"),
             woodpecker(field="steps", step="backend")),
            (14, 12, "node:${NODE_VERSION}", "node:18", hub("node:18"),
             woodpecker(field="steps", step="frontend", matrix={"NODE_VERSION": "18"})),
            (14, 12, "node:${NODE_VERSION}", "node:20", hub("node:20"),
             woodpecker(field="steps", step="frontend", matrix={"NODE_VERSION": "20"})),
            (20, 12, "postgres:16", "postgres:16", hub("postgres:16"),
             woodpecker(field="services", service="database")),
        ],
        id="woodpecker-directory",
    ),
    pytest.param(
        "azure/azure-pipelines.yml",
        [
            (6, 12, "ubuntu:14.04", "ubuntu:14.04", hub("ubuntu:14.04"),
             azure(field="resources", container="u14")),
            (8, 12, "nginx", "nginx", hub("nginx:latest"),
             azure(field="resources", container="nginx")),
            (10, 12, "myprivate.azurecr.io/windowsservercore:1803",
             "myprivate.azurecr.io/windowsservercore:1803",
             "myprivate.azurecr.io/windowsservercore:1803",
             azure(field="resources", container="windows")),
            # container: u14 and services.nginx: nginx name resources; pool.vmImage is a VM.
            (23, 14, "redis:7", "redis:7", hub("redis:7"),
             azure(stage="Build", job="RunInContainer", field="services", service="redis")),
            (28, 14, "ubuntu:22.04", "ubuntu:22.04", hub("ubuntu:22.04"),
             azure(stage="Build", job="Inline", field="container")),
            (36, 16, "mcr.microsoft.com/dotnet/sdk:8.0", "mcr.microsoft.com/dotnet/sdk:8.0",
             "mcr.microsoft.com/dotnet/sdk:8.0",
             azure(stage="Deploy", job="DeployWeb", field="container")),
            # A runtime expression: one image a leg of the matrix.
            (49, 16, "$[ variables['containerImage'] ]", "ubuntu:20.04", hub("ubuntu:20.04"),
             azure(stage="Deploy", job="Matrix", field="container",
                   matrix={"containerImage": "ubuntu:20.04"})),
            (49, 16, "$[ variables['containerImage'] ]", "ubuntu:22.04", hub("ubuntu:22.04"),
             azure(stage="Deploy", job="Matrix", field="container",
                   matrix={"containerImage": "ubuntu:22.04"})),
        ],
        id="azure",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("name", "expected"), FILES)
def test_sample_files(name: str, expected: list[Found]) -> None:
    path = DATA / name
    scan = scan_ci(path.read_bytes(), path=str(path))
    assert errors(scan) == []
    assert found(scan) == expected
    assert all(o.kind == "ci" and o.path == str(path) for o in scan)
    assert all(isinstance(o, Occurrence) for o in scan)


def test_every_sample_file_is_tested() -> None:
    tested = {param.values[0] for param in FILES}
    on_disk = {
        path.relative_to(DATA).as_posix()
        for path in DATA.rglob("*")
        if path.is_file() and ci_system(path) is not None
    }
    assert on_disk == tested


# --- cases written inline ----------------------------------------------------------------


def row(
    id: str,
    system: str,
    text: str,
    occurrences: list[Found],
    errs: list[tuple[int | None, str]] | None = None,
) -> Any:
    return pytest.param(system, text, occurrences, errs or [], id=id)


ROWS = [
    # --- GitHub Actions workflows ----------------------------------------------------------
    row(
        "github: a job without a matrix: matrix.x is not judged",
        "github-workflow",
        "jobs:\n  j:\n    container: ${{ matrix.container }}\n",
        [(3, 16, "${{ matrix.container }}", "${{ matrix.container }}", None,
          gh(job="j", field="container", expression=("matrix.container",)))],
    ),
    row(
        "github: an input without a default is the caller's",
        "github-workflow",
        "jobs:\n  j:\n    services:\n      db:\n        image: postgres:${{ inputs.pg }}\n",
        [(5, 16, "postgres:${{ inputs.pg }}", "postgres:${{ inputs.pg }}", None,
          gh(job="j", field="services", service="db", known_prefix="postgres:",
             expression=("inputs.pg",)))],
    ),
    row(
        "github: services as a whole expression name no image",
        "github-workflow",
        "jobs:\n  j:\n    services: ${{ fromJSON(inputs.services) }}\n",
        [],
    ),
    row(
        # airsonic-advanced/airsonic-advanced pr_ci.yml: each database's service is a
        # matrix value (an axis's item, an include entry); an empty one has none
        "github: services given whole by the matrix are its values' services",
        "github-workflow",
        "jobs:\n  j:\n    services: ${{ matrix.cfg.services }}\n    strategy:\n"
        "      matrix:\n        cfg:\n          - services: {}\n          - services:\n"
        "              pg:\n                image: 'postgres:13.3-alpine'\n"
        "        include:\n          - cfg:\n              services:\n"
        "                db: mariadb:10.5\n",
        [(10, 25, "postgres:13.3-alpine", "postgres:13.3-alpine", hub("postgres:13.3-alpine"),
          gh(job="j", field="services", service="pg")),
         (14, 21, "mariadb:10.5", "mariadb:10.5", hub("mariadb:10.5"),
          gh(job="j", field="services", service="db"))],
    ),
    row(
        "github: double-quoted docker:// column",
        "github-workflow",
        'jobs:\n  j:\n    steps:\n      - uses: "docker://alpine:3.20"\n',
        [(4, 25, "docker://alpine:3.20", "alpine:3.20", hub("alpine:3.20"),
          gh(job="j", field="uses"))],
    ),
    row(
        # linkerd/linkerd2 codecov.yml; the workflow parser trims docker:// off job containers
        # and services, short and long form (actions/runner WorkflowTemplateConverter)
        "github: a container's or a service's docker:// prefix is not the image",
        "github-workflow",
        "jobs:\n  j:\n    container:\n      image: docker://rust:1.90.0\n"
        "    services:\n      db: docker://postgres:16.4\n  k:\n    container: docker://node:20\n",
        [(4, 23, "docker://rust:1.90.0", "rust:1.90.0", hub("rust:1.90.0"),
          gh(job="j", field="container")),
         (6, 20, "docker://postgres:16.4", "postgres:16.4", hub("postgres:16.4"),
          gh(job="j", field="services", service="db")),
         (8, 25, "docker://node:20", "node:20", hub("node:20"), gh(job="k", field="container"))],
    ),
    row(
        "github: the docker:// prefix is case-sensitive in workflows",
        "github-workflow",
        "jobs:\n  j:\n    steps:\n      - uses: Docker://alpine:3.20\n",
        [],
    ),
    row(
        "github: empty and null images start nothing",
        "github-workflow",
        "jobs:\n  j:\n    container:\n    services:\n      a:\n        image: ''\n"
        "      b: ~\n    steps:\n      - uses: docker://\n",
        [],
    ),
    row(
        "github: one anchored container in two jobs is reported once",
        "github-workflow",
        "jobs:\n  a:\n    container: &c node:20\n  b:\n    container: *c\n",
        [(3, 19, "node:20", "node:20", hub("node:20"), gh(job="a", field="container"))],
    ),
    row(
        "github: columns after anchors, tags and quotes",
        "github-workflow",
        "jobs:\n  a:\n    container: !!str node:20\n  b:\n    container: &b 'node:22'\n"
        "  c:\n    container: &c\n      \"node:24\"\n  d:\n    container: >-\n      node:18\n",
        [
            (3, 22, "node:20", "node:20", hub("node:20"), gh(job="a", field="container")),
            (5, 20, "node:22", "node:22", hub("node:22"), gh(job="b", field="container")),
            (8, 8, "node:24", "node:24", hub("node:24"), gh(job="c", field="container")),
            # A block scalar: its indicator's position (its text is on the next line).
            (10, 16, "node:18", "node:18", hub("node:18"), gh(job="d", field="container")),
        ],
    ),
    row(
        "github: wrong types",
        "github-workflow",
        "jobs:\n  a:\n    container: [node]\n  b:\n    container:\n      image: {name: x}\n"
        "  c: build\n  d:\n    services: redis\n  e:\n    steps: {uses: x}\n",
        [],
        [
            (3, "jobs.a.container: expected an image or a mapping with 'image', found a list"),
            (6, "jobs.b.container.image: expected a string, found a mapping"),
            (7, "jobs.c: expected a mapping, found a string"),
            (9, "jobs.d.services: expected a mapping, found a string"),
            (11, "jobs.e.steps: expected a list, found a mapping"),
        ],
    ),
    row(
        "github: jobs must be a mapping",
        "github-workflow",
        "jobs:\n  - build\n",
        [],
        [(2, "jobs: expected a mapping, found a list")],
    ),
    row(
        "github: the document must be a mapping",
        "github-workflow",
        "- jobs\n",
        [],
        [(1, "the document: expected a mapping, found a list")],
    ),
    row("github: an empty file", "github-workflow", "", []),
    # --- action metadata ------------------------------------------------------------------
    row(
        "action: docker:// is case-insensitive in runs.image",
        "github-action",
        "runs:\n  using: Docker\n  image: DOCKER://alpine:3.20\n",
        [(3, 19, "DOCKER://alpine:3.20", "alpine:3.20", hub("alpine:3.20"),
          action(field="image"))],
    ),
    row(
        "action: a Dockerfile in a directory is built, not pulled",
        "github-action",
        "runs:\n  using: docker\n  image: docker/Dockerfile\n",
        [],
    ),
    row(
        "action: a bare image name is rejected by the runner",
        "github-action",
        "runs:\n  using: docker\n  image: node:20\n",
        [],
        [(3, "runs.image: 'node:20' should be either '[path]/Dockerfile' "
          "or 'docker://image[:tag]'")],
    ),
    row(
        "action: a JavaScript action has no image",
        "github-action",
        "runs:\n  using: node20\n  main: dist/index.js\n  image: docker://ignored:1\n",
        [],
    ),
    row(
        "action: runs must be a mapping",
        "github-action",
        "runs: [docker]\n",
        [],
        [(1, "runs: expected a mapping, found a list")],
    ),
    # --- GitLab CI ----------------------------------------------------------------------
    row(
        "gitlab: global image and services (deprecated, still read)",
        "gitlab",
        "image: ruby:3.3\nservices:\n  - name: postgres:16\n    alias: db\njob:\n  script: rake\n",
        [
            (1, 8, "ruby:3.3", "ruby:3.3", hub("ruby:3.3"),
             gitlab(section="global", field="image")),
            (3, 11, "postgres:16", "postgres:16", hub("postgres:16"),
             gitlab(section="global", field="services")),
        ],
    ),
    row(
        "gitlab: a component's header document has the inputs' defaults",
        "gitlab",
        "spec:\n  inputs:\n    image:\n      default: alpine:3.20\n---\n"
        "spec:\n  image: $[[ inputs.image ]]\n  script: make spec\n",
        [(7, 10, "$[[ inputs.image ]]", "alpine:3.20", hub("alpine:3.20"),
          gitlab(job="spec", field="image"))],
    ),
    row(
        "gitlab: a predefined variable stays unresolved, by name",
        "gitlab",
        "build:\n  image: $CI_REGISTRY_IMAGE/builder:latest\n  script: make\n",
        [(2, 10, "$CI_REGISTRY_IMAGE/builder:latest", "$CI_REGISTRY_IMAGE/builder:latest",
          None, gitlab(job="build", field="image", variables=("CI_REGISTRY_IMAGE",)))],
    ),
    row(
        "gitlab: !reference names a value of the configuration",
        "gitlab",
        ".base:\n  image: ruby:3.3\n  services: [redis:7]\njob:\n"
        "  image: !reference [.base, image]\n  services: !reference [.base, services]\n"
        "  script: echo\n",
        [(2, 10, "ruby:3.3", "ruby:3.3", hub("ruby:3.3"),
          gitlab(job=".base", hidden=True, field="image")),
         (3, 14, "redis:7", "redis:7", hub("redis:7"),
          gitlab(job=".base", hidden=True, field="services"))],
    ),
    row(
        "gitlab: a !reference to nothing is GitLab's error",
        "gitlab",
        ".base:\n  services: [redis:7]\njob:\n  image: !reference [.base, image]\n"
        "  script: echo\n",
        [(2, 14, "redis:7", "redis:7", hub("redis:7"),
          gitlab(job=".base", hidden=True, field="services"))],
        [(4, "job.image: !reference [.base, image] could not be found")],
    ),
    row(
        "gitlab: reserved keywords and non-mappings are no jobs",
        "gitlab",
        "variables:\n  image: not-an-image\ncache:\n  image: nor-this\nworkflow:\n  image: no\n"
        "stages: [build]\nlist: [a]\n",
        [],
    ),
    row(
        "gitlab: wrong types",
        "gitlab",
        "job:\n  image: [ruby]\n  services: redis\nother:\n  services:\n    - [postgres]\n",
        [],
        [
            (2, "job.image: expected an image or a mapping with 'name', found a list"),
            (3, "job.services: expected a list, found a string"),
            (6, "other.services[0]: expected an image or a mapping with 'name', found a list"),
        ],
    ),
    # --- CircleCI -------------------------------------------------------------------------
    row(
        "circleci: an orb written in the file is read",
        "circleci",
        "version: 2.1\norbs:\n  inline:\n    executors:\n      e:\n        docker:\n"
        "          - image: cimg/base:2024.01\n  node: circleci/node@5.1.0\n",
        [(7, 20, "cimg/base:2024.01", "cimg/base:2024.01", "docker.io/cimg/base:2024.01",
          circleci(executor="inline/e", field="docker", primary=True))],
    ),
    row(
        # The python and node orbs' default executor runs cimg/<language>:<< parameters.tag >>
        # (their src/executors/default.yml); a tag the job leaves out is the orb version's own.
        "circleci: the default executor of CircleCI's language orbs",
        "circleci",
        "version: 2.1\norbs:\n  python: circleci/python@2.1.1\n  node: circleci/node@5\n"
        "  old: circleci/node@1.1.6\n  other: someone/python@2.1.1\n  ruby: circleci/ruby@2.1\n"
        "  go: circleci/go@1.1.1\nparameters:\n  py:\n"
        "    type: string\n    default: '3.11.8'\njobs:\n  unit:\n    executor:\n"
        "      name: python/default\n      tag: << pipeline.parameters.py >>\n"
        "  web:\n    parameters:\n      v: {type: string}\n"
        "    executor: {name: node/default, tag: << parameters.v >>}\n"
        "  lint:\n    executor: python/default\n"
        "  legacy:\n    executor: {name: old/default, tag: '16.13'}\n"
        "  look-alike:\n    executor: {name: other/default, tag: '3.12'}\n"
        "  rb:\n    executor: {name: ruby/default, tag: '3.3.6'}\n"
        "  golang:\n    executor: {name: go/default, tag: '1.23.4'}\n"
        "workflows:\n  w:\n    jobs: [unit, {web: {v: '22.1'}}, lint, legacy, look-alike]\n",
        [
            (17, 12, "<< pipeline.parameters.py >>", "cimg/python:3.11.8",
             "docker.io/cimg/python:3.11.8",
             circleci(job="unit", executor="python/default", field="docker", primary=True,
                      parameters={"pipeline.parameters.py": "3.11.8"})),
            (21, 41, "<< parameters.v >>", "cimg/node:22.1", "docker.io/cimg/node:22.1",
             circleci(job="web", executor="node/default", field="docker", primary=True,
                      parameters={"v": "22.1"})),
            (29, 42, "3.3.6", "cimg/ruby:3.3.6", "docker.io/cimg/ruby:3.3.6",
             circleci(job="rb", executor="ruby/default", field="docker", primary=True)),
        ],
    ),
    row(
        "circleci: an orb executor's tag a run decides stays unresolved",
        "circleci",
        "version: 2.1\norbs:\n  python: circleci/python@volatile\njobs:\n  t:\n"
        "    parameters:\n      v: {type: string}\n"
        "    executor: {name: python/default, tag: << parameters.v >>}\n",
        [(8, 43, "<< parameters.v >>", "cimg/python:<< parameters.v >>", None,
          circleci(job="t", executor="python/default", field="docker", primary=True,
                   known_prefix="cimg/python:", parameters=("parameters.v",)))],
    ),
    row(
        "circleci: wrong types",
        "circleci",
        "jobs:\n  a:\n    docker: cimg/base:2024.01\n  b:\n    docker:\n      - cimg/base:2024.01\n"
        "  c:\n    docker:\n      - image: [cimg/base]\n",
        [],
        [
            (3, "jobs.a.docker: expected a list, found a string"),
            (6, "jobs.b.docker[0]: expected a mapping with 'image', found a string"),
            (9, "jobs.c.docker[0].image: expected a string, found a list"),
        ],
    ),
    # --- Bitbucket ------------------------------------------------------------------------
    row(
        "bitbucket: a step image without a name, a repository pipe",
        "bitbucket",
        "pipelines:\n  default:\n    - step:\n        image:\n          username: u\n"
        "        script:\n          - pipe: atlassian/slack-notify:2.1.0\n",
        [],
    ),
    row(
        "bitbucket: wrong types",
        "bitbucket",
        "definitions:\n  services:\n    db: postgres:16\npipelines:\n  default:\n"
        "    - step:\n        image: [node]\n        script: make\n",
        [],
        [
            (3, "definitions.services.db: expected a mapping, found a string"),
            (7, "step.image: expected an image or a mapping with 'name', found a list"),
            (8, "step.script: expected a list, found a string"),
        ],
    ),
    # --- Drone and Woodpecker ------------------------------------------------------------
    row(
        "drone: wrong types",
        "drone",
        "kind: pipeline\nname: p\nsteps: build\n---\nkind: pipeline\nname: q\nsteps:\n"
        "- golang\n- name: test\n  image:\n    name: golang\n",
        [],
        [
            (3, "steps: expected a list or a mapping, found a string"),
            (8, "steps[0]: expected a mapping with 'image', found a string"),
            (11, "steps.test.image: expected a string, found a mapping"),
        ],
    ),
    row(
        "woodpecker: quoted image with a variable",
        "woodpecker",
        "steps:\n  - name: build\n    image: 'golang:${GO_VERSION}'\n",
        [(3, 13, "golang:${GO_VERSION}", "golang:${GO_VERSION}", None,
          woodpecker(field="steps", step="build", known_prefix="golang:",
                     variables=("GO_VERSION",)))],
    ),
    # --- Azure Pipelines ------------------------------------------------------------------
    row(
        "azure: a single-job pipeline in a container",
        "azure",
        "pool:\n  vmImage: 'ubuntu-18.04'\n\ncontainer: ubuntu:18.04\n\n"
        "steps:\n- script: printenv\n",
        [(4, 12, "ubuntu:18.04", "ubuntu:18.04", hub("ubuntu:18.04"),
          azure(field="container"))],
    ),
    row(
        "azure: template expressions, macros and inline services",
        "azure",
        "jobs:\n- job: A\n  container: ${{ parameters.image }}\n  services:\n"
        "    db: postgres:$(pgVersion)\n    cache:\n      image: redis:7\n",
        [
            (3, 14, "${{ parameters.image }}", "${{ parameters.image }}", None,
             azure(job="A", field="container", expression=("parameters.image",))),
            (5, 9, "postgres:$(pgVersion)", "postgres:$(pgVersion)", None,
             azure(job="A", field="services", service="db", known_prefix="postgres:",
                   variables=("pgVersion",))),
            (7, 14, "redis:7", "redis:7", hub("redis:7"),
             azure(job="A", field="services", service="cache")),
        ],
    ),
    row(
        "azure: wrong types",
        "azure",
        "resources:\n  containers:\n    container: a\njobs:\n- job: A\n  container: [x]\n",
        [],
        [
            (3, "resources.containers: expected a list, found a mapping"),
            (6, "jobs[0].container: expected an image or a mapping with 'image', found a list"),
        ],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("system_name", "text", "expected", "errs"), ROWS)
def test_inline(
    system_name: str, text: str, expected: list[Found], errs: list[tuple[int | None, str]]
) -> None:
    scan = scan_ci(text, system=system_name)
    assert errors(scan) == errs
    assert found(scan) == expected


# --- values the file defines (issue #12) ----------------------------------------------------


def texts(system_name: str, text: str) -> list[tuple[int, str, tuple[str, ...]]]:
    """(line, text, unresolved) of each occurrence: the shape most value tests need."""
    return [(o.line, o.text, o.unresolved) for o in scan_ci(text, system=system_name)]


VALUES = [
    # --- GitLab: variables as GitLab, then its runner, expand them --------------------------
    row(
        "gitlab: the issue's example: a global variable in a job's image",
        "gitlab",
        'variables: {NODE_MAJOR: "22"}\nbuild:\n  image: node:${NODE_MAJOR}-alpine\n'
        "  script: make\n",
        [(3, 10, "node:${NODE_MAJOR}-alpine", "node:22-alpine", hub("node:22-alpine"),
          gitlab(job="build", field="image"))],
    ),
    row(
        "gitlab: a default image, expanded with each job's variables",
        "gitlab",
        "variables:\n  NODE: '22'\ndefault:\n  image: node:$NODE\na:\n  script: x\nb:\n"
        "  variables:\n    NODE: '20'\n  script: x\n",
        [(4, 10, "node:$NODE", "node:22", hub("node:22"), gitlab(section="default", field="image")),
         (4, 10, "node:$NODE", "node:20", hub("node:20"),
          gitlab(section="default", field="image"))],
    ),
    row(
        "gitlab: value mappings, variables in variables, %NAME%, integers",
        "gitlab",
        "variables:\n  REGISTRY: {value: registry.example.com, description: where}\n"
        "  APP: $REGISTRY/app\n  TAG: '%MAJOR%.${MINOR}'\n  MAJOR: 1\n  MINOR: 0x10\n"
        "job:\n  image: ${APP}:$TAG\n  script: x\n",
        [(8, 10, "${APP}:$TAG", "registry.example.com/app:1.16",
          "registry.example.com/app:1.16", gitlab(job="job", field="image"))],
    ),
    row(
        "gitlab: $$ is a $ the runner passes on; expand: false keeps a value as written",
        "gitlab",
        "variables:\n  RAW: {value: $HOME, expand: false}\n  V: '1'\n"
        "a:\n  image: alpine:$$V\n  script: x\nb:\n  image: alpine:$RAW\n  script: x\n",
        [(5, 10, "alpine:$$V", "alpine:$V", None, gitlab(job="a", field="image")),
         (8, 10, "alpine:$RAW", "alpine:$HOME", None, gitlab(job="b", field="image"))],
    ),
    row(
        "gitlab: a predefined variable stays, named, with what is known before it",
        "gitlab",
        "variables:\n  T: $CI_COMMIT_SHORT_SHA\njob:\n  image: node:latest-$T\n  script: x\n",
        [(4, 10, "node:latest-$T", "node:latest-$CI_COMMIT_SHORT_SHA", None,
          gitlab(job="job", field="image", known_prefix="node:latest-",
                 variables=("CI_COMMIT_SHORT_SHA",)))],
    ),
    row(
        "gitlab: variables in a cycle: GitLab expands none of them",
        "gitlab",
        "variables:\n  A: $B\n  B: $A\n  C: '3'\njob:\n  image: alpine:3.$C-$A\n  script: x\n",
        # (The runner expands once: A is B's text, $A; the image is that, left as it is.)
        [(6, 10, "alpine:3.$C-$A", "alpine:3.3-$A", None, gitlab(job="job", field="image"))],
    ),
    row(
        # GitLab takes any scalar (ScalarValidator) as Ruby prints it: 3.10 is the float 3.1
        "gitlab: a float variable is the number GitLab reads, with a note",
        "gitlab",
        "variables:\n  PY: 3.10\n  NODE: 22.0\njob:\n  image: python:$PY\n  script: x\n"
        "j2:\n  image: node:$NODE\n  script: x\n",
        [(5, 10, "python:$PY", "python:3.1", "docker.io/library/python:3.1",
          gitlab(job="job", field="image")),
         (8, 10, "node:$NODE", "node:22.0", "docker.io/library/node:22.0",
          gitlab(job="j2", field="image"))],
        [(2, "variables:PY: GitLab reads '3.10' as the float 3.1; quote it for the text as "
          "written")],
    ),
    row(
        # GNOME/mutter .gitlab-ci.yml: `BASE_MESON_OPTIONS:` with no value; GitLab's entry
        # factory makes a null an unspecified entry and does not validate it
        "gitlab: a variable with no value is no error, and has no value here",
        "gitlab",
        "variables:\n  TAG: '3.20'\njob:\n  variables:\n    OPTS:\n"
        "  image: alpine:$TAG\n  script: meson $OPTS\n",
        [(6, 10, "alpine:$TAG", "alpine:3.20", "docker.io/library/alpine:3.20",
          gitlab(job="job", field="image"))],
    ),
    row(
        "gitlab: inherit limits the global variables and the defaults a job takes",
        "gitlab",
        "variables:\n  V: '1'\n  W: '2'\ndefault:\n  image: base:$V\n"
        "a:\n  inherit: {variables: [W]}\n  image: a:$V-$W\n  script: x\n"
        "b:\n  inherit: {default: false, variables: false}\n  script: x\n",
        [(5, 10, "base:$V", "base:1", "docker.io/library/base:1",
          gitlab(section="default", field="image")),
         (8, 10, "a:$V-$W", "a:$V-2", None,
          gitlab(job="a", field="image", known_prefix="a:", variables=("V",)))],
    ),
    row(
        "gitlab: extends: the template's image with the job's variables, not its own alone",
        "gitlab",
        ".node:\n  image: node:${NODE_VERSION}-slim\n"
        "test-20:\n  extends: .node\n  variables: {NODE_VERSION: '20'}\n  script: x\n"
        "test-22:\n  extends: [.node]\n  variables: {NODE_VERSION: '22'}\n  script: x\n",
        [(2, 10, "node:${NODE_VERSION}-slim", "node:20-slim", hub("node:20-slim"),
          gitlab(job=".node", hidden=True, field="image")),
         (2, 10, "node:${NODE_VERSION}-slim", "node:22-slim", hub("node:22-slim"),
          gitlab(job=".node", hidden=True, field="image"))],
    ),
    row(
        "gitlab: a template no job uses is read with its own variables",
        "gitlab",
        ".unused:\n  variables: {TAG: '1.2'}\n  image: tool:$TAG\n"
        ".incomplete:\n  image: tool:$MISSING\n",
        [(3, 10, "tool:$TAG", "tool:1.2", "docker.io/library/tool:1.2",
          gitlab(job=".unused", hidden=True, field="image")),
         (5, 10, "tool:$MISSING", "tool:$MISSING", None,
          gitlab(job=".incomplete", hidden=True, field="image", known_prefix="tool:",
                 variables=("MISSING",)))],
    ),
    row(
        "gitlab: parallel:matrix: one image a combination, its values in the context",
        "gitlab",
        "test:\n  image: ruby:${RUBY}\n  services: [$DB]\n  parallel:\n    matrix:\n"
        "      - RUBY: ['3.2', '3.3']\n        DB: [postgres:16]\n      - RUBY: '3.4'\n"
        "  script: x\n",
        [(2, 10, "ruby:${RUBY}", "ruby:3.2", hub("ruby:3.2"),
          gitlab(job="test", field="image", matrix={"RUBY": "3.2"})),
         (2, 10, "ruby:${RUBY}", "ruby:3.3", hub("ruby:3.3"),
          gitlab(job="test", field="image", matrix={"RUBY": "3.3"})),
         (2, 10, "ruby:${RUBY}", "ruby:3.4", hub("ruby:3.4"),
          gitlab(job="test", field="image", matrix={"RUBY": "3.4"})),
         (3, 14, "$DB", "postgres:16", hub("postgres:16"),
          gitlab(job="test", field="services", matrix={"DB": "postgres:16"})),
         (3, 14, "$DB", "$DB", None, gitlab(job="test", field="services", variables=("DB",)))],
    ),
    row(
        "gitlab: !reference gives variables too",
        "gitlab",
        ".vars:\n  variables: {TAG: '7.2'}\njob:\n  variables: !reference [.vars, variables]\n"
        "  image: redis:$TAG\n  script: x\n",
        [(5, 10, "redis:$TAG", "redis:7.2", hub("redis:7.2"), gitlab(job="job", field="image"))],
    ),
    # --- GitHub Actions: the runner's expressions ------------------------------------------
    row(
        "github: matrix include and exclude, as GitHub documents them",
        "github-workflow",
        "jobs:\n  j:\n    strategy:\n      matrix:\n        node: [18, 20]\n        os: [a, b]\n"
        "        include:\n          - node: 20\n            variant: alpine\n"
        "          - node: 22\n        exclude:\n          - node: 18\n            os: b\n"
        "    container: node:${{ matrix.node }}${{ matrix.variant && '-' }}${{ matrix.variant }}\n",
        [(14, 16, "node:${{ matrix.node }}${{ matrix.variant && '-' }}${{ matrix.variant }}",
          "node:18", hub("node:18"), gh(job="j", field="container", matrix={"node": "18"})),
         (14, 16, "node:${{ matrix.node }}${{ matrix.variant && '-' }}${{ matrix.variant }}",
          "node:20-alpine", hub("node:20-alpine"),
          gh(job="j", field="container", matrix={"node": "20", "variant": "alpine"})),
         (14, 16, "node:${{ matrix.node }}${{ matrix.variant && '-' }}${{ matrix.variant }}",
          "node:22", hub("node:22"), gh(job="j", field="container", matrix={"node": "22"}))],
    ),
    row(
        "github: a number is printed as the runner prints it (3.10 is 3.1)",
        "github-workflow",
        "jobs:\n  j:\n    strategy:\n      matrix:\n        python: [3.10, '3.12']\n"
        "    container: python:${{ matrix.python }}-slim\n",
        [(6, 16, "python:${{ matrix.python }}-slim", "python:3.1-slim", hub("python:3.1-slim"),
          gh(job="j", field="container", matrix={"python": "3.1"})),
         (6, 16, "python:${{ matrix.python }}-slim", "python:3.12-slim",
          hub("python:3.12-slim"), gh(job="j", field="container", matrix={"python": "3.12"}))],
    ),
    row(
        "github: inputs take their default; one without stays the caller's",
        "github-workflow",
        "on:\n  workflow_call:\n    inputs:\n      pg: {type: string, default: '16'}\n"
        "      redis: {type: string, required: true}\njobs:\n  j:\n    services:\n"
        "      db: postgres:${{ inputs.pg }}\n      cache: redis:${{ inputs.redis }}\n",
        [(9, 11, "postgres:${{ inputs.pg }}", "postgres:16", hub("postgres:16"),
          gh(job="j", field="services", service="db")),
         (10, 14, "redis:${{ inputs.redis }}", "redis:${{ inputs.redis }}", None,
          gh(job="j", field="services", service="cache", known_prefix="redis:",
             expression=("inputs.redis",)))],
    ),
    row(
        "github: a condition only a run knows: every value it may choose",
        "github-workflow",
        "jobs:\n  j:\n    strategy:\n      matrix:\n        pg: ${{ github.event_name == "
        "'schedule' && fromJSON('[\"15\", \"16\"]') || fromJSON('[\"16\"]') }}\n"
        "    services:\n      db: postgres:${{ matrix.pg }}\n",
        [(7, 11, "postgres:${{ matrix.pg }}", "postgres:15", hub("postgres:15"),
          gh(job="j", field="services", service="db", matrix={"pg": "15"})),
         (7, 11, "postgres:${{ matrix.pg }}", "postgres:16", hub("postgres:16"),
          gh(job="j", field="services", service="db", matrix={"pg": "16"}))],
    ),
    row(
        "github: what only a run has is named",
        "github-workflow",
        "jobs:\n  j:\n    container: ghcr.io/${{ github.repository }}:${{ vars.TAG || 'main' }}\n",
        [(3, 16, "ghcr.io/${{ github.repository }}:${{ vars.TAG || 'main' }}",
          "ghcr.io/${{ github.repository }}:${{ vars.TAG || 'main' }}", None,
          gh(job="j", field="container", known_prefix="ghcr.io/",
             expression=("github.repository", "vars.TAG"))),
         (3, 16, "ghcr.io/${{ github.repository }}:${{ vars.TAG || 'main' }}",
          "ghcr.io/${{ github.repository }}:main", None,
          gh(job="j", field="container", known_prefix="ghcr.io/",
             expression=("github.repository",)))],
    ),
    row(
        "github: env and secrets are not available where an image is named",
        "github-workflow",
        "env:\n  IMAGE: node:20\njobs:\n  a:\n    container: ${{ env.IMAGE }}\n  b:\n"
        "    services:\n      db: ${{ secrets.DB_IMAGE }}\n",
        [],
        [(5, "jobs.a.container: Unrecognized named-value: 'env'. Located at position 1 "
          "within expression: env.IMAGE"),
         (8, "jobs.b.services.db: Unrecognized named-value: 'secrets'. Located at position 1 "
          "within expression: secrets.DB_IMAGE")],
    ),
    row(
        "github: uses takes no expression; an unclosed one is an error",
        "github-workflow",
        "jobs:\n  a:\n    steps:\n      - uses: docker://alpine:${{ matrix.v }}\n"
        "  b:\n    container: node:${{ matrix.v\n",
        [],
        [(4, "jobs.a.steps[0].uses: Unrecognized named-value: 'matrix'. Located at position 1 "
          "within expression: matrix.v"),
         (6, "jobs.b.container: The expression is not closed. An unescaped ${{ sequence was "
          "found, but the closing }} sequence was not found.")],
    ),
    row(
        "github: a whole container from the matrix; an empty one starts none",
        "github-workflow",
        "jobs:\n  j:\n    strategy:\n      matrix:\n        include:\n"
        "          - container: {image: 'ubuntu:24.04', options: --cpus 1}\n"
        "          - container: ''\n    container: ${{ matrix.container }}\n",
        [(8, 16, "${{ matrix.container }}", "ubuntu:24.04", hub("ubuntu:24.04"),
          gh(job="j", field="container"))],
    ),
    row(
        "github: a matrix past GitHub's 256 jobs is an error, its values unknown",
        "github-workflow",
        "jobs:\n  j:\n    strategy:\n      matrix:\n"
        + "".join(f"        a{i}: [1, 2, 3, 4]\n" for i in range(5))
        + "    container: node:${{ matrix.a0 }}\n",
        [(10, 16, "node:${{ matrix.a0 }}", "node:${{ matrix.a0 }}", None,
          gh(job="j", field="container", known_prefix="node:", expression=("matrix.a0",)))],
        [(5, "jobs.j.strategy.matrix: 1,024 combinations; GitHub runs at most 256")],
    ),
    # --- CircleCI: parameters as CircleCI compiles them -------------------------------------
    row(
        "circleci: invocations, matrix and exclude, executor arguments, pipeline parameters",
        "circleci",
        "version: 2.1\nparameters:\n  base: {type: string, default: '2024.01'}\n"
        "executors:\n  py:\n    parameters:\n      version: {type: string, default: '3.11'}\n"
        "    docker:\n      - image: cimg/python:<< parameters.version >>\n"
        "jobs:\n  test:\n    parameters:\n      pg: {type: string, default: '15'}\n"
        "      py: {type: string, default: '3.12'}\n"
        "    executor: {name: py, version: << parameters.py >>}\n"
        "    docker:\n      - image: cimg/base:<< pipeline.parameters.base >>\n"
        "      - image: cimg/postgres:<< parameters.pg >>\n"
        "      - image: cimg/redis:<< pipeline.git.tag >>\n"
        "workflows:\n  main:\n    jobs:\n      - test:\n          matrix:\n"
        "            parameters:\n"
        "              pg: ['14', '16']\n              py: ['3.10', '3.13']\n"
        "            exclude:\n              - {pg: '16', py: '3.13'}\n",
        [(9, 16, "cimg/python:<< parameters.version >>", "cimg/python:3.10",
          "docker.io/cimg/python:3.10",
          circleci(executor="py", field="docker", primary=True,
                   parameters={"py": "3.10", "version": "3.10"})),
         (9, 16, "cimg/python:<< parameters.version >>", "cimg/python:3.13",
          "docker.io/cimg/python:3.13",
          circleci(executor="py", field="docker", primary=True,
                   parameters={"py": "3.13", "version": "3.13"})),
         (17, 16, "cimg/base:<< pipeline.parameters.base >>", "cimg/base:2024.01",
          "docker.io/cimg/base:2024.01",
          circleci(job="test", field="docker", primary=True,
                   parameters={"pipeline.parameters.base": "2024.01"})),
         (18, 16, "cimg/postgres:<< parameters.pg >>", "cimg/postgres:14",
          "docker.io/cimg/postgres:14",
          circleci(job="test", field="docker", primary=False, parameters={"pg": "14"})),
         (18, 16, "cimg/postgres:<< parameters.pg >>", "cimg/postgres:16",
          "docker.io/cimg/postgres:16",
          circleci(job="test", field="docker", primary=False, parameters={"pg": "16"})),
         (19, 16, "cimg/redis:<< pipeline.git.tag >>", "cimg/redis:<< pipeline.git.tag >>", None,
          circleci(job="test", field="docker", primary=False, known_prefix="cimg/redis:",
                   parameters=("pipeline.git.tag",)))],
    ),
    row(
        "circleci: a parameter without a value stays, named",
        "circleci",
        "jobs:\n  t:\n    parameters:\n      tag: {type: string}\n"
        "    docker:\n      - image: node:<< parameters.tag >>\n",
        [(6, 16, "node:<< parameters.tag >>", "node:<< parameters.tag >>", None,
          circleci(job="t", field="docker", primary=True, known_prefix="node:",
                   parameters=("parameters.tag",)))],
    ),
    row(
        "circleci: a repeated anchor is YAML, not an error (the later one wins)",
        "circleci",
        "defaults: &img\n  image: cimg/node:18.20\nother: &img\n  image: cimg/node:20.11\n"
        "jobs:\n  t:\n    docker:\n      - *img\n",
        [(4, 10, "cimg/node:20.11", "cimg/node:20.11", "docker.io/cimg/node:20.11",
          circleci(job="t", field="docker", primary=True))],
    ),
    # --- Azure Pipelines --------------------------------------------------------------------
    row(
        "azure: variables of the pipeline, stage and job; macros in macros; parameters",
        "azure",
        "parameters:\n- name: sdk\n  default: '8.0'\nvariables:\n- name: registry\n"
        "  value: myacr.azurecr.io\n- group: shared\n- name: app\n  value: $(registry)/app\n"
        "stages:\n- stage: S\n  variables: {tag: '1.0'}\n  jobs:\n  - job: J\n"
        "    variables: {tag: '1.1'}\n    container: $(app):$(tag)\n    services:\n"
        "      sdk: mcr.microsoft.com/dotnet/sdk:${{ parameters.sdk }}\n"
        "      build: $(app):$(Build.BuildId)\n",
        [(16, 16, "$(app):$(tag)", "myacr.azurecr.io/app:1.1", "myacr.azurecr.io/app:1.1",
          azure(stage="S", job="J", field="container")),
         (18, 12, "mcr.microsoft.com/dotnet/sdk:${{ parameters.sdk }}",
          "mcr.microsoft.com/dotnet/sdk:8.0", "mcr.microsoft.com/dotnet/sdk:8.0",
          azure(stage="S", job="J", field="services", service="sdk")),
         (19, 14, "$(app):$(Build.BuildId)", "myacr.azurecr.io/app:$(Build.BuildId)", None,
          azure(stage="S", job="J", field="services", service="build",
                known_prefix="myacr.azurecr.io/app:", variables=("Build.BuildId",)))],
    ),
    row(
        "azure: a runtime expression that picks a container resource is that resource",
        "azure",
        "resources:\n  containers:\n  - container: u20\n    image: ubuntu:20.04\n"
        "  - container: app\n    image: app:$(appTag)\njobs:\n- job: M\n"
        "  variables: {appTag: '2.0'}\n  strategy:\n    matrix:\n"
        "      a: {containerResource: u20}\n"
        "      b: {containerResource: app}\n  container: $[ variables['containerResource'] ]\n",
        [(4, 12, "ubuntu:20.04", "ubuntu:20.04", hub("ubuntu:20.04"),
          azure(field="resources", container="u20")),
         (6, 12, "app:$(appTag)", "app:2.0", "docker.io/library/app:2.0",
          azure(field="resources", container="app"))],
    ),
    # --- Drone, Woodpecker, Bitbucket -------------------------------------------------------
    row(
        "woodpecker: matrix include; $$ is a $; what only a run has is named",
        "woodpecker",
        "matrix:\n  include:\n    - GO: '1.22'\n    - GO: '1.23'\nsteps:\n"
        "  - name: build\n    image: golang:${GO}\n"
        "  - name: tag\n    image: app:${CI_COMMIT_TAG##v}\n",
        [(7, 12, "golang:${GO}", "golang:1.22", hub("golang:1.22"),
          woodpecker(field="steps", step="build", matrix={"GO": "1.22"})),
         (7, 12, "golang:${GO}", "golang:1.23", hub("golang:1.23"),
          woodpecker(field="steps", step="build", matrix={"GO": "1.23"})),
         (9, 12, "app:${CI_COMMIT_TAG##v}", "app:${CI_COMMIT_TAG##v}", None,
          woodpecker(field="steps", step="tag", known_prefix="app:",
                     variables=("CI_COMMIT_TAG",)))],
    ),
    row(
        "bitbucket: repository variables are named",
        "bitbucket",
        "image: $REGISTRY/build:${TAG}\n",
        [(1, 8, "$REGISTRY/build:${TAG}", "$REGISTRY/build:${TAG}", None,
          bitbucket(section="global", field="image", variables=("REGISTRY", "TAG")))],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("system_name", "text", "expected", "errs"), VALUES)
def test_values_the_file_defines(
    system_name: str, text: str, expected: list[Found], errs: list[tuple[int | None, str]]
) -> None:
    scan = scan_ci(text, system=system_name)
    assert errors(scan) == errs
    assert found(scan) == expected


#: zeek's shape: a continued configuration's pipeline parameter with an empty default,
#: which the setup job's ``continuation/continue`` fills in (a version a script computes).
CONTINUED_PIPELINE = (
    "version: 2.1\nparameters:\n  alpine_version: {type: string, default: ''}\n"
    "jobs:\n  build:\n    parameters:\n      image: {type: string}\n"
    "      version: {type: string}\n"
    "    docker:\n      - image: << parameters.image >>-<< parameters.version >>\n"
    "workflows:\n  ci:\n    jobs:\n      - build:\n          image: zeek/zeek-ci:alpine\n"
    "          version: << pipeline.parameters.alpine_version >>\n"
)


def test_a_continued_configurations_empty_pipeline_default_is_the_setups_to_fill() -> None:
    continued = scan_ci(CONTINUED_PIPELINE, path=".circleci/builds.yml")
    assert [(o.text, o.unresolved) for o in continued] == [
        (
            "zeek/zeek-ci:alpine-<< pipeline.parameters.alpine_version >>",
            ("pipeline.parameters.alpine_version",),
        )
    ]
    # the configuration CircleCI runs first takes its default as written
    first = scan_ci(CONTINUED_PIPELINE, path=".circleci/config.yml")
    assert [(o.text, o.unresolved) for o in first] == [("zeek/zeek-ci:alpine-", ())]


def test_docstring_examples() -> None:
    result = doctest.testmod(tagsense.sources.ci)
    assert result.failed == 0
    assert result.attempted > 0


# --- which system a path is ------------------------------------------------------------

PATHS = [
    (".github/workflows/ci.yml", "github-workflow"),
    ("repo/.github/workflows/release.yaml", "github-workflow"),
    (".github/workflows/nested/ci.yml", None),
    # A workflow named action.yml is a workflow (medusajs/medusa .github/workflows/action.yml).
    (".github/workflows/action.yml", "github-workflow"),
    (".github/workflows/nested/action.yml", "github-action"),
    (".github/workflows/README.md", None),
    (".github/ci.yml", None),
    ("action.yml", "github-action"),
    ("actions/greet/action.yaml", "github-action"),
    ("Action.yml", None),
    (".gitlab-ci.yml", "gitlab"),
    ("ci/.gitlab-ci.yml", "gitlab"),
    ("gitlab-ci.yml", None),
    (".circleci/config.yml", "circleci"),
    ("config.yml", None),
    ("bitbucket-pipelines.yml", "bitbucket"),
    (".drone.yml", "drone"),
    (".woodpecker.yml", "woodpecker"),
    (".woodpecker.yaml", "woodpecker"),
    (".woodpecker/build.yml", "woodpecker"),
    (".woodpecker/deploy.yaml", "woodpecker"),
    (".woodpecker/notes.txt", None),
    ("azure-pipelines.yml", "azure"),
    (".buildkite/pipeline.yml", "buildkite"),
    (".buildkite/test-e2e.yaml", "buildkite"),
    ("buildkite.yml", "buildkite"),
    (".buildkite/hooks/pre-command", None),
    (".prow.yaml", "prow"),
    (".prow/presubmits.yaml", "prow"),
    (".prow/jobs/e2e.yaml", "prow"),
    ("prow.yaml", None),
    (".cirrus.yml", "cirrus"),
    (".cirrus.yaml", "cirrus"),
    (".cirrus.star", None),
    ("docker-compose.yml", None),
]


@pytest.mark.parametrize(("path", "expected"), PATHS)
def test_ci_system(path: str, expected: str | None) -> None:
    assert ci_system(PurePath(path)) == expected
    assert ci_system(path) == expected


def test_system_from_path_and_override() -> None:
    text = "jobs:\n  j:\n    container: node:20\n"
    by_path = scan_ci(text, path=".github/workflows/ci.yml")
    assert [o.context["system"] for o in by_path] == ["github-workflow"]
    # The same text read as GitLab: ``jobs`` is a job without an image.
    assert len(scan_ci(text, path=".github/workflows/ci.yml", system="gitlab")) == 0


def test_unknown_path_is_one_error() -> None:
    scan = scan_ci("image: x\n", path="ci/pipeline.yml")
    assert errors(scan) == [
        (None, "'ci/pipeline.yml' is not at a standard CI path; name the CI system")
    ]
    assert errors(scan_ci("image: x\n")) == [
        (None, "the text is not at a standard CI path; name the CI system")
    ]


def test_unknown_system_raises() -> None:
    with pytest.raises(TagsenseError, match="unknown CI system 'teamcity'"):
        scan_ci("", system="teamcity")


# --- Dockerfiles of actions ----------------------------------------------------------------


def test_referenced_dockerfiles() -> None:
    metadata = DATA / "github-action" / "dockerfile" / "action.yml"
    assert referenced_dockerfiles(metadata.read_text(), path=metadata) == [
        metadata.parent / "Dockerfile"
    ]
    assert referenced_dockerfiles(metadata.read_bytes()) == [Path("Dockerfile")]
    text = "runs:\n  using: docker\n  image: ./docker/Dockerfile\n"
    assert referenced_dockerfiles(text, path="a/action.yml") == [Path("a/docker/Dockerfile")]


@pytest.mark.parametrize(
    "text",
    [
        (DATA / "github-action" / "image" / "action.yml").read_text(),
        (DATA / "github-action" / "composite" / "action.yaml").read_text(),
        "runs:\n  using: node20\n  image: Dockerfile\n",
        "runs: [docker]\n",
        "- not a mapping\n",
        "runs:\n  using: docker\n  image: [Dockerfile]\n",
        "\x00binary",
    ],
)
def test_no_referenced_dockerfiles(text: str) -> None:
    assert referenced_dockerfiles(text, path="action.yml") == []


# --- bad input: never an exception ----------------------------------------------------------


def test_bad_files_are_one_error_each() -> None:
    assert errors(scan_ci(b"\x00\x01binary", system="gitlab")) == [(None, "binary file (not YAML)")]
    assert errors(scan_ci(b"image: \xff\n", system="gitlab")) == [(None, "not UTF-8 text (byte 7)")]
    big = scan_ci("image: x\n" * 100, system="gitlab", max_bytes=100)
    assert errors(big) == [(None, "file is 900 bytes; YAML files over 100 are skipped")]
    assert len(big) == 0
    invalid = scan_ci("jobs:\n  j: [\n", system="github-workflow")
    assert len(invalid.errors) == 1 and invalid.errors[0].message.startswith("invalid YAML")


def test_bytes_with_bom_and_duplicate_keys() -> None:
    scan = scan_ci(b"\xef\xbb\xbfjob:\n  image: ruby:3.2\n  image: ruby:3.3\n", system="gitlab")
    assert errors(scan) == [(3, "duplicate key 'image' (first on line 2); the last one wins")]
    assert [(o.line, o.text) for o in scan] == [(3, "ruby:3.3")]


def test_alias_bomb_is_cheap() -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    text = "\n".join(levels) + "\npipelines:\n  default: *a8\njob:\n  services: *a8\n"
    started = time.perf_counter()
    for system_name in ("bitbucket", "gitlab"):
        scan = scan_ci(text, system=system_name)
        assert len(scan) == 0
    assert time.perf_counter() - started < 5


def _documents() -> st.SearchStrategy[object]:
    keys = st.sampled_from(
        [
            "jobs", "container", "services", "steps", "uses", "image", "name", "runs",
            "using", "docker", "default", "pipelines", "step", "script", "pipe",
            "definitions", "executors", "resources", "containers", "stages", "clone",
            "pipeline", "kind", "type", "job", "deployment", "spec", "x",
        ]
    )  # fmt: skip
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.sampled_from(["docker://alpine", "Dockerfile", "node:20", "${{ x }}", "$V", ""]),
        st.text(max_size=8),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)
        ),
        max_leaves=30,
    )


@given(st.sampled_from(SYSTEMS), _documents())
def test_never_raises_on_any_structure(system_name: str, document: object) -> None:
    text = yaml.safe_dump(document)
    scan = scan_ci(text, system=system_name)
    assert not any(e.message.startswith("internal error") for e in scan.errors)
    referenced_dockerfiles(text)


@given(st.sampled_from(SYSTEMS), st.text(max_size=200))
def test_never_raises_on_any_text(system_name: str, text: str) -> None:
    scan = scan_ci(text, system=system_name)
    assert not any(e.message.startswith("internal error") for e in scan.errors)


# --- GitLab: files a pipeline includes ------------------------------------------------------


def _repository(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path / ".gitlab-ci.yml"


def test_jobs_without_an_image_beside_includes_not_read_are_one_note(tmp_path: Path) -> None:
    # GNOME/librsvg: every job takes its image from freedesktop's ci-templates (a remote
    # include); finding no image there must not read as "this pipeline pulls nothing".
    main = _repository(
        tmp_path,
        {
            ".gitlab-ci.yml": "include:\n  - local: ci/jobs.yml\n"
            "  - project: GNOME/citemplates\n    file: templates/default-rules.yml\n"
            "  - remote: https://example.com/templates/opensuse.yml\n"
            "lint:\n  extends: .fdo.distribution-image@opensuse\n  script: ruff check\n",
            "ci/jobs.yml": "test:\n  extends: .fdo.distribution-image@opensuse\n  script: make\n"
            "docs:\n  image: python:3.13\n  script: make docs\n",
        },
    )
    scan = scan_ci(main.read_bytes(), path=str(main))
    assert [o.text for o in scan] == ["python:3.13"]
    ((path, line, note, message),) = [(e.path, e.line, e.note, e.message) for e in scan.errors]
    assert (path, line, note) == (str(main), 3, True)  # (the first include not read)
    assert message.startswith("2 running jobs have no image in the files read here (test, lint)")
    assert "(project GNOME/citemplates, remote https://example.com/templates/opensuse.yml:" in (
        message
    )
    # Every job with its image, or no include left unread: nothing to say.
    for file in (main, tmp_path / "ci" / "jobs.yml"):
        file.write_text(file.read_text().replace("extends: .fdo", "image: alpine:3.21\n  x: .fdo"))
    assert errors(scan_ci(main.read_bytes(), path=str(main))) == []
    main.write_text("include:\n  - local: ci/jobs.yml\n")
    assert errors(scan_ci(main.read_bytes(), path=str(main))) == []


def test_included_files_are_read_as_part_of_the_pipeline(tmp_path: Path) -> None:
    main = _repository(
        tmp_path,
        {
            ".gitlab-ci.yml": "include:\n  - local: /ci/build.yml\n  - 'ci/jobs/*.yml'\n"
            "  - project: group/other\n    file: /x.yml\n  - remote: https://example.com/x.yml\n"
            "variables:\n  NODE: '22'\n  TAG: '2.0'\ntest:\n  variables: {NODE: '20'}\n",
            # GitLab merges what a file includes first, then the file: its keys win.
            "ci/build.yml": "include: ci/base.yml\nvariables:\n  NODE: '18'\n"
            "build:\n  image: node:$NODE  # tagsense: ignore[TS004]\n  script: make\n"
            "test:\n  image: node:$NODE-slim\n  script: make test\n",
            "ci/base.yml": ".base:\n  image: registry.example.com/base:$TAG\n",
            "ci/jobs/deploy.yml": "deploy:\n  extends: .base\n  script: deploy\n",
            "ci/jobs/nested/skip.yml": "skip:\n  image: not-matched-by-a-star\n",
        },
    )
    scan = scan_ci(main.read_bytes(), path=str(main))
    assert errors(scan) == []
    build, base = str(tmp_path / "ci" / "build.yml"), str(tmp_path / "ci" / "base.yml")
    assert [(o.path, o.line, o.text, o.context.get("job")) for o in scan] == [
        (base, 2, "registry.example.com/base:2.0", ".base"),
        (build, 5, "node:22", "build"),
        (build, 8, "node:20-slim", "test"),
    ]
    assert all(o.context["included_by"] == str(main) for o in scan)
    # The included file's suppression comment is the scan's, and covers its line.
    assert [(s.path, s.line) for s in scan.suppressions] == [(build, 5)]
    assert included_files(main) == {
        build,
        base,
        str(tmp_path / "ci" / "jobs" / "deploy.yml"),
    }


def test_a_child_pipeline_a_trigger_job_starts_is_read_as_its_own(tmp_path: Path) -> None:
    # srsran/srsRAN_Project (survey s42c): `trigger: include: .gitlab/ci/builders.yml` and
    # `trigger: {include: [{local: …}]}` start child pipelines; their jobs pull images.
    main = _repository(
        tmp_path,
        {
            ".gitlab-ci.yml": "builders:\n  trigger:\n    include: ci/builders.yml\n"
            "docker:\n  trigger:\n    include:\n      - local: ci/docker.yml\n"
            "    strategy: depend\n"
            ".off:\n  trigger:\n    include: ci/hidden.yml\n",
            "ci/builders.yml": ".b:\n  image: ubuntu:${os}\n"
            "b22:\n  extends: .b\n  variables: {os: '22.04'}\n  script: make\n"
            "nested:\n  trigger:\n    include: ci/docker.yml\n",
            "ci/docker.yml": "d:\n  image: alpine:3.20.3\n  services: [docker:24.0.7-dind]\n"
            "  script: make\n",
            "ci/hidden.yml": "h:\n  image: busybox:1.37.0\n  script: make\n",
        },
    )
    scan = scan_ci(main.read_bytes(), path=str(main))
    assert errors(scan) == []
    builders, docker = str(tmp_path / "ci" / "builders.yml"), str(tmp_path / "ci" / "docker.yml")
    assert sorted((o.path, o.line, o.text) for o in scan) == [
        (builders, 2, "ubuntu:22.04"),
        (docker, 2, "alpine:3.20.3"),
        (docker, 3, "docker:24.0.7-dind"),
    ]


def test_a_child_pipeline_s_scripts_pull_and_build_as_any_job_s(tmp_path: Path) -> None:
    # ad-aures/castopod (survey s46b): its `docker` trigger job starts
    # docker/production/.gitlab-ci.yml, whose jobs `docker buildx create --driver-opt
    # image=moby/buildkit:v0.27.1` and build the release image: the scripts ran unread.
    main = _repository(
        tmp_path,
        {
            ".gitlab-ci.yml": "docker:\n  trigger:\n    include: docker/ci.yml\n"
            "    strategy: depend\n",
            "docker/ci.yml": "release:\n  image: docker:29.2.0\n  before_script:\n"
            "    - docker buildx create --driver-opt image=moby/buildkit:v0.27.1 --use\n"
            "  script:\n    - docker run --rm postgres:17.2 true\n"
            "    - docker build -t castopod/castopod:1.13.0 .\n",
        },
    )
    child = str(tmp_path / "docker" / "ci.yml")
    scan = scan_ci(main.read_bytes(), path=str(main))
    assert sorted((o.path, o.line, o.kind, o.text) for o in scan) == [
        (child, 2, "ci", "docker:29.2.0"),
        (child, 4, "shell", "moby/buildkit:v0.27.1"),
        (child, 6, "shell", "postgres:17.2"),
    ]
    assert {o.context.get("included_by") for o in scan if o.kind == "shell"} == {str(main)}
    built = built_images(main.read_bytes(), path=str(main))
    assert [(image.name, image.site.path, image.site.line) for image in built.built] == [
        ("castopod/castopod", child, 7)
    ]


def test_a_wildcard_include_is_matched_when_the_scan_runs_in_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ``tagsense check .`` in the repository names the main file ".gitlab-ci.yml": its
    # directory is "", the working directory (Blockstream/esplora: include: "gitlab/**.yml")
    _repository(
        tmp_path,
        {
            ".gitlab-ci.yml": 'include:\n  - "ci/**.yml"\n',
            "ci/build.yml": "build:\n  image: alpine:3.21\n  script: make\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    scan = scan_ci((tmp_path / ".gitlab-ci.yml").read_bytes(), path=".gitlab-ci.yml")
    assert [(o.path, o.text) for o in scan] == [("ci/build.yml", "alpine:3.21")]


def test_an_included_file_that_is_not_there_is_gitlabs_error(tmp_path: Path) -> None:
    main = _repository(
        tmp_path,
        {
            ".gitlab-ci.yml": "include:\n  - local: missing.yml\n  - local: ../outside.yml\n"
            "  - local: empty.yml\njob:\n  image: alpine:3.20\n  script: x\n",
            "empty.yml": "\n",
        },
    )
    scan = scan_ci(main.read_bytes(), path=str(main))
    assert errors(scan) == [
        (2, "Local file `missing.yml` does not exist!"),
        (3, "Local file `../outside.yml` does not exist!"),
        (4, "Local file `empty.yml` is empty!"),
    ]
    assert [o.text for o in scan] == ["alpine:3.20"]


def test_includes_with_inputs_and_cycles(tmp_path: Path) -> None:
    main = _repository(
        tmp_path,
        {
            ".gitlab-ci.yml": "include:\n  - local: tpl.yml\n    inputs: {version: '3.12'}\n"
            "  - local: loop.yml\n",
            "tpl.yml": "spec:\n  inputs:\n    version: {default: '3.11'}\n    variant: "
            "{default: slim}\n---\ntest:\n"
            "  image: python:$[[ inputs.version ]]-$[[ inputs.variant ]]"
            "\n  script: x\n",
            "loop.yml": "include: [loop.yml, .gitlab-ci.yml]\nloop:\n  image: busybox:1.36\n"
            "  script: x\n",
        },
    )
    scan = scan_ci(main.read_bytes(), path=str(main))
    assert errors(scan) == []
    assert [(o.text, o.unresolved) for o in scan] == [
        ("busybox:1.36", ()),
        ("python:3.12-slim", ()),
    ]


def test_gitlab_dependency_proxy_names_the_docker_hub_image() -> None:
    text = (
        "a:\n  image: ${CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX}/alpine:3.23\n  script: x\n"
        "b:\n  image: $CI_DEPENDENCY_PROXY_DIRECT_GROUP_IMAGE_PREFIX/library/node:22.12.0\n"
        "  script: x\n"
        "c:\n  image: ${CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX}/app:$TAG\n  script: x\n"
    )
    scan = scan_ci(text, system="gitlab")
    assert [(o.text, o.unresolved, o.context.get("mirror_prefix")) for o in scan] == [
        ("alpine:3.23", (), "CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX"),
        ("library/node:22.12.0", (), "CI_DEPENDENCY_PROXY_DIRECT_GROUP_IMAGE_PREFIX"),
        # (another variable too: a run's)
        (
            "${CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX}/app:$TAG",
            ("CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX", "TAG"),
            None,
        ),
    ]
    assert [str(o.reference) for o in scan][:2] == [
        "docker.io/library/alpine:3.23",
        "docker.io/library/node:22.12.0",
    ]


def test_scripts_of_included_files_are_read(tmp_path: Path) -> None:
    # (the main file only includes: nothing in its own text pulls, its jobs' scripts do)
    main = _repository(
        tmp_path,
        {
            ".gitlab-ci.yml": "include:\n  - local: ci/e2e.yml\n",
            "ci/e2e.yml": "e2e:\n  image: alpine:3.20\n  variables: {DB: 'postgres:16.4'}\n"
            "  script:\n    - docker run -d $DB\n",
        },
    )
    scan = scan_ci(main.read_bytes(), path=str(main))
    assert [(o.text, o.kind, o.path, o.line) for o in scan] == [
        ("alpine:3.20", "ci", str(tmp_path / "ci/e2e.yml"), 2),
        ("postgres:16.4", "shell", str(tmp_path / "ci/e2e.yml"), 5),
    ]


def test_too_many_includes_is_gitlabs_error(tmp_path: Path) -> None:
    files = {".gitlab-ci.yml": "include: 'f/*.yml'\n"}
    files.update(
        {f"f/{n:03}.yml": f"j{n}:\n  image: alpine:3.{n}\n  script: x\n" for n in range(160)}
    )
    main = _repository(tmp_path, files)
    scan = scan_ci(main.read_bytes(), path=str(main))
    assert errors(scan) == [(1, "Maximum of 150 nested includes are allowed!")]
    assert len(scan) == 150


def test_without_a_path_nothing_is_included() -> None:
    scan = scan_ci("include: ci/x.yml\njob:\n  image: alpine:3.20\n  script: x\n", system="gitlab")
    assert (errors(scan), [o.text for o in scan]) == ([], ["alpine:3.20"])
    assert included_files("/no/such/dir/.gitlab-ci.yml") == set()


def test_a_bomb_of_merges_is_one_error_quickly() -> None:
    levels = ["a0: &a0 {x: 1, y: 2}"]
    levels += [f"a{i}: &a{i} {{p: *a{i - 1}, q: *a{i - 1}}}" for i in range(1, 25)]
    text = "\n".join(levels) + "\njob:\n  <<: *a24\n  image: alpine:3.20\n  variables: *a24\n"
    started = time.perf_counter()
    scan = scan_ci(text, system="gitlab")
    assert time.perf_counter() - started < 5
    assert [o.text for o in scan] == ["alpine:3.20"]


def test_variables_that_double_at_each_step_are_one_error_quickly() -> None:
    text = "variables:\n  A0: xx\n"
    text += "".join(f"  A{i}: ${{A{i - 1}}}${{A{i - 1}}}\n" for i in range(1, 40))
    text += "job:\n  image: alpine:$A39\n  script: x\n"
    started = time.perf_counter()
    scan = scan_ci(text, system="gitlab")
    assert time.perf_counter() - started < 5
    assert errors(scan) == [(43, "job.image: expands to more than 65,536 characters; not read")]
    assert len(scan) == 0


# --- the text before what a run fills in ------------------------------------------------------


@pytest.mark.parametrize(
    ("system_name", "text", "prefix"),
    [
        ("gitlab", "j:\n  image: node:latest-${ARCH}\n  script: x\n", "node:latest-"),
        ("github-workflow", "jobs:\n  j:\n    container: node:lts-${{ vars.OS }}\n", "node:lts-"),
        ("drone", "steps:\n- name: s\n  image: alpine:edge-${DRONE_ARCH}\n", "alpine:edge-"),
        ("gitlab", "j:\n  image: $CI_REGISTRY_IMAGE:latest\n  script: x\n", None),
    ],
)
def test_known_prefix(system_name: str, text: str, prefix: str | None) -> None:
    (occurrence,) = scan_ci(text, system=system_name)
    assert occurrence.is_unresolved
    assert occurrence.context.get("known_prefix") == prefix


def test_the_end_of_an_image_after_a_prefix_is_the_end_of_what_is_written() -> None:
    scan = scan_ci(
        "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: docker://alpine:3.22.2\n",
        path=".github/workflows/a.yml",
    )
    (occurrence,) = scan
    line = "      - uses: docker://alpine:3.22.2"
    # (the column is past docker://; the end is where the written value ends)
    assert line[occurrence.column - 1 : occurrence.end_column - 1] == "alpine:3.22.2"


# --- from a survey of published repositories (issue #12) ------------------------------------


def test_a_gitlab_hosted_macos_or_windows_job_names_a_vm_image_not_a_container() -> None:
    # pypa/cibuildwheel's .gitlab-ci.yml: on GitLab's hosted macOS runners `image:` is a VM
    # image (macos-15-xcode-16); the tags, also through `extends`, say which runner runs it.
    text = (
        ".mac: {tags: [saas-macos-medium-m1]}\n"
        "macos: {extends: .mac, image: macos-15-xcode-16, script: [make]}\n"
        "windows: {tags: [saas-windows-medium-amd64], image: windows-2022, script: [make]}\n"
        "linux: {tags: [saas-linux-small-amd64], image: 'python:3.12.8', script: [make]}\n"
    )
    assert texts("gitlab", text) == [(4, "python:3.12.8", ())]


def test_a_hidden_template_for_a_gitlab_hosted_vm_names_no_container_image() -> None:
    # OpenMW's .gitlab-ci.yml: the hidden `.MacOS` template has the VM image and the
    # `saas-macos-…` tags its jobs extend; the template is not read as a container's image.
    text = (
        ".MacOS: {image: macos-26-xcode-26, tags: [saas-macos-medium-m1], script: [make]}\n"
        "macos: {extends: .MacOS}\n"
        ".linux: {image: 'ubuntu:24.04', tags: [saas-linux-small-amd64], script: [make]}\n"
    )
    assert texts("gitlab", text) == [(3, "ubuntu:24.04", ())]


def test_the_buildkit_image_a_buildx_builder_runs() -> None:
    # moby/moby .github/workflows/ci.yml: `driver-opts: image=${{ env.SETUP_BUILDKIT_IMAGE }}`
    # with the workflow's `env`; setup-buildx-action runs that BuildKit image (one option
    # a line), for the docker-container (default) and kubernetes drivers only.
    text = (
        "on: push\nenv:\n  BK: moby/buildkit:latest\njobs:\n  b:\n"
        "    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: docker/setup-buildx-action@v3\n"
        "        with:\n          driver-opts: image=${{ env.BK }}\n"
        "      - uses: docker/setup-buildx-action@v3\n"
        "        with:\n          driver-opts: |\n            network=host\n"
        "            image=moby/buildkit:v0.20.0\n"
        "      - uses: docker/setup-buildx-action@v3\n"
        "        with:\n          driver: docker\n          driver-opts: image=not-run:1\n"
        "      - uses: docker/setup-buildx-action@v3\n"
        "        env: {BK: step/buildkit:2}\n"
        "        with:\n          driver: kubernetes\n          driver-opts: image=${{ env.BK }}\n"
        "      - uses: docker/setup-buildx-action@v3\n"
        "        with:\n          driver-opts: image=${{ secrets.IMAGE }}\n"
    )
    scan = scan_ci(text, system="github-workflow")
    assert [(o.line, o.column, o.text, o.unresolved) for o in scan] == [
        (10, 30, "moby/buildkit:latest", ()),
        (15, 19, "moby/buildkit:v0.20.0", ()),
        (24, 30, "step/buildkit:2", ()),
        (27, 30, "${{ secrets.IMAGE }}", ("secrets.IMAGE",)),
    ]
    found = list(scan)
    assert found[1].end_column == 40
    assert found[0].context["input"] == "driver-opts"
    assert found[0].context["option"] == "image"
    assert [f.code for f in check(found[:1], config={})] == ["TS001"]


def test_an_action_input_that_names_the_image_it_runs() -> None:
    # docker/setup-qemu-action runs its `image` input (opentelemetry-demo, psycopg).
    text = (
        "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n"
        "    strategy: {matrix: {binfmt: [qemu-v8.1.5]}}\n    steps:\n"
        "      - uses: docker/setup-qemu-action@v3\n"
        "        with: {image: 'tonistiigi/binfmt:${{ matrix.binfmt }}'}\n"
        "      - uses: docker/setup-qemu-action@v3\n"
        "      - uses: actions/checkout@v4\n        with: {image: not-an-image}\n"
    )
    scan = scan_ci(text, system="github-workflow")
    assert [(o.line, o.text) for o in scan] == [(8, "tonistiigi/binfmt:qemu-v8.1.5")]
    (occurrence,) = scan
    assert occurrence.context["action"] == "docker/setup-qemu-action"
    assert occurrence.context["input"] == "image"
    action = (
        "runs:\n  using: composite\n  steps:\n"
        "    - uses: docker/setup-qemu-action@v3\n"
        "      with:\n        image: tonistiigi/binfmt:master\n"
    )
    assert [o.text for o in scan_ci(action, system="github-action")] == ["tonistiigi/binfmt:master"]


def test_run_on_arch_s_base_image_is_the_from_of_its_build() -> None:
    # uraimo/run-on-arch-action writes `FROM ${base_image}` into the Dockerfile it builds (its
    # src/run-on-arch.js); its README's matrix gives `--platform=linux/riscv64 riscv64/…`, as
    # the loong64 builds of ruff do (`--platform=linux/loong64 ghcr.io/loong64/debian:trixie`,
    # `base_image: ${{ matrix.platform.base_image }}`; noted unread in survey 33c).
    text = (
        "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n"
        "        base_image: ['--platform=linux/riscv64 riscv64/ubuntu:24.04', 'alpine:3.21']\n"
        "    steps:\n"
        "      - uses: uraimo/run-on-arch-action@v3\n"
        "        with: {arch: none, distro: none, base_image: '${{ matrix.base_image }}'}\n"
        "      - uses: uraimo/run-on-arch-action@v3\n"
        "        with:\n          arch: none\n          distro: none\n"
        "          base_image: --platform=linux/armv7 arm32v7/debian:bookworm-20251117\n"
        "      - uses: uraimo/run-on-arch-action@v3\n"
        "        with: {arch: aarch64, distro: ubuntu22.04}\n"
    )
    scan = scan_ci(text, system="github-workflow")
    assert sorted((o.line, o.text) for o in scan) == [
        (10, "alpine:3.21"),
        (10, "riscv64/ubuntu:24.04"),
        (15, "arm32v7/debian:bookworm-20251117"),
    ]
    (literal,) = [o for o in scan if o.line == 15]
    # (after the platform option: the value starts at column 23)
    assert literal.column == 23 + len("--platform=linux/armv7 ")
    assert literal.context["input"] == "base_image"


def test_another_action_s_image_input_that_names_an_image_is_a_pull() -> None:
    # manticoresoftware/manticoresearch's clt_nightly.yml: its own test action runs each test
    # in `image: ${{ matrix.image }}` (almalinux:8, ubuntu:bionic…: 92 pulls missed, survey
    # 28x). Not a name no image is by itself, what a run gives, nor a step that builds it.
    text = (
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n"
        "    strategy: {matrix: {image: ['almalinux:8', 'ubuntu:bionic']}}\n    steps:\n"
        "      - uses: manticoresoftware/clt@0.7.9\n"
        "        with: {test_prefix: test/x, image: '${{ matrix.image }}'}\n"
        "      - uses: acme/vm-action@v1\n        with: {image: ubuntu-22.04}\n"
        "      - uses: aws-actions/amazon-ecs-render-task-definition@v1\n"
        "        with: {image: '${{ steps.build.outputs.image }}'}\n"
        "      - uses: mr-smithers-excellent/docker-build-push@v6\n"
        "        with: {image: acme/app, registry: ghcr.io}\n"
        # (a scanner reads the image the workflow built: moby/buildkit's docker-scout step)
        "      - uses: docker/scout-action@v1\n        with: {image: 'registry://acme/app:1'}\n"
        "      - uses: acme/run@v1\n        with: {image: 'registry://acme/tool:1.2'}\n"
        "      - uses: acme/run@v1\n        with: {image: 'fs://./out'}\n"
    )
    scan = scan_ci(text, system="github-workflow")
    assert sorted((o.line, o.text) for o in scan) == [
        (8, "almalinux:8"),
        (8, "ubuntu:bionic"),
        (18, "acme/tool:1.2"),
    ]
    assert {o.context["action"] for o in scan} == {"manticoresoftware/clt", "acme/run"}
    codes = [f.code for f in check(list(scan), as_of=datetime.date(2026, 12, 5))]
    assert codes == ["TS006", "TS004"]


def test_the_linux_images_a_cibuildwheel_step_is_given() -> None:
    # psycopg's packages-bin.yml: `CIBW_MANYLINUX_RISCV64_IMAGE: quay.io/pypa/…` among
    # pinned names (`manylinux2014`: cibuildwheel's own, per its version); the image of an
    # architecture the step does not build (`CIBW_ARCHS_LINUX`) is not pulled.
    text = (
        "on: push\nenv:\n  CIBW_MUSLLINUX_X86_64_IMAGE: quay.io/acme/musl:1\njobs:\n  b:\n"
        "    runs-on: ubuntu-latest\n    env:\n      CIBW_ARCHS_LINUX: auto aarch64 riscv64\n"
        "    steps:\n      - uses: pypa/cibuildwheel@v3.4.1\n        env:\n"
        "          CIBW_MANYLINUX_X86_64_IMAGE: manylinux2014\n"
        "          CIBW_MANYLINUX_RISCV64_IMAGE: quay.io/pypa/manylinux_2_39_riscv64\n"
        "          CIBW_MANYLINUX_PPC64LE_IMAGE: quay.io/pypa/manylinux_2_28_ppc64le\n"
        "          CIBW_MANYLINUX_PYPY_AARCH64_IMAGE: quay.io/pypa/manylinux_2_28_aarch64\n"
        "      - uses: actions/checkout@v4\n        env:\n"
        "          CIBW_MANYLINUX_RISCV64_IMAGE: not/pulled:1\n"
    )
    scan = scan_ci(text, system="github-workflow")
    assert sorted((o.line, o.text) for o in scan) == [
        (13, "quay.io/pypa/manylinux_2_39_riscv64"),
        (15, "quay.io/pypa/manylinux_2_28_aarch64"),
    ]
    assert sorted(o.context["option"] for o in scan) == [
        "CIBW_MANYLINUX_PYPY_AARCH64_IMAGE",
        "CIBW_MANYLINUX_RISCV64_IMAGE",
    ]
    # `all` builds every architecture; `auto` alone is the runner's, which is not known here
    every = text.replace("auto aarch64 riscv64", "all")
    assert len(scan_ci(every, system="github-workflow")) == 4
    assert not list(scan_ci(text.replace("auto aarch64 riscv64", "auto"), system="github-workflow"))


def test_the_node_image_a_kind_action_runs() -> None:
    # external-secrets/external-secrets .github/workflows/e2e-reusable.yml:
    # `uses: engineerd/setup-kind` with `image: ${{ env.KIND_IMAGE }}`; helm/kind-action's
    # input is `node_image`. Without it, kind chooses the image (not known here).
    text = (
        "on: push\nenv:\n  KIND_IMAGE: kindest/node:v1.33.4\njobs:\n  e2e:\n"
        "    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: engineerd/setup-kind@v0.6.2\n"
        "        with:\n          version: v0.29.0\n          image: ${{ env.KIND_IMAGE }}\n"
        "      - uses: helm/kind-action@v1\n"
        "        with:\n          node_image: kindest/node:v1.32.5\n"
        "      - uses: helm/kind-action@v1\n"
    )
    scan = scan_ci(text, system="github-workflow")
    assert [(o.line, o.text) for o in scan] == [
        (11, "kindest/node:v1.33.4"),
        (14, "kindest/node:v1.32.5"),
    ]


def test_a_local_action_that_is_a_submodule_is_the_submodule_s_action(tmp_path: Path) -> None:
    # apache/apisix-helm-chart .github/workflows/ci.yaml: `uses: ./.github/actions/setup-kind`
    # with `image: kindest/node:${{ matrix.k8s }}`; .gitmodules makes that path a submodule of
    # https://github.com/engineerd/setup-kind.git, whose action the runner runs (2 node images
    # missed). An action in a directory of a submodule is `OWNER/NAME/DIR`, as GitHub names it.
    workflow = tmp_path / ".github" / "workflows" / "ci.yaml"
    workflow.parent.mkdir(parents=True)
    text = (
        "on: push\njobs:\n  e2e:\n    runs-on: ubuntu-latest\n"
        "    strategy:\n      matrix:\n        k8s: [v1.23.17, v1.22.15]\n    steps:\n"
        "      - uses: actions/checkout@v4\n        with:\n          submodules: recursive\n"
        "      - uses: ./.github/actions/setup-kind\n"
        "        with:\n          image: kindest/node:${{ matrix.k8s }}\n"
        "      - uses: ./vendor/tools/setup/\n        with:\n          image: alpine:3.22\n"
    )
    workflow.write_text(text)

    def scanned() -> list[tuple[int, str, object]]:
        scan = scan_ci(text, path=str(workflow))
        return [(o.line, o.text, o.context.get("action")) for o in scan]

    assert scanned() == []  # (no .gitmodules: the repository's own actions, not read here)
    (tmp_path / ".gitmodules").write_text(
        '[submodule ".github/actions/setup-kind"]\n'
        "\tpath = .github/actions/setup-kind\n"
        "\turl = https://github.com/engineerd/setup-kind.git\n"
        "\tbranch = v0.5.0\n"
        '[submodule "vendor/tools"]\n\tpath = vendor/tools\n'
        "\turl = git@github.com:acme/tools.git\n"
    )
    assert scanned() == [
        (14, "kindest/node:v1.23.17", "engineerd/setup-kind"),
        (14, "kindest/node:v1.22.15", "engineerd/setup-kind"),
        (17, "alpine:3.22", "acme/tools/setup"),
    ]
    # a submodule elsewhere than on GitHub is not a published action of a name known here
    gitmodules = (tmp_path / ".gitmodules").read_text()
    (tmp_path / ".gitmodules").write_text(
        gitmodules.replace("https://github.com/engineerd", "https://gitlab.com/engineerd")
    )
    assert [entry[2] for entry in scanned()] == ["acme/tools/setup"]


def test_a_gitlab_job_written_twice_is_a_note() -> None:
    # GNOME/libxml2 .gitlab-ci.yml: GitLab (Ruby's Psych) takes a key given twice, the last
    # one winning, and runs the pipeline: a note, not an error. A workflow's is still one.
    twice = "build:\n  image: alpine:3.22.1\n  script: [a]\nbuild:\n  image: alpine:3.22.2\n"
    scan = scan_ci(twice, system="gitlab")
    assert [(o.line, o.text) for o in scan] == [(5, "alpine:3.22.2")]
    assert [(e.line, e.note) for e in scan.errors] == [(4, True)]
    workflow = "on: push\non: pull_request\njobs: {}\n"
    assert [e.note for e in scan_ci(workflow, system="github-workflow").errors] == [False]


def test_a_composite_action_s_inputs_are_its_callers() -> None:
    # hashicorp/vault-helm .github/actions/acceptance-test/action.yaml: helm/kind-action with
    # `node_image: kindest/node:v${{ inputs.k8s-version }}`: the callers pass the version.
    text = (
        "name: acceptance\ninputs:\n  k8s-version:\n    default: '1.33.0'\n"
        "runs:\n  using: composite\n  steps:\n"
        "    - uses: helm/kind-action@v1\n"
        "      with:\n        node_image: kindest/node:v${{ inputs.k8s-version }}\n"
    )
    (found,) = scan_ci(text, system="github-action")
    assert (found.line, found.text, found.unresolved) == (
        10,
        "kindest/node:v${{ inputs.k8s-version }}",
        ("inputs.k8s-version",),
    )
    assert found.reference is None and found.error is None


def test_a_local_docker_action_runs_a_plain_image_name_as_given() -> None:
    # apache/nuttx's .github/actions/ci-container/action.yaml (`uses:
    # ./sources/nuttx/.github/actions/ci-container`): the runner's container handler runs a
    # local action's `image: ghcr.io/apache/nuttx/apache-nuttx-ci-linux` as given; only a
    # repository action's plain name is rejected (a false source error before)
    text = "runs:\n  using: docker\n  image: 'ghcr.io/apache/nuttx/apache-nuttx-ci-linux'\n"
    local = scan_ci(text, path=".github/actions/ci-container/action.yaml")
    assert errors(local) == []
    assert [(o.line, o.text) for o in local] == [(3, "ghcr.io/apache/nuttx/apache-nuttx-ci-linux")]
    published = scan_ci(text, path="action.yml")
    assert [line for line, _ in errors(published)] == [3] and list(published) == []
