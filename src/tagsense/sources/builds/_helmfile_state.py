"""A helmfile's state values, and its simplest template actions filled in with them.

helmfile renders a helmfile as a Go template before it reads it as YAML, with its
*state values*: the ``values`` of its ``default`` environment (``environments:
default: values: [FILE or map, …]``, in the helmfile or one of its ``bases``), merged
in order, and the helmfile's own top-level ``values``. cloudposse/helmfiles writes
each release's image as ``repository: {{ .Values.image_repository | quote }}``,
with the value in the ``defaults.yaml`` its ``environments.yaml`` base names.

Only an action that prints one such value (``{{ .Values.a.b }}``, ``.StateValues``,
``.Environment.Values``, optionally ``| quote``) or the environment's name
(``{{ .Environment.Name }}``, ``default``) is filled in; any other is a run's
(:func:`fill`'s caller marks it). A values file that is a template (``.gotmpl``,
``{{ … }}``) is not read.
"""

from __future__ import annotations

import json
import os
import re

from ..._lazy import lazy_pattern
from .._yaml import get, items, load_yaml, sequence
from ..kubernetes import node_kind, string_value
from ._common import MAX_BYTES, join, read_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    import yaml

__all__ = ["fill", "state_values"]

#: An action that prints one state value, or the environment's name.
_SIMPLE = lazy_pattern(
    r"\{\{-?\s*(?:\$?\.(?:Values|StateValues|Environment\.Values)\.(?P<path>[A-Za-z_][\w.]*)"
    r"|(?P<name>\.Environment\.Name))\s*(?P<quote>\|\s*quote\s*)?-?\}\}"
)
#: How many bases deep are followed.
_MAX_DEPTH = 8


def state_values(documents: list[yaml.Node], base: str, depth: int = 0) -> dict[str, object]:
    """The default environment's values a helmfile's ``documents`` (templates already left
    out) give, its bases' first; ``base`` is the helmfile's directory."""
    values: dict[str, object] = {}
    for document in documents:
        for item in sequence(get(document, "bases")):
            other = string_value(item)
            if other and depth < _MAX_DEPTH and "{{" not in other:
                _merge(values, _base_values(join(base, other), depth + 1))
        default = get(get(document, "environments"), "default")
        for node in (*sequence(get(default, "values")), *sequence(get(document, "values"))):
            _merge(values, _values_of(node, base))
    return values


def fill(text: str, values: dict[str, object], mark: Callable[[re.Match[str]], str]) -> str:
    """``text`` with each simple action filled in from ``values``, each other one ``mark``'s."""

    def replace(match: re.Match[str]) -> str:
        simple = _SIMPLE.fullmatch(match[0])
        if simple is None:
            return mark(match)
        if simple["name"]:
            value: object = "default"
        else:
            value = values
            for key in simple["path"].split("."):
                value = value.get(key) if isinstance(value, dict) else None
        if value is None or isinstance(value, (dict, list)):
            return mark(match)
        printed = str(value)
        return json.dumps(printed) if simple["quote"] else printed

    return _ACTION.sub(replace, text)


#: A Go template action (``{{ … }}``, across lines too).
_ACTION = lazy_pattern(r"\{\{.*?\}\}", re.S)


def _base_values(path: str, depth: int) -> dict[str, object]:
    text = _plain_text(path)
    if text is None:
        return {}
    return state_values(load_yaml(text, path=path).documents, os.path.dirname(path), depth)


def _values_of(node: yaml.Node, base: str) -> dict[str, object]:
    """A values entry's map: inline, or a plain YAML file's."""
    if node_kind(node) == "mapping":
        found = _python(node)
        return found if isinstance(found, dict) else {}
    written = string_value(node)
    text = _plain_text(join(base, written)) if written and "{{" not in written else None
    if text is None:
        return {}
    documents = load_yaml(text).documents
    found = _python(documents[0]) if documents else None
    return found if isinstance(found, dict) else {}


def _plain_text(path: str) -> str | None:
    """A file's text, unless it is a template helmfile renders first, or is not there."""
    if path.endswith(".gotmpl") or not os.path.isfile(path):
        return None
    text = read_text(path, MAX_BYTES)
    return text if isinstance(text, str) and "{{" not in text else None


def _python(node: yaml.Node, depth: int = 0) -> object:
    """A node as plain data: maps and lists of scalars' text (as a template prints them)."""
    kind = node_kind(node)
    if depth > 64:
        return None
    if kind == "mapping":
        return {key: _python(value, depth + 1) for key, value, _ in items(node)}
    if kind == "sequence":
        return [_python(item, depth + 1) for item in node.value]
    text = node.value if kind == "scalar" else None
    return None if text in (None, "", "~", "null") else text


def _merge(into: dict[str, object], other: dict[str, object]) -> None:
    """``other`` merged over ``into``, maps key by key (helmfile's merge of values)."""
    for key, value in other.items():
        here = into.get(key)
        if isinstance(here, dict) and isinstance(value, dict):
            _merge(here, value)
        else:
            into[key] = value
