"""Micronaut Test Resources, Quarkus Dev Services, Playtika's testcontainers-spring-boot and
Testcontainers' own configuration: the images an application's configuration has its tests start
are pulls (sources.builds.app_config)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tagsense.sources import scan_paths
from tagsense.sources.builds import build_tool
from tagsense.sources.builds.app_config import image_tool, scan_app_config
from tagsense.sources.builds.testcontainers import scan_test_source

if TYPE_CHECKING:
    from pathlib import Path

# micronaut-projects/micronaut-data's data-jdbc/src/test/resources/application.yml and
# doc-examples/mongo-multitenancy-datasource-example-java/src/main/resources/application.yml,
# cut down (survey 22a).
MICRONAUT = """\
test-resources:
  containers:
    mssql:
      accept-license: true
      image-name: mcr.microsoft.com/mssql/server:2022-latest
    mariadb:
      startup-timeout: 300s
    foo:
      image-name: "mongo:5"
      hostnames:
        - foo.host
test-resources.containers.bar.image-name: redis:7.4.2
micronaut:
  application:
    name: example
"""


def found(text: str) -> list[tuple[int, int, str, str]]:
    return [
        (o.line, o.column, o.text, dict(o.context)["tool"])
        for o in scan_app_config(text, path="application.yml")
    ]


def test_micronaut_test_resources_images_are_pulled_where_they_are_written() -> None:
    assert found(MICRONAUT) == [
        (5, 19, "mcr.microsoft.com/mssql/server:2022-latest", "micronaut-test-resources"),
        (9, 20, "mongo:5", "micronaut-test-resources"),
        (12, 43, "redis:7.4.2", "micronaut-test-resources"),
    ]
    (first, *_) = scan_app_config(MICRONAUT, path="application.yml")
    assert first.kind == "testcontainers"
    assert dict(first.context)["key"] == "test-resources.containers.mssql.image-name"


def test_quarkus_dev_services_images_in_yaml_and_properties() -> None:
    yaml_text = "quarkus:\n  datasource:\n    devservices:\n      image-name: postgres:17.2\n"
    assert found(yaml_text) == [(4, 19, "postgres:17.2", "quarkus-dev-services")]
    properties = (
        "# quarkus.kafka.devservices.image-name=redpanda:old\n"
        "%test.quarkus.datasource.devservices.image-name=postgres:17.2\n"
        "quarkus.keycloak.devservices.image-name = ${KEYCLOAK_IMAGE}\n"
        "test-resources.containers.mysql.image-name: mysql:8.4.3\n"
    )
    scanned = scan_test_source(properties, path="src/main/resources/application.properties")
    assert [(o.line, o.column, o.text) for o in scanned] == [
        (2, 49, "postgres:17.2"),
        (4, 45, "mysql:8.4.3"),
    ]


def test_other_keys_and_placeholders_name_no_image() -> None:
    assert image_tool("test-resources.containers.mysql.startup-timeout") is None
    assert image_tool("test-resources.containers.image-name") is None
    assert image_tool("quarkus.datasource.image-name") is None
    assert image_tool("%dev.quarkus.redis.devservices.image-name") == "quarkus-dev-services"
    text = "test-resources:\n  containers:\n    pg:\n      image-name: ${PG_IMAGE}\n"
    assert found(text) == []
    assert found("test-resources: [\n") == []  # (YAML the framework rejects: nothing)


def test_only_the_classpaths_application_configuration_is_read(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    resources = tmp_path / "data-jdbc" / "src" / "test" / "resources"
    resources.mkdir(parents=True)
    (resources / "application.yml").write_text(MICRONAUT)
    (resources / "application-other.yml").write_text("micronaut:\n  server:\n    port: 1\n")
    (tmp_path / "application.yml").write_text(MICRONAUT)  # (not on a classpath)
    assert build_tool(resources / "application.yml") == "app-config"
    assert build_tool(tmp_path / "application.yml") is None
    scanned = scan_paths([str(tmp_path)])
    assert {(o.path, o.text) for o in scanned.occurrences} == {
        (str(resources / "application.yml"), "mcr.microsoft.com/mssql/server:2022-latest"),
        (str(resources / "application.yml"), "mongo:5"),
        (str(resources / "application.yml"), "redis:7.4.2"),
    }
    assert list(scanned.errors) == []


# metersphere/metersphere's backend/services/api-test/src/test/resources/bootstrap.properties
# (commit c7097715dca55868be02cba0b27f9a186525d738, GPL-3.0; the same in five more test
# modules), which Playtika's embedded-mysql reads: its tests start mysql:8.0.35 (survey 30a).
PLAYTIKA = """\
# embedded config
embedded.containers.enabled=true
embedded.containers.forceShutdown=true
# mysql
embedded.mysql.enabled=true
embedded.mysql.encoding=utf8mb4
embedded.mysql.collation=utf8mb4_general_ci
embedded.mysql.dockerImage=mysql:8.0.35
# redis
embedded.redis.enabled=true
"""


def test_playtika_embedded_services_images_are_pulled() -> None:
    scanned = scan_test_source(PLAYTIKA, path="src/test/resources/bootstrap.properties")
    assert [(o.line, o.column, o.text, dict(o.context)["tool"]) for o in scanned] == [
        (8, 28, "mysql:8.0.35", "testcontainers-spring-boot"),
    ]
    relaxed = "embedded.kafka.docker-image = confluentinc/cp-kafka:7.7.0\n"
    assert [o.text for o in scan_test_source(relaxed, path="bootstrap.properties")] == [
        "confluentinc/cp-kafka:7.7.0"
    ]
    yaml_text = "embedded:\n  redis:\n    dockerImage: redis:7.4.2\n    enabled: true\n"
    assert found(yaml_text) == [(3, 18, "redis:7.4.2", "testcontainers-spring-boot")]
    assert image_tool("embedded.mysql.enabled") is None
    assert image_tool("embedded.containers.dockerImage") == "testcontainers-spring-boot"
    assert image_tool("other.mysql.dockerImage") is None


def test_testcontainers_own_helper_images_are_read_in_its_properties_file() -> None:
    # thombergs/code-examples's spring-boot/testcontainers/src/test/resources/
    # testcontainers.properties (commit 67d3508c1e1d5310e5db47e8c7f011a1faf58143, MIT): the
    # tests start Ryuk from that image, untagged (survey 30a).
    text = "ryuk.container.image=testcontainersofficial/ryuk\n"
    scanned = scan_test_source(text, path="src/test/resources/testcontainers.properties")
    assert [(o.line, o.column, o.text, dict(o.context)["tool"]) for o in scanned] == [
        (1, 22, "testcontainersofficial/ryuk", "testcontainers"),
    ]
    assert list(scan_test_source(text, path="src/test/resources/application.properties")) == []


def test_a_bootstrap_configuration_on_the_classpath_is_read(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    resources = tmp_path / "service" / "src" / "test" / "resources"
    resources.mkdir(parents=True)
    (resources / "bootstrap.properties").write_text(PLAYTIKA)
    (resources / "bootstrap.yml").write_text("embedded:\n  redis:\n    docker-image: redis:7\n")
    (resources / "other.properties").write_text("embedded.mysql.enabled=true\n")
    (tmp_path / "bootstrap.yml").write_text("embedded:\n  redis:\n    dockerImage: redis:7\n")
    assert build_tool(resources / "bootstrap.yml") == "app-config"
    scanned = scan_paths([str(tmp_path)])
    assert sorted((o.path, o.text) for o in scanned.occurrences) == [
        (str(resources / "bootstrap.properties"), "mysql:8.0.35"),
        (str(resources / "bootstrap.yml"), "redis:7"),
    ]
    assert list(scanned.errors) == []


# navikt/sosialhjelp-soknad-api's src/test/resources/application-test-container.yml (commit
# 8f490826549f8be081a8e5f64b9632b1c1ed811a, MIT), cut down: the "test-container" profile of
# its integration tests (AbstractIntegrationTest) has Testcontainers' JDBC driver start
# postgres:15-alpine (survey 34m).
SPRING_JDBC = """\
spring:
  flyway:
    enabled: true
  datasource:
    driver-class-name: org.testcontainers.jdbc.ContainerDatabaseDriver
    url: jdbc:tc:postgresql:15-alpine:///soknad
    # url: jdbc:tc:mysql:8.0.36:///old
    username: user
