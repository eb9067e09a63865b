"""A chart that an enclosing chart deploys as a ``file://`` dependency: read as that chart does.

A chart kept inside another chart's directory and named by it as a dependency
(``repository: "file://./subcharts/scale"``, open-match's layout) is deployed
as part of that chart: Helm copies the parent's ``global`` values down to it
(https://helm.sh/docs/chart_template_guide/subcharts_and_globals/), and its
templates may read ``.Values.global.image.registry`` that only the parent sets.
:func:`enclosing_parent` finds that parent. When the parent deploys the chart by
default (its ``condition`` and ``tags`` leave it on), the parent's render reads it
(``_fetch``, as ``helm dependency build`` places it), so alone it adds nothing;
when the parent leaves it off, it is rendered alone with the parent's globals — what
the parent deploys once it is switched on. Only a parent in an enclosing directory
counts: a sibling chart (an umbrella's ``file://../scale``) is one of its own,
installed alone as well.
"""

from __future__ import annotations

import os

from .._yaml import MAX_BYTES

__all__ = ["Parent", "enclosing_parent"]

#: How far up a parent's Chart.yaml is looked for (``parent/subcharts/sub``: two levels).
_LEVELS = 3


class Parent:
    """The enclosing chart that names a chart as its ``file://`` dependency."""

    __slots__ = ("deploys", "globals")

    def __init__(self, deploys: bool, globals_: dict[str, object]) -> None:
        #: whether the parent deploys the chart with its own values (condition, tags)
        self.deploys = deploys
        #: ``{"global": …}`` of the parent's ``values.yaml`` (with its lines), or ``{}``
        self.globals = globals_


def enclosing_parent(directory: str, *, max_bytes: int = MAX_BYTES) -> Parent | None:
    """The enclosing chart that takes ``directory`` as a ``file://`` dependency, or ``None``."""
    here = os.path.realpath(directory)
    # (relative as the chart was named: its lines are then reported as the parent's scan has them)
    parent = os.path.normpath(directory)
    for _ in range(_LEVELS):
        parent = os.path.normpath(os.path.join(parent, os.pardir))
        chart_file = os.path.join(parent, "Chart.yaml")
        if not os.path.isfile(chart_file):
            continue
        requirement = _requirement(chart_file, parent, here, max_bytes)
        if requirement is not None:
            return _parent(parent, requirement, max_bytes)
    return None


def _read(path: str, max_bytes: int) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except (OSError, ValueError):
        return None
    return None if len(data) > max_bytes else data


def _requirement(
    chart_file: str, parent: str, here: str, max_bytes: int
) -> dict[str, object] | None:
    data = _read(chart_file, max_bytes)
    if data is None:
        return None
    import yaml

    try:
        metadata = yaml.safe_load(data)
    except (yaml.YAMLError, ValueError):
        return None
    dependencies = metadata.get("dependencies") if isinstance(metadata, dict) else None
    for dependency in dependencies if isinstance(dependencies, list) else ():
        repository = dependency.get("repository") if isinstance(dependency, dict) else None
        if isinstance(repository, str) and repository.startswith("file://"):
            target = os.path.join(parent, repository[len("file://") :])
            if os.path.realpath(target) == here:
                tags = dependency.get("tags")
                return {
                    "condition": str(dependency.get("condition") or ""),
                    "tags": [str(t) for t in tags] if isinstance(tags, list) else [],
                    "enabled": True,
                }
    return None


def _parent(parent: str, requirement: dict[str, object], max_bytes: int) -> Parent:
    from ._load import load_values_text
    from ._values import switched_off

    path = os.path.join(parent, "values.yaml")
    data = _read(path, max_bytes)
    values = load_values_text(data, path, max_bytes=max_bytes)[0] if data is not None else {}
    found = values.get("global")
    globals_: dict[str, object] = {"global": found} if isinstance(found, dict) else {}
    return Parent(not switched_off(requirement, values), globals_)
