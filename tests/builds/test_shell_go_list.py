"""``$(go list -m -f '{{.GoVersion}}')`` prints the ``go`` directive of the project's module.

ava-labs/avalanchego's build scripts give their Dockerfiles' ``ARG GO_VERSION=INVALID`` (a
placeholder "not intended to be used") the version of the Go module they build:
``GO_VERSION="$(go list -m -f '{{.GoVersion}}' | head -1)"``, then ``docker buildx build
--build-arg GO_VERSION=${GO_VERSION} …``. ``go list -m`` lists the main modules of the
directory it runs in: the ``use``\\ s of a ``go.work`` found there or above, in order, else the
nearest ``go.mod``'s module (``go help list``, ``go help work``). The fixtures are reduced
cases of avalanchego's ``scripts/build_image.sh``, whose directory of the project is computed
as ``$( cd "$( dirname "${BASH_SOURCE[0]}" )"; cd .. && pwd )``.
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
AVALANCHE_PATH=$( cd "$( dirname "${BASH_SOURCE[0]}" )"; cd .. && pwd )
GO_VERSION="$(go list -m -f '{{.GoVersion}}' | head -1)"
docker buildx build --build-arg GO_VERSION=${GO_VERSION} -t acme/node "$AVALANCHE_PATH" \\
  -f "$AVALANCHE_PATH/Dockerfile"
"""
DOCKERFILE = """\
# The version is supplied by the build script
ARG GO_VERSION=INVALID
FROM golang:$GO_VERSION-bookworm AS builder
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "scripts" / "build_image.sh", SCRIPT)
    write(tmp_path / "Dockerfile", DOCKERFILE)
    write(tmp_path / "go.mod", "module github.com/acme/node\n\ngo 1.25.10\n\ntoolchain go1.26.1\n")
    return tmp_path


def _from(project: Path) -> str:
    (found,) = [o for o in find_references(".") if o.path == "Dockerfile"]
    return "unresolved" if found.is_unresolved else found.text


def test_the_build_takes_the_modules_go_version(project: Path) -> None:
    assert _from(project) == "golang:1.25.10-bookworm"


def test_a_workspace_lists_its_modules_in_the_order_it_uses_them(project: Path) -> None:
    write(project / "go.work", "go 1.25.10\n\nuse (\n\t./tools // first\n\t.\n)\n")
    write(project / "tools" / "go.mod", "module github.com/acme/tools\n\ngo 1.24.4\n")
    assert _from(project) == "golang:1.24.4-bookworm"


def test_no_module_leaves_the_run_to_say(project: Path) -> None:
    (project / "go.mod").unlink()
    assert _from(project) == "unresolved"


@pytest.mark.parametrize(
    ("arguments", "printed"),
    [
        (["list", "-m", "-f", "{{.GoVersion}}"], ["1.22.3"]),
        (["list", "-f={{ .Path }}", "-m"], ["example.com/a"]),
        (["list", "-m", "-json"], None),
        (["list", "-m", "-f", "{{.Version}}"], None),
        (["list", "-m", "all", "-f", "{{.GoVersion}}"], None),
        (["mod", "edit", "-json"], None),
    ],
)
def test_what_go_list_prints(arguments: list[str], printed: list[str] | None) -> None:
    from tagsense.sources.builds._go_list import go_list_printed

    files = {"go.mod": 'module "example.com/a" // the app\n\ngo 1.22.3\n'}
    assert go_list_printed(arguments, 0, files.get) == printed


def test_the_module_above_the_directory_it_runs_in() -> None:
    from tagsense.sources.builds._go_list import go_list_printed

    files = {"../go.mod": "module example.com/a\ngo 1.23.0\n"}
    assert go_list_printed(["list", "-m", "-f", "{{.GoVersion}}"], 1, files.get) == ["1.23.0"]
    assert go_list_printed(["list", "-m", "-f", "{{.GoVersion}}"], 0, files.get) is None


@pytest.mark.parametrize(
    "directory",
    [
        '$( cd "$( dirname "${BASH_SOURCE[0]}" )" && cd .. && pwd )',
        # (graft/subnet-evm/scripts/build_docker_image.sh's, over three lines)
        '$(\n  cd "$(dirname "${BASH_SOURCE[0]}")"\n  cd .. && pwd\n)',
    ],
)
def test_the_directory_above_the_script_by_a_second_cd(project: Path, directory: str) -> None:
    text = SCRIPT.replace('$( cd "$( dirname "${BASH_SOURCE[0]}" )"; cd .. && pwd )', directory)
    write(project / "scripts" / "build_image.sh", text)
    assert _from(project) == "golang:1.25.10-bookworm"


def test_a_second_cd_elsewhere_is_a_runs(project: Path) -> None:
    text = SCRIPT.replace("cd .. && pwd", "cd /opt && pwd")
    write(project / "scripts" / "build_image.sh", text)
    assert _from(project) == "golang:INVALID-bookworm"  # (read alone)


# oauth2-proxy/oauth2-proxy's Makefile (commit of survey s46c), reduced: the builder image is
# the Go release of go.mod without its patch, `printf "%.4s"` of the package's module's.
MAKEFILE = """\
GO ?= go
GO_MOD_VERSION_MINOR := $(shell $(GO) list -f '{{printf "%.4s" .Module.GoVersion}}' )
COMMON_ARGS ?= --build-arg BUILD_IMAGE=docker.io/library/golang:$(GO_MOD_VERSION_MINOR)-bookworm
build-docker:
\tdocker buildx build $(COMMON_ARGS) -t acme/proxy .
"""


def test_a_makefile_takes_the_packages_module_go_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "Makefile", MAKEFILE)
    write(tmp_path / "Dockerfile", "ARG BUILD_IMAGE=placeholder\nFROM ${BUILD_IMAGE} AS builder\n")
    write(tmp_path / "go.mod", "module github.com/acme/proxy/v7\n\ngo 1.26.0\n")
    assert _from(tmp_path) == "docker.io/library/golang:1.26-bookworm"


@pytest.mark.parametrize(
    ("arguments", "printed"),
    [
        (["list", "-f", "{{.Module.GoVersion}}"], ["1.22.3"]),
        (["list", "-f", "{{ .Module.Path }}", "."], ["example.com/a"]),
        (["list", "-f", '{{printf "%s" .Module.GoVersion}}'], ["1.22.3"]),
        (["list", "-f", '{{printf "%.4s" .Module.GoVersion}}', "./cmd/app"], ["1.22"]),
        (["list", "-f", "{{.Module.GoVersion}}", "./tools"], ["1.24.4"]),
        (["list", "-f", "{{.Module.GoVersion}}", "./tools/lint"], ["1.24.4"]),
        # (a package's own `.Path` is its import path; `-m` has no `.Module`)
        (["list", "-f", "{{.Path}}"], None),
        (["list", "-m", "-f", "{{.Module.GoVersion}}"], None),
        (["list", "-f", "{{.Module.GoVersion}}", "./..."], None),
        (["list", "-f", "{{.Module.GoVersion}}", "example.com/a/cmd/app"], None),
        (["list", "-f", "{{.Module.GoVersion}}", ".", "./tools"], None),
        (["list", "-e", "-f", "{{.Module.GoVersion}}"], None),
        (["list", "-f", '{{printf "%q" .Module.GoVersion}}'], None),
    ],
)
def test_what_go_list_prints_of_a_package(arguments: list[str], printed: list[str] | None) -> None:
    from tagsense.sources.builds._go_list import go_list_printed

    files = {
        "go.mod": "module example.com/a\n\ngo 1.22.3\n",
        "tools/go.mod": "module example.com/tools\n\ngo 1.24.4\n",
    }
    assert go_list_printed(arguments, 0, files.get) == printed


def test_a_package_outside_the_project_is_a_runs() -> None:
    from tagsense.sources.builds._go_list import go_list_printed

    files = {"../go.mod": "module example.com/a\ngo 1.23.0\n"}
    arguments = ["list", "-f", "{{.Module.GoVersion}}"]
    assert go_list_printed(arguments, 1, files.get) == ["1.23.0"]
    assert go_list_printed([*arguments, "../../b"], 1, files.get) is None
    assert go_list_printed(arguments, 0, files.get) is None


def test_a_script_takes_the_packages_module_go_version(project: Path) -> None:
    text = SCRIPT.replace("go list -m -f '{{.GoVersion}}'", "go list -f '{{.Module.GoVersion}}' .")
    write(project / "scripts" / "build_image.sh", text)
    assert _from(project) == "golang:1.25.10-bookworm"
