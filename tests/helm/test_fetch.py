"""Dependencies missing from ``charts/``: taken from the repository, or said once a chart.

A chart repository's charts depend on one another from where they are published
(``oci://…``), and ``helm dependency build`` fetches them; tagsense reads the copy
kept in the repository instead. Which images the chart then deploys is Helm's: the
oracle renders the chart with the dependency placed under ``charts/``, as
``helm dependency build`` places it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tagsense.sources.helm import scan_helm_chart

from .oracle import images, needs_helm

DATA = Path(__file__).resolve().parent.parent / "data" / "helm" / "victoria-metrics" / "charts"


@needs_helm
def test_a_library_kept_beside_the_chart_is_read_as_helm_dependency_build_fetches_it(
    tmp_path: Path,
) -> None:
    # VictoriaMetrics/helm-charts (survey 6, M1): every template starts with an include of
    # the library's helper; without the library each failed, and no image was found.
    scan = scan_helm_chart(DATA / "victoria-metrics-auth")
    built = tmp_path / "victoria-metrics-auth"
    shutil.copytree(DATA / "victoria-metrics-auth", built)
    shutil.copytree(DATA / "victoria-metrics-common", built / "charts" / "victoria-metrics-common")
    want = images(built)
    assert want  # (vmauth)
    assert {o.text for o in scan} == want
    assert scan.errors == ()
    for occurrence in scan:
        assert occurrence.context["fetched"] == [
            f"victoria-metrics-common 0.3.16 from {DATA / 'victoria-metrics-common'}"
        ]
        assert occurrence.path == str(DATA / "victoria-metrics-auth" / "Chart.yaml")


CHART = """\
apiVersion: v2
name: app
version: 0.1.0
dependencies:
  - name: lib
    version: "{constraint}"
    repository: {repository}
