"""``scan_helm_chart``: where each image points, what it says, and what goes wrong.

The positions are tagsense's own (the values line a user edits), so they are
asserted by hand; which images a chart deploys is Helm's, and is checked
against Helm in ``test_oracle.py``.
"""

from __future__ import annotations

import datetime
import gzip
import io
import os
import shutil
import tarfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tagsense import check
from tagsense.sources import Scan, find_references
from tagsense.sources.helm import is_helm_chart, scan_helm_chart, user_values
from tagsense.sources.helm._load import load_chart
from tagsense.sources.helm._render import render_text

from .oracle import HELM, images, needs_helm, render

DATA = Path(__file__).resolve().parent.parent / "data" / "helm"
FEATURES = DATA / "features" / "chart"
DAY = datetime.date(2026, 9, 1)

INDEXER = "sha256:4c4f2e6bb3c8f0f4a3b5f7f4b3e9b7a9d6c2f1e0a9b8c7d6e5f4a3b2c1d0e9f8"

#: (file, line, column, image, values key, template) of every image of the features chart.
FEATURES_FOUND = [
    ("charts/exporter/values.yaml", 3, 8, "prom/statsd-exporter:v0.27.1", "image.tag",
     "templates/exporter.yaml:8"),
    ("charts/exporter/values.yaml", 6, 19, "quay.io/acme/default:1.0",
     "exports.defaults.defaultImage", "templates/exporter.yaml:10"),
    ("templates/hook.yaml", 12, 18, "curlimages/curl:8.10.1", None, "templates/hook.yaml:12"),
    ("values.yaml", 5, 15, "registry.example.com/acme/shop:3.1.4", "image.repository",
     "templates/deployment.yaml:17"),
    # (the toYaml of line 24 writes it: the file has no line 25)
    ("values.yaml", 11, 12, "envoyproxy/envoy:v1.31.2", "sidecars[0].image",
     "templates/deployment.yaml:24"),
    ("values.yaml", 15, 11, "acme/shop-migrate:3.1.4", "migrations.image",
     "templates/deployment.yaml:13"),
    ("values.yaml", 19, 44, "acme/mailer:2.0", "workers[0].image.tag",
     "templates/workers.yaml:18"),
    ("values.yaml", 21, 60, f"acme/indexer@{INDEXER}", "workers[1].image.digest",
     "templates/workers.yaml:16"),
    ("values.yaml", 30, 11, "registry.example.com/acme/backend:1.4.0", "api.image.tag",
     "charts/backend/templates/deployment.yaml:10"),
    ("values.yaml", 40, 43, "acme/crawler:0.9.1", "crawler.image.tag",
     "templates/cloneset.yaml:13"),
]  # fmt: skip


def where(scan: Scan, root: Path) -> list[tuple[object, ...]]:
    return [
        (
            Path(o.path or "").relative_to(root).as_posix(),
            o.line,
            o.column,
            o.text,
            o.context.get("key"),
            o.context.get("template"),
        )
        for o in scan
    ]


def test_each_image_points_at_the_line_that_sets_it() -> None:
    scan = scan_helm_chart(FEATURES)
    assert scan.errors == ()
    assert where(scan, FEATURES) == FEATURES_FOUND
    assert all(o.raw == o.text for o in scan)
    # Each position is where the scalar's text starts on that line.
    for o in scan:
        line = Path(o.path or "").read_text().splitlines()[o.line - 1]
        assert line[o.column - 1 :].strip("\"' ")[:1] not in ("", "#")


def test_context() -> None:
    by_image = {o.text: dict(o.context) for o in scan_helm_chart(FEATURES)}
    shop = by_image["registry.example.com/acme/shop:3.1.4"]
    # (the object's name is written by a helper: names are read when they cost no call)
    assert shop == {
        "chart": "features",
        "kind": "Deployment",
        "field": "containers",
        "container": "shop",
        "tag_from": "appVersion",
        "template": "templates/deployment.yaml:17",
        "key": "image.repository",
        "value": "acme/shop",
    }
    assert by_image["registry.example.com/acme/backend:1.4.0"]["subchart"] == "api"
    assert by_image["acme/mailer:2.0"]["kind"] == "CronJob"
    assert by_image["acme/shop-migrate:3.1.4"]["field"] == "initContainers"


def test_the_tag_wins_over_the_repository_and_a_values_file_over_the_defaults(
    tmp_path: Path,
) -> None:
    override = tmp_path / "prod.yaml"
    override.write_text("image:\n  tag: '9.9'\ndebug: null\n")
    scan = scan_helm_chart(FEATURES, values_files=[override])
    shop = next(o for o in scan if "acme/shop:" in o.text)
    assert (shop.path, shop.line, shop.column, shop.text) == (
        str(override),
        2,
        9,
        "registry.example.com/acme/shop:9.9",
    )
    assert "tag_from" not in shop.context
    assert scan.errors == ()


def test_set_values_are_the_last_word(tmp_path: Path) -> None:
    override = tmp_path / "prod.yaml"
    override.write_text("image:\n  tag: '9.9'\n")
    scan = scan_helm_chart(
        FEATURES, values_files=[override], set_values=["image.tag=10.0,global.imageRegistry="]
    )
    shop = next(o for o in scan if "acme/shop" in o.text)
    assert shop.text == "acme/shop:10.0"
    assert shop.context["set"] == ["image.tag"]
    # No file holds a --set value: the occurrence points at the repository's line.
    assert (Path(shop.path or "").name, shop.line, shop.context["key"]) == (
        "values.yaml",
        5,
        "image.repository",
    )


def test_user_values_precedence(tmp_path: Path) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text("a: {b: 1, c: 2}\nlist: [1, 2]\n")
    second.write_text("a: {c: 3}\nlist: [3]\n")
    values, errors = user_values([first, second], ["a.d=x", "list[1]=y"])
    assert errors == []
    assert values == {"a": {"b": 1.0, "c": 3.0, "d": "x"}, "list": [3.0, "y"]}


def test_disabled_subcharts_ignored_templates_and_library_charts_deploy_nothing() -> None:
    texts = {o.text for o in scan_helm_chart(FEATURES)}
    assert not any("never/" in t for t in texts)  # .helmignore'd, library chart's
    assert not any("redis" in t for t in texts)  # the cache subchart: tags.caching false
    assert sum("acme/backend" in t for t in texts) == 1  # worker: condition false
    on = scan_helm_chart(FEATURES, set_values=["worker.enabled=true,tags.caching=true"])
    texts = {o.text for o in on}
    assert "redis:7.4" in texts
    backends = [o for o in on if "acme/backend" in o.text]
    assert sorted(o.context["subchart"] for o in backends) == ["api", "worker"]
    assert {o.text for o in backends} == {
        "registry.example.com/acme/backend:1.4.0",
        "registry.example.com/acme/backend:0.9.0",
    }


def chart(tmp_path: Path, template: str, values: str = "", app: str = '"1.2.3"') -> Path:
    (tmp_path / "templates").mkdir(parents=True, exist_ok=True)
    (tmp_path / "Chart.yaml").write_text(
        f"apiVersion: v2\nname: demo\nversion: 0.1.0\nappVersion: {app}\n"
    )
    (tmp_path / "values.yaml").write_text(values)
    (tmp_path / "templates" / "pod.yaml").write_text(template)
    return tmp_path


POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n"


def test_a_required_value_that_is_not_set_is_unresolved(tmp_path: Path) -> None:
    template = (
        POD + '    - name: app\n      image: acme/app:{{ required "set image.tag" .Values.tag }}\n'
    )
    scan = scan_helm_chart(chart(tmp_path, template))
    (occurrence,) = scan
    assert occurrence.reference is None
    assert occurrence.text == 'acme/app:{{ required "set image.tag" .Values.tag }}'
    assert occurrence.unresolved == ("a required value is not set (set image.tag)",)
    assert (occurrence.path, occurrence.line) == (str(tmp_path / "templates" / "pod.yaml"), 8)
    assert [f.code for f in check([occurrence], config={}, as_of=DAY)] == ["TS011"]
    # Set, it is an image like another.
    (resolved,) = scan_helm_chart(tmp_path, set_values=["tag=2.0"])
    assert (resolved.text, resolved.unresolved) == ("acme/app:2.0", ())


