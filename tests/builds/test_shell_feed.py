"""A build command feeds the Dockerfile it builds (issue 12, "read projects, not files").

``docker build --build-arg builder_image=golang:1.26 -f - . < Dockerfile`` in a Makefile
recipe, a script or a CI job reads the Dockerfile as compose's builds do: its build
arguments over the ``ARG`` defaults, its target, its named contexts. First what the reader
takes from a command, then where the Dockerfile is, then whole projects.
"""

from __future__ import annotations

import datetime
import os
from typing import TYPE_CHECKING

import pytest

from tagsense import check, find_references
from tagsense.occurrence import BuildSite
from tagsense.sources.builds._feed import build_config
from tagsense.sources.builds.shell import ShellReader

if TYPE_CHECKING:
    from pathlib import Path

    from tagsense.sources.builds._shell_values import ShellBuild

DAY = datetime.date(2026, 11, 28)
SITE = BuildSite("make", "Makefile", 1)


def one(text: str, variables: dict[str, str] | None = None, cwd: str | None = "") -> ShellBuild:
    (build,) = ShellReader(variables, cwd=cwd).read(text)
    return build


# --- what the reader takes from a command ------------------------------------------------

STDIN = [
    # (a command, the Dockerfile it reads, its context)
    ("cat ./Dockerfile | DOCKER_BUILDKIT=1 docker build . -t acme/app --file -",
     "./Dockerfile", "."),
    ("docker build -f - . < build/Dockerfile", "build/Dockerfile", "."),
    ("docker build - < Dockerfile", "Dockerfile", None),  # (no context: the Dockerfile alone)
    ("D=img/Dockerfile; cat $D | docker build -f- ctx", "img/Dockerfile", "ctx"),
    ("podman build --file=Containerfile.dev ./app", "Containerfile.dev", "./app"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "dockerfile", "context"), STDIN)
def test_the_dockerfile_a_build_reads_from_its_file_or_its_standard_input(
    text: str, dockerfile: str, context: str | None
) -> None:
    build = one(text)
    assert (build.dockerfile, build.context, build.decided) == (dockerfile, context, True)


UNDECIDED = [
    # (what only a run decides: which Dockerfile, which context, which stage)
    "generate | docker build -f - .",  # (what the command before it writes)
    "docker build -f - .",
    "cat $(ls */Dockerfile) | docker build -f - .",
    "docker build -f $DOCKERFILE .",
    "docker build --target $STAGE .",
    "docker build $DIR",
    "docker build",
]


@pytest.mark.parametrize("text", UNDECIDED)
def test_a_build_a_run_decides_is_undecided(text: str) -> None:
    assert not one(text).decided
    assert build_config(one(text), SITE, "") is None


def test_build_arguments_known_from_the_environment_and_those_a_run_gives() -> None:
    build = one(
        "export BASE=alpine:3.20\nLOCAL=x\nexport SHA=$(git rev-parse HEAD)\n"
        "GO=1.23 docker build --build-arg BASE --build-arg GO --build-arg LOCAL"
        " --build-arg CI_ONLY --build-arg V=$(git describe) --build-arg $NAME=1"
        " --build-arg EMPTY= --build-arg TAG=1 --build-arg TAG=2 --build-arg SHA"
        " --build-arg UNSET .",
        {"CI_ONLY": "from-the-job"},
    )
    assert dict(build.args) == {
        "BASE": "alpine:3.20", "GO": "1.23", "CI_ONLY": "from-the-job", "EMPTY": "", "TAG": "2"
    }  # fmt: skip
    # (LOCAL is not exported, UNSET not set: neither is passed, and the ARG's default holds,
    # as buildx does with a variable its environment lacks)
    assert build.unresolved == ("V", "SHA")


def test_named_contexts_and_platforms() -> None:
    build = one(
        "docker buildx build --build-context base=docker-image://alpine:3.20"
        " --build-context src=../src --build-context tool=docker-image://$TOOL"
        " --platform linux/amd64,linux/arm64 -t acme/app ."
    )
    assert dict(build.contexts) == {
        "base": "docker-image://alpine:3.20", "src": "../src", "tool": ""
    }  # fmt: skip
    assert build.platforms == ("linux/amd64", "linux/arm64")


