r"""The condition language of user-defined rules: ``os.family == "debian" and os.version < 12``.

A rule's ``when`` is parsed once, when the configuration is loaded, by
:func:`compile_condition`, and compiled into a tree of Python closures: a
:class:`Condition` is called with a subject (a mapping of field names to
values) and answers ``True`` or ``False`` without parsing, compiling a regex or
raising. pyparsing is imported by :func:`compile_condition` only, so importing
this module does not load it.

>>> when = compile_condition('os.family == "debian" and os.version < 12')
>>> when({"os.family": "debian", "os.version": "11"}), sorted(when.fields)
(True, ['os.family', 'os.version'])
>>> compile_condition("not (tag in ['latest','edge'] or 'slim' in flavours)").pretty()
'not (tag in ["latest", "edge"] or "slim" in flavours)'

Grammar (EBNF; keywords are lowercase, whitespace is free between tokens)::

    condition  = and_expr , { "or" , and_expr } ;
    and_expr   = not_expr , { "and" , not_expr } ;
    not_expr   = "not" , not_expr | atom ;
    atom       = "(" , condition , ")" | "true" | "false" | comparison | membership ;
    comparison = field , operator , value ;
    membership = scalar , [ "not" ] , "in" , field ;       (* "slim" in flavours *)
    operator   = "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not" , "in"
               | "matches" | "~" ;
    value      = scalar | list ;
    list       = "[" , [ scalar , { "," , scalar } , [ "," ] ] , "]" ;
    scalar     = string | date | number | "none" | "true" | "false" ;
    string     = '"' , { character | escape } , '"' | "'" , { character | escape } , "'" ;
    escape     = "\" , character ;     (* \\ \" \' \n \t \r; others kept as written *)
    date       = digit , digit , digit , digit , "-" , digit , digit , "-" , digit , digit ;
    number     = digits , { "." , digits } ;                 (* 12, 3.19, 1.2.3 *)
    field      = name , { "." , name } ;                     (* one of FIELDS *)

So ``not`` binds tighter than ``and``, ``and`` tighter than ``or``, and a
comparison tighter than ``not``: ``not a == 1 and b == 2 or c == 3`` is
``((not (a == 1)) and (b == 2)) or (c == 3)``. Unknown escapes are kept, so a
regex reads as usual: ``tag ~ "^\d+$"``.

Fields and what they compare with:

* text fields (``registry``, ``namespace``, ``app``, ``repository``, ``tag``,
  ``digest``, ``precision``, ``prerelease``, ``os.family``, ``os.codename``,
  ``alias``, ``arch``, ``kind``, ``path``): quoted strings. ``==``, ``!=``,
  ``in``/``not in`` a list; ``< <= > >=`` compare the text (code point order);
  ``matches`` is a Go ``path.Match`` glob over the whole value (``*`` does not
  cross ``/``); ``~`` is a regular-expression *search* (anchor it with ``^``/``$``).
* version fields (``version``, ``os.version``): as text fields, and a number
  literal (``12``, ``3.19``, ``1.2.3``) compares as a *version*, in ``==``,
  ``!=``, ``in`` and the orderings. The orderings always compare as versions,
  so their literal is a number or a quoted version (``"3.13.0rc1"``). Two
  versions that both parse as PEP 440 versions compare through
  :class:`packaging.version.Version`; otherwise they compare by their release
  numbers, read as :attr:`tagsense.Tag.release` reads them (the leading
  ``\d+(.\d+)*``, ``8u392`` is ``(8, 0, 392)``; a value without a leading
  number uses all its digit groups, ``"ltsc2022"`` is ``(2022,)``), with
  trailing zeros ignored as packaging ignores them (``7 == 7.0``). A value with
  no digits at all (``"edge"``) is not a version and satisfies no version
  comparison. A quoted string in ``==``/``!=``/``in`` compares the text as written.
* ``os.eol``, a date: date literals (``2026-01-01``), all six comparisons and ``in``.
* ``flavours``, ``variants``, lists of text: ``"slim" in flavours``,
  ``"slim" not in flavours``, and ``==``/``!=`` a list (order matters).

A missing value (``None``) satisfies no comparison except ``== none`` and
``!= none``: ``tag != "latest"``, ``tag not in ["latest"]`` and
``os.eol < 2030-01-01`` are all false when the value is missing (``tag in [...,
none]`` is true). A value of the wrong type satisfies no comparison either;
evaluation never raises. ``true`` and ``false`` are conditions on their own.

Everything that can be known from the text is checked by
:func:`compile_condition`: syntax, unknown fields (with a suggestion), a
literal of the wrong type for its field (``flavours < 3``, ``os.eol == "x"``),
invalid dates, regexes and globs. Each raises :class:`InvalidCondition` with a
caret under the offending column.
"""