def test_a_chart_that_gotohelm_generates_reads_its_values_as_a_map(tmp_path: Path) -> None:
    # redpanda-data/helm-charts' charts/connectors (commit a1134af9, Apache-2.0), cut down:
    # gotohelm writes each object from `$values := $dot.Values.AsMap` (Helm's
    # Values.AsMap) and prints it with one toYaml of a shim (survey s40c: its
    # Deployment, and its image, were not found: AsMap was taken for a key, nil).
    helpers = """\
{{- define "demo.Deployment" -}}
{{- $values := .Values.AsMap -}}
{{- $image := printf "%s:%s" $values.image.repository $values.image.tag -}}
{{- $pod := dict "containers" (list (dict "name" "app" "image" $image)) -}}
{{- $spec := dict "template" (dict "spec" $pod) -}}
{{- dict "apiVersion" "apps/v1" "kind" "Deployment" "spec" $spec | toJson -}}
{{- end -}}
"""
    template = '{{- include "demo.Deployment" . | fromJson | toYaml }}\n'
    values = "image:\n  repository: acme/connectors\n  tag: v1.0.31\n"
    directory = chart(tmp_path, template, values)
    (directory / "templates" / "_helpers.tpl").write_text(helpers)
    (occurrence,) = scan_helm_chart(directory)
    assert occurrence.text == "acme/connectors:v1.0.31"
    # (written by the toYaml of line 1, the file's only line: not a line past its end)
    assert (occurrence.path, occurrence.line) == (str(tmp_path / "templates" / "pod.yaml"), 1)


def test_a_name_left_empty_for_the_deployment_is_no_image(tmp_path: Path) -> None:
    # alphagov/govuk-helm-charts' charts/generic-govuk-app (commit
    # 6aa2976855200d4d6339e6f086c3113286d752ef, MIT), cut down: `repository: ""  # Dummy
    # value, overridden in ArgoCD config.`
    # renders ":latest", which nothing pulls (survey 34m: 2 false TS012).
    template = (
        POD + "    - name: app\n"
        '      image: "{{ .Values.appImage.repository }}:{{ .Values.appImage.tag }}"\n'
        '    - name: nginx\n      image: "{{ .Values.nginxImage }}"\n'
    )
    values = (
        'appImage:\n  repository: ""  # Dummy value, overridden in ArgoCD config.\n'
        "  tag: latest\nnginxImage: public.ecr.aws/nginx/nginx:stable\n"
    )
    scan = scan_helm_chart(chart(tmp_path, template, values))
    assert [o.text for o in scan] == ["public.ecr.aws/nginx/nginx:stable"]
    # Given, it is an image like another.
    given_name = scan_helm_chart(tmp_path, set_values=["appImage.repository=acme/app"])
    assert sorted(o.text for o in given_name) == [
        "acme/app:latest",
        "public.ecr.aws/nginx/nginx:stable",
    ]


def test_a_document_whose_first_line_is_indented_is_read_as_helm_trims_it(
    tmp_path: Path,
) -> None:
    # FAForever/gitops-stack's apps/faf-api/templates/deployment.yaml opens with
    # " apiVersion: apps/v1": invalid YAML as written, but Helm trims each document of its
    # output before it parses it (releaseutil's SplitManifests: strings.TrimSpace), so Argo CD
    # deploys it (survey s48a: a missed pull and a false "the rendered YAML is invalid").
    template = " " + POD + "    - name: app\n      image: faforever/faf-java-api:v3.8.9\n"
    template += "---\n  apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: acme/b:1.0\n"
    scan = scan_helm_chart(chart(tmp_path, template))
    assert not scan.errors
    assert [(o.text, o.line, o.column) for o in scan] == [
        ("faforever/faf-java-api:v3.8.9", 8, 14),
        ("acme/b:1.0", 14, 14),
    ]
    # A document indented as a whole is YAML as it is: nothing to trim, as before.
    whole = "".join("  " + line for line in POD.splitlines(keepends=True))
    whole += "      - image: acme/c:1.0\n"
    assert [o.text for o in scan_helm_chart(chart(tmp_path, whole))] == ["acme/c:1.0"]


def test_a_registry_left_empty_for_the_deployment_is_unresolved(tmp_path: Path) -> None:
    # kaapana/kaapana's data-processing/processing-pipelines/mitk-flow/processing-containers/
    # mitk-flow-chart (commit 09bb59b202c75a0174c8eabf5a7910fd2dfda21d, AGPL-3.0), cut down:
    # `registry_url: ""`, which kaapanactl.sh sets (`--set-string global.registry_url=…`),
    # renders "/mitk-flow:", no valid name and nothing pulled as written (survey 46i: 137
    # false TS012); the image is the deployment's to complete.
    template = (
        POD + "    - name: mitk\n"
        '      image: "{{ .Values.global.registry_url }}/mitk-flow:'
        '{{ .Values.global.kaapana_build_version }}"\n'
    )
    values = 'global:\n  registry_url: ""\n  kaapana_build_version: ""\n'
    scan = scan_helm_chart(chart(tmp_path, template, values))
    assert [(o.text, o.reference, o.unresolved) for o in scan] == [
        (
            "/mitk-flow:",
            None,
            ("a required value is not set (the values leave the image's registry empty)",),
        ),
    ]
    findings = check(scan.occurrences, config={}, as_of=DAY)
    assert [f.code for f in findings] == ["TS011"]
    assert "give the chart the value (--values, --set)" in findings[0].message
    # Given, it is an image like another.
    given = scan_helm_chart(
        tmp_path,
        set_values=["global.registry_url=registry.example.com/kaapana",
                    "global.kaapana_build_version=0.5.0"],
    )  # fmt: skip
    assert [(o.text, o.unresolved) for o in given] == [
        ("registry.example.com/kaapana/mitk-flow:0.5.0", ()),
    ]


def test_random_values_are_unresolved(tmp_path: Path) -> None:
    template = POD + "    - name: b\n      image: acme/b:{{ randAlphaNum 5 }}\n"
    scan = scan_helm_chart(chart(tmp_path, template))
    assert [(o.text, o.reference, o.unresolved) for o in scan] == [
        (
            "acme/b:{{ randAlphaNum 5 }}",
            None,
            ("randAlphaNum gives a random value, not known offline",),
        ),
    ]


def test_a_cluster_lookup_is_an_empty_map_as_helm_template_gives(tmp_path: Path) -> None:
    # (helm template has no cluster: lookup gives an empty map, and charts are written for
    # that answer; zero-to-jupyterhub-k8s's hook Job runs when the checksum a lookup finds
    # differs, survey 38c: 1 pulled image missed when the lookup was taken as unknown)
    template = (
        '{{- $state := lookup "v1" "ConfigMap" .Release.Namespace "hub"'
        ' | default (dict "data" (dict)) }}\n'
        '{{- if ne "new" (index $state.data "checksum" | default "") }}\n'
        + POD
        + "    - name: a\n      image: acme/awaiter:1\n"
        + '{{- if not (lookup "v1" "Secret" "" "x") }}\n'
        + "    - name: b\n      image: acme/first-install:2\n"
        + "{{- end }}\n{{- end }}\n"
    )
    scan = scan_helm_chart(chart(tmp_path, template))
    assert [o.text for o in scan] == ["acme/awaiter:1", "acme/first-install:2"]
    assert list(scan)[-1].context["assumed"] == [
        'lookup "v1" "ConfigMap" "default" "hub": an empty map offline, as in helm template',
        'lookup "v1" "Secret" "" "x": an empty map offline, as in helm template',
    ]
    assert scan.errors == ()


