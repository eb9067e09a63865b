"""OS release facts: which operating system release a tag names, and how long it is supported.

The facts are generated into :mod:`tagsense._os_data` by ``tasks/generate_os_releases.py`` from
two sources, and read on the first call of a function here, not at import:

* Debian and Ubuntu: Debian's ``distro-info-data`` package (``/usr/share/distro-info/debian.csv``
  and ``ubuntu.csv``), the dates Debian and Ubuntu publish themselves; ``_os_data.DISTRO_INFO_DATA``
  names the package version.
* Every other family: ``../shared/corpus/os-releases.csv`` (endoflife.date at commit
  a70eca337600, 2026-08-22, plus a few extra rows; see that file's README).

``_os_data.SOURCES`` says which source each family comes from, and each release's
:attr:`OSRelease.source` where its facts are.

Dates mean the same for every family: ``eol`` is the last day of the vendor's regular,
no-extra-cost security support and ``eol_extended`` the last day of paid or extended support
(Debian LTS, Ubuntu ESM, RHEL ELS...). A release is end of life from the day *after* the date,
as on endoflife.date. Time is an input: pass the ``as_of`` date.

>>> import datetime
>>> from tagsense import os_releases
>>> os_releases.by_codename("bullseye")[0].version
'11'
>>> jammy = os_releases.lookup("ubuntu", "22.04.4")
>>> jammy.name, jammy.eol, jammy.eol_extended
('Ubuntu 22.04 LTS (jammy)', datetime.date(2027, 6, 1), datetime.date(2032, 4, 21))
>>> os_releases.lookup("debian", "12.5").support(datetime.date(2025, 1, 1))
'supported'
>>> os_releases.codename_family("bookworm"), os_releases.codename_family("slim")
('debian', None)
"""

# Nothing at import time, not even ``typing`` or ``datetime`` (``import tagsense`` imports this
# module): the data and ``datetime`` are loaded on first use.
from ._lazy import once

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    from typing import Any, Literal, TypeAlias

    #: What :meth:`OSRelease.support` returns.
    SupportStatus: TypeAlias = Literal["supported", "extended", "eol", "unknown"]
    _SortKey: TypeAlias = tuple[str, int, int, tuple[int, ...], bool, str, bool, str]

__all__ = [
    "DATE_FIELDS",
    "SUPPORT_STATUSES",
    "OSRelease",
    "SupportStatus",
    "by_codename",
    "codename_family",
    "families",
    "lookup",
    "releases",
    "unknown",
    "unlisted",
]

#: Every value :meth:`OSRelease.support` returns.
SUPPORT_STATUSES = ("supported", "extended", "eol", "unknown")

#: The date fields of an :class:`OSRelease`.
DATE_FIELDS = ("released", "eol", "eol_extended")

# Human names of the CSV's families; an unknown family is shown as given.
_FAMILY_NAMES = {
    "almalinux": "AlmaLinux",
    "alpine": "Alpine Linux",
    "amazonlinux": "Amazon Linux",
    "azurelinux": "Azure Linux",
    "cbl-mariner": "CBL-Mariner",
    "centos": "CentOS",
    "centos-stream": "CentOS Stream",
    "debian": "Debian",
    "fedora": "Fedora",
    "opensuse-leap": "openSUSE Leap",
    "oraclelinux": "Oracle Linux",
    "photon": "Photon OS",
    "rhel": "Red Hat Enterprise Linux",
    "rockylinux": "Rocky Linux",
    "sles": "SUSE Linux Enterprise Server",
    "ubi": "Red Hat UBI",
    "ubuntu": "Ubuntu",
    "windows-nanoserver": "Windows Nano Server",
    "windows-server": "Windows Server",
    "windows-servercore": "Windows Server Core",
    "wolfi": "Wolfi",
}

# Families whose codenames are tag tokens on their own (``debian:bookworm``, ``python:3-jammy``).
_TAG_CODENAME_FAMILIES = ("debian", "ubuntu")


def _is_windows(family: str) -> bool:
    return family.startswith("windows-")


