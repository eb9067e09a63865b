"""The engine: each reference, with where it was found, through the configured rules.

It knows no file formats: it gets reference strings, :class:`~tagsense.Reference`
values or :class:`~tagsense.sources.Occurrence` values, and returns findings.
"""

from __future__ import annotations

import datetime
import os

from ..errors import InvalidReference
from ..reference import Reference, parse_reference
from ..sources.model import Occurrence, Scan
from .config import Config
from .finding import Finding
from .rules import RULES, RULES_BY_KEY, Subject
from .suppress import Suppression, parse_suppressions

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import Any

    from .config import UserRule

__all__ = ["check", "subject_fields"]

Item = str | Reference | Occurrence


def check(
    items: Iterable[Item | Scan],
    *,
    config: Config | Mapping[str, Any] | str | None = None,
    as_of: datetime.date | None = None,
    overrides: Mapping[str, Any] | None = None,
    texts: Mapping[str, str] | None = None,
) -> list[Finding]:
    """Judge references and return the findings.

    Findings with a location come sorted by path, line, column and code, after
    those without one (plain strings), which keep the order of ``items``.

    ``items`` are reference strings, :class:`~tagsense.Reference` values,
    occurrences (or whole :class:`~tagsense.sources.Scan` results).
    ``config`` is a :class:`Config`, a ``[tool.tagsense]``-style mapping, a
    path to a configuration file, or ``None``: then each file's nearest
    configuration is used (the default preset for plain strings). ``as_of`` is
    the check date for end-of-life rules (default: today). ``overrides``
    replaces keys of whichever configuration applies (the command line's
    ``--select``…); ``texts`` gives the text of files that are not on disk as
    they were scanned (standard input), for their suppression comments.

    >>> [f.code for f in check(["redis:latest", "redis:7.2.4", "redis"])]
    ['TS001', 'TS002']
    >>> [f.code for f in check(["redis", "redis:latest"])]
    ['TS002', 'TS001']
    """
    day = as_of or datetime.date.today()
    fixed = _as_config(config)
    if fixed is not None and overrides:
        fixed = fixed.with_overrides(overrides)
    configs: dict[str, Config] = {}
    findings: list[Finding] = []
    by_path: dict[str, list[Finding]] = {}
    path_configs: dict[str, Config] = {}
    for item in _flatten(items):
        occurrence = item if isinstance(item, Occurrence) else None
        path = occurrence.path if occurrence is not None else None
        chosen = fixed or _config_for(path, configs, overrides)
        if path is not None:
            if chosen.excludes(path):
                continue
            path_configs[path] = chosen
        produced = judge(_subject(item, day), chosen)
        if path is None:
            findings.extend(produced)
        else:
            by_path.setdefault(path, []).extend(produced)
    located = []
    for path, found in by_path.items():
        text = texts.get(path) if texts else None
        located.extend(_suppressed(path, found, path_configs[path], text))
    # References without a location keep the order they were given in.
    return findings + sorted(located)


def judge(subject: Subject, config: Config) -> list[Finding]:
    """Every enabled rule's findings for one subject (no suppression applied)."""
    occurrence = subject.occurrence
    path = occurrence.path if occurrence is not None else None
    enabled = config.enabled_for(path)
    built = occurrence is not None and bool(occurrence.context.get("built"))
    findings = []
    for rule in RULES:
        if rule.code not in enabled or (built and not rule.judges_built):
            continue
        if rule.digest_pins and config.trust_digests and subject.pinned_by_digest:
            continue
        for verdict in rule.run(subject, config.options):
            severity = verdict.severity or config.severities[rule.code]
            findings.append(_finding(subject, rule.code, rule.name, severity, verdict.message))
    if config.user_rules and subject.reference is not None and not built:
        fields = subject_fields(subject)
        for user_rule in config.user_rules:
            if user_rule.code in enabled and user_rule.condition(fields):
                findings.append(_user_finding(subject, user_rule, config))
    return findings


