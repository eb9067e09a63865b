"""Apptainer (Singularity) definition files: ``Bootstrap: docker`` with ``From:`` is a pull
(sources.builds.singularity)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tagsense.cli import main
from tagsense.sources.builds import build_tool
from tagsense.sources.builds.singularity import scan_definition
from tagsense.sources.discover import discover, is_definition_name

APPTAINER = Path(__file__).parent.parent / "data" / "realworld" / "apptainer-917d6657"


def images(text: str) -> list[tuple[str, int, int, str]]:
    found = scan_definition(text, path="app.def").scan.occurrences
    return [(o.text, o.line, o.column, str(o.context.get("stage", ""))) for o in found]


def test_apptainers_examples_bootstrap_from_docker_images(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # apptainer/apptainer: a multi-stage file whose second stage bootstraps from ORAS (a SIF
    # artifact, no Docker image), an app's file, and a build-argument test whose first stage's
    # image only `--build-arg` gives. Before, none of apptainer's 11 was found.
    main(["refs", "--json", str(APPTAINER)])
    report = json.loads(capsys.readouterr().out)
    root = APPTAINER.resolve()
    found = {
        (Path(r["path"]).resolve().relative_to(root).as_posix(), r["line"], r["text"])
        for r in report["references"]
    }
    assert found == {
        ("examples/apps/Apptainer.cowsay", 2, "ubuntu:16.04"),
        ("examples/multistage/Apptainer", 6, "golang:1.12.3-alpine3.9"),
        ("test/build-args/multiple-stage.def", 24, "alpine:3.17"),  # (%arguments' default)
    }


DEFINITION = """\
# Bootstrap: docker
BootStrap: docker
Registry: nvcr.io
Namespace: nvidia
From: cuda:12.4.1-devel-ubuntu22.04
Stage: devel

%post
    cat > x.def << END
    Bootstrap: docker
    From: not-read:1
END

Bootstrap: localimage
From: ./base.sif

%post
    true

bootstrap: docker
from: {{ BASE }}

Bootstrap: docker
From: {{ RUNTIME }}

%arguments
    RUNTIME=debian:12.8-slim
"""


def test_headers_stages_and_what_is_no_header() -> None:
    # (a section's script is no header, unless a line starts with `Bootstrap:`, where
    # Apptainer's own parser starts a stage; only `--build-arg` gives BASE)
    assert images(DEFINITION) == [
        ("nvcr.io/nvidia/cuda:12.4.1-devel-ubuntu22.04", 5, 7, "devel"),
        ("debian:12.8-slim", 24, 7, ""),
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Singularity", True), ("Singularity.gpu", True), ("Apptainer", True), ("app.def", True),
     ("SingularityCE", False), ("definitions.py", False)],
)  # fmt: skip
def test_definition_names(name: str, expected: bool) -> None:
    assert is_definition_name(name) is expected


def test_definition_files_are_found_by_their_header(tmp_path: Path) -> None:
    (tmp_path / "Singularity").write_text("Bootstrap: docker\nFrom: ubuntu:24.04\n")
    (tmp_path / "exports.def").write_text("LIBRARY x\nEXPORTS\n  f\n")  # (a module definition)
    found = [Path(path).relative_to(tmp_path).as_posix() for path, _ in discover([tmp_path])]
    assert found == ["Singularity"]
    assert build_tool("recipes/Singularity.def") == "apptainer"


@given(st.text(alphabet="BootstrapFrom: docker{}%post\n#=ab.", max_size=100))
def test_any_text_is_read_without_raising(text: str) -> None:
    for occurrence in scan_definition(text, path="app.def").scan.occurrences:
        assert occurrence.text and "{{" not in occurrence.text
