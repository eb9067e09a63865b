"""Build files of published projects (tests/data/realworld, see its README), read by hand.

The expectations come from reading the files and each tool's documentation,
not from running the readers.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import TYPE_CHECKING

from tagsense import find_references
from tagsense.sources import BuildSite
from tagsense.sources.builds import read_build_file
from tagsense.sources.kubernetes import scan_kubernetes

if TYPE_CHECKING:
    import pytest

REALWORLD = Path(__file__).parent.parent / "data" / "realworld"
BUSYBOX = "busybox:1.38.0@sha256:fd8d9aa63ba2f0982b5304e1ee8d3b90a210bc1ffb5314d980eb6962f1a9715d"


def test_microservices_demo_skaffold_builds_the_images_its_manifests_name() -> None:
    root = REALWORLD / "microservices-demo-34ffea91"
    skaffold = str(root / "skaffold.yaml")
    result = read_build_file(skaffold)
    assert result.scan.errors == ()
    # Two configurations ("app" and "loadgenerator"), eleven and one artifacts; the
    # profiles only change the builder (gcb), patch a Dockerfile, or add manifests.
    lines = {
        "emailservice": 26,
        "productcatalogservice": 28,
        "recommendationservice": 30,
        "shoppingassistantservice": 32,
        "shippingservice": 34,
        "checkoutservice": 36,
        "paymentservice": 38,
        "currencyservice": 40,
        "cartservice": 42,
        "frontend": 46,
        "adservice": 48,
        "loadgenerator": 106,
    }
    assert [(image.name, image.site) for image in result.built] == [
        (name, BuildSite("skaffold", skaffold, line)) for name, line in lines.items()
    ]
    # No builder named: Skaffold's docker builder, context relative to skaffold.yaml.
    builds = {build.name: build for build in result.builds}
    assert list(builds) == list(lines)
    cart = builds["cartservice"]
    assert cart.context == str(root / "src" / "cartservice" / "src")
    assert cart.dockerfile == str(root / "src" / "cartservice" / "src" / "Dockerfile")
    assert builds["adservice"].dockerfile == str(root / "src" / "adservice" / "Dockerfile")
    assert {build.platforms for build in builds.values()} == {("linux/amd64", "linux/arm64")}
    assert {(build.target, tuple(build.args)) for build in builds.values()} == {(None, ())}
    # What the manifests name: the built names, and two pulled images.
    built = {image.name for image in result.built}
    named = {
        occurrence.text: occurrence.text in built
        for manifest in ("adservice", "cartservice", "loadgenerator")
        for occurrence in scan_kubernetes(
            (root / "kubernetes-manifests" / f"{manifest}.yaml").read_text()
        )
    }
    assert named == {
        "adservice": True,
        "cartservice": True,
        "redis:alpine": False,
        "loadgenerator": True,
        BUSYBOX: False,
    }


def test_tilt_example_python_builds_its_image() -> None:
    root = REALWORLD / "tilt-example-python-363a39cd" / "3-recommended"
    tiltfile = str(root / "Tiltfile")
    result = read_build_file(tiltfile)
    assert result.scan.errors == ()
    site = BuildSite("tilt", tiltfile, 17)
    assert [(image.name, image.site) for image in result.built] == [("example-python-image", site)]
    (build,) = result.builds
    assert (build.site, build.name, build.tags) == (
        site,
        "example-python-image",
        ("example-python-image",),
    )
    assert build.context == str(root)
    assert build.dockerfile == str(root / "Dockerfile")  # context/Dockerfile, Tilt's default
    assert dict(build.args) == {"flask_debug": "True"}
    (occurrence,) = scan_kubernetes((root / "kubernetes.yaml").read_text())
    assert occurrence.text == "example-python-image"


def test_buildx_bake_file() -> None:
    root = REALWORLD / "buildx-461836ba"
    path = str(root / "docker-bake.hcl")
    result = read_build_file(path)
    assert result.scan.errors == ()
    assert list(result.scan) == []  # no docker-image:// contexts
    builds = {build.name: build for build in result.builds}
    assert list(builds) == [
        "meta-helper", "_common", "lint", "validate-golangci", "lint-gopls", "modernize-fix",
        "validate-vendor", "validate-docs", "validate-authors", "update-vendor", "update-docs",
        "update-authors", "mod-outdated", "test", "binaries", "binaries-cross", "release",
        "image", "image-cross", "image-local", "integration-test-base", "integration-test",
        "govulncheck",
    ]  # fmt: skip
    # meta-helper's tag, and the three image targets that inherit it.
    assert [(image.name, image.site.line) for image in result.built] == [
        ("docker/buildx-bin:local", 18),
        ("docker/buildx-bin:local", 183),
        ("docker/buildx-bin:local", 188),
        ("docker/buildx-bin:local", 193),
    ]
    common = {"BUILDKIT_CONTEXT_KEEP_GIT_DIR": "1"}  # GO_VERSION is null: no argument
    lint = builds["lint"]
    assert lint.site == BuildSite("bake", path, 37)
    assert lint.context == str(root)
    assert lint.dockerfile == str(root / "hack" / "dockerfiles" / "lint.Dockerfile")
    assert dict(lint.args) == {**common, "GOLANGCI_FROM_SOURCE": "true"}
    assert (lint.target, lint.platforms) == (None, ())  # GOLANGCI_LINT_MULTIPLATFORM is ""
    gopls = builds["lint-gopls"]
    assert (gopls.dockerfile, dict(gopls.args), gopls.target) == (
        lint.dockerfile,
        dict(lint.args),
        "gopls-analyze",
    )
    image = builds["image-local"]
    assert image.dockerfile == str(root / "Dockerfile")
    assert (image.target, image.platforms, image.tags) == (
        "binaries",
        ("local",),
        ("docker/buildx-bin:local",),
    )
    assert len(builds["image-cross"].platforms) == 17
    test = builds["integration-test"]
    assert test.target == "integration-test"
    assert dict(test.args) == {**common, "HTTP_PROXY": "", "HTTPS_PROXY": "", "NO_PROXY": ""}


def test_buildx_bake_file_with_the_environment() -> None:
    path = str(REALWORLD / "buildx-461836ba" / "docker-bake.hcl")
    env = {"GO_VERSION": "1.26", "TEST_COVERAGE": "1", "TEST_BUILDKIT_TAG": "v0.32.1"}
    builds = {build.name: build for build in read_build_file(path, env=env).builds}
    assert dict(builds["integration-test"].args) == {
        "GO_VERSION": "1.26",
        "BUILDKIT_CONTEXT_KEEP_GIT_DIR": "1",
        "GO_EXTRA_FLAGS": "-cover",
        "HTTP_PROXY": "",
        "HTTPS_PROXY": "",
        "NO_PROXY": "",
        "BUILDKIT_VERSION": "v0.32.1",
    }


def test_ko_base_image_override() -> None:
    path = str(REALWORLD / "ko-42978711" / ".ko.yaml")
    result = read_build_file(path)
    assert [(o.line, o.column, o.text, o.kind) for o in result.scan] == [
        (2, 25, "golang:latest", "ko")
    ]
    assert result.builds == () and result.built == ()
    assert os.path.basename(path) == ".ko.yaml"


def _python_pulls(*parts: str) -> list[tuple[int, str, str]]:
    path = REALWORLD.joinpath(*parts)
    found = read_build_file(str(path)).scan
    assert found.errors == ()
    return [(o.line, o.text, o.kind) for o in found]


def test_testcontainers_python_s_tests_start_these_images() -> None:
    # testcontainers/testcontainers-python's own tests, read by hand: each container that a
    # `with` or a `.start()` starts pulls its image; tests/core/test_container.py's
    # DockerContainer("foobar") (a fake container put in) and DockerContainer("nginx:latest")
    # (twice: only its .image is looked at) are never started.
    root = "testcontainers-python-c958e40c"
    assert _python_pulls(root, "tests", "core", "test_container.py") == [
        (102, "ubuntu", "testcontainers"),
        (130, "alpine:latest", "testcontainers"),
        (156, "nginx:alpine", "testcontainers"),
    ]
    postgres = _python_pulls(root, "tests", "community", "postgres", "test_postgres.py")
    assert [line for line, _, _ in postgres] == [33, 43, 51, 78, 97, 121, 129, 141, 148]
    assert {text for _, text, _ in postgres} == {"postgres:9.5", "postgres:16-alpine"}
    # feast-dev/feast's Redis online store for its universal tests: self.container, started
    # in create_online_store().
    feast = ("feast-f0bc0700", "sdk", "python", "tests", "universal", "feature_repos")
    assert _python_pulls(*feast, "universal", "online_store", "redis.py") == [
        (14, "redis", "testcontainers")
    ]


def test_go_tests_start_these_images() -> None:
    # Read by hand. gofiber/storage's postgres tests: the constant's image, which
    # TEST_POSTGRES_IMAGE may override (a plain `go test` starts the constant's).
    gofiber = ("gofiber-storage-8c8f5610", "postgres", "postgres_test.go")
    assert _python_pulls(*gofiber) == [
        (19, "public.ecr.aws/docker/library/postgres:16-alpine", "testcontainers")
    ]
    # pressly/goose's integration tests' database: dockertest.RunOptions of two constants.
    goose = ("goose-520411a1", "internal", "testing", "testdb", "postgres.go")
    assert _python_pulls(*goose) == [(16, "postgres:16-alpine", "testcontainers")]
    # testcontainers-go's options_test.go: each Run pulls (mysql at line 91, alpine untagged
    # eight times); the requests of lines 28-889 are only made, to test an option's effect
    # on them (foo, bar, alpine: never started). Its postgres module's ExampleRun has an
    # `// Output:` comment: `go test` runs it.
    root = "testcontainers-go-5dec9ddf"
    options = _python_pulls(root, "options_test.go")
    assert [(line, text) for line, text, _ in options] == [
        (91, "mysql:8.0.36"),
        *((line, "alpine") for line in (143, 161, 915, 941, 962, 982, 1011, 1039)),
    ]
    example = _python_pulls(root, "modules", "postgres", "examples_test.go")
    assert example == [(22, "postgres:16-alpine", "testcontainers")]


def test_spire_s_image_rules_from_a_template_build_its_dockerfile() -> None:
    # spiffe/spire's Makefile makes each image's rule with `$(eval $(call image_rule,…))`,
    # whose recipe passes `--build-arg goversion=$(go_version)` (`$(shell cat .go-version)`)
    # after the verbosity switch `$(E)`: the Dockerfile's builder is golang:1.26.6-alpine3.23,
    # known (it was a false TS011), and `spire-dev` is the image `make dev-image` builds.
    root = REALWORLD / "spire-ef8527ec"
    found = {(Path(o.path or "").name, o.line): o for o in find_references(root)}
    golang = found["Dockerfile", 5]
    assert (golang.text, golang.unresolved) == ("golang:1.26.6-alpine3.23", ())
    dev = found["Makefile", 489]
    assert dev.text == "spire-dev" and dev.built is not None and dev.built.line == 486


def test_kratos_pomerium_and_openbao_go_tests_start_these_images() -> None:
    # ory/kratos' OIDC helper starts Hydra with dockertest v4 (`pool.Run(ctx, "oryd/hydra",
    # dockertest.WithTag("v2.2.0"), …)`); pomerium's k3s test runs testcontainers-go's k3s
    # module with a constant of the file; openbao's RabbitMQ test runs its SDK helper's
    # RunOptions image, and its TLS listener test only the image it builds (survey 21f).
    helper = ("kratos-b86338da", "selfservice", "strategy", "oidc", "strategy_helper_test.go")
    assert _python_pulls(*helper) == [(260, "oryd/hydra:v2.2.0", "testcontainers")]
    k3s = ("pomerium-c8ace109", "authorize", "jwt_bearer_k3s_int_test.go")
    assert _python_pulls(*k3s) == [(72, "rancher/k3s:v1.36.0-k3s1", "testcontainers")]
    openbao = ("openbao-df6ce2ce", "internal")
    rabbitmq = (*openbao, "builtin", "logical", "rabbitmq", "backend_test.go")
    assert _python_pulls(*rabbitmq) == [
        (46, "docker.mirror.hashicorp.services/library/rabbitmq:4-management", "testcontainers")
    ]
    tls = (*openbao, "vault", "external_tests", "tlslistener_binary", "tls_test.go")
    assert _python_pulls(*tls) == []


def test_docker_py_s_integration_tests_pull_these_images() -> None:
    # docker/docker-py's tests/integration/models_images_test.py: images.pull of a literal
    # (with tag="3.10" put on); not `all_tags=True` (line 90, every tag of hello-world), nor
    # the names built in the test (line 85's image_ref, containers.run(image) of a build).
    path = ("docker-py-afc6d1ee", "tests", "integration", "models_images_test.py")
    assert _python_pulls(*path) == [
        (60, "alpine:latest", "docker-sdk"),
        (65, "alpine:latest", "docker-sdk"),
        (71, "alpine:latest", "docker-sdk"),
        (76, "alpine:3.10", "docker-sdk"),
        (148, "alpine:latest", "docker-sdk"),
    ]


def test_quickwit_cross_runs_the_images_its_makefile_builds() -> None:
    # quickwit/Cross.toml runs quickwit/cross:TRIPLE for four targets; the root Makefile's
    # cross-images target builds each (`docker build --tag quickwit/cross:$$tag` in a shell
    # loop over IMAGE_TAGS) from build/cross-images/TRIPLE.dockerfile, whose bases are pulled
    # and pinned by digest. Read alone (pre-commit) or in a scan: the same.
    from tagsense import check, find_references

    root = REALWORLD / "quickwit-9fd01432"
    cross = str(root / "quickwit" / "Cross.toml")
    assert [(o.line, o.text, o.context["target"]) for o in read_build_file(cross).scan] == [
        (11, "quickwit/cross:x86_64-unknown-linux-gnu", "x86_64-unknown-linux-gnu"),
        (14, "quickwit/cross:x86_64-unknown-linux-musl", "x86_64-unknown-linux-musl"),
        (17, "quickwit/cross:aarch64-unknown-linux-gnu", "aarch64-unknown-linux-gnu"),
        (29, "quickwit/cross:aarch64-unknown-linux-musl", "aarch64-unknown-linux-musl"),
    ]
    makefile = BuildSite("make", str(root / "Makefile"), 74)
    for scan in (find_references(cross), find_references(str(root))):
        occurrences = [o for o in scan if o.kind == "cross"]
        assert len(occurrences) == 4
        assert all(o.built == makefile for o in occurrences)
    scan = find_references(str(root))
    pulled = sorted(o.text.partition("@")[0] for o in scan if o.built is None)
    assert pulled == [
        "ghcr.io/cross-rs/aarch64-unknown-linux-gnu:main",
        "ghcr.io/cross-rs/x86_64-unknown-linux-gnu:main",
        "quickwit/cross-base:x86_64-unknown-linux-musl",
        "rustembedded/cross:aarch64-unknown-linux-musl",
    ]
    assert check(scan) == []


def test_trigger_dev_s_test_helpers_start_these_images() -> None:
    # triggerdotdev/trigger.dev's internal-packages/testcontainers (survey 21d), read by hand:
    # its package.json depends on testcontainers and @testcontainers/{postgresql,redis}; each
    # container its helpers make is started. utils.ts's createPostgresContainer takes
    # `opts?.imageTag ?? "docker.io/postgres:14"` (a value made at run time: not read);
    # createClickHouseContainer's class lives in clickhouse.ts (not copied here).
    from tagsense import find_references

    root = REALWORLD / "trigger.dev-b082e443"
    src = root / "internal-packages" / "testcontainers" / "src"
    s2 = "ghcr.io/s2-streamstore/s2:0.40.0@sha256:"
    s2 += "b26249e2ede0949755f5af8028185dc2bcfc3aa2db21eb9610543d144eb6ee9d"
    electric = "electricsql/electric:1.2.4@sha256:"
    electric += "20da3d0b0e74926c5623392db67fd56698b9e374c4aeb6cb5cadeb8fea171c36"
    found = [
        (os.path.basename(o.path or ""), o.line, o.text, o.context["call"])
        for o in find_references(str(root))
    ]
    assert found == [
        ("minio.ts", 19, "minio/minio:latest", "MinIOContainer"),
        ("s2.ts", 12, s2, "GenericContainer"),
        ("utils.ts", 175, "docker.io/postgres:14", "PostgreSqlContainer"),
        ("utils.ts", 213, "redis:7.2", "RedisContainer"),
        ("utils.ts", 290, electric, "GenericContainer"),
    ]
    # Named alone (pre-commit), a source says the same.
    alone = find_references(str(src / "minio.ts"))
    assert [(o.line, o.text, o.kind) for o in alone] == [
        (19, "minio/minio:latest", "testcontainers")
    ]


def test_drizzle_orm_s_integration_tests_pull_these_images_through_dockerode() -> None:
    # drizzle-team/drizzle-orm's integration-tests (survey 21d): its package.json depends on
    # dockerode; each helper pulls `const image = '…'` with `docker.pull(image)`, then makes
    # its container from it (`createContainer({ Image: image })`): one image, reported once.
    from tagsense import find_references

    root = REALWORLD / "drizzle-orm-b7862528"
    found = [
        (os.path.basename(o.path or ""), o.line, o.text, o.kind, o.context["call"])
        for o in find_references(str(root))
    ]
    assert sorted(found) == [
        ("createInstance.ts", 9, "geldata/gel:6", "docker-sdk", "pull"),
        ("pg.test.ts", 23, "pgvector/pgvector:pg16", "docker-sdk", "pull"),
    ]


def test_logto_s_dev_container_starts_its_database_with_docker_run() -> None:
    # logto-io/logto's .devcontainer/devcontainer.json (survey 21d) names no image of its own
    # (VS Code's default): its postStartCommand runs `docker run -d … postgres:14-alpine`.
    from tagsense import find_references

    root = REALWORLD / "logto-1fbc5544"
    found = [(o.line, o.text, o.kind, dict(o.context)) for o in find_references(str(root))]
    assert found == [
        (
            18,
            "postgres:14-alpine",
            "shell",
            {"tool": "devcontainer", "command": "postStartCommand", "engine": "docker",
             "verb": "run"},
        )
    ]  # fmt: skip


def test_kafka_ui_ci_runs_the_compose_file_whose_build_args_give_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # kafbat/kafka-ui's e2e-playwright-run.yml runs `docker compose -f
    # ./documentation/compose/e2e-tests.yaml up -d`; that file builds ./kafka-connect and
    # ./postgres with `args: {image: …}`, and each Dockerfile says `ARG image`, `FROM ${image}`.
    # (A compose file of another name that no command ran stayed no build file: 2 TS011.)
    import shutil

    from tagsense import find_references

    shutil.copytree(REALWORLD / "kafka-ui-ab8c9ceb", tmp_path / "kafka-ui")
    (tmp_path / "kafka-ui" / ".git").mkdir()
    monkeypatch.chdir(tmp_path / "kafka-ui")
    compose = os.path.join("documentation", "compose")
    scan = find_references(compose)
    froms = sorted((o.path, o.text) for o in scan if o.kind == "from")
    assert froms == [
        (
            os.path.join(compose, "kafka-connect", "Dockerfile"),
            "confluentinc/cp-kafka-connect:7.8.0",
        ),
        (os.path.join(compose, "postgres", "Dockerfile"), "postgres:9.6.22"),
    ]
    assert all(
        o.context["build"]["name"] in {"kafka-connect0", "postgres-db"}
        for o in scan
        if o.kind == "from"
    )


def test_debezium_s_connector_starts_its_test_databases_with_docker_maven_plugin() -> None:
    # debezium-connector-postgres/pom.xml: fabric8's docker-maven-plugin builds
    # debezium/postgres-server-test-database from ${postgres.image} (quay.io/debezium/
    # postgres:${version.postgres.server}, 17) and runs Apicurio's registry,
    # ${apicurio.image}:${version.apicurio} from debezium-parent/pom.xml.
    from tagsense import find_references

    root = REALWORLD / "debezium-aad55199"
    pom = str(root / "debezium-connector-postgres" / "pom.xml")
    found = read_build_file(pom)
    assert [(o.line, o.kind, o.text, o.context["field"]) for o in found.scan] == [
        (305, "docker-maven-plugin", "quay.io/debezium/postgres:17", "build.from"),
        (316, "docker-maven-plugin", "quay.io/apicurio/apicurio-registry:3.2.5", "name"),
    ]
    assert [image.name for image in found.built] == ["debezium/postgres-server-test-database"]
    assert sorted(o.text for o in find_references(str(root))) == [
        "quay.io/apicurio/apicurio-registry:3.2.5",
        "quay.io/debezium/postgres:17",
    ]


def test_dotnet_tests_start_these_images_and_apphosts_run_these() -> None:
    # Read by hand (survey 22b). Squidex's fixtures start a module's builder given its image
    # (vibs2006/sql_server_fts has no tag: Testcontainers' DockerImage makes it latest).
    # wolverine's NatsNamedBrokerTests starts a second broker on NatsContainerFixture.NatsImage,
    # the constant of the fixture beside it. testcontainers-dotnet's KafkaBuilderTest only
    # checks what Build() refuses: nothing starts, nothing is pulled. CleanArchitecture's
    # SmtpServerFixture lives in Fixtures/ (code, not a test's data) and gets the namespace from
    # GlobalUsings.cs: its project references Testcontainers. CommunityToolkit/Aspire's Adminer
    # integration takes its image from AdminerContainerImageTags.cs; its Floci tests only
    # inspect the model (myorg/worker is never run).
    names = (
        "squidex-0ecfe2fc",
        "wolverine-a4b6f5bd",
        "testcontainers-dotnet-1717807a",
        "cleanarchitecture-4f80d58d",
        "communitytoolkit-aspire-437177d6",
    )
    found = sorted(
        (name, o.kind, o.text) for name in names for o in find_references(str(REALWORLD / name))
    )
    assert found == [
        ("cleanarchitecture-4f80d58d", "testcontainers", "jijiechen/papercut:latest"),
        ("communitytoolkit-aspire-437177d6", "aspire", "docker.io/library/adminer:5.1.0"),
        ("squidex-0ecfe2fc", "testcontainers", "mongo:6.0"),
        ("squidex-0ecfe2fc", "testcontainers", "vibs2006/sql_server_fts:latest"),
        ("testcontainers-dotnet-1717807a", "testcontainers", "confluentinc/cp-kafka:6.1.9"),
        ("testcontainers-dotnet-1717807a", "testcontainers", "confluentinc/cp-kafkacat:6.1.9"),
        ("wolverine-a4b6f5bd", "testcontainers", "nats:2.14.4"),
        ("wolverine-a4b6f5bd", "testcontainers", "nats:2.14.4"),
    ]


def test_mall_s_modules_build_what_the_root_s_plugin_management_configures() -> None:
    # macrozheng/mall: the root pom's <pluginManagement> configures docker-maven-plugin
    # (mall/${project.name}:${project.version}, from openjdk:8); mall-admin, mall-search and
    # mall-portal declare the plugin alone, and document/docker/docker-compose-app.yml runs
    # what they build. Nothing in the compose file is a pull; the base is one, in the root.
    root = REALWORLD / "mall-74eebe06"
    found = {(o.kind, o.text): o.built for o in find_references(str(root / "document" / "docker"))}
    assert found.keys() == {
        ("compose", "mall/mall-admin:1.0-SNAPSHOT"),
        ("compose", "mall/mall-search:1.0-SNAPSHOT"),
        ("compose", "mall/mall-portal:1.0-SNAPSHOT"),
    }
    assert all(
        built is not None and built.tool == "docker-maven-plugin" for built in found.values()
    )
    bases = [(o.path, o.line, o.text) for o in find_references(str(root / "pom.xml"))]
    assert bases == [(str(root / "pom.xml"), 236, "openjdk:8")]


def test_micronaut_data_s_test_resources_start_these_images() -> None:
    # micronaut-projects/micronaut-data: Micronaut Test Resources' test-resources.containers.
    # NAME.image-name (the other containers of the file take the modules' defaults: not
    # written, not guessed).
    root = REALWORLD / "micronaut-data-84cfe571"
    found = sorted(
        (os.path.relpath(o.path, root), o.line, o.text, o.context["tool"])
        for o in find_references(str(root))
    )
    tool = "micronaut-test-resources"
    example = "doc-examples/mongo-multitenancy-datasource-example-java/src/main/resources"
    mssql = "mcr.microsoft.com/mssql/server:2022-latest"
    assert found == [
        ("data-jdbc/src/test/resources/application.yml", 6, mssql, tool),
        (f"{example}/application.yml", 13, "mongo:5", tool),
        (f"{example}/application.yml", 19, "mongo:5", tool),
    ]  # fmt: skip


def test_jvm_tests_start_images_through_static_parse_super_and_scala() -> None:
    # openzipkin/zipkin: `super(parse(...))` with DockerImageName.parse imported statically;
    # AxonFramework: `super("mysql:8.0")` in a MySQLContainer subclass; apache/pekko-connectors:
    # testcontainers-scala's `GenericContainer(dockerImage = ...)`.
    cases = {
        "zipkin-878ce2a1": [(36, "ghcr.io/openzipkin/zipkin-cassandra:3.6.0")],
        "axonframework-8d5c40e0": [(38, "mysql:8.0")],
        "pekko-connectors-f67b03f1": [
            (59, "localstack/localstack:4.14"),
            (72, "softwaremill/elasticmq-native"),
        ],
    }
    for directory, expected in cases.items():
        found = [(o.line, o.text) for o in find_references(str(REALWORLD / directory))]
        assert found == expected, directory


def test_tempo_s_makefile_builds_its_components_not_every_grafana_image() -> None:
    # grafana/tempo's Makefile: `docker build -t grafana/$(COMPONENT) -f
    # ./cmd/$(COMPONENT)/Dockerfile .`, run by `COMPONENT=tempo make docker-component` and
    # the like. Its example compose file runs those components and also grafana/grafana and
    # grafana/alloy, which it pulls; docs-base (the docs targets) is pulled too.
    from tagsense import check

    root = REALWORLD / "tempo-ad33aa8f"
    scan = find_references(str(root))
    compose = os.path.join("example", "docker-compose", "single-binary", "docker-compose.yaml")
    built = {
        o.text: o.built is not None
        for o in scan
        if os.path.relpath(o.path, root) == compose or "docs-base" in o.text
    }
    assert built == {
        "grafana/tempo:3.0.0": True,
        "ghcr.io/grafana/xk6-client-tracing:v0.0.9": False,
        "grafana/alloy:v1.18.1@sha256:"
        "0f4434c92b3e6cdac38bb129b344e1790c246f7b6e2eaffcc16a5fa363240e33": False,
        "prom/prometheus:latest": False,
        "grafana/grafana:13.1.3@sha256:"
        "ab5cb380e3ff3172d6c8bd2e7cfd31cce977d2881b260e1f5bc089bf0b759b43": False,
        "grafana/tempo-vulture:3.0.0": True,
        "grafana/docs-base:latest": False,
    }
    found = sorted(
        (os.path.relpath(f.path, root), f.line, f.code)
        for f in check(scan, as_of=datetime.date(2026, 11, 28))
    )
    assert found == [
        ("Makefile", 195, "TS002"),  # docker run … alpine find /integration …
        *(("Makefile", line, "TS001") for line in (383, 384, 388, 389)),  # docs-base:latest
        (os.path.join("cmd", "tempo-vulture", "Dockerfile"), 4, "TS006"),  # static-debian12
        (os.path.join("cmd", "tempo", "Dockerfile"), 5, "TS006"),
        (compose, 45, "TS001"),  # prom/prometheus:latest
    ]


def test_hyperdx_s_all_in_one_stage_is_read_as_the_build_that_reaches_it() -> None:
    # hyperdxio/hyperdx's Makefile builds docker/hyperdx/Dockerfile `--target prod` (build-app)
    # and `--target all-in-one-noauth` with `--build-context clickhouse=./docker/clickhouse`
    # (build-local): the all-in-one stage's `COPY --from=clickhouse` is that directory, not
    # Docker Hub's clickhouse image as build-app, which skips the stage, would read it.
    from tagsense import check

    root = REALWORLD / "hyperdx-b52a6fa8"
    scan = find_references(str(root))
    texts = {o.text for o in scan}
    assert "clickhouse" not in texts and "otel-collector" not in texts
    assert "clickhouse/clickhouse-server:26.5-alpine" in texts  # the stage's own base
    found = [(f.line, f.code) for f in check(scan, as_of=datetime.date(2026, 11, 28))]
    assert found == [(26, "TS004"), (38, "TS004"), (45, "TS004"), (105, "TS004"), (148, "TS004")]


def test_demo_scene_s_jib_build_names_its_image_with_the_script_s_own_values() -> None:
    # confluentinc/demo-scene's streams-movie-demo: jib's to.image is
    # "${dockerRegistry}/${imageBaseName}", two `def`s of the script; the deployment runs
    # that image (`:latest`, jib's default tag), which is built, not pulled (2 false TS001).
    root = REALWORLD / "demo-scene-dc2b351f" / "streams-movie-demo" / "streams-kubernetes"
    result = read_build_file(str(root / "build.gradle"))
    assert [(image.name, image.site.line) for image in result.built] == [
        ("gamov-docker.jfrog.io/dev/streaming-movie-ratings", 41)
    ]
    found = {(o.kind, o.text): o.built for o in find_references(str(root))}
    assert found.keys() == {
        ("jib", "gcr.io/distroless/java:8"),
        ("kubernetes", "gamov-docker.jfrog.io/dev/streaming-movie-ratings:latest"),
    }
    assert found["jib", "gcr.io/distroless/java:8"] is None
    built = found["kubernetes", "gamov-docker.jfrog.io/dev/streaming-movie-ratings:latest"]
    assert built is not None and built.tool == "jib"


def test_dockerfiles_windows_s_powershell_scripts_pull_and_run_these() -> None:
    # StefanScherer/dockerfiles-windows builds, tests and pushes each image with PowerShell
    # (`build.ps1`, `test.ps1`, run by AppVeyor in the image's directory). Its pulls:
    # `docker pull` of nanoserver:1809 in node/build.ps1, `docker create` of a nanoserver
    # build, unicode/test.ps1's untagged nanoserver; what test.ps1 runs beside build.ps1 is the
    # image built there (a local `golang`), and golang-issue-18555's Dockerfile still pulls
    # `golang:1.8-windowsservercore` from Docker Hub.
    root = REALWORLD / "dockerfiles-windows-dc7826ac"
    scan = find_references(str(root))
    seen = sorted(
        (os.path.relpath(o.path, root), o.line, o.text, o.built is not None)
        for o in scan
        if o.kind in ("shell", "from")
    )
    assert seen == sorted(
        [
            (os.path.join("golang", "Dockerfile"), 1, "golang:1.9-nanoserver", False),
            (os.path.join("golang", "test.ps1"), 2, "golang", True),
            (os.path.join("golang", "test.ps1"), 3, "golang", True),
            (
                os.path.join("golang-issue-18555", "Dockerfile"),
                1,
                "golang:1.8-windowsservercore",
                False,
            ),
            (os.path.join("golang-issue-18555", "test.ps1"), 5, "golang-issue-18555", True),
            (
                os.path.join("java", "openjdk", "ojdkbuild", "build.ps1"),
                5,
                "openjdk:8-windowsservercore",
                True,
            ),
            (
                os.path.join("java", "openjdk", "ojdkbuild", "build.ps1"),
                6,
                "openjdk:8-nanoserver",
                True,
            ),
            (
                os.path.join("nanoserverapiscan", "build.ps1"),
                1,
                "mcr.microsoft.com/windows/nanoserver:10.0.14393.2068",
                False,
            ),
            (os.path.join("nanoserverapiscan", "build.ps1"), 5, "win10sdk", True),
            (
                os.path.join("node", "build.ps1"),
                38,
                "mcr.microsoft.com/windows/nanoserver:1809",
                False,
            ),
            *(
                (
                    os.path.join("unicode", "test.ps1"),
                    line,
                    "mcr.microsoft.com/windows/nanoserver",
                    False,
                )
                for line in (2, 4, 6)
            ),
        ]
    )


def test_sitecore_s_build_json_feeds_the_dockerfile_beside_it() -> None:
    # Sitecore/docker-images: each Dockerfile's `ARG BASE_IMAGE` has no default; the
    # `build.json` beside it gives it (`--build-arg BASE_IMAGE=…`), and the builder fills in
    # `${windowsservercore_version}` and `${nanoserver_version}` (Build.ps1's default run:
    # ltsc2019, 1809). 565 TS011 where the value is in the repository (survey 33b).
    from tagsense import check

    root = REALWORLD / "sitecore-docker-images-9eff5e08"
    scan = find_references(str(root))
    seen = sorted(
        (os.path.relpath(o.path, root), o.line, o.text, o.context.get("build", {}).get("tool"))
        for o in scan
        if o.kind == "from"
    )
    assets = os.path.join("build", "windows", "10.0.0", "sitecore-assets", "Dockerfile")
    mssql = os.path.join("build", "linux", "10.0.0", "base", "sitecore-xp0-mssql", "Dockerfile")
    sql = "mcr.microsoft.com/mssql/server:2019-CU5-ubuntu-16.04"
    assert seen == [
        (mssql, 3, sql, "sitecore"),
        (mssql, 42, sql, "sitecore"),
        (assets, 5, "mcr.microsoft.com/windows/servercore:ltsc2019", "sitecore"),
        (assets, 56, "mcr.microsoft.com/windows/nanoserver:1809", "sitecore"),
    ]
    codes = {f.code for f in check(scan, as_of=datetime.date(2026, 12, 5))}
    assert "TS011" not in codes
    assert codes == {"TS006"}  # (Ubuntu 16.04, the SQL Server image's base, past its end)
