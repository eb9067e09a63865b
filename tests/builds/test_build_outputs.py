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


def _script_project(tmp_path: Path, script: str) -> Path:
    """A workflow whose one step runs ``script``; test/Dockerfile starts FROM ${base}."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    body = "".join(f"          {line}\n" for line in script.splitlines())
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text(
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - run: |\n" + body
    )
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "Dockerfile").write_text("FROM debian:12.5-slim\n")
    (tmp_path / "test").mkdir()
    (tmp_path / "test" / "Dockerfile").write_text('ARG base\nFROM "${base}"\n')
    return tmp_path


def _test_base(project: Path) -> tuple[tuple[str, ...], int | None]:
    (found,) = find_references(str(project / "test" / "Dockerfile"))
    return found.unresolved, None if found.built is None else found.built.line


def test_an_id_a_quiet_build_prints_is_that_build_s_image(tmp_path: Path) -> None:
    project = _script_project(
        tmp_path,
        "id=$(docker build -q -f app/Dockerfile .)\n"
        'docker build --build-arg base="$id" -f test/Dockerfile .',
    )
    assert _test_base(project) == (("base",), 8)


def test_an_iidfile_s_text_is_that_build_s_image(tmp_path: Path) -> None:
    # (bioconda-utils' base-glibc-busybox-bash workflow: `--iidfile`, then `$(cat …)`)
    project = _script_project(
        tmp_path,
        'iidfile="$( mktemp )"\n'
        'buildah bud --iidfile="${iidfile}" --file=app/Dockerfile .\n'
        'image="$( cat "${iidfile}" )"\n'
        'buildah bud --build-arg=base="${image}" --file=test/Dockerfile .',
    )
    assert _test_base(project) == (("base",), 9)


def test_a_loop_over_the_ids_of_local_images_walks_built_images(tmp_path: Path) -> None:
    # (bioconda-utils' test steps: the ids of the image the job built, each tested)
    project = _script_project(
        tmp_path,
        "buildah bud --tag app:1 --file=app/Dockerfile .\n"
        'ids="$(\n'
        "  buildah images --format '{{.ID}}' app:1\n"
        '  )"\n'
        'ids="$( printf %s "${ids}" | sort -u )"\n'
        "for id in ${ids} ; do\n"
        '  buildah bud --build-arg=base="${id}" --file=test/Dockerfile .\n'
        "done",
    )
    assert _test_base(project) == (("base",), 9)


def test_a_value_no_build_printed_is_still_a_run_s(tmp_path: Path) -> None:
    project = _script_project(
        tmp_path,
        "docker build -t app:1 -f app/Dockerfile .\n"
        "id=$(git rev-parse HEAD)\n"
        'docker build --build-arg base="$id" -f test/Dockerfile .',
    )
    assert _test_base(project) == (("base",), None)
