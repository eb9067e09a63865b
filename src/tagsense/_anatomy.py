"""How a tag is taken apart. Imported on the first :func:`tagsense.parse_tag`.

A tag is split at ``-`` into parts; each part is classified on its own (a word
table first, then one regular expression for the shapes: versions with glued
prereleases, dates, names with glued versions like ``alpine3.19``), and a
second pass reads the parts in order with the context the tag and the image
give: a number after ``debian`` is its release, a number after ``rc`` the
prerelease's, ``1809`` an OS release only where Windows is named, the first
free number the version, a small one after it a revision.

What is read once is remembered, because a tag is mostly what other tags of
its image also say. Images of one *kind* (the same application codenames, OS
family and Windows context) share their caches. Most tags are a plain version
and a tail (``3.12.1`` and ``-alpine3.21-amd64``): the tail's anatomy is read
once a kind, as if the version were ``0``, and the version put in front; other
tags are remembered whole. A last part that changes nothing before it (an
architecture, a revision, a flavour, a build date) is added to the remembered
anatomy of the rest. Every cache counts against one budget and all are emptied
together when it is spent, so memory stays bounded however many distinct tags
a process reads. Tests read every corpus tag both ways and compare.
"""

from __future__ import annotations

import re

from . import os_releases
from ._dates import date
from ._lazy import lazy_method, lazy_pattern
from ._vocabulary import (
    ALIASES,
    ANCIENT_CODENAMES,
    APP_CODENAME_OS,
    APP_CODENAMES,
    ARCHES,
    COMPOUNDS,
    FLAVOURS,
    NEEDS_VERSION,
    NUMBERED_NETWORKS,
    NUMBERED_PRERELEASES,
    OS_FAMILIES,
    OS_IMAGE_SHAPES,
    OS_IMAGES,
    PRERELEASE_WORDS,
    TOOLCHAINS,
    UBI_REGISTRIES,
    WINDOWS_FAMILIES,
    WINDOWS_ID_ALIASES,
    WINDOWS_NUMERIC_IDS,
    official_name,
)
from .os_releases import OSRelease
from .reference import Reference, parse_reference
from .tag import Tag, Token, _TagBuilder

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any

# --- the shapes of one part ---------------------------------------------------

_PRE = r"(?:rc|RC|cr|alpha|ALPHA|Alpha|beta|BETA|Beta|pre|preview|a|b|M|m(?=\d)|ea|dev)"
_PART_SOURCE = (
    r"""
    (?P<date>v?(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])
        (?:\d{4}(?:\d\d)?|T(?:[01]\d|2[0-3])[0-5]\d(?:[0-5]\d)?Z?)?)
        (?:\.(?P<date_rev>v?\d+))?
  | (?P<winid>\d\d[Hh][12])
  | (?P<sha>(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{7,40})
  | (?P<number>(?:[vV]\.?)?(?P<release>\d+(?:\.\d+)*))
        (?:u(?P<update>\d+))?
        (?:_(?P<build>\d+))?
        (?:[.]?(?P<pre>"""
    + _PRE
    + r"""(?:\.?\d+)?))?
        (?:\.(?P<vword>[A-Za-z][A-Za-z]*))?
  | [gv](?P<gsha>(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{7,40})
  | (?P<dotted>[A-Za-z]+)\.(?P<dotnum>\d+)
  | (?P<word>[A-Za-z]+?)
        (?P<wsep>[.]?)
        (?P<wnum>\d+(?:\.\d+)*)
        (?P<wtail>[A-Za-z][A-Za-z0-9]*)?
        (?:\.(?P<wrev>\d+))?
    """
)
_HAS_VERSION = lazy_method(r"\d", "search")
_REVISION_RE = lazy_pattern(r"(?:r|ls|CU|KB|b|p|u|build)\d+", re.ASCII)

# The shapes pattern costs about a millisecond to compile, more than a one-file
# check spends on everything else here: it is compiled on the first part that
# needs it. Most parts are words (the tables answer) or plain versions (3.12,
# v18), which a small pattern with the same groups answers.
_PART_MATCH = lazy_method(_PART_SOURCE, "fullmatch", re.VERBOSE | re.ASCII)


# The "number" branch of the shapes pattern alone; its optional groups cannot
# match digits and dots, and exist for _number_pieces to find them empty.
_PLAIN_NUMBER_MATCH = lazy_method(
    r"(?P<number>(?:[vV]\.?)?(?P<release>\d+(?:\.\d+)*))"
    r"(?P<update>(?!))?(?P<build>(?!))?(?P<pre>(?!))?(?P<vword>(?!))?",
    "fullmatch",
    re.ASCII,
)


def _plain_number(part: str) -> re.Match[str] | None:
    """The match of a version of ASCII digits and dots (``v``, ``V``, ``v.`` in front), else None.

    None too when the first group could be a date (eight digits or more): the
    shapes pattern reads ``20240111`` as a date, not a version.
    """
    match = _PLAIN_NUMBER_MATCH(part)
    if match is None:
        return None
    release = match["release"]
    dot = release.find(".")
    if (dot if dot >= 0 else len(release)) >= 8:
        return None
    return match


class _Piece:
    """A classified part (or sub-part) of a tag, before the second pass."""

    __slots__ = ("end", "info", "kind", "meaning", "start", "text")

    def __init__(
        self,
        text: str,
        start: int,
        end: int,
        kind: str,
        meaning: str = "",
        info: dict[str, Any] | None = None,
    ) -> None:
        self.text = text
        self.start = start
        self.end = end
        # version, number, word, prerelease, os, osword, winid, date, revision, …
        self.kind = kind
        self.meaning = meaning
        self.info: dict[str, Any] = _NO_INFO if info is None else info

    def shifted(self, offset: int) -> _Piece:
        piece = _new_piece(_Piece)
        piece.text = self.text
        piece.start = self.start + offset
        piece.end = self.end + offset
        piece.kind = self.kind
        piece.meaning = self.meaning
        piece.info = self.info
        return piece


_NO_INFO: dict[str, Any] = {}
_new_piece = object.__new__


class _Kind:
    """What an image tells the parser about its tags; images of one kind share their caches.

    A part's class depends on the image only through its application codenames,
    its OS family and Windows; a whole tag's anatomy also through the OS named
    in an OS image's path. Everything else about an image (its name, an OS in
    the path of any other image) is applied to the finished anatomy.
    """

    __slots__ = (
        "blocked",
        "codenames",
        "image_os",
        "os_image_families",
        "os_image_family",
        "parts",
        "parts_windows",
        "tags",
        "tails",
        "windows",
    )

    def __init__(
        self,
        codenames: dict[str, str],
        os_image_families: tuple[str, ...],
        windows: bool,
        image_os: OSRelease | None,
    ) -> None:
        self.codenames = codenames
        #: On an OS image, the families its tags name (its own first), else ().
        self.os_image_families = os_image_families
        os_image_family = os_image_families[0] if os_image_families else None
        self.os_image_family = os_image_family
        self.windows = windows
        self.image_os = image_os
        #: Classified parts, by part ("alpine", "slim", "bookworm"), apart for tags
        #: that name Windows.
        self.parts: dict[str, _Part] = {}
        self.parts_windows: dict[str, _Part] = {}
        #: Anatomies of whole tags.
        self.tags: dict[str, _Anatomy] = {}
        #: Anatomies of what follows a plain version ("-alpine3.21-amd64" of
        #: "3.12.1-alpine3.21-amd64"), read as if the version were "0"; None on OS
        #: images, where the version is the OS release.
        self.tails: dict[str, _Anatomy] | None = (
            {} if os_image_family is None or os_image_family in WINDOWS_FAMILIES else None
        )
        #: What a last part may not need (see _APPENDED) to be added to the anatomy of the
        #: rest, on this kind; worked out once, not for every tail read.
        self.blocked = (0 if self.tails is not None else _NOT_OS_IMAGE) | (
            0 if os_image_family is None else _PLAIN_IMAGE
        )


class _Context:
    """One image: its name, its kind, and an OS release its path names."""

    __slots__ = ("app", "codename_os", "image", "image_os", "kind", "scala_led", "tails")

    def __init__(self, image: str | None, app: str, kind: _Kind, image_os: OSRelease | None):
        self.image = image
        self.app = app
        self.kind = kind
        self.image_os = image_os
        #: The OS release each of its application codenames is built on (a ROS
        #: distribution's Ubuntu), for a tag that names none; None on most images.
        self.codename_os = _codename_os(app)
        #: Its kind's tails, one attribute away from the fast path (see analyse).
        self.tails = kind.tails
        #: Whether a tag may open with the Scala version it is built with (see _scala_led).
        self.scala_led = "kafka" in app.replace("_", "-").replace(".", "-").split("-")


def _codename_os(app: str) -> dict[str, OSRelease] | None:
    """The OS release of each of an application's codenames (see
    _vocabulary.APP_CODENAME_OS), those the release data knows; None for most applications."""
    releases = APP_CODENAME_OS.get(app)
    if releases is None:
        return None
    found = {}
    for codename, release in releases.items():
        known = os_releases.lookup("ubuntu", codename=release)
        if known is not None:
            found[codename] = known
    return found


class _Anatomy:
    """A tag's anatomy as its image's kind reads it: a Tag's fields but the image's."""

    __slots__ = (
        "alone",
        "details",
        "floats",
        "is_floating",
        "joins",
        "precision",
        "release",
        "tokens",
        "version",
        "windows_family",
    )

    version: str | None
    release: tuple[int, ...]
    precision: str | None
    #: What the tag says besides its version, in Tag field order (see _Details): one
    #: tuple, that a Tag takes in one unpacking and _extended copies in one.
    details: _Details
    is_floating: bool
    #: Whether a major or minor version in its place would float (a patch never does).
    floats: bool
    #: The raw tokens (a Tag's _raw is them and the version put in front, see make_tokens).
    tokens: tuple[tuple[str, str, int, int, object], ...]
    windows_family: str | None
    #: Whether a part after it is read on its own (see _stands_alone).
    alone: bool
    #: Whether its last piece may join a part after it (see _may_join).
    joins: bool


#: An anatomy's prerelease, os, flavours, variants, alias, date, revision, sha and arch.
_Details = tuple[
    str | None,
    OSRelease | None,
    tuple[str, ...],
    tuple[str, ...],
    str | None,
    str | None,
    str | None,
    str | None,
    str | None,
]


# --- entry points -------------------------------------------------------------


def analyse(tag: str, image: object) -> Tag:
    # A Reference is keyed by its name: its tag says nothing about the image.
    key: object = image if type(image) is str or image is None else getattr(image, "name", image)
    context = _CONTEXTS.get(key)
    if context is None:
        context = _context(image)
        _remember(_CONTEXTS, key, context)
    if type(tag) is not str and not isinstance(tag, str):
        raise TypeError(f"parse_tag() takes a str, not {type(tag).__name__}")
    if context.scala_led and _SCALA_LED(tag) is not None:
        return _scala_led(tag, image)
    if tag[:1] == "v" and _API_LED(tag) is not None:
        return _scala_led(tag, image, _API_MEANING)
    # Most tags are a version and what the image's other tags also say ("3.12.1" and
    # "-alpine3.21-amd64"): the second part is read once an image kind, the first once.
    head = tag.partition("-")[0]
    number = _HEADS.get(head)
    if number is None:
        number = _head(head)
    tails = context.tails
    if number is not _NOT_PLAIN and tails is not None and len(tag) <= 128:
        rest = tag[len(head) :]
        anatomy = tails.get(rest)
        if anatomy is None:
            anatomy = _tail_anatomy(rest, context.kind)
        if anatomy is not None and (anatomy.windows_family is None or not _windows_number(head)):
            result: Tag = _new_tag(_TagBuilder)
            result.text = tag
            result.image = context.image
            result.version, result.release, precision = number
            result.precision = precision
            (
                result.prerelease,
                os,
                result.flavours,
                result.variants,
                result.alias,
                result.date,
                result.revision,
                result.sha,
                result.arch,
            ) = anatomy.details
            result.os = os if os is not None else context.image_os
            if result.os is None and context.codename_os is not None:
                result.os = context.codename_os.get(result.alias or "")
            result.is_floating = anatomy.floats and precision != "patch"
            result._raw = (anatomy.tokens, head)
            result.__class__ = Tag
            return result
    kind = context.kind
    anatomy = kind.tags.get(tag)
    if anatomy is None:
        if _TAG_MATCH(tag) is None:
            from ._parse import invalid_tag

            raise invalid_tag(tag)
        anatomy = _cached_anatomy(tag, tag, kind.tags, kind, _names_windows(tag, kind))
    if anatomy.tokens and anatomy.tokens[0][1] == "variant":
        anatomy = _named(anatomy, tag)
        if anatomy.version is None and len(anatomy.tokens) == 1 and "/" in (context.image or ""):
            anatomy = _runtime_named(anatomy, context.app)
    result = _new_tag(_TagBuilder)
    result.text = tag
    result.image = context.image
    result.version = anatomy.version
    result.release = anatomy.release
    result.precision = anatomy.precision
    (
        result.prerelease,
        os,
        result.flavours,
        result.variants,
        result.alias,
        result.date,
        result.revision,
        result.sha,
        result.arch,
    ) = anatomy.details
    result.os = os if os is not None else context.image_os
    if result.os is None and context.codename_os is not None:
        result.os = context.codename_os.get(result.alias or "")
    result.is_floating = anatomy.is_floating
    result._raw = (anatomy.tokens, None)
    result.__class__ = Tag
    return result


