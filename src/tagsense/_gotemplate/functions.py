"""The functions of Helm's templates: Go's builtins, Sprig v3, and Helm's own.

Each function takes the :class:`~.engine.Engine` and its evaluated arguments
and does what the Go function does, Go's argument checks included (a number
where a string is expected is an error, as in Helm). Where a function's result
cannot be known offline — random values, the time, certificates — it returns
an :class:`~.values.Unknown` with the reason, never a guess (a cluster
``lookup`` gives an empty map, as in ``helm template``). ``required`` with no
value is unknown too (Helm stops there; the image it would have named is
unresolved). ``fail`` stops the file (:class:`Failed`).

Traced strings keep their spans where the function keeps the text (``default``,
``trimPrefix``, ``printf "%s"``, ``indent``…) and cover the whole result
otherwise (``lower``, ``replace``…), so an image can still be traced to the
values that made it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
import zlib

from .._lazy import lazy_pattern
from . import goyaml
from .semver import SemverError, parse_constraint, parse_version
from .values import (
    REQUIRED_NOT_SET,
    ExecError,
    Failed,
    GoObject,
    GoValues,
    TStr,
    Unknown,
    concat,
    format_float,
    go_kind,
    go_repr,
    go_type,
    indented,
    is_true,
    origins_of,
    retrace,
    sliced,
    to_text,
    without_no_value,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from .engine import Engine

__all__ = ["FUNCTIONS", "UNKNOWABLE", "Failed", "SemverObject"]


FUNCTIONS: dict[str, Callable[..., object]] = {}


def _register(
    *names: str, lazy: bool = False, knows_unknown: bool = False
) -> Callable[..., object]:
    def decorate(function: Callable[..., object]) -> Callable[..., object]:
        if lazy:
            function.lazy = True  # type: ignore[attr-defined]
        if knows_unknown:
            function.knows_unknown = True  # type: ignore[attr-defined]
        for name in names:
            FUNCTIONS[name] = function
        return function

    return decorate


# --- argument checks (Go's reflect conversions) --------------------------------------------


def _arity(name: str, args: Sequence[object], want: int, variadic: bool = False) -> None:
    if (len(args) < want) if variadic else (len(args) != want):
        raise ExecError(f"wrong number of args for {name}: want {want} got {len(args)}")


def _str(value: object, name: str = "") -> str:
    if isinstance(value, str):
        return value
    if value is None:
        raise ExecError(f"error calling {name}: invalid value; expected string")
    raise ExecError(
        f"error calling {name}: wrong type for value; expected string; got {go_type(value)}"
    )


def _int(value: object, name: str = "") -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if value is None:
        raise ExecError(f"error calling {name}: invalid value; expected int")
    raise ExecError(
        f"error calling {name}: wrong type for value; expected int; got {go_type(value)}"
    )


def _bool(value: object, name: str = "") -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        raise ExecError(f"error calling {name}: invalid value; expected bool")
    raise ExecError(
        f"error calling {name}: wrong type for value; expected bool; got {go_type(value)}"
    )


def _map(value: object, name: str = "") -> dict[str, object]:
    if isinstance(value, dict):
        return value
    if value is None:
        return {}
    raise ExecError(
        f"error calling {name}: wrong type for value; expected map[string]interface {{}}; "
        f"got {go_type(value)}"
    )


def _list(value: object, name: str = "") -> list[object]:
    if isinstance(value, list | tuple):
        return list(value)
    if value is None:
        return []
    raise ExecError(f"Cannot {name} on type {go_type(value)}")


def strval(value: object) -> str:
    """Sprig's ``strval``: a string as it is, anything else as ``%v`` prints it."""
    if isinstance(value, str):
        return value
    if isinstance(value, GoObject):
        return value.text()
    return to_text(value)


def empty(value: object) -> bool:
    """Sprig's ``empty``: nil, false, 0, "" and empty collections (a struct never is)."""
    if isinstance(value, GoObject):
        return False
    return not is_true(value)


def to_int64(value: object) -> int:
    """``cast.ToInt64`` with errors as 0 (Sprig's arithmetic)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return 0
        return int(value)
    if isinstance(value, str):
        text = re.sub(r"\.0*$", "", value) if "." in value else value
        try:
            return int(text, 0)
        except ValueError:
            return 0
    return 0


def to_float64(value: object) -> float:
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return 0.0
    return 0.0


def strslice(value: object) -> list[str]:
    if isinstance(value, list | tuple):
        return [strval(item) for item in value if item is not None]
    if value is None:
        return []
    return [strval(value)]


# --- Go's fmt ----------------------------------------------------------------------------------


def go_quote(text: str) -> str:
    """``strconv.Quote``."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char in ('"', "\\"):
            out.append("\\" + char)
        elif char == " " or (char.isprintable() and code != 0x7F):
            out.append(char)
        elif char in "\a\b\f\n\r\t\v":
            out.append(
                {
                    "\a": "\\a",
                    "\b": "\\b",
                    "\f": "\\f",
                    "\n": "\\n",
                    "\r": "\\r",
                    "\t": "\\t",
                    "\v": "\\v",
                }[char]
            )
        elif code < 0x80:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


_VERB = lazy_pattern(r"%([-+# 0]*)(\*|\d+)?(?:\.(\*|\d*))?([a-zA-Z%])?")


def _bad(verb: str, value: object) -> str:
    if value is None:
        return f"%!{verb}(<nil>)"
    return f"%!{verb}({go_type(value)}={go_repr(value)})"


def _pad(text: str, flags: str, width: int | None) -> str:
    if width is None or len(text) >= width:
        return text
    if "-" in flags:
        return text + " " * (width - len(text))
    if "0" in flags and text[:1] in "+-" and text[1:].replace(".", "").isdigit():
        return text[0] + "0" * (width - len(text)) + text[1:]
    if "0" in flags:
        return "0" * (width - len(text)) + text
    return " " * (width - len(text)) + text


def _element(verb: str, value: object) -> str:
    """An element of a list or map, as ``fmt`` prints it (nil is ``<nil>`` there)."""
    return "<nil>" if value is None else _format_one(verb, "", None, None, value)


