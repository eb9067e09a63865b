"""ko's KO_DEFAULTBASEIMAGE: the base image a ``ko build`` given it pulls (``.builds.shell``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tagsense.sources import scan_paths
from tagsense.sources.builds.shell import ShellReader, may_pull

if TYPE_CHECKING:
    from pathlib import Path


def pulls(text: str) -> list[tuple[str, str, str, int]]:
    reader = ShellReader(pulls=True)
    reader.read(text)
    assert reader.pulls is not None
    return [(pull.engine, pull.verb, pull.image, pull.line) for pull in reader.pulls]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # sigstore/cosign's Makefile, ko-cosign-dev (its recipe's line)
        (
            "KOCACHE=/tmp/ko KO_DEFAULTBASEIMAGE=gcr.io/distroless/static-debian12:debug-nonroot"
            " ko build --base-import-paths --platform=all github.com/sigstore/cosign/v3/cmd/cosign",
            [("ko", "build", "gcr.io/distroless/static-debian12:debug-nonroot", 1)],
        ),
        (
            "export KO_DEFAULTBASEIMAGE=cgr.dev/chainguard/static:latest\nko apply -f config/",
            [("ko", "apply", "cgr.dev/chainguard/static:latest", 2)],
        ),
        ("KO_DEFAULTBASEIMAGE=alpine:3.20 ko version", []),  # (builds nothing)
        ("ko build ./cmd/app", []),  # (.ko.yaml's base, read there)
        ("KO_DEFAULTBASEIMAGE=$BASE ko build ./cmd/app", []),  # (a run's)
        ("KO_DEFAULTBASEIMAGE=alpine:3.20\nko build ./cmd/app", []),  # (not exported)
    ],
)
def test_a_ko_build_pulls_the_base_its_environment_gives(
    text: str, expected: list[tuple[str, str, str, int]]
) -> None:
    assert pulls(text) == expected
    if expected:
        assert may_pull(text.encode())


def test_a_makefile_and_a_workflow_give_it(tmp_path: Path) -> None:
    (tmp_path / "Makefile").write_text(
        "ko-dev:\n\tKO_DEFAULTBASEIMAGE=gcr.io/distroless/static-debian12:debug-nonroot"
        " ko build ./cmd/app\n"
    )
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "ko.yml").write_text(
        "on: push\njobs:\n  ko:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: ko build --bare ./cmd/app\n"
        "        env:\n          KO_DEFAULTBASEIMAGE: cgr.dev/chainguard/static:latest\n"
    )
    found = sorted(((o.path or "").rpartition("/")[2], o.text) for o in scan_paths([str(tmp_path)]))
    assert found == [
        ("Makefile", "gcr.io/distroless/static-debian12:debug-nonroot"),
        ("ko.yml", "cgr.dev/chainguard/static:latest"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # projectcapsule/capsule@65a4e19e's Makefile, ko-build-capsule (make's values put in)
        (
            "KOCACHE=/tmp/ko KO_DOCKER_REPO=ghcr.io/projectcapsule/capsule"
            " bin/ko build ./cmd/controller/ --bare --tags=v0.12.0 --push=false --local",
            ["ghcr.io/projectcapsule/capsule"],
        ),
        ("export KO_DOCKER_REPO=ghcr.io/acme\nko build --bare ./cmd/app", ["ghcr.io/acme"]),
        ("KO_DOCKER_REPO=ghcr.io/acme ko build ./cmd/app", []),  # (ko adds a hash of the path)
        ("KO_DOCKER_REPO=ghcr.io/acme ko version --bare", []),  # (builds nothing)
        ("ko build --bare ./cmd/app", []),  # (ko's repository from elsewhere)
    ],
)
def test_a_bare_ko_build_makes_its_repository(text: str, expected: list[str]) -> None:
    reader = ShellReader()
    builds = reader.read(text)
    assert [name for build in builds for name in build.names] == expected


def test_a_from_of_the_image_a_bare_ko_build_made_is_the_project_s(tmp_path: Path) -> None:
    # capsule's Dockerfile.tracing: FROM ${TARGET_IMAGE}, built with TARGET_IMAGE=
    # $(CAPSULE_IMG):$(VERSION) right after ko built $(CAPSULE_IMG) (a false TS011).
    (tmp_path / ".git").mkdir()
    (tmp_path / "Makefile").write_text(
        "CAPSULE_IMG ?= ghcr.io/projectcapsule/capsule\n"
        "VERSION ?= $(shell git describe --tags)\n"
        "ko-build:\n\tKO_DOCKER_REPO=$(CAPSULE_IMG) ko build ./cmd/controller/ --bare\n"
        "trace: ko-build\n\tdocker build --build-arg TARGET_IMAGE=$(CAPSULE_IMG):$(VERSION)"
        " -t $(CAPSULE_IMG):tracing -f Dockerfile.tracing .\n"
    )
    (tmp_path / "Dockerfile.tracing").write_text(
        "ARG TARGET_IMAGE\nFROM ${TARGET_IMAGE} AS target\nFROM alpine:3.21.2\n"
    )
    scan = scan_paths([str(tmp_path / "Dockerfile.tracing")])
    assert [(o.line, o.built is not None) for o in scan] == [(2, True), (3, False)]
