"""Discovery (which files, what kind, which order, .gitignore) and find_references' dispatch.

The Dockerfile parser is replaced by a stub here: these tests are about
finding and routing files, not about Dockerfiles.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import types
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tagsense
from tagsense import Occurrence, Scan, SourceError, TagsenseError, find_references
from tagsense.errors import InvalidReference
from tagsense.reference import parse_reference
from tagsense.sources import discover as discover_module
from tagsense.sources import find as find_module
from tagsense.sources import scan_paths
from tagsense.sources.discover import (
    Rule,
    discover,
    is_archive_name,
    is_dockerfile_name,
    kind_of_file,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

MANIFEST = json.dumps([{"Config": "c", "RepoTags": ["redis:7"], "Layers": []}]).encode()


# --- a stub Dockerfile scanner ------------------------------------------------------


class StubDockerfile:
    """``scan_dockerfile``: each ``FROM image`` line is one occurrence; records its calls."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def scan_dockerfile(
        self,
        text: str,
        *,
        path: str | None = None,
        build_args: Mapping[str, str] | None = None,
        target: str | None = None,
        alone: bool = False,
    ) -> Scan:
        self.calls.append({"text": text, "path": path, "build_args": build_args, "target": target})
        assert alone  # (no build in these scans feeds a Dockerfile)
        occurrences = []
        errors = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.startswith("FROM "):
                continue
            raw = line.split()[1]
            reference = None
            try:
                reference = parse_reference(raw)
            except InvalidReference as error:
                errors.append(SourceError(path, number, f"invalid reference: {error.reason}"))
            occurrences.append(
                Occurrence(
                    path=path,
                    line=number,
                    column=6,
                    kind="from",
                    raw=raw,
                    text=raw,
                    reference=reference,
                    context={"stage": 0},
                )
            )
        return Scan(tuple(occurrences), tuple(errors))


@pytest.fixture
def stub(monkeypatch: pytest.MonkeyPatch) -> StubDockerfile:
    scanner = StubDockerfile()
    module = types.ModuleType("tagsense.sources.dockerfile")
    module.scan_dockerfile = scanner.scan_dockerfile  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tagsense.sources.dockerfile", module)
    return scanner


def write(path: Path, text: str | bytes = "FROM alpine:3.20\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def write_tar(path: Path, members: Mapping[str, bytes] | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, "w") as archive:
        for name, data in (members or {"manifest.json": MANIFEST}).items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def names(found: list[tuple[str, str]], root: Path) -> list[tuple[str, str]]:
    assert all(isinstance(path, str) for path, _ in found)  # text, not pathlib
    return [(Path(path).relative_to(root).as_posix(), kind) for path, kind in found]


# --- paths as text ---------------------------------------------------------------------

# Paths made of the characters that matter to splitting: separators, dots, names.
_path_texts = st.lists(st.sampled_from(["/", ".", "..", "a", "b.yml", "Dockerfile", " "])).map(
    "".join
)


@given(_path_texts)
def test_path_parts_are_pathlibs_parts(text: str) -> None:
    assert discover_module.path_parts(text) == PurePath(text).parts


@given(_path_texts, st.lists(st.sampled_from(["a", "b.yml", "..", " x"]), max_size=3))
def test_paths_are_tidied_as_pathlib_prints_them(text: str, more: list[str]) -> None:
    assert discover_module._tidy(text, *more) == str(PurePath(text, *more))
    assert discover_module._name(text) == PurePath(text).name


# --- names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Dockerfile", True),
        ("Dockerfile.prod", True),
        ("Dockerfile.dev.local", True),
        ("api.Dockerfile", True),
        ("Containerfile", True),
        ("Containerfile.fedora", True),
        ("build.Containerfile", True),
        ("dockerfile", True),  # docker's fallback when there is no Dockerfile
        ("DOCKERFILE", False),  # otherwise case-sensitive, as docker is
        ("Dockerfile-logstash", True),  # names as people write them (issue 12)
        ("Dockerfile_debian", True),
        ("Containerfile-ubi9", True),
        ("Dockerfile_test.go", False),  # a file of another language named after one
        ("Dockerfile_to_generic.ml", False),  # semgrep's OCaml (survey 30m: 377 errors)
        ("Dockerfile_to_generic.mli", False),
        ("Dockerfile_parser.cpp", False),
        ("Dockerfile-notes.md", False),
        ("Dockerfile-Bionic-green.png", False),  # pi-hosted's badges (survey 33a: 6 errors)
        ("Dockerfile.svg", False),
        ("Dockerfile.py", False),  # (its text may say it is one: is_prefixed_dockerfile)
        ("Dockerfile.requirements.txt", False),
        ("Dockerfile-", False),
        ("api.dockerfile", True),  # the extension in any case, as GitHub Linguist has it
        ("base.dockerfile", True),
        ("Test.dockerfile", True),
        ("app.DockerFile", True),
        ("fedora.containerfile", True),
        (".dockerfile", False),  # a hidden file: some tool's settings
        (".containerfile", False),
        (".gitpod.dockerfile", True),  # Gitpod's workspace image, named by .gitpod.yml
        ("api.dockerfile.dockerignore", False),
        ("api.dockerfiles", False),
        ("MyDockerfile", False),
        ("Dockerfiles", False),
        ("Dockerfile.dockerignore", False),  # BuildKit's ignore file beside a Dockerfile
        ("api.Dockerfile.dockerignore", False),
        ("Containerfile.license", False),  # REUSE's licence file beside it
        ("Dockerfile.license", False),
        ("Dockerfile-old", False),  # a copy kept aside
        ("Dockerfile_bak", False),
        ("Dockerfile.original", False),  # Visual Studio's copy of a replaced Dockerfile
        ("Dockerfile.orig", False),  # patch's and git mergetool's
        ("Dockerfile.rej", False),
        ("Dockerfile.old", False),
        ("Dockerfile.prod.backup", False),
        ("Dockerfile.save", False),  # nano's
        ("Dockerfile~", False),  # Emacs's
        ("Dockerfile.dist", True),  # the distributed default, built (`docker build -f`)
        ("Dockerfile.golden", False),
        ("Dockerfile.gold", True),
        ("docker-compose.yml", False),
    ],
)
def test_dockerfile_names(name: str, expected: bool) -> None:
    assert is_dockerfile_name(PurePath("some/dir", name)) is expected
    assert is_dockerfile_name(f"some/dir/{name}") is expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("images.tar", True),
        ("images.tar.gz", True),
        ("images.tgz", True),
        ("images.TAR", False),
        ("images.tar.zst", False),
        ("images.zip", False),
        ("tar", False),
    ],
)
def test_archive_names(name: str, expected: bool) -> None:
    assert is_archive_name(PurePath(name)) is expected
    assert is_archive_name(name) is expected


def test_archives_are_opt_in_by_name() -> None:
    assert kind_of_file(PurePath("x.tar")) == "archive"
    assert kind_of_file(PurePath("x.tar"), kinds=()) is None
    assert kind_of_file(PurePath("x.tar"), kinds={"archive"}) == "archive"
    assert kind_of_file(PurePath("Dockerfile"), kinds=()) == "dockerfile"


# --- walking -------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for name in [
        "Dockerfile",
        "README.md",
        "a.txt",
        "a/Dockerfile",
        "a/b/c/api.Dockerfile",
        "b/Containerfile",
        "b/Dockerfile.dockerignore",
        "services/web/Dockerfile.prod",
        "node_modules/pkg/Dockerfile",
        ".github/Dockerfile",
        ".git/Dockerfile",
        ".hg/Dockerfile",
        ".svn/Dockerfile",
    ]:
        write(root / name)
    write_tar(root / "dist" / "images.tar")
    write_tar(root / "dist" / "images.tgz")
    return root


def test_a_walk_finds_dockerfiles_in_sorted_order_skipping_vcs(tree: Path) -> None:
    assert names(discover([tree]), tree) == [
        (".github/Dockerfile", "dockerfile"),
        ("Dockerfile", "dockerfile"),
        ("a/Dockerfile", "dockerfile"),
        ("a/b/c/api.Dockerfile", "dockerfile"),
        ("b/Containerfile", "dockerfile"),
        ("services/web/Dockerfile.prod", "dockerfile"),
    ]  # (not node_modules/pkg/Dockerfile: others' code)


