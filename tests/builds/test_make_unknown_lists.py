"""Make: a ``$(foreach …)`` over words only a run knows still builds its names' repositories,
and a conditional choosing Compose v1's or v2's command runs the same compose file
(sources.builds.make)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tagsense.sources import scan_paths

if TYPE_CHECKING:
    from pathlib import Path

# openmaptiles/openmaptiles-tools@b1040afa5e22 Makefile (trimmed): VERSION is read from a file
# by `$(shell sed …)`; each image is tagged once a version, and postgis-preloaded starts FROM
# the postgis image its prerequisite built; the SQL tests run the tools image, exported.
VERSION_LINE = (
    "VERSION      ?= $(shell sed -E -n \"/__version__/s/^(.*'([^']+)'.*)$$/\\2/p\" "
    "./openmaptiles/__init__.py)\n"
)
TOOLS_MAKEFILE = (
    VERSION_LINE
    + """\
IMAGE_REPO   ?= openmaptiles
IMAGE_NAME   ?= $(IMAGE_REPO)/openmaptiles-tools
DOCKER_IMAGE ?= $(IMAGE_NAME):$(word 1,$(VERSION))

# https://github.com/openmaptiles/openmaptiles/pull/1497
# Support newer `docker compose` syntax in addition to `docker-compose`
ifeq (, $(shell which docker-compose))
  DOCKER_COMPOSE_COMMAND := docker compose
else
  DOCKER_COMPOSE_COMMAND := docker-compose
endif

export DOCKER_IMAGE

.PHONY: build-docker
build-docker:
\tdocker build $(DOCKER_BUILD_EXTRAS) \\
\t\t$(foreach ver, $(VERSION), --tag $(IMAGE_NAME):$(ver)) \\
\t\t.

.PHONY: build-postgis
build-postgis:
\tdocker build $(DOCKER_BUILD_EXTRAS) \\
\t\t$(foreach ver, $(VERSION), --tag $(IMAGE_REPO)/postgis:$(ver)) \\
\t\tdocker/postgis

.PHONY: build-postgis-preloaded
build-postgis-preloaded: build-postgis
\tdocker build $(DOCKER_BUILD_EXTRAS) \\
\t\t--build-arg "OMT_TOOLS_VERSION=$(word 1,$(VERSION))" \\
\t\t$(foreach ver, $(VERSION), --tag $(IMAGE_REPO)/postgis-preloaded:$(ver)) \\
\t\tdocker/postgis-preloaded

.PHONY: build-sql-tests
build-sql-tests: build-docker
\t$(DOCKER_COMPOSE_COMMAND) --file tests/sql/docker-compose.yml up --abort-on-container-exit
"""
)
# (docker/postgis-preloaded/Dockerfile and tests/sql/docker-compose.yml, trimmed)
PRELOADED = """\
# OMT_TOOLS_VERSION will be injected by the dockerhub auto-build environment
ARG OMT_TOOLS_VERSION=latest
FROM openmaptiles/postgis:${OMT_TOOLS_VERSION} as builder
"""
SQL_TESTS = """\
services:
  postgres:
    image: openmaptiles/postgis:latest
  tests:
    image: "$DOCKER_IMAGE"
"""


def _project(tmp_path: Path, makefile: str) -> None:
    (tmp_path / "Makefile").write_text(makefile)
    (tmp_path / "Dockerfile").write_text("FROM python:3.9-slim\n")
    for directory in ("docker/postgis", "docker/postgis-preloaded", "tests/sql"):
        (tmp_path / directory).mkdir(parents=True)
    (tmp_path / "docker/postgis/Dockerfile").write_text("FROM postgis/postgis:14-3.3\n")
    (tmp_path / "docker/postgis-preloaded/Dockerfile").write_text(PRELOADED)
    (tmp_path / "tests/sql/docker-compose.yml").write_text(SQL_TESTS)


def test_names_tagged_in_a_foreach_over_a_run_s_words_are_built(tmp_path: Path) -> None:
    _project(tmp_path, TOOLS_MAKEFILE)
    scan = scan_paths([str(tmp_path)])
    built = {(o.path.rsplit("/", 1)[-1], o.line): o.built is not None for o in scan}
    assert built == {
        ("Dockerfile", 1): False,  # (python:3.9-slim, docker/postgis' postgis/postgis: pulls)
        ("Dockerfile", 3): True,  # (postgis-preloaded's FROM openmaptiles/postgis:…)
        ("docker-compose.yml", 3): True,  # (openmaptiles/postgis:latest)
        ("docker-compose.yml", 5): True,  # ($DOCKER_IMAGE, which build-docker builds)
    }


def test_a_conditional_between_compose_v1_and_v2_runs_the_file(tmp_path: Path) -> None:
    # (with one command for both branches the compose run was always read; now either way)
    _project(tmp_path, TOOLS_MAKEFILE)
    tests = [o for o in scan_paths([str(tmp_path)]) if o.path.endswith("docker-compose.yml")]
    assert [o.line for o in tests if o.built is not None] == [3, 5]
    other = tmp_path / "other"
    other.mkdir()
    _project(other, TOOLS_MAKEFILE.replace("docker-compose\n", "podman-compose\n"))
    # (another program: a run decides which one runs the file)
    tests = [o for o in scan_paths([str(other)]) if o.path.endswith("docker-compose.yml")]
    assert [o.line for o in tests if o.built is not None] == [3]


@given(st.from_regex(r"[a-z]{1,8}(/[a-z]{1,8})?", fullmatch=True))
def test_a_foreach_over_unknown_words_keeps_its_text(name: str) -> None:
    from tagsense.sources.builds._shell_values import UNKNOWN
    from tagsense.sources.builds.make import MakeReader

    text = f"X := $(foreach v,$(shell cat f),--tag {name}:$(v))\n"
    reader = MakeReader(directory=None)
    reader.parse(text, "Makefile")
    assert reader.expand("$(X)", ()).replace(UNKNOWN, "*") == f"--tag {name}:*"
