"""A tag whose first word is a channel is that channel's, the rest its flavour (issue #12,
point 5; session 41, s57l).

its-a-feature/Mythic's ``hasura-docker/Dockerfile`` starts ``FROM
hasura/graphql-engine:latest.cli-migrations-v2``: the ``latest`` image with the migrations
CLI, whose v2 is the CLI's. It was read as a floating major version 2 (TS004): the channel
glued by a ``.`` was no channel, and a number after two words was the image's version.
"""

from __future__ import annotations

import datetime

import pytest

from tagsense import check, parse_reference
from tagsense.tag import parse_tag

DAY = datetime.date(2026, 12, 7)


@pytest.mark.parametrize(
    ("tag", "variants"),
    [
        ("latest.cli-migrations-v2", ("cli", "migrations-v2")),
        ("latest-cli-migrations-v2", ("cli", "migrations-v2")),
        ("stable.cli-tools-3.1", ("cli", "tools-3.1")),
        ("latest-kafka-4.1.0", ("kafka-4.1.0",)),
    ],
)
def test_a_channel_led_tag_is_the_channel_s(tag: str, variants: tuple[str, ...]) -> None:
    parsed = parse_tag(tag, image="acme/engine")
    assert parsed.alias == tag[: len(parsed.alias or "")] and parsed.alias
    assert parsed.version is None
    assert parsed.variants == variants
    assert parsed.is_floating
    assert all(tag[t.start : t.end] == t.text for t in parsed.tokens)


def test_a_number_after_the_dot_stays_the_channel_s_build() -> None:
    parsed = parse_tag("stable.1", image="acme/engine")
    assert parsed.alias == "stable"
    assert parsed.revision == "1"


def test_a_version_first_keeps_its_version() -> None:
    parsed = parse_tag("v2.36.0.cli-migrations-v3", image="hasura/graphql-engine")
    assert parsed.version == "2.36.0"
    assert not parsed.is_floating


def test_judged_as_the_channel_not_a_floating_version() -> None:
    ref = parse_reference("hasura/graphql-engine:latest.cli-migrations-v2")
    codes = [f.code for f in check([ref], as_of=DAY)]
    assert "TS004" not in codes
    assert codes == ["TS003"]