@pytest.mark.parametrize("use_git", [False, True], ids=["plain walk", "git work tree"])
def test_a_walk_leaves_out_others_code_and_ci_files_that_never_run(
    tmp_path: Path, use_git: bool
) -> None:
    # From a survey of real repositories: Go's vendor/ tree was judged as the project's images,
    # and a vendored library's .github/workflows/ (GitHub runs only the repository's own) as
    # the project's CI. Test inputs stay: end-to-end scenarios under testdata/ pull images.
    root = tmp_path / "repo"
    for name in [
        "Dockerfile",
        "vendor/github.com/x/y/Dockerfile",
        "pkg/init/testdata/hello/Dockerfile",
        "web/node_modules/pkg/Dockerfile",
        # (sealed-secrets' vendor_jsonnet/, where jb installs kube-libsonnet and its tests)
        "vendor_jsonnet/kube-libsonnet/tests/Dockerfile",
        "deps/hiredis/.github/workflows/build.yml",
        "deps/hiredis/.gitlab-ci.yml",
        "deps/hiredis/.circleci/config.yml",
        "deps/hiredis/action.yml",  # an action runs wherever it is (uses: ./deps/hiredis)
        ".github/workflows/ci.yml",
        ".github/workflows/nested/not-a-workflow.yml",
        ".gitlab-ci.yml",
        ".circleci/config.yml",
        ".woodpecker/build.yaml",
        "ci/azure-pipelines.yml",  # Azure reads the file a pipeline is set up with, anywhere
    ]:
        write(root / name)
    if use_git:
        if shutil.which("git") is None:
            pytest.skip("git is not installed")
        subprocess.run(["git", "init", "-q", str(root)], check=True)
    assert names(discover([root]), root) == [
        (".circleci/config.yml", "ci"),
        (".github/workflows/ci.yml", "ci"),
        (".github/workflows/nested/not-a-workflow.yml", "kubernetes"),
        (".gitlab-ci.yml", "ci"),
        (".woodpecker/build.yaml", "ci"),
        ("Dockerfile", "dockerfile"),
        ("ci/azure-pipelines.yml", "ci"),
        ("deps/hiredis/action.yml", "ci"),
        ("pkg/init/testdata/hello/Dockerfile", "dockerfile"),
    ]
    # Named, they are read: the user asked for them.
    vendored = root / "vendor" / "github.com" / "x" / "y"
    assert names(discover([vendored]), vendored) == [("Dockerfile", "dockerfile")]
    workflow = root / "deps" / "hiredis" / ".github" / "workflows" / "build.yml"
    assert discover([workflow]) == [(str(workflow), "ci")]


@pytest.mark.parametrize("use_git", [False, True], ids=["plain walk", "git work tree"])
def test_a_walk_leaves_out_the_libraries_a_project_copies_in_whole(
    tmp_path: Path, use_git: bool
) -> None:
    # fluent/fluent-bit keeps librdkafka, zstd, WAMR… under lib/ as released (its own
    # lib/cmetrics, another repository's copy, with its .github/): their packaging scripts
    # and Dockerfiles are theirs, never run by fluent-bit's builds.
    root = tmp_path / "repo"
    for name in [
        "dockerfiles/Dockerfile",
        "lib/librdkafka-2.15.0/packaging/tools/Dockerfile.alpine",
        "lib/snappy-fef67ac/docker/Dockerfile",
        "lib/cmetrics/.github/dependabot.yml",
        "lib/cmetrics/dockerfiles/Dockerfile.centos7",
        "lib/cmetrics/action.yml",
        "lib/monkey/Dockerfile",  # (no release's name, no .github/: maybe the project's own)
        "packages/zstd-1.5.7/Dockerfile",  # (not a library's place)
        # go-ethereum's copy of bitcoin-core's libsecp256k1: a repository's workflows and
        # licence, outside a library's place
        "crypto/secp256k1/libsecp256k1/.github/workflows/ci.yml",
        "crypto/secp256k1/libsecp256k1/COPYING",
        "crypto/secp256k1/libsecp256k1/ci/linux-debian.Dockerfile",
        # (the action its own workflows build that Dockerfile with: theirs too)
        "crypto/secp256k1/libsecp256k1/.github/actions/run-in-docker-action/action.yml",
        # (workflows without a licence, or under the project's: maybe a part of the project
        # that becomes a repository of its own, gitops-template's metaphor/; still read)
        "services/api/.github/workflows/ci.yml",
        "services/api/Dockerfile",
        "metaphor/.github/workflows/ci.yml",
        "metaphor/LICENSE",
        "metaphor/Dockerfile",
        # (a service named as a vendor tree holds its own files: read)
        "vendor-portal/Dockerfile",
    ]:
        write(root / name)
    write(root / "LICENSE", "MIT License\n\nCopyright (c) 2021-2023 kubefirst\n")
    write(root / "metaphor" / "LICENSE", "MIT License\n\nCopyright (c) 2023 Kubefirst\n")
    copied = root / "crypto" / "secp256k1" / "libsecp256k1" / "COPYING"
    write(copied, "Copyright (c) 2013 Pieter Wuille\n\nPermission is hereby granted\n")
    if use_git:
        if shutil.which("git") is None:
            pytest.skip("git is not installed")
        subprocess.run(["git", "init", "-q", str(root)], check=True)
    assert names(discover([root]), root) == [
        ("dockerfiles/Dockerfile", "dockerfile"),
        ("lib/cmetrics/action.yml", "ci"),
        ("lib/monkey/Dockerfile", "dockerfile"),
        ("metaphor/Dockerfile", "dockerfile"),
        ("packages/zstd-1.5.7/Dockerfile", "dockerfile"),
        ("services/api/Dockerfile", "dockerfile"),
        ("vendor-portal/Dockerfile", "dockerfile"),
    ]
    # Named, one is read: the user asked for it.
    copy = root / "lib" / "librdkafka-2.15.0"
    assert len(discover([copy])) == 1


def test_a_project_template_s_root_with_its_own_workflows_and_licences_is_read(
    tmp_path: Path,
) -> None:
    # cookiecutter/cookiecutter-django's {{cookiecutter.project_slug}}/ has its own
    # .github/workflows/ and licences (the GPL's COPYING, a LICENSE template), and
    # tests/test_docker.sh renders it and builds it with docker compose: the project's own
    # files, not another repository's copy (survey 31b: its Dockerfiles were missed).
    root = tmp_path / "repo"
    slug = root / "{{cookiecutter.project_slug}}"
    write(root / "LICENSE", "Copyright (c) 2013-2020, Daniel Roy Greenfeld\nAll rights reserved.\n")
    write(slug / ".github" / "workflows" / "ci.yml", "on: push\n")
    write(slug / "COPYING", "GNU GENERAL PUBLIC LICENSE\nVersion 3, 29 June 2007\n")
    write(
        slug / "LICENSE",
        "{% if cookiecutter.open_source_license == 'MIT' %}\nThe MIT License (MIT)\n"
        "Copyright (c) {% now 'utc', '%Y' %}, {{ cookiecutter.author_name }}\n",
    )
    write(slug / "compose" / "local" / "node" / "Dockerfile", "FROM node:26.5-bookworm-slim\n")
    # (a copy of another project, its licence plain text, is still left out)
    write(root / "third_party" / "lib" / ".github" / "workflows" / "ci.yml", "on: push\n")
    write(root / "third_party" / "lib" / "LICENSE", "MIT License\n\nCopyright (c) Someone\n")
    write(root / "third_party" / "lib" / "Dockerfile", "FROM alpine:3.22\n")
    assert names(discover([root]), root) == [
        ("{{cookiecutter.project_slug}}/compose/local/node/Dockerfile", "dockerfile")
    ]


