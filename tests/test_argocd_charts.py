"""Argo CD Applications and ApplicationSets render the repository's own charts with their values.

FAForever/gitops-stack's ``app-set-prod.yaml`` (an ApplicationSet whose git directory
generator goes over ``apps/*``) renders each chart with ``/{{path}}/values-prod.yaml``;
``apps/faf-icebreaker`` has no ``image.tag`` in its ``values.yaml``: read alone, its image
was a false TS011 ("nil pointer evaluating interface {}.tag"), and the tag the cluster
runs was never read.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tagsense.cli import main
from tagsense.sources import _argocd_charts
from tagsense.sources.context import forget

if TYPE_CHECKING:
    from pathlib import Path

CHART = "apiVersion: v2\nname: {name}\nversion: 0.1.0\n"
DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
spec:
  template:
    spec:
      containers:
      - name: app
        image: "faforever/{name}:{{{{ .Values.image.tag }}}}"
"""
APP_SET = """\
apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: faf-k8s
spec:
  generators:
  - git:
      repoURL: {url}
      revision: main
      directories:
      - path: 'apps/*'
      - path: apps/excluded
        exclude: true
  template:
    metadata:
      name: '{{{{path.basenameNormalized}}}}'
    spec:
      project: default
      destination:
        namespace: 'faf-{{{{path[0]}}}}'
      sources:
      - repoURL: {url}
        targetRevision: main
        path: '{{{{path}}}}'
        helm:
          ignoreMissingValueFiles: true
          valueFiles:
          - '/config/{env}.yaml'
          - '/{{{{path}}}}/values-{env}.yaml'
"""
URL = "https://github.com/FAForever/gitops-stack.git"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    forget()
    main([*args, "--format", "json"])
    result: dict[str, object] = json.loads(capsys.readouterr().out)
    return result


def refs_of(capsys: pytest.CaptureFixture[str], path: Path) -> list[dict[str, object]]:
    found = run(capsys, "refs", str(path))["references"]
    assert isinstance(found, list)
    return found


def _chart(root: Path, name: str, values: dict[str, str]) -> Path:
    chart = root / "apps" / name
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text(CHART.format(name=name))
    (chart / "values.yaml").write_text("replicas: 1\n")
    (chart / "templates" / "deployment.yaml").write_text(DEPLOYMENT.format(name=name))
    for file, text in values.items():
        (chart / file).write_text(text)
    return chart


def _gitops(root: Path, *, origin: str | None = URL, envs: tuple[str, ...] = ("prod",)) -> None:
    git = root / ".git"
    git.mkdir()
    if origin is not None:
        (git / "config").write_text(f'[remote "origin"]\n\turl = {origin}\n')
    (root / "config").mkdir()
    for env in envs:
        (root / "config" / f"{env}.yaml").write_text(f"environment: {env}\n")
        (root / f"app-set-{env}.yaml").write_text(APP_SET.format(url=URL, env=env))
    _chart(root, "faf-icebreaker", {"values-prod.yaml": "image:\n  tag: 1.2.1\n"})
    _chart(root, "excluded", {"values-prod.yaml": "image:\n  tag: 9.9.9\n"})


def test_an_application_set_renders_each_directory_s_chart_with_its_value_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _gitops(tmp_path)
    refs = refs_of(capsys, tmp_path)
    by_text = {r["text"]: r for r in refs}
    # (the excluded directory is no Application's: read alone, its tag is not known)
    assert set(by_text) == {"faforever/faf-icebreaker:1.2.1", by_excluded(refs)}
    found = by_text["faforever/faf-icebreaker:1.2.1"]
    assert str(found["path"]).endswith("apps/faf-icebreaker/values-prod.yaml")
    context = found["context"]
    assert isinstance(context, dict)
    assert context["release"]["tool"] == "argocd"
    assert context["release"]["name"] == "faf-icebreaker"
    assert str(context["release"]["path"]).endswith("app-set-prod.yaml")
    # the chart checked alone is read through the Application too (the same answer)
    alone = refs_of(capsys, tmp_path / "apps" / "faf-icebreaker")
    assert [r["text"] for r in alone] == ["faforever/faf-icebreaker:1.2.1"]
    checked = run(capsys, "check", "--offline", "--exit-zero", str(tmp_path / "apps"))
    codes = [f["code"] for f in checked["findings"]]  # type: ignore[index, union-attr]
    assert codes.count("TS011") == 1  # (the excluded chart's alone)


def by_excluded(refs: list[dict[str, object]]) -> str:
    texts = [str(r["text"]) for r in refs if "excluded" in str(r["text"])]
    assert len(texts) == 1 and "{{" in texts[0]  # (unresolved: read alone)
    return texts[0]


