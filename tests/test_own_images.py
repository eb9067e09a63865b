"""``own-images``: a name the project makes, named at a tag it does not make, is a pull to judge
(``"flag"``, the default) or the project's own build (``"built"``)."""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING

import pytest

from tagsense import find_references
from tagsense.cli import main
from tagsense.sources.context import context_for, forget

if TYPE_CHECKING:
    from pathlib import Path

# Shuffle/Shuffle@dcd2be55045b6b63b4f954504d76cc26a09b583e .github/push_nightly.sh (AGPL-3.0;
# shortened): the release script pulls the nightly image the project's CI built and retags it
# as the release. Only the retag's tag is made here: the project's files name others.
RELEASE = """\
docker pull ghcr.io/shuffle/shuffle-worker:nightly
docker tag ghcr.io/shuffle/shuffle-worker:nightly  ghcr.io/shuffle/shuffle-worker:1.1.0
docker push ghcr.io/shuffle/shuffle-worker:1.1.0
docker tag redis:7.4 redis:custom
"""
COMPOSE = """\
services:
  worker:
    image: ghcr.io/shuffle/shuffle-worker:nightly
  cache:
    image: redis:7.4
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "push_nightly.sh").write_text(RELEASE)
    (tmp_path / "docker-compose.yml").write_text(COMPOSE)
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_WORKSPACE", "CI_PROJECT_DIR"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def _built(path: str, own_images: str | None = None) -> list[tuple[str, str | None]]:
    found = find_references(path, own_images=own_images)
    return [
        (o.text, None if o.built is None else f"{o.built.path}:{o.built.line}")
        for o in found
        if o.path == path
    ]


def test_a_name_made_at_one_tag_is_pulled_at_another_by_default(project: Path) -> None:
    assert _built("docker-compose.yml") == [
        ("ghcr.io/shuffle/shuffle-worker:nightly", None),
        ("redis:7.4", None),
    ]


def test_built_makes_the_name_the_project_s_own_at_every_tag(project: Path) -> None:
    (project / ".tagsense.toml").write_text('own-images = "built"\n')
    assert _built("docker-compose.yml") == [
        ("ghcr.io/shuffle/shuffle-worker:nightly", ".github/push_nightly.sh:2"),
        ("redis:7.4", None),  # (an official image is Docker's, whoever retags it)
    ]
    # (a value given to the scan replaces the configuration's)
    assert _built("docker-compose.yml", own_images="flag")[0][1] is None


def test_the_setting_given_to_the_scan_needs_no_configuration(project: Path) -> None:
    assert _built("docker-compose.yml", own_images="built")[0][1] == ".github/push_nightly.sh:2"


def test_the_nearest_configuration_decides(project: Path) -> None:
    (project / ".tagsense.toml").write_text('own-images = "built"\n')
    (project / "legacy").mkdir()
    (project / "legacy" / ".tagsense.toml").write_text('own-images = "flag"\n')
    (project / "legacy" / "docker-compose.yml").write_text(COMPOSE)
    (project / "legacy" / "push_nightly.sh").write_text(RELEASE)
    assert _built("legacy/docker-compose.yml")[0][1] is None


def test_a_directory_s_context_is_kept_for_each_setting(project: Path) -> None:
    forget()
    flagged = context_for("docker-compose.yml", own_images="flag")
    built = context_for("docker-compose.yml", own_images="built")
    assert flagged is not None and built is not None
    assert (flagged.own_images, built.own_images) == (False, True)
    assert context_for("docker-compose.yml", own_images="flag") is flagged
    forget()


def _check(capsys: pytest.CaptureFixture[str], *argv: str) -> list[tuple[str, int, str]]:
    main(["check", "--offline", "--exit-zero", "--format", "json", *argv])
    found = json.loads(capsys.readouterr().out)["findings"]
    return [(f["path"], f["line"], f["code"]) for f in found]


def test_check_flags_another_tag_unless_the_configuration_says_built(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert ("docker-compose.yml", 3, "TS003") in _check(capsys, ".")
    (project / "built.toml").write_text('own-images = "built"\n')
    findings = _check(capsys, "--config", "built.toml", ".")
    assert ("docker-compose.yml", 3, "TS003") not in findings
    assert ("docker-compose.yml", 5, "TS004") in findings  # (redis: still judged)


def test_refs_json_says_where_the_own_image_is_built(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def worker() -> object:
        main(["refs", "--json", "docker-compose.yml"])
        references = json.loads(capsys.readouterr().out)["references"]
        return next(r["built"] for r in references if r["line"] == 3)

    assert worker() is None
    (project / ".tagsense.toml").write_text('own-images = "built"\n')
    assert worker() == {"tool": "shell", "path": os.path.join(".github", "push_nightly.sh"),
                        "line": 2}  # fmt: skip


def test_a_configuration_error_is_check_s_to_report(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / ".tagsense.toml").write_text('own-images = "mine"\n')
    assert main(["check", "--offline", "docker-compose.yml"]) == 2
    assert "own-images: must be one of 'flag', 'built'" in capsys.readouterr().err
