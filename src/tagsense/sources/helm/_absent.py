"""The values of a dependency that is not at hand: what the chart does not set is unknown,
and the images the chart gives it are still the images it runs.

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

The chart's own values may still name the images such a dependency runs: Helm's
convention, which Bitnami's charts follow, is an ``image`` map of ``registry``,
``repository``, ``tag`` (and ``digest``). zulip/docker-zulip's chart depends on
Bitnami's ``memcached``, ``rabbitmq``, ``redis`` and ``postgresql`` from a registry
and sets ``redis.image: {repository: bitnamilegacy/redis, tag: latest}`` in its
``values.yaml``: that is the image ``helm install`` runs, whatever the subchart's
templates. Where the chart's values give such a map (under any image key of the
dependency's values, ``metrics.image`` too) with a repository and a tag or a digest,
:func:`absent_images` reports it, at its tag, as a rendered image would be; a map
that leaves the repository or the tag to the subchart's defaults says nothing here.
Without a ``registry`` the repository is read as written (Docker Hub for a short
name), as Bitnami's default registry (``docker.io``) has it.
"""

from __future__ import annotations

from ..._gotemplate.values import Origin, PartlyKnown, TFloat, TStr

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from ...occurrence import Occurrence
    from ._load import Chart

__all__ = ["absent_images", "library_images", "mark_absent"]

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


def absent_images(chart: Chart, values: dict[str, object], root: str) -> list[Occurrence]:
    """The images the chart's ``values`` (coalesced, after :func:`mark_absent`) give each
    dependency that is not at hand (see the module), at any depth; ``root`` is the name of
    the chart rendered."""
    found: list[Occurrence] = []
    _collect(chart, values, root, found, 0)
    return found


def _collect(
    chart: Chart, values: dict[str, object], root: str, found: list[Occurrence], depth: int
) -> None:
    requirements: list[dict[str, object]] = chart.metadata.get("dependencies") or []  # type: ignore[assignment]
    present = {sub.name for sub in chart.dependencies}
    for requirement in requirements:
        name = str(requirement["name"])
        scoped = values.get(name)
        if name in present or not requirement.get("enabled", True):
            continue
        if isinstance(scoped, dict):
            for key, image in _image_maps(scoped, name, 0):
                occurrence = _occurrence(key, image, name, root)
                if occurrence is not None:
                    found.append(occurrence)
    if depth >= _MAX_DEPTH:
        return
    for sub in chart.dependencies:
        scoped = values.get(sub.name)
        if isinstance(scoped, dict):
            _collect(sub, scoped, root, found, depth + 1)


def library_images(
    chart: Chart, values: dict[str, object], root: str, rendered: set[str]
) -> list[Occurrence]:
    """The images of the image maps of a chart's own values (not those it gives its
    dependencies) when its templates call the helpers of a library it depends on that is not at
    hand (Bitnami's ``common``: ``include "common.images.image"``), and so for each subchart at
    hand: those templates cannot be rendered, and the maps are what they print. ``rendered``:
    the charts (by name) whose templates did render an image: their maps are not guessed
    (nextcloud calls PostgreSQL's ``postgresql.v1.primary.fullname`` only when PostgreSQL
    is on; its templates render, and its disabled nginx and exporter are not pulled)."""
    found: list[Occurrence] = []
    _collect_own(chart, values, root, found, 0, rendered)
    return found


def _collect_own(
    chart: Chart,
    values: dict[str, object],
    root: str,
    found: list[Occurrence],
    depth: int,
    rendered: set[str],
) -> None:
    requirements: list[dict[str, object]] = chart.metadata.get("dependencies") or []  # type: ignore[assignment]
    present = {sub.name for sub in chart.dependencies}
    absent = [
        str(requirement["name"])
        for requirement in requirements
        if str(requirement["name"]) not in present and requirement.get("enabled", True)
    ]
    library = None
    if chart.name not in rendered:
        library = next((name for name in absent if _calls_helpers_of(chart, name)), None)
    if library is not None:
        named = {str(r.get("alias") or r["name"]) for r in requirements} | {"global"}
        own = {key: item for key, item in values.items() if key not in named}
        # (Bitnami's `common.images.image`, given `"chart" .Chart`, prints the chart's
        # appVersion for a map without a tag: Shuffle's chart leaves its images' tags empty)
        version = chart.metadata.get("appVersion") if _passes_chart(chart, library) else None
        for key, image in _image_maps(own, "", 0):
            assumed = (
                f"the image map {key[1:]} of the chart, whose templates call the helpers of "
                f'the dependency "{library}", which is not in charts/ (they are not rendered)'
            )
            occurrence = _occurrence(
                key[1:], image, library, root, assumed=assumed, app_version=_text(version)
            )
            if occurrence is not None:
                found.append(occurrence)
    if depth >= _MAX_DEPTH:
        return
    for sub in chart.dependencies:
        scoped = values.get(sub.name)
        if isinstance(scoped, dict):
            _collect_own(sub, scoped, root, found, depth + 1, rendered)


