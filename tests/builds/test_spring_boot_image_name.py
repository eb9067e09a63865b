"""Spring Boot's ``build-image`` names what it builds (sources.builds.jib): ``<image><name>``,
else the user property ``spring-boot.build-image.imageName``, else, where an execution runs the
goal, ``docker.io/library/${project.artifactId}``; a name that needs a property only the run
gives (``-DREPOSITORY_PREFIX=…``) is built where another file names it with the same variable
in the same place (spring-petclinic/spring-petclinic-cloud, survey s61b)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tagsense.sources import scan_paths
from tagsense.sources.builds.jib import scan_pom

if TYPE_CHECKING:
    from pathlib import Path

ROOT = """\
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <groupId>org.springframework.samples</groupId>
  <artifactId>spring-petclinic-cloud</artifactId>
  <version>2.6.3</version>
  <packaging>pom</packaging>
  <modules><module>spring-petclinic-api-gateway</module></modules>
</project>
"""


def module(properties: str = "", configuration: str = "", executions: str = "") -> str:
    """A module's pom as spring-petclinic-cloud's: the plugin declared, its settings given."""
    return f"""\
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>2.6.3</version>
    <relativePath/>
  </parent>
  <groupId>org.springframework.samples</groupId>
  <artifactId>spring-petclinic-api-gateway</artifactId>
  <version>2.6.3</version>
  <properties>{properties}</properties>
  <build><plugins><plugin>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-maven-plugin</artifactId>
    <configuration>{configuration}<layers><enabled>true</enabled></layers></configuration>
    <executions>{executions}</executions>
  </plugin></plugins></build>
