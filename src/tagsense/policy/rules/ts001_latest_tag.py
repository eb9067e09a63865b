"""The tag is ``latest``.

## What it does
Reports references whose tag is ``latest``, written out (``redis:latest``).
On a registry that never moves a published tag (``registry.k8s.io``; see TS004)
``latest`` does not move either, and is still reported: it says no version, and
it is the image first published under it, not the newest release.

## Why is this bad?
``latest`` is whatever the publisher pushed last: the same Dockerfile builds a
different image tomorrow, a rebuild can jump a major version, and nothing in
the repository says which version was tested.

## Example
```dockerfile
FROM redis:latest
```

## Use instead
```dockerfile
FROM redis:7.2.4-bookworm
```
or pin a digest (``redis:7.2.4-bookworm@sha256:…``). With registry access
(``tagsense check --fix``, or ``registry = true``), the message names the most
precise tag whose image is the one ``latest`` points at today, and ``--fix``
writes it.
"""

from __future__ import annotations

from ._base import Subject, Verdict, tags_never_move

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from typing import Any

CODE = "TS001"
NAME = "latest-tag"
SEVERITY = "error"
DIGEST_PINS = True


def check(subject: Subject, options: Mapping[str, Any]) -> Iterator[Verdict]:
    ref = subject.reference
    if ref is None and subject.channel == "latest":
        occurrence = subject.occurrence
        assert occurrence is not None
        yield Verdict(
            f"'{occurrence.raw}' uses a 'latest' tag whatever the rest of it is filled in "
            "with, which moves with every release; pin a version tag, or a digest"
        )
    if ref is not None and ref.tag == "latest":
        advice = subject.advice()
        moves = (
            f"which says no version: {ref.registry} never moves a tag, so it is the image first "
            "published as latest there, not the newest release"
            if tags_never_move(ref)
            else "which moves with every release"
        )
        yield Verdict(
            f"'{ref.familiar}' uses the 'latest' tag, {moves}; "
            + (
                f"use '{advice}' (the same image today)"
                if advice
                else "pin a version tag, or a digest"
            )
        )
