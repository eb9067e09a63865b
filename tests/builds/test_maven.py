"""Maven's own image builds: filtered Dockerfiles, exec-maven-plugin's docker build, the modules
of a reactor build (sources.builds.maven, through the pom reader of sources.builds.jib)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tagsense._offsets import line_column
from tagsense.sources import scan_paths
from tagsense.sources.builds._placed import place_at
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


# macrozheng/mall's pom.xml and mall-search/pom.xml, cut down (survey 22a): the root's
# <pluginManagement> configures docker-maven-plugin once; each module declares the plugin
# alone and builds mall/${project.name}:${project.version}, the image its compose file runs.
MALL_ROOT = """\
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <groupId>com.macro.mall</groupId>
  <artifactId>mall</artifactId>
  <version>1.0-SNAPSHOT</version>
  <modules><module>mall-search</module></modules>
  <build><pluginManagement><plugins><plugin>
    <groupId>io.fabric8</groupId>
    <artifactId>docker-maven-plugin</artifactId>
    <executions><execution><id>build-image</id><goals><goal>build</goal></goals></execution>
    </executions>
    <configuration><images><image>
      <name>mall/${project.name}:${project.version}</name>
      <build><from>openjdk:8</from></build>
    </image></images></configuration>
  </plugin></plugins></pluginManagement></build>
</project>
"""
MALL_SEARCH = """\
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <artifactId>mall-search</artifactId>
  <name>mall-search</name>
  <parent><groupId>com.macro.mall</groupId><artifactId>mall</artifactId>
    <version>1.0-SNAPSHOT</version></parent>
  <build><plugins>
    <plugin>
      <groupId>io.fabric8</groupId>
      <artifactId>docker-maven-plugin</artifactId>
    </plugin>
  </plugins></build>
</project>
"""


def test_a_module_builds_what_its_parents_plugin_management_configures(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pom.xml").write_text(MALL_ROOT)
    (tmp_path / "mall-search").mkdir()
    (tmp_path / "mall-search" / "pom.xml").write_text(MALL_SEARCH)
    (tmp_path / "document").mkdir()
    (tmp_path / "document" / "docker-compose-app.yml").write_text(
        "services:\n  mall-search:\n    image: mall/mall-search:1.0-SNAPSHOT\n"
    )
    found = scan_paths([str(tmp_path)])
    by_text = {(o.kind, o.text): o for o in found.occurrences}
    built = by_text["compose", "mall/mall-search:1.0-SNAPSHOT"].built
    assert built is not None
    search_pom = str(tmp_path / "mall-search" / "pom.xml")
    assert (built.tool, built.path, built.line) == ("docker-maven-plugin", search_pom, 9)
    # (the base is pulled once, where the parent writes it)
    bases = [o for o in found.occurrences if o.text == "openjdk:8"]
    assert [(o.path, o.line) for o in bases] == [(str(tmp_path / "pom.xml"), 13)]


def test_a_module_builds_the_name_the_plugins_placeholders_give(tmp_path: Path) -> None:
    # eclipse-hono/hono's services/parent/pom.xml (a build-docker-image profile) names its
    # images ${docker.repository}/%a:%v; tests/pom.xml builds its test images from
    # docker.io/eclipsehono/hono-service-auth:2.8.0-SNAPSHOT, which services/auth builds
    # (9 false TS005 in survey 28c). %l is `latest` for a snapshot, %g the group's last part.
    root = MALL_ROOT.replace("mall/${project.name}:${project.version}", "%g/%a:%v")
    (tmp_path / ".git").mkdir()
    (tmp_path / "pom.xml").write_text(root)
    (tmp_path / "mall-search").mkdir()
    module = MALL_SEARCH.replace("mall-search<", "Search<")
    (tmp_path / "mall-search" / "pom.xml").write_text(module)
    compose = "services:\n  search:\n    image: mall/search:1.0-SNAPSHOT\n"
    (tmp_path / "docker-compose.yml").write_text(compose)
    found = scan_paths([str(tmp_path)])
    [run] = [o for o in found.occurrences if o.kind == "compose"]
    assert run.built is not None and run.built.tool == "docker-maven-plugin"
    (tmp_path / "pom.xml").write_text(root.replace("%g/%a:%v", "mall/%a:%l"))
    (tmp_path / "docker-compose.yml").write_text(compose.replace("1.0-SNAPSHOT", "latest"))
    [run] = [o for o in scan_paths([str(tmp_path)]).occurrences if o.kind == "compose"]
    assert run.built is not None
    # (a build's time is a run's: no name)
    (tmp_path / "pom.xml").write_text(root.replace("%g/%a:%v", "mall/%a:%t"))
    (tmp_path / "docker-compose.yml").write_text(compose.replace("1.0-SNAPSHOT", "1.0"))
    assert all(o.built is None for o in scan_paths([str(tmp_path)]).occurrences)


HONO_ROOT = """\
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <groupId>org.eclipse.hono</groupId>
  <artifactId>hono-parent</artifactId>
  <version>2.8.0-SNAPSHOT</version>
  <modules><module>bom</module></modules>
  <build><pluginManagement><plugins><plugin>
    <groupId>io.fabric8</groupId>
    <artifactId>docker-maven-plugin</artifactId>
    <configuration><images><image>
      <name>acme/%a:%v</name>
      <build><from>${java-base-image.name}</from></build>
    </image></images></configuration>
  </plugin></plugins></pluginManagement></build>
