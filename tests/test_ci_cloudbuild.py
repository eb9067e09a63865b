"""Google Cloud Build configurations: the image each step runs in, substitutions, pushed images,
the commands of its steps, and which files are Cloud Build's (by name, place and shape).

Cases follow Cloud Build's "Build configuration file schema" and "Substituting variable
values" pages, and bank-of-anthos (``src/*/cloudbuild.yaml``, ``.github/cloudbuild/ci-pr.yaml``),
whose 4 step images tagsense missed in survey 9.
"""

from __future__ import annotations

import doctest
from typing import TYPE_CHECKING

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from tagsense import find_references
from tagsense.occurrence import RUN_TIME
from tagsense.sources import _cloudbuild_shape
from tagsense.sources.ci import _cloudbuild, built_images, ci_system, scan_ci
from tagsense.sources.ci._cloudbuild import Substitutions
from tagsense.sources.ci._scanner import TooLong

if TYPE_CHECKING:
    from pathlib import Path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def images(text: str, **where: str) -> list[tuple[int, int, str, str, dict[str, object]]]:
    scan = scan_ci(text, system="cloudbuild", **where)
    assert scan.errors == ()
    return [(o.line, o.column, o.kind, o.text, dict(o.context)) for o in scan]


def built(text: str) -> list[tuple[str, int | None]]:
    found = built_images(text, system="cloudbuild", path="cloudbuild.yaml")
    return [(image.name, image.site.line) for image in found.built]


# The survey's reproduction (bank-of-anthos's step images, trimmed).
REPRO = """\
steps:
  - id: fetch-cache
    name: gcr.io/cloud-builders/gcloud
    entrypoint: bash
    args: ["-c", "gcloud storage cp gs://bucket/cache ."]
  - id: build
    name: 'gcr.io/k8s-skaffold/skaffold:v2.22.0'
    entrypoint: bash
    args: ["-c", "skaffold build"]
  - name: "gcr.io/cloud-builders/go:1.16"
    args: ["test", "./..."]
"""


def test_each_step_runs_in_the_image_its_name_names() -> None:
    step = {"system": "cloudbuild", "field": "steps"}
    assert images(REPRO) == [
        (3, 11, "ci", "gcr.io/cloud-builders/gcloud", {**step, "job": "fetch-cache"}),
        (7, 12, "ci", "gcr.io/k8s-skaffold/skaffold:v2.22.0", {**step, "job": "build"}),
        (10, 12, "ci", "gcr.io/cloud-builders/go:1.16", step),
    ]
    untagged = scan_ci(REPRO, system="cloudbuild").occurrences[0]
    assert untagged.normalized == "gcr.io/cloud-builders/gcloud:latest"


def test_the_json_form_and_snake_case_fields() -> None:
    text = (
        '{\n\t"steps": [\n\t\t{"name": "gcr.io/cloud-builders/npm:node-20", "wait_for": ["-"],'
        ' "args": ["ci"]}\n\t]\n}\n'
    )
    assert images(text) == [
        (3, 13, "ci", "gcr.io/cloud-builders/npm:node-20", {"system": "cloudbuild",
                                                              "field": "steps"}),
    ]  # fmt: skip
    assert ci_system("deploy/cloudbuild.json") == "cloudbuild"
    assert ci_system("cloudbuild.yml") == ci_system("a/b/cloudbuild.yaml") == "cloudbuild"
    assert ci_system("Cloudbuild.yaml") is None


# --- substitutions -----------------------------------------------------------------------


