"""What rendering Helm charts for their images costs, as a multiple of reading their values.

What is measured
    ``tagsense.sources.helm.scan_helm_chart`` (load the chart and its
    subcharts, merge the values, render the templates selectively, read the
    images in the rendered YAML) over a set of charts, against the values-only
    reader it replaced (``_helm_values_reader.py``: ``Chart.yaml`` and
    ``values.yaml`` read and walked for image blocks), over the same charts.
    Target (issue #13): rendering costs at most 2x reading the values.

    By default the charts are the test fixtures (``tests/data/helm/*/chart``,
    12 published charts); ``--charts DIR`` takes every chart directory in DIR
    (a directory of 50 charts, with their dependencies under ``charts/``, is
    the issue's measure).

How
    Each round reads every chart with the old reader, then renders every chart
    *once* with a fresh process-wide cache (what one ``tagsense check`` over
    the charts does: a library chart's helpers, shared by many charts, are
    parsed once), then a second time (warm: every template already parsed).
    The order of the two first alternates between rounds. Times are CPU times
    of this process (``time.process_time``), the garbage collector off, and
    the figures are ratios measured in the same run, because the machine is
    shared and noisy. Imports happen before the first round, untimed. Also
    printed: ``yaml.safe_load`` of each chart's ``values.yaml`` (the C loader
    when PyYAML has it), for information.

How to run (from the repository root)
    python benchmarks/bench_helm.py                 # the 12 fixture charts, 5 rounds
    python benchmarks/bench_helm.py --charts DIR --rounds 3
    python benchmarks/bench_helm.py --rounds 1 --profile 30   # and where a pass's time goes
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

ROOT = Path(__file__).resolve().parents[1]

try:
    import tagsense  # noqa: F401
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT / "src"))

import yaml  # noqa: E402

from tagsense._gotemplate import clear_caches  # noqa: E402
from tagsense.sources.helm import scan_helm_chart  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _helm_values_reader import scan_helm_chart as read_values  # noqa: E402

TARGET = 2.0


def charts(directory: Path | None) -> list[Path]:
    if directory is None:
        return sorted(
            p.parent for p in (ROOT / "tests" / "data" / "helm").glob("*/chart/Chart.yaml")
        )
    return sorted(p.parent for p in directory.glob("*/Chart.yaml"))


def cpu(function: Callable[[], object]) -> float:
    gc.disable()
    try:
        start = time.process_time()
        function()
        return time.process_time() - start
    finally:
        gc.enable()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--charts", type=Path, help="a directory of chart directories")
    parser.add_argument("--rounds", type=int, default=5, help="rounds (>= 1)")
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="then profile one pass with fresh caches (cProfile): the N costliest functions",
    )
    args = parser.parse_args(argv)
    found = charts(args.charts)
    if not found:
        print(f"no charts (a directory with */Chart.yaml) in {args.charts}", file=sys.stderr)
        return 2
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def old() -> None:
        for chart in found:
            read_values(chart)

    def safe_load() -> None:
        for chart in found:
            values = chart / "values.yaml"
            if values.is_file():
                yaml.load(values.read_bytes(), Loader=loader)

    def render() -> None:
        for chart in found:
            scan_helm_chart(chart)

    def cold() -> None:
        clear_caches()
        render()

    images = sum(len(scan_helm_chart(chart)) for chart in found)  # imports, untimed
    old()
    print("Helm charts rendered for their images, as a multiple of reading their values")
    print(f"  {len(found)} charts, {images} images, {args.rounds} rounds, CPU time\n")
    print("  round   values read   safe_load   render (one pass)   render (warm)")
    rows = []
    for number in range(max(1, args.rounds)):
        if number % 2:
            first = cpu(cold)
            base = cpu(old)
        else:
            base = cpu(old)
            first = cpu(cold)
        warm = cpu(render)
        plain = cpu(safe_load)
        rows.append((base, plain, first, warm))
        print(
            f"  {number + 1:5}   {base * 1000:8.0f} ms  {plain * 1000:7.0f} ms  "
            f"{first * 1000:9.0f} ms {first / base:5.1f}x  "
            f"{warm * 1000:7.0f} ms {warm / base:5.1f}x"
        )
    ratios = sorted(first / base for base, _, first, _ in rows)
    warm_ratios = sorted(warm / base for base, _, _, warm in rows)
    one_pass = ratios[len(ratios) // 2]
    warm = warm_ratios[len(warm_ratios) // 2]
    verdict = "PASS" if one_pass <= TARGET else "ABOVE"
    print(
        f"\n  one pass (median) {one_pass:.1f}x, warm {warm:.1f}x the values-only reader;"
        f" target <= {TARGET:g}x: {verdict}"
    )
    per_chart = sorted(rows)[len(rows) // 2][2] / len(found) * 1000
    print(f"  {per_chart:.1f} ms a chart rendered (one pass), on {os.cpu_count()} CPUs")
    if args.profile > 0:
        profile(cold, args.profile)
    return 0


def profile(function: Callable[[], object], count: int) -> None:
    """Where the time of one call goes: by cumulative time, then by own time (not a
    figure to compare: the profiler makes every Python call costlier)."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(function)
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.strip_dirs()
    for order in ("cumulative", "tottime"):
        print(f"\n  one pass with fresh caches, profiled, by {order}:")
        stats.sort_stats(order).print_stats(count)


if __name__ == "__main__":
    raise SystemExit(main())
