"""Tag anatomy: examples, the real corpus, ordering, and the explain command."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from tagsense import InvalidReference, Tag, newest, parse_reference, parse_tag, sort_tags
from tagsense.cli import main

DATA = Path(__file__).parent / "data"

# --- the examples of the issue, one row a case --------------------------------

# image, tag, version, precision, prerelease, os (family:codename-or-version), floating
EXAMPLES = [
    ("redis", "7.0-rc-bullseye", "7.0", "minor", "rc", "debian:bullseye", True),
    ("node", "17-buster-slim", "17", "major", None, "debian:buster", True),
    (None, "alpine3.19", None, None, None, "alpine:3.19", True),
    ("ubuntu", "jammy-20240111", None, None, None, "ubuntu:jammy", False),
    ("ubuntu", "22.04", "22.04", "minor", None, "ubuntu:jammy", True),
    ("debian", "12.5-slim", "12.5", "minor", None, "debian:bookworm", True),
    ("alpine", "3.21", "3.21", "minor", None, "alpine:3.21", True),
    ("alpine", "3.21.2", "3.21.2", "patch", None, "alpine:3.21", False),
    (None, "windowsservercore-ltsc2022", None, None, None, "windows-servercore:ltsc2022", True),
    (None, "3.13.0rc1", "3.13.0", "patch", "rc1", None, False),
    (None, "1.22rc1", "1.22", "minor", "rc1", None, True),  # a prerelease pins nothing
    (None, "8.5.10RC1", "8.5.10", "patch", "RC1", None, False),
    (None, "9.0.0.RC1", "9.0.0", "patch", "RC1", None, False),
    # SemVer's dot-separated prerelease identifiers (LND's candidates: v0.19.0-beta.rc1)
    (None, "v0.19.0-beta.rc1", "0.19.0", "patch", "beta.rc1", None, False),
    (None, "2.0.0-alpha.beta", "2.0.0", "patch", "alpha.beta", None, False),
    (None, "19beta3", "19", "major", "beta3", None, True),
    (None, "v2.10", "2.10", "minor", None, None, True),
    (None, "2026.07.1", "2026.07.1", "patch", None, None, False),
    (None, "17.0.9_9-jdk-jammy", "17.0.9", "patch", None, "ubuntu:jammy", False),
    (None, "8u392-b08-jre", "8u392", "patch", None, None, False),
    (None, "23-ea-46-jdk", "23", "major", "ea-46", None, True),
    (
        None,
        "8.0.100-preview.7-bookworm-slim",
        "8.0.100",
        "patch",
        "preview.7",
        "debian:bookworm",
        False,
    ),
    (None, "5.0.0-M1", "5.0.0", "patch", "M1", None, False),
    (None, "1.0-SNAPSHOT", "1.0", "minor", "SNAPSHOT", None, True),
    (None, "v1.30.0-go1.20rc1-bullseye.0", "1.30.0", "patch", None, "debian:bullseye", False),
    (None, "1.25.3-debian-11-r1", "1.25.3", "patch", None, "debian:bullseye", False),
    (None, "ubi9", None, None, None, "ubi:9", True),
    (None, "8-al2023-jre", "8", "major", None, "amazonlinux:2023", True),
    (None, "7.9-ol-7", "7.9", "minor", None, "oraclelinux:7", True),
    (None, "3.0-azurelinux3.0", "3.0", "minor", None, "azurelinux:3.0", True),
    (None, "8.0-cbl-mariner2.0-distroless", "8.0", "minor", None, "cbl-mariner:2.0", True),
    (None, "6.0-nanoserver-1809", "6.0", "minor", None, "windows-nanoserver:ltsc2019", True),
    (None, "20H2", None, None, None, None, True),  # no Windows context: no OS
    (
        "mcr.microsoft.com/windows/servercore",
        "20H2",
        None,
        None,
        None,
        "windows-servercore:20H2",
        True,
    ),
    (
        "mcr.microsoft.com/windows/nanoserver",
        "10.0.17763.2803",
        "10.0.17763.2803",
        "patch",
        None,
        "windows-nanoserver:ltsc2019",
        False,
    ),
    (None, "2004", "2004", "major", None, None, True),  # a number outside Windows
    # 2009 is 20H2's version number (microsoft/iis-docker's windowsservercore-2009/Dockerfile)
    (
        "mcr.microsoft.com/windows/servercore",
        "2009",
        None,
        None,
        None,
        "windows-servercore:20H2",
        True,
    ),
    ("gcr.io/distroless/static-debian12", "nonroot", None, None, None, "debian:bookworm", True),
    # the OS's release as a word of its own in the path: ROCm's images, which ollama, TGI and
    # LocalAI build their GPU variants on
    ("rocm/dev-ubuntu-22.04", "6.3.1-complete", "6.3.1", "patch", None, "ubuntu:jammy", False),
    ("rocm/dev-almalinux-8", "7.2.1", "7.2.1", "patch", None, "almalinux:8", False),
    ("acme/python-3.12", "1.0.0", "1.0.0", "patch", None, None, False),  # (no OS's name)
    ("node", "iron-alpine", None, None, None, "alpine:", True),
    # ROS Kinetic, not Ubuntu 16.10: built on Ubuntu 16.04 (REP 2000)
    ("ros", "kinetic", None, None, None, "ubuntu:xenial", True),
    ("ros", "rolling-ros-base", None, None, None, None, True),  # (rolling: whichever Ubuntu)
    (None, "kinetic", None, None, None, "ubuntu:kinetic", True),
    # OpenAirInterface's weekly builds (Gradiant/5g-charts' gradiant/oai:2021.w36): a year and
    # its week, as a build date (a week past 53 is no date)
    ("gradiant/oai", "2021.w36", None, None, None, None, False),
    ("oaisoftwarealliance/oai-gnb", "2024.w30-arm64", None, None, None, None, False),
    (None, "2021.w54", None, None, None, None, True),
    # network operating systems' releases, as containerlab topologies run them (survey 34b):
    # Arista EOS's F train, Nokia SR OS's release, Junos's release and build
    ("ceos", "4.32.0F", "4.32.0", "patch", None, None, False),
    ("vrnetlab/vr-sros", "21.2.R1", "21.2", "minor", None, None, False),
    ("vrnetlab/vr-vmx", "20.2R1.10", "20.2", "minor", None, None, False),
    ("vrnetlab/vr-vjunosevolved", "23.2R1-S1.8-EVO", "23.2", "minor", None, None, False),
    (None, "1.2F", None, None, None, None, True),  # (a train needs a whole version)
]


def os_label(tag: Tag) -> str | None:
    if tag.os is None:
        return None
    return f"{tag.os.family}:{tag.os.codename or tag.os.version or ''}"


@pytest.mark.parametrize(
    ("image", "text", "version", "precision", "prerelease", "os", "floating"), EXAMPLES
)
def test_examples(
    image: str | None,
    text: str,
    version: str | None,
    precision: str | None,
    prerelease: str | None,
    os: str | None,
    floating: bool,
) -> None:
    tag = parse_tag(text, image=image)
    assert (tag.version, tag.precision, tag.prerelease) == (version, precision, prerelease)
    assert os_label(tag) == os
    assert tag.is_floating is floating


def test_the_design_example() -> None:
    tag = parse_reference("redis:7.0-rc-bullseye").tag_info
    assert tag is not None
    assert (tag.version, tag.release, tag.precision, tag.prerelease) == (
        "7.0",
        (7, 0),
        "minor",
        "rc",
    )
    assert tag.os is not None
    assert (tag.os.family, tag.os.version, tag.os.codename) == ("debian", "11", "bullseye")
    assert tag.os.released == datetime.date(2021, 8, 14)
    assert tag.os.eol is not None and tag.os.eol_extended is not None
    assert (tag.flavours, tag.variants, tag.alias) == ((), (), None)
    assert (tag.date, tag.revision, tag.arch) == (None, None, None)
    assert tag.is_floating


#: Weaviate's text vectoriser, tagged by the model it serves (and the image's release).
_WEAVIATE = "semitechnologies/transformers-inference:"
_BGE = ("baai", "bge", "small", "en", "v1.5", "onnx")
_SBT = "sbtscala/scala-sbt"
_SBT_JDK = "eclipse-temurin-25.0.3_9"


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("node:17-buster-slim", "flavours", ("slim",)),
        ("openjdk:17-jdk-alpine3.15", "variants", ("jdk",)),
        ("php:8.3-fpm-alpine", "variants", ("fpm",)),
        ("elixir:1.17-otp-27-alpine", "variants", ("otp-27",)),
        ("maven:3.9-eclipse-temurin-17", "variants", ("eclipse-temurin-17",)),
        ("kube-cross:v1.30.0-go1.22.5-bullseye.0", "variants", ("go1.22.5",)),
        ("x:24.08.83802.minimal", "flavours", ("minimal",)),
        ("nginx:mainline-alpine3.21-slim", "alias", "mainline"),
        ("redis:lts-7.2-alpine", "alias", "lts"),
        ("nginx:latest-alpine", "alias", "latest"),
        ("debian:rc-buggy", "alias", "rc-buggy"),
        ("x:20240111", "date", "20240111"),
        ("x:v20231011", "date", "20231011"),
        ("x:20260811.1", "revision", "1"),
        # a date and time in ISO 8601's basic form: nextstrain/base's builds are tagged
        # build-20240318T173028Z (broadinstitute/viral-pipelines: 16 false TS003 "no version")
        ("nextstrain/base:build-20240318T173028Z", "date", "20240318"),
        ("nextstrain/base:build-20240318T173028Z", "is_floating", False),
        ("x:20240318T1730", "date", "20240318"),
        ("x:20240318T2530Z", "date", None),  # (no hour 25: no time, no date)
        ("bitnami/redis:7.2.4-debian-12-r1", "revision", "r1"),
        ("linuxserver/plex:1.40.0-ls248", "revision", "ls248"),
        ("mssql/server:2019-CU15-ubuntu-20.04", "revision", "CU15"),
        ("windows/servercore:1809-KB4493509-amd64", "revision", "KB4493509"),
        ("x:1.2.3-1", "revision", "1"),
        # Rancher's hardened images: Go 1.26.7, build 2 (a beta follows a .0, never a patch)
        ("rancher/hardened-build-base:v1.26.7b2", "revision", "b2"),
        ("rancher/hardened-build-base:v1.26.7b2", "prerelease", None),
        ("python:3.13.0b1", "prerelease", "b1"),
        # a letter alone after a version is a release's (STAR 2.7.9a in broadinstitute/warp's
        # images, Control-FREEC 11.6b in nf-core/sarek's biocontainers: 9 false TS005)
        ("us.gcr.io/broad-gotc-prod/star:1.0.0-2.7.9a-1658781884", "prerelease", None),
        ("quay.io/biocontainers/control-freec:11.6b--hde5307d_3", "prerelease", None),
        ("quay.io/biocontainers/control-freec:11.6b--hde5307d_3", "revision", "b"),
        ("x:2.7.10a", "version", "2.7.10"),
        ("x:1.0b1", "prerelease", "b1"),  # (a beta has its number)
        ("x:1.0.0-beta", "prerelease", "beta"),
        # a calendar version after the version is the image's own release
        # (home-assistant/supervisor's base image): it pins, as a revision does
        ("x:3.14-alpine3.24-2026.06.1", "revision", "2026.06.1"),
        ("x:3.14-alpine3.24-2026.06.1", "is_floating", False),
        ("x:3.14-2026.06", "revision", "2026.06"),
        ("x:3.14-2026.06.1-amd64", "revision", "2026.06.1"),
        ("x:3.14-7.3.23", "revision", None),  # (pypy's own version: no calendar's)
        ("x:2026.06.1", "revision", None),  # (the version itself)
        ("gitlab/gitlab-ce:16.4.1-ce.0", "revision", "0"),
        ("x:sha-c8dc44cb", "sha", "c8dc44cb"),
        # git describe's g and a v before a commit (vectordotdev/vector's datadog/fakeintake)
        ("x:v1.5.1-58-g787ea74b6", "sha", "g787ea74b6"),
        ("datadog/fakeintake:v77a06f2b", "sha", "v77a06f2b"),
        ("datadog/fakeintake:v77a06f2b", "is_floating", False),
        ("x:v1234567", "sha", None),  # (no letter: a version)
        ("x:vdeadbee", "sha", None),  # (no digit: a word)
        # a number of seven digits or more is a build's or a commit's, no release line's
        # (percona's e2e tests run perconalab/version-service:main-6971486: false TS004)
        ("perconalab/version-service:main-6971486", "revision", "6971486"),
        ("perconalab/version-service:main-6971486", "version", None),
        ("perconalab/version-service:main-6971486", "is_floating", False),
        ("x:1700000000", "revision", "1700000000"),
        ("x:1234567-alpine", "is_floating", False),
        ("x:20240111", "revision", None),  # (a date)
        ("x:123456", "version", "123456"),  # (six: a version, as before)
        # six digits that are a date, YYMMDD: photoprism builds its dummy-webdav and
        # dummy-oidc images tagged `$(date -u +%y%m%d)` (4 false TS004 "major version 240627")
        ("photoprism/dummy-webdav:240627", "date", "20240627"),
        ("photoprism/dummy-webdav:240627", "version", None),
        ("photoprism/dummy-webdav:240627", "is_floating", False),
        ("photoprism/photoprism:240915-e1280b2fb", "date", "20240915"),
        ("x:3.2-231015", "date", "20231015"),
        ("x:231315", "version", "231315"),  # (no month 13: a version)
        # a version and its commit after a dot (ray-project/kuberay's samples run
        # rayproject/ray-ml:2.46.0.0e19ea-py39: release 2.46.0, commit 0e19ea; 7 false TS003)
        ("rayproject/ray-ml:2.46.0.0e19ea-py39", "sha", "0e19ea"),
        ("rayproject/ray-ml:2.46.0.0e19ea-py39", "version", "2.46.0"),
        ("rayproject/ray-ml:2.46.0.0e19ea-py311-gpu", "is_floating", False),
        ("x:1.2.3.1e5", "sha", None),  # (a letter that is no commit's alone: hex needs six)
        # a Python post-release (PEP 440) glued on: vllm's v0.8.5.post1 and sglang's
        # v0.4.6.post1-cu124 are release 0.8.5 (0.4.6) rebuilt, fixed (were TS003 "no version")
        ("vllm/vllm-openai:v0.8.5.post1", "version", "0.8.5"),
        ("vllm/vllm-openai:v0.8.5.post1", "revision", "post1"),
        # a patch level glued on, pN: rucio's dev compose runs indigoiam/iam-login-service:
        # v1.8.2p2, release 1.8.2's patch level 2 (survey s46e: a false TS003 "no version")
        ("indigoiam/iam-login-service:v1.8.2p2", "version", "1.8.2"),
        ("indigoiam/iam-login-service:v1.8.2p2", "revision", "p2"),
        ("indigoiam/iam-login-service:v1.8.2p2", "is_floating", False),
        ("x:4.2.8p17", "version", "4.2.8"),
        ("x:8p1", "version", None),  # (no dot: too little to read)
        ("lmsysorg/sglang:v0.4.6.post1-cu124", "version", "0.4.6"),
        ("lmsysorg/sglang:v0.4.6.post1-cu124", "variants", ("cu124",)),
        ("lmsysorg/sglang:v0.4.6.post1-cu124", "is_floating", False),
        ("x:1.2.3post2", "revision", "post2"),
        # and with a `v` before it and no dot (vllm-project/production-stack's tests install
        # lmcache/vllm-openai:v0.3.9post2: was the variant `v0.3.9post2`, 1 false TS003)
        ("lmcache/vllm-openai:v0.3.9post2", "version", "0.3.9"),
        ("lmcache/vllm-openai:v0.3.9post2", "revision", "post2"),
        ("lmcache/vllm-openai:v0.3.9post2", "is_floating", False),
        ("x:vpost2", "version", None),  # (no version before it: a word)
        # words after a version's dots read as after a '-' (risingwave's integration tests run
        # ghcr.io/risingwavelabs/vector:0.33.1.custom.7e244e087-debian, debezium-examples
        # builds FROM informix-developer-database:14.10.FC9W1DE: 2 false TS003 "no version")
        ("risingwavelabs/vector:0.33.1.custom.7e244e087-debian", "version", "0.33.1"),
        ("risingwavelabs/vector:0.33.1.custom.7e244e087-debian", "sha", "7e244e087"),
        ("risingwavelabs/vector:0.33.1.custom.7e244e087-debian", "is_floating", False),
        ("informix/informix-developer-database:14.10.FC9W1DE", "version", "14.10"),
        ("x:custom.1.2.3", "version", None),  # (a word first: no version then words)
        ("x:post1", "version", None),  # (no version before it: a word)
        # Azure ML's images are a build date and its revision: 20240709.v1 (was "no version")
        ("mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240709.v1", "revision", "v1"),
        ("mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240709.v1", "date", "20240709"),
        ("mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240709.v1", "is_floating", False),
        # a tag that opens with a name of several words (a model's, weaviate's modules): the
        # name's numbers are not the image's version; a full version after it is
        (_WEAVIATE + "sentence-transformers-multi-qa-MiniLM-L6-cos-v1-1.9.2", "version", "1.9.2"),
        (_WEAVIATE + "sentence-transformers-multi-qa-MiniLM-L6-cos-v1-1.9.2", "is_floating", False),
        (_WEAVIATE + "baai-bge-small-en-v1.5-onnx-1.9.2", "version", "1.9.2"),
        (_WEAVIATE + "baai-bge-small-en-v1.5-onnx-1.9.2", "variants", _BGE),
        (_WEAVIATE + "baai-bge-small-en-v1.5-onnx", "version", None),
        (_WEAVIATE + "baai-bge-small-en-v1.5-onnx", "variants", _BGE),
        (_WEAVIATE + "baai-bge-small-en-v1.5-onnx", "is_floating", True),
        ("semitechnologies/model2vec-inference:minishlab-potion-base-8M-1.0.0", "prerelease", None),
        ("semitechnologies/model2vec-inference:minishlab-potion-retrieval-32M", "version", None),
        ("semitechnologies/model2vec-inference:minishlab-potion-retrieval-32M", "prerelease", None),
        # a GGUF quantization (Docker Model Runner's ai/ models, docker/compose-for-agents@
        # c47af8c51050 a2a/compose.dmr.yaml: `model: ai/gemma3:4B-Q4_0`): no version 0, no
        # prerelease M; the tag names no version (survey 35e)
        ("ai/gemma3:4B-Q4_0", "version", None),
        ("ai/gemma3:4B-Q4_0", "variants", ("Q4_0",)),
        ("ai/gemma3:27B-Q4_K_M", "prerelease", None),
        ("ai/gemma3:27B-Q4_K_M", "variants", ("Q4_K_M",)),
        ("ai/x:IQ2_XXS", "version", None),
        ("x:1.2-Q8_0", "version", "1.2"),
        ("x:Q1_2024", "variants", ("Q1",)),  # (a quarter, no quantization: as before)
        ("x:a-b-c-1.2.3", "version", "1.2.3"),  # (a full version after a name: as before)
        ("x:a-b-c-1.2-jdk", "version", None),
        ("x:a-b-1.2", "version", "1.2"),  # (two words: a variant's, jupyter's cuda12-pytorch-2.3)
        ("x:a-b-c-1.2-python-3.12.1", "version", None),  # (a toolchain's version: not the image's)
        ("x:a-b-c-1.2-r5", "version", "1.2"),  # (a build: as before)
        ("x:a-b-c-1.2-20240111", "version", "1.2"),
        ("x:latest-a-b-c-1.2", "alias", "latest"),
        # a number after a word after a leading channel is the word's version: strimzi's
        # latest-kafka-4.1.0 is the newest operator build for Kafka 4.1.0, and it moves
        ("quay.io/strimzi/kafka:latest-kafka-4.1.0", "version", None),
        ("quay.io/strimzi/kafka:latest-kafka-4.1.0", "variants", ("kafka-4.1.0",)),
        ("quay.io/strimzi/kafka:latest-kafka-4.1.0", "is_floating", True),
        ("quay.io/strimzi/kafka:0.48.0-kafka-4.1.0", "is_floating", False),
        # a build number right after a leading channel is one build of it: jitsi's release
        # tags (docker-jitsi-meet's compose files at a release, stable-9584; was the channel)
        ("jitsi/web:stable-9584", "revision", "9584"),
        ("jitsi/web:stable-9584", "alias", "stable"),
        ("jitsi/web:stable-9584", "version", None),
        ("jitsi/web:stable-9584", "is_floating", False),
        ("jitsi/web:stable-10008-1", "revision", "10008"),
        ("jitsi/web:stable-10008-1", "is_floating", False),
        ("wordpress:beta-5", "is_floating", True),  # (beta of 5.x: a major, as before)
        ("x:stable-7", "version", "7"),
        ("nuxeo:LTS-2015", "is_floating", True),  # (a year: the release line, as before)
        ("x:esr-128", "revision", None),  # (three digits: a major a channel may follow)
        ("debian:stable-20260803", "date", "20260803"),  # (a date, as before)
        ("nginx:stable-alpine", "is_floating", True),
        ("x:1.2-stable-9584", "version", "1.2"),  # (not the tag's first part: as before)
        # a tag that is only a runtime and its number, on an image of no runtime's own: the
        # runtime's version is the tag's (Pterodactyl's yolks, which parkervcp/eggs pull:
        # java_17 floats with every Java 17 release, was "names no version")
        ("ghcr.io/pterodactyl/yolks:java_17", "version", "17"),
        ("ghcr.io/pterodactyl/yolks:java_17", "precision", "major"),
        ("ghcr.io/pterodactyl/yolks:java_17", "variants", ("java",)),
        ("ghcr.io/parkervcp/yolks:python_3.11", "version", "3.11"),
        ("ghcr.io/parkervcp/yolks:nodejs-18", "is_floating", True),
        ("clojure:temurin-17", "version", None),  # (an official image's base: as before)
        ("acme/gradle:jdk-17", "version", None),  # (a runtime's own image: its version is another)
        ("acme/builder:go-1.21.3", "version", None),  # (a full version: the build's, as before)
        # an OS and one of its majors that names its releases by more opens a tag: the OS's,
        # not the image's version (steamcmd/steamcmd:ubuntu-22 is steamcmd on Ubuntu 22.04,
        # which wolveix/satisfactory-server and mbround18/valheim-docker build FROM: 2 false
        # TS004 "floating major version '22'")
        ("steamcmd/steamcmd:ubuntu-22", "version", None),
        ("steamcmd/steamcmd:ubuntu-22", "is_floating", True),
        ("x:ubuntu-22-1.2.3", "version", "1.2.3"),
        ("x:ubuntu-99", "version", "99"),  # (no Ubuntu 99.x: the image's, as before)
        ("redis:lts-7.2-alpine", "version", "7.2"),  # (no word between: the image's)
        ("dotnet/aspnet:10.0.11-noble-amd64", "arch", "amd64"),
        ("x:1.0-arm64v8", "arch", "arm64v8"),
        # an application's tag that opens with its OS, then its own full version
        # (supabase/realtime's CI runs denoland/deno:alpine-2.5.6: no Alpine 2.5, no TS003)
        ("denoland/deno:alpine-2.5.6", "version", "2.5.6"),
        ("denoland/deno:alpine-2.5.6", "is_floating", False),
        ("denoland/deno:debian-2.5.6-amd64", "version", "2.5.6"),
        ("readthedocs/build:ubuntu-24.04", "version", None),  # (the OS's release)
        ("x:alpine-3.19", "version", None),
        ("x:1.2.3-alpine-3.19.1", "version", "1.2.3"),
        ("alpine:alpine-3.19.1", "version", "3.19.1"),  # (an OS image's tag is its release)
        # ... and an application's tag that opens with an OS then a number no release of that
        # OS has (cytopia/devilbox's docker-compose.yml runs cytopia/bind:alpine-0.35: there
        # is no Alpine 0.35, so no false TS003 "names no version")
        ("cytopia/bind:alpine-0.35", "version", "0.35"),
        ("x:alpine-4.1", "version", "4.1"),
        # (Debian 2.2 "potato" was a release, but ended in 2003, before any container: no
        # image's base; fluent/fluentd-kubernetes-daemonset's Dockerfiles build FROM
        # fluent/fluentd:v1.4.2-debian-2.0, the image's revision 2.0: 46 false TS006 "Debian
        # 2.0 (hamm)", "Debian 1.2 (rex)")
        ("x:debian-2.2", "version", "2.2"),
        ("fluent/fluentd:v1.4.2-debian-2.0", "version", "1.4.2"),
        ("fluent/fluentd:v1.12.4-debian-1.2", "is_floating", False),
        ("x:1.0-debian-7", "version", "1.0"),
        ("x:alpine-3.30", "version", None),  # (a release newer than the table: the OS's)
        # ... and a major's first point release, where the OS names its releases by the major
        # (zabbix/zabbix-docker's docker-compose_v3_centos_mysql_latest.yaml runs
        # zabbix/zabbix-server-mysql:centos-7.0-latest: Zabbix 7.0, 36 false TS006 "CentOS 7"
        # and "Oracle Linux 7" for its centos- and ol- files)
        ("zabbix/zabbix-server-mysql:centos-7.0-latest", "version", "7.0"),
        ("zabbix/zabbix-agent:ol-7.0-latest", "version", "7.0"),
        ("x:centos-7", "version", None),  # (the major alone: the OS's)
        ("mcr.microsoft.com/powershell:ubi-8.4", "version", None),  # (a later point release)
        ("x:debian-12.5", "version", None),
        # a capital V and a dot after the v mark a version too (broadinstitute/warp@fd82316:
        # all_of_us/rna_seq/GTEx/rsem.wdl's gtex_rnaseq:V10, tasks/wdl/InternalTasks.wdl's
        # emerge_wdls:v.1.0; 10 false TS003 "names no version")
        ("gcr.io/broad-cga-francois-gtex/gtex_rnaseq:V10", "version", "10"),
        ("gcr.io/broad-cga-francois-gtex/gtex_rnaseq:V10", "precision", "major"),
        ("gcr.io/emerge-production/emerge_wdls:v.1.0", "version", "1.0"),
        ("gcr.io/emerge-production/emerge_wdls:v.1.0", "release", (1, 0)),
        ("x:V1.2.3-alpine", "version", "1.2.3"),
        ("x:V1.2.3-alpine", "is_floating", False),
        ("x:foo-V2", "version", "2"),
        ("x:v.1.0-slim", "flavours", ("slim",)),
        ("x:v.", "version", None),  # (a mark and no number: no version)
        # a commit of six hex digits after a '_' pins the build, as seven do (warp's
        # tasks/wdl/UltimaGenomicsWholeGenomeGermlineTasks.wdl: 4 false TS003)
        ("us.gcr.io/broad-dsde-methods/broad-gatk-snapshots:UG_vc_cfa2f0", "sha", "cfa2f0"),
        ("us.gcr.io/broad-dsde-methods/broad-gatk-snapshots:UG_vc_cfa2f0", "is_floating", False),
        ("x:cfa2f0_x", "sha", None),  # (first: a name, not a build's commit)
        ("x:a_aaaaaa", "sha", None),  # (no digit: a word)
        ("x:a_123456", "sha", None),  # (no letter: no commit)
        # a number of four digits or more led by a zero is no release's: a build's or a date
        # (broadinstitute/gatk@51797aa scripts/mitochondria_m2_wdl/AlignAndCall.wdl's
        # haplochecker:haplochecker-0124: a false TS004 "floating major version '0124'")
        ("us.gcr.io/broad-dsde-methods/haplochecker:haplochecker-0124", "version", None),
        ("us.gcr.io/broad-dsde-methods/haplochecker:haplochecker-0124", "revision", "0124"),
        ("us.gcr.io/broad-dsde-methods/haplochecker:haplochecker-0124", "is_floating", False),
        ("x:0124", "version", None),
        ("x:1.2-0124", "revision", "0124"),
        ("x:foo-012", "version", "012"),  # (three digits: as before)
        ("x:0.12", "version", "0.12"),
        # a bare number glued by '_' to a variant's version is that version's build (Java's
        # 25.0.3+9): lichess-org/lila-docker@HEAD docker/sbt.Dockerfile's sbtscala/scala-sbt:
        # eclipse-temurin-25.0.3_9_1.12.13_3.8.4 is sbt 1.12.13 on Temurin 25.0.3+9 (4 false
        # TS004 "floating major version '9'")
        (f"{_SBT}:eclipse-temurin-25.0.3_9_1.12.13_3.8.4", "version", "1.12.13"),
        (f"{_SBT}:eclipse-temurin-25.0.3_9_1.12.13_3.8.4", "is_floating", False),
        (f"{_SBT}:eclipse-temurin-25.0.3_9_1.12.13_3.8.4", "variants", (_SBT_JDK,)),
        (f"{_SBT}:eclipse-temurin-21.0.2_13_1.9.9_3.4.0", "version", "1.9.9"),
        ("x:1.2-temurin-17.0.4_1", "version", "1.2"),  # (the image's version stays its own)
        ("x:python3.11_2", "variants", ("python3.11_2",)),  # (a glued toolchain: as before)
    ],
)
def test_fields(text: str, field: str, value: object) -> None:
    tag = parse_reference(text).tag_info
    assert getattr(tag, field) == value


@pytest.mark.parametrize(
    ("text", "release"),
    [
        ("zabbix/zabbix-server-mysql:centos-7.0-latest", None),  # (the family alone)
        ("zabbix/zabbix-agent:ol-7.0-latest", None),
        ("x:centos-7", "7"),
        ("mcr.microsoft.com/powershell:ubi-8.4", "8"),
        ("x:debian-12.5", "12"),
        ("fluent/fluentd:v1.4.2-debian-2.0", None),  # (before containers: the family alone)
        ("x:1.0-debian-7", "7"),  # (wheezy, 2013-2018: debian:wheezy was an image)
        ("x:centos-5", "5"),
    ],
)
def test_the_os_release_a_tag_names_after_an_os_word(text: str, release: str | None) -> None:
    os_release = parse_reference(text).tag_info.os
    assert (os_release.version if os_release is not None else None) == release


def test_a_leading_os_before_a_full_version_names_no_os_release() -> None:
    tag = parse_reference("denoland/deno:alpine-2.5.6").tag_info
    assert [(t.text, t.kind) for t in tag.tokens] == [("alpine", "os"), ("2.5.6", "version")]
    assert tag.os is not None and tag.os.version is None
    ubuntu = parse_reference("readthedocs/build:ubuntu-24.04").tag_info
    assert ubuntu.os is not None and ubuntu.os.version == "24.04"


@pytest.mark.parametrize(
    ("text", "tokens", "os_release"),
    [
        # collectd/collectd's CI images (.github/workflows, survey 29x): "x86_64" was split at
        # '_' into the arch "x86" and a version 64 (false TS004 "version 64"), and "el7" was
        # no OS (Enterprise Linux 7, as RPM's ".el7": CentOS 7's end of life missed)
        ("collectd/ci:el7_x86_64", [("el7", "os"), ("x86_64", "arch")], ("rhel", "7")),
        ("collectd/ci:fedora28_x86_64", [("fedora28", "os"), ("x86_64", "arch")], ("fedora", "28")),
        # tarantool/tarantool's .gitlab.mk: packpack/packpack:el-7 (false TS004 "major 7")
        ("packpack/packpack:el-7", [("el-7", "os")], ("rhel", "7")),
        ("x:1.2_x86_64", [("1.2", "version"), ("x86_64", "arch")], None),
        ("x:el", [("el", "variant")], None),  # ("el" alone names no OS)
    ],
)
def test_an_underscored_x86_64_is_one_arch_and_el_names_enterprise_linux(
    text: str, tokens: list[tuple[str, str]], os_release: tuple[str, str] | None
) -> None:
    tag = parse_reference(text).tag_info
    assert [(t.text, t.kind) for t in tag.tokens] == tokens
    assert tag.version is None or tag.version != "64"
    found = (tag.os.family, tag.os.version) if tag.os is not None else None
    assert found == os_release


def test_tokens_cover_the_tag_with_spans() -> None:
    tag = parse_tag("3.13.0rc1-alpine3.19-amd64")
    assert [(t.text, t.kind) for t in tag.tokens] == [
        ("3.13.0", "version"),
        ("rc1", "prerelease"),
        ("alpine3.19", "os"),
        ("amd64", "arch"),
    ]
    for token in tag.tokens:
        assert tag.text[token.start : token.end] == token.text
    assert tag.tokens[2].meaning == "Alpine Linux 3.19"


@pytest.mark.parametrize(
    ("image", "tag", "version", "floating"),
    [
        # banzaicloud/koperator, config/samples/simplekafkacluster.yaml (23 manifests)
        ("ghcr.io/banzaicloud/kafka", "2.13-3.4.1", "3.4.1", False),
        ("wurstmeister/kafka", "2.12-2.2.1", "2.2.1", False),
        ("wurstmeister/kafka", "2.11-1.1", "1.1", True),
        ("wurstmeister/kafka", "2.13-2.8.1-alpine3.18", "2.8.1", False),
        ("acme/kafka-connect", "2.13-3.7.0", "3.7.0", False),
        # (only a Kafka image's tag opens with its Scala version)
        ("postgis/postgis", "16-3.4", "16", True),
        ("acme/app", "2.13-3.4.1", "2.13", True),
        ("wurstmeister/kafka", "2.13", "2.13", True),
    ],
)
def test_a_kafka_tag_opens_with_the_scala_version_it_is_built_with(
    image: str, tag: str, version: str, floating: bool
) -> None:
    info = parse_tag(tag, image=image)
    assert (info.version, info.is_floating) == (version, floating)
    for token in info.tokens:
        assert info.text[token.start : token.end] == token.text
    if version != tag.partition("-")[0]:
        assert info.tokens[0].kind == "variant" and info.variants[0] == tag[:4]
        again = parse_tag(tag, image=image)
        assert info == again and hash(info) == hash(again)


@pytest.mark.parametrize(
    ("image", "tag", "version", "prerelease"),
    [
        # koordinator-sh/koordinator, examples/spark-operator-chart/values.yaml
        ("docker.io/koordinatorsh/spark-operator", "v1beta2-1.3.3-3.1.1", "1.3.3", None),
        ("gcr.io/spark-operator/spark-operator", "v1beta2-1.3.8-3.1.1", "1.3.8", None),
        ("acme/operator", "v2alpha1-v0.3.0", "0.3.0", None),
        # (an API version alone, or before no version, is still a prerelease)
        ("acme/app", "v1beta2", "1", "beta2"),
        ("acme/app", "v1beta1-rc1", "1", "beta1"),
        ("acme/app", "v1.2.0-beta2", "1.2.0", "beta2"),
    ],
)
def test_an_operator_tag_opens_with_the_api_version_it_serves(
    image: str, tag: str, version: str, prerelease: str | None
) -> None:
    info = parse_tag(tag, image=image)
    assert (info.version, info.prerelease) == (version, prerelease)
    for token in info.tokens:
        assert info.text[token.start : token.end] == token.text
    if prerelease is None:
        assert info.tokens[0].kind == "variant" and info.variants == (tag.partition("-")[0],)


@pytest.mark.parametrize(
    ("text", "version", "variants"),
    [
        # (ethereum-package's .github/tests: ethpandaops' builds of a devnet's branch, survey
        # s41f: 7 false TS004 "floating major version '6'")
        ("glamsterdam-devnet-6", None, ("glamsterdam", "devnet-6")),
        ("epbs-devnet-0", None, ("epbs", "devnet-0")),
        ("testnet-4", None, ("testnet-4",)),
        ("v1.2.0-devnet-6", "1.2.0", ("devnet-6",)),
        ("1.0-testnet", "1.0", ("testnet",)),
    ],
)
def test_a_number_after_a_network_word_is_the_network_s(
    text: str, version: str | None, variants: tuple[str, ...]
) -> None:
    tag = parse_tag(text)
    assert (tag.version, tag.variants) == (version, variants)


def test_a_toolchain_prerelease_is_not_the_images() -> None:
    tag = parse_tag("v1.30.0-go1.20rc1-bullseye")
    assert tag.prerelease is None
    assert tag.variants == ("go1.20rc1",)


@pytest.mark.parametrize(
    ("text", "prerelease", "variants"),
    [
        # (dydxprotocol/v4-chain's indexer/Dockerfile.*.local: an image built for Apple's M1,
        # survey 38a: 2 false TS005)
        ("16-alpine-m1", None, ("m1",)),
        ("latest-m1", None, ("m1",)),
        # (Maven's milestone, after the version, in either case; upper-case M anywhere)
        ("1.0-m1", "m1", ()),
        ("3.0.0-m1-jdk17", "m1", ("jdk17",)),
        ("5.0.0.M2", "M2", ()),
        ("16-alpine-M1", "M1", ()),
        # (glued to a number of its part, the number's prerelease, as 1.2-0.m4's: the
        # number was dropped from the tokens, found by the dev profile's random examples)
        ("1-0-0.m4", "0.m4", ()),
    ],
)
def test_a_lower_case_milestone_follows_the_version(
    text: str, prerelease: str | None, variants: tuple[str, ...]
) -> None:
    tag = parse_tag(text)
    assert (tag.prerelease, tag.variants) == (prerelease, variants)
    covered = {i for token in tag.tokens for i in range(token.start, token.end)}
    assert all(i in covered for i, c in enumerate(text) if c.isalnum())


@pytest.mark.parametrize(
    ("text", "image"),
    [
        ("V10-nanoserver-ltsc2022", "buildpack-deps"),
        ("3.12.1-11-windowsservercore-ltsc2022", "alpine"),
        ("3.12-ea-nanoserver-sac2016", "fedora"),
    ],
)
def test_a_windows_release_names_the_os_on_any_os_image(text: str, image: str) -> None:
    # A Windows release (ltsc2022) names the tag's OS over the version an OS image's tag
    # otherwise names its release with, as an OS release of its own (22.04-alpine3.19 on
    # ubuntu) does: read whole, or as the rest and the release added (the appending read
    # gave Debian 10, Alpine 3.12, Fedora 3: the dev profile's random examples).
    tag = parse_tag(text, image=image)
    assert tag.os is not None and tag.os.family.startswith("windows-")


def test_invalid_tags_raise_tagsense_errors() -> None:
    with pytest.raises(InvalidReference) as info:
        parse_tag("-bad")
    assert info.value.kind == "invalid-tag"
    with pytest.raises(InvalidReference):
        parse_tag("x" * 129)
    with pytest.raises(InvalidReference):
        parse_tag("")


def test_no_tag_means_no_tag_info() -> None:
    assert parse_reference("redis").tag_info is None
    assert parse_reference("redis@sha256:" + "0" * 64).tag_info is None


# --- Tag and Token are values ---------------------------------------------------


def test_tag_fields_are_named_and_immutable() -> None:
    from tagsense.tag import TAG_FIELDS

    tag = parse_tag("7.0-rc-bullseye", image="redis")
    assert set(TAG_FIELDS) <= set(Tag.__slots__)
    for field in TAG_FIELDS:
        with pytest.raises(AttributeError):
            setattr(tag, field, None)
        with pytest.raises(AttributeError):
            delattr(tag, field)
    with pytest.raises(AttributeError):
        tag.colour = "red"  # type: ignore[attr-defined]
    assert type(tag) is Tag
    assert not hasattr(tag, "__dict__")
    assert tag.version == "7.0"  # unchanged by the attempts


def test_token_is_an_immutable_tuple() -> None:
    token = parse_tag("7.0-rc-bullseye").tokens[2]
    assert (token.text, token.kind, token.start, token.end) == ("bullseye", "os", 7, 15)
    assert tuple(token)[:4] == ("bullseye", "os", 7, 15)
    with pytest.raises(AttributeError):
        token.text = "buster"  # type: ignore[misc]
    assert hash(token) == hash(parse_tag("7.0-rc-bullseye").tokens[2])


def test_tags_hash_compare_and_pickle() -> None:
    import copy
    import pickle

    a = parse_tag("3.12.1-slim", image="python")
    b = parse_tag("3.12.1-slim", image="docker.io/library/python")
    assert a == b and hash(a) == hash(b)  # the same image, however it is written
    assert a != parse_tag("3.12.1-slim", image="pypy")
    assert parse_tag("3.12.1") < parse_tag("3.12.2") <= parse_tag("3.12.2")
    assert {a, b} == {a}
    for again in (pickle.loads(pickle.dumps(a)), copy.copy(a), copy.deepcopy(a)):
        assert again == a
        assert type(again) is Tag
        assert (again.version, again.os, again.flavours) == (a.version, a.os, a.flavours)
        assert again.tokens == a.tokens


# --- the version in front and what follows it, read apart (the fast path) --------


def _read_whole(text: str, image: str | None) -> tuple[object, ...]:
    """The anatomy of a tag read whole, without the caches of versions and tails."""
    from tagsense import _anatomy

    context = _anatomy._context(image)
    anatomy = _anatomy._anatomy(text, context.kind)
    prerelease, os, *details = anatomy.details
    if os is None:
        os = context.image_os
    if os is None and context.codename_os is not None:  # (a ROS distribution's Ubuntu)
        os = context.codename_os.get(details[2] or "")
    fields = (
        anatomy.version,
        anatomy.release,
        anatomy.precision,
        prerelease,
        os,
        *details,
        anatomy.is_floating,
    )
    return (*fields, _anatomy.make_tokens((anatomy.tokens, None)))


def _read(tag: Tag) -> tuple[object, ...]:
    fields = (
        tag.version,
        tag.release,
        tag.precision,
        tag.prerelease,
        tag.os,
        tag.flavours,
        tag.variants,
        tag.alias,
        tag.date,
        tag.revision,
        tag.sha,
        tag.arch,
        tag.is_floating,
    )
    return (*fields, tag.tokens)


def test_a_version_and_its_tail_read_as_the_whole_tag() -> None:
    # parse_tag reads "3.12.1-alpine3.21-amd64" as the version 3.12.1 and the anatomy of
    # "-alpine3.21-amd64" (read once an image kind); reading the whole tag agrees.
    history = DATA / "official-tags-history.tsv"
    rows = corpus() + [
        tuple(line.split("\t")[:2])
        for line in history.read_text().splitlines()
        if not line.startswith(("#", "repo\t"))
    ]
    rows += [("x", "3.14-alpine3.24-2026.06.1"), ("x", "1.2-2026.6-amd64")]  # a calendar release
    rows += [("quay.io/strimzi/kafka", "latest-kafka-4.1.0")]  # a component's version
    rows += [("jitsi/web", "stable-9584"), ("jitsi/web", "stable-9584-1")]  # a channel's build
    for image, text in rows:
        assert _read(parse_tag(text, image=image)) == _read_whole(text, image), (image, text)


def test_the_caches_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    # A service that reads millions of distinct tags of many images must not grow
    # without limit: every cache counts against one budget and is emptied when it is
    # spent (benchmarks/bench_tag.py measures the memory over a million tags).
    from tagsense import _anatomy

    monkeypatch.setattr(_anatomy, "_BUDGET", 200)
    _anatomy._forget()
    sizes = []
    for i in range(3000):
        tag = parse_tag(f"{i}.{i % 7}-q{i}-r{i}-alpine3.{i % 30}", image=f"x{i % 977}/app{i}")
        assert tag.version == f"{i}.{i % 7}" and tag.revision == f"r{i}"
        sizes.append(sum(_anatomy.cache_info().values()))
    assert max(sizes) <= 200
    _anatomy._forget()


# --- the whole corpus ------------------------------------------------------------


def corpus() -> list[tuple[str, str]]:
    rows = []
    for name in ("official-tags.tsv", "other-tags.tsv"):
        for line in (DATA / name).read_text().splitlines():
            if line.startswith(("#", "repo\t", "image\t")):
                continue
            image, tag = line.split("\t")[:2]
            rows.append((image, tag))
    return rows


def test_every_corpus_tag_is_explained() -> None:
    rows = corpus()
    unknown = 0
    for image, text in rows:
        tag = parse_tag(text, image=image)
        assert "".join(t.text for t in tag.tokens).replace("-", "").replace(".", "").replace(
            "_", ""
        ) == text.replace("-", "").replace(".", "").replace("_", "")
        unknown += tag.has_unknown
    share = unknown / len(rows)
    print(f"\n{unknown} of {len(rows)} corpus tags have an unknown part ({share:.2%})")
    assert share <= 0.01


def test_every_os_token_in_the_corpus_is_recognised() -> None:
    import re

    from tagsense import os_releases

    codenames = {
        release.codename
        for release in os_releases.releases()
        if release.family in ("debian", "ubuntu") and release.codename
    } - {"buzz", "rex", "bo", "hamm", "slink"}
    for image, text in corpus():
        if image in ("ros", "node"):
            continue  # their codenames are their own (ROS kinetic, node iron)
        tag = parse_tag(text, image=image)
        words = re.split(r"[-_]", text)
        for word in words:
            base = word.split(".")[0]
            if base in codenames:
                assert tag.os is not None and tag.os.codename == base, (image, text)
            alpine = re.fullmatch(r"alpine(\d+\.\d+)", word)
            if alpine:
                assert tag.os is not None and tag.os.family == "alpine", (image, text)
                assert tag.os.version == alpine[1] and tag.os.released is not None, (image, text)
            ltsc = re.fullmatch(r"ltsc(\d{4})", word)
            if ltsc:
                assert tag.os is not None and tag.os.codename == word, (image, text)
                assert tag.os.family.startswith("windows-"), (image, text)


# --- ordering ------------------------------------------------------------------


@pytest.mark.parametrize(
    "ordered",
    [
        ["3.13.0a1", "3.13.0b2", "3.13.0rc1", "3.13.0", "3.13.1", "3.14.0"],
        ["7.2.4-rc1", "7.2.4", "7.2.10", "7.10.0"],
        ["1.25.3-debian-12-r1", "1.25.3-debian-12-r2", "1.25.3-debian-12-r10"],
        ["jammy-20240111", "jammy-20240227", "jammy-20240530"],
        ["2025.12.1", "2026.01.1", "2026.07.1"],
        ["8u382", "8u392", "8u402"],
    ],
)
def test_sort_tags(ordered: list[str]) -> None:
    shuffled = list(reversed(ordered))
    assert [tag.text for tag in sort_tags(shuffled)] == ordered


def test_codenames_order_by_release_and_windows_by_build() -> None:
    assert [t.text for t in sort_tags(["trixie", "bullseye", "bookworm"], image="debian")] == [
        "bullseye",
        "bookworm",
        "trixie",
    ]
    windows = ["ltsc2022", "2004", "ltsc2016", "20H2"]
    ordered = [t.text for t in sort_tags(windows, image="mcr.microsoft.com/windows/servercore")]
    assert ordered == ["ltsc2016", "2004", "20H2", "ltsc2022"]


def test_newest_of_the_same_kind() -> None:
    tags = [
        "3.19-alpine3.18",
        "3.20-alpine3.18",
        "3.20-alpine3.19",
        "3.21rc1-alpine3.18",
        "3.20-slim-alpine3.18",
        "3.20.1-alpine3.18",
    ]
    assert newest(tags, like="3.19-alpine3.18").text == "3.20-alpine3.18"
    assert newest(tags, like="3.19-alpine3.18", allow_prerelease=True).text == "3.21rc1-alpine3.18"
    assert newest(tags, like="3.19-alpine3.18", allow_os_upgrade=True).text == "3.20-alpine3.19"
    assert newest(["1.0-jdk"], like="1.0-jre") is None


@pytest.mark.parametrize(
    ("text", "joined", "field", "value"),
    [
        ("2-rc_1", "rc_1", "prerelease", "rc_1"),
        ("1.0-debian_11", "debian_11", "os", "Debian 11 (bullseye)"),
        ("1607-mariner_0", "mariner_0", "os", None),
        ("1-sha_abc1234", "sha_abc1234", "sha", "abc1234"),
        ("1.2-ibm_semeru-17", "ibm_semeru-17", "variants", ("ibm_semeru-17",)),
    ],
)
def test_a_part_joined_across_an_underscore_is_as_written(
    text: str, joined: str, field: str, value: object
) -> None:
    """A token joined to the next across '_' (``rc_1``, ``debian_11``) is the tag's text, as
    every token is (``tag[start:end] == text``), not the pieces joined with '-' (``rc-1``): the
    reading is the same (found by tests/property/test_registry_host_properties.py)."""
    tag = parse_tag(text)
    token = next(token for token in tag.tokens if token.text == joined)
    assert text[token.start : token.end] == token.text
    assert all(text[t.start : t.end] == t.text for t in tag.tokens)
    got = getattr(tag, field)
    if field == "os":
        assert got is not None and (value is None or got.name == value)
    else:
        assert got == value
    # The same reading as the tag written with '-' (a toolchain stays one: ibm-semeru-17).
    dashed = parse_tag(text.replace("_", "-"))
    assert [t.kind for t in tag.tokens] == [t.kind for t in dashed.tokens]
    assert tag.variants_key == dashed.variants_key


@pytest.mark.parametrize(
    ("text", "prerelease"), [("2-3beta", "3beta"), ("1.0-2rc1", "2rc1"), ("1.2.3-4.5rc2", "4.5rc2")]
)
def test_a_later_number_glued_to_a_prerelease_is_kept(text: str, prerelease: str) -> None:
    """A number after the version with a prerelease glued to it is part of that prerelease,
    as one before a dotted one is (dart's ``3.14.0-95.2.beta``): it was dropped from the
    tokens (``2-3beta`` had none for its ``3``; found by the property tests)."""
    tag = parse_tag(text)
    assert tag.prerelease == prerelease
    assert tag.tokens[-1].text == prerelease and tag.tokens[-1].kind == "prerelease"
    covered = {i for token in tag.tokens for i in range(token.start, token.end)}
    assert all(i in covered for i, c in enumerate(text) if c.isalnum())


def test_compatible_with() -> None:
    a, b, c = parse_tag("17-jdk-jammy"), parse_tag("21-jdk-noble"), parse_tag("17-jre-jammy")
    assert a.compatible_with(b)  # OS version is a separate axis
    assert not a.compatible_with(c)
    assert not a.compatible_with(parse_tag("17-jdk-alpine"))


# --- explain -------------------------------------------------------------------


def test_explain_text(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["explain", "--as-of", "2026-11-28", "redis:7.0-rc-bullseye"])
    out = capsys.readouterr().out
    assert code == 0
    assert "bullseye  os" in out
    assert "Debian 11 (bullseye)" in out
    assert "as of 2026-11-28: end of life" in out
    assert "floating" in out


def test_explain_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["explain", "--json", "--as-of", "2025-01-01", "redis:7.0-rc-bullseye", "redis"])
    document = json.loads(capsys.readouterr().out)
    assert code == 0
    assert document["version"] == 1
    assert document["as_of"] == "2025-01-01"
    first, second = document["references"]
    tag = first["tag"]
    assert (tag["version"], tag["precision"], tag["prerelease"]) == ("7.0", "minor", "rc")
    assert tag["os"]["codename"] == "bullseye"
    assert tag["os"]["support"] == "extended"
    assert [t["kind"] for t in tag["tokens"]] == ["version", "prerelease", "os"]
    assert second["tag"] is None and second["implied_tag"] is True


def test_explain_a_tag_of_separators_alone(capsys: pytest.CaptureFixture[str]) -> None:
    """A tag the grammar allows with no letter or digit (``_``) has no tokens: explained,
    not an internal error (found by tests/property/test_registry_host_properties.py)."""
    code = main(["explain", "--as-of", "2026-12-07", "cgr.dev/chainguard:_", "redis:__"])
    captured = capsys.readouterr()
    assert code == 0 and captured.err == ""
    assert "cgr.dev/chainguard:_" in captured.out and "redis:__" in captured.out
    assert captured.out.count("floating: moves as new builds are pushed") == 2


def test_explain_rejects_a_bad_date(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["explain", "--as-of", "tomorrow", "redis"])
    assert info.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


# --- the reviewed table of real tags (tests/data/tag-anatomy.tsv) ---------------


def anatomy_rows() -> list[dict[str, str]]:
    lines = [
        line
        for line in (DATA / "tag-anatomy.tsv").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


ANATOMY = anatomy_rows()


@pytest.mark.parametrize("row", ANATOMY, ids=[f"{r['image']}:{r['tag']}" for r in ANATOMY])
def test_real_tag_anatomy(row: dict[str, str]) -> None:
    tag = parse_tag(row["tag"], image=row["image"])
    got = {
        "version": tag.version or "",
        "precision": tag.precision or "",
        "prerelease": tag.prerelease or "",
        "os": os_label(tag) or "",
        "flavours": ",".join(tag.flavours),
        "variants": ",".join(tag.variants),
        "alias": tag.alias or "",
        "date": tag.date or "",
        "revision": tag.revision or "",
        "arch": tag.arch or "",
        "floating": "yes" if tag.is_floating else "no",
    }
    assert got == {field: row[field] for field in got}


def test_the_table_is_large_and_real() -> None:
    assert len(ANATOMY) >= 150
    corpus_pairs = set(corpus())
    history = {
        tuple(line.split("\t")[:2])
        for line in (DATA / "official-tags-history.tsv").read_text().splitlines()
        if not line.startswith("#")
    }
    for row in ANATOMY:
        assert (row["image"], row["tag"]) in corpus_pairs | history, row


ORDER = [
    (line.split("\t")[0], line.split("\t")[1].split())
    for line in (DATA / "tag-order.tsv").read_text().splitlines()
    if line and not line.startswith("#")
]


@pytest.mark.parametrize(("image", "ordered"), ORDER, ids=[f"{i}:{o[0]}" for i, o in ORDER])
def test_real_tags_sort(image: str, ordered: list[str]) -> None:
    assert [tag.text for tag in sort_tags(list(reversed(ordered)), image=image)] == ordered
    assert [tag.text for tag in sort_tags(sorted(ordered), image=image)] == ordered


@pytest.mark.parametrize(
    ("image", "text", "variants", "os_release"),
    [
        # GSA/inventory-app's docker-compose.yml: the catalog database for the inventory app on
        # CKAN 2.8 (survey s59c: a false TS004 "floating major version '8'", read as the
        # variant inventory2 and a version 8)
        ("datagov/catalog-db", "inventory2_8", ("inventory2_8",), None),
        # PyTorch names its builds by Python and CUDA versions so (manywheel-py3_10-cuda11_8),
        # horovod's test images by Python and torch (openmpi-py3_10-torch1_13_1)
        ("acme/ci", "py3_10", ("py3_10",), None),
        ("acme/ci", "py3_10-cuda11_8", ("py3_10", "cuda11_8"), None),
        ("acme/ci", "openmpi-py3_10-torch1_13_1", ("openmpi", "py3_10", "torch1_13_1"), None),
        ("acme/app", "php7_4-fpm", ("php7_4", "fpm"), None),
        ("acme/app", "php7_4_x86_64", ("php7_4",), None),
        # RPM's dist tag writes RHEL 7.9 el7_9; an OS glued to its version reads as with a dot
        ("acme/app", "el7_9", (), ("rhel", "7")),
        ("acme/app", "alpine3_19", (), ("alpine", "3.19")),
    ],
)
def test_a_version_glued_to_a_word_with_underscores_is_the_word_s(
    image: str, text: str, variants: tuple[str, ...], os_release: tuple[str, str] | None
) -> None:
    tag = parse_tag(text, image=image)
    assert tag.version is None and tag.precision is None
    assert tag.variants == variants
    assert ((tag.os.family, tag.os.version) if tag.os is not None else None) == os_release
    for token in tag.tokens:
        assert text[token.start : token.end] == token.text
    # as the same tag with dots reads: the underscores stand for them
    dotted = parse_tag(text.replace("_x86_64", "-amd64").replace("_", "."), image=image)
    assert dotted.version is None
    assert tag.variants_key == dotted.variants_key
    assert tag.os == dotted.os


@pytest.mark.parametrize(
    ("text", "version", "floating"),
    [
        # the image's version before such a word still floats, and is no revision's
        ("3.9-py3_10", "3.9", True),
        ("1.2-php7_4-fpm", "1.2", True),
        ("1.2.3-py3_10", "1.2.3", False),
        # what is no word's version is read as before: a revision and its number (ls248_1),
        # a prerelease's (rc1_2), a year after a quarter (Q1_2024), a version and its build
        ("ls248_1", "1", False),
        ("Q1_2024", "2024", True),
        ("v2_8", "2", False),
        ("1.2_3", "1.2", False),
        ("11.0.32_9-jdk", "11.0.32", False),
    ],
)
def test_a_glued_underscored_version_leaves_the_image_s_version(
    text: str, version: str, floating: bool
) -> None:
    tag = parse_tag(text)
    assert (tag.version, tag.is_floating) == (version, floating)
    assert not any(token.text in ("py3", "php7") for token in tag.tokens)


@pytest.mark.parametrize(
    ("image", "text", "version", "variants"),
    [
        # Blazemeter/taurus's Jenkinsfile: its Jenkins agent, tagged by name (survey s57d: 3
        # false TS004 "floating major version '2'"; no 2.x line to move along)
        (
            "us.gcr.io/verdant-bulwark-278/jenkins-docker-agent",
            "taurus-agent-2",
            None,
            ("taurus", "agent-2"),
        ),
        ("acme/agent", "build_agent_3", None, ("build", "agent_3")),
        ("acme/agent", "foo-bar-baz-2", None, ("foo", "bar", "baz-2")),
        # one word and a number is a version: WordPress's CLI 2, Percona Server 8
        ("wordpress", "cli-2", "2", ("cli",)),
        ("percona", "ps-8", "8", ("ps",)),
        ("acme/app", "release-1", "1", ("release",)),
        # a toolchain's number is the toolchain's, as before
        ("acme/app", "taurus-jdk-17", None, ("taurus", "jdk-17")),
        ("ghcr.io/pterodactyl/yolks", "java_17", "17", ("java",)),
        # a dotted version, one after a word with a number, one after an OS, a channel or a
        # flavour: as before
        ("quay.io/jupyter/pytorch-notebook", "cuda12-pytorch-2.3", "2.3", ("cuda12", "pytorch")),
        ("acme/app", "cuda12-pytorch-2", "2", ("cuda12", "pytorch")),
        ("acme/app", "alpine-agent-2", "2", ("agent",)),
        ("acme/app", "slim-agent-2", "2", ("agent",)),
    ],
)
def test_a_number_after_two_words_is_the_name_s(
    image: str, text: str, version: str | None, variants: tuple[str, ...]
) -> None:
    tag = parse_tag(text, image=image)
    assert (tag.version, tag.variants) == (version, variants)
    assert tag.is_floating  # (no version: the tag is a name, that moves as TS003 says)
    for token in tag.tokens:
        assert text[token.start : token.end] == token.text