def test_user_substitutions_take_their_defaults() -> None:
    text = """\
substitutions:
  _GO: "1.22"
  _BASE: golang:${_GO}
  _BUILDER: $_BASE-alpine
steps:
  - name: golang:$_GO
    id: plain
  - name: ${_BUILDER}
    id: nested
"""
    assert images(text) == [
        (6, 11, "ci", "golang:1.22",
         {"system": "cloudbuild", "field": "steps", "job": "plain",
          "substitutions": {"_GO": "1.22"}}),
        (8, 11, "ci", "golang:1.22-alpine",
         {"system": "cloudbuild", "field": "steps", "job": "nested",
          "substitutions": {"_GO": "1.22", "_BASE": "golang:1.22", "_BUILDER":
                            "golang:1.22-alpine"}}),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "text", "unresolved", "prefix"),
    [
        # built-in substitutions: what the build is of, only a run knows
        ("gcr.io/$PROJECT_ID/tools:$SHORT_SHA", "gcr.io/$PROJECT_ID/tools:$SHORT_SHA",
         ("PROJECT_ID", "SHORT_SHA"), "gcr.io/"),
        ("${LOCATION}-docker.pkg.dev/p/r/app:${COMMIT_SHA}",
         "${LOCATION}-docker.pkg.dev/p/r/app:${COMMIT_SHA}", ("LOCATION", "COMMIT_SHA"), None),
        # a user substitution without a default: a trigger or --substitutions gives it
        ("node:$_NODE", "node:$_NODE", ("_NODE",), "node:"),
        # bash's forms (dynamic substitutions): not put in here
        ("node:${_TAG:-20}", "node:${_TAG:-20}", ("_TAG",), "node:"),
        # a default written with a built-in is known up to it
        ("$_REGISTRY/tool", "gcr.io/$PROJECT_ID/tool", ("PROJECT_ID",), "gcr.io/"),
    ],
)  # fmt: skip
def test_what_only_a_run_fills_in_is_unresolved_by_name(
    name: str, text: str, unresolved: tuple[str, ...], prefix: str | None
) -> None:
    config = f"substitutions:\n  _REGISTRY: gcr.io/$PROJECT_ID\nsteps:\n- name: {name}\n"
    (occurrence,) = scan_ci(config, system="cloudbuild").occurrences
    assert (occurrence.text, occurrence.unresolved) == (text, unresolved)
    assert occurrence.run_time == RUN_TIME["variables"] and occurrence.reference is None
    assert occurrence.context.get("known_prefix") == prefix


def test_an_escaped_dollar_and_a_lower_case_name_are_text() -> None:
    substitutions = Substitutions({"_A": "x"})
    assert substitutions.resolve("a$$_A-$b-${c}-$_A").text == "a$_A-$b-${c}-x"
    assert substitutions.resolve("a$$_A").unresolved == ()


def test_a_substitution_written_with_itself_stays_unresolved() -> None:
    substitutions = Substitutions({"_A": "$_B", "_B": "x$_A"})
    assert substitutions.resolve("$_A").unresolved == ("_A",)


def test_substitutions_that_double_at_each_step_stop() -> None:
    defaults = {f"_V{i}": f"$_V{i + 1}$_V{i + 1}" for i in range(15)} | {"_V15": "x" * 4096}
    with pytest.raises(TooLong):
        Substitutions(defaults).resolve("$_V0")
    config = "substitutions:\n" + "".join(f"  {k}: {v}\n" for k, v in defaults.items())
    scan = scan_ci(config + "steps:\n- name: a$_V0\n", system="cloudbuild")
    assert scan.occurrences == () and len(scan.errors) == 1


# --- what the build pushes and builds ------------------------------------------------------


def test_images_are_names_the_build_pushes_not_pulls() -> None:
    text = """\
substitutions:
  _REPO: us-docker.pkg.dev/acme/apps
steps:
  - name: gcr.io/cloud-builders/docker
    args: ['build', '-t', '$_REPO/web:$SHORT_SHA', '.']
images:
  - $_REPO/web:$SHORT_SHA
  - gcr.io/$PROJECT_ID/api
  - $_UNKNOWN/worker
artifacts:
  images: ['acme/batch:1.0']
"""
    assert [o.text for o in scan_ci(text, system="cloudbuild")] == ["gcr.io/cloud-builders/docker"]
    assert built(text) == [
        ("us-docker.pkg.dev/acme/apps/web", 5),  # the docker build step
        ("us-docker.pkg.dev/acme/apps/web", 7),
        ("gcr.io/*/api", 8),  # (a name only its project's id is missing from)
        ("acme/batch", 11),
    ]
    site = built_images(text, system="cloudbuild", path="cloudbuild.yaml").built[1].site
    assert (site.tool, site.path) == ("cloudbuild", "cloudbuild.yaml")


