"""Okteto: the images an Okteto manifest builds, and those its deploy, development and test
containers run.

An `Okteto manifest <https://www.okteto.com/docs/reference/okteto-manifest/>`_
(``okteto.yml``, ``okteto.yaml``, or either in ``.okteto/``) says:

* ``build.<name>``: an image Okteto builds; its ``image``, when given, is a
  :class:`~tagsense.sources.project.BuiltImage` (tool ``okteto``) wherever the project
  names it. Without one Okteto names it in its own registry, and the manifest refers to it
  as ``$OKTETO_BUILD_<NAME>_IMAGE``.
* ``deploy.image``, ``destroy.image``, ``dev.<name>.image`` (and its ``services[].image``)
  and ``test.<name>.image``: the images of the containers Okteto runs, pulled as written
  (kind ``okteto``; okteto/okteto's samples develop in ``okteto/golang:1``), unless they are
  an image of its ``build`` section (``$OKTETO_BUILD_…``, or a built ``image``); in a
  manifest of the first version (``name``, ``image``, ``sync`` at its top), its ``image``.

A ``$NAME`` or ``${NAME}`` Okteto fills in from the environment (its variables, the
developer's shell) when it runs: unresolved here. No reader error but the YAML's own.
"""

from __future__ import annotations

from ..._lazy import lazy_pattern
from ...occurrence import BuildSite, Occurrence, Scan
from .._yaml import get, items, position, sequence, value_position
from ..kubernetes import string_value
from ..project import BuildFile, BuiltImage
from ._common import MAX_BYTES
from ._shell_values import name_pattern
from ._yaml_tool import first_mapping, read_tool_file

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    import yaml

__all__ = ["KIND", "TOOL", "read_okteto", "scan_okteto"]

#: The ``tool`` of the sites of the images Okteto builds.
TOOL = "okteto"
#: The kind of the images its containers run.
KIND = "okteto"
#: ``$NAME`` and ``${NAME}`` (envsubst's, as Okteto expands its manifest).
_VARIABLE = lazy_pattern(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")
#: The sections whose ``image`` is the container's.
_ONE = ("deploy", "destroy")
_EACH = ("dev", "test")


def read_okteto(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The images the Okteto manifest at ``path`` builds and runs (never raises)."""
    return read_tool_file(path, max_bytes, scan_okteto)


def scan_okteto(text: str, *, path: str | None = None, max_bytes: int = MAX_BYTES) -> BuildFile:
    """:func:`read_okteto` of a file's text.

    >>> found = scan_okteto(
    ...     "build:\\n  api:\\n    image: acme/api\\n  web:\\n    context: web\\n"
    ...     "deploy:\\n  image: $OKTETO_BUILD_API_IMAGE\\n"
    ...     "dev:\\n  api:\\n    image: okteto/golang:1\\n")
    >>> [image.name for image in found.built], [o.text for o in found.scan]
    (['acme/api'], ['okteto/golang:1'])
    """
    document, errors, suppressions = first_mapping(text, path, max_bytes)
    fields = {key: value for key, value, _ in items(document)}
    built: list[BuiltImage] = []
    names: set[str] = set()
    for _, node, _ in items(fields.get("build")):
        image = get(node, "image")
        written = string_value(image)
        name = name_pattern(written) if image is not None and written else None
        if image is not None and name is not None:
            names.add(name)
            built.append(BuiltImage(name, BuildSite(TOOL, path, position(image)[0])))
    occurrences = []
    for node, written, field in _container_images(fields):
        if "OKTETO_BUILD_" in written or name_pattern(written) in names:
            continue  # (an image of its build section)
        missing = tuple(dict.fromkeys(a or b for a, b in _VARIABLE.findall(written)))
        line, column = value_position(node)
        occurrence = Occurrence.of_text(
            path=path, line=line, column=column, kind=KIND, raw=written, text=written,
            unresolved=missing, context={"field": field},
        )  # fmt: skip
        occurrences.append(occurrence)
    scan = Scan(occurrences, errors, suppressions)
    return BuildFile(built=dict.fromkeys(built), scan=scan, path=path)


def _container_images(fields: dict[str, yaml.Node]) -> Iterator[tuple[yaml.Node, str, str]]:
    """(node, text, field) of each container's image, in the file's order of sections (a
    manifest of the first version is one development container's: its ``image``)."""
    if "image" in fields and not any(section in fields for section in (*_ONE, *_EACH)):
        written = string_value(fields["image"])
        if written:
            yield fields["image"], written, "image"
    for section, value in fields.items():
        if section in _ONE:
            yield from _image(value, f"{section}.image")
        elif section in _EACH:
            for name, entry, _ in items(value):
                yield from _image(entry, f"{section}.{name}.image")
                services = get(entry, "services")
                for index, service in enumerate(sequence(services)):
                    yield from _image(service, f"{section}.{name}.services[{index}].image")


def _image(node: yaml.Node, field: str) -> Iterator[tuple[yaml.Node, str, str]]:
    image = get(node, "image")
    written = string_value(image)
    if image is not None and written:
        yield image, written, field
