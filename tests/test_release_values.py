"""The images a GitOps release's values name for a remote chart (``_release_values``).

The Flux samples are onedr0p/home-ops's (``kubernetes/apps/…/helmrelease.yaml``,
REPORT4's largest miss: bjw-s app-template's ``controllers.*.containers.*.image``);
the Argo CD ones follow the ``Application`` reference's ``helm.values`` and
``helm.valuesObject`` examples.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import tagsense
from tagsense.sources.kubernetes import scan_kubernetes
from tagsense.sources.kustomize import scan_kustomization

TYPE_CHECKING = False
if TYPE_CHECKING:
    from tagsense.sources import Scan

DIGEST = "sha256:4d0ccca1d151f860b3f469c60df78bf1ab798f15e88dc1912d31d6741653eb99"

ATUIN = f"""\
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: atuin
spec:
  chartRef:
    kind: OCIRepository
    name: atuin
  interval: 1h
  values:
    controllers:
      atuin:
        containers:
          app:
            image:
              repository: ghcr.io/atuinsh/atuin
              tag: 18.19.0@{DIGEST}
            env:
              ATUIN_HOST: "0.0.0.0"
"""


def seen(scan: Scan) -> list[tuple[int, int, str, str, str]]:
    return [(o.line, o.column, o.kind, o.raw, o.text) for o in scan]


def test_an_app_template_image_block_points_at_its_tag() -> None:
    scan = scan_kubernetes(ATUIN, path="helmrelease.yaml")
    assert not scan.errors
    (occurrence,) = scan
    assert (occurrence.line, occurrence.column, occurrence.kind) == (18, 20, "helm-values")
    assert occurrence.text == f"ghcr.io/atuinsh/atuin:18.19.0@{DIGEST}"
    assert occurrence.reference is not None and occurrence.reference.digest == DIGEST
    assert dict(occurrence.context) == {
        "kind": "HelmRelease",
        "name": "atuin",
        "chart_ref": "OCIRepository/atuin",
        "tool": "flux",
        "field": "spec.values",
        "key": "controllers.atuin.containers.app.image.tag",
        "value": f"18.19.0@{DIGEST}",
    }
    assert not tagsense.check(scan)  # pinned by a digest


LATEST = """\
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: atuin}
spec:
  chartRef: {kind: OCIRepository, name: app-template}
  values:
    controllers:
      atuin:
        containers:
          app:
            image:
              repository: ghcr.io/atuinsh/atuin
              tag: latest
"""


def test_a_floating_tag_in_a_release_is_judged() -> None:
    """REPORT4's repro (/tmp/repro4/flux-helmrelease): 'All checks passed' before."""
    findings = tagsense.check(scan_kubernetes(LATEST, path="helmrelease.yaml"))
    assert [(f.line, f.column, f.code) for f in findings] == [(13, 20, "TS001")]


def test_a_suppression_comment_on_the_tag_line_applies(tmp_path: Path) -> None:
    text = LATEST.replace("tag: latest", "tag: latest  # tagsense: ignore[TS001]")
    (tmp_path / "helmrelease.yaml").write_text(text)
    scan = tagsense.find_references(tmp_path / "helmrelease.yaml")
    assert len(scan) == 1 and not tagsense.check(scan)


@pytest.mark.parametrize(
    ("image", "why"),
    [
        # home-ops coredns, rook-ceph: the chart supplies the tag (its appVersion).
        ("image:\n      repository: mirror.gcr.io/coredns/coredns", "no tag"),
        # home-ops victoria-logs: a registry alone.
        ("image:\n      registry: quay.io", "no repository"),
        # The chart's default registry (registry.k8s.io for ingress-nginx) is not known here.
        ("image:\n      repository: ingress-nginx/controller\n      tag: v1.9.4", "no registry"),
        ("image: nginx", "a repository alone, the chart may add its tag"),
        ('image: "{{ .Values.repo }}:1.2.3"', "a template the chart may tpl"),
        ("image:\n      repository: ghcr.io/a/b\n      tag: '{{ .Chart.AppVersion }}'", "tpl"),
        ("image: oci://ghcr.io/a/b:1.0", "a URL"),
        ("image:\n      repository: ghcr.io/a/B\n      tag: '1.0'", "not a valid reference"),
        ("imagePullPolicy: Always", "not an image key"),
        ("images:\n      repository: ghcr.io/a/b\n      tag: '1.0'", "not an image key"),
    ],
)
def test_what_the_values_do_not_settle_is_not_read(image: str, why: str) -> None:
    text = (
        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: x}\n"
        "spec:\n  chartRef: {kind: OCIRepository, name: x}\n  values:\n    " + image + "\n"
    )
    assert seen(scan_kubernetes(text)) == [], why


