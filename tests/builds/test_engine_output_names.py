"""The image a ``docker buildx build --output type=image,name=NAME`` makes is the project's
(sources.builds._engine_commands): BuildKit's image exporters name it as ``-t`` does."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tagsense.sources import scan_paths
from tagsense.sources.builds._engine_commands import engine_command

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.parametrize(
    ("output", "names"),
    [
        (["--output", "type=image,name=quay.io/acme/base:ci"], ("quay.io/acme/base",)),
        (["-o", "type=docker,name=acme/app"], ("acme/app",)),
        (['--output=type=registry,"name=a/b:1,c/d:2",push=true'], ("a/b", "c/d")),
        (["--output", "type=local,dest=out"], ()),  # (files, no image)
        (["-o", "out/"], ()),  # (a directory: `type=local,dest=out/`)
    ],
)
def test_an_image_exporter_names_what_the_build_makes(
    output: list[str], names: tuple[str, ...]
) -> None:
    build = engine_command("docker", ["buildx", "build", *output, "."], 1)
    assert build is not None
    assert tuple(build.names) == names


WORKFLOW = """\
on: push
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - run: |
          docker buildx build --output "type=image,name=quay.io/acme/base:ci" base
      - run: |
          docker build --build-arg TAG=ci -f app/Dockerfile app
"""


def test_a_base_an_earlier_step_exports_is_built_not_pulled(tmp_path: Path) -> None:
    # bgruening/docker-galaxy's pull-request workflow builds galaxy-container-base with
    # --output "type=image,name=quay.io/bgruening/$image_name:ci-testing", then
    # galaxy-cluster-base FROM it with IMAGE_TAG=ci-testing (survey 38c: a false TS003).
    (tmp_path / ".git").mkdir()
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text(WORKFLOW)
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "Dockerfile").write_text("FROM debian:12.8\n")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "Dockerfile").write_text("ARG TAG=1.0\nFROM quay.io/acme/base:${TAG}\n")
    scan = scan_paths([str(tmp_path)])
    bases = [o for o in scan.occurrences if o.text.startswith("quay.io/acme/base")]
    assert [(o.text, o.built is not None) for o in bases] == [("quay.io/acme/base:ci", True)]