DIRECTORIES = [
    # (a script, where its build runs from the start of the shell)
    ("docker build .", ""),
    ("cd images/app && docker build .", "images/app"),
    ("cd images; cd app\ndocker build .", "images/app"),
    ("(cd images/app; make) && docker build .", ""),  # (a subshell's cd is its own)
    ("(cd images/app && docker build .)", "images/app"),
    ("cd /srv/app && docker build .", "/srv/app"),
    ("cd $(mktemp -d) && docker build .", None),
    ("cd images && cd - && docker build .", None),
    ("cd && docker build .", None),
    ("sh -c 'cd app && docker build .'", "app"),
]


@pytest.mark.parametrize(("text", "workdir"), DIRECTORIES)
def test_the_directory_a_build_runs_in(text: str, workdir: str | None) -> None:
    assert one(text).workdir == workdir


def test_a_build_without_a_name_still_builds_its_dockerfile() -> None:
    build = one("docker build -f docker/Dockerfile .")
    assert (build.names, build.dockerfile, build.context) == ((), "docker/Dockerfile", ".")


# --- where the Dockerfile is ----------------------------------------------------------------


def test_docker_finds_a_relative_file_from_where_it_runs(tmp_path: Path) -> None:
    (tmp_path / "ctx").mkdir()
    (tmp_path / "ctx" / "Dockerfile").write_text("FROM alpine:3.20\n")
    start = str(tmp_path)
    config = build_config(one("docker build -f Dockerfile ctx"), SITE, start)
    assert config is not None and config.dockerfile == str(tmp_path / "Dockerfile")
    assert config.context == str(tmp_path / "ctx")
    default = build_config(one("cd ctx && docker build --target t ."), SITE, start)
    assert default is not None
    assert (default.dockerfile, default.target) == (str(tmp_path / "ctx" / "Dockerfile"), "t")


def test_podman_and_buildah_look_in_the_context_too_and_for_a_containerfile(
    tmp_path: Path,
) -> None:
    (tmp_path / "ctx").mkdir()
    (tmp_path / "ctx" / "Containerfile").write_text("FROM alpine:3.20\n")
    (tmp_path / "ctx" / "app.Containerfile").write_text("FROM alpine:3.20\n")
    start = str(tmp_path)
    found = build_config(one("buildah bud -f app.Containerfile ctx"), SITE, start)
    assert found is not None and found.dockerfile == str(tmp_path / "ctx" / "app.Containerfile")
    default = build_config(one("podman build ctx"), SITE, start)
    assert default is not None and default.dockerfile == str(tmp_path / "ctx" / "Containerfile")
    docker = build_config(one("docker build ctx"), SITE, start)
    assert docker is not None and docker.dockerfile == str(tmp_path / "ctx" / "Dockerfile")


def test_podman_and_buildah_without_a_context_build_the_directory_they_run_in(
    tmp_path: Path,
) -> None:
    # (bioconda-utils: `cd images/NAME; buildah bud --build-arg=debian_version=12.5`;
    # buildah-build(1): "If no context directory is specified, then Buildah will assume the
    # current working directory as build context"; docker's build needs one)
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "Dockerfile").write_text("ARG v\nFROM debian:${v}-slim\n")
    start = str(tmp_path)
    for engine in ("buildah bud", "podman build"):
        config = build_config(one(f"cd img && {engine} --build-arg=v=12.5"), SITE, start)
        assert config is not None and config.dockerfile == str(tmp_path / "img" / "Dockerfile")
        assert dict(config.args) == {"v": "12.5"}
    assert build_config(one("cd img && docker build --build-arg=v=12.5"), SITE, start) is None


def test_a_shell_started_anywhere_knows_only_absolute_paths() -> None:
    assert build_config(one("docker build .", cwd=None), SITE, "") is None
    assert build_config(one("docker build .", cwd=""), SITE, None) is None
    config = build_config(one("cd /srv/app && docker build .", cwd=None), SITE, None)
    assert config is not None and config.dockerfile == os.path.normpath("/srv/app/Dockerfile")
    assert build_config(one("docker build https://github.com/acme/app.git"), SITE, "") is None


def test_the_build_configuration_carries_what_the_command_gives() -> None:
    config = build_config(
        one("docker build --build-arg A=1 --build-arg B=$X --target t -t acme/app:1 ."),
        SITE,
        "",
    )
    assert config is not None
    assert (dict(config.args), dict(config.unresolved)) == ({"A": "1"}, {"B": ("B",)})
    assert (config.target, config.tags, config.site) == ("t", ("acme/app",), SITE)


# --- whole projects -----------------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


