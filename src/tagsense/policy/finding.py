"""A finding: what a rule says about one reference, and where."""

from __future__ import annotations

from .._lazy import once

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..occurrence import Occurrence

__all__ = ["RULE_DOCS_URL", "SEVERITIES", "Finding", "rule_url"]

#: Severities, weakest first.
SEVERITIES = ("warning", "error")

#: Where a built-in rule's documentation is read online: its module in the repository, whose
#: docstring is the rule's page (the documentation's rule pages are generated from it). A rule's
#: URL is this followed by its module's file name (:func:`rule_url`).
RULE_DOCS_URL = "https://github.com/tagsense/tagsense/blob/main/src/tagsense/policy/rules/"

_set = object.__setattr__


class Finding:
    """One rule's verdict on one reference: immutable, ordered by location then code.

    ``line`` and ``column`` (1-based) are where the reference text starts;
    ``end_line`` and ``end_column`` just past where it ends (the column after
    its last character, as SARIF counts). All four are ``None`` for a
    reference given without a location (a plain string).
    """

    __slots__ = (
        "code",
        "column",
        "end_column",
        "end_line",
        "line",
        "message",
        "name",
        "occurrence",
        "path",
        "reference",
        "severity",
    )

    code: str
    name: str
    severity: str
    message: str
    reference: str
    path: str | None
    line: int | None
    column: int | None
    end_line: int | None
    end_column: int | None
    occurrence: Occurrence | None

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
        end_line: int | None = None,
        end_column: int | None = None,
        occurrence: Occurrence | None = None,
    ) -> None:
        _set(self, "code", code)
        _set(self, "name", name)
        _set(self, "severity", severity)
        _set(self, "message", message)
        _set(self, "reference", reference)
        _set(self, "path", path)
        _set(self, "line", line)
        _set(self, "column", column)
        if end_line is None and line is not None:
            end_line = line
        if end_column is None and column is not None:
            end_column = column + len(reference)
        _set(self, "end_line", end_line)
        _set(self, "end_column", end_column)
        _set(self, "occurrence", occurrence)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Finding is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Finding is immutable: cannot delete {name!r}")

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

    def __reduce__(self) -> tuple[object, ...]:
        return (_finding, (self._fields(),))

    def _fields(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in Finding.__slots__}

    def __repr__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}: " if self.path else ""
        return f"<Finding {where}{self.code} {self.name} {self.severity}: {self.message}>"

    @property
    def url(self) -> str | None:
        """The documentation page of the rule (:func:`rule_url`); ``None`` for a rule of yours."""
        return rule_url(self.code)

    def as_dict(self) -> dict[str, object]:
        """The JSON form (path, line, column, code, name, severity, message, reference,
        end_line, end_column, url)."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "reference": self.reference,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "url": self.url,
        }


def rule_url(code: str) -> str | None:
    """The documentation page of the built-in rule ``code``; ``None`` for any other code.

    >>> rule_url("TS001")
    'https://github.com/tagsense/tagsense/blob/main/src/tagsense/policy/rules/ts001_latest_tag.py'
    >>> rule_url("ACME001") is None
    True
    """
    return _rule_urls().get(code)


@once
def _rule_urls() -> dict[str, str]:
    from .rules import RULES

    return {rule.code: RULE_DOCS_URL + rule.module_name + ".py" for rule in RULES}


def _finding(fields: dict[str, object]) -> Finding:
    return Finding(**fields)  # type: ignore[arg-type]
