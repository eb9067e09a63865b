"""A Go package's own functions and methods that pull an image made of their parameters
(the Docker Engine's Go client, a testcontainers-go module's ``Run``), read at each call with
the caller's arguments; a caller's value from a function that returns an environment
variable's value or its default (sources.builds._go_docker_sdk, ._go_image_helpers,
._go_source)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tagsense.sources.builds import read_build_file
from tagsense.sources.builds._go_source import go_file, package_values, resolve
from tagsense.sources.discover import discover

if TYPE_CHECKING:
    from pathlib import Path

# hatchet-dev/hatchet's cmd/hatchet-cli/cli/internal/drivers/docker/hatchet_lite.go, cut down:
# the client is a field of the driver (declared in another file of the package, which imports
# `github.com/docker/docker/client`); this file imports only the API's types.
DRIVER = """\
package docker

import (
	"context"

	"github.com/docker/docker/api/types/container"
	"github.com/docker/docker/api/types/image"
)

func (d *DockerDriver) startPostgres(ctx context.Context, opts *Opts) error {
	imageName := "postgres:17"
	if err := d.pullImageWithPolicy(ctx, imageName, opts.pullPolicy); err != nil {
		return err
	}
	config := &container.Config{Image: imageName}
	_, err := d.apiClient.ContainerCreate(ctx, config, nil, nil, nil, "pg")
	return err
}

func (d *DockerDriver) startLite(ctx context.Context, opts *Opts) error {
	imageName := opts.imageRepo + ":" + opts.imageTag
	return d.pullImageWithPolicy(ctx, imageName, opts.pullPolicy)
}

func (d *DockerDriver) startCache(ctx context.Context, version string) error {
	pullRef(ctx, d.apiClient, "redis", "7.2")
	pullRef(ctx, d.apiClient, "valkey", version)
	return d.apiClient.ImagePull(ctx, "busybox:1.37", image.PullOptions{})
}

func (d *DockerDriver) pullImageWithPolicy(ctx context.Context, imageName, policy string) error {
	if policy == "never" {
		return nil
	}
	out, err := d.apiClient.ImagePull(ctx, imageName, image.PullOptions{})
	if err != nil {
		return err
	}
	return out.Close()
}

func pullRef(ctx context.Context, cli Client, repository, tag string) {
	cli.ImagePull(ctx, repository+":"+tag, image.PullOptions{})
}
"""


def test_a_wrapper_of_the_engine_client_s_image_pull_pulls_its_callers_arguments(
    tmp_path: Path,
) -> None:
    # hatchet-dev/hatchet: `hatchet server start` (run by its CLI end-to-end workflow) pulls
    # postgres:17 through the driver's pullImageWithPolicy method, whose ImagePull is given
    # its parameter (survey s61a M2). A function wrapper's arguments are joined as its body
    # joins them; an argument the caller does not settle gives nothing, as does the wrappers'
    # own ImagePull of a parameter; a direct ImagePull is still read.
    (tmp_path / "go.mod").write_text("module example.com/cli\n\ngo 1.24\n", encoding="utf-8")
    source = tmp_path / "hatchet_lite.go"
    source.write_text(DRIVER, encoding="utf-8")
    assert [path for path, _ in discover([str(tmp_path)])] == [str(source)]
    found = read_build_file(str(source)).scan
    assert [
        (o.line, o.raw, o.text, o.kind, dict(o.context)["call"], dict(o.context).get("helper"))
        for o in found
    ] == [
        (11, "postgres:17", "postgres:17", "docker-sdk", "ImagePull", "pullImageWithPolicy"),
        (26, "redis", "redis:7.2", "docker-sdk", "ImagePull", "pullRef"),
        (28, "busybox:1.37", "busybox:1.37", "docker-sdk", "ImagePull", None),
    ]


def test_a_wrapper_s_calls_in_a_file_that_never_pulls_are_read_once(tmp_path: Path) -> None:
    # The driver's wrapper is declared where the client is; the file that starts PostgreSQL
    # calls it and never names ImagePull, so no reader reads it alone: the first file of the
    # package that pulls (by path) reads it, once, and reports the image in it.
    (tmp_path / "go.mod").write_text("module example.com/cli\n\ngo 1.24\n", encoding="utf-8")
    (tmp_path / "docker.go").write_text(
        "package docker\n\n"
        'import (\n\t"context"\n\n\t"github.com/docker/docker/client"\n)\n\n'
        "func (d *Driver) pull(ctx context.Context, ref string) error {\n"
        "\t_, err := d.cli.ImagePull(ctx, ref, client.ImagePullOptions{})\n"
        "\treturn err\n"
        "}\n",
        encoding="utf-8",
    )
    (tmp_path / "postgres.go").write_text(
        "package docker\n\n"
        "func (d *Driver) startPostgres() error {\n"
        '\treturn d.pull(ctx, "postgres:16.4")\n'
        "}\n",
        encoding="utf-8",
    )
    (tmp_path / "redis.go").write_text(
        "package docker\n\n"
        'import "github.com/docker/docker/api/types/image"\n\n'
        "func (d *Driver) startRedis() error {\n"
        '\td.cli.ImagePull(ctx, "redis:7.4", image.PullOptions{})\n'
        '\treturn d.pull(ctx, "valkey/valkey:8.1")\n'
        "}\n",
        encoding="utf-8",
    )
    read = [path for path, _ in discover([str(tmp_path)])]
    assert read == [str(tmp_path / "docker.go"), str(tmp_path / "redis.go")]
    found = [(o.path, o.line, o.text) for path in read for o in read_build_file(path).scan]
    assert found == [
        (str(tmp_path / "postgres.go"), 4, "postgres:16.4"),
        (str(tmp_path / "redis.go"), 6, "redis:7.4"),
        (str(tmp_path / "redis.go"), 7, "valkey/valkey:8.1"),
    ]


def test_a_method_that_pulls_no_parameter_is_no_wrapper(tmp_path: Path) -> None:
    # A method whose ImagePull is given a constant pulls it once, where it is written; its
    # callers' arguments pull nothing (a `docker/docker/client` import, the older marker).
    (tmp_path / "go.mod").write_text("module example.com/cli\n\ngo 1.24\n", encoding="utf-8")
    source = tmp_path / "pull.go"
    source.write_text(
        "package main\n\n"
        'import (\n\t"context"\n\n\t"github.com/docker/docker/client"\n)\n\n'
        "func (d *D) warm(ctx context.Context, name string) {\n"
        '\td.cli.ImagePull(ctx, "alpine:3.21", client.ImagePullOptions{})\n'
        "}\n\n"
        "func run(d *D) {\n"
        '\td.warm(ctx, "nginx:1.27")\n'
        "}\n",
        encoding="utf-8",
    )
    found = read_build_file(str(source)).scan
    assert [(o.line, o.text) for o in found] == [(10, "alpine:3.21")]


# hatchet-dev/hatchet's pkg/testing/harness/engine.go, cut down: the harness reads its test
# matrix from the environment, and starts PostgreSQL of the version it is given.
HARNESS = """\
package harness

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/testcontainers/testcontainers-go/modules/postgres"
	"github.com/testcontainers/testcontainers-go/modules/redis"
)

