"""A compose file read through the ``docker compose`` commands of the project's scripts.

Compose takes a file's variables from its environment before the project's ``.env``: a
``NAME=value docker compose up`` in a script, a Makefile recipe or a CI step gives the
file a value that reading it alone leaves unresolved (TS011). The first test is the real
case of the field survey (REPORT6 F4, M10): go-gorm/gorm.
"""

from __future__ import annotations

import datetime
import os
import shutil
from pathlib import Path

import pytest

from tagsense import check, find_references
from tagsense.occurrence import BuildSite
from tagsense.sources.builds._compose_cmd import compose_command
from tagsense.sources.builds._shell_values import UNKNOWN
from tagsense.sources.builds.shell import ShellReader

DAY = datetime.date(2026, 12, 3)
GORM = Path(__file__).parent.parent / "data" / "realworld" / "gorm-1d6ce995"
JEDIS = Path(__file__).parent.parent / "data" / "realworld" / "jedis-9bcb5c60"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MSSQL_IMAGE", raising=False)
    return tmp_path


def _mssql(scan: object) -> list[tuple[str, int | None]]:
    return sorted(
        (o.text, o.context["command"]["line"])
        for o in scan  # type: ignore[attr-defined]
        if o.context.get("service") == "mssql"
    )


def test_gorm_tests_all_sh_gives_compose_its_mssql_image(project: Path) -> None:
    # tests/compose.yml says `image: '${MSSQL_IMAGE}:latest'`; tests/tests_all.sh runs
    # `MSSQL_IMAGE=mcr.microsoft.com/azure-sql-edge docker compose up -d --wait` (arm64, line
    # 22) or `MSSQL_IMAGE=mcr.microsoft.com/mssql/server docker compose up -d --wait` (line
    # 32) after `cd tests`.
    shutil.copytree(GORM / "tests", project / "tests")
    compose = os.path.join("tests", "compose.yml")
    whole = find_references(".")
    alone = find_references(compose)  # (the pre-commit case: one file, the same answer)
    assert [o for o in whole if o.path == compose] == list(alone)
    assert _mssql(alone) == [
        ("mcr.microsoft.com/azure-sql-edge:latest", 22),
        ("mcr.microsoft.com/mssql/server:latest", 32),
    ]
    (mssql, _) = (o for o in alone if o.context.get("service") == "mssql")
    assert mssql.context["command"] == {
        "tool": "shell",
        "path": os.path.join("tests", "tests_all.sh"),
        "line": 22,
        "text": "docker compose up",
    }
    findings = check(alone, as_of=DAY)
    assert "TS011" not in {f.code for f in findings}
    assert sorted(f.occurrence.text for f in findings if f.code == "TS001") == [
        "mcr.microsoft.com/azure-sql-edge:latest",
        "mcr.microsoft.com/mssql/server:latest",
        "mysql:latest",
        "postgres:latest",
    ]
    # Each other image once, whichever command reads it.
    assert [o.text for o in alone].count("pingcap/tidb:v6.5.0") == 1


def test_an_env_file_a_run_names_leaves_the_command_and_its_files(project: Path) -> None:
    # redis/jedis's Makefile `start` recipe: `env_files="--env-file $$default_env_file"`, then
    # `--env-file $$custom_env_file` when `.env.v$$version` exists, then `docker compose
    # $$env_files -f src/test/resources/env/docker-compose.yml up -d --wait`. Which second
    # file, a run decides; the compose file is the project's all the same, not a test's
    # input: its images are pulled (redislabs/client-libs-test and toxiproxy were missed).
    shutil.copytree(JEDIS, project, dirs_exist_ok=True)
    found = find_references(".")
    compose = os.path.join("src", "test", "resources", "env", "docker-compose.yml")
    assert sorted({o.text for o in found if o.path == compose}) == [
        "ghcr.io/shopify/toxiproxy:2.8.0",
        "redislabs/client-libs-test:8.6.1",
    ]
    assert not any("test data" in e.message for e in found.errors)


def test_an_unknown_env_file_makes_the_command_partial() -> None:
    reader = ShellReader()
    reader.read('docker compose --env-file .env --env-file "$CUSTOM" -f env/compose.yml up')
    (found,) = reader.composes
    assert (found.files, found.env_files, found.partial) == (("env/compose.yml",), (".env",), True)


