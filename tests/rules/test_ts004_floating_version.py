"""TS004 floating-version."""

from __future__ import annotations

import pytest

from tagsense import check

from ._docs import DAY, check_documented_examples


def codes(references: list[str], **options: object) -> list[str]:
    found = check(references, config={"select": ["TS004"], **options}, as_of=DAY)
    return [f.code for f in found]


def test_the_documented_examples() -> None:
    check_documented_examples("TS004")


@pytest.mark.parametrize(
    ("reference", "fires"),
    [
        ("redis:7", True),
        ("redis:7.0", True),
        ("node:18-buster-slim", True),
        ("redis:7.2.4", False),
        ("ubuntu:22.04", False),  # an OS image's release id is its whole version
        ("debian:12", False),
        ("alpine:3.23", False),
        ("mcr.microsoft.com/windows/servercore:ltsc2022", False),
        ("ubuntu:jammy-20240111", False),  # a date pins the build
        ("bitnami/redis:7.2-debian-12-r5", False),  # a revision pins the build
        ("mcr.microsoft.com/mssql/server:2022-latest", False),  # TS003's, reported once
        ("redis:7@sha256:" + "a" * 64, False),
    ],
)
def test_precision(reference: str, fires: bool) -> None:
    assert bool(codes([reference])) is fires


def test_min_precision() -> None:
    assert codes(["redis:7.0"], **{"min-precision": "minor"}) == []
    assert codes(["redis:7"], **{"min-precision": "minor"}) == ["TS004"]
    assert codes(["redis:7"], **{"min-precision": "major"}) == []


def test_the_syntax_directive_is_left_alone_unless_asked() -> None:
    # BuildKit's documentation recommends the floating docker/dockerfile:1 there.
    from tagsense import find_references

    scan = find_references("# syntax=docker/dockerfile:1.4\nFROM redis:7.2.4\n")
    assert check(scan, config={"select": ["TS004"]}, as_of=DAY) == []
    asked = check(scan, config={"select": ["TS004"], "syntax-directive": True}, as_of=DAY)
    assert [(f.line, f.code) for f in asked] == [(1, "TS004")]
    strict = check(scan, config={"preset": "strict"}, as_of=DAY)
    assert ("TS004", "error") in {(f.code, f.severity) for f in strict}
    # The other rules still judge it.
    latest = find_references("# syntax=docker/dockerfile:latest\nFROM redis:7.2.4\n")
    assert [f.code for f in check(latest, as_of=DAY)] == ["TS001"]
