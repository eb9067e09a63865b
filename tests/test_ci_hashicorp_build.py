"""``hashicorp/actions-docker-build`` builds as its inputs say (session 41, s57l).

The action (its ``action.yml`` and ``scripts/docker_build``) runs, in ``workdir``,
``docker buildx build --target TARGET --platform linux/ARCH --tag=T… -f DOCKERFILE .``:
``target`` the stage, ``tags`` (whitespace-separated) and ``redhat_tag`` the names.
hashicorp/vault-k8s's ``build.yml`` builds its ``ubi`` stage so (``target: ubi``): the
stage's ``FROM registry.access.redhat.com/ubi8/ubi-minimal`` is pulled, though the default
target (the last stage) never reaches it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tagsense import find_references

if TYPE_CHECKING:
    from pathlib import Path

#: vault-k8s's .github/workflows/build.yml, cut down.
BUILD = """\
on: push
jobs:
  build-docker:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        arch: ["amd64", "arm64"]
    steps:
      - uses: actions/checkout@v4
      - uses: hashicorp/actions-docker-build@v2
        with:
          version: ${{ needs.get-version.outputs.version }}
          target: TARGET
          arch: ${{ matrix.arch }}
          tags: |
            docker.io/hashicorp/app:${{ needs.get-version.outputs.version }}
            public.ecr.aws/hashicorp/app:${{ needs.get-version.outputs.version }}
"""

DOCKERFILE = """\
FROM alpine:3.20.3 AS dev
FROM alpine:3.20.3 AS default
FROM registry.access.redhat.com/ubi8/ubi-minimal:8.10 AS ubi
FROM dev
"""


def project(tmp_path: Path, target: str, dockerfile: str = DOCKERFILE) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "build.yml").write_text(BUILD.replace("TARGET", target))
    (tmp_path / "Dockerfile").write_text(dockerfile)
    return tmp_path


def pulled(tmp_path: Path) -> dict[str, bool]:
    """Each FROM's image: whether a build pulls it."""
    return {
        o.text: bool((o.context or {}).get("pulled"))
        for o in find_references(str(tmp_path))
        if (o.path or "").endswith("/Dockerfile")
        and (o.context or {}).get("stage") in ("default", "ubi")
    }


def test_the_target_input_names_the_stage_built(tmp_path: Path) -> None:
    project(tmp_path, "ubi")
    assert pulled(tmp_path)["registry.access.redhat.com/ubi8/ubi-minimal:8.10"] is True


def test_another_target_leaves_the_stage_unbuilt(tmp_path: Path) -> None:
    project(tmp_path, "default")
    found = pulled(tmp_path)
    assert found["alpine:3.20.3"] is True
    assert found["registry.access.redhat.com/ubi8/ubi-minimal:8.10"] is False


def test_the_tags_are_the_project_s_own(tmp_path: Path) -> None:
    project(tmp_path, "default")
    (tmp_path / "deploy.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n"
        "  - name: a\n    image: public.ecr.aws/hashicorp/app:latest\n"
    )
    (own,) = [o for o in find_references(str(tmp_path)) if (o.path or "").endswith("deploy.yaml")]
    assert own.built is not None and own.built.tool == "github-workflow"


def test_workdir_and_dockerfile(tmp_path: Path) -> None:
    # (the Dockerfile relative to `workdir`, where the action runs the build)
    project(tmp_path, "release\n          workdir: build\n          dockerfile: ubi.Dockerfile")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "ubi.Dockerfile").write_text(
        "FROM golang:1.23.4 AS builder\nFROM redhat/ubi9-micro:9.5 AS release\nFROM builder\n"
    )
    found = {
        o.text: bool((o.context or {}).get("pulled"))
        for o in find_references(str(tmp_path))
        if (o.path or "").endswith("build/ubi.Dockerfile")
    }
    assert found == {"golang:1.23.4": False, "redhat/ubi9-micro:9.5": True}