def test_a_script_run_from_the_directory_above_its_own(project: Path) -> None:
    # (the survey's reduced case: `cd tests` first, so it runs from the root)
    write(
        project / "tests" / "compose.yml",
        "services:\n  mssql:\n    image: '${MSSQL_IMAGE}:latest'\n",
    )
    write(
        project / "tests" / "tests_all.sh",
        "#!/bin/bash\ncd tests\nMSSQL_IMAGE=mcr.microsoft.com/mssql/server docker compose up -d\n",
    )
    (found,) = find_references(os.path.join("tests", "compose.yml"))
    assert found.text == "mcr.microsoft.com/mssql/server:latest"


WORKFLOW = """\
name: e2e
on: push
env:
  REGISTRY: ghcr.io
jobs:
  e2e:
    runs-on: ubuntu-latest
    env:
      APP_TAG: "1.4.2"
    steps:
      - uses: actions/checkout@v4
      - name: start the stack
        env:
          DB_IMAGE: postgres
        run: |
          docker compose -f ci/stack.yml up -d
"""

STACK = """\
services:
  db:
    image: "${DB_IMAGE}:latest"
  app:
    image: "${REGISTRY}/acme/app:${APP_TAG}"
  cache:
    image: redis:7.2.4
"""


def test_github_workflow_env_reaches_the_compose_file_it_runs(project: Path) -> None:
    write(project / ".github" / "workflows" / "e2e.yml", WORKFLOW)
    write(project / "ci" / "stack.yml", STACK)  # (no compose name: `-f` makes it one)
    stack = os.path.join("ci", "stack.yml")
    found = find_references(stack)
    assert [(o.line, o.text) for o in found] == [
        (3, "postgres:latest"),
        (5, "ghcr.io/acme/app:1.4.2"),
        (7, "redis:7.2.4"),
    ]
    where = os.path.join(".github", "workflows", "e2e.yml")
    assert found.occurrences[0].context["command"] == {
        "tool": "github-workflow",
        "path": where,
        "line": 16,
        "text": "docker compose up",
    }
    assert [f.code for f in check(found, as_of=DAY)] == ["TS001"]


def test_the_builds_of_a_compose_file_a_command_runs_are_the_projects(project: Path) -> None:
    # kafbat/kafka-ui's e2e-playwright-run.yml runs `docker compose -f
    # ./documentation/compose/e2e-tests.yaml up -d`; the file builds ./postgres with
    # `args: {image: postgres:9.6.22}`, whose Dockerfile says `ARG image` and `FROM ${image}`
    # (read alone: a false TS011, and the pull missed).
    write(
        project / ".github" / "workflows" / "e2e.yml",
        "on: push\njobs:\n  e2e:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - run: docker compose -f ./docs/compose/e2e-tests.yaml up -d\n",
    )
    write(
        project / "docs" / "compose" / "e2e-tests.yaml",
        "services:\n  db:\n    build:\n      context: ./postgres\n"
        "      args:\n        image: postgres:9.6.22\n",
    )
    dockerfile = write(
        project / "docs" / "compose" / "postgres" / "Dockerfile", "ARG image\nFROM ${image}\n"
    )
    (found,) = find_references(str(dockerfile.relative_to(project)))
    assert found.text == "postgres:9.6.22"
    assert found.context["build"]["path"] == os.path.join("docs", "compose", "e2e-tests.yaml")
    (whole,) = [o for o in find_references(".") if o.path.endswith("Dockerfile")]
    assert whole.text == "postgres:9.6.22"


def test_a_compose_file_no_command_runs_is_no_build_file(project: Path) -> None:
    # (a compose-shaped YAML of another name is read for its own images only)
    write(
        project / "docs" / "compose" / "example.yaml",
        "services:\n  db:\n    build:\n      context: ./postgres\n"
        "      args:\n        image: postgres:9.6.22\n",
    )
    dockerfile = write(
        project / "docs" / "compose" / "postgres" / "Dockerfile", "ARG image\nFROM ${image}\n"
    )
    (found,) = find_references(str(dockerfile.relative_to(project)))
    assert found.text == ""
    assert found.unresolved is not None


def test_gitlab_variables_reach_the_default_compose_file(project: Path) -> None:
    write(
        project / ".gitlab-ci.yml",
        "variables:\n  WEB_IMAGE: nginx:1.27.3\ntest:\n  script:\n    - docker compose up -d\n",
    )
    write(project / "compose.yaml", "services:\n  web:\n    image: ${WEB_IMAGE}\n")
    (found,) = find_references("compose.yaml")
    assert found.text == "nginx:1.27.3"
    assert found.context["command"]["tool"] == "gitlab"


