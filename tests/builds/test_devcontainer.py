"""Dev Containers: the image a devcontainer.json runs, the Dockerfile it builds, the compose
files it names (sources.builds.devcontainer), alone and in its project."""

from __future__ import annotations

import datetime
import os
from typing import TYPE_CHECKING

import pytest

from tagsense import check, find_references
from tagsense.errors import TagsenseError
from tagsense.sources import scan_text
from tagsense.sources.builds import build_tool, read_build_file
from tagsense.sources.builds.devcontainer import read_devcontainer, scan_devcontainer, substitute
from tagsense.sources.discover import discover, is_devcontainer_path

if TYPE_CHECKING:
    from pathlib import Path

DAY = datetime.date(2026, 11, 28)
DEVCONTAINER = os.path.join(".devcontainer", "devcontainer.json")

# Modelled on microsoft/vscode-dev-containers, containers/python-3/.devcontainer/devcontainer.json
# (the v0.2xx definitions: tabs, comments, a trailing comma, VARIANT passed to the Dockerfile).
PYTHON_3 = """\
// For format details, see https://aka.ms/devcontainer.json. For config options, see the README at:
// https://github.com/microsoft/vscode-dev-containers/tree/v0.209.6/containers/python-3
{
\t"name": "Python 3",
\t"build": {
\t\t"dockerfile": "Dockerfile",
\t\t"context": "..",
\t\t"args": {
\t\t\t// Update 'VARIANT' to pick a Python version: 3, 3.10, 3.9, 3.8, 3.7, 3.6
\t\t\t// Append -bullseye or -buster to pin to an OS version.
\t\t\t"VARIANT": "3.10-bullseye",
\t\t\t// Options
\t\t\t"NODE_VERSION": "lts/*",
\t\t}
\t},
\t"features": {
\t\t"ghcr.io/devcontainers/features/docker-in-docker:2": {}
\t},
\t// Use 'forwardPorts' to make a list of ports inside the container available locally.
\t// "forwardPorts": [],
\t"remoteUser": "vscode"
}
"""
# Its Dockerfile, as the definition's (ARG VARIANT with a default, FROM python:${VARIANT}).
PYTHON_3_DOCKERFILE = "ARG VARIANT=3-bullseye\nFROM python:${VARIANT}\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


# --- the reader ------------------------------------------------------------------------


def test_an_image_is_an_occurrence_where_it_is_written() -> None:
    # devcontainers/templates, src/python/.devcontainer/devcontainer.json (an image, features)
    text = """\
{
\t"name": "Python 3",
\t// Or use a Dockerfile or Docker Compose file.
\t"image": "mcr.microsoft.com/devcontainers/python:1-3.12-bullseye",
\t"features": {"ghcr.io/devcontainers/features/node:1": {"version": "lts"}},
}
"""
    result = scan_devcontainer(text, path=DEVCONTAINER)
    (image,) = result.scan
    assert (image.path, image.line, image.column, image.kind) == (
        DEVCONTAINER,
        4,
        12,
        "devcontainer",
    )
    assert image.text == "mcr.microsoft.com/devcontainers/python:1-3.12-bullseye"
    assert image.reference is not None
    assert dict(image.context) == {"field": "image", "name": "Python 3"}
    assert result.builds == () and result.built == () and result.scan.errors == ()


def test_a_build_is_a_build_config_relative_to_the_file() -> None:
    result = scan_devcontainer(PYTHON_3, path=DEVCONTAINER)
    assert list(result.scan) == [] and result.scan.errors == ()  # (features: no images)
    (build,) = result.builds
    assert build.dockerfile == os.path.join(".devcontainer", "Dockerfile")
    assert build.context == "."  # (".." from .devcontainer/)
    assert dict(build.args) == {"VARIANT": "3.10-bullseye", "NODE_VERSION": "lts/*"}
    assert build.target is None and build.name == "Python 3"
    assert (build.site.tool, build.site.path, build.site.line) == ("devcontainer", DEVCONTAINER, 6)


