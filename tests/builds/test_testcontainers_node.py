"""Testcontainers for Node.js: the images JavaScript and TypeScript tests start are pulls
(sources.builds.testcontainers_node, read by sources.builds.node)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import given, settings
from hypothesis import strategies as st

from tagsense.sources import scan_paths
from tagsense.sources.builds import build_tool, read_build_file
from tagsense.sources.builds.node import scan_node_source
from tagsense.sources.discover import discover

if TYPE_CHECKING:
    from pathlib import Path

# triggerdotdev/trigger.dev's internal-packages/testcontainers/src/utils.ts, s2.ts and
# minio.ts, cut down (survey 21d).
TRIGGER = """\
import type { StartedPostgreSqlContainer } from "@testcontainers/postgresql";
import { PostgreSqlContainer } from "@testcontainers/postgresql";
import { RedisContainer } from "@testcontainers/redis";
import { GenericContainer, Wait } from "testcontainers";

const S2_LITE_IMAGE =
  "ghcr.io/s2-streamstore/s2:0.40.0@sha256:b26249e2ede0949755f5af8028185dc2bcfc3aa2db21eb9610543d144eb6ee9d";

export class MinIOContainer extends GenericContainer {
  private readonly port = 9000;

  constructor(image = "minio/minio:latest") {
    super(image);
  }
}

export async function createPostgresContainer(imageTag: string) {
  const container = await withCiResourceLimits(new PostgreSqlContainer("docker.io/postgres:14"))
    .withDatabase("postgres")
    .start();
  let builder = withCiResourceLimits(new PostgreSqlContainer(imageTag));
  let redis = withCiResourceLimits(new RedisContainer("redis:7.2"));
  const electric = await withCiResourceLimits(
    new GenericContainer(
      "electricsql/electric:1.2.4"
    )
  ).start();
  const s2 = new GenericContainer(S2_LITE_IMAGE).withExposedPorts(80);
}
"""


def images(text: str) -> list[tuple[int, int, str, str]]:
    return [(o.line, o.column, o.raw, o.text) for o in scan_node_source(text, path="t.test.ts")]


def test_the_images_the_tests_start_are_pulled_where_they_are_written() -> None:
    found = scan_node_source(TRIGGER, path="utils.ts")
    s2 = "ghcr.io/s2-streamstore/s2:0.40.0@sha256:" + "b26249e2ede0949755f5af8028185dc2bc"
    s2 += "fc3aa2db21eb9610543d144eb6ee9d"
    assert [(o.line, o.column, o.text, o.context["call"]) for o in found] == [
        (7, 4, s2, "GenericContainer"),
        (12, 24, "minio/minio:latest", "MinIOContainer"),
        (18, 73, "docker.io/postgres:14", "PostgreSqlContainer"),
        (22, 56, "redis:7.2", "RedisContainer"),
        (25, 8, "electricsql/electric:1.2.4", "GenericContainer"),
    ]
    first = found.occurrences[0]
    assert first.kind == "testcontainers"
    assert dict(first.context) == {"tool": "testcontainers", "call": "GenericContainer"}
    assert found.occurrences[2].normalized == "docker.io/library/postgres:14"


def test_every_way_to_import_the_library_is_read() -> None:
    calls = 'new A("a:1"); new tc.GenericContainer("b:2"); new C("c:3"); new lib.X("d:4");'
    text = (
        'import { GenericContainer as AContainer } from "testcontainers";\n'
        "import * as tc from 'testcontainers';\n"
        'const { RedisContainer: CContainer } = require("@testcontainers/redis");\n'
        'const lib = require("testcontainers");\n'
        + calls.replace("new A(", "new AContainer(")
        .replace("new C(", "new CContainer(")
        .replace("lib.X(", "lib.KafkaContainer(")
    )
    assert [o.text for o in scan_node_source(text)] == ["a:1", "b:2", "c:3", "d:4"]


# from chartbrew/chartbrew@944afa1ac8e900af77a0694fcb577e488a2e2f7f
# server/tests/helpers/testDbManager.js (cut down; survey 36c: its two images missed)
CHARTBREW = """\
let GenericContainer = null;
let Wait = null;

class TestDbManager {
  async start() {
    try {
      const testcontainers = await import("testcontainers");
      GenericContainer = testcontainers.GenericContainer;
      Wait = testcontainers.Wait;
    } catch (error) {
      throw new Error(`Testcontainers is required for server tests: ${error.message}`);
    }
  }