</project>
"""
HONO_BOM = """\
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <parent><groupId>org.eclipse.hono</groupId><artifactId>hono-parent</artifactId>
    <version>2.8.0-SNAPSHOT</version></parent>
  <artifactId>hono-bom</artifactId>
  <packaging>pom</packaging>
  <modules><module>../auth</module></modules>
  <properties>
    <java-base-image.name>docker.io/library/eclipse-temurin:21-jre-ubi9-minimal</java-base-image.name>
  </properties>
</project>
"""
HONO_AUTH = """\
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <parent><groupId>org.eclipse.hono</groupId><artifactId>hono-bom</artifactId>
    <version>2.8.0-SNAPSHOT</version><relativePath>../bom</relativePath></parent>
  <artifactId>hono-service-auth</artifactId>
  <build><plugins><plugin>
    <groupId>io.fabric8</groupId>
    <artifactId>docker-maven-plugin</artifactId>
  </plugin></plugins></build>
</project>
"""


def test_a_managed_base_is_what_the_modules_that_build_it_make_of_it(tmp_path: Path) -> None:
    # eclipse-hono/hono's root pom manages docker-maven-plugin with
    # <from>${java-base-image.name}</from>; its bom module (a child of the root, the parent of
    # the services) sets the property (1 false TS011 and 1 pull missed in survey 28c)
    from tagsense.sources.builds.jib import read_pom

    (tmp_path / "pom.xml").write_text(HONO_ROOT)
    (tmp_path / "bom").mkdir()
    (tmp_path / "bom" / "pom.xml").write_text(HONO_BOM)
    (tmp_path / "auth").mkdir()
    (tmp_path / "auth" / "pom.xml").write_text(HONO_AUTH)
    found = read_pom(str(tmp_path / "pom.xml"))
    assert [(o.line, o.raw, o.text, o.unresolved) for o in found.scan.occurrences] == [
        (11, "${java-base-image.name}", "docker.io/library/eclipse-temurin:21-jre-ubi9-minimal", ())
    ]
    # (no module that runs the plugin gives it: unresolved, as written)
    (tmp_path / "auth" / "pom.xml").write_text(HONO_AUTH.replace("docker-maven-plugin", "other"))
    found = read_pom(str(tmp_path / "pom.xml"))
    assert [o.unresolved for o in found.scan.occurrences] == [("java-base-image.name",)]


# spring-petclinic/spring-petclinic-microservices's pom.xml and spring-petclinic-config-server/
# pom.xml, cut down (survey 22a): the root's buildDocker profile manages exec-maven-plugin,
# which runs ${container.executable} build -t ${docker.image.prefix}/${project.artifactId};
# each service's own buildDocker profile declares the plugin alone.
PETCLINIC_ROOT = """\
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <groupId>org.springframework.samples</groupId>
  <artifactId>spring-petclinic-microservices</artifactId>
  <version>4.0.1</version>
  <properties>
    <docker.image.prefix>springcommunity</docker.image.prefix>
    <container.executable>docker</container.executable>
  </properties>
  <profiles><profile><id>buildDocker</id><build><pluginManagement><plugins><plugin>
    <groupId>org.codehaus.mojo</groupId>
    <artifactId>exec-maven-plugin</artifactId>
    <executions><execution><id>docker-build</id><configuration>
      <executable>${container.executable}</executable>
      <arguments>
        <argument>build</argument>
        <argument>-t</argument>
        <argument>${docker.image.prefix}/${project.artifactId}</argument>
        <argument>${project.build.directory}</argument>
      </arguments>
    </configuration></execution></executions>
  </plugin></plugins></pluginManagement></build></profile></profiles>
