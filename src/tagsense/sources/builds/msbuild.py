"""The .NET SDK's container builds: the base image an MSBuild project names.

``dotnet publish -t:PublishContainer`` (the SDK's own container support, no Dockerfile) builds
an image on ``ContainerBaseImage`` when the project sets it: an MSBuild property of a project
file (``*.csproj``, ``*.fsproj``, ``*.vbproj``) or of the files every project imports
(``Directory.Build.props``, ``*.props``, ``*.targets``). That image is pulled.

:func:`read_msbuild` gives each ``<ContainerBaseImage>`` of a ``<PropertyGroup>`` as an
:class:`~tagsense.sources.Occurrence` of kind ``"dotnet"`` at the value, with ``context``
``tool`` (``dotnet``) and ``field`` (``ContainerBaseImage``), and ``condition`` when the
property or its group is set under one (``'$(Configuration)' == 'AOT'``: one build's). The
``$(Name)`` properties it uses take the values the same file sets without a condition; others
(the SDK's, the command line's ``-p:Name=…``) leave it unresolved, naming them. Without
``ContainerBaseImage`` the SDK picks its ``mcr.microsoft.com/dotnet/*`` image by the project's
target framework: nothing is written, and nothing is guessed.

The file is read with :mod:`xml.etree.ElementTree`, positions by a second pass through expat
(as a ``pom.xml``); a file that is not well-formed, or declares a ``DOCTYPE``/``ENTITY``, gives
nothing. The reader never raises.
"""

from __future__ import annotations

import re

from ..._lazy import lazy_pattern
from ..._offsets import line_column
from ...occurrence import Occurrence, Scan
from ._common import MAX_BYTES, read_scanned

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..project import BuildFile

__all__ = ["KIND", "MARKER", "TOOL", "read_msbuild", "scan_msbuild"]

#: The ``kind`` of the occurrences, and the tool in their context.
KIND = "dotnet"
TOOL = "dotnet"

#: What such a file says when it names a base image (a quick look before any parsing).
MARKER = b"<ContainerBaseImage>"

_PROPERTY = "ContainerBaseImage"


def read_msbuild(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The base image the MSBuild file at ``path`` has the SDK's container build pull."""
    return read_scanned(path, max_bytes, scan_msbuild)


def scan_msbuild(text: str, *, path: str | None = None) -> Scan:
    """:func:`read_msbuild` of a file's text."""
    if _PROPERTY not in text or _DECLARATIONS.search(text):
        return Scan()
    from xml.etree import ElementTree

    try:
        root = ElementTree.fromstring(text)
    except (ElementTree.ParseError, ValueError):
        return Scan()
    if _local(root.tag) != "Project":
        return Scan()
    order = {id(each): index for index, each in enumerate(root.iter())}
    starts = _element_starts(text)
    properties: dict[str, str] = {}
    for group in root:
        if _local(group.tag) != "PropertyGroup" or group.get("Condition"):
            continue
        for item in group:
            if isinstance(item.tag, str) and not item.get("Condition") and not len(item):
                properties[_local(item.tag)] = (item.text or "").strip()
    found = []
    for group in root:
        if _local(group.tag) != "PropertyGroup":
            continue
        for item in group:
            if _local(item.tag) != _PROPERTY or len(item):
                continue
            written = (item.text or "").strip()
            if not written:
                continue
            value, unresolved = _expand(written, properties)
            index = order[id(item)]
            start = starts[index] if index < len(starts) else 0
            line, column = _position(text, start)
            context: dict[str, object] = {"tool": TOOL, "field": _PROPERTY}
            condition = item.get("Condition") or group.get("Condition")
            if condition:
                context["condition"] = condition.strip()
            found.append(
                Occurrence.of_text(
                    path=path,
                    line=line,
                    column=column,
                    kind=KIND,
                    raw=written,
                    text=value,
                    unresolved=unresolved,
                    context=context,
                )
            )
    return Scan(found)


def _local(tag: object) -> str:
    """An element's name without its namespace (MSBuild's old one, or none)."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _expand(written: str, properties: dict[str, str]) -> tuple[str, tuple[str, ...]]:
    """``written`` with the ``$(Name)`` the file sets put in, and the names of the others."""
    missing: list[str] = []

    def one(match: re.Match[str]) -> str:
        value = properties.get(match[1])
        if value is None or "$(" in value:
            missing.append(match[1])
            return match[0]
        return value

    return _REFERENCE.sub(one, written), tuple(dict.fromkeys(missing))


def _position(text: str, start: int) -> tuple[int, int]:
    """Where the text of the element whose start tag is at ``start`` begins."""
    offset = text.find(">", start) + 1
    while offset < len(text) and text[offset] in " \t\r\n":
        offset += 1
    return line_column(text, offset)


def _element_starts(text: str) -> list[int]:
    """The offset of each element's start tag, in document order."""
    from .jib import element_starts

    return element_starts(text)


#: An MSBuild property reference: ``$(Name)``.
_REFERENCE = lazy_pattern(r"\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)")


_DECLARATIONS = lazy_pattern(r"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
