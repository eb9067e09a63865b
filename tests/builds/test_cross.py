"""cross (cross-rs): the images a ``Cross.toml`` (or a ``Cargo.toml``'s
``package.metadata.cross``) names are pulls (sources.builds.cross)."""

from __future__ import annotations

import string
from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tagsense import find_references
from tagsense.sources.builds import build_tool
from tagsense.sources.builds.cross import read_cross, scan_cross

if TYPE_CHECKING:
    from pathlib import Path

# The shapes of cross's docs/config_file.md: a string, a table with `name` (also as a dotted
# key), a zig table with its image, and keys cross has that name no image.
CROSS_TOML = """\
[build]
pre-build = ["apt-get update"]  # tagsense: ignore[TS003]

[build.zig]
enable = true
image = "acme/zig:0.13.0"

[build.env]
passthrough = ["RUST_LOG"]

[target.aarch64-unknown-linux-gnu]
image = "ghcr.io/cross-rs/aarch64-unknown-linux-gnu:main"

[target.x86_64-unknown-linux-musl.image]
name = 'alpine:3.20'
toolchain = ["x86_64-unknown-linux-musl"]

[target.armv7-unknown-linux-gnueabihf]
image.name = "ghcr.io/acme/armv7:1.0"
zig = { enable = true, image = "acme/zig:latest" }

[target.x86_64-pc-windows-gnu]
dockerfile = "./docker/windows.Dockerfile"
zig = "2.17"
"""


def test_the_images_cross_runs_with_their_places() -> None:
    found = scan_cross(CROSS_TOML, path="Cross.toml")
    assert [(o.line, o.column, o.text, dict(o.context)) for o in found.scan] == [
        (6, 10, "acme/zig:0.13.0", {"field": "build.zig.image"}),
        (
            12,
            10,
            "ghcr.io/cross-rs/aarch64-unknown-linux-gnu:main",
            {"field": "target.image", "target": "aarch64-unknown-linux-gnu"},
        ),
        (
            15,
            9,
            "alpine:3.20",
            {"field": "target.image", "target": "x86_64-unknown-linux-musl"},
        ),
        (
            19,
            15,
            "ghcr.io/acme/armv7:1.0",
            {"field": "target.image", "target": "armv7-unknown-linux-gnueabihf"},
        ),
        (
            20,
            33,
            "acme/zig:latest",
            {"field": "target.zig.image", "target": "armv7-unknown-linux-gnueabihf"},
        ),
    ]
    assert all(o.kind == "cross" and o.reference is not None for o in found.scan)
    assert found.scan.errors == ()
    assert [s.line for s in found.scan.suppressions] == [2]
    assert found.built == ()
    assert [(b.name, b.dockerfile, b.site.line) for b in found.builds] == [
        ("x86_64-pc-windows-gnu", "docker/windows.Dockerfile", 23)
    ]


def test_a_target_s_image_with_a_dockerfile_is_the_image_cross_builds() -> None:
    # cross's custom_image_build: with a `dockerfile` (the target's, or build.dockerfile for
    # every target), the target's `image` is the tag of the image cross builds from it.
    text = (
        '[target.aarch64-unknown-linux-gnu]\ndockerfile = "./cross/aarch64.Dockerfile"\n'
        'image = "acme/cross:aarch64"\n'
        "[target.x86_64-unknown-linux-gnu]\n"
        'image = "ghcr.io/cross-rs/x86_64-unknown-linux-gnu:0.2.5"\n'
    )
    found = scan_cross(text, path="Cross.toml")
    assert [(image.name, image.site.tool, image.site.line) for image in found.built] == [
        ("acme/cross", "cross", 3)
    ]
    assert [(o.text, o.built is not None) for o in found.scan] == [
        ("acme/cross:aarch64", True),
        ("ghcr.io/cross-rs/x86_64-unknown-linux-gnu:0.2.5", False),
    ]
    every = scan_cross('[build.dockerfile]\nfile = "D"\n' + text, path="Cross.toml")
    assert [image.name for image in every.built] == [
        "acme/cross",
        "ghcr.io/cross-rs/x86_64-unknown-linux-gnu",
    ]