def _numbers(text: str) -> tuple[int, ...]:
    # The groups of ASCII digits in ``text``: "22.04" -> (22, 4), "10.0.19042" -> (10, 0, 19042).
    dotted = _dotted(text)
    if dotted is not None:  # most versions: read without a loop over characters
        return tuple(map(int, dotted))
    groups: list[int] = []
    start = -1
    for index, char in enumerate(text + " "):
        if "0" <= char <= "9":
            if start < 0:
                start = index
        elif start >= 0:
            groups.append(int(text[start:index]))
            start = -1
    return tuple(groups)


def _dotted(text: str) -> list[str] | None:
    # "12.5" -> ["12", "5"]; None unless ``text`` is dot-separated ASCII digits.
    parts = text.split(".")
    if text.isascii() and text.replace(".", "").isdigit() and "" not in parts:
        return parts
    return None


def _version_key(text: str) -> str:
    # Case-insensitive, and numeric components compare as numbers ("22.04" == "22.4").
    text = text.lower()
    parts = _dotted(text)
    if parts is None:
        return text
    return ".".join(str(int(part)) for part in parts)


def _day(text: str) -> "datetime.date":
    # A date of the table, parsed on first read (see OSRelease._released).
    from ._dates import date

    return date.fromisoformat(text)


class OSRelease:
    """One release of an operating system: immutable, hashable, ordered within its family.

    ``family`` is one of :func:`families` (``"debian"``, ``"ubuntu"``, ``"alpine"``,
    ``"windows-servercore"``...) or any other family name for :func:`unknown` releases;
    ``version`` is the release as the table writes it (``"11"``, ``"22.04"``, ``"3.19"``,
    ``"2022 (10.0.20348)"`` for Windows), or None when only the family is known (a bare
    ``alpine`` tag); ``codename`` is the tag token (``"bullseye"``, ``"jammy"``, ``"ltsc2022"``)
    or None. The dates are :class:`datetime.date` or None when unknown; ``lts`` is True/False for
    Ubuntu (LTS or interim) and Windows (LTSC or SAC), None elsewhere; ``source`` says where the
    facts come from; ``inferred`` names the date fields whose day of the month was not in the
    source (``("eol",)`` for CBL-Mariner 2.0, "July 2025", stored as 2025-07-31).

    Equality and hashing use ``(family, version, codename)`` only. Ordering is by
    :attr:`sort_key`: family name first, then release order within the family.

    >>> from tagsense import os_releases
    >>> bullseye = os_releases.lookup("debian", "11")
    >>> bullseye
    OSRelease(family='debian', version='11', codename='bullseye', released=datetime.date(2021, 8, 14), eol=datetime.date(2024, 8, 14), eol_extended=datetime.date(2026, 8, 31))
    >>> bullseye.name
    'Debian 11 (bullseye)'
    >>> bullseye < os_releases.lookup("debian", codename="bookworm")
    True
    """  # noqa: E501

    __slots__ = (
        "_codename",
        "_eol",
        "_eol_extended",
        "_family",
        "_inferred",
        "_key",
        "_lts",
        "_released",
        "_sort_key",
        "_source",
        "_version",
    )

    _family: str
    _version: str | None
    _codename: str | None
    # A release of the table keeps its dates as ISO text until one is read (see _day): parsing
    # needs ``datetime``, which a tag parse has no use for.
    _released: "datetime.date | str | None"
    _eol: "datetime.date | str | None"
    _eol_extended: "datetime.date | str | None"
    _lts: bool | None
    _source: str | None
    _inferred: tuple[str, ...]
    _key: tuple[str, str | None, str | None]
    _sort_key: "_SortKey | None"

    def __init__(
        self,
        family: str,
        version: str | None = None,
        codename: str | None = None,
        *,
        released: "datetime.date | None" = None,
        eol: "datetime.date | None" = None,
        eol_extended: "datetime.date | None" = None,
        lts: bool | None = None,
        source: str | None = None,
        inferred: tuple[str, ...] = (),
    ) -> None:
        if not isinstance(family, str) or not family:
            raise TypeError(f"family must be a non-empty str, not {family!r}")
        for field in inferred:
            if field not in DATE_FIELDS:
                raise ValueError(f"inferred: {field!r} is not one of {DATE_FIELDS}")
        self._family = family
        self._version = version
        self._codename = codename
        self._released = released
        self._eol = eol
        self._eol_extended = eol_extended
        self._lts = lts
        self._source = source
        self._inferred = tuple(inferred)
        self._key = (family, version, codename)
        self._sort_key = None

    # --- the facts -----------------------------------------------------------

    @property
    def family(self) -> str:
        """The OS family, e.g. ``"debian"``, ``"alpine"``, ``"windows-servercore"``."""
        return self._family

    @property
    def version(self) -> str | None:
        """The release, e.g. ``"11"``, ``"22.04"``, ``"2022 (10.0.20348)"``; None if unknown."""
        return self._version

    @property
    def codename(self) -> str | None:
        """The codename as used in tags (``"bullseye"``, ``"ltsc2022"``), or None."""
        return self._codename

    @property
    def released(self) -> "datetime.date | None":
        """The release date, or None when unknown (or not released yet)."""
        value = self._released
        if type(value) is str:
            value = self._released = _day(value)
        return value  # type: ignore[return-value]

    @property
    def eol(self) -> "datetime.date | None":
        """The last day of regular (no-extra-cost) security support, or None when unknown."""
        value = self._eol
        if type(value) is str:
            value = self._eol = _day(value)
        return value  # type: ignore[return-value]

    @property
    def eol_extended(self) -> "datetime.date | None":
        """The last day of extended support (LTS, ESM, ELS, ESU), or None if none is known."""
        value = self._eol_extended
        if type(value) is str:
            value = self._eol_extended = _day(value)
        return value  # type: ignore[return-value]

    @property
    def lts(self) -> bool | None:
        """True for an Ubuntu LTS or Windows LTSC release, False for interim/SAC, else None."""
        return self._lts

    @property
    def source(self) -> str | None:
        """Where the facts come from (a URL and a note), or None."""
        return self._source

    @property
    def inferred(self) -> tuple[str, ...]:
        """The date fields whose day was inferred from a month (the month's last day).

        >>> from tagsense import os_releases
        >>> mariner = os_releases.lookup("cbl-mariner", "2.0")
        >>> mariner.eol, mariner.inferred
        (datetime.date(2025, 7, 31), ('eol',))
        """
        return self._inferred

    # --- derived -------------------------------------------------------------

    @property
    def build(self) -> str | None:
        """The Windows build (``"10.0.20348"``) of a Windows release, None otherwise.

        >>> from tagsense import os_releases
        >>> os_releases.lookup("windows-servercore", "ltsc2022").build
        '10.0.20348'
        """
        version = self._version
        if version is None or not _is_windows(self._family):
            return None
        start = version.find("(")
        if start < 0 or not version.endswith(")"):
            return None
        return version[start + 1 : -1].strip() or None

    @property
    def name(self) -> str:
        """A human name: ``"Debian 11 (bullseye)"``, ``"Ubuntu 22.04 LTS (jammy)"``...

        >>> from tagsense import os_releases
        >>> os_releases.lookup("windows-servercore", "ltsc2022").name
        'Windows Server Core LTSC 2022 (10.0.20348)'
        >>> os_releases.lookup("alpine", "3.19").name, os_releases.lookup("ubi", "9").name
        ('Alpine Linux 3.19', 'Red Hat UBI 9')
        >>> os_releases.lookup("sles", "15.6").name
        'SUSE Linux Enterprise Server 15 SP6'
        >>> os_releases.unknown("alpine").name
        'Alpine Linux'
        """
        family, version, codename = self._key
        label = _FAMILY_NAMES.get(family, family)
        if version is None:
            return f"{label} ({codename})" if codename else label
        if _is_windows(family):
            release = version.split("(")[0].strip().upper()
            build = self.build
            text = f"{release} ({build})" if build else release
            if codename and codename.lower().startswith("ltsc"):
                text = "LTSC " + text
            return f"{label} {text}"
        text = version
        parts = _dotted(version)
        if family == "amazonlinux" and parts is not None and len(parts) == 2:
            label = "Amazon Linux AMI"  # 2010.11 ... 2018.03, before Amazon Linux 2
        elif family == "sles" and parts is not None and len(parts) == 2 and int(parts[0]) <= 15:
            text = parts[0] if int(parts[1]) == 0 else f"{parts[0]} SP{int(parts[1])}"
        if self._lts and family == "ubuntu":
            text += " LTS"
        if codename and codename.lower() != version.lower():
            text += f" ({codename})"
        return f"{label} {text}"

    @property
    def sort_key(self) -> "_SortKey":
        """The key that orders releases: family name, then release order within the family.

        Within a family, releases with a known release date come first, by that date (so
        SLES 12.5, released after 15.1, sorts after it); then releases with only a version, by
        its numbers (for Windows, by the build in parentheses); then releases without numbers
        (Debian ``unstable``/``sid``, Alpine ``edge``), by version; an :func:`unknown` release
        without version or codename sorts last. Ties end on version and codename, so the order
        agrees with equality.

        >>> from tagsense import os_releases
        >>> [r.codename for r in sorted(os_releases.by_codename("trixie")
        ...  + os_releases.by_codename("forky") + os_releases.by_codename("bullseye")
        ...  + os_releases.by_codename("sid") + os_releases.by_codename("duke"))]
        ['bullseye', 'trixie', 'forky', 'duke', 'sid']
        """
        key = self._sort_key
        if key is None:
            family, version, codename = self._key
            build = self.build
            numbers = _numbers(build if build is not None else version or "")
            released = self.released
            if released is not None:
                tier, day = 0, released.toordinal()
            elif numbers:
                tier, day = 1, 0
            elif version is not None or codename is not None:
                tier, day = 2, 0
            else:
                tier, day = 3, 0
            key = (
                family,
                tier,
                day,
                numbers,
                version is None,
                version or "",
                codename is None,
                codename or "",
            )
            self._sort_key = key
        return key

    # --- support -------------------------------------------------------------

    def is_eol(self, as_of: "datetime.date", *, extended: bool = False) -> bool | None:
        """Whether the release is past its end of support on ``as_of``; None if unknown.

        ``extended=True`` uses :attr:`eol_extended` when it is known, else :attr:`eol`. The
        end date itself is still supported.

        >>> import datetime
        >>> from tagsense import os_releases
        >>> bullseye = os_releases.lookup("debian", "11")
        >>> bullseye.is_eol(datetime.date(2025, 1, 1))
        True
        >>> bullseye.is_eol(datetime.date(2025, 1, 1), extended=True)
        False
        >>> print(os_releases.unknown("debian").is_eol(datetime.date(2025, 1, 1)))
        None
        """
        eol_extended = self.eol_extended
        end = eol_extended if extended and eol_extended is not None else self.eol
        if end is None:
            return None
        return as_of > end

    def support(self, as_of: "datetime.date") -> "SupportStatus":
        """The support status on ``as_of``: one of :data:`SUPPORT_STATUSES`.

        ``"supported"`` up to and including :attr:`eol` (a release not out yet counts as
        supported too), ``"extended"`` after it up to and including :attr:`eol_extended`,
        ``"eol"`` after both, ``"unknown"`` when :attr:`eol` is unknown.

        >>> import datetime
        >>> from tagsense import os_releases
        >>> bullseye = os_releases.lookup("debian", "11")
        >>> [bullseye.support(datetime.date(y, m, 1)) for y, m in ((2024, 1), (2025, 1), (2026, 9))]
        ['supported', 'extended', 'eol']
        """
        eol = self.eol
        if eol is None:
            return "unknown"
        if as_of <= eol:
            return "supported"
        extended = self.eol_extended
        if extended is not None and as_of <= extended:
            return "extended"
        return "eol"

    # --- value protocol ------------------------------------------------------

    def __repr__(self) -> str:
        inferred = f", inferred={self._inferred!r}" if self._inferred else ""
        return (
            f"OSRelease(family={self._family!r}, version={self._version!r}, "
            f"codename={self._codename!r}, released={self.released!r}, eol={self.eol!r}, "
            f"eol_extended={self.eol_extended!r}{inferred})"
        )

    def __str__(self) -> str:
        return self.name

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, OSRelease):
            return NotImplemented
        return self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, OSRelease):
            return NotImplemented
        return self.sort_key < other.sort_key

    def __le__(self, other: object) -> bool:
        if not isinstance(other, OSRelease):
            return NotImplemented
        return self.sort_key <= other.sort_key

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, OSRelease):
            return NotImplemented
        return self.sort_key > other.sort_key

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, OSRelease):
            return NotImplemented
        return self.sort_key >= other.sort_key

    def __reduce__(self) -> "tuple[Any, ...]":
        return (_restore, (self._key, self._facts()))

    def _facts(self) -> "tuple[Any, ...]":
        return (
            self.released,
            self.eol,
            self.eol_extended,
            self._lts,
            self._source,
            self._inferred,
        )


