"""The occurrence model: what the sources found, as the policy judges it and the reports print it.

Sources make these values, the policy judges them, reports print them; so they
live here, beside all three, and know none of them. Every value is immutable
(assigning to a field raises ``AttributeError``) and pickles (large scans run
on every core).

- :class:`Occurrence`: one image reference found in a file: where, as written,
  as the tool would pull it, why it is invalid or unresolved, whether the
  project builds it, and the suppression comments that apply to it.
- :class:`Suppression`: one ``# tagsense: ignore[…]`` comment, read by the
  scanner that knows what a comment is in its format.
- :class:`SourceError`: input the real tool would reject.
- :class:`Scan`: what a scan found: occurrences, errors and suppressions.
"""

from __future__ import annotations

from types import MappingProxyType

from .errors import InvalidReference
from .reference import Reference, parse_reference

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping

__all__ = [
    "RUN_TIME",
    "SUPPRESSION_KINDS",
    "BuildSite",
    "Occurrence",
    "Scan",
    "SourceError",
    "Suppression",
    "parse_or_error",
]

_EMPTY: Mapping[str, object] = MappingProxyType({})
_UNPARSED = object()  # an occurrence's error, not worked out yet
_set = object.__setattr__

#: What fills in text that a CI system completes only when a job runs
#: (:attr:`Occurrence.run_time`), by the kind of text.
RUN_TIME: Mapping[str, str] = MappingProxyType(
    {"expression": "an expression", "variables": "CI variables", "parameters": "parameters"}
)

#: The kinds of suppression comment: ``ignore`` (its line and the next) and ``disable-file``.
SUPPRESSION_KINDS = ("ignore", "disable-file")


class _Frozen:
    """Slotted values whose fields are set once, in ``__init__``."""

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot delete {name!r}")


def parse_or_error(text: str) -> tuple[Reference | None, InvalidReference | None]:
    """``text`` parsed as Docker does: the reference, or why it is none (never raises).

    >>> parse_or_error("redis:7")[0].familiar
    'redis:7'
    >>> parse_or_error("Redis:7")[1].kind
    'uppercase'
    """
    try:
        return parse_reference(text), None
    except InvalidReference as error:
        return None, error


class BuildSite(_Frozen):
    """Where the scanned project builds an image (``tool``: compose, skaffold, tilt, bake…).

    An image the project builds is made, not pulled: only its validity is judged.
    """

    __slots__ = ("line", "path", "tool")

    path: str | None
    line: int | None
    tool: str

    def __init__(self, tool: str, path: str | None = None, line: int | None = None) -> None:
        _set(self, "tool", tool)
        _set(self, "path", path)
        _set(self, "line", line)

    def _key(self) -> tuple[str, str, int]:
        return (self.tool, self.path or "", self.line or 0)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BuildSite):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __reduce__(self) -> tuple[object, ...]:
        return (BuildSite, (self.tool, self.path, self.line))

    def __str__(self) -> str:
        where = self.path or "<text>"
        if self.line is not None:
            where += f":{self.line}"
        return f"{where} ({self.tool})"

    def __repr__(self) -> str:
        return f"<BuildSite {self}>"

    def as_dict(self) -> dict[str, object]:
        """The JSON form: ``{"tool", "path", "line"}``."""
        return {"tool": self.tool, "path": self.path, "line": self.line}


