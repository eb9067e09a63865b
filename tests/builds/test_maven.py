"""Maven's own image builds: filtered Dockerfiles, exec-maven-plugin's docker build, the modules
of a reactor build (sources.builds.maven, through the pom reader of sources.builds.jib)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tagsense.sources import scan_paths
from tagsense.sources.builds.maven import filter_text

if TYPE_CHECKING:
    from pathlib import Path

# thingsboard/thingsboard's pom.xml, msa/pom.xml and msa/tb-node/pom.xml, cut down (survey 19):
# maven-resources-plugin copies docker/ into target/ with filtering, exec-maven-plugin runs
# `docker build -t thingsboard/tb-node:latest .` there, and docker/docker-compose.yml runs it.
ROOT = """\
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <groupId>org.thingsboard</groupId>
  <artifactId>thingsboard</artifactId>
  <version>4.4.0-SNAPSHOT</version>
  <packaging>pom</packaging>
  <modules><module>msa</module></modules>
</project>
"""
MSA = """\
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <parent>
    <groupId>org.thingsboard</groupId>
    <artifactId>thingsboard</artifactId>
    <version>4.4.0-SNAPSHOT</version>
  </parent>
  <artifactId>msa</artifactId>
  <packaging>pom</packaging>
  <properties>
    <docker.repo>thingsboard</docker.repo>
    <docker.base.image>thingsboard/openjdk25:trixie-slim</docker.base.image>
  </properties>
  <modules><module>tb-node</module></modules>
</project>
"""
TB_NODE = """\
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <parent>
    <groupId>org.thingsboard</groupId>
    <artifactId>msa</artifactId>
    <version>4.4.0-SNAPSHOT</version>
  </parent>
  <artifactId>tb-node</artifactId>
  <properties><docker.name>tb-node</docker.name></properties>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-resources-plugin</artifactId>
        <executions><execution>
          <id>copy-docker-config</id>
          <goals><goal>copy-resources</goal></goals>
          <configuration>
            <outputDirectory>${project.build.directory}</outputDirectory>
            <resources><resource>
              <directory>docker</directory>
              <filtering>true</filtering>
            </resource></resources>
          </configuration>
        </execution></executions>
      </plugin>
      <plugin>
        <groupId>org.codehaus.mojo</groupId>
        <artifactId>exec-maven-plugin</artifactId>
        <executions><execution>
          <id>build-docker-image</id>
          <goals><goal>exec</goal></goals>
          <configuration>
            <executable>docker</executable>
            <workingDirectory>${project.build.directory}</workingDirectory>
            <arguments>
              <argument>build</argument>
              <argument>-t</argument>
              <argument>${docker.repo}/${docker.name}:latest</argument>
              <argument>.</argument>
            </arguments>
          </configuration>
        </execution></executions>
      </plugin>
    </plugins>
  </build>
</project>
"""
DOCKERFILE = """\
# tb-node
FROM ${docker.base.image}
ARG TB_VERSION=${project.version}
COPY ${pkg.name}.deb /tmp/
"""


def project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pom.xml").write_text(ROOT)
    (tmp_path / "msa" / "tb-node" / "docker").mkdir(parents=True)
    (tmp_path / "msa" / "pom.xml").write_text(MSA)
    (tmp_path / "msa" / "tb-node" / "pom.xml").write_text(TB_NODE)
    (tmp_path / "msa" / "tb-node" / "docker" / "Dockerfile").write_text(DOCKERFILE)
    (tmp_path / "docker").mkdir()
    (tmp_path / "docker" / "docker-compose.yml").write_text(
        "services:\n  tb-core1:\n    image: thingsboard/tb-node:latest\n"
        "  postgres:\n    image: postgres:16.4\n"
    )
    return tmp_path


def test_a_filtered_dockerfile_is_built_as_maven_writes_it(tmp_path: Path) -> None:
    root = project(tmp_path)
    found = scan_paths([str(root / "msa")])
    assert list(found.errors) == []  # (not BuildKit's "unsupported modifier (.)")
    (base,) = found.occurrences
    dockerfile = str(root / "msa" / "tb-node" / "docker" / "Dockerfile")
    assert (base.path, base.line, base.column, base.kind) == (dockerfile, 2, 6, "from")
    assert base.text == "thingsboard/openjdk25:trixie-slim"
    assert "inline" not in base.context


def test_what_exec_maven_plugin_builds_is_built_in_the_whole_reactor(tmp_path: Path) -> None:
    root = project(tmp_path)
    found = {o.text: o.built for o in scan_paths([str(root / "docker")])}
    built = found["thingsboard/tb-node:latest"]
    assert built is not None and (built.tool, built.line) == ("maven", 38)
    assert found["postgres:16.4"] is None
    # (alone too: the compose file's project is the reactor of the root's pom)
    (alone, _) = scan_paths([str(root / "docker" / "docker-compose.yml")])
    assert alone.built is not None


def test_filtering_puts_in_the_properties_that_have_a_value() -> None:
    text = "FROM ${base}\nLABEL v=@version@ mail=a@b.c\nRUN echo ${HOME} $HOME\n"
    filtered, runs = filter_text(text, {"base": "debian:13.2", "version": "1.0"})
    assert filtered == "FROM debian:13.2\nLABEL v=1.0 mail=a@b.c\nRUN echo ${HOME} $HOME\n"
    # (each run: where it starts in the result, and where it is written)
    assert runs[:3] == [(0, 1, 1), (5, 1, 6), (16, 1, 13)]


def test_spring_boot_build_image_pulls_its_builder_and_run_image() -> None:
    # Spring Boot's Maven plugin documentation, "Packaging OCI Images" (image.builder,
    # image.runImage, image.name); the petclinic-style pom names them as properties.
    from tagsense.sources.builds.jib import scan_pom

    text = """\
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <artifactId>petclinic</artifactId>
  <version>3.5.0</version>
  <properties><run.image>paketobuildpacks/run-jammy-base:latest</run.image></properties>
  <build><plugins><plugin>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-maven-plugin</artifactId>
    <configuration>
      <image>
        <name>ghcr.io/acme/${project.artifactId}:${project.version}</name>
        <builder>paketobuildpacks/builder-jammy-base:0.4.7</builder>
        <runImage>${run.image}</runImage>
      </image>
    </configuration>
  </plugin></plugins></build>
