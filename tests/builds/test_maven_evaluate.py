"""``$(mvn help:evaluate -Dexpression=PROP -q -DforceStdout)``: a pom's property, in a script
or a CI step.

apache/nifi's ``DockerBuild.sh`` scripts take the base image of their Dockerfiles' ``FROM
${IMAGE_NAME}:${IMAGE_TAG}`` from the root pom so (``-D expression=docker.jdk.image.name``);
the fixtures here are reduced cases of them, with a parent pom and ``${…}`` in the values.
"""

from __future__ import annotations

import pytest

from tagsense import find_references
from tagsense.sources.builds._maven_evaluate import maven_evaluate
from tagsense.sources.builds._shell_values import (
    ABSOLUTE,
    substitution,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

PARENT = """\
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.example</groupId>
  <artifactId>parent</artifactId>
  <version>1.4.0</version>
  <packaging>pom</packaging>
  <properties>
    <java.major>21</java.major>
    <docker.image.tag>${java.major}.0.5</docker.image.tag>
    <docker.jre.image.name>eclipse-temurin</docker.jre.image.name>
  </properties>
</project>
"""

MODULE = """\
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.example</groupId>
    <artifactId>parent</artifactId>
    <version>1.4.0</version>
  </parent>
  <artifactId>app</artifactId>
  <properties>
    <java.major>17</java.major>
  </properties>
</project>
"""

DOCKERFILE = "ARG IMAGE_NAME\nARG IMAGE_TAG\nFROM ${IMAGE_NAME}:${IMAGE_TAG}\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "pom.xml", PARENT)
    write(tmp_path / "app" / "pom.xml", MODULE)
    write(tmp_path / "app" / "docker" / "Dockerfile", DOCKERFILE)
    return tmp_path


def _step(*lines: str) -> str:
    run = "".join(f"          {line}\n" for line in lines)
    return (
        "on: push\njobs:\n  image:\n    runs-on: ubuntu-24.04\n    steps:\n"
        f"      - uses: actions/checkout@v4\n      - run: |\n{run}"
    )


def _froms(project: Path) -> list[str]:
    dockerfile = str((project / "app" / "docker" / "Dockerfile").relative_to(project))
    return [o.text for o in find_references(".") if o.path == dockerfile]


def test_a_ci_step_takes_the_module_property_its_parent_defines(project: Path) -> None:
    # (the module's own java.major, in the parent's docker.image.tag; the parent's name)
    write(
        project / ".github" / "workflows" / "image.yml",
        _step(
            "NAME=$(./mvnw -f app help:evaluate -Dexpression=docker.jre.image.name -q"
            " -DforceStdout)",
            "TAG=$(./mvnw -B -f app/pom.xml help:evaluate -Dexpression=docker.image.tag -q"
            " -DforceStdout 2>/dev/null)",
            "docker build --build-arg IMAGE_NAME=$NAME --build-arg IMAGE_TAG=$TAG app/docker",
        ),
    )
    assert _froms(project) == ["eclipse-temurin:17.0.5"]


def test_a_command_line_property_wins_over_the_poms(project: Path) -> None:
    write(
        project / ".github" / "workflows" / "image.yml",
        _step(
            "NAME=$(mvn help:evaluate -Dexpression=docker.jre.image.name -q -DforceStdout)",
            "TAG=$(mvn help:evaluate -Djava.major=25 -Dexpression=docker.image.tag -q"
            " -DforceStdout)",
            "docker build --build-arg IMAGE_NAME=$NAME --build-arg IMAGE_TAG=$TAG app/docker",
        ),
    )
    assert _froms(project) == ["eclipse-temurin:25.0.5"]


def test_a_script_names_the_root_pom_from_its_own_directory(project: Path) -> None:
    # (nifi's DockerBuild.sh: the command in an array, the root two `dirname`s up)
    write(
        project / "app" / "docker" / "build.sh",
        "#!/usr/bin/env bash\n"
        'script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" >/dev/null 2>&1 && pwd)"\n'
        'root_dir="$(dirname "$(dirname "${script_dir}")")"\n'
        'mvn_cmd=("${root_dir}/mvnw" -f "${root_dir}/pom.xml" help:evaluate -q -D forceStdout)\n'
        'IMAGE_NAME="$("${mvn_cmd[@]}" -D expression=docker.jre.image.name)"\n'
        'IMAGE_TAG="$("${mvn_cmd[@]}" -D expression=docker.image.tag)"\n'
        'docker build --build-arg IMAGE_NAME="${IMAGE_NAME}" --build-arg'
        ' IMAGE_TAG="${IMAGE_TAG}" "${script_dir}"\n',
    )
    assert _froms(project) == ["eclipse-temurin:21.0.5"]


@pytest.mark.parametrize(
    "command",
    [
        # (Maven's log printed too; a profile may change the model; no such property)
        "mvn help:evaluate -Dexpression=docker.image.tag",
        "mvn help:evaluate -Pdocker -Dexpression=docker.image.tag -q -DforceStdout",
        "mvn help:evaluate -Dexpression=docker.image.version -q -DforceStdout",
    ],
)
def test_what_maven_may_print_otherwise_is_a_runs(project: Path, command: str) -> None:
    write(
        project / ".github" / "workflows" / "image.yml",
        _step(
            "NAME=$(mvn help:evaluate -Dexpression=docker.jre.image.name -q -DforceStdout)",
            f"TAG=$({command})",
            "docker build --build-arg IMAGE_NAME=$NAME --build-arg IMAGE_TAG=$TAG app/docker",
        ),
    )
    (found,) = [o for o in find_references(".") if o.path.endswith("Dockerfile")]
    assert found.is_unresolved
    assert found.text.startswith("eclipse-temurin:")


def test_a_pom_with_a_document_type_is_not_read(project: Path) -> None:
    write(
        project / "pom.xml",
        PARENT.replace("<project ", '<!DOCTYPE project [<!ENTITY v "x">]>\n<project ', 1),
    )
    write(
        project / ".github" / "workflows" / "image.yml",
        _step(
            "NAME=$(mvn help:evaluate -Dexpression=docker.jre.image.name -q -DforceStdout)",
            "docker build --build-arg IMAGE_NAME=$NAME --build-arg IMAGE_TAG=21 app/docker",
        ),
    )
    (found,) = [o for o in find_references(".") if o.path.endswith("Dockerfile")]
    assert found.is_unresolved


def test_the_command_grammar() -> None:
    found = maven_evaluate(
        ["mvnw", "--file=a", "-ntp", "help:evaluate", "-q", "-DforceStdout", "-Dexpression=x"]
    )
    assert found is not None
    assert (found.pom, found.prop, found.given) == ("a", "x", {})
    full = "org.apache.maven.plugins:maven-help-plugin:3.5.1:evaluate"
    assert maven_evaluate(["mvn", full, "-q", "-DforceStdout", "-Dexpression=x"]) is not None
    # (another goal, modules, settings, or no program of Maven's)
    for words in (
        ["mvn", "clean", "help:evaluate", "-q", "-DforceStdout", "-Dexpression=x"],
        ["mvn", "-pl", "app", "help:evaluate", "-q", "-DforceStdout", "-Dexpression=x"],
        ["mvn", "-s", "s.xml", "help:evaluate", "-q", "-DforceStdout", "-Dexpression=x"],
        ["gradle", "help:evaluate", "-q", "-DforceStdout", "-Dexpression=x"],
    ):
        assert maven_evaluate(words) is None


def test_each_dirname_of_a_variable_is_one_directory_up() -> None:
    assert substitution('dirname "$(dirname "${script_dir}")"') == (
        f"{ABSOLUTE}${{script_dir}}/../..{ABSOLUTE}"
    )
    assert substitution("dirname $DIR") == f"{ABSOLUTE}$DIR/..{ABSOLUTE}"
    # (a dirname of something else is a run's, as before)
    assert ABSOLUTE not in substitution('dirname "$(pwd)"')
