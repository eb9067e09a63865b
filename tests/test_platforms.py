"""Deployment platforms' configurations: the ready images Kamal, Fly.io, Render, DigitalOcean
App Platform and AWS Copilot run.

Fixtures are modelled on published projects: rubyevents/rubyevents's Kamal ``config/deploy.yml``
(ERB on its first line; accessories ``litestream/litestream``, ``browserless/chrome:latest``,
``typesense/typesense:27.1``), basecamp/fizzy's ``saas/config/deploy.*.yml`` (a destination's
accessory ``basecamp/kamal-proxy:lb``), fly-apps/grafana's ``fly.toml``,
render-examples/langfuse4-template's ``render.yaml`` (services in a project's environment),
AppPlatform-Templates/supabase-appplatform's and n8n-appplatform's ``.do`` app specs, and the
Copilot manifests of aws/copilot-cli's documentation, and itzg/docker-minecraft-server's
Podman Quadlet units.
"""

from __future__ import annotations

import os
from datetime import date
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tagsense import check, find_references
from tagsense.sources.discover import kind_of_file
from tagsense.sources.platforms.digitalocean import scan_app_spec
from tagsense.sources.platforms.docker_mcp import scan_mcp_catalog
from tagsense.sources.platforms.fly import scan_fly
from tagsense.sources.platforms.kamal import scan_kamal
from tagsense.sources.platforms.quadlet import scan_quadlet

if TYPE_CHECKING:
    from pathlib import Path

DAY = date(2026, 12, 4)

KAMAL = """\
<% require "dotenv"; Dotenv.load(".env") %>
service: rubyvideo
image: ghcr.io/rubyevents/rubyevents
servers:
  web:
    hosts:
      - 91.107.208.207
builder:
  arch:
    - arm64
accessories:
  litestream:
    roles: ["web"]
    image: litestream/litestream
  chrome:
    image: browserless/chrome:latest
  typesense:
    image: typesense/typesense:27.1.0
  private:
    image: team/cache:<%= ENV["CACHE_TAG"] %>
    registry:
      server: registry.example.com
  mirrored:
    image: team/search:2.1.0
    registry:
      server: registry.example.com
"""


def _found(root: Path) -> list[tuple[str, int, int, str, str, tuple[str, ...]]]:
    scan = find_references(str(root))
    return [
        (o.path.replace(str(root) + "/", "") if o.path else "", o.line, o.column, o.kind,
         o.text, o.unresolved)
        for o in scan
    ]  # fmt: skip


def test_kamal_pulls_its_accessories_and_builds_its_image(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "deploy.yml").write_text(KAMAL)
    assert _found(tmp_path) == [
        ("config/deploy.yml", 14, 12, "kamal", "litestream/litestream", ()),
        ("config/deploy.yml", 16, 12, "kamal", "browserless/chrome:latest", ()),
        ("config/deploy.yml", 18, 12, "kamal", "typesense/typesense:27.1.0", ()),
        ("config/deploy.yml", 20, 12, "kamal", 'team/cache:<%= ENV["CACHE_TAG"] %>', ("ERB",)),
        ("config/deploy.yml", 24, 12, "kamal", "registry.example.com/team/search:2.1.0", ()),
    ]
    codes = [f.code for f in check(find_references(str(tmp_path)), as_of=DAY)]
    assert codes == ["TS002", "TS001", "TS011"]


def test_a_kamal_destination_s_file_is_read_for_its_own_accessories(tmp_path: Path) -> None:
    # (basecamp/fizzy: saas/config/deploy.beta.yml, merged over deploy.yml with -d beta)
    config = tmp_path / "saas" / "config"
    config.mkdir(parents=True)
    (config / "deploy.beta.yml").write_text(
        "retain_containers: 1\nservers:\n  web:\n    hosts: [<%= @web_host %>]\n"
        "accessories:\n  load-balancer:\n    image: basecamp/kamal-proxy:lb\n"
        "    host: <%= @lb_host %>\n"
    )
    assert _found(tmp_path) == [
        ("saas/config/deploy.beta.yml", 7, 12, "kamal", "basecamp/kamal-proxy:lb", ())
    ]


def test_kamal_1_s_traefik_image_is_pulled() -> None:
    scan = scan_kamal("service: app\nimage: me/app\ntraefik:\n  image: traefik:v2.10.7\n")
    assert scan is not None
    assert [(o.line, o.text, o.context["field"]) for o in scan] == [
        (4, "traefik:v2.10.7", "traefik.image")
    ]


def test_a_config_deploy_yml_of_another_tool_is_no_kamal_configuration(tmp_path: Path) -> None:
    assert scan_kamal("production:\n  host: example.com\n") is None
    config = tmp_path / "config"
    config.mkdir()
    # (a Kubernetes manifest that happens to be called so is a manifest)
    (config / "deploy.yml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
        "    - name: c\n      image: nginx:1.27.3\n"
    )
    assert [(k, t) for _, _, _, k, t, _ in _found(tmp_path)] == [("kubernetes", "nginx:1.27.3")]


FLY = """\
app = "grafana-example"

[build]
image = "grafana/grafana:8.0.0"

[env]
GF_INSTALL_PLUGINS = "grafana-worldmap-panel"
"""