</project>
"""
CONFIG_SERVER = """\
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <artifactId>spring-petclinic-config-server</artifactId>
  <parent><groupId>org.springframework.samples</groupId>
    <artifactId>spring-petclinic-microservices</artifactId><version>4.0.1</version></parent>
  <profiles><profile><id>buildDocker</id><build><plugins><plugin>
    <groupId>org.codehaus.mojo</groupId>
    <artifactId>exec-maven-plugin</artifactId>
  </plugin></plugins></build></profile></profiles>
</project>
"""


def test_a_profile_builds_what_the_parents_profile_manages(tmp_path: Path) -> None:
    from tagsense.sources.builds.jib import read_pom

    (tmp_path / "pom.xml").write_text(PETCLINIC_ROOT)
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "pom.xml").write_text(CONFIG_SERVER)
    found = read_pom(str(tmp_path / "config" / "pom.xml"))
    assert [(b.name, b.site.tool, b.site.line) for b in found.built] == [
        ("springcommunity/spring-petclinic-config-server", "maven", 7)
    ]
    # (the parent's own management runs nothing of its own with another profile's id)
    other = CONFIG_SERVER.replace("<id>buildDocker</id>", "<id>other</id>")
    (tmp_path / "config" / "pom.xml").write_text(other)
    assert list(read_pom(str(tmp_path / "config" / "pom.xml")).built) == []


def test_a_module_that_configures_the_plugin_itself_is_read_as_written(tmp_path: Path) -> None:
    from tagsense.sources.builds.jib import read_pom

    (tmp_path / "pom.xml").write_text(MALL_ROOT)
    (tmp_path / "m").mkdir()
    own = MALL_SEARCH.replace(
        "</artifactId>\n    </plugin>",
        "</artifactId>\n      <configuration><images><image><name>acme/own:1.0</name>"
        "<build><from>debian:13.2</from></build></image></images></configuration>\n"
        "    </plugin>",
    )
    (tmp_path / "m" / "pom.xml").write_text(own)
    found = read_pom(str(tmp_path / "m" / "pom.xml"))
    assert [b.name for b in found.built] == ["acme/own:1.0"]
    assert [o.text for o in found.scan] == ["debian:13.2"]


def test_a_build_above_the_file_that_the_root_does_not_list_is_the_files(tmp_path: Path) -> None:
    # apache/shenyu's shenyu-integrated-test/shenyu-integrated-test-upload-plugin/, cut down
    # (survey 22a): CI builds it with `mvn -f shenyu-integrated-test/pom.xml`, apart from the
    # root's reactor; its docker-compose.yml runs what its modules' docker-maven-plugin builds.
    (tmp_path / ".git").mkdir()
    (tmp_path / "pom.xml").write_text(
        '<project xmlns="http://maven.apache.org/POM/4.0.0"><artifactId>shenyu</artifactId>'
        "<modules><module>shenyu-admin</module></modules></project>\n"
    )
    suite = tmp_path / "it" / "upload-plugin"
    (suite / "admin").mkdir(parents=True)
    (tmp_path / "it" / "pom.xml").write_text(
        '<project xmlns="http://maven.apache.org/POM/4.0.0"><artifactId>it</artifactId>'
        "<modules><module>upload-plugin</module></modules></project>\n"
    )
    (suite / "pom.xml").write_text(
        '<project xmlns="http://maven.apache.org/POM/4.0.0"><artifactId>upload</artifactId>'
        "<modules><module>admin</module></modules></project>\n"
    )
    (suite / "admin" / "pom.xml").write_text(
        '<project xmlns="http://maven.apache.org/POM/4.0.0"><artifactId>admin</artifactId>'
        "<build><plugins><plugin><groupId>io.fabric8</groupId>"
        "<artifactId>docker-maven-plugin</artifactId><executions><execution><configuration>"
        "<images><image><name>apache/shenyu-integrated-test-admin:latest</name>"
        "<build><contextDir>${project.basedir}</contextDir></build></image></images>"
        "</configuration></execution></executions></plugin></plugins></build></project>\n"
    )
    (suite / "docker-compose.yml").write_text(
        "services:\n  admin:\n    image: apache/shenyu-integrated-test-admin:latest\n"
    )
    (alone,) = scan_paths([str(suite / "docker-compose.yml")]).occurrences
    assert alone.built is not None and alone.built.tool == "docker-maven-plugin"
    (scanned,) = [o for o in scan_paths([str(tmp_path)]).occurrences if o.kind == "compose"]
    assert scanned.built is not None


# apache/dolphinscheduler's dolphinscheduler-dist/pom.xml and src/main/docker/docker-build.sh,
# cut down (survey 22a): exec-maven-plugin runs the script with the hub and tag as arguments;
# CI builds with -Ddocker.tag=ci, and the e2e compose files run apache/…-standalone-server:ci.
DIST = """\
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <artifactId>dolphinscheduler-dist</artifactId>
  <version>dev-SNAPSHOT</version>
  <properties>
    <docker.hub>apache</docker.hub>
    <docker.tag>${project.version}</docker.tag>
  </properties>
  <build><plugins><plugin>
    <groupId>org.codehaus.mojo</groupId>
    <artifactId>exec-maven-plugin</artifactId>
    <executions><execution><id>docker-build</id><configuration>
      <executable>bash</executable>
      <workingDirectory>${project.basedir}</workingDirectory>
      <arguments>
        <argument>src/main/docker/docker-build.sh</argument>
        <argument>${docker.hub}</argument>
        <argument>${docker.tag}</argument>
      </arguments>
    </configuration></execution></executions>
  </plugin></plugins></build>
