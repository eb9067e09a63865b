"""Testcontainers for Go, dockertest and Vault's Docker helper: the images Go tests start are
pulls (sources.builds.testcontainers_go)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tagsense.sources import scan_paths
from tagsense.sources.builds import build_tool, read_build_file
from tagsense.sources.builds._go_source import go_file
from tagsense.sources.builds.testcontainers_go import scan_go_source
from tagsense.sources.discover import discover

if TYPE_CHECKING:
    from pathlib import Path

# gofiber/storage's postgres/postgres_test.go, cut down (survey 21): a constant's default, which
# an environment variable may override, given to a module's Run.
GOFIBER = """\
package postgres

import (
	"os"

	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/modules/postgres"
)

const (
	// postgresImage is the default image used for running Postgres in tests.
	postgresImage              = "public.ecr.aws/docker/library/postgres:16-alpine"
	postgresImageEnvVar string = "TEST_POSTGRES_IMAGE"
)

func newTestConfig(t testing.TB) Config {
	img := postgresImage
	if imgFromEnv := os.Getenv(postgresImageEnvVar); imgFromEnv != "" {
		img = imgFromEnv
	}
	c, err := postgres.Run(ctx, img, postgres.WithUsername("u"))
	testcontainers.CleanupContainer(t, c)
}
"""


def images(text: str) -> list[tuple[int, int, str, str, str]]:
    found = scan_go_source(text, path="x_test.go")
    return [(o.line, o.column, o.raw, o.text, dict(o.context)["call"]) for o in found]


def header(*imports: str) -> str:
    lines = "".join(f"\t{line}\n" for line in imports)
    return f"package x_test\n\nimport (\n{lines})\n\n"


TC = '"github.com/testcontainers/testcontainers-go"'
VAULT = '"github.com/hashicorp/vault/sdk/helper/docker"'


def test_a_module_s_run_pulls_the_image_a_constant_names_where_it_is_written() -> None:
    found = scan_go_source(GOFIBER, path="postgres_test.go")
    assert [(o.line, o.column, o.raw, o.text) for o in found] == [
        (12, 32, *(["public.ecr.aws/docker/library/postgres:16-alpine"] * 2)),
    ]
    first = found.occurrences[0]
    assert first.kind == "testcontainers"
    assert dict(first.context) == {"tool": "testcontainers", "call": "postgres.Run"}


def test_the_library_s_calls_that_start_an_image() -> None:
    text = header(TC, 'tcpg "github.com/testcontainers/testcontainers-go/modules/postgres"') + (
        "func TestX(t *testing.T) {\n"
        '\ta, _ := testcontainers.Run(ctx, "redis:7.4")\n'
        '\tb, _ := tcpg.Run(ctx, `postgres:16`, tcpg.WithDatabase("db"))\n'
        '\tc, _ := tcpg.RunContainer(ctx, testcontainers.WithImage("postgres:15"))\n'
        "\td, _ := testcontainers.GenericContainer(ctx, testcontainers.GenericContainerRequest{\n"
        "\t\tContainerRequest: testcontainers.ContainerRequest{"
        '\tImage: "nginx:1.27", Cmd: []string{"a,b"}},\n'
        "\t\tStarted: true,\n"
        "\t})\n"
        "}\n"
    )
    assert images(text) == [
        (9, 35, "redis:7.4", "redis:7.4", "testcontainers.Run"),
        (10, 25, "postgres:16", "postgres:16", "postgres.Run"),
        (11, 59, "postgres:15", "postgres:15", "testcontainers.WithImage"),
        (13, 62, "nginx:1.27", "nginx:1.27", "testcontainers.ContainerRequest"),
    ]


def test_a_module_s_default_image_is_not_written_and_not_guessed() -> None:
    text = header(TC, '"github.com/testcontainers/testcontainers-go/modules/redis"') + (
        "func TestX(t *testing.T) {\n"
        '\ta, _ := redis.Run(ctx, "")\n'
        "\tb, _ := redis.RunContainer(ctx)\n"
        '\tc, _ := redis.Run(ctx, fmt.Sprintf("redis:%s", v))\n'
        "\td, _ := redis.Run(ctx, version.Image)\n"
        "}\n"
    )
    assert images(text) == []


def test_a_request_only_made_starts_nothing() -> None:
    # testcontainers-go's options_test.go: requests built to test an option's effect.
    text = header(TC) + (
        "func TestWithAlwaysPull(t *testing.T) {\n"
        "\treq := testcontainers.GenericContainerRequest{\n"
        '\t\tContainerRequest: testcontainers.ContainerRequest{Image: "alpine"},\n'
        "\t}\n"
        "\trequire.NoError(t, testcontainers.WithAlwaysPull().Customize(&req))\n"
        "}\n"
        "func TestBuilt(t *testing.T) {\n"
        "\treq := testcontainers.ContainerRequest{\n"
        '\t\tImage: "ignored:1", FromDockerfile: testcontainers.FromDockerfile{Context: "."},\n'
        "\t}\n"
        "\ttestcontainers.GenericContainer(ctx, testcontainers.GenericContainerRequest{"
        "ContainerRequest: req})\n"
        "}\n"
    )
    assert images(text) == []


def test_values_the_source_says_and_only_those() -> None:
    text = header(TC, '"os"') + (
        'const repo = "ghcr.io/acme/db"\n'
        "const (\n"
        "\ttag          = `1.2.3`\n"
        '\tfull  string = repo + ":" + tag\n'
        ")\n"
        'var moved = "redis:7"\n'
        "\n"
        "func TestX(t *testing.T) {\n"
        "\ta, _ := testcontainers.Run(ctx, full)\n"
        '\tb, _ := testcontainers.Run(ctx, repo+":"+"2.0")\n'
        "\tc, _ := testcontainers.Run(ctx, moved)\n"
        '\tlocal := "busybox:1.37"\n'
        "\td, _ := testcontainers.Run(ctx, local)\n"
        '\ttwice := "alpine:3.20"\n'
        '\ttwice = "alpine:3.21"\n'
        "\te, _ := testcontainers.Run(ctx, twice)\n"
        '\timg := "nats:2.10"\n'
        '\tif v, ok := os.LookupEnv("NATS_IMAGE"); ok {\n'
        "\t\timg = v\n"
        "\t}\n"
        "\tf, _ := testcontainers.Run(ctx, img)\n"
        "}\n"
        "\n"
        "func TestY(t *testing.T) {\n"
        '\tmoved = "redis:8"\n'
        "}\n"
        "\n"
        "func start(ctx context.Context, repo string) {\n"
        "\ttestcontainers.Run(ctx, repo)\n"
        "}\n"
    )
    # (each at the literal it starts with; not `moved`, assigned again in TestY, nor `twice`,
    # nor a parameter that hides the package's constant)
    assert images(text) == [
        (8, 15, "ghcr.io/acme/db", "ghcr.io/acme/db:1.2.3", "testcontainers.Run"),
        (8, 15, "ghcr.io/acme/db", "ghcr.io/acme/db:2.0", "testcontainers.Run"),
        (19, 12, "busybox:1.37", "busybox:1.37", "testcontainers.Run"),
        (24, 10, "nats:2.10", "nats:2.10", "testcontainers.Run"),
    ]


def test_a_constant_of_another_file_of_the_package_is_read_at_the_call(tmp_path: Path) -> None:
    (tmp_path / "consts_test.go").write_text(
        'package store_test\n\nconst image = "mongo:7.0"\n', encoding="utf-8"
    )
    (tmp_path / "other.go").write_text(
        'package store\n\nconst image = "mongo:6"\n', encoding="utf-8"
    )
    (tmp_path / "ignored_test.go").write_text(
        '//go:build ignore\n\npackage store_test\n\nconst image = "mongo:5"\n', encoding="utf-8"
    )
    test = tmp_path / "store_test.go"
    test.write_text(
        header('"github.com/testcontainers/testcontainers-go/modules/mongodb"').replace(
            "x_test", "store_test"
        )
        + "func TestStore(t *testing.T) {\n\tc, _ := mongodb.Run(ctx, image)\n}\n",
        encoding="utf-8",
    )
    result = read_build_file(str(test))
    assert [(o.line, o.column, o.raw, o.text) for o in result.scan] == [
        (8, 27, "image", "mongo:7.0")
    ]
    assert set(result.inputs) == {
        str(tmp_path / name) for name in ("consts_test.go", "other.go", "ignored_test.go")
    }


def test_dockertest_s_run_options_and_pool_runs() -> None:
    # pressly/goose's internal/testing/testdb/postgres.go; ory/kratos's op_helpers_test.go (v4).
    text = header('"github.com/ory/dockertest/v3"') + (
        'const (\n\tPOSTGRES_IMAGE = "postgres"\n\tPOSTGRES_VERSION = "16-alpine"\n)\n'
        "func newPostgres() {\n"
        '\tpool, err := dockertest.NewPool("")\n'
        "\toptions := &dockertest.RunOptions{\n"
        "\t\tRepository: POSTGRES_IMAGE,\n"
        "\t\tTag:        POSTGRES_VERSION,\n"
        "\t}\n"
        "\tcontainer, err := pool.RunWithOptions(options)\n"
        '\tlatest, err := pool.RunWithOptions(&dockertest.RunOptions{Repository: "mongo"})\n'
        '\tredis, err := pool.Run("redis", "7.2", nil)\n'
        '\tt.Run("redis", func(t *testing.T) {})\n'
        "}\n"
        "func buildIt(pool *dockertest.Pool) {\n"
        '\tpool.BuildAndRunWithOptions("Dockerfile", '
        '&dockertest.RunOptions{Repository: "app", Tag: "dev"})\n'
        "}\n"
    )
    assert images(text) == [
        (8, 20, "postgres", "postgres:16-alpine", "dockertest.RunOptions"),
        (18, 73, "mongo", "mongo", "dockertest.RunOptions"),
        (19, 26, "redis", "redis:7.2", "Pool.Run"),
    ]
    v4 = header('"github.com/ory/dockertest/v4"') + (
        "func start(t *testing.T) {\n"
        '\tpool := dockertest.NewPoolT(t, "")\n'
        '\thydra, err := pool.Run(ctx, "oryd/hydra", dockertest.WithTag("v2.2.0"), '
        "dockertest.WithoutReuse())\n"
        '\tdb := pool.RunT(t, "postgres", dockertest.WithTag(cmp.Or(version, "16")))\n'
        '\tother := pool.RunT(t, "mysql")\n'
        "}\n"
    )
    assert images(v4) == [(9, 31, "oryd/hydra", "oryd/hydra:v2.2.0", "Pool.Run")]


def test_code_go_test_never_runs_is_not_read() -> None:
    text = header(TC) + (
        "func ExampleRun() {\n"
        '\ttestcontainers.Run(ctx, "nginx:1.27")\n'
        "}\n"
        "\n"
        "func ExampleRun_withOutput() {\n"
        '\ttestcontainers.Run(ctx, "nginx:1.28")\n'
        "\t// Output:\n"
        "\t// true\n"
        "}\n"
        "\n"
        "func TestComment(t *testing.T) {\n"
        '\t// testcontainers.Run(ctx, "nginx:1.29")\n'
        '\t/* testcontainers.Run(ctx, "nginx:1.30") */\n'
        '\tollama.Run(ctx, "ollama", ollama.WithUseLocal())\n'
        "}\n"
    )
    assert [line[3] for line in images(text)] == ["nginx:1.28"]
    assert images("//go:build ignore\n\n" + text) == []


def test_an_alias_a_dot_import_and_an_unrelated_run() -> None:
    text = header(f"tc {TC}", '. "github.com/testcontainers/testcontainers-go/modules/kafka"') + (
        "func TestX(t *testing.T) {\n"
        '\ttc.Run(ctx, "confluentinc/confluent-local:7.5.0")\n'
        '\tRun(ctx, "confluentinc/confluent-local:7.6.0")\n'
        '\tserver.Run(ctx, "not-an-image")\n'
        '\ttestcontainers.Run(ctx, "unknown-alias:1")\n'
        "}\n"
    )
    assert [line[3] for line in images(text)] == [
        "confluentinc/confluent-local:7.5.0",
        "confluentinc/confluent-local:7.6.0",
    ]


def test_go_sources_are_found_where_the_go_tool_reads_them(tmp_path: Path) -> None:
    store = tmp_path / "store"
    store.mkdir()
    (store / "postgres_test.go").write_text(GOFIBER, encoding="utf-8")
    (store / "plain.go").write_text('package store\n\nconst image = "redis:7"\n', encoding="utf-8")
    for left_out in ("testdata", "_examples", ".hidden", "vendor"):
        (tmp_path / left_out).mkdir()
        (tmp_path / left_out / "x_test.go").write_text(GOFIBER, encoding="utf-8")
    found = str(store / "postgres_test.go")
    assert discover([str(tmp_path)]) == [(found, "build")]
    assert build_tool(store / "plain.go") == "testcontainers"
    assert list(read_build_file(str(store / "plain.go")).scan) == []
    assert [(o.path, o.line, o.kind) for o in scan_paths([str(tmp_path)])] == [
        (found, 12, "testcontainers")
    ]


@given(st.text(max_size=300))
def test_any_text_is_read_without_raising(text: str) -> None:
    prefix = header(TC, '"github.com/ory/dockertest/v3"')
    for found in scan_go_source(prefix + text, path="x_test.go"):
        assert found.kind == "testcontainers"
    assert go_file(text).text == text


@given(
    st.lists(
        st.sampled_from(
            [
                "testcontainers.Run(ctx, ",
                "ContainerRequest{",
                "dockertest.RunOptions{",
                "Image:",
                '"redis:7"',
                "`x`",
                "img",
                "const (",
                ")",
                "}",
                "{",
                "(",
                ",",
                "\n",
                "func Example() {\n",
                "\n}\n",
                "img := ",
                "pool.Run(",
                "docker.RunOptions{",
                "ImageRepo:",
                "ImageTag:",
                "BuildTags(",
                "//",
                "/*",
                "'",
                '"',
            ]
        ),
        max_size=40,
    )
)
def test_any_arrangement_of_the_calls_is_read_without_raising(parts: list[str]) -> None:
    prefix = header(TC, '"github.com/ory/dockertest/v3"', VAULT)
    for found in scan_go_source(prefix + "".join(parts), path="x_test.go"):
        assert found.text


def test_a_constant_of_a_package_of_the_module_is_read(tmp_path: Path) -> None:
    # authzed/spicedb's internal/testserver/datastore/mysql.go: the image made of another
    # package's constant (version.MinimumSupportedMySQLVersion); a module `replace`d by a local
    # directory (testcontainers-go's modules) is read too, another module's never.
    (tmp_path / "go.mod").write_text(
        "module github.com/acme/app\n\ngo 1.24\n\n"
        "replace github.com/acme/images => ./third_party/images\n",
        encoding="utf-8",
    )
    version = tmp_path / "internal" / "version"
    version.mkdir(parents=True)
    (version / "version.go").write_text(
        'package version\n\nconst MinimumMySQL = "8.4"\nconst internal = "8.0"\n', encoding="utf-8"
    )
    (version / "version_test.go").write_text(
        'package version\n\nconst TestOnly = "9.0"\n', encoding="utf-8"
    )
    images = tmp_path / "third_party" / "images"
    images.mkdir(parents=True)
    redis = 'package images\n\nconst Redis = "redis:7.4"\n'
    (images / "images.go").write_text(redis, encoding="utf-8")
    test = tmp_path / "store" / "mysql_test.go"
    test.parent.mkdir()
    test.write_text(
        header(
            TC,
            '"github.com/testcontainers/testcontainers-go/modules/mysql"',
            '"github.com/acme/app/internal/version"',
            'img "github.com/acme/images"',
            '"github.com/other/consts"',
        )
        + "func TestMySQL(t *testing.T) {\n"
        '\timage := "mysql:" + version.MinimumMySQL\n'
        "\tc, _ := mysql.Run(ctx, image)\n"
        '\td, _ := mysql.Run(ctx, "mysql:" + version.TestOnly)\n'
        "\te, _ := testcontainers.Run(ctx, img.Redis)\n"
        "\tf, _ := testcontainers.Run(ctx, consts.Image)\n"
        "}\n",
        encoding="utf-8",
    )
    result = read_build_file(str(test))
    assert [(o.line, o.raw, o.text) for o in result.scan] == [
        (12, "mysql:", "mysql:8.4"),
        (15, "img.Redis", "redis:7.4"),
    ]
    assert str(tmp_path / "go.mod") in result.inputs
    assert str(version / "version.go") in result.inputs


TESTUTIL = """package testutil

