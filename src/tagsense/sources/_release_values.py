"""The images that a GitOps release's values name for a chart kept elsewhere.

A Flux ``HelmRelease`` or an Argo CD ``Application`` deploys a chart from a
chart repository (or an OCI registry) with values written in the repository.
The chart is not here, so it cannot be rendered (see :mod:`.helm`): only the
values say which images it will run. They are read by the convention most
charts follow (``helm create``'s scaffold, Bitnami's, bjw-s's app-template),
and only where the values settle the image whole:

* an **image block**: a mapping under an *image key* (``image``, or a key
  ending in ``Image``: ``initImage``) with a ``repository`` and a ``tag`` or a
  ``digest`` (and optionally a ``registry``), composed as the templates compose
  it: ``[registry/]repository[:tag][@digest]``; it points at its ``tag`` (else
  its ``digest``);
* an **image string** under an image key that names a tag or a digest
  (``image: nginx:1.27``);
* the same in a **pod spec written as YAML in a string** of the values (a literal
  block ``|`` that is a mapping with ``containers`` or ``initContainers``: the
  pod templates a CI runner's chart gives the pods it starts for jobs, as
  bjw-s-labs/home-ops' forgejo runner's ``podSpecs``), at their lines;
* the ``gitlab-runner`` chart's ``runners.config``: GitLab Runner's
  ``config.toml``, whose executors' images are read (see ``._runner_config``).

A ``repository`` without a tag or digest is not read: the chart supplies the
tag (most often its ``appVersion``), and it is not known here. Nor is a
``repository`` without a registry, in a block without one (``forgejo/forgejo``):
many charts put their own default registry before it (forgejo's chart pulls
``code.forgejo.org/forgejo/forgejo``). bjw-s's ``app-template``, the chart of
most home-lab fleets, has none (its image is ``repository:tag``), so there such
a block is read (``freshrss/freshrss``); the chart is known by its name, or by
the ``url`` of the ``OCIRepository`` a Flux release names (in its file or a file
beside it), else by that repository's own name. A block or
string whose text is a Go template (``{{ … }}``, which some charts ``tpl``), a
URL, or whose composition is not a valid reference is not read either: it may
mean something else to the chart. A substitution's ``${VAR}`` (Flux's
``postBuild.substitute``) is filled in as in a manifest. Images under a pod
template of the values (``template.spec.containers``) are the manifest's
(kind ``kubernetes``) and are not read twice.

Which releases (a chart in this repository is out of scope; it is not read):

* Flux ``HelmRelease`` (``helm.toolkit.fluxcd.io``): ``spec.values`` when the
  chart comes from a ``HelmRepository`` (``spec.chart.spec.sourceRef``) or an
  ``OCIRepository`` (``spec.chartRef``), and no post-renderer changes images;
* Argo CD ``Application`` (``argoproj.io``): each source of ``spec.source``
  and ``spec.sources`` that names a ``chart`` (a chart repository's), its
  ``helm.valuesObject`` and its ``helm.values`` (YAML in a string, read at its
  lines when it is a literal block ``|``); and the same in an
  ``ApplicationSet``'s ``spec.template``.
"""

from __future__ import annotations

import os