_new_tag: Callable[[type[_TagBuilder]], Tag] = object.__new__

#: A tag that opens with a Scala version (2.10 to 2.13) and then another version: Kafka's.
_SCALA_LED = lazy_method(r"2\.1[0-3]-v?\d", "match")
_SCALA_MEANING = "Scala version it is built with"
#: A tag that opens with the Kubernetes API version of an operator's resources and then a
#: full version: the Spark operator's ``v1beta2-1.3.8-3.1.1``.
_API_LED = lazy_method(r"v\d+(?:alpha|beta)\d+-v?\d+\.\d", "match", re.ASCII)
_API_MEANING = "Kubernetes API version of the resources it serves"


def _scala_led(tag: str, image: object, meaning: str = _SCALA_MEANING) -> Tag:
    """A Kafka image's tag that opens with the Scala version its Kafka is built with, as
    Kafka's own releases are named (``kafka_2.13-3.4.1.tgz``): wurstmeister/kafka's and
    banzaicloud's ``2.13-3.4.1`` is Kafka 3.4.1, fixed, not a floating minor version 2.13
    (a Scala version names a binary interface, which does not move). The rest of the tag is
    read as a tag of its own; the Scala version is a variant before it. So is an operator's
    tag that opens with the Kubernetes API version of its resources (``meaning``): the Spark
    operator's ``v1beta2-1.3.8-3.1.1`` is its release 1.3.8 (for Spark 3.1.1) serving
    ``sparkoperator.k8s.io/v1beta2``, not a prerelease ``beta2`` of a version 1."""
    scala, _, rest = tag.partition("-")
    inner = analyse(rest, image)
    parts, head = inner._raw
    shift = len(scala) + 1
    if head is not None:  # (a plain version and a tail read apart, see make_tokens)
        moved = len(head) - 1
        parts = (
            (head, "version", 0, len(head), "version"),
            *((text, kind, start + moved, end + moved, meaning)
              for text, kind, start, end, meaning in parts[1:]),
        )  # fmt: skip
    result: Tag = _new_tag(_TagBuilder)
    result.text = tag
    result.image = inner.image
    result.version, result.release, result.precision = inner.version, inner.release, inner.precision
    result.prerelease, result.os, result.flavours = inner.prerelease, inner.os, inner.flavours
    result.variants = (scala, *inner.variants)
    result.alias, result.date, result.revision = inner.alias, inner.date, inner.revision
    result.sha, result.arch, result.is_floating = inner.sha, inner.arch, inner.is_floating
    result._raw = (
        (
            (scala, "variant", 0, len(scala), meaning),
            *((text, kind, start + shift, end + shift, meaning)
              for text, kind, start, end, meaning in parts),
        ),
        None,
    )  # fmt: skip
    result.__class__ = Tag
    return result


_TAG_MATCH = lazy_method(r"[\w][\w.-]{0,127}", "fullmatch", re.ASCII)
#: Not a plain version (see _head).
_NOT_PLAIN: tuple[str, tuple[int, ...], str] = ("", (), "")


def _head(head: str) -> tuple[str, tuple[int, ...], str]:
    """A first part that is a plain version: its version, numbers and precision.

    Plain: what _classify reads as one number piece on any image, nothing glued
    to it: digits and dots (a ``v``, ``V`` or ``v.`` in front), not a date (20240111), not a
    version with a date inside (2023.12.20260817.0), not an architecture (386),
    not a build led by a zero (0124).
    (_plain_release, written out: a first part is read once, but most are new.)
    """
    global _spent
    number = _NOT_PLAIN
    release = _unmarked(head) if head[:1] in _V_MARKS else head
    if release.isdigit():
        if (
            release.isascii()
            and len(release) < _BUILD_ID_DIGITS
            and (release[0] != "0" or len(release) < _ZERO_LED_DIGITS)  # _zero_led, written out
            and head not in ARCHES
            and (len(head) != _SHORT_DATE_DIGITS or _SHORT_DATE_MATCH(head) is None)
        ):
            number = (release, (int(release),), "major")
    elif release.isascii() and release.replace(".", "").isdigit():
        components = release.split(".")
        if (
            "" not in components
            and len(components[0]) < 8
            and (len(release) < 10 or _embedded_date(release) is None)
        ):
            numbers = tuple(map(int, components))
            number = (release, numbers, _PRECISIONS[2 if len(numbers) > 2 else len(numbers) - 1])
    _spent += 1  # _remember, written out
    if _spent > _BUDGET:
        _forget()
    _HEADS[head] = number
    return number


#: A build date of six digits, ``YYMMDD`` (photoprism names its builds ``$(date -u +%y%m%d)``:
#: ``photoprism/dummy-webdav:240627``); read as ``20YYMMDD``. Six digits that are no date
#: (123456) stay a version.
_SHORT_DATE_MATCH = lazy_method(
    r"\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])", "fullmatch", re.ASCII
)
_SHORT_DATE_DIGITS = 6
#: A year and its week (``2024.w30``): the build of that week, as a date is the day's.
_YEAR_WEEK_MATCH = lazy_method(r"(?:19|20)\d\d\.w(?:0[1-9]|[1-4]\d|5[0-3])", "fullmatch", re.ASCII)
_YEAR_WEEK_LENGTH = len("2024.w30")

#: How many digits a number alone needs to be a build's number or a commit, not a version:
#: no release line counts to a million, but CI run numbers and git's short hashes do
#: (``perconalab/version-service:main-6971486`` is commit 6971486 of main).
_BUILD_ID_DIGITS = 7


#: The marks a version may carry in front: v10, V10 (gtex_rnaseq:V10), v.1.0 (after a dot).
_V_MARKS = ("v", "V")


def _unmarked(text: str) -> str:
    """A version without the mark in front: ``v10``, ``V10``, ``v.1.0`` are 10, 10, 1.0."""
    if text[:1] not in _V_MARKS:
        return text
    return text[2:] if text[1:2] == "." else text[1:]


#: How many digits a number led by a zero needs to be a build's number or a date, not a
#: version: no release is numbered 0124 (broadinstitute/gatk's ``haplochecker-0124``).
_ZERO_LED_DIGITS = 4


def _zero_led(digits: str) -> bool:
    """Whether ASCII digits are a number written with a leading zero, long enough not to
    be a version (see _ZERO_LED_DIGITS)."""
    return len(digits) >= _ZERO_LED_DIGITS and digits[0] == "0"


def _plain_release(part: str) -> str | None:
    """What _plain_number matches as the release, read with string methods (a regex match
    costs more): ASCII digits in dot-separated groups, the first shorter than a date."""
    release = _unmarked(part) if part[:1] in _V_MARKS else part
    if release.isascii() and release.replace(".", "").isdigit():
        components = release.split(".")
        if "" not in components and len(components[0]) < 8:
            return release
    return None


def _tail_anatomy(rest: str, kind: _Kind) -> _Anatomy | None:
    """The anatomy of a tag made of a plain version and ``rest``, read as if the
    version were "0"; None when that tag is no tag."""
    canonical = "0" + rest
    if _TAG_MATCH(canonical) is None:
        return None
    assert kind.tails is not None
    if kind.windows:  # _names_windows, written out
        windows = True
    else:
        lowered = rest.lower()
        windows = "windows" in lowered or "nanoserver" in lowered or "servercore" in lowered
    return _cached_anatomy(canonical, rest, kind.tails, kind, windows)


def _names_windows(text: str, kind: _Kind) -> bool:
    """Whether Windows ids are read in ``text``: on a Windows image, or where it names Windows."""
    if kind.windows:
        return True
    lowered = text.lower()
    return "windows" in lowered or "nanoserver" in lowered or "servercore" in lowered


def _cached_anatomy(
    text: str, key: str, table: dict[str, _Anatomy], kind: _Kind, windows: bool
) -> _Anatomy:
    """The anatomy of ``text`` (a tag, or "0" and a tail), remembered in ``table`` as ``key``.

    A last part that changes nothing before it is added to the anatomy of the rest,
    itself remembered: "-debian-12-r5" is "-debian-12" and the revision r5. Such parts
    are what publishers append last: an architecture, a build revision, a flavour, a
    build date, a variant, an OS release or family, a number (a version, a revision, a
    variant's: otp-27), a Windows release. (None of them reads what came before but as
    _build does; a part that the one before may join, eclipse-temurin, debian-12, is
    read with the whole.) So "-jdk25-temurin-jammy" is "-jdk25-temurin" and jammy, and
    "-jdk25" is shared by every tail that starts with it.
    """
    core, _, last = text.rpartition("-")
    anatomy = None
    if core and last:
        parts = kind.parts_windows if windows else kind.parts
        entry = parts.get(last)
        if entry is None:
            entry = _Part(last, tuple(_classify(last, 0, kind, windows)))
            _remember(parts, last, entry)
        needs = entry.appended
        # An OS release after the rest is the tag's OS except on an OS image, where
        # it is weighed against the version (see _build); so is a number, and on a
        # Windows image a number may be its version. A Windows release is read with
        # the Windows family of the rest, which Windows ids are read in; on an OS image
        # that is no Windows image it is an OS release too, which names the tag's OS
        # over the version's (V10-nanoserver-ltsc2022 is Windows, whatever the image).
        # The rest must read Windows ids as the whole does (not so if only the last
        # part names Windows).
        if (
            needs != _NEVER
            and not needs & (kind.blocked if windows else kind.blocked | _WINDOWS)
            and (not windows or _names_windows(core, kind))
        ):
            core_key = key[: len(key) - len(last) - 1]
            before = table.get(core_key)
            if before is None:
                before = _cached_anatomy(core, core_key, table, kind, windows)
            if before.alone and not (needs & _CLOSED and before.joins):
                anatomy = _extended(before, entry, len(core) + 1)
    if anatomy is None:
        anatomy = _anatomy(text, kind, windows)
    global _spent
    _spent += 1  # _remember, written out
    if _spent > _BUDGET:
        _forget()
    table[key] = anatomy
    return anatomy


#: What _cached_anatomy needs to add a last part (its _Part.appended) to the anatomy of
#: the rest: nothing (0), an image that is no OS image (but Windows), one that is no
#: OS image at all, a rest whose last piece joins no number (see _join), Windows ids
#: read. _NEVER: the part is read with the whole.
_NOT_OS_IMAGE = 1
_PLAIN_IMAGE = 2
_CLOSED = 4
_WINDOWS = 8
_NEVER = -1
_APPENDED = {
    "arch": 0,
    "revision": 0,
    "flavour": 0,
    "date": 0,
    "word": 0,
    "variant": 0,
    "os": _NOT_OS_IMAGE,
    "osword": _NOT_OS_IMAGE,
    "number": _PLAIN_IMAGE | _CLOSED,
    "winid": _WINDOWS | _NOT_OS_IMAGE,
}


def _stands_alone(before: _Anatomy) -> bool:
    """Whether a part after ``before`` is read on its own: the part before it cannot join
    it (see _join: only a compound's head or ``sha`` joins a word or an OS release)."""
    tokens = before.tokens
    if not tokens:
        return True
    previous = tokens[-1][0].rpartition("-")[2].lower()
    return previous not in _COMPOUND_HEADS and previous != "sha"


