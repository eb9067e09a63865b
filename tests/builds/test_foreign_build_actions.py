"""Other actions than Docker's that build an image: a step whose inputs name a Dockerfile and
an image builds that image (issue 12, survey s22m).

makeplane/plane publishes its images with its own ``makeplane/actions/build-push``
(``docker-image-owner``, ``docker-image-name``, ``dockerfile-path``) and its deployment
compose file pulls them as ``makeplane/plane-frontend:${APP_RELEASE:-stable}``: nine false
TS003 before, for images the project builds.
"""

from __future__ import annotations

import datetime
import doctest
import os
import shutil

from hypothesis import given
from hypothesis import strategies as st

from tagsense import check, find_references
from tagsense.sources.ci import _foreign_actions, built_images

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

    import pytest

DAY = datetime.date(2026, 12, 3)
WORKFLOW = os.path.join(".github", "workflows", "build.yml")

#: plane's build-branch.yml, cut down: a setup job writes the image names to its outputs.
PLANE = """\
on: {workflow_dispatch: {}}
jobs:
  setup:
    runs-on: ubuntu-22.04
    outputs:
      dh_img_web: ${{ steps.vars.outputs.DH_IMG_WEB }}
    steps:
      - id: vars
        run: |
          echo "DH_IMG_WEB=plane-frontend" >> $GITHUB_OUTPUT
  web:
    needs: [setup]
    runs-on: ubuntu-22.04
    steps:
      - uses: makeplane/actions/build-push@v1.4.0
        with:
          dockerhub-username: ${{ secrets.DOCKERHUB_USERNAME }}
          docker-image-owner: makeplane
          docker-image-name: ${{ needs.setup.outputs.dh_img_web }}
          build-context: .
          dockerfile-path: ./apps/web/Dockerfile.web
"""


def built(steps: str) -> list[str]:
    text = f"jobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n{steps}"
    return [image.name for image in built_images(text, path=WORKFLOW).built]


def test_an_organisation_s_own_build_action_builds_the_image_its_inputs_name() -> None:
    assert [image.name for image in built_images(PLANE, path=WORKFLOW).built] == [
        "makeplane/plane-frontend"
    ]


def test_published_build_actions_as_their_inputs_say() -> None:
    # redhat-actions/buildah-build: `image` and tags of its own, or whole names in `tags`
    assert built(
        "      - uses: redhat-actions/buildah-build@v2\n"
        "        with: {image: app, tags: latest v1, containerfiles: ./Containerfile}\n"
    ) == ["app"]
    assert built(
        "      - uses: redhat-actions/buildah-build@v2\n"
        "        with:\n          containerfiles: ./Containerfile\n"
        "          tags: quay.io/acme/app:1.0 quay.io/acme/app:latest\n"
    ) == ["quay.io/acme/app"]
    # mr-smithers-excellent/docker-build-push: `registry` + `image`
    assert built(
        "      - uses: mr-smithers-excellent/docker-build-push@v6\n"
        "        with: {image: acme/api, registry: ghcr.io, dockerfile: api/Dockerfile}\n"
    ) == ["ghcr.io/acme/api"]
    # Azure's container apps action: camelCase inputs, a whole name with its tag
    assert built(
        "      - uses: azure/container-apps-deploy-action@v2\n"
        "        with: {dockerfilePath: Dockerfile, imageToBuild: acr.io/acme/web:1}\n"
    ) == ["acr.io/acme/web"]


def test_an_action_named_for_a_docker_build_builds_its_default_dockerfile() -> None:
    # rclone/rclone v1.60.1, .github/workflows/build_publish_docker_image.yml (survey 29a):
    # ilteoood/docker_buildx's `dockerFile` defaults to Dockerfile; the plugin's Dockerfile
    # builds FROM the rclone/rclone:latest this step publishes (a false TS001 before).
    assert built(
        "      - uses: ilteoood/docker_buildx@1.1.0\n"
        "        with:\n          tag: beta\n          imageName: rclone/rclone\n"
        "          platform: linux/amd64,linux/arm64\n          publish: true\n"
    ) == ["rclone/rclone"]
    assert built(
        "      - uses: mr-smithers-excellent/docker-build-push@v6\n"
        "        with: {image: acme/api, registry: ghcr.io}\n"
    ) == ["ghcr.io/acme/api"]
    # (setting up Buildx names a builder, not an image)
    assert built("      - uses: docker/setup-buildx-action@v3\n        with: {name: ci}\n") == []


def test_an_action_that_publishes_built_images_makes_the_names_of_its_tags() -> None:
    # Flagsmith's .reusable-docker-publish.yml: a metadata step's images, copied from the
    # images built before by kphrx/docker-buildx-imagetools-action (survey s22m)
    assert built(
        "      - id: meta\n        uses: docker/metadata-action@v5\n"
        "        with: {images: flagsmith/flagsmith}\n"
        "      - uses: kphrx/docker-buildx-imagetools-action@v0.1.2\n"
        "        with:\n          sources: ghcr.io/flagsmith/flagsmith:${{ github.sha }}\n"
        "          tags: ${{ steps.meta.outputs.tags }}\n"
    ) == ["flagsmith/flagsmith"]
    assert built(
        "      - uses: int128/docker-manifest-create-action@v2\n"
        "        with: {tags: ghcr.io/acme/app:1, sources: ghcr.io/acme/app-amd64:1}\n"
    ) == ["ghcr.io/acme/app"]


