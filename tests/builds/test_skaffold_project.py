"""Skaffold in a project: what its builds do to the Dockerfiles and manifests around it.

From issue 12's survey of real repositories (GoogleContainerTools/skaffold's examples,
triage-party): a required artifact's alias is a build argument, the other builders' base
images are pulls, a ``skaffold-*.yaml`` used with ``skaffold -f`` builds images too, and a
``skaffold.yaml`` of another tool is no source.
"""

from __future__ import annotations

import datetime
import os
from typing import TYPE_CHECKING

import pytest

from tagsense import check, find_references
from tagsense.sources import BuildSite

if TYPE_CHECKING:
    from pathlib import Path

DAY = datetime.date(2026, 11, 28)

SKAFFOLD = """\
apiVersion: skaffold/v4beta11
kind: Config
build:
  artifacts:
  - image: app
    context: app
    requires: [{image: base, alias: BASE}]
  - image: base
    context: base
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_required_artifact_is_the_base_its_alias_names(project: Path) -> None:
    write(project / "skaffold.yaml", SKAFFOLD)
    write(project / "app" / "Dockerfile", "ARG BASE\nFROM $BASE\n")
    write(project / "base" / "Dockerfile", "FROM alpine:3.22.2\n")
    dockerfile = os.path.join("app", "Dockerfile")
    for scan in (find_references("."), find_references(dockerfile)):
        assert scan.errors == ()  # (no "base name ($BASE) should not be blank")
        (base,) = [o for o in scan if o.path == dockerfile]
        assert (base.raw, base.text) == ("$BASE", "base")
        assert base.built == BuildSite("skaffold", "skaffold.yaml", 8)
        assert base.context["build"] == {
            "tool": "skaffold", "path": "skaffold.yaml", "line": 5, "name": "app"
        }  # fmt: skip
        assert not [f for f in check(scan, as_of=DAY) if f.path == dockerfile]


def test_build_arguments_and_target_feed_the_dockerfile_as_compose_builds_do(
    project: Path,
) -> None:
    write(
        project / "skaffold.yaml",
        "apiVersion: skaffold/v4beta11\nkind: Config\nbuild:\n  artifacts:\n"
        "  - image: app\n    docker:\n      dockerfile: build/app.Dockerfile\n"
        "      target: release\n"
        "      buildArgs: {GO: '1.23.4', DEBIAN: '{{.DEBIAN}}'}\n",
    )
    write(
        project / "build" / "app.Dockerfile",
        "ARG GO=1.21\nARG DEBIAN=11.1\nFROM golang:${GO} AS build\n"
        "FROM debian:${DEBIAN}-slim AS release\nFROM busybox:1.37.0 AS debug\n",
    )
    scan = find_references(".", env={"DEBIAN": "12.8"})
    found = {o.text: o.context["pulled"] for o in scan if o.kind == "from"}
    assert found == {"golang:1.23.4": False, "debian:12.8-slim": True, "busybox:1.37.0": False}
    # (a template the environment does not fill is left out: the Dockerfile's default)
    scan = find_references(".", env={})
    assert "debian:11.1-slim" in [o.text for o in scan]


def test_other_builders_base_images_are_found_and_judged(project: Path) -> None:
    write(
        project / "skaffold.yaml",
        "apiVersion: skaffold/v4beta11\nkind: Config\nbuild:\n  artifacts:\n"
        "  - {image: app,  jib: {fromImage: gcr.io/distroless/java21-debian12:debug}}\n"
        "  - {image: app2, buildpacks: {builder: gcr.io/buildpacks/builder:v1}}\n"
        "  - {image: app3, ko: {fromImage: gcr.io/distroless/static-debian11:nonroot}}\n",
    )
    scan = find_references(".")
    assert [(o.path, o.line, o.kind, o.built) for o in scan] == [
        ("skaffold.yaml", 5, "skaffold", None),
        ("skaffold.yaml", 6, "skaffold", None),
        ("skaffold.yaml", 7, "skaffold", None),
    ]
    codes = {(f.line, f.code) for f in check(scan, as_of=DAY)}
    assert {(5, "TS003"), (6, "TS004"), (7, "TS003")} <= codes


def test_another_tools_skaffold_yaml_is_no_source(project: Path) -> None:
    write(project / "skaffold.yaml", "settings:\n  name: triage-party\ncollections: []\n")
    write(project / "Dockerfile", "FROM alpine:3.22.2\n")
    for named, paths in ((".", ["Dockerfile"]), ("skaffold.yaml", [])):
        scan = find_references(named)
        assert scan.errors == ()
        assert [o.path for o in scan] == paths


def test_a_skaffold_file_used_with_dash_f_builds_images_too(project: Path) -> None:
    # (skaffold's examples/jib-gradle: skaffold-gradle.yaml, used with `skaffold -f`)
    write(
        project / "skaffold-gradle.yaml",
        "apiVersion: skaffold/v4beta11\nkind: Config\nbuild:\n  artifacts:\n"
        "  - image: test-file-sync\n    jib: {type: gradle}\n",
    )
    write(project / "skaffold-values.yaml", "image: {repository: nginx}\n")  # (not Skaffold's)
    write(
        project / "k8s" / "pod.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
        "  - name: app\n    image: test-file-sync\n",
    )
    pod = os.path.join("k8s", "pod.yaml")
    for scan in (find_references("."), find_references(pod)):
        assert scan.errors == ()
        (image,) = [o for o in scan if o.path == pod]
        assert image.built == BuildSite("skaffold", "skaffold-gradle.yaml", 5)
        assert not [f for f in check(scan, as_of=DAY) if f.path == pod]


def test_a_chart_skaffold_deploys_renders_the_image_it_builds(project: Path) -> None:
    write(
        project / "skaffold.yaml",
        "apiVersion: skaffold/v4beta11\nkind: Config\nbuild: {artifacts: [{image: app}]}\n"
        "manifests:\n  helm:\n    releases:\n    - name: app\n      chartPath: chart\n"
        "      setValueTemplates:\n"
        '        image.repository: "{{.IMAGE_REPO_app}}"\n'
        '        image.tag: "{{.IMAGE_TAG_app}}"\n',
    )
    write(project / "chart" / "Chart.yaml", "apiVersion: v2\nname: app\nversion: 0.1.0\n")
    write(project / "chart" / "values.yaml", "image: {repository: gcr.io/p/app, tag: '1.0'}\n")
    write(
        project / "chart" / "templates" / "pod.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: app}\nspec:\n  containers:\n"
        "  - name: app\n    image: {{ .Values.image.repository }}:{{ .Values.image.tag }}\n",
    )
    template = os.path.join("chart", "templates", "pod.yaml")
    for named in (".", os.path.join("chart", "values.yaml"), template):
        scan = find_references(named)
        assert scan.errors == (), named
        (image,) = [o for o in scan if o.kind == "helm"]
        assert (image.path, image.line, image.text) == (template, 7, "app:latest")
        assert image.built == BuildSite("skaffold", "skaffold.yaml", 3)
        assert image.context["release"] == {
            "tool": "skaffold", "path": "skaffold.yaml", "line": 7, "name": "app"
        }  # fmt: skip
        assert list(check(scan, as_of=DAY)) == []
    # Without the release, the chart alone is what helm renders with its own values.
    write(project / "skaffold.yaml", "apiVersion: skaffold/v4beta11\nkind: Config\n")
    (image,) = [o for o in find_references(".") if o.kind == "helm"]
    assert (image.text, image.built) == ("gcr.io/p/app:1.0", None)


def test_a_chart_two_releases_deploy_is_read_as_each_renders_it(project: Path) -> None:
    write(
        project / "skaffold.yaml",
        "apiVersion: skaffold/v2beta29\nkind: Config\nbuild: {artifacts: [{image: app}]}\n"
        "deploy:\n  helm:\n    releases:\n"
        "    - {name: built, chartPath: chart, artifactOverrides: {image: app}}\n"
        "    - {name: pinned, chartPath: chart, setValues: {image: 'nginx:1.27.3'},"
        " valuesFiles: [missing.yaml]}\n"
        "    - {name: again, chartPath: chart, valuesFiles: [missing.yaml]}\n",
    )
    write(project / "chart" / "Chart.yaml", "apiVersion: v2\nname: app\nversion: 0.1.0\n")
    write(project / "chart" / "values.yaml", "image: redis:7.4.1\n")
    write(
        project / "chart" / "templates" / "pod.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: app}\nspec:\n  containers:\n"
        "  - name: app\n    image: {{ .Values.image }}\n",
    )
    scan = find_references(".")
    found = {(o.text, o.context["release"]["name"], o.built is not None) for o in scan}
    assert found == {("app", "built", True), ("nginx:1.27.3", "pinned", False),
                     ("redis:7.4.1", "again", False)}  # fmt: skip
    # (the missing values file, which both releases name, is one error)
    assert [e.message.split(":")[0] for e in scan.errors] == ["cannot read"]


def test_a_chart_image_made_of_a_value_set_to_a_built_image_is_built(project: Path) -> None:
    # fission/fission's skaffold.yaml and charts/fission-all (trimmed): the release sets
    # `image` to the fission-bundle it builds, and `repository: ghcr.io`, which the chart's
    # helper puts before it (`printf "%s/%s%s" $repository $image …`): Skaffold's build
    write(
        project / "skaffold.yaml",
        "apiVersion: skaffold/v4beta12\nkind: Config\n"
        "build: {artifacts: [{image: fission-bundle}]}\n"
        "manifests:\n  helm:\n    releases:\n"
        "    - name: fission\n      chartPath: chart\n"
        "      setValues: {repository: ghcr.io, imageTag: ''}\n"
        "      setValueTemplates: {image: '{{.IMAGE_FULLY_QUALIFIED_fission_bundle}}'}\n",
    )
    write(project / "chart" / "Chart.yaml", "apiVersion: v2\nname: f\nversion: 0.1.0\n")
    write(
        project / "chart" / "values.yaml",
        "repository: ghcr.io\nimage: fission/fission-bundle\nimageTag: v1.27.0\n"
        "other: redis:7.4.1\n",
    )
    write(
        project / "chart" / "templates" / "pod.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: f}\nspec:\n  containers:\n"
        '  - name: f\n    image: {{ printf "%s/%s" .Values.repository .Values.image }}\n'
        "  - name: r\n    image: {{ .Values.other }}\n",
    )
    scan = find_references(".")
    found = {o.text: o.built for o in scan}
    assert found == {
        "ghcr.io/fission-bundle": BuildSite("skaffold", "skaffold.yaml", 3),
        "redis:7.4.1": None,
    }
    assert list(check(scan, as_of=DAY)) == []


def test_a_custom_build_gets_its_required_artifacts_as_build_arguments(project: Path) -> None:
    # GoogleContainerTools/skaffold integration/testdata/build-dependencies: app1 is built by
    # `./build.sh` (`docker build -t "$IMAGE" --build-arg image2 .`), and Skaffold puts the
    # image it built for image2 in the script's environment.
    write(
        project / "skaffold.yaml",
        "apiVersion: skaffold/v4beta14\nkind: Config\nbuild:\n  artifacts:\n"
        "  - image: image1\n    context: app1\n    custom: {buildCommand: ./build.sh}\n"
        "    requires: [{image: image2}]\n"
        "  - image: image2\n    context: app2\n"
        "  - image: image3\n    context: app3\n"
        "    custom:\n      buildCommand: ./build.sh\n      dependencies:\n"
        "        dockerfile: {path: build/Dockerfile.dev, buildArgs: {GO: '1.23.4'}}\n"
        "  - image: image4\n    context: app4\n    custom: {buildCommand: ./pack.sh}\n",
    )
    write(project / "app1" / "Dockerfile", "ARG image2\nFROM busybox:1.37.0 AS b\nFROM $image2\n")
    write(project / "app2" / "Dockerfile", "FROM busybox:1.37.0\n")
    write(project / "app3" / "build" / "Dockerfile.dev", "ARG GO=1.21\nFROM golang:${GO}\n")
    write(project / "app4" / "pack.sh", "pack build $IMAGE\n")  # no Dockerfile: nothing read
    scan = find_references(".")
    assert scan.errors == ()  # (no "base name ($image2) should not be blank")
    by_path = {(o.path, o.raw): o for o in scan}
    base = by_path[(os.path.join("app1", "Dockerfile"), "$image2")]
    assert base.text == "image2"
    assert base.built == BuildSite("skaffold", "skaffold.yaml", 9)
    golang = by_path[(os.path.join("app3", "build", "Dockerfile.dev"), "golang:${GO}")]
    assert golang.text == "golang:1.23.4"
    assert not [f for f in check(scan, as_of=DAY) if f.path == os.path.join("app1", "Dockerfile")]
