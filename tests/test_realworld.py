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


def test_a_jinja_template_is_one_note_not_errors(capsys: pytest.CaptureFixture[str]) -> None:
    # molecule-plugins' Dockerfile.j2: no real tool reads it as it is, so neither does
    # tagsense: one note (not an error a line), and the check does not fail on it.
    template = str(REALWORLD / "molecule-plugins-26.10.12" / "Dockerfile.j2")
    code, report = run(capsys, "check", "--format", "json", template)
    assert code == 0
    assert report["findings"] == []  # no reference "{{" judged invalid
    (note,) = report["errors"]
    assert note["level"] == "note" and note["line"] is None
    assert note["message"].startswith("a template (named Dockerfile.j2), not read")
    assert report["summary"]["errors"] == 0 and report["summary"]["notes"] == 1


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


def findings(capsys: pytest.CaptureFixture[str], directory: str) -> list[tuple[str, int, str]]:
    _, report = run(
        capsys, "check", "--format", "json", "--as-of", "2026-11-28", str(REALWORLD / directory)
    )
    assert report["errors"] == []
    # (paths in JSON are from the repository's root)
    return [
        (f["path"].split(directory + "/")[-1], f["line"], f["code"]) for f in report["findings"]
    ]


def built(capsys: pytest.CaptureFixture[str], directory: str) -> dict[str, str | None]:
    _, inventory = run(capsys, "refs", "--json", str(REALWORLD / directory))
    return {
        ref["text"]: None if ref["built"] is None else ref["built"]["tool"]
        for ref in inventory["references"]
    }


def test_images_skaffold_builds_are_not_pulls(capsys: pytest.CaptureFixture[str]) -> None:
    # microservices-demo: the manifests name the images skaffold.yaml builds; Skaffold
    # puts the tags it builds in their place. Judged by hand: the one true finding is
    # cartservice's redis:alpine (a channel, no version); busybox and the bases are pinned.
    directory = "microservices-demo-34ffea91"
    assert findings(capsys, directory) == [("kubernetes-manifests/cartservice.yaml", 118, "TS003")]
    images = built(capsys, directory)
    assert {name: images[name] for name in ("adservice", "cartservice", "loadgenerator")} == {
        "adservice": "skaffold",
        "cartservice": "skaffold",
        "loadgenerator": "skaffold",
    }
    assert images["redis:alpine"] is None


def test_images_tilt_builds_are_not_pulls(capsys: pytest.CaptureFixture[str]) -> None:
    # tilt-example-python: docker_build('example-python-image', ...) in the Tiltfile; the
    # manifest names it. The one true finding: the Dockerfile's python:3-alpine floats.
    directory = "tilt-example-python-363a39cd"
    assert findings(capsys, directory) == [("3-recommended/Dockerfile", 1, "TS004")]
    assert built(capsys, directory)["example-python-image"] == "tilt"


def test_a_dockerfile_bake_builds_takes_the_bake_file_s_values(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # docker/buildx: the Dockerfile's ARG defaults, which docker-bake.hcl does not override;
    # the floating minor versions (29.6, 28.5) of the Docker binaries are the true findings.
    directory = "buildx-461836ba"
    found = findings(capsys, directory)
    assert {code for _, _, code in found} == {"TS004"}
    assert {line for _, line, _ in found} >= {20, 21, 22, 24, 174}
