"""JSON with comments (JSONC), as ``devcontainer.json`` is written, with every value's position.

What VS Code's ``jsonc-parser`` accepts: JSON (RFC 8259) plus ``//`` and ``/* */``
comments and a trailing comma before ``}`` or ``]``. A value keeps the 1-based line
and column where it is written (a string's: its first character inside the quotes),
so that a reference is reported where it is.

Why not the standard library's :mod:`json` (no positions, no comments), nor JSON read
as YAML flow syntax (PyYAML's nodes have positions): YAML accepts much that JSON does
not (``#`` comments, ``{"a"}``, ``[1 2]``) and refuses some JSON (a key longer than
1,024 characters, a ``:`` on the line after its key). So the text is cut into tokens
by one regular expression, whose alternatives are JSON's own, and a small parser
builds the values; a string is decoded by :mod:`json` only when it has an escape.

:func:`parse_jsonc` never raises: a text that is not JSONC gives one
:class:`~tagsense.occurrence.SourceError`, at the line of the first problem.
"""

from __future__ import annotations

from .._lazy import lazy_pattern, once
from ..occurrence import SourceError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Iterator

__all__ = [
    "MAX_DEPTH",
    "Comment",
    "Jsonc",
    "Value",
    "get",
    "members",
    "parse_jsonc",
    "parse_jsonc_values",
]

#: The deepest nesting of arrays and objects read (deeper is an error, never a crash).
MAX_DEPTH = 200

#: The kinds of :class:`Value`.
OBJECT, ARRAY, STRING, NUMBER, TRUE, FALSE, NULL = (
    "object", "array", "string", "number", "true", "false", "null",
)  # fmt: skip


class _Frozen:
    """Slotted values whose fields are set once, in ``__init__``."""

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot delete {name!r}")


_set = object.__setattr__


class Value(_Frozen):
    """One JSON value: ``kind`` (``object``, ``array``, ``string``, ``number``, ``true``,
    ``false``, ``null``), where it is written (1-based ``line`` and ``column``), and ``data``:
    an object's members (``(name, name's Value, Value)``, in order, a repeated name kept
    each time), an array's items, a string's decoded text, a number's text, else ``None``."""

    __slots__ = ("column", "data", "kind", "line")

    kind: str
    line: int
    column: int
    data: object

    def __init__(self, kind: str, line: int, column: int, data: object = None) -> None:
        _set(self, "kind", kind)
        _set(self, "line", line)
        _set(self, "column", column)
        _set(self, "data", data)

    @property
    def text(self) -> str | None:
        """A string's text; ``None`` for any other value."""
        return self.data if self.kind == STRING else None  # type: ignore[return-value]

    @property
    def items(self) -> tuple[Value, ...]:
        """An array's items; empty for any other value."""
        return self.data if self.kind == ARRAY else ()  # type: ignore[return-value]

    def __repr__(self) -> str:
        return f"<Value {self.kind} {self.line}:{self.column}>"


class Comment(_Frozen):
    """A comment, as written (``// …`` or ``/* … */``), and where it starts."""

    __slots__ = ("column", "line", "text")

    text: str
    line: int
    column: int

    def __init__(self, text: str, line: int, column: int) -> None:
        _set(self, "text", text)
        _set(self, "line", line)
        _set(self, "column", column)

    def __repr__(self) -> str:
        return f"<Comment {self.line}:{self.column} {self.text!r}>"


class Jsonc(_Frozen):
    """A parsed text: its ``value`` (``None`` when there is an ``error``), its ``comments``."""

    __slots__ = ("comments", "error", "value")

    value: Value | None
    comments: tuple[Comment, ...]
    error: SourceError | None

    def __init__(
        self, value: Value | None, comments: tuple[Comment, ...], error: SourceError | None
    ) -> None:
        _set(self, "value", value)
        _set(self, "comments", comments)
        _set(self, "error", error)


def members(value: Value | None) -> Iterator[tuple[str, Value, Value]]:
    """An object's members (name, name's value, value), the last of a repeated name only
    (as JavaScript's ``JSON.parse`` keeps it); nothing for any other value."""
    if value is None or value.kind != OBJECT:
        return
    listed: tuple[tuple[str, Value, Value], ...] = value.data  # type: ignore[assignment]
    last = {name: index for index, (name, _, _) in enumerate(listed)}
    for index, member in enumerate(listed):
        if last[member[0]] == index:
            yield member