# kubernetes-sigs/cluster-api, Makefile (the variables and two of the docker-build targets).
CLUSTER_API_MAKEFILE = """\
GO_VERSION ?= 1.26.6
GO_DIRECTORY := ../tools/go
GO_CONTAINER_IMAGE ?= docker.io/library/golang:$(GO_VERSION)
REGISTRY ?= gcr.io/$(shell gcloud config get-value project)
IMAGE_NAME ?= cluster-api-controller
CONTROLLER_IMG ?= $(REGISTRY)/$(IMAGE_NAME)
TAG ?= dev
ARCH ?= $(shell go env GOARCH)
CAPD_DIR := test/infrastructure/docker

.PHONY: docker-build-core
docker-build-core: ## Build the docker image for core controller manager
## reads Dockerfile from stdin to avoid an incorrectly cached Dockerfile (https://github.com/moby/buildkit/issues/1368)
\tcat ./Dockerfile | DOCKER_BUILDKIT=1 docker build --build-arg builder_image=$(GO_CONTAINER_IMAGE) --build-arg goproxy=$(GOPROXY) --build-arg ARCH=$(ARCH) --build-arg package=./core --build-arg gcflags="$(GCFLAGS)" --build-arg ldflags="$(LDFLAGS)" . -t $(CONTROLLER_IMG)-$(ARCH):$(TAG) --file -

.PHONY: docker-build-docker-infrastructure
docker-build-docker-infrastructure: ## Build the docker image for docker infrastructure controller manager
\tcat $(CAPD_DIR)/Dockerfile | DOCKER_BUILDKIT=1 docker build --build-arg builder_image=$(GO_CONTAINER_IMAGE) --build-arg goproxy=$(GOPROXY) --build-arg ARCH=$(ARCH) --build-arg gcflags="$(GCFLAGS)" --build-arg ldflags="$(LDFLAGS)" . -t $(CAPD_CONTROLLER_IMG)-$(ARCH):$(TAG) --file -
"""  # noqa: E501

# kubernetes-sigs/cluster-api, Dockerfile (its stages, the commands left out).
CLUSTER_API_DOCKERFILE = """\
# Build the manager binary
# Run this with docker build --build-arg builder_image=<golang:x.y.z>
ARG builder_image

# Build architecture
ARG ARCH

FROM ${builder_image} as builder
WORKDIR /workspace

# Production image
FROM gcr.io/distroless/static:nonroot-${ARCH}
WORKDIR /
"""


def test_cluster_api_s_dockerfiles_are_read_as_its_makefile_builds_them(project: Path) -> None:
    write(project / "Makefile", CLUSTER_API_MAKEFILE)
    write(project / "Dockerfile", CLUSTER_API_DOCKERFILE)
    capd = os.path.join("test", "infrastructure", "docker", "Dockerfile")
    write(project / capd, CLUSTER_API_DOCKERFILE)
    whole = find_references(".")
    assert not whole.errors  # (no more "base name (${builder_image}) should not be blank")
    for path, line in (("Dockerfile", 14), (capd, 18)):
        builder, distroless = (o for o in whole if o.path == path)
        assert (builder.line, builder.text) == (8, "docker.io/library/golang:1.26.6")
        where = builder.context["build"]
        assert (where["tool"], where["path"], where["line"]) == ("make", "Makefile", line)
        # (ARCH is the output of `go env GOARCH`: on linux/amd64, as every Dockerfile is read)
        assert (distroless.line, distroless.text) == (12, "gcr.io/distroless/static:nonroot-amd64")
    assert find_references(capd).occurrences == tuple(o for o in whole if o.path == capd)
    assert {(f.path, f.code) for f in check(whole, as_of=DAY)} == {
        ("Dockerfile", "TS003"), (capd, "TS003")
    }  # fmt: skip


def test_a_dockerfile_built_several_ways_is_read_once_a_distinct_reference(
    project: Path,
) -> None:
    write(
        project / "Makefile",
        "a:\n\tdocker build --build-arg BASE=alpine:3.20 -t acme/a .\n"
        "b:\n\tdocker build --build-arg BASE=alpine:3.20 -t acme/b .\n"
        "c:\n\tdocker build --build-arg BASE=alpine:3.21 -t acme/c .\n",
    )
    write(project / "Dockerfile", "ARG BASE=alpine\nFROM $BASE\n")
    write(project / "other" / "Dockerfile", "ARG BASE=alpine\nFROM $BASE\n")
    scan = find_references(".")
    assert [(o.path, o.text) for o in scan] == [
        ("Dockerfile", "alpine:3.20"),
        ("Dockerfile", "alpine:3.21"),
        (os.path.join("other", "Dockerfile"), "alpine"),  # (no build uses it: alone)
    ]


