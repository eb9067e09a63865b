"""chartpress: the images a ``chartpress.yaml`` builds for the charts it publishes.

`chartpress <https://github.com/jupyterhub/chartpress>`_ (JupyterHub's charts, BinderHub,
DaskHub) builds a chart's images and writes their tags into the chart's ``values.yaml``,
where the committed values say ``tag: set-by-chartpress`` until it runs. For each entry of
``charts`` (its ``docs/source/configuration.md``):

* ``images.<key>``: an image it builds, named ``imageName``, or else the chart's
  ``imagePrefix`` and the key (``quay.io/jupyterhub/k8s-`` and ``hub``:
  ``quay.io/jupyterhub/k8s-hub``).

Each is a :class:`~tagsense.sources.project.BuiltImage` at the key's line, tool
``chartpress``: wherever the project names it (the chart's values, a manifest), it is a
build output, not a pull (zero-to-jupyterhub-k8s: six TS003 on ``set-by-chartpress``).
Its Dockerfile (``dockerfilePath``, by default ``images/<key>/Dockerfile``) is read as
any Dockerfile, alone. A value that is not a string (a template, a number) names nothing.
No reader error but the YAML's own.
"""

from __future__ import annotations

from ...occurrence import BuildSite, Scan
from .._yaml import items, position, sequence
from ..kubernetes import node_kind, string_value
from ..project import BuildFile, BuiltImage
from ._common import MAX_BYTES
from ._shell_values import name_pattern
from ._yaml_tool import first_mapping, read_tool_file

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    import yaml

__all__ = ["TOOL", "read_chartpress", "scan_chartpress"]

#: The ``tool`` of the sites of the images chartpress builds.
TOOL = "chartpress"


def read_chartpress(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The images the ``chartpress.yaml`` at ``path`` builds (never raises)."""
    return read_tool_file(path, max_bytes, scan_chartpress)


def scan_chartpress(text: str, *, path: str | None = None, max_bytes: int = MAX_BYTES) -> BuildFile:
    """:func:`read_chartpress` of a file's text.

    >>> [image.name for image in scan_chartpress(
    ...     "charts:\\n- name: hub\\n  imagePrefix: quay.io/acme/k8s-\\n"
    ...     "  images:\\n    hub: {valuesPath: hub.image}\\n"
    ...     "    tool: {imageName: ghcr.io/acme/tool}\\n").built]
    ['quay.io/acme/k8s-hub', 'ghcr.io/acme/tool']
    """
    document, errors, suppressions = first_mapping(text, path, max_bytes)
    built: list[BuiltImage] = []
    for written, line in _names(document):
        name = name_pattern(written)
        if name is not None:
            built.append(BuiltImage(name, BuildSite(TOOL, path, line)))
    return BuildFile(built=dict.fromkeys(built), scan=Scan((), errors, suppressions), path=path)


def _names(document: yaml.Node | None) -> Iterator[tuple[str, int]]:
    """Each image's name as written, with the line of its key."""
    charts = {key: value for key, value, _ in items(document)}.get("charts")
    for chart in sequence(charts):
        if node_kind(chart) != "mapping":
            continue
        fields = {key: value for key, value, _ in items(chart)}
        prefix = string_value(fields.get("imagePrefix")) or ""
        images = fields.get("images")
        if images is None or node_kind(images) != "mapping":
            continue
        for key, image, key_node in items(images):
            settings = {k: v for k, v, _ in items(image)} if node_kind(image) == "mapping" else {}
            named = settings.get("imageName")
            written = string_value(named) if named is not None else prefix + key
            if written:
                yield written, position(key_node)[0]
