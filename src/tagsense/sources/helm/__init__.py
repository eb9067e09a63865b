"""Helm charts: the images a chart deploys, as ``helm template`` renders them, without Helm.

:func:`scan_helm_chart` does what ``helm template`` does on the client —
load the chart (its ``.helmignore`` applied, subcharts from ``charts/``,
directories or ``.tgz``; a dependency missing there is taken from the
scanned repository, as ``helm dependency build`` would fetch it: ``_fetch``),
process its dependencies (``condition``, ``tags``, ``alias``,
``import-values``: a disabled subchart deploys nothing), merge the
values (``values.yaml``, each subchart's under its name, ``global`` copied
down, then the user's ``--values`` files and ``--set`` expressions), and
render the templates with Go's template semantics, Sprig's and Helm's
functions (:mod:`tagsense._gotemplate`) — and reads the images in the
rendered YAML as the Kubernetes source reads manifests
(:func:`tagsense.sources.kubernetes.find_images`). The release is
``release-name`` in ``default``, on Kubernetes v1.36.0, as ``helm template``
(Helm v4.2.3) has them.

Each :class:`~tagsense.sources.Occurrence` has ``kind="helm"``, ``raw`` and
``text`` the image as rendered, and points at the line a user edits to change
it: the values scalar that holds its **tag** (or its digest; its repository
when the tag is the chart's ``appVersion``), in ``values.yaml``, a subchart's
values or a ``--values`` file. An image written whole in a template points at
the template line. ``context``: ``chart`` (the chart's name), ``key`` (the
dotted values key pointed at, ``image.tag``) and ``value`` (that scalar's
text, what an edit replaces), ``template`` (the template and line that write
it, ``templates/deployment.yaml:42``), ``subchart`` when a
subchart's template writes it, ``tag_from: "appVersion"``, ``set`` (the
``--set`` keys that feed it), and the Kubernetes object's ``kind``,
``name``, ``container`` and ``field``.

Honest limits: a value the render cannot know — a
random or time-dependent function, a ``required`` value that is not set, a
function that is not implemented — leaves the image *unresolved*: its text
shows the action (``docker.io/acme/app:{{ required "set a tag" .Values.tag }}``),
``reference`` is ``None`` and ``context["unresolved"]`` says why (rule TS011
reports it). A condition that cannot be known is taken as false and noted in
``context["assumed"]``; a cluster ``lookup`` gives an empty map, as in
``helm template``, and is noted there too. A
template that does not parse, a chart whose template calls ``fail``, values
that cannot be read are errors in ``Scan.errors``; the function never raises.
"""

from __future__ import annotations

import os

from ...occurrence import Scan, SourceError
from .._yaml import MAX_BYTES
from ._fetch import fetch_missing, report_missing
from ._load import ChartError, load_chart, load_values_text, merge_maps
from ._parent import enclosing_parent
from ._render import KIND, render_images
from ._values import SetError, parse_set

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["KIND", "is_helm_chart", "scan_helm_chart", "user_values"]

_CHART = "Chart.yaml"


def is_helm_chart(directory: str | os.PathLike[str]) -> bool:
    """Whether a directory holds a chart (a ``Chart.yaml``)."""
    return os.path.isfile(os.path.join(os.fspath(directory), _CHART))


def is_subchart(directory: str | os.PathLike[str]) -> bool:
    """Whether a chart directory is a subchart vendored in another chart's ``charts/``."""
    path = os.path.abspath(os.fspath(directory))
    parent = os.path.dirname(path)
    return os.path.basename(parent) == "charts" and is_helm_chart(os.path.dirname(parent))


def user_values(
    values_files: Iterable[str | os.PathLike[str]] = (),
    set_values: Iterable[str] = (),
    *,
    max_bytes: int = MAX_BYTES,
) -> tuple[dict[str, object], list[SourceError]]:
    """The user's values as Helm merges them: ``--values`` files in order, then ``--set``.

    A later file wins over an earlier one (maps merged key by key); each
    ``--set`` expression (``a.b=c,list[0]=x,l={a,b}``) is then written into
    the result. Errors are returned, not raised.
    """
    merged: dict[str, object] = {}
    errors: list[SourceError] = []
    for file in values_files:
        path = os.fspath(file)
        try:
            with open(path, "rb") as handle:
                data = handle.read(max_bytes + 1)
        except OSError as error:
            errors.append(SourceError(path, None, f"cannot read: {error.strerror or error}"))
            continue
        except ValueError:
            errors.append(SourceError(path, None, "cannot read: an invalid path"))
            continue
        if len(data) > max_bytes:
            errors.append(SourceError(path, None, f"too large: more than {max_bytes:,} bytes"))
            continue
        values, file_errors = load_values_text(data, path, max_bytes=max_bytes)
        errors.extend(file_errors)
        merged = merge_maps(merged, values)
    for expression in set_values:
        try:
            parse_set(expression, merged)
        except SetError as error:
            errors.append(SourceError(None, None, f"--set {expression!r}: {error}"))
    _mark_set_values(merged)
    return merged, errors


