"""Generate ``src/tagsense/_os_data.py``: Debian and Ubuntu from distro-info-data, the rest from
``../shared/corpus/os-releases.csv``.

Debian and Ubuntu publish their own release dates in Debian's ``distro-info-data`` package
(``/usr/share/distro-info/debian.csv`` and ``ubuntu.csv``; ``apt-get install distro-info-data``).
Those are the authoritative dates, so the rows of these two families come from there; the shared
CSV (endoflife.date, columns ``family,codename,version,released,eol,eol_extended,lts,source_url``;
see ``os-releases.README.md`` next to it) gives every other family, and its Debian and Ubuntu rows
are not used. The generated module names the package version it came from.

How distro-info-data's columns become the table's (the same meaning as the CSV's, see
``os_releases.py``):

* Debian (``version,codename,series,created,release,eol,eol-lts,eol-elts``): ``codename`` is the
  series (``bookworm``); ``released`` is ``release``; ``eol`` is ``eol`` (the security team's
  support); ``eol_extended`` is ``eol-lts`` (Debian LTS). ``eol-elts`` (Freexian's commercial
  ELTS) is not used, as in the CSV. ``sid`` has no version: it is ``unstable``, as Debian calls it;
  ``experimental`` is no release and is left out.
* Ubuntu (``version,codename,series,created,release,eol,eol-server,eol-esm,eol-legacy``): the
  version without its `` LTS`` (which sets ``lts``); ``eol`` is ``eol-server`` where the release
  has one (6.06, 8.04, 10.04: servers were supported longer than desktops, and images are
  servers), else ``eol``; ``eol_extended`` is ``eol-esm`` (Ubuntu Pro's Expanded Security
  Maintenance). ``eol-legacy`` (the paid Legacy add-on after ESM) is not used.

Every row is validated: the CSV's header must be exactly the eight known columns and every row
must have eight fields; ``family`` is lower-case ``[a-z0-9-]``; ``version`` and ``source_url``
are required; dates are ``YYYY-MM-DD`` or ``YYYY-MM`` (read as the *last* day of that month, and
listed in ``INFERRED_DAYS`` so that the guess stays visible) or empty; ``lts`` is ``true``,
``false`` or empty; ``(family, version)`` and ``(family, codename)`` are unique; ``released <=
eol <= eol_extended`` where known. distro-info-data's files must have the columns named above;
their dates are ``YYYY-MM-DD``. Any problem is reported with its file and line, and the script
exits 2. The result is one tuple of plain tuples::

    RELEASES = ((family, codename_or_None, version, released_iso_or_None, eol_iso_or_None,
                 eol_extended_iso_or_None, lts_or_None, source_url), ...)

Usage (from the repository root)::

    python tasks/generate_os_releases.py            # (re)write src/tagsense/_os_data.py
    python tasks/generate_os_releases.py --check    # exit 1 if that file is out of date
    python tasks/generate_os_releases.py --csv other.csv --distro-info DIR \\
        --distro-info-version 0.66
"""

from __future__ import annotations

import argparse
import calendar
import csv
import datetime
import gzip
import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CSV = "../shared/corpus/os-releases.csv"
DEFAULT_DISTRO_INFO = "/usr/share/distro-info"
#: Where dpkg keeps the package's changelog: its first line names the version.
DISTRO_INFO_CHANGELOG = "/usr/share/doc/distro-info-data/changelog.gz"
#: The families distro-info-data gives, and the file of each.
DISTRO_INFO_FAMILIES = {"debian": "debian.csv", "ubuntu": "ubuntu.csv"}
DISTRO_INFO_URL = "https://salsa.debian.org/debian/distro-info-data"
OUTPUT = ROOT / "src" / "tagsense" / "_os_data.py"
COLUMNS = ("family", "codename", "version", "released", "eol", "eol_extended", "lts", "source_url")
DATE_COLUMNS = ("released", "eol", "eol_extended")
RUN = "python tasks/generate_os_releases.py"
#: Where the CSV's facts come from, as its README says (os-releases.README.md, "Source:").
CSV_SOURCE = (
    "endoflife.date: github.com/endoflife-date/endoflife.date products/*.md",
    "at commit a70eca337600 (2026-08-22), unless a row's source_url says otherwise,",
    "plus the extra rows the README lists that these families use (Alpine edge,",
    "UBI 7-10, CBL-Mariner 1.0/2.0, Azure Linux 3.0, Wolfi).",
)

#: What _os_data.SOURCES says of the families the CSV gives: the CSV's own source, and date.
CSV_LABEL = "endoflife.date as of 2026-08-22"

#: One output row: family, codename, version, released, eol, eol_extended, lts, source_url.
Row = tuple[str, str | None, str, str | None, str | None, str | None, bool | None, str]
#: A date whose day was inferred: family, version, column.
Inferred = tuple[str, str, str]
ROW_TYPE = (
    "tuple[tuple[str, str | None, str, str | None, str | None, str | None, bool | None, str], ...]"
)