"""
LIBRARY = "apiVersion: v2\nname: lib\ntype: library\nversion: {version}\n"
HELPERS = '{{- define "lib.fullname" -}}{{ .Release.Name }}-{{ .Chart.Name }}{{- end -}}\n'
# (as VictoriaMetrics' templates begin: the object's name from the library's helper)
POD = (
    '{{- $fullname := include "lib.fullname" . }}\n'
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ $fullname }}-NAME\nspec:\n"
    "  containers:\n    - name: c\n      image: {{ .Values.image }}\n"
)
IMAGES = ["acme/app:1.0"]  # (both templates take it from one values line: one occurrence)


def repository(
    root: Path,
    *,
    constraint: str = "0.3.*",
    source: str = "oci://ghcr.io/acme/charts",
    library: str | None = "charts/lib",
    version: str = "0.3.16",
) -> Path:
    """A repository with charts/app (two templates calling the library) and the library."""
    app = root / "charts" / "app"
    (app / "templates").mkdir(parents=True)
    (app / "Chart.yaml").write_text(CHART.format(constraint=constraint, repository=source))
    (app / "values.yaml").write_text("image: acme/app:1.0\n")
    for name in ("a", "b"):
        (app / "templates" / f"{name}.yaml").write_text(POD.replace("NAME", name))
    if library is not None:
        lib = root / library
        (lib / "templates").mkdir(parents=True)
        (lib / "Chart.yaml").write_text(LIBRARY.format(version=version))
        (lib / "templates" / "_helpers.tpl").write_text(HELPERS)
    return app


@needs_helm
def test_a_dependency_found_nowhere_is_one_error_for_the_chart(tmp_path: Path) -> None:
    app = repository(tmp_path, library=None)
    scan = scan_helm_chart(app)
    assert list(scan) == []
    assert [(e.path, e.line, e.level, e.message) for e in scan.errors] == [
        (
            str(app / "Chart.yaml"),
            5,
            "error",
            'dependency "lib" (0.3.*, oci://ghcr.io/acme/charts) is missing from charts/ and not '
            "found in this repository: 2 templates cannot render without it (no template "
            '"lib.fullname"); `helm dependency build` fetches it',
        )
    ]
    # as `helm dependency build` then renders it
    repository(tmp_path / "built", library="charts/app/charts/lib")
    found = scan_helm_chart(app.parent.parent / "built" / "charts" / "app")
    assert [o.text for o in found] == IMAGES
    assert set(IMAGES) == images(tmp_path / "built" / "charts" / "app")


def test_a_missing_dependency_no_template_fails_on_is_a_note_and_none_when_disabled(
    tmp_path: Path,
) -> None:
    app = repository(tmp_path, library=None)
    # an image written by the missing helper is unresolved, and says why (TS011)
    (app / "templates" / "a.yaml").write_text(
        POD.replace("{{ .Values.image }}", '{{ include "lib.fullname" . }}')
        .replace("NAME", "a")
        .replace('{{- $fullname := include "lib.fullname" . }}', "")
        .replace("{{ $fullname }}", "a")
    )
    (app / "templates" / "b.yaml").unlink()
    scan = scan_helm_chart(app)
    (occurrence,) = scan
    assert occurrence.reference is None
    assert occurrence.unresolved == ('no template "lib.fullname" associated with template "gotpl"',)
    assert [(e.level, e.message) for e in scan.errors] == [
        (
            "note",
            'dependency "lib" (0.3.*, oci://ghcr.io/acme/charts) is missing from charts/ and not '
            "found in this repository: its templates are not rendered; `helm dependency build` "
            "fetches it",
        )
    ]
    (app / "Chart.yaml").write_text(
        (app / "Chart.yaml").read_text() + "    condition: lib.enabled\n"
    )
    (app / "values.yaml").write_text("lib: {enabled: false}\n")
    assert scan_helm_chart(app).errors == ()  # (disabled: nothing of it is deployed)


def test_the_version_must_satisfy_the_constraint(tmp_path: Path) -> None:
    app = repository(tmp_path, version="0.4.0")
    scan = scan_helm_chart(app)
    assert list(scan) == []
    (error,) = scan.errors
    assert error.message.startswith(
        'dependency "lib" (0.3.*, oci://ghcr.io/acme/charts; '
        f"{tmp_path / 'charts' / 'lib'} is version 0.4.0) is missing from charts/"
    )
    # a constraint that does not parse (or none) takes any version
    for constraint in ("", "not a version"):
        (app / "Chart.yaml").write_text(
            CHART.format(constraint=constraint, repository="oci://ghcr.io/acme/charts")
        )
        scan = scan_helm_chart(app)
        assert [o.text for o in scan] == IMAGES, constraint
        assert scan.errors == ()


def test_where_a_dependency_is_looked_for(tmp_path: Path) -> None:
    # beside the chart, or two levels below a directory above it in its Git work tree
    (tmp_path / ".git").mkdir()
    app = repository(tmp_path, library="deploy/lib")
    scan = scan_helm_chart(app)
    assert [o.text for o in scan] == IMAGES
    assert scan.errors == ()
    assert scan.occurrences[0].context["fetched"] == [
        f"lib 0.3.16 from {tmp_path / 'deploy' / 'lib'}"
    ]
    # (outside a work tree, only beside it)
    (tmp_path / ".git").rmdir()
    assert [e.level for e in scan_helm_chart(app).errors] == ["error"]
    # a file:// repository names the directory, relative to the chart
    shutil.move(tmp_path / "deploy" / "lib", tmp_path / "elsewhere")
    for constraint, found in (("0.3.*", True), ("^1.0", False)):
        (app / "Chart.yaml").write_text(
            CHART.format(constraint=constraint, repository="file://../../elsewhere")
        )
        scan = scan_helm_chart(app)
        assert bool(list(scan)) is found
        assert [e.level for e in scan.errors] == ([] if found else ["error"])
    assert scan.errors[0].message.startswith(
        f'dependency "lib" (^1.0, file://../../elsewhere; {tmp_path / "elsewhere"} is version '
        "0.3.16) is missing from charts/: 2 templates cannot render"
    )


# sentry-kubernetes/charts' sentry chart (survey 16a): its helpers read the port of the
# Bitnami kafka subchart it depends on from a registry, a default only that subchart's
# values.yaml sets, so every template that included them failed with a nil pointer.
REMOTE = """\
apiVersion: v2
name: app
version: 0.1.0
dependencies:
  - name: broker
    version: 1.x.x
    repository: oci://registry.example/charts
    condition: broker.enabled
