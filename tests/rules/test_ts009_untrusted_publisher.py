"""TS009 untrusted-publisher."""

from __future__ import annotations

from tagsense import check

from ._docs import DAY, check_documented_examples


def codes(references: list[str], config: dict[str, object]) -> list[str]:
    found = check(references, config={"select": ["TS009"], **config}, as_of=DAY)
    return [f.code for f in found]


def test_the_documented_examples() -> None:
    check_documented_examples("TS009")


def test_trusted_publishers() -> None:
    config = {"trusted-publishers": ["bitnami", "acme-*"]}
    assert codes(["redis:7.2.4", "bitnami/redis:7.2.4", "acme-ops/tool:1.0.0"], config) == []
    assert codes(["randomuser/redis:7.2.4"], config) == ["TS009"]
    assert codes(["ghcr.io/randomuser/redis:7.2.4"], config) == []  # Docker Hub only
    assert codes(["randomuser/redis:7.2.4"], {}) == []  # not configured: silent
