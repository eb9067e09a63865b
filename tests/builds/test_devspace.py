"""DevSpace: the images a ``devspace.yaml`` builds are the project's; its dev images and
component charts' containers are pulls (sources.builds.devspace).

From surveys 26c and 26m (loft-sh/devspace, Apache-2.0): its examples deploy manifests that say
``image: yourusername/devspace``, which their ``devspace.yaml`` builds and DevSpace replaces
with the tag it built (7 false TS002 before).
"""

from __future__ import annotations

import datetime
import doctest
import json
from typing import TYPE_CHECKING

import pytest

from tagsense import check, find_references
from tagsense.cli import main
from tagsense.sources.builds import build_tool, devspace
from tagsense.sources.builds.devspace import scan_devspace

if TYPE_CHECKING:
    from pathlib import Path

# loft-sh/devspace@HEAD examples/kustomize/devspace.yaml (trimmed), v1beta9
KUSTOMIZE = """\
version: v1beta9
images:
  default:
    image: yourusername/devspace
deployments:
- name: devspace-app
  kubectl:
    manifests:
    - kube
    kustomize: true
"""
KUSTOMIZE_DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: devspace
spec:
  template:
    spec:
      containers:
      - name: default
        image: yourusername/devspace
"""

# loft-sh/devspace e2e/tests/deploy/testdata/default/devspace.yaml (trimmed): a component
# chart's container, and a local chart
COMPONENT = """\
version: v1beta5
images:
  php:
    image: acme/php
    dockerfile: php/Dockerfile
    context: php/
    buildArgs:
      PHP: "8.3"
deployments:
- name: root-app
  helm:
    componentChart: true
    values:
      containers:
      - image: nginx:latest
- name: php-app
  helm:
    chart:
      name: php/chart
    values:
      image: image(acme/php)
      tag: tag(acme/php)
