"""Where references are written (tagsense._sites): located exactly, rewritten in place, YAML
checked; properties: an edit changes the reference and nothing else, and the file reads back."""

from __future__ import annotations

import os
import tempfile
from typing import TYPE_CHECKING

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tagsense import find_references, parse_reference, scan_paths
from tagsense._edit import EditConflict
from tagsense._sites import (
    Change,
    Files,
    NotRewritable,
    check_yaml,
    edit_file,
    locate,
    rewrite,
    split_reference,
)

if TYPE_CHECKING:
    from pathlib import Path

DIGEST = "sha256:" + "4e7d" * 16


def pin_all(paths: list[str]) -> dict[str, str]:
    """Every pinnable occurrence under ``paths`` given DIGEST; the new text of each file."""
    files = Files()
    changes: dict[str, list[tuple[Change, bool]]] = {}
    for occurrence in scan_paths(paths):
        if occurrence.reference is None or occurrence.reference.digest or occurrence.built:
            continue
        try:
            site = locate(occurrence, files.read)
        except NotRewritable:
            continue
        changes.setdefault(site.path, []).append((site.change(digest=DIGEST), site.yaml))
    return {
        path: edit_file(
            files.read(path), [c for c, _ in planned], yaml=any(y for _, y in planned)
        ).after
        for path, planned in changes.items()
    }


def reasons(paths: list[str]) -> list[tuple[int, str]]:
    files = Files()
    found = []
    for occurrence in scan_paths(paths):
        try:
            locate(occurrence, files.read)
        except NotRewritable as error:
            found.append((occurrence.line, error.reason))
    return found


# --- the text of a reference ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "tag", "digest", "expected"),
    [
        ("redis", "7.2.4", None, "redis:7.2.4"),
        ("redis:7", None, DIGEST, f"redis:7@{DIGEST}"),
        (f"redis:7@{DIGEST}", "7.2", None, f"redis:7.2@{DIGEST}"),
        ("localhost:5000/app", None, DIGEST, f"localhost:5000/app@{DIGEST}"),
        ("localhost:5000/app:1", "2", None, "localhost:5000/app:2"),
        ("[::1]:5000/app:1", None, DIGEST, f"[::1]:5000/app:1@{DIGEST}"),
        ("docker.io/library/python:latest", "3.13.1", None, "docker.io/library/python:3.13.1"),
    ],
)
def test_rewrite_keeps_the_name_as_written(
    written: str, tag: str | None, digest: str | None, expected: str
) -> None:
    assert rewrite(written, tag=tag, digest=digest) == expected


_NAMES = st.sampled_from(
    ["redis", "library/redis", "docker.io/redis", "ghcr.io/acme/api", "localhost:5000/a/b",
     "127.0.0.1:5000/app", "[::1]:5000/app", "registry.example.com:443/team/svc"]
)  # fmt: skip
_TAGS = st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}", fullmatch=True)
_DIGESTS = st.from_regex(r"sha256:[0-9a-f]{64}", fullmatch=True)


@given(_NAMES, st.none() | _TAGS, st.none() | _DIGESTS, st.none() | _TAGS, st.none() | _DIGESTS)
def test_rewrite_is_with_tag_and_with_digest(
    name: str, tag: str | None, digest: str | None, new_tag: str | None, new_digest: str | None
) -> None:
    written = name + (f":{tag}" if tag else "") + (f"@{digest}" if digest else "")
    assert split_reference(written) == (name, tag, digest)
    before = parse_reference(written)
    after = parse_reference(rewrite(written, tag=new_tag, digest=new_digest))
    expected = before
    if new_tag is not None:
        expected = expected.with_tag(new_tag)
    if new_digest is not None:
        expected = expected.with_digest(new_digest)
    assert after == expected


# --- locating ------------------------------------------------------------------------------------