def test_the_older_top_level_dockerfile_and_context() -> None:
    # microsoft/vscode-dev-containers, containers/python-3 before build{} (v0.5x)
    text = '{\n\t"name": "Python 3",\n\t"context": "..",\n\t"dockerFile": "Dockerfile",\n}'
    (build,) = scan_devcontainer(text, path=DEVCONTAINER).builds
    assert (build.context, build.dockerfile) == (".", os.path.join(".devcontainer", "Dockerfile"))


def test_a_build_ignores_the_image_and_reports_its_cache_images() -> None:
    text = """{
  "image": "unused:latest",
  "build": {"dockerfile": "Dockerfile", "target": "dev",
            "cacheFrom": ["ghcr.io/acme/devcontainer:latest", "ghcr.io/acme/base:1.2"]}
}"""
    result = scan_devcontainer(text, path=".devcontainer.json")
    assert [(o.line, o.text, o.context["field"]) for o in result.scan] == [
        (4, "ghcr.io/acme/devcontainer:latest", "build.cacheFrom"),
        (4, "ghcr.io/acme/base:1.2", "build.cacheFrom"),
    ]
    (build,) = result.builds
    assert (build.dockerfile, build.context, build.target) == ("Dockerfile", ".", "dev")


def test_a_compose_configuration_names_its_compose_files() -> None:
    # microsoft/vscode-dev-containers, containers/python-3-postgres/.devcontainer/devcontainer.json
    text = """// Update the VARIANT arg in docker-compose.yml to pick a Python version
{
\t"name": "Python 3 & PostgreSQL",
\t"dockerComposeFile": ["../docker-compose.yml", "docker-compose.dev.yml", "dc.yml"],
\t"service": "app",
\t"workspaceFolder": "/workspace",
\t"image": "unused:latest"
}"""
    result = scan_devcontainer(text, path=DEVCONTAINER)
    assert list(result.scan) == [] and result.builds == ()
    assert result.named == (
        ("docker-compose.yml", "compose"),
        (os.path.join(".devcontainer", "docker-compose.dev.yml"), "compose"),
        (os.path.join(".devcontainer", "dc.yml"), "compose"),
    )


def test_variables() -> None:
    text = """{
  "build": {
    "dockerfile": "Dockerfile",
    "args": {
      "VARIANT": "${localEnv:PYTHON_VARIANT:3.12-bookworm}",
      "NODE": "${localEnv:NODE_VERSION}",
      "USER": "${containerEnv:USER}",
      "FROM_ENV": "${env:TAG}",
      "N": 3
    }
  }
}"""
    (build,) = scan_devcontainer(text, env={"TAG": "1.2"}).builds
    assert dict(build.args) == {"VARIANT": "3.12-bookworm", "FROM_ENV": "1.2", "N": "3"}
    assert dict(build.unresolved) == {
        "NODE": ("localEnv:NODE_VERSION",),
        "USER": ("containerEnv:USER",),
    }
    (image,) = scan_devcontainer('{"image": "${localWorkspaceFolderBasename}:dev"}').scan
    assert image.reference is None and image.unresolved == ("localWorkspaceFolderBasename",)
    assert image.raw == "${localWorkspaceFolderBasename}:dev" and image.text == ":dev"


@pytest.mark.parametrize(
    ("text", "env", "expected"),
    [
        ("python:${localEnv:PY}", {"PY": "3.13"}, ("python:3.13", ())),
        ("python:${localEnv:PY:3.12}", {}, ("python:3.12", ())),
        ("python:${localEnv:PY:3.12:x}", {}, ("python:3.12", ())),  # (the CLI's split on ':')
        ("python:${localEnv:PY:}", {}, ("python:", ())),
        ("python:${containerEnv:PY:3.11}", {"PY": "3.13"}, ("python:3.11", ())),
        ("${devcontainerId}/${localEnv:A}", {}, ("/", ("devcontainerId", "localEnv:A"))),
        ("${templateOption:imageVariant}", {}, ("", ("templateOption:imageVariant",))),
        ("$PY ${ not closed", {}, ("$PY ${ not closed", ())),
        ("${localEnv}", {}, "'${localEnv}' names no environment variable"),
    ],
)
def test_substitute(
    text: str, env: dict[str, str], expected: tuple[str, tuple[str, ...]] | str
) -> None:
    assert substitute(text, env) == expected


