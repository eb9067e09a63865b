"""Reports: findings and source errors written out for people and for machines.

:func:`render` writes one report to a stream. The formats:

``text``
    ruff-like lines, ``path:line:col: TS001 latest-tag  message``, optionally the
    offending source line with a caret under the column, then a summary line
    (:mod:`tagsense.report.text`).
``json``
    ``{"version": 1, "findings": [...], "errors": [...], "summary": {...}}``, a
    documented contract (:mod:`tagsense.report.json`).
``sarif``
    SARIF 2.1.0 for code scanning (:mod:`tagsense.report.sarif`).
``github``
    GitHub Actions workflow commands (``::error file=…``) that become annotations
    (:mod:`tagsense.report.github`).
``gitlab``
    a GitLab Code Quality report (:mod:`tagsense.report.gitlab`).

Each format lives in its own module, imported only when it is used. The reports
are pure: apart from writing to the stream, only the ``text`` report with
``show_source=True`` reads anything (the files it quotes).

``root`` is the directory paths are shown relative to: a path under it is
written relative to it, any other path as it was found. ``tagsense check`` gives
the current directory for ``text`` and :func:`repository_root` for the formats
that machines read, whose paths must name files of the repository whatever
directory the check ran in.
"""

from __future__ import annotations

import os

from .._roots import repository_root as _work_tree
from .._roots import within

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from os import PathLike
    from typing import Any, TextIO

    from ..occurrence import SourceError
    from ..policy.config import Config, UserRule
    from ..policy.finding import Finding
    from ..policy.rules import Rule

__all__ = ["FORMATS", "WORKSPACE_VARIABLES", "render", "repository_root", "summary"]

#: The report formats, in the order ``--format`` lists them.
FORMATS = ("text", "json", "sarif", "github", "gitlab")

#: Severities in the order reports count them: strongest first.
_SEVERITY_ORDER = ("error", "warning")

#: The environment variables that name a CI job's checkout: GitHub Actions, GitLab CI.
WORKSPACE_VARIABLES = ("GITHUB_WORKSPACE", "CI_PROJECT_DIR")


def repository_root(
    start: str | PathLike[str] | None = None, *, environ: Mapping[str, str] | None = None
) -> str:
    """The root of the repository that holds ``start`` (default: the current directory).

    That is the top level of the git work tree: the nearest directory upward
    with a ``.git`` entry (a directory, or a file in a linked worktree or a
    submodule); git itself is never run. Inside a CI job whose checkout
    (:data:`WORKSPACE_VARIABLES`, read from ``environ``, default
    :data:`os.environ`) holds ``start``, the checkout when no work tree holds
    ``start``, or when the work tree found holds the checkout (a checkout made
    without git inside another work tree). Else ``start`` itself. The result is
    absolute, with symbolic links resolved.
    """
    here = os.path.realpath(os.getcwd() if start is None else start)
    top = _work_tree(here)
    workspace = None
    for name in WORKSPACE_VARIABLES:
        value = (os.environ if environ is None else environ).get(name)
        if value:
            candidate = os.path.realpath(value)
            if within(here, candidate):
                workspace = candidate
            break
    if top is not None and workspace is not None and top != workspace:
        return workspace if within(workspace, top) else top
    return top or workspace or here


def render(
    format: str,
    findings: Sequence[Finding],
    errors: Sequence[SourceError],
    *,
    stream: TextIO,
    root: str | PathLike[str] | None = None,
    color: bool = False,
    show_source: bool = False,
    rules: Sequence[Rule | UserRule] | None = None,
    quiet: bool = False,
    configs: Sequence[Config] | None = None,
    successful: bool = True,
    category: str | None = None,
    step_summary: TextIO | None = None,
    source_url: str | None = None,
) -> None:
    """Write the report of ``findings`` and ``errors`` in ``format`` to ``stream``.

    Findings are written in the order given (:func:`tagsense.check` sorts them).
    ``root``: paths under it are written relative to it (:func:`repository_root`
    for the formats machines read). ``color`` (ANSI colours), ``show_source``
    (the offending line with a caret) and ``quiet`` (no summary line) apply to
    the ``text`` format only. For ``sarif``: ``configs``, the configurations of
    the scan (the rules they enable are described), ``rules``, more rules to
    describe (a configuration's user rules), ``successful`` (false when the run
    failed) and ``category`` (``automationDetails.id``); the report is refused
    with :class:`~tagsense.report.sarif.SarifTooLarge` when GitHub would reject
    it. For ``github``: ``step_summary``, where to append a Markdown summary of
    everything (the file ``GITHUB_STEP_SUMMARY`` names), and ``source_url``,
    where a path is appended for a link to the file in that summary.
    An unknown format is a :class:`~tagsense.TagsenseError`.
    """
    if format == "text":
        from . import text

        text.render(
            findings,
            errors,
            stream=stream,
            root=root,
            color=color,
            show_source=show_source,
            quiet=quiet,
        )
    elif format == "json":
        from . import json

        json.render(findings, errors, stream=stream, root=root)
    elif format == "sarif":
        from . import sarif

        sarif.render(
            findings,
            errors,
            stream=stream,
            root=root,
            rules=rules,
            configs=configs,
            successful=successful,
            category=category,
        )
    elif format == "github":
        from . import github

        github.render(
            findings,
            errors,
            stream=stream,
            root=root,
            step_summary=step_summary,
            source_url=source_url,
        )
    elif format == "gitlab":
        from . import gitlab

        gitlab.render(findings, errors, stream=stream, root=root)
    else:
        from ..errors import TagsenseError

        choices = ", ".join(FORMATS)
        raise TagsenseError(f"unknown report format {format!r} (choose from {choices})")


def summary(findings: Sequence[Finding], errors: Sequence[SourceError]) -> dict[str, Any]:
    """Counts: findings, by severity and by code, files with findings, source errors.

    ``{"findings": 5, "by_severity": {"error": 3, "warning": 2}, "by_code":
    {"TS001": 2, "TS004": 3}, "files": 2, "errors": 1}``: ``by_severity``
    always has ``error`` and ``warning`` (strongest first); ``by_code`` is
    sorted by code; ``files`` counts the distinct paths that have findings;
    ``errors`` counts the source errors.

    >>> from tagsense.policy import check
    >>> counts = summary(check(["redis:latest", "redis:7", "redis:7.2"]), [])
    >>> counts["findings"], counts["by_severity"], counts["by_code"]
    (3, {'error': 1, 'warning': 2}, {'TS001': 1, 'TS004': 2})
    """
    by_severity = dict.fromkeys(_SEVERITY_ORDER, 0)
    by_code: dict[str, int] = {}
    files: set[str] = set()
    for finding in findings:
        by_severity[finding.severity] = by_severity.get(finding.severity, 0) + 1
        by_code[finding.code] = by_code.get(finding.code, 0) + 1
        if finding.path is not None:
            files.add(finding.path)
    return {
        "findings": len(findings),
        "by_severity": by_severity,
        "by_code": dict(sorted(by_code.items())),
        "files": len(files),
        "errors": sum(1 for error in errors if not error.note),
        "notes": sum(1 for error in errors if error.note),
    }
