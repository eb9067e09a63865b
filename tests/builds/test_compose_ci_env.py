"""A CI step's environment reaches the compose files its commands run, over their defaults.

Compose interpolates ``${VAR:-default}`` from its environment first, so a step's ``env`` (the
workflow's and the job's under it, a matrix leg's value, a ``VAR=value`` prefix) changes what
a compose file pulls even where the file has a value alone. Both readings are true: CI's, with
the step in the occurrence's ``context``, and a developer's ``docker compose up``. The first
test is the real case of the field survey (survey 11): langfuse/langfuse's
``.github/workflows/pipeline.yml`` and ``docker-compose.dev.yml``.
"""

from __future__ import annotations

import datetime
import os
from typing import TYPE_CHECKING

import pytest

from tagsense import check, find_references

if TYPE_CHECKING:
    from pathlib import Path

DAY = datetime.date(2026, 12, 3)
WORKFLOW = os.path.join(".github", "workflows", "ci.yml")
DEV = "docker-compose.dev.yml"
POSTGRES = "services:\n  postgres:\n    image: docker.io/postgres:${POSTGRES_VERSION:-17}\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    for name in ("POSTGRES_VERSION", "PG"):
        monkeypatch.delenv(name, raising=False)
    write(tmp_path / DEV, POSTGRES)
    return tmp_path


def readings(path: str = DEV) -> list[tuple[str, int | None]]:
    """Each occurrence's text, and the line of the command it is read through (``None``:
    read alone)."""
    found = find_references(path)
    assert [o for o in find_references(".") if o.path == path] == list(found)
    return [(o.text, o.context.get("command", {}).get("line")) for o in found]


def job(steps: str, env: str = "", matrix: str = "") -> str:
    """A workflow of one job, ``env`` and ``matrix`` its own."""
    text = "on: push\njobs:\n  tests:\n    runs-on: ubuntu-latest\n"
    if matrix:
        text += f"    strategy:\n      matrix:\n        {matrix}\n"
    if env:
        text += f"    env:\n      {env}\n"
    return text + "    steps:\n      - uses: actions/checkout@v4\n" + steps


UP = f"docker compose -f {DEV} up -d --wait"

LANGFUSE = f"""\
on: push
jobs:
  tests-web:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        postgres-version: [15]
    steps:
      - uses: actions/checkout@v4
      - name: Start dev containers
        run: {UP}
        env:
          POSTGRES_VERSION: ${{{{ matrix.postgres-version }}}}
  tests-worker:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: {UP}
        env:
          POSTGRES_VERSION: 15
"""


def test_langfuse_ci_pulls_postgres_15_and_a_developer_17(project: Path) -> None:
    write(project / WORKFLOW, LANGFUSE)
    assert readings() == [("docker.io/postgres:17", None), ("docker.io/postgres:15", 11)]
    (_, ci) = find_references(DEV)
    assert ci.context["command"] == {
        "tool": "github-workflow",
        "path": WORKFLOW,
        "line": 11,
        "text": "docker compose up",
    }
    findings = check(find_references(DEV), as_of=DAY)
    assert sorted((f.code, f.occurrence.text) for f in findings) == [
        ("TS004", "docker.io/postgres:15"),
        ("TS004", "docker.io/postgres:17"),
    ]


def test_the_step_env_wins_over_the_job_env(project: Path) -> None:
    own = "        env:\n          POSTGRES_VERSION: '16.4'\n"
    steps = f"      - run: {UP}\n{own}      - run: {UP}\n"
    write(project / WORKFLOW, job(steps, env="POSTGRES_VERSION: '15.8'"))
    assert readings() == [
        ("docker.io/postgres:17", None),
        ("docker.io/postgres:16.4", 9),
        ("docker.io/postgres:15.8", 12),  # (a step of no env of its own: the job's)
    ]


def test_each_matrix_leg_gives_its_version(project: Path) -> None:
    steps = f"      - run: {UP}\n        env:\n          POSTGRES_VERSION: ${{{{ matrix.pg }}}}\n"
    write(project / WORKFLOW, job(steps, matrix="pg: ['15', '16', '17']"))
    assert readings() == [
        ("docker.io/postgres:17", None),  # (the third leg reads as a developer does)
        ("docker.io/postgres:15", 10),
        ("docker.io/postgres:16", 10),
    ]


