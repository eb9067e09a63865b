"""The version is less precise than ``min-precision``.

## What it does
Reports tags whose version has fewer components than ``min-precision``
(default ``patch``): ``redis:7`` and ``redis:7.0`` float, ``redis:7.0.11``
does not. An OS image's tag is judged against its OS release id, so
``ubuntu:22.04``, ``debian:12``, ``alpine:3.21``, ``fedora:43``,
``quay.io/centos/centos:stream9`` and ``windows/servercore:ltsc2022`` are
complete (``alpine:3`` is not: it is every Alpine 3.x). An OS image is one that
*is* the OS: the official image (``docker.io/library/fedora``) or the
distribution's own registry (``quay.io/fedora/fedora``,
``registry.fedoraproject.org/fedora``); a project's ``ci/fedora:v18`` is not
Fedora 18. An official image whose releases have fewer numbers is judged
against its own: ``postgres:16.4`` is a whole PostgreSQL release (there is no
16.4.x) and ``postgres:16`` floats over 16.x; the same for ``odoo:18.0`` and
the other official images whose tag lists show it. An image of another
publisher is judged as ``major.minor.patch`` (its tags are not all known),
except where what it carries says otherwise: the software of an official image
of its last name (``cimg/postgres:16.4`` and ``bitnami/postgresql:16.4`` are
whole PostgreSQL releases; ``cimg/node:18.16`` floats as ``node:18.16`` does;
an OS's name is not its software: ``myorg/alpine`` is the project's own image),
or, before that, the software its tag names right before the version, whose
version it is (typeorm's CI database image
``ghcr.io/typeorm/docker:postgres-17.9-postgis-3.6.2-pgvector-0.8.2`` carries
PostgreSQL 17.9, a whole release, though its last name is Docker's), or the software an
operator runs it as (a CloudNativePG ``Cluster``'s ``imageName`` is PostgreSQL, whose version
its tag begins with: ``ghcr.io/tensorchord/cloudnative-vectorchord:18.0-0.5.3`` is
PostgreSQL 18.0),
and a number written with a leading zero (``mailcow/watchdog:2.06``,
``cimg/base:2024.01``), which no semantic version has: a counter or a date,
whole as written; so is a tag that is one number alone, of three digits or more and no
year (``cloudhealth/container-collector:957``): a build counter, no software's major
release; so is a year-and-month release of a publisher that names its releases
so (NVIDIA's NGC containers: ``nvcr.io/nvidia/tritonserver:24.10-py3`` is October 2024's),
and a publisher's stability tag after the application's version (Wodby's
``wodby/mariadb:11.8-3.35.7`` is MariaDB 11.8 in the image's release 3.35.7, never rebuilt;
Docksal's ``docksal/nginx:1.20-1.2`` is nginx 1.20 in image version 1.2; Camptocamp's Odoo
images, ``camptocamp/odoo-nginx:11.0-1.3.0``, are Odoo's series in the image's release), and a
``MAJOR.MINOR`` tag of an image named for a BSD, whose releases have two numbers
(containerlab's ``vrnetlab/vr-openbsd:7.3`` is OpenBSD 7.3; ``freebsd/freebsd-runtime:14.3``).
A tag pinned by a build date or revision
(``bitnami/redis:7.2-debian-12-r5``; a calendar version after the version is the
image's own release: ``base-python:3.14-alpine3.24-2026.06.1``) is not reported,
nor is a tag that follows a channel (``mssql/server:2022-latest``, ``node:18-lts``):
that is TS003. Nor is a numbered prerelease of a version (``postgres:17rc1``,
``mssql/server:2025-RC1-ubuntu-24.04``): it names one release candidate of the release to
come, and no finer tag exists; TS005 reports it. Nor is a migration between two releases
(``tianon/postgres-upgrade:9.6-to-14``), whose versions are the pair's: there is
no finer tag to pin.
Nor is a tag of a registry whose tags never move once published: the Kubernetes
project's ``registry.k8s.io`` (and ``k8s.gcr.io`` before it), where the image
promoter refuses to move a tag, so ``registry.k8s.io/e2e-test-images/agnhost:2.53``
is one image for good.
A Dockerfile's ``# syntax=`` frontend is left alone unless
``syntax-directive`` is on (the strict preset turns it on): BuildKit's own
documentation recommends the floating ``docker/dockerfile:1``, which gets the
fixes of the 1.x releases.

## Why is this bad?
``redis:7`` is a new image with every 7.x.y release: a rebuild picks up new
behaviour, and a rollback to "the same tag" is not the same image.

## Example
```dockerfile
FROM redis:7
```

## Use instead
```dockerfile
FROM redis:7.2.4
```
With registry access (``tagsense check --fix``, or ``registry = true``), a tag
that no tag of its repository refines (``gb-frontend:v5`` where the repository
has ``v1`` … ``v6`` and no ``v5.x``) is not reported: its version is as precise
as the image's tags get. With it, the message names the most precise tag of the
same shape whose image is the one the floating tag points at today
(``python:3.12-slim`` → ``python:3.12.8-slim``), and ``--fix`` writes it.

Offline, the tags of an image of another publisher are not known, and some
publishers' releases are whole at fewer numbers (``ghcr.io/linkerd/dev:v50``;
``buoyantio/emojivoto-web:v11``): the message then says how to settle it. Name
such images in ``per-image-precision`` (``"ghcr.io/linkerd/*" = "major"``), or
let the check ask the registry (``registry = true``).

## Options
- ``min-precision`` (``"major"``, ``"minor"`` or ``"patch"``; default ``"patch"``)
- ``per-image-precision`` (table: image pattern -> ``"major"``, ``"minor"`` or
  ``"patch"``; the first pattern that matches gives the image's least precision in
  place of ``min-precision``; patterns match as TS010's)
- ``syntax-directive`` (``true`` or ``false``; default ``false``, ``true`` in the
  strict preset): also judge the ``# syntax=`` frontend image.
"""