def test_a_field_of_a_cluster_lookup_fails_as_in_helm(tmp_path: Path) -> None:
    # (Helm: "nil pointer evaluating interface {}.image"; the image is left unresolved, saying so)
    template = (
        '{{- $found := lookup "v1" "ConfigMap" .Release.Namespace "images" }}\n'
        + POD
        + "    - name: a\n      image: {{ $found.data.image }}\n"
    )
    scan = scan_helm_chart(chart(tmp_path, template))
    assert [(o.text, o.reference, o.unresolved) for o in scan] == [
        ("{{ $found.data.image }}", None, ("nil pointer evaluating interface {}.image",)),
    ]


def test_a_condition_on_a_lookup_is_helm_templates(tmp_path: Path) -> None:
    template = (
        POD
        + "    - name: app\n"
        + '      image: {{ if lookup "v1" "Secret" "" "x" }}a:1{{ else }}b:2{{ end }}\n'
    )
    (occurrence,) = scan_helm_chart(chart(tmp_path, template))
    assert occurrence.text == "b:2"
    assert occurrence.context["assumed"] == [
        'lookup "v1" "Secret" "" "x": an empty map offline, as in helm template'
    ]


def test_an_unknown_condition_is_taken_as_false_and_said(tmp_path: Path) -> None:
    template = POD + "    - name: app\n" + "      image: {{ if now }}a:1{{ else }}b:2{{ end }}\n"
    (occurrence,) = scan_helm_chart(chart(tmp_path, template))
    assert occurrence.text == "b:2"
    assert occurrence.context["assumed"] == [
        "now: now gives the time of the render, not known offline (taken as false)"
    ]


@pytest.mark.parametrize(
    ("switch", "values", "found"),
    [
        ("if .Values.enabled", "", []),
        ("if .Values.enabled", "enabled: true", ["acme/app:1"]),
        ("with .Values.image", "", []),
        ("with .Values.image", "image: acme/app:2", ["acme/app:2"]),
        ("range .Values.images", "", []),
        ("range .Values.images", "images: []", []),
        ("range .Values.images", "images: [acme/app:3, acme/app:4]", ["acme/app:3", "acme/app:4"]),
        ("range $name, $image := .Values.images", "images: {a: acme/app:5}", ["acme/app:5"]),
        # (unknown or failing, a switch is the render's to say)
        ('if lookup "v1" "Secret" "" "x"', "", []),
        ("if .Values.a.b", "", []),
    ],
)
def test_a_file_switched_off_writes_nothing(
    tmp_path: Path, switch: str, values: str, found: list[str]
) -> None:
    # (a file all inside one if, with or range is skipped when its condition is false
    # or its list empty)
    image = "acme/app:1" if switch.startswith("if") else "{{ . }}"
    if "$image" in switch:
        image = "{{ $image }}"
    template = (
        "\n{{- "
        + switch
        + " }}\n---\n"
        + POD
        + f"    - name: a\n      image: {image}\n{{{{- end }}}}\n"
    )
    scan = scan_helm_chart(chart(tmp_path, template, values))
    assert [o.text for o in scan] == found
    if switch == "if .Values.a.b":
        assert [e.message for e in scan.errors] == [
            "cannot render: nil pointer evaluating interface {}.b"
        ]
    else:
        assert scan.errors == ()


@pytest.mark.parametrize(
    ("template", "line", "message"),
    [
        (POD + "    - image: {{ .Values.x\n", 7, "template syntax error: unclosed action"),
        (POD + "{{ if .Values.x }}\n    - image: a\n", 7,
         "template syntax error: unexpected EOF: {{if}} has no {{end}}"),
        (POD + "    - image: {{ .Values.x | }}\n", 7,
         "template syntax error: unexpected '|' in '.Values.x |'"),
        (POD + '{{ fail "no" }}\n    - image: a\n', 7, "the chart fails to render: no"),
        (POD + "{{ if .Values.a.b }}\n    - image: a\n{{ end }}\n", 7,
         "cannot render: nil pointer evaluating interface {}.b"),
    ],
)  # fmt: skip
def test_templates_that_cannot_be_rendered(
    tmp_path: Path, template: str, line: int, message: str
) -> None:
    scan = scan_helm_chart(chart(tmp_path, template))
    assert list(scan) == []
    assert [(e.path, e.line, e.message) for e in scan.errors] == [
        (str(tmp_path / "templates" / "pod.yaml"), line, message)
    ]


def test_charts_that_cannot_be_loaded(tmp_path: Path) -> None:
    scan = scan_helm_chart(tmp_path)
    assert [(e.path, e.message) for e in scan.errors] == [
        (str(tmp_path / "Chart.yaml"), "no Chart.yaml: not a Helm chart")
    ]
    chart(tmp_path, POD, values="image: [\n")
    scan = scan_helm_chart(tmp_path)
    assert [(e.path, e.line) for e in scan.errors] == [(str(tmp_path / "values.yaml"), 2)]
    assert scan.errors[0].message.startswith("cannot load values.yaml: invalid YAML")
    (tmp_path / "values.yaml").write_text("- a\n")
    assert [e.message for e in scan_helm_chart(tmp_path).errors] == [
        "cannot load values.yaml: values must be a mapping"
    ]
    (tmp_path / "values.yaml").write_text("")
    (tmp_path / "Chart.yaml").write_text("name: demo\nversion: 1\nkubeVersion: '<1.20'\n")
    assert [e.message for e in scan_helm_chart(tmp_path).errors] == [
        "chart requires kubeVersion: <1.20 which is incompatible with Kubernetes v1.36.0"
    ]


def test_bad_user_values(tmp_path: Path) -> None:
    chart(tmp_path, POD + "    - image: a:{{ .Values.tag }}\n", values="tag: '1'\n")
    scan = scan_helm_chart(
        tmp_path, values_files=[tmp_path / "missing.yaml"], set_values=["a.b", "tag=2"]
    )
    assert [o.text for o in scan] == ["a:2"]
    assert [(e.path, e.message) for e in scan.errors] == [
        (str(tmp_path / "missing.yaml"), "cannot read: No such file or directory"),
        (None, "--set 'a.b': key 'b' has no value"),
    ]


def test_a_vendored_subchart_is_read_with_its_parent(tmp_path: Path) -> None:
    copy = tmp_path / "features"
    shutil.copytree(FEATURES, copy)
    assert is_helm_chart(copy / "charts" / "backend")
    alone = scan_helm_chart(copy / "charts" / "backend")
    assert (list(alone), alone.errors) == ([], ())
    found = find_references(str(copy))
    assert sorted(o.text for o in found) == sorted(item[3] for item in FEATURES_FOUND)
    assert {o.kind for o in found} == {"helm"}


@pytest.mark.parametrize(
    ("fields", "tag"),
    [
        ('AppVersion: "v1.27.2"', "v1.27.2"),  # (openreplay's charts: 19 images without a tag)
        ('APPVERSION: "1.0"\nappVersion: "2.0"', "2.0"),  # (encoding/json: the last key wins)
        ('appVersion: "2.0"\nAppVersion: "1.0"', "2.0"),  # (keys decoded in sorted order)
    ],
)
def test_chart_yaml_fields_in_another_case_are_helm_s_fields(
    tmp_path: Path, fields: str, tag: str
) -> None:
    # Helm decodes Chart.yaml with sigs.k8s.io/yaml, through encoding/json, whose field
    # names match a key of any case: `AppVersion:` is the chart's appVersion.
    chart = tmp_path / "web"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text(f"apiVersion: v2\nName: web\nversion: 0.1.0\n{fields}\n")
    (chart / "values.yaml").write_text("image: {repository: acme/web}\n")
    (chart / "templates" / "pod.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n"
        '    - name: web\n      image: "{{ .Values.image.repository }}:{{ .Chart.AppVersion }}"\n'
    )
    (found,) = scan_helm_chart(chart)
    assert (found.text, found.context["chart"], found.context["tag_from"]) == (
        f"acme/web:{tag}",
        "web",
        "appVersion",
    )


