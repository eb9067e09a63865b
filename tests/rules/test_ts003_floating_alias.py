"""TS003 floating-alias."""

from __future__ import annotations

import pytest

from tagsense import check

from ._docs import DAY, check_documented_examples


def test_the_documented_examples() -> None:
    check_documented_examples("TS003")


@pytest.mark.parametrize(
    ("reference", "fires"),
    [
        ("node:lts-alpine", True),
        # a model's name, no release of the image (weaviate's modules): v2 is the model's
        ("semitechnologies/reranker-transformers:cross-encoder-ms-marco-MiniLM-L-6-v2", True),
        (
            "semitechnologies/reranker-transformers:cross-encoder-ms-marco-MiniLM-L-6-v2-1.1.1",
            False,
        ),
        # a model's size and quantization (Docker Model Runner): no version, not a floating 0
        ("ai/gemma3:4B-Q4_0", True),
        ("ai/qwen3:14B-Q6_K", True),
        # a word's version written with `_` (GSA/inventory-app's datagov/catalog-db:inventory2_8)
        # and a numbered name (Blazemeter/taurus's agent taurus-agent-2) name no version
        ("datagov/catalog-db:inventory2_8", True),
        ("us.gcr.io/verdant-bulwark-278/jenkins-docker-agent:taurus-agent-2", True),
        ("nginx:mainline-alpine3.21-slim", True),
        ("nginx:stable", True),
        ("mcr.microsoft.com/mssql/server:2022-latest", True),  # a channel beside a version
        # `lts` after a version says what kind of release the version is, no channel that
        # moves to another release: openeuler-mirror/openeuler-docker-images' 1,794 FROM
        # openeuler/openeuler:24.03-lts-sp1 (22.03-lts…), openEuler 24.03 LTS SP1 (survey
        # s38f); node:18-lts floats within 18, TS004's finding (see its tests)
        ("node:18-lts", False),
        ("openeuler/openeuler:24.03-lts-sp1", False),
        ("openeuler/openeuler:22.03-lts", False),
        ("jenkins/jenkins:lts-jdk17", True),  # (the channel, then the JDK)
        ("nuxeo:LTS-2015", True),  # (the channel, then the release line it follows)
        ("node:alpine", True),
        ("gcr.io/distroless/static-debian12:nonroot", True),
        ("ubuntu:jammy", False),  # the codename is the OS image's version
        ("debian:bookworm-slim", False),
        # sid is Debian unstable, not a release: it moves every day (as debian:unstable does)
        ("debian:sid", True),
        ("debian:sid-slim", True),
        ("buildpack-deps:sid", True),
        ("debian:sid-20240110", False),  # a date pins the build
        # jitsi/docker-jitsi-meet@9f130c49 (tag stable-9584) docker-compose.yml, as deployments
        # copy it: one release build of the stable channel (4 false TS003, survey 26)
        ("jitsi/web:stable-9584", False),
        ("jitsi/prosody:stable-9584-1", False),
        ("nginx:stable-alpine", True),
        ("node:20.15.1-alpine3.20", False),
        ("redis:latest", False),  # TS001's
    ],
)
def test_channels(reference: str, fires: bool) -> None:
    found = check([reference], config={"select": ["TS003"]}, as_of=DAY)
    assert bool(found) is fires


def test_a_toolchain_tag_says_the_version_is_the_toolchains_not_the_images() -> None:
    # tiangolo/uvicorn-gunicorn-fastapi:python3.9-slim names Python's version, not its own.
    (finding,) = check(
        ["tiangolo/uvicorn-gunicorn-fastapi:python3.9-slim"], config={"select": ["TS003"]}
    )
    assert "names no version of the image ('python3.9' is what it is built with)" in (
        finding.message
    )
    (plain,) = check(["acme/app:slim"], config={"select": ["TS003"]})
    assert "'slim' names no version, so" in plain.message


def test_an_os_release_tag_of_another_image_says_the_version_is_the_os() -> None:
    # mcr.microsoft.com/devcontainers/base:ubuntu24.04 (survey 21g) said "names no version",
    # although the tag names the OS release: it is the image's own version that floats.
    (finding,) = check(
        ["mcr.microsoft.com/devcontainers/base:ubuntu24.04"], config={"select": ["TS003"]}
    )
    assert (
        "'ubuntu24.04' names no version of the image (only the OS it is built on, "
        "Ubuntu 24.04 LTS (noble)), so it moves" in finding.message
    )
    assert check(["ubuntu:noble"], config={"select": ["TS003"]}) == []  # (the OS's own image)


def test_centos_9_and_10_in_a_tag_are_centos_stream() -> None:
    # kamailio's rpm workflow: ghcr.io/sergey-safarov/pkg-kamailio-docker:centos-10 (and -9)
    # read as CentOS, which ended at 8: the 10 was taken for the image's own major (a TS004).
    for tag, release in (("centos-10", "CentOS Stream 10"), ("centos-9", "CentOS Stream 9")):
        (finding,) = check([f"ghcr.io/acme/pkg:{tag}"], as_of=DAY)
        assert finding.code == "TS003"
        assert f"(only the OS it is built on, {release})" in finding.message
    codes = [f.code for f in check(["ghcr.io/acme/pkg:centos-8"], as_of=DAY)]
    assert codes == ["TS003", "TS006"]  # (CentOS Linux 8, ended)


