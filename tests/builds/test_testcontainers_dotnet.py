"""Testcontainers for .NET: the images a C# test starts are pulls
(sources.builds.testcontainers_dotnet, read with Aspire's AppHosts by sources.builds.csharp)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tagsense.sources import scan_paths
from tagsense.sources.builds import build_tool, read_build_file
from tagsense.sources.builds.csharp import scan_csharp_source
from tagsense.sources.builds.testcontainers_dotnet import scan_testcontainers_dotnet
from tagsense.sources.discover import discover

if TYPE_CHECKING:
    from pathlib import Path

# Squidex/squidex's backend/tests/Squidex.Data.Tests/MongoDb/TestHelpers/MongoFixture.cs, cut
# down (survey 22): a module's builder given its image, started by the fixture.
SQUIDEX = """\
using Testcontainers.MongoDb;

public sealed class MongoFixture : IAsyncLifetime
{
    private readonly MongoDbContainer mongoDb =
        new MongoDbBuilder("mongo:6.0")
            .WithReuse(true)
            .WithLabel("reuse-id", "squidex-mongodb")
            .Build();

    public async Task InitializeAsync()
    {
        await mongoDb.StartAsync();
    }
}
"""

# JasperFx/wolverine's src/Transports/NATS/Wolverine.Nats.Tests/NatsContainerFixture.cs, cut
# down: the builder's default replaced by WithImage, given a constant of the file.
WOLVERINE = """\
using Testcontainers.Nats;

public class NatsContainerFixture : IAsyncLifetime
{
    public const string NatsImage = "nats:2.14.4";
    private NatsContainer? _container;

    public async Task InitializeAsync()
    {
        _container = new NatsBuilder()
            .WithImage(NatsImage)
            .WithCommand("--jetstream")
            .Build();
        await _container.StartAsync();
    }
}
"""


def images(text: str, **options: bool) -> list[tuple[int, int, str, str, str]]:
    found = scan_testcontainers_dotnet(text, path="Fixture.cs", **options)
    return [(o.line, o.column, o.raw, o.text, o.context["call"]) for o in found]


def test_a_modules_builder_given_its_image_starts_it() -> None:
    found = scan_testcontainers_dotnet(SQUIDEX, path="MongoFixture.cs")
    assert [(o.line, o.column, o.raw, o.text) for o in found] == [(6, 29, "mongo:6.0", "mongo:6.0")]
    (image,) = found
    assert image.kind == "testcontainers"
    assert dict(image.context) == {"tool": "testcontainers", "call": "MongoDbBuilder"}


def test_with_image_replaces_the_builders_image_and_constants_are_read() -> None:
    assert images(WOLVERINE) == [(5, 38, "nats:2.14.4", "nats:2.14.4", "WithImage")]
    replaced = SQUIDEX.replace(".WithReuse(true)", '.WithImage(new DockerImage("mongo:7.0.14"))')
    assert images(replaced) == [(7, 41, "mongo:7.0.14", "mongo:7.0.14", "WithImage")]
    # (another file's constant, a parameter: not said here)
    assert images(WOLVERINE.replace("(NatsImage)", "(Other.Image)")) == []
    assert images(WOLVERINE.replace("(NatsImage)", "(image)")) == []


def test_a_name_without_a_tag_is_latest_and_named_arguments_are_read() -> None:
    # bitwarden/server's test/SharedWeb.Test/DataProtectionServicesTests.cs, cut down
    text = """\
using DotNet.Testcontainers.Builders;

public class DataProtectionServicesTests
{
    public async Task Azurite()
    {
        await using var azurite = new ContainerBuilder("mcr.microsoft.com/azure-storage/azurite")
            .WithPortBinding(10000, true)
            .Build();
        await azurite.StartAsync();
        var sql = new MsSqlBuilder(image: "mcr.microsoft.com/mssql/server:2022-latest").Build();
        var old = new TestcontainersBuilder<TestcontainersContainer>().WithImage("redis@sha256:ab");
    }
}
"""
    assert images(text) == [
        (
            7,
            57,
            "mcr.microsoft.com/azure-storage/azurite",
            "mcr.microsoft.com/azure-storage/azurite:latest",
            "ContainerBuilder",
        ),
        (
            11,
            44,
            "mcr.microsoft.com/mssql/server:2022-latest",
            "mcr.microsoft.com/mssql/server:2022-latest",
            "MsSqlBuilder",
        ),
        (12, 83, "redis@sha256:ab", "redis@sha256:ab", "WithImage"),
    ]


def test_what_starts_nothing_or_is_built_or_not_said_is_not_reported() -> None:
    # (a builder's unit test: Build() checks its configuration and pulls nothing;
    # testcontainers-dotnet's tests/Testcontainers.Kafka.Tests/KafkaBuilderTest.cs)
    unit = """\
namespace Testcontainers.Kafka;
public sealed class KafkaBuilderTests
{
    [Fact]
    public void KRaftWithConfluentPre7Throws()
        => Assert.Throws<ArgumentException>(
            () => new KafkaBuilder("confluentinc/cp-kafka:6.1.9").WithKRaft().Build());
}
"""
    assert images(unit) == []
    text = """\