"""
PORT = (
    '{{- define "app.broker.port" -}}\n'
    "{{- if and .Values.broker.enabled .Values.broker.service.ports.client -}}\n"
    "{{ .Values.broker.service.ports.client }}\n"
    "{{- end -}}\n"
    "{{- end -}}\n"
)
PODS = {
    # an image of the chart's own values, in a template that reads a subchart default
    "app.yaml": "image: {{ .Values.image }}\n"
    '      env: [{name: PORT, value: {{ include "app.broker.port" . | quote }}}]',
    # an image written with a subchart default
    "check.yaml": "image: {{ .Values.broker.image.repository }}:{{ .Values.broker.image.tag }}",
    # an image behind a condition on a subchart default
    "metrics.yaml": "image: acme/exporter:2.0",
}
GUARDS = {
    "check.yaml": ".Values.broker.enabled",
    "metrics.yaml": "and .Values.broker.enabled .Values.broker.metrics.enabled",
}
BROKER_DEFAULTS = (
    "service: {ports: {client: 9092}}\nimage: {tag: '3.7'}\nmetrics: {enabled: true}\n"
)


def remote_dependency_chart(root: Path, *, enabled: bool, vendored: bool = False) -> Path:
    """charts/app depending on a broker chart from a registry, vendored only when asked."""
    app = root / "charts" / "app"
    (app / "templates").mkdir(parents=True)
    (app / "Chart.yaml").write_text(REMOTE)
    (app / "values.yaml").write_text(
        f"image: acme/app:1.0\nbroker: {{enabled: {str(enabled).lower()}, "
        "image: {repository: acme/broker}}\n"
    )
    (app / "templates" / "_helpers.tpl").write_text(PORT)
    for name, container in PODS.items():
        guard = GUARDS.get(name)
        pod = (
            f"apiVersion: v1\nkind: Pod\nmetadata: {{name: {name[:-5]}}}\nspec:\n"
            f"  containers:\n    - name: c\n      {container}\n"
        )
        (app / "templates" / name).write_text(
            f"{{{{- if {guard} }}}}\n{pod}{{{{- end }}}}\n" if guard else pod
        )
    if vendored:
        broker = app / "charts" / "broker"
        broker.mkdir(parents=True)
        (broker / "Chart.yaml").write_text("apiVersion: v2\nname: broker\nversion: 1.2.0\n")
        (broker / "values.yaml").write_text(BROKER_DEFAULTS)
    return app


@needs_helm
def test_a_missing_dependency_s_defaults_are_unknown_where_the_chart_does_not_set_them(
    tmp_path: Path,
) -> None:
    app = remote_dependency_chart(tmp_path, enabled=True)
    scan = scan_helm_chart(app)
    known = {o.text for o in scan if o.reference is not None}
    assert known == {"acme/app:1.0"}  # (the template reading the port renders)
    (unresolved,) = (o for o in scan if o.reference is None)
    assert unresolved.unresolved == (
        'a default of the dependency "broker", which is not in charts/',
    )
    assert unresolved.text.startswith("acme/broker:")  # (the chart's own value is known)
    assert [e.level for e in scan.errors] == ["note"]  # (the missing dependency, said once)
    # Helm, with the dependency built, renders the same images and the ones its defaults give
    built = remote_dependency_chart(tmp_path / "built", enabled=True, vendored=True)
    assert images(built) == known | {"acme/broker:3.7", "acme/exporter:2.0"}


@needs_helm
def test_a_disabled_missing_dependency_s_values_are_the_chart_s_alone(tmp_path: Path) -> None:
    # (Helm merges no values of a disabled subchart: a key the chart lacks is nil)
    app = remote_dependency_chart(tmp_path, enabled=False)
    scan = scan_helm_chart(app)
    built = remote_dependency_chart(tmp_path / "built", enabled=False, vendored=True)
    assert {o.text for o in scan} == images(built) == {"acme/app:1.0"}
    assert scan.errors == ()


def test_a_missing_dependency_s_default_read_twice_is_one_reason(tmp_path: Path) -> None:
    # triggerdotdev/trigger.dev's hosting/k8s/helm/templates/tests/test-postgresql.yaml writes
    # `{{ .Values.postgres.image.registry }}/{{ .Values.postgres.image.repository }}:
    # {{ .Values.postgres.image.tag }}`, the registry and the tag Bitnami's postgresql chart's
    # defaults: the one reason was said twice.
    app = tmp_path / "app"
    (app / "templates").mkdir(parents=True)
    (app / "Chart.yaml").write_text(REMOTE)
    (app / "values.yaml").write_text("broker: {enabled: true, image: {repository: acme/broker}}\n")
    (app / "templates" / "test.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: t}\nspec:\n  containers:\n"
        "    - name: c\n      image: {{ .Values.broker.image.registry }}/"
        "{{ .Values.broker.image.repository }}:{{ .Values.broker.image.tag }}\n"
    )
    (unresolved,) = scan_helm_chart(app)
    assert unresolved.unresolved == (
        'a default of the dependency "broker", which is not in charts/',
    )


ZULIP_LIKE = """\
apiVersion: v2
name: zulip
version: 0.12.0
dependencies:
  - name: memcached
    version: 8.1.5
    repository: oci://registry-1.docker.io/bitnamicharts
    condition: memcached.enabled
  - name: postgresql
    version: 18.1.8
    repository: oci://registry-1.docker.io/bitnamicharts
    condition: postgresql.enabled
  - name: redis
    version: 23.2.12
    repository: oci://registry-1.docker.io/bitnamicharts
    condition: redis.enabled
  - name: rabbitmq
    version: 16.0.14
    repository: oci://registry-1.docker.io/bitnamicharts
    condition: rabbitmq.enabled
