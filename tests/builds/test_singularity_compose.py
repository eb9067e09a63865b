"""singularity-compose: the Docker images its instances pull (builds.singularity_compose)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tagsense.sources import scan_paths
from tagsense.sources.builds import build_tool
from tagsense.sources.builds.singularity_compose import scan_singularity_compose
from tagsense.sources.discover import is_compose_name

if TYPE_CHECKING:
    from pathlib import Path

# from DigitalSlideArchive/digital_slide_archive@79877da493b1 (Apache-2.0)
# devops/singularity-minimal/singularity-compose.yml, cut down (survey 46i): the two instances
# pull their Docker images, which no reader found before
DSA_MINIMAL = """\
---
version: '2.0'
instances:
  girder:
    image: "docker://dsarchive/dsa_common"
    name: girder
    depends_on:
      - mongodb
    command:
      bash -c 'python provision.py --sample-data && girder serve'
  mongodb:
    image: "docker://mongo:latest"
    name: mongodb
    command: --nojournal
    volumes:
      - ./db:/data/db
"""


def test_instances_pull_their_docker_images(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    file = tmp_path / "singularity-compose.yml"
    file.write_text(DSA_MINIMAL)
    assert build_tool(file) == "singularity-compose"
    assert not is_compose_name(file)  # (not Docker's compose format: no `services`)
    found = scan_paths([str(tmp_path)])
    assert list(found.errors) == []
    places = [(o.kind, o.line, o.column, o.text, o.context["instance"]) for o in found]
    assert places == [
        ("singularity-compose", 5, 22, "dsarchive/dsa_common", "girder"),
        ("singularity-compose", 12, 22, "mongo:latest", "mongodb"),
    ]
    # (the same alone, as pre-commit passes it)
    assert [o.text for o in scan_paths([str(file)])] == [o.text for o in found]


def test_a_build_a_local_file_and_other_stores_pull_no_docker_image() -> None:
    text = (
        "instances:\n  app:\n    build:\n      context: ./app\n    image: docker://acme/app:1\n"
        "  local:\n    image: images/nginx.sif\n  hub:\n    image: library://sylabs/redis:7\n"
        "  shub:\n    image: shub://vsoch/hello-world\n  empty:\n    image: 'docker://'\n"
        "  db:\n    image: docker://postgres:16.4\n"
    )
    found = scan_singularity_compose(text)
    assert [(o.text, o.context["instance"]) for o in found.scan] == [("postgres:16.4", "db")]


@given(
    st.lists(
        st.sampled_from(
            ["instances:\n", "  a:\n", "    image: docker://redis:7.4\n", "    build: {}\n",
             "    image: 'docker://mongo:7'\n", "  - [\n", "b: 1\n", "\t\n", "  c: 2\n"]
        ),
        max_size=12,
    )
)  # fmt: skip
def test_any_text_is_read_without_raising_and_each_image_is_where_it_is_written(
    lines: list[str],
) -> None:
    text = "".join(lines)
    found = scan_singularity_compose(text)
    written = text.split("\n")
    for occurrence in found.scan:
        line = written[occurrence.line - 1]
        assert line[occurrence.column - 1 :].startswith(occurrence.text)
