"""What ``import tagsense`` adds to interpreter start, as a ratio of a bare start.

What is measured
    The wall time of a fresh ``python -c "import tagsense"`` minus that of a
    fresh ``python -c pass`` (same interpreter, same environment), divided by
    the bare start. Target: the added time is at most 0.5x a bare start.
    Also reported: which heavy modules (re, typing, packaging, pyparsing, yaml,
    json, argparse) are in ``sys.modules`` after ``import tagsense`` in a
    child process, and which of them a bare start loads already.

How
    The two commands run alternately N times (``--runs``, default 30; the
    one that goes first alternates too), each in a new subprocess timed with
    ``time.perf_counter`` around ``subprocess.run``. The minimum of each is the
    figure with the least noise from the shared machine and decides PASS or
    BELOW; the median is printed beside it. A few untimed runs of each go first.

    The children get this process's environment. ``src/`` of the repository is
    added to PYTHONPATH only when ``import tagsense`` fails without it. By
    default the children also get a private, temporary bytecode cache
    (PYTHONPYCACHEPREFIX, with PYTHONDONTWRITEBYTECODE removed), filled by the
    untimed runs: an installed package has its bytecode compiled, whereas a
    checkout whose ``__pycache__`` is stale and cannot be rewritten would be
    compiled from source on every start, which measures the compiler, not the
    import. ``--as-is`` runs the children with the environment unchanged.

How to run (from the repository root)
    python benchmarks/bench_import.py               # 30 alternating pairs
    python benchmarks/bench_import.py --runs 100
    python benchmarks/bench_import.py --as-is       # no private bytecode cache

    The exit status is 0 whatever the ratio (2 when tagsense cannot be
    imported): read the PASS/BELOW mark.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

REPO_SRC = Path(__file__).resolve().parents[1] / "src"
DEFAULT_RUNS = 30
WARMUP_RUNS = 3

#: Target: the time ``import tagsense`` adds, as a multiple of a bare start.
TARGET_ADDED = 0.5

HEAVY_MODULES = ("re", "typing", "packaging", "pyparsing", "yaml", "json", "argparse")

BARE = "pass"
IMPORT = "import tagsense"
# Prints the heavy modules loaded before and after the import (no json: it is one of them).
PROBE = (
    "import sys\n"
    f"heavy = {HEAVY_MODULES!r}\n"
    "before = [m for m in heavy if m in sys.modules]\n"
    "import tagsense\n"
    "after = [m for m in heavy if m in sys.modules]\n"
    "print(','.join(before)); print(','.join(after)); print(tagsense.__file__)\n"
)


def child_env(pycache: str | None) -> tuple[dict[str, str], bool]:
    """The children's environment: ours, with src/ on PYTHONPATH only if it is needed.

    Also says whether src/ was added.
    """
    env = dict(os.environ)
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = pycache
    if imports_tagsense(env):
        return env, False
    parts = [str(REPO_SRC), *filter(None, [env.get("PYTHONPATH")])]
    env["PYTHONPATH"] = os.pathsep.join(parts)
    return env, True


def imports_tagsense(env: Mapping[str, str]) -> bool:
    result = subprocess.run(
        [sys.executable, "-c", IMPORT], env=env, capture_output=True, check=False
    )
    return result.returncode == 0


def start(code: str, env: Mapping[str, str]) -> float:
    """Seconds for one fresh interpreter to run ``code`` and exit."""
    command = [sys.executable, "-c", code]
    begin = time.perf_counter()
    result = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=False)
    elapsed = time.perf_counter() - begin
    if result.returncode != 0:
        raise RuntimeError(f"{command!r} exited with {result.returncode}")
    return elapsed


def measure(runs: int, env: Mapping[str, str]) -> tuple[list[float], list[float]]:
    """Alternate bare and importing starts; return the times of each."""
    for _ in range(WARMUP_RUNS):
        start(BARE, env)
        start(IMPORT, env)
    bare: list[float] = []
    importing: list[float] = []
    for i in range(runs):
        if i % 2 == 0:
            bare.append(start(BARE, env))
            importing.append(start(IMPORT, env))
        else:
            importing.append(start(IMPORT, env))
            bare.append(start(BARE, env))
    return bare, importing


def heavy_modules(env: Mapping[str, str]) -> tuple[list[str], list[str], str]:
    """Heavy modules a bare start loads, those loaded after ``import tagsense``, its file."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    before, after, where = result.stdout.splitlines()[:3]
    return [m for m in before.split(",") if m], [m for m in after.split(",") if m], where


def report(runs: int, env: Mapping[str, str], note: str) -> None:
    before, after, where = heavy_modules(env)
    added_modules = [m for m in after if m not in before]
    print("what `import tagsense` adds to interpreter start (ratio of a bare start, same run)")
    print(f"  {sys.executable} (Python {sys.version.split()[0]})")
    print(f"  tagsense from {Path(where).parent}")
    print(f"  {note}")
    print(f"  {runs} alternating pairs of fresh processes, after {WARMUP_RUNS} untimed pairs")
    print()

    bare, importing = measure(runs, env)
    bare_min, import_min = min(bare), min(importing)
    bare_med, import_med = statistics.median(bare), statistics.median(importing)
    added_min = import_min - bare_min
    added_med = import_med - bare_med
    ratio_min = added_min / bare_min
    ratio_med = added_med / bare_med

    rows = (
        ("python -c pass", bare_min, bare_med),
        ("python -c 'import tagsense'", import_min, import_med),
        ("added by import tagsense", added_min, added_med),
    )
    print(f"  {'':<28} {'min ms':>8} {'median ms':>10}")
    for label, low, middle in rows:
        print(f"  {label:<28} {low * 1e3:8.2f} {middle * 1e3:10.2f}")
    print()
    mark = "PASS" if ratio_min <= TARGET_ADDED else "BELOW"
    print(
        f"  added / bare start: {ratio_min:.3f}x (minimums), {ratio_med:.3f}x (medians); "
        f"target <= {TARGET_ADDED}x: {mark}"
    )
    print()
    print("heavy modules in sys.modules after `import tagsense` (child process)")
    print(f"  checked:                    {', '.join(HEAVY_MODULES)}")
    print(f"  loaded by a bare start:     {', '.join(before) or 'none'}")
    print(f"  added by import tagsense:   {', '.join(added_modules) or 'none'}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(
            "What `import tagsense` adds to interpreter start, as a ratio of a bare start "
            f"(target <= {TARGET_ADDED}x), from alternating fresh subprocesses."
        )
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=DEFAULT_RUNS,
        help="alternating pairs of starts (default: %(default)s)",
    )
    parser.add_argument(
        "--as-is",
        action="store_true",
        help="run the children with the environment unchanged (no private bytecode cache)",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    with tempfile.TemporaryDirectory(prefix="tagsense-bench-pycache-") as pycache:
        env, added_src = child_env(None if args.as_is else pycache)
        if not imports_tagsense(env):
            print(f"error: the child cannot import tagsense, even with {REPO_SRC}", file=sys.stderr)
            return 2
        if args.as_is:
            note = "environment as is (bytecode as the environment allows)"
        else:
            note = "children use a private bytecode cache (PYTHONPYCACHEPREFIX), warmed untimed"
        if added_src:
            note += f"; added {REPO_SRC} to PYTHONPATH"
        report(args.runs, env, note)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