def test_the_same_image_of_two_targets_is_placed_under_each() -> None:
    text = (
        '[target.arm-unknown-linux-gnueabi]\nimage = "acme/cross:1"\n'
        '[target.arm-unknown-linux-gnueabihf]\nimage = "acme/cross:1"\n'
    )
    assert [o.line for o in scan_cross(text).scan] == [2, 4]


def test_bad_values_and_bad_toml_are_errors_where_cross_refuses_them() -> None:
    found = scan_cross('[target.x]\nimage = 3\n[target.y]\nimage = ""\n', path="Cross.toml")
    assert list(found.scan) == []
    assert [(e.line, e.message) for e in found.scan.errors] == [
        (2, "target.image must be a string")
    ]
    (error,) = scan_cross("[target.x]\nimage = \n", path="Cross.toml").scan.errors
    assert error.line == 2 and error.message.startswith("not valid TOML")


def test_a_cargo_manifest_s_cross_metadata(tmp_path: Path) -> None:
    manifest = tmp_path / "Cargo.toml"
    manifest.write_text(
        '[package]\nname = "app"\n\n[dependencies]\ncrossbeam = "0.8"\n\n'
        "[package.metadata.cross.target.aarch64-unknown-linux-gnu]\n"
        'image = "ghcr.io/cross-rs/aarch64-unknown-linux-gnu:0.2.5"\n'
    )
    assert build_tool(manifest) == "cross" and build_tool("Cross.toml") == "cross"
    assert [(o.line, o.text) for o in read_cross(str(manifest)).scan] == [
        (8, "ghcr.io/cross-rs/aarch64-unknown-linux-gnu:0.2.5")
    ]
    workspace = tmp_path / "ws" / "Cargo.toml"
    workspace.parent.mkdir()
    workspace.write_text(
        '[workspace]\nmembers = ["a"]\n[workspace.metadata.cross.build.zig]\nimage = "z:1"\n'
    )
    assert [o.text for o in read_cross(str(workspace)).scan] == ["z:1"]
    # Not TOML, or no cross metadata: nothing (Cargo's to refuse; most manifests).
    manifest.write_text('[package]\nname = "{{project-name}}\nmetadata.cross = 1\n')
    found = read_cross(str(manifest))
    assert list(found.scan) == [] and found.scan.errors == ()
    manifest.write_text('[package]\nname = "app"\n')
    assert list(read_cross(str(manifest)).scan) == []


def test_an_unreadable_file_is_one_error(tmp_path: Path) -> None:
    (error,) = read_cross(str(tmp_path)).scan.errors
    assert error.message == "cannot read: a directory"


def test_an_image_the_project_builds_is_built_and_the_others_are_judged(tmp_path: Path) -> None:
    # vectordotdev/vector: its Makefile builds vector-cross-env:TRIPLE from
    # scripts/cross/Dockerfile, and Cross.toml runs it; quickwit the same with quickwit/cross.
    (tmp_path / ".git").mkdir()
    (tmp_path / "Makefile").write_text(
        "cross-image-%:\n\tdocker build --file scripts/cross/Dockerfile"
        " --tag vector-cross-env:$* .\n"
    )
    (tmp_path / "Cross.toml").write_text(
        '[target.x86_64-unknown-linux-gnu]\nimage = "vector-cross-env:x86_64-unknown-linux-gnu"\n'
        '[target.aarch64-unknown-linux-gnu]\nimage = "ghcr.io/cross-rs/aarch64-unknown-linux-gnu"\n'
    )
    for path in (str(tmp_path), str(tmp_path / "Cross.toml")):
        built = {o.text: o.built for o in find_references(path)}
        site = built["vector-cross-env:x86_64-unknown-linux-gnu"]
        assert site is not None and (site.tool, site.line) == ("make", 2)
        assert built["ghcr.io/cross-rs/aarch64-unknown-linux-gnu"] is None