def _extended(before: _Anatomy, entry: _Part, start: int) -> _Anatomy:
    """``before`` and one more part (its pieces) at ``start``, read as _build reads them."""
    prerelease, os, flavours, variants, alias, date, revision, sha, arch = before.details
    version = before.version
    release_numbers = before.release
    precision = before.precision
    windows_family = before.windows_family
    is_floating = before.is_floating
    floats = before.floats
    tokens = before.tokens
    for piece in entry.at[0]:
        text = piece.text
        kind = piece.kind
        meaning: object = piece.meaning
        first = start + piece.start
        end = first + len(text)
        pins = False  # only a first revision or date pins what was not pinned
        if kind == "arch":
            if arch is None:
                arch = text
        elif kind == "revision":
            if revision is None:
                revision = text
                pins = True
        elif kind == "flavour":
            flavours = (*flavours, text.lower())
        elif kind == "word" or kind == "variant":
            variants = (*variants, text)
            kind = "variant"
            meaning = "variant or toolchain"
        elif kind == "os":
            release = piece.info["release"]
            if os is None or os.version is None:
                os = release
            meaning = release or meaning
        elif kind == "osword" and text.lower() in NEEDS_VERSION:  # al, rocky: a variant
            variants = (*variants, text)
            kind = "variant"
            meaning = "variant or toolchain"
        elif kind == "osword":  # the family alone: alpine, ubuntu
            family = piece.info["family"]
            if os is None:
                os = _release(family, None)
            kind = "os"
            meaning = family or meaning
        elif kind == "date":
            if date is None:
                date = piece.info["date"]
                pins = True
            meaning = "build date"
        elif kind == "winid":
            release = _windows_id(text, windows_family)
            if release is None:
                kind = "unknown"
            else:
                if os is None or os.version is None:
                    os = release
                kind = "os"
                meaning = release
        else:  # a number
            release = None if windows_family is None else _windows_release(piece, windows_family)
            previous = tokens[-1] if tokens else None
            if release is not None:
                if os is None or os.version is None:
                    os = release
                kind = "os"
                meaning = release
            elif (
                previous is not None
                and piece.start
                and _variant_build(previous, piece.shifted(start), entry.text[piece.start - 1])
            ):
                joined = previous[0] + "_" + text  # temurin-25.0.3_9, as _build reads it
                variants = (*variants[:-1], joined)
                tokens = (*tokens[:-1], (joined, "variant", previous[2], end, previous[4]))
                continue
            elif (
                previous is not None
                and previous[1] == "variant"
                and previous[3] + 1 == first
                and not _HAS_VERSION(previous[0])
                and (version is not None or _toolchain(previous[0]) or _after_leading_alias(tokens))
            ):
                # A number right after a variant belongs to it: otp-28.
                joined = previous[0] + (entry.text[piece.start - 1] if piece.start else "-") + text
                variants = (*variants[:-1], joined)
                tokens = (*tokens[:-1], (joined, "variant", previous[2], end, previous[4]))
                continue
            elif (
                revision is None
                and text.isdigit()
                and previous is not None
                and previous[1] == "variant"
                and previous[0].lower() == "build"
                and previous[3] + 1 == first
            ):
                # BUILD-15: the number of a build (eventuateio's spring-example-base-image,
                # one tag per CI build), no version: nothing finer exists to pin
                revision = text
                pins = True
                kind = "revision"
                meaning = "build number"
            elif version is None and revision is None and _channel_build(tokens, first, text):
                revision = text  # as _build reads it: one build of the channel
                pins = True
                kind = "revision"
                meaning = _CHANNEL_BUILD
            elif text.isdigit() and _after_channel_build(tokens):
                kind = "revision"  # stable-9584-1: that build's rebuild
                meaning = "rebuild"
            elif version is None and not (date is not None and text.isdigit()):
                version, release_numbers = _version_of(piece)
                precision = _precision(release_numbers)
                pinned = date is not None or revision is not None or sha is not None
                is_floating = _is_floating(version, precision, alias, pinned)
                kind = "version"
                meaning = "version"
            elif text.isdigit() and revision is None:
                revision = text
                pins = True
                kind = "revision"
                meaning = "revision"
            elif revision is None and _CALENDAR_RELEASE_MATCH(text) is not None:
                revision = text  # as _build reads it: the image's own release
                pins = True
                kind = "revision"
                meaning = _CALENDAR_RELEASE
            elif "." in text or text[:1] in _V_MARKS:
                kind = "version"
                meaning = "secondary version"
            else:
                kind = "unknown"
        if pins:
            is_floating = _is_floating(version, precision, alias, True)
            floats = alias is not None
        tokens = (*tokens, (text, kind, first, end, meaning))
    result = _new_anatomy(_Anatomy)
    result.version = version
    result.release = release_numbers
    result.precision = precision
    result.details = (prerelease, os, flavours, variants, alias, date, revision, sha, arch)
    result.is_floating = is_floating
    result.floats = floats
    result.tokens = tokens
    result.windows_family = windows_family
    result.alone = entry.alone
    result.joins = entry.joins
    return result


_CHANNEL_BUILD = "build of the channel"


def _variant_build(
    previous: tuple[str, str, int, int, object], piece: _Piece, separator: str
) -> bool:
    """Whether ``piece``, a number right after the variant ``previous``, is the build of
    the dotted version that variant ends in: a bare number glued to it by ``_``.
    sbtscala/scala-sbt's ``eclipse-temurin-25.0.3_9_1.12.13_3.8.4`` is Temurin 25.0.3+9
    (Java writes the build after a ``+``, which no tag may hold) with sbt 1.12.13, not a
    floating version 9."""
    return (
        previous[1] == "variant"
        and previous[3] + 1 == piece.start
        and separator == "_"
        and piece.text.isdigit()
        and _DOTTED_END(previous[0]) is not None  # (a quarter's Q1_2024 is none)
    )


_DOTTED_END = lazy_method(r"\d\.\d+$", "search")


def _channel_build(
    tokens: Sequence[tuple[str, str, int, int, object]], start: int, text: str
) -> bool:
    """Whether ``text`` at ``start`` is a build number right after the channel that opens the
    tag: jitsi's ``stable-9584`` is one release of its stable channel, pushed once (a rebuild
    is ``stable-9584-1``), not the channel. Four digits at least, none leading, and no year:
    a number a channel's release line could be (wordpress's ``beta-5``, a major ``esr-128``,
    nuxeo's ``LTS-2015``) still floats, and a build date (debian's ``stable-20260803``) is
    read as a date before this."""
    return (
        len(tokens) == 1
        and tokens[0][1] == "alias"
        and tokens[0][2] == 0
        and tokens[0][3] + 1 == start
        and len(text) >= 4
        and text.isdigit()
        and text[0] != "0"
        and not (len(text) == 4 and text[:2] in ("19", "20"))
    )


def _after_channel_build(tokens: Sequence[tuple[str, str, int, int, object]]) -> bool:
    """Whether the tokens are a leading channel and its build (stable-9584): a number after
    them is that build's rebuild (stable-9584-1), not a version."""
    return (
        len(tokens) == 2
        and tokens[0][1] == "alias"
        and tokens[0][2] == 0
        and tokens[1][1] == "revision"
        and tokens[0][3] + 1 == tokens[1][2]
    )


def _is_numbered_build(part: str) -> bool:
    """A release of Red Hat's build system: a build's number, a dot and the build's Unix time
    (ubi8/openjdk-11:1.21-1.1736337912), one build, not a version (no version has a
    ten-digit minor)."""
    number, dot, seconds = part.partition(".")
    return (
        bool(dot)
        and number.isdigit()
        and len(number) <= 4
        and len(seconds) == 10
        and seconds.isdigit()
    )


def _windows_number(text: str) -> bool:
    """Whether a plain version names a Windows release where Windows is named."""
    return text in WINDOWS_NUMERIC_IDS or (text.startswith("10.0.") and text.count(".") >= 2)


def _anatomy(tag: str, kind: _Kind, windows: bool | None = None) -> _Anatomy:
    if windows is None:
        windows = _names_windows(tag, kind)
    pieces, flags = _split(tag, kind, windows)
    if flags & _JOINS:
        pieces = _second_pass(pieces, kind, tag)
    if windows or flags & _WINID:
        windows_family = _windows_family(pieces, kind, windows)
    elif kind.os_image_family in WINDOWS_FAMILIES:
        windows_family = kind.os_image_family
    else:
        windows_family = None
    return _build(tag, kind, pieces, windows_family)


# --- the caches, bounded together ----------------------------------------------
# A long-running service may read millions of distinct tags: every cache counts
# against one budget, and all are emptied together when it is spent (the next
# tags rebuild what they need). The corpus of 24,000 real tags needs about
# 15,000 entries.

_BUDGET = 32768
_spent = 0
#: Image context by image (a few hundred images cover a whole registry scan).
_CONTEXTS: dict[object, _Context] = {}
#: Image kinds by what makes them one (see _Kind).
_KINDS: dict[tuple[int, tuple[str, ...], bool, OSRelease | None], _Kind] = {}
#: First parts by text: a plain version's (version, numbers, precision), else _NOT_PLAIN.
_HEADS: dict[str, tuple[str, tuple[int, ...], str]] = {}
#: OS releases by the (family, version) a tag names them with.
_RELEASES: dict[tuple[str, str | None], OSRelease] = {}


def _remember(table: dict[Any, Any], key: object, value: object) -> None:
    global _spent
    _spent += 1
    if _spent > _BUDGET:
        _forget()
    table[key] = value


def _forget() -> None:
    global _spent
    for kind in _KINDS.values():
        kind.parts.clear()
        kind.parts_windows.clear()
        kind.tags.clear()
        if kind.tails is not None:
            kind.tails.clear()
    _KINDS.clear()
    _CONTEXTS.clear()
    _HEADS.clear()
    _RELEASES.clear()
    _spent = 0


def cache_info() -> dict[str, int]:
    """How many entries each cache holds (for benchmarks/bench_tag.py)."""
    kinds = list(_KINDS.values())
    return {
        "contexts": len(_CONTEXTS),
        "kinds": len(kinds),
        "heads": len(_HEADS),
        "releases": len(_RELEASES),
        "parts": sum(len(k.parts) + len(k.parts_windows) for k in kinds),
        "tags": sum(len(k.tags) for k in kinds),
        "tails": sum(len(k.tails) for k in kinds if k.tails is not None),
    }


def _kind(
    codenames: dict[str, str],
    os_image_families: tuple[str, ...],
    windows: bool,
    image_os: OSRelease | None,
) -> _Kind:
    if not os_image_families or os_image_families[0] in WINDOWS_FAMILIES:
        image_os = None  # applied to the finished anatomy instead
    key = (id(codenames), os_image_families, windows, image_os)
    kind = _KINDS.get(key)
    if kind is None:
        kind = _Kind(codenames, os_image_families, windows, image_os)
        _remember(_KINDS, key, kind)
    return kind


def _context(image: object) -> _Context:
    if image is None:
        return _Context(None, "", _kind(_NO_CODENAMES, (), False, None), None)
    if isinstance(image, Reference):
        ref = image
    else:
        text = str(image)
        if "/" not in text and len(text) != 64:  # (64 hex digits alone: an image id)
            # A name of one component names the official image, as library/ and the name
            # do: read so, parse_reference compiles one pattern for every image, not two.
            text = "library/" + text
        try:
            ref = parse_reference(text)
        except ValueError:
            return _Context(None, "", _kind(_NO_CODENAMES, (), False, None), None)
    components = ref.repository.split("/")
    app = components[-1]
    codenames = APP_CODENAMES.get(app, _NO_CODENAMES)
    families = _os_image_families(ref.name)
    # Windows ids are OS releases wherever Windows is named, not only on Microsoft's images.
    if "windows" in components or app in ("windowsservercore", "nanoserver"):
        return _Context(ref.familiar_name, app, _kind(codenames, families, True, None), None)
    image_os = None
    # An OS named in the image path: distroless/static-debian12, ubi9/ubi-minimal, and its
    # release as a word of its own (ROCm's rocm/dev-ubuntu-22.04, rocm/dev-almalinux-8). Only
    # a release (known, or newer than the table): a namespace "al0" is no Amazon Linux.
    for component in components:
        previous = ""
        for word in component.split("-"):
            if word[-1:].isdigit():  # as _glued_os checks first: most words end in a letter
                release = _glued_os(word)
                if release is None and previous.isalpha() and _RELEASE_WORD(word):
                    release = _glued_os(previous + word)
                if release is not None and release.version is not None:
                    image_os = release
            previous = word
    kind = _kind(codenames, families, False, image_os)
    return _Context(ref.familiar_name, app, kind, image_os)


def _os_image_families(name: str) -> tuple[str, ...]:
    """The OS families an image *is* (see _vocabulary.OS_IMAGES), by its normalised name."""
    official = official_name(name)
    if official is not None:
        name = "docker.io/library/" + official
    families = OS_IMAGES.get(name)
    if families is not None:
        return families
    registry, _, path = name.partition("/")
    red_hat = registry in UBI_REGISTRIES or (registry == "docker.io" and path[:7] == "redhat/")
    # ubi9, ubi9/ubi, ubi9/ubi-minimal, ubi8-minimal, ubi9/ubi-micro, ubi8/ubi-init.
    ubi = r"ubi\d+(?:-(?:minimal|micro|init))?(?:/ubi(?:-(?:minimal|micro|init))?)?"
    if red_hat and re.fullmatch(ubi, path.removeprefix("redhat/"), re.ASCII) is not None:
        return ("ubi",)
    namespace, _, repository = name.rpartition("/")
    shape = OS_IMAGE_SHAPES.get(namespace + "/")
    if shape is not None and re.fullmatch(shape[0], repository, re.ASCII) is not None:
        return shape[1]  # (almalinux/9-base: AlmaLinux 9, as almalinux:9 is)
    return _republished_os(path)