def test_a_build_argument_a_run_gives_makes_the_from_unresolved_not_blank(
    project: Path,
) -> None:
    write(project / "build.mk", "all:\n\tdocker build --build-arg BASE=$(BASE_IMAGE) .\n")
    write(project / "Dockerfile", "ARG BASE\nFROM ${BASE}\n")
    scan = find_references("Dockerfile")
    assert not scan.errors
    (base,) = scan
    assert base.unresolved == ("BASE",)
    assert [f.code for f in check(scan, as_of=DAY)] == ["TS011"]


# kubernetes-sigs/kueue, Makefile (image-build, trimmed) and Dockerfile: the base images are
# what `$(shell grep '^FROM' … | awk …)` prints, the words $(PUSH) $(IMAGE_BUILD_EXTRA_OPTS)
# are a run's (--push, --load, nothing), and the Dockerfile's defaults are never built.
KUEUE_MAKEFILE = """\
BASE_IMAGE ?= $(shell grep '^FROM' "hack/images/distroless/Dockerfile" | awk '{print $$2}')
BUILDER_IMAGE ?= $(shell grep '^FROM' "hack/images/golang/Dockerfile" | awk '{print $$2}')
IMAGE_BUILD_CMD ?= docker buildx build

image-build:
\t$(IMAGE_BUILD_CMD) \\
\t\t-t $(IMAGE_TAG) \\
\t\t--build-arg BASE_IMAGE=$(BASE_IMAGE) \\
\t\t--build-arg BUILDER_IMAGE=$(BUILDER_IMAGE) \\
\t\t$(PUSH) \\
\t\t$(IMAGE_BUILD_EXTRA_OPTS) \\
\t\t./

populator-image-build:
\t$(IMAGE_BUILD_CMD) -f cmd/populator/Dockerfile \\
\t\t--build-arg BASE_IMAGE=$(BASE_IMAGE) $(PUSH) $(ROOT_DIR)
"""
KUEUE_DOCKERFILE = """\
ARG BUILDER_IMAGE=public.ecr.aws/docker/library/golang:1.26
ARG BASE_IMAGE=gcr.io/distroless/static:nonroot
FROM --platform=${BUILDPLATFORM} ${BUILDER_IMAGE} AS builder
FROM ${BASE_IMAGE}
"""

WORDS_OF_A_RUN = [
    # (a command, its context: the one word written out, when there is one)
    ("docker build $OPTS .", "."),
    ("docker build . $OPTS $MORE", "."),
    ("docker build $OPTS", None),
    ("docker build $OPTS $DIR", None),
    ("docker build $OPTS ctx other", None),  # (two contexts: the engine's error)
]


@pytest.mark.parametrize(("text", "context"), WORDS_OF_A_RUN)
def test_a_word_that_is_wholly_a_run_s_is_taken_for_options(text: str, context: str | None) -> None:
    assert one(text).context == context


def test_kueue_s_builds_pass_a_run_s_base_images_over_the_dockerfile_s_defaults(
    project: Path,
) -> None:
    write(project / "Makefile", KUEUE_MAKEFILE)
    write(project / "Dockerfile", KUEUE_DOCKERFILE)
    write(project / "cmd" / "populator" / "Dockerfile", KUEUE_DOCKERFILE)
    scan = find_references(".")
    assert [(o.path, o.line, o.unresolved) for o in scan] == [
        ("Dockerfile", 3, ("BUILDER_IMAGE",)),
        ("Dockerfile", 4, ("BASE_IMAGE",)),
        # (-f names the Dockerfile whatever the context; BUILDER_IMAGE is not passed)
        (os.path.join("cmd", "populator", "Dockerfile"), 3, ()),
        (os.path.join("cmd", "populator", "Dockerfile"), 4, ("BASE_IMAGE",)),
    ]
    # (before, each was its ARG's default: golang:1.26 (TS004) and nonroot (TS003))
    assert {f.code for f in check(scan, as_of=DAY)} == {"TS011", "TS004"}


def test_a_workflow_s_build_reads_from_the_checkout_and_its_working_directory(
    project: Path,
) -> None:
    write(
        project / ".github" / "workflows" / "images.yml",
        "env:\n  PY: '3.12.7'\njobs:\n  images:\n    steps:\n"
        "      - run: docker build --build-arg PY -f docker/api.Dockerfile .\n"
        "      - run: docker build --build-arg PY=3.11.10 .\n"
        "        working-directory: worker\n",
    )
    write(project / "docker" / "api.Dockerfile", "ARG PY=3\nFROM python:${PY}-slim\n")
    write(project / "worker" / "Dockerfile", "ARG PY=3\nFROM python:${PY}-slim\n")
    texts = {o.path: o.text for o in find_references(".")}
    assert texts == {
        os.path.join("docker", "api.Dockerfile"): "python:3.12.7-slim",
        os.path.join("worker", "Dockerfile"): "python:3.11.10-slim",
    }


