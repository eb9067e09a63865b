"""Nomad Pack templates: the images a pack's jobs run, with the pack's variable defaults.

A pack (https://github.com/hashicorp/nomad-pack) is a directory with ``metadata.hcl``,
``variables.hcl`` and ``templates/*.nomad.tpl``: Go templates, delimited ``[[ ]]``, that
``nomad-pack render`` makes job files of. tagsense does not run the templates: it reads each
``image = …`` line of a template, with its actions put in as ``nomad-pack render`` gives them
without ``--var``: ``[[ var "NAME" . ]]`` (and the older ``[[ .my.NAME ]]``,
``[[ .PACK.NAME ]]``) is the ``default`` of ``variable "NAME"`` in ``variables.hcl`` (a dotted
name, ``fabio_task_config.version``, a field of an object's default), ``| quote`` quotes it.
``printf "FORMAT" (var "NAME" .)`` formats them (``%s``, ``%v``). Any other action (a helper
``template``) is unresolved, by its text; so is a variable without a default.
"""

from __future__ import annotations

import os
import re

from .._lazy import lazy_pattern
from ..occurrence import Occurrence, Scan
from ._hcl_images import parse_file
from ._hcl_values import Values

__all__ = ["is_pack_template", "scan_pack_template"]

_IMAGE_LINE = lazy_pattern(r"^(?P<lead>[ \t]*image[ \t]*=[ \t]*)(?P<value>\S.*?)[ \t]*$", re.M)
_ACTION = lazy_pattern(r"\[\[-?\s*(?P<body>.*?)\s*-?\]\]")
_VAR = lazy_pattern(r'var\s+"(?P<name>[^"]+)"\s+\.(?P<quote>\s*\|\s*quote)?$')
_OLD_VAR = lazy_pattern(
    r"\.(?:my|[A-Za-z_][A-Za-z0-9_]*)\.(?P<name>[A-Za-z0-9_.]+)(?P<quote>\s*\|\s*quote)?$"
)
_MISSING = object()


def is_pack_template(path: str) -> bool:
    """A ``*.nomad.tpl`` in a pack's ``templates/`` (a ``metadata.hcl`` above it)."""
    directory = os.path.dirname(os.path.abspath(path))
    return (
        path.endswith(".nomad.tpl")
        and os.path.basename(directory) == "templates"
        and os.path.isfile(os.path.join(os.path.dirname(directory), "metadata.hcl"))
    )


def scan_pack_template(text: str, path: str, kind: str) -> Scan:
    """The images a pack template's ``image = …`` lines name. Never raises."""
    defaults = _defaults(os.path.dirname(os.path.dirname(os.path.abspath(path))))
    occurrences: list[Occurrence] = []
    for match in _IMAGE_LINE.finditer(text):
        written = match["value"]
        line = text.count("\n", 0, match.start()) + 1
        column = len(match["lead"]) + 1
        unresolved: list[str] = []

        def put(action: re.Match[str], unresolved: list[str] = unresolved) -> str:
            body = action["body"]
            printed = _printf(body, defaults)
            if printed is not None:
                return printed
            form = _VAR.match(body) or _OLD_VAR.match(body)
            value = _MISSING if form is None else _lookup(defaults, form["name"])
            if form is None or not isinstance(value, (str, int, float)):
                unresolved.append(form["name"] if form is not None else body)
                return "\0"
            return f'"{value}"' if form["quote"] else str(value)

        value = _ACTION.sub(put, written)
        if value.startswith('"') and value.endswith('"') and len(value) >= 2:
            value = value[1:-1]
            if written.startswith('"') and written.endswith('"'):
                written = written[1:-1]
                column += 1
        elif value.startswith('"'):
            continue  # (a string that goes on: no image of one line)
        if unresolved:
            value = written
        occurrences.append(
            Occurrence.of_text(
                path=path, line=line, column=column, kind=kind, raw=written, text=value,
                unresolved=tuple(unresolved), context={"field": "config.image", "pack": True},
            )
        )  # fmt: skip
    return Scan(occurrences)


_PRINTF = lazy_pattern(
    r'printf\s+"(?P<format>(?:[^"\\]|\\.)*)"(?P<arguments>(?:\s+\(var\s+"[^"]+"\s+\.\))*)$'
)
_PRINTF_VAR = lazy_pattern(r'\(var\s+"(?P<name>[^"]+)"\s+\.\)')


def _printf(body: str, defaults: dict[str, object]) -> str | None:
    """``printf "FORMAT" (var "NAME" .)…`` with ``%s``/``%v`` given the variables' defaults
    (``packs/nomad_autoscaler``), or ``None`` for another action or a value not given."""
    match = _PRINTF.match(body)
    if match is None:
        return None
    values = [_lookup(defaults, m["name"]) for m in _PRINTF_VAR.finditer(match["arguments"])]
    if not all(isinstance(value, (str, int, float)) for value in values):
        return None
    form = re.sub(r"\\(.)", r"\1", match["format"])  # (a Go string's escapes: \" and \\)
    pieces = re.split(r"(%[sv%])", form)
    out: list[str] = []
    for piece in pieces:
        if piece in ("%s", "%v"):
            if not values:
                return None
            out.append(str(values.pop(0)))
        else:
            out.append("%" if piece == "%%" else piece)
    return "".join(out) if not values else None


def _defaults(pack: str) -> dict[str, object]:
    try:
        with open(os.path.join(pack, "variables.hcl"), encoding="utf-8") as handle:
            text = handle.read(1 << 20)
    except (OSError, UnicodeDecodeError):
        return {}
    parsed = parse_file(None, text)
    if parsed.body is None:
        return {}
    values = Values({})
    found: dict[str, object] = {}
    for block in parsed.body.blocks:
        if block.type == "variable" and block.labels:
            for attribute in block.body.attributes:
                if attribute.name == "default":
                    found[block.labels[0]] = values.evaluate(attribute.expr)
    return found


def _lookup(defaults: dict[str, object], name: str) -> object:
    value: object = defaults
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return _MISSING
        value = value[part]
    return value