def subject_fields(subject: Subject) -> dict[str, object]:
    """What the condition language sees of a subject (see tagsense.policy.expr)."""
    ref, tag = subject.reference, subject.tag
    release = tag.os if tag is not None else None
    occurrence = subject.occurrence
    return {
        "registry": ref.registry if ref else None,
        "namespace": ref.namespace if ref else None,
        "app": ref.app if ref else None,
        "repository": ref.repository if ref else None,
        "tag": ref.tag if ref else None,
        "digest": ref.digest if ref else None,
        "version": tag.version if tag else None,
        "precision": tag.precision if tag else None,
        "prerelease": tag.prerelease if tag else None,
        "os.family": release.family if release else None,
        "os.version": release.version if release else None,
        "os.codename": release.codename if release else None,
        "os.eol": release.eol if release else None,
        "flavours": tag.flavours if tag else (),
        "variants": tag.variants if tag else (),
        "alias": tag.alias if tag else None,
        "arch": tag.arch if tag else None,
        "kind": occurrence.kind if occurrence else None,
        "path": occurrence.path if occurrence else None,
    }


# --- helpers -------------------------------------------------------------------


def _flatten(items: Iterable[Item | Scan]) -> Iterable[Item]:
    if isinstance(items, (str, Reference, Occurrence)):
        items = [items]
    for item in items:
        if isinstance(item, Scan):
            yield from item
        else:
            yield item


def _as_config(config: Config | Mapping[str, Any] | str | None) -> Config | None:
    if config is None or isinstance(config, Config):
        return config
    if isinstance(config, str):
        return Config.load(config)
    return Config.from_dict(config)


def _config_for(
    path: str | None, cache: dict[str, Config], overrides: Mapping[str, Any] | None
) -> Config:
    directory = os.getcwd() if path is None else os.path.dirname(os.path.realpath(path))
    if directory not in cache:
        cache[directory] = Config.discover(directory).with_overrides(overrides or {})
    return cache[directory]


def _subject(item: Item, as_of: datetime.date) -> Subject:
    if isinstance(item, Reference):
        return Subject(str(item), item, as_of=as_of)
    if isinstance(item, Occurrence):
        error = None
        if item.reference is None and item.text:
            try:
                parse_reference(item.text)
            except InvalidReference as caught:
                error = caught
        return Subject(item.text, item.reference, error=error, occurrence=item, as_of=as_of)
    try:
        return Subject(item, parse_reference(item), as_of=as_of)
    except InvalidReference as error:
        return Subject(item, None, error=error, as_of=as_of)


def _finding(subject: Subject, code: str, name: str, severity: str, message: str) -> Finding:
    occurrence = subject.occurrence
    return Finding(
        code=code,
        name=name,
        severity=severity,
        message=message,
        reference=subject.text,
        path=occurrence.path if occurrence else None,
        line=occurrence.line if occurrence else None,
        column=occurrence.column if occurrence else None,
        occurrence=occurrence,
    )


def _user_finding(subject: Subject, rule: UserRule, config: Config) -> Finding:
    severity = config.severities.get(rule.code, rule.severity)
    return _finding(subject, rule.code, rule.name, severity, rule.message)


def _suppressed(
    path: str, findings: list[Finding], config: Config, text: str | None = None
) -> list[Finding]:
    if text is None:
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                text = handle.read()
        except OSError:
            return findings
    user_names = [(rule.name, rule.code) for rule in config.user_rules]
    suppressions = parse_suppressions(text, user_names)
    if not suppressions:
        return findings
    kept = []
    for finding in findings:
        covering = [s for s in suppressions if s.covers(finding.line, finding.code)]
        for suppression in covering:
            suppression.used = True
        if not covering:
            kept.append(finding)
    if "TS900" in config.enabled_for(path):
        kept.extend(_unused(path, suppressions, config))
    return kept


def _unused(path: str, suppressions: list[Suppression], config: Config) -> list[Finding]:
    rule = RULES_BY_KEY["TS900"]
    unused = []
    for suppression in suppressions:
        if suppression.used:
            continue
        what = "every rule" if suppression.codes is None else ", ".join(sorted(suppression.codes))
        unused.append(
            Finding(
                code=rule.code,
                name=rule.name,
                severity=config.severities[rule.code],
                message=f"'{suppression.text}' suppressed nothing ({what}); remove it",
                reference="",
                path=path,
                line=suppression.line,
                column=suppression.column,
            )
        )
    return unused
