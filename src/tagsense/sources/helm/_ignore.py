"""``.helmignore``: Helm's ignore rules (its ``pkg/ignore``), not git's.

One pattern a line (``#`` starts a comment); a pattern is Go's
``filepath.Match`` glob, matched against the file's name alone when it has no
``/``, against its path from the chart's root otherwise (a leading ``/``
anchors nothing more); a trailing ``/`` matches directories only; ``!``
negates; ``**`` is an error. The first rule that decides wins, in file order.
Helm adds ``templates/.?*``: hidden files in ``templates/`` are never templates.
"""

from __future__ import annotations

import re

from ..._glob import compile_glob
from ...errors import InvalidPattern

__all__ = ["Rules", "parse_ignore"]


class _Pattern:
    __slots__ = ("base_only", "must_dir", "negate", "regex")

    def __init__(self, regex: re.Pattern[str], negate: bool, must_dir: bool, base_only: bool):
        self.regex = regex
        self.negate = negate
        self.must_dir = must_dir
        self.base_only = base_only

    def match(self, path: str) -> bool:
        name = path.rsplit("/", 1)[-1] if self.base_only else path
        return self.regex.fullmatch(name) is not None


class Rules:
    """A chart's ignore rules."""

    __slots__ = ("_combined", "_negated", "patterns")

    def __init__(self) -> None:
        self.patterns: list[_Pattern] = []
        self._negated = False  # (asked for every file of the chart)
        # Without negations the order does not matter: one pattern for names, one for
        # paths, for files and for directories (a chart has hundreds of files).
        self._combined: dict[bool, tuple[re.Pattern[str] | None, re.Pattern[str] | None]] = {}

    @classmethod
    def defaults(cls) -> Rules:
        rules = cls()
        rules.add("templates/.?*")
        return rules

    def add(self, rule: str) -> None:
        rule = rule.strip()
        if not rule or rule.startswith("#"):
            return
        if "**" in rule:
            raise ValueError("double-star (**) syntax is not supported")
        negate = rule.startswith("!")
        if negate:
            rule = rule[1:]
        must_dir = rule.endswith("/")
        if must_dir:
            rule = rule[:-1]
        base_only = "/" not in rule
        rule = rule.removeprefix("/")
        try:
            regex = compile_glob(rule)
        except InvalidPattern as error:
            raise ValueError(f"syntax error in pattern {rule!r}: {error}") from None
        self.patterns.append(_Pattern(regex, negate, must_dir, base_only))
        self._negated = self._negated or negate
        self._combined.clear()

    def _fast(self, is_dir: bool) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        known = self._combined.get(is_dir)
        if known is None:
            chosen = [p for p in self.patterns if is_dir or not p.must_dir]
            names = [p.regex.pattern for p in chosen if p.base_only]
            paths = [p.regex.pattern for p in chosen if not p.base_only]
            known = (
                re.compile("|".join(f"(?:{n})" for n in names), re.DOTALL) if names else None,
                re.compile("|".join(f"(?:{n})" for n in paths), re.DOTALL) if paths else None,
            )
            self._combined[is_dir] = known
        return known

    def ignore(self, path: str, is_dir: bool) -> bool:
        """Whether ``path`` (slash-separated, from the chart's root) is ignored."""
        if not path or path in (".", "./"):
            return False
        if not self._negated:
            names, paths = self._fast(is_dir)
            if names is not None and names.fullmatch(path.rsplit("/", 1)[-1]):
                return True
            return paths is not None and paths.fullmatch(path) is not None
        for pattern in self.patterns:
            if pattern.negate:
                if pattern.must_dir and not is_dir:
                    return True
                if not pattern.match(path):
                    return True
                continue
            if pattern.must_dir and not is_dir:
                continue
            if pattern.match(path):
                return True
        return False


def parse_ignore(text: str) -> Rules:
    """The rules of a ``.helmignore`` (Helm's defaults added); raises ``ValueError``."""
    rules = Rules()
    for line in text.removeprefix("\ufeff").splitlines():
        rules.add(line)
    rules.add("templates/.?*")
    return rules