</project>
"""
    found = scan_pom(text, path="pom.xml")
    assert [(o.line, o.column, o.kind, o.text) for o in found.scan] == [
        (11, 18, "spring-boot", "paketobuildpacks/builder-jammy-base:0.4.7"),
        (12, 19, "spring-boot", "paketobuildpacks/run-jammy-base:latest"),
    ]
    assert dict(found.scan.occurrences[0].context) == {
        "tool": "spring-boot",
        "builder": "maven",
        "field": "image.builder",
        "module": "petclinic",
    }
    (built,) = found.built
    assert (built.name, built.site.tool, built.site.line) == (
        "ghcr.io/acme/petclinic:3.5.0",
        "spring-boot",
        10,
    )


def test_docker_maven_plugin_runs_its_images_and_builds_from_their_base() -> None:
    # debezium/debezium's debezium-connector-postgres/pom.xml, cut down (survey 21g): the
    # fabric8 docker-maven-plugin builds the test database from ${postgres.image} and starts
    # it, and starts Apicurio's registry as it is (docker:start, before the integration tests).
    from tagsense.sources.builds.jib import scan_pom

    text = """\
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <artifactId>debezium-connector-postgres</artifactId>
  <properties>
    <version.postgres.server>17</version.postgres.server>
    <postgres.image>quay.io/debezium/postgres:${version.postgres.server}</postgres.image>
  </properties>
  <build><plugins><plugin>
    <groupId>io.fabric8</groupId>
    <artifactId>docker-maven-plugin</artifactId>
    <configuration>
      <images>
        <image>
          <name>debezium/postgres-server-test-database</name>
          <run><ports><port>5432:5432</port></ports></run>
          <build><from>${postgres.image}</from></build>
        </image>
        <image>
          <name>quay.io/apicurio/apicurio-registry:${version.apicurio}</name>
          <run><ports><port>8080:8080</port></ports></run>
        </image>
        <image>
          <name>acme/from-dockerfile:1.0.0</name>
          <build><from>ignored:1</from><dockerFile>Dockerfile</dockerFile></build>
        </image>
        <image>
          <name>compose-services</name>
          <external><type>compose</type></external>
        </image>
      </images>
    </configuration>
  </plugin></plugins></build>
</project>
"""
    found = scan_pom(text, path="pom.xml")
    assert [(o.line, o.column, o.kind, o.text, o.unresolved) for o in found.scan] == [
        (15, 24, "docker-maven-plugin", "quay.io/debezium/postgres:17", ()),
        (
            18,
            17,
            "docker-maven-plugin",
            "quay.io/apicurio/apicurio-registry:${version.apicurio}",
            ("version.apicurio",),
        ),
    ]
    assert dict(found.scan.occurrences[0].context) == {
        "tool": "docker-maven-plugin",
        "builder": "maven",
        "field": "build.from",
        "module": "debezium-connector-postgres",
    }
    assert [(built.name, built.site.line) for built in found.built] == [
        ("debezium/postgres-server-test-database", 13),
        ("acme/from-dockerfile:1.0.0", 22),
    ]


def test_a_pom_that_configures_docker_maven_plugin_is_read(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pom.xml").write_text(
        '<project xmlns="http://maven.apache.org/POM/4.0.0"><artifactId>a</artifactId>'
        "<build><plugins><plugin><groupId>io.fabric8</groupId>"
        "<artifactId>docker-maven-plugin</artifactId><configuration><images><image>"
        "<name>redis:7.4.2</name><run/></image></images></configuration>"
        "</plugin></plugins></build></project>\n"
    )
    scan = scan_paths([str(tmp_path)])
    assert [(o.kind, o.text) for o in scan.occurrences] == [("docker-maven-plugin", "redis:7.4.2")]