"""


def test_the_images_a_chart_s_values_give_a_missing_dependency_are_read(tmp_path: Path) -> None:
    # zulip/docker-zulip's helm/zulip (survey s17c): the Bitnami subcharts come from a
    # registry, and values.yaml says which images they run; helm install runs those (two of
    # them on `latest`), and before, none was read.
    chart = tmp_path / "zulip"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text(ZULIP_LIKE)
    (chart / "values.yaml").write_text(
        "image: {repository: ghcr.io/zulip/zulip-server, tag: '12.1-0'}\n"
        "memcached:\n  enabled: true\n"
        "  image: {repository: bitnamilegacy/memcached, tag: latest}\n"
        "postgresql:\n  enabled: true\n"
        "  image:\n    repository: zulip/zulip-postgresql\n    tag: 14\n"
        "  metrics:\n    image: {registry: quay.io, repository: acme/exporter, "
        "digest: 'sha256:" + "a" * 64 + "'}\n"
        # (a map that leaves the tag to the subchart's defaults says nothing)
        "redis:\n  enabled: true\n  image: {repository: bitnamilegacy/redis}\n"
        # (a disabled dependency runs nothing)
        "rabbitmq:\n  enabled: false\n"
        "  image: {repository: bitnamilegacy/rabbitmq, tag: 4.1.3}\n"
    )
    (chart / "templates" / "pod.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: z}\nspec:\n  containers:\n"
        '    - name: z\n      image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n'
    )
    scan = scan_helm_chart(chart)
    values = str(chart / "values.yaml")
    assert [(o.text, o.path, o.line, o.column, o.context.get("subchart")) for o in scan] == [
        ("ghcr.io/zulip/zulip-server:12.1-0", values, 1, 55, None),
        ("bitnamilegacy/memcached:latest", values, 4, 53, "memcached"),
        ("zulip/zulip-postgresql:14", values, 9, 10, "postgresql"),
        (f"quay.io/acme/exporter@sha256:{'a' * 64}", values, 11, 68, "postgresql"),
    ]
    assert all(o.reference is not None for o in scan)
    assert list(scan)[2].context["key"] == "postgresql.image.tag"
    assert [e.level for e in scan.errors] == ["note"]  # (the missing dependencies, once)


#: Gradiant/5g-charts' charts/open5gs-amf at commit 27e3feb4 (Apache-2.0), shortened: the chart's
#: helpers call those of Bitnami's `common` library, which comes from a registry.
OPEN5GS_AMF_CHART = """\
apiVersion: v2
appVersion: "2.7.5"
name: open5gs-amf
version: 2.3.1
dependencies:
  - name: common
    repository: https://charts.bitnami.com/bitnami
    tags:
      - bitnami-common
    version: 2.x.x
