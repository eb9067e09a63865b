"""The baseline of ``bench_helm.py``: tagsense's Helm source before charts were rendered.

It read ``Chart.yaml`` and ``values.yaml`` and guessed image blocks by
convention (kept here, unchanged but for its imports, as the cost to beat:
"reading the values files", issue #13). Its own documentation follows.

Helm charts: the images a chart's default values name, composed as its templates do.

A chart's templates are Go templates, not YAML, and the images they render
come from the values: :func:`scan_helm_chart` reads ``Chart.yaml`` (its
``name`` and ``appVersion``) and the default values, ``values.yaml`` (its
first document, as Helm reads it), and finds the *image blocks* in them, at
any depth, by the conventions charts follow (``helm create``'s scaffold,
Bitnami's ``common.images.image`` helper and the many charts that copy them):

* **A mapping with a** ``repository`` — ``{registry, repository, tag,
  digest}``, each but ``repository`` optional — that is the value of an
  *image key*, or that has a ``registry``, ``tag`` or ``digest`` of its own.
  An *image key* is ``image`` or any key ending in ``image``, case aside
  (``initImage``, ``sidecarImage``; not ``images`` or ``imagePullSecrets``).
  The value of an image key may name its repository ``name`` or ``image``
  instead (``image: {name: nginx, tag: "1.27"}``).
* **A string under an image key** — ``image: "nginx:1.27"`` — is a whole
  reference (the form of container lists in values: ``sidecars: [{name,
  image}]``).

The reference is composed as the templates compose it:
``registry/repository:tag@digest``, each separator only when its part is
given (not empty); this composition is ``raw``. When neither a tag nor a
digest is given, the templates fall back to the chart's ``appVersion``
(``{{ .Values.image.tag | default .Chart.AppVersion }}``): ``text`` then ends
in ``:<appVersion>`` and ``context["tag_from"]`` is ``"appVersion"``. A
``repository`` holding a URL (``://``) is not an image; a block that is not
under an image key and does not compose a valid reference is taken for
something else (a Git repository and its tag) and skipped.

Each :class:`~tagsense.sources.Occurrence` has ``kind="helm"``, ``path`` the
values file, the line and column where the text of the ``repository`` scalar
(or of ``name``/``image``, or of the string) starts, and ``context``: ``chart`` (its
name), ``key`` (the dotted path of the block or string in the values,
``server.sidecar.image``, ``extraContainers[0].image``) and ``tag_from``
when the tag came from ``appVersion``. Values are the scalars' text, as
written (an unquoted ``tag: 1.10`` stays ``1.10``).

Not read: the templates themselves, values given at install time, subcharts
(``charts/``: each is a chart of its own), ``global.imageRegistry``
overrides. A missing ``Chart.yaml`` is an error (the values are still read);
a chart without ``values.yaml`` has no images here. The function never raises.
"""

from __future__ import annotations

import os
from pathlib import Path