class Suppression(_Frozen):
    """One suppression comment: where it is, what it names, and what it covers.

    ``keys`` are the rule codes or names as written (``None``: every rule); the
    policy maps names to codes, since a name may be a user rule's. ``ignore``
    covers its own line and the line below it (a comment above an
    instruction); ``disable-file`` the whole file.
    """

    __slots__ = ("column", "keys", "kind", "line", "path", "text")

    path: str | None
    line: int
    column: int
    kind: str
    keys: frozenset[str] | None
    text: str

    def __init__(
        self,
        path: str | None,
        line: int,
        column: int,
        kind: str,
        keys: frozenset[str] | None,
        text: str,
    ) -> None:
        _set(self, "path", path)
        _set(self, "line", line)
        _set(self, "column", column)
        _set(self, "kind", kind)
        _set(self, "keys", keys)
        _set(self, "text", text)

    def covers(self, line: int | None) -> bool:
        """Whether it applies to what is on ``line`` (of its own file)."""
        if self.kind == "disable-file":
            return True
        return line is not None and (line == self.line or line == self.line + 1)

    def moved(self, path: str | None) -> Suppression:
        """The same comment in a file of another name (text read from standard input)."""
        return Suppression(path, self.line, self.column, self.kind, self.keys, self.text)

    def _key(self) -> tuple[object, ...]:
        return (self.path or "", self.line, self.column, self.kind, self.text)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Suppression):
            return NotImplemented
        return self._key() == other._key() and self.keys == other.keys

    def __hash__(self) -> int:
        return hash(self._key())

    def __reduce__(self) -> tuple[object, ...]:
        return (
            Suppression,
            (self.path, self.line, self.column, self.kind, self.keys, self.text),
        )

    def __repr__(self) -> str:
        where = f"{self.path or '<text>'}:{self.line}:{self.column}"
        return f"<Suppression {where} {self.text!r}>"


_DIRECTIVE = r"#\s*tagsense:\s*(?P<kind>ignore|disable-file)\b(?:\[(?P<codes>[^\]]*)\])?"


def suppressions_in_comment(
    comment: str, *, path: str | None, line: int, column: int
) -> list[Suppression]:
    """The suppression directives in one comment (``comment`` starts at its ``#``).

    ``line`` and ``column`` (1-based) are where the comment starts. A scanner
    calls this for each comment its format has, so that ``#`` in a string is
    never taken for one.

    >>> [sorted(s.keys) for s in suppressions_in_comment(
    ...     "# tagsense: ignore[TS001, latest-tag]", path=None, line=3, column=1)]
    [['TS001', 'latest-tag']]
    """
    if "tagsense:" not in comment.lower():
        return []  # (a comment that only names tagsense compiles no pattern)
    import re

    found = []
    for match in re.finditer(_DIRECTIVE, comment, re.IGNORECASE):
        keys = None
        if match["codes"] is not None:
            keys = frozenset(item.strip() for item in match["codes"].split(",") if item.strip())
        kind = match["kind"].lower()
        found.append(Suppression(path, line, column + match.start(), kind, keys, match[0]))
    return found


