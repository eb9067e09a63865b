"""Kubernetes manifests and Kustomize: every image location, one table row a case.

The samples under ``tests/data/kubernetes/`` were written from the Kubernetes
API reference (PodSpec, Container, EphemeralContainer, ImageVolumeSource, the
workload controllers, CronJobSpec.jobTemplate), the Argo Rollouts, Knative
Serving, Tekton Pipelines and Argo Workflows references, and the Kustomize
``images`` reference (Helm charts are tested under ``tests/helm/``).
Expectations are ``(line, column, raw, normalized, context)``: the column is
where the reference text starts (inside quotes). The Kustomize
sample tree's results were checked against ``kubectl kustomize`` (kustomize
v5.5.0), and so were the behaviours in the ``KUSTOMIZE`` table, except for
image volumes, which kustomize transforms only since kubernetes-sigs/kustomize#5921.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from tagsense.cli import main as cli_main
from tagsense.sources import Occurrence, Scan
from tagsense.sources._yaml import load_yaml
from tagsense.sources.discover import is_kustomization_file
from tagsense.sources.kubernetes import MAX_MERGE_EXPANSION, is_kubernetes, scan_kubernetes
from tagsense.sources.kustomize import _split, scan_kustomization

DATA = Path(__file__).parent / "data" / "kubernetes"

Found = tuple[int, int, str, "str | None", dict[str, object]]


def found(scan: Scan) -> list[Found]:
    return [(o.line, o.column, o.raw, o.normalized, dict(o.context)) for o in scan]


def errors(scan: Scan) -> list[tuple[int | None, str]]:
    return [(e.line, e.message) for e in scan.errors]


def hub(name: str) -> str:
    return f"docker.io/library/{name}"


def ctx(kind: str, name: str | None = None, **fields: object) -> dict[str, object]:
    context: dict[str, object] = {"kind": kind}
    if name is not None:
        context["name"] = name
    context.update(fields)
    return context


def c(field: str, container: str | None = None, **more: object) -> dict[str, object]:
    """The container part of a context."""
    found: dict[str, object] = {"field": field}
    if container is not None:
        found["container"] = container
    found.update(more)
    return found


def assert_manifest_scan(scan: Scan, expected: list[Found]) -> None:
    assert found(scan) == expected
    for occurrence in scan:
        assert occurrence.kind == "kubernetes"
        assert occurrence.text == occurrence.raw


# --- the sample manifests ------------------------------------------------------------

BUSYBOX_DIGEST = "sha256:9ae97d36d26566ff84e8893c64a6dc4fe8ca6d1144bf5b87b2b85a32def253c7"
WHALESAY_DIGEST = "sha256:178598e51a26abbc958b8a2e48825c90bc22e641de3d31e18aaf55f3258ba93b"

WORKLOADS: list[Found] = [
    (12, 15, "busybox:1.36", hub("busybox:1.36"),
     ctx("Pod", "debug", namespace="tools", **c("initContainers", "fetch"))),
    (15, 14, "alpine:3.20", hub("alpine:3.20"),
     ctx("Pod", "debug", namespace="tools", **c("containers", "shell"))),
    (18, 15, "nicolaka/netshoot:v0.13", "docker.io/nicolaka/netshoot:v0.13",
     ctx("Pod", "debug", namespace="tools", **c("ephemeralContainers", "debugger"))),
    (22, 20, "quay.io/acme/tools:2.1", "quay.io/acme/tools:2.1",
     ctx("Pod", "debug", namespace="tools", field="volumes", volume="tools")),
    (39, 18, "nginx:1.27-alpine", hub("nginx:1.27-alpine"),
     ctx("Deployment", "web", **c("containers", "nginx"))),
    (43, 18, "nginx/nginx-prometheus-exporter:1.3.0",
     "docker.io/nginx/nginx-prometheus-exporter:1.3.0",
     ctx("Deployment", "web", **c("containers", "exporter"))),
    (52, 30, "gcr.io/google_samples/gb-frontend:v5", "gcr.io/google_samples/gb-frontend:v5",
     ctx("ReplicaSet", "frontend", **c("containers", "php"))),
    (65, 18, f"busybox@{BUSYBOX_DIGEST}", hub(f"busybox@{BUSYBOX_DIGEST}"),
     ctx("StatefulSet", "db", namespace="data", **c("initContainers", "permissions"))),
    (68, 18, "postgres:16.4-bookworm", hub("postgres:16.4-bookworm"),
     ctx("StatefulSet", "db", namespace="data", **c("containers", "postgres"))),
    (79, 18, "fluent/fluentd-kubernetes-daemonset:v1.17-debian-elasticsearch8-1",
     "docker.io/fluent/fluentd-kubernetes-daemonset:v1.17-debian-elasticsearch8-1",
     ctx("DaemonSet", "logs", **c("containers", "fluentd"))),
    (90, 18, "perl:5.34.0", hub("perl:5.34.0"), ctx("Job", "pi", **c("containers", "pi"))),
    (105, 22, "busybox:1.28", hub("busybox:1.28"),
     ctx("CronJob", "hello", **c("containers", "hello"))),
    (109, 28, "registry.example.com/models/llm:2024-10", "registry.example.com/models/llm:2024-10",
     ctx("CronJob", "hello", field="volumes", volume="models")),
    (121, 18, "registry.example.com:5000/team/app:v2", "registry.example.com:5000/team/app:v2",
     ctx("ReplicationController", "legacy", **c("containers", "app"))),
    (131, 16, "ghcr.io/acme/worker:0.9.1", "ghcr.io/acme/worker:0.9.1",
     ctx("PodTemplate", "worker", **c("containers", "worker"))),
]  # fmt: skip

CUSTOM_RESOURCES: list[Found] = [
    (17, 18, "argoproj/rollouts-demo:blue", "docker.io/argoproj/rollouts-demo:blue",
     ctx("Rollout", "canary", **c("containers", "app"))),
    (38, 18, "gcr.io/knative-samples/helloworld-go", "gcr.io/knative-samples/helloworld-go:latest",
     ctx("Service", "hello", namespace="serving", field="containers")),
    (48, 12, "alpine:3.20", hub("alpine:3.20"), ctx("Task", "build", field="stepTemplate")),
    (51, 14, "golang:1.23", hub("golang:1.23"), ctx("Task", "build", **c("steps", "compile"))),
    (57, 14, "docker:27-dind", hub("docker:27-dind"),
     ctx("Task", "build", **c("sidecars", "docker"))),
    (67, 16, "ubuntu:24.04", hub("ubuntu:24.04"),
     ctx("TaskRun", "build-run", **c("steps", "echo"))),
    (82, 20, "python:3.12-slim", hub("python:3.12-slim"),
     ctx("Pipeline", "release", task="test", **c("steps", "unit"))),
    (88, 20, "curlimages/curl:8.10.1", "docker.io/curlimages/curl:8.10.1",
     ctx("Pipeline", "release", task="notify", **c("steps", "send"))),
    (101, 22, "ghcr.io/astral-sh/ruff:0.6.9", "ghcr.io/astral-sh/ruff:0.6.9",
     ctx("PipelineRun", generate_name="release-run-", task="lint", **c("steps", "ruff"))),
    (112, 16, "busybox:1.37", hub("busybox:1.37"),
     ctx("Workflow", generate_name="hello-world-", template="main", field="container")),
    (116, 18, "alpine/git:2.45.2", "docker.io/alpine/git:2.45.2",
     ctx("Workflow", generate_name="hello-world-", template="main",
         **c("initContainers", "prepare"))),
    (119, 18, "nginx:1.27", hub("nginx:1.27"),
     ctx("Workflow", generate_name="hello-world-", template="main", **c("sidecars", "nginx"))),
    (122, 16, "python:alpine3.20", hub("python:alpine3.20"),
     ctx("Workflow", generate_name="hello-world-", template="gen", field="script")),
    (129, 20, "argoproj/argosay:v2", "docker.io/argoproj/argosay:v2",
     ctx("Workflow", generate_name="hello-world-", template="set", **c("containerSet", "a"))),
    (131, 20, "argoproj/argosay:v2", "docker.io/argoproj/argosay:v2",
     ctx("Workflow", generate_name="hello-world-", template="set", **c("containerSet", "b"))),
    (141, 16, "docker/whalesay:latest", "docker.io/docker/whalesay:latest",
     ctx("WorkflowTemplate", "shared", template="say", field="container")),
    (151, 16, f"docker/whalesay@{WHALESAY_DIGEST}", f"docker.io/docker/whalesay@{WHALESAY_DIGEST}",
     ctx("ClusterWorkflowTemplate", "cluster-shared", template="say", field="container")),
    (164, 18, "ghcr.io/acme/nightly:2024.10.1", "ghcr.io/acme/nightly:2024.10.1",
     ctx("CronWorkflow", "nightly", template="run", field="container")),
]  # fmt: skip

LISTS: list[Found] = [
    (16, 18, "ghcr.io/acme/api:1.4.2", "ghcr.io/acme/api:1.4.2",
     ctx("Pod", "api-0", namespace="prod", **c("containers", "api"))),
    (26, 22, "ghcr.io/acme/worker:1.4.2", "ghcr.io/acme/worker:1.4.2",
     ctx("Deployment", "worker", **c("containers", "worker"))),
    (39, 26, "ghcr.io/acme/migrate:1.4.2", "ghcr.io/acme/migrate:1.4.2",
     ctx("Job", "migrate", **c("containers", "migrate"))),
    # An item of a DeploymentList without apiVersion and kind is a Deployment.
    (55, 22, "redis:7.4", hub("redis:7.4"), ctx("Deployment", "cache", **c("containers", "redis"))),
]  # fmt: skip


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        pytest.param("workloads.yaml", WORKLOADS, id="workloads"),
        pytest.param("custom-resources.yaml", CUSTOM_RESOURCES, id="custom-resources"),
        pytest.param("lists.yaml", LISTS, id="lists"),
    ],
)
def test_sample_manifests(sample: str, expected: list[Found]) -> None:
    path = DATA / sample
    scan = scan_kubernetes(path.read_bytes(), path=str(path))
    assert_manifest_scan(scan, expected)
    assert errors(scan) == []
    assert {o.path for o in scan} == {str(path)}
    assert is_kubernetes(path.read_text())


# --- manifests, one case a row ---------------------------------------------------------


def row(
    id: str,
    text: str,
    occurrences: list[tuple[int, int, str]],
    errs: list[tuple[int | None, str]] | None = None,
    contexts: list[dict[str, object]] | None = None,
) -> Any:
    return pytest.param(text, occurrences, errs or [], contexts, id=id)


DEPLOY = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n"
POD = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"

MANIFESTS = [
    # --- where the text starts ------------------------------------------------------
    row("plain", POD + "  containers:\n  - name: a\n    image: redis:7\n", [(7, 12, "redis:7")]),
    row(
        "double quoted",
        POD + '  containers:\n  - name: a\n    image: "redis:7"\n',
        [(7, 13, "redis:7")],
    ),
    row(
        "single quoted",
        POD + "  containers:\n  - name: a\n    image: 'redis:7'\n",
        [(7, 13, "redis:7")],
    ),
    row(
        "anchored and tagged: the text, not the anchor",
        POD + "  containers:\n  - name: a\n    image: &img !!str redis:7\n",
        [(7, 23, "redis:7")],
    ),
    row(
        "flow mapping",
        POD + "  containers: [{name: a, image: redis:7}]\n",
        [(5, 33, "redis:7")],
    ),
    row(
        "block scalar: at its indicator",
        POD + "  containers:\n  - name: a\n    image: >-\n      redis:7\n",
        [(7, 12, "redis:7")],
    ),
    row(
        "CRLF line ends and a BOM",
        "\ufeff" + (POD + "  containers:\n  - name: a\n    image: redis:7\n").replace("\n", "\r\n"),
        [(7, 12, "redis:7")],
    ),
    # --- which objects ------------------------------------------------------------------
    row(
        "legacy extensions/v1beta1 Deployment",
        DEPLOY.replace("apps/v1", "extensions/v1beta1")
        + "    spec:\n      containers:\n      - {name: a, image: redis:6}\n",
        [(8, 26, "redis:6")],
    ),
    row(
        "a custom resource's pod template is read, whatever its kind is called",
        DEPLOY.replace("apps/v1", "example.com/v1")
        + "    spec:\n      containers:\n      - {name: a, image: redis:6}\n",
        [(8, 26, "redis:6")],
    ),
    row(
        "custom resources: pod templates wherever the schema puts them (CloneSet, RayCluster)",
        "apiVersion: apps.kruise.io/v1alpha1\nkind: CloneSet\nmetadata: {name: web}\nspec:\n"
        "  template:\n    metadata: {labels: {app: web}}\n    spec:\n"
        "      containers: [{name: web, image: 'nginx:1.27.3'}]\n---\n"
        "apiVersion: ray.io/v1\nkind: RayCluster\nmetadata: {name: r}\nspec:\n"
        "  headGroupSpec:\n    template:\n      spec:\n"
        "        containers: [{name: head, image: 'rayproject/ray:2.9.0'}]\n"
        "  workerGroupSpecs:\n  - groupName: w\n    template:\n      spec:\n"
        "        initContainers: [{name: i, image: 'busybox:1.37.0'}]\n"
        "        containers: [{name: w, image: 'rayproject/ray:2.9.0-gpu'}]\n",
        [
            (8, 40, "nginx:1.27.3"),
            (17, 43, "rayproject/ray:2.9.0"),
            (22, 44, "busybox:1.37.0"),
            (23, 40, "rayproject/ray:2.9.0-gpu"),
        ],
        contexts=[
            ctx("CloneSet", "web", **c("containers", "web")),
            ctx("RayCluster", "r", **c("containers", "head")),
            ctx("RayCluster", "r", **c("initContainers", "i")),
            ctx("RayCluster", "r", **c("containers", "w")),
        ],
    ),
    row(
        "a custom resource's template without a list of containers is no pod template",
        "apiVersion: example.com/v1\nkind: Thing\nmetadata: {name: x}\nspec:\n"
        "  template: {spec: {name: x, containers: 'no'}}\n  image: not-read\n"
        "  metadata: {template: {spec: {containers: [{image: 'not-read:2'}]}}}\n",
        [],
    ),
    row(
        "a custom resource's own image fields with a tag or digest: the operator pulls them",
        # (CloudNativePG's Cluster.spec.imageName; mariadb-operator's MariaDB spec.image,
        # sidecarContainers[].image, metrics.exporter.image; Cluster API's customImage)
        "apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata: {name: pg}\nspec:\n"
        "  imageName: ghcr.io/cloudnative-pg/postgresql:16.4\n---\n"
        "apiVersion: k8s.mariadb.com/v1alpha1\nkind: MariaDB\nmetadata: {name: m}\nspec:\n"
        "  image: mariadb:11.4.4\n  sidecarContainers:\n  - {name: s, image: busybox:1.36}\n"
        "  metrics:\n    exporter:\n      image: 'prom/mysqld-exporter:v0.15.1'\n---\n"
        "apiVersion: infrastructure.cluster.x-k8s.io/v1beta1\nkind: DockerMachineTemplate\n"
        "metadata: {name: d}\nspec:\n  template:\n    spec:\n"
        "      customImage: kindest/node:v1.31.0\n",
        [
            (5, 14, "ghcr.io/cloudnative-pg/postgresql:16.4"),
            (11, 10, "mariadb:11.4.4"),
            (13, 22, "busybox:1.36"),
            (16, 15, "prom/mysqld-exporter:v0.15.1"),
            (24, 20, "kindest/node:v1.31.0"),
        ],
        contexts=[
            ctx("Cluster", "pg", field="spec.imageName", software="postgres"),
            ctx("MariaDB", "m", field="spec.image"),
            ctx("MariaDB", "m", field="spec.sidecarContainers[0].image"),
            ctx("MariaDB", "m", field="spec.metrics.exporter.image"),
            ctx("DockerMachineTemplate", "d", field="spec.template.spec.customImage"),
        ],
    ),
    row(
        "a custom resource's lists of containers: a Container's image is whole without a tag",
        # (zalando/postgres-operator manifests/complete-postgres-manifest.yaml: the postgresql
        # resource's `initContainers: [{name: date, image: busybox}]`, put in its pods)
        "apiVersion: acid.zalan.do/v1\nkind: postgresql\nmetadata: {name: pg}\nspec:\n"
        "  initContainers:\n  - {name: date, image: busybox}\n"
        "  sidecars:\n  - {name: exporter, image: 'quay.io/acme/exporter'}\n"
        "  containers:\n  - {image: no-name}\n"
        "  ephemeralContainers:\n  - {name: a, image: parts, tag: '1.0'}\n"
        "  extraContainers:\n  - {name: other, image: not-a-core-list}\n"
        "  disks:\n  - {name: root, image: ubuntu-2204}\n",
        [(6, 25, "busybox"), (8, 30, "quay.io/acme/exporter")],
        contexts=[
            ctx("postgresql", "pg", field="spec.initContainers[0].image"),
            ctx("postgresql", "pg", field="spec.sidecars[0].image"),
        ],
    ),
    row(
        "a custom resource's containers without a name, and its service containers",
        # (flux-framework/flux-operator examples: a MiniCluster's `containers: [{image: python,
        # workingDir: /data}]`, which the operator names itself, and `services: [{image: nginx,
        # name: nginx}]`, the service containers it runs beside them)
        "apiVersion: flux-framework.org/v1alpha2\nkind: MiniCluster\nmetadata: {name: f}\n"
        "spec:\n  containers:\n  - {image: python, workingDir: /data}\n"
        "  - {image: nginx, name: nginx, ports: [80]}\n"
        "  services:\n  - {image: mongo, name: mongo}\n"
        "  initContainers:\n  - {image: no-container-keys, size: 2}\n",
        [(6, 13, "python"), (7, 13, "nginx"), (9, 13, "mongo")],
        contexts=[
            ctx("MiniCluster", "f", field="spec.containers[0].image"),
            ctx("MiniCluster", "f", field="spec.containers[1].image"),
            ctx("MiniCluster", "f", field="spec.services[0].image"),
        ],
    ),
    row(
        "a custom resource's image as a mapping: repository with tag or version",
        # (emqx/emqx-operator config/samples/emqx/v1beta4: `image: {repository, version}`;
        # mariadb-operator examples: `image: {repository, tag}`)
        "apiVersion: apps.emqx.io/v1beta4\nkind: EmqxEnterprise\nmetadata: {name: emqx-ee}\n"
        "spec:\n  template:\n    spec:\n      emqxContainer:\n        image:\n"
        "          repository: emqx/emqx-ee\n          version: 4.4.15\n---\n"
        "apiVersion: k8s.mariadb.com/v1alpha1\nkind: MariaDB\nmetadata: {name: m}\nspec:\n"
        "  image: {registry: docker-registry1.mariadb.com, repository: library/mariadb, "
        "tag: '11.4.4'}\n  other: {repository: acme/app}\n",
        [
            (10, 20, "emqx/emqx-ee:4.4.15"),
            (16, 86, "docker-registry1.mariadb.com/library/mariadb:11.4.4"),
        ],
        contexts=[
            ctx("EmqxEnterprise", "emqx-ee", field="spec.template.spec.emqxContainer.image"),
            ctx("MariaDB", "m", field="spec.image"),
        ],
    ),
    row(
        "a custom resource's image in three keys: repository, image and version",
        # (NVIDIA/gpu-operator config/samples/nvidia_v1alpha1_nvidiadriver.yaml and its
        # ClusterPolicy's components: internal/image.ImagePath joins repository/image:version,
        # or repository/image@version for a digest)
        "apiVersion: nvidia.com/v1alpha1\nkind: NVIDIADriver\nmetadata: {name: d}\nspec:\n"
        "  repository: nvcr.io/nvidia\n  image: driver\n  version: '595.91.07'\n---\n"
        "apiVersion: nvidia.com/v1\nkind: ClusterPolicy\nmetadata: {name: p}\nspec:\n"
        "  toolkit:\n    repository: nvcr.io/nvidia/k8s\n    image: container-toolkit\n"
        "    version: 'sha256:" + "a" * 64 + "'\n"
        "  other:\n    repository: acme\n    image: disk\n    version: '1'\n",
        [
            (7, 13, "nvcr.io/nvidia/driver:595.91.07"),
            (16, 15, "nvcr.io/nvidia/k8s/container-toolkit@sha256:" + "a" * 64),
        ],
        contexts=[
            ctx("NVIDIADriver", "d", field="spec.image"),
            ctx("ClusterPolicy", "p", field="spec.toolkit.image"),
        ],
    ),
    row(
        "an operator's configuration: a ConfigMap's image keys, an OperatorConfiguration",
        # (zalando/postgres-operator manifests/configmap.yaml and
        # postgresql-operator-default-configuration.yaml: `configuration` beside `spec`)
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: postgres-operator}\ndata:\n"
        "  docker_image: ghcr.io/zalando/spilo-18:4.1-p2\n  enable_ebs_gp3_migration: 'false'\n"
        "  connection_pooler_image: 'registry.opensource.zalan.do/acid/pgbouncer'\n---\n"
        "apiVersion: acid.zalan.do/v1\nkind: OperatorConfiguration\n"
        "metadata: {name: postgresql-operator-default-configuration}\nconfiguration:\n"
        "  logical_backup:\n"
        "    logical_backup_docker_image:\n"
        "      ghcr.io/zalando/postgres-operator/logical-backup:v2.0.1\n",
        [
            (5, 17, "ghcr.io/zalando/spilo-18:4.1-p2"),
            (15, 7, "ghcr.io/zalando/postgres-operator/logical-backup:v2.0.1"),
        ],
        contexts=[
            ctx("ConfigMap", "postgres-operator", field="data.docker_image"),
            ctx(
                "OperatorConfiguration",
                "postgresql-operator-default-configuration",
                field="configuration.logical_backup.logical_backup_docker_image",
            ),
        ],
    ),
    row(
        "a custom resource's image field without a tag, with a variable, or that a build "
        "pushes, or in a policy, is not read",
        # (image: ubuntu-2204 may be a VM's disk image; Strimzi's build.output.image is pushed;
        # a Kyverno pattern and Flux's ImageRepository name images others run)
        "apiVersion: example.com/v1\nkind: Machine\nmetadata: {name: vm}\nspec:\n"
        "  image: ubuntu-2204\n  osImage: 'kindest/node:${K8S_VERSION}'\n  image2: x:1\n"
        "  isImage: true\n---\n"
        "apiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaConnect\nmetadata: {name: c}\n"
        "spec:\n  build:\n    output: {type: docker, image: 'ttl.sh/connect:24h'}\n---\n"
        "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: k}\nspec:\n"
        "  rules: [{name: r, validate: {pattern: {spec: {image: 'nginx:1.27.3'}}}}]\n---\n"
        "apiVersion: image.toolkit.fluxcd.io/v1beta2\nkind: ImageRepository\n"
        "metadata: {name: f}\nspec: {image: 'ghcr.io/acme/app:1.0.0'}\n",
        [],
    ),
    row(
        "a Kyverno rule's pattern of a pod template is no pull; what its generate rule makes is",
        # (kyverno/kyverno@111e07bb's test/policy/validate/check_registries.yaml validates
        # containers against `image: '*/nirmata/* | https://private.registry.io/*'`: a false
        # TS012 in survey 19a)
        "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: check-registries}\n"
        "spec:\n  rules:\n  - name: check-registries\n    validate:\n      pattern:\n"
        "        spec:\n          template:\n            spec:\n              containers:\n"
        "              - {name: '*', image: '*/nirmata/* | https://private.registry.io/*'}\n"
        "  - name: deny\n    match: {any: [{resources: {kinds: [Pod]}}]}\n"
        "    preconditions: {all: [{key: x, operator: Equals, value: y}]}\n"
        "    validate: {anyPattern: [{spec: {template: {spec: {containers: [{image: nginx}]}}}}]}\n"
        "  - name: make\n    generate:\n      kind: Deployment\n      data:\n        spec:\n"
        "          template:\n            spec:\n              containers:\n"
        "              - {name: web, image: 'redis:7.2.4'}\n",
        [(26, 37, "redis:7.2.4")],
    ),
    row(
        "an Argo CD Image Updater's image is a constraint the newest tag must meet, no pull",
        # (argoproj-labs/argocd-image-updater@de2cfec6's config/samples: `imageName:
        # "myregistry/myapp:1.x"`, 2 false TS004; the updater writes the tag it picks into
        # the application, which is read where it is written)
        "apiVersion: argocd-image-updater.argoproj.io/v1alpha1\nkind: ImageUpdater\n"
        "metadata: {name: u, namespace: argocd}\nspec:\n  applicationRefs:\n"
        "  - namePattern: my-app\n    images:\n    - alias: myapp\n"
        "      imageName: 'myregistry/myapp:1.x'\n"
        "      commonUpdateSettings: {updateStrategy: semver}\n",
        [],
    ),
    row(
        "a custom resource's part that is switched off runs no image",
        # (OT-CONTAINER-KIT/redis-operator examples: `redisExporter: {enabled: false, image:
        # …redis-exporter:latest}`: the operator adds the exporter only when it is enabled)
        "apiVersion: redis.redis.opstreelabs.in/v1beta2\nkind: Redis\n"
        "metadata: {name: redis-standalone}\nspec:\n"
        "  kubernetesConfig:\n    image: quay.io/opstree/redis:v7.0.15\n"
        "  redisExporter:\n    enabled: false\n"
        "    image: quay.io/opstree/redis-exporter:latest\n"
        "  sidecar: {enabled: true, image: 'busybox:1.37.0'}\n",
        [(6, 12, "quay.io/opstree/redis:v7.0.15"), (10, 36, "busybox:1.37.0")],
    ),
    row(
        "a core Service has no images; a Knative one has",
        "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  template:\n    spec:\n"
        "      containers: [{image: redis:6}]\n",
        [],
    ),
    row(
        "Knative Configuration and Revision",
        "apiVersion: serving.knative.dev/v1\nkind: Configuration\nmetadata: {name: c}\nspec:\n"
        "  template:\n    spec:\n      containers: [{image: 'ko://example.com/cmd'}]\n---\n"
        "apiVersion: serving.knative.dev/v1\nkind: Revision\nmetadata: {name: r}\nspec:\n"
        "  containers: [{image: ghcr.io/acme/hello:1}]\n",
        [(7, 29, "ko://example.com/cmd"), (13, 24, "ghcr.io/acme/hello:1")],
        contexts=[
            ctx("Configuration", "c", field="containers"),
            ctx("Revision", "r", field="containers"),
        ],
    ),
    row(
        "Tekton ClusterTask; an embedded custom task is no TaskSpec",
        "apiVersion: tekton.dev/v1beta1\nkind: ClusterTask\nmetadata: {name: t}\nspec:\n"
        "  steps: [{name: s, image: alpine:3}]\n---\n"
        "apiVersion: tekton.dev/v1\nkind: Pipeline\nmetadata: {name: p}\nspec:\n  tasks:\n"
        "  - name: wait\n    taskSpec:\n      apiVersion: example.dev/v1\n      kind: Wait\n"
        "      spec: {steps: [{image: not-a-step:1}]}\n",
        [(5, 28, "alpine:3")],
        contexts=[ctx("ClusterTask", "t", **c("steps", "s"))],
    ),
    row(
        "Argo workflow and template volumes",
        "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: w}\nspec:\n"
        "  volumes: [{name: data, image: {reference: ghcr.io/acme/data:1}}]\n"
        "  templates:\n  - name: t\n"
        "    volumes: [{name: m, image: {reference: ghcr.io/acme/m:2}}]\n",
        [(5, 45, "ghcr.io/acme/data:1"), (8, 44, "ghcr.io/acme/m:2")],
        contexts=[
            ctx("Workflow", "w", field="volumes", volume="data"),
            ctx("Workflow", "w", template="t", field="volumes", volume="m"),
        ],
    ),
    row(
        "Tekton task volumes",
        "apiVersion: tekton.dev/v1\nkind: Task\nmetadata: {name: t}\nspec:\n"
        "  volumes: [{name: v, image: {reference: ghcr.io/acme/v:1}}]\n",
        [(5, 42, "ghcr.io/acme/v:1")],
    ),
    row(
        "not Kubernetes: no apiVersion and kind (a compose file)",
        "services:\n  web:\n    image: nginx:1\n",
        [],
    ),
    row("a document that is a list or a scalar", "- a\n- b\n---\njust text\n", []),
    row(
        "an unknown kind is no pod: its containers are its own image fields",
        "apiVersion: example.com/v1\nkind: Thing\nmetadata: {name: x}\nspec:\n"
        "  containers: [{image: redis:1}, {image: redis}]\n",
        [(5, 24, "redis:1")],
        contexts=[ctx("Thing", "x", field="spec.containers[0].image")],
    ),
    # --- absent and empty images ----------------------------------------------------
    row(
        "absent, null and empty images are left to config management",
        POD + "  containers:\n  - name: a\n  - name: b\n    image:\n  - name: c\n    image: ''\n"
        "  - name: d\n    image: ~\n",
        [],
    ),
    row(
        "a volume that is not an image volume",
        POD + "  volumes:\n  - name: v\n    emptyDir: {}\n  - name: w\n    image: {}\n",
        [],
    ),
    row(
        "an invalid reference is an occurrence without a reference",
        POD + "  containers:\n  - name: a\n    image: Redis:7\n",
        [(7, 12, "Redis:7")],
    ),
    # --- wrong types ---------------------------------------------------------------------
    row(
        "an image YAML reads as a number",
        POD + "  containers:\n  - name: a\n    image: 1.10\n",
        [],
        [
            (
                7,
                "Pod 'p': spec.containers[0].image '1.10' is a number, not a string "
                "(the API server rejects it; quote it)",
            )
        ],
    ),
    row(
        "an image YAML reads as a boolean",
        POD + "  containers:\n  - name: a\n    image: on\n",
        [],
        [
            (
                7,
                "Pod 'p': spec.containers[0].image 'on' is a boolean, not a string "
                "(the API server rejects it; quote it)",
            )
        ],
    ),
    row(
        "an image that is a mapping",
        POD + "  containers:\n  - name: a\n    image: {name: redis}\n",
        [],
        [(7, "Pod 'p': spec.containers[0].image must be a string")],
    ),
    row(
        "containers that are not a list",
        POD + "  containers:\n    name: a\n    image: redis:7\n",
        [],
        [(6, "Pod 'p': spec.containers must be a list")],
    ),
    row(
        "a container that is not a mapping (the first bad item only)",
        POD + "  containers:\n  - redis:7\n  - redis:8\n  - {name: b, image: redis:9}\n",
        [(8, 22, "redis:9")],
        [(6, "Pod 'p': spec.containers[0] must be a mapping")],
    ),
    row(
        "a template that is not a mapping",
        DEPLOY + "    spec: [containers]\n",
        [],
        [(6, "Deployment 'd': spec.template.spec must be a mapping")],
    ),
    row(
        "an image volume source that is not a mapping",
        POD + "  volumes:\n  - name: v\n    image: redis:7\n",
        [],
        [(7, "Pod 'p': spec.volumes[0].image must be a mapping")],
    ),
    row(
        "a kind that is not a string",
        "apiVersion: v1\nkind: [Pod]\nspec:\n  containers: [{image: redis:1}]\n",
        [],
        [(2, "kind must be a string")],
    ),
    # --- lists ----------------------------------------------------------------------------
    row(
        "List items that are not a list",
        "apiVersion: v1\nkind: List\nitems: {a: b}\n",
        [],
        [(3, "List: items must be a list")],
    ),
    row(
        "a List item that is not an object",
        "apiVersion: v1\nkind: List\nitems:\n- just text\n- "
        + POD.replace("\n", "\n  ")
        + "  containers: [{name: a, image: redis:7}]\n",
        [(9, 35, "redis:7")],
        [(4, "List: items[0] must be an object (a mapping)")],
    ),
    row(
        "a PodList of typed items without kind",
        "apiVersion: v1\nkind: PodList\nitems:\n- metadata: {name: a}\n"
        "  spec: {containers: [{name: c, image: redis:7}]}\n",
        [(5, 40, "redis:7")],
        contexts=[ctx("Pod", "a", **c("containers", "c"))],
    ),
    row(
        "an empty List",
        "apiVersion: v1\nkind: List\nitems: []\n---\napiVersion: v1\nkind: List\n",
        [],
    ),
    # --- YAML ---------------------------------------------------------------------------
    row(
        "an alias: the container is visited once",
        "apiVersion: v1\nkind: List\nitems:\n"
        "- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n  spec:\n"
        "    containers: &cs [{name: c, image: redis:7}]\n"
        "- apiVersion: v1\n  kind: Pod\n  metadata: {name: b}\n  spec:\n    containers: *cs\n",
        [(8, 39, "redis:7")],
    ),
    row(
        "merge keys: each container that merges the image has it",
        POD + "  containers:\n  - &base {name: a, image: redis:7}\n  - <<: *base\n    name: b\n",
        [(6, 28, "redis:7"), (6, 28, "redis:7")],
        contexts=[ctx("Pod", "p", **c("containers", "a")), ctx("Pod", "p", **c("containers", "b"))],
    ),
    row(
        "a duplicate key: the last wins, and it is reported",
        POD + "  containers:\n  - name: a\n    image: redis:6\n    image: redis:7\n",
        [(8, 12, "redis:7")],
        [(8, "duplicate key 'image' (first on line 7); the last one wins")],
    ),
    row(
        "invalid YAML",
        POD + "  containers: [\n",
        [],
        [(6, "invalid YAML: did not find expected node content")],
    ),
    row(
        "a bad document: the objects before it are read, as kubectl applies them",
        POD
        + "  containers: [{name: a, image: redis:7, env: &env []}]\n---\n"
        + POD
        + "  containers: [{name: b, image: nginx:1, env: *env}]\n",
        [(5, 33, "redis:7")],
        [(11, "invalid YAML: found undefined alias")],
    ),
]


@pytest.mark.parametrize(("text", "expected", "errs", "contexts"), MANIFESTS)
def test_manifests(
    text: str,
    expected: list[tuple[int, int, str]],
    errs: list[tuple[int | None, str]],
    contexts: list[dict[str, object]] | None,
) -> None:
    scan = scan_kubernetes(text)
    assert [(o.line, o.column, o.raw) for o in scan] == expected
    assert errors(scan) == errs
    for occurrence in scan:
        assert occurrence.text == occurrence.raw
        assert occurrence.path is None
    if contexts is not None:
        assert [dict(o.context) for o in scan] == contexts


def test_invalid_reference_has_no_reference() -> None:
    (occurrence,) = scan_kubernetes(POD + "  containers:\n  - name: a\n    image: Redis:7\n")
    assert occurrence.reference is None
    assert occurrence.normalized is None


def test_bytes_and_text_agree() -> None:
    text = (DATA / "workloads.yaml").read_text()
    assert found(scan_kubernetes(text)) == found(scan_kubernetes(text.encode()))


# --- hostile input: one clear error, quickly ---------------------------------------------


def merge_bomb(levels: int, fan: int = 9) -> str:
    anchors = "".join(
        f"    a{level}: &a{level} {{<<: [{', '.join([f'*a{level - 1}'] * fan)}]}}\n"
        for level in range(1, levels + 1)
    )
    return (
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n"
        "    a0: &a0 {image: redis:7}\n" + anchors + f"spec:\n  containers:\n  - <<: *a{levels}\n"
    )


def alias_bomb(levels: int, fan: int = 10) -> str:
    lines = ["apiVersion: v1", "kind: List", "items:"]
    lines.append("- &l0 {apiVersion: v1, kind: Pod, spec: {containers: [{image: redis:7}]}}")
    for level in range(1, levels + 1):
        refs = ", ".join([f"*l{level - 1}"] * fan)
        lines.append(f"- &l{level} {{apiVersion: v1, kind: List, items: [{refs}]}}")
    return "\n".join(lines) + "\n"


def test_merge_bomb_is_refused_quickly() -> None:
    start = time.perf_counter()
    scan = scan_kubernetes(merge_bomb(9))  # 9**9 mappings if expanded
    assert time.perf_counter() - start < 2
    assert list(scan) == []
    # The container that merges is not read; the anchors, never read, cost nothing.
    assert errors(scan) == [
        (
            18,
            f"merge keys (<<) expand to more than {MAX_MERGE_EXPANSION:,} mappings here "
            "(an alias bomb?); its keys are not read",
        )
    ]


def test_small_merges_are_fine() -> None:
    scan = scan_kubernetes(merge_bomb(2, fan=3))
    assert [(o.line, o.column, o.raw) for o in scan] == [(6, 21, "redis:7")]
    assert errors(scan) == []


def test_recursive_merge_is_refused() -> None:
    text = "apiVersion: v1\nkind: Pod\nmetadata: &m {<<: *m, name: p}\n"
    scan = scan_kubernetes(text)
    assert list(scan) == []
    assert [line for line, _ in errors(scan)] == [3]


def test_alias_bomb_costs_nothing() -> None:
    start = time.perf_counter()
    scan = scan_kubernetes(alias_bomb(8))  # 10**8 pods if expanded
    assert time.perf_counter() - start < 2
    assert [(o.line, o.column, o.raw) for o in scan] == [(4, 63, "redis:7")]
    assert errors(scan) == []


def test_deeply_nested_lists_are_refused() -> None:
    item = "{apiVersion: v1, kind: Pod, spec: {containers: [{image: redis:7}]}}"
    for _ in range(20):
        item = "{apiVersion: v1, kind: List, items: [" + item + "]}"
    scan = scan_kubernetes("apiVersion: v1\nkind: List\nitems: [" + item + "]\n")
    assert list(scan) == []
    assert errors(scan) == [(3, "List: lists nested more than 16 deep are skipped")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(
            b"#" * (50 * 1024 * 1024),
            "file is 52,428,800 bytes; YAML files over 10,485,760 are skipped",
            id="50 MB",
        ),
        pytest.param(b"apiVersion: v1\x00\x01\x02", "binary file (not YAML)", id="binary"),
        pytest.param(b"apiVersion: v1\nkind: \xff\n", "not UTF-8 text (byte 21)", id="not UTF-8"),
    ],
)
def test_hostile_files(data: bytes, message: str) -> None:
    start = time.perf_counter()
    scan = scan_kubernetes(data, path="x.yaml")
    assert time.perf_counter() - start < 2
    assert list(scan) == []
    assert errors(scan) == [(None, message)]
    assert scan.errors[0].path == "x.yaml"


def test_max_bytes_is_configurable() -> None:
    scan = scan_kubernetes(POD, max_bytes=10)
    assert errors(scan) == [(None, "file is 51 bytes; YAML files over 10 are skipped")]


# --- is_kubernetes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(POD, True, id="a Pod"),
        pytest.param("apiVersion: example.com/v1\nkind: Anything\n", True, id="any kind"),
        pytest.param("services:\n  web: {image: nginx}\n", False, id="compose"),
        pytest.param("apiVersion: v1\n", False, id="no kind"),
        pytest.param("kind: Pod\nspec: {apiVersion: v1}\n", False, id="apiVersion not top-level"),
        pytest.param("a: 1\n---\napiVersion: v1\nkind: List\n", True, id="second document"),
        pytest.param("- apiVersion: v1\n  kind: Pod\n", False, id="a list"),
        pytest.param("x: &m {apiVersion: v1, kind: Pod}\n<<: *m\n", True, id="through a merge key"),
        pytest.param("apiVersion: v1\nkind: [\n", False, id="invalid YAML"),
    ],
)
def test_is_kubernetes(text: str, expected: bool) -> None:
    assert is_kubernetes(text) is expected
    assert is_kubernetes(text.encode()) is expected
    file = load_yaml(text)
    assert is_kubernetes(file) is expected
    assert is_kubernetes(file.documents) is expected


# --- properties ---------------------------------------------------------------------------

IMAGE_TEXT = st.text(
    alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="\"'\\"),
    min_size=1,
    max_size=40,
)


@given(image=IMAGE_TEXT, style=st.sampled_from([None, "'", '"']))
def test_position_points_at_the_text(image: str, style: str | None) -> None:
    manifest = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "d"},
        "spec": {"template": {"spec": {"containers": [{"name": "c", "image": image}]}}},
    }
    text = yaml.safe_dump(manifest, default_style=style)
    scan = scan_kubernetes(text)
    if yaml.safe_load(text)["spec"]["template"]["spec"]["containers"][0]["image"] != image:
        return  # not a string to YAML (a number, a boolean): an error, checked elsewhere
    (occurrence,) = scan
    assert occurrence.raw == image
    line = text.splitlines()[occurrence.line - 1]
    assert line[occurrence.column - 1 :].startswith(image)


@given(st.text(alphabet="apiVersonkdtcer:{}[]-&*<>!|'\" \n\t#.,?1", max_size=200))
def test_never_raises(text: str) -> None:
    scan = scan_kubernetes("apiVersion: v1\nkind: Pod\n" + text)
    assert isinstance(scan, Scan)
    assert all(isinstance(o, Occurrence) for o in scan)


# --- Kustomize ------------------------------------------------------------------------------

SHOP_DIGEST = "sha256:6f1c2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7"


def test_sample_kustomization() -> None:
    root = DATA / "kustomize"
    base, component = root / "base", root / "components" / "debug"
    overlay = str(root / "overlays" / "prod" / "kustomization.yaml")
    base_k, component_k = str(base / "kustomization.yaml"), str(component / "kustomization.yaml")
    scan = scan_kustomization(root / "overlays" / "prod")
    assert errors(scan) == []  # the remote resource is skipped without a word
    assert [(o.path, o.line, o.column, o.raw, o.text) for o in scan] == [
        (str(base / "deployment.yaml"), 10, 18, "ghcr.io/acme/migrate:2.8.0",
         "ghcr.io/acme/migrate:2.9.0"),
        (str(base / "deployment.yaml"), 13, 18, "ghcr.io/acme/shop:2.8.0",
         f"ghcr.io/acme/shop@{SHOP_DIGEST}"),
        (str(base / "deployment.yaml"), 15, 18, "envoyproxy/envoy:v1.31.2",
         "mirror.example.com/envoyproxy/envoy:v1.31.2"),
        # `redis` does not match an image written docker.io/library/redis.
        (str(base / "deployment.yaml"), 17, 18, "docker.io/library/redis:7.4",
         "docker.io/library/redis:7.4"),
        (str(base / "cronjob.yaml"), 13, 22, "ghcr.io/acme/shop",
         f"ghcr.io/acme/shop@{SHOP_DIGEST}"),
        (str(component / "pod.yaml"), 8, 14, "nicolaka/netshoot:v0.12", "nicolaka/netshoot:v0.13"),
        # The images transformer leaves ephemeral containers alone.
        (str(component / "pod.yaml"), 11, 14, "busybox:1.36", "busybox:1.36"),
    ]  # fmt: skip
    contexts = [dict(o.context) for o in scan]
    assert contexts[1] == ctx(
        "Deployment",
        "shop",
        **c("containers", "shop"),
        kustomization=overlay,
        transformed_from="ghcr.io/acme/shop:2.8.0",
        transformed_by=(base_k, overlay),
        through=(base_k,),
    )
    assert contexts[2]["transformed_by"] == (component_k,)
    assert contexts[3] == ctx(
        "Deployment", "shop", **c("containers", "cache"), kustomization=overlay, through=(base_k,)
    )
    assert contexts[5]["through"] == (component_k,)
    assert {o.kind for o in scan} == {"kubernetes"}
    # The base alone.
    base_scan = scan_kustomization(base / "kustomization.yaml")
    assert [o.text for o in base_scan] == [
        "ghcr.io/acme/migrate:2.8.0",
        "ghcr.io/acme/shop:2.9.0",
        "envoyproxy/envoy:v1.31.2",
        "docker.io/library/redis:7.4",
        "ghcr.io/acme/shop:2.9.0",
    ]
    assert {o.context["kustomization"] for o in base_scan} == {base_k}
    # A directory scan reads the base and the component only through the overlay.
    from tagsense import find_references

    whole = find_references(str(root))
    assert {o.context.get("kustomization") for o in whole} == {overlay}
    assert sorted(o.text for o in whole) == sorted(o.text for o in scan)


RESOURCE = """\
apiVersion: apps/v1
kind: Deployment
metadata: {{name: app}}
spec:
  template:
    spec:
      containers:
      - name: app
        image: {image}
