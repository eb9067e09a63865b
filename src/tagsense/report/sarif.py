"""The SARIF report: SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, IDE viewers).

One run of the tool ``tagsense``, written as GitHub code scanning reads it (its
page "SARIF support for code scanning" lists the properties it uses, and marks
some required):

- ``tool.driver.rules``: one reporting descriptor per rule the scan ran, sorted
  by id: every rule the configurations of the scan enable (``configs``: the
  built-in ones and those written in a configuration), any other rule with a
  finding, and ``source-error``. Each has ``id`` (the code), ``name`` (the rule
  name in PascalCase, ``LatestTag``: SARIF asks for a readable identifier),
  ``shortDescription`` (the first line of the rule's documentation),
  ``fullDescription`` (that line and the page's "What it does"; both at most
  1,024 characters, GitHub's limit), ``help`` (the whole page, as text and as
  Markdown), ``helpUri`` (the page online, :func:`tagsense.policy.finding.rule_url`),
  ``defaultConfiguration.level`` (the rule's default severity) and
  ``properties``: ``name`` (``latest-tag``), ``tags``, ``precision`` and
  ``problem.severity``. A rule written in a configuration is described by its
  message, its condition and the configuration that defines it.
- ``results``: one per finding, in the order given, then one per source error
  (rule ``source-error``, level ``error``): ``ruleId``, ``ruleIndex``, ``level``
  (the finding's severity), ``message.text`` and a location: the path as a URI
  relative to ``%SRCROOT%`` (the root: percent-encoded, ``/`` separators) with a
  1-based ``region``: ``startLine``, ``startColumn``, ``endLine`` and
  ``endColumn`` (the column just past the reference's last character); only
  ``startLine`` when the column is unknown, no region without a line, and no
  location for a reference given as text.
- ``partialFingerprints["tagsense/v1"]``: a hash of the code, the path, the
  reference (the message, for a source error) and its ordinal among equal
  ones. GitHub code scanning does not read it: it matches alerts by
  ``primaryLocationLineHash``, which ``github/codeql-action/upload-sarif``
  computes from the text of the result's first line in the checked-out file
  (which is why paths must be relative to the repository's root). Other SARIF
  consumers can use it to follow a finding across edits.
- ``invocations``: one, ``executionSuccessful`` false when the run failed
  (``successful``: ``tagsense check`` exits 2), with an internal error met
  while reading a file as a ``toolExecutionNotifications`` entry as well.
- ``automationDetails.id``: ``category/`` when a category is given (GitHub
  tells analyses of one tool apart by it: one a directory, say).
- ``originalUriBaseIds``: ``%SRCROOT%`` is the root as a ``file:`` URI ending
  in ``/``, when a root is given. A path outside the root is an absolute
  ``file:`` URI; a relative path without a root stays relative to ``%SRCROOT%``.
- ``columnKind``: ``unicodeCodePoints`` (columns count characters).

The document validates against the OASIS schema (``sarif-schema-2.1.0.json``).
:func:`render` refuses (:class:`SarifTooLarge`) a report GitHub would reject:
more than :data:`MAX_RESULTS` results or :data:`MAX_RULES` rules in the run, or
more than :data:`MAX_GZIP_BYTES` once gzip-compressed.
"""

from __future__ import annotations

import json
import os

from .._version import __version__
from ..errors import TagsenseError
from ._common import STDIN, fingerprints, posix, relative, shown_path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from os import PathLike
    from typing import Any, TextIO

    from ..occurrence import SourceError
    from ..policy.config import Config, UserRule
    from ..policy.finding import Finding
    from ..policy.rules import Rule

__all__ = [
    "MAX_GZIP_BYTES",
    "MAX_RESULTS",
    "MAX_RULES",
    "SCHEMA_URI",
    "SOURCE_ERROR",
    "SarifTooLarge",
    "document",
    "pascal_case",
    "render",
]

#: The schema the document declares (the OASIS errata 01 schema).
SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
#: The rule of source errors (files the real tool would reject, or that cannot be read).
SOURCE_ERROR = "source-error"