def test_a_script_s_build_feeds_its_dockerfile_only_where_its_directory_is_known(
    project: Path,
) -> None:
    write(project / "hack" / "build.sh", "docker build --build-arg BASE=alpine:3.20 .\n")
    write(project / "hack" / "Dockerfile", "ARG BASE=alpine\nFROM $BASE\n")
    assert [o.text for o in find_references(".")] == ["alpine"]  # (run from anywhere)


# RPi-Distro/pi-gen, build-docker.sh (cut down: its first lines and its build): the script's
# directory found with CDPATH emptied for its `cd`, the base image by the machine's arch.
PI_GEN_BUILD_DOCKER_SH = """\
#!/usr/bin/env bash
DIR="$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)"
DOCKER=${DOCKER:-docker}
case "$(uname -m)" in
  x86_64|aarch64)
    BASE_IMAGE=i386/debian:trixie
    ;;
  *)
    BASE_IMAGE=debian:trixie
    ;;
esac
${DOCKER} build --build-arg BASE_IMAGE=${BASE_IMAGE} -t pi-gen "${DIR}"
"""


def test_a_script_s_directory_found_with_cdpath_emptied_is_its_build_context(
    project: Path,
) -> None:
    # (before, the Dockerfile was read alone: debian:bullseye, a false TS006, and the two
    # bases the script builds from missed)
    write(project / "build-docker.sh", PI_GEN_BUILD_DOCKER_SH)
    write(project / "Dockerfile", "ARG BASE_IMAGE=debian:bullseye\nFROM ${BASE_IMAGE}\n")
    assert [o.text for o in find_references(".") if o.kind == "from"] == [
        "i386/debian:trixie",
        "debian:trixie",
    ]


# kubernetes-sigs/external-dns, scripts/e2e-test.sh (the lines around the build left out).
E2E_TEST_SH = """\
#!/bin/bash
ALPINE_VERSION="3.22"
docker build -t dns-test:v1 -f - . <<EOF
FROM alpine:${ALPINE_VERSION}
RUN apk add --no-cache bind-tools curl
ENTRYPOINT ["sh"]
EOF
cat <<'EOF' | docker build -t quoted -f - .
ARG BASE=debian:12.8
FROM ${BASE}
EOF
docker build -t unknown - <<EOF
FROM alpine:$(cat VERSION)
EOF
"""


def test_a_here_document_is_the_dockerfile_a_build_reads_from_its_standard_input(
    project: Path,
) -> None:
    builds = ShellReader({}, cwd=None).read(E2E_TEST_SH)
    assert [(b.names, b.inline, b.inline_line) for b in builds[:2]] == [
        (("dns-test",), 'FROM alpine:3.22\nRUN apk add --no-cache bind-tools curl\n'
                        'ENTRYPOINT ["sh"]', 4),
        (("quoted",), "ARG BASE=debian:12.8\nFROM ${BASE}", 9),  # (as written)
    ]  # fmt: skip
    # (run from anywhere, the context is not known: the FROM lines need none)
    config = build_config(builds[0], BuildSite("shell", "e2e-test.sh", 3), None)
    assert config is not None and config.dockerfile is None
    write(project / "scripts" / "e2e-test.sh", E2E_TEST_SH)
    found = [(o.path, o.line, o.column, o.text) for o in find_references(".") if o.kind == "from"]
    script = os.path.join("scripts", "e2e-test.sh")
    assert found == [(script, 4, 6, "alpine:3.22"), (script, 10, 6, "debian:12.8")]


# flux-framework/flux-core, src/test/docker/docker-run-checks.sh (cut down), which its CI runs
# from the checkout: the repository's top from git, a library sourced from there, the build
# through the library's wrapper, its context under the top.
TOP_RUN_CHECKS_SH = """\
#!/bin/bash
TOP=$(git rev-parse --show-toplevel 2>&1) \\
    || die "not inside a git repository!"
. ${TOP}/src/test/checks-lib.sh
DOCKERFILE=$TOP/src/test/docker/checks
checks_group "Building image" \\
  docker build --build-arg IMAGESRC="fluxrm/testenv:el9" -t checks-builder:el9 ${DOCKERFILE}
"""


