"""Images a project builds with a plain command are not pulls (issue 12, point 2).

A CI job's ``docker build -t``, a Makefile recipe or a shell script of the project builds
images; wherever a Dockerfile, a manifest or a CI file names one, only its validity is judged.
The first two tests are the false findings issue 12's survey of real repositories found.
"""

from __future__ import annotations

import datetime
import os
from typing import TYPE_CHECKING

import pytest

from tagsense import check, find_references
from tagsense.sources import BuildSite

if TYPE_CHECKING:
    from pathlib import Path

DAY = datetime.date(2026, 11, 28)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


# jupyter/docker-stacks, images/minimal-notebook/Dockerfile (its first lines; every stack's
# Dockerfile starts the same way, from the stack below it).
JUPYTER_DOCKERFILE = """\
# Copyright (c) Jupyter Development Team.
# Distributed under the terms of the Modified BSD License.
ARG REGISTRY=quay.io
ARG OWNER=jupyter
ARG BASE_IMAGE=$REGISTRY/$OWNER/{base}
FROM $BASE_IMAGE

LABEL maintainer="Jupyter Project <jupyter@googlegroups.com>"
"""

# jupyter/docker-stacks, Makefile (the variables and the build recipe).
JUPYTER_MAKEFILE = """\
SHELL:=bash
REGISTRY?=quay.io
OWNER?=jupyter
# The full image reference, only used in the per-image targets, as it depends on the target name
IMG=$(REGISTRY)/$(OWNER)/$(notdir $@)

# Use Docker if available, otherwise use Apple's container framework
CONTAINER_CLI?=$(if $(shell command -v docker),docker,container)

build/%: DOCKER_BUILD_ARGS?=
build/%: ## build the latest image for a stack using the system's architecture
\t$(CONTAINER_CLI) build $(DOCKER_BUILD_ARGS) \\
\t  --tag "$(IMG)" \\
\t  "./images/$(notdir $@)" \\
\t  --build-arg REGISTRY="$(REGISTRY)" \\
\t  --build-arg OWNER="$(OWNER)"
"""


def test_jupyter_docker_stacks_stacks_are_built_by_its_makefile(project: Path) -> None:
    write(project / "Makefile", JUPYTER_MAKEFILE)
    for stack, base in (("base-notebook", "docker-stacks-foundation"),
                        ("minimal-notebook", "base-notebook"),
                        ("scipy-notebook", "minimal-notebook")):  # fmt: skip
        write(project / "images" / stack / "Dockerfile", JUPYTER_DOCKERFILE.format(base=base))
    write(
        project / "images" / "docker-stacks-foundation" / "Dockerfile",
        "ARG ROOT_IMAGE=ubuntu\nFROM $ROOT_IMAGE\n",
    )
    minimal = os.path.join("images", "minimal-notebook", "Dockerfile")
    whole = find_references(".")
    alone = find_references(minimal)  # (the pre-commit case: one file, the same answer)
    assert [o for o in whole if o.path == minimal] == list(alone)
    (base,) = alone
    assert (base.line, base.text) == (6, "quay.io/jupyter/base-notebook")
    assert base.built == BuildSite("make", "Makefile", 12)
    findings = check(whole, as_of=DAY)  # (what is pulled is still judged: the root image)
    assert [(f.path, f.code) for f in findings] == [
        (os.path.join("images", "docker-stacks-foundation", "Dockerfile"), "TS002")
    ]
    # A variant of a stack (images/pytorch-notebook/cuda12/) is in the family too; a recipe
    # of the documentation starts from the published image: docs/using/recipe_code/*.dockerfile
    # are built by CI with no tag on top of what quay.io serves, and users pull it too.
    variant = os.path.join("images", "scipy-notebook", "cuda12", "Dockerfile")
    write(project / variant, JUPYTER_DOCKERFILE.format(base="minimal-notebook"))
    recipe = os.path.join("docs", "using", "recipe_code", "pip_install.dockerfile")
    write(project / recipe, JUPYTER_DOCKERFILE.format(base="base-notebook"))
    whole = find_references(".")
    assert [o.built is not None for o in whole if o.path == variant] == [True]
    assert [o.built for o in whole if o.path == recipe] == [None]
    assert [(f.path, f.code) for f in check(whole, as_of=DAY) if f.path == recipe] == [
        (recipe, "TS002")
    ]


