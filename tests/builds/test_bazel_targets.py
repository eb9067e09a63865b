"""Bazel: the images a workspace's packages build, push and load are built, not pulled (see
``tagsense.sources.builds._bazel_targets`` and ``tagsense.sources._bazel_workspace``)."""

from __future__ import annotations

import datetime
import os
from typing import TYPE_CHECKING

from tagsense import check, find_references
from tagsense.sources.builds.bazel import scan_bazel

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

DAY = datetime.date(2026, 12, 5)

# bazelbuild/rules_docker (Apache-2.0) @ 2026 snapshot (survey 32d: 10 false findings, its
# e2e tests run and pull back what its packages build and push).
# testdata/BUILD, lines 45-49 and 893-901:
TESTDATA_BUILD = """\
load(
    "//java:image.bzl",
    "java_image",
    "war_image",
)

war_image(
    name = "war_image",
    srcs = ["Servlet.java"],
    env = {"WAR_IMAGE_TEST_KEY": "war_image_test_value"},
    layers = [
        ":java_image_library",
        "@javax_servlet_api//jar:jar",
    ],
)

container_bundle(
    name = "bundle_test",
    images = {
        "docker.io/ubuntu:latest": ":base_with_entrypoint",
    },
)
"""
# tests/container/BUILD, lines 235-242 and 405-412:
CONTAINER_BUILD = """\
container_push(
    name = "push_image_with_11_layers",
    format = "Docker",
    image = ":image_with_11_layers",
    registry = "localhost:5000",
    repository = "tests/container/image_with_11_layers",
    tag = "latest",
)

container_bundle(
    name = "three_images_bundle",
    images = {
        "localhost:5000/image0:latest": "//testdata:base_with_entrypoint",
        "localhost:5000/image1:latest": "//testdata:link_with_files_base",
        "localhost:5000/image2:latest": "//testdata:with_double_env",
    },
)
"""
# testing/e2e.sh, lines 76-77 and 385-390 (the registry's line: an image it pulls):
E2E = """\
  docker load -i bazel-bin/testdata/war_image.tar
  ID=$(docker run -d -p 8080:8080 bazel/testdata:war_image)
  cid=$(docker run --rm -d -p 5000:5000 --name registry registry:2.8.3)
  EXPECT_CONTAINS "$(docker pull localhost:5000/image0:latest)" "Downloaded newer image"
  docker run --rm ubuntu:latest true
"""
# WORKSPACE, lines 217-223:
WORKSPACE = """\
container_pull(
    name = "e2e_test_pull_image_with_11_layers",
    registry = "localhost:5000",
    repository = "tests/container/image_with_11_layers",
    tag = "latest",
)
"""
# bazel-contrib/rules_oci (Apache-2.0), examples/multi_architecture_image/BUILD.bazel
# @ 2026 snapshot, lines 36-40, and an oci_push of its examples/push/BUILD.bazel form:
RULES_OCI_BUILD = """\
oci_load(
    name = "load",
    image = ":image",
    repo_tags = ["my-repository:latest"],
)

oci_push(
    name = "push_image",
    image = ":image",
    repository = "index.docker.io/acme/app",
    remote_tags = ["latest"],
)
"""


def _write(files: dict[str, str]) -> None:
    for name, text in files.items():
        os.makedirs(os.path.dirname(name) or ".", exist_ok=True)
        with open(name, "w") as handle:
            handle.write(text)


def test_a_package_names_the_images_its_targets_build_push_and_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _write({"WORKSPACE": "", "testdata/BUILD": TESTDATA_BUILD, "BUILD.bazel": RULES_OCI_BUILD})
    built = [(image.name, image.site.line) for image in scan_bazel(
        TESTDATA_BUILD, path="testdata/BUILD"
    ).built]  # fmt: skip
    assert built == [("bazel/testdata", 7), ("docker.io/ubuntu", 17)]
    names = [image.name for image in scan_bazel(RULES_OCI_BUILD, path="BUILD.bazel").built]
    assert names == ["my-repository", "index.docker.io/acme/app"]
    # (a war_image the file does not load is someone else's rule: no name)
    alone = scan_bazel(TESTDATA_BUILD.split("\n\n", 1)[1], path="testdata/BUILD")
    assert [image.name for image in alone.built] == ["docker.io/ubuntu"]


def test_scripts_and_pulls_of_the_workspace_s_own_images_are_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(
        {
            "WORKSPACE": WORKSPACE,
            "testdata/BUILD": TESTDATA_BUILD,
            "tests/container/BUILD": CONTAINER_BUILD,
            "testing/e2e.sh": E2E,
            # (a nested workspace pulls what the one around it pushed)
            "testing/default_toolchain/WORKSPACE": WORKSPACE,
        }
    )
    found = find_references(".").occurrences
    built = {(o.path, o.text) for o in found if o.built is not None}
    assert built == {
        ("WORKSPACE", "localhost:5000/tests/container/image_with_11_layers:latest"),
        (
            "testing/default_toolchain/WORKSPACE",
            "localhost:5000/tests/container/image_with_11_layers:latest",
        ),
        ("testing/e2e.sh", "bazel/testdata:war_image"),
        ("testing/e2e.sh", "localhost:5000/image0:latest"),
    }
    sites = {o.text: o.built for o in found if o.built is not None}
    war = sites["bazel/testdata:war_image"]
    assert war is not None and (war.tool, war.path, war.line) == ("bazel", "testdata/BUILD", 7)
    # (the official ubuntu a bundle loads a test image as is still Docker's)
    codes = sorted((f.path, f.code, f.reference) for f in check(found, as_of=DAY))
    assert [(path, code) for path, code, _ in codes] == [("testing/e2e.sh", "TS001")]


# kythe/kythe (Apache-2.0) @ 2026 snapshot, kythe/release/base/BUILD lines 1 and 13-19: its
# docker_build macro runs `docker build -t IMAGE_NAME`, and kythe/release/Dockerfile starts
# FROM google/kythe-base (survey 32d: 2 false TS002).
KYTHE_BASE_BUILD = """\
load("//tools:build_rules/docker.bzl", "docker_build")

docker_build(
    name = "base",
    data = ["fix_permissions.sh"],
    image_name = "google/kythe-base",
    tags = ["manual"],
    use_cache = True,
)
"""


def test_a_macro_s_image_name_is_the_image_it_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(
        {
            "WORKSPACE": "",
            "kythe/release/base/BUILD": KYTHE_BASE_BUILD,
            "kythe/release/Dockerfile": "FROM google/kythe-base\n",
            "tools/BUILD": 'oci_image(name = "app", image_name = ":base")\n',  # (a label)
        }
    )
    (base,) = find_references(".").occurrences
    assert base.built is not None and (base.built.path, base.built.line) == (
        "kythe/release/base/BUILD",
        3,
    )
    assert scan_bazel('oci_image(name = "a", image_name = ":base")\n', path="BUILD").built == ()


def test_outside_a_workspace_the_names_mean_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _write({"testdata/BUILD": TESTDATA_BUILD, "testing/e2e.sh": E2E})
    found = find_references(".").occurrences
    assert [o.text for o in found if o.built is not None] == []
