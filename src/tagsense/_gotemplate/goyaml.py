"""YAML as Helm reads and writes it (``sigs.k8s.io/yaml`` over go-yaml v2).

Reading: documents are composed by PyYAML (nodes, positions) and each plain
scalar is resolved by go-yaml v2's rules, which are YAML 1.1's with Go's
number syntax: ``y``/``n``/``yes``/``on``… are booleans, ``0x1F``, ``0o17``,
``012`` and ``1_000`` are integers, a date stays a string, and there are no
base-60 numbers. ``sigs.k8s.io/yaml`` then goes through JSON, so every number
is a float64 (``1.10`` reads as ``1.1``; ``1000000`` prints as ``1e+06``) and
map keys are strings (a key ``on`` is ``"true"``). Quoted scalars are strings.

Writing (``toYaml``, ``toJson``): Go's ``encoding/json`` then go-yaml's
encoder: keys in go-yaml's order, numbers as JSON writes them, each string in
the style go-yaml's emitter picks (plain, single-quoted, double-quoted, a
literal block), with spans: a traced string keeps its origin inside the YAML
or JSON text. The style matters: ``tpl`` renders ``toYaml``'s text again.
Not modelled: where go-yaml's key comparison is no order (``1a`` beside ``10``
and ``1.5``), and line breaks other than a newline (U+2028) in a key.
"""

from __future__ import annotations

import functools
import json
import math

from .._lazy import lazy_pattern
from ..errors import TagsenseError
from .values import GoObject, Span, TStr, format_float_json, spans_of, to_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    import yaml

__all__ = ["compose_all", "dump_json", "dump_yaml", "from_node", "load", "resolve_plain"]