# jupyter/docker-stacks, .github/workflows/docker-build-test-upload.yml (the workflow's env and
# the build step; a calling workflow gives `inputs.image`, here a matrix stands for it).
JUPYTER_WORKFLOW = """\
name: Download a parent image, build a new one, and run tests on it
env:
  REGISTRY: quay.io
  OWNER: ${{ github.repository_owner }}
on: push
jobs:
  build-test-upload:
    runs-on: ubuntu-24.04
    strategy:
      matrix:
        image: [docker-stacks-foundation, base-notebook, minimal-notebook]
    steps:
      - name: Build image
        run: |
          docker build \\
            --rm --force-rm \\
            --tag ${{ env.REGISTRY }}/${{ env.OWNER }}/${{ matrix.image }} \\
            images/${{ matrix.image }}/ \\
            --build-arg REGISTRY=${{ env.REGISTRY }} \\
            --build-arg OWNER=${{ env.OWNER }}
        shell: bash
"""


def test_a_stack_a_workflow_builds_with_the_run_s_owner_is_built_by_it(project: Path) -> None:
    # The workflow passes OWNER (the repository's owner, known when it runs) to every stack's
    # build and tags quay.io/<owner>/<stack>: the stack's `FROM $BASE_IMAGE`
    # ($REGISTRY/$OWNER/<stack below>) is the image the job before built, not a TS011 "OWNER
    # has no value here" (13 of them in jupyter/docker-stacks); a recipe in the documentation
    # starts from the published image, which it pulls.
    write(project / ".github" / "workflows" / "docker-build-test-upload.yml", JUPYTER_WORKFLOW)
    for stack, base in (("base-notebook", "docker-stacks-foundation"),
                        ("minimal-notebook", "base-notebook")):  # fmt: skip
        write(project / "images" / stack / "Dockerfile", JUPYTER_DOCKERFILE.format(base=base))
    write(project / "images" / "docker-stacks-foundation" / "Dockerfile", "FROM ubuntu:24.04\n")
    recipe = os.path.join("docs", "using", "recipe_code", "pip_install.dockerfile")
    write(project / recipe, "ARG BASE_IMAGE=quay.io/jupyter/base-notebook\nFROM $BASE_IMAGE\n")
    minimal = os.path.join("images", "minimal-notebook", "Dockerfile")
    whole = find_references(".")
    (base,) = (o for o in whole if o.path == minimal)
    assert base.context["passed"] == "quay.io/${OWNER}/base-notebook"
    assert base.built == BuildSite(
        "github-workflow", os.path.join(".github", "workflows", "docker-build-test-upload.yml"), 15
    )
    assert [o for o in whole if o.path == minimal] == list(find_references(minimal))
    assert [(f.path, f.code) for f in check(whole, as_of=DAY)] == [(recipe, "TS002")]


# GoogleContainerTools/skaffold, deploy/skaffold/Dockerfile (its first stages).
SKAFFOLD_DOCKERFILE = """\
# This base image is built using docker from cache every single time as build step.
FROM gcr.io/k8s-skaffold/build_deps:latest as build
WORKDIR /skaffold

FROM build as builder
ARG VERSION
COPY . .
"""

# GoogleContainerTools/skaffold, Makefile (the variable and the target that build build_deps).
SKAFFOLD_MAKEFILE = """\
GCP_PROJECT ?= k8s-skaffold

skaffold-builder-ci:
\tdocker buildx build \\
\t\t--cache-from gcr.io/$(GCP_PROJECT)/build_deps \\
\t\t-f deploy/skaffold/Dockerfile.deps \\
\t\t-t gcr.io/$(GCP_PROJECT)/build_deps \\
\t\t--load \\
\t\t.
"""