from __future__ import annotations

import re
from itertools import pairwise

from ..._vocabulary import OS_IMAGES, official_name
from ._base import Option, Subject, Verdict, names_an_lts_release, pins_a_build, tags_never_move

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from typing import Any

    from ...occurrence import Occurrence
    from ...reference import Reference
    from ...tag import Tag

CODE = "TS004"
NAME = "floating-version"
SEVERITY = "warning"
DIGEST_PINS = True

PRECISIONS = ("major", "minor", "patch")


def _precision(value: Any) -> str:
    if value not in PRECISIONS:
        raise ValueError(f"must be one of {', '.join(repr(p) for p in PRECISIONS)}")
    return str(value)


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _per_image(value: Any) -> tuple[tuple[str, str], ...] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError("must be a table of image pattern = precision")
    from ..._glob import compile_glob

    checked = []
    for pattern, precision in value.items():
        compile_glob(pattern)
        try:
            checked.append((pattern, _precision(precision)))
        except ValueError as error:
            raise ValueError(f"the precision for {pattern!r} {error}") from None
    return tuple(checked)


OPTIONS = (
    Option("min-precision", "patch", _precision, "the least version precision accepted"),
    Option(
        "per-image-precision",
        None,
        _per_image,
        "the least precision per image pattern (the first that matches; else min-precision)",
    ),
    Option("syntax-directive", False, _flag, "also judge the # syntax= frontend image"),
)


def known_length(name: str, major: int) -> int | None:
    """How many numbers a complete version of the image has, where that is known offline;
    ``None`` for an image of another publisher whose releases tagsense does not know.

    The official images' tag lists say it (see tasks/generate_version_lengths.py):
    postgres:16.4 is a whole PostgreSQL release. Another publisher's image of the same
    software (its last name, or that name's other spelling: bitnami/postgresql) has the same
    releases; an OS's name on another publisher's image is no OS (myorg/alpine is theirs).
    """
    from ..._version_lengths import LENGTHS

    official = official_name(name) or _software(name.rpartition("/")[2])
    if official is None:
        return None
    known = LENGTHS.get(official)
    if known is None:
        return 3  # (LENGTHS lists only the images whose releases have fewer numbers)
    unknown_major, majors = known
    return next((length for m, length in majors if m == major), unknown_major)


#: Other names of the software of an official image (publishers' images of PostgreSQL are
#: often ``postgresql``: bitnami/postgresql, cloudnative-pg/postgresql).
_SPELLINGS = {"postgresql": "postgres"}