"""


def k_row(
    id: str,
    tree: dict[str, str],
    expected: list[tuple[str, str, str]],
    errs: list[tuple[str, int | None, str]] | None = None,
    scan: str = ".",
) -> Any:
    return pytest.param(tree, scan, expected, errs or [], id=id)


def images(*entries: str) -> str:
    return "images:\n" + "".join(f"- {entry}\n" for entry in entries)


KUSTOMIZE = [
    k_row(
        "newTag",
        {"kustomization.yaml": "resources: [app.yaml]\n" + images("{name: nginx, newTag: '1.27'}"),
         "app.yaml": RESOURCE.format(image="nginx:1.25")},
        [("app.yaml", "nginx:1.25", "nginx:1.27")],
    ),
    k_row(
        "newName keeps the tag; a tag and a digest",
        {"kustomization.yaml": "resources: [app.yaml]\n"
         + images("{name: nginx, newName: mirror.io/nginx}"),
         "app.yaml": RESOURCE.format(image="nginx:1.2@sha256:" + "a" * 64)},
        [("app.yaml", "nginx:1.2@sha256:" + "a" * 64, "mirror.io/nginx:1.2@sha256:" + "a" * 64)],
    ),
    k_row(
        "digest replaces the tag",
        {"kustomization.yaml": "resources: [app.yaml]\n"
         + images("{name: nginx, digest: 'sha256:" + "b" * 64 + "'}"),
         "app.yaml": RESOURCE.format(image="nginx:1.25")},
        [("app.yaml", "nginx:1.25", "nginx@sha256:" + "b" * 64)],
    ),
    k_row(
        "newTag with digest sets both",
        {"kustomization.yaml": "resources: [app.yaml]\n"
         + images("{name: nginx, newTag: '2', digest: 'sha256:" + "b" * 64 + "'}"),
         "app.yaml": RESOURCE.format(image="nginx@sha256:" + "a" * 64)},
        [("app.yaml", "nginx@sha256:" + "a" * 64, "nginx:2@sha256:" + "b" * 64)],
    ),
    k_row(
        "tagSuffix is appended twice where both filters reach (as kustomize does)",
        {"kustomization.yaml": "resources: [app.yaml, job.yaml]\n"
         + images("{name: nginx, tagSuffix: -x}"),
         "app.yaml": RESOURCE.format(image="nginx:1.25"),
         "job.yaml": "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: j}\nspec:\n"
         "  jobTemplate: {spec: {template: {spec: {containers: [{name: j, image: nginx}]}}}}\n"},
        [("app.yaml", "nginx:1.25", "nginx:1.25-x-x"), ("job.yaml", "nginx", "nginx:-x")],
    ),
    k_row(
        "the name must match up to the tag: no registry prefix, no other repository",
        {"kustomization.yaml": "resources: [app.yaml, b.yaml, c.yaml]\n"
         + images("{name: nginx, newTag: new}"),
         "app.yaml": RESOURCE.format(image="docker.io/nginx:1"),
         "b.yaml": RESOURCE.format(image="nginx-unprivileged:1"),
         "c.yaml": RESOURCE.format(image="localhost:5000/nginx:1")},
        [("app.yaml", "docker.io/nginx:1", "docker.io/nginx:1"),
         ("b.yaml", "nginx-unprivileged:1", "nginx-unprivileged:1"),
         ("c.yaml", "localhost:5000/nginx:1", "localhost:5000/nginx:1")],
    ),
    k_row(
        "the name is a pattern (as in kustomize): a dot matches any character",
        {"kustomization.yaml": "resources: [app.yaml]\n"
         + images("{name: my.registry/app, newTag: '2'}"),
         "app.yaml": RESOURCE.format(image="my-registry/app:1")},
        [("app.yaml", "my-registry/app:1", "my-registry/app:2")],
    ),
    k_row(
        "a registry port is not a tag",
        {"kustomization.yaml": "resources: [app.yaml]\n"
         + images("{name: 'localhost:5000/app', newTag: '2'}"),
         "app.yaml": RESOURCE.format(image="localhost:5000/app")},
        [("app.yaml", "localhost:5000/app", "localhost:5000/app:2")],
    ),
    k_row(
        "entries apply in order, each to the result of the last",
        {"kustomization.yaml": "resources: [app.yaml]\n"
         + images("{name: nginx, newName: web}", "{name: web, newTag: '3'}"),
         "app.yaml": RESOURCE.format(image="nginx:1")},
        [("app.yaml", "nginx:1", "web:3")],
    ),
    k_row(
        "image volumes, init containers; not ephemeral containers, Tekton steps, Argo containers",
        {"kustomization.yaml": "resources: [pod.yaml, task.yaml, wf.yaml]\n"
         + images("{name: tools, newTag: '9'}"),
         "pod.yaml": "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
         "  initContainers: [{name: i, image: 'tools:1'}]\n"
         "  ephemeralContainers: [{name: e, image: 'tools:1'}]\n"
         "  volumes: [{name: v, image: {reference: 'tools:1'}}]\n",
         "task.yaml": "apiVersion: tekton.dev/v1\nkind: Task\nmetadata: {name: t}\nspec:\n"
         "  steps: [{name: s, image: 'tools:1'}]\n",
         "wf.yaml": "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: w}\n"
         "spec:\n  templates:\n  - name: t\n    container: {image: 'tools:1'}\n"
         "    containerSet: {containers: [{name: a, image: 'tools:1'}]}\n"},
        [("pod.yaml", "tools:1", "tools:9"), ("pod.yaml", "tools:1", "tools:1"),
         ("pod.yaml", "tools:1", "tools:9"), ("task.yaml", "tools:1", "tools:1"),
         ("wf.yaml", "tools:1", "tools:1"), ("wf.yaml", "tools:1", "tools:9")],
    ),
    k_row(
        "a List's items are transformed as objects of their own",
        {"kustomization.yaml": "resources: [list.yaml]\n" + images("{name: redis, newTag: '8'}"),
         "list.yaml": "apiVersion: v1\nkind: List\nitems:\n"
         "- {apiVersion: v1, kind: Pod, metadata: {name: p},\n"
         "   spec: {containers: [{image: redis}]}}\n"},
        [("list.yaml", "redis", "redis:8")],
    ),
    k_row(
        "bases are built first, their images applied, then the overlay's",
        {"base__kustomization.yaml": "resources: [app.yaml]\n"
         + images("{name: nginx, newName: base-nginx}"),
         "base__app.yaml": RESOURCE.format(image="nginx:1"),
         "overlay__kustomization.yml": "bases: [../base]\n"
         + images("{name: base-nginx, newTag: '2'}", "{name: nginx, newTag: '3'}")},
        [("base/app.yaml", "nginx:1", "base-nginx:2")],
        scan="overlay",
    ),
    k_row(
        "a component adds its resources and transforms what came before",
        {"kustomization.yaml": "resources: [app.yaml]\ncomponents: [comp]\n"
         + images("{name: sidecar, newTag: '3'}"),
         "app.yaml": RESOURCE.format(image="nginx:1"),
         "comp__Kustomization": "kind: Component\nresources: [side.yaml]\n"
         + images("{name: nginx, newTag: from-component}", "{name: sidecar, newTag: '2'}"),
         "comp__side.yaml": RESOURCE.format(image="sidecar:1")},
        [("app.yaml", "nginx:1", "nginx:from-component"),
         ("comp/side.yaml", "sidecar:1", "sidecar:3")],
    ),
    k_row(
        "remote resources are skipped without a word",
        {"kustomization.yaml": "resources:\n- https://github.com/acme/x//deploy?ref=v1\n"
         "- github.com/acme/y/deploy?ref=main\n- git@github.com:acme/z.git\n- app.yaml\n",
         "app.yaml": RESOURCE.format(image="nginx:1")},
        [("app.yaml", "nginx:1", "nginx:1")],
    ),
    k_row(
        "a kustomization with nothing",
        {"kustomization.yaml": ""},
        [],
    ),
    # --- what kustomize refuses -----------------------------------------------------------
    k_row(
        "a file outside the kustomization's directory",
        {"overlay__kustomization.yaml": "resources: [../app.yaml]\n",
         "app.yaml": RESOURCE.format(image="nginx:1")},
        [],
        [("overlay/kustomization.yaml", 1, "security; file '{root}/app.yaml' is not in or below "
          "'{root}/overlay'")],
        scan="overlay",
    ),
    k_row(
        "a missing resource",
        {"kustomization.yaml": "resources:\n- app.yaml\n- gone.yaml\n",
         "app.yaml": RESOURCE.format(image="nginx:1")},
        [("app.yaml", "nginx:1", "nginx:1")],
        [("kustomization.yaml", 3, "resource 'gone.yaml' not found (made by a step before "
          "kustomize runs, or a mistake); what it holds is not read")],
    ),
    k_row(
        "a cycle",
        {"a__kustomization.yaml": "resources: [../b]\n",
         "b__kustomization.yaml": "resources: [../a]\n"},
        [],
        [("b/kustomization.yaml", 1, "cycle detected: '../a' is being built already")],
        scan="a",
    ),
    k_row(
        "a resource taken in twice",
        {"kustomization.yaml": "resources: [base, base/../base]\n",
         "base__kustomization.yaml": "resources: [app.yaml]\n",
         "base__app.yaml": RESOURCE.format(image="nginx:1")},
        [("base/app.yaml", "nginx:1", "nginx:1")],
        [("kustomization.yaml", 1,
          "'base/../base' is taken in twice (kustomize refuses an object added twice)")],
    ),
    k_row(
        # onedr0p/home-ops, GoogleCloudPlatform/bank-of-anthos: each app takes in one shared
        # component under its own namespace, so the objects differ and kustomize builds it
        "a component taken in by two apps of other namespaces",
        {"kustomization.yaml": "resources: [apps/a, apps/b]\n",
         "apps__a__kustomization.yaml": "namespace: a\ncomponents: [../../ns]\n"
         "resources: [app.yaml]\n",
         "apps__a__app.yaml": RESOURCE.format(image="nginx:1"),
         "apps__b__kustomization.yaml": "namePrefix: b-\ncomponents: [../../ns]\n",
         "ns__kustomization.yaml": "kind: Component\nresources: [side.yaml]\n",
         "ns__side.yaml": RESOURCE.format(image="sidecar:1")},
        [("apps/a/app.yaml", "nginx:1", "nginx:1"), ("ns/side.yaml", "sidecar:1", "sidecar:1"),
         ("ns/side.yaml", "sidecar:1", "sidecar:1")],
    ),
    k_row(
        # GoogleCloudPlatform/bank-of-anthos: a component of labels used by a base and again
        # by its overlay; each applies it to what it gathered (kubectl kustomize builds it)
        "a component used by a base and by its overlay",
        {"kustomization.yaml": "resources: [base]\ncomponents: [team]\n",
         "base__kustomization.yaml": "resources: [app.yaml]\ncomponents: [../team]\n",
         "base__app.yaml": RESOURCE.format(image="nginx:1"),
         "team__kustomization.yaml": "kind: Component\ncommonLabels: {team: a}\n"},
        [("base/app.yaml", "nginx:1", "nginx:1")],
    ),
    k_row(
        "a component that adds an object, used twice under the same renames",
        {"kustomization.yaml": "resources: [base]\ncomponents: [side]\n",
         "base__kustomization.yaml": "components: [../side]\n",
         "side__kustomization.yaml": "kind: Component\nresources: [side.yaml]\n",
         "side__side.yaml": RESOURCE.format(image="sidecar:1")},
        [("side/side.yaml", "sidecar:1", "sidecar:1")],
        [("side/kustomization.yaml", 2,
          "'side.yaml' is taken in twice (kustomize refuses an object added twice)")],
    ),
    k_row(
        "a base taken in twice under the same renames",
        {"kustomization.yaml": "namespace: x\nresources: [one, two]\n",
         "one__kustomization.yaml": "resources: [../base]\n",
         "two__kustomization.yaml": "resources: [../base]\n",
         "base__kustomization.yaml": "resources: [app.yaml]\n",
         "base__app.yaml": RESOURCE.format(image="nginx:1")},
        [("base/app.yaml", "nginx:1", "nginx:1")],
        [("two/kustomization.yaml", 1,
          "'../base' is taken in twice (kustomize refuses an object added twice)")],
    ),
    k_row(
        "a directory without a kustomization, one with two",
        {"kustomization.yaml": "resources: [empty, two]\n", "empty__README": "",
         "two__kustomization.yaml": "", "two__kustomization.yml": ""},
        [],
        [("kustomization.yaml", 1, "unable to find one of 'kustomization.yaml', "
          "'kustomization.yml' or 'Kustomization' in directory 'empty'"),
         ("kustomization.yaml", 1, "found multiple kustomization files under 'two'")],
    ),
    k_row(
        "an unquoted number in images",
        {"kustomization.yaml": "resources: [app.yaml]\n"
         + images("{name: nginx, newTag: 1.10}", "{name: nginx, newName: web}"),
         "app.yaml": RESOURCE.format(image="nginx:1")},
        [("app.yaml", "nginx:1", "web:1")],
        [("kustomization.yaml", 3, "images[0].newTag must be a string, not a number (quote it); "
          "kustomize refuses the kustomization")],
    ),
    k_row(
        "wrong types",
        {"kustomization.yaml": "resources: {app: app.yaml}\nimages: nginx\ncomponents: [[x]]\n"},
        [],
        [("kustomization.yaml", 2, "images must be a list"),
         ("kustomization.yaml", 1, "resources must be a list of paths"),
         ("kustomization.yaml", 3, "components: each entry must be a path (a string)")],
    ),
    k_row(
        "an image name that is not a valid pattern",
        {"kustomization.yaml": "resources: [app.yaml]\n" + images("{name: 'ngi[nx', newTag: '2'}"),
         "app.yaml": RESOURCE.format(image="nginx:1")},
        [("app.yaml", "nginx:1", "nginx:1")],
        [("kustomization.yaml", 3, "images[0].name 'ngi[nx' is not a valid pattern")],
    ),
    k_row(
        "a resource with a YAML error",
        {"kustomization.yaml": "resources: [app.yaml]\n", "app.yaml": "kind: [\n"},
        [],
        [("app.yaml", 2, "invalid YAML: did not find expected node content")],
    ),
    k_row(
        "no kustomization in the directory scanned",
        {"app.yaml": RESOURCE.format(image="nginx:1")},
        [],
        [(".", None, "unable to find one of 'kustomization.yaml', 'kustomization.yml' or "
          "'Kustomization' in directory '.'")],
    ),
]  # fmt: skip


def test_a_missing_resource_is_a_note_not_an_error(tmp_path: Path) -> None:
    # ingress-nginx hack/manifest-templates/common: manifest.yaml is written there by
    # `helm template … > $MANIFEST` in hack/generate-deploy-scripts.sh, then built.
    (tmp_path / "kustomization.yaml").write_text("resources:\n- manifest.yaml\n- ns.yaml\n")
    (tmp_path / "ns.yaml").write_text("apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n")
    scan = scan_kustomization(str(tmp_path))
    assert [(e.line, e.note) for e in scan.errors] == [(2, True)]
    assert cli_main(["check", str(tmp_path), "--as-of", "2026-12-03"]) == 0


@pytest.mark.parametrize(("tree", "scan_at", "expected", "errs"), KUSTOMIZE)
def test_kustomize(
    tmp_path: Path,
    tree: dict[str, str],
    scan_at: str,
    expected: list[tuple[str, str, str]],
    errs: list[tuple[str, int | None, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, text in tree.items():
        target = tmp_path / name.replace("__", "/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    monkeypatch.chdir(tmp_path)
    scan = scan_kustomization(scan_at)
    assert [(o.path, o.raw, o.text) for o in scan] == expected
    root = os.path.realpath(tmp_path)
    assert [(e.path, e.line, e.message) for e in scan.errors] == [
        (path, line, message.format(root=root)) for path, line, message in errs
    ]
    for occurrence in scan:
        assert occurrence.kind == "kubernetes"
        assert ("transformed_from" in occurrence.context) is (occurrence.text != occurrence.raw)


def test_kustomize_positions_and_context(tmp_path: Path) -> None:
    (tmp_path / "kustomization.yaml").write_text(
        "resources: [app.yaml]\n" + images("{name: nginx, newTag: '1.27'}")
    )
    (tmp_path / "app.yaml").write_text(RESOURCE.format(image='"nginx:1.25"'))
    (occurrence,) = scan_kustomization(tmp_path / "kustomization.yaml")
    assert (occurrence.line, occurrence.column) == (9, 17)
    kustomization = str(tmp_path / "kustomization.yaml")
    assert dict(occurrence.context) == ctx(
        "Deployment",
        "app",
        **c("containers", "app"),
        kustomization=kustomization,
        transformed_from="nginx:1.25",
        transformed_by=(kustomization,),
    )
    assert occurrence.normalized == hub("nginx:1.27")


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        # kustomize's api/internal/image TestSplit, row for row
        ("nginx", ("nginx", "", "")),
        ("nginx:1.2.3", ("nginx", "1.2.3", "")),
        ("nginx@sha256:12345", ("nginx", "", "sha256:12345")),
        ("nginx:1.2.3@sha256:12345", ("nginx", "1.2.3", "sha256:12345")),
        ("docker.io/nginx:1.2.3", ("docker.io/nginx", "1.2.3", "")),
        ("foo.com:443/nginx:1.2.3", ("foo.com:443/nginx", "1.2.3", "")),
        ("foo.com:443/nginx:1.2.3@sha256:12345", ("foo.com:443/nginx", "1.2.3", "sha256:12345")),
    ],
)
def test_split_as_kustomize(image: str, expected: tuple[str, str, str]) -> None:
    assert _split(image) == expected


def test_kustomization_names() -> None:
    names = ("kustomization.yaml", "kustomization.yml", "Kustomization", "kustomization.json")
    assert [is_kustomization_file(f"k8s/{name}") for name in names] == [True, True, True, False]


def test_kustomize_never_raises_on_a_missing_path(tmp_path: Path) -> None:
    scan = scan_kustomization(tmp_path / "nothing" / "kustomization.yaml")
    assert list(scan) == []
    assert [e.message for e in scan.errors] == ["cannot read: No such file or directory"]


# --- limits -------------------------------------------------------------------------------


def test_deep_nesting_never_raises() -> None:
    depth = 990  # libyaml refuses 1,000
    for nested in ("[" * depth + "]" * depth, "{b: " * depth + "1" + "}" * depth):
        scan = scan_kubernetes("apiVersion: v1\nkind: Pod\nspec: " + nested + "\n")
        assert list(scan) == []
        assert all("must be" in message for _, message in errors(scan))


def merge_chain(length: int) -> str:
    anchors = "".join(f"    m{i}: &m{i} {{<<: *m{i - 1}}}\n" for i in range(1, length + 1))
    return (
        "apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    m0: &m0 {image: redis:7}\n"
        + anchors
        + f"spec:\n  containers:\n  - <<: *m{length}\n"
    )


def test_merge_chains() -> None:
    assert [o.raw for o in scan_kubernetes(merge_chain(5))] == ["redis:7"]
    assert [o.raw for o in scan_kubernetes(merge_chain(99))] == ["redis:7"]
    for length in (100, 900):  # with the container's own merge, 101 and 901 deep
        scan = scan_kubernetes(merge_chain(length))
        assert list(scan) == []
        assert [line for line, _ in errors(scan)] == [length + 8]  # the container


def test_kustomizations_nested_too_deep(tmp_path: Path) -> None:
    for level in range(70):
        directory = tmp_path / f"k{level}"
        directory.mkdir()
        (directory / "kustomization.yaml").write_text(f"resources: [../k{level + 1}]\n")
    (tmp_path / "k70").mkdir()
    (tmp_path / "k70" / "kustomization.yaml").write_text("resources: []\n")
    scan = scan_kustomization(tmp_path / "k0")
    assert [e.message for e in scan.errors] == ["kustomizations nested more than 64 deep"]
    assert scan.errors[0].path == str(tmp_path / "k64" / "kustomization.yaml")


def test_kustomize_patches_replace_the_images_they_patch(tmp_path: Path) -> None:
    # skaffold's examples/kustomize: a strategic-merge patch gives the container its image, so
    # the resource's placeholder is never pulled; kustomize applies patches before `images:`.
    (tmp_path / "kustomization.yaml").write_text(
        "resources: [deployment.yaml]\npatchesStrategicMerge: [patch.yaml]\n"
        "patches:\n  - path: json.yaml\n    target: {kind: Deployment, name: api}\n"
        "images:\n  - {name: busybox, newTag: '1.36.1'}\n"
    )
    deployment = (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: %s}\nspec:\n  template:\n"
        "    spec:\n      containers:\n        - name: %s\n          image: %s\n"
    )
    (tmp_path / "deployment.yaml").write_text(
        deployment % ("web", "web", "placeholder/image")
        + "        - name: side\n          image: redis:7.2.4\n---\n"
        + deployment % ("api", "api", "placeholder/api")
    )
    (tmp_path / "patch.yaml").write_text(deployment % ("web", "web", "busybox"))
    (tmp_path / "json.yaml").write_text(
        "- op: replace\n  path: /spec/template/spec/containers/0/image\n  value: nginx:1.27.3\n"
    )
    scan = scan_kustomization(tmp_path)
    assert sorted((Path(o.path or "").name, o.line, o.text) for o in scan) == [
        ("deployment.yaml", 11, "redis:7.2.4"),
        ("json.yaml", 3, "nginx:1.27.3"),
        ("patch.yaml", 9, "busybox:1.36.1"),
    ]
    (patched,) = [o for o in scan if o.text.startswith("busybox")]
    assert patched.context["patched_over"] == {
        "path": str(tmp_path / "deployment.yaml"),
        "line": 9,
        "column": 18,
    }
    # A directory scan reports the patches' images, not the placeholders they replace.
    from tagsense import find_references

    whole = find_references(str(tmp_path))
    assert sorted(o.text for o in whole) == ["busybox:1.36.1", "nginx:1.27.3", "redis:7.2.4"]


def test_a_json_patch_that_adds_a_container_adds_its_image(tmp_path: Path) -> None:
    # GoogleCloudPlatform/bank-of-anthos style: an overlay adds a sidecar to each targeted
    # Deployment; the overlay's `images:` applies to it too. An object without that list
    # (no initContainers) is not patched: kustomize's JSON patch would fail on it.
    base = tmp_path / "base"
    base.mkdir()
    (base / "kustomization.yaml").write_text("resources: [deploy.yaml]\n")
    (base / "deploy.yaml").write_text(
        RESOURCE.format(image="nginx:1.27.3")
        + "---\n"
        + RESOURCE.format(image="redis:7.2.4").replace("name: app}", "name: cache}")
    )
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    (overlay / "kustomization.yaml").write_text(
        "resources: [../base]\npatches:\n  - path: add.yaml\n    target: {kind: Deployment}\n"
        "  - path: init.yaml\n    target: {kind: Deployment, name: app}\n"
        "images:\n  - {name: proxy, newTag: '2.14.1'}\n"
    )
    (overlay / "add.yaml").write_text(
        "- op: add\n  path: /spec/template/spec/containers/-\n"
        "  value:\n    name: proxy\n    image: proxy:latest\n"
    )
    (overlay / "init.yaml").write_text(
        "- op: add\n  path: /spec/template/spec/initContainers/-\n"
        "  value: {name: wait, image: busybox:1.37.0}\n"
    )
    scan = scan_kustomization(overlay)
    found = sorted((Path(o.path or "").name, o.line, o.text, o.context.get("name")) for o in scan)
    assert found == [
        ("add.yaml", 5, "proxy:2.14.1", "app"),
        ("add.yaml", 5, "proxy:2.14.1", "cache"),
        ("deploy.yaml", 9, "nginx:1.27.3", "app"),
        ("deploy.yaml", 19, "redis:7.2.4", "cache"),
    ]
    (added, _) = [o for o in scan if o.text.startswith("proxy")]
    assert (added.context["container"], added.context["field"]) == ("proxy", "containers")


def test_a_json_patch_that_adds_a_whole_container_list_adds_its_images(tmp_path: Path) -> None:
    # kubeflow/manifests' model-registry catalog overlays: `add` of
    # /spec/template/spec/initContainers with a list of containers (JSON patch makes the
    # member; only its parent must be there). An object without that parent is not patched.
    (tmp_path / "deploy.yaml").write_text(
        RESOURCE.format(image="nginx:1.27.3")
        + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\n"
    )
    (tmp_path / "kustomization.yaml").write_text(
        "resources: [deploy.yaml]\npatches:\n  - target: {name: app}\n    patch: |-\n"
        "      - op: add\n        path: /spec/template/spec/initContainers\n"
        "        value:\n          - name: init\n            image: busybox\n"
        "          - {name: seed, image: alpine:3.21.3}\n"
        "images:\n  - {name: busybox, newTag: '1.37.0'}\n"
    )
    scan = scan_kustomization(tmp_path)
    found = sorted((Path(o.path or "").name, o.line, o.text) for o in scan)
    assert found == [
        ("deploy.yaml", 9, "nginx:1.27.3"),
        ("kustomization.yaml", 9, "busybox:1.37.0"),
        ("kustomization.yaml", 10, "alpine:3.21.3"),
    ]
    (added,) = [o for o in scan if o.text.startswith("busybox")]
    assert (added.context["container"], added.context["field"]) == ("init", "initContainers")


def test_a_strategic_merge_patch_that_adds_a_container_adds_its_image(tmp_path: Path) -> None:
    # kubeflow/manifests' profiles overlay: a strategic-merge patch gives the Deployment a
    # container it does not have (kfam); the merge appends it (containers merge by name) and
    # the overlay's `images:` sets its tag. The patch file alone is not what is deployed.
    base = tmp_path / "base"
    base.mkdir()
    (base / "kustomization.yaml").write_text("resources: [deploy.yaml]\n")
    (base / "deploy.yaml").write_text(RESOURCE.format(image="nginx:1.27.3"))
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    (overlay / "kustomization.yaml").write_text(
        "resources: [../base]\npatchesStrategicMerge: [sidecar.yaml]\n"
        "images:\n  - {name: example/kfam, newTag: v1.10.0}\n"
    )
    (overlay / "sidecar.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app}\nspec:\n  template:\n"
        "    spec:\n      containers:\n        - name: kfam\n          image: example/kfam\n"
    )
    scan = scan_kustomization(overlay)
    found = sorted((Path(o.path or "").name, o.line, o.text) for o in scan)
    assert found == [
        ("deploy.yaml", 9, "nginx:1.27.3"),
        ("sidecar.yaml", 9, "example/kfam:v1.10.0"),
    ]
    from tagsense import find_references

    whole = find_references(str(tmp_path))
    assert sorted(o.text for o in whole) == ["example/kfam:v1.10.0", "nginx:1.27.3"]


def test_an_image_the_kubelet_never_pulls_is_the_node_s_own(tmp_path: Path) -> None:
    # kserve's config/overlays/test/s3-local-backend: `imagePullPolicy: Never` on an init
    # container whose image the e2e workflow builds and `kind load`s: no pull, so no TS011 (nor
    # TS001 for kubeflow/pipelines' tools/kind `…/webhook-proxy:latest`); the other container's
    # image is pulled as usual.
    from tagsense import find_references

    (tmp_path / ".git").mkdir()
    (tmp_path / "job.yaml").write_text(
        "apiVersion: batch/v1\nkind: Job\nmetadata: {name: s3-init}\nspec:\n  template:\n"
        "    spec:\n      initContainers:\n      - name: copy\n"
        "        image: ${CACHE_IMAGE}\n        imagePullPolicy: Never\n"
        "      - name: proxy\n        imagePullPolicy: Never\n"
        "        image: domain.local/proxy:latest\n"
        "      containers:\n      - name: cli\n        image: amazon/aws-cli:2.33.11\n"
        "        imagePullPolicy: IfNotPresent\n"
    )
    found = sorted((o.line, o.text, o.built is not None) for o in find_references(str(tmp_path)))
    assert found == [
        (9, "${CACHE_IMAGE}", True),
        (13, "domain.local/proxy:latest", True),
        (16, "amazon/aws-cli:2.33.11", False),
    ]


def test_kustomize_inline_patches_replace_the_images_they_patch(tmp_path: Path) -> None:
    # The same patches written in the kustomization (kustomize's `patch:` and inline
    # patchesStrategicMerge entries); each occurrence points at its text in the file.
    kustomization = (
        "resources: [deployment.yaml]\n"
        "patchesStrategicMerge:\n"
        "  - |-\n"
        "    apiVersion: apps/v1\n"
        "    kind: Deployment\n"
        "    metadata: {name: web}\n"
        "    spec:\n"
        "      template:\n"
        "        spec:\n"
        "          containers:\n"
        "            - name: web\n"
        "              image: busybox\n"
        "patches:\n"
        "  - target: {kind: Deployment, name: api}\n"
        "    patch: |-\n"
        "      - op: replace\n"
        "        path: /spec/template/spec/containers/0/image\n"
        "        value: nginx:1.27.3\n"
        "patchesJson6902:\n"
        "  - target: {kind: Deployment, name: worker}\n"
        '    patch: \'[{"op": "replace", "path": "/spec/template/spec/containers/0/image",'
        ' "value": "memcached:1.6.32"}]\'\n'
        "images:\n  - {name: busybox, newTag: '1.36.1'}\n"
    )
    (tmp_path / "kustomization.yaml").write_text(kustomization)
    deployment = (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: %s}\nspec:\n  template:\n"
        "    spec:\n      containers:\n        - name: %s\n          image: %s\n"
    )
    (tmp_path / "deployment.yaml").write_text(
        "---\n".join(deployment % (name, name, f"placeholder/{name}") for name in ("web", "api"))
        + "---\n"
        + deployment % ("worker", "worker", "placeholder/worker")
    )
    scan = scan_kustomization(tmp_path)
    lines = kustomization.splitlines()
    written = sorted(
        (Path(o.path or "").name, lines[o.line - 1][o.column - 1 :][: len(o.raw)], o.text)
        for o in scan
    )
    assert written == [
        ("kustomization.yaml", "busybox", "busybox:1.36.1"),
        ("kustomization.yaml", "memcached:1.6.32", "memcached:1.6.32"),
        ("kustomization.yaml", "nginx:1.27.3", "nginx:1.27.3"),
    ]
    (patched,) = [o for o in scan if o.text.startswith("busybox")]
    assert patched.line == 12
    assert patched.context["patched_over"]["path"] == str(tmp_path / "deployment.yaml")


def test_kustomize_inline_patch_that_is_not_yaml_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "kustomization.yaml").write_text(
        "resources: [deployment.yaml]\npatches:\n  - patch: '[{op: replace'\n"
        "  - patch: |\n      kind: Deployment\n      metadata: {name: other}\n"
    )
    (tmp_path / "deployment.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n"
        "    spec:\n      containers:\n        - name: web\n          image: redis:7.2.4\n"
    )
    scan = scan_kustomization(tmp_path)
    assert [(Path(o.path or "").name, o.text) for o in scan] == [("deployment.yaml", "redis:7.2.4")]
    assert not scan.errors


def test_a_patch_of_an_object_only_a_remote_resource_gives_runs_its_image(tmp_path: Path) -> None:
    # A remote Deployment patched by an inline patch (with a key written twice, which
    # kustomize's YAML nodes take); kustomize refuses such a patch of an object it does not find.
    patch = (
        "  - patch: |-\n      apiVersion: apps/v1\n"
        "      kind: Deployment\n      metadata: {name: %s}\n      spec:\n        template:\n"
        "          spec:\n            containers:\n              - name: proxy\n"
        "                image: %s\n                readinessProbe:\n"
        "                  initialDelaySeconds: 60\n                  initialDelaySeconds: 5\n"
    )
    patches = (
        patch % ("proxy", "acme/proxy:v0.13.210")
        + patch % ("web", "acme/sidecar:1.0.0")
        # (a target that selects nothing here is no error to kustomize: it patches nothing)
        + (patch % ("other", "acme/other:2.0.0")).replace(
            "  - patch:", "  - target: {kind: Deployment, name: elsewhere}\n    patch:"
        )
        # (a target of the patch's own object, which no resource here gives: the remote one.
        # fluxcd/flagger@15bd6ad5's test/skipper/kustomization.yaml sets the image of the remote
        # skipper-ingress Deployment so, and `kustomize build | kubectl apply -f -` pulls it)
        + (patch % ("ingress", "acme/ingress:0.13.210")).replace(
            "  - patch:", "  - target: {kind: Deployment, name: ingress}\n    patch:"
        )
    )
    deployment = (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n"
        "    spec:\n      containers:\n        - name: web\n          image: redis:7.2.4\n"
    )
    remote = "  - https://raw.githubusercontent.com/acme/proxy/v0.13.210/deploy/deployment.yaml\n"
    for name, resources in (("remote", remote), ("local", "")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "deployment.yaml").write_text(deployment)
        (tmp_path / name / "kustomization.yaml").write_text(
            f"resources:\n  - deployment.yaml\n{resources}patches:\n{patches}"
        )
    found = sorted(
        (name, o.line, o.text)
        for name in ("remote", "local")
        for o in scan_kustomization(tmp_path / name)
    )
    # (without a remote resource, a patch of an object that nothing gives is kustomize's error;
    # a container a patch adds to a local object is appended to it, as the merge does)
    assert found == [
        ("local", 9, "redis:7.2.4"),
        ("local", 26, "acme/sidecar:1.0.0"),
        ("remote", 9, "redis:7.2.4"),
        ("remote", 14, "acme/proxy:v0.13.210"),
        ("remote", 27, "acme/sidecar:1.0.0"),
        ("remote", 55, "acme/ingress:0.13.210"),
    ]


def _outside_layout(root: Path) -> Path:
    """A kustomization that takes in a file beside its directory (kubernetes-sigs/cluster-api's
    test/e2e/data/infrastructure-docker/main/cluster-template: `resources: [../bases/…]`)."""
    (root / ".git").mkdir()
    bases = root / "data" / "bases"
    bases.mkdir(parents=True)
    (bases / "pod.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
        "    - {name: c, image: 'redis:7.2.4'}\n"
    )
    for name in ("one", "two"):
        (root / "data" / name).mkdir()
        (root / "data" / name / "kustomization.yaml").write_text("resources: [../bases/pod.yaml]\n")
    # Overlays of a kustomization that does so: its error comes through each of them.
    for name, resource in (("base", "../bases/pod.yaml"), ("dev", "../base"), ("prod", "../base")):
        (root / "data" / "overlays" / name).mkdir(parents=True)
        (root / "data" / "overlays" / name / "kustomization.yaml").write_text(
            f"resources: [{resource}]\n"
        )
    return root / "data"


def test_a_file_outside_the_kustomization_is_refused_as_kustomize_does(tmp_path: Path) -> None:
    data = _outside_layout(tmp_path)
    scan = scan_kustomization(data / "one")
    assert [o.text for o in scan] == []
    ((line, message),) = errors(scan)
    assert line == 1 and message.startswith("security; file") and "is not in or below" in message
    # Two kustomizations that take in the same base: each error is reported once.
    from tagsense import find_references

    whole = find_references(str(data))
    where = sorted(Path(e.path or "").parent.name for e in whole.errors)
    assert where == ["base", "one", "two"]  # once each, not again through dev and prod


@pytest.mark.parametrize(
    ("runner", "text"),
    [
        (
            "Makefile",
            "deploy:\n\t$(KUSTOMIZE) build data/one --load-restrictor LoadRestrictionsNone\n",
        ),
        ("hack/build.sh", "kustomize build --load_restrictor none data/two\n"),
        ("data/rules.mk", "x:\n\tkustomize build --load-restrictor=LoadRestrictionsNone .\n"),
    ],
)
def test_a_project_that_runs_kustomize_unrestricted_reads_files_outside(
    tmp_path: Path, runner: str, text: str
) -> None:
    data = _outside_layout(tmp_path)
    (tmp_path / runner).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / runner).write_text(text)
    scan = scan_kustomization(data / "one")
    assert errors(scan) == []
    assert [o.text for o in scan] == ["redis:7.2.4"]


# (spack/spack-infrastructure k8s/production/flux-system/gotk-sync.yaml, shortened: Flux
# builds ./k8s/staging/, whose overlays take in ../../production/… files)
FLUX_SYNC = """\
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {{name: flux-system, namespace: flux-system}}
spec: {{url: https://github.com/spack/spack-infrastructure}}
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {{name: flux-system, namespace: flux-system}}
spec:
  interval: 10m0s
  path: {path}
  sourceRef: {{kind: GitRepository, name: flux-system}}
"""


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ("./data/", False),  # (Flux builds data/one and data/two: below its path)
        ("./", False),
        ("./data/one", False),
        ("./data/overlays", True),  # (data/one is not below it: kustomize's own rule)
    ],
)
def test_a_kustomization_flux_builds_reads_files_outside_it(
    tmp_path: Path, path: str, refused: bool
) -> None:
    # Flux's kustomize-controller builds without the load restrictor (fluxcd/pkg
    # kustomize.Build: LoadRestrictionsNone): spack-infrastructure's 46 "security" errors.
    data = _outside_layout(tmp_path)
    (tmp_path / "clusters").mkdir()
    (tmp_path / "clusters" / "sync.yaml").write_text(FLUX_SYNC.format(path=path))
    scan = scan_kustomization(data / "one")
    assert len(errors(scan)) == (1 if refused else 0)
    assert [o.text for o in scan] == ([] if refused else ["redis:7.2.4"])


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("ignored", [True, False])
def test_a_flux_kustomization_git_ignores_lifts_no_restrictor(
    tmp_path: Path, ignored: bool
) -> None:
    # Flux reads the repository's files; a directory .gitignore leaves out (a local clone, a
    # tool's output) is none of them, as a scan's walk does not read it either.
    data = _outside_layout(tmp_path)
    (tmp_path / ".git").rmdir()
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True, capture_output=True)
    (tmp_path / ".gitignore").write_text("/scratch/\n" if ignored else "")
    (tmp_path / "scratch").mkdir()
    (tmp_path / "scratch" / "sync.yaml").write_text(FLUX_SYNC.format(path="./data/"))
    scan = scan_kustomization(data / "one")
    assert len(errors(scan)) == (1 if ignored else 0)
    assert [o.text for o in scan] == ([] if ignored else ["redis:7.2.4"])


def test_the_load_restrictor_is_not_lifted_by_its_default(tmp_path: Path) -> None:
    data = _outside_layout(tmp_path)
    (tmp_path / "Makefile").write_text(
        "x:\n\tkustomize build --load-restrictor LoadRestrictionsRootOnly .\n"
    )
    assert len(errors(scan_kustomization(data / "one"))) == 1


def test_a_base_patched_by_its_overlay_is_read_through_it(tmp_path: Path) -> None:
    # kubebuilder's layout (kubernetes-sigs/cluster-api core/config): config/manager's
    # `controller:latest` is a placeholder that config/default's patch replaces; `make deploy`
    # builds config/default. An overlay that does not patch it still pulls it.
    config = tmp_path / "config"
    (config / "manager").mkdir(parents=True)
    (config / "default").mkdir()
    (config / "plain").mkdir()
    (config / "manager" / "kustomization.yaml").write_text("resources: [manager.yaml]\n")
    (config / "manager" / "manager.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: controller-manager}\nspec:\n"
        "  template:\n    spec:\n      containers:\n"
        "      - {name: manager, image: 'controller:latest'}\n"
    )
    (config / "default" / "kustomization.yaml").write_text(
        "resources: [../manager]\npatches:\n  - path: manager_image_patch.yaml\n"
    )
    (config / "default" / "manager_image_patch.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: controller-manager}\nspec:\n"
        "  template:\n    spec:\n      containers:\n"
        "      - {name: manager, image: 'gcr.io/acme/controller:v1.9.2'}\n"
    )
    from tagsense import find_references

    assert sorted(o.text for o in find_references(str(config))) == ["gcr.io/acme/controller:v1.9.2"]
    (config / "plain" / "kustomization.yaml").write_text("resources: [../manager]\n")
    assert sorted(o.text for o in find_references(str(config))) == [
        "controller:latest",
        "gcr.io/acme/controller:v1.9.2",
    ]
    # Named alone, with nothing in the scan that takes it in, the base is read alone.
    alone = find_references(str(config / "manager" / "kustomization.yaml"))
    assert [o.text for o in alone] == ["controller:latest"]


def test_a_kind_cluster_configuration_pulls_its_node_images() -> None:
    # open-telemetry/opentelemetry-helm-charts .github/kind-1.33.yaml (`kind create cluster
    # --config`), and a Cluster of another API group that is no kind configuration.
    text = (
        "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n"
        "  - role: control-plane\n"
        "    image: kindest/node:v1.33.1@sha256:" + "05" * 32 + "\n"
        "  - role: worker\n    image: kindest/node:v1.33.1\n  - role: worker\n"
        "---\napiVersion: cluster.x-k8s.io/v1beta1\nkind: Cluster\nmetadata: {name: c}\n"
        "spec:\n  nodes:\n    - image: not-an-image\n"
    )
    scan = scan_kubernetes(text)
    assert errors(scan) == []
    assert [(o.line, o.text, o.context.get("role")) for o in scan] == [
        (5, "kindest/node:v1.33.1@sha256:" + "05" * 32, "control-plane"),
        (7, "kindest/node:v1.33.1", "worker"),
    ]


def test_a_k3d_cluster_configuration_pulls_its_k3s_and_registry_images() -> None:
    # gethomepage/homepage k3d/k3d.yaml (`k3d cluster create --config k3d.yaml`, run by its
    # k3d-up.sh): the k3s image was missed; and a Simple of another API group, no k3d's.
    text = (
        "kind: Simple\napiVersion: k3d.io/v1alpha3\nname: homepage\nservers: 1\n"
        "image: rancher/k3s:v1.25.5-k3s1\n"
        "registries:\n  create:\n    name: k3d-registry\n    hostPort: '55000'\n"
        "    image: docker.io/library/registry:2.8.3\n"
        "---\napiVersion: example.com/v1\nkind: Simple\nimage: not-an-image\n"
    )
    scan = scan_kubernetes(text)
    assert errors(scan) == []
    assert [(o.line, o.text, o.context.get("role")) for o in scan] == [
        (5, "rancher/k3s:v1.25.5-k3s1", None),
        (10, "docker.io/library/registry:2.8.3", "registry"),
    ]


TEKTON_TASK = """\
apiVersion: tekton.dev/v1
kind: Task
metadata: {name: kaniko}
spec:
  params:
    - name: BUILDER_IMAGE
      default: gcr.io/kaniko-project/executor:v1.23.2
    - name: TOOLS
      type: string
    - name: ARGS
      type: array
      default: []
  steps:
    - name: build-and-push
      image: $(params.BUILDER_IMAGE)
    - name: tools
      image: "$(params['TOOLS'])"
    - name: results
      image: $(tasks.build.results.IMAGE_URL)
    - name: plain
      image: alpine:3.22.2
"""


def test_tekton_parameters_in_an_image_are_filled_in() -> None:
    # tektoncd/catalog's kaniko task: `image: $(params.BUILDER_IMAGE)` with a default.
    scan = scan_kubernetes(TEKTON_TASK)
    assert errors(scan) == []
    got = [(o.raw, o.text, o.unresolved, o.run_time) for o in scan]
    assert got == [
        ("$(params.BUILDER_IMAGE)", "gcr.io/kaniko-project/executor:v1.23.2", (), None),
        ("$(params['TOOLS'])", "$(params['TOOLS'])", ("params.TOOLS",), "parameters"),
        (
            "$(tasks.build.results.IMAGE_URL)",
            "$(tasks.build.results.IMAGE_URL)",
            ("tasks.build.results.IMAGE_URL",),
            "parameters",
        ),
        ("alpine:3.22.2", "alpine:3.22.2", (), None),
    ]
    assert scan.occurrences[0].reference is not None
    assert scan.occurrences[1].reference is None and scan.occurrences[1].error is None


def test_tekton_runs_and_pipelines_pass_their_parameters_down() -> None:
    text = """\
apiVersion: tekton.dev/v1
kind: PipelineRun
metadata: {name: run}
spec:
  params:
    - {name: base, value: 'python:3.13.1-slim'}
  pipelineSpec:
    params:
      - {name: base, default: 'python:3.12.8-slim'}
      - {name: tool, default: 'busybox:1.37.0'}
    tasks:
      - name: test
        params:
          - {name: image, value: $(params.base)}
          - {name: other, value: $(params.tool)}
        taskSpec:
          params:
            - {name: image, default: 'python:3.11.11-slim'}
            - {name: other}
          steps:
            - {name: a, image: $(params.image)}
            - {name: b, image: $(params.other)}
---
apiVersion: tekton.dev/v1
kind: TaskRun
metadata: {name: tr}
spec:
  params:
    - {name: image, value: 'node:22.12.0'}
    - {name: stray, value: 'ignored:1'}
  taskSpec:
    params:
      - {name: image}
    steps:
      - {name: c, image: $(params.image)}
"""
    scan = scan_kubernetes(text)
    assert errors(scan) == []
    assert [o.text for o in scan] == ["python:3.13.1-slim", "busybox:1.37.0", "node:22.12.0"]


def test_ts011_says_a_tekton_parameter_is_filled_in_when_the_task_runs() -> None:
    import datetime

    from tagsense import check

    findings = check(scan_kubernetes(TEKTON_TASK), as_of=datetime.date(2026, 12, 1))
    assert [(f.code, f.line) for f in findings] == [("TS011", 17), ("TS011", 19)]
    assert "is filled in from parameters (params.TOOLS) when the job runs" in findings[0].message


def test_shipwright_build_strategy_steps_with_their_parameters() -> None:
    # OpenFunction/OpenFunction's config/strategy/build-strategy.yaml (trimmed): a
    # ClusterBuildStrategy's steps, `$(params.BASH_IMAGE)` with a default, the builder the
    # Build gives (an empty default); and a v1alpha1 BuildStrategy's buildSteps
    text = """\
apiVersion: shipwright.io/v1alpha1
kind: ClusterBuildStrategy
metadata: {name: openfunction}
spec:
  buildSteps:
    - name: prepare
      image: $(params.BASH_IMAGE)
    - name: build
      image: $(params.BUILDER_IMAGE)
    - name: results
      image: golang:1.24.4
  parameters:
    - name: BUILDER_IMAGE
      default: ""
    - name: BASH_IMAGE
      default: "docker.io/library/bash:5.1.4"
---
apiVersion: shipwright.io/v1beta1
kind: BuildStrategy
metadata: {name: kaniko}
spec:
  steps:
    - name: build
      image: gcr.io/kaniko-project/executor:v1.23.2
"""
    scan = scan_kubernetes(text)
    assert errors(scan) == []
    assert [(o.text, o.unresolved) for o in scan] == [
        ("docker.io/library/bash:5.1.4", ()),
        ("$(params.BUILDER_IMAGE)", ("params.BUILDER_IMAGE",)),
        ("golang:1.24.4", ()),
        ("gcr.io/kaniko-project/executor:v1.23.2", ()),
    ]


def test_a_custom_resource_s_untagged_image_that_names_its_registry_is_pulled() -> None:
    # stacklok/toolhive@e25de16cf972 examples/operator/mcp-servers/mcpserver_fetch.yaml (trimmed):
    # ToolHive's operator runs an MCPServer's `spec.image` as written, `:latest` (survey
    # 35e); a registry and a path name a container image, no VM disk; a `version` beside it
    # (prometheus-operator's) gives the tag apart, and a name without a registry stays unread
    text = """\
apiVersion: toolhive.stacklok.dev/v1beta1
kind: MCPServer
metadata:
  name: fetch
  namespace: toolhive-system
spec:
  image: ghcr.io/stackloklabs/gofetch/server
  transport: streamable-http
---
apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: p}
spec: {image: quay.io/prometheus/prometheus, version: v2.55.1}
---
apiVersion: example.com/v1
kind: Machine
metadata: {name: vm}
spec: {image: acme/ubuntu-2204, other: {image: localhost:5001/app}}
"""
    scan = scan_kubernetes(text)
    assert errors(scan) == []
    assert [(o.line, o.text, o.context["field"]) for o in scan] == [
        (7, "ghcr.io/stackloklabs/gofetch/server", "spec.image"),
        (18, "localhost:5001/app", "spec.other.image"),
    ]
    from tagsense import check

    assert [f.code for f in check(scan)] == ["TS002", "TS002"]


def test_a_custom_resource_s_image_beside_its_build_is_the_build_s() -> None:
    # OpenFunction/OpenFunction's config/samples (trimmed): a Function with a `build` pushes
    # `spec.image` (its Buildpacks `builder` pulled), one without serves a published image;
    # a build switched off or empty makes nothing
    text = """\
apiVersion: core.openfunction.io/v1beta2
kind: Function
metadata: {name: function-sample}
spec:
  build:
    builder: openfunction/builder-go:latest
    srcRepo: {url: https://github.com/OpenFunction/samples.git}
  image: openfunctiondev/v1beta1-sample:latest
---
apiVersion: core.openfunction.io/v1beta2
kind: Function
metadata: {name: serving-only}
spec:
  image: openfunctiondev/v1beta1-http:latest
---
apiVersion: example.com/v1
kind: App
metadata: {name: off}
spec:
  build: {enabled: false, builder: acme/builder:1.0}
  image: acme/app:1.2.3
---
apiVersion: example.com/v1
kind: App
metadata: {name: empty}
spec:
  build: {}
  image: acme/other:1.2.3
"""
    scan = scan_kubernetes(text)
    assert errors(scan) == []
    assert [(o.text, o.context["field"]) for o in scan] == [
        ("openfunction/builder-go:latest", "spec.build.builder"),
        ("openfunctiondev/v1beta1-http:latest", "spec.image"),
        ("acme/app:1.2.3", "spec.image"),
        ("acme/other:1.2.3", "spec.image"),
    ]


def test_argo_parameters_in_an_image_are_filled_in() -> None:
    # argoproj/argo-workflows examples (global-parameters.yaml, arguments-parameters.yaml):
    # an image from the workflow's arguments or a template's input, read as Argo fills it in.
    text = """\
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata: {name: w}
spec:
  arguments:
    parameters:
      - {name: tag, value: '3.22.2'}
  templates:
    - name: a
      inputs:
        parameters:
          - {name: image, default: 'python:3.13.1-slim'}
          - name: other
      container: {image: "{{inputs.parameters.image}}"}
    - name: b
      script: {image: "alpine:{{workflow.parameters.tag}}", source: "true"}
    - name: c
      container: {image: "{{inputs.parameters.other}}"}
    - name: d
      container: {image: "{{ item.image }}"}
"""
    from tagsense.sources.templates import as_template

    scan = scan_kubernetes(text)
    assert errors(scan) == []
    assert [(o.text, o.unresolved) for o in scan] == [
        ("python:3.13.1-slim", ()),
        ("alpine:3.22.2", ()),
        ("{{inputs.parameters.other}}", ("inputs.parameters.other",)),
        ("{{ item.image }}", ("item.image",)),
    ]
    # The workflow's variables do not make the file a template of a manifest.
    assert as_template(scan, text, "w.yaml", dockerfile=False, manifest=True) is scan


def test_argo_inline_templates_run_their_images() -> None:
    # argoproj/argo-workflows' examples/dag-inline-workflow.yaml and steps-inline-workflow.yaml
    # (Argo 3.2 on): a DAG task's or a step's `inline:` template runs as a listed one does.
    text = """\
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: dag-inline-}
spec:
  entrypoint: main
  templates:
    - name: main
      dag:
        tasks:
          - name: a
            inline:
              container: {image: "busybox:1.37"}
    - name: steps
      steps:
        - - name: b
            inline:
              steps:
                - - name: c
                    inline:
                      script: {image: "python:3.13-slim", source: "print(1)"}
"""
    scan = scan_kubernetes(text)
    assert errors(scan) == []
    assert [(o.text, o.line) for o in scan] == [("busybox:1.37", 12), ("python:3.13-slim", 20)]


def test_argo_template_defaults_image_is_read_where_a_template_names_none() -> None:
    # argoproj/argo-workflows' test/e2e/functional/template-default-image.yaml: Argo gives
    # templateDefaults' container (script) to each template, whose own image wins.
    text = """\
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: template-default-}
spec:
  entrypoint: main
  templateDefaults:
    container: {image: "alpine:3.22"}
    script: {image: "python:3.13-slim"}
  templates:
    - name: main
      container: {args: [pwd]}
    - name: own
      script: {image: "node:22-slim", source: "1"}