def test_makefile_recipe_env_prefix(project: Path) -> None:
    write(
        project / "Makefile",
        "REDIS_VERSION := 7.2.4\n\nup:\n"
        "\tREDIS_IMAGE=redis:$(REDIS_VERSION) docker-compose -f deploy/docker-compose.yml up -d\n",
    )
    write(
        project / "deploy" / "docker-compose.yml",
        "services:\n  redis:\n    image: ${REDIS_IMAGE}\n",
    )
    (found,) = find_references(".")
    assert found.text == "redis:7.2.4"
    assert found.context["command"] == {
        "tool": "make",
        "path": "Makefile",
        "line": 4,
        "text": "docker-compose up",
    }


def test_makefile_export_reaches_the_recipes_compose_command(project: Path) -> None:
    write(
        project / "Makefile",
        "export REDIS_IMAGE := redis:7.4.1\nNOT_GIVEN = x\n\nup:\n\tdocker compose up -d\n",
    )
    write(project / "compose.yaml", "services:\n  redis:\n    image: ${REDIS_IMAGE}\n")
    (found,) = find_references("compose.yaml")
    assert (found.text, found.context["command"]["line"]) == ("redis:7.4.1", 5)


# from Islandora-Devops/isle-dc@8b9e384ae10b Makefile and build/docker-compose/*.yml, cut down:
# `include sample.env` then a bare `export` gives every docker compose command TAG=main.
ISLE_DC_MAKEFILE = """\
include sample.env
# Make sure all docker compose commands use the given project
export

SERVICES ?= activemq
docker-compose.yml: $(SERVICES:%=build/docker-compose/docker-compose.%.yml)
\tdocker compose $(SERVICES:%=-f build/docker-compose/docker-compose.%.yml) config > $@
"""


@pytest.mark.parametrize("export", ["export", "export  # all", ".EXPORT_ALL_VARIABLES:", None])
def test_a_bare_export_gives_the_recipes_every_variable(project: Path, export: str | None) -> None:
    makefile = ISLE_DC_MAKEFILE.replace("export\n", f"{export}\n" if export else "")
    write(project / "Makefile", makefile)
    write(project / "sample.env", "REPOSITORY=islandora\nTAG=main\n")
    write(
        project / "build" / "docker-compose" / "docker-compose.activemq.yml",
        "services:\n  activemq:\n    image: ${REPOSITORY:-islandora}/activemq:${TAG:-latest}\n",
    )
    found = find_references("build/docker-compose/docker-compose.activemq.yml")
    texts = [(o.text, "command" in o.context) for o in found]
    through = [("islandora/activemq:main", True)] if export else []
    assert texts == [("islandora/activemq:latest", False), *through]


def test_a_file_whose_values_are_complete_is_read_as_it_is_and_as_the_command_reads_it(
    project: Path,
) -> None:
    # (the environment wins over the `:-` default: the script pulls 1.25.0, `docker compose
    # up` alone 1.27.3)
    write(project / "compose.yaml", "services:\n  web:\n    image: nginx:${TAG:-1.27.3}\n")
    write(project / "run.sh", "TAG=1.25.0 docker compose up -d\n")
    alone, through = find_references("compose.yaml")
    assert (alone.text, "command" in alone.context) == ("nginx:1.27.3", False)
    assert (through.text, through.context["command"]["line"]) == ("nginx:1.25.0", 1)


def test_a_command_that_gives_the_default_adds_nothing(project: Path) -> None:
    write(project / "compose.yaml", "services:\n  web:\n    image: nginx:${TAG:-1.27.3}\n")
    write(project / "run.sh", "TAG=1.27.3 docker compose up -d\nOTHER=1 docker compose up\n")
    (found,) = find_references("compose.yaml")
    assert (found.text, "command" in found.context) == ("nginx:1.27.3", False)


def test_no_command_gives_the_variable_then_it_stays_unresolved(project: Path) -> None:
    write(project / "compose.yaml", "services:\n  web:\n    image: ${IMAGE}\n")
    write(project / "run.sh", "OTHER=1 docker compose up -d\ndocker compose -f other.yml up\n")
    (found,) = find_references("compose.yaml")
    assert found.unresolved == ("IMAGE",)
    assert [f.code for f in check([found], as_of=DAY)] == ["TS011"]


def test_a_value_only_a_run_knows_stays_unknown(project: Path) -> None:
    # (and wins over .env: compose's environment comes first)
    write(project / "compose.yaml", "services:\n  web:\n    image: ${IMAGE}:${TAG}\n")
    write(project / ".env", "IMAGE=nginx\n")
    write(project / "run.sh", 'IMAGE="$(pick_image)" TAG=1.27.3 docker compose up -d\n')
    (found,) = find_references("compose.yaml")
    assert found.unresolved == ("IMAGE",)
    assert found.context["command"]["line"] == 1


