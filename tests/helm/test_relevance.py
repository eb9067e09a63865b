"""The analysis of a template's text: the keys that shape objects, found from their colon."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tagsense._gotemplate import relevance

#: The forward pattern of a key that shapes objects (what the reversed search must find).
_KEYS = sorted(relevance.STRUCTURAL_KEYS | {"kind", "apiVersion"})
_FORWARD = re.compile(r"(?:{})\s*:".format("|".join(_KEYS)))


def _shapes_forward(text: str) -> bool:
    if text.startswith("---") or "\n---" in text:
        return True
    return relevance.word_found(_FORWARD, text, re.compile(r"[\w.-]"))


_PIECES = st.sampled_from(
    [*_KEYS, ":", " ", "\n", "\t", "-", ".", "_", "x", "Spec", "---", "pod", "s", "é"]
)


@given(st.lists(_PIECES, max_size=12).map("".join))
@settings(max_examples=500, deadline=None)
def test_a_key_that_shapes_objects_is_found_as_a_forward_search_finds_it(text: str) -> None:
    assert relevance._shapes_objects(text) == _shapes_forward(text)


@pytest.mark.parametrize(
    ("text", "shapes"),
    [
        ("spec:", True),
        ("  initContainers :\n", True),
        ("podspec: 1", False),
        ("x.spec: 1", False),
        ("-containers:", False),
        ("containers", False),
        ("a\n---\n", True),
    ],
)
def test_keys_that_shape_objects(text: str, shapes: bool) -> None:
    assert relevance._shapes_objects(text) is shapes
