"""Podman Quadlet units: the images systemd's containers run.

Quadlet (podman-systemd.unit(5)) turns a unit file in ``~/.config/containers/systemd/`` or
``/etc/containers/systemd/`` into a systemd service. A ``NAME.container`` file's
``[Container]`` section runs ``Image=``, and a ``NAME.image`` file's ``[Image]`` section
pulls it (``podman pull``), each with kind ``quadlet`` (context ``unit``, ``field``). An
``Image=`` that names another Quadlet unit (``web.image``, ``app.build``) is that unit's
image (the ``.image`` file is read for it; a ``.build`` builds it), not read again here.

The file is systemd's unit syntax: ``[Section]`` headers, ``Key=Value`` lines, ``#`` and ``;``
comments, a line ending in ``\\`` continued on the next; the last ``Image=`` of a section wins.
A systemd specifier in the image (``%i``: the instance of a template unit ``NAME@.container``)
is filled in when the unit starts: unresolved (TS011).
"""

from __future__ import annotations

import os

from ..._lazy import lazy_pattern
from ...occurrence import Occurrence, Scan, Suppression, suppressions_in_comment

__all__ = ["KIND", "is_quadlet_name", "scan_quadlet"]

KIND = "quadlet"

#: A Quadlet unit's name that pulls an image, and the section that names it.
_SECTIONS = {".container": "Container", ".image": "Image"}
#: ``Image=`` naming another Quadlet unit, whose image it is.
_UNIT_IMAGE = (".image", ".build")
#: A systemd specifier (``%i``, ``%N``; ``%%`` is a percent sign).
_SPECIFIER = lazy_pattern(r"%[A-Za-z]")
_HEADER = lazy_pattern(r"\[(?P<name>[^\]]+)\]\s*\Z")


def is_quadlet_name(path: str) -> bool:
    """``NAME.container``, ``NAME.image`` (``NAME@.container`` a template): a Quadlet unit."""
    name = os.path.basename(path)
    stem, extension = os.path.splitext(name)
    return extension in _SECTIONS and bool(stem)


def scan_quadlet(text: str, path: str | None = None) -> Scan:
    """The image a Quadlet unit runs or pulls. Never raises."""
    suppressions = _suppressions(text, path)
    extension = os.path.splitext(path or "")[1]
    wanted = _SECTIONS.get(extension, "Container")
    found: tuple[int, int, str] | None = None
    section = None
    for number, column, key, value in _entries(text):
        if key is None:
            section = value
        elif section == wanted and key == "Image":
            found = (number, column, value)
    if found is None or not found[2] or found[2].endswith(_UNIT_IMAGE):
        return Scan((), (), suppressions)
    line, column, image = found
    unit = os.path.splitext(os.path.basename(path))[0] if path else None
    context: dict[str, object] = {"field": f"{wanted}.Image"}
    if unit:
        context["unit"] = unit
    specifiers = tuple(dict.fromkeys(_SPECIFIER.findall(image.replace("%%", ""))))
    occurrence = Occurrence.of_text(
        path=path, line=line, column=column, kind=KIND, raw=image, text=image,
        unresolved=specifiers, context=context,
    )  # fmt: skip
    return Scan((occurrence,), (), suppressions)


def _suppressions(text: str, path: str | None) -> list[Suppression]:
    """The suppression comments of the unit: its ``#`` lines (systemd has no comment after
    a value)."""
    if "tagsense" not in text:
        return []
    found: list[Suppression] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip()
        if stripped.startswith("#"):
            column = len(line) - len(stripped) + 1
            found += suppressions_in_comment(stripped, path=path, line=number, column=column)
    return found


def _entries(text: str) -> list[tuple[int, int, str | None, str]]:
    """Each header (key ``None``, the section's name) and ``Key=Value`` of a unit file, with
    the line and 1-based column of its value (continued lines joined, as systemd joins them)."""
    entries: list[tuple[int, int, str | None, str]] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        number = index + 1
        line = lines[index].strip()
        index += 1
        if not line or line[0] in "#;":
            continue
        header = _HEADER.match(line)
        if header is not None:
            entries.append((number, 1, None, header["name"]))
            continue
        key, equals, value = line.partition("=")
        if not equals:
            continue
        while value.endswith("\\") and index < len(lines):
            value = value[:-1] + " " + lines[index].strip()
            index += 1
        raw = lines[number - 1]
        column = raw.find("=") + 1
        column += len(raw[column:]) - len(raw[column:].lstrip()) + 1
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value, column = value[1:-1], column + 1
        entries.append((number, column, key.strip(), value))
    return entries
