"""The text report: one ruff-like line a finding, for people.

::

    Dockerfile:3:6: TS001 latest-tag  'redis:latest' uses the 'latest' tag, …
    compose/Dockerfile:1:6: TS004 floating-version  'node:20' floats: …
    broken.Dockerfile:7: error: unknown instruction: FORM
    Found 1 error and 1 warning in 2 files; 1 source error.

A finding without a path (a reference given as text) starts with the reference
instead: ``redis:latest: TS001 latest-tag  …``. With ``show_source`` each
finding is followed by the line it is on and a caret under the column (under
the whole reference when it is written there)::

    Dockerfile:3:6: TS001 latest-tag  'redis:latest' uses the 'latest' tag, …
     3 | FROM redis:latest
       |      ^^^^^^^^^^^^

Where one written reference stands for several (a CI matrix's ``image: ${{ matrix.db }}``, a
Dockerfile built several ways), each finding there names its reference, so that no two
lines look alike::

    ci.yml:69:25: TS004 floating-version  [mysql:8.0] floating minor version '8.0': …
    ci.yml:69:25: TS004 floating-version  [percona:8.0] floating minor version '8.0': …

Source errors read ``path:line: error: message``. The last line sums up:
``Found 3 errors and 2 warnings in 2 files.``, or ``All checks passed.``
Colours (ANSI) only with ``color=True``: the path bold, the code bold red for
an error and yellow for a warning.
"""

from __future__ import annotations

from ._common import read_several_ways, shown_path, telling_readings_apart

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from os import PathLike
    from typing import TextIO

    from ..occurrence import SourceError
    from ..policy.finding import Finding

__all__ = ["render", "summary_line"]

_BOLD = "\033[1m"
_RED = "\033[1;31m"
_YELLOW = "\033[33m"
_RESET = "\033[0m"
_SEVERITY_COLORS = {"error": _RED, "warning": _YELLOW}

#: Files larger than this are not quoted (the sources refuse them too).
_MAX_QUOTED_BYTES = 10 * 1024 * 1024


def render(
    findings: Sequence[Finding],
    errors: Sequence[SourceError],
    *,
    stream: TextIO,
    root: str | PathLike[str] | None = None,
    color: bool = False,
    show_source: bool = False,
    quiet: bool = False,
) -> None:
    """Write the text report (see the module documentation) to ``stream``.

    ``quiet`` leaves out the summary line (only findings and errors are written).
    """

    def paint(style: str, text: str) -> str:
        return f"{style}{text}{_RESET}" if color and style else text

    files: dict[str, list[str] | None] = {}  # each quoted file read once
    several = read_several_ways(findings)
    for finding in findings:
        message = telling_readings_apart(finding, several)
        if finding.path is None:
            where = paint(_BOLD, finding.reference or "<text>")
        else:
            where = paint(_BOLD, shown_path(finding.path, root))
            where += "".join(f":{n}" for n in _position(finding.line, finding.column))
        style = _SEVERITY_COLORS.get(finding.severity, _BOLD)
        stream.write(f"{where}: {paint(style, finding.code)} {finding.name}  {message}\n")
        if show_source and finding.path is not None and finding.line is not None:
            if finding.path not in files:
                files[finding.path] = _read_lines(finding.path)
            lines = files[finding.path]
            if lines is not None and 1 <= finding.line <= len(lines):
                caret = _quote(finding, lines[finding.line - 1])
                stream.write(caret if not color else _paint_caret(caret, style))
    for error in errors:
        where = paint(_BOLD, "<text>" if error.path is None else shown_path(error.path, root))
        if error.line is not None:
            where += f":{error.line}"
        level = paint(_RED, "error") if not error.note else "note"
        stream.write(f"{where}: {level}: {error.message}\n")
    if not quiet:
        stream.write(summary_line(findings, errors) + "\n")


def _position(line: int | None, column: int | None) -> tuple[int, ...]:
    if line is None:
        return ()
    return (line,) if column is None else (line, column)


def summary_line(findings: Sequence[Finding], errors: Sequence[SourceError]) -> str:
    """``Found 3 errors and 2 warnings in 2 files.``, ``All checks passed.``, …

    >>> summary_line([], [])
    'All checks passed.'
    """
    from . import summary

    counts = summary(findings, errors)
    parts = [_count(n, word) for word, n in counts["by_severity"].items() if n]
    sources = counts["errors"]
    notes = f"; {_count(counts['notes'], 'note')}" if counts["notes"] else ""
    if not parts:
        if sources:
            return f"No findings; {_count(sources, 'source error')}{notes}."
        return f"All checks passed{notes}."
    text = "Found " + " and ".join(parts)
    if counts["files"]:
        text += f" in {_count(counts['files'], 'file')}"
    if sources:
        text += f"; {_count(sources, 'source error')}"
    return text + notes + "."


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _read_lines(path: str) -> list[str] | None:
    """The lines of a text file as the sources read it, or ``None`` when it cannot be quoted.

    A file that is missing, unreadable, too large, binary (an image archive) or
    not UTF-8 is not quoted; that is never an error.
    """
    try:
        with open(path, "rb") as handle:
            data = handle.read(_MAX_QUOTED_BYTES + 1)
    except (OSError, ValueError):  # ValueError: a NUL in the path
        return None
    if len(data) > _MAX_QUOTED_BYTES or b"\0" in data:
        return None
    try:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        return None
    return [line.removesuffix("\r") for line in text.split("\n")]


def _quote(finding: Finding, line: str) -> str:
    """The source line and a caret line under the finding's column (plain text)."""
    import unicodedata

    def width(char: str) -> int:
        if unicodedata.combining(char):
            return 0
        return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1

    def pad(text: str) -> str:
        # Tabs are kept (both lines have the same gutter, so they line up).
        return "".join("\t" if char == "\t" else " " * width(char) for char in text)

    shown = "".join(char if char.isprintable() or char == "\t" else "\ufffd" for char in line)
    number = str(finding.line)
    gutter = " " * len(number)
    column = max(1, finding.column or 1)
    before = shown[: column - 1].ljust(column - 1)
    raw = finding.occurrence.raw if finding.occurrence is not None else ""
    if raw and "\n" not in raw and line.startswith(raw, column - 1):
        carets = "^" * max(
            1, sum(width(char) for char in shown[column - 1 : column - 1 + len(raw)])
        )
    else:
        carets = "^"
    return f" {number} | {shown}\n {gutter} | {pad(before)}{carets}\n"


def _paint_caret(quote: str, style: str) -> str:
    source, caret, _ = quote.split("\n")
    marks = caret.index("^")
    return f"{source}\n{caret[:marks]}{style}{caret[marks:]}{_RESET}\n"
