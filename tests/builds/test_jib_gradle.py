"""Jib's Gradle plugin: a build script's jib.from.image pulled, jib.to.image built
(sources.builds.jib_gradle)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tagsense.sources import scan_paths
from tagsense.sources.builds.jib_gradle import scan_build_gradle
from tagsense.sources.discover import discover

if TYPE_CHECKING:
    from pathlib import Path

# As GoogleContainerTools/jib's jib-gradle-plugin/README.md writes the configuration, in Groovy
# and in Kotlin (survey 19 asked for it: `jib.from.image` in build.gradle).
GROOVY = """\
plugins { id 'com.google.cloud.tools.jib' version '3.4.4' }
// jib { from { image = 'old:1' } }
jib {
    from {
        image = 'eclipse-temurin:21-jre'
        platforms { platform { architecture = 'amd64'; os = 'linux' } }
    }
    to {
        image = 'ghcr.io/acme/api'
        tags = ['latest']
    }
}
"""
KOTLIN = """\
jib {
    from.image = "eclipse-temurin:${javaVersion}-jre-alpine"
    to { image = "ghcr.io/acme/k:${version}" }
}
"""


def test_the_base_image_is_pulled_and_the_target_built() -> None:
    found = scan_build_gradle(GROOVY, path="build.gradle")
    (base,) = found.scan
    assert (base.line, base.column, base.kind, base.text) == (
        5,
        18,
        "jib",
        "eclipse-temurin:21-jre",
    )
    assert dict(base.context) == {"tool": "jib", "builder": "gradle", "field": "from.image"}
    (built,) = found.built
    assert (built.name, built.site.tool, built.site.line) == ("ghcr.io/acme/api", "jib", 9)


def test_a_template_leaves_the_image_unresolved_and_builds_no_name() -> None:
    found = scan_build_gradle(KOTLIN, path="build.gradle.kts")
    (base,) = found.scan
    assert (base.line, base.column, base.unresolved) == (2, 19, ("javaVersion",))
    assert found.built == ()
    groovy_call = "jib {\n  from { image 'docker://local/base:1' }\n}\n"
    assert list(scan_build_gradle(groovy_call, path="build.gradle").scan) == []


def test_only_scripts_that_configure_jib_are_read(tmp_path: Path) -> None:
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "build.gradle").write_text(GROOVY)
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "build.gradle").write_text("plugins { id 'java' }\n")
    script = str(tmp_path / "api" / "build.gradle")
    assert discover([str(tmp_path)]) == [(script, "build")]
    assert [(o.path, o.line, o.text) for o in scan_paths([str(tmp_path)])] == [
        (script, 5, "eclipse-temurin:21-jre")
    ]


def test_a_template_of_the_script_s_own_string_values_is_filled_in() -> None:
    # Groovy's `def`, Kotlin's `val`: set once to a literal, they name the image; a name set
    # twice, or to a template, or a property of the build, has no one value here.
    script = """\
def registry = "ghcr.io/acme"
val base: String = "eclipse-temurin"
def twice = 'a'
def twice = 'b'
def made = "x-${version}"
jib {
  from { image = "${base}:21-jre" }
  to { image = "${registry}/api:${made}" }
}
jib.to.image = "${registry}/$twice"
"""
    found = scan_build_gradle(script, path="build.gradle")
    assert [(o.line, o.text, o.unresolved) for o in found.scan] == [
        (7, "eclipse-temurin:21-jre", ())
    ]
    assert found.built == ()  # (each built name needs a value the script does not give)
