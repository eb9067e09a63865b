"""Bazel: the images a workspace pulls with rules_oci's ``oci_pull`` / ``oci.pull`` and
rules_docker's ``container_pull`` (see ``tagsense.sources.builds.bazel``)."""

from __future__ import annotations

import datetime
import os
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tagsense import check, find_references
from tagsense.sources.builds.bazel import scan_bazel

if TYPE_CHECKING:
    from pathlib import Path

DAY = datetime.date(2026, 12, 5)

# rabbitmq/rabbitmq-server (MPL-2.0), WORKSPACE @ v3.10.8 (Debian's rabbitmq-server 3.10.8
# source), lines 46-56: the image its Bazel test targets run in (survey 29x: missed).
RABBITMQ_WORKSPACE = """\
load(
    "@io_bazel_rules_docker//container:container.bzl",
    "container_pull",
)

container_pull(
    name = "ubuntu2004",
    registry = "index.docker.io",
    repository = "pivotalrabbitmq/ubuntu",
    tag = "20.04",
)
"""

# rules_oci's documented forms (bazel-contrib/rules_oci, docs/pull.md): WORKSPACE and bzlmod.
DIGEST = "sha256:" + "a" * 64
RULES_OCI = f"""\
load("@rules_oci//oci:pull.bzl", "oci_pull")

DISTROLESS = "gcr.io/distroless/base"

oci_pull(
    name = "distroless_base",
    digest = "{DIGEST}",
    image = DISTROLESS,
    platforms = ["linux/amd64"],
)

def deps(tag):
    oci_pull(name = "mine", image = "ghcr.io/acme/app", tag = tag)  # (the caller's tag)
"""
MODULE = """\
oci = use_extension("@rules_oci//oci:extensions.bzl", "oci")
oci.pull(
    name = "debian",
    image = "docker.io/library/debian",
    tag = "12.8",
)
use_repo(oci, "debian")
"""


def test_container_pull_names_the_registry_repository_and_tag() -> None:
    (pull,) = scan_bazel(RABBITMQ_WORKSPACE, path="WORKSPACE").scan
    assert (pull.text, pull.line, pull.column) == (
        "index.docker.io/pivotalrabbitmq/ubuntu:20.04",
        9,
        19,
    )
    assert pull.context == {"rule": "container_pull", "target": "ubuntu2004"}
    assert (
        pull.reference is not None
        and str(pull.reference) == "docker.io/pivotalrabbitmq/ubuntu:20.04"
    )


def test_oci_pull_and_the_module_extension_are_read_and_a_caller_s_value_is_not() -> None:
    (distroless,) = scan_bazel(RULES_OCI, path="deps.bzl").scan
    assert distroless.text == f"gcr.io/distroless/base@{DIGEST}"
    assert (distroless.line, distroless.context["rule"]) == (8, "oci_pull")
    (debian,) = scan_bazel(MODULE, path="MODULE.bazel").scan
    assert (debian.text, debian.line, debian.context["rule"]) == (
        "docker.io/library/debian:12.8",
        4,
        "oci.pull",
    )


def test_container_pull_without_tag_or_digest_pulls_latest() -> None:
    found = scan_bazel('container_pull(name = "x", registry = "gcr.io", repository = "a/b")')
    (pull,) = found.scan
    assert [f.code for f in check([pull], as_of=DAY)] == ["TS002"]


@pytest.mark.parametrize(
    "name", ["WORKSPACE", "WORKSPACE.bazel", "MODULE.bazel", "third_party/images.bzl"]
)
def test_a_scan_finds_bazel_pulls_where_bazel_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    os.makedirs(os.path.dirname(name) or ".", exist_ok=True)
    with open(name, "w") as handle:
        handle.write(MODULE if name == "MODULE.bazel" else RABBITMQ_WORKSPACE)
    with open("other.bzl", "w") as handle:  # (a macro file that pulls nothing: not read)
        handle.write('def f():\n    native.genrule(name = "x", cmd = "docker pull y:1")\n')
    found = [(o.path, o.kind) for o in find_references(".")]
    assert found == [(name, "bazel")]
    assert find_references(name).occurrences == find_references(".").occurrences