def test_a_packaged_chart(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    ignored = ("templates/ignored.yaml", "templates/old.yaml.bak")  # (helm package's .helmignore)
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        tar.add(
            FEATURES,
            arcname="features",
            filter=lambda info: None if info.name.endswith(ignored) else info,
        )
    packaged = tmp_path / "features-1.0.0.tgz"
    packaged.write_bytes(gzip.compress(buffer.getvalue()))
    scan = scan_helm_chart(packaged)
    assert scan.errors == ()
    assert sorted(o.text for o in scan) == sorted(item[3] for item in FEATURES_FOUND)
    hook = next(o for o in scan if "curl" in o.text)
    assert hook.path == f"{packaged}:templates/hook.yaml"
    (tmp_path / "broken.tgz").write_bytes(b"not gzip")
    assert [e.message for e in scan_helm_chart(tmp_path / "broken.tgz").errors] == [
        "not a chart archive (not gzip)"
    ]


def test_the_same_line_for_two_objects_is_one_occurrence(tmp_path: Path) -> None:
    template = (
        "{{- range list 1 2 }}\n---\n"
        + POD.replace("name: p", "name: p{{ . }}")
        + "    - name: app\n      image: acme/app:{{ $.Values.tag }}\n{{- end }}\n"
    )
    scan = scan_helm_chart(chart(tmp_path, template, values="tag: '3.1'\n"))
    assert [(o.line, o.text, o.context["name"]) for o in scan] == [(1, "acme/app:3.1", "p1")]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="{}.$|()\"' -:\nimagesVvalueif endrangwth", max_size=120))
def test_never_raises(text: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as directory:
        root = chart(Path(directory), POD + "    - image: " + text + "\n", values="a: {b: c}\n")
        scan = scan_helm_chart(root)
        assert isinstance(scan, Scan)
        assert all(e.path is None or e.path.startswith(directory) for e in scan.errors)


@needs_helm
def test_objects_written_whole_from_values_are_read(tmp_path: Path) -> None:
    # (Bitnami's extra-list.yaml: no kind in the template, objects from the values)
    template = (
        "{{- range .Values.extraDeploy }}\n---\n"
        '{{ include "render" (dict "value" . "context" $) }}\n{{- end }}\n'
    )
    helpers = '{{- define "render" -}}{{ toYaml .value }}{{- end -}}\n'
    values = (
        "extraDeploy:\n"
        "  - apiVersion: v1\n    kind: Pod\n    metadata: {name: extra}\n"
        "    spec:\n      containers:\n        - {name: c, image: 'acme/extra:1.0'}\n"
    )
    root = chart(tmp_path, template, values=values)
    (root / "templates" / "_helpers.tpl").write_text(helpers)
    (root / "templates" / "service.yaml").write_text(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n"
        '  ports:\n    {{- include "render" (dict "value" .Values.ports) | nindent 4 }}\n'
    )
    scan = scan_helm_chart(root)
    assert [(o.text, o.line, o.context["key"]) for o in scan] == [
        ("acme/extra:1.0", 7, "extraDeploy[0].spec.containers[0].image")
    ]
    assert {o.text for o in scan} == images(root)


def test_an_error_in_a_helper_is_reported_where_it_is(tmp_path: Path) -> None:
    template = POD + '{{- if include "check" . }}\n    - image: a:1\n{{- end }}\n'
    root = chart(tmp_path, template)
    (root / "templates" / "_helpers.tpl").write_text(
        '{{- define "check" -}}\n{{ .Values.a.b }}\n{{- end -}}\n'
    )
    scan = scan_helm_chart(root)
    assert list(scan) == []
    assert [(e.path, e.line, e.message) for e in scan.errors] == [
        (
            str(root / "templates" / "_helpers.tpl"),
            2,
            "cannot render: nil pointer evaluating interface {}.b",
        )
    ]


@needs_helm
def test_a_helper_that_sets_flags_on_the_dot_decides_what_is_deployed(tmp_path: Path) -> None:
    # hashicorp/vault-helm's pattern: `{{ template "vault.injectorEnabled" . }}` sets
    # `.injectorEnabled` on the dot, which the template then tests. Read selectively, the call
    # (it prints nothing) was skipped, the flag never set, and the chart deployed nothing.
    template = (
        '{{- template "demo.enabled" . -}}\n{{- if .enabled }}\n'
        + POD
        + "    - name: c\n      image: {{ .Values.image }}\n{{- end }}\n"
    )
    root = chart(tmp_path, template, values="image: acme/app:1.0\n")
    (root / "templates" / "_helpers.tpl").write_text(
        '{{- define "demo.enabled" -}}\n{{- include "demo.flag" . -}}\n{{- end -}}\n'
        '{{- define "demo.flag" -}}\n{{- $_ := set . "enabled" true -}}\n{{- end -}}\n'
    )
    scan = scan_helm_chart(root)
    assert [o.text for o in scan] == ["acme/app:1.0"]
    assert {o.text for o in scan} == images(root)


@needs_helm
def test_a_helper_that_declares_dollar_anew_reads_its_values(tmp_path: Path) -> None:
    # teableio/teable's dockers/examples/helm: `{{- $ := (first .) }}` in a helper called
    # with `(list $ "migrationJob")` makes `$` the root again. Read selectively, that
    # declaration was skipped (nothing seemed to use it), and `$.Values` was the list's.
    template = POD + '    - name: a\n      {{- include "demo.image" (list $ "job") | nindent 6 }}\n'
    values = "image:\n  repository: acme/app\n  tag: '1.0'\njob:\n  image:\n    tag: '2.0'\n"
    root = chart(tmp_path, template, values)
    (root / "templates" / "_helpers.tpl").write_text(
        '{{- define "demo.image" -}}\n{{- $ := (first .) }}\n{{- $job := (index . 1) }}\n'
        "{{- $root := (get $.Values $job) }}\n"
        'image: "{{ $root.image.repository | default $.Values.image.repository }}'
        ':{{ $root.image.tag | default $.Values.image.tag }}"\n{{- end }}\n'
    )
    scan = scan_helm_chart(root)
    assert (list(scan.errors), [o.text for o in scan]) == ([], ["acme/app:2.0"])
    assert {o.text for o in scan} == images(root)


def test_a_file_over_the_size_limit_is_an_error(tmp_path: Path) -> None:
    root = chart(tmp_path, POD + "    - name: a\n      image: acme/app:1\n")
    assert [o.text for o in scan_helm_chart(root, max_bytes=200)] == ["acme/app:1"]
    scan = scan_helm_chart(root, max_bytes=70)  # (Chart.yaml 61 bytes, the template 103)
    assert list(scan) == []
    assert [e.message for e in scan.errors] == ["file is 103 bytes; files over 70 are skipped"]


def test_an_unknown_text_indented_keeps_the_yaml_around_it(tmp_path: Path) -> None:
    # opentelemetry-helm-charts, charts/opentelemetry-target-allocator/templates/deployment.yaml:
    # a checksum annotation tagsense cannot compute, printed with nindent under
    # `annotations:`. Its line break and pad are known: the YAML stays YAML.
    template = (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n"
        "    metadata:\n      annotations:\n"
        '        {{- include "checksum" . | nindent 8 }}\n'
        "      labels:\n        app: d\n"
        "    spec:\n      containers:\n        - name: app\n          image: acme/app:1.2.3\n"
    )
    directory = chart(tmp_path, template)
    (directory / "templates" / "_helpers.tpl").write_text(
        '{{- define "checksum" -}}\n'
        'checksum/config: {{ include (print $.Template.BasePath "/cm.yaml") . | sha256sum }}\n'
        "{{- end -}}\n"
    )
    (directory / "templates" / "cm.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\n"
    )
    scan = scan_helm_chart(directory)
    assert not scan.errors
    assert [o.text for o in scan] == ["acme/app:1.2.3"]
    # indent (no line break) and nindent of an indented unknown pad it again.
    nested = template.replace(
        '{{- include "checksum" . | nindent 8 }}',
        '{{- include "checksum" . | indent 2 | nindent 6 }}',
    )
    (directory / "templates" / "pod.yaml").write_text(nested)
    scan = scan_helm_chart(directory)
    assert not scan.errors
    assert [o.text for o in scan] == ["acme/app:1.2.3"]


def test_a_line_that_is_only_an_unknown_value_leaves_the_images_around_it(tmp_path: Path) -> None:
    # omec-project/sdcore-helm-charts' 5g-control-plane (survey 42c): a helper prints the
    # checksums of a CA that genCA makes under `annotations:`; unknown whole, the line is a
    # bare scalar to YAML, and the 9 Deployments (their images) were lost to "invalid YAML".
    template = (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n"
        "    metadata:\n      annotations:\n"
        '    {{- tuple "d" . | include "ann" | nindent 8 }}\n'
        "        other: x\n"
        "    spec:\n      containers:\n        - name: app\n          image: acme/app:1.2.3\n"
    )
    directory = chart(tmp_path, template)
    (directory / "templates" / "_helpers.tpl").write_text(
        '{{- define "ann" -}}\n{{- $ctx := index . 1 -}}\n'
        '{{- $_ := set $ctx.Values "_cache" (dict) -}}\n'  # (a cache: rendered even when selective)
        '{{- $sum := include "sum" $ctx | trim -}}\n'
        "checksum/ca: {{ $sum | quote }}\n{{- end -}}\n"
        '{{- define "sum" -}}\n{{- $ca := genCA "demo-ca" 365 -}}\n'
        "{{- $ca.Cert | sha256sum -}}\n{{- end -}}\n"
    )
    scan = scan_helm_chart(directory)
    assert not scan.errors
    assert [(o.text, o.line) for o in scan] == [("acme/app:1.2.3", 14)]


@needs_helm
def test_a_template_file_is_included_by_its_name(tmp_path: Path) -> None:
    # VictoriaMetrics' charts (victoria-metrics-agent/templates/server.yaml): the checksum
    # idiom inside `set`, which evaluates it. A file is a template named by its path; it was
    # looked up among the defines only ("no template …/configmap.yaml"), failing the file.
    template = (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n"
        "    metadata:\n"
        '      {{- $ctx := dict "helm" . }}\n'
        '      {{- $_ := set $ctx "sum" (include (print .Template.BasePath "/cm.yaml") .'
        " | sha256sum) }}\n"
        "      annotations:\n        checksum/config: {{ $ctx.sum }}\n"
        "    spec:\n      containers:\n        - name: app\n"
        "          image: {{ .Values.image }}\n"
    )
    root = chart(tmp_path, template, values="image: acme/app:1.0\nconfig: {a: b}\n")
    (root / "templates" / "cm.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"
        "data:\n  {{- toYaml .Values.config | nindent 2 }}\n"
    )
    scan = scan_helm_chart(root)
    assert scan.errors == ()
    assert [o.text for o in scan] == ["acme/app:1.0"]
    assert {o.text for o in scan} == images(root)
    # the checksum is Helm's: the file included renders as Helm renders it
    assert render_text(load_chart(str(root)), {}) == render(root)
    # a name that is no file stays an error
    (root / "templates" / "cm.yaml").unlink()
    scan = scan_helm_chart(root)
    assert list(scan) == []
    assert [e.message for e in scan.errors] == [
        'cannot render: no template "demo/templates/cm.yaml" associated with template "gotpl"'
    ]


def test_a_custom_resource_s_own_image_field_is_rendered(tmp_path: Path) -> None:
    # OT-CONTAINER-KIT/redis-operator's charts render a Redis resource whose
    # spec.kubernetesConfig.image the operator pulls (field survey 8, M2): read as in a
    # manifest; a CRD's schema, with `image:` keys of its own, stays unread.
    chart = tmp_path / "chart"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: redis\nversion: 0.1.0\n")
    (chart / "values.yaml").write_text(
        "redisStandalone:\n  image: quay.io/opstree/redis\n  tag: v7.0.15\n"
    )
    (chart / "templates" / "redis.yaml").write_text(
        "apiVersion: redis.redis.opstreelabs.in/v1beta2\nkind: Redis\n"
        "metadata:\n  name: {{ .Release.Name }}\nspec:\n  kubernetesConfig:\n"
        '    image: "{{ .Values.redisStandalone.image }}:{{ .Values.redisStandalone.tag }}"\n'
    )
    (chart / "templates" / "crd.yaml").write_text(
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
        "metadata: {name: redis.redis.opstreelabs.in}\nspec:\n  names: {kind: Redis}\n"
        "  image: 'not:read'\n"
    )
    scan = scan_helm_chart(str(chart))
    assert [(o.line, o.text) for o in scan] == [(3, "quay.io/opstree/redis:v7.0.15")]


SERVICE = (
    "{api}kind: Service\nmetadata:\n  name: web\nspec:\n"
    "  {{{{- toYaml .Values.spec | nindent 2 }}}}\n"
)
# (the values: a pod template, which a Knative Service has)
POD_TEMPLATE = "spec:\n  template:\n    spec:\n      containers:\n        - image: acme/web:1.0\n"


@pytest.mark.parametrize(
    ("api", "parsed", "found"),
    [
        # the core group's Service: no images, so the file is not even parsed
        ("apiVersion: v1\n", False, []),
        ("apiVersion: 'v1'  # core\n", False, []),
        # Knative's Service has a pod template: rendered and read
        ("apiVersion: serving.knative.dev/v1\n", True, ["acme/web:1.0"]),
        # a version an action writes, or none written: the kind alone decides, as before
        ('apiVersion: {{ .Values.api | default "serving.knative.dev/v1" }}\n', True,
         ["acme/web:1.0"]),
        ("", True, []),
        # one Service the core group's, the other Knative's
        ("apiVersion: v1\nkind: Service\n---\napiVersion: serving.knative.dev/v1\n", True,
         ["acme/web:1.0"]),
    ],
)  # fmt: skip
def test_a_service_is_rendered_only_when_it_may_be_knative_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, api: str, parsed: bool, found: list[str]
) -> None:
    # Every chart has Services, and a v1 Service never holds an image: taken by its kind
    # alone (Knative's Service has one), each was parsed, analysed and rendered for nothing.
    import tagsense.sources.helm._render as render_module

    names: list[str] = []
    parse = render_module.parse_template

    def recording(text: str, name: str) -> object:
        names.append(name)
        return parse(text, name)

    monkeypatch.setattr(render_module, "parse_template", recording)
    scan = scan_helm_chart(chart(tmp_path, SERVICE.format(api=api), values=POD_TEMPLATE))
    assert ("demo/templates/pod.yaml" in names) is parsed
    assert [o.text for o in scan] == found
    assert scan.errors == ()


