"""Infrastructure-as-code programs: the images of the containers Pulumi, AWS CDK, cdk8s and
CDK for Terraform programs declare (sources.builds.iac_node and iac_python, read by
sources.builds.node and sources.builds.python)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tagsense.sources import scan_paths
from tagsense.sources.builds.node import scan_node_source
from tagsense.sources.builds.python import scan_python_source

if TYPE_CHECKING:
    from pathlib import Path

# from pulumi/examples@40c09b266d44e9975e15289c42cc0c2ad8d14995 gcp-ts-gke/index.ts
GKE = """\
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { k8sConfig, k8sProvider } from "./cluster";

// Create a canary deployment to test that this cluster works.
const name = `${pulumi.getProject()}-${pulumi.getStack()}`;
const canaryLabels = { app: `canary-${name}` };
const canary = new k8s.apps.v1.Deployment("canary", {
    spec: {
        selector: { matchLabels: canaryLabels },
        replicas: 1,
        template: {
            metadata: { labels: canaryLabels },
            spec: { containers: [{ name, image: "nginx" }] },
        },
    },
}, { provider: k8sProvider });
"""

# from pulumi/examples@40c09b266d44e9975e15289c42cc0c2ad8d14995
# digitalocean-ts-loadbalanced-droplets/index.ts, cut down: a droplet's image is no container's
DROPLETS = """\
import * as digitalocean from "@pulumi/digitalocean";
const droplets = [];
for (let i = 0; i < 2; i++) {
    droplets.push(new digitalocean.Droplet(`web-${i}`, {
        image: "ubuntu-20-04-x64",
        region: region,
    }));
}
"""

# from aws-samples/aws-cdk-examples@bccff1d2775e4b0bf777721c6b41c0107e122f73
# typescript/ecs/fargate-service-with-efs/index.ts, cut down
CDK_ECS = """\
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as cdk from 'aws-cdk-lib';

    const taskDef = new ecs.FargateTaskDefinition(this, "MyTaskDefinition", {
        memoryLimitMiB: 512,
        cpu: 256,
    });
    const containerDef = new ecs.ContainerDefinition(this, "MyContainerDefinition", {
      image: ecs.ContainerImage.fromRegistry("coderaiser/cloudcmd"),
      taskDefinition: taskDef
    });
    const local = ecs.ContainerImage.fromAsset("./app");
"""

# from pulumi/pulumi-awsx@e60adf3cf01f3ac03cc6bc846cdd0df320afed23
# examples_legacy/ec2/update2/index.ts, cut down: awsx's task definition takes one container,
# or a map of them
AWSX = """\
import * as awsx from "@pulumi/awsx";
const simpleNginx = new awsx.ecs.EC2TaskDefinition("simple-nginx", {
    container: {
        image: "nginx",
        memory: 64,
    },
}, providerOpts);
const services = new awsx.ecs.FargateService("s", {
    taskDefinitionArgs: {
        containers: {
            redis: { image: "redis:alpine", memory: 512 },
        },
    },
});
"""

# from hashicorp/terraform-cdk@a0c56138e2b4c7b6c128bd7ba08a8e317df852af
# examples/typescript/docker/main.ts, cut down
CDKTF_DOCKER = """\
import { App, TerraformStack } from "cdktf";
import { Image } from "./.gen/providers/docker/image";
import { Container } from "./.gen/providers/docker/container";

    this.dockerImage = new Image(this, "nginxImage", {
      name: "nginx:latest",
      keepLocally: false,
    });
    new Container(this, "nginxContainer", {
      image: this.dockerImage.latest,
      name: "tutorial",
    });
