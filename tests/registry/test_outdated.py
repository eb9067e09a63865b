"""`tagsense outdated` and `tagsense.registry.outdated`, end to end against a real registry."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from tagsense import scan_paths
from tagsense.cli import main
from tagsense.registry import outdated

from ._cli import run, write

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from tagsense.registry import Client

    from .conftest import Seeded

APP_TAGS = [
    "1.2.3-slim", "1.2.4-slim", "1.3.0-slim", "2.0.1-slim", "2.1.0rc1-slim", "1.2.5",
    "1.2.5-alpine", "1.2-slim", "1.3-slim", "3.12.8-slim-bullseye", "3.12.8-slim-bookworm",
    "3.12.8-slim-trixie", "3.13.1-slim-trixie", "jammy-20240111", "jammy-20241017",
]  # fmt: skip


@pytest.fixture(scope="module")
def app(registry: Seeded) -> str:
    """A repository with tags of many shapes (one image: the columns need no digests)."""
    registry.seeder.image("outdated/app", APP_TAGS)
    return f"{registry.host}/outdated/app"


def test_the_columns(
    app: str, project: Path, capsys: pytest.CaptureFixture[str], registry: Seeded
) -> None:
    write(
        project,
        {
            "Dockerfile": (
                f"FROM {app}:1.2.3-slim\n"  # patch, minor and major
                f"FROM {app}:1.2-slim\n"  # two numbers: moves to 1.3-slim only
                f"FROM {app}:2.0.1-slim\n"  # up to date (2.1.0rc1 is a prerelease)
                f"FROM {app}:jammy-20240111\n"  # a date: the newest build
                f"FROM {app}:3.12.8-slim-bullseye\n"  # past its end of life
            )
        },
    )
    code, out, err = run(capsys, "outdated", "--as-of", "2026-12-01")
    assert (code, err) == (1, "")
    name = app
    assert out.splitlines() == [
        line.rstrip()
        for line in [
            f"PATH:LINE     {'IMAGE'.ljust(len(name))}  CURRENT               PATCH       "
            "MINOR       MAJOR       NEWEST          OS UPGRADE",
            f"Dockerfile:1  {name}  1.2.3-slim            1.2.4-slim  1.3.0-slim  2.0.1-slim  "
            "-               -",
            f"Dockerfile:2  {name}  1.2-slim              -           1.3-slim    -           "
            "-               -",
            f"Dockerfile:4  {name}  jammy-20240111        -           -           -           "
            "jammy-20241017  -",
            f"Dockerfile:5  {name}  3.12.8-slim-bullseye  -           -           -           "
            "-               3.12.8-slim-trixie",
            "4 of 5 references have newer tags.",
        ]
    ]


def test_json_is_a_contract(
    app: str, project: Path, capsys: pytest.CaptureFixture[str], registry: Seeded
) -> None:
    write(project, {"compose.yaml": f"services:\n  a:\n    image: '{app}:1.2.3-slim'\n"})
    code, out, _ = run(capsys, "outdated", "--format", "json")
    assert code == 1
    document = json.loads(out)
    assert document == {
        "version": 1,
        "references": [
            {
                "path": "compose.yaml",
                "line": 3,
                "column": 13,
                "reference": f"{app}:1.2.3-slim",
                "current": "1.2.3-slim",
                "digest": registry.digest("outdated/app", "1.2.3-slim"),
                "patch": "1.2.4-slim",
                "minor": "1.3.0-slim",
                "major": "2.0.1-slim",
                "newest": "2.0.1-slim",
                "os_upgrade": None,
                "error": None,
            }
        ],
    }


def test_up_to_date_exits_0_and_os_upgrade_moves_every_column(
    app: str, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project, {"Dockerfile": f"FROM {app}:2.0.1-slim\n"})
    assert run(capsys, "outdated") == (0, "The reference is up to date.\n", "")
    write(project, {"Dockerfile": f"FROM {app}:3.12.8-slim-bookworm\n"})
    assert run(capsys, "outdated", "--as-of", "2026-01-01")[0] == 0
    code, out, _ = run(capsys, "outdated", "--os-upgrade", "--format", "json")
    (row,) = json.loads(out)["references"]
    assert (code, row["patch"], row["minor"]) == (1, "3.12.8-slim-trixie", "3.13.1-slim-trixie")


def test_what_cannot_be_answered_is_an_error_and_exit_2(
    app: str, project: Path, capsys: pytest.CaptureFixture[str], registry: Seeded
) -> None:
    h = registry.host
    write(project, {"Dockerfile": f"FROM {h}/outdated/none:1\nFROM {app}:1.2-slim\n"})
    code, out, err = run(capsys, "outdated")
    assert code == 2
    assert "Dockerfile:1" in out and "(not answered: not-found)" in out
    assert out.endswith("1 of 2 references has newer tags; 1 could not be answered.\n")
    assert err == (
        f"tagsense: error: not-found: repository {h}/outdated/none not found (Dockerfile:1)\n"
    )
    code, out, err = run(capsys, "outdated", "--offline", "--format", "json", "Dockerfile")
    assert code == 2
    rows = json.loads(out)["references"]
    assert rows[0]["error"].startswith("not-cached: ")
    assert "not in the cache (offline)" in rows[0]["error"]
    assert rows[1]["minor"] == "1.3-slim"  # (cached by the run before)


def test_the_api(app: str, project: Path, make_client: Callable[..., Client]) -> None:
    write(project, {"Dockerfile": f"FROM {app}:1.2.3-slim\nFROM {app}:1.2.3-slim AS again\n"})
    rows = outdated(scan_paths(["."]), make_client())
    assert [(row.occurrence.line, row.patch, row.is_outdated) for row in rows] == [
        (1, "1.2.4-slim", True),
        (2, "1.2.4-slim", True),
    ]
    assert repr(rows[0]).startswith("<Outdated ")


def test_usage_errors(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit:
        main(["outdated", "--offline", "--refresh"])
    assert exit.value.code == 2
