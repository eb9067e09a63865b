"""The reference has neither a tag nor a digest, so Docker pulls ``latest``.

## What it does
Reports references without a tag or digest (``FROM redis``).

## Why is this bad?
Docker fills in ``:latest``: the image is whatever was pushed last, and the
reference does not even say so.

## Example
```dockerfile
FROM python
```

## Use instead
```dockerfile
FROM python:3.12.4-slim-bookworm
```
With registry access (``tagsense check --fix``, or ``registry = true``), the
message names the most precise tag whose image is the one Docker pulls today,
and ``--fix`` writes it.
"""

from __future__ import annotations

from ._base import Subject, Verdict

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from typing import Any

CODE = "TS002"
NAME = "missing-tag"
SEVERITY = "error"


def check(subject: Subject, options: Mapping[str, Any]) -> Iterator[Verdict]:
    ref = subject.reference
    if ref is not None and ref.tag is None and ref.digest is None:
        occurrence = subject.occurrence
        stage = occurrence.context.get("stage_hint") if occurrence is not None else None
        if stage is not None:  # COPY --from=builder where a stage is named buidler
            yield Verdict(
                f"no stage is named '{ref.familiar}' (did you mean '{stage}'?), so Docker "
                f"pulls the image '{ref.familiar}:latest'; name the stage, or pin the image's "
                "version tag or digest"
            )
            return
        advice = subject.advice()
        yield Verdict(
            f"'{ref.familiar}' has no tag, so Docker pulls '{ref.familiar}:latest'; "
            + (
                f"use '{advice}' (the same image today)"
                if advice
                else "pin a version tag, or a digest"
            )
        )
