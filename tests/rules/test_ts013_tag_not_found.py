"""TS013 tag-not-found: judged on registry answers only (the local registry stands in for
Docker Hub)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tagsense import check, find_references, parse_reference
from tagsense.answers import RegistryAnswer
from tagsense.registry import Client

from ._docs import DAY, check_documented_examples

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from tests.registry.conftest import Seeded


@pytest.fixture
def hub(registry: Seeded, tmp_path: Path) -> Iterator[Client]:
    """A client that takes the local registry for Docker Hub."""
    with Client(
        cache=tmp_path / "cache", endpoints={"docker.io": registry.url}, environ={}
    ) as client:
        yield client


def test_the_documented_examples(hub: Client) -> None:
    check_documented_examples("TS013", registry=hub)


def codes(text: str, *answers: RegistryAnswer) -> list[tuple[str, str]]:
    return [(f.code, f.message) for f in check([text], as_of=DAY, answers=answers)]


def test_a_missing_tag_or_repository_fails_the_pull() -> None:
    ref = parse_reference("python:3.12.99-slim")
    assert codes("python:3.12.99-slim", RegistryAnswer(ref, missing="tag")) == [
        (
            "TS013",
            "'python:3.12.99-slim' does not exist: docker.io has no tag '3.12.99-slim' for "
            "python; pulling it fails",
        )
    ]
    acme = parse_reference("ghcr.io/acme/nope:1.0.0")
    assert codes("ghcr.io/acme/nope:1.0.0", RegistryAnswer(acme, missing="repository")) == [
        (
            "TS013",
            "'ghcr.io/acme/nope:1.0.0' does not exist: ghcr.io has no repository 'acme/nope'; "
            "pulling it fails",
        )
    ]
    # A missing tag written as none is 'latest'.
    assert codes("acme/x", RegistryAnswer(parse_reference("acme/x"), missing="tag"))[-1][1] == (
        "'acme/x' does not exist: docker.io has no tag 'latest' for acme/x; pulling it fails"
    )


def test_silent_without_an_answer_with_a_digest_or_for_a_built_image() -> None:
    assert codes("python:3.12.99-slim") == []
    ref = parse_reference("python:3.12.99-slim")
    pinned = "python:3.12.99-slim@sha256:" + "a" * 64
    assert codes(pinned, RegistryAnswer(ref, missing="tag")) == []
    unknown = RegistryAnswer(ref, error="unavailable: cannot connect")
    assert codes("python:3.12.99-slim", unknown) == []
    scan = find_references(
        "services:\n  app:\n    build: .\n    image: python:3.12.99-slim\n",
        kind="compose",
        name="compose.yaml",
    )
    found = check(scan, as_of=DAY, answers=[RegistryAnswer(ref, missing="tag")])
    assert [f.code for f in found] == []