@pytest.mark.parametrize("use_git", [False, True], ids=["plain walk", "git work tree"])
def test_a_walk_leaves_out_a_committed_site_that_a_generator_built(
    tmp_path: Path, use_git: bool
) -> None:
    # collabnix/dockerlabs commits Jekyll's _site/ beside its _config.yml: a copy of every
    # tutorial's compose file and Dockerfile (154 findings twice). The sources stay.
    root = tmp_path / "repo"
    for name, text in [
        ("_config.yml", "theme: jekyll-theme-cayman\n"),
        ("beginners/mysql-php/docker-compose.yml", "services:\n  db:\n    image: mysql\n"),
        ("_site/beginners/mysql-php/docker-compose.yml", "services:\n  db:\n    image: mysql\n"),
        ("docs/mkdocs.yml", "site_name: labs\n"),
        ("docs/site/lab/Dockerfile", "FROM alpine\n"),
        ("docs/lab/Dockerfile", "FROM alpine\n"),
        ("hugo/hugo.toml", "title = 'x'\n"),
        ("hugo/public/k8s/pod.yaml", "apiVersion: v1\nkind: Pod\n"),
        ("sphinx/conf.py", "project = 'x'\n"),
        ("sphinx/_build/html/_sources/Dockerfile", "FROM alpine\n"),
        # (no generator's configuration beside it: a directory of the project's own)
        ("web/public/Dockerfile", "FROM nginx\n"),
        ("app/_site/Dockerfile", "FROM nginx\n"),
    ]:
        write(root / name, text)
    if use_git:
        if shutil.which("git") is None:
            pytest.skip("git is not installed")
        subprocess.run(["git", "init", "-q", str(root)], check=True)
    assert names(discover([root]), root) == [
        ("_config.yml", "kubernetes"),  # (any YAML may be a manifest: read, holds none)
        ("app/_site/Dockerfile", "dockerfile"),
        ("beginners/mysql-php/docker-compose.yml", "compose"),
        ("docs/lab/Dockerfile", "dockerfile"),
        ("docs/mkdocs.yml", "kubernetes"),
        ("web/public/Dockerfile", "dockerfile"),
    ]
    # Named, it is read: the user asked for it.
    site = root / "_site"
    assert names(discover([site]), site) == [("beginners/mysql-php/docker-compose.yml", "compose")]


def test_a_name_ending_in_dockerfile_is_one_when_its_text_starts_as_one(tmp_path: Path) -> None:
    # zalando/postgres-operator's docker/DebugDockerfile (`make docker DEBUG=1`), its first line.
    root = tmp_path / "repo"
    write(root / "docker" / "DebugDockerfile", "FROM golang:1.26-alpine\n")
    write(root / "ProdDockerfile", "# syntax=docker/dockerfile:1\n\n# base\narg V=1\nFROM a:$V\n")
    write(root / "ci" / "DevContainerfile", "\ufeffARG BASE=fedora:41\nFROM $BASE\n")
    # Not Dockerfiles: other text, other endings, hidden settings, templates' own rules.
    write(root / "scripts" / "lintDockerfile", "#!/bin/sh\nhadolint Dockerfile\n")
    write(root / "emptyDockerfile", "# nothing here\n\n")
    write(root / ".dockerfile-lint", "FROM x\n")
    write(root / ".hiddenDockerfile", "FROM x\n")
    write(root / "xDockerfile.txt", "FROM x\n")
    write(root / "notaDockerfile.md", "FROM x\n")
    write(root / "Dockerfile.j2", "FROM {{ image }}\n")
    assert names(discover([root]), root) == [
        ("Dockerfile.j2", "dockerfile"),  # (by its name; its text says it is a template)
        ("ProdDockerfile", "dockerfile"),
        ("ci/DevContainerfile", "dockerfile"),
        ("docker/DebugDockerfile", "dockerfile"),
    ]
    assert not discover_module.is_prefixed_dockerfile(root / "Dockerfile.j2")
    assert not discover_module.is_prefixed_dockerfile(root / "missingDockerfile")
    # Only the start of the file is read.
    write(root / "longDockerfile", "#\n" * 5000 + "FROM x\n")
    assert not discover_module.is_prefixed_dockerfile(root / "longDockerfile")


def test_a_dockerfile_name_in_lower_case_with_a_suffix_is_one_by_its_text(tmp_path: Path) -> None:
    # caprover/caprover's dockerfile-captain.release (`docker buildx build -f
    # dockerfile-captain.release`) and .dev, .edge, .debug: their node images were missed;
    # kasmtech/workspaces-images' 80 dockerfile-kasm-* (surveys 26c, 26m).
    root = tmp_path / "repo"
    write(root / "dockerfile-captain.release", "# build stage\nFROM node:24-alpine AS b\n")
    write(root / "dockerfile-kasm-chrome", 'ARG BASE_TAG="develop"\nFROM kasmweb/core:$BASE_TAG\n')
    write(root / "docker" / "dockerfile.dev", "ARG V=3.13\nFROM python:$V\n")
    write(root / "containerfile_ci", "FROM fedora:41\n")
    # Not Dockerfiles: other text, ignore and backup files.
    write(root / "dockerfile_utils.py", "import os\n")
    write(root / "dockerfile-lint", "#!/bin/sh\nhadolint dockerfile.dev\n")
    write(root / "dockerfile.dockerignore", "FROM x\n")
    write(root / "dockerfile-old", "FROM x\n")
    assert names(discover([root]), root) == [
        ("containerfile_ci", "dockerfile"),
        ("docker/dockerfile.dev", "dockerfile"),
        ("dockerfile-captain.release", "dockerfile"),
        ("dockerfile-kasm-chrome", "dockerfile"),
    ]


def test_a_dockerfile_name_with_another_languages_extension_is_one_by_its_text(
    tmp_path: Path,
) -> None:
    # DataBiosphere/toil's docker/Dockerfile.py prints the Dockerfile; dask/dask-gateway's
    # Dockerfile.requirements.in and .txt are what it pip-installs (their first lines). Read
    # as Dockerfiles, they were 75 and 64 "unknown instruction" errors.
    root = tmp_path / "repo"
    write(root / "docker" / "Dockerfile.py", "# Copyright (C) 2015-2020 Regents\nimport os\n")
    write(root / "gw" / "Dockerfile.requirements.in", "# These are the requirements\n.\nbokeh\n")
    write(root / "gw" / "Dockerfile.requirements.txt", "#\naiohttp==3.13.4\n")
    write(root / "Containerfile-notes.md", "# Notes\n")
    # ansible/ansible-builder's src/ansible_builder/containerfile.py (its first line), the
    # program that writes its Containerfiles: 379 "unknown instruction" errors (survey 29b).
    write(root / "src" / "containerfile.py", "from __future__ import annotations\n\nimport os\n")
    write(root / "containerfile_utils.py", "from os import path as p\n")
    # Dockerfiles: FROM with flags, a stage name, a continued line.
    write(root / "dockerfile.build", "FROM --platform=$P golang:1.26 as b\n")
    write(root / "dockerfile-next", "FROM \\\n  alpine:3.22\n")
    # An autoconf template whose text is a Dockerfile's is one.
    write(root / "build" / "Dockerfile.in", "ARG BASE=@BASE@\nFROM $BASE\n")
    write(root / "Dockerfile.prod", "# comment\nFROM x\n")
    assert names(discover([root]), root) == [
        ("Dockerfile.prod", "dockerfile"),
        ("build/Dockerfile.in", "dockerfile"),
        ("dockerfile-next", "dockerfile"),
        ("dockerfile.build", "dockerfile"),
    ]


def test_a_backup_copy_of_a_dockerfile_is_read_only_when_a_build_names_it(tmp_path: Path) -> None:
    # aspnetrun/run-aspnetcore-microservices' src/Services/*/Dockerfile.original, which Visual
    # Studio keeps when "Add Docker support" replaces a Dockerfile: nothing builds them (its
    # compose file builds Dockerfile), 6 false TS004 (survey 61b). Their text is a Dockerfile's,
    # as are the copies patch and editors leave (.orig, .bak, ~): none is one by its text either.
    root = tmp_path / "repo"
    write(root / "Dockerfile", "FROM alpine:3.20\n")
    for backup in ("Dockerfile.original", "Dockerfile.orig", "Dockerfile.bak", "Dockerfile~"):
        write(root / backup, "FROM alpine:3.19\n")
        assert not discover_module.is_prefixed_dockerfile(root / backup)
    write(root / "Dockerfile.prod.bak", "FROM alpine:3.18\n")
    write(root / "Dockerfile.dist", "FROM alpine:3.17\n")
    assert names(discover([root]), root) == [
        ("Dockerfile", "dockerfile"),
        ("Dockerfile.dist", "dockerfile"),
    ]
    # A build that names one reads it.
    write(
        root / ".github" / "workflows" / "ci.yml",
        "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: docker build -f Dockerfile.original -t app .\n",
    )
    scan = scan_paths([str(root)])
    froms = sorted((os.path.basename(o.path), o.text) for o in scan.occurrences if o.kind == "from")
    assert froms == [
        ("Dockerfile", "alpine:3.20"),
        ("Dockerfile.dist", "alpine:3.17"),
        ("Dockerfile.original", "alpine:3.19"),
    ]