from __future__ import annotations

import operator
import re
from functools import lru_cache

from .._glob import compile_glob
from .._lazy import lazy_pattern, once
from ..errors import InvalidPattern, TagsenseError, caret_display

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    from collections.abc import Callable, Mapping, Sequence
    from typing import Any, TypeAlias

    from packaging.version import Version

    _Subject: TypeAlias = Mapping[str, object]
    _Predicate: TypeAlias = Callable[[_Subject], bool]
    _ValueTest: TypeAlias = Callable[[object], bool]
    _VersionKey: TypeAlias = tuple[Version | None, tuple[int, ...]]

__all__ = ["FIELDS", "Condition", "InvalidCondition", "compile_condition"]

_TEXT_FIELDS = (
    "registry",
    "namespace",
    "app",
    "repository",
    "tag",
    "digest",
    "precision",
    "prerelease",
    "os.family",
    "os.codename",
    "alias",
    "arch",
    "kind",
    "path",
)
_VERSION_FIELDS = ("version", "os.version")
_DATE_FIELDS = ("os.eol",)
_LIST_FIELDS = ("flavours", "variants")

#: What each field holds: "text", "version", "date" or "list".
_FIELD_TYPES: dict[str, str] = {
    **dict.fromkeys(_TEXT_FIELDS, "text"),
    **dict.fromkeys(_VERSION_FIELDS, "version"),
    **dict.fromkeys(_DATE_FIELDS, "date"),
    **dict.fromkeys(_LIST_FIELDS, "list"),
}

#: The field names a condition may use.
FIELDS: frozenset[str] = frozenset(_FIELD_TYPES)

_KEYWORDS = ("and", "or", "not", "in", "matches", "none", "true", "false")
# Deeper trees are refused: the tree is walked recursively, here and when evaluated.
_MAX_DEPTH = 50
_ORDERINGS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


class InvalidCondition(TagsenseError):
    """A condition that does not parse or cannot mean anything.

    ``position`` is the 0-based index into ``source`` of the offending
    character (``len(source)`` when something is missing at the end);
    ``reason`` is a one-line explanation. ``str()`` gives the reason, the
    source and a caret under the position.
    """

    def __init__(self, source: str, position: int, reason: str) -> None:
        super().__init__(source, position, reason)
        #: The condition as written.
        self.source = source
        #: Index into ``source`` of the offending character.
        self.position = position
        #: What is wrong, in one line.
        self.reason = reason

    def __str__(self) -> str:
        return f"invalid condition: {self.reason}\n{caret_display(self.source, self.position)}"

    def __repr__(self) -> str:
        return (
            f"InvalidCondition(source={self.source!r}, position={self.position}, "
            f"reason={self.reason!r})"
        )


class _Error(Exception):
    # Raised while compiling a parsed tree; compile_condition adds the source.
    def __init__(self, position: int, reason: str) -> None:
        super().__init__(position, reason)
        self.position = position
        self.reason = reason


# --- the tree --------------------------------------------------------------------
# Positions are kept for error messages but are not part of a node's identity:
# two trees are equal when they mean the same text up to spacing, quoting,
# redundant parentheses and the grouping of a chain of ``and`` (or ``or``).


class _Node:
    __slots__ = ("pos",)

    pos: int

    def _key(self) -> tuple[object, ...]:
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, _Node)
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._key()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}{self._key()!r}"


