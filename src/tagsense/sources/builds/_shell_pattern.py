"""A pattern of ``[[ WORD == PATTERN ]]`` as bash matches it: ``*`` any text, ``?`` one
character, the quoted parts literal (bash's *Conditional Constructs*: "any part of the
pattern may be quoted to force the quoted portion to be matched as a string").
opensearch-project/opensearch-py's ``.ci/run-tests`` sets ``IS_UNRELEASED=true`` only ``if [[
"$OPENSEARCH_VERSION" == *"SNAPSHOT" ]]``.
"""

from __future__ import annotations

import re

__all__ = ["shell_pattern"]


def shell_pattern(word: str) -> re.Pattern[str] | None:
    """The pattern a word as written is, as a regular expression to match a whole value;
    ``None`` for one this does not read (a bracket expression, an expansion, an escape).

    >>> bool(shell_pattern('*"SNAPSHOT"').fullmatch("9.6.0-SNAPSHOT"))
    True
    >>> bool(shell_pattern("'*'x?").fullmatch("*xy")), shell_pattern("[ab]*")
    (True, None)
    """
    if any(char in "[$`\\" or "\ue000" <= char <= "\uf8ff" for char in word):
        return None  # (or a part only a run knows, marked so by the shell reader)
    parts: list[str] = []
    quote = ""
    for char in word:
        if quote:
            if char == quote:
                quote = ""
            else:
                parts.append(re.escape(char))
        elif char in "'\"":
            quote = char
        elif char == "*":
            parts.append(".*")
        elif char == "?":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    if quote:
        return None  # (a quote not closed: not a word as the shell reads it)
    return re.compile("".join(parts), re.DOTALL)
