"""WDL: a task's runtime ``docker`` (``container``) is the image Cromwell or miniwdl pulls for
it, evaluated with the task's and its callers' values (sources.builds.wdl)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tagsense.cli import main
from tagsense.sources.builds import build_tool
from tagsense.sources.builds.wdl import read_wdl, scan_wdl
from tagsense.sources.discover import discover

if TYPE_CHECKING:
    import pytest

WARP = Path(__file__).parent.parent / "data" / "realworld" / "warp-fd823160"


def images(text: str) -> list[tuple[str, int, str, str]]:
    found = scan_wdl(text, path="main.wdl").scan.occurrences
    return [(o.text, o.line, str(o.context["task"]), str(o.context["field"])) for o in found]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    main(list(argv))
    report: dict[str, object] = json.loads(capsys.readouterr().out)
    return report


def test_broads_warp_tasks_run_their_runtime_images(capsys: pytest.CaptureFixture[str]) -> None:
    # broadinstitute/warp: `docker: docker` with the input's default, a select_first of an
    # optional input with no default and a literal, a literal; the parameter_meta's "docker:"
    # description and the commands' text are no image. Before, none of warp's 499 was found.
    report = run(capsys, "refs", "--json", str(WARP))
    found = {
        (Path(str(r["path"])).relative_to(WARP).as_posix(), r["line"], r["column"], r["text"])
        for r in report["references"]  # type: ignore[attr-defined]
    }
    assert found == {
        ("all_of_us/pgx/StargazerFromJointVCF.wdl", 99, 50, "us.gcr.io/broad-dsde-methods/stargazer:latest"),  # noqa: E501
        ("all_of_us/pgx/StargazerFromJointVCF.wdl", 126, 18, "us.gcr.io/broad-gatk/gatk:4.4.0.0"),
        ("tasks/wdl/ModifyGtf.wdl", 8, 22, "quay.io/humancellatlas/modify-gtf:0.1.0"),
    }  # fmt: skip
    checked = run(capsys, "check", "--format", "json", "--as-of", "2026-12-04", str(WARP))
    assert [(f["code"], f["line"]) for f in checked["findings"]] == [("TS001", 99)]  # type: ignore[attr-defined]
    assert checked["errors"] == []


TASK = """\
version 1.0

workflow W {
  input {
    String gatk_docker = "us.gcr.io/broad-gatk/gatk:4.6.1.0"
  }
  call A { input: docker = gatk_docker, n = 1 }
  call A as A2 {
    input:
      docker = "ubuntu:24.04"
  }
}

task A {
  input {
    String docker
    Int n
  }
  command <<<
    echo 'docker: "not:an-image"'
  >>>
  runtime {
    docker: docker  # which the calls give
  }
}

task B {
  input {
    String? override
    String version = "1.21"
    String base = "quay.io/biocontainers/samtools"
  }
  String image = base + ":" + version + "--h50ea8bc_0"
  parameter_meta {
    override: "docker: the image"
  }
  command {
    samtools --version ${version}
  }
  runtime {
    # docker: "commented:1"
    docker: select_first([override, image])
  }
}

task C {
  runtime {
    container: ["docker://debian:12.8", "*", "https://example.org/x.sif"]
  }
}

task D {
  input {
    String tool
  }
  runtime {
    docker: "acme/~{tool}:1.0"
  }
  requirements {
    container: "ghcr.io/acme/d:2.0"
  }
}
"""


def test_values_the_task_and_its_callers_define() -> None:
    assert images(TASK) == [
        ("us.gcr.io/broad-gatk/gatk:4.6.1.0", 5, "A", "runtime.docker"),
        ("ubuntu:24.04", 10, "A", "runtime.docker"),
        ("quay.io/biocontainers/samtools:1.21--h50ea8bc_0", 42, "B", "runtime.docker"),
        ("debian:12.8", 48, "C", "runtime.container"),
        ("ghcr.io/acme/d:2.0", 60, "D", "requirements.container"),
    ]


def test_sections_on_one_line_and_a_value_two_calls_give() -> None:
    text = """\