def test_fly_runs_build_image(tmp_path: Path) -> None:
    (tmp_path / "fly.toml").write_text(FLY)
    (tmp_path / "fly.staging.toml").write_text('app = "x"\n[build]\n  dockerfile = "Dockerfile"\n')
    (tmp_path / "fly-worker.toml").write_text("[build]\n  image = 'flyio/redis'\n")
    assert _found(tmp_path) == [
        ("fly-worker.toml", 2, 12, "fly", "flyio/redis", ()),
        ("fly.toml", 4, 10, "fly", "grafana/grafana:8.0.0", ()),
    ]
    assert kind_of_file("fly.toml") == "deploy"
    assert kind_of_file("flyway.toml") is None


def test_a_fly_file_that_is_not_toml_is_one_error() -> None:
    scan = scan_fly('app = "x"\n[build\n', "fly.toml")
    assert not scan.occurrences
    assert [e.message.startswith("not valid TOML") for e in scan.errors] == [True]
    assert not scan_fly('[build]\nimage = ""\n').occurrences
    assert scan_fly("build = { image = 'nginx:1.27.3' }\n").occurrences[0].line == 1


RENDER = """\
previews:
  generation: off
services:
  - type: web
    name: metabase
    env: docker
    dockerfilePath: ./Dockerfile
projects:
  - name: langfuse-4
    environments:
      - name: production
        services:
          - type: web
            name: langfuse
            runtime: image
            image:
              url: docker.io/langfuse/langfuse:4
          - type: pserv
            name: minio
            runtime: image
            image:
              url: cgr.dev/chainguard/minio
databases:
  - name: elephant
"""


def test_render_runs_the_image_of_an_image_service(tmp_path: Path) -> None:
    (tmp_path / "render.yaml").write_text(RENDER)
    assert _found(tmp_path) == [
        ("render.yaml", 17, 20, "render", "docker.io/langfuse/langfuse:4", ()),
        ("render.yaml", 22, 20, "render", "cgr.dev/chainguard/minio", ()),
    ]
    scan = find_references(str(tmp_path))
    assert [o.context.get("service") for o in scan] == ["langfuse", "minio"]
    assert [f.code for f in check(scan, as_of=DAY)] == ["TS004", "TS002"]


APP_SPEC = """\
spec:
  name: supabase
  services:
    - name: rest
      image:
        registry_type: DOCKER_HUB
        registry: postgrest
        repository: postgrest
        tag: v12.2.3
    - name: n8n
      image:
        registry_type: GHCR
        registry: ghcr.io
        repository: n8n-io/n8n
        tag: "latest"
    - name: web
      github: {repo: me/app, branch: main}
      dockerfile_path: Dockerfile
  workers:
    - name: db
      image:
        registry_type: DOCKER_HUB
        repository: library/postgres
        tag: ${POSTGRES_TAG}
  jobs:
    - name: migrate
      image:
        registry_type: DOCKER_HUB
        registry: fleetdm
        repository: fleet
    - name: pinned
      image:
        registry_type: GHCR
        registry: acme
        repository: tool
        digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
    - name: own
      image:
        registry_type: DOCR
        registry: my-registry
        repository: app
        tag: latest
"""


def test_an_app_spec_s_images_are_made_as_app_platform_makes_them(tmp_path: Path) -> None:
    do = tmp_path / ".do"
    do.mkdir()
    (do / "deploy.template.yaml").write_text(APP_SPEC)
    assert _found(tmp_path) == [
        (".do/deploy.template.yaml", 8, 21, "digitalocean", "postgrest/postgrest:v12.2.3", ()),
        (".do/deploy.template.yaml", 14, 21, "digitalocean", "ghcr.io/n8n-io/n8n:latest", ()),
        (".do/deploy.template.yaml", 23, 21, "digitalocean",
         "library/postgres:${POSTGRES_TAG}", ("POSTGRES_TAG",)),
        (".do/deploy.template.yaml", 30, 21, "digitalocean", "fleetdm/fleet", ()),
        (".do/deploy.template.yaml", 35, 21, "digitalocean",
         "ghcr.io/acme/tool@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
         ()),
    ]  # fmt: skip
    codes = [f.code for f in check(find_references(str(tmp_path)), as_of=DAY)]
    assert codes == ["TS001", "TS011", "TS002"]


def test_an_app_spec_of_any_name_is_read_by_its_shape(tmp_path: Path) -> None:
    (tmp_path / "app-spec.yml").write_text(APP_SPEC.split("  workers:")[0].replace("\n  ", "\n"))
    assert [t for _, _, _, _, t, _ in _found(tmp_path)] == [
        "postgrest/postgrest:v12.2.3",
        "ghcr.io/n8n-io/n8n:latest",
    ]
    assert scan_app_spec("registry_type: DOCKER_HUB\n") is None


