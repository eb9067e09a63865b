"""Aspire: the images an AppHost's C# names are pulls (sources.builds.aspire)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tagsense.sources import scan_paths
from tagsense.sources.builds import build_tool, read_build_file
from tagsense.sources.builds.aspire import scan_apphost
from tagsense.sources.discover import discover

if TYPE_CHECKING:
    from pathlib import Path

# dotnet/eShop's src/eShop.AppHost/Program.cs, cut down (survey 19).
ESHOP = """\
var builder = DistributedApplication.CreateBuilder(args);

var redis = builder.AddRedis("redis");
var postgres = builder.AddPostgres("postgres")
    .WithImage("ankane/pgvector")
    .WithImageTag("latest")
    .WithLifetime(ContainerLifetime.Persistent);

var catalogDb = postgres.AddDatabase("catalogdb");
postgres.AddDatabase("identitydb");
builder.Build().Run();
"""

# dotnet/aspire-samples's samples/Metrics/MetricsApp.AppHost/AppHost.cs, cut down.
METRICS = """\
var builder = DistributedApplication.CreateBuilder(args);

var prometheus = builder.AddContainer("prometheus", "prom/prometheus", "v3.2.1")
    .WithBindMount("../prometheus", "/etc/prometheus", isReadOnly: true)
    .WithUrlForEndpoint("http", u => u.DisplayText = "Prometheus Dashboard");

var grafana = builder.AddContainer("grafana", "grafana/grafana")
    .WithEnvironment("PROMETHEUS_ENDPOINT", prometheus.GetEndpoint("http"));
"""


def images(text: str) -> list[tuple[int, int, str, str]]:
    return [(o.line, o.column, o.raw, o.text) for o in scan_apphost(text, path="AppHost.cs")]


def test_an_integrations_image_replaced_keeps_its_registry() -> None:
    found = scan_apphost(ESHOP, path="Program.cs")
    assert [(o.line, o.column, o.raw, o.text) for o in found] == [
        (5, 17, "ankane/pgvector", "docker.io/ankane/pgvector:latest"),
    ]
    (image,) = found
    assert image.kind == "aspire"
    assert dict(image.context) == {"tool": "aspire", "call": "WithImage"}
    # (an integration Aspire does not ship: its registry is not known)
    assert images(ESHOP.replace("AddPostgres", "AddSurrealDb")) == []
    # (without the tag, WithImage's own: latest)
    assert images(ESHOP.replace('    .WithImageTag("latest")\n', "")) == [
        (5, 17, "ankane/pgvector", "docker.io/ankane/pgvector:latest"),
    ]


def test_add_container_runs_its_image_with_its_tag_or_latest() -> None:
    assert images(METRICS) == [
        (3, 54, "prom/prometheus", "prom/prometheus:v3.2.1"),
        (7, 48, "grafana/grafana", "grafana/grafana:latest"),
    ]
    (first, _) = scan_apphost(METRICS)
    assert dict(first.context) == {
        "tool": "aspire",
        "call": "AddContainer",
        "resource": "prometheus",
    }


def test_constants_registries_and_later_statements_on_a_variable() -> None:
    # aspire-samples's samples/health-checks-ui/HealthChecksUI.AppHost/HealthChecksUIExtensions.cs
    text = """\
public static class HealthChecksUIExtensions
{
    public static IResourceBuilder<HealthChecksUIResource> AddHealthChecksUI(
        this IDistributedApplicationBuilder builder, string name)
    {
        return builder.AddResource(new HealthChecksUIResource(name))
            .WithImage(HealthChecksUIDefaults.ContainerImageName,
                       HealthChecksUIDefaults.ContainerImageTag)
            .WithImageRegistry(HealthChecksUIDefaults.ContainerRegistry);
    }
}
public static class HealthChecksUIDefaults
{
    public const string ContainerRegistry = "docker.io";
    public const string ContainerImageName = "xabarilcoding/healthchecksui";
    public const string ContainerImageTag = "5.0.0";
}
"""
    assert images(text) == [
        (15, 47, "xabarilcoding/healthchecksui", "docker.io/xabarilcoding/healthchecksui:5.0.0")
    ]
    later = """\
var builder = DistributedApplication.CreateBuilder(args);
var web = builder.AddContainer(name: "web", image: "nginx");
web.WithImageTag("1.27.3");
web.WithEnvironment("A", "b");
"""
    assert images(later) == [(2, 53, "nginx", "nginx:1.27.3")]


def test_built_images_and_values_the_file_does_not_say_are_not_reported() -> None:
    text = """\
