"""Apptainer (Singularity) definition files: the Docker images ``apptainer build`` starts from.

A definition file's header (each stage's, in a multi-stage file) says where the build starts:
``Bootstrap: docker`` with ``From: IMAGE`` pulls ``IMAGE`` from a Docker registry, prefixed by
the header's ``Registry:`` and ``Namespace:`` when it has them (the Apptainer user guide,
*Definition Files*, "Preferred bootstrap agents"). Each is an
:class:`~tagsense.sources.Occurrence` of kind ``"apptainer"``, ``context`` ``stage`` (the
header's ``Stage``, when it has one) and ``field`` (``From``). Other agents (``library``,
``oras``, ``localimage``, ``docker-daemon``, ``docker-archive``, ``debootstrap``, ``yum``…) pull
no Docker image, or a local one.

``{{ NAME }}`` in the header is a build argument: the value ``apptainer build --build-arg``
gives, else the default of the file's ``%arguments`` section (``NAME=value``); an argument with
neither is the run's, and the image is not read.

Found by name: ``Singularity``, ``Apptainer`` (and ``Singularity.NAME``, ``Apptainer.NAME``) and
``*.def``, when the file's text has a ``Bootstrap:`` header.
"""

from __future__ import annotations

from ..._lazy import lazy_pattern
from ..._offsets import line_column
from ...occurrence import Occurrence, Scan
from ..discover import is_definition_name, says_bootstrap
from ..project import BuildFile
from ._common import MAX_BYTES, read_built

__all__ = ["KIND", "is_definition_name", "read_definition", "says_bootstrap", "scan_definition"]

#: The ``kind`` of the occurrences of the images a definition file bootstraps from.
KIND = "apptainer"

#: ``Key: value`` of a header (keys in any case).
_HEADER = lazy_pattern(
    r"(?im)^[ \t]*(bootstrap|from|stage|registry|namespace)[ \t]*:[ \t]*(\S[^\n#]*?)?[ \t]*\r?$"
)
#: Where a stage begins: ``Bootstrap:`` at a line's start, in any case.
_STAGE = lazy_pattern(r"(?mi)^bootstrap:")
#: A section's start (``%post``, ``%arguments``…).
_SECTION = lazy_pattern(r"(?m)^[ \t]*%(\w+)")
#: ``NAME=value`` of ``%arguments``.
_ARGUMENT = lazy_pattern(r"(?m)^[ \t]*(\w+)[ \t]*=[ \t]*(\S*)[ \t]*$")
#: ``{{ NAME }}``.
_PLACEHOLDER = lazy_pattern(r"\{\{[ \t]*(\w+)[ \t]*\}\}")


def read_definition(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The Docker images the definition file at ``path`` bootstraps from (never raises)."""
    return read_built(path, max_bytes, scan_definition)


def scan_definition(text: str, *, path: str | None = None) -> BuildFile:
    """:func:`read_definition` of a file's text.

    >>> found = scan_definition("Bootstrap: docker\\nFrom: ubuntu:24.04\\n\\n%post\\n  true\\n")
    >>> [(o.text, o.line, o.column) for o in found.scan]
    [('ubuntu:24.04', 2, 7)]
    """
    from .shell import comment_suppressions

    arguments = _arguments(text)
    occurrences: list[Occurrence] = []
    for header in _headers(text):
        bootstrap = header.get("bootstrap")
        image = header.get("from")
        if bootstrap is None or image is None or bootstrap[0].lower() != "docker":
            continue
        value, start = image
        pulled = _PLACEHOLDER.sub(lambda m: arguments.get(m[1], "\0"), value)
        prefix = "/".join(
            header[key][0].strip("/") for key in ("registry", "namespace") if key in header
        )
        if "\0" in pulled or not pulled:
            continue  # (a build argument only the run gives)
        line, column = line_column(text, start)
        context: dict[str, object] = {"field": "From"}
        if "stage" in header:
            context["stage"] = header["stage"][0]
        occurrences.append(
            Occurrence.of_text(
                path=path, line=line, column=column,
                kind=KIND, raw=value, text=f"{prefix}/{pulled}" if prefix else pulled,
                context=context,
            )
        )  # fmt: skip
    suppressions = tuple(comment_suppressions(text.splitlines(), path))
    return BuildFile(scan=Scan(occurrences, (), suppressions), path=path)


def _headers(text: str) -> list[dict[str, tuple[str, int]]]:
    """Each stage's header: its keys (lower-case), with each value and where it starts. As
    Apptainer's parser (``pkg/build/types/parser``, ``All``) splits them, a stage begins at
    each ``Bootstrap:`` that starts a line (whatever section it is in), and its header ends
    at its first section (``%post``)."""
    starts = [match.start() for match in _STAGE.finditer(text)] or [0]
    headers: list[dict[str, tuple[str, int]]] = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        section = _SECTION.search(text, start, end)
        header: dict[str, tuple[str, int]] = {}
        for match in _HEADER.finditer(text, start, section.start() if section else end):
            if match[2] is not None:
                header.setdefault(match[1].lower(), (match[2], match.start(2)))
        headers.append(header)
    return headers


def _arguments(text: str) -> dict[str, str]:
    """The defaults of the file's ``%arguments`` sections."""
    found: dict[str, str] = {}
    sections = list(_SECTION.finditer(text))
    for index, section in enumerate(sections):
        if section[1] != "arguments":
            continue
        end = sections[index + 1].start() if index + 1 < len(sections) else len(text)
        for argument in _ARGUMENT.finditer(text, section.end(), end):
            found.setdefault(argument[1], argument[2])
    return found
