"""The GitHub report: workflow commands that GitHub Actions shows as annotations.

::

    ::error file=Dockerfile,line=3,col=6,endColumn=17,title=TS001 latest-tag::'redis:latest' …
    ::warning file=Dockerfile,line=9,col=6,endColumn=12,title=TS004 floating-version::'node:20' …
    ::error file=broken.Dockerfile,line=7,title=source-error::unknown instruction: FORM

One line a finding (``::error`` or ``::warning`` from its severity), then one
``::error`` line a source error. Paths are relative to the root (the
repository's, so that GitHub finds the files) with ``/`` separators; ``line``
and ``col`` are 1-based, and ``endColumn`` is the column of the reference's
last character (GitHub's toolkit makes a one-character annotation end where it
starts); a reference written over several lines has ``line`` and ``endLine``
only (GitHub takes columns on one line only). Positions are left out when
unknown, ``file`` too for a reference given as text. Escaping is the one of
GitHub's toolkit (``@actions/core``): in the message ``%``, CR and LF become
``%25``, ``%0D`` and ``%0A``; in property values ``:`` and ``,`` also become
``%3A`` and ``%2C``.

**The runner's limits.** GitHub shows at most :data:`ANNOTATIONS_PER_STEP`
error and as many warning annotations for a step (and 50 for a whole job; the
rest are dropped without a word), per the "Limitations" of actions/toolkit's
``docs/problem-matchers.md``. When there are more, the most severe come first
(source errors, then errors, then warnings, each in the report's order, up to
the limit of their kind), then a ``::notice`` with the totals and where to see
everything, then the others as plain ``path:line:col: CODE name  message``
lines in a collapsed group of the log, so that the log has them all.

**The step summary.** Given ``step_summary`` (``tagsense check`` opens the file
``GITHUB_STEP_SUMMARY`` names), a Markdown summary is appended to it: the
counts, a table of rules with their number of findings, and a table per file
with every finding and source error (with links to the lines when
``source_url`` is given). GitHub keeps at most :data:`STEP_SUMMARY_BYTES` a
step: rows that would pass that are left out, and a last line says how many.
"""

from __future__ import annotations

from ._common import posix, read_several_ways, relative, shown_path, telling_readings_apart

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from os import PathLike
    from typing import TextIO

    from ..occurrence import SourceError
    from ..policy.finding import Finding

__all__ = [
    "ANNOTATIONS_PER_STEP",
    "STEP_SUMMARY_BYTES",
    "escape_data",
    "escape_property",
    "markdown_text",
    "render",
    "write_step_summary",
]

#: Annotations of one kind (error, warning, notice) GitHub shows for one step.
ANNOTATIONS_PER_STEP = 10
#: Bytes one step's summary may have ("each step is restricted to a maximum size of 1MiB").
STEP_SUMMARY_BYTES = 1024 * 1024

_COMMANDS = {"error": "error", "warning": "warning"}
_SOURCE_ERROR = "source-error"
# (command, properties, message, the plain line the log shows when it is not annotated)
_Annotation = tuple[str, list[tuple[str, str]], str, str]


