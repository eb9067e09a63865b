"""The occurrence model: where a reference was found, as written and as the tool would pull it.

Every source (Dockerfiles, image archives, later compose, Kubernetes and CI
files) produces the same immutable values, so the policy and the reports
never need to know what kind of file a reference came from.
"""

from __future__ import annotations

from types import MappingProxyType

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from ..reference import Reference

__all__ = ["RUN_TIME", "Occurrence", "Scan", "SourceError"]

_EMPTY: Mapping[str, object] = MappingProxyType({})

#: How CI sources mark text their system fills in only when a job runs (a context
#: flag), and what :attr:`Occurrence.unresolved` then says fills it in.
RUN_TIME: Mapping[str, str] = MappingProxyType(
    {"expression": "an expression", "variables": "CI variables", "parameters": "parameters"}
)


class Occurrence:
    """One image reference found in a file.

    ``line`` and ``column`` are 1-based and point at the reference text as
    written (``raw``); ``text`` is the reference after variable expansion;
    ``reference`` is the parsed :class:`~tagsense.Reference`, or ``None`` when
    ``text`` is not a valid reference (or depends on a variable with no
    value); ``normalized`` is :attr:`Reference.normalized`; ``context`` says
    more about where it was found (a Dockerfile stage and whether it is pulled
    for the target, a compose service, a Kubernetes object, a CI job).
    """

    __slots__ = ("column", "context", "kind", "line", "path", "raw", "reference", "text")

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
        context: Mapping[str, object] | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.kind = kind
        self.raw = raw
        self.text = text
        self.reference = reference
        self.context: Mapping[str, object] = (
            _EMPTY if not context else MappingProxyType(dict(context))
        )

    @property
    def normalized(self) -> str | None:
        """What Docker pulls (:attr:`Reference.normalized`), or ``None`` when invalid."""
        return None if self.reference is None else self.reference.normalized

    @property
    def unresolved(self) -> tuple[str, ...]:
        """What the text depends on that has no value here; ``()`` when nothing.

        The variables without a value (a Dockerfile's ``unset`` ARGs, a compose
        file's ``unresolved`` variables), or, for text a CI system fills in when a
        job runs, what fills it in: one of the values of :data:`RUN_TIME`.
        """
        context = self.context
        names = context.get("unset") or context.get("unresolved")
        if isinstance(names, list | tuple) and names:
            return tuple(str(name) for name in names)
        for flag, what in RUN_TIME.items():
            if context.get(flag):
                return (what,)
        return ()

    def _key(self) -> tuple[object, ...]:
        return (self.path, self.line, self.column, self.kind, self.raw, self.text)

    def __reduce__(self) -> tuple[object, ...]:
        # (a mapping proxy does not pickle: scans travel between processes)
        return (_occurrence, (self._key(), self.reference, dict(self.context)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Occurrence):
            return NotImplemented
        return self._key() == other._key() and dict(self.context) == dict(other.context)

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        where = f"{self.path or '<text>'}:{self.line}:{self.column}"
        return f"<Occurrence {where} {self.kind} {self.text!r}>"


def _occurrence(
    key: tuple[object, ...], reference: Reference | None, context: dict[str, object]
) -> Occurrence:
    path, line, column, kind, raw, text = key
    return Occurrence(
        path=path,  # type: ignore[arg-type]
        line=line,  # type: ignore[arg-type]
        column=column,  # type: ignore[arg-type]
        kind=kind,  # type: ignore[arg-type]
        raw=raw,  # type: ignore[arg-type]
        text=text,  # type: ignore[arg-type]
        reference=reference,
        context=context,
    )


class SourceError:
    """Input the real tool would reject: a file-level error with its location."""

    __slots__ = ("line", "message", "path")

    def __init__(self, path: str | None, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SourceError):
            return NotImplemented
        return (self.path, self.line, self.message) == (other.path, other.line, other.message)

    def __hash__(self) -> int:
        return hash((self.path, self.line, self.message))

    def __repr__(self) -> str:
        return f"<SourceError {self.path or '<text>'}:{self.line}: {self.message}>"


class Scan:
    """What a scan found: iterate it for the occurrences; ``errors`` for what was rejected."""

    __slots__ = ("errors", "occurrences")

    def __init__(
        self, occurrences: tuple[Occurrence, ...], errors: tuple[SourceError, ...]
    ) -> None:
        self.occurrences = occurrences
        self.errors = errors

    def __iter__(self) -> Iterator[Occurrence]:
        return iter(self.occurrences)

    def __len__(self) -> int:
        return len(self.occurrences)

    def __repr__(self) -> str:
        return f"<Scan {len(self.occurrences)} occurrences, {len(self.errors)} errors>"