import (
\t"context"
\t"os/exec"
\t"testing"
)

func runDocker(ctx context.Context, tb testing.TB, args ...string) string {
\tout, _ := exec.CommandContext(ctx, "docker", args...).Output()
\treturn string(out)
}

func RunDocker(tb testing.TB, args ...string) string {
\treturn runDocker(context.Background(), tb, args...)
}

func RunContainer(t *testing.T, args ...string) string {
\treturn RunDocker(t, args...)
}

func RunOther(t *testing.T, args ...string) string {
\treturn RunDocker(t, append(args, "--rm")...)
}

func Docker(args ...string) error {
\treturn exec.Command("docker", args...).Run()
}

func Prepend(t *testing.T, args ...string) {
\texec.Command("docker", append([]string{"run"}, args...)...).Run()
}
"""


def test_a_package_s_function_that_runs_docker_with_its_words_is_read_at_its_calls(
    tmp_path: Path,
) -> None:
    # kopia's internal/testutil: RunContainerAndKillOnCloseOrSkip(t, args...) hands its words
    # through RunDockerAndGetOutputOrSkip to exec.CommandContext(ctx, "docker", args...); its
    # storage tests call it with "run", …, "minio/minio" (missed, the call names no engine).
    (tmp_path / "go.mod").write_text("module github.com/acme/app\n\ngo 1.24\n", encoding="utf-8")
    testutil = tmp_path / "internal" / "testutil"
    testutil.mkdir(parents=True)
    (testutil / "docker.go").write_text(TESTUTIL, encoding="utf-8")
    test = tmp_path / "store" / "s3_test.go"
    test.parent.mkdir()
    test.write_text(
        header('"testing"', '"github.com/acme/app/internal/testutil"')
        + 'const sftpImage = "atmoz/sftp:alpine"\n\n'
        + "func TestS3(t *testing.T, args []string) {\n"
        '\ttestutil.RunContainer(t, "run", "--rm", "-p", "0:9000",\n'
        '\t\t"-d", "minio/minio:RELEASE.2025-01-01T00-00-00Z", "server", "/data")\n'
        '\ttestutil.RunDocker(t, "run", "-d", sftpImage)\n'
        '\ttestutil.RunDocker(t, "pull", "redis:7")\n'
        '\ttestutil.RunOther(t, "run", "nginx:1")\n'  # (not its words alone: not read)
        '\ttestutil.Prepend(t, "alpine:3")\n'  # (words after others: not read)
        "\ttestutil.RunDocker(t, args...)\n"  # (a slice: its words are not known)
        '\ttestutil.Docker("pull", "busybox:1")\n'
        "}\n",
        encoding="utf-8",
    )
    assert (str(test), "build") in discover([str(tmp_path)])
    result = read_build_file(str(test))
    assert [(o.line, o.text, o.kind) for o in result.scan] == [
        (12, "minio/minio:RELEASE.2025-01-01T00-00-00Z", "shell"),
        (13, "atmoz/sftp:alpine", "shell"),
        (14, "redis:7", "shell"),
        (18, "busybox:1", "shell"),
    ]
    assert str(testutil / "docker.go") in result.inputs


def test_dktest_runs_and_golang_migrate_s_container_specs() -> None:
    # golang-migrate/migrate's database/postgres/postgres_test.go and sqlserver_test.go: each
    # spec's image runs with dktest (a commented-out one does not); dktest's own Run.
    text = header(
        '"github.com/dhui/dktest"', '"github.com/golang-migrate/migrate/v4/dktesting"'
    ) + (
        "var (\n"
        "\topts  = dktest.Options{PortRequired: true}\n"
        "\tspecs = []dktesting.ContainerSpec{\n"
        '\t\t{ImageName: "postgres:13", Options: opts},\n'
        '\t\t// {ImageName: "postgres:9.6", Options: opts},\n'
        '\t\t{ImageName: "postgres:17", Options: opts},\n'
        "\t}\n"
        ")\n"
        "func TestRun(t *testing.T) {\n"
        '\tdktest.Run(t, "redis:7.4", opts, func(t *testing.T, c dktest.ContainerInfo) {})\n'
        '\tdktest.RunContext(ctx, log, "redis:7.2", opts, func(c dktest.ContainerInfo) error {})\n'
        '\tspec := dktesting.ContainerSpec{ImageName: "mongo:7.0"}\n'
        "}\n"
    )
    assert [(line[0], line[3], line[4]) for line in images(text)] == [
        (11, "postgres:13", "dktesting.ContainerSpec"),
        (13, "postgres:17", "dktesting.ContainerSpec"),
        (17, "redis:7.4", "dktest.Run"),
        (18, "redis:7.2", "dktest.RunContext"),
        (19, "mongo:7.0", "dktesting.ContainerSpec"),
    ]
    found = scan_go_source(text, path="x_test.go")
    assert {dict(o.context)["tool"] for o in found} == {"dktest"}


def test_efficientgo_e2e_start_options_start_their_image() -> None:
    # thanos-io/thanos's test/e2e (query_test.go, e2ethanos/services.go): a runnable's
    # Init(e2e.StartOptions{Image: …}) starts the image; a constant of the package is read.
    text = header(
        '"github.com/efficientgo/e2e"', 'e2eobs "github.com/efficientgo/e2e/observable"'
    ) + (
        'const redisImage = "docker.io/redis:7.0.4-alpine"\n'
        "func TestJaeger(t *testing.T) {\n"
        '\tj := e.Runnable("jaeger").Init(e2e.StartOptions{\n'
        '\t\tImage:     "jaegertracing/all-in-one:1.33",\n'
        '\t\tReadiness: e2e.NewHTTPReadinessProbe("http", "/", 200, 200),\n'
        "\t})\n"
        '\tr := e.Runnable("redis").Init(e2e.StartOptions{Image: redisImage})\n'
        '\to := e2eobs.AsObservable(r, "http")\n'
        "}\n"
    )
    assert [(line[0], line[3], line[4]) for line in images(text)] == [
        (8, "docker.io/redis:7.0.4-alpine", "e2e.StartOptions"),  # (at its constant)
        (11, "jaegertracing/all-in-one:1.33", "e2e.StartOptions"),
    ]
    assert {dict(o.context)["tool"] for o in scan_go_source(text, path="x_test.go")} == {"e2e"}


def test_a_table_driven_test_starts_each_case_s_image() -> None:
    # testcontainers-go's modules/postgres/postgres_test.go and mongodb_test.go: each case of
    # the table runs; a case without the field starts the module's default (not written).
    text = header('"github.com/testcontainers/testcontainers-go/modules/postgres"') + (
        'const pgvector = "pgvector/pgvector:pg16"\n'
        "func TestPostgres(t *testing.T) {\n"
        "\ttests := []struct {\n"
        "\t\tname  string\n"
        "\t\timage string\n"
        "\t}{\n"
        '\t\t{name: "Postgres", image: "postgres:15.2-alpine"},\n'
        '\t\t{name: "Vector", image: pgvector},\n'
        '\t\t{name: "Default"},\n'
        '\t\t{name: "Made", image: fmt.Sprintf("postgres:%d", 16)},\n'
        "\t}\n"
        "\tfor _, tt := range tests {\n"
        "\t\tt.Run(tt.name, func(t *testing.T) {\n"
        "\t\t\tctr, err := postgres.Run(ctx, tt.image)\n"
        "\t\t})\n"
        "\t}\n"
        "}\n"
        "func TestMap(t *testing.T) {\n"
        "\tcases := map[string]testCase{\n"
        '\t\t"old": {img: "postgres:12"},\n'
        "\t}\n"
        "\tfor _, c := range cases {\n"
        "\t\tpostgres.Run(ctx, c.img)\n"
        "\t}\n"
        "\tfor _, other := range unknown {\n"
        "\t\tpostgres.Run(ctx, other.img)\n"
        "\t}\n"
        "}\n"
    )
    assert [(line[0], line[3]) for line in images(text)] == [
        (7, "pgvector/pgvector:pg16"),
        (13, "postgres:15.2-alpine"),
        (26, "postgres:12"),
    ]


def test_a_one_line_function_ends_on_its_line() -> None:
    text = header(TC) + (
        "func ExampleHelper() { fmt.Println(1) }\n"
        "\n"
        "func TestX(t *testing.T) {\n"
        '\timg := "redis:7.4"\n'
        "\ttestcontainers.Run(ctx, img)\n"
        "}\n"
    )
    assert [line[3] for line in images(text)] == ["redis:7.4"]


def test_a_magefile_s_container_runs_are_pulls() -> None:
    # authzed/spicedb's magefiles/lint.go: its lint targets run tools' images with docker.
    text = header('"github.com/magefile/mage/sh"', '"fmt"') + (
        'const prettier = "ghcr.io/tmknom/dockerfiles/prettier:3.6.2"\n'
        "func (Lint) Yaml() error {\n"
        '\tcwd := "."\n'
        '\terr := sh.RunV("docker", "run", "--rm", "-v", fmt.Sprintf("%s:/src:ro", cwd), '
        'prettier, "-c", ".")\n'
        '\treturn sh.RunV("docker", "run", "--rm",\n'
        '\t\t"-v", cwd+":/src:ro",\n'
        '\t\t"cytopia/yamllint:1",\n'
        "\t)\n"
        "}\n"
        "func (Build) Image() error {\n"
        '\tdocker := sh.RunCmd("docker")\n'
        '\tdocker("pull", "alpine:3.21")\n'
        '\tsh.RunWith(env, "docker", "run", image)\n'
        '\tsh.Run("docker", args...)\n'
        '\treturn sh.Run("docker", "build", "-t", "acme/app:ci", ".")\n'
        "}\n"
    )
    found = scan_go_source(text, path="magefiles/lint.go")
    assert [(o.line, o.kind, o.text, dict(o.context)["verb"]) for o in found] == [
        (11, "shell", "ghcr.io/tmknom/dockerfiles/prettier:3.6.2", "run"),
        (14, "shell", "cytopia/yamllint:1", "run"),
        (19, "shell", "alpine:3.21", "pull"),
    ]
    assert {dict(o.context)["tool"] for o in found} == {"mage"}


def test_a_table_of_images_starts_each() -> None:
    # testcontainers-go's modules/neo4j/neo4j_test.go: a map of edition → image, ranged over.
    text = header('"github.com/testcontainers/testcontainers-go/modules/neo4j"') + (
        "func TestEditions(t *testing.T) {\n"
        "\timages := map[string]string{\n"
        '\t\t"StandardEdition":   "neo4j:4.4",\n'
        '\t\t"EnterpriseEdition": "neo4j:4.4-enterprise",\n'
        "\t}\n"
        "\tfor edition, img := range images {\n"
        "\t\tneo4j.Run(ctx, img)\n"
        "\t}\n"
        '\tversions := []string{"neo4j:5.26", version}\n'
        "\tfor _, v := range versions {\n"
        "\t\tneo4j.Run(ctx, v)\n"
        "\t}\n"
        "}\n"
    )
    assert [(line[0], line[1], line[3]) for line in images(text)] == [
        (9, 25, "neo4j:4.4"),
        (10, 25, "neo4j:4.4-enterprise"),
        (15, 24, "neo4j:5.26"),
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
\t_, _ = docker.NewServiceRunner(docker.RunOptions{ImageRepo: "no/tag"})
}
"""


