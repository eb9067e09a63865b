"""The reference depends on a variable with no value.

## What it does
Reports references built from variables that have no value where they are
used (``FROM $BASE`` with no default and no ``--build-arg``).

## Why is this bad?
The build fails, or pulls whatever the caller passes: the file alone does not
say which image it uses.

## Example
```dockerfile
ARG BASE
FROM $BASE
```

## Use instead
```dockerfile
ARG BASE=python:3.12.4-slim
FROM $BASE
```
"""

from __future__ import annotations

from ._base import Subject, Verdict

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from typing import Any

CODE = "TS011"
NAME = "unresolved-variable"
SEVERITY = "warning"


def unresolved(subject: Subject) -> tuple[str, ...]:
    """The variables without a value the subject's text came from (the source says which)."""
    occurrence = subject.occurrence
    if occurrence is None or subject.reference is not None:
        return ()
    context = occurrence.context
    # Dockerfiles report "unset", compose files "unresolved".
    names = context.get("unset") or context.get("unresolved") or ()
    return tuple(str(name) for name in names)  # type: ignore[attr-defined]


def check(subject: Subject, options: Mapping[str, Any]) -> Iterator[Verdict]:
    names = unresolved(subject)
    if names:
        occurrence = subject.occurrence
        assert occurrence is not None
        listed = ", ".join(names)
        yield Verdict(
            f"'{occurrence.raw}' depends on {listed}, which has no value here; "
            "give it a default, or pass a value (--build-arg, the environment)"
        )
