"""sbt-native-packager's Docker plugin: the base image a build definition sets is pulled
(sources.builds.sbt_native_packager)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tagsense.sources import scan_paths
from tagsense.sources.builds.sbt_native_packager import scan_sbt
from tagsense.sources.discover import discover

if TYPE_CHECKING:
    from pathlib import Path

# As lichess-org/lila-ws's build.sbt writes it (CI runs `sbt Docker/publish`): survey 48 found
# its base image, and lila-fishnet's and lila-search's, read nowhere.
LILA_WS = """\
import com.typesafe.sbt.packager.docker.DockerChmodType

dockerBaseImage := "eclipse-temurin:25-jdk-noble"
dockerUpdateLatest := true

lazy val `lila-ws` = (project in file("."))
  .enablePlugins(JavaAppPackaging, DockerPlugin, BuildInfoPlugin)
  .settings(
    Docker / packageName := "lichess-org/lila-ws",
    Docker / dockerRepository := Some("ghcr.io"),
  )
"""


def test_the_base_image_the_docker_plugin_starts_from_is_pulled() -> None:
    (base,) = scan_sbt(LILA_WS, path="build.sbt").scan
    assert (base.line, base.column, base.kind, base.text) == (
        3,
        21,
        "sbt-native-packager",
        "eclipse-temurin:25-jdk-noble",
    )
    assert dict(base.context) == {"tool": "sbt-native-packager", "field": "dockerBaseImage"}


def test_every_scope_syntax_and_a_hand_written_from_are_read() -> None:
    # sbt 1's slash syntax, sbt 0.13's `in Docker` and `.in(Docker)`, and a dockerCommands
    # sequence whose Cmd("FROM", …) the plugin writes as the Dockerfile's FROM.
    definition = """\
// dockerBaseImage := "commented:1"
lazy val a = project.settings(Docker / dockerBaseImage := "openjdk:17.0.2-jdk")
lazy val b = project.settings(dockerBaseImage in Docker := "adoptopenjdk:11-jre-hotspot")
lazy val c = project.settings(dockerBaseImage.in(Docker) := "amazoncorretto:21.0.5")
lazy val d = project.settings(dockerCommands := Seq(Cmd("FROM", "alpine:3.20.3"), Cmd("USER", "1")))
lazy val e = project.settings(dockerBaseImage := sys.env.getOrElse("BASE", "x:1"))
"""
    found = scan_sbt(definition, path="build.sbt").scan
    assert [(o.line, o.text, o.context["field"]) for o in found] == [
        (2, "openjdk:17.0.2-jdk", "dockerBaseImage"),
        (3, "adoptopenjdk:11-jre-hotspot", "dockerBaseImage"),
        (4, "amazoncorretto:21.0.5", "dockerBaseImage"),
        (5, "alpine:3.20.3", "dockerCommands"),
    ]


def test_an_interpolation_takes_the_definition_s_own_values_or_stays_unresolved() -> None:
    definition = """\
val jdk = "21"
val twice = "a"
val twice = "b"
dockerBaseImage := s"eclipse-temurin:${jdk}-jre"
Docker / dockerBaseImage := s"eclipse-temurin:$twice-jre"
"""
    found = scan_sbt(definition, path="build.sbt").scan
    assert [(o.line, o.text, o.unresolved) for o in found] == [
        (4, "eclipse-temurin:21-jre", ()),
        (5, "eclipse-temurin:$twice-jre", ("twice",)),
    ]


def test_only_definitions_that_set_a_docker_base_are_read(tmp_path: Path) -> None:
    (tmp_path / "build.sbt").write_text(LILA_WS)
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "plugins.sbt").write_text(
        'addSbtPlugin("com.github.sbt" % "sbt-native-packager" % "1.11.7")\n'
    )
    definition = str(tmp_path / "build.sbt")
    assert discover([str(tmp_path)]) == [(definition, "build")]
    assert [(o.path, o.line, o.text) for o in scan_paths([str(tmp_path)])] == [
        (definition, 3, "eclipse-temurin:25-jdk-noble")
    ]


# As a build with its settings in project/Settings.scala writes them (BambooTuna's
# `object Settings { val sdk11 = "…"; … dockerBaseImage := sdk11 }`): the image is the val's.
SETTINGS = """\
import sbt._
import com.typesafe.sbt.packager.docker.DockerPlugin.autoImport._

object Settings {
  val sdk8 = "adoptopenjdk/openjdk8:x86_64-ubuntu-jdk8u212-b03-slim"
  val sdk11 = "adoptopenjdk/openjdk11:x86_64-alpine-jdk-11.0.4_11-slim"
  lazy val api = Seq(dockerBaseImage := sdk11)
  lazy val worker = Seq(dockerBaseImage := sdk11)
  lazy val other = Seq(dockerBaseImage := baseImage.value)
}
"""


def test_a_setting_given_a_val_pulls_the_val_s_literal_once() -> None:
    found = scan_sbt(SETTINGS, path="project/Settings.scala").scan
    assert [(o.line, o.column, o.text) for o in found] == [
        (6, 16, "adoptopenjdk/openjdk11:x86_64-alpine-jdk-11.0.4_11-slim")
    ]


def test_the_project_directory_s_scala_sources_are_build_definitions(tmp_path: Path) -> None:
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "Settings.scala").write_text(SETTINGS)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "Settings.scala").write_text(SETTINGS)  # (a program's: not read)
    settings = str(tmp_path / "project" / "Settings.scala")
    assert discover([str(tmp_path)]) == [(settings, "build")]
    assert [(o.path, o.line) for o in scan_paths([str(tmp_path)])] == [(settings, 6)]
