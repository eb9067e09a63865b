"""``tagsense outdated``: the newest tag of the same shape for each reference.

Exit codes: 0 every reference is up to date, 1 some have newer tags, 2 a usage
error or a reference the registries could not answer for.
"""

from __future__ import annotations

import sys

from ._common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    Formatter,
    RegistryProgress,
    add_build_arguments,
    add_registry_arguments,
    iso_date,
    registry_client,
    use_color,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from typing import Any, TextIO

    from ..registry import Outdated

__all__ = ["add_parser", "outdated_document", "run"]

_EPILOG = """\
columns: the newest tag of the same shape as the current one (what a user
  would accept as a drop-in: the same flavours and variants, the same OS
  family and release, no prerelease unless the current tag is one), by how
  far it moves: PATCH (3.12.7-slim -> 3.12.8-slim), MINOR (-> 3.13.1-slim),
  MAJOR (-> 4.0.0-slim); '-' when there is none. NEWEST appears for tags with
  a build date and no version; OS UPGRADE, for a tag whose OS release is past
  its end of life, is the same version on a supported release, when the
  repository has such a tag.

output:
  text: the references with newer tags (and those the registries could not
        answer for), then a summary.
  json: {"version": 1, "references": [{"path", "line", "column", "reference",
        "current", "digest", "patch", "minor", "major", "newest",
        "os_upgrade", "error"}]}, every reference (see docs/cli.md).

examples:
  tagsense outdated                     # every file under .
  tagsense outdated --format json . > outdated.json
  tagsense outdated --os-upgrade services/
  tagsense outdated --offline           # from the cache of earlier answers

exit status: 0 everything up to date, 1 newer tags exist, 2 a usage error or
a reference the registries could not answer for.
"""


def add_parser(commands: Any) -> None:
    command = commands.add_parser(
        "outdated",
        help="show the newer tags of the same shape for each image reference",
        description="For each image reference, the newest tag of the same shape: the newest\n"
        "patch, minor and major release a user would accept as a drop-in.",
        epilog=_EPILOG,
        formatter_class=Formatter,
    )
    command.add_argument(
        "paths", nargs="*", default=["."], metavar="PATH", help="files or directories (default: .)"
    )
    command.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="output format (default: text; json is a documented contract)",
    )
    command.add_argument(
        "--os-upgrade",
        action="store_true",
        help="let every column move to a newer release of the same OS (bookworm -> trixie)",
    )
    command.add_argument(
        "--as-of", type=iso_date, metavar="DATE", help="judge end of life on DATE (YYYY-MM-DD)"
    )
    command.add_argument("-q", "--quiet", action="store_true", help="no summary, no progress")
    add_registry_arguments(command)
    add_build_arguments(command, archives=False)


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from ..registry import outdated
    from ._common import scan

    if args.offline and args.refresh:
        parser.error("--offline and --refresh contradict each other")
    found, status = scan(args, args.paths, quiet=args.quiet)
    progress = RegistryProgress(sys.stderr, quiet=args.quiet)
    try:
        with registry_client(args, progress) as client:
            rows = outdated(found, client, allow_os_upgrade=args.os_upgrade, as_of=args.as_of)
    finally:
        progress.finish()
    if args.format == "json":
        import json

        json.dump(outdated_document(rows), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        _print_table(rows, sys.stdout)
        if not args.quiet:
            _summary(rows, sys.stdout)
    errors = [row for row in rows if row.error is not None]
    for row in errors:
        occurrence = row.occurrence
        print(
            f"tagsense: error: {row.error} ({occurrence.path}:{occurrence.line})", file=sys.stderr
        )
    if errors or status == EXIT_ERROR:
        return EXIT_ERROR
    return EXIT_FINDINGS if any(row.is_outdated for row in rows) else EXIT_OK


def outdated_document(rows: Sequence[Outdated]) -> dict[str, object]:
    """The ``tagsense outdated --format json`` document (a documented contract, version 1)."""
    return {"version": 1, "references": [row.as_dict() for row in rows]}


def _print_table(rows: Sequence[Outdated], out: TextIO) -> None:
    shown = [row for row in rows if row.is_outdated or row.error is not None]
    if not shown:
        return
    color = use_color(out)
    green, red, reset = ("\033[32m", "\033[31m", "\033[0m") if color else ("", "", "")
    columns = ["PATH:LINE", "IMAGE", "CURRENT", "PATCH", "MINOR", "MAJOR"]
    newest = any(_newest_only(row) for row in shown)
    upgrades = any(row.os_upgrade for row in shown)
    if newest:
        columns.append("NEWEST")
    if upgrades:
        columns.append("OS UPGRADE")
    table = []
    for row in shown:
        occurrence = row.occurrence
        cells = [
            f"{occurrence.path}:{occurrence.line}",
            row.reference.familiar_name,
            row.current,
        ]
        if row.error is not None:
            kind = row.error.partition(":")[0]
            table.append((cells, f"{red}(not answered: {kind}){reset}"))
            continue
        cells += [row.patch or "-", row.minor or "-", row.major or "-"]
        if newest:
            cells.append(_newest_only(row) or "-")
        if upgrades:
            cells.append(row.os_upgrade or "-")
        table.append((cells, ""))
    widths = [len(name) for name in columns]
    for cells, _ in table:
        for index, cell in enumerate(cells):
            widths[index] = max(widths[index], len(cell))
    out.write("  ".join(name.ljust(widths[i]) for i, name in enumerate(columns)).rstrip() + "\n")
    for cells, error in table:
        text = []
        for index, cell in enumerate(cells):
            padded = cell.ljust(widths[index])
            text.append(f"{green}{padded}{reset}" if index > 2 and cell != "-" else padded)
        line = "  ".join(text)
        out.write((f"{line}  {error}" if error else line).rstrip() + "\n")


def _newest_only(row: Outdated) -> str | None:
    """The newest tag when no other column names it (a tag with a date and no version)."""
    if row.newest is None or row.newest in (row.patch, row.minor, row.major):
        return None
    return row.newest


def _summary(rows: Sequence[Outdated], out: TextIO) -> None:
    total = len(rows)
    behind = sum(1 for row in rows if row.is_outdated)
    failed = sum(1 for row in rows if row.error is not None)
    if not total:
        out.write("No references.\n")
        return
    noun = "reference" if total == 1 else "references"
    if behind:
        verb = "has" if behind == 1 else "have"
        text = f"{behind} of {total} {noun} {verb} newer tags"
    elif failed:
        text = f"{total - failed} of {total} {noun} up to date"
    else:
        text = "The reference is up to date" if total == 1 else f"All {total} {noun} up to date"
    if failed:
        text += f"; {failed} could not be answered"
    out.write(text + ".\n")
