"""Nix: the images ``dockerTools.pullImage`` and nix2container's ``pullImage`` fetch (see
``tagsense.sources.builds.nix``)."""

from __future__ import annotations

import datetime
import os
from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tagsense import check, find_references
from tagsense.sources.builds.nix import scan_nix

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

DAY = datetime.date(2026, 12, 5)

# cachix/devenv (Apache-2.0), tests/container-from-image/devenv.nix @ 2026 snapshot (survey
# 32d: missed; nix2container/examples/from-image.nix says the same).
DEVENV = """\
{ pkgs, inputs, ... }:

let
  nix2container = inputs.nix2container.packages.${pkgs.stdenv.system}.nix2container;

  # The pinned digest is a multi-arch index, so `pullImage` resolves a different
  # manifest per architecture and each one hashes differently.
  sha256 = {
    x86_64-linux = "sha256-hCgBDeQAulu/MSPPvojHcoynV1v1pjXtkir/dULO3Wk=";
    aarch64-linux = "sha256-rUfLuH7m3lWeIsy8elCspDdIfpgjoDRLI8dBfL06mu8=";
  }.${pkgs.stdenv.system};
in
{
  name = "from-image-test";

  containers.test = {
    name = "from-image-test";
    fromImage = nix2container.pullImage {
      imageName = "docker.io/library/alpine";
      imageDigest = "sha256:a8560b36e8b8210634f77d9f7f9efd7ffa463e380b75e2e74aff4511df3ef88c";
      inherit sha256;
    };
  };
}
"""
# NixOS/nixpkgs (MIT), doc/build-helpers/images/dockertools.section.md, pullImage's example,
# and one whose finalImageTag names the tag of the digest.
NIXPKGS = """\
{ dockerTools }:
{
  renamed = dockerTools.pullImage {
    imageName = "nixos/nix";
    imageDigest = "sha256:473a2b527958665554806aea24d0131bacec46d23af09fef4598eeab331850fa";
    finalImageName = "nix";
    finalImageTag = "2.11.1";
    sha256 = "sha256-qvhj+Hlmviz+KEBVmsyPIzTB3QlVAFzwAY1zDPIBGxc=";
  };
  tagged = dockerTools.pullImage {
    imageName = "debian"; # bookworm
    imageDigest = "sha256:%s";
    finalImageTag = "12.8";
    sha256 = "";
  };
}
""" % ("b" * 64)
# What the caller gives, strings, comments and the manifest-pinned form are not read.
NOT_READ = """\
{ pkgs, tag, digest }:
let
  doc = "pullImage { imageName = \\"x\\"; imageDigest = \\"sha256:1\\"; }";
  # pkgs.dockerTools.pullImage { imageName = "y"; imageDigest = "sha256:2"; }
  fromCaller = pkgs.dockerTools.pullImage { imageName = "z"; imageDigest = digest; };
  templated = pkgs.dockerTools.pullImage {
    imageName = "ghcr.io/acme/${tag}";
    imageDigest = "sha256:3";
  };
  pinned = nix2container.pullImageFromManifest {
    imageName = "library/alpine";
    imageManifest = ./alpine-manifest.json;
    imageTag = "latest";
  };
in doc
"""


def test_nix2container_pull_image_is_a_pull_at_its_image_name() -> None:
    (alpine,) = scan_nix(DEVENV, path="devenv.nix").scan
    assert alpine.text == (
        "docker.io/library/alpine@sha256:"
        "a8560b36e8b8210634f77d9f7f9efd7ffa463e380b75e2e74aff4511df3ef88c"
    )
    assert (alpine.kind, alpine.line, alpine.column) == ("nix", 19, 20)
    assert alpine.context == {"function": "nix2container.pullImage"}
    assert check([alpine], as_of=DAY) == []


def test_final_image_tag_is_the_digest_s_tag_unless_the_image_is_renamed() -> None:
    renamed, tagged = scan_nix(NIXPKGS, path="default.nix").scan
    assert renamed.text.startswith("nixos/nix@sha256:473a2b52")
    assert tagged.text == "debian:12.8@sha256:" + "b" * 64
    assert (tagged.line, tagged.context["function"]) == (11, "dockerTools.pullImage")
    # (the tag says which Debian is pulled, pinned or not)
    assert [f.code for f in check([tagged], as_of=DAY)] == ["TS006"]