COPILOT = """\
name: frontend
type: Load Balanced Web Service
image:
  location: public.ecr.aws/nginx/nginx:1.27
  port: 80
sidecars:
  xray:
    image: public.ecr.aws/xray/aws-xray-daemon:3.3.12
  proxy:
    image:
      build: proxy/Dockerfile
logging:
  image: public.ecr.aws/aws-observability/aws-for-fluent-bit:${FLUENT_TAG}
environments:
  test:
    image:
      location: public.ecr.aws/nginx/nginx:1.27.3
"""


def test_copilot_runs_image_locations_and_sidecars(tmp_path: Path) -> None:
    service = tmp_path / "copilot" / "frontend"
    service.mkdir(parents=True)
    (service / "manifest.yml").write_text(COPILOT)
    built = tmp_path / "copilot" / "api"
    built.mkdir()
    (built / "manifest.yml").write_text(
        "name: api\ntype: Backend Service\nimage:\n  build: Dockerfile\n  port: 8080\n"
    )
    environment = tmp_path / "copilot" / "environments" / "test"
    environment.mkdir(parents=True)
    (environment / "manifest.yml").write_text("name: test\ntype: Environment\n")
    found = [(line, text, unresolved) for _, line, _, _, text, unresolved in _found(tmp_path)]
    assert found == [
        (4, "public.ecr.aws/nginx/nginx:1.27", ()),
        (13, "public.ecr.aws/aws-observability/aws-for-fluent-bit:${FLUENT_TAG}",
         ("FLUENT_TAG",)),
        (8, "public.ecr.aws/xray/aws-xray-daemon:3.3.12", ()),
        (17, "public.ecr.aws/nginx/nginx:1.27.3", ()),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    ["accessories: [", "accessories:\n  db: 3\n", "accessories:\n  db:\n    image: [1]\n",
     "service: x\naccessories:\n  db:\n    image: 'UPPER:1'\n    registry: {server: [x]}\n"],
)  # fmt: skip
def test_kamal_files_never_raise(text: str) -> None:
    scan = scan_kamal(text, "config/deploy.yml")
    assert scan is None or all(o.kind == "kamal" for o in scan)


TASK_DEFINITION = """\
{
  "family": "pets",
  "containerDefinitions": [
    {"name": "pets-api", "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/pets:latest"},
    {"name": "datadog-agent", "image": "public.ecr.aws/datadog/agent:latest"},
    {"name": "otel", "image": "${OTEL_IMAGE}"}
  ]
}
"""

RENDER_STEP = """\
on: push
env:
  ECS_TASK_DEFINITION: .aws/task-definition.json
jobs:
  deploy:
    runs-on: ubuntu-latest
    env:
      CONTAINER_NAME: pets-api
    steps:
      - uses: aws-actions/amazon-ecs-render-task-definition@v1
        with:
          task-definition: ${{ env.ECS_TASK_DEFINITION }}
          container-name: ${{ env.CONTAINER_NAME }}
          image: ${{ steps.build-image.outputs.image }}
"""


def test_an_ecs_task_definition_less_the_container_a_render_step_replaces(
    tmp_path: Path,
) -> None:
    # (the pattern of GitHub's "Deploy to Amazon ECS" starter workflow, with a sidecar)
    (tmp_path / ".aws").mkdir()
    (tmp_path / ".aws" / "task-definition.json").write_text(TASK_DEFINITION)
    assert _found(tmp_path) == [
        (".aws/task-definition.json", 4, 36, "ecs",
         "123456789012.dkr.ecr.us-east-1.amazonaws.com/pets:latest", ()),
        (".aws/task-definition.json", 5, 41, "ecs", "public.ecr.aws/datadog/agent:latest", ()),
        (".aws/task-definition.json", 6, 32, "ecs", "${OTEL_IMAGE}", ("OTEL_IMAGE",)),
    ]  # fmt: skip
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "deploy.yml").write_text(RENDER_STEP)
    assert [text for _, _, _, kind, text, _ in _found(tmp_path) if kind == "ecs"] == [
        "public.ecr.aws/datadog/agent:latest",
        "${OTEL_IMAGE}",
    ]
    # A step whose file only a run knows may render any: its container is left alone.
    (tmp_path / ".github" / "workflows" / "deploy.yml").write_text(
        RENDER_STEP.replace("${{ env.ECS_TASK_DEFINITION }}", "${{ secrets.TASK_DEF }}")
    )
    assert [text for _, _, _, kind, text, _ in _found(tmp_path) if kind == "ecs"] == [
        "public.ecr.aws/datadog/agent:latest",
        "${OTEL_IMAGE}",
    ]


def test_a_described_task_definition_and_files_that_are_none(tmp_path: Path) -> None:
    (tmp_path / "described.json").write_text(
        '{"taskDefinition": {"family": "x", "containerDefinitions": '
        '[{"name": "web", "image": "nginx:1.27.3"}]}}'
    )
    (tmp_path / "notes.json").write_text('{"text": "no containerDefinitions here"}')
    (tmp_path / "broken.json").write_text('{"containerDefinitions": [{"image": {{ image }}}]}')
    (tmp_path / "placeholder.json").write_text(
        '{"containerDefinitions": [{"name": "app", "image": "<IMAGE1_NAME>"}]}'
    )
    scan = find_references(str(tmp_path))
    assert [(o.kind, o.text, o.context.get("container")) for o in scan] == [
        ("ecs", "nginx:1.27.3", "web")
    ]
    assert [e.note for e in scan.errors] == [True]  # (the placeholder's template note)