"""


def images(text: str, path: str = "index.ts") -> list[tuple[int, int, str, str]]:
    found = scan_node_source(text, path=path)
    return [(o.line, o.column, o.text, str(o.context["call"])) for o in found]


def test_a_pulumi_kubernetes_container_image_is_read() -> None:
    (occurrence,) = scan_node_source(GKE, path="index.ts")
    assert (occurrence.line, occurrence.column, occurrence.text) == (14, 50, "nginx")
    assert occurrence.kind == "iac-program"
    assert dict(occurrence.context) == {"tool": "pulumi", "call": "image"}


def test_a_virtual_machine_image_is_not_a_container_image() -> None:
    assert images(DROPLETS) == []
    vm = 'import * as gcp from "@pulumi/gcp";\n' + (
        'new gcp.compute.Instance("vm", { bootDisk: { initializeParams: '
        '{ image: "debian-cloud/debian-12" } } });\n'
    )
    assert images(vm) == []


def test_a_cdk_registry_image_is_pulled_and_an_asset_is_built() -> None:
    assert images(CDK_ECS) == [(9, 47, "coderaiser/cloudcmd", "fromRegistry")]
    assert next(iter(scan_node_source(CDK_ECS, path="index.ts"))).context["tool"] == "aws-cdk"


def test_awsx_containers_one_or_a_map() -> None:
    assert [found[2] for found in images(AWSX)] == ["nginx", "redis:alpine"]


def test_cdktf_docker_image_resource_pulls_its_name() -> None:
    assert images(CDKTF_DOCKER) == [(6, 14, "nginx:latest", "Image")]
    # (without the Docker provider, an Image's name is not an image's)
    other = CDKTF_DOCKER.replace("providers/docker", "providers/google")
    assert images(other) == []


def test_pulumi_remote_image_and_constants() -> None:
    text = """\
import * as docker from "@pulumi/docker";
const REDIS = "redis:6.2";
const redisImage = new docker.RemoteImage("redisImage", { name: REDIS, keepLocally: true });
const ui = new docker.RemoteImage("ui", { name: `${prefix}/ui` });
"""
    assert images(text) == [(2, 16, "redis:6.2", "RemoteImage")]


def test_a_unit_test_deploys_nothing() -> None:
    text = AWSX
    assert images(text, "awsx/ecs/container.test.ts") == []
    assert images(text, "__tests__/main-test.ts") == []


def test_a_source_without_an_sdk_is_not_read() -> None:
    assert images(GKE.replace("@pulumi/", "@acme/")) == []


def test_only_packages_that_depend_on_an_sdk_are_read(tmp_path: Path) -> None:
    app = tmp_path / "gcp-ts-gke"
    app.mkdir()
    (app / "package.json").write_text('{"dependencies": {"@pulumi/kubernetes": "4.28.0"}}')
    (app / "index.ts").write_text(GKE)
    other = tmp_path / "site"
    other.mkdir()
    (other / "package.json").write_text('{"name": "site"}')
    (other / "index.ts").write_text(GKE)
    assert [(o.path, o.line, o.kind) for o in scan_paths([str(tmp_path)])] == [
        (str(app / "index.ts"), 14, "iac-program")
    ]


@given(st.text(alphabet="{}[]():,'\"` \nimage containers", max_size=80))
def test_any_text_after_an_import_reads_without_raising(tail: str) -> None:
    scan_node_source('import * as k8s from "@pulumi/kubernetes";\n' + tail, path="index.ts")


# from pulumi/examples@40c09b266d44e9975e15289c42cc0c2ad8d14995 gcp-py-gke/__main__.py and
# aws-py-fargate/__main__.py, cut down
PY_PULUMI = """\
import json
import pulumi
from pulumi_kubernetes.apps.v1 import Deployment, DeploymentSpecArgs
from pulumi_kubernetes.core.v1 import ContainerArgs, PodSpecArgs, PodTemplateSpecArgs
import pulumi_aws as aws
import pulumi_gcp as gcp

canary = Deployment(
    "canary",
    spec=DeploymentSpecArgs(
        template=PodTemplateSpecArgs(
            spec=PodSpecArgs(containers=[ContainerArgs(name="nginx", image="nginx")]),
        ),
    ),
)
task_definition = aws.ecs.TaskDefinition(
    "app-task",
    container_definitions=json.dumps([{
        "name": "my-app",
        "image": "nginx",
    }]),
)
vm = gcp.compute.Instance(
    "vm",
    boot_disk=gcp.compute.InstanceBootDiskArgs(
        initialize_params=gcp.compute.InstanceBootDiskInitializeParamsArgs(
            image="debian-cloud/debian-9-stretch-v20181210"
        )
    ),
)
"""

# from aws-samples/aws-cdk-examples@bccff1d2775e4b0bf777721c6b41c0107e122f73
# python/ecs/ecs-service-with-task-placement/app.py, cut down
PY_CDK = """\
from aws_cdk import aws_ecs as ecs, App, Stack

