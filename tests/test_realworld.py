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


def test_matrix_images_are_unresolved_not_invalid(capsys: pytest.CaptureFixture[str]) -> None:
    project = str(REALWORLD / "django-cms-5.1.3")
    code, report = run(capsys, "check", "--format", "json", project)
    findings = report["findings"]
    assert code == 0  # warnings only
    assert [(f["line"], f["code"]) for f in findings] == [
        (46, "TS011"),
        (115, "TS011"),
        (269, "TS011"),
        (328, "TS011"),
    ]
    code = main(["refs", project])
    out, _ = capsys.readouterr()
    assert code == 0
    assert out.count("(unresolved: filled in from an expression when the job runs)") == 4