def test_fly_deploy_builds_its_dockerfile_with_build_args(tmp_path: Path) -> None:
    # (`fly launch` for Node writes ARG NODE_VERSION into the Dockerfile; a project that says
    # [build.args] NODE_VERSION = "20" builds node:20-slim, not the Dockerfile's default)
    web = tmp_path / "web"
    web.mkdir()
    (web / "fly.toml").write_text(
        'app = "swipe"\n\n[build]\n  dockerfile = "Dockerfile.fly"\n  build-target = "base"\n'
        '  [build.args]\n    NODE_VERSION = "20"\n'
    )
    (web / "Dockerfile.fly").write_text(
        "ARG NODE_VERSION=20.11.1\nFROM node:${NODE_VERSION}-slim AS base\n"
        "FROM debian:bookworm-slim\n"
    )
    scan = find_references(str(tmp_path))
    assert [(o.text, o.context["pulled"], o.context["build"]["tool"]) for o in scan] == [
        ("node:20-slim", True, "fly"),
        ("debian:bookworm-slim", False, "fly"),  # (past the target: not built)
    ]
    assert "TS004" in [f.code for f in check(scan, as_of=DAY)]  # (node:20 floats)
    # A file that runs a ready image builds nothing.
    (web / "fly.toml").write_text('[build]\n  image = "nginx:1.27.3"\n')
    texts = sorted(o.text for o in find_references(str(tmp_path)))
    assert texts == ["debian:bookworm-slim", "nginx:1.27.3", "node:20.11.1-slim"]


def test_kamal_builds_its_image_from_the_builder_s_dockerfile(tmp_path: Path) -> None:
    # (a Rails 8 app: `kamal deploy` builds Dockerfile from the project's root with the
    # builder's args, and pushes ghcr.io/acme/shop, which the project's manifest then runs)
    (tmp_path / ".git").mkdir()  # (the project's root, as a clone has it)
    config = tmp_path / "config"
    config.mkdir()
    (config / "deploy.yml").write_text(
        "service: shop\nimage: acme/shop\nregistry:\n  server: ghcr.io\n"
        "builder:\n  arch: amd64\n  args:\n    RUBY_VERSION: 3.4.8\n"
        '    NODE_VERSION: <%= ENV["NODE_VERSION"] %>\n'
    )
    (config / "deploy.staging.yml").write_text("servers:\n  web: [10.0.0.2]\n")
    (tmp_path / "Dockerfile").write_text(
        "ARG RUBY_VERSION=3.3.0\nFROM docker.io/library/ruby:$RUBY_VERSION-slim AS base\n"
        "ARG NODE_VERSION=22.12.0\nFROM node:$NODE_VERSION-slim AS assets\n"
    )
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "job.yaml").write_text(
        "apiVersion: batch/v1\nkind: Job\nmetadata: {name: migrate}\nspec:\n  template:\n"
        "    spec:\n      containers:\n        - name: m\n          image: ghcr.io/acme/shop\n"
    )
    scan = find_references(str(tmp_path))
    found = [(o.path.rsplit("/", 1)[1] if o.path else "", o.raw, o.unresolved) for o in scan]
    assert found == [
        ("Dockerfile", "docker.io/library/ruby:$RUBY_VERSION-slim", ()),  # (3.4.8's)
        ("Dockerfile", "node:$NODE_VERSION-slim", ("NODE_VERSION",)),  # (the deployment's ERB)
        ("job.yaml", "ghcr.io/acme/shop", ()),
    ]
    assert scan.occurrences[0].text == "docker.io/library/ruby:3.4.8-slim"
    assert {o.context["build"]["tool"] for o in scan if o.kind == "from"} == {"kamal"}
    (job,) = [o for o in scan if o.kind == "kubernetes"]
    assert job.built is not None and job.built.tool == "kamal"


def test_copilot_builds_feed_their_dockerfile(tmp_path: Path) -> None:
    # (copilot-cli's documented `image.build` map: dockerfile, context, args, target, relative
    # to the workspace, the directory that holds copilot/)
    (tmp_path / ".git").mkdir()
    service = tmp_path / "copilot" / "api"
    service.mkdir(parents=True)
    (service / "manifest.yml").write_text(
        "name: api\ntype: Backend Service\nimage:\n  build:\n    dockerfile: api/Dockerfile\n"
        "    context: api\n    args:\n      GO_VERSION: 1.23.4\n  port: 8080\n"
    )
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "Dockerfile").write_text(
        "ARG GO_VERSION=1.22\nFROM golang:${GO_VERSION}-bookworm\n"
    )
    (occurrence,) = find_references(str(tmp_path))
    assert occurrence.text == "golang:1.23.4-bookworm"
    assert occurrence.context["build"]["tool"] == "copilot"
    assert occurrence.context["build"]["name"] == "api"


