"""A script that a Makefile runs, checked alone again, as a ratio of a script nothing runs.

What is measured
    The pre-commit case of aquasecurity/tracee's ``tests/e2e/run-kernel.sh``: a generated
    project whose Makefile runs a dozen scripts (each sourcing a shared library) with the
    images they pull, ``NODE_IMAGE=… ./scripts/run-N.sh``. ``tagsense check --offline FILE``
    of ``scripts/run-0.sh``, whose pulls the Makefile's reading places, and of
    ``scripts/alone.sh``, which nothing runs, each in a fresh process with the project's
    cache warm (one check of each first, untimed), interleaved (the one that goes first
    alternates), N runs each (``--runs``, default 11). The figure is the ratio of the median
    CPU times (user + system); target at most 1.5x: the Makefile's full reading (every
    script it runs) comes from the disk cache (``tagsense.sources._context_cache``) while
    the files it read are unchanged. For information, also printed: the cold checks (a fresh
    cache each), and the wall times.

How to run (from the repository root)
    python benchmarks/bench_runner_scripts.py
    python benchmarks/bench_runner_scripts.py --runs 21 --scripts 24
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

ROOT = Path(__file__).resolve().parents[1]
TARGET = 1.5

LIBRARY = """\
#!/usr/bin/env bash
log() { echo "[$(date +%T)] $*"; }
die() { log "$*"; exit 1; }
need() { command -v "$1" >/dev/null || die "missing $1"; }
"""


def script(number: int) -> str:
    """A script that sources the library, does some work, and runs the image it is given."""
    lines = [
        "#!/usr/bin/env bash",
        'source "$(dirname "$0")/lib.sh"',
        ': "${NODE_IMAGE:?set NODE_IMAGE}"',
    ]
    for step in range(40):
        lines += [
            f"step_{step}() {{",
            f'  local name="step-{number}-{step}"',
            '  if [ -n "${VERBOSE:-}" ]; then log "$name"; fi',
            f'  for item in a b c; do echo "$item-{step}"; done',
            "}",
            f"step_{step}",
        ]
    lines.append('docker run --rm "$NODE_IMAGE" true')
    return "\n".join(lines) + "\n"


def generate(root: Path, scripts: int) -> None:
    (root / ".git").mkdir()
    (root / "scripts").mkdir()
    (root / "scripts" / "lib.sh").write_text(LIBRARY)
    recipes = []
    for number in range(scripts):
        (root / "scripts" / f"run-{number}.sh").write_text(script(number))
        image = f"kindest/node:v1.{30 + number}.0"
        recipes.append(f"test-{number}:\n\tNODE_IMAGE={image} ./scripts/run-{number}.sh\n")
    (root / "Makefile").write_text("".join(recipes))
    (root / "scripts" / "alone.sh").write_text(
        '#!/usr/bin/env bash\nsource "$(dirname "$0")/lib.sh"\ndocker pull redis:7.4\n'
    )


def timed(command: list[str], cwd: Path, environment: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of a run."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    if hasattr(os, "wait4"):
        _, _, usage = os.wait4(process.pid, 0)
        process.returncode = 0  # reaped here: keep Popen from waiting again
        cpu = usage.ru_utime + usage.ru_stime
    else:  # pragma: no cover - Windows
        process.wait()
        cpu = time.perf_counter() - start
    return time.perf_counter() - start, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=11, help="runs of each check")
    parser.add_argument("--scripts", type=int, default=12, help="scripts the Makefile runs")
    args = parser.parse_args(argv)
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment.pop("TAGSENSE_NO_CACHE", None)
    # (the checks run in the generated project: a relative PYTHONPATH, src, made absolute)
    paths = [os.path.abspath(path) for path in environment.get("PYTHONPATH", "").split(os.pathsep)]
    try:
        import tagsense
    except ImportError:
        paths.insert(0, str(ROOT / "src"))
        tagsense = None  # type: ignore[assignment]
    environment["PYTHONPATH"] = os.pathsep.join(path for path in paths if path)
    where = "src/" if tagsense is None else os.path.dirname(tagsense.__file__)
    command = [sys.executable, "-m", "tagsense", "check", "--offline", "--exit-zero"]
    checks = {"run by the Makefile": "scripts/run-0.sh", "run by nothing": "scripts/alone.sh"}
    with tempfile.TemporaryDirectory(prefix="bench-runner-") as directory:
        root = Path(directory) / "project"
        root.mkdir()
        generate(root, args.scripts)
        cache = Path(directory) / "cache"
        environment["TAGSENSE_CACHE_DIR"] = str(cache)
        print(f"one-file checks in a project whose Makefile runs {args.scripts} scripts ({where})")
        for name, file in checks.items():
            cold = []
            for _ in range(3):
                subprocess.run(["rm", "-rf", str(cache)], check=True)
                cold.append(timed([*command, file], root, environment))
            wall, cpu = (statistics.median(values) for values in zip(*cold, strict=True))
            print(f"  cold, {name}: {cpu:.3f} s CPU, {wall:.3f} s wall (median of 3)")
        for file in checks.values():
            timed([*command, file], root, environment)  # (the cache, warm)
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in checks}
        for index in range(args.runs):
            order = list(checks.items())
            if index % 2:
                order.reverse()
            for name, file in order:
                runs[name].append(timed([*command, file], root, environment))
    medians = {}
    for name, values in runs.items():
        wall = statistics.median(value[0] for value in values)
        cpu = statistics.median(value[1] for value in values)
        medians[name] = cpu
        print(f"  warm, {name}: {cpu:.3f} s CPU, {wall:.3f} s wall (median of {args.runs})")
    ratio = medians["run by the Makefile"] / medians["run by nothing"]
    mark = "PASS" if ratio <= TARGET else "BELOW"
    print(
        f"  run by the Makefile / run by nothing, warm: {ratio:.2f}x (target <= {TARGET}x) {mark}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
