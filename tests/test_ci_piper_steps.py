"""Project Piper's step metadata: the containers and sidecars a library step runs."""

from __future__ import annotations

from tagsense.sources import scan_text
from tagsense.sources.ci._piper_steps import scan_step_metadata

# SAP/jenkins-library@260f7194b resources/metadata/detectExecuteScan.yaml (Apache-2.0;
# shortened): the step's container and a sidecar its conditions start.
DETECT = """\
metadata:
  name: detectExecuteScan
  description: Executes BlackDuck Detect scan
spec:
  inputs:
    params:
      - name: scanContainerDistro
        type: string
  containers:
    - name: openjdk
      image: openjdk:11-ea
      options:
        - name: -u
          value: "0"
  sidecars:
    - name: inspector-ubuntu
      image: blackducksoftware/blackduck-imageinspector-ubuntu:5.1.0
      conditions:
        - conditionRef: strings-equal
          params:
            - name: scanContainerDistro
              value: ubuntu
"""
# SAP/jenkins-library@260f7194b resources/metadata/kubernetesDeploy.yaml (shortened): a
# description that shows a manifest, and a container.
KUBERNETES_DEPLOY = """\
metadata:
  name: kubernetesDeploy
  longDescription: |
    ```yaml
    apiVersion: v1
    kind: Pod
    ```
spec:
  inputs:
    params: []
  containers:
    - image: alpine/k8s:1.33.13
      imagePullPolicy: Never
    - image: ""
"""


def test_a_step_s_containers_and_sidecars_are_pulled() -> None:
    found = scan_text(DETECT, kind="kubernetes", name="resources/metadata/detectExecuteScan.yaml")
    assert [(o.text, o.line, o.column, o.kind) for o in found] == [
        ("openjdk:11-ea", 11, 14, "piper"),
        ("blackducksoftware/blackduck-imageinspector-ubuntu:5.1.0", 17, 14, "piper"),
    ]
    assert found.occurrences[1].context["container"] == "inspector-ubuntu"
    assert found.occurrences[1].context["step"] == "detectExecuteScan"


def test_a_manifest_in_the_description_does_not_hide_the_step() -> None:
    found = scan_text(KUBERNETES_DEPLOY, kind="kubernetes", name="kubernetesDeploy.yaml")
    assert [o.text for o in found] == ["alpine/k8s:1.33.13"]  # (an empty image: the user's)


def test_a_kubernetes_object_is_no_step() -> None:
    pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - image: a:1\n"
    assert [(o.text, o.kind) for o in scan_text(pod, kind="kubernetes", name="pod.yaml")] == [
        ("a:1", "kubernetes")
    ]
    other = "metadata:\n  name: x\nspec:\n  template:\n    containers:\n    - image: a:1\n"
    assert [o.kind for o in scan_text(other, kind="kubernetes", name="x.yaml")] != ["piper"]


def test_a_fragment_of_another_format_is_no_step() -> None:
    # (a workload's fields without apiVersion: no step's inputs, no container image)
    other = "metadata:\n  name: x\nspec:\n  containers: []\n  template: {}\n"
    assert scan_step_metadata(other, "x.yaml") is None
    step = "metadata:\n  name: x\nspec:\n  inputs: {}\n  containers: []\n"
    assert scan_step_metadata(step, "x.yaml") is not None
