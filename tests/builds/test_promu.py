"""``promu crossbuild``: the Go builder image it runs, from the project's promu configuration
(see ``.builds._promu``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tagsense.sources import scan_paths
from tagsense.sources.builds._promu import builder_image

if TYPE_CHECKING:
    from pathlib import Path

# prometheus/node_exporter, .promu.yml and .promu-cgo.yml (trimmed)
PROMU = "go:\n    version: 1.26\nrepository:\n    path: github.com/prometheus/node_exporter\n"
PROMU_CGO = "go:\n    version: 1.20\n    cgo: true\n"
FILES = {".promu.yml": PROMU, ".promu-cgo.yml": PROMU_CGO}


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("crossbuild -v --parallelism 3 --parallelism-thread 1", "1.26-base"),
        ("--config .promu-cgo.yml crossbuild -v", "1.20-main"),  # (1.20 as written)
        ("-c .promu-cgo.yml crossbuild --no-cgo", "1.20-base"),
        ("crossbuild --go=1.25 --cgo -p linux/amd64", "1.25-main"),
        ("crossbuild tarballs", None),
        ("build --prefix .", None),
        ("crossbuild --unknown", None),
        ("--config missing.yml crossbuild", None),  # (promu's own default: its release's)
    ],
)
def test_the_builder_image(words: str, expected: str | None) -> None:
    image = builder_image(words.split(), FILES.get)
    assert image == (f"quay.io/prometheus/golang-builder:{expected}" if expected else None)


# prometheus/node_exporter, .github/workflows/ci.yml (build job, trimmed)
WORKFLOW = """\
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        thread: [ 0, 1, 2 ]
    steps:
      - uses: actions/checkout@v4
      - name: Crossbuild
        run: ~/go/bin/promu crossbuild -v --parallelism 3 --parallelism-thread ${{ matrix.thread }}
      - name: CGO crossbuild
        run: ~/go/bin/promu --config .promu-cgo.yml crossbuild -v --parallelism 3
"""


def test_a_ci_step_s_crossbuild_pulls_the_builder(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # (the repository's top, where the job's checkout is)
    for name, text in FILES.items():
        (tmp_path / name).write_text(text)
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text(WORKFLOW)
    scan = scan_paths([str(tmp_path)])
    assert sorted({(o.line, o.text, o.context.get("engine")) for o in scan.occurrences}) == [
        (11, "quay.io/prometheus/golang-builder:1.26-base", "promu"),
        (13, "quay.io/prometheus/golang-builder:1.20-main", "promu"),
    ]


# prometheus/alertmanager, .github/workflows/ci.yml (build job, trimmed): the action runs
# `promu -c .promu.yml crossbuild … ${{ inputs.promu_opts }}`
ACTION_WORKFLOW = """\
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: prometheus/promci/build@370e8c15dcec50043cbe66f2f34633d9efc0a190 # v0.9.0
        with:
          promu_opts: "-p linux/amd64 -p windows/amd64"
          parallelism: 3
          thread: ${{ matrix.thread }}
      - uses: prometheus/promci/build@v0.9.0
        with:
          promu_config: .promu-cgo.yml
"""


def test_the_promci_build_action_runs_crossbuild(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    for name, text in FILES.items():
        (tmp_path / name).write_text(text)
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text(ACTION_WORKFLOW)
    scan = scan_paths([str(tmp_path)])
    assert sorted({(o.line, o.text) for o in scan.occurrences}) == [
        (6, "quay.io/prometheus/golang-builder:1.26-base"),
        (11, "quay.io/prometheus/golang-builder:1.20-main"),
    ]