var builder = DistributedApplication.CreateBuilder(args);
var tag = builder.Configuration["Tag"];
builder.AddContainer("api", "acme/api").WithDockerfile("../api");
builder.AddContainer("worker", "acme/worker", tag);
builder.AddContainer("cache", $"redis:{tag}");
var app = builder.AddContainer("app", "acme/app");
app.WithDockerfile("../app");
builder.AddRedis("r").WithRedisCommander(c => c.WithImageTag("1"));
// builder.AddContainer("old", "acme/old:1");
builder.AddContainer("db", "postgres@sha256:" + digest);
builder.AddContainer("proxy", "nginx:1.27").WithImageSHA256("abc");
"""
    assert images(text) == [(11, 32, "nginx:1.27", "nginx@sha256:abc")]
    assert images(text.replace("DistributedApplication", "Other")) == []


def test_only_the_sources_of_apphosts_are_read(tmp_path: Path) -> None:
    apphost = tmp_path / "src" / "Metrics.AppHost"
    apphost.mkdir(parents=True)
    (apphost / "AppHost.cs").write_text(METRICS)
    (apphost / "Helpers.cs").write_text('class H { string s = "nginx:1"; }\n')
    found = str(apphost / "AppHost.cs")
    assert discover([str(tmp_path)]) == [(found, "build")]
    assert build_tool(apphost / "Helpers.cs") == "aspire"
    assert list(read_build_file(str(apphost / "Helpers.cs")).scan) == []
    assert [(o.path, o.line, o.kind) for o in scan_paths([str(tmp_path)])] == [
        (found, 3, "aspire"),
        (found, 7, "aspire"),
    ]


def test_an_integrations_image_in_a_class_of_another_source_of_its_directory(
    tmp_path: Path,
) -> None:
    # CommunityToolkit/Aspire's src/CommunityToolkit.Aspire.Hosting.Adminer, cut down: the
    # image, tag and registry are constants of AdminerContainerImageTags.cs.
    integration = tmp_path / "src" / "Hosting.Adminer"
    integration.mkdir(parents=True)
    (integration / "AdminerContainerImageTags.cs").write_text(
        "namespace Aspire.Hosting;\n"
        "internal static class AdminerContainerImageTags\n{\n"
        '    public const string Registry = "docker.io";\n'
        '    public const string Image = "library/adminer";\n'
        '    public const string Tag = "5.1.0";\n}\n'
        "internal static class OtherTags\n{\n"
        '    public const string Image = "acme/other";\n}\n'
    )
    extensions = integration / "AdminerBuilderExtensions.cs"
    extensions.write_text(
        "public static class AdminerBuilderExtensions\n{\n"
        "    public static IResourceBuilder<AdminerContainerResource> AddAdminer(\n"
        "        this IDistributedApplicationBuilder builder, string name)\n"
        "    {\n"
        "        return builder.AddResource(new AdminerContainerResource(name))\n"
        "            .WithImage(AdminerContainerImageTags.Image, AdminerContainerImageTags.Tag)\n"
        "            .WithImageRegistry(AdminerContainerImageTags.Registry);\n"
        "    }\n}\n"
    )
    found = read_build_file(str(extensions))
    assert [(o.line, o.column, o.raw, o.text) for o in found.scan] == [
        (7, 24, "AdminerContainerImageTags.Image", "docker.io/library/adminer:5.1.0"),
    ]
    assert str(integration / "AdminerContainerImageTags.cs") in found.inputs
    # (a constant no source of the directory declares, or two declare: not said)
    other = extensions.read_text().replace("AdminerContainerImageTags.Image", "Missing.Image")
    extensions.write_text(other)
    assert list(read_build_file(str(extensions)).scan) == []


def test_a_unit_test_of_the_model_starts_nothing() -> None:
    # CommunityToolkit/Aspire's tests/…K3s.Tests/K3sServiceEndpointResourceTests.cs, cut down:
    # the test inspects the resources the builder made; nothing runs.
    test = """\
public class K3sServiceEndpointResourceTests
{
    [Fact]
    public void AddsTheContainer()
    {
        var builder = DistributedApplication.CreateBuilder();
        builder.AddContainer("app", "myorg/app");
        Assert.Single(builder.Resources.OfType<ContainerResource>());
    }
}
"""
    assert images(test) == []
    started = test.replace("        Assert.Single", "        await builder.Build().StartAsync();\n")
    assert images(started) == [(7, 38, "myorg/app", "myorg/app:latest")]
    # (…Kind.Tests/KindImageLoadingTests.cs: run to publish, with a fake process runner)
    published = started.replace(
        "DistributedApplication.CreateBuilder()",
        'DistributedApplicationTestingBuilder.Create(["AppHost:Operation=publish"])',
    )
    assert images(published) == []