def test_the_docker_builder_s_arguments_are_a_docker_command() -> None:
    text = """\
steps:
  - name: gcr.io/cloud-builders/docker
    args:
      - build
      - --tag=gcr.io/acme/app:$SHORT_SHA
      - .
  - name: gcr.io/cloud-builders/docker
    args: ['run', '--rm', 'postgres:16', 'pg_isready']
  - name: gcr.io/cloud-builders/gcloud
    args: ['run', 'deploy', 'api', '--image', 'redis:7']
  - name: busybox
    entrypoint: docker
    args: ['pull', 'nginx:1.27']
"""
    assert built(text) == [("gcr.io/acme/app", 4)]  # (where the command starts)
    pulls = [(o.line, o.column, o.text, o.context) for o in scan_ci(text, system="cloudbuild")
             if o.kind == "shell"]  # fmt: skip
    context = {"system": "cloudbuild", "engine": "docker"}
    # (gcloud's ``run deploy`` is no docker command)
    assert pulls == [
        (8, 28, "postgres:16", {**context, "verb": "run"}),
        (13, 21, "nginx:1.27", {**context, "verb": "pull"}),
    ]


def test_shell_text_of_a_step_and_its_variables() -> None:
    text = """\
substitutions:
  _TOOLS: ghcr.io/acme/tools
options:
  env: ['REGISTRY=$_TOOLS']
steps:
  - id: lint
    name: gcr.io/cloud-builders/docker
    entrypoint: bash
    args: ['-ec', 'docker run --rm $$REGISTRY/lint:1.4 && docker build -t $_TOOLS/ci .']
  - id: test
    name: ubuntu
    script: |
      #!/usr/bin/env bash
      docker run --rm "$_TOOLS/test:2.0"
    automapSubstitutions: true
  - id: python
    name: python:3.12
    script: |
      #!/usr/bin/env python3
      docker run x:1
"""
    assert built(text) == [("ghcr.io/acme/tools/ci", 9)]
    pulls = [(o.line, o.text, o.context.get("job")) for o in scan_ci(text, system="cloudbuild")
             if o.kind == "shell"]  # fmt: skip
    assert pulls == [(9, "ghcr.io/acme/tools/lint:1.4", "lint"),
                     (14, "ghcr.io/acme/tools/test:2.0", "test")]  # fmt: skip
    # Without automapSubstitutions, a script has no such variable.
    unmapped = text.replace("    automapSubstitutions: true\n", "")
    assert [o.line for o in scan_ci(unmapped, system="cloudbuild") if o.kind == "shell"] == [9]


def test_wrong_types_are_errors_never_exceptions() -> None:
    text = "substitutions: [a]\nsteps:\n- name: [x]\n- just-text\n"
    scan = scan_ci(text, system="cloudbuild")
    assert [(e.line, e.message) for e in scan.errors] == [
        (1, "substitutions: expected a mapping, found a list"),
        (3, "steps[0].name: expected a string, found a list"),
        (4, "steps[1]: expected a mapping with 'name', found a string"),
    ]
    assert built_images(text, system="cloudbuild").built == ()


_keys = st.sampled_from(
    ["steps", "name", "args", "entrypoint", "script", "id", "images", "substitutions", "options",
     "env", "automapSubstitutions", "artifacts", "_A", "-c"]
)  # fmt: skip
_scalars = st.one_of(
    st.sampled_from(["bash", "-c", "docker", "gcr.io/cloud-builders/docker", "$_A", "${_A}",
                     "build", "-t", "run", "x:1", "true", "$$", "#!/bin/sh\ndocker run a:1"]),
    st.text(max_size=10), st.integers(), st.none(),
)  # fmt: skip


@given(
    st.recursive(
        _scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(_keys, inner, max_size=5)
        ),
        max_leaves=30,
    )
)
def test_built_images_never_raises_on_any_structure(document: object) -> None:
    text = yaml.safe_dump(document)
    built_images(text, system="cloudbuild")
    scan = scan_ci(text, system="cloudbuild")
    assert not any(e.message.startswith("internal error") for e in scan.errors)


# --- which files are Cloud Build's ----------------------------------------------------------

STEPS = "steps:\n- name: gcr.io/cloud-builders/gsutil\n  args: [ls]\n"

NOT_CLOUD_BUILD = [
    # Drone and Woodpecker: steps with an image and commands
    "steps:\n- name: build\n  image: golang:1.22\n  commands: [go build]\n",
    # a GitHub composite action's steps, at the top
    "steps:\n- name: Test\n  run: make test\n",
    # a Kubernetes object (Tekton, Argo…) with steps
    "apiVersion: tekton.dev/v1\nkind: Task\nsteps:\n- name: build\n  args: [x]\n",
    # names alone say nothing of what runs
    "steps:\n- name: first\n- name: second\n",
    # a key no Build has
    "stages: [a]\nsteps:\n- name: gcr.io/cloud-builders/gsutil\n  args: [ls]\n",
    # a step without a name
    "steps:\n- args: [ls]\n",
    # more than one document
    STEPS + "---\n" + STEPS,
]


