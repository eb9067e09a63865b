"""Invoke ``tasks.py``: a runner's ``invoke NAME`` runs the task's commands with its environment."""

from __future__ import annotations

from pathlib import Path

from tagsense.sources import scan_paths
from tagsense.sources.builds._invoke_run import invoke_call, task_commands

# redis/redis-py (trimmed): its CI action exports the image tag and runs `invoke devenv
# --endpoints=all-stack`, whose task runs `docker compose --profile {endpoints} up` through a
# command held in a local name, after the `clean` task it calls.
WORKFLOW = """\
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v6
      - run: |
          export STACK_TAG=rs-7.4.0-v8
          invoke devenv --endpoints=all-stack
      - run: poetry run inv up-db
"""
TASKS = """\
from invoke import run, task

PG = "postgres:16.4"


@task
def clean(c):
    run("docker compose down")


@task
def devenv(c, endpoints="all"):
    clean(c)
    cmd = f"docker compose --profile {endpoints} up -d"
    run(cmd)


@task
def up_db(c, legacy=False):
    if legacy:
        c.run("docker run -d mysql:5.7")
    else:
        c.run(f"docker run -d {PG}")


@task
def unused(c):
    c.run("docker run -d redis:7.2.4")
"""
COMPOSE = """\
services:
  stack:
    image: "redis/redis-stack:${STACK_TAG:-7.2.0-v1}"
"""


def test_a_ci_step_s_invoke_runs_the_task_s_commands_with_its_environment(
    tmp_path: Path,
) -> None:
    # redis/redis-py: the stack image of the tag the step exports was missed (survey s48f);
    # the task no runner invokes stays unread, and so does the branch a default leaves out.
    (tmp_path / ".git").mkdir()
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text(WORKFLOW)
    (tmp_path / "tasks.py").write_text(TASKS)
    (tmp_path / "docker-compose.yml").write_text(COMPOSE)
    found = list(scan_paths([str(tmp_path)]))
    texts = {(Path(o.path or "").name, o.text) for o in found}
    assert texts == {
        ("docker-compose.yml", "redis/redis-stack:7.2.0-v1"),
        ("docker-compose.yml", "redis/redis-stack:rs-7.4.0-v8"),
        ("tasks.py", "postgres:16.4"),
    }
    (pulled,) = [o for o in found if o.text == "postgres:16.4"]
    assert pulled.line == 23
    assert str(pulled.context.get("run_by")).endswith("ci.yml:10")


def test_no_runner_no_reading(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "tasks.py").write_text(TASKS)
    assert [o.text for o in scan_paths([str(tmp_path)])] == []


def test_the_tasks_a_command_line_runs_with_their_options() -> None:
    assert list(task_commands(TASKS, ["up-db", "--legacy"])) == [
        (21, 21, "docker run -d mysql:5.7", "", {})
    ]
    assert list(task_commands(TASKS, ["up_db", "-l"])) == [
        (21, 21, "docker run -d mysql:5.7", "", {})
    ]
    assert [c[2] for c in task_commands(TASKS, ["devenv", "-e", "x", "up-db"])] == [
        "docker compose down",
        "docker compose --profile x up -d",
        "docker run -d postgres:16.4",
    ]
    assert [c[2] for c in task_commands(TASKS, ["devenv", "--endpoints", "y"])][-1] == (
        "docker compose --profile y up -d"
    )
    assert list(task_commands(TASKS, ["nothing"])) == []


HELPERS = """\
from invoke import task


def docker_compose(context, command, env="dev"):
    files = f"-f compose.yml -f compose.{env}.yml"
    return context.run(f"docker compose {files} {command}")


@task(name="start")
def debug(context, env="development"):
    docker_compose(context, "up", env)


@task(pre=[debug])
def test(ctx):
    with ctx.cd("sub"):
        ctx.run("docker run alpine:3.20")
"""


def test_helpers_pre_tasks_names_and_directories() -> None:
    assert list(task_commands(HELPERS, ["test"])) == [
        (6, 6, "docker compose -f compose.yml -f compose.development.yml up", "", {}),
        (17, 17, "docker run alpine:3.20", "sub", {}),
    ]
    assert [c[2] for c in task_commands(HELPERS, ["start", "--env=prod"])] == [
        "docker compose -f compose.yml -f compose.prod.yml up"
    ]
    assert list(task_commands(HELPERS, ["debug"])) == []  # (its name is `start`)


def test_invoke_s_command_line() -> None:
    call = invoke_call("invoke", ["-r", "ops", "--collection=deploy", "up", "-x"])
    assert call is not None
    assert (call.search_root, call.module, call.words) == ("ops", "deploy", ["up", "-x"])
    assert invoke_call("inv", ["--list"]) is None
    assert invoke_call("invoke", []) is None
    assert invoke_call("fab", ["deploy"]) is None


# nautobot/pynautobot (trimmed): the collection's configuration names the compose files, and
# the helper every task calls runs compose with them and the environment it builds.
CONFIGURED = """\
import os

from invoke import Collection, task

namespace = Collection("app")
namespace.configure(
    {
        "app": {
            "nautobot_ver": "stable",
            "compose_dir": os.path.join(os.path.dirname(__file__), "development"),
            "compose_files": ["docker-compose.yml", "docker-compose.redis.yml"],
        }
    }
)


def docker_compose(context, command, **kwargs):
    build_env = {"NAUTOBOT_VER": context.app.nautobot_ver}
    compose_command = f'docker compose --project-directory "{context.app.compose_dir}"'
    for compose_file in context.app.compose_files:
        compose_file_path = os.path.join(context.app.compose_dir, compose_file)
        compose_command += f' -f "{compose_file_path}"'
    compose_command += f" {command}"
    return context.run(compose_command, env=build_env, **kwargs)


@task
def start(context):
    docker_compose(context, "up --detach")
"""


