"""``tagsense explain``: what each tag says (version, prerelease, OS release, flavours)."""

from __future__ import annotations

import sys

from ..errors import InvalidReference
from ._common import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, Formatter, iso_date, use_color
from .parse import add_reference_arguments, references

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Any

__all__ = ["add_parser", "run"]

_EPILOG = """\
examples:
  tagsense explain redis:7.0-rc-bullseye node:17-buster-slim
  tagsense explain --as-of 2026-01-01 ubuntu:jammy-20240111
  tagsense explain --json mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022

exit status: 0 when every reference is valid, 1 when one is not, 2 on a
usage or I/O error.
"""


def add_parser(commands: Any) -> None:
    explain = commands.add_parser(
        "explain",
        help="explain what each tag says: version, prerelease, OS release, flavours",
        description="Explain the tag of each image reference: every part with its class and\n"
        "meaning, the version and its precision, the OS release with its support dates,\n"
        "and whether the tag floats (moves as new builds are pushed).",
        epilog=_EPILOG,
        formatter_class=Formatter,
    )
    add_reference_arguments(explain)
    explain.add_argument(
        "--as-of",
        type=iso_date,
        metavar="DATE",
        help="judge OS support on DATE (YYYY-MM-DD) instead of today",
    )


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    import datetime

    from ..explain import explain_json, explain_text

    results = references(args, parser)
    if results is None:
        return EXIT_ERROR
    as_of = args.as_of or datetime.date.today()
    if args.json:
        import json

        document = {
            "version": 1,
            "as_of": as_of.isoformat(),
            "references": [explain_json(text, result, as_of) for text, result in results],
        }
        json.dump(document, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        color = use_color(sys.stdout)
        shown = 0
        for text, result in results:
            if isinstance(result, InvalidReference):
                sys.stderr.write(f"{text}: {result.kind}\n{result}\n")
                continue
            if shown:
                sys.stdout.write("\n")
            sys.stdout.write(explain_text(result, as_of, color=color))
            shown += 1
    invalid = any(isinstance(result, InvalidReference) for _, result in results)
    return EXIT_FINDINGS if invalid else EXIT_OK
