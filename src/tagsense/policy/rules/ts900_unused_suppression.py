"""A suppression comment that suppressed nothing.

## What it does
Reports ``# tagsense: ignore[…]`` and ``# tagsense: disable-file[…]`` comments
that matched no finding (a bare ``# tagsense: ignore`` too).

## Why is this bad?
A stale suppression hides the next real problem on that line, and tells the
reader something that is no longer true.

## Example
```dockerfile
# tagsense: ignore[TS001]
FROM redis:7.2.4
```

## Use instead
Remove the comment.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from typing import Any

    from ._base import Subject, Verdict

CODE = "TS900"
NAME = "unused-suppression"
SEVERITY = "warning"


def check(subject: Subject, options: Mapping[str, Any]) -> Iterator[Verdict]:
    # Reported by the engine, which sees every suppression and what it matched.
    return iter(())
