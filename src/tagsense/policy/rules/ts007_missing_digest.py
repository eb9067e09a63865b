"""The reference is not pinned by a digest.

## What it does
Reports references without a digest. Off by default; on in the ``strict``
preset.

## Why is this bad?
Only a digest names exactly one image: tags can be moved, even version tags
(publishers rebuild them for OS updates).

## Example
```dockerfile
FROM redis:7.2.4
```

## Use instead
```dockerfile
FROM redis:7.2.4@sha256:a3e4e2f1c9b5d6f7e8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1
```
"""

from __future__ import annotations

from ._base import Subject, Verdict

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from typing import Any

CODE = "TS007"
NAME = "missing-digest"
SEVERITY = "error"
DEFAULT_ENABLED = False


def check(subject: Subject, options: Mapping[str, Any]) -> Iterator[Verdict]:
    ref = subject.reference
    if ref is not None and ref.digest is None:
        yield Verdict(
            f"'{ref.familiar}' is not pinned by a digest; add '@sha256:…' "
            "(the digest of the image you tested)"
        )
