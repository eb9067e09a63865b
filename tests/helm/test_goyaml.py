"""YAML composed as PyYAML composes it: the same nodes, tags and positions, faster."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tagsense._gotemplate.goyaml import compose_all

DATA = Path(__file__).resolve().parent.parent / "data" / "helm"
VALUES = sorted(DATA.glob("*/chart/**/values.yaml"))

SAMPLE = """\
a: 1
b: [x, "2", 0x1F, ~, yes, 1.5, 2001-12-14]
c: {d: null, e: !!str 3, f: &anchor {g: h}}
i: *anchor
<<: {j: k}
"""


def _shape(node: yaml.Node) -> object:
    """A node as (kind, tag, value or children, line, column)."""
    value = node.value
    if isinstance(value, list):
        value = [
            tuple(_shape(n) for n in item) if isinstance(item, tuple) else _shape(item)
            for item in value
        ]
    return (node.id, node.tag, value, node.start_mark.line, node.start_mark.column)


@pytest.mark.parametrize("text", [SAMPLE, *(p.read_text() for p in VALUES)])
def test_nodes_as_pyyaml_composes_them(text: str) -> None:
    want = [_shape(n) for n in yaml.compose_all(text, Loader=yaml.SafeLoader) if n is not None]
    assert [_shape(n) for n in compose_all(text)] == want