_TARGETS = st.text(string.ascii_lowercase + string.digits + "_-", min_size=1, max_size=30)
_IMAGES = st.text(string.ascii_lowercase + string.digits + "/:._-@", min_size=1, max_size=40)


@given(st.dictionaries(_TARGETS, _IMAGES, max_size=6))
def test_each_target_s_image_is_found_on_its_own_line(images: dict[str, str]) -> None:
    text = "".join(f'[target."{t}"]\nimage = "{i}"\n' for t, i in images.items())
    found = scan_cross(text, path="Cross.toml")
    assert found.scan.errors == ()
    got = sorted((o.context["target"], o.text, o.line) for o in found.scan)
    expected = [(t, i, 2 * n + 2) for n, (t, i) in enumerate(images.items())]
    assert got == sorted(expected)


@given(st.text(max_size=300))
def test_any_text_gives_a_result_never_an_exception(text: str) -> None:
    for path in ("Cross.toml", "Cargo.toml"):
        found = scan_cross(text, path=path)
        assert all(o.kind == "cross" for o in found.scan)


def test_a_dockerfile_cross_builds_is_read_with_what_cross_passes(tmp_path: Path) -> None:
    # cross builds `dockerfile` with its build-args and CROSS_BASE_IMAGE: the target's image,
    # else its own image for the target, tagged with the running cross's version.
    (tmp_path / ".git").mkdir()
    (tmp_path / "Cross.toml").write_text(
        "[build.dockerfile]\n"
        'file = "docker/all.Dockerfile"\n'
        "[target.aarch64-unknown-linux-gnu.dockerfile]\n"
        'file = "docker/aarch64.Dockerfile"\n'
        'context = "docker"\n'
        'build-args = { RUST = "1.83.0" }\n'
    )
    docker = tmp_path / "docker"
    docker.mkdir()
    (docker / "aarch64.Dockerfile").write_text(
        "ARG RUST=latest\nFROM rust:${RUST}-slim AS tools\nARG CROSS_BASE_IMAGE\n"
        "FROM $CROSS_BASE_IMAGE\n"
    )
    (docker / "all.Dockerfile").write_text("ARG CROSS_BASE_IMAGE\nFROM $CROSS_BASE_IMAGE\n")
    found = read_cross(str(tmp_path / "Cross.toml"))
    builds = {build.name: build for build in found.builds}
    assert list(builds) == ["build", "aarch64-unknown-linux-gnu"]
    aarch64 = builds["aarch64-unknown-linux-gnu"]
    assert aarch64.dockerfile == str(docker / "aarch64.Dockerfile")
    assert aarch64.context == str(docker)
    assert dict(aarch64.args) == {"RUST": "1.83.0"}
    assert dict(aarch64.unresolved) == {"CROSS_BASE_IMAGE": ("CROSS_BASE_IMAGE",)}
    assert (aarch64.site.tool, aarch64.site.line) == ("cross", 4)
    assert builds["build"].dockerfile == str(docker / "all.Dockerfile")
    scan = find_references(str(tmp_path))
    by_text = {o.text: o for o in scan}
    assert "rust:1.83.0-slim" in by_text  # (not the ARG default, rust:latest-slim)
    bases = [o for o in scan if o.unresolved == ("CROSS_BASE_IMAGE",)]
    assert len(bases) == 2


def test_a_target_s_image_is_the_base_cross_passes_its_dockerfile() -> None:
    text = (
        "[target.x86_64-unknown-linux-gnu]\n"
        'image = { name = "ghcr.io/acme/cross:x86_64", toolchain = ["x86_64-unknown-linux-gnu"] }\n'
        'dockerfile = "Dockerfile"\n'
    )
    (build,) = scan_cross(text, path="Cross.toml").builds
    assert dict(build.args) == {"CROSS_BASE_IMAGE": "ghcr.io/acme/cross:x86_64"}
    assert dict(build.unresolved) == {}
    assert build.dockerfile == "Dockerfile" and build.context == "."
