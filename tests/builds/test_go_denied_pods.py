"""Pods a Go end-to-end test creates only to see the API server deny them: nothing pulls.

Modelled on projectcapsule/capsule (survey s59d): ``e2e/tenant_container_registry_test.go``
creates a pod of ``gcr.io/invalid/pause:3.10`` in ``EventuallyCreation(func() error {…})
.ShouldNot(Succeed())``, adds an ephemeral container ``attacker/pause:3.10`` inside such a
closure, and ``e2e/rules_enforce_registry_test.go`` hands its pods to a helper
``createPodAndExpectDenied`` (7 false findings); open-policy-agent/gatekeeper's test had the
same class (survey s18e).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest

from tagsense.sources import scan_paths
from tagsense.sources.context import forget

if TYPE_CHECKING:
    from pathlib import Path

HEAD = """\
package e2e

import (
\t"context"
\t"fmt"
\t"testing"

\t. "github.com/onsi/gomega"
\t"github.com/stretchr/testify/require"
\tcorev1 "k8s.io/api/core/v1"
\tmetav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
\t"k8s.io/client-go/kubernetes"
\t"k8s.io/client-go/tools/clientcmd"
)

func client() kubernetes.Interface {
\tcfg, _ := clientcmd.BuildConfigFromFlags("", "")
\treturn kubernetes.NewForConfigOrDie(cfg)
}

func pod(image string) *corev1.Pod { return nil }
"""


def pod_literal(name: str, image: str) -> str:
    return (
        f"\t{name} := &corev1.Pod{{\n"
        f'\t\tSpec: corev1.PodSpec{{Containers: []corev1.Container{{{{Name: "c", '
        f'Image: "{image}"}}}}}},\n'
        "\t}\n"
    )


CASES = {
    # gomega: a closure whose create is asserted to fail
    "eventually": pod_literal("p", "denied/eventually:1.0.1") + "\tEventually(func() error {\n"
    "\t\t_, err := client().CoreV1().Pods(ns).Create(context.Background(), p, "
    "metav1.CreateOptions{})\n"
    "\t\treturn err\n"
    "\t}).ShouldNot(Succeed())\n",
    # a helper whose name says it expects the denial
    "helper": pod_literal("p", "denied/helper:1.0.1")
    + '\tcreatePodAndExpectDenied(client(), ns, p, "denied")\n'
    + "\t_ = p.Name\n",
    # gomega on the create's error itself, and testify's require.Error on the next line
    "expect": pod_literal("p", "denied/expect:1.0.1")
    + "\tExpect(k8sClient.Create(ctx, p)).To(HaveOccurred())\n",
    "testify": pod_literal("p", "denied/testify:1.0.1")
    + "\t_, err := client().CoreV1().Pods(ns).Create(ctx, p, metav1.CreateOptions{})\n"
    + "\trequire.Error(t, err)\n",
    # the literal itself inside the asserted closure (an ephemeral container)
    "ephemeral": pod_literal("p", "allowed/base:1.0.1")
    + "\tExpect(k8sClient.Create(ctx, p)).To(Succeed())\n"
    + "\tEventually(func() error {\n"
    "\t\tp.Spec.EphemeralContainers = []corev1.EphemeralContainer{{\n"
    '\t\t\tEphemeralContainerCommon: corev1.EphemeralContainerCommon{Name: "d", '
    'Image: "denied/ephemeral:1.0.1"},\n'
    "\t\t}}\n"
    "\t\t_, err := client().CoreV1().Pods(ns).UpdateEphemeralContainers(ctx, p.Name, p, "
    "metav1.UpdateOptions{})\n"
    "\t\treturn err\n"
    "\t}).ShouldNot(Succeed())\n",
    # a closure asserted to succeed that fails when the update succeeds
    "inverse": "\te := corev1.EphemeralContainer{\n"
    '\t\tEphemeralContainerCommon: corev1.EphemeralContainerCommon{Name: "d", '
    'Image: "denied/inverse:1.0.1"},\n'
    "\t}\n"
    "\tEventually(func() error {\n"
    "\t\tcurrent := pod(ns)\n"
    "\t\tcurrent.Spec.EphemeralContainers = []corev1.EphemeralContainer{e}\n"
    "\t\t_, err := client().CoreV1().Pods(ns).UpdateEphemeralContainers(ctx, "
    "current.Name, current, metav1.UpdateOptions{})\n"
    "\t\tif err == nil {\n"
    '\t\t\treturn fmt.Errorf("expected the update to be denied")\n'
    "\t\t}\n"
    "\t\treturn nil\n"
    "\t}).Should(Succeed())\n",
}
#: Pods that may run: created and asserted to succeed, handed to a helper that may create
#: them too, or checked to be gone (a Get expected to fail, no create).
KEPT = {
    "allowed": pod_literal("p", "allowed/created:1.0.1")
    + "\tExpect(k8sClient.Create(ctx, p)).To(Succeed())\n",
    "mixed": pod_literal("p", "allowed/mixed:1.0.1")
    + '\tcreatePodAndExpectDenied(client(), ns, p, "denied")\n'
    + "\tcreatePodAndExpectAllowed(client(), other, p)\n",
    "deleted": pod_literal("p", "allowed/deleted:1.0.1")
    + "\tcreateAndWait(p)\n"
    + "\tEventually(func() error {\n"
    "\t\treturn k8sClient.Get(ctx, key, p)\n"
    "\t}).ShouldNot(Succeed())\n",
    "noerror": pod_literal("p", "allowed/noerror:1.0.1") + "\tframework.ExpectNoError(p)\n",
    "unchecked": pod_literal("p", "allowed/unchecked:1.0.1")
    + "\t_, err := client().CoreV1().Pods(ns).Create(ctx, p, metav1.CreateOptions{})\n"
    + "\trequire.NoError(t, err)\n",
}


@pytest.fixture(autouse=True)
def _afresh() -> None:
    forget()


def images(tmp_path: Path, cases: dict[str, str]) -> list[str]:
    (tmp_path / ".git").mkdir()
    (tmp_path / "go.mod").write_text("module example.com/x\n\ngo 1.22\n")
    e2e = tmp_path / "e2e"
    e2e.mkdir()
    body = "".join(
        f'func Test{name.title()}(t *testing.T) {{\n\tns, ctx := "", context.TODO()\n{text}}}\n\n'
        for name, text in cases.items()
    )
    (e2e / "registry_test.go").write_text(HEAD + "\n" + body)
    scan = scan_paths([str(tmp_path)])
    assert all(os.path.basename(o.path or "") == "registry_test.go" for o in scan.occurrences)
    return sorted(str(o.text) for o in scan.occurrences)


def test_a_pod_the_test_expects_denied_is_not_pulled(tmp_path: Path) -> None:
    assert images(tmp_path, CASES) == ["allowed/base:1.0.1"]


def test_a_pod_that_may_be_created_is_pulled(tmp_path: Path) -> None:
    expected = sorted(
        f"allowed/{name}:1.0.1" for name in ("created", "mixed", "deleted", "noerror", "unchecked")
    )
    assert images(tmp_path, KEPT) == expected


def test_a_denied_pod_s_variable_in_another_test_is_its_own(tmp_path: Path) -> None:
    # (each Ginkgo closure's `pod` is its own: the denied one does not hide the created one)
    cases = {
        "denied": CASES["eventually"],
        "created": KEPT["allowed"],
    }
    assert images(tmp_path, cases) == ["allowed/created:1.0.1"]