"""


def test_doctests() -> None:
    assert doctest.testmod(devspace).failed == 0


def test_devspace_yaml_is_devspace_s() -> None:
    assert build_tool("examples/kustomize/devspace.yaml") == "devspace"
    assert build_tool("devspace.yml") is None  # (DevSpace reads devspace.yaml alone)


def test_images_are_built_names_and_their_dockerfiles_builds() -> None:
    found = scan_devspace(COMPONENT, path="app/devspace.yaml")
    assert [(b.name, b.site.tool, b.site.line) for b in found.built] == [
        ("acme/php", "devspace", 4)
    ]
    (build,) = found.builds
    assert (build.dockerfile, build.context) == ("app/php/Dockerfile", "app/php")
    assert dict(build.args) == {"PHP": "8.3"}
    assert build.tags == ("acme/php",)


def test_component_chart_containers_and_dev_images_are_pulls() -> None:
    found = scan_devspace(COMPONENT, path="devspace.yaml")
    assert [(o.text, o.line, o.column, o.kind) for o in found.scan] == [
        ("nginx:latest", 15, 16, "devspace")
    ]
    image = "ghcr.io/loft-sh/devspace-containers/go:1.22"
    dev = f"version: v2beta1\ndev:\n  app:\n    devImage: {image}\n"
    assert [o.text for o in scan_devspace(dev).scan] == [image]


def test_variables_the_file_gives_fill_names_others_are_a_run_s() -> None:
    text = (
        "version: v2beta1\nvars:\n  REGISTRY: ghcr.io/acme\n  TAG:\n    default: dev\n"
        "images:\n  api:\n    image: ${REGISTRY}/api\n"
        "  web:\n    image: dscr.io/${DEVSPACE_USERNAME}/web\n"
        "dev:\n  api:\n    devImage: ${REGISTRY}/dev:${TAG}\n  web:\n    devImage: ${NOPE}/x:1\n"
    )
    found = scan_devspace(text)
    assert [b.name for b in found.built] == ["ghcr.io/acme/api", "dscr.io/*/web"]
    assert [(o.text, o.unresolved) for o in found.scan] == [
        ("ghcr.io/acme/dev:dev", ()),
        ("${NOPE}/x:1", ("NOPE",)),
    ]


def test_a_file_without_devspace_s_version_gives_nothing() -> None:
    found = scan_devspace("images:\n  api:\n    image: acme/api\n")
    assert list(found.built) == [] and list(found.scan) == []


def run(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    capsys.readouterr()
    main([*args, "--format", "json"])
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_a_manifest_of_an_image_devspace_builds_is_not_a_pull(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "devspace.yaml").write_text(KUSTOMIZE)
    (tmp_path / "kube").mkdir()
    (tmp_path / "kube" / "deployment.yaml").write_text(KUSTOMIZE_DEPLOYMENT)
    (tmp_path / "Dockerfile").write_text("FROM node:13.12\n")
    report = run(capsys, "check", "--exit-zero", str(tmp_path))
    findings = report["findings"]
    assert isinstance(findings, list)
    codes = [(f["path"].rpartition("/")[2], f["code"]) for f in findings]
    assert codes == [("Dockerfile", "TS004")]
    # The same alone, as pre-commit passes one file.
    alone = run(capsys, "check", "--exit-zero", str(tmp_path / "kube" / "deployment.yaml"))
    assert alone["findings"] == []


def test_a_local_chart_is_rendered_with_devspace_s_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # loft-sh/devspace examples/minikube: the chart's values are empty; DevSpace gives
    # `image: image(NAME)` and `tag: tag(NAME)`: "the rendered YAML is invalid" before.
    chart = tmp_path / "php" / "chart"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: php\nversion: 0.1.0\n")
    (chart / "values.yaml").write_text("# Empty\n")
    (chart / "templates" / "deployment.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: php\nspec:\n  template:\n"
        "    spec:\n      containers:\n        - name: default\n"
        "          image: {{ .Values.image }}:{{ .Values.tag }}\n"
    )
    (tmp_path / "php" / "Dockerfile").write_text("FROM php:8.3.14-apache\n")
    (tmp_path / "devspace.yaml").write_text(COMPONENT)
    refs = run(capsys, "refs", str(tmp_path))["references"]
    assert isinstance(refs, list)
    rendered = [r for r in refs if r["path"].endswith("deployment.yaml")]
    assert [(r["text"], r["built"] is not None) for r in rendered] == [("acme/php:latest", True)]
    report = run(capsys, "check", "--exit-zero", str(tmp_path))
    assert report["errors"] == []
    assert [f["reference"] for f in report["findings"]] == ["nginx:latest"]


DAY = datetime.date(2026, 12, 5)

# loft-sh/devspace, examples/custom-builder/devspace.yaml (trimmed).
CUSTOM_BUILDER = """\
version: v2beta1
name: custom-builder

vars:
  IMAGE: myusername/devspace

images:
  my-image:
    image: ${IMAGE}
    custom:
      command: |-
        docker build -t ${runtime.images.my-image.image}:${runtime.images.my-image.tag} .

deployments:
  my-deployment:
    kubectl:
      manifests:
      - kube

dev:
  my-dev:
    imageSelector: ${IMAGE}
    devImage: loftsh/javascript:latest
  other:
    devImage: ${runtime.images.my-image}
  asked:
    devImage: ${DEV_IMAGE}
"""

# loft-sh/devspace, e2e/tests/replacepods/testdata/statefulset/devspace.yaml (trimmed).
V1BETA11 = """\
version: v1beta11
vars:
  - name: IMAGE
    value: john/devbackend
  - name: BASE
    default: ubuntu
images:
  backend:
    image: ${IMAGE}
dev:
  replacePods:
    - imageSelector: ${IMAGE}
      replaceImage: ${BASE}:18.04
"""

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: devspace}
spec:
  selector: {matchLabels: {app: devspace}}
  template:
    metadata: {labels: {app: devspace}}
    spec:
      containers:
        - name: default
          image: myusername/devspace
"""


def test_the_images_devspace_builds_and_runs() -> None:
    assert build_tool("examples/custom-builder/devspace.yaml") == "devspace"
    found = scan_devspace(CUSTOM_BUILDER, path="devspace.yaml")
    assert [(image.name, image.site.tool, image.site.line) for image in found.built] == [
        ("myusername/devspace", "devspace", 9),
    ]
    assert [(o.line, o.kind, o.text, o.unresolved) for o in found.scan] == [
        (23, "devspace", "loftsh/javascript:latest", ()),
        (27, "devspace", "${DEV_IMAGE}", ("DEV_IMAGE",)),
    ]
    assert found.scan.errors == ()


