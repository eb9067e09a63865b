"""``eval $(head FILE)``, ``eval "$(cat FILE)"`` and ``export $(grep -v '^#' FILE | xargs)`` set
the file's ``NAME=value`` lines as ``. FILE`` does (``head``: its first 10 lines, POSIX).
sormas-foundation/sormas-docker's ``pg_debug/debug.sh`` runs ``eval $(head ../.env)``, then
``docker run … sormas-pg-debug:${SORMAS_VERSION}`` (survey s59a)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tagsense import find_references

if TYPE_CHECKING:
    from pathlib import Path

ENV = "# versions\nA=1\nSORMAS_VERSION=1.86.0\n"
RUN = "docker run --rm registry.example.com/acme/pg_debug:${SORMAS_VERSION} bash\n"


def _images(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line: str, env: str = ENV
) -> list[tuple[str, tuple[str, ...]]]:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".env").write_text(env)
    (tmp_path / "pg_debug").mkdir()
    (tmp_path / "pg_debug" / "debug.sh").write_text(f"#!/usr/bin/bash\n{line}\n{RUN}")
    monkeypatch.chdir(tmp_path)
    return [(o.text, o.unresolved) for o in find_references(".")]


@pytest.mark.parametrize(
    "line",
    [
        "eval $(head ../.env)",
        'eval "$(cat ../.env)"',
        "export $(grep -v '^#' ../.env | xargs)",
        "[ -f ../.env ] && export $(cat ../.env | grep -v '^#' | xargs)",
        "eval $(head -n 3 ../.env)",
    ],
)
def test_the_printed_assignments_are_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line: str
) -> None:
    assert _images(tmp_path, monkeypatch, line) == [
        ("registry.example.com/acme/pg_debug:1.86.0", ())
    ]


@pytest.mark.parametrize(
    "line",
    [
        # (head's 10 lines, or 2, end before the assignment; a grep that keeps only other
        # lines; a command that only prints them)
        "eval $(head -n 2 ../.env)",
        "eval $(grep -v SORMAS ../.env)",
        "echo $(head ../.env)",
    ],
)
def test_other_substitutions_set_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line: str
) -> None:
    # (the tag unset, the run's image is not known: no pull is reported)
    assert _images(tmp_path, monkeypatch, line) == []


def test_head_reads_ten_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    padding = "".join(f"PAD{number}=x\n" for number in range(9))
    assert _images(tmp_path, monkeypatch, "eval $(head ../.env)", env=padding + ENV) == []


def test_the_module_s_examples() -> None:
    import doctest

    from tagsense.sources.builds import _printed_assignments

    result = doctest.testmod(_printed_assignments)
    assert result.attempted > 0
    assert result.failed == 0
