"""Pants: a Dockerfile's ``FROM`` that names a ``docker_image`` target's address is the image
Pants builds (see ``tagsense.sources._pants_targets``)."""

from __future__ import annotations

import datetime
import os
from typing import TYPE_CHECKING

from tagsense import check, find_references

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

DAY = datetime.date(2026, 12, 5)

# pantsbuild/example-docker (Apache-2.0) @ 2026 snapshot (survey 32d: a false TS012):
# src/docker/multiplatform/BUILD, lines 4-15, and Dockerfile.final, lines 1-3.
MULTIPLATFORM_BUILD = """\
docker_image(
    name="multiplatform-base",
    source="Dockerfile.base",
    skip_push=True,
    build_platform=["linux/amd64", "linux/arm64"],
)

docker_image(
    name="multiplatform-final",
    source="Dockerfile.final",
    build_platform=["linux/amd64", "linux/arm64"],
)
"""
FINAL = """\
ARG PARENT=:multiplatform-base
# hadolint ignore=DL3006
FROM ${PARENT}
"""


def _write(files: dict[str, str]) -> None:
    for name, text in files.items():
        os.makedirs(os.path.dirname(name) or ".", exist_ok=True)
        with open(name, "w") as handle:
            handle.write(text)


def test_a_from_that_addresses_a_docker_image_target_is_built_by_pants(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(
        {
            "pants.toml": '[GLOBAL]\nbackend_packages = ["pants.backend.docker"]\n',
            "src/docker/multiplatform/BUILD": MULTIPLATFORM_BUILD,
            "src/docker/multiplatform/Dockerfile.base": "FROM python:3.13.1-slim\n",
            "src/docker/multiplatform/Dockerfile.final": FINAL,
            # (an address from the root, and a target named after its directory)
            "src/docker/base/BUILD": 'docker_image(source="Dockerfile")\n',
            "src/docker/base/Dockerfile": "FROM debian:13.2\n",
            "src/app/Dockerfile": "ARG BASE=src/docker/base:base\nFROM $BASE\nFROM redis:8.4.0\n",
        }
    )
    found = find_references(".").occurrences
    built = {(o.path, o.line): o.built for o in found if o.built is not None}
    final = built[("src/docker/multiplatform/Dockerfile.final", 3)]
    assert final is not None and (final.tool, final.path, final.line) == (
        "pants",
        "src/docker/multiplatform/BUILD",
        1,
    )
    app = built[("src/app/Dockerfile", 2)]
    assert app is not None and app.path == "src/docker/base/BUILD"
    assert len(built) == 2  # (redis:8.4.0 names no target: a pull)
    assert check(found, as_of=DAY) == []


def test_outside_a_pants_project_an_address_is_no_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _write({"BUILD": MULTIPLATFORM_BUILD, "Dockerfile.final": FINAL})
    (final,) = find_references(".").occurrences
    assert final.built is None
    # (a default BuildKit refuses, with no build of the scan to pass another: the build's to
    # give, TS011 saying what the default gives)
    (finding,) = check([final], as_of=DAY)
    assert finding.code == "TS011"
    assert "whose default gives ':multiplatform-base'" in finding.message
