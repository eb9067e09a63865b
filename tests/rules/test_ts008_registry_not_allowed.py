"""TS008 registry-not-allowed."""

from __future__ import annotations

from tagsense import check

from ._docs import DAY, check_documented_examples


def codes(references: list[str], config: dict[str, object] | None = None) -> list[str]:
    found = check(references, config={"select": ["TS008"], **(config or {})}, as_of=DAY)
    return [f.code for f in found]


def test_the_documented_examples() -> None:
    check_documented_examples("TS008")


def test_allowed_registries() -> None:
    config = {"allowed-registries": ["ghcr.io/acme/*", "docker.io", "*.azurecr.io"]}
    assert codes(["ghcr.io/acme/api:1.0.0", "ghcr.io/acme/team/api:1.0.0"], config) == []
    assert codes(["redis:7.2.4", "acme.azurecr.io/x:1.0.0"], config) == []
    assert codes(["ghcr.io/other/api:1.0.0", "quay.io/x/y:1.0.0"], config) == ["TS008", "TS008"]
    assert codes(["quay.io/x/y:1.0.0"]) == []  # not configured: silent