# GitHub code scanning's limits on an upload, from "SARIF support for code scanning"
# (docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/
# sarif-support-for-code-scanning): "Validating your SARIF file" and the properties tables.
#: Results in one run: more and the upload is rejected (only the 5,000 most severe are shown).
MAX_RESULTS = 25_000
#: Rules in one run.
MAX_RULES = 25_000
#: The size of the gzip-compressed report ("a maximum size of 10 MB").
MAX_GZIP_BYTES = 10_000_000
#: Characters of a rule's ``shortDescription`` and ``fullDescription``, and of its ``name``.
_MAX_DESCRIPTION = 1024
_MAX_NAME = 255

_INFORMATION_URI = "https://github.com/tagsense/tagsense"
_SRCROOT = "%SRCROOT%"
_FINGERPRINT_KEY = "tagsense/v1"
_LEVELS = {"error": "error", "warning": "warning"}
_TAGS = ("container-image",)
#: How often a rule's results are right, as GitHub orders results: tagsense reads each
#: reference exactly, but a tag's anatomy (its OS release, its version) is read by rules
#: of thumb.
_PRECISION = "high"
_SOURCE_ERROR_DOC = """\
A file that the tool that reads it would reject, or that cannot be read.

## What it does
Reports what Docker, BuildKit, Compose or Kubernetes would refuse in a file
tagsense reads: a Dockerfile BuildKit cannot parse, a YAML file that does not
load, a file that is not UTF-8 text or cannot be read. The message is the one
the real tool would give, where it has one.

## Why is this bad?
The build or the deployment fails on it, and tagsense cannot check the image
references of a file it cannot read.
"""


class SarifTooLarge(TagsenseError):
    """A SARIF report that GitHub code scanning would reject: too many results, or too large."""


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
    configs: Sequence[Config] | None = None,
    successful: bool = True,
    category: str | None = None,
) -> dict[str, Any]:
    """The SARIF log (see the module documentation) as Python values.

    ``configs`` are the configurations of the scan (every rule one of them
    enables is described; default: the default configuration); ``rules`` are
    more rules to describe (rules written in a configuration, looked up by
    code). ``successful`` is false when the run failed; ``category`` names the
    analysis (``automationDetails.id``).
    """
    descriptors = _descriptors(findings, rules, configs, root)
    index = {descriptor["id"]: position for position, descriptor in enumerate(descriptors)}
    keys = [(f.code, _key_path(f.path, root), f.reference) for f in findings]
    keys += [(SOURCE_ERROR, _key_path(e.path, root), e.message) for e in errors]
    prints = fingerprints(keys)
    results = []
    for finding, fingerprint in zip(findings, prints, strict=False):
        region = _region(finding.line, finding.column, finding.end_line, finding.end_column)
        results.append(
            _result(
                finding.code,
                index[finding.code],
                _LEVELS.get(finding.severity, "warning"),
                finding.message,
                _location(finding.path, region, root),
                fingerprint,
            )
        )
    for error, fingerprint in zip(errors, prints[len(findings) :], strict=True):
        region = _region(error.line, None, None, None)
        location = _location(error.path, region, root)
        rule = index[SOURCE_ERROR]
        level = "note" if error.note else "error"
        results.append(_result(SOURCE_ERROR, rule, level, error.message, location, fingerprint))
    invocation: dict[str, Any] = {"executionSuccessful": successful}
    notifications = []
    for error in errors:
        if error.internal:
            notification: dict[str, Any] = {"level": "error", "message": {"text": error.message}}
            location = _location(error.path, _region(error.line, None, None, None), root)
            if location is not None:
                notification["locations"] = [location]
            notifications.append(notification)
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
    }
    if category:
        run["automationDetails"] = {"id": category if category.endswith("/") else category + "/"}
    run["invocations"] = [invocation]
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
    configs: Sequence[Config] | None = None,
    successful: bool = True,
    category: str | None = None,
) -> None:
    """Write the SARIF log to ``stream``, with a final newline.

    Nothing is written when GitHub code scanning would reject the report: it
    raises :class:`SarifTooLarge` instead, saying which limit it passes.
    """
    log = document(
        findings,
        errors,
        root=root,
        rules=rules,
        configs=configs,
        successful=successful,
        category=category,
    )
    (run,) = log["runs"]
    results, rules_count = len(run["results"]), len(run["tool"]["driver"]["rules"])
    advice = "check fewer paths, or fewer rules (--select, --ignore, per-file-ignores)"
    if results > MAX_RESULTS:
        raise SarifTooLarge(
            f"the SARIF report would have {results:,} results; GitHub code scanning accepts "
            f"at most {MAX_RESULTS:,} in a run: {advice}"
        )
    if rules_count > MAX_RULES:
        raise SarifTooLarge(
            f"the SARIF report would describe {rules_count:,} rules; GitHub code scanning "
            f"accepts at most {MAX_RULES:,} in a run"
        )
    text = json.dumps(log, indent=2) + "\n"  # ASCII: as many bytes as characters
    if len(text) > MAX_GZIP_BYTES:
        import gzip

        size = len(gzip.compress(text.encode("ascii")))
        if size > MAX_GZIP_BYTES:
            raise SarifTooLarge(
                f"the SARIF report would be {size / 1e6:.1f} MB gzip-compressed; GitHub code "
                f"scanning accepts at most {MAX_GZIP_BYTES / 1e6:.0f} MB: {advice}"
            )
    stream.write(text)


