"""``tagsense pin``: append to each pulled reference the digest its tag points at today.

Exit codes: 0 done (or nothing to do), 1 with ``--check`` when something would
change, 2 a usage error, a registry error, or a file that could not be read or
written (the files where nothing failed are still written).
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
    registry_client,
    short_digests,
    use_color,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from typing import Any, TextIO

    from ..registry import PinPlan, PinResult

__all__ = ["add_parser", "print_errors", "run"]

_EPILOG = """\
what is pinned:
  every reference that is pulled (not a build stage, not scratch, not an
  image the project builds itself) and has a tag but no digest:
  python:3.12-slim becomes python:3.12-slim@sha256:…, the digest docker pull
  would pin (a multi-platform image's index, or one platform's manifest with
  --platform). In Dockerfiles, compose files, Kubernetes manifests, CI files,
  Helm values (an image block's digest key) and kustomizations (the digest of
  the images: entry that sets the tag). The rest of each file is kept byte
  for byte; files are written atomically and never when they changed since
  they were read, nor when anything failed in them.

not rewritten (the output says why): a reference built from variables
  (FROM python:${PY}) or filled in when a CI job runs, a reference without a
  tag (write the tag to follow first: tagsense check --fix names one), a Helm
  image whose tag comes from the chart's appVersion.

examples:
  tagsense pin                          # every file under .
  tagsense pin --diff Dockerfile        # show the change, write nothing
  tagsense pin --check .                # CI: exit 1 when something is unpinned
  tagsense pin --update .               # also refresh digests that went stale
  tagsense pin --offline .              # from the cache of earlier answers

registry access: credentials as docker finds them (~/.docker/config.json,
credential helpers); answers are cached (TAGSENSE_CACHE_DIR, default
~/.cache/tagsense) for an hour, manifests for ever.