def test_prefixes_where_the_column_is_at_the_prefix_or_past_it(tmp_path: Path) -> None:
    (tmp_path / ".github/workflows").mkdir(parents=True)
    (tmp_path / ".github/workflows/ci.yml").write_text(
        "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: docker://alpine:3.20\n"
    )
    (tmp_path / "compose.yaml").write_text(
        "services:\n  a:\n    build:\n      context: .\n"
        "      additional_contexts:\n        base: 'docker-image://alpine:3.20'\n"
    )
    new = pin_all([str(tmp_path)])
    assert new[str(tmp_path / ".github/workflows/ci.yml")].endswith(
        f"uses: docker://alpine:3.20@{DIGEST}\n"
    )
    assert f"base: 'docker-image://alpine:3.20@{DIGEST}'" in new[str(tmp_path / "compose.yaml")]


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        ("Dockerfile", "FROM python:${PY}\n", "built from variables without a value (PY)"),
        ("Dockerfile", "ARG PY=3.12\nFROM python:${PY}\n", "built from variables (python:${PY})"),
        (
            ".gitlab-ci.yml",
            "job:\n  image: node:$NODE\n  script: [x]\n",
            "filled in from CI variables when the CI job runs",
        ),
        (
            "compose.yaml",
            "services:\n  a:\n    image: >-\n      redis:7\n",
            "written as a YAML block scalar",
        ),
        (
            "compose.yaml",
            'services:\n  a:\n    image: "redis:\\x37"\n',
            # (the column is off: a scalar's escapes are not counted back from its end)
            "the file does not have 'redis:7' at 3:16 (it changed since it was read?)",
        ),
        (
            "compose.yaml",
            "services:\n  a:\n    build: {context: ., cache_from: [x/y:cache]}\n",
            "a build cache: it moves with every build",
        ),
    ],
)
def test_what_is_not_rewritten_says_why(tmp_path: Path, name: str, text: str, reason: str) -> None:
    (tmp_path / name).write_text(text)
    assert [why for _, why in reasons([str(tmp_path / name)])] == [reason]


def pod(*images: str) -> str:
    """A chart template: a pod whose containers' images are these template expressions."""
    containers = "".join(
        f'    - name: c{i}\n      image: "{image}"\n' for i, image in enumerate(images)
    )
    return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n" + containers


def block(key: str) -> str:
    """An image block's image, as Bitnami's helper writes it (the digest wins)."""
    image = f".Values.{key}.image"
    return (
        f"{{{{ {image}.repository }}}}{{{{ with {image}.digest }}}}@{{{{ . }}}}"
        f"{{{{ else }}}}:{{{{ {image}.tag | default $.Chart.AppVersion }}}}{{{{ end }}}}"
    )


def test_helm_blocks(tmp_path: Path) -> None:
    (tmp_path / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 1\nappVersion: '2'\n")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "pod.yaml").write_text(
        pod(block("a"), block("b"), block("c"), block("d"), "{{ .Values.e.initImage }}")
    )
    values = (
        "a:\n  image:\n    repository: x/a\n    tag: '1.0'\n    digest:\n"
        "b:\n  image: {repository: x/b, tag: v1, digest: ~}\n"
        "c:\n  image:\n    repository: x/c\n    tag: 7  # a number\n    digest: ''\n"
        "d:\n  image: {repository: x/d}\n"
        "e:\n  initImage: x/e:1\n"
    )
    (tmp_path / "values.yaml").write_text(values)
    new = pin_all([str(tmp_path)])[str(tmp_path / "values.yaml")]
    assert new == (
        f"a:\n  image:\n    repository: x/a\n    tag: '1.0'\n    digest: {DIGEST}\n"
        f"b:\n  image: {{repository: x/b, tag: v1, digest: {DIGEST}}}\n"
        f"c:\n  image:\n    repository: x/c\n    tag: 7  # a number\n    digest: '{DIGEST}'\n"
        "d:\n  image: {repository: x/d}\n"
        f"e:\n  initImage: x/e:1@{DIGEST}\n"
    )
    assert reasons([str(tmp_path)]) == [
        (
            14,
            "the tag comes from the chart's appVersion, through the templates: give the image "
            "block a tag to pin it",
        )
    ]


