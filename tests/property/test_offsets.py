"""``line_column``: the line and column people count, for any offset of any text."""

from __future__ import annotations

import doctest

from hypothesis import given
from hypothesis import strategies as st

from tagsense import _offsets
from tagsense._offsets import line_column

# (newlines are what the count is about: make them common)
_TEXT = st.text(alphabet=st.sampled_from("ab \t\n\r\u00e9"), max_size=60)


@given(_TEXT, st.data())
def test_line_and_column_find_the_character_again(text: str, data: st.DataObject) -> None:
    offset = data.draw(st.integers(0, len(text)))
    line, column = line_column(text, offset)
    lines = text.split("\n")
    assert 1 <= line <= len(lines)
    assert 1 <= column <= len(lines[line - 1]) + 1
    # Counting the lines before it and the columns of its own line gives the offset back.
    assert sum(len(before) + 1 for before in lines[: line - 1]) + column - 1 == offset


def test_examples_in_the_docstring_hold() -> None:
    result = doctest.testmod(_offsets)
    assert result.attempted == 2
    assert result.failed == 0
