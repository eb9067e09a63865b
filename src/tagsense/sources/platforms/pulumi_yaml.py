"""Pulumi YAML programs (``Pulumi.yaml`` with ``runtime: yaml``): the images their resources run.

A Pulumi project whose runtime is ``yaml`` declares its resources in ``Pulumi.yaml`` itself:
``resources: NAME: {type: TOKEN, properties: {…}}``. ``pulumi up`` hands the properties to the
providers, which run the containers they name (pulumi/pulumi-awsx's
``examples/ecs-capacity-providers``: an ``awsx:ecs:FargateTaskDefinition`` whose ``container``
is ``image: nginx:latest``; pulumi/pulumi-docker's ``examples/test-swarm``: a ``docker:Service``
whose ``taskSpec.containerSpec.image`` is ``nginx``). The places read are those the readers of
programs in other languages read (:mod:`..builds.iac_node`):

* ``image`` of a container: an item of a ``containers``, ``initContainers`` or
  ``ephemeralContainers`` list (Kubernetes' pod spec, Cloud Run…), the value of a
  ``container`` key or one of a ``containers`` map (awsx's task definitions and services), a
  Docker swarm service's ``containerSpec``, and a ``docker:Container`` resource's own;
* ``name`` of a ``docker:RemoteImage`` resource (the Docker provider pulls it).

A value that Pulumi YAML interpolates (``${config.image}``, ``${image.repoDigest}``) or a
function computes (``fn::…``) is a deployment's, not read; nor is a ``Pulumi.STACK.yaml``
(a stack's configuration), nor a project of another runtime (its program is in its source).
Each image is an occurrence of kind ``iac-program``, ``context`` ``tool`` ``pulumi`` and
``call`` (``image``, ``RemoteImage``).
"""

from __future__ import annotations

import os

from .._yaml import get, items, load_yaml, scalar, sequence

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

    from ...occurrence import Occurrence, Scan

__all__ = ["is_pulumi_project_name", "may_be_yaml_program", "scan_pulumi_yaml"]

#: The names Pulumi reads a project's file by.
_NAMES = frozenset({"Pulumi.yaml", "Pulumi.yml"})
#: The keys whose value holds containers (a list, one container, or a map of them).
_CONTAINER_LISTS = frozenset({"containers", "initContainers", "ephemeralContainers"})
#: How deep a resource's properties are walked, at most.
_MAX_DEPTH = 24


def is_pulumi_project_name(path: str) -> bool:
    """``Pulumi.yaml`` (``Pulumi.yml``): a Pulumi project's file."""
    return os.path.basename(path) in _NAMES


def may_be_yaml_program(text: str) -> bool:
    """A quick look: whether a project file may declare resources in YAML (``runtime: yaml``,
    or ``name: yaml`` under ``runtime:``, and ``resources:``)."""
    return "resources:" in text and "yaml" in text and "runtime:" in text


def scan_pulumi_yaml(text: str, path: str | None = None) -> Scan | None:
    """The images the program's resources run (see the module); ``None`` when the file is no
    YAML program (another runtime's project). Never raises."""
    from ...occurrence import Scan

    loaded = load_yaml(text, path=path)
    documents = [document for document in loaded.documents if _is_yaml_program(document)]
    if not documents:
        return None
    found: list[Occurrence] = []
    for document in documents:
        for _, resource, _ in items(get(document, "resources")):
            token = scalar(get(resource, "type")) or ""
            properties = get(resource, "properties")
            if token == "docker:RemoteImage":
                _add(found, get(properties, "name"), path, "RemoteImage")
                continue
            if token == "docker:Container":
                _add(found, get(properties, "image"), path, "image")
            _containers(properties, path, found, 0)
    return Scan(found, loaded.errors, loaded.suppressions)


def _is_yaml_program(document: yaml.Node) -> bool:
    """Whether a project document's runtime is ``yaml`` (``runtime: yaml`` or ``runtime:
    {name: yaml}``)."""
    runtime = get(document, "runtime")
    name = scalar(runtime) if scalar(runtime) is not None else scalar(get(runtime, "name"))
    return name == "yaml"


def _containers(
    node: yaml.Node | None, path: str | None, found: list[Occurrence], depth: int
) -> None:
    """The ``image`` of each container under ``node`` (see the module), in the file's order."""
    if node is None or depth > _MAX_DEPTH:
        return
    import yaml

    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _containers(item, path, found, depth + 1)
        return
    if not isinstance(node, yaml.MappingNode):
        return
    for key, value, _ in items(node):
        if key in _CONTAINER_LISTS and isinstance(value, yaml.SequenceNode):
            for container in sequence(value):
                _add(found, get(container, "image"), path, "image")
        elif key == "containers" and isinstance(value, yaml.MappingNode):
            for _, container, _ in items(value):
                _add(found, get(container, "image"), path, "image")
        elif key in ("container", "containerSpec"):
            _add(found, get(value, "image"), path, "image")
        _containers(value, path, found, depth + 1)


def _add(found: list[Occurrence], node: yaml.Node | None, path: str | None, call: str) -> None:
    """The image a literal value names, unless Pulumi YAML computes it."""
    written = scalar(node)
    if node is None or not written or "${" in written or written.startswith("fn::"):
        return
    from ..builds.iac_node import KIND
    from ._common import image_at

    found.append(
        image_at(node, written, path=path, kind=KIND, context={"tool": "pulumi", "call": call})
    )