def _republished_os(path: str) -> tuple[str, ...]:
    """The OS families of an official OS image republished for one CPU architecture under
    another name, by its shape: a repository ``<arch>-<os>`` or ``<os>-<arch>``
    (influxdb's ``ioft/i386-ubuntu:xenial``), or ``<os>`` in a namespace named after an
    architecture (``32bit/ubuntu:14.04``); ``<os>`` the name of an official OS image
    (``ubuntu``, ``debian``…), ``<arch>`` a CPU architecture's word (``i386``, ``32bit``…).
    Their tags name that OS's releases, as the official image's do.

    >>> _republished_os("ioft/i386-ubuntu"), _republished_os("32bit/ubuntu")
    (('ubuntu',), ('ubuntu',))
    >>> _republished_os("acme/ubuntu-builder"), _republished_os("acme/i386/ubuntu")
    ((), ())

    balena's base images (``balenalib/``, formerly ``resin/``) are ``<hw>-<distro>``, the
    hardware a device type (``raspberrypi3``, ``jetson-nano``, ``raspberrypi4-64``) or an
    architecture (``aarch64``): the OS for that hardware, tagged by the OS release
    (``jammy-build``, ``bookworm-run``), the device's as the architecture's. One with a
    language stack after it (``raspberrypi3-debian-python``) is that language's image.

    >>> _republished_os("balenalib/jetson-nano-ubuntu"), _republished_os("balenalib/rpi-node")
    (('ubuntu',), ())
    """
    namespace, _, repository = path.rpartition("/")
    if "/" in namespace or not namespace:
        return ()
    if namespace in ARCHES:
        return OS_IMAGES.get("docker.io/library/" + repository, ())
    if namespace in _BALENA_NAMESPACES:
        hardware, dash, distro = repository.rpartition("-")
        return OS_IMAGES.get("docker.io/library/" + distro, ()) if hardware and dash else ()
    first, dash, second = repository.partition("-")
    if not dash or "-" in second:
        return ()
    for arch, os_name in ((first, second), (second, first)):
        if arch in ARCHES:
            return OS_IMAGES.get("docker.io/library/" + os_name, ())
    return ()


#: balena's namespaces of base images on Docker Hub (see :func:`_republished_os`).
_BALENA_NAMESPACES = frozenset({"balenalib", "resin"})

_NO_CODENAMES: dict[str, str] = {}


def _glued_os(word: str) -> OSRelease | None:
    if not word[-1:].isdigit():
        return None
    match = _GLUED_OS_MATCH(word)
    if match is None:
        return None
    family = OS_FAMILIES.get(match[1])
    if family is None or family in WINDOWS_FAMILIES:
        return None
    return _release(family, match[2])


_RELEASE_WORD = lazy_method(r"\d+(?:\.\d+)*", "fullmatch", re.ASCII)
_GLUED_OS_MATCH = lazy_method(r"([a-z]+?)(\d+(?:\.\d+)*)", "fullmatch", re.ASCII)


def _release(family: str, version: str | None) -> OSRelease:
    """The release of ``family`` a tag names by ``version``: from the table, else one newer
    than the table (see os_releases.unlisted), else only the family."""
    key = (family, version)
    release = _RELEASES.get(key)
    if release is None:
        family = _successor(family, version)
        if version is not None:
            release = os_releases.lookup(family, version) or os_releases.unlisted(family, version)
        if release is None:
            release = os_releases.unknown(family)
        _remember(_RELEASES, key, release)
    return release


#: Families whose releases from a major on are another family's: CentOS Linux ended at 8,
#: and CentOS 9 and 10 are CentOS Stream's (kamailio's rpm workflow runs
#: ``pkg-kamailio-docker:centos-10``; read as CentOS, its 10 was taken for the image's
#: own major version, a TS004; survey s42c).
_SUCCEEDED_AT = {"centos": ("centos-stream", 9)}


def _successor(family: str, version: str | None) -> str:
    """The family whose release ``version`` of ``family`` is (see :data:`_SUCCEEDED_AT`)."""
    successor = _SUCCEEDED_AT.get(family)
    if successor is None or version is None:
        return family
    major = version.partition(".")[0]
    return successor[0] if major.isdigit() and int(major) >= successor[1] else family


# --- first pass: split and classify each part ----------------------------------


class _Part:
    """A part of tags as an image kind reads it: its pieces at each place it was seen
    (in "0-alpine3.21-amd64", the second part of every tail starts at 2)."""

    __slots__ = ("alone", "appended", "at", "flags", "joins", "text")

    def __init__(self, part: str, pieces: tuple[_Piece, ...]) -> None:
        self.text = part
        self.at = {0: pieces}
        flags = 0
        for piece in pieces:
            if piece.kind == "winid":
                flags |= _WINID
            elif _may_join(piece):
                flags |= _JOINS
        self.flags = flags
        #: What _cached_anatomy needs to add the part, last, to the anatomy of the rest
        #: (see _APPENDED), or _NEVER.
        self.appended = _NEVER
        #: Whether a part after it is read on its own, when it is last (see _stands_alone).
        self.alone = True
        #: Whether its last piece may join a part after it (see _may_join).
        self.joins = False
        if not pieces:
            return
        last = pieces[-1]
        lowered = last.text.lower()
        self.alone = lowered not in _COMPOUND_HEADS and lowered != "sha"
        self.joins = _may_join(last)
        # Pieces of one part that may join each other are read with the whole.
        if len(pieces) > 1 and flags & _JOINS:
            return
        needs = 0
        for piece in pieces:
            need = _APPENDED.get(piece.kind, _NEVER)
            # A Windows family decides how the numbers before it read (_windows_family).
            if need == _NEVER or (
                piece.kind == "osword" and piece.info["family"] in WINDOWS_FAMILIES
            ):
                return
            needs |= need
        if pieces[0].kind != "number":
            needs &= ~_CLOSED
        self.appended = needs


def _may_join(piece: _Piece) -> bool:
    """Whether _join may join ``piece`` and a part after it: a compound's head, an OS
    family before its release, a prerelease before its number, ``sha`` before a commit."""
    kind = piece.kind
    if kind not in _JOIN_KINDS:
        return False
    lowered = piece.text.lower()
    if lowered in _COMPOUND_HEADS:
        return True
    if kind == "osword":
        return piece.info["family"] not in WINDOWS_FAMILIES
    if kind == "prerelease":
        return lowered in NUMBERED_PRERELEASES
    if lowered in NUMBERED_NETWORKS:
        return True
    return kind == "word" and lowered == "sha"


#: _Part.flags: a piece may join the next (see _second_pass); a piece is a Windows id.
_JOINS = 1
_WINID = 2


def _split(tag: str, kind: _Kind, windows: bool) -> tuple[list[_Piece], int]:
    """The classified parts of a tag, each part classified once an image kind, and
    their flags together (see _Part)."""
    pieces: list[_Piece] = []
    flags = 0
    start = 0
    parts = kind.parts_windows if windows else kind.parts
    for part in _channel_led(tag.split("-")):
        if part:
            entry = parts.get(part)
            if entry is None:
                entry = _Part(part, tuple(_classify(part, 0, kind, windows)))
                _remember(parts, part, entry)
            placed = entry.at.get(start)
            if placed is None:
                placed = tuple(piece.shifted(start) for piece in entry.at[0])
                _remember(entry.at, start, placed)
            pieces += placed
            flags |= entry.flags
        start += len(part) + 1
    return pieces, flags


def _channel_led(parts: list[str]) -> list[str]:
    """The tag's ``-`` parts, a first part that is a channel and a word after a ``.``
    (``latest.cli-migrations-v2``) split there as at a ``-``, the channel first: the tag is
    that channel's build, the rest its flavour (hasura/graphql-engine's
    ``latest.cli-migrations-v2`` is the ``latest`` image with the migrations CLI, whose v2
    is the CLI's, no version of the image; its-a-feature/Mythic). A number after the dot
    stays the channel's build number (``edge.1``). The offsets stay right: the dot is one
    character, as a ``-`` is.

    >>> _channel_led(["latest.cli", "migrations", "v2"]), _channel_led(["stable.1"])
    (['latest', 'cli', 'migrations', 'v2'], ['stable.1'])
    """
    head, dot, rest = parts[0].partition(".")
    if not dot or head.lower() not in ALIASES or not rest[:1].isalpha():
        return parts
    return [head, rest, *parts[1:]]


def _underscore_parts(part: str) -> list[str]:
    """``part`` split at ``_``, an ``x86_64`` in it kept whole (collectd's ``el7_x86_64``), and
    so a number glued to a word and the short numbers ``_`` joins to it (``py3_10``, see
    _underscored_version).

    >>> _underscore_parts("el7_x86_64"), _underscore_parts("X86_64_v2")
    (['el7', 'x86_64'], ['X86_64', 'v2'])
    >>> _underscore_parts("manywheel_py3_10_cuda11_8"), _underscore_parts("Q1_2024")
    (['manywheel', 'py3_10', 'cuda11_8'], ['Q1', '2024'])
    """
    subs = part.split("_")
    joined: list[str] = []
    for sub in subs:
        if sub == "64" and joined and joined[-1].lower() == "x86":
            joined[-1] += "_64"
        elif (
            joined
            and 0 < len(sub) <= 3
            and sub.isascii()
            and sub.isdigit()
            and _GLUED_NUMBER_MATCH(joined[-1]) is not None
            and joined[-1].lower() not in ARCHES
        ):
            joined[-1] += "_" + sub
        else:
            joined.append(sub)
    return joined


#: A word with a number glued to it, and numbers ``_`` joins on (``py3``, ``php7_4``).
_GLUED_NUMBER_MATCH = lazy_method(r"[A-Za-z]+\d+(?:_\d{1,3})*", "fullmatch", re.ASCII)


def _underscored_version(sub: str, start: int, context: _Kind, windows: bool) -> _Piece | None:
    """The piece of a word with a dotted version written with ``_`` for its dots, as the word
    with the dots reads (a variant, an OS release), its text as written; else None.

    Where a dot is not wanted, builds name a runtime by its version with ``_`` for the dot:
    PyTorch's CI names its builds ``manywheel-py3_10-cuda11_8`` (Python 3.10, CUDA 11.8),
    horovod's test images ``openmpi-py3_10-torch1_13_1``, RPM's dist tag writes RHEL 7.9 as
    ``el7_9``, and GSA's ``datagov/catalog-db:inventory2_8`` is the catalog database for the
    inventory app on CKAN 2.8. The version is the word's, not the image's: no version ``8``
    with a variant ``inventory2`` (GSA/inventory-app, survey s59c). A revision (``ls248_1``)
    or prerelease (``rc1_2``) glued to its number is read as before.

    >>> kind = _context(None).kind
    >>> [getattr(_underscored_version(s, 0, kind, False), "kind") for s in ["php7_4", "el7_9"]]
    ['variant', 'os']
    >>> print(_underscored_version("ls248_1", 0, kind, False))
    None
    """
    head = sub.partition("_")[0]
    first = _classify(head, start, context, windows)
    if len(first) != 1 or first[0].kind not in ("variant", "os"):
        return None
    dotted = _classify(sub.replace("_", "."), start, context, windows)
    if len(dotted) != 1 or dotted[0].kind != first[0].kind:
        return None
    piece = dotted[0]
    return _Piece(sub, start, start + len(sub), piece.kind, piece.meaning, dict(piece.info))


