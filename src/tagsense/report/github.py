"""The GitHub report: workflow commands that GitHub Actions shows as annotations.

::

    ::error file=Dockerfile,line=3,col=6,title=TS001 latest-tag::'redis:latest' uses …
    ::warning file=Dockerfile,line=9,col=6,title=TS004 floating-version::'node:20' …
    ::error file=broken.Dockerfile,line=7::unknown instruction: FORM

One line a finding (``::error`` or ``::warning`` from its severity), then one
``::error`` line a source error. Paths are relative to the root when under it
(GitHub resolves them against the workspace) with ``/`` separators; ``line``
and ``col`` are 1-based and left out when unknown, ``file`` too for a
reference given as text. Escaping is the one of GitHub's toolkit
(``@actions/core``): in the message ``%``, CR and LF become ``%25``, ``%0D``
and ``%0A``; in property values ``:`` and ``,`` also become ``%3A`` and
``%2C``.
"""

from __future__ import annotations

from ._common import posix, shown_path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from os import PathLike
    from typing import TextIO

    from ..occurrence import SourceError
    from ..policy.finding import Finding

__all__ = ["escape_data", "escape_property", "render"]

_COMMANDS = {"error": "error", "warning": "warning"}


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
) -> None:
    """Write one workflow command a finding, then one a source error, to ``stream``."""
    for finding in findings:
        command = _COMMANDS.get(finding.severity, "warning")
        properties = _where(finding.path, finding.line, finding.column, root)
        properties.append(("title", f"{finding.code} {finding.name}"))
        stream.write(_command(command, properties, finding.message))
    for error in errors:
        properties = _where(error.path, error.line, None, root)
        stream.write(_command("error", properties, error.message))


def _where(
    path: str | None, line: int | None, column: int | None, root: str | PathLike[str] | None
) -> list[tuple[str, str]]:
    if path is None:
        return []
    properties = [("file", posix(shown_path(path, root)))]
    if line is not None:
        properties.append(("line", str(line)))
        if column is not None:
            properties.append(("col", str(column)))
    return properties


def _command(command: str, properties: list[tuple[str, str]], message: str) -> str:
    written = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    if written:
        command += " " + written
    return f"::{command}::{escape_data(message)}\n"
