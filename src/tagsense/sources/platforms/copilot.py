"""AWS Copilot's service and job manifests: the images ``copilot deploy`` runs as written.

A workload's manifest is ``copilot/NAME/manifest.yml``. Its ``image`` either builds
(``build``: the Dockerfile is read as a Dockerfile) or names a ready image, ``location``,
which ECS (or App Runner) pulls (kind ``copilot``); so do its ``sidecars``' ``image`` (a
reference, or a mapping with ``location``), and the FireLens ``logging.image``. An
``environments.NAME`` override names its own. Copilot puts the environment's variables in
for ``${NAME}``: the image is then unresolved. An environment's or a pipeline's manifest
runs no image.

``image.build`` is a build of the project (:func:`read_copilot_build`): a Dockerfile's path, or
``dockerfile``, ``context`` (the Dockerfile's directory by default), ``args`` and ``target``,
relative to the workspace (the directory that holds ``copilot/``).
"""

from __future__ import annotations

import os

from ...occurrence import Occurrence, Scan
from .._yaml import get, items, load_yaml, position, scalar
from ._common import braced_names, image_at

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

    from ..project import BuildFile

__all__ = ["KIND", "TOOL", "is_copilot_manifest_path", "read_copilot_build", "scan_copilot"]

#: The ``tool`` of what ``copilot deploy`` builds.
TOOL = "copilot"

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


def read_copilot_build(path: str, *, max_bytes: int) -> BuildFile:
    """The Dockerfile builds of a workload's manifest at ``path`` (never raises): its
    ``image.build``, and those of its ``environments`` overrides."""
    from ...occurrence import BuildSite
    from ..project import BuildConfig, BuildFile

    try:
        with open(path, "rb") as handle:
            text = handle.read(max_bytes).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return BuildFile(path=path)
    workspace = os.path.dirname(os.path.dirname(os.path.dirname(path)))
    builds: list[BuildConfig] = []
    for document in load_yaml(text, path=path).documents:
        name = scalar(get(document, "name")) or TOOL
        overrides = [node for _, node, _ in items(get(document, "environments"))]
        for node in [document, *overrides]:
            build = get(get(node, "image"), "build")
            if build is None:
                continue
            written = scalar(build)
            dockerfile = written or scalar(get(build, "dockerfile"))
            if not dockerfile or "${" in dockerfile:
                continue
            context = scalar(get(build, "context")) or os.path.dirname(dockerfile) or "."
            target = scalar(get(build, "target"))
            args = {
                key: value
                for key, node_, _ in items(get(build, "args"))
                if (value := scalar(node_)) is not None
            }
            builds.append(
                BuildConfig(
                    site=BuildSite(TOOL, path, position(build)[0]),
                    name=name,
                    context=os.path.join(workspace, context),
                    dockerfile=os.path.join(workspace, dockerfile),
                    args=args,
                    target=target or None,
                )
            )
    return BuildFile(builds=builds, path=path)