"""
OPEN5GS_AMF_VALUES = """\
image:
  registry: docker.io
  repository: gradiant/open5gs
  tag: "2.7.5"
  digest: ""
  pullPolicy: IfNotPresent
metrics:
  enabled: false
"""
OPEN5GS_AMF_HELPERS = """\
{{- define "open5gs.amf.image" -}}
{{- include "common.images.image" (dict "imageRoot" .Values.image "global" .Values.global) -}}
{{- end -}}
"""
OPEN5GS_AMF_DEPLOYMENT = """\
apiVersion: {{ include "common.capabilities.deployment.apiVersion" . }}
kind: Deployment
metadata:
  name: {{ include "common.names.fullname" . }}
spec:
  template:
    spec:
      containers:
        - name: {{ include "common.names.fullname" . }}
          image: {{ template "open5gs.amf.image" . }}
          imagePullPolicy: {{ .Values.image.pullPolicy | quote }}
"""


def test_a_chart_whose_templates_need_a_missing_library_runs_its_own_image_maps(
    tmp_path: Path,
) -> None:
    # (survey 34b: Gradiant/5g-charts' 36 charts depend on Bitnami's common from its
    # repository; none of their templates renders without it, and no image was read)
    chart = tmp_path / "open5gs-amf"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text(OPEN5GS_AMF_CHART)
    (chart / "values.yaml").write_text(OPEN5GS_AMF_VALUES)
    (chart / "templates" / "_helpers.tpl").write_text(OPEN5GS_AMF_HELPERS)
    (chart / "templates" / "deployment.yaml").write_text(OPEN5GS_AMF_DEPLOYMENT)
    scan = scan_helm_chart(chart)
    values = str(chart / "values.yaml")
    assert [(o.text, o.path, o.line, o.column, o.context["key"]) for o in scan] == [
        ("docker.io/gradiant/open5gs:2.7.5", values, 4, 9, "image.tag"),
    ]
    assert [e.level for e in scan.errors] == ["note"]
    # (an image key holding several maps, as Gradiant's srsran-5g chart's image.srsran)
    (chart / "values.yaml").write_text(
        OPEN5GS_AMF_VALUES.replace("image:\n  registry", "image:\n  amf:\n    registry")
        .replace("\n  repository", "\n    repository")
        .replace('\n  tag: "2.7.5"', '\n    tag: "2.7.5"')
    )
    assert [(o.text, o.line, o.context["key"]) for o in scan_helm_chart(chart)] == [
        ("docker.io/gradiant/open5gs:2.7.5", 5, "image.amf.tag"),
    ]
    # (a part the values switch off runs no image: Shuffle's chart (59a54914), whose templates
    # call Bitnami's common, adds the os-shell init container only when volumePermissions is
    # on, and its values leave it off: a false TS006, survey 37a; switched on, it is pulled)
    switched = (
        "volumePermissions:\n  enabled: {}\n  image:\n    registry: docker.io\n"
        "    repository: bitnamilegacy/os-shell\n    tag: 12-debian-12-r30\n"
    )
    (chart / "values.yaml").write_text(OPEN5GS_AMF_VALUES + switched.format("false"))
    assert [o.text for o in scan_helm_chart(chart)] == ["docker.io/gradiant/open5gs:2.7.5"]
    (chart / "values.yaml").write_text(OPEN5GS_AMF_VALUES + switched.format("true"))
    assert [o.text for o in scan_helm_chart(chart)] == [
        "docker.io/gradiant/open5gs:2.7.5",
        "docker.io/bitnamilegacy/os-shell:12-debian-12-r30",
    ]
    # (a map without a tag is the chart's appVersion when the helper is given the chart:
    # Bitnami's common.images.image; Shuffle's chart (59a54914) leaves its four images' tags
    # empty so, and they were missed, survey 37a. Without the chart, the tag is empty: no
    # guess, and the image stays the missing helper's, unresolved, saying why)
    untagged = OPEN5GS_AMF_VALUES.replace('tag: "2.7.5"', 'tag: ""')
    (chart / "values.yaml").write_text(untagged)
    unguessed = scan_helm_chart(chart)
    assert [o.text for o in unguessed if not o.unresolved] == []
    assert [o.unresolved for o in unguessed] == [
        ('no template "common.images.image" associated with template "gotpl"',)
    ]
    (chart / "templates" / "_helpers.tpl").write_text(
        OPEN5GS_AMF_HELPERS.replace(
            '"global" .Values.global', '"global" .Values.global "chart" .Chart'
        )
    )
    found = [(o.text, o.line, o.context["key"]) for o in scan_helm_chart(chart)]
    assert found == [("docker.io/gradiant/open5gs:2.7.5", 3, "image.repository")]
    (chart / "templates" / "_helpers.tpl").write_text(OPEN5GS_AMF_HELPERS)
    # (a chart that calls none of the library's helpers: its values are not read so)
    (chart / "templates" / "_helpers.tpl").unlink()
    (chart / "templates" / "deployment.yaml").write_text(
        OPEN5GS_AMF_DEPLOYMENT.replace('{{ template "open5gs.amf.image" . }}', "nginx:1.27.3")
        .replace('{{ include "common.names.fullname" . }}', "amf")
        .replace('{{ include "common.capabilities.deployment.apiVersion" . }}', "apps/v1")
    )
    assert [o.text for o in scan_helm_chart(chart)] == ["nginx:1.27.3"]


# nextcloud/helm's charts/nextcloud, cut down (AGPL-3.0; the lead's regression set): with
# PostgreSQL on (its ct values), its helpers call PostgreSQL's `postgresql.v1.primary.fullname`,
# and the dependency is fetched from Bitnami's repository. Its templates still render their
# image; the disabled nginx map is not pulled (no guess from the values).
NEXTCLOUD_CHART = """\
apiVersion: v2
name: nextcloud
version: 8.0.0
appVersion: 31.0.0
dependencies:
  - name: postgresql
    version: 16.7.4
    repository: oci://registry-1.docker.io/bitnamicharts
    condition: postgresql.enabled
