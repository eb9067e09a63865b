"""Home Assistant apps (add-ons): a ``build.yaml`` beside the app feeds its Dockerfile."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest

from tagsense import check, find_references

if TYPE_CHECKING:
    from pathlib import Path

DAY = "2026-12-04"

# Modelled on home-assistant/addons@(survey 19e): ssh/ (build.yaml, config.yaml, Dockerfile
# with `ARG BUILD_FROM` / `FROM $BUILD_FROM`), as supervisor/apps/build.py builds it.
DOCKERFILE = "ARG BUILD_FROM\nFROM $BUILD_FROM\nRUN apk add --no-cache openssh\n"
CONFIG = "name: SSH\nversion: 9.18.0\nslug: ssh\narch:\n  - aarch64\n  - amd64\n"


def app(tmp_path: Path, build: str | None, *, dockerfile: str = DOCKERFILE) -> Path:
    (tmp_path / ".git").mkdir(exist_ok=True)
    directory = tmp_path / "ssh"
    directory.mkdir()
    (directory / "config.yaml").write_text(CONFIG)
    (directory / "Dockerfile").write_text(dockerfile)
    if build is not None:
        (directory / "build.yaml").write_text(build)
    return directory


def texts(path: Path | str) -> list[tuple[str, str | None]]:
    return sorted(
        (o.text, (o.context.get("build") or {}).get("name")) for o in find_references(path)
    )


def test_each_architecture_s_base_image_is_what_from_pulls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app(
        tmp_path,
        "build_from:\n  aarch64: ghcr.io/home-assistant/aarch64-base:3.23\n"
        "  amd64: ghcr.io/home-assistant/amd64-base:3.23\nargs:\n  CLI_VERSION: 5.3.1\n",
    )
    monkeypatch.chdir(tmp_path)
    expected = [
        ("ghcr.io/home-assistant/aarch64-base:3.23", "aarch64"),
        ("ghcr.io/home-assistant/amd64-base:3.23", "amd64"),
    ]
    for scanned in (".", "ssh", os.path.join("ssh", "Dockerfile")):  # (the same answer alone)
        assert texts(scanned) == expected
    # before, one TS011 "depends on BUILD_FROM, which has no value here" (a false finding)
    findings = check(find_references("."), as_of=DAY, config={"select": ["TS004", "TS011"]})
    assert [f.code for f in findings] == ["TS004", "TS004"]


def test_one_image_for_the_configuration_s_architectures_and_the_build_arguments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (BUILD_ARCH, BUILD_VERSION and args are build arguments too: silabs-multiprotocol's
    # `FROM cross-builder-${BUILD_ARCH}` names a stage)
    dockerfile = (
        "ARG BUILD_FROM\nARG BUILD_ARCH\nARG BUILD_VERSION\nARG TOOL\n"
        "FROM alpine:3.23.2 AS builder-amd64\nFROM alpine:3.23.2 AS builder-aarch64\n"
        "FROM builder-${BUILD_ARCH} AS builder\n"
        "FROM acme/tool:${TOOL} AS tool\n"
        "FROM ${BUILD_FROM}-${BUILD_VERSION}\nCOPY --from=builder /x /x\nCOPY --from=tool /t /t\n"
    )
    app(tmp_path, "build_from: acme/base\nargs:\n  TOOL: 1.2.3\n", dockerfile=dockerfile)
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    assert not [o for o in scan if o.is_unresolved]
    found = {(o.line, o.text) for o in scan}
    assert found == {
        (5, "alpine:3.23.2"),
        (6, "alpine:3.23.2"),
        (8, "acme/tool:1.2.3"),
        (9, "acme/base-9.18.0"),
    }


def test_a_build_file_without_build_from_gives_the_supervisor_s_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app(tmp_path, "args:\n  CLI_VERSION: 5.3.1\n")
    monkeypatch.chdir(tmp_path)
    assert {text for text, _ in texts(".")} == {"ghcr.io/home-assistant/base:latest"}


@pytest.mark.parametrize(
    ("build", "config"),
    [
        (None, CONFIG),  # (no build file)
        ("build_from: acme/other:1.0.0\n", None),  # (no app configuration beside it)
        ("build_from: acme/other:1.0.0\n", "name: not an app\n"),  # (no slug: another's)
        ("targets:\n  $default:\n    builders: {}\n", CONFIG),  # (Dart's build_runner)
    ],
)
def test_no_build_file_or_no_app_leaves_the_dockerfile_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, build: str | None, config: str | None
) -> None:
    # hassio-addons' apps give BUILD_FROM a default in the Dockerfile: without a build file
    # (or a `build.yaml` that is no app's) that default is read
    directory = app(
        tmp_path,
        build,
        dockerfile="ARG BUILD_FROM=ghcr.io/hassio-addons/debian-base:9.1.0\nFROM ${BUILD_FROM}\n",
    )
    if config is None:
        (directory / "config.yaml").unlink()
    else:
        (directory / "config.yaml").write_text(config)
    monkeypatch.chdir(tmp_path)
    assert texts(".") == [("ghcr.io/hassio-addons/debian-base:9.1.0", None)]


# Modelled on home-assistant/addons' mosquitto/config.yaml (survey s40a) and koush/scrypted's
# install/config.yaml: the Supervisor installs an app by pulling its `image` for the machine's
# architecture, tagged with its `version`.
PUBLISHED = CONFIG + "image: ghcr.io/home-assistant/{arch}-addon-ssh\n"


def test_an_app_s_image_is_what_the_supervisor_pulls_for_each_architecture(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = app(tmp_path, None)
    (directory / "config.yaml").write_text(PUBLISHED)
    monkeypatch.chdir(tmp_path)
    expected = [
        ("home-assistant", "ghcr.io/home-assistant/aarch64-addon-ssh:9.18.0", 7, None),
        ("home-assistant", "ghcr.io/home-assistant/amd64-addon-ssh:9.18.0", 7, None),
    ]
    for scanned in (".", os.path.join("ssh", "config.yaml")):
        found = sorted((o.kind, o.text, o.line, o.built) for o in find_references(scanned))
        assert [f for f in found if f[0] == "home-assistant"] == expected
    # (one image without {arch}: scrypted's `image: "ghcr.io/koush/scrypted"`)
    (directory / "config.yaml").write_text(CONFIG + 'image: "ghcr.io/koush/scrypted"\n')
    assert [o.text for o in find_references(directory / "config.yaml")] == [
        "ghcr.io/koush/scrypted:9.18.0"
    ]


def test_the_app_s_image_is_the_project_s_own_where_its_build_file_builds_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = app(tmp_path, "build_from:\n  amd64: ghcr.io/home-assistant/amd64-base:3.23\n")
    (directory / "config.yaml").write_text(PUBLISHED)
    monkeypatch.chdir(tmp_path)
    (occurrence,) = [o for o in find_references(".") if o.kind == "home-assistant"][1:]
    assert occurrence.text == "ghcr.io/home-assistant/amd64-addon-ssh:9.18.0"
    assert occurrence.built is not None and occurrence.built.path == os.path.join(
        "ssh", "build.yaml"
    )


@pytest.mark.parametrize(
    "config",
    [
        CONFIG,  # (no image: the Supervisor builds the app on the machine)
        PUBLISHED.replace("version: 9.18.0\n", ""),  # (no version: no app it installs)
        PUBLISHED.replace("slug: ssh\n", ""),  # (no slug: another tool's config.yaml)
    ],
)
def test_a_configuration_without_image_version_or_slug_pulls_nothing(
    tmp_path: Path, config: str
) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(config)
    assert (find_references(path).occurrences, find_references(path).errors) == ((), ())
