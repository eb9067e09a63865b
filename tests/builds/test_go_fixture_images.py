"""The images an end-to-end Go test runs on: a JSON list it embeds, the table of cases it has
BuildKit work on (sources.builds._go_fixture_images)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from tagsense.sources import scan_paths
from tagsense.sources.context import forget

COPACETIC = Path(__file__).parent.parent / "data" / "realworld" / "copacetic-b23efc6c"
FIXTURES = COPACETIC / "integration" / "singlearch" / "fixtures" / "test-images.json"


def found(root: Path) -> list[tuple[str, int, str]]:
    forget()
    scan = scan_paths([str(root)])
    return sorted(
        (os.path.relpath(str(o.path), root), o.line, o.text)
        for o in scan.occurrences
        if o.kind == "testcontainers"
    )


def test_copacetic_s_embedded_list_of_images_is_pulled() -> None:
    # project-copacetic/copacetic's integration/singlearch/patch_test.go embeds
    # fixtures/test-images.json and pulls and patches Image:Tag@Digest of each entry with the
    # docker engine and BuildKit (survey 31c: 29 pulls missed). localName is where the test
    # tags an image: no pull.
    listed = [o for o in found(COPACETIC) if o[0].endswith(".json")]
    entries = json.loads(FIXTURES.read_text())
    assert len(listed) == len(entries)
    first = entries[0]
    assert listed[0] == (
        "integration/singlearch/fixtures/test-images.json",
        3,
        f"{first['image']}:{first['tag']}@{first['digest']}",
    )
    assert not any("copacetic.test" in text or text.startswith("local/") for *_, text in listed)


def test_copacetic_s_gateway_cases_are_pulled() -> None:
    # integration/gateway/distro_test.go patches each case's `image:` through BuildKit's
    # gateway (survey 31c: 9 of its pulls missed).
    tabled = [o for o in found(COPACETIC) if o[0].endswith("distro_test.go")]
    assert tabled[0] == (
        "integration/gateway/distro_test.go",
        29,
        "mcr.microsoft.com/cbl-mariner/base/core:2.0",
    )
    assert ("integration/gateway/distro_test.go", 107, "docker.io/library/rockylinux:9") in tabled
    # (and the cases of a table written without field names, `{"rocky linux",
    # "docker.io/library/rockylinux:9", "Rocky Linux"}`, whose names say a registry or namespace)
    assert ("integration/gateway/distro_test.go", 397, "docker.io/library/rockylinux:9") in tabled
    assert len(tabled) == 22


def test_outside_an_end_to_end_suite_nothing_is_read(tmp_path: Path) -> None:
    # The same tests in a package of unit tests are not the project's pulls: a unit test may
    # decode a list of images it never pulls, and a table of names BuildKit never sees.
    (tmp_path / ".git").mkdir()
    unit = tmp_path / "pkg" / "patch"
    shutil.copytree(COPACETIC / "integration" / "singlearch", unit)
    shutil.copy(COPACETIC / "integration" / "gateway" / "distro_test.go", unit)
    assert found(tmp_path) == []


def test_only_images_with_a_tag_in_a_buildkit_table(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    suite = tmp_path / "test" / "e2e"
    suite.mkdir(parents=True)
    (suite / "build_test.go").write_text(
        "package e2e\n\nimport (\n"
        '\t"testing"\n\n\t"github.com/moby/buildkit/client/llb"\n)\n\n'
        "func TestBuild(t *testing.T) {\n"
        "\tcases := []struct{ image string }{\n"
        '\t\t{image: "alpine:3.20"},\n'
        '\t\t{image: "scratch"},\n'
        '\t\t// {image: "debian:12"},\n'
        "\t}\n"
        "\tfor _, c := range cases {\n\t\t_ = llb.Image(c.image)\n\t}\n}\n"
    )
    assert found(tmp_path) == [("test/e2e/build_test.go", 11, "alpine:3.20")]


def test_an_image_a_buildkit_test_gives_its_helpers_is_pulled(tmp_path: Path) -> None:
    # project-copacetic/copacetic (Apache-2.0) integration/gateway/crossarch_test.go, shortened:
    # the test's helpers take the image BuildKit resolves and patches (survey 31c: 3 pulls
    # missed). An argument without a registry or namespace may be anything ("linux:arm64").
    (tmp_path / ".git").mkdir()
    suite = tmp_path / "integration" / "gateway"
    suite.mkdir(parents=True)
    (suite / "crossarch_test.go").write_text(
        "package gateway\n\nimport (\n"
        '\t"testing"\n\n\tgwclient "github.com/moby/buildkit/frontend/gateway/client"\n'
        '\t"github.com/project-copacetic/copacetic/test/testenv"\n)\n\n'
        "func TestInspectARM64Image(t *testing.T) {\n"
        "\ttestEnv.RunTest(ctx, t, func(ctx context.Context, t *testing.T, c gwclient.Client) {\n"
        '\t\tconfig, err := initBuildkitConfig(ctx, c, "docker.io/arm64v8/alpine:3.18", &p)\n'
        '\t\tinfo, err := testenv.GetOriginalImageLayerCount(ctx, c, "mcr.microsoft.com/x:2", p)\n'
        '\t\trequire.NoError(t, err, "should resolve linux:arm64")\n'
        '\t\tlabel(ctx, "linux:arm64")\n'
        "\t})\n}\n"
    )
    assert found(tmp_path) == [
        ("integration/gateway/crossarch_test.go", 12, "docker.io/arm64v8/alpine:3.18"),
        ("integration/gateway/crossarch_test.go", 13, "mcr.microsoft.com/x:2"),
    ]
