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
        # SemVer's dot-separated prerelease identifiers (before: an unknown part, nothing said)
        ("acme/app:2.0.0-alpha.beta", True),
        ("acme/app:1.0.0-beta.rc1", True),
        # LND names every release "-beta" and its candidates "-beta.rcN": lnbits/lnbits'
        # docker/regtest/docker-compose.yml runs boltz/lnd:0.18.4-beta, a release (survey
        # s17c: four false TS005)
        ("boltz/lnd:0.18.4-beta", False),
        ("lightninglabs/lnd:v0.19.0-beta", False),
        ("lightninglabs/lnd:v0.19.0-beta.rc1", True),
        ("acme/lnd-exporter:0.3.0-beta", True),  # (another software's beta)
        # Chainguard's and Docker Hardened Images' -dev variants add a shell to a release:
        # growthbook's Dockerfile builds on dhi.io/python:3.11-debian12-dev (survey s22m)
        ("dhi.io/python:3.11-debian12-dev", False),
        ("cgr.dev/chainguard/python:3.12-dev", False),
        ("chainguard/node:20-dev", False),
        ("cgr.dev/chainguard/python:3.12-rc1", True),  # (another word: a prerelease)
        ("docker.mirror.hashicorp.services/hashicorppreview/consul:1.17-dev", True),
        # weaviate's model2vec module, tagged by its model's name: 8M is the model's size
        ("semitechnologies/model2vec-inference:minishlab-potion-base-8M-1.0.0", False),
        ("semitechnologies/model2vec-inference:minishlab-potion-retrieval-32M", False),
    ],
)
def test_prereleases(reference: str, fires: bool) -> None:
    found = check([reference], config={"select": ["TS005"]}, as_of=DAY)
    assert bool(found) is fires


@pytest.mark.parametrize(
    ("reference", "codes"),
    [
        # a prerelease word alone names no version: a channel, reported once, by TS003
        # (airbyte-platform's chart deploys airbyte/server:dev: TS003 and TS005 before)
        ("airbyte/server:dev", ["TS003"]),
        ("acme/app:beta", ["TS003"]),
        ("acme/app:SNAPSHOT", ["TS003"]),
        # with a version or a pin, it is a prerelease of that version
        ("acme/app:dev-3f2a9c1", ["TS005"]),
        ("python:3.13.0rc1-slim", ["TS005"]),
        ("acme/app:1.0.0-beta", ["TS005"]),
    ],
)
def test_a_prerelease_word_alone_is_one_finding(reference: str, codes: list[str]) -> None:
    found = check([reference], config={"select": ["TS003", "TS005"]}, as_of=DAY)
    assert [f.code for f in found] == codes
    if codes == ["TS003"]:
        assert "(a prerelease)" in found[0].message
