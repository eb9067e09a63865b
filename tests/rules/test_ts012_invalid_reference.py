"""TS012 invalid-reference."""

from __future__ import annotations

import pytest

from tagsense import check
from tagsense.occurrence import BuildSite, Occurrence
from tagsense.policy import Finding

from ._docs import DAY, check_documented_examples


def test_the_documented_examples() -> None:
    check_documented_examples("TS012")


@pytest.mark.parametrize("text", ["Redis:7", "redis:7 alpine", "", "a b", "x@sha256:abc", "-x"])
def test_never_raises_on_bad_references(text: str) -> None:
    (finding,) = check([text], as_of=DAY)
    assert isinstance(finding, Finding)
    assert finding.code == "TS012"


def test_the_message_says_why() -> None:
    (finding,) = check(["Redis:7"], as_of=DAY)
    assert "repository name must be lowercase" in finding.message


def test_the_name_a_build_gives_its_result_is_judged_only_for_validity() -> None:
    # compose's image: beside build: names what is built here, not what is pulled.
    site = BuildSite("compose", "compose.yaml", 1)

    def found(line: int, text: str, built: BuildSite | None) -> Occurrence:
        return Occurrence.of_text(
            path="compose.yaml", line=line, column=12, kind="compose", raw=text, text=text,
            built=built,
        )  # fmt: skip

    config = {"preset": "strict", "rules": [{"code": "ACME1", "message": "m", "when": "true"}]}
    judged = check([found(1, "web:local", site), found(2, "Web:1", site)], config=config)
    assert [(f.line, f.code) for f in judged] == [(2, "TS012")]
    pulled = check([found(3, "acme/web:local", None)], config={}, as_of=DAY)
    assert [f.code for f in pulled] == ["TS003"]
    pulled = check([found(3, "acme/web:local", None)], config=config, as_of=DAY)
    assert {"TS003", "ACME1"} <= {f.code for f in pulled}
