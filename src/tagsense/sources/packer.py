"""Packer templates: the images Packer's Docker builder starts its builds from.

A template is HCL (``*.pkr.hcl``, :mod:`.builds._hcl`). A ``source "docker" "NAME"`` block
(packer-plugin-docker) pulls its ``image`` (unless ``pull = false``, when it must be there
already: still what the build starts from), runs a container of it and commits the result:
kind ``packer``, context ``source`` (its name), ``field`` (``image``). A source that builds
from a Dockerfile (``build { path = … }``) names no image of its own.

Packer reads every ``*.pkr.hcl`` of the template's directory as one: the ``variable``
blocks' ``default`` and the ``locals`` of them all are the values here, as ``packer build``
works them out without ``-var``; a variable without a default is the run's (unresolved).
"""

from __future__ import annotations

import os

from ._hcl_images import image_occurrence, parse_file
from ._hcl_values import Values

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..occurrence import Occurrence, Scan
    from .builds import _hcl as hcl

__all__ = ["KIND", "is_packer_template_name", "scan_packer_template"]

KIND = "packer"

_SUFFIX = ".pkr.hcl"
#: The sources that run a container of their ``image``.
_CONTAINER_SOURCES = frozenset({"docker"})
#: At most this many sibling files are read for variables.
_MAX_SIBLINGS = 64
_MAX_BYTES = 1 << 20


def is_packer_template_name(path: str) -> bool:
    """``*.pkr.hcl``: a Packer template (HCL2)."""
    name = os.path.basename(path)
    return name.endswith(_SUFFIX) and name != _SUFFIX


def scan_packer_template(text: str, path: str | None = None) -> Scan:
    """The images a Packer template's Docker sources start from. Never raises."""
    parsed = parse_file(path, text)
    if parsed.body is None:
        return parsed.scan([])
    sources = [
        block for block in parsed.body.blocks
        if block.type == "source" and len(block.labels) == 2
        and block.labels[0] in _CONTAINER_SOURCES
    ]  # fmt: skip
    if not sources:
        return parsed.scan([])
    bodies = [parsed.body, *_siblings(path)]
    values = Values(_variables(bodies), _locals(bodies))
    occurrences: list[Occurrence] = []
    for block in sources:
        for attribute in block.body.attributes:
            if attribute.name != "image":
                continue
            context = {"source": block.labels[1], "field": "image"}
            occurrence = image_occurrence(
                parsed, attribute.expr, values.evaluate(attribute.expr), kind=KIND,
                context=context,
            )  # fmt: skip
            if occurrence is not None:
                occurrences.append(occurrence)
    return parsed.scan(occurrences)


def _siblings(path: str | None) -> list[hcl.Body]:
    """The other templates of the directory, parsed (their variables are the template's)."""
    if path is None:
        return []
    directory = os.path.dirname(os.path.abspath(path))
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return []
    own = os.path.basename(path)
    bodies: list[hcl.Body] = []
    for name in names[: _MAX_SIBLINGS * 4]:
        if name == own or not is_packer_template_name(name) or len(bodies) >= _MAX_SIBLINGS:
            continue
        try:
            with open(os.path.join(directory, name), encoding="utf-8") as handle:
                text = handle.read(_MAX_BYTES)
        except (OSError, UnicodeDecodeError):
            continue
        body = parse_file(name, text).body
        if body is not None:
            bodies.append(body)
    return bodies


def _variables(bodies: list[hcl.Body]) -> dict[str, object]:
    found: dict[str, object] = {}
    empty = Values({})
    for body in bodies:
        for block in body.blocks:
            if block.type == "variable" and block.labels and block.labels[0] not in found:
                default = next((a for a in block.body.attributes if a.name == "default"), None)
                if default is not None:
                    found[block.labels[0]] = empty.evaluate(default.expr)
    return found


def _locals(bodies: list[hcl.Body]) -> dict[str, hcl.Node]:
    found: dict[str, hcl.Node] = {}
    for body in bodies:
        for block in body.blocks:
            if block.type == "locals":
                for attribute in block.body.attributes:
                    found.setdefault(attribute.name, attribute.expr)
            elif block.type == "local" and block.labels:  # (`local "name" { expression = … }`)
                expression = next(
                    (a for a in block.body.attributes if a.name == "expression"), None
                )  # fmt: skip
                if expression is not None:
                    found.setdefault(block.labels[0], expression.expr)
    return found