def test_a_recursive_set_and_a_tag_the_caller_gives() -> None:
    text = (
        "{ dockerTools, v }: dockerTools.pullImage rec {\n"
        '  imageName = "grafana/grafana";\n'
        '  imageDigest = "sha256:%s";\n'
        '  finalImageTag = "${v}";\n'
        "}\n" % ("c" * 64)
    )
    (grafana,) = scan_nix(text, path="default.nix").scan
    assert grafana.text == "grafana/grafana@sha256:" + "c" * 64


def test_what_the_caller_gives_strings_and_comments_are_not_read() -> None:
    assert scan_nix(NOT_READ, path="default.nix").scan.occurrences == ()


def test_a_scan_finds_the_expressions_that_pull(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    os.makedirs("tests/container-from-image")
    with open("tests/container-from-image/devenv.nix", "w") as handle:
        handle.write(DEVENV)
    with open("shell.nix", "w") as handle:  # (an expression that pulls nothing: not read)
        handle.write("{ pkgs }: pkgs.mkShell { packages = [ pkgs.skopeo ]; }\n")
    found = [(o.path, o.kind) for o in find_references(".")]
    assert found == [("tests/container-from-image/devenv.nix", "nix")]
    named = find_references("tests/container-from-image/devenv.nix").occurrences
    assert named == find_references(".").occurrences


@given(st.text(max_size=200), st.sampled_from(["pullImage {", "oci-containers.containers = {"]))
def test_any_text_gives_pulls_or_nothing_never_an_exception(text: str, opening: str) -> None:
    found = scan_nix(opening + text)
    assert all(o.kind == "nix" for o in found.scan)


# A NixOS configuration, in the two shapes the NixOS manual's `virtualisation.oci-containers`
# option takes and configurations write (lofsgaard/nixos' hosts/asgard/services/
# hello-world.nix: the set of containers; 4ry1337/home-server's services/containers/echo.nix:
# one container by its quoted name), with what is not a pull.
NIXOS = """\
{ pkgs, ... }:
{
  virtualisation.oci-containers.backend = "podman";
  virtualisation.oci-containers.containers = {
    hello = {
      image = "docker.io/hello-world:latest";
      ports = [ "127.0.0.1:1234:1234" ];
    };
    built = {
      image = "local/app:dev";
      imageFile = pkgs.dockerTools.buildImage { name = "local/app"; tag = "dev"; };
    };
    cache = { image = "redis:7.2.4"; imageFile = null; };
    versioned = { image = "ghcr.io/acme/app:${version}"; };
  };
  virtualisation.oci-containers.containers."echo-http-service" = {
    image = "hashicorp/http-echo:1.0.0";
  };
  # virtualisation.oci-containers.containers.old = { image = "commented:1"; };
  containers.nspawn = { autoStart = true; };
}
"""


def test_a_nixos_configuration_s_containers_pull_their_images() -> None:
    found = scan_nix(NIXOS, path="configuration.nix").scan
    assert [(o.text, o.line, o.column, o.context["container"]) for o in found] == [
        ("docker.io/hello-world:latest", 6, 16, "hello"),
        ("redis:7.2.4", 13, 24, "cache"),
        ("hashicorp/http-echo:1.0.0", 17, 14, "echo-http-service"),
    ]
    # (an image the configuration builds and loads, one a variable finishes, a comment, and a
    # systemd-nspawn container, which runs no image: none is a pull)
    assert {o.context["module"] for o in found} == {"oci-containers"}


def test_a_file_that_runs_no_containers_is_not_read_for_them() -> None:
    assert scan_nix('{ containers.x = { image = "redis:7.2.4"; }; }').scan.occurrences == ()


def test_a_scan_finds_a_nixos_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with open("configuration.nix", "w") as handle:
        handle.write(NIXOS)
    findings = check(find_references("."), as_of=DAY)
    assert [(f.path, f.line, f.code) for f in findings] == [("configuration.nix", 6, "TS001")]