# (the shape of the IoT Edge dev tools' solution template, as Azure-Samples' solutions have it)
IOT_EDGE_TEMPLATE = """{
  "$schema-template": "4.0.0",
  "modulesContent": {
    "$edgeAgent": {
      "properties.desired": {
        "schemaVersion": "1.1",
        "runtime": {"type": "docker", "settings": {"registryCredentials": {
          "acr": {"address": "${CONTAINER_REGISTRY_ADDRESS}"}}}},
        "systemModules": {
          "edgeAgent": {"type": "docker",
            "settings": {"image": "mcr.microsoft.com/azureiotedge-agent:1.5", "createOptions": {}}},
          "edgeHub": {"type": "docker", "status": "running",
            "settings": {"image": "mcr.microsoft.com/azureiotedge-hub:1.5.9", "createOptions": {}}}
        },
        "modules": {
          "filter": {"type": "docker",
            "settings": {"image": "${MODULES.filter.arm32v7}", "createOptions": {}}},
          "sensor": {"type": "docker",
            "settings": {"image": "$REGISTRY/sensor:${SENSOR_TAG}", "createOptions": {}}}
        }
      }
    },
    "$edgeHub": {"properties.desired": {"routes": {}}}
  }
}
"""


def test_an_iot_edge_deployment_template_runs_its_modules_images(tmp_path: Path) -> None:
    (tmp_path / "deployment.template.json").write_text(IOT_EDGE_TEMPLATE)
    (tmp_path / "modules" / "filter").mkdir(parents=True)
    (tmp_path / "modules" / "filter" / "module.json").write_text('{"image": {}}')
    (tmp_path / ".env").write_text('# the registry\nREGISTRY="acr.example.io"\n')
    scan = find_references(str(tmp_path))
    assert [(o.line, o.kind, o.text, o.unresolved, o.context["module"]) for o in scan] == [
        (11, "iotedge", "mcr.microsoft.com/azureiotedge-agent:1.5", (), "edgeAgent"),
        (13, "iotedge", "mcr.microsoft.com/azureiotedge-hub:1.5.9", (), "edgeHub"),
        (17, "iotedge", "${MODULES.filter.arm32v7}", ("MODULES.filter",), "filter"),
        (19, "iotedge", "acr.example.io/sensor:", ("SENSOR_TAG",), "sensor"),
    ]
    built = [o.built for o in scan]
    assert built[2] is not None and built[2].tool == "iotedgedev"
    assert built[2].path == str(tmp_path / "modules" / "filter" / "module.json")
    assert built[:2] == [None, None] and built[3] is None
    findings = check(scan, as_of=date(2026, 11, 28))
    assert [(f.line, f.code) for f in findings] == [(11, "TS004"), (19, "TS011")]
    assert "iotedgedev genconfig" in findings[1].message


def test_a_deployment_manifest_s_content_and_json_that_is_none(tmp_path: Path) -> None:
    # (`az iot edge deployment create --content`: the manifest under "content")
    content = IOT_EDGE_TEMPLATE.replace('"modulesContent"', '"content": {"modulesContent"', 1)
    (tmp_path / "layered.json").write_text(content[: content.rindex("}")] + "}}\n")
    (tmp_path / "notes.json").write_text('{"modulesContent": "no $edgeAgent here"}')
    (tmp_path / "broken.json").write_text('{"modulesContent": {"$edgeAgent": {{ x }}}}')
    scan = find_references(str(tmp_path))
    assert [o.text for o in scan][:2] == [
        "mcr.microsoft.com/azureiotedge-agent:1.5",
        "mcr.microsoft.com/azureiotedge-hub:1.5.9",
    ]
    assert {o.path for o in scan} == {str(tmp_path / "layered.json")}
    assert list(scan.errors) == []


#: itzg/docker-minecraft-server's examples/podman-quadlets/mc-router.container (Apache-2.0;
#: its `Environment=` continued over lines as the original is).
QUADLET_ROUTER = """\
[Unit]
Description=Minecraft proxy with autoscaling support

[Container]
Image=docker.io/itzg/mc-router
ContainerName=%N
AutoUpdate=registry
Environment=\\
\t"IN_DOCKER=true" \\
\t"AUTO_SCALE_DOWN=true"

[Service]
Restart=always
"""


def test_a_quadlet_unit_runs_its_container_s_image(tmp_path: Path) -> None:
    # docker-minecraft-server's quadlets: mc-router (TS002, missed before) and the server's
    # template unit; a .image unit pulls; an Image= naming another unit is that unit's.
    (tmp_path / "mc-router.container").write_text(QUADLET_ROUTER)
    (tmp_path / "mc@.container").write_text("[Container]\nImage=ghcr.io/acme/mc:%i\n")
    (tmp_path / "db.image").write_text("[Image]\n  Image = 'postgres:17.2'\n")
    (tmp_path / "app.container").write_text("[Container]\nImage=db.image\n")
    (tmp_path / "notes.container").write_text("[Unit]\nImage=nginx\n")  # (no [Container])
    assert _found(tmp_path) == [
        ("db.image", 2, 12, "quadlet", "postgres:17.2", ()),
        ("mc-router.container", 5, 7, "quadlet", "docker.io/itzg/mc-router", ()),
        ("mc@.container", 2, 7, "quadlet", "ghcr.io/acme/mc:%i", ("%i",)),
    ]
    assert kind_of_file("web.container") == "deploy"
    assert kind_of_file(".container") is None
    findings = check(find_references(str(tmp_path)), as_of=DAY)
    assert sorted(((f.occurrence.path or "").rpartition("/")[2], f.code) for f in findings) == [
        ("mc-router.container", "TS002"),
        ("mc@.container", "TS011"),
    ]


