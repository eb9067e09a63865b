"""Scripts that run ``make`` on one Makefile with other goals and environments, read with the
Makefile's parse kept for the scan, as a ratio of the same reading with every parse anew.

What is measured
    The case of aquasecurity/tracee's CI steps and scripts, which run ``make`` with some 120
    goals in as many environments (229 parses of its Makefile for a cold one-file check of
    ``tests/e2e/common.sh``): a generated project whose ``Makefile`` (``--targets`` image
    targets, each ``docker build`` with the file's variables) is run by a dozen scripts
    (``--scripts``), each ``BUILD_ID=N make image-K image-L`` (``BUILD_ID``: a variable the
    Makefile never names). One pass reads the project (``find_references`` of its directory)
    in one process (``TAGSENSE_NO_CACHE``), after a new scan (``context.forget``, the kept
    ``make`` readings cleared); the
    baseline pass is the same with no kept parse matching (``make._Parsed.matches``: every
    Makefile parsed anew). CPU time (``time.process_time``), passes interleaved (the one that
    goes first alternates), N passes each (``--runs``, default 7). The figure is the ratio of
    the median times; target at most 0.7x. Each pass's findings are compared with the
    baseline's (they must be the same).

How to run (from the repository root)
    python benchmarks/bench_make_parses.py
    python benchmarks/bench_make_parses.py --runs 11 --scripts 24 --targets 120
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.7


def makefile(targets: int) -> str:
    lines = ["REGISTRY ?= ghcr.io/acme", "TAG ?= $(shell git describe --tags)", ""]
    for number in range(targets):
        lines += [
            f"SERVICE_{number} := svc-{number}",
            f"BASE_{number} ?= alpine:3.{number % 20}",
            "ifeq ($(ARCH),arm64)",
            f"PLATFORM_{number} = linux/arm64",
            "else",
            f"PLATFORM_{number} = linux/amd64",
            "endif",
        ]
    lines.append("")
    for number in range(targets):
        lines += [
            f".PHONY: image-{number}",
            f"image-{number}: $(wildcard src/{number}/*.go)",
            f"\tdocker build --platform $(PLATFORM_{number}) --build-arg BASE=$(BASE_{number}) "
            f"-t $(REGISTRY)/$(SERVICE_{number}):$(TAG) -f Dockerfile .",
            "",
        ]
    return "\n".join(lines)


def generate(root: Path, scripts: int, targets: int) -> None:
    (root / ".git").mkdir()
    (root / "Makefile").write_text(makefile(targets))
    (root / "Dockerfile").write_text("ARG BASE\nFROM $BASE\n")
    directory = root / "scripts"
    directory.mkdir()
    for number in range(scripts):
        path = directory / f"build-{number}.sh"
        goals = f"image-{number % targets} image-{(number * 7 + 1) % targets}"
        path.write_text(f'#!/bin/sh\ncd "$(dirname "$0")/.."\nBUILD_ID={number} make {goals}\n')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="passes of each reading")
    parser.add_argument("--scripts", type=int, default=12, help="scripts running make")
    parser.add_argument("--targets", type=int, default=60, help="the Makefile's image targets")
    args = parser.parse_args(argv)
    os.environ["TAGSENSE_NO_CACHE"] = "1"  # (each pass reads the project, none from the disk)
    try:
        import tagsense
    except ImportError:
        sys.path.insert(0, str(ROOT / "src"))
        import tagsense
    from tagsense import find_references
    from tagsense.sources import context
    from tagsense.sources.builds import make

    matches = make._Parsed.matches

    def never(*_: object) -> bool:
        return False

    def one_pass(kept: bool, root: Path) -> tuple[float, list[object]]:
        make._Parsed.matches = matches if kept else never  # type: ignore[method-assign]
        context.forget()
        make._MADE.clear()
        make._VARIANTS.clear()
        start = time.process_time()
        found = [(o.text, o.path, o.line) for o in find_references(root).occurrences]
        spent = time.process_time() - start
        make._Parsed.matches = matches  # type: ignore[method-assign]
        return spent, found

    where = os.path.dirname(tagsense.__file__)
    with tempfile.TemporaryDirectory(prefix="bench-make-") as directory:
        root = Path(directory)
        generate(root, args.scripts, args.targets)
        print(f"{args.scripts} scripts running make on a {args.targets}-target Makefile ({where})")
        one_pass(True, root)  # (imports, compiled patterns: untimed)
        times: dict[bool, list[float]] = {True: [], False: []}
        baseline: list[object] | None = None
        for index in range(args.runs):
            for kept in (True, False) if index % 2 else (False, True):
                spent, found = one_pass(kept, root)
                times[kept].append(spent)
                if baseline is None and not kept:
                    baseline = found
                elif baseline is not None and found != baseline:
                    print("  the findings differ from the baseline's")
                    return 1
        if not baseline:
            print("  the scripts' make commands found nothing (the benchmark reads nothing)")
            return 1
    kept_time = statistics.median(times[True])
    fresh_time = statistics.median(times[False])
    print(f"  every Makefile parsed anew: {fresh_time:.3f} s CPU (median of {args.runs})")
    print(f"  parses kept for the scan:   {kept_time:.3f} s CPU (median of {args.runs})")
    ratio = kept_time / fresh_time
    mark = "PASS" if ratio <= TARGET else "BELOW"
    print(f"  kept / parsed anew: {ratio:.2f}x (target <= {TARGET}x) {mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
