"""Files from published projects (tests/data/realworld, see its README), judged by hand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tagsense.cli import main

if TYPE_CHECKING:
    import pytest

REALWORLD = Path(__file__).parent / "data" / "realworld"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    code = main(list(argv))
    out, _ = capsys.readouterr()
    return code, json.loads(out)


def test_images_a_compose_file_builds_are_not_judged_as_pulled(
    capsys: pytest.CaptureFixture[str],
) -> None:
    compose = str(REALWORLD / "gunicorn-27.0.1" / "docker-compose.yml")
    code, report = run(capsys, "check", "--format", "json", compose)
    assert (code, report["findings"], report["errors"]) == (0, [], [])
    _, inventory = run(capsys, "refs", "--json", compose)
    built = {ref["text"]: ref["built"] is not None for ref in inventory["references"]}
    assert built == {
        "gunicorn-stress:local": True,
        "gunicorn-stress-nginx:local": True,
        "ghcr.io/shopify/toxiproxy:2.11.0": False,
        "grafana/k6:0.54.0": False,
    }


def test_a_jinja_template_is_errors_not_references(capsys: pytest.CaptureFixture[str]) -> None:
    template = str(REALWORLD / "molecule-plugins-26.10.12" / "Dockerfile.j2")
    code, report = run(capsys, "check", "--format", "json", template)
    assert code == 1
    assert report["findings"] == []  # no reference "{{" judged invalid
    errors = {(e["line"], e["message"]) for e in report["errors"]}
    assert (4, "FROM requires either one or three arguments") in errors
    assert (6, "FROM requires either one or three arguments") in errors
    assert (3, "unknown instruction: {%") in errors


def test_matrix_values_chosen_by_the_event_are_read(capsys: pytest.CaptureFixture[str]) -> None:
    # postgres-version is ``github.event_name == 'schedule' && fromJSON('["15", …, "18"]')
    # || fromJSON('["15"]')``: nightly runs pull every version, others the first; each
    # image is one a run pulls, and each is a floating version (TS004), judged by hand.
    project = str(REALWORLD / "django-cms-5.1.3")
    code, report = run(capsys, "check", "--format", "json", project)
    assert code == 0  # warnings only
    found = [(f["line"], f["code"], f["message"].split("'")[1]) for f in report["findings"]]
    assert found == [
        (46, "TS004", "15"),
        (46, "TS004", "16"),
        (46, "TS004", "17"),
        (46, "TS004", "18"),
        (115, "TS004", "8.4"),
        (115, "TS004", "9.5"),
        (269, "TS004", "16"),
        (269, "TS004", "17"),
        (269, "TS004", "18"),
        (328, "TS004", "8.4"),
        (328, "TS004", "9.5"),
    ]
    _, inventory = run(capsys, "refs", "--json", project)
    texts = sorted({ref["text"] for ref in inventory["references"]})
    assert texts == [
        "mysql:8.4", "mysql:9.5", "postgres:15", "postgres:16", "postgres:17", "postgres:18",
    ]  # fmt: skip
    assert all(ref["unresolved"] is None for ref in inventory["references"])