</project>
"""
BUILD_SH = """\
#!/bin/bash
set -xeo pipefail
DOCKER_HUB=$1
DOCKER_TAG=$2
CURRENT_HOME=$(dirname $(readlink -f "$0"))
docker buildx build --load -t $DOCKER_HUB/app-standalone:$DOCKER_TAG \\
  -f ${CURRENT_HOME}/standalone.dockerfile .
"""


def test_the_script_an_execution_runs_builds_with_mavens_arguments(tmp_path: Path) -> None:
    from tagsense.sources.builds.jib import read_pom

    (tmp_path / ".git").mkdir()
    dist = tmp_path / "dist"
    (dist / "src" / "main" / "docker").mkdir(parents=True)
    (dist / "pom.xml").write_text(DIST)
    (dist / "src" / "main" / "docker" / "docker-build.sh").write_text(BUILD_SH)
    (dist / "src" / "main" / "docker" / "standalone.dockerfile").write_text(
        "FROM eclipse-temurin:8u462-b08-jdk\n"
    )
    found = read_pom(str(dist / "pom.xml"))
    script = str(dist / "src" / "main" / "docker" / "docker-build.sh")
    assert [(b.name, b.site.tool, b.site.path, b.site.line) for b in found.built] == [
        ("apache/app-standalone", "shell", script, 6)
    ]
    e2e = tmp_path / "e2e" / "src" / "test" / "resources" / "docker"
    e2e.mkdir(parents=True)
    (e2e / "docker-compose.yaml").write_text(
        "services:\n  ds:\n    image: apache/app-standalone:ci\n"
    )
    (tmp_path / "pom.xml").write_text(
        '<project xmlns="http://maven.apache.org/POM/4.0.0"><artifactId>ds</artifactId>'
        "<modules><module>dist</module><module>e2e</module></modules></project>\n"
    )
    (ran,) = scan_paths([str(e2e / "docker-compose.yaml")]).occurrences
    assert ran.built is not None and ran.built.tool == "shell"
    # (an argument Maven has no value for here: the script's $1 is a run's, nothing built)
    (dist / "pom.xml").write_text(DIST.replace("<docker.hub>apache</docker.hub>", ""))
    assert list(read_pom(str(dist / "pom.xml")).built) == []


def test_an_execution_whose_executable_is_the_script_gives_it_every_argument(
    tmp_path: Path,
) -> None:
    from tagsense.sources.builds.jib import read_pom

    (tmp_path / ".git").mkdir()
    (tmp_path / "docker").mkdir()
    (tmp_path / "docker" / "build.sh").write_text(
        '#!/bin/sh\ndocker build -t "$1/app:$2" -f docker/Dockerfile .\n'
    )
    (tmp_path / "pom.xml").write_text(
        DIST.replace("<executable>bash</executable>", "<executable>docker/build.sh</executable>")
        .replace("<argument>src/main/docker/docker-build.sh</argument>", "")
        .replace("<workingDirectory>${project.basedir}</workingDirectory>", "")
    )
    found = read_pom(str(tmp_path / "pom.xml"))
    assert [b.name for b in found.built] == ["apache/app"]


@given(
    st.lists(
        st.sampled_from(["FROM ", "${base}", "${none}", "\n", "ARG X=1", "@v@", " ", "a\n\nb"]),
        max_size=30,
    )
)
def test_each_character_maven_keeps_is_placed_where_it_is_written(parts: list[str]) -> None:
    # (a run is one line's: a place counts one column a character from the run's start)
    text = "".join(parts)
    values = {"${base}": "debian:13.2", "@v@": "1.0"}
    filtered, runs = filter_text(text, {"base": "debian:13.2", "v": "1.0"})
    ends = [at for at, _, _ in runs[1:]] + [len(filtered)] if runs else []
    assert [at for at, _, _ in runs] == sorted(at for at, _, _ in runs)
    known = [(at, "Dockerfile", line, column) for at, line, column in runs]
    for (at, line, column), end in zip(runs, ends, strict=True):
        assert place_at(known, end - 1) == ("Dockerfile", line, column + end - 1 - at)
        offset = _offset(text, line, column)
        reference = next((r for r in values if text.startswith(r, offset)), None)
        if reference is not None and filtered[at:end] == values[reference]:
            continue  # (a value: placed at its reference)
        assert filtered[at:end] == text[offset : offset + end - at]
        assert "\n" not in filtered[at : end - 1]


def _offset(text: str, line: int, column: int) -> int:
    offset = 0
    for _ in range(line - 1):
        offset = text.index("\n", offset) + 1
    assert line_column(text, offset + column - 1) == (line, column)
    return offset + column - 1


# from UCLALibrary/docker-cantaloupe@85b7df938eab pom.xml and src/main/docker/Dockerfile, cut down:
# docker-maven-plugin builds the Dockerfile after putting in the pom's ${ubuntu.tag}.
CANTALOUPE_POM = """\
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <artifactId>docker-cantaloupe</artifactId>
  <properties>
    <ubuntu.tag>22.04</ubuntu.tag>
    <docker.image>uclalibrary/cantaloupe</docker.image>
  </properties>
  <build><plugins><plugin>
    <groupId>io.fabric8</groupId>
    <artifactId>docker-maven-plugin</artifactId>
    <configuration><images><image>
      <name>${docker.image}</name>
      <build>
        <dockerFile>${project.basedir}/src/main/docker/Dockerfile</dockerFile>
      </build>
    </image></images></configuration>
  </plugin></plugins></build>