class Occurrence(_Frozen):
    """One image reference found in a file.

    - ``path``, ``line``, ``column`` (1-based) point at the reference text as
      written (``raw``); ``end_line`` and ``end_column`` just past its end (the
      column after its last character, as SARIF counts).
    - ``kind`` is the kind of use (``from``, ``copy-from``, ``compose``,
      ``kubernetes``, ``ci``…).
    - ``text`` is the reference after variable expansion; ``reference`` its
      :class:`~tagsense.Reference`, or ``None`` when it is invalid or
      unresolved; ``error`` the :class:`~tagsense.InvalidReference` that says
      why ``text`` is not a valid reference (``None`` when it is, or when it
      was never a reference to parse: text a CI system fills in).
    - ``unresolved`` names what the text depends on that has no value here
      (variables); ``run_time`` says what fills the text in when a CI job runs
      (one of the values of :data:`RUN_TIME`), else ``None``.
    - ``built`` is where the scanned project builds this image
      (:class:`BuildSite`), else ``None``: a built image is not pulled.
    - ``suppressions`` are the suppression comments of its file that cover it.
    - ``context`` says more about where it was found (a Dockerfile stage, a
      compose service, a Kubernetes object, a CI job).
    """

    __slots__ = (
        "_error",
        "built",
        "column",
        "context",
        "end_column",
        "end_line",
        "kind",
        "line",
        "path",
        "raw",
        "reference",
        "run_time",
        "suppressions",
        "text",
        "unresolved",
    )

    path: str | None
    line: int
    column: int
    end_line: int
    end_column: int
    kind: str
    raw: str
    text: str
    reference: Reference | None
    _error: InvalidReference | object | None
    unresolved: tuple[str, ...]
    run_time: str | None
    built: BuildSite | None
    suppressions: tuple[Suppression, ...]
    context: Mapping[str, object]

    def __init__(
        self,
        *,
        path: str | None,
        line: int,
        column: int,
        kind: str,
        raw: str,
        text: str,
        reference: Reference | None,
        error: InvalidReference | None = None,
        unresolved: Iterable[str] = (),
        run_time: str | None = None,
        built: BuildSite | None = None,
        suppressions: Iterable[Suppression] = (),
        context: Mapping[str, object] | None = None,
        end_line: int | None = None,
        end_column: int | None = None,
    ) -> None:
        _set(self, "path", path)
        _set(self, "line", line)
        _set(self, "column", column)
        if end_line is None or end_column is None:
            # Most references are written on one line: the end follows from the text.
            newlines = raw.count("\n")
            end_line = line + newlines
            end_column = column + len(raw) if not newlines else len(raw) - raw.rfind("\n")
        _set(self, "end_line", end_line)
        _set(self, "end_column", end_column)
        _set(self, "kind", kind)
        _set(self, "raw", raw)
        _set(self, "text", text)
        _set(self, "reference", reference)
        # Without a reference, why is worked out on first need (reading the text
        # as Docker does costs the slow parser's import: most runs never ask).
        _set(self, "_error", _UNPARSED if error is None and reference is None else error)
        _set(self, "unresolved", tuple(unresolved))
        _set(self, "run_time", run_time)
        _set(self, "built", built)
        _set(self, "suppressions", tuple(suppressions))
        _set(self, "context", _EMPTY if not context else MappingProxyType(dict(context)))

    @classmethod
    def of_text(
        cls,
        *,
        path: str | None,
        line: int,
        column: int,
        kind: str,
        raw: str,
        text: str,
        **fields: object,
    ) -> Occurrence:
        """An occurrence whose ``reference`` (or ``error``) comes from parsing ``text``; none
        when ``unresolved`` names what the text still depends on (then why it is no
        reference is worked out when asked)."""
        unparsed = (None, None)
        reference, error = unparsed if fields.get("unresolved") else parse_or_error(text)
        return cls(
            path=path,
            line=line,
            column=column,
            kind=kind,
            raw=raw,
            text=text,
            reference=reference,
            error=error,
            **fields,  # type: ignore[arg-type]
        )

    @property
    def error(self) -> InvalidReference | None:
        """Why ``text`` is not a valid reference; ``None`` when it is one, or is none to parse."""
        error = self._error
        if error is _UNPARSED:
            error = None if self.run_time is not None else parse_or_error(self.text)[1]
            _set(self, "_error", error)
        return error  # type: ignore[return-value]

    @property
    def normalized(self) -> str | None:
        """What Docker pulls (:attr:`Reference.normalized`), or ``None`` when invalid."""
        return None if self.reference is None else self.reference.normalized

    @property
    def is_unresolved(self) -> bool:
        """Whether the text depends on something that has no value in the files read."""
        return bool(self.unresolved) or self.run_time is not None

    def replace(self, **changes: object) -> Occurrence:
        """A copy with some fields changed (the end moves with the start unless given)."""
        fields = self._fields()
        if ("line" in changes or "column" in changes) and "end_line" not in changes:
            del fields["end_line"], fields["end_column"]
        fields.update(changes)
        return Occurrence(**fields)  # type: ignore[arg-type]

    def _fields(self) -> dict[str, object]:
        fields = {name: getattr(self, name) for name in Occurrence.__slots__ if name != "_error"}
        error = self._error
        fields["error"] = None if error is _UNPARSED else error
        return fields

    def _key(self) -> tuple[object, ...]:
        return (
            self.path,
            self.line,
            self.column,
            self.kind,
            self.raw,
            self.text,
            self.unresolved,
            self.run_time,
            self.built,
        )

    def __reduce__(self) -> tuple[object, ...]:
        fields = self._fields()
        fields["context"] = dict(self.context)  # (a mapping proxy does not pickle)
        return (_occurrence, (fields,))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Occurrence):
            return NotImplemented
        return self._key() == other._key() and dict(self.context) == dict(other.context)

    def __hash__(self) -> int:
        return hash(self._key()[:6])

    def __repr__(self) -> str:
        where = f"{self.path or '<text>'}:{self.line}:{self.column}"
        return f"<Occurrence {where} {self.kind} {self.text!r}>"


