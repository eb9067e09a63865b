"""A chart a parent chart deploys as a ``file://`` dependency gets the parent's ``global`` values.

googleforgames/open-match (survey s41d): ``install/helm/open-match`` names
``file://./subcharts/open-match-scale`` as a dependency (off by default); the
subchart's templates write ``{{ .Values.global.image.registry }}/…:{{ .Values.global.image.tag }}``
and only the parent sets ``global``. Rendered alone, both images were unresolved
(two TS011 findings); Helm deploys the subchart with the parent's globals copied down.
"""

from __future__ import annotations

from tagsense.sources.helm import scan_helm_chart

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

_TEMPLATE = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: scale
spec:
  template:
    spec:
      containers:
        - name: scale
          image: "{{ .Values.global.image.registry }}/scale:{{ .Values.global.image.tag }}"
"""


def _charts(root: Path, repository: str, sub: Path) -> None:
    root.mkdir(parents=True)
    (root / "Chart.yaml").write_text(
        "apiVersion: v2\nname: parent\nversion: 1.0.0\ndependencies:\n"
        f"  - name: scale\n    version: 0.0.0\n    repository: {repository}\n"
        "    condition: scale.enabled\n"
    )
    (root / "values.yaml").write_text(
        "scale:\n  enabled: false\nglobal:\n  image:\n    registry: gcr.io/acme\n    tag: 1.8.1\n"
    )
    (sub / "templates").mkdir(parents=True)
    (sub / "Chart.yaml").write_text("apiVersion: v2\nname: scale\nversion: 0.0.0\n")
    (sub / "values.yaml").write_text("replicas: 1\n")
    (sub / "templates" / "deployment.yaml").write_text(_TEMPLATE)


def test_a_subchart_in_its_parent_s_directory_is_rendered_with_the_parent_s_globals(
    tmp_path: Path,
) -> None:
    parent = tmp_path / "parent"
    sub = parent / "subcharts" / "scale"
    _charts(parent, "file://./subcharts/scale", sub)
    scan = scan_helm_chart(sub)
    assert [o.text for o in scan] == ["gcr.io/acme/scale:1.8.1"]
    (occurrence,) = scan
    # (the line a user edits: the parent's global tag)
    assert occurrence.path == str(parent / "values.yaml")
    assert occurrence.line == 6


def test_a_sibling_chart_is_its_own_and_gets_no_globals(tmp_path: Path) -> None:
    # (an umbrella chart beside it, `file://../scale`: the chart is installed alone as well)
    sub = tmp_path / "scale"
    _charts(tmp_path / "umbrella", "file://../scale", sub)
    scan = scan_helm_chart(sub)
    assert [o.reference for o in scan] == [None]


def test_the_user_s_values_win_over_the_parent_s_globals(tmp_path: Path) -> None:
    parent = tmp_path / "parent"
    sub = parent / "subcharts" / "scale"
    _charts(parent, "file://./subcharts/scale", sub)
    scan = scan_helm_chart(sub, set_values=["global.image.tag=2.0.0"])
    assert [o.text for o in scan] == ["gcr.io/acme/scale:2.0.0"]


def test_a_subchart_its_parent_deploys_is_read_once_through_the_parent(tmp_path: Path) -> None:
    # (on by default, the parent's render reads it; alone it would repeat each finding)
    parent = tmp_path / "parent"
    sub = parent / "subcharts" / "scale"
    _charts(parent, "file://./subcharts/scale", sub)
    values = (parent / "values.yaml").read_text().replace("enabled: false", "enabled: true")
    (parent / "values.yaml").write_text(values)
    assert list(scan_helm_chart(sub)) == []
    assert [o.text for o in scan_helm_chart(parent)] == ["gcr.io/acme/scale:1.8.1"]
