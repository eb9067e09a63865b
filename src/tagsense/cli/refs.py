"""``tagsense refs``: the inventory of a repository's images, where each is, as pulled."""

from __future__ import annotations

import sys

from ._common import (
    EXIT_FINDINGS,
    EXIT_OK,
    Formatter,
    add_build_arguments,
    print_source_errors,
    scan,
    use_color,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from typing import Any, TextIO

    from ..occurrence import Occurrence, SourceError

__all__ = ["add_parser", "refs_document", "run", "why_not"]

_EPILOG = """\
what is scanned:
  Dockerfiles by name (Dockerfile, *.Dockerfile, Dockerfile.*, Containerfile,
  Containerfile.*, *.Containerfile), compose files (compose.y*ml,
  docker-compose.*.y*ml), any YAML with apiVersion and kind, Helm charts
  (Chart.yaml), kustomization.yaml, CI files at their standard paths
  (.github/workflows/*, .gitlab-ci.yml, ...) and Dev Container configurations
  (.devcontainer/devcontainer.json, .devcontainer.json); with --archives also
  image archives (*.tar, *.tar.gz, *.tgz from docker save, and OCI layout
  directories).
  A file named on the command line is always scanned, whatever its name.
  Directories are walked in sorted order; inside a git work tree, files that
  .gitignore excludes are skipped.

output:
  text: one line a reference, 'path:line:col  kind  raw -> normalized';
        'raw [expanded] -> …' when variables were expanded, '-> (invalid: why)'
        for a reference that is not valid, '-> (unresolved: why)' for one the
        files do not settle (a variable with no value here, a value a build or
        a CI job gives when it runs: what check reports as TS011, not an
        invalid reference), '-> … (built: where)' for an image the project
        builds itself; problems go to stderr as 'path:line: message'.
  json: {"version": 1, "references": [{"path", "line", "column", "end_line",
        "end_column", "kind", "raw", "text", "normalized", "valid", "error",
        "unresolved", "built", "context"}], "errors": [{"path", "line",
        "message"}]} (see docs/cli.md for each field)
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


def add_parser(commands: Any) -> None:
    refs = commands.add_parser(
        "refs",
        help="list the image references in Dockerfiles, compose, Kubernetes and CI files",
        description="List every image reference in Dockerfiles, compose files, Kubernetes\n"
        "manifests, Helm charts, kustomizations, CI files (and image archives): where\n"
        "it is, what kind of use it is (from, copy-from, compose, kubernetes, ci, …), as\n"
        "written and as the tool would pull it. The inventory of a repository's images.",
        epilog=_EPILOG,
        formatter_class=Formatter,
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


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    found, status = scan(args, args.paths)
    if args.format == "json":
        import json

        json.dump(refs_document(found.occurrences, found.errors), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        _print_refs(found.occurrences, sys.stdout)
    print_source_errors(found.errors, sys.stderr)
    invalid = any(o.reference is None and why_not(o)[1] for o in found.occurrences)
    rejected = any(not error.note for error in found.errors)
    if status == EXIT_OK and (rejected or invalid):
        status = EXIT_FINDINGS
    return status


def refs_document(
    occurrences: Sequence[Occurrence], errors: Sequence[SourceError]
) -> dict[str, object]:
    """The ``tagsense refs --format json`` document (a documented contract, version 1)."""
    from .parse import error_dict

    return {
        "version": 1,
        "references": [
            {
                "path": occurrence.path,
                "line": occurrence.line,
                "column": occurrence.column,
                "end_line": occurrence.end_line,
                "end_column": occurrence.end_column,
                "kind": occurrence.kind,
                "raw": occurrence.raw,
                "text": occurrence.text,
                "normalized": occurrence.normalized,
                "valid": occurrence.reference is not None,
                "error": None if occurrence.error is None else error_dict(occurrence.error),
                "unresolved": (
                    {"names": list(occurrence.unresolved), "run_time": occurrence.run_time}
                    if occurrence.is_unresolved
                    else None
                ),
                "built": None if occurrence.built is None else occurrence.built.as_dict(),
                "context": {key: _json_value(value) for key, value in occurrence.context.items()},
            }
            for occurrence in occurrences
        ],
        "errors": [
            {
                "path": error.path,
                "line": error.line,
                "message": error.message,
                "level": error.level,
            }
            for error in errors
        ],
    }


def _json_value(value: object) -> object:
    if isinstance(value, tuple):
        return [_json_value(item) for item in value]
    if value is None or isinstance(value, (str, int, float, bool, list, dict)):
        return value
    return str(value)


#: The widest location column; longer ones push their line's text to the right.
_LOCATION_WIDTH = 72


def _print_refs(occurrences: Sequence[Occurrence], out: TextIO) -> None:
    if not occurrences:
        return
    color = use_color(out)
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
            why, invalid = why_not(occurrence)
            target = f"{red if invalid else dim}({why}){reset}"
        if occurrence.built is not None:
            target += f" {dim}(built: {occurrence.built}){reset}"
        out.write(
            f"{location.ljust(location_width)}  {dim}{occurrence.kind.ljust(kind_width)}{reset}"
            f"  {written} -> {target}\n"
        )


def why_not(occurrence: Occurrence) -> tuple[str, bool]:
    """Why an occurrence has no reference, in a few words, and whether it is invalid.

    The split is the check's: what TS011 reports (text that depends on something
    with no value here: a variable, a value a build or a CI job gives when it runs)
    is unresolved, and only what TS012 reports is invalid, so that ``refs`` exits
    1 where ``check`` finds an error, not a warning. A Dockerfile that no build of
    the scan feeds asks the build for ``ARG V``'s value (netbox-docker's ``FROM
    ${FROM}``): ``alpine:${V}`` there is unresolved, not an empty tag.
    """
    names = occurrence.unresolved
    if occurrence.built is not None and occurrence.reference is None and occurrence.run_time:
        return f"built by {occurrence.run_time}", False
    if names:
        return f"unresolved: no value for {', '.join(names)}", False
    if occurrence.run_time is not None:
        return f"unresolved: filled in from {occurrence.run_time} when the job runs", False
    error = occurrence.error
    if error is not None:
        return f"invalid: {error.reason}", True
    return "invalid", True
