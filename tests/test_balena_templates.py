"""balena's ``Dockerfile.template``: a Dockerfile whose ``%%BALENA_ARCH%%`` the device fills in."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tagsense import check, find_references
from tagsense.sources import scan_text

if TYPE_CHECKING:
    from pathlib import Path

# balena-io-experimental/balena-sound's core/sound-supervisor/Dockerfile.template (shortened)
SOUND_SUPERVISOR = (
    "FROM balenalib/%%BALENA_ARCH%%-node:14 as build\n"
    "WORKDIR /usr/src\n"
    "RUN npm install\n"
    "\n"
    "FROM balenalib/%%BALENA_ARCH%%-alpine-node:14\n"
    "COPY --from=build /usr/src/build build\n"
)


def test_a_balena_template_is_read_with_its_variables(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile.template"
    path.write_text(SOUND_SUPERVISOR)
    scan = find_references(path)
    assert list(scan.errors) == []
    pulls = [o for o in scan if o.kind == "from"]
    assert [(o.line, o.column, o.raw) for o in pulls] == [
        (1, 6, "balenalib/%%BALENA_ARCH%%-node:14"),
        (5, 6, "balenalib/%%BALENA_ARCH%%-alpine-node:14"),
    ]
    assert [o.unresolved for o in pulls] == [("BALENA_ARCH",), ("BALENA_ARCH",)]
    assert [o.end_column for o in pulls] == [6 + len(o.raw) for o in pulls]
    findings = check(scan)
    assert {f.code for f in findings} == {"TS011"}
    assert "balena's builder fills in for each device type" in findings[0].message


def test_an_image_written_out_in_a_balena_template_is_judged(tmp_path: Path) -> None:
    # balena-sound's plugins/airplay and plugins/upnp
    path = tmp_path / "Dockerfile.template"
    path.write_text(
        "FROM mikebrady/shairport-sync:latest as shairport\n"
        "FROM balenalib/%%BALENA_MACHINE_NAME%%-debian:buster\n"
        "COPY --from=shairport /usr/local/bin/shairport-sync /usr/local/bin/\n"
    )
    scan = find_references(path)
    assert [(o.raw, o.text) for o in scan if o.kind == "from"] == [
        ("mikebrady/shairport-sync:latest", "mikebrady/shairport-sync:latest"),
        ("balenalib/%%BALENA_MACHINE_NAME%%-debian:buster", "balenalib/-debian:buster"),
    ]
    assert sorted(f.code for f in check(scan)) == ["TS001", "TS011"]


def test_columns_are_the_template_s(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile.template"
    path.write_text(
        "FROM alpine:3.21.3\nFROM   bh.cr/%%BALENA_APP_NAME%%/tools-%%RESIN_ARCH%%:1.2.3\n"
    )
    occurrence = list(find_references(path))[1]
    line = path.read_text().splitlines()[1]
    assert occurrence.raw == "bh.cr/%%BALENA_APP_NAME%%/tools-%%RESIN_ARCH%%:1.2.3"
    assert occurrence.unresolved == ("BALENA_APP_NAME", "RESIN_ARCH")
    assert line[occurrence.column - 1 : occurrence.end_column - 1] == occurrence.raw


def test_a_template_without_placeholders_is_balena_s_in_a_balena_project(tmp_path: Path) -> None:
    # balena-sound's plugins/spotify/Dockerfile.template, with balena.yml at the root
    (tmp_path / "balena.yml").write_text("name: IoTSound\ntype: sw.application\n")
    (tmp_path / "spotify").mkdir()
    path = tmp_path / "spotify" / "Dockerfile.template"
    path.write_text("FROM andrewn/librespot:0.4.2-pulseaudio\n")
    assert [o.text for o in find_references(path)] == ["andrewn/librespot:0.4.2-pulseaudio"]


@pytest.mark.parametrize(
    "text",
    [
        "FROM andrewn/librespot:0.4.2-pulseaudio\n",  # (no balena project around it)
        "FROM debian:%%SUITE%%\n",  # another tool's placeholder, which balena leaves
        "FROM balenalib/%%BALENA_ARCH%%-debian:{{ suite }}\n",  # a Jinja template
    ],
)
def test_another_dockerfile_template_stays_a_template(tmp_path: Path, text: str) -> None:
    path = tmp_path / "Dockerfile.template"
    path.write_text(text)
    scan = find_references(path)
    assert list(scan) == []
    assert [e.note for e in scan.errors] == [True]


def test_only_dockerfile_template_is_rendered_by_balena(tmp_path: Path) -> None:
    path = tmp_path / "app.Dockerfile.template"
    path.write_text("FROM balenalib/%%BALENA_ARCH%%-node:14\n")
    scan = find_references(path)
    assert list(scan) == []
    assert [e.note for e in scan.errors] == [True]


def test_standard_input_named_as_a_balena_template() -> None:
    scan = scan_text("FROM balenalib/%%BALENA_ARCH%%-node:14\n", name="Dockerfile.template")
    assert [o.raw for o in scan] == ["balenalib/%%BALENA_ARCH%%-node:14"]


def test_a_compose_service_without_a_dockerfile_builds_its_template(tmp_path: Path) -> None:
    # (balena's builders build a service's Dockerfile.template when its context has no
    # Dockerfile: balena-sound's `build: ./core/audio`; its build args feed the template)
    (tmp_path / "docker-compose.yml").write_text(
        'version: "2"\nservices:\n  audio:\n    build:\n      context: ./audio\n'
        "      args:\n        NODE: 20.18.1\n"
    )
    (tmp_path / "audio").mkdir()
    (tmp_path / "audio" / "Dockerfile.template").write_text(
        "ARG NODE=14\nFROM balenalib/%%BALENA_ARCH%%-node:${NODE}\n"
    )
    [occurrence] = find_references(tmp_path)
    assert occurrence.raw == "balenalib/%%BALENA_ARCH%%-node:${NODE}"
    assert occurrence.text == "balenalib/-node:20.18.1"
    assert occurrence.context["build"]["tool"] == "compose"


def test_an_argument_whose_default_is_a_placeholder_depends_on_the_device(tmp_path: Path) -> None:
    # (a balena block's node builder: ARG BALENALIB_ARCH=%%BALENA_ARCH%%, then FROM its value)
    path = tmp_path / "Dockerfile.template"
    path.write_text(
        "ARG BALENALIB_ARCH=%%BALENA_ARCH%%\n"
        "FROM balenalib/${BALENALIB_ARCH}-alpine:3.18-build AS alpine\n"
        "RUN true\n"
    )
    scan = find_references(path)
    assert [(o.raw, o.unresolved) for o in scan] == [
        ("balenalib/${BALENALIB_ARCH}-alpine:3.18-build", ("BALENA_ARCH",))
    ]
    [finding] = check(scan)
    assert "balena's builder fills in" in finding.message
