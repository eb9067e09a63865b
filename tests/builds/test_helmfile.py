"""helmfile: each release's chart as the release renders it, and the images the values of a
release of a repository's chart name (sources.builds.helmfile).

From survey 23 and session 32 (s32e):

- aws-containers/retail-store-sample-app (MIT-0) @1a28474f: ``src/app/helmfile.yaml`` deploys
  the charts of ``src/catalog/chart`` and its siblings with ``mysql: {create: true}`` and the
  like, which turn on the MySQL, DynamoDB Local, PostgreSQL, RabbitMQ and Redis images the
  charts leave off: 5 images missed before;
- cloudposse/helmfiles (Apache-2.0) @b6f6066a: ``releases/echo-server/helmfile.yaml`` deploys
  ``gcr.io/google_containers/echoserver:1.10`` through the ``kubernetes-incubator/raw`` chart,
  a Go template before it is YAML: missed before.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tagsense.cli import main
from tagsense.sources.builds import build_tool
from tagsense.sources.builds.helmfile import scan_helmfile
from tagsense.sources.discover import discover, is_helmfile_path

if TYPE_CHECKING:
    from pathlib import Path

# aws-containers/retail-store-sample-app src/app/helmfile.yaml (the catalog's release)
RETAIL_HELMFILE = """\
releases:
  - name: "catalog"
    namespace: "default"
    chart: ../catalog/chart
    wait: true
    values:
      - templates/components.yaml.gotmpl
      - templates/catalog.yaml.gotmpl
      - app:
          persistence:
            provider: mysql
        mysql:
          create: true
"""
# ... its src/app/templates/catalog.yaml.gotmpl: a template, known only when helmfile runs
RETAIL_GOTMPL = """\
{{if env "TILT_MODE" }}
image:
  repository: retail-store-sample-catalog
  tag: dev
{{end}}
"""
# ... src/catalog/chart/values.yaml and templates/mysql-statefulset.yaml (trimmed)
RETAIL_VALUES = """\
image:
  repository: public.ecr.aws/aws-containers/retail-store-sample-catalog
  tag: "1.6.2"
app:
  persistence:
    provider: "in-memory"
mysql:
  create: false

  image:
    repository: public.ecr.aws/docker/library/mysql
    pullPolicy: IfNotPresent
    tag: "8.0"
"""
RETAIL_STATEFULSET = """\
{{- if .Values.mysql.create }}
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: catalog-mysql
spec:
  template:
    spec:
      containers:
        - name: mysql
          image: "{{ .Values.mysql.image.repository }}:{{ .Values.mysql.image.tag }}"
{{- end }}
"""
RETAIL_DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: catalog
spec:
  template:
    spec:
      containers:
        - name: catalog
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
"""

# cloudposse/helmfiles releases/echo-server/helmfile.yaml (trimmed)
ECHO_SERVER = """\
bases:
- environments.yaml
---
releases:
- name: {{ .Values.server_name }}
  chart: "kubernetes-incubator/raw"
  namespace: "echo"
  version: "0.2.3"
  installed: {{ .Values.installed }}
  values:
  - resources:
    - apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: {{ .Values.server_name }}
      spec:
        template:
          spec:
            containers:
            - name: {{ .Values.server_name }}
              image: gcr.io/google_containers/echoserver:1.10
              imagePullPolicy: Always
    - apiVersion: v1
      kind: Service
      spec:
        type: {{ index .Values "service_type" | default "NodePort" }}
"""