exit status: 0 done, 1 with --check when something would change, 2 a usage
error, a registry error, or a file that could not be read or written.
"""


def add_parser(commands: Any) -> None:
    pin = commands.add_parser(
        "pin",
        help="pin image references to the digests their tags point at",
        description="Append to each pulled image reference the digest its tag points at\n"
        "today (python:3.12-slim -> python:3.12-slim@sha256:…), in place.",
        epilog=_EPILOG,
        formatter_class=Formatter,
    )
    pin.add_argument(
        "paths", nargs="*", default=["."], metavar="PATH", help="files or directories (default: .)"
    )
    pin.add_argument(
        "--diff", action="store_true", help="print the change as a unified diff; write nothing"
    )
    pin.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 when something would change (for CI)",
    )
    pin.add_argument(
        "--update",
        action="store_true",
        help="also replace digests that no longer match their tag (stale pins)",
    )
    pin.add_argument(
        "--platform",
        metavar="OS/ARCH",
        help="pin one platform's manifest (linux/arm64) instead of the multi-platform index",
    )
    pin.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    add_registry_arguments(pin)
    add_build_arguments(pin, archives=False)


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from ..registry import Platform, RegistryError, plan_pins
    from ._common import scan

    if args.offline and args.refresh:
        parser.error("--offline and --refresh contradict each other")
    platform = None
    if args.platform is not None:
        try:
            platform = Platform.parse(args.platform)
        except RegistryError as error:
            parser.error(f"--platform: {error}")
    found, status = scan(args, args.paths, quiet=args.quiet)
    progress = RegistryProgress(sys.stderr, quiet=args.quiet)
    try:
        with registry_client(args, progress) as client:
            plan = plan_pins(found, client, update=args.update, platform=platform)
    finally:
        progress.finish()
    report = sys.stderr if args.diff else sys.stdout
    dry = args.diff or args.check
    if not args.quiet:
        print_results(plan, report, dry=dry)
    if args.diff:
        sys.stdout.write(plan.diff())
    failed = print_errors(plan.results, sys.stderr)
    written: list[str] = []
    if not dry:
        for file in plan.files:
            try:
                if file.write():
                    written.append(file.path)
            except ValueError as error:  # an EditError: changed since read, cannot write
                print(f"tagsense: error: {error}", file=sys.stderr)
                failed = True
    if not args.quiet:
        _summary(plan, report, dry=dry, written=len(written))
    if failed or status == EXIT_ERROR:
        return EXIT_ERROR
    if args.check and plan.changed:
        return EXIT_FINDINGS
    return EXIT_OK


_DONE = {"pin": "pinned", "update": "updated"}
_WOULD = {"pin": "would pin", "update": "would update"}


def print_results(plan: PinPlan, out: TextIO, *, dry: bool) -> None:
    """One line a reference that is (or would be) pinned, or that is not rewritten."""
    color = use_color(out)
    dim, red, reset = ("\033[2m", "\033[31m", "\033[0m") if color else ("", "", "")
    rows: list[tuple[str, str]] = []
    said: set[tuple[object, ...]] = set()
    for result in plan.results:
        occurrence = result.occurrence
        where = f"{occurrence.path}:{occurrence.line}"
        if result.action in ("pin", "update"):
            verb = (_WOULD if dry else _DONE)[result.action]
            elsewhere = f" in {result.path}" if result.path != occurrence.path else ""
            note = f"; {result.note}" if result.note else ""
            old = short_digests(result.old or "")
            text = f"{old} -> {short_digests(result.new or '')}  {dim}({verb}{elsewhere}"
            rows.append((where, f"{text}{note}){reset}"))
        elif result.action in ("skip", "blocked"):
            key = (occurrence.path, occurrence.line, occurrence.column, result.reason)
            if key in said:
                continue  # (one text read several ways: said once)
            said.add(key)
            label = "not rewritten: " if result.action == "skip" else ""
            old = short_digests(result.old or "")
            rows.append((where, f"{old}  {dim}({label}{result.reason}){reset}"))
        elif result.action == "error":
            rows.append((where, f"{short_digests(result.old or '')}  {red}(error){reset}"))
    if not rows:
        return
    width = min(48, max(len(where) for where, _ in rows))
    for where, text in rows:
        out.write(f"{where.ljust(width)}  {text}\n")


def print_errors(results: Sequence[PinResult], err: TextIO) -> bool:
    """One line a distinct error (registry, file), naming where it struck; whether any."""
    by_reason: dict[str, list[str]] = {}
    for result in results:
        if result.action != "error":
            continue
        error = result.error
        kind = getattr(error, "kind", None)
        reason = f"{kind}: {result.reason}" if isinstance(kind, str) else str(result.reason)
        occurrence = result.occurrence
        by_reason.setdefault(reason, []).append(f"{occurrence.path}:{occurrence.line}")
    for reason, places in by_reason.items():
        shown = ", ".join(dict.fromkeys(places[:5])) + (", …" if len(places) > 5 else "")
        err.write(f"tagsense: error: {reason} ({shown})\n")
    return bool(by_reason)


def _summary(plan: PinPlan, out: TextIO, *, dry: bool, written: int) -> None:
    counts: dict[str, int] = {}
    for result in plan.results:
        counts[result.action] = counts.get(result.action, 0) + 1
    pinned, updated = counts.get("pin", 0), counts.get("update", 0)
    parts = []
    if pinned or updated:
        done = []
        if pinned:
            done.append(f"{'would pin' if dry else 'pinned'} {_plural(pinned, 'reference')}")
        if updated:
            done.append(f"{'would update' if dry else 'updated'} {_plural(updated, 'digest')}")
        files = len(plan.files) if dry else written
        parts.append(" and ".join(done) + f" in {_plural(files, 'file')}")
    else:
        parts.append("nothing to pin")
    if counts.get("skip"):
        parts.append(f"{counts['skip']} not rewritten")
    if counts.get("error"):
        parts.append(_plural(counts["error"], "error"))
    if counts.get("blocked"):
        parts.append(f"{counts['blocked']} not written (an error in the same file)")
    text = "; ".join(parts)
    out.write(text[0].upper() + text[1:] + ".\n")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
