"""``podman build --from IMAGE`` and ``buildah bud --from IMAGE`` pull the image they start
from in place of the Containerfile's first ``FROM`` (podman-build(1), buildah-build(1):
"Overrides the first FROM instruction within the Containerfile"; survey 34, mavlink-router:
1 missed pull).
"""

from __future__ import annotations

import pytest

from tagsense.sources.builds.shell import ShellReader


def pulls(text: str) -> list[tuple[int, str, str]]:
    reader = ShellReader(pulls=True)
    reader.read(text)
    assert reader.pulls is not None
    return sorted({(pull.line, pull.engine, pull.image) for pull in reader.pulls})


@pytest.mark.parametrize(
    ("command", "engine"),
    [
        ("podman build --from $DISTRO_ARCH/$DISTRO -t rootfs .", "podman"),
        ("podman image build --from=$DISTRO_ARCH/$DISTRO .", "podman"),
        ("buildah bud --from $DISTRO_ARCH/$DISTRO -t rootfs .", "buildah"),
        ("buildah build --layers --from=$DISTRO_ARCH/$DISTRO .", "buildah"),
    ],
)
def test_the_image_a_build_starts_from_is_pulled(command: str, engine: str) -> None:
    # (mavlink-router's tools/ci-create-rootfs.sh, its armhf branch)
    text = 'DISTRO="ubuntu:20.04"\nDISTRO_ARCH="arm32v7"\n' + command + "\n"
    assert pulls(text) == [(3, engine, "arm32v7/ubuntu:20.04")]


def test_a_build_without_from_pulls_nothing_itself() -> None:
    # (docker's build has no --from: its `--from` would be an error, not a base)
    assert pulls("podman build -t app .\ndocker build --from alpine:3.20 .\n") == []
