"""``docker compose build --build-arg NAME=VALUE [SERVICE…]`` in a script or a CI step.

Compose gives the arguments of its command line to the builds it runs, over each service's
own ``build.args``: cms-dev/cms's CI builds ``docker/docker-compose.test.yml``'s ``testcms``
with ``--build-arg BASE_IMAGE=${{ matrix.base_image }}`` over a matrix of ``ubuntu:noble`` and
``debian:bookworm``, and its Dockerfile says ``ARG BASE_IMAGE=ubuntu:noble`` and ``FROM
${BASE_IMAGE}`` (``debian:bookworm`` was missed). The fixtures here are reduced cases of it.
"""

from __future__ import annotations

import os

import pytest

from tagsense import find_references
from tagsense.sources.builds.shell import ShellReader

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BASE", raising=False)
    return tmp_path


DOCKERFILE = "ARG BASE=ubuntu:24.04\nFROM ${BASE}\n"

COMPOSE = """\
services:
  db:
    image: postgres:16.4
  app:
    build: ..
  worker:
    build:
      context: ..
      dockerfile: worker.Dockerfile
      args:
        BASE: alpine:3.20.3
"""


def _froms(found: object) -> list[tuple[str, str]]:
    return sorted(
        (o.path, o.text)
        for o in found  # type: ignore[attr-defined]
        if o.path.endswith("Dockerfile")
    )


def test_a_ci_matrix_build_of_one_service_adds_each_base(project: Path) -> None:
    write(
        project / ".github" / "workflows" / "ci.yml",
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    strategy:\n      matrix:\n"
        '        base: ["ubuntu:24.04", "debian:12.8"]\n    steps:\n'
        "      - uses: actions/checkout@v4\n      - run: |\n"
        "          docker compose -p x -f docker/compose.test.yml build \\\n"
        "              --build-arg BASE=${{ matrix.base }} app\n",
    )
    write(project / "docker" / "compose.test.yml", COMPOSE)
    write(project / "Dockerfile", DOCKERFILE)
    write(project / "worker.Dockerfile", DOCKERFILE)
    # (the file's own readings stay; `worker`, not named, is built with its own argument)
    assert _froms(find_references(".")) == [
        ("Dockerfile", "debian:12.8"),
        ("Dockerfile", "ubuntu:24.04"),
        ("worker.Dockerfile", "alpine:3.20.3"),
    ]
    # (the pre-commit case: the Dockerfile alone, the same answer)
    assert _froms(find_references("Dockerfile")) == _froms(find_references("."))[:2]


def test_a_script_build_of_every_service_wins_over_their_own_args(project: Path) -> None:
    write(
        project / "scripts" / "build.sh",
        "#!/bin/sh\ncd docker\ndocker-compose -f compose.test.yml build --pull "
        "--build-arg BASE=debian:12.8\n",
    )
    write(project / "docker" / "compose.test.yml", COMPOSE)
    write(project / "Dockerfile", DOCKERFILE)
    write(project / "worker.Dockerfile", DOCKERFILE)
    assert _froms(find_references(".")) == [
        ("Dockerfile", "debian:12.8"),
        ("Dockerfile", "ubuntu:24.04"),
        ("worker.Dockerfile", "alpine:3.20.3"),
        ("worker.Dockerfile", "debian:12.8"),
    ]


def test_an_argument_from_the_environment_or_a_run_is_what_the_shell_gives(
    project: Path,
) -> None:
    write(
        project / "scripts" / "build.sh",
        "#!/bin/sh\nexport BASE=debian:12.8\n"
        "docker compose -f docker/compose.test.yml build --build-arg BASE app\n"
        'docker compose -f docker/compose.test.yml build --build-arg BASE="$1" worker\n',
    )
    write(project / "docker" / "compose.test.yml", COMPOSE)
    write(project / "Dockerfile", DOCKERFILE)
    write(project / "worker.Dockerfile", DOCKERFILE)
    # (`$1`, a run's: no other reading of the worker's own value)
    assert _froms(find_references(".")) == [
        ("Dockerfile", "debian:12.8"),
        ("Dockerfile", "ubuntu:24.04"),
        ("worker.Dockerfile", "alpine:3.20.3"),
    ]


def test_a_build_up_or_services_a_run_names_give_no_arguments() -> None:
    reader = ShellReader()
    reader.read(
        "docker compose up --build -d\n"
        'docker compose build --build-arg BASE=debian:12.8 "$SERVICE"\n'
        "docker compose build --progress plain --build-arg=BASE=debian:12.8 -- app web\n"
    )
    up, unnamed, named = reader.composes
    assert (up.build_args, up.services) == ({}, ())
    assert (unnamed.build_args, unnamed.services) == ({}, ())
    assert (named.build_args, named.services) == ({"BASE": "debian:12.8"}, ("app", "web"))


def test_the_reading_names_the_command(project: Path) -> None:
    write(
        project / "Makefile",
        "image:\n\tdocker compose -f docker/compose.test.yml build --build-arg BASE=debian:12.8"
        " app\n",
    )
    write(project / "docker" / "compose.test.yml", COMPOSE)
    write(project / "Dockerfile", DOCKERFILE)
    write(project / "worker.Dockerfile", DOCKERFILE)
    (debian,) = [o for o in find_references(".") if o.text == "debian:12.8"]
    assert debian.context["build"]["path"] == os.path.join("docker", "compose.test.yml")
