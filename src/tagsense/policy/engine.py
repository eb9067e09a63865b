"""The engine: each reference, with where it was found, through the configured rules.

It knows no file formats: it gets reference strings, :class:`~tagsense.Reference`
values or :class:`~tagsense.sources.Occurrence` values, and returns findings.
"""

from __future__ import annotations

import os

from .._dates import date
from .._vocabulary import unpublished
from ..occurrence import Occurrence, Scan, parse_or_error
from ..reference import Reference
from .config import Config
from .finding import Finding
from .rules import RULES, FileSubject, Subject
from .suppress import silences

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    from collections.abc import Iterable, Mapping
    from typing import Any

    from ..answers import RegistryAnswer
    from ..occurrence import Suppression
    from .config import UserRule

    Answers = Mapping[Reference, RegistryAnswer] | Iterable[RegistryAnswer]

__all__ = ["check", "check_with_configs", "judge", "subject_fields"]

Item = str | Reference | Occurrence


def check(
    items: Iterable[Item | Scan] | Item | Scan,
    *,
    config: Config | Mapping[str, Any] | str | None = None,
    as_of: datetime.date | None = None,
    overrides: Mapping[str, Any] | None = None,
    answers: Answers | None = None,
) -> list[Finding]:
    """Judge references and return the findings.

    Findings with a location come sorted by path, line, column and code, after
    those without one (plain strings), which keep the order of ``items``.

    ``items`` are reference strings, :class:`~tagsense.Reference` values,
    occurrences, or whole :class:`~tagsense.sources.Scan` results (what
    :func:`~tagsense.find_references` returns: give the scan itself, so that a
    suppression comment that covers no reference at all is reported as unused
    too). ``config`` is a :class:`Config`, a ``[tool.tagsense]``-style
    mapping, a path to a configuration file, or ``None``: then each file's
    nearest configuration is used (the default preset for plain strings).
    ``as_of`` is the check date for end-of-life rules (default: today).
    ``overrides`` replaces keys of whichever configuration applies (the
    command line's ``--select``…). ``answers`` are what registries said about
    the references (:class:`~tagsense.answers.RegistryAnswer` values, or a
    mapping of them, as :func:`tagsense.registry.answer` returns): with them,
    TS001 to TS004 name the precise tag to use and TS013 reports tags that do not
    exist. The check itself never asks a registry.

    The suppression comments each occurrence carries apply; the engine reads
    no file and parses no reference twice.

    >>> [f.code for f in check(["redis:latest", "redis:7.2.4", "redis"])]
    ['TS001', 'TS002']
    >>> [f.code for f in check(["redis", "redis:latest"])]
    ['TS002', 'TS001']
    """
    return check_with_configs(
        items, config=config, as_of=as_of, overrides=overrides, answers=answers
    )[0]


def check_with_configs(
    items: Iterable[Item | Scan] | Item | Scan,
    *,
    config: Config | Mapping[str, Any] | str | None = None,
    as_of: datetime.date | None = None,
    overrides: Mapping[str, Any] | None = None,
    answers: Answers | None = None,
) -> tuple[list[Finding], tuple[Config, ...]]:
    """:func:`check`'s findings, and the configurations that judged the items.

    The configurations are each one that applied to a reference or to a file's
    suppression comments, once each (by file), in the order first used; when
    nothing was judged, the one a plain string is judged by. A SARIF report
    describes every rule they enable.

    >>> findings, configs = check_with_configs(["redis:latest"], config={"preset": "strict"})
    >>> [f.code for f in findings], [c.preset for c in configs]
    (['TS001', 'TS007'], ['strict'])
    """
    day = as_of or date.today()
    known: dict[Reference, RegistryAnswer] | None = None
    if answers is not None:
        from ..answers import index_answers

        known = index_answers(answers)
    fixed = _as_config(config)
    if fixed is not None and overrides:
        fixed = fixed.with_overrides(overrides)
    configs: dict[str, Config] = {}
    applied: dict[str | None, Config] = {}

    def config_for(path: str | None) -> Config:
        chosen = fixed or _config_for(path, configs, overrides)
        if chosen.path not in applied:
            applied[chosen.path] = chosen
        return chosen

    unlocated: list[Finding] = []
    located: list[Finding] = []
    # Each file's suppression comments (in order, once each), and those that silenced something.
    comments: dict[str | None, dict[Suppression, None]] = {}
    used: set[Suppression] = set()
    for item in _flatten(items, comments):
        occurrence = item if isinstance(item, Occurrence) else None
        if occurrence is None:
            unlocated.extend(judge(_subject(item, day, known), config_for(None)))
            continue
        path = occurrence.path
        chosen = config_for(path)
        if path is not None and chosen.excludes(path):
            continue
        produced = judge(_subject(occurrence, day, known), chosen)
        if occurrence.suppressions:
            comments.setdefault(path, {}).update(dict.fromkeys(occurrence.suppressions))
            produced = _unsuppressed(produced, occurrence.suppressions, chosen, used)
        located.extend(produced)
    for path, found in comments.items():
        chosen = config_for(path)
        if path is None or not chosen.excludes(path):
            located.extend(_file_findings(path, tuple(found), frozenset(used), chosen))
    if not applied:
        config_for(None)
    # References without a location keep the order they were given in.
    return unlocated + sorted(located), tuple(applied.values())


