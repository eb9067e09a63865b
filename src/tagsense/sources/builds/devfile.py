"""Devfile: the images a devfile's development containers run, and the images it builds.

A `devfile <https://devfile.io/docs/2.3.0/devfile-schema>`_ (``devfile.yaml``,
``.devfile.yaml``, or either as ``.yml``: what odo and Eclipse Che read from a project's
root, and what a devfile registry's stacks hold) lists ``components``:

* ``container.image``: the image of a development container, pulled as written (kind
  ``devfile``, field ``components[N].container.image``; devfile/registry's
  ``registry.access.redhat.com/ubi9/python-39:1-…``), unless it is an image the file builds;
* ``image.imageName`` with ``image.dockerfile``: an image the tool builds from the Dockerfile
  at ``dockerfile.uri`` (relative to the devfile's directory), in ``dockerfile.buildContext``
  (the devfile's directory when not given): a build that feeds its
  Dockerfile (:class:`~tagsense.sources.project.BuildConfig`, tool ``devfile``), whose
  ``imageName`` is a :class:`~tagsense.sources.project.BuiltImage` wherever the project names
  it (odo deploys the Kubernetes component that names it with the image it built).

A devfile of the first version (``apiVersion: 1.0.0``, Che 6 and 7) writes a container as a
component of ``type: dockerimage`` with its ``image``. ``{{NAME}}`` is a variable of the
file's top-level ``variables`` (devfile 2.1), filled in as the devfile library does; one the
file does not define is unresolved. ``kubernetes.uri`` and ``openshift.uri`` name manifests
the directory walk reads anyway; a ``parent`` devfile (a registry's stack, a URI) is not here.
A YAML file of a devfile's name that has neither ``schemaVersion`` nor ``apiVersion`` at its
top is not a devfile: nothing. No reader error but the YAML's own.
"""

from __future__ import annotations

import os

from ..._lazy import lazy_pattern
from ...occurrence import BuildSite, Occurrence, Scan
from .._yaml import get, items, position, scalar, sequence, value_position
from ..kubernetes import string_value
from ..project import BuildConfig, BuildFile, BuiltImage
from ._common import MAX_BYTES
from ._shell_values import name_pattern
from ._yaml_tool import first_mapping, read_tool_file

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    import yaml

__all__ = ["KIND", "TOOL", "read_devfile", "scan_devfile"]

#: The ``tool`` of the builds a devfile's image components make, and the kind of the images
#: its containers run.
TOOL = KIND = "devfile"
#: ``{{NAME}}``: a devfile variable (the devfile library's own pattern, spaces allowed).
_VARIABLE = lazy_pattern(r"\{\{\s*([^{}\s]+)\s*\}\}")


def read_devfile(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The images the devfile at ``path`` runs and builds (never raises)."""
    return read_tool_file(path, max_bytes, scan_devfile)


def scan_devfile(text: str, *, path: str | None = None, max_bytes: int = MAX_BYTES) -> BuildFile:
    """:func:`read_devfile` of a file's text.

    >>> found = scan_devfile(
    ...     "schemaVersion: 2.2.0\\nvariables:\\n  v: '22.0.0.1'\\ncomponents:\\n"
    ...     "  - name: dev\\n    container:\\n      image: icr.io/a/liberty:{{v}}-gradle\\n"
    ...     "  - name: build\\n    image:\\n      imageName: app:latest\\n"
    ...     "      dockerfile:\\n        uri: docker/Dockerfile\\n", path="/r/devfile.yaml")
    >>> [o.text for o in found.scan], [b.name for b in found.built]
    (['icr.io/a/liberty:22.0.0.1-gradle'], ['app:latest'])
    >>> [(b.dockerfile, b.context) for b in found.builds]
    [('/r/docker/Dockerfile', '/r')]
    """
    document, errors, suppressions = first_mapping(text, path, max_bytes)
    if get(document, "schemaVersion") is None and get(document, "apiVersion") is None:
        return BuildFile(scan=Scan((), errors, suppressions), path=path)
    variables = {key: scalar(value) or "" for key, value, _ in items(get(document, "variables"))}
    root = os.path.dirname(path) if path else ""
    builds: list[BuildConfig] = []
    built: list[BuiltImage] = []
    names: set[str] = set()
    for index, component in enumerate(sequence(get(document, "components"))):
        build = _build(component, index, variables, root, path)
        if build is not None:
            builds.append(build)
            built.append(BuiltImage(build.tags[0], build.site))
            names.add(name_pattern(build.tags[0]) or build.tags[0])
    occurrences = []
    for node, written, field in _container_images(document):
        text_, missing = _filled(written, variables)
        if name_pattern(text_) in names or text_ in names:
            continue  # (an image the file builds)
        line, column = value_position(node)
        occurrences.append(
            Occurrence.of_text(
                path=path, line=line, column=column, kind=KIND, raw=written, text=text_,
                unresolved=missing, context={"field": field},
            )
        )  # fmt: skip
    scan = Scan(occurrences, errors, suppressions)
    return BuildFile(builds, built=dict.fromkeys(built), scan=scan, path=path)


def _filled(written: str, variables: Mapping[str, str]) -> tuple[str, tuple[str, ...]]:
    """``written`` with the file's variables filled in, and the names it does not define."""
    missing = tuple(dict.fromkeys(n for n in _VARIABLE.findall(written) if n not in variables))
    if missing:
        return written, missing
    return _VARIABLE.sub(lambda match: variables[match.group(1)], written), ()


def _container_images(document: yaml.Node | None) -> Iterator[tuple[yaml.Node, str, str]]:
    """(node, text, field) of each development container's image, in the file's order."""
    first_version = get(document, "schemaVersion") is None
    for index, component in enumerate(sequence(get(document, "components"))):
        holder: yaml.Node | None = component
        field = f"components[{index}].image"
        if first_version and scalar(get(component, "type")) != "dockerimage":
            continue
        if not first_version:
            holder, field = get(component, "container"), f"components[{index}].container.image"
        image = get(holder, "image")
        written = string_value(image) if image is not None else None
        if image is not None and written:
            yield image, written, field


def _build(
    component: yaml.Node, index: int, variables: Mapping[str, str], root: str, path: str | None
) -> BuildConfig | None:
    """The build of an image component with a Dockerfile (``None`` for any other)."""
    image = get(component, "image")
    name_node = get(image, "imageName")
    dockerfile = get(image, "dockerfile")
    uri = string_value(get(dockerfile, "uri"))
    name = string_value(name_node) if name_node is not None else None
    if name_node is None or not name or not uri or "://" in uri:
        return None
    name, missing = _filled(name, variables)
    if missing:
        return None  # (a name the run gives: nothing here names it)
    folder = string_value(get(dockerfile, "buildContext")) or "."
    return BuildConfig(
        site=BuildSite(TOOL, path, position(name_node)[0]),
        name=scalar(get(component, "name")) or f"components[{index}]",
        context=os.path.normpath(os.path.join(root, folder)),
        dockerfile=os.path.normpath(os.path.join(root, uri)),
        tags=(name,),
    )