task_definition.add_container(
    "TheContainer",
    image=ecs.ContainerImage.from_registry("nginx:latest"),
    memory_limit_mib=256
)
"""


def py_images(text: str, path: str = "__main__.py") -> list[tuple[int, int, str, str]]:
    return [
        (o.line, o.column, o.text, str(o.context["call"]))
        for o in scan_python_source(text, path=path)
    ]


def test_python_pulumi_containers_and_task_definitions() -> None:
    assert py_images(PY_PULUMI) == [(12, 77, "nginx", "image"), (20, 19, "nginx", "image")]
    (first, _) = scan_python_source(PY_PULUMI, path="__main__.py")
    assert first.kind == "iac-program"
    assert first.context["tool"] == "pulumi"


def test_python_cdk_registry_image() -> None:
    assert py_images(PY_CDK) == [(5, 45, "nginx:latest", "from_registry")]


def test_python_remote_image_and_unit_tests() -> None:
    text = 'import pulumi_docker as docker\nr = docker.RemoteImage("r", name="redis:6.2")\n'
    assert py_images(text) == [(2, 35, "redis:6.2", "RemoteImage")]
    assert py_images(text, "tests/test_main.py") == []


def test_python_sources_that_import_an_sdk_are_found(tmp_path: Path) -> None:
    (tmp_path / "__main__.py").write_text(PY_CDK)
    (tmp_path / "other.py").write_text(PY_CDK.replace("aws_cdk", "acme"))
    assert [(o.line, o.kind) for o in scan_paths([str(tmp_path)])] == [(5, "iac-program")]


def test_generated_bindings_are_no_program(tmp_path: Path) -> None:
    # (cdk8s-team/cdk8s-examples: imports/k8s.ts, 1 MB, "// generated by cdk8s"; the Python
    # bindings import jsii; pulumi/pulumi-docker's sdk/: "generated by pulumi-language-…")
    generated = "// generated by cdk8s\n" + GKE
    assert images(generated) == []
    py = "import jsii\nimport cdk8s as _cdk8s\n" + PY_CDK
    assert py_images(py) == []
    (tmp_path / "imports.py").write_text(py)
    assert list(scan_paths([str(tmp_path)])) == []


# from pulumi/examples@40c09b266d44e9975e15289c42cc0c2ad8d14995
# kubernetes-go-exposed-deployment/main.go and gcp-go-instance/main.go, cut down
GO_PULUMI = """\
package main

