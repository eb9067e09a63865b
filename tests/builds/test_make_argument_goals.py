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
