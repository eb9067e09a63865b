"""Go values as the template engine sees them, and text that remembers where it came from.

Values are Python values: ``dict`` (a Go ``map[string]interface{}``),
``list``, ``str``, ``bool``, ``int`` (Go's ``int``/``int64``), ``float``
(``float64``: every number Helm reads from YAML), ``None`` (``nil``), and a
few objects with fields and methods (:class:`GoObject`).

:class:`TStr` is a ``str`` that carries *spans*: which parts of it came from
which values scalar (an :class:`Origin`) and which template line wrote them
(a :class:`Site`). The engine keeps spans through output, ``include``,
``printf``, ``default``, ``indent``, ``trim``…, so that an image found in the
rendered YAML can be traced back to the values line that holds its tag.

:class:`Unknown` is a value the engine cannot know (a random value, a
function it does not implement, a required value that is not set): it
propagates through every function, and text that contains one is unresolved.
"""

from __future__ import annotations

import math

from ..errors import TagsenseError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

__all__ = [
    "ExecError",
    "Failed",
    "GoObject",
    "GoValues",
    "Origin",
    "PartlyKnown",
    "Site",
    "Span",
    "TFloat",
    "TStr",
    "Unknown",
    "concat",
    "format_float",
    "format_float_json",
    "go_kind",
    "go_repr",
    "go_type",
    "is_true",
    "origins_of",
    "retrace",
    "to_text",
    "without_no_value",
]


class ExecError(TagsenseError):
    """What makes Go's template execution fail (Helm stops rendering there).

    ``where`` is the template (file) and line of the action that failed, once known.
    """

    where: tuple[str, int] | None = None


class Failed(ExecError):
    """``fail``: the chart itself refuses to render (Helm stops with this message)."""


class Origin:
    """Where a value scalar is written: a values file (or ``--set``), or ``Chart.yaml``."""

    __slots__ = ("_column", "_key", "_line", "_text", "kind", "path")

    def __init__(
        self, path: str | None, line: int, column: int, key: str, text: str, kind: str
    ) -> None:
        self.path = path
        self._line = line
        self._column = column
        self._key = key
        self._text = text
        #: ``"values"`` (a values file), ``"set"`` (``--set``), ``"chart"`` (Chart.yaml).
        self.kind = kind

    @property
    def line(self) -> int:
        return self._line

    @property
    def column(self) -> int:
        return self._column

    @property
    def key(self) -> str:
        """The dotted path of the value (``image.tag``; ``appVersion`` in Chart.yaml)."""
        return self._key

    @property
    def text(self) -> str:
        """The scalar's text as written."""
        return self._text

    def __repr__(self) -> str:
        return f"<Origin {self.path}:{self.line}:{self.column} {self.key}={self.text!r}>"


class Site:
    """A line of a template: where a piece of the output was written.

    ``flowing``: the piece is the template's own text, whose lines are the output's (its
    third line is the site's line + 2); else one action printed it all, on its line (a
    ``toYaml`` of forty lines is written by the line of its action).
    """

    __slots__ = ("flowing", "line", "template")

    def __init__(self, template: str, line: int, *, flowing: bool = False) -> None:
        self.template = template
        self.line = line
        self.flowing = flowing

    def __repr__(self) -> str:
        return f"<Site {self.template}:{self.line}>"


#: (start, end, site, origin): the characters [start, end) were written at ``site``
#: (when known) and come from the values scalar ``origin`` (when they do).
Span = tuple[int, int, "Site | None", "Origin | None"]


class TStr(str):
    """A string with :data:`Span` s (``spans`` is empty for a plain string)."""

    __slots__ = ("spans",)

    spans: tuple[Span, ...]

    def __new__(cls, value: str, spans: tuple[Span, ...] = ()) -> TStr:
        self = super().__new__(cls, value)
        self.spans = spans
        return self

    def __reduce__(self) -> tuple[object, ...]:
        return (TStr, (str(self), self.spans))


