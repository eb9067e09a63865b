"""Apache SkyWalking's infra-e2e runner: ``e2e run -c FILE`` starts the compose file its
configuration names, with its env file and the variables of the command's environment.

The first tests read an excerpt of apache/skywalking (tests/data/realworld/skywalking-e2e,
see its README): its CI job writes ``test/e2e-v2/script/env`` and the matrix leg's ``env`` to
``$GITHUB_ENV``, sets ``OTEL_COLLECTOR_VERSION`` in the job's ``env``, and runs each case with
``apache/skywalking-infra-e2e`` (``e2e-file: $GITHUB_WORKSPACE/${{ matrix.test.config }}``).
Each case's ``e2e.yaml`` names its compose file and the env file; a kind case's steps render
manifests with ``envsubst``. Read alone, 61 images of the survey's checkout were "unresolved".
"""

from __future__ import annotations

import datetime
import os
import shutil
from pathlib import Path

import pytest

from tagsense import check, find_references
from tagsense.sources.builds._infra_e2e import (
    config_argument,
    env_file_values,
    read_config,
    step_commands,
)
from tagsense.sources.ci._shell import github_env_writes

REALWORLD = Path(__file__).parent.parent / "data" / "realworld" / "skywalking-e2e"
DAY = datetime.date(2026, 12, 5)
CASES = os.path.join("test", "e2e-v2", "cases")
BASE = os.path.join("test", "e2e-v2", "script", "docker-compose", "base-compose.yml")
ES = os.path.join(CASES, "storage", "es", "docker-compose.yml")
GO = os.path.join(CASES, "go", "service", "Dockerfile")
SERVICE = os.path.join(CASES, "profiling", "ebpf", "continuous", "service.yaml")
ROVER = os.path.join(CASES, "profiling", "ebpf", "rover.yaml")
BANYANDB = "ghcr.io/apache/skywalking-banyandb:d552528a6f1571c26cd449b711db8f7351ada73e"


