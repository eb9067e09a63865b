"""A job that extends freedesktop's ci-templates ``.fdo.container-build@DISTRO`` pulls the
image its build starts from (issue 12, survey 29c).

wayland's ``.gitlab-ci.yml`` includes ci-templates from another project (not read) and builds
its CI images with ``.fdo.container-build@debian``: from ``debian:$FDO_DISTRIBUTION_VERSION``
(``buster``), and for armv7 from its ``FDO_BASE_IMAGE``, ``arm32v7/debian:buster``. Both were
missed; Debian 10 is past its end of life. The same in weston, libdrm, mesa, tracker,
tracker-miners, gnome-shell, gnome-control-center, epiphany and gjs (29 pulls missed).
"""

from __future__ import annotations

import datetime
import os
import shutil
from typing import TYPE_CHECKING

import pytest

from tagsense import check, find_references

if TYPE_CHECKING:
    from pathlib import Path

DAY = datetime.date(2026, 12, 5)
WAYLAND = os.path.join(
    os.path.dirname(__file__), "data", "realworld", "wayland-1.21.0", ".gitlab-ci.yml"
)
INCLUDE = (
    "include:\n  - project: freedesktop/ci-templates\n"
    "    ref: 34f4ade99434043f88e164933f570301fd18b125\n    file: /templates/{}.yml\n"
)


def bases(path: Path) -> list[tuple[int, str]]:
    return [
        (o.line, o.text)
        for o in find_references(str(path))
        if o.context.get("field") == "FDO_BASE_IMAGE"
    ]


def test_wayland_s_container_builds_pull_their_bases(tmp_path: Path) -> None:
    shutil.copy(WAYLAND, tmp_path / ".gitlab-ci.yml")
    assert bases(tmp_path) == [(75, "debian:buster"), (152, "arm32v7/debian:buster")]
    found = [(f.line, f.code) for f in check(find_references(str(tmp_path)), as_of=DAY)]
    assert found == [(75, "TS006"), (152, "TS006")]


@pytest.mark.parametrize(
    ("distribution", "version", "expected"),
    [
        ("fedora", "  FDO_DISTRIBUTION_VERSION: '43'\n", [(6, "fedora:43")]),
        ("ubuntu", "  FDO_DISTRIBUTION_VERSION: '24.04'\n", [(6, "ubuntu:24.04")]),
        ("alpine", "", [(9, "alpine:latest")]),  # (no version: latest, where it is extended)
        ("debian", "", []),  # (a version is needed)
        ("archlinux", "  FDO_DISTRIBUTION_VERSION: rolling\n", []),  # (not Docker Hub's name)
    ],
)
def test_the_distribution_s_own_image(
    tmp_path: Path, distribution: str, version: str, expected: list[tuple[int, str]]
) -> None:
    ci = (
        INCLUDE.format(distribution)
        + "variables:\n"
        + (version or "  OTHER: x\n")
        + f"build:\n  extends:\n    - .fdo.container-build@{distribution}@x86_64\n"
        + "  variables:\n    FDO_DISTRIBUTION_TAG: '2026-11-01.0'\n"
    )
    (tmp_path / ".gitlab-ci.yml").write_text(ci)
    assert bases(tmp_path) == expected


def test_only_a_container_build_pulls_a_base(tmp_path: Path) -> None:
    # (a job that runs the built image, or a build template the files define, is not one)
    ci = (
        INCLUDE.format("debian")
        + "variables:\n  FDO_DISTRIBUTION_VERSION: bookworm\n"
        + "test:\n  extends: .fdo.distribution-image@debian\n  script: [make]\n"
        + ".own@debian:\n  image: alpine:3.20.3\n  script: [make]\n"
        + "other:\n  extends: .own@debian\n"
    )
    (tmp_path / ".gitlab-ci.yml").write_text(ci)
    assert bases(tmp_path) == []


def test_an_image_template_runs_the_project_s_built_image(tmp_path: Path) -> None:
    # (gnome-shell: its `image:` default is mutter's image; the jobs that extend
    # `.fdo.distribution-image@fedora` run the one its container job builds instead)
    ci = (
        INCLUDE.format("fedora")
        + "image: registry.gitlab.gnome.org/gnome/mutter/fedora/36:x86_64-2022-09-01.0\n"
        + ".fedora:\n  variables:\n    FDO_DISTRIBUTION_VERSION: 43\n"
        + "    FDO_DISTRIBUTION_TAG: '2026-11-01.0'\n"
        + "eslint:\n  extends:\n    - .fdo.distribution-image@fedora\n    - .fedora\n"
        + "  script: [make]\n"
        + "arm:\n  extends: .fdo.suffixed-image@fedora\n  script: [make]\n"
        + "  variables:\n    FDO_REPO_SUFFIX: fedora/arm\n    FDO_DISTRIBUTION_TAG: '1'\n"
    )
    (tmp_path / ".gitlab-ci.yml").write_text(ci)
    found = [o for o in find_references(str(tmp_path)) if o.context.get("template")]
    assert [(o.context["job"], o.text) for o in found] == [
        ("eslint", "$CI_REGISTRY_IMAGE/fedora/43:2026-11-01.0"),
        ("arm", "$CI_REGISTRY_IMAGE/fedora/arm:1"),
    ]
    assert all(o.built is not None for o in found)
    jobs = {o.context.get("job") for o in find_references(str(tmp_path)) if "mutter" in o.text}
    assert "eslint" not in jobs
    assert not [e for e in find_references(str(tmp_path)).errors if "no image" in e.message]


def test_only_ci_templates_names_are_read_so(tmp_path: Path) -> None:
    # (the same names from an include that is not ci-templates say nothing known here)
    ci = (
        "include:\n  - remote: https://example.com/templates/debian.yml\n"
        "variables:\n  FDO_DISTRIBUTION_VERSION: bookworm\n"
        "build:\n  extends: .fdo.container-build@debian\n"
        "test:\n  extends: .fdo.distribution-image@debian\n  script: [make]\n"
    )
    (tmp_path / ".gitlab-ci.yml").write_text(ci)
    assert list(find_references(str(tmp_path))) == []