def _software(word: str) -> str | None:
    """The official image whose software ``word`` names (``postgresql`` is ``postgres``), if
    any; an OS's name is none (``myorg/alpine`` is its publisher's own image)."""
    from ..._official_names import NAMES

    software = _SPELLINGS.get(word, word)
    if software not in NAMES or "docker.io/library/" + software in OS_IMAGES:
        return None
    return software


def _operand_software(occurrence: Occurrence | None) -> str | None:
    """The official image whose software an operator runs the image as, whatever it is
    called (``context["software"]``: a CloudNativePG ``Cluster``'s ``imageName`` is
    PostgreSQL, ``ghcr.io/tensorchord/cloudnative-vectorchord:18.0-0.5.3`` PostgreSQL 18.0)."""
    software = occurrence.context.get("software") if occurrence is not None else None
    if not isinstance(software, str) or _software(software) is None:
        return None
    return "docker.io/library/" + software


def _named_software(tag: Tag) -> str | None:
    """The official image's name a tag gives right before its version (``postgres`` in
    ``postgres-17.9-postgis-3.6.2``), as an image name; else ``None``.

    A tag that names its software says whose version the number is, whatever the image is
    called: typeorm's ``ghcr.io/typeorm/docker:postgres-17.9-…`` is PostgreSQL 17.9, not a
    Docker release. Only the word just before the version, joined by ``-``, is read: a word
    after it (``2.14.2-pg16``, ``1.2-postgres``) is a flavour of the image's own version.
    """
    for before, token in pairwise(tag.tokens):
        if token.kind != "version":
            continue
        if before.kind != "variant" or before.end + 1 != token.start:
            return None
        if tag.text[before.end] != "-":
            return None
        software = _software(before.text)
        return None if software is None else "docker.io/library/" + software
    return None


def _zero_padded(version: str) -> bool:
    """Whether a number after the first is written with a leading zero (2.06, 2024.01): no
    semantic version is (SemVer 2.0.0, rule 2), so it is a counter or a date, whole."""
    return any(len(part) > 1 and part[0] == "0" for part in version.split(".")[1:])


#: The years a one-number version may be (a calendar release: ``greptime/minio:2024``
#: floats over 2024's releases); any other number of three digits or more is a counter.
_YEARS = range(1990, 2100)


def _build_counter(tag: Tag) -> bool:
    """Whether a tag's version is one number (``957``, ``v957``) of three digits or more, and
    no year: a build or revision counter (cloudhealth/container-collector's ``957``, whose
    chart's ``appVersion`` is ``"957"``; manticoresearch's test image ``331``). No software's
    major release runs that high, and a counter names one build: nothing finer exists to pin.
    A variant after it is the same build's (manticoresearch's CI runs ``ubertests_public:331``
    and ``:332_aot``, build 332 compiled ahead of time); a word before it is not (``main-1234``
    may be a branch's release 1234.x)."""
    text = tag.text.removeprefix("v")
    number = tag.version or ""
    if not text.startswith(number) or text[len(number) : len(number) + 1] not in ("", "-", "_"):
        return False
    return number.isdigit() and int(number) >= 100 and int(number) not in _YEARS


def _monthly_release(ref: Reference, tag: Tag) -> bool:
    """Whether the tag is a YY.MM release of a publisher that names its releases so (NGC's
    ``nvcr.io/nvidia/tritonserver:24.10-py3``), the month written with two digits."""
    from ..._vocabulary import MONTHLY_RELEASE_NAMESPACES

    if not any(
        ref.registry == registry and ref.repository.startswith(prefix)
        for registry, prefix in MONTHLY_RELEASE_NAMESPACES
    ):
        return False
    year, dot, month = (tag.version or "").partition(".")
    return (
        dot == "."
        and len(year) == 2
        and len(month) == 2
        and year.isdigit()
        and month.isdigit()
        and int(year) >= 17  # (NGC's first releases are 17.xx)
        and 1 <= int(month) <= 12
    )


