"""Earthly's ``Earthfile``: the images targets start from and pull for Docker, the names they
save, with ``ARG`` defaults as Earthly scopes them.

Cases follow Earthly's Earthfile reference (``FROM``, ``ARG --global``, ``WITH DOCKER
--pull``/``--load``, ``SAVE IMAGE``, target references ``+name`` and ``FROM DOCKERFILE``).
"""

from __future__ import annotations

import os
from datetime import date
from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tagsense import check, find_references
from tagsense.sources.builds import build_tool
from tagsense.sources.builds.earthly import scan_earthfile

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

DAY = date(2026, 12, 4)

EARTHFILE = """\
VERSION 0.8
ARG --global GO_VERSION=1.23.4
ARG LOCAL=3.21
FROM golang:${GO_VERSION}-alpine${LOCAL}

deps:
    COPY go.mod go.sum ./

build:
    FROM +deps
    ARG NAME=app
    SAVE IMAGE --push ghcr.io/acme/${NAME}:latest ghcr.io/acme/${NAME}:$EARTHLY_GIT_SHORT_HASH

lint:
    FROM --platform=linux/amd64 golangci/golangci-lint:v1.62.2

docker:
    FROM DOCKERFILE -f ./Dockerfile .

remote:
    ARG BASE=github.com/earthly/buildkit:531b303aa8ec03c29c2ceaa140eb0a6d32e6f6f3+build
    FROM $BASE --RELEASE_VERSION=dev

empty:
    FROM scratch

integration:
    FROM earthly/dind:alpine-3.20-docker-26.1.5-r0
    ARG PG=16.4
    WITH DOCKER \\
        --pull postgres:$PG \\
        --load app:latest=+build
        RUN docker run --rm app:latest
    END

other:
    FROM golang:${GO_VERSION}-alpine${LOCAL}
"""


def test_what_targets_pull_with_their_arguments() -> None:
    found = [(o.line, o.column, o.text, o.unresolved, o.context.get("target"))
             for o in scan_earthfile(EARTHFILE)]  # fmt: skip
    assert found == [
        (4, 6, "golang:1.23.4-alpine3.21", (), None),  # (the base recipe's own ARG too)
        (15, 33, "golangci/golangci-lint:v1.62.2", (), "lint"),  # (after FROM's options)
        (28, 10, "earthly/dind:alpine-3.20-docker-26.1.5-r0", (), "integration"),
        (31, 16, "postgres:16.4", (), "integration"),  # (WITH DOCKER --pull, a continued line)
        # (the base recipe's ARG without --global is not the targets')
        (37, 10, "golang:${GO_VERSION}-alpine${LOCAL}", ("LOCAL",), "other"),
    ]  # (+deps, FROM DOCKERFILE, a remote target at a git ref and scratch pull nothing)


def test_saved_images_are_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "Earthfile").write_text(EARTHFILE, encoding="utf-8")
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "pod.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
        "  - {name: a, image: 'ghcr.io/acme/app:latest'}\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert build_tool("Earthfile") == "earthly"
    for scan in (find_references("."), find_references(os.path.join("k8s", "pod.yaml"))):
        (pod,) = [o for o in scan if o.kind == "kubernetes"]
        assert pod.built is not None and (pod.built.tool, pod.built.line) == ("earthly", 12)
        assert not [f for f in check(scan, as_of=DAY) if f.path.startswith("k8s")]


_PIECES = ["FROM ", "ARG ", "--global ", "A=b", "$A", "${A}", "+t", "x:1", "\\\n", "\n", "t:",
           "    ", "WITH DOCKER --pull ", "SAVE IMAGE ", "DOCKERFILE", "#"]  # fmt: skip


@given(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join))
def test_any_text_is_read_without_an_exception(text: str) -> None:
    lines = text.count("\n") + 1
    for occurrence in scan_earthfile(text):
        assert 1 <= occurrence.line <= lines and occurrence.column >= 1


#: earthly/earthly's tests/dind-auto-install/Earthfile (and tests/with-docker's
#: cgroup-v2-test-all): a target whose base image only the BUILD call's arguments give.
CALLS = """\
VERSION 0.8
ARG --global DIND_IMAGE=earthly/dind:alpine-3.19-docker-25.0.5-r0

all:
    BUILD +test \\
        --BASE_IMAGE=docker:27.3.1-dind \\
        --BASE_IMAGE=$DIND_IMAGE
    ARG PY=3.12.8
    FROM +python --PY=$PY
    COPY (+tool/bin --GO=1.23.4 --DIND_IMAGE=docker:27.3.1-cli) ./
    BUILD +shell --REF=$(cat ref)

test:
    ARG --required BASE_IMAGE
    FROM $BASE_IMAGE

python:
    ARG PY=3.11
    FROM python:${PY}-slim

tool:
    ARG GO=1.22
    FROM golang:$GO
    WITH DOCKER --pull $DIND_IMAGE
        RUN true
    END

shell:
    ARG REF=1.36
    FROM busybox:$REF

passing:
    ARG PY=3.13.1
    BUILD --pass-args +python
"""


