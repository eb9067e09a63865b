"""Dockerfiles written in a build file: Tilt's ``dockerfile_contents``, bake's
``dockerfile-inline`` (sources.find, sources.builds._placed, ._literal_places).

Each is read as the tool hands it to BuildKit (its build arguments, target and named contexts),
and what it names is reported where its text is written in the build file.
"""

from __future__ import annotations

import ast
import marshal
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tagsense._edit import read_text
from tagsense._sites import NotRewritable, locate
from tagsense.sources import find_references
from tagsense.sources._context_cache import _pack
from tagsense.sources.builds._literal_places import StarlarkLiteral
from tagsense.sources.builds.bake import read_bake
from tagsense.sources.builds.tilt import read_tiltfile

REALWORLD = Path(__file__).parent.parent / "data" / "realworld"


def write(path: Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return str(path)


def found(path: str) -> list[tuple[str | None, int, int, str]]:
    return [(o.path, o.line, o.column, o.text) for o in find_references(path)]


# --- real files ---------------------------------------------------------------------------


def test_velero_tiltfile_builds_its_inline_dockerfile() -> None:
    # vmware-tanzu/velero's Tiltfile (survey 6, M3): the velero/velero build's Dockerfile is
    # "\n".join of three-quoted strings, built to its stage "tilt".
    tiltfile = str(REALWORLD / "velero-d30d389b" / "Tiltfile")
    scan = find_references(tiltfile)
    assert scan.errors == ()
    assert [(o.line, o.column, o.kind, o.text) for o in scan] == [
        (55, 6, "from", "golang:1.26"),  # FROM golang:1.26 as tilt-helper
        (108, 6, "from", "ubuntu:22.04"),  # FROM ubuntu:22.04 as tilt
    ]
    for occurrence in scan:
        assert occurrence.path == tiltfile
        assert occurrence.built is None  # pulled
        assert occurrence.context["inline"] == "velero/velero"
        assert occurrence.context["build"] == {
            "tool": "tilt",
            "path": tiltfile,
            "line": 151,
            "name": "velero/velero",
        }
    # Each provider's build (line 243) runs only for the providers of a settings file read when
    # Tilt runs: its image and plugin name are unknown, so nothing of it is read.
    (build,) = read_tiltfile(tiltfile).builds
    assert (build.name, build.target) == ("velero/velero", "tilt")


def test_bake_matrix_heredoc_with_interpolations(tmp_path: Path) -> None:
    # PigeonF/containers' containers/buildkit-service.hcl: one target for each matrix item,
    # the image a template of the item's tag and digest, in a heredoc.
    source = REALWORLD / "pigeonf-containers-7dfc9911" / "containers" / "buildkit-service.hcl"
    path = str(tmp_path / "docker-bake.hcl")
    shutil.copy(source, path)
    scan = find_references(path)
    assert scan.errors == ()
    assert [(o.line, o.column, o.text.split("@")[0]) for o in scan] == [
        (21, 10, "docker.io/moby/buildkit:buildx-stable-1"),
        (21, 10, "docker.io/moby/buildkit:buildx-stable-1-rootless"),
        (21, 10, "docker.io/moby/buildkit:v0.18.1"),
        (21, 10, "docker.io/moby/buildkit:v0.18.1-rootless"),
        (21, 10, "docker.io/moby/buildkit:latest"),
        (21, 10, "docker.io/moby/buildkit:rootless"),
    ]
    first = next(iter(scan))
    assert first.text.endswith(
        "@sha256:58e6d150a3c5a4b92e99ea8df2cbe976ad6d2ae5beab39214e84fada05b059d5"
    )
    assert first.context["inline"] == "buildkit-buildx-stable-1"


# --- Tilt -----------------------------------------------------------------------------------


def test_tilt_strings_joined_and_concatenated_are_placed(tmp_path: Path) -> None:
    path = write(
        tmp_path / "Tiltfile",
        'base = "FROM golang:1.21 AS b\\n"\n'  # 1
        'more = """\n'  # 2
        "FROM redis:7.2 AS r\n"  # 3
        '"""\n'  # 4
        'docker_build("a", ".", dockerfile_contents = base + more)\n'  # 5
        'parts = ["FROM nginx:1.25", "RUN true"]\n'  # 6
        'docker_build("b", ".", dockerfile_contents = "\\n".join(parts))\n'  # 7
        'docker_build("c", ".", dockerfile_contents = """\n'  # 8
        "    FROM postgres:16\n"  # 9
        '""".strip())\n'  # 10
        'docker_build("d", ".", dockerfile_contents = "FROM\\t" "mysql:8.0\\n")\n',  # 11
    )
    assert found(path) == [
        (path, 1, 14, "golang:1.21"),
        (path, 3, 6, "redis:7.2"),
        (path, 6, 16, "nginx:1.25"),
        (path, 9, 10, "postgres:16"),
        (path, 11, 56, "mysql:8.0"),  # after the escape, in the second of two literals
    ]


def test_tilt_build_arguments_and_target_apply(tmp_path: Path) -> None:
    path = write(
        tmp_path / "Tiltfile",
        "docker_build('app', '.', build_args={'V': '3.20'}, target='run',\n"
        "             dockerfile_contents='ARG V=3.19\\nFROM alpine:$V AS run\\n')\n",
    )
    (occurrence,) = find_references(path)
    assert (occurrence.line, occurrence.column, occurrence.raw, occurrence.text) == (
        2,
        52,
        "alpine:$V",
        "alpine:3.20",
    )
    assert occurrence.context["stage"] == "run"


def test_tilt_read_file_blob(tmp_path: Path) -> None:
    tiltfile = write(
        tmp_path / "Tiltfile",
        "docker_build('a', '.', dockerfile_contents=read_file('df/a'))\n"
        "docker_build('b', '.',\n"
        "             dockerfile_contents='FROM scratch AS s\\n' + str(read_file('df/b')))\n"
        "docker_build('c', '.', dockerfile_contents=read_file('df/missing', 'FROM x:1'))\n",
    )
    a = write(tmp_path / "df" / "a", "FROM rabbitmq:3.12\n")
    b = write(tmp_path / "df" / "b", "FROM consul:1.15\n")
    # The file's own text: that file is the build's Dockerfile; concatenated: placed in it.
    assert sorted(found(str(tmp_path))) == [
        (a, 1, 6, "rabbitmq:3.12"),
        (b, 1, 6, "consul:1.15"),
    ]
    first, second = read_tiltfile(tiltfile).builds  # (a file not there: a run's)
    assert (first.dockerfile, first.dockerfile_inline) == (a, None)
    assert second.dockerfile_inline == f"FROM scratch AS s\n{Path(b).read_text()}"


def test_tilt_contents_only_a_run_knows_is_a_note(tmp_path: Path) -> None:
    path = write(
        tmp_path / "Tiltfile",
        "docker_build('a', '.', dockerfile_contents=os.getenv('DF'))\n"
        "docker_build('b', '.', dockerfile_contents=local('cat Dockerfile'))\n",
    )
    scan = find_references(path)
    assert list(scan) == []
    assert [(e.line, e.note) for e in scan.errors] == [(1, True), (2, True)]
    assert "known only when Tilt runs" in scan.errors[0].message


def test_tilt_inline_dockerfile_survives_the_cache(tmp_path: Path) -> None:
    path = write(tmp_path / "Tiltfile", "docker_build('a', '.', dockerfile_contents='FROM b:1')\n")
    result = read_tiltfile(path)
    (build,) = result.builds
    assert build.inline_places == ((0, path, 1, 45),)
    assert type(build.dockerfile_inline) is str  # (marshal takes plain strings only)
    marshal.dumps(_pack(result))


# --- bake -----------------------------------------------------------------------------------

BAKE = """\
variable "BASE" {
  default = "debian:12"
}
target "heredoc" {
  dockerfile-inline = <<EOT
FROM golang:1.22 AS build
FROM ${BASE}
EOT
}
target "indented" {
  dockerfile-inline = <<-EOT
    ARG X=alpine:3.18
    FROM $X
    EOT
  args = { X = "alpine:3.19" }
}
target "named" {
  dockerfile-inline = "FROM base\\nFROM other\\n"
  contexts = { base = "docker-image://node:20", other = "target:heredoc" }
}
target "unknown" {
  dockerfile-inline = "FROM ${BAKE_LOCAL_PLATFORM}\\n"
}
"""


def test_bake_dockerfile_inline_as_bake_reads_it(tmp_path: Path) -> None:
    path = write(tmp_path / "docker-bake.hcl", BAKE)
    scan = find_references(path)
    assert sorted((o.line, o.column, o.raw, o.text, o.built is not None) for o in scan) == [
        (6, 6, "golang:1.22", "golang:1.22", False),
        (7, 6, "debian:12", "debian:12", False),  # at its ${…}
        (13, 10, "$X", "alpine:3.19", False),  # the target's argument; <<- cut the indent
        (18, 29, "base", "node:20", False),  # named contexts
        (18, 40, "other", "heredoc", True),  # another target (no tags: its name), built here
        (19, 24, "docker-image://node:20", "node:20", False),  # (the context itself)
    ]
    (note,) = scan.errors
    assert (note.line, note.note) == (21, True)
    assert "dockerfile-inline is known only when bake runs" in note.message


def test_bake_json_inline_dockerfile_is_read_at_its_target(tmp_path: Path) -> None:
    path = write(
        tmp_path / "docker-bake.json",
        '{\n  "target": {\n    "app": {\n'
        '      "dockerfile-inline": "FROM alpine:3.19\\nFROM ${IMG}\\n",\n'
        '      "args": {"IMG": "x"}\n    }\n  },\n'
        '  "variable": {"IMG": {"default": "busybox:1.36"}}\n}\n',
    )
    # (HCL's JSON strings are decoded before they are read: no place of their own)
    assert found(path) == [(path, 3, 1, "alpine:3.19"), (path, 3, 1, "busybox:1.36")]


def test_bake_places_are_plain_values(tmp_path: Path) -> None:
    path = write(tmp_path / "docker-bake.hcl", BAKE)
    builds = {build.name: build for build in read_bake(path).builds}
    heredoc = builds["heredoc"]
    assert heredoc.dockerfile_inline == "FROM golang:1.22 AS build\nFROM debian:12\n"
    assert heredoc.inline_places[0] == (0, path, 6, 1)
    assert type(heredoc.dockerfile_inline) is str


# --- where a Starlark literal's characters are -------------------------------------------


def literal_places(source: str) -> list[tuple[str, str]]:
    """Each character of the first string constant's value, and the source text at its place."""
    tree = ast.parse(source)
    node = next(n for n in ast.walk(tree) if isinstance(n, ast.Constant))
    assert isinstance(node, ast.Constant) and isinstance(node.value, str)
    lines = source.split("\n")
    positions = StarlarkLiteral("x", lines, node).positions()
    assert positions is not None
    return [
        (char, lines[line - 1][column - 1 :])
        for char, (line, column) in zip(node.value, positions, strict=True)
    ]


@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40))
def test_each_character_is_placed_where_it_is_written(text: str) -> None:
    # repr() escapes what it must: an escaped character is placed at its backslash, any other
    # one where it is written.
    for quoted in (repr(text), f'("ab" {text!r})', f'("ab" \\\n  # a comment\n  {text!r})'):
        for char, written in literal_places(f"v = {quoted}\n"):
            assert written.startswith((char, "\\"))


def test_an_inline_dockerfile_is_not_rewritten_by_pin(tmp_path: Path) -> None:
    tiltfile = write(
        tmp_path / "Tiltfile", "docker_build('a', '.', dockerfile_contents='FROM b:1')\n"
    )
    bake = write(
        tmp_path / "b" / "docker-bake.hcl", 'target "t" {\n  dockerfile-inline = "FROM c:1"\n}\n'
    )
    for path, where in ((tiltfile, "a Tiltfile"), (bake, "a bake file")):
        (occurrence,) = find_references(path)
        with pytest.raises(NotRewritable) as raised:
            locate(occurrence, read_text)
        assert raised.value.reason == f"in a Dockerfile written inline in {where}"