@pytest.fixture
def skywalking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(REALWORLD, tmp_path / "skywalking")
    (tmp_path / "skywalking" / ".git").mkdir()
    monkeypatch.chdir(tmp_path / "skywalking")
    for name in ("ES_VERSION", "OTEL_COLLECTOR_VERSION", "SW_BANYANDB_COMMIT"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "skywalking"


def texts(path: str, line: int) -> set[str]:
    return {o.text for o in find_references(".") if o.path == path and o.line == line}


def test_the_workflow_s_runs_give_the_compose_files_their_values(skywalking: Path) -> None:
    assert texts(ES, 18) == {"elastic/elasticsearch:8.18.8", "elastic/elasticsearch:9.3.0"}
    assert texts(BASE, 52) == {BANYANDB}  # (extended by the case: the env file's commit)
    assert texts(BASE, 112) == {
        "ghcr.io/apache/skywalking-java/skywalking-java:ac0df43d7140e726eba9e5e5b1b75cf364c71dff-java8"
    }  # (SW_AGENT_JDK_VERSION: 8, the workflow's env)
    command = next(o for o in find_references(ES) if o.line == 18).context["command"]
    assert command == {
        "tool": "github-workflow",
        "path": os.path.join(".github", "workflows", "skywalking.yaml"),
        "line": 79,  # (the step's `uses:`)
        "text": "e2e run",
    }


def test_a_build_arg_the_compose_file_leaves_to_its_run(skywalking: Path) -> None:
    # (cases/go/docker-compose.yml: `args: [SW_AGENT_GO_COMMIT=${SW_AGENT_GO_COMMIT}]`, and the
    # Dockerfile's `ARG SW_AGENT_GO_COMMIT=` then `FROM …skywalking-go:${…}-go1.26`)
    assert texts(GO, 17) == {
        "ghcr.io/apache/skywalking-go/skywalking-go:754482220284b9c59d9e48c7f3cf943362eec41d-go1.26"
    }


def test_a_kind_case_s_steps_render_its_manifests(skywalking: Path) -> None:
    # (`export IMAGE_NAME=test/continuous:test`, `envsubst < …/service.yaml | kubectl apply -f -`:
    # the image the job's `docker build -t` step builds)
    [image] = [o for o in find_references(SERVICE) if o.line == 32]
    assert image.text == "test/continuous:test"
    assert image.built is not None
    assert texts(ROVER, 62) == {
        "ghcr.io/apache/skywalking-rover/skywalking-rover:79292fe07f17f98f486e0c4471213e1961fb2d1d"
    }


def test_no_image_is_unresolved_and_one_file_is_judged_as_the_project(skywalking: Path) -> None:
    everything = find_references(".")
    whole = check(everything, as_of=DAY)
    assert not [f for f in whole if f.code == "TS011"]
    for path in (ES, BASE, GO, SERVICE, ROVER):
        # (a compose file's check names the services it extends too, at their own file; the
        # command an image is read through is the first of those that give the same text)
        alone = [o for o in find_references(path) if o.path == path]
        assert [(o.line, o.text) for o in alone] == [
            (o.line, o.text) for o in everything if o.path == path
        ]
        assert check(alone, as_of=DAY) == [f for f in whole if f.path == path]


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


CONFIG = """\
setup:
  env: compose
  file: docker-compose.yml
  init-system-environment: ../env
verify:
  cases: []
"""
COMPOSE = "services:\n  db:\n    image: postgres:${PG_VERSION}\n"


def test_a_configuration_no_command_runs_is_read_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PG_VERSION", raising=False)
    write(tmp_path / "e2e" / "env", "# versions\nPG_VERSION=16.4\n")
    write(tmp_path / "e2e" / "db" / "e2e.yaml", CONFIG)
    write(tmp_path / "e2e" / "db" / "docker-compose.yml", COMPOSE)
    path = os.path.join("e2e", "db", "docker-compose.yml")
    [image] = find_references(path)
    assert image.text == "postgres:16.4"
    assert image.context["command"]["tool"] == "infra-e2e"
    assert [o.text for o in find_references(".") if o.path == path] == ["postgres:16.4"]


def test_a_file_of_the_name_but_not_the_shape_is_no_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PG_VERSION", raising=False)
    write(tmp_path / "e2e" / "env", "PG_VERSION=16.4\n")
    write(tmp_path / "e2e" / "db" / "e2e.yaml", CONFIG.replace("verify:\n  cases: []\n", ""))
    write(tmp_path / "e2e" / "db" / "docker-compose.yml", COMPOSE)
    [image] = find_references(os.path.join("e2e", "db", "docker-compose.yml"))
    assert image.unresolved == ("PG_VERSION",)


def test_a_ci_step_s_e2e_run_gives_its_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PG_VERSION", raising=False)
    config = CONFIG.replace("  init-system-environment: ../env\n", "")
    write(tmp_path / "e2e" / "db" / "e2e.yaml", config)
    write(tmp_path / "e2e" / "db" / "docker-compose.yml", COMPOSE)
    workflow = (
        "on: push\njobs:\n  e2e:\n    runs-on: ubuntu-latest\n    env:\n      PG_VERSION: 15.8\n"
        "    steps:\n      - uses: actions/checkout@v4\n      - run: e2e run -c e2e/db/e2e.yaml\n"
    )
    write(tmp_path / ".github" / "workflows" / "e2e.yml", workflow)
    path = os.path.join("e2e", "db", "docker-compose.yml")
    assert [o.text for o in find_references(".") if o.path == path] == ["postgres:15.8"]
    assert [o.text for o in find_references(path)] == ["postgres:15.8"]


@pytest.mark.parametrize(
    ("arguments", "config"),
    [
        (["run", "-c", "test/e2e.yaml"], "test/e2e.yaml"),
        (["run", "--config=a.yaml"], "a.yaml"),
        (["--config", "a.yaml", "setup"], "a.yaml"),
        (["run"], "e2e.yaml"),
        (["verify", "-c", "a.yaml"], None),
        (["trigger"], None),
        ([], None),
    ],
)
def test_the_configuration_a_command_reads(arguments: list[str], config: str | None) -> None:
    assert config_argument(arguments) == config


def test_a_configuration_is_known_by_its_shape() -> None:
    found = read_config(CONFIG)
    assert found is not None
    assert (found.environment, found.file, found.env_file) == (
        "compose",
        "docker-compose.yml",
        "../env",
    )
    assert read_config(CONFIG.replace("env: compose", "env: swarm")) is None
    assert read_config("setup: [a]\nverify: {}\n") is None
    assert read_config("kind: Pod\n") is None
    kind = read_config(
        "setup:\n  env: kind\n  file: kind.yaml\n  steps:\n    - command: a\nverify: {}\n"
    )
    assert kind is not None and kind.environment == "kind"


def test_its_env_file_and_steps() -> None:
    assert env_file_values("# c\nA=1\r\nB=x=y\n#C=2\nnothing\n") == {"A": "1", "B": "x=y"}
    text = (
        "setup:\n  steps:\n    - name: a\n      command: export A=1\n    - name: b\n"
        "    - command: |\n        envsubst < f\n"
    )
    assert step_commands(text) == ["export A=1", "envsubst < f\n"]


def test_an_empty_line_written_to_github_env_names_no_variable() -> None:
    assert github_env_writes(('echo ""  >> $GITHUB_ENV',)) == (frozenset(), False)
    assert github_env_writes(('echo "ES_VERSION=8.18.8" >> $GITHUB_ENV',)) == (
        frozenset({"ES_VERSION"}),
        False,
    )
    assert github_env_writes(('echo "$X" >> $GITHUB_ENV',)) == (frozenset(), True)
