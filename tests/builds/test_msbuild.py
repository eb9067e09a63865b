"""The .NET SDK's container builds: an MSBuild file's ContainerBaseImage is a pull
(sources.builds.msbuild)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tagsense.sources import scan_paths
from tagsense.sources.builds.msbuild import scan_msbuild
from tagsense.sources.discover import discover

if TYPE_CHECKING:
    from pathlib import Path

# As the .NET SDK's documentation of `dotnet publish -t:PublishContainer` writes it
# (learn.microsoft.com, "Containerize a .NET app": ContainerBaseImage), with a property of the
# file in it and a configuration's own base, as published projects set them (survey 19).
PROJECT = """\
<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <ContainerVersion>10.0-noble-chiseled</ContainerVersion>
    <ContainerBaseImage>mcr.microsoft.com/dotnet/aspnet:$(ContainerVersion)</ContainerBaseImage>
  </PropertyGroup>
  <PropertyGroup Condition="'$(Configuration)' == 'AOT'">
    <ContainerBaseImage>mcr.microsoft.com/dotnet/runtime-deps:10.0</ContainerBaseImage>
  </PropertyGroup>
</Project>
"""


def test_the_base_image_is_pulled_where_it_is_written() -> None:
    found = scan_msbuild(PROJECT, path="Web.csproj")
    assert [(o.line, o.column, o.kind, o.raw, o.text) for o in found] == [
        (
            5,
            25,
            "dotnet",
            "mcr.microsoft.com/dotnet/aspnet:$(ContainerVersion)",
            "mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled",
        ),
        (
            8,
            25,
            "dotnet",
            "mcr.microsoft.com/dotnet/runtime-deps:10.0",
            "mcr.microsoft.com/dotnet/runtime-deps:10.0",
        ),
    ]
    assert dict(found.occurrences[1].context) == {
        "tool": "dotnet",
        "field": "ContainerBaseImage",
        "condition": "'$(Configuration)' == 'AOT'",
    }


def test_a_property_the_file_does_not_set_is_unresolved() -> None:
    text = PROJECT.replace("    <ContainerVersion>10.0-noble-chiseled</ContainerVersion>\n", "")
    first = scan_msbuild(text, path="Web.csproj").occurrences[0]
    assert first.unresolved == ("ContainerVersion",)
    assert scan_msbuild("<Project><PropertyGroup/></Project>", path="A.csproj").occurrences == ()


def test_only_msbuild_files_that_name_a_base_are_read(tmp_path: Path) -> None:
    (tmp_path / "Web.csproj").write_text(PROJECT)
    (tmp_path / "Lib.csproj").write_text('<Project Sdk="Microsoft.NET.Sdk"></Project>\n')
    (tmp_path / "Directory.Build.props").write_text(
        "<Project><PropertyGroup><ContainerBaseImage>mcr.microsoft.com/dotnet/runtime:8.0"
        "</ContainerBaseImage></PropertyGroup></Project>\n"
    )
    assert [kind for _, kind in discover([str(tmp_path)])] == ["build", "build"]
    assert sorted(o.text for o in scan_paths([str(tmp_path)])) == [
        "mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled",
        "mcr.microsoft.com/dotnet/runtime-deps:10.0",
        "mcr.microsoft.com/dotnet/runtime:8.0",
    ]