def _restore(key: tuple[str, str | None, str | None], facts: "tuple[Any, ...]") -> OSRelease:
    released, eol, eol_extended, lts, source, inferred = facts
    return OSRelease(
        *key,
        released=released,
        eol=eol,
        eol_extended=eol_extended,
        lts=lts,
        source=source,
        inferred=inferred,
    )


# --- the table ---------------------------------------------------------------


class _Rows:
    # The table as rows, grouped without building a single OSRelease: a check that meets one
    # Debian codename builds the Debian releases only (start-up time is what a hook pays).
    __slots__ = ("by_codename", "codenames", "families", "family", "inferred", "rows")

    def __init__(self) -> None:
        from ._os_data import INFERRED_DAYS, RELEASES

        self.rows = RELEASES
        self.inferred: dict[tuple[str, str], tuple[str, ...]] = {}
        for row_family, row_version, field in INFERRED_DAYS:
            row_key = (row_family, row_version)
            self.inferred[row_key] = (*self.inferred.get(row_key, ()), field)
        # family -> its row numbers; lower-case codename (and first word) -> families having it.
        rows_of: dict[str, list[int]] = {}
        codenames: dict[str, list[str]] = {}
        for number, row in enumerate(RELEASES):
            rows_of.setdefault(row[0], []).append(number)
            for key in _codename_keys(row[1]):
                having = codenames.setdefault(key, [])
                if row[0] not in having:
                    having.append(row[0])
        self.family = rows_of
        self.codenames = codenames
        self.families = tuple(sorted(rows_of))
        self.by_codename: dict[str, tuple[OSRelease, ...]] = {}