def test_a_global_registry_leaves_the_blocks_unread() -> None:
    text = (
        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: x}\n"
        "spec:\n  chart:\n    spec:\n      chart: redis\n"
        "      sourceRef: {kind: HelmRepository, name: bitnami}\n"
        "  values:\n    global: {imageRegistry: mirror.example.com}\n"
        "    image: {registry: docker.io, repository: bitnami/redis, tag: '7.2'}\n"
    )
    assert seen(scan_kubernetes(text)) == []
    without = text.replace("    global: {imageRegistry: mirror.example.com}\n", "")
    ((line, column, kind, raw, _),) = seen(scan_kubernetes(without))
    assert (line, column, kind, raw) == (10, 67, "helm-values", "docker.io/bitnami/redis:7.2")
    (occurrence,) = scan_kubernetes(without)
    assert occurrence.context["chart"] == "redis"


def test_a_string_image_and_a_digest_alone() -> None:
    text = (
        "apiVersion: helm.toolkit.fluxcd.io/v2beta2\nkind: HelmRelease\nmetadata: {name: x}\n"
        "spec:\n  chart:\n    spec:\n      chart: app\n"
        "      sourceRef: {kind: HelmRepository, name: charts}\n"
        "  values:\n"
        "    sidecars:\n      - name: proxy\n        image: 'envoyproxy/envoy:v1.31.2'\n"
        f"    initImage:\n      repository: ghcr.io/acme/init\n      digest: {DIGEST}\n"
    )
    assert seen(scan_kubernetes(text)) == [
        (12, 17, "helm-values", "envoyproxy/envoy:v1.31.2", "envoyproxy/envoy:v1.31.2"),
        (15, 15, "helm-values", f"ghcr.io/acme/init@{DIGEST}", f"ghcr.io/acme/init@{DIGEST}"),
    ]


def test_a_pod_template_in_the_values_is_read_once() -> None:
    """home-ops's actions-runner-controller runners: ``template.spec.containers`` in the
    values is the manifest's pod template (kind kubernetes), not read twice."""
    text = (
        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\n"
        "metadata: {name: home-ops-runner}\n"
        "spec:\n  chartRef: {kind: OCIRepository, name: home-ops-runner}\n  values:\n"
        "    template:\n      spec:\n        containers:\n          - name: runner\n"
        "            image: ghcr.io/home-operations/actions-runner:2.336.0\n"
    )
    assert [(o.line, o.kind) for o in scan_kubernetes(text)] == [(11, "kubernetes")]


@pytest.mark.parametrize(
    "source",
    [
        # A chart in a Git repository (maybe this one): out of scope, as before.
        "chart:\n    spec:\n      chart: ./app\n      sourceRef: {kind: GitRepository, name: x}",
        "chart:\n    spec:\n      chart: ./app\n      sourceRef: {kind: Bucket, name: x}",
        "chartRef: {kind: HelmChart, name: x}",
    ],
)
def test_a_chart_that_may_be_in_the_repository_is_left_alone(source: str) -> None:
    text = LATEST.replace("chartRef: {kind: OCIRepository, name: app-template}", source)
    assert seen(scan_kubernetes(text)) == []


def test_a_post_renderer_that_changes_images_leaves_the_values_unread() -> None:
    text = LATEST.replace(
        "  values:", "  postRenderers:\n    - kustomize:\n        images: [{name: x}]\n  values:"
    )
    assert seen(scan_kubernetes(text)) == []


ARGO = """\
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: redis
  namespace: argocd
spec:
  project: default
  source:
    repoURL: https://charts.bitnami.com/bitnami
    chart: redis
    targetRevision: 18.6.1
    helm:
      valuesObject:
        image:
          registry: docker.io
          repository: bitnami/redis
          tag: 7.2.4
      values: |
        metrics:
          image:
            registry: docker.io
            repository: bitnami/redis-exporter
            tag: latest
  destination:
    server: https://kubernetes.default.svc
"""


