"""dockerode: the images JavaScript and TypeScript sources pull and run through Docker's API
(sources.builds.dockerode, read by sources.builds.node)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tagsense.sources import scan_paths
from tagsense.sources.builds.node import scan_node_source
from tagsense.sources.discover import discover

if TYPE_CHECKING:
    from pathlib import Path

# drizzle-team/drizzle-orm's integration-tests/tests/relational/pg.test.ts, cut down
# (survey 21d).
DRIZZLE = """\
import 'dotenv/config';
import Docker from 'dockerode';
import getPort from 'get-port';

let globalDocker: Docker;
let pgContainer: Docker.Container;

async function createDockerDB(): Promise<string> {
\tconst docker = (globalDocker = new Docker());
\tconst port = await getPort({ port: 5432 });
\tconst image = 'postgres:14';

\tconst pullStream = await docker.pull(image);
\tpgContainer = await docker.createContainer({
\t\tImage: image,
\t\tEnv: ['POSTGRES_PASSWORD=postgres'],
\t});
\tawait pgContainer.start();
}
"""


def images(text: str) -> list[tuple[int, int, str, str]]:
    found = scan_node_source(text, path="t.test.ts")
    return [(o.line, o.column, o.text, str(o.context["call"])) for o in found]


def test_the_image_a_test_pulls_is_reported_once_where_it_is_written() -> None:
    found = scan_node_source(DRIZZLE, path="pg.test.ts")
    assert images(DRIZZLE) == [(11, 17, "postgres:14", "pull")]
    (occurrence,) = found
    assert occurrence.kind == "docker-sdk"
    assert dict(occurrence.context) == {"tool": "dockerode", "call": "pull"}
    assert occurrence.normalized == "docker.io/library/postgres:14"


def test_each_call_of_a_client_the_file_makes() -> None:
    text = """\
const Dockerode = require("dockerode");
class Runner {
  constructor() { this.docker = new Dockerode({ socketPath: "/var/run/docker.sock" }); }
  async go() {
    await this.docker.pull("alpine:3.20");
    await this.docker.run('busybox:1.37', ["echo"], process.stdout);
    await this.docker.createContainer({ name: "x", Image: `redis:7.4`, Cmd: [] });
    await other.pull("nginx:1.27");
    await this.docker.createContainer({ HostConfig: {}, Image: "mysql:8" });
  }
}
"""
    assert images(text) == [
        (5, 29, "alpine:3.20", "pull"),
        (6, 28, "busybox:1.37", "run"),
        (7, 60, "redis:7.4", "createContainer"),
    ]


def test_without_dockerode_imported_or_written_out_nothing_is_read() -> None:
    assert images(DRIZZLE.replace("'dockerode'", "'@acme/docker'")) == []
    assert images(DRIZZLE.replace("import Docker", "import type Docker")) == []
    made = DRIZZLE.replace("'postgres:14'", "`postgres:${version}`")
    assert images(made) == []
    twice = DRIZZLE.replace("async function", "const image = 'mysql:8';\nasync function")
    assert images(twice) == []


def test_only_sources_of_packages_that_depend_on_dockerode_are_read(tmp_path: Path) -> None:
    tests = tmp_path / "integration-tests" / "tests"
    tests.mkdir(parents=True)
    (tmp_path / "integration-tests" / "package.json").write_text(
        '{"devDependencies": {"dockerode": "^4.0.4"}}'
    )
    (tests / "pg.test.ts").write_text(DRIZZLE)
    (tmp_path / "drizzle-kit").mkdir()
    (tmp_path / "drizzle-kit" / "package.json").write_text('{"name": "drizzle-kit"}')
    (tmp_path / "drizzle-kit" / "pg.test.ts").write_text(DRIZZLE)
    found = str(tests / "pg.test.ts")
    assert (found, "build") in discover([str(tmp_path)])
    assert [(o.path, o.line, o.kind) for o in scan_paths([str(tmp_path)])] == [
        (found, 11, "docker-sdk")
    ]