_STR = "tag:yaml.org,2002:str"
_BOOLS = {
    **dict.fromkeys(
        ("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True
    ),
    **dict.fromkeys(
        ("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False
    ),
}
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_SPECIAL_FLOATS = frozenset(
    (".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf")
) | {"-.Inf", "-.INF"}
_HINTS = frozenset("+-0123456789yYnNtTfFoO~.")
_YAML_FLOAT = lazy_pattern(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_TIMESTAMP = lazy_pattern(
    r"\d{4}-\d\d?-\d\d?"
    r"(?:(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?)?"
)
_GO_INT = lazy_pattern(r"[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)")


_LOADER: list[type] = []


def _loader() -> type:
    """PyYAML's C loader (if built) with an implicit-tag resolver that remembers its answers."""
    if not _LOADER:
        import yaml

        base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        resolve: Callable[..., str] = base.resolve  # type: ignore[attr-defined]
        cache: dict[tuple[object, str, object], str] = {}
        # (a scalar whose first character starts no implicit resolver's pattern is a
        # string, plain or quoted: most of a values file, answered without a lookup)
        starts = frozenset(k for k in base.yaml_implicit_resolvers if k)  # type: ignore[attr-defined]
        # (without path resolvers, a collection's tag is its kind's: no lookup either)
        paths = bool(base.yaml_path_resolvers)  # type: ignore[attr-defined]
        collections: dict[object, str] = (
            {}
            if paths
            else {
                yaml.MappingNode: base.DEFAULT_MAPPING_TAG,  # type: ignore[attr-defined]
                yaml.SequenceNode: base.DEFAULT_SEQUENCE_TAG,  # type: ignore[attr-defined]
            }
        )

        def cached(self: object, kind: object, value: object, implicit: object) -> str:
            if value.__class__ is str and value and value[0] not in starts:
                return _STR
            if value is None and kind in collections:
                return collections[kind]
            if not isinstance(value, str) or len(value) > 200:
                resolved: str = resolve(self, kind, value, implicit)
                return resolved
            key = (kind, value, implicit)
            tag = cache.get(key)
            if tag is None:
                tag = resolve(self, kind, value, implicit)
                if len(cache) < 100_000:
                    cache[key] = tag
            return tag

        members: dict[str, object] = {"resolve": cached}
        if not paths:
            # The composer tells the path resolvers each node it enters and leaves: a
            # Python call each, that does nothing without them. Calls of C types instead,
            # whose results are dropped (slice(parent, index), tuple()).
            members["descend_resolver"] = slice
            members["ascend_resolver"] = tuple
        _LOADER.append(type("_CachedLoader", (base,), members))
    return _LOADER[0]


def compose_all(text: str) -> list[yaml.Node]:
    """Every document of a YAML text as nodes (PyYAML's errors propagate)."""
    import yaml

    return [node for node in yaml.compose_all(str(text), Loader=_loader()) if node is not None]


class UnsupportedValue(TagsenseError):
    """A value Helm cannot read (an infinity or NaN: JSON has none)."""


def resolve_plain(text: str) -> object:
    """A plain scalar's value by go-yaml v2's rules, then through JSON (numbers are floats)."""
    if not text:
        return None
    if text[0] not in _HINTS:
        return text
    if text in _BOOLS:
        return _BOOLS[text]
    if text in _NULLS:
        return None
    if text in _SPECIAL_FLOATS:
        raise UnsupportedValue(f"json: unsupported value: {text}")
    if text[0] == ".":
        try:
            return float(text)
        except ValueError:
            return text
    if text[0] in "yYnNtTfFoO~":
        return text
    if _TIMESTAMP.fullmatch(text):
        return text
    plain = text.replace("_", "")
    if _GO_INT.fullmatch(plain):
        sign = -1 if plain.startswith("-") else 1
        digits = plain.lstrip("+-")
        lower = digits.lower()
        if lower.startswith(("0x", "0o", "0b")):
            number = int(lower, 0)
        elif len(digits) > 1 and digits.startswith("0"):
            number = int(digits, 8)
        else:
            number = int(digits)
        if number * sign >= -(2**63) and number <= 2**64 - 1:
            return float(sign * number)
        return text
    if _YAML_FLOAT.fullmatch(plain):
        try:
            value = float(plain)
        except ValueError:
            return text
        if math.isinf(value):
            raise UnsupportedValue(f"json: unsupported value: {text}")
        return value
    return text


def _key(node: yaml.Node) -> str:
    """A mapping key as JSON makes it: a string (booleans and numbers written out)."""
    value = scalar_value(node, None)
    if isinstance(value, str):
        return value
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return to_text(value)


def scalar_value(node: yaml.Node, source: str | None) -> object:
    """A scalar node's value (its explicit tag, its quotes, or go-yaml's rules)."""
    text: str = node.value
    if getattr(node, "style", None):  # quoted, literal or folded: a string (plain is None or "")
        return text
    tag = node.tag
    explicit = source is not None and _explicitly_tagged(node, source)
    if explicit:
        if tag == _STR:
            return text
        if tag.endswith((":int", ":float")):
            value = resolve_plain(text)
            return value if isinstance(value, float) else text
        if tag.endswith(":bool"):
            return _BOOLS.get(text, text)
        if tag.endswith(":null"):
            return None
        return text
    return resolve_plain(text)


def _explicitly_tagged(node: yaml.Node, source: str) -> bool:
    index = getattr(node.start_mark, "index", None)
    if index is None or index >= len(source):
        return False
    head = source[index : index + 256]
    if head.startswith("&"):
        head = head.split(None, 1)[1] if " " in head else ""
    return head.startswith("!")


def from_node(
    node: yaml.Node,
    source: str | None = None,
    trace: Callable[[yaml.Node, tuple[str, ...], object], object] | None = None,
) -> object:
    """A composed document as Go values; ``trace(node, keys, value)`` may wrap each scalar.

    Each node is converted once per place it appears (an alias is a copy, as
    in Go); merge keys are resolved as :func:`~tagsense.sources._yaml.items`
    resolves them.
    """
    from ..sources._yaml import items

    # (a merge key is written "<<", or escaped in a double-quoted key)
    merges = source is None or "<<" in source or "\\" in source
    root: list[object] = [None]
    # (node, keys, container, key in container)
    stack: list[tuple[yaml.Node, tuple[str, ...], object, object]] = [(node, (), root, 0)]
    budget = 1_000_000
    while stack:
        current, keys, container, slot = stack.pop()
        budget -= 1
        if budget < 0:
            raise UnsupportedValue("too many values (an alias bomb?)")
        kind = getattr(current, "id", "")
        value: object
        if kind == "mapping":
            mapping: dict[str, object] = {}
            pairs = current.value
            if merges and any(k.value == "<<" and k.id == "scalar" for k, _ in pairs):
                entries = [(key, child, key_node) for key, child, key_node in items(current)]
            else:
                entries = [
                    (k.value, child, k) for k, child in pairs if getattr(k, "id", "") == "scalar"
                ]
            for key, child, key_node in entries:
                # (quoted, or plain that starts no number, boolean or null: a string)
                if getattr(key_node, "style", None) or (key and key[0] not in _HINTS):
                    name = key
                else:
                    name = _key(key_node)
                mapping[name] = None
                stack.append((child, (*keys, name), mapping, name))
            value = mapping
        elif kind == "sequence":
            sequence: list[object] = [None] * len(current.value)
            for index, child in enumerate(current.value):
                stack.append((child, (*keys, f"[{index}]"), sequence, index))
            value = sequence
        else:
            text = current.value
            if getattr(current, "style", None) or (
                text and text[0] not in _HINTS and current.tag == _STR
            ):
                value = text
            else:
                value = scalar_value(current, source)
            if trace is not None and value is not None and not isinstance(value, bool):
                value = trace(current, keys, value)
        container[slot] = value  # type: ignore[index]
    return root[0]


def load(text: str) -> object:
    """The first document of a YAML text as Go values (``sigs.k8s.io/yaml.Unmarshal``).

    Raises ``ValueError`` with the parser's message.
    """
    import yaml

    try:
        node = yaml.compose(str(text), Loader=_loader())
    except yaml.YAMLError as error:
        raise ValueError(f"error converting YAML to JSON: {error}") from None
    except RecursionError:
        raise ValueError("error converting YAML to JSON: nested too deeply") from None
    if node is None:
        return None
    return from_node(node, text)


# --- writing --------------------------------------------------------------------------------

# go-yaml v2 quotes what would read back as another type: what resolves to a number,
# a boolean or null, a timestamp, a base-60 float (YAML 1.1).
_BASE60 = lazy_pattern(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")
# Indicators that end a plain scalar anywhere, and those that may not start one.
_FIRST_INDICATORS = frozenset("#,[]{}&*!|>'\"%@`")
_BREAKS = frozenset("\n\r\x85\u2028\u2029")
_GO_ESCAPES = {
    "\0": "\\0",
    "\a": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\v": "\\v",
    "\f": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    '"': '\\"',
    "\\": "\\\\",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


def _reads_as_string(text: str) -> bool:
    """Whether go-yaml v2 would read the text, unquoted, back as this string."""
    try:
        if resolve_plain(text) != text:
            return False
    except UnsupportedValue:
        return False
    return not (_TIMESTAMP.fullmatch(text) or _BASE60.fullmatch(text))


def _printable(char: str) -> bool:
    """go-yaml's ``is_printable`` (a tab, a carriage return, DEL are not)."""
    code = ord(char)
    return (
        code == 0x0A
        or 0x20 <= code <= 0x7E
        or code == 0x85
        or 0xA0 <= code <= 0xD7FF
        or (0xE000 <= code <= 0xFFFD and code != 0xFEFF)
        or code >= 0x10000
    )


def _style(text: str, key: bool) -> str:
    """The style go-yaml v2's emitter writes a string in: plain, single, double, literal.

    Its ``yaml_emitter_analyze_scalar`` and ``select_scalar_style``, in block
    context: a string with a newline is a literal block (``|-``) unless it is a
    key or cannot be one; one that cannot be plain is single-quoted
    (``'{{ .Values.x }}/login'``), double-quoted only when single quotes cannot
    hold it (a tab, a control character, a space before or after a line break).
    The style matters beyond looks: ``tpl (toYaml .Values.probe)`` renders the
    template inside a string again, and ``"{{ default \"\" .x }}"`` does not parse.
    """
    if not _reads_as_string(text):
        return "double"  # (the empty string too: it reads as null)
    block_indicators = text.startswith(("---", "..."))
    special = space_break = break_space = previous_space = previous_break = False
    preceded_by_blank = True
    last = len(text) - 1
    for index, char in enumerate(text):
        following = text[index + 1] if index < last else " "
        followed_by_blank = following in " \t" or following in _BREAKS
        if index == 0:
            if char in _FIRST_INDICATORS or (char in "?:-" and followed_by_blank):
                block_indicators = True
        elif (char == ":" and followed_by_blank) or (char == "#" and preceded_by_blank):
            block_indicators = True
        special = special or not _printable(char)
        if char == " ":
            break_space = break_space or previous_break
            previous_space, previous_break = True, False
        elif char in _BREAKS:
            space_break = space_break or previous_space
            previous_space, previous_break = False, True
        else:
            previous_space = previous_break = False
        preceded_by_blank = char in " \t" or char in _BREAKS
    edges = text[0] == " " or text[-1] == " " or text[0] in _BREAKS or text[-1] in _BREAKS
    line_breaks = any(char in _BREAKS for char in text)
    single_allowed = not (special or space_break or break_space)
    if "\n" in text:
        block_allowed = not (special or space_break or text[-1] == " ")
        return "literal" if block_allowed and not key else "double"
    if block_indicators or edges or line_breaks or special or space_break or break_space:
        return "single" if single_allowed and not (key and line_breaks) else "double"
    return "plain"


def _go_double_quoted(text: str) -> str:
    """go-yaml's double-quoted scalar: its escapes (``\\a``, ``\\e``, ``\\x7F``), not JSON's."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char in _GO_ESCAPES:
            out.append(_GO_ESCAPES[char])
        elif _printable(char) and code != 0xFEFF:
            out.append(char)
        elif code <= 0xFF:
            out.append(f"\\x{code:02X}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04X}")
        else:
            out.append(f"\\U{code:08X}")
    out.append('"')
    return "".join(out)


def _literal_block(text: str, indent: int) -> str:
    """A literal block scalar: its chomping indicator, each line at ``indent`` columns."""
    header = "|"
    if text[0] in " \n":
        header += "2"  # (go-yaml's best indent: the content's first line cannot say it)
    body = text
    if not text.endswith("\n"):
        header += "-"
    else:
        body = text[:-1]
        if text == "\n" or text.endswith("\n\n"):
            header += "+"
    return f"{header}\n{_indented(body, ' ' * indent, at_start=True)}"


def _indented(text: str, pad: str, *, at_start: bool) -> str:
    """go-yaml's line breaks in a block or single-quoted scalar: each line after one at ``pad``.

    An empty line stays empty; a break other than a newline (U+2028, U+0085)
    is written as it is, and the next line indented all the same.
    """
    out: list[str] = []
    breaks = at_start
    for char in text:
        if char in _BREAKS:
            breaks = True
        elif breaks:
            out.append(pad)
            breaks = False
        out.append(char)
    return "".join(out)


def _check_writable(text: str) -> None:
    """sigs.k8s.io/yaml reads the JSON it wrote back with go-yaml, which refuses raw DEL
    and C1 control characters (JSON escapes only those below a space): no YAML at all."""
    for char in text:
        if (0x7F <= ord(char) <= 0x9F and char != "\x85") or 0xD800 <= ord(char) <= 0xDFFF:
            raise ValueError("yaml: control characters are not allowed")


class _Writer:
    __slots__ = ("parts", "size", "spans")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.spans: list[Span] = []
        self.size = 0

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)

    def string(self, value: str, quoted: str | None = None) -> None:
        """Write a string's text (in ``quoted`` form when given), its spans kept if plain."""
        spans = spans_of(value)
        if quoted is None or quoted == value:
            if spans:
                self.spans.extend((a + self.size, b + self.size, s, o) for a, b, s, o in spans)
            self.write(str(value))
            return
        if spans:
            self.spans.extend((self.size, self.size + len(quoted), s, o) for _, _, s, o in spans)
        self.write(quoted)

    def result(self) -> TStr:
        return TStr("".join(self.parts), tuple(self.spans))


def _scalar_yaml(value: object, writer: _Writer, indent: int, *, key: bool = False) -> None:
    """A scalar as go-yaml writes it; ``indent``: where its continuation lines start."""
    if value is None:
        writer.write("null")
    elif value is True:
        writer.write("true")
    elif value is False:
        writer.write("false")
    elif isinstance(value, int):
        writer.write(str(value))
    elif isinstance(value, float):
        text = format_float_json(value)
        writer.string(to_text(value), text) if spans_of(to_text(value)) else writer.write(text)
    else:
        text = value if isinstance(value, str) else to_text(value)
        _check_writable(text)
        style = _style(str(text), key=key)
        if style == "plain":
            writer.string(text)
        elif style == "literal":
            writer.string(text, _literal_block(str(text), indent))
        else:
            quote = "'" if style == "single" else '"'
            quoted = (
                "'" + _indented(str(text).replace("'", "''"), " " * indent, at_start=False) + "'"
                if style == "single"
                else _go_double_quoted(str(text))
            )
            if spans_of(text) and quoted == f"{quote}{text}{quote}":
                writer.write(quote)
                writer.string(text)
                writer.write(quote)
            else:
                writer.string(text, quoted)


def _jsonable(value: object) -> object:
    if isinstance(value, GoObject):
        return value.text()
    return value


def dump_yaml(value: object) -> TStr:
    """``toYaml``: the value as YAML, without the final newline."""
    writer = _Writer()
    _yaml_node(_jsonable(value), writer, 0, top=True)
    result = writer.result()
    if result.endswith("\n"):
        result = TStr(
            result[:-1], tuple((a, min(b, len(result) - 1), s, o) for a, b, s, o in result.spans)
        )
    return result


def _go_key_less(a: str, b: str) -> int:
    """go-yaml v2's ``keyList.Less`` as a comparison: numbers in keys compare as numbers
    (``k9`` before ``k10``), and other characters before letters (``{`` before ``a``)."""
    digits = False
    for index in range(min(len(a), len(b))):
        x, y = a[index], b[index]
        if x == y:
            digits = x.isdigit() and x.isascii()
            continue
        x_letter, y_letter = x.isalpha(), y.isalpha()
        if x_letter and y_letter:
            return -1 if x < y else 1
        if x_letter or y_letter:
            first = x_letter if digits else y_letter
            return -1 if first else 1
        # (after a non-zero digit, a zero starts both numbers at 1: go-yaml's rule)
        initial = int((x == "0" or y == "0") and _digits_before(a, index).strip("0") != "")
        x_number, x_end = _digits_at(a, index, initial)
        y_number, y_end = _digits_at(b, index, initial)
        if x_number != y_number:
            return -1 if x_number < y_number else 1
        if x_end != y_end:
            return -1 if x_end < y_end else 1
        return -1 if x < y else 1
    return -1 if len(a) < len(b) else (1 if len(a) > len(b) else 0)


def _digits_at(text: str, start: int, number: int) -> tuple[int, int]:
    end = start
    while end < len(text) and text[end] in "0123456789":
        number = number * 10 + ord(text[end]) - 48
        end += 1
    return number, end


def _digits_before(text: str, index: int) -> str:
    start = index
    while start > 0 and text[start - 1] in "0123456789":
        start -= 1
    return text[start:index]


_GO_KEY_ORDER = functools.cmp_to_key(_go_key_less)


def _yaml_node(value: object, writer: _Writer, indent: int, top: bool = False) -> None:
    if indent > 400:
        raise ValueError("toYaml: nested too deeply")
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            writer.write("{}\n")
            return
        for key in sorted(value, key=_GO_KEY_ORDER):
            item = _jsonable(value[key])
            writer.write(pad)
            text = str(key)
            if "\n" in text or len(text.encode("utf-8", "surrogatepass")) > 128:
                # not a simple key: go-yaml writes "? key" and ": value" under it
                writer.write("? ")
                _scalar_yaml(text, writer, indent + 2)
                writer.write("\n" + pad)
            else:
                _scalar_yaml(text, writer, indent + 2, key=True)
            writer.write(":")
            if isinstance(item, dict) and item:
                writer.write("\n")
                _yaml_node(item, writer, indent + 2)
            elif isinstance(item, list | tuple) and item:
                writer.write("\n")
                _yaml_node(item, writer, indent)
            else:
                writer.write(" ")
                _yaml_flow_or_scalar(item, writer, indent + 2)
                writer.write("\n")
        return
    if isinstance(value, list | tuple):
        if not value:
            writer.write("[]\n")
            return
        for item in value:
            item = _jsonable(item)
            writer.write(pad + "-")
            if isinstance(item, dict) and item:
                # the first key on the dash's line, the others under it
                sub = _Writer()
                _yaml_node(item, sub, indent + 2)
                text = sub.result()
                writer.write(" ")
                offset = writer.size
                body = text[indent + 2 :]
                writer.parts.append(body)
                writer.spans.extend(
                    (a - indent - 2 + offset, b - indent - 2 + offset, s, o)
                    for a, b, s, o in text.spans
                    if a >= indent + 2
                )
                writer.size += len(body)
            elif isinstance(item, list | tuple) and item:
                writer.write("\n")
                _yaml_node(item, writer, indent + 2)
            else:
                writer.write(" ")
                _yaml_flow_or_scalar(item, writer, indent + 2)
                writer.write("\n")
        return
    _yaml_flow_or_scalar(value, writer, indent + 2)
    writer.write("\n")


def _yaml_flow_or_scalar(value: object, writer: _Writer, indent: int) -> None:
    if isinstance(value, dict):
        writer.write("{}")
    elif isinstance(value, list | tuple):
        writer.write("[]")
    else:
        _scalar_yaml(value, writer, indent)


def dump_json(value: object) -> TStr:
    """``toJson``: Go's ``encoding/json`` (sorted keys, no spaces, HTML characters escaped)."""
    writer = _Writer()
    _json_node(_jsonable(value), writer, 0)
    return writer.result()


def _json_string(text: str) -> str:
    quoted = json.dumps(str(text), ensure_ascii=False)
    return (
        quoted.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _json_node(value: object, writer: _Writer, depth: int) -> None:
    if depth > 200:
        raise ValueError("json: nested too deeply")
    if isinstance(value, dict):
        writer.write("{")
        for index, key in enumerate(sorted(value)):
            if index:
                writer.write(",")
            writer.write(_json_string(key) + ":")
            _json_node(_jsonable(value[key]), writer, depth + 1)
        writer.write("}")
    elif isinstance(value, list | tuple):
        writer.write("[")
        for index, item in enumerate(value):
            if index:
                writer.write(",")
            _json_node(_jsonable(item), writer, depth + 1)
        writer.write("]")
    elif value is None:
        writer.write("null")
    elif value is True:
        writer.write("true")
    elif value is False:
        writer.write("false")
    elif isinstance(value, int):
        writer.write(str(value))
    elif isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise ValueError(f"json: unsupported value: {format_float_json(value)}")
        writer.write(format_float_json(value))
    else:
        text = value if isinstance(value, str) else to_text(value)
        quoted = _json_string(text)
        if spans_of(text) and quoted == f'"{text}"':
            writer.write('"')
            writer.string(text)
            writer.write('"')
        else:
            writer.string(text, quoted)
