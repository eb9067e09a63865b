"""The tag is a channel alias, or says no version at all.

## What it does
Reports tags that name a channel (``stable``, ``lts``, ``edge``, ``mainline``,
``latest-alpine``, ``rolling``…) or carry no version (``slim``, ``alpine``,
``nonroot``). On an OS image the codename or release id *is* the version, so
``ubuntu:jammy`` and ``windows/servercore:ltsc2022`` are not reported (``debian:sid``
is: sid is Debian unstable, no release). A tag
pinned by a build date, revision or commit (``jammy-20240111``) is not
reported, nor one that names a whole release (to the patch) by a short name
that is no toolchain's (timescaledb-ha's ``pg18.4-ts2.29.1-all-oss``:
TimescaleDB 2.29.1), nor one that names a build tool's whole release (the
official clojure image's ``temurin-21-lein-2.11.2-bookworm``: the Leiningen it
ships is its release), nor one that names a release in the VRC scheme to its build
(KingbaseES' ``v009r001c001b0030_single_x86``), nor a tag of a registry that never moves one
(``registry.k8s.io/redis:e2e``; see TS004). ``lts`` after a version
(``openeuler/openeuler:24.03-lts-sp1``, openEuler 24.03 LTS SP1) says what kind of
release the version is, not a channel: TS004 judges how precise the version is.
``latest`` itself is TS001.

## Why is this bad?
A channel moves to the next release when the publisher decides: ``node:lts``
went from 18 to 20 to 22 without a change in your repository.

## Example
```dockerfile
FROM node:lts-alpine
```

## Use instead
```dockerfile
FROM node:20.15.1-alpine3.20
```
With registry access (``tagsense check --fix``, or ``registry = true``), the
message names the most precise tag whose image is the one the channel points
at today, when the repository has one, and ``--fix`` writes it.
"""

from __future__ import annotations