class CSVError(Exception):
    """A row of the CSV that does not follow the format; carries the 1-based line."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


class MissingData(Exception):
    """An input that is not there (the CSV, or distro-info-data not installed)."""


def parse_date(text: str, line: int, column: str) -> tuple[str | None, bool]:
    """Return ``(ISO date or None, day_inferred)`` for one date cell.

    >>> parse_date("2025-07", 2, "eol")
    ('2025-07-31', True)
    >>> parse_date("2024-02", 2, "eol")
    ('2024-02-29', True)
    >>> parse_date("", 2, "eol")
    (None, False)
    """
    if not text:
        return None, False
    parts = text.split("-")
    shape = [len(part) for part in parts]
    digits = all(part.isascii() and part.isdigit() for part in parts)
    if shape not in ([4, 2, 2], [4, 2]) or not digits:
        raise CSVError(line, f"{column}: {text!r} is not YYYY-MM-DD or YYYY-MM")
    year, month = int(parts[0]), int(parts[1])
    inferred = len(parts) == 2
    if inferred:
        if not 1 <= month <= 12:
            raise CSVError(line, f"{column}: {text!r} has no month {month}")
        day = calendar.monthrange(year, month)[1]
    else:
        day = int(parts[2])
    try:
        value = datetime.date(year, month, day)
    except ValueError as error:
        raise CSVError(line, f"{column}: {text!r}: {error}") from None
    return value.isoformat(), inferred


def parse_lts(text: str, line: int) -> bool | None:
    """``true`` -> True, ``false`` -> False, empty -> None; anything else is an error."""
    if text == "true":
        return True
    if text == "false":
        return False
    if text == "":
        return None
    raise CSVError(line, f"lts: {text!r} is not true, false or empty")


def _valid_family(family: str) -> bool:
    return (
        bool(family)
        and family.isascii()
        and all(c.islower() or c.isdigit() or c == "-" for c in family)
        and family[0].isalpha()
    )


def read_rows(text: str, skip: tuple[str, ...] = ()) -> tuple[list[Row], list[Inferred]]:
    """Validate the CSV text; return its rows and the ``(family, version, column)`` of each
    date whose day was inferred from a ``YYYY-MM`` value. Rows of the families in ``skip``
    are validated, then left out (their facts come from elsewhere)."""
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    header = next(reader, None)
    if header is None:
        raise CSVError(1, "empty file")
    if tuple(header) != COLUMNS:
        raise CSVError(1, f"columns are {header}, expected {list(COLUMNS)}")
    rows: list[Row] = []
    inferred: list[Inferred] = []
    versions: dict[tuple[str, str], int] = {}
    codenames: dict[tuple[str, str], int] = {}
    for fields in reader:
        line = reader.line_num
        if not fields:
            continue
        if len(fields) != len(COLUMNS):
            raise CSVError(line, f"{len(fields)} fields, expected {len(COLUMNS)}")
        if any(field != field.strip() for field in fields):
            raise CSVError(line, "leading or trailing whitespace in a field")
        family, codename, version, released, eol, eol_extended, lts, source = fields
        if not _valid_family(family):
            raise CSVError(line, f"family: {family!r} is not lower-case [a-z0-9-]")
        if not version:
            raise CSVError(line, "version is empty")
        if not source:
            raise CSVError(line, "source_url is empty")
        dates: list[str | None] = []  # three: released, eol, eol_extended
        for column, cell in zip(DATE_COLUMNS, (released, eol, eol_extended), strict=True):
            value, guessed = parse_date(cell, line, column)
            dates.append(value)
            if guessed and family not in skip:
                inferred.append((family, version, column))
        known = [value for value in dates if value is not None]
        if known != sorted(known):
            raise CSVError(line, f"dates out of order (released <= eol <= eol_extended): {dates}")
        key = (family, version.lower())
        if key in versions:
            raise CSVError(line, f"{family} {version} repeats line {versions[key]}")
        versions[key] = line
        if codename:
            ckey = (family, codename.lower())
            if ckey in codenames:
                raise CSVError(line, f"{family} codename {codename} repeats line {codenames[ckey]}")
            codenames[ckey] = line
        lts_value = parse_lts(lts, line)
        if family not in skip:
            released_iso, eol_iso, extended_iso = dates
            row: Row = (
                family,
                codename or None,
                version,
                released_iso,
                eol_iso,
                extended_iso,
                lts_value,
                source,
            )
            rows.append(row)
    if not rows:
        raise CSVError(1, "no rows")
    return rows, inferred


#: The distro-info-data columns each family's rows need.
DISTRO_INFO_COLUMNS = {
    "debian": ("version", "series", "release", "eol", "eol-lts"),
    "ubuntu": ("version", "series", "release", "eol", "eol-server", "eol-esm"),
}


def read_distro_info(family: str, text: str, source: str) -> list[Row]:
    """The rows of ``family`` (``debian`` or ``ubuntu``) from a distro-info-data CSV, newest
    first; ``source`` is each row's source_url. Raises CSVError for a malformed file."""
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    header = next(reader, None)
    if header is None:
        raise CSVError(1, "empty file")
    missing = [column for column in DISTRO_INFO_COLUMNS[family] if column not in header]
    if missing:
        raise CSVError(1, f"columns {header} lack {missing}")
    rows: list[Row] = []
    seen: dict[str, int] = {}
    for fields in reader:
        line = reader.line_num
        if not fields:
            continue
        if len(fields) > len(header):
            raise CSVError(line, f"{len(fields)} fields, the header has {len(header)}")
        # Later columns are left out where they are empty (old releases have no LTS).
        cell = dict(zip(header, [*fields, *[""] * (len(header) - len(fields))], strict=True))
        series = cell["series"]
        version = cell["version"]
        if not series or not series.isascii() or not series.isalpha():
            raise CSVError(line, f"series: {series!r} is not a word")
        if family == "debian" and not version:
            if series == "experimental":
                continue  # a staging area, never a release
            if series != "sid":
                raise CSVError(line, f"version is empty (series {series})")
            version = "unstable"  # what Debian calls sid, and the table's version for it
        lts: bool | None = None
        if family == "ubuntu":
            lts = version.endswith(" LTS")
            version = version.removesuffix(" LTS")
            eol, extended = cell["eol-server"] or cell["eol"], cell["eol-esm"]
        else:
            eol, extended = cell["eol"], cell["eol-lts"]
        dates = []
        for column, text_date in (("release", cell["release"]), ("eol", eol), ("eol", extended)):
            if text_date and len(text_date) != len("2000-01-01"):
                raise CSVError(line, f"{column}: {text_date!r} is not YYYY-MM-DD")
            dates.append(parse_date(text_date, line, column)[0])
        known = [value for value in dates if value is not None]
        if known != sorted(known):
            raise CSVError(line, f"dates out of order (release <= eol <= extended): {dates}")
        if version in seen:
            raise CSVError(line, f"{family} {version} repeats line {seen[version]}")
        seen[version] = line
        rows.append((family, series, version, dates[0], dates[1], dates[2], lts, source))
    if not rows:
        raise CSVError(1, "no rows")
    rows.reverse()  # newest first, as the CSV lists releases
    return rows


