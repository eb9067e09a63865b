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
the parent deploys once it is switched on.

A sibling chart (an umbrella's ``file://../scale``) may be a chart of its own as well, or
a part only its umbrellas deploy (camunda/camunda-platform-helm keeps copies of Bitnami's
charts beside its ``camunda-platform-8.x`` charts, which set every image of them):
:func:`sibling_parents` finds the charts that name it, and ``.._charts_alone`` whether the
project installs it on its own. :func:`enclosing_chart` finds the chart a chart directory
lies in when that chart neither vendors it (``charts/``) nor names it: Helm never loads
such a copy as a part of the chart around it.
"""

from __future__ import annotations

import os

from .._yaml import MAX_BYTES

__all__ = ["Parent", "enclosing_chart", "enclosing_parent", "sibling_parents"]

#: How far up a parent's Chart.yaml is looked for (``parent/subcharts/sub``: two levels).
_LEVELS = 3


class Parent:
    """The enclosing chart that names a chart as its ``file://`` dependency."""

    __slots__ = ("deploys", "globals", "section")

    def __init__(
        self, deploys: bool, globals_: dict[str, object], section: dict[str, object] | None = None
    ) -> None:
        #: whether the parent deploys the chart with its own values (condition, tags)
        self.deploys = deploys
        #: ``{"global": …}`` of the parent's ``values.yaml`` (with its lines), or ``{}``
        self.globals = globals_
        #: what the parent's ``values.yaml`` gives the chart (its alias's or name's map, with
        #: the parent's ``global``): the chart's values once the parent switches it on
        self.section = section if section is not None else dict(globals_)


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


def sibling_parents(directory: str, *, max_bytes: int = MAX_BYTES) -> list[Parent]:
    """The charts beside ``directory`` (in its parent directory, or one level further: an
    ``apps/web`` naming ``file://../../common/secret``) that take it as a ``file://``
    dependency; none of them encloses it."""
    here = os.path.realpath(directory)
    name = os.path.basename(here).encode()
    # (relative as the chart was named: the parent's lines are reported as its scan has them)
    up = os.path.normpath(os.path.join(directory, os.pardir))
    places = [up, os.path.normpath(os.path.join(up, os.pardir))]
    if os.path.realpath(places[1]) == os.path.realpath(up):
        del places[1]
    found: list[Parent] = []
    seen = set()
    for depth, place in enumerate(places):
        for candidate in _charts_below(place, depth + 1):
            real = os.path.realpath(candidate)
            if real in seen or real == here or here.startswith(real + os.sep):
                continue
            seen.add(real)
            chart_file = os.path.join(candidate, "Chart.yaml")
            data = _read(chart_file, max_bytes)
            if data is None or b"file://" not in data or name not in data:
                continue  # (a quick look before the YAML is read)
            requirement = _requirement(chart_file, candidate, here, max_bytes)
            if requirement is not None:
                found.append(_parent(candidate, requirement, max_bytes))
    return found


#: How many directories are looked at for the charts beside one (a bound on a wide tree).
_MAX_SIBLINGS = 400


def _charts_below(place: str, depth: int) -> list[str]:
    """The chart directories ``depth`` levels below ``place`` (one or two), sorted."""
    level = [place]
    for _ in range(depth):
        below: list[str] = []
        for directory in level:
            try:
                names = sorted(os.listdir(directory))
            except OSError:
                continue
            below.extend(
                os.path.normpath(os.path.join(directory, name))
                for name in names
                if not name.startswith(".")
            )
            if len(below) > _MAX_SIBLINGS:
                return []
        level = [path for path in below if os.path.isdir(path)]
    return [path for path in level if os.path.isfile(os.path.join(path, "Chart.yaml"))]


def enclosing_chart(directory: str) -> str | None:
    """The chart whose directory holds the chart ``directory`` (within a few levels) without
    vendoring it under its ``charts/`` or naming it as a ``file://`` dependency (checked
    before): a copy of a chart kept inside another, which Helm never loads as a part of
    it; ``None`` when there is none. A chart inside a project that is itself a chart (a
    ``Chart.yaml`` at the root of the Git tree) is not taken as such a copy."""
    parent = os.path.realpath(directory)
    for _ in range(_LEVELS):
        parent = os.path.dirname(parent)
        if os.path.isdir(os.path.join(parent, ".git")):
            return None
        if os.path.isfile(os.path.join(parent, "Chart.yaml")):
            return parent
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
                    "key": str(dependency.get("alias") or dependency.get("name") or ""),
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
    given = values.get(str(requirement["key"])) if requirement["key"] else None
    section = {**given, **globals_} if isinstance(given, dict) else dict(globals_)
    return Parent(not switched_off(requirement, values), globals_, section)