@given(st.text(max_size=200))
def test_any_text_gives_pulls_or_nothing_never_an_exception(text: str) -> None:
    found = scan_bazel("container_pull(" + text)
    assert all(o.kind == "bazel" for o in found.scan)


# tweag/rules_nixpkgs (Apache-2.0), examples/toolchains/cc_cross_osx_to_linux_amd64/MODULE.bazel
# @ 2026 snapshot, lines 145-152: rules_oci drops the scheme (survey 32d: a false TS012).
RULES_NIXPKGS_ALPINE = """\
oci.pull(
    name = "alpine",
    digest = "sha256:7144f7bab3d4c2648d7e59409f15ec52a18006a128c733fcff20d3a4a54ba44a",
    image = "https://index.docker.io/library/alpine",
    platforms = [
        "linux/amd64",
    ],
)
"""
# aspect-build/bazel-examples (Apache-2.0), tools/containers.MODULE.bazel @ 2026 snapshot,
# lines 28-37: the tag written in the image wins over tag = (survey 32d: 3 pulls missed, the
# segment MODULE.bazel include()s was not read).
ASPECT_MEMCACHED = """\
oci.pull(
    name = "memcached",
    digest = "sha256:8a82a3927694e42bc52679dc81532244de51e5faed5f9541a1283e3ad7271db1",
    image = "memcached:alpine",
    platforms = [
        "linux/amd64",
        "linux/arm64",
    ],
    tag = "latest",
)
"""
# bazel-contrib/rules_oci (Apache-2.0), fetch.bzl @ 2026 snapshot, lines 86-92: oci_pull in
# rules_docker's form (survey 32d: missed).
RULES_OCI_REGISTRY_FORM = """\
oci_pull(
    name = "from_rules_docker",
    registry = "gcr.io",
    repository = "distroless/nodejs18",
    digest = "sha256:1fd03807e02eeb78efaacb0e38e8e68ead0639733e92e7cc9a9e017cd9b50bbf",
    platforms = ["linux/amd64", "linux/arm64"],
)
"""


def test_rules_oci_reads_an_image_as_parse_image_does() -> None:
    (alpine,) = scan_bazel(RULES_NIXPKGS_ALPINE, path="MODULE.bazel").scan
    assert alpine.reference is not None and alpine.text.startswith("index.docker.io/library/")
    assert str(alpine.reference).startswith("docker.io/library/alpine@sha256:7144f7")
    assert (alpine.line, alpine.column) == (4, 14)
    (memcached,) = scan_bazel(ASPECT_MEMCACHED, path="x.MODULE.bazel").scan
    assert memcached.text.startswith("memcached:alpine@sha256:8a82a39")
    (nodejs,) = scan_bazel(RULES_OCI_REGISTRY_FORM, path="fetch.bzl").scan
    assert nodejs.text.startswith("gcr.io/distroless/nodejs18@sha256:1fd03807")
    assert (nodejs.line, nodejs.context["rule"]) == (4, "oci_pull")
    assert check([alpine, memcached, nodejs], as_of=DAY) == []


def test_a_module_segment_that_module_bazel_includes_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    os.makedirs("tools")
    with open("MODULE.bazel", "w") as handle:
        handle.write('include("//tools:containers.MODULE.bazel")\n')
    with open("tools/containers.MODULE.bazel", "w") as handle:
        handle.write(ASPECT_MEMCACHED)
    found = [(o.path, o.kind, o.line) for o in find_references(".")]
    assert found == [("tools/containers.MODULE.bazel", "bazel", 4)]
    assert find_references("tools/containers.MODULE.bazel").occurrences == (
        find_references(".").occurrences
    )
