"""The few Jinja expressions that roles write to choose an image, evaluated on known values.

Role defaults choose a registry or a tag with an inline condition::

    app_prefix: "{{ 'localhost/' if app_self_build | bool else 'ghcr.io/' }}"
    app_tag: "{{ 'latest' if app_version == 'latest' else ('release-' + app_version) }}"

What is read: quoted strings, variable names (``a.b`` too), ``+`` and ``~`` (joining
strings), parentheses, ``X if TEST else Y``, and tests made of ``not``, ``==``, ``!=`` and a
name's truth (with ``| bool``, ``| string``, ``| lower`` taken as they come). Anything else —
another filter, a call, a number's arithmetic — gives no value, and the image stays
unresolved.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["evaluate", "holds"]

Lookup = Callable[[str], "str | None"]

_TOKEN = re.compile(
    r"\s*(?:(?P<string>'[^']*'|\"[^\"]*\")|(?P<op>==|!=|[()+~|])"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*))"
)
_KEYWORDS = frozenset({"if", "else", "not", "and", "or", "in", "is"})
#: Filters that leave a string as it is for what is read here.
_PLAIN_FILTERS = frozenset({"bool", "string", "trim"})
#: What Ansible's ``bool`` filter (and YAML 1.1, for an unquoted default) reads as false.
_FALSE = frozenset({"false", "no", "off", "0", "n", ""})


class _Unknown(Exception):
    """The expression is not one read here, or names a value not known here."""


def evaluate(expression: str, lookup: Lookup) -> str | None:
    """The string an expression gives, or ``None`` when it cannot be known here."""
    try:
        tokens = _tokens(expression)
        parser = _Parser(tokens, lookup)
        value = parser.expression()
        if parser.position != len(tokens):
            return None
        return value
    except (_Unknown, RecursionError):
        return None


def holds(condition: str, lookup: Lookup) -> bool | None:
    """Whether a test (a task's ``when``, written without braces) holds, or ``None`` when it
    cannot be known here."""
    try:
        tokens = _tokens(condition)
        parser = _Parser(tokens, lookup)
        value = parser.test()
        if parser.position != len(tokens):
            return None
        return value
    except (_Unknown, RecursionError):
        return None


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise _Unknown
        kind = match.lastgroup or ""
        value = match[kind]
        if kind == "name" and value in _KEYWORDS:
            kind = "keyword"
        tokens.append((kind, value))
        position = match.end()
    if not tokens or len(tokens) > _MAX_TOKENS:
        raise _Unknown
    return tokens


#: An expression longer than this is none of the short choices read here.
_MAX_TOKENS = 64


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], lookup: Lookup) -> None:
        self.tokens = tokens
        self.lookup = lookup
        self.position = 0

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.position] if self.position < len(self.tokens) else ("", "")

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if not token[0] or (value is not None and token[1] != value):
            raise _Unknown
        self.position += 1
        return token

    def expression(self) -> str:
        """``concat [if test else expression]``."""
        value = self.concat()
        if self.peek() == ("keyword", "if"):
            self.take("if")
            chosen = self.test()
            self.take("else")
            other = self.expression()
            return value if chosen else other
        return value

    def test(self) -> bool:
        if self.peek() == ("keyword", "not"):
            self.take("not")
            return not self.test()
        left = self.concat()
        operator = self.peek()[1]
        if operator in ("==", "!="):
            self.take()
            right = self.concat()
            return (left == right) == (operator == "==")
        return left.strip().lower() not in _FALSE

    def concat(self) -> str:
        value = self.atom()
        while self.peek()[1] in ("+", "~"):
            self.take()
            value += self.atom()
        return value

    def atom(self) -> str:
        kind, text = self.take()
        if kind == "string":
            value = text[1:-1]
        elif kind == "name":
            found = self.lookup(text)
            if found is None:
                raise _Unknown
            value = found
        elif text == "(":
            value = self.expression()
            self.take(")")
        else:
            raise _Unknown
        while self.peek()[1] == "|":
            self.take("|")
            kind, name = self.take()
            if kind != "name" or name not in (*_PLAIN_FILTERS, "lower"):
                raise _Unknown
            value = value.lower() if name == "lower" else value
        return value
