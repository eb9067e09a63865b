"""A Java test's ``System.getProperty("KEY")`` given its value by the Gradle test task of its
module (sources.builds._gradle_test_properties).

OpenLineage's Flink tests (survey s58a, s60f) make ``String.format("flink:%s-java11",
System.getProperty("flink.version"))``; ``integration/flink/flink1/build.gradle``'s
``integrationTest`` gets ``systemProperties = ['flink.version': "${flinkVersion}", …]`` from a
closure, ``flinkVersion`` being the root project's ``ext`` property
``project.getProperty('flink.version')``, ``1.19.0`` in the root's ``gradle.properties``: the
image was reported unresolved (TS011) though every Gradle run gives it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from tagsense.sources.builds.testcontainers import read_test_sources

if TYPE_CHECKING:
    from pathlib import Path

SOURCE = """\
package io.x;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

public class Utils {
  static final String FLINK_IMAGE =
      String.format("flink:%s-java11", System.getProperty("flink.version"));

  static GenericContainer<?> flink() {
    return genericContainer(FLINK_IMAGE, "jobmanager");
  }

  static GenericContainer<?> genericContainer(String image, String hostname) {
    return new GenericContainer<>(DockerImageName.parse(image)).withNetworkAliases(hostname);
  }
}
"""

ROOT_SCRIPT = """\
ext {
    flinkVersion = project.getProperty('flink.version')
    isReleaseVersion = !version.endsWith('-SNAPSHOT')
}
"""

MODULE_SCRIPT = """\
ext {
    testedFlinkVersion = project.getProperty('flink.version')
}

def integrationTestConfiguration = {
    forkEvery 1
    systemProperties = [
            'flink.version': "${flinkVersion}",
            'junit.platform.output.capture.stdout': 'true',
    ]
}

task integrationTest(type: Test) {
    configure integrationTestConfiguration
}
"""


def _project(tmp_path: Path, module_script: str, *, name: str = "build.gradle") -> Path:
    """The OpenLineage layout: a root project with its ``gradle.properties``, a module
    ``flink1`` with the test source; the source's path."""
    (tmp_path / "settings.gradle").write_text("include 'flink1'\n")
    (tmp_path / "build.gradle").write_text(ROOT_SCRIPT)
    (tmp_path / "gradle.properties").write_text("version=1.0-SNAPSHOT\nflink.version=1.19.0\n")
    module = tmp_path / "flink1"
    package = module / "src" / "test" / "java" / "io" / "x"
    package.mkdir(parents=True, exist_ok=True)
    (module / name).write_text(module_script)
    source = package / "Utils.java"
    source.write_text(SOURCE)
    return source


def _images(source: Path) -> list[tuple[int, str, tuple[str, ...]]]:
    return [(o.line, o.text, o.unresolved) for o in read_test_sources(str(source)).scan]


def test_the_module_s_test_task_gives_the_system_property(tmp_path: Path) -> None:
    source = _project(tmp_path, MODULE_SCRIPT)
    built = read_test_sources(str(source))
    assert [(o.line, o.raw, o.text, o.unresolved) for o in built.scan] == [
        (8, "flink:%s-java11", "flink:1.19.0-java11", ())
    ]
    # (the files read are the reading's inputs; the value follows gradle.properties)
    assert built.inputs[str(tmp_path / "gradle.properties")] is not None
    (tmp_path / "gradle.properties").write_text("flink.version=1.18.1\n")
    assert _images(source) == [(8, "flink:1.18.1-java11", ())]


def test_a_value_that_is_settled_gives_no_finding(tmp_path: Path) -> None:
    from tagsense import check

    source = _project(tmp_path, MODULE_SCRIPT)
    found = check(list(read_test_sources(str(source)).scan), config={}, as_of=date(2026, 12, 7))
    assert [finding.code for finding in found if finding.code == "TS011"] == []


def test_a_key_the_build_does_not_give_stays_the_run_s(tmp_path: Path) -> None:
    unset = MODULE_SCRIPT.replace("'flink.version': \"${flinkVersion}\",", "")
    assert _images(_project(tmp_path, unset)) == [
        (8, "flink:${flink.version}-java11", ("flink.version",))
    ]


