"""Lando: the images a Landofile's ``compose`` services run, and the images it overrides.

A `Landofile <https://docs.lando.dev/landofile/>`_ (``.lando.yml``, and the files Lando
merges with it: ``.lando.base.yml``, ``.lando.dist.yml``, ``.lando.upstream.yml``,
``.lando.local.yml``) lists ``services``. Most have a ``type`` of Lando's own (``php:8.1``,
``solr:7``, ``postgres:10``), whose images Lando's plugins choose: nothing written here to
judge. Two places name an image as Docker pulls it:

* a service of ``type: compose`` (or Lando's own ``type: lando``) holds a compose service in
  its ``services`` key, whose ``image`` is pulled as written (samvera/valkyrie's
  ``valkyrie_fedora_6`` runs ``fcrepo/fcrepo:6.5.1-RC3-tomcat9``), unless it has a
  ``build`` too (then compose builds it);
* any service's ``overrides.image`` replaces the image of its type.

Each is an :class:`~tagsense.sources.Occurrence` of kind ``lando`` at its value, with
``context`` ``service`` and ``field`` (``services.image``, ``overrides.image``). No reader
error but the YAML's own; a file larger than ``max_bytes`` gives nothing.
"""

from __future__ import annotations

from ...occurrence import Occurrence, Scan
from .._yaml import get, items, value_position
from ..kubernetes import string_value
from ..project import BuildFile
from ._common import MAX_BYTES
from ._yaml_tool import first_mapping, read_tool_file

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

__all__ = ["KIND", "read_lando", "scan_lando"]

#: The kind of the images a Landofile's services run.
KIND = "lando"
#: The service types whose ``services`` key is a compose service.
_COMPOSE_TYPES = frozenset({"compose", "lando"})


def read_lando(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The images the Landofile at ``path`` runs as written (never raises)."""
    return read_tool_file(path, max_bytes, scan_lando)


def scan_lando(text: str, *, path: str | None = None, max_bytes: int = MAX_BYTES) -> BuildFile:
    """:func:`read_lando` of a file's text.

    >>> text = (
    ...     "services:\\n"
    ...     "  solr:\\n    type: solr:7\\n"
    ...     "  fedora:\\n    type: compose\\n    services:\\n      image: samvera/fcrepo4:4.7.5\\n"
    ...     "  db:\\n    type: postgres:10\\n    overrides:\\n      image: postgres:10.23\\n"
    ... )
    >>> [(o.text, o.line, o.context["field"]) for o in scan_lando(text).scan]
    [('samvera/fcrepo4:4.7.5', 7, 'services.image'), ('postgres:10.23', 11, 'overrides.image')]
    """
    document, errors, suppressions = first_mapping(text, path, max_bytes)
    occurrences: list[Occurrence] = []
    for name, service, _ in items(get(document, "services")):
        kind = get(service, "type")
        written_type = string_value(kind) if kind is not None else None
        inner = get(service, "services")
        if written_type in _COMPOSE_TYPES and get(inner, "build") is None:
            occurrences.extend(_image(get(inner, "image"), path, name, "services.image"))
        occurrences.extend(
            _image(get(get(service, "overrides"), "image"), path, name, "overrides.image")
        )
    return BuildFile(scan=Scan(occurrences, errors, suppressions), path=path)


def _image(node: yaml.Node | None, path: str | None, service: str, field: str) -> list[Occurrence]:
    written = string_value(node) if node is not None else None
    if node is None or not written:
        return []
    line, column = value_position(node)
    context = {"service": service, "field": field}
    return [
        Occurrence.of_text(
            path=path, line=line, column=column, kind=KIND, raw=written, text=written,
            context=context,
        )
    ]  # fmt: skip
