"""Go end-to-end tests' images written in two more forms (sources.builds.client_go and
._go_source): an ``Image`` assigned to a container by its index
(kubernetes-sigs/descheduler's ``deploymentObj.Spec.Template.Spec.Containers[0].Image =
"narmidm/k8s-pod-cpu-stressor:latest"``), and a ``fmt.Sprintf`` of a field of a struct's field
of a composite literal (clastix/kamaji's ``fmt.Sprintf("kindest/node:%s",
tcp.Spec.Kubernetes.Version)``, in a Ginkgo suite, with ``tcp`` assigned in ``JustBeforeEach``).
Survey 59d: 3 pulls missed, one a true TS001.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tagsense.sources import scan_paths
from tagsense.sources.context import forget

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture(autouse=True)
def _afresh() -> None:
    forget()


E2E = """\
package e2e

import (
	"context"
	"os"
	"testing"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	clientset "k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

func makePod() *v1.Pod {
	return &v1.Pod{Spec: v1.PodSpec{Containers: []v1.Container{
		{Name: "pause", Image: "registry.k8s.io/pause:3.10"},
	}}}
}

func TestJob(t *testing.T) {
	cfg, _ := clientcmd.BuildConfigFromFlags("", os.Getenv("KUBECONFIG"))
	cs := clientset.NewForConfigOrDie(cfg)
	pod := makePod()
	pod.Spec.Containers[0].Image = "narmidm/k8s-pod-cpu-stressor:latest"
	pod.Spec.InitContainers[0].Image = stressor
	pod.Spec.Containers[1].Image = os.Getenv("IMAGE")
	_, err := cs.CoreV1().Pods("default").Create(context.TODO(), pod, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
}

const stressor = "registry.k8s.io/e2e-test-images/agnhost:2.43"
"""


def write(root: Path, files: dict[str, str]) -> None:
    (root / ".git").mkdir()
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_an_image_assigned_to_a_container_of_an_e2e_test_s_pod_is_read(tmp_path: Path) -> None:
    write(tmp_path, {"go.mod": "module example.com/x\n\ngo 1.22\n", "test/e2e/e2e_test.go": E2E})
    found = [(o.line, o.text, o.context.get("call")) for o in scan_paths([str(tmp_path)])]
    assert found == [
        (16, "registry.k8s.io/pause:3.10", "Container.Image"),
        (24, "narmidm/k8s-pod-cpu-stressor:latest", "Container.Image"),
        (33, "registry.k8s.io/e2e-test-images/agnhost:2.43", "Container.Image"),
    ]


def test_an_image_assigned_in_a_unit_test_with_a_fake_client_is_not_read(tmp_path: Path) -> None:
    unit = E2E.replace("clientcmd.BuildConfigFromFlags", "fake.NewSimpleClientset")
    write(tmp_path, {"go.mod": "module example.com/x\n\ngo 1.22\n", "pkg/pods_test.go": unit})
    assert [o.text for o in scan_paths([str(tmp_path)])] == []


GINKGO = """\
package e2e

import (
	"context"
	"fmt"

	. "github.com/onsi/ginkgo/v2"
	"github.com/testcontainers/testcontainers-go"

	kamajiv1alpha1 "example.com/x/api/v1alpha1"
)

var _ = Describe("starting a kind worker with kubeadm", func() {
	ctx := context.Background()

	var tcp *kamajiv1alpha1.TenantControlPlane

	JustBeforeEach(func() {
		tcp = &kamajiv1alpha1.TenantControlPlane{
			Spec: kamajiv1alpha1.TenantControlPlaneSpec{
				Kubernetes: kamajiv1alpha1.KubernetesSpec{
					Version: "v1.35.0",
				},
			},
		}
		_, _ = testcontainers.GenericContainer(ctx, testcontainers.GenericContainerRequest{
			ContainerRequest: testcontainers.ContainerRequest{
				Image: fmt.Sprintf("kindest/node:%s", tcp.Spec.Kubernetes.Version),
			},
			Started: true,
		})
	})
})
"""
GO_MOD = (
    "module example.com/x\n\ngo 1.22\n\n"
    "require github.com/testcontainers/testcontainers-go v0.35.0\n"
)
DESCRIBE = 'var _ = Describe("starting a kind worker with kubeadm", func() {'
SET_AGAIN = "\t\ttcp.Spec.Kubernetes.Version = v\n\t\t_, _ = testcontainers"
ASSIGNED_TWICE = "\tBeforeEach(func() {\n\t\ttcp = other()\n\t})\n\tJustBeforeEach("


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ((), ["kindest/node:v1.35.0"]),
        # declared in a plain test function with `:=`
        (
            (
                (
                    'var _ = Describe("starting a kind worker with kubeadm", func() {',
                    "func TestA() {",
                ),
                ("\n})\n", "\n}\n"),
                ("\tvar tcp *kamajiv1alpha1.TenantControlPlane\n", ""),
                ("tcp = &", "tcp := &"),
            ),
            ["kindest/node:v1.35.0"],
        ),
        # the nested field set again elsewhere: the run's value
        (
            (
                (
                    "\t\t_, _ = testcontainers",
                    "\t\ttcp.Spec.Kubernetes.Version = v\n\t\t_, _ = testcontainers",
                ),
            ),
            [],
        ),
        # the name assigned twice: not known
        (
            (
                (
                    "\tJustBeforeEach(",
                    "\tBeforeEach(func() {\n\t\ttcp = other()\n\t})\n\tJustBeforeEach(",
                ),
            ),
            [],
        ),
    ],
)
def test_a_sprintf_of_a_nested_struct_field_names_a_testcontainers_image(
    tmp_path: Path, change: tuple[tuple[str, str], ...], expected: list[str]
) -> None:
    text = GINKGO
    for old, new in change:
        assert old in text
        text = text.replace(old, new)
    write(tmp_path, {"go.mod": GO_MOD, "e2e/worker_test.go": text})
    assert [o.text for o in scan_paths([str(tmp_path)])] == expected


def test_an_e2e_test_that_only_assigns_an_image_is_found_by_a_directory_scan(
    tmp_path: Path,
) -> None:
    # descheduler's e2e_lownodeutilization_test.go writes no `Image:` literal: a helper of
    # another file builds the deployment, and the test sets its image
    only = E2E.replace('Name: "pause", Image: "registry.k8s.io/pause:3.10"', 'Name: "pause"')
    write(tmp_path, {"go.mod": "module example.com/x\n\ngo 1.22\n", "test/e2e/e2e_test.go": only})
    assert [o.text for o in scan_paths([str(tmp_path)])] == [
        "narmidm/k8s-pod-cpu-stressor:latest",
        "registry.k8s.io/e2e-test-images/agnhost:2.43",
    ]


HELPER = """\
package pod

import (
	corev1 "k8s.io/api/core/v1"
)

const PauseImage = "registry.k8s.io/pause"

func BestEffortSleeper() *corev1.Pod {
	return &corev1.Pod{Spec: corev1.PodSpec{Containers: []corev1.Container{
		{Name: "sleeper-be-cnt", Image: PauseImage},
	}}}
}
"""
SUITE = """\
package e2e

import (
	"k8s.io/kubernetes/test/e2e/framework"
)

var _ = Describe("topology updater", func() {
	f := framework.NewDefaultFramework("node-feature-discovery")
	_ = f
})
"""


@pytest.mark.parametrize("connects", [True, False])
def test_a_helper_of_a_suite_of_the_kubernetes_e2e_framework_makes_pods_in_the_cluster(
    tmp_path: Path, connects: bool
) -> None:
    # kubernetes-sigs/node-feature-discovery's test/e2e/utils/pod/pod.go: the topology updater's
    # e2e tests create its sleeper pods through the framework's clients, which connect to the
    # cluster of --kubeconfig (survey s60d: registry.k8s.io/pause, a true TS002, missed)
    suite = SUITE if connects else SUITE.replace("NewDefaultFramework", "NewFakeFramework")
    write(
        tmp_path,
        {
            "go.mod": "module example.com/x\n\ngo 1.22\n",
            "test/e2e/utils/pod/pod.go": HELPER,
            "test/e2e/topology_test.go": suite,
        },
    )
    found = [(o.line, o.text) for o in scan_paths([str(tmp_path)])]
    assert found == ([(7, "registry.k8s.io/pause")] if connects else [])


def test_an_image_a_mutation_callback_assigns_is_not_read(tmp_path: Path) -> None:
    # projectcapsule/capsule's e2e: updatePodAndExpectDenied(cs, ns, name, func(pod
    # *corev1.Pod) { pod.Spec.Containers[0].Image = "harbor/customer/containers/app:1" }),
    # an update its admission webhook refuses: the helper applies the change, not the test
    mutation = E2E.replace(
        '\tpod.Spec.Containers[0].Image = "narmidm/k8s-pod-cpu-stressor:latest"\n',
        "\tupdate(cs, pod, func(pod *v1.Pod) {\n"
        '\t\tpod.Spec.Containers[0].Image = "narmidm/k8s-pod-cpu-stressor:latest"\n'
        "\t})\n",
    )
    write(tmp_path, {"go.mod": GO_MOD, "test/e2e/e2e_test.go": mutation})
    assert [o.text for o in scan_paths([str(tmp_path)])] == [
        "registry.k8s.io/pause:3.10",
        "registry.k8s.io/e2e-test-images/agnhost:2.43",
    ]