@pytest.mark.parametrize(
    "text",
    [
        STEPS,
        "steps:\n- name: alpine\n  id: a\n  wait_for: ['-']\n- name: alpine\n  env: [A=1]\n",
        '{"steps": [{"name": "alpine", "script": "echo hi"}], "timeout": "60s"}',
    ],
)
def test_cloud_build_s_shape(text: str) -> None:
    assert _cloudbuild_shape.is_cloudbuild_text(text)


@pytest.mark.parametrize("text", NOT_CLOUD_BUILD)
def test_yaml_with_steps_of_another_shape_is_not_cloud_build_s(text: str) -> None:
    assert not _cloudbuild_shape.is_cloudbuild_text(text)


def test_discovery_by_name_and_by_place_and_shape(tmp_path: Path) -> None:
    write(tmp_path / "cloudbuild.yaml", STEPS.replace("gsutil", "gcloud"))
    write(tmp_path / "src" / "web" / "cloudbuild.json", '{"steps": [{"name": "node:20"}]}')
    write(tmp_path / ".github" / "cloudbuild" / "ci-pr.yaml", STEPS)
    write(tmp_path / "cloudbuild-release.yaml", STEPS.replace("gsutil", "kubectl"))
    write(tmp_path / "deploy" / "cloudbuild" / "prod.json",
          '{"steps": [{"name": "gcr.io/cloud-builders/git", "args": ["log"]}]}')  # fmt: skip
    # Cloud Build's shape elsewhere: not in a walk (named, it is read: below)
    write(tmp_path / "ci" / "steps.yaml", STEPS.replace("gsutil", "docker"))
    # in a Cloud Build place, another shape: not read
    for index, text in enumerate(NOT_CLOUD_BUILD[:3]):
        write(tmp_path / "cloudbuild" / f"other-{index}.yaml", text)
    scan = find_references(tmp_path)
    found = sorted((o.path, o.text) for o in scan if o.kind == "ci")
    assert [(path[len(str(tmp_path)) + 1 :], text) for path, text in found] == [
        (".github/cloudbuild/ci-pr.yaml", "gcr.io/cloud-builders/gsutil"),
        ("cloudbuild-release.yaml", "gcr.io/cloud-builders/kubectl"),
        ("cloudbuild.yaml", "gcr.io/cloud-builders/gcloud"),
        ("deploy/cloudbuild/prod.json", "gcr.io/cloud-builders/git"),
        ("src/web/cloudbuild.json", "node:20"),
    ]
    assert [o.text for o in scan if o.kind != "ci"] == []
    named = find_references(tmp_path / "ci" / "steps.yaml")
    assert [(o.kind, o.text) for o in named] == [("ci", "gcr.io/cloud-builders/docker")]


def test_a_manifest_names_an_image_the_cloud_build_file_pushes(tmp_path: Path) -> None:
    write(tmp_path / ".git" / "HEAD", "ref: refs/heads/main\n")
    write(tmp_path / "cloudbuild.yaml", "steps:\n- name: gcr.io/cloud-builders/gcloud\n"
          "  args: [version]\nimages: ['gcr.io/$PROJECT_ID/web:$SHORT_SHA']\n")  # fmt: skip
    write(tmp_path / "k8s" / "web.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\n"
          "spec:\n  containers:\n  - name: web\n    image: gcr.io/acme-prod/web:1.0\n"
          "  - name: proxy\n    image: gcr.io/acme-prod/proxy:1.0\n")  # fmt: skip
    scan = find_references(tmp_path / "k8s" / "web.yaml")
    made = {o.text: o.built for o in scan}
    site = made["gcr.io/acme-prod/web:1.0"]
    assert site is not None and (site.tool, site.line) == ("cloudbuild", 4)
    assert made["gcr.io/acme-prod/proxy:1.0"] is None


