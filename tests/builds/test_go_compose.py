"""Go tests that start compose files: testcontainers-go's compose module and rudderlabs'
compose-test (sources.builds._go_compose).

rudderlabs/rudder-server's warehouse tests run ``testcompose.New(t,
compose.FilePaths([]string{"testdata/docker-compose.postgres.yml",
"../testdata/docker-compose.minio.yml"}))``: the files live in ``testdata/``, which tagsense
otherwise reads as a test's input, so 20 images they pull were missed (survey 32c).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest

from tagsense import find_references
from tagsense.sources.builds._go_compose import compose_runs
from tagsense.sources.builds._go_source import go_file

if TYPE_CHECKING:
    from pathlib import Path

RUDDER = """package postgres_test

import (
\t"testing"

\t"github.com/rudderlabs/compose-test/compose"
\t"github.com/rudderlabs/compose-test/testcompose"
)

func TestIntegration(t *testing.T) {
\tc := testcompose.New(t, compose.FilePaths([]string{"testdata/docker-compose.postgres.yml", \
"../testdata/docker-compose.minio.yml"}))
\tc.Start(t)
}
"""

TESTCONTAINERS = """package app_test

import (
\t"testing"

\ttc "github.com/testcontainers/testcontainers-go/modules/compose"
)

const stack = "testdata/stack.yml"

func TestStack(t *testing.T) {
\ta, _ := tc.NewDockerCompose("testdata/docker-compose.yml")
\tb, _ := tc.NewDockerComposeWith(tc.WithStackFiles(stack, "testdata/extra.yml"))
\t_, _ = a, b
}
"""


def runs(text: str, path: str) -> list[tuple[tuple[str, ...], int]]:
    return [(run.files, run.site.line) for run in compose_runs(go_file(text, path), {})]


def test_compose_test_s_file_paths_are_run_from_the_package_directory() -> None:
    path = os.path.join("/p", "warehouse", "integrations", "postgres", "postgres_test.go")
    ((files, line),) = runs(RUDDER, path)
    assert files == (
        os.path.join("/p", "warehouse", "integrations", "postgres", "testdata",
                     "docker-compose.postgres.yml"),
        os.path.join("/p", "warehouse", "integrations", "testdata", "docker-compose.minio.yml"),
    )  # fmt: skip
    assert line == 11


def test_testcontainers_go_s_compose_calls_with_a_package_constant() -> None:
    path = os.path.join("/p", "app_test.go")
    from tagsense.sources.builds._go_source import package_values

    file = go_file(TESTCONTAINERS, path)
    found = [run.files for run in compose_runs(file, package_values([file]))]
    assert found == [
        (os.path.join("/p", "testdata", "docker-compose.yml"),),
        (os.path.join("/p", "testdata", "stack.yml"), os.path.join("/p", "testdata", "extra.yml")),
    ]


@pytest.mark.parametrize(
    "text",
    [
        RUDDER.replace('"github.com/rudderlabs/compose-test/compose"', '"example.com/compose"'),
        RUDDER.replace('[]string{"testdata/docker-compose.postgres.yml", ', "[]string{path, "),
        RUDDER.replace("compose.FilePaths([]string{", "compose.FilePaths(files(), []string{"),
        TESTCONTAINERS.replace("tc.NewDockerCompose(", "tc.Other("),
    ],
)
def test_what_a_run_decides_or_another_library_gives_no_run(text: str) -> None:
    # (the stack constant is not known here: only NewDockerCompose's literal would run)
    assert runs(text, os.path.join("/p", "x_test.go")) == []


def test_the_compose_files_a_go_test_starts_are_pulled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "go.mod").write_text("module example.com/p\n")
    package = tmp_path / "warehouse" / "integrations" / "postgres"
    (package / "testdata").mkdir(parents=True)
    (package / "testdata" / "docker-compose.postgres.yml").write_text(
        "services:\n  db:\n    image: postgres:15-alpine\n"
    )
    shared = tmp_path / "warehouse" / "integrations" / "testdata"
    shared.mkdir()
    (shared / "docker-compose.minio.yml").write_text(
        "services:\n  minio:\n    image: minio/minio:latest\n"
    )
    (shared / "docker-compose.other.yml").write_text("services:\n  x:\n    image: redis\n")
    monkeypatch.chdir(tmp_path)
    assert [o.text for o in find_references(".")] == []  # (a test's input alone)
    (package / "postgres_test.go").write_text(RUDDER)
    found = sorted((o.path, o.text) for o in find_references("."))
    assert found == [
        (os.path.join("warehouse", "integrations", "postgres", "testdata",
                      "docker-compose.postgres.yml"), "postgres:15-alpine"),
        (os.path.join("warehouse", "integrations", "testdata", "docker-compose.minio.yml"),
         "minio/minio:latest"),
    ]  # fmt: skip


DOCKERTEST = """package kafka_test

