"""A repository a workflow tags with expressions only a run evaluates is built where the same
workflow names it with the same text (survey 10, stakater/Reloader).

Reloader's workflows write ``GHCR_IMAGE_REPOSITORY`` to ``$GITHUB_ENV``, build ``Dockerfile``
tagged ``${{ env.GHCR_IMAGE_REPOSITORY }}:…``, and pass ``BUILDER_IMAGE=${{
env.GHCR_IMAGE_REPOSITORY }}:…`` to the build of ``Dockerfile.ubi``, whose ``FROM
${BUILDER_IMAGE}`` copies the binary out of that image: the project's own, not a TS011.
"""

from __future__ import annotations

import datetime
import os
from typing import TYPE_CHECKING

import pytest

from tagsense import check, find_references
from tagsense.sources import BuildSite
from tagsense.sources.ci import built_images
from tagsense.sources.ci._written import written_items, written_repository
from tagsense.sources.context import forget

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from tagsense.occurrence import Occurrence

DAY = datetime.date(2026, 12, 3)
WORKFLOW = os.path.join(".github", "workflows", "ci.yml")

#: Reloader's shape: a step names the repository, one build tags it, the next starts FROM it.
RELOADER = (
    "on: pull_request\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
    "      - uses: actions/checkout@v4\n"
    "      - run: echo GHCR_IMAGE_REPOSITORY=ghcr.io/$(echo ${{ github.repository }}"
    " | tr '[:upper:]' '[:lower:]') >> $GITHUB_ENV\n"
    "      - uses: docker/build-push-action@v6\n"  # (line 8)
    "        with:\n"
    "          context: .\n"
    "          file: Dockerfile\n"
    "          tags: ${{ env.GHCR_IMAGE_REPOSITORY }}:${{ github.sha }}\n"
    "      - uses: docker/build-push-action@v6\n"  # (line 13)
    "        with:\n"
    "          context: .\n"
    "          file: Dockerfile.ubi\n"
    "          build-args: |\n"
    "            BUILDER_IMAGE=${{env.GHCR_IMAGE_REPOSITORY}}:${{ steps.tag.outputs.tag }}\n"
    "          tags: ${{ env.GHCR_IMAGE_REPOSITORY }}:${{ github.sha }}-ubi\n"
)
UBI = (
    "ARG BUILDER_IMAGE\n"
    "FROM --platform=${BUILDPLATFORM} ${BUILDER_IMAGE} AS src\n"
    "FROM registry.access.redhat.com/ubi9/ubi:9.8-1779374378\n"
    "COPY --from=src /bin/true /true\n"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    forget()
    yield tmp_path
    forget()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def reloader(project: Path, workflow: str = RELOADER) -> None:
    write(project / WORKFLOW, workflow)
    write(project / "Dockerfile", "FROM golang:1.26.1 AS build\nRUN true\n")
    write(project / "Dockerfile.ubi", UBI)


def from_of(path: str) -> Occurrence:
    (found,) = [o for o in find_references(".") if o.path == path and o.line == 2]
    return found


def test_reloader_s_from_is_the_image_the_workflow_builds(project: Path) -> None:
    reloader(project)
    scan = find_references(".")
    (base,) = [o for o in scan if o.path == "Dockerfile.ubi" and o.line == 2]
    # (built by the first step, which tags that repository; not by its own build, line 13)
    assert base.built == BuildSite("github-workflow", WORKFLOW, 8)
    passed = "${{env.GHCR_IMAGE_REPOSITORY}}:${{ steps.tag.outputs.tag }}"
    assert base.context["passed"] == passed
    assert base.context["build"]["line"] == 13  # type: ignore[index]
    assert check(scan, as_of=DAY) == []
    # The same from what the disk cache keeps of the workflow (a Dockerfile checked alone).
    forget()
    assert from_of("Dockerfile.ubi").built == BuildSite("github-workflow", WORKFLOW, 8)


def test_another_expression_or_another_repository_stays_unresolved(project: Path) -> None:
    for written in (
        "${{ vars.OTHER }}:${{ github.sha }}",  # (another expression)
        "${{ env.GHCR_IMAGE_REPOSITORY }}-debug:${{ github.sha }}",  # (partly the same)
        "${{ env.GHCR_IMAGE_REPOSITORY }}/base:1",
    ):
        forget()
        line = "BUILDER_IMAGE=${{env.GHCR_IMAGE_REPOSITORY}}:${{ steps.tag.outputs.tag }}"
        reloader(project, RELOADER.replace(line, "BUILDER_IMAGE=" + written))
        scan = find_references(".")
        (base,) = [o for o in scan if o.path == "Dockerfile.ubi" and o.line == 2]
        assert base.built is None, written
        assert [(f.path, f.line, f.code) for f in check(scan, as_of=DAY)] == [
            ("Dockerfile.ubi", 2, "TS011")
        ]


def test_only_the_same_workflow_s_builds_count(project: Path) -> None:
    # The tag in one workflow, the build argument in another: the same text there may be
    # another value (each writes its own $GITHUB_ENV).
    tagging, passing = RELOADER.split(
        "      - uses: docker/build-push-action@v6\n        with:\n"
        "          context: .\n          file: Dockerfile.ubi\n"
    )
    head = RELOADER.split("      - uses: docker/build-push-action@v6")[0]
    reloader(project, tagging)
    write(
        project / ".github" / "workflows" / "ubi.yml",
        head + "      - uses: docker/build-push-action@v6\n        with:\n"
        "          context: .\n          file: Dockerfile.ubi\n" + passing,
    )
    scan = find_references(".")
    (base,) = [o for o in scan if o.path == "Dockerfile.ubi" and o.line == 2]
    assert base.built is None
    assert ("Dockerfile.ubi", 2, "TS011") in {(f.path, f.line, f.code) for f in check(scan)}


def test_a_build_s_own_tag_is_not_its_input(project: Path) -> None:
    # (only the build of Dockerfile.ubi tags the repository: its FROM is a published image)
    alone = RELOADER.replace("          tags: ${{ env.GHCR_IMAGE_REPOSITORY }}:${{ github.sha }}\n",
                             "          tags: acme/tools:1\n", 1)  # fmt: skip
    reloader(project, alone)
    assert from_of("Dockerfile.ubi").built is None


def test_a_job_container_or_service_of_the_repository_the_workflow_builds(project: Path) -> None:
    write(
        project / WORKFLOW,
        "on: push\njobs:\n"
        "  image:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: docker/build-push-action@v6\n"  # (line 6)
        "        with: {tags: '${{ vars.REGISTRY }}/app:${{ github.sha }}'}\n"
        "  test:\n    needs: image\n    runs-on: ubuntu-latest\n"
        "    container: ${{vars.REGISTRY}}/app:${{ github.sha }}\n"  # (line 11)
        "    services:\n"
        "      db: {image: '${{ vars.REGISTRY }}/db:${{ github.sha }}'}\n"  # (line 13)
        "    steps: [{run: 'true'}]\n",
    )
    scan = find_references(".")
    found = {o.line: o.built for o in scan}
    assert found == {11: BuildSite("github-workflow", WORKFLOW, 6), 13: None}
    assert [(f.line, f.code) for f in check(scan, as_of=DAY)] == [(13, "TS011")]


def test_a_literal_repository_with_an_expression_tag_is_built(project: Path) -> None:
    # The text comparison is for repositories only a run knows: `ghcr.io/acme/app` tagged
    # `:${{ github.sha }}` is a name built (a manifest's `ghcr.io/acme/app:v1` is built), and
    # so is the same text in the workflow: its tag is a run's, its repository the build's.
    write(
        project / WORKFLOW,
        "on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n"
        "    container: ghcr.io/acme/app:${{ github.sha }}\n"
        "    steps:\n"
        "      - uses: docker/build-push-action@v6\n"
        "        with: {tags: 'ghcr.io/acme/app:${{ github.sha }}'}\n",
    )
    write(project / "k8s.yaml",
          "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
          "  containers: [{name: p, image: 'ghcr.io/acme/app:v1'}]\n")  # fmt: skip
    made = built_images((project / WORKFLOW).read_text(), path=WORKFLOW)
    assert ([i.name for i in made.built], made.written) == (["ghcr.io/acme/app"], ())
    scan = find_references(".")
    assert {o.path: o.built is not None for o in scan} == {WORKFLOW: True, "k8s.yaml": True}
    assert check(scan, as_of=DAY) == []


def test_the_repositories_a_workflow_tags_as_written() -> None:
    text = (
        "env: {REGISTRY: ghcr.io}\njobs:\n  image:\n    steps:\n"
        "      - id: meta\n        uses: docker/metadata-action@v5\n"
        "        with:\n          images: |\n"
        "            ${{ env.REGISTRY }}/${{ github.repository }}\n"
        "            name=${{ vars.MIRROR }}/app,enable=${{ github.event_name == 'push' }}\n"
        "      - uses: docker/build-push-action@v6\n        with:\n"
        "          tags: |\n"
        "            ${{ steps.meta.outputs.tags }}\n"
        "            ${{ env.REGISTRY }}/acme/app:${{ github.sha }}\n"  # (a known name)
        "            ${{ format('{0}/{1}', vars.ORG, 'x') }}:1,${{ inputs.image }}\n"
    )
    made = built_images(text, path=WORKFLOW)
    assert [i.name for i in made.built] == ["ghcr.io/acme/app"]
    assert [i.name for i in made.written] == [
        "${{steps.meta.outputs.tags}}",
        "${{format('{0}/{1}',vars.ORG,'x')}}",
        "${{inputs.image}}",
        "${{env.REGISTRY}}/${{github.repository}}",
        "ghcr.io/${{github.repository}}",  # (with what the env settles put in)
        "${{vars.MIRROR}}/app",
    ]


@pytest.mark.parametrize(
    ("text", "repository"),
    [
        ("${{ env.R }}:${{ github.sha }}", "${{env.R}}"),
        ("${{env.R}}", "${{env.R}}"),
        ("${{ env.R }}/app@sha256:0123", "${{env.R}}/app"),
        ("${{ vars.HOST }}:5000/app:1", "${{vars.HOST}}:5000/app"),
        ("${{ a == 'x:y' && b || c }}:1", "${{a=='x:y'&&b||c}}"),
        ("ghcr.io/acme/app:${{ github.sha }}", None),  # (no expression in the repository)
        ("${{ env.R", None),  # (not closed)
        ("${{ env.R ^ }}:1", None),  # (no expression the runner reads)
    ],
)
def test_a_repository_as_written(text: str, repository: str | None) -> None:
    assert written_repository(text) == repository


def test_a_list_input_is_split_outside_its_expressions() -> None:
    text = "\"a=${{ format('{0},{1}', x, y) }}\"\n\n  b=1,c=2\n"
    assert written_items(text) == ["a=${{ format('{0},{1}', x, y) }}", "b=1,c=2"]
    assert written_items(text, commas=True) == [
        "a=${{ format('{0},{1}', x, y) }}", "b=1", "c=2"
    ]  # fmt: skip
    assert written_items("a=${{ b") == []


def test_a_from_as_the_build_passes_it() -> None:
    from tagsense.sources.dockerfile import scan_dockerfile

    def passed(text: str, written: dict[str, str]) -> list[object]:
        unknown = {name: (f"env.{name}",) for name in ("IMAGE", "OTHER")}
        scan = scan_dockerfile(text, unresolved_args=unknown, written_args=written)
        return [o.context.get("passed") for o in scan]

    image = {"IMAGE": "${{ env.R }}"}
    # (through an ARG's default, with a tag the Dockerfile gives)
    chain = "ARG IMAGE\nARG BASE=${IMAGE}\nARG TAG=1.2\nFROM ${BASE}:${TAG}\n"
    assert passed(chain, image) == ["${{ env.R }}:1.2"]
    # (a value a run gives that the tool does not write out: named where it goes, as
    # jupyter/docker-stacks's quay.io/${OWNER}/base-notebook; one that nothing gives: no text)
    assert passed("ARG IMAGE\nARG OTHER\nFROM ${IMAGE}${OTHER}\n", image) == [
        "${{ env.R }}${OTHER}"
    ]
    assert passed("ARG IMAGE\nFROM ${IMAGE}:${UNDECLARED}\n", image) == [None]
    assert passed("ARG IMAGE\nFROM ${IMAGE}\n", {}) == ["${IMAGE}"]
    # (a FROM with known values only is no unresolved one)
    assert passed("ARG IMAGE\nFROM alpine:3.22.2\n", image) == [None]


#: crater-invoice/crater's uffizzi-build.yml shape: a job outputs the tags its build pushes,
#: and the next job builds FROM them (survey s39c).
NEEDS_OUTPUTS = (
    "on: pull_request\njobs:\n"
    "  build-application:\n    runs-on: ubuntu-latest\n"
    "    outputs:\n      tags: ${{ steps.meta.outputs.tags }}\n"
    "      other: ${{ steps.meta.outputs.labels }}\n"
    "    steps:\n      - uses: actions/checkout@v4\n"
    '      - run: echo "UUID_TAG_APP=$(uuidgen)" >> $GITHUB_ENV\n'
    "      - id: meta\n        uses: docker/metadata-action@v5\n        with:\n"
    "          images: registry.example.com/${{ env.UUID_TAG_APP }}\n"
    "          tags: type=raw,value=60d\n"
    "      - uses: docker/build-push-action@v6\n"  # (line 16)
    "        with:\n          push: true\n          context: .\n          file: Dockerfile\n"
    "          tags: ${{steps.meta.outputs.tags}}\n"
    "  build-nginx:\n    needs: build-application\n    runs-on: ubuntu-latest\n"
    "    steps:\n      - uses: actions/checkout@v4\n"
    "      - uses: docker/build-push-action@v6\n        with:\n"
    "          context: .\n          file: Dockerfile.ubi\n"
    "          build-args: |\n"
    "            BUILDER_IMAGE=${{ needs.build-application.outputs.tags }}\n"
)


def test_a_job_s_output_of_the_tags_it_builds_names_its_image_in_the_next_job(
    project: Path,
) -> None:
    # (GitHub: `needs.JOB.outputs.NAME` is JOB's output, here the tags its build pushes)
    reloader(project, NEEDS_OUTPUTS)
    scan = find_references(".")
    (base,) = [o for o in scan if o.path == "Dockerfile.ubi" and o.line == 2]
    assert base.built == BuildSite("github-workflow", WORKFLOW, 16)
    assert check(scan, as_of=DAY) == []
    # (an output that is not the build's tags, or another job's, names no image built here)
    for other in ("needs.build-application.outputs.other", "needs.other.outputs.tags"):
        forget()
        reloader(project, NEEDS_OUTPUTS.replace("needs.build-application.outputs.tags", other))
        scan = find_references(".")
        (base,) = [o for o in scan if o.path == "Dockerfile.ubi" and o.line == 2]
        assert base.built is None, other
        assert [(f.path, f.line, f.code) for f in check(scan, as_of=DAY)] == [
            ("Dockerfile.ubi", 2, "TS011")
        ]
