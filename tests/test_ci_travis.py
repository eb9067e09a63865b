"""Travis CI (``.travis.yml``): the images its jobs' phases pull, with the ``env`` each job
exports, as travis-build writes a job's script."""

from __future__ import annotations

from pathlib import Path

import pytest

from tagsense.sources import scan_paths
from tagsense.sources.ci import ci_system, scan_ci

REALWORLD = Path(__file__).parent / "data" / "realworld"


def _pulls(text: str) -> list[tuple[int, int, str, object]]:
    scan = scan_ci(text, path=".travis.yml")
    assert [e.message for e in scan.errors] == []
    return [(o.line, o.column, o.text, o.context.get("job")) for o in scan]


def test_the_file_is_travis_by_its_name_at_the_root() -> None:
    assert ci_system(".travis.yml") == "travis"
    assert ci_system("repo/.travis.yml") == "travis"
    assert ci_system("travis.yml") is None


def test_each_phase_of_the_top_level_job_is_read_in_order() -> None:
    text = """\
language: go
services:
  - docker
before_install:
  - docker pull redis:7.2.5
script: go test ./...
after_success:
  - docker run --rm alpine:3.20.3 echo done
deploy:
  provider: script
  script: docker run --rm ghcr.io/acme/publish:1.4.0
  on:
    tags: true
"""
    assert _pulls(text) == [
        (5, 17, "redis:7.2.5", None),
        (8, 21, "alpine:3.20.3", None),
        (11, 27, "ghcr.io/acme/publish:1.4.0", None),
    ]


def test_the_env_matrix_gives_one_job_a_row_with_the_global_env() -> None:
    text = """\
env:
  global:
    - REGISTRY=quay.io/acme
  jobs:
    - DB=postgres:16.4
    - DB="mysql:8.4.3" EXTRA=1
    - secure: "c2VjcmV0"
before_script:
  - docker run -d $DB
  - docker pull ${REGISTRY}/tools:2.1.0
"""
    # (an image from a variable is reported at its command; the encrypted row sets no DB)
    assert _pulls(text) == [
        (9, 3, "postgres:16.4", None),
        (9, 3, "mysql:8.4.3", None),
        (10, 3, "quay.io/acme/tools:2.1.0", None),
    ]


def test_included_jobs_keep_the_phases_they_do_not_replace() -> None:
    text = """\
script:
  - docker run --rm $IMAGE make test
jobs:
  include:
    - name: old
      env: IMAGE=golang:1.22.8
    - name: lint
      env:
        - IMAGE=golangci/golangci-lint:v1.61.0
      script: docker run --rm $IMAGE golangci-lint run
"""
    assert _pulls(text) == [
        (2, 3, "golang:1.22.8", "old"),
        (10, 7, "golangci/golangci-lint:v1.61.0", "lint"),
    ]


def test_a_plain_command_written_over_lines_is_reported_where_the_image_is() -> None:
    text = """\
before_install:
  - docker run -d -p 3307:3306 -e MYSQL_ROOT_PASSWORD=secret
    mysql:8.0.40 --local-infile=1
"""
    assert _pulls(text) == [(3, 5, "mysql:8.0.40", None)]


@pytest.mark.parametrize("name", ["sub/.travis.yml", "ci/travis.yml"])
def test_only_the_root_file_is_travis_s(tmp_path: Path, name: str) -> None:
    (tmp_path / ".git").mkdir()
    path = tmp_path / name
    path.parent.mkdir(parents=True)
    path.write_text("script: docker pull redis:7.2.5\n", encoding="utf-8")
    assert [o.text for o in scan_paths([tmp_path])] == []


def test_go_sql_driver_mysql_pulls_its_database_images_in_before_install() -> None:
    # go-sql-driver/mysql v1.5.0: four `matrix.include` jobs each pull and run a server
    # (the `docker run` written over two lines, the image on the second).
    scan = scan_paths([REALWORLD / "go-sql-driver-mysql-1.5.0"])
    assert [(o.line, o.text, o.kind) for o in scan] == [
        (31, "mysql:8.0", "shell"),
        (33, "mysql:8.0", "shell"),
        (51, "mysql:5.7", "shell"),
        (53, "mysql:5.7", "shell"),
        (71, "mariadb:5.5", "shell"),
        (73, "mariadb:5.5", "shell"),
        (91, "mariadb:10.1", "shell"),
        (93, "mariadb:10.1", "shell"),
    ]