def _stability_tag(ref: Reference, tag: Tag) -> bool:
    """Whether a later version of the tag is the image's own release, of a publisher that
    tags ``[VERSION]-[STABILITY_TAG]`` (``wodby/mariadb:11.8-3.35.7``: MariaDB 11.8 in the
    image's release 3.35.7, which is never rebuilt), written whole (as many numbers as the
    publisher's stability tags have: three for Wodby, two for Docksal's ``1.20-1.2``)."""
    from ..._vocabulary import STABILITY_TAG_NAMESPACES

    numbers = next(
        (
            count
            for registry, prefix, count in STABILITY_TAG_NAMESPACES
            if ref.registry == registry and ref.repository.startswith(prefix)
        ),
        None,
    )
    if numbers is None:
        return False
    versions = [token for token in tag.tokens if token.kind == "version"]
    return any(_whole(token.text, numbers) for token in versions[1:])


def _bsd_release(ref: Reference, tag: Tag) -> bool:
    """Whether the tag is MAJOR.MINOR on an image named for a BSD (a word of its last name:
    ``vrnetlab/vr-freebsd:13.2``, ``freebsd/freebsd-runtime:14.3``), whose releases have two
    numbers: the whole release."""
    from ..._vocabulary import BSD_NAMES

    if len(tag.release) != 2:
        return False
    name = ref.repository.rpartition("/")[2].lower()
    return any(word in BSD_NAMES for word in re.split(r"[-_.]", name))


def _whole(text: str, numbers: int) -> bool:
    parts = text.split(".")
    return len(parts) == numbers and all(part.isdigit() for part in parts)


def check(subject: Subject, options: Mapping[str, Any]) -> Iterator[Verdict]:
    ref, tag = subject.reference, subject.tag
    if ref is None or tag is None or tag.version is None or tag.precision is None:
        return
    if pins_a_build(tag):
        return
    if tag.alias is not None and not names_an_lts_release(tag):
        return  # 2022-latest floats by its channel: TS003's finding, reported once
    if tag.prerelease is not None and any(char.isdigit() for char in tag.prerelease):
        return  # 17rc1, 2025-RC1: one numbered prerelease of the version, TS005's finding
    if any(variant.lower().startswith("to-") for variant in tag.variants):
        return  # 9.6-to-14: a migration between two releases, no finer tag to pin
    if tags_never_move(ref):
        return  # agnhost:2.53 on registry.k8s.io is one image for good: its tags never move
    occurrence = subject.occurrence
    if occurrence is not None and occurrence.kind == "syntax" and not options["syntax-directive"]:
        return  # docker/dockerfile:1 is what BuildKit's documentation recommends
    least = options["min-precision"]
    for pattern, precision in options["per-image-precision"] or ():
        if ref.matches(pattern):
            least = precision
            break
    known = known_length(
        _named_software(tag) or _operand_software(occurrence) or ref.name, tag.release[0]
    )
    required = min(PRECISIONS.index(least) + 1, 3 if known is None else known)
    components = len(tag.release)
    if components >= required or _zero_padded(tag.version) or _monthly_release(ref, tag):
        return
    if known is None and _build_counter(tag):
        return  # cloudhealth/container-collector:957 is build 957, not a 957.x series
    if _stability_tag(ref, tag):
        return  # wodby/mariadb:11.8-3.35.7 is one release of the image, never rebuilt
    if known is None and _bsd_release(ref, tag):
        return  # vrnetlab/vr-openbsd:7.3 is OpenBSD 7.3, a whole release
    from ..._anatomy import names_os_release

    if names_os_release(ref, tag):
        return  # ubuntu:22.04 names the whole OS release
    answer = subject.answer
    if answer is not None and answer.finer is False:
        return  # the registry lists no tag that refines it: as precise as the image gets
    pattern = ".".join([tag.version, *["x", "y"][: required - components]])
    advice = subject.advice()
    if advice:
        remedy = f"use '{advice}' (the same image today)"
    elif known is None and answer is None:
        # Its publisher's tags decide, and they are not known offline: say how to settle it.
        remedy = (
            f"pin a full version ({pattern}), or a digest; if {tag.version} is a whole release "
            "of this image, say so in per-image-precision (registry = true asks its tags)"
        )
    else:
        remedy = f"pin a full version ({pattern}), or a digest"
    yield Verdict(
        f"floating {tag.precision} version '{tag.version}': the image moves with every "
        f"{tag.version}.x release; {remedy}"
    )