def test_a_release_that_leaves_the_image_unrendered_beside_one_that_renders_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # (app-set-local.yaml: no values-local.yaml, ignored; Helm refuses that rendering)
    _gitops(tmp_path, envs=("prod", "local"))
    checked = run(
        capsys, "check", "--offline", "--exit-zero", str(tmp_path / "apps" / "faf-icebreaker")
    )
    assert checked["findings"] == []
    refs = refs_of(capsys, tmp_path / "apps" / "faf-icebreaker")
    assert [r["text"] for r in refs] == ["faforever/faf-icebreaker:1.2.1"]


def test_another_repository_s_application_does_not_render_this_chart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _gitops(tmp_path, origin="git@github.com:someone/else.git")
    refs = refs_of(capsys, tmp_path / "apps" / "faf-icebreaker")
    assert [r["valid"] for r in refs] == [False]  # (read alone, as before)


@pytest.mark.parametrize(
    "origin",
    [
        URL,
        "git@github.com:FAForever/gitops-stack",
        "https://github.com/faforever/gitops-stack/",
        None,
    ],
)
def test_the_same_repository_however_its_url_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], origin: str | None
) -> None:
    _gitops(tmp_path, origin=origin)
    refs = refs_of(capsys, tmp_path / "apps" / "faf-icebreaker")
    assert [r["text"] for r in refs] == ["faforever/faf-icebreaker:1.2.1"]


def test_a_missing_value_file_fails_the_release_unless_ignored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _gitops(tmp_path)
    app_set = tmp_path / "app-set-prod.yaml"
    app_set.write_text(
        app_set.read_text()
        .replace("ignoreMissingValueFiles: true", "ignoreMissingValueFiles: false")
        .replace("- '/config/prod.yaml'", "- '/config/absent.yaml'")
    )
    refs = refs_of(capsys, tmp_path / "apps" / "faf-icebreaker")
    assert [r["valid"] for r in refs] == [False]  # (Argo CD renders nothing: read alone)


APPLICATION = """\
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: web
spec:
  sources:
  - repoURL: https://github.com/acme/deploy.git
    ref: values
  - repoURL: https://github.com/acme/deploy.git
    path: charts/web
    helm:
      valueFiles:
      - $values/envs/prod/web.yaml
      valuesObject:
        sidecar:
          enabled: "true"
      parameters:
      - name: sidecar.tag
        value: "2.0"
"""
WEB_DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: web
        image: "acme/web:{{ .Values.tag }}"
      {{- if .Values.sidecar.enabled }}
      - name: sidecar
        image: "acme/sidecar:{{ .Values.sidecar.tag }}"
      {{- end }}
"""


def test_an_application_s_multi_source_values_object_and_parameters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".git").mkdir()
    chart = tmp_path / "charts" / "web"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text(CHART.format(name="web"))
    (chart / "values.yaml").write_text("tag: '1.0'\nsidecar:\n  enabled: false\n  tag: '1.0'\n")
    (chart / "templates" / "deployment.yaml").write_text(WEB_DEPLOYMENT)
    (tmp_path / "envs" / "prod").mkdir(parents=True)
    (tmp_path / "envs" / "prod" / "web.yaml").write_text("tag: '1.5'\n")
    (tmp_path / "argocd").mkdir()
    (tmp_path / "argocd" / "web.yaml").write_text(APPLICATION)
    refs = refs_of(capsys, tmp_path)
    assert sorted(str(r["text"]) for r in refs) == ["acme/sidecar:2.0", "acme/web:1.5"]
    web = next(r for r in refs if r["text"] == "acme/web:1.5")
    assert str(web["path"]).endswith("envs/prod/web.yaml")


LIST_SET = """\
apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: myapps
spec:
  goTemplate: true
  generators:
  - list:
      elements:
      - env: dev
      - env: prod
  template:
    metadata:
      name: 'web-{{ .env }}'
    spec:
      source:
        repoURL: https://github.com/acme/deploy.git
        path: charts/web
        helm:
          valueFiles:
          - 'values-{{ .env }}.yaml'