class _Family:
    # One family's releases and lookup structures, built on its first lookup.
    __slots__ = ("build", "codename", "majors", "members", "version")

    def __init__(self, table: _Rows, family: str) -> None:
        made = []
        inferred = table.inferred
        for number in table.family[family]:
            _, row_codename, row_version, released, eol, eol_extended, lts, source = table.rows[
                number
            ]
            # The constructor's checks, skipped: the generator validated every row.
            release = _new_release(OSRelease)
            release._family = family
            release._version = row_version
            release._codename = row_codename
            release._released = released
            release._eol = eol
            release._eol_extended = eol_extended
            release._lts = lts
            release._source = source
            release._inferred = inferred.get((family, row_version), ())
            release._key = (family, row_version, row_codename)
            release._sort_key = None
            made.append(release)
        made.sort(key=_table_order)
        self.members = tuple(made)
        # version key -> release; Windows also by the release part ("2022").
        self.version: dict[str, OSRelease] = {}
        # lower-case codename (and its first word) -> release.
        self.codename: dict[str, OSRelease] = {}
        # Windows build -> release, LTSC first where an SAC release shares the build.
        self.build: dict[str, OSRelease] = {}
        # major -> how many releases have that major version number.
        self.majors: dict[int, int] = {}
        for release in sorted(made, key=lambda r: r.lts is not True):
            version, codename = release._version, release._codename
            assert version is not None
            self.version.setdefault(_version_key(version), release)
            build = release.build
            if build is not None:
                self.version.setdefault(_version_key(version.split("(")[0].strip()), release)
                self.build.setdefault(build, release)
            parts = _dotted(version)
            if parts is not None:
                major = int(parts[0])
                self.majors[major] = self.majors.get(major, 0) + 1
            for key in _codename_keys(codename):
                self.codename.setdefault(key, release)


