"""Jib on a command line: ``-Djib.from.image=IMAGE`` given to Maven or Gradle is the base image
Jib pulls, whatever the build file says (sources.builds._jib_cli)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tagsense.sources import find_references
from tagsense.sources.builds._jib_cli import jib_built_names, jib_from_pulls
from tagsense.sources.builds.script import scan_shell_script

if TYPE_CHECKING:
    from pathlib import Path

SCRIPT = """\
#!/bin/sh
./mvnw compile jib:build -Djib.from.image=eclipse-temurin:21-jre -Djib.to.image=acme/app
./gradlew jibDockerBuild \\
  -Djib.from.image="registry://amazoncorretto:11" \\
  -Djib.to.image=acme/app:dev
mvn jib:dockerBuild -Djib.from.image=docker://acme/base:1
mvn jib:buildTar -Djib.from.image=tar://base.tar
mvn package -D jib.from.image=openjdk:jdk
mvn package -Djib.from.image=alpine:3.19 -Djib.from.image=alpine:3.20
mvn package -Djib.from.image=$BASE_IMAGE
mvn package -Djib.to.image=acme/app:1.0
"""


def test_the_base_image_given_on_the_command_line_is_pulled(tmp_path: Path) -> None:
    script = tmp_path / "build-image.sh"
    script.write_text(SCRIPT)
    scan = scan_shell_script(str(script))
    assert [(o.line, o.column, o.text) for o in scan] == [
        (2, 43, "eclipse-temurin:21-jre"),
        (4, 32, "amazoncorretto:11"),
        (8, 31, "openjdk:jdk"),
        (9, 59, "alpine:3.20"),  # (the last one given wins)
    ]
    assert scan.occurrences[0].context == {"tool": "shell", "engine": "mvnw", "verb": "jib"}


def test_a_ci_job_s_maven_command_gives_jib_its_base(tmp_path: Path) -> None:
    workflow = tmp_path / ".github" / "workflows" / "image.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(
        "on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: ./mvnw -B package jib:build -Djib.from.image=eclipse-temurin:21\n"
    )
    scan = find_references(workflow)
    assert [(o.line, o.column, o.text, o.kind) for o in scan] == [
        (6, 59, "eclipse-temurin:21", "shell")
    ]


def test_other_programs_and_properties_pull_nothing(tmp_path: Path) -> None:
    script = tmp_path / "other.sh"
    script.write_text("#!/bin/sh\njava -Djib.from.image=alpine:3.20 -jar app.jar\n")
    assert list(scan_shell_script(str(script))) == []
    assert jib_from_pulls("mvn", ["package", "-Dimage.name=alpine:3.20"], 1, 1) == []
    assert jib_from_pulls("mvn", ["package", "-D"], 1, 1) == []


@given(
    st.lists(
        st.sampled_from(
            [
                "-D",
                "jib.from.image=",
                "-Djib.from.image=",
                "registry://",
                "docker://",
                "alpine:3.20",
                "x",
                "",
                "=",
                "$X",
            ]
        ),
        max_size=8,
    )
)
def test_any_words_raise_nothing(words: list[str]) -> None:
    for pull in jib_from_pulls("gradle", words, 1, 1):
        assert pull.image


def test_the_image_jib_builds_on_the_command_line_is_named() -> None:
    # (dhis2/dhis2-core's CI: a profile that binds Jib's goal, the target as a property)
    words = ["install", "--activate-profiles", "jibDockerBuild", "-Djib.to.image=acme/core:local"]
    assert jib_built_names(words) == ["acme/core:local"]
    registry = ["package", "-D", "jib.to.image=registry://acme/app:1"]
    assert jib_built_names(registry) == ["acme/app:1"]
    assert jib_built_names(["compile", "jib:build", "-Dimage=acme/app"]) == ["acme/app"]
    assert jib_built_names([":app:jibDockerBuild", "--image", "acme/app:dev"]) == ["acme/app:dev"]
    # (the short forms only where a Jib goal or task runs: other plugins read -Dimage too)
    assert jib_built_names(["package", "-Dimage=acme/app"]) == []
    assert jib_built_names(["package", "-Djib.from.image=alpine:3.20"]) == []
    assert jib_built_names(["-D"]) == []


def test_a_workflow_runs_the_image_jib_built(tmp_path: Path) -> None:
    # dhis2/dhis2-core's .github/workflows/run-auth-idp-tests.yml, in short
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "test.yml").write_text(
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
        "    env:\n      CORE_IMAGE_NAME: acme/core-dev:local\n    steps:\n"
        "      - run: |\n"
        "          mvn -f dhis-2/pom.xml install --activate-profiles jibDockerBuild \\\n"
        "            -Djib.to.image=$CORE_IMAGE_NAME\n"
        "      - run: docker pull $CORE_IMAGE_NAME\n"
    )
    (found,) = find_references(tmp_path)
    assert found.text == "acme/core-dev:local"
    assert found.built is not None and found.built.line == 9
