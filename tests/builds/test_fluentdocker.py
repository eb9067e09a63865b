"""FluentDocker: the images a .NET project's tests start with Ductus.FluentDocker
(sources.builds.fluentdocker).

The fixtures are written from FluentDocker's README (``new Builder().UseContainer()
.UseImage(…)…Build()``), in the shape EventStore/EventStore's LDAPS and OAuth test fixtures have
(survey 31e: their two images missed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tagsense.sources import scan_paths
from tagsense.sources.builds.csharp import scan_csharp_source
from tagsense.sources.builds.fluentdocker import scan_fluentdocker

if TYPE_CHECKING:
    from pathlib import Path

FIXTURE = """\
using Ductus.FluentDocker.Builders;
using Ductus.FluentDocker.Services;

public class LdapFixture : IDisposable {
    const string IdpImage = "ghcr.io/acme/idp:2.1.0";
    private readonly IContainerService _ldap;
    private readonly IContainerService _idp;

    public LdapFixture(string tag) {
        _ldap = new Builder()
            .UseContainer()
            .UseImage("rroemhild/test-openldap")
            .WithName("openldap")
            .Build();
        _idp = new Builder().UseContainer().UseImage(IdpImage, force: true).Build();
        var other = new Builder().UseContainer().UseImage($"acme/db:{tag}").Build();
    }
}
"""


def found(text: str) -> list[tuple[int, int, str]]:
    return [(o.line, o.column, o.text) for o in scan_fluentdocker(text, path="Fixture.cs")]


def test_use_image_literals_and_constants_are_started() -> None:
    # (an interpolated name is a run's: not read)
    assert found(FIXTURE) == [
        (5, 30, "ghcr.io/acme/idp:2.1.0"),
        (12, 24, "rroemhild/test-openldap"),
    ]
    occurrence = scan_fluentdocker(FIXTURE, path="Fixture.cs")[1]
    assert occurrence.kind == "testcontainers"
    assert dict(occurrence.context) == {"tool": "fluentdocker", "call": "UseImage"}
    assert occurrence.normalized == "docker.io/rroemhild/test-openldap:latest"


def test_a_source_that_does_not_use_fluentdocker_is_not_read() -> None:
    assert found(FIXTURE.replace("Ductus.FluentDocker", "Acme.Docker")) == []


def test_a_test_project_s_sources_are_found_in_a_walk(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "LdapFixture.cs").write_text(FIXTURE)
    (tests / "Other.cs").write_text('class A { string s = ".UseImage(\\"x:1\\")"; }\n')
    scanned = scan_paths([str(tmp_path)])
    assert sorted(o.text for o in scanned.occurrences) == [
        "ghcr.io/acme/idp:2.1.0",
        "rroemhild/test-openldap",
    ]
    assert len(scan_csharp_source(FIXTURE)) == 2


FRAGMENTS = ["new Builder()", ".UseContainer()", ".UseImage(", '"a:1"', "X", ")", "(", ";",
             "using Ductus.FluentDocker.Builders;", "\n", '"', 'const string X = "b:2";',
             "image: ", ","]  # fmt: skip


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=25).map("".join))
def test_any_source_raises_nothing(text: str) -> None:
    for occurrence in scan_fluentdocker(text):
        assert occurrence.text
