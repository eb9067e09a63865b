"""Which tag to use instead: the newest of the same shape; the precise tag behind a floating one.

Pure functions over a repository's tag list (no network; the caller lists the
tags, and gives a digest lookup to :func:`precise_tag`), built on
:func:`tagsense.parse_tag`, :meth:`Tag.compatible_with <tagsense.Tag.compatible_with>`
and :attr:`Tag.sort_key <tagsense.Tag.sort_key>`.

**The shape of a tag** is its text with the parts that move between releases
put aside: the version's numbers, a prerelease, a build date, a revision's
number, a commit hash, a secondary version. What stays must be written the
same: ``3.12.8-slim-bookworm`` has the shape ``<version>-slim-bookworm``, so
``3.13.1-slim-bookworm`` has it too, and ``3.13.1-slim``, ``3.13.1-bookworm``,
``3.13.1-slim-trixie`` or ``v3.13.1-slim-bookworm`` do not. A tag of the same
shape is also :meth:`~tagsense.Tag.compatible_with` it, has as many version
numbers (``3.12`` moves to ``3.13``, not to ``3.13.1``), and no prerelease
unless the current tag is one.

The OS release is part of the shape (``bookworm`` stays ``bookworm``) unless
an OS upgrade is allowed: then any release of the same OS family that is no
older will do (``bookworm`` to ``trixie``, ``alpine3.19`` to ``alpine3.21``).
"""

from __future__ import annotations

from .._lazy import lazy_pattern
from ..reference import Reference, parse_reference
from ..tag import Tag, parse_tag

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    from collections.abc import Callable, Iterable

__all__ = ["Suggestion", "precise_tag", "same_shape", "shape", "suggest"]

#: Parts whose value moves between releases: only their kind is in the shape.
_MOVING = frozenset({"version", "date", "revision", "sha"})
_DIGITS = lazy_pattern(r"\d+")
_HEX = lazy_pattern(r"[0-9a-f]{7,40}")


def shape(tag: Tag | str, *, os: str = "exact") -> str:
    """The shape of a tag: its text with the moving parts replaced by placeholders.

    ``os`` says what becomes of the OS release: ``"exact"`` keeps it as
    written, ``"family"`` keeps its family only (OS upgrades), ``"drop"``
    removes it. A prerelease is dropped with the separator before it.

    >>> shape("3.13.0rc1-slim-bookworm")
    '<version>-slim-bookworm'
    >>> shape("7.2.4-debian-12-r5", os="family")
    '<version>-<os:debian>-r<#>'
    """
    parsed = tag if isinstance(tag, Tag) else parse_tag(tag)
    key = (parsed.text, parsed.image, os)
    known = _SHAPES.get(key)
    if known is None:
        if len(_SHAPES) >= 65536:
            _SHAPES.clear()
        known = _SHAPES[key] = _shape(parsed, os)
    return known


#: Shapes by (tag, image, OS mode): a tag list is matched against each of its tags.
_SHAPES: dict[tuple[str, str | None, str], str] = {}


def _shape(parsed: Tag, os: str) -> str:
    text = parsed.text
    pieces: list[str] = []
    at = 0
    for token in parsed.tokens:
        kind = token.kind
        if kind not in _MOVING and kind != "prerelease" and kind != "os":
            continue
        if kind == "os" and os == "exact":
            continue
        between = text[at : token.start]
        if kind == "prerelease" or (kind == "os" and os == "drop"):
            # Drop the part and one separator before it ("7.0-rc-bullseye" is "7.0-bullseye").
            pieces.append(between[:-1] if between[-1:] in "-_." and between else between)
            at = token.end
            if token.start == 0 and text[at : at + 1] in ("-", "_"):
                at += 1  # a part at the start takes the separator after it
            continue
        pieces.append(between)
        pieces.append(_placeholder(parsed, token.kind, token.text, token.meaning))
        at = token.end
    pieces.append(text[at:])
    return "".join(pieces)


def _placeholder(tag: Tag, kind: str, text: str, meaning: str) -> str:
    if kind == "version":
        if meaning == "secondary version":
            return _DIGITS.sub("<#>", text)
        return ("v" if text.startswith("v") else "") + "<version>"
    if kind == "date":
        return ("v" if text.startswith("v") else "") + "<date>"
    if kind == "revision":
        return _DIGITS.sub("<#>", text)
    if kind == "sha":
        return _HEX.sub("<sha>", text)
    family = tag.os.family if tag.os is not None else "?"
    return f"<os:{family}>"