def test_argo_cd_values_object_and_values_text() -> None:
    scan = scan_kubernetes(ARGO, path="app.yaml")
    assert seen(scan) == [
        (
            17,
            16,
            "helm-values",
            "docker.io/bitnami/redis:7.2.4",
            "docker.io/bitnami/redis:7.2.4",
        ),
        (
            23,
            18,
            "helm-values",
            "docker.io/bitnami/redis-exporter:latest",
            "docker.io/bitnami/redis-exporter:latest",
        ),
    ]
    assert ARGO.splitlines()[22][17:] == "latest"
    exporter = list(scan)[1]
    assert exporter.context["field"] == "spec.source.helm.values"
    assert exporter.context["chart"] == "redis"
    assert [(f.line, f.code) for f in tagsense.check(scan)] == [(23, "TS001")]


def test_argo_cd_a_git_path_source_is_left_alone() -> None:
    text = ARGO.replace("    chart: redis\n", "    path: charts/redis\n")
    assert seen(scan_kubernetes(text)) == []


def test_argo_cd_application_set_template_and_sources() -> None:
    text = (
        "apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: {name: x}\n"
        "spec:\n  template:\n    spec:\n      sources:\n"
        "        - repoURL: https://charts.example.com\n          chart: app\n"
        "          helm:\n            valuesObject:\n"
        "              image: {repository: ghcr.io/acme/app, tag: '{{ .version }}'}\n"
        "              worker: {image: 'ghcr.io/acme/worker:1.2'}\n"
    )
    assert [(o.line, o.column, o.text) for o in scan_kubernetes(text)] == [
        (13, 32, "ghcr.io/acme/worker:1.2")
    ]


def _kustomization(tmp_path: Path, patch: str) -> Scan:
    (tmp_path / "helmrelease.yaml").write_text(LATEST)
    (tmp_path / "patch.yaml").write_text(patch)
    (tmp_path / "kustomization.yaml").write_text(
        "resources: [helmrelease.yaml]\npatches:\n  - path: patch.yaml\n"
    )
    return scan_kustomization(tmp_path / "kustomization.yaml")


def test_through_kustomize(tmp_path: Path) -> None:
    scan = _kustomization(tmp_path, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: y}\n")
    ((line, column, kind, raw, _),) = seen(scan)
    assert (line, column, kind, raw) == (13, 20, "helm-values", "ghcr.io/atuinsh/atuin:latest")


def test_a_kustomize_patch_of_the_release_leaves_its_values_unread(tmp_path: Path) -> None:
    """Helm merges a patch's values with the release's; that is not modelled, so the
    release's own image may not be what is deployed."""
    patch = (
        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: atuin}\n"
        "spec:\n  values:\n    controllers: {atuin: {containers: {app: {image: {tag: v2}}}}}\n"
    )
    assert seen(_kustomization(tmp_path, patch)) == []


def test_the_repro_on_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "helmrelease.yaml").write_text(LATEST)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    scan = tagsense.find_references(tmp_path)
    assert [(Path(o.path or "").name, o.line, o.kind) for o in scan] == [
        ("helmrelease.yaml", 13, "helm-values")
    ]


FRESHRSS = """\
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: freshrss
spec:
  chartRef:
    kind: OCIRepository
    name: freshrss
  values:
    controllers:
      freshrss:
        containers:
          app:
            image:
              repository: freshrss/freshrss
              tag: 1.29.1-alpine
"""
APP_TEMPLATE_SOURCE = """\
apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata:
  name: freshrss
spec:
  ref:
    tag: 5.1.0
  url: oci://ghcr.io/bjw-s-labs/helm/app-template
"""


