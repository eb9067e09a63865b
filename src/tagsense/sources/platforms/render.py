"""Render Blueprints (``render.yaml``): the images Render deploys as written.

A Blueprint lists its services at its top (``services:``) or in its projects' environments
(``projects[].environments[].services``). A service of the image runtime (``runtime: image``,
formerly ``env: image``) runs ``image.url``, pulled as written (``docker.io/langfuse/langfuse:4``;
without a tag Render pulls ``latest``), kind ``render``. Other runtimes build from the
repository (``runtime: docker`` builds its ``dockerfilePath``, read as a Dockerfile).
Render does not interpolate Blueprint values.
"""

from __future__ import annotations

import os

from ...occurrence import Occurrence, Scan
from .._yaml import get, load_yaml, scalar, sequence
from ._common import image_at

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

__all__ = ["KIND", "is_render_name", "scan_render"]

KIND = "render"

_NAMES = frozenset({"render.yaml", "render.yml"})


def is_render_name(path: str) -> bool:
    """``render.yaml``: a Render Blueprint, by the name Render looks for."""
    return os.path.basename(path) in _NAMES


def scan_render(text: str, path: str | None = None) -> Scan | None:
    """The images a Blueprint's services run; ``None`` when the file has no services of
    a Blueprint. Never raises."""
    loaded = load_yaml(text, path=path)
    occurrences: list[Occurrence] = []
    blueprint = False
    for document in loaded.documents:
        for service in _services(document):
            blueprint = True
            image = get(get(service, "image"), "url")
            written = scalar(image)
            if image is None or not written:
                continue
            context: dict[str, object] = {"field": "image.url"}
            name = scalar(get(service, "name"))
            if name:
                context["service"] = name
            occurrences.append(image_at(image, written, path=path, kind=KIND, context=context))
    if not blueprint:
        return None
    return Scan(occurrences, loaded.errors, loaded.suppressions)


def _services(document: yaml.Node) -> list[yaml.Node]:
    found = list(sequence(get(document, "services")))
    for project in sequence(get(document, "projects")):
        for environment in sequence(get(project, "environments")):
            found.extend(sequence(get(environment, "services")))
    return found
