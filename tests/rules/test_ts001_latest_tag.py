"""TS001 latest-tag."""

from __future__ import annotations

import pytest

from tagsense import check

from ._docs import DAY, check_documented_examples

DIGEST = "@sha256:" + "a" * 64


def test_the_documented_examples() -> None:
    check_documented_examples("TS001")


@pytest.mark.parametrize(
    ("reference", "fires"),
    [
        ("redis:latest", True),
        ("ghcr.io/acme/api:latest", True),
        ("redis:7.2.4", False),
        ("redis", False),  # no tag at all: TS002
        ("redis:latest-alpine", False),  # a channel tag beside a flavour: TS003
        ("redis:latest" + DIGEST, False),  # a digest pins the image
    ],
)
def test_latest_written_out(reference: str, fires: bool) -> None:
    found = check([reference], config={"select": ["TS001"]}, as_of=DAY)
    assert bool(found) is fires


def test_a_digest_counts_only_when_digests_are_trusted() -> None:
    config = {"select": ["TS001"], "trust-digests": False}
    assert [f.code for f in check(["redis:latest" + DIGEST], config=config)] == ["TS001"]
