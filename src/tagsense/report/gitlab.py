"""The GitLab report: a Code Quality report (``artifacts:reports:codequality``).

A JSON list, one issue a finding and then one a source error::

    [
      {
        "description": "'redis:latest' uses the 'latest' tag, …",
        "check_name": "TS001",
        "fingerprint": "5c0d5d2ce7c2d6a87d9e3ab1b2a1e0f4",
        "severity": "major",
        "location": {"path": "Dockerfile", "lines": {"begin": 3}}
      }
    ]

- ``severity``: ``major`` for an error, ``minor`` for a warning (GitLab's scale is
  ``info``, ``minor``, ``major``, ``critical``, ``blocker``).
- ``location.path``: relative to the root when under it, ``/`` separators;
  ``-`` for a reference given as text (GitLab requires a path).
  ``lines.begin``: the 1-based line, 1 when it is unknown.
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

    # (check, path, line, what identifies it, description, severity)
    issues = [
        (
            finding.code,
            where(finding.path),
            finding.line,
            finding.reference,
            finding.message,
            SEVERITIES.get(finding.severity, "minor"),
        )
        for finding in findings
    ]
    issues.extend(
        (_SOURCE_ERROR, where(error.path), error.line, error.message, error.message, "major")
        for error in errors
    )
    keys = [(check, path, identity) for check, path, _, identity, _, _ in issues]
    return [
        {
            "description": description,
            "check_name": check,
            "fingerprint": fingerprint,
            "severity": severity,
            "location": {"path": path, "lines": {"begin": line if line and line > 0 else 1}},
        }
        for (check, path, line, _, description, severity), fingerprint in zip(
            issues, fingerprints(keys), strict=True
        )
    ]


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