</project>
"""
CANTALOUPE_DOCKERFILE = """\

# We do a multi-stage build; the first stage builds the Cantaloupe code
FROM maven:3-eclipse-temurin-24 AS MAVEN_TOOL_CHAIN

# The second stage of our multi-stage build builds the kakadu libraries and binaries
FROM ubuntu:${ubuntu.tag} AS KAKADU_TOOL_CHAIN
"""


def test_docker_maven_plugin_builds_its_dockerfile_as_it_filters_it(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pom.xml").write_text(CANTALOUPE_POM)
    (tmp_path / "src" / "main" / "docker").mkdir(parents=True)
    dockerfile = tmp_path / "src" / "main" / "docker" / "Dockerfile"
    dockerfile.write_text(CANTALOUPE_DOCKERFILE)
    found = scan_paths([str(tmp_path)])
    assert list(found.errors) == []  # (not BuildKit's "unsupported modifier (.)")
    places = [(o.path, o.line, o.column, o.text) for o in found.occurrences]
    assert places == [
        (str(dockerfile), 3, 6, "maven:3-eclipse-temurin-24"),
        (str(dockerfile), 6, 6, "ubuntu:22.04"),
    ]
    # (relative to src/main/docker when written so; `<filter>false</filter>` keeps it as written)
    text = CANTALOUPE_POM.replace("${project.basedir}/src/main/docker/Dockerfile", "Dockerfile")
    (tmp_path / "pom.xml").write_text(text)
    found = scan_paths([str(tmp_path)])
    assert [o.text for o in found.occurrences][1:] == ["ubuntu:22.04"]
    (tmp_path / "pom.xml").write_text(
        text.replace("</dockerFile>", "</dockerFile><filter>false</filter>")
    )
    found = scan_paths([str(tmp_path)])
    assert [error.message for error in found.errors] == [
        'failed to process "ubuntu:${ubuntu.tag}": unsupported modifier (.) in substitution'
    ]


# IQSS/dataverse@b485249231's shape, cut down (survey 39b): docker-maven-plugin's `<filter>@`
# puts in only `@name@`, so `${SOLR_VERSION}` is the build's, which `<args>` give the Maven
# value of a profile's property that names the parent pom's `solr.version`.
DATAVERSE_PARENT = """\
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <artifactId>dataverse-parent</artifactId>
  <properties><solr.version>9.8.0</solr.version></properties>