def test_the_variables_of_a_v1beta11_configuration() -> None:
    found = scan_devspace(V1BETA11, path="devspace.yaml")
    assert [image.name for image in found.built] == ["john/devbackend"]
    assert [(o.text, o.context["field"]) for o in found.scan] == [("ubuntu:18.04", "replaceImage")]


@pytest.mark.parametrize("text", ["images:\n  a:\n    image: x\n", "[1, 2]\n", "version: [\n"])
def test_what_is_no_devspace_configuration_builds_nothing(text: str) -> None:
    found = scan_devspace(text, path="devspace.yaml")
    assert (list(found.built), list(found.scan)) == ([], [])


def test_the_manifests_devspace_deploys_name_the_images_it_builds(tmp_path: Path) -> None:
    # examples/custom-builder/kube/deployment.yaml says `image: myusername/devspace`, which
    # DevSpace builds and puts in (a false TS002 before); its development image was missed.
    (tmp_path / ".git").mkdir()
    example = tmp_path / "examples" / "custom-builder"
    (example / "kube").mkdir(parents=True)
    (example / "devspace.yaml").write_text(CUSTOM_BUILDER)
    (example / "kube" / "deployment.yaml").write_text(DEPLOYMENT)
    found = find_references(str(tmp_path))
    rows = sorted((o.kind, o.text, o.built is not None) for o in found)
    assert rows == [
        ("devspace", "${DEV_IMAGE}", False),
        ("devspace", "loftsh/javascript:latest", False),
        ("kubernetes", "myusername/devspace", True),
    ]
    codes = sorted((f.code, f.occurrence.text) for f in check(found, as_of=DAY))
    assert codes == [("TS001", "loftsh/javascript:latest"), ("TS011", "${DEV_IMAGE}")]


def test_an_official_name_devspace_builds_over_itself_is_built_where_it_deploys(
    tmp_path: Path,
) -> None:
    # loft-sh/devspace examples/microservices (trimmed): `images: php: image: php` is built
    # FROM php:7.1-apache-stretch, and DevSpace puts its tag in the chart it deploys (a false
    # TS002 before); the Dockerfile's FROM, a script's run and a pod elsewhere still pull Docker
    # Hub's php
    (tmp_path / ".git").mkdir()
    example = tmp_path / "examples" / "microservices"
    (example / "php" / "chart" / "templates").mkdir(parents=True)
    (example / "devspace.yaml").write_text(
        "version: v1beta9\nimages:\n  php:\n    image: php\n    dockerfile: php/Dockerfile\n"
        "    context: php/\ndeployments:\n- name: devspace-php\n  helm:\n    chart:\n"
        "      name: php/chart\n"
    )
    (example / "php" / "Dockerfile").write_text("FROM php:7.1-apache-stretch\n")
    (example / "php" / "chart" / "Chart.yaml").write_text("name: my-app\nversion: v0.0.1\n")
    (example / "php" / "chart" / "values.yaml").write_text("containers:\n  php:\n    image: php\n")
    (example / "php" / "chart" / "templates" / "deployment.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  template:\n"
        "    spec:\n      containers:\n      - name: php\n"
        "        image: {{ .Values.containers.php.image }}\n"
    )
    (example / "run.sh").write_text("#!/bin/sh\ndocker run --rm php php -v\n")
    other = tmp_path / "other"
    other.mkdir()
    (other / "pod.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n"
        "  - name: php\n    image: php\n"
    )
    found = find_references(str(tmp_path))
    rows = sorted((o.path.rpartition("/")[2], o.text, o.built is not None) for o in found)
    assert rows == [
        ("Dockerfile", "php:7.1-apache-stretch", False),
        ("pod.yaml", "php", False),
        ("run.sh", "php", False),  # (no deployment: the engine pulls Docker Hub's)
        ("values.yaml", "php", True),
    ]
