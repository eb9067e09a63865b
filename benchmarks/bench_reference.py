"""Throughput of ``tagsense.parse_reference``, as a ratio of baselines timed in the same run.

What is measured
    ``tagsense.parse_reference(text)`` (default ``normalize=True``) over the
    100,000 references of ``../shared/conformance/bench-refs-100k.txt``; about
    5% of them are invalid, and catching the ``tagsense.InvalidReference``
    they raise is part of the measured work. It is compared with:

    * the bare regex (THE baseline): ``tagsense._grammar.reference_re().fullmatch``,
      Docker's ``regexp.go`` transcribed verbatim, precompiled, no other checks.
      Target: ``parse_reference`` at least 0.5x its throughput.
    * for information: ``tagsense._grammar.split_reference_re().fullmatch``, the
      same grammar with possessive quantifiers (what tagsense uses inside).
    * docker-image-py (``import docker_image``), when it is importable:
      ``Reference.parse_normalized_named``, the counterpart of
      ``parse_reference``'s default (Docker's ``ParseNormalizedNamed``), catching
      ``docker_image.reference.InvalidReference`` and
      ``docker_image.digest.InvalidDigest`` (every error it raises derives from
      one of the two). Target: tagsense at least 6x its throughput. Its raw
      ``Reference.parse`` (Docker's ``Parse``, no Docker Hub defaults) is timed
      too, for information.

How
    The references are split into R disjoint chunks (``--rounds``, default 5).
    In round r every implementation processes chunk r once, so no pass sees
    an input that the same implementation has already parsed and no cache can
    decide a figure; the order of the implementations rotates every round.
    Times (``time.perf_counter``, garbage collector disabled during each timed
    loop) are summed per implementation; the loop overhead is inside every
    figure. Before round 1 each implementation runs once over a few hand-written
    references that are not in the file (lazy compilation and imports happen
    there, untimed). The figures printed are throughput (references/s) and
    ratios of throughputs, never absolute-time verdicts: the machine is shared
    and noisy. The spread of the per-round ratios shows how noisy a run was.
    Afterwards an untimed pass counts where the implementations disagree on
    which inputs are valid.

How to run (from the repository root)
    PYTHONPATH=src python benchmarks/bench_reference.py            # full run
    PYTHONPATH=src python benchmarks/bench_reference.py --quick    # 20,000 refs
    python benchmarks/bench_reference.py --refs PATH --rounds 10

    Without PYTHONPATH (and without an install) the script falls back to the
    repository's ``src/``. The exit status is 0 whatever the ratios (2 for a
    usage error): read the PASS/BELOW marks.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import importlib.metadata
import platform
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

try:
    import tagsense
except ImportError:  # a checkout without an install: use the repository's src/
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import tagsense
from tagsense._grammar import reference_re, split_reference_re

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REFS = REPO_ROOT.parent / "shared/conformance/bench-refs-100k.txt"
QUICK_COUNT = 20_000
DEFAULT_ROUNDS = 5

#: Target: parse_reference's throughput as a multiple of the bare regex's.
TARGET_VS_REGEX = 0.5
#: Target: parse_reference's throughput as a multiple of docker-image-py's.
TARGET_VS_DOCKER_IMAGE = 6.0

#: Untimed warm-up inputs (not from the file): every fast path, the slow path
#: and each kind of error, so lazy compilation and imports happen here.
WARMUP_REFS = (
    "warmup",
    "warmup:1.0",
    "warmup-ns/warm_up:1.0-alpine",
    "warmup.example:5000/ns/app:v1",
    "localhost/warmup@sha256:" + "ab" * 32,
    "docker.io/warmup",
    "index.docker.io/warmup/app:1",
    "[::1]:5000/warmup:1",
    "Warmup/app",
    "warmup/App",
    "warmup:",
    "warmup//app",
    "-warmup",
    "warm up",
    "warmup@sha256:abc",
    "warmup@md5:" + "ab" * 16,
    "warmup@SHA256:" + "ab" * 32,
    "0123456789abcdef" * 4,
    "",
)


@dataclass
class Implementation:
    """One implementation under test: how to time it over a chunk, and its totals."""

    label: str
    run: Callable[[Sequence[str]], tuple[float, int]]
    accepts: Callable[[str], bool]
    seconds: float = 0.0
    accepted: int = 0
    count: int = 0

    @property
    def throughput(self) -> float:
        return self.count / self.seconds if self.seconds > 0 else float("inf")


# --- the timed loops ----------------------------------------------------------


def timer_for_raising(
    parse: Callable[[str], object], errors: tuple[type[BaseException], ...]
) -> Callable[[Sequence[str]], tuple[float, int]]:
    """A timed loop for a parser that returns a value or raises one of ``errors``."""

    def run(chunk: Sequence[str]) -> tuple[float, int]:
        accepted = 0
        gc.collect()
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            start = time.perf_counter()
            for text in chunk:
                try:
                    parse(text)
                except errors:
                    continue
                accepted += 1
            elapsed = time.perf_counter() - start
        finally:
            if was_enabled:
                gc.enable()
        return elapsed, accepted

    return run


def timer_for_matching(
    match: Callable[[str], object | None],
) -> Callable[[Sequence[str]], tuple[float, int]]:
    """A timed loop for a matcher that returns ``None`` for a refused input."""

    def run(chunk: Sequence[str]) -> tuple[float, int]:
        accepted = 0
        gc.collect()
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            start = time.perf_counter()
            for text in chunk:
                if match(text) is not None:
                    accepted += 1
            elapsed = time.perf_counter() - start
        finally:
            if was_enabled:
                gc.enable()
        return elapsed, accepted

    return run


def accepts_for_raising(
    parse: Callable[[str], object], errors: tuple[type[BaseException], ...]
) -> Callable[[str], bool]:
    def accepts(text: str) -> bool:
        try:
            parse(text)
        except errors:
            return False
        return True

    return accepts


def accepts_for_matching(match: Callable[[str], object | None]) -> Callable[[str], bool]:
    def accepts(text: str) -> bool:
        return match(text) is not None

    return accepts


# --- the implementations -----------------------------------------------------


def tagsense_implementations() -> tuple[Implementation, Implementation, Implementation]:
    errors: tuple[type[BaseException], ...] = (tagsense.InvalidReference,)
    ours = Implementation(
        "tagsense.parse_reference",
        timer_for_raising(tagsense.parse_reference, errors),
        accepts_for_raising(tagsense.parse_reference, errors),
    )
    bare = Implementation(
        "bare regex REFERENCE_RE.fullmatch",
        timer_for_matching(reference_re().fullmatch),
        accepts_for_matching(reference_re().fullmatch),
    )
    possessive = Implementation(
        "possessive SPLIT_REFERENCE_RE.fullmatch",
        timer_for_matching(split_reference_re().fullmatch),
        accepts_for_matching(split_reference_re().fullmatch),
    )
    return ours, bare, possessive


def docker_image_implementations() -> tuple[str, list[Implementation]]:
    """docker-image-py's two parse functions, or a note saying why there are none.

    Imported dynamically: the package has no type information.
    """
    try:
        reference = importlib.import_module("docker_image.reference")
        digest = importlib.import_module("docker_image.digest")
    except ImportError as error:
        return f"docker-image-py not importable ({error}): skipped", []
    try:
        version = importlib.metadata.version("docker-image-py")
    except importlib.metadata.PackageNotFoundError:
        version = "(version unknown)"
    # Every error it raises for bad input derives from one of these two.
    errors: tuple[type[BaseException], ...] = (reference.InvalidReference, digest.InvalidDigest)
    normalized: Callable[[str], object] = reference.Reference.parse_normalized_named
    raw: Callable[[str], object] = reference.Reference.parse
    note = f"docker-image-py {version} from {Path(str(reference.__file__)).parent}"
    return note, [
        Implementation(
            "docker-image-py parse_normalized_named",
            timer_for_raising(normalized, errors),
            accepts_for_raising(normalized, errors),
        ),
        Implementation(
            "docker-image-py Reference.parse (raw)",
            timer_for_raising(raw, errors),
            accepts_for_raising(raw, errors),
        ),
    ]


# --- running and reporting ---------------------------------------------------


def read_refs(path: Path) -> list[str]:
    """One reference a line, kept exactly as written (leading spaces are test data)."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def chunks(refs: Sequence[str], rounds: int) -> list[Sequence[str]]:
    n = len(refs)
    return [refs[r * n // rounds : (r + 1) * n // rounds] for r in range(rounds)]


def run_rounds(
    impls: Sequence[Implementation], parts: Sequence[Sequence[str]]
) -> list[dict[str, float]]:
    """Time every implementation over every chunk; return each round's seconds by label."""
    for impl in impls:
        impl.run(WARMUP_REFS)
    per_round: list[dict[str, float]] = []
    for r, part in enumerate(parts):
        shift = r % len(impls)
        order = [*impls[shift:], *impls[:shift]]
        seconds: dict[str, float] = {}
        for impl in order:
            elapsed, accepted = impl.run(part)
            impl.seconds += elapsed
            impl.accepted += accepted
            impl.count += len(part)
            seconds[impl.label] = elapsed
        per_round.append(seconds)
    return per_round


def verdict(ratio: float, target: float) -> str:
    return "PASS" if ratio >= target else "BELOW"


def round_spread(per_round: Sequence[dict[str, float]], ours: str, other: str) -> str:
    # Throughput ratio ours/other in one round = other's time / ours.
    ratios = [seconds[other] / seconds[ours] for seconds in per_round]
    return f"per round {min(ratios):.2f}x..{max(ratios):.2f}x"


def disagreement(
    refs: Sequence[str], ours: Implementation, other: Implementation
) -> tuple[list[str], list[str]]:
    """Inputs only ``other`` accepts, and inputs only ``ours`` accepts (untimed)."""
    only_other: list[str] = []
    only_ours: list[str] = []
    for text in refs:
        a, b = ours.accepts(text), other.accepts(text)
        if b and not a:
            only_other.append(text)
        elif a and not b:
            only_ours.append(text)
    return only_other, only_ours


def rejection_kinds(texts: Sequence[str]) -> str:
    kinds: Counter[str] = Counter()
    for text in texts:
        try:
            tagsense.parse_reference(text)
        except tagsense.InvalidReference as error:
            kinds[error.kind] += 1
    return ", ".join(f"{kind} {count:,}" for kind, count in kinds.most_common())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(
            "Throughput of tagsense.parse_reference as a ratio of the bare grammar regex "
            "(target >= 0.5x) and of docker-image-py (target >= 6x), timed in the same run."
        )
    )
    parser.add_argument(
        "--refs",
        type=Path,
        default=DEFAULT_REFS,
        help="file of references, one a line (default: %(default)s)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=DEFAULT_ROUNDS,
        help="disjoint chunks, one per round (default: %(default)s)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"use only the first {QUICK_COUNT:,} references (a smoke run)",
    )
    args = parser.parse_args(argv)

    try:
        refs = read_refs(args.refs)
    except OSError as error:
        parser.error(f"cannot read --refs: {error}")
    if args.quick:
        refs = refs[:QUICK_COUNT]
    if not 1 <= args.rounds <= len(refs):
        parser.error(f"--rounds must be between 1 and the number of references ({len(refs)})")

    ours, bare, possessive = tagsense_implementations()
    docker_note, docker = docker_image_implementations()
    impls = [ours, bare, possessive, *docker]
    parts = chunks(refs, args.rounds)

    print("tagsense parse_reference throughput (ratios of throughput, same run)")
    print(f"  tagsense {tagsense.__version__} from {Path(str(tagsense.__file__)).parent}")
    print(f"  {platform.python_implementation()} {platform.python_version()}, {sys.executable}")
    print(f"  {docker_note}")
    print(
        f"  input: {args.refs} -> {len(refs):,} references ({len(set(refs)):,} distinct), "
        f"{args.rounds} rounds of ~{len(refs) // args.rounds:,}"
        + (" [--quick]" if args.quick else "")
    )
    print()

    per_round = run_rounds(impls, parts)

    width = max(len(impl.label) for impl in impls)
    print(f"  {'implementation':<{width}}  {'refs/s':>11}  {'total s':>8}  {'accepted':>9}")
    for impl in impls:
        print(
            f"  {impl.label:<{width}}  {impl.throughput:>11,.0f}  {impl.seconds:>8.3f}  "
            f"{impl.accepted:>9,}"
        )
    print()

    print("ratios: throughput of tagsense.parse_reference / throughput of the other")

    def ratio_line(name: str, other: Implementation, target: float | None) -> str:
        ratio = ours.throughput / other.throughput
        mark = "no target (information)"
        if target is not None:
            mark = f"target >= {target:g}x".ljust(16) + verdict(ratio, target)
        spread = round_spread(per_round, ours.label, other.label)
        return f"  {name:<32} {ratio:6.2f}x  {mark:<24} ({spread})"

    print(ratio_line("vs bare regex (THE baseline)", bare, TARGET_VS_REGEX))
    if docker:
        print(ratio_line("vs docker-image-py (normalized)", docker[0], TARGET_VS_DOCKER_IMAGE))
    else:
        print(f"  vs docker-image-py: {docker_note}")
    print(ratio_line("vs possessive regex", possessive, None))
    if docker:
        print(ratio_line("vs docker-image-py raw parse", docker[1], None))
    print()

    print("sanity: which inputs are valid (untimed pass over all inputs)")
    for other in [bare, *docker[:1]]:
        only_other, only_ours = disagreement(refs, ours, other)
        print(
            f"  tagsense vs {other.label}: {len(only_other) + len(only_ours):,} disagree; "
            f"only the other accepts {len(only_other):,}, only tagsense accepts {len(only_ours):,}"
        )
        if only_other:
            print(f"    tagsense's reasons: {rejection_kinds(only_other)}")
        for text in only_ours[:3]:
            print(f"    tagsense accepts, the other refuses: {text!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