def _classify(part: str, start: int, context: _Kind, windows: bool) -> list[_Piece]:
    end = start + len(part)
    lowered = part.lower()
    word = _classify_word(part, lowered, start, context, windows)
    if word is not None:
        return [word]
    if len(part) >= _BUILD_ID_DIGITS and part.isascii() and part.isdigit():
        match = _PART_MATCH(part)
        if match is None or match["date"] is None:
            return [_Piece(part, start, end, "revision", "build number")]
    # (the lengths first: the patterns are compiled only for a part that may be one)
    if len(part) == _SHORT_DATE_DIGITS and _SHORT_DATE_MATCH(part) is not None:
        return [_Piece(part, start, end, "date", info={"date": "20" + part})]
    if len(part) == _YEAR_WEEK_LENGTH and _YEAR_WEEK_MATCH(part) is not None:
        # (a weekly tag, OpenAirInterface's 2024.w30)
        return [_Piece(part, start, end, "date", info={"date": part})]
    if part[0] == "0" and _zero_led(part) and part.isascii() and part.isdigit():
        return [_Piece(part, start, end, "revision", "build number")]
    release = _plain_release(part)
    if release is not None and _is_numbered_build(part):
        return [_Piece(part, start, end, "revision", "build number")]
    if release is not None:
        if len(release) < 10 or _embedded_date(release) is None:  # as _number_pieces
            info: dict[str, Any] = {"release": release, "update": None}
            if part[0] in _V_MARKS:
                info["v"] = True
            return [_Piece(part, start, end, "number", info=info)]
        plain = _plain_number(part)
        assert plain is not None
        return _number_pieces(plain, start)
    if "p" in part and part[0] in _V_MARKS:
        # (before the shapes: `v0.3.9post2` would be the word `v` with a number and a tail,
        # a variant; lmcache/vllm-openai's tag is release 0.3.9's post-release 2: survey s42e;
        # indigoiam/iam-login-service's v1.8.2p2 is release 1.8.2's patch level 2: s46e)
        posted = _post_release(part, start)
        if posted is not None:
            return posted
    match = _PART_MATCH(part)
    if match is None:
        if _dotted_prerelease(part):
            return [_Piece(part, start, end, "prerelease", "prerelease")]
        committed = (
            _version_commit(part, start)
            or _post_release(part, start)
            or _network_os_release(part, start)
        )
        if committed is not None:
            return committed
        worded = _version_words(part, start, context, windows)
        if worded is not None:
            return worded
        if _QUANTIZATION_MATCH(part) is not None:  # (a model's: Q4_0 is no version 0)
            return [_Piece(part, start, end, "variant", "model quantization")]
        if "_" in part:  # x86_64 alone is caught above; split the rest at '_', but not it
            pieces: list[_Piece] = []
            offset = start
            for sub in _underscore_parts(part):
                if "_" in sub and sub.lower() not in ARCHES:  # (x86_64 is one word)
                    glued = None
                    if offset == start or _SHORT_COMMIT_MATCH(sub.partition("_")[0]) is None:
                        glued = _underscored_version(sub, offset, context, windows)
                    if glued is not None:
                        pieces.append(glued)
                        offset += len(sub) + 1
                        continue
                    bits = sub.split("_")  # (no version: each read as before, ls248_1)
                else:
                    bits = [sub]
                for bit in bits:
                    if offset > start and _SHORT_COMMIT_MATCH(bit) is not None:
                        sha = _Piece(bit, offset, offset + len(bit), "sha", "git commit")
                        pieces.append(sha)
                    elif bit:
                        pieces.extend(_classify(bit, offset, context, windows))
                    offset += len(bit) + 1
            return pieces
        return [_Piece(part, start, end, "unknown")]
    group = match.lastgroup
    if match["date"] is not None:
        return _date_pieces(match, start)
    if group == "winid":
        return [_Piece(part, start, end, "winid")]
    if match["number"] is not None:
        return _number_pieces(match, start)
    if group == "sha" or group == "gsha":
        return [_Piece(part, start, end, "sha", "git commit")]
    if match["word"] is not None:
        return _glued_word_pieces(match, start)
    if match["dotted"] is not None:  # bullseye.0, ce.0, beta.1
        head = match["dotted"]
        head_piece = _classify_word(head, head.lower(), start, context, windows) or _Piece(
            head, start, start + len(head), "word"
        )
        if head_piece.kind == "prerelease":
            return [_Piece(part, start, end, "prerelease", head_piece.meaning)]
        number = match["dotnum"]
        return [head_piece, _Piece(number, end - len(number), end, "revision", "build number")]
    return [_Piece(part, start, end, "unknown")]  # pragma: no cover - the regex has no other group


#: A GGUF quantization type, the model file's number format (llama.cpp's ``Q4_0``,
#: ``Q4_K_M``, ``IQ2_XXS``): Docker Model Runner's models are tagged by size and quantization
#: (``ai/gemma3:4B-Q4_0``, ``ai/qwen3:14B-Q6_K``), whose numbers are no version (survey 35e).
_QUANTIZATION_MATCH = lazy_method(
    r"[IT]?Q[1-8](?:_(?:[01]|K|XXS|XS|S|M|L|XL|NL))+(?:_\d)*", "fullmatch", re.ASCII
)

#: A commit of 6 hex digits (a letter and a digit among them) after a '_': a build's commit,
#: as 7 or more anywhere (broadinstitute/warp's ``broad-gatk-snapshots:UG_vc_cfa2f0``).
_SHORT_COMMIT_MATCH = lazy_method(
    r"(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{6}", "fullmatch", re.ASCII
)

#: A dotted version, a dot, and a commit of 6 hex digits or more (a letter and a digit among
#: them): rayproject/ray's ``2.46.0.0e19ea`` is release 2.46.0 built from commit 0e19ea.
_VERSION_COMMIT_MATCH = lazy_method(
    r"(?P<version>v?\d+(?:\.\d+)+)\.(?P<sha>(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{6,40})",
    "fullmatch",
    re.ASCII,
)


def _version_commit(part: str, start: int) -> list[_Piece] | None:
    """A version with the commit it is built from glued on after a dot (``2.46.0.0e19ea``):
    the version's pieces and the commit's, else ``None``."""
    match = _VERSION_COMMIT_MATCH(part)
    if match is None:
        return None
    plain = _plain_number(match["version"])
    if plain is None:
        return None
    commit = match["sha"]
    end = start + len(part)
    sha = _Piece(commit, end - len(commit), end, "sha", "git commit")
    return [*_number_pieces(plain, start), sha]


#: A version and a Python post-release glued on (PEP 440's ``.postN``, also written ``postN``):
#: vllm/vllm-openai's ``v0.8.5.post1`` is release 0.8.5 rebuilt, a fixed release after it.
_POST_RELEASE_MATCH = lazy_method(
    r"(?P<version>[vV]?\d+(?:\.\d+)*)(?P<post>\.?post\d+)", "fullmatch", re.ASCII
)
#: A dotted version with a patch level glued on, ``pN``: OpenSSH's portable releases
#: (``9.6p1``), NTP's (``4.2.8p17``), INDIGO IAM's (``v1.8.2p2``). One dot at least: ``8p1``
#: says too little to be read so.
_PATCH_LEVEL_MATCH = lazy_method(
    r"(?P<version>[vV]?\d+(?:\.\d+)+)(?P<post>p\d+)", "fullmatch", re.ASCII
)


def _post_release(part: str, start: int) -> list[_Piece] | None:
    """A version with a PEP 440 post-release after it (``0.8.5.post1``), or a patch level
    (``4.2.8p17``: see ``_PATCH_LEVEL_MATCH``): the version's pieces and the post-release's
    or the patch level's, a revision; else ``None``."""
    match = _POST_RELEASE_MATCH(part)
    meaning = "post-release (PEP 440)"
    if match is None:
        match = _PATCH_LEVEL_MATCH(part)
        meaning = "patch level"
    if match is None:
        return None
    plain = _plain_number(match["version"])
    if plain is None:
        return None
    post = match["post"].lstrip(".")
    end = start + len(part)
    revision = _Piece(post, end - len(post), end, "revision", meaning)
    return [*_number_pieces(plain, start), revision]


#: A network operating system's release, as vendors number them and as the images that run it
#: are tagged (containerlab's topologies): Arista EOS's train after the version (``4.32.0F``,
#: ``4.28.3M``), Nokia SR OS's release after a dot (``21.2.R1``, ``25.7.R1``), Junos's
#: release and build glued on (``20.2R1.10``, ``24.4R1.9``, ``15.1X49``).
_NETWORK_OS_RELEASE_MATCH = lazy_method(
    r"(?P<version>\d+\.\d+(?:\.\d+){1,2})(?P<train>[FM])"
    r"|(?P<sros>\d+\.\d+)\.(?P<sros_release>R\d+)"
    r"|(?P<junos>\d+\.\d+)(?P<junos_release>[RX]\d+(?:\.\d+)?)",
    "fullmatch",
    re.ASCII,
)


def _network_os_release(part: str, start: int) -> list[_Piece] | None:
    """A network OS's release (see ``_NETWORK_OS_RELEASE_MATCH``): the version's pieces and the
    release's, a revision, as a Linux distribution's package revision pins its version; else
    ``None``."""
    match = _NETWORK_OS_RELEASE_MATCH(part)
    if match is None:
        return None
    group = "version" if match["version"] else "sros" if match["sros"] else "junos"
    marker = match["train"] or match["sros_release"] or match["junos_release"]
    plain = _plain_number(match[group])
    if plain is None:
        return None
    end = start + len(part)
    revision = _Piece(marker, end - len(marker), end, "revision", "network OS release")
    return [*_number_pieces(plain, start), revision]


#: A dotted version, then words after dots, the first a letter's (risingwavelabs' vector build
#: ``0.33.1.custom.7e244e087``, Informix's fix pack ``14.10.FC9W1DE``).
_VERSION_WORDS_MATCH = lazy_method(
    r"(?P<version>v?\d+(?:\.\d+)+)\.(?P<words>[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)*)",
    "fullmatch",
    re.ASCII,
)


def _version_words(part: str, start: int, context: _Kind, windows: bool) -> list[_Piece] | None:
    """A version with words glued on after dots, each read as the tag's part it would be
    after a ``-`` (``0.33.1.custom.7e244e087``: version 0.33.1, variant, commit); else
    ``None``."""
    match = _VERSION_WORDS_MATCH(part)
    if match is None:
        return None
    plain = _plain_number(match["version"])
    if plain is None:
        return None
    pieces = _number_pieces(plain, start)
    offset = start + match.end("version") + 1
    for word in match["words"].split("."):
        pieces.extend(_classify(word, offset, context, windows))
        offset += len(word) + 1
    return pieces


def _dotted_prerelease(part: str) -> bool:
    """Whether a part is prerelease identifiers joined by dots (SemVer's ``alpha.beta``,
    LND's ``beta.rc1``: its candidates are ``v0.19.0-beta.rc1``), each a prerelease word of
    two letters or more, a number glued after it allowed."""
    words = part.split(".")
    if len(words) < 2:
        return False
    for word in words:
        head = word.rstrip("0123456789").lower()
        if len(head) < 2 or not head.isascii() or head not in PRERELEASE_WORDS:
            return False
    return True


def _classify_word(
    part: str, lowered: str, start: int, context: _Kind, windows: bool
) -> _Piece | None:
    end = start + len(part)
    if not part.isalpha():
        if lowered in ARCHES:
            return _Piece(part, start, end, "arch", "CPU architecture")
        return None
    if lowered in context.codenames:
        return _Piece(part, start, end, "alias", context.codenames[lowered])
    if lowered in ARCHES:
        return _Piece(part, start, end, "arch", "CPU architecture")
    if lowered in PRERELEASE_WORDS and (lowered not in ("a", "b", "m") or part == "M"):
        return _Piece(part, start, end, "prerelease", "prerelease")
    if lowered in ALIASES:
        return _Piece(part, start, end, "alias", "channel alias")
    if lowered in FLAVOURS:
        return _Piece(part, start, end, "flavour", "build flavour")
    family = OS_FAMILIES.get(lowered)
    if family is not None:
        return _Piece(part, start, end, "osword", info={"family": family})
    releases = os_releases.by_codename(lowered) if lowered not in ANCIENT_CODENAMES else ()
    for release in releases:
        if release.family in ("debian", "ubuntu"):
            return _Piece(part, start, end, "os", info={"release": release})
    if windows:
        for release in releases:
            if release.family in WINDOWS_FAMILIES:
                return _Piece(part, start, end, "winid")
    for release in releases:  # fedora:heisenbug, on its own image only
        if release.family in context.os_image_families:
            return _Piece(part, start, end, "os", info={"release": release})
    if lowered in ("sac", "ltsc"):
        return None
    return _Piece(part, start, end, "word")


def _date_pieces(match: re.Match[str], start: int) -> list[_Piece]:
    text = match["date"]
    pieces = [_Piece(text, start, start + len(text), "date", info={"date": text.lstrip("v")[:8]})]
    if match["date_rev"] is not None:
        rev = match["date_rev"]
        end = start + len(match[0])
        pieces.append(_Piece(rev, end - len(rev), end, "revision", "build number"))
    return pieces


def _embedded_date(release: str) -> int | None:
    """Index of a build date inside a dotted version (amazonlinux 2023.12.20260817.0)."""
    if len(release) < 10:  # a date after a dot needs 8 digits and something before
        return None
    components = release.split(".")
    for index in range(1, len(components)):
        if _DATE_MATCH(components[index]) is not None:
            return index
    return None


_DATE_MATCH = lazy_method(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])", "fullmatch")

#: A year-first calendar version, YYYY.MM or YYYY.MM.N (2026.06.1): after another version,
#: the release of the image itself, not of what it carries.
_CALENDAR_RELEASE_MATCH = lazy_method(
    r"(?:19|20)\d\d\.(?:0?[1-9]|1[0-2])(?:\.\d+)?", "fullmatch", re.ASCII
)
_CALENDAR_RELEASE = "release of the image (calendar version)"


