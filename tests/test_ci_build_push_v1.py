"""``docker/build-push-action@v1`` builds as its inputs say (survey 33m).

Its first version (2020, ``docker/github-actions``) named the image by ``registry`` and
``repository`` and added each of the comma-delimited ``tags``; ``path`` is the context and
``dockerfile`` is relative to the working directory (v1's ``action.yml`` and README).
redpwn/rctf@debc13d (BSD-3-Clause) builds ``redpwn/rctf`` so, and its ``docker-compose.yml``
pulls ``redpwn/rctf:${RCTF_GIT_REF}``, the tag its installer writes: a false TS011.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from tagsense import check, find_references

if TYPE_CHECKING:
    from pathlib import Path

DAY = datetime.date(2026, 12, 5)

#: rctf's .github/workflows/ci.yml, its docker-build job cut down.
RCTF_CI = """\
on: push
jobs:
  docker-build:
    runs-on: ubuntu-latest
    steps:
    - uses: actions/checkout@v2
    - name: Build & push
      uses: docker/build-push-action@v1
      with:
        username: ${{ secrets.DOCKERHUB_USERNAME }}
        password: ${{ secrets.DOCKERHUB_PASS }}
        repository: redpwn/rctf
        tags: master,${{ github.sha }}
"""


def project(tmp_path: Path, workflow: str) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/master\n")
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text(workflow)
    return tmp_path


def test_the_repository_a_v1_step_builds_is_the_project_s(tmp_path: Path) -> None:
    project(tmp_path, RCTF_CI)
    (tmp_path / "Dockerfile").write_text("FROM node:22.12.0-bookworm-slim\n")
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  rctf:\n    image: redpwn/rctf:${RCTF_GIT_REF}\n"
        "  redis:\n    image: redis:6.0.6\n"
    )
    compose = str(tmp_path / "docker-compose.yml")
    (rctf,) = [o for o in find_references(compose) if o.raw.startswith("redpwn/")]
    assert rctf.built is not None and rctf.built.tool == "github-workflow"
    assert [f.code for f in check(find_references(compose), as_of=DAY)] == []


def test_a_v1_step_s_context_dockerfile_and_build_args(tmp_path: Path) -> None:
    # (the Dockerfile relative to the working directory, not to `path`; build_args at commas)
    project(
        tmp_path,
        RCTF_CI.replace(
            "tags: master,${{ github.sha }}",
            "registry: ghcr.io\n        path: web\n        dockerfile: docker/web.Dockerfile\n"
            "        build_args: NODE=22.12.0,DISTRO=bookworm",
        ),
    )
    (tmp_path / "docker").mkdir()
    (tmp_path / "docker" / "web.Dockerfile").write_text(
        "ARG NODE=18\nARG DISTRO=buster\nFROM node:${NODE}-${DISTRO}-slim\n"
    )
    (tmp_path / "deploy.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n"
        "  - name: a\n    image: ghcr.io/redpwn/rctf:master\n"
    )
    scan = find_references(str(tmp_path))
    base = [o.text for o in scan if o.path and o.path.endswith("web.Dockerfile")]
    assert base == ["node:22.12.0-bookworm-slim"]
    (pod,) = [o for o in scan if o.path and o.path.endswith("deploy.yaml")]
    assert pod.built is not None


def test_a_later_version_s_step_is_read_as_before(tmp_path: Path) -> None:
    # (only v1 has `repository`: a v2+ step's `tags` are whole names, as always)
    project(
        tmp_path,
        RCTF_CI.replace("@v1", "@v6").replace(
            "tags: master,${{ github.sha }}", "tags: acme/app:1\n        context: ."
        ),
    )
    (tmp_path / "Dockerfile").write_text("FROM node:22.12.0-bookworm-slim\n")
    (tmp_path / "compose.yaml").write_text(
        "services:\n  a:\n    image: acme/app:1\n  b:\n    image: redpwn/rctf:1\n"
    )
    built = {o.raw: o.built is not None for o in find_references(str(tmp_path / "compose.yaml"))}
    assert built == {"acme/app:1": True, "redpwn/rctf:1": False}


def test_the_examples_in_the_docstrings_hold() -> None:
    import doctest

    from tagsense.sources.ci import _actions

    result = doctest.testmod(_actions)
    assert result.attempted >= 4
    assert result.failed == 0
