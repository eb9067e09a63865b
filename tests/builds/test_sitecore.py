"""Sitecore's image builder: ``build.json`` and ``*-build.json`` (``sources.builds.sitecore``)."""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING

from tagsense.sources.builds.sitecore import is_sitecore_build_file, read_sitecore_build

if TYPE_CHECKING:
    from pathlib import Path


def test_a_topology_s_build_file_names_its_dockerfile_target_and_a_run_s_values(
    tmp_path: Path,
) -> None:
    # Sitecore/docker-images' sitecore-roles/*/xp-build.json (trimmed), and a shared Dockerfile
    # named with --file from the top of build/.
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "Dockerfile").write_text("ARG BASE_IMAGE\nFROM $BASE_IMAGE\n")
    role = tmp_path / "roles" / "cm"
    role.mkdir(parents=True)
    options = [
        "--build-arg BASE_IMAGE=${sitecore_registry}/sxp/sitecore-xp1-cm:10.0.0-"
        "${windowsservercore_version}",
        "--build-arg TOOLS=${tools_registry}/tools:1",
        "--memory 4GB",
        "--target base",
        "--file modules/Dockerfile",
    ]
    text = json.dumps({"tags": [{"tag": "community/cm:10.0.0-${nanoserver_version}",
                                 "build-options": options}], "sources": []}, indent=2)  # fmt: skip
    (role / "xp-build.json").write_text(text)
    assert is_sitecore_build_file(str(role), "xp-build.json")
    found = read_sitecore_build(str(role / "xp-build.json"))
    (build,) = found.builds
    assert build.dockerfile == os.path.join(str(tmp_path), "modules", "Dockerfile")
    assert build.target == "base"
    assert dict(build.args) == {
        "BASE_IMAGE": "scr.sitecore.com/sxp/sitecore-xp1-cm:10.0.0-ltsc2019"
    }
    assert dict(build.unresolved) == {"TOOLS": ("tools_registry",)}
    assert build.tags == ("community/cm:10.0.0-1809",)
    assert build.site.line == 4  # (the line of its "tag")
    assert [image.name for image in found.built] == ["community/cm"]


def test_another_build_json_builds_nothing(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\n")
    (tmp_path / "build.json").write_text('{"version": 1, "targets": ["x"]}')
    assert not is_sitecore_build_file(str(tmp_path), "build.json")
    assert read_sitecore_build(str(tmp_path / "build.json")).builds == ()
    (tmp_path / "build.json").write_text('{"tags": "x", "build-options": []}')
    assert read_sitecore_build(str(tmp_path / "build.json")).builds == ()
    (tmp_path / "build.json").write_text("{not json")
    assert read_sitecore_build(str(tmp_path / "build.json")).builds == ()
