"""A workflow that pushes to the account its repository's settings name builds that name in
whichever account it is (survey 31b).

wger-project/wger's ``docker-base.yml`` tags ``${{ vars.REGISTRY_REPO }}/base:latest`` (a
repository variable: the Docker Hub account), and ``extras/docker/demo/Dockerfile`` starts
``FROM wger/base:latest`` twice: the project's own base image, two false TS001 (four with the
production Dockerfile's); ``docker.yml`` pushes ``${{ env.REGISTRY_IMAGE }}`` by digest, that
is ``${{ vars.REGISTRY_REPO }}/server``, which the development Dockerfile starts from.
"""

from __future__ import annotations

import datetime
import os
import shutil
from typing import TYPE_CHECKING

import pytest

from tagsense import check, find_references

if TYPE_CHECKING:
    from pathlib import Path

DAY = datetime.date(2026, 12, 5)
WGER = os.path.join(os.path.dirname(__file__), "data", "realworld", "wger-aaba2018")


def codes(path: str) -> list[tuple[str, str | None]]:
    return [(f.code, f.reference) for f in check(find_references(path), as_of=DAY)]


def checkout(project: Path) -> None:
    """A checkout's root (its ``.git``): where the project's workflows are looked for."""
    (project / ".git").mkdir(parents=True)
    (project / ".git" / "HEAD").write_text("ref: refs/heads/main\n")


def test_the_project_s_image_in_its_account_is_built(tmp_path: Path) -> None:
    shutil.copytree(WGER, tmp_path / "wger")
    checkout(tmp_path / "wger")
    demo = str(tmp_path / "wger" / "extras" / "docker" / "demo")
    built = [o for o in find_references(demo) if o.text == "wger/base:latest"]
    assert len(built) == 2
    assert all(o.built is not None and o.built.tool == "github-workflow" for o in built)
    assert codes(demo) == []
    # (docker.yml pushes `name=${{ env.REGISTRY_IMAGE }}` by digest, `REGISTRY_IMAGE: ${{
    # vars.REGISTRY_REPO }}/server` in the workflow's env: the development Dockerfile's base)
    development = str(tmp_path / "wger" / "extras" / "docker" / "development" / "Dockerfile")
    (server,) = [o for o in find_references(development) if o.text == "wger/server:latest"]
    assert server.built is not None
    assert server.built.path is not None and server.built.path.endswith("docker.yml")
    # (the base image's own base is a pull, judged as any)
    base = str(tmp_path / "wger" / "extras" / "docker" / "base" / "Dockerfile")
    assert [o.built for o in find_references(base)] == [None]


@pytest.mark.parametrize(
    ("tags", "image", "built"),
    [
        ("${{ secrets.DOCKERHUB_USERNAME }}/app:latest", "acme/app:latest", True),
        ("${{ vars.ACCOUNT }}/app:1.0", "acme/app:latest", True),
        # (another name, an official image, another registry, a namespace of more parts)
        ("${{ vars.ACCOUNT }}/app:latest", "acme/api:latest", False),
        ("${{ vars.ACCOUNT }}/nginx:latest", "nginx:latest", False),
        ("${{ vars.ACCOUNT }}/app:latest", "ghcr.io/acme/app:latest", False),
        ("${{ vars.ACCOUNT }}/app:latest", "acme/team/app:latest", False),
        # (through the workflow's env, as written)
        ("${{ env.IMAGE }}:latest", "acme/app:latest", True),
        # (a run's value, not the repository's settings: any name)
        ("${{ github.event.inputs.account }}/app:latest", "acme/app:latest", False),
    ],
)
def test_which_names_an_account_s_tag_builds(
    tmp_path: Path, tags: str, image: str, built: bool
) -> None:
    checkout(tmp_path)
    workflow = tmp_path / ".github" / "workflows" / "push.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(
        "on: push\nenv:\n  IMAGE: ${{ vars.ACCOUNT }}/app\n"
        "jobs:\n  push:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - uses: docker/build-push-action@v6\n"
        f"        with:\n          context: base\n          push: true\n          tags: {tags}\n"
    )
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "Dockerfile").write_text("FROM alpine:3.22\n")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "Dockerfile").write_text(f"FROM {image}\n")
    (found,) = find_references(str(tmp_path / "app" / "Dockerfile"))
    assert (found.built is not None) == built


