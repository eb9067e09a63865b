"""A script that reads a file found only from the project's root runs from there.

ava-labs/avalanchego's ``scripts/build_xsvm_image.sh`` says "must be run from repository
root" and is run as ``./scripts/build_xsvm_image.sh`` by the Taskfile at the top: it sources
``./scripts/image_tag.sh``, a path found from the root and not from ``scripts/``, then builds
``docker buildx build --build-arg GO_VERSION=… -f ./vms/example/xsvm/Dockerfile .``. Read as run
from its own directory (or from anywhere) the Dockerfile was not linked to the build and its
``ARG GO_VERSION=INVALID`` placeholder was judged (a false TS003). The fixtures are reduced
cases of it.
"""

from __future__ import annotations

import pytest

from tagsense import find_references

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

SCRIPT = """\
#!/usr/bin/env bash
set -euo pipefail
source ./scripts/image_tag.sh
docker buildx build --build-arg GO_VERSION=1.25.10 -t "acme/xsvm:${image_tag}" \\
  -f ./vms/xsvm/Dockerfile .
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "scripts" / "build_xsvm_image.sh", SCRIPT)
    write(tmp_path / "scripts" / "image_tag.sh", 'image_tag="$(git rev-parse --short HEAD)"\n')
    write(
        tmp_path / "vms" / "xsvm" / "Dockerfile",
        "ARG GO_VERSION=INVALID\nFROM golang:$GO_VERSION\n",
    )
    return tmp_path


def _from(project: Path) -> str:
    (found,) = [o for o in find_references(".") if o.path.endswith("Dockerfile")]
    return found.text


def test_a_file_sourced_from_the_root_places_the_build_there(project: Path) -> None:
    assert _from(project) == "golang:1.25.10"


def test_a_file_read_from_the_root_places_the_build_there(project: Path) -> None:
    text = SCRIPT.replace("source ./scripts/image_tag.sh", 'image_tag="$(cat VERSION)"')
    write(project / "scripts" / "build_xsvm_image.sh", text)
    write(project / "VERSION", "1.4.0\n")
    assert _from(project) == "golang:1.25.10"


def test_a_file_found_beside_the_script_too_places_nothing(project: Path) -> None:
    # (from its own directory the source finds that file: where it runs is a run's, as before)
    write(project / "scripts" / "scripts" / "image_tag.sh", "image_tag=dev\n")
    assert _from(project) == "golang:INVALID"


def test_a_script_that_reads_nothing_from_the_root_places_nothing(project: Path) -> None:
    write(
        project / "scripts" / "build_xsvm_image.sh",
        SCRIPT.replace("source ./scripts/image_tag.sh\n", ""),
    )
    assert _from(project) == "golang:INVALID"


def test_a_read_after_a_cd_says_nothing_of_where_it_starts(project: Path) -> None:
    text = SCRIPT.replace("source ./scripts", 'cd "$(dirname "$0")/.."\nsource ./scripts')
    write(project / "scripts" / "build_xsvm_image.sh", text)
    assert _from(project) == "golang:1.25.10"  # (the cd places it: the top, as written)
