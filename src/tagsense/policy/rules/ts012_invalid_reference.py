"""The text is not a valid image reference.

## What it does
Reports text that Docker would refuse as an image reference, with the reason
and the position (``redis:7 alpine``, ``Redis:7``, ``redis@sha256:abc``). It is
the one rule that also judges the name a compose build gives its result
(``image:`` beside ``build:``): that image is made, not pulled, so the other
rules leave it alone, but an invalid name fails the build all the same.

## Why is this bad?
The build or deployment fails when it reaches this line.

## Example
```dockerfile
FROM Redis:7
```

## Use instead
```dockerfile
FROM redis:7.2.4
```
"""

from __future__ import annotations

from ._base import Subject, Verdict

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from typing import Any

CODE = "TS012"
NAME = "invalid-reference"
SEVERITY = "error"
JUDGES_BUILT = True  # a build cannot tag its result with an invalid name either


def check(subject: Subject, options: Mapping[str, Any]) -> Iterator[Verdict]:
    if subject.reference is not None or subject.unresolved:
        return
    error = subject.error
    if error is None:
        yield Verdict(f"'{subject.text}' is not a valid image reference")
        return
    yield Verdict(f"'{subject.text}' is not a valid image reference: {error.reason}")
