"""Tag anatomy: what a tag says (version, prerelease, OS release, flavour…) and how tags order.

:func:`parse_tag` explains any tag the reference grammar allows, never raising
on one: each part of the tag becomes a :class:`Token` with its class and its
character span, and parts it cannot place are kept as ``unknown``. The work is
done in :mod:`tagsense._anatomy`, imported on the first call.
"""

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from typing import Any

    from .os_releases import OSRelease
    from .reference import Reference

__all__ = ["TAG_FIELDS", "TOKEN_KINDS", "Tag", "Token", "newest", "parse_tag", "sort_tags"]

#: The fields of a :class:`Tag` (its public slots).
TAG_FIELDS = (
    "text",
    "image",
    "version",
    "release",
    "precision",
    "prerelease",
    "os",
    "flavours",
    "variants",
    "alias",
    "date",
    "revision",
    "sha",
    "arch",
    "is_floating",
)

#: Every :attr:`Token.kind`.
TOKEN_KINDS = (
    "version",  # the primary version: 7.0, v1.30.0, 8u392
    "prerelease",  # rc, rc1, beta.1, preview.7, ea-46, M1, SNAPSHOT
    "os",  # an OS release or family: bullseye, alpine3.19, ubi9, ltsc2022
    "flavour",  # a build flavour: slim, minimal, nonroot, debug
    "variant",  # a variant or toolchain: jdk, jre17, fpm, go1.21.5, otp-28
    "alias",  # a channel: latest, lts, edge, stable; node's iron, ROS's humble
    "date",  # a build date: 20240111
    "revision",  # a build or packaging revision: r1, ls248, CU15, a bare -1
    "sha",  # a git commit hash
    "arch",  # a CPU architecture: amd64, arm64v8
    "unknown",  # a part tagsense cannot place (kept, never dropped)
)


class Token(tuple[str, str, int, int, str]):
    """One part of a tag: its text, its class, where it is, and what it means (immutable)."""

    __slots__ = ()

    def __new__(cls, text: str, kind: str, start: int, end: int, meaning: str = "") -> "Token":
        return tuple.__new__(cls, (text, kind, start, end, meaning))

    @property
    def text(self) -> str:
        """The part as written."""
        return self[0]

    @property
    def kind(self) -> str:
        """Its class, one of :data:`TOKEN_KINDS`."""
        return self[1]

    @property
    def start(self) -> int:
        """Index of its first character in the tag."""
        return self[2]

    @property
    def end(self) -> int:
        """Index just past its last character (``tag[start:end] == text``)."""
        return self[3]

    @property
    def meaning(self) -> str:
        """What it means, for people: ``Debian 11 (bullseye)``, ``build flavour``."""
        return self[4]

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.kind!r}, {self.start}, {self.end})"


