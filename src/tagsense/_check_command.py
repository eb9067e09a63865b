"""``tagsense check`` and ``tagsense rules``: the linter people run, and what its rules mean.

Exit codes: 0 nothing at or above the failure level, 1 findings (or files the
real tool would reject), 2 a usage, configuration or I/O error.
"""

from __future__ import annotations

import os
import sys

from .cli import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    _Formatter,
    _iso_date,
    _use_color,
    add_build_arguments,
    scan_paths,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Any

    from .policy import Config, Finding
    from .sources.model import Occurrence, SourceError

__all__ = ["add_check_parser", "add_rules_parser", "run_check", "run_rules"]

FORMATS = ("text", "json", "sarif", "github", "gitlab")

_CHECK_EPILOG = """\
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


def add_check_parser(commands: Any) -> None:
    """Add ``check`` to the command line's subcommands."""
    check = commands.add_parser(
        "check",
        help="lint the image references in Dockerfiles, compose, Kubernetes and CI files",
        description="Find the image references in files and judge them by the rules:\n"
        "latest and missing tags, floating versions, prereleases, end-of-life OS\n"
        "releases, registries and publishers not allowed, and your own rules.",
        epilog=_CHECK_EPILOG,
        formatter_class=_Formatter,
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
        "--as-of", type=_iso_date, metavar="DATE", help="judge end of life on DATE (YYYY-MM-DD)"
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


def add_rules_parser(commands: Any) -> None:
    """Add ``rules`` to the command line's subcommands."""
    rules = commands.add_parser(
        "rules",
        help="list the rules, or show one rule's documentation",
        description="List every rule (code, name, default severity), or print the\n"
        "documentation of one rule given by code or name.",
        epilog="examples:\n  tagsense rules\n  tagsense rules TS004\n  tagsense rules latest-tag",
        formatter_class=_Formatter,
    )
    rules.add_argument("rule", nargs="?", metavar="CODE|NAME", help="a rule's code or name")
    rules.add_argument("--json", action="store_true", help="print JSON")


def _code_list(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def run_check(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """``tagsense check``: scan, judge, report; return the exit code."""
    from .policy import Config, ConfigError, check
    from .report import render

    output_format = args.format or (
        "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    )
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
    config: Config | None = None
    texts: dict[str, str] = {}
    try:
        if args.config:
            config = Config.load(args.config)
        if "-" in args.paths:
            occurrences, errors, status = _scan_stdin(args, texts)
            others = [path for path in args.paths if path != "-"]
            if others:
                args.paths = others
                more, more_errors, more_status = scan_paths(args)
                occurrences += more
                errors += more_errors
                status = max(status, more_status)
        else:
            occurrences, errors, status = scan_paths(args)
        findings = check(
            occurrences, config=config, as_of=args.as_of, overrides=overrides, texts=texts
        )
    except ConfigError as error:
        print(f"tagsense: configuration error: {error}", file=sys.stderr)
        return EXIT_ERROR
    color = not args.no_color and _use_color(sys.stdout)
    show_source = output_format == "text" and not args.quiet and sys.stdout.isatty()
    rules = None if config is None else config.user_rules
    render(
        output_format,
        findings,
        errors,
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
    failing = _fails(findings, args.fail_on) or bool(errors)
    return EXIT_FINDINGS if failing else EXIT_OK


def _fails(findings: list[Finding], fail_on: str) -> bool:
    if fail_on == "warning":
        return bool(findings)
    return any(finding.severity == "error" for finding in findings)


def _scan_stdin(
    args: argparse.Namespace, texts: dict[str, str]
) -> tuple[list[Occurrence], list[SourceError], int]:
    from .sources.discover import kind_of_file
    from .sources.find import find_references

    text = sys.stdin.read()
    name = args.stdin_filename or "-"
    kind = kind_of_file(name) if args.stdin_filename else None
    build_args = {n: v for n, v in args.build_args if v is not None}
    scan = find_references(
        text, kind=kind or "dockerfile", build_args=build_args, target=args.target
    )
    occurrences = [_renamed(occurrence, name) for occurrence in scan.occurrences]
    from .sources.model import SourceError

    errors = [SourceError(name, error.line, error.message) for error in scan.errors]
    texts[name] = text
    return occurrences, errors, EXIT_OK


def _renamed(occurrence: Occurrence, path: str) -> Occurrence:
    from .sources.model import Occurrence

    return Occurrence(
        path=path,
        line=occurrence.line,
        column=occurrence.column,
        kind=occurrence.kind,
        raw=occurrence.raw,
        text=occurrence.text,
        reference=occurrence.reference,
        context=occurrence.context,
    )


def run_rules(args: argparse.Namespace) -> int:
    """``tagsense rules [CODE|NAME]``."""
    from .policy.rules import RULES, RULES_BY_KEY

    if args.rule:
        rule = RULES_BY_KEY.get(args.rule) or RULES_BY_KEY.get(args.rule.upper())
        if rule is None:
            from difflib import get_close_matches

            hint = get_close_matches(args.rule, list(RULES_BY_KEY), n=1)
            extra = f" (did you mean {hint[0]!r}?)" if hint else ""
            print(f"tagsense: no rule {args.rule!r}{extra}", file=sys.stderr)
            return EXIT_ERROR
        selected = [rule]
    else:
        selected = list(RULES)
    if args.json:
        import json

        document = [
            {
                "code": rule.code,
                "name": rule.name,
                "severity": rule.severity,
                "default_enabled": rule.default_enabled,
                "summary": rule.summary,
                "options": [option.key for option in rule.options],
                "documentation": rule.doc,
            }
            for rule in selected
        ]
        json.dump(document if not args.rule else document[0], sys.stdout, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    if args.rule:
        rule = selected[0]
        enabled = "" if rule.default_enabled else " (off by default; on in the strict preset)"
        sys.stdout.write(f"{rule.code} {rule.name}: default severity {rule.severity}{enabled}\n\n")
        sys.stdout.write(rule.doc + "\n")
        return EXIT_OK
    width = max(len(rule.name) for rule in RULES)
    for rule in selected:
        marker = " " if rule.default_enabled else "*"
        sys.stdout.write(
            f"{rule.code}{marker} {rule.name.ljust(width)}  {rule.severity:<7}  {rule.summary}\n"
        )
    sys.stdout.write("\n* off by default (on in the strict preset)\n")
    return EXIT_OK
