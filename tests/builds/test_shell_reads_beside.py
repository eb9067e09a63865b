"""A script that reads a file beside itself by a relative path runs from its own directory.

A ``*.sh`` script may be run from anywhere, so a relative build context in it (``docker build
… .``) is a run's. But apache/nifi's ``nifi-docker/dockerhub/DockerBuild.sh`` (and its minifi,
registry and toolkit copies) first runs ``DOCKER_IMAGE="$(grep -Ev '(^#|^\\s*$|^\\s*\\t*#)'
DockerImage.txt)"``, a file that is only beside it: from anywhere else that read fails, so its
``docker build --build-arg IMAGE_NAME=… .`` builds the Dockerfile beside it (3 false TS011 and
3 missed pulls). The fixtures here are reduced cases of it.
"""

from __future__ import annotations

import pytest

from tagsense import find_references

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


SCRIPT = """\
#!/usr/bin/env bash
set -e
DOCKER_IMAGE="$(grep -Ev '(^#|^\\s*$|^\\s*\\t*#)' DockerImage.txt)"
docker build --build-arg BASE=alpine:3.20.3 -t "${DOCKER_IMAGE}" .
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    hub = tmp_path / "docker" / "hub"
    write(hub / "DockerBuild.sh", SCRIPT)
    write(hub / "DockerImage.txt", "# the image\nacme/app:1.4.0\n")
    write(hub / "Dockerfile", "ARG BASE\nFROM ${BASE}\n")
    return tmp_path


def _from(project: Path) -> tuple[str, bool]:
    (found,) = [o for o in find_references(".") if o.path.endswith("Dockerfile")]
    return found.text, found.is_unresolved


def test_a_file_read_beside_the_script_places_its_build(project: Path) -> None:
    assert _from(project) == ("alpine:3.20.3", False)


def test_a_file_also_at_the_top_places_nothing(project: Path) -> None:
    # (run from the top, the read finds that file too: where it runs is a run's, as before)
    write(project / "DockerImage.txt", "acme/other:2.0.0\n")
    assert _from(project)[1]


def test_a_script_that_reads_nothing_beside_it_places_nothing(project: Path) -> None:
    (project / "docker" / "hub" / "DockerImage.txt").unlink()
    assert _from(project)[1]


BUILDS_BESIDE = """\
#!/usr/bin/env bash
docker build --no-cache -f Dockerfile-ubuntu -t "$1" --build-arg BASE_IMAGE=eclipse-temurin:8-jre .
"""


def test_a_dockerfile_named_only_beside_the_script_places_its_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (apache/rocketmq-docker's image-build-ci/build-image-local.sh, run by nothing, no `cd`:
    # its `-f Dockerfile-ubuntu` is only beside it, so it runs from there)
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "ci" / "build.sh", BUILDS_BESIDE)
    write(tmp_path / "ci" / "Dockerfile-ubuntu", "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n")
    (found,) = [o for o in find_references(".") if o.path.endswith("Dockerfile-ubuntu")]
    assert (found.text, found.is_unresolved) == ("eclipse-temurin:8-jre", False)


def test_a_dockerfile_also_at_the_top_leaves_where_it_runs_a_run_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "ci" / "build.sh", BUILDS_BESIDE)
    write(tmp_path / "ci" / "Dockerfile-ubuntu", "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n")
    write(tmp_path / "Dockerfile-ubuntu", "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n")
    found = [o for o in find_references(".") if o.path == "ci/Dockerfile-ubuntu"]
    assert [o.is_unresolved for o in found] == [True]


RELATIVE_CD = """\
#!/bin/bash
docker volume create --name=data
cd ..
docker build -t app-sdk-base:1.0 . -f sdk-base-dockerfile
"""


def test_a_dockerfile_named_after_a_relative_cd_from_the_script_places_its_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (EdwinVW/pitstop's src/scripts/RebuildAllDockerImages.sh, run by nothing: `cd ..`, then
    # `docker build … . -f dotnet-sdk-base-dockerfile`, a file of src/ only; its FROM
    # mcr.microsoft.com/dotnet/sdk:10.0 was missed, survey 61b)
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "src" / "scripts" / "build.sh", RELATIVE_CD)
    write(tmp_path / "src" / "sdk-base-dockerfile", "FROM mcr.microsoft.com/dotnet/sdk:10.0\n")
    (found,) = find_references(".")
    assert (found.path, found.text) == (
        "src/sdk-base-dockerfile",
        "mcr.microsoft.com/dotnet/sdk:10.0",
    )
    assert found.built is None and found.kind == "from"


@pytest.mark.parametrize(
    ("script", "cds"),
    [
        ("build.sh", "cd ..\n"),  # (the top's script: `cd ..` leaves the project)
        ("src/scripts/build.sh", "cd ../..\ncd ..\n"),  # (so does this one)
        ("src/scripts/build.sh", 'cd "$WHERE"\ncd ..\n'),  # (a run's directory first)
        ("src/scripts/build.sh", "cd ..\ncd -\n"),
        ("src/scripts/build.sh", "(cd ..)\n"),  # (a subshell's `cd` ends with it)
    ],
)
def test_a_relative_cd_that_leaves_where_the_file_is_places_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str, cds: str
) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    write(tmp_path / script, f"#!/bin/bash\n{cds}docker build -t base:1 . -f sdk-base-dockerfile\n")
    write(tmp_path / "src" / "sdk-base-dockerfile", "FROM mcr.microsoft.com/dotnet/sdk:10.0\n")
    assert list(find_references(".")) == []
