"""``${{ github.repository }}`` is the repository the checkout's git ``origin`` names (issue 12,
survey 18a).

paperless-ngx/paperless-ngx's ``.github/workflows/ci-docker.yml`` lower-cases ``${{
github.repository }}`` in a step (``repo_name="${repo_name,,}"``, ``echo "name=${repo_name}" >>
$GITHUB_OUTPUT``) and pushes ``ghcr.io/${{ steps.repo.outputs.name }}`` by digest
(``outputs: type=image,name=…,push-by-digest=true``); its ``docker/compose/*.yml`` run
``ghcr.io/paperless-ngx/paperless-ngx:latest``, the image it publishes: seven TS001 on a name
the project builds. The repros below are shortened from those files.
"""

from __future__ import annotations

import datetime
import os
from typing import TYPE_CHECKING

import pytest

from tagsense import check, find_references
from tagsense.sources.ci._repository import github_repository

if TYPE_CHECKING:
    from pathlib import Path

DAY = datetime.date(2026, 12, 4)
WORKFLOW = os.path.join(".github", "workflows", "ci-docker.yml")
COMPOSE = os.path.join("docker", "compose", "docker-compose.sqlite.yml")
CI_DOCKER = """\
on: push
env:
  REGISTRY: ghcr.io
jobs:
  build-arch:
    runs-on: ubuntu-24.04
    strategy:
      matrix:
        include:
          - arch: amd64
          - arch: arm64
    container: ghcr.io/${{ github.repository }}-builder:2.1.0
    steps:
      - uses: actions/checkout@v6
      - name: Set repository name
        id: repo
        run: |
          repo_name="${{ github.repository }}"
          repo_name="${repo_name,,}"
          echo "name=${repo_name}" >> $GITHUB_OUTPUT
      - uses: docker/build-push-action@v7
        with:
          context: .
          file: ./Dockerfile
          outputs: >-
            type=image,name=${{ env.REGISTRY }}/${{ steps.repo.outputs.name }},
            push-by-digest=true,name-canonical=true,push=true
"""


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write(tmp_path / ".git" / "HEAD", "ref: refs/heads/main\n")
    write(tmp_path / "Dockerfile", "FROM python:3.12.8-slim\n")
    write(tmp_path / WORKFLOW, CI_DOCKER)
    write(tmp_path / COMPOSE, "services:\n  webserver:\n    image: ghcr.io/acme/paperless:latest\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def origin(project: Path, url: str) -> None:
    config = f'[core]\n\tbare = false\n[remote "origin"]\n\turl = {url}\n'
    write(project / ".git" / "config", config)


def codes(path: str) -> list[str]:
    return [f.code for f in check(find_references("."), as_of=DAY) if f.path == path]


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/Acme/Paperless.git",
        "git@github.com:Acme/Paperless.git",
        "ssh://git@github.com/Acme/Paperless",
    ],
)
def test_the_image_a_workflow_pushes_as_its_repository_is_built(project: Path, url: str) -> None:
    origin(project, url)
    assert github_repository("") == "Acme/Paperless"
    assert codes(COMPOSE) == []  # (the script lower-cases it: `acme/paperless` is pushed)


def test_an_image_named_with_the_repository_in_the_workflow(project: Path) -> None:
    origin(project, "https://github.com/acme/paperless")
    found = {o.text for o in find_references(".") if o.path == WORKFLOW}
    assert found == {"ghcr.io/acme/paperless-builder:2.1.0"}


@pytest.mark.parametrize(
    "script",
    [
        'echo "name=${GITHUB_REPOSITORY,,}" >> $GITHUB_OUTPUT',
        "echo \"name=$(echo $GITHUB_REPOSITORY | tr '[:upper:]' '[:lower:]')\" >> $GITHUB_OUTPUT",
        'echo "name=$(echo ${GITHUB_REPOSITORY_OWNER,,})/paperless" >> $GITHUB_OUTPUT',
    ],
)
def test_the_runner_s_own_variables_of_the_repository(project: Path, script: str) -> None:
    # (the runner's GITHUB_REPOSITORY and GITHUB_REPOSITORY_OWNER, as the `github` context's
    # values: a step lower-cases them for the name it pushes)
    origin(project, "https://github.com/Acme/Paperless")
    workflow = CI_DOCKER.replace(
        'repo_name="${{ github.repository }}"\n          repo_name="${repo_name,,}"\n'
        '          echo "name=${repo_name}" >> $GITHUB_OUTPUT',
        script,
    )
    assert workflow != CI_DOCKER
    write(project / WORKFLOW, workflow)
    assert codes(COMPOSE) == []


@pytest.mark.parametrize("url", [None, "/srv/mirrors/paperless.git", "https://gitlab.com/a/b"])
def test_a_checkout_whose_origin_is_not_on_github_leaves_it_a_run_s(
    project: Path, url: str | None
) -> None:
    if url is not None:
        origin(project, url)
    assert github_repository("") is None
    assert codes(COMPOSE) == ["TS001"]
    found = {o.text for o in find_references(".") if o.path == WORKFLOW}
    assert "ghcr.io/${{ github.repository }}-builder:2.1.0" in found


def test_a_worktree_s_git_file_leads_to_the_shared_config(tmp_path: Path) -> None:
    main = tmp_path / "main" / ".git"
    write(main / "config", '[remote "origin"]\n\turl = https://github.com/acme/app\n')
    write(main / "worktrees" / "wt" / "commondir", "../..\n")
    write(tmp_path / "wt" / ".git", f"gitdir: {main / 'worktrees' / 'wt'}\n")
    assert github_repository(str(tmp_path / "wt")) == "acme/app"


def test_the_examples() -> None:
    import doctest

    from tagsense.sources.ci import _actions, _repository

    for module in (_actions, _repository):
        result = doctest.testmod(module)
        assert result.attempted > 0
        assert result.failed == 0


def test_a_reading_kept_between_runs_follows_a_new_origin(
    project: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The disk cache keeps what a workflow builds while the files it was read from are the
    # same: the checkout's git config is one of them once github.repository was asked.
    monkeypatch.setenv("TAGSENSE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("TAGSENSE_NO_CACHE", raising=False)
    origin(project, "https://github.com/acme/other")
    assert codes(COMPOSE) == ["TS001"]  # (acme/other builds ghcr.io/acme/other: a pull)
    origin(project, "https://github.com/acme/paperless.git")  # (a new size: a new stat)
    assert codes(COMPOSE) == []