def test_vault_s_docker_helper_runs_its_options_image_but_not_the_one_it_builds() -> None:
    found = scan_go_source(VAULT_HELPER, path="x_test.go")
    assert [(o.line, o.text, o.kind, dict(o.context)) for o in found] == [
        (9, "docker.mirror.hashicorp.services/library/rabbitmq:4-management", "testcontainers",
         {"tool": "vault-sdk", "call": "docker.RunOptions"}),
    ]  # fmt: skip
    vault = VAULT_HELPER.replace("openbao/openbao/sdk/v2", "hashicorp/vault/sdk")
    assert [o.text for o in scan_go_source(vault)] == [found.occurrences[0].text]
    other = VAULT_HELPER.replace("openbao/openbao/sdk/v2/helper", "acme/app/internal")
    assert list(scan_go_source(other)) == []


def test_a_vault_helper_s_test_is_found(tmp_path: Path) -> None:
    (tmp_path / "backend_test.go").write_text(VAULT_HELPER, encoding="utf-8")
    found = str(tmp_path / "backend_test.go")
    assert discover([str(tmp_path)]) == [(found, "build")]
    assert [(o.line, o.text) for o in scan_paths([str(tmp_path)])] == [
        (9, "docker.mirror.hashicorp.services/library/rabbitmq:4-management")
    ]


