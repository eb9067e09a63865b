"""CWL: a tool's DockerRequirement ``dockerPull`` is the image cwltool and Toil pull
(sources.builds.cwl)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tagsense.cli import main
from tagsense.sources.builds import build_tool
from tagsense.sources.builds.cwl import scan_cwl
from tagsense.sources.discover import discover

if TYPE_CHECKING:
    import pytest

CWLTOOL = Path(__file__).parent.parent / "data" / "realworld" / "cwltool-baefdcb5"


def images(text: str) -> list[tuple[str, int, int]]:
    return [(o.text, o.line, o.column) for o in scan_cwl(text, path="tool.cwl").scan]


def test_cwltools_tests_pull_their_tools_images(capsys: pytest.CaptureFixture[str]) -> None:
    # common-workflow-language/cwltool's test tools: hints' DockerRequirement (a map's key).
    # Before, none of cwltool's 50 was found.
    main(["check", "--format", "json", "--as-of", "2026-12-04", str(CWLTOOL)])
    report = json.loads(capsys.readouterr().out)
    found = [
        (
            Path(f["path"]).resolve().relative_to(CWLTOOL.resolve()).as_posix(),
            f["line"],
            f["column"],
            f["code"],
        )
        for f in report["findings"]
    ]
    assert found == [
        ("tests/secondary-files-required-missing-container.cwl", 7, 17, "TS001"),
        ("tests/wf/cat-tool.cwl", 8, 17, "TS004"),  # (bash:4.4: every 4.4.x)
    ]
    assert report["errors"] == []


def test_the_forms_a_docker_requirement_is_written_in() -> None:
    text = """\
requirements:
  - class: DockerRequirement
    dockerPull: "quay.io/biocontainers/seqtk:1.4--he4a0461_1"
  - {class: DockerRequirement, dockerPull: 'debian:12'}
hints:
  DockerRequirement:
    dockerImageId: local/built
    dockerFile: Dockerfile
    # dockerPull: commented:1
  SoftwareRequirement: {}
steps:
  a:
    run:
      class: CommandLineTool
      hints:
        DockerRequirement: {dockerPull: $(inputs.image)}
doc: "a dockerPull: in a description is text"
"""
    assert images(text) == [
        ("quay.io/biocontainers/seqtk:1.4--he4a0461_1", 3, 18),
        ("debian:12", 4, 45),
    ]
    packed = '{"hints": [{"class": "DockerRequirement", "dockerPull": "docker.io/umccr/multiqc_dragen:1.2.1"}]}'  # noqa: E501
    assert images(packed) == [("docker.io/umccr/multiqc_dragen:1.2.1", 1, 58)]


def test_cwl_documents_that_pull_an_image_are_found(tmp_path: Path) -> None:
    (tmp_path / "tool.cwl").write_text("hints:\n  DockerRequirement:\n    dockerPull: a:1\n")
    (tmp_path / "wf.cwl").write_text("class: Workflow\nsteps: {}\n")
    found = [Path(path).relative_to(tmp_path).as_posix() for path, _ in discover([tmp_path])]
    assert found == ["tool.cwl"]
    assert build_tool("tool.cwl") == "cwl"


@given(st.text(alphabet="dockerPul: \"'{}[],#$\n-ab.", max_size=80))
def test_any_text_is_read_without_raising(text: str) -> None:
    for occurrence in scan_cwl(text, path="tool.cwl").scan.occurrences:
        assert occurrence.text and "$" not in occurrence.text
