"""OS images: which images are an OS, what their tags name, and how TS003, TS004 and TS006 judge
them; releases newer than the data (issue #16)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from tagsense import check, os_releases, parse_reference, parse_tag
from tagsense.cli import main

DATA = Path(__file__).parent / "data"
DAY = datetime.date(2026, 11, 28)
LATER = datetime.date(2040, 1, 1)  # long after every dated release in the data has ended


def codes(reference: str, as_of: datetime.date = DAY) -> list[str]:
    return [finding.code for finding in check([reference], config={}, as_of=as_of)]


def _corpus_pairs() -> set[tuple[str, str]]:
    pairs = set()
    for name in ("official-tags.tsv", "official-tags-history.tsv", "other-tags.tsv"):
        for line in (DATA / name).read_text().splitlines():
            if not line.startswith(("#", "repo\t", "image\t")):
                image, tag = line.split("\t")[:2]
                pairs.add((image, tag))
    return pairs


# --- every family: its OS image's release tag names the whole release ------------

# image, tag, family, version of the release; "corpus" rows are real tags of
# tests/data/*-tags.tsv, the others the family's image on its own registry (the
# corpus has none of it).
RELEASE_TAGS = [
    ("ubuntu", "24.04", "ubuntu", "24.04", "corpus"),
    ("debian", "13", "debian", "13", "corpus"),
    ("alpine", "3.22", "alpine", "3.22", "corpus"),
    ("fedora", "43", "fedora", "43", "corpus"),
    ("quay.io/fedora/fedora", "43", "fedora", "43", "registry"),
    ("registry.fedoraproject.org/fedora", "44", "fedora", "44", "registry"),
    ("centos", "centos7", "centos", "7", "corpus"),
    ("quay.io/centos/centos", "stream9", "centos-stream", "9", "corpus"),
    ("amazonlinux", "2023", "amazonlinux", "2023", "corpus"),
    ("oraclelinux", "9", "oraclelinux", "9", "corpus"),
    ("rockylinux", "9", "rockylinux", "9", "corpus"),
    ("almalinux", "9", "almalinux", "9", "corpus"),
    ("photon", "5.0", "photon", "5.0", "corpus"),
    ("registry.opensuse.org/opensuse/leap", "15.6", "opensuse-leap", "15.6", "registry"),
    ("registry.suse.com/suse/sle15", "15.6", "sles", "15.6", "registry"),
    ("registry.access.redhat.com/ubi9/ubi-minimal", "9.4", "ubi", "9", "corpus"),
    ("mcr.microsoft.com/azurelinux/base/core", "3.0", "azurelinux", "3.0", "registry"),
    ("mcr.microsoft.com/cbl-mariner/base/core", "2.0", "cbl-mariner", "2.0", "registry"),
    ("mcr.microsoft.com/windows/servercore", "ltsc2022", "windows-servercore", None, "corpus"),
    (
        "mcr.microsoft.com/windows/nanoserver",
        "10.0.20348.643",
        "windows-nanoserver",
        None,
        "corpus",
    ),
    ("mcr.microsoft.com/windows/server", "ltsc2022", "windows-server", None, "registry"),
]
#: Families with no image of their own, and why.
NO_IMAGE = {
    "rhel": "Red Hat publishes RHEL's base images as UBI",
    "wolfi": "a rolling distribution: cgr.dev/chainguard/wolfi-base has no release tags",
}


def test_every_family_has_its_os_image() -> None:
    covered = {family for _, _, family, _, _ in RELEASE_TAGS}
    assert covered | set(NO_IMAGE) == set(os_releases.families())
    pairs = _corpus_pairs()
    real = [(image, tag) for image, tag, *_, source in RELEASE_TAGS if source == "corpus"]
    assert [pair for pair in real if pair not in pairs] == []


@pytest.mark.parametrize(
    ("image", "tag", "family", "version"),
    [row[:4] for row in RELEASE_TAGS],
    ids=[f"{row[0]}:{row[1]}" for row in RELEASE_TAGS],
)
def test_a_release_tag_of_an_os_image_is_complete(
    image: str, tag: str, family: str, version: str | None
) -> None:
    parsed = parse_tag(tag, image=image)
    assert parsed.os is not None
    assert parsed.os.family == family
    if version is not None:
        assert parsed.os.version == version
    # Not a floating version, not a channel without a version.
    found = codes(f"{image}:{tag}")
    assert "TS003" not in found and "TS004" not in found


def test_fedora_s_toolbox_images_name_fedora_releases() -> None:
    # containers/toolbox's system tests cache registry.fedoraproject.org/fedora-toolbox:34
    # (survey 29a): Fedora 34, past its end of life, not a floating major version.
    assert codes("registry.fedoraproject.org/fedora-toolbox:34") == ["TS006"]
    assert codes("quay.io/fedora/fedora-toolbox:43") == []
    tag = parse_reference("registry.fedoraproject.org/fedora-toolbox:42").tag_info
    assert tag is not None and tag.os is not None
    assert (tag.os.family, tag.os.version) == ("fedora", "42")


def test_centos_stream_is_not_a_floating_major_version() -> None:
    # Found on real repositories: quay.io/centos/centos:stream9 was read as CentOS 9.
    tag = parse_reference("quay.io/centos/centos:stream9").tag_info
    assert tag is not None and tag.os is not None
    assert (tag.os.family, tag.os.version, tag.version) == ("centos-stream", "9", "9")
    assert "TS004" not in codes("quay.io/centos/centos:stream9")
    assert "TS004" not in codes("quay.io/centos/centos:stream10")
    # centos7 on the same registry is CentOS Linux 7, past its end of life.
    assert codes("quay.io/centos/centos:centos7") == ["TS006"]


def test_a_version_that_is_not_a_whole_release_still_floats() -> None:
    assert "TS004" in codes("alpine:3")  # every Alpine 3.x
    assert parse_tag("3", image="alpine").os == os_releases.unknown("alpine")
    assert "TS004" in codes("ubuntu:24")
    assert "TS004" not in codes("alpine:3.22.1")


@pytest.mark.parametrize(
    "reference",
    ["ubuntu:noble", "buildpack-deps:noble", "buildpack-deps:bookworm", "debian:trixie"],
)
def test_a_codename_alone_on_an_image_built_on_it_is_the_release(reference: str) -> None:
    tag = parse_reference(reference).tag_info
    assert tag is not None and tag.os is not None and tag.os.version is not None
    found = codes(reference)
    assert "TS003" not in found and "TS004" not in found


def test_a_codename_alone_elsewhere_is_a_channel() -> None:
    # node:bookworm is the newest Node.js on bookworm: it moves with every Node release.
    assert "TS003" in codes("node:bookworm")


def test_buildpack_deps_names_debian_and_ubuntu_releases() -> None:
    assert parse_tag("24.04", image="buildpack-deps").os == os_releases.lookup("ubuntu", "24.04")
    assert parse_tag("noble-curl", image="buildpack-deps").os == os_releases.lookup(
        "ubuntu", codename="noble"
    )
    assert parse_tag("bookworm-scm", image="buildpack-deps").os == os_releases.lookup(
        "debian", "12"
    )
    assert "TS004" not in codes("buildpack-deps:24.04")


# --- only an image that is the OS is judged as one -----------------------------


@pytest.mark.parametrize(
    "reference",
    [
        "registry.example.com/myproject/fedora:v18",
        "ghcr.io/acme/ubuntu:22.04",
        "myorg/alpine:3.12",
        "quay.io/someone/centos:7",
    ],
)
def test_an_image_named_like_an_os_is_not_the_os(reference: str) -> None:
    # A project's own CI image called .../fedora is not Fedora: v18 is its version.
    tag = parse_reference(reference).tag_info
    assert tag is not None
    assert tag.os is None
    assert "TS006" not in codes(reference, as_of=LATER)
    # Its version floats like any other; 22.04, with a leading zero, is no semantic version
    # but a counter or a date (Ubuntu's own YY.MM), whole as written.
    assert ("TS004" in codes(reference)) is (not reference.endswith(".04"))


@pytest.mark.parametrize(
    "reference",
    [
        "fedora:18",
        "docker.io/library/fedora:18",
        "quay.io/fedora/fedora:18",
        "registry.fedoraproject.org/fedora:18",
        "public.ecr.aws/docker/library/fedora:18",
        # (Microsoft's mirror, and an ECR pull-through cache of Docker Hub, survey s48c:
        # Azure/iotedge's mcr.microsoft.com/mirror/docker/library/alpine:3.14 was a TS004,
        # not the TS006 of alpine:3.14; mendersoftware/mender-server's CI pulls through ECR)
        "mcr.microsoft.com/mirror/docker/library/fedora:18",
        "017659451055.dkr.ecr.eu-central-1.amazonaws.com/dockerhub/library/fedora:18",
        # (the official image built for one architecture: google/cadvisor's
        # deploy/Dockerfile.ppc64le builds FROM ppc64le/alpine:3.15, Alpine 3.15, ended 2023)
        "ppc64le/fedora:18",
        "arm64v8/fedora:18",
    ],
)
def test_the_official_image_and_the_distributions_registries_are_the_os(reference: str) -> None:
    tag = parse_reference(reference).tag_info
    assert tag is not None and tag.os is not None
    assert (tag.os.family, tag.os.version) == ("fedora", "18")
    assert codes(reference) == ["TS006"]  # Fedora 18 ended in 2014


@pytest.mark.parametrize(
    "name",
    [
        "017659451055.dkr.ecr.eu-central-1.amazonaws.com/library/fedora",  # (no cache prefix)
        "017659451055.dkr.ecr.eu-central-1.amazonaws.com/dockerhub/acme/fedora",
        "registry.example.org/mirror/library/fedora",  # (not ECR: anyone's repository)
        # (one part: no cache prefix, no library; read on the way to `explain`, it raised)
        "024603541914.dkr.ecr.us-west-2.amazonaws.com/docker",
        "024603541914.dkr.ecr.us-west-2.amazonaws.com/library",
    ],
)
def test_other_names_on_those_registries_are_no_official_image(name: str) -> None:
    from tagsense._vocabulary import official_name

    assert official_name(name) is None


@pytest.mark.parametrize(
    ("reference", "expected"),
    [("public.ecr.aws/debian/debian:trixie-slim", []), ("public.ecr.aws/debian/debian:13", []),
     ("public.ecr.aws/debian/debian:stretch", ["TS006"])],
)  # fmt: skip
def test_debian_s_own_repository_on_ecr_public_is_debian(
    reference: str, expected: list[str]
) -> None:
    # openobserve/openobserve's Dockerfiles build FROM public.ecr.aws/debian/debian:trixie-slim,
    # Debian's own repository there: 8 false TS003 ("'trixie' names no version")
    tag = parse_reference(reference).tag_info
    assert tag is not None and tag.os is not None and tag.os.family == "debian"
    assert codes(reference) == expected


@pytest.mark.parametrize(
    ("reference", "version"),
    [
        # (influxdata/influxdb's Dockerfile_build_ubuntu32: `FROM ioft/i386-ubuntu:xenial`,
        # and Dockerfile_test_ubuntu32: `FROM 32bit/ubuntu:14.04`)
        ("ioft/i386-ubuntu:xenial", "16.04"),
        ("32bit/ubuntu:14.04", "14.04"),
        ("acme/ubuntu-arm64:22.04", "22.04"),
    ],
)
def test_an_os_image_republished_for_one_architecture_is_the_os(
    reference: str, version: str
) -> None:
    tag = parse_reference(reference).tag_info
    assert tag is not None and tag.os is not None
    assert (tag.os.family, tag.os.version) == ("ubuntu", version)
    # (its codename is the release, as ubuntu:xenial's: no floating alias)
    found = codes(reference, as_of=LATER)
    assert "TS003" not in found and "TS006" in found


@pytest.mark.parametrize(
    ("reference", "tag_text"),
    [
        # AlmaLinux's "Client Library" (AlmaLinux/container-images, build-test-push.yml):
        # MAJOR-TYPE on docker.io/almalinux, quay.io/almalinuxorg and ghcr.io/almalinux,
        # tagged as the official image is (9, 9.6, 9.6-20250611).
        ("almalinux/10-base:10", "10"),
        ("almalinux/9-minimal:9", "9"),
        ("almalinux/8-init:8.10", "8.10"),
        ("almalinux/9-micro:9.6-20250611", "9.6-20250611"),
        ("ghcr.io/almalinux/9-minimal:9.7-20260104", "9.7-20260104"),
        ("quay.io/almalinuxorg/10-toolbox:10.0", "10.0"),
    ],
)
def test_almalinux_s_own_images_are_almalinux(reference: str, tag_text: str) -> None:
    official = "almalinux:" + tag_text
    tag = parse_reference(reference).tag_info
    assert tag is not None and tag.os is not None
    assert tag.os == parse_reference(official).tag_info.os  # type: ignore[union-attr]
    assert tag.os.family == "almalinux"
    assert codes(reference) == codes(official) == []  # (a release, as almalinux:10 is)
    assert codes(reference, as_of=LATER) == codes(official, as_of=LATER) == ["TS006"]


@pytest.mark.parametrize(
    "reference",
    [
        "acme/9-base:9",  # (another namespace's)
        "almalinux/9-builder:9",  # (no type AlmaLinux builds)
        "almalinux/10-kitten-base:10-kitten",  # (AlmaLinux Kitten: a stream, no releases)
    ],
)
def test_a_name_of_another_shape_is_not_almalinux(reference: str) -> None:
    tag = parse_reference(reference).tag_info
    assert tag is not None and tag.os is None
    assert "TS006" not in codes(reference, as_of=LATER)


def test_balena_s_debian_for_armv7_hard_float_is_debian() -> None:
    # fluent/fluentd-docker-image's v1.2/armhf/debian/Dockerfile: `FROM
    # resin/armv7hf-debian:stretch`, balena's Debian for ARMv7 hard-float: 3 false TS003
    tag = parse_reference("resin/armv7hf-debian:stretch").tag_info
    assert tag is not None and tag.os is not None
    assert (tag.os.family, tag.os.version) == ("debian", "9")
    assert codes("resin/armv7hf-debian:stretch") == ["TS006"]


@pytest.mark.parametrize(
    ("reference", "family", "version"),
    [
        # roflcoopter/viseron's docker/rpi3 and docker/jetson-nano Dockerfiles: `FROM
        # balenalib/raspberrypi3-ubuntu:${UBUNTU_VERSION}-build` (jammy, from the compose build's
        # .env), `balenalib/jetson-nano-ubuntu:bionic-build`: 15 false TS003, while its
        # `balenalib/aarch64-ubuntu:jammy-build` (an architecture's) had none
        ("balenalib/raspberrypi3-ubuntu:jammy-build", "ubuntu", "22.04"),
        ("balenalib/raspberrypi3-ubuntu:jammy-run", "ubuntu", "22.04"),
        ("balenalib/jetson-nano-ubuntu:bionic-build", "ubuntu", "18.04"),
        ("balenalib/raspberrypi4-64-debian:bookworm-run", "debian", "12"),
        ("balenalib/aarch64-ubuntu:jammy-build", "ubuntu", "22.04"),
    ],
)
def test_balena_s_os_for_a_device_type_is_the_os(reference: str, family: str, version: str) -> None:
    tag = parse_reference(reference).tag_info
    assert tag is not None and tag.os is not None
    assert (tag.os.family, tag.os.version) == (family, version)
    # (its codename is the release, as for the architecture's and ubuntu:jammy: no alias)
    found = codes(reference, as_of=LATER)
    assert "TS003" not in found and "TS006" in found


@pytest.mark.parametrize(
    "reference",
    [
        # (balena's image of a language stack for a device: the OS is what it is built on)
        "balenalib/raspberrypi3-debian-python:bookworm-build",
        "balenalib/raspberrypi3-node:bookworm-build",
        "acme/raspberrypi3-ubuntu:jammy",  # (another namespace's: no shape known)
    ],
)
def test_balena_s_language_images_are_not_the_os(reference: str) -> None:
    assert "TS003" in codes(reference)


@pytest.mark.parametrize("reference", ["acme/ubuntu-builder:22.04", "a/i386/ubuntu:16.04"])
def test_a_name_of_another_shape_is_not_republished_os(reference: str) -> None:
    tag = parse_reference(reference).tag_info
    assert tag is not None and tag.os is None
    assert "TS006" not in codes(reference, as_of=LATER)
    # (a codename alone on an image of another name is the OS it is built on: a channel)
    assert "TS003" in codes("acme/i386-toolchain:xenial")


# --- releases newer than the data --------------------------------------------------

# A tag, its image, and the release its shape names although the data does not have it yet.
NEWER = [
    ("27.04", "ubuntu", "ubuntu", "27.04"),
    ("27.10-curl", "buildpack-deps", "ubuntu", "27.10"),
    ("21-jdk-ubuntu27.04", "eclipse-temurin", "ubuntu", "27.04"),
    ("22-alpine3.25", "node", "alpine", "3.25"),
    ("3.25.1", "alpine", "alpine", "3.25"),
    ("16", "debian", "debian", "16"),
    ("1.2.3-debian-16-r0", "bitnami/redis", "debian", "16"),
    ("45", "fedora", "fedora", "45"),
    ("stream11", "quay.io/centos/centos", "centos-stream", "11"),
    ("11.1", "registry.access.redhat.com/ubi11/ubi-minimal", "ubi", "11"),
    ("6.0", "photon", "photon", "6.0"),
    ("16.1", "registry.opensuse.org/opensuse/leap", "opensuse-leap", "16.1"),
]


@pytest.mark.parametrize(("text", "image", "family", "version"), NEWER)
def test_a_newer_release_says_its_family_and_version(
    text: str, image: str, family: str, version: str
) -> None:
    release = parse_tag(text, image=image).os
    assert release is not None
    assert (release.family, release.version) == (family, version)
    assert os_releases.lookup(family, version) is None  # not in the data
    assert (release.released, release.eol, release.eol_extended) == (None, None, None)
    assert release.support(LATER) == "unknown"
    assert "TS006" not in codes(f"{image}:{text}", as_of=LATER)


@pytest.mark.parametrize(
    ("text", "image", "family"),
    [
        ("27.05", "ubuntu", "ubuntu"),  # Ubuntu releases in April and October
        ("2704", "ubuntu", "ubuntu"),
        ("17", "debian", "debian"),  # two past the newest: no telling
        ("47", "fedora", "fedora"),
        ("4.0", "alpine", "alpine"),  # Alpine 4 may never be
        ("3.7.11", "ubuntu", "ubuntu"),
    ],
)
def test_a_version_of_no_release_shape_names_only_the_family(
    text: str, image: str, family: str
) -> None:
    assert parse_tag(text, image=image).os == os_releases.unknown(family)


def test_a_whole_release_id_is_complete_even_beyond_the_data() -> None:
    # fedora:47 is a Fedora release (its ids are one number), even if the data stops at 44.
    assert "TS004" not in codes("fedora:47")
    assert "TS004" not in codes("ubuntu:27.04")
    assert "TS004" in codes("ubuntu:27")


def test_releases_in_the_data_keep_their_dates() -> None:
    stonking = parse_tag("26.10", image="ubuntu").os
    assert stonking is not None and stonking.codename == "stonking"
    assert stonking.released == datetime.date(2026, 10, 15)  # as Ubuntu publishes it
    assert stonking.eol is not None


@pytest.mark.parametrize(
    ("reference", "reason"),
    [
        ("ubuntu:27.04", "Ubuntu 27.04 is newer than tagsense's release data"),
        ("node:22-alpine3.25", "whose newest Alpine Linux release is 3.24"),
        ("alpine:3", "the tag names the family, not which release"),
        ("debian:forky", "without an announced end of support"),
        ("debian:sid", "a rolling or development branch"),
    ],
)
def test_explain_says_why_the_dates_are_unknown(
    reference: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["explain", "--as-of", DAY.isoformat(), reference]) == 0
    out = capsys.readouterr().out
    assert "support dates unknown: " in out
    assert reason in out


def test_explain_gives_no_reason_for_a_dated_release(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "--as-of", DAY.isoformat(), "ubuntu:22.04"]) == 0
    out = capsys.readouterr().out
    assert "as of 2026-11-28: supported\n" in out
    assert "unknown" not in out


def test_a_namespace_that_is_no_architecture_s_is_no_official_image() -> None:
    tag = parse_reference("acme/fedora:18").tag_info
    assert tag is not None and tag.os is None
    assert parse_reference("ppc64le/acme/fedora:18").tag_info.os is None


@pytest.mark.parametrize(
    ("reference", "family", "expected"),
    [
        ("ubuntu.azurecr.io/ubuntu:noble", "ubuntu", []),
        ("ubuntu.azurecr.io/ubuntu:24.04", "ubuntu", []),
        ("ubuntu.azurecr.io/ubuntu:focal", "ubuntu", ["TS006"]),
        ("mcr.microsoft.com/azurelinux/distroless/minimal:3.0", "azurelinux", []),
        ("mcr.microsoft.com/azurelinux-beta/base/core:4.0", "azurelinux", []),
        ("mcr.microsoft.com/azurelinux-beta/distroless/minimal:4.0", "azurelinux", []),
        ("mcr.microsoft.com/cbl-mariner/distroless/minimal:2.0", "cbl-mariner", ["TS006"]),
    ],
)
def test_microsoft_s_other_os_repositories_are_the_os(
    reference: str, family: str, expected: list[str]
) -> None:
    # dotnet/dotnet-docker's src/ Dockerfiles build FROM ubuntu.azurecr.io/ubuntu:noble (17
    # false TS003 "'noble' names no version") and azurelinux/distroless/minimal:3.0,
    # azurelinux-beta/base/core:4.0 (46 false TS004 "floating minor version '3.0'"), where
    # mcr.microsoft.com/azurelinux/base/core:3.0 and ubuntu:noble were already the OS.
    tag = parse_reference(reference).tag_info
    assert tag is not None and tag.os is not None and tag.os.family == family
    assert codes(reference) == expected
