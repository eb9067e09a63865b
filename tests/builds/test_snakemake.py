"""Snakemake: a Snakefile's ``container: "docker://IMAGE"`` is the image Apptainer pulls for
its jobs (sources.builds.snakemake)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tagsense.cli import main
from tagsense.sources.builds import build_tool
from tagsense.sources.builds.snakemake import scan_snakefile
from tagsense.sources.discover import discover

if TYPE_CHECKING:
    import pytest

WORKFLOW = Path(__file__).parent.parent / "data" / "realworld" / "rna-seq-star-deseq2-aa6b17e"


def test_the_workflows_container_is_pulled(capsys: pytest.CaptureFixture[str]) -> None:
    # snakemake-workflows/rna-seq-star-deseq2: "this container defines the underlying OS for
    # each job when using the workflow with --use-conda --use-singularity"; no tag: latest.
    main(["check", "--format", "json", "--as-of", "2026-12-04", str(WORKFLOW)])
    report = json.loads(capsys.readouterr().out)
    found = [(Path(f["path"]).name, f["line"], f["column"], f["code"]) for f in report["findings"]]
    assert found == [("Snakefile", 19, 22, "TS002")]


def test_global_and_rule_containers_and_what_is_none() -> None:
    text = """\
container: "docker://continuumio/miniconda3:24.7.1-0"
containerized: 'docker://ghcr.io/acme/workflow:1.2.0'

rule align:
    input: "a.fq"
    container:
        "docker://quay.io/biocontainers/star:2.7.11b--h5ca1c30_5"
    shell: "echo 'container: \\"docker://not:read\\"'"

rule sort:
    container: config["samtools_image"]
    shell: "samtools sort"

rule local:
    container: "oras://ghcr.io/acme/tool.sif:1.0"
"""
    found = scan_snakefile(text, path="Snakefile").scan.occurrences
    assert [(o.text, o.line, dict(o.context)) for o in found] == [
        ("continuumio/miniconda3:24.7.1-0", 1, {"field": "container"}),
        ("ghcr.io/acme/workflow:1.2.0", 2, {"field": "containerized"}),
        (
            "quay.io/biocontainers/star:2.7.11b--h5ca1c30_5",
            7,
            {"field": "container", "rule": "align"},
        ),
    ]


def test_a_containers_wildcards_are_the_jobs_not_an_invalid_reference() -> None:
    # (snakemake/snakemake tests/test_dynamic_container: `container: "docker://{image}"`,
    # the wildcard each job fills in from IMAGE = ["bash", "alpine"]; `{{` is a brace)
    text = """\
rule b:
    output: "test_{image}.out"
    container:
        "docker://{image}"

rule c:
    container: "docker://acme/{tool,[a-z]+}:{version}"

rule d:
    container: "docker://acme/tool:1.0"
"""
    found = scan_snakefile(text, path="Snakefile").scan.occurrences
    assert [(o.raw, o.text, o.unresolved, o.run_time is not None, o.error) for o in found] == [
        ("{image}", "", ("image",), True, None),
        ("acme/{tool,[a-z]+}:{version}", "acme/:", ("tool", "version"), True, None),
        ("acme/tool:1.0", "acme/tool:1.0", (), False, None),
    ]


def test_snakefiles_that_name_a_docker_container_are_found(tmp_path: Path) -> None:
    (tmp_path / "workflow" / "rules").mkdir(parents=True)
    (tmp_path / "workflow" / "Snakefile").write_text('container: "docker://debian:12.8"\n')
    (tmp_path / "workflow" / "rules" / "qc.smk").write_text("rule qc:\n    shell: 'true'\n")
    found = [Path(path).relative_to(tmp_path).as_posix() for path, _ in discover([tmp_path])]
    assert found == ["workflow/Snakefile"]
    assert build_tool("workflow/rules/align.smk") == "snakemake"


@given(st.text(alphabet="container: \"'docker://ab.\n\\#rule", max_size=80))
def test_any_text_is_read_without_raising(text: str) -> None:
    for occurrence in scan_snakefile(text, path="Snakefile").scan.occurrences:
        assert occurrence.text and "docker://" not in occurrence.text