class Tag:
    """The anatomy of a tag. Build it with :func:`parse_tag` or :attr:`Reference.tag_info`.

    Immutable: its fields are named slots, set once when the tag is parsed
    (assigning one raises :class:`AttributeError`).

    >>> tag = parse_tag("7.0-rc-bullseye", image="redis")
    >>> tag.version, tag.release, tag.precision, tag.prerelease
    ('7.0', (7, 0), 'minor', 'rc')
    >>> tag.os.name, tag.is_floating
    ('Debian 11 (bullseye)', True)
    """

    # A dict: the values document the slots (help(), Sphinx), in TAG_FIELDS order. Reading
    # a slot costs what reading a tuple item does, without a property call.
    __slots__ = {  # noqa: RUF023
        "text": "The tag as written.",
        "image": "The image given as context (its familiar name), or ``None``.",
        "version": (
            "The primary version as written, without a leading ``v`` or a glued prerelease."
        ),
        "release": "The version's numbers: ``(7, 0)``; ``8u392`` is ``(8, 0, 392)``.",
        "precision": (
            '``"major"``, ``"minor"`` or ``"patch"`` (three or more numbers), else ``None``.'
        ),
        "prerelease": (
            "The prerelease as written (``rc``, ``rc1``, ``beta.1``, ``ea-46``), or ``None``."
        ),
        "os": "The OS release the tag (or the image) names, an :class:`OSRelease`, or ``None``.",
        "flavours": 'Build flavours in tag order: ``("slim",)``.',
        "variants": 'Variants and toolchains in tag order: ``("jdk",)``, ``("php8.3", "fpm")``.',
        "alias": "A channel alias: ``latest``, ``lts``, ``edge``... (or an application codename).",
        "date": "A build date, ``YYYYMMDD``.",
        "revision": (
            "A build or packaging revision: ``r1``, ``ls248``, ``CU15``, ``1``, a calendar"
            " release after the version (``2026.06.1``)."
        ),
        "sha": "A git commit hash.",
        "arch": "A CPU architecture: ``amd64``, ``arm64v8``.",
        "is_floating": "Whether the image behind this tag moves as new builds are pushed.",
        # The raw parts (see tagsense._anatomy.make_tokens), and what is made of them on
        # first use (unset until then: a parse does not spend a store on each).
        "_raw": "",
        "_tokens": "",
        "_key": "",
    }

    text: str
    image: "str | None"
    version: "str | None"
    release: "tuple[int, ...]"
    precision: "str | None"
    prerelease: "str | None"
    os: "OSRelease | None"
    flavours: "tuple[str, ...]"
    variants: "tuple[str, ...]"
    alias: "str | None"
    date: "str | None"
    revision: "str | None"
    sha: "str | None"
    arch: "str | None"
    is_floating: bool
    _raw: "tuple[tuple[tuple[str, str, int, int, object], ...], str | None]"
    _tokens: "tuple[Token, ...]"
    _key: "tuple[Any, ...]"

    def __setattr__(self, name: str, value: "Any", /) -> None:
        raise AttributeError(f"Tag is immutable: cannot set {name!r}")

    def __delattr__(self, name: str, /) -> None:
        raise AttributeError(f"Tag is immutable: cannot delete {name!r}")

    def __reduce__(self) -> "tuple[Any, ...]":
        return (_restore, (self.text, self.image))

    @property
    def tokens(self) -> tuple[Token, ...]:
        """Every part of the tag, in order, each with its class, span and meaning."""
        try:
            return self._tokens
        except AttributeError:
            from ._anatomy import make_tokens

            tokens = make_tokens(self._raw)
            object.__setattr__(self, "_tokens", tokens)
            return tokens

    @property
    def has_unknown(self) -> bool:
        """Whether a part of the tag could not be placed."""
        from ._anatomy import has_unknown

        return has_unknown(self._raw)

    @property
    def sort_key(self) -> "tuple[Any, ...]":
        """The key tags order by (see :func:`sort_tags`)."""
        try:
            return self._key
        except AttributeError:
            from ._anatomy import sort_key

            key = sort_key(self)
            object.__setattr__(self, "_key", key)
            return key

    def compatible_with(self, other: "Tag") -> bool:
        """Whether ``other`` is the same kind of tag.

        Same variants (without their versions), flavours, OS family and
        architecture, and both or neither with an alias. The OS version is a
        separate axis (see :func:`newest`), and so is the version.
        """
        return (
            self.variants_key == other.variants_key
            and self.flavours == other.flavours
            and _os_family(self) == _os_family(other)
            and self.arch == other.arch
            and (self.alias is None) == (other.alias is None)
        )

    @property
    def variants_key(self) -> tuple[str, ...]:
        """The variants without their versions (``jre17`` and ``jre21`` are both ``jre``)."""
        from ._anatomy import variant_name

        return tuple(variant_name(variant) for variant in self.variants)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Tag):
            return NotImplemented
        return (self.text, self.image) == (other.text, other.image)

    def __hash__(self) -> int:
        return hash((self.text, self.image))

    def __lt__(self, other: "Tag") -> bool:
        return self.sort_key < other.sort_key

    def __le__(self, other: "Tag") -> bool:
        return self.sort_key <= other.sort_key

    def __gt__(self, other: "Tag") -> bool:
        return self.sort_key > other.sort_key

    def __ge__(self, other: "Tag") -> bool:
        return self.sort_key >= other.sort_key

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"<Tag({self.text!r})>"


class _TagBuilder(Tag):
    # How tagsense._anatomy fills a Tag: the same slots with plain assignment, then
    # ``__class__ = Tag``. Faster than object.__setattr__ per field (a parse sets 18).
    # Both methods: CPython serves them with one type slot, which stays C only if
    # neither is a Python function.
    __slots__ = ()
    __setattr__ = object.__setattr__
    __delattr__ = object.__delattr__


