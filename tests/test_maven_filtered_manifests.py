"""Maven-filtered resources with the plugin's own delimiters, Kubernetes manifests too
(session 41, s57l).

kroxylicious's operator module copies ``packaging/`` with the maven-resources-plugin's
``copy-resources`` goal, ``<delimiters><delimiter>$[*]</delimiter></delimiters>``, filtering
on: its ``install/03.Deployment.kroxylicious-operator.yaml`` writes ``image:
$[io.kroxylicious.operator.image.name]``, a property of the pom, and the applied copy has the
image. It was read as written: a false TS012 ("'$' is not allowed"). The plugin's parameters
(https://maven.apache.org/plugins/maven-resources-plugin/copy-resources-mojo.html):
``delimiters`` are ``START*END`` or one text for both; ``useDefaultDelimiters`` (default true)
keeps ``${…}`` and ``@…@`` too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tagsense import find_references
from tagsense.sources.builds._maven_resources import maven_filtered

if TYPE_CHECKING:
    from pathlib import Path

POM = """\
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>io.acme</groupId>
  <artifactId>operator</artifactId>
  <version>1.4.2</version>
  <properties>
    <operator.image.name>quay.io/acme/operator:${project.version}</operator.image.name>
    <sidecar.image>quay.io/acme/sidecar:2.0.1</sidecar.image>
  </properties>
  <build>
    <plugins>
      <plugin>
        <artifactId>maven-resources-plugin</artifactId>
        <executions>
          <execution>
            <id>copy-install</id>
            <phase>package</phase>
            <goals><goal>copy-resources</goal></goals>
            <configuration>
              <delimiters>
                <delimiter>$[*]</delimiter>
              </delimiters>
              DEFAULTS
              <resources>
                <resource>
                  <directory>packaging</directory>
                  <filtering>true</filtering>
                </resource>
              </resources>
              <outputDirectory>target/packaged</outputDirectory>
            </configuration>
          </execution>
        </executions>
      </plugin>
    </plugins>
  </build>
</project>
"""

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: operator
spec:
  template:
    spec:
      containers:
        - name: operator
          image: $[operator.image.name]
        - name: sidecar
          image: ${sidecar.image}
"""


def project(tmp_path: Path, defaults: str = "") -> str:
    (tmp_path / "pom.xml").write_text(POM.replace("DEFAULTS", defaults))
    (tmp_path / "packaging" / "install").mkdir(parents=True)
    manifest = tmp_path / "packaging" / "install" / "03.Deployment.operator.yaml"
    manifest.write_text(DEPLOYMENT)
    return str(manifest)


def test_a_manifest_filtered_with_the_plugin_s_delimiters(tmp_path: Path) -> None:
    found = {o.raw: o for o in find_references(project(tmp_path))}
    operator = found["$[operator.image.name]"]
    assert operator.text == "quay.io/acme/operator:1.4.2"
    assert operator.reference is not None
    # (Maven's default delimiters are kept with the plugin's)
    assert found["${sidecar.image}"].text == "quay.io/acme/sidecar:2.0.1"


def test_default_delimiters_turned_off(tmp_path: Path) -> None:
    manifest = project(tmp_path, "<useDefaultDelimiters>false</useDefaultDelimiters>")
    with open(manifest) as handle:
        filtered = maven_filtered(manifest, handle.read())
    assert filtered is not None
    assert "image: quay.io/acme/operator:1.4.2\n" in filtered.text
    assert "image: ${sidecar.image}\n" in filtered.text


def test_not_filtered_outside_the_resource_directory(tmp_path: Path) -> None:
    project(tmp_path)
    (tmp_path / "deploy").mkdir()
    other = tmp_path / "deploy" / "operator.yaml"
    other.write_text(DEPLOYMENT)
    texts = [o.text for o in find_references(str(other))]
    assert "quay.io/acme/operator:1.4.2" not in texts
