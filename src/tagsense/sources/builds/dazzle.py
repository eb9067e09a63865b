"""dazzle: the chunk images a ``dazzle.yaml`` project builds on the base image it builds first.

`dazzle <https://github.com/gitpod-io/dazzle>`_ (gitpod-io/workspace-images) builds a
project's ``base/Dockerfile``, then each chunk, ``chunks/<name>/Dockerfile``, "independently
of each other. All of them share the same base image using a special build argument
``${base}``" (its README): ``pkg/dazzle/build.go`` passes ``build-arg:base`` the reference
of the base image it has just built, with the arguments of the chunk's variant (its
``chunk.yaml``'s ``variants: [{name, args}]``, one build each). A directory of ``chunks/``
whose name starts with ``_`` or ``.`` is no chunk (``pkg/dazzle/project.go``).

So each chunk is a :class:`~tagsense.sources.project.BuildConfig` (tool ``dazzle``) whose
``base`` is the base build's output (``BuildConfig.outputs``): its ``FROM ${base}`` starts
from the image built at ``base/Dockerfile``, not from one a run decides (workspace-images:
23 TS011 before). The base's own ``FROM`` is read as any Dockerfile's. The image names are
the command line's (``dazzle build <target-ref>``): none is known here.
"""

from __future__ import annotations

import os

from ...occurrence import BuildSite, Scan
from .._yaml import items, load_yaml, scalar, sequence
from ..kubernetes import node_kind
from ..project import BuildConfig, BuildFile
from ._common import MAX_BYTES, read_text
from ._yaml_tool import first_mapping, read_tool_file

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    import yaml

__all__ = ["TOOL", "read_dazzle", "scan_dazzle"]

#: The ``tool`` of the sites of dazzle's builds.
TOOL = "dazzle"
#: The build argument dazzle gives each chunk: the base image's reference.
BASE_ARGUMENT = "base"
#: The most chunks read (a project's own directories: workspace-images has 23).
_MAX_CHUNKS = 500


def read_dazzle(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The builds of the dazzle project whose ``dazzle.yaml`` is at ``path`` (never raises)."""
    return read_tool_file(path, max_bytes, scan_dazzle)


def scan_dazzle(text: str, *, path: str | None = None, max_bytes: int = MAX_BYTES) -> BuildFile:
    """:func:`read_dazzle` of the file's text (the project's directories read from disk)."""
    _, errors, suppressions = first_mapping(text, path, max_bytes)
    scan = Scan((), errors, suppressions)
    if path is None:
        return BuildFile(scan=scan, path=path)
    root = os.path.dirname(path)  # (the project: as the path is written, as other sites)
    base_dockerfile = os.path.join(root, "base", "Dockerfile")
    if not os.path.isfile(base_dockerfile):
        return BuildFile(scan=scan, path=path)  # (no base: dazzle builds nothing)
    base_site = BuildSite(TOOL, base_dockerfile)
    builds = [
        BuildConfig(
            site=BuildSite(TOOL, path),
            name="base",
            context=os.path.dirname(base_dockerfile),
            dockerfile=base_dockerfile,
        )
    ]
    for name, directory in _chunks(os.path.join(root, "chunks")):
        for variant, args in _variants(directory, max_bytes):
            builds.append(
                BuildConfig(
                    site=BuildSite(TOOL, path),
                    name=f"{name}:{variant}" if variant else name,
                    context=directory,
                    dockerfile=os.path.join(directory, "Dockerfile"),
                    args=args,
                    unresolved={BASE_ARGUMENT: (BASE_ARGUMENT,)},
                    outputs={BASE_ARGUMENT: base_site},
                )
            )
    return BuildFile(builds=builds, scan=scan, path=path)


def _chunks(directory: str) -> Iterator[tuple[str, str]]:
    """Each chunk's name and directory, as dazzle lists them (not ``_*``, ``.*``)."""
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return
    for name in names[:_MAX_CHUNKS]:
        place = os.path.join(directory, name)
        if name.startswith(("_", ".")) or not os.path.isdir(place):
            continue
        if os.path.isfile(os.path.join(place, "Dockerfile")):
            yield name, place


def _variants(directory: str, max_bytes: int) -> list[tuple[str, dict[str, str]]]:
    """A chunk's variants (``chunk.yaml``): each one's name and build arguments; one
    without a name when the chunk has none."""
    text = read_text(os.path.join(directory, "chunk.yaml"), max_bytes)
    if not isinstance(text, str):
        return [("", {})]
    file = load_yaml(text, path=None, max_bytes=max_bytes)
    document = file.documents[0] if file.documents else None
    found = [variant for item in _listed(document) if (variant := _variant(item)) is not None]
    return found or [("", {})]


def _listed(document: yaml.Node | None) -> list[yaml.Node]:
    fields = {key: value for key, value, _ in items(document)}
    return list(sequence(fields.get("variants")))


def _variant(node: yaml.Node) -> tuple[str, dict[str, str]] | None:
    if node_kind(node) != "mapping":
        return None
    fields = {key: value for key, value, _ in items(node)}
    name = scalar(fields.get("name")) or ""
    args: dict[str, str] = {}
    for key, value, _ in items(fields.get("args")):
        written = scalar(value)  # (`NODE_VERSION: 22` too: BuildKit gets its text)
        if written is not None:
            args[key] = written
    return name, args
