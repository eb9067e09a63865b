"""What the readers of C# sources share (Aspire's AppHosts, Testcontainers for .NET's tests):
a call's arguments, the value of one when the file says it, and the string constants a file
declares.

Nothing is parsed as C#: a source is comments, string literals and the rest (see
``._source_code``), and a call's arguments are the text between its balanced parentheses.
"""

from __future__ import annotations

from ..._lazy import once
from ._source_code import LITERAL, Written, literal_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Mapping

__all__ = ["Arguments", "argument", "arguments", "constants", "skeleton"]

#: A call's arguments: each one's name (``tag:``) or ``None``, and its text with where it starts.
Arguments = list[tuple[str | None, str, int]]


def skeleton(code: str) -> str:
    """``code`` (without its comments) with the text of its literals blanked, quotes kept:
    a paren or a ``;`` in a string is no code. Offsets do not move."""
    return _literals().sub(lambda m: m[0][0] + " " * (len(m[0]) - 2) + m[0][-1], code)


def arguments(code: str, blanked: str, opening: int) -> Arguments:
    """The arguments of the call whose ``(`` ends just before ``opening`` (``blanked`` is the
    :func:`skeleton` of ``code``)."""
    found: Arguments = []
    depth, start = 0, opening
    for offset in range(opening, len(blanked)):
        char = blanked[offset]
        if char in "([{":
            depth += 1
        elif char in ")]}" and depth:
            depth -= 1
        elif char in ",)" and not depth:
            piece = code[start:offset]
            label = _label().match(piece)
            value_start = start + (label.end() if label else 0)
            value = code[value_start:offset]
            lead = len(value) - len(value.lstrip())
            if value.strip():
                name = None if label is None else label["name"]
                found.append((name, value.strip(), value_start + lead))
            if char == ")":
                break
            start = offset + 1
    return found


def argument(
    given: Arguments, position: int, name: str | None, known: Mapping[str, Written]
) -> Written | None:
    """The value of the argument given as ``name:``, or else at ``position`` among those
    given by position, when it is a literal or a constant of the file (``known``)."""
    named = [(text, at) for label, text, at in given if label is not None and label == name]
    positional = [(text, at) for label, text, at in given if label is None]
    chosen = named[0] if named else positional[position] if position < len(positional) else None
    if chosen is None:
        return None
    text, at = chosen
    if _literal().fullmatch(text):
        return literal_text(text, at)
    if _identifier().fullmatch(text):
        return known.get(text.rpartition(".")[2])  # (Class.Name: the file's Name)
    return None


def constants(code: str) -> dict[str, Written]:
    """The string constants the file declares once each (``const string Name = "…";``,
    ``static readonly string Name = "…";``)."""
    seen: dict[str, Written | None] = {}
    for match in _constant().finditer(code):
        name, value = match["name"], literal_text(match["lit"], match.start("lit"))
        seen[name] = value if name not in seen else None
    return {name: value for name, value in seen.items() if value is not None}


@once
def _literal() -> re.Pattern[str]:
    import re

    return re.compile(LITERAL)


@once
def _literals() -> re.Pattern[str]:
    """Literals (C#'s ``$"…"`` and ``@"…"`` too, and raw ``\"\"\"…\"\"\"``)."""
    import re

    return re.compile(r'"""[\s\S]*?"""|' + LITERAL)


@once
def _identifier() -> re.Pattern[str]:
    import re

    return re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")


@once
def _label() -> re.Pattern[str]:
    """A named argument's name (``tag: "…"``, not ``::``)."""
    import re

    return re.compile(r"\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:(?!:)")


@once
def _constant() -> re.Pattern[str]:
    import re

    return re.compile(
        r"\b(?:const|static\s+readonly|readonly\s+static)\s+string\s+"
        rf"(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?P<lit>{LITERAL})\s*;"
    )
