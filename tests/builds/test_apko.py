"""apko: the image ``apko build`` and ``apko publish`` make, run as a program or as apko's own
image (see ``tagsense.sources.builds._apko``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tagsense import find_references
from tagsense.sources.builds._apko import apko_names

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TAGSENSE_NO_CACHE", "1")
    return tmp_path


def test_the_base_image_apko_builds_in_its_container_is_the_projects(project: Path) -> None:
    # akuity/kargo's Makefile (trimmed; Apache-2.0): apko's image builds the base image
    # into a tarball, and the image's build starts from it (3 false TS003 before).
    (project / "Makefile").write_text(
        "CONTAINER_RUNTIME ?= docker\nBASE_IMAGE ?= localhost:5001/kargo-base\n"
        "APKO_IMAGE ?= cgr.dev/chainguard/apko\n"
        "build-base-image:\n"
        "\t$(CONTAINER_RUNTIME) run --rm -v $(CURDIR)/build:/build -w /build \\\n"
        "\t\t$(APKO_IMAGE) \\\n"
        "\t\tbuild kargo-base.apko.yaml $(BASE_IMAGE) kargo-base.tar.gz\n"
        "\t$(CONTAINER_RUNTIME) image load -i build/kargo-base.tar.gz\n"
        "image: build-base-image\n"
        "\t$(CONTAINER_RUNTIME) build --build-arg BASE_IMAGE=$(BASE_IMAGE) -t kargo .\n"
    )
    (project / "Dockerfile").write_text(
        "ARG BASE_IMAGE=kargo-base\nFROM ${BASE_IMAGE}:latest-amd64 AS final\n"
    )
    base = [o for o in find_references(".") if o.path == "Dockerfile"]
    assert [o.text for o in base] == ["localhost:5001/kargo-base:latest-amd64"]
    assert all(o.built is not None and o.built.path == "Makefile" for o in base)


def test_apko_run_as_a_program_publishes_its_tags(project: Path) -> None:
    (project / "images").mkdir()
    (project / "images" / "release.sh").write_text(
        "apko publish --arch amd64,arm64 images/base.yaml ghcr.io/acme/base:1.2 \\\n"
        "  ghcr.io/acme/base:latest\n"
    )
    (project / "images" / "Dockerfile").write_text("FROM ghcr.io/acme/base:latest\n")
    (base,) = find_references(".")
    assert base.built is not None and base.built.path == "images/release.sh"


@pytest.mark.parametrize(
    ("words", "names"),
    [
        (["build", "cfg.yaml", "acme/base:1", "out.tar"], ["acme/base:1"]),
        (["build", "--arch=amd64", "cfg.yml", "--sbom", "acme/base", "out.tar"], ["acme/base"]),
        (["publish", "cfg.yaml", "a/b:1", "a/b:2"], ["a/b:1", "a/b:2"]),
        (["build", "acme/base", "out.tar"], []),  # (no configuration: not apko's build)
        (["lock", "cfg.yaml"], []),
        ([], []),
    ],
)
def test_apko_names(words: list[str], names: list[str]) -> None:
    assert apko_names(words) == names
