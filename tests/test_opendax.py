"""OpenDAX's compose templates (``templates/compose/*.yaml.erb``), read as ``rake
render:config`` renders them with ``config/app.yml`` and ``config/utils.yml``."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tagsense import check, find_references
from tagsense.sources.discover import kind_of_file
from tagsense.sources.platforms import opendax

if TYPE_CHECKING:
    from pathlib import Path

# from openware/opendax@e204b565e6879bf5afcd3450a93e5d226262d6a6 config/app.yml (shortened)
APP_YML = """\
---
app:
  name: OpenDAX
  domain: app.local
ssl:
  enabled: false
images:
  peatio: quay.io/openware/peatio:2.6.48
  rango: quay.io/openware/rango:2.6.1
finex:
  enabled: false
  image: quay.io/openware/finex:2.6.39
database:
  host: db
  adapter: mysql
"""

# from openware/opendax@e204b565e6879bf5afcd3450a93e5d226262d6a6 config/utils.yml (shortened)
UTILS_YML = """\
images:
  applogic: rubykube/applogic:latest
"""

# from openware/opendax@e204b565e6879bf5afcd3450a93e5d226262d6a6
# templates/compose/app.yaml.erb and backend.yaml.erb (shortened)
APP_TEMPLATE = """\
version: '3.6'

services:
  peatio:
    restart: always
    image: "<%= @config['images']['peatio'] %>"
    env_file:
      - ../config/peatio.env

<% if @config['finex']['enabled'] %>
  finex-api:
    image: "<%= @config['finex']['image'] %>"
<% end %>

  applogic:
    image: "<%= @utils['images']['applogic'] %>"
    labels:
      - "traefik.http.routers.applogic-<%= @name %>.rule=Host(`<%= @config['app']['domain'] %>`)"
      <%- if @config['ssl']['enabled'] -%>
      - "traefik.http.routers.applogic-<%= @name %>.entrypoints=websecure"
      <%- else -%>
      - "traefik.http.routers.applogic-<%= @name %>.entrypoints=web"
      <%- end -%>

  db:
    <%- if @config['database']['adapter'] == 'mysql' %>
    image: mysql:5.7
    <%- elsif @config['database']['adapter'] == 'postgresql' %>
    image: postgres:13
    <%- end %>
"""


def _project(tmp_path: Path, template: str = APP_TEMPLATE) -> Path:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "app.yml").write_text(APP_YML)
    (tmp_path / "config" / "utils.yml").write_text(UTILS_YML)
    (tmp_path / "templates" / "compose").mkdir(parents=True)
    path = tmp_path / "templates" / "compose" / "app.yaml.erb"
    path.write_text(template)
    return path


def test_a_compose_template_is_read_as_its_project_renders_it(tmp_path: Path) -> None:
    _project(tmp_path)
    scan = find_references(str(tmp_path))
    assert [(o.line, o.column, o.kind, o.text) for o in scan] == [
        (6, 13, "compose", "quay.io/openware/peatio:2.6.48"),
        (16, 13, "compose", "rubykube/applogic:latest"),
        (27, 12, "compose", "mysql:5.7"),
    ]  # (finex is not enabled; the database is MySQL)
    findings = check(scan, as_of=date(2026, 12, 5))
    assert [(f.line, f.code) for f in findings] == [(16, "TS001"), (27, "TS004")]


def test_the_configuration_decides_the_branches(tmp_path: Path) -> None:
    path = _project(tmp_path)
    app = (tmp_path / "config" / "app.yml").read_text()
    app = app.replace("enabled: false\n  image", "enabled: true\n  image")
    (tmp_path / "config" / "app.yml").write_text(app.replace("mysql", "postgresql"))
    assert [o.text for o in find_references(str(path))] == [
        "quay.io/openware/peatio:2.6.48",
        "quay.io/openware/finex:2.6.39",
        "rubykube/applogic:latest",
        "postgres:13",
    ]


def test_without_its_configuration_a_template_is_not_read(tmp_path: Path) -> None:
    path = _project(tmp_path)
    (tmp_path / "config" / "app.yml").unlink()
    scan = find_references(str(path))
    assert list(scan) == []
    assert [e.note for e in scan.errors] == [True]  # (a template, not read: as before)


def test_an_image_of_other_ruby_leaves_the_template_unread(tmp_path: Path) -> None:
    template = APP_TEMPLATE.replace("@config['images']['peatio']", "ENV['PEATIO_IMAGE']")
    path = _project(tmp_path, template)
    scan = find_references(str(path))
    assert list(scan) == []
    assert [e.note for e in scan.errors] == [True]


def test_only_templates_compose_is_an_opendax_template() -> None:
    assert kind_of_file("templates/compose/app.yaml.erb") == "deploy"
    assert kind_of_file("deploy/templates/compose/daemons.yml.erb") == "deploy"
    assert kind_of_file("templates/app.yaml.erb") is None
    assert kind_of_file("templates/compose/.yaml.erb") is None


_RUBY = st.sampled_from(
    [
        "<% if @config['a'] %>",
        "<%- else -%>",
        "<% end %>",
        "<% elsif @config['a'] == 'x' %>",
        "<% unless @config['b']['c'] %>",
        "image: <%= @config['a'] %>",
        "x: <%= @name %>",
        "<%# comment %>",
        "  image: redis:7",
        "",
        "<% foo() %>",
    ]
)


@given(st.lists(_RUBY, max_size=12), st.sampled_from([{"a": "x"}, {"a": None, "b": {}}, {}]))
def test_rendering_keeps_the_lines_or_says_it_cannot(
    lines: list[str], config: dict[str, object]
) -> None:
    text = "\n".join(lines)
    try:
        rendered = opendax._render(text, {"config": config, "utils": None})
    except opendax._Unknown:
        return
    assert rendered.count("\n") == text.count("\n")
    assert "<%" not in rendered
