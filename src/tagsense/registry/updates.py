"""Which references have newer tags of the same shape: what ``tagsense outdated`` reports.

:func:`outdated` lists each repository's tags once and resolves each distinct
tag once (through a :class:`~tagsense.registry.Client`), then asks
:func:`~tagsense.registry.suggest` for each reference: the newest tag a user
would accept as a drop-in (the same flavours and variants, the same OS family
and release unless OS upgrades are allowed, no prerelease unless the current
tag is one), by how far it moves:

- ``patch``: the newest that moves only the patch version (``3.12.7`` →
  ``3.12.8``), for a tag with three or more version numbers;
- ``minor``: the newest that moves the minor version, the major kept
  (``3.12.7`` → ``3.13.1``; ``3.12`` → ``3.13``);
- ``major``: the newest with a higher major version (``3.12.7`` → ``4.0.1``);
- ``newest``: the newest of the same shape whatever moved (for a tag with a
  build date but no version, ``jammy-20240111`` → ``jammy-20241017``, the only
  column);
- ``os_upgrade``: when the tag's OS release is past its end of life, the same
  version on a supported release of that OS, when the repository has one.

A column is ``None`` when there is no such tag: the reference is up to date
in that respect (or the column does not apply to its tag).

>>> from tagsense.registry import Client
>>> outdated([], Client(cache=False))
[]
"""

from __future__ import annotations

from .errors import RegistryError
from .suggestions import parse_tags, suggest

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    from collections.abc import Iterable

    from ..occurrence import Occurrence, Scan
    from ..reference import Reference
    from ..tag import Tag
    from .client import Client

__all__ = ["FIELDS", "Outdated", "outdated"]

#: The fields of a row, in the order of ``tagsense outdated --format json``.
FIELDS = (
    "path",
    "line",
    "column",
    "reference",
    "current",
    "digest",
    "patch",
    "minor",
    "major",
    "newest",
    "os_upgrade",
    "error",
)


class Outdated:
    """One reference and its newer tags (see the module for the columns).

    ``occurrence`` is where it was found, ``reference`` the image as pulled,
    ``current`` the tag pulled (``latest`` when none is written), ``digest``
    the digest of that tag today; ``error`` says why the registry could not
    answer (the columns are then ``None``).
    """

    __slots__ = (
        "current",
        "digest",
        "error",
        "major",
        "minor",
        "newest",
        "occurrence",
        "os_upgrade",
        "patch",
        "reference",
    )

    def __init__(
        self,
        occurrence: Occurrence,
        reference: Reference,
        *,
        digest: str | None = None,
        patch: str | None = None,
        minor: str | None = None,
        major: str | None = None,
        newest: str | None = None,
        os_upgrade: str | None = None,
        error: str | None = None,
    ) -> None:
        self.occurrence = occurrence
        self.reference = reference
        self.current = reference.tag or "latest"
        self.digest = digest
        self.patch = patch
        self.minor = minor
        self.major = major
        self.newest = newest
        self.os_upgrade = os_upgrade
        self.error = error

    @property
    def is_outdated(self) -> bool:
        """Whether a newer tag of the same shape exists (or an OS upgrade is due)."""
        return any((self.patch, self.minor, self.major, self.newest, self.os_upgrade))

    def as_dict(self) -> dict[str, object]:
        """The JSON form: the keys of :data:`FIELDS`."""
        occurrence = self.occurrence
        return {
            "path": occurrence.path,
            "line": occurrence.line,
            "column": occurrence.column,
            "reference": occurrence.text,
            "current": self.current,
            "digest": self.digest,
            "patch": self.patch,
            "minor": self.minor,
            "major": self.major,
            "newest": self.newest,
            "os_upgrade": self.os_upgrade,
            "error": self.error,
        }

    def __repr__(self) -> str:
        moved = {name: getattr(self, name) for name in ("patch", "minor", "major", "os_upgrade")}
        shown = " ".join(f"{name}={value}" for name, value in moved.items() if value)
        return f"<Outdated {self.reference.familiar} {self.error or shown or 'up to date'}>"


def outdated(
    occurrences: Scan | Iterable[Occurrence],
    client: Client,
    *,
    allow_os_upgrade: bool = False,
    as_of: datetime.date | None = None,
) -> list[Outdated]:
    """Each pulled reference (valid, not built here) with its newer tags, in the order given.

    ``allow_os_upgrade`` lets every column move to a newer release of the same
    OS; ``as_of`` (default: today) is the day end of life is judged on. Each
    repository's tag list and each tag's digest is asked once; registry
    errors are in :attr:`Outdated.error`, never raised.
    """
    rows: list[tuple[Occurrence, Reference]] = []
    seen: set[tuple[object, ...]] = set()
    for occurrence in occurrences:
        ref = occurrence.reference
        if ref is None or occurrence.built is not None or occurrence.kind == "archive":
            continue
        key = (occurrence.path, occurrence.line, occurrence.column, occurrence.text)
        if key not in seen:
            seen.add(key)
            rows.append((occurrence, ref))
    lists = client.tags_many(ref for _, ref in rows)
    digests = client.resolve_many(_tagged(ref) for _, ref in rows)
    parsed: dict[str, list[Tag]] = {}
    result = []
    for occurrence, ref in rows:
        found = lists[ref.name]
        digest = digests[_tagged(ref)]
        if isinstance(found, RegistryError) or isinstance(digest, RegistryError):
            error = found if isinstance(found, RegistryError) else digest
            assert isinstance(error, RegistryError)
            result.append(Outdated(occurrence, ref, error=f"{error.kind}: {error}"))
            continue
        tags = parsed.get(ref.name)
        if tags is None:
            tags = parsed[ref.name] = parse_tags(found, ref)
        suggestion = suggest(ref, tags, allow_os_upgrade=allow_os_upgrade, as_of=as_of)
        current = suggestion.current
        result.append(
            Outdated(
                occurrence,
                ref,
                digest=digest,
                patch=_moved(suggestion.patch, current, 0),
                minor=_moved(suggestion.minor, current, 2),
                major=_moved(suggestion.major, current, 1),
                newest=_moved(suggestion.newest, current, 0),
                os_upgrade=suggestion.os_upgrade.text if suggestion.os_upgrade else None,
            )
        )
    return result


def _tagged(ref: Reference) -> Reference:
    """The reference as its tag is resolved: no digest, ``latest`` when it has no tag."""
    return ref.with_digest(None).with_tag(ref.tag or "latest")


def _moved(tag: Tag | None, current: Tag, kept: int) -> str | None:
    """``tag``'s text when it moves the version beyond the first ``kept`` numbers."""
    if tag is None or tag.text == current.text:
        return None
    if kept and tag.release[:kept] == current.release[:kept]:
        return None  # a smaller move: another column's
    return tag.text