class _Literal(_Node):
    """``kind`` is string, number, date, none, true, false or list; ``value`` the
    decoded string, the number or date as written, or the items of a list."""

    __slots__ = ("kind", "value")

    def __init__(self, kind: str, value: str | tuple[_Literal, ...] | None, pos: int) -> None:
        self.kind = kind
        self.value = value
        self.pos = pos

    def _key(self) -> tuple[object, ...]:
        return (self.kind, self.value)

    @property
    def text(self) -> str:
        assert isinstance(self.value, str)
        return self.value

    @property
    def items(self) -> tuple[_Literal, ...]:
        assert isinstance(self.value, tuple)
        return self.value


class _Compare(_Node):
    """``field op value``; ``pos`` is the field's position."""

    __slots__ = ("field", "op", "op_pos", "value")

    def __init__(self, field: str, op: str, value: _Literal, pos: int, op_pos: int) -> None:
        self.field = field
        self.op = op
        self.value = value
        self.pos = pos
        self.op_pos = op_pos

    def _key(self) -> tuple[object, ...]:
        return (self.field, self.op, self.value)


class _Contains(_Node):
    """``item in field`` / ``item not in field``; ``pos`` is the item's position."""

    __slots__ = ("field", "field_pos", "item", "op")

    def __init__(self, item: _Literal, op: str, field: str, field_pos: int) -> None:
        self.item = item
        self.op = op
        self.field = field
        self.pos = item.pos
        self.field_pos = field_pos

    def _key(self) -> tuple[object, ...]:
        return (self.item, self.op, self.field)


class _Constant(_Node):
    __slots__ = ("value",)

    def __init__(self, value: bool, pos: int) -> None:
        self.value = value
        self.pos = pos

    def _key(self) -> tuple[object, ...]:
        return (self.value,)


class _Not(_Node):
    __slots__ = ("operand",)

    def __init__(self, operand: _Node, pos: int) -> None:
        self.operand = operand
        self.pos = pos

    def _key(self) -> tuple[object, ...]:
        return (self.operand,)


class _And(_Node):
    __slots__ = ("operands",)

    def __init__(self, operands: tuple[_Node, ...]) -> None:
        self.operands = operands
        self.pos = operands[0].pos

    def _key(self) -> tuple[object, ...]:
        return self.operands


class _Or(_And):
    __slots__ = ()


def _chain(cls: type[_And], operands: Sequence[_Node]) -> _Node:
    """One node for ``a and b and c`` (or ``or``), flattening nested chains of the same kind."""
    if len(operands) == 1:
        return operands[0]
    flat: list[_Node] = []
    for operand in operands:
        if type(operand) is cls:
            assert isinstance(operand, _And)
            flat.extend(operand.operands)
        else:
            flat.append(operand)
    return cls(tuple(flat))


# --- printing --------------------------------------------------------------------

_ESCAPES = {"\\": "\\", '"': '"', "'": "'", "n": "\n", "t": "\t", "r": "\r"}
_UNESCAPE_RE = lazy_pattern(r"\\([\s\S])")
_QUOTE_RE = lazy_pattern(r"""\\(?=[\\"'ntr]|$)|["\n\t\r]""")
_QUOTED = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _unescape(body: str) -> str:
    return _UNESCAPE_RE.sub(lambda m: _ESCAPES.get(m[1], m[0]), body)


def _quote(text: str) -> str:
    # A backslash stays single unless it would start an escape: "^\d+$" prints as written.
    return '"' + _QUOTE_RE.sub(lambda m: _QUOTED[m[0]], text) + '"'


def _literal_text(literal: _Literal) -> str:
    if literal.kind == "string":
        return _quote(literal.text)
    if literal.kind == "list":
        return "[" + ", ".join(_literal_text(item) for item in literal.items) + "]"
    if literal.kind in ("number", "date"):
        return literal.text
    return literal.kind  # none, true, false


def _pretty(node: _Node, min_precedence: int = 0) -> str:
    if isinstance(node, _And):
        precedence = 1 if isinstance(node, _Or) else 2
        joiner = " or " if precedence == 1 else " and "
        text = joiner.join(_pretty(operand, precedence + 1) for operand in node.operands)
    elif isinstance(node, _Not):
        precedence, text = 3, "not " + _pretty(node.operand, 3)
    else:
        precedence = 4
        if isinstance(node, _Compare):
            text = f"{node.field} {node.op} {_literal_text(node.value)}"
        elif isinstance(node, _Contains):
            text = f"{_literal_text(node.item)} {node.op} {node.field}"
        else:
            assert isinstance(node, _Constant)
            text = "true" if node.value else "false"
    return f"({text})" if precedence < min_precedence else text