import (
\tappsv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apps/v1"
\tcorev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
\t"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
\tpulumi.Run(func(ctx *pulumi.Context) error {
\t\t_, err := appsv1.NewDeployment(ctx, appName, &appsv1.DeploymentArgs{
\t\t\tSpec: appsv1.DeploymentSpecArgs{
\t\t\t\tTemplate: &corev1.PodTemplateSpecArgs{
\t\t\t\t\tSpec: &corev1.PodSpecArgs{
\t\t\t\t\t\tContainers: corev1.ContainerArray{
\t\t\t\t\t\t\tcorev1.ContainerArgs{
\t\t\t\t\t\t\t\tName:  pulumi.String(appName),
\t\t\t\t\t\t\t\tImage: pulumi.String("nginx:1.15-alpine"),
\t\t\t\t\t\t\t}},
\t\t\t\t\t},
\t\t\t\t},
\t\t\t},
\t\t})
\t\t_, err = compute.NewInstance(ctx, "instance", &compute.InstanceArgs{
\t\t\tBootDisk: &compute.InstanceBootDiskArgs{
\t\t\t\tInitializeParams: &compute.InstanceBootDiskInitializeParamsArgs{
\t\t\t\t\tImage: pulumi.String("debian-cloud/debian-9"),
\t\t\t\t},
\t\t\t},
\t\t})
\t\treturn err
\t})
}
"""

# from aws-samples/aws-cdk-examples@bccff1d2775e4b0bf777721c6b41c0107e122f73
# go/ecs/fargate-alb-pattern/fargate-alb-pattern.go, cut down
GO_CDK = """\
import (
\t"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
)
\t\tTaskImageOptions: &ecs_patterns.ApplicationLoadBalancedTaskImageOptions{
\t\t\tImage: ecs.ContainerImage_FromRegistry(jsii.String("amazon/amazon-ecs-sample"),
\t\t\t\t&ecs.RepositoryImageProps{}),
\t\t},
"""


def test_go_pulumi_containers_and_cdk_registry_images() -> None:
    from tagsense.sources.builds.iac_go import resource_images

    found = [(o.line, o.column, o.text) for o in resource_images(GO_PULUMI, "main.go")]
    assert found == [(18, 31, "nginx:1.15-alpine")]
    (cdk,) = resource_images(GO_CDK, "app.go")
    assert (cdk.line, cdk.column, cdk.text, cdk.context["tool"]) == (
        5,
        56,
        "amazon/amazon-ecs-sample",
        "aws-cdk",
    )
    assert resource_images(GO_CDK, "app_test.go") == []


def test_go_programs_are_found(tmp_path: Path) -> None:
    (tmp_path / "main.go").write_text(GO_PULUMI)
    (tmp_path / "other.go").write_text(GO_PULUMI.replace("github.com/pulumi/", "example.com/"))
    assert [(o.line, o.text) for o in scan_paths([str(tmp_path)])] == [(18, "nginx:1.15-alpine")]


# after cloudnative-pg/cloudnative-pg's internal/cmd/plugin/fio/fio.go (`kubectl cnpg fio`
# makes a Deployment of `Image: fioImage`, a constant of the file: missed, survey 40g)
GO_CLIENT = """\
package fio

import (
\t"fmt"

\tcorev1 "k8s.io/api/core/v1"
)

const (
\tfioImage = "docker.io/wallnerryan/fiotools-aio:v2"
\trepo     = "busybox"
)

