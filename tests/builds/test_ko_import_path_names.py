"""ko's names by import path: ``ko build -B`` names each image after ``KO_DOCKER_REPO`` and the
last element of its import path (``-P``: the whole path), and a step that runs that name, with
the same run's values in the same places, runs the build (sources.builds._engine_commands)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tagsense import check, find_references
from tagsense.sources.builds._engine_commands import ko_built

if TYPE_CHECKING:
    from pathlib import Path

# google/go-containerregistry's cloudbuild.yaml, cut down (Apache-2.0; survey 31c): the first
# step builds the crane image with ko, the next ones run it.
CLOUDBUILD = """\
steps:
- name: golang
  entrypoint: sh
  args:
  - -c
  - |
    export KO_DOCKER_REPO="gcr.io/$PROJECT_ID"
    ko build --platform=all -B github.com/google/go-containerregistry/cmd/crane -t latest
    ko build --platform=all -B github.com/google/go-containerregistry/cmd/gcrane -t latest

- name: gcr.io/$PROJECT_ID/crane
  args: ['digest', 'gcr.io/$PROJECT_ID/crane']

- name: gcr.io/$PROJECT_ID/tools
  args: ['version']
"""


@pytest.mark.parametrize(
    ("words", "names"),
    [
        (["build", "-B", "github.com/acme/app/cmd/crane"], ["registry.acme.io/team/crane"]),
        (
            ["build", "--base-import-paths", "./cmd/app/", "./cmd/cli"],
            ["registry.acme.io/team/app", "registry.acme.io/team/cli"],
        ),
        (["publish", "-P", "github.com/acme/app"], ["registry.acme.io/team/github.com/acme/app"]),
        # (a tag's value is no import path; a path's last element, as ko writes it, lower case)
        (["build", "-B", "-t", "latest", "./cmd/Tool"], ["registry.acme.io/team/tool"]),
        # (without -B or -P, ko hashes the import path into the name: not known)
        (["build", "./cmd/app"], []),
        (["resolve", "-B", "-f", "config/"], []),
    ],
)
def test_names_by_import_path(words: list[str], names: list[str]) -> None:
    built = ko_built(words, {"KO_DOCKER_REPO": "registry.acme.io/team"}, 1)
    assert [name for build in built for name in build.names] == names


def test_a_step_runs_the_image_an_earlier_step_builds_with_ko(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cloudbuild.yaml").write_text(CLOUDBUILD)
    found = find_references("cloudbuild.yaml")
    built = {(o.line, o.raw): o.built for o in found}
    crane = built[(11, "gcr.io/$PROJECT_ID/crane")]
    assert crane is not None and crane.line == 8
    # (nothing here builds it, but it is in the build's own project registry: the project's,
    # see tagsense.sources._cloudbuild_registry)
    tools = built[(14, "gcr.io/$PROJECT_ID/tools")]
    assert tools is not None and tools.tool == "cloudbuild-registry"
    assert [(f.line, f.code) for f in check(found)] == [(2, "TS002")]