def test_bad_jsonc_is_one_error_with_a_line() -> None:
    text = '{\n  "image": "alpine:3.20"\n  "name": "x"\n}\n'
    result = scan_devcontainer(text, path=DEVCONTAINER)
    assert [(e.path, e.line, e.message) for e in result.scan.errors] == [
        (DEVCONTAINER, 3, "invalid JSON: ',' or '}' expected")
    ]
    assert list(result.scan) == [] and result.builds == ()


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("[]", 1, "a devcontainer.json must be a JSON object"),
        ('{\n"image": ["a"]}', 2, "image must be a string"),
        ('{"build": "Dockerfile"}', 1, "build must be an object"),
        ('{"build": {"dockerfile": "D",\n"args": ["A=1"]}}', 2, "build.args must be an object"),
        ('{"build": {"dockerfile": "D", "args": {"A": {}}}}', 1, "build.args.A must be a string"),
        ('{"dockerComposeFile": [1]}', 1, "dockerComposeFile must be a string"),
        ('{"image": "${localEnv}"}', 1, "'${localEnv}' names no environment variable"),
    ],
)
def test_wrong_values_are_errors(text: str, line: int, message: str) -> None:
    errors = scan_devcontainer(text, path=DEVCONTAINER).scan.errors
    assert [(e.line, e.message) for e in errors] == [(line, message)]


def test_suppression_comments_are_comments() -> None:
    text = '{\n  // tagsense: ignore[TS001]\n  "image": "alpine:latest", /* tagsense: ignore */\n}'
    scan = scan_devcontainer(text, path=DEVCONTAINER).scan
    assert [(s.line, s.text) for s in scan.suppressions] == [
        (2, "# tagsense: ignore[TS001]"),
        (3, "# tagsense: ignore"),
    ]


def test_an_unreadable_file_is_one_error(tmp_path: Path) -> None:
    (error,) = read_devcontainer(str(tmp_path)).scan.errors
    assert error.message == "cannot read: a directory"


# --- where they are found ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "found"),
    [
        (".devcontainer/devcontainer.json", True),
        (".devcontainer/python/devcontainer.json", True),
        (".devcontainer.json", True),
        ("sub/project/.devcontainer.json", True),
        ("devcontainer.json", False),
        ("docs/devcontainer.json", False),
        (".devcontainer/a/b/devcontainer.json", False),
        (".devcontainer/devcontainer-lock.json", False),
    ],
)
def test_the_specifications_places(path: str, found: bool) -> None:
    assert is_devcontainer_path(path) is found
    if found:
        assert build_tool(path) == "devcontainer"


def test_a_directory_walk_finds_them_and_a_named_file_is_read(tmp_path: Path) -> None:
    write(tmp_path / ".devcontainer" / "devcontainer.json", '{"image": "alpine:3.20"}')
    write(tmp_path / ".devcontainer" / "go" / "devcontainer.json", '{"image": "golang:1.23"}')
    write(tmp_path / ".devcontainer.json", '{"image": "busybox:1.37"}')
    write(tmp_path / "docs" / "devcontainer.json", '{"image": "nginx:latest"}')
    found = {os.path.relpath(path, tmp_path): kind for path, kind in discover([tmp_path])}
    assert found == {
        ".devcontainer.json": "build",
        os.path.join(".devcontainer", "devcontainer.json"): "build",
        os.path.join(".devcontainer", "go", "devcontainer.json"): "build",
    }
    named = tmp_path / "docs" / "devcontainer.json"
    assert discover([named]) == [(str(named), "build")]
    assert [o.text for o in find_references(named)] == ["nginx:latest"]
    result = read_build_file(str(named))
    assert [o.text for o in result.scan] == ["nginx:latest"]