def test_the_command_wins_over_dot_env_and_env_file_replaces_it(project: Path) -> None:
    write(project / "compose.yaml", "services:\n  web:\n    image: ${IMAGE}:${TAG}\n")
    write(project / ".env", "IMAGE=nginx\n")
    write(project / "ci.env", "TAG=1.25.5\n")
    write(
        project / "run.sh",
        "export IMAGE=httpd\nTAG=2.4.62 docker compose up\n"
        "docker compose --env-file ci.env up\n"
        "docker compose --env-file ci.env pull web\n"
        "docker compose down\n",  # (reads no image)
    )
    found = find_references("compose.yaml")
    assert [(o.text, o.context["command"]["line"]) for o in found] == [
        ("httpd:2.4.62", 2),
        ("httpd:1.25.5", 3),
    ]


def test_a_file_the_run_file_includes_gets_the_values_too(project: Path) -> None:
    write(
        project / "compose.yaml",
        "include:\n  - db/compose.yaml\nservices:\n  web:\n    image: nginx:1.27.3\n",
    )
    write(project / "db" / "compose.yaml", "services:\n  db:\n    image: postgres:${PG}\n")
    write(project / "run.sh", "PG=16.4 docker compose up -d\n")
    included = os.path.join("db", "compose.yaml")
    alone = find_references(included)
    assert [(o.text, o.context["command"]["line"]) for o in alone] == [("postgres:16.4", 1)]
    assert [o for o in find_references(".") if o.path == included] == list(alone)


def test_a_file_another_extends_and_a_command_runs_is_read_alone_too(project: Path) -> None:
    # mathesar-foundation/mathesar: docker-compose.test.yml extends one service of
    # docker-compose.dev.yml (`extends: {file: docker-compose.dev.yml, service: dev-db-base}`),
    # and its CI runs `docker compose -f docker-compose.dev.yml up`: every service of the dev
    # file is pulled (quay.io/minio/minio was missed, the file read only through the extends).
    write(
        project / "docker-compose.test.yml",
        "services:\n  test-db:\n    extends:\n      file: docker-compose.dev.yml\n"
        "      service: db-base\n",
    )
    dev = "services:\n  db-base:\n    image: postgres:${PG-17.2}\n  store:\n    image: minio\n"
    write(project / "docker-compose.dev.yml", dev)
    found = find_references("docker-compose.dev.yml")
    assert [o for o in find_references(".") if o.path == "docker-compose.dev.yml"] == list(found)
    assert {(o.line, o.text) for o in found} == {(3, "postgres:17.2")}
    write(project / "run.sh", "docker compose -f docker-compose.dev.yml up -d\n")
    found = find_references("docker-compose.dev.yml")
    assert {(o.line, o.text) for o in found} == {(3, "postgres:17.2"), (5, "minio")}
    assert [o for o in find_references(".") if o.path == "docker-compose.dev.yml"] == list(found)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("docker compose up -d", ((), (), None, "docker compose up")),
        ("docker-compose -f a.yml --file=b.yml run --rm x", (("a.yml", "b.yml"), (), None,
                                                            "docker-compose run")),
        ("podman compose -p x --project-directory dev --env-file e up", ((), ("e",), "dev",
                                                                         "podman compose up")),
        ("docker --context remote compose -fstack.yml pull", (("stack.yml",), (), None,
                                                              "docker compose pull")),
        ("COMPOSE_FILE=a.yml:b.yml docker compose config", (("a.yml", "b.yml"), (), None,
                                                            "docker compose config")),
        ("sudo -E sh -c 'cd /srv && docker compose up -d'", ((), (), None, "docker compose up")),
    ],
)  # fmt: skip
def test_compose_commands_are_read(line: str, expected: tuple[object, ...]) -> None:
    reader = ShellReader()
    reader.read(line)
    (found,) = reader.composes
    assert (found.files, found.env_files, found.project_directory, found.command) == expected


@pytest.mark.parametrize(
    "line",
    [
        "docker compose down",
        "docker compose logs web",
        "docker compose -f $FILE up",
        "docker compose -f - up",
        "docker run --rm compose up",
        "echo docker compose up",
    ],
)
def test_commands_that_read_no_image_or_no_known_file(line: str) -> None:
    reader = ShellReader()
    reader.read(line)
    assert reader.composes == []


