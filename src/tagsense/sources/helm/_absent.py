"""The values of a dependency that is not at hand: what the chart does not set is unknown.

Helm merges each subchart's ``values.yaml`` under the subchart's name (or
alias) in its parent's values, before any template runs, so a parent's
template may read the subchart's defaults there. getsentry's ``sentry`` chart
(sentry-kubernetes/charts) depends on Bitnami's ``kafka`` chart, from a
registry, and its helpers read ``.Values.kafka.service.ports.client``, a key
only the subchart's ``values.yaml`` sets. Without ``helm dependency build``
neither Helm nor this render has those defaults; Helm then refuses the chart
("found in Chart.yaml, but missing in charts/ directory"), which this render
does not (it reports the dependency, and renders what it can). A key the
parent's values lack under such a dependency's name is therefore *unknown*
here (:class:`~tagsense._gotemplate.values.PartlyKnown`), not ``nil``: a
field of it is unknown too, where ``nil`` would stop the template with a nil
pointer error that Helm, given the subchart, does not make. An image written
with it is unresolved, a condition on it taken as false (and noted), as any
unknown value.
"""

from __future__ import annotations

from ..._gotemplate.values import PartlyKnown

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._load import Chart

__all__ = ["mark_absent"]

#: How deep subcharts are followed (a bound, as ``_values`` has).
_MAX_DEPTH = 50


def mark_absent(chart: Chart, values: dict[str, object], depth: int = 0) -> None:
    """Make the values of each dependency of ``chart`` that is enabled but not at hand
    (neither in ``charts/`` nor fetched from the repository) a partly known map, in
    ``values`` (the chart's coalesced values), and so for each subchart at hand.

    Run after ``process_dependencies``: ``Chart.yaml``'s dependencies are then the
    enabled ones, under their aliases.
    """
    requirements: list[dict[str, object]] = chart.metadata.get("dependencies") or []  # type: ignore[assignment]
    present = {sub.name for sub in chart.dependencies}
    for requirement in requirements:
        name = str(requirement["name"])
        if name in present or not requirement.get("enabled", True):
            continue
        reason = f'a default of the dependency "{name}", which is not in charts/'
        values[name] = _partly_known(values.get(name), reason)
    if depth >= _MAX_DEPTH:
        return
    for sub in chart.dependencies:
        scoped = values.get(sub.name)
        if isinstance(scoped, dict):
            mark_absent(sub, scoped, depth + 1)


def _partly_known(value: object, reason: str) -> object:
    """``value`` with each map in it (itself too, or an empty map for none) partly known:
    the subchart's defaults are merged at every depth."""
    if value is None:
        return PartlyKnown({}, reason)
    if not isinstance(value, dict):
        return value  # (a value the subchart's map would not replace: Helm keeps it)
    return PartlyKnown(
        {key: _partly_known_item(item, reason) for key, item in value.items()}, reason
    )


def _partly_known_item(item: object, reason: str) -> object:
    return _partly_known(item, reason) if isinstance(item, dict) else item
