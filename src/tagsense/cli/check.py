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
    add_registry_arguments,
    build_args,
    iso_date,
    use_color,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Any, TextIO

    from ..answers import RegistryAnswer
    from ..occurrence import Occurrence, Scan
    from ..policy import Config, Finding
    from ..reference import Reference

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
  tagsense check --fix .                  # write the precise tags registries name

configuration: [tool.tagsense] in pyproject.toml or .tagsense.toml, the nearest
one upward from each file (or --config). Suppress one finding with a comment:
'# tagsense: ignore[TS001]' on the line or the line above.

reports: json, sarif, github and gitlab give paths from the repository's root
(the git work tree's top, or GITHUB_WORKSPACE / CI_PROJECT_DIR), text from the
current directory. The github format is the default when GITHUB_ACTIONS=true;
it also writes a summary to GITHUB_STEP_SUMMARY when that is set.

registry access: never, unless --fix or 'registry = true' in the
configuration: then the messages of TS001-TS004 name the tag to use (the most
precise tag of the same shape that is the same image today), TS013 reports
tags that do not exist, and --fix writes the tags (and digests, where TS007
asks for one). Answers are cached (--offline, --refresh).

exit status: 0 nothing at or above --fail-on, 1 findings, 2 a usage,
configuration or I/O error, or a registry that could not answer.
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
    check.add_argument(
        "--fix",
        action="store_true",
        help="ask the registries and write the fixes: the precise tag for a floating or "
        "missing one (TS001-TS004), the digest where TS007 asks for one",
    )
    add_registry_arguments(check)


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
    from ..policy.engine import check_with_configs
    from ..report import render

    output_format = args.format or (
        "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    )
    if args.sarif_category is not None and output_format != "sarif":
        parser.error("--sarif-category goes with --format sarif")
    if args.fix and "-" in args.paths:
        parser.error("--fix rewrites files: it cannot fix standard input")
    if args.offline and args.refresh:
        parser.error("--offline and --refresh contradict each other")
    config: Config | None = None
    configs: tuple[Config, ...] = ()
    failed = False
    try:
        if args.config:
            config = Config.load(args.config)
        own_images = None if config is None else config.own_images
        found, status = _scan(args, own_images)
        options: dict[str, Any] = {
            "config": config,
            "as_of": args.as_of,
            "overrides": overrides_of(args),
        }
        # (the configurations say whether registries may be asked; SARIF describes their rules)
        findings, configs = check_with_configs(found, **options)
        if args.fix or any(c.registry for c in configs):
            asked = _ask_registries(args, parser, found, findings, options)
            if asked is not None:
                answers, failed = asked
                options["answers"] = answers
                findings, configs = check_with_configs(found, **options)
                if args.fix:
                    fixed, fix_failed = _fix(args, findings, answers)
                    failed = failed or fix_failed
                    if fixed:  # what remains, read again
                        found, status = _scan(args, own_images)
                        findings, configs = check_with_configs(found, **options)
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
    if status == EXIT_ERROR or failed:
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_OK
    failing = _fails(findings, args.fail_on) or any(not error.note for error in found.errors)
    return EXIT_FINDINGS if failing else EXIT_OK


def _ask_registries(
    args: argparse.Namespace,
    parser: argparse.ArgumentParser,
    found: Scan,
    findings: list[Finding],
    options: dict[str, Any],
) -> tuple[dict[Reference, RegistryAnswer], bool] | None:
    """The registries' answers about the references that may be asked about, and whether
    any could not be answered (each such error printed, one line each); ``None`` when
    there is nothing to ask."""
    from .._vocabulary import unpublished
    from ..policy import Config
    from ..registry import answer
    from ._common import RegistryProgress, registry_client

    fixed = options["config"]
    by_directory: dict[str, Config] = {}

    def config_of(path: str | None) -> Config:
        if fixed is not None:
            return fixed  # type: ignore[no-any-return]
        directory = os.getcwd() if path is None else os.path.dirname(os.path.realpath(path))
        if directory not in by_directory:
            by_directory[directory] = Config.discover(directory)
        return by_directory[directory]

    asked: list[Occurrence] = []
    for occurrence in found:
        ref = occurrence.reference
        if ref is None or ref.digest is not None or occurrence.built is not None:
            continue
        if unpublished(ref.name):
            continue  # built or loaded locally: no registry has it to ask
        if occurrence.path is not None and config_of(occurrence.path).excludes(occurrence.path):
            continue
        allowed = config_of(occurrence.path).registry
        if allowed is False and args.fix and not args.offline:
            where = config_of(occurrence.path).path
            parser.error(
                f"--fix asks the registries, and {where} says registry = false "
                "(add --offline to fix from the cache of earlier answers)"
            )
        if allowed or (args.fix and (allowed is None or args.offline)):
            asked.append(occurrence)  # (offline, only the cache is asked)
    if not asked:
        return None
    advised = {
        (f.path, f.line, f.column)
        for f in findings
        if f.code in ("TS001", "TS002", "TS003", "TS004")
    }
    precise = [o.reference for o in asked if (o.path, o.line, o.column) in advised]
    progress = RegistryProgress(sys.stderr, quiet=args.quiet)
    try:
        with registry_client(args, progress) as client:
            answers = answer(
                [o.reference for o in asked if o.reference is not None],
                client,
                precise=[ref for ref in precise if ref is not None],
            )
    finally:
        progress.finish()
    errors: dict[str, list[str]] = {}
    from ..answers import answer_key

    for occurrence in asked:
        assert occurrence.reference is not None
        error = answers[answer_key(occurrence.reference)].error
        if error is not None:
            errors.setdefault(error, []).append(f"{occurrence.path}:{occurrence.line}")
    for error, places in errors.items():
        shown = ", ".join(dict.fromkeys(places[:5])) + (", …" if len(places) > 5 else "")
        print(f"tagsense: error: {error} ({shown})", file=sys.stderr)
    return answers, bool(errors)


def _fix(
    args: argparse.Namespace, findings: list[Finding], answers: dict[Reference, RegistryAnswer]
) -> tuple[bool, bool]:
    """Write the fixes; whether any file was written, and whether anything failed."""
    from ..registry import plan_fixes
    from ._common import short_digests

    plan = plan_fixes(findings, answers)
    written: list[str] = []
    failed = False
    for file in plan.files:
        try:
            if file.write():
                written.append(file.path)
        except ValueError as error:  # an EditError: changed since read, cannot write
            print(f"tagsense: error: {error}", file=sys.stderr)
            failed = True
    out = sys.stderr
    for result in plan.results:
        occurrence = result.occurrence
        where = f"{occurrence.path}:{occurrence.line}"
        if result.action == "fix" and result.path in written and not args.quiet:
            new = short_digests(result.new or "")
            note = f" ({result.note})" if result.note else ""
            out.write(f"{where}: fixed {result.reason}: {result.old} -> {new}{note}\n")
        elif (result.action == "skip" and not args.quiet) or result.action == "blocked":
            out.write(f"{where}: not fixed: {result.reason}\n")
        elif result.action == "error" and result.error is not None:
            out.write(f"tagsense: error: {result.reason} ({where})\n")
    count = sum(1 for r in plan.results if r.action == "fix" and r.path in written)
    if count and not args.quiet:
        files = len(written)
        out.write(
            f"Fixed {count} reference{'' if count == 1 else 's'} "
            f"in {files} file{'' if files == 1 else 's'}.\n"
        )
    return bool(written), failed or plan.failed


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


def _scan(args: argparse.Namespace, own_images: str | None = None) -> tuple[Scan, int]:
    """The files named (``-``: standard input), scanned as ``refs`` scans them;
    ``own_images``: ``--config``'s ``own-images`` (``None``: each file's configuration's)."""
    from ._common import scan

    paths = [path for path in args.paths if path != "-"]
    if len(paths) == len(args.paths):
        return scan(args, paths, quiet=args.quiet, own_images=own_images)
    from ..sources.find import finish

    found, status = _scan_stdin(args, own_images), EXIT_OK
    if paths:
        more, status = scan(args, paths, quiet=args.quiet, own_images=own_images)
        found = finish([found, more])
    return found, status


def _scan_stdin(args: argparse.Namespace, own_images: str | None) -> Scan:
    from ..sources import scan_text
    from ..sources.discover import kind_of_file

    text = sys.stdin.read()
    name = args.stdin_filename or "-"
    kind = kind_of_file(name) if args.stdin_filename else None
    if kind is None and name.endswith(".hcl"):
        from ..sources.nomad import is_nomad_job_text

        if is_nomad_job_text(text):  # (its name does not tell: its text, as a scan sniffs it)
            kind = "nomad"
    return scan_text(
        text,
        kind=kind or "dockerfile",
        build_args=build_args(args),
        target=args.target,
        name=name,
        own_images=own_images,
    )


def _fails(findings: list[Finding], fail_on: str) -> bool:
    if fail_on == "warning":
        return bool(findings)
    return any(finding.severity == "error" for finding in findings)
