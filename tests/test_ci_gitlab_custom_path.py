"""A GitLab pipeline at a custom path (the project's "CI/CD configuration file" setting) is
read as the root's ``.gitlab-ci.yml`` is (issue 12, survey s48e).

NVIDIA/k8s-device-plugin and NVIDIA/nvidia-container-toolkit run ``.nvidia-ci.yml`` on
NVIDIA's GitLab: its ``default:`` job image ``docker`` and ``docker:dind`` service were
missed (2 pulls in each), as the file has no name of a CI system's.
"""

from __future__ import annotations

import doctest
import os
from typing import TYPE_CHECKING

import pytest

from tagsense import find_references
from tagsense.sources import _gitlab_custom_shape
from tagsense.sources.discover import discover

if TYPE_CHECKING:
    from pathlib import Path

# NVIDIA/k8s-device-plugin, .nvidia-ci.yml (trimmed)
NVIDIA_CI = """\
default:
  image: docker
  services:
    - name: docker:dind
      command: ["--experimental"]

variables:
  GIT_SUBMODULE_STRATEGY: recursive

stages:
  - pull
  - scan

.copy-images:
  image: alpine:3.24.1
  script:
    - regctl image copy ${IN_IMAGE} ${OUT_IMAGE}

pull-images:
  extends:
    - .copy-images
  stage: pull
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def images(path: str) -> list[tuple[str, int, str, str]]:
    return [(o.path, o.line, o.kind, o.text) for o in find_references(path)]


def test_the_pipeline_at_the_root_is_read(checkout: Path) -> None:
    write(checkout / ".nvidia-ci.yml", NVIDIA_CI)
    expected = [
        (".nvidia-ci.yml", 2, "ci", "docker"),
        (".nvidia-ci.yml", 4, "ci", "docker:dind"),
        (".nvidia-ci.yml", 15, "ci", "alpine:3.24.1"),
    ]
    assert dict(discover(["."]))[".nvidia-ci.yml"] == "ci"
    assert sorted(images(".")) == expected
    assert sorted(images(".nvidia-ci.yml")) == expected


@pytest.mark.parametrize(
    "place",
    [
        "sub/.nvidia-ci.yml",  # (not at a checkout's root)
        ".pipeline.yml",  # (no name of CI's)
        ".golangci.yml",  # (`ci` not a word of it)
    ],
)
def test_other_places_are_not_a_pipeline(checkout: Path, place: str) -> None:
    write(checkout / place, NVIDIA_CI)
    assert dict(discover(["."])).get(place) != "ci"
    assert "docker:dind" not in [text for _, _, _, text in images(".")]


def test_beside_a_gitlab_ci_file_it_is_not_the_pipeline(checkout: Path) -> None:
    write(checkout / ".gitlab-ci.yml", "build:\n  image: golang:1.26.4\n  script: [make]\n")
    write(checkout / ".nvidia-ci.yml", NVIDIA_CI)
    assert dict(discover(["."])).get(".nvidia-ci.yml") != "ci"
    assert [text for _, _, _, text in images(".")] == ["golang:1.26.4"]


@pytest.mark.parametrize(
    "text",
    [
        "name: ci\non: push\njobs:\n  a:\n    steps: [{run: x}]\n",  # (GitHub's)
        "stages:\n  - stage: B\n    jobs: [{job: x, steps: [{script: y}]}]\n",  # (Azure's)
        "stages: [a]\n",  # (no job)
        "stages: [a]\nrun:\n  stage: a\n  image: x\n",  # (a job without a script)
    ],
)
def test_another_shape_is_no_pipeline(checkout: Path, text: str) -> None:
    write(checkout / "ci.yml", text)
    assert not _gitlab_custom_shape.is_custom_file(os.path.join(str(checkout), "ci.yml"))


def test_the_module_s_examples_hold() -> None:
    assert doctest.testmod(_gitlab_custom_shape).failed == 0
