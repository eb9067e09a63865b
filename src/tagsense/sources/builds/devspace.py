"""DevSpace: the images a ``devspace.yaml`` builds, and the images its dev mode runs.

`DevSpace <https://www.devspace.sh/docs/configuration/images/>`_ reads ``devspace.yaml``
(:data:`~tagsense.sources.discover.DEVSPACE_FILE_NAME`) and, on ``devspace dev``, ``deploy``
or ``build``:

* builds each of ``images`` (``images.NAME.image``, the name; ``dockerfile``, by default
  ``./Dockerfile``; ``context``, by default ``./``; ``buildArgs``; ``target``), and replaces
  that name in the manifests and Helm values it deploys with the tag it built ("image tag
  replacement"). Each name is a :class:`~tagsense.sources.project.BuiltImage` at its line,
  tool ``devspace``: wherever the project names it, it is a build output, not a pull
  (loft-sh/devspace's examples deploy ``image: yourusername/devspace``, which their
  ``devspace.yaml`` builds). Each Dockerfile is fed as the build configures it;
* in dev mode, swaps ``dev.NAME.devImage`` (``v2beta1``; also a ``containers`` entry's) or
  ``dev.replacePods[].replaceImage`` (``v1beta11``) into the container it selects: an image it
  pulls, an :class:`~tagsense.sources.Occurrence` of kind ``devspace`` at its value, unless it
  names an image DevSpace builds (``${runtime.images.KEY}``, ``image(KEY)``).

``${NAME}`` (and ``$NAME``) is one of ``vars`` (a map of values or of ``{value|default: …}``
in ``v2beta1``, a list of ``{name, value|default}`` before; one a command gives is the run's);
any other is the run's (DevSpace asks for it, or takes it from the environment). A built name
with such a part is kept as the shell's readers keep one (:func:`~.shell.name_pattern`); a
pull with one is unresolved, by the names it needs. Only a file with DevSpace's ``version``
(``v1beta…`` or ``v2beta…``) is read; other errors are the YAML's own.
"""

from __future__ import annotations

import os

from ..._lazy import lazy_pattern
from ...occurrence import BuildSite, Occurrence, Scan
from .._yaml import get, is_true, items, sequence, value_position
from ..kubernetes import node_kind, string_value
from ..project import BuildConfig, BuildFile, BuiltImage, ChartRelease
from ._common import MAX_BYTES, is_remote, join
from ._shell_values import UNKNOWN, name_pattern
from ._yaml_tool import first_mapping, read_tool_file

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Iterator, Mapping

    import yaml

__all__ = ["KIND", "TOOL", "read_devspace", "scan_devspace"]

#: The ``tool`` of the sites of the images DevSpace builds.
TOOL = "devspace"
#: The ``kind`` of the occurrences of the images its dev mode runs.
KIND = "devspace"

#: DevSpace's configuration versions (``v1beta1`` … ``v1beta11``, ``v2beta1``).
_VERSION = lazy_pattern(r"v[12]beta\d+")
#: A variable where DevSpace fills one in: ``${NAME}``, ``$NAME``, ``$!{NAME}`` (a command's).
_VARIABLE = lazy_pattern(r"\$!?\{([A-Za-z_][A-Za-z0-9_.-]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")


