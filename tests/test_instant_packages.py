"""Instant OpenHIE packages: a package's ``package-metadata.json`` gives its compose files
the environment the ``instant`` command deploys them with."""

from __future__ import annotations

import os
from datetime import date
from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tagsense import check, find_references
from tagsense.sources._instant_package import package_env_run

if TYPE_CHECKING:
    from pathlib import Path

#: jembi/platform at commit 7a9bc0f2 (MPL-2.0): interoperability-layer-openhim's
#: package-metadata.json (shortened), its docker-compose.yml's first service, and
#: mpi-mediator's importer/docker-compose.config.yml (its package two folders up).
METADATA = """\
{
  "id": "interoperability-layer-openhim",
  "name": "Interoperability Layer Package - Openhim",
  "version": "1.0.0",
  "type": "infrastructure",
  "dependencies": [],
  "environmentVariables": {
    "OPENHIM_CORE_IMAGE": "jembi/openhim-core:v8.5.0",
    "MONGO_IMAGE": "mongo:4.2",
    "MONGO_SET_COUNT": 1,
    "OPENHIM_CORE_MEDIATOR_HOSTNAME": "localhost"
  }
}
"""
COMPOSE = """\
version: "3.9"

services:
  openhim-core:
    image: ${OPENHIM_CORE_IMAGE}
  mongo-1:
    image: ${MONGO_IMAGE:-mongo:4.0}
  other:
    image: jembi/other:${OTHER_TAG}
"""
IMPORTER = """\
version: "3.9"

services:
  # container for executing config import scripts for creating the OpenHIM channels
  interoperability-layer-openhim-config-importer:
    image: ${OPENHIM_CORE_IMAGE}
"""


def test_a_package_s_environment_variables_feed_its_compose_files(tmp_path: Path) -> None:
    package = tmp_path / "interoperability-layer-openhim"
    (package / "importer" / "openhim").mkdir(parents=True)
    (package / "package-metadata.json").write_text(METADATA)
    (package / "docker-compose.yml").write_text(COMPOSE)
    (package / "importer" / "openhim" / "docker-compose.config.yml").write_text(IMPORTER)
    scan = find_references(str(tmp_path))
    assert [(os.path.relpath(o.path, package), o.line, o.text, o.unresolved) for o in scan] == [
        ("docker-compose.yml", 5, "jembi/openhim-core:v8.5.0", ()),
        # (the package's value, over the file's default: the environment wins in compose)
        ("docker-compose.yml", 7, "mongo:4.2", ()),
        ("docker-compose.yml", 9, "jembi/other:", ("OTHER_TAG",)),
        ("importer/openhim/docker-compose.config.yml", 6, "jembi/openhim-core:v8.5.0", ()),
    ]
    command = scan.occurrences[0].context["command"]
    assert (command["tool"], command["line"]) == ("instant", 8)
    findings = check(scan, as_of=date(2026, 12, 5))
    assert [(f.line, f.code) for f in findings] == [(7, "TS004"), (9, "TS011")]


def test_a_compose_file_with_no_package_above_it_is_read_alone(tmp_path: Path) -> None:
    # (a package four folders up is not this file's; nor is JSON that is no package's)
    deep = tmp_path / "a" / "b" / "c" / "d" / "e"
    deep.mkdir(parents=True)
    (tmp_path / "a" / "package-metadata.json").write_text(METADATA)
    (deep / "docker-compose.yml").write_text(COMPOSE)
    assert next(o.unresolved for o in find_references(str(deep))) == ("OPENHIM_CORE_IMAGE",)
    (deep / "package-metadata.json").write_text('{"name": "x", "version": "1.0.0"}')
    assert next(o.unresolved for o in find_references(str(deep))) == ("OPENHIM_CORE_IMAGE",)


@given(st.text(max_size=300))
def test_any_metadata_text_is_read_or_left(text: str) -> None:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as directory:
        (Path(directory) / "package-metadata.json").write_text(text)
        compose = str(Path(directory) / "docker-compose.yml")
        run = package_env_run(compose, "services:\n  a:\n    image: ${X}\n")
        assert run is None or all(isinstance(value, str) for value in run.env.values())