# --- the public values -----------------------------------------------------------


class Condition:
    """A compiled condition: call it with a subject to get ``True`` or ``False``.

    Two conditions are equal when their trees are: ``compile_condition(c.pretty())
    == c`` for every condition ``c``.
    """

    __slots__ = ("_predicate", "_tree", "fields", "source")

    #: The condition as written.
    source: str
    #: The field names it reads.
    fields: frozenset[str]

    def __init__(
        self, source: str, tree: _Node, predicate: _Predicate, fields: frozenset[str]
    ) -> None:
        self.source = source
        self.fields = fields
        self._tree = tree
        self._predicate = predicate

    def __call__(self, subject: Mapping[str, object]) -> bool:
        """Whether ``subject`` (field name -> value; absent names are missing) satisfies it."""
        return self._predicate(subject)

    def pretty(self) -> str:
        """The canonical text: single spaces, double quotes, only the parentheses needed."""
        return _pretty(self._tree)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Condition):
            return NotImplemented
        return self._tree == other._tree

    def __hash__(self) -> int:
        return hash(self._tree)

    def __repr__(self) -> str:
        return f"Condition({self.pretty()!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (compile_condition, (self.source,))


def compile_condition(source: str) -> Condition:
    """Parse and compile a condition; raise :class:`InvalidCondition` if it is not one."""
    import pyparsing as pp

    try:
        tree = _grammar().parse_string(source, parse_all=True)[0]
    except pp.ParseBaseException as error:
        raise InvalidCondition(source, error.loc, _syntax_reason(error)) from None
    except RecursionError:
        raise InvalidCondition(source, 0, "the condition is nested too deeply") from None
    assert isinstance(tree, _Node)
    fields: set[str] = set()
    try:
        predicate = _compile(tree, fields, 1)
    except _Error as error:
        raise InvalidCondition(source, error.position, error.reason) from None
    return Condition(source, tree, predicate, frozenset(fields))


# --- parsing ---------------------------------------------------------------------

_FOUND_RE = lazy_pattern(r"\s*([A-Za-z0-9_.-]+|[=!<>~&|]+|\S)")


# The reasons given by the grammar's hints ("use 'and'"), which need no "found".
_HINTS: set[str] = set()


def _syntax_reason(error: Any) -> str:
    message: str = error.msg or "syntax error"
    if message in _HINTS:
        return message
    match = _FOUND_RE.match(error.pstr, error.loc)
    if match is None:
        found = "the end"
    else:
        found, lowered = repr(match[1]), match[1].lower()
        if lowered in _KEYWORDS and lowered != match[1]:
            return f"keywords are lowercase: write {lowered!r}"
    return f"{message[:1].lower()}{message[1:]}, found {found}"


class _Word:
    """A field name or an operator, with its position, on its way into a node."""

    __slots__ = ("pos", "text")

    def __init__(self, text: str, pos: int) -> None:
        self.text = text
        self.pos = pos