# --- rules ---------------------------------------------------------------------------


def _descriptors(
    findings: Sequence[Finding],
    rules: Sequence[Rule | UserRule] | None,
    configs: Sequence[Config] | None,
    root: str | PathLike[str] | None,
) -> list[dict[str, Any]]:
    """A descriptor for each rule the scan ran, sorted by id (see the module documentation)."""
    from ..policy.config import Config, UserRule
    from ..policy.rules import RULES_BY_KEY

    described: dict[str, dict[str, Any]] = {}

    def add(code: str, rule: Rule | UserRule | None, origin: str | None = None) -> None:
        if code in described:
            return
        if isinstance(rule, UserRule):
            described[code] = _user_descriptor(rule, origin)
        elif rule is not None:
            described[code] = _builtin_descriptor(rule)

    for config in configs if configs is not None else [Config.default()]:
        origin = None if config.path is None else posix(shown_path(config.path, root))
        for user_rule in config.user_rules:
            if user_rule.code in config.enabled:
                add(user_rule.code, user_rule, origin)
        for code in sorted(config.enabled):
            add(code, RULES_BY_KEY.get(code))
    for rule in rules or ():
        add(rule.code, rule)
    for finding in findings:
        add(finding.code, RULES_BY_KEY.get(finding.code))
        if finding.code not in described:
            described[finding.code] = _unknown_descriptor(finding)
    described[SOURCE_ERROR] = _source_error_descriptor()
    return [described[code] for code in sorted(described)]


def _builtin_descriptor(rule: Rule) -> dict[str, Any]:
    """A rule of tagsense's own: described by its documentation page."""
    from ..policy.finding import rule_url

    doc = rule.doc
    descriptor = _descriptor(
        rule.code,
        rule.name,
        rule.summary or rule.name,
        _what_it_does(doc) or rule.summary or rule.name,
        doc,
        rule.severity,
    )
    url = rule_url(rule.code)
    if url is not None:
        descriptor["helpUri"] = url
    return _ordered(descriptor)


def _user_descriptor(rule: UserRule, origin: str | None) -> dict[str, Any]:
    """A rule written in a configuration: its message, its condition, where it is written."""
    where = f"the configuration `{origin}`" if origin else "a configuration"
    source = getattr(rule.condition, "source", "")
    help_text = (
        f"{rule.message}\n\n"
        f"A rule written in {where} (`{rule.code}`, `{rule.name}`): it reports each image "
        f"reference for which this condition holds:\n\n```\n{source}\n```\n"
    )
    full = f"{rule.message} (a rule of {where.replace('`', '')}: when {source})"
    descriptor = _descriptor(rule.code, rule.name, rule.message, full, help_text, rule.severity)
    descriptor["properties"]["tags"] = [*_TAGS, "configured"]
    return descriptor


