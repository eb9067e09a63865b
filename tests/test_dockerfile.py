"""Dockerfile scanning: every rule of BuildKit's, one table row a case.

Each row is a Dockerfile, the scan's options, the occurrences expected as
``(line, column, kind, raw, text, normalized, pulled)`` and the errors as
``(line, message)``. The expectations were written from BuildKit's sources
(``frontend/dockerfile/parser``, ``instructions``, ``dockerfile2llb``,
``shell``) and its reference documentation, not from this implementation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tagsense.sources import Occurrence, Scan, SourceError
from tagsense.sources.dockerfile import scan_dockerfile

DATA = Path(__file__).parent / "data" / "dockerfiles"

Found = tuple[int, int, str, str, str, "str | None", "bool | None"]


def found(scan: Scan) -> list[Found]:
    return [
        (o.line, o.column, o.kind, o.raw, o.text, o.normalized, o.context.get("pulled"))  # type: ignore[misc]
        for o in scan
    ]


def errors(scan: Scan) -> list[tuple[int | None, str]]:
    return [(e.line, e.message) for e in scan.errors]


def hub(name: str) -> str:
    return f"docker.io/library/{name}"


ARM_FOCAL = "docker.io/arm64v8/ubuntu:focal"


def row(
    id: str,
    text: str,
    occurrences: list[Found],
    errs: list[tuple[int | None, str]] | None = None,
    **options: Any,
) -> Any:
    return pytest.param(text, options, occurrences, errs or [], id=id)


ROWS = [
    # --- lines: continuations, comments, BOM, CRLF --------------------------------
    row(
        "plain",
        "FROM alpine:3.20\n",
        [(1, 6, "from", "alpine:3.20", "alpine:3.20", hub("alpine:3.20"), True)],
    ),
    row(
        "no final newline",
        "FROM alpine",
        [(1, 6, "from", "alpine", "alpine", hub("alpine:latest"), True)],
    ),
    row(
        "indented",
        "   FROM   alpine\n",
        [(1, 11, "from", "alpine", "alpine", hub("alpine:latest"), True)],
    ),
    row(
        "continuation: the image on the next line",
        "FROM \\\n  alpine:3.20\n",
        [(2, 3, "from", "alpine:3.20", "alpine:3.20", hub("alpine:3.20"), True)],
    ),
    row(
        "continuation inside the image: the start is what counts",
        "FROM alpi\\\nne:3\n",
        [(1, 6, "from", "alpine:3", "alpine:3", hub("alpine:3"), True)],
    ),
    row(
        "comment and blank lines inside a continuation are skipped",
        "FROM \\\n# a comment\n\n   \n   alpine\n",
        [(5, 4, "from", "alpine", "alpine", hub("alpine:latest"), True)],
    ),
    row(
        "white space after the escape still continues",
        "FROM \\ \t\nalpine\n",
        [(2, 1, "from", "alpine", "alpine", hub("alpine:latest"), True)],
    ),
    row(
        "one trailing backslash continues: FROM b is part of RUN",
        "FROM a\nRUN echo \\\nFROM b\n",
        [(1, 6, "from", "a", "a", hub("a:latest"), True)],
    ),
    row(
        "two trailing backslashes do not continue",
        "FROM a\nRUN echo \\\\\nFROM b\n",
        [
            (1, 6, "from", "a", "a", hub("a:latest"), False),
            (3, 6, "from", "b", "b", hub("b:latest"), True),
        ],
    ),
    row(
        "the \\\\\\ quirk: three trailing backslashes do not continue either",
        "FROM a\nRUN echo \\\\\\\nFROM b\n",
        [
            (1, 6, "from", "a", "a", hub("a:latest"), False),
            (3, 6, "from", "b", "b", hub("b:latest"), True),
        ],
    ),
    row(
        "a line holding only the escape continues",
        "FROM a\nRUN echo \\\n\\\nFROM b\n",
        [(1, 6, "from", "a", "a", hub("a:latest"), True)],
    ),
    row(
        "BOM and CRLF",
        "\ufeffFROM alpine\r\nFROM busybox AS b\r\n",
        [
            (1, 6, "from", "alpine", "alpine", hub("alpine:latest"), False),
            (2, 6, "from", "busybox", "busybox", hub("busybox:latest"), True),
        ],
    ),
    row(
        "a comment line is never an instruction",
        "FROM a\n# FROM b\n  # FROM c\n",
        [(1, 6, "from", "a", "a", hub("a:latest"), True)],
    ),
    row(
        "instructions are case-insensitive",
        "from alpine\n",
        [(1, 6, "from", "alpine", "alpine", hub("alpine:latest"), True)],
    ),
    row(
        "a # after an instruction is an argument, not a comment",
        "FROM alpine # the base\n",
        [],  # arguments BuildKit rejects: the error alone, not a guess at the image too
        [(1, "FROM requires either one or three arguments")],
    ),
    row(
        "a continuation at the end of the file",
        "FROM a\nFROM \\",
        [(1, 6, "from", "a", "a", hub("a:latest"), False)],
        [(2, "FROM requires either one or three arguments")],
    ),
    # --- parser directives ---------------------------------------------------------
    row(
        "escape=` makes the backtick the continuation character",
        "# escape=`\nFROM `\n  alpine\n",
        [(3, 3, "from", "alpine", "alpine", hub("alpine:latest"), True)],
    ),
    row(
        "with escape=` a trailing backslash does not continue",
        "# escape=`\nFROM a\nRUN dir c:\\\nFROM b\n",
        [
            (2, 6, "from", "a", "a", hub("a:latest"), False),
            (4, 6, "from", "b", "b", hub("b:latest"), True),
        ],
    ),
    row(
        "a directive after a comment is a comment",
        "# hello\n# escape=`\nFROM \\\n  alpine\n",
        [(4, 3, "from", "alpine", "alpine", hub("alpine:latest"), True)],
    ),
    row(
        "a directive after an instruction is a comment",
        "FROM \\\n# escape=`\n  alpine\n",
        [(3, 3, "from", "alpine", "alpine", hub("alpine:latest"), True)],
    ),
    row(
        "check is a directive: escape after it still counts",
        "# check=skip=all\n# escape=`\nFROM `\n alpine\n",
        [(4, 2, "from", "alpine", "alpine", hub("alpine:latest"), True)],
    ),
    row(
        "directive keys are case-insensitive; spaces around = allowed",
        "#  ESCAPE = `\nFROM `\n alpine\n",
        [(3, 2, "from", "alpine", "alpine", hub("alpine:latest"), True)],
    ),
    row(
        "a repeated directive is an error",
        "# escape=\\\n# escape=`\nFROM a\n",
        [(3, 6, "from", "a", "a", hub("a:latest"), True)],
        [(2, "only one escape parser directive can be used")],
    ),
    row(
        "an invalid escape token is an error",
        "# escape=x\nFROM a\n",
        [(2, 6, "from", "a", "a", hub("a:latest"), True)],
        [(1, "invalid escape token 'x' does not match ` or \\")],
    ),
    row(
        "syntax directive",
        "# syntax=docker/dockerfile:1.7-labs\nFROM a\n",
        [
            (
                1,
                10,
                "syntax",
                "docker/dockerfile:1.7-labs",
                "docker/dockerfile:1.7-labs",
                "docker.io/docker/dockerfile:1.7-labs",
                True,
            ),
            (2, 6, "from", "a", "a", hub("a:latest"), True),
        ],
    ),
    row(
        "syntax: the image is the value up to the first space",
        "#  syntax = foo/bar:1 --opt=1\nFROM a\n",
        [
            (1, 13, "syntax", "foo/bar:1", "foo/bar:1", "docker.io/foo/bar:1", True),
            (2, 6, "from", "a", "a", hub("a:latest"), True),
        ],
    ),
    row(
        "syntax after a #! line",
        "#!/usr/bin/env buildctl\n# syntax=foo/bar:2\nFROM a\n",
        [
            (2, 10, "syntax", "foo/bar:2", "foo/bar:2", "docker.io/foo/bar:2", True),
            (3, 6, "from", "a", "a", hub("a:latest"), True),
        ],
    ),
    row(
        "syntax after a blank line is a comment",
        "\n# syntax=foo/bar:1\nFROM a\n",
        [(3, 6, "from", "a", "a", hub("a:latest"), True)],
    ),
    row(
        "syntax after another comment is a comment",
        "# build me\n# syntax=foo/bar:1\nFROM a\n",
        [(3, 6, "from", "a", "a", hub("a:latest"), True)],
    ),
    row(
        "DetectSyntax wants '#' in the first column",
        "  # syntax=foo/bar:3\nFROM a\n",
        [(2, 6, "from", "a", "a", hub("a:latest"), True)],
    ),
    row(
        "BUILDKIT_SYNTAX overrides the directive: not pulled",
        "# syntax=foo/bar:3\nFROM a\n",
        [
            (1, 10, "syntax", "foo/bar:3", "foo/bar:3", "docker.io/foo/bar:3", False),
            (2, 6, "from", "a", "a", hub("a:latest"), True),
        ],
        build_args={"BUILDKIT_SYNTAX": "docker/dockerfile:1"},
    ),
    # --- heredocs --------------------------------------------------------------------
    row(
        "a heredoc body is not instructions",
        "FROM a\nRUN <<EOF\nFROM evil\nEOF\nFROM b\n",
        [
            (1, 6, "from", "a", "a", hub("a:latest"), False),
            (5, 6, "from", "b", "b", hub("b:latest"), True),
        ],
    ),
    row(
        "<<- ends at a tab-indented terminator",
        "FROM a\nRUN <<-EOT\n\tFROM x\n\tEOT\nFROM b\n",
        [
            (1, 6, "from", "a", "a", hub("a:latest"), False),
            (5, 6, "from", "b", "b", hub("b:latest"), True),
        ],
    ),
    row(
        "without - an indented terminator does not end the body",
        "FROM a\nRUN <<EOT\n\tEOT\nFROM x\nEOT\nFROM b\n",
        [
            (1, 6, "from", "a", "a", hub("a:latest"), False),
            (6, 6, "from", "b", "b", hub("b:latest"), True),
        ],
    ),
    row(
        "a quoted heredoc name",
        "FROM a\nRUN <<'E O'\nFROM x\nE O\nFROM b\n",
        [
            (1, 6, "from", "a", "a", hub("a:latest"), False),
            (5, 6, "from", "b", "b", hub("b:latest"), True),
        ],
    ),
    row(
        "several heredocs on a line, read in turn",
        'FROM a\nCOPY <<A <<"B" /dst/\nFROM x\nA\nFROM y\nB\nFROM z\n',
        [
            (1, 6, "from", "a", "a", hub("a:latest"), False),
            (7, 6, "from", "z", "z", hub("z:latest"), True),
        ],
    ),
    row(
        "a heredoc in a pipeline",
        "FROM a\nRUN cat <<EOF | sh\nFROM x\nEOF\nFROM b\n",
        [
            (1, 6, "from", "a", "a", hub("a:latest"), False),
            (5, 6, "from", "b", "b", hub("b:latest"), True),
        ],
    ),
    row(
        "ONBUILD RUN takes heredocs",
        "FROM a\nONBUILD RUN <<EOF\nFROM x\nEOF\nFROM b\n",
        [
            (1, 6, "from", "a", "a", hub("a:latest"), False),
            (5, 6, "from", "b", "b", hub("b:latest"), True),
        ],
    ),
    row(
        "the JSON form has no heredocs",
        'FROM a\nRUN ["<<EOF"]\nFROM b\n',
        [
            (1, 6, "from", "a", "a", hub("a:latest"), False),
            (3, 6, "from", "b", "b", hub("b:latest"), True),
        ],
    ),
    row(
        "ENV has no heredocs",
        "FROM a\nENV A=<<EOF\nFROM x\n",
        [
            (1, 6, "from", "a", "a", hub("a:latest"), False),
            (3, 6, "from", "x", "x", hub("x:latest"), True),
        ],
    ),
    row(
        "a quoted << is no heredoc",
        "FROM a\nRUN echo '<<EOF'\nFROM b\n",
        [
            (1, 6, "from", "a", "a", hub("a:latest"), False),
            (3, 6, "from", "b", "b", hub("b:latest"), True),
        ],
    ),
    row(
        "an unterminated heredoc is an error",
        "FROM a\nRUN <<EOF\nFROM x\n",
        [(1, 6, "from", "a", "a", hub("a:latest"), True)],
        [(2, "unterminated heredoc")],
    ),
    # --- FROM and variables -------------------------------------------------------------
    row(
        "a global ARG default",
        "ARG V=3.20\nFROM alpine:${V}\n",
        [(2, 6, "from", "alpine:${V}", "alpine:3.20", hub("alpine:3.20"), True)],
    ),
    row(
        "arguments are split before expansion",
        'ARG IMG="alpine AS x"\nFROM $IMG\n',
        [(2, 6, "from", "$IMG", "alpine AS x", None, True)],
    ),
    row(
        "split before expansion: a space in ${...} makes two arguments",
        "FROM ${A:?need A}\n",
        [],
        [(1, "FROM requires either one or three arguments")],
    ),
    row(
        "only ARGs before the first FROM are visible to FROM",
        "ARG V=1\nFROM a:$V\nARG W=2\nFROM b:$W\n",
        [
            (2, 6, "from", "a:$V", "a:1", hub("a:1"), False),
            (4, 6, "from", "b:$W", "b:", None, True),
        ],
    ),
    row(
        "a build arg replaces a declared default",
        "ARG V=1\nFROM a:$V\n",
        [(2, 6, "from", "a:$V", "a:2", hub("a:2"), True)],
        build_args={"V": "2"},
    ),
    row(
        "a build arg gives a declared ARG without default its value",
        "ARG V\nFROM a:$V\n",
        [(2, 6, "from", "a:$V", "a:2", hub("a:2"), True)],
        build_args={"V": "2"},
    ),
    row(
        "an undeclared build arg is invisible",
        "FROM a:${V:-x}\n",
        [(1, 6, "from", "a:${V:-x}", "a:x", hub("a:x"), True)],
        build_args={"V": "2"},
    ),
    row(
        "a build arg value is not expanded",
        "ARG V\nFROM a:$V\n",
        [(2, 6, "from", "a:$V", "a:$X", None, True)],
        build_args={"V": "$X"},
    ),
    row(
        "ARG defaults expand the ARGs before them",
        "ARG A=3\nARG B=alpine:$A\nFROM $B\n",
        [(3, 6, "from", "$B", "alpine:3", hub("alpine:3"), True)],
    ),
    row(
        "several ARGs on one line",
        "ARG REG=ghcr.io TAG=1\nFROM $REG/acme/api:$TAG\n",
        [(2, 6, "from", "$REG/acme/api:$TAG", "ghcr.io/acme/api:1", "ghcr.io/acme/api:1", True)],
    ),
    row(
        "automatic platform args: linux/amd64",
        "FROM --platform=$BUILDPLATFORM golang:1-${TARGETARCH}\n",
        [(1, 32, "from", "golang:1-${TARGETARCH}", "golang:1-amd64", hub("golang:1-amd64"), True)],
    ),
    row(
        "build args override the automatic args",
        "FROM golang:1-${TARGETOS}-${TARGETARCH}${TARGETVARIANT}\n",
        [
            (
                1,
                6,
                "from",
                "golang:1-${TARGETOS}-${TARGETARCH}${TARGETVARIANT}",
                "golang:1-linux-armv7",
                hub("golang:1-linux-armv7"),
                True,
            ),
        ],
        build_args={"TARGETARCH": "arm", "TARGETVARIANT": "v7"},
    ),
    row(
        "an unset variable, no build known: reference None",
        "ARG REG\nFROM ${REG}alpine\n",
        [(2, 6, "from", "${REG}alpine", "alpine", None, True)],
        alone=True,
    ),
    row(
        "unset through an ARG default, no build known",
        "ARG REG\nARG IMG=${REG}alpine\nFROM $IMG\n",
        [(3, 6, "from", "$IMG", "alpine", None, True)],
        alone=True,
    ),
    # (a build that leaves out an ARG declared without a default: BuildKit expands it to
    # nothing, so the rest is the image; ossrs/srs's `FROM ${ARCH}ubuntu:focal`)
    row(
        "declared without a default, not passed: blank",
        "ARG ARCH\nFROM ${ARCH}ubuntu:focal\n",
        [(2, 6, "from", "${ARCH}ubuntu:focal", "ubuntu:focal", hub("ubuntu:focal"), True)],
    ),
    row(
        "declared without a default, not passed, through an ARG default: blank",
        "ARG REG\nARG IMG=${REG}alpine\nFROM $IMG\n",
        [(3, 6, "from", "$IMG", "alpine", hub("alpine:latest"), True)],
    ),
    row(
        "declared without a default, passed: its value",
        "ARG ARCH\nFROM ${ARCH}ubuntu:focal\n",
        [(2, 6, "from", "${ARCH}ubuntu:focal", "arm64v8/ubuntu:focal", ARM_FOCAL, True)],
        build_args={"ARCH": "arm64v8/"},
    ),
    row(
        "declared without a default, not passed, no image without it: unresolved",
        "ARG REG\nFROM ${REG}/app:1.0\n",
        [(2, 6, "from", "${REG}/app:1.0", "/app:1.0", None, True)],
    ),
    row(
        "undeclared: unresolved",
        "FROM ${REG}alpine\n",
        [(1, 6, "from", "${REG}alpine", "alpine", None, True)],
    ),
    row(
        "empty is not unset",
        "ARG REG=\nFROM ${REG}alpine\n",
        [(2, 6, "from", "${REG}alpine", "alpine", hub("alpine:latest"), True)],
    ),
    row(
        "${V:-default} handles the unset variable",
        "ARG TAG\nFROM alpine:${TAG:-3.20}\n",
        [(2, 6, "from", "alpine:${TAG:-3.20}", "alpine:3.20", hub("alpine:3.20"), True)],
    ),
    row(
        "${V:?} on an unset variable is an error",
        "ARG TAG\nFROM alpine:${TAG:?}\n",
        [(2, 6, "from", "alpine:${TAG:?}", "alpine:${TAG:?}", None, True)],
        [(2, 'failed to process "alpine:${TAG:?}": TAG: is not allowed to be unset')],
    ),
    row(
        "${V:1} is not BuildKit's",
        "ARG V=abc\nFROM a${V:1}\n",
        [(2, 6, "from", "a${V:1}", "a${V:1}", None, True)],
        [(2, 'failed to process "a${V:1}": unsupported modifier (:1) in substitution')],
    ),
    row(
        "${V^^} is not BuildKit's",
        "ARG V=abc\nFROM ${V^^}\n",
        [(2, 6, "from", "${V^^}", "${V^^}", None, True)],
        [(2, 'failed to process "${V^^}": unsupported modifier (^) in substitution')],
    ),
    row(
        "an error in a global ARG default",
        "ARG V=${X:?}\nFROM alpine\n",
        [(2, 6, "from", "alpine", "alpine", hub("alpine:latest"), True)],
        [(1, 'failed to process "${X:?}": X: is not allowed to be unset')],
    ),
    row(
        "pattern forms",
        "ARG V=1.22.5-rc1\nFROM golang:${V%%-*}\n",
        [(2, 6, "from", "golang:${V%%-*}", "golang:1.22.5", hub("golang:1.22.5"), True)],
    ),
    row(
        "replacement forms",
        "ARG IMG=docker.io/library/redis\nFROM ${IMG/docker.io/mirror.gcr.io}:7\n",
        [
            (
                2,
                6,
                "from",
                "${IMG/docker.io/mirror.gcr.io}:7",
                "mirror.gcr.io/library/redis:7",
                "mirror.gcr.io/library/redis:7",
                True,
            ),
        ],
    ),
    row(
        "quotes are removed",
        'FROM "alpine:3"\n',
        [(1, 6, "from", '"alpine:3"', "alpine:3", hub("alpine:3"), True)],
    ),
    row(
        "an escaped $ is literal",
        "FROM a\\$b\n",
        [(1, 6, "from", "a\\$b", "a$b", None, True)],
    ),
    row(
        "an expansion to nothing is an error",
        "ARG B\nFROM $B\n",
        [(2, 6, "from", "$B", "", None, True)],
        [(2, "base name ($B) should not be blank")],
    ),
    row(
        "FROM without an image",
        "FROM\n",
        [],
        [(1, "FROM requires either one or three arguments")],
    ),
    row(
        "FROM with the platform flag only",
        "FROM --platform=linux/arm64\n",
        [],
        [(1, "FROM requires either one or three arguments")],
    ),
    row(
        "a Jinja template: one error, no reference '{{'",
        "FROM {{ base_image }}\nFROM b\nCOPY --from=0 /a /b\n",
        [(2, 6, "from", "b", "b", hub("b:latest"), True)],  # --from=0 is still a stage
        [(1, "FROM requires either one or three arguments")],
    ),
    row(
        "an invalid stage name",
        "FROM a AS 1x\n",
        [(1, 6, "from", "a", "a", hub("a:latest"), True)],
        [
            (
                1,
                'invalid name for build stage: "1x", '
                "name can't start with a number or contain symbols",
            )
        ],
    ),
    row(
        "an unknown FROM flag",
        "FROM --plat=x a\n",
        [(1, 15, "from", "a", "a", hub("a:latest"), True)],
        [(1, "unknown flag: plat")],
    ),
    row(
        "TARGETSTAGE: the target's name (inferred from dockerfile2llb)",
        "FROM alpine AS build\nFROM registry.local/${TARGETSTAGE}:1 AS final\n",
        [
            (1, 6, "from", "alpine", "alpine", hub("alpine:latest"), True),
            (
                2,
                6,
                "from",
                "registry.local/${TARGETSTAGE}:1",
                "registry.local/build:1",
                "registry.local/build:1",
                False,
            ),
        ],
        target="build",
    ),
    row(
        "an expansion that grows without bound is an error, not a hang",
        "ARG A0=0123456789abcdef\n"
        + "".join(f"ARG A{i + 1}=$A{i}$A{i}$A{i}$A{i}\n" for i in range(12))
        + "FROM a:${A12:+1}\n",
        [(14, 6, "from", "a:${A12:+1}", "a:", None, True)],
        [(10, 'failed to process "$A8$A8$A8$A8": expanded text too long')],
    ),
    # --- stages -----------------------------------------------------------------------
    row(
        "FROM names an earlier stage by its lower-cased name",
        "FROM alpine AS Base\nFROM base\n",
        [(1, 6, "from", "alpine", "alpine", hub("alpine:latest"), True)],
    ),
    row(
        "FROM compares the name exactly: Base is an image",
        "FROM alpine AS base\nFROM Base\n",
        [
            (1, 6, "from", "alpine", "alpine", hub("alpine:latest"), False),
            (2, 6, "from", "Base", "Base", None, True),
        ],
    ),
    row(
        "FROM sees only earlier stages",
        "FROM builder\nFROM golang AS builder\n",
        [
            (1, 6, "from", "builder", "builder", hub("builder:latest"), False),
            (2, 6, "from", "golang", "golang", hub("golang:latest"), True),
        ],
    ),
    row(
        "a stage named after expansion",
        "ARG STAGE=base\nFROM alpine AS base\nFROM ${STAGE}\n",
        [(2, 6, "from", "alpine", "alpine", hub("alpine:latest"), True)],
    ),
    row(
        "scratch is no image; Scratch is (an invalid one)",
        "FROM scratch AS s\nFROM Scratch\n",
        [(2, 6, "from", "Scratch", "Scratch", None, True)],
    ),
    row(
        "the last stage of a name wins for --from",
        "FROM a AS x\nFROM b AS x\nFROM c\nCOPY --from=x /a /b\n",
        [
            (1, 6, "from", "a", "a", hub("a:latest"), False),
            (2, 6, "from", "b", "b", hub("b:latest"), True),
            (3, 6, "from", "c", "c", hub("c:latest"), True),
        ],
    ),
    # --- COPY --from --------------------------------------------------------------------
    row(
        "COPY --from an image",
        "FROM a\nCOPY --from=nginx:1.25 /etc/nginx /nginx\n",
        [
            (1, 6, "from", "a", "a", hub("a:latest"), True),
            (2, 13, "copy-from", "nginx:1.25", "nginx:1.25", hub("nginx:1.25"), True),
        ],
    ),
    row(
        "COPY --from a stage, case-insensitively",
        "FROM golang AS Build\nFROM alpine\nCOPY --from=BUILD /a /b\n",
        [
            (1, 6, "from", "golang", "golang", hub("golang:latest"), True),
            (2, 6, "from", "alpine", "alpine", hub("alpine:latest"), True),
        ],
    ),
    row(
        "COPY --from a stage number",
        "FROM golang\nFROM alpine\nCOPY --from=0 /a /b\n",
        [
            (1, 6, "from", "golang", "golang", hub("golang:latest"), True),
            (2, 6, "from", "alpine", "alpine", hub("alpine:latest"), True),
        ],
    ),
    row(
        "COPY --from a stage number that does not exist",
        "FROM a\nCOPY --from=5 /a /b\n",
        [(1, 6, "from", "a", "a", hub("a:latest"), True)],
        [(2, "invalid stage index 5")],
    ),
    row(
        "COPY --from counts the images of earlier --from after the stages",
        "FROM a\nCOPY --from=img1 / /\nCOPY --from=img2 / /\nFROM b\nCOPY --from=2 / /\n",
        [
            (1, 6, "from", "a", "a", hub("a:latest"), False),
            (2, 13, "copy-from", "img1", "img1", hub("img1:latest"), True),
            (3, 13, "copy-from", "img2", "img2", hub("img2:latest"), False),
            (4, 6, "from", "b", "b", hub("b:latest"), True),
        ],
    ),
    row(
        "COPY --from a quoted value",
        'FROM a\nCOPY --from="nginx:1.25" /a /b\n',
        [
            (1, 6, "from", "a", "a", hub("a:latest"), True),
            (2, 14, "copy-from", "nginx:1.25", "nginx:1.25", hub("nginx:1.25"), True),
        ],
    ),
    row(
        "COPY --from is not expanded: BuildKit refuses a variable there (toCommand)",
        "ARG IMG=nginx\nFROM a\nCOPY --from=$IMG /a /b\n",
        [(2, 6, "from", "a", "a", hub("a:latest"), True)],
        [
            (
                3,
                "variable expansion is not supported for --from, define a new stage with FROM "
                "using ARG from global scope as a workaround",
            )
        ],
    ),
    row(
        "TARGETSTAGE of an unnamed last stage is 'default' (platform.go)",
        "FROM alpine:3.20\nFROM busybox:${TARGETSTAGE}\n",
        [
            (1, 6, "from", "alpine:3.20", "alpine:3.20", hub("alpine:3.20"), False),
            (
                2,
                6,
                "from",
                "busybox:${TARGETSTAGE}",
                "busybox:default",
                hub("busybox:default"),
                True,
            ),
        ],
    ),
    row(
        "COPY --from scratch",
        "FROM a\nCOPY --from=scratch /a /b\n",
        [(1, 6, "from", "a", "a", hub("a:latest"), True)],
    ),
    row(
        "COPY --from= (empty) is the build context",
        "FROM a\nCOPY --from= /a /b\n",
        [(1, 6, "from", "a", "a", hub("a:latest"), True)],
    ),
    row(
        "a flag value separated by a space is a missing value",
        "FROM a\nCOPY --from nginx /a /b\n",
        [(1, 6, "from", "a", "a", hub("a:latest"), True)],
        [(2, "missing a value on flag: from")],
    ),
    row(
        "flags after a continuation: the value's physical line",
        "FROM a\nCOPY \\\n  --from=nginx \\\n  /a /b\n",
        [
            (1, 6, "from", "a", "a", hub("a:latest"), True),
            (3, 10, "copy-from", "nginx", "nginx", hub("nginx:latest"), True),
        ],
    ),
    row(
        "COPY --link --from: flags in any order",
        "FROM a\nCOPY --link --chmod=755 --from=ghcr.io/acme/tool:1 /tool /bin/\n",
        [
            (1, 6, "from", "a", "a", hub("a:latest"), True),
            (
                2,
                32,
                "copy-from",
                "ghcr.io/acme/tool:1",
                "ghcr.io/acme/tool:1",
                "ghcr.io/acme/tool:1",
                True,
            ),
        ],
    ),
    row(
        "a second --from is an error",
        "FROM a\nCOPY --from=b --from=c /a /b\n",
        [
            (1, 6, "from", "a", "a", hub("a:latest"), True),
            (2, 13, "copy-from", "b", "b", hub("b:latest"), True),
        ],
        [(2, "duplicate flag specified: from")],
    ),
    row(
        "ADD has no --from",
        "FROM a\nADD --from=nginx /a /b\n",
        [(1, 6, "from", "a", "a", hub("a:latest"), True)],
        [(2, "unknown flag: from")],
    ),
    row(
        "a --from after the arguments is an argument",
        "FROM a\nCOPY /a --from=nginx /b\n",
        [(1, 6, "from", "a", "a", hub("a:latest"), True)],
    ),
    # --- RUN --mount ---------------------------------------------------------------------
    row(
        "RUN --mount from an image",
        "FROM a\nRUN --mount=type=bind,from=golang:1.22,source=/go,target=/go true\n",
        [
            (1, 6, "from", "a", "a", hub("a:latest"), True),
            (2, 28, "mount-from", "golang:1.22", "golang:1.22", hub("golang:1.22"), True),
        ],
    ),
    row(
        "mount keys in any order and case; quoted values; several mounts",
        "FROM a\nRUN --mount=FROM=x:1,type=cache,target=/c "
        '--mount=type=bind,from="ghcr.io/a/b:1",target=/t true\n',
        [
            (1, 6, "from", "a", "a", hub("a:latest"), True),
            (2, 18, "mount-from", "x:1", "x:1", hub("x:1"), True),
            (2, 67, "mount-from", "ghcr.io/a/b:1", "ghcr.io/a/b:1", "ghcr.io/a/b:1", True),
        ],
    ),
    row(
        "a mount names a stage case-insensitively; a number is an image",
        "FROM a AS s\nFROM b\nRUN --mount=from=S,target=/x --mount=from=0,target=/y true\n",
        [
            (1, 6, "from", "a", "a", hub("a:latest"), True),
            (2, 6, "from", "b", "b", hub("b:latest"), True),
            (3, 43, "mount-from", "0", "0", hub("0:latest"), True),
        ],
    ),
    row(
        "a mount value quoted as CSV",
        "FROM a\nRUN --mount='\"from=busybox:1.36\",target=/y' true\n",
        [
            (1, 6, "from", "a", "a", hub("a:latest"), True),
            (2, 20, "mount-from", "busybox:1.36", "busybox:1.36", hub("busybox:1.36"), True),
        ],
    ),
    row(
        "mount from may not use variables",
        "FROM a\nRUN --mount=from=$X,target=/y true\n",
        [(1, 6, "from", "a", "a", hub("a:latest"), True)],
        [(2, "'from' doesn't support variable expansion, define alias stage instead")],
    ),
    row(
        "a quote in a flag word is the flag's own quoting",
        'FROM a\nRUN --mount=from=a"b,target=/y true\n',
        [
            (1, 6, "from", "a", "a", hub("a:latest"), True),
            (2, 18, "mount-from", 'a"b', "ab", hub("ab:latest"), True),
        ],
    ),
    row(
        "an escaped quote reaches the CSV reader: a bare quote is an error",
        'FROM a\nRUN --mount=from=a\\"b,target=/y true\n',
        [(1, 6, "from", "a", "a", hub("a:latest"), True)],
        [
            (
                2,
                "failed to parse csv mounts: "
                'parse error on line 1, column 7: bare " in non-quoted-field',
            )
        ],
    ),
    row(
        "mount from scratch",
        "FROM a\nRUN --mount=from=scratch,target=/y true\n",
        [(1, 6, "from", "a", "a", hub("a:latest"), True)],
    ),
    # --- ONBUILD -------------------------------------------------------------------------
    row(
        "ONBUILD COPY --from: pulled when a reachable stage builds on it",
        "FROM alpine AS base\nONBUILD COPY --from=redis:7 /x /y\nFROM base\n",
        [
            (1, 6, "from", "alpine", "alpine", hub("alpine:latest"), True),
            (2, 21, "onbuild", "redis:7", "redis:7", hub("redis:7"), True),
        ],
    ),
    row(
        "ONBUILD in the target: recorded, not run",
        "FROM alpine\nONBUILD RUN --mount=from=redis:7,target=/r true\n",
        [
            (1, 6, "from", "alpine", "alpine", hub("alpine:latest"), True),
            (2, 26, "onbuild", "redis:7", "redis:7", hub("redis:7"), False),
        ],
    ),
    row(
        "ONBUILD COPY --from a stage of the file",
        "FROM alpine AS tools\nFROM alpine AS base\nONBUILD COPY --from=tools /x /y\nFROM base\n",
        [
            (1, 6, "from", "alpine", "alpine", hub("alpine:latest"), True),
            (2, 6, "from", "alpine", "alpine", hub("alpine:latest"), True),
        ],
    ),
    row(
        "ONBUILD FROM is an error",
        "FROM a\nONBUILD FROM b\n",
        [(1, 6, "from", "a", "a", hub("a:latest"), True)],
        [(2, "FROM isn't allowed as an ONBUILD trigger")],
    ),
    # --- which stages are pulled ---------------------------------------------------------
    row(
        "the default target is the last stage",
        "FROM a AS build\nFROM b AS test\nFROM c\n",
        [
            (1, 6, "from", "a", "a", hub("a:latest"), False),
            (2, 6, "from", "b", "b", hub("b:latest"), False),
            (3, 6, "from", "c", "c", hub("c:latest"), True),
        ],
    ),
    row(
        "target= (case-insensitive)",
        "FROM a AS build\nFROM b AS test\nFROM c\n",
        [
            (1, 6, "from", "a", "a", hub("a:latest"), True),
            (2, 6, "from", "b", "b", hub("b:latest"), False),
            (3, 6, "from", "c", "c", hub("c:latest"), False),
        ],
        target="Build",
    ),
    row(
        "dependencies are transitive: FROM, --from, --mount",
        "FROM a AS one\nFROM b AS two\nCOPY --from=one / /\nFROM c AS three\n"
        "RUN --mount=from=two,target=/t true\nFROM d AS other\nFROM three\n",
        [
            (1, 6, "from", "a", "a", hub("a:latest"), True),
            (2, 6, "from", "b", "b", hub("b:latest"), True),
            (4, 6, "from", "c", "c", hub("c:latest"), True),
            (6, 6, "from", "d", "d", hub("d:latest"), False),
        ],
    ),
    row(
        "an unknown target",
        "FROM a\n",
        [(1, 6, "from", "a", "a", hub("a:latest"), False)],
        [(None, 'target stage "nope" could not be found')],
        target="nope",
    ),
    # --- what BuildKit rejects -------------------------------------------------------------
    row(
        "an unknown instruction",
        "FORM alpine\nFROM a\n",
        [(2, 6, "from", "a", "a", hub("a:latest"), True)],
        [(1, "unknown instruction: FORM")],
    ),
    row(
        # (Lapuxa23/NEW_WEB's Dockerfile is a compose file: BuildKit stops at its first line,
        # and so does the report, not one error a line; survey 33f)
        "another format under a Dockerfile's name",
        "version: '3.8'\n\nservices:\n  nginx:\n    image: nginx:latest\n",
        [],
        [(1, "unknown instruction: version:")],
    ),
    row(
        "a file with one unknown instruction and no stage",
        "FORM alpine\n",
        [],
        [(1, "unknown instruction: FORM"), (None, "dockerfile contains no stages to build")],
    ),
    row(
        "an instruction before the first FROM",
        "RUN x\nFROM a\n",
        [(2, 6, "from", "a", "a", hub("a:latest"), True)],
        [(1, "no build stage in current context")],
    ),
    row(
        "a circular dependency",
        "FROM a AS x\nCOPY --from=y /a /b\nFROM b AS y\nCOPY --from=x /a /b\n",
        [
            (1, 6, "from", "a", "a", hub("a:latest"), True),
            (3, 6, "from", "b", "b", hub("b:latest"), True),
        ],
        [
            (2, "circular dependency detected on stage: x"),
            (2, 'cannot copy from stage "y", it needs to be defined before current stage "x"'),
        ],
    ),
    row(
        "a reachable stage copying from a later one",
        "FROM a AS x\nCOPY --from=y /a /b\nFROM b AS y\nFROM x\n",
        [
            (1, 6, "from", "a", "a", hub("a:latest"), True),
            (3, 6, "from", "b", "b", hub("b:latest"), True),
        ],
        [(2, 'cannot copy from stage "y", it needs to be defined before current stage "x"')],
    ),
    row(
        "an unreachable stage may copy from a later one",
        "FROM a AS x\nCOPY --from=y /a /b\nFROM b AS y\n",
        [
            (1, 6, "from", "a", "a", hub("a:latest"), False),
            (3, 6, "from", "b", "b", hub("b:latest"), True),
        ],
    ),
    row(
        "argument counts and flags of other instructions",
        "FROM a\nCOPY a\nWORKDIR\nENV\nENV A\nLABEL =x\nSHELL sh\nHEALTHCHECK FOO x\n"
        'ONBUILD ONBUILD RUN x\nRUN --network=bogus x\nVOLUME [""]\nCMD [1]\nENV --x=1 A=b\n',
        [(1, 6, "from", "a", "a", hub("a:latest"), True)],
        [
            (
                2,
                "COPY requires at least two arguments, but only one was provided. "
                "Destination could not be determined",
            ),
            (3, "WORKDIR requires exactly one argument"),
            (4, "ENV requires at least one argument"),
            (5, "ENV must have two arguments"),
            (6, "LABEL names can not be blank"),
            (7, "SHELL requires the arguments to be in JSON form"),
            (8, 'Unknown type "FOO" in HEALTHCHECK (try CMD)'),
            (9, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"),
            (10, 'invalid network mode "bogus"'),
            (11, "VOLUME specified can not be an empty string"),
            (12, "when using JSON array syntax, arrays must be comprised of strings only"),
            (13, "unknown flag: x"),
        ],
    ),
    row(
        "a file of comments has no instructions",
        "# nothing here\n\n",
        [],
        [(2, "file with no instructions")],
    ),
    row("an empty file", "", [], [(None, "the Dockerfile cannot be empty")]),
    row(
        "a line of 64 KiB stops BuildKit's scanner",
        "FROM a\nRUN " + "x" * 65536 + "\nFROM b\n",
        [(1, 6, "from", "a", "a", hub("a:latest"), True)],
        [(2, "dockerfile line greater than max allowed size of 65535")],
    ),
]


@pytest.mark.parametrize(("text", "options", "expected", "expected_errors"), ROWS)
def test_scan(
    text: str,
    options: dict[str, Any],
    expected: list[Found],
    expected_errors: list[tuple[int | None, str]],
) -> None:
    scan = scan_dockerfile(text, **options)
    assert found(scan) == expected
    assert errors(scan) == expected_errors


# --- context --------------------------------------------------------------------------


def test_context_of_a_from() -> None:
    scan = scan_dockerfile(
        "FROM --platform=$BUILDPLATFORM golang:1.22 AS Build\nFROM alpine\n", target="build"
    )
    first, second = scan
    assert dict(first.context) == {
        "stage": "build",
        "stage_index": 0,
        "pulled": True,
        "platform": "linux/amd64",
    }
    assert dict(second.context) == {"stage": 1, "stage_index": 1, "pulled": False}


def test_an_occurrence_names_its_unset_variables() -> None:
    (occurrence,) = scan_dockerfile("ARG REG\nARG IMG=$REG/app\nFROM ${IMG}:${TAG}\n")
    assert occurrence.reference is None
    assert occurrence.text == "/app:"
    assert occurrence.unresolved == ("REG", "TAG")
    assert occurrence.error is not None  # "/app:" is no reference either
    assert "unset" not in occurrence.context


def test_context_of_an_onbuild_trigger() -> None:
    scan = scan_dockerfile(
        "FROM a AS base\nONBUILD RUN --mount=from=b:1,target=/b true\nFROM base\n"
    )
    trigger = next(o for o in scan if o.kind == "onbuild")
    assert dict(trigger.context) == {
        "stage": "base",
        "stage_index": 0,
        "pulled": True,
        "trigger": "mount-from",
    }


def test_platform_flag_is_expanded() -> None:
    scan = scan_dockerfile(
        "ARG ARCH=arm64\nFROM --platform=linux/${ARCH} alpine\n", build_args={"ARCH": "riscv64"}
    )
    assert scan.occurrences[0].context["platform"] == "linux/riscv64"


def test_empty_platform_is_an_error() -> None:
    scan = scan_dockerfile("ARG P\nFROM --platform=$P alpine\n")
    assert errors(scan) == [(2, "empty platform value from expression $P")]
    # Read alone, an ARG without a default is the build's to give, the platform too:
    # CrunchyData/pg_tileserv's Makefile passes --build-arg PLATFORM=$(PLATFORM) (2 false
    # source errors, survey 28x). A blank default is still blank.
    assert errors(scan_dockerfile("ARG P\nFROM --platform=$P alpine\n", alone=True)) == []
    blank = scan_dockerfile('ARG P=""\nFROM --platform=$P alpine\n', alone=True)
    assert errors(blank) == [(2, "empty platform value from expression $P")]


def test_occurrences_are_typed_and_carry_the_path() -> None:
    scan = scan_dockerfile(
        "FROM a\nCOPY --from=b /a /b\nFORM c\n", path="svc/Dockerfile", build_args={"X": "1"}
    )
    assert isinstance(scan, Scan)
    assert all(isinstance(o, Occurrence) and o.path == "svc/Dockerfile" for o in scan)
    assert scan.errors == (SourceError("svc/Dockerfile", 3, "unknown instruction: FORM"),)
    assert [o.reference.familiar for o in scan if o.reference] == ["a", "b"]


def test_occurrences_come_in_file_order() -> None:
    scan = scan_dockerfile(
        "# syntax=docker/dockerfile:1\nFROM a AS x\nONBUILD COPY --from=o /a /b\n"
        "RUN --mount=from=m,target=/m true\nCOPY --from=c /a /b\nFROM x\n"
    )
    assert [(o.line, o.kind) for o in scan] == [
        (1, "syntax"),
        (2, "from"),
        (3, "onbuild"),
        (4, "mount-from"),
        (5, "copy-from"),
    ]


def test_json_syntax_file() -> None:
    scan = scan_dockerfile('{"syntax": "example.com/frontend:1", "build": {}}\n')
    assert found(scan)[0] == (
        1,
        13,
        "syntax",
        "example.com/frontend:1",
        "example.com/frontend:1",
        "example.com/frontend:1",
        True,
    )


#: kaito-project/kaito's docker/skopeo/Dockerfile (Apache-2.0): a Dalec spec, which BuildKit
#: hands to the frontend its `# syntax=` names.
DALEC_SPEC = """\
# syntax=ghcr.io/azure/dalec/frontend:0.18