@once
def _grammar() -> Any:
    """The pyparsing grammar, built on first use (pyparsing is imported only then)."""
    import pyparsing as pp

    ident_chars = pp.alphanums + "_."

    def keyword(word: str) -> pp.ParserElement:
        return pp.Keyword(word, ident_chars=ident_chars).set_name(repr(word))

    def hint(pattern: str, reason: str) -> pp.ParserElement:
        _HINTS.add(reason)

        def refuse(text: str, position: int, tokens: pp.ParseResults) -> None:
            raise pp.ParseFatalException(text, position, reason)

        return pp.Regex(pattern).set_parse_action(refuse)

    def literal(kind: str) -> Callable[[str, int, pp.ParseResults], _Literal]:
        def action(text: str, position: int, tokens: pp.ParseResults) -> _Literal:
            value = str(tokens[0])
            if kind == "string":
                value = _unescape(value[1:-1])
            elif kind in ("none", "true", "false"):
                return _Literal(kind, None, position)
            return _Literal(kind, value, position)

        return action

    def word(text: str, position: int, tokens: pp.ParseResults) -> _Word:
        return _Word(" ".join(_flat(tokens)), position)

    # values
    string = pp.Regex(r""""(?:[^"\\]|\\[\s\S])*"|'(?:[^'\\]|\\[\s\S])*'""")
    string.set_parse_action(literal("string"))
    unclosed = hint(r"""["']""", "the string is not closed")
    date = pp.Regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?![A-Za-z0-9_.-])")
    date.set_parse_action(literal("date"))
    number = pp.Regex(r"[0-9]+(?:\.[0-9]+)*(?![A-Za-z0-9_.-])")
    number.set_parse_action(literal("number"))
    none, true, false = (keyword(w).set_parse_action(literal(w)) for w in ("none", "true", "false"))
    loose_date = hint(
        r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?![A-Za-z0-9_.-])", "write a date as 2026-01-31"
    )
    scalar = string | date | loose_date | number | none | true | false | unclosed
    scalar.set_name("a value")
    comma, close = pp.Suppress(","), pp.Suppress("]")
    tail = comma - (pp.FollowedBy("]") | scalar).set_name("a value or ']'")
    items = scalar - pp.ZeroOrMore(tail) - close.copy().set_name("',' or ']'")
    listed = pp.Suppress("[") - (close | items).set_name("a value or ']'")
    listed.set_parse_action(lambda s, loc, t: _Literal("list", tuple(t), loc))
    value = (listed | scalar).set_name("a value")

    # comparisons
    keywords = "|".join(_KEYWORDS)
    field = pp.Regex(
        rf"(?!(?i:{keywords})(?![A-Za-z0-9_.]))[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*"
    )
    field.set_parse_action(word).set_name("a field")
    in_op = (pp.Group(keyword("not") + keyword("in")) | keyword("in")).set_parse_action(word)
    in_op.set_name("'in' or 'not in'")
    operator_ = (
        pp.Regex(r"==|!=|<=|>=|<|>|~").set_parse_action(word)
        | keyword("matches").set_parse_action(word)
        | in_op
        | hint(r"=", "use '==' to compare")
        | hint(r"!~", "'!~' is not an operator: write not (field ~ \"pattern\")")
    ).set_name("an operator")

    def compare(text: str, position: int, tokens: pp.ParseResults) -> _Compare:
        name, op, lit = tokens
        return _Compare(name.text, op.text, lit, name.pos, op.pos)

    def contains(text: str, position: int, tokens: pp.ParseResults) -> _Contains:
        lit, op, name = tokens
        return _Contains(lit, op.text, name.text, name.pos)

    comparison = (field - operator_ - value).set_parse_action(compare)
    membership = ((string | date | number | none | unclosed) - in_op - field).set_parse_action(
        contains
    )

    # conditions
    condition = pp.Forward()
    group = pp.Suppress("(") - condition - pp.Suppress(")").set_name("'and', 'or' or ')'")
    constant = (keyword("true") | keyword("false")).set_parse_action(
        lambda s, loc, t: _Constant(t[0] == "true", loc)
    )
    atom = (group | constant | comparison | membership).set_name("a condition")
    negation = pp.Forward()
    negation <<= (
        (keyword("not") - negation).set_parse_action(lambda s, loc, t: _Not(t[1], loc))
        | hint(r"!(?!=)", "use 'not'")
        | atom
    ).set_name("a condition")
    and_op = keyword("and").suppress() | hint(r"&&?", "use 'and'")
    or_op = keyword("or").suppress() | hint(r"\|\|?", "use 'or'")
    conjunction = negation + pp.ZeroOrMore(and_op - negation)
    conjunction.set_parse_action(lambda s, loc, t: _chain(_And, list(t)))
    condition <<= (conjunction + pp.ZeroOrMore(or_op - conjunction)).set_parse_action(
        lambda s, loc, t: _chain(_Or, list(t))
    )
    grammar = condition + pp.StringEnd().set_name("'and', 'or' or the end")
    grammar.parse_with_tabs()  # positions are positions in the text as written
    return grammar


def _flat(tokens: Any) -> list[str]:
    out: list[str] = []
    for token in tokens:
        if isinstance(token, str):
            out.append(token)
        else:
            out.extend(_flat(token))
    return out