def _calls_helpers_of(chart: Chart, library: str) -> bool:
    """Whether a template of the chart includes a named template of ``library`` (a helper
    of a library chart is named after it: ``common.images.image``)."""
    import re

    call = re.compile(r'(?:include|template)\s+"' + re.escape(library) + r"\.")
    return any(call.search(text) for _, text, _ in chart.templates)


def _passes_chart(chart: Chart, library: str) -> bool:
    """Whether a template of the chart gives ``library``'s image helper the chart (``include
    "common.images.image" (dict "imageRoot" … "chart" .Chart)``), whose appVersion it prints
    for an image map without a tag or a digest."""
    import re

    call = re.compile(
        r'(?:include|template)\s+"' + re.escape(library) + r'\.images\.image"\s*\(\s*dict\b'
        r'[^)]*"chart"\s+\$?\.Chart\b'
    )
    return any(call.search(text) for _, text, _ in chart.templates)


def _image_maps(
    values: dict[str, object], prefix: str, depth: int, *, in_images: bool = False
) -> Iterator[tuple[str, dict[str, object]]]:
    """(dotted key, map) of each image map in a dependency's values: under an image key, or
    one map of several that an image key holds (Gradiant's srsran-5g chart's
    ``image.srsran``); none under a map whose ``enabled`` is ``false``."""
    from ..._image_keys import is_image_field

    if depth >= _MAX_DEPTH:
        return
    for key, item in values.items():
        # (a part the values switch off runs no image: `volumePermissions: {enabled: false,
        # image: …}`, the init container Bitnami's charts and Shuffle's add only when it is on)
        if not isinstance(item, dict) or item.get("enabled") is False:
            continue
        path = f"{prefix}.{key}"
        image_key = is_image_field(str(key))
        if (image_key or in_images) and "repository" in item:
            yield path, item
        else:
            yield from _image_maps(item, path, depth + 1, in_images=image_key)


def _occurrence(
    key: str,
    image: dict[str, object],
    dependency: str,
    root: str,
    *,
    assumed: str = "",
    app_version: str = "",
) -> Occurrence | None:
    """The image an image map names, at its tag (its digest without one; ``app_version``
    without either, when the helper prints it); ``None`` when the map leaves its repository
    or its tag to the dependency's defaults."""
    from ...occurrence import Occurrence, parse_or_error

    repository, registry = _text(image.get("repository")), _text(image.get("registry"))
    tag, digest = _text(image.get("tag")), _text(image.get("digest"))
    from_chart = not tag and not digest and bool(app_version)
    if from_chart:
        tag = app_version
    if not repository or not (tag or digest):
        return None
    text = f"{registry}/{repository}" if registry else repository
    text += (f":{tag}" if tag else "") + (f"@{digest}" if digest else "")
    part = "tag" if tag else "digest"
    # (the chart's appVersion is reported at the repository: no value of the map names it)
    origin = (None if from_chart else _origin(image.get(part))) or _origin(image.get("repository"))
    if origin is None or origin.path is None:
        return None
    reasons = [
        assumed
        or f'the image map {key} of the dependency "{dependency}", which is not in charts/ '
        "(its templates are not rendered)"
    ]
    if from_chart:
        reasons.append(f"the chart's appVersion, {app_version}, as the image map's tag")
    context: dict[str, object] = {
        "chart": root,
        "subchart": dependency,
        "key": origin.key,
        "value": origin.text,
        "assumed": reasons,
    }
    return Occurrence(
        path=origin.path,
        line=origin.line,
        column=origin.column,
        kind="helm",
        raw=text,
        text=text,
        reference=parse_or_error(text)[0],
        context=context,
    )


def _text(value: object) -> str:
    """A values scalar as Helm's templates print it (``14`` for the number 14)."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str | int | float):
        return str(value)
    return ""


def _origin(value: object) -> Origin | None:
    if isinstance(value, TFloat):
        return value.origin
    if isinstance(value, TStr):
        for _, _, _, origin in value.spans:
            if origin is not None:
                return origin
    return None
