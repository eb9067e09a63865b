"""GitHub's ``docker/build-push-action`` steps are builds, as BuildKit runs them (issue 12).

Their ``context``, ``file``, ``build-args``, ``target``, ``build-contexts`` and ``platforms``
feed the Dockerfile they build, as a compose service's ``build:`` does; their ``tags`` are
built names. The first test is the field case of survey 6 (zalando/postgres-operator, M9).
"""

from __future__ import annotations

import datetime
import os
import shutil
from pathlib import Path

import pytest

from tagsense import check, find_references
from tagsense.sources import BuildSite
from tagsense.sources.ci import built_images

REALWORLD = Path(__file__).parent.parent / "data" / "realworld"
DAY = datetime.date(2026, 12, 3)
WORKFLOW = os.path.join(".github", "workflows", "build.yml")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def builds(steps: str, head: str = "") -> list[tuple[object, ...]]:
    """(line, context, dockerfile, args, target, unresolved) of each build of a workflow whose
    one job has these steps."""
    text = f"{head}jobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n{steps}"
    found = built_images(text, path=WORKFLOW).builds
    return [
        (b.site.line, b.context, b.dockerfile, dict(b.args), b.target, dict(b.unresolved))
        for b in found
    ]


def built(steps: str, head: str = "") -> list[str]:
    text = f"{head}jobs:\n  image:\n    steps:\n{steps}"
    return [image.name for image in built_images(text, path=WORKFLOW).built]