def _os_ok(tag: Tag, like: Tag, allow_os_upgrade: bool) -> bool:
    if not allow_os_upgrade:
        return tag.os == like.os
    if like.os is None or tag.os is None:
        return tag.os is None and like.os is None
    return tag.os.family == like.os.family and not tag.os < like.os


def same_shape(tag: Tag, like: Tag, *, allow_os_upgrade: bool = False) -> bool:
    """Whether ``tag`` can stand in for ``like``: the same shape, the same number of
    version numbers, compatible, the same OS release (or, with ``allow_os_upgrade``, one
    of the same family that is no older), and no prerelease unless ``like`` is one.

    >>> same_shape(parse_tag("3.13.1-slim"), parse_tag("3.12.8-slim"))
    True
    >>> same_shape(parse_tag("3.13.1-slim"), parse_tag("3.12-slim"))
    False
    """
    return _matcher(like, allow_os_upgrade)(tag)


def _matcher(like: Tag, allow_os_upgrade: bool) -> Callable[[Tag], bool]:
    """:func:`same_shape` with ``like`` fixed (its shape computed once)."""
    mode = "family" if allow_os_upgrade else "exact"
    wanted = shape(like, os=mode)
    size = len(like.release)
    versioned = like.version is not None
    stable = like.prerelease is None

    def matches(tag: Tag) -> bool:
        if tag.prerelease is not None and stable:
            return False
        if len(tag.release) != size or (tag.version is not None) != versioned:
            return False
        if not tag.compatible_with(like) or not _os_ok(tag, like, allow_os_upgrade):
            return False
        return shape(tag, os=mode) == wanted

    return matches


class Suggestion:
    """The newest tags of the same shape as :attr:`current`, by how far they move.

    - :attr:`patch`: the newest with the same major and minor version (for a
      tag with three or more version numbers; else ``None``);
    - :attr:`minor`: the newest with the same major version (for a tag with
      two or more);
    - :attr:`major`: the newest of any version;
    - :attr:`newest`: the newest of the same shape whatever its version: the
      same as :attr:`major` for a versioned tag, and the newest build of a
      tag with a date but no version (``jammy-20240111``);
    - :attr:`os_upgrade`: when the current tag's OS release is past its end
      of life, the same version on the newest supported release of that OS,
      if the repository has such a tag.

    Each column is at least :attr:`current`, which counts as a candidate
    whether or not it is in the tag list: a column that names the current tag
    means "up to date". ``None`` means the column does not apply (no OS
    upgrade is due, or the tag has too few version numbers for it).
    :attr:`outdated` says whether any column moves.
    """

    __slots__ = ("current", "major", "minor", "newest", "os_upgrade", "patch")

    current: Tag
    patch: Tag | None
    minor: Tag | None
    major: Tag | None
    newest: Tag | None
    os_upgrade: Tag | None

    def __init__(
        self,
        current: Tag,
        *,
        patch: Tag | None = None,
        minor: Tag | None = None,
        major: Tag | None = None,
        newest: Tag | None = None,
        os_upgrade: Tag | None = None,
    ) -> None:
        for name, value in (
            ("current", current),
            ("patch", patch),
            ("minor", minor),
            ("major", major),
            ("newest", newest),
            ("os_upgrade", os_upgrade),
        ):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Suggestion is immutable: cannot set {name!r}")

    @property
    def outdated(self) -> bool:
        """Whether a column names another tag than the current one (an OS upgrade counts)."""
        return any(
            tag is not None and tag.text != self.current.text
            for tag in (self.patch, self.minor, self.major, self.newest, self.os_upgrade)
        )

    def _key(self) -> tuple[str | None, ...]:
        return tuple(
            None if tag is None else tag.text
            for tag in (
                self.current,
                self.patch,
                self.minor,
                self.major,
                self.newest,
                self.os_upgrade,
            )
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Suggestion):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        current, patch, minor, major, newest, os_upgrade = self._key()
        return (
            f"<Suggestion {current!r}: patch={patch!r} minor={minor!r} major={major!r}"
            f" newest={newest!r} os_upgrade={os_upgrade!r}>"
        )


def _image(reference: Reference | str) -> Reference:
    return reference if isinstance(reference, Reference) else parse_reference(reference)


