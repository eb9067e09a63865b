"""The SARIF report: SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, IDE viewers).

One run of the tool ``tagsense``:

- ``tool.driver.rules``: one reporting descriptor per rule with findings, sorted
  by code: ``id`` the code, ``name`` the rule name in PascalCase (``LatestTag``;
  SARIF asks for a readable identifier, and its validator for a Pascal
  identifier), ``shortDescription`` the first line of the rule's documentation,
  ``fullDescription`` and ``help`` (text and Markdown) the whole page,
  ``defaultConfiguration.level`` the rule's default severity, and
  ``properties.name`` the rule name as tagsense spells it (``latest-tag``).
  A rule written in the configuration has no page: its message is its
  ``shortDescription``; a rule tagsense does not know is described by its name.
- ``results``: one per finding, in the order given: ``ruleId``, ``ruleIndex``,
  ``level`` (``error`` or ``warning``, from the finding's severity),
  ``message.text``, and a location: the path as a URI relative to
  ``%SRCROOT%`` (percent-encoded, ``/`` separators) with a 1-based
  ``region`` (``startLine``, ``startColumn``; no region when the line is
  unknown; no location at all for a reference given as text), and
  ``partialFingerprints["tagsense/v1"]``, a hash of the code, the relative path,
  the reference and its ordinal among equal ones (not the line, so that alerts
  survive edits above them).
- ``invocations``: one, ``executionSuccessful`` true, with each source error as a
  ``toolExecutionNotifications`` entry at level ``error``.
- ``originalUriBaseIds``: ``%SRCROOT%`` is the root as a ``file:`` URI ending in
  ``/``, when a root is given. A path outside the root is an absolute
  ``file:`` URI; a relative path without a root stays relative to ``%SRCROOT%``.
- ``columnKind``: ``unicodeCodePoints`` (columns count characters).

The document validates against the OASIS schema (``sarif-schema-2.1.0.json``).
"""

from __future__ import annotations

import json
import os

from .._version import __version__
from ._common import fingerprints, posix, relative, shown_path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from os import PathLike
    from typing import Any, TextIO

    from ..occurrence import SourceError
    from ..policy.config import UserRule
    from ..policy.finding import Finding
    from ..policy.rules import Rule

__all__ = ["SCHEMA_URI", "document", "pascal_case", "render"]

#: The schema the document declares (the OASIS errata 01 schema).
SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
_INFORMATION_URI = "https://github.com/tagsense/tagsense"
_SRCROOT = "%SRCROOT%"
_FINGERPRINT_KEY = "tagsense/v1"
_LEVELS = {"error": "error", "warning": "warning"}


def pascal_case(name: str) -> str:
    """``latest-tag`` -> ``LatestTag``: a rule name as SARIF's ``name`` wants it.

    >>> pascal_case("eol-os"), pascal_case("registry_not_allowed")
    ('EolOs', 'RegistryNotAllowed')
    """
    words = name.replace("_", "-").replace(" ", "-").split("-")
    return "".join(word[:1].upper() + word[1:] for word in words)