def _unknown_descriptor(finding: Finding) -> dict[str, Any]:
    """A rule known only from a finding (a rule of a configuration not given)."""
    text = f"{finding.code} {finding.name}"
    return _descriptor(finding.code, finding.name, finding.name, text, text, finding.severity)


def _source_error_descriptor() -> dict[str, Any]:
    descriptor = _descriptor(
        SOURCE_ERROR,
        SOURCE_ERROR,
        _SOURCE_ERROR_DOC.splitlines()[0],
        _what_it_does(_SOURCE_ERROR_DOC),
        _SOURCE_ERROR_DOC.strip(),
        "error",
    )
    descriptor["properties"]["tags"] = [*_TAGS, SOURCE_ERROR]
    descriptor["properties"]["precision"] = "very-high"
    return descriptor


def _descriptor(
    code: str, name: str, short: str, full: str, help_text: str, severity: str
) -> dict[str, Any]:
    level = _LEVELS.get(severity, "warning")
    return {
        "id": code,
        "name": _cut(pascal_case(name), _MAX_NAME),
        "shortDescription": {"text": _cut(short, _MAX_DESCRIPTION)},
        "fullDescription": {"text": _cut(full, _MAX_DESCRIPTION)},
        "help": {"text": help_text, "markdown": help_text},
        "defaultConfiguration": {"level": level},
        "properties": {
            "name": name,
            "tags": list(_TAGS),
            "precision": _PRECISION,
            "problem.severity": level,
        },
    }


def _ordered(descriptor: dict[str, Any]) -> dict[str, Any]:
    """The descriptor with ``helpUri`` after ``help`` (as SARIF lists the properties)."""
    order = ("id", "name", "shortDescription", "fullDescription", "help", "helpUri")
    first = {key: descriptor[key] for key in order if key in descriptor}
    return first | {key: value for key, value in descriptor.items() if key not in first}


def _what_it_does(doc: str) -> str:
    """The first line of a rule's page and its "What it does", as one paragraph of text."""
    lines = doc.strip().splitlines()
    if not lines:
        return ""
    summary, body = lines[0], "\n".join(lines[1:])
    section = body.partition("## What it does")[2].split("\n## ", 1)[0]
    what = " ".join(section.split())
    return f"{summary} {what}" if what else summary


def _cut(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at a space, with an ellipsis, when longer."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + "…"


# --- results -------------------------------------------------------------------------


def _result(
    code: str,
    index: int,
    level: str,
    message: str,
    location: dict[str, Any] | None,
    fingerprint: str,
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": code,
        "ruleIndex": index,
        "level": level,
        "message": {"text": message},
    }
    if location is not None:
        result["locations"] = [location]
    result["partialFingerprints"] = {_FINGERPRINT_KEY: fingerprint}
    return result


def _region(
    line: int | None, column: int | None, end_line: int | None, end_column: int | None
) -> dict[str, int] | None:
    """A 1-based region; its end only when it is known and does not come before the start."""
    if line is None or line < 1:
        return None
    region = {"startLine": line}
    if column is None or column < 1:
        return region
    region["startColumn"] = column
    if end_line is None or end_column is None or end_column < 1:
        return region
    if end_line > line or (end_line == line and end_column >= column):
        region["endLine"] = end_line
        region["endColumn"] = end_column
    return region


def _key_path(path: str | None, root: str | PathLike[str] | None) -> str:
    return "" if path is None else posix(shown_path(path, root))


def _location(
    path: str | None, region: dict[str, int] | None, root: str | PathLike[str] | None
) -> dict[str, Any] | None:
    if path is None or path == STDIN:
        return None
    physical: dict[str, Any] = {"artifactLocation": _artifact(path, root)}
    if region is not None:
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