"""
NEXTCLOUD_VALUES = """\
image:
  repository: docker.io/library/nextcloud
  tag: 31.0.0-apache
nginx:
  enabled: false
  image:
    registry: docker.io
    repository: library/nginx
    tag: alpine
postgresql:
  enabled: true
"""
NEXTCLOUD_HELPERS = """\
{{- define "nextcloud.db" -}}
{{- if .Values.postgresql.enabled }}
{{- template "postgresql.v1.primary.fullname" .Subcharts.postgresql }}
{{- end }}
{{- end -}}
"""
NEXTCLOUD_DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nextcloud
  annotations:
    db: {{ include "nextcloud.db" . | quote }}
spec:
  template:
    spec:
      containers:
        - name: nextcloud
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
        {{- if .Values.nginx.enabled }}
        - name: nginx
          {{- with .Values.nginx.image }}
          image: "{{ .registry }}/{{ .repository }}:{{ .tag }}"
          {{- end }}
        {{- end }}
"""


def test_a_chart_that_renders_its_images_is_not_read_from_its_values(tmp_path: Path) -> None:
    chart = tmp_path / "nextcloud"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text(NEXTCLOUD_CHART)
    (chart / "values.yaml").write_text(NEXTCLOUD_VALUES)
    (chart / "templates" / "_helpers.tpl").write_text(NEXTCLOUD_HELPERS)
    (chart / "templates" / "deployment.yaml").write_text(NEXTCLOUD_DEPLOYMENT)
    assert [o.text for o in scan_helm_chart(chart)] == ["docker.io/library/nextcloud:31.0.0-apache"]
    # (switched on, the nginx container renders, as any image does)
    on = scan_helm_chart(chart, set_values=["nginx.enabled=true"])
    assert sorted(o.text for o in on) == [
        "docker.io/library/nextcloud:31.0.0-apache",
        "docker.io/library/nginx:alpine",
    ]