func containers(spec Spec, tag string) []corev1.Container {
\tpinned := "1.36.1"
\thelper := corev1.Container{Name: "helper", Image: fmt.Sprintf("%s:%s", repo, pinned)}
\treturn []corev1.Container{
\t\t{
\t\t\tName:  "fio",
\t\t\tImage: fioImage,
\t\t\tPorts: []corev1.ContainerPort{{ContainerPort: 8000}},
\t\t},
\t\t{Name: "init", Image: "alpine:3.20.3"},
\t\t{Name: "user", Image: spec.Image},
\t\t{Name: "tagged", Image: fmt.Sprintf("%s:%s", repo, tag)},
\t\thelper,
\t}
}
"""


def test_go_client_go_containers(tmp_path: Path) -> None:
    # The Image of a Container literal: a constant, a literal, fmt.Sprintf of known values; a
    # field of the spec or a parameter is the run's. A test, or a fake client's package, makes
    # nothing a kubelet pulls.
    (tmp_path / "go.mod").write_text("module example.com/op\n\ngo 1.22\n")
    (tmp_path / "fio").mkdir()
    (tmp_path / "fio" / "fio.go").write_text(GO_CLIENT)
    (tmp_path / "fio" / "fio_test.go").write_text(
        'package fio\n\nimport corev1 "k8s.io/api/core/v1"\n\n'
        'var pod = corev1.Container{Image: "debian:12.8"}\n'
    )
    (tmp_path / "validating").mkdir()
    (tmp_path / "validating" / "pods.go").write_text(
        # (kruise's sidecarset webhook validates a fake pod of Kubernetes' internal types)
        'package validating\n\nimport (\n\t"k8s.io/kubernetes/pkg/apis/core"\n'
        '\t_ "k8s.io/api/core/v1"\n)\n\n'
        'var pod = []core.Container{{Name: "test", Image: "busybox"}}\n'
    )
    (tmp_path / "fake").mkdir()
    (tmp_path / "fake" / "pods.go").write_text(GO_CLIENT.replace("alpine", "ubuntu"))
    # (kubernetes-sigs/kueue's unit tests build their jobs with pkg/util/testingjobs/)
    for helpers in ("pkg/util/testingjobs/job", "internal/testhelpers", "pkg/integrationtests"):
        (tmp_path / helpers).mkdir(parents=True)
        (tmp_path / helpers / "wrappers.go").write_text(GO_CLIENT.replace("alpine", "fedora"))
    # (cloudnative-pg's and external-secrets' tests are a module of their own: tests/go.mod)
    (tmp_path / "tests" / "utils").mkdir(parents=True)
    (tmp_path / "tests" / "go.mod").write_text("module example.com/op/tests\n\ngo 1.22\n")
    (tmp_path / "tests" / "utils" / "pods.go").write_text(GO_CLIENT.replace("alpine", "rocky"))
    found = [(o.line, o.text, o.context["tool"]) for o in scan_paths([str(tmp_path)])]
    assert found == [
        (10, "docker.io/wallnerryan/fiotools-aio:v2", "client-go"),
        (16, "busybox:1.36.1", "client-go"),
        (23, "alpine:3.20.3", "client-go"),
    ]


def test_go_client_go_containers_of_an_end_to_end_suite_that_connects(tmp_path: Path) -> None:
    # spegel-org/spegel's test/integration/kubernetes/kubernetes_test.go (a module of its own)
    # loads the kind cluster's kubeconfig with clientcmd and creates a conformance Job there:
    # its container's image is pulled. An end-to-end test that loads no kubeconfig (a fake
    # client), or a test that connects outside an end-to-end suite, is not read.
    connects = (
        'package kubernetes\n\nimport (\n\tcorev1 "k8s.io/api/core/v1"\n'
        '\t"k8s.io/client-go/tools/clientcmd"\n)\n\n'
        "func TestE2E(t *testing.T) {\n"
        '\tcfg, _ := clientcmd.BuildConfigFromFlags("", path)\n'
        '\tc := corev1.Container{Name: "conformance", Image: "ghcr.io/acme/conformance:ed885fa"}\n'
        "\tcreate(cfg, c)\n"
        "}\n"
    )
    (tmp_path / ".git").mkdir()
    (tmp_path / "go.mod").write_text("module example.com/op\n\ngo 1.22\n")
    suite = tmp_path / "test" / "integration" / "kubernetes"
    suite.mkdir(parents=True)
    (suite / "go.mod").write_text("module example.com/op/test/integration/kubernetes\n")
    (suite / "kubernetes_test.go").write_text(connects)
    (suite / "fake_test.go").write_text(
        connects.replace("clientcmd.BuildConfigFromFlags", "fake.New").replace("acme", "fake")
    )
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "pods_test.go").write_text(connects.replace("acme", "unit"))
    tagged = connects.replace("acme", "tagged")
    (tmp_path / "pkg" / "tagged_test.go").write_text("//go:build e2e\n\n" + tagged)
    found = [(o.path, o.line, o.text) for o in scan_paths([str(tmp_path)])]
    assert found == [
        (str(tmp_path / "pkg" / "tagged_test.go"), 12, "ghcr.io/tagged/conformance:ed885fa"),
        (str(suite / "kubernetes_test.go"), 10, "ghcr.io/acme/conformance:ed885fa"),
    ]


# from pulumi/examples@40c09b266d44e9975e15289c42cc0c2ad8d14995
# kubernetes-cs-guestbook/simple/Guestbook.cs and digitalocean-cs-loadbalanced-droplets/
# DropletStack.cs, cut down
CS_PULUMI = """\
using Pulumi;
using Pulumi.Kubernetes.Types.Inputs.Core.V1;