"""
    scan = scan_kubernetes(text)
    assert errors(scan) == []
    # (the script default is no template's: the only script names its own image)
    assert [o.text for o in scan] == ["alpine:3.22", "node:22-slim"]


def test_an_argo_workflow_s_own_executor_plugin_runs_its_sidecar() -> None:
    # argoproj/argo-workflows' examples/workflow-level-executor-plugin.yaml (Argo 4, with
    # ARGO_WORKFLOW_LEVEL_EXECUTOR_PLUGINS): each agent pod runs the plugin's sidecar.
    text = """\
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: plugin-}
spec:
  entrypoint: main
  executorPlugins:
    - metadata: {name: hello}
      spec:
        sidecar:
          container: {name: hello, image: "python:3.13-alpine", ports: [{containerPort: 4355}]}
  templates:
    - name: main
      plugin: {hello: {}}
"""
    scan = scan_kubernetes(text)
    assert errors(scan) == []
    assert [(o.text, o.line, o.context.get("plugin")) for o in scan] == [
        ("python:3.13-alpine", 10, "hello")
    ]


def test_argo_inputs_given_by_the_callers_loops_are_each_item_s_image() -> None:
    # argoproj/argo-workflows (Apache-2.0) at f016ad89eb, examples/loops-maps.yaml and
    # examples/ci.yaml, cut down: the step passes `{{item.image}}` and `{{item.tag}}` for each
    # of its `withItems` (or a `withParam` JSON list); Argo runs the template's container once
    # per item (survey 37e: 4 false TS011 and 14 missed pulls, debian:9.1, ubuntu:17.10…).
    # The entrypoint's inputs are the workflow's arguments (loops-param-argument.yaml).
    text = """\
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: loops-maps-}
spec:
  entrypoint: loop-map-example
  arguments:
    parameters:
      - name: os-list
        value: '[{"image": "debian", "tag": "9.1"}, {"image": "ubuntu", "tag": "17.10"}]'
  templates:
  - name: loop-map-example
    inputs:
      parameters:
      - name: os-list
    steps:
    - - name: test-linux
        template: cat-os-release
        arguments:
          parameters:
          - {name: image, value: "{{item.image}}"}
          - {name: tag, value: "{{item.tag}}"}
        withItems:
        - { image: 'debian', tag: '9.1' }
        - { image: 'alpine', tag: '3.6' }
    - - name: from-param
        template: cat-os-release
        arguments:
          parameters:
          - {name: image, value: "{{item.image}}"}
          - {name: tag, value: "{{item.tag}}"}
        withParam: "{{inputs.parameters.os-list}}"
    - - name: from-a-step
        template: other
        arguments:
          parameters:
          - {name: image, value: "{{steps.pick.outputs.result}}"}
  - name: cat-os-release
    inputs:
      parameters:
      - name: image
      - name: tag
    container:
      image: "{{inputs.parameters.image}}:{{inputs.parameters.tag}}"
  - name: other
    inputs:
      parameters:
      - name: image
    dag:
      tasks:
      - {name: t, template: echo, arguments: {parameters: [{name: text, value: "{{item}}"}]},
         withItems: [a, b]}
    container:
      image: "{{inputs.parameters.image}}"
  - name: echo
    inputs:
      parameters:
      - name: text
    container: {image: "busybox:1.37.0", args: ["{{inputs.parameters.text}}"]}