# from openMF/ph-ee-env-template@e8bc9ef6c8f7a4796a35f684499f6dce2132b65d helm/g2p-sandbox and
# helm/ph-ee-engine (shortened): the umbrella depends on ph-ee-engine as published, which the
# repository keeps beside it; the engine's connectors are its own file:// subcharts, off by
# default, that the umbrella's values turn on (survey 35d: 11 connectors' images missed)
UMBRELLA = """\
apiVersion: v2
name: ph-ee-g2psandbox
version: 0.0.0
dependencies:
- name: ph-ee-engine
  repository: https://fynarfin.io/images/ph-ee-engine-0.0.0-SNAPSHOT
  version: 0.0.0-SNAPSHOT
"""
UMBRELLA_VALUES = """\
ph-ee-engine:
  channel:
    enabled: true
    image: docker.io/openmf/ph-ee-connector-channel:latest
"""
ENGINE = """\
apiVersion: v1
name: ph-ee-engine
version: 0.0.0-SNAPSHOT
"""
ENGINE_REQUIREMENTS = """\
dependencies:
  - name: channel
    version: 1.0.0
    repository: "file://./connector-channel"
    condition: "channel.enabled"
  - name: operations_app
    version: 1.0.0
    repository: "file://./operations-app"
    condition: "operations_app.enabled"
"""
ENGINE_VALUES = """\
channel:
  enabled: false
  image: docker.io/openmf/ph-ee-connector-channel:v1.9.0
operations_app:
  enabled: true
  image: docker.io/openmf/ph-ee-operations-app:v1.10.0
"""
CONNECTOR = """\
{{- if .Values.enabled -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: NAME
spec:
  template:
    spec:
      containers:
        - name: NAME
          image: "{{ .Values.image }}"
{{- end }}
"""


def _umbrella(root: Path) -> Path:
    umbrella, engine = root / "helm" / "g2p-sandbox", root / "helm" / "ph-ee-engine"
    umbrella.mkdir(parents=True)
    (umbrella / "Chart.yaml").write_text(UMBRELLA)
    (umbrella / "values.yaml").write_text(UMBRELLA_VALUES)
    engine.mkdir()
    (engine / "Chart.yaml").write_text(ENGINE)
    (engine / "requirements.yaml").write_text(ENGINE_REQUIREMENTS)
    (engine / "values.yaml").write_text(ENGINE_VALUES)
    for directory, name in (("connector-channel", "channel"), ("operations-app", "operations_app")):
        (engine / directory / "templates").mkdir(parents=True)
        (engine / directory / "Chart.yaml").write_text(
            f"apiVersion: v1\nname: {name}\nversion: 1.0.0\n"
        )
        (engine / directory / "templates" / "deployment.yaml").write_text(
            CONNECTOR.replace("NAME", directory)
        )
    return umbrella


def test_a_fetched_chart_s_own_dependencies_are_switched_by_its_parent_s_values(
    tmp_path: Path,
) -> None:
    scan = scan_helm_chart(_umbrella(tmp_path))
    assert sorted(o.text for o in scan) == [
        "docker.io/openmf/ph-ee-connector-channel:latest",  # (off in the engine, on here)
        "docker.io/openmf/ph-ee-operations-app:v1.10.0",
    ]
    assert scan.errors == ()


def test_a_fetched_chart_s_dependency_the_parent_leaves_off_is_not_read(tmp_path: Path) -> None:
    umbrella = _umbrella(tmp_path)
    (umbrella / "values.yaml").write_text("ph-ee-engine:\n  operations_app:\n    enabled: false\n")
    assert list(scan_helm_chart(umbrella)) == []


# PrefectHQ/prefect-helm at commit 75b0c27 (Apache-2.0), cut down: charts/prefect-server
# writes its own image, but the Deployment's apiVersion comes from Bitnami's `common`, which
# is fetched from its repository; charts/prometheus-prefect-exporter's image only from the
# library's `common.images.image`.
PREFECT_CHART = """\
apiVersion: v2
name: prefect-server
version: 2025.12.1
appVersion: 3.6.5
dependencies:
  - name: common
    repository: https://charts.bitnami.com/bitnami
    tags:
      - bitnami-common
    version: 2.41.0
"""
PREFECT_VALUES = """\
global:
  prefect:
    image:
      repository: prefecthq/prefect
      prefectTag: 3-latest
image:
  repository: prefecthq/prometheus-prefect-exporter
  tag: 1.1.0
"""
PREFECT_DEPLOYMENT = """\
apiVersion: {{ include "common.capabilities.deployment.apiVersion" . }}
kind: Deployment
metadata:
  name: {{ template "common.names.fullname" . }}
spec:
  template:
    spec:
      containers:
        - name: prefect-server
          image: "{{ .Values.global.prefect.image.repository }}:{{ .Values.global.prefect.image.prefectTag }}"
"""  # noqa: E501


