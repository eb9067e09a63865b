"""Gradle's Exec tasks and exec blocks: the engine commands a build script runs itself
(sources.builds._gradle_exec, read through sources.builds.jib_gradle).

tolgee/tolgee-platform's build.gradle starts the database its schema task reads with an Exec
task, ``commandLine "docker", "run", …, "postgres:13"``, and its gradle/docker.gradle (a
script plugin the build applies) builds ``tolgee/tolgee`` with ``commandLine "docker",
"build", ".", "-t", "tolgee/tolgee", …``: survey 52f found neither read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tagsense.sources import scan_paths
from tagsense.sources.builds._gradle_exec import engine_commands
from tagsense.sources.builds.jib_gradle import scan_build_gradle
from tagsense.sources.discover import discover

if TYPE_CHECKING:
    from pathlib import Path

# As tolgee/tolgee-platform's build.gradle writes it (Groovy: a call without parentheses, its
# words over two lines, a property for the container's name).
TOLGEE = """\
ext {
    dbSchemaContainerName = 'tolgee_postgres_dbschema'
}
tasks.register('startDbChangelogContainer') {
    doLast {
        exec {
            commandLine "docker", "rm", "--force", "--volumes", dbSchemaContainerName
            ignoreExitValue = true
        }
        exec {
            commandLine "docker", "run", "-e", "POSTGRES_PASSWORD=postgres", "-d",
                "--name", dbSchemaContainerName, "postgres:13"
        }
    }
}
"""

DOCKER_GRADLE = """\
tasks.register('docker', Exec) {
    workingDir dockerPath
    commandLine "docker", "build", ".",
        "-t", "tolgee/tolgee",
        "--cache-from", "type=registry,ref=tolgee/tolgee:latest"
}
tasks.register('dockerRun', Exec) {
    commandLine "docker", "run", "--rm", "tolgee/tolgee"
}
"""


def test_an_exec_task_s_docker_run_pulls_its_image_where_it_is_written() -> None:
    found = scan_build_gradle(TOLGEE, path="build.gradle")
    (pull,) = found.scan
    assert (pull.line, pull.column, pull.kind, pull.text) == (12, 51, "shell", "postgres:13")
    assert TOLGEE.splitlines()[pull.line - 1][pull.column - 1 :].startswith("postgres:13")
    assert dict(pull.context) == {"tool": "gradle", "engine": "docker", "verb": "run"}


def test_an_exec_task_s_docker_build_names_an_image_the_project_builds() -> None:
    found = scan_build_gradle(DOCKER_GRADLE, path="gradle/docker.gradle")
    assert [(image.name, image.site.tool, image.site.line) for image in found.built] == [
        ("tolgee/tolgee", "gradle", 3)
    ]
    assert list(found.scan) == []  # (the run of the image it builds is no pull)


def test_kotlin_forms_and_an_executable_with_its_args() -> None:
    # Gradle's Exec: commandLine(…), commandLine = listOf(…), executable + args, in Kotlin and
    # Groovy; a `val`/`def` set once to a literal is its value, a template is filled in.
    script = """\
val redis = "redis:7.2"
val tag = "3.20"
tasks.register<Exec>("a") { commandLine("docker", "pull", redis) }
tasks.register<Exec>("b") {
    commandLine = listOf(
        "podman", "run", "--rm", "alpine:${tag}", "true"
    )
}
tasks.register<Exec>("c") {
    executable = "docker"
    args = listOf("run", "-d", "mongo:7")
}
exec {
    executable 'docker'
    args 'create', 'nginx:1.27'
}
"""
    pulls, builds = engine_commands(script)
    assert [(pull.image, pull.engine, pull.verb, pull.line) for pull in pulls] == [
        ("redis:7.2", "docker", "pull", 3),
        ("alpine:3.20", "podman", "run", 6),
        ("mongo:7", "docker", "run", 11),
        ("nginx:1.27", "docker", "create", 15),
    ]
    assert builds == []


def test_a_shell_s_command_line_is_split_as_the_shell_splits_it() -> None:
    # commandLine "sh", "-c", LINE (Gradle's usual way to run a pipeline or `&&`): the first
    # command of the line is read; a line a run gives (a parameter) is not.
    script = """\
tasks.register('a', Exec) {
    commandLine 'sh', '-c', 'docker run --rm "hadolint/hadolint:v2.12.0" < Dockerfile && echo ok'
}
tasks.register<Exec>("b") { commandLine("bash", "-lc", "docker pull redis:7 || true") }
private fun Exec.runCmd(cmd: String) { commandLine("bash", "-lc", cmd) }
tasks.register('c', Exec) { commandLine 'sh', '-c', 'echo docker run busybox:1' }
"""
    pulls, _ = engine_commands(script)
    assert [(pull.image, pull.verb, pull.line) for pull in pulls] == [
        ("hadolint/hadolint:v2.12.0", "run", 2),
        ("redis:7", "pull", 4),
    ]


def test_a_run_s_value_commented_commands_and_other_programs_give_nothing() -> None:
    script = """\
// commandLine "docker", "run", "old:1"
tasks.register('x', Exec) { commandLine "docker", "run", System.getenv("IMAGE") }
tasks.register('y', Exec) { commandLine "npm", "run", "docker:build" }
def engines = ["docker", "podman"]
tasks.register('z', Exec) { commandLine "echo", "docker", "run", "busybox:1" }
"""
    assert engine_commands(script) == ([], [])


def test_an_applied_script_plugin_that_runs_docker_is_read(tmp_path: Path) -> None:
    (tmp_path / "gradle").mkdir()
    (tmp_path / "gradle" / "docker.gradle").write_text(DOCKER_GRADLE)
    (tmp_path / "gradle" / "lint.gradle").write_text("tasks.register('lint') { }\n")
    (tmp_path / "build.gradle").write_text(TOLGEE)
    script = str(tmp_path / "build.gradle")
    plugin = str(tmp_path / "gradle" / "docker.gradle")
    assert sorted(discover([str(tmp_path)])) == [(script, "build"), (plugin, "build")]
    found = [(o.path, o.line, o.text) for o in scan_paths([str(tmp_path)])]
    assert found == [(script, 12, "postgres:13")]