using DotNet.Testcontainers.Builders;
var image = new ImageFromDockerfileBuilder().WithName("acme/app:test")
    .WithDockerfile("Dockerfile").Build();
await image.CreateAsync();
var app = new ContainerBuilder("acme/app:test").Build();
var autofac = new ContainerBuilder();
autofac.RegisterType<Service>();
var cache = new RedisBuilder($"redis:{version}").Build();
var web = new ContainerBuilder(@"nginx:1.27").Build();
var db = new PostgreSqlBuilder().Build();
// var old = new ContainerBuilder("nginx:1.25").Build();
var tagged = new ContainerBuilder(new DockerImage("acme", "ghcr.io", "1")).Build();
var named = new StringBuilder("redis:7");
await app.StartAsync();
"""
    assert images(text) == []
    # (a source that does not name Testcontainers, unless its project references it)
    plain = SQUIDEX.replace("using Testcontainers.MongoDb;\n", "")
    assert images(plain) == []
    assert [found[3] for found in images(plain, referenced=True)] == ["mongo:6.0"]


def test_csharp_sources_give_aspires_images_and_testcontainers_ones_once() -> None:
    text = """\
using Testcontainers.PostgreSql;
var builder = DistributedApplication.CreateBuilder(args);
builder.AddContainer("web", "nginx", "1.27.3");
var db = new PostgreSqlBuilder("postgres:16.4").Build();
await db.StartAsync();
"""
    found = scan_csharp_source(text, path="Tests.cs")
    assert [(o.line, o.kind, o.text) for o in found] == [
        (3, "aspire", "nginx:1.27.3"),
        (4, "testcontainers", "postgres:16.4"),
    ]


def test_the_sources_of_a_project_that_references_testcontainers_are_read(
    tmp_path: Path,
) -> None:
    # ardalis/CleanArchitecture's sample/tests/NimblePros.SampleToDo.FunctionalTests: a
    # GlobalUsings.cs brings the namespace in; the fixture lives in Fixtures/ (xUnit's class
    # fixtures: code, not a test's data).
    project = tmp_path / "tests" / "App.FunctionalTests"
    (project / "Fixtures").mkdir(parents=True)
    (project / "App.FunctionalTests.csproj").write_text(
        '<Project Sdk="Microsoft.NET.Sdk"><ItemGroup>'
        '<PackageReference Include="Testcontainers" /></ItemGroup></Project>\n'
    )
    (project / "GlobalUsings.cs").write_text("global using DotNet.Testcontainers.Builders;\n")
    fixture = project / "Fixtures" / "SmtpServerFixture.cs"
    fixture.write_text(
        "public class SmtpServerFixture : IAsyncLifetime\n{\n"
        '    private const string Image = "jijiechen/papercut:latest";\n'
        "    private readonly IContainer _container = new ContainerBuilder(Image).Build();\n"
        "    public Task InitializeAsync() => _container.StartAsync();\n}\n"
    )
    other = tmp_path / "src" / "App"
    other.mkdir(parents=True)
    (other / "App.csproj").write_text('<Project Sdk="Microsoft.NET.Sdk" />\n')
    (other / "Module.cs").write_text(
        'var b = new ContainerBuilder("acme/x:1").Build(); await b.StartAsync();\n'
    )
    usings = project / "GlobalUsings.cs"  # (read, and gives nothing)
    assert discover([str(tmp_path)]) == [(str(fixture), "build"), (str(usings), "build")]
    assert build_tool(fixture) == "aspire"
    assert [o.text for o in read_build_file(str(fixture)).scan] == ["jijiechen/papercut:latest"]
    assert [(o.path, o.line, o.text) for o in scan_paths([str(tmp_path)])] == [
        (str(fixture), 3, "jijiechen/papercut:latest"),
    ]


@given(st.text(max_size=300))
def test_any_text_is_read_without_raising(text: str) -> None:
    for found in scan_testcontainers_dotnet(text, path="x.cs", referenced=True):
        assert found.kind == "testcontainers"


@given(
    st.lists(
        st.sampled_from(
            [
                "new ContainerBuilder(",
                "new RedisBuilder(",
                ".WithImage(",
                "new DockerImage(",
                '"redis:7"',
                '@"x"',
                "image:",
                "const string A = ",
                "A",
                ")",
                "(",
                ",",
                ";",
                ".Build()",
                "StartAsync();",
                "// ",
                "\n",
            ]
        ),
        max_size=30,
    )
)
def test_any_arrangement_of_builders_is_read_without_raising(pieces: list[str]) -> None:
    text = "using Testcontainers.Redis;\n" + " ".join(pieces)
    for found in scan_csharp_source(text, path="x.cs"):
        assert found.kind == "testcontainers"
        assert found.raw in text


def test_a_constant_of_another_source_of_the_directory_and_an_images_field(
    tmp_path: Path,
) -> None:
    # JasperFx/wolverine's Wolverine.Nats.Tests: NatsNamedBrokerTests starts a second broker
    # on NatsContainerFixture.NatsImage; testcontainers-dotnet's CommonImages holds IImages.
    tests = tmp_path / "Nats.Tests"
    tests.mkdir()
    (tests / "NatsContainerFixture.cs").write_text(WOLVERINE)
    named = tests / "NatsNamedBrokerTests.cs"
    named.write_text(
        "using Testcontainers.Nats;\n"
        "public class NatsNamedBrokerTests : IAsyncLifetime\n{\n"
        "    public async Task InitializeAsync()\n    {\n"
        "        _serverB = new NatsBuilder().WithImage(NatsContainerFixture.NatsImage).Build();\n"
        "        await _serverB.StartAsync();\n    }\n}\n"
    )
    found = read_build_file(str(named)).scan
    assert [(o.line, o.column, o.raw, o.text) for o in found] == [
        (6, 48, "NatsContainerFixture.NatsImage", "nats:2.14.4"),
    ]
    images_field = """\