def _restore(text: str, image: "str | None") -> Tag:
    # Pickling keeps what a Tag is made of (its text and image), not its cached parts.
    return parse_tag(text, image=image)


def _os_family(tag: Tag) -> str | None:
    return tag.os.family if tag.os is not None else None


def parse_tag(tag: str, *, image: "Reference | str | None" = None) -> Tag:
    """Explain a tag: its version, prerelease, OS release, flavours, variants…

    ``image`` (a :class:`~tagsense.Reference` or a string) gives context: an
    OS image's tag *is* the OS version (``ubuntu:22.04``), an OS in the image
    name counts (``distroless/static-debian12``), and application codenames
    apply only to their image (node's ``iron``, ROS's ``humble``).

    Never raises for a tag the reference grammar allows; a part it cannot
    place is kept as an ``unknown`` token. Raises
    :class:`~tagsense.InvalidReference` (kind ``invalid-tag``) for a string
    that is no tag at all.

    >>> parse_tag("3.13.0rc1-alpine3.19").prerelease
    'rc1'
    >>> parse_tag("22.04", image="ubuntu").os.codename
    'jammy'
    """
    if not _ANALYSE:
        # The anatomy is a heavy import: on the first parse only.
        from ._anatomy import analyse

        _ANALYSE.append(analyse)
    return _ANALYSE[0](tag, image)


#: The anatomy's entry point once imported. A list, not a once() getter: this is the
#: hottest call of the package, and a getter is one more Python call a tag.
_ANALYSE: "list[Callable[[str, Reference | str | None], Tag]]" = []


def sort_tags(tags: "Iterable[Tag | str]", *, image: "Reference | str | None" = None) -> list[Tag]:
    """Sort tags oldest first: by version (prereleases before the release), then date,
    then revision; OS codenames by their release order, Windows ids by build.

    >>> [t.text for t in sort_tags(["7.2.4", "7.2.4-rc1", "7.10.0", "7.2.10"])]
    ['7.2.4-rc1', '7.2.4', '7.2.10', '7.10.0']
    """
    parsed = [tag if isinstance(tag, Tag) else parse_tag(tag, image=image) for tag in tags]
    return sorted(parsed, key=lambda tag: tag.sort_key)


def newest(
    tags: "Iterable[Tag | str]",
    *,
    like: "Tag | str",
    image: "Reference | str | None" = None,
    allow_prerelease: bool = False,
    allow_os_upgrade: bool = False,
) -> Tag | None:
    """The newest tag of the same kind as ``like``: the upgrade a registry's tag list offers.

    Same kind: compatible (:meth:`Tag.compatible_with`), the same version
    precision, and the same OS release unless ``allow_os_upgrade``; no
    prereleases unless ``allow_prerelease`` (or ``like`` is one). Returns
    ``None`` when nothing in ``tags`` qualifies.

    >>> newest(["3.19-alpine3.18", "3.20-alpine3.18", "3.21-alpine3.19", "3.22rc1-alpine3.18"],
    ...        like="3.19-alpine3.18").text
    '3.20-alpine3.18'
    """
    reference = like if isinstance(like, Tag) else parse_tag(like, image=image)
    candidates = _same_kind(tags, reference, image, allow_prerelease, allow_os_upgrade)
    return max(candidates, key=lambda tag: tag.sort_key, default=None)


def _same_kind(
    tags: "Iterable[Tag | str]",
    like: Tag,
    image: "Reference | str | None",
    allow_prerelease: bool,
    allow_os_upgrade: bool,
) -> "Sequence[Tag]":
    prerelease_ok = allow_prerelease or like.prerelease is not None
    result = []
    for item in tags:
        tag = item if isinstance(item, Tag) else parse_tag(item, image=image)
        if not tag.compatible_with(like) or tag.precision != like.precision:
            continue
        if (tag.version is None) != (like.version is None):
            continue
        if tag.prerelease is not None and not prerelease_ok:
            continue
        if not allow_os_upgrade and tag.os != like.os:
            continue
        if allow_os_upgrade and like.os is not None and tag.os is not None and tag.os < like.os:
            continue
        result.append(tag)
    return result
