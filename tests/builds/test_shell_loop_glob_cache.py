"""A ``for`` loop's pattern (``for f in DIR/*.Dockerfile``) lists a directory: the reading
kept on disk between runs holds while that directory's entries are unchanged.

google/osv-scanner's CI runs ``scripts/build_test_images.sh``, which builds each
``testdata/*.Dockerfile`` (see ``test_shell_loop_globs``). The shell lists the directory at
each run (POSIX 2.13.3, "Patterns Used for Filename Expansion"), so a Dockerfile added there
is built at the next run, and one removed is not; a directory's modification time changes
when an entry is added or removed (POSIX ``open``, ``unlink``: "the st_ctime and st_mtime
fields of the parent directory shall be marked for update"). A warm cache gave the old
listing: the kept reading of the CI file (its step's loop, or the script it runs) or of the
script read alone did not name the directory among its inputs. Each check runs in a process
of its own, as a user's do.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


LOOP = (
    'for f in images/*.Dockerfile; do n=$(basename "$f" .Dockerfile); '
    'docker build -f "$f" -t "acme/$n" images; done'
)

#: Where the loop is: a script CI runs, a CI step's own text, a script run by nothing.
LAYOUTS = {
    "script run by CI": {
        "scripts/build.sh": f"#!/bin/sh\n{LOOP}\n",
        ".github/workflows/t.yml": (
            "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: actions/checkout@v4\n      - run: ./scripts/build.sh\n"
        ),
    },
    "CI step": {
        ".github/workflows/t.yml": (
            "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
            f"      - uses: actions/checkout@v4\n      - run: {LOOP}\n"
        ),
    },
    "script read alone": {"hack/build.sh": f"#!/bin/sh\n{LOOP}\n"},
}


def _refs(project: Path) -> list[dict[str, object]]:
    """The references of the project's ``Dockerfile`` as ``tagsense refs --json .`` gives
    them, in a process of its own with the project's own cache directory."""
    import json

    env = {**os.environ, "TAGSENSE_CACHE_DIR": str(project / ".cache")}
    result = subprocess.run(
        [sys.executable, "-m", "tagsense", "refs", "--json", "."],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    refs: list[dict[str, object]] = json.loads(result.stdout)["references"]
    return [ref for ref in refs if ref["path"] == "Dockerfile"]


def _built(project: Path) -> set[object]:
    """The images of the project's ``Dockerfile`` that the project builds."""
    return {ref["text"] for ref in _refs(project) if ref["built"]}


def _resolved(project: Path) -> set[object]:
    """The images of the project's ``Dockerfile``, resolved."""
    return {ref["normalized"] for ref in _refs(project)}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_a_file_added_to_or_removed_from_the_listed_directory_is_seen_warm(
    tmp_path: Path, layout: str
) -> None:
    (tmp_path / ".git").mkdir()
    for name, text in LAYOUTS[layout].items():
        write(tmp_path / name, text)
    write(tmp_path / "Dockerfile", "FROM acme/a AS a\nFROM acme/b\n")
    images = tmp_path / "images"
    write(images / "a.Dockerfile", "FROM alpine:3.20.3\n")
    # (an old modification time: the entry added below changes it, whatever the clock's grain)
    os.utime(images, (1_000_000_000, 1_000_000_000))
    assert _built(tmp_path) == {"acme/a"}
    assert os.listdir(tmp_path / ".cache" / "context")  # (a reading kept: the next is warm)
    write(images / "b.Dockerfile", "FROM alpine:3.20.3\n")
    assert _built(tmp_path) == {"acme/a", "acme/b"}
    os.utime(images, (1_000_000_000, 1_000_000_000))
    _built(tmp_path)  # (kept again, with the listing of both)
    (images / "a.Dockerfile").unlink()
    assert _built(tmp_path) == {"acme/b"}


@pytest.mark.parametrize(
    "step",
    [
        "docker build --build-arg V=$(cat VERSION) .",
        # (a function of the step that prints it: the function's reading looks at it)
        "|\n          v() { cat VERSION; }\n          docker build --build-arg V=$(v) .",
    ],
)
def test_a_file_a_ci_step_prints_is_an_input_of_its_kept_reading(tmp_path: Path, step: str) -> None:
    # (the same for `$(cat FILE)` of the checkout in a step's own text, which the CI file's
    # kept reading did not name either: a VERSION file changed, the warm check gave the old
    # build argument)
    (tmp_path / ".git").mkdir()
    write(tmp_path / "Dockerfile", "ARG V=3.0\nFROM alpine:${V}\n")
    write(tmp_path / ".github" / "workflows" / "t.yml", (
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
        f"      - uses: actions/checkout@v4\n      - run: {step}\n"
    ))  # fmt: skip
    write(tmp_path / "VERSION", "3.19\n")
    os.utime(tmp_path / "VERSION", (1_000_000_000, 1_000_000_000))  # (as above)
    assert _resolved(tmp_path) == {"docker.io/library/alpine:3.19"}
    write(tmp_path / "VERSION", "3.20\n")
    assert _resolved(tmp_path) == {"docker.io/library/alpine:3.20"}
