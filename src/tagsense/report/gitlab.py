"""The GitLab report: a Code Quality report (``artifacts:reports:codequality``).

A JSON list, one issue a finding and then one a source error::

    [
      {
        "description": "'redis:latest' uses the 'latest' tag, …",
        "check_name": "TS001",
        "fingerprint": "5c0d5d2ce7c2d6a87d9e3ab1b2a1e0f4",
        "severity": "major",
        "location": {
          "path": "Dockerfile",
          "positions": {"begin": {"line": 3, "column": 6}, "end": {"line": 3, "column": 17}}
        }
      }
    ]

- ``severity``: ``major`` for an error, ``minor`` for a warning (GitLab's scale is
  ``info``, ``minor``, ``major``, ``critical``, ``blocker``).
- ``location.path``: relative to the root when under it (the repository's:
  GitLab looks the file up in it), ``/`` separators; ``-`` for a reference
  given as text (GitLab requires a path).
- ``location.positions``: where the reference begins and ends, 1-based; as the
  Code Climate specification GitLab follows defines positions, ``end`` is the
  reference's last character. When the column is unknown, ``location.lines``
  instead: ``begin`` and ``end``, the 1-based lines (1 when unknown).
- ``fingerprint``: 32 hex digits, a hash of the code, the path, the reference
  and its ordinal among equal ones; not of the line or the message, so an issue
  keeps it when lines move; unique within the report (GitLab keeps one issue a
  fingerprint).
- A source error is an issue with ``check_name`` ``source-error``, severity
  ``major``.
"""

from __future__ import annotations

import json

from ._common import fingerprints, posix, shown_path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from os import PathLike
    from typing import Any, TextIO

    from ..occurrence import SourceError
    from ..policy.finding import Finding

__all__ = ["SEVERITIES", "document", "render"]

#: tagsense severity -> GitLab severity.
SEVERITIES = {"error": "major", "warning": "minor"}
_NO_PATH = "-"
_SOURCE_ERROR = "source-error"


def document(
    findings: Sequence[Finding],
    errors: Sequence[SourceError],
    *,
    root: str | PathLike[str] | None = None,
) -> list[dict[str, Any]]:
    """The Code Quality report (see the module documentation) as Python values."""

    def where(path: str | None) -> str:
        return _NO_PATH if path is None else posix(shown_path(path, root))

    # (check, path, location, what identifies it, description, severity)
    issues = [
        (
            finding.code,
            where(finding.path),
            _location(finding.line, finding.column, finding.end_line, finding.end_column),
            finding.reference,
            finding.message,
            SEVERITIES.get(finding.severity, "minor"),
        )
        for finding in findings
    ]
    issues.extend(
        (
            _SOURCE_ERROR,
            where(error.path),
            _location(error.line, None, None, None),
            error.message,
            error.message,
            "info" if error.note else "major",
        )
        for error in errors
    )
    keys = [(check, path, identity) for check, path, _, identity, _, _ in issues]
    return [
        {
            "description": description,
            "check_name": check,
            "fingerprint": fingerprint,
            "severity": severity,
            "location": {"path": path, **location},
        }
        for (check, path, location, _, description, severity), fingerprint in zip(
            issues, fingerprints(keys), strict=True
        )
    ]


def _location(
    line: int | None, column: int | None, end_line: int | None, end_column: int | None
) -> dict[str, Any]:
    """``positions`` (begin and end, the last character) when the column is known, else
    ``lines``."""
    begin = line if line is not None and line > 0 else 1
    if column is None or column < 1:
        last = end_line if end_line is not None and end_line > begin else begin
        return {"lines": {"begin": begin, "end": last}}
    last_line = end_line if end_line is not None and end_line >= begin else begin
    # The end is the last character: the column before the one just past the reference.
    last_column = column if end_column is None else end_column - 1
    if last_line == begin:
        last_column = max(column, last_column)
    return {
        "positions": {
            "begin": {"line": begin, "column": column},
            "end": {"line": last_line, "column": max(1, last_column)},
        }
    }


def render(
    findings: Sequence[Finding],
    errors: Sequence[SourceError],
    *,
    stream: TextIO,
    root: str | PathLike[str] | None = None,
) -> None:
    """Write the Code Quality report to ``stream``, with a final newline."""
    json.dump(document(findings, errors, root=root), stream, indent=2)
    stream.write("\n")