def distro_info_version(directory: Path) -> str | None:
    """The installed distro-info-data's version (dpkg, else its changelog), or None."""
    if directory != Path(DEFAULT_DISTRO_INFO):
        return None  # another copy: its version must be given
    try:
        done = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", "distro-info-data"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        done = None
    if done is not None and done.returncode == 0 and done.stdout.strip():
        return done.stdout.strip()
    try:
        with gzip.open(DISTRO_INFO_CHANGELOG, "rt", encoding="utf-8") as changelog:
            first = changelog.readline()
    except OSError:
        return None
    if first.startswith("distro-info-data (") and ")" in first:
        return first[len("distro-info-data (") : first.index(")")]
    return None


def literal(value: str | bool | None) -> str:
    """A Python literal for ``value``, with double quotes as ruff format writes them.

    >>> print(literal('Schrödinger\\'s "Cat"'))
    "Schrödinger's \\"Cat\\""
    """
    if value is None or isinstance(value, bool):
        return repr(value)
    if not value.isprintable():
        raise ValueError(f"unprintable character in {value!r}")
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(
    csv_name: str,
    csv_digest: str,
    distro_info: tuple[str, dict[str, str]],
    rows: list[Row],
    inferred: list[Inferred],
) -> str:
    """The text of ``_os_data.py`` (stable: ``ruff format`` leaves it unchanged).

    ``distro_info`` is the package's version and each file's sha256.
    """
    version, digests = distro_info
    families = sorted({row[0] for row in rows})
    sources = {
        family: f"distro-info-data {version}" if family in DISTRO_INFO_FAMILIES else CSV_LABEL
        for family in families
    }
    out = [
        "# Generated by tasks/generate_os_releases.py -- do not edit by hand.",
        f"# Debian and Ubuntu: distro-info-data {version} ({DISTRO_INFO_URL}),",
        "#   the dates Debian and Ubuntu publish; "
        + ", ".join(f"{name} sha256 {digests[name][:16]}" for name in sorted(digests))
        + ".",
        f"# Every other family: {csv_name} (sha256 {csv_digest[:16]}).",
        *("# " + ("  Source: " if i == 0 else "    ") + line for i, line in enumerate(CSV_SOURCE)),
        f"# Regenerate: {RUN} (check: --check).",
        "# ruff: noqa: E501",
        '"""OS release facts: one plain tuple per release (see os_releases.py).',
        "",
        "RELEASES: (family, codename, version, released, eol, eol_extended, lts, source) with",
        "ISO dates as strings and None for empty cells: Debian and Ubuntu from distro-info-data",
        "(newest first), then the other families in CSV order. INFERRED_DAYS: (family, version,",
        "column) of each date given only as YYYY-MM in the CSV, stored as the last day of that",
        "month. SOURCES: where each family's rows come from. DISTRO_INFO_DATA: the version of",
        "the distro-info-data package.",
        '"""',
        "",
        f"DISTRO_INFO_DATA = {literal(version)}",
        "",
        "SOURCES: dict[str, str] = {",
        *(f"    {literal(family)}: {literal(source)}," for family, source in sources.items()),
        "}",
        "",
        "# fmt: off",
        f"RELEASES: {ROW_TYPE} = (",
    ]
    out.extend("    (" + ", ".join(literal(value) for value in row) + ")," for row in rows)
    out.append(")")
    out.append("")
    out.append("INFERRED_DAYS: tuple[tuple[str, str, str], ...] = (")
    out.extend("    (" + ", ".join(literal(value) for value in item) + ")," for item in inferred)
    out.append(")")
    out.append("# fmt: on")
    out.append("")
    return "\n".join(out)