</project>
"""
DATAVERSE_POM = """\
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <parent><artifactId>dataverse-parent</artifactId><relativePath>parent</relativePath></parent>
  <artifactId>dataverse</artifactId>
  <profiles><profile>
    <id>ct</id>
    <properties>
      <SOLR_VERSION>${solr.version}</SOLR_VERSION>
      <conf.image.base>ubuntu:noble</conf.image.base>
    </properties>
    <build><plugins><plugin>
      <groupId>io.fabric8</groupId>
      <artifactId>docker-maven-plugin</artifactId>
      <configuration><images><image>
        <name>gdcc/configbaker:unstable</name>
        <build>
          <dockerFile>${project.basedir}/baker/Dockerfile</dockerFile>
          <args>
            <BASE_IMAGE>${conf.image.base}</BASE_IMAGE>
            <SOLR_VERSION>${SOLR_VERSION}</SOLR_VERSION>
          </args>
          <filter>@</filter>
        </build>
      </image></images></configuration>
    </plugin></plugins></build>
  </profile></profiles>
</project>
"""
DATAVERSE_DOCKERFILE = """\
ARG SOLR_VERSION
ARG BASE_IMAGE="ubuntu:jammy"
FROM solr:${SOLR_VERSION} AS solr
FROM ${BASE_IMAGE}
LABEL solr=@solr.version@
"""


def test_docker_maven_plugin_filters_with_its_own_delimiters_and_passes_its_args(
    tmp_path: Path,
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pom.xml").write_text(DATAVERSE_POM)
    (tmp_path / "parent").mkdir()
    (tmp_path / "parent" / "pom.xml").write_text(DATAVERSE_PARENT)
    (tmp_path / "baker").mkdir()
    dockerfile = tmp_path / "baker" / "Dockerfile"
    dockerfile.write_text(DATAVERSE_DOCKERFILE)
    found = scan_paths([str(tmp_path)])
    assert list(found.errors) == []  # (not "solr:${solr.version}": unsupported modifier (.))
    places = [(o.path, o.line, o.column, o.text) for o in found.occurrences]
    assert places == [
        (str(dockerfile), 3, 6, "solr:9.8.0"),
        (str(dockerfile), 4, 6, "ubuntu:noble"),
    ]
    # (an arg whose value needs a property only a run gives (-D) leaves the FROM to the run)
    (tmp_path / "pom.xml").write_text(DATAVERSE_POM.replace("${conf.image.base}", "${base}"))
    found = scan_paths([str(tmp_path)])
    last = found.occurrences[-1]
    assert (last.raw, last.unresolved) == ("${BASE_IMAGE}", ("base",))


def test_a_maven_filter_puts_in_the_properties_a_value_names() -> None:
    properties = {"a": "${b}-x", "b": "${c}", "c": "1.2", "loop": "${loop}"}
    assert filter_text("FROM img:${a}", properties)[0] == "FROM img:1.2-x"
    assert filter_text("FROM img:@a@ ${a}", properties, ("@", "@"))[0] == "FROM img:1.2-x ${a}"
    assert filter_text("FROM img:${loop}", properties)[0] == "FROM img:${loop}"


def test_docker_maven_plugin_builds_the_dockerfile_of_an_image_a_compose_file_runs(
    tmp_path: Path,
) -> None:
    # IQSS/dataverse's app image: `<external><type>compose</type>` runs it from the compose
    # file, whose service the plugin merges into its own `<build>`: the Dockerfile is built with
    # the `<args>`, `BASE_IMAGE=${base.image}` (a build-helper value, known to the run only),
    # not with its ARG default `gdcc/base:unstable` (a false TS003 before; survey 39b).
    pom = DATAVERSE_POM.replace(
        "<name>gdcc/configbaker:unstable</name>",
        "<name>gdcc/dataverse:unstable</name><external><type>compose</type>"
        "<composeFile>docker-compose-dev.yml</composeFile></external>",
    ).replace("${conf.image.base}", "gdcc/base:${base.image.version}")
    (tmp_path / ".git").mkdir()
    (tmp_path / "pom.xml").write_text(pom)
    (tmp_path / "parent").mkdir()
    (tmp_path / "parent" / "pom.xml").write_text(DATAVERSE_PARENT)
    (tmp_path / "baker").mkdir()
    (tmp_path / "baker" / "Dockerfile").write_text(
        DATAVERSE_DOCKERFILE.replace('"ubuntu:jammy"', '"gdcc/base:unstable"')
    )
    found = scan_paths([str(tmp_path)])
    assert [(o.text, o.unresolved) for o in found.occurrences] == [
        ("solr:9.8.0", ()),
        ("", ("base.image.version",)),
    ]


# apache/paimon, pom.xml and paimon-e2e-tests/pom.xml (trimmed, survey s45e): the module filters
# src/test/resources-filtered, whose docker-compose.yaml its end-to-end tests start from the
# classpath, with the parent's test.flink.version and its own test.java.version put in.
PAIMON_PARENT = """\
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <groupId>org.apache.paimon</groupId>
  <artifactId>paimon-parent</artifactId>
  <version>2.1-SNAPSHOT</version>
  <properties>
    <test.flink.version>1.20.1</test.flink.version>
  </properties>