def test_an_operator_s_image_keys_in_a_chart_are_rendered(tmp_path: Path) -> None:
    # mariadb-operator's chart gives its operator RELATED_IMAGE_* in a ConfigMap it loads
    # with envFrom (survey 11); an operator's resource names its exporter's `exporterImage`.
    chart = tmp_path / "chart"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: op\nversion: 0.1.0\n")
    (chart / "values.yaml").write_text(
        "config:\n  mariadbImage: {repository: mariadb, tag: 11.8.8}\n"
        "  mariadbImageName: mariadb\nexporter: prom/mysqld-exporter:v0.15.1\n"
    )
    (chart / "templates" / "configmap.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: env\ndata:\n"
        '  RELATED_IMAGE_MARIADB: "{{ .Values.config.mariadbImage.repository }}:'
        '{{ .Values.config.mariadbImage.tag }}"\n'
        '  RELATED_IMAGE_MARIADB_NAME: "{{ .Values.config.mariadbImageName }}"\n'
    )
    (chart / "templates" / "cr.yaml").write_text(
        "apiVersion: example.com/v1\nkind: MariaDB\nmetadata:\n  name: db\nspec:\n"
        "  exporterImage: {{ .Values.exporter }}\n"
    )
    scan = scan_helm_chart(str(chart))
    assert sorted(o.text for o in scan) == ["mariadb:11.8.8", "prom/mysqld-exporter:v0.15.1"]


