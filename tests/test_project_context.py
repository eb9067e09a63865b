"""A file means what the project's real tools make of it (issue 12: "Read projects, not files").

Compose builds feed their Dockerfiles (build arguments, target, named contexts, inline
Dockerfiles); a compose file another includes is read through it; an image the project builds
is not a pull wherever it is named; and a file checked alone (as pre-commit does) is judged as in
a scan of the whole project.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tagsense import check, find_references

if TYPE_CHECKING:
    from tagsense.occurrence import Occurrence

DAY = datetime.date(2026, 11, 28)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The issue's own examples, as one project (a Git work tree: its root)."""
    (tmp_path / ".git").mkdir()
    write(
        tmp_path / "compose.yaml",
        "include:\n"
        "  - path: db/compose.yaml\n"
        "    env_file: db/versions.env\n"
        "services:\n"
        "  app:\n"
        "    build:\n"
        "      context: app\n"
        "      args:\n"
        '        PY: "3.12.8"\n'
        "      additional_contexts:\n"
        "        runtime: docker-image://debian:12.8-slim\n"
        "        assets: ./assets\n"
        "    image: ghcr.io/acme/app:dev\n"
        "  tools:\n"
        "    build:\n"
        "      dockerfile_inline: |\n"
        "        FROM alpine:3.22.2\n"
        "        RUN apk add git\n",
    )
    write(tmp_path / "db" / "versions.env", "PG_TAG=16.4\n")
    write(
        tmp_path / "db" / "compose.yaml",
        'services:\n  db:\n    image: "postgres:${PG_TAG:-latest}"\n',
    )
    write(
        tmp_path / "app" / "Dockerfile",
        "ARG PY=3.11\n"
        "FROM python:${PY}-slim\n"
        "COPY --from=runtime /etc/os-release /etc/\n"
        "COPY --from=assets / /srv/\n",
    )
    write(
        tmp_path / "k8s" / "deploy.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n"
        "    - name: app\n      image: ghcr.io/acme/app:1.0.0\n"
        "    - name: cache\n      image: redis:7.4.1\n",
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def texts(scan: object, path: str) -> list[str]:
    return [o.text for o in scan if o.path == path]  # type: ignore[attr-defined]


def test_compose_build_arguments_and_named_contexts_feed_the_dockerfile(project: Path) -> None:
    scan = find_references(".")
    assert texts(scan, os.path.join("app", "Dockerfile")) == [
        "python:3.12.8-slim",  # the compose build argument, not the Dockerfile's default
        "debian:12.8-slim",  # the named context, not an image called "runtime"
    ]
    (from_,) = [o for o in scan if o.path == os.path.join("app", "Dockerfile") and o.line == 2]
    assert from_.context["build"] == {
        "tool": "compose",
        "path": "compose.yaml",
        "line": 7,
        "name": "app",
    }


def test_an_inline_dockerfile_is_read(project: Path) -> None:
    scan = find_references(".")
    (inline,) = [o for o in scan if o.text == "alpine:3.22.2"]
    assert inline.path == "compose.yaml"
    assert inline.context["inline"] == "tools"
    assert inline.line == 17


def test_an_included_file_is_read_through_its_includer_only(project: Path) -> None:
    scan = find_references(".")
    # Through the include: its env_file gives PG_TAG; never postgres:latest from reading it alone.
    assert texts(scan, os.path.join("db", "compose.yaml")) == ["postgres:16.4"]
    alone = find_references(os.path.join("db", "compose.yaml"))
    assert [o.text for o in alone] == ["postgres:16.4"]
    assert [f.code for f in check(scan, as_of=DAY) if f.code == "TS001"] == []


# containerd/nerdctl (trimmed; Apache-2.0) examples/compose-wordpress: `nerdctl compose up`
# runs docker-compose.yaml; docker-compose.stargz.yaml, beside it, extends its services with
# other images (survey 31a: wordpress:5.7 and mariadb:10.5 were missed).
WORDPRESS = "services:\n  wordpress:\n    image: wordpress:5.7\n  db:\n    image: mariadb:10.5\n"
STARGZ = (
    "services:\n  wordpress:\n    image: ghcr.io/stargz-containers/wordpress:5.7-esgz\n"
    "    extends:\n      file: docker-compose.yaml\n      service: wordpress\n"
)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        # a variant beside its directory's default file: both are projects
        ({"docker-compose.stargz.yaml": STARGZ}, ["wordpress:5.7", "mariadb:10.5"]),
        # not the default file there: compose reads compose.yaml
        (
            {"docker-compose.stargz.yaml": STARGZ, "compose.yaml": "services: {}\n"},
            [],
        ),
        # a file of another directory that extends it: a part of that project (read through it)
        ({"../stargz/compose.yaml": STARGZ.replace("docker-compose", "../wp/docker-compose")},
         []),
    ],
)  # fmt: skip
def test_a_default_compose_file_a_variant_beside_it_extends_is_also_run_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str], expected: list[str]
) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / "wp" / "docker-compose.yaml", WORDPRESS)
    for name, text in files.items():
        write(tmp_path / "wp" / name, text)
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    assert texts(scan, os.path.join("wp", "docker-compose.yaml")) == expected
    alone = find_references(os.path.join("wp", "docker-compose.yaml"))
    assert [o.text for o in alone] == expected


def test_an_image_the_project_builds_is_not_a_pull_where_a_manifest_names_it(
    project: Path,
) -> None:
    scan = find_references(".")
    manifest = {o.text: o for o in scan if o.kind == "kubernetes"}
    built = manifest["ghcr.io/acme/app:1.0.0"].built
    assert built is not None and (built.tool, built.path) == ("compose", "compose.yaml")
    assert manifest["redis:7.4.1"].built is None
    codes = {(f.path, f.code) for f in check(scan, as_of=DAY)}
    assert not any(path == os.path.join("k8s", "deploy.yaml") for path, _ in codes)


def _key(occurrence: Occurrence) -> tuple[object, ...]:
    return (
        occurrence.path,
        occurrence.line,
        occurrence.column,
        occurrence.text,
        occurrence.built,
        dict(occurrence.context),
    )


def test_one_file_alone_means_what_it_means_in_the_whole_project(project: Path) -> None:
    whole = find_references(".")
    files = sorted({o.path for o in whole if o.path is not None})
    assert len(files) == 4
    for file in files:
        alone = find_references(file)
        # (a compose file alone also brings what it includes: compose reads it too)
        assert [_key(o) for o in alone if o.path == file] == [
            _key(o) for o in whole if o.path == file
        ], file

    # The same, from another working directory (paths as named).
    def site(o: Occurrence) -> tuple[object, ...] | None:
        return None if o.built is None else (o.built.tool, o.built.line)

    for file in files:
        absolute = os.path.join(str(project), file)
        alone = find_references(absolute)
        assert [(o.line, o.text, site(o)) for o in alone if o.path == absolute] == [
            (o.line, o.text, site(o)) for o in whole if o.path == file
        ]


def test_a_file_reached_through_a_symbolic_link_means_what_it_means_at_its_real_path(
    project: Path,
) -> None:
    # The context is found from the real directories (a link is followed once, not assumed
    # away), and a file reached through a link is still named as the user named it.
    os.symlink(project / "app", project / "linked")
    os.symlink(project, project.parent / (project.name + "-link"))
    real = [(o.line, o.text) for o in find_references("app/Dockerfile")]
    assert (2, "python:3.12.8-slim") in real
    assert [(o.line, o.text) for o in find_references("linked/Dockerfile")] == real
    outside = os.path.join("..", project.name + "-link", "app", "Dockerfile")
    found = find_references(outside)
    assert [(o.line, o.text) for o in found] == real
    assert {o.path for o in found} == {outside}


def test_a_dockerfile_two_builds_read_is_reported_once_per_distinct_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        tmp_path / "compose.yaml",
        "services:\n"
        "  a:\n    build:\n      context: .\n      args: {BASE: 'python:3.12.8'}\n"
        "  b:\n    build:\n      context: .\n      args: {BASE: 'python:3.13.1'}\n"
        "  c:\n    build:\n      context: .\n      args: {BASE: 'python:3.13.1'}\n",
    )
    write(tmp_path / "Dockerfile", "ARG BASE\nFROM ${BASE}\n")
    monkeypatch.chdir(tmp_path)
    scan = find_references("Dockerfile")
    assert sorted(o.text for o in scan) == ["python:3.12.8", "python:3.13.1"]
    assert check(scan, as_of=DAY) == []
    # Alone, without the compose file: an argument declared without a default is one the
    # build gives, and no build here does: unresolved (TS011), not BuildKit's error for a
    # build without it (netbox-docker's build.sh passes it through a bash array).
    (tmp_path / "compose.yaml").unlink()
    alone = find_references("Dockerfile")
    assert [(f.code, f.line) for f in check(alone, as_of=DAY)] == [("TS011", 2)]
    assert [o.unresolved for o in alone] == [("BASE",)]
    assert alone.errors == ()
    # A build that gives no value is such a build: BuildKit's error is the one report.
    write(tmp_path / "compose.yaml", "services:\n  a:\n    build: .\n")
    from tagsense.sources.context import forget

    forget()
    built = find_references("Dockerfile")
    assert check(built, as_of=DAY) == []
    assert [e.message for e in built.errors] == ["base name (${BASE}) should not be blank"]


def test_the_build_target_decides_what_is_pulled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        tmp_path / "compose.yaml",
        "services:\n  app:\n    build:\n      context: .\n      target: prod\n",
    )
    write(
        tmp_path / "Dockerfile",
        "FROM node:22.12.0 AS dev\nFROM nginx:1.27.3 AS prod\nFROM busybox:1.37.0 AS debug\n",
    )
    monkeypatch.chdir(tmp_path)
    pulled = {o.text: o.context["pulled"] for o in find_references("Dockerfile")}
    assert pulled == {"node:22.12.0": False, "nginx:1.27.3": True, "busybox:1.37.0": False}


def test_a_stage_one_build_skips_is_read_as_the_build_that_reaches_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # hyperdxio/hyperdx's Makefile: build-all-in-one gives `--build-context clickhouse=…`
    # and builds the stage that copies from it; build-app builds `--target prod` without it.
    write(
        tmp_path / "Makefile",
        "all-in-one:\n"
        "\tdocker build . --build-context clickhouse=./ch -t acme/all --target all-in-one\n"
        "app:\n"
        "\tdocker build . -t acme/app --target prod\n",
    )
    (tmp_path / "ch").mkdir()
    write(
        tmp_path / "Dockerfile",
        "FROM nginx:1.27.3 AS prod\n"
        "FROM redis:7.4.1 AS all-in-one\n"
        "COPY --from=clickhouse /x /y\n"
        "FROM busybox AS debug\n",
    )
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    found = {(o.text, o.context["pulled"]) for o in scan if o.path == "Dockerfile"}
    # (no `clickhouse:latest` as build-app would read it; no build reaches `debug`: still read)
    assert found == {("nginx:1.27.3", True), ("redis:7.4.1", True), ("busybox", False)}
    assert [f.reference for f in check(scan, as_of=DAY)] == ["busybox"]


def test_a_build_given_values_only_its_user_s_env_file_has(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # pixelfed/pixelfed's compose.yml (trimmed): every value comes from the .env its user
    # copies from .env.docker; without it the image is unresolved, not the Dockerfile's
    # default with the arguments emptied, and neither the `${X:?error}` nor a target made of
    # a variable is an error here (compose's errors are for a run without the .env)
    write(
        tmp_path / "compose.yaml",
        "services:\n  web:\n    build:\n      context: .\n"
        "      target: ${DOCKER_APP_RUNTIME}-runtime\n      args:\n"
        '        PHP_VERSION: "${DOCKER_APP_PHP_VERSION:?error}"\n'
        '        PHP_BASE_TYPE: "${DOCKER_APP_BASE_TYPE}"\n'
        '        EXTRA: "${DOCKER_APP_EXTRA:-}"\n',
    )
    write(
        tmp_path / "Dockerfile",
        "ARG PHP_VERSION=8.1\nARG PHP_BASE_TYPE=apache\n"
        "FROM php:${PHP_VERSION}-${PHP_BASE_TYPE}-bookworm AS base\n"
        "FROM base AS apache-runtime\nFROM base AS fpm-runtime\n",
    )
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    assert not scan.errors
    (base,) = [o for o in scan if o.kind == "from" and o.context["stage"] == "base"]
    assert base.reference is None
    assert set(base.unresolved) == {"DOCKER_APP_PHP_VERSION", "DOCKER_APP_BASE_TYPE"}
    (finding,) = check(scan, as_of=DAY)
    assert finding.code == "TS011"
    assert "the compose build at compose.yaml:4 passes from variables" in finding.message
    # with the user's .env, the values are the build's
    write(tmp_path / ".env", "DOCKER_APP_PHP_VERSION=8.3\nDOCKER_APP_BASE_TYPE=fpm\n"
          "DOCKER_APP_RUNTIME=fpm\n")  # fmt: skip
    scan = find_references(".")
    assert [o.text for o in scan if o.kind == "from" and o.reference is not None] == [
        "php:8.3-fpm-bookworm"
    ]


def test_a_service_named_context_is_the_image_that_service_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        tmp_path / "compose.yaml",
        "services:\n"
        "  base:\n    build: ./base\n    image: acme/base:local\n"
        "  app:\n    build:\n      context: ./app\n"
        "      additional_contexts:\n        base: service:base\n",
    )
    write(tmp_path / "base" / "Dockerfile", "FROM debian:13.2\n")
    write(tmp_path / "app" / "Dockerfile", "FROM base\n")
    monkeypatch.chdir(tmp_path)
    (occurrence,) = find_references(os.path.join("app", "Dockerfile"))
    assert occurrence.text == "acme/base:local"
    assert occurrence.built is not None and occurrence.built.tool == "compose"
    assert check([occurrence], as_of=DAY) == []


