"""TS007 missing-digest (off by default; on in the strict preset)."""

from __future__ import annotations

from tagsense import check

from ._docs import DAY, check_documented_examples

DIGEST = "@sha256:" + "a" * 64


def test_the_documented_examples() -> None:
    check_documented_examples("TS007")


def test_off_by_default_and_on_in_the_strict_preset() -> None:
    assert check(["redis:7.2.4"], as_of=DAY) == []
    strict = {"preset": "strict"}
    assert [f.code for f in check(["redis:7.2.4"], config=strict, as_of=DAY)] == ["TS007"]
    assert check(["redis:7.2.4" + DIGEST], config=strict, as_of=DAY) == []
