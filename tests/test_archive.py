"""Image archives: docker save tarballs, OCI layouts, compressed, hostile and broken ones.

Every archive is built here, in ``tmp_path``, with :mod:`tarfile`.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import tarfile
from typing import TYPE_CHECKING

import pytest

from tagsense import Occurrence, Scan, SourceError, parse_reference
from tagsense.sources.archive import scan_archive

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

MANIFEST = [
    {
        "Config": "blobs/sha256/aaaa",
        "RepoTags": ["redis:7", "ghcr.io/acme/api:1.4.2"],
        "Layers": ["blobs/sha256/bbbb"],
    }
]
REPOSITORIES = {"redis": {"7": "aaaa"}, "ghcr.io/acme/api": {"1.4.2": "aaaa"}}


def member(name: str, content: object) -> tuple[str, bytes]:
    data = content if isinstance(content, bytes) else json.dumps(content).encode()
    return name, data


def make_tar(
    path: Path,
    members: list[tuple[str, bytes]],
    *,
    compression: str = "",
    links: Mapping[str, tuple[bytes, str]] | None = None,
) -> Path:
    """A tar file of ``members`` (name -> data) and ``links`` (name -> (type, target))."""
    mode = f"w:{compression}" if compression else "w"
    with tarfile.open(path, mode) as archive:  # type: ignore[call-overload]
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        for name, (kind, target) in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type = kind
            info.linkname = target
            archive.addfile(info)
    return path


def docker_save(path: Path, **kwargs: object) -> Path:
    layer = member("blobs/sha256/bbbb", b"layer data" * 100)
    members = [layer, member("manifest.json", MANIFEST), member("repositories", REPOSITORIES)]
    return make_tar(path, members, **kwargs)  # type: ignore[arg-type]


def texts(scan: Scan) -> list[str]:
    return [occurrence.text for occurrence in scan]


def messages(scan: Scan) -> list[str]:
    return [error.message for error in scan.errors]


# --- docker save ----------------------------------------------------------------


def test_docker_save_tarball(tmp_path: Path) -> None:
    path = docker_save(tmp_path / "images.tar")
    scan = scan_archive(path)
    assert scan.errors == ()
    first, second = scan
    assert first == Occurrence(
        path=str(path),
        line=1,
        column=1,
        kind="archive",
        raw="redis:7",
        text="redis:7",
        reference=parse_reference("redis:7"),
        context={"member": "manifest.json", "index": 0},
    )
    assert first.reference == parse_reference("redis:7")
    assert first.normalized == "docker.io/library/redis:7"
    assert second.raw == "ghcr.io/acme/api:1.4.2"
    assert second.normalized == "ghcr.io/acme/api:1.4.2"


def test_the_path_is_kept_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docker_save(tmp_path / "images.tar")
    monkeypatch.chdir(tmp_path)
    assert {occurrence.path for occurrence in scan_archive("images.tar")} == {"images.tar"}


def test_every_image_of_the_manifest_with_its_index(tmp_path: Path) -> None:
    manifest = [
        {"Config": "a.json", "RepoTags": ["a:1"], "Layers": []},
        {"Config": "b.json", "RepoTags": None, "Layers": []},  # saved by ID: no name
        {"Config": "c.json", "RepoTags": ["c:3", "c:latest"], "Layers": []},
    ]
    scan = scan_archive(make_tar(tmp_path / "x.tar", [member("manifest.json", manifest)]))
    assert scan.errors == ()
    assert [(o.raw, dict(o.context)) for o in scan] == [
        ("a:1", {"member": "manifest.json", "index": 0}),
        ("c:3", {"member": "manifest.json", "index": 2}),
        ("c:latest", {"member": "manifest.json", "index": 2}),
    ]


def test_an_invalid_repo_tag_is_an_occurrence_and_an_error(tmp_path: Path) -> None:
    manifest = [{"Config": "a.json", "RepoTags": ["Redis:7", "redis:8"], "Layers": []}]
    scan = scan_archive(make_tar(tmp_path / "x.tar", [member("manifest.json", manifest)]))
    invalid, valid = scan
    assert invalid.raw == "Redis:7"
    assert invalid.reference is None
    assert invalid.normalized is None
    assert valid.normalized == "docker.io/library/redis:8"
    (error,) = scan.errors
    assert error.path == str(tmp_path / "x.tar")
    assert error.line is None
    assert error.message.startswith("manifest.json[0]: invalid reference 'Redis:7': ")
    assert "lowercase" in error.message


def test_legacy_repositories_file(tmp_path: Path) -> None:
    path = make_tar(tmp_path / "old.tar", [member("repositories", REPOSITORIES)])
    scan = scan_archive(path)
    assert scan.errors == ()
    assert [(o.raw, o.text, dict(o.context)) for o in scan] == [
        ("redis:7", "redis:7", {"member": "repositories", "index": 0}),
        (
            "ghcr.io/acme/api:1.4.2",
            "ghcr.io/acme/api:1.4.2",
            {"member": "repositories", "index": 1},
        ),
    ]


def test_repositories_is_not_read_when_there_is_a_manifest(tmp_path: Path) -> None:
    # As docker load: manifest.json decides; repositories is the legacy fallback.
    repositories = {"other": {"1": "aaaa"}}
    members = [member("manifest.json", MANIFEST), member("repositories", repositories)]
    scan = scan_archive(make_tar(tmp_path / "x.tar", members))
    assert texts(scan) == ["redis:7", "ghcr.io/acme/api:1.4.2"]


def test_manifest_members_may_start_with_dot_slash(tmp_path: Path) -> None:
    # What `tar -C dir -cf x.tar .` writes.
    path = make_tar(tmp_path / "x.tar", [member("./manifest.json", MANIFEST)])
    assert texts(scan_archive(path)) == ["redis:7", "ghcr.io/acme/api:1.4.2"]


def test_a_member_named_twice_counts_as_its_last_copy(tmp_path: Path) -> None:
    first = [{"Config": "a", "RepoTags": ["old:1"], "Layers": []}]
    members = [member("manifest.json", first), member("manifest.json", MANIFEST)]
    assert texts(scan_archive(make_tar(tmp_path / "x.tar", members))) == [
        "redis:7",
        "ghcr.io/acme/api:1.4.2",
    ]


# --- OCI layouts -----------------------------------------------------------------


def oci_index(*annotations: Mapping[str, str] | None) -> dict[str, object]:
    manifests: list[dict[str, object]] = []
    for number, annotation in enumerate(annotations):
        descriptor: dict[str, object] = {
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "digest": "sha256:" + f"{number:x}" * 64,
            "size": 1234,
        }
        if annotation is not None:
            descriptor["annotations"] = dict(annotation)
        manifests.append(descriptor)
    return {"schemaVersion": 2, "manifests": manifests}


def oci_tar(path: Path, index: object, **kwargs: object) -> Path:
    members = [
        member("oci-layout", {"imageLayoutVersion": "1.0.0"}),
        member("blobs/sha256/cccc", b"{}"),
        member("index.json", index),
    ]
    return make_tar(path, members, **kwargs)  # type: ignore[arg-type]


CONTAINERD = "io.containerd.image.name"
REF_NAME = "org.opencontainers.image.ref.name"


def test_oci_layout_containerd_names(tmp_path: Path) -> None:
    # What containerd and docker save (25.0+) write: the full name, and the tag again.
    index = oci_index({CONTAINERD: "docker.io/library/redis:7.2", REF_NAME: "7.2"})
    scan = scan_archive(oci_tar(tmp_path / "oci.tar", index))
    assert scan.errors == ()
    (occurrence,) = scan  # the tag names the same image: reported once
    assert occurrence.raw == "docker.io/library/redis:7.2"
    assert occurrence.normalized == "docker.io/library/redis:7.2"
    assert dict(occurrence.context) == {
        "member": "index.json",
        "index": 0,
        "annotation": CONTAINERD,
    }


def test_oci_ref_name_tag_is_combined_with_the_image_name(tmp_path: Path) -> None:
    index = oci_index({CONTAINERD: "ghcr.io/acme/api:1.4", REF_NAME: "1.4.2"})
    name, tag = scan_archive(oci_tar(tmp_path / "oci.tar", index))
    assert name.text == "ghcr.io/acme/api:1.4"
    assert (tag.raw, tag.text) == ("1.4.2", "ghcr.io/acme/api:1.4.2")
    assert tag.normalized == "ghcr.io/acme/api:1.4.2"
    assert tag.context["annotation"] == REF_NAME


def test_oci_ref_name_as_a_full_reference(tmp_path: Path) -> None:
    # skopeo, buildah and podman write the whole reference there.
    index = oci_index(
        {REF_NAME: "docker.io/library/alpine:3.20"},
        {REF_NAME: "localhost:5000/app@sha256:" + "a" * 64},
        {REF_NAME: "quay.io/team/tool:v1"},
    )
    scan = scan_archive(oci_tar(tmp_path / "oci.tar", index))
    assert scan.errors == ()
    assert [o.normalized for o in scan] == [
        "docker.io/library/alpine:3.20",
        "localhost:5000/app@sha256:" + "a" * 64,
        "quay.io/team/tool:v1",
    ]
    assert [o.context["index"] for o in scan] == [0, 1, 2]


def test_oci_ref_name_tag_alone_is_an_error(tmp_path: Path) -> None:
    # The image-spec's own example: a tag with no repository to put it on.
    scan = scan_archive(oci_tar(tmp_path / "oci.tar", oci_index({REF_NAME: "v1.0"})))
    (occurrence,) = scan
    assert occurrence.raw == occurrence.text == "v1.0"
    assert occurrence.reference is None
    assert occurrence.error is not None
    assert occurrence.error.reason == "a tag without an image name"
    (error,) = scan.errors
    assert error.message.startswith("index.json: manifests[0]: no image name: ")
    assert "'v1.0'" in error.message


def test_oci_invalid_names(tmp_path: Path) -> None:
    index = oci_index(
        {CONTAINERD: "Upper/Case:1", REF_NAME: "1"},  # one error, for the name
        {REF_NAME: "not a tag"},
        {REF_NAME: "bad/Name:1"},
    )
    scan = scan_archive(oci_tar(tmp_path / "oci.tar", index))
    assert [(o.raw, o.reference) for o in scan] == [
        ("Upper/Case:1", None),
        ("not a tag", None),
        ("bad/Name:1", None),
    ]
    assert [m.split(": ")[1] for m in messages(scan)] == [
        "manifests[0]",
        "manifests[1]",
        "manifests[2]",
    ]
    assert "neither a tag nor a reference" in messages(scan)[1]


def test_oci_descriptors_without_names_are_skipped(tmp_path: Path) -> None:
    index = oci_index(None, {"org.opencontainers.image.created": "2024-01-01"})
    scan = scan_archive(oci_tar(tmp_path / "oci.tar", index))
    assert (scan.occurrences, scan.errors) == ((), ())


def test_docker_save_25_writes_both_layouts_and_each_tag_counts_once(tmp_path: Path) -> None:
    index = oci_index(
        {CONTAINERD: "docker.io/library/redis:7", REF_NAME: "7"},
        {CONTAINERD: "ghcr.io/acme/api:1.4.2", REF_NAME: "1.4.2"},
    )
    members = [
        member("oci-layout", {"imageLayoutVersion": "1.0.0"}),
        member("index.json", index),
        member("manifest.json", MANIFEST),
        member("repositories", REPOSITORIES),
    ]
    scan = scan_archive(make_tar(tmp_path / "x.tar", members))
    assert scan.errors == ()
    assert [(o.raw, o.context["member"]) for o in scan] == [
        ("redis:7", "manifest.json"),
        ("ghcr.io/acme/api:1.4.2", "manifest.json"),
    ]


def test_oci_layout_directory(tmp_path: Path) -> None:
    layout = tmp_path / "layout"
    (layout / "blobs" / "sha256").mkdir(parents=True)
    (layout / "oci-layout").write_text('{"imageLayoutVersion": "1.0.0"}')
    index = oci_index({CONTAINERD: "docker.io/library/nginx:1.27"})
    (layout / "index.json").write_text(json.dumps(index))
    scan = scan_archive(layout)
    assert scan.errors == ()
    (occurrence,) = scan
    assert occurrence.path == str(layout)
    assert occurrence.normalized == "docker.io/library/nginx:1.27"


def test_a_directory_that_is_no_layout(tmp_path: Path) -> None:
    scan = scan_archive(tmp_path)
    assert scan.occurrences == ()
    assert messages(scan) == [
        "not an image archive: the directory has no manifest.json, index.json or repositories"
    ]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_a_layout_directory_never_follows_links(tmp_path: Path) -> None:
    outside = tmp_path / "outside.json"
    outside.write_text(json.dumps(oci_index({CONTAINERD: "secret:1"})))
    layout = tmp_path / "layout"
    layout.mkdir()
    (layout / "index.json").symlink_to(outside)
    scan = scan_archive(layout)
    assert scan.occurrences == ()
    assert messages(scan) == ["index.json: a link (not followed)"]


def test_a_huge_file_in_a_layout_directory(tmp_path: Path) -> None:
    (tmp_path / "index.json").write_text(json.dumps(oci_index({CONTAINERD: "a:1"})))
    scan = scan_archive(tmp_path, max_metadata_bytes=50)
    assert scan.occurrences == ()
    assert messages(scan)[0].startswith("index.json: too large (")


# --- compression -----------------------------------------------------------------


@pytest.mark.parametrize("compression", ["gz", "bz2", "xz"])
@pytest.mark.parametrize("name", ["images.tar", "images.tar.gz", "images.tgz", "no-extension"])
def test_compressed_archives_are_recognised_by_content(
    tmp_path: Path, compression: str, name: str
) -> None:
    path = docker_save(tmp_path / name, compression=compression)
    scan = scan_archive(path)
    assert scan.errors == ()
    assert texts(scan) == ["redis:7", "ghcr.io/acme/api:1.4.2"]


def test_compressed_oci_layout(tmp_path: Path) -> None:
    index = oci_index({CONTAINERD: "docker.io/library/redis:7"})
    path = oci_tar(tmp_path / "oci.tar.gz", index, compression="gz")
    assert texts(scan_archive(path)) == ["docker.io/library/redis:7"]


def test_zstd_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "images.tar.zst"
    path.write_bytes(b"\x28\xb5\x2f\xfd" + b"\0" * 100)
    assert messages(scan_archive(path)) == [
        "zstd-compressed archives are not supported: decompress it first"
    ]


# --- hostile archives ------------------------------------------------------------


@pytest.mark.parametrize("link_type", [tarfile.SYMTYPE, tarfile.LNKTYPE])
@pytest.mark.parametrize("target", ["/etc/passwd", "../../outside.json", "real.json"])
def test_links_are_never_followed(tmp_path: Path, link_type: bytes, target: str) -> None:
    (tmp_path / "outside.json").write_text(json.dumps(MANIFEST))
    archive_dir = tmp_path / "a" / "b"
    archive_dir.mkdir(parents=True)
    members = [member("real.json", MANIFEST)]
    path = make_tar(archive_dir / "x.tar", members, links={"manifest.json": (link_type, target)})
    before = sorted(p.name for p in tmp_path.rglob("*"))
    scan = scan_archive(path)
    assert scan.occurrences == ()
    assert messages(scan) == ["manifest.json: a link (not followed)"]
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing extracted


@pytest.mark.parametrize("name", ["/manifest.json", "../manifest.json", "x/../manifest.json"])
def test_absolute_and_dot_dot_members_are_ignored(tmp_path: Path, name: str) -> None:
    scan = scan_archive(make_tar(tmp_path / "x.tar", [member(name, MANIFEST)]))
    assert scan.occurrences == ()
    assert messages(scan) == [
        "not an image archive: the tar file has no manifest.json, index.json or repositories"
    ]


def test_a_metadata_member_over_16_mib_is_refused(tmp_path: Path) -> None:
    huge = b"[" + b" " * (16 * 1024 * 1024) + b"]"
    path = make_tar(tmp_path / "huge.tar", [member("manifest.json", huge)])
    scan = scan_archive(path)
    assert scan.occurrences == ()
    assert messages(scan) == [
        "manifest.json: too large (16,777,218 bytes; the limit is 16,777,216)"
    ]


def test_a_huge_member_is_refused_in_a_compressed_archive_too(tmp_path: Path) -> None:
    path = docker_save(tmp_path / "x.tgz", compression="gz")
    scan = scan_archive(path, max_metadata_bytes=100)
    assert "manifest.json: too large" in messages(scan)[0]
    assert scan.occurrences == ()


def test_the_number_of_members_is_capped(tmp_path: Path) -> None:
    members = [member(f"blobs/{n}", b"x") for n in range(10)] + [member("manifest.json", MANIFEST)]
    scan = scan_archive(make_tar(tmp_path / "many.tar", members), max_members=5)
    assert messages(scan) == ["more than 5 members: stopped reading the archive"]
    assert scan.occurrences == ()
    assert len(scan_archive(tmp_path / "many.tar", max_members=11)) == 2


def test_nothing_is_written_anywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = docker_save(tmp_path / "x.tar")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    scan_archive(path)
    assert list(work.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["work", "x.tar"]


# --- broken input: one SourceError, never an exception ----------------------------


def one_error(scan: Scan) -> SourceError:
    assert scan.occurrences == ()
    (error,) = scan.errors
    assert error.line is None
    return error


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not an image archive: not a tar file"),
        (b"FROM alpine:3.20\n", "not an image archive: not a tar file"),
        (b"\x00" * 10240, "not an image archive: the tar file has no manifest.json, index.json"),
        (gzip.compress(b"just text " * 100), "not an image archive: gz-compressed data, but not"),
        (b"\x1f\x8b\x08\x00garbage", "corrupt archive: "),
    ],
)
def test_not_an_archive(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "file.tar"
    path.write_bytes(content)
    error = one_error(scan_archive(path))
    assert error.path == str(path)
    assert error.message.startswith(message)


@pytest.mark.parametrize("compression", ["", "gz"])
def test_a_truncated_archive(tmp_path: Path, compression: str) -> None:
    path = docker_save(tmp_path / "x.tar", compression=compression)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] if compression else data[:700])
    assert one_error(scan_archive(path)).message.startswith("corrupt archive: ")


def test_a_missing_file(tmp_path: Path) -> None:
    error = one_error(scan_archive(tmp_path / "nope.tar"))
    assert error.message == "cannot read: No such file or directory"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("manifest.json", b"[{", "manifest.json: not valid JSON: "),
        ("manifest.json", b"\xff\xfe\x00", "manifest.json: not valid JSON: "),
        ("manifest.json", b"[" * 100_000 + b"]" * 100_000, "manifest.json: not valid JSON: "),
        ("manifest.json", b'{"RepoTags": ["a:1"]}', "manifest.json: expected a list of images"),
        ("manifest.json", b"[1]", "manifest.json[0]: expected an object, found a number"),
        ("manifest.json", b'[{"RepoTags": "a:1"}]', "manifest.json[0]: RepoTags: expected a list"),
        ("manifest.json", b'[{"RepoTags": [1]}]', "manifest.json[0]: RepoTags: expected strings"),
        ("index.json", b"[]", "index.json: expected an object with a list of manifests"),
        ("index.json", b'{"manifests": [null]}', "index.json: manifests[0]: expected an object"),
        ("index.json", b'{"manifests": [{"annotations": []}]}', "index.json: manifests[0]: annot"),
        (
            "index.json",
            b'{"manifests": [{"annotations": {"io.containerd.image.name": 1}}]}',
            "index.json: manifests[0]: io.containerd.image.name: expected a string",
        ),
        ("repositories", b"[]", "repositories: expected an object, found a list"),
        ("repositories", b'{"redis": "7"}', "repositories['redis']: expected an object of tags"),
    ],
)
def test_bad_metadata(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    error = one_error(scan_archive(make_tar(tmp_path / "x.tar", [(name, content)])))
    assert error.message.startswith(message)


def test_bad_json_in_one_member_keeps_the_others(tmp_path: Path) -> None:
    members = [member("manifest.json", MANIFEST), ("index.json", b"{oops")]
    scan = scan_archive(make_tar(tmp_path / "x.tar", members))
    assert texts(scan) == ["redis:7", "ghcr.io/acme/api:1.4.2"]
    assert messages(scan)[0].startswith("index.json: not valid JSON: ")


def test_a_path_with_a_nul_character(tmp_path: Path) -> None:
    error = one_error(scan_archive(f"{tmp_path}/x\0.tar"))
    assert error.message == "cannot read: a NUL character in the path"