# (SlinkyProject/slurm-operator helm/slurm, shortened: its Controller's containers are
# written whole by a helper that sets their `image`, through one that formats it)
SLURM_HELPERS = """\
{{- define "slurm.format-image" -}}
{{- printf "%s:%s" .repository .tag -}}
{{- end -}}
{{- define "slurm.format-container" -}}
{{- $container := omit . "image" -}}
{{- $_ := set $container "image" (include "slurm.format-image" .image) -}}
{{ toYaml $container }}
{{- end -}}
{{- define "slurm.labels" -}}
app: slurm
{{- end -}}
{{- define "slurm.format-podTemplate" -}}
template:
  {{- toYaml . | nindent 2 }}
{{- end -}}
{{- define "slurm.wrapped" -}}
{{ include "slurm.format-container" . }}
{{- end -}}
"""
SLURM_VALUES = (
    "pullPolicy: IfNotPresent\npodTemplate: {spec: {nodeSelector: {os: linux}}}\n"
    "slurmctld:\n  image:\n    repository: ghcr.io/slinkyproject/slurmctld\n"
    "    tag: 26.05-ubuntu26.04\n"
    "logfile:\n  image:\n    repository: docker.io/library/alpine\n    tag: '3.22'\n"
)


@pytest.mark.parametrize(
    ("logfile", "found"),
    [
        ('include "slurm.format-container"', "docker.io/library/alpine:3.22"),
        # (through a helper that includes the one that writes the image)
        ('include "slurm.wrapped"', "docker.io/library/alpine:3.22"),
        # (a helper that writes no image: the text has none)
        ('include "slurm.labels"', None),
    ],
)
def test_a_custom_resource_s_containers_written_by_a_helper_are_rendered(
    tmp_path: Path, logfile: str, found: str | None
) -> None:
    # The Controller's text has no `image:` key of its own, nor a line printed whole at its
    # start (its pod template is printed indented): taken as a resource without images, it
    # was not rendered, and none of the chart's images was found (survey 44b).
    template = (
        "apiVersion: slinky.slurm.net/v1beta1\nkind: Controller\nmetadata:\n  name: c\n"
        '  labels:\n    {{- include "slurm.labels" . | nindent 4 }}\nspec:\n'
        "  slurmctld:\n"
        '    {{- $_ := set .Values.slurmctld "imagePullPolicy" .Values.pullPolicy -}}\n'
        '    {{- include "slurm.format-container" .Values.slurmctld | nindent 4 }}\n'
        "  logfile:\n"
        '    {{- $_ := set .Values.logfile "imagePullPolicy" .Values.pullPolicy -}}\n'
        f"    {{{{- {logfile} .Values.logfile | nindent 4 }}}}\n"
        '  {{- include "slurm.format-podTemplate" .Values.podTemplate | nindent 2 }}\n'
    )
    directory = chart(tmp_path, template, values=SLURM_VALUES)
    (directory / "templates" / "_helpers.tpl").write_text(SLURM_HELPERS)
    scan = scan_helm_chart(str(directory))
    expected = ["ghcr.io/slinkyproject/slurmctld:26.05-ubuntu26.04"]
    assert [o.text for o in scan] == [*expected, *([found] if found else [])]
    assert scan.errors == ()


def test_a_file_that_says_define_and_defines_nothing_is_read(tmp_path: Path) -> None:
    # (slurm-operator's crds chart: "define" in a file's text, no named template in it)
    directory = chart(tmp_path, POD + "    - name: app\n      image: acme/app:1.0\n")
    (directory / "templates" / "_notes.tpl").write_text("{{/* we define nothing here */}}\n")
    scan = scan_helm_chart(str(directory))
    assert [o.text for o in scan] == ["acme/app:1.0"]
    assert scan.errors == ()