def test_a_value_made_by_code_stays_the_run_s(tmp_path: Path) -> None:
    made = MODULE_SCRIPT.replace('"${flinkVersion}"', "computeVersion()")
    assert _images(_project(tmp_path, made)) == [
        (8, "flink:${flink.version}-java11", ("flink.version",))
    ]
    # (Gradle's own -D, else empty: the run's to give, no empty part)
    made = MODULE_SCRIPT.replace('"${flinkVersion}"', "System.getProperty('flink.version') ?: ''")
    assert _images(_project(tmp_path, made)) == [
        (8, "flink:${flink.version}-java11", ("flink.version",))
    ]


def test_groovy_s_system_property_call_with_a_literal_and_a_local(tmp_path: Path) -> None:
    script = "def tag = '1.20.1'\ntest {\n    systemProperty 'flink.version', tag\n}\n"
    assert _images(_project(tmp_path, script)) == [(8, "flink:1.20.1-java11", ())]
    script = "test {\n    systemProperty('flink.version', \"1.$minor\")\n}\ndef minor = '17.2'\n"
    assert _images(_project(tmp_path, script)) == [(8, "flink:1.17.2-java11", ())]


def test_kotlin_s_map_and_a_property_by_project(tmp_path: Path) -> None:
    script = """\
val flinkVersion: String by project
tasks.withType<Test> {
    systemProperties(mapOf("flink.version" to flinkVersion, "other" to "x"))
}
"""
    source = _project(tmp_path, script, name="build.gradle.kts")
    (tmp_path / "flink1" / "gradle.properties").write_text("flinkVersion=2.0.0\n")
    assert _images(source) == [(8, "flink:2.0.0-java11", ())]


def test_each_value_of_a_key_set_twice(tmp_path: Path) -> None:
    script = """\
test { systemProperty 'flink.version', '1.18.1' }
task integrationTest(type: Test) {
    systemProperty 'flink.version', findProperty('flink.it.version') ?: '1.19.2'
}
"""
    assert _images(_project(tmp_path, script)) == [
        (8, "flink:1.18.1-java11", ()),
        (8, "flink:1.19.2-java11", ()),
    ]


def test_the_module_s_gradle_properties_before_the_root_s(tmp_path: Path) -> None:
    script = "test { systemProperty 'flink.version', property('flink.version') }\n"
    source = _project(tmp_path, script)
    assert _images(source) == [(8, "flink:1.19.0-java11", ())]
    (tmp_path / "flink1" / "gradle.properties").write_text("flink.version = 1.17.2\n")
    assert _images(source) == [(8, "flink:1.17.2-java11", ())]


def test_a_java_exec_task_s_system_property_is_no_test_s(tmp_path: Path) -> None:
    script = "task runJob(type: JavaExec) {\n    systemProperty 'flink.version', '1.19.0'\n}\n"
    assert _images(_project(tmp_path, script)) == [
        (8, "flink:${flink.version}-java11", ("flink.version",))
    ]


def test_an_image_the_build_gives_whole(tmp_path: Path) -> None:
    # (a field the run gives whole says nothing of the image, unless the build gives it)
    source = _project(tmp_path, "test {\n    systemProperty 'db.image', dbImage\n}\n")
    source.write_text(
        "import org.testcontainers.containers.GenericContainer;\n"
        "class Utils {\n"
        '  static final String DB_IMAGE = System.getProperty("db.image");\n'
        "  GenericContainer<?> db = new GenericContainer<>(DB_IMAGE);\n"
        "}\n"
    )
    assert _images(source) == []
    (tmp_path / "flink1" / "gradle.properties").write_text("dbImage=postgres:16.4\n")
    found = list(read_test_sources(str(source)).scan)
    assert [(o.line, o.raw, o.text, o.unresolved) for o in found] == [
        (4, "DB_IMAGE", "postgres:16.4", ())
    ]


def test_a_root_project_without_a_build_script_of_its_own(tmp_path: Path) -> None:
    # (the root's gradle.properties is read though only its settings script is there)
    source = _project(
        tmp_path, "test { systemProperty 'flink.version', property('flink.version') }\n"
    )
    (tmp_path / "build.gradle").unlink()
    assert _images(source) == [(8, "flink:1.19.0-java11", ())]
    (tmp_path / "settings.gradle").unlink()  # (nor a settings script: no project above)
    assert _images(source) == [(8, "flink:${flink.version}-java11", ("flink.version",))]
