"""Node scripts that run the engine themselves: child_process, execa and zx
(sources.builds.node_commands, read by sources.builds.node)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tagsense.sources import scan_paths

if TYPE_CHECKING:
    from pathlib import Path

# after hebertcisco/nestjs-techniques-keycloak's scripts/dev-enviroment.cjs (`npm run
# prepare:enviroment`: postgres:11 missed, survey 40g), with the other calls' shapes
SCRIPT = """\
const { execSync, exec, spawn } = require('node:child_process');
import { execa } from "execa";
import { $ } from "zx";

const IMAGE = "redis:7.4.1";
const { POSTGRES_PASSWORD } = process.env;

execSync(
    `docker run --name db_pg -e POSTGRES_PASSWORD=${POSTGRES_PASSWORD} -d postgres:11`,
);
exec("docker rm -f cache; docker run -d --name cache " + "x");
exec(`docker rm -f cache && docker run -d --name cache ${IMAGE}`);
spawn("docker", ["run", "--rm", "-v", `${process.cwd()}:/src`, "alpine:3.20.3", "ls"]);
await execa("podman", ["pull", "docker.io/library/node:22.11.0-alpine"]);
await $`docker pull busybox:1.36.1`;
execSync("docker build -t acme/tool:dev . && docker run --rm acme/tool:dev");
// execSync("docker run --rm ubuntu:24.04")
console.log("docker run --rm debian:12.8");
"""


def test_a_script_s_engine_commands_are_read(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text(
        '{"name": "x", "scripts": {"env": "node scripts/env.cjs"}}'
    )
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "env.cjs").write_text(SCRIPT)
    (tmp_path / "scripts" / "env.test.js").write_text(SCRIPT.replace("postgres", "mysql"))
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.js").write_text(SCRIPT.replace("postgres", "mariadb"))
    found = [(o.path.rsplit("/", 1)[-1], o.line, o.text) for o in scan_paths([str(tmp_path)])]
    assert found == [
        ("env.cjs", 9, "postgres:11"),
        ("env.cjs", 12, "redis:7.4.1"),
        ("env.cjs", 13, "alpine:3.20.3"),
        ("env.cjs", 14, "docker.io/library/node:22.11.0-alpine"),
        ("env.cjs", 15, "busybox:1.36.1"),
    ]
    (pulled,) = [o for o in scan_paths([str(tmp_path)]) if o.line == 9]
    assert pulled.kind == "shell"
    assert pulled.context["tool"] == "child_process"