def has_finer(reference: Reference | str, tags: Iterable[Tag | str]) -> bool | None:
    """Whether any of ``tags`` refines the reference's version: more numbers that begin with
    it (``7.2`` → ``7.2.4``; a prerelease only for a prerelease). ``None`` for a tag without
    a version, which nothing refines in numbers.

    >>> has_finer("gb-frontend:v5", ["v4", "v5", "v6"]), has_finer("redis:7.2", ["7.2.4"])
    (False, True)
    """
    ref = _image(reference)
    current = parse_tag(ref.tag or "latest", image=ref)
    if current.version is None:
        return None
    prefix = current.release
    return any(
        len(tag.release) > len(prefix)
        and tag.release[: len(prefix)] == prefix
        and (tag.prerelease is None or current.prerelease is not None)
        for tag in parse_tags(tags, ref)
    )


def parse_tags(tags: Iterable[Tag | str], image: Reference) -> list[Tag]:
    """A repository's tags, each parsed once (a name in a registry's list that is no tag is
    left out); tags already parsed are taken as they are."""
    parsed: dict[str, Tag] = {}
    for item in tags:
        text = item.text if isinstance(item, Tag) else item
        if text in parsed:
            continue
        try:
            parsed[text] = item if isinstance(item, Tag) else parse_tag(item, image=image)
        except ValueError:
            continue  # a registry's list may hold a name that is no tag: not a candidate
    return list(parsed.values())


def _newest(candidates: Iterable[Tag], current: Tag) -> Tag:
    return max([current, *candidates], key=lambda tag: tag.sort_key)


def suggest(
    reference: Reference | str,
    tags: Iterable[Tag | str],
    *,
    as_of: datetime.date | None = None,
    allow_os_upgrade: bool = False,
) -> Suggestion:
    """The newest tags of the same shape as ``reference``'s tag among ``tags``.

    ``tags`` is the repository's tag list (strings or :class:`~tagsense.Tag`;
    names that are no tag are skipped). To suggest for many references of one
    repository, parse its tags once (``parse_tag(tag, image=reference)``) and
    pass the :class:`~tagsense.Tag` values: parsing is most of the cost. A
    reference without a tag is read as ``latest``, as Docker does.
    ``allow_os_upgrade`` lets every column move to a newer release of the same
    OS; ``as_of`` (default: today) is the day the OS end of life is judged on,
    for :attr:`Suggestion.os_upgrade`.

    Raises :class:`~tagsense.InvalidReference` for a reference that does not
    parse.

    >>> s = suggest("python:3.12.7-slim", ["3.12.8-slim", "3.13.1-slim", "3.13.1", "3.14.0rc1"])
    >>> s.patch.text, s.minor.text, s.major.text
    ('3.12.8-slim', '3.13.1-slim', '3.13.1-slim')
    """
    ref = _image(reference)
    current = parse_tag(ref.tag or "latest", image=ref)
    parsed = parse_tags(tags, ref)
    candidates = list(filter(_matcher(current, allow_os_upgrade), parsed))
    columns: dict[str, Tag | None] = {}
    if current.version is not None:
        release = current.release
        if len(release) >= 3:
            columns["patch"] = _newest(
                (t for t in candidates if t.release[:2] == release[:2]), current
            )
        if len(release) >= 2:
            columns["minor"] = _newest(
                (t for t in candidates if t.release[:1] == release[:1]), current
            )
        columns["major"] = _newest(candidates, current)
        columns["newest"] = columns["major"]
    elif current.date is not None:
        columns["newest"] = _newest(candidates, current)
    return Suggestion(current, os_upgrade=_os_upgrade(current, parsed, as_of), **columns)


def _os_upgrade(current: Tag, tags: list[Tag], as_of: datetime.date | None) -> Tag | None:
    """The same version on the newest supported release of the same OS, if past end of life."""
    release = current.os
    if release is None or release.version is None or current.version is None:
        return None
    if as_of is None:
        import datetime

        as_of = datetime.date.today()
    if release.is_eol(as_of) is not True:
        return None
    best: Tag | None = None
    matches = _matcher(current, True)
    for tag in tags:
        target = tag.os
        if target is None or target.family != release.family or not target > release:
            continue
        if target.support(as_of) != "supported":
            continue
        if tag.release != current.release or tag.prerelease != current.prerelease:
            continue
        if not matches(tag):
            continue
        if best is None or tag.sort_key > best.sort_key:
            best = tag
    return best