def test_archives_are_found_only_when_asked(tree: Path) -> None:
    found = names(discover([tree], archives=True), tree)
    assert ("dist/images.tar", "archive") in found
    assert ("dist/images.tgz", "archive") in found
    assert [kind for _, kind in found].count("archive") == 2


def test_the_paths_are_joined_to_what_was_named(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tree)
    found = discover(["."])
    assert found[1] == ("Dockerfile", "dockerfile")
    assert found[2] == (os.path.join("a", "Dockerfile"), "dockerfile")
    # Tidied as pathlib tidies: no "./" in front, no doubled separators.
    assert discover(["./a//", "./Dockerfile"])[:2] == [
        (os.path.join("a", "Dockerfile"), "dockerfile"),
        (os.path.join("a", "b", "c", "api.Dockerfile"), "dockerfile"),
    ]
    assert discover(["./Dockerfile"]) == [("Dockerfile", "dockerfile")]


def test_named_files_are_always_included_and_sniffed(tree: Path) -> None:
    write(tree / "notes.txt", "FROM x\n")
    write_tar(tree / "image.bin")
    write(tree / "image.gz", b"\x1f\x8b\x08\x00rest")
    found = discover(
        [tree / "notes.txt", tree / "image.bin", tree / "image.gz", tree / "dist/images.tar"]
    )
    assert names(found, tree) == [
        ("notes.txt", "dockerfile"),
        ("image.bin", "archive"),
        ("image.gz", "archive"),
        ("dist/images.tar", "archive"),  # named: no --archives needed
    ]


@pytest.mark.parametrize(
    ("first_line", "kind"),
    [("#!/bin/sh", "shell"), ("#!/usr/bin/env bash", "shell"), ("#! /bin/bash -eu", "shell"),
     ("#!/usr/bin/env -S zsh -f", "shell"), ("#!/usr/bin/env python3", "dockerfile"),
     ("#!/usr/bin/env -S docker build -f", "dockerfile"), ("#!/bin/shellcheck", "dockerfile"),
     ("# syntax=docker/dockerfile:1", "dockerfile")],
)  # fmt: skip
def test_a_named_script_without_a_suffix_is_a_script(
    tree: Path, first_line: str, kind: str
) -> None:
    # moby/buildkit's hack/test (#!/usr/bin/env bash), named by a user or pre-commit, was read
    # as a Dockerfile: 159 errors
    write(tree / "hack" / "test", f"{first_line}\ndocker run --rm alpine:3.21 true\n")
    assert names(discover([tree / "hack" / "test"]), tree) == [("hack/test", kind)]


@pytest.mark.parametrize(
    ("name", "first_line", "executable", "found"),
    [("launcher", "#!/usr/bin/env bash", True, True), ("bin/setup", "#!/bin/sh -e", True, True),
     ("launcher", "#!/usr/bin/env bash", False, False),  # (data, or run as `sh FILE`)
     ("bin/tool", "#!/usr/bin/env python3", True, False),
     ("bin/notes", "docker run alpine:3.21", True, False)],
)  # fmt: skip
def test_a_walk_finds_a_shell_program_without_a_suffix_by_its_first_line(
    tree: Path, name: str, first_line: str, executable: bool, found: bool
) -> None:
    # discourse/discourse_docker's `launcher` (`$docker_path pull $image`) and
    # `discourse-setup` (`docker run … "$IMAGE_NAME"`), the commands its users type, were not
    # read: only `*.sh` was.
    script = write(tree / name, f"{first_line}\ndocker run --rm alpine:3.21 true\n")
    script.chmod(0o755 if executable else 0o644)
    shells = [path for path, kind in names(discover([tree]), tree) if kind == "shell"]
    assert shells == ([name] if found else [])


@pytest.mark.parametrize(
    ("name", "dockerfile", "found"),
    [("v1.11/debian/hooks/post_checkout", True, True), ("hooks/pre_build", True, True),
     ("tools/hooks/post_checkout", False, False),  # (no Dockerfile beside: not Docker Hub's)
     ("hooks/post-checkout", True, False),  # (git's spelling)
     ("v1.11/debian/tools/post_checkout", True, False)],
)  # fmt: skip
def test_a_walk_finds_a_docker_hub_build_hook_though_not_executable(
    tree: Path, name: str, dockerfile: bool, found: bool
) -> None:
    # fluent/fluentd-docker-image's v*/*/hooks/post_checkout (mode 644, beside a Dockerfile):
    # Docker Hub's automated builds run them, and they run multiarch/qemu-user-static:register
    hook = write(tree / name, "#!/bin/bash\ndocker run --rm multiarch/qemu-user-static:7.2.0\n")
    hook.chmod(0o644)
    if dockerfile:
        write(hook.parent.parent / "Dockerfile", "FROM alpine:3.21\n")
    shells = [path for path, kind in names(discover([tree]), tree) if kind == "shell"]
    assert shells == ([name] if found else [])


@pytest.mark.parametrize(
    ("first_line", "executable", "kind"),
    [("#!/usr/bin/make -f", True, "make"), ("#!/usr/bin/env -S make -f", True, "make"),
     ("#!/usr/bin/make -sf", True, "make"),
     ("#!/usr/bin/make -f", False, None),  # (data, or run as `make -f FILE`)
     ("#!/usr/bin/makepkg", True, None), ("#!/usr/bin/make", True, None)],
)  # fmt: skip
def test_a_walk_finds_a_makefile_without_a_makefile_name_by_its_first_line(
    tree: Path, first_line: str, executable: bool, kind: str | None
) -> None:
    # syslog-ng/syslog-ng's dbld/rules (#!/usr/bin/make -f; `./rules image-devshell` builds
    # ghcr.io/syslog-ng/dbld-devshell, which its workflows run) was not read: 5 false TS001.
    rules = write(tree / "dbld" / "rules", f"{first_line}\nimage:\n\tdocker build -t x .\n")
    rules.chmod(0o755 if executable else 0o644)
    found = [k for path, k in names(discover([tree]), tree) if path == "dbld/rules"]
    assert found == ([kind] if kind else [])
    if executable and kind:
        assert names(discover([rules]), tree) == [("dbld/rules", kind)]  # (named alone)


def test_a_walk_finds_bash_scripts_as_shell_scripts(tree: Path) -> None:
    # RocketChat/helm-charts' CI runs `./task.bash`, whose `k3d cluster create --image` was
    # not read: only `*.sh` was.
    write(tree / "task.bash", "k3d cluster create --image rancher/k3s:v1.33.2-k3s1\n")
    write(tree / "ci" / "common.bash", "docker pull alpine:3.21\n")
    write(tree / "notes.bashrc", "docker pull alpine:3.21\n")
    shells = [path for path, kind in names(discover([tree]), tree) if kind == "shell"]
    assert shells == ["ci/common.bash", "task.bash"]


def test_a_walk_finds_bats_files_as_shell_scripts(tree: Path) -> None:
    # open-policy-agent/gatekeeper's test/bats/test.bats (run by `bats -t` in its Makefile)
    # pulls curlimages/curl with `kubectl run temp --image=curlimages/curl` and applies the
    # manifests of its end-to-end tests: a Bats file is bash with `@test` functions.
    write(tree / "test" / "bats" / "test.bats", '@test "curl" {\n  kubectl run t --image=x\n}\n')
    write(tree / ".bats", "docker pull alpine:3.21\n")
    shells = [path for path, kind in names(discover([tree]), tree) if kind == "shell"]
    assert shells == ["test/bats/test.bats"]


