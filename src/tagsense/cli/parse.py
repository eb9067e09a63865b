"""``tagsense parse``: the parts of image references, as Docker reads them."""

from __future__ import annotations

import sys

from ..errors import InvalidReference
from ..reference import Reference, parse_reference
from ._common import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, Formatter, os_reason, use_color

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterable, Sequence
    from typing import Any, TextIO

__all__ = ["add_parser", "add_reference_arguments", "reference_dict", "references", "run"]

_EPILOG = """\
examples:
  tagsense parse redis:7.0-rc-bullseye ghcr.io/acme/api:1.4.2
  tagsense parse --json localhost:5000/app@sha256:...
  tagsense parse --from-file examples/references.txt
  tagsense parse --no-normalize redis        # Docker's Parse: no docker.io defaults

exit status: 0 when every reference is valid, 1 when one is not, 2 on a
usage or I/O error.
"""


def add_parser(commands: Any) -> None:
    parse = commands.add_parser(
        "parse",
        help="show the parts of image references",
        description="Show the parts of each image reference: registry, namespace,\n"
        "repository, tag, digest, and the familiar and normalised forms.",
        epilog=_EPILOG,
        formatter_class=Formatter,
    )
    add_reference_arguments(parse)
    parse.add_argument(
        "--no-normalize",
        dest="normalize",
        action="store_false",
        help="do not apply Docker Hub's defaults (docker.io, library/)",
    )


def add_reference_arguments(command: argparse.ArgumentParser) -> None:
    """The arguments of the commands that take references: REF…, --from-file, --json."""
    command.add_argument("references", nargs="*", metavar="REF", help="image references")
    command.add_argument(
        "-f",
        "--from-file",
        action="append",
        default=[],
        metavar="FILE",
        help="read references from FILE, one a line ('#' starts a comment; '-' is stdin)",
    )
    command.add_argument("--json", action="store_true", help="print JSON (a documented contract)")


def _read_lines(path: str) -> list[str]:
    if path == "-":
        lines = sys.stdin.read().splitlines()
    else:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    found = []
    for line in lines:
        text = line.split("#", 1)[0].strip()
        if text:
            found.append(text)
    return found


def references(
    args: argparse.Namespace, parser: argparse.ArgumentParser, *, normalize: bool = True
) -> list[tuple[str, Reference | InvalidReference]] | None:
    """The references named on the command line and in files (None: an I/O error, reported)."""
    texts: list[str] = list(args.references)
    for path in args.from_file:
        try:
            texts.extend(_read_lines(path))
        except (OSError, UnicodeDecodeError) as error:
            print(f"tagsense: cannot read {path}: {os_reason(error)}", file=sys.stderr)
            return None
    if not texts:
        parser.parse_args([args.command, "--help"])  # prints help and exits 0
    results: list[tuple[str, Reference | InvalidReference]] = []
    for text in texts:
        try:
            results.append((text, parse_reference(text, normalize=normalize)))
        except InvalidReference as error:
            results.append((text, error))
    return results


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    results = references(args, parser, normalize=args.normalize)
    if results is None:
        return EXIT_ERROR
    if args.json:
        import json

        json.dump(_json_document(results), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        _print_table(results, sys.stdout, sys.stderr)
    invalid = any(isinstance(result, InvalidReference) for _, result in results)
    return EXIT_FINDINGS if invalid else EXIT_OK


def reference_dict(ref: Reference) -> dict[str, str | None]:
    """The JSON form of a reference (the ``tagsense parse --json`` contract)."""
    return {
        "canonical": str(ref),
        "registry": ref.registry,
        "namespace": ref.namespace,
        "app": ref.app,
        "repository": ref.repository,
        "name": ref.name,
        "tag": ref.tag,
        "digest": ref.digest,
        "familiar": ref.familiar,
        "normalized": ref.normalized,
    }


def error_dict(error: InvalidReference) -> dict[str, object]:
    """The JSON form of why a text is not a reference: ``{"kind", "position", "message"}``."""
    return {"kind": error.kind, "position": error.position, "message": error.reason}


def _json_document(results: Iterable[tuple[str, Reference | InvalidReference]]) -> object:
    items: list[dict[str, object]] = []
    for text, result in results:
        if isinstance(result, InvalidReference):
            items.append({"input": text, "valid": False, "error": error_dict(result)})
        else:
            items.append({"input": text, "valid": True, **reference_dict(result)})
    return {"version": 1, "references": items}


def _short_digest(digest: str | None, shorten: bool) -> str:
    if digest is None:
        return "-"
    if shorten:
        algorithm, _, encoded = digest.partition(":")
        return f"{algorithm}:{encoded[:12]}…"
    return digest


def _print_table(
    results: Sequence[tuple[str, Reference | InvalidReference]], out: TextIO, err: TextIO
) -> None:
    on_terminal = out.isatty()
    header = ("REFERENCE", "REGISTRY", "REPOSITORY", "TAG", "DIGEST")
    rows = [
        (
            result.familiar_name,
            result.registry or "-",
            result.repository,
            result.tag or "-",
            _short_digest(result.digest, on_terminal),
        )
        for _, result in results
        if isinstance(result, Reference)
    ]
    if rows:
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
        bold = "\033[1m" if use_color(out) else ""
        reset = "\033[0m" if bold else ""
        for index, row in enumerate([header, *rows]):
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            line = "  ".join([*cells, row[-1]])
            out.write(f"{bold}{line}{reset}\n" if index == 0 else f"{line}\n")
    red = "\033[31m" if use_color(err) else ""
    reset = "\033[0m" if red else ""
    for text, result in results:
        if isinstance(result, InvalidReference):
            err.write(f"{red}{text}: {result.kind}{reset}\n{result}\n")
