"""Nextflow: a process's ``container`` (in a script, or a configuration's process scope) is the
image Docker pulls for its tasks, with ``docker.registry`` (sources.builds.nextflow)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tagsense.cli import main
from tagsense.sources.builds import build_tool
from tagsense.sources.builds.nextflow import registry_of, scan_nextflow
from tagsense.sources.discover import discover

if TYPE_CHECKING:
    from collections.abc import Sequence

RNASEQ = Path(__file__).parent.parent / "data" / "realworld" / "rnaseq-47b3b0d3"


def images(text: str, registry: str | None = None) -> list[tuple[str, int, str]]:
    found = scan_nextflow(text, path="main.nf", registry=registry).scan.occurrences
    return [(o.text, o.line, str(o.context.get("process", ""))) for o in found]


def run(capsys: pytest.CaptureFixture[str], argv: Sequence[str]) -> dict[str, object]:
    main(list(argv))
    report: dict[str, object] = json.loads(capsys.readouterr().out)
    return report


def test_nf_cores_pipeline_pulls_its_modules_images_from_its_registry(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # nf-core/rnaseq: each module's container is picked by engine (Docker takes the second
    # branch, not the Singularity image's https:// address), from docker.registry = 'quay.io'
    # of the pipeline's nextflow.config; a module's own test configuration sets none, and a
    # name with a registry of its own keeps it. Before, none of the 156 was found.
    report = run(capsys, ["refs", "--json", str(RNASEQ)])
    found = {
        (Path(str(r["path"])).relative_to(RNASEQ).as_posix(), r["line"], r["normalized"])
        for r in report["references"]  # type: ignore[attr-defined]
        if r["kind"] == "nextflow"
    }
    star = "community.wave.seqera.io/library/star_samtools_gawk:79ca42311e583cdc"
    assert found == {
        ("conf/igenomes_star.config", 11, star),
        ("conf/igenomes_star.config", 17, star),
        ("modules/local/multiqc_custom_biotype/main.nf", 7, "quay.io/biocontainers/python:3.9--1"),
        ("modules/nf-core/fastqc/main.nf", 8, "quay.io/biocontainers/fastqc:0.12.1--hdfd78af_0"),
        ("modules/nf-core/parabricks/rnafq2bam/main.nf", 8, "nvcr.io/nvidia/clara/clara-parabricks:4.6.0-1"),  # noqa: E501
    }  # fmt: skip
    checked = run(capsys, ["check", "--format", "json", "--as-of", "2026-12-04", str(RNASEQ)])
    assert (checked["findings"], checked["errors"]) == ([], [])


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        # nf-core's two ways of saying "not Singularity": Docker takes the false branch.
        (
            "workflow.containerEngine == 'singularity' && !task.ext.singularity_pull_docker_container",  # noqa: E501
            ["b/tool:1.0--0"],
        ),
        (
            "workflow.containerEngine in ['singularity', 'apptainer'] && !task.ext.x",
            ["b/tool:1.0--0"],
        ),
        ("workflow.containerEngine == 'docker'", ["a/tool:1.0"]),
        # Anything else is the run's to decide: either image may be pulled.
        ("params.gpu", ["a/tool:1.0", "b/tool:1.0--0"]),
        ("workflow.containerEngine == 'singularity' || params.x", ["a/tool:1.0", "b/tool:1.0--0"]),
    ],
)
def test_docker_takes_the_branch_its_engine_decides(condition: str, expected: list[str]) -> None:
    gstring = (
        f"process A {{\n  container \"${{ {condition} ?\n 'a/tool:1.0' :\n 'b/tool:1.0--0' }}\"\n}}"
    )
    assert [text for text, _, _ in images(gstring)] == expected
    closure = f"process {{\n  withName: 'A' {{\n    container = {{ {condition} ? 'a/tool:1.0' : 'b/tool:1.0--0' }}\n  }}\n}}"  # noqa: E501
    assert [text for text, _, _ in images(closure)] == expected


def test_directives_settings_and_what_is_not_one() -> None:
    text = """\
