"""TS005 prerelease."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tagsense import check, find_references

from ._docs import DAY, check_documented_examples

if TYPE_CHECKING:
    from pathlib import Path


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
        # livekit/ingress@19017c8 build/ingress/Dockerfile: FROM livekit/gstreamer:$GSTVERSION-dev
        # (ARG GSTVERSION=1.26.7), the build variant beside -prod (survey 36d: 2 false TS005)
        ("livekit/gstreamer:1.26.7-dev", False),
        ("livekit/gstreamer:1.26.7-rc1", True),
        # Epic's development images of a release (the Editor's), beside its runtime images:
        # googleforgames/global-multiplayer-demo's game/Dockerfile (survey s48a: a false TS005)
        ("ghcr.io/epicgames/unreal-engine:dev-slim-5.2.0", False),
        ("ghcr.io/epicgames/unreal-engine:dev-5.4.1", False),
        ("ghcr.io/acme/unreal-engine:dev-5.4.1", True),  # (another publisher's: a prerelease)
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


# siderolabs/talos' Dockerfile (MPL-2.0; survey 32b): main pins its organisation's package
# images to a commit of siderolabs/pkgs, as `git describe` names it.
TALOS_DOCKERFILE = (
    "ARG PKGS=v1.15.0-alpha.0-7-gb914c26\n"
    "FROM ghcr.io/siderolabs/fhs:${PKGS} AS pkg-fhs\n"
    "FROM ghcr.io/acme/fhs:${PKGS} AS other\n"
    "FROM ghcr.io/siderolabs/kernel:v1.15.0-alpha.0 AS kernel\n"
)


@pytest.mark.parametrize(
    ("origin", "lines"),
    [
        ("https://github.com/siderolabs/talos.git", [3, 4]),
        ("git@github.com:SideroLabs/talos", [3, 4]),  # (GitHub's owners are any case)
        ("https://github.com/someone/talos-fork.git", [2, 3, 4]),  # (a fork: not its own)
        ("/srv/mirror/talos.git", [2, 3, 4]),
    ],
)
def test_a_commit_build_the_repository_s_owner_publishes(
    tmp_path: Path, origin: str, lines: list[int]
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text(f'[remote "origin"]\n\turl = {origin}\n')
    (tmp_path / "Dockerfile").write_text(TALOS_DOCKERFILE)
    found = check(find_references(str(tmp_path / "Dockerfile")), as_of=DAY)
    assert [finding.line for finding in found if finding.code == "TS005"] == lines