_new_release = object.__new__


def _table_order(release: OSRelease) -> "tuple[Any, ...]":
    # The order of sort_key for a release of the table (of one family, with a version),
    # without parsing a date: ISO dates order as their days do.
    released = release._released
    build = release.build
    numbers = _numbers(build if build is not None else release._version or "")
    tier = 0 if released is not None else 1 if numbers else 2
    codename = release._codename
    return (tier, released or "", numbers, release._version, codename is None, codename or "")


def _codename_keys(codename: str | None) -> tuple[str, ...]:
    # The lower-cased codename, and for a codename of several words (Fedora's "Spherical Cow")
    # also its lower-cased first word.
    if not codename:
        return ()
    key = codename.lower()
    first = key.split()[0]
    return (key,) if first == key else (key, first)


_FAMILIES: dict[str, _Family] = {}


@once
def _table() -> _Rows:
    return _Rows()


def _family(family: str) -> _Family | None:
    """The index of a known family (lower case), built on first use; None for another."""
    index = _FAMILIES.get(family)
    if index is None:
        table = _table()
        if family not in table.family:
            return None
        index = _FAMILIES[family] = _Family(table, family)
    return index


def releases(family: str | None = None) -> tuple[OSRelease, ...]:
    """The known releases of ``family`` (all families when None), ordered by ``sort_key``.

    An unknown family has none.

    >>> from tagsense import os_releases
    >>> [r.codename for r in os_releases.releases("debian")][-6:]
    ['bullseye', 'bookworm', 'trixie', 'forky', 'duke', 'sid']
    >>> os_releases.releases("beos")
    ()
    """
    if family is None:
        everything: list[OSRelease] = []
        for name in _table().families:  # sort keys start with the family name
            everything.extend(_members(name))
        return tuple(everything)
    return _members(family.lower())


