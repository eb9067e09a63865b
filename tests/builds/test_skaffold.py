"""Skaffold: built names, Dockerfile builds, profiles, requires (sources.builds.skaffold)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from tagsense.sources import BuildSite
from tagsense.sources.builds.skaffold import read_skaffold

if TYPE_CHECKING:
    from pathlib import Path

    import pytest


def write(directory: Path, name: str, text: str) -> str:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return str(path)


def names(result: object) -> list[str]:
    return [image.name for image in result.built]  # type: ignore[attr-defined]


def test_artifacts_are_built_names_and_docker_builds(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "skaffold.yaml",
        """\
apiVersion: skaffold/v4beta11
kind: Config
build:
  platforms: [linux/amd64]
  artifacts:
    - image: api
      context: services/api
      docker:
        dockerfile: build/Dockerfile
        target: release
        buildArgs:
          GO_VERSION: "1.22"
          TAG: "{{.TAG}}"
          FROM_ENV:
    - image: web
    - image: worker
      ko: {}
    - image: ghcr.io/acme/jib
      jib: {}
""",
    )
    result = read_skaffold(path)
    assert result.scan.errors == ()
    assert names(result) == ["api", "web", "worker", "ghcr.io/acme/jib"]
    assert [image.site for image in result.built][:2] == [
        BuildSite("skaffold", path, 6),
        BuildSite("skaffold", path, 15),
    ]
    api, web = result.builds
    assert api.name == "api"
    assert api.context == os.path.join(str(tmp_path), "services", "api")
    assert api.dockerfile == os.path.join(str(tmp_path), "services", "api", "build", "Dockerfile")
    assert api.target == "release"
    assert dict(api.args) == {"GO_VERSION": "1.22"}  # a template and a null are left out
    assert api.tags == ("api",)
    assert api.platforms == ("linux/amd64",)
    assert web.context == str(tmp_path)
    assert web.dockerfile == os.path.join(str(tmp_path), "Dockerfile")


def test_a_relative_path_stays_relative(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "apiVersion: skaffold/v3\nkind: Config\nbuild: {artifacts: [{image: a, context: src/a}]}"
    write(tmp_path, "skaffold.yaml", text)
    monkeypatch.chdir(tmp_path)
    (build,) = read_skaffold("skaffold.yaml").builds
    assert (build.context, build.dockerfile) == ("src/a", os.path.join("src", "a", "Dockerfile"))


def test_profiles_and_their_patches_build_names_too(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "skaffold.yaml",
        """\
apiVersion: skaffold/v4beta11
kind: Config
build:
  artifacts:
    - image: api
profiles:
  - name: extra
    build:
      artifacts:
        - image: debugger
          kaniko:
            dockerfile: Dockerfile.debug
  - name: patched
    patches:
      - op: add
        path: /build/artifacts/-
        value:
          image: added
      - op: replace
        path: /build/artifacts/0/image
        value: renamed
      - op: replace
        path: /build/artifacts/0/docker/dockerfile
        value: Dockerfile.other
""",
    )
    result = read_skaffold(path)
    assert names(result) == ["api", "debugger", "added", "renamed"]
    assert [build.name for build in result.builds] == ["api", "debugger", "added"]
    assert result.builds[1].dockerfile == os.path.join(str(tmp_path), "Dockerfile.debug")


def test_multi_config_files_and_requires_are_followed_once(tmp_path: Path) -> None:
    write(
        tmp_path,
        "base/skaffold.yaml",
        """\
apiVersion: skaffold/v4beta11
kind: Config
metadata: {name: db}
build: {artifacts: [{image: db}]}
---
apiVersion: skaffold/v4beta11
kind: Config
metadata: {name: cache}
build: {artifacts: [{image: cache}]}
""",
    )
    other = (
        "apiVersion: skaffold/v4\nkind: Config\nbuild: {artifacts: [{image: other}]}\n"
        "requires: [{path: skaffold.yaml}]\n"
    )
    write(tmp_path, "other.yaml", other)
    path = write(
        tmp_path,
        "skaffold.yaml",
        """\
apiVersion: skaffold/v4beta11
kind: Config
metadata: {name: app}
requires:
  - path: base
    configs: [db]
  - path: ./other.yaml
  - path: ./other.yaml
  - git: {repo: "https://github.com/acme/shared", path: skaffold.yaml}
  - configs: [tools]
build: {artifacts: [{image: app}]}
---
apiVersion: skaffold/v4beta11
kind: Config
metadata: {name: tools}
build: {artifacts: [{image: tools}]}
""",
    )
    result = read_skaffold(path)
    assert result.scan.errors == ()
    assert sorted(names(result)) == ["app", "db", "other", "tools"]
    db = next(image for image in result.built if image.name == "db")
    assert db.site == BuildSite("skaffold", os.path.join(str(tmp_path), "base", "skaffold.yaml"), 4)


def test_what_skaffold_rejects_is_an_error_never_an_exception(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "skaffold.yaml",
        """\
apiVersion: skaffold/v4beta11
kind: Config
requires: [{path: missing.yaml}]
build:
  artifacts:
    - context: x
    - image: ok
    - just-text
---
apiVersion: v1
kind: Pod
---
apiVersion: skaffold/v4
kind: Config
build: {artifacts: {image: a}}
""",
    )
    result = read_skaffold(path)
    assert names(result) == ["ok"]
    messages = [(error.line, error.message.split(":")[0]) for error in result.scan.errors]
    assert (3, "requires") in messages
    assert (6, "an artifact must name its image") in messages
    assert (8, "each of build.artifacts must be a mapping") in messages
    assert (10, "not a Skaffold configuration (apiVersion skaffold/…)") in messages
    assert (15, "build.artifacts must be a list") in messages
    bad = write(tmp_path, "bad.yaml", "build: [\n")
    assert read_skaffold(bad).scan.errors[0].message.startswith("invalid YAML")
    missing = read_skaffold(str(tmp_path / "nothing.yaml"))
    assert missing.scan.errors[0].message.startswith("cannot read")


def test_a_requires_cycle_and_a_chain_are_bounded(tmp_path: Path) -> None:
    for index in range(40):
        write(
            tmp_path,
            f"s{index}.yaml",
            f"apiVersion: skaffold/v4\nkind: Config\nbuild: {{artifacts: [{{image: i{index}}}]}}\n"
            f"requires: [{{path: s{index + 1}.yaml}}, {{path: s0.yaml}}]\n",
        )
    result = read_skaffold(str(tmp_path / "s0.yaml"))
    assert len(result.built) == 33
    assert any("deeper than 32" in error.message for error in result.scan.errors)