def escape_data(text: str) -> str:
    """Escape a command's message.

    >>> escape_data("100% sure\\nreally")
    '100%25 sure%0Areally'
    """
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (``file``, ``title``).

    >>> escape_property("a,b:c")
    'a%2Cb%3Ac'
    """
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(
    findings: Sequence[Finding],
    errors: Sequence[SourceError],
    *,
    stream: TextIO,
    root: str | PathLike[str] | None = None,
    step_summary: TextIO | None = None,
    source_url: str | None = None,
) -> None:
    """Write the workflow commands to ``stream``, and the summary to ``step_summary``.

    One annotation a finding, then one a source error; the most severe first,
    a notice and a plain list when they are more than the runner shows (see the
    module documentation).
    """
    several = read_several_ways(findings)
    annotated = [_finding(finding, root, several) for finding in findings]
    failed = [_error(error, root) for error in errors if not error.note]
    noted = [_error(error, root) for error in errors if error.note]
    errors_first = failed + [a for a in annotated if a[0] == "error"]
    warnings = [a for a in annotated if a[0] != "error"]
    for annotation in noted[:ANNOTATIONS_PER_STEP]:
        stream.write(_command(*annotation[:3]))
    if len(errors_first) <= ANNOTATIONS_PER_STEP and len(warnings) <= ANNOTATIONS_PER_STEP:
        for annotation in annotated + failed:
            stream.write(_command(*annotation[:3]))
    else:
        shown = errors_first[:ANNOTATIONS_PER_STEP] + warnings[:ANNOTATIONS_PER_STEP]
        for annotation in shown:
            stream.write(_command(*annotation[:3]))
        chosen = {id(annotation) for annotation in shown}
        rest = [a for a in annotated + failed if id(a) not in chosen]
        notice = _notice(findings, errors, len(shown), step_summary is not None)
        stream.write(_command("notice", [("title", "tagsense")], notice))
        stream.write(f"::group::tagsense: {len(rest)} more, not annotated\n")
        for annotation in rest:
            stream.write(annotation[3] + "\n")
        stream.write("::endgroup::\n")
    if step_summary is not None:
        write_step_summary(findings, errors, step_summary, root=root, source_url=source_url)


def _notice(
    findings: Sequence[Finding], errors: Sequence[SourceError], shown: int, summary: bool
) -> str:
    from .text import summary_line

    where = "the job summary and this step's log" if summary else "this step's log"
    return (
        f"{summary_line(findings, errors)} GitHub shows at most {ANNOTATIONS_PER_STEP} error "
        f"and {ANNOTATIONS_PER_STEP} warning annotations a step: {shown} are annotated, the "
        f"most severe first, and every one is listed in {where}."
    )


def _finding(
    finding: Finding,
    root: str | PathLike[str] | None,
    several: frozenset[tuple[str, int, int | None]],
) -> _Annotation:
    command = _COMMANDS.get(finding.severity, "warning")
    path = None if finding.path is None else posix(shown_path(finding.path, root))
    properties = _where(path, finding.line, finding.column, finding.end_line, finding.end_column)
    title = f"{finding.code} {finding.name}"
    properties.append(("title", title))
    where = (finding.reference or "<text>") if path is None else path + _position(finding)
    message = telling_readings_apart(finding, several)  # (as the text report)
    return command, properties, message, f"{where}: {title}  {message}"


def _error(error: SourceError, root: str | PathLike[str] | None) -> _Annotation:
    path = None if error.path is None else posix(shown_path(error.path, root))
    properties = _where(path, error.line, None, None, None)
    properties.append(("title", _SOURCE_ERROR))
    where = (path or "<text>") + ("" if error.line is None else f":{error.line}")
    command = "notice" if error.note else "error"
    return command, properties, error.message, f"{where}: {error.level}: {error.message}"


def _position(finding: Finding) -> str:
    if finding.line is None:
        return ""
    return f":{finding.line}" + ("" if finding.column is None else f":{finding.column}")


def _where(
    path: str | None,
    line: int | None,
    column: int | None,
    end_line: int | None,
    end_column: int | None,
) -> list[tuple[str, str]]:
    """``file``, ``line``, ``endLine``, ``col``, ``endColumn`` as GitHub takes them."""
    if path is None:
        return []
    properties = [("file", path)]
    if line is None:
        return properties
    properties.append(("line", str(line)))
    if end_line is not None and end_line > line:
        properties.append(("endLine", str(end_line)))  # columns only on one line
    elif column is not None:
        properties.append(("col", str(column)))
        if end_column is not None:
            # GitHub's end column is the last character's (inclusive).
            properties.append(("endColumn", str(max(column, end_column - 1))))
    return properties


def _command(command: str, properties: list[tuple[str, str]], message: str) -> str:
    written = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    if written:
        command += " " + written
    return f"::{command}::{escape_data(message)}\n"


# --- the step summary ----------------------------------------------------------------

_MARKDOWN = str.maketrans(
    {char: "\\" + char for char in "\\`*_[]<>|~"} | {"&": "&amp;", "\n": " ", "\r": " "}
)


def markdown_text(text: str) -> str:
    """``text`` as Markdown shows it, on one line (a table cell).

    >>> markdown_text("a|b <c> *d*")
    'a\\\\|b \\\\<c\\\\> \\\\*d\\\\*'
    """
    return text.translate(_MARKDOWN)


def write_step_summary(
    findings: Sequence[Finding],
    errors: Sequence[SourceError],
    stream: TextIO,
    *,
    root: str | PathLike[str] | None = None,
    source_url: str | None = None,
) -> None:
    """Append the Markdown summary (see the module documentation) to ``stream``.

    ``source_url`` is where a file's path is appended for a link to it
    (``https://github.com/OWNER/REPO/blob/SHA/``).
    """
    from urllib.parse import quote

    from ..policy.finding import rule_url
    from . import summary
    from .text import summary_line

    try:
        used = stream.tell()
    except (OSError, ValueError):
        used = 0
    budget = STEP_SUMMARY_BYTES - used - 512  # (room for the last line)
    parts = ["## tagsense\n\n", summary_line(findings, errors) + "\n"]

    def shown(path: str | None) -> tuple[str | None, bool]:
        """The path as shown, and whether it is a file of the repository (a link)."""
        if path is None:
            return None, False
        return posix(shown_path(path, root)), relative(path, root) is not None

    def link(text: str, path: str | None, inside: bool, line: int | None = None) -> str:
        if source_url is None or path is None or not inside or not text:
            return text
        anchor = "" if line is None else f"#L{line}"
        return f"[{text}]({source_url}{quote(path)}{anchor})"

    counts = summary(findings, errors)["by_code"]
    if counts or errors:
        parts.append("\n| Rule | Findings |\n| --- | ---: |\n")
        for code, number in counts.items():
            url = rule_url(code)
            rule = f"[{code}]({url})" if url else markdown_text(code)
            name = next(f.name for f in findings if f.code == code)
            parts.append(f"| {rule} {markdown_text(name)} | {number} |\n")
        if errors:
            parts.append(f"| {_SOURCE_ERROR} | {len(errors)} |\n")
    # Each file's rows, files in the order of their first finding (then of their errors).
    rows: dict[tuple[str | None, bool], list[str]] = {}
    for finding in findings:
        path, inside = shown(finding.path)
        where = link(_position(finding).lstrip(":"), path, inside, finding.line)
        code = markdown_text(f"{finding.code} {finding.name}")
        text = markdown_text(finding.message)
        rows.setdefault((path, inside), []).append(
            f"| {where} | {finding.severity} | {code} | {text} |\n"
        )
    for error in errors:
        path, inside = shown(error.path)
        where = link("" if error.line is None else str(error.line), path, inside, error.line)
        text = markdown_text(error.message)
        rows.setdefault((path, inside), []).append(
            f"| {where} | error | {_SOURCE_ERROR} | {text} |\n"
        )
    size = sum(len(part.encode("utf-8")) for part in parts)
    left_out = 0
    for (path, inside), lines in rows.items():
        heading = markdown_text(path) if path is not None else "References given as text"
        header = (
            f"\n### {link(heading, path, inside)}\n\n"
            "| Line | Severity | Rule | Message |\n| ---: | --- | --- | --- |\n"
        )
        for number, row in enumerate(lines):
            cost = len(row.encode("utf-8")) + (len(header.encode("utf-8")) if not number else 0)
            if left_out or size + cost > budget:
                left_out += 1
                continue
            if not number:
                parts.append(header)
            parts.append(row)
            size += cost
    if left_out:
        parts.append(
            f"\n{left_out} more not listed: GitHub keeps at most 1 MiB of summary a step; "
            "this step's log has every one.\n"
        )
    stream.write("".join(parts))
