"""DigitalOcean App Platform app specs: the images an app's components run.

An app spec (``.do/app.yaml``, ``.do/deploy.template.yaml`` under ``spec:``, or any file given
to ``doctl apps create --spec``) lists ``services``, ``workers`` and ``jobs``; one that runs a
ready image says so with ``image: {registry_type, registry, repository, tag | digest}``, which
App Platform pulls (kind ``digitalocean``): from Docker Hub ``REGISTRY/REPOSITORY``
(``library/postgres`` for an official image), from GitHub's registry
``ghcr.io/REGISTRY/REPOSITORY``, with ``tag`` (``latest`` when neither it nor a ``digest`` is
given) or ``@digest``. An image in DigitalOcean's own registry (``DOCR``) is the account's own
(App Platform wants its ``registry`` empty: the account's), pushed by the project: not read.
``${NAME}`` is a bindable variable, put in when the app deploys: the image is unresolved.
"""

from __future__ import annotations

from ...occurrence import Occurrence, Scan
from .._yaml import get, is_mapping, load_yaml, scalar, sequence
from ._common import braced_names, image_at

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

__all__ = ["KIND", "may_be_app_spec", "scan_app_spec"]

KIND = "digitalocean"

#: The components of an app that run a container.
_COMPONENTS = ("services", "workers", "jobs")
#: Where each registry type's images are.
_HOSTS = {"DOCKER_HUB": "docker.io", "GHCR": "ghcr.io"}


def may_be_app_spec(text: str) -> bool:
    """A quick look: only an app spec says ``registry_type``."""
    return "registry_type" in text


def scan_app_spec(text: str, path: str | None = None) -> Scan | None:
    """The images an app spec's components run; ``None`` when the file is no app spec
    (no component with an ``image`` of a ``registry_type``). Never raises."""
    loaded = load_yaml(text, path=path)
    occurrences: list[Occurrence] = []
    spec_found = False
    for document in loaded.documents:
        spec = get(document, "spec") if is_mapping(get(document, "spec")) else document
        for group in _COMPONENTS:
            for component in sequence(get(spec, group)):
                image = get(component, "image")
                kind = scalar(get(image, "registry_type"))
                if image is None or kind is None:
                    continue
                spec_found = True
                found = _occurrence(image, kind, component, group, path)
                if found is not None:
                    occurrences.append(found)
    if not spec_found:
        return None
    return Scan(occurrences, loaded.errors, loaded.suppressions)


def _occurrence(
    image: yaml.Node, kind: str, component: yaml.Node, group: str, path: str | None
) -> Occurrence | None:
    repository_node = get(image, "repository")
    repository = scalar(repository_node)
    host = _HOSTS.get(kind.upper())
    if repository_node is None or not repository or host is None:
        return None  # (DOCR: the account's own registry, where the project pushes its builds)
    registry = (scalar(get(image, "registry")) or "").strip().strip("/")
    if registry == host:  # (``registry: ghcr.io`` with ``repository: owner/name``)
        registry = ""
    digest = scalar(get(image, "digest"))
    tag = scalar(get(image, "tag"))
    name = "/".join(part for part in (registry, repository.strip()) if part)
    if host != "docker.io":
        name = f"{host}/{name}"
    # (without a tag or digest, App Platform pulls ``latest``, as Docker does)
    reference = f"{name}@{digest}" if digest else f"{name}:{tag}" if tag else name
    context: dict[str, object] = {"field": f"{group}.image", "registry_type": kind}
    component_name = scalar(get(component, "name"))
    if component_name:
        context["component"] = component_name
    unresolved = braced_names(reference)
    return image_at(
        repository_node, reference, path=path, kind=KIND, context=context, unresolved=unresolved
    )