# cloudposse/helmfiles releases/metrics-server/: helmfile.yaml (trimmed), its environments.yaml
# base and the defaults.yaml that base names
METRICS_SERVER = """\
bases:
- environments.yaml
---
releases:
- name: "metrics-server"
  namespace: "kube-system"
  chart: "stable/metrics-server"
  version: {{ .Values.chart_version | quote }}
  installed: {{ .Values.installed }}
  values:
  - image:
      repository: {{ .Values.image_repository | quote }}
      tag: {{ .Values.image_tag | quote }}
      pullPolicy: IfNotPresent
    resources:
      limits:
        cpu: {{ .Values.limit_cpu | quote }}
"""
METRICS_ENVIRONMENTS = """\
environments:
  default:
    values:
      - defaults.yaml
"""
METRICS_DEFAULTS = """\
installed: true
chart_version: "2.11.1"
image_repository: "k8s.gcr.io/metrics-server/metrics-server"
image_tag: "v0.3.7"
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    main([*args, "--format", "json"])
    result: dict[str, object] = json.loads(capsys.readouterr().out)
    return result


def _retail(root: Path) -> None:
    (root / ".git").mkdir()  # (a project: the directories beside the chart's are read)
    chart = root / "src" / "catalog" / "chart"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: catalog\nversion: 1.6.2\n")
    (chart / "values.yaml").write_text(RETAIL_VALUES)
    (chart / "templates" / "mysql-statefulset.yaml").write_text(RETAIL_STATEFULSET)
    (chart / "templates" / "deployment.yaml").write_text(RETAIL_DEPLOYMENT)
    app = root / "src" / "app"
    (app / "templates").mkdir(parents=True)
    (app / "templates" / "catalog.yaml.gotmpl").write_text(RETAIL_GOTMPL)
    (app / "helmfile.yaml").write_text(RETAIL_HELMFILE)


def test_a_sibling_helmfile_renders_the_chart_with_its_release_s_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _retail(tmp_path)
    refs = run(capsys, "refs", str(tmp_path))["references"]
    assert isinstance(refs, list)
    texts = sorted(r["text"] for r in refs)
    assert texts == [
        "public.ecr.aws/aws-containers/retail-store-sample-catalog:1.6.2",
        "public.ecr.aws/docker/library/mysql:8.0",
    ]
    mysql = next(r for r in refs if "mysql" in r["text"])
    assert mysql["path"].endswith("chart/values.yaml")
    assert mysql["context"]["release"]["tool"] == "helmfile"
    assert mysql["context"]["release"]["name"] == "catalog"
    # the chart checked alone is read through its releases too (the same answer)
    alone = run(capsys, "refs", str(tmp_path / "src" / "catalog" / "chart"))["references"]
    assert isinstance(alone, list)
    assert sorted(r["text"] for r in alone) == texts


def test_a_release_s_template_values_file_and_uninstalled_releases_are_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _retail(tmp_path)
    helmfile = tmp_path / "src" / "app" / "helmfile.yaml"
    # (helmfile renders the .gotmpl with TILT_MODE unset: its image block is not given)
    helmfile.write_text(RETAIL_HELMFILE.replace("wait: true", "installed: false"))
    refs = run(capsys, "refs", str(tmp_path))["references"]
    assert isinstance(refs, list)
    assert [r["text"] for r in refs] == [
        "public.ecr.aws/aws-containers/retail-store-sample-catalog:1.6.2"
    ]


def test_a_repository_chart_s_inline_values_in_a_template_helmfile() -> None:
    found = scan_helmfile(ECHO_SERVER, path="releases/echo-server/helmfile.yaml")
    assert found.charts == ()
    assert found.scan.errors == ()
    [occurrence] = found.scan.occurrences
    assert (occurrence.text, occurrence.line, occurrence.kind) == (
        "gcr.io/google_containers/echoserver:1.10",
        21,
        "helm-values",
    )
    assert occurrence.context["chart"] == "kubernetes-incubator/raw"
    assert occurrence.context["name"] == ""  # (the template gives it)
    # a value a template gives is not read: `image: nginx:{{ .Values.tag }}`
    templated = ECHO_SERVER.replace("echoserver:1.10", "echoserver:{{ .Values.tag }}")
    assert scan_helmfile(templated, path="helmfile.yaml").scan.occurrences == ()
    # nor a release helmfile does not install
    off = ECHO_SERVER.replace("{{ .Values.installed }}", "false")
    assert scan_helmfile(off, path="helmfile.yaml").scan.occurrences == ()


def test_a_repository_chart_s_values_file_is_read_through_the_helmfile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "values").mkdir()
    (tmp_path / "values" / "redis.yaml").write_text(
        "image:\n  registry: docker.io\n  repository: bitnami/redis\n  tag: latest\n"
    )
    (tmp_path / "helmfile.yaml").write_text(
        "releases:\n- name: cache\n  chart: bitnami/redis\n  values:\n  - values/redis.yaml\n"
    )
    report = run(capsys, "check", "--exit-zero", str(tmp_path))
    findings = report["findings"]
    assert isinstance(findings, list)
    assert [(f["path"].rsplit("/", 2)[-2:], f["line"], f["code"]) for f in findings] == [
        (["values", "redis.yaml"], 4, "TS001")
    ]
    alone = run(capsys, "check", "--exit-zero", str(tmp_path / "values" / "redis.yaml"))
    assert alone["findings"] == findings


def test_a_template_s_state_values_are_filled_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "helmfile.yaml").write_text(METRICS_SERVER)
    (tmp_path / "environments.yaml").write_text(METRICS_ENVIRONMENTS)
    (tmp_path / "defaults.yaml").write_text(METRICS_DEFAULTS)
    refs = run(capsys, "refs", str(tmp_path))["references"]
    assert isinstance(refs, list)
    assert [(r["text"], r["line"], r["kind"]) for r in refs] == [
        ("k8s.gcr.io/metrics-server/metrics-server:v0.3.7", 13, "helm-values")
    ]
    # (what the template writes there is not the image: `tagsense pin` leaves it)
    assert refs[0]["context"]["template"] == "helmfile"
    # a release the default environment does not install is not read
    (tmp_path / "defaults.yaml").write_text(METRICS_DEFAULTS.replace("true", "false"))
    from tagsense.sources.context import forget

    forget()
    assert run(capsys, "refs", str(tmp_path))["references"] == []


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("helmfile.yaml", True),
        ("helmfile.yaml.gotmpl", True),
        ("src/app/helmfile.slim.yaml", True),
        ("deploy/helmfile.d/01-infra.yaml.gotmpl", True),
        ("helmfiles.yaml", False),
        ("helmfile.sh", False),
        ("deploy/values.yaml", False),
    ],
)
def test_helmfile_names(path: str, expected: bool) -> None:
    assert is_helmfile_path(path) is expected
    assert (build_tool(path) == "helmfile") is expected


def test_a_helmfile_by_another_name_is_one_by_its_keys(tmp_path: Path) -> None:
    # (`helmfile -f helmfile.slim.yaml`; a manifest named helmfile-job.yaml stays a manifest)
    (tmp_path / "helmfile.slim.yaml").write_text(RETAIL_HELMFILE)
    (tmp_path / "helmfile-job.yaml").write_text(
        "apiVersion: batch/v1\nkind: Job\nspec:\n  template:\n    spec:\n      containers:\n"
        "      - name: sync\n        image: ghcr.io/helmfile/helmfile:v1.1.7\n"
    )
    kinds = {os.path.basename(path): kind for path, kind in discover([str(tmp_path)])}
    assert kinds == {"helmfile.slim.yaml": "build", "helmfile-job.yaml": "kubernetes"}


#: Text of any shape, and text made of the characters these files are written with.
_ANY_TEXT = st.one_of(
    st.text(max_size=300),
    st.text(
        alphabet="{}[]:-\"' \n\tabimage=<%>ENV|.#$ releases chart values set source", max_size=300
    ),
)


@given(_ANY_TEXT)
def test_any_text_is_read_without_an_exception(text: str) -> None:
    found = scan_helmfile(text, path="helmfile.yaml")
    assert all(occurrence.line >= 1 for occurrence in found.scan)