"""


def test_a_spring_profiles_jdbc_url_starts_its_database(tmp_path: Path) -> None:
    assert [(o.line, o.column, o.text, dict(o.context)["call"]) for o in
            scan_app_config(SPRING_JDBC, path="application-test.yml")] == [
        (6, 18, "postgres:15-alpine", "jdbc:tc"),
    ]  # fmt: skip
    (tmp_path / ".git").mkdir()
    resources = tmp_path / "src" / "test" / "resources"
    resources.mkdir(parents=True)
    (resources / "application-test-container.yml").write_text(SPRING_JDBC)
    (tmp_path / "application.yml").write_text(SPRING_JDBC)  # (not on a classpath)
    assert build_tool(resources / "application-test-container.yml") == "app-config"
    scanned = scan_paths([str(tmp_path)])
    assert [(o.path, o.raw, o.text) for o in scanned.occurrences] == [
        (str(resources / "application-test-container.yml"), "postgresql:15-alpine",
         "postgres:15-alpine"),
    ]  # fmt: skip
    assert list(scanned.errors) == []


FRAGMENTS = [
    "\n", "  ", "    ", ": ", ":", "- ", "test-resources", "containers", "image-name",
    "quarkus", "devservices", ".", "mongo:5", "${X}", '"', "'", "[", "{", "&a ", "*a", "%test.",
    "embedded", "dockerImage", "docker-image", "ryuk", "container", "image", "=",
    "jdbc:tc:", "postgresql", "://", "#",
]  # fmt: skip


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join))
def test_any_configuration_raises_nothing(text: str) -> None:
    for occurrence in scan_app_config(text, path="application.yml"):
        assert occurrence.text
    for occurrence in scan_test_source(text, path="application.properties"):
        assert occurrence.text