class Guestbook : Stack
{
    public Guestbook()
    {
        var spec = new PodSpecArgs
        {
            Containers =
            {
                new ContainerArgs
                {
                    Name = "redis-leader",
                    Image = "redis",
                },
            },
        };
        droplets[i] = new Droplet($"web-{i}", new DropletArgs
        {
            Image = "ubuntu-20-04-x64",
        });
    }
}
"""


def test_csharp_pulumi_containers() -> None:
    from tagsense.sources.builds.iac_csharp import resource_images

    found = [(o.line, o.column, o.text) for o in resource_images(CS_PULUMI, "Guestbook.cs")]
    assert found == [(15, 30, "redis")]
    cdk = (
        "using Amazon.CDK.AWS.ECS;\n"
        'var i = ContainerImage.FromRegistry("amazon/amazon-ecs-sample");\n'
    )
    assert [o.text for o in resource_images(cdk, "Stack.cs")] == ["amazon/amazon-ecs-sample"]


def test_csharp_programs_are_found(tmp_path: Path) -> None:
    (tmp_path / "Guestbook.cs").write_text(CS_PULUMI)
    assert [(o.line, o.text) for o in scan_paths([str(tmp_path)])] == [(15, "redis")]


# from pulumi/examples@40c09b266d44e9975e15289c42cc0c2ad8d14995
# gcp-java-gke-hello-world/src/main/java/gcpgke/App.java, cut down; and a boot disk's image
JAVA_PULUMI = """\
import com.pulumi.Context;
import com.pulumi.Pulumi;

                        .template(PodTemplateSpecArgs.builder()
                                .spec(PodSpecArgs.builder()
                                        .containers(ContainerArgs.builder()
                                                .name(name)
                                                .image("nginx:latest")
                                                .ports(ContainerPortArgs.builder()
                                                        .containerPort(80)
                                                        .build())
                                                .build())
                                        .build())
                                .build())
        var disk = InstanceBootDiskInitializeParamsArgs.builder()
                .image("debian-cloud/debian-12")
                .build();
