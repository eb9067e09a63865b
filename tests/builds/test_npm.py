"""``package.json`` scripts: the images they build (the project's) and pull (kind ``shell``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from tagsense.cli import main
from tagsense.sources import scan_paths
from tagsense.sources.builds import build_tool
from tagsense.sources.builds.npm import read_package_json
from tagsense.sources.discover import discover

if TYPE_CHECKING:
    import pytest

# louislam/uptime-kuma, package.json (trimmed: the scripts that build, run and pull images).
PACKAGE_JSON = """\
{
    "name": "uptime-kuma",
    "version": "2.5.3",
    "scripts": {
        "build-docker-base": "docker buildx build -f docker/debian-base.dockerfile --platform linux/amd64,linux/arm64 -t louislam/uptime-kuma:base2 --target base2 . --push",
        "build-docker-base-slim": "docker buildx build -f docker/debian-base.dockerfile -t louislam/uptime-kuma:base2-slim --target base2-slim . --push",
        "build-docker-nightly-local": "npm run build && docker build -f docker/dockerfile -t louislam/uptime-kuma:nightly2 --target nightly .",
        "simple-mongo": "docker run --rm -p 27017:27017 mongo",
        "simple-mariadb": "docker run --rm -p 3306:3306 -e MYSQL_ROOT_PASSWORD=mariadb# mariadb",
        "quick-run-nightly": "docker run --rm --env NODE_ENV=development -p 3001:3001 louislam/uptime-kuma:nightly2",
        "start-dev-container": "cd docker && docker-compose -f docker-compose-dev.yml up --force-recreate",
        "release": "docker build -t acme/app:$npm_package_version . && docker run acme/tool:$npm_package_version",
        "docker run redis:7": "echo \\"docker run\\" && docker run \\"redis:7\\""
    }
}
"""  # noqa: E501 (the file's own lines)

# docker/debian-base.dockerfile and docker/dockerfile (trimmed).
DEBIAN_BASE = """\
FROM node:22.11.0-bookworm-slim AS base2-slim
FROM louislam/uptime-kuma:base2-slim AS base2
"""
DOCKERFILE = """\
ARG BASE_IMAGE=louislam/uptime-kuma:base2
FROM louislam/uptime-kuma:base2 AS build
FROM $BASE_IMAGE AS nightly
"""


def project(tmp_path: Path) -> Path:
    (tmp_path / "package.json").write_text(PACKAGE_JSON)
    (tmp_path / "docker").mkdir()
    (tmp_path / "docker" / "debian-base.dockerfile").write_text(DEBIAN_BASE)
    (tmp_path / "docker" / "dockerfile").write_text(DOCKERFILE)
    return tmp_path


def test_the_scripts_build_the_project_s_images(tmp_path: Path) -> None:
    path = str(project(tmp_path) / "package.json")
    assert build_tool(path) == "npm"
    found = read_package_json(path)
    assert [(i.name, i.site.tool, i.site.line) for i in found.built] == [
        ("louislam/uptime-kuma", "npm", 5),
        ("louislam/uptime-kuma", "npm", 6),
        ("louislam/uptime-kuma", "npm", 7),
        ("acme/app", "npm", 12),
    ]
    base = found.builds[0]
    assert (base.dockerfile, base.target, base.context) == (
        str(tmp_path / "docker" / "debian-base.dockerfile"),
        "base2",
        str(tmp_path),
    )


def test_the_scripts_pull_images_where_they_are_written(tmp_path: Path) -> None:
    found = read_package_json(str(project(tmp_path) / "package.json"))
    assert [(o.line, o.column, o.text, o.context["script"]) for o in found.scan] == [
        (8, 57, "mongo", "simple-mongo"),
        (9, 89, "mariadb", "simple-mariadb"),  # (`mariadb#` is a word: no comment)
        (10, 87, "louislam/uptime-kuma:nightly2", "quick-run-nightly"),
        (13, 68, "redis:7", "docker run redis:7"),  # (in the value, not the key)
    ]
    assert found.scan.occurrences[0].kind == "shell"
    assert found.scan.occurrences[0].context == {
        "tool": "npm", "script": "simple-mongo", "engine": "docker", "verb": "run"}  # fmt: skip


def test_what_the_scripts_build_is_built_in_the_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path)
    built = {(Path(o.path or "").name, o.line): o.built for o in scan_paths([str(root)])}
    assert built[("dockerfile", 2)] is not None  # (before: TS003 'base2' floats)
    assert built[("debian-base.dockerfile", 2)] is not None
    assert built[("package.json", 10)] is not None  # (nightly2: the script before builds it)
    assert built[("package.json", 8)] is None
    code = main(["check", "--format", "json", "--offline", "--as-of", "2026-12-03", str(root)])
    report = json.loads(capsys.readouterr().out)
    findings = [(Path(f["path"]).name, f["line"], f["code"]) for f in report["findings"]]
    assert (code, findings) == (
        1,
        [
            ("debian-base.dockerfile", 1, "TS006"),
            ("package.json", 8, "TS002"),
            ("package.json", 9, "TS002"),
            ("package.json", 13, "TS004"),
        ],
    )


def test_a_package_json_that_says_nothing_of_images_gives_nothing(tmp_path: Path) -> None:
    plain = tmp_path / "package.json"
    plain.write_text('{"scripts": {"test": "vitest run", "build": "vite build"}}')
    broken = tmp_path / "broken" / "package.json"
    broken.parent.mkdir()
    broken.write_text('{"scripts": {"db": "docker run redis:7"')
    dependency = tmp_path / "node_modules" / "x" / "package.json"
    dependency.parent.mkdir(parents=True)
    dependency.write_text('{"scripts": {"db": "docker run redis:7"}}')
    for path in (plain, broken, dependency, tmp_path / "missing" / "package.json"):
        found = read_package_json(str(path))
        assert (found.built, found.builds, list(found.scan)) == ((), (), [])
    assert [path for path, _ in discover([str(tmp_path)])] == [str(broken), str(plain)]


# Azure/Azurite, package.json (trimmed: its image build, through cross-env-shell, and a run
# through cross-env with a variable of its own).
CROSS_ENV_PACKAGE_JSON = """\
{
    "name": "azurite",
    "version": "3.35.0",
    "scripts": {
        "docker:build": "npm run docker:prebuild && cross-env-shell docker build --no-cache --rm -f \\"Dockerfile\\" -t xstoreazurite.azurecr.io/public/azure-storage/azurite:$npm_package_version . && cross-env-shell docker tag xstoreazurite.azurecr.io/public/azure-storage/azurite:$npm_package_version xstoreazurite.azurecr.io/public/azure-storage/azurite:latest",
        "db": "cross-env TZ=UTC NODE_ENV=test docker run --rm mysql:8.4.3"
    }
}
"""  # noqa: E501 (the file's own lines)


def test_cross_env_runs_the_command_after_its_variables(tmp_path: Path) -> None:
    path = tmp_path / "package.json"
    path.write_text(CROSS_ENV_PACKAGE_JSON)
    found = read_package_json(str(path))
    assert {(i.name, i.site.line) for i in found.built} == {
        ("xstoreazurite.azurecr.io/public/azure-storage/azurite", 5)
    }
    assert [(o.line, o.text) for o in found.scan] == [(6, "mysql:8.4.3")]


# gitroomhq/postiz-app (AGPL-3.0), package.json's scripts that run its scripts, and
# var/docker/docker-build.sh (trimmed), which builds the image its .devcontainer/
# devcontainer.json names (`"image": "localhost/postiz-devcontainer"`: a false TS002 before).
POSTIZ_PACKAGE_JSON = """\
{
  "name": "postiz-app",
  "scripts": {
    "docker-build": "./var/docker/docker-build.sh",
    "docker-create": "./var/docker/docker-create.sh",
    "test": "jest --coverage"
  }
}
"""
POSTIZ_BUILD = """\
#!/bin/bash

