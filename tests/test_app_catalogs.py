"""Self-hosting app catalogs: the images a platform pulls when a user installs an app.

Portainer app templates (``templates.json``), Unraid Docker templates (``NAME.xml``),
CapRover one-click apps (``captainVersion: 4``), TrueNAS apps (``ix_values.yaml``), a
Dokploy template's ``template.toml``, Easypanel templates (``meta.yaml``), a 1Panel app's
``data.yml``.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from tagsense import check, find_references
from tagsense.sources.platforms.caprover import scan_one_click_app
from tagsense.sources.platforms.portainer import scan_app_templates
from tagsense.sources.platforms.unraid import scan_template

if TYPE_CHECKING:
    from pathlib import Path

#: Lissy93/portainer-templates' templates.json at commit 960d7de1 (MIT): two of its 524
#: templates, a container (type 1) and a compose stack (type 3), shortened.
PORTAINER_V3 = """\
{
  "version": "3",
  "templates": [
    {
      "categories": ["Other"],
      "env": [{"default": "1000", "label": "PUID", "name": "PUID"}],
      "image": "adguard/adguardhome:latest",
      "name": "adguard",
      "platform": "linux",
      "ports": ["53:53/tcp", "3000:3000/tcp"],
      "restart_policy": "unless-stopped",
      "title": "Adguard",
      "type": 1,
      "id": 3
    },
    {
      "categories": ["Automation", "Ai"],
      "name": "activepieces",
      "repository": {
        "stackfile": "Template/Stack/activepieces.yml",
        "url": "https://github.com/xneo1/portainer_templates"
      },
      "title": "Activepieces",
      "type": 3,
      "id": 1
    }
  ]
}
"""

#: Portainer 1.x's format (portainer/templates' templates.json): a bare list, string types,
#: and a registry of the image's own.
PORTAINER_V1 = """\
[
  {"type": "container", "title": "Registry", "image": "registry:latest", "platform": "linux"},
  {"type": "container", "title": "Etcd", "registry": "quay.io", "image": "coreos/etcd:v3.5"},
  {"type": "stack", "title": "Stack", "repository": {"url": "x", "stackfile": "s.yml"}}
]
"""


def test_a_portainer_container_template_s_image_is_pulled(tmp_path: Path) -> None:
    (tmp_path / "templates.json").write_text(PORTAINER_V3)
    scan = find_references(str(tmp_path))
    assert [(o.line, o.column, o.kind, o.text, dict(o.context)) for o in scan] == [
        (7, 17, "portainer", "adguard/adguardhome:latest",
         {"field": "templates.image", "template": "Adguard"}),
    ]  # fmt: skip
    findings = check(scan, as_of=date(2026, 12, 5))
    assert [(f.line, f.code) for f in findings] == [(7, "TS001")]


def test_portainer_1_templates_and_a_template_s_registry(tmp_path: Path) -> None:
    (tmp_path / "v1.json").write_text(PORTAINER_V1)
    scan = find_references(str(tmp_path))
    assert [(o.line, o.raw, o.text) for o in scan] == [
        (2, "registry:latest", "registry:latest"),
        (3, "coreos/etcd:v3.5", "quay.io/coreos/etcd:v3.5"),
    ]


def test_json_that_is_no_template_file_is_not_read(tmp_path: Path) -> None:
    # (a package.json-like object, a list whose items lack a type, a broken file, a list of
    # titled pictures with no key of Portainer's)
    (tmp_path / "a.json").write_text('{"title": "x", "type": "module", "image": "logo.png"}')
    (tmp_path / "b.json").write_text('[{"title": "x", "image": "redis"}, {"type": 1}]')
    (tmp_path / "c.json").write_text('{"templates": [{"title": "x", "type": 1, "image": }]}')
    (tmp_path / "d.json").write_text('[{"title": "Cat", "type": 1, "image": "cat.png"}]')
    assert list(find_references(str(tmp_path))) == []
    assert scan_app_templates('{"version": "2", "templates": []}') is None


#: An Unraid Docker template in the shape of linuxserver/templates' unraid/*.xml (written
#: here: the XML declaration, a comment, <Container version="2">, <Repository>).
UNRAID_TEMPLATE = """\
<?xml version="1.0"?>
<!-- generated -->
<Container version="2">
    <Name>adguardhome-sync</Name>
    <Repository>lscr.io/linuxserver/adguardhome-sync</Repository>
    <Registry>https://github.com/orgs/linuxserver/packages/container/package/x</Registry>
    <Network>bridge</Network>