def test_skaffold_build_deps_is_built_by_its_makefile(project: Path) -> None:
    write(project / "Makefile", SKAFFOLD_MAKEFILE)
    dockerfile = write(project / "deploy" / "skaffold" / "Dockerfile", SKAFFOLD_DOCKERFILE)
    path = os.path.join("deploy", "skaffold", "Dockerfile")
    scan = find_references(path)
    (build_deps,) = scan
    assert build_deps.text == "gcr.io/k8s-skaffold/build_deps:latest"
    assert build_deps.built == BuildSite("make", "Makefile", 4)
    assert check(scan, as_of=DAY) == []  # (no TS001: the tag of a build's output is its own)
    # Without the Makefile, the same line is a pull of latest.
    os.remove("Makefile")
    alone = find_references(str(dockerfile))
    assert [f.code for f in check(alone, as_of=DAY)] == ["TS001"]


def test_a_fully_literal_tag_marks_exactly_that_name(project: Path) -> None:
    write(
        project / "scripts" / "build.sh",
        "#!/bin/sh\nset -eu\ndocker build -t ghcr.io/acme/api:dev .\n",
    )
    write(
        project / "k8s" / "deploy.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: api}\nspec:\n  containers:\n"
        "  - {name: api, image: ghcr.io/acme/api}\n"
        "  - {name: sidecar, image: ghcr.io/acme/api-sidecar}\n",
    )
    scan = find_references(".")
    api, sidecar = scan
    assert api.built == BuildSite("shell", os.path.join("scripts", "build.sh"), 3)
    assert sidecar.built is None
    assert [f.line for f in check(scan, as_of=DAY) if f.code == "TS002"] == [7]


def test_a_tag_a_run_decides_wholly_marks_nothing(project: Path) -> None:
    write(
        project / "Makefile",
        "IMAGE ?= $(shell cat image.txt)\nbuild:\n\tdocker build -t $(IMAGE) .\n"
        "\tdocker build -t $$REGISTRY/app .\n",
    )
    write(project / ".github" / "workflows" / "ci.yml",
          "jobs:\n  a:\n    steps:\n      - run: docker build -t $IMAGE .\n")  # fmt: skip
    write(project / "Dockerfile", "FROM acme/base\n")
    scan = find_references(".")
    assert [o.built for o in scan if o.path == "Dockerfile"] == [None]
    assert [f.code for f in check(scan, as_of=DAY) if f.path == "Dockerfile"] == ["TS002"]


def test_run_and_pull_commands_and_echoed_text_are_no_builds(project: Path) -> None:
    write(
        project / "Makefile",
        "run:\n\tdocker run --rm -t acme/base\n\tdocker pull acme/base\n"
        '\t# docker build -t acme/base .\n\techo "docker build -t acme/base ."\n',
    )
    write(project / "Dockerfile", "FROM acme/base\n")
    assert [o.built for o in find_references("Dockerfile")] == [None]


def test_a_workflow_s_build_step_marks_what_the_workflow_and_manifests_name(
    project: Path,
) -> None:
    write(
        project / ".github" / "workflows" / "release.yml",
        "env:\n  IMAGE: ghcr.io/acme/app\njobs:\n  build:\n"
        "    services:\n      app: {image: 'ghcr.io/acme/app:${{ github.sha }}'}\n"
        "    steps:\n      - run: docker build -t ${{ env.IMAGE }}:${{ github.sha }} .\n"
        "  smoke:\n    container: ghcr.io/acme/app\n    steps: [{run: make test}]\n",
    )
    write(project / "k8s" / "app.yaml",
          "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n"
          "  containers: [{name: a, image: ghcr.io/acme/app}]\n")  # fmt: skip
    scan = find_references(".")
    site = BuildSite("github-workflow", os.path.join(".github", "workflows", "release.yml"), 8)
    built = {(o.path, o.line): o.built for o in scan}
    assert built == {
        # (a run's tag of the name the job builds: built)
        (os.path.join(".github", "workflows", "release.yml"), 6): site,
        (os.path.join(".github", "workflows", "release.yml"), 10): site,
        (os.path.join("k8s", "app.yaml"), 5): site,
    }