import (
\t"testing"

\t"github.com/ory/dockertest/v3"
)

func TestConsumer(t *testing.T) {
\tpool, _ := dockertest.NewPool("")
\t_, _ = pool.BuildAndRunWithOptions("./testdata/aiokafka/Dockerfile", &dockertest.RunOptions{
\t\tName: "aiokafka",
\t})
\t_, _ = pool.BuildAndRun("other", "testdata/other/Dockerfile.test", nil)
\t_, _ = pool.BuildAndRunWithBuildOptions(&dockertest.BuildOptions{ContextDir: "testdata/ctx"}, nil)
}
"""
TESTCONTAINERS_BUILD = """package app_test

import (
\t"testing"

\t"github.com/testcontainers/testcontainers-go"
)

func TestApp(t *testing.T) {
\treq := testcontainers.ContainerRequest{
\t\tFromDockerfile: testcontainers.FromDockerfile{Context: "testdata",
\t\t\tDockerfile: "app.Dockerfile"},
\t}
\t_ = req
}
"""


@pytest.mark.parametrize(
    ("text", "dockerfiles"),
    [
        (DOCKERTEST, [("testdata/aiokafka", "Dockerfile", 11), ("testdata/other",
                      "Dockerfile.test", 14), ("testdata/ctx", "Dockerfile", 15)]),
        (TESTCONTAINERS_BUILD, [("testdata", "app.Dockerfile", 11)]),
        (DOCKERTEST.replace('"./testdata/aiokafka/Dockerfile"', "path"), [
            ("testdata/other", "Dockerfile.test", 14), ("testdata/ctx", "Dockerfile", 15)]),
    ],
)  # fmt: skip
def test_the_dockerfiles_a_go_test_builds(text: str, dockerfiles: list[object]) -> None:
    from tagsense.sources.builds._go_test_builds import dockerfile_builds

    root = os.path.join("/p", "pkg")
    found = dockerfile_builds(go_file(text, os.path.join(root, "x_test.go")), {})
    assert [(b.context, b.dockerfile, b.site.line) for b in found] == [
        (os.path.join(root, context), os.path.join(root, context, name), line)
        for context, name, line in dockerfiles  # type: ignore[misc]
    ]


def test_a_dockerfile_in_test_data_a_go_test_builds_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (rudderlabs/rudder-server's services/streammanager/kafka/testdata/aiokafka/Dockerfile)
    (tmp_path / ".git").mkdir()
    package = tmp_path / "services" / "kafka"
    (package / "testdata" / "aiokafka").mkdir(parents=True)
    (package / "testdata" / "aiokafka" / "Dockerfile").write_text("FROM python:3.9-slim-buster\n")
    monkeypatch.chdir(tmp_path)
    assert [o.text for o in find_references(".")] == []  # (a test's input alone)
    (package / "kafka_test.go").write_text(DOCKERTEST)
    assert [o.text for o in find_references(".")] == ["python:3.9-slim-buster"]
