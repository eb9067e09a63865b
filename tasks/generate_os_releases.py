"""Generate ``src/tagsense/_os_data.py`` from ``../shared/corpus/os-releases.csv``.

The CSV (columns ``family,codename,version,released,eol,eol_extended,lts,source_url``; see
``os-releases.README.md`` next to it) is validated row by row, then written out as one tuple of
plain tuples, in CSV order, that :mod:`tagsense.os_releases` turns into ``OSRelease`` values on
first use::

    RELEASES = ((family, codename_or_None, version, released_iso_or_None, eol_iso_or_None,
                 eol_extended_iso_or_None, lts_or_None, source_url), ...)

Validation: the header must be exactly the eight known columns and every row must have eight
fields; ``family`` is lower-case ``[a-z0-9-]``; ``version`` and ``source_url`` are required;
dates are ``YYYY-MM-DD`` or ``YYYY-MM`` (read as the *last* day of that month, and listed in
``INFERRED_DAYS`` so that the guess stays visible) or empty; ``lts`` is ``true``, ``false`` or
empty; ``(family, version)`` and ``(family, codename)`` are unique; ``released <= eol <=
eol_extended`` where known. Any problem is reported with its CSV line and the script exits 2.

Usage (from the repository root)::

    python tasks/generate_os_releases.py            # (re)write src/tagsense/_os_data.py
    python tasks/generate_os_releases.py --check    # exit 1 if that file is out of date
    python tasks/generate_os_releases.py --csv other.csv
"""

from __future__ import annotations

import argparse
import calendar
import csv
import datetime
import hashlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CSV = "../shared/corpus/os-releases.csv"
OUTPUT = ROOT / "src" / "tagsense" / "_os_data.py"
COLUMNS = ("family", "codename", "version", "released", "eol", "eol_extended", "lts", "source_url")
DATE_COLUMNS = ("released", "eol", "eol_extended")
RUN = "python tasks/generate_os_releases.py"
#: Where the CSV's facts come from, as its README says (os-releases.README.md, "Source:").
SOURCE = (
    "endoflife.date: github.com/endoflife-date/endoflife.date products/*.md",
    "at commit a70eca337600 (2026-08-22), unless a row's source_url says otherwise,",
    "plus the extra rows the README lists (Debian forky/duke/sid, Ubuntu stonking,",
    "Alpine edge, UBI 7-10, CBL-Mariner 1.0/2.0, Azure Linux 3.0, Wolfi).",
)

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


def read_rows(text: str) -> tuple[list[Row], list[Inferred]]:
    """Validate the CSV text; return its rows and the ``(family, version, column)`` of each
    date whose day was inferred from a ``YYYY-MM`` value."""
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
        dates: list[str | None] = []
        for column, cell in zip(DATE_COLUMNS, (released, eol, eol_extended), strict=True):
            value, guessed = parse_date(cell, line, column)
            dates.append(value)
            if guessed:
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
        rows.append(
            (
                family,
                codename or None,
                version,
                dates[0],
                dates[1],
                dates[2],
                parse_lts(lts, line),
                source,
            )
        )
    if not rows:
        raise CSVError(1, "no rows")
    return rows, inferred


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


def render(csv_name: str, digest: str, rows: list[Row], inferred: list[Inferred]) -> str:
    """The text of ``_os_data.py`` (stable: ``ruff format`` leaves it unchanged)."""
    out = [
        f"# Generated by tasks/generate_os_releases.py from {csv_name} -- do not edit by hand.",
        *("# " + ("Source: " if i == 0 else "  ") + line for i, line in enumerate(SOURCE)),
        "# CSV sha256: " + digest,
        f"# Regenerate: {RUN} (check: --check).",
        "# ruff: noqa: E501",
        '"""OS release facts: one plain tuple per CSV row, in CSV order (see os_releases.py).',
        "",
        "RELEASES: (family, codename, version, released, eol, eol_extended, lts, source) with",
        "ISO dates as strings and None for empty cells. INFERRED_DAYS: (family, version, column)",
        "of each date given only as YYYY-MM in the CSV, stored as the last day of that month.",
        '"""',
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


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: 0 written or up to date, 1 out of date, 2 bad CSV."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--csv",
        default=DEFAULT_CSV,
        help=f"the CSV, relative to the repository root (default: {DEFAULT_CSV})",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the generated module is missing or out of date",
    )
    args = parser.parse_args(argv)
    csv_path = ROOT / args.csv
    # The header names the CSV as given relative to the root, so the output does not depend on
    # where the checkout lives.
    csv_name = Path(os.path.relpath(csv_path, ROOT)).as_posix()
    try:
        data = csv_path.read_bytes()
    except OSError as error:
        print(f"{csv_name}: {error}", file=sys.stderr)
        return 2
    try:
        rows, inferred = read_rows(data.decode("utf-8"))
    except (CSVError, UnicodeDecodeError, csv.Error) as error:
        print(f"{csv_name}: {error}", file=sys.stderr)
        return 2
    text = render(csv_name, hashlib.sha256(data).hexdigest(), rows, inferred)
    output = os.path.relpath(OUTPUT, ROOT)
    current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else None
    if args.check:
        if current != text:
            print(f"{output} is out of date with {csv_name}: run {RUN}", file=sys.stderr)
            return 1
        print(f"{output} is up to date ({len(rows)} releases)")
        return 0
    if current != text:
        OUTPUT.write_text(text, encoding="utf-8")
        print(f"wrote {output}: {len(rows)} releases from {csv_name}")
    else:
        print(f"{output} already up to date ({len(rows)} releases)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