class TFloat(float):
    """A number read from a values file, with the scalar it was read from."""

    __slots__ = ("origin",)

    origin: Origin | None

    def __new__(cls, value: float, origin: Origin | None = None) -> TFloat:
        self = super().__new__(cls, value)
        self.origin = origin
        return self

    def __reduce__(self) -> tuple[object, ...]:
        return (TFloat, (float(self), self.origin))


class GoValues(dict):  # type: ignore[type-arg]
    """``.Values`` itself: Helm's ``common.Values``, a map of a named type.

    Go converts it where a function asks for a map, but a function that asserts
    its argument's type (``dig``) refuses it, as in Helm.
    """

    __slots__ = ()

    def method(self, name: str) -> Callable[[], object] | None:
        """Helm's ``AsMap`` method (Go's templates look a name up among a receiver's
        methods before its keys): the values as a plain map. Charts that gotohelm
        generates begin every helper with ``$values := $dot.Values.AsMap``; without it
        each of their objects was rendered from no values at all."""
        if name == "AsMap":
            return self._as_map
        return None

    def _as_map(self) -> dict[str, object]:
        return dict(self)


class PartlyKnown(dict):  # type: ignore[type-arg]
    """A map that files not at hand complete: a key it lacks is unknown, not ``nil``.

    Helm merges a subchart's ``values.yaml`` under its name in the parent's values,
    so a parent's template reads the subchart's defaults there: getsentry's
    ``sentry`` chart reads ``.Values.kafka.service.ports.client`` from the Bitnami
    ``kafka`` subchart it depends on. When the subchart is not vendored, the key
    is missing and a field of it would be a nil pointer error that Helm, given
    the subchart, does not make. ``reason`` says which file holds the keys.
    """

    __slots__ = ("reason",)

    def __init__(self, items: dict[str, object], reason: str) -> None:
        super().__init__(items)
        self.reason = reason


#: The reason ``required`` gives when its value is not set: the one a user can fix with values.
REQUIRED_NOT_SET = "a required value is not set"
#: What an image whose registry the values leave empty (``registry: ""``, given with ``--set``
#: at deploy time) waits for.
EMPTY_REGISTRY = f"{REQUIRED_NOT_SET} (the values leave the image's registry empty)"


class Unknown:
    """A value the engine cannot know; ``reason`` says why (shown to the user)."""

    __slots__ = ("failure", "lead", "reason", "source")

    def __init__(
        self,
        reason: str,
        source: str = "",
        failure: tuple[str, int] | None = None,
        lead: str = "",
    ) -> None:
        self.reason = reason
        #: The action that printed it, when it was printed (``{{ required "…" .Values.x }}``).
        self.source = source
        #: Where the template failed, when the value is an error Helm would stop on.
        self.failure = failure
        #: Known text printed before it: the line break and pad of ``nindent`` (the
        #: YAML around an unknown annotation stays YAML).
        self.lead = lead

    def __repr__(self) -> str:
        return f"<Unknown {self.reason}>"


class GoObject:
    """A Go struct or a value with methods: fields by name, methods called with arguments."""

    __slots__ = ()

    type_name = "struct"

    def field(self, name: str) -> object:
        raise ExecError(f"can't evaluate field {name} in type {self.type_name}")

    def method(self, name: str) -> Callable[..., object] | None:
        return None

    def text(self) -> str:
        """How ``fmt`` prints it."""
        return "{}"


# --- spans ------------------------------------------------------------------------------


def spans_of(value: object) -> tuple[Span, ...]:
    return value.spans if isinstance(value, TStr) else ()


def origins_of(value: object) -> list[Origin]:
    """The origins of a value's text (a traced string's, or a number's)."""
    if isinstance(value, TStr):
        return [span[3] for span in value.spans if span[3] is not None]
    if isinstance(value, TFloat) and value.origin is not None:
        return [value.origin]
    return []


