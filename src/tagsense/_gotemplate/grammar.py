r"""The grammar of a Go template action's pipeline, parsed with pyparsing.

As Go's ``text/template/parse`` reads it (EBNF; white space separates the
operands of a command and is free elsewhere)::

    pipeline  = [ declare ] , command , { "|" , command } ;
    declare   = variable , [ "," , variable ] , ( ":=" | "=" ) ;
    command   = operand , { operand } ;
    operand   = term , [ fields ] ;              (* no space before the fields *)
    term      = "(" , pipeline , ")" | fields | "." | variable , [ fields ]
              | string | raw string | char | number | "true" | "false" | "nil"
              | identifier ;
    fields    = "." , name , { "." , name } ;    (* .Values.image.tag *)
    variable  = "$" , { name character } ;       (* $, $x, $root *)

A command whose first operand is an identifier calls that function with the
other operands; a pipeline's commands after the first get the previous
command's result as their last argument. Numbers are Go's (``0x1F``,
``1_000``, ``1e3``, ``'a'``); strings are Go's (escapes, or raw in back
quotes).

Each action's source is parsed once and the result kept (:func:`parse_pipe`).
A valid pipeline is read by a small recursive reader over the grammar's own
atom pattern (:func:`_read`); the pyparsing grammar reads what that reader
does not: the invalid ones, whose errors it reports, and the odd valid one.
Tests check that both agree on every action of the fixture charts and on
random ones. (A pyparsing parse costs about half a millisecond; a chart has
hundreds of distinct nested pipelines.) pyparsing is imported on the first
pipeline the reader leaves to it, never by ``import tagsense``.
"""

from __future__ import annotations

import re

from .._lazy import lazy_pattern
from ..errors import TagsenseError
from .nodes import Chain, Command, Field, Ident, Literal, Operand, Pipe, Variable

TYPE_CHECKING = False
if TYPE_CHECKING:
    import pyparsing as pp

__all__ = ["PipeSyntaxError", "parse_pipe", "unquote_go"]


class PipeSyntaxError(TagsenseError):
    """A pipeline Go's parser rejects (the message says what; the caller knows where)."""


_CACHE: dict[str, Pipe] = {}
_ATOMS: dict[tuple[str | None, str], Operand] = {}
_GRAMMAR: list[pp.ParserElement] = []

_NAME = r"(?:[^\W\d]\w*|_\w*)"
_CHAIN_RE = rf"(?:\.{_NAME})+"


def parse_pipe(source: str) -> Pipe:
    """The pipeline of an action's source; raises :class:`PipeSyntaxError`."""
    pipe = _CACHE.get(source)
    if pipe is not None:
        return pipe
    pipe = _read(source)
    if pipe is None:
        pipe = _parse(source)
    if len(_CACHE) < 200_000:
        _CACHE[source] = pipe
    return pipe


def clear_cache() -> None:
    """Forget the pipelines parsed so far."""
    _CACHE.clear()
    _ATOMS.clear()


# --- the reader: the grammar's own tokens, nesting by recursion ------------------------------

_SPACE = " \t\r\n"
_FIELDS = lazy_pattern(_CHAIN_RE)
# (deeper nestings go to the grammar, which reports them)
_MAX_NESTING = 50


def _read(source: str) -> Pipe | None:
    """A pipeline read with the grammar's atom pattern, without pyparsing.

    It reads what the grammar reads, as the grammar reads it: atoms separated
    by white space (or by ``(``, ``)``, ``|``), ``|`` between commands, a
    parenthesised pipeline as an operand, fields right after its ``)`` (a
    chain). Anything else is None: the grammar then reads the source, and
    reports the error. Tests check that both give the same nodes on every
    action of the fixture charts and on random ones.
    """
    read = _read_pipe(source, 0, 0)
    if read is None or read[1] != len(source):
        return None
    return read[0]