def test_the_options_a_build_and_run_is_given_name_the_image_it_builds() -> None:
    # (a function that runs a pulled image and one it builds: only the pull is read)
    text = header('"github.com/ory/dockertest/v3"') + (
        "func start(pool *dockertest.Pool) {\n"
        "\t_, _ = pool.RunWithOptions(&dockertest.RunOptions{\n"
        '\t\tRepository: "postgres", Tag: "16.4",\n'
        "\t})\n"
        '\t_, _ = pool.BuildAndRunWithOptions("./Dockerfile", &dockertest.RunOptions{\n'
        '\t\tName: "app", Repository: "acme/app", Tag: "test",\n'
        "\t})\n"
        '\tbuilt := &dockertest.RunOptions{Repository: "acme/tool", Tag: "dev"}\n'
        '\t_, _ = pool.BuildAndRunWithOptions("./tool/Dockerfile", built)\n'
        "}\n"
    )
    assert images(text) == [(9, 16, "postgres", "postgres:16.4", "dockertest.RunOptions")]


def test_a_request_held_by_a_name_is_started_when_the_function_starts_it() -> None:
    # testcontainers-go's options_test.go and modules/influxdb/influxdb_test.go, cut down:
    # requests built to test an option are never started; one a name holds that
    # GenericContainer is given, one written in the call, are.
    text = header(TC) + (
        "func TestWithLogConsumerConfig(t *testing.T) {\n"
        "\treq := testcontainers.GenericContainerRequest{\n"
        '\t\tContainerRequest: testcontainers.ContainerRequest{Image: "alpine"},\n'
        "\t}\n"
        "\t_ = testcontainers.WithLogConsumerConfig(&testcontainers.LogConsumerConfig{})(&req)\n"
        "\tgenericReq := &testcontainers.GenericContainerRequest{\n"
        '\t\tContainerRequest: testcontainers.ContainerRequest{Image: "influxdb:2.7.5"},\n'
        "\t}\n"
        "\t_ = opt.Customize(genericReq)\n"
        "}\n"
        "func TestStarted(t *testing.T) {\n"
        '\tstarted := testcontainers.ContainerRequest{Image: "nginx:1.27"}\n'
        "\t_, _ = testcontainers.GenericContainer(ctx, testcontainers.GenericContainerRequest{\n"
        "\t\tContainerRequest: started,\n"
        "\t})\n"
        "\t_, _ = testcontainers.GenericContainer(ctx, testcontainers.GenericContainerRequest{\n"
        '\t\tContainerRequest: testcontainers.ContainerRequest{Image: "redis:7.4"},\n'
        "\t})\n"
        "}\n"
    )
    assert [(line, name) for line, _, _, name, _ in images(text)] == [
        (18, "nginx:1.27"),
        (23, "redis:7.4"),
    ]