def test_a_workload_whose_api_version_a_missing_library_writes_is_read(tmp_path: Path) -> None:
    # (survey 37e: prefect-server's and prefect-worker's prefecthq/prefect were not found)
    chart = tmp_path / "prefect-server"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text(PREFECT_CHART)
    (chart / "values.yaml").write_text(
        PREFECT_VALUES.split("image:\n  repository: prefecthq/prom")[0]
    )
    (chart / "templates" / "deployment.yaml").write_text(PREFECT_DEPLOYMENT)
    scan = scan_helm_chart(chart)
    assert [(o.text, o.line, o.context["key"]) for o in scan] == [
        ("prefecthq/prefect:3-latest", 5, "global.prefect.image.prefectTag"),
    ]
    assert [e.level for e in scan.errors] == ["note"]
    # (a kind that is not a built-in workload is not given one: an unknown API is nothing)
    (chart / "templates" / "deployment.yaml").write_text(
        PREFECT_DEPLOYMENT.replace("kind: Deployment", "kind: Widget")
    )
    assert list(scan_helm_chart(chart)) == []


def test_an_image_only_a_missing_library_writes_is_its_image_map(tmp_path: Path) -> None:
    # (survey 37e: prometheus-prefect-exporter's image was an unresolved TS011)
    chart = tmp_path / "exporter"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text(PREFECT_CHART.replace("prefect-server", "exporter"))
    (chart / "values.yaml").write_text(PREFECT_VALUES)
    # (its apiVersion written out, as the exporter's deployment.yaml writes it)
    (chart / "templates" / "deployment.yaml").write_text(
        PREFECT_DEPLOYMENT.replace(
            '"{{ .Values.global.prefect.image.repository }}:'
            '{{ .Values.global.prefect.image.prefectTag }}"',
            '{{ include "common.images.image" (dict "imageRoot" .Values.image) }}',
        ).replace('{{ include "common.capabilities.deployment.apiVersion" . }}', "apps/v1")
    )
    scan = scan_helm_chart(chart)
    values = str(chart / "values.yaml")
    assert [(o.text, o.path, o.line, o.context["key"]) for o in scan] == [
        ("prefecthq/prometheus-prefect-exporter:1.1.0", values, 8, "image.tag"),
    ]
    assert all(o.reference is not None for o in scan)


def test_a_test_pod_that_renders_does_not_hide_the_image_maps_a_missing_library_writes(
    tmp_path: Path,
) -> None:
    # MarquezProject/marquez's chart (commit a89b89cad, Apache-2.0), cut down: its Deployments
    # write their images with Bitnami's `common.images.image` (`common` not vendored), its
    # helm-test pods `busybox` (survey s40c: the two images were TS011s, as the busybox
    # rendered and the chart counted as rendered).
    chart = tmp_path / "marquez"
    (chart / "templates" / "tests").mkdir(parents=True)
    (chart / "Chart.yaml").write_text(PREFECT_CHART.replace("prefect-server", "marquez"))
    (chart / "values.yaml").write_text(PREFECT_VALUES)
    (chart / "templates" / "deployment.yaml").write_text(
        PREFECT_DEPLOYMENT.replace(
            '"{{ .Values.global.prefect.image.repository }}:'
            '{{ .Values.global.prefect.image.prefectTag }}"',
            '{{ include "common.images.image" (dict "imageRoot" .Values.image) }}',
        ).replace('{{ include "common.capabilities.deployment.apiVersion" . }}', "apps/v1")
    )
    (chart / "templates" / "tests" / "test-connection.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: t\n  annotations:\n"
        '    "helm.sh/hook": test\nspec:\n  containers:\n    - name: wget\n      image: busybox\n'
    )
    scan = scan_helm_chart(chart)
    assert sorted((o.text, o.line) for o in scan) == [
        ("busybox", 10),
        ("prefecthq/prometheus-prefect-exporter:1.1.0", 8),
    ]
    assert all(o.reference is not None for o in scan)