def _format_one(
    verb: str, flags: str, width: int | None, precision: int | None, value: object
) -> str:
    if verb in ("v", "s"):
        if isinstance(value, str):
            text: str = value if precision is None else sliced(value, 0, precision)
        elif verb == "s" and not isinstance(value, list | tuple | dict | GoObject):
            return _bad(verb, value)
        elif verb == "s" and isinstance(value, list | tuple):
            text = "[" + " ".join(_element("s", item) for item in value) + "]"
        elif verb == "s" and isinstance(value, dict):
            inner = " ".join(f"{k}:{_element('s', value[k])}" for k in sorted(value))
            text = f"map[{inner}]"
        elif verb == "v" and "+" in flags and isinstance(value, GoObject):
            text = value.text()
        else:
            text = to_text(value)
        if width is not None and len(text) < width:
            return retrace(_pad(str(text), flags, width), text)
        return text
    if verb == "d":
        if isinstance(value, int) and not isinstance(value, bool):
            text = str(value)
            if "+" in flags and value >= 0:
                text = "+" + text
            return retrace(_pad(text, flags, width), value)
        if isinstance(value, list | tuple):
            return "[" + " ".join(_element("d", v) for v in value) + "]"
        return _bad(verb, value)
    if verb in ("f", "F", "e", "E", "g", "G"):
        if isinstance(value, float):
            if verb in "fF":
                text = f"{value:.{6 if precision is None else precision}f}"
            elif verb in "eE":
                text = f"{value:.{6 if precision is None else precision}e}"
                if verb == "E":
                    text = text.upper()
            else:
                text = format_float(value) if precision is None else f"{value:.{precision}g}"
            if "+" in flags and value >= 0:
                text = "+" + text
            return retrace(_pad(text, flags, width), value)
        return _bad(verb, value)
    if verb == "t":
        if isinstance(value, bool):
            return _pad("true" if value else "false", flags, width)
        return _bad(verb, value)
    if verb == "q":
        if isinstance(value, str):
            return retrace(_pad(go_quote(value), flags, width), value)
        if isinstance(value, int) and not isinstance(value, bool):
            return "'" + chr(value) + "'" if 0 <= value <= 0x10FFFF else _bad(verb, value)
        return _bad(verb, value)
    if verb in ("x", "X"):
        if isinstance(value, str):
            text = value.encode("utf-8").hex()
        elif isinstance(value, int) and not isinstance(value, bool):
            text = format(value, "x")
        else:
            return _bad(verb, value)
        return _pad(text.upper() if verb == "X" else text, flags, width)
    if verb == "o" and isinstance(value, int) and not isinstance(value, bool):
        return _pad(format(value, "o"), flags, width)
    if verb == "b" and isinstance(value, int) and not isinstance(value, bool):
        return _pad(format(value, "b"), flags, width)
    if verb == "c" and isinstance(value, int) and not isinstance(value, bool):
        return chr(value) if 0 <= value <= 0x10FFFF else "\ufffd"
    if verb == "T":
        return _pad(go_type(value), flags, width)
    return _bad(verb, value)


def sprintf(form: str, args: Sequence[object]) -> str:
    """Go's ``fmt.Sprintf`` for the verbs templates use; spans of ``%s``/``%v`` strings kept."""
    parts: list[str] = []
    index = 0
    pos = 0
    for match in _VERB.finditer(form):
        if match.start() > pos:
            parts.append(sliced(form, pos, match.start()))
        pos = match.end()
        flags, width_text, precision_text, verb = match.groups()
        if verb is None:
            parts.append("%!(NOVERB)")
            continue
        if verb == "%" and not flags and width_text is None and precision_text is None:
            parts.append("%")
            continue
        width: int | None = None
        precision: int | None = None
        if width_text == "*":
            given = args[index] if index < len(args) else None
            if isinstance(given, int):
                width = given
            index += 1
        elif width_text:
            width = int(width_text)
        if precision_text == "*":
            given = args[index] if index < len(args) else None
            if isinstance(given, int):
                precision = given
            index += 1
        elif precision_text is not None:
            precision = int(precision_text or 0)
        if verb == "%":
            parts.append("%")
            continue
        if index >= len(args):
            parts.append(f"%!{verb}(MISSING)")
            continue
        parts.append(_format_one(verb, flags, width, precision, args[index]))
        index += 1
    if pos < len(form):
        parts.append(sliced(form, pos, len(form)))
    if index < len(args):
        extra = ", ".join(
            "<nil>" if a is None else f"{go_type(a)}={go_repr(a)}" for a in args[index:]
        )
        parts.append(f"%!(EXTRA {extra})")
    return concat(parts)


def sprint(args: Sequence[object]) -> str:
    """``fmt.Sprint``: a space between two operands when neither is a string."""
    parts: list[str] = []
    for index, value in enumerate(args):
        if index and not isinstance(value, str) and not isinstance(args[index - 1], str):
            parts.append(" ")
        parts.append(strval(value) if value is not None else "<nil>")
    return concat(parts)


# --- Go's builtins -----------------------------------------------------------------------------


@_register("and", lazy=True)
def _and(engine: Engine, *thunks: Callable[[], object]) -> object:
    if not thunks:
        raise ExecError("wrong number of args for and: want at least 1 got 0")
    value: object = None
    for thunk in thunks:
        value = thunk()
        if isinstance(value, Unknown) or not is_true(value):
            return value
    return value


@_register("or", lazy=True)
def _or(engine: Engine, *thunks: Callable[[], object]) -> object:
    if not thunks:
        raise ExecError("wrong number of args for or: want at least 1 got 0")
    value: object = None
    for thunk in thunks:
        value = thunk()
        if isinstance(value, Unknown) or is_true(value):
            return value
    return value


@_register("not")
def _not(engine: Engine, *args: object) -> object:
    _arity("not", args, 1)
    return not is_true(args[0])


def _basic(value: object) -> str:
    if value is None:
        return "invalid"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "string"
    return "other"


def _eq(a: object, b: object) -> bool:
    ka, kb = _basic(a), _basic(b)
    if ka != kb:
        if a is not None and b is not None:
            raise ExecError(
                "error calling eq: incompatible types for comparison: "
                f"{go_type(a)} and {go_type(b)}"
            )
        return False
    if ka == "other":
        if isinstance(a, dict | list | tuple) or isinstance(b, dict | list | tuple):
            raise ExecError(f"error calling eq: non-comparable type {go_repr(a)}: {go_type(a)}")
        return a is b
    return a == b


@_register("eq")
def _eq_function(engine: Engine, *args: object) -> object:
    if len(args) < 2:
        raise ExecError("error calling eq: missing argument for comparison")
    first = args[0]
    return any(_eq(first, other) for other in args[1:])


@_register("ne")
def _ne(engine: Engine, *args: object) -> object:
    _arity("ne", args, 2)
    return not _eq(args[0], args[1])


def _less(name: str, a: object, b: object) -> bool:
    ka, kb = _basic(a), _basic(b)
    if ka != kb or ka in ("bool", "invalid", "other"):
        if ka != kb:
            raise ExecError(
                f"error calling {name}: incompatible types for comparison: "
                f"{go_type(a)} and {go_type(b)}"
            )
        raise ExecError(f"error calling {name}: invalid type for comparison")
    return bool(a < b)  # type: ignore[operator]


@_register("lt")
def _lt(engine: Engine, *args: object) -> object:
    _arity("lt", args, 2)
    return _less("lt", args[0], args[1])


@_register("le")
def _le(engine: Engine, *args: object) -> object:
    _arity("le", args, 2)
    return _less("le", args[0], args[1]) or _eq(args[0], args[1])


@_register("gt")
def _gt(engine: Engine, *args: object) -> object:
    _arity("gt", args, 2)
    return not (_less("gt", args[0], args[1]) or _eq(args[0], args[1]))


@_register("ge")
def _ge(engine: Engine, *args: object) -> object:
    _arity("ge", args, 2)
    return not _less("ge", args[0], args[1])


@_register("len")
def _len(engine: Engine, *args: object) -> object:
    _arity("len", args, 1)
    value = args[0]
    if isinstance(value, str | dict | list | tuple):
        return len(value)
    if value is None:
        raise ExecError("error calling len: len of nil pointer")
    raise ExecError(f"error calling len: len of type {go_type(value)}")