</Container>
"""


def test_an_unraid_template_s_repository_is_pulled(tmp_path: Path) -> None:
    (tmp_path / "unraid").mkdir()
    (tmp_path / "unraid" / "adguardhome-sync.xml").write_text(UNRAID_TEMPLATE)
    (tmp_path / "unraid" / "pom.xml").write_text("<project><Repository>x</Repository></project>")
    scan = find_references(str(tmp_path))
    assert [(o.line, o.column, o.kind, o.text, dict(o.context)) for o in scan] == [
        (5, 17, "unraid", "lscr.io/linuxserver/adguardhome-sync",
         {"field": "Repository", "container": "adguardhome-sync"}),
    ]  # fmt: skip
    findings = check(scan, as_of=date(2026, 12, 5))
    assert [(f.line, f.code) for f in findings] == [(5, "TS002")]


def test_a_named_unraid_template_is_read_as_one(tmp_path: Path) -> None:
    (tmp_path / "app.xml").write_text(UNRAID_TEMPLATE.replace("sync<", "sync:v0.8.2<"))
    scan = find_references(str(tmp_path / "app.xml"))
    assert [o.text for o in scan] == ["lscr.io/linuxserver/adguardhome-sync:v0.8.2"]


#: caprover/one-click-apps' public/v4/apps/gitea.yml at commit dab9e6cf (Apache-2.0),
#: shortened, and crater.yml's dockerfileLines and environment; dolibarr.yml's id with a "-".
CAPROVER_APP = """\
captainVersion: 4
services:
    $$cap_appname-db:
        image: mysql:$$cap_mysql_version
        restart: always
    $$cap_appname:
        image: gitea/gitea:$$cap_gitea_version
    $$cap_appname-crater:
        caproverExtra:
            dockerfileLines:
                - ARG CRATER_PHP_VERSION
                - FROM shinsenter/crater:php$CRATER_PHP_VERSION
        environment:
            CRATER_PHP_VERSION: $$cap_PHP_VERSION
    $$cap_appname-dolibarr:
        image: upshift/dolibarr:$$cap_dolibarr-version
caproverOneClickApp:
    variables:
        - id: $$cap_db_pass
          defaultValue: $$cap_gen_random_hex(10)
        - id: $$cap_gitea_version
          label: Gitea Version
          defaultValue: '1.21.1'
        - id: $$cap_mysql_version
          label: MySQL Version
        - id: $$cap_PHP_VERSION
          defaultValue: '8.1'
        - id: $$cap_dolibarr-version
          defaultValue: '18.0.4'
    displayName: 'Gitea'
"""


def test_a_caprover_one_click_app_pulls_its_images_with_the_variables_defaults(
    tmp_path: Path,
) -> None:
    (tmp_path / "public" / "v4" / "apps").mkdir(parents=True)
    (tmp_path / "public" / "v4" / "apps" / "gitea.yml").write_text(CAPROVER_APP)
    scan = find_references(str(tmp_path))
    assert [(o.line, o.column, o.kind, o.text, o.unresolved) for o in scan] == [
        (4, 16, "caprover", "mysql:$$cap_mysql_version", ("$$cap_mysql_version",)),
        (7, 16, "caprover", "gitea/gitea:1.21.1", ()),
        (12, 24, "caprover", "shinsenter/crater:php8.1", ()),
        (16, 16, "caprover", "upshift/dolibarr:18.0.4", ()),
    ]
    assert scan.occurrences[2].context["field"] == "dockerfileLines"
    findings = check(scan, as_of=date(2026, 12, 5))
    assert [(f.line, f.code) for f in findings] == [(4, "TS011"), (12, "TS003")]


def test_yaml_that_is_no_one_click_app_is_not_read_as_one() -> None:
    assert scan_one_click_app("services:\n  a:\n    image: redis\n") is None


#: Dokploy/templates at commit 285e667c (MIT): blueprints/huly's compose file and
#: template.toml (shortened), and posthog's [config.env] table with a default the template
#: overrides (posthog's compose file has no default; openinary's has ${IMAGE_TAG:-latest}).
DOKPLOY_COMPOSE = """\
services:
  front:
    image: hardcoreeng/front:${HULY_VERSION}
    environment:
      - SECRET=${SECRET}
  stats:
    image: hardcoreeng/stats:${STATS_TAG:-latest}
  other:
    image: hardcoreeng/other:${OTHER_TAG}