def read_devspace(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """What the DevSpace configuration at ``path`` builds and pulls (never raises)."""
    return read_tool_file(path, max_bytes, scan_devspace)


def scan_devspace(text: str, *, path: str | None = None, max_bytes: int = MAX_BYTES) -> BuildFile:
    """:func:`read_devspace` of a file's text.

    >>> found = scan_devspace("version: v2beta1\\nimages:\\n  api:\\n    image: acme/api\\n")
    >>> [(b.name, b.site.line) for b in found.built], [c.dockerfile for c in found.builds]
    ([('acme/api', 4)], ['Dockerfile'])
    """
    document, errors, suppressions = first_mapping(text, path, max_bytes)
    fields = {key: value for key, value, _ in items(document)}
    version = string_value(fields.get("version"))
    if version is None or not _VERSION.fullmatch(version):
        return BuildFile(scan=Scan((), errors, suppressions), path=path)
    known = _variables(fields.get("vars"))
    base = os.path.dirname(path) if path is not None else ""
    built: list[BuiltImage] = []
    builds: list[BuildConfig] = []
    keys: set[str] = set()
    for name, entry in _entries(fields.get("images")):
        image = entry.get("image")
        written = string_value(image) if image is not None else None
        if image is None or not written:
            continue
        keys.add(name)
        rendered = _render(written, known)
        site = BuildSite(TOOL, path, value_position(image)[0])
        pattern = name_pattern(rendered)
        if pattern is not None:
            built.append(BuiltImage(pattern, site))
        build = _build(entry, name, rendered, site, base, known)
        if build is not None:
            builds.append(build)
    pulled = list(_dev_images(fields.get("dev"), known, keys, path))
    built_names = {b.tags[0]: b.name for b in builds if b.tags}
    charts: list[ChartRelease] = []
    for name, helm in _helm_deployments(fields.get("deployments")):
        if is_true(helm.get("componentChart")):
            pulled.extend(_component_images(helm.get("values"), name, known, path))
            continue
        release = _release(name, helm, built_names, base, known, path)
        if release is not None:
            charts.append(release)
    return BuildFile(
        builds=builds, built=dict.fromkeys(built), scan=Scan(pulled, errors, suppressions),
        path=path, charts=charts,
    )  # fmt: skip


def _helm_deployments(
    node: yaml.Node | None,
) -> Iterator[tuple[str, Mapping[str, yaml.Node]]]:
    """The Helm deployments: a list of ``{name, helm}`` (``v1beta*``) or a mapping of them by
    name (``v2beta1``)."""
    entries: list[tuple[str, Mapping[str, yaml.Node]]] = []
    if node_kind(node) == "mapping":
        entries = list(_entries(node))
    else:
        for item in sequence(node):
            named = {key: value for key, value, _ in items(item)}
            entries.append((string_value(named.get("name")) or "", named))
    for name, fields in entries:
        helm = fields.get("helm")
        if node_kind(helm) == "mapping":
            yield name, {key: value for key, value, _ in items(helm)}


def _release(
    name: str,
    helm: Mapping[str, yaml.Node],
    built: Mapping[str, str],
    base: str,
    known: Mapping[str, str],
    path: str | None,
) -> ChartRelease | None:
    """A local chart's release, with the values DevSpace gives it (``values``, each leaf a
    ``--set``; ``image(NAME)`` and ``tag(NAME)`` of an image it builds are that image's
    name and a tag only the build knows); a chart from a repository is not fetched."""
    chart = {key: value for key, value, _ in items(helm.get("chart"))}
    if chart.get("repo") is not None:
        return None
    written = _text(chart.get("path") or chart.get("name"), known)
    if not written or UNKNOWN in written or is_remote(written):
        return None
    directory = join(base, written)
    if not os.path.isfile(os.path.join(directory, "Chart.yaml")):
        return None  # (a chart of a repository, by its name)
    values_files = []
    for item in sequence(helm.get("valuesFiles")):
        text = _text(item, known)
        if text and UNKNOWN not in text:
            values_files.append(join(base, text))
    sets = []
    for key, value in _leaves(helm.get("values")):
        text = _filled(_render(value, known), built)
        if UNKNOWN not in text:
            sets.append(f"{key}={text}")
    written_at = chart.get("path") or chart.get("name")
    line = value_position(written_at)[0] if written_at is not None else 0
    return ChartRelease(
        site=BuildSite(TOOL, path, line), name=name, chart=directory,
        values_files=values_files, set_values=sets,
    )  # fmt: skip


#: DevSpace's runtime functions of an image it builds, in values (``image(NAME)``).
_FUNCTION = lazy_pattern(r"\b(image|tag)\(([^()\s]+)\)")


def _filled(text: str, built: Mapping[str, str]) -> str:
    """``image(NAME)`` as the image's name, ``tag(NAME)`` as ``latest`` (the build's)."""

    def fill(match: re.Match[str]) -> str:
        image = (
            match[2]
            if match[2] in built
            else next((each for each, name in built.items() if name == match[2]), None)
        )
        if image is None:
            return UNKNOWN
        return image if match[1] == "image" else "latest"

    return _FUNCTION.sub(fill, text)


def _leaves(node: yaml.Node | None, prefix: str = "") -> Iterator[tuple[str, str]]:
    """A values mapping's scalar leaves as ``--set`` keys (``a.b``); lists are left out."""
    for key, value, _ in items(node):
        dotted = f"{prefix}.{key}" if prefix else key
        kind = node_kind(value)
        if kind == "mapping":
            yield from _leaves(value, dotted)
        elif kind == "scalar" and (text := string_value(value)) is not None:
            yield dotted, text


def _component_images(
    values: yaml.Node | None, name: str, known: Mapping[str, str], path: str | None
) -> Iterator[Occurrence]:
    """The images DevSpace's component chart runs (``values.containers[].image``, also
    ``initContainers``), each at its value."""
    for section in ("containers", "initContainers"):
        nodes = [
            (f"{section}.image", get(item, "image")) for item in sequence(get(values, section))
        ]
        yield from _pulls(nodes, known, set(), {"deployment": name}, path)


def _build(
    entry: Mapping[str, yaml.Node],
    name: str,
    image: str,
    site: BuildSite,
    base: str,
    known: Mapping[str, str],
) -> BuildConfig | None:
    """The Dockerfile build of an image, unless another builder (``custom``) makes it."""
    if "custom" in entry:
        return None  # (a command of the project's: what it builds is its own)
    context = _text(entry.get("context"), known) or "./"
    dockerfile = _text(entry.get("dockerfile"), known) or "./Dockerfile"
    if UNKNOWN in context or UNKNOWN in dockerfile:
        return None
    args: dict[str, str] = {}
    for key, value, _ in items(entry.get("buildArgs")):
        text = _text(value, known)
        if text is not None and UNKNOWN not in text:
            args[key] = text
    target = _text(entry.get("target"), known)
    tags = (image,) if UNKNOWN not in image else ()
    return BuildConfig(
        site=site,
        name=name,
        context=join(base, context),
        dockerfile=join(base, dockerfile),
        args=args,
        target=target if target and UNKNOWN not in target else None,
        tags=tags,
    )


def _dev_images(
    dev: yaml.Node | None, known: Mapping[str, str], keys: set[str], path: str | None
) -> Iterator[Occurrence]:
    """The images dev mode swaps into the containers it selects (``dev.NAME.devImage`` and
    each of its ``containers``', ``dev.replacePods[].replaceImage``), at their values; not
    one that names an image DevSpace builds."""
    for name, entry in _entries(dev):
        nodes = [("devImage", entry.get("devImage"))]
        nodes.extend(
            ("devImage", each.get("devImage")) for _, each in _entries(entry.get("containers"))
        )
        yield from _pulls(nodes, known, keys, {"dev": name}, path)
    for key, value, _ in items(dev):
        if key == "replacePods":
            for item in sequence(value):
                yield from _pulls(
                    [("replaceImage", get(item, "replaceImage"))], known, keys, {}, path
                )


def _pulls(
    nodes: list[tuple[str, yaml.Node | None]],
    known: Mapping[str, str],
    keys: set[str],
    context: Mapping[str, str],
    path: str | None,
) -> Iterator[Occurrence]:
    for field, node in nodes:
        written = string_value(node) if node is not None else None
        if node is None or not written or _names_a_build(written, keys):
            continue
        text, missing = _expand(written, known)
        line, column = value_position(node)
        yield Occurrence.of_text(
            path=path, line=line, column=column, kind=KIND, raw=written,
            text=written if missing else text, unresolved=missing,
            context={**context, "field": field},
        )  # fmt: skip


def _names_a_build(written: str, keys: set[str]) -> bool:
    """``${runtime.images.KEY}`` (``.image``, ``.tag``) or ``image(KEY)``: an image DevSpace
    builds."""
    names = (match[1] or match[2] or "" for match in _VARIABLE.finditer(written))
    return any(name.startswith("runtime.images.") for name in names) or any(
        written.strip() == f"image({key})" for key in keys
    )


def _entries(node: yaml.Node | None) -> Iterator[tuple[str, Mapping[str, yaml.Node]]]:
    """The named mappings of a mapping (``images``, ``dev``)."""
    for key, value, _ in items(node):
        if node_kind(value) == "mapping":
            yield key, {inner: each for inner, each, _ in items(value)}


def _variables(node: yaml.Node | None) -> dict[str, str]:
    """The values ``vars`` gives: ``NAME: value`` or ``NAME: {value|default: …}``
    (``v2beta1``), or a list of ``{name, value|default}`` (before); one that a command or the
    user gives is left out."""
    entries: list[tuple[str | None, yaml.Node]] = [(key, value) for key, value, _ in items(node)]
    entries += [(None, item) for item in sequence(node)]
    known: dict[str, str] = {}
    for key, value in entries:
        if node_kind(value) == "mapping":
            fields = {inner: each for inner, each, _ in items(value)}
            if "command" in fields or "commands" in fields:
                continue
            key = key if key is not None else string_value(fields.get("name"))
            chosen = fields.get("value", fields.get("default"))
            text = string_value(chosen) if chosen is not None else None
        else:
            text = string_value(value)
        if key and text is not None and "$" not in text:
            known[key] = text
    return known


def _text(node: yaml.Node | None, known: Mapping[str, str]) -> str | None:
    text = string_value(node) if node is not None else None
    return None if text is None else _render(text, known)


def _render(text: str, known: Mapping[str, str]) -> str:
    """``text`` with the variables the file gives filled in, any other a run's part."""
    return _expand(text, known)[0]


def _expand(text: str, known: Mapping[str, str]) -> tuple[str, tuple[str, ...]]:
    """``text`` with the variables the file gives filled in, each other one
    :data:`~.shell.UNKNOWN`; and the names of those."""
    missing: list[str] = []

    def fill(match: re.Match[str]) -> str:
        name = match[1] or match[2]
        if name in known:
            return known[name]
        missing.append(name)
        return UNKNOWN

    return _VARIABLE.sub(fill, text), tuple(dict.fromkeys(missing))
