"""Skaffold's Helm releases: a chart rendered with the values Skaffold sets, its images in place.

Skaffold renders and deploys a local chart (``manifests.helm.releases[]``, and
``deploy.helm.releases[]`` in every schema) with ``helm`` arguments of its own
(``pkg/skaffold/helm/args.go``, ``ConstructOverrideArgs``):

* ``valuesFiles`` (``-f``, relative to the Skaffold file, as ``chartPath`` is);
* ``setValues`` (``--set``, sorted by key), then ``setValueTemplates`` (``--set``,
  sorted by key), both flat maps (``image: {tag: x}`` is ``image.tag``). A
  template's ``{{.NAME}}`` parts are the environment's values and, for each
  image Skaffold builds, ``IMAGE_REPO_<image>``, ``IMAGE_TAG_<image>``,
  ``IMAGE_DIGEST_<image>``, ``IMAGE_FULLY_QUALIFIED_<image>``,
  ``IMAGE_DOMAIN_<image>`` and ``IMAGE_REPO_NO_DOMAIN_<image>`` (the image's name
  with ``.``, ``-``, ``/`` and ``:`` made ``_``); a trailing ``@`` is dropped,
  as Skaffold drops it;
* up to ``skaffold/v2beta29``, ``artifactOverrides`` (``values`` in the schemas
  before it): key → an image Skaffold builds, the whole reference at the key,
  or with ``imageStrategy.helm`` its ``KEY.repository`` and ``KEY.tag`` (and
  ``KEY.registry`` with ``explicitRegistry``), as Skaffold's upgrade to v3
  writes them (``pkg/skaffold/schema/v2beta29/upgrade.go``).

The tag and digest Skaffold builds are known only when it builds: here the
image is its name (``IMAGE_TAG`` is ``latest``, ``IMAGE_DIGEST`` empty) and it
is a built name, judged for validity only. A value whose template needs
anything else (a function, a name nobody gives) is not set: the chart's own
value stays. Remote charts (``remoteChart``) are not fetched.
"""

from __future__ import annotations

from ...occurrence import BuildSite, SourceError
from ...reference import split_domain
from .._yaml import get, is_true, items, position, sequence, value_position
from ..kubernetes import is_null, node_kind, string_value
from ..project import ChartRelease
from ._common import directory_of, is_remote, join

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    import yaml

__all__ = ["image_variables", "read_release", "releases_of"]

#: The tag and digest of a built image, which only a build knows.
_TAG, _DIGEST = "latest", ""


def releases_of(document: yaml.Node) -> list[yaml.Node]:
    """The Helm releases of a configuration or a profile (``manifests`` and ``deploy``)."""
    found = []
    for section in ("manifests", "deploy"):
        helm = get(get(document, section), "helm")
        found += [node for node in sequence(get(helm, "releases")) if node_kind(node) == "mapping"]
    return found


def image_variables(images: Iterable[str]) -> dict[str, str]:
    """The template values Skaffold gives for the images it builds (``IMAGE_REPO_app``…)."""
    found: dict[str, str] = {}
    for image in images:
        domain, rest = split_domain(image)
        suffix = image.translate(_SANITIZE)
        values = {
            "IMAGE_NAME": image,
            "IMAGE_REPO": image,
            "IMAGE_TAG": _TAG,
            "IMAGE_DIGEST": _DIGEST,
            "IMAGE_FULLY_QUALIFIED": image,
            "DIGEST": image,
            "IMAGE_DOMAIN": domain,
            "IMAGE_REPO_NO_DOMAIN": rest,
        }
        for key, value in values.items():
            found.setdefault(f"{key}_{suffix}", value)
    return found