def test_a_quadlet_unit_s_suppression_comment_covers_its_image() -> None:
    text = "[Container]\n# tagsense: ignore[TS002]\nImage=nginx\n"
    scan = scan_quadlet(text, "web.container")
    assert [(s.line, sorted(s.keys or ())) for s in scan.suppressions] == [(2, ["TS002"])]
    assert scan_quadlet("[Container\nImage=x\n=y\n", "web.container").occurrences == ()


#: lloesche/valheim-server-docker's valheim.service (Apache-2.0), its [Service] section.
VALHEIM_SERVICE = """\
[Unit]
Description=Valheim Server
After=docker.service
Requires=docker.service

[Service]
TimeoutStartSec=0
ExecStartPre=-/usr/bin/docker stop %n
ExecStartPre=-/usr/bin/docker rm %n
ExecStart=/usr/bin/docker run \\
          --name %n \\
          --pull=always \\
          --rm \\
          -v /etc/valheim:/config:Z \\
          -p 2456-2457:2456-2457/udp \\
          --env-file /etc/sysconfig/valheim-server \\
          ghcr.io/lloesche/valheim-server
ExecStop=/usr/bin/docker stop %n
Restart=always

[Install]
WantedBy=multi-user.target
"""


def test_a_systemd_service_unit_runs_the_images_of_its_commands(tmp_path: Path) -> None:
    # valheim.service runs its image untagged (in valheim-server-docker, the image its
    # workflow builds); a unit pulls redis before it starts it (the pull's TS002 suppressed);
    # commands outside [Service] run nothing; a D-Bus service runs no container.
    (tmp_path / "valheim.service").write_text(VALHEIM_SERVICE)
    (tmp_path / "cache.service").write_text(
        "[Service]\n# tagsense: ignore[TS002]\nExecStartPre=-/usr/bin/podman pull redis\n"
        "ExecStart=/usr/bin/podman run --rm redis\n[Install]\nExecStart=docker run nginx\n"
    )
    (tmp_path / "org.acme.service").write_text("[D-BUS Service]\nExec=/usr/bin/acme\n")
    assert _found(tmp_path) == [
        ("cache.service", 3, 36, "shell", "redis", ()),
        ("cache.service", 4, 36, "shell", "redis", ()),
        ("valheim.service", 17, 11, "shell", "ghcr.io/lloesche/valheim-server", ()),
    ]
    assert kind_of_file("valheim@.service") == "deploy"
    findings = check(find_references(str(tmp_path)), as_of=DAY)
    assert [(f.occurrence.line, f.code) for f in findings] == [(4, "TS002"), (17, "TS002")]


def test_a_systemd_unit_s_environment_fills_its_commands_variables(tmp_path: Path) -> None:
    # kylemanna/docker-openvpn's init/docker-openvpn@.service, cut down (survey 39e): the image
    # is set by Environment= (after the commands, too: systemd gives them the whole section's);
    # a value with a specifier is the start's (%i, the instance), so no image is read of it.
    (tmp_path / "docker-openvpn@.service").write_text(
        "[Unit]\nDescription=OpenVPN\n[Service]\n"
        'Environment="NAME=ovpn-%i" "DATA_VOL=ovpn-data-%i"\n'
        'Environment="IMG=kylemanna/openvpn:2.4"\n'
        "ExecStartPre=-/usr/bin/docker pull $IMG\n"
        "ExecStart=/usr/bin/docker run --rm -v ${DATA_VOL}:/etc/openvpn --name ${NAME} ${IMG}\n"
        "ExecStartPost=/usr/bin/docker run --rm ${TOOL}\n"
        "Environment=TOOL=alpine:3.20 'EXTRA=a b'\n"
    )
    assert [(name, line, text) for name, line, _, _, text, _ in _found(tmp_path)] == [
        ("docker-openvpn@.service", 6, "kylemanna/openvpn:2.4"),
        ("docker-openvpn@.service", 7, "kylemanna/openvpn:2.4"),
        ("docker-openvpn@.service", 8, "alpine:3.20"),
    ]


