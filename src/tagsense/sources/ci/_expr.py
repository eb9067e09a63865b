"""The expression language of GitHub Actions and Azure Pipelines, for the values a file defines.

Both systems evaluate ``${{ … }}`` (Azure also ``$[ … ]``) with the same
engine (``DTExpressions2`` in ``actions/runner`` and the Azure agent)::

    expr     := or
    or       := and ( '||' and )*
    and      := compare ( '&&' compare )*
    compare  := relation ( ( '==' | '!=' ) relation )*
    relation := unary ( ( '<' | '<=' | '>' | '>=' ) unary )*
    unary    := '!' unary | postfix
    postfix  := primary ( '.' name | '.' '*' | '[' expr ']' )*
    primary  := literal | name '(' args ')' | name | '(' expr ')'
    literal  := 'string' (with '' for ') | number | true | false | null | NaN | Infinity

A named value (``matrix``, ``inputs``, ``variables``…) must be one the place
allows, or the file is rejected (:class:`ExpressionError`, with the message
the runner gives). A named value with no value here (``github``, ``secrets``
where allowed, a matrix axis written as an expression) evaluates to
:class:`Unknown`, which carries the names it stands for
(``github.repository``) through every operator and function; ``a || b`` and
``a && b`` still decide when ``a`` is known. Property names and function
names are case-insensitive, strings compare ignoring case, and values of
different kinds compare as numbers, as in the runner.

>>> evaluate("matrix.node", {"matrix": {"node": 20.0}}).value
20.0
>>> to_string(20.0), to_string(3.10), to_string(None), to_string(True)
('20', '3.1', '', 'true')
>>> evaluate("format('{0}/app', github.repository_owner)", {}, allowed=frozenset({"github"})).value
Unknown(('github.repository_owner',))
>>> evaluate("env.IMAGE", {"matrix": {}})
Traceback (most recent call last):
...
tagsense.sources.ci._expr.ExpressionError: Unrecognized named-value: 'env'. Located at ...
>>> evaluate("inputs.nightly && '18' || '20'", {}, allowed=frozenset({"inputs"})).value
Either(('18', '20'))
"""

from __future__ import annotations

import math

from ._scanner import Rejected

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = [
    "AZURE_FUNCTIONS",
    "GITHUB_FUNCTIONS",
    "MAX_OPTIONS",
    "Either",
    "Evaluation",
    "ExpressionError",
    "Partial",
    "Unknown",
    "either",
    "evaluate",
    "expression_end",
    "options",
    "to_string",
]

#: The functions of GitHub's workflow expressions (``hashFiles`` and the status
#: functions only where steps run: not where images are named).
GITHUB_FUNCTIONS = frozenset(
    {"contains", "startswith", "endswith", "format", "join", "tojson", "fromjson", "case"}
)

#: The functions of Azure Pipelines expressions that can name an image.
AZURE_FUNCTIONS = frozenset(
    {
        "and", "coalesce", "contains", "containsvalue", "converttojson", "endswith", "eq",
        "format", "ge", "gt", "in", "join", "le", "length", "lower", "lt", "ne", "not",
        "notin", "or", "replace", "split", "startswith", "upper", "xor",
    }
)  # fmt: skip

#: Deepest nesting of an expression (the runner's limit is 50).
MAX_DEPTH = 50


class ExpressionError(Rejected, ValueError):
    """An expression the system rejects; ``str()`` is its message."""


class Unknown:
    """A value only a run has, and the names it stands for.

    ``truth`` is whether it is truthy when an ``&&`` or ``||`` already decided
    that (``None``: not known either).
    """

    __slots__ = ("names", "truth")

    def __init__(self, names: tuple[str, ...], truth: bool | None = None) -> None:
        self.names = names
        self.truth = truth

    def __repr__(self) -> str:
        return f"Unknown({self.names!r})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Unknown) and other.names == self.names and other.truth == self.truth
        )

    def __hash__(self) -> int:
        return hash(self.names)


class Either:
    """One of several values, as a condition only a run knows chooses.

    ``github.event_name == 'schedule' && fromJSON('["15", "16"]') || fromJSON('["15"]')``
    is ``["15", "16"]`` or ``["15"]``: both are possible, so both are read.
    Each option is a known value or :class:`Unknown`.
    """

    __slots__ = ("options",)

    def __init__(self, options: tuple[object, ...]) -> None:
        self.options = options

    def __repr__(self) -> str:
        return f"Either({self.options!r})"


