"""Jib: a pom.xml's jib-maven-plugin base image pulled, its target built (sources.builds.jib)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tagsense.sources import scan_paths
from tagsense.sources.builds import build_tool, read_build_file
from tagsense.sources.builds.jib import read_pom, scan_pom
from tagsense.sources.discover import discover

if TYPE_CHECKING:
    from pathlib import Path

# bank-of-anthos's src/ledger/balancereader/pom.xml, cut down (survey 9).
BALANCEREADER = """\
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <artifactId>balancereader</artifactId>
  <version>1.0</version>
  <build>
    <plugins>
      <plugin>
        <groupId>com.google.cloud.tools</groupId>
        <artifactId>jib-maven-plugin</artifactId>
        <version>3.4.0</version>
        <configuration>
          <from>
            <image>eclipse-temurin:17.0.4.1_1-jre-alpine</image>
            <platforms><platform><architecture>arm64</architecture></platform></platforms>
          </from>
        </configuration>
      </plugin>
      <plugin>
        <groupId>org.springframework.boot</groupId>
        <artifactId>spring-boot-maven-plugin</artifactId>
        <configuration><from><image>not-jib:1</image></from></configuration>
      </plugin>
    </plugins>
  </build>
</project>
"""


def pom(configuration: str, *, properties: str = "", namespace: bool = True) -> str:
    xmlns = ' xmlns="http://maven.apache.org/POM/4.0.0"' if namespace else ""
    return f"""\
<project{xmlns}>
  <artifactId>api</artifactId>
  <version>2.1.0</version>
  <properties>{properties}</properties>
  <build><plugins><plugin>
    <groupId>com.google.cloud.tools</groupId>
    <artifactId>jib-maven-plugin</artifactId>
    <configuration>{configuration}</configuration>
  </plugin></plugins></build>
</project>
"""


def test_the_base_image_is_pulled_where_it_is_written() -> None:
    found = scan_pom(BALANCEREADER, path="pom.xml")
    (base,) = found.scan
    assert (base.line, base.column, base.kind) == (14, 20, "jib")
    assert base.raw == base.text == "eclipse-temurin:17.0.4.1_1-jre-alpine"
    assert base.end_column == 20 + len(base.raw)
    assert base.normalized == "docker.io/library/eclipse-temurin:17.0.4.1_1-jre-alpine"
    context = {"tool": "jib", "builder": "maven", "field": "from.image", "module": "balancereader"}
    assert dict(base.context) == context
    assert (found.built, found.builds, list(found.scan.errors)) == ((), (), [])


def test_the_position_counts_characters_and_skips_blanks_and_attributes() -> None:
    text = pom(
        '<!-- <image>x</image> --><from><image a=">é">\n      é/base:1</image></from>',
    ).replace("<artifactId>api", "<artifactId>é-api")
    (base,) = scan_pom(text).scan
    assert (base.line, base.column, base.text) == (9, 7, "é/base:1")
    assert base.context["module"] == "é-api"


def test_properties_of_the_pom_are_put_in() -> None:
    text = pom(
        "<from><image>${base.image}</image></from>"
        "<to><image>${registry}/${project.artifactId}:${project.version}</image></to>",
        properties="<base.image>${base.name}:${java.tag}</base.image>"
        "<base.name>eclipse-temurin</base.name><java.tag>21-jre</java.tag>"
        "<registry>gcr.io/acme</registry>",
    )
    found = scan_pom(text, path="pom.xml")
    (base,) = found.scan
    assert (base.raw, base.text, base.unresolved) == (
        "${base.image}",
        "eclipse-temurin:21-jre",
        (),
    )
    assert base.reference is not None
    assert [(image.name, image.site.tool, image.site.line) for image in found.built] == [
        ("gcr.io/acme/api:2.1.0", "jib", 8)
    ]


def test_jib_s_own_properties_win_over_the_configuration() -> None:
    # dhis2/dhis2-core's dhis-web-server/pom.xml: <jib.from.image> and <jib.to.image> among its
    # <properties> (Jib reads them before the plugin's configuration), which built
    # dhis2/core-dev that its compose files run (3 false findings, 1 pull missed; survey 28x).
    text = pom(
        "<from><image>not/pulled:1</image></from><container><user>65534</user></container>",
        properties="<jib.from.image>gcr.io/distroless/java21-debian12:nonroot</jib.from.image>"
        "<jib.to.image>dhis2/core-dev:local</jib.to.image>",
    )
    found = scan_pom(text, path="pom.xml")
    assert [(o.text, o.line) for o in found.scan] == [
        ("gcr.io/distroless/java21-debian12:nonroot", 4)
    ]
    assert [(image.name, image.site.line) for image in found.built] == [("dhis2/core-dev:local", 4)]
    # Without them, the configuration's as before.
    alone = scan_pom(pom("<from><image>alpine:3.20</image></from>"), path="pom.xml")
    assert [o.text for o in alone.scan] == ["alpine:3.20"]


def test_a_property_the_pom_does_not_define_is_unresolved() -> None:
    text = pom(
        "<from><image>eclipse-temurin:${jre.tag}</image></from>"
        "<to><image>gcr.io/acme/api:${env.TAG}</image></to>",
        properties="<loop>${loop}</loop>",
    )
    found = scan_pom(text)
    (base,) = found.scan
    assert (base.text, base.unresolved, base.reference) == (
        "eclipse-temurin:${jre.tag}",
        ("jre.tag",),
        None,
    )
    assert base.is_unresolved
    assert found.built == ()  # (its name needs a value only the build has)
    (looped,) = scan_pom(
        pom("<from><image>${loop}</image></from>", properties="<loop>${loop}</loop>")
    ).scan
    assert looped.unresolved == ("loop",)


def test_without_a_from_image_nothing_is_guessed() -> None:
    for configuration in ("", "<from><platforms/></from>", "<from><image> </image></from>",
                          "<to><image>acme/api</image></to>"):  # fmt: skip
        assert list(scan_pom(pom(configuration)).scan) == []
    assert [i.name for i in scan_pom(pom("<to><image>acme/api</image></to>")).built] == ["acme/api"]


def test_prefixes_local_images_and_a_pom_without_namespace() -> None:
    (base,) = scan_pom(
        pom("<from><image>registry://alpine:3.20</image></from>", namespace=False)
    ).scan
    assert (base.raw, base.text, base.column) == ("registry://alpine:3.20", "alpine:3.20", 33)
    for local in ("docker://acme/base:dev", "tar:///tmp/base.tar"):
        assert list(scan_pom(pom(f"<from><image>{local}</image></from>")).scan) == []


def test_profiles_executions_and_plugin_management_configure_jib() -> None:
    text = """\
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <properties><tag>17-jre</tag></properties>
  <build><pluginManagement><plugins><plugin>
    <groupId>com.google.cloud.tools</groupId><artifactId>jib-maven-plugin</artifactId>
    <executions><execution><configuration>
      <from><image>eclipse-temurin:${tag}</image></from>
    </configuration></execution></executions>
  </plugin></plugins></pluginManagement></build>
  <profiles><profile><id>native</id><properties><tag>21-jre</tag></properties>
    <build><plugins><plugin>
      <groupId>com.google.cloud.tools</groupId><artifactId>jib-maven-plugin</artifactId>
      <configuration><from><image>eclipse-temurin:${tag}</image></from></configuration>
    </plugin></plugins></build>
  </profile></profiles>
