"""PowerShell scripts (``*.ps1``, ``*.psm1``) read as sh (``sources.builds._powershell``)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tagsense.sources.builds._powershell import posix_text
from tagsense.sources.builds.script import scan_shell_script
from tagsense.sources.discover import kind_of_file

if TYPE_CHECKING:
    from pathlib import Path

# A build script in the shape of Windows projects' (dockerfiles-windows' node/build.ps1,
# PowerShell-Docker's param blocks): variables set with spaces around `=`, `$env:`, a
# `param(…)` default, the call operator, a backtick continuation, help in a block comment.
BUILD = """\
param(
    [string] $BaseImage = "mcr.microsoft.com/windows/servercore:ltsc2022",
    [switch] $Push
)
<#
.EXAMPLE
    docker run mcr.microsoft.com/windows/nanoserver:1809 cmd
#>
$Tag = "ltsc2022"
$env:DOTNET = "mcr.microsoft.com/dotnet/framework/sdk:4.8.1"
docker pull $baseimage
& docker run --rm `
    mcr.microsoft.com/windows/nanoserver:$tag cmd /c ver
docker pull $env:DOTNET
$help = @"
docker run alpine:3.20
"@
docker run $Unset
"""


def test_a_powershell_script_s_commands_pull_these(tmp_path: Path) -> None:
    script = tmp_path / "build.ps1"
    script.write_text(BUILD)
    scan = scan_shell_script(str(script))
    assert [(o.line, o.text) for o in scan] == [
        (11, "mcr.microsoft.com/windows/servercore:ltsc2022"),
        (13, "mcr.microsoft.com/windows/nanoserver:ltsc2022"),
        (14, "mcr.microsoft.com/dotnet/framework/sdk:4.8.1"),
    ]
    assert all(o.kind == "shell" for o in scan)


def test_an_image_written_in_a_powershell_line_keeps_its_column(tmp_path: Path) -> None:
    script = tmp_path / "pull.ps1"
    script.write_text('$Image = "mcr.microsoft.com/windows/nanoserver:1809"\ndocker pull $Image\n')
    (occurrence,) = scan_shell_script(str(script))
    assert (occurrence.line, occurrence.text) == (2, "mcr.microsoft.com/windows/nanoserver:1809")
    direct = tmp_path / "direct.ps1"
    direct.write_text("  & docker pull mcr.microsoft.com/windows/nanoserver:1809\n")
    (occurrence,) = scan_shell_script(str(direct))
    assert (occurrence.line, occurrence.column) == (1, 17)


@pytest.mark.parametrize("name", ["build.ps1", "Docker.psm1"])
def test_powershell_scripts_are_shell_scripts(name: str) -> None:
    assert kind_of_file(name) == "shell"


@given(st.text(alphabet="$@'\"`&<#>={}()[]:; \nab=Ee1,-", max_size=60))
def test_the_rewrite_keeps_every_line_and_column(text: str) -> None:
    rewritten = posix_text(text)
    assert [len(line) for line in rewritten.split("\n")] == [len(line) for line in text.split("\n")]


def test_a_powershell_script_that_runs_no_program_is_no_source(tmp_path: Path) -> None:
    # dataplat/dbatools: 1,700 module scripts, of which 5 name docker; help text in a block
    # comment runs nothing. Only the script that runs docker is read.
    from tagsense.sources.discover import discover

    (tmp_path / "Get-Thing.ps1").write_text(
        "<#\n.EXAMPLE\n    docker run alpine:3.20\n#>\nfunction Get-Thing { $kind = 1 }\n"
    )
    (tmp_path / "pull.ps1").write_text("docker pull alpine:3.20\n")
    assert [os.path.basename(path) for path, _ in discover([str(tmp_path)])] == ["pull.ps1"]