#: The most options one value may have (past it, the value is unknown).
MAX_OPTIONS = 64


def options(value: object) -> tuple[object, ...]:
    """The values a value may be: an :class:`Either`'s options, or itself."""
    return value.options if isinstance(value, Either) else (value,)


def _identical(left: object, right: object) -> bool:
    if isinstance(left, Unknown) or isinstance(right, Unknown):
        return left == right
    if type(left) is not type(right):
        return False
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(_identical(left[k], right[k]) for k in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(map(_identical, left, right))
    return left == right


def either(values: list[object]) -> object:
    """One value of several possible ones (the same ones once; too many: unknown)."""
    found: list[object] = []
    for value in values:
        for option in options(value):
            if not any(_identical(option, seen) for seen in found):
                found.append(option)
    if len(found) == 1:
        return found[0]
    if len(found) > MAX_OPTIONS:
        return Unknown(_names(*found))
    return Either(tuple(found))


class Partial(dict[str, object]):
    """An object of which the file knows some keys: any other key is :class:`Unknown`
    (inputs without a default, variables of the UI or a variable group)."""

    __slots__ = ()


class Evaluation:
    """What an expression gave: ``value`` (maybe :class:`Unknown`) and the known values used."""

    __slots__ = ("used", "value")

    def __init__(self, value: object, used: dict[str, str]) -> None:
        self.value = value
        self.used = used


# --- values --------------------------------------------------------------------------


def to_string(value: object) -> str:
    """A value as the runner prints it (numbers as .NET's ``G15``)."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float | int):
        number = float(value)
        if math.isnan(number):
            return "NaN"
        if math.isinf(number):
            return "Infinity" if number > 0 else "-Infinity"
        if number == 0:
            return "0"
        return _g15(number)
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "Array"
    if isinstance(value, dict):
        return "Object"
    return str(value)


def _g15(number: float) -> str:
    text = f"{number:.15G}"
    if "E" in text:
        mantissa, exponent = text.split("E")
        sign = exponent[0]
        digits = exponent[1:].lstrip("0").rjust(2, "0")
        return f"{mantissa}E{sign}{digits}"
    return text


def _truthy(value: object) -> bool:
    if value is None or value is False:
        return False
    if isinstance(value, float | int) and not isinstance(value, bool):
        return value != 0 and not math.isnan(value)
    if isinstance(value, str):
        return value != ""
    return True


def _number(value: object) -> float:
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float | int):
        return float(value)
    if isinstance(value, str):
        text = value.strip()
        if text == "":
            return 0.0
        try:
            if text.lower().startswith(("0x", "-0x", "+0x")):
                return float(int(text, 16))
            if text.lower().startswith(("0o", "-0o", "+0o")):
                return float(int(text, 8))
            return float(text) if text.lower() not in ("inf", "+inf", "-inf", "nan") else math.nan
        except ValueError:
            return math.nan
    return math.nan


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, float | int):
        return "number"
    if isinstance(value, str):
        return "string"
    return "object"


def _equal(left: object, right: object) -> bool:
    left_kind, right_kind = _kind(left), _kind(right)
    if left_kind != right_kind:
        if "object" in (left_kind, right_kind):
            return False
        return _number(left) == _number(right)
    if left_kind == "string":
        return str(left).casefold() == str(right).casefold()
    if left_kind == "number":
        return float(left) == float(right)  # type: ignore[arg-type]
    if left_kind == "object":
        return left is right
    return left == right


def _less(left: object, right: object) -> bool:
    if _kind(left) == _kind(right) == "string":
        return str(left).casefold() < str(right).casefold()
    return _number(left) < _number(right)


def _get(value: object, key: object) -> object:
    """``value[key]`` as the runner reads it (keys ignore case; anything else is null)."""
    if isinstance(value, dict):
        if isinstance(key, str):
            if key in value:
                return value[key]
            folded = key.casefold()
            for name, item in value.items():
                if name.casefold() == folded:
                    return item
        return Unknown(()) if isinstance(value, Partial) else None
    if isinstance(value, list) and not isinstance(key, bool | str) and key is not None:
        index = _number(key)
        if not math.isnan(index) and index >= 0 and int(index) < len(value):
            return value[int(index)]
    return None


# --- tokens --------------------------------------------------------------------------

_PUNCTUATION = ("==", "!=", "<=", ">=", "&&", "||", "(", ")", "[", "]", ",", ".", "!", "<", ">")


def _tokens(text: str) -> list[tuple[str, object, int]]:
    """(kind, value, 1-based position): kinds are str, num, name, punct; value as read."""
    found: list[tuple[str, object, int]] = []
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if char.isspace():
            index += 1
            continue
        start = index
        if char == "'":
            index += 1
            chunks: list[str] = []
            while True:
                end = text.find("'", index)
                if end < 0:
                    raise _error("Unexpected symbol", text, start)
                chunks.append(text[index:end])
                if text.startswith("''", end):
                    chunks.append("'")
                    index = end + 2
                    continue
                index = end + 1
                break
            found.append(("str", "".join(chunks), start + 1))
            continue
        if char.isdigit() or (char in "+-." and index + 1 < length and text[index + 1].isdigit()):
            index += 1
            while index < length and (text[index].isalnum() or text[index] in "._+-"):
                if text[index] in "+-" and text[index - 1] not in "eE":
                    break
                index += 1
            word = text[start:index]
            number = _number(word)
            if math.isnan(number):
                raise _error("Unexpected symbol", text, start)
            found.append(("num", number, start + 1))
            continue
        if char.isalpha() or char == "_":
            index += 1
            while index < length and (text[index].isalnum() or text[index] in "_-"):
                index += 1
            found.append(("name", text[start:index], start + 1))
            continue
        if char == "*":
            found.append(("punct", "*", start + 1))
            index += 1
            continue
        for mark in _PUNCTUATION:
            if text.startswith(mark, index):
                found.append(("punct", mark, start + 1))
                index += len(mark)
                break
        else:
            raise _error("Unexpected symbol", text, start)
    return found


def expression_end(text: str, start: int, close: str) -> int:
    """Where the expression that starts at ``start`` ends: the index of ``close``
    outside string literals and, for ``]``, outside brackets; -1 if it does not."""
    in_string = False
    depth = 0
    index = start
    while index < len(text):
        char = text[index]
        if char == "'":
            in_string = not in_string  # ('' inside a string: out and in again)
        elif not in_string:
            if close == "]" and char == "[":
                depth += 1
            elif text.startswith(close, index):
                if depth == 0:
                    return index
                depth -= 1
        index += 1
    return -1


def _error(problem: str, text: str, index: int, symbol: str | None = None) -> ExpressionError:
    symbol = symbol if symbol is not None else text[index : index + 1]
    return ExpressionError(
        f"{problem}: '{symbol}'. Located at position {index + 1} within expression: {text}"
    )


# --- parse and evaluate --------------------------------------------------------------

# A parsed expression: ("lit", value) | ("named", name, pos) | ("prop", base, key)
# | ("index", base, expr) | ("call", name, args, pos) | ("not", expr)
# | ("and" | "or", left, right) | ("cmp", op, left, right)
_Node = tuple[object, ...]


class _Parser:
    def __init__(self, text: str, named: frozenset[str], functions: frozenset[str]) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.index = 0
        self.named = named
        self.functions = functions

    def peek(self) -> tuple[str, object, int] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self, value: str | None = None) -> tuple[str, object, int]:
        token = self.peek()
        if token is None or (value is not None and token[1] != value):
            where = token[2] - 1 if token is not None else len(self.text)
            symbol = str(token[1]) if token is not None else ""
            raise _error("Unexpected symbol" if token else "Unexpected end of expression",
                         self.text, where, symbol)  # fmt: skip
        self.index += 1
        return token

    def at(self, *values: str) -> bool:
        token = self.peek()
        return token is not None and token[0] == "punct" and token[1] in values

    def parse(self) -> _Node:
        if not self.tokens:
            raise ExpressionError("Expected an expression")
        node = self.binary(0, 0)
        if self.peek() is not None:
            token = self.take()
            raise _error("Unexpected symbol", self.text, token[2] - 1, str(token[1]))
        return node

    _LEVELS = (("||",), ("&&",), ("==", "!="), ("<", "<=", ">", ">="))

    def binary(self, level: int, depth: int) -> _Node:
        if depth > MAX_DEPTH:
            raise ExpressionError("Exceeded max expression depth 50")
        if level == len(self._LEVELS):
            return self.unary(depth)
        node = self.binary(level + 1, depth + 1)
        while self.at(*self._LEVELS[level]):
            op = str(self.take()[1])
            right = self.binary(level + 1, depth + 1)
            if op in ("||", "&&"):
                node = ("or" if op == "||" else "and", node, right)
            else:
                node = ("cmp", op, node, right)
        return node

    def unary(self, depth: int) -> _Node:
        if self.at("!"):
            self.take()
            if depth > MAX_DEPTH:
                raise ExpressionError("Exceeded max expression depth 50")
            return ("not", self.unary(depth + 1))
        return self.postfix(depth)

    def postfix(self, depth: int) -> _Node:
        node = self.primary(depth)
        while self.at(".", "["):
            if str(self.take()[1]) == ".":
                token = self.take()
                if token[0] == "punct" and token[1] == "*":
                    node = ("star", node)
                elif token[0] == "name":
                    node = ("prop", node, str(token[1]))
                else:
                    raise _error("Unexpected symbol", self.text, token[2] - 1, str(token[1]))
            else:
                if self.at("*"):
                    self.take()
                    node = ("star", node)
                else:
                    node = ("index", node, self.binary(0, depth + 1))
                self.take("]")
        return node

    def primary(self, depth: int) -> _Node:
        token = self.take()
        kind, value, where = token
        if kind in ("str", "num"):
            return ("lit", value)
        if kind == "punct" and value == "(":
            node = self.binary(0, depth + 1)
            self.take(")")
            return node
        if kind != "name":
            raise _error("Unexpected symbol", self.text, where - 1, str(value))
        name = str(value)
        lowered = name.lower()
        if self.at("("):
            if lowered not in self.functions:
                raise _error("Unrecognized function", self.text, where - 1, name)
            self.take("(")
            args: list[_Node] = []
            while not self.at(")"):
                args.append(self.binary(0, depth + 1))
                if not self.at(")"):
                    self.take(",")
            self.take(")")
            return ("call", lowered, tuple(args), where)
        if lowered in ("true", "false"):
            return ("lit", lowered == "true")
        if lowered == "null":
            return ("lit", None)
        if name in ("NaN", "Infinity"):
            return ("lit", math.nan if name == "NaN" else math.inf)
        if lowered not in self.named:
            raise _error("Unrecognized named-value", self.text, where - 1, name)
        return ("named", lowered, where)


def evaluate(
    text: str,
    known: Mapping[str, object],
    *,
    allowed: frozenset[str] | None = None,
    functions: frozenset[str] = GITHUB_FUNCTIONS,
) -> Evaluation:
    """Evaluate ``text`` (without ``${{ }}``): ``known`` maps named values to their values.

    A named value in ``allowed`` but not in ``known`` is :class:`Unknown`; one
    not in ``allowed`` (default: the keys of ``known``) is an
    :class:`ExpressionError`, as are syntax errors and unknown functions.
    ``known`` values may hold :class:`Unknown` parts (a matrix axis that is an
    expression).
    """
    names = frozenset(name.lower() for name in (allowed if allowed is not None else known))
    tree = _Parser(text, names, functions).parse()
    lowered = {name.lower(): value for name, value in known.items()}
    used: dict[str, str] = {}
    value = _Evaluator(lowered, used).run(tree, 0)
    return Evaluation(value, used)


class _Evaluator:
    def __init__(self, known: dict[str, object], used: dict[str, str]) -> None:
        self.known = known
        self.used = used

    def run(self, node: _Node, depth: int) -> object:
        return self._run(node, depth)

    def path(self, node: _Node) -> str | None:
        """The name of a property chain as written (``matrix.node``), for unresolved names."""
        kind = node[0]
        if kind == "named":
            return str(node[1])
        if kind == "prop":
            base = self.path(node[1])  # type: ignore[arg-type]
            return None if base is None else f"{base}.{node[2]}"
        if kind == "index" and node[2][0] == "lit" and isinstance(node[2][1], str):  # type: ignore[index]
            base = self.path(node[1])  # type: ignore[arg-type]
            return None if base is None else f"{base}.{node[2][1]}"  # type: ignore[index]
        return None

    def _run(self, node: _Node, depth: int) -> object:
        kind = node[0]
        if kind == "lit":
            return node[1]
        if kind == "named":
            name = str(node[1])
            if name not in self.known:
                return Unknown((name,))
            return self.known[name]
        if kind in ("and", "or"):
            return self._logic(node, depth)
        children: list[_Node]
        if kind in ("prop", "star", "not"):
            children = [node[1]]  # type: ignore[list-item]
        elif kind == "index":
            children = [node[1], node[2]]  # type: ignore[list-item]
        elif kind == "cmp":
            children = [node[2], node[3]]  # type: ignore[list-item]
        else:
            children = list(node[2])  # type: ignore[call-overload]
        values = [self._run(child, depth + 1) for child in children]
        if not any(isinstance(value, Either) for value in values):
            return self._apply(node, values)
        import itertools

        results: list[object] = []
        for combination in itertools.product(*(options(value) for value in values)):
            results.append(self._apply(node, list(combination)))
            if len(results) > MAX_OPTIONS:
                return Unknown(_names(*results))
        return either(results)

    def _logic(self, node: _Node, depth: int) -> object:
        """``a || b``, ``a && b``: ``a`` if it decides, else ``b``; both when only a run knows."""
        kind = node[0]
        left = self._run(node[1], depth + 1)  # type: ignore[arg-type]
        right: object = None
        evaluated = False
        results: list[object] = []
        for option in options(left):
            truth = option.truth if isinstance(option, Unknown) else _truthy(option)
            if truth is (kind == "or"):
                results.append(option)  # it decides
                continue
            if not evaluated:
                right = self._run(node[2], depth + 1)  # type: ignore[arg-type]
                evaluated = True
            if isinstance(option, Unknown) and truth is None:
                # Either side may be the value: ``a && b`` is ``b`` when ``a`` holds (first),
                # else ``a``; ``a || b`` is ``a`` when it holds (first), else ``b``.
                decided = Unknown(option.names, kind == "or")
                results.extend([decided, right] if kind == "or" else [right, decided])
                continue
            results.append(right)
        return either(results)

    def _apply(self, node: _Node, values: list[object]) -> object:
        kind = node[0]
        if kind in ("prop", "index"):
            base = values[0]
            key = node[2] if kind == "prop" else values[1]
            if isinstance(base, Unknown) or isinstance(key, Unknown):
                path = self.path(node)
                names = (path,) if path is not None and isinstance(base, Unknown) else ()
                return Unknown(names or _names(base, key))
            value = _get(base, key)
            path = self.path(node)
            if isinstance(value, Unknown) and path is not None:
                return Unknown((path,))
            if path is not None and not isinstance(value, dict | list | Either | None):
                self.used[path] = to_string(value)
            return value
        if kind == "star":
            base = values[0]
            if isinstance(base, Unknown):
                return base
            if isinstance(base, dict):
                return list(base.values())
            return list(base) if isinstance(base, list) else []
        if kind == "not":
            value = values[0]
            if isinstance(value, Unknown):
                return Unknown(value.names, None if value.truth is None else not value.truth)
            return not _truthy(value)
        if kind == "cmp":
            left, right = values
            if isinstance(left, Unknown) or isinstance(right, Unknown):
                return Unknown(_names(left, right))
            op = node[1]
            if op == "==":
                return _equal(left, right)
            if op == "!=":
                return not _equal(left, right)
            if op == "<":
                return _less(left, right)
            if op == ">":
                return _less(right, left)
            if op == "<=":
                return _less(left, right) or _equal(left, right)
            return _less(right, left) or _equal(left, right)
        return _call(str(node[1]), values)


def _names(*values: object) -> tuple[str, ...]:
    found: dict[str, None] = {}
    for value in values:
        for option in options(value):
            if isinstance(option, Unknown):
                found.update(dict.fromkeys(option.names))
    return tuple(found)


def _call(name: str, args: list[object]) -> object:
    # Functions that decide without every argument known.
    if name == "coalesce":
        for arg in args:
            if isinstance(arg, Unknown):
                return Unknown(_names(*args))
            if arg is not None and arg != "":
                return arg
        return None
    if name in ("and", "or"):
        for arg in args:
            if isinstance(arg, Unknown):
                return Unknown(_names(*args))
            if _truthy(arg) == (name == "or"):
                return arg if name == "or" else False
        return name == "and"
    if any(isinstance(arg, Unknown) for arg in args):
        return Unknown(_names(*args))
    function = _FUNCTIONS.get(name)
    if function is None:
        return None
    try:
        return function(args)
    except (IndexError, ValueError, TypeError) as error:
        raise ExpressionError(f"{name}(): {error}") from None


def _format(args: list[object]) -> str:
    if not args:
        raise ValueError("expected a format string")
    template = to_string(args[0])
    values = [to_string(arg) for arg in args[1:]]
    out: list[str] = []
    index = 0
    while index < len(template):
        char = template[index]
        if char == "{":
            if template.startswith("{{", index):
                out.append("{")
                index += 2
                continue
            end = template.find("}", index)
            number = template[index + 1 : end] if end > 0 else ""
            if not number.isdigit() or int(number) >= len(values):
                raise ValueError(f"the format string {template!r} is invalid")
            out.append(values[int(number)])
            index = end + 1
        elif char == "}":
            if not template.startswith("}}", index):
                raise ValueError(f"the format string {template!r} is invalid")
            out.append("}")
            index += 2
        else:
            out.append(char)
            index += 1
    return "".join(out)


def _contains(args: list[object]) -> bool:
    haystack, needle = args[0], args[1]
    if isinstance(haystack, list):
        return any(_equal(item, needle) for item in haystack)
    return to_string(needle).casefold() in to_string(haystack).casefold()


def _from_json(args: list[object]) -> object:
    import json

    from ..builds._engine_commands import known

    def number(text: str) -> float:
        return float(text)

    text = to_string(args[0])
    if text and known(text) is None:
        # (a step's output that a command gives when the job runs: `echo matrix=$(docker
        # buildx bake --print | jq …) >> $GITHUB_OUTPUT`, Mailu's matrix of targets)
        return Unknown(())
    return json.loads(text, parse_int=number, parse_float=number)


def _to_json(args: list[object]) -> str:
    import json

    return json.dumps(args[0], indent=2)


def _join(args: list[object]) -> str:
    separator = to_string(args[1]) if len(args) > 1 else ","
    if isinstance(args[0], list):
        return separator.join(to_string(item) for item in args[0])
    return to_string(args[0])


def _case(args: list[object]) -> object:
    for index in range(0, len(args) - 1, 2):
        if _truthy(args[index]):
            return args[index + 1]
    if len(args) % 2 == 0:
        raise ValueError("expected a default value")
    return args[-1]


_FUNCTIONS: dict[str, Callable[[list[object]], object]] = {
    "format": _format,
    "contains": _contains,
    "containsvalue": lambda a: (
        any(_equal(v, a[1]) for v in (a[0].values() if isinstance(a[0], dict) else a[0]))
        if isinstance(a[0], dict | list)
        else False
    ),
    "startswith": lambda a: to_string(a[0]).casefold().startswith(to_string(a[1]).casefold()),
    "endswith": lambda a: to_string(a[0]).casefold().endswith(to_string(a[1]).casefold()),
    "join": _join,
    "fromjson": _from_json,
    "tojson": _to_json,
    "converttojson": _to_json,
    "case": _case,
    "eq": lambda a: _equal(a[0], a[1]),
    "ne": lambda a: not _equal(a[0], a[1]),
    "lt": lambda a: _less(a[0], a[1]),
    "gt": lambda a: _less(a[1], a[0]),
    "le": lambda a: _less(a[0], a[1]) or _equal(a[0], a[1]),
    "ge": lambda a: _less(a[1], a[0]) or _equal(a[0], a[1]),
    "not": lambda a: not _truthy(a[0]),
    "xor": lambda a: _truthy(a[0]) != _truthy(a[1]),
    "in": lambda a: any(_equal(a[0], item) for item in a[1:]),
    "notin": lambda a: not any(_equal(a[0], item) for item in a[1:]),
    "lower": lambda a: to_string(a[0]).lower(),
    "upper": lambda a: to_string(a[0]).upper(),
    "replace": lambda a: to_string(a[0]).replace(to_string(a[1]), to_string(a[2])),
    "split": lambda a: to_string(a[0]).split(to_string(a[1])),
    "length": lambda a: float(len(a[0])) if isinstance(a[0], str | list | dict) else 0.0,
}