@_register("index")
def _index(engine: Engine, *args: object) -> object:
    if not args:
        raise ExecError("wrong number of args for index: want at least 1 got 0")
    value = args[0]
    if value is None:
        raise ExecError("error calling index: index of untyped nil")
    for key in args[1:]:
        if isinstance(value, dict):
            if not isinstance(key, str):
                raise ExecError(
                    f"error calling index: value has type {go_type(key)}; should be string"
                )
            value = value.get(key)
        elif isinstance(value, list | tuple | str):
            if not isinstance(key, int) or isinstance(key, bool):
                raise ExecError(
                    f"error calling index: cannot index slice/array with type {go_type(key)}"
                )
            if not 0 <= key < len(value):
                raise ExecError(f"error calling index: index out of range: {key}")
            value = value[key] if not isinstance(value, str) else value.encode()[key]
        elif value is None:
            raise ExecError("error calling index: index of nil pointer")
        else:
            raise ExecError(f"error calling index: can't index item of type {go_type(value)}")
    return value


@_register("print")
def _print(engine: Engine, *args: object) -> object:
    return sprint(args)


@_register("println")
def _println(engine: Engine, *args: object) -> object:
    return concat([*_join_with_spaces(args), "\n"])


def _join_with_spaces(args: Sequence[object]) -> list[str]:
    parts: list[str] = []
    for index, value in enumerate(args):
        if index:
            parts.append(" ")
        parts.append(strval(value) if value is not None else "<nil>")
    return parts


@_register("printf")
def _printf(engine: Engine, *args: object) -> object:
    if not args:
        raise ExecError("wrong number of args for printf: want at least 1 got 0")
    return sprintf(_str(args[0], "printf"), args[1:])


@_register("html")
def _html(engine: Engine, *args: object) -> object:
    text = sprint(args)
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        .replace("'", "&#39;")
        .replace("\0", "\ufffd")
    )


@_register("js")
def _js(engine: Engine, *args: object) -> object:
    text = sprint(args)
    out = []
    for char in text:
        if char in "\\'\"<>&=":
            out.append(f"\\u{ord(char):04X}" if char in "<>&=" else "\\" + char)
        elif ord(char) < 0x20:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return "".join(out)


@_register("urlquery")
def _urlquery(engine: Engine, *args: object) -> object:
    from urllib.parse import quote_plus

    return quote_plus(sprint(args), safe="")


@_register("slice")
def _slice(engine: Engine, *args: object) -> object:
    if not args:
        raise ExecError("wrong number of args for slice: want at least 1 got 0")
    value = args[0]
    indexes = [_int(i, "slice") for i in args[1:]]
    if isinstance(value, str | list | tuple):
        if len(indexes) > 2:
            raise ExecError("error calling slice: too many slice indexes")
        start = indexes[0] if indexes else 0
        end = indexes[1] if len(indexes) > 1 else len(value)
        if not 0 <= start <= end <= len(value):
            raise ExecError(f"error calling slice: index out of range: {end}")
        return sliced(value, start, end) if isinstance(value, str) else list(value[start:end])
    raise ExecError(f"error calling slice: can't slice item of type {go_type(value)}")


# --- Sprig: defaults, logic, types ------------------------------------------------------------


@_register("default", knows_unknown=True)
def _default(engine: Engine, *args: object) -> object:
    if not args:
        raise ExecError("wrong number of args for default: want at least 1 got 0")
    fallback, given = args[0], args[1:]
    if given and isinstance(given[0], Unknown):
        return given[0]
    if not given or empty(given[0]):
        return fallback
    return given[0]


@_register("empty", knows_unknown=True)
def _empty(engine: Engine, *args: object) -> object:
    _arity("empty", args, 1)
    if isinstance(args[0], Unknown):
        return args[0]
    return empty(args[0])


@_register("coalesce", knows_unknown=True)
def _coalesce(engine: Engine, *args: object) -> object:
    for value in args:
        if isinstance(value, Unknown):
            return value
        if not empty(value):
            return value
    return None


@_register("all")
def _all(engine: Engine, *args: object) -> object:
    return all(not empty(v) for v in args)


@_register("any")
def _any(engine: Engine, *args: object) -> object:
    return any(not empty(v) for v in args)


@_register("ternary")
def _ternary(engine: Engine, *args: object) -> object:
    _arity("ternary", args, 3)
    return args[0] if _bool(args[2], "ternary") else args[1]


@_register("fromJson", "mustFromJson")
def _from_json(engine: Engine, *args: object) -> object:
    _arity("fromJson", args, 1)
    text = _str(args[0], "fromJson")
    try:
        value = json.loads(text, parse_int=float)
    except ValueError as error:
        return {"Error": str(error)}
    return value if isinstance(value, dict) else {"Error": "json: cannot unmarshal into a map"}


@_register("fromJsonArray", "mustFromJsonArray")
def _from_json_array(engine: Engine, *args: object) -> object:
    _arity("fromJsonArray", args, 1)
    try:
        value = json.loads(_str(args[0], "fromJsonArray"), parse_int=float)
    except ValueError as error:
        return [str(error)]
    return value if isinstance(value, list) else ["json: cannot unmarshal into an array"]


@_register("toJson", "mustToJson", "toRawJson", "mustToRawJson")
def _to_json(engine: Engine, *args: object) -> object:
    _arity("toJson", args, 1)
    try:
        return goyaml.dump_json(args[0])
    except ValueError:
        return ""


@_register("toPrettyJson", "mustToPrettyJson")
def _to_pretty_json(engine: Engine, *args: object) -> object:
    _arity("toPrettyJson", args, 1)
    try:
        plain = json.loads(str(goyaml.dump_json(args[0])))
    except ValueError:
        return ""
    return retrace(json.dumps(plain, indent=2, sort_keys=True, ensure_ascii=False), args[0])


@_register("toYaml", "mustToYaml", "toYamlPretty")
def _to_yaml(engine: Engine, *args: object) -> object:
    _arity("toYaml", args, 1)
    try:
        return goyaml.dump_yaml(args[0])
    except ValueError:
        return ""


@_register("fromYaml")
def _from_yaml(engine: Engine, *args: object) -> object:
    _arity("fromYaml", args, 1)
    try:
        value = goyaml.load(_str(args[0], "fromYaml"))
    except ValueError as error:
        return {"Error": str(error)}
    if value is None:
        return {}
    if not isinstance(value, dict):
        return {"Error": "error unmarshaling JSON: json: cannot unmarshal into a map"}
    return value


@_register("fromYamlArray")
def _from_yaml_array(engine: Engine, *args: object) -> object:
    _arity("fromYamlArray", args, 1)
    try:
        value = goyaml.load(_str(args[0], "fromYamlArray"))
    except ValueError as error:
        return [str(error)]
    if value is None:
        return []
    return value if isinstance(value, list) else ["cannot unmarshal into an array"]


@_register("kindOf")
def _kind_of(engine: Engine, *args: object) -> object:
    _arity("kindOf", args, 1)
    return go_kind(args[0])