"""
    scan = scan_kubernetes(text)
    assert errors(scan) == []
    assert [(o.line, o.text, o.unresolved) for o in scan] == [
        (43, "debian:9.1", ()),
        (43, "alpine:3.6", ()),
        (43, "ubuntu:17.10", ()),
        # (what only a run gives, another step's output, is still the run's)
        (53, "{{inputs.parameters.image}}", ("inputs.parameters.image",)),
        (58, "busybox:1.37.0", ()),
    ]


def test_an_argo_resource_template_s_manifest_is_read_at_its_place() -> None:
    # volcano-sh/volcano (trimmed; Apache-2.0) example/integrations/argo/10-job-step.yaml: the
    # resource template creates a Volcano Job whose task runs docker/whalesay (survey 31a: 5
    # pulls missed in its Argo examples), with the workflow's variables filled in.
    text = """\
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: volcano-step-job-}
spec:
  entrypoint: volcano-step-job
  arguments:
    parameters: [{name: tag, value: '0.0.3'}]
  templates:
  - name: hello-tmpl
    inputs:
      parameters:
      - name: task
    resource:
      action: create
      manifest: |
        apiVersion: batch.volcano.sh/v1alpha1
        kind: Job
        metadata:
          generateName: step-job-{{inputs.parameters.task}}-
        spec:
          tasks:
          - replicas: 2
            template:
              spec:
                containers:
                - image: docker/whalesay
                  name: hello
                - image: 'volcanosh/example-mpi:{{workflow.parameters.tag}}'
                  name: mpi
  - name: folded
    resource:
      manifest: >
        apiVersion: v1
        kind: Pod
        spec: {containers: [{image: folded/ignored}]}