def test_a_call_s_arguments_are_the_called_target_s() -> None:
    found = [(o.line, o.text, o.unresolved) for o in scan_earthfile(CALLS)]
    assert found == [
        # (BUILD with one name given twice: each value; a caller's global ARG put in)
        (15, "docker:27.3.1-dind", ()),
        (15, "earthly/dind:alpine-3.19-docker-25.0.5-r0", ()),
        # (FROM +python --PY=$PY: the caller's ARG; --pass-args: the caller's own; the
        # default 3.11 is not read, as every call passes a value)
        (19, "python:3.12.8-slim", ()),
        (19, "python:3.13.1-slim", ()),
        # (COPY (+tool/bin --GO=… --DIND_IMAGE=…): an argument overrides a global one too)
        (23, "golang:1.23.4", ()),
        (24, "docker:27.3.1-cli", ()),
        # (a command's output: a run's value)
        (30, "busybox:$REF", ("REF",)),
    ]


def test_a_target_nothing_calls_is_read_with_its_defaults() -> None:
    alone = CALLS.replace("    BUILD +shell --REF=$(cat ref)\n", "")
    assert "busybox:1.36" in [o.text for o in scan_earthfile(alone)]


def test_an_option_s_value_as_the_next_word_is_not_the_image() -> None:
    text = "VERSION 0.8\nx:\n    FROM --platform linux/amd64 alpine:3.20.3\n"
    assert [o.text for o in scan_earthfile(text)] == ["alpine:3.20.3"]


#: elixir-ecto/ecto_sql (Apache-2.0) Earthfile at 5e45b43, trimmed: `all` builds each
#: database's target once a version, with the Earthly 0.6 spelling `BUILD --build-arg`.
ECTO_SQL = """\
VERSION 0.6

all:
    BUILD \\
        --build-arg POSTGRES=16.2-alpine \\
        --build-arg POSTGRES=9.6-alpine \\
        +integration-test-postgres

    BUILD --build-arg=MYSQL=8.0 +integration-test-mysql

integration-test-postgres:
    FROM alpine:3.20.3
    ARG POSTGRES="11.11"
    WITH DOCKER \\
        --pull "postgres:$POSTGRES" --platform linux/amd64
        RUN docker run -d "postgres:$POSTGRES"
    END

integration-test-mysql:
    FROM alpine:3.20.3
    ARG MYSQL="5.7"
    WITH DOCKER --pull "mysql:$MYSQL"
        RUN docker run -d "mysql:$MYSQL"
    END
"""


def test_a_build_arg_option_before_the_target_is_an_argument_of_the_call() -> None:
    # Before: each target read alone with its defaults (postgres:11.11, mysql:5.7), and the
    # versions `all` builds missed (ecto_sql: 6 pulls, survey 30e).
    found = sorted({o.text for o in scan_earthfile(ECTO_SQL) if "alpine:3" not in o.text})
    assert found == ["mysql:8.0", "postgres:16.2-alpine", "postgres:9.6-alpine"]


# earthly/lib (MPL-2.0), rust/Earthfile @ 2026 snapshot, lines 117-130 (survey 32d: its
# ghcr.io/cross-rs/$target was a false TS011, read alone; `ARG --required` is the caller's).
EARTHLY_LIB_CROSS = """\
VERSION 0.8

CROSS:
    FUNCTION
    ARG --required target
    ARG args="build --release"
    ARG output="$target/release/[^\\\\./]+"
    ARG version=0.2.5
    DO +SET_CACHE_MOUNTS_ENV --target_cache_suffix="$target"
    COPY (+get-cross/cross --version=$version) /tmp/earthly/cross
    WITH DOCKER  --pull ghcr.io/cross-rs/$target:$version
        RUN --mount=$EARTHLY_RUST_CARGO_HOME_CACHE \\
            --mount=$EARTHLY_RUST_TARGET_CACHE \\
           /tmp/earthly/cross $args --target=$target;
    END

get-cross:
    FROM alpine:3.18.3
    ARG version
    RUN wget -nv -O- "https://github.com/cross-rs/cross/releases/download/v${version}/x.tar.gz"
    SAVE ARTIFACT cross
"""


def test_a_user_defined_command_s_required_argument_is_its_callers() -> None:
    alone = scan_earthfile(EARTHLY_LIB_CROSS, "rust/Earthfile")
    assert [(o.text, o.context.get("target")) for o in alone] == [("alpine:3.18.3", "get-cross")]
    called = EARTHLY_LIB_CROSS + (
        "\nbuild:\n    FROM rust:1.83.0\n"
        "    DO --pass-args +CROSS --target=aarch64-unknown-linux-gnu\n"
    )
    found = sorted((o.text, o.line) for o in scan_earthfile(called, "rust/Earthfile"))
    assert found == [
        ("alpine:3.18.3", 18),
        ("ghcr.io/cross-rs/aarch64-unknown-linux-gnu:0.2.5", 11),
        ("rust:1.83.0", 24),
    ]