def test_the_workflow_env_through_an_expression(project: Path) -> None:
    write(
        project / WORKFLOW,
        "env:\n  PG: '16'\n"
        + job(f"      - run: {UP}\n        env:\n          POSTGRES_VERSION: ${{{{ env.PG }}}}\n"),
    )
    assert readings() == [("docker.io/postgres:17", None), ("docker.io/postgres:16", 9)]


def test_a_secret_leaves_the_developer_s_reading_alone(project: Path) -> None:
    secret = "POSTGRES_VERSION: ${{ secrets.PG }}"
    write(project / WORKFLOW, job(f"      - run: {UP}\n        env:\n          {secret}\n"))
    assert readings() == [("docker.io/postgres:17", None)]
    assert [f.code for f in check(find_references(DEV), as_of=DAY)] == ["TS004"]


def test_a_secret_for_a_variable_of_no_value_alone_is_unresolved(project: Path) -> None:
    # (as a script's `IMAGE="$(pick)" docker compose up`: no reading gives it a value)
    write(project / DEV, "services:\n  postgres:\n    image: postgres:${POSTGRES_VERSION}\n")
    secret = "POSTGRES_VERSION: ${{ secrets.PG }}"
    write(project / WORKFLOW, job(f"      - run: {UP}\n        env:\n          {secret}\n"))
    (found,) = find_references(DEV)
    assert (found.unresolved, found.context["command"]["line"]) == (("POSTGRES_VERSION",), 7)
    assert [f.code for f in check([found], as_of=DAY)] == ["TS011"]


def test_a_known_and_an_unknown_variable_of_one_image(project: Path) -> None:
    # (the reading with the secret resolves the image to no text: the developer's stands)
    write(project / DEV, "services:\n  db:\n    image: ${DB:-postgres}:${PG:-17}\n")
    env = "PG: '16'\n          DB: ${{ secrets.DB }}"
    write(project / WORKFLOW, job(f"      - run: {UP}\n        env:\n          {env}\n"))
    assert readings() == [("postgres:17", None)]


@pytest.mark.parametrize(
    "run",
    [
        f"POSTGRES_VERSION=16 {UP}",
        f"|\n          export POSTGRES_VERSION=16\n          {UP}",
    ],
)
def test_a_prefix_or_an_export_in_the_step_s_script(project: Path, run: str) -> None:
    write(project / WORKFLOW, job(f"      - run: {run}\n"))
    ((plain, _), (ci, line)) = readings()
    assert (plain, ci) == ("docker.io/postgres:17", "docker.io/postgres:16")
    assert line in (7, 9)  # (the command's own line)


def test_a_value_an_earlier_step_writes_to_github_env_is_a_run_s(project: Path) -> None:
    # The job says 15, but the step before writes another value to $GITHUB_ENV, which wins
    # over the job's env; the step's own env wins over both.
    write_env = '      - run: echo "POSTGRES_VERSION=$(cat .pg)" >> "$GITHUB_ENV"\n'
    steps = write_env + f"      - run: {UP}\n"
    write(project / WORKFLOW, job(steps, env="POSTGRES_VERSION: '15'"))
    assert readings() == [("docker.io/postgres:17", None)]
    own = f"      - run: {UP}\n        env:\n          POSTGRES_VERSION: '14'\n"
    write(project / WORKFLOW, job(write_env + own, env="POSTGRES_VERSION: '15'"))
    assert readings() == [("docker.io/postgres:17", None), ("docker.io/postgres:14", 10)]


def test_gitlab_job_variables_over_the_global_ones(project: Path) -> None:
    write(
        project / ".gitlab-ci.yml",
        "variables:\n  POSTGRES_VERSION: '15'\n"
        f"web:\n  script:\n    - {UP}\n"
        f"worker:\n  variables:\n    POSTGRES_VERSION: '16'\n  script:\n    - {UP}\n",
    )
    assert readings() == [
        ("docker.io/postgres:17", None),
        ("docker.io/postgres:15", 5),
        ("docker.io/postgres:16", 10),
    ]
    (_, web, _) = find_references(DEV)
    assert web.context["command"]["tool"] == "gitlab"


def test_a_file_the_run_file_includes_is_read_with_the_step_s_env(project: Path) -> None:
    write(project / "compose.yaml", f"include:\n  - {DEV}\n")
    write(project / WORKFLOW, job("      - run: docker compose up\n        env: {PG: '16'}\n"))
    write(project / DEV, "services:\n  db:\n    image: postgres:${PG:-17}\n")
    assert readings() == [("postgres:17", None), ("postgres:16", 7)]