</project>
"""
PAIMON_E2E = """\
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <parent>
    <artifactId>paimon-parent</artifactId>
    <groupId>org.apache.paimon</groupId>
    <version>2.1-SNAPSHOT</version>
  </parent>
  <artifactId>paimon-e2e-tests</artifactId>
  <properties>
    <test.java.version>java8</test.java.version>
  </properties>
  <build>
    <resources>
      <resource>
        <directory>src/test/resources</directory>
        <filtering>false</filtering>
      </resource>
      <resource>
        <directory>src/test/resources-filtered</directory>
        <filtering>true</filtering>
      </resource>
    </resources>
  </build>
</project>
"""
FILTERED_COMPOSE = """\
services:
  jobmanager:
    image: apache/flink:${test.flink.version}-${test.java.version}
  spark:
    image: "bde2020/spark-master:${test.spark.version}-hadoop3.3"
  cache:
    image: redis:${REDIS_TAG:-7.4.1}
"""


def _paimon(tmp_path: Path, *, filtering: str = "true") -> Path:
    (tmp_path / ".git").mkdir(parents=True)
    (tmp_path / "pom.xml").write_text(PAIMON_PARENT)
    module = tmp_path / "paimon-e2e-tests"
    for directory in ("resources", "resources-filtered"):
        (module / "src" / "test" / directory).mkdir(parents=True)
        (module / "src" / "test" / directory / "docker-compose.yaml").write_text(FILTERED_COMPOSE)
    pom = PAIMON_E2E.replace("<filtering>true</filtering>", f"<filtering>{filtering}</filtering>")
    (module / "pom.xml").write_text(pom)
    return module / "src" / "test"


def test_a_compose_file_maven_filters_is_read_as_its_copy(tmp_path: Path) -> None:
    resources = _paimon(tmp_path)
    scan = scan_paths([str(resources / "resources-filtered")])
    found = [(o.line, o.column, o.raw, o.text) for o in scan]
    assert found == [
        (3, 12, "apache/flink:${test.flink.version}-${test.java.version}",
         "apache/flink:1.20.1-java8"),
        (7, 12, "redis:${REDIS_TAG:-7.4.1}", "redis:7.4.1"),
    ]  # fmt: skip
    assert [o.end_column for o in scan][:1] == [12 + len(found[0][2])]
    # (a property with no value stays as written, as Maven leaves it: compose refuses it)
    assert [error.line for error in scan.errors] == [5]


def test_a_compose_file_maven_does_not_filter_is_read_as_written(tmp_path: Path) -> None:
    resources = _paimon(tmp_path)
    scan = scan_paths([str(resources / "resources")])  # (<filtering>false</filtering>)
    assert [o.text for o in scan] == ["redis:7.4.1"]
    assert len(list(scan.errors)) == 2  # (compose's invalid interpolation, as compose says)
    unfiltered = _paimon(tmp_path / "other", filtering="false")
    scan = scan_paths([str(unfiltered / "resources-filtered")])
    assert [o.text for o in scan] == ["redis:7.4.1"]