def _number_pieces(match: re.Match[str], start: int) -> list[_Piece]:
    number = match["number"]
    release = match["release"]
    if release.count(".") >= 1 and match["update"] is None and match["build"] is None:
        at = _embedded_date(release)
        if at is not None:
            components = release.split(".")
            offset = start + match.start("release")
            head = ".".join(components[:at])
            head_end = offset + len(head)
            version_text = match[0][: head_end - start]
            day = components[at]
            pieces = [
                _Piece(version_text, start, head_end, "number", info={"release": head}),
                _Piece(day, head_end + 1, head_end + 1 + len(day), "date", info={"date": day}),
            ]
            rest = ".".join(components[at + 1 :])
            if rest:
                rest_start = head_end + 2 + len(day)
                pieces.append(_Piece(rest, rest_start, rest_start + len(rest), "revision"))
            tail_start = start + match.end("release")
            if tail_start < start + len(match[0]):
                # anything glued after the numbers (a prerelease, a flavour) is kept unknown
                tail = match[0][tail_start - start :]
                pieces.append(_Piece(tail, tail_start, start + len(match[0]), "unknown"))
            return pieces
    version_end = start + match.end("number")
    if match["update"] is not None:
        version_end = start + match.end("update")
    text = match[0][: version_end - start]
    info: dict[str, Any] = {"release": match["release"], "update": match["update"]}
    pieces = [_Piece(text, start, version_end, "number", info=info)]
    if number[0] in _V_MARKS:
        info["v"] = True
    if match["build"] is not None:
        b_start, b_end = start + match.start("build"), start + match.end("build")
        pieces.append(_Piece(match["build"], b_start, b_end, "revision", "build number"))
    if match["pre"] is not None and _build_after_patch(match["release"], match["pre"]):
        # rancher/hardened-build-base:v1.26.7b2 is Go 1.26.7's second build: a beta comes
        # before its .0 (python:3.13.0b1), never after a patch release.
        b_start, b_end = start + match.start("pre"), start + match.end("pre")
        pieces.append(_Piece(match["pre"], b_start, b_end, "revision", "build number"))
    elif match["pre"] in _RELEASE_LETTERS:
        # A letter alone is a release's, not a beta's (which has its number: 3.13.0b1): STAR
        # 2.7.9a in broadinstitute/warp's images, Control-FREEC 11.6b in biocontainers'.
        b_start, b_end = start + match.start("pre"), start + match.end("pre")
        pieces.append(_Piece(match["pre"], b_start, b_end, "revision", "release letter"))
    elif match["pre"] is not None:
        info["pre_follows"] = True
        p_start, p_end = start + match.start("pre"), start + match.end("pre")
        pieces.append(_Piece(match["pre"], p_start, p_end, "prerelease", "glued prerelease"))
    if match["vword"] is not None:
        w_start, w_end = start + match.start("vword"), start + match.end("vword")
        word = match["vword"]
        lowered = word.lower()
        if lowered in PRERELEASE_WORDS and len(lowered) > 1:
            info["pre_follows"] = True
            pieces.append(_Piece(word, w_start, w_end, "prerelease", "prerelease"))
        else:
            kind = "flavour" if lowered in FLAVOURS else "word"
            meaning = "build flavour" if kind == "flavour" else ""
            pieces.append(_Piece(word, w_start, w_end, kind, meaning))
    return pieces


def _lower_milestone(text: str) -> bool:
    """Whether a prerelease is a lower-case milestone, ``m`` and its number (``m1``)."""
    return text[:1] == "m" and text[1:].isdigit()


#: The prerelease marks that, glued alone to a version, name a release (``2.7.9a``).
_RELEASE_LETTERS = frozenset({"a", "b"})


def _build_after_patch(release: str, pre: str) -> bool:
    """Whether a glued ``bN`` after three numbers is a build, not a beta: the patch is not 0."""
    components = release.split(".")
    return (
        len(components) == 3
        and components[2].strip("0") != ""
        and pre[0] == "b"
        and pre[1:].isdigit()
    )


def _glued_word_pieces(match: re.Match[str], start: int) -> list[_Piece]:
    part = match[0]
    end = start + len(part)
    word, number, tail = match["word"], match["wnum"], match["wtail"]
    lowered = word.lower()
    body_end = end if match["wrev"] is None else start + match.start("wrev") - 1
    body = part[: body_end - start]
    pieces: list[_Piece]
    if _REVISION_RE.fullmatch(body) and tail is None and lowered not in OS_FAMILIES:
        pieces = [_Piece(body, start, body_end, "revision", "revision")]
    elif lowered in PRERELEASE_WORDS and tail is None and (lowered not in ("a",) or word == "M"):
        pieces = [_Piece(body, start, body_end, "prerelease", "prerelease")]
    elif lowered in OS_FAMILIES and tail is None:
        family = OS_FAMILIES[lowered]
        if family in WINDOWS_FAMILIES:
            pieces = [_Piece(body, start, body_end, "unknown")]
        else:
            release = _release(family, number)
            pieces = [_Piece(body, start, body_end, "os", info={"release": release})]
    elif lowered in ("ltsc", "sac") and tail is None:
        pieces = [_Piece(body, start, body_end, "winid")]
    else:
        # A name with a glued version: a variant or toolchain (jre17, php8.3,
        # go1.20rc1 — a toolchain's prerelease is not the image's).
        pieces = [_Piece(body, start, body_end, "variant", "variant or toolchain")]
    if match["wrev"] is not None:
        rev = match["wrev"]
        pieces.append(_Piece(rev, end - len(rev), end, "revision", "build number"))
    return pieces


# --- second pass: read the parts in order, with context -------------------------


_JOIN_KINDS = frozenset({"osword", "prerelease", "word", "variant"})
_COMPOUND_HEADS = frozenset(head for head, _ in COMPOUNDS) | {"cbl"}


def _second_pass(pieces: list[_Piece], kind: _Kind, tag: str) -> list[_Piece]:
    """Join what belongs together across a '-' (or a '_' in a part): debian-11, rc-5,
    eclipse-temurin, sha-1a2b3c4, rc_1; a joined piece's text is the tag's, as written."""
    out: list[_Piece] | None = None  # a new list only once something joins
    i = 0
    last = len(pieces) - 1
    while i < last:
        piece = pieces[i]
        if piece.kind in _JOIN_KINDS:
            after = pieces[i + 1]
            if after.start == piece.end + 1:
                joined = _join(piece, after, kind)
                if joined is not None:
                    joined.text = tag[joined.start : joined.end]  # (rc_1, not rc-1)
                    if out is None:
                        out = pieces[:i]
                    out.append(joined)
                    i += 2
                    continue
        if out is not None:
            out.append(piece)
        i += 1
    if out is None:
        return pieces
    if i == last:
        out.append(pieces[last])
    return out


def _join(piece: _Piece, after: _Piece, image_kind: _Kind) -> _Piece | None:
    """The piece ``piece`` and the next one make together, if they make one."""
    lowered = piece.text.lower()
    if lowered in _COMPOUND_HEADS:
        joined = _compound(piece, after)
        if joined is not None:
            return joined
    kind = piece.kind
    if kind == "osword":
        family = piece.info["family"]
        if (
            after.kind == "number"
            and family not in WINDOWS_FAMILIES
            and not _leading_os_then_version(piece, after, image_kind)
        ):
            release = _release(family, after.info["release"])
            if image_kind.os_image_family is None and _before_containers(release):
                return None
            return _joined(piece, after, "os", info={"release": release})
    elif kind == "prerelease":
        if (
            after.kind == "number"
            and lowered in NUMBERED_PRERELEASES
            and "." not in after.text
            and not _is_version(after)
        ):
            return _joined(piece, after, "prerelease", piece.meaning)
    elif kind == "word" and lowered == "sha" and after.kind in ("sha", "number", "word"):
        return _joined(piece, after, "sha", "git commit")
    elif lowered in NUMBERED_NETWORKS and after.kind == "number" and "." not in after.text:
        # (devnet-6: the sixth devnet, a name; see NUMBERED_NETWORKS)
        return _joined(piece, after, piece.kind, piece.meaning, piece.info)
    return None


#: Docker's first release: an OS release whose support ended before it is no image's base.
_FIRST_CONTAINERS = date(2013, 3, 20)


def _before_containers(release: OSRelease) -> bool:
    """Whether ``release`` reached its end of life before containers existed, so that a tag
    naming it means something else: fluent/fluentd's ``v1.4.2-debian-2.0`` is its image's
    second revision on Debian, not Debian 2.0 "hamm" (1998-2000)."""
    end = release.eol_extended or release.eol
    return end is not None and end < _FIRST_CONTAINERS


def _leading_os_then_version(os_word: _Piece, number: _Piece, kind: _Kind) -> bool:
    """Whether an application image's tag opens with its OS and then its own full version
    (denoland/deno's ``alpine-2.5.6``, ``debian-2.5.6``): a three-part number there is the
    application's release, not the OS's (``debian-12``, ``ubuntu-24.04`` name the OS). So is
    a number that no release of the OS has or could have (cytopia/bind's ``alpine-0.35``: there
    is no Alpine 0.35), and a major's first point release where the OS names its releases by
    the major (zabbix's ``centos-7.0-latest``, ``ol-6.0-latest``: Zabbix 7.0 and 6.0 on CentOS
    and Oracle Linux; a tag that means the OS names CentOS 7, or a later point release, UBI
    8.4, not the x.0 that every later one replaced)."""
    if os_word.start != 0 or kind.os_image_family is not None:
        return False
    release = str(number.info.get("release") or "")
    if release.count(".") >= 2:
        return True
    family = _successor(os_word.info["family"], release)
    if not release:
        return False
    found = os_releases.lookup(family, release)
    if found is None:
        if "." not in release and _names_majors(family, release):
            return False  # (steamcmd/steamcmd's ubuntu-22: Ubuntu 22.04 or 22.10, not 22.0)
        return os_releases.unlisted(family, release) is None
    major, _, minor = release.partition(".")
    return minor == "0" and found.version == major


def _names_majors(family: str, major: str) -> bool:
    """Whether ``major`` is the major version of releases of the OS ``family`` that name
    their releases by more (Ubuntu's 22.04 and 22.10 for ``22``): a tag's ``ubuntu-22`` is
    the OS's, the image built on an Ubuntu 22 (steamcmd/steamcmd's), not its own version 22."""
    return any(
        (release.version or "").partition(".")[0] == major and "." in (release.version or "")
        for release in os_releases.releases(family)
    )


def _toolchain(word: str) -> bool:
    """Whether a word (a compound as written: eclipse-temurin, eclipse_temurin) is a toolchain."""
    return word.lower().replace("_", "-") in TOOLCHAINS


def _is_version(piece: _Piece) -> bool:
    return piece.info.get("update") is not None or piece.text[:1] in _V_MARKS


def _compound(first: _Piece, second: _Piece) -> _Piece | None:
    head = first.text.lower()
    tail = second.text.lower()
    kind = COMPOUNDS.get((head, tail))
    if kind is None and head == "cbl" and tail.startswith("mariner"):
        kind = "os"
    if kind is None:
        return None
    if kind == "os":
        release = second.info.get("release")
        if release is None:
            release = os_releases.unknown("cbl-mariner")
        return _joined(first, second, "os", info={"release": release})
    meaning = {"alias": "channel alias", "flavour": "build flavour"}.get(
        kind, "variant or toolchain"
    )
    return _joined(first, second, kind, meaning)


def _joined(
    first: _Piece, second: _Piece, kind: str, meaning: str = "", info: Any = None
) -> _Piece:
    text = first.text + "-" + second.text
    return _Piece(text, first.start, second.end, kind, meaning, info or {})


# --- building the Tag ----------------------------------------------------------


