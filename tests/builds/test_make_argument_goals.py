"""A Makefile that takes its goals as arguments starts the compose files they select.

edgex-compose's compose-builder Makefile is run as ``make run ds-bacnet-ip arm64``: ``ARGS``
is the goals after the first (``$(eval $(ARGS):;@:)`` makes them do nothing themselves), each
``ifeq (ds-bacnet-ip, $(filter ds-bacnet-ip,$(ARGS)))`` appends ``-f add-device-bacnet-ip.yml``
to ``COMPOSE_FILES``, and ``arm64`` exports ``ARCH=-arm64`` (else ``ARCH=``). Read alone, which
files its ``docker compose $(COMPOSE_FILES) up`` reads is a run's; each file its text names
after ``-f`` may be one, and takes the values the command gives what it leaves unresolved (15
false TS011 "ARCH has no value" in the survey's checkout; now the images of both ``ARCH``).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from tagsense import find_references

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

# (trimmed from edgexfoundry/edgex-compose's compose-builder/Makefile)
MAKEFILE = """\
DOCKER_COMPOSE?=docker compose
COMPOSE_FILES:=-f docker-compose-base.yml

ARGS:=$(wordlist 2,$(words $(MAKECMDGOALS)),$(MAKECMDGOALS))
$(eval $(ARGS):;@:)

ifeq (arm64, $(filter arm64,$(ARGS)))
\texport ARCH=-arm64
else
\texport ARCH=
endif

ifeq (ds-bacnet-ip, $(filter ds-bacnet-ip,$(ARGS)))
\tCOMPOSE_FILES:=$(COMPOSE_FILES) -f add-device-bacnet-ip.yml
endif

run:
\t$(DOCKER_COMPOSE) -p edgex $(COMPOSE_FILES) up -d
"""
BASE = "services:\n  core:\n    image: edgexfoundry/core-data${ARCH}:4.0.0\n"
BACNET = "services:\n  bacnet:\n    image: edgexfoundry/device-bacnet${ARCH}:4.0.0\n"


def test_a_file_a_run_s_goals_select_takes_the_command_s_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    builder = tmp_path / "compose-builder"
    builder.mkdir()
    (builder / "Makefile").write_text(MAKEFILE)
    (builder / "docker-compose-base.yml").write_text(BASE)
    (builder / "add-device-bacnet-ip.yml").write_text(BACNET)
    (builder / "add-unnamed.yml").write_text(BACNET.replace("bacnet", "unnamed"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ARCH", raising=False)
    path = os.path.join("compose-builder", "add-device-bacnet-ip.yml")
    expected = ["edgexfoundry/device-bacnet-arm64:4.0.0", "edgexfoundry/device-bacnet:4.0.0"]
    assert sorted(o.text for o in find_references(path)) == expected
    assert sorted(o.text for o in find_references(".") if o.path == path) == expected
    # (a file the Makefile does not name is none of its commands')
    unnamed = find_references(os.path.join("compose-builder", "add-unnamed.yml"))
    assert [o.unresolved for o in unnamed] == [("ARCH",)]


# (trimmed from CrunchyData/pg_tileserv's Makefile and Dockerfile)
SETTER_MAKEFILE = """\
GOVERSION ?= 1.22.0
BASE_REGISTRY ?= registry.access.redhat.com
BASE_IMAGE ?= ubi8-micro

build-common: Dockerfile
\tdocker build -f Dockerfile \\
\t\t--target $(BUILDTYPE) \\
\t\t--build-arg GOLANG_VERSION=$(GOVERSION) \\
\t\t--build-arg BASE_REGISTRY=$(BASE_REGISTRY) \\
\t\t--build-arg BASE_IMAGE=$(BASE_IMAGE) \\
\t\t-t pramsey/pg_tileserv:latest .

set-local:
\t$(eval BUILDTYPE = local)

set-multi-stage:
\t$(eval BUILDTYPE = multi-stage)

docker: Dockerfile set-local build-common

multi-stage-docker: Dockerfile set-multi-stage build-common
"""
SETTER_DOCKERFILE = """\
ARG GOLANG_VERSION
ARG BASE_REGISTRY
ARG BASE_IMAGE
FROM docker.io/library/golang:${GOLANG_VERSION}-alpine AS builder

FROM ${BASE_REGISTRY}/${BASE_IMAGE}:8.10 AS multi-stage
COPY --from=builder /app/pg_tileserv /app/

FROM ${BASE_REGISTRY}/${BASE_IMAGE}:8.9 AS local
"""


def test_a_prerequisite_that_evals_a_variable_sets_it_for_the_recipes_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (`make docker` expands set-local's `$(eval BUILDTYPE = local)` before build-common's
    # recipe: `--target local`; `make multi-stage-docker` builds `--target multi-stage`)
    (tmp_path / ".git").mkdir()
    (tmp_path / "Makefile").write_text(SETTER_MAKEFILE)
    (tmp_path / "Dockerfile").write_text(SETTER_DOCKERFILE)
    monkeypatch.chdir(tmp_path)
    found = sorted((o.line, o.text) for o in find_references("Dockerfile"))
    assert found == [
        (4, "docker.io/library/golang:1.22.0-alpine"),
        (6, "registry.access.redhat.com/ubi8-micro:8.10"),
        (9, "registry.access.redhat.com/ubi8-micro:8.9"),
    ]