# --- compiling -------------------------------------------------------------------


def _compile(node: _Node, fields: set[str], depth: int) -> _Predicate:
    if depth > _MAX_DEPTH:
        raise _Error(node.pos, f"the condition is nested more than {_MAX_DEPTH} deep")
    if isinstance(node, _And):
        parts = tuple(_compile(operand, fields, depth + 1) for operand in node.operands)
        return _any_of(parts) if isinstance(node, _Or) else _all_of(parts)
    if isinstance(node, _Not):
        inner = _compile(node.operand, fields, depth + 1)
        return lambda subject: not inner(subject)
    if isinstance(node, _Constant):
        result = node.value
        return lambda subject: result
    if isinstance(node, _Contains):
        _field_type(node.field, node.field_pos)
        fields.add(node.field)
        return _compile_contains(node)
    assert isinstance(node, _Compare)
    kind = _field_type(node.field, node.pos)
    fields.add(node.field)
    return _compile_compare(node, kind)


def _all_of(parts: tuple[_Predicate, ...]) -> _Predicate:
    if len(parts) == 2:
        first, second = parts
        return lambda subject: first(subject) and second(subject)

    def all_of(subject: _Subject) -> bool:
        for part in parts:  # noqa: SIM110 -- a loop costs less than all() over a generator
            if not part(subject):
                return False
        return True

    return all_of


def _any_of(parts: tuple[_Predicate, ...]) -> _Predicate:
    if len(parts) == 2:
        first, second = parts
        return lambda subject: first(subject) or second(subject)

    def any_of(subject: _Subject) -> bool:
        for part in parts:  # noqa: SIM110 -- a loop costs less than any() over a generator
            if part(subject):
                return True
        return False

    return any_of