"""
    scan = scan_kubernetes(text)
    assert errors(scan) == []
    lines = text.split("\n")
    assert [(o.text, o.line, o.column) for o in scan] == [
        ("docker/whalesay", 26, 26),
        ("volcanosh/example-mpi:0.0.3", 28, 27),
    ]
    for o in scan:  # (the place is the image's text in the file)
        assert lines[o.line - 1][o.column - 1 :].lstrip("'").startswith(o.raw.split(":")[0])
    assert scan.occurrences[0].context["template"] == "hello-tmpl"


def test_a_go_template_in_an_argo_image_is_still_a_template() -> None:
    text = (
        "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: w}\nspec:\n"
        "  templates:\n    - name: a\n      container: {image: '{{ .Values.image }}'}\n"
    )
    from tagsense.sources.templates import as_template

    scan = scan_kubernetes(text)
    (note,) = as_template(scan, text, "w.yaml", dockerfile=False, manifest=True).errors
    assert note.note and "a template" in note.message


def test_substitution_variables_in_a_manifest_are_unresolved_or_take_their_default() -> None:
    # kubernetes-sigs/cluster-api test/e2e/data/autoscaler/autoscaler-to-workload-workload.yaml
    # (clusterctl fills ${AUTOSCALER_VERSION} in); Flux's postBuild.substitute takes
    # ${NAME:=default}, envsubst ${NAME:-default}.
    text = (
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
        "    - {name: a, image: 'registry.k8s.io/autoscaling/cluster-autoscaler:"
        "${AUTOSCALER_VERSION}'}\n"
        "    - {name: b, image: 'ghcr.io/acme/api:${TAG:=1.4.2}'}\n"
        "    - {name: c, image: '${REGISTRY:-docker.io}/library/redis:7.2.4'}\n"
        "    - {name: d, image: 'redis:$TAG'}\n"
        # ray-project/kuberay ray-operator/config/samples/vllm/ray-service.vllm-tpu-v6e-
        # singlehost.yaml: "# replace $VLLM_IMAGE with your vLLM container image"
        "    - {name: e, image: $VLLM_IMAGE}\n"
        # kubernetes-sigs/cluster-api-provider-azure templates/addons/windows/calico/
        # kube-proxy-windows.yaml (Apache-2.0; survey 32b): drone/envsubst's bash-like change
        "    - {name: f, image: 'sigwindowstools/kube-proxy:${KUBERNETES_VERSION/+/_}-calico'}\n"
    )
    scan = scan_kubernetes(text)
    assert errors(scan) == []
    assert [(o.text, o.unresolved, o.run_time) for o in scan] == [
        ("registry.k8s.io/autoscaling/cluster-autoscaler:${AUTOSCALER_VERSION}",
         ("AUTOSCALER_VERSION",), None),
        ("ghcr.io/acme/api:1.4.2", (), None),
        ("docker.io/library/redis:7.2.4", (), None),
        # (envsubst's bare form too: a placeholder, not an upper-case repository's TS012)
        ("redis:$TAG", ("TAG",), None),
        ("$VLLM_IMAGE", ("VLLM_IMAGE",), None),
        ("sigwindowstools/kube-proxy:${KUBERNETES_VERSION/+/_}-calico",
         ("KUBERNETES_VERSION",), None),
    ]  # fmt: skip
    import datetime

    from tagsense import check

    codes = [(f.line, f.code) for f in check(scan, as_of=datetime.date(2026, 12, 1))]
    assert codes == [(6, "TS011"), (9, "TS011"), (10, "TS011"), (11, "TS011")]


def test_an_operator_s_related_images_are_pulls(tmp_path: Path) -> None:
    # mariadb-operator/mariadb-operator config/manager/manager.yaml: OLM's RELATED_IMAGE_*
    # variables name the images the operator deploys. A value that is only a name
    # (RELATED_IMAGE_MARIADB_NAME: mariadb) is no pullspec; other variables are not images.
    text = (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: op}\nspec:\n  template:\n"
        "    spec:\n      containers:\n        - name: manager\n          image: op:1.0.0\n"
        "          env:\n"
        "            - {name: RELATED_IMAGE_MARIADB, value: 'mariadb:11.4.5'}\n"
        "            - {name: RELATED_IMAGE_MARIADB_NAME, value: mariadb}\n"
        "            - {name: OPERATOR_IMAGE, value: 'ghcr.io/acme/op:1.0.0'}\n"
        "            - {name: RELATED_IMAGE_EXPORTER, value: 'prom/mysqld-exporter:latest'}\n"
    )
    found = [(o.line, o.text, o.context.get("env")) for o in scan_kubernetes(text)]
    assert found == [
        (9, "op:1.0.0", None),
        (11, "mariadb:11.4.5", "RELATED_IMAGE_MARIADB"),
        (14, "prom/mysqld-exporter:latest", "RELATED_IMAGE_EXPORTER"),
    ]
    # A kustomize patch of one variable replaces that one only; `images:` leaves them alone.
    (tmp_path / "deploy.yaml").write_text(text)
    (tmp_path / "patch.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: op}\nspec:\n  template:\n"
        "    spec:\n      containers:\n        - name: manager\n          env:\n"
        "            - {name: RELATED_IMAGE_EXPORTER, value: 'prom/mysqld-exporter:v0.15.1'}\n"
    )
    (tmp_path / "kustomization.yaml").write_text(
        "resources: [deploy.yaml]\npatches: [{path: patch.yaml}]\n"
        "images: [{name: mariadb, newTag: '12.0.2'}]\n"
    )
    from tagsense.sources.kustomize import scan_kustomization

    kustomized = sorted((Path(o.path or "").name, o.text) for o in scan_kustomization(tmp_path))
    assert kustomized == [
        ("deploy.yaml", "mariadb:11.4.5"),
        ("deploy.yaml", "op:1.0.0"),
        ("patch.yaml", "prom/mysqld-exporter:v0.15.1"),
    ]


def test_a_controller_s_image_options_are_pulls(tmp_path: Path) -> None:
    # argoproj/argo-helm's argo-workflows chart: the controller starts every workflow's pods
    # with `--executor-image quay.io/argoproj/argoexec:…`; prometheus-community's
    # kube-prometheus-stack gives its operator `--thanos-default-base-image=quay.io/thanos/…`;
    # cert-manager's `--acme-http01-solver-image=…` (survey 31m). An option whose value is no
    # pullspec (a secret, a registry, a tag alone, a run's variable) names none.
    text = (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: wc}\nspec:\n  template:\n"
        "    spec:\n      containers:\n        - name: controller\n"
        "          image: quay.io/argoproj/workflow-controller:v4.0.6\n"
        "          args:\n"
        '            - "--executor-image"\n'
        '            - "quay.io/argoproj/argoexec:v4.0.6"\n'
        "            - --thanos-default-base-image=quay.io/thanos/thanos:v0.42.4\n"
        "            - --image-pull-secret=regcred\n"
        "            - --image-repository=registry.k8s.io\n"
        "            - --default-image-tag=v1.2\n"
        "            - --sidecar-image=${SIDECAR}\n"
        "            - --imagefile=a:b\n"
        "          command: [/bin/op, -solver_image, 'quay.io/jetstack/acmesolver:v1.15.0']\n"
    )
    found = [(o.line, o.column, o.text, o.context.get("option")) for o in scan_kubernetes(text)]
    assert found == [
        (9, 18, "quay.io/argoproj/workflow-controller:v4.0.6", None),
        (12, 16, "quay.io/argoproj/argoexec:v4.0.6", "--executor-image"),
        (13, 43, "quay.io/thanos/thanos:v0.42.4", "--thanos-default-base-image"),
        (19, 46, "quay.io/jetstack/acmesolver:v1.15.0", "-solver_image"),
    ]


# jenkins-x/jx3-gitops-template (Apache-2.0) .lighthouse/jenkins-x/pullrequest.yaml (trimmed,
# the catalog's paths shortened):
# Lighthouse replaces a step whose image is `uses:OWNER/REPO/PATH@REF` with the steps of that
# file (13 false TS012 before, session 32 s32e).
LIGHTHOUSE = """\
apiVersion: tekton.dev/v1beta1
kind: PipelineRun
metadata:
  name: pullrequest
