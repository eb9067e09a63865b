"""The tag is a prerelease.

## What it does
Reports prerelease tags: ``3.13.0rc1``, ``8.0-preview``, ``28-ea-4``,
``5.0.0-M1``, ``1.0-SNAPSHOT``, ``dev-3f2a9c1``. A toolchain's prerelease inside a
variant (``go1.20rc1``) does not make the image one, nor does the word every release of
a software carries (LND's ``v0.18.4-beta``; ``v0.19.0-beta.rc1`` is its prerelease), nor
the word of a publisher's variant (Chainguard's and Docker Hardened Images' ``3.11-dev``, the
release with a shell and a package manager; LiveKit's ``livekit/gstreamer:1.26.7-dev``, the
release with what builds against it, beside ``-base`` and ``-prod``; Epic's
``ghcr.io/epicgames/unreal-engine:dev-slim-5.2.0``, release 5.2.0's development image, beside
its runtime images). Nor does a build of a
commit (``git describe``'s ``v1.15.0-alpha.0-7-gb914c26``) that the repository's own GitHub
owner publishes (``ghcr.io/OWNER/…``, the owner of the checkout's ``origin``): a sibling repository
the project develops in step with, pinned to a commit until its release pins their release
(siderolabs/talos' ``Dockerfile`` on its main branch). Nor does a file of that prerelease's
own release, in a directory named by the tag (kserve's ``install/v0.7.0-rc0/kserve.yaml``,
which installs ``kserve/models-web-app:v0.7.0-rc0``): the prerelease is what it ships. A
prerelease word that is the whole tag, with no version or pin (``dev``, ``beta``,
``canary``), is a channel that moves with every build: TS003 reports it, once.

## Why is this bad?
Prereleases are for trying out, not for shipping: they change without
notice, get no security fixes once the release is out, and disappear.

## Example
```dockerfile
FROM python:3.13.0rc1-slim
```

## Use instead
```dockerfile
FROM python:3.12.4-slim
```
"""

from __future__ import annotations

import os

from ..._vocabulary import RELEASE_WORDS, VARIANT_WORDS
from ._base import Subject, Verdict, names_no_version

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from typing import Any

CODE = "TS005"
NAME = "prerelease"
SEVERITY = "warning"
DIGEST_PINS = True


def check(subject: Subject, options: Mapping[str, Any]) -> Iterator[Verdict]:
    tag = subject.tag
    if tag is None or tag.prerelease is None:
        return
    if names_no_version(tag):
        return  # 'dev' alone names no version: TS003's channel, one finding for one word
    if _release_word(subject, tag.prerelease):
        return  # (lnd:v0.18.4-beta is LND's release; v0.19.0-beta.rc1 its candidate)
    if _variant_word(subject, tag.prerelease):
        return  # (cgr.dev/chainguard/python:3.11-dev is 3.11's variant with a shell)
    if _release_directory(subject, tag.text):
        return  # (install/v0.7.0-rc0/kserve.yaml: the files of that prerelease itself)
    if tag.sha is not None and _owner_s_build(subject):
        return  # (talos' ghcr.io/siderolabs/fhs:v1.15.0-alpha.0-7-gb914c26: a sibling's commit)
    yield Verdict(
        f"'{tag.text}' is a prerelease ('{tag.prerelease}'); "
        "use a released version for anything you ship"
    )


def _release_word(subject: Subject, prerelease: str) -> bool:
    """Whether the prerelease is the word every release of the image's software carries."""
    reference = subject.reference
    return reference is not None and RELEASE_WORDS.get(reference.app) == prerelease.lower()


def _variant_word(subject: Subject, prerelease: str) -> bool:
    """Whether the prerelease is the word of a publisher's variant of its releases."""
    reference = subject.reference
    if reference is None:
        return False
    word = prerelease.lower()
    return any(
        reference.name.startswith(prefix) and word == variant
        for prefix, variant in VARIANT_WORDS.items()
    )


def _owner_s_build(subject: Subject) -> bool:
    """Whether the image is published by the owner of the repository that names it (see
    ``tagsense._own_publisher``): a build of one of its sibling repositories' commits."""
    reference, occurrence = subject.reference, subject.occurrence
    if reference is None or occurrence is None:
        return False
    from ..._own_publisher import published_by_owner

    return published_by_owner(reference.name, occurrence.path)


def _release_directory(subject: Subject, tag: str) -> bool:
    """Whether the reference is in a directory named by its tag (with or without a leading
    ``v``): the files a project keeps of each of its releases, one directory a release, the
    prerelease's among them."""
    occurrence = subject.occurrence
    if occurrence is None or occurrence.path is None:
        return False
    wanted = tag.lower().removeprefix("v")
    parts = os.path.dirname(occurrence.path).replace("\\", "/").split("/")
    return any(part.lower().removeprefix("v") == wanted for part in parts if part)
