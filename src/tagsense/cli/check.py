"""``tagsense check``: the linter people run: scan, judge, report.

Exit codes: 0 nothing at or above the failure level, 1 findings (or files the
real tool would reject), 2 a usage, configuration or I/O error.
"""

from __future__ import annotations

import os
import sys

from ._common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    Formatter,
    add_build_arguments,
    build_args,
    iso_date,
    use_color,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Any

    from ..occurrence import Scan
    from ..policy import Config, Finding

__all__ = ["FORMATS", "add_parser", "run"]

FORMATS = ("text", "json", "sarif", "github", "gitlab")

_EPILOG = """\
examples:
  tagsense check                          # every source under . (Dockerfiles, YAML…)
  tagsense check services/ --format json
  tagsense check --select TS001,TS002 --fail-on warning Dockerfile
  tagsense check --as-of 2026-01-01 .     # judge end of life on a given day
  tagsense check - --stdin-filename Dockerfile < Dockerfile
  tagsense check --format sarif > tagsense.sarif   # for code scanning

configuration: [tool.tagsense] in pyproject.toml or .tagsense.toml, the nearest
one upward from each file (or --config). Suppress one finding with a comment:
'# tagsense: ignore[TS001]' on the line or the line above.

exit status: 0 nothing at or above --fail-on, 1 findings, 2 a usage,
configuration or I/O error. The github format is the default when
GITHUB_ACTIONS=true.
"""


def add_parser(commands: Any) -> None:
    check = commands.add_parser(
        "check",
        help="lint the image references in Dockerfiles, compose, Kubernetes and CI files",
        description="Find the image references in files and judge them by the rules:\n"
        "latest and missing tags, floating versions, prereleases, end-of-life OS\n"
        "releases, registries and publishers not allowed, and your own rules.",
        epilog=_EPILOG,
        formatter_class=Formatter,
    )
    check.add_argument(
        "paths", nargs="*", default=["."], metavar="PATH", help="files, directories, or - (stdin)"
    )
    check.add_argument("--format", choices=FORMATS, help="output format (default: text)")
    check.add_argument("--config", metavar="FILE", help="use this configuration file only")
    check.add_argument("--preset", choices=("default", "strict"), help="the rule preset")
    check.add_argument(
        "--select",
        type=_code_list,
        metavar="CODES",
        help="only these rules (codes or names, comma-separated)",
    )
    check.add_argument(
        "--ignore", type=_code_list, metavar="CODES", help="leave these rules out (comma-separated)"
    )
    check.add_argument(
        "--as-of", type=iso_date, metavar="DATE", help="judge end of life on DATE (YYYY-MM-DD)"
    )
    add_build_arguments(check)
    check.add_argument(
        "--stdin-filename", metavar="PATH", help="the name of the file read from - (stdin)"
    )
    check.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when there are findings"
    )
    check.add_argument(
        "--fail-on",
        choices=("warning", "error"),
        default="error",
        help="the least severity that fails the check (default: error)",
    )
    check.add_argument("-q", "--quiet", action="store_true", help="print the findings only")
    check.add_argument("--no-color", action="store_true", help="no colour, even on a terminal")


def _code_list(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def overrides_of(args: argparse.Namespace) -> dict[str, Any]:
    """The configuration keys the command line replaces (``--preset``, ``--select``…)."""
    overrides: dict[str, Any] = {}
    if args.preset:
        overrides["preset"] = args.preset
    if args.select is not None:
        # Exactly these rules: the configuration's own selection no longer counts.
        overrides["select"] = args.select
        overrides["extend-select"] = []
        overrides["ignore"] = []
    if args.ignore is not None:
        overrides["extend-ignore"] = args.ignore  # on top of the configuration's ignore
    return overrides


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from ..policy import Config, ConfigError, check
    from ..report import render

    output_format = args.format or (
        "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    )
    config: Config | None = None
    try:
        if args.config:
            config = Config.load(args.config)
        found, status = _scan(args)
        findings = check(found, config=config, as_of=args.as_of, overrides=overrides_of(args))
    except ConfigError as error:
        print(f"tagsense: configuration error: {error}", file=sys.stderr)
        return EXIT_ERROR
    color = not args.no_color and use_color(sys.stdout)
    show_source = output_format == "text" and not args.quiet and sys.stdout.isatty()
    rules = None if config is None else config.user_rules
    render(
        output_format,
        findings,
        found.errors,
        stream=sys.stdout,
        root=os.getcwd(),
        color=color,
        show_source=show_source,
        rules=rules,
        quiet=args.quiet,
    )
    if status == EXIT_ERROR:
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_OK
    failing = _fails(findings, args.fail_on) or bool(found.errors)
    return EXIT_FINDINGS if failing else EXIT_OK


def _scan(args: argparse.Namespace) -> tuple[Scan, int]:
    """The files named (``-``: standard input), scanned as ``refs`` scans them."""
    from .refs import scan

    paths = [path for path in args.paths if path != "-"]
    if len(paths) == len(args.paths):
        return scan(args, paths, quiet=args.quiet)
    from ..sources.find import finish

    found, status = _scan_stdin(args), EXIT_OK
    if paths:
        more, status = scan(args, paths, quiet=args.quiet)
        found = finish([found, more])
    return found, status


def _scan_stdin(args: argparse.Namespace) -> Scan:
    from ..sources import scan_text
    from ..sources.discover import kind_of_file

    text = sys.stdin.read()
    name = args.stdin_filename or "-"
    kind = kind_of_file(name) if args.stdin_filename else None
    return scan_text(
        text,
        kind=kind or "dockerfile",
        build_args=build_args(args),
        target=args.target,
        name=name,
    )


def _fails(findings: list[Finding], fail_on: str) -> bool:
    if fail_on == "warning":
        return bool(findings)
    return any(finding.severity == "error" for finding in findings)
