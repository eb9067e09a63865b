"""Published charts: every image Helm renders is found, and none that it does not.

Each chart under ``tests/data/helm/<chart>/chart`` (its README names the
source repository, commit and licence) is rendered by Helm's own engine (the
oracle, :mod:`tests.helm.oracle`) and scanned by tagsense; the two sets of
images must be equal, with the chart's default values and with user
overrides (``--values`` files and ``--set``, Helm's precedence).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tagsense.sources.helm import scan_helm_chart, user_values

from .oracle import images, needs_helm

DATA = Path(__file__).resolve().parent.parent / "data" / "helm"

CHARTS = sorted(p.parent.parent.name for p in DATA.glob("*/chart/Chart.yaml"))


def case(chart: str, *options: str, id: str) -> object:
    files = [str(DATA / chart / o[2:]) for o in options if o.startswith("f=")]
    sets = [o[2:] for o in options if o.startswith("s=")]
    return pytest.param(chart, files, sets, id=f"{chart}:{id}")


CASES = [case(chart, id="defaults") for chart in CHARTS] + [
    case(
        "onlineboutique",
        "f=overrides/mirror.yaml",
        "s=images.tag=v1.0.0",
        id="a mirror, a tag, the collector on (values file, then --set)",
    ),
    case(
        "wordpress",
        "f=overrides/external-db.yaml",
        "f=overrides/mirror.yaml",
        "s=image.tag=6.6.2",
        id="the MariaDB subchart off, Memcached on, a global registry (two files and --set)",
    ),
    case("grafana", "f=overrides/sidecars.yaml", id="sidecars and the renderer (values file)"),
    case(
        "redis",
        "s=architecture=standalone,metrics.enabled=true",
        "s=volumePermissions.enabled=true",
        "s=sysctl.enabled=true",
        "s=global.imageRegistry=mirror.example.com:5000",
        "s=global.security.allowInsecureImages=true",
        id="standalone, every optional image, a global registry (--set)",
    ),
    case(
        "redis",
        "s=sentinel.enabled=true,kubectl.enabled=true",
        "s=image.digest=sha256:" + "4c" * 32,
        id="sentinel and a digest (--set)",
    ),
    case(
        "prometheus",
        "s=alertmanager.enabled=false",
        "s=global.imageRegistry=mirror.example.com",
        "s=server.image.tag=v3.0.0",
        id="a subchart off, a global registry (--set)",
    ),
    case(
        "features",
        "s=worker.enabled=true,tags.caching=true",
        "s=debug.enabled=true",
        id="an aliased subchart and a tagged one on (--set)",
    ),
    case(
        "ingress-nginx",
        "s=controller.kind=DaemonSet,defaultBackend.enabled=true",
        "s=controller.image.digest=",
        id="a DaemonSet, no digest, the default backend (--set)",
    ),
]


@needs_helm
@pytest.mark.parametrize(("chart", "files", "sets"), CASES)
def test_the_images_helm_renders(chart: str, files: list[str], sets: list[str]) -> None:
    directory = DATA / chart / "chart"
    values, errors = user_values(files, sets)
    assert errors == []
    want = images(directory, values)
    scan = scan_helm_chart(directory, values_files=files, set_values=sets)
    got = {o.text for o in scan}
    assert sorted(got - want) == [], "images Helm does not render"
    assert sorted(want - got) == [], "images Helm renders that were not found"
    assert scan.errors == ()
    assert all(o.reference is not None for o in scan)
    assert all(o.kind == "helm" for o in scan)


def test_every_chart_has_a_readme_with_its_source() -> None:
    for chart in CHARTS:
        text = (DATA / chart / "README.md").read_text()
        assert "Licence" in text, chart
        if chart != "features":
            assert "commit" in text, chart
