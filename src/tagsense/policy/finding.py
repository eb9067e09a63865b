"""A finding: what a rule says about one reference, and where."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..sources.model import Occurrence

__all__ = ["SEVERITIES", "Finding"]

#: Severities, weakest first.
SEVERITIES = ("warning", "error")


class Finding:
    """One rule's verdict on one reference: immutable, ordered by location then code."""

    __slots__ = (
        "code",
        "column",
        "line",
        "message",
        "name",
        "occurrence",
        "path",
        "reference",
        "severity",
    )

    def __init__(
        self,
        *,
        code: str,
        name: str,
        severity: str,
        message: str,
        reference: str,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        occurrence: Occurrence | None = None,
    ) -> None:
        self.code = code
        self.name = name
        self.severity = severity
        self.message = message
        self.reference = reference
        self.path = path
        self.line = line
        self.column = column
        self.occurrence = occurrence

    def _key(self) -> tuple[object, ...]:
        return (
            self.path or "",
            self.line or 0,
            self.column or 0,
            self.code,
            self.reference,
            self.message,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Finding):
            return NotImplemented
        return self._key() == other._key() and self.severity == other.severity

    def __hash__(self) -> int:
        return hash(self._key())

    def __lt__(self, other: Finding) -> bool:
        return self._key() < other._key()

    def __repr__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}: " if self.path else ""
        return f"<Finding {where}{self.code} {self.name} {self.severity}: {self.message}>"

    def as_dict(self) -> dict[str, object]:
        """The JSON form (path, line, column, code, name, severity, message, reference)."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "reference": self.reference,
        }