def _members(family: str) -> tuple[OSRelease, ...]:
    index = _family(family)
    return () if index is None else index.members


def families() -> tuple[str, ...]:
    """The families the table knows, sorted by name.

    >>> from tagsense import os_releases
    >>> "debian" in os_releases.families(), "windows-servercore" in os_releases.families()
    (True, True)
    """
    return _table().families


def by_codename(codename: str) -> tuple[OSRelease, ...]:
    """The releases, of any family, with this codename (case-insensitive), by ``sort_key``.

    Windows ids are codenames here (``"ltsc2022"``, ``"20h2"``), shared by the Server Core,
    Nano Server and Server families. Fedora's codenames of several words (``"Spherical Cow"``)
    match in full or by their first word (``"spherical"``).

    >>> from tagsense import os_releases
    >>> os_releases.by_codename("bullseye")[0].version
    '11'
    >>> [r.family for r in os_releases.by_codename("LTSC2022")]
    ['windows-nanoserver', 'windows-server', 'windows-servercore']
    >>> os_releases.by_codename("spherical")[0].version
    '18'
    >>> os_releases.by_codename("slim")
    ()
    """
    key = codename.strip().lower()
    table = _table()
    found = table.by_codename.get(key)
    if found is None:
        having = table.codenames.get(key)
        if having is None:
            return ()  # not remembered: the words asked about are not bounded, codenames are
        members: list[OSRelease] = []
        # In sort_key order without comparing (which would parse dates): by family, and in
        # the family's order.
        for family in sorted(having):
            index = _family(family)
            assert index is not None
            members.extend(r for r in index.members if key in _codename_keys(r.codename))
        found = table.by_codename[key] = tuple(members)
    return found


def codename_family(codename: str) -> str | None:
    """``"debian"`` or ``"ubuntu"`` when ``codename`` is one of their codenames, else None.

    A quick check for the tag parser: only Debian and Ubuntu codenames stand alone as tag
    tokens (``bookworm``, ``jammy``, ``sid``); Windows ids and Fedora codenames give None.
    Case-insensitive.

    >>> from tagsense import os_releases
    >>> [os_releases.codename_family(w) for w in ("bullseye", "jammy", "sid", "ltsc2022")]
    ['debian', 'ubuntu', 'debian', None]
    """
    return _tag_codenames().get(codename.lower())