def test_a_script_a_ci_job_runs_knows_the_repository_s_top(project: Path) -> None:
    write(project / "src" / "test" / "docker" / "docker-run-checks.sh", TOP_RUN_CHECKS_SH)
    write(
        project / "src" / "test" / "checks-lib.sh",
        'checks_group() {\n    local DESC="$1"\n    shift 1\n    eval "$@"\n}\n',
    )
    write(
        project / "src" / "test" / "docker" / "checks" / "Dockerfile",
        "ARG IMAGESRC\nFROM $IMAGESRC\n",
    )
    write(
        project / ".github" / "workflows" / "main.yml",
        "on: push\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - run: src/test/docker/docker-run-checks.sh\n",
    )
    (found,) = [o for o in find_references(".") if o.kind == "from"]
    assert (found.text, found.unresolved) == ("fluxrm/testenv:el9", ())


def test_an_argument_a_run_ends_keeps_the_repository_it_starts_with(project: Path) -> None:
    # kubernetes/ingress-nginx, .github/workflows/ci.yaml: one step builds the NGINX base
    # `registry.k8s.io/ingress-nginx/nginx:${TAG}`, a later one runs `make
    # BASE_IMAGE=registry.k8s.io/ingress-nginx/nginx:${TAGNGINX} … build` (TAGNGINX from
    # $GITHUB_ENV), whose recipe passes `--build-arg BASE_IMAGE="$(BASE_IMAGE)"` to
    # rootfs/Dockerfile's `FROM ${BASE_IMAGE}`: the image the workflow built, not a TS011.
    (build,) = ShellReader({}).read(
        'docker build --build-arg BASE_IMAGE="registry.local/acme/nginx:$TAG" -t acme/c rootfs'
    )
    assert (build.unresolved, build.leading) == (
        ("BASE_IMAGE",),
        (("BASE_IMAGE", "registry.local/acme/nginx:"),),
    )
    config = build_config(build, SITE, "")
    assert config is not None and dict(config.leading) == {
        "BASE_IMAGE": "registry.local/acme/nginx:"
    }
    write(
        project / "Makefile",
        "BASE_IMAGE ?= $(shell cat NGINX_BASE)\n"
        'build:\n\tdocker build --build-arg BASE_IMAGE="$(BASE_IMAGE)" -t acme/controller rootfs\n',
    )
    write(project / "rootfs" / "Dockerfile", "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n")
    write(
        project / ".github" / "workflows" / "ci.yaml",
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        '      - run: echo "TAGNGINX=$(cat images/nginx/TAG)" >> $GITHUB_ENV\n'
        "      - run: |\n"
        "          cd images/nginx/rootfs && docker build -t registry.local/acme/nginx:${TAG} .\n"
        "      - run: make BASE_IMAGE=registry.local/acme/nginx:${TAGNGINX} build\n",
    )
    write(project / "images" / "nginx" / "rootfs" / "Dockerfile", "FROM alpine:3.22.2\n")
    write(project / "NGINX_BASE", "registry.local/acme/nginx:v2.2.8\n")
    dockerfile = os.path.join("rootfs", "Dockerfile")
    found = {
        (o.text, o.built and o.built.path) for o in find_references(".") if o.path == dockerfile
    }
    assert found == {
        ("registry.local/acme/nginx:v2.2.8", os.path.join(".github", "workflows", "ci.yaml")),
        ("registry.local/acme/nginx:", os.path.join(".github", "workflows", "ci.yaml")),
    }  # (the Makefile's own value; the workflow's, whose tag a run decides)
    assert [f.code for f in check(find_references("."), as_of=DAY) if f.path == dockerfile] == []


