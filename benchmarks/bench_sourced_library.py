"""Scripts that source one layered library, read with the library's readings kept, as a
ratio of the same reading with every source read anew.

What is measured
    The case of aquasecurity/tracee's ``scripts/lib.sh``: a generated project whose
    ``scripts/`` holds a dozen scripts (``--scripts``) that each source ``lib.sh``, which
    sources ``lib_internal.sh`` then five parts that each source ``lib_internal.sh`` again
    (guarded, as tracee's are: refused, read already), each part defining some functions.
    One pass reads every script (``scan_shell_script``) in one process, after
    ``_source_memo.forget()`` (a new scan); the baseline pass is the same with
    ``_source_memo.record`` keeping nothing (every ``source`` read anew). CPU time
    (``time.process_time``), passes interleaved (the one that goes first alternates), N
    passes each (``--runs``, default 7). The figure is the ratio of the median times; target
    at most 0.5x: the library's reading is kept by its state (``tagsense.sources.builds.
    _source_memo``) and given to each script beside the first. Each pass's findings are
    compared with the baseline's (they must be the same).

How to run (from the repository root)
    python benchmarks/bench_sourced_library.py
    python benchmarks/bench_sourced_library.py --runs 11 --scripts 24
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
TARGET = 0.5
PARTS = ("log", "print", "misc", "git", "testing")


def guarded(name: str, body: str) -> str:
    """A library file that returns when sourced again, as tracee's do."""
    flag = f"__LIB_{name.upper()}_SH_SOURCED"
    return f'if [ -n "${{{flag}:-}}" ]; then\n    return 0\nfi\n{flag}=1\n{body}'


def part(name: str) -> str:
    """A part of the library: it sources the internal one, then defines functions."""
    lines = ['. "${__LIB_DIR}/lib_internal.sh"']
    for number in range(25):
        lines += [
            f"__{name}_{number}() {{",
            '    if [ "${DEBUG:-0}" -gt 1 ]; then',
            f'        printf "%s\\n" "{name}-{number} $*"',
            "    fi",
            f'    for item in "$@"; do echo "{name}: $item"; done',
            "}",
        ]
    return guarded(name, "\n".join(lines) + "\n")


def generate(root: Path, scripts: int) -> list[str]:
    (root / ".git").mkdir()
    directory = root / "scripts"
    directory.mkdir()
    internal = "\n".join(f'__internal_{n}() {{\n    echo "{n} $*"\n}}' for n in range(30))
    (directory / "lib_internal.sh").write_text(guarded("internal", internal + "\n"))
    for name in PARTS:
        (directory / f"lib_{name}.sh").write_text(part(name))
    sources = "".join(f'. "${{__LIB_DIR}}/lib_{name}.sh"\n' for name in PARTS)
    (directory / "lib.sh").write_text(
        guarded("lib", f'. "${{__LIB_DIR}}/lib_internal.sh"\n{sources}')
    )
    paths = []
    for number in range(scripts):
        path = directory / f"run-{number}.sh"
        path.write_text(
            '#!/bin/sh\n__LIB_DIR="${0%/*}"\n. "${__LIB_DIR}/lib.sh"\n'
            f"__log_{number % 25} starting\n"
            f"docker run --rm alpine:3.{number} true\n"
        )
        paths.append(str(path))
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="passes of each reading")
    parser.add_argument("--scripts", type=int, default=12, help="scripts sourcing the library")
    args = parser.parse_args(argv)
    try:
        import tagsense
    except ImportError:
        sys.path.insert(0, str(ROOT / "src"))
        import tagsense
    from tagsense.sources.builds import _source_memo
    from tagsense.sources.builds.script import scan_shell_script

    record = _source_memo.record

    def keep_nothing(*_: object) -> None:
        return None

    def one_pass(kept: bool, paths: list[str]) -> tuple[float, list[object]]:
        _source_memo.record = record if kept else keep_nothing  # type: ignore[assignment]
        _source_memo.forget()
        start = time.process_time()
        found = [scan_shell_script(path).occurrences for path in paths]
        spent = time.process_time() - start
        _source_memo.record = record  # type: ignore[assignment]
        return spent, found

    where = os.path.dirname(tagsense.__file__)
    with tempfile.TemporaryDirectory(prefix="bench-sourced-") as directory:
        root = Path(directory)
        paths = generate(root, args.scripts)
        print(f"{args.scripts} scripts sourcing a layered library ({where})")
        one_pass(True, paths)  # (imports, compiled patterns: untimed)
        times: dict[bool, list[float]] = {True: [], False: []}
        baseline: list[object] | None = None
        for index in range(args.runs):
            for kept in (True, False) if index % 2 else (False, True):
                spent, found = one_pass(kept, paths)
                times[kept].append(spent)
                if baseline is None and not kept:
                    baseline = found
                elif baseline is not None and found != baseline:
                    print("  the findings differ from the baseline's")
                    return 1
    kept_time = statistics.median(times[True])
    fresh_time = statistics.median(times[False])
    print(f"  every source read anew: {fresh_time:.3f} s CPU (median of {args.runs})")
    print(f"  library readings kept:  {kept_time:.3f} s CPU (median of {args.runs})")
    ratio = kept_time / fresh_time
    mark = "PASS" if ratio <= TARGET else "BELOW"
    print(f"  kept / read anew: {ratio:.2f}x (target <= {TARGET}x) {mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