"""


def test_java_builder_chains_of_containers() -> None:
    from tagsense.sources.builds.iac_java import resource_images

    found = [(o.line, o.column, o.text) for o in resource_images(JAVA_PULUMI, "App.java")]
    assert found == [(8, 57, "nginx:latest")]
    assert resource_images(JAVA_PULUMI, "AppTest.java") == []


def test_java_programs_are_found(tmp_path: Path) -> None:
    (tmp_path / "App.java").write_text(JAVA_PULUMI)
    assert [(o.line, o.text) for o in scan_paths([str(tmp_path)])] == [(8, "nginx:latest")]


def test_go_client_go_an_end_to_end_package_connected_by_another_file(tmp_path: Path) -> None:
    # flannel-io/flannel's e2e/kube.go creates its multitool pod with the image a package
    # variable holds, `multitoolImage = env("MULTITOOL_IMAGE", "wbitt/…")` in the suite's
    # BeforeSuite, env() returning the variable or its default; e2e/cluster.go loads the kind
    # cluster's kubeconfig (survey s53b). projectcontour/contour's test/e2e/httpproxy tests
    # create their Deployments through the suite's test/e2e package, which connects.
    (tmp_path / ".git").mkdir()
    (tmp_path / "go.mod").write_text("module example.com/op\n\ngo 1.22\n")
    e2e = tmp_path / "e2e"
    e2e.mkdir()
    (e2e / "cluster.go").write_text(
        '//go:build e2e\n\npackage e2e\n\nimport "k8s.io/client-go/tools/clientcmd"\n\n'
        "func connect(kubeconfig []byte) {\n\tclientcmd.RESTConfigFromKubeConfig(kubeconfig)\n}\n"
    )
    (e2e / "kube.go").write_text(
        '//go:build e2e\n\npackage e2e\n\nimport corev1 "k8s.io/api/core/v1"\n\n'
        "func pods() []corev1.Container {\n"
        "\treturn []corev1.Container{\n"
        '\t\t{Name: "tool", Image: multitoolImage},\n'
        '\t\t{Name: "other", Image: otherImage},\n'
        '\t\t{Name: "third", Image: thirdImage},\n'
        "\t}\n}\n"
    )
    (e2e / "suite_test.go").write_text(
        '//go:build e2e\n\npackage e2e\n\nimport "os"\n\n'
        "var (\n\tmultitoolImage string\n\totherImage string\n\tthirdImage string\n)\n\n"
        "func env(key, def string) string {\n"
        '\tif v := os.Getenv(key); v != "" {\n\t\treturn v\n\t}\n\treturn def\n}\n\n'
        "func keyOf(key, def string) string {\n\treturn key\n}\n\n"
        "var _ = BeforeSuite(func() {\n"
        '\tmultitoolImage = env("MULTITOOL_IMAGE", "wbitt/network-multitool:alpine-extra")\n'
        '\totherImage = keyOf("other:1.0", "busybox:1.36")\n'
        '\tthirdImage = env("THIRD", "alpine:3.20")\n'
        '\tthirdImage = env("THIRD", "alpine:3.21")\n'
        "})\n"
    )
    httpproxy = tmp_path / "test" / "e2e" / "httpproxy"
    httpproxy.mkdir(parents=True)
    (tmp_path / "test" / "e2e" / "fixtures.go").write_text(
        'package e2e\n\nimport "k8s.io/client-go/tools/clientcmd"\n\n'
        "func client() {\n\tclientcmd.NewDefaultClientConfigLoadingRules()\n}\n"
    )
    (httpproxy / "cookie_test.go").write_text(
        '//go:build e2e\n\npackage httpproxy\n\nimport corev1 "k8s.io/api/core/v1"\n\n'
        'var c = corev1.Container{Name: "echo", Image: "docker.io/ealen/echo-server:0.5.1"}\n'
    )
    (httpproxy / "fake_test.go").write_text(
        'package httpproxy\n\nimport corev1 "k8s.io/api/core/v1"\n\n'
        "var client = fake.NewClientBuilder()\n"
        'var c = corev1.Container{Name: "echo", Image: "docker.io/fake/echo-server:0.5.1"}\n'
    )
    # (no end-to-end suite: a package that connects makes no test's containers read)
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "connect.go").write_text((e2e / "cluster.go").read_text())
    (tmp_path / "pkg" / "pods_test.go").write_text(
        'package pkg\n\nimport corev1 "k8s.io/api/core/v1"\n\n'
        'var c = corev1.Container{Name: "echo", Image: "docker.io/unit/echo-server:0.5.1"}\n'
    )
    found = sorted(
        (os.path.basename(o.path or ""), o.line, o.text) for o in scan_paths([str(tmp_path)])
    )
    assert found == [
        ("cookie_test.go", 7, "docker.io/ealen/echo-server:0.5.1"),
        ("kube.go", 9, "wbitt/network-multitool:alpine-extra"),
    ]


def test_go_client_go_a_package_that_stops_loading_a_kubeconfig_is_seen_by_the_next_scan(
    tmp_path: Path,
) -> None:
    # Which packages of an end-to-end suite load a kubeconfig is remembered for a scan only
    # (client_go.forget): after an edit, the next scan of the same process looks again.
    (tmp_path / ".git").mkdir()
    (tmp_path / "go.mod").write_text("module example.com/op\n\ngo 1.22\n")
    e2e = tmp_path / "e2e"
    e2e.mkdir()
    cluster = e2e / "cluster.go"
    connects = (
        '//go:build e2e\n\npackage e2e\n\nimport "k8s.io/client-go/tools/clientcmd"\n\n'
        "func connect(kubeconfig []byte) {\n\tclientcmd.RESTConfigFromKubeConfig(kubeconfig)\n}\n"
    )
    cluster.write_text(connects)
    (e2e / "kube.go").write_text(
        '//go:build e2e\n\npackage e2e\n\nimport corev1 "k8s.io/api/core/v1"\n\n'
        'var c = corev1.Container{Name: "tool", Image: "busybox:1.36.1"}\n'
    )
    first = scan_paths([str(tmp_path)])
    assert [o.text for o in first.occurrences] == ["busybox:1.36.1"]
    cluster.write_text(connects.replace("clientcmd.RESTConfigFromKubeConfig(kubeconfig)", ""))
    second = scan_paths([str(tmp_path)])
    assert [o.text for o in second.occurrences] == []