def test_a_tool_s_directory_named_is_walked_as_its_files_lie(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `tagsense check .github/workflows` found nothing: `ci.yml` alone, below the directory
    # walked, named no workflow (kedacore/keda, stakater/Reloader).
    workflow = "on: push\njobs:\n  t:\n    runs-on: ubuntu-24.04\n    container: node:22\n"
    write(tmp_path / ".github" / "workflows" / "ci.yml", workflow)
    write(tmp_path / ".github" / "workflows" / "nested" / "x.yml", workflow)
    write(tmp_path / ".circleci" / "config.yml", "version: 2.1\n")
    monkeypatch.chdir(tmp_path)

    def ci(found: list[tuple[str, str]]) -> list[str]:
        return [Path(path).as_posix() for path, kind in found if kind == "ci"]

    assert ci(discover(["."])) == [".circleci/config.yml", ".github/workflows/ci.yml"]
    assert ci(discover([tmp_path / ".github" / "workflows"])) == [
        (tmp_path / ".github" / "workflows" / "ci.yml").as_posix()
    ]
    assert ci(discover([".github/workflows"])) == [".github/workflows/ci.yml"]
    assert ci(discover([".github"])) == [".github/workflows/ci.yml"]
    assert ci(discover([".circleci"])) == [".circleci/config.yml"]


def test_a_path_named_twice_is_listed_once(tree: Path) -> None:
    found = discover([tree / "a", tree / "a" / "Dockerfile", tree / "a"])
    assert names(found, tree) == [
        ("a/Dockerfile", "dockerfile"),
        ("a/b/c/api.Dockerfile", "dockerfile"),
    ]


def test_missing_paths_are_skipped(tmp_path: Path) -> None:
    assert discover([tmp_path / "nope"]) == []


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_links_to_directories_are_not_walked(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write(outside / "Dockerfile")
    root = tmp_path / "root"
    root.mkdir()
    (root / "linked").symlink_to(outside, target_is_directory=True)
    assert discover([root]) == []
    # Named, it is walked: the user asked for it.
    assert names(discover([root / "linked"]), root) == [("linked/Dockerfile", "dockerfile")]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_a_link_to_a_file_the_walk_finds_is_not_read_again(tmp_path: Path) -> None:
    # knative/eventing: test/config/monitoring.yaml -> monitoring/monitoring.yaml (its
    # findings were made twice, once a name).
    root = tmp_path / "root"
    write(root / "config" / "monitoring" / "monitoring.yaml", "kind: Pod\n")
    (root / "config" / "monitoring.yaml").symlink_to(Path("monitoring") / "monitoring.yaml")
    write(root / "docker" / "Dockerfile")
    (root / "Dockerfile").symlink_to(Path("docker") / "Dockerfile")
    (root / "outside").mkdir()
    write(tmp_path / "elsewhere" / "Dockerfile")
    (root / "outside" / "Dockerfile").symlink_to(tmp_path / "elsewhere" / "Dockerfile")
    # (read as another kind under its own name: the link's kind is its only reading)
    write(root / "base.txt", "FROM alpine:3.20\n")
    (root / "Dockerfile.base").symlink_to("base.txt")
    assert names(discover([root]), root) == [
        ("Dockerfile.base", "dockerfile"),
        ("config/monitoring/monitoring.yaml", "kubernetes"),
        ("docker/Dockerfile", "dockerfile"),
        ("outside/Dockerfile", "dockerfile"),
    ]
    # Named, a link is read: the user asked for it.
    assert names(discover([root / "Dockerfile"]), root) == [("Dockerfile", "dockerfile")]


def test_an_oci_layout_directory_is_one_archive(tmp_path: Path) -> None:
    layout = tmp_path / "repo" / "layout"
    write(layout / "oci-layout", '{"imageLayoutVersion": "1.0.0"}')
    write(layout / "index.json", '{"manifests": []}')
    write(layout / "blobs" / "Dockerfile")  # inside the layout: not a Dockerfile of the repo
    write(tmp_path / "repo" / "Dockerfile")
    root = tmp_path / "repo"
    assert names(discover([root], archives=True), root) == [
        ("Dockerfile", "dockerfile"),
        ("layout", "archive"),
    ]
    assert discover([layout], archives=True) == [(str(layout), "archive")]
    # Named, it is an archive without the flag, as a named archive file is; walked, not.
    assert discover([layout]) == [(str(layout), "archive")]
    assert names(discover([root]), root) == [("Dockerfile", "dockerfile")]


def test_the_registry_takes_new_kinds(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # How YAML sources will plug in: one more rule.
    def is_compose(path: str) -> bool:
        return os.path.basename(path) in {"compose.yaml", "docker-compose.yml"}

    write(tree / "deploy" / "compose.yaml", "services: {}\n")
    rules = [*discover_module.RULES, Rule("compose", is_compose)]
    monkeypatch.setattr(discover_module, "RULES", rules)
    assert ("deploy/compose.yaml", "compose") in names(discover([tree]), tree)


# --- git --------------------------------------------------------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(root: Path, *args: str) -> None:
    environment = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    subprocess.run(["git", *args], cwd=root, env=environment, check=True, capture_output=True)


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    write(root / ".gitignore", "build/\n*.local.Dockerfile\n/images/\n")
    for name in [
        "Dockerfile",
        "build/Dockerfile",
        "app/dev.local.Dockerfile",
        "app/prod.Dockerfile",
        "app/build/Dockerfile",
        "tracked.local.Dockerfile",
        "deep/er/Containerfile",
    ]:
        write(root / name)
    write_tar(root / "images" / "all.tar")
    write_tar(root / "app" / "one.tar")
    git(root, "add", ".gitignore", "Dockerfile")
    git(root, "add", "-f", "tracked.local.Dockerfile")  # tracked, though ignored
    git(root, "commit", "-q", "-m", "init")
    return root


@needs_git
def test_gitignore_is_respected(repository: Path) -> None:
    assert names(discover([repository], archives=True), repository) == [
        ("Dockerfile", "dockerfile"),
        ("app/one.tar", "archive"),
        ("app/prod.Dockerfile", "dockerfile"),
        ("deep/er/Containerfile", "dockerfile"),
        ("tracked.local.Dockerfile", "dockerfile"),
    ]


@needs_git
def test_gitignore_applies_in_subdirectories_too(repository: Path) -> None:
    assert names(discover([repository / "app"]), repository) == [
        ("app/prod.Dockerfile", "dockerfile"),
    ]


@needs_git
def test_a_tracked_file_that_was_deleted_is_not_listed(repository: Path) -> None:
    (repository / "Dockerfile").unlink()
    assert ("Dockerfile", "dockerfile") not in names(discover([repository]), repository)


@needs_git
def test_ignored_files_named_explicitly_are_included(repository: Path) -> None:
    found = discover([repository / "build" / "Dockerfile", repository / "app/dev.local.Dockerfile"])
    assert names(found, repository) == [
        ("build/Dockerfile", "dockerfile"),
        ("app/dev.local.Dockerfile", "dockerfile"),
    ]


@needs_git
def test_an_ignored_directory_named_explicitly_is_walked(repository: Path) -> None:
    assert names(discover([repository / "build"]), repository) == [
        ("build/Dockerfile", "dockerfile")
    ]


def test_without_git_it_is_a_plain_walk(repository: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    found = names(discover([repository]), repository)
    assert ("build/Dockerfile", "dockerfile") in found
    assert ("app/dev.local.Dockerfile", "dockerfile") in found


@needs_git
def test_outside_a_work_tree_it_is_a_plain_walk(tmp_path: Path) -> None:
    write(tmp_path / "x" / ".gitignore", "*\n")  # no repository: means nothing
    write(tmp_path / "x" / "Dockerfile")
    assert names(discover([tmp_path / "x"]), tmp_path) == [("x/Dockerfile", "dockerfile")]


# --- find_references: dispatch ----------------------------------------------------------------


def test_the_api_is_exported() -> None:
    assert tagsense.find_references is find_references
    assert {"find_references", "Occurrence", "Scan", "SourceError"} <= set(tagsense.__all__)
    from tagsense import sources

    assert sources.find_references is find_references


def test_import_tagsense_stays_cheap() -> None:
    code = (
        "import sys, tagsense\n"
        "heavy = ['tarfile', 'gzip', 'json', 'subprocess', 'pathlib', 'tagsense.sources']\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_text_is_a_dockerfile(stub: StubDockerfile) -> None:
    scan = find_references("FROM redis:7\nRUN true\n", build_args={"A": "1"}, target="t")
    (occurrence,) = scan
    assert (occurrence.path, occurrence.line, occurrence.raw) == (None, 1, "redis:7")
    assert stub.calls == [
        {"text": "FROM redis:7\nRUN true\n", "path": None, "build_args": {"A": "1"}, "target": "t"}
    ]


def test_env_is_accepted_and_not_given_to_dockerfiles(stub: StubDockerfile) -> None:
    find_references("FROM redis:7\n", env={"TAG": "7"})
    assert "env" not in stub.calls[0]


def test_a_file_is_read_with_its_bom_dropped(stub: StubDockerfile, tmp_path: Path) -> None:
    path = write(tmp_path / "Dockerfile", "\ufeffFROM redis:7\r\n".encode())
    (occurrence,) = find_references(path)
    assert occurrence.path == str(path)
    assert stub.calls[0]["text"] == "FROM redis:7\r\n"
    assert stub.calls[0]["path"] == str(path)


def test_a_string_naming_a_file_is_the_file(
    stub: StubDockerfile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "Dockerfile")
    monkeypatch.chdir(tmp_path)
    (occurrence,) = find_references("Dockerfile")
    assert occurrence.path == "Dockerfile"
    assert occurrence.raw == "alpine:3.20"


def test_any_file_name_is_a_dockerfile_when_it_is_text(
    stub: StubDockerfile, tmp_path: Path
) -> None:
    path = write(tmp_path / "build.txt", "FROM nginx\n")
    assert [o.raw for o in find_references(path)] == ["nginx"]


def test_an_archive_is_recognised_by_name_and_content(stub: StubDockerfile, tmp_path: Path) -> None:
    for name in ["images.tar", "images.bin"]:
        scan = find_references(write_tar(tmp_path / name))
        assert [(o.kind, o.raw) for o in scan] == [("archive", "redis:7")]
    assert stub.calls == []


def test_kind_overrides_the_name(stub: StubDockerfile, tmp_path: Path) -> None:
    path = write(tmp_path / "images.tar", "FROM nginx\n")
    assert [o.raw for o in find_references(path, kind="dockerfile")] == ["nginx"]
    error = find_references(write(tmp_path / "Dockerfile"), kind="archive").errors[0]
    assert error.message.startswith("not an image archive")


def test_an_unknown_kind_is_an_error() -> None:
    with pytest.raises(TagsenseError, match="unknown kind of source 'pulumi'"):
        find_references("FROM x\n", kind="pulumi")
    # Helm charts and kustomizations are directories of files: text alone is not one.
    with pytest.raises(TagsenseError, match="kind 'helm' is read from files"):
        find_references("image: x\n", kind="helm")


def test_a_directory_is_discovered_and_merged(stub: StubDockerfile, tmp_path: Path) -> None:
    write(tmp_path / "b" / "Dockerfile", "FROM b:1\n")
    write(tmp_path / "a" / "Dockerfile", "FROM a:1\nFROM Bad\n")
    write_tar(tmp_path / "images.tar")
    scan = find_references(tmp_path)
    # (one problem, one report: the invalid reference on a line with an error is that error)
    assert [o.raw for o in scan] == ["a:1", "b:1"]
    assert [(e.path, e.line) for e in scan.errors] == [(str(tmp_path / "a" / "Dockerfile"), 2)]
    with_archives = find_references(tmp_path, archives=True)
    assert [o.raw for o in with_archives] == ["a:1", "b:1", "redis:7"]
    only_dockerfiles = find_references(tmp_path, kind="dockerfile", archives=True)
    assert [o.raw for o in only_dockerfiles] == ["a:1", "b:1"]
    # kind="archive": the directory is an OCI layout (even without an oci-layout file).
    error = one_error(find_references(tmp_path, kind="archive"))
    assert error.message.startswith("not an image archive: the directory has no manifest.json")


def test_an_oci_layout_directory_is_an_archive(stub: StubDockerfile, tmp_path: Path) -> None:
    write(tmp_path / "oci-layout", '{"imageLayoutVersion": "1.0.0"}')
    index = {"manifests": [{"annotations": {"io.containerd.image.name": "nginx:1.27"}}]}
    write(tmp_path / "index.json", json.dumps(index))
    assert [o.raw for o in find_references(tmp_path)] == ["nginx:1.27"]


def one_error(scan: Scan) -> SourceError:
    assert scan.occurrences == ()
    (error,) = scan.errors
    return error


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (b"FROM alpine\n\x00\x01\x02", None, "a binary file, not text"),
        (b"FROM alpine\n# caf\xe9\n", 2, "not UTF-8 text (byte 0xe9)"),
        # (after a byte order mark: the line and byte are the text's, not the mark's)
        (b"\xef\xbb\xbfFROM a\n\xff\n", 2, "not UTF-8 text (byte 0xff)"),
        ("FROM alpine\n".encode("utf-16"), None, "UTF-16 text: Docker reads Dockerfiles as UTF-8"),
    ],
)
def test_files_that_are_not_utf8_text(
    stub: StubDockerfile, tmp_path: Path, content: bytes, line: int | None, message: str
) -> None:
    path = write(tmp_path / "Dockerfile", content)
    error = one_error(find_references(path))
    assert (error.path, error.line, error.message) == (str(path), line, message)
    assert stub.calls == []


def test_a_file_that_is_too_large(
    stub: StubDockerfile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert find_module.MAX_TEXT_BYTES == 10 * 1024 * 1024
    error = one_error(find_references(write(tmp_path / "Dockerfile"), max_bytes=10))
    assert error.message == "too large: more than 10 bytes"


def test_a_missing_path(stub: StubDockerfile, tmp_path: Path) -> None:
    error = one_error(find_references(tmp_path / "Dockerfile"))
    assert error.message == "cannot read: No such file or directory"
    # A one-word string is a path, not a Dockerfile.
    error = one_error(find_references("missing/Dockerfile"))
    assert (error.path, error.message) == (
        "missing/Dockerfile",
        "cannot read: No such file or directory",
    )
    assert stub.calls == []


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads unreadable files"
)
def test_an_unreadable_file(stub: StubDockerfile, tmp_path: Path) -> None:
    path = write(tmp_path / "Dockerfile")
    path.chmod(0)
    error = one_error(find_references(path))
    assert error.message == "cannot read: Permission denied"


def test_a_path_with_a_nul_character(stub: StubDockerfile, tmp_path: Path) -> None:
    error = one_error(find_references(tmp_path / "Docker\0file"))
    assert error.message == "cannot read: a NUL character in the path"


def test_a_string_that_cannot_be_a_path_is_text(stub: StubDockerfile) -> None:
    for text in ["", "FROM a\n" * 2000, "FROM x\x00y"]:
        find_references(text)
    assert len(stub.calls) == 3


def test_a_path_must_be_a_string_or_pathlike() -> None:
    with pytest.raises(TypeError):
        find_references(b"FROM x")  # type: ignore[arg-type]


def test_the_real_dockerfile_parser_is_used_when_there(tmp_path: Path) -> None:
    pytest.importorskip("tagsense.sources.dockerfile")
    path = write(tmp_path / "Dockerfile", "ARG V=3.20\nFROM alpine:${V} AS base\n")
    scan = find_references(path)
    assert scan.errors == ()
    assert [(o.kind, o.text, o.normalized) for o in scan] == [
        ("from", "alpine:3.20", "docker.io/library/alpine:3.20")
    ]


def test_scan_paths_never_reads_a_path_as_text(tmp_path: Path) -> None:
    # A path with a space that names nothing (deleted mid-scan) is a missing file,
    # where find_references would read the string as the text of a Dockerfile.
    gone = str(tmp_path / "a dir" / "Dockerfile")
    (error,) = scan_paths([gone], kind="dockerfile").errors
    assert (error.path, error.line) == (gone, None)
    assert "No such file" in error.message
    write(tmp_path / "Dockerfile", "FROM redis:7\n")
    (occurrence,) = scan_paths([tmp_path / "Dockerfile"])
    assert (occurrence.path, occurrence.text) == (str(tmp_path / "Dockerfile"), "redis:7")
    with pytest.raises(TagsenseError):
        scan_paths([gone], kind="nope")


@pytest.mark.parametrize(
    "content",
    [b"PK\x03\x04\x00\x00binary", b"- name: caf\xe9\n  hosts: all\n"],
)
def test_any_yaml_that_is_not_text_is_no_source(tmp_path: Path, content: bytes) -> None:
    # Any *.yaml may be a manifest; one that is not text nor says apiVersion and kind is none
    # (as invalid YAML is none). One that says so is an error: test_yaml_safety.
    scan = find_references(write(tmp_path / "fixture.yaml", content))
    assert (scan.occurrences, scan.errors) == ((), ())
    # A compose file is a source whatever its content: its problems are reported.
    compose = write(tmp_path / "compose.yaml", content)
    assert len(find_references(compose).errors) == 1


def test_yaml_may_be_utf16_with_its_byte_order_mark(tmp_path: Path) -> None:
    manifest = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: redis:7.2\n"
    path = write(tmp_path / "pod.yaml", manifest.encode("utf-16"))
    (occurrence,) = find_references(path)
    assert (occurrence.line, occurrence.column, occurrence.text) == (5, 14, "redis:7.2")


# --- compose files of other names (issue 12, field survey: `docker compose -f other.yaml`) ---

COMPOSE_SHAPED = "services:\n  kong:\n    image: kong:3.9.0\n  db:\n    build: ./db\n"


def test_a_compose_file_under_a_copy_s_name_is_read_when_its_copy_is_not_beside_it(
    tmp_path: Path,
) -> None:
    # Luctia/ezarr's shape (survey 38b): its README and CI run `cp docker-compose.yml.sample
    # docker-compose.yml` then `docker compose up -d`; nothing else names those images.
    setup = tmp_path / "setup"
    write(setup / "docker-compose.yml.sample", COMPOSE_SHAPED)
    write(setup / "compose.yaml.example", COMPOSE_SHAPED)
    write(setup / "docker-compose.yaml.dist", COMPOSE_SHAPED)
    write(setup / "notes.yml.sample", COMPOSE_SHAPED)  # (no compose file's name)
    # With the file it makes beside it, that one is read, and the copy is its model.
    dev = tmp_path / "dev"
    write(dev / "docker-compose.yml", COMPOSE_SHAPED)
    write(dev / "docker-compose.yml.sample", COMPOSE_SHAPED.replace("3.9.0", "3.8.0"))
    assert names(discover([tmp_path]), tmp_path) == [
        ("dev/docker-compose.yml", "compose"),
        ("setup/compose.yaml.example", "compose"),
        ("setup/docker-compose.yaml.dist", "compose"),
        ("setup/docker-compose.yml.sample", "compose"),
    ]
    sample = setup / "docker-compose.yml.sample"
    assert [(o.kind, o.text) for o in find_references(sample)] == [("compose", "kong:3.9.0")]
    assert [o.text for o in find_references(tmp_path).occurrences].count("kong:3.8.0") == 0


def test_compose_as_a_word_of_the_name_is_a_compose_file(tmp_path: Path) -> None:
    for name in [
        "kong-tests-compose.yaml",
        "test.compose.yml",
        "compose.prod.yaml",
        "docker-compose.ci.yml",
    ]:
        write(tmp_path / name, COMPOSE_SHAPED)
    write(tmp_path / "decompose.yaml", COMPOSE_SHAPED.replace("kong", "other"))
    # geerlingguy/ansible-for-devops' includes/provisioning/tasks/composer.yml: Ansible's
    # tasks to install PHP's Composer, no compose file
    write(tmp_path / "composer.yml", "- name: Install Composer\n  get_url: {url: x}\n")
    kinds = {os.path.basename(path): kind for path, kind in discover([tmp_path])}
    assert find_references(tmp_path / "composer.yml").errors == ()  # no "must be a mapping"
    assert kinds == {
        "compose.prod.yaml": "compose",
        "composer.yml": "kubernetes",  # (any YAML: read by its content)
        "decompose.yaml": "kubernetes",
        "docker-compose.ci.yml": "compose",
        "kong-tests-compose.yaml": "compose",
        "test.compose.yml": "compose",
    }


# thunderbird/thunderbird-android, quality/e2e/tests/mail_compose.yml (Apache-2.0), trimmed:
# a Maestro flow that composes an email
MAESTRO_FLOW = (
    "appId: ${MAESTRO_APP_ID}\n---\n\n# Compose email sequence\n"
    "- runFlow:\n    file: ../flows/mail/composer_open.yml\n"
    "- runFlow:\n    file: ../flows/mail/composer_fill.yml\n"
)


def test_a_compose_word_on_yaml_without_services_is_no_compose_file(tmp_path: Path) -> None:
    flow = write(tmp_path / "quality" / "e2e" / "tests" / "mail_compose.yml", MAESTRO_FLOW)
    found = find_references(tmp_path)
    assert (found.errors, list(found)) == ((), [])  # no "top-level object must be a mapping"
    assert find_references(flow).errors == ()
    # compose's own names are compose files whatever they hold, and so is a compose word
    # with services
    write(tmp_path / "docker-compose.yml", MAESTRO_FLOW)
    write(tmp_path / "e2e-compose.yml", COMPOSE_SHAPED)
    found = find_references(tmp_path)
    assert [os.path.basename(e.path) for e in found.errors] == ["docker-compose.yml"]
    assert [o.text for o in found] == ["kong:3.9.0"]


def test_a_compose_name_on_a_kubernetes_manifest_is_a_manifest(tmp_path: Path) -> None:
    manifest = write(
        tmp_path / "app-compose.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n"
        "    - name: a\n      image: redis:7.4.1\n",
    )
    assert [(o.kind, o.text) for o in find_references(manifest)] == [("kubernetes", "redis:7.4.1")]


def test_yaml_of_another_name_is_compose_by_its_shape(tmp_path: Path) -> None:
    other = write(tmp_path / "other.yaml", COMPOSE_SHAPED)
    write(tmp_path / "stack" / "base.yml", "include:\n  - ../other.yaml\n")
    # Named on the command line (`docker compose -f other.yaml`), and found in a walk.
    assert [(o.kind, o.text) for o in find_references(other)] == [("compose", "kong:3.9.0")]
    scan = find_references(tmp_path)
    assert [(o.path, o.kind, o.text) for o in scan] == [(str(other), "compose", "kong:3.9.0")]


def test_a_fragment_of_btcpayserver_s_compose_generator_is_compose_by_its_shape(
    tmp_path: Path,
) -> None:
    # btcpayserver/btcpayserver-docker's docker-compose-generator/docker-fragments (survey
    # s41f: 48 images missed): the generator merges the services of the fragments chosen,
    # which list the others they need or exclude; one begins with a byte order mark and
    # writes its list at its key's indentation.
    bitcoin = write(
        tmp_path / "docker-fragments" / "bitcoin.yml",
        "services:\n  bitcoind:\n    image: btcpayserver/bitcoin:29.2\n"
        'volumes:\n  data:\nexclusive:\n  - bitcoin-node\nrequired:\n  - "nbxplorer"\n',
    )
    helipad = write(
        tmp_path / "docker-fragments" / "helipad.yml",
        "\ufeffservices:\n  helipad:\n    image: podcastindexorg/podcasting20-helipad:v0.1.10\n"
        '  btcpayserver:\n    environment:\n      X: y\nrequired:\n- "bitcoin-lnd"\n',
    )
    assert [o.text for o in find_references(bitcoin)] == ["btcpayserver/bitcoin:29.2"]
    assert [o.text for o in find_references(helipad)] == [
        "podcastindexorg/podcasting20-helipad:v0.1.10"
    ]
    # Another key, or a list of other things: not compose's shape, nor the generator's.
    for other in ("steps:\n  - make\n", "required:\n  - {name: x}\n"):
        text = COMPOSE_SHAPED + other
        assert list(find_references(write(tmp_path / "other.yml", text))) == [], other


def test_docker_s_own_placeholders_make_no_template_of_a_compose_file(tmp_path: Path) -> None:
    # openremote/openremote's profile/demo.yml (commit 2c80a3c1, AGPL-3.0), cut down: the
    # logging driver's tag is a placeholder the daemon fills, not a template of the file.
    demo = write(
        tmp_path / "profile" / "demo.yml",
        "x-logging: &awslogs\n  logging:\n    driver: awslogs\n    options:\n"
        '      tag: "{{.Name}}/{{.ID}}"\n\nservices:\n  proxy:\n'
        "    image: openremote/proxy:${PROXY_VERSION:-latest}\n    <<: *awslogs\n"
        "  worker:\n    image: redis:7.4.1\n"
        '    hostname: "{{.Node.Hostname}}-{{ .Task.Slot }}"\n',
    )
    expected = [("compose", "openremote/proxy:latest"), ("compose", "redis:7.4.1")]
    assert [(o.kind, o.text) for o in find_references(demo)] == expected
    # (a tag that says "image" is still no image line)
    write(demo, demo.read_text().replace('"{{.Name}}', '"image-{{.ImageName}}'))
    assert [(o.kind, o.text) for o in find_references(demo)] == expected
    # A template's own action (dockerize's), or a placeholder in an image, still makes one.
    original = demo.read_text()
    for old, new in (("{{.Node.Hostname}}", "{{ .Env.HOST }}"), ("7.4.1", "{{.ID}}")):
        write(demo, original.replace(old, new))
        assert find_references(demo).occurrences == ()


def test_caddy_docker_proxy_s_upstreams_make_no_template_of_a_compose_file(
    tmp_path: Path,
) -> None:
    # instantdb/instant's self-hosting/swarm.yml (commit a4d2ef33), cut down: the stack its
    # deploy-swarm.sh deploys; caddy-docker-proxy fills `{{upstreams PORT}}` in its labels
    # with the container's addresses (survey 46d: its images were skipped as a template's).
    swarm = write(
        tmp_path / "self-hosting" / "swarm.yml",
        'services:\n  www:\n    image: "ghcr.io/instantdb/dashboard:latest"\n'
        "    deploy:\n      labels:\n        caddy: ${DASHBOARD_URL:? example http://dash}\n"
        '        caddy.reverse_proxy: "{{upstreams 3000}}"\n'
        "  caddy:\n    image: lucaslorentz/caddy-docker-proxy:ci-alpine\n"
        '    labels:\n      caddy.reverse_proxy: "{{ upstreams https 8443 }}"\n',
    )
    expected = ["ghcr.io/instantdb/dashboard:latest", "lucaslorentz/caddy-docker-proxy:ci-alpine"]
    assert [o.text for o in find_references(swarm)] == expected
    # Another template function, or one in an image, is still a template's.
    original = swarm.read_text()
    changes = (("{{upstreams 3000}}", "{{ .Values.port }}"), (":ci-alpine", ":{{upstreams}}"))
    for old, new in changes:
        write(swarm, original.replace(old, new))
        assert find_references(swarm).occurrences == ()


def test_an_override_file_is_compose_by_its_shape(tmp_path: Path) -> None:
    # ory/kratos quickstart-postgres.yml, used as `docker compose -f quickstart.yml -f
    # quickstart-postgres.yml up`: a service that sets only environment, beside one with an image.
    override = write(
        tmp_path / "quickstart-postgres.yml",
        "services:\n  kratos:\n    environment:\n      - DSN=postgres://db\n"
        "  postgresd:\n    image: postgres:16.4\n    ports: ['5432:5432']\n",
    )
    assert [(o.kind, o.text) for o in find_references(override)] == [("compose", "postgres:16.4")]


def test_a_file_whose_services_extend_another_file_s_is_compose_by_its_shape(
    tmp_path: Path,
) -> None:
    # openremote/openremote's profile/ (survey s40a), cut down: dev-map.yml's one service
    # extends deploy.yml's tileserver, and a workflow runs `docker compose -f
    # profile/dev-testing.yml`, which extends its keycloak: deploy.yml is read through the
    # files that extend it, and dev-map.yml, named by no command, is one of them.
    (tmp_path / ".git").mkdir()
    deploy = write(
        tmp_path / "profile" / "deploy.yml",
        "services:\n  keycloak:\n    image: openremote/keycloak:26.1.0\n"
        "  tileserver:\n    image: openremote/tileserver:1.0.4\n",
    )
    extending = "services:\n  {0}:\n    extends:\n      file: deploy.yml\n      service: {1}\n"
    dev_map = write(tmp_path / "profile" / "dev-map.yml", extending.format("map", "tileserver"))
    write(tmp_path / "profile" / "dev-testing.yml", extending.format("keycloak", "keycloak"))
    write(
        tmp_path / ".github" / "workflows" / "ci.yml",
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - run: docker compose -f profile/dev-testing.yml pull\n",
    )
    tiles = (str(deploy), 5, "openremote/tileserver:1.0.4")
    assert [(o.path, o.line, o.text) for o in find_references(dev_map)] == [tiles]
    found = sorted((o.path, o.line, o.text) for o in find_references(tmp_path))
    assert found == [(str(deploy), 3, "openremote/keycloak:26.1.0"), tiles]


@pytest.mark.parametrize(
    "text",
    [
        # Woodpecker: services beside steps (compose allows no other top-level key)
        "steps:\n  build:\n    image: golang:1.23\nservices:\n  db:\n    image: mysql:8\n",
        # GitLab CI and Drone: services is a list
        "services:\n  - postgres:16\n",
        # Bitbucket: under definitions
        "definitions:\n  services:\n    db:\n      image: mysql:8\n",
        # Helm-style values: an image block, not a string
        "services:\n  api:\n    image: {repository: nginx, tag: '1.27'}\n",
        # a service that names no image, build or extends (Lando's type:)
        "services:\n  app:\n    type: php:8.3\n",
        # ... even beside one that does: type is no compose service attribute
        "services:\n  app:\n    type: php:8.3\n  db:\n    image: mysql:8\n",
        # a template of a compose file: read as what it renders to, or not at all
        "services:\n  app:\n    image: '{{ app_image }}'\n",
        # flow style at the top: not told apart without parsing every file
        "{services: {db: {image: mysql:8}}}\n",
    ],
    ids=[
        "woodpecker",
        "gitlab",
        "bitbucket",
        "image-block",
        "no-image",
        "no-image-beside",
        "template",
        "flow",
    ],
)
def test_yaml_that_is_not_compose_s_shape_is_no_compose_file(tmp_path: Path, text: str) -> None:
    path = write(tmp_path / "config.yaml", text)
    for scan in (find_references(path), find_references(tmp_path)):
        assert (scan.occurrences, scan.errors) == ((), ())


def test_a_chart_s_values_are_never_compose_by_shape(tmp_path: Path) -> None:
    write(tmp_path / "chart" / "Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.0\n")
    write(tmp_path / "chart" / "values-prod.yaml", "services:\n  api:\n    image: nginx:1.27\n")
    assert [o.kind for o in find_references(tmp_path / "chart" / "values-prod.yaml")] == []


def test_skaffold_files_by_another_name_are_build_files_when_their_text_says_so(
    tmp_path: Path,
) -> None:
    # `skaffold -f skaffold-gradle.yaml`: Skaffold configurations under other names.
    config = "apiVersion: skaffold/v4beta11\nkind: Config\nbuild: {artifacts: [{image: a}]}\n"
    (tmp_path / "skaffold-gradle.yaml").write_text(config)
    (tmp_path / "skaffold.dev.yml").write_text(f"# dev\n---\n{config}")
    (tmp_path / "skaffold-values.yaml").write_text("image: {repository: nginx}\n")
    (tmp_path / "other.yaml").write_text(config)  # (a name Skaffold's users do not give)
    found = {os.path.basename(path): kind for path, kind in discover([tmp_path])}
    assert found == {
        "skaffold-gradle.yaml": "build",
        "skaffold.dev.yml": "build",
        "skaffold-values.yaml": "kubernetes",
        "other.yaml": "kubernetes",
    }
    named = discover([tmp_path / "skaffold-gradle.yaml", tmp_path / "skaffold-values.yaml"])
    assert [kind for _, kind in named] == ["build", "kubernetes"]
