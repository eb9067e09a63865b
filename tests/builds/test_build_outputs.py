"""A build argument whose value is the image another build of the same run made: the
``FROM ${ARG}`` it fills is that built image, not a run's unknown (TS011)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tagsense import find_references

if TYPE_CHECKING:
    from pathlib import Path

# kubeflow/pipelines' build-tools-images.yml (trimmed): one step tags the api generator
# under a name of run expressions; the next passes the same text as BASE_IMAGE.
WORKFLOW = """\
name: tools
on: push
env:
  REG: ghcr.io
  ORG: ${{ github.repository_owner }}
  TAG: ${{ github.sha }}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: api
        run: |
          IMAGE="${{ env.REG }}/${{ env.ORG }}/api-generator:${{ env.TAG }}"
          docker build --file api/Dockerfile --tag "$IMAGE" .
      - name: release
        run: |
          docker build --file release/Dockerfile \\
            --build-arg "BASE_IMAGE=${{ env.REG }}/${{ env.ORG }}/%s:${{ github.sha }}" \\
            --tag "${{ env.REG }}/${{ env.ORG }}/release:${{ env.TAG }}" .
"""


def _workflow_project(tmp_path: Path, passed: str) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "tools.yml").write_text(WORKFLOW % passed)
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "Dockerfile").write_text("FROM golang:1.24.1\n")
    (tmp_path / "release").mkdir()
    (tmp_path / "release" / "Dockerfile").write_text(
        "ARG BASE_IMAGE=ghcr.io/acme/api-generator:master\nFROM ${BASE_IMAGE}\n"
    )
    return tmp_path


def test_a_name_written_as_an_earlier_build_tags_it_is_that_build(tmp_path: Path) -> None:
    project = _workflow_project(tmp_path, "api-generator")
    (found,) = find_references(str(project / "release" / "Dockerfile"))
    assert found.unresolved == ("BASE_IMAGE",)
    assert found.built is not None
    assert (found.built.tool, found.built.line) == ("github-workflow", 15)


def test_a_name_no_build_tags_is_still_a_run_s(tmp_path: Path) -> None:
    project = _workflow_project(tmp_path, "other-generator")
    (found,) = find_references(str(project / "release" / "Dockerfile"))
    assert found.built is None and found.unresolved == ("BASE_IMAGE",)