FEATBIT = """name: Publish Docker Images
on:
  workflow_dispatch:
env:
  LATEST_TAG: latest
jobs:
  build-publish:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        include:
          - app: featbit-ui
            build-dir: modules/front-end
          - app: featbit-api-server
            build-dir: modules/back-end
    steps:
      - uses: docker/build-push-action@v7
        with:
          context: "{{defaultContext}}:${{ matrix.build-dir }}"
          push: true
          tags: ${{ secrets.DOCKER_HUB_USERNAME }}/${{ matrix.app }}:${{ env.LATEST_TAG }}
"""


@pytest.mark.parametrize(
    ("image", "built"),
    [
        ("featbit/featbit-ui:latest", True),
        ("featbit/featbit-api-server:latest", True),
        # (a name no matrix entry gives)
        ("featbit/featbit-evaluation-server:latest", False),
    ],
)
def test_an_account_s_tag_named_by_a_matrix_value(tmp_path: Path, image: str, built: bool) -> None:
    # (featbit/featbit's publish-docker-images.yml, abridged: its self-hosting compose files
    # run featbit/featbit-ui:latest and the others; survey 32c, 24 false TS001)
    checkout(tmp_path)
    workflow = tmp_path / ".github" / "workflows" / "publish-docker-images.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(FEATBIT)
    (tmp_path / "docker-compose.yml").write_text(f"services:\n  app:\n    image: {image}\n")
    (found,) = find_references(str(tmp_path / "docker-compose.yml"))
    assert (found.built is not None) == built
    assert (codes(str(tmp_path / "docker-compose.yml")) == []) == built


@pytest.mark.parametrize(
    ("run", "env", "image", "built"),
    [
        # (HaithamMahajna/NetflixMovieCatalog's service-deploy.yaml, the build step; its
        # deploy.yaml runs haithammahajna/netflix:latest: 1 false TS001, survey 33f)
        (
            "img_name=netflix\n          docker build --push -t "
            "${{ secrets.DOCKERHUB_USERNAME }}/$img_name  .",
            "",
            "haithammahajna/netflix:latest",
            True,
        ),
        ("docker build -t ${{vars.HUB}}/app:1.0 .", "", "acme/app:latest", True),
        ("docker tag app ${{ secrets.USER }}/app:latest", "", "acme/app:2", True),
        # (an env variable that holds the account, the job's)
        ("docker build -t $HUB/app .", "HUB: ${{ secrets.DOCKER_USERNAME }}", "acme/app:1", True),
        ("docker build -t ${HUB}/app .", "HUB: ${{ secrets.DOCKER_USERNAME }}", "acme/app:1", True),
        # (another name; an own name a secret gives; a pull, not a tag; an env of a run's value)
        ("docker build -t ${{ secrets.USER }}/app .", "", "acme/api:latest", False),
        ("docker build -t ${{ secrets.USER }}/${{ secrets.APP }} .", "", "acme/app:1", False),
        ("docker pull ${{ secrets.USER }}/app:latest", "", "acme/app:latest", False),
        ("docker build -t $HUB/app .", "HUB: ${{ github.actor }}", "acme/app:1", False),
        ("docker build -t ${{ secrets.USER }}/nginx .", "", "nginx:1.27", False),
    ],
)
def test_a_run_step_that_tags_an_account_s_name_builds_it(
    tmp_path: Path, run: str, env: str, image: str, built: bool
) -> None:
    checkout(tmp_path)
    workflow = tmp_path / ".github" / "workflows" / "deploy.yml"
    workflow.parent.mkdir(parents=True)
    job_env = f"    env:\n      {env}\n" if env else ""
    workflow.write_text(
        "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n"
        f"{job_env}    steps:\n      - uses: actions/checkout@v4\n"
        f"      - run: |\n          {run}\n"
    )
    (tmp_path / "Dockerfile").write_text("FROM python:3.13.1-slim\n")
    (tmp_path / "deploy.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n"
        f"    - name: web\n      image: {image}\n"
    )
    (found,) = find_references(str(tmp_path / "deploy.yaml"))
    assert (found.built is not None) == built
    if built:
        assert found.built is not None and found.built.tool == "github-workflow"


