"""Committed renders of a Helm chart: ``helm template`` output kept inside the chart.

Chart repositories keep the output of ``helm template`` for their examples
(``charts/NAME/examples/X/rendered/*.yaml``) so that CI can diff it against a
fresh render. Such a file is a picture of the chart, not a deployment: the
chart's own images are read by rendering the chart, and the snapshot's are
pulled only where the project applies it (a CI job's ``kubectl apply -f
…/rendered``). So a render of the chart that holds it is read only when a
``kubectl apply``, ``create`` or ``replace`` in the project's CI files,
Makefiles or scripts names the file or a directory above it, or names a path
that only a run decides (then nobody can say: it is read, as before).

Helm marks what it renders: each document starts with ``# Source:
CHART/templates/FILE`` (``CHART/charts/SUB/templates/FILE`` for a subchart),
CHART being the chart's ``name``. A render of another chart (a GitOps
repository's manifests) is a deployment and is read as any manifest.
"""

from __future__ import annotations

import os
import re
import shlex

from .builds._common import read_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["applied", "rendered_chart", "snapshot_chart"]

_SOURCE = re.compile(r"^# Source: ([A-Za-z0-9][\w.-]*)/(?:templates|charts)/", re.MULTILINE)
_CHART_NAME = re.compile(r"^name:[ \t]*['\"]?([\w.-]+)", re.MULTILINE)
#: How much of a command file is read (as the shell readers read them).
_MAX_BYTES = 1 << 20
#: How far up a snapshot may be from its chart's directory.
_MAX_DEPTH = 8
_KUBECTL = re.compile(r"\bkubectl\b[^\n;&|]*?\s(?:apply|create|replace)\b([^\n;&|]*)")
#: What only a run decides in a command's word: a variable, a template, a glob.
_RUN_TIME = ("$", "{{", "<<", "*", "`")


def rendered_chart(text: str) -> str | None:
    """The name of the chart that ``helm template`` rendered ``text`` from, or ``None``."""
    if "# Source: " not in text:
        return None
    match = _SOURCE.search(text)
    return match[1] if match is not None else None


def snapshot_chart(path: str, text: str) -> str | None:
    """The directory of the chart whose render ``path`` is, when it lies inside that chart."""
    name = rendered_chart(text)
    if name is None:
        return None
    directory = os.path.dirname(os.path.abspath(path))
    for _ in range(_MAX_DEPTH):
        chart = os.path.join(directory, "Chart.yaml")
        if os.path.isfile(chart):
            written = read_text(chart, _MAX_BYTES)
            found = _CHART_NAME.search(written) if isinstance(written, str) else None
            return directory if found is not None and found[1] == name else None
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent
    return None


def applied(path: str, *, by: Callable[[str], bool] | None = None) -> bool:
    """Whether a ``kubectl apply -f`` (``create``, ``replace``) of the project names ``path``,
    a directory above it, or a path only a run decides. The commands are those of the CI
    files, Makefiles and scripts where the project context looks (see ``.context``), those
    of the files ``by`` accepts when it is given (a test's own script is its data)."""
    from .context import applied_paths, commands_around

    real = os.path.realpath(path)
    root, files = commands_around(path)
    for file in files:
        if by is not None and not by(file):
            continue
        bases = [os.path.dirname(os.path.abspath(file))]
        if root is not None:
            bases.insert(0, root)  # (CI jobs start at the top of the repository)
        for target in applied_paths(file, _read_applied):
            if target is None:
                return True
            for base in bases:
                named = os.path.realpath(os.path.join(base, target))
                if real == named or real.startswith(named.rstrip(os.sep) + os.sep):
                    return True
    return False


def _read_applied(file: str) -> list[str | None]:
    text = read_text(file, _MAX_BYTES)
    if not isinstance(text, str) or "kubectl" not in text:
        return []
    return _applied_paths(text.replace("\\\n", " "))


def _applied_paths(text: str) -> list[str | None]:
    """The paths the ``kubectl`` commands of ``text`` apply (``None``: one a run decides)."""
    paths: list[str | None] = []
    for match in _KUBECTL.finditer(text):
        try:
            words = shlex.split(match[1], comments=True)
        except ValueError:
            words = match[1].split()
        for index, word in enumerate(words):
            value: str | None = None
            if word in ("-f", "--filename") and index + 1 < len(words):
                value = words[index + 1]
            elif word.startswith(("-f=", "--filename=")):
                value = word.partition("=")[2]
            elif word.startswith("-f") and len(word) > 2 and word[2] != "-":
                value = word[2:]
            if value is None or "://" in value or value == "-":
                continue
            paths.append(None if any(mark in value for mark in _RUN_TIME) else value)
    return paths