"""
DOKPLOY_TEMPLATE = """\
[variables]
main_domain = "${domain}"
huly_secret = "${base64:64}"
stats_tag = "v0.6.468"

[config]
env = [
  "HULY_VERSION=v0.6.468",
  "SECRET=${huly_secret}",
  "STATS_TAG=${stats_tag}",
  "OTHER_TAG=${main_domain}",
]
"""


def test_a_dokploy_template_s_environment_feeds_its_compose_file(tmp_path: Path) -> None:
    blueprint = tmp_path / "blueprints" / "huly"
    blueprint.mkdir(parents=True)
    (blueprint / "docker-compose.yml").write_text(DOKPLOY_COMPOSE)
    (blueprint / "template.toml").write_text(DOKPLOY_TEMPLATE)
    scan = find_references(str(tmp_path))
    assert [(o.line, o.text, o.unresolved) for o in scan] == [
        (3, "hardcoreeng/front:v0.6.468", ()),
        (7, "hardcoreeng/stats:v0.6.468", ()),  # (the template's value, not the default)
        (9, "hardcoreeng/other:", ("OTHER_TAG",)),  # (a helper's value: a deployment's)
    ]
    assert scan.occurrences[0].context["command"]["tool"] == "dokploy"
    # (a [config.env] table; and no template: the file alone)
    (blueprint / "template.toml").write_text('[config.env]\nHULY_VERSION = "v0.7.1"\n')
    assert next(o.text for o in find_references(str(tmp_path))) == "hardcoreeng/front:v0.7.1"
    (blueprint / "template.toml").unlink()
    assert [o.text for o in find_references(str(tmp_path))][1] == "hardcoreeng/stats:latest"


#: truenas/apps at commit 5a5f8aa8 (LGPL-3.0): trains/community/actual-budget/1.4.15/
#: ix_values.yaml's images, and a key with no tag.
IX_VALUES = """\
images:
  image:
    repository: actualbudget/actual-server
    tag: 26.8.1
  container_utils_image:
    repository: ixsystems/container-utils
    tag: 1.0.2
  half:
    repository: nginx
consts:
  actual_budget_container_name: actual-budget
"""


def test_a_truenas_app_s_images_are_its_values_repository_and_tag(tmp_path: Path) -> None:
    (tmp_path / "ix_values.yaml").write_text(IX_VALUES)
    (tmp_path / "values.yaml").write_text(IX_VALUES)  # (no app's values by that name)
    scan = find_references(str(tmp_path))
    assert [(o.line, o.column, o.kind, o.text, o.context["image"]) for o in scan] == [
        (3, 17, "truenas", "actualbudget/actual-server:26.8.1", "image"),
        (6, 17, "truenas", "ixsystems/container-utils:1.0.2", "container_utils_image"),
    ]


#: An Easypanel template's meta.yaml in the shape of easypanel-io/templates' adminer (written
#: here): the form's image fields and their defaults.
EASYPANEL_META = """\
name: Adminer
schema:
  type: object
  required:
    - appServiceImage
  properties:
    appServiceName:
      type: string
      default: adminer
    appServiceImage:
      type: string
      title: App Service Image
      default: adminer:5.4.2
    databaseServiceImage:
      type: string
      default: postgres:17
"""


def test_an_easypanel_template_s_image_fields_defaults_are_pulled(tmp_path: Path) -> None:
    template = tmp_path / "templates" / "adminer"
    template.mkdir(parents=True)
    (template / "meta.yaml").write_text(EASYPANEL_META)
    (template / "index.ts").write_text("export function generate() {}\n")
    (tmp_path / "meta.yaml").write_text(EASYPANEL_META)  # (no index.ts beside it)
    scan = find_references(str(tmp_path))
    assert [(o.line, o.column, o.kind, o.text) for o in scan] == [
        (13, 16, "easypanel", "adminer:5.4.2"),
        (16, 16, "easypanel", "postgres:17"),
    ]


@given(st.text(max_size=300))
def test_the_catalog_readers_hold_on_any_text(text: str) -> None:
    scan_app_templates(text)
    scan_one_click_app("captainVersion: 4\nservices:\n" + text)
    for occurrence in scan_template("<Container>" + text).occurrences:
        assert occurrence.line >= 1


#: 1Panel-dev/appstore at commit 6a5c3cd8 (GPL-3.0): apps/keydb/6.3.4's compose file and its
#: data.yml's form (labels left out), apps/umami's database field with a child, and
#: apps/go/data.yml and apps/go/1.24's compose file (a runtime: its version is the directory).
PANEL_COMPOSE = """\
services:
  keydb:
    image: eqalpha/keydb:${ARCH}_v6.3.4
  umami:
    image: ghcr.io/umami-software/umami:${PANEL_DB_TYPE}-v2.20.2
  db:
    image: postgres:${PANEL_DB_HOST}