def test_the_variables_a_command_is_given() -> None:
    # Its prefix and what the shell exports; not a variable it only sets.
    reader = ShellReader()
    reader.read("A=1\nexport B=2\nC=$(date) D=4 docker compose up\n")
    (found,) = reader.composes
    assert (found.env, found.unknown) == ({"B": "2", "D": "4"}, ("C",))
    assert compose_command("docker", ["compose", "up"], 1, {"X": UNKNOWN}, "").unknown == ("X",)


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        # one value a branch, exported or given by the command's own prefix
        ("if [ $(uname -m) = arm64 ]; then\n  export IMG=a\nelse\n  export IMG=b\nfi\n"
         "docker compose up\n", [{"IMG": "a"}, {"IMG": "b"}]),
        ("if x; then I=a; elif y; then I=c; else I=b; fi\nIMG=$I docker compose up\n",
         [{"IMG": "a"}, {"IMG": "c"}, {"IMG": "b"}]),
        # no `else`: the value before the `if` is the other one; a later value is the only one
        ("IMG=z\nif x; then IMG=a; fi\nexport IMG\ndocker compose up\nIMG=q\n"
         "docker compose up\n", [{"IMG": "a"}, {"IMG": "z"}, {"IMG": "q"}]),
        ("export A=1\nif x; then\n  if y; then A=2; fi\nfi\ndocker compose up\n",
         [{"A": "2"}, {"A": "1"}]),
        # a variable the command is not given is no reason to read it twice
        ("if x; then B=1; else B=2; fi\ndocker compose up\n", [{}]),
    ],
)  # fmt: skip
def test_a_variable_set_in_branches_gives_one_command_each(
    script: str, expected: list[dict[str, str]]
) -> None:
    reader = ShellReader()
    reader.read(script)
    assert [found.env for found in reader.composes] == expected


def test_compose_commands_are_kept_in_the_disk_cache(project: Path) -> None:
    from tagsense.sources import _context_cache
    from tagsense.sources.builds.shell import read_shell_script

    write(project / "compose.yaml", "services:\n  web:\n    image: ${IMAGE}\n")
    script = str(write(project / "run.sh", "IMAGE=nginx:1.27.3 docker compose up\n"))
    found = read_shell_script(script)
    _context_cache.store(script, "shell", {}, found, _context_cache.stat_of(script))
    kept = _context_cache.load(script, "shell", {})
    assert kept is not None
    assert kept.composes == found.composes
    assert found.composes[0].site == BuildSite("shell", script, 1)


@pytest.mark.parametrize(
    ("makefile", "expected"),
    [
        # jaegertracing/jaeger's docker-compose/tail-sampling/Makefile: `make dev` runs compose
        # with the target-specific exported JAEGER_VERSION (survey 17b)
        ("dev: export JAEGER_VERSION = dev\ndev:\n\tdocker compose up\n", ["latest", "dev"]),
        ("export JAEGER_VERSION = dev\ndev:\n\tdocker compose up\n", ["latest", "dev"]),
        # (target-specific, not exported: not in the recipe's environment)
        ("dev: JAEGER_VERSION = dev\ndev:\n\tdocker compose up\n", ["latest"]),
        # (another target's: not this recipe's)
        ("up: export JAEGER_VERSION = dev\ndev:\n\tdocker compose up\n", ["latest"]),
    ],
)
def test_a_target_specific_export_reaches_compose(
    project: Path, makefile: str, expected: list[str]
) -> None:
    write(
        project / "compose.yaml",
        "services:\n  j:\n    image: acme/jaeger:${JAEGER_VERSION:-latest}\n",
    )
    write(project / "Makefile", makefile)
    tags = [o.text.rpartition(":")[2] for o in find_references(".") if o.path == "compose.yaml"]
    assert tags == expected


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        # openreplay's scripts/docker-compose/install.sh: `set -a`, `source common.env`, `set
        # +a`, then `"${COMPOSE_CMD[@]}" up` (19 TS011 for its services' versions).
        ("set -a\nsource common.env\nset +a\ndocker compose up -d\n", ["17.2"]),
        ("set -o allexport\n. ./common.env\nset +o allexport\ndocker compose up\n", ["17.2"]),
        # (sourced alone, or after `set +a`, nothing is exported)
        ("source common.env\ndocker compose up -d\n", [""]),
        ("set -a\nset +a\nsource common.env\ndocker compose up -d\n", [""]),
        ("set -- -a\nsource common.env\ndocker compose up -d\n", [""]),
    ],
)
def test_variables_set_under_allexport_reach_compose(
    project: Path, script: str, expected: list[str]
) -> None:
    write(project / "compose.yaml", "services:\n  db:\n    image: postgres:${PG}\n")
    write(project / "common.env", "PG=17.2\n")
    write(project / "install.sh", "#!/bin/bash\n" + script)
    tags = [o.text.rpartition(":")[2] for o in find_references(".") if o.path == "compose.yaml"]
    assert tags == expected