def get(value: Value | None, name: str) -> Value | None:
    """The value of an object's member ``name`` (the last one written), or ``None``."""
    found = None
    if value is not None and value.kind == OBJECT:
        for key, _, member in value.data:  # type: ignore[attr-defined]
            if key == name:
                found = member
    return found


class _Invalid(Exception):
    """Why the text is not JSONC, and at which offset."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@once
def _tokens() -> re.Pattern[str]:
    """One token (or white space, or a comment) of JSONC, by the group that matched."""
    import re

    # jsonc-parser's white space: JSON's, and the other Unicode spaces it skips too.
    space = r"[ \t\n\r\v\f\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]+"
    return re.compile(
        rf"""(?P<space>{space})
        |(?P<comment>//[^\n\r]*|/\*[\s\S]*?\*/)
        |(?P<string>"[^"\\\x00-\x1f]*(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{{4}})[^"\\\x00-\x1f]*)*")
        |(?P<number>-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?(?![0-9A-Za-z_.]))
        |(?P<word>(?:true|false|null)(?![0-9A-Za-z_$]))
        |(?P<punct>[{{}}\[\]:,])""",
        re.VERBOSE,
    )


def parse_jsonc(text: str, *, path: str | None = None) -> Jsonc:
    """The value of a JSONC text, its comments, and the error that stopped it (never raises).

    >>> parsed = parse_jsonc('{\\n  // the image\\n  "image": "alpine:3.20",\\n}')
    >>> image = get(parsed.value, "image")
    >>> image.text, image.line, image.column, parsed.error
    ('alpine:3.20', 3, 13, None)
    >>> parse_jsonc('{"image": "alpine" "x"}', path="a.json").error
    <SourceError a.json:1: invalid JSON: ',' or '}' expected>
    """
    parser = _Parser(text)
    try:
        value = parser.document()
    except RecursionError:  # (a stack already deep when called: refused, never raised)
        message = "invalid JSON: nested too deeply"
        return Jsonc(None, tuple(parser.comments), SourceError(path, None, message))
    except _Invalid as problem:
        line = text.count("\n", 0, problem.offset) + 1
        return Jsonc(None, tuple(parser.comments), SourceError(path, line, problem.message))
    return Jsonc(value, tuple(parser.comments), None)


def parse_jsonc_values(text: str) -> tuple[Value, ...]:
    """The values of a text of JSON values one after another (``{…}{…}``, what ``jq`` and
    Go's ``json.Decoder`` read), up to the first that is not JSONC; never raises.

    >>> [value.kind for value in parse_jsonc_values('{"a": 1}\\n{"b": 2} [3] {')]
    ['object', 'object', 'array']
    """
    parser = _Parser(text)
    values: list[Value] = []
    try:
        parser.advance()
        while parser.kind:
            values.append(parser.value(0))
    except (RecursionError, _Invalid):
        pass  # (the values before the problem)
    return tuple(values)


class _Parser:
    """A recursive descent over the tokens; ``depth`` bounds the recursion."""

    __slots__ = ("comments", "kind", "lines", "offset", "start", "text", "token")

    def __init__(self, text: str) -> None:
        self.text = text
        self.comments: list[Comment] = []
        self.offset = 0  # where the next token is looked for
        self.start = 0  # where the current token starts
        self.kind = ""  # the current token's group ("" at the end of the text)
        self.token = ""
        self.lines: list[int] | None = None  # where each line starts, found on first need

    def advance(self) -> None:
        """Move to the next token, past white space and comments."""
        pattern, text = _tokens(), self.text
        while True:
            self.start = self.offset
            if self.offset >= len(text):
                self.kind, self.token = "", ""
                return
            match = pattern.match(text, self.offset)
            if match is None:
                raise _Invalid(_why(text, self.offset), self.offset)
            kind = match.lastgroup or ""
            self.offset = match.end()
            if kind == "comment":
                line, column = self.where(match.start())
                self.comments.append(Comment(match.group(), line, column))
            elif kind != "space":
                self.kind, self.token = kind, match.group()
                return

    def where(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of an offset."""
        lines = self.lines
        if lines is None:
            import re

            lines = self.lines = [0, *(m.end() for m in re.finditer("\n", self.text))]
        from bisect import bisect_right

        index = bisect_right(lines, offset) - 1
        return index + 1, offset - lines[index] + 1

    def document(self) -> Value:
        self.advance()
        if not self.kind:
            raise _Invalid("invalid JSON: a value expected, not an empty text", self.start)
        value = self.value(0)
        if self.kind:
            raise _Invalid("invalid JSON: the end of the text expected", self.start)
        return value

    def value(self, depth: int) -> Value:
        kind, token, start = self.kind, self.token, self.start
        if kind == "punct" and token in "{[":
            if depth >= MAX_DEPTH:
                raise _Invalid(f"invalid JSON: nested more than {MAX_DEPTH} deep", start)
            return self.object(depth + 1) if token == "{" else self.array(depth + 1)
        if kind == "string":
            line, column = self.where(start + 1)
            self.advance()
            return Value(STRING, line, column, _decode(token))
        if kind in ("number", "word"):
            line, column = self.where(start)
            self.advance()
            return Value(token if kind == "word" else NUMBER, line, column, token)
        raise _Invalid("invalid JSON: a value expected", start)

    def object(self, depth: int) -> Value:
        line, column = self.where(self.start)
        found: list[tuple[str, Value, Value]] = []
        self.advance()  # (the "{")
        while not self.punct("}"):
            if self.kind != "string":
                raise _Invalid("invalid JSON: a property name (a string) expected", self.start)
            name = self.value(depth)
            if not self.punct(":"):
                raise _Invalid("invalid JSON: ':' expected after a property name", self.start)
            self.advance()
            found.append((name.data, name, self.value(depth)))  # type: ignore[arg-type]
            if self.punct(","):
                self.advance()  # (a trailing comma: the "}" ends the loop)
            elif not self.punct("}"):
                raise _Invalid("invalid JSON: ',' or '}' expected", self.start)
        self.advance()
        return Value(OBJECT, line, column, tuple(found))

    def array(self, depth: int) -> Value:
        line, column = self.where(self.start)
        found: list[Value] = []
        self.advance()  # (the "[")
        while not self.punct("]"):
            found.append(self.value(depth))
            if self.punct(","):
                self.advance()
            elif not self.punct("]"):
                raise _Invalid("invalid JSON: ',' or ']' expected", self.start)
        self.advance()
        return Value(ARRAY, line, column, tuple(found))

    def punct(self, mark: str) -> bool:
        return self.kind == "punct" and self.token == mark


_WORD = lazy_pattern(r"[^\W\d][\w$.-]*")


def _decode(token: str) -> str:
    """A string token's text (escapes decoded as JSON decodes them)."""
    if "\\" not in token:
        return token[1:-1]
    import json

    decoded: str = json.loads(token)
    return decoded


def _why(text: str, offset: int) -> str:
    """Why no token starts at ``offset``."""
    if text.startswith("/*", offset):
        return "invalid JSON: a comment that is never closed ('*/' expected)"
    char = text[offset]
    if char in "-0123456789":
        return "invalid JSON: an invalid number"
    word = _WORD.match(text, offset)
    if word is not None:
        return f"invalid JSON: unexpected {word.group()!r} (a string is written in double quotes)"
    if char != '"':
        if char.isprintable() and not char.isspace():
            return f"invalid JSON: unexpected character {char!r}"
        return f"invalid JSON: unexpected character U+{ord(char):04X}"
    index = offset + 1
    while index < len(text):
        char = text[index]
        if char == '"':
            break
        if char == "\\":
            escape = text[index + 1 : index + 2]
            if escape == "u":
                digits = text[index + 2 : index + 6]
                if len(digits) < 4 or any(c not in "0123456789abcdefABCDEF" for c in digits):
                    return "invalid JSON: '\\u' must be followed by four hexadecimal digits"
            elif not escape or escape not in '"\\/bfnrt':
                shown = "\\" + escape
                return f"invalid JSON: invalid escape {shown!r} in a string"
            index += 2
            continue
        if char in "\n\r":
            break
        if ord(char) < 0x20:
            return f"invalid JSON: a control character (U+{ord(char):04X}) in a string"
        index += 1
    return "invalid JSON: a string that is never closed ('\"' expected on its line)"