# --- in its project: the build feeds its Dockerfile ---------------------------------------


@pytest.fixture
def python_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The vscode-dev-containers python-3 definition, in a project (a Git work tree)."""
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".devcontainer" / "devcontainer.json", PYTHON_3)
    write(tmp_path / ".devcontainer" / "Dockerfile", PYTHON_3_DOCKERFILE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _froms(scan: object) -> list[tuple[str, str, object]]:
    return [(o.path, o.text, o.context.get("build")) for o in scan if o.kind == "from"]  # type: ignore[attr-defined]


def test_the_dockerfile_is_read_with_the_build_args(python_3: Path) -> None:
    dockerfile = os.path.join(".devcontainer", "Dockerfile")
    where = {"tool": "devcontainer", "path": DEVCONTAINER, "line": 6, "name": "Python 3"}
    expected = [(dockerfile, "python:3.10-bullseye", where)]
    assert _froms(find_references(".")) == expected
    # (checked alone, as pre-commit does: the same)
    assert _froms(find_references(dockerfile)) == expected
    codes = [f.code for f in check(find_references(dockerfile), as_of=DAY)]
    assert codes == ["TS004", "TS006"]  # 3.10 floats; bullseye is past its end of life


def test_an_argument_the_environment_has_not_makes_the_from_unresolved(
    python_3: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        python_3 / ".devcontainer" / "devcontainer.json",
        '{"build": {"dockerfile": "Dockerfile", "args": {"VARIANT": "${localEnv:PY}"}}}',
    )
    monkeypatch.delenv("PY", raising=False)
    (from_,) = find_references(os.path.join(".devcontainer", "Dockerfile"))
    assert from_.reference is None and from_.unresolved == ("localEnv:PY",)
    (finding,) = check([from_], as_of=DAY)
    assert finding.code == "TS011" and "localEnv:PY" in finding.message
    monkeypatch.setenv("PY", "3.13.1-slim-bookworm")
    (from_,) = find_references(os.path.join(".devcontainer", "Dockerfile"))
    assert from_.text == "python:3.13.1-slim-bookworm"


def test_a_build_of_a_named_folder_and_a_dockerfile_at_the_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    write(
        tmp_path / ".devcontainer" / "python" / "devcontainer.json",
        '{"build": {"dockerfile": "../../dev.Dockerfile", "context": "../..",'
        ' "args": {"VARIANT": "3.12.8-bookworm"}, "target": "dev"}}',
    )
    write(tmp_path / "dev.Dockerfile", PYTHON_3_DOCKERFILE + "FROM alpine:3.21 AS dev\n")
    monkeypatch.chdir(tmp_path)
    # (the Dockerfile checked alone sees the devcontainer two folders down)
    found = [(o.text, o.context["pulled"]) for o in find_references("dev.Dockerfile")]
    assert found == [("python:3.12.8-bookworm", False), ("alpine:3.21", True)]


def test_a_compose_file_the_devcontainer_names_is_compose_whatever_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # microsoft/vscode-dev-containers, containers/python-3-postgres: its docker-compose.yml,
    # here called dc.yml and written in flow style (no compose name, nor a shape to tell)
    (tmp_path / ".git").mkdir()
    write(
        tmp_path / ".devcontainer" / "devcontainer.json",
        '{"dockerComposeFile": "dc.yml", "service": "app", "workspaceFolder": "/workspace"}',
    )
    write(
        tmp_path / ".devcontainer" / "dc.yml",
        "{version: '3', services: {\n"
        "  app: {build: {context: .., dockerfile: .devcontainer/Dockerfile,\n"
        "        args: {VARIANT: '3.9'}}, command: sleep infinity},\n"
        "  db: {image: 'postgres:latest', restart: unless-stopped}}}\n",
    )
    write(tmp_path / ".devcontainer" / "Dockerfile", PYTHON_3_DOCKERFILE)
    monkeypatch.chdir(tmp_path)
    compose = os.path.join(".devcontainer", "dc.yml")
    dockerfile = os.path.join(".devcontainer", "Dockerfile")
    scan = find_references(".")
    assert [(o.path, o.line, o.text) for o in scan if o.kind == "compose"] == [
        (compose, 4, "postgres:latest")
    ]
    assert [(o.text, o.context["build"]["path"]) for o in scan if o.kind == "from"] == [
        ("python:3.9", compose)
    ]
    # (each named alone: the same)
    assert [o.text for o in find_references(compose)] == ["postgres:latest"]
    assert [o.text for o in find_references(dockerfile)] == ["python:3.9"]


def test_a_devcontainer_alone_or_none_changes_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / "Dockerfile", PYTHON_3_DOCKERFILE)
    write(tmp_path / ".devcontainer" / "devcontainer.json", '{"image": "python:3.12"}')
    monkeypatch.chdir(tmp_path)
    assert [o.text for o in find_references("Dockerfile")] == ["python:3-bullseye"]


def test_a_walk_reads_the_dockerfile_a_devcontainer_names_whatever_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    write(
        tmp_path / ".devcontainer" / "devcontainer.json",
        '{"dockerFile": "base.df", "build": {"args": {"VARIANT": "3.12.8"}}}',
    )
    write(tmp_path / ".devcontainer" / "base.df", PYTHON_3_DOCKERFILE)
    write(tmp_path / ".devcontainer" / "docker-compose.dev.yml", "services:\n  x:\n    build:\n"
          "      context: .\n      dockerfile: other.df\n")  # fmt: skip
    write(tmp_path / ".devcontainer" / "other.df", "FROM alpine:3.21.2\n")
    monkeypatch.chdir(tmp_path)
    assert sorted(o.text for o in find_references(".")) == ["alpine:3.21.2", "python:3.12.8"]


def test_standard_input_named_as_a_devcontainer() -> None:
    # (tagsense check - --stdin-filename .devcontainer/devcontainer.json; the CLI splits the
    # variable on ':', so the default is "alpine")
    scan = scan_text('{"image": "${localEnv:IMG:alpine:3.20}"}', kind="build", name=DEVCONTAINER)
    assert [(o.path, o.kind, o.text) for o in scan] == [(DEVCONTAINER, "devcontainer", "alpine")]
    # Any build tool's file is read as the file it names; without a name, it cannot be.
    assert not scan_text("apiVersion: skaffold/v4beta11\n", kind="build", name="skaffold.yaml")
    with pytest.raises(TagsenseError, match="needs its file name"):
        scan_text("apiVersion: skaffold/v4beta11\n", kind="build")


def test_pin_rewrites_the_image_in_place_but_not_a_build_cache(tmp_path: Path) -> None:
    from tagsense._edit import read_text
    from tagsense._sites import NotRewritable, edit_file, locate

    path = write(
        tmp_path / ".devcontainer.json",
        '{\n\t// the image\n\t"image": "python:3.12",\n}\n',
    )
    (image,) = read_devcontainer(str(path)).scan
    change = locate(image, read_text).change(tag="3.12.8")
    edited = edit_file(read_text(str(path)), [change], yaml=False)
    assert edited.after == '{\n\t// the image\n\t"image": "python:3.12.8",\n}\n'
    cache = scan_devcontainer(
        '{"build": {"dockerfile": "D", "cacheFrom": "a:1"}}', path=str(path)
    ).scan.occurrences[0]
    with pytest.raises(NotRewritable, match="build cache"):
        locate(cache, read_text)


# logto-io/logto's .devcontainer/devcontainer.json, cut down (survey 21d).
LOGTO = """\
{
  "customizations": {"vscode": {"extensions": ["esbenp.prettier-vscode"]}},
  "postStartCommand": "docker run -d -p 5432:5432 -e POSTGRES_USER=postgres postgres:14-alpine",
  "containerEnv": {"DB_URL": "postgres://postgres:p0stgr3s@localhost:5432/logto"}
}
"""


def test_an_image_a_lifecycle_command_runs_is_pulled_where_it_is_written() -> None:
    (occurrence,) = scan_devcontainer(LOGTO, path=DEVCONTAINER).scan
    assert (occurrence.kind, occurrence.line, occurrence.column) == ("shell", 3, 77)
    assert occurrence.text == "postgres:14-alpine"
    assert dict(occurrence.context) == {
        "tool": "devcontainer",
        "command": "postStartCommand",
        "engine": "docker",
        "verb": "run",
    }


def test_every_form_of_lifecycle_command_is_read() -> None:
    text = """\
{
  "image": "mcr.microsoft.com/devcontainers/typescript-node:1-22-bookworm",
  "initializeCommand": ["docker", "pull", "redis:7.4"],
  "postCreateCommand": {
    "db": "docker run --rm -d mysql:8.4 && pnpm install",
    "deps": "pnpm install",
    "cache": ["docker", "run", "-d", "memcached:1.6"]
  },
  "onCreateCommand": "docker run postgres:${localEnv:PG:16} && docker run app:${devcontainerId}",
  "postAttachCommand": "bash .devcontainer/setup.sh"
}
"""
    scan = scan_devcontainer(text, path=DEVCONTAINER).scan
    found = [(o.line, o.text, o.context.get("command"), o.context.get("name")) for o in scan]
    assert found == [
        (2, "mcr.microsoft.com/devcontainers/typescript-node:1-22-bookworm", None, None),
        (3, "redis:7.4", "initializeCommand", None),
        (5, "mysql:8.4", "postCreateCommand", "db"),
        (7, "memcached:1.6", "postCreateCommand", "cache"),
        (9, "postgres:16", "onCreateCommand", None),
    ]
    # (the environment's value first; what only the machine knows is not guessed)
    scan = scan_devcontainer(text, path=DEVCONTAINER, env={"PG": "17"}).scan
    assert "postgres:17" in {o.text for o in scan}


def test_a_lifecycle_command_that_runs_nothing_says_nothing() -> None:
    text = '{"image": "alpine:3.20", "postCreateCommand": 3, "postStartCommand": "pnpm go"}'
    assert [o.text for o in scan_devcontainer(text, path=DEVCONTAINER).scan] == ["alpine:3.20"]


# argoproj/argo-workflows (Apache-2.0), Makefile, trimmed: `make devcontainer-build` builds
# the image its .devcontainer/devcontainer.json starts, named as that file says.
ARGO_MAKEFILE = """\
DEVCONTAINER_IMAGE ?= $(shell sed {quiet} 's/^ *"image": "\\([^"]*\\)",/\\1/p' \\
\t.devcontainer/devcontainer.json)
devcontainer-build:
\tdevcontainer build \\
\t\t--workspace-folder . \\
\t\t--config .devcontainer/builder/devcontainer.json \\
\t\t--image-name $(DEVCONTAINER_IMAGE) \\
\t\t--cache-from $(DEVCONTAINER_IMAGE):cache
"""


@pytest.mark.parametrize("quiet", ["--quiet", "--silent", "-n"])
def test_devcontainer_build_builds_its_image_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quiet: str
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".devcontainer").mkdir()
    (tmp_path / ".devcontainer" / "devcontainer.json").write_text(
        '{\n  "name": "pre-built",\n  "image": "quay.io/argoproj/argo-workflows-devcontainer",\n'
        '  "forwardPorts": [9000]\n}\n'
    )
    (tmp_path / "Makefile").write_text(ARGO_MAKEFILE.format(quiet=quiet))
    monkeypatch.chdir(tmp_path)
    (found,) = find_references(".")
    assert found.text == "quay.io/argoproj/argo-workflows-devcontainer"
    assert found.built is not None
    assert (found.built.tool, found.built.path, found.built.line) == ("make", "Makefile", 4)