def concat(parts: Iterable[str]) -> TStr:
    """Strings joined, their spans shifted."""
    spans: list[Span] = []
    texts: list[str] = []
    offset = 0
    for part in parts:
        if isinstance(part, TStr) and part.spans:
            if offset:
                spans.extend((a + offset, b + offset, s, o) for a, b, s, o in part.spans)
            else:
                spans.extend(part.spans)
        texts.append(part)
        offset += len(part)
    return TStr("".join(texts), tuple(spans))


def shifted(spans: Sequence[Span], by: int, lo: int = 0, hi: int | None = None) -> list[Span]:
    """Spans clipped to [lo, hi) and moved by ``by``."""
    out: list[Span] = []
    for a, b, s, o in spans:
        a2, b2 = max(a, lo), b if hi is None else min(b, hi)
        if a2 < b2:
            out.append((a2 + by, b2 + by, s, o))
    return out


def sliced(value: str, start: int, end: int) -> str:
    """``value[start:end]`` keeping the spans of that part."""
    text = value[start:end]
    if not isinstance(value, TStr) or not value.spans:
        return text
    return TStr(text, tuple(shifted(value.spans, -start, start, end)))


def retrace(result: str, *inputs: object) -> str:
    """``result`` made from ``inputs`` in a way that moves text: every input's spans cover it.

    (A transformation that keeps positions — ``trim``, ``indent`` — keeps exact
    spans instead; this is for the others: ``lower``, ``replace``….)
    """
    spans: list[Span] = []
    for value in inputs:
        if isinstance(value, TStr):
            spans.extend((0, len(result), s, o) for _, _, s, o in value.spans)
        elif isinstance(value, TFloat) and value.origin is not None:
            spans.append((0, len(result), None, value.origin))
        elif isinstance(value, list | tuple | dict):
            for origin in _deep_origins(value):
                spans.append((0, len(result), None, origin))
    if not spans or not result:
        return result
    return TStr(result, tuple(spans))


def _deep_origins(value: object, depth: int = 0) -> Iterable[Origin]:
    if depth > 50:
        return
    if isinstance(value, dict):
        for item in value.values():
            yield from _deep_origins(item, depth + 1)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _deep_origins(item, depth + 1)
    else:
        yield from origins_of(value)


def indented(value: str, spaces: int, leading_newline: bool) -> str:
    """Sprig's ``indent``/``nindent``: a pad before every line, spans moved with their text."""
    pad = " " * spaces
    text = pad + value.replace("\n", "\n" + pad)
    if leading_newline:
        text = "\n" + text
    if not isinstance(value, TStr) or not value.spans:
        return text
    # The character at i moves by len(pad) * (lines started at or before i), +1 for "\n".
    starts = [0] + [i + 1 for i, c in enumerate(value) if c == "\n"]
    import bisect

    base = 1 if leading_newline else 0
    spans: list[Span] = []
    for a, b, s, o in value.spans:
        # Split a span at each line start inside it so every piece moves by its line's pad.
        first = bisect.bisect_right(starts, a) - 1
        last = bisect.bisect_right(starts, max(a, b - 1)) - 1
        for line in range(first, last + 1):
            lo = max(a, starts[line])
            hi = min(b, starts[line + 1] if line + 1 < len(starts) else b)
            if lo < hi:
                by = base + spaces * (line + 1)
                spans.append((lo + by, hi + by, s, o))
    return TStr(text, tuple(spans))


# --- Go semantics -------------------------------------------------------------------------


def go_kind(value: object) -> str:
    """The ``reflect.Kind`` sprig's ``kindOf`` names."""
    if value is None:
        return "invalid"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "map"
    if isinstance(value, list | tuple):
        return "slice"
    return "struct"


