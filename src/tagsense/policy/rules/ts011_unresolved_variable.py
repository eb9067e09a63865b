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

from typing import TYPE_CHECKING, Any

from ._base import Subject, Verdict

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

CODE = "TS011"
NAME = "unresolved-variable"
SEVERITY = "warning"


def unresolved(subject: Subject) -> bool:
    """Whether the subject's text came from variables left without a value."""
    occurrence = subject.occurrence
    if occurrence is None or subject.reference is not None or "$" not in occurrence.raw:
        return False
    names = occurrence.context.get("unresolved")
    return bool(names) or names is None


def check(subject: Subject, options: Mapping[str, Any]) -> Iterator[Verdict]:
    if unresolved(subject):
        occurrence = subject.occurrence
        assert occurrence is not None
        yield Verdict(
            f"'{occurrence.raw}' depends on a variable with no value here; "
            "give the ARG a default, or pass --build-arg"
        )