spec:
  pipelineSpec:
    tasks:
    - name: from-build-pack
      taskSpec:
        stepTemplate:
          image: uses:jenkins-x/jx3-pipeline-catalog/tasks/environment/pr.yaml@versionStream
          workingDir: /workspace/source
        steps:
        - image: uses:jenkins-x/jx3-pipeline-catalog/tasks/git-clone/git-clone.yaml@versionStream
        - name: make-pr
          image: ghcr.io/jenkins-x/jx-boot:3.10.3
"""


def test_a_lighthouse_uses_step_is_no_image() -> None:
    scan = scan_kubernetes(LIGHTHOUSE, path="pullrequest.yaml")
    assert [(o.line, o.raw) for o in scan] == [(16, "ghcr.io/jenkins-x/jx-boot:3.10.3")]
    assert scan.errors == ()


# from GoogleContainerTools/kpt-functions-catalog@3df40d5acf6bca371daec93faed20172a346309c
# contrib/examples/sops-age/Kptfile
KPTFILE = """\
apiVersion: kpt.dev/v1
kind: Kptfile
metadata:
  name: age-example
info:
  description: null
pipeline:
  mutators:
    - image: 'gcr.io/kpt-fn/apply-setters:unstable'
      configPath: apply-setters.yaml
"""


def test_a_kpt_package_s_kptfile_runs_its_pipeline_s_function_images(tmp_path: Path) -> None:
    # (kpt fn render pulls each function's image; a Kptfile has no .yaml suffix, and was not
    # found: 77 images of kpt-functions-catalog's packages, survey 35c)
    from tagsense import find_references
    from tagsense.sources.discover import discover, kind_of_file

    (tmp_path / "Kptfile").write_text(KPTFILE)
    assert kind_of_file("pkg/Kptfile") == "kubernetes"
    assert kind_of_file("pkg/Kptfile.md") is None
    assert discover([str(tmp_path)]) == [(str(tmp_path / "Kptfile"), "kubernetes")]
    found = [(o.line, o.column, o.text) for o in find_references(str(tmp_path / "Kptfile"))]
    assert found == [(9, 15, "gcr.io/kpt-fn/apply-setters:unstable")]


# from crossplane-contrib/function-patch-and-transform@55116ae050af09d89d6bc83d47e95fe5aa65909c
# example/multistep/functions.yaml
CROSSPLANE_FUNCTIONS = """\
---
apiVersion: pkg.crossplane.io/v1
kind: Function
metadata:
  name: function-patch-and-transform
