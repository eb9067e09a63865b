"""Prow's in-repository jobs: the images their pods run (``.prow.yaml``, ``.prow/*.yaml``)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from tagsense import find_references
from tagsense.sources.ci import scan_ci

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

# feast-dev/feast .prow.yaml (its job, trimmed).
FEAST = """\
postsubmits:
- name: publish-java-sdk
  decorate: true
  spec:
    containers:
    - image: maven:3.6-jdk-11
      command:
      - bash
      - -c
      - infra/scripts/publish-java-sdk.sh --revision ${PULL_BASE_REF:1}
"""

# A central job configuration's form: lists keyed by repository, periodics, init containers.
CENTRAL = """\
presubmits:
  acme/app:
  - name: pull-app-test
    spec:
      initContainers:
      - image: busybox:1.37.0
      containers:
      - image: golang:1.25.4
periodics:
- name: ci-app-nightly
  spec:
    containers:
    - image: gcr.io/k8s-staging-test-infra/kubekins-e2e:v20251201-abcdef1-master
"""


def test_a_job_s_pod_runs_its_containers_images() -> None:
    scan = scan_ci(FEAST, path=".prow.yaml")
    assert scan.errors == ()
    assert [(o.line, o.column, o.text, dict(o.context)) for o in scan] == [
        (6, 14, "maven:3.6-jdk-11",
         {"system": "prow", "jobs": "postsubmits", "job": "publish-java-sdk",
          "field": "containers"}),
    ]  # fmt: skip


def test_jobs_keyed_by_repository_periodics_and_init_containers() -> None:
    scan = scan_ci(CENTRAL, path=".prow/jobs.yaml")
    assert [(o.text, o.context.get("repository"), o.context["field"]) for o in scan] == [
        ("busybox:1.37.0", "acme/app", "initContainers"),
        ("golang:1.25.4", "acme/app", "containers"),
        ("gcr.io/k8s-staging-test-infra/kubekins-e2e:v20251201-abcdef1-master", None,
         "containers"),
    ]  # fmt: skip


def test_prow_and_buildkite_files_are_found_from_their_directory_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".prow.yaml").write_text(FEAST)
    (tmp_path / ".prow").mkdir()
    (tmp_path / ".prow" / "jobs.yaml").write_text(CENTRAL)
    (tmp_path / "vendor" / "lib").mkdir(parents=True)
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / ".prow.yaml").write_text(FEAST)  # (another checkout's: never run)
    monkeypatch.chdir(tmp_path)
    assert sorted({o.path for o in find_references(".")}) == [
        ".prow.yaml", os.path.join(".prow", "jobs.yaml")
    ]  # fmt: skip
    # (`tagsense check .prow`: the files are Prow's by their place, as .github/workflows')
    assert {o.context["system"] for o in find_references(".prow")} == {"prow"}