# --- a Dockerfile a build names is read, whatever its name (issue 12, field survey) ----------


def _files_scanned(path: str) -> int:
    from tagsense import scan_paths

    counts: list[int] = []
    scan_paths([path], progress=lambda done, total: counts.append(total))
    return counts[-1]


def test_a_dockerfile_a_compose_build_names_is_read_whatever_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    write(
        tmp_path / "compose.yaml",
        "services:\n"
        "  app:\n    build: {context: ., dockerfile: app.df, args: {V: '3.22.2'}}\n"
        "  worker:\n    build: {context: ., dockerfile: app.df, args: {V: '3.22.2'}}\n"
        "  base:\n    build: {context: ., dockerfile: base.dockerfile}\n",
    )
    write(tmp_path / "app.df", "ARG V=3.19\nFROM alpine:${V}\n")
    write(tmp_path / "base.dockerfile", "FROM alpine\n")
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    # Read with its build's arguments (not its own default), once though two services build it.
    assert sorted((o.path, o.text) for o in scan) == [
        ("app.df", "alpine:3.22.2"),
        ("base.dockerfile", "alpine"),
    ]
    (app,) = [o for o in scan if o.path == "app.df"]
    assert app.context["build"]["name"] == "app"
    assert _files_scanned(".") == 3
    assert {(f.path, f.code) for f in check(scan, as_of=DAY)} == {("base.dockerfile", "TS002")}
    # A file named alone brings no other file (pre-commit names what changed).
    assert list(find_references("compose.yaml")) == []


def test_a_dockerfile_a_bake_skaffold_or_tilt_build_names_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    write(
        tmp_path / "docker-bake.hcl",
        'target "api" {\n  dockerfile = "api.dockerfile.txt"\n  tags = ["acme/api:1.0.0"]\n}\n',
    )
    write(tmp_path / "api.dockerfile.txt", "FROM golang:1.23.4\n")
    write(
        tmp_path / "skaffold.yaml",
        "apiVersion: skaffold/v4beta11\nkind: Config\nbuild:\n  artifacts:\n"
        "    - image: acme/web\n      context: web\n      docker: {dockerfile: build.df}\n",
    )
    write(tmp_path / "web" / "build.df", "FROM node:22.12.0\n")
    write(
        tmp_path / "Tiltfile",
        "docker_build('acme/tool', 'tool', dockerfile='tool/Containerfile.txt')\n",
    )
    write(tmp_path / "tool" / "Containerfile.txt", "FROM rust:1.83.0\n")
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    assert sorted((o.path, o.text, o.context["build"]["tool"]) for o in scan) == [
        ("api.dockerfile.txt", "golang:1.23.4", "bake"),
        (os.path.join("tool", "Containerfile.txt"), "rust:1.83.0", "tilt"),
        (os.path.join("web", "build.df"), "node:22.12.0", "skaffold"),
    ]


def test_a_dockerfile_a_workflow_s_build_push_action_names_by_file_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # jetify-com/devbox's docker-image-release.yml (trimmed): build-push-action's key is
    # `file`, and nothing in the workflow spells "dockerfile"
    write(
        tmp_path / ".github" / "workflows" / "release.yml",
        "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - uses: docker/build-push-action@v7\n        with:\n"
        "          context: ./tmpl/\n          file: ./tmpl/ImageRootUser\n"
        "          push: true\n          tags: acme/devbox-root-user:latest\n",
    )
    write(tmp_path / "tmpl" / "ImageRootUser", "FROM debian:13.2-slim\n")
    monkeypatch.chdir(tmp_path)
    assert [(o.path, o.text) for o in find_references(".")] == [
        (os.path.join("tmpl", "ImageRootUser"), "debian:13.2-slim")
    ]


def test_a_dockerfile_a_compose_file_of_another_name_builds_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # herlesupreeth/docker_open5gs's oaignb.yaml (`docker compose -f oaignb.yaml up`): a
    # compose file by its shape, not its name, builds oai/gnb_dockerfile (survey s42c)
    write(tmp_path / "oaignb.yaml", "services:\n  gnb:\n    build:\n      context: oai\n"
          "      dockerfile: gnb_dockerfile\n    image: docker_oai_gnb\n")  # fmt: skip
    write(tmp_path / "oai" / "gnb_dockerfile", "FROM ubuntu:24.04\n")
    # (a manifest that says "dockerfile" and "services" is no compose file)
    write(tmp_path / "cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"
          "data: {services: a, dockerfile: other.df}\n")  # fmt: skip
    write(tmp_path / "other.df", "FROM alpine:3.22.2\n")
    monkeypatch.chdir(tmp_path)
    assert sorted((o.path, o.text) for o in find_references(".")) == [
        (os.path.join("oai", "gnb_dockerfile"), "ubuntu:24.04"),
        ("oaignb.yaml", "docker_oai_gnb"),
    ]


def test_a_named_dockerfile_outside_the_scanned_directory_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "app" / "compose.yaml", "services:\n  a:\n    build:\n"
          "      context: ..\n      dockerfile: docker/a.df\n")  # fmt: skip
    write(tmp_path / "docker" / "a.df", "FROM alpine:3.22.2\n")
    monkeypatch.chdir(tmp_path)
    assert list(find_references("app")) == []
    assert [o.path for o in find_references(".")] == [os.path.join("docker", "a.df")]


def test_a_compose_file_whose_name_says_no_yaml_that_a_command_runs_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # quay/quay's Makefile runs `$(DOCKER_COMPOSE) -f docker-compose.static up`: `-f` takes
    # a file of any name, so its services are pulled (survey s51b)
    write(tmp_path / "Makefile", "DOCKER ?= docker\nDOCKER_COMPOSE ?= $(DOCKER) compose\n"
          "up:\n\t$(DOCKER_COMPOSE) -f docker-compose.static up -d db\n")  # fmt: skip
    write(tmp_path / "docker-compose.static", "services:\n  db:\n    image: postgres:12.1\n")
    write(tmp_path / "ci" / "run.sh", "#!/bin/sh\ndocker compose --file=ci/stack.dev up\n")
    write(tmp_path / "ci" / "stack.dev", "services:\n  cache:\n    image: redis:7.4.2\n")
    # (a file no command runs, and one that is no compose file, are not read)
    write(tmp_path / "docker-compose.example", "services:\n  x:\n    image: nginx:1.29.3\n")
    write(tmp_path / "deploy.sh", "docker-compose -f notes.txt up\n")
    write(tmp_path / "notes.txt", "services: none\nimage: busybox:1.37.0\n")
    monkeypatch.chdir(tmp_path)
    assert sorted((o.path, o.text) for o in find_references(".")) == [
        (os.path.join("ci", "stack.dev"), "redis:7.4.2"),
        ("docker-compose.static", "postgres:12.1"),
    ]
    # (named alone, a Makefile brings no other file: pre-commit names what changed)
    assert [o.path for o in find_references("Makefile")] == []


def test_a_dockerfile_of_another_name_a_script_run_by_ci_builds_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # budtmo/docker-android: the release workflow runs `./app.sh push base`, whose build
    # puts `-f docker/${p}` in its command's words (`cmd+=...; ${cmd}`); docker/base is
    # read as that build's Dockerfile, and the images the script builds are not pulls
    # (survey s58c)
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".github" / "workflows" / "release.yml",
          "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n"
          "      - uses: actions/checkout@v4\n"
          "      - run: ./app.sh push base 2.0\n"
          "      - run: bash ci/all.sh\n")  # fmt: skip
    write(tmp_path / "app.sh", '#!/bin/bash\np=$2\n'
          'cmd="docker build -t acme/android:${p}_$3 --build-arg V=$3 "\n'
          'cmd+="-f docker/${p} ."\n${cmd}\n')  # fmt: skip
    write(tmp_path / "docker" / "base", "FROM appium/appium:v3.5.2-p0\n")
    # (a script the workflow runs through another script, a few levels down)
    write(tmp_path / "ci" / "all.sh", "#!/bin/sh\n./tools/mk\n")
    write(tmp_path / "tools" / "mk", "#!/bin/sh\ndocker build -f tools/image.txt tools\n")
    (tmp_path / "tools" / "mk").chmod(0o755)
    write(tmp_path / "tools" / "image.txt", "FROM alpine:3.22.2\n")
    # (and one a Makefile's recipe runs)
    write(tmp_path / "Makefile", "image:\n\tscripts/image.sh\n")
    write(tmp_path / "scripts" / "image.sh", "#!/bin/sh\ndocker build -f images/ci.img .\n")
    write(tmp_path / "images" / "ci.img", "FROM debian:13.2-slim\n")
    # (a file no build names is not read)
    write(tmp_path / "docker" / "unused", "FROM busybox:1.37.0\n")
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    assert sorted((o.path, o.text, o.built is None) for o in scan) == [
        (os.path.join("docker", "base"), "appium/appium:v3.5.2-p0", True),
        (os.path.join("images", "ci.img"), "debian:13.2-slim", True),
        (os.path.join("tools", "image.txt"), "alpine:3.22.2", True),
    ]
    (base,) = [o for o in scan if o.path == os.path.join("docker", "base")]
    assert base.context["build"]["path"] == "app.sh"


# --- a build's own output is not its input (issue 12, field survey: M7) ----------------------