# sigp/lighthouse, scripts/local_testnet/network_params.yaml (Apache-2.0), and paradigmxyz/reth,
# etc/assertoor/assertoor-template.yaml (MIT OR Apache-2.0), trimmed: what `kurtosis run
# github.com/ethpandaops/ethereum-package --args-file` starts (survey 23d: all missed)
LIGHTHOUSE_NETWORK_PARAMS = """\
# Full configuration reference [here](https://github.com/kurtosis-tech/ethereum-package).
participants:
  - el_type: geth
    el_image: ethereum/client-go:latest
    cl_type: lighthouse
    cl_image: sigp/lighthouse:v8.2.1
    count: 4
network_params:
  deneb_fork_epoch: 0
additional_services:
  - dora
"""
RETH_ASSERTOOR = """\
participants:
- el_type: reth
  el_image: ghcr.io/paradigmxyz/reth
  cl_type: prysm
  cl_image: gcr.io/prysmaticlabs/prysm/beacon-chain:stable
  vc_type: prysm
  vc_image: gcr.io/prysmaticlabs/prysm/validator:stable
- el_type: geth
  cl_type: teku
assertoor_params:
  image: "ethpandaops/assertoor:master"
  run_stability_check: true
"""
# (the optimism package nests its chains' participants; its file is found the same way)
OP_GETH = "us-docker.pkg.dev/oplabs-tools-artifacts/images/op-geth:v1.101411.4"
OPTIMISM_PACKAGE = """\
optimism_package:
  chains:
    - participants:
        - el_type: op-geth
          el_image: us-docker.pkg.dev/oplabs-tools-artifacts/images/op-geth:v1.101411.4
ethereum_package:
  participants:
    - el_type: geth
"""


def test_kurtosis_ethereum_package_arguments_start_their_clients(tmp_path: Path) -> None:
    (tmp_path / "network_params.yaml").write_text(LIGHTHOUSE_NETWORK_PARAMS)
    (tmp_path / "assertoor.yaml").write_text(RETH_ASSERTOOR)
    (tmp_path / "op.yaml").write_text(OPTIMISM_PACKAGE)
    found = [
        (os.path.basename(o.path or ""), o.kind, o.text, o.context.get("field"))
        for o in find_references(str(tmp_path))
    ]
    assert found == [
        ("assertoor.yaml", "kurtosis", "ghcr.io/paradigmxyz/reth", "participants[0].el_image"),
        ("assertoor.yaml", "kurtosis", "gcr.io/prysmaticlabs/prysm/beacon-chain:stable",
         "participants[0].cl_image"),
        ("assertoor.yaml", "kurtosis", "gcr.io/prysmaticlabs/prysm/validator:stable",
         "participants[0].vc_image"),
        ("assertoor.yaml", "kurtosis", "ethpandaops/assertoor:master", "assertoor_params.image"),
        ("network_params.yaml", "kurtosis", "ethereum/client-go:latest",
         "participants[0].el_image"),
        ("network_params.yaml", "kurtosis", "sigp/lighthouse:v8.2.1", "participants[0].cl_image"),
        ("op.yaml", "kurtosis", OP_GETH, "optimism_package.chains[0].participants[0].el_image"),
    ]  # fmt: skip
    codes = [f.code for f in check(find_references(str(tmp_path)), as_of=DAY)]
    assert codes.count("TS001") == 1 and codes.count("TS002") == 1


def test_a_participants_matrix_starts_its_clients_and_a_placeholder_is_a_note(
    tmp_path: Path,
) -> None:
    # status-im/nimbus-eth2's kurtosis-network-params.yml and ethereum-package's
    # .github/tests/examples/mainnet.yaml, cut down (survey s41f: 25 images missed): the
    # package runs each el entry with each cl entry; run-kurtosis-check.sh seds the image
    # it built in for the placeholder.
    (tmp_path / "params.yml").write_text(
        "participants_matrix:\n  el:\n    - el_type: geth\n"
        "    - el_type: reth\n      el_image: ghcr.io/paradigmxyz/reth:v1.4.8\n"
        "  cl:\n    - cl_type: nimbus\n      cl_image: <image-placeholder>\n"
        "  vc:\n    - vc_type: prysm\n      vc_image: offchainlabs/prysm-validator:v6.0.4\n"
        "assertoor_params:\n  image: ethpandaops/assertoor:master\n"
    )
    scan = find_references(str(tmp_path))
    assert [(o.kind, o.text, o.context.get("field")) for o in scan] == [
        ("kurtosis", "ghcr.io/paradigmxyz/reth:v1.4.8", "participants_matrix.el[1].el_image"),
        ("kurtosis", "offchainlabs/prysm-validator:v6.0.4", "participants_matrix.vc[0].vc_image"),
        ("kurtosis", "ethpandaops/assertoor:master", "assertoor_params.image"),
    ]
    assert [(e.line, e.note) for e in scan.errors] == [(8, True)]
    assert "TS012" not in [f.code for f in check(scan, as_of=DAY)]


@pytest.mark.parametrize(
    "text",
    [
        "participants:\n  - name: Ada\n    el_role: chair\n",  # (no client of the package)
        "participants: 3\nel_image: x\n",
        "image: redis:7.2.4\nparticipants: []\ncl_: 1\n",
    ],
)
def test_other_participants_are_no_package_arguments(tmp_path: Path, text: str) -> None:
    (tmp_path / "people.yaml").write_text(text)
    assert list(find_references(str(tmp_path))) == []