def test_a_request_handed_to_a_helper_of_the_package_that_starts_it_is_started(
    tmp_path: Path,
) -> None:
    # 0xERR0R/blocky's e2e/containers.go and helper.go, cut down (survey 39e): each request is
    # handed to startContainerWithNetwork, which GenericContainer starts; nginx's request
    # follows a raw string whose lines close braces at a line's start (its configuration).
    (tmp_path / "helper.go").write_text(
        header(TC).replace("x_test", "e2e") + "func startContainerWithNetwork(ctx context.Context,"
        " req testcontainers.ContainerRequest) (testcontainers.Container, error) {\n"
        "\tgreq := testcontainers.GenericContainerRequest{ContainerRequest: req}\n"
        "\treturn testcontainers.GenericContainer(ctx, greq)\n"
        "}\n",
        encoding="utf-8",
    )
    test = tmp_path / "containers.go"
    test.write_text(
        header(TC).replace("x_test", "e2e")
        + 'const (\n\tmokaImage = "ghcr.io/0xerr0r/dns-mokka:0.4.0"\n'
        '\tnginxImage = "nginx:1.27-alpine"\n)\n'
        "func createDNSMokkaContainer(ctx context.Context) (testcontainers.Container, error) {\n"
        "\treq := testcontainers.ContainerRequest{Image: mokaImage}\n"
        "\treturn startContainerWithNetwork(ctx, req)\n"
        "}\n"
        "func createNginxContainer(ctx context.Context) (testcontainers.Container, error) {\n"
        "\tconf := `stream {\n    server {\n        listen 853;\n    }\n}\n`\n"
        "\treq := testcontainers.ContainerRequest{Image: nginxImage, Cmd: []string{conf}}\n"
        "\treturn startContainerWithNetwork(ctx, req)\n"
        "}\n"
        "func TestOptions(t *testing.T) {\n"
        '\treq := testcontainers.ContainerRequest{Image: "alpine:3.20"}\n'
        "\t_ = req\n"
        "}\n",
        encoding="utf-8",
    )
    result = read_build_file(str(test))
    assert [(o.line, o.raw, o.text) for o in result.scan] == [
        (8, "ghcr.io/0xerr0r/dns-mokka:0.4.0", "ghcr.io/0xerr0r/dns-mokka:0.4.0"),
        (9, "nginx:1.27-alpine", "nginx:1.27-alpine"),
    ]


def test_a_name_given_twice_and_an_escaped_literal_are_not_read() -> None:
    twice = header(TC) + (
        'var img = "a:1"\n\nfunc f() {\n\timg = "b:2"\n\ttestcontainers.Run(ctx, img)\n}\n'
    )
    assert images(twice) == []
    escaped = header(TC) + (
        'func f() { testcontainers.Run(ctx, "a\\x3a1"); testcontainers.Run(ctx, `b:2`) }\n'
    )
    assert [name for _, _, _, name, _ in images(escaped)] == ["b:2"]
    assert images('package x\n\nfunc main() { pool.Run("a", "b", nil) }\n') == []


def test_options_given_to_a_helper_are_run_where_the_file_runs_the_options_it_is_given() -> None:
    # projectdiscovery/nuclei's internal/tests/integration/javascript_test.go, cut down (survey
    # 26b: 5 images missed): each case hands its options to a helper, and one function runs
    # them; options only handed to a helper in a file that runs none it is given are not read.
    runner = header('"github.com/ory/dockertest/v3"') + (
        "func newSpec(port string, options *dockertest.RunOptions) spec {\n"
        "\treturn spec{port: port, options: options}\n"
        "}\n"
        "func (j *redisCase) Execute(filePath string) error {\n"
        '\treturn runCase(filePath, newSpec("6379/tcp", &dockertest.RunOptions{\n'
        '\t\tRepository: "redis",\n'
        '\t\tTag:        "7.4.1",\n'
        "\t}))\n"
        "}\n"
        "func runCase(filePath string, spec spec) error {\n"
        '\tpool, _ := dockertest.NewPool("")\n'
        "\tresource, err := pool.RunWithOptions(spec.options)\n"
        "}\n"
    )
    assert images(runner) == [(12, 16, "redis", "redis:7.4.1", "dockertest.RunOptions")]
    unrun = runner.replace("pool.RunWithOptions(spec.options)", "spec.options.Validate()")
    assert images(unrun) == []


def test_options_in_a_configuration_a_run_is_given_are_run() -> None:
    # from formancehq/ledger@25f8708bba638c1951a5a2180d0dafbb566474be
    # test/migrations/upgrade_test.go, cut down (survey 35d: 1 image missed): formancehq/go-libs'
    # pool wraps dockertest, and its Run takes a configuration that holds the options.
    wrapped = header('"github.com/ory/dockertest/v3"') + (
        "func copyDatabase(t *testing.T, dockerPool *docker.Pool) {\n"
        "\tresource := dockerPool.Run(docker.Configuration{\n"
        "\t\tRunOptions: &dockertest.RunOptions{\n"
        '\t\t\tRepository: "postgres",\n'
        '\t\t\tTag:        "15-alpine",\n'
        "\t\t},\n"
        "\t})\n"
        "}\n"
    )
    assert images(wrapped) == [(10, 17, "postgres", "postgres:15-alpine", "dockertest.RunOptions")]
    kept = wrapped.replace("dockerPool.Run(docker.Configuration{", "_ = (docker.Configuration{")
    assert images(kept) == []  # (a configuration no Run is given: not read)


# anchore/grype's test/integration/match_by_image_test.go and test/cli/subprocess_test.go, cut
# down (survey 26b: 6 images missed): stereoscope's imagetest builds each fixture's
# testdata/NAME/Dockerfile, the one a literal names, or any image-* one a table's name may.
GRYPE = """\
package integration

import (
	"testing"

	"github.com/anchore/stereoscope/pkg/imagetest"
)

func TestMatchByImage(t *testing.T) {
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			imagetest.GetFixtureImage(t, "docker-archive", test.name)
		})
	}
}

func TestSubprocess(t *testing.T) {
	_ = imagetest.LoadFixtureImageIntoDocker(t, "image-node-subprocess")
}
"""


def test_stereoscope_builds_the_fixture_images_a_test_names(tmp_path: Path) -> None:
    fixtures = {
        "image-arch-match-coverage": "FROM docker.io/archlinux:20191105\n",
        "image-node-subprocess": "FROM node:16-stretch\n",
        "not-an-image": "FROM alpine:3.20\n",  # (no image-* name: another test's data)
    }
    for name, text in fixtures.items():
        (tmp_path / "testdata" / name).mkdir(parents=True)
        (tmp_path / "testdata" / name / "Dockerfile").write_text(text, encoding="utf-8")
    (tmp_path / "match_test.go").write_text(GRYPE, encoding="utf-8")
    built = read_build_file(str(tmp_path / "match_test.go")).builds
    assert sorted((build.name, build.site.tool, build.site.line) for build in built) == [
        ("image-arch-match-coverage", "stereoscope", 12),
        ("image-node-subprocess", "stereoscope", 12),
    ]
    found = [(o.path, o.text) for o in scan_paths([str(tmp_path)])]
    assert sorted(found) == [
        (
            str(tmp_path / "testdata/image-arch-match-coverage/Dockerfile"),
            "docker.io/archlinux:20191105",
        ),
        (str(tmp_path / "testdata/image-node-subprocess/Dockerfile"), "node:16-stretch"),
    ]
    # (a literal builds only the fixture it names, when it is there)
    named = GRYPE.replace("test.name)", '"image-missing")')
    (tmp_path / "match_test.go").write_text(named, encoding="utf-8")
    built = read_build_file(str(tmp_path / "match_test.go")).builds
    assert [build.name for build in built] == ["image-node-subprocess"]


