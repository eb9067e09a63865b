"""AWS Copilot's service and job manifests: the images ``copilot deploy`` runs as written.

A workload's manifest is ``copilot/NAME/manifest.yml``. Its ``image`` either builds
(``build``: the Dockerfile is read as a Dockerfile) or names a ready image, ``location``,
which ECS (or App Runner) pulls (kind ``copilot``); so do its ``sidecars``' ``image`` (a
reference, or a mapping with ``location``), and the FireLens ``logging.image``. An
``environments.NAME`` override names its own. Copilot puts the environment's variables in
for ``${NAME}``: the image is then unresolved. An environment's or a pipeline's manifest
runs no image.
"""

from __future__ import annotations

import os

from ...occurrence import Occurrence, Scan
from .._yaml import get, items, load_yaml, scalar
from ._common import braced_names, image_at

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

__all__ = ["KIND", "is_copilot_manifest_path", "scan_copilot"]

KIND = "copilot"

_NAMES = frozenset({"manifest.yml", "manifest.yaml"})


def is_copilot_manifest_path(path: str) -> bool:
    """``…/copilot/NAME/manifest.yml``: a Copilot workload's (or environment's) manifest."""
    workload = os.path.dirname(os.path.abspath(path))
    return (
        os.path.basename(path) in _NAMES
        and os.path.basename(os.path.dirname(workload)) == "copilot"
    )


def scan_copilot(text: str, path: str | None = None) -> Scan | None:
    """The images a workload's manifest runs; ``None`` when it is no Copilot manifest (no
    ``type``). Never raises."""
    loaded = load_yaml(text, path=path)
    documents = [d for d in loaded.documents if scalar(get(d, "type"))]
    if not documents:
        return None
    occurrences: list[Occurrence] = []
    for document in documents:
        occurrences.extend(_images(document, path, ""))
        for environment, override, _ in items(get(document, "environments")):
            occurrences.extend(_images(override, path, f"environments.{environment}."))
    return Scan(occurrences, loaded.errors, loaded.suppressions)


def _images(node: yaml.Node, path: str | None, prefix: str) -> list[Occurrence]:
    places: list[tuple[yaml.Node | None, str]] = [
        (get(get(node, "image"), "location"), "image.location"),
        (get(get(node, "logging"), "image"), "logging.image"),
    ]
    for name, sidecar, _ in items(get(node, "sidecars")):
        image = get(sidecar, "image")
        located = get(image, "location")
        if located is not None:
            places.append((located, f"sidecars.{name}.image.location"))
        else:
            places.append((image, f"sidecars.{name}.image"))
    found = []
    for place, field in places:
        written = scalar(place)
        if place is None or not written:
            continue
        context: dict[str, object] = {"field": prefix + field}
        unresolved = braced_names(written)
        found.append(
            image_at(place, written, path=path, kind=KIND, context=context, unresolved=unresolved)
        )
    return found