def go_type(value: object) -> str:
    """The Go type sprig's ``typeOf`` names."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, GoValues):
        return "common.Values"
    if isinstance(value, dict):
        return "map[string]interface {}"
    if isinstance(value, list | tuple):
        return "[]interface {}"
    if isinstance(value, GoObject):
        return value.type_name
    return "interface {}"


def is_true(value: object) -> bool:
    """Go's template truth: false, 0, nil and empty strings, maps and lists are false."""
    if value is None or value is False:
        return False
    if isinstance(value, str | dict | list | tuple):
        return len(value) > 0
    if isinstance(value, int | float):
        return value != 0
    return True


def _shortest(value: float) -> tuple[bool, str, int]:
    """(negative, shortest digits, decimal point position): value = 0.digits * 10**dp."""
    from decimal import Decimal

    sign, digits, exponent = Decimal(repr(value)).as_tuple()
    text = "".join(map(str, digits)).lstrip("0")
    assert isinstance(exponent, int)
    stripped = text.rstrip("0")
    exponent += len(text) - len(stripped)
    return bool(sign), stripped or "0", len(stripped) + exponent


def format_float(value: float) -> str:
    """``strconv.FormatFloat(f, 'g', -1, 64)``: Go's ``%v`` of a float64."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if value == 0:
        return "-0" if math.copysign(1, value) < 0 else "0"
    negative, digits, point = _shortest(value)
    exponent = point - 1
    sign = "-" if negative else ""
    if exponent < -4 or exponent >= 6:
        return sign + _e_form(digits, exponent, 2)
    return sign + _f_form(digits, point)


def format_float_json(value: float) -> str:
    """How Go's ``encoding/json`` writes a float64 (``1e+21``, ``1e-7``, else plain)."""
    if value == 0:
        return "0" if math.copysign(1, value) > 0 else "-0"
    negative, digits, point = _shortest(value)
    sign = "-" if negative else ""
    if abs(value) < 1e-6 or abs(value) >= 1e21:
        return sign + _e_form(digits, point - 1, 1)
    return sign + _f_form(digits, point)


def _e_form(digits: str, exponent: int, width: int) -> str:
    mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return f"{mantissa}e{'-' if exponent < 0 else '+'}{abs(exponent):0{width}d}"


def _f_form(digits: str, point: int) -> str:
    if point <= 0:
        return "0." + "0" * -point + digits
    if point >= len(digits):
        return digits + "0" * (point - len(digits))
    return digits[:point] + "." + digits[point:]


def go_repr(value: object, depth: int = 0) -> str:
    """``fmt.Sprint`` of a value (``%v``): maps as ``map[k:v]``, lists as ``[a b]``."""
    if isinstance(value, str):
        return value
    if value is None:
        return "<nil>"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_float(value)
    if depth > 100:
        return "..."
    if isinstance(value, dict):
        inner = " ".join(f"{k}:{go_repr(value[k], depth + 1)}" for k in sorted(value))
        return f"map[{inner}]"
    if isinstance(value, list | tuple):
        return "[" + " ".join(go_repr(item, depth + 1) for item in value) + "]"
    if isinstance(value, GoObject):
        return value.text()
    if isinstance(value, Unknown):
        return "<unknown>"
    return str(value)


def to_text(value: object) -> str:
    """``fmt.Sprint(value)`` keeping the spans of a traced string or number."""
    if isinstance(value, str):
        return value
    text = go_repr(value)
    if isinstance(value, TFloat) and value.origin is not None and text:
        return TStr(text, ((0, len(text), None, value.origin),))
    if isinstance(value, list | tuple | dict):
        return retrace(text, value)
    return text


def without_no_value(text: str) -> str:
    """The text without ``<no value>`` (what Helm removes from a render), spans kept."""
    marker = "<no value>"
    if marker not in text:
        return text
    parts: list[str] = []
    start = 0
    while True:
        found = text.find(marker, start)
        if found < 0:
            break
        parts.append(sliced(text, start, found))
        start = found + len(marker)
    parts.append(sliced(text, start, len(text)))
    return concat(parts)
