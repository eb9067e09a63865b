"""Pulumi YAML programs: the images a ``Pulumi.yaml`` with ``runtime: yaml`` runs (survey 36f,
a class session 35c left: 4 images missed, 1 more found in pulumi/examples)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import given, settings
from hypothesis import strategies as st

from tagsense import find_references
from tagsense.sources.platforms.pulumi_yaml import scan_pulumi_yaml

if TYPE_CHECKING:
    from pathlib import Path

# from pulumi/pulumi-awsx@e60adf3cf01f3ac03cc6bc846cdd0df320afed23
# examples/ecs-capacity-providers/Pulumi.yaml (shortened)
AWSX = """\
name: ecs-capacity-providers
runtime: yaml
description: An ECS cluster with capacity providers

resources:
  cluster:
    type: aws:ecs:Cluster

  fargateTask:
    type: awsx:ecs:FargateTaskDefinition
    properties:
      container:
        image: nginx:latest
        name: nginx
        cpu: 512
        memory: 128
        essential: true

  myService:
    type: awsx:ecs:FargateService
    properties:
      cluster: ${cluster.arn}
      taskDefinition: ${fargateTask.taskDefinition.arn}
"""
# from pulumi/pulumi-docker@237b7899bb513613a7645e74d6981c12d054dcc7
# examples/test-swarm/service/Pulumi.yaml
SWARM = """\
name: swarm-service
runtime: yaml
resources:
  service:
    type: docker:Service
    properties:
      taskSpec:
        containerSpec:
          image: nginx
"""
# from pulumi/examples@40c09b266d44e9975e15289c42cc0c2ad8d14995
# kubernetes-yaml/Pulumi.yaml (shortened)
KUBERNETES = """\
name: simple-kubernetes
runtime: yaml
config:
  hostname:
    default: example.com
    type: string
resources:
  nginx-demo: # namespace name generated based on resource name
    type: kubernetes:core/v1:Namespace
  app:
    type: kubernetes:apps/v1:Deployment
    properties:
      metadata:
        namespace: ${nginx-demo.metadata.name}
      spec:
        selector:
          matchLabels:
            app.kubernetes.io/name: nginx-demo
        replicas: 1
        template:
          metadata:
            labels:
              app.kubernetes.io/name: nginx-demo
          spec:
            containers: [{ name: app, image: "nginx:1.15-alpine" }]
"""


def _images(tmp_path: Path, text: str, name: str = "Pulumi.yaml") -> list[tuple[str, int]]:
    (tmp_path / name).write_text(text)
    found = find_references(str(tmp_path / name))
    assert found.errors == ()
    return [(str(each.reference), each.line) for each in found]


def test_an_awsx_task_definition_s_container_runs_its_image(tmp_path: Path) -> None:
    assert _images(tmp_path, AWSX) == [("docker.io/library/nginx:latest", 13)]


def test_a_swarm_service_s_container_spec_runs_its_image(tmp_path: Path) -> None:
    assert _images(tmp_path, SWARM) == [("docker.io/library/nginx", 9)]  # (TS002)


def test_a_kubernetes_resource_s_containers_run_their_images(tmp_path: Path) -> None:
    assert _images(tmp_path, KUBERNETES) == [("docker.io/library/nginx:1.15-alpine", 25)]


def test_a_remote_image_and_a_container_resource_pull_theirs(tmp_path: Path) -> None:
    text = """\
name: docker
runtime:
  name: yaml
resources:
  redis:
    type: docker:RemoteImage
    properties:
      name: redis:7.2
  web:
    type: docker:Container
    properties:
      image: ${redis.imageId}
  db:
    type: docker:Container
    properties:
      image: postgres:16.4
  built:
    type: docker:Image
    properties:
      imageName: acme/app:1.0
"""
    assert _images(tmp_path, text) == [
        ("docker.io/library/redis:7.2", 8),
        ("docker.io/library/postgres:16.4", 16),
    ]


def test_values_pulumi_computes_and_other_runtimes_are_not_read(tmp_path: Path) -> None:
    computed = AWSX.replace("image: nginx:latest", "image: ${config.image}")
    assert _images(tmp_path, computed) == []
    other = AWSX.replace("runtime: yaml", "runtime: nodejs")
    assert _images(tmp_path, other) == []
    # (a stack's configuration file is no program)
    assert _images(tmp_path, AWSX, "Pulumi.dev.yaml") == []


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="runtime:yaml resources:\n -{}[]image$", max_size=120))
def test_a_project_file_never_raises(text: str) -> None:
    scan = scan_pulumi_yaml("runtime: yaml\nresources:\n" + text, "Pulumi.yaml")
    assert scan is None or all(each.kind == "iac-program" for each in scan)
