"""The ``tagsense`` command line.

Exit codes: 0 all good, 1 findings (an invalid reference), 2 usage or I/O
error. Errors are one clear line (or a caret display) on stderr, never a
traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import TYPE_CHECKING, TextIO

from ._version import __version__
from .errors import InvalidReference
from .reference import Reference, parse_reference

if TYPE_CHECKING:
    import datetime
    from collections.abc import Iterable, Sequence

__all__ = ["main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

_DESCRIPTION = """\
tagsense knows what a container image reference means: it parses references
exactly as Docker does (registry, repository, tag, digest), normalises them
(redis is docker.io/library/redis) and says precisely what is wrong with a
bad one.
"""

_PARSE_EPILOG = """\
examples:
  tagsense parse redis:7.0-rc-bullseye ghcr.io/acme/api:1.4.2
  tagsense parse --json localhost:5000/app@sha256:...
  tagsense parse --from-file examples/references.txt
  tagsense parse --no-normalize redis        # Docker's Parse: no docker.io defaults

exit status: 0 when every reference is valid, 1 when one is not, 2 on a
usage or I/O error.
"""


_EXPLAIN_EPILOG = """\
examples:
  tagsense explain redis:7.0-rc-bullseye node:17-buster-slim
  tagsense explain --as-of 2026-01-01 ubuntu:jammy-20240111
  tagsense explain --json mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022

exit status: 0 when every reference is valid, 1 when one is not, 2 on a
usage or I/O error.
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # Usage errors exit 2 with one line, as argparse does, plus a hint.
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message}\n")


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tagsense",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Run 'tagsense COMMAND --help' for a command's options and examples.",
    )
    parser.add_argument("--version", action="version", version=f"tagsense {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    parse = commands.add_parser(
        "parse",
        help="show the parts of image references",
        description="Show the parts of each image reference: registry, namespace,\n"
        "repository, tag, digest, and the familiar and normalised forms.",
        epilog=_PARSE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parse.add_argument("references", nargs="*", metavar="REF", help="image references")
    parse.add_argument(
        "-f",
        "--from-file",
        action="append",
        default=[],
        metavar="FILE",
        help="read references from FILE, one a line ('#' starts a comment; '-' is stdin)",
    )
    parse.add_argument("--json", action="store_true", help="print JSON (a documented contract)")
    parse.add_argument(
        "--no-normalize",
        dest="normalize",
        action="store_false",
        help="do not apply Docker Hub's defaults (docker.io, library/)",
    )
    explain = commands.add_parser(
        "explain",
        help="explain what each tag says: version, prerelease, OS release, flavours",
        description="Explain the tag of each image reference: every part with its class and\n"
        "meaning, the version and its precision, the OS release with its support dates,\n"
        "and whether the tag floats (moves as new builds are pushed).",
        epilog=_EXPLAIN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    explain.add_argument("references", nargs="*", metavar="REF", help="image references")
    explain.add_argument(
        "-f",
        "--from-file",
        action="append",
        default=[],
        metavar="FILE",
        help="read references from FILE, one a line ('#' starts a comment; '-' is stdin)",
    )
    explain.add_argument("--json", action="store_true", help="print JSON (a documented contract)")
    explain.add_argument(
        "--as-of",
        type=_iso_date,
        metavar="DATE",
        help="judge OS support on DATE (YYYY-MM-DD) instead of today",
    )
    return parser


def _iso_date(text: str) -> datetime.date:
    import datetime

    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    try:
        if args.command == "explain":
            return _run_explain(args, parser)
        return _run_parse(args, parser)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not an error of ours.
        sys.stderr.close()
        return EXIT_OK
    except Exception as error:  # an internal error: say so, never a traceback
        print(
            f"tagsense: internal error: {type(error).__name__}: {error}\n"
            "Please report it at https://github.com/tagsense/tagsense/issues",
            file=sys.stderr,
        )
        return EXIT_ERROR


def _read_lines(path: str) -> list[str]:
    if path == "-":
        lines = sys.stdin.read().splitlines()
    else:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    references = []
    for line in lines:
        text = line.split("#", 1)[0].strip()
        if text:
            references.append(text)
    return references


def _references(
    args: argparse.Namespace, parser: argparse.ArgumentParser, *, normalize: bool = True
) -> list[tuple[str, Reference | InvalidReference]] | None:
    """The references named on the command line and in files (None: an I/O error, reported)."""
    texts: list[str] = list(args.references)
    for path in args.from_file:
        try:
            texts.extend(_read_lines(path))
        except (OSError, UnicodeDecodeError) as error:
            print(f"tagsense: cannot read {path}: {_os_reason(error)}", file=sys.stderr)
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


def _run_parse(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    results = _references(args, parser, normalize=args.normalize)
    if results is None:
        return EXIT_ERROR
    if args.json:
        json.dump(_json_document(results), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        _print_table(results, sys.stdout, sys.stderr)
    invalid = any(isinstance(result, InvalidReference) for _, result in results)
    return EXIT_FINDINGS if invalid else EXIT_OK


def _os_reason(error: OSError | UnicodeDecodeError) -> str:
    if isinstance(error, UnicodeDecodeError):
        return "not UTF-8 text"
    return error.strerror or str(error)


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


def _json_document(results: Iterable[tuple[str, Reference | InvalidReference]]) -> object:
    items: list[dict[str, object]] = []
    for text, result in results:
        if isinstance(result, InvalidReference):
            items.append(
                {
                    "input": text,
                    "valid": False,
                    "error": {
                        "kind": result.kind,
                        "position": result.position,
                        "message": result.reason,
                    },
                }
            )
        else:
            items.append({"input": text, "valid": True, **reference_dict(result)})
    return {"version": 1, "references": items}


def _use_color(stream: TextIO) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


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
        bold = "\033[1m" if _use_color(out) else ""
        reset = "\033[0m" if bold else ""
        for index, row in enumerate([header, *rows]):
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            line = "  ".join([*cells, row[-1]])
            out.write(f"{bold}{line}{reset}\n" if index == 0 else f"{line}\n")
    red = "\033[31m" if _use_color(err) else ""
    reset = "\033[0m" if red else ""
    for text, result in results:
        if isinstance(result, InvalidReference):
            err.write(f"{red}{text}: {result.kind}{reset}\n{result}\n")


def _run_explain(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    import datetime

    from .explain import explain_json, explain_text

    results = _references(args, parser)
    if results is None:
        return EXIT_ERROR
    as_of = args.as_of or datetime.date.today()
    if args.json:
        document = {
            "version": 1,
            "as_of": as_of.isoformat(),
            "references": [explain_json(text, result, as_of) for text, result in results],
        }
        json.dump(document, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        color = _use_color(sys.stdout)
        for index, (text, result) in enumerate(results):
            if isinstance(result, InvalidReference):
                sys.stderr.write(f"{text}: {result.kind}\n{result}\n")
                continue
            if index:
                sys.stdout.write("\n")
            sys.stdout.write(explain_text(result, as_of, color=color))
    invalid = any(isinstance(result, InvalidReference) for _, result in results)
    return EXIT_FINDINGS if invalid else EXIT_OK