def _build(text: str, context: _Kind, pieces: list[_Piece], windows_family: str | None) -> _Anatomy:
    version_piece: _Piece | None = None
    prerelease = os_release = alias = date = revision = sha = arch = None
    flavours: list[str] = []
    variants: list[str] = []
    tokens: list[tuple[str, str, int, int, object]] = []
    seen_version_or_date = False
    pending_prerelease: _Piece | None = None

    # Raw tuples: Token objects (and OS names) are made only if asked for.
    append = tokens.append

    for piece in pieces:
        kind = piece.kind
        if kind == "number":
            if windows_family is not None and _windows_release(piece, windows_family) is not None:
                release = _windows_release(piece, windows_family)
                if os_release is None or os_release.version is None:
                    os_release = release
                if (
                    version_piece is None
                    and context.os_image_family in WINDOWS_FAMILIES
                    and piece.text.count(".") >= 2
                ):
                    version_piece = piece  # a build tag on a Windows image: 10.0.17763.5576
                append((piece.text, "os", piece.start, piece.end, release or piece.meaning))
                continue
            # A number right after a variant belongs to it: otp-28, lein-2.11.2.
            previous = tokens[-1] if tokens else None
            if previous is not None and _variant_build(previous, piece, text[piece.start - 1]):
                _, _, start_, _, meaning_ = previous
                joined = text[start_ : piece.end]
                variants[-1] = joined
                tokens[-1] = (joined, "variant", start_, piece.end, meaning_)
                continue
            if (
                previous is not None
                and previous[1] == "variant"
                and previous[3] + 1 == piece.start
                and not _HAS_VERSION(previous[0])
                and (
                    version_piece is not None
                    or _toolchain(previous[0])
                    or _after_leading_alias(tokens)
                )
            ):
                _, _, start_, _, meaning_ = previous
                joined = text[start_ : piece.end]
                variants[-1] = joined
                tokens[-1] = (joined, "variant", start_, piece.end, meaning_)
                continue
            if (
                version_piece is None
                and revision is None
                and _channel_build(tokens, piece.start, piece.text)
            ):
                revision = piece.text  # jitsi's stable-9584: one build of the channel
                append((piece.text, "revision", piece.start, piece.end, _CHANNEL_BUILD))
                continue
            if piece.text.isdigit() and _after_channel_build(tokens):
                append((piece.text, "revision", piece.start, piece.end, "rebuild"))  # -9584-1
                continue
            if version_piece is None and not (seen_version_or_date and piece.text.isdigit()):
                version_piece = piece
                seen_version_or_date = True
                append((piece.text, "version", piece.start, piece.end, "version"))
                continue
            if piece.info.get("pre_follows"):
                # dart's 3.14.0-95.2.beta: the number is part of the prerelease
                pending_prerelease = piece
                continue
            if piece.text.isdigit() and revision is None:
                # A bare number after the version or date: 1.2.3-1, 9.7-1776104705.
                revision = piece.text
                append((piece.text, "revision", piece.start, piece.end, "revision"))
                continue
            if revision is None and _CALENDAR_RELEASE_MATCH(piece.text) is not None:
                # A calendar version after the version is the image's own release, which
                # its publisher does not move: Home Assistant's base images'
                # 3.14-alpine3.24-2026.06.1 (3.14-alpine3.24 is the one that floats).
                revision = piece.text
                append((piece.text, "revision", piece.start, piece.end, _CALENDAR_RELEASE))
                continue
            if "." in piece.text or piece.text[:1] in _V_MARKS:
                # A second version: the runtime's or a package revision (pypy 3.11-7.3.23).
                append((piece.text, "version", piece.start, piece.end, "secondary version"))
                continue
            append((piece.text, "unknown", piece.start, piece.end, piece.meaning))
            continue
        if kind == "word" or kind == "variant":  # the commonest kinds after numbers
            variants.append(piece.text)
            append((piece.text, "variant", piece.start, piece.end, "variant or toolchain"))
            continue
        if kind == "os":
            release = piece.info["release"]
            if os_release is None or os_release.version is None:
                os_release = release
            append((piece.text, "os", piece.start, piece.end, release or piece.meaning))
            continue
        if kind == "osword":
            family = piece.info["family"]
            lowered = piece.text.lower()
            if lowered in NEEDS_VERSION:
                variants.append(piece.text)
                append((piece.text, "variant", piece.start, piece.end, "variant or toolchain"))
                continue
            if os_release is None:
                os_release = _release(family, None)
            append((piece.text, "os", piece.start, piece.end, family or piece.meaning))
            continue
        if kind == "prerelease":
            previous = tokens[-1] if tokens else None
            if (
                _lower_milestone(piece.text)
                and pending_prerelease is None
                and (previous is None or previous[1] != "version")
            ):
                # (Maven's milestone follows the version, 1.0-m1; after another part it is
                # none: dydxprotocol's indexer-node:16-alpine-m1 is built for Apple's M1.
                # Glued to a number of its part, 1-0-0.m4, it is that number's, as 95.2.beta)
                variants.append(piece.text)
                append((piece.text, "variant", piece.start, piece.end, "variant or toolchain"))
                continue
            if previous is not None and previous[3] + 1 == piece.start:
                if previous[1] == "variant" and _HAS_VERSION(previous[0]):
                    # python3.15-rc: the toolchain's prerelease, not the image's
                    joined = text[previous[2] : piece.end]
                    variants[-1] = joined
                    tokens[-1] = (joined, "variant", previous[2], piece.end, previous[4])
                    continue
                if previous[1] == "alias" and piece.text == "dev" and version_piece is None:
                    flavours.append("dev")  # latest-dev: an image with the dev tools
                    append((piece.text, "flavour", piece.start, piece.end, "build flavour"))
                    continue
            # (after a separator, 95.2.beta, or glued to it: 1.0-2rc1's 2rc1)
            if pending_prerelease is not None and piece.start - pending_prerelease.end in (0, 1):
                start = pending_prerelease.start
                piece = _Piece(text[start : piece.end], start, piece.end, "prerelease")
            pending_prerelease = None
            if prerelease is None:
                prerelease = piece.text
            append((piece.text, "prerelease", piece.start, piece.end, "prerelease"))
            continue
        if kind == "revision":
            if revision is None:
                revision = piece.text
            append((piece.text, "revision", piece.start, piece.end, piece.meaning))
            continue
        if kind == "alias":
            if piece.text.lower() == "devel" and piece.start != 0:
                variants.append(piece.text)  # cuda's 12.4.1-devel: a variant, not a channel
                append((piece.text, "variant", piece.start, piece.end, "variant or toolchain"))
                continue
            if piece.text.lower() == "edge" and any(map(_names_a_browser, variants)):
                # Microsoft Edge among the browsers an image ships, not the edge channel:
                # sitespeedio/webbrowsers' chrome-150.0-firefox-153.0-edge-150.0, cypress/
                # browsers' node18.12.0-chrome107-ff106-edge (the number after it is its own)
                variants.append(piece.text)
                append((piece.text, "variant", piece.start, piece.end, "browser"))
                continue
            if alias is None:
                alias = piece.text
            append((piece.text, "alias", piece.start, piece.end, piece.meaning))
            continue
        if kind == "winid":
            release = _windows_id(piece.text, windows_family)
            if release is None:
                append((piece.text, "unknown", piece.start, piece.end, piece.meaning))
                continue
            if os_release is None or os_release.version is None:
                os_release = release
            append((piece.text, "os", piece.start, piece.end, release or piece.meaning))
            continue
        if kind == "flavour":
            flavours.append(piece.text.lower())
            append((piece.text, "flavour", piece.start, piece.end, piece.meaning))
            continue
        if kind == "date":
            if date is None:
                date = piece.info["date"]
            seen_version_or_date = True
            append((piece.text, "date", piece.start, piece.end, "build date"))
            continue
        if kind == "sha":
            if sha is None:
                written = piece.text  # (sha-1a2b3c4, sha_1a2b3c4: the commit after "sha")
                marked = written[:3].lower() == "sha" and written[3:4] in ("-", "_")
                sha = written[4:] if marked else written
            append((piece.text, "sha", piece.start, piece.end, piece.meaning))
            continue
        if kind == "arch":
            if arch is None:
                arch = piece.text
            append((piece.text, "arch", piece.start, piece.end, piece.meaning))
            continue
        append((piece.text, "unknown", piece.start, piece.end, piece.meaning))

    if os_release is None:
        os_release = context.image_os
    version, release_numbers = _version_of(version_piece)
    family = context.os_image_family
    if family is not None and family not in WINDOWS_FAMILIES:
        # On an OS image the tag names the OS release: ubuntu:22.04, debian:12.5,
        # centos:centos7, debian:unstable (sid), alpine:edge.
        if version is not None and (os_release is None or os_release.version is None):
            os_release = _os_image_release(context.os_image_families, version)
        elif (
            version is None
            and os_release is not None
            and os_release.version is not None
            and os_release.family in context.os_image_families
        ):
            version, release_numbers = _os_token_version(tokens)  # centos:centos7 is 7
        elif os_release is None:
            os_release = _channel_release(family, alias)
    precision = _precision(release_numbers)
    pinned = date is not None or revision is not None or sha is not None
    result = _new_anatomy(_Anatomy)
    result.version = version
    result.release = release_numbers
    result.precision = precision
    result.details = (
        prerelease,
        os_release,
        tuple(flavours),
        tuple(variants),
        alias,
        date,
        revision,
        sha,
        arch,
    )
    result.is_floating = _is_floating(version, precision, alias, pinned)
    result.floats = alias is not None or not pinned
    result.tokens = tuple(tokens)
    result.windows_family = windows_family
    result.alone = _stands_alone(result)
    result.joins = bool(pieces) and _may_join(pieces[-1])
    return result


_new_anatomy = object.__new__

#: How many words before a tag's first number make it a name's (a model's) number, not the
#: image's version: weaviate's ``cross-encoder-ms-marco-MiniLM-L-6-v2`` (two words are a
#: variant's: jupyter's ``cuda12-pytorch-2.3``).
_NAME_WORDS = 3
_NAME_PART = "part of the name"


def _named(anatomy: _Anatomy, text: str) -> _Anatomy:
    """``anatomy``, or, for a tag that opens with a name of several words whose numbers are
    the name's, the anatomy that says so. Weaviate's model images are tagged by the model
    they serve (``sentence-transformers-multi-qa-MiniLM-L6-cos-v1``,
    ``minishlab-potion-base-8M``), then the image's own release (``…-v1-1.9.2``): its
    version is the full one at the end; with none, the tag names no version of the image
    (``v1`` and ``8M`` are the model's, not a floating major and a prerelease)."""
    tokens = anatomy.tokens
    if _numbered_name(anatomy):
        return _name_with_number(anatomy, text)
    if anatomy.version is None or len(anatomy.release) >= 3 or len(tokens) <= _NAME_WORDS:
        return anatomy  # (a full version is the image's, as before)
    first = next((index for index, token in enumerate(tokens) if token[1] != "variant"), 0)
    if first < _NAME_WORDS or tokens[first][1] != "version":
        return anatomy
    _, os, flavours, _, alias, date, revision, sha, arch = anatomy.details
    if alias is not None or date is not None or revision is not None or sha is not None:
        return anatomy  # (a channel or a build: read as before)
    last = tokens[-1]
    head, dash, tail = last[0].rpartition("-")
    if (
        last[1] == "variant"
        and dash
        and not _HAS_VERSION(head)
        and not _toolchain(head)
        and len(_release_numbers(tail) or ()) >= 3
    ):
        # (a number after a word joins it, onnx-1.9.2: after a name, it is the image's)
        split = last[2] + len(head)
        tokens = (*tokens[:-1], (head, "variant", last[2], split, last[4]))
        last = (tail, "version", split + 1, last[3], "version")
        tokens = (*tokens, last)
    release = _release_numbers(last[0]) if last[1] == "version" else None
    if release is not None and len(tokens) - first >= 2 and len(release) >= 3:
        rest = tokens[first:-1]
        end: tuple[tuple[str, str, int, int, object], ...] = (
            (last[0], "version", last[2], last[3], "version"),
        )
        version: str | None = _unmarked(last[0])
    elif all(token[1] in ("version", "prerelease", "variant") for token in tokens[first:]):
        rest, end, version, release = tokens[first:], (), None, ()
    else:
        return anatomy  # (an OS release, a flavour, an architecture after it: as before)
    named = tuple(
        token if token[1] == "variant" else (token[0], "variant", token[2], token[3], _NAME_PART)
        for token in rest
    )
    result = _new_anatomy(_Anatomy)
    result.version = version
    result.release = release or ()
    result.precision = _precision(result.release)
    result.tokens = (*tokens[:first], *named, *end)
    variants = tuple(token[0] for token in result.tokens if token[1] == "variant")
    result.details = (None, os, flavours, variants, alias, date, revision, sha, arch)
    result.is_floating = _is_floating(version, result.precision, alias, False)
    result.floats = anatomy.floats
    result.windows_family = anatomy.windows_family
    result.alone = anatomy.alone
    result.joins = anatomy.joins
    return result


def _numbered_name(anatomy: _Anatomy) -> bool:
    """Whether a tag is two words or more and a bare number, its only one (``taurus-agent-2``):
    a name whose last word is numbered, no version of the image.

    Tags that are names number what they name: Blazemeter/taurus's Jenkins agent is
    ``jenkins-docker-agent:taurus-agent-2``, its second agent image for taurus, which has
    no 2.x line to move along (survey s57d). One word and a number is still a version
    (WordPress's ``cli-2``, percona's ``ps-8``, ``release-1``), and so is a number after a
    toolchain (``node-18``, ``jdk-17``: the toolchain's), a dotted one (jupyter's
    ``cuda12-pytorch-2.3``) or one after a word with a number (``cuda12-pytorch-2``).
    """
    tokens = anatomy.tokens
    if len(anatomy.release) != 1 or len(tokens) < 3 or anatomy.details[4] is not None:
        return False
    last, before = tokens[-1], tokens[-2]
    return (
        last[1] == "version"
        and last[0].isdigit()
        and last[2] == before[3] + 1
        and not _toolchain(before[0])
        and all(token[1] == "variant" and not _HAS_VERSION(token[0]) for token in tokens[:-1])
    )


def _name_with_number(anatomy: _Anatomy, text: str) -> _Anatomy:
    """The anatomy of the tag ``text``, a numbered name (see _numbered_name): the number joins
    the word before it, as a numbered network's does (``devnet-6``); no version."""
    tokens = anatomy.tokens
    last, before = tokens[-1], tokens[-2]
    joined = (text[before[2] : last[3]], "variant", before[2], last[3], _NAME_PART)
    _, os, flavours, _, alias, date, revision, sha, arch = anatomy.details
    result = _new_anatomy(_Anatomy)
    result.version = None
    result.release = ()
    result.precision = None
    result.tokens = (*tokens[:-2], joined)
    variants = tuple(token[0] for token in result.tokens)
    result.details = (None, os, flavours, variants, alias, date, revision, sha, arch)
    result.is_floating = _is_floating(None, None, alias, False)
    result.floats = anatomy.floats
    result.windows_family = anatomy.windows_family
    result.alone = anatomy.alone
    result.joins = anatomy.joins
    return result