def _read_pipe(source: str, position: int, depth: int) -> tuple[Pipe, int] | None:
    """The pipeline from ``position`` and where it ends (after its ``)`` when ``depth``)."""
    decl: tuple[str, ...] = ()
    assign = False
    declared = _DECLARE.match(source, position)
    if declared is not None:
        decl = (declared[1],) if declared[2] is None else (declared[1], declared[2])
        assign = declared[3] == "="
        position = declared.end()
    commands: list[Command] = []
    operands: list[Operand] = []
    size = len(source)
    expect_space = False  # (after an atom, another atom needs white space first)
    while True:
        while position < size and source[position] in _SPACE:
            position += 1
            expect_space = False
        if position >= size:
            if depth:
                return None  # (an unclosed parenthesis)
            break
        char = source[position]
        if char == "|":
            if not operands:
                return None
            commands.append(Command(tuple(operands)))
            operands = []
            position += 1
            expect_space = False
        elif char == ")":
            if not depth:
                return None
            position += 1
            break
        elif char == "(":
            if depth >= _MAX_NESTING:
                return None
            inner = _read_pipe(source, position + 1, depth + 1)
            if inner is None:
                return None
            pipe, position = inner
            fields = _FIELDS.match(source, position)
            if fields is None:
                operands.append(pipe)
            else:
                operands.append(Chain(pipe, tuple(fields[0].split(".")[1:])))
                position = fields.end()
            expect_space = False
        else:
            if expect_space:
                return None
            match = _ATOM_RE.match(source, position)
            if match is None or match.end() == position:
                return None
            # (an atom is what its text and its kind say: pipelines repeat them)
            key = (match.lastgroup, match[0])
            atom = _ATOMS.get(key)
            if atom is None:
                atom = _atom(match)
                if len(_ATOMS) < 100_000:
                    _ATOMS[key] = atom
            operands.append(atom)
            position = match.end()
            expect_space = True
    if not operands:
        return None
    commands.append(Command(tuple(operands)))
    return Pipe(decl, assign, tuple(commands)), position


_DECLARE = lazy_pattern(r"\s*(\$\w*)(?:\s*,\s*(\$\w*))?\s*(:?=)(?!=)")


def _parse(source: str) -> Pipe:
    import pyparsing as pp

    if not _GRAMMAR:
        _GRAMMAR.append(_build())
    try:
        result = _GRAMMAR[0].parse_string(source, parse_all=True)
    except pp.ParseBaseException as error:
        raise PipeSyntaxError(_message(source, error)) from None
    except RecursionError:
        raise PipeSyntaxError("expression nested too deeply") from None
    pipe = result[0]
    assert isinstance(pipe, Pipe)
    return pipe


def _message(source: str, error: pp.ParseBaseException) -> str:
    column = error.loc
    if column >= len(source):
        return f"unexpected end of {source!r}"
    return f"unexpected {source[column : column + 20]!r} in {source!r}"


# --- literals ---------------------------------------------------------------------------

_ESCAPES = {
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
    '"': '"',
    "'": "'",
}
_ESCAPE = lazy_pattern(
    r"\\(?:([abfnrtv\\\"'])|x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|([0-7]{3}))"
)