def document(
    findings: Sequence[Finding],
    errors: Sequence[SourceError],
    *,
    root: str | PathLike[str] | None = None,
    rules: Sequence[Rule | UserRule] | None = None,
) -> dict[str, Any]:
    """The SARIF log (see the module documentation) as Python values."""
    known = _known_rules(rules)
    codes = sorted({finding.code for finding in findings})
    index = {code: position for position, code in enumerate(codes)}
    first: dict[str, Finding] = {}
    for finding in findings:
        first.setdefault(finding.code, finding)
    descriptors = [_descriptor(code, known.get(code), first[code]) for code in codes]
    keys = [
        (finding.code, _key_path(finding.path, root), finding.reference) for finding in findings
    ]
    results = []
    for finding, fingerprint in zip(findings, fingerprints(keys), strict=True):
        result: dict[str, Any] = {
            "ruleId": finding.code,
            "ruleIndex": index[finding.code],
            "level": _LEVELS.get(finding.severity, "warning"),
            "message": {"text": finding.message},
        }
        location = _location(finding.path, finding.line, finding.column, root)
        if location is not None:
            result["locations"] = [location]
        result["partialFingerprints"] = {_FINGERPRINT_KEY: fingerprint}
        results.append(result)
    notifications = []
    for error in errors:
        notification: dict[str, Any] = {"level": "error", "message": {"text": error.message}}
        location = _location(error.path, error.line, None, root)
        if location is not None:
            notification["locations"] = [location]
        notifications.append(notification)
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "tagsense",
                "version": __version__,
                "informationUri": _INFORMATION_URI,
                "rules": descriptors,
            }
        },
        "invocations": [invocation],
    }
    if root is not None:
        run["originalUriBaseIds"] = {_SRCROOT: {"uri": _directory_uri(root)}}
    run["results"] = results
    run["columnKind"] = "unicodeCodePoints"
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(
    findings: Sequence[Finding],
    errors: Sequence[SourceError],
    *,
    stream: TextIO,
    root: str | PathLike[str] | None = None,
    rules: Sequence[Rule | UserRule] | None = None,
) -> None:
    """Write the SARIF log to ``stream``, with a final newline."""
    json.dump(document(findings, errors, root=root, rules=rules), stream, indent=2)
    stream.write("\n")


def _known_rules(rules: Sequence[Rule | UserRule] | None) -> Mapping[str, Rule | UserRule]:
    """The built-in rules by code, with those given added (or replacing them)."""
    from ..policy.rules import RULES

    known: dict[str, Rule | UserRule] = {rule.code: rule for rule in RULES}
    known.update((rule.code, rule) for rule in rules or ())
    return known


def _descriptor(code: str, rule: Rule | UserRule | None, finding: Finding) -> dict[str, Any]:
    """The reporting descriptor of a rule; from the finding alone for a rule not known.

    A built-in rule is described by its documentation; a rule written in the
    configuration (no documentation) by its message; an unknown one by its name.
    """
    name = rule.name if rule is not None else finding.name
    doc = getattr(rule, "doc", "") or ""
    summary = doc.splitlines()[0] if doc else getattr(rule, "message", "") or name
    severity = rule.severity if rule is not None else finding.severity
    descriptor: dict[str, Any] = {
        "id": code,
        "name": pascal_case(name),
        "shortDescription": {"text": summary},
    }
    if doc:
        descriptor["fullDescription"] = {"text": doc, "markdown": doc}
        descriptor["help"] = {"text": doc, "markdown": doc}
    descriptor["defaultConfiguration"] = {"level": _LEVELS.get(severity, "warning")}
    descriptor["properties"] = {"name": name}
    return descriptor


def _key_path(path: str | None, root: str | PathLike[str] | None) -> str:
    return "" if path is None else posix(shown_path(path, root))


def _location(
    path: str | None, line: int | None, column: int | None, root: str | PathLike[str] | None
) -> dict[str, Any] | None:
    if path is None:
        return None
    physical: dict[str, Any] = {"artifactLocation": _artifact(path, root)}
    if line is not None and line >= 1:
        region = {"startLine": line}
        if column is not None and column >= 1:
            region["startColumn"] = column
        physical["region"] = region
    return {"physicalLocation": physical}


def _artifact(path: str, root: str | PathLike[str] | None) -> dict[str, str]:
    from urllib.parse import quote

    inside = relative(path, root)
    if inside is None and (root is not None or os.path.isabs(path)):
        return {"uri": _file_uri(path)}
    target = os.path.normpath(path if inside is None else inside)
    return {"uri": quote(posix(target)), "uriBaseId": _SRCROOT}


def _file_uri(path: str) -> str:
    from pathlib import Path

    return Path(os.path.abspath(path)).as_uri()


def _directory_uri(root: str | PathLike[str]) -> str:
    uri = _file_uri(os.fspath(root))
    return uri if uri.endswith("/") else uri + "/"