</project>
"""
    found = [(o.line, o.text, o.context.get("profile")) for o in scan_pom(text).scan]
    assert found == [
        (6, "eclipse-temurin:17-jre", None),
        (12, "eclipse-temurin:21-jre", "native"),
    ]


def test_a_plugin_of_another_group_is_not_jib() -> None:
    text = pom("<from><image>alpine:3.20</image></from>").replace(
        "com.google.cloud.tools", "com.example"
    )
    assert list(scan_pom(text).scan) == []
    assert list(scan_pom(text.replace("<groupId>com.example</groupId>", "")).scan) == []


def test_doctype_malformed_and_foreign_xml_give_nothing(tmp_path: Path) -> None:
    configured = pom("<from><image>alpine:3.20</image></from>")
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE project [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        + configured.replace("alpine:3.20", "alpine:&b;")
    )
    for text in (
        bomb,
        configured.replace("</project>", ""),  # (not well-formed)
        configured.replace("<project", "<settings").replace("</project>", "</settings>"),
        configured.replace("http://maven.apache.org/POM/4.0.0", "urn:other"),
        "",
    ):
        found = scan_pom(text, path="pom.xml")
        assert (list(found.scan), list(found.scan.errors), found.built) == ([], [], ())
    assert list(scan_pom(configured, max_bytes=100).scan) == []
    (error,) = read_pom(str(tmp_path)).scan.errors
    assert error.message == "cannot read: a directory"


def test_only_poms_that_configure_jib_are_found(tmp_path: Path) -> None:
    service = tmp_path / "balancereader"
    service.mkdir()
    (service / "pom.xml").write_text(BALANCEREADER)
    library = tmp_path / "common"
    library.mkdir()
    (library / "pom.xml").write_text(BALANCEREADER.replace("jib-maven-plugin", "maven-jar-plugin"))
    assert discover([str(tmp_path)]) == [(str(service / "pom.xml"), "build")]
    assert discover([str(library / "pom.xml")]) == [(str(library / "pom.xml"), "build")]
    assert build_tool(library / "pom.xml") == "jib"
    assert list(read_build_file(str(library / "pom.xml")).scan) == []
    (found,) = scan_paths([str(tmp_path)])
    assert (found.path, found.line, found.column, found.kind) == (
        str(service / "pom.xml"),
        14,
        20,
        "jib",
    )


def test_what_jib_builds_is_built_in_the_project(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pom.xml").write_text(
        pom("<from><image>alpine:3.20</image></from><to><image>ghcr.io/acme/api</image></to>")
    )
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "api.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: api}\n"
        "spec:\n  containers:\n  - {name: api, image: ghcr.io/acme/api:latest}\n"
        "  - {name: db, image: ghcr.io/acme/db:latest}\n"
    )
    found = {o.text: o.built for o in scan_paths([str(tmp_path)])}
    built = found["ghcr.io/acme/api:latest"]
    assert built is not None and (built.tool, built.line) == ("jib", 8)
    assert found["ghcr.io/acme/db:latest"] is None
    assert found["alpine:3.20"] is None