def _field_type(name: str, position: int) -> str:
    kind = _FIELD_TYPES.get(name)
    if kind is not None:
        return kind
    import difflib

    close = difflib.get_close_matches(name.lower(), sorted(FIELDS), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else f"; fields are {', '.join(sorted(FIELDS))}"
    raise _Error(position, f"unknown field {name!r}{hint}")


def _compile_contains(node: _Contains) -> _Predicate:
    if _FIELD_TYPES[node.field] != "list":
        raise _Error(
            node.field_pos,
            f"{node.field!r} is not a list: '{node.op}' needs flavours or variants on its right",
        )
    item = node.item
    if item.kind != "string":
        raise _Error(item.pos, f"{node.field} holds strings: quote the value")
    name, text = node.field, item.text
    if node.op == "in":

        def contains(subject: _Subject) -> bool:
            value = subject.get(name)
            return isinstance(value, (tuple, list)) and text in value

        return contains

    def lacks(subject: _Subject) -> bool:
        value = subject.get(name)
        return isinstance(value, (tuple, list)) and text not in value

    return lacks


def _compile_compare(node: _Compare, kind: str) -> _Predicate:
    name, op, literal = node.field, node.op, node.value
    if literal.kind == "none" and op in ("==", "!="):
        if kind == "list":
            raise _Error(literal.pos, f"{name} is never none: compare it with []")
        if op == "==":
            return lambda subject: subject.get(name) is None
        return lambda subject: subject.get(name) is not None
    if op in ("in", "not in"):
        return _compile_membership(node, kind)
    if kind == "list":
        return _compile_list(node)
    if literal.kind in ("true", "false"):
        raise _Error(literal.pos, f"no field is true or false: {name} holds {_HOLDS[kind]}")
    if op in ("==", "!=") and kind != "date" and literal.kind == "string":
        text = literal.text  # the common case, without a call per value
        if op == "==":
            return lambda subject: subject.get(name) == text

        def differs(subject: _Subject) -> bool:
            value = subject.get(name)
            return isinstance(value, str) and value != text

        return differs
    if op in ("matches", "~"):
        return _compile_match(node, kind)
    if op not in ("==", "!="):
        if literal.kind == "none":
            raise _Error(literal.pos, "none has no order: use == none or != none")
        if literal.kind == "list":
            raise _Error(literal.pos, f"'{op}' compares with one value, not a list")
        if kind == "text":
            if literal.kind != "string":
                raise _Error(literal.pos, f"{name} is text: quote the value to compare text")
            text, compare = literal.text, _ORDERINGS[op]

            def ordered(subject: _Subject) -> bool:
                value = subject.get(name)
                return isinstance(value, str) and compare(value, text)

            return ordered
    return _when(name, kind, _value_test(name, kind, op, literal))


_HOLDS = {"text": "text", "version": "a version", "date": "a date", "list": "a list of text"}


def _when(name: str, kind: str, test: _ValueTest) -> _Predicate:
    """The value is present, of the field's type, and passes ``test``."""
    if kind == "date":
        import datetime

        date, moment = datetime.date, datetime.datetime

        def dated(subject: _Subject) -> bool:
            value = subject.get(name)
            if isinstance(value, moment):
                value = value.date()
            elif not isinstance(value, date):
                return False
            return test(value)

        return dated

    def texted(subject: _Subject) -> bool:
        value = subject.get(name)
        return isinstance(value, str) and test(value)

    return texted


_ACCEPT: dict[str, Callable[[int], bool]] = {
    "==": lambda c: c == 0,
    "!=": lambda c: c != 0,
    "<": lambda c: c < 0,
    "<=": lambda c: c <= 0,
    ">": lambda c: c > 0,
    ">=": lambda c: c >= 0,
}


def _value_test(name: str, kind: str, op: str, literal: _Literal) -> _ValueTest:
    """``value op literal`` for a present value of the field's type (str, or a date)."""
    if literal.kind == "list":
        raise _Error(literal.pos, "use 'in' to compare with each value of a list")
    if literal.kind in ("true", "false"):
        raise _Error(literal.pos, f"no field is true or false: {name} holds {_HOLDS[kind]}")
    compare = _ORDERINGS[op]
    if kind == "date":
        bound = _date_literal(name, literal)
        return lambda value: compare(value, bound)
    if kind == "version" and (literal.kind != "string" or op not in ("==", "!=")):
        key = _version_literal(name, literal, ordering=op not in ("==", "!="))
        return _version_test(key, _ACCEPT[op])
    if literal.kind == "string":
        text = literal.text
        return lambda value: compare(value, text)
    raise _Error(literal.pos, f"{name} is text: quote the value")


def _compile_membership(node: _Compare, kind: str) -> _Predicate:
    # x in [a, b] is x == a or x == b; x not in [a, b] is x != a and x != b.
    name, literal = node.field, node.value
    if kind == "list":
        raise _Error(node.pos, f'{name} is a list: write "value" {node.op} {name}')
    if literal.kind != "list":
        raise _Error(literal.pos, f'\'{node.op}\' needs a list, such as ["a", "b"]')
    items = literal.items
    has_none = any(item.kind == "none" for item in items)
    present = [item for item in items if item.kind != "none"]
    op = "==" if node.op == "in" else "!="
    tests = tuple(_value_test(name, kind, op, item) for item in present)
    if kind != "date" and all(item.kind == "string" for item in present):
        texts = frozenset(item.text for item in present)
        if node.op == "in":

            def among(subject: _Subject) -> bool:
                value = subject.get(name)
                if value is None:
                    return has_none
                return isinstance(value, str) and value in texts

            return among

        def outside(subject: _Subject) -> bool:
            value = subject.get(name)
            return isinstance(value, str) and value not in texts

        return outside
    if node.op == "in":
        present_test = _when(name, kind, lambda value: any(test(value) for test in tests))
        if has_none:
            return lambda subject: subject.get(name) is None or present_test(subject)
        return present_test
    return _when(name, kind, lambda value: all(test(value) for test in tests))


def _compile_list(node: _Compare) -> _Predicate:
    name, op, literal = node.field, node.op, node.value
    if op not in ("==", "!="):
        raise _Error(
            node.op_pos, f'{name} is a list: use "value" in {name}, or == / != a whole list'
        )
    if literal.kind != "list":
        raise _Error(literal.pos, f'{name} is a list: write "value" in {name}')
    for item in literal.items:
        if item.kind != "string":
            raise _Error(item.pos, f"{name} holds strings: quote the value")
    wanted = tuple(item.text for item in literal.items)
    if op == "==":

        def same(subject: _Subject) -> bool:
            value = subject.get(name)
            return isinstance(value, (tuple, list)) and tuple(value) == wanted

        return same

    def different(subject: _Subject) -> bool:
        value = subject.get(name)
        return isinstance(value, (tuple, list)) and tuple(value) != wanted

    return different


def _compile_match(node: _Compare, kind: str) -> _Predicate:
    name, op, literal = node.field, node.op, node.value
    if kind not in ("text", "version"):
        raise _Error(node.op_pos, f"'{op}' compares text, and {name} holds {_HOLDS[kind]}")
    if literal.kind != "string":
        raise _Error(literal.pos, f"'{op}' needs a quoted pattern")
    if op == "matches":
        try:
            pattern = compile_glob(literal.text)
        except InvalidPattern as error:
            raise _Error(literal.pos, f"bad glob pattern: {error.reason}") from None
        glob = pattern.fullmatch

        def matches(subject: _Subject) -> bool:
            value = subject.get(name)
            return isinstance(value, str) and glob(value) is not None

        return matches
    try:
        search = re.compile(literal.text).search
    except (re.error, OverflowError, RecursionError) as error:
        raise _Error(literal.pos, f"bad regular expression: {error}") from None

    def searches(subject: _Subject) -> bool:
        value = subject.get(name)
        return isinstance(value, str) and search(value) is not None

    return searches


def _date_literal(name: str, literal: _Literal) -> datetime.date:
    if literal.kind != "date":
        raise _Error(literal.pos, f"{name} is a date: write it as 2026-01-31, without quotes")
    import datetime

    try:
        return datetime.date.fromisoformat(literal.text)
    except ValueError as error:
        raise _Error(literal.pos, f"{literal.text} is not a date: {error}") from None


def _version_literal(name: str, literal: _Literal, ordering: bool) -> _VersionKey:
    if literal.kind not in ("number", "string"):
        what = "a number or a quoted version" if ordering else "a number or a string"
        raise _Error(literal.pos, f"{name} is a version: compare it with {what}")
    key = _version_key(literal.text)
    if key is None:
        raise _Error(literal.pos, f"{literal.text!r} is not a version")
    return key


def _version_test(key: _VersionKey, accept: Callable[[int], bool]) -> _ValueTest:
    # Remembers its answer per value text: a configuration meets the same versions again and again.
    memo: dict[str, bool] = {}

    def test(value: object) -> bool:
        assert isinstance(value, str)
        known = memo.get(value)
        if known is not None:
            return known
        other = _version_key(value)
        result = other is not None and accept(_version_compare(other, key))
        if len(memo) >= 1024:
            memo.clear()
        memo[value] = result
        return result

    return test


_RELEASE_RE = lazy_pattern(r"[vV]?([0-9]+(?:\.[0-9]+)*)(?:u([0-9]+))?")
_DIGITS_RE = lazy_pattern(r"[0-9]+")


@lru_cache(maxsize=4096)
def _version_key(text: str) -> _VersionKey | None:
    """``text`` as a PEP 440 version (or ``None``) and its release numbers, or ``None``.

    The release numbers are read as :attr:`tagsense.Tag.release` reads them
    (``8u392`` is ``(8, 0, 392)``), else from all digit groups, and lose their
    trailing zeros, as packaging's ordering ignores them.
    """
    from packaging.version import Version

    try:
        match = _RELEASE_RE.match(text)
        if match is not None:
            numbers = tuple(int(n) for n in match[1].split("."))
            if match[2] is not None:
                numbers = (numbers[0], 0, int(match[2]))
        else:
            numbers = tuple(int(n) for n in _DIGITS_RE.findall(text))
            if not numbers:
                return None
        version: Version | None
        try:
            version = Version(text)
        except ValueError:  # InvalidVersion, or digits too many to be an int
            version = None
    except ValueError:
        return None
    end = len(numbers)
    while end and numbers[end - 1] == 0:
        end -= 1
    return version, numbers[:end]


def _version_compare(left: _VersionKey, right: _VersionKey) -> int:
    left_version, right_version = left[0], right[0]
    if left_version is not None and right_version is not None:
        return (left_version > right_version) - (left_version < right_version)
    return (left[1] > right[1]) - (left[1] < right[1])