def test_a_plain_yaml_value_that_would_read_as_a_number_is_quoted(tmp_path: Path) -> None:
    (tmp_path / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 1\n")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "pod.yaml").write_text(
        pod("{{ .Values.image.repository }}:{{ .Values.image.tag }}")
    )
    (tmp_path / "values.yaml").write_text("image:\n  repository: x/a\n  tag: 7\n")
    (occurrence,) = scan_paths([str(tmp_path)])
    files = Files()
    site = locate(occurrence, files.read)
    change = site.change(tag="7.2")
    edited = edit_file(files.read(site.path), [change], yaml=True)
    assert edited.after == 'image:\n  repository: x/a\n  tag: "7.2"\n'


def test_kustomize_entries(tmp_path: Path) -> None:
    (tmp_path / "kustomization.yaml").write_text(
        "resources: [pod.yaml]\nimages:\n- name: a\n  newTag: '2'\n"
        "- {name: b, newTag: '3'}\n- name: c\n  newName: d\n"
    )
    (tmp_path / "pod.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
        "  - {name: a, image: 'a:1'}\n  - {name: b, image: b}\n  - {name: c, image: 'c:1'}\n"
    )
    new = pin_all([str(tmp_path / "kustomization.yaml")])
    assert new == {
        str(tmp_path / "kustomization.yaml"): (
            f"resources: [pod.yaml]\nimages:\n- name: a\n  newTag: '2'\n  digest: {DIGEST}\n"
            f"- {{name: b, newTag: '3', digest: {DIGEST}}}\n- name: c\n  newName: d\n"
        )
    }
    ((_, reason),) = reasons([str(tmp_path / "kustomization.yaml")])
    assert reason.startswith("none of the images: entries of ")
    assert reason.endswith("gives d its tag: pin it there by hand")


def test_check_yaml_refuses_what_would_not_read_as_meant() -> None:
    change = Change([], ["a:1"], ["a:1@x"])
    check_yaml("f.yaml", "k: a:1\n", "k: a:1@x\n", [change])
    with pytest.raises(EditConflict, match="would not read as intended"):
        check_yaml("f.yaml", "k: a:1\n", "k: a:1@x\nj: 2\n", [change])
    with pytest.raises(EditConflict, match="would not be valid YAML"):
        check_yaml("f.yaml", "k: a:1\n", "k: [a:1@x\n", [change])