def test_app_template_s_blocks_have_no_registry_of_their_own(tmp_path: Path) -> None:
    # bjw-s-labs/home-ops@e183e64292's selfhosted/freshrss/app: helmrelease.yaml beside the
    # ocirepository.yaml of app-template; billimek/k8s-gitops@ff56e2511 names a shared
    # `OCIRepository` app-template (busybox, unifi, teslamate…: 8 images missed in two fleets).
    # Another chart may put a registry of its own first (forgejo's: code.forgejo.org).
    app = tmp_path / "app"
    app.mkdir()
    (app / "helmrelease.yaml").write_text(FRESHRSS)
    (app / "ocirepository.yaml").write_text(APP_TEMPLATE_SOURCE)
    scan = tagsense.find_references(app / "helmrelease.yaml")
    assert [(o.line, o.text) for o in scan] == [(16, "freshrss/freshrss:1.29.1-alpine")]
    shared = FRESHRSS.replace("name: freshrss\n  values", "name: app-template\n  values")
    assert [o.text for o in scan_kubernetes(shared)] == ["freshrss/freshrss:1.29.1-alpine"]
    (app / "ocirepository.yaml").write_text(APP_TEMPLATE_SOURCE.replace("app-template", "forgejo"))
    assert seen(tagsense.find_references(app / "helmrelease.yaml")) == []
    helm = FRESHRSS.replace(
        "chartRef:\n    kind: OCIRepository\n    name: freshrss",
        "chart:\n    spec:\n      chart: app-template\n"
        "      sourceRef: {kind: HelmRepository, name: bjw-s}",
    )
    assert [o.text for o in scan_kubernetes(helm)] == ["freshrss/freshrss:1.29.1-alpine"]
    assert [o.text for o in scan_kubernetes(FRESHRSS)] == []  # (which chart: not known)


RUNNER = """\
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: forgejo-runner
spec:
  chartRef:
    kind: OCIRepository
    name: forgejo-runner
  values:
    podSpecs:
      podspec-dind.yaml: |-
        initContainers:
          - name: dind
            image: docker:29-dind
            restartPolicy: Always
        containers:
          - name: main
            image: ghcr.io/bjw-s-labs/forgejo-runner:ubuntu-24.04
      notes.txt: |-
        The runner's image: docker:29-dind, for containers: every job.
      config.yaml: |-
        container:
          image: node:24
"""


def test_a_pod_spec_in_a_string_of_the_values_is_read_at_its_lines() -> None:
    # bjw-s-labs/home-ops@e183e64292's dev/forgejo/runner/helmrelease.yaml: the pod templates
    # the runner starts its jobs' pods with (3 images missed there, 3 in billimek/k8s-gitops).
    # Text that is no pod spec (a note, an application's configuration) is not read.
    assert [(o.line, o.column, o.text) for o in scan_kubernetes(RUNNER)] == [
        (14, 20, "docker:29-dind"),
        (18, 20, "ghcr.io/bjw-s-labs/forgejo-runner:ubuntu-24.04"),
    ]


GITLAB_RUNNER = """\
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: gitlab-runner
spec:
  source:
    repoURL: 'https://charts.gitlab.io'
    targetRevision: 0.50.1
    helm:
      values: |-
        runners:
          secret: gitlab-runner
          config: |
            [[runners]]
              [runners.kubernetes]
                image = "ubuntu:20.04"
                helper_image = 'gitlab/gitlab-runner-helper:x86_64-v17.8.3'
                [[runners.kubernetes.services]]
                  name = "postgres:16.6"
              [[runners.kubernetes.volumes.empty_dir]]
                name = "docker-certs"
    chart: gitlab-runner
"""


def test_gitlab_runner_s_configuration_in_the_values_gives_its_images() -> None:
    # kubefirst/gitops-template@82e6d79f's */components/gitlab-runner/application.yaml: the
    # runner's config.toml in `runners.config`, whose `image` is every job's default (8
    # files; missed). A volume's `name` is none; another chart's `runners.config` is not read.
    scan = scan_kubernetes(GITLAB_RUNNER)
    assert [(o.line, o.column, o.text, o.context["key"]) for o in scan] == [
        (16, 26, "ubuntu:20.04", "runners.kubernetes.image"),
        (17, 33, "gitlab/gitlab-runner-helper:x86_64-v17.8.3", "runners.kubernetes.helper_image"),
        (19, 27, "postgres:16.6", "runners.kubernetes.services.name"),
    ]  # fmt: skip
    assert seen(scan_kubernetes(GITLAB_RUNNER.replace("chart: gitlab-runner", "chart: x"))) == []
    templated = GITLAB_RUNNER.replace('"ubuntu:20.04"', '"{{ .Values.image }}"')
    assert [o.text for o in scan_kubernetes(templated)] == []
