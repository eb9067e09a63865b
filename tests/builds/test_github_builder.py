"""Jobs that call Docker's reusable workflows ``docker/github-builder`` (``build.yml``,
``bake.yml``) are builds, as the actions those workflows run build (issue 12).

Their ``meta-images`` are the names the project pushes (so the same names elsewhere are its
own images, not pulls), and the Dockerfile (or bake file) they build is read with their
inputs: moby/buildkit publishes ``docker/dockerfile-upstream`` and ``moby/buildkit`` so.
"""

from __future__ import annotations

import datetime
import os
from typing import TYPE_CHECKING

import pytest

from tagsense import check, find_references
from tagsense.sources.ci import built_images

if TYPE_CHECKING:
    from pathlib import Path

DAY = datetime.date(2026, 12, 3)
WORKFLOW = os.path.join(".github", "workflows", "image.yml")
_CALL = "    uses: docker/github-builder/.github/workflows/{}.yml@v1\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def workflow(kind: str, inputs: str, head: str = "") -> str:
    return f"on: push\n{head}jobs:\n  image:\n{_CALL.format(kind)}    with:\n{inputs}"


def built(text: str) -> list[str]:
    return [image.name for image in built_images(text, path=WORKFLOW).built]


def test_build_yml_s_meta_images_are_built_and_its_dockerfile_is_fed(project: Path) -> None:
    # Elsewhere, the images the call pushes are the project's own, whatever tag (a build's own
    # output is not its input: the Dockerfile it builds pulls them).
    write(
        project / "frontend" / "Dockerfile",
        "# syntax=acme/frontend:master\nARG GO=1.22\nFROM golang:${GO}\nFROM acme/base:edge\n",
    )
    write(project / "Dockerfile", "# syntax=acme/frontend:master\nFROM acme/base:edge\n")
    write(
        project / WORKFLOW,
        workflow(
            "build",
            "      output: image\n      push: ${{ github.event_name != 'pull_request' }}\n"
            "      context: frontend\n      target: ''\n"
            "      build-args: |\n        GO=1.23.4\n        VERSION={{meta.version}}\n"
            "      meta-images: |\n        Acme/Frontend\n"
            "        name=acme/base,enable=${{ github.ref == 'refs/heads/main' }}\n"
            "      meta-tags: type=ref,event=branch\n",
        ),
    )
    found = {(o.path, o.line, o.text, o.built is not None) for o in find_references(".")}
    dockerfile = os.path.join("frontend", "Dockerfile")
    assert found == {
        ("Dockerfile", 1, "acme/frontend:master", True),
        ("Dockerfile", 2, "acme/base:edge", True),
        (dockerfile, 1, "acme/frontend:master", False),
        (dockerfile, 3, "golang:1.23.4", False),  # (the call's build argument)
        (dockerfile, 4, "acme/base:edge", False),
    }
    judged = {(f.path, f.code) for f in check(find_references("."), as_of=DAY)}
    assert ("Dockerfile", "TS003") not in judged


def test_build_yml_s_file_is_in_its_context_and_its_arguments_as_the_workflow_renders(
    project: Path,
) -> None:
    write(project / "images" / "app.Dockerfile", "ARG BASE=alpine:3.18\nFROM ${BASE}\n")
    text = workflow(
        "build",
        "      output: local\n      context: images\n      file: app.Dockerfile\n"
        "      build-args: BASE=alpine:{{meta.version}}\n      meta-images: acme/app\n",
    )
    made = built_images(text, path=WORKFLOW)
    assert made.built == ()  # (output local: files, no image pushed)
    (config,) = made.builds
    assert config.dockerfile == os.path.join("images", "app.Dockerfile")
    assert dict(config.unresolved) == {"BASE": ("meta.version",)}


def test_bake_yml_builds_its_target_with_its_vars_and_pushes_meta_images(project: Path) -> None:
    write(
        project / "docker-bake.hcl",
        'variable "CHANNEL" { default = "mainline" }\n'
        'target "frontend" {\n  dockerfile = "frontend.Dockerfile"\n'
        '  args = { CHANNEL = CHANNEL }\n  tags = ["acme/ignored:local"]\n}\n',
    )
    write(project / "frontend.Dockerfile", "ARG CHANNEL\nFROM alpine:3.20-${CHANNEL}\n")
    write(project / "other.Dockerfile", "FROM acme/frontend:master-labs\n")
    text = workflow(
        "bake",
        "      target: frontend\n      output: image\n      vars: CHANNEL=labs\n"
        "      meta-images: ${{ matrix.image }}\n",
        head="",
    ).replace(
        "    with:\n", "    strategy:\n      matrix:\n        image: [acme/frontend]\n    with:\n"
    )
    write(project / WORKFLOW, text)
    made = built_images(text, path=WORKFLOW)
    # (the workflow clears the bake file's own tags: `*.tags=`)
    assert [image.name for image in made.built] == ["acme/frontend"]
    (config,) = made.builds
    assert (config.dockerfile, dict(config.args)) == ("frontend.Dockerfile", {"CHANNEL": "labs"})
    found = {(o.path, o.text, o.built is not None) for o in find_references(".")}
    assert ("frontend.Dockerfile", "alpine:3.20-labs", False) in found
    assert ("other.Dockerfile", "acme/frontend:master-labs", True) in found


def test_bake_yml_reads_only_docker_bake_hcl_by_default(project: Path) -> None:
    # (the workflow passes `docker-bake.hcl` when `files` is empty: not bake's other names)
    write(project / "docker-bake.json", '{"target": {"default": {"tags": ["x/y"]}}}\n')
    text = workflow("bake", "      output: image\n      meta-images: acme/app\n")
    made = built_images(text, path=WORKFLOW)
    assert ([i.name for i in made.built], made.builds) == (["acme/app"], ())


@pytest.mark.parametrize(
    "inputs",
    [
        "      output: image\n      meta-images: ${{ needs.prepare.outputs.image }}\n",
        "      output: image\n",  # (the workflow fails: meta-images is required)
        "      output: local\n      meta-images: acme/app\n",
    ],
)
def test_what_a_call_does_not_name_is_not_built(project: Path, inputs: str) -> None:
    assert built(workflow("build", inputs)) == []


def test_another_reusable_workflow_is_no_build(project: Path) -> None:
    text = workflow("build", "      output: image\n      meta-images: acme/app\n")
    assert built(text.replace("docker/github-builder", "acme/github-builder")) == []
    assert built(text.replace("build.yml@v1", "verify.yml@v1")) == []