def test_the_collection_s_configuration_loops_and_env() -> None:
    assert list(task_commands(CONFIGURED, ["start"], "ops")) == [
        (
            24,
            24,
            'docker compose --project-directory "ops/development"'
            ' -f "ops/development/docker-compose.yml"'
            ' -f "ops/development/docker-compose.redis.yml" up --detach',
            "",
            {"NAUTOBOT_VER": "stable"},
        )
    ]


def test_invoke_s_environment_variables_change_the_configuration(tmp_path: Path) -> None:
    # nautobot/pynautobot's workflow sets INVOKE_PYNAUTOBOT_NAUTOBOT_VER from its input and
    # runs `poetry run invoke tests`: the compose file runs nautobot-dev of that version, not
    # the configuration's default (Invoke's environment variables override it).
    (tmp_path / ".git").mkdir()
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text(
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    env:\n"
        '      INVOKE_APP_NAUTOBOT_VER: "2.3.1"\n    steps:\n'
        '      - run: "poetry run invoke start"\n'
    )
    (tmp_path / "tasks.py").write_text(CONFIGURED)
    (tmp_path / "development").mkdir()
    (tmp_path / "development" / "docker-compose.yml").write_text(
        'services:\n  n:\n    image: "ghcr.io/nautobot/nautobot-dev:${NAUTOBOT_VER:-2.0}"\n'
    )
    (tmp_path / "development" / "docker-compose.redis.yml").write_text(
        "services:\n  r:\n    image: redis:7.2.4\n"
    )
    texts = {o.text for o in scan_paths([str(tmp_path)])}
    assert texts == {
        "ghcr.io/nautobot/nautobot-dev:2.0",
        "ghcr.io/nautobot/nautobot-dev:2.3.1",
        "redis:7.2.4",
    }
    assert [c[4] for c in task_commands(CONFIGURED, ["start"], ".", {"INVOKE_APP_X": "1"})] == [
        {"NAUTOBOT_VER": "stable"}
    ]


def test_a_service_runs_the_image_another_builds_as_a_command_names_it(tmp_path: Path) -> None:
    # nautobot/pynautobot: `pynautobot-dev` builds `${IMAGE_NAME}:${IMAGE_VER}` and
    # `pynautobot-dev-tests` runs it; with the values a command gives, the name is the
    # project's build, not a pull (20 false TS003/TS004 on the built name otherwise).
    (tmp_path / ".git").mkdir()
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\n")
    (tmp_path / "docker-compose.yml").write_text(
        'x-common: &common\n  image: "${IMAGE_NAME}:${IMAGE_VER}"\nservices:\n'
        "  dev:\n    <<: *common\n    build:\n      context: .\n  tests:\n    <<: *common\n"
    )
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text(
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: |\n          export IMAGE_NAME=app/x IMAGE_VER=1.0\n"
        "          docker compose run tests true\n"
    )
    found = {(o.text, o.built is not None) for o in scan_paths([str(tmp_path)])}
    assert ("app/x:1.0", True) in found
    assert ("app/x:1.0", False) not in found
    assert ("alpine:3.20", False) in found


def test_tasks_that_can_find_nothing_leave_every_matrix_leg_its_reading(tmp_path: Path) -> None:
    # redis/redis-py: each of the 8 Redis versions of its matrix runs `invoke devenv` (docker
    # compose up, with the version's stack tag) and then test tasks that only run pytest;
    # those readings, which find nothing, took the CI file's readings before the last
    # versions' devenv was read (rs-7.2.0-v20 missed, survey s51f).
    versions = [f"7.{minor}.0-v{minor}" for minor in range(12)]
    (tmp_path / ".git").mkdir()
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text(
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n"
        f"        stack: [{', '.join(versions)}]\n"
        "    steps:\n      - uses: actions/checkout@v6\n      - run: |\n"
        "          export STACK_TAG=${{ matrix.stack }}\n"
        "          invoke devenv\n"
        "          invoke unit-tests --protocol=2\n"
        "          invoke unit-tests --protocol=3\n"
    )
    (tmp_path / "tasks.py").write_text(
        "from invoke import run, task\n\n\n@task\ndef devenv(c):\n"
        '    run("docker compose up -d")\n\n\n@task\ndef unit_tests(c, protocol=""):\n'
        '    run(f"pytest --protocol={protocol}")\n'
    )
    (tmp_path / "docker-compose.yml").write_text(COMPOSE)
    found = {o.text for o in scan_paths([str(tmp_path)])}
    assert {f"redis/redis-stack:{version}" for version in versions} <= found


def test_str_format_of_known_values() -> None:
    # metallb/metallb's `inv lint` ran `docker run … golangci/golangci-lint:v{} {}".format(
    # version, cmd)` with `version = "2.5.0"`: the image was missed (survey s53b).
    tasks = (
        "from invoke import run, task\n\n\n"
        "@task\n"
        "def lint(c, env='container'):\n"
        '    version = "2.5.0"\n'
        '    cmd = "golangci-lint run ./..."\n'
        "    if env == 'container':\n"
        '        run("docker run --rm golangci/golangci-lint:v{} {}".format(version, cmd))\n'
        '    run("docker pull {0}:{tag}".format("alpine", tag=c.tag))\n'
        '    run("docker pull {:>9}".format(version))\n'
    )
    commands = [command[2] for command in task_commands(tasks, ["lint"])]
    assert commands[0] == "docker run --rm golangci/golangci-lint:v2.5.0 golangci-lint run ./..."
    assert commands[1].startswith("docker pull alpine:") and commands[1] != "docker pull alpine:"
    assert len(commands) == 2  # (a format spec: not read)
