"""The ``tagsense`` command line.

Exit codes: 0 all good, 1 findings (an invalid reference), 2 usage or I/O
error. Errors are one clear line (or a caret display) on stderr, never a
traceback.
"""

from __future__ import annotations

import argparse
import os
import sys

from ._version import __version__
from .errors import InvalidReference
from .reference import Reference, parse_reference

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    from collections.abc import Iterable, Iterator, Sequence
    from typing import TextIO

    from .sources.model import Occurrence, Scan, SourceError

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


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """argparse's formatter, sized without importing shutil (a pre-commit run pays for it)."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            try:
                width = os.get_terminal_size().columns - 2
            except (OSError, ValueError):
                width = int(os.environ.get("COLUMNS", 80)) - 2
        super().__init__(prog, indent_increment, max_help_position, width)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # Usage errors exit 2 with one line, as argparse does, plus a hint.
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message}\n")


def _build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with ``only``, that subcommand's alone (start-up is time)."""
    parser = _Parser(
        prog="tagsense",
        description=_DESCRIPTION,
        formatter_class=_Formatter,
        epilog="Run 'tagsense COMMAND --help' for a command's options and examples.",
    )
    parser.add_argument("--version", action="version", version=f"tagsense {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, add in _COMMANDS.items():
        if only is None or name == only:
            add(commands)
    return parser


def _invoked(argv: Sequence[str]) -> str | None:
    """The subcommand ``argv`` runs when it starts with one (else the full parser is needed)."""
    return argv[0] if argv and argv[0] in _COMMANDS else None


def _add_parse_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    parse = commands.add_parser(
        "parse",
        help="show the parts of image references",
        description="Show the parts of each image reference: registry, namespace,\n"
        "repository, tag, digest, and the familiar and normalised forms.",
        epilog=_PARSE_EPILOG,
        formatter_class=_Formatter,
    )
    _add_reference_arguments(parse)
    parse.add_argument(
        "--no-normalize",
        dest="normalize",
        action="store_false",
        help="do not apply Docker Hub's defaults (docker.io, library/)",
    )


def _add_explain_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    explain = commands.add_parser(
        "explain",
        help="explain what each tag says: version, prerelease, OS release, flavours",
        description="Explain the tag of each image reference: every part with its class and\n"
        "meaning, the version and its precision, the OS release with its support dates,\n"
        "and whether the tag floats (moves as new builds are pushed).",
        epilog=_EXPLAIN_EPILOG,
        formatter_class=_Formatter,
    )
    _add_reference_arguments(explain)
    explain.add_argument(
        "--as-of",
        type=_iso_date,
        metavar="DATE",
        help="judge OS support on DATE (YYYY-MM-DD) instead of today",
    )


def _add_check_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    from . import _check_command

    _check_command.add_check_parser(commands)


def _add_rules_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    from . import _check_command

    _check_command.add_rules_parser(commands)


def _add_reference_arguments(command: argparse.ArgumentParser) -> None:
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


def add_build_arguments(command: argparse.ArgumentParser) -> None:
    """The arguments of the commands that scan Dockerfiles: --build-arg, --target, --archives."""
    command.add_argument(
        "--build-arg",
        dest="build_args",
        action="append",
        default=[],
        type=_build_arg,
        metavar="NAME[=VALUE]",
        help="a build argument, as 'docker build --build-arg' (NAME alone: from the environment)",
    )
    command.add_argument(
        "--target", metavar="STAGE", help="the stage to build, as 'docker build --target'"
    )
    command.add_argument(
        "--archives",
        action="store_true",
        help="also read image archives found in directories (*.tar, *.tar.gz, *.tgz, OCI layouts)",
    )


def _iso_date(text: str) -> datetime.date:
    import datetime

    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    if argv is None:
        argv = sys.argv[1:]
    parser = _build_parser(only=_invoked(argv))
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    try:
        if args.command == "explain":
            return _run_explain(args, parser)
        if args.command == "refs":
            return _run_refs(args)
        if args.command in ("check", "rules"):
            from . import _check_command

            if args.command == "rules":
                return _check_command.run_rules(args)
            return _check_command.run_check(args, parser)
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
        import json

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
        import json

        json.dump(document, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        color = _use_color(sys.stdout)
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


# --- tagsense refs -------------------------------------------------------------

_REFS_EPILOG = """\
what is scanned:
  Dockerfiles by name (Dockerfile, *.Dockerfile, Dockerfile.*, Containerfile,
  Containerfile.*, *.Containerfile), compose files (compose*.y*ml,
  docker-compose*.y*ml), any YAML with apiVersion and kind, Helm charts
  (Chart.yaml), kustomization.yaml, and CI files at their standard paths
  (.github/workflows/*, .gitlab-ci.yml, ...); with --archives also image
  archives (*.tar, *.tar.gz, *.tgz from docker save, and OCI layout
  directories).
  A file named on the command line is always scanned, whatever its name.
  Directories are walked in sorted order; inside a git work tree, files that
  .gitignore excludes are skipped.

output:
  text: one line a reference, 'path:line:col  kind  raw -> normalized';
        'raw [expanded] -> …' when variables were expanded, '-> (invalid: why)'
        for a reference that is not valid, '-> (unresolved: why)' for one the
        file alone does not settle (a variable with no value that still leaves
        a valid reference, a CI expression); problems go to stderr as
        'path:line: message'.
  json: {"references": [{"path", "line", "column", "kind", "raw", "text",
        "normalized", "context"}], "errors": [{"path", "line", "message"}]}
  (An image archive has no lines: its references are at line 1, column 1,
  and context names the member, e.g. {"member": "manifest.json", "index": 0}.)

examples:
  tagsense refs                                   # every source under .
  tagsense refs --format json services/ > images.json
  tagsense refs --build-arg BASE=alpine:3.20 --target prod Dockerfile
  tagsense refs --archives dist/                  # also docker save tarballs
  tagsense refs image.tar                         # a named archive: always read

exit status: 0 when everything was read and every reference is valid, 1 when
a reference is invalid or there are errors entries (a file docker would
reject, an unreadable file), 2 on a usage error, a named path that does not
exist, or an internal error.
"""

#: Seconds a scan runs before a progress line appears (on a terminal).
_PROGRESS_AFTER = 1.0


def _add_refs_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    refs = commands.add_parser(
        "refs",
        help="list the image references in Dockerfiles, compose, Kubernetes and CI files",
        description="List every image reference in Dockerfiles, compose files, Kubernetes\n"
        "manifests, Helm charts, kustomizations, CI files (and image archives): where\n"
        "it is, what kind of use it is (from, copy-from, compose, kubernetes, ci, …), as\n"
        "written and as the tool would pull it. The inventory of a repository's images.",
        epilog=_REFS_EPILOG,
        formatter_class=_Formatter,
    )
    refs.add_argument(
        "paths", nargs="*", default=["."], metavar="PATH", help="files or directories (default: .)"
    )
    refs.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="output format (default: text; json is a documented contract)",
    )
    refs.add_argument(
        "--json", dest="format", action="store_const", const="json", help="same as --format json"
    )
    add_build_arguments(refs)


#: The subcommands, in the order ``--help`` lists them, and what adds each.
_COMMANDS = {
    "parse": _add_parse_parser,
    "explain": _add_explain_parser,
    "refs": _add_refs_parser,
    "check": _add_check_parser,
    "rules": _add_rules_parser,
}


def _build_arg(text: str) -> tuple[str, str | None]:
    name, equals, value = text.partition("=")
    if not name:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE or NAME: {text!r}")
    if not equals:  # as docker: the value of the environment variable, if it is set
        return name, os.environ.get(name)
    return name, value


class _Progress:
    """'scanning 120/5000 files' on a terminal's stderr, once a scan takes a while."""

    __slots__ = ("_active", "_last", "_start", "_stream", "_total")

    def __init__(self, total: int, stream: TextIO) -> None:
        import time

        self._total = total
        self._stream = stream
        self._active = _isatty(stream)
        self._start = time.monotonic()
        self._last = 0.0

    def step(self, done: int) -> None:
        if not self._active:
            return
        import time

        now = time.monotonic()
        if now - self._start < _PROGRESS_AFTER or now - self._last < 0.1:
            return
        self._last = now
        self._stream.write(f"\rtagsense: scanning {done}/{self._total} files…")
        self._stream.flush()

    def finish(self) -> None:
        if self._last:
            self._stream.write("\r\033[K")
            self._stream.flush()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def scan_paths(
    args: argparse.Namespace,
) -> tuple[list[Occurrence], list[SourceError], int]:
    """Discover and scan the command line's paths: occurrences, errors, and an exit status.

    The status is EXIT_ERROR when a named path does not exist or a file hit an
    internal error (reported, and the scan goes on), else EXIT_OK.
    """
    from .sources.discover import discover
    from .sources.model import SourceError

    build_args = {name: value for name, value in args.build_args if value is not None}
    errors: list[SourceError] = []
    paths: list[str] = []
    for path in args.paths:
        if os.path.exists(path):
            paths.append(path)
        else:
            errors.append(SourceError(path, None, "no such file or directory"))
    status = EXIT_ERROR if errors else EXIT_OK
    files = discover(paths, archives=args.archives)
    occurrences: list[Occurrence] = []
    seen: dict[tuple[object, ...], int] = {}  # key -> index in occurrences
    progress = _Progress(len(files), sys.stderr)
    jobs: list[_Job] = [(path, kind, build_args, args.target) for path, kind in files]
    try:
        for done, ((path, _), scan) in enumerate(zip(files, _scans(jobs), strict=True), 1):
            if isinstance(scan, str):  # a bug of ours: report it, go on with the others
                errors.append(SourceError(str(path), None, scan))
                status = EXIT_ERROR
            else:
                for occurrence in scan.occurrences:
                    # A file can be reached twice (a Dockerfile an action builds, a
                    # manifest a kustomization lists), and a compose anchor merged into
                    # several services is one text: each occurrence counts once, as
                    # pulled when any of its uses pulls it.
                    key = (occurrence.path, occurrence.line, occurrence.column, occurrence.text)
                    kept = seen.get(key)
                    if kept is None:
                        seen[key] = len(occurrences)
                        occurrences.append(occurrence)
                    elif occurrences[kept].context.get("built") and not occurrence.context.get(
                        "built"
                    ):
                        occurrences[kept] = occurrence
                errors.extend(scan.errors)
            progress.step(done)
    finally:
        progress.finish()
    return _kustomized(occurrences), errors, status


def _kustomized(occurrences: list[Occurrence]) -> list[Occurrence]:
    """Leave out a manifest's image as written where a kustomization rewrites it."""
    rewritten = {(o.path, o.line, o.column) for o in occurrences if "kustomization" in o.context}
    if not rewritten:
        return occurrences
    return [
        o
        for o in occurrences
        if "kustomization" in o.context or (o.path, o.line, o.column) not in rewritten
    ]


#: From how many files a scan uses every core (below it, starting workers costs more).
PARALLEL_FROM = 400

_Job = tuple[str, str, dict[str, str], "str | None"]


def _scans(jobs: Sequence[_Job]) -> Iterator[Scan | str]:
    """Each job's scan, in order: on every core when there are many files."""
    cores = os.cpu_count() or 1
    if len(jobs) < PARALLEL_FROM or cores < 2:
        yield from map(_scan_one, jobs)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=min(cores, 8)) as pool:
        yield from pool.map(_scan_one, jobs, chunksize=64)


