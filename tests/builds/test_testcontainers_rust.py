"""Testcontainers for Rust: the images Rust tests start are pulls
(sources.builds.testcontainers_rust)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tagsense.sources import scan_paths
from tagsense.sources.builds import build_tool
from tagsense.sources.builds.rust import scan_rust_source

if TYPE_CHECKING:
    from pathlib import Path

# apache/iggy's core/integration/tests/connectors/fixtures/clickhouse/container.rs, cut down
# (Apache-2.0; survey 30c): the name and the tag are the file's constants.
IGGY = """\
use testcontainers_modules::testcontainers::{ContainerAsync, GenericImage, ImageExt};

const CLICKHOUSE_IMAGE: &str = "clickhouse/clickhouse-server";
const CLICKHOUSE_TAG: &str = "25.1";
const CLICKHOUSE_HTTP_PORT: u16 = 8123;

impl ClickHouseContainer {
    pub async fn start() -> Result<Self, TestBinaryError> {
        let container = GenericImage::new(CLICKHOUSE_IMAGE, CLICKHOUSE_TAG)
            .with_exposed_port(CLICKHOUSE_HTTP_PORT.tcp())
            .start()
            .await
    }
}
"""


def images(text: str) -> list[tuple[int, int, str]]:
    return [(o.line, o.column, o.text) for o in scan_rust_source(text, path="tests/x.rs")]


def test_a_generic_image_of_the_file_s_constants_is_pulled_where_its_name_is_written() -> None:
    assert images(IGGY) == [(3, 33, "clickhouse/clickhouse-server:25.1")]


USE = "use testcontainers::{GenericImage, runners::AsyncRunner};\n"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        # literals, the trailing comma rustfmt may leave, a path to the type
        ('GenericImage::new("redis", "7.2.4")', [(2, 20, "redis:7.2.4")]),
        ('testcontainers::GenericImage::new(\n  "redis",\n  "7",\n)', [(3, 4, "redis:7")]),
        # `pub(crate) static` with a 'static lifetime
        (
            'pub(crate) static IMG: &\'static str = "minio/minio";\n'
            "fn f<'a>(x: &'a str) { GenericImage::new(IMG, \"RELEASE.2025-09-07T16-13-09Z\"); }",
            [(2, 40, "minio/minio:RELEASE.2025-09-07T16-13-09Z")],
        ),
        # a constant used twice is reported once
        (
            'const N: &str = "mongo";\nconst T: &str = "7";\n'
            "GenericImage::new(N, T);\nGenericImage::new(N, T);",
            [(2, 18, "mongo:7")],
        ),
    ],
)
def test_what_a_generic_image_is_given(code: str, expected: list[tuple[int, int, str]]) -> None:
    assert images(USE + code) == expected


@pytest.mark.parametrize(
    "code",
    [
        "GenericImage::new(image, tag)",  # (parameters: a run's)
        'GenericImage::new(&format!("{}", name), "1")',
        '// GenericImage::new("redis", "7")',
        '/* GenericImage::new("redis", "7") */',
        'GenericImage::new(IMAGE, "7")',  # (a constant of another file)
        'Postgres::default().with_tag("16")',  # (a module's image is the crate's: not guessed)
        'const N: &str = "a";\nconst N: &str = "b";\nGenericImage::new(N, "1")',
    ],
)
def test_what_is_not_read(code: str) -> None:
    assert images(USE + code) == []


def test_a_source_that_does_not_use_the_library_gives_nothing() -> None:
    assert images('fn main() { GenericImage::new("redis", "7"); }') == []


def test_a_scan_finds_the_sources_that_start_containers(tmp_path: Path) -> None:
    fixtures = tmp_path / "tests" / "common"
    fixtures.mkdir(parents=True)
    (fixtures / "clickhouse.rs").write_text(IGGY)
    (fixtures / "other.rs").write_text('fn main() { println!("redis:7"); }\n')
    assert build_tool("tests/common/clickhouse.rs") == "testcontainers"
    found = [(o.path, o.text, o.kind) for o in scan_paths([str(tmp_path)])]
    assert found == [
        (str(fixtures / "clickhouse.rs"), "clickhouse/clickhouse-server:25.1", "testcontainers")
    ]
