"""The Gradle docker-compose plugin (``com.avast.gradle.docker-compose``): its ``dockerCompose``
block's ``environment`` is the environment of the ``docker compose`` it runs, on the files of
its ``useComposeFiles`` (sources.builds._gradle_compose).

microservices-patterns/ftgo-application's CI runs ``./gradlew infrastructureComposeUp``; its
``build.gradle`` says ``dockerCompose { environment.put "EVENTUATE_COMMON_VERSION",
eventuateCommonImageVersion … }`` with the values in ``gradle.properties``, and its
``docker-compose.yml`` pulls ``eventuateio/eventuate-zookeeper:$EVENTUATE_COMMON_VERSION`` and
hands ``${EVENTUATE_JAVA_BASE_IMAGE_VERSION}`` to its builds' ``FROM`` (survey s61b: 12 false
TS011, 5 pulls missed).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tagsense import find_references
from tagsense.sources.builds._gradle_compose import gradle_compose_runs

if TYPE_CHECKING:
    from pathlib import Path

GROOVY = """\
plugins { id "com.avast.gradle.docker-compose" version "0.17.7" }

dockerCompose {
  environment.put "COMMON_VERSION", commonImageVersion
  environment.put('BASE_VERSION', "${baseVersion}")
  projectName = null

  infrastructure {
      startedServices = ["zookeeper"]
  }
}
"""
COMPOSE = """\
services:
  zookeeper:
    image: eventuateio/eventuate-zookeeper:$COMMON_VERSION
  app:
    build:
      context: ./app
      args:
        baseImageVersion: ${BASE_VERSION}
"""
DOCKERFILE = "ARG baseImageVersion\nFROM eclipse-temurin:$baseImageVersion\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "settings.gradle").write_text("rootProject.name = 'ftgo'\n")
    (tmp_path / "gradle.properties").write_text(
        "commonImageVersion=0.15.0.RELEASE\nbaseVersion=21.0.5_11-jre\n"
    )
    (tmp_path / "docker-compose.yml").write_text(COMPOSE)
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "Dockerfile").write_text(DOCKERFILE)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COMMON_VERSION", raising=False)
    monkeypatch.delenv("BASE_VERSION", raising=False)
    return tmp_path


def _texts(path: str) -> list[tuple[str, tuple[str, ...]]]:
    """The pulled references of a file: their text, and the variables they leave unresolved."""
    return [(o.text, tuple(o.unresolved)) for o in find_references(path) if not o.built]


def test_the_block_s_environment_resolves_the_compose_file_and_its_builds(project: Path) -> None:
    ((_, unresolved),) = _texts("docker-compose.yml")
    assert unresolved == ("COMMON_VERSION",)
    ((_, unresolved),) = _texts(os.path.join("app", "Dockerfile"))
    assert unresolved != ()
    (project / "build.gradle").write_text(GROOVY)
    (found,) = [o for o in find_references("docker-compose.yml") if not o.built]
    assert found.text == "eventuateio/eventuate-zookeeper:0.15.0.RELEASE"
    assert found.context["command"]["tool"] == "gradle"
    assert found.context["command"]["path"] == "build.gradle"
    assert _texts(os.path.join("app", "Dockerfile")) == [("eclipse-temurin:21.0.5_11-jre", ())]


def test_each_configuration_is_a_run_a_nested_one_with_the_environment_before_it(
    project: Path,
) -> None:
    (project / "build.gradle").write_text(
        GROOVY.replace("  projectName = null\n", "")
        + "dockerCompose.environment.put 'LATE', 'x'\n"
        + "dockerCompose { isRequiredByIntegrationTest 'docker-compose.it.yml' }\n"
    )
    runs = gradle_compose_runs((project / "build.gradle").read_text(), "build.gradle")
    commands = {run.command: run for run in runs}
    assert set(commands) == {
        "gradle composeUp", "gradle infrastructureComposeUp", "gradle integrationTestComposeUp",
    }  # fmt: skip
    main = commands["gradle composeUp"]
    assert dict(main.env) == {
        "COMMON_VERSION": "0.15.0.RELEASE", "BASE_VERSION": "21.0.5_11-jre", "LATE": "x",
    }  # fmt: skip
    assert main.files == ()
    assert main.directory == str(project)
    # (infrastructure's was declared before LATE was put; integrationTest's after)
    assert "LATE" not in commands["gradle infrastructureComposeUp"].env
    later = commands["gradle integrationTestComposeUp"]
    assert later.files == (str(project / "docker-compose.it.yml"),)
    assert later.env["LATE"] == "x"
    assert (later.site.tool, later.site.line) == ("gradle", 12)


def test_a_nested_configuration_takes_only_what_was_declared_before_it(project: Path) -> None:
    text = (
        "apply plugin: 'docker-compose'\n"
        "dockerCompose {\n"
        "  environment.put 'A', 'one'\n"
        "  tests {\n"
        "    useComposeFiles = ['compose.test.yml']\n"
        "    environment.put 'B', 'two'\n"
        "  }\n"
        "  environment.put 'C', 'three'\n"
        "}\n"
    )
    runs = {run.command: run for run in gradle_compose_runs(text, "build.gradle")}
    assert dict(runs["gradle testsComposeUp"].env) == {"A": "one", "B": "two"}
    assert runs["gradle testsComposeUp"].files == (str(project / "compose.test.yml"),)
    assert dict(runs["gradle composeUp"].env) == {"A": "one", "C": "three"}


def test_kotlin_forms(project: Path) -> None:
    (project / "docker").mkdir()
    (project / "docker" / "compose.yaml").write_text(COMPOSE)
    text = """\
