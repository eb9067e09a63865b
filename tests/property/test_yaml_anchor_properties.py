"""An anchor defined again: :func:`tagsense.sources._yaml.load_yaml` against a reference.

YAML lets a document define an anchor name again; an alias names the latest
definition before it. The reference renames the anchors in PyYAML's event
stream (each definition a new name, each alias the name its definition got),
writes the events back out, and composes that with PyYAML's strict loader;
the loader under test composes the original text. Both must give the same
graph of nodes (aliases the same node, not copies).
"""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from tagsense.sources._yaml import _redefining, load_yaml

NAMES = ["a", "b", "c"]


def _reference(text: str) -> list[yaml.Node]:
    renamed: list[yaml.Event] = []
    current: dict[str, str] = {}
    for number, event in enumerate(yaml.parse(text, Loader=yaml.SafeLoader)):
        if isinstance(event, yaml.AliasEvent):
            event.anchor = current[event.anchor]
        elif isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            current[event.anchor] = f"{event.anchor}{number}"
            event.anchor = current[event.anchor]
        elif isinstance(event, yaml.DocumentStartEvent):
            current = {}
        renamed.append(event)
    return list(yaml.compose_all(yaml.emit(renamed), Loader=yaml.SafeLoader))


def _shape(node: yaml.Node, seen: dict[int, int]) -> Any:
    """The node as nested tuples; a node met again is ("ref", n) by order of first visit."""
    if id(node) in seen:
        return ("ref", seen[id(node)])
    seen[id(node)] = len(seen)
    if isinstance(node, yaml.ScalarNode):
        return ("scalar", node.value)
    if isinstance(node, yaml.SequenceNode):
        return ("seq", tuple(_shape(item, seen) for item in node.value))
    return ("map", tuple((_shape(k, seen), _shape(v, seen)) for k, v in node.value))


@st.composite
def _documents(draw: st.DrawFn) -> str:
    """A flow sequence whose items define anchors (names repeat) and use them."""
    defined: set[str] = set()

    def item(depth: int) -> str:
        kind = draw(st.sampled_from(["scalar", "anchor", "alias", "list"] if depth < 3 else
                                    ["scalar", "anchor", "alias"]))  # fmt: skip
        if kind == "alias" and defined:
            return "*" + draw(st.sampled_from(sorted(defined)))
        if kind == "list":
            name = draw(st.sampled_from(NAMES))
            anchor = f"&{name} " if draw(st.booleans()) else ""
            if anchor:
                defined.add(name)  # an alias inside names this very list
            items = [item(depth + 1) for _ in range(draw(st.integers(0, 3)))]
            return f"{anchor}[{', '.join(items)}]"
        value = draw(st.sampled_from(["x", "y", "1", "''"]))
        if kind == "anchor":
            name = draw(st.sampled_from(NAMES))
            defined.add(name)
            return f"&{name} {value}"
        return value

    items = [item(0) for _ in range(draw(st.integers(1, 8)))]
    return "[" + ", ".join(items) + "]\n"


@given(_documents())
@example("[&a x, *a, &a y, *a]\n")
@example("[&a [*a], &a [x, *a], *a]\n")
def test_redefined_anchors_compose_as_yaml_says(text: str) -> None:
    loaded = load_yaml(text)
    assert loaded.errors == []
    expected = _reference(text)
    assert [_shape(n, {}) for n in loaded.documents] == [_shape(n, {}) for n in expected]


@given(_documents())
def test_without_libyaml_too(text: str) -> None:
    # PyYAML built without libyaml: the pure-Python parser under the same composer.
    composed = list(yaml.compose_all(text, Loader=_redefining(c_events=False)))
    expected = _reference(text)
    assert [_shape(n, {}) for n in composed] == [_shape(n, {}) for n in expected]