docker rmi localhost/postiz || true
docker build --target dist -t localhost/postiz -f Dockerfile.dev .
docker build --target devcontainer -t localhost/postiz-devcontainer -f Dockerfile.dev .
"""
POSTIZ_CREATE = """\
#!/usr/bin/env bash

docker create --name postiz -p 3000:3000 localhost/postiz
docker run -d --name redis redis:7.4.0
"""
POSTIZ_DOCKERFILE = """\
FROM node:22.20.0-bookworm-slim AS dist
FROM dist AS devcontainer
"""


def test_the_scripts_a_package_s_scripts_run_build_for_the_project(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "package.json").write_text(POSTIZ_PACKAGE_JSON)
    scripts = tmp_path / "var" / "docker"
    scripts.mkdir(parents=True)
    (scripts / "docker-build.sh").write_text(POSTIZ_BUILD)
    (scripts / "docker-create.sh").write_text(POSTIZ_CREATE)
    (tmp_path / "Dockerfile.dev").write_text(POSTIZ_DOCKERFILE)
    (tmp_path / ".devcontainer").mkdir()
    devcontainer = tmp_path / ".devcontainer" / "devcontainer.json"
    devcontainer.write_text('{\n\t"image": "localhost/postiz-devcontainer"\n}\n')
    found = read_package_json(str(tmp_path / "package.json"))
    assert {(Path(i.site.path).name, i.site.line, i.name) for i in found.built} == {
        ("docker-build.sh", 4, "localhost/postiz"),
        ("docker-build.sh", 5, "localhost/postiz-devcontainer"),
    }
    # (a script that builds nothing is read where it is, not for each package that runs it)
    assert list(found.scan) == []
    # Named alone, the devcontainer's image is the project's build, not a pull.
    (image,) = scan_paths([str(devcontainer)])
    assert image.built is not None
    assert (Path(image.built.path).name, image.built.line) == ("docker-build.sh", 5)
    # A scan finds the pull once, and the image the build script makes is built there too.
    scan = scan_paths([str(tmp_path)])
    assert len([o for o in scan if o.text == "redis:7.4.0"]) == 1
    (created,) = [o for o in scan if o.text == "localhost/postiz"]
    assert created.built is not None


def test_what_a_building_script_pulls_is_read_with_its_runner(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "package.json").write_text(
        '{"scripts": {\n"e2e": "E2E_IMAGE=redis:7.4.0 ./scripts/e2e.sh"\n}}'
    )
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "e2e.sh").write_text(
        'docker build -t acme/e2e .\ndocker run --rm "$E2E_IMAGE"\n'
    )
    found = read_package_json(str(tmp_path / "package.json"))
    assert {i.name for i in found.built} == {"acme/e2e"}
    runner = f"{tmp_path / 'package.json'}:2"
    assert [(o.line, o.text, o.context.get("run_by")) for o in found.scan] == [
        (2, "redis:7.4.0", runner)
    ]


# redis/ioredis (trimmed): its workflow runs `npm run docker:setup` with the matrix's
# REDIS_VERSION, and the script's compose file runs the image of that version.
IOREDIS_WORKFLOW = """\
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        redis: ["8.2", "rs-7.4.0-v1"]
    steps:
      - uses: actions/checkout@v6
      - run: npm run docker:setup
        env:
          REDIS_VERSION: ${{ matrix.redis }}
      - run: yarn --silent pull
        env:
          V: ${{ matrix.redis }}
      - run: pnpm install
        env:
          V: '9.9'
