"""Rust's std::process::Command: the engine commands a Rust source runs give their images
(sources.builds.rust_commands)."""

from __future__ import annotations

import pytest

from tagsense.sources.builds.rust import scan_rust_source

# apache/iggy's core/integration/tests/connectors/fixtures/delta/fixture.rs, cut down
# (Apache-2.0; survey 30c): the words of a chained `.args([…])`, some a run's.
IGGY = """\
        let output = Command::new("docker")
            .args([
                "run",
                "--rm",
                "--network=host",
                "-e",
                &format!("MC_HOST_minio={}", mc_host),
                "minio/mc",
                "mb",
                &format!("minio/{}", MINIO_BUCKET),
            ])
            .output()
            .await
"""

# tensorzero's crates/tensorzero-core/tests/e2e/clickhouse.rs, cut down (Apache-2.0): a
# command bound to a name, given its words by a later statement.
TENSORZERO = """\
                let mut cmd = tokio::process::Command::new("docker");
                cmd.args([
                    "run",
                    "-v",
                    &format!("{large_fixtures_path}:/large-fixtures"),
                    "clickhouse:25.4",
                    "clickhouse-client",
                ]);
                cmd
"""

# sccache's tests/oauth.rs, cut down (Apache-2.0): an array bound to a name first.
SCCACHE = """\
            let args = &[
                "run",
                "--rm",
                "-d",
                "selenium/standalone-chrome-debug:3.14.0",
            ];
            let output = Command::new("docker").args(args).output().unwrap();
"""


def images(text: str) -> list[tuple[int, int, str, str]]:
    return [
        (o.line, o.column, o.text, dict(o.context)["tool"])
        for o in scan_rust_source(text, path="tests/x.rs")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (IGGY, [(8, 18, "minio/mc", "std::process")]),
        (TENSORZERO, [(6, 22, "clickhouse:25.4", "std::process")]),
        # (the array's words are elsewhere: the command's line)
        (SCCACHE, [(7, 13, "selenium/standalone-chrome-debug:3.14.0", "std::process")]),
        # `.arg()` calls, a constant, another call between them, podman
        (
            'const IMG: &str = "busybox:1.36";\n'
            'Command::new("podman").arg("run").env("A", "b").arg(IMG).status();',
            [(2, 1, "busybox:1.36", "std::process")],
        ),
        (
            'std::process::Command::new("docker").args(&["pull", "redis:7"]);',
            [(1, 54, "redis:7", "std::process")],
        ),
        (
            'Command::new("docker").args(vec!["pull", "redis:7"]);',
            [(1, 43, "redis:7", "std::process")],
        ),
    ],
)
def test_the_image_a_command_runs_or_pulls(
    text: str, expected: list[tuple[int, int, str, str]]
) -> None:
    assert images(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        'Command::new("docker").args(["run", &image]).output();',  # (a run's image)
        'Command::new("docker").args(words).output();',  # (a slice not known)
        'Command::new("docker").args(["ps", "-a"]).output();',
        'Command::new("cargo").args(["run", "redis:7"]).output();',
        '// Command::new("docker").args(["run", "redis:7"]);',
        # an image the source builds is run from the engine's store (sccache's harness)
        'const IMG: &str = "dist_test_image";\n'
        'Command::new("docker").args(["build", "-q", "-t", IMG, "-"]).spawn();\n'
        'Command::new("docker").args(["run", "--rm", IMG]).output();',
    ],
)
def test_what_gives_no_image(text: str) -> None:
    assert images(text) == []