"""


def test_a_list_generator_s_elements_each_render_the_chart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".git").mkdir()
    chart = tmp_path / "charts" / "web"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text(CHART.format(name="web"))
    (chart / "values.yaml").write_text("sidecar:\n  enabled: false\n")
    (chart / "values-dev.yaml").write_text("tag: dev\n")
    (chart / "values-prod.yaml").write_text("tag: '3.1'\n")
    (chart / "templates" / "deployment.yaml").write_text(WEB_DEPLOYMENT)
    (tmp_path / "appset.yaml").write_text(LIST_SET)
    refs = refs_of(capsys, tmp_path)
    assert sorted(str(r["text"]) for r in refs) == ["acme/web:3.1", "acme/web:dev"]
    names = {r["context"]["release"]["name"] for r in refs}  # type: ignore[index]
    assert names == {"web-dev", "web-prod"}


def test_a_parameter_only_a_run_knows_leaves_the_release_unread(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".git").mkdir()
    chart = tmp_path / "charts" / "web"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text(CHART.format(name="web"))
    (chart / "values.yaml").write_text("tag: '1.0'\nsidecar:\n  enabled: false\n")
    (chart / "templates" / "deployment.yaml").write_text(WEB_DEPLOYMENT)
    clusters = LIST_SET.replace(
        "  - list:\n      elements:\n      - env: dev\n      - env: prod\n", "  - clusters: {}\n"
    ).replace("{{ .env }}", "{{ .name }}")
    (tmp_path / "appset.yaml").write_text(clusters)
    refs = refs_of(capsys, tmp_path)
    assert [r["text"] for r in refs] == ["acme/web:1.0"]
    assert "release" not in refs[0]["context"]  # type: ignore[operator]


@pytest.mark.parametrize(
    ("text", "go", "expected"),
    [
        ("/{{path}}/values.yaml", False, "/apps/a/values.yaml"),
        ("{{ path.basename }}", False, "a"),
        ("{{path[0]}}-{{unknown}}", False, "apps-{{unknown}}"),
        ("{{ .path.path }}/{{index .path.segments 1}}", True, "apps/a/a"),
        ("{{ .path.missing }}", True, None),
        ("{{ .path.path | upper }}", True, None),
    ],
)
def test_template_fields(text: str, go: bool, expected: str | None) -> None:
    parameters = _argocd_charts._directory_parameters("apps/a")
    assert _argocd_charts._render(text, parameters, go) == expected


@given(st.text(max_size=300))
def test_any_text_is_read_without_an_exception(text: str) -> None:
    reader = _argocd_charts._Reader("/nonexistent-top", [])
    list(reader.file("/nonexistent-top/x.yaml", "apiVersion: argoproj.io/v1\n" + text))


GENERATOR_VALUES_SET = """\
apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: hello-web
spec:
  goTemplate: true
  generators:
  - git:
      repoURL: https://github.com/ido83/gitops-appset-demo-charts.git
      directories:
      - path: apps/*/prod
      values:
        file: "$values/apps/{{ index .path.segments 1 }}/prod/values.yaml"
  template:
    metadata:
      name: "{{ index .path.segments 1 }}"
    spec:
      sources:
      - repoURL: https://github.com/ido83/gitops-appset-demo-charts.git
        path: charts/generic-app
        helm:
          valueFiles:
          - "{{ .values.file }}"
      - repoURL: https://github.com/ido83/gitops-appset-demo-charts.git
        ref: values
"""


def test_a_generator_s_values_are_templates_of_its_parameters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ido83/gitops-appset-demo-charts: the git generator's ``values.valuesFile`` names each
    environment's values file, with the image tag the cluster runs."""
    (tmp_path / ".git").mkdir()
    chart = tmp_path / "charts" / "generic-app"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text(CHART.format(name="generic-app"))
    (chart / "values.yaml").write_text("tag: latest\nsidecar:\n  enabled: false\n")
    (chart / "templates" / "deployment.yaml").write_text(WEB_DEPLOYMENT)
    (tmp_path / "apps" / "hello-web" / "prod").mkdir(parents=True)
    (tmp_path / "apps" / "hello-web" / "prod" / "values.yaml").write_text("tag: v3\n")
    (tmp_path / "appset.yaml").write_text(GENERATOR_VALUES_SET)
    refs = refs_of(capsys, tmp_path)
    assert [r["text"] for r in refs] == ["acme/web:v3"]
    assert refs[0]["context"]["release"]["name"] == "hello-web"  # type: ignore[index]


def test_the_project_s_own_installs_are_read_beside_its_applications(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ashsatsan/gitops-argocd: an Application deploys helm/projcharts, and the CI job's
    ``helm upgrade --install … --set …`` installs it too (its busybox init containers render
    only with the install's values): both are read."""
    (tmp_path / ".git").mkdir()
    chart = tmp_path / "charts" / "web"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text(CHART.format(name="web"))
    (chart / "values.yaml").write_text("tag: '1.0'\nsidecar:\n  enabled: false\n")
    (chart / "templates" / "deployment.yaml").write_text(WEB_DEPLOYMENT)
    (tmp_path / "app.yaml").write_text(
        "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: web}\n"
        "spec:\n  source:\n    path: charts/web\n    helm:\n      valueFiles: [values.yaml]\n"
    )
    (tmp_path / "deploy.sh").write_text(
        "#!/bin/sh\nhelm upgrade --install web ./charts/web"
        " --set sidecar.enabled=true --set sidecar.tag=4.0\n"
    )
    refs = refs_of(capsys, tmp_path / "charts" / "web")
    assert sorted(str(r["text"]) for r in refs) == ["acme/sidecar:4.0", "acme/web:1.0"]
    tools = {r["context"]["release"]["tool"] for r in refs}  # type: ignore[index]
    assert tools == {"argocd", "helm"}
