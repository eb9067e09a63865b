"""Go tests: the images testcontainers-go, ory/dockertest and Vault's Docker helper start are
pulls (sources.builds.go_containers)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tagsense.sources import scan_paths
from tagsense.sources.builds import build_tool
from tagsense.sources.builds.go_containers import scan_go_source
from tagsense.sources.discover import discover

if TYPE_CHECKING:
    from pathlib import Path


def images(text: str) -> list[tuple[int, str, str, str]]:
    scan = scan_go_source(text, path="x_test.go")
    return [(o.line, o.text, o.kind, o.context["call"]) for o in scan.occurrences]


TESTCONTAINERS = """\
package store

import (
\t"context"

\t"github.com/testcontainers/testcontainers-go"
\ttcpostgres "github.com/testcontainers/testcontainers-go/modules/postgres"
\t"github.com/testcontainers/testcontainers-go/modules/redis"
\t"github.com/testcontainers/testcontainers-go/wait"
)

// k3sImage is pinned: testcontainers.Run(ctx, "commented:1") is not read.
const k3sImage = "rancher/k3s:v1.36.0-k3s1"

func start(ctx context.Context) {
\treq := testcontainers.ContainerRequest{
\t\tImage:        "nginx:1.27-alpine",
\t\tExposedPorts: []string{"80/tcp"},
\t\tWaitingFor:   wait.ForListeningPort("80/tcp"),
\t}
\t_, _ = testcontainers.GenericContainer(ctx, testcontainers.GenericContainerRequest{
\t\tContainerRequest: req, Started: true,
\t})
\t_, _ = tcpostgres.Run(ctx, "postgres:16-alpine", tcpostgres.WithDatabase("db"))
\t_, _ = redis.RunContainer(ctx, testcontainers.WithImage("redis:7.4"))
\t_, _ = testcontainers.Run(ctx, k3sImage)
\t_, _ = testcontainers.Run(ctx, image)
\t_, _ = wait.Run(ctx, "not:an-image")
}
"""


def test_testcontainers_go_s_images_are_read_where_they_are_written() -> None:
    assert images(TESTCONTAINERS) == [
        (13, "rancher/k3s:v1.36.0-k3s1", "testcontainers", "testcontainers.Run"),
        (17, "nginx:1.27-alpine", "testcontainers", "testcontainers.ContainerRequest"),
        (24, "postgres:16-alpine", "testcontainers", "tcpostgres.Run"),
        (25, "redis:7.4", "testcontainers", "testcontainers.WithImage"),
    ]


DOCKERTEST = """\
package sql

import (
\t"github.com/ory/dockertest/v3"
\tv4 "github.com/ory/dockertest/v4"
)

func start(pool *dockertest.Pool, version string) {
\t_, _ = pool.Run("mysql", "8.0.39", []string{"MYSQL_ROOT_PASSWORD=secret"})
\t_, _ = pool.RunWithOptions(&dockertest.RunOptions{
\t\tRepository: "postgres",
\t\tTag:        "16.4",
\t\tEnv:        []string{"POSTGRES_PASSWORD=secret"},
\t})
\t_, _ = pool.RunWithOptions(&dockertest.RunOptions{Repository: "redis"})
\t_, _ = pool.RunWithOptions(&dockertest.RunOptions{Repository: "valkey", Tag: version})
\t_ = pool.RunT(t, "oryd/hydra", v4.WithTag("v2.2.0"), v4.WithoutReuse())
\t_ = pool.RunT(t, "cockroachdb/cockroach", v4.WithTag(cmp.Or(version, "latest-v25.4")))
\t_ = pool.RunT(t, "mariadb", v4.WithoutReuse())
\t_, _ = pool.BuildAndRunWithOptions("./Dockerfile", &dockertest.RunOptions{
\t\tName: "app", Repository: "acme/app", Tag: "test",
\t})
}
"""


# testcontainers/testcontainers-go's options_test.go and modules/influxdb/influxdb_test.go,
# cut down: requests built to test an option, never started.
UNSTARTED = """\
package testcontainers_test

import "github.com/testcontainers/testcontainers-go"

func TestWithLogConsumerConfig(t *testing.T) {
\treq := testcontainers.GenericContainerRequest{
\t\tContainerRequest: testcontainers.ContainerRequest{
\t\t\tImage: "alpine",
\t\t},
\t}
\terr := testcontainers.WithLogConsumerConfig(&testcontainers.LogConsumerConfig{})(&req)
\tgenericReq := &testcontainers.GenericContainerRequest{
\t\tContainerRequest: testcontainers.ContainerRequest{Image: "influxdb:2.7.5-alpine"},
\t}
\t_ = opt.Customize(genericReq)
}

