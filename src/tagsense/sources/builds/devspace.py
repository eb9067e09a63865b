"""DevSpace: the images a ``devspace.yaml`` builds, and those its development mode runs.

`DevSpace <https://www.devspace.sh>`_ (loft-sh) builds the images of its ``images`` section
and replaces them in the manifests and charts it deploys, as Skaffold does; in development
mode it swaps a selected container's image for a development image. Its configuration
(``devspace.yaml``, versions ``v1beta10``, ``v1beta11`` and ``v2beta1``):

* ``images.<key>.image``: an image it builds (from ``dockerfile``, default
  ``./Dockerfile``): a :class:`~tagsense.sources.project.BuiltImage` at the value's line,
  tool ``devspace``. Wherever the project names it (the manifests it deploys), it is a build
  output, not a pull (loft-sh/devspace's ``examples/custom-builder``: ``myusername/devspace``).
* ``dev.<name>.devImage`` (``v2beta1``) and ``dev.replacePods[].replaceImage``
  (``v1beta11``): the image the development container runs, pulled as written (kind
  ``devspace``), unless it names one of the images DevSpace builds
  (``${runtime.images.<key>}``).

``${NAME}`` is replaced by the configuration's ``vars`` (a map of values or of
``{value|default: …}`` in ``v2beta1``, a list of ``{name, value|default}`` before), as
DevSpace does; a variable without one in the file is unresolved (its value is asked for, or
taken from the environment, when DevSpace runs). No reader error but the YAML's own.
"""

from __future__ import annotations

import re

from ...occurrence import BuildSite, Occurrence, Scan
from .._yaml import items, position, sequence, value_position
from ..kubernetes import node_kind, string_value
from ..project import BuildFile, BuiltImage
from ._common import MAX_BYTES
from ._yaml_tool import first_mapping, read_tool_file
from .shell import UNKNOWN, name_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    import yaml

__all__ = ["KIND", "TOOL", "read_devspace", "scan_devspace"]

#: The ``tool`` of the sites of the images DevSpace builds.
TOOL = "devspace"
#: The kind of the images its development mode runs.
KIND = "devspace"
#: ``${NAME}`` (DevSpace's variables; ``$!{…}`` and ``${runtime.…}`` are its own too).
_VARIABLE = re.compile(r"\$!?\{([^{}]+)\}")


def read_devspace(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The images the ``devspace.yaml`` at ``path`` builds and runs (never raises)."""
    return read_tool_file(path, max_bytes, scan_devspace)


def scan_devspace(text: str, *, path: str | None = None, max_bytes: int = MAX_BYTES) -> BuildFile:
    """:func:`read_devspace` of a file's text.

    >>> found = scan_devspace(
    ...     "version: v2beta1\\nvars:\\n  IMAGE: acme/api\\nimages:\\n  api:\\n"
    ...     "    image: ${IMAGE}\\ndev:\\n  api:\\n    imageSelector: ${IMAGE}\\n"
    ...     "    devImage: loftsh/javascript:latest\\n")
    >>> [image.name for image in found.built], [o.text for o in found.scan]
    (['acme/api'], ['loftsh/javascript:latest'])
    """
    document, errors, suppressions = first_mapping(text, path, max_bytes)
    fields = {key: value for key, value, _ in items(document)}
    if string_value(fields.get("version")) is None:
        return BuildFile(scan=Scan((), errors, suppressions), path=path)  # (not DevSpace's)
    variables = _variables(fields.get("vars"))
    built: list[BuiltImage] = []
    keys: set[str] = set()
    for key, node in _mapping(fields.get("images")):
        image = dict(_mapping(node)).get("image")
        written = string_value(image)
        if image is None or not written:
            continue
        keys.add(key)
        name = name_pattern(_expand(written, variables)[0])
        if name is not None:
            built.append(BuiltImage(name, BuildSite(TOOL, path, position(image)[0])))
    occurrences = [
        _pull(node, written, variables, path, field)
        for node, written, field in _development_images(fields.get("dev"))
        if not _names_a_build(written, keys)
    ]
    scan = Scan(occurrences, errors, suppressions)
    return BuildFile(built=dict.fromkeys(built), scan=scan, path=path)


def _mapping(node: yaml.Node | None) -> Iterator[tuple[str, yaml.Node]]:
    if node is not None and node_kind(node) == "mapping":
        for key, value, _ in items(node):
            yield key, value


def _variables(node: yaml.Node | None) -> dict[str, str]:
    """``vars``: ``NAME: value`` or ``NAME: {value|default: …}`` (``v2beta1``), or a list of
    ``{name, value|default}`` (before); a variable without one is asked for when it runs."""
    found: dict[str, str] = {}
    entries: list[tuple[str | None, yaml.Node]] = list(_mapping(node))
    entries += [(None, entry) for entry in sequence(node)]
    for name, value in entries:
        settings = dict(_mapping(value))
        name = name if name is not None else string_value(settings.get("name"))
        given = string_value(value) if not settings else None
        for key in ("value", "default"):
            if given is None and key in settings:
                given = string_value(settings[key])
        if name and given is not None:
            found[name] = given
    return found


def _expand(text: str, variables: Mapping[str, str]) -> tuple[str, tuple[str, ...]]:
    """``text`` with its ``${NAME}`` replaced (one level, as values are), each unknown one
    :data:`~.shell.UNKNOWN`; and the names without a value."""
    missing: list[str] = []

    def value(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        if name in variables:
            return variables[name]
        missing.append(name)
        return UNKNOWN

    return _VARIABLE.sub(value, text), tuple(dict.fromkeys(missing))


def _development_images(node: yaml.Node | None) -> Iterator[tuple[yaml.Node, str, str]]:
    """(node, text, field) of each development image: ``dev.<name>.devImage``, and
    ``dev.replacePods[].replaceImage``."""
    for key, value in _mapping(node):
        if key == "replacePods":
            for entry in sequence(value):
                yield from _field(entry, "replaceImage")
        else:
            yield from _field(value, "devImage")


def _field(node: yaml.Node, name: str) -> Iterator[tuple[yaml.Node, str, str]]:
    image = dict(_mapping(node)).get(name)
    written = string_value(image)
    if image is not None and written:
        yield image, written, name


def _names_a_build(written: str, keys: set[str]) -> bool:
    """``${runtime.images.<key>}`` (``.image``, ``.tag``): an image DevSpace builds."""
    names = (match.group(1).strip() for match in _VARIABLE.finditer(written))
    return any(name.startswith("runtime.images.") for name in names) or any(
        written == f"image({key})" for key in keys
    )


def _pull(
    node: yaml.Node, written: str, variables: Mapping[str, str], path: str | None, field: str
) -> Occurrence:
    text, missing = _expand(written, variables)
    line, column = value_position(node)
    return Occurrence.of_text(
        path=path, line=line, column=column, kind=KIND, raw=written,
        text=written if missing else text, unresolved=missing, context={"field": field},
    )  # fmt: skip