def precise_tag(
    reference: Reference | str,
    tags: Iterable[Tag | str],
    digest_of: Callable[[str], str | None],
    *,
    digest: str | None = None,
    max_lookups: int = 8,
) -> Tag | None:
    """The most precise tag of the same shape whose digest is the floating tag's today.

    ``python:3.12-slim`` gives ``3.12.8-slim`` when that tag has the digest
    ``3.12-slim`` has; ``python:latest`` (or ``python``) gives ``3.13.1``, or
    ``3.13.1-bookworm`` when there is no tag without an OS.

    ``digest_of(tag)`` gives a tag's digest (``None`` if it has none); it is
    asked for the floating tag itself unless ``digest`` is given, and for at
    most ``max_lookups`` candidates, the most precise first and, among them,
    the newest first (a floating tag usually points at the newest build).
    Errors it raises are not caught. Returns ``None`` when no candidate
    looked up has the digest.

    Candidates are tags of the same shape with more version numbers that
    begin with the current version (``3.12`` → ``3.12.8``, not ``3.13.0``), no
    prerelease unless the current tag is one, and the same OS release; a tag
    without a version (``latest``, ``slim``, ``alpine``) is matched by the
    versioned tags of its shape without the alias (``slim`` → ``<version>-slim``).
    When nothing of exactly that shape has the digest and the current tag names
    no OS, tags that add one are tried next.
    """
    ref = _image(reference)
    current = parse_tag(ref.tag or "latest", image=ref)
    target = digest if digest is not None else digest_of(current.text)
    if target is None:
        return None
    parsed = parse_tags(tags, ref)
    tiers = _precise_candidates(current, parsed)
    lookups = 0
    for tier in tiers:
        for tag in tier:
            if lookups >= max_lookups:
                return None
            lookups += 1
            if digest_of(tag.text) == target:
                return tag
    return None


def _precise_candidates(current: Tag, tags: list[Tag]) -> list[list[Tag]]:
    """The candidates in the order they are tried: tiers of precision, newest first in each."""
    if current.version is not None:
        wanted = shape(current)
        wanted_loose = shape(current, os="drop")
        prefix = current.release
    else:
        # A tag without a version stands for the versioned tags of its shape:
        # "slim" is "<version>-slim", "lts-alpine" is "<version>-alpine".
        without_alias = _without_alias(current)
        wanted = "<version>" + ("-" + without_alias if without_alias else "")
        dropped = shape(parse_tag(without_alias), os="drop") if without_alias else ""
        wanted_loose = "<version>" + ("-" + dropped if dropped else "")
        prefix = ()
    exact: list[Tag] = []
    loose: list[Tag] = []
    for tag in tags:
        if tag.version is None or len(tag.release) <= len(prefix):
            continue
        if tag.release[: len(prefix)] != prefix:
            continue
        if tag.prerelease is not None and current.prerelease is None:
            continue
        if tag.date is not None or tag.sha is not None or tag.arch != current.arch:
            continue
        if tag.flavours != current.flavours or tag.variants != current.variants:
            continue
        if tag.os == current.os and shape(tag) == wanted:
            exact.append(tag)
        elif _loose_os(tag, current) and shape(tag, os="drop") == wanted_loose:
            loose.append(tag)
    tiers: list[list[Tag]] = []
    for group in (exact, loose):
        by_precision: dict[int, list[Tag]] = {}
        for tag in group:
            by_precision.setdefault(len(tag.release), []).append(tag)
        for size in sorted(by_precision, reverse=True):
            tiers.append(sorted(by_precision[size], key=lambda tag: tag.sort_key, reverse=True))
    return tiers


def _loose_os(tag: Tag, current: Tag) -> bool:
    """Whether ``tag`` may name an OS the current tag leaves open (``latest`` → ``-bookworm``,
    ``lts-alpine`` → ``-alpine3.21``, ``ubuntu:latest`` → ``24.04``)."""
    if current.os is None:
        return True
    if current.os.version is not None or tag.os is None:
        return False
    return tag.os.family == current.os.family


def _without_alias(tag: Tag) -> str:
    """The tag's text without its alias and the separator next to it."""
    text = tag.text
    for token in tag.tokens:
        if token.kind == "alias":
            before, after = text[: token.start], text[token.end :]
            if before.endswith(("-", "_")):
                before = before[:-1]
            elif after.startswith(("-", "_")):
                after = after[1:]
            return before + after
    return text
