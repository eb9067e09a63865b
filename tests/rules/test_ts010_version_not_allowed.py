"""TS010 version-not-allowed."""

from __future__ import annotations

from tagsense import check

from ._docs import DAY, check_documented_examples


def test_the_documented_examples() -> None:
    check_documented_examples("TS010")


def test_version_ranges() -> None:
    config = {"select": ["TS010"], "versions": {"postgres": ">=14,<17", "bitnami/*": ">=2"}}

    def codes(references: list[str]) -> list[str]:
        return [f.code for f in check(references, config=config, as_of=DAY)]

    assert codes(["postgres:16.3.0", "postgres:14.0.0"]) == []
    assert codes(["postgres:12.19.0", "postgres:17.0.0"]) == ["TS010", "TS010"]
    assert codes(["bitnami/redis:1.0.0", "redis:1.0.0"]) == ["TS010"]