from tagsense.occurrence import Scan, SourceError, parse_or_error
from tagsense.sources._yaml import MAX_BYTES, YamlFile, get, items, load_yaml, scalar
from tagsense.sources.kubernetes import (
    Found,
    dotted,
    is_null,
    make_occurrence,
    merge_bomb,
    merge_bomb_message,
    node_kind,
    read_file,
    string_value,
    text_position,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

    from tagsense.occurrence import Occurrence

__all__ = ["KIND", "is_helm_chart", "scan_helm_chart"]

#: The ``kind`` of the occurrences found in Helm values.
KIND = "helm"

_CHART = "Chart.yaml"
_VALUES = "values.yaml"
_BLOCK_PARTS = ("registry", "tag", "digest")


def is_helm_chart(directory: str | os.PathLike[str]) -> bool:
    """Whether a directory holds a chart with default values (``Chart.yaml``, ``values.yaml``)."""
    path = Path(directory)
    return (path / _CHART).is_file() and (path / _VALUES).is_file()


def scan_helm_chart(chart_dir: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> Scan:
    """Find the image references in a chart's default values (see the module's rules)."""
    directory = os.fspath(chart_dir)
    errors: list[SourceError] = []
    chart_path = os.path.join(directory, _CHART)
    chart = _load(chart_path, max_bytes, errors)
    if chart is None:
        if not errors:
            errors.append(SourceError(chart_path, None, "no Chart.yaml: not a Helm chart"))
        name, app_version = None, None
    else:
        name, app_version = _chart_facts(chart)
        errors.extend(chart.errors)
    values_path = os.path.join(directory, _VALUES)
    values = _load(values_path, max_bytes, errors)
    occurrences: list[Occurrence] = []
    if values is not None:
        walker = _Values(values, name, app_version)
        walker.walk_file()
        errors.extend(values.errors)
        occurrences = walker.occurrences(values_path)
    return Scan(tuple(occurrences), tuple(errors))


def _load(path: str, max_bytes: int, errors: list[SourceError]) -> YamlFile | None:
    """The parsed file; None when it does not exist or cannot be read (an error)."""
    if not os.path.lexists(path):
        return None
    data = read_file(path, max_bytes)
    if isinstance(data, SourceError):
        errors.append(data)
        return None
    return load_yaml(data, path=path, max_bytes=max_bytes)


def _chart_facts(chart: YamlFile) -> tuple[str | None, str | None]:
    """The chart's name and ``appVersion`` (as written), when given."""
    if not chart.documents:
        return None, None
    document = chart.documents[0]
    if node_kind(document) != "mapping":
        chart.error(document, "Chart.yaml must be a mapping")
        return None, None
    bomb = merge_bomb(document)
    if bomb is not None:
        chart.error(bomb, merge_bomb_message())
        return None, None
    return string_value(get(document, "name")), _text(get(document, "appVersion")) or None


def _is_image_key(key: str | None) -> bool:
    return key is not None and key.lower().endswith("image")


class _Values:
    """One walk over the values; each collection node is visited once."""

    def __init__(self, file: YamlFile, chart: str | None, app_version: str | None) -> None:
        self.file = file
        self.chart = chart
        self.app_version = app_version
        self.seen: set[int] = set()
        self.found: list[tuple[Found, str, str]] = []  # (where, raw, text)

    def walk_file(self) -> None:
        if not self.file.documents:
            return
        document = self.file.documents[0]
        if is_null(document):
            return
        if node_kind(document) != "mapping":
            self.file.error(document, "values.yaml must be a mapping")
            return
        bomb = merge_bomb(document)
        if bomb is not None:
            self.file.error(bomb, merge_bomb_message())
            return
        self.walk(document, (), None)

    def occurrences(self, path: str) -> list[Occurrence]:
        self.found.sort(key=lambda entry: text_position(entry[0].node))
        return [
            make_occurrence(path, found, text, kind=KIND, raw=raw)
            for found, raw, text in self.found
        ]

    def walk(self, root: yaml.Node, keys: tuple[str, ...], parent: str | None) -> None:
        # Depth first, in document order, without recursion (nesting may be 1,000 deep).
        stack: list[tuple[yaml.Node, tuple[str, ...], str | None]] = [(root, keys, parent)]
        while stack:
            node, keys, parent = stack.pop()
            if id(node) in self.seen:
                continue
            self.seen.add(id(node))
            kind = node_kind(node)
            children: list[tuple[yaml.Node, tuple[str, ...], str | None]] = []
            if kind == "sequence":
                for index, item in enumerate(node.value):
                    children.append((item, (*keys, f"[{index}]"), parent))
            elif kind == "mapping" and not self.block(node, keys, parent):
                for key, value, _ in items(node):
                    if _is_image_key(key) and node_kind(value) == "scalar":
                        self.string(value, (*keys, key))
                    else:
                        children.append((value, (*keys, key), key))
            stack.extend(reversed(children))

    def string(self, node: yaml.Node, keys: tuple[str, ...]) -> None:
        text = string_value(node)
        if text:
            self.add(node, keys, text, text, None)

    def block(self, node: yaml.Node, keys: tuple[str, ...], parent: str | None) -> bool:
        """Record the image block ``node`` is, if it is one."""
        under_image_key = _is_image_key(parent)
        named = _repository(node, under_image_key)
        if named is None:
            return False
        repository_node, repository = named
        parts = {part: _text(get(node, part)) for part in _BLOCK_PARTS}
        if not under_image_key and not any(get(node, part) is not None for part in _BLOCK_PARTS):
            return False
        raw = repository
        if parts["registry"]:
            raw = f"{parts['registry']}/{raw}"
        if parts["tag"]:
            raw = f"{raw}:{parts['tag']}"
        if parts["digest"]:
            raw = f"{raw}@{parts['digest']}"
        text = raw
        tag_from = None
        if not parts["tag"] and not parts["digest"] and self.app_version:
            text = f"{raw}:{self.app_version}"
            tag_from = "appVersion"
        if not under_image_key and parse_or_error(text)[0] is None:
            return False
        self.add(repository_node, keys, raw, text, tag_from)
        return True

    def add(
        self, node: yaml.Node, keys: tuple[str, ...], raw: str, text: str, tag_from: str | None
    ) -> None:
        context: dict[str, object] = {}
        if self.chart is not None:
            context["chart"] = self.chart
        context["key"] = dotted(keys)
        if tag_from is not None:
            context["tag_from"] = tag_from
        self.found.append((Found(node, raw, keys, context), raw, text))


def _repository(node: yaml.Node, under_image_key: bool) -> tuple[yaml.Node, str] | None:
    """The node and text of a block's repository, if it has one."""
    for field in ("repository", "name", "image") if under_image_key else ("repository",):
        value = get(node, field)
        text = string_value(value)
        if value is not None and text and "://" not in text:
            return value, text
    return None


def _text(node: yaml.Node | None) -> str:
    """The text of a scalar (numbers as written); empty for null and collections."""
    if is_null(node) or node_kind(node) != "scalar":
        return ""
    return scalar(node) or ""
