"""The image names a Maven plugin's configuration builds, read from a plugin element alone.

A parent pom's ``<pluginManagement>`` configures a plugin once for every module that declares
it (macrozheng/mall, spring-petclinic/spring-petclinic-microservices); the module's build runs
that configuration with its own properties. :func:`names_built` gives the names as written,
for the module to put its properties in; what the plugin pulls is reported in the parent,
where it is written.
"""

from __future__ import annotations

from .jib import (
    _ARTIFACT_ID,
    _BOOT,
    _BOOT_ARTIFACT_ID,
    _BOOT_GROUP,
    _DMP,
    _DMP_ARTIFACT_ID,
    _DMP_GROUPS,
    _EXEC_ARTIFACT_ID,
    _GROUP_ID,
    _MAVEN,
    _REGISTRY_PREFIX,
    TOOL,
    _expand,
    _tag,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from xml.etree.ElementTree import Element

__all__ = ["names_built"]


def names_built(
    plugin: Element, namespace: str, properties: Mapping[str, str]
) -> list[tuple[str, str]]:
    """``(tool, name as written)`` for each image the plugin's configurations (its own and its
    executions') build: Jib's ``<to><image>``, Spring Boot's ``<image><name>``, fabric8
    docker-maven-plugin's ``<image>`` with a ``<build>``, exec-maven-plugin's ``docker build
    -t`` (its executable with ``properties`` put in: ``${container.executable}``)."""

    def child(element: Element | None, name: str) -> Element | None:
        return None if element is None else element.find(_tag(namespace, name))

    def text(element: Element | None) -> str | None:
        if element is None or len(element):
            return None
        return (element.text or "").strip() or None

    group, artifact = text(child(plugin, "groupId")), text(child(plugin, "artifactId"))
    executions = child(plugin, "executions")
    runs = [] if executions is None else executions.findall(_tag(namespace, "execution"))
    configurations = [
        child(plugin, "configuration"),
        *(child(run, "configuration") for run in runs),
    ]
    found: list[tuple[str, str]] = []
    for configuration in configurations:
        if configuration is None:
            continue
        if artifact == _ARTIFACT_ID and group == _GROUP_ID:
            name = text(child(child(configuration, "to"), "image"))
            if name:
                found.append((TOOL, name.removeprefix(_REGISTRY_PREFIX)))
        elif artifact == _BOOT_ARTIFACT_ID and group == _BOOT_GROUP:
            name = text(child(child(configuration, "image"), "name"))
            if name:
                found.append((_BOOT, name))
        elif artifact == _DMP_ARTIFACT_ID and group in _DMP_GROUPS:
            images = child(configuration, "images")
            for image in [] if images is None else images.findall(_tag(namespace, "image")):
                name = text(child(image, "name"))
                if name and child(image, "build") is not None:
                    found.append((_DMP, name))
        elif artifact == _EXEC_ARTIFACT_ID:
            tags = _exec_tags(configuration, namespace, properties)
            found.extend((_MAVEN, tag) for tag in tags)
    return found


def _exec_tags(configuration: Element, namespace: str, properties: Mapping[str, str]) -> list[str]:
    """The ``-t`` names of an exec-maven-plugin execution that runs ``docker build``."""
    from .maven import docker_build_tags

    executable = configuration.find(_tag(namespace, "executable"))
    written = None if executable is None else (executable.text or "").strip()
    if written is not None:
        written = _expand(written, properties)[0]
    block = configuration.find(_tag(namespace, "arguments"))
    listed = [] if block is None else block.findall(_tag(namespace, "argument"))
    return docker_build_tags(written, [(each.text or "").strip() for each in listed])