using DotNet.Testcontainers.Images;
public static class CommonImages
{
    public static readonly IImage Alpine = new DockerImage("alpine:3.20.0");
}
public class Test
{
    private readonly IContainer _c = new ContainerBuilder(CommonImages.Alpine).Build();
    public Task InitializeAsync() => _c.StartAsync();
}
"""
    assert images(images_field) == [
        (4, 61, "alpine:3.20.0", "alpine:3.20.0", "ContainerBuilder"),
    ]


def test_a_projects_global_usings_bring_testcontainers_in(tmp_path: Path) -> None:
    # testcontainers-dotnet's examples/WeatherForecast/tests/WeatherForecast.InProcess.Tests:
    # the package comes through a project reference; Usings.cs brings the namespace in.
    project = tmp_path / "WeatherForecast.InProcess.Tests"
    project.mkdir()
    (project / "WeatherForecast.InProcess.Tests.csproj").write_text(
        '<Project Sdk="Microsoft.NET.Sdk"><ItemGroup>'
        '<ProjectReference Include="../src/WeatherForecast.csproj" /></ItemGroup></Project>\n'
    )
    (project / "Usings.cs").write_text(
        "global using System;\nglobal using Testcontainers.PostgreSql;\n"
    )
    test = project / "WeatherForecastTest.cs"
    test.write_text(
        "public sealed class WeatherForecastTest : IAsyncLifetime\n{\n"
        "  private readonly PostgreSqlContainer _postgreSqlContainer =\n"
        '    new PostgreSqlBuilder("postgres:15.1").Build();\n'
        "  public Task InitializeAsync() => _postgreSqlContainer.StartAsync();\n}\n"
    )
    found = read_build_file(str(test))
    assert [(o.line, o.text) for o in found.scan] == [(4, "postgres:15.1")]
    assert str(project / "Usings.cs") in found.inputs
    assert [o.text for o in scan_paths([str(tmp_path)])] == ["postgres:15.1"]
    (project / "Usings.cs").write_text("global using System;\n")
    assert list(read_build_file(str(test)).scan) == []


def test_the_constants_of_a_referenced_project(tmp_path: Path) -> None:
    # testcontainers-dotnet's tests: Testcontainers.Commons's CommonImages, which ~60 tests of
    # other projects start (ProjectReference ../Testcontainers.Commons/…csproj).
    commons = tmp_path / "Testcontainers.Commons"
    commons.mkdir()
    (commons / "Testcontainers.Commons.csproj").write_text('<Project Sdk="Microsoft.NET.Sdk" />\n')
    (commons / "CommonImages.cs").write_text(
        "namespace DotNet.Testcontainers.Commons;\npublic static class CommonImages\n{\n"
        '    public static readonly IImage Alpine = new DockerImage("alpine:3.20.0");\n}\n'
    )
    tests = tmp_path / "Testcontainers.Tests"
    (tests / "Unit").mkdir(parents=True)
    (tests / "Testcontainers.Tests.csproj").write_text(
        '<Project Sdk="Microsoft.NET.Sdk"><ItemGroup><ProjectReference '
        'Include="../Testcontainers.Commons/Testcontainers.Commons.csproj"/></ItemGroup></Project>\n'
    )
    test = tests / "Unit" / "ReadFileTest.cs"
    test.write_text(
        "using DotNet.Testcontainers.Builders;\npublic sealed class ReadFileTest\n{\n"
        "    private readonly IContainer _c = new ContainerBuilder(CommonImages.Alpine).Build();\n"
        "    public Task InitializeAsync() => _c.StartAsync();\n}\n"
    )
    found = read_build_file(str(test))
    assert [(o.line, o.column, o.raw, o.text) for o in found.scan] == [
        (4, 59, "CommonImages.Alpine", "alpine:3.20.0"),
    ]
    assert str(commons / "CommonImages.cs") in found.inputs
    # (a reference made of MSBuild properties is not followed)
    (tests / "Testcontainers.Tests.csproj").write_text(
        '<Project><ItemGroup><ProjectReference Include="$(Root)/Commons.csproj"/></ItemGroup>'
        "</Project>\n"
    )
    assert list(read_build_file(str(test)).scan) == []