</project>
"""


PROPERTY = (
    "<spring-boot.build-image.imageName>${REPOSITORY_PREFIX}/spring-petclinic-cloud-api-gateway"
    "</spring-boot.build-image.imageName>"
)
BUILD_IMAGE = "<execution><goals><goal>build-image</goal></goals></execution>"


def names(text: str) -> tuple[list[str], list[str]]:
    found = scan_pom(text, path="pom.xml")
    return [image.name for image in found.built], [image.name for image in found.written]


def test_the_property_names_the_image_when_the_configuration_does_not() -> None:
    resolved = PROPERTY.replace("${REPOSITORY_PREFIX}", "${prefix}") + "<prefix>odedia</prefix>"
    assert names(module(resolved)) == (["odedia/spring-petclinic-cloud-api-gateway"], [])
    # (a property only the run gives: kept as written)
    assert names(module(PROPERTY)) == (
        [],
        ["${REPOSITORY_PREFIX}/spring-petclinic-cloud-api-gateway"],
    )
    # (the plugin's configuration wins over the user property)
    configured = "<image><name>acme/gateway</name></image>"
    assert names(module(PROPERTY, configured)) == (["acme/gateway"], [])
    # (a profile's property, where its site is)
    profiled = module().replace(
        "</project>",
        f"<profiles><profile><id>k8s</id><properties>{PROPERTY}</properties>"
        "</profile></profiles></project>",
    )
    assert names(profiled)[1] == ["${REPOSITORY_PREFIX}/spring-petclinic-cloud-api-gateway"]


def test_the_default_name_only_where_an_execution_runs_the_goal() -> None:
    assert names(module()) == ([], [])
    assert names(module(executions=BUILD_IMAGE)) == (
        ["docker.io/library/spring-petclinic-api-gateway"],
        [],
    )
    # (a pom packaging builds nothing)
    aggregator = module(PROPERTY, executions=BUILD_IMAGE).replace(
        "<version>2.6.3</version>\n  <properties>",
        "<version>2.6.3</version>\n  <packaging>pom</packaging>\n  <properties>",
    )
    assert names(aggregator) == ([], [])


def project(tmp_path: Path, pom: str, image: str) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pom.xml").write_text(ROOT)
    gateway = tmp_path / "spring-petclinic-api-gateway"
    gateway.mkdir()
    (gateway / "pom.xml").write_text(pom)
    k8s = tmp_path / "k8s"
    k8s.mkdir()
    (k8s / "api-gateway-deployment.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api-gateway}\nspec:\n"
        "  template:\n    spec:\n      containers:\n"
        f"      - image: {image}\n        name: api-gateway\n"
    )
    return k8s / "api-gateway-deployment.yaml"


@pytest.mark.parametrize(
    ("image", "built"),
    [
        ("${REPOSITORY_PREFIX}/spring-petclinic-cloud-api-gateway:latest", True),
        ("$REPOSITORY_PREFIX/spring-petclinic-cloud-api-gateway:latest", True),
        # (another variable, or a literal prefix, may be any other image)
        ("${REGISTRY}/spring-petclinic-cloud-api-gateway:latest", False),
        ("${REPOSITORY_PREFIX}/spring-petclinic-cloud-vets-service:latest", False),
        ("springcommunity/spring-petclinic-cloud-api-gateway:latest", False),
    ],
)
def test_a_name_with_a_run_s_property_is_built_where_written_the_same(
    tmp_path: Path, image: str, built: bool
) -> None:
    manifest = project(tmp_path, module(PROPERTY), image)
    (found,) = scan_paths([str(manifest)])
    assert (found.built is not None) is built
    if built:
        assert found.built is not None and found.built.tool == "spring-boot"


def test_an_image_name_without_a_builder_is_built(tmp_path: Path) -> None:
    # (Spring Boot's default builder: no <builder> needed for <image><name> to be built)
    configured = "<image><name>odedia/petclinic-api-gateway</name></image>"
    manifest = project(
        tmp_path, module(configuration=configured), "odedia/petclinic-api-gateway:latest"
    )
    (found,) = scan_paths([str(manifest)])
    assert found.built is not None and found.built.tool == "spring-boot"


def test_a_command_names_the_image_spring_boot_builds(tmp_path: Path) -> None:
    # (the Spring Boot plugins' documentation: `mvn spring-boot:build-image
    # -Dspring-boot.build-image.imageName=…`, `gradle bootBuildImage --imageName=…`; a
    # workflow then runs what it built, not a pulled `latest`)
    from tagsense.sources import find_references

    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "test.yml").write_text(
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: ./mvnw spring-boot:build-image -Dspring-boot.build-image.imageName=acme/api\n"
        "      - run: ./gradlew :web:bootBuildImage --imageName acme/web:dev\n"
        "      - run: docker run acme/api:latest && docker run acme/web:dev\n"
        "      - run: ./mvnw package -Dspring-boot.build-image.imageName=acme/other\n"
        "      - run: docker run acme/other:latest\n"
    )
    found = {o.text: o.built for o in find_references(tmp_path)}
    assert found["acme/api:latest"] is not None and found["acme/api:latest"].line == 6
    assert found["acme/web:dev"] is not None and found["acme/web:dev"].line == 7
    # (no build-image goal runs: the property names nothing built)
    assert found["acme/other:latest"] is None


def test_a_command_that_names_no_image_builds_its_poms_names(tmp_path: Path) -> None:
    # (the plugin's default, docker.io/library/${project.artifactId}:${project.version}, of
    # each project of the reactor the command runs; a pom packaging builds none: as
    # grafana-labs-sandbox's spring-node/deploy.sh, `./mvnw spring-boot:build-image`, then
    # `docker tag demo:0.0.1-SNAPSHOT …`)
    from tagsense.sources import find_references

    (tmp_path / ".git").mkdir()
    gateway = tmp_path / "spring-petclinic-api-gateway"
    gateway.mkdir()
    (gateway / "pom.xml").write_text(module())
    (tmp_path / "pom.xml").write_text(ROOT)
    (tmp_path / "deploy.sh").write_text(
        "#!/bin/sh\n./mvnw spring-boot:build-image -Pk8s\n"
        "docker run spring-petclinic-api-gateway:2.6.3\n"
        "docker run spring-petclinic-cloud:2.6.3\n"
    )
    found = {o.text: o.built for o in find_references(tmp_path)}
    site = found["spring-petclinic-api-gateway:2.6.3"]
    assert site is not None and (site.path, site.line) == (str(tmp_path / "deploy.sh"), 2)
    assert found["spring-petclinic-cloud:2.6.3"] is None  # (the aggregator: packaging pom)
    # (a property the pom gives names it instead; -pl picks projects: not read)
    (gateway / "pom.xml").write_text(module(PROPERTY.replace("${REPOSITORY_PREFIX}", "acme")))
    (tmp_path / "deploy.sh").write_text(
        "#!/bin/sh\n./mvnw -f spring-petclinic-api-gateway spring-boot:build-image\n"
        "docker run acme/spring-petclinic-cloud-api-gateway:latest\n"
        "docker run spring-petclinic-api-gateway:2.6.3\n"
        "./mvnw -pl spring-petclinic-api-gateway spring-boot:build-image\n"
    )
    found = {o.text: o.built for o in find_references(tmp_path)}
    site = found["acme/spring-petclinic-cloud-api-gateway:latest"]
    assert site is not None and (site.path, site.line) == (str(tmp_path / "deploy.sh"), 2)
    assert found["spring-petclinic-api-gateway:2.6.3"] is None