MOODLE = Path(__file__).parent.parent / "data" / "realworld" / "moodle-docker-81a20665"


def test_a_wrapper_script_gives_its_exports_to_the_files_it_names(project: Path) -> None:
    # moodlehq/moodle-docker's bin/moodle-docker-compose finds its top with `thisfile=$(
    # readlink "${BASH_SOURCE[0]}" ) || thisfile="${BASH_SOURCE[0]}"` and `basedir="$( cd "$(
    # dirname "$thisfile" )/../" && pwd -P )"`, exports MOODLE_DOCKER_PHP_VERSION (default 8.3)
    # and MOODLE_DOCKER_BROWSER_TAG (4 when not given), and runs `$dockercompose "$@"`, its
    # `-f ${basedir}/base.yml …` partly a run's (`db.${MOODLE_DOCKER_DB}.yml`). Compose
    # interpolates each file with its environment before merging them: a file a run adds may
    # change a service, not the values base.yml's images are read with.
    shutil.copytree(MOODLE, project, dirs_exist_ok=True)
    images = {o.text for o in find_references("base.yml") if o.context.get("command")}
    assert "moodlehq/moodle-php-apache:8.3" in images
    assert "selenium/standalone-firefox:4" in images
    findings = check(find_references("base.yml"), as_of=DAY)
    unresolved = {f.occurrence.line for f in findings if f.code == "TS011"}
    assert 3 not in unresolved  # (MOODLE_DOCKER_PHP_VERSION: the script's 8.3)
    (run,) = {o.context["command"]["text"] for o in find_references("base.yml")} - {None}
    assert run == "docker-compose"  # (its verb the script's arguments)


def test_a_variable_that_holds_the_scripts_path_names_its_directory() -> None:
    reader = ShellReader()
    reader.read(
        'here=$( readlink "$0" ) || here="$0"\n'
        'top="$( cd "$( dirname "$here" )/../" && pwd -P )"\n'
        'docker compose -f "${top}/base.yml" -f "${top}/db.${DB}.yml" "$@"\n'
    )
    (found,) = reader.composes
    assert (found.files, found.anchored, found.partial) == (("../base.yml",), True, True)
    reader = ShellReader()
    reader.read('here="$0"\nhere=/opt\ntop="$(cd "$(dirname "$here")/.." && pwd)"\n'
                'docker compose -f "$top/base.yml" up\n')  # fmt: skip
    assert reader.composes == []  # (here is no longer the script's path)


def test_a_project_directory_named_from_the_script_s_directory(project: Path) -> None:
    # rclone/rclone v1.60.1, fstest/testserver/init.d/TestSeafile (cut down; survey 29a: a
    # false TS011 and the image missed): the script exports the tag and runs compose on a
    # directory beside it, named from its own directory for the project and the file alike.
    write(
        project / "init.d" / "seafile" / "docker-compose.yml",
        "services:\n  seafile:\n    image: seafileltd/seafile-mc:${SEAFILE_VERSION}\n",
    )
    write(
        project / "init.d" / "TestSeafile.sh",
        "#!/bin/bash\nexport SEAFILE_VERSION=latest\n"
        'COMPOSE_DIR=$(dirname "$0")/seafile\n'
        "start() {\n"
        "    docker-compose --project-directory ${COMPOSE_DIR} --project-name seafile7 "
        "--file ${COMPOSE_DIR}/docker-compose.yml up -d\n"
        "}\n"
        "start\n",
    )
    found = [(o.text, o.unresolved) for o in find_references(".") if o.kind == "compose"]
    assert found == [("seafileltd/seafile-mc:latest", ())]
    reader = ShellReader()
    reader.read('D=$(dirname "$0")\ndocker compose --project-directory "$D" -f "$D/a.yml" up\n')
    (run,) = reader.composes
    assert (run.files, run.project_directory, run.project_anchored) == (("a.yml",), ".", True)
    reader = ShellReader()
    reader.read('D=$(dirname "$0")\ndocker compose --project-directory "$D" -f a.yml up\n')
    assert reader.composes == []  # (the project from the script's directory, the file not)