from ..occurrence import parse_or_error
from ..reference import split_domain
from ._yaml import YamlFile, items, literal_line_position, load_yaml, place_inline, scalar
from .kubernetes import (
    Context,
    Found,
    dotted,
    expands_safely,
    is_null,
    node_kind,
    string_value,
    substitute_variables,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    import yaml

__all__ = ["KIND", "RELEASE_KINDS", "release_images", "values_images"]

#: The ``kind`` of the occurrences found in a release's values.
KIND = "helm-values"

#: (API group, kind) of the objects whose values are read.
RELEASE_KINDS = frozenset(
    {
        ("helm.toolkit.fluxcd.io", "HelmRelease"),
        ("argoproj.io", "Application"),
        ("argoproj.io", "ApplicationSet"),
    }
)


def release_images(
    file: YamlFile,
    get: Callable[[yaml.Node | None, str], yaml.Node | None],
    node: yaml.Node,
    group: str,
    kind: str,
    context: dict[str, object],
    skip: set[int],
) -> list[Found]:
    """The images the values of the release ``node`` name (``skip``: scalars already read)."""
    reader = _Reader(file, get, context, skip)
    if group == "helm.toolkit.fluxcd.io":
        reader.flux(node)
    elif kind == "Application":
        reader.argo(get(node, "spec"), ("spec",))
    else:
        template = get(get(node, "spec"), "template")
        reader.argo(get(template, "spec"), ("spec", "template", "spec"))
    return reader.found


def values_images(
    file: YamlFile,
    node: yaml.Node,
    path: tuple[str, ...],
    context: dict[str, object],
    chart: str,
) -> list[Found]:
    """The images a values map for the repository's chart ``chart`` names, read as a
    release's (a helmfile release's inline values: see ``.builds.helmfile``)."""
    reader = _Reader(file, _plain_get, context, set())
    reader.chart = chart
    reader.registry_free = chart in REGISTRY_FREE_CHARTS
    reader.values(node, path, context)
    return reader.found


#: Charts whose image blocks have no registry of their own: what the values say is what is
#: pulled (bjw-s's app-template renders ``repository:tag``).
REGISTRY_FREE_CHARTS = frozenset({"app-template"})


def _oci_chart(path: str | None, name: str) -> str:
    """The chart an ``OCIRepository`` named ``name`` holds, by the last part of its ``url``,
    when the file at ``path`` or a YAML file beside it defines it; else ``name``."""
    import yaml

    if not path or not os.path.isfile(path):
        return name  # (text given without a file: nothing beside it)
    directory = os.path.dirname(path)
    try:
        names = sorted(os.listdir(directory or os.curdir))
    except OSError:
        names = []
    for entry in names:
        if not entry.endswith((".yaml", ".yml")):
            continue
        try:
            with open(os.path.join(directory, entry), encoding="utf-8") as handle:
                text = handle.read(1 << 20)
            if "OCIRepository" not in text:
                continue
            documents = list(yaml.safe_load_all(text))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        for document in documents:
            if not isinstance(document, dict) or document.get("kind") != "OCIRepository":
                continue
            metadata, spec = document.get("metadata"), document.get("spec")
            if not isinstance(metadata, dict) or metadata.get("name") != name:
                continue
            url = spec.get("url") if isinstance(spec, dict) else None
            if isinstance(url, str) and url.rstrip("/"):
                return url.rstrip("/").rsplit("/", 1)[-1].partition(":")[0]
    return name


def _is_image_key(key: str) -> bool:
    return key == "image" or key.endswith("Image")


def _text(node: yaml.Node | None) -> str:
    """A scalar's text (a number as written); empty for null and collections."""
    if is_null(node) or node_kind(node) != "scalar":
        return ""
    return scalar(node) or ""


class _Reader:
    def __init__(
        self,
        file: YamlFile,
        get: Callable[[yaml.Node | None, str], yaml.Node | None],
        context: dict[str, object],
        skip: set[int],
    ) -> None:
        self.file = file
        #: The text of the file the release is written in (values in a string are read
        #: where their lines are in it).
        self.top_text = file.text
        #: The chart's name, when known (``gitlab-runner``: see :meth:`runner_config`).
        self.chart = ""
        self.get = get
        self.context = context
        self.skip = skip
        self.found: list[Found] = []
        #: Whether the values set a global image registry (``global.imageRegistry``).
        self.global_registry = False
        #: Whether the chart's image blocks have no registry of their own (see the module).
        self.registry_free = False

    # --- the releases -----------------------------------------------------------

    def flux(self, node: yaml.Node) -> None:
        spec = self.get(node, "spec")
        context = dict(self.context)
        chart_spec = self.get(self.get(spec, "chart"), "spec")
        chart_ref = self.get(spec, "chartRef")
        if chart_spec is not None:
            source = string_value(self.get(self.get(chart_spec, "sourceRef"), "kind"))
            chart = string_value(self.get(chart_spec, "chart"))
            if source != "HelmRepository" or not chart:
                return  # (a GitRepository or Bucket: a chart in a repository, maybe this one)
            context["chart"] = chart
            self.chart = chart
            self.registry_free = chart in REGISTRY_FREE_CHARTS
        elif chart_ref is not None:
            ref_kind = string_value(self.get(chart_ref, "kind"))
            name = string_value(self.get(chart_ref, "name"))
            if ref_kind != "OCIRepository" or not name:
                return  # (a HelmChart: its source may be this repository)
            context["chart_ref"] = f"{ref_kind}/{name}"
            self.chart = _oci_chart(self.file.path, name)
            self.registry_free = self.chart in REGISTRY_FREE_CHARTS
        else:
            return
        for renderer in self.sequence(self.get(spec, "postRenderers")):
            if self.get(self.get(renderer, "kustomize"), "images") is not None:
                return  # (the rendered images are changed after the values)
        values = self.get(spec, "values")
        self.values(values, ("spec", "values"), {**context, "tool": "flux"})

    def argo(self, spec: yaml.Node | None, path: tuple[str, ...]) -> None:
        if spec is None:
            return
        sources: list[tuple[yaml.Node, tuple[str, ...]]] = []
        single = self.get(spec, "source")
        if node_kind(single) == "mapping" and single is not None:
            sources.append((single, (*path, "source")))
        for index, item in enumerate(self.sequence(self.get(spec, "sources"))):
            sources.append((item, (*path, "sources", f"[{index}]")))
        for source, where in sources:
            chart = string_value(self.get(source, "chart"))
            if not chart or "{{" in chart:
                continue  # (a path in a Git repository: maybe this one)
            context: dict[str, object] = {**self.context, "tool": "argocd", "chart": chart}
            self.chart = chart
            self.registry_free = chart in REGISTRY_FREE_CHARTS
            helm = self.get(source, "helm")
            self.values(self.get(helm, "valuesObject"), (*where, "helm", "valuesObject"), context)
            text = self.get(helm, "values")
            if node_kind(text) == "scalar" and text is not None and _text(text).strip():
                self.values_text(text, (*where, "helm", "values"), context)

    def values_text(
        self, holder: yaml.Node, path: tuple[str, ...], where: dict[str, object]
    ) -> None:
        """Values written as YAML in a string, read where its lines are in the file."""
        style = getattr(holder, "style", None)
        one_line = "\n" not in _text(holder).rstrip("\n")
        if style != "|" and not (one_line and holder.start_mark.line == holder.end_mark.line):
            return  # (folded, or quoted over several lines: its lines are not the file's)
        parsed = load_yaml(_text(holder), path=self.file.path)
        if parsed.errors or len(parsed.documents) != 1:
            return  # (Argo CD's own error, or Helm's: not an image here)
        place_inline(parsed.documents, holder, self.file.text)
        reader = _Reader(parsed, _plain_get, where, self.skip)
        reader.registry_free, reader.chart = self.registry_free, self.chart
        reader.top_text = self.top_text
        reader.values(parsed.documents[0], path, where)
        self.found.extend(reader.found)

    def pod_spec_text(
        self, holder: yaml.Node, path: tuple[str, ...], where: dict[str, object]
    ) -> None:
        """A pod spec written as YAML in a string of the values (a CI runner chart's pod
        templates, which it hands to the pods it starts for jobs): its containers' images."""
        parsed = load_yaml(_text(holder), path=self.file.path)
        if parsed.errors or len(parsed.documents) != 1:
            return
        spec = parsed.documents[0]
        if node_kind(spec) != "mapping" or not any(
            node_kind(_plain_get(spec, key)) == "sequence" for key in _CONTAINER_LISTS
        ):
            return  # (some other text: a configuration the chart's application reads)
        self.values_text(holder, path, where)

    def sequence(self, node: yaml.Node | None) -> list[yaml.Node]:
        return list(node.value) if node_kind(node) == "sequence" and node is not None else []

    # --- the values -------------------------------------------------------------

    def values(
        self, root: yaml.Node | None, path: tuple[str, ...], context: dict[str, object]
    ) -> None:
        """The images of a values tree, depth first, in document order."""
        if root is None or node_kind(root) != "mapping":
            return
        field = dotted(path)
        global_ = self.get(root, "global")
        self.global_registry = any(
            _text(node)
            for node in (
                self.get(global_, "imageRegistry"),
                self.get(self.get(global_, "image"), "registry"),
            )
        )
        seen: set[int] = set()
        stack: list[tuple[yaml.Node, tuple[str, ...]]] = [(root, ())]
        while stack:
            node, keys = stack.pop()
            if id(node) in seen or len(keys) > 64:
                continue
            seen.add(id(node))
            kind = node_kind(node)
            children: list[tuple[yaml.Node, tuple[str, ...]]] = []
            if kind == "sequence":
                children = [(item, (*keys, f"[{i}]")) for i, item in enumerate(node.value)]
            elif kind == "mapping" and expands_safely(node, {}):
                for key, value, _ in items(node):
                    here = (*keys, key)
                    if _is_image_key(key):
                        where = {**context, "field": field}
                        if node_kind(value) == "scalar":
                            self.string(value, path, here, where)
                            continue
                        if self.block(value, path, here, where):
                            continue
                    elif _may_hold_pod_spec(value):
                        self.pod_spec_text(value, (*path, *here), context)
                        continue
                    children.append((value, here))
            stack.extend(reversed(children))
        if self.chart == "gitlab-runner":
            config = self.get(self.get(root, "runners"), "config")
            if config is not None and node_kind(config) == "scalar":
                self.runner_config(config, (*path, "runners", "config"), context)

    def runner_config(
        self, holder: yaml.Node, path: tuple[str, ...], context: dict[str, object]
    ) -> None:
        """The images of GitLab Runner's configuration (``config.toml``) that the
        ``gitlab-runner`` chart's ``runners.config`` gives, as a literal block: each runner's
        ``[runners.kubernetes]`` or ``[runners.docker]`` ``image`` (a job's default),
        ``helper_image`` and ``services``' ``name``, at their lines."""
        from ._runner_config import runner_config_images

        text = _text(holder)
        if getattr(holder, "style", None) != "|" or "{{" in text:
            return  # (the chart `tpl`s it: its values are the chart's to fill in)
        for index, column, image, key in runner_config_images(text):
            at = literal_line_position(holder, index, self.top_text)
            if at is None:
                return
            node = _scalar_at(image, at[0] - 1, at[1] - 1 + column)
            found = {**context, "field": dotted(path), "key": key}
            self.found.append(Found(node, image, path, found, image, (), None, KIND))

    def string(
        self, node: yaml.Node, path: tuple[str, ...], keys: tuple[str, ...], context: Context
    ) -> None:
        text = string_value(node)
        if not text or id(node) in self.skip or "{{" in text or "://" in text:
            return
        if "${" in text:
            text, unresolved = substitute_variables(text)
            if unresolved:
                return  # (it may be a repository alone, to which the chart adds a tag)
        reference, _ = parse_or_error(text)
        if reference is None or (reference.tag is None and reference.digest is None):
            return  # (a repository alone: the chart may add its tag)
        value = scalar(node) or ""
        found = {**context, "key": dotted(keys), "value": value}
        self.found.append(Found(node, value, (*path, *keys), found, text, (), None, KIND))

    def block(
        self, node: yaml.Node, path: tuple[str, ...], keys: tuple[str, ...], context: Context
    ) -> bool:
        """Record the image block ``node`` is; False when it is none (it is walked)."""
        if node_kind(node) != "mapping":
            return False
        repository = string_value(self.get(node, "repository"))
        if not repository or "://" in repository:
            return False
        registry_node = self.get(node, "registry")
        tag_node, digest_node = self.get(node, "tag"), self.get(node, "digest")
        registry, tag, digest = _text(registry_node), _text(tag_node), _text(digest_node)
        if not tag and not digest:
            return True  # (the chart gives the tag: not known here; nothing below is an image)
        if any("{{" in part for part in (registry, repository, tag, digest)):
            return True
        if self.global_registry:
            return True  # (a global registry overrides the block's in many charts)
        if not registry and not split_domain(repository)[0] and not self.registry_free:
            return True  # (the registry may be the chart's default: not known here)
        raw = f"{registry}/{repository}" if registry else repository
        if tag:
            raw += f":{tag}"
        if digest:
            raw += f"@{digest}"
        text, unresolved = substitute_variables(raw) if "${" in raw else (raw, ())
        if not unresolved and parse_or_error(text)[0] is None:
            return True  # (not an image the chart can pull as written: something else)
        target, name = (tag_node, "tag") if tag else (digest_node, "digest")
        assert target is not None
        found = {**context, "key": dotted((*keys, name)), "value": _text(target)}
        self.found.append(
            Found(target, raw, (*path, *keys, name), found, text, unresolved, None, KIND)
        )
        return True


#: The lists of containers of a pod spec.
_CONTAINER_LISTS = ("containers", "initContainers")


def _may_hold_pod_spec(node: yaml.Node) -> bool:
    """A quick look: a literal block (``|``) whose text has a list of containers with an
    image (the values' pod spec in a string: see :meth:`_Reader.pod_spec_text`)."""
    if node_kind(node) != "scalar" or getattr(node, "style", None) != "|":
        return False
    text = _text(node)
    return "image:" in text and ("containers:" in text or "Containers:" in text)


def _scalar_at(text: str, line: int, column: int) -> yaml.Node:
    """A plain scalar node of ``text`` at ``line`` and ``column`` (from 0) of the file."""
    import yaml

    start = yaml.Mark("", 0, line, column, None, 0)
    end = yaml.Mark("", 0, line, column + len(text), None, 0)
    return yaml.ScalarNode("tag:yaml.org,2002:str", text, start, end)


def _plain_get(node: yaml.Node | None, key: str) -> yaml.Node | None:
    for name, value, _ in items(node):
        if name == key:
            return value
    return None
