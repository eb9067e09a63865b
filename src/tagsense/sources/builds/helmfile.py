"""helmfile: the Helm releases a ``helmfile.yaml`` deploys, each chart with its values.

`helmfile <https://helmfile.readthedocs.io/>`_ reads ``helmfile.yaml`` (or
``helmfile.yaml.gotmpl``, else every ``helmfile.d/*.yaml``; another name with
``helmfile -f``: :func:`~tagsense.sources.discover.is_helmfile_path`) and, on
``helmfile apply`` or ``sync``, installs each of its ``releases``:

* a **local chart** (``chart: ../catalog/chart``, a directory with a ``Chart.yaml``,
  relative to the helmfile) is a :class:`~tagsense.sources.project.ChartRelease`: the
  chart is rendered as the release renders it (see :mod:`..helm`), with its ``values``
  files (a plain YAML file; a ``.gotmpl`` one, or one with ``{{ … }}``, is helmfile's
  template, whose result is known only when it runs: left out), each inline map of
  ``values`` (its scalar leaves, as ``--set``; lists are left out) and ``set``
  (``name``/``value``, ``name``/``values``). aws-containers/retail-store-sample-app's
  ``src/app/helmfile.yaml`` turns on the MySQL, DynamoDB Local, PostgreSQL, RabbitMQ and
  Redis images its charts leave off (``mysql: {create: true}``);
* a **chart of a repository** (``chart: bitnami/redis``, ``oci://…``) is not at hand: as
  for a Flux ``HelmRelease`` of a remote chart (see :mod:`.._release_values`), only its
  inline values say which images it runs, read where they settle the whole image (an
  image block with a registry, a tag; an image string with a tag), kind ``helm-values``.

A release with ``installed: false`` is not deployed. The file is a Go template before it
is YAML (always for ``.gotmpl``, and for any helmfile before v1): each ``{{ … }}`` is what
only a run knows (environment values, ``env``), so a line of actions alone is left out,
and a value with one is not read. ``helmfiles:`` names sub-helmfiles, read as helmfiles
of the project (:attr:`~tagsense.sources.project.BuildFile.named`). Nothing a helmfile
says is an error of tagsense's: helmfile reports its own.
"""

from __future__ import annotations

import os
import re

from ..._lazy import lazy_pattern
from ...occurrence import BuildSite, Scan
from .._yaml import get, items, load_yaml, scalar, sequence, value_position
from ..kubernetes import is_null, make_occurrence, node_kind, string_value
from ..project import BuildFile, ChartRelease
from ._common import MAX_BYTES, directory_of, is_remote, join, read_text
from ._yaml_tool import read_tool_file

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    import yaml

    from .._yaml import YamlFile
    from ..kubernetes import Found

__all__ = ["TOOL", "read_helmfile", "scan_helmfile"]

#: The ``tool`` of the sites of the releases.
TOOL = "helmfile"

#: A Go template action (``{{ … }}``, across lines too).
_ACTION = lazy_pattern(r"\{\{.*?\}\}", re.S)
#: What stands for an action's result in the YAML read (never a value read).
_MARK = "__helmfile_template__"


