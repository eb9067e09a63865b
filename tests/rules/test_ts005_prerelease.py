"""TS005 prerelease."""

from __future__ import annotations

import pytest

from tagsense import check

from ._docs import DAY, check_documented_examples


def test_the_documented_examples() -> None:
    check_documented_examples("TS005")


@pytest.mark.parametrize(
    ("reference", "fires"),
    [
        ("python:3.13.0rc1", True),
        ("mcr.microsoft.com/dotnet/sdk:8.0.100-preview.7-bookworm-slim", True),
        ("ghcr.io/acme/api:1.4.2-rc1", True),
        ("python:3.12.4", False),
        ("kube-cross:v1.30.0-go1.20rc1-bookworm", False),  # the toolchain's prerelease
    ],
)
def test_prereleases(reference: str, fires: bool) -> None:
    found = check([reference], config={"select": ["TS005"]}, as_of=DAY)
    assert bool(found) is fires
