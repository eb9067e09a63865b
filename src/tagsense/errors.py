"""The errors tagsense raises: all :class:`TagsenseError`, all :class:`ValueError`."""

# No typing import at run time: ``import tagsense`` must stay cheap.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, Literal, TypeAlias

    #: The stable ``kind`` of an :class:`InvalidReference`.
    ReferenceErrorKind: TypeAlias = Literal[
        "empty",
        "invalid-format",
        "uppercase",
        "name-too-long",
        "invalid-digest",
        "digest-length",
        "unsupported-digest",
        "identifier-as-name",
        "invalid-tag",
    ]

__all__ = [
    "REFERENCE_ERROR_KINDS",
    "InvalidPattern",
    "InvalidReference",
    "TagsenseError",
]

#: Every ``InvalidReference.kind``: one per error case of Docker's
#: ``distribution/reference`` and go-digest, plus the constructors'.
REFERENCE_ERROR_KINDS = (
    "empty",  # ErrNameEmpty
    "invalid-format",  # ErrReferenceInvalidFormat
    "uppercase",  # ErrNameContainsUppercase
    "name-too-long",  # ErrNameTooLong
    "invalid-digest",  # digest.ErrDigestInvalidFormat
    "digest-length",  # digest.ErrDigestInvalidLength
    "unsupported-digest",  # digest.ErrDigestUnsupported
    "identifier-as-name",  # a bare 64-hex image ID given as a name
    "invalid-tag",  # ErrTagInvalidFormat (Reference.with_tag)
)

# How much of a long input the caret display shows on each side.
_WINDOW = 60


class TagsenseError(ValueError):
    """Base class of every error tagsense raises on bad input."""


def _printable(text: str) -> str:
    # One output character per input character, so the caret stays aligned.
    return "".join(c if c.isprintable() else "\ufffd" for c in text)


def caret_display(text: str, position: int) -> str:
    """Return ``text`` and a caret under ``position``, on two indented lines.

    Long inputs are cut to a window around the position; control characters
    are shown as U+FFFD so the caret stays under the right character.
    """
    start = max(0, position - _WINDOW)
    end = min(len(text), position + _WINDOW)
    prefix = "..." if start > 0 else ""
    suffix = "..." if end < len(text) else ""
    shown = prefix + _printable(text[start:end]) + suffix
    caret = " " * (len(prefix) + position - start) + "^"
    return f"  {shown}\n  {caret}"


class InvalidReference(TagsenseError):
    """A string that is not a valid image reference.

    ``kind`` is stable (one of :data:`REFERENCE_ERROR_KINDS`); ``position`` is
    the 0-based index into ``text`` of the offending character (``len(text)``
    when something is missing at the end); ``reason`` is a one-line
    explanation. ``str()`` gives the reason, the input and a caret under the
    position.
    """

    def __init__(self, kind: "ReferenceErrorKind", text: str, position: int, reason: str) -> None:
        super().__init__(kind, text, position, reason)
        #: What is wrong, one of :data:`REFERENCE_ERROR_KINDS` (stable).
        self.kind: ReferenceErrorKind = kind
        #: The text that was parsed.
        self.text = text
        self._located: tuple[int, str] | None = (position, reason)
        self._locate: Callable[[], tuple[int, str]] | None = None

    @classmethod
    def _deferred(
        cls, kind: "ReferenceErrorKind", text: str, locate: "Callable[[], tuple[int, str]]"
    ) -> "InvalidReference":
        # Finding the position costs more than the parse itself; callers that
        # only need to know a reference is invalid should not pay for it.
        error = cls.__new__(cls)
        TagsenseError.__init__(error, kind, text)
        error.kind = kind
        error.text = text
        error._located = None
        error._locate = locate
        return error

    def _location(self) -> tuple[int, str]:
        if self._located is None:
            assert self._locate is not None
            self._located = self._locate()
            self._locate = None
        return self._located

    @property
    def position(self) -> int:
        """Index into ``text`` of the offending character."""
        return self._location()[0]

    @property
    def reason(self) -> str:
        """What is wrong, in one line."""
        return self._location()[1]

    def __str__(self) -> str:
        return f"invalid reference: {self.reason}\n{caret_display(self.text, self.position)}"

    def __repr__(self) -> str:
        return (
            f"InvalidReference(kind={self.kind!r}, text={self.text!r}, "
            f"position={self.position}, reason={self.reason!r})"
        )

    def __reduce__(self) -> "tuple[Any, ...]":
        return (InvalidReference, (self.kind, self.text, self.position, self.reason))


class InvalidPattern(TagsenseError):
    """A malformed glob pattern (Go's ``path.ErrBadPattern``)."""

    def __init__(self, pattern: str, position: int, reason: str) -> None:
        super().__init__(pattern, position, reason)
        self.pattern = pattern
        self.position = position
        self.reason = reason

    def __str__(self) -> str:
        return f"invalid pattern: {self.reason}\n{caret_display(self.pattern, self.position)}"
