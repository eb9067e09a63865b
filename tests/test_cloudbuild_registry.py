"""An image a Cloud Build step runs from the build's own project registry (``gcr.io/
$PROJECT_ID/…``, ``LOCATION-docker.pkg.dev/$PROJECT_ID/…``) is the project's, not a pull
(survey 34d: googleforgames/open-match, agones, quilkin: 29 unresolved TS011)."""

from __future__ import annotations

import datetime
import doctest
import os

import tagsense.sources._cloudbuild_registry
from tagsense import check, find_references

DAY = datetime.date(2026, 12, 5)

#: googleforgames/open-match's cloudbuild.yaml at commit d781be1a (Apache-2.0), shortened: the
#: first step builds the build image with kaniko, the next ones run in it.
OPEN_MATCH = """\
steps:
- id: 'Docker Image: open-match-build'
  name: gcr.io/kaniko-project/executor:latest
  args: [
    "--destination=gcr.io/$PROJECT_ID/open-match-build",
    "--dockerfile=Dockerfile.ci",
  ]
  waitFor: ['-']

- id: 'Build: Clean'
  name: 'gcr.io/$PROJECT_ID/open-match-build'
  args: ['make', 'clean-third-party', 'clean-protos', 'clean-swagger-docs']
  waitFor: ['Docker Image: open-match-build']

- id: 'Test: Markdown'
  name: 'us-docker.pkg.dev/${PROJECT_ID}/ci/make-docker'
  args: ['make', 'md-test']

- id: 'Other'
  name: 'gcr.io/$_REGISTRY/tool'
"""


def test_a_step_run_from_the_project_s_own_registry_is_built(
    tmp_path: os.PathLike[str],
) -> None:
    path = os.path.join(tmp_path, "cloudbuild.yaml")
    with open(path, "w", encoding="utf-8") as file:
        file.write(OPEN_MATCH)
    found = {o.text: o.built for o in find_references(path)}
    assert found["gcr.io/$PROJECT_ID/open-match-build"] is not None
    assert found["gcr.io/$PROJECT_ID/open-match-build"].tool == "cloudbuild-registry"
    assert found["us-docker.pkg.dev/${PROJECT_ID}/ci/make-docker"] is not None
    # (another substitution is the user's to give: unresolved, as before)
    assert found["gcr.io/$_REGISTRY/tool"] is None
    codes = [(f.code, f.reference) for f in check(find_references(path), as_of=DAY)]
    assert not any("PROJECT_ID" in (reference or "") for _, reference in codes)
    assert ("TS001", "gcr.io/kaniko-project/executor:latest") in codes


def test_the_module_s_examples() -> None:
    assert doctest.testmod(tagsense.sources._cloudbuild_registry).failed == 0