def generate(csv_path: Path, distro_info: Path, version: str | None) -> tuple[str, int, str]:
    """The module's text, its number of releases, and the distro-info-data version used.

    Raises MissingData for an input that is not there, CSVError for a malformed one.
    """
    csv_name = Path(os.path.relpath(csv_path, ROOT)).as_posix()
    try:
        data = csv_path.read_bytes()
    except OSError as error:
        raise MissingData(f"{csv_name}: {error}") from None
    texts: dict[str, bytes] = {}
    for family, name in DISTRO_INFO_FAMILIES.items():
        try:
            texts[family] = (distro_info / name).read_bytes()
        except OSError:
            raise MissingData(
                f"{distro_info / name}: not found; install distro-info-data "
                "(apt-get install distro-info-data) or give --distro-info DIR"
            ) from None
    version = version or distro_info_version(distro_info)
    if version is None:
        raise MissingData(
            f"the version of distro-info-data in {distro_info} is unknown: "
            "give --distro-info-version"
        )
    source = f"{DISTRO_INFO_URL} (distro-info-data {version}: {{name}})"
    rows: list[Row] = []
    for family, name in DISTRO_INFO_FAMILIES.items():
        try:
            rows += read_distro_info(
                family, texts[family].decode("utf-8"), source.format(name=name)
            )
        except (CSVError, UnicodeDecodeError, csv.Error) as error:
            raise CSVError(0, f"{distro_info / name}: {error}") from None
    try:
        others, inferred = read_rows(data.decode("utf-8"), skip=tuple(DISTRO_INFO_FAMILIES))
    except (CSVError, UnicodeDecodeError, csv.Error) as error:
        raise CSVError(0, f"{csv_name}: {error}") from None
    rows += others
    digests = {
        name: hashlib.sha256(texts[family]).hexdigest()
        for family, name in DISTRO_INFO_FAMILIES.items()
    }
    text = render(csv_name, hashlib.sha256(data).hexdigest(), (version, digests), rows, inferred)
    return text, len(rows), version


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: 0 written or up to date, 1 out of date, 2 bad or missing input."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--csv",
        default=DEFAULT_CSV,
        help=f"the CSV, relative to the repository root (default: {DEFAULT_CSV})",
    )
    parser.add_argument(
        "--distro-info",
        default=DEFAULT_DISTRO_INFO,
        help=f"distro-info-data's directory (default: {DEFAULT_DISTRO_INFO})",
    )
    parser.add_argument(
        "--distro-info-version",
        help="its package version (default: the installed package's, from dpkg)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the generated module is missing or out of date",
    )
    args = parser.parse_args(argv)
    try:
        text, count, version = generate(
            ROOT / args.csv, Path(args.distro_info), args.distro_info_version
        )
    except (MissingData, CSVError) as error:
        print(str(error).removeprefix("line 0: "), file=sys.stderr)
        return 2
    output = os.path.relpath(OUTPUT, ROOT)
    current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else None
    inputs = f"{args.csv} and distro-info-data {version}"
    if args.check:
        if current != text:
            print(f"{output} is out of date with {inputs}: run {RUN}", file=sys.stderr)
            return 1
        print(f"{output} is up to date ({count} releases; {inputs})")
        return 0
    if current != text:
        OUTPUT.write_text(text, encoding="utf-8")
        print(f"wrote {output}: {count} releases from {inputs}")
    else:
        print(f"{output} already up to date ({count} releases; {inputs})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