"""
IOREDIS_PACKAGE = """\
{
  "scripts": {
    "docker:setup": "docker compose -f test/docker-compose.yml up -d --wait",
    "pull": "docker run --rm redis:${V:-7.0}",
    "install": "docker run --rm redis:${V:-7.0}"
  }
}
"""


def test_a_ci_step_s_npm_run_gives_the_script_its_environment(tmp_path: Path) -> None:
    # redis/ioredis: `npm run docker:setup` with `REDIS_VERSION: ${{ matrix.redis }}` runs
    # `redislabs/client-libs-test:${REDIS_VERSION:-…}` of each version (4 missed pulls, survey
    # s48f); read alone, the script has its default. `pnpm install` is pnpm's own command.
    (tmp_path / ".git").mkdir()
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text(IOREDIS_WORKFLOW)
    (tmp_path / "package.json").write_text(IOREDIS_PACKAGE)
    (tmp_path / "test").mkdir()
    (tmp_path / "test" / "docker-compose.yml").write_text(
        "services:\n  single:\n    image: redislabs/client-libs-test:${REDIS_VERSION:-8.0.0}\n"
    )
    texts = {(Path(o.path or "").name, o.text) for o in scan_paths([str(tmp_path)])}
    assert texts == {
        ("docker-compose.yml", "redislabs/client-libs-test:8.0.0"),
        ("docker-compose.yml", "redislabs/client-libs-test:8.2"),
        ("docker-compose.yml", "redislabs/client-libs-test:rs-7.4.0-v1"),
        ("package.json", "redis:7.0"),
        ("package.json", "redis:8.2"),
        ("package.json", "redis:rs-7.4.0-v1"),
    }


def test_the_commands_that_run_a_package_json_script() -> None:
    from tagsense.sources.builds._npm_run import npm_script

    assert npm_script("npm", ["run", "docker:setup"]) == ("docker:setup", "")
    assert npm_script("npm", ["--prefix", "web", "run-script", "e2e"]) == ("e2e", "web")
    assert npm_script("npm", ["test"]) == ("test", "")
    assert npm_script("npm", ["t"]) == ("test", "")
    assert npm_script("/usr/bin/yarn", ["--cwd=api", "e2e", "--", "-x"]) == ("e2e", "api")
    assert npm_script("pnpm", ["-C", "app", "run", "up"]) == ("up", "app")
    for program, words in (
        ("npm", ["ci"]),
        ("npm", ["install"]),
        ("yarn", []),
        ("yarn", ["install"]),
        ("pnpm", ["exec", "up"]),
        ("npx", ["up"]),
    ):
        assert npm_script(program, words) is None, (program, words)