@_register("kindIs")
def _kind_is(engine: Engine, *args: object) -> object:
    _arity("kindIs", args, 2)
    return _str(args[0], "kindIs") == go_kind(args[1])


@_register("typeOf")
def _type_of(engine: Engine, *args: object) -> object:
    _arity("typeOf", args, 1)
    return go_type(args[0])


@_register("typeIs")
def _type_is(engine: Engine, *args: object) -> object:
    _arity("typeIs", args, 2)
    return _str(args[0], "typeIs") == go_type(args[1])


@_register("typeIsLike")
def _type_is_like(engine: Engine, *args: object) -> object:
    _arity("typeIsLike", args, 2)
    target = _str(args[0], "typeIsLike")
    kind = go_type(args[1])
    return target in (kind, "*" + kind)


@_register("deepEqual")
def _deep_equal(engine: Engine, *args: object) -> object:
    _arity("deepEqual", args, 2)
    return _plain(args[0]) == _plain(args[1]) and go_type(args[0]) == go_type(args[1])


def _plain(value: object) -> object:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, float):
        return float(value)
    return value


# --- Sprig: strings ----------------------------------------------------------------------------


def _strip_spans(result: str, original: str, start: int) -> str:
    """``original[start:start+len(result)]`` is ``result``: keep its spans."""
    if not isinstance(original, TStr):
        return result
    return sliced(original, start, start + len(result))


@_register("trim")
def _trim(engine: Engine, *args: object) -> object:
    _arity("trim", args, 1)
    text = _str(args[0], "trim")
    stripped = text.strip(" \t\n\r\v\f\u0085\u00a0")
    return _strip_spans(stripped, text, text.find(stripped) if stripped else 0)


@_register("trimAll")
def _trim_all(engine: Engine, *args: object) -> object:
    _arity("trimAll", args, 2)
    cutset, text = _str(args[0], "trimAll"), _str(args[1], "trimAll")
    stripped = text.strip(cutset)
    return _strip_spans(stripped, text, len(text) - len(text.lstrip(cutset)))


@_register("trimPrefix")
def _trim_prefix(engine: Engine, *args: object) -> object:
    _arity("trimPrefix", args, 2)
    prefix, text = _str(args[0], "trimPrefix"), _str(args[1], "trimPrefix")
    if prefix and text.startswith(prefix):
        return sliced(text, len(prefix), len(text))
    return text


@_register("trimSuffix")
def _trim_suffix(engine: Engine, *args: object) -> object:
    _arity("trimSuffix", args, 2)
    suffix, text = _str(args[0], "trimSuffix"), _str(args[1], "trimSuffix")
    if suffix and text.endswith(suffix):
        return sliced(text, 0, len(text) - len(suffix))
    return text


def _string_function(name: str, transform: Callable[[str], str]) -> None:
    def function(engine: Engine, *args: object) -> object:
        _arity(name, args, 1)
        text = _str(args[0], name)
        result = transform(text)
        return text if result == text else retrace(result, text)

    FUNCTIONS[name] = function


_string_function("upper", str.upper)
_string_function("lower", str.lower)
_string_function("title", lambda s: re.sub(r"(?:^|(?<=\s))(\w)", lambda m: m[1].upper(), s))
_string_function("untitle", lambda s: re.sub(r"(?:^|(?<=\s))(\w)", lambda m: m[1].lower(), s))
_string_function("nospace", lambda s: "".join(s.split()))
_string_function("swapcase", str.swapcase)
_string_function(
    "snakecase", lambda s: re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s).replace("-", "_").lower()
)
_string_function(
    "kebabcase", lambda s: re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", s).replace("_", "-").lower()
)
_string_function(
    "camelcase", lambda s: "".join(part[:1].upper() + part[1:] for part in re.split(r"[_\-\s]+", s))
)
_string_function("initials", lambda s: "".join(w[0] for w in s.split()))
_string_function("b64enc", lambda s: base64.b64encode(s.encode()).decode())
_string_function("b32enc", lambda s: base64.b32encode(s.encode()).decode())
_string_function("sha256sum", lambda s: hashlib.sha256(s.encode()).hexdigest())
_string_function("sha1sum", lambda s: hashlib.sha1(s.encode()).hexdigest())
_string_function("adler32sum", lambda s: str(zlib.adler32(s.encode())))
_string_function(
    "base", lambda s: s.rstrip("/").rsplit("/", 1)[-1] or ("/" if s.startswith("/") else ".")
)
_string_function(
    "ext", lambda s: ("." + s.rsplit(".", 1)[1]) if "." in s.rsplit("/", 1)[-1] else ""
)


@_register("dir")
def _dir(engine: Engine, *args: object) -> object:
    import posixpath

    _arity("dir", args, 1)
    return posixpath.dirname(_str(args[0], "dir")) or "."


@_register("clean")
def _clean(engine: Engine, *args: object) -> object:
    import posixpath

    _arity("clean", args, 1)
    text = _str(args[0], "clean")
    return posixpath.normpath(text) if text else "."


@_register("isAbs")
def _is_abs(engine: Engine, *args: object) -> object:
    _arity("isAbs", args, 1)
    return _str(args[0], "isAbs").startswith("/")


@_register("b64dec")
def _b64dec(engine: Engine, *args: object) -> object:
    _arity("b64dec", args, 1)
    try:
        return base64.b64decode(_str(args[0], "b64dec"), validate=True).decode("utf-8", "replace")
    except ValueError as error:
        return str(error)


@_register("b32dec")
def _b32dec(engine: Engine, *args: object) -> object:
    _arity("b32dec", args, 1)
    try:
        return base64.b32decode(_str(args[0], "b32dec")).decode("utf-8", "replace")
    except ValueError as error:
        return str(error)


@_register("contains")
def _contains(engine: Engine, *args: object) -> object:
    _arity("contains", args, 2)
    return _str(args[0], "contains") in _str(args[1], "contains")


@_register("hasPrefix")
def _has_prefix(engine: Engine, *args: object) -> object:
    _arity("hasPrefix", args, 2)
    return _str(args[1], "hasPrefix").startswith(_str(args[0], "hasPrefix"))


@_register("hasSuffix")
def _has_suffix(engine: Engine, *args: object) -> object:
    _arity("hasSuffix", args, 2)
    return _str(args[1], "hasSuffix").endswith(_str(args[0], "hasSuffix"))


@_register("replace")
def _replace(engine: Engine, *args: object) -> object:
    _arity("replace", args, 3)
    old, new, text = (_str(a, "replace") for a in args)
    if old not in text:
        return text
    return retrace(text.replace(old, new), text, new)


@_register("repeat")
def _repeat(engine: Engine, *args: object) -> object:
    _arity("repeat", args, 2)
    count = _int(args[0], "repeat")
    if count < 0:
        raise ExecError("error calling repeat: strings: negative Repeat count")
    return retrace(_str(args[1], "repeat") * count, args[1])


@_register("substr")
def _substr(engine: Engine, *args: object) -> object:
    _arity("substr", args, 3)
    start, end, text = _int(args[0], "substr"), _int(args[1], "substr"), _str(args[2], "substr")
    if start < 0:
        return sliced(text, 0, end) if end <= len(text) else text
    if end < 0 or end > len(text):
        return sliced(text, start, len(text))
    return sliced(text, start, end)


