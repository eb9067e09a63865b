"""NUKE builds: the images a .NET build project's ``DockerTasks`` run and pull
(sources.builds.nuke)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tagsense.sources import scan_paths
from tagsense.sources.builds.csharp import scan_csharp_source
from tagsense.sources.builds.nuke import scan_nuke_docker

if TYPE_CHECKING:
    from pathlib import Path

# kgrzybek/modular-monolith-with-ddd's build/BuildIntegrationTests.cs (commit 91c8ef24, MIT),
# cut down: its workflow runs `./build.sh RunAllIntegrationTests`, which starts SQL Server
# (survey 30a).
INTEGRATION_TESTS = """\
using Nuke.Common;
using Nuke.Common.Tools.Docker;

public partial class Build
{
    Target PrepareSqlServer => _ => _
        .Executes(() =>
        {
            DockerTasks.DockerRun(s => s
                .EnableRm()
                .SetName("sql-server-db")
                .SetImage("mcr.microsoft.com/mssql/server")
                .SetPublish($"{SqlServerPort}:1433")
                .EnableDetach());
        });

    Target CreateDatabase => _ => _
        .Executes(() =>
        {
            DockerTasks.DockerExec(s => s
                .SetContainer("sql-server-db")
                .SetCommand("/bin/sh"));
        });
}
"""


def found(text: str) -> list[tuple[int, int, str, str]]:
    return [
        (o.line, o.column, o.text, dict(o.context)["call"])
        for o in scan_nuke_docker(text, path="build/Build.cs")
    ]


def test_a_docker_run_task_s_image_is_pulled() -> None:
    assert found(INTEGRATION_TESTS) == [(12, 28, "mcr.microsoft.com/mssql/server", "DockerRun")]
    (occurrence,) = scan_nuke_docker(INTEGRATION_TESTS, path="build/Build.cs")
    assert occurrence.kind == "shell"
    assert dict(occurrence.context) == {"tool": "nuke", "call": "DockerRun"}


def test_constants_pulls_and_static_tasks() -> None:
    text = """\
using static Nuke.Common.Tools.Docker.DockerTasks;
class Build
{
    const string PostgresImage = "postgres:16.4";
    void Up()
    {
        DockerImagePull(s => s.SetName(PostgresImage));
        DockerRun(s => s.SetName("db").SetImage(PostgresImage));
        DockerPull(s => s.SetName("redis:7"));
        DockerRun(s => s.SetImage(Image));
    }
}
"""
    assert found(text) == [
        (4, 35, "postgres:16.4", "DockerImagePull"),
        (9, 36, "redis:7", "DockerPull"),
    ]


def test_a_bare_task_without_the_static_using_is_another_method() -> None:
    text = (
        "class DockerTasks {}\n"
        'class B { void F() { DockerRun(s => s.SetImage("alpine:3.20")); } }\n'
    )
    assert found(text) == []
    assert found(text.replace("DockerRun(", "DockerTasks.DockerRun(")) == [
        (2, 61, "alpine:3.20", "DockerRun")
    ]


def test_a_build_project_s_sources_are_found_in_a_walk(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    build = tmp_path / "build"
    build.mkdir()
    (build / "BuildIntegrationTests.cs").write_text(INTEGRATION_TESTS)
    (build / "Other.cs").write_text('class A { string s = "DockerRun(x)"; }\n')
    scanned = scan_paths([str(tmp_path)])
    assert [(o.path, o.text) for o in scanned.occurrences] == [
        (str(build / "BuildIntegrationTests.cs"), "mcr.microsoft.com/mssql/server")
    ]
    assert [o.text for o in scan_csharp_source(INTEGRATION_TESTS)] == [
        "mcr.microsoft.com/mssql/server"
    ]


FRAGMENTS = ["DockerTasks.", "DockerRun(", "DockerPull(", ".SetImage(", ".SetName(", '"a:1"',
             "X", ")", "(", ";", "s => s", "using static Nuke.Common.Tools.Docker.DockerTasks;",
             "\n", '"', "const string X = \"b:2\";"]  # fmt: skip


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=25).map("".join))
def test_any_source_raises_nothing(text: str) -> None:
    for occurrence in scan_nuke_docker(text):
        assert occurrence.text
