"""TrueNAS apps (``ix_values.yaml``): the images an app's containers run.

An app of the TrueNAS catalog (truenas/apps: ``ix-dev/TRAIN/APP/`` and the published
``trains/TRAIN/APP/VERSION/``) renders its compose file from Jinja templates; each container
names a key of the ``images:`` map of its ``ix_values.yaml``, and the app library makes the
image ``f"{repository}:{tag}"`` of that entry (``container.py``'s ``_resolve_image``). Each
entry with a ``repository`` and a ``tag`` is read as the image TrueNAS pulls (kind
``truenas``), at its ``repository``; the templates themselves are not read.
"""

from __future__ import annotations

import os

from ...occurrence import Occurrence, Scan
from .._yaml import get, items, load_yaml, scalar
from ._common import image_at

__all__ = ["KIND", "is_ix_values_name", "scan_ix_values"]

KIND = "truenas"
_NAME = "ix_values.yaml"


def is_ix_values_name(path: str) -> bool:
    """``ix_values.yaml``: a TrueNAS app's values, by the name the app renderer reads."""
    return os.path.basename(path) == _NAME


def scan_ix_values(text: str, path: str | None = None) -> Scan:
    """The images of the ``images:`` map. Never raises."""
    loaded = load_yaml(text, path=path)
    occurrences: list[Occurrence] = []
    for document in loaded.documents:
        for key, entry, _ in items(get(document, "images")):
            node = get(entry, "repository")
            repository = scalar(node)
            tag = scalar(get(entry, "tag"))
            if node is None or not repository or not tag:
                continue
            context: dict[str, object] = {"image": key, "field": "images.repository"}
            occurrences.append(
                image_at(
                    node, repository, path=path, kind=KIND, context=context,
                    text=f"{repository}:{tag}",
                )
            )  # fmt: skip
    return Scan(occurrences, loaded.errors, loaded.suppressions)
