"""just: the images a justfile's recipes build (sources.builds.just).

Modelled on hcengineering/platform's ``foundations/hulylake/Justfile`` (``cd server && docker
buildx build --tag=hardcoreeng/hulylake:latest --platform={{platform}} --load .``), whose image
its compose files run.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest

from tagsense import find_references
from tagsense.sources import BuildSite
from tagsense.sources.builds import build_tool
from tagsense.sources.builds.just import read_justfile

if TYPE_CHECKING:
    from pathlib import Path

JUSTFILE = """\
registry := "ghcr.io/acme"
export TAG := '1.4.2'
version := `git describe`

# build the server image
[group('images')]
image platform='linux/amd64':
    cd server && docker buildx build --tag=hulylake/server:latest --platform={{platform}} --load .

push: image
    @docker build -t {{registry}}/api:{{TAG}} \\
        --build-arg GO=1.22 -f api/Dockerfile .
    -docker build -t {{registry}}/tool:{{version}} tool

notes:
    echo "docker build -t not/an-image ."

[script]
script-recipe:
    docker build -t {{registry}}/script ./script

shebang:
    #!/usr/bin/env bash
    set -euo pipefail
    docker build -t {{ registry }}/bash bash
"""


def test_a_justfile_s_recipes_build_what_they_tag(tmp_path: Path) -> None:
    path = tmp_path / "justfile"
    path.write_text(JUSTFILE)
    result = read_justfile(str(path))
    assert result.scan.errors == ()
    assert [(image.name, image.site.line) for image in result.built] == [
        ("hulylake/server", 8),
        ("ghcr.io/acme/api", 11),
        ("ghcr.io/acme/tool", 13),  # (a backtick value is a run's: the tag does not matter)
        ("ghcr.io/acme/script", 20),
        ("ghcr.io/acme/bash", 24),
    ]
    server, api, tool, script, bash = result.builds
    assert server.site == BuildSite("just", str(path), 8)
    assert server.context == os.path.join(str(tmp_path), "server")
    assert (api.dockerfile, dict(api.args)) == (
        str(tmp_path / "api" / "Dockerfile"),
        {"GO": "1.22"},
    )
    assert tool.context == str(tmp_path / "tool")
    assert script.context == str(tmp_path / "script")
    assert bash.context == str(tmp_path / "bash")


@pytest.mark.parametrize("name", ["justfile", "Justfile", ".justfile"])
def test_a_justfile_is_just_s(name: str) -> None:
    assert build_tool(name) == "just"


def test_an_image_a_recipe_builds_is_no_pull(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "Justfile").write_text("image:\n    docker build -t acme/lake:latest server\n")
    (tmp_path / "compose.yaml").write_text("services:\n  lake: {image: acme/lake}\n")
    monkeypatch.chdir(tmp_path)
    for scan in (find_references("."), find_references("compose.yaml")):
        (lake,) = [o for o in scan if o.text == "acme/lake"]
        assert lake.built == BuildSite("just", "Justfile", 2)


def test_the_images_a_recipe_runs_are_pulls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # maplibre/martin's justfile: `docker run … sqlfluff/sqlfluff:latest fix …` and four more
    # recipes that run linters' images (5 pulls missed, survey 28x); the image a recipe
    # builds and then runs is the project's.
    (tmp_path / ".git").mkdir()
    (tmp_path / "justfile").write_text(
        "lint := 'sqlfluff/sqlfluff:latest'\n\n"
        "fmt-sql:\n"
        "    docker run -it --rm -v $PWD:/sql {{lint}} fix --dialect=postgres\n\n"
        "check-md:\n"
        "    docker run --rm -v ${PWD}:/workdir --entrypoint sh \\\n"
        "      ghcr.io/tcort/markdown-link-check -c 'echo'\n\n"
        "demo:\n"
        "    docker build -t acme/demo:dev .\n"
        "    docker run --rm acme/demo:dev\n"
    )
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    assert [(o.line, o.text, o.kind) for o in scan] == [
        (4, "sqlfluff/sqlfluff:latest", "shell"),
        (8, "ghcr.io/tcort/markdown-link-check", "shell"),  # (on the line just joins)
        (12, "acme/demo:dev", "shell"),
    ]
    assert [o.built for o in scan][:2] == [None, None]
    assert scan.occurrences[2].built == BuildSite("just", "justfile", 11)
    assert scan.occurrences[0].context["tool"] == "just"


def test_a_recipe_s_parameters_are_their_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # cerbos/cerbos's .justfile: `generate-api-docs REDOCLY_VERSION='1.18.1':` runs `docker run
    # … redocly/cli:{{ REDOCLY_VERSION }} bundle …` (missed before, survey 46c). `just RECIPE`
    # with no arguments gives each parameter its default; one without a default is a run's,
    # and hides the file's variable of its name in its recipe.
    (tmp_path / ".git").mkdir()
    (tmp_path / ".justfile").write_text(
        "version := '3.1.14'\n"
        "tool := 'acme/tool'\n\n"
        "generate-api-docs REDOCLY_VERSION='1.18.1':\n"
        "    @ docker run -e X=off redocly/cli:{{ REDOCLY_VERSION }} bundle svc.json\n\n"
        'docs image=tool $TAG="9.4.0" +args="":\n'
        "    docker run --rm {{image}}:{{TAG}} {{args}}\n\n"
        "antora version:\n"
        "    docker run --rm antora/antora:{{version}}\n"
    )
    monkeypatch.chdir(tmp_path)
    scan = find_references(".")
    assert [(o.line, o.text, o.normalized) for o in scan] == [
        (5, "redocly/cli:1.18.1", "docker.io/redocly/cli:1.18.1"),
        (8, "acme/tool:9.4.0", "docker.io/acme/tool:9.4.0"),
    ]  # (not `antora/antora:3.1.14`: the recipe's `version` is a run's)