def test_os_exec_s_container_commands_are_pulls(tmp_path: Path) -> None:
    # trufflesecurity/trufflehog's pkg/detectors/ldap/ldap_integration_test.go and
    # pkg/detectors/postgres/postgres_integration_test.go, cut down (survey 26b: 2 images
    # missed): the tests start their servers with `docker run`.
    text = header('"os/exec"', '"bytes"') + (
        'const postgresPort = "5434"\n'
        "func startOpenLDAP() error {\n"
        "\tcmd := exec.Command(\n"
        '\t\t"docker", "run", "--rm", "-p", "1389:1389",\n'
        '\t\t"-d", "bitnami/openldap:2.6.9",\n'
        "\t)\n"
        "\tout, err := cmd.Output()\n"
        "}\n"
        "func startPostgres(ctx context.Context) error {\n"
        '\t_ = exec.CommandContext(ctx, "docker", "run", "-p", postgresPort+":5432", "-d", '
        '"postgres:17.2")\n'
        '\t_ = exec.Command("docker", "kill", containerID).Run()\n'
        '\treturn exec.Command("git", "clone", "postgres:17").Run()\n'
        "}\n"
    )
    found = scan_go_source(text, path="ldap_integration_test.go")
    assert [(o.line, o.text, dict(o.context)["tool"]) for o in found] == [
        (12, "bitnami/openldap:2.6.9", "os/exec"),
        (17, "postgres:17.2", "os/exec"),
    ]
    (tmp_path / "ldap_integration_test.go").write_text(text, encoding="utf-8")
    (tmp_path / "util.go").write_text(header('"os/exec"') + "func f() {}\n", encoding="utf-8")
    assert discover([str(tmp_path)]) == [(str(tmp_path / "ldap_integration_test.go"), "build")]


def test_a_function_that_hands_its_words_to_os_exec_runs_its_calls(tmp_path: Path) -> None:
    # restic/restic v0.14.0, helpers/prepare-release/main.go, cut down (survey 29a: 3 pulls
    # missed): `run` makes exec.Command(cmd, args...), and the release pulls and runs its
    # builder image with it.
    text = 'package main\n\nimport (\n\t"os"\n\t"os/exec"\n)\n\n' + (
        "func run(cmd string, args ...string) {\n"
        "\tc := exec.Command(cmd, args...)\n"
        "\tc.Stdout = os.Stdout\n"
        "\t_ = c.Run()\n"
        "}\n"
        "\n"
        "func runBuild(sourceDir, version string) {\n"
        '\trun("docker", "pull", "restic/builder")\n'
        '\trun("docker", "run", "--rm",\n'
        '\t\t"--volume", sourceDir+":/restic",\n'
        '\t\t"restic/builder",\n'
        '\t\t"go", "run", "helpers/build-release-binaries/main.go", "--version", version)\n'
        '\trun("git", "tag", "alpine:3.20")\n'
        "}\n"
        "\n"
        "func log(kind string, args ...string) { fmt.Println(kind, args) }\n"
        "\n"
        'func other() { log("docker", "pull", "busybox:1.36") }\n'
    )
    found = scan_go_source(text, path="main.go")
    assert [(o.line, o.text, dict(o.context)["tool"]) for o in found] == [
        (15, "restic/builder", "os/exec"),
        (18, "restic/builder", "os/exec"),
    ]
    (tmp_path / "main.go").write_text(text, encoding="utf-8")
    assert discover([str(tmp_path)]) == [(str(tmp_path / "main.go"), "build")]


def test_a_magefile_s_loop_over_a_table_of_images_pulls_each() -> None:
    # aquasecurity/trivy-operator's magefile.go, prepareImages, cut down (Apache-2.0; survey
    # 31c): each image of the table is pulled and loaded into the kind cluster.
    text = header('"github.com/magefile/mage/sh"', '"fmt"') + (
        "func prepareImages() error {\n"
        "\timages := []string{\n"
        '\t\t"mirror.gcr.io/aquasec/trivy:0.72.0",\n'
        '\t\t"alpine:3.21.1",\n'
        "\t}\n"
        "\tfor _, image := range images {\n"
        '\t\terr := sh.Run("docker", "pull", image)\n'
        "\t\tif err != nil {\n"
        '\t\t\treturn fmt.Errorf("couldn\'t pull image %q: %v", image, err)\n'
        "\t\t}\n"
        '\t\terr = sh.Run("kind", "load", "docker-image", image)\n'
        "\t}\n"
        '\treturn sh.Run("docker", "run", name)\n'
        "}\n"
    )
    found = scan_go_source(text, path="magefile.go")
    assert [(o.line, o.column, o.text, dict(o.context)["verb"]) for o in found] == [
        (10, 4, "mirror.gcr.io/aquasec/trivy:0.72.0", "pull"),
        (11, 4, "alpine:3.21.1", "pull"),
    ]


def test_a_magefile_s_run_of_the_image_it_builds_is_no_pull() -> None:
    # aquasecurity/trivy-operator's magefile.go, Docs.Serve, cut down (survey s40e): it builds
    # MKDOCS_IMAGE, then runs it; `aquasec/mkdocs-material:trivy-operator` was reported a
    # floating alias (TS003, false). A pull of it, or a run of another image, stays.
    text = header('"github.com/magefile/mage/sh"') + (
        'const MKDOCS_IMAGE = "aquasec/mkdocs-material:trivy-operator"\n'
        "func Serve() error {\n"
        '\tsh.RunV("docker", "build", "-t", MKDOCS_IMAGE, "-f", "build/Dockerfile", ".")\n'
        '\tsh.RunV("docker", "run", "--rm", MKDOCS_IMAGE)\n'
        '\tsh.RunV("docker", "pull", "alpine:3.22")\n'
        '\treturn sh.RunV("docker", "run", "--rm", "alpine:3.22")\n'
        "}\n"
    )
    found = scan_go_source(text, path="magefile.go")
    assert [(o.text, dict(o.context)["verb"]) for o in found] == [
        ("alpine:3.22", "pull"), ("alpine:3.22", "run"),
    ]  # fmt: skip


def test_a_local_default_an_option_of_the_caller_may_replace_is_started() -> None:
    # zalando/skipper's net/redistest: `image := "redis:7-alpine"`, replaced only `if
    # opts.image != ""`; NewTestRedis gives no options, and starts the default (survey s39a).
    text = header(TC) + (
        "type options struct{ image string }\n\n"
        "func start(t testing.TB, opts options) {\n"
        '\timage := "redis:7-alpine"\n'
        '\tif opts.image != "" {\n'
        "\t\timage = opts.image\n"
        "\t}\n"
        '\tother := "redis:6"\n'
        "\tother = pick(other)\n"
        "\ttestcontainers.GenericContainer(ctx, testcontainers.GenericContainerRequest{\n"
        "\t\tContainerRequest: testcontainers.ContainerRequest{Image: image}})\n"
        "\ttestcontainers.GenericContainer(ctx, testcontainers.GenericContainerRequest{\n"
        "\t\tContainerRequest: testcontainers.ContainerRequest{Image: other}})\n"
        "}\n"
    )
    assert [(o.line, o.raw) for o in scan_go_source(text, path="redistest.go")] == [
        (10, "redis:7-alpine")
    ]


# influxdata/telegraf's testutil/container.go, cut down (survey s40a): the module's own struct
# whose Start method puts its Image field in the request it starts.
WRAPPER_TESTUTIL = """\
package testutil

import (
	"context"

	"github.com/testcontainers/testcontainers-go"
)

type Container struct {
	Image        string
	ExposedPorts []string
	Tag          string
	container    testcontainers.Container
}

func (c *Container) Start() error {
	req := testcontainers.GenericContainerRequest{
		ContainerRequest: testcontainers.ContainerRequest{
			Image:        c.Image,
			ExposedPorts: c.ExposedPorts,
		},
		Started: true,
	}
	cntnr, err := testcontainers.GenericContainer(context.Background(), req)
	c.container = cntnr
	return err
}

type Options struct {
	Image string
}

func (o Options) Request() testcontainers.ContainerRequest {
	return testcontainers.ContainerRequest{Image: o.Image}
}
"""


