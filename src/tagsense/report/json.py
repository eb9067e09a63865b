"""The JSON report: a documented contract for scripts.

The document (keys always present, in this order; indented by two spaces;
non-ASCII characters written as ``\\u`` escapes, so any stream can carry it)::

    {
      "version": 1,
      "findings": [
        {
          "path": "Dockerfile",        # relative to the root when under it, "/" separators;
          "line": 3,                   #   null for a reference given as text (then the
          "column": 6,                 #   positions are null too); 1-based line and column
          "code": "TS001",
          "name": "latest-tag",
          "severity": "error",         # "error" or "warning"
          "message": "'redis:latest' uses the 'latest' tag, …",
          "reference": "redis:latest", # the reference as checked ("" for TS900)
          "end_line": 3,               # where the reference ends: the line of its last
          "end_column": 18,            #   character, the column just past it (as SARIF)
          "url": "https://github.com/…/ts001_latest_tag.py"  # the rule's documentation;
        }                              #   null for a rule of the configuration
      ],
      "errors": [
        {"path": "broken.Dockerfile", "line": 7, "message": "unknown instruction: FORM"}
      ],                               # line may be null; path null for text input
      "summary": {
        "findings": 1,
        "by_severity": {"error": 1, "warning": 0},
        "by_code": {"TS001": 1},       # sorted by code
        "files": 1,                    # distinct paths with findings
        "errors": 1                    # source errors
      }
    }

Findings and errors keep the order they were given in. ``version`` changes
only when a key is removed or changes meaning; new keys may be added (as
``end_line``, ``end_column`` and ``url`` were, at the end of a finding).
"""

from __future__ import annotations

import json

from . import summary
from ._common import posix, shown_path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from os import PathLike
    from typing import Any, TextIO

    from ..occurrence import SourceError
    from ..policy.finding import Finding

__all__ = ["VERSION", "document", "render"]

#: The version of the document's contract.
VERSION = 1


def document(
    findings: Sequence[Finding],
    errors: Sequence[SourceError],
    *,
    root: str | PathLike[str] | None = None,
) -> dict[str, Any]:
    """The JSON document (see the module documentation) as Python values."""

    def where(path: str | None) -> str | None:
        return None if path is None else posix(shown_path(path, root))

    return {
        "version": VERSION,
        "findings": [finding.as_dict() | {"path": where(finding.path)} for finding in findings],
        "errors": [
            {
                "path": where(error.path),
                "line": error.line,
                "message": error.message,
                "level": error.level,
            }
            for error in errors
        ],
        "summary": summary(findings, errors),
    }


def render(
    findings: Sequence[Finding],
    errors: Sequence[SourceError],
    *,
    stream: TextIO,
    root: str | PathLike[str] | None = None,
) -> None:
    """Write the JSON report to ``stream``, with a final newline."""
    json.dump(document(findings, errors, root=root), stream, indent=2)
    stream.write("\n")