func getEnvConfig() (string, bool, string) {
	migrateStrategy := os.Getenv("TESTING_MATRIX_MIGRATE")
	if migrateStrategy == "" {
		migrateStrategy = "latest" // Default value
	}
	rabbitmqEnabled := strings.ToLower(os.Getenv("TESTING_MATRIX_RABBITMQ_ENABLED")) == "true"
	pgVersion := os.Getenv("TESTING_MATRIX_PG_VERSION")
	if pgVersion == "" {
		pgVersion = "16-alpine" // Default value
	}
	return migrateStrategy, rabbitmqEnabled, pgVersion
}

func redisVersion() string {
	v, ok := os.LookupEnv("REDIS_VERSION")
	if !ok {
		return "7.4"
	}
	return v
}

func cacheVersion() string {
	return os.Getenv("CACHE_VERSION")
}

func startEngine() {
	ctx := context.Background()
	migrateStrategy, rabbitmqEnabled, pgVersion := getEnvConfig()
	startPostgres(ctx, pgVersion)
	startRedis(ctx, redisVersion())
	startRedis(ctx, cacheVersion())
	_, _, again := getEnvConfig()
	again = "15"
	startPostgres(ctx, again)
}

func startPostgres(ctx context.Context, pgVersion string) {
	postgres.Run(ctx, fmt.Sprintf("postgres:%s", pgVersion), postgres.WithDatabase("test"))
}

func startRedis(ctx context.Context, version string) {
	redis.Run(ctx, "redis:"+version)
}
"""


def test_a_module_run_of_a_parameter_is_read_with_an_environment_default_of_its_caller(
    tmp_path: Path,
) -> None:
    # hatchet-dev/hatchet's harness: startPostgres(ctx, pgVersion) runs
    # fmt.Sprintf("postgres:%s", pgVersion), pgVersion the third result of getEnvConfig(),
    # TESTING_MATRIX_PG_VERSION or "16-alpine" (a plain `go test`; survey s61a M1). A name
    # assigned again, a function whose result has no default, are not read; the one-`return`
    # function with several returns (redisVersion) is not read either.
    (tmp_path / "go.mod").write_text("module example.com/h\n\ngo 1.24\n", encoding="utf-8")
    source = tmp_path / "engine.go"
    source.write_text(HARNESS, encoding="utf-8")
    assert [path for path, _ in discover([str(tmp_path)])] == [str(source)]
    found = read_build_file(str(source)).scan
    assert [(o.line, o.raw, o.text, dict(o.context)["call"]) for o in found] == [
        (21, "16-alpine", "postgres:16-alpine", "startPostgres"),
    ]


def test_a_function_s_one_result_is_its_environment_default() -> None:
    # `cfg()` alone, or one of `a, b := cfg2()`, is the value its function returns when the
    # variable is unset; a call given arguments, a result count that differs, a function with
    # parameters are not.
    file = go_file(
        "package x\n\n"
        'import "os"\n\n'
        "func cfg() string {\n"
        '\tv := os.Getenv("V")\n'
        '\tif v == "" {\n'
        '\t\tv = "1.2"\n'
        "\t}\n"
        "\treturn v\n"
        "}\n\n"
        "func cfg2() (string, string) {\n"
        '\ta := os.Getenv("A")\n'
        '\tif a == "" {\n'
        '\t\ta = "a1"\n'
        "\t}\n"
        '\treturn a, os.Getenv("B")\n'
        "}\n\n"
        "func param(k string) string {\n"
        "\tv := os.Getenv(k)\n"
        '\tif v == "" {\n'
        '\t\tv = "p"\n'
        "\t}\n"
        "\treturn v\n"
        "}\n\n"
        "func use() {\n"
        "\tx, y := cfg2()\n"
        "\tp, q, r := cfg2()\n"
        "\tz := cfg()\n"
        "\tw := cfg(1)\n"
        '\tu := param("K")\n'
        "}\n",
        "x.go",
    )
    known = package_values([file])
    scope = file.functions[-1]

    def value(name: str) -> str | None:
        found = resolve(file, name, file.code.index("func use"), scope, known)
        return None if found is None else found.text

    assert [value(name) for name in ("x", "y", "p", "z", "w", "u")] == [
        "a1", None, None, "1.2", None, None,
    ]  # fmt: skip
