"""What ``tagsense.parse_tag`` costs, as a multiple of one bare regex, measured in the same run.

What is measured
    ``tagsense.parse_tag(tag, image=image)`` over every (image, tag) pair of
    ``tests/data/official-tags.tsv`` and ``tests/data/other-tags.tsv`` (copies
    of ``../shared/corpus/``, about 24,000 real tags), against one precompiled
    ``re.fullmatch`` of the reference grammar (``tagsense._grammar.reference_re()``,
    Docker's regexp.go verbatim) over the same strings. Target: ``parse_tag``
    costs at most 5x that regex.

How
    Pass 1 is cold: parse_tag has seen none of these tags, images or parts
    (it remembers an image's context and the classification of each
    ``-``-separated part, as a lexer keeps its keyword table). Passes 2..N are
    warm. Each pass times the regex and parse_tag back to back (the order
    alternates), with the garbage collector off; the figures are cost ratios
    (parse_tag time / regex time), never absolute verdicts, because the machine
    is shared and noisy. Also printed: the share of tags with an ``unknown``
    part (target at most 1%).

How to run (from the repository root)
    python benchmarks/bench_tag.py            # 5 passes
    python benchmarks/bench_tag.py --passes 9
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import re
    from collections.abc import Callable

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"

try:
    import tagsense
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT / "src"))
    import tagsense

from tagsense import _grammar  # noqa: E402  (after the fallback import above)

TARGET = 5.0


def corpus() -> list[tuple[str, str]]:
    rows = []
    for name in ("official-tags.tsv", "other-tags.tsv"):
        for line in (DATA / name).read_text().splitlines():
            if line.startswith(("#", "repo\t", "image\t")):
                continue
            image, tag = line.split("\t")[:2]
            rows.append((image, tag))
    return rows


def timed(function: Callable[[], object]) -> float:
    gc.disable()
    try:
        start = time.perf_counter()
        function()
        return time.perf_counter() - start
    finally:
        gc.enable()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--passes", type=int, default=5, help="passes over the corpus (>= 2)")
    args = parser.parse_args(argv)
    rows = corpus()
    tags = [tag for _, tag in rows]
    fullmatch: Callable[[str], re.Match[str] | None] = _grammar.reference_re().fullmatch
    parse_tag = tagsense.parse_tag
    parse_tag("1.0-warmup", image="warmup/imports")  # imports happen here, untimed

    def run_regex() -> None:
        for tag in tags:
            fullmatch(tag)

    def run_parse() -> None:
        for image, tag in rows:
            parse_tag(tag, image=image)

    print("tagsense parse_tag cost as a multiple of one bare regex (same run)")
    print(f"  tagsense {tagsense.__version__}, {len(rows):,} real tags, {args.passes} passes\n")
    print("  pass   regex us/tag   parse_tag us/tag   cost ratio")
    ratios = []
    for number in range(1, max(2, args.passes) + 1):
        if number % 2:
            regex = timed(run_regex)
            parse = timed(run_parse)
        else:
            parse = timed(run_parse)
            regex = timed(run_regex)
        ratios.append(parse / regex)
        label = "cold" if number == 1 else "warm"
        print(
            f"  {number} {label}  {regex / len(rows) * 1e6:10.2f}   "
            f"{parse / len(rows) * 1e6:14.2f}   {parse / regex:9.2f}x"
        )
    warm = sorted(ratios[1:])[len(ratios[1:]) // 2]
    verdict = "PASS" if warm <= TARGET else "ABOVE"
    print(f"\n  warm (median) {warm:.2f}x, cold {ratios[0]:.2f}x; target <= {TARGET:g}x: {verdict}")
    unknown = sum(parse_tag(tag, image=image).has_unknown for image, tag in rows)
    print(f"  tags with an unknown part: {unknown} of {len(rows)} ({unknown / len(rows):.2%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