def _mark_set_values(values: dict[str, object]) -> None:
    """Give the strings that came from ``--set`` an origin (no file: kind ``set``); one that a
    run decides (a command's ``--set image.tag=$CI_COMMIT_SHA``: the shell's unknown text in
    it) is an unknown value, which leaves the image written with it unresolved."""
    from ..._gotemplate import Origin, TStr

    stack: list[tuple[object, str]] = [(values, "")]
    while stack:
        current, prefix = stack.pop()
        if isinstance(current, dict):
            for key, item in current.items():
                path = f"{prefix}.{key}" if prefix else key
                if isinstance(item, str) and _RUN_DECIDES in item:
                    current[key] = _decided_by_run(path)
                elif isinstance(item, str) and not isinstance(item, TStr) and item:
                    current[key] = TStr(
                        item, ((0, len(item), None, Origin(None, 0, 0, path, item, "set")),)
                    )
                else:
                    stack.append((item, path))
        elif isinstance(current, list):
            for index, item in enumerate(current):
                path = f"{prefix}[{index}]"
                if isinstance(item, str) and _RUN_DECIDES in item:
                    current[index] = _decided_by_run(path)
                elif isinstance(item, str) and not isinstance(item, TStr) and item:
                    current[index] = TStr(
                        item, ((0, len(item), None, Origin(None, 0, 0, path, item, "set")),)
                    )
                else:
                    stack.append((item, path))


#: The shell reader's mark of text only a run knows (``builds._shell_values.UNKNOWN``), in the
#: ``--set`` values of a command of the project that installs the chart.
_RUN_DECIDES = "\ue000"


def _decided_by_run(path: str) -> object:
    from ..._gotemplate.values import Unknown

    return Unknown(f"--set {path}: a value the command's run gives")


def scan_helm_chart(
    chart_dir: str | os.PathLike[str],
    *,
    max_bytes: int = MAX_BYTES,
    values_files: Iterable[str | os.PathLike[str]] = (),
    set_values: Iterable[str] = (),
    release_name: str = "release-name",
    namespace: str = "default",
    defaults: dict[str, object] | None = None,
) -> Scan:
    """Find the images a chart deploys (see the module's rules); never raises.

    ``chart_dir`` is a chart directory (or a packaged ``.tgz``);
    ``values_files`` and ``set_values`` are ``helm template``'s ``--values``
    and ``--set``, with Helm's precedence (files in order, then each
    ``--set``). A chart vendored in another chart's ``charts/``, or one an
    enclosing chart deploys as its ``file://`` dependency, is rendered as part of
    that chart, not alone: scanned directly, it has no occurrences; one the
    enclosing chart leaves off is rendered with that chart's ``global`` values.
    ``defaults`` are values under the user's (what a chart that takes this one in as a
    dependency gives it: see ``.._charts_alone``).
    """
    directory = os.fspath(chart_dir)
    if os.path.isdir(directory) and is_subchart(directory):
        return Scan((), ())
    parent = enclosing_parent(directory, max_bytes=max_bytes) if os.path.isdir(directory) else None
    if parent is not None and parent.deploys:
        return Scan((), ())  # (the parent's render reads it, as a subchart under charts/)
    values, errors = user_values(values_files, set_values, max_bytes=max_bytes)
    if defaults:
        values = merge_maps(defaults, values)
    if parent is not None:
        # (the user's values win over the parent's globals, as `--set global.x` wins in Helm)
        values = merge_maps(parent.globals, values)
    try:
        chart = load_chart(directory, max_bytes=max_bytes)
    except ChartError as error:
        if not os.path.lexists(os.path.join(directory, _CHART)) and os.path.isdir(directory):
            message = "no Chart.yaml: not a Helm chart"
            return Scan((), (*errors, SourceError(os.path.join(directory, _CHART), None, message)))
        return Scan((), (*errors, error.source_error()))
    except RecursionError:
        return Scan((), (*errors, SourceError(directory, None, "the chart is nested too deeply")))
    errors.extend(_warnings(chart))
    # (a dependency that `helm dependency build` would fetch, kept in this repository)
    missing = fetch_missing(chart, max_bytes, values)
    try:
        occurrences, render_errors = render_images(
            chart, values, release_name=release_name, namespace=namespace
        )
    except RecursionError:
        return Scan((), (*errors, SourceError(directory, None, "the chart is nested too deeply")))
    errors.extend(report_missing(chart, missing, render_errors))
    return Scan(tuple(occurrences), tuple(errors))


def _warnings(chart: object) -> list[SourceError]:
    found: list[SourceError] = []
    stack = [chart]
    while stack:
        current = stack.pop()
        found.extend(getattr(current, "warnings", []))
        stack.extend(getattr(current, "dependencies", []))
    return found