@once
def _tag_codenames() -> dict[str, str]:
    # Straight from the rows, without building every OSRelease.
    from ._os_data import RELEASES

    return {
        row[1].lower(): row[0]
        for row in RELEASES
        if row[0] in _TAG_CODENAME_FAMILIES and row[1] is not None
    }


def lookup(
    family: str, version: str | None = None, *, codename: str | None = None
) -> OSRelease | None:
    """The release of ``family`` named by ``version`` and/or ``codename``; None if unknown.

    Matching is forgiving, case-insensitive, and never raises:

    * an exact version (``"12"``, ``"22.04"``, ``"3.19"``, ``"edge"``) matches;
    * a point release resolves to its release by dropping trailing numbers until one matches:
      Debian/RHEL/UBI/CentOS/Oracle/Rocky/Alma/Fedora/Amazon Linux by major (``"12.5"`` ->
      12, ``"2.0.20240412.0"`` -> Amazon Linux 2), Ubuntu/Alpine/openSUSE/SLES/Photon by
      major.minor (``"22.04.4"`` -> 22.04, ``"3.19.1"`` -> 3.19);
    * a bare major matches a ``major.0`` release when it is the family's only release with that
      major (Photon ``"4"`` -> 4.0; but Alpine ``"3"`` or Ubuntu ``"22"`` match nothing);
    * a version may also be a codename of the family (``"bookworm"``, Windows ``"ltsc2022"``,
      ``"1809"``, ``"20h2"``), a Windows release year (``"2022"``) or a Windows build with or
      without its revision (``"10.0.17763"``, ``"10.0.17763.5576"``). A build shared by an SAC
      and an LTSC release (10.0.17763: 1809 and ltsc2019; 10.0.14393: 1607 and ltsc2016)
      resolves to the LTSC one, which is what that build still ships as.

    Given both, ``version`` and ``codename`` must name the same release. Given neither, the
    result is None; use :func:`unknown` for a release the table does not have.

    >>> from tagsense import os_releases
    >>> os_releases.lookup("debian", "12.5").codename
    'bookworm'
    >>> os_releases.lookup("alpine", "3.19.1").version
    '3.19'
    >>> os_releases.lookup("windows-servercore", "10.0.20348.2402").codename
    'ltsc2022'
    >>> os_releases.lookup("ubuntu", codename="noble").version
    '24.04'
    >>> print(os_releases.lookup("ubuntu", "22.04", codename="noble"))
    None
    >>> print(os_releases.lookup("alpine", "3"))
    None
    """
    family = family.strip().lower()
    index = _family(family)
    if index is None:
        return None
    found: OSRelease | None = None
    if version is not None:
        found = _by_version(index, family, version.strip().lower())
        if found is None:
            return None
    if codename is not None:
        named = index.codename.get(codename.strip().lower())
        if named is None or (found is not None and found != named):
            return None
        found = named
    return found


def _by_version(index: _Family, family: str, text: str) -> OSRelease | None:
    if not text:
        return None
    found = index.version.get(_version_key(text)) or index.codename.get(text)
    if found is not None:
        return found
    parts = _dotted(text)
    if parts is None:
        return None
    if _is_windows(family):
        # A build, with or without the revision: 10.0.17763 or 10.0.17763.5576.
        if len(parts) >= 3:
            return index.build.get(".".join(str(int(p)) for p in parts[:3]))
        return None
    numbers = [str(int(part)) for part in parts]
    for end in range(len(numbers) - 1, 0, -1):
        found = index.version.get(".".join(numbers[:end]))
        if found is not None:
            return found
    if len(numbers) == 1 and index.majors.get(int(numbers[0])) == 1:
        return index.version.get(numbers[0] + ".0")
    return None