def judge(subject: Subject, config: Config) -> list[Finding]:
    """Every enabled rule's findings for one subject (no suppression applied)."""
    occurrence = subject.occurrence
    path = occurrence.path if occurrence is not None else None
    enabled = config.enabled_for(path)
    built = occurrence is not None and (occurrence.built is not None or _local(occurrence))
    findings = []
    options = config.options
    for rule in RULES:
        if rule.file_level or rule.code not in enabled or (built and not rule.judges_built):
            continue
        if rule.digest_pins and config.trust_digests and subject.pinned_by_digest:
            continue
        # A rule with nothing to judge is neither run nor imported: one whose option is
        # unset (TS008-TS010), one that judges registry answers when there is none (TS013).
        if rule.inert_without is not None and options[rule.inert_without] is None:
            continue
        if rule.needs_registry and subject.answer is None:
            continue
        run = rule.run
        assert run is not None
        for verdict in run(subject, options):
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


def _flatten(
    items: Iterable[Item | Scan] | Item | Scan,
    comments: dict[str | None, dict[Suppression, None]],
) -> Iterable[Item]:
    if isinstance(items, (str, Reference, Occurrence, Scan)):
        items = [items]
    for item in items:
        if isinstance(item, Scan):
            for suppression in item.suppressions:
                comments.setdefault(suppression.path, {})[suppression] = None
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


def _subject(
    item: Item, as_of: datetime.date, answers: Mapping[Reference, RegistryAnswer] | None
) -> Subject:
    if isinstance(item, Reference):
        return Subject(str(item), item, as_of=as_of, answers=answers)
    if isinstance(item, Occurrence):
        return Subject(item.text, item.reference, occurrence=item, as_of=as_of, answers=answers)
    reference, error = parse_or_error(item)
    return Subject(item, reference, error=error, as_of=as_of, answers=answers)


def _local(occurrence: Occurrence) -> bool:
    """Whether a project's reference names an image only it can have (built or loaded
    locally: no registry publishes the name), judged as a built one. Not a ``COPY --from``
    whose name is a typo of a stage's (``builder`` for ``buidler``): the pull that fails
    there is the mistake TS002 names."""
    reference = occurrence.reference
    if reference is None or occurrence.context.get("stage_hint") is not None:
        return False
    return unpublished(reference.name)


def _finding(subject: Subject, code: str, name: str, severity: str, message: str) -> Finding:
    occurrence = subject.occurrence
    if occurrence is None:
        return Finding(
            code=code, name=name, severity=severity, message=message, reference=subject.text
        )
    return Finding(
        code=code,
        name=name,
        severity=severity,
        message=message,
        reference=subject.text,
        path=occurrence.path,
        line=occurrence.line,
        column=occurrence.column,
        end_line=occurrence.end_line,
        end_column=occurrence.end_column,
        occurrence=occurrence,
    )


def _user_finding(subject: Subject, rule: UserRule, config: Config) -> Finding:
    severity = config.severities.get(rule.code, rule.severity)
    return _finding(subject, rule.code, rule.name, severity, rule.message)


def _unsuppressed(
    findings: list[Finding],
    suppressions: tuple[Suppression, ...],
    config: Config,
    used: set[Suppression],
) -> list[Finding]:
    """The findings no comment silences (the comments that do are marked used)."""
    user_names = config.user_names
    kept = []
    for finding in findings:
        covering = [s for s in suppressions if silences(s, finding.code, user_names)]
        if covering:
            used.update(covering)
        else:
            kept.append(finding)
    return kept


def _file_findings(
    path: str | None,
    suppressions: tuple[Suppression, ...],
    used: frozenset[Suppression],
    config: Config,
) -> list[Finding]:
    """What the file-level rules (TS900) say of a file, once its findings are known."""
    enabled = config.enabled_for(path)
    file = FileSubject(path, suppressions, used, config.user_names)
    findings = []
    for rule in RULES:
        run_file = rule.run_file if rule.file_level and rule.code in enabled else None
        if run_file is None:
            continue
        for verdict in run_file(file, config.options):
            findings.append(
                Finding(
                    code=rule.code,
                    name=rule.name,
                    severity=verdict.severity or config.severities[rule.code],
                    message=verdict.message,
                    reference="",
                    path=path,
                    line=verdict.line,
                    column=verdict.column,
                    end_line=verdict.line,
                    end_column=verdict.end_column,
                )
            )
    return findings
