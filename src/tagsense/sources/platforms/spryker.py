"""Spryker deploy files (``deploy.yml``, ``deploy.NAME.yml``): the images the Docker SDK pulls.

Spryker's Docker SDK (spryker/docker-sdk) boots a project from a deploy file
(``docker/sdk boot deploy.dev.yml``). Its generator (``generator/src/templates/deploy.bash.twig``)
takes the application's platform image from ``image.tag`` (or ``image`` written as one string),
which its application Dockerfile starts ``FROM``, and the frontend's base image from
``assets.image`` (``nginx:alpine`` when the file says none); a service of engine ``custom`` runs
its ``image``. Each is pulled as written, kind ``spryker``, with ``context`` ``field``
(``image.tag``, ``assets.image``, ``services.NAME.image``). The platform image's environment
override (``SPRYKER_PLATFORM_IMAGE``) and the images the SDK picks for the other services'
engines and versions (its own templates') are not read, nor are ``imports``.

A deploy file is known by its name and its shape: a top-level ``version``, an ``image`` and
``groups`` or ``regions`` (a GitHub workflow ``deploy.yml`` has none of them).
"""

from __future__ import annotations

import os

from ..._lazy import lazy_pattern
from ...occurrence import Occurrence, Scan
from .._yaml import get, items, load_yaml, scalar
from ._common import image_at

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

__all__ = ["KIND", "is_deploy_file_name", "scan_deploy_file"]

KIND = "spryker"

#: ``deploy.yml``, ``deploy.dev.yml``, ``deploy.ci.api.mariadb.yml``…
_NAME = lazy_pattern(r"deploy(?:\.[A-Za-z0-9_-]+)*\.ya?ml")


def is_deploy_file_name(path: str) -> bool:
    """``deploy.yml`` or ``deploy.NAME.yml``: the names of Spryker's deploy files."""
    return _NAME.fullmatch(os.path.basename(path)) is not None


def scan_deploy_file(text: str, path: str | None = None) -> Scan | None:
    """The images a Spryker deploy file names; ``None`` when the file is no deploy file.
    Never raises."""
    if "image" not in text or ("groups" not in text and "regions" not in text):
        return None  # (another tool's deploy.yml, an Ansible playbook: not parsed twice)
    loaded = load_yaml(text, path=path)
    occurrences: list[Occurrence] = []
    deploy_file = False
    for document in loaded.documents:
        image = get(document, "image")
        if get(document, "version") is None or image is None:
            continue
        if get(document, "groups") is None and get(document, "regions") is None:
            continue
        deploy_file = True
        platform = image if scalar(image) is not None else get(image, "tag")
        occurrences += _named(platform, "image.tag", path)
        occurrences += _named(get(get(document, "assets"), "image"), "assets.image", path)
        for name, service, _ in items(get(document, "services")):
            if scalar(get(service, "engine")) == "custom":
                field = f"services.{name}.image"
                occurrences += _named(get(service, "image"), field, path)
    if not deploy_file:
        return None
    return Scan(occurrences, loaded.errors, loaded.suppressions)


def _named(node: yaml.Node | None, field: str, path: str | None) -> list[Occurrence]:
    """The image ``node`` writes (none when it writes no string)."""
    written = scalar(node)
    if node is None or not written:
        return []
    return [image_at(node, written, path=path, kind=KIND, context={"field": field})]