def read_release(
    path: str,
    node: yaml.Node,
    variables: Mapping[str, str],
    env: Mapping[str, str],
    errors: list[SourceError],
) -> ChartRelease | None:
    """One release of a local chart, with the values Skaffold sets (``None``: a remote one)."""
    from .skaffold import TOOL, expand_template

    chart_node = get(node, "chartPath")
    chart = string_value(chart_node)
    if chart_node is None or is_null(chart_node):
        return None  # a remoteChart
    if chart is None:
        errors.append(
            SourceError(path, value_position(chart_node)[0], "chartPath must be a string")
        )
        return None
    chart = expand_template(chart, env)
    if not chart or is_remote(chart):
        return None
    base = directory_of(path)
    values_files = []
    for item in sequence(get(node, "valuesFiles")):
        text = string_value(item)
        expanded = None if text is None else expand_template(text, env)
        if expanded:
            values_files.append(join(base, expanded))
    both = {**env, **variables}
    sets = _flat(get(node, "setValues"), env)
    sets += _flat(get(node, "setValueTemplates"), both)
    sets += _overrides(node, variables)
    name = string_value(get(node, "name")) or ""
    site = BuildSite(TOOL, path, position(node)[0])  # (the release's first line)
    return ChartRelease(
        site=site,
        name=name,
        chart=join(base, chart),
        values_files=values_files,
        set_values=[f"{key}={value}" for key, value in sets],
    )


def _flat(node: yaml.Node | None, values: Mapping[str, str]) -> list[tuple[str, str]]:
    """A flat map's ``--set`` pairs, sorted by key, each key and value a template over
    ``values`` (a pair whose template cannot be known is left out)."""
    from .skaffold import expand_template

    pairs: list[tuple[str, str]] = []
    for dotted, value, _ in _flat_nodes(node):
        if node_kind(value) != "scalar" or is_null(value):
            continue
        key = expand_template(dotted, values)
        expanded = expand_template(value.value, values)
        if key is not None and expanded is not None:
            pairs.append((key, expanded.removesuffix("@")))  # (Skaffold's trim, args.go)
    return sorted(pairs)


def _overrides(node: yaml.Node, variables: Mapping[str, str]) -> list[tuple[str, str]]:
    """``artifactOverrides`` (``values`` before), as Skaffold's upgrade to v3 turns them into
    set values: the image at the key, or its parts with ``imageStrategy.helm``."""
    overrides = get(node, "artifactOverrides")
    if overrides is None:
        overrides = get(node, "values")
    helm = get(get(node, "imageStrategy"), "helm")
    explicit = is_true(get(helm, "explicitRegistry"))
    pairs: list[tuple[str, str]] = []
    for key, value, _ in _flat_nodes(overrides):
        image = string_value(value)
        suffix = image.translate(_SANITIZE) if image else ""
        if not image or f"IMAGE_REPO_{suffix}" not in variables:
            continue  # (an image Skaffold does not build: nothing to put there)
        if helm is None:
            pairs.append((key, variables[f"IMAGE_FULLY_QUALIFIED_{suffix}"]))
            continue
        pairs.append((f"{key}.tag", variables[f"IMAGE_TAG_{suffix}"]))
        if explicit:
            pairs.append((f"{key}.registry", variables[f"IMAGE_DOMAIN_{suffix}"]))
            pairs.append((f"{key}.repository", variables[f"IMAGE_REPO_NO_DOMAIN_{suffix}"]))
        else:
            pairs.append((f"{key}.repository", variables[f"IMAGE_REPO_{suffix}"]))
    return sorted(pairs)


def _flat_nodes(node: yaml.Node | None) -> list[tuple[str, yaml.Node, str]]:
    """A flat map's leaves: (dotted key, value node, key)."""
    found = []
    stack: list[tuple[str, yaml.Node | None]] = [("", node)]
    while stack:
        prefix, current = stack.pop()
        for key, value, _ in items(current):
            dotted = f"{prefix}.{key}" if prefix else key
            if node_kind(value) == "mapping":
                stack.append((dotted, value))
            else:
                found.append((dotted, value, key))
    return found


#: What Skaffold makes ``_`` in an image's name to use it in a template name.
_SANITIZE = str.maketrans({".": "_", "-": "_", "/": "_", ":": "_"})