#: A whole tag that is a runtime and its major or minor version: ``java_17``, ``nodejs-18``,
#: ``python_3.11`` (a full version, ``go-1.21.3``, is read as before: it may be the build's).
_RUNTIME_TAG = lazy_method(r"([A-Za-z][A-Za-z-]*?)[-_](\d+(?:\.\d+)?)", "fullmatch")


def _runtime_named(anatomy: _Anatomy, app: str) -> _Anatomy:
    """``anatomy``, or, for a tag that is only a runtime and a number (``java_17``) on an image
    that is no official one and no runtime itself, the anatomy that reads the number as the
    tag's version. Such an image is the runtime, one tag a version of it: Pterodactyl's yolks
    (``ghcr.io/pterodactyl/yolks:java_17``, ``nodejs_18``) move with every Java 17 and Node 18
    release, a floating major version, not a tag that names none. On an official image the
    runtime is what the image is built on (clojure's ``temurin-17``), and on a runtime's own
    image (``gradle:jdk-17``) the image's version is another: read as before."""
    token = anatomy.tokens[0]
    found = _RUNTIME_TAG(token[0])
    if (
        found is None
        or found[1].lower() not in TOOLCHAINS
        or app.lower() in TOOLCHAINS
        or anatomy.details[4] is not None
    ):
        return anatomy
    word, number = found[1], found[2]
    start = token[2]
    release = tuple(int(part) for part in number.split("."))
    _, os, flavours, _, alias, date, revision, sha, arch = anatomy.details
    result = _new_anatomy(_Anatomy)
    result.version = number
    result.release = release
    result.precision = _precision(release)
    result.tokens = (
        (word, "variant", start, start + len(word), token[4]),
        (number, "version", token[3] - len(number), token[3], "version"),
    )
    result.details = (None, os, flavours, (word,), alias, date, revision, sha, arch)
    result.is_floating = _is_floating(number, result.precision, alias, False)
    result.floats = anatomy.floats
    result.windows_family = anatomy.windows_family
    result.alone = anatomy.alone
    result.joins = anatomy.joins
    return result


def _release_numbers(text: str) -> tuple[int, ...] | None:
    """The numbers of a version written plainly (``1.9.2``, ``v1.9.2``), else ``None``."""
    numbers = _unmarked(text).split(".")
    if not all(number.isascii() and number.isdigit() for number in numbers):
        return None
    return tuple(int(number) for number in numbers)


def _os_token_version(
    tokens: list[tuple[str, str, int, int, object]],
) -> tuple[str | None, tuple[int, ...]]:
    """The version written in a glued OS token (centos7 -> 7), as the tag's version."""
    for text, kind, _, _, _ in tokens:
        if kind == "os":
            digits = _TRAILING_NUMBER(text)
            if digits is not None:
                return digits[0], tuple(int(n) for n in digits[0].split("."))
    return None, ()


_TRAILING_NUMBER = lazy_method(r"\d+(?:\.\d+)*$", "search")


def _os_image_release(families: tuple[str, ...], version: str) -> OSRelease:
    """The release a version names on an OS image: of the first of its families that has
    it (buildpack-deps:22.04 is Ubuntu), else one newer than the data, else just the family."""
    for family in families:
        release = os_releases.lookup(family, version)
        if release is not None:
            return release
    for family in families:
        release = os_releases.unlisted(family, version)
        if release is not None:
            return release
    return os_releases.unknown(families[0])


#: A browser an image ships, named with its version or alone (``chrome107``, ``ff-106``,
#: ``firefox``): the images for browser tests name each browser they bundle in the tag.
_BROWSER_MATCH = lazy_method(r"(?:chrome|chromium|firefox|ff)[-_]?[\d.]*", "fullmatch", re.I)


def _names_a_browser(variant: str) -> bool:
    """Whether a variant of a tag names a browser (see :data:`_BROWSER_MATCH`).

    >>> _names_a_browser("chrome107"), _names_a_browser("firefox-153.0"), _names_a_browser("ffmpeg")
    (True, True, False)
    """
    return _BROWSER_MATCH(variant) is not None


def _channel_release(family: str, alias: str | None) -> OSRelease:
    """The release an OS image's channel names (debian:unstable is sid), else the family."""
    if alias is not None:
        lowered = alias.lower()
        release = os_releases.lookup(family, lowered) or os_releases.lookup(
            family, codename=lowered
        )
        if release is not None:
            return release
    return os_releases.unknown(family)


def _windows_family(pieces: list[_Piece], context: _Kind, windows: bool) -> str | None:
    """The Windows family a tag names (its word, else its image's), or None outside Windows."""
    named_release = False
    for piece in pieces:
        kind = piece.kind
        if kind == "osword":
            if piece.info["family"] in WINDOWS_FAMILIES:
                return str(piece.info["family"])
        elif kind == "winid" and piece.text[:1] in "lLsS":
            named_release = True  # ltsc2022 and sac2016 can only mean Windows
    if context.os_image_family in WINDOWS_FAMILIES:
        return context.os_image_family
    # Server Core is the usual base when nothing says which.
    return "windows-servercore" if windows or named_release else None


def _windows_id(text: str, family: str | None) -> OSRelease | None:
    if family is None:
        return None
    # MCR's 1809 images went on as LTSC 2019 (same build, 10.0.17763): the
    # semi-annual 1809 release ended in 2020, the images did not.
    text = WINDOWS_ID_ALIASES.get(text.lower(), text)
    for release in os_releases.by_codename(text.lower()):
        if release.family == family:
            return release
    for release in os_releases.by_codename(text.lower()):
        if release.family in WINDOWS_FAMILIES:
            return os_releases.lookup(family, release.codename) or release
    return None


def _windows_release(piece: _Piece, family: str) -> OSRelease | None:
    text = piece.text
    if text in WINDOWS_NUMERIC_IDS:
        return _windows_id(text, family)
    if text.startswith("10.0.") and text.count(".") >= 2:
        return os_releases.lookup(family, text)
    return None


def _version_of(piece: _Piece | None) -> tuple[str | None, tuple[int, ...]]:
    if piece is None:
        return None, ()
    # Kept with the piece: its part is classified once, and read in many tags.
    known: tuple[str, tuple[int, ...]] | None = piece.info.get("version")
    if known is None:
        known = piece.info["version"] = _compute_version(piece)
    return known


def _compute_version(piece: _Piece) -> tuple[str, tuple[int, ...]]:
    text = _unmarked(piece.text)
    numbers = tuple(int(n) for n in piece.info["release"].split("."))
    if piece.info.get("update") is not None:
        numbers = (numbers[0], 0, int(piece.info["update"]))
    return text, numbers


def _after_leading_alias(tokens: Sequence[tuple[str, str, int, int, object]]) -> bool:
    """Whether the last token is a word after a channel that begins the tag, with only words
    between them.

    The number after such a word is the word's own version, not the image's: strimzi's
    latest-kafka-4.1.0 is the newest operator build for Kafka 4.1.0, and it moves; so is
    hasura/graphql-engine's latest.cli-migrations-v2 the latest image with the v2 migrations
    CLI (its-a-feature/Mythic), and latest-cli-kafka-4.1.0 a build for Kafka 4.1.0.
    """
    return (
        len(tokens) >= 2
        and tokens[0][1] == "alias"
        and tokens[0][2] == 0
        and all(
            tokens[index][1] == "variant"
            and tokens[index][2] == tokens[index - 1][3] + 1
            and not _HAS_VERSION(tokens[index][0])
            for index in range(1, len(tokens))
        )
    )


def _precision(release: tuple[int, ...]) -> str | None:
    if not release:
        return None
    return _PRECISIONS[min(len(release), 3) - 1]


_PRECISIONS = ("major", "minor", "patch")


def _is_floating(
    version: str | None, precision: str | None, alias: str | None, pinned: bool
) -> bool:
    if version is None:
        return not pinned
    if alias is not None and precision != "patch":
        return True
    if precision == "patch":
        return False
    return not pinned


_Raw = tuple[tuple[tuple[str, str, int, int, object], ...], str | None]


def make_tokens(raw: _Raw) -> tuple[Token, ...]:
    """The Token objects of a tag, with the OS names spelled out.

    ``raw`` is a tag's raw tokens and, for a tag read as a plain version and the
    anatomy of what follows it, that version: it replaces the first token (the
    "0" it was read as) and shifts the others.
    """
    parts, head = raw
    tokens = []
    shift = 0
    if head is not None:
        tokens.append(Token(head, "version", 0, len(head), "version"))
        parts = parts[1:]
        shift = len(head) - 1
    for text, kind, start, end, meaning in parts:
        if isinstance(meaning, OSRelease):
            meaning = meaning.name
        elif kind == "os" and isinstance(meaning, str) and meaning:
            meaning = os_releases.unknown(meaning).name
        tokens.append(Token(text, kind, start + shift, end + shift, str(meaning)))
    return tuple(tokens)


def has_unknown(raw: _Raw) -> bool:
    """Whether a part of the tag is unknown (the version in front of a tail never is)."""
    return any(token[1] == "unknown" for token in raw[0])


# --- ordering --------------------------------------------------------------------


def sort_key(tag: Tag) -> tuple[Any, ...]:
    from packaging.version import InvalidVersion, Version

    version_key: tuple[Any, ...] = (0,)
    if tag.release:
        pre = ""
        if tag.prerelease is not None:
            word = re.match(r"[A-Za-z]+", tag.prerelease)
            number = re.search(r"\d+", tag.prerelease)
            label = PRERELEASE_WORDS.get(word[0].lower(), "b") if word else "b"
            n = number[0] if number else "0"
            pre = f".dev{n}" if label == "dev" else f"{label}{n}"
        try:
            version_key = (1, Version(".".join(map(str, tag.release)) + pre))
        except InvalidVersion:  # pragma: no cover - built from digits only
            version_key = (1, tag.release)
    os_key: tuple[Any, ...] = ()
    if tag.os is not None:
        os_key = (tag.os.family, tag.os.sort_key)
    revision = -1
    if tag.revision is not None:
        digits = re.search(r"\d+", tag.revision)
        revision = int(digits[0]) if digits else 0
    return (version_key, tag.date or "", revision, os_key, tag.text, tag.image or "")


def variant_name(variant: str) -> str:
    """``jre17`` -> ``jre``; ``otp-28`` -> ``otp``; ``eclipse-temurin`` stays."""
    words = []
    for part in variant.lower().replace("_", "-").split("-"):  # (eclipse_temurin as written)
        letters = re.match(r"[a-z]+", part)
        if letters is None:
            break
        words.append(letters[0])
        if letters[0] != part:
            break
    return "-".join(words) or variant.lower()


def os_image_family(image: object) -> str | None:
    """The OS family an image *is* (``ubuntu`` -> "ubuntu"), or None for any other image.

    An image whose tags name releases of several families (buildpack-deps: Debian and
    Ubuntu; quay.io/centos/centos: CentOS and CentOS Stream) is, for a Reference with a
    tag, the family its tag names.
    """
    key = image if image is None or isinstance(image, str) else getattr(image, "name", image)
    context = _CONTEXTS.get(key)
    if context is None:
        context = _context(image)
        _remember(_CONTEXTS, key, context)
    families = context.kind.os_image_families
    if len(families) > 1:
        tag = getattr(image, "tag_info", None)
        if tag is not None and tag.os is not None and tag.os.family in families:
            return str(tag.os.family)
    return families[0] if families else None


def names_os_release(image: object, tag: Tag) -> bool:
    """Whether ``tag`` on ``image`` names a whole release of the OS the image is.

    ubuntu:22.04, debian:13, alpine:3.22, quay.io/centos/centos:stream9 do; so does
    fedora:46 when the data knows Fedora up to 44 (a Fedora release id is one number).
    alpine:3 does not (3.x is many releases), nor does any tag of an image that is not
    the OS (a project's ci/fedora:v18).
    """
    release = tag.os
    if release is None or not tag.release or os_image_family(image) != release.family:
        return False
    return len(tag.release) >= _id_parts(release)


def _id_parts(release: OSRelease) -> int:
    """How many numbers a release id of the family has (22.04: 2; 13: 1; ltsc2022: 1)."""
    version = release.version
    if version is None:  # only the family: its newest numbered release says
        numbered = [r.version for r in os_releases.releases(release.family)]
        version = next((v for v in reversed(numbered) if v and v[0].isdigit()), "0")
    head = version.split(" ")[0]
    return head.count(".") + 1 if head[:1].isdigit() else 1