func TestStarted(t *testing.T) {
\tstarted := testcontainers.ContainerRequest{Image: "nginx:1.27"}
\t_, _ = testcontainers.GenericContainer(ctx, testcontainers.GenericContainerRequest{
\t\tContainerRequest: started,
\t})
\t_, _ = testcontainers.GenericContainer(ctx, testcontainers.GenericContainerRequest{
\t\tContainerRequest: testcontainers.ContainerRequest{Image: "redis:7.4"},
\t})
\t_, _ = testcontainers.GenericContainer(ctx, testcontainers.GenericContainerRequest{
\t\tContainerRequest: testcontainers.ContainerRequest{
\t\t\tFromDockerfile: testcontainers.FromDockerfile{Context: "."}, Image: "app:latest",
\t\t},
\t})
}
"""


def test_a_request_no_test_starts_is_not_read() -> None:
    assert [(line, text) for line, text, _, _ in images(UNSTARTED)] == [
        (19, "nginx:1.27"),
        (24, "redis:7.4"),
    ]


def test_dockertest_s_images_are_read_with_their_tags() -> None:
    # (no Tag in RunOptions: dockertest pulls latest; a tag a run decides, or v4 with no
    # WithTag, names no image here)
    assert images(DOCKERTEST) == [
        (9, "mysql:8.0.39", "dockertest", "Pool.Run"),
        (11, "postgres:16.4", "dockertest", "dockertest.RunOptions"),
        (15, "redis", "dockertest", "dockertest.RunOptions"),
        (17, "oryd/hydra:v2.2.0", "dockertest", "Pool.RunT"),
    ]


# openbao/openbao's internal/builtin/logical/rabbitmq/backend_test.go and
# internal/builtin/credential/radius/backend_test.go, cut down (survey 21f).
VAULT_HELPER = """\
package rabbitmq

import (
\t"github.com/openbao/openbao/sdk/v2/helper/docker"
)

func prepare(t *testing.T) {
\trunner, err := docker.NewServiceRunner(docker.RunOptions{
\t\tImageRepo:     "docker.mirror.hashicorp.services/library/rabbitmq",
\t\tImageTag:      "4-management",
\t\tContainerName: "rabbitmq",
\t})
\timageName := "vault_radiusd_any_client"
\timageTag := "latest"
\t_, _ = runner.BuildImage(ctx, containerfile, bCtx,
\t\tdocker.BuildTags([]string{imageName + ":" + imageTag}))
\t_, _ = docker.NewServiceRunner(docker.RunOptions{ImageRepo: imageName, ImageTag: imageTag})
\t_, _ = docker.NewServiceRunner(docker.RunOptions{ImageRepo: repo, ImageTag: "1"})
}
"""


def test_vault_s_docker_helper_runs_its_options_image_but_not_the_one_it_builds() -> None:
    assert images(VAULT_HELPER) == [
        (9, "docker.mirror.hashicorp.services/library/rabbitmq:4-management", "dockertest",
         "docker.RunOptions"),
    ]  # fmt: skip


def test_other_sources_and_names_given_twice_are_not_read() -> None:
    assert images('package x\n\nfunc main() { pool.Run("a", "b", nil) }\n') == []
    twice = (
        'package x\n\nimport "github.com/testcontainers/testcontainers-go"\n\n'
        'var img = "a:1"\n\nfunc f() {\n\timg = "b:2"\n\ttestcontainers.Run(ctx, img)\n}\n'
    )
    assert images(twice) == []
    escaped = (
        'package x\n\nimport "github.com/testcontainers/testcontainers-go"\n\n'
        'func f() { testcontainers.Run(ctx, "a\\x3a1"); testcontainers.Run(ctx, `b:2`) }\n'
    )
    assert [text for _, text, _, _ in images(escaped)] == ["b:2"]


def test_only_go_sources_that_import_a_library_are_read(tmp_path: Path) -> None:
    (tmp_path / "store_test.go").write_text(TESTCONTAINERS)
    (tmp_path / "main.go").write_text('package main\n\nfunc main() { run("nginx:1") }\n')
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "example_test.go").write_text(TESTCONTAINERS)
    assert build_tool("store_test.go") == "testcontainers"
    found = [path.rpartition("/")[2] for path, _ in discover([str(tmp_path)])]
    assert found == ["store_test.go"]
    scan = scan_paths([str(tmp_path)])
    assert {o.text for o in scan.occurrences} == {
        "rancher/k3s:v1.36.0-k3s1",
        "nginx:1.27-alpine",
        "postgres:16-alpine",
        "redis:7.4",
    }


_GO_WORDS = st.sampled_from(
    [
        "testcontainers.Run(", "pool.Run(", "pool.RunT(", "dockertest.RunOptions{",
        "docker.RunOptions{", "ContainerRequest{", "Image:", "Repository:", "Tag:",
        "ImageRepo:", "ImageTag:", "WithTag(", "WithImage(", "BuildTags(", '"a:1"', "`b`",
        '"', "`", "(", ")", "{", "}", ",", "ctx", "x :=", "const y =", "//", "/*", "*/",
        "\n", " ", "\\",
    ]
)  # fmt: skip
_HEADER = (
    'package x\n\nimport (\n\t"github.com/testcontainers/testcontainers-go"\n'
    '\t"github.com/ory/dockertest/v3"\n\t"github.com/hashicorp/vault/sdk/helper/docker"\n)\n'
)


@given(st.lists(_GO_WORDS, max_size=40).map("".join))
def test_any_text_reads_without_raising_and_every_image_is_a_literal_s(body: str) -> None:
    text = _HEADER + body
    for occurrence in scan_go_source(text).occurrences:
        assert occurrence.text.startswith(occurrence.raw) or occurrence.raw in occurrence.text
        assert occurrence.line >= 1 and occurrence.column >= 1