@_register("trunc")
def _trunc(engine: Engine, *args: object) -> object:
    _arity("trunc", args, 2)
    count, text = _int(args[0], "trunc"), _str(args[1], "trunc")
    if count < 0 and len(text) + count > 0:
        return sliced(text, len(text) + count, len(text))
    if count >= 0 and len(text) > count:
        return sliced(text, 0, count)
    return text


@_register("abbrev")
def _abbrev(engine: Engine, *args: object) -> object:
    _arity("abbrev", args, 2)
    width, text = _int(args[0], "abbrev"), _str(args[1], "abbrev")
    if width < 4 or len(text) <= width:
        return text
    return text[: width - 3] + "..."


@_register("wrap")
def _wrap(engine: Engine, *args: object) -> object:
    import textwrap

    _arity("wrap", args, 2)
    width, text = _int(args[0], "wrap"), _str(args[1], "wrap")
    return "\n".join(textwrap.wrap(text, width)) if width > 0 else text


@_register("quote")
def _quote(engine: Engine, *args: object) -> object:
    parts: list[str] = []
    for value in args:
        if value is None:
            continue
        text = strval(value)
        quoted = go_quote(text)
        if parts:
            parts.append(" ")
        if quoted == f'"{text}"':
            parts.extend(['"', text, '"'])
        else:
            parts.append(retrace(quoted, text))
    return concat(parts)


@_register("squote")
def _squote(engine: Engine, *args: object) -> object:
    parts: list[str] = []
    for value in args:
        if value is None:
            continue
        if parts:
            parts.append(" ")
        parts.extend(["'", strval(value), "'"])
    return concat(parts)


@_register("cat")
def _cat(engine: Engine, *args: object) -> object:
    return concat(_join_with_spaces([a for a in args if a is not None]))


@_register("indent", knows_unknown=True)
def _indent(engine: Engine, *args: object) -> object:
    _arity("indent", args, 2)
    return _indented(args, "indent", False)


@_register("nindent", knows_unknown=True)
def _nindent(engine: Engine, *args: object) -> object:
    _arity("nindent", args, 2)
    return _indented(args, "nindent", True)


def _indented(args: tuple[object, ...], name: str, leading_newline: bool) -> object:
    """``indent``/``nindent``; of an unknown text, the line break and pad are still known."""
    spaces, text = args
    if isinstance(spaces, Unknown):
        return spaces
    if isinstance(text, Unknown):
        lead = str(indented(text.lead, _int(spaces, name), leading_newline))
        return Unknown(text.reason, text.source, text.failure, lead)
    return indented(_str(text, name), _int(spaces, name), leading_newline)


@_register("plural")
def _plural(engine: Engine, *args: object) -> object:
    _arity("plural", args, 3)
    return _str(args[0], "plural") if _int(args[2], "plural") == 1 else _str(args[1], "plural")


@_register("split")
def _split(engine: Engine, *args: object) -> object:
    _arity("split", args, 2)
    parts = _go_split(_str(args[1], "split"), _str(args[0], "split"), -1)
    return {f"_{i}": part for i, part in enumerate(parts)}


@_register("splitn")
def _splitn(engine: Engine, *args: object) -> object:
    _arity("splitn", args, 3)
    parts = _go_split(_str(args[2], "splitn"), _str(args[0], "splitn"), _int(args[1], "splitn"))
    return {f"_{i}": part for i, part in enumerate(parts)}


@_register("splitList")
def _split_list(engine: Engine, *args: object) -> object:
    _arity("splitList", args, 2)
    return list(_go_split(_str(args[1], "splitList"), _str(args[0], "splitList"), -1))


def _go_split(text: str, separator: str, count: int) -> list[str]:
    """``strings.SplitN``, spans kept for each part."""
    if count == 0:
        return []
    if separator == "":
        chars = [sliced(text, i, i + 1) for i in range(len(text))]
        if 0 < count < len(chars):
            return [*chars[: count - 1], sliced(text, count - 1, len(text))]
        return chars
    parts: list[str] = []
    start = 0
    while count < 0 or len(parts) < count - 1:
        found = text.find(separator, start)
        if found < 0:
            break
        parts.append(sliced(text, start, found))
        start = found + len(separator)
    parts.append(sliced(text, start, len(text)))
    return parts


@_register("join")
def _join(engine: Engine, *args: object) -> object:
    _arity("join", args, 2)
    separator = _str(args[0], "join")
    parts: list[str] = []
    for index, item in enumerate(strslice(args[1])):
        if index:
            parts.append(separator)
        parts.append(item)
    return concat(parts)


@_register("toString")
def _to_string(engine: Engine, *args: object) -> object:
    _arity("toString", args, 1)
    return strval(args[0])


@_register("toStrings")
def _to_strings(engine: Engine, *args: object) -> object:
    _arity("toStrings", args, 1)
    value = args[0]
    if isinstance(value, list | tuple):
        return [strval(item) if item is not None else "<nil>" for item in value]
    return [strval(value)]


@_register("sortAlpha")
def _sort_alpha(engine: Engine, *args: object) -> object:
    _arity("sortAlpha", args, 1)
    value = args[0]
    if isinstance(value, list | tuple):
        return sorted(strval(item) for item in value)
    return [strval(value)]


