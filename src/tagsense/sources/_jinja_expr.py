"""The few Jinja expressions that roles write to choose an image, evaluated on known values.

Role defaults choose a registry or a tag with an inline condition::

    app_prefix: "{{ 'localhost/' if app_self_build | bool else 'ghcr.io/' }}"
    app_tag: "{{ 'latest' if app_version == 'latest' else ('release-' + app_version) }}"

What is read: quoted strings, variable names (``a.b`` too), whole numbers, ``+`` and ``~``
(joining strings), parentheses, ``X if TEST else Y``, and tests made of ``not``, ``and``,
``or``, ``==``, ``!=`` and a name's truth (with ``| bool``, ``| string``, ``| lower`` taken as
they come, and ``| length`` a string's count of characters; ``false and unknown`` is false,
``true or unknown`` true), and ``| default(…)``, whose argument stands for a name no file
here gives (apache/openwhisk's ``couchdb.docker_image | default('apache/couchdb:' ~
couchdb.version)``). Anything else — another filter, a call, a number's arithmetic — gives no
value, and the image stays unresolved.
"""

from __future__ import annotations

from collections.abc import Callable

from .._lazy import lazy_pattern

__all__ = ["evaluate", "holds"]

Lookup = Callable[[str], "str | None"]

_TOKEN = lazy_pattern(
    r"\s*(?:(?P<string>'[^']*'|\"[^\"]*\")|(?P<op>==|!=|[()+~|])"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)|(?P<number>0|[1-9][0-9]{0,8})\b)"
)
_KEYWORDS = frozenset({"if", "else", "not", "and", "or", "in", "is"})
#: Jinja's filter that gives its argument for an undefined value.
_DEFAULT_FILTERS = frozenset({"default", "d"})
#: Filters that leave a string as it is for what is read here.
_PLAIN_FILTERS = frozenset({"bool", "string", "trim"})
#: What Ansible's ``bool`` filter (and YAML 1.1, for an unquoted default) reads as false.
_FALSE = frozenset({"false", "no", "off", "0", "n", ""})


class _Number(str):
    """A number (written, or a string's ``length``): equal to another of the same value; it
    joins no string and tests no truth here."""


class _Unknown(Exception):
    """The expression is not one read here, or names a value not known here."""


def evaluate(expression: str, lookup: Lookup) -> str | None:
    """The string an expression gives, or ``None`` when it cannot be known here."""
    try:
        tokens = _tokens(expression)
        parser = _Parser(tokens, lookup)
        value = parser.expression()
        if parser.position != len(tokens) or value is None or isinstance(value, _Truth):
            return None  # (a test's truth that an unknown part leaves without a value)
        return value if isinstance(value, str) else str(value)
    except (_Unknown, RecursionError):
        return None


def holds(condition: str, lookup: Lookup) -> bool | None:
    """Whether a test (a task's ``when``, written without braces) holds, or ``None`` when it
    cannot be known here (``false and unknown`` is false, ``true or unknown`` true)."""
    try:
        tokens = _tokens(condition)
        parser = _Parser(tokens, lookup)
        value = parser.expression()
        if parser.position != len(tokens):
            return None
        return _truth(value)
    except (_Unknown, RecursionError):
        return None


class _Truth:
    """A truth whose value is not known: ``unknown or 'yes'`` is true, but which string?"""

    def __init__(self, truth: bool) -> None:
        self.truth = truth


_TRUE, _FALSE_ONLY = _Truth(True), _Truth(False)


def _truth(value: str | bool | _Truth | None) -> bool | None:
    if isinstance(value, _Truth):
        return value.truth
    if value is None or isinstance(value, bool):
        return value
    return value.strip().lower() not in _FALSE


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

    def expression(self) -> str | bool | _Truth | None:
        """``or_test [if or_test else expression]``."""
        value = self.either()
        if self.peek() == ("keyword", "if"):
            self.take("if")
            chosen = _truth(self.either())
            self.take("else")
            other = self.expression()
            return None if chosen is None else value if chosen else other
        return value

    def either(self) -> str | bool | _Truth | None:
        """``a or b``: the first true one, else the last; true when one is, whatever the
        unknown ones are."""
        values = [self.both()]
        while self.peek() == ("keyword", "or"):
            self.take("or")
            values.append(self.both())
        if len(values) == 1:
            return values[0]
        for value in values:
            truth = _truth(value)
            if truth is None:
                return _TRUE if any(_truth(v) for v in values) else None
            if truth:
                return value
        return values[-1]

    def both(self) -> str | bool | _Truth | None:
        """``a and b``: the first false one, else the last; false when one is."""
        values = [self.negation()]
        while self.peek() == ("keyword", "and"):
            self.take("and")
            values.append(self.negation())
        if len(values) == 1:
            return values[0]
        for value in values:
            truth = _truth(value)
            if truth is None:
                return _FALSE_ONLY if any(_truth(v) is False for v in values) else None
            if not truth:
                return value
        return values[-1]

    def negation(self) -> str | bool | _Truth | None:
        if self.peek() == ("keyword", "not"):
            self.take("not")
            truth = _truth(self.negation())
            return None if truth is None else not truth
        left = self.concat()
        operator = self.peek()[1]
        if operator in ("==", "!="):
            self.take()
            right = self.concat()
            if not isinstance(left, str) or not isinstance(right, str):
                return None
            # (a number is never equal to a string: `9 == '9'` is false in Jinja)
            same = left == right and isinstance(left, _Number) == isinstance(right, _Number)
            return same == (operator == "==")
        return left

    def concat(self) -> str | bool | _Truth | None:
        value = self.atom()
        while self.peek()[1] in ("+", "~"):
            operator = self.take()[1]
            more = self.atom()
            if isinstance(value, (bool, _Truth)) or isinstance(more, (bool, _Truth)):
                raise _Unknown
            if operator == "+" and (isinstance(value, _Number) or isinstance(more, _Number)):
                raise _Unknown  # (arithmetic, or a number added to a string: not read here)
            value = None if value is None or more is None else value + more
        return value

    def atom(self) -> str | bool | _Truth | None:
        kind, text = self.take()
        value: str | bool | _Truth | None
        if kind == "string":
            value = text[1:-1]
        elif kind == "number":
            value = _Number(text)  # (compared with `==` to another number, or a length)
        elif kind == "name":
            value = self.lookup(text)  # (None: not known here, which a test may not need)
        elif text == "(":
            value = self.expression()
            self.take(")")
        else:
            raise _Unknown
        while self.peek()[1] == "|":
            self.take("|")
            kind, name = self.take()
            if kind == "name" and name in _DEFAULT_FILTERS:
                value = self.defaulted(value)
                continue
            if kind != "name" or name not in (*_PLAIN_FILTERS, "lower", "length"):
                raise _Unknown
            if name == "lower" and isinstance(value, str):
                value = value.lower()
            elif name == "length":
                # (a string's count of characters: matrix-docker-ansible-deploy's
                # `('-' ~ arch) if (version | length == 40) else ''` for a commit's tag)
                value = _Number(str(len(value))) if isinstance(value, str) else None
        return value

    def defaulted(self, value: str | bool | _Truth | None) -> str | bool | _Truth | None:
        """``| default(EXPRESSION)`` (or ``| d(…)``): the value, or when no file here gives
        it, the expression's (``''`` without one), as a role's default stands for what the
        user may give instead."""
        fallback: str | bool | _Truth | None = ""
        if self.peek()[1] == "(":
            self.take("(")
            if self.peek()[1] != ")":
                fallback = self.expression()
            self.take(")")
        return fallback if value is None else value