  async startMySQL() {
    this.container = await new GenericContainer("mysql:8.0")
      .withExposedPorts(3306)
      .start();
  }

  async startPostgres() {
    this.container = await new GenericContainer("postgres:15").start();
  }
}
"""


def test_a_dynamic_import_s_classes_are_read() -> None:
    assert [(o.line, o.text) for o in scan_node_source(CHARTBREW)] == [
        (16, "mysql:8.0"),
        (22, "postgres:15"),
    ]
    destructured = 'const { GenericContainer: G2Container } = await import("testcontainers");\n'
    assert [o.text for o in scan_node_source(destructured + 'new G2Container("a:1");')] == ["a:1"]
    whole = 'const tc = await import("testcontainers");\nconst { RedisContainer } = tc;\n'
    assert [o.text for o in scan_node_source(whole + 'new RedisContainer("r:7");')] == ["r:7"]
    # (another package's dynamic import, or a class of another object, is not the library's)
    other = CHARTBREW.replace('import("testcontainers")', 'import("@acme/containers")')
    assert scan_node_source(other).occurrences == ()


def test_what_is_not_the_librarys_or_not_written_out_is_not_read() -> None:
    text = """\
import { GenericContainer } from "testcontainers";
import type { PostgreSqlContainer } from "@testcontainers/postgresql";
import { DIContainer } from "@acme/testcontainers";
// new GenericContainer("redis:7")
/* new GenericContainer("mysql:8") */
const url = `http://x//y`; const tag = "7";
new GenericContainer(`redis:${tag}-${variant}`);
new GenericContainer("redis:" + tag);
new GenericContainer(image);
new PostgreSqlContainer("postgres:16");
new DIContainer("app:1");
GenericContainer.fromDockerfile("./docker");
new GenericContainer(`nginx:1.27`);
"""
    assert images(text) == [(13, 23, "nginx:1.27", "nginx:1.27")]
    assert images(text.replace('"testcontainers"', '"@acme/containers"')) == []


def test_a_template_literal_of_the_files_constants_is_read() -> None:
    # ChainSafe/lodestar's packages/test-utils/src/externalSigner.ts (Apache-2.0), trimmed:
    # the web3signer image its end-to-end tests start (survey 23d: missed)
    text = (
        'import {GenericContainer, Wait} from "testcontainers";\n'
        'const web3signerVersion = "24.2.0";\n'
        "const startedContainer = await new GenericContainer("
        "`consensys/web3signer:${web3signerVersion}`)\n"
        "  .withHealthCheck({interval: 1000})\n  .start();\n"
    )
    assert images(text) == [
        (3, 54, "consensys/web3signer:${web3signerVersion}", "consensys/web3signer:24.2.0")
    ]
    # (a name the file does not declare, an expression, a line break: a run's)
    for made in ("${version}", "${web3signerVersion + 1}", "${web3signerVersion}\\n"):
        assert images(text.replace("${web3signerVersion}`", made + "`")) == []


# homarr-labs/homarr's packages/integrations/test/technitium.spec.ts (Apache-2.0), trimmed:
# one container a version of the list (survey 30b: 3 images missed).
HOMARR = """\
import { GenericContainer, Wait } from "testcontainers";

type VersionEntry = {
  tag: string;
  apiVersion: TechnitiumVersion;
};

const VERSIONS: VersionEntry[] = [
  { tag: "latest", apiVersion: "v15" },
  { tag: "14.3.0", apiVersion: "legacy" },
  { tag: "11.5.3", apiVersion: "legacy" },
];

