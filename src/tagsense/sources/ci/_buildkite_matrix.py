"""Buildkite's build matrix: the jobs one command step's ``matrix`` makes, and its values put
in the step's text.

As Buildkite documents it (*Build matrix*): ``matrix: [a, b]``, or ``matrix: {setup: [a, b]}``,
is one dimension, written ``{{matrix}}``; ``matrix.setup`` as a mapping of lists is several,
each combination of them a job, written ``{{matrix.NAME}}``. ``adjustments`` change that:
an entry whose ``with`` names a combination that is there with ``skip`` (anything but
``false``) removes it, and one whose ``with`` names a combination that is not there adds it.
The values are put in the step's ``command``, ``commands``, ``env``, ``plugins`` and
``agents`` (spaces inside the braces allowed). elastic/elasticsearch-py's pipeline runs its
tests over five Python versions with ``PYTHON_VERSION: "{{ matrix.python }}"``.
"""

from __future__ import annotations

import itertools

from ..._lazy import lazy_pattern
from .._yaml import scalar, sequence
from ._scanner import fields, is_mapping, is_sequence

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re

    import yaml

__all__ = ["MAX_JOBS", "fill", "matrix_jobs"]

#: The most jobs one step's matrix is read for here.
MAX_JOBS = 64

#: ``{{matrix}}`` and ``{{ matrix.NAME }}``.
_VALUE = lazy_pattern(r"\{\{\s*matrix(?:\.([A-Za-z0-9_-]+))?\s*\}\}")
#: The key of the one-dimension matrix's value.
_WHOLE = ""


def matrix_jobs(node: yaml.Node | None) -> list[dict[str, str]]:
    """The values of each job the step's ``matrix`` node makes (``{"": v}`` for a
    one-dimension matrix); one job without values when there is no matrix; none when its
    values are not scalars (not read).

    >>> import yaml
    >>> node = yaml.compose("setup: {py: ['3.12', '3.13']}\\nadjustments: [{with: {py: '3.14'}}]")
    >>> matrix_jobs(node)
    [{'py': '3.12'}, {'py': '3.13'}, {'py': '3.14'}]
    """
    if node is None:
        return [{}]
    adjustments: list[yaml.Node] = []
    setup: yaml.Node | None = node
    if is_mapping(node):
        own = fields(node)
        setup, adjustments = own.get("setup"), sequence(own.get("adjustments"))
    jobs = _setup(setup)
    if jobs is None:
        return []
    for adjustment in adjustments:
        own = fields(adjustment)
        values = _values(own.get("with"))
        if values is None:
            continue
        skip = own.get("skip")
        if values in jobs:
            if skip is not None and scalar(skip) not in ("false", "False"):
                jobs.remove(values)
        elif skip is None or scalar(skip) in ("false", "False"):
            jobs.append(values)
    return jobs[:MAX_JOBS]


def fill(text: str, values: dict[str, str], unknown: str | None = None) -> str:
    """``text`` with a job's matrix values put in; one it does not have is ``unknown``, or
    stays as written.

    >>> fill("python:{{ matrix.py }}-{{matrix}}", {"py": "3.13", "": "x"})
    'python:3.13-x'
    >>> fill("python:{{ matrix.py }}", {}, unknown="?")
    'python:?'
    """
    if "{{" not in text:
        return text

    def value(match: re.Match[str]) -> str:
        found = values.get(match[1] if match[1] is not None else _WHOLE)
        if found is None:
            return match[0] if unknown is None else unknown
        return found

    return _VALUE.sub(value, text)


def _setup(node: yaml.Node | None) -> list[dict[str, str]] | None:
    """The jobs of ``setup`` (or of the matrix's own list); ``None``: not read."""
    if node is None:
        return []
    if is_sequence(node):
        whole = [scalar(item) for item in sequence(node)]
        if any(item is None for item in whole):
            return None
        return [{_WHOLE: item} for item in whole if item is not None]
    if not is_mapping(node):
        return None
    dimensions: dict[str, list[str]] = {}
    for name, values in fields(node).items():
        written = [scalar(item) for item in sequence(values)]
        if not written or any(item is None for item in written):
            return None
        dimensions[name] = [item for item in written if item is not None]
    size = 1
    for items in dimensions.values():
        size *= len(items)
        if size > MAX_JOBS:
            return None
    return [
        dict(zip(dimensions, combination, strict=True))
        for combination in itertools.product(*dimensions.values())
    ]


def _values(node: yaml.Node | None) -> dict[str, str] | None:
    """An adjustment's ``with``: a mapping of each dimension's value, or one value."""
    if node is None:
        return None
    if is_mapping(node):
        found = {name: scalar(value) for name, value in fields(node).items()}
        if any(value is None for value in found.values()):
            return None
        return {name: value for name, value in found.items() if value is not None}
    value = scalar(node)
    return None if value is None else {_WHOLE: value}