args:
  VERSION: ${VERSION}
  REVISION: ${REVISION}

name: skopeo
version: ${VERSION}
targets:
  azlinux3:
    dependencies:
      build:
        skopeo:
          version:
            - ${VERSION}-${REVISION}.azl3
image:
  entrypoint: /usr/bin/skopeo
"""


def test_a_file_for_another_frontend_pulls_that_frontend_only() -> None:
    scan = scan_dockerfile(DALEC_SPEC, path="Dockerfile")
    assert [(o.kind, o.text) for o in scan] == [("syntax", "ghcr.io/azure/dalec/frontend:0.18")]
    assert [(e.note, e.line) for e in scan.errors] == [(True, None)]
    assert "not a Dockerfile" in scan.errors[0].message
    # A Dockerfile frontend (a mirror's too) reads it as a Dockerfile, errors and all.
    for frontend in ("docker/dockerfile:1", "registry.example.com/mirror/dockerfile:1.7"):
        text = DALEC_SPEC.replace("ghcr.io/azure/dalec/frontend:0.18", frontend)
        assert not any(e.note for e in scan_dockerfile(text).errors)
    # A Dockerfile another frontend reads without complaint is read as ever.
    scan = scan_dockerfile("# syntax=example.com/frontend:1\nFROM alpine:3.20.3\n")
    assert [o.kind for o in scan] == ["syntax", "from"]
    assert list(scan.errors) == []


def test_flag_words_are_read_as_bytes() -> None:
    # Go's extractBuilderFlags reads bytes: U+00E0 is C3 A0 in UTF-8 and the
    # byte A0 counts as white space, so the flag word ends inside the "à".
    scan = scan_dockerfile("FROM a\nCOPY --from=nginxà /x /y\n")
    (_, copy) = scan
    assert copy.text == "nginx\xc3"
    assert copy.reference is None


# --- sample files ------------------------------------------------------------------------

SAMPLES: dict[str, tuple[dict[str, Any], list[tuple[int, int, str, str, bool]]]] = {
    "go-service.Dockerfile": (
        {},
        [
            (1, 10, "syntax", "docker.io/docker/dockerfile:1.7", True),
            (9, 32, "from", "docker.io/library/golang:1.22.5-alpine3.20", True),
            (23, 32, "from", "docker.io/golangci/golangci-lint:v1.59.1", False),
            (27, 6, "from", "gcr.io/distroless/static-debian12:nonroot", True),
            (29, 13, "copy-from", "ghcr.io/grpc-ecosystem/grpc-health-probe:v0.4.28", True),
        ],
    ),
    "node-app.Dockerfile": (
        {"build_args": {"NODE_VERSION": "22.4"}},
        [(2, 6, "from", "docker.io/library/node:22.4-bookworm-slim", True)],
    ),
    "python-uv.Dockerfile": (
        {},
        [
            (1, 6, "from", "docker.io/library/python:3.12-slim-bookworm", True),
            (2, 13, "copy-from", "ghcr.io/astral-sh/uv:0.4.18", True),
            (12, 6, "from", "docker.io/library/python:3.12-slim-bookworm", True),
            (13, 18, "mount-from", "docker.io/library/busybox:1.36", True),
        ],
    ),
    "windows.Dockerfile": (
        {},
        [
            (4, 6, "from", "mcr.microsoft.com/dotnet/sdk:8.0-windowsservercore-ltsc2022", True),
            (9, 5, "from", "mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022", True),
        ],
    ),
    "onbuild.Dockerfile": (
        {},
        [
            (1, 6, "from", "docker.io/library/alpine:3.20", True),
            (2, 21, "onbuild", "docker.io/library/busybox:1.36", True),
            (3, 36, "onbuild", "ghcr.io/acme/certs:2024", True),
            (8, 6, "from", "docker.io/library/debian:bookworm-slim", False),
            (9, 21, "onbuild", "docker.io/library/redis:7.2", False),
        ],
    ),
    "targets.Dockerfile": (
        {"target": "test"},
        [
            (2, 6, "from", "docker.io/library/rust:1.79-slim-bookworm", True),
            (16, 13, "copy-from", "docker.io/bitnami/postgresql:16", True),
            (19, 6, "from", "gcr.io/distroless/cc-debian12:latest", False),
        ],
    ),
    "crlf-bom.Dockerfile": (
        {},
        [
            (1, 6, "from", "docker.io/library/alpine:3.19", True),
            (8, 13, "copy-from", "quay.io/prometheus/node-exporter:v1.8.1", True),
        ],
    ),
}


def test_every_sample_has_expectations() -> None:
    assert sorted(p.name for p in DATA.glob("*.Dockerfile")) == sorted(SAMPLES)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample(name: str) -> None:
    options, expected = SAMPLES[name]
    text = (DATA / name).read_bytes().decode("utf-8")
    scan = scan_dockerfile(text, path=name, **options)
    assert scan.errors == ()
    assert [(o.line, o.column, o.kind, o.normalized, o.context["pulled"]) for o in scan] == expected


def test_sample_default_target() -> None:
    text = (DATA / "targets.Dockerfile").read_text(encoding="utf-8")
    pulled = {o.line: o.context["pulled"] for o in scan_dockerfile(text)}
    assert pulled == {2: True, 16: False, 19: True}


# --- never raises ---------------------------------------------------------------------------

DOCKERFILE_WORDS = st.sampled_from(
    [
        "FROM ",
        "from ",
        "COPY ",
        "RUN ",
        "ADD ",
        "ARG ",
        "ENV ",
        "ONBUILD ",
        "HEALTHCHECK ",
        "--from=",
        "--mount=",
        "--platform=",
        "type=bind,",
        "from=",
        "AS ",
        "as ",
        "scratch",
        "alpine",
        "a:1",
        "0",
        "${",
        "}",
        "$",
        ":-",
        ":?",
        "#",
        "##",
        "%",
        "/",
        "//",
        "<<",
        "<<-",
        "EOF",
        "\\",
        "`",
        '"',
        "'",
        "[",
        "]",
        ",",
        "=",
        " ",
        "\t",
        "\n",
        "\r\n",
        "# escape=`\n",
        "# syntax=x\n",
        "\ufeff",
        "\u00e0",
        "\x85",
        "*",
        "?",
    ]
)


@given(st.lists(DOCKERFILE_WORDS, max_size=40).map("".join), st.sampled_from([None, "a", "x"]))
@example("FROM ${a:-${b:-${c", None)
@example("FROM a\nCOPY --from=1 / /\nRUN --mount=from=0 x\nONBUILD COPY --from=2 / /\n", None)
@example("RUN <<'", None)
@example("FROM a AS x\nCOPY --from=x / /\n", "x")
def test_never_raises_on_dockerfile_like_text(text: str, target: str | None) -> None:
    scan = scan_dockerfile(text, target=target, build_args={"a": "1"})
    assert not any(e.message.startswith("internal error") for e in scan.errors)
    for o in scan:
        assert o.line >= 1 and o.column >= 1


@given(st.text(max_size=200))
def test_never_raises_on_any_text(text: str) -> None:
    scan = scan_dockerfile(text)
    assert not any(e.message.startswith("internal error") for e in scan.errors)


@pytest.mark.parametrize(
    ("text", "hints"),
    [
        # A typo of a stage's name: the image pulled instead says which stage was meant.
        ("FROM alpine:3.22.2 AS buidler\nFROM alpine:3.22.2\nCOPY --from=builder /a /b\n",
         ["buidler"]),
        ("FROM alpine:3.22.2 AS Build-Env\nFROM alpine:3.22.2\n"
         "RUN --mount=type=bind,from=build_env,target=/x true\n", ["build-env"]),
        # Nothing close, or not a bare name: no hint.
        ("FROM alpine:3.22.2 AS license-set\nFROM alpine:3.22.2\nCOPY --from=set /a /b\n",
         [None]),
        ("FROM alpine:3.22.2 AS nginx\nFROM alpine:3.22.2\nCOPY --from=nginx:1.27 /a /b\n",
         [None]),
        ("FROM alpine:3.22.2\nCOPY --from=builder /a /b\n", [None]),
    ],
)  # fmt: skip
def test_a_from_that_names_no_stage_says_which_stage_is_close(
    text: str, hints: list[str | None]
) -> None:
    scan = scan_dockerfile(text)
    found = [o.context.get("stage_hint") for o in scan if o.kind in ("copy-from", "mount-from")]
    assert found == hints


def test_ts002_names_the_stage_a_typo_meant() -> None:
    import datetime

    from tagsense import check

    text = "FROM alpine:3.22.2 AS buidler\nFROM alpine:3.22.2\nCOPY --from=builder /a /b\n"
    (finding,) = check(scan_dockerfile(text), as_of=datetime.date(2026, 12, 1))
    assert finding.code == "TS002"
    assert "no stage is named 'builder' (did you mean 'buidler'?)" in finding.message
    assert "'builder:latest'" in finding.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # harbor's valkey/Dockerfile.base: `ARG TARGETARCH=amd64` … `FROM ${TARGETARCH}-base`,
        # built with `--build-arg TARGETARCH=$(TARGETARCH)`, which a Makefile function decides
        (
            "ARG TARGETARCH=amd64\nFROM alpine:3.22.1 AS amd64-base\n"
            "FROM alpine:3.22.1 AS arm64-base\nFROM ${TARGETARCH}-base\n",
            [],
        ),
        ("FROM golang:1-${TARGETOS}-${TARGETARCH}\n", ["golang:1-linux-amd64"]),
    ],
)
def test_an_automatic_platform_argument_a_run_passes_names_the_platform_read(
    text: str, expected: list[str]
) -> None:
    unknown = {"TARGETARCH": ("TARGETARCH",), "TARGETOS": ("TARGETOS",)}
    scan = scan_dockerfile(text, unresolved_args=unknown)
    pulled = [o for o in scan if o.context.get("pulled")]
    assert [o.text for o in pulled if o.text.startswith("golang")] == expected
    assert all(o.unresolved == () for o in scan)
    # (another argument a run passes stays unresolved)
    (occurrence,) = scan_dockerfile(
        "ARG BASE=alpine\nFROM ${BASE}\n", unresolved_args={"BASE": ("BASE",)}
    )
    assert occurrence.unresolved == ("BASE",)


@pytest.mark.parametrize("blank", ['""', "''", ""])
def test_a_blank_default_that_leaves_no_image_is_the_build_s_to_give(blank: str) -> None:
    # (element-hq/synapse's Dockerfile-dhvirtualenv: `ARG distro=""`, `FROM
    # docker.io/library/${distro}`, built with `--build-arg distro=…`: unresolved, no TS012)
    text = f"ARG distro={blank}\nFROM docker.io/library/${{distro}} AS builder\n"
    (found,) = scan_dockerfile(text, alone=True).occurrences
    assert (found.reference, found.unresolved) == (None, ("distro",))
    assert scan_dockerfile(text, alone=True).errors == ()
    # (blank where it still names an image: the default is the value)
    (suffixed,) = scan_dockerfile(f"ARG S={blank}\nFROM node:18.20.4${{S}}\n", alone=True)
    assert suffixed.text == "node:18.20.4" and suffixed.unresolved == ()
    # (through another ARG's value: ONLYOFFICE's `ARG BASE_IMAGE=ubuntu:$BASE_VERSION`)
    chained = f"ARG V={blank}\nARG BASE=ubuntu:$V\nFROM ${{BASE}}\n"
    (through,) = scan_dockerfile(chained, alone=True).occurrences
    assert (through.reference, through.unresolved) == (None, ("V",))
    # (fed by a build that does not pass it: BuildKit's own error, as before)
    (fed,) = scan_dockerfile(text).occurrences
    assert fed.unresolved == () and fed.reference is None


@pytest.mark.parametrize(
    ("text", "names", "gives"),
    [
        # (SigNoz's cmd/*/Dockerfile.multi-arch, built by another repository's workflow)
        (
            'ARG ALPINE_SHA="pass-a-valid-docker-sha-otherwise-this-will-fail"\n'
            "FROM alpine@sha256:${ALPINE_SHA}\n",
            ("ALPINE_SHA",),
            "alpine@sha256:pass-a-valid-docker-sha-otherwise-this-will-fail",
        ),
        ("ARG BASE_IMAGE=REPLACE_ME\nFROM ${BASE_IMAGE}\n", ("BASE_IMAGE",), "REPLACE_ME"),
    ],
)
def test_a_default_that_makes_no_valid_image_is_the_build_s_to_give(
    text: str, names: tuple[str, ...], gives: str
) -> None:
    # (BuildKit refuses to build with it, so every build passes its own value: unresolved by
    # its name, the default's text in context, no TS012 on a reference nothing pulls)
    (found,) = scan_dockerfile(text, alone=True).occurrences
    assert (found.reference, found.unresolved) == (None, names)
    assert found.text == gives and found.context["invalid_default"] == gives
    # (fed by a build that does not pass it: BuildKit's own error, as before)
    (fed,) = scan_dockerfile(text).occurrences
    assert fed.unresolved == () and fed.reference is None and fed.error is not None
    # (passed: the value given)
    (passed,) = scan_dockerfile(text, build_args={names[0]: "alpine:3.20"}, alone=True)
    assert passed.unresolved == () and "invalid_default" not in passed.context


def test_a_base_that_is_a_run_given_argument_alone_picks_one_of_the_file_s_unused_stages() -> None:
    # (fluent-bit's packaging/distros/*/Dockerfile: `ARG BASE_BUILDER`, a stage per release that
    # nothing builds on, then `FROM $BASE_BUILDER AS builder`; packaging/build.sh passes
    # `--build-arg BASE_BUILDER=${FLB_DISTRO%%/*}-${FLB_DISTRO##*/}-base`: a stage, no image)
    text = (
        "ARG BASE_BUILDER\n"
        "FROM debian:bookworm-slim AS debian-bookworm-base\n"
        "FROM debian:trixie-slim AS debian-trixie-base\n"
        "FROM $BASE_BUILDER AS builder\n"
        "RUN make\n"
    )
    run = {"BASE_BUILDER": ("FLB_DISTRO",)}
    scan = scan_dockerfile(text, unresolved_args=run)
    assert [o.text for o in scan] == ["debian:bookworm-slim", "debian:trixie-slim"]
    assert all(o.unresolved == () for o in scan)
    # (with a default, or with every other stage used, it is an image the run names)
    for other in (
        text.replace("ARG BASE_BUILDER\n", "ARG BASE_BUILDER=debian:13\n"),
        text.replace("RUN make\n", "COPY --from=debian-bookworm-base / /\n").replace(
            "FROM debian:trixie-slim AS debian-trixie-base\n", ""
        ),
    ):
        found = [o for o in scan_dockerfile(other, unresolved_args=run) if o.unresolved]
        assert [o.line for o in found] == [4 if "trixie" in other else 3]
    # (read alone, as build.sh's directory a run names leaves it: the same)
    assert [o.text for o in scan_dockerfile(text, alone=True)] == [o.text for o in scan]
    # (unused stages that are a project's other targets, not variants: an image the run names)
    targets = text.replace("debian-bookworm-base", "dev").replace("debian-trixie-base", "test")
    (unresolved,) = [o for o in scan_dockerfile(targets, alone=True) if o.unresolved]
    assert unresolved.unresolved == ("BASE_BUILDER",)