# kythe/kythe (Apache-2.0), kythe/release/cloudbuild/ @ 2026 snapshot: the presubmit (lines 1-12)
# runs the builder image that bazelisk-builder-client/cloudbuild.yaml (whole) pushes to the
# project's own registry, and website-updater/Dockerfile (line 15) starts from it (survey 32d:
# 9 false TS002/TS001 in kythe, the cloud build files of the directories below and beside).
KYTHE_PRESUBMIT = """\
# Cloud Build configuration for mandatory presubmit tests.
steps:
  - name: gcr.io/kythe-repo/bazelisk-builder-client
    id: bazel-minversion
    env:
      - USE_BAZEL_VERSION=min
    args:
      - bazel
      - test
      - '--config=remote'
      - //...
"""
KYTHE_BUILDER = """\
steps:
- name: 'gcr.io/cloud-builders/docker'
  entrypoint: 'bash'
  args: ['-c', 'docker pull gcr.io/$PROJECT_ID/bazelisk-builder-client:latest || exit 0']
- name: 'gcr.io/cloud-builders/docker'
  args: [
            'build',
            '-t', 'gcr.io/$PROJECT_ID/bazelisk-builder-client:latest',
            '--cache-from', 'gcr.io/$PROJECT_ID/bazelisk-builder-client:latest',
            '.'
        ]
images: ['gcr.io/$PROJECT_ID/bazelisk-builder-client:latest']
"""


def test_a_cloud_build_file_below_or_beside_builds_the_project_s_image(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    release = tmp_path / "kythe" / "release" / "cloudbuild"
    (release / "bazelisk-builder-client").mkdir(parents=True)
    (release / "website-updater").mkdir()
    (release / "presubmit.yaml").write_text(KYTHE_PRESUBMIT)
    (release / "bazelisk-builder-client" / "cloudbuild.yaml").write_text(KYTHE_BUILDER)
    (release / "bazelisk-builder-client" / "Dockerfile").write_text("FROM ubuntu:24.04\n")
    (release / "website-updater" / "Dockerfile").write_text(
        "FROM gcr.io/kythe-repo/bazelisk-builder-client\n"
    )
    found = [o for o in find_references(".") if "kythe-repo" in o.text]  # (its FROM beside)
    assert sorted((o.path, o.built is not None) for o in found) == [
        ("kythe/release/cloudbuild/presubmit.yaml", True),
        ("kythe/release/cloudbuild/website-updater/Dockerfile", True),
    ]
    sites = {o.built.path for o in found if o.built is not None}
    assert sites == {"kythe/release/cloudbuild/bazelisk-builder-client/cloudbuild.yaml"}


def test_docstring_examples() -> None:
    for module in (_cloudbuild_shape, _cloudbuild):
        result = doctest.testmod(module)
        assert result.failed == 0
    assert doctest.testmod(_cloudbuild_shape).attempted > 0


# kubernetes/ingress-nginx, images/httpbun/cloudbuild.yaml, images/Makefile and
# images/httpbun/rootfs/Dockerfile (trimmed): the step runs `make push` in `images` with
# NAME=httpbun, which builds `$(NAME)/rootfs` with GOLANG_VERSION from a file.
_INGRESS_FILES = {
    "images/httpbun/cloudbuild.yaml": (
        "steps:\n- name: gcr.io/cloud-builders/docker@sha256:" + "0" * 64 + "\n"
        "  dir: images\n  env:\n  - NAME=httpbun\n  entrypoint: make\n  args:\n  - push\n"
    ),
    "images/Makefile": (
        "NAME ?=\nTAG ?= $(shell cat $(NAME)/TAG)\n"
        "GOLANG_VERSION ?= $(shell cat ../GOLANG_VERSION)\n"
        "build:\n\tdocker buildx build --build-arg GOLANG_VERSION=$(GOLANG_VERSION)"
        " $(NAME)/rootfs --tag registry.example/$(NAME):$(TAG) $(OUTPUT)\n"
        "push: OUTPUT = --push\npush: build\n"
    ),
    "images/httpbun/TAG": "v1.0.0\n",
    "GOLANG_VERSION": "1.26.1\n",
    "images/httpbun/rootfs/Dockerfile": "ARG GOLANG_VERSION\nFROM golang:${GOLANG_VERSION}\n",
}


def test_a_step_s_make_runs_the_makefile_of_its_dir(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    for name, text in _INGRESS_FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    found = find_references(str(tmp_path))
    froms = [o.text for o in found if o.path and o.path.endswith("Dockerfile")]
    assert froms == ["golang:1.26.1"]