def unquote_go(literal: str) -> str:
    """The value of a Go string literal (double-quoted, with Go's escapes, or raw)."""
    if literal.startswith("`"):
        return literal[1:-1]
    body = literal[1:-1]
    if "\\" not in body:
        return body

    def escape(match: re.Match[str]) -> str:
        simple, hex2, hex4, hex8, octal = match.groups()
        if simple is not None:
            return _ESCAPES[simple]
        if hex2 is not None:
            return chr(int(hex2, 16))
        if octal is not None:
            return chr(int(octal, 8))
        code = int(hex4 or hex8, 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code < 0xE000 else "\ufffd"

    return _ESCAPE.sub(escape, body)


def _number(text: str) -> int | float:
    try:
        return _number_value(text)
    except ValueError:  # ("09", "0x_", "1e": what Go's parser refuses too)
        raise PipeSyntaxError(f"illegal number syntax: {text!r}") from None


def _number_value(text: str) -> int | float:
    plain = text.replace("_", "")
    sign = -1 if plain.startswith("-") else 1
    digits = plain.lstrip("+-")
    lower = digits.lower()
    if lower.startswith(("0x", "0b", "0o")):
        if lower.startswith("0x") and any(c in lower for c in ".p"):
            return sign * float.fromhex(digits)
        return sign * int(lower, 0)
    if any(c in lower for c in ".e"):
        return sign * float(digits)
    if len(digits) > 1 and digits.startswith("0"):
        return sign * int(digits, 8)
    return sign * int(digits)


def _char(text: str) -> int:
    body = text[1:-1]
    value = unquote_go('"' + body.replace('"', '\\"') + '"') if "\\" in body else body
    if len(value) != 1:
        raise PipeSyntaxError(f"malformed character constant {text}")
    return ord(value)


# --- the grammar ------------------------------------------------------------------------


_ATOM = (
    rf"(?P<fields>{_CHAIN_RE})"
    r"|(?P<dot>\.(?![\w.]))"
    rf"|(?P<var>\$\w*(?:\.{_NAME})*)"
    r'|(?P<str>"(?:[^"\\\n]|\\.)*")'
    r"|(?P<raw>`[^`]*`)"
    r"|(?P<char>'(?:[^'\\\n]|\\.)+')"
    r"|(?P<num>[+-]?(?:0[xX][0-9a-fA-F_]+(?:\.[0-9a-fA-F_]*)?(?:[pP][+-]?\d+)?|0[bB][01_]+"
    r"|0[oO][0-7_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)(?![\w.]))"
    r"|(?P<kw>(?:true|false|nil)(?![\w.]))"
    rf"|(?P<ident>{_NAME})(?P<chain>(?:\.{_NAME})*)"
)


_ATOM_RE = lazy_pattern(_ATOM)
# A run of operands separated by white space (one token for pyparsing: a command's
# operands cost one regular expression, not one grammar element each).
_UNNAMED_ATOM = re.sub(r"\(\?P<\w+>", "(?:", _ATOM)
_RUN = rf"(?:(?:{_UNNAMED_ATOM})(?:[ \t\r\n]+|(?=[()|])|\Z))+"


def _build() -> pp.ParserElement:
    import pyparsing as pp

    run = pp.Regex(_RUN).set_parse_action(_run)
    chain = pp.Regex(_CHAIN_RE).leave_whitespace()  # fields right after ")"
    declare = pp.Regex(r"(\$\w*)(?:\s*,\s*(\$\w*))?\s*(:?=)(?!=)", as_match=True)
    declare.set_parse_action(_declare)
    pipeline = pp.Forward()
    parenthesised = pp.Suppress("(") + pipeline + pp.Suppress(")") + pp.Optional(chain)
    command = pp.OneOrMore(run | parenthesised.set_parse_action(_parenthesised))
    command.set_parse_action(lambda t: Command(tuple(t)))
    pipeline <<= (
        pp.Optional(declare) + command + pp.ZeroOrMore(pp.Suppress("|") + command)
    ).set_parse_action(_pipeline)
    pipeline.parse_with_tabs()  # (a tab in a string stays a tab, not spaces)
    return pipeline


def _run(tokens: pp.ParseResults) -> list[Operand]:
    return [_atom(match) for match in _ATOM_RE.finditer(tokens[0])]


def _atom(match: re.Match[str]) -> Operand:
    text = match[0]
    kind = match.lastgroup
    if kind == "fields":
        return Field(tuple(text.split(".")[1:]))
    if kind == "dot":
        return Field(())
    if kind == "var":
        name, _, rest = text.partition(".")
        return Variable(name, tuple(rest.split(".")) if rest else ())
    if kind == "str":
        return Literal(unquote_go(text))
    if kind == "raw":
        return Literal(text[1:-1])
    if kind == "char":
        return Literal(_char(text))
    if kind == "num":
        return Literal(_number(text))
    if kind == "kw":
        return Literal({"true": True, "false": False, "nil": None}[text])
    chain = match["chain"]
    if chain:
        return Chain(Ident(match["ident"]), tuple(chain.split(".")[1:]))
    return Ident(text)


def _declare(tokens: pp.ParseResults) -> tuple[tuple[str, ...], bool]:
    match: re.Match[str] = tokens[0]
    names = (match[1],) if match[2] is None else (match[1], match[2])
    return (names, match[3] == "=")


def _parenthesised(tokens: pp.ParseResults) -> Operand:
    pipe: Pipe = tokens[0]
    if len(tokens) == 1:
        return pipe
    return Chain(pipe, tuple(str(tokens[1]).split(".")[1:]))


def _pipeline(tokens: pp.ParseResults) -> Pipe:
    items = list(tokens)
    decl: tuple[str, ...] = ()
    assign = False
    if items and not isinstance(items[0], Command):
        decl, assign = items.pop(0)
    return Pipe(decl, assign, tuple(items))