// container 'commented:1'
process ALIGN {
    container 'quay.io/acme/align:2.1'
    script:
    \"\"\"
    echo container
    \"\"\"
}
process STAGE {
    container "${params.stage_image}"
    container params.other
}
/* container 'block:1' */
process.container = 'ubuntu:24.04'
process {
    withLabel: gpu {
        container = "nvcr.io/nvidia/cuda:12.4.1-base-ubuntu22.04"
    }
    withName: 'FETCH' { container = 'https://depot.galaxyproject.org/singularity/fetch:1' }
}
params.container = 'not:a-process-image'
"""
    assert images(text) == [
        ("quay.io/acme/align:2.1", 3, "ALIGN"),
        ("ubuntu:24.04", 14, ""),  # (every process's, outside any)
        ("nvcr.io/nvidia/cuda:12.4.1-base-ubuntu22.04", 17, "gpu"),
    ]


@pytest.mark.parametrize(
    ("written", "pulled"),
    [
        (
            "biocontainers/fastqc:0.12.1--hdfd78af_0",
            "quay.io/biocontainers/fastqc:0.12.1--hdfd78af_0",
        ),
        ("debian:12", "quay.io/debian:12"),  # (no '/': Nextflow prefixes it too)
        ("docker.io/google/deepvariant:1.10.0", "docker.io/google/deepvariant:1.10.0"),
        ("localhost:5000/tool:1", "localhost:5000/tool:1"),
    ],
)
def test_the_registry_is_given_to_names_without_one(written: str, pulled: str) -> None:
    assert images(f"process A {{ container '{written}' }}", "quay.io") == [(pulled, 1, "A")]
    assert images(f"process A {{ container '{written}' }}") == [(written, 1, "A")]


def test_the_registry_of_a_configuration() -> None:
    assert registry_of("// docker.registry = 'x.io'\ndocker.registry = 'quay.io'\n") == "quay.io"
    assert registry_of('docker {\n    enabled = true\n    registry = "ghcr.io"\n}\n') == "ghcr.io"
    assert registry_of("profiles {\n  docker {\n    docker.registry = 'x.io'\n  }\n}\n") is None
    assert registry_of("docker.enabled = true\n") is None


def test_scripts_and_configurations_that_set_a_container_are_found(tmp_path: Path) -> None:
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "main.nf").write_text("process A {\n  container 'a:1'\n}\n")
    (tmp_path / "workflow.nf").write_text("workflow {\n  A()\n}\n")
    (tmp_path / "nextflow.config").write_text("process.container = 'b:1'\n")
    (tmp_path / "base.config").write_text("process {\n  cpus = 2\n}\n")
    (tmp_path / "app.config").write_text("<configuration container='x'/>\n")  # (.NET's)
    (tmp_path / "web.config").write_text("<process>\n  <add container='x'/>\n</process>\n")
    found = sorted(Path(path).relative_to(tmp_path).as_posix() for path, _ in discover([tmp_path]))
    assert found == ["modules/main.nf", "nextflow.config"]
    assert build_tool("modules/main.nf") == build_tool("conf/base.config") == "nextflow"


@given(st.text(alphabet="container{}'\"$?:= \n/*abc.-", max_size=80))
def test_any_text_is_read_without_raising(text: str) -> None:
    for occurrence in scan_nextflow(text, path="main.nf").scan.occurrences:
        assert occurrence.text and "$" not in occurrence.text


@pytest.mark.parametrize(
    "template",
    [
        # nf-core/tools' module-template/main.nf, which `nf-core modules create` renders
        # (survey 38c: 2 false TS012 for the Jinja expression's halves)
        "process A {\n    {% if label %}label '{{ label }}'\n    {% endif -%}\n"
        "    container \"${ workflow.containerEngine == 'singularity' ?\n"
        "        '{{ singularity_container }}' :\n"
        "        '{{ docker_container if docker_container else 'biocontainers/X' }}' }\"\n}\n",
        "process A {\n    container '{{ docker_container }}'\n}\n",
    ],
)
def test_a_jinja_template_of_a_module_is_one_note(template: str) -> None:
    scan = scan_nextflow(template, path="module-template/main.nf").scan
    assert list(scan.occurrences) == []
    (note,) = scan.errors
    assert note.note
    assert note.message.startswith("a template (")