def test_a_build_whose_output_has_its_base_name_pulls_the_base(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    write(
        tmp_path / "compose.yaml",
        "services:\n  grafana:\n    image: grafana/grafana:latest\n    build: ./g\n",
    )
    write(tmp_path / "g" / "Dockerfile", "FROM grafana/grafana:latest\nRUN grafana-cli plugins\n")
    monkeypatch.chdir(tmp_path)
    dockerfile = os.path.join("g", "Dockerfile")
    for scan in (find_references("."), find_references(dockerfile)):
        (from_,) = [o for o in scan if o.path == dockerfile]
        assert from_.built is None  # BuildKit pulls it from the registry
        assert [(f.path, f.line, f.code) for f in check(scan, as_of=DAY)] == [
            (dockerfile, 1, "TS001")
        ]


def test_a_skaffold_or_tilt_build_of_its_base_s_name_pulls_the_base(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    write(
        tmp_path / "skaffold.yaml",
        "apiVersion: skaffold/v4beta11\nkind: Config\nbuild:\n  artifacts:\n"
        "    - image: nginx\n      context: web\n",
    )
    write(tmp_path / "web" / "Dockerfile", "FROM nginx:1.27.3\n")
    write(tmp_path / "Tiltfile", "docker_build('acme/tool', 'tool')\n")
    write(tmp_path / "tool" / "Dockerfile", "FROM acme/tool:base\n")
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    assert sorted((o.text, o.built) for o in scan) == [
        ("acme/tool:base", None),
        ("nginx:1.27.3", None),
    ]


def test_a_name_another_build_makes_is_still_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    write(
        tmp_path / "compose.yaml",
        "services:\n"
        "  base:\n    image: acme/base:latest\n    build: ./base\n"
        "  app:\n    image: acme/app:latest\n    build: ./app\n",
    )
    write(tmp_path / "base" / "Dockerfile", "FROM debian:13.2\n")
    write(tmp_path / "app" / "Dockerfile", "FROM acme/base:latest\n")
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    (from_,) = [o for o in scan if o.path == os.path.join("app", "Dockerfile")]
    assert from_.built is not None and from_.built.line == 4  # service base's build
    assert check(scan, as_of=DAY) == []


def test_a_makefile_beside_builds_the_family_s_base(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # strimzi/strimzi-kafka-operator: docker-images/base/Makefile (through an included
    # Makefile.docker) builds strimzi/base:latest; docker-images/operator/Dockerfile and
    # docker-images/kafka-based/kafka/Dockerfile start FROM it. A directory beside the file's,
    # or beside the one above it, is read for its Makefiles and scripts; alone or in a scan.
    (tmp_path / ".git").mkdir()
    images = tmp_path / "docker-images"
    write(images / "Makefile.docker", "build:\n\tdocker build -t acme/$(PROJECT_NAME):latest .\n")
    write(images / "base" / "Makefile", "PROJECT_NAME=base\ninclude ../Makefile.docker\n")
    write(images / "base" / "Dockerfile", "FROM alpine:3.22.2\n")
    write(images / "operator" / "Dockerfile", "FROM acme/base:latest\n")
    write(images / "kafka-based" / "kafka" / "Dockerfile", "FROM acme/base:latest\n")
    write(tmp_path / "other" / "deep" / "er" / "Dockerfile", "FROM acme/base:latest\n")
    monkeypatch.chdir(tmp_path)
    built = {o.path: o.built is not None for o in find_references(".") if "acme" in o.text}
    assert built == {
        os.path.join("docker-images", "operator", "Dockerfile"): True,
        os.path.join("docker-images", "kafka-based", "kafka", "Dockerfile"): True,
        # (three levels away, under another root directory: not the family)
        os.path.join("other", "deep", "er", "Dockerfile"): False,
    }
    from tagsense.sources.context import forget

    forget()
    (alone,) = find_references(os.path.join("docker-images", "operator", "Dockerfile"))
    assert alone.built is not None


def test_a_makefile_run_with_make_f_builds_what_its_compose_file_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # seaweedfs/seaweedfs (Apache-2.0) test/s3/iam/: `make -f Makefile.docker docker-build`
    # (its README-Docker.md) builds the local/seaweedfs:latest its docker-compose.yml runs (4
    # false TS001 before, survey 31e). A Makefile.am or a cargo-make Makefile.toml is no such
    # Makefile.
    (tmp_path / ".git").mkdir()
    iam = tmp_path / "test" / "s3" / "iam"
    write(
        iam / "Makefile.docker",
        "docker-build: ## Build local SeaweedFS image for testing\n"
        "\t@cd ../../.. && docker build -f docker/Dockerfile.local -t local/seaweedfs:latest"
        " .docker-build/\n",
    )
    write(iam / "Makefile.am", "all:\n\tdocker build -t acme/am:latest .\n")
    write(
        iam / "docker-compose.yml",
        "services:\n  master:\n    image: local/seaweedfs:latest\n"
        "  other:\n    image: acme/am:latest\n",
    )
    monkeypatch.chdir(tmp_path)
    built = {o.text: o.built is not None for o in find_references(".")}
    assert built == {"local/seaweedfs:latest": True, "acme/am:latest": False}


def test_a_build_whose_image_name_a_run_gives_builds_only_its_directories_images(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # grafana/tempo's Makefile: `docker build -t grafana/$(COMPONENT) -f
    # ./cmd/$(COMPONENT)/Dockerfile .`, run with COMPONENT=tempo, tempo-vulture, …; its
    # example compose files pull grafana/grafana and grafana/alloy, which it builds nowhere.
    (tmp_path / ".git").mkdir()
    # (kubeedge's image.sh lists its images, edgecore's Dockerfile in build/edge/)
    write(
        tmp_path / "Makefile",
        "IMAGES := edgecore:build/edge/Dockerfile\n"
        "docker-component:\n"
        "\tdocker build -t grafana/$(COMPONENT) -f ./cmd/$(COMPONENT)/Dockerfile .\n",
    )
    write(tmp_path / "cmd" / "tempo" / "Dockerfile", "FROM alpine:3.22.2\n")
    # (VictoriaMetrics: app/vmagent/deployment/Dockerfile builds victoriametrics/vmagent)
    write(tmp_path / "app" / "agent" / "deployment" / "Dockerfile", "FROM alpine:3.22.2\n")
    write(
        tmp_path / "example" / "compose.yaml",
        "services:\n"
        "  tempo:\n    image: grafana/tempo:latest\n"
        "  agent:\n    image: grafana/agent:latest\n"
        "  edgecore:\n    image: grafana/edgecore:latest\n"
        "  grafana:\n    image: grafana/grafana:latest\n",
    )
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    built = {o.text: o.built is not None for o in scan if o.kind == "compose"}
    assert built == {
        "grafana/tempo:latest": True,
        "grafana/agent:latest": True,
        "grafana/edgecore:latest": True,
        "grafana/grafana:latest": False,
    }
    assert [f.reference for f in check(scan, as_of=DAY)] == ["grafana/grafana:latest"]


def test_a_base_whose_only_unset_part_is_its_tag_is_built_where_the_project_builds_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # openziti's dist/docker-images/build-images.bash builds ziti-cli:${ZITI_VERSION}, then
    # ziti-controller/Dockerfile with ZITI_CLI_IMAGE=ziti-cli, ZITI_CLI_TAG="${ZITI_VERSION}"
    (tmp_path / ".git").mkdir()
    write(
        tmp_path / "build-images.bash",
        "#!/usr/bin/env bash\n"
        'cd "$(dirname "$0")"\n'
        'VERSION="$(git describe --tags --always)"\n'
        'docker build --tag "acme-cli:${VERSION}" --file ./cli/Dockerfile .\n'
        'docker build --build-arg CLI_IMAGE="acme-cli" --build-arg CLI_TAG="${VERSION}" \\\n'
        '  --tag "acme-ctrl:${VERSION}" --file ./ctrl/Dockerfile .\n'
        'docker build --build-arg CLI_IMAGE="acme/other" --build-arg CLI_TAG="${VERSION}" \\\n'
        '  --tag "acme-tool:${VERSION}" --file ./ctrl/Dockerfile .\n',
    )
    write(tmp_path / "cli" / "Dockerfile", "FROM alpine:3.22.2\n")
    write(
        tmp_path / "ctrl" / "Dockerfile",
        'ARG CLI_TAG="1.2.3"\nARG CLI_IMAGE="docker.io/acme/cli"\nFROM ${CLI_IMAGE}:${CLI_TAG}\n',
    )
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    froms = {
        (o.text, o.built is not None) for o in scan if o.path == os.path.join("ctrl", "Dockerfile")
    }
    # (another repository with a tag a run gives is still a run's: TS011)
    assert froms == {("acme-cli:", True), ("acme/other:", False)}
    assert [f.code for f in check(scan, as_of=DAY)] == ["TS011"]


def test_a_job_container_whose_only_unset_part_is_an_expression_tag_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ros-navigation/navigation2's .github/workflows/update_ci_image.yaml (trimmed): a job runs
    # in ghcr.io/${{ github.repository }}:${{ github.ref_name }}, which the next job builds
    write(tmp_path / ".git" / "config", '[remote "origin"]\n\turl = https://github.com/acme/nav\n')
    write(tmp_path / "Dockerfile", "FROM ros:rolling-ros-base-noble\n")
    write(
        tmp_path / ".github" / "workflows" / "ci-image.yaml",
        "on: push\njobs:\n  check:\n    runs-on: ubuntu-latest\n"
        "    container:\n      image: ghcr.io/${{ github.repository }}:${{ github.ref_name }}\n"
        "    steps:\n      - run: apt-get update\n"
        "  other:\n    runs-on: ubuntu-latest\n"
        "    container:\n      image: ghcr.io/acme/other:${{ github.ref_name }}\n"
        "    steps:\n      - run: apt-get update\n"
        "  rebuild:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: docker/build-push-action@v6\n        with:\n          context: .\n"
        "          push: true\n          tags: ghcr.io/acme/nav:${{ github.ref_name }}\n",
    )
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    containers = {(o.raw, o.built is not None) for o in scan if o.kind == "ci"}
    assert containers == {
        ("ghcr.io/${{ github.repository }}:${{ github.ref_name }}", True),
        ("ghcr.io/acme/other:${{ github.ref_name }}", False),  # (no build: a run's, TS011)
    }


def test_a_base_whose_unset_tag_has_a_known_start_is_built_where_the_project_builds_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SeleniumHQ/docker-selenium's Makefile (trimmed): TAG_VERSION is the version and a
    # run's date; Standalone/Dockerfile is `FROM ${NAMESPACE}/${BASE}:${VERSION}`
    (tmp_path / ".git").mkdir()
    write(
        tmp_path / "Makefile",
        "NAME := selenium\nVERSION := 4.25.0\nBUILD_DATE := $(shell date '+%Y%m%d')\n"
        "TAG_VERSION := $(VERSION)-$(BUILD_DATE)\n"
        "FROM_IMAGE_ARGS := --build-arg NAMESPACE=$(NAME) --build-arg VERSION=$(TAG_VERSION)\n"
        "chrome:\n\tcd ./NodeChrome && docker build -t $(NAME)/node-chrome:$(TAG_VERSION) .\n"
        "standalone_chrome: chrome\n\tcd ./Standalone && docker build $(FROM_IMAGE_ARGS) "
        "--build-arg BASE=node-chrome -t $(NAME)/standalone-chrome:$(TAG_VERSION) .\n"
        "standalone_other:\n\tcd ./Standalone && docker build $(FROM_IMAGE_ARGS) "
        "--build-arg BASE=node-other -t $(NAME)/standalone-other:$(TAG_VERSION) .\n",
    )
    write(tmp_path / "NodeChrome" / "Dockerfile", "FROM alpine:3.22.2\n")
    write(
        tmp_path / "Standalone" / "Dockerfile",
        "ARG NAMESPACE\nARG VERSION\nARG BASE\nFROM ${NAMESPACE}/${BASE}:${VERSION}\n",
    )
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    froms = {
        (o.text, o.built is not None)
        for o in scan
        if o.path == os.path.join("Standalone", "Dockerfile")
    }
    # (one the project does not build is still a run's: TS011)
    assert froms == {("selenium/node-chrome:4.25.0-", True), ("selenium/node-other:4.25.0-", False)}
    assert [f.code for f in check(scan, as_of=DAY)] == ["TS011"]


def test_the_ghcr_package_a_built_dockerfile_labels_as_its_source_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # docker-mailserver: its Dockerfile says `LABEL org.opencontainers.image.source=
    # "https://github.com/docker-mailserver/docker-mailserver"` (GitHub's link of a package
    # to its repository), its workflow pushes to names its secrets give, and its compose
    # files and setup.sh run ghcr.io/docker-mailserver/docker-mailserver:latest.
    (tmp_path / ".git").mkdir()
    write(tmp_path / "Makefile", "build:\n\tdocker build -t mailserver-testing:ci .\n")
    write(
        tmp_path / "Dockerfile",
        "FROM debian:13.2-slim\n"
        'LABEL org.opencontainers.image.title="docker-mailserver"\n'
        'LABEL org.opencontainers.image.source="https://github.com/Acme/Mail-Server"\n',
    )
    # (a Dockerfile nothing builds says nothing of the project's packages)
    write(
        tmp_path / "contrib" / "Dockerfile",
        "FROM alpine:3.22.2\nLABEL org.opencontainers.image.source=https://github.com/acme/tool\n",
    )
    write(
        tmp_path / "compose.yaml",
        "services:\n"
        "  mail:\n    image: ghcr.io/acme/mail-server:latest\n"
        "  tool:\n    image: ghcr.io/acme/tool:latest\n"
        "  other:\n    image: ghcr.io/acme/mail-server-ui:latest\n",
    )
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    built = {o.text: o.built for o in scan if o.kind == "compose"}
    site = built["ghcr.io/acme/mail-server:latest"]
    assert site is not None and (site.tool, site.line) == ("label", 3)
    assert built["ghcr.io/acme/tool:latest"] is None
    assert built["ghcr.io/acme/mail-server-ui:latest"] is None
    assert sorted(f.reference for f in check(scan, as_of=DAY)) == [
        "ghcr.io/acme/mail-server-ui:latest",
        "ghcr.io/acme/tool:latest",
    ]


def test_a_build_over_its_official_base_s_name_is_built_only_in_its_own_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # grafana/loki's Makefile: `build-image` tags ./loki-build-image, which starts FROM
    # golang:$(GO_VERSION), as that same `golang:$(GO_VERSION)`; cmd/loki/Dockerfile still
    # starts FROM golang, pulled from Docker Hub, where only Docker publishes official images.
    # A family of official images built one from another (osrf/docker_images' gazebo tags)
    # is still built wherever it is named.
    (tmp_path / ".git").mkdir()
    write(
        tmp_path / "Makefile",
        "GO_VERSION := 1.26.6\n"
        "build-image:\n\tdocker build -t golang:$(GO_VERSION) "
        "--build-arg GO_VERSION=$(GO_VERSION) ./loki-build-image\n"
        "check:\n\tdocker run --rm golang:$(GO_VERSION) go vet ./...\n"
        "gazebo:\n\tdocker build -t gazebo:gzserver11 ./gzserver11\n"
        "\tdocker build -t gazebo:libgazebo11 ./libgazebo11\n",
    )
    write(
        tmp_path / "loki-build-image" / "Dockerfile",
        "ARG GO_VERSION=latest\nFROM golang:${GO_VERSION}\n",
    )
    write(tmp_path / "cmd" / "loki" / "Dockerfile", "FROM golang:1.26.6\n")
    write(tmp_path / "gzserver11" / "Dockerfile", "FROM ubuntu:24.04\n")
    write(tmp_path / "libgazebo11" / "Dockerfile", "FROM gazebo:gzserver11\n")
    monkeypatch.chdir(tmp_path)
    built = {(o.path, o.text): o.built is not None for o in find_references(".")}
    assert built == {
        ("Makefile", "golang:1.26.6"): True,
        (os.path.join("loki-build-image", "Dockerfile"), "golang:1.26.6"): False,
        (os.path.join("cmd", "loki", "Dockerfile"), "golang:1.26.6"): False,
        (os.path.join("gzserver11", "Dockerfile"), "ubuntu:24.04"): False,
        (os.path.join("libgazebo11", "Dockerfile"), "gazebo:gzserver11"): True,
    }


def test_a_build_over_another_publisher_s_name_is_built_only_in_its_own_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # debezium-examples' kstreams builds quay.io/debezium/connect:${DEBEZIUM_VERSION} FROM
    # that image (a connector added) for its own compose project; tutorial's compose file,
    # camel-kafka-connect's Dockerfile and the operator manifests pull the published image
    # (11 pulls were taken for the project's build, survey 26a).
    (tmp_path / ".git").mkdir()
    write(
        tmp_path / "kstreams" / "compose.yaml",
        "services:\n  connect:\n    image: quay.io/debezium/connect:3.5\n"
        "    build:\n      context: mongodb\n",
    )
    write(tmp_path / "kstreams" / "mongodb" / "Dockerfile", "FROM quay.io/debezium/connect:3.5\n")
    write(
        tmp_path / "tutorial" / "compose.yaml",
        "services:\n  connect:\n    image: quay.io/debezium/connect:3.5\n",
    )
    write(tmp_path / "camel" / "Dockerfile", "FROM quay.io/debezium/connect:2.1\n")
    monkeypatch.chdir(tmp_path)
    built = {o.path: o.built is not None for o in find_references(".")}
    assert built == {
        os.path.join("kstreams", "compose.yaml"): True,
        os.path.join("kstreams", "mongodb", "Dockerfile"): False,
        os.path.join("tutorial", "compose.yaml"): False,
        os.path.join("camel", "Dockerfile"): False,
    }


def test_a_script_beside_any_directory_above_builds_the_suite_s_image(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # argo-cd: test/e2e/multiarch-container/build.sh builds and pushes
    # quay.io/argoprojlabs/argocd-e2e-container:0.2, which test/e2e/testdata/guestbook/ and
    # test/e2e/testdata/progressive-sync/multiple-apps-in-step/dev/build/ deploy alike.
    (tmp_path / ".git").mkdir()
    e2e = tmp_path / "test" / "e2e"
    write(e2e / "multiarch-container" / "build.sh",
          "docker buildx build -t quay.io/acme/e2e-container:0.2 --push .\n")  # fmt: skip
    pod = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: {}\n"
    image = "quay.io/acme/e2e-container:0.2"
    write(e2e / "testdata" / "guestbook" / "pod.yaml", pod.format(image))
    deep = e2e / "testdata" / "progressive-sync" / "many" / "dev" / "build"
    write(deep / "pod.yaml", pod.format(image))
    write(tmp_path / "examples" / "guestbook" / "pod.yaml", pod.format(image))
    monkeypatch.chdir(tmp_path)
    built = {o.path: o.built is not None for o in find_references(".") if "acme" in o.text}
    assert built == {
        os.path.join("test", "e2e", "testdata", "guestbook", "pod.yaml"): True,
        os.path.relpath(deep / "pod.yaml", tmp_path): True,
        # (under another directory of the root: the suite's build is not its family's)
        os.path.join("examples", "guestbook", "pod.yaml"): False,
    }
    assert [f.path for f in check(find_references("."), as_of=DAY)] == [
        os.path.join("examples", "guestbook", "pod.yaml")
    ]


def test_a_script_one_level_into_a_directory_beside_tags_for_a_local_registry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # cloudnative-pg/cloudnative-pg: hack/testing-tools/common/20-utils-k8s.sh pulls fluentd,
    # tags it "${registry_name}:5000/fluentd-kubernetes-daemonset:local" (the host is set in
    # 40-utils-registry.sh, which the scripts that call it source) and loads it into the
    # cluster; hack/e2e/local-fluentd.yaml runs registry.dev:5000/…:local.
    (tmp_path / ".git").mkdir()
    write(
        tmp_path / "hack" / "testing-tools" / "common" / "20-utils-k8s.sh",
        "deploy_fluentd() {\n"
        '  local LOCAL_IMAGE="${registry_name}:5000/fluentd-kubernetes-daemonset:local"\n'
        "  docker pull fluent/fluentd-kubernetes-daemonset:v1.14.3-debian-forward-1.0\n"
        "  docker tag fluent/fluentd-kubernetes-daemonset:v1.14.3-debian-forward-1.0"
        ' "${LOCAL_IMAGE}"\n'
        "}\n",
    )
    pod = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: {}\n"
    write(
        tmp_path / "hack" / "e2e" / "local-fluentd.yaml",
        pod.format("registry.dev:5000/fluentd-kubernetes-daemonset:local"),
    )
    write(tmp_path / "hack" / "e2e" / "other.yaml", pod.format("registry.dev:5000/other:local"))
    monkeypatch.chdir(tmp_path)
    assert [(f.path, f.code) for f in check(find_references("."), as_of=DAY)] == [
        (os.path.join("hack", "e2e", "other.yaml"), "TS003")  # (no script tags it)
    ]
    from tagsense.sources.context import forget

    forget()
    (alone,) = find_references(os.path.join("hack", "e2e", "local-fluentd.yaml"))
    assert alone.built is not None


def test_a_script_below_the_dockerfile_s_directory_builds_it_with_its_arguments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # confluentinc/examples: multiregion/scripts/build_docker_image.sh sources
    # multiregion/.env and runs `docker build --build-arg REPOSITORY=… --build-arg IMAGE=…
    # --build-arg CP_VERSION=… -f ${DIR}/../Dockerfile`; multiregion/Dockerfile starts FROM
    # $REPOSITORY/$IMAGE:$CP_VERSION (a false TS011 read alone). A directory below the file's
    # own is read for its Makefiles and scripts; alone or in a scan.
    (tmp_path / ".git").mkdir()
    region = tmp_path / "examples" / "multiregion"
    write(region / ".env", "CONFLUENT_DOCKER_TAG=8.2.0\nREPOSITORY=confluentinc\n")
    write(
        region / "Dockerfile",
        "ARG REPOSITORY\nARG IMAGE\nARG CP_VERSION\n\nFROM $REPOSITORY/$IMAGE:$CP_VERSION\n",
    )
    write(
        region / "scripts" / "build_docker_image.sh",
        "#!/bin/bash\n"
        'DIR="$( cd "$( dirname "${BASH_SOURCE[0]}" )" >/dev/null && pwd )"\n'
        "source ${DIR}/../.env\n"
        "docker build --no-cache --build-arg CP_VERSION=${CONFLUENT_DOCKER_TAG}"
        " --build-arg REPOSITORY=${REPOSITORY} --build-arg IMAGE=cp-server"
        " -t localbuild/cp-server-tc:${CONFLUENT_DOCKER_TAG} -f ${DIR}/../Dockerfile"
        " ${DIR}/../.\n",
    )
    monkeypatch.chdir(tmp_path)
    dockerfile = os.path.join("examples", "multiregion", "Dockerfile")
    assert [o.text for o in find_references(".") if o.path == dockerfile] == [
        "confluentinc/cp-server:8.2.0"
    ]
    from tagsense.sources.context import forget

    forget()
    assert [o.text for o in find_references(dockerfile)] == ["confluentinc/cp-server:8.2.0"]


def test_a_kustomization_s_resource_is_in_its_own_directory_s_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # minio/operator: examples/kustomization/sts-example/kustomization.yaml reads
    # sts-app/ (sts-client.yaml runs miniodev/operator-sts-example:minio-sdk-go), which
    # sample-clients/Makefile, beside sts-app/, builds. Named alone, sts-client.yaml was
    # built; read through the kustomization one directory up, it was a pull (TS003).
    (tmp_path / ".git").mkdir()
    example = tmp_path / "examples" / "sts-example"
    write(
        example / "sample-clients" / "Makefile",
        "miniosdkgo:\n\t@cd minio-sdk/go/ && docker build -q -t acme/sts-example:sdk-go .\n",
    )
    pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: c}\nspec:\n  containers:\n"
    write(example / "sts-app" / "sts-client.yaml", pod + "    - image: acme/sts-example:sdk-go\n")
    write(example / "sts-app" / "kustomization.yaml", "resources:\n  - sts-client.yaml\n")
    write(example / "kustomization.yaml", "resources:\n  - sts-app\n")
    monkeypatch.chdir(tmp_path)
    (through,) = [o for o in find_references(".") if "acme" in o.text]
    assert through.context["kustomization"] == os.path.join(
        "examples", "sts-example", "kustomization.yaml"
    )
    assert through.built is not None
    assert through.built.path == os.path.join(
        "examples", "sts-example", "sample-clients", "Makefile"
    )
    assert check(find_references("."), as_of=DAY) == []


# --- what a build file says is kept between runs (the pre-commit case) ------------------


def _check_in_a_process(directory: Path, *environment: str) -> tuple[str, list[str]]:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from tagsense.cli import main\n"
        "main(['refs', 'app/Dockerfile'])\n"
        "heavy = ('yaml', 'tagsense.sources.compose', 'tagsense.sources.builds', 'zlib')\n"
        "print([m for m in heavy if m in sys.modules],"
        " file=sys.stderr)\n"
    )
    env = dict(os.environ)
    for item in environment:
        name, _, value = item.partition("=")
        env[name] = value
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=directory, env=env, capture_output=True, text=True
    )
    return result.stdout, eval(result.stderr.splitlines()[-1])


def test_a_dockerfile_alone_reads_its_compose_files_once_then_from_the_cache(
    tmp_path: Path,
) -> None:
    (tmp_path / ".git").mkdir()
    write(
        tmp_path / "compose.yaml",
        "services:\n  app:\n    build:\n      context: app\n      args:\n"
        "        PY: ${PY_VERSION:-3.12.8}\n",
    )
    write(tmp_path / "app" / "Dockerfile", "ARG PY\nFROM python:${PY}-slim\n")
    cache = str(tmp_path / "cache")
    first, loaded = _check_in_a_process(tmp_path, f"TAGSENSE_CACHE_DIR={cache}")
    assert "python:3.12.8-slim" in first and loaded == ["yaml", "tagsense.sources.compose"]
    again, loaded = _check_in_a_process(tmp_path, f"TAGSENSE_CACHE_DIR={cache}")
    assert (again, loaded) == (first, [])  # the same answer, without reading YAML
    # A variable the compose file names changes the answer: the kept summary is not used.
    changed, loaded = _check_in_a_process(
        tmp_path, f"TAGSENSE_CACHE_DIR={cache}", "PY_VERSION=3.13.1"
    )
    assert "python:3.13.1-slim" in changed and loaded
    # So does the file itself (another size), and turning the cache off reads it anew.
    write(
        tmp_path / "compose.yaml",
        "services:\n  app:\n    build:\n      context: app\n      args:\n        PY: 3.11.11\n",
    )
    edited, loaded = _check_in_a_process(tmp_path, f"TAGSENSE_CACHE_DIR={cache}")
    assert "python:3.11.11-slim" in edited and loaded
    off, loaded = _check_in_a_process(
        tmp_path, f"TAGSENSE_CACHE_DIR={cache}", "TAGSENSE_NO_CACHE=1"
    )
    assert off == edited and loaded
    entries = os.listdir(os.path.join(cache, "context"))
    assert len(entries) == 1
    assert os.stat(os.path.join(cache, "context", entries[0])).st_mode & 0o077 == 0


def test_a_python_source_s_builds_are_kept_between_runs(tmp_path: Path) -> None:
    # A Python source above a file that builds an image with an engine command written as a
    # list is in the file's project context (containers/podman-compose's tests, survey 31c);
    # parsing it is the costly part of a one-file check (0.2 s for a 1,000-line test module,
    # 4x the whole check), so what it says is kept as a script's is.
    import subprocess
    import sys

    (tmp_path / ".git").mkdir()
    write(
        tmp_path / "release.py",
        "import subprocess\n\n\ndef build():\n"
        '    subprocess.run(["docker", "build", "-t", "acme/app:dev", "app"], check=True)\n',
    )
    write(tmp_path / "app" / "Dockerfile", "FROM python:3.12.8-slim\n")
    write(
        tmp_path / "deploy" / "pod.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: app}\n"
        "spec: {containers: [{name: app, image: 'acme/app:dev'}]}\n",
    )
    code = (
        "import sys\n"
        "from tagsense.cli import main\n"
        "main(['refs', 'deploy/pod.yaml'])\n"
        "print('tagsense.sources.builds.python' in sys.modules, file=sys.stderr)\n"
    )
    env = {**os.environ, "TAGSENSE_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("TAGSENSE_NO_CACHE", None)
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
        )
        for _ in range(2)
    ]
    assert "built" in runs[0].stdout and runs[1].stdout == runs[0].stdout
    assert [run.stderr.splitlines()[-1] for run in runs] == ["True", "False"]


def test_a_cache_that_cannot_be_written_is_no_cache(tmp_path: Path) -> None:
    write(tmp_path / "compose.yaml", "services:\n  app:\n    build: app\n")
    write(tmp_path / "app" / "Dockerfile", "FROM python:3.12.8-slim\n")
    blocker = write(tmp_path / "not-a-directory", "")
    out, _ = _check_in_a_process(tmp_path, f"TAGSENSE_CACHE_DIR={blocker}")
    assert "python:3.12.8-slim" in out


HELM_CHARTS = sorted(
    (Path(__file__).parent / "data" / "helm").glob("*/chart/Chart.yaml")
)  # the twelve published charts of tests/data/helm (sources in its README)


@pytest.mark.parametrize("chart_file", HELM_CHARTS, ids=lambda p: p.parent.parent.name)
def test_a_chart_file_alone_means_what_it_means_in_its_chart(chart_file: Path) -> None:
    # pre-commit passes a chart's changed values.yaml or template alone: each is read by
    # rendering its chart, as in a scan of the chart, and a template is no "template, not
    # read" note (a chart's templates are what helm renders, not stray templates).
    chart = chart_file.parent
    whole = find_references(str(chart))
    assert list(whole), chart
    assert [e.message for e in whole.errors if e.note] == []
    templates = sorted((chart / "templates").rglob("*.yaml"))
    helpers = sorted((chart / "templates").rglob("*.tpl"))
    for file in [chart / "values.yaml", *templates[:1], *helpers[:1]]:
        alone = find_references(str(file))
        assert sorted(map(_key, alone)) == sorted(map(_key, whole)), file
        assert [e.message for e in alone.errors] == [e.message for e in whole.errors], file


def test_a_subchart_file_alone_is_read_with_the_chart_that_vendors_it(tmp_path: Path) -> None:
    parent = tmp_path / "app"
    write(parent / "Chart.yaml", "apiVersion: v2\nname: app\nversion: 1.0.0\n")
    write(parent / "values.yaml", "db:\n  image: {tag: 16.4}\n")  # overrides the subchart's
    sub = parent / "charts" / "db"
    write(sub / "Chart.yaml", "apiVersion: v2\nname: db\nversion: 1.0.0\n")
    write(sub / "values.yaml", "image: {repository: postgres, tag: '15'}\n")
    deploy = write(
        sub / "templates" / "deploy.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: db}\nspec:\n  containers:\n"
        '    - image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n',
    )
    whole = find_references(str(parent))
    assert [o.text for o in whole] == ["postgres:16.4"]
    for file in (deploy, sub / "values.yaml", sub / "Chart.yaml"):
        assert sorted(map(_key, find_references(str(file)))) == sorted(map(_key, whole)), file
    # A YAML file beside a chart that helm does not read is read as itself.
    other = write(
        parent / "docs" / "pod.yaml", deploy.read_text().replace("{{", "").replace("}}", "")
    )
    assert [o.path for o in find_references(str(other))] in ([], [str(other)])


def test_a_packaged_chart_named_alone_is_a_chart_not_an_image_archive() -> None:
    # `helm package` output (the wordpress fixture vendors three): rendered, not read as a
    # `docker save` tar ("not an image archive").
    from tagsense.sources.helm import scan_helm_chart

    package = Path(__file__).parent / "data" / "helm" / "wordpress" / "chart" / "charts"
    memcached = str(package / "memcached-8.0.0.tgz")
    scan = find_references(memcached)
    assert list(scan.errors) == []
    assert [o.kind for o in scan] == ["helm"]
    assert list(map(_key, scan)) == list(map(_key, scan_helm_chart(memcached)))


def test_an_image_with_unset_variables_that_a_build_tags_the_same_way_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Alfresco/alfresco-dockerfiles-bakery: docker-bake.hcl tags its targets
    # "${REGISTRY}/${REGISTRY_NAMESPACE}/alfresco-share:${TAG}" (defaults localhost, alfresco,
    # latest); test/*-override.yaml run them under the same names, with no defaults, and CI sets
    # the variables for both (25 TS011 in a field survey). A name whose repository is itself a
    # variable (${IMAGE}) is no such name, nor is another repository's.
    (tmp_path / ".git").mkdir()
    write(
        tmp_path / "docker-bake.hcl",
        'variable "REGISTRY" { default = "localhost" }\n'
        'variable "REGISTRY_NAMESPACE" { default = "acme" }\n'
        'variable "TAG" { default = "latest" }\n'
        'target "share" {\n  context = "./share"\n'
        '  tags = ["${REGISTRY}/${REGISTRY_NAMESPACE}/alfresco-share:${TAG}"]\n}\n',
    )
    write(tmp_path / "share" / "Dockerfile", "FROM alpine:3.22.2\n")
    write(
        tmp_path / "test" / "override.yaml",
        "services:\n"
        "  share:\n    image: ${REGISTRY}/${REGISTRY_NAMESPACE}/alfresco-share:${TAG}\n"
        "  other:\n    image: ${REGISTRY}/${REGISTRY_NAMESPACE}/alfresco-search:${TAG}\n"
        "  any:\n    image: ${IMAGE}\n"
        "  named:\n    image: $REGISTRY/acme/${NAME}:1\n",
    )
    monkeypatch.chdir(tmp_path)
    scan = find_references(os.path.join("test", "override.yaml"))
    built = {o.raw.split("/")[-1]: o.built for o in scan}
    assert built["alfresco-share:${TAG}"] is not None
    assert built["alfresco-share:${TAG}"].tool == "bake"
    assert built["alfresco-search:${TAG}"] is None
    assert built["${IMAGE}"] is None
    assert built["${NAME}:1"] is None
    codes = sorted((f.line, f.code) for f in check(scan, as_of=DAY))
    assert codes == [(5, "TS011"), (7, "TS011"), (9, "TS011")]
    from tagsense.sources.context import forget

    forget()


def test_a_variable_within_a_built_repository_s_own_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (SeleniumHQ/docker-selenium@3290a30: its Makefile builds $(NAME)/node-chrome,
    # node-firefox… and writes the tests' .env before `docker compose -f
    # tests/docker-compose-v3-test-video.yml up`, whose service runs
    # `selenium/node-${BROWSER}:${TAG}`: 4 false TS011 in survey 35n.) A variable that is the
    # whole of the own name, one after a stem too short to be a word, or one that would have
    # to span a path component, is no such name.
    (tmp_path / ".git").mkdir()
    write(
        tmp_path / "Makefile",
        "NAME := selenium\nTAG_VERSION := 4.40.0\n"
        "chrome:\n\tdocker build -t $(NAME)/node-chrome:$(TAG_VERSION) NodeChrome\n"
        "standalone:\n\tdocker build -t $(NAME)/standalone-chrome:$(TAG_VERSION) Standalone\n",
    )
    write(tmp_path / "NodeChrome" / "Dockerfile", "FROM ubuntu:24.04\n")
    write(tmp_path / "Standalone" / "Dockerfile", "FROM ubuntu:24.04\n")
    write(
        tmp_path / "tests" / "compose.yml",
        "services:\n"
        "  node:\n    image: selenium/node-${BROWSER}:${TAG}\n"
        "  relay:\n    image: ${NAMESPACE}/standalone-${BROWSER}:${TAG}\n"
        "  other:\n    image: selenium/hub-${BROWSER}:${TAG}\n"
        "  short:\n    image: selenium/no-${BROWSER}:${TAG}\n"
        "  whole:\n    image: selenium/${IMAGE}:${TAG}\n"
        "  deeper:\n    image: selenium/node-${BROWSER}/x:${TAG}\n",
    )
    monkeypatch.chdir(tmp_path)
    scan = find_references(os.path.join("tests", "compose.yml"))
    built = {o.context["service"]: o.built for o in scan}
    assert built["node"] is not None
    assert built["node"].tool == "make"
    assert built["relay"] is not None
    assert [name for name, site in built.items() if site is None] == [
        "other", "short", "whole", "deeper",
    ]  # fmt: skip
    codes = [(f.line, f.code) for f in check(scan, as_of=DAY)]
    assert codes == [(7, "TS011"), (9, "TS011"), (11, "TS011"), (13, "TS011")]
    from tagsense.sources.context import forget

    forget()


def test_a_build_whose_tag_a_run_gives_still_builds_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # geoserver/geoserver-cloud: docker-build/geoserver.yml builds
    # ${REPOSITORY}/geoserver-cloud-wfs:${TAG} (REPOSITORY in its .env, TAG from the Makefile's
    # Maven version), and compose/compose.yml runs geoservercloud/geoserver-cloud-wfs:
    # 3.1.0-SNAPSHOT (39 false TS005 for the project's own images; survey 28x).
    (tmp_path / ".git").mkdir()
    write(tmp_path / "docker-build" / ".env", "REPOSITORY=acme\n")
    write(
        tmp_path / "docker-build" / "compose.yaml",
        "services:\n  wfs:\n    image: ${REPOSITORY}/wfs:${TAG}\n"
        "    build:\n      context: ../src/wfs\n",
    )
    write(tmp_path / "src" / "wfs" / "Dockerfile", "FROM eclipse-temurin:21.0.5_11-jre\n")
    write(
        tmp_path / "compose" / "compose.yml",
        "services:\n  wfs:\n    image: acme/wfs:3.1.0-SNAPSHOT\n"
        "  db:\n    image: postgres:17.2-rc1\n",
    )
    monkeypatch.chdir(tmp_path)
    scan = find_references(os.path.join("compose", "compose.yml"))
    built = {o.text: o.built for o in scan}
    assert built["acme/wfs:3.1.0-SNAPSHOT"] is not None
    assert built["postgres:17.2-rc1"] is None
    assert [(f.line, f.code) for f in check(scan, as_of=DAY)] == [(5, "TS005")]
    from tagsense.sources.context import forget

    forget()


def test_an_override_file_is_read_merged_over_its_compose_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # appwrite/appwrite: docker-compose.override.yml builds `image: appwrite-dev` for each of
    # the 22 services whose docker-compose.yml image is appwrite/appwrite:latest (not judged
    # there only because a release workflow builds that name; acme/app here is built by none).
    (tmp_path / ".git").mkdir()
    write(
        tmp_path / "docker-compose.yml",
        "services:\n  app:\n    image: ${IMAGE:-acme/app}:${TAG:-latest}\n"
        "  worker:\n    image: ${IMAGE:-acme/app}:${TAG:-latest}\n",
    )
    write(
        tmp_path / "docker-compose.override.yml",
        "services:\n  app:\n    build: {context: ., target: development}\n    image: app-dev\n"
        "  worker:\n    build: {context: ., target: development}\n    image: app-dev\n"
        "  tools:\n    image: adminer\n",
    )
    write(tmp_path / "Dockerfile", "FROM php:8.3.14-cli AS development\n")
    monkeypatch.chdir(tmp_path)
    whole = find_references(".")
    assert sorted((o.path, o.line, o.text, o.built is not None) for o in whole) == [
        ("Dockerfile", 1, "php:8.3.14-cli", False),
        ("docker-compose.override.yml", 4, "app-dev", True),
        ("docker-compose.override.yml", 7, "app-dev", True),
        ("docker-compose.override.yml", 9, "adminer", False),
    ]
    codes = [(f.path, f.code) for f in check(whole, as_of=DAY)]
    assert codes == [("docker-compose.override.yml", "TS002")]
    # Each file alone means the same (pre-commit names the changed files).
    for name in ("docker-compose.yml", "docker-compose.override.yml"):
        alone = find_references(name)
        assert [o.text for o in alone if o.path == name] == [
            o.text for o in whole if o.path == name
        ]
    # `docker compose -f docker-compose.yml up` reads that file alone: its images are pulled.
    write(tmp_path / "deploy.sh", "#!/bin/sh\ndocker compose -f docker-compose.yml up -d\n")
    ran = find_references(".")
    assert "acme/app:latest" in {o.text for o in ran if o.path == "docker-compose.yml"}


def test_an_image_a_file_read_through_another_names_is_built_as_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # hcengineering/platform's tests/docker-compose.override.yaml: `image: hardcoreeng/datalake`,
    # which a package of the project builds; read through tests/docker-compose.yaml it was a
    # pull (TS002), unlike the same text in the files read alone.
    (tmp_path / ".git").mkdir()
    write(
        tmp_path / "compose.yaml",
        "include: [db/compose.yaml]\nservices:\n  web: {image: nginx:1.27.1}\n",
    )
    write(tmp_path / "db" / "compose.yaml", "services:\n  db:\n    image: acme/db\n")
    write(tmp_path / "compose.override.yaml", "services:\n  tools:\n    image: acme/tools\n")
    write(
        tmp_path / "Makefile",
        "images:\n\tdocker build -t acme/db db\n\tdocker build -t acme/tools tools\n",
    )
    monkeypatch.chdir(tmp_path)
    for scan in (find_references("."), find_references("db/compose.yaml"),
                 find_references("compose.override.yaml")):  # fmt: skip
        built = {o.text: o.built for o in scan if o.text.startswith("acme/")}
        assert built and all(site is not None for site in built.values()), built
        assert [f.code for f in check(scan, as_of=DAY) if f.code == "TS002"] == []


@pytest.mark.parametrize(
    "manifest",
    [
        # hcengineering/platform's rush.json (486 projects)
        (
            "rush.json",
            '{\n  // the projects\n  "projects": [{"packageName": "@x/account",'
            ' "projectFolder": "pods/account"}, {"projectFolder": "pods/pod"}]\n}\n',
        ),
        ("pnpm-workspace.yaml", "packages:\n  - 'pods/*'\n  - '!pods/skipped'\n"),
        ("package.json", '{"name": "root", "workspaces": ["pods/*"]}\n'),
        ("package.json", '{"name": "root", "workspaces": {"packages": ["pods/**"]}}\n'),
        ("lerna.json", '{"packages": ["pods/*"]}\n'),
    ],
)
def test_a_workspace_package_s_scripts_build_the_project_s_images(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, manifest: tuple[str, str]
) -> None:
    # hcengineering/platform: pods/account/package.json runs `docker build -t
    # hardcoreeng/account .`; dev/docker-compose.yaml runs `image: hardcoreeng/account` (80
    # false TS002 for images of its packages, two levels below the root).
    (tmp_path / ".git").mkdir()
    name, text = manifest
    write(tmp_path / name, text)
    script = '{"scripts": {"docker:build": "docker build -t acme/%s ."}}\n'
    write(tmp_path / "pods" / "account" / "package.json", script % "account")
    write(tmp_path / "pods" / "skipped" / "package.json", script % "skipped")
    write(
        tmp_path / "dev" / "compose.yaml",
        "services:\n  account: {image: acme/account}\n  other: {image: acme/other}\n",
    )
    # (a workspace of its own below the root: hcengineering/platform's foundations/net/rush.json)
    write(tmp_path / "net" / name, text)
    write(tmp_path / "net" / "pods" / "pod" / "package.json", script % "pod")
    write(tmp_path / "net" / "tests" / "compose.yaml", "services:\n  pod: {image: acme/pod}\n")
    monkeypatch.chdir(tmp_path)
    for scan in (find_references("."), find_references(os.path.join("dev", "compose.yaml"))):
        built = {o.text: o.built is not None for o in scan if o.path == "dev/compose.yaml"}
        assert built == {"acme/account": True, "acme/other": False}
    for scan in (find_references("."), find_references(os.path.join("net", "tests"))):
        assert {o.text: o.built is not None for o in scan if "net" in o.path} == {"acme/pod": True}


def test_a_workspace_s_packages_are_found_without_entering_node_modules(tmp_path: Path) -> None:
    from tagsense.sources._workspaces import workspace_packages

    write(tmp_path / "pnpm-workspace.yaml", "packages:\n  - 'packages/**'\n  - './apps/*'\n")
    for package in ("packages/a", "packages/a/b", "packages/a/node_modules/dep",
                    "packages/.hidden", "apps/web", "apps/web/inner", "tools/cli"):  # fmt: skip
        write(tmp_path / package / "package.json", "{}\n")
    found = sorted(os.path.relpath(path, tmp_path) for path in workspace_packages(str(tmp_path)))
    assert found == [os.path.join("apps", "web"), os.path.join("packages", "a"),
                     os.path.join("packages", "a", "b")]  # fmt: skip


def test_what_one_tagsense_kept_is_not_read_by_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The disk cache of build files is keyed by the code that wrote it: another install, or
    # a source checkout after an edit (its version stays), reads the files again.
    from tagsense.sources import _context_cache, context

    write(tmp_path / "compose.yaml", "services:\n  app:\n    build: .\n    image: acme/app:1\n")
    path = str(tmp_path / "compose.yaml")
    found = context.read_build_file(path, "compose")
    _context_cache.store(path, "compose", {}, found, _context_cache.stat_of(path))
    assert _context_cache.load(path, "compose", {}) is not None
    monkeypatch.setattr(_context_cache, "_code", lambda: "another tagsense")
    assert _context_cache.load(path, "compose", {}) is None


def test_two_installs_keep_their_own_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A developer's runs alternate between pre-commit's install and the project's own: each
    # keeps what it read, instead of replacing the other's entry and reading the files again.
    from tagsense.sources import _context_cache, context

    monkeypatch.setenv("TAGSENSE_CACHE_DIR", str(tmp_path / "cache"))
    write(tmp_path / "compose.yaml", "services:\n  app:\n    build: .\n    image: acme/app:1\n")
    path = str(tmp_path / "compose.yaml")
    found = context.read_build_file(path, "compose")
    for code in ("pre-commit's tagsense", "the project's tagsense"):
        monkeypatch.setattr(_context_cache, "_code", lambda code=code: code)
        _context_cache.store(path, "compose", {}, found, _context_cache.stat_of(path))
    for code in ("pre-commit's tagsense", "the project's tagsense"):
        monkeypatch.setattr(_context_cache, "_code", lambda code=code: code)
        kept = _context_cache.load(path, "compose", {})
        assert kept is not None and [b.name for b in kept.built] == ["acme/app:1"]


def test_an_install_over_the_same_version_is_another_tagsense(tmp_path: Path) -> None:
    # (survey 34f: a baseline reinstalled from a newer commit, its version unchanged, read
    # what the older install had kept, and gave the older answers)
    import os

    from tagsense.sources._context_cache import _code_of

    package = tmp_path / "site-packages" / "tagsense"
    package.mkdir(parents=True)
    (package / "_version.py").write_text("__version__ = '0.1.0'\n")
    os.utime(package / "_version.py", ns=(1_000_000_000, 1_000_000_000))
    first = _code_of(str(package))
    assert _code_of(str(package)) == first
    os.utime(package / "_version.py", ns=(2_000_000_000, 2_000_000_000))  # (reinstalled)
    assert _code_of(str(package)) != first


@pytest.mark.parametrize("tool_directory", [".venv", ".hypothesis", ".mypy_cache"])
def test_a_directory_that_ignores_itself_holds_none_of_the_project_s_build_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tool_directory: str
) -> None:
    # A tool's cache or environment writes a .gitignore of `*` into it (mypy, ruff, pytest,
    # Hypothesis, virtualenv, uv): git lists none of its files, so a scan reads none, and
    # its names are not the project's build files (this repository's .hypothesis/constants
    # was a third of a one-file check's context). The same script elsewhere builds the image.
    (tmp_path / ".git").mkdir()
    pod = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: acme/app:1.2\n"
    write(tmp_path / "deploy" / "pod.yaml", pod)
    cache = tmp_path / tool_directory
    write(cache / ".gitignore", "# Automatically created by a tool\n*\n")
    write(cache / "build.sh", "docker build -t acme/app:1.2 .\n")
    write(cache / "deep" / "build.sh", "docker build -t acme/app:1.2 .\n")
    monkeypatch.chdir(tmp_path)
    (alone,) = find_references(os.path.join("deploy", "pod.yaml"))
    assert alone.built is None

    from tagsense.sources.context import forget

    forget()
    write(cache / ".gitignore", "*.pyc\n")  # (a .gitignore that keeps some of it)
    (kept,) = find_references(os.path.join("deploy", "pod.yaml"))
    assert kept.built is not None


def test_a_tree_of_many_sibling_directories_is_listed_once_a_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (esphome's tests/components/*/: each directory's neighbours were listed again for every
    # file in it, 1.5 million listings in a scan)
    for index in range(30):
        write(tmp_path / "tests" / "components" / f"c{index}" / "test.esp32.yaml", "esphome: {}\n")
    write(tmp_path / "Makefile", "all:\n\ttrue\n")
    (tmp_path / ".git").mkdir()
    listed: list[str] = []
    scandir = os.scandir

    def counting(path: str) -> object:
        listed.append(os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", counting)
    find_references(str(tmp_path))
    # (the walk and the search for build files list a directory a few times; not once for
    # each of its thirty neighbours)
    assert max(listed.count(path) for path in listed) <= 3


def test_an_image_of_one_architecture_is_built_for_the_name_without_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # kubernetes-sigs/cluster-api-provider-vsphere (Apache-2.0) Makefile, shortened: the test
    # extension is built as `$(TEST_EXTENSION_IMG)-$(ARCH):$(TAG)`, and `set-manifest-image`
    # rewrites the kustomize patch's `image:` (which names it without the architecture) with
    # it before the e2e applies it (1 false TS003 before, 3 for the repository; survey 32b).
    (tmp_path / ".git").mkdir()
    write(
        tmp_path / "Makefile",
        "ARCH ?= amd64\nTAG ?= dev\nSTAGING_REGISTRY ?= gcr.io/k8s-staging-capi-vsphere\n"
        "TEST_EXTENSION_IMG ?= $(STAGING_REGISTRY)/cluster-api-vsphere-test-extension\n\n"
        "docker-build-test-extension:\n"
        "\tcat test/extension/Dockerfile | docker build . -t $(TEST_EXTENSION_IMG)-$(ARCH):$(TAG)"
        " --file -\n"
        "\t$(MAKE) set-manifest-image MANIFEST_IMG=$(TEST_EXTENSION_IMG)-$(ARCH)"
        ' MANIFEST_TAG=$(TAG) TARGET_RESOURCE="./test/extension/config/default/patch.yaml"\n\n'
        "set-manifest-image:\n"
        "\tsed -i'' -e 's@image: .*@image: '\"${MANIFEST_IMG}:$(MANIFEST_TAG)\"'@'"
        " $(TARGET_RESOURCE)\n",
    )
    write(
        tmp_path / "test" / "extension" / "config" / "default" / "patch.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: controller-manager\n"
        "spec:\n  template:\n    spec:\n      containers:\n"
        "      - image: gcr.io/k8s-staging-capi-vsphere/cluster-api-vsphere-test-extension:dev\n"
        "        name: manager\n"
        "      - image: gcr.io/k8s-staging-capi-vsphere/other-tool:dev\n"
        "        name: other\n",
    )
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    built = {o.text.rpartition("/")[2]: o.built is not None for o in scan if o.kind == "kubernetes"}
    assert built == {"cluster-api-vsphere-test-extension:dev": True, "other-tool:dev": False}
    assert [f.code for f in check(scan, as_of=DAY) if f.path.endswith("patch.yaml")] == ["TS003"]


def test_the_env_a_setup_script_writes_beside_a_compose_file_gives_its_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # StrangeBeeCorp/docker (0293639, no licence: excerpt written out here):
    # prod1-thehive/scripts/init.sh, run there, writes ./.env from dot.env.template and then
    # `cat ../versions.env >> .env`, whose `thehive_image_version = '5.7.5'` the compose
    # file's `strangebee/thehive:${thehive_image_version}` uses (19 false TS011, survey 37a).
    (tmp_path / ".git").mkdir()
    write(tmp_path / "versions.env",
          "# Containers versions\ncassandra_image_version = '4.1.12'\n"
          "thehive_image_version = '5.7.5'\n")  # fmt: skip
    compose = (
        'services:\n  cassandra:\n    image: "cassandra:${cassandra_image_version}"\n'
        '  thehive:\n    image: "strangebee/thehive:${thehive_image_version}"\n'
    )
    prod = tmp_path / "prod1-thehive"
    write(prod / "docker-compose.yml", compose)
    write(prod / "dot.env.template", "UID=XXXX\nGID=XXXX\n")
    write(prod / "scripts" / "init.sh",
          '#!/bin/bash\nENVFILE="./.env"\n'
          'sed -e "s/###CHANGEME###/$PW/g" < ./dot.env.template > $ENVFILE\n'
          "    cat ../versions.env >> .env\n"
          "cat >> ${ENVFILE} << _EOF_\nUID=${CURRENT_USER_ID}\n_EOF_\n")  # fmt: skip
    # (a file the user copies and fills in gives nothing, even when a script copies it)
    other = tmp_path / "other"
    write(other / "docker-compose.yml", compose)
    write(other / ".env.example", "cassandra_image_version=4.1.12\n")
    write(other / "setup.sh", "cp .env.example .env\n")
    monkeypatch.chdir(tmp_path)
    found = {(o.path, o.text, tuple(o.unresolved)) for o in find_references(".")}
    assert found == {
        (os.path.join("prod1-thehive", "docker-compose.yml"), "cassandra:4.1.12", ()),
        (os.path.join("prod1-thehive", "docker-compose.yml"), "strangebee/thehive:5.7.5", ()),
        (os.path.join("other", "docker-compose.yml"), "cassandra:", ("cassandra_image_version",)),
        (os.path.join("other", "docker-compose.yml"), "strangebee/thehive:",
         ("thehive_image_version",)),
    }  # fmt: skip
    # (so is the file checked alone, as pre-commit checks it)
    alone = find_references(os.path.join("prod1-thehive", "docker-compose.yml"))
    assert sorted(o.text for o in alone) == ["cassandra:4.1.12", "strangebee/thehive:5.7.5"]
    assert check(alone, as_of=DAY) == []
    assert [f.code for f in check(find_references("other"), as_of=DAY)] == ["TS011", "TS011"]


def test_a_setup_script_without_extension_copying_into_the_env_its_variable_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # eth-educators/eth-docker (trimmed): its `ethd` (bash, no extension) sets
    # `__env_file=.env` and runs `${__as_owner} cp default.env "${__env_file}"`; default.env's
    # SIREN_DOCKER_REPO and SIREN_DOCKER_TAG fill siren.yml's image (7 false TS011, survey 38a)
    (tmp_path / ".git").mkdir()
    write(
        tmp_path / "docker-compose.yml",
        "services:\n  siren:\n    image: ${SIREN_DOCKER_REPO}:${SIREN_DOCKER_TAG}\n",
    )
    write(tmp_path / "default.env", "SIREN_DOCKER_TAG=latest\nSIREN_DOCKER_REPO=sigp/siren\n")
    write(tmp_path / "ethd",
          "#!/usr/bin/env bash\n__as_owner=''\n__env_file=.env\n"
          'config() {\n  if ! [[ -f "${__env_file}" ]]; then\n'
          '    ${__as_owner} cp default.env "${__env_file}"\n  fi\n}\n')  # fmt: skip
    # (a copy to a variable that names no .env gives nothing; nor does a file that is no script)
    other = tmp_path / "other"
    write(other / "docker-compose.yml", "services:\n  siren:\n    image: sigp/siren:${SIREN_TAG}\n")
    write(other / "defaults", "SIREN_TAG=v1\n")
    write(other / "setup", '#!/bin/sh\nTARGET=/etc/siren.env\ncp defaults "$TARGET"\n')
    write(other / "notes", "cp defaults .env\n")
    monkeypatch.chdir(tmp_path)
    found = {(o.path, o.text, tuple(o.unresolved)) for o in find_references(".")}
    assert found == {
        ("docker-compose.yml", "sigp/siren:latest", ()),
        (os.path.join("other", "docker-compose.yml"), "sigp/siren:", ("SIREN_TAG",)),
    }
    assert [f.code for f in check(find_references("docker-compose.yml"), as_of=DAY)] == ["TS001"]


def test_a_dockerfile_a_compose_build_names_with_a_variable_of_the_setup_s_env_is_fed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # eth-educators/eth-docker (trimmed): fluffy.yml builds `dockerfile: ${FLUFFY_DOCKERFILE}`,
    # which default.env gives (Dockerfile.binary) when `ethd` copies it to .env; the build's
    # args, not the Dockerfile's defaults, name its base (survey 38a: 1 false TS003, 1 missed)
    (tmp_path / ".git").mkdir()
    write(tmp_path / "docker-compose.yml",
          "services:\n  portal:\n    build:\n      context: ./fluffy\n"
          "      dockerfile: ${FLUFFY_DOCKERFILE}\n      args:\n"
          "        - DOCKER_TAG=${FLUFFY_DOCKER_TAG:-amd64-master-latest}\n"
          "        - DOCKER_REPO=${FLUFFY_DOCKER_REPO:-statusim/nimbus-fluffy}\n"
          "    image: fluffy:local\n")  # fmt: skip
    write(tmp_path / "default.env", "FLUFFY_DOCKERFILE=Dockerfile.binary\n")
    write(tmp_path / "ethd", "#!/usr/bin/env bash\ncp default.env .env\n")
    write(tmp_path / "fluffy" / "Dockerfile.binary",
          "ARG DOCKER_TAG=master\nARG DOCKER_REPO=statusim/nimbus-eth1\n"
          "FROM ${DOCKER_REPO}:${DOCKER_TAG}\n")  # fmt: skip
    monkeypatch.chdir(tmp_path)
    binary = os.path.join("fluffy", "Dockerfile.binary")
    assert texts(find_references("."), binary) == ["statusim/nimbus-fluffy:amd64-master-latest"]
    assert texts(find_references(binary), binary) == ["statusim/nimbus-fluffy:amd64-master-latest"]


def test_a_script_one_level_into_a_directory_beside_one_below_the_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # NginxProxyManager/nginx-proxy-manager (a62c2a6d, trimmed): scripts/ci/test-and-build
    # tags "${IMAGE:-nginx-proxy-manager}:${BRANCH_LOWER:-unknown}-ci-${BUILD_NUMBER:-0000}";
    # scripts/ci/fulltest-cypress exports those defaults and COMPOSE_FILE, and starts
    # docker/docker-compose.ci.yml, whose fullstack service runs that tag (a false TS011: the
    # scripts one level into the directories beside a directory below the root were not read).
    (tmp_path / ".git").mkdir()
    write(
        tmp_path / "scripts" / "ci" / "test-and-build",
        "#!/bin/bash -e\n"
        "docker build --pull --no-cache --compress \\\n"
        '\t-t "${IMAGE:-nginx-proxy-manager}:${BRANCH_LOWER:-unknown}-ci-${BUILD_NUMBER:-0000}"'
        " \\\n\t-f docker/Dockerfile \\\n\t.\n",
    )
    write(
        tmp_path / "scripts" / "ci" / "fulltest-cypress",
        "#!/bin/bash\nset -e\n\n"
        'STACK="${1:-sqlite}"\n\n'
        'export IMAGE="${IMAGE:-nginx-proxy-manager}"\n'
        'export BRANCH_LOWER="${BRANCH_LOWER:-unknown}"\n'
        'export BUILD_NUMBER="${BUILD_NUMBER:-0000}"\n\n'
        'if [ "${COMPOSE_FILE:-}" = "" ]; then\n'
        '\texport COMPOSE_FILE="docker/docker-compose.ci.yml:'
        'docker/docker-compose.ci.${STACK}.yml"\n'
        "fi\n\n"
        "docker compose up -d --remove-orphans --pull=never fullstack\n",
    )
    for script in ("test-and-build", "fulltest-cypress"):
        os.chmod(tmp_path / "scripts" / "ci" / script, 0o755)
    write(
        tmp_path / "docker" / "docker-compose.ci.yml",
        "services:\n"
        "  fullstack:\n"
        '    image: "${IMAGE}:${BRANCH_LOWER}-ci-${BUILD_NUMBER}"\n'
        "  squid:\n"
        "    image: ubuntu/squid\n",
    )
    write(tmp_path / "docker" / "Dockerfile", "FROM nginxproxymanager/nginx-full:certbot-node\n")
    write(tmp_path / "docker" / "other" / "compose.yaml", "services:\n  a:\n    image: '${APP}'\n")
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    ci = [o for o in scan if o.path == os.path.join("docker", "docker-compose.ci.yml")]
    assert [(o.text, o.built is not None) for o in ci] == [
        ("nginx-proxy-manager:unknown-ci-0000", True),
        ("ubuntu/squid", False),
    ]
    codes = {(f.path, f.code) for f in check(scan, as_of=DAY)}
    assert (os.path.join("docker", "docker-compose.ci.yml"), "TS011") not in codes
    assert (os.path.join("docker", "docker-compose.ci.yml"), "TS002") in codes
    # (a compose file that no script starts is as before: its variable stays unresolved)
    assert (os.path.join("docker", "other", "compose.yaml"), "TS011") in codes


def test_the_env_a_script_echoes_gives_the_compose_command_after_it_its_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # confluentinc/cp-all-in-one (eecbbd3, trimmed): cp-all-in-one-security/oauth/start.sh
    # sources helper/cp_config.sh (`export CONFLUENT_DOCKER_TAG=8.0.0`) and helper/functions.sh,
    # whose create_env_file writes `echo DOCKER_REGISTRY=$DOCKER_REGISTRY > .env` and
    # `echo CONFLUENT_DOCKER_TAG=… >> .env`, then runs `docker compose up -d` (4 false TS011,
    # 4 missed cp-*:8.0.0 pulls, survey s38f).
    (tmp_path / ".git").mkdir()
    oauth = tmp_path / "oauth"
    write(oauth / "docker-compose.yml",
          "services:\n  broker:\n    image: ${DOCKER_REGISTRY}confluentinc/cp-server:"
          "${CONFLUENT_DOCKER_TAG:-latest}\n")  # fmt: skip
    write(oauth / "helper" / "cp_config.sh", "export CONFLUENT=8.0.0\n")
    write(oauth / "helper" / "functions.sh",
          "create_env_file() {\n"
          "    echo DOCKER_REGISTRY=$DOCKER_REGISTRY > .env\n"
          "    echo CONFLUENT_DOCKER_TAG=$CONFLUENT >> .env\n"
          "}\n")  # fmt: skip
    write(oauth / "start.sh",
          '#!/bin/bash\nDIR="$( cd "$( dirname "${BASH_SOURCE[0]}" )" >/dev/null && pwd )"\n'
          "source ${DIR}/helper/cp_config.sh\nsource ${DIR}/helper/functions.sh\n"
          "create_env_file\n\ndocker compose up -d\n")  # fmt: skip
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    assert [(o.text, tuple(o.unresolved)) for o in scan if o.kind == "compose"] == [
        ("confluentinc/cp-server:8.0.0", ())
    ]
    assert check(scan, as_of=DAY) == []


def test_a_template_the_setup_script_fills_in_with_sed_gives_the_env_its_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # loomio/loomio-deploy (archived, trimmed): create_env.sh runs `sed -e
    # "s|REPLACE_WITH_HOSTNAME|${1}|g" -e … env_template > .env`; the template's
    # LOOMIO_CONTAINER_TAG=stable and POSTGRES_CONTAINER_TAG=17 reach .env as written, and
    # update.sh's `docker compose pull` reads them (5 false TS011, 3 missed pulls, survey s59c)
    (tmp_path / ".git").mkdir()
    compose = (
        "services:\n  app:\n    image: ${LOOMIO_CONTAINER_IMAGE}:${LOOMIO_CONTAINER_TAG}\n"
        "  db:\n    image: postgres:${POSTGRES_CONTAINER_TAG}\n"
        "  mail:\n    image: ${MAIL_IMAGE}\n"
    )
    template = (
        "POSTGRES_CONTAINER_TAG=17\nLOOMIO_CONTAINER_IMAGE=loomio/loomio\n"
        "LOOMIO_CONTAINER_TAG=REPLACE_WITH_CHANNEL\n"
        "MAIL_IMAGE=mail.REPLACE_WITH_HOSTNAME/haraka\nSECRET=REPLACE_WITH_SECRET\n"
    )
    deploy = tmp_path / "deploy"
    write(deploy / "docker-compose.yml", compose)
    write(deploy / "env_template", template)
    write(deploy / "create_env.sh",
          '#!/bin/sh\nset -e\nif [ $# -lt 1 ]; then\n  echo "Usage: $0 <hostname>"\n  exit 1\nfi\n'
          'CHANNEL=stable\n'
          'sed -e "s|REPLACE_WITH_HOSTNAME|${1}|g" \\\n'
          '    -e "s|REPLACE_WITH_CHANNEL|$CHANNEL|g" \\\n'
          '    -e "s|REPLACE_WITH_SECRET|$(openssl rand -hex 32)|g" \\\n'
          "    env_template > .env\n")  # fmt: skip
    # (envsubst fills one in too: the environment's values, one it does not give a run's)
    rendered = tmp_path / "rendered"
    write(rendered / "docker-compose.yml", compose)
    write(rendered / "env.tpl", template.replace("REPLACE_WITH_CHANNEL", "${CHANNEL}")
          .replace("REPLACE_WITH_HOSTNAME", "${DOMAIN}"))  # fmt: skip
    write(rendered / "setup.sh", "#!/bin/sh\nexport CHANNEL=stable\nenvsubst < env.tpl > .env\n")
    # (a template nothing fills in is the user's to fill: as before, it gives nothing)
    copied = tmp_path / "copied"
    write(copied / "docker-compose.yml", compose)
    write(copied / "env_template", template)
    write(copied / "setup.sh", "#!/bin/sh\ncp env_template .env\n")
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    found = sorted(
        (os.path.dirname(o.path), o.text, tuple(o.unresolved)) for o in scan if o.kind == "compose"
    )
    for directory in ("deploy", "rendered"):
        assert (directory, "loomio/loomio:stable", ()) in found
        assert (directory, "postgres:17", ()) in found
        # (a line a run's value fills in has no value of the template's: none invented)
        assert not any(d == directory and "haraka" in text for d, text, _ in found)
    assert ("copied", "postgres:", ("POSTGRES_CONTAINER_TAG",)) in found
    codes = sorted((os.path.dirname(f.path), f.code) for f in check(scan, as_of=DAY))
    assert ("deploy", "TS003") in codes  # (loomio/loomio:stable: a channel)
    assert sum(1 for d, code in codes if d == "deploy" and code == "TS011") == 1  # (MAIL_IMAGE)
    assert sum(1 for d, code in codes if d == "copied" and code == "TS011") == 3


def test_an_env_the_setup_script_copies_then_edits_in_place_with_sed_gives_its_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # openlmis-ref-distro's reporting/start-local.sh (`cp settings-sample.env settings.env`,
    # then `sed -i '' -e "s#^VIRTUAL_HOST.*#VIRTUAL_HOST=${HOST_ADDR}#" settings.env`) and
    # SORMAS-Docker's setup_dev.sh (`sed -i "s/SORMAS_VERSION=.*/SORMAS_VERSION=$1/" .env`):
    # a copy the script edits is the script's file, its lines the edits leave as the
    # template has them; an edit with a run's value leaves that line's value a run's
    (tmp_path / ".git").mkdir()
    compose = (
        "services:\n  cache:\n    image: redis:${REDIS_TAG}\n  db:\n    image: postgres:${PG_TAG}\n"
    )
    template = "REDIS_TAG=CHANGE_ME\nPG_TAG=16.4\n"
    scripts = {
        # (GNU sed's -i; the copy made only when there is no .env yet)
        "gnu": "if [ ! -f .env ]; then\n  cp env.template .env\nfi\n"
        'sed -i "s|^REDIS_TAG=.*|REDIS_TAG=7.4.1|" .env\n',
        # (BSD sed's -i '', its error silenced, as openlmis writes it)
        "bsd": "cp env.template .env\n"
        "sed -i '' -e 's#^REDIS_TAG.*#REDIS_TAG=7.4.1#' .env 2>/dev/null || true\n",
        # (a here-document writes it, sed -e edits it)
        "document": "cat > .env <<EOF\nREDIS_TAG=CHANGE_ME\nPG_TAG=16.4\nEOF\n"
        "sed -i -e 's/CHANGE_ME/7.4.1/' .env\n",
        # (the replacement is the script's argument: that line's value is a run's)
        "argument": 'cp env.template .env\nsed -i "s/^REDIS_TAG=.*/REDIS_TAG=$1/" .env\n',
        # (the edit is another file's: the copy stays the user's, as before)
        "other": "cp env.template .env\nsed -i 's/x/y/' config.ini\n",
        # (a copy of a file of the project's values, edited: as edited, not as copied)
        "versions": "cp versions.env .env\nsed -i 's/^REDIS_TAG=CHANGE_ME/REDIS_TAG=7.4.1/' .env\n",
    }
    for name, script in scripts.items():
        write(tmp_path / name / "docker-compose.yml", compose)
        write(tmp_path / name / "env.template", template)
        write(tmp_path / name / "versions.env", template)
        write(tmp_path / name / "setup.sh", f"#!/bin/sh\nset -e\n{script}docker compose up -d\n")
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    found = {(os.path.dirname(o.path), o.text) for o in scan if o.kind == "compose"}
    for name in ("gnu", "bsd", "document", "versions"):
        assert {(name, "redis:7.4.1"), (name, "postgres:16.4")} <= found
        assert not any(d == name and "CHANGE_ME" in text for d, text in found)
    assert ("argument", "postgres:16.4") in found
    assert not any(d == "argument" and text.startswith("redis:") and text != "redis:"
                   for d, text in found)  # fmt: skip
    assert ("other", "postgres:") in found  # (PG_TAG: none, the template is the user's)
    codes = sorted((os.path.dirname(f.path), f.code) for f in check(scan, as_of=DAY))
    assert ("gnu", "TS011") not in codes
    assert sum(1 for d, code in codes if d == "argument" and code == "TS011") == 1
    assert sum(1 for d, code in codes if d == "other" and code == "TS011") == 2


def test_the_env_a_makefile_recipe_writes_beside_a_compose_file_gives_its_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 3liz/lizmap-web-client (a6792ed, trimmed): tests/Makefile's `env` target writes the
    # compose file's .env in a here-document under .ONESHELL, from its `?=` values; its
    # run-docker and CI run `make env`, then `docker compose` (3 false TS011, survey s42a)
    (tmp_path / ".git").mkdir()
    tests = tmp_path / "tests"
    write(tests / "docker-compose.yml",
          "services:\n  qgis:\n    image: 3liz/qgis-map-server:${LZMQGSRVVERSION}\n"
          "  php:\n    build:\n      context: ./docker-conf/phpfpm\n"
          "      args:\n        php_version: ${PHP_VERSION}\n")  # fmt: skip
    write(tests / "docker-conf" / "phpfpm" / "Dockerfile",
          "ARG php_version\nFROM 3liz/liz-php-fpm:${php_version}\n")  # fmt: skip
    write(tests / "Makefile",
          "SHELL:=bash\n.ONESHELL:\n.PHONY: env\n"
          "LIZMAP_USER_ID ?= $(shell id -u)\nPHP_VERSION ?= 8.2\nLZMQGSRVVERSION ?= 3.40\n\n"
          'env:\n\t@echo "Creating environment file for Docker Compose"\n'
          "\t@cat <<-EOF > .env\n\tLIZMAP_USER_ID=$(LIZMAP_USER_ID)\n"
          "\tLZMQGSRVVERSION=$(LZMQGSRVVERSION)\n"
          "\tPHP_VERSION=$(PHP_VERSION)\n\tEOF\n")  # fmt: skip
    # (a recipe that writes another file gives nothing)
    other = tmp_path / "other"
    write(other / "docker-compose.yml", 'services:\n  app:\n    image: "nginx:${TAG}"\n')
    write(other / "Makefile", "TAG ?= 1.27\nenv:\n\techo TAG=$(TAG) > settings.env\n")
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    found = sorted((o.path, o.text, tuple(o.unresolved)) for o in scan if o.kind != "shell")
    assert found == [
        (os.path.join("other", "docker-compose.yml"), "nginx:", ("TAG",)),
        (os.path.join("tests", "docker-compose.yml"), "3liz/qgis-map-server:3.40", ()),
        (os.path.join("tests", "docker-conf", "phpfpm", "Dockerfile"), "3liz/liz-php-fpm:8.2", ()),
    ]
    codes = sorted((f.path, f.code) for f in check(scan, as_of=DAY))
    assert (os.path.join("tests", "docker-compose.yml"), "TS004") in codes
    assert (os.path.join("tests", "docker-compose.yml"), "TS011") not in codes


def test_the_env_a_setup_script_prints_beside_a_compose_file_gives_its_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same writes by a setup script that the user runs before `docker compose up`
    # (cp-all-in-one's shape, the compose command left to the user): `echo "NAME=value" >
    # .env`, `printf 'NAME=%s\n' "$V" >> .env`, as the shell expands them (survey s38f).
    (tmp_path / ".git").mkdir()
    write(tmp_path / "docker-compose.yml",
          'services:\n  app:\n    image: "strangebee/thehive:${THEHIVE_VERSION}"\n'
          '  db:\n    image: "cassandra:${CASSANDRA_VERSION}"\n')  # fmt: skip
    write(tmp_path / "scripts" / "init.sh",
          "#!/bin/bash\nCASSANDRA=4.1.12\n"
          'echo "THEHIVE_VERSION=5.7.5" > .env\n'
          "printf 'CASSANDRA_VERSION=%s\\n' \"$CASSANDRA\" >> ./.env\n")  # fmt: skip
    # (a here-document written to it, as well)
    documented = tmp_path / "documented"
    write(documented / "docker-compose.yml", 'services:\n  app:\n    image: "nginx:${TAG}"\n')
    write(documented / "setup.sh", "V=1.27.3\ncat > .env <<EOF\nTAG=${V}\nEOF\n")
    # (a write to another file gives nothing)
    other = tmp_path / "other"
    write(other / "docker-compose.yml", 'services:\n  app:\n    image: "nginx:${TAG}"\n')
    write(other / "setup.sh", 'echo "TAG=1.27" > settings.env\n')
    monkeypatch.chdir(tmp_path)
    found = {(o.path, o.text, tuple(o.unresolved)) for o in find_references(".")}
    assert found == {
        ("docker-compose.yml", "strangebee/thehive:5.7.5", ()),
        ("docker-compose.yml", "cassandra:4.1.12", ()),
        (os.path.join("documented", "docker-compose.yml"), "nginx:1.27.3", ()),
        (os.path.join("other", "docker-compose.yml"), "nginx:", ("TAG",)),
    }
    assert check(find_references("docker-compose.yml"), as_of=DAY) == []


def test_what_echo_and_printf_write_into_a_dotenv_file() -> None:
    import doctest

    from tagsense.sources.builds import _dotenv_writes

    assert doctest.testmod(_dotenv_writes).failed == 0


def test_an_associative_array_s_element_added_to_names_the_compose_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # intelowlproject/IntelOwl (987765d, `start`, trimmed): `path_mapping["${value}"]+=
    # "integrations/${value}/compose.yml"` in a loop, then `docker compose --project-directory
    # docker "${to_run[@]}"`, whose docker/.env gives the version (survey s38f).
    (tmp_path / ".git").mkdir()
    write(tmp_path / "docker" / ".env", 'REACT_APP_INTELOWL_VERSION="v6.4.0"\n')
    write(tmp_path / "docker" / "default.yml",
          "services:\n  uwsgi:\n"
          "    image: intelowlproject/intelowl:${REACT_APP_INTELOWL_VERSION}\n")  # fmt: skip
    write(tmp_path / "integrations" / "thug" / "compose.yml",
          "services:\n  thug:\n"
          "    image: intelowlproject/intelowl_thug:${REACT_APP_INTELOWL_VERSION}\n")  # fmt: skip
    write(tmp_path / "start",
          '#!/usr/bin/env bash\ndeclare -A path_mapping=(["default"]="docker/default.yml")\n'
          'docker_analyzers=("thug" "cyberchef")\n'
          'for value in "${docker_analyzers[@]}"; do\n'
          '  path_mapping["${value}"]+="integrations/${value}/compose.yml"\ndone\n'
          'compose_files=("${path_mapping["default"]}" "${path_mapping["thug"]}")\n'
          'for value in "${compose_files[@]}" ; do\n  to_run+=("-f" "$value")\ndone\n'
          'docker compose --project-directory docker "${to_run[@]}" -p intel_owl up\n')  # fmt: skip
    os.chmod(tmp_path / "start", 0o755)
    monkeypatch.chdir(tmp_path)
    found = {o.text for o in find_references(".") if o.kind == "compose"}
    assert found == {"intelowlproject/intelowl:v6.4.0", "intelowlproject/intelowl_thug:v6.4.0"}


def test_the_compose_files_the_env_file_names_are_the_project_s_compose_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A plain `docker compose up` reads COMPOSE_FILE from the project directory's .env (Docker's
    # "Set or change pre-defined environment variables"), merged in order: the override's build
    # gives the Dockerfile its base and builds the image the base file names (survey 40g).
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".env", 'COMPOSE_PATH_SEPARATOR=;\nexport COMPOSE_FILE="base.yml;dev.yml"\n')
    write(tmp_path / "base.yml", "services:\n  app:\n    image: acme/app:latest\n")
    write(
        tmp_path / "dev.yml",
        "services:\n  app:\n    build:\n      context: ./app\n      args:\n"
        "        BASE: python:3.12.8-slim\n    image: acme/app:latest\n",
    )
    write(tmp_path / "app" / "Dockerfile", "ARG BASE=python:3.9\nFROM ${BASE}\n")
    write(tmp_path / "other" / ".env", "COMPOSE_FILE=${STACK}.yml\n")  # (a run's: none)
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    assert texts(scan, os.path.join("app", "Dockerfile")) == ["python:3.12.8-slim"]
    assert {o.path: o.built is not None for o in scan if o.text == "acme/app:latest"} == {
        "base.yml": True,
        "dev.yml": True,
    }