def test_the_module_s_own_wrapper_of_a_request_starts_the_image_its_field_names(
    tmp_path: Path,
) -> None:
    (tmp_path / "go.mod").write_text("module github.com/acme/app\n\ngo 1.24\n", encoding="utf-8")
    testutil = tmp_path / "testutil"
    testutil.mkdir()
    (testutil / "container.go").write_text(WRAPPER_TESTUTIL, encoding="utf-8")
    test = tmp_path / "plugins" / "amqp" / "amqp_test.go"
    test.parent.mkdir(parents=True)
    test.write_text(
        header(
            '"github.com/testcontainers/testcontainers-go/wait"',
            '"github.com/acme/app/testutil"',
            'tu "github.com/acme/app/testutil"',
        )
        + 'const elastic = "docker.elastic.co/elasticsearch/elasticsearch:8.19.18"\n\n'
        "func TestIntegration(t *testing.T) {\n"
        "\tcontainer := testutil.Container{\n"
        '\t\tImage:        "rabbitmq",\n'
        "\t\tExposedPorts: []string{servicePort},\n"
        '\t\tWaitingFor:   wait.ForLog("Server startup complete"),\n'
        "\t}\n"
        "\tother := tu.Container{Image: elastic}\n"
        '\tunused := testutil.Options{Image: "redis:7.4"}\n'  # (a request only made: no start)
        '\tnot := testutil.Container{Tag: "alpine:3.20"}\n'  # (not the field the image is)
        "}\n",
        encoding="utf-8",
    )
    result = read_build_file(str(test))
    assert [(o.line, o.text, dict(o.context)["call"]) for o in result.scan] == [
        (9, "docker.elastic.co/elasticsearch/elasticsearch:8.19.18", "tu.Container"),
        (13, "rabbitmq", "testutil.Container"),
    ]
    assert str(testutil / "container.go") in result.inputs


def test_a_magefile_s_helper_runs_the_image_its_callers_give() -> None:
    # TheThingsNetwork/lorawan-stack's tools/mage/proto.go, cut down (Apache-2.0; survey s48c:
    # 7 missed images): `withProtoc(goProtoImage, …)` hands the constant to `makeProtoc(image)`,
    # whose `sh.RunCmd("docker", "run", …, image, …)` it returns for the target to run
    text = header('"github.com/magefile/mage/sh"', '"fmt"') + (
        "const (\n"
        '\tgoProtoImage = "ghcr.io/thethingsindustries/protoc:25.1-gen-go-1.32.0"\n'
        '\tdocProtoImage = "ghcr.io/thethingsindustries/protoc:3.19.4-gen-doc-1.5.1"\n'
        ")\n"
        "func makeProtoc(image string) (func(...string) error, error) {\n"
        '\twd := "."\n'
        '\treturn sh.RunCmd("docker", "run", "--rm",\n'
        '\t\t"--mount", fmt.Sprintf("type=bind,src=%s,dst=/api", wd),\n'
        "\t\timage,\n"
        '\t\tfmt.Sprintf("-I%s/api", wd),\n'
        "\t), nil\n"
        "}\n"
        "func withProtoc(image string, f func(protoc func(...string) error) error) error {\n"
        "\tprotoc, err := makeProtoc(image)\n"
        "\tif err != nil {\n\t\treturn err\n\t}\n"
        "\treturn f(protoc)\n"
        "}\n"
        "func (p Proto) golang() error {\n"
        "\treturn withProtoc(goProtoImage, func(protoc func(...string) error) error {\n"
        '\t\treturn protoc("--go_out=:/out")\n'
        "\t})\n"
        "}\n"
        "func (p Proto) doc() error {\n"
        "\treturn withProtoc(docProtoImage, func(protoc func(...string) error) error {\n"
        '\t\treturn protoc("--doc_out=/out")\n'
        "\t})\n"
        "}\n"
    )
    found = scan_go_source(text, path="tools/mage/proto.go")
    assert sorted((o.line, o.text, dict(o.context)["verb"]) for o in found) == [
        (9, "ghcr.io/thethingsindustries/protoc:25.1-gen-go-1.32.0", "run"),
        (10, "ghcr.io/thethingsindustries/protoc:3.19.4-gen-doc-1.5.1", "run"),
    ]


def test_a_parameter_set_again_or_a_named_command_is_not_followed() -> None:
    # (the helper's own value wins over its callers'; a command given a name is read where
    # it is called, once)
    text = header('"github.com/magefile/mage/sh"') + (
        "func run(image string) error {\n"
        "\timage = pick(image)\n"
        '\treturn sh.Run("docker", "run", "--rm", image)\n'
        "}\n"
        "func pull() error {\n"
        '\tdocker := sh.RunCmd("docker", "pull", "alpine:3.22")\n'
        '\treturn docker("--quiet")\n'
        "}\n"
        'func All() error { return run("busybox:1.36") }\n'
    )
    found = scan_go_source(text, path="magefile.go")
    assert [(o.text, dict(o.context)["verb"]) for o in found] == [("alpine:3.22", "pull")]


# Permify/permify's pkg/testinstance/postgres.go, cut down: a helper of the module that makes its
# image of its parameter and starts it; its callers give the version.
HELPER = """\
package testinstance

import (
	"fmt"

	"github.com/testcontainers/testcontainers-go"
)

func PostgresDB(postgresVersion string) *Instance {
	image := fmt.Sprintf("postgres:%s-alpine", postgresVersion)
	c, _ := testcontainers.GenericContainer(ctx, testcontainers.GenericContainerRequest{
		ContainerRequest: testcontainers.ContainerRequest{Image: image},
		Started:          true,
	})
	return &Instance{c}
}

func Built(dir string) {
	testcontainers.GenericContainer(ctx, testcontainers.GenericContainerRequest{
		ContainerRequest: testcontainers.ContainerRequest{Image: dir, FromDockerfile: fd},
	})
}

func unexported(v string) {
	testcontainers.GenericContainer(ctx, testcontainers.GenericContainerRequest{
		ContainerRequest: testcontainers.ContainerRequest{Image: "redis:" + v},
	})
}
"""


def test_a_helper_of_the_module_starts_the_image_its_callers_arguments_make(
    tmp_path: Path,
) -> None:
    # Permify/permify's storage tests: `version := os.Getenv("POSTGRES_VERSION")`, `"14"` when
    # it is empty (a plain `go test`), given to testinstance.PostgresDB in a Ginkgo `var _ =
    # Describe(…)`; a loop over a table of versions; a literal; an argument the caller does not
    # settle, a built image and an unexported helper give nothing.
    (tmp_path / "go.mod").write_text("module github.com/acme/app\n\ngo 1.24\n", encoding="utf-8")
    helper = tmp_path / "pkg" / "testinstance"
    helper.mkdir(parents=True)
    (helper / "postgres.go").write_text(HELPER, encoding="utf-8")
    test = tmp_path / "storage" / "store_test.go"
    test.parent.mkdir()
    test.write_text(
        header('"os"', '"github.com/acme/app/pkg/testinstance"')
        + 'var _ = Describe("Store", func() {\n'
        "\tBeforeEach(func() {\n"
        '\t\tversion := os.Getenv("POSTGRES_VERSION")\n'
        '\t\tif version == "" {\n'
        '\t\t\tversion = "14"\n'
        "\t\t}\n"
        "\t\tdb = testinstance.PostgresDB(version)\n"
        "\t})\n"
        "})\n\n"
        "func TestVersions(t *testing.T) {\n"
        '\tversions := []string{"13", "16"}\n'
        "\tfor _, v := range versions {\n"
        "\t\ttestinstance.PostgresDB(v)\n"
        "\t}\n"
        '\ttestinstance.PostgresDB("15")\n'
        "\ttestinstance.PostgresDB(flagVersion)\n"
        '\ttestinstance.Built("x")\n'
        "}\n",
        encoding="utf-8",
    )
    # (a test that calls no helper of the module is not read)
    (test.parent / "plain_test.go").write_text(
        header('"os"') + "func TestX(t *testing.T) {}\n", encoding="utf-8"
    )
    assert [path for path, _ in discover([str(test.parent)])] == [str(test)]
    result = read_build_file(str(test))
    assert [(o.line, o.text, dict(o.context)["call"]) for o in result.scan] == [
        (12, "postgres:14-alpine", "testinstance.PostgresDB"),
        (19, "postgres:13-alpine", "testinstance.PostgresDB"),
        (19, "postgres:16-alpine", "testinstance.PostgresDB"),
        (23, "postgres:15-alpine", "testinstance.PostgresDB"),
    ]


