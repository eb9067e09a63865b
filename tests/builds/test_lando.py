"""Lando: the images a Landofile's compose services run (sources.builds.lando)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tagsense.sources import scan_paths
from tagsense.sources.builds import build_tool
from tagsense.sources.builds.lando import scan_lando

if TYPE_CHECKING:
    from pathlib import Path

# from samvera/valkyrie@455e2f880ae1 .lando.yml, cut down (survey 35b): two typed services
# (Lando's own images) and two compose services, whose images are pulled as written
VALKYRIE = """\
name: valkyrie
services:
  valkyrie_test_solr_7:
    type: solr:7
    core: valkyrie-core-test
  valkyrie_database:
    type: postgres:10
    portforward: 5433
  valkyrie_fedora_4:
    type: compose
    app_mount: false
    services:
      image: samvera/fcrepo4:4.7.5
      command: /fedora-entrypoint.sh
  valkyrie_fedora_6:
    type: compose
    services:
      image: fcrepo/fcrepo:6.5.1-RC3-tomcat9
      command:
        - "catalina.sh"
"""


def test_compose_services_pull_their_images(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    landofile = tmp_path / ".lando.yml"
    landofile.write_text(VALKYRIE)
    assert build_tool(landofile) == "lando"
    found = scan_paths([str(tmp_path)])
    assert list(found.errors) == []
    places = [(o.kind, o.line, o.column, o.text, o.context["service"]) for o in found]
    assert places == [
        ("lando", 13, 14, "samvera/fcrepo4:4.7.5", "valkyrie_fedora_4"),
        ("lando", 18, 14, "fcrepo/fcrepo:6.5.1-RC3-tomcat9", "valkyrie_fedora_6"),
    ]
    # (the same alone, as pre-commit passes it)
    assert [o.text for o in scan_paths([str(landofile)])] == [o.text for o in found]


def test_a_built_compose_service_and_typed_services_pull_nothing_written() -> None:
    text = (
        "services:\n  app:\n    type: lando\n    services:\n      image: acme/app:dev\n"
        "      build: .\n  web:\n    type: php:8.1\n    overrides:\n"
        "      image: devwithlando/php:8.1-apache-4\n  other:\n    type: compose\n"
        "    services:\n      image: ''\n"
    )
    found = scan_lando(text)
    assert [(o.text, o.context["field"]) for o in found.scan] == [
        ("devwithlando/php:8.1-apache-4", "overrides.image")
    ]


@given(
    st.lists(
        st.sampled_from(
            ["services:\n", "  a:\n", "    type: compose\n", "    services:\n",
             "      image: redis:7.4\n", "    overrides: {image: x:1}\n", "  - [\n", "b: 1\n",
             "      build: .\n", "    type: lando\n", "\t\n"]
        ),
        max_size=12,
    )
)  # fmt: skip
def test_any_text_is_read_without_raising_and_each_image_is_where_it_is_written(
    lines: list[str],
) -> None:
    text = "".join(lines)
    found = scan_lando(text)
    written = text.split("\n")
    for occurrence in found.scan:
        line = written[occurrence.line - 1]
        assert line[occurrence.column - 1 :].startswith(occurrence.text)
