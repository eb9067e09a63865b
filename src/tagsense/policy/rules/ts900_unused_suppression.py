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
```dockerfile
FROM redis:7.2.4
```
(remove the comment).
"""

from __future__ import annotations

from ._base import FileSubject, Verdict

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from typing import Any

CODE = "TS900"
NAME = "unused-suppression"
SEVERITY = "warning"


def check_file(file: FileSubject, options: Mapping[str, Any]) -> Iterator[Verdict]:
    # A file-level rule: judged once the file's findings are known.
    for suppression in file.suppressions:
        if suppression in file.used:
            continue
        codes = file.codes(suppression)
        what = "every rule" if codes is None else ", ".join(sorted(codes))
        yield Verdict(
            f"'{suppression.text}' suppressed nothing ({what}); remove it",
            line=suppression.line,
            column=suppression.column,
            end_column=suppression.column + len(suppression.text),
        )