def test_a_helper_of_the_package_is_read_in_the_file_that_starts_containers() -> None:
    text = header(TC) + (
        "func start(tag string) {\n"
        "\ttestcontainers.GenericContainer(ctx, testcontainers.GenericContainerRequest{\n"
        '\t\tContainerRequest: testcontainers.ContainerRequest{Image: "nats:" + tag},\n'
        "\t})\n"
        "}\n\n"
        "func TestNats(t *testing.T) {\n"
        '\tstart("2.10")\n'
        "\tstart(os.Args[1])\n"
        "}\n"
    )
    assert [(line, text) for line, _, _, text, _ in images(text)] == [(14, "nats:2.10")]


def test_the_docker_engine_go_client_pulls_what_image_pull_is_given(tmp_path: Path) -> None:
    # SagerNet/sing-box's test/clash_test.go pulls each of `allImages`, a top-level table of the
    # package's constants, with the Engine's client; a literal is read too, a name the run
    # gives is not, nor a top-level table a function changes, nor the client's interface.
    (tmp_path / "go.mod").write_text("module example.com/box\n\ngo 1.24\n", encoding="utf-8")
    (tmp_path / "images_test.go").write_text(
        'package x_test\n\nconst ImageNginx = "nginx:stable"\n', encoding="utf-8"
    )
    test = tmp_path / "clash_test.go"
    test.write_text(
        header('"github.com/docker/docker/api/types/image"', '"github.com/docker/docker/client"')
        + 'var allImages = []string{\n\tImageNginx,\n\t"teddysun/xray:1.8.4",\n}\n\n'
        + 'var changed = []string{"redis:7"}\n\n'
        + "type puller interface {\n"
        + "\tImagePull(ctx context.Context, ref string, o image.PullOptions) (io.ReadCloser, error)"
        + "\n"
        + "}\n\n"
        + "func TestMain(m *testing.M) {\n"
        + "\tcli, _ := client.NewClientWithOpts(client.FromEnv)\n"
        + "\tfor _, i := range allImages {\n"
        + "\t\tcli.ImagePull(ctx, i, image.PullOptions{})\n"
        + "\t}\n"
        + '\tcli.ImagePull(ctx, "alpine:3.20", image.PullOptions{})\n'
        + "\tcli.ImagePull(ctx, os.Args[1], image.PullOptions{})\n"
        + '\tchanged = append(changed, "x")\n'
        + "\tfor _, c := range changed {\n"
        + "\t\tcli.ImagePull(ctx, c, image.PullOptions{})\n"
        + "\t}\n"
        + "}\n",
        encoding="utf-8",
    )
    assert [path for path, _ in discover([str(tmp_path)])] == [str(test)]
    found = read_build_file(str(test)).scan
    assert [(o.line, o.raw, o.text, o.kind, dict(o.context)["tool"]) for o in found] == [
        (10, "teddysun/xray:1.8.4", "teddysun/xray:1.8.4", "docker-sdk", "docker-go"),
        (22, "i", "nginx:stable", "docker-sdk", "docker-go"),
        (24, "alpine:3.20", "alpine:3.20", "docker-sdk", "docker-go"),
    ]


def test_a_cri_pull_request_pulls_its_image_spec(tmp_path: Path) -> None:
    # spegel-org/spegel's test/integration/containerd/containerd_test.go pulls its old release
    # into the node's containerd through the CRI; a RemoveImageRequest pulls nothing, a name
    # the run gives is not read.
    (tmp_path / "go.mod").write_text("module example.com/sp\n\ngo 1.24\n", encoding="utf-8")
    test = tmp_path / "containerd_test.go"
    test.write_text(
        header('runtimeapi "k8s.io/cri-api/pkg/apis/runtime/v1"')
        + "func TestPull(t *testing.T) {\n"
        + "\tc.PullImage(ctx, &runtimeapi.PullImageRequest{Image: &runtimeapi.ImageSpec{"
        + 'Image: "ghcr.io/acme/spegel:v0.7.4"}})\n'
        + "\tc.RemoveImage(ctx, &runtimeapi.RemoveImageRequest{Image: &runtimeapi.ImageSpec{"
        + 'Image: "ghcr.io/acme/old:v1"}})\n'
        + "\tc.PullImage(ctx, &runtimeapi.PullImageRequest{Image: &runtimeapi.ImageSpec{"
        + "Image: imgs[0]}})\n"
        + "}\n",
        encoding="utf-8",
    )
    assert [path for path, _ in discover([str(tmp_path)])] == [str(test)]
    found = read_build_file(str(test)).scan
    assert [(o.line, o.text, o.kind, dict(o.context)["tool"]) for o in found] == [
        (8, "ghcr.io/acme/spegel:v0.7.4", "docker-sdk", "cri"),
    ]


def test_a_package_helper_giving_an_environment_variable_or_its_default() -> None:
    # flannel-io/flannel's e2e env(key, def) returns os.Getenv(key) or def (survey s53b): a
    # plain `go test` starts the default. Other helpers' shapes (LookupEnv, an empty check
    # after the read) are the same; a helper that returns anything else is not read.
    helpers = (
        "func env(key, def string) string {\n"
        '\tif v := os.Getenv(key); v != "" {\n\t\treturn v\n\t}\n\treturn def\n}\n\n'
        "func lookup(name string, fallback string) string {\n"
        "\tif value, ok := os.LookupEnv(name); ok {\n\t\treturn value\n\t}\n"
        "\treturn fallback\n}\n\n"
        "func orDefault(def, key string) string {\n"
        '\tv := os.Getenv(key)\n\tif v == "" {\n\t\treturn def\n\t}\n\treturn v\n}\n\n'
        "func other(key, def string) string {\n"
        '\tif v := os.Getenv(key); v != "" {\n\t\treturn def\n\t}\n\treturn "x"\n}\n\n'
    )
    calls = [
        'env("REDIS_IMAGE", "redis:7.2.4")',
        'lookup("PG_IMAGE", "postgres:16.4")',
        'orDefault("mysql:8.4.3", "MYSQL_IMAGE")',
        'other("NATS_IMAGE", "nats:2.10")',
    ]
    body = "".join(
        f"\tc{index}, _ := testcontainers.GenericContainer(ctx, testcontainers."
        f"GenericContainerRequest{{ContainerRequest: testcontainers.ContainerRequest{{"
        f"Image: {call}}}}})\n"
        for index, call in enumerate(calls)
    )
    text = header('"os"', TC) + helpers + "func TestX(t *testing.T) {\n" + body + "}\n"
    assert [found[3] for found in images(text)] == ["redis:7.2.4", "postgres:16.4", "mysql:8.4.3"]


def test_a_local_struct_s_field_default_given_to_the_request() -> None:
    # inngest/inngest's tests/execution/queue/helper/valkey.go: `config := &valkeyConfig{image:
    # "valkey/valkey:8.0.3"}`, options applied, then ContainerRequest{Image: config.image}
    # (survey s53a): a call without options starts the default. A field the function assigns
    # again is not known, nor a package's name the local hides.
    text = header('config "example.com/x/config"', TC) + (
        "func StartValkey(t *testing.T, opts ...Option) {\n"
        '\tcfg := &valkeyConfig{\n\t\timage: "valkey/valkey:8.0.3", // default\n'
        "\t\tport: 6379,\n\t}\n"
        "\tfor _, opt := range opts {\n\t\topt(cfg)\n\t}\n"
        "\treq := testcontainers.ContainerRequest{Image: cfg.image}\n"
        "\ttestcontainers.GenericContainer(ctx, testcontainers.GenericContainerRequest{"
        "ContainerRequest: req})\n"
        "}\n\n"
        "func StartOther(t *testing.T, name string) {\n"
        '\tcfg := otherConfig{image: "redis:7.2.4"}\n'
        "\tcfg.image = name\n"
        "\ttestcontainers.GenericContainer(ctx, testcontainers.GenericContainerRequest{"
        "ContainerRequest: testcontainers.ContainerRequest{Image: cfg.image}})\n"
        "}\n\n"
        "func StartThird(t *testing.T) {\n"
        '\tconfig := &thirdConfig{tag: "1.0"}\n'
        "\ttestcontainers.GenericContainer(ctx, testcontainers.GenericContainerRequest{"
        "ContainerRequest: testcontainers.ContainerRequest{Image: config.Image}})\n"
        "}\n"
    )
    assert [(found[0], found[3]) for found in images(text)] == [(10, "valkey/valkey:8.0.3")]