spec:
  package: xpkg.upbound.io/crossplane-contrib/function-patch-and-transform:v0.5.0
---
apiVersion: pkg.crossplane.io/v1
kind: Function
metadata:
  name: function-go-templating
spec:
  package: xpkg.upbound.io/crossplane-contrib/function-go-templating:v0.4.1
---
apiVersion: pkg.crossplane.io/v1
kind: Provider
metadata:
  name: provider-aws
spec:
  package: crossplane/provider-aws
"""


def test_a_crossplane_package_is_the_image_its_package_manager_pulls() -> None:
    from tagsense.sources.kubernetes import scan_kubernetes

    scan = scan_kubernetes(CROSSPLANE_FUNCTIONS, path="functions.yaml")
    assert [(o.line, o.column, o.text) for o in scan.occurrences] == [
        (7, 12, "xpkg.upbound.io/crossplane-contrib/function-patch-and-transform:v0.5.0"),
        (14, 12, "xpkg.upbound.io/crossplane-contrib/function-go-templating:v0.4.1"),
        (21, 12, "crossplane/provider-aws"),
    ]
    # (a package's own metadata, meta.pkg.crossplane.io, names the packages it depends on
    # by version constraints: no image)
    meta = CROSSPLANE_FUNCTIONS.replace("pkg.crossplane.io/v1", "meta.pkg.crossplane.io/v1")
    assert list(scan_kubernetes(meta, path="crossplane.yaml").occurrences) == []


def test_a_whole_object_a_custom_resource_embeds_is_read_as_its_own_kind() -> None:
    # argoproj/argo-events examples/sensors/amqp.yaml and trigger-standard-k8s-resource.yaml
    # (trimmed): a Sensor creates its trigger's `source.resource` when an event comes; the
    # Workflow's untagged `busybox` is Argo's to pull (`:latest`), as a Pod's is (survey s43c)
    text = """\