def test_a_prairielearn_question_pulls_only_what_it_runs(tmp_path: Path) -> None:
    # (gradingMethod "Internal": the grader options are not used; an element's info.json,
    # outside questions/, is no question)
    question = tmp_path / "questions" / "fib" / "info.json"
    question.parent.mkdir(parents=True)
    question.write_text(
        '{"gradingMethod": "Internal",\n'
        ' "externalGradingOptions": {"image": "prairielearn/grader-python"},\n'
        ' "workspaceOptions": {"image": "prairielearn/workspace-xtermjs:2025-01"}}\n'
    )
    element = tmp_path / "elements" / "pl-thing" / "info.json"
    element.parent.mkdir(parents=True)
    element.write_text('{"workspaceOptions": {"image": "acme/not-a-question"}}\n')
    scan = find_references(str(tmp_path))
    assert [(o.kind, o.text, o.line, o.context) for o in scan] == [
        ("prairielearn", "prairielearn/workspace-xtermjs:2025-01", 3,
         {"field": "workspaceOptions.image"}),
    ]  # fmt: skip


# berkeley-dsep-infra/datahub at commit c73519657641 (BSD-3-Clause): deployments/data100's and
# deployments/astro's hubploy.yaml, the two forms (survey 34c); then an older hubploy's own build.
HUBPLOY_LIST = """\
images:
  images:
    - name: us-central1-docker.pkg.dev/ucb-datahub-2018/user-images/data100-user-image:511c4637d702

cluster:
  provider: gcloud
"""
HUBPLOY_ONE = """\
images:
  image_name: us-central1-docker.pkg.dev/ucb-datahub-2018/user-images/astro-user-image:ffc76921fb47
"""
HUBPLOY_BUILT = """\
images:
  image_name: gcr.io/acme-hub/user-image
  registry:
    provider: gcloud
"""


def test_a_hubploy_deployment_pulls_its_tagged_user_image(tmp_path: Path) -> None:
    for name, text in (("data100", HUBPLOY_LIST), ("astro", HUBPLOY_ONE), ("old", HUBPLOY_BUILT)):
        directory = tmp_path / "deployments" / name
        directory.mkdir(parents=True)
        (directory / "hubploy.yaml").write_text(text)
    scan = find_references(str(tmp_path))
    assert sorted((o.path.split("/")[-2], o.kind, o.line, o.context["field"]) for o in scan) == [
        ("astro", "hubploy", 2, "images.image_name"),
        ("data100", "hubploy", 3, "images.images.name"),
    ]
    assert check(scan, as_of=date(2026, 12, 5)) == []


# docker/mcp-registry at commit 818bf169b365 (MIT): servers/arm-mcp/server.yaml, a server that
# brings its own image; servers/SQLite/server.yaml, one whose mcp/ image the registry builds
# from its source; servers/curl/server.yaml, a poci server's tool container (survey 35e).
MCP_OWN_IMAGE = """\
name: arm-mcp
image: armlimited/arm-mcp:2.4.0
type: server
source:
  project: https://github.com/arm/mcp
"""
MCP_BUILT = """\
name: SQLite
image: mcp/sqlite
type: server
source:
  project: https://github.com/modelcontextprotocol/servers
  directory: src/sqlite
"""
MCP_POCI = """\
name: curl
type: poci
tools:
  - name: curl
    container:
      image: alpine/curl
      command:
        - "{{args|into}}"
"""
MCP_REMOTE = """\
name: linear
type: remote
remote:
  transport_type: sse
  url: https://mcp.linear.app/sse
"""
# docker/mcp-gateway at commit 2bd20fe83dd0 (Apache-2.0): examples/custom-catalog/catalog.yaml,
# the catalog a gateway started with --catalog reads.
MCP_CATALOG = """\
registry:
  duckduckgo:
    title: DuckDuckGo
    type: server
    image: mcp/duckduckgo@sha256:68eb20db6109f5c312a695fc5ec3386ad15d93ffb765a0b4eb1baf4328dec14f
    allowHosts:
      - html.duckduckgo.com:443
"""


def test_docker_mcp_servers_pull_their_images_and_the_registry_builds_its_own(
    tmp_path: Path,
) -> None:
    for name, text in (
        ("arm-mcp", MCP_OWN_IMAGE), ("SQLite", MCP_BUILT), ("curl", MCP_POCI),
        ("linear", MCP_REMOTE),
    ):  # fmt: skip
        directory = tmp_path / "servers" / name
        directory.mkdir(parents=True)
        (directory / "server.yaml").write_text(text)
    (tmp_path / "catalog.yaml").write_text(MCP_CATALOG)
    scan = find_references(str(tmp_path))
    found = sorted((o.kind, o.text, o.line, o.context["server"], o.context["field"]) for o in scan)
    assert found == [
        ("docker-mcp", "alpine/curl", 6, "curl", "tools.container.image"),
        ("docker-mcp", "armlimited/arm-mcp:2.4.0", 2, "arm-mcp", "image"),
        ("docker-mcp", MCP_CATALOG.split("image: ")[1].split("\n")[0], 5, "duckduckgo", "image"),
    ]  # fmt: skip
    assert [(f.code, f.occurrence.line) for f in check(scan, as_of=date(2026, 12, 5))] == [
        ("TS002", 6)
    ]


@given(st.text(max_size=200))
def test_a_docker_mcp_file_never_raises(text: str) -> None:
    scan_mcp_catalog("registry:\n" + text, "catalog.yaml")
    scan_mcp_catalog("type: server\nimage: x\n" + text, "servers/x/server.yaml")