import com.avast.gradle.dockercompose.ComposeExtension
plugins { id("com.avast.gradle.docker-compose") }
val tag = "3.9.1"
configure<ComposeExtension> {
    dockerComposeWorkingDirectory.set(file("docker"))
    environment.putAll(mapOf("COMMON_VERSION" to tag, "RUN_ID" to System.getenv("RUN_ID")))
    createNested("local").apply {
        useComposeFiles.set(listOf("compose.local.yml"))
        environment["BASE_VERSION"] = "21"
    }
}
"""
    (project / "build.gradle.kts").write_text(text)
    runs = {run.command: run for run in gradle_compose_runs(text, "build.gradle.kts")}
    main = runs["gradle composeUp"]
    assert main.directory == str(project / "docker")
    assert main.files == ()
    assert dict(main.env) == {"COMMON_VERSION": "3.9.1"}
    assert main.unknown == ("RUN_ID",)  # (a run's value)
    local = runs["gradle localComposeUp"]
    assert local.files == (str(project / "docker" / "compose.local.yml"),)
    assert dict(local.env) == {"COMMON_VERSION": "3.9.1", "BASE_VERSION": "21"}


def test_a_subproject_s_run_reads_the_compose_file_above_it(project: Path) -> None:
    service = project / "order-service"
    service.mkdir()
    (service / "build.gradle").write_text(
        GROOVY.replace('plugins { id "com.avast.gradle.docker-compose" version "0.17.7" }', "")
    )
    (project / "build.gradle").write_text("plugins { id 'com.avast.gradle.docker-compose' }\n")
    path = os.path.join("order-service", "build.gradle")
    (run,) = gradle_compose_runs(service.joinpath("build.gradle").read_text(), path)
    assert run.directory == str(project)  # (compose looks in the directories above)
    assert run.env["COMMON_VERSION"] == "0.15.0.RELEASE"


@pytest.mark.parametrize(
    "text",
    [
        # (Palantir's plugin has a dockerCompose block of its own: no avast plugin named)
        "plugins { id 'com.palantir.docker-compose' }\n"
        "dockerCompose { template 'docker-compose.yml.template' }\n",
        "plugins { id 'java' }\n",
        # (a run chooses the files)
        "apply plugin: 'docker-compose'\n"
        "dockerCompose { useComposeFiles = [System.getenv('COMPOSE_FILE')] }\n",
    ],
)
def test_no_run_without_the_plugin_s_settled_configuration(project: Path, text: str) -> None:
    assert gradle_compose_runs(text, "build.gradle") == []


def test_a_setting_in_a_conditional_block_is_a_run_s_choice(project: Path) -> None:
    text = (
        "apply plugin: 'docker-compose'\n"
        "dockerCompose {\n"
        "  if (project.hasProperty('ci')) {\n"
        "    environment.put 'COMMON_VERSION', 'ci'\n"
        "  }\n"
        "}\n"
    )
    (run,) = gradle_compose_runs(text, "build.gradle")
    assert dict(run.env) == {}


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("dockerCompose{}()[]'\"=.,: \nenvironmentputuseFiles$")),
        max_size=120,
    )
)
def test_any_text_gives_runs_never_an_exception(text: str) -> None:
    for run in gradle_compose_runs("apply plugin: 'docker-compose'\n" + text, "build.gradle"):
        assert run.site.tool == "gradle"


def test_a_version_of_the_version_catalog_and_the_plugin_named_there(project: Path) -> None:
    """A module of a build with a version catalog (`alias(libs.plugins.dockerCompose)`,
    `environment.put("DYNAMODB_TAG", libs.versions.dockerImages.dynamoDb)`)."""
    (project / "gradle").mkdir()
    (project / "gradle" / "libs.versions.toml").write_text(
        '[versions]\ndockerImages-dynamoDb = "2.5.2"\nredis = { strictly = "7.4.1" }\n'
        "[plugins]\n"
        'dockerCompose = { id = "com.avast.gradle.docker-compose", version = "0.17.12" }\n'
    )
    module = project / "store"
    module.mkdir()
    (module / "docker-compose-test.yml").write_text(
        "services:\n  db:\n    image: amazon/dynamodb-local:${DYNAMODB_TAG}\n"
    )
    text = (
        "plugins { alias(libs.plugins.dockerCompose) }\n"
        "dockerCompose {\n"
        "    isRequiredBy(tasks.test)\n"
        '    useComposeFiles = listOf("docker-compose-test.yml")\n'
        '    environment.put("DYNAMODB_TAG", libs.versions.dockerImages.dynamoDb)\n'
        '    environment.put("REDIS_TAG", libs.versions.redis.get())\n'
        "}\n"
    )
    (module / "build.gradle.kts").write_text(text)
    path = os.path.join("store", "build.gradle.kts")
    (run,) = gradle_compose_runs(text, path)
    assert dict(run.env) == {"DYNAMODB_TAG": "2.5.2", "REDIS_TAG": "7.4.1"}
    assert _texts(os.path.join("store", "docker-compose-test.yml")) == [
        ("amazon/dynamodb-local:2.5.2", ())
    ]
