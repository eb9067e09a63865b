"""The devthefuture/dockerfile-x frontend's ``INCLUDE``: the named file's instructions read
in its place (manyfold3d/manyfold's ``docker/manyfold.dockerfile``, survey s64a: 6 false
"unknown instruction: INCLUDE" errors, and its included stages read as Docker Hub images)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tagsense.sources.dockerfile import scan_dockerfile

if TYPE_CHECKING:
    from pathlib import Path

SYNTAX = "# syntax = devthefuture/dockerfile-x:1.4.2\n"


def scan(path: Path) -> tuple[list[tuple[int, str, object]], list[tuple[int | None, str, bool]]]:
    found = scan_dockerfile(path.read_text(), path=str(path))
    refs = [(o.line, o.text, o.context.get("pulled")) for o in found.occurrences]
    return refs, [(e.line, e.message, e.note) for e in found.errors]


def test_an_included_file_s_stages_are_the_including_file_s(tmp_path: Path) -> None:
    docker = tmp_path / "docker"
    docker.mkdir()
    (docker / "base.dockerfile").write_text("FROM ruby:3.4.9-alpine3.24 AS base\n")
    (docker / "build.dockerfile").write_text("INCLUDE ./more.dockerfile\nFROM base AS build\n")
    (docker / "more.dockerfile").write_text("FROM alpine:3.22.1 AS tools\n")
    # (a path from the build's context, the repository's top, as manyfold's; one beside it)
    app = docker / "app.dockerfile"
    app.write_text(
        SYNTAX + "INCLUDE docker/base.dockerfile\ninclude build.dockerfile\n"
        "FROM build AS app\nCOPY --from=tools /x /x\nFROM redis:7.4.1 AS cache\nFROM app\n"
    )
    refs, errors = scan(app)
    # (ruby and alpine are the included files' to report, each read on its own)
    assert refs == [(1, "devthefuture/dockerfile-x:1.4.2", True), (6, "redis:7.4.1", False)]
    assert errors == []


def test_an_include_cycle_or_a_missing_file_gives_one_note(tmp_path: Path) -> None:
    (tmp_path / "a.dockerfile").write_text("INCLUDE b.dockerfile\nFROM alpine:3.22.1 AS a\n")
    (tmp_path / "b.dockerfile").write_text("INCLUDE a.dockerfile\n")
    app = tmp_path / "Dockerfile"
    app.write_text(SYNTAX + "INCLUDE a.dockerfile\nFROM a\n")
    refs, errors = scan(app)
    # (`a` is still a stage, read before the cycle: no Docker Hub image)
    assert refs == [(1, "devthefuture/dockerfile-x:1.4.2", True)]
    assert [(line, note) for line, _, note in errors] == [(2, True)]
    app.write_text(SYNTAX + "INCLUDE missing.dockerfile\nINCLUDE_ARGS .env\nFROM alpine:3.22.1\n")
    refs, errors = scan(app)
    assert [text for _, text, _ in refs] == ["devthefuture/dockerfile-x:1.4.2", "alpine:3.22.1"]
    assert len(errors) == 1 and errors[0][0] == 2 and errors[0][2]


def test_include_is_no_instruction_of_buildkit_s_own_frontend(tmp_path: Path) -> None:
    (tmp_path / "base.dockerfile").write_text("FROM alpine:3.22.1 AS base\n")
    app = tmp_path / "Dockerfile"
    app.write_text("# syntax=docker/dockerfile:1\nINCLUDE base.dockerfile\nFROM base\n")
    _, errors = scan(app)
    assert (2, "unknown instruction: INCLUDE", False) in errors