apiVersion: argoproj.io/v1alpha1
kind: Sensor
metadata: {name: amqp}
spec:
  triggers:
    - template:
        name: workflow-trigger
        k8s:
          operation: create
          source:
            resource:
              apiVersion: argoproj.io/v1alpha1
              kind: Workflow
              metadata: {generateName: amqp-}
              spec:
                entrypoint: print-message
                templates:
                  - name: print-message
                    container:
                      image: busybox
    - template:
        name: pod-trigger
        k8s:
          source:
            resource:
              apiVersion: v1
              kind: Pod
              metadata: {generateName: hello-world-}
              spec:
                containers:
                  - {name: hello, image: busybox}
    - template:
        name: config
        k8s:
          source:
            resource:
              apiVersion: v1
              kind: ConfigMap
              metadata: {name: c}
              data: {image: busybox}
"""
    scan = scan_kubernetes(text)
    assert errors(scan) == []
    assert [(o.line, o.text, o.context["kind"]) for o in scan] == [
        (20, "busybox", "Workflow"),
        (31, "busybox", "Pod"),
    ]
    from tagsense import check

    assert [f.code for f in check(scan)] == ["TS002", "TS002"]


def test_a_config_map_s_literal_block_of_an_object_gives_its_images() -> None:
    """kubeflow/katib's trial-templates ConfigMap (survey s51d): each key's literal block
    (`|-`, named with `.yaml` or not) that holds an object is read as that object, at the
    file's own lines and columns; a block of other text, or one that is no object, is not."""
    text = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: trial-templates, namespace: kubeflow}
data:
  defaultTrialTemplate.yaml: |-
    apiVersion: batch/v1
    kind: Job
    spec:
      template:
        spec:
          containers:
            - name: training-container
              image: ghcr.io/kubeflow/katib/pytorch-mnist-cpu:v0.19.0
  enasCPUTemplate: |-
    apiVersion: batch/v1
    kind: Job
    spec:
      template:
        spec:
          containers:
            - name: training-container
              image: ghcr.io/kubeflow/katib/enas-cnn-cifar10-cpu:v0.19.0
  notes: |
    image: alpine:3.20
  values.yaml: |
    image: {repository: busybox, tag: "1.36"}
  inline: "apiVersion: v1\\nkind: Pod\\nspec: {containers: [{name: a, image: debian:12}]}"
"""
    scan = scan_kubernetes(text)
    assert errors(scan) == []
    lines = text.split("\n")
    found = [(o.line, o.column, o.text, o.context["kind"], o.context["field"]) for o in scan]
    assert found == [
        (13, 22, "ghcr.io/kubeflow/katib/pytorch-mnist-cpu:v0.19.0", "Job",
         "data.defaultTrialTemplate.yaml"),
        (22, 22, "ghcr.io/kubeflow/katib/enas-cnn-cifar10-cpu:v0.19.0", "Job",
         "data.enasCPUTemplate"),
    ]  # fmt: skip
    assert all(lines[o.line - 1][o.column - 1 :].startswith(o.text) for o in scan)