workflow W {
  input { String d = "ubuntu:24.04" }
  call A { input: docker = d }
  call B { input: docker = d }
}
task A {
  input { String docker }
  runtime { docker: docker }
}
task B {
  input { String docker }
  runtime { docker: docker }
}
"""
    # (each call's image is a pull, where it is written: one place, once a task)
    assert images(text) == [
        ("ubuntu:24.04", 2, "A", "runtime.docker"),
        ("ubuntu:24.04", 2, "B", "runtime.docker"),
    ]


# ENCODE-DCC/atac-seq-pipeline, atac.wdl (cut down; survey s46e: the image every task runs
# in was missed): the workflow puts its `docker` input in a struct it passes to each call.
ENCODE_ATAC = """\
version 1.0
struct RuntimeEnvironment {
    String docker
    String conda
}
workflow atac {
    input {
        String docker = 'encodedcc/atac-seq-pipeline:v2.2.3'
        String conda = 'encd-atac'
    }
    RuntimeEnvironment runtime_environment = {
        'docker': docker, 'conda': conda
    }
    Map[String, String] tools = {"docker": "ubuntu:24.04"}
    call align { input: runtime_environment = runtime_environment }
    call qc { input: env = tools }
}
task align {
    input {
        RuntimeEnvironment runtime_environment
    }
    runtime {
        docker: runtime_environment.docker
    }
}
task qc {
    input {
        Map[String, String] env
        RuntimeEnvironment unset
    }
    runtime {
        docker: env.docker
        container: unset.docker
    }
}
"""


def test_a_member_of_a_struct_the_workflow_passes() -> None:
    assert images(ENCODE_ATAC) == [
        ("encodedcc/atac-seq-pipeline:v2.2.3", 8, "align", "runtime.docker"),
        ("ubuntu:24.04", 14, "qc", "runtime.docker"),  # (a map literal on one line)
    ]  # (a struct no call gives: the caller's, not read)


def test_a_call_gives_an_imported_task_its_image(tmp_path: Path) -> None:
    # broadinstitute/warp's pipelines call tasks/wdl/*.wdl's tasks, whose `docker` inputs
    # have no default: the pipeline's value is the image, reported where it is written.
    (tmp_path / "tasks").mkdir()
    (tmp_path / "tasks" / "qc.wdl").write_text(
        "version 1.0\ntask Check {\n  input {\n    String docker\n  }\n"
        "  runtime {\n    docker: docker\n  }\n}\n"
    )
    (tmp_path / "main.wdl").write_text(
        'version 1.0\nimport "tasks/qc.wdl" as Qc\nworkflow W {\n  input {\n'
        '    String d = "us.gcr.io/broad-gatk/gatk:4.6.1.0"\n  }\n'
        '  call Qc.Check { input: docker = d }\n  call Qc.Check as C2 { input: docker = "docker://ubuntu:24.04" }\n}\n'  # noqa: E501
    )
    found = read_wdl(str(tmp_path / "main.wdl")).scan.occurrences
    assert [(o.text, o.line, o.column, o.context["task"]) for o in found] == [
        ("us.gcr.io/broad-gatk/gatk:4.6.1.0", 5, 17, "Check"),
        ("ubuntu:24.04", 8, 51, "Check"),
    ]
    assert read_wdl(str(tmp_path / "tasks" / "qc.wdl")).scan.occurrences == ()


def test_an_image_written_out_is_placed_where_it_is_written() -> None:
    found = scan_wdl(TASK, path="main.wdl").scan.occurrences
    lines = TASK.splitlines()
    for occurrence in found:
        if occurrence.text != "quay.io/biocontainers/samtools:1.21--h50ea8bc_0":  # (made of parts)
            at = occurrence.column - 1
            assert lines[occurrence.line - 1][at : at + len(occurrence.text)] == occurrence.text


def test_wdl_documents_that_name_an_image_are_found(tmp_path: Path) -> None:
    (tmp_path / "tasks").mkdir()
    (tmp_path / "tasks" / "a.wdl").write_text('task A { runtime { docker: "a:1" } }\n')
    (tmp_path / "structs.wdl").write_text("struct S { String x }\n")
    found = [Path(path).relative_to(tmp_path).as_posix() for path, _ in discover([tmp_path])]
    assert found == ["tasks/a.wdl"]
    assert build_tool("tasks/a.wdl") == "wdl"
    named = discover([tmp_path / "structs.wdl"])  # (named: read, and it names none)
    assert [kind for _, kind in named] == ["build"]


@given(st.text(alphabet="task A{}runtime docker:\"'~$[],+=\n#<>select_first()", max_size=120))
def test_any_text_is_read_without_raising(text: str) -> None:
    for occurrence in scan_wdl(text, path="main.wdl").scan.occurrences:
        assert occurrence.text and "~{" not in occurrence.text