def test_the_builds_of_a_makefile_are_kept_on_disk_with_their_unresolved_arguments(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tagsense.sources import context

    monkeypatch.setenv("TAGSENSE_CACHE_DIR", str(project / "cache"))
    monkeypatch.delenv("TAGSENSE_NO_CACHE", raising=False)
    write(project / "Makefile", "all:\n\tdocker build --build-arg BASE=$(IMG) --target t .\n")
    write(project / "Dockerfile", "ARG BASE\nFROM ${BASE} AS t\n")
    first = find_references("Dockerfile")
    context.forget()
    again = find_references("Dockerfile")  # (the Makefile's builds from the disk)
    assert os.listdir(project / "cache" / "context")
    assert again.occurrences == first.occurrences
    assert [o.unresolved for o in again] == [("BASE",)]


# kubernetes-sigs/external-dns, scripts/e2e-test.sh (trimmed): the DNS test image is built
# from a here-document, `FROM alpine:${ALPINE_VERSION}` with the script's value.
EXTERNAL_DNS_E2E = """\
#!/bin/bash
ALPINE_VERSION="3.22"
cd "$(dirname "$0")/.."
docker build -t dns-test:v1 -f - . <<EOF
FROM alpine:${ALPINE_VERSION}
RUN apk add --no-cache bind-tools curl
ENTRYPOINT ["sh"]
EOF
docker build -t acme/literal -f - . <<'EOF'
FROM alpine:${ALPINE_VERSION}
EOF
"""


def test_a_here_document_is_the_dockerfile_a_build_reads() -> None:
    builds = ShellReader().read(EXTERNAL_DNS_E2E)
    assert [(b.inline, b.inline_line, b.decided) for b in builds] == [
        ('FROM alpine:3.22\nRUN apk add --no-cache bind-tools curl\nENTRYPOINT ["sh"]', 5, True),
        ("FROM alpine:${ALPINE_VERSION}", 10, True),  # (<<'EOF': as written)
    ]


def test_a_script_s_here_document_dockerfile_is_read_where_it_is_written(project: Path) -> None:
    write(project / "scripts" / "e2e-test.sh", EXTERNAL_DNS_E2E)
    found = [(o.path, o.line, o.column, o.text) for o in find_references(".")]
    script = os.path.join("scripts", "e2e-test.sh")
    # (before: the here-document was not read, and alpine:3.22 not found)
    assert (script, 5, 6, "alpine:3.22") in found
    assert find_references(script).occurrences == tuple(
        o for o in find_references(".") if o.path == script
    )


# SigNoz/signoz (MIT), .github/workflows/cacheci.yml @ 9997c3da, the `inject` step (trimmed):
# the Dockerfile is written by `cat > FILE <<'EOF'`, then built with `-f FILE`.
SIGNOZ_CACHECI = """\
on: push
jobs:
  cache:
    runs-on: ubuntu-latest
    steps:
      - name: inject
        run: |
          cat > "$RUNNER_TEMP/inject.Dockerfile" <<'EOF'
          FROM busybox:1.37
          RUN --mount=type=bind,target=/restored \\
              tar -xf /restored/go-build.tar -C /root/.cache/go-build
          EOF
          docker build -f "$RUNNER_TEMP/inject.Dockerfile" "$RUNNER_TEMP/cacheci"
"""

WRITTEN_THEN_BUILT = """\
cat <<EOF > build/x.Dockerfile
FROM alpine:${ALPINE}
EOF
tee ci.Dockerfile <<'EOF' >/dev/null
FROM debian:12.8
EOF
cat VERSION > other.Dockerfile <<EOF
FROM unread:1
EOF
docker build -f build/x.Dockerfile .
docker build --file=ci.Dockerfile --target "$STAGE" .
docker build -f other.Dockerfile .
"""


def test_a_file_a_here_document_writes_is_the_dockerfile_its_build_reads() -> None:
    builds = ShellReader({"ALPINE": "3.22"}).read(WRITTEN_THEN_BUILT)
    assert [(b.inline, b.inline_line, b.decided) for b in builds] == [
        ("FROM alpine:3.22", 2, True),  # (<<EOF: the shell's value put in)
        ("FROM debian:12.8", 5, False),  # (a stage a run decides)
        (None, 0, True),  # (`cat FILE` writes FILE's text, not the document's)
    ]


def test_a_workflow_s_dockerfile_written_by_a_here_document_is_read(project: Path) -> None:
    workflow = os.path.join(".github", "workflows", "cacheci.yml")
    write(project / workflow, SIGNOZ_CACHECI)
    found = [(o.path, o.line, o.column, o.text) for o in find_references(".") if o.kind == "from"]
    # (before: busybox:1.37 was not found)
    assert found == [(workflow, 9, 6, "busybox:1.37")]
    assert [(o.path, o.line) for o in find_references(workflow) if o.kind == "from"] == [
        (workflow, 9)
    ]


# minio/directpv (AGPL-3.0) @ a9adb854, sidecars/release.sh (trimmed): the Dockerfile is
# written for the goreleaser configuration the script writes next (`dockers: … dockerfile:
# Dockerfile.minio`), and functests/multi-node-tests.sh writes one that a remote `podman build`
# reads; neither build is a command this reading follows.
DIRECTPV_RELEASE = """\
function generate_dockerfile() {
    cat >Dockerfile.minio <<EOF
FROM registry.access.redhat.com/ubi8/ubi-micro:8.10
COPY ${PROJECT_NAME} /${PROJECT_NAME}
EOF
}
sleep_dockerfile="${TEST_ID}_Dockerfile.sleep"
cat <<EOF > "${sleep_dockerfile}"
FROM alpine:latest AS base
FROM base
RUN echo sleep
EOF
cat > notes.txt <<EOF
FROM not-an-image:1
EOF
cat > later.Dockerfile <<EOF
FROM ${BASE_FROM_A_RUN}
EOF
generate_dockerfile
goreleaser release
"""


def test_a_dockerfile_a_here_document_writes_pulls_its_images(project: Path) -> None:
    write(project / "sidecars" / "release.sh", DIRECTPV_RELEASE)
    script = os.path.join("sidecars", "release.sh")
    found = sorted((o.line, o.text) for o in find_references(".") if o.path == script)
    # (before: neither image was found; a text file and an image a run decides are not read,
    # nor the stage `base`)
    assert found == [(3, "registry.access.redhat.com/ubi8/ubi-micro:8.10"), (9, "alpine:latest")]
    assert [f.code for f in check(find_references("."), as_of=DAY)] == ["TS001"]


def test_a_written_dockerfile_that_a_build_reads_is_read_once(project: Path) -> None:
    write(project / "build.sh", WRITTEN_THEN_BUILT.replace("${ALPINE}", "3.22"))
    found = sorted((o.line, o.text) for o in find_references(".") if o.path == "build.sh")
    # (once, by the build; a build of a stage a run decides reads none of its FROM lines, and
    # `cat VERSION > FILE` writes VERSION's text, not the document's)
    assert found == [(2, "alpine:3.22")]


def test_a_context_s_dockerfile_a_here_document_writes_is_what_its_build_reads(
    project: Path,
) -> None:
    script = (
        "mkdir -p ctx\ncat > ctx/Dockerfile <<EOF\nFROM alpine:${ALPINE}\nEOF\n"
        "docker build --build-arg A=1 -t acme/x ctx\n"
        "cat > other/Dockerfile <<EOF\nFROM debian:12.8\nEOF\ndocker build -t acme/y ctx2\n"
    )
    builds = ShellReader({"ALPINE": "3.22"}).read(script)
    # (no `-f`: the context's Dockerfile, the one the script wrote; another context's is not)
    assert [(b.inline, b.inline_line) for b in builds] == [("FROM alpine:3.22", 3), (None, 0)]
    write(project / "build.sh", script.replace("${ALPINE}", "3.22"))
    found = sorted((o.line, o.text, o.context.get("engine")) for o in find_references("."))
    assert found == [(3, "alpine:3.22", None), (7, "debian:12.8", "dockerfile")]


# erlang/otp (Apache-2.0), lib/ssh/test/ssh_compat_SUITE_data/build_scripts/create-base-image
# @ OTP-25.2.3 (Debian's otp 1:25.2.3+dfsg-1 source, trimmed): the script's first argument
# names the release, with a default; a second form where only the run gives it.
OTP_BASE_IMAGE = """\
#!/bin/bash
UBUNTU_VER=${1:-16.04}
docker build -t ssh_compat_suite-ubuntu:$UBUNTU_VER - <<EOF
FROM ubuntu:$UBUNTU_VER
RUN apt-get update
EOF
RELEASE=$2
docker build -t other - <<EOF
FROM debian:${RELEASE}-slim AS base
EOF
"""


def test_a_here_document_dockerfile_has_the_script_s_defaults_and_names_a_run_s_values(
    project: Path,
) -> None:
    script = os.path.join("build_scripts", "create-base-image.sh")
    write(project / script, OTP_BASE_IMAGE)
    whole = find_references(".")
    found = {(o.line, o.text): o for o in whole if o.kind == "from"}
    # (before: 'ubuntu:\ue000', an invalid reference naming the reader's own mark)
    assert found[(4, "ubuntu:16.04")].reference is not None
    run_given = found[(9, "debian:-slim")]  # (text: the value BuildKit would read alone)
    assert run_given.unresolved == ("RELEASE",)
    assert not any("\ue000" <= char <= "\uf8ff" for o in found.values() for char in o.text)
    codes = {(f.line, f.code) for f in check(whole, as_of=DAY)}
    assert (4, "TS006") in codes and (9, "TS011") in codes
    assert find_references(script).occurrences == tuple(
        o for o in find_references(".") if o.path == script
    )