beforeAll(async () => {
  await Promise.all(
    VERSIONS.map(async ({ tag, apiVersion }) => {
      const container = await new GenericContainer(`technitium/dns-server:${tag}`)
        .withExposedPorts(5380)
        .start();
    }),
  );
});
"""


def test_a_template_of_a_loop_s_variable_is_each_element_s_image() -> None:
    raw = "technitium/dns-server:${tag}"
    expected = [
        (17, 53, raw, f"technitium/dns-server:{tag}") for tag in ("latest", "14.3.0", "11.5.3")
    ]
    assert images(HOMARR) == expected
    # (an element whose value is a run's, or no literal: nothing)
    assert images(HOMARR.replace('tag: "14.3.0"', "tag: process.env.TAG")) == []
    assert images(HOMARR.replace('tag: "14.3.0"', 'version: "14.3.0"')) == []
    # (a name no loop binds: a run's)
    assert images(HOMARR.replace("{ tag, apiVersion }", "{ version, apiVersion }")) == []


def test_the_loops_over_a_written_list() -> None:
    head = 'import { PostgreSqlContainer } from "@testcontainers/postgresql";\n'
    start = "new PostgreSqlContainer(`postgres:${v}-alpine`)"
    for loop in (
        'for (const v of ["16.4", "17.2"]) {\n  ' + start + ";\n}\n",
        'const PG = ["16.4", "17.2"] as const;\nPG.forEach((v) => ' + start + ");\n",
        '["16.4", "17.2"].map(v => ' + start + ");\n",
        'describe.each(["16.4", "17.2"])("postgres %s", (v: string) => {\n  ' + start + ";\n});\n",
        'const V = "16.4";\ndescribe.each([{ v: "16.4" }, { v: "17.2" }])("pg", ({ v }) => {\n'
        "  " + start + ";\n});\n",
    ):
        found = [text for _, _, _, text in images(head + loop)]
        assert found == ["postgres:16.4-alpine", "postgres:17.2-alpine"], loop


def test_a_constant_declared_twice_is_not_known() -> None:
    text = (
        'import { GenericContainer } from "testcontainers";\n'
        'const IMAGE: string = "redis:7.2";\nnew GenericContainer(IMAGE);\n'
        'function f() { const IMAGE = "redis:8"; return new GenericContainer(IMAGE); }\n'
    )
    assert images(text) == []
    assert images(text.replace("IMAGE = ", "OTHER = ")) == [(2, 24, "redis:7.2", "redis:7.2")]


def test_only_sources_of_packages_that_depend_on_the_library_are_read(tmp_path: Path) -> None:
    app = tmp_path / "apps" / "web"
    (app / "test").mkdir(parents=True)
    (app / "package.json").write_text('{"devDependencies": {"@testcontainers/redis": "^10"}}')
    (app / "test" / "redis.test.ts").write_text(TRIGGER)
    (app / "test" / "types.d.ts").write_text(TRIGGER)
    (app / "docs").mkdir()
    (app / "docs" / "example.ts").write_text(TRIGGER)
    other = tmp_path / "packages" / "ui"
    other.mkdir(parents=True)
    (other / "package.json").write_text('{"dependencies": {"@acme/testcontainers": "1"}}')
    (other / "t.test.ts").write_text(TRIGGER)  # (its package does not depend on the library)
    found = str(app / "test" / "redis.test.ts")
    assert discover([str(tmp_path)]) == [
        (str(app / "package.json"), "build"),
        (found, "build"),
        (str(other / "package.json"), "build"),
    ]
    assert build_tool(other / "t.test.ts") == "testcontainers"
    assert build_tool(app / "test" / "types.d.ts") is None
    # (named alone, a source means what it means in the scan: pre-commit names one)
    assert list(read_build_file(str(other / "t.test.ts")).scan) == []
    assert len(list(read_build_file(found).scan)) == 5
    assert [(o.path, o.line) for o in scan_paths([str(tmp_path)])] == [
        (found, line) for line in (7, 12, 18, 22, 25)
    ]


def test_a_workspace_roots_dependency_reaches_its_packages(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text('{"devDependencies": {"testcontainers": "^11"}}')
    package = tmp_path / "packages" / "db" / "src"
    package.mkdir(parents=True)
    (package.parent / "package.json").write_text('{"name": "db"}')
    (package / "db.test.mts").write_text(TRIGGER)
    assert (str(package / "db.test.mts"), "build") in discover([str(tmp_path)])
    assert len(list(read_build_file(str(package / "db.test.mts")).scan)) == 5


_PIECES = st.sampled_from(
    [
        'import { GenericContainer } from "testcontainers";\n',
        "import * as tc from 'testcontainers';\n",
        "new ", "GenericContainer", "tc.", "(", ")", '"redis:7"', "'a:1'", "`b:2`", "`${x}`",
        "const X = ", ";", "\n", "//", "/*", "*/", " ", "X", "class A extends ",
        "constructor(image = ", "{", "}", "super(image)", "\\", '"',
    ]
)  # fmt: skip


@given(st.lists(_PIECES, max_size=24).map("".join))
@settings(max_examples=400, deadline=None)
def test_any_text_is_read_without_error_and_each_image_is_where_it_says(text: str) -> None:
    lines = text.split("\n")
    for occurrence in scan_node_source(text, path="t.ts"):
        line = lines[occurrence.line - 1]
        start = occurrence.column - 1
        assert line[start : start + len(occurrence.raw)] == occurrence.raw
        assert occurrence.raw == occurrence.text