def test_a_variable_the_file_does_not_name_reads_it_once(project: Path) -> None:
    env = "OTHER_VERSION: '15'"
    write(project / WORKFLOW, job(f"      - run: {UP}\n        env:\n          {env}\n"))
    assert readings() == [("docker.io/postgres:17", None)]


# --- docker-zulip: the image the job before built, its tag a run's ------------------------

BUILT_THEN_RUN = """\
on: pull_request
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: docker/build-push-action@v6
        with:
          context: .
          tags: zulip/zulip-server:pr-${{ github.event.pull_request.number }}
  test:
    runs-on: ubuntu-latest
    needs: build
    env:
      GITHUB_CI_IMAGE: IMAGE_VALUE
    steps:
      - uses: actions/checkout@v4
      - run: docker compose -f compose.yaml -f ci/base.yaml up -d --no-build
"""


@pytest.mark.parametrize(
    ("value", "built"),
    [
        ("zulip/zulip-server:pr-${{ github.event.pull_request.number }}", True),
        ("zulip/zulip-server@${{ needs.build.outputs.digest }}", True),
        ("zulip/zulip-${{ github.event.pull_request.number }}:1", False),  # (another repository)
        ("acme/other:pr-${{ github.event.pull_request.number }}", False),  # (not built here)
        ("${{ vars.IMAGE }}", False),
    ],
)
def test_an_image_a_run_s_tag_of_a_repository_the_project_builds(
    project: Path, value: str, built: bool
) -> None:
    # (zulip/docker-zulip's ci/base.yaml, `image: "${GITHUB_CI_IMAGE:?error}"`, and its
    # .github/workflows/dockerfile.yaml: a false TS011 for the image the build job made)
    write(project / "Dockerfile", "FROM ubuntu:24.04\n")
    write(project / "compose.yaml", "services:\n  zulip:\n    image: ghcr.io/zulip/zs:12.1-0\n")
    write(
        project / "ci" / "base.yaml",
        'services:\n  zulip:\n    image: "${GITHUB_CI_IMAGE:?error}"\n',
    )
    write(project / WORKFLOW, BUILT_THEN_RUN.replace("IMAGE_VALUE", value))
    (found,) = find_references(os.path.join("ci", "base.yaml"))
    assert found.unresolved
    assert (found.built is not None) is built
    codes = [f.code for f in check(find_references("."), as_of=DAY)]
    assert ("TS011" in codes) is not built


def test_a_command_that_also_reads_a_file_a_run_names_gives_what_is_unresolved(
    project: Path,
) -> None:
    # (docker-zulip's test job: `COMPOSE_FILE: compose.yaml:ci/base.yaml:${{ matrix.dir
    # }}compose.yaml`, its matrix from another job's output; `docker compose up` reads the
    # first two files whatever the third)
    write(project / "Dockerfile", "FROM ubuntu:24.04\n")
    write(project / "compose.yaml", "services:\n  zulip:\n    image: ghcr.io/zulip/zs:12.1-0\n")
    write(
        project / "ci" / "base.yaml",
        'services:\n  zulip:\n    image: "${GITHUB_CI_IMAGE:?error}"\n',
    )
    workflow = (
        BUILT_THEN_RUN.replace(
            "IMAGE_VALUE", "zulip/zulip-server:pr-${{ github.event.pull_request.number }}"
        )
        .replace(
            "      - run: docker compose -f compose.yaml -f ci/base.yaml up -d --no-build\n",
            "      - run: docker compose up -d --no-build\n",
        )
        .replace(
            "    env:\n",
            "    env:\n      COMPOSE_FILE: compose.yaml:ci/base.yaml:"
            "${{ needs.build.outputs.dir }}c.yaml\n",
        )
    )
    write(project / WORKFLOW, workflow)
    (found,) = find_references(os.path.join("ci", "base.yaml"))
    assert found.built is not None


def test_a_command_that_also_reads_a_file_a_run_names_adds_no_other_reading(
    project: Path,
) -> None:
    # (the file a run names may set the value itself: the developer's reading stands alone)
    step = f"      - run: docker compose -f $OVERRIDE -f {DEV} up -d\n        env:\n"
    write(project / WORKFLOW, job(step + "          POSTGRES_VERSION: 15\n"))
    assert readings() == [("docker.io/postgres:17", None)]
    write(
        project / WORKFLOW,
        job(step.replace("$OVERRIDE", "x.yml") + "          POSTGRES_VERSION: 15\n"),
    )
    assert readings() == [("docker.io/postgres:17", None), ("docker.io/postgres:15", 7)]