_GITHUB = "on: push\njobs:\n  t:\n    runs-on: ubuntu-24.04\n    container: '{image}'\n" + (
    "    steps: [{{run: make test}}]\n"
)
_AZURE = (
    "resources:\n  containers:\n    - container: app\n      image: '{image}'\n"
    "jobs:\n  - job: t\n    container: app\n    steps: [{{script: make test}}]\n"
)
_CIRCLE = (
    "version: 2.1\njobs:\n  t:\n    docker:\n      - image: '{image}'\n"
    "    steps: [checkout]\nworkflows:\n  w:\n    jobs: [t]\n"
)


@pytest.mark.parametrize(
    ("file", "text", "tag"),
    [(".github/workflows/t.yml", _GITHUB, "${{ github.sha }}"),
     ("azure-pipelines.yml", _AZURE, "$(Build.BuildId)"),
     (".circleci/config.yml", _CIRCLE, "<< pipeline.number >>"),
     (".github/workflows/t.yml", _GITHUB, "${{ github.sha }}-slim")],
)  # fmt: skip
def test_a_run_s_tag_of_a_name_the_project_builds_is_built(
    project: Path, file: str, text: str, tag: str
) -> None:
    # A CI system's expression in the tag (GitHub's, Azure's macro, CircleCI's pipeline
    # value) is a run's value: the repository, written out, is the one the Makefile builds.
    write(project / "Makefile", "image:\n\tdocker build -t ghcr.io/acme/app:dev .\n")
    write(project / file, text.format(image=f"ghcr.io/acme/app:{tag}"))
    (found,) = [o for o in find_references(".") if o.path == os.path.normpath(file)]
    assert found.built == BuildSite("make", "Makefile", 2)
    write(project / file, text.format(image=f"ghcr.io/acme/other:{tag}"))
    (found,) = [o for o in find_references(".") if o.path == os.path.normpath(file)]
    assert found.built is None


def test_gitlab_jobs_that_build_an_image_a_later_job_runs_in(project: Path) -> None:
    write(
        project / ".gitlab-ci.yml",
        "variables:\n  BUILDER: registry.example.com/acme/builder\n"
        "builder:\n  image: docker:27\n  script:\n    - docker build -t $BUILDER ci/\n"
        "test:\n  image: $BUILDER\n  script: [make test]\n",
    )
    scan = find_references(".")
    builder = [o for o in scan if o.line == 8]
    assert [o.built for o in builder] == [BuildSite("gitlab", ".gitlab-ci.yml", 6)]


