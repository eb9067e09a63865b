"""A ``for`` loop over a pattern (``for f in DIR/*.Dockerfile``) turns once a matching file.

google/osv-scanner's CI runs ``scripts/build_test_images.sh``: ``for dockerfile in
cmd/osv-scanner/scan/image/testdata/*.Dockerfile; do image_name=$(basename "$dockerfile"
.Dockerfile); …; docker build DIR/ -f "DIR/$image_name.Dockerfile" …; done`` (through a
function). The shell expands the unquoted pattern to the sorted names of the files it
matches (POSIX 2.13.3; bash's "Filename Expansion"), and ``basename STRING SUFFIX`` drops the
suffix: 21 Dockerfiles of its test data are built, 14 distinct base images pulled, which were
all missed (the directory noted as test data nothing uses). The fixtures are reduced cases.
"""

from __future__ import annotations

import pytest

from tagsense import find_references
from tagsense.sources.builds.shell import ShellReader

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


SCRIPT = """\
#!/usr/bin/env bash
set -e
build() {
  name="$1"
  docker build pkg/testdata/ -f "pkg/testdata/$name.Dockerfile" -t "acme/$name:latest"
}
for dockerfile in pkg/testdata/*.Dockerfile; do
  name=$(basename "$dockerfile" .Dockerfile)
  build "$name"
done
"""

WORKFLOW = """\
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: scripts/build.sh
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "scripts" / "build.sh", SCRIPT)
    write(tmp_path / ".github" / "workflows" / "test.yml", WORKFLOW)
    write(tmp_path / "pkg" / "testdata" / "a.Dockerfile", "FROM alpine:3.20.3\n")
    write(tmp_path / "pkg" / "testdata" / "b.Dockerfile", "FROM debian:12.7\n")
    write(tmp_path / "pkg" / "testdata" / "notes.txt", "FROM ubuntu:24.04\n")
    return tmp_path


def _froms(project: Path) -> set[str]:
    return {o.text for o in find_references(".") if o.path.endswith("Dockerfile")}


def test_each_file_the_pattern_matches_is_built(project: Path) -> None:
    assert _froms(project) == {"alpine:3.20.3", "debian:12.7"}


def test_a_script_read_alone_expands_its_pattern_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (run by nothing, from where a run decides: the pattern is read where its directory
    # is, beside the script or at the project's top)
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "images" / "b.Dockerfile", "FROM debian:12.7\n")
    write(tmp_path / "images" / "a.Dockerfile", "FROM alpine:3.20.3\n")
    (tmp_path / "hack").mkdir()
    reader = ShellReader(cwd=None, script_directory=str(tmp_path / "hack"))
    builds = reader.read(
        "for f in images/*.Dockerfile; do\n"
        '  name=$(basename "$f" .Dockerfile)\n'
        '  docker build -f "$f" -t "acme/$name" images\n'
        "done\n"
    )
    assert [build.names for build in builds] == [("acme/a",), ("acme/b",)]


def test_a_quoted_pattern_is_a_word(project: Path) -> None:
    script = SCRIPT.replace("in pkg/testdata/*.Dockerfile", 'in "pkg/testdata/*.Dockerfile"')
    write(project / "scripts" / "build.sh", script)
    assert _froms(project) == set()


def test_more_files_than_words_written_are_each_built(project: Path) -> None:
    for number in range(20):
        name = f"c{number:02}.Dockerfile"
        write(project / "pkg" / "testdata" / name, f"FROM nginx:1.27.{number}\n")
    assert len(_froms(project)) == 22


def test_basename_drops_the_directory_and_the_suffix() -> None:
    reader = ShellReader(cwd="")
    reader.read(
        'f=a/b/test-x.Dockerfile\nn=$(basename "$f" .Dockerfile)\nm=$(basename "$f")\n'
        "s=$(basename .Dockerfile .Dockerfile)\nd=$(basename a/b/)\n"
    )
    assert [reader.variables[name] for name in "nmsd"] == [
        "test-x", "test-x.Dockerfile", ".Dockerfile", "b",
    ]  # fmt: skip
