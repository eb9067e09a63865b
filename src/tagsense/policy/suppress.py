"""Suppression comments: ``# tagsense: ignore[TS001]`` and ``# tagsense: disable-file[…]``.

``ignore`` applies to its own line and the line below it (a comment above an
instruction), ``disable-file`` to the whole file; bare ``ignore`` silences
every rule. A suppression that silenced nothing is reported as TS900.
"""

from __future__ import annotations

import re

from .rules import RULES_BY_KEY

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["Suppression", "parse_suppressions"]

_DIRECTIVE = r"#\s*tagsense:\s*(?P<kind>ignore|disable-file)\b(?:\[(?P<codes>[^\]]*)\])?"


class Suppression:
    """One suppression comment: where it is, what it silences, and whether it did."""

    __slots__ = ("codes", "column", "kind", "line", "text", "used")

    def __init__(self, line: int, column: int, kind: str, codes: frozenset[str] | None, text: str):
        self.line = line
        self.column = column
        self.kind = kind  # "ignore" or "disable-file"
        self.codes = codes  # None: every rule
        self.text = text
        self.used = False

    def covers(self, line: int | None, code: str) -> bool:
        if self.codes is not None and code not in self.codes:
            return False
        if self.kind == "disable-file":
            return True
        return line is not None and line in (self.line, self.line + 1)

    def __repr__(self) -> str:
        return f"<Suppression {self.kind} line {self.line} {sorted(self.codes or ['*'])}>"


def parse_suppressions(text: str, user_names: Iterable[tuple[str, str]] = ()) -> list[Suppression]:
    """Every suppression comment in a file's text (codes or names, names made codes)."""
    # Most files have none: the pattern is not even compiled for them.
    if "tagsense" not in text.lower():
        return []
    directive = re.compile(_DIRECTIVE, re.IGNORECASE)  # (re caches it)
    names = dict(user_names)
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        if "tagsense" not in line.lower():
            continue
        for match in directive.finditer(line):
            codes = None
            if match["codes"] is not None:
                codes = frozenset(
                    _code(item.strip(), names) for item in match["codes"].split(",") if item.strip()
                )
            found.append(
                Suppression(number, match.start() + 1, match["kind"].lower(), codes, match[0])
            )
    return found


def _code(key: str, user_names: dict[str, str]) -> str:
    rule = RULES_BY_KEY.get(key) or RULES_BY_KEY.get(key.upper())
    if rule is not None:
        return rule.code
    return user_names.get(key, key.upper())