def test_a_word_with_a_digit_is_no_toolchain() -> None:
    # louislam/uptime-kuma's docker/dockerfile: FROM louislam/uptime-kuma:base2 (and
    # base2-slim, nightly2) said "('base2' is what it is built with)": base2 is the image's
    # own channel, not a toolchain.
    for image, tag in (
        ("louislam/uptime-kuma:base2", "base2"),
        ("louislam/uptime-kuma:base2-slim", "base2-slim"),
        ("louislam/uptime-kuma:nightly2", "nightly2"),
    ):
        (finding,) = check([image], config={"select": ["TS003"]})
        assert f"'{tag}' names no version, so" in finding.message
    (jdk,) = check(["acme/app:jdk17-slim"], config={"select": ["TS003"]})
    assert "('jdk17' is what it is built with)" in jdk.message
    # infiniflow/ragflow's CI: infiniflow/infinity_builder:ubuntu22_clang20 (a compiler)
    (clang,) = check(["infiniflow/infinity_builder:ubuntu22_clang20"], config={"select": ["TS003"]})
    assert "('clang20' is what it is built with)" in clang.message
    # a toolchain's version written with `_` for its dot (PyTorch's cuda11_8, PHP's php7_4)
    (php,) = check(["acme/app:php7_4-fpm"], config={"select": ["TS003"]})
    assert "('php7_4' is what it is built with)" in php.message
    (named,) = check(["datagov/catalog-db:inventory2_8"], config={"select": ["TS003"]})
    assert "'inventory2_8' names no version, so" in named.message


@pytest.mark.parametrize(
    ("reference", "fires"),
    [
        # apache/arrow-adbc's compose.yaml: PostgreSQL 18.4 with TimescaleDB 2.29.1, both to
        # the patch: the tag pins the image's own release, by a short name of it (survey 17b)
        ("timescale/timescaledb-ha:pg18.4-ts2.29.1-all-oss", False),
        ("timescale/timescaledb-ha:pg18", True),  # (the PostgreSQL major only: it moves)
        ("timescale/timescaledb-ha:pg18.4-all-oss", True),
        ("acme/app:python3.10.4-slim", True),  # (a toolchain's release, not the image's)
        # logseq/logseq's Dockerfile: the official clojure image's tags name the release of
        # the build tool it ships (Clojure CLI 1.11.1.1208) beside its JDK (survey 33c)
        ("clojure:temurin-11-tools-deps-1.11.1.1208-bullseye-slim", False),
        ("clojure:temurin-21-lein-2.11.2-bookworm", False),
        ("clojure:temurin-21-tools-deps-bookworm", True),  # (no release of the tool: it moves)
        ("clojure:temurin-21-lein", True),
        # nocobase/nocobase's docker-compose.yml: KingbaseES names its releases in the VRC
        # scheme, V9R1C1 build 0030: one build, that never moves (survey s38g)
        ("registry.cn-shanghai.aliyuncs.com/nocobase/kingbase:v009r001c001b0030_single_x86", False),
        ("acme/gaussdb:V800R023C10SPC100", False),
        ("acme/kingbase:v009r001c001", True),  # (no build: the release may be rebuilt)
    ],
)
def test_a_word_and_a_whole_release_pin_the_image(reference: str, fires: bool) -> None:
    found = check([reference], config={"select": ["TS003"]}, as_of=DAY)
    assert bool(found) is fires


def test_edge_among_the_browsers_an_image_ships_is_the_browser_not_the_channel() -> None:
    # sitespeedio/sitespeed.io's Dockerfile: FROM sitespeedio/webbrowsers:chrome-150.0-
    # firefox-153.0-edge-150.0 said "follows the 'edge' channel": Edge 150.0 is Microsoft's
    # browser, as Chrome 150.0 and Firefox 153.0 beside it (survey s41c)
    browsers = "sitespeedio/webbrowsers:chrome-150.0-firefox-153.0-edge-150.0"
    assert check([browsers], config={"select": ["TS003"]}, as_of=DAY) == []
    # cypress/browsers' older tags name Edge without its version: still no channel
    cypress = "cypress/browsers:node18.12.0-chrome107-ff106-edge"
    (old,) = check([cypress], config={"select": ["TS003"]}, as_of=DAY)
    assert "channel" not in old.message
    # alone, or beside no browser, edge is the channel
    for reference in ("alpine:edge", "acme/app:edge", "acme/app:1.2-edge", "acme/ffmpeg:edge"):
        (finding,) = check([reference], config={"select": ["TS003"]}, as_of=DAY)
        assert "follows the 'edge' channel" in finding.message