def read_helmfile(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The releases of the helmfile at ``path`` (never raises)."""
    return read_tool_file(path, max_bytes, scan_helmfile)


def scan_helmfile(text: str, *, path: str | None = None, max_bytes: int = MAX_BYTES) -> BuildFile:
    """:func:`read_helmfile` of a file's text.

    >>> found = scan_helmfile("releases:\\n- name: db\\n  chart: bitnami/redis\\n  values:\\n"
    ...                       "  - image: {registry: docker.io, repository: redis, tag: '7'}\\n")
    >>> [(o.text, o.line, o.kind) for o in found.scan.occurrences]
    [('docker.io/redis:7', 5, 'helm-values')]
    """
    base = directory_of(path) if path is not None else ""
    file = load_yaml(_without_templates(text), path=path, max_bytes=max_bytes)
    state: dict[str, object] = {}
    if "{{" in text:  # (its actions that print a state value, filled in: see ._helmfile_state)
        from ._helmfile_state import state_values

        state = state_values(file.documents, base)
        file = load_yaml(_without_templates(text, state), path=path, max_bytes=max_bytes)
    charts: list[ChartRelease] = []
    found: list[tuple[YamlFile, Found]] = []
    named: list[tuple[str, str]] = []
    for document in file.documents:
        for item in sequence(get(document, "helmfiles")):
            other = string_value(item) if node_kind(item) == "scalar" else None
            other = other or string_value(get(item, "path"))
            if other and _known(other) and not is_remote(other) and "*" not in other:
                named.append((join(base, other), TOOL))
        for index, release in enumerate(sequence(get(document, "releases"))):
            if node_kind(release) != "mapping" or _not_installed(get(release, "installed")):
                continue
            chart_node = get(release, "chart")
            chart = string_value(chart_node)
            if chart_node is None or not chart or not _known(chart):
                continue
            name = string_value(get(release, "name")) or ""
            name = name if _known(name) else ""  # (a name a template gives)
            directory = join(base, chart)
            if os.path.isfile(os.path.join(directory, "Chart.yaml")):
                site = BuildSite(TOOL, path, value_position(chart_node)[0])
                charts.append(_local(release, name, directory, base, site))
            elif not chart.startswith((".", "/")):  # (a path that is not here says nothing)
                found += _remote_images(file, release, index, name, chart, base, state)
    occurrences = [
        make_occurrence(where.path, each, each.text, extra=_templated(where, each, text, file))
        for where, each in found
        if _MARK not in each.text
    ]
    others = {where.path: where for where, _ in found if where is not file}
    suppressions = [*file.suppressions]
    for loaded in others.values():
        suppressions += loaded.suppressions  # (a comment in a values file covers its images)
    return BuildFile(
        scan=Scan(occurrences, (), suppressions), path=path, charts=charts, named=named,
        reads=[other for other in others if other is not None],
    )  # fmt: skip


def _templated(where: YamlFile, found: Found, text: str, file: YamlFile) -> dict[str, str]:
    """``{"template": "helmfile"}`` for an image on a line of a template action (a state
    value filled in): the file does not say it as such, and it cannot be rewritten there."""
    own = text if where is file else _original(where.path)
    line = value_position(found.node)[0]
    lines = own.splitlines()
    written = lines[line - 1] if 0 < line <= len(lines) else ""
    return {"template": TOOL} if "{{" in written else {}


def _original(path: str | None) -> str:
    text = read_text(path, MAX_BYTES) if path is not None else ""
    return text if isinstance(text, str) else ""


def _local(release: yaml.Node, name: str, chart: str, base: str, site: BuildSite) -> ChartRelease:
    """A local chart's release with the values helmfile gives it."""
    values_files: list[str] = []
    sets: list[str] = []
    for item in sequence(get(release, "values")):
        kind = node_kind(item)
        if kind == "scalar":
            written = string_value(item)
            if written and _known(written) and _plain_values_file(join(base, written)):
                values_files.append(join(base, written))
        elif kind == "mapping":
            sets += [f"{key}={set_escaped(value)}" for key, value in set_leaves(item, _known)]
    for item in sequence(get(release, "set")):
        key = string_value(get(item, "name"))
        if not key or not _known(key):
            continue
        value = get(item, "value")
        if value is not None and node_kind(value) == "scalar" and not is_null(value):
            text = scalar(value) or ""
            if _known(text):
                sets.append(f"{key}={set_escaped(text)}")
        listed = [scalar(each) or "" for each in sequence(get(item, "values"))]
        if listed and all(_known(each) for each in listed):
            sets.append(f"{key}={{{','.join(set_escaped(each) for each in listed)}}}")
    return ChartRelease(
        site=site, name=name, chart=chart, values_files=values_files, set_values=sets
    )


def _remote_images(
    file: YamlFile,
    release: yaml.Node,
    index: int,
    name: str,
    chart: str,
    base: str,
    state: dict[str, object],
) -> Iterator[tuple[YamlFile, Found]]:
    """The images the values of a release of a repository's chart name: its inline maps,
    and its plain values files (each with the file it is in)."""
    from .._release_values import values_images

    context: dict[str, object] = {"tool": TOOL, "name": name, "chart": chart}
    namespace = string_value(get(release, "namespace"))
    if namespace and _known(namespace):
        context["namespace"] = namespace
    short = chart.rsplit("/", 1)[-1]
    for position, item in enumerate(sequence(get(release, "values"))):
        kind = node_kind(item)
        if kind == "mapping":
            where = ("releases", f"[{index}]", "values", f"[{position}]")
            for found in values_images(file, item, where, context, short):
                yield file, found
        elif kind == "scalar" and (written := string_value(item)) and _known(written):
            values = _values_file(join(base, written), state)
            if values is not None and values.documents:
                for found in values_images(values, values.documents[0], (), context, short):
                    yield values, found


def set_leaves(
    node: yaml.Node, known: Callable[[str], bool] | None = None, prefix: str = "", depth: int = 0
) -> Iterator[tuple[str, str]]:
    """A values map's scalar leaves as ``--set`` keys (``a.b``), with ``known`` keys and
    values only when it is given; lists and keys with a dot (which ``--set`` would split) are
    left out. (Helmfile's inline ``values:`` and ``set:``; Argo CD's ``valuesObject``.)"""
    if depth > 64:
        return
    for key, value, _ in items(node):
        if "." in key or (known is not None and not known(key)):
            continue
        dotted = f"{prefix}.{key}" if prefix else key
        kind = node_kind(value)
        if kind == "mapping":
            yield from set_leaves(value, known, dotted, depth + 1)
        elif kind == "scalar" and not is_null(value):
            text = scalar(value) or ""
            if known is None or known(text):
                yield dotted, text


def set_escaped(value: str) -> str:
    """A value as ``--set`` reads it back (its backslashes and commas escaped)."""
    return value.replace("\\", "\\\\").replace(",", "\\,")


def _known(text: str) -> bool:
    return _MARK not in text


def _not_installed(node: yaml.Node | None) -> bool:
    return node is not None and (scalar(node) or "").strip().lower() == "false"


def _plain_values_file(path: str) -> bool:
    """Whether a values file is YAML as written (not a template helmfile renders first)."""
    return _values_text(path) is not None


def _values_text(path: str) -> str | None:
    """A values file's text, unless it is a template (``.gotmpl``, or one with ``{{``)."""
    if path.endswith(".gotmpl") or not os.path.isfile(path):
        return None  # (a missing one is helmfile's own error: "no such file")
    text = read_text(path, MAX_BYTES)
    return text if isinstance(text, str) and "{{" not in text else None


def _values_file(path: str, state: dict[str, object]) -> YamlFile | None:
    """A values file of a repository's chart, loaded (a template's actions as in the
    helmfile: what they give is not read); ``None``: not YAML helmfile can read."""
    if not os.path.isfile(path):
        return None
    text = read_text(path, MAX_BYTES)
    if not isinstance(text, str):
        return None
    loaded = load_yaml(_without_templates(text, state), path=path, max_bytes=MAX_BYTES)
    return None if loaded.errors else loaded


def _without_templates(text: str, state: dict[str, object] | None = None) -> str:
    """The helmfile's text with each template action replaced: one that prints a state value
    is the value (:func:`._helmfile_state.fill`); any other among other text is
    :data:`_MARK`, and a line of such actions alone is left empty (the line numbers stay)."""
    if "{{" not in text:
        return text

    def mark(match: re.Match[str]) -> str:
        action = match[0]
        return "\n" * action.count("\n") if "\n" in action else _MARK

    if state is not None:
        from ._helmfile_state import fill

        replaced = fill(text, state, mark)
    else:
        replaced = _ACTION.sub(mark, text)
    lines = replaced.split("\n")
    return "\n".join(
        "" if _MARK in line and not line.replace(_MARK, "").strip() else line for line in lines
    )
