"""Where an offset into a text is, as people count it: a line and a column, both from 1."""

from __future__ import annotations


def line_column(text: str, offset: int) -> tuple[int, int]:
    """The line and column (both 1-based) of the character at ``offset`` of ``text``.

    >>> line_column("FROM a\\nFROM b\\n", 12)
    (2, 6)
    >>> line_column("image: x", 0)
    (1, 1)
    """
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)