def test_an_edit_whose_text_moved_refuses_the_file(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text("FROM redis:7\n")
    files = Files()
    (occurrence,) = scan_paths([str(path)])
    site = locate(occurrence, files.read)
    path.write_text("FROM  redis:7\n")
    with pytest.raises(EditConflict):
        Files().read(str(path)).edit(site.change(digest=DIGEST).edits)


# --- properties: an edit changes the reference, and nothing else ---------------------------------

_REFS = st.sampled_from(["redis:7", "ghcr.io/acme/api:1.4.2", "localhost:5000/app:v1", "a/b:c"])
_SPACE = st.sampled_from([" ", "  ", "\t"])


@st.composite
def dockerfiles(draw: st.DrawFn) -> tuple[str, str]:
    ref = draw(_REFS)
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    keyword = draw(st.sampled_from(["FROM", "from", "From"]))
    flag = draw(st.sampled_from(["", "--platform=linux/amd64 "]))
    gap = draw(_SPACE)
    if draw(st.booleans()):
        gap += "\\" + newline + draw(st.sampled_from(["", "  ", "\t"]))
    tail = draw(st.sampled_from(["", " AS base", " as build"]))
    lines = [
        draw(st.sampled_from(["", "# a comment", "ARG X=1"])),
        f"{keyword}{gap}{flag}{ref}{tail}",
    ]
    lines.append(draw(st.sampled_from(["", "RUN echo é", "COPY . ."])))
    text = newline.join(lines)
    if draw(st.booleans()):
        text += newline
    return text, ref


@st.composite
def compose_files(draw: st.DrawFn) -> tuple[str, str]:
    ref = draw(_REFS)
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    quote = draw(st.sampled_from(["", "'", '"']))
    before = draw(st.sampled_from(["", "&a ", "!!str "]))
    comment = draw(st.sampled_from(["", "  # pinned?", " #x"]))
    indent = draw(st.sampled_from(["  ", "    "]))
    if draw(st.booleans()):
        value = f"{before}{quote}{ref}{quote}{comment}"
        body = f"services:{newline}{indent}web:{newline}{indent * 2}image: {value}"
    else:
        body = f"services: {{web: {{image: {before}{quote}{ref}{quote}}}}}{comment}"
    text = body + (newline if draw(st.booleans()) else "")
    return text, ref


def _pinned_once(name: str, text: str, ref: str, bom: bool) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, name)
        with open(path, "wb") as handle:
            handle.write((b"\xef\xbb\xbf" if bom else b"") + text.encode())
        new = pin_all([path])
        (after,) = new.values()
        # Exactly the digest, right after the reference, and nothing else.
        assert after.replace("@" + DIGEST, "", 1) == text
        assert after.count(ref + "@" + DIGEST) == 1
        with open(path, "wb") as handle:
            handle.write((b"\xef\xbb\xbf" if bom else b"") + after.encode())
        (occurrence,) = [o for o in scan_paths([path]) if o.reference is not None]
        assert occurrence.text == f"{ref}@{DIGEST}"
        assert pin_all([path]) == {}  # pinned: nothing more to do


@settings(max_examples=150, deadline=None)
@given(dockerfiles(), st.booleans())
@example(("FROM \\\r\n\tredis:7 AS base\r\n", "redis:7"), True)
def test_pinning_a_dockerfile_changes_the_reference_and_nothing_else(
    case: tuple[str, str], bom: bool
) -> None:
    _pinned_once("Dockerfile", *case, bom)


@settings(max_examples=150, deadline=None)
@given(compose_files(), st.booleans())
@example(("services: {web: {image: &a 'redis:7'}} #x\r\n", "redis:7"), True)
def test_pinning_a_compose_file_changes_the_reference_and_nothing_else(
    case: tuple[str, str], bom: bool
) -> None:
    _pinned_once("compose.yaml", *case, bom)


def test_a_text_without_a_path_is_not_rewritable() -> None:
    (occurrence,) = find_references("FROM redis:7\n")
    with pytest.raises(NotRewritable, match="not in a text file"):
        locate(occurrence, Files().read)


def test_release_values_blocks(tmp_path: Path) -> None:
    """A Flux HelmRelease's values (kind helm-values): the block's tag and digest, a string
    whole; a tag that holds a digest too (home-ops's ``tag: 1.2@sha256:…``) is left."""
    release = (
        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: r}\n"
        "spec:\n  chartRef: {kind: OCIRepository, name: r}\n  values:\n"
        "    a:\n      image:\n        repository: ghcr.io/x/a\n        tag: '1.0'\n"
        "        digest: ''\n"
        "    b:\n      image: ghcr.io/x/b:2.0\n"
        f"    c:\n      image: {{repository: ghcr.io/x/c, tag: 3.0@{DIGEST}}}\n"
    )
    (tmp_path / "release.yaml").write_text(release)
    new = pin_all([str(tmp_path)])[str(tmp_path / "release.yaml")]
    assert new == release.replace("digest: ''", f"digest: '{DIGEST}'").replace(
        "b:2.0", f"b:2.0@{DIGEST}"
    )
    assert reasons([str(tmp_path)]) == [(15, "the tag holds a digest too (tag: 1.2@sha256:…)")]