def test_an_array_of_a_split_expansion_is_one_word_of_it() -> None:
    # moodle-docker's `browserparts=(${MOODLE_DOCKER_BROWSER//:/ })`: not `}` as an element.
    reader = ShellReader()
    reader.read("parts=(${BROWSER//:/ })\nexport TAG=${parts[1]}\n")
    assert "}" not in reader.variables["TAG"]


def test_an_empty_export_is_a_value_compose_is_given() -> None:
    reader = ShellReader()
    reader.read('export SUFFIX=""\ndocker compose -f /srv/a.yml up\n')
    (found,) = reader.composes
    assert (found.env, found.unknown) == ({"SUFFIX": ""}, ())


# alphagov/govuk-helm-charts' charts/router-probe-backend/tests/run-tests.sh (commit
# 6aa2976855200d4d6339e6f086c3113286d752ef, MIT), cut down: the chart's own image, read from
# its values with yq, is the image the tests' compose file runs (survey 34m: 1 false TS011).
ROUTER_PROBE_TESTS = """\
#!/usr/bin/env bash
set -euo pipefail
TESTS_DIR="$(dirname "${BASH_SOURCE[0]}")"
CHART_DIR="$(realpath "${TESTS_DIR}/../")"

IMAGE=$(yq <"${CHART_DIR}/values.yaml" '.image.repository + ":" + .image.tag')
export IMAGE

echo "Starting docker compose stack"
if docker compose up --detach --wait --wait-timeout 15; then
  echo "Nginx container started"
fi
"""


def test_a_value_that_yq_reads_from_the_chart_reaches_the_compose_file(project: Path) -> None:
    chart = project / "charts" / "router-probe-backend"
    write(
        chart / "values.yaml",
        'image:\n  repository: openresty/openresty\n  tag: "1.27.1.2-12-alpine-slim-arm64"\n',
    )
    write(chart / "tests" / "run-tests.sh", ROUTER_PROBE_TESTS)
    write(chart / "tests" / "docker-compose.yaml", "services:\n  nginx:\n    image: ${IMAGE}\n")
    found = find_references(chart / "tests")
    assert [(o.kind, o.text) for o in found.occurrences] == [
        ("compose", "openresty/openresty:1.27.1.2-12-alpine-slim-arm64")
    ]
    assert [f.code for f in check(found.occurrences, config={}, as_of=DAY)] == []
    # A jq (or yq) filter that is not a plain path or a join of paths and strings is a run's.
    write(chart / "tests" / "run-tests.sh", ROUTER_PROBE_TESTS.replace("+ .image.tag", "| ascii"))
    (unresolved,) = find_references(chart / "tests").occurrences
    assert unresolved.unresolved == ("IMAGE",)


def test_words_only_a_run_gives_among_the_options_leave_the_files_after_them() -> None:
    # (an unset Make variable's expansion: options, or nothing; before a verb, as before)
    for words, files, verb in (
        (
            ["-f", "a.yml", UNKNOWN, UNKNOWN, "-f", "b.yml", UNKNOWN, "config"],
            ("a.yml", "b.yml"),
            "config",
        ),
        ([UNKNOWN, "-f", "b.yml", "up"], ("b.yml",), "up"),
        ([UNKNOWN, "up"], (), ""),  # (the files' list itself, a run's: edgex-compose)
        (["-f", "a.yml", UNKNOWN], ("a.yml",), ""),
    ):
        found = compose_command("docker", ["compose", *words], 1, {}, None)
        assert found is not None and (found.files, found.partial) == (files, False)
        assert found.command == f"docker compose {verb}".strip()
    # (one followed by neither an option nor a verb may be the verb: nothing after it is read)
    found = compose_command("docker", ["compose", "-f", "a.yml", UNKNOWN, "web"], 1, {}, None)
    assert found is not None and found.files == ("a.yml",)


# Islandora-Devops/isle-dc@8b9e384a (trimmed): the Makefile includes sample.env (which sets
# TAG=main, ENVIRONMENT=starter, INCLUDE_WATCHTOWER_SERVICE=false) and exports every
# variable; WATCHTOWER_SERVICE, set by a conditional that is false, is the environment's.
ISLE_MAKEFILE = """\
include sample.env
export

REQUIRED_SERVICES ?= activemq

ifeq ($(INCLUDE_WATCHTOWER_SERVICE), true)
\tWATCHTOWER_SERVICE := watchtower
endif

SERVICES := $(REQUIRED_SERVICES) $(WATCHTOWER_SERVICE) $(ENVIRONMENT)

docker-compose.yml: $(SERVICES:%=build/docker-compose/docker-compose.%.yml)
\tdocker compose $(SERVICES:%=-f build/docker-compose/docker-compose.%.yml) config > $@
"""


