"""TS002 missing-tag."""

from __future__ import annotations

import pytest

from tagsense import check

from ._docs import DAY, check_documented_examples


def test_the_documented_examples() -> None:
    check_documented_examples("TS002")


@pytest.mark.parametrize(
    ("reference", "fires"),
    [
        ("redis", True),
        ("localhost:5000/app", True),
        ("redis:latest", False),
        ("redis@sha256:" + "a" * 64, False),
    ],
)
def test_no_tag(reference: str, fires: bool) -> None:
    found = check([reference], config={"select": ["TS002"]}, as_of=DAY)
    assert bool(found) is fires
    if fires:
        assert "pulls" in found[0].message and ":latest" in found[0].message