def test_a_chart_that_is_the_working_directory_shows_its_files_as_others_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `tagsense refs` in a chart said ./values.yaml, `check` values.yaml (survey 11: a
    # consumer that joins the two on the path saw two files).
    (tmp_path / "templates").mkdir()
    (tmp_path / "charts" / "db" / "templates").mkdir(parents=True)
    (tmp_path / "Chart.yaml").write_text("apiVersion: v2\nname: app\nversion: 0.1.0\n")
    (tmp_path / "values.yaml").write_text("image: ghcr.io/example/app:1.2.3\n")
    pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers:\n"
    (tmp_path / "templates" / "pod.yaml").write_text(
        pod + "    - {name: a, image: '{{ .Values.image }}'}\n    - {name: b, image: busybox}\n"
    )
    (tmp_path / "charts" / "db" / "Chart.yaml").write_text("apiVersion: v2\nname: db\nversion: 1\n")
    (tmp_path / "charts" / "db" / "templates" / "pod.yaml").write_text(
        pod + "    - {name: db, image: postgres:17.2}\n"
    )
    monkeypatch.chdir(tmp_path)
    from tagsense import find_references

    assert sorted((o.path, o.text) for o in find_references(".")) == [
        (os.path.join("charts", "db", "templates", "pod.yaml"), "postgres:17.2"),
        (os.path.join("templates", "pod.yaml"), "busybox"),
        ("values.yaml", "ghcr.io/example/app:1.2.3"),
    ]


_WEB_TEMPLATE = """apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: "{{ .Values.image }}"
        {{- if .Values.proxy.enabled }}
        - name: proxy
          image: "{{ .Values.proxy.repository }}:{{ .Values.proxy.tag }}"
        {{- end }}
        {{- if .Values.broken }}
        - name: broken
          image: "{{ required "a value" .Values.nothing }}"
        {{- end }}
"""


def test_chart_testing_s_values_files_are_installs_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `ct install` installs a chart once with each ci/*-values.yaml (chart-testing's
    # documentation); nextcloud/helm's turn on images its defaults leave off (survey 12).
    chart = tmp_path / "charts" / "web"
    (chart / "templates").mkdir(parents=True)
    (chart / "ci").mkdir()
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: web\nversion: 0.1.0\n")
    (chart / "values.yaml").write_text(
        "image: nginx:1.27.3\nproxy:\n  enabled: false\n  repository: haproxy\n  tag: '3.2'\n"
    )
    (chart / "templates" / "deployment.yaml").write_text(_WEB_TEMPLATE)
    (chart / "ci" / "proxy-values.yaml").write_text("proxy:\n  enabled: true\n  tag: '3.1'\n")
    (chart / "ci" / "default-values.yaml").write_text("")  # (the defaults again: nothing new)
    (chart / "ci" / "broken-values.yaml").write_text("broken: true\n")  # (the test's own fault)
    (chart / "ci" / "notes.yaml").write_text("proxy: {enabled: true, tag: '9'}\n")  # (not ct's)
    (tmp_path / "Makefile").write_text("test:\n\t$(CT) lint-and-install --chart-dirs charts\n")
    monkeypatch.chdir(tmp_path)
    from tagsense import find_references

    scan = find_references(".")
    found = sorted((o.path, o.text, o.context.get("release", {}).get("tool")) for o in scan)
    assert found == [
        (os.path.join("charts", "web", "ci", "proxy-values.yaml"), "haproxy:3.1", "ct"),
        (os.path.join("charts", "web", "values.yaml"), "nginx:1.27.3", None),
    ]
    assert scan.errors == ()


def test_chart_testing_installs_every_values_file_of_a_chart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ct installs the chart with each of its ci/*-values.yaml, however many: Kong/charts' kong
    # chart has 24, and test1-values.yaml, among the last, adds a `bash:latest` init
    # container (survey 39a). More than a matrix of a command's values files is read.
    chart = tmp_path / "charts" / "web"
    (chart / "templates").mkdir(parents=True)
    (chart / "ci").mkdir()
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: web\nversion: 0.1.0\n")
    (chart / "values.yaml").write_text(
        "image: nginx:1.27.3\nproxy:\n  enabled: false\n  repository: haproxy\n  tag: '3.2'\n"
    )
    (chart / "templates" / "deployment.yaml").write_text(_WEB_TEMPLATE)
    for number in range(20):
        (chart / "ci" / f"a{number:02}-values.yaml").write_text(f"labels: {{n: '{number}'}}\n")
    (chart / "ci" / "z-proxy-values.yaml").write_text("proxy:\n  enabled: true\n  tag: '3.1'\n")
    (tmp_path / "Makefile").write_text("test:\n\t$(CT) lint-and-install --chart-dirs charts\n")
    monkeypatch.chdir(tmp_path)
    from tagsense import find_references

    found = sorted((o.path, o.text) for o in find_references("."))
    assert found == [
        (os.path.join("charts", "web", "ci", "z-proxy-values.yaml"), "haproxy:3.1"),
        (os.path.join("charts", "web", "values.yaml"), "nginx:1.27.3"),
    ]


@pytest.mark.parametrize(
    ("config_path", "config", "installed"),
    [
        # mattermost/mattermost-helm's tests/ct.yaml tests stable/ and incubator/, which it no
        # longer has: its charts/ are installed by no ct run
        ("tests/ct.yaml", "remote: origin\nchart-dirs:\n  - stable\n  - incubator\n", False),
        (".github/configs/ct.yaml", "target-branch: main\nchart-dirs: [charts]\n", True),
        ("ct.yaml", "target-branch: main\n", True),  # (ct's default chart-dirs: charts)
        ("ct.yaml", "chart-dirs: [charts]\nexcluded-charts: [web]\n", False),
        ("ct-install.yaml", "chart-dirs: [stable]\ncharts: [charts/web]\n", True),
        ("ct.yaml", "chart-dirs: [deploy]\n", False),
        ("ct.yaml", "name: not chart-testing's\n", True),  # (no key of ct's: no configuration)
        ("deploy/helm/ct.yaml", "chart-dirs: [stable]\n", True),  # (too deep to be looked for)
    ],
)
def test_chart_testing_installs_the_charts_its_configuration_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config_path: str, config: str, installed: bool
) -> None:
    # Where a project has chart-testing configurations, a chart's ci/*-values.yaml are
    # installs only when one of them tests the chart (its chart-dirs, its charts, less its
    # excluded-charts); the project's root is its Git work tree.
    (tmp_path / ".git").mkdir()
    chart = tmp_path / "charts" / "web"
    (chart / "templates").mkdir(parents=True)
    (chart / "ci").mkdir()
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: web\nversion: 0.1.0\n")
    (chart / "values.yaml").write_text(
        "image: nginx:1.27.3\nproxy:\n  enabled: false\n  repository: haproxy\n  tag: '3.2'\n"
    )
    (chart / "templates" / "deployment.yaml").write_text(_WEB_TEMPLATE)
    (chart / "ci" / "proxy-values.yaml").write_text("proxy:\n  enabled: true\n  tag: '3.1'\n")
    (tmp_path / config_path).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / config_path).write_text(config)
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True, exist_ok=True)
    (workflows / "lint-test.yaml").write_text(
        "on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: helm/chart-testing-action@v2\n      - run: ct install --target-branch main\n"
    )
    monkeypatch.chdir(tmp_path)
    from tagsense import find_references

    for scanned in (".", os.path.join("charts", "web")):  # (a directory scan, and the chart)
        texts = sorted(o.text for o in find_references(scanned))
        assert texts == (["haproxy:3.1", "nginx:1.27.3"] if installed else ["nginx:1.27.3"])


@pytest.mark.parametrize(
    "workflow",
    [
        # zulip/docker-zulip's CI (survey s17c): each ci/*-values.yaml is linted and templated,
        # two are installed by helm; nothing runs ct, and sidecar-values.yaml's busybox:latest
        # is pulled by nothing
        'for f in charts/web/ci/*-values.yaml; do helm lint charts/web -f "$f"; done',
        "ct lint --charts charts/web",  # (ct's lint installs nothing)
        None,  # (no command file at all: a chart that ships its tests, as published charts do)
    ],
)
def test_values_files_in_ci_are_no_installs_when_nothing_runs_chart_testing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workflow: str | None
) -> None:
    (tmp_path / ".git").mkdir()
    chart = tmp_path / "charts" / "web"
    (chart / "templates").mkdir(parents=True)
    (chart / "ci").mkdir()
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: web\nversion: 0.1.0\n")
    (chart / "values.yaml").write_text(
        "image: nginx:1.27.3\nproxy:\n  enabled: false\n  repository: haproxy\n  tag: '3.2'\n"
    )
    (chart / "templates" / "deployment.yaml").write_text(_WEB_TEMPLATE)
    (chart / "ci" / "proxy-values.yaml").write_text("proxy:\n  enabled: true\n  tag: '3.1'\n")
    if workflow is not None:
        workflows = tmp_path / ".github" / "workflows"
        workflows.mkdir(parents=True)
        (workflows / "lint.yaml").write_text(
            "on: pull_request\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n"
            f"      - run: '{workflow}'\n"
        )
    monkeypatch.chdir(tmp_path)
    from tagsense import find_references

    for scanned in (".", os.path.join("charts", "web")):  # (a directory scan, and the chart)
        assert sorted(o.text for o in find_references(scanned)) == ["nginx:1.27.3"]


@pytest.mark.parametrize(
    ("run", "installed"),
    [
        # n8n-io/n8n-hosting@cee656be: a ct.yaml, and a CI that runs `ct lint` and templates
        # the chart with ci/extraContainers-values.yaml (busybox:1.36), never `ct install`
        ("ct lint --chart-dirs charts --charts charts/web", False),
        ("ct lint --charts charts/web && ct install --charts charts/web", True),
        ("ct lint-and-install --charts charts/web", True),
        (None, True),  # (nothing of the project runs ct: its runs are elsewhere)
    ],
)
def test_a_ct_configuration_that_only_lints_installs_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: str | None, installed: bool
) -> None:
    (tmp_path / ".git").mkdir()
    chart = tmp_path / "charts" / "web"
    (chart / "templates").mkdir(parents=True)
    (chart / "ci").mkdir()
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: web\nversion: 0.1.0\n")
    (chart / "values.yaml").write_text(
        "image: nginx:1.27.3\nproxy:\n  enabled: false\n  repository: haproxy\n  tag: '3.2'\n"
    )
    (chart / "templates" / "deployment.yaml").write_text(_WEB_TEMPLATE)
    (chart / "ci" / "proxy-values.yaml").write_text("proxy:\n  enabled: true\n  tag: '3.1'\n")
    (tmp_path / "ct.yaml").write_text("chart-dirs: [charts]\nvalidate-maintainers: false\n")
    if run is not None:
        workflows = tmp_path / ".github" / "workflows"
        workflows.mkdir(parents=True)
        (workflows / "ci.yml").write_text(
            "on: pull_request\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n"
            f"      - uses: helm/chart-testing-action@v2.7.0\n      - run: {run}\n"
        )
    monkeypatch.chdir(tmp_path)
    from tagsense import find_references

    for scanned in (".", os.path.join("charts", "web")):  # (a directory scan, and the chart)
        texts = sorted(o.text for o in find_references(scanned))
        assert texts == (["haproxy:3.1", "nginx:1.27.3"] if installed else ["nginx:1.27.3"])


def test_a_chart_that_is_the_project_root_keeps_its_chart_testing_installs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A repository that is one chart is tested with `ct install --charts .`, which no
    # chart-dirs holds: its ci/ values files stay installs whatever its ct.yaml says.
    (tmp_path / ".git").mkdir()
    (tmp_path / "templates").mkdir()
    (tmp_path / "ci").mkdir()
    (tmp_path / "Chart.yaml").write_text("apiVersion: v2\nname: web\nversion: 0.1.0\n")
    (tmp_path / "values.yaml").write_text(
        "image: nginx:1.27.3\nproxy:\n  enabled: false\n  repository: haproxy\n  tag: '3.2'\n"
    )
    (tmp_path / "templates" / "deployment.yaml").write_text(_WEB_TEMPLATE)
    (tmp_path / "ci" / "proxy-values.yaml").write_text("proxy:\n  enabled: true\n  tag: '3.1'\n")
    (tmp_path / "ct.yaml").write_text("target-branch: main\nvalidate-maintainers: false\n")
    monkeypatch.chdir(tmp_path)
    from tagsense import find_references

    assert sorted(o.text for o in find_references(".")) == ["haproxy:3.1", "nginx:1.27.3"]


@needs_helm
def test_a_tpl_of_to_yaml_renders_the_strings_inside_again(tmp_path: Path) -> None:
    # (jenkinsci/helm-charts' jenkins: `tpl (toYaml .Values.controller.probes.startupProbe)`
    # whose path is '{{ default "" .Values.controller.jenkinsUriPrefix }}/login')
    template = (
        POD + "    - name: app\n      image: {{ .Values.image }}\n      startupProbe:\n"
        "{{ tpl (toYaml .Values.probe | indent 8) . }}\n"
        "    - name: sidecar\n      image: {{ .Values.sidecar }}\n"
    )
    values = (
        "prefix:\nimage: acme/app:1.0\nsidecar: acme/sidecar:2.0\n"
        "probe:\n  httpGet:\n    path: '{{ default \"\" .Values.prefix }}/login'\n"
        "    port: http\n  periodSeconds: 10\n"
    )
    root = chart(tmp_path, template, values=values)
    scan = scan_helm_chart(root)
    assert scan.errors == ()
    assert {o.text for o in scan} == images(root) == {"acme/app:1.0", "acme/sidecar:2.0"}
    assert render_text(load_chart(str(root)), {}) == render(root)


@needs_helm
@pytest.mark.parametrize("enabled", [True, False])
def test_a_fail_in_a_file_without_images_is_the_chart_failing(
    tmp_path: Path, enabled: bool
) -> None:
    # (Kong's chart checks its values in templates/postgres.yaml, a file of no kind)
    root = chart(tmp_path, POD + "    - name: app\n      image: acme/app:1.0\n")
    (root / "templates" / "validate.yaml").write_text(
        '{{- if .Values.db.enabled -}}\n{{- if eq .Values.db.image "" -}}\n'
        '{{ fail "db.image must be set" }}\n{{- end -}}\n{{- end -}}\n'
    )
    (root / "templates" / "service.yaml").write_text(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n"
        "{{- if and .Values.db.enabled (not .Values.db.port) }}\n"
        '{{- fail "db.port must be set" }}\n{{- end }}\n'
    )
    values = f"db:\n  enabled: {str(enabled).lower()}\n  image: ''\n  port: 5432\n"
    (root / "values.yaml").write_text(values)
    scan = scan_helm_chart(root)
    if enabled:
        with pytest.raises(HELM.HelmError, match=r"db\.image must be set"):
            images(root)
        # a note, not an error: a chart may refuse its own defaults by design (grafana/loki)
        assert [(e.path, e.line, e.message, e.note) for e in scan.errors] == [
            (
                str(root / "templates" / "validate.yaml"),
                3,
                "Helm refuses these values: db.image must be set"
                " (a values check; no image is read here)",
                True,
            )
        ]
        assert {o.text for o in scan} == {"acme/app:1.0"}
    else:
        assert scan.errors == ()
        assert {o.text for o in scan} == images(root)
    # a port unset fails the Service's file too (it writes no image)
    sets = ["db.enabled=true", "db.image=x", "db.port=null"]
    with pytest.raises(HELM.HelmError, match=r"db\.port must be set"):
        images(root, user_values([], sets)[0])
    failing = scan_helm_chart(root, set_values=sets)
    assert [(e.message, e.note) for e in failing.errors] == [
        (
            "Helm refuses these values: db.port must be set"
            " (a values check; no image is read here)",
            True,
        )
    ]


def test_a_helper_included_on_a_line_of_its_own_after_a_name_writes_the_image(
    tmp_path: Path,
) -> None:
    # airflow-helm/charts (commit a5e146b, Apache-2.0), charts/airflow: templates/_helpers/
    # pods.tpl defines "airflow.image" (`image:` on a line of its own), and
    # scheduler/scheduler-deployment.yaml writes it under the container's name, the line
    # break before it trimmed: `{{- include "airflow.image" . | indent 10 }}`. The helper
    # prints its own first line break: the image is the container's, not the name's value
    # (survey 37e: apache/airflow, the chart's main image, was not found).
    template = (
        POD + "    - name: airflow-scheduler\n"
        '      {{- include "airflow.image" . | indent 6 }}\n'
        "    - name: {{ .Values.sidecar }}\n"
        '      {{- include "airflow.labels" . | indent 6 }}\n'
    )
    root = chart(tmp_path, template, "airflow:\n  image:\n    repository: apache/airflow\n"
                 "    tag: 2.8.4-python3.9\nsidecar: s\n")  # fmt: skip
    (root / "templates" / "_helpers.tpl").write_text(
        '{{- define "airflow.image" }}\n'
        "image: {{ .Values.airflow.image.repository }}:{{ .Values.airflow.image.tag }}\n"
        "imagePullPolicy: IfNotPresent\n"
        "{{- end }}\n"
        '{{- define "airflow.labels" }}\nimage: not-this-one\n{{- end }}\n'
    )
    scan = scan_helm_chart(root)
    assert scan.errors == ()
    found = [(o.text, o.context.get("key")) for o in scan]
    assert ("apache/airflow:2.8.4-python3.9", "airflow.image.tag") in found
    assert len(found) == 2  # (the second container's, from its own helper, as Helm renders)
    # a name's helper on the name's own line stays the name's value (not an image)
    named = chart(
        tmp_path / "named",
        POD + '    - name: {{ include "airflow.name" . }}\n      image: acme/app:1.0\n',
    )
    (named / "templates" / "_helpers.tpl").write_text('{{- define "airflow.name" }}app{{- end }}\n')
    assert [o.text for o in scan_helm_chart(named)] == ["acme/app:1.0"]


def test_a_separator_the_next_object_is_trimmed_onto_starts_that_object(
    tmp_path: Path,
) -> None:
    # smallstep/helm-charts' step-certificates (survey 40e): templates/bootstrap.yaml writes a
    # ServiceAccount, `---`, then `{{- if … -}}` before the Job's `apiVersion`: the trim glues
    # them, `---apiVersion: batch/v1`. Helm splits its output at every `---` that starts a line
    # (releaseutil's `(?:^|\s*\n)---\s*`), so the Job is an object of its own and its image,
    # step-ca-bootstrap:latest, is pulled; YAML read the line as a key of the ServiceAccount.
    template = (
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n"
        "---\n{{- if .Values.enabled -}}\n"
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: boot\nspec:\n  template:\n"
        "    spec:\n      containers:\n        - name: boot\n"
        "          image: {{ .Values.image }}\n{{- end }}\n"
    )
    root = chart(tmp_path, template, values="enabled: true\nimage: acme/boot:1.0\n")
    scan = scan_helm_chart(root)
    assert scan.errors == ()
    assert [(o.text, o.line) for o in scan] == [("acme/boot:1.0", 2)]


def test_a_chart_whose_version_is_no_semver_is_refused_as_helm_refuses_it(
    tmp_path: Path,
) -> None:
    # theonedev/onedev's server-product/helm/Chart.yaml: `version: ${buildVersion}` (and
    # appVersion), which its prepare.sh fills with sed before `helm package`; Helm's
    # Metadata.Validate refuses it as written, so nothing is rendered (it gave a false TS012 on
    # `1dev/server:${buildVersion}`, survey s40b).
    template = POD + "    - name: app\n      image: 1dev/server:{{ .Chart.AppVersion }}\n"
    chart(tmp_path, template, app="${buildVersion}")
    chart_yaml = tmp_path / "Chart.yaml"
    chart_yaml.write_text(chart_yaml.read_text().replace("0.1.0", "${buildVersion}"))
    scan = scan_helm_chart(tmp_path)
    assert list(scan) == []
    (error,) = scan.errors
    assert (error.line, error.message) == (
        3,
        'chart.metadata.version "${buildVersion}" is invalid: Helm refuses the chart',
    )
    # (a version Masterminds/semver's NewVersion takes, `v1.2`, is rendered)
    chart_yaml.write_text(chart_yaml.read_text().replace("${buildVersion}\n", "v1.2\n", 1))
    assert [o.text for o in scan_helm_chart(tmp_path)] == ["1dev/server:${buildVersion}"]
