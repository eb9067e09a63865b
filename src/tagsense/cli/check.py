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
    from typing import Any, TextIO

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
  tagsense check services/ --format sarif --sarif-category services

configuration: [tool.tagsense] in pyproject.toml or .tagsense.toml, the nearest
one upward from each file (or --config). Suppress one finding with a comment:
'# tagsense: ignore[TS001]' on the line or the line above.

reports: json, sarif, github and gitlab give paths from the repository's root
(the git work tree's top, or GITHUB_WORKSPACE / CI_PROJECT_DIR), text from the
current directory. The github format is the default when GITHUB_ACTIONS=true;
it also writes a summary to GITHUB_STEP_SUMMARY when that is set.

exit status: 0 nothing at or above --fail-on, 1 findings, 2 a usage,
configuration or I/O error.
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
    check.add_argument(
        "--sarif-category",
        metavar="CATEGORY",
        help="the analysis' category in the SARIF report (automationDetails.id)",
    )
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
    from ..errors import TagsenseError
    from ..policy import Config, ConfigError
    from ..policy.engine import check, check_with_configs
    from ..report import render

    output_format = args.format or (
        "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    )
    if args.sarif_category is not None and output_format != "sarif":
        parser.error("--sarif-category goes with --format sarif")
    config: Config | None = None
    configs: tuple[Config, ...] = ()
    try:
        if args.config:
            config = Config.load(args.config)
        found, status = _scan(args)
        options: dict[str, Any] = {
            "config": config,
            "as_of": args.as_of,
            "overrides": overrides_of(args),
        }
        if output_format == "sarif":  # (it describes every rule the configurations enable)
            findings, configs = check_with_configs(found, **options)
        else:
            findings = check(found, **options)
    except ConfigError as error:
        print(f"tagsense: configuration error: {error}", file=sys.stderr)
        return EXIT_ERROR
    color = not args.no_color and use_color(sys.stdout)
    show_source = output_format == "text" and not args.quiet and sys.stdout.isatty()
    if output_format == "text":
        root = os.getcwd()
    else:  # paths that name files of the repository, wherever the check runs
        from ..report import repository_root

        root = repository_root()
    step_summary = _step_summary() if output_format == "github" else None
    try:
        render(
            output_format,
            findings,
            found.errors,
            stream=sys.stdout,
            root=root,
            color=color,
            show_source=show_source,
            rules=None if config is None else config.user_rules,
            quiet=args.quiet,
            configs=configs,
            successful=status != EXIT_ERROR,
            category=args.sarif_category,
            step_summary=step_summary,
            source_url=_source_url() if step_summary is not None else None,
        )
    except TagsenseError as error:
        print(f"tagsense: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        if step_summary is not None:
            step_summary.close()
    if status == EXIT_ERROR:
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_OK
    failing = _fails(findings, args.fail_on) or any(not error.note for error in found.errors)
    return EXIT_FINDINGS if failing else EXIT_OK


def _step_summary() -> TextIO | None:
    """The file GitHub Actions shows as the step's summary, opened to append, if any.

    A summary that cannot be opened is a warning: the annotations and the log
    still say everything.
    """
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return None
    try:
        return open(path, "a", encoding="utf-8")  # (closed by the caller)
    except OSError as error:
        reason = error.strerror or str(error)
        print(f"tagsense: warning: cannot write the step summary {path}: {reason}", file=sys.stderr)
        return None


def _source_url() -> str | None:
    """Where a path of the repository is appended for a link to it on GitHub, if known."""
    server = os.environ.get("GITHUB_SERVER_URL")
    repository = os.environ.get("GITHUB_REPOSITORY")
    sha = os.environ.get("GITHUB_SHA")
    if not (server and repository and sha):
        return None
    return f"{server.rstrip('/')}/{repository}/blob/{sha}/"


def _scan(args: argparse.Namespace) -> tuple[Scan, int]:
    """The files named (``-``: standard input), scanned as ``refs`` scans them."""
    from ._common import scan

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
