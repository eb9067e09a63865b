"""Deployment platforms' configurations: the ready images they run.

Kamal (``config/deploy.yml``), Fly.io (``fly.toml``), Render (``render.yaml``), DigitalOcean
App Platform (an app spec: ``registry_type``), AWS Copilot (``copilot/NAME/manifest.yml``),
the Kurtosis Ethereum package's arguments (``participants`` and their client images), CapRover
one-click apps (``captainVersion``), TrueNAS apps' ``ix_values.yaml``, Easypanel templates'
``meta.yaml``, Pterodactyl and Pelican eggs (``meta.version: PLCN_v3``), hubploy's
``hubploy.yaml``, containerlab topologies (``NAME.clab.yml``: the nodes' images), netlab's
device definitions (``netsim/devices/NAME.yml``: ``clab.image``), Docker's MCP catalogs and
docker/mcp-registry's ``server.yaml`` (the MCP servers' images), Pulumi YAML programs
(``Pulumi.yaml`` with ``runtime: yaml``: their resources' containers), Pachyderm pipeline
specifications (``transform.image``), Spryker's deploy files (``deploy.NAME.yml``: the platform
and frontend images its Docker SDK pulls); and a
host's own: Podman Quadlet units (``NAME.container``), systemd service units (``NAME.service``).
Each platform builds the project's own image from its Dockerfile (read as a Dockerfile) or
runs one named whole: those are what these readers find. Each reader is imported when a
file needs it.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ...occurrence import Scan

__all__ = ["scan_platform_yaml"]


def scan_platform_yaml(text: str, path: str | None) -> Scan | None:
    """A YAML file without ``apiVersion`` read as the platform's configuration its place or
    shape says it is; ``None`` when it is none (then it is read as any other YAML)."""
    from .containerlab import is_topology_name, may_be_topology, scan_topology

    if (path is not None and is_topology_name(path)) or may_be_topology(text):
        topology = scan_topology(text, path)
        if topology is not None:
            return topology
    if path is not None:
        from .netlab import is_definition_path, scan_definition

        if is_definition_path(path):
            definition = scan_definition(text, path)
            if definition is not None:
                return definition
        from .copilot import is_copilot_manifest_path, scan_copilot
        from .kamal import is_kamal_path, scan_kamal
        from .render import is_render_name, scan_render

        if is_kamal_path(path):
            return scan_kamal(text, path)
        if is_render_name(path):
            return scan_render(text, path)
        from .spryker import is_deploy_file_name, scan_deploy_file

        if is_deploy_file_name(path):
            deploy_file = scan_deploy_file(text, path)
            if deploy_file is not None:
                return deploy_file
        if is_copilot_manifest_path(path):
            return scan_copilot(text, path)
        from .hubploy import is_hubploy_name, scan_hubploy

        if is_hubploy_name(path):
            return scan_hubploy(text, path)
        from .truenas import is_ix_values_name, scan_ix_values

        if is_ix_values_name(path):
            return scan_ix_values(text, path)
        from .pulumi_yaml import is_pulumi_project_name, may_be_yaml_program, scan_pulumi_yaml

        if is_pulumi_project_name(path) and may_be_yaml_program(text):
            program = scan_pulumi_yaml(text, path)
            if program is not None:
                return program
        from .easypanel import is_template_meta_path, scan_template_meta

        if is_template_meta_path(path):
            form = scan_template_meta(text, path)
            if form is not None:
                return form
    from .pterodactyl import may_be_egg, scan_egg_yaml

    if may_be_egg(text):
        egg = scan_egg_yaml(text, path)
        if egg is not None:
            return egg
    from .pachyderm import may_be_pipeline, scan_pipeline_yaml

    if may_be_pipeline(text):
        pipelines = scan_pipeline_yaml(text, path)
        if pipelines is not None:
            return pipelines
    from .caprover import may_be_one_click_app, scan_one_click_app

    if may_be_one_click_app(text):
        one_click_app = scan_one_click_app(text, path)
        if one_click_app is not None:
            return one_click_app
    from .digitalocean import may_be_app_spec, scan_app_spec

    if may_be_app_spec(text):
        return scan_app_spec(text, path)
    from .kurtosis import may_be_package_args, scan_package_args

    if may_be_package_args(text):
        return scan_package_args(text, path)
    from .docker_mcp import may_be_mcp_catalog, scan_mcp_catalog

    if may_be_mcp_catalog(text, path):
        return scan_mcp_catalog(text, path)
    return None