"""
PANEL_FORM = """\
additionalProperties:
    formFields:
        - default: 6379
          envKey: PANEL_APP_PORT_HTTP
          type: number
        - envKey: ARCH
          default: 'x86_64'
          type: select
          values:
            - label: amd64
              value: 'x86_64'
        - child:
            default: ""
            envKey: PANEL_DB_HOST
            type: service
          default: postgresql
          envKey: PANEL_DB_TYPE
"""
PANEL_RUNTIME = """\
name: Go
additionalProperties:
  key: go
  type: go
"""


def test_a_1panel_app_s_form_feeds_its_compose_file(tmp_path: Path) -> None:
    version = tmp_path / "apps" / "keydb" / "6.3.4"
    version.mkdir(parents=True)
    (version / "docker-compose.yml").write_text(PANEL_COMPOSE)
    (version / ".env").write_text("ARCH=\n")  # (1Panel writes it from the form)
    (version / "data.yml").write_text(PANEL_FORM)
    scan = find_references(str(tmp_path))
    assert [(o.line, o.text, o.unresolved) for o in scan] == [
        (3, "eqalpha/keydb:x86_64_v6.3.4", ()),
        (5, "ghcr.io/umami-software/umami:postgresql-v2.20.2", ()),
        (7, "postgres:", ("PANEL_DB_HOST",)),  # (a service the user picks: no default)
    ]
    assert scan.occurrences[0].context["command"]["tool"] == "1panel"
    (version / "data.yml").unlink()
    assert next(o.text for o in find_references(str(tmp_path))) == "eqalpha/keydb:_v6.3.4"


def test_a_1panel_runtime_s_version_is_its_directory(tmp_path: Path) -> None:
    app = tmp_path / "apps" / "go"
    (app / "1.24").mkdir(parents=True)
    (app / "data.yml").write_text(PANEL_RUNTIME)
    (app / "1.24" / "data.yml").write_text(PANEL_FORM)
    (app / "1.24" / "docker-compose.yml").write_text(
        "services:\n  golang:\n    image: golang:${GO_VERSION}\n"
    )
    assert [o.text for o in find_references(str(tmp_path))] == ["golang:1.24"]
    # (an app that is no runtime gives no version)
    (app / "data.yml").write_text(PANEL_RUNTIME.replace("type: go", "type: website"))
    assert [o.unresolved for o in find_references(str(tmp_path))] == [("GO_VERSION",)]


def test_a_1panel_php_runtime_runs_the_image_its_build_project_builds(tmp_path: Path) -> None:
    # 1Panel-dev/appstore at commit 6a5c3cd8 (GPL-3.0): apps/php8/8.4.6 (cut down)
    app = tmp_path / "apps" / "php8"
    (app / "8.4.6" / "build").mkdir(parents=True)
    (app / "data.yml").write_text(PANEL_RUNTIME.replace("type: go", "type: php"))
    (app / "8.4.6" / "data.yml").write_text(PANEL_FORM)
    (app / "8.4.6" / "docker-compose.yml").write_text(
        "services:\n  php:\n    image: ${IMAGE_NAME}\n"
    )
    (app / "8.4.6" / "build" / ".env").write_text(
        "PHP_VERSION=8.4.6\nIMAGE_NAME=1panel-php:8.4.6\n"
    )
    found = [
        (o.text, o.unresolved) for o in find_references(str(app / "8.4.6" / "docker-compose.yml"))
    ]
    assert found == [("1panel-php:8.4.6", ())]
    assert check(find_references(str(tmp_path)), as_of=date(2026, 12, 5)) == []  # (1Panel's)


def test_the_catalog_files_looked_for_are_the_readers_own() -> None:
    from tagsense.sources._catalog_runs import CATALOG_FILES
    from tagsense.sources._dokploy_template import TEMPLATE_NAME
    from tagsense.sources._panel_app import APP_NAME

    assert set(CATALOG_FILES) == {TEMPLATE_NAME, APP_NAME}
    assert CATALOG_FILES[TEMPLATE_NAME][1] == "template_env_run"
    assert CATALOG_FILES[APP_NAME][1] == "app_env_run"