def test_a_makefile_s_compose_files_after_a_service_a_run_may_add(project: Path) -> None:
    write(project / "Makefile", ISLE_MAKEFILE)
    write(
        project / "sample.env", "TAG=main\nENVIRONMENT=starter\nINCLUDE_WATCHTOWER_SERVICE=false\n"
    )
    for service in ("activemq", "starter", "watchtower"):
        write(
            project / "build" / "docker-compose" / f"docker-compose.{service}.yml",
            f"services:\n  {service}:\n    image: islandora/{service}:${{TAG:-latest}}\n",
        )
    run = {
        (os.path.basename(o.path), o.text)
        for o in find_references(".")
        if o.context.get("command", {}).get("tool") == "make"
    }
    assert run == {
        ("docker-compose.activemq.yml", "islandora/activemq:main"),
        ("docker-compose.starter.yml", "islandora/starter:main"),
    }


# pmacct/pmacct's test-framework (cut down, survey 49e: 4 false TS011 and 4 images missed):
# library/sh/redis_docker/start.sh names its files from its own directory, the settings
# file too, and runs them through tools/docker_compose_wrapper.sh (`eval
# "$DOCKER_COMPOSE_COMMAND $*"`); the framework runs it from anywhere.
HERE = 'SCRIPT_DIR=$( cd -- "$( dirname -- "$0" )" &> /dev/null && pwd )\n'
WRAPPER = """\
#!/bin/bash
DOCKER_COMPOSE_COMMAND="docker compose"
docker compose version > /dev/null 2>&1
if [[ "$?" != "0" ]]; then
  DOCKER_COMPOSE_COMMAND="docker-compose"
fi
eval "$DOCKER_COMPOSE_COMMAND $*"
"""


def _framework(project: Path, start: str) -> str:
    write(project / "fw" / "settings.conf", "# images\nREDIS_IMG=redis:7.2.4\n")
    compose = write(
        project / "fw" / "lib" / "redis" / "docker-compose.yml",
        "services:\n  redis:\n    image: ${REDIS_IMG}\n",
    )
    write(project / "fw" / "tools" / "docker_compose_wrapper.sh", WRAPPER)
    write(project / "fw" / "lib" / "redis" / "start.sh", "#!/bin/bash\n" + HERE + start)
    return os.path.relpath(compose, project)


@pytest.mark.parametrize(
    "start",
    [
        "docker compose --env-file $SCRIPT_DIR/../../settings.conf"
        ' -f "$SCRIPT_DIR/docker-compose.yml" up -d\n',
        "$SCRIPT_DIR/../../tools/docker_compose_wrapper.sh"
        " --env-file $SCRIPT_DIR/../../settings.conf"
        ' \\\n  -f "$SCRIPT_DIR/docker-compose.yml" up -d\n',
    ],
    ids=["compose", "wrapper"],
)
def test_an_env_file_named_from_the_script_s_directory_gives_the_values(
    project: Path, start: str
) -> None:
    compose = _framework(project, start)
    (found,) = find_references(compose)
    assert (found.text, found.unresolved) == ("redis:7.2.4", ())
    assert not [f for f in check(find_references("."), as_of=DAY) if f.code == "TS011"]


def test_an_env_file_from_the_script_s_directory_beside_files_from_where_it_runs(
    project: Path,
) -> None:
    # (where the compose file is, a run decides: so does which file of variables it reads)
    compose = _framework(
        project,
        "docker compose --env-file $SCRIPT_DIR/../../settings.conf -f docker-compose.yml up\n",
    )
    (found,) = find_references(compose)
    assert found.unresolved
    reader = ShellReader()
    reader.read(HERE + 'docker compose --env-file "$SCRIPT_DIR/a.env" -f "$SCRIPT_DIR/c.yml" up\n')
    (run,) = reader.composes
    assert (run.files, run.env_files, run.anchored_env_files) == (("c.yml",), (), ("a.env",))
    reader = ShellReader()  # (with another env file: which wins, their order decides)
    reader.read(
        HERE
        + 'docker compose --env-file x.env --env-file "$SCRIPT_DIR/a.env"'
        + ' -f "$SCRIPT_DIR/c.yml" up\n'
    )
    (run,) = reader.composes
    assert (run.env_files, run.anchored_env_files, run.partial) == (("x.env",), (), True)