def _scan_one(job: _Job) -> Scan | str:
    from .sources.find import scan_path

    path, kind, build_args, target = job
    try:
        return scan_path(path, kind=kind, build_args=build_args, target=target)
    except Exception as error:
        return f"internal error: {type(error).__name__}: {error} (please report it)"


def _run_refs(args: argparse.Namespace) -> int:
    occurrences, errors, status = scan_paths(args)
    if args.format == "json":
        import json

        json.dump(_refs_document(occurrences, errors), sys.stdout, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        _print_refs(occurrences, sys.stdout)
    _print_source_errors(errors, sys.stderr)
    invalid = any(o.reference is None and _why_not(o)[1] for o in occurrences)
    if status == EXIT_OK and (errors or invalid):
        status = EXIT_FINDINGS
    return status


def _refs_document(
    occurrences: Sequence[Occurrence], errors: Sequence[SourceError]
) -> dict[str, object]:
    return {
        "references": [
            {
                "path": occurrence.path,
                "line": occurrence.line,
                "column": occurrence.column,
                "kind": occurrence.kind,
                "raw": occurrence.raw,
                "text": occurrence.text,
                "normalized": occurrence.normalized,
                "context": dict(occurrence.context),
            }
            for occurrence in occurrences
        ],
        "errors": [
            {"path": error.path, "line": error.line, "message": error.message} for error in errors
        ],
    }


#: The widest location column; longer ones push their line's text to the right.
_LOCATION_WIDTH = 72


def _print_refs(occurrences: Sequence[Occurrence], out: TextIO) -> None:
    if not occurrences:
        return
    color = _use_color(out)
    red = "\033[31m" if color else ""
    dim = "\033[2m" if color else ""
    reset = "\033[0m" if color else ""
    rows = [
        (f"{occurrence.path or '<text>'}:{occurrence.line}:{occurrence.column}", occurrence)
        for occurrence in occurrences
    ]
    location_width = min(_LOCATION_WIDTH, max(len(location) for location, _ in rows))
    kind_width = max(len(occurrence.kind) for occurrence in occurrences)
    for location, occurrence in rows:
        written = occurrence.raw
        if occurrence.text != occurrence.raw:
            written += f" [{occurrence.text}]"
        normalized = occurrence.normalized
        if normalized is not None:
            target = normalized
        else:
            why, invalid = _why_not(occurrence)
            target = f"{red if invalid else dim}({why}){reset}"
        out.write(
            f"{location.ljust(location_width)}  {dim}{occurrence.kind.ljust(kind_width)}{reset}"
            f"  {written} -> {target}\n"
        )


def _why_not(occurrence: Occurrence) -> tuple[str, bool]:
    """Why an occurrence has no reference, in a few words, and whether it is invalid.

    Unresolved is not invalid: text a CI system fills in when a job runs, or a
    variable without a value that still leaves a valid reference (compose pulls
    ``app:v-latest`` from ``app:v${MISSING}-latest``). A variable whose absence
    leaves no valid reference (``FROM redis:${TAG}``) fails the real tool.
    """
    from .sources.model import RUN_TIME

    names = occurrence.unresolved
    if names and names[0] in RUN_TIME.values():
        return f"unresolved: filled in from {names[0]} when the job runs", False
    if occurrence.context.get("tag_only"):
        return "invalid: a tag without an image name", True
    try:
        parse_reference(occurrence.text)
    except InvalidReference as error:
        if names:
            return f"invalid: no value for {', '.join(names)}", True
        return f"invalid: {error.reason}", True
    if names:
        return f"unresolved: no value for {', '.join(names)}", False
    return "invalid", True


def _print_source_errors(errors: Sequence[SourceError], err: TextIO) -> None:
    color = _use_color(err)
    red = "\033[31m" if color else ""
    reset = "\033[0m" if color else ""
    for error in errors:
        where = error.path or "<text>"
        if error.line is not None:
            where += f":{error.line}"
        err.write(f"{red}{where}{reset}: {error.message}\n")