def test_postgres_operator_builds_its_images_with_the_workflow_s_base_images(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "postgres-operator"
    shutil.copytree(REALWORLD / "postgres-operator-9643d3f8", root)
    (root / ".git").mkdir()
    monkeypatch.chdir(root)
    workflow = os.path.join(".github", "workflows", "publish_ghcr_image.yaml")
    found = {
        (o.path, o.line, o.text, o.context.get("build", {}).get("line"))
        for o in find_references(".")
        if "ockerfile" in o.path
    }
    assert found == {
        # (`context: .`, `file: docker/Dockerfile`, `build-args: BASE_IMAGE=alpine:3`)
        (os.path.join("docker", "Dockerfile"), 3, "golang:1.26-alpine", 69),
        (os.path.join("docker", "Dockerfile"), 15, "alpine:3", 69),
        # (`context: pooler`: its Dockerfile, with `BASE_IMAGE=alpine:3.22`, both stages)
        (os.path.join("pooler", "Dockerfile"), 2, "alpine:3.22", 79),
        (os.path.join("pooler", "Dockerfile"), 31, "alpine:3.22", 79),
        # (no build names it: read alone, found by its text)
        (os.path.join("docker", "DebugDockerfile"), 1, "golang:1.26-alpine", None),
    }
    made = built_images((root / workflow).read_text(), path=workflow)
    assert [(b.dockerfile, dict(b.args), b.platforms) for b in made.builds] == [
        (os.path.join("docker", "Dockerfile"), {"BASE_IMAGE": "alpine:3"}, AMD_ARM),
        (os.path.join("pooler", "Dockerfile"), {"BASE_IMAGE": "alpine:3.22"}, AMD_ARM),
        (os.path.join("ui", "Dockerfile"), {"BASE_IMAGE": "python:3.11-slim"}, AMD_ARM),
        (os.path.join("logical-backup", "Dockerfile"), {"BASE_IMAGE": "ubuntu:22.04"}, AMD_ARM),
    ]
    assert made.built == ()  # (`tags: ${{ steps.image.outputs.OPERATOR_IMAGE }}`: a run's)


AMD_ARM = ("linux/amd64", "linux/arm64")


def test_the_context_and_the_dockerfile_as_the_action_finds_them() -> None:
    steps = (
        "      - uses: docker/build-push-action@v6\n"  # (the Git context: the checkout)
        "      - uses: docker/build-push-action@v5\n"
        "        with: {context: '{{defaultContext}}:app', file: Dockerfile.prod}\n"
        "      - uses: docker/build-push-action@v4\n"  # (`file` is the checkout's)
        "        with: {context: ./app, file: ./app/prod.Dockerfile}\n"
        "      - uses: Docker/Build-Push-Action@0565240e2d4ab88bba5387d719585280857ece09\n"
        "        with: {context: web}\n"
        "      - uses: docker/build-push-action@v6\n"
        "        with: {context: 'https://github.com/acme/app.git#main', tags: acme/app}\n"
    )
    assert [(line, context, dockerfile) for line, context, dockerfile, *_ in builds(steps)] == [
        (5, ".", "Dockerfile"),
        (6, "app", os.path.join("app", "Dockerfile.prod")),
        (8, "app", os.path.join("app", "prod.Dockerfile")),
        (10, "web", os.path.join("web", "Dockerfile")),
    ]  # (another repository's context: no file of the project, but its tag is built)
    assert built(steps) == ["acme/app"]


def test_build_arguments_through_the_workflow_s_expressions() -> None:
    head = "env:\n  GO: '1.23'\n"
    steps = (
        "      - uses: docker/build-push-action@v6\n"
        "        env: {PY: '3.12'}\n"
        "        with:\n"
        "          build-args: |\n"
        "            GO_VERSION=${{ env.GO }}\n"
        "            BASE=${{ steps.meta.outputs.base }}-slim\n"
        "            REF=${{ vars.OWNER }}/${{ env.REF }}\n"
        '            "LIST=a,b"\n'
        "            PY\n"
        "            NOT_SET\n"
        "          target: ${{ 'prod' }}\n"
    )
    assert builds(steps, head) == [
        (
            7, ".", "Dockerfile",
            {"GO_VERSION": "1.23", "LIST": "a,b", "PY": "3.12"},
            "prod",
            {"BASE": ("steps.meta.outputs.base",), "REF": ("vars.OWNER", "env.REF")},
        )
    ]  # fmt: skip


def test_one_build_per_matrix_leg_where_the_values_differ() -> None:
    head = ""
    steps = (
        "      - uses: docker/build-push-action@v6\n"
        "        with:\n"
        "          context: ${{ matrix.dir }}\n"
        "          build-args: DEBIAN=${{ matrix.debian }}\n"
    )
    job = (
        "jobs:\n  image:\n    strategy:\n      matrix:\n        dir: [a, b]\n"
        "        debian: [bookworm, bookworm]\n    steps:\n"
    )
    found = built_images(head + job + steps, path=WORKFLOW).builds
    assert [(b.dockerfile, dict(b.args)) for b in found] == [
        (os.path.join("a", "Dockerfile"), {"DEBIAN": "bookworm"}),
        (os.path.join("b", "Dockerfile"), {"DEBIAN": "bookworm"}),
    ]


def test_github_job_in_a_build_s_inputs_is_the_job_s_id() -> None:
    # moveit/moveit2's docker.yaml (trimmed, survey 42b): each job builds
    # `.docker/${{ github.job }}/Dockerfile` with its matrix's ROS_DISTRO (GitHub's
    # `github` context: `job` is "the job_id of the current job")
    text = (
        "jobs:\n  release:\n    strategy:\n      matrix:\n        ROS_DISTRO: [lyrical, rolling]\n"
        "    steps:\n"
        "      - uses: docker/build-push-action@v7\n"
        "        with:\n"
        "          file: .docker/${{ github.job }}/Dockerfile\n"
        "          build-args: ROS_DISTRO=${{ matrix.ROS_DISTRO }}\n"
        "          tags: moveit/moveit2:${{ matrix.ROS_DISTRO }}-${{ github.job }}\n"
    )
    found = built_images(text, path=WORKFLOW)
    dockerfile = os.path.join(".docker", "release", "Dockerfile")
    assert [(b.dockerfile, dict(b.args)) for b in found.builds] == [
        (dockerfile, {"ROS_DISTRO": "lyrical"}),
        (dockerfile, {"ROS_DISTRO": "rolling"}),
    ]
    assert [image.name for image in found.built] == ["moveit/moveit2"]


def test_what_a_run_decides_feeds_no_dockerfile_but_known_tags_are_built() -> None:
    steps = (
        "      - uses: docker/build-push-action@v6\n"
        "        with:\n"
        "          file: ${{ inputs.dockerfile }}\n"
        "          tags: |\n"
        "            ghcr.io/acme/app:${{ github.sha }}\n"
        "            ${{ steps.meta.outputs.tags }}\n"
        "            acme/app:latest,acme/app:1\n"
        "      - uses: docker/build-push-action@v6\n"
        "        with: {target: '${{ vars.STAGE }}'}\n"
    )
    assert builds(steps) == []
    assert built(steps) == ["ghcr.io/acme/app", "acme/app"]


def test_a_format_of_what_a_run_gives_builds_its_template_s_name() -> None:
    # koush/scrypted's .github/workflows/docker.yml (trimmed): its plugins' devcontainers run
    # koush/scrypted (1 false TS002 in survey 28c)
    steps = (
        "      - uses: docker/build-push-action@v6\n"
        "        with:\n"
        "          tags: |\n"
        "            ${{ format('koush/scrypted:v{0}-{1}', inputs.publish_tag, matrix.BASE[2]) }}\n"
        "            ${{ inputs.tag == 'latest' && format('ghcr.io/koush/scrypted:{0}', x) }}\n"
        "            ${{ format('{0}/scrypted:{1}', inputs.registry, inputs.tag) }}\n"
    )
    # (a repository an argument gives is a run's: no name)
    assert built(steps) == ["koush/scrypted", "ghcr.io/koush/scrypted"]


def test_named_contexts_target_and_platforms() -> None:
    text = (
        "jobs:\n  image:\n    steps:\n"
        "      - uses: docker/build-push-action@v6\n"
        "        with:\n"
        "          target: runtime\n"
        "          platforms: linux/amd64,linux/arm64\n"
        "          build-contexts: |\n"
        "            alpine=docker-image://alpine:3.20\n"
        "            src=.\n"
    )
    (build,) = built_images(text, path=WORKFLOW).builds
    assert build.target == "runtime"
    assert build.platforms == AMD_ARM
    assert dict(build.contexts) == {"alpine": "docker-image://alpine:3.20", "src": "."}
    assert build.site == BuildSite("github-workflow", WORKFLOW, 4)


def test_a_composite_action_s_build_step() -> None:
    action = os.path.join(".github", "actions", "image", "action.yml")
    text = (
        "runs:\n  using: composite\n  steps:\n"
        "    - uses: docker/build-push-action@v6\n"
        "      with: {context: images/base, build-args: 'V=${{ inputs.version }}'}\n"
    )
    (build,) = built_images(text, path=action).builds
    assert (build.dockerfile, dict(build.unresolved)) == (
        os.path.join("images", "base", "Dockerfile"),
        {"V": ("inputs.version",)},
    )


def test_the_dockerfile_is_read_with_each_build_and_its_tags_are_built(project: Path) -> None:
    write(
        project / ".github" / "workflows" / "build.yml",
        "jobs:\n  image:\n    strategy:\n      matrix:\n        node: ['20', '22']\n"
        "    steps:\n"
        "      - uses: docker/build-push-action@v6\n"
        "        with:\n"
        "          build-args: |\n"
        "            NODE=${{ matrix.node }}\n"
        "            TOOLS=${{ steps.meta.outputs.tools }}\n"
        "          tags: ghcr.io/acme/web:${{ github.sha }}\n",
    )
    write(
        project / "Dockerfile",
        "ARG NODE=latest\nARG TOOLS=acme/tools:1.0.0\nFROM node:${NODE}-alpine\nFROM ${TOOLS}\n",
    )
    write(project / "k8s" / "web.yaml",
          "apiVersion: v1\nkind: Pod\nmetadata: {name: w}\nspec:\n"
          "  containers: [{name: w, image: 'ghcr.io/acme/web:main'}]\n")  # fmt: skip
    scan = find_references(".")
    assert sorted((o.path, o.line, o.text, o.unresolved) for o in scan) == [
        ("Dockerfile", 3, "node:20-alpine", ()),
        ("Dockerfile", 3, "node:22-alpine", ()),
        ("Dockerfile", 4, "", ("steps.meta.outputs.tools",)),  # (a run's)
        (os.path.join("k8s", "web.yaml"), 5, "ghcr.io/acme/web:main", ()),
    ]
    site = BuildSite("github-workflow", WORKFLOW, 7)
    assert [o.built for o in scan if o.path.startswith("k8s")] == [site]
    codes = {(f.path, f.line, f.code) for f in check(scan, as_of=DAY)}
    assert ("Dockerfile", 4, "TS011") in codes  # (unresolved: not the ARG's default)
    assert not any(path.startswith("k8s") for path, _, _ in codes)  # (the build's own tag)


def test_the_tags_of_a_metadata_step_name_the_images_it_builds() -> None:
    # The workflow GitHub's and Docker's documentation give for publishing an image
    # (docker/metadata-action's README): the build's tags are the metadata step's output,
    # so the names it builds are that step's `images`, whatever tags a run gives them.
    steps = (
        "      - id: meta\n        uses: docker/metadata-action@v5\n        with:\n"
        "          images: |\n            ghcr.io/acme/app\n            acme/app\n"
        "            name=quay.io/acme/app,enable=${{ github.event_name != 'pull_request' }}\n"
        "      - id: other\n        uses: docker/metadata-action@v5\n"
        "        with: {images: 'acme/other'}\n"
        "      - uses: docker/build-push-action@v6\n        with:\n"
        "          push: true\n          tags: ${{ steps.meta.outputs.tags }}\n"
    )
    assert built(steps) == ["ghcr.io/acme/app", "acme/app", "quay.io/acme/app"]
    # A metadata step of another job, or one the build does not use, names nothing built.
    elsewhere = (
        "jobs:\n  meta:\n    steps:\n"
        "      - {id: meta, uses: docker/metadata-action@v5, with: {images: acme/app}}\n"
        "  image:\n    steps:\n"
        "      - uses: docker/build-push-action@v6\n"
        "        with: {tags: '${{ steps.meta.outputs.tags }}'}\n"
    )
    assert [i.name for i in built_images(elsewhere, path=WORKFLOW).built] == []
    json_tags = steps.replace(
        "${{ steps.meta.outputs.tags }}", "${{ fromJSON(steps.other.outputs.json).tags }}"
    )
    assert built(json_tags) == ["acme/other"]


def test_a_metadata_step_s_images_chosen_by_a_condition_are_each_built() -> None:
    # pretalx/pretalx-docker's docker.yml (survey s17c): a condition only a run knows picks
    # Docker Hub's pretalx/standalone or a GHCR name of the repository's; the project builds
    # pretalx/standalone, which its docker-compose.yml runs (before: a false TS001 there).
    steps = (
        "      - id: meta\n        uses: docker/metadata-action@v6\n        with:\n"
        "          images: ${{ env.push_to_docker_hub == 'true' && 'pretalx/standalone' || "
        "format('ghcr.io/{0}', github.repository) }}\n"
        "      - uses: docker/build-push-action@v7\n        with:\n"
        "          tags: ${{ steps.meta.outputs.tags }}\n"
    )
    head = "env:\n  push_to_docker_hub: ${{ secrets.DOCKER_USERNAME != null }}\n"
    assert built(steps, head) == ["pretalx/standalone"]
    # (a condition the file answers is no choice: the one value, as before)
    answered = steps.replace("env.push_to_docker_hub == 'true'", "'a' == 'b'")
    assert built(answered, head) == []


def test_an_image_a_metadata_step_names_is_built_where_a_manifest_pulls_it(
    project: Path,
) -> None:
    write(
        project / WORKFLOW,
        "on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - {id: meta, uses: docker/metadata-action@v5, with: {images: ghcr.io/acme/app}}\n"
        "      - uses: docker/build-push-action@v6\n"
        "        with: {context: ., tags: '${{ steps.meta.outputs.tags }}'}\n",
    )
    write(project / "Dockerfile", "FROM alpine:3.22.2\n")
    write(
        project / "deploy.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
        "  containers: [{name: app, image: 'ghcr.io/acme/app:latest'}]\n",
    )
    scan = find_references(".")
    (pod,) = [o for o in scan if o.path == "deploy.yaml"]
    assert pod.built is not None and pod.built.tool == "github-workflow"
    assert check(scan, as_of=DAY) == []
    from tagsense.sources.context import forget

    forget()


def test_the_drop_in_replacements_of_the_action_are_builds_too() -> None:
    # Depot's action "implements the same inputs and outputs as docker/build-push-action";
    # Blacksmith's is a fork of it (survey 14b: outline builds its images with it).
    steps = (
        "      - uses: depot/build-push-action@v1\n"
        "        with: {context: ./app, build-args: NODE=22, tags: acme/app}\n"
        "      - uses: useblacksmith/build-push-action@fb9e3e6a9299c78462bfadd0d93352c316adc9b8\n"
        "        with: {file: Dockerfile.base, tags: acme/base}\n"
        "      - uses: acme/build-push-action-wrapper@v1\n"  # (another action: not read)
        "        with: {tags: acme/other}\n"
    )
    assert [(line, context, dockerfile, args) for line, context, dockerfile, args, *_ in
            builds(steps)] == [
        (5, "app", os.path.join("app", "Dockerfile"), {"NODE": "22"}),
        (7, ".", "Dockerfile.base", {}),
    ]  # fmt: skip
    assert built(steps) == ["acme/app", "acme/base"]


BASE_THEN_APP = (
    "env:\n  BASE_IMAGE_NAME: acme/app-base\n"
    "jobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n"
    "      - uses: actions/checkout@v5\n"
    "      - id: base_build\n        uses: docker/build-push-action@v6\n"
    "        with: {file: Dockerfile.base, tags: '${{ env.BASE_IMAGE_NAME }}', push: true}\n"
    "      - uses: docker/build-push-action@v6\n        with:\n"
    "          tags: acme/app\n          build-args: |\n"
    "            BASE_IMAGE=${{ env.BASE_IMAGE_NAME }}@${{ steps.base_build.outputs.digest }}\n"
)


@pytest.mark.parametrize(
    ("passed", "codes"),
    [
        # the repository the step before built, at the digest it pushed: the project's own
        ("${{ env.BASE_IMAGE_NAME }}@${{ steps.base_build.outputs.digest }}", []),
        ("${{ env.BASE_IMAGE_NAME }}:${{ steps.base_build.outputs.version }}", []),
        # a repository no step builds, or one only a run names: unresolved, as before
        ("acme/tools@${{ steps.base_build.outputs.digest }}", ["TS011"]),
        ("${{ steps.base_build.outputs.repository }}@sha256:abc", ["TS011"]),
        # no tag or digest begun: the repository's name may go on (`acme/app-base-debug`)
        ("${{ env.BASE_IMAGE_NAME }}${{ steps.base_build.outputs.suffix }}", ["TS011"]),
    ],
)
def test_a_base_image_passed_with_a_tag_or_digest_a_run_decides_is_the_one_built(
    project: Path, passed: str, codes: list[str]
) -> None:
    # outline builds `outlinewiki/outline-base`, then its Dockerfile `FROM ${BASE_IMAGE}` with
    # the base image's repository and the digest the step before pushed (a false TS011, and
    # before Blacksmith's action was read, a false TS002 for the ARG's untagged default).
    workflow = BASE_THEN_APP.replace(
        "${{ env.BASE_IMAGE_NAME }}@${{ steps.base_build.outputs.digest }}", passed
    )
    write(project / WORKFLOW, workflow)
    write(project / "Dockerfile.base", "FROM node:26.3.0\n")
    write(project / "Dockerfile", "ARG BASE_IMAGE=acme/app-base\nFROM ${BASE_IMAGE} AS base\n")
    scan = find_references(".")
    (base,) = [o for o in scan if o.path == "Dockerfile"]
    assert base.unresolved  # (what a run decides stays so)
    assert (
        base.text == passed.replace("${{ env.BASE_IMAGE_NAME }}", "acme/app-base").split("${{")[0]
    )  # (the text as far as it is known)
    assert [f.code for f in check(scan, as_of=DAY) if f.path == "Dockerfile"] == codes
    assert (base.built is not None) is (not codes)


# home-assistant/docker-base (trimmed): a reusable workflow publishes each base image with
# Home Assistant's builder action; the Python images' Dockerfiles start from `base`.
HA_CALLER = """\
on: push
jobs:
  build_alpine:
    strategy:
      matrix:
        alpine_version: ["3.22", "3.23"]
    uses: ./.github/workflows/build-base-image.yml
    with:
      image-name: base
      image-tags: |
        ${{ matrix.alpine_version }}
      push: ${{ github.event_name == 'release' }}
"""
HA_REUSABLE = """\
on:
  workflow_call:
    inputs:
      image-name: {type: string, required: true}
      image-tags: {type: string, required: true}
      push: {type: boolean, default: false}
jobs:
  manifest:
    if: inputs.push
    runs-on: ubuntu-latest
    steps:
      - uses: home-assistant/builder/actions/publish-multi-arch-manifest@4de35182ce1e # 2026.06.0
        with:
          architectures: '["amd64", "aarch64"]'
          image-name: ${{ inputs.image-name }}
          image-tags: ${{ inputs.image-tags }}
"""


def test_the_image_home_assistant_s_builder_publishes_is_built(project: Path) -> None:
    config = '[remote "origin"]\n\turl = https://github.com/home-assistant/docker-base\n'
    write(project / ".git" / "config", config)
    write(project / ".github" / "workflows" / "builder.yml", HA_CALLER)
    write(project / ".github" / "workflows" / "build-base-image.yml", HA_REUSABLE)
    write(
        project / "python" / "3.12" / "Dockerfile",
        "ARG BASE_IMAGE=ghcr.io/home-assistant/base\nARG BASE_VERSION=3.23\n"
        "FROM ${BASE_IMAGE}:${BASE_VERSION}\n",
    )
    (found,) = find_references(os.path.join("python", "3.12", "Dockerfile"))
    assert found.text == "ghcr.io/home-assistant/base:3.23"
    assert found.built is not None and found.built.path.endswith("build-base-image.yml")
    assert check([found], as_of=DAY) == []
    # (with another prefix the action pushes elsewhere: the image is pulled)
    other = HA_REUSABLE.replace(
        "image-name: $", "registry-prefix: ghcr.io/acme\n          image-name: $"
    )
    write(project / ".github" / "workflows" / "build-base-image.yml", other)
    (found,) = find_references(os.path.join("python", "3.12", "Dockerfile"))
    assert found.built is None


#: ollama/ollama's Dockerfile (MIT): each architecture's base stage, picked by TARGETARCH.
OLLAMA_BASES = """\
ARG ROCMVERSION=7.2.1
FROM --platform=linux/amd64 rocm/dev-almalinux-8:${ROCMVERSION}-complete AS base-amd64
FROM --platform=linux/arm64 almalinux:8 AS base-arm64
FROM base-${TARGETARCH} AS base
RUN true
"""


@pytest.mark.parametrize(
    ("platforms", "pulled"),
    [
        # ollama's release.yaml: one leg a platform, `${{ matrix.os }}/${{ matrix.arch }}`
        ("${{ matrix.os }}/${{ matrix.arch }}", [True, True]),
        ("linux/amd64,linux/arm64", [True, True]),
        ("linux/arm64", [False, True]),
        ("linux/amd64", [True, False]),
        (None, [True, False]),  # (BuildKit's default here: linux/amd64)
        ("${{ secrets.PLATFORM }}", [True, False]),  # (a run's: nothing more is known)
    ],
)
def test_each_platform_a_build_is_for_picks_its_stages(
    project: Path, platforms: str | None, pulled: list[bool]
) -> None:
    write(project / "Dockerfile", OLLAMA_BASES)
    given = f"          platforms: {platforms}\n" if platforms else ""
    write(
        project / WORKFLOW,
        "on: push\njobs:\n  image:\n    strategy:\n      matrix:\n        os: [linux]\n"
        "        arch: [amd64, arm64]\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: docker/build-push-action@v6\n        with:\n          context: .\n"
        f"{given}          push: true\n          tags: ghcr.io/acme/app:1\n",
    )
    bases = [o for o in find_references(project / "Dockerfile") if o.kind == "from"]
    assert [o.text for o in bases] == ["rocm/dev-almalinux-8:7.2.1-complete", "almalinux:8"]
    assert [o.context["pulled"] for o in bases] == pulled


def test_an_image_each_platform_leaves_to_the_same_run_value_is_one_problem(
    project: Path,
) -> None:
    # gotify/server's docker/Dockerfile, built for four platforms by its Makefile with
    # GO_VERSION a run's value: `gotify/build:${GO_VERSION}-${__TARGETPLATFORM_GO_NOTATION}`
    # resolves to four texts, each needing GO_VERSION: one TS011, not four.
    write(
        project / "Dockerfile",
        "ARG GO_VERSION\nARG TARGETARCH\nFROM golang:${GO_VERSION}-${TARGETARCH} AS build\n",
    )
    write(
        project / WORKFLOW,
        "on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: docker/build-push-action@v6\n        with:\n          context: .\n"
        "          platforms: linux/amd64,linux/arm64,linux/arm/v7\n"
        "          build-args: GO_VERSION=${{ env.GO }}\n          tags: ghcr.io/acme/app:1\n",
    )
    found = [f.code for f in check(find_references(project / "Dockerfile"), as_of=DAY)]
    assert found == ["TS011"]


# onyx-dot-app/onyx (trimmed): its CI passes the address of an ECR pull-through cache of
# Docker Hub, which an earlier step writes to $GITHUB_ENV, as the Dockerfiles' registry.
REGISTRY_FROM_A_RUN = """\
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - run: echo "BASE_IMAGE_REGISTRY=${ECR_REGISTRY}/docker-hub" >> "$GITHUB_ENV"
      - uses: docker/build-push-action@v6
        with:
          context: .
          build-args: |
            BASE_IMAGE_REGISTRY=${{ env.BASE_IMAGE_REGISTRY }}
"""
PYTHON = "library/python:3.13-slim@sha256:" + "b0" * 32


@pytest.mark.parametrize(
    ("head", "base", "text", "codes"),
    [
        # (the registry alone: the image the default names, wherever the run pulls it from)
        ("ARG BASE_IMAGE_REGISTRY=docker.io", f"${{BASE_IMAGE_REGISTRY}}/{PYTHON}",
         f"docker.io/{PYTHON}", []),
        ("ARG BASE_IMAGE_REGISTRY=docker.io",
         "${BASE_IMAGE_REGISTRY}/library/python:3.13-slim",
         "docker.io/library/python:3.13-slim", ["TS004"]),
        # (more than the registry, or a default that is no registry: the run's, as before)
        ("ARG BASE_IMAGE_REGISTRY=docker.io", "python:${BASE_IMAGE_REGISTRY}", None, ["TS011"]),
        ("ARG BASE_IMAGE_REGISTRY=library", f"${{BASE_IMAGE_REGISTRY}}/{PYTHON}", None,
         ["TS011"]),
        ("ARG BASE_IMAGE_REGISTRY", f"${{BASE_IMAGE_REGISTRY}}/{PYTHON}", None, ["TS011"]),
    ],
)  # fmt: skip
def test_a_registry_a_run_passes_is_the_default_s_image_through_a_mirror(
    project: Path, head: str, base: str, text: str | None, codes: list[str]
) -> None:
    write(project / WORKFLOW, REGISTRY_FROM_A_RUN)
    write(project / "Dockerfile", f"{head}\nFROM {base}\n")
    scan = find_references(".")
    (found,) = [o for o in scan if o.path == "Dockerfile"]
    assert (found.text if found.reference is not None else None) == text
    assert bool(found.context.get("registry_given")) is (text is not None)
    assert [f.code for f in check(scan, as_of=DAY) if f.path == "Dockerfile"] == codes


# from kanisterio/kanister@534f1523115c30664b519556601b1b2db7f02882 .github/workflows/
# (trimmed): build_example_images.yaml passes `TOOLS_IMAGE=…:${{ inputs.image_tag }}` to
# build_docker.yaml, whose step gives `build-args: ${{ inputs.build-args }}`; main.yaml calls
# it with a tag, release.yaml with a job's output.
KANISTER_BUILD_DOCKER = """\
on:
  workflow_call:
    inputs:
      image_file: {type: string, required: true}
      build-args: {type: string, required: true}
jobs:
  build_image:
    runs-on: ubuntu-latest
    steps:
    - uses: actions/checkout@v4
    - uses: docker/build-push-action@v6
      with:
        context: .
        file: ${{ inputs.image_file }}
        build-args: ${{ inputs.build-args }}
"""
KANISTER_EXAMPLES = """\
on:
  workflow_call:
    inputs:
      image_tag: {type: string, required: true}
jobs:
  build_cassandra:
    uses: ./.github/workflows/build_docker.yaml
    with:
      image_file: docker/cassandra/Dockerfile
      build-args: |
        TOOLS_IMAGE=ghcr.io/kanisterio/kanister-tools:${{ inputs.image_tag }}
"""
KANISTER_CALL = """\
on: push
jobs:
  run_if:
    runs-on: ubuntu-latest
    outputs:
      release_tag: ${{ steps.tag.outputs.tag }}
    steps:
      - id: tag
        run: ./build/release_tag.sh >> "$GITHUB_OUTPUT"
  release_example_docker_images:
    needs: [run_if]
    uses: ./.github/workflows/build_example_images.yaml
    with:
      image_tag: TAG
"""


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        # (only a run knows which arguments the call passes: read as without that build)
        (["${{ needs.run_if.outputs.release_tag }}"], [None]),
        # (and beside a call that says: that one's reading, and no blank base name)
        (
            ["${{ needs.run_if.outputs.release_tag }}", "v9.99.9-dev"],
            ["ghcr.io/kanisterio/kanister-tools:v9.99.9-dev"],
        ),
    ],
)
def test_build_arguments_only_a_run_knows_are_no_blank_argument(
    project: Path, tags: list[str], expected: list[str | None]
) -> None:
    workflows = project / ".github" / "workflows"
    write(workflows / "build_docker.yaml", KANISTER_BUILD_DOCKER)
    write(workflows / "build_example_images.yaml", KANISTER_EXAMPLES)
    for index, tag in enumerate(tags):
        write(workflows / f"call{index}.yaml", KANISTER_CALL.replace("TAG", tag))
    dockerfile = "docker/cassandra/Dockerfile"
    write(project / dockerfile, "ARG TOOLS_IMAGE\nFROM ${TOOLS_IMAGE} AS TOOLS_IMAGE\n")
    scan = find_references(".")
    # (it was "base name (${TOOLS_IMAGE}) should not be blank" for the release's call)
    assert [e.message for e in scan.errors] == []
    tools = [o for o in scan if o.path == os.path.normpath(dockerfile)]
    assert [None if o.unresolved else o.text for o in tools] == expected