def test_refs_shows_where_the_image_is_built(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tagsense.cli import main

    write(project / "Makefile", SKAFFOLD_MAKEFILE)
    write(project / "deploy" / "skaffold" / "Dockerfile", SKAFFOLD_DOCKERFILE)
    main(["refs", os.path.join("deploy", "skaffold", "Dockerfile")])
    assert "(built: Makefile:4 (make))" in capsys.readouterr().out


def test_a_script_deeper_than_the_root_s_subdirectories_is_not_read_from_elsewhere(
    project: Path,
) -> None:
    # (one level into a directory beside the file's own is read, for a file below the root as
    # for a deeper one, survey 37c: two levels in is not)
    images = project / "tools" / "images" / "base"
    write(images / "build.sh", "docker build -t acme/base .\n")
    write(project / "app" / "Dockerfile", "FROM acme/base\n")
    write(images / "Dockerfile", "FROM acme/base\n")
    scan = find_references(".")
    built = {o.path: o.built for o in scan}
    assert built[os.path.join("app", "Dockerfile")] is None
    assert built[os.path.join("tools", "images", "base", "Dockerfile")] == BuildSite(
        "shell", os.path.join("tools", "images", "base", "build.sh"), 1
    )


def _refs_in_a_process(project: Path, module: str) -> tuple[str, bool]:
    """``tagsense refs Dockerfile`` in a process of its own: its output, and whether it
    imported ``module`` (the disk cache spares a reader)."""
    import subprocess
    import sys

    code = (
        "import sys\nfrom tagsense.cli import main\nmain(['refs', 'Dockerfile'])\n"
        f"print({module!r} in sys.modules, file=sys.stderr)\n"
    )
    env = {**os.environ, "TAGSENSE_CACHE_DIR": str(project / "cache")}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout, result.stderr.splitlines()[-1] == "True"


def test_a_ci_file_s_builds_are_kept_on_disk_and_a_file_without_builds_is_not_parsed(
    project: Path,
) -> None:
    write(project / ".github" / "workflows" / "build.yml",
          "jobs:\n  a:\n    steps:\n      - run: docker build -t acme/base base\n")  # fmt: skip
    write(project / ".github" / "workflows" / "lint.yml",
          "jobs:\n  a:\n    steps:\n      - run: ruff check\n")  # fmt: skip
    write(project / "Dockerfile", "FROM acme/base\n")
    first, read = _refs_in_a_process(project, "yaml")
    assert "(built: .github/workflows/build.yml:4 (github-workflow))" in first and read
    assert _refs_in_a_process(project, "yaml") == (first, False)  # (from the cache: no YAML)
    # (build.yml's summary and its full reading; lint.yml: nothing kept)
    kept = {name.rsplit("-", 1)[0] for name in os.listdir(project / "cache" / "context")}
    assert kept == {"build-yml"}


def test_a_makefile_s_builds_are_kept_on_disk_while_the_files_it_includes_are_unchanged(
    project: Path,
) -> None:
    write(project / "Makefile", "include make/vars.mk\nb:\n\tdocker build -t $(REPO)/base base\n")
    write(project / "make" / "vars.mk", "REPO ?= ghcr.io/acme\n")
    write(project / "Dockerfile", "FROM ghcr.io/acme/base\n")
    reader = "tagsense.sources.builds.make"
    first, read = _refs_in_a_process(project, reader)
    assert "(built: Makefile:3 (make))" in first and read
    assert _refs_in_a_process(project, reader) == (first, False)
    write(project / "make" / "vars.mk", "REPO ?= quay.io/acme\n")  # (another size)
    changed, read = _refs_in_a_process(project, reader)
    assert "built" not in changed and read


def test_scripts_outside_a_project_s_root_do_not_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (no Git work tree, no configuration: no root; ~ and /tmp hold scripts of all kinds)
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "build.sh", "docker build -t acme/base .\n")
    write(tmp_path / "app" / "Dockerfile", "FROM acme/base\n")
    dockerfile = os.path.join("app", "Dockerfile")
    assert [o.built for o in find_references(dockerfile)] == [None]
    write(tmp_path / "app" / "build.sh", "docker build -t acme/base .\n")
    site = BuildSite("shell", os.path.join("app", "build.sh"), 1)
    assert [o.built for o in find_references(dockerfile)] == [site]
    (tmp_path / ".git").mkdir()  # (inside a root, the scripts of the directories above count)
    os.remove(os.path.join("app", "build.sh"))
    assert [o.built for o in find_references(dockerfile)] == [BuildSite("shell", "build.sh", 1)]


# GNOME/glib, .gitlab-ci/run-docker.sh (its variables and build command, shortened).
GLIB_RUN_DOCKER = """\
#!/bin/bash
if type -p podman; then
        DOCKER_CMD="podman"
elif getent group docker | grep -q "\\b${USER}\\b"; then
        DOCKER_CMD="docker"
else
        DOCKER_CMD="sudo docker"
fi
base=""
base_version=""
while (($# > 0)); do
        case "${1%%=*}" in
                --base|-b) read_arg base "$@" || shift;;
                --base-version) read_arg base_version "$@" || shift;;
        esac
        shift
done
if [ -z "${base_version}" ]; then
        base_version="latest"
else
        base_version="v$base_version"
fi
TAG="registry.gitlab.gnome.org/gnome/glib/${base}:${base_version}"
$DOCKER_CMD build \\
        --build-arg HOST_USER_ID="$UID" \\
        --tag "${TAG}" \\
        --file "${base}.Dockerfile" .
"""


