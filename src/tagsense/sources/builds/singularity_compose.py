"""singularity-compose: the Docker images a ``singularity-compose.yml``'s instances pull.

`singularity-compose <https://singularityhub.github.io/singularity-compose/>`_ (the
singularityhub project, akin to Docker Compose for Singularity instances) reads
``singularity-compose.yml`` (``-f`` names others) and its ``instances``. Each instance has a
``build`` (a ``context`` and a Singularity ``recipe``, built on the host) or else an
``image``: a file that exists is used as it is, and a URI is pulled with ``singularity pull``
(``scompose/project/instance.py``). Only ``docker://`` names a Docker registry's image
(``library://``, ``shub://``, ``oras://`` and HTTP are Singularity's own stores); so each
instance without ``build`` whose ``image`` is ``docker://IMAGE`` pulls ``IMAGE``
(DigitalSlideArchive's ``devops/singularity-minimal`` runs ``docker://mongo:latest``).

Each is an :class:`~tagsense.sources.Occurrence` of kind ``singularity-compose`` at the image
after its ``docker://``, with ``context`` ``instance`` and ``field`` ``image``. No reader
error but the YAML's own; a file larger than ``max_bytes`` gives nothing.
"""

from __future__ import annotations

from ...occurrence import Occurrence, Scan
from .._yaml import get, items, value_position
from ..kubernetes import string_value
from ..project import BuildFile
from ._common import MAX_BYTES
from ._registry_tools import DOCKER_TRANSPORT
from ._yaml_tool import first_mapping, read_tool_file

__all__ = ["KIND", "read_singularity_compose", "scan_singularity_compose"]

#: The kind of the images a singularity-compose file's instances pull.
KIND = "singularity-compose"


def read_singularity_compose(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The Docker images the singularity-compose file at ``path`` pulls (never raises)."""
    return read_tool_file(path, max_bytes, scan_singularity_compose)


def scan_singularity_compose(
    text: str, *, path: str | None = None, max_bytes: int = MAX_BYTES
) -> BuildFile:
    """:func:`read_singularity_compose` of a file's text.

    >>> text = (
    ...     "version: '2.0'\\ninstances:\\n"
    ...     "  girder:\\n    build:\\n      context: ./girder\\n    image: girder.sif\\n"
    ...     '  mongodb:\\n    image: "docker://mongo:7.0.14"\\n'
    ...     "  cache:\\n    image: library://sylabs/redis:7\\n"
    ... )
    >>> [(o.text, o.line, o.column) for o in scan_singularity_compose(text).scan]
    [('mongo:7.0.14', 8, 22)]
    """
    document, errors, suppressions = first_mapping(text, path, max_bytes)
    occurrences: list[Occurrence] = []
    for name, instance, _ in items(get(document, "instances")):
        node = get(instance, "image")
        written = string_value(node) if node is not None else None
        # (a build wins over an image: singularity-compose builds the recipe then)
        if node is None or not written or get(instance, "build") is not None:
            continue
        if not written.startswith(DOCKER_TRANSPORT) or written == DOCKER_TRANSPORT:
            continue
        image = written.removeprefix(DOCKER_TRANSPORT)
        line, column = value_position(node)
        occurrences.append(
            Occurrence.of_text(
                path=path, line=line, column=column + len(DOCKER_TRANSPORT), kind=KIND,
                raw=image, text=image, context={"instance": name, "field": "image"},
            )
        )  # fmt: skip
    return BuildFile(scan=Scan(occurrences, errors, suppressions), path=path)
