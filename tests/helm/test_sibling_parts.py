"""A chart that only the charts beside it take in (``file://../X``) is read through them.

camunda/camunda-platform-helm (survey s61a) keeps copies of Bitnami's charts
(``charts/elasticsearch-21``, ``keycloak-24``, ``identity-postgresql-15``…) beside its
``charts/camunda-platform-8.x`` charts, which name them as ``file://../X`` dependencies and
set every image of them; its CI lints, tests and releases only the ``camunda-platform-*``
charts. Read alone with their own defaults, the copies gave 8 findings on images nothing
deploys (``bitnami/postgresql:16.4.0-debian-12-r14`` TS006). A sibling chart is still read
alone where the project installs, lints or releases it on its own.
``charts/elasticsearch-21/elasticsearch/`` is a second copy inside the chart directory,
neither under its ``charts/`` nor named by it: Helm never loads it.
"""

from __future__ import annotations

import os

import pytest

from tagsense.sources import find_references

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

_TEMPLATE = """\
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: pg
spec:
  template:
    spec:
      containers:
        - name: pg
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
"""
_OWN = "acme/postgresql:16.4.0"
_SET = "acme/postgresql:15.10.0"


def _chart(directory: Path, name: str, tag: str, dependencies: str = "") -> None:
    (directory / "templates").mkdir(parents=True)
    (directory / "Chart.yaml").write_text(
        f"apiVersion: v2\nname: {name}\nversion: 1.0.0\n{dependencies}"
    )
    (directory / "values.yaml").write_text(f"image:\n  repository: acme/postgresql\n  tag: {tag}\n")
    (directory / "templates" / "sts.yaml").write_text(_TEMPLATE)


def _project(root: Path, condition: str = "") -> None:
    (root / ".git").mkdir()
    _chart(root / "charts" / "dep", "dep", "16.4.0")
    umbrella = root / "charts" / "umbrella"
    umbrella.mkdir(parents=True)
    (umbrella / "Chart.yaml").write_text(
        "apiVersion: v2\nname: umbrella\nversion: 1.0.0\ndependencies:\n"
        f"  - name: dep\n    version: 1.x.x\n    repository: file://../dep\n{condition}"
    )
    (umbrella / "values.yaml").write_text(
        "dep:\n  enabled: false\n  image:\n    repository: acme/postgresql\n    tag: 15.10.0\n"
    )


def _images(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(root)
    return sorted(str(o.text) for o in find_references("."))


def _workflow(root: Path, run: str) -> None:
    workflows = root / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "ci.yaml").write_text(
        f"on: push\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: {run}\n"
    )


def test_a_sibling_only_an_umbrella_deploys_is_read_through_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(tmp_path)
    _workflow(tmp_path, "helm lint charts/umbrella")
    assert _images(tmp_path, monkeypatch) == [_SET]
    scan = find_references(str(tmp_path / "charts" / "dep"))
    assert [o.text for o in scan] == []
    assert [(e.path, e.note) for e in scan.errors] == [
        (str(tmp_path / "charts" / "dep" / "Chart.yaml"), True)
    ]


@pytest.mark.parametrize(
    "run",
    [
        "helm lint charts/dep",
        "helm install db ./charts/dep --wait",
        "for chart in charts/*/; do helm lint $chart; done",
        "find charts -name Chart.yaml | xargs -n1 dirname | xargs -n1 helm package",
        "helm package charts/${{ matrix.chart }}  # matrix: [umbrella, dep]",
    ],
)
def test_a_sibling_the_project_installs_alone_is_read_alone_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: str
) -> None:
    _project(tmp_path)
    _workflow(tmp_path, run)
    assert _images(tmp_path, monkeypatch) == [_SET, _OWN]


def test_a_sibling_chart_releaser_releases_is_read_alone_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (chart-releaser's action packages every chart in its charts_dir, default charts)
    _project(tmp_path)
    _workflow(tmp_path, "echo release\n      - uses: helm/chart-releaser-action@v1.6.0")
    assert _images(tmp_path, monkeypatch) == [_SET, _OWN]


@pytest.mark.parametrize(
    ("run", "alone"),
    [
        # (camunda's CI: `ct lint --charts charts/${{ inputs.camunda-helm-dir }}` over a
        # chart-testing.yaml of `chart-dirs: [charts]`: --charts ignores chart-dirs)
        ("ct lint --charts charts/${{ inputs.chart }}", False),
        ("ct lint --target-branch main", True),
        (None, True),  # (nothing here runs ct: its runs elsewhere test what the file says)
    ],
)
def test_a_sibling_chart_testing_tests_is_read_alone_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: str | None, alone: bool
) -> None:
    _project(tmp_path)
    (tmp_path / "ct.yaml").write_text("target-branch: main\nchart-dirs:\n  - charts\n")
    if run is not None:
        _workflow(tmp_path, run)
    assert _images(tmp_path, monkeypatch) == ([_SET, _OWN] if alone else [_SET])


def test_a_sibling_every_umbrella_leaves_off_is_read_with_the_values_it_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (camunda's identityPostgresql: off by default, its image set by the umbrella; Helm
    # renders the chart with the umbrella's `dep:` values once it is switched on)
    _project(tmp_path, condition="    condition: dep.enabled\n")
    monkeypatch.chdir(tmp_path)
    found = [(o.text, o.path, o.line) for o in find_references(".")]
    assert found == [(_SET, os.path.join("charts", "umbrella", "values.yaml"), 5)]
    # (installed alone as well: read alone, with its own values)
    _workflow(tmp_path, "helm install db charts/dep")
    assert _images(tmp_path, monkeypatch) == [_OWN]


def test_a_chart_copy_inside_a_chart_is_not_read_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(tmp_path)
    _chart(tmp_path / "charts" / "dep" / "dep", "dep", "16.3.0")
    assert _images(tmp_path, monkeypatch) == [_SET]
    # (named by a command of the project, it is read alone)
    _workflow(tmp_path, "helm template charts/dep/dep")
    assert _images(tmp_path, monkeypatch) == [_SET, "acme/postgresql:16.3.0", _OWN]


def test_a_library_sibling_gets_no_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # (camunda's charts/common-2, `type: library`: Helm installs no library chart, and alone it
    # renders nothing; a note on it would say nothing)
    _project(tmp_path)
    metadata = tmp_path / "charts" / "dep" / "Chart.yaml"
    metadata.write_text(metadata.read_text() + "type: library\n")
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    assert [e.path for e in scan.errors if e.note] == []
    metadata.write_text(metadata.read_text().replace("type: library", "type: application"))
    scan = find_references(".")
    assert [e.path for e in scan.errors if e.note] == [os.path.join("charts", "dep", "Chart.yaml")]