def test_what_only_reads_a_dockerfile_builds_nothing() -> None:
    assert (
        built(
            "      - uses: hadolint/hadolint-action@v3\n        with: {dockerfile: Dockerfile}\n"
            "      - uses: aquasecurity/trivy-action@v0\n"
            "        with: {image-ref: acme/app, image: acme/app, dockerfile: Dockerfile}\n"
            "      - uses: acme/deploy@v1\n        with: {image: acme/app}\n"  # (no Dockerfile)
            "      - uses: ./.github/actions/build\n"
            "        with: {image: acme/local, dockerfile: Dockerfile}\n"
        )
        == []
    )


def test_a_compose_file_s_image_that_such_a_step_builds_is_not_judged_as_a_pull(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    workflow = tmp_path / WORKFLOW
    workflow.parent.mkdir(parents=True)
    workflow.write_text(PLANE)
    (tmp_path / "compose.yaml").write_text(
        "services:\n"
        "  web:\n    image: makeplane/plane-frontend:${APP_RELEASE:-stable}\n"
        "  minio:\n    image: minio/minio:latest\n"
    )
    scan = find_references(".")
    by_line = {o.line: o for o in scan if o.path == "compose.yaml"}
    assert by_line[3].built is not None and by_line[3].built.line == 15
    assert by_line[5].built is None
    assert [(f.line, f.code) for f in check(scan, as_of=DAY) if f.path == "compose.yaml"] == [
        (5, "TS001")
    ]


@given(st.dictionaries(st.text(max_size=20), st.text(max_size=40), max_size=8), st.text())
def test_any_inputs_give_a_build_s_inputs_or_none(inputs: dict[str, str], action: str) -> None:
    mapped = _foreign_actions.foreign_build_inputs(action.lower(), inputs)
    if mapped is not None:
        assert mapped["file"] and mapped["tags"]
        assert set(mapped) <= {"tags", "file", "context"}


def test_the_module_s_examples() -> None:
    result = doctest.testmod(_foreign_actions)
    assert result.attempted > 0 and result.failed == 0


ZEPHYR_IMAGES = os.path.join(
    os.path.dirname(__file__), "..", "data", "realworld", "zephyr-docker-image-12560736"
)


def test_a_build_tagged_by_a_metadata_step_builds_that_step_s_images(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # zephyrproject-rtos/docker-image: redhat-actions/buildah-build steps tagged with
    # `${{ steps.meta_base.outputs.tags }}` build `docker.io/zephyrprojectrtos/ci-base` (the
    # metadata step's `images`, from the workflow's `env`); the next Dockerfile starts from it
    # (`FROM ${BASE_IMAGE:-zephyrprojectrtos/ci-base:latest}`): two false TS001 before
    shutil.copytree(ZEPHYR_IMAGES, tmp_path, dirs_exist_ok=True)
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    froms = {os.path.basename(o.path): o for o in scan if o.kind == "from"}
    assert froms["Dockerfile.ci"].built is not None
    assert froms["Dockerfile.devel"].built is not None
    assert froms["Dockerfile.base"].built is None  # (ubuntu:24.04, pulled)
    assert [f.code for f in check(scan, as_of=DAY)] == []
    assert built(
        "      - id: meta\n        uses: docker/metadata-action@v5\n"
        "        with: {images: ghcr.io/acme/app}\n"
        "      - uses: redhat-actions/buildah-build@v2\n"
        "        with:\n          containerfiles: Containerfile\n"
        "          tags: ${{ steps.meta.outputs.tags }}\n"
    ) == ["ghcr.io/acme/app"]


# grpc-ecosystem/grpc-gateway (BSD-3-Clause) @ 2026 snapshot: .github/workflows/devcontainer.yml
# (whole) builds and pushes the dev container its ci.yml jobs run in (ci.yml lines 44-47;
# survey 32d: 4 false TS001 over ci.yml and renovate.yml).
GRPC_GATEWAY_DEVCONTAINER = """\
on:
  push:
    paths:
      - .devcontainer/devcontainer.json
      - .github/workflows/devcontainer.yml
      - .github/Dockerfile
permissions:
  contents: read
  packages: write
name: devcontainer
jobs:
  rebuild:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
      - name: Login to GitHub Container Registry
        uses: docker/login-action@dbcb813823bdd20940b903addbd779551569679f # v4
        with:
          registry: ghcr.io
          username: ${{ github.repository_owner }}
          password: ${{ secrets.GITHUB_TOKEN }}
      - name: Rebuild dev container image
        uses: devcontainers/ci@513af61f4de4f75d37e4438f184ba4358f0fc1ca # v0.3
        with:
          imageName: ghcr.io/grpc-ecosystem/grpc-gateway/build-env
          cacheFrom: ghcr.io/grpc-ecosystem/grpc-gateway/build-env
          push: filter
          refFilterForPush: refs/heads/main
"""
GRPC_GATEWAY_CI = """\
on: push
jobs:
  generate:
    runs-on: ubuntu-latest
    container:
      image: ghcr.io/grpc-ecosystem/grpc-gateway/build-env:latest
    steps:
      - run: make generate
"""


def test_the_dev_container_an_action_builds_is_the_project_s_image(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "devcontainer.yml").write_text(GRPC_GATEWAY_DEVCONTAINER)
    (workflows / "ci.yml").write_text(GRPC_GATEWAY_CI)
    scan = find_references(".")
    (job,) = [o for o in scan if o.path == ".github/workflows/ci.yml"]
    assert job.built is not None and job.built.path == ".github/workflows/devcontainer.yml"
    assert check(scan, as_of=DAY) == []