from ..._vocabulary import TOOLCHAINS
from ._base import (
    Subject,
    Verdict,
    names_an_lts_release,
    names_no_version,
    pins_a_build,
    tags_never_move,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from typing import Any

CODE = "TS003"
NAME = "floating-alias"
SEVERITY = "warning"
DIGEST_PINS = True


def check(subject: Subject, options: Mapping[str, Any]) -> Iterator[Verdict]:
    channel = subject.channel
    if channel is not None and channel != "latest":
        occurrence = subject.occurrence
        assert occurrence is not None
        yield Verdict(
            f"'{occurrence.raw}' follows the '{channel}' channel whatever the rest of it is "
            "filled in with, which moves to new releases; pin a version tag, or a digest"
        )
    ref, tag = subject.reference, subject.tag
    if ref is None or tag is None or ref.tag == "latest":
        return
    if tags_never_move(ref):
        return  # registry.k8s.io/redis:e2e is one image for good
    if names_an_lts_release(tag):
        return  # openeuler/openeuler:24.03-lts-sp1 is openEuler 24.03 LTS SP1: TS004's
    if tag.alias is not None and tag.precision != "patch" and not pins_a_build(tag):
        yield Verdict(
            f"'{ref.tag}' follows the '{tag.alias}' channel, which moves to new releases; "
            + _instead(subject)
        )
    elif names_no_version(tag):
        from ..._anatomy import os_image_family

        release = tag.os
        if (
            release is not None
            and release.version is not None
            and any(c.isdigit() for c in release.version)
            and os_image_family(ref) == release.family
        ):
            return  # ubuntu:jammy: the codename is the version (sid's, "unstable", is none)
        if any(_names_a_release(variant) for variant in tag.variants):
            return  # (timescaledb-ha's `pg18.4-ts2.29.1-all-oss`: TimescaleDB 2.29.1)
        if any(_pins_a_build_tool(variant) for variant in tag.variants):
            return  # (clojure's `temurin-11-tools-deps-1.11.1.1208-bullseye-slim`)
        if any(_names_a_vrc_build(variant) for variant in tag.variants):
            return  # (KingbaseES' `v009r001c001b0030_single_x86`: one build for good)
        toolchain = next((v for v in tag.variants if _names_a_toolchain(v)), None)
        what = f" of the image ('{toolchain}' is what it is built with)" if toolchain else ""
        if not toolchain and release is not None and release.version is not None:
            # (devcontainers/base:ubuntu24.04: the OS it is built on, not the image's release)
            what = f" of the image (only the OS it is built on, {release.name})"
        if tag.prerelease is not None:
            what += " (a prerelease)"  # (TS005 leaves it here: one finding for one word)
        yield Verdict(
            f"'{ref.tag}' names no version{what}, so it moves with every release; "
            + _instead(subject)
        )


def _names_a_toolchain(variant: str) -> bool:
    """Whether a variant is a toolchain with its version (``python3.9``, ``jdk17``), not a
    word that happens to hold a digit (``base2``, ``nightly2``, ``test1``)."""
    name = variant.rstrip("0123456789._").rstrip("-")  # (php7_4: a version written with _)
    return name != variant and (name.lower() in TOOLCHAINS or name.lower() in _COMPILERS)


def _names_a_release(variant: str) -> bool:
    """Whether a variant is a word and a whole release, to the patch (``ts2.29.1``), that is
    no toolchain's: the release of the software the image is, by a short name of it (the
    tag then pins it, whatever the toolchain beside it says).

    >>> _names_a_release("ts2.29.1"), _names_a_release("python3.10.4"), _names_a_release("pg18")
    (True, False, False)
    """
    import re

    found = re.fullmatch(r"([a-z]{1,12})[-_]?(\d+\.\d+\.\d+)", variant.lower())
    return found is not None and not _names_a_toolchain(f"{found.group(1)}{found.group(2)}")


#: Build tools that an image for building with them is named by: the official clojure
#: image's tags give the release of the tool it ships (``lein-2.11.2``,
#: ``tools-deps-1.11.1.1208``), beside the JDK it runs on (``temurin-21``).
_BUILD_TOOLS = frozenset({"lein", "tools-deps", "boot", "sbt", "gradle", "maven"})


def _pins_a_build_tool(variant: str) -> bool:
    """Whether a variant is a build tool pinned to its patch release, the image's own release
    (logseq's ``clojure:temurin-11-tools-deps-1.11.1.1208-bullseye-slim``: one false TS003).

    >>> _pins_a_build_tool("tools-deps-1.11.1.1208"), _pins_a_build_tool("lein-2.11.2")
    (True, True)
    >>> _pins_a_build_tool("tools-deps"), _pins_a_build_tool("gradle-8.5")
    (False, False)
    """
    import re

    found = re.fullmatch(r"([a-z][a-z-]*?)[-_]?\d+(?:\.\d+){2,}", variant.lower())
    return found is not None and found.group(1) in _BUILD_TOOLS


def _names_a_vrc_build(variant: str) -> bool:
    """Whether a variant is a release in the VRC scheme (Version, Release, Customization)
    to its build or its patch (``B0030``, ``SPC100``): the scheme KingbaseES and Huawei's
    products name each release by, ``V009R001C001B0030`` one build of V9R1C1 that never
    moves (nocobase's kingbase image: one false TS003). Without the build it may move.

    >>> _names_a_vrc_build("v009r001c001b0030"), _names_a_vrc_build("V800R023C10SPC100")
    (True, True)
    >>> _names_a_vrc_build("v9r1c1"), _names_a_vrc_build("v8r6"), _names_a_vrc_build("vr1b2")
    (False, False, False)
    """
    import re

    return (
        re.fullmatch(r"v\d{1,3}r\d{1,3}(?:c\d{1,3})?(?:b\d{1,4}|spc\d{1,4})", variant.lower())
        is not None
    )


#: Compilers a build image names with their version (``ubuntu22_clang20``), besides the
#: runtimes and toolchains the tag anatomy knows.
_COMPILERS = frozenset({"clang", "gcc", "llvm", "gfortran", "mingw", "msvc", "nvhpc"})


def _instead(subject: Subject) -> str:
    advice = subject.advice()
    return f"use '{advice}' (the same image today)" if advice else "pin a version tag, or a digest"