def _regex(pattern: str, name: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as error:
        raise ExecError(f"error calling {name}: error parsing regexp: {error}") from None


@_register("regexMatch", "mustRegexMatch")
def _regex_match(engine: Engine, *args: object) -> object:
    _arity("regexMatch", args, 2)
    return (
        _regex(_str(args[0], "regexMatch"), "regexMatch").search(_str(args[1], "regexMatch"))
        is not None
    )


@_register("regexFind", "mustRegexFind")
def _regex_find(engine: Engine, *args: object) -> object:
    _arity("regexFind", args, 2)
    match = _regex(_str(args[0], "regexFind"), "regexFind").search(_str(args[1], "regexFind"))
    return match[0] if match else ""


@_register("regexFindAll", "mustRegexFindAll")
def _regex_find_all(engine: Engine, *args: object) -> object:
    _arity("regexFindAll", args, 3)
    found = [
        m[0]
        for m in _regex(_str(args[0], "regexFindAll"), "regexFindAll").finditer(
            _str(args[1], "regexFindAll")
        )
    ]
    count = _int(args[2], "regexFindAll")
    return found if count < 0 else found[:count]


def _go_template_replacement(replacement: str) -> str:
    """Go's ``$1``/``${name}`` expansion as Python's ``\\g<…>``."""

    def repl(match: re.Match[str]) -> str:
        if match[0] == "$$":
            return "$"
        name = match[1] or match[2]
        return f"\\g<{name}>"

    escaped = replacement.replace("\\", "\\\\")
    return re.sub(r"\$\$|\$\{(\w+)\}|\$(\w+)", repl, escaped)


@_register("regexReplaceAll", "mustRegexReplaceAll")
def _regex_replace_all(engine: Engine, *args: object) -> object:
    _arity("regexReplaceAll", args, 3)
    pattern = _regex(_str(args[0], "regexReplaceAll"), "regexReplaceAll")
    text = _str(args[1], "regexReplaceAll")
    try:
        result = pattern.sub(_go_template_replacement(_str(args[2], "regexReplaceAll")), text)
    except (re.error, IndexError):
        result = pattern.sub("", text)
    return text if result == text else retrace(result, text)


@_register("regexReplaceAllLiteral", "mustRegexReplaceAllLiteral")
def _regex_replace_literal(engine: Engine, *args: object) -> object:
    _arity("regexReplaceAllLiteral", args, 3)
    pattern = _regex(_str(args[0], "regexReplaceAllLiteral"), "regexReplaceAllLiteral")
    text = _str(args[1], "regexReplaceAllLiteral")
    literal = _str(args[2], "regexReplaceAllLiteral")
    result = pattern.sub(lambda _: literal, text)
    return text if result == text else retrace(result, text)


@_register("regexSplit", "mustRegexSplit")
def _regex_split(engine: Engine, *args: object) -> object:
    _arity("regexSplit", args, 3)
    pattern = _regex(_str(args[0], "regexSplit"), "regexSplit")
    count = _int(args[2], "regexSplit")
    parts = pattern.split(
        _str(args[1], "regexSplit"), maxsplit=max(count - 1, 0) if count > 0 else 0
    )
    return parts if count != 0 else []


@_register("regexQuoteMeta")
def _regex_quote_meta(engine: Engine, *args: object) -> object:
    _arity("regexQuoteMeta", args, 1)
    return re.sub(r"([\\.+*?()|\[\]{}^$])", r"\\\1", _str(args[0], "regexQuoteMeta"))


# --- Sprig: lists and dicts --------------------------------------------------------------------


@_register("list", "tuple")
def _list_function(engine: Engine, *args: object) -> object:
    return list(args)


@_register("dict")
def _dict(engine: Engine, *args: object) -> object:
    result: dict[str, object] = {}
    for index in range(0, len(args), 2):
        key = strval(args[index]) if args[index] is not None else "<nil>"
        result[str(key)] = args[index + 1] if index + 1 < len(args) else ""
    return result


@_register("get")
def _get(engine: Engine, *args: object) -> object:
    _arity("get", args, 2)
    mapping, key = _map(args[0], "get"), _str(args[1], "get")
    return mapping.get(key, "")


@_register("set")
def _set(engine: Engine, *args: object) -> object:
    _arity("set", args, 3)
    mapping = _map(args[0], "set")
    mapping[str(_str(args[1], "set"))] = args[2]
    return mapping


@_register("unset")
def _unset(engine: Engine, *args: object) -> object:
    _arity("unset", args, 2)
    mapping = _map(args[0], "unset")
    mapping.pop(str(_str(args[1], "unset")), None)
    return mapping


@_register("hasKey", knows_unknown=True)
def _has_key(engine: Engine, *args: object) -> object:
    _arity("hasKey", args, 2)
    for value in args:
        if isinstance(value, Unknown):
            return value
    return _str(args[1], "hasKey") in _map(args[0], "hasKey")


@_register("pluck")
def _pluck(engine: Engine, *args: object) -> object:
    if not args:
        raise ExecError("wrong number of args for pluck: want at least 1 got 0")
    key = _str(args[0], "pluck")
    return [d[key] for d in (_map(a, "pluck") for a in args[1:]) if key in d]


@_register("keys")
def _keys(engine: Engine, *args: object) -> object:
    found: list[object] = []
    for value in args:
        found.extend(sorted(_map(value, "keys")))
    return found


@_register("values")
def _values(engine: Engine, *args: object) -> object:
    _arity("values", args, 1)
    mapping = _map(args[0], "values")
    return [mapping[k] for k in sorted(mapping)]


@_register("pick")
def _pick(engine: Engine, *args: object) -> object:
    if not args:
        raise ExecError("wrong number of args for pick: want at least 1 got 0")
    mapping = _map(args[0], "pick")
    wanted = [_str(k, "pick") for k in args[1:]]
    return {k: mapping[k] for k in wanted if k in mapping}


@_register("omit")
def _omit(engine: Engine, *args: object) -> object:
    if not args:
        raise ExecError("wrong number of args for omit: want at least 1 got 0")
    mapping = _map(args[0], "omit")
    unwanted = {_str(k, "omit") for k in args[1:]}
    return {k: v for k, v in mapping.items() if k not in unwanted}


def _merge_into(
    dst: dict[str, object], src: dict[str, object], overwrite: bool, depth: int = 0
) -> None:
    if depth > 100:
        return
    for key, value in src.items():
        current = dst.get(key)
        if isinstance(value, dict) and isinstance(current, dict):
            _merge_into(current, value, overwrite, depth + 1)
        elif key not in dst or empty(current) or (overwrite and not empty(value)):
            if (
                key in dst
                and not overwrite
                and isinstance(value, dict | list)
                and not empty(current)
            ):
                continue
            dst[key] = _deep_copy(value)


@_register("merge", "mustMerge")
def _merge(engine: Engine, *args: object) -> object:
    if not args:
        raise ExecError("wrong number of args for merge: want at least 1 got 0")
    destination = _map(args[0], "merge")
    for source in args[1:]:
        _merge_into(destination, _map(source, "merge"), False)
    return destination


@_register("mergeOverwrite", "mustMergeOverwrite")
def _merge_overwrite(engine: Engine, *args: object) -> object:
    if not args:
        raise ExecError("wrong number of args for mergeOverwrite: want at least 1 got 0")
    destination = _map(args[0], "mergeOverwrite")
    for source in args[1:]:
        _merge_into(destination, _map(source, "mergeOverwrite"), True)
    return destination


def _deep_copy(value: object, depth: int = 0) -> object:
    """A copy of a value's maps and lists, each map of its own type: a map of a named type
    keeps its methods, as Go's copy keeps the type (``.Files``' ``Get``: the official NATS
    chart's ``merge (dict "tls" .) $`` copies the root into a new context, and the
    ``.ctx.Files.Get`` of its helper said "Get is not a method but has arguments": no
    StatefulSet, no image, survey s41c)."""
    if depth > 200:
        return value
    if isinstance(value, dict):
        copied = {k: _deep_copy(v, depth + 1) for k, v in value.items()}
        if type(value) is dict:
            return copied
        import copy

        typed = copy.copy(value)  # (its type and attributes: PartlyKnown's reason)
        typed.clear()
        typed.update(copied)
        return typed
    if isinstance(value, list | tuple):
        return [_deep_copy(v, depth + 1) for v in value]
    return value


@_register("deepCopy", "mustDeepCopy")
def _deep_copy_function(engine: Engine, *args: object) -> object:
    _arity("deepCopy", args, 1)
    return _deep_copy(args[0])


@_register("dig")
def _dig(engine: Engine, *args: object) -> object:
    if len(args) < 3:
        raise ExecError(f"wrong number of args for dig: want at least 3 got {len(args)}")
    if isinstance(args[-1], GoValues):
        raise ExecError(
            "error calling dig: interface conversion: interface {} is common.Values, "
            "not map[string]interface {}"
        )
    mapping = _map(args[-1], "dig")
    fallback = args[-2]
    value: object = mapping
    for key in args[:-2]:
        if not isinstance(value, dict) or _str(key, "dig") not in value:
            return fallback
        value = value[str(key)]
    return value


@_register("first", "mustFirst")
def _first(engine: Engine, *args: object) -> object:
    _arity("first", args, 1)
    items = _list(args[0], "first")
    return items[0] if items else None


@_register("last", "mustLast")
def _last(engine: Engine, *args: object) -> object:
    _arity("last", args, 1)
    items = _list(args[0], "last")
    return items[-1] if items else None


@_register("rest", "mustRest")
def _rest(engine: Engine, *args: object) -> object:
    _arity("rest", args, 1)
    items = _list(args[0], "rest")
    return items[1:] if items else None


@_register("initial", "mustInitial")
def _initial(engine: Engine, *args: object) -> object:
    _arity("initial", args, 1)
    items = _list(args[0], "initial")
    return items[:-1] if items else None


@_register("append", "push", "mustAppend", "mustPush")
def _append(engine: Engine, *args: object) -> object:
    _arity("append", args, 2)
    return [*_list(args[0], "append"), args[1]]


@_register("prepend", "mustPrepend")
def _prepend(engine: Engine, *args: object) -> object:
    _arity("prepend", args, 2)
    return [args[1], *_list(args[0], "prepend")]


@_register("concat")
def _concat(engine: Engine, *args: object) -> object:
    result: list[object] = []
    for value in args:
        result.extend(_list(value, "concat"))
    return result


@_register("reverse", "mustReverse")
def _reverse(engine: Engine, *args: object) -> object:
    _arity("reverse", args, 1)
    return list(reversed(_list(args[0], "reverse")))


@_register("uniq", "mustUniq")
def _uniq(engine: Engine, *args: object) -> object:
    _arity("uniq", args, 1)
    result: list[object] = []
    for item in _list(args[0], "uniq"):
        if not any(_plain(item) == _plain(seen) for seen in result):
            result.append(item)
    return result


@_register("compact", "mustCompact")
def _compact(engine: Engine, *args: object) -> object:
    _arity("compact", args, 1)
    return [item for item in _list(args[0], "compact") if not empty(item)]


@_register("without", "mustWithout")
def _without(engine: Engine, *args: object) -> object:
    if not args:
        raise ExecError("wrong number of args for without: want at least 1 got 0")
    unwanted = [_plain(a) for a in args[1:]]
    return [item for item in _list(args[0], "without") if _plain(item) not in unwanted]


@_register("has", "mustHas")
def _has(engine: Engine, *args: object) -> object:
    _arity("has", args, 2)
    if args[1] is None:
        return False
    return any(_plain(args[0]) == _plain(item) for item in _list(args[1], "has"))


@_register("until")
def _until(engine: Engine, *args: object) -> object:
    _arity("until", args, 1)
    count = _int(args[0], "until")
    return list(range(count)) if count >= 0 else list(range(0, count, -1))


@_register("untilStep")
def _until_step(engine: Engine, *args: object) -> object:
    _arity("untilStep", args, 3)
    start, stop, step = (_int(a, "untilStep") for a in args)
    if step == 0:
        return []
    return list(range(start, stop, step))


@_register("seq")
def _seq(engine: Engine, *args: object) -> object:
    numbers = [_int(a, "seq") for a in args]
    if len(numbers) == 1:
        start, stop, step = 1, numbers[0], 1 if numbers[0] >= 1 else -1
    elif len(numbers) == 2:
        start, stop = numbers
        step = 1 if stop >= start else -1
    elif len(numbers) == 3:
        start, step, stop = numbers
    else:
        return ""
    if step == 0 or (step > 0 and start > stop) or (step < 0 and start < stop):
        return ""
    return " ".join(str(n) for n in range(start, stop + (1 if step > 0 else -1), step))


@_register("chunk", "mustChunk")
def _chunk(engine: Engine, *args: object) -> object:
    _arity("chunk", args, 2)
    size = _int(args[0], "chunk")
    items = _list(args[1], "chunk")
    if size <= 0:
        return []
    return [items[i : i + size] for i in range(0, len(items), size)]


# --- Sprig: numbers ---------------------------------------------------------------------------


@_register("add")
def _add(engine: Engine, *args: object) -> object:
    return sum(to_int64(a) for a in args)


@_register("add1")
def _add1(engine: Engine, *args: object) -> object:
    _arity("add1", args, 1)
    return to_int64(args[0]) + 1


@_register("sub")
def _sub(engine: Engine, *args: object) -> object:
    _arity("sub", args, 2)
    return to_int64(args[0]) - to_int64(args[1])


@_register("mul")
def _mul(engine: Engine, *args: object) -> object:
    if not args:
        raise ExecError("wrong number of args for mul: want at least 1 got 0")
    result = to_int64(args[0])
    for value in args[1:]:
        result *= to_int64(value)
    return result


def _go_div(a: int, b: int) -> int:
    if b == 0:
        raise ExecError("error calling div: runtime error: integer divide by zero")
    quotient = abs(a) // abs(b)
    return quotient if (a >= 0) == (b >= 0) else -quotient


@_register("div")
def _div(engine: Engine, *args: object) -> object:
    _arity("div", args, 2)
    return _go_div(to_int64(args[0]), to_int64(args[1]))


@_register("mod")
def _mod(engine: Engine, *args: object) -> object:
    _arity("mod", args, 2)
    a, b = to_int64(args[0]), to_int64(args[1])
    return a - _go_div(a, b) * b


@_register("max", "biggest")
def _max(engine: Engine, *args: object) -> object:
    if not args:
        raise ExecError("wrong number of args for max: want at least 1 got 0")
    return max(to_int64(a) for a in args)


@_register("min")
def _min(engine: Engine, *args: object) -> object:
    if not args:
        raise ExecError("wrong number of args for min: want at least 1 got 0")
    return min(to_int64(a) for a in args)


@_register("int", "int64")
def _int_function(engine: Engine, *args: object) -> object:
    _arity("int", args, 1)
    return to_int64(args[0])


@_register("float64")
def _float64(engine: Engine, *args: object) -> object:
    _arity("float64", args, 1)
    return to_float64(args[0])


@_register("atoi")
def _atoi(engine: Engine, *args: object) -> object:
    _arity("atoi", args, 1)
    try:
        return int(_str(args[0], "atoi"))
    except ValueError:
        return 0


@_register("floor")
def _floor(engine: Engine, *args: object) -> object:
    _arity("floor", args, 1)
    return float(math.floor(to_float64(args[0])))


@_register("ceil")
def _ceil(engine: Engine, *args: object) -> object:
    _arity("ceil", args, 1)
    return float(math.ceil(to_float64(args[0])))


@_register("round")
def _round(engine: Engine, *args: object) -> object:
    if len(args) < 2:
        raise ExecError(f"wrong number of args for round: want at least 2 got {len(args)}")
    value, places = to_float64(args[0]), _int(args[1], "round")
    threshold = to_float64(args[2]) if len(args) > 2 else 0.5
    factor = 10.0**places
    scaled = value * factor
    digit = math.floor(scaled)
    return (digit + (1 if scaled - digit >= threshold else 0)) / factor


@_register("toDecimal")
def _to_decimal(engine: Engine, *args: object) -> object:
    _arity("toDecimal", args, 1)
    try:
        return int(strval(args[0]), 8)
    except ValueError:
        return 0


for _name, _op in (
    ("addf", lambda a, b: a + b),
    ("subf", lambda a, b: a - b),
    ("mulf", lambda a, b: a * b),
    ("divf", lambda a, b: a / b if b else math.inf),
):

    def _float_op(
        engine: Engine, *args: object, _op: Callable[[float, float], float] = _op
    ) -> object:
        if not args:
            return 0.0
        result = to_float64(args[0])
        for value in args[1:]:
            result = _op(result, to_float64(value))
        return result

    FUNCTIONS[_name] = _float_op


# --- Sprig: versions -----------------------------------------------------------------------------


class SemverObject(GoObject):
    """``semver "1.2.3"``: fields Major, Minor, Patch; methods Prerelease, Metadata, Original."""

    __slots__ = ("version",)

    type_name = "*semver.Version"

    def __init__(self, version: object) -> None:
        self.version = version

    def field(self, name: str) -> object:
        return super().field(name)

    def method(self, name: str) -> Callable[..., object] | None:
        v = self.version
        table: dict[str, Callable[..., object]] = {
            "Major": lambda: v.major,  # type: ignore[attr-defined]
            "Minor": lambda: v.minor,  # type: ignore[attr-defined]
            "Patch": lambda: v.patch,  # type: ignore[attr-defined]
            "Prerelease": lambda: v.prerelease,  # type: ignore[attr-defined]
            "Metadata": lambda: v.metadata,  # type: ignore[attr-defined]
            "Original": lambda: v.original,  # type: ignore[attr-defined]
            "String": lambda: str(v),
        }
        return table.get(name)

    def text(self) -> str:
        return str(self.version)


@_register("semver", "mustSemver")
def _semver(engine: Engine, *args: object) -> object:
    _arity("semver", args, 1)
    try:
        return SemverObject(parse_version(_str(args[0], "semver")))
    except SemverError as error:
        raise ExecError(f"error calling semver: {error}") from None


@_register("semverCompare", "mustSemverCompare")
def _semver_compare(engine: Engine, *args: object) -> object:
    _arity("semverCompare", args, 2)
    try:
        constraint = parse_constraint(_str(args[0], "semverCompare"))
        version = parse_version(_str(args[1], "semverCompare"))
    except SemverError as error:
        raise ExecError(f"error calling semverCompare: {error}") from None
    return constraint.check(version)


# --- Helm ---------------------------------------------------------------------------------


@_register("include")
def _include(engine: Engine, *args: object) -> object:
    _arity("include", args, 2)
    result = engine.run_define(_str(args[0], "include"), args[1])
    if "\u2983" in result:  # an unknown value inside: the result is not known either
        unknown = engine.unknown_in(result)
        if unknown is not None:
            return unknown
    return result


@_register("tpl")
def _tpl(engine: Engine, *args: object) -> object:
    _arity("tpl", args, 2)
    text = _str(args[0], "tpl")
    if "{{" not in text:
        return text
    result = engine.run_text(str(text), args[1], engine.template_name)
    if "\u2983" in result:
        unknown = engine.unknown_in(result)
        if unknown is not None:
            return unknown
    cleaned = without_no_value(result)
    origins = origins_of(text)
    if origins and isinstance(cleaned, TStr):
        extra = tuple((0, len(cleaned), None, o) for o in origins)
        return TStr(cleaned, cleaned.spans + extra)
    return cleaned


@_register("required", knows_unknown=True)
def _required(engine: Engine, *args: object) -> object:
    _arity("required", args, 2)
    message, value = args
    if isinstance(value, Unknown):
        return value
    if value is None or (isinstance(value, str) and value == ""):
        text = message if isinstance(message, str) else strval(message)
        return Unknown(f"{REQUIRED_NOT_SET} ({text})")
    return value


@_register("fail")
def _fail(engine: Engine, *args: object) -> object:
    _arity("fail", args, 1)
    raise Failed(_str(args[0], "fail"))


@_register("getHostByName")
def _get_host_by_name(engine: Engine, *args: object) -> object:
    _arity("getHostByName", args, 1)
    return ""  # as Helm without --enable-dns


@_register("lookup")
def _lookup(engine: Engine, *args: object) -> object:
    # Without a cluster (`helm template`, `install --dry-run`) Helm's lookup gives an
    # empty map, and a cluster without the object gives one too: charts are written
    # for that answer (`lookup … | default (dict "data" (dict))`, `if not (lookup …)`),
    # so it is rendered as Helm renders it, and said (Helm's guide, "Using the lookup
    # function": no API server during `helm template`; no object, an empty value;
    # tests/helm's oracle renders `kindOf (lookup …)` as "map").
    _arity("lookup", args, 4)
    words = " ".join(json.dumps(str(_str(arg, "lookup"))) for arg in args)
    said = f"lookup {words}: an empty map offline, as in helm template"
    if said not in engine.assumptions:
        engine.assumptions.append(said)
    return {}


#: Functions whose result cannot be known offline, and why.
UNKNOWABLE = {
    "now": "the time of the render",
    "date": "the time of the render",
    "dateInZone": "the time of the render",
    "htmlDate": "the time of the render",
    "htmlDateInZone": "the time of the render",
    "ago": "the time of the render",
    "unixEpoch": "the time of the render",
    "dateModify": "the time of the render",
    "duration": "the time of the render",
    "toDate": "the time of the render",
    "randAlphaNum": "a random value",
    "randAlpha": "a random value",
    "randNumeric": "a random value",
    "randAscii": "a random value",
    "randBytes": "a random value",
    "randInt": "a random value",
    "shuffle": "a random value",
    "uuidv4": "a random value",
    "genCA": "a generated certificate",
    "genCAWithKey": "a generated certificate",
    "genSelfSignedCert": "a generated certificate",
    "genSelfSignedCertWithKey": "a generated certificate",
    "genSignedCert": "a generated certificate",
    "genSignedCertWithKey": "a generated certificate",
    "genPrivateKey": "a generated key",
    "buildCustomCert": "a certificate",
    "derivePassword": "a derived password",
    "encryptAES": "an encrypted value",
    "decryptAES": "an encrypted value",
    "bcrypt": "a hashed password",
    "htpasswd": "a hashed password",
    "toToml": "TOML output",
    "fromToml": "TOML input",
    "osBase": "the operating system",
    "osClean": "the operating system",
    "osDir": "the operating system",
    "osExt": "the operating system",
    "osIsAbs": "the operating system",
    "urlParse": "a URL parser",
    "urlJoin": "a URL parser",
    "call": "a function value",
}

for _unknowable, _why in UNKNOWABLE.items():

    def _unknown_result(
        engine: Engine, *args: object, _n: str = _unknowable, _w: str = _why
    ) -> object:
        return Unknown(f"{_n} gives {_w}, not known offline")

    FUNCTIONS[_unknowable] = _unknown_result