#: Families whose release ids follow a rule, and the rule a release newer than the table
#: follows: "yy.mm", the year and the month, 04 or 10 (Ubuntu 27.04), any newer one; "minor",
#: the newest release's major and a higher minor (Alpine 3.25, Leap 16.1); "next", one number
#: past the newest (Debian 16, Fedora 45; a point release 16.1 names it too); "next.0" the same
#: written N.0 (Photon 6.0). Left out: Amazon Linux (2, 2023: no rule to the next), CentOS
#: and CBL-Mariner (ended: none will come), Windows (releases are named), Wolfi (rolling).
_NEWER = {
    "ubuntu": "yy.mm",
    "alpine": "minor",
    "opensuse-leap": "minor",
    "sles": "minor",
    "debian": "next",
    "fedora": "next",
    "centos-stream": "next",
    "rhel": "next",
    "ubi": "next",
    "rockylinux": "next",
    "almalinux": "next",
    "oraclelinux": "next",
    "photon": "next.0",
    "azurelinux": "next.0",
}


def unlisted(family: str, version: str) -> OSRelease | None:
    """A release newer than the table, named by a version of the family's regular shape.

    The family and version, with no dates (:attr:`~OSRelease.source` says why); None when
    ``version`` is in the table, or is not a newer release of that shape. The shapes:
    Ubuntu ``YY.MM`` with MM 04 or 10; Alpine, openSUSE Leap and SLES a higher minor of the
    newest major; Debian, Fedora, CentOS Stream, RHEL, UBI, Rocky, Alma and Oracle Linux the
    number one past the newest; Photon and Azure Linux the same as ``N.0``. A point release
    names its release (``27.04.1`` is 27.04, ``16.2`` Debian 16).

    >>> from tagsense import os_releases
    >>> os_releases.unlisted("ubuntu", "27.04").name, os_releases.unlisted("ubuntu", "27.04").eol
    ('Ubuntu 27.04', None)
    >>> os_releases.unlisted("debian", "16.1").version
    '16'
    >>> [os_releases.unlisted(f, v) for f, v in [("ubuntu", "27.05"), ("debian", "17"),
    ...                                          ("alpine", "3.9"), ("ubuntu", "24.04")]]
    [None, None, None, None]
    """
    family = family.strip().lower()
    rule = _NEWER.get(family)
    parts = _dotted(version.strip())
    if rule is None or parts is None or lookup(family, version) is not None:
        return None
    newest = _newest(family)
    if newest is None:
        return None
    numbers = tuple(int(part) for part in parts)
    name: str | None = None
    if rule == "yy.mm":
        shaped = len(parts) in (2, 3) and len(parts[0]) == 2 and parts[1] in ("04", "10")
        if shaped and numbers[:2] > newest[:2]:
            name = f"{parts[0]}.{parts[1]}"
    elif rule == "minor":
        newest_minor = newest[1] if len(newest) > 1 else 0
        if len(numbers) >= 2 and numbers[0] == newest[0] and numbers[1] > newest_minor:
            name = f"{numbers[0]}.{numbers[1]}"
    elif numbers[0] == newest[0] + 1 and (rule == "next" or not any(numbers[1:2])):
        name = str(numbers[0]) if rule == "next" else f"{numbers[0]}.0"
    if name is None:
        return None
    label = _FAMILY_NAMES.get(family, family)
    from ._os_data import SOURCES

    newest_text = ".".join(map(str, newest))
    note = (
        f"newer than tagsense's release data ({SOURCES.get(family, 'none')}, whose newest "
        f"{label} release is {newest_text}): read from the tag's shape"
    )
    return OSRelease(family, name, source=note)


def _newest(family: str) -> tuple[int, ...] | None:
    # The numbers of the family's newest numbered release (not edge, sid or rolling), in
    # release order: Leap 16.0 came after Leap 42.3.
    for release in reversed(_members(family)):
        if _dotted(release.version or "") is not None:
            return _numbers(release.version or "")
    return None


def unknown(family: str, version: str | None = None, *, codename: str | None = None) -> OSRelease:
    """A release with no facts: for a tag that names a release the table does not have yet.

    >>> from tagsense import os_releases
    >>> future = os_releases.unknown("ubuntu", codename="zippy")
    >>> future.name, future.eol, future.support(__import__("datetime").date(2030, 1, 1))
    ('Ubuntu (zippy)', None, 'unknown')
    """
    return OSRelease(family, version, codename)


def __getattr__(name: str) -> object:
    # Typing-only names, built on demand so that importing this module never imports typing.
    if name == "SupportStatus":
        from typing import Literal

        return Literal[SUPPORT_STATUSES]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