def test_glib_ci_images_are_built_by_its_script(project: Path) -> None:
    # The CI jobs run in images the project builds (`run-docker.sh build --base=fedora`):
    # a script's empty placeholder (base="") is set by its options, and a command run through
    # a variable ("sudo docker") is docker's.
    write(project / ".gitlab-ci" / "run-docker.sh", GLIB_RUN_DOCKER)
    write(project / ".gitlab-ci" / "fedora.Dockerfile", "FROM fedora:43\n")
    write(
        project / ".gitlab-ci" / "mingw.Dockerfile",
        "FROM registry.gitlab.gnome.org/gnome/glib/fedora:v41.3\n",
    )
    write(
        project / ".gitlab-ci.yml",
        "variables:\n  FEDORA_IMAGE: 'registry.gitlab.gnome.org/gnome/glib/fedora:v41.4'\n"
        "build:\n  image: '${FEDORA_IMAGE}'\n  script: [meson test]\n",
    )
    whole = find_references(".")
    built = {(o.path, o.text): o.built is not None for o in whole}
    assert built == {
        (".gitlab-ci.yml", "registry.gitlab.gnome.org/gnome/glib/fedora:v41.4"): True,
        (os.path.join(".gitlab-ci", "mingw.Dockerfile"),
         "registry.gitlab.gnome.org/gnome/glib/fedora:v41.3"): True,  # (fedora.Dockerfile)
        (os.path.join(".gitlab-ci", "fedora.Dockerfile"), "fedora:43"): False,
    }  # fmt: skip


# kubernetes-sigs/cluster-api, Makefile (the variables and the target that makes the core
# controller's multi-architecture image of the images docker-build-core builds).
CLUSTER_API_MANIFEST_MAKEFILE = """\
REGISTRY ?= gcr.io/$(shell gcloud config get-value project)
IMAGE_NAME ?= cluster-api-controller
CONTROLLER_IMG ?= $(REGISTRY)/$(IMAGE_NAME)
TAG ?= dev
ALL_ARCH ?= amd64 arm arm64 ppc64le s390x

.PHONY: docker-push-manifest-core
docker-push-manifest-core: ## Push the multiarch manifest for the core docker images
\tdocker manifest create --amend $(CONTROLLER_IMG):$(TAG) $(shell echo $(ALL_ARCH) | sed -e "s~[^ ]*~$(CONTROLLER_IMG)\\-&:$(TAG)~g")
\t@for arch in $(ALL_ARCH); do docker manifest annotate --arch $${arch} ${CONTROLLER_IMG}:${TAG} ${CONTROLLER_IMG}-$${arch}:${TAG}; done
\tdocker manifest push --purge $(CONTROLLER_IMG):$(TAG)
"""  # noqa: E501

# kubernetes-sigs/cluster-api, core/config/default/manager_image_patch.yaml.
CLUSTER_API_IMAGE_PATCH = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: controller-manager
  namespace: system
spec:
  template:
    spec:
      containers:
      - image: gcr.io/k8s-staging-cluster-api/cluster-api-controller:main
        name: manager
"""


def test_cluster_api_s_controller_image_is_the_manifest_list_its_makefile_makes(
    project: Path,
) -> None:
    write(project / "Makefile", CLUSTER_API_MANIFEST_MAKEFILE)
    patch = os.path.join("core", "config", "default", "manager_image_patch.yaml")
    write(project / patch, CLUSTER_API_IMAGE_PATCH)
    (image,) = find_references(patch)
    assert image.built == BuildSite("make", "Makefile", 9)
    assert check([image], as_of=DAY) == []  # (before: TS003, 'main' names no version)
    write(
        project / "Makefile",
        CLUSTER_API_MANIFEST_MAKEFILE.replace("manifest create", "manifest inspect"),
    )
    from tagsense.sources import context

    context.forget()
    (image,) = find_references(patch)
    assert image.built is None
    assert [f.code for f in check([image], as_of=DAY)] == ["TS003"]
