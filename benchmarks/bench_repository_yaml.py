"""Argo CD's and Flux's looks over a repository's YAML files, sharing one pass a scan, as a
ratio of the same looks each reading every file.

What is measured
    A generated repository of ``--files`` YAML manifests (default 2,000; 4 KiB each, in
    50 directories), one Helm chart, one Argo CD Application deploying it and one Flux
    Kustomization: the layout of FAForever/gitops-stack with lf-edge/eve's count of YAML files
    several times over. One pass asks what both readers ask in a scan where both look
    (``_argocd_charts._releases_in`` and ``kustomize._flux_paths`` of the repository), after
    ``context.forget()`` (a new scan) and with the repository's file list made (untimed: the
    walk makes it first); the baseline pass is the same with ``_listing.MENTIONED`` empty,
    so each reader's question is a pass of its own over every YAML file, as before the index.
    CPU time (``time.process_time``), passes interleaved (the one that goes first
    alternates), N passes each (``--runs``, default 7). The figure is the ratio of the median
    times; target at most 0.6x. Each pass's answers are compared with the baseline's (they
    must be the same).

How to run (from the repository root)
    python benchmarks/bench_repository_yaml.py
    python benchmarks/bench_repository_yaml.py --runs 11 --files 5000
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
TARGET = 0.6
MANIFEST = (
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-{n}\nspec:\n  template:\n"
    "    spec:\n      containers:\n      - name: app\n        image: nginx:1.27.{n}\n"
)
APPLICATION = (
    "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: web}\nspec:\n"
    "  source:\n    path: chart\n    helm:\n      valueFiles: [values-prod.yaml]\n"
)
KUSTOMIZATION = (
    "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps}\n"
    "spec:\n  path: ./deploy\n  sourceRef: {kind: GitRepository, name: flux-system}\n"
)


def generate(root: Path, files: int) -> None:
    (root / ".git").mkdir()
    for number in range(files):
        directory = root / "deploy" / f"part-{number % 50}"
        directory.mkdir(parents=True, exist_ok=True)
        text = MANIFEST.format(n=number)
        (directory / f"app-{number}.yaml").write_text(text + "#" * (4096 - len(text)) + "\n")
    chart = root / "chart"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: web\nversion: 0.1.0\n")
    (chart / "values-prod.yaml").write_text("image:\n  tag: 1.4.2\n")
    (root / "app.yaml").write_text(APPLICATION)
    (root / "sync.yaml").write_text(KUSTOMIZATION)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="passes of each kind")
    parser.add_argument("--files", type=int, default=2000, help="YAML files in the repository")
    args = parser.parse_args(argv)
    try:
        import tagsense
    except ImportError:
        sys.path.insert(0, str(ROOT / "src"))
        import tagsense
    from tagsense.sources import _argocd_charts, _listing, kustomize
    from tagsense.sources.context import forget

    mentioned = _listing.MENTIONED

    def one_pass(shared: bool, top: str) -> tuple[float, object]:
        _listing.MENTIONED = mentioned if shared else ()
        forget()
        _listing.listed_files(top)  # (the walk's list, made first in a scan)
        start = time.process_time()
        found = (_argocd_charts._releases_in(top), kustomize._flux_paths(top))
        spent = time.process_time() - start
        _listing.MENTIONED = mentioned
        return spent, found

    where = os.path.dirname(tagsense.__file__)
    with tempfile.TemporaryDirectory(prefix="bench-repository-yaml-") as directory:
        top = os.path.realpath(directory)
        generate(Path(top), args.files)
        print(f"{args.files} YAML files, an Argo CD Application and a Flux Kustomization ({where})")
        one_pass(True, top)  # (imports, compiled patterns: untimed)
        times: dict[bool, list[float]] = {True: [], False: []}
        baseline: object = None
        for index in range(args.runs):
            for shared in (True, False) if index % 2 else (False, True):
                spent, found = one_pass(shared, top)
                times[shared].append(spent)
                if baseline is None and not shared:
                    baseline = found
                elif baseline is not None and found != baseline:
                    print("  the answers differ from the baseline's")
                    return 1
    shared_time = statistics.median(times[True])
    each_time = statistics.median(times[False])
    print(f"  each reader reads every file: {each_time:.3f} s CPU (median of {args.runs})")
    print(f"  one pass for both readers:    {shared_time:.3f} s CPU (median of {args.runs})")
    ratio = shared_time / each_time
    mark = "PASS" if ratio <= TARGET else "BELOW"
    print(f"  shared / each: {ratio:.2f}x (target <= {TARGET}x) {mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
