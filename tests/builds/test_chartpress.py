"""chartpress: the images a ``chartpress.yaml`` builds are the project's
(sources.builds.chartpress)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tagsense import find_references
from tagsense.sources.builds import build_tool
from tagsense.sources.builds.chartpress import read_chartpress, scan_chartpress

if TYPE_CHECKING:
    from pathlib import Path

# jupyterhub/zero-to-jupyterhub-k8s, chartpress.yaml (trimmed), and an image named outright.
CHARTPRESS = """\
charts:
  - name: jupyterhub
    imagePrefix: quay.io/jupyterhub/k8s-
    baseVersion: "5.0.0-0.dev"
    images:
      hub:
        valuesPath: hub.image
      hub-slim:
        contextPath: images/hub
        extraBuildCommandOptions:
          - --target=slim-stage
      network-tools:
        valuesPath: singleuser.networkTools.image
  - name: other
    images:
      tool:
        imageName: ghcr.io/acme/tool
      plain: ~
      templated:
        imageName: "{{ .Values.x }}"
"""


def test_the_images_chartpress_builds() -> None:
    found = scan_chartpress(CHARTPRESS, path="chartpress.yaml")
    assert [(image.name, image.site.tool, image.site.line) for image in found.built] == [
        ("quay.io/jupyterhub/k8s-hub", "chartpress", 6),
        ("quay.io/jupyterhub/k8s-hub-slim", "chartpress", 8),
        ("quay.io/jupyterhub/k8s-network-tools", "chartpress", 12),
        ("ghcr.io/acme/tool", "chartpress", 16),
        ("plain", "chartpress", 18),  # (no imagePrefix: chartpress's default is "")
    ]
    assert found.scan.errors == ()


def test_a_chart_s_values_name_the_images_chartpress_builds(tmp_path: Path) -> None:
    # The committed values say `tag: set-by-chartpress` until chartpress runs: built, not
    # pulls (six TS003 before); the chart's other images are judged as usual.
    (tmp_path / ".git").mkdir()
    (tmp_path / "chartpress.yaml").write_text(CHARTPRESS)
    chart = tmp_path / "jupyterhub"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: jupyterhub\nversion: 0.0.1\n")
    (chart / "values.yaml").write_text(
        "hub:\n  image:\n    name: quay.io/jupyterhub/k8s-hub\n    tag: set-by-chartpress\n"
        "proxy:\n  image:\n    name: quay.io/jupyterhub/configurable-http-proxy\n"
        "    tag: '5.3.0'\n"
    )
    (chart / "templates" / "deployment.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: hub}\nspec:\n  template:\n"
        "    spec:\n      containers:\n"
        '        - image: "{{ .Values.hub.image.name }}:{{ .Values.hub.image.tag }}"\n'
        '        - image: "{{ .Values.proxy.image.name }}:{{ .Values.proxy.image.tag }}"\n'
    )
    scan = find_references(str(tmp_path))
    built = {o.text: o.built for o in scan}
    site = built["quay.io/jupyterhub/k8s-hub:set-by-chartpress"]
    assert site is not None and (site.tool, site.line) == ("chartpress", 6)
    assert built["quay.io/jupyterhub/configurable-http-proxy:5.3.0"] is None


def test_chartpress_yaml_is_chartpress_s_and_a_bad_file_gives_an_error(tmp_path: Path) -> None:
    assert build_tool("chartpress.yaml") == "chartpress"
    assert build_tool("chartpress.yml") is None
    path = tmp_path / "chartpress.yaml"
    path.write_text("- a\n- b\n")
    found = read_chartpress(str(path))
    assert found.built == () or not found.built
    assert [error.message for error in found.scan.errors] == ["must be a mapping"]