# (ever-co/ever-gauzy's docker-build-publish-prod.yml at 39a5c3ad, abridged: one build pushed to
# four registries, the last one a secret of the repository; its .deploy/k8s/k8s-manifest.cw.*.yaml
# run the image from that registry, six false TS001 in survey 46a)
GAUZY = """name: Build and Publish Docker Images Prod
on:
  workflow_dispatch:
jobs:
  gauzy-api:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v6
      - name: Build
        uses: docker/build-push-action@v7
        with:
          context: .
          file: ./.deploy/api/Dockerfile
          load: true
          tags: |
            ghcr.io/ever-co/gauzy-api:latest
            ${{ secrets.CW_DOCKER_REGISTRY }}/ever-co/gauzy-api:latest
"""


@pytest.mark.parametrize(
    ("image", "built"),
    [
        ("ever-registry.tenant-acb888-ever.example.cloud/ever-co/gauzy-api:latest", True),
        ("registry.example.com:5000/ever-co/gauzy-api:1.2.3", True),
        # (another path in any registry: another image)
        ("ever-registry.example.cloud/ever-co/gauzy-webapp:latest", False),
        ("ever-registry.example.cloud/gauzy-api:latest", False),
        ("ever-registry.example.cloud/other/ever-co-gauzy-api:latest", False),
    ],
)
def test_a_tag_in_the_registry_a_secret_names(tmp_path: Path, image: str, built: bool) -> None:
    checkout(tmp_path)
    workflow = tmp_path / ".github" / "workflows" / "docker-build-publish-prod.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(GAUZY)
    (tmp_path / ".deploy" / "api").mkdir(parents=True)
    (tmp_path / ".deploy" / "api" / "Dockerfile").write_text("FROM node:24.16.0-alpine3.23\n")
    manifest = tmp_path / "k8s-manifest.cw.prod.yaml"
    manifest.write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n"
        f"    spec:\n      containers:\n        - name: api\n          image: {image}\n"
    )
    (found,) = find_references(str(manifest))
    assert (found.built is not None) == built
    assert (codes(str(manifest)) == []) == built


@pytest.mark.parametrize(
    ("tag", "image", "built"),
    [
        ("${{ secrets.REGISTRY }}/acme/app:1.0", "registry.example.com/acme/app:latest", True),
        ("${{ vars.REGISTRY }}/team/acme/app", "registry.example.com/team/acme/app:latest", True),
        # (an official image's path is Docker's, whoever mirrors it)
        ("${{ secrets.REGISTRY }}/library/nginx:latest", "nginx:latest", False),
        # (a run's value, not the repository's settings)
        ("${{ inputs.registry }}/acme/app:1.0", "registry.example.com/acme/app:latest", False),
    ],
)
def test_a_run_s_tag_in_the_registry_a_secret_names(
    tmp_path: Path, tag: str, image: str, built: bool
) -> None:
    checkout(tmp_path)
    workflow = tmp_path / ".github" / "workflows" / "push.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(
        "on: push\njobs:\n  push:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        f"      - run: docker build -t {tag} base && docker push {tag}\n"
    )
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "Dockerfile").write_text("FROM alpine:3.22\n")
    (tmp_path / "docker-compose.yml").write_text(f"services:\n  app:\n    image: {image}\n")
    (found,) = find_references(str(tmp_path / "docker-compose.yml"))
    assert (found.built is not None) == built