def _occurrence(fields: dict[str, object]) -> Occurrence:
    return Occurrence(**fields)  # type: ignore[arg-type]


class SourceError(_Frozen):
    """Input the real tool would reject: a file-level error with its location.

    ``internal`` marks a bug of tagsense's own met while reading the file (the
    scan goes on; the command line exits 2). ``note`` marks what is no error,
    only worth saying: a file not read (a template), which fails no check.
    """

    __slots__ = ("internal", "line", "message", "note", "path")

    path: str | None
    line: int | None
    message: str
    internal: bool
    note: bool

    def __init__(
        self,
        path: str | None,
        line: int | None,
        message: str,
        *,
        internal: bool = False,
        note: bool = False,
    ) -> None:
        _set(self, "path", path)
        _set(self, "line", line)
        _set(self, "message", message)
        _set(self, "internal", internal)
        _set(self, "note", note)

    @property
    def level(self) -> str:
        """``"error"``, or ``"note"`` for what fails no check."""
        return "note" if self.note else "error"

    def moved(self, path: str | None) -> SourceError:
        """The same error in a file of another name (text read from standard input)."""
        return SourceError(path, self.line, self.message, internal=self.internal, note=self.note)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SourceError):
            return NotImplemented
        return (self.path, self.line, self.message) == (other.path, other.line, other.message)

    def __hash__(self) -> int:
        return hash((self.path, self.line, self.message))

    def __reduce__(self) -> tuple[object, ...]:
        return (_source_error, (self.path, self.line, self.message, self.internal, self.note))

    def __repr__(self) -> str:
        return f"<SourceError {self.path or '<text>'}:{self.line}: {self.message}>"


def _source_error(
    path: str | None, line: int | None, message: str, internal: bool, note: bool
) -> SourceError:
    return SourceError(path, line, message, internal=internal, note=note)


class Scan(_Frozen):
    """What a scan found: iterate it for the occurrences; ``errors`` for what was rejected.

    ``suppressions`` are every suppression comment in the files read, whether
    or not it covers an occurrence (an unused one is itself reported).
    """

    __slots__ = ("errors", "occurrences", "suppressions")

    occurrences: tuple[Occurrence, ...]
    errors: tuple[SourceError, ...]
    suppressions: tuple[Suppression, ...]

    def __init__(
        self,
        occurrences: Iterable[Occurrence] = (),
        errors: Iterable[SourceError] = (),
        suppressions: Iterable[Suppression] = (),
    ) -> None:
        _set(self, "occurrences", tuple(occurrences))
        _set(self, "errors", tuple(errors))
        _set(self, "suppressions", tuple(suppressions))

    def __iter__(self) -> Iterator[Occurrence]:
        return iter(self.occurrences)

    def __len__(self) -> int:
        return len(self.occurrences)

    def __reduce__(self) -> tuple[object, ...]:
        return (Scan, (self.occurrences, self.errors, self.suppressions))

    def __repr__(self) -> str:
        return f"<Scan {len(self.occurrences)} occurrences, {len(self.errors)} errors>"
