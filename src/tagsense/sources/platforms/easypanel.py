"""Easypanel templates (``templates/NAME/meta.yaml``): the images an app's services run.

A template of Easypanel's catalog (easypanel-io/templates) is a ``meta.yaml`` and the
``index.ts`` beside it: the form the user fills in is the JSON schema of ``meta.yaml``'s
``schema.properties``, and ``index.ts`` makes each service from it, its image
``input.appServiceImage``. An image field's ``default`` (a property whose name ends in
``Image``: ``appServiceImage``, ``databaseServiceImage``) is the image Easypanel pulls unless
the user changes it (kind ``easypanel``). An image ``index.ts`` writes itself is not read.
"""

from __future__ import annotations

import os

from ...occurrence import Occurrence, Scan
from .._yaml import get, items, load_yaml, scalar
from ._common import image_at

__all__ = ["KIND", "is_template_meta_path", "scan_template_meta"]

KIND = "easypanel"
_NAME = "meta.yaml"
#: The template's code beside its ``meta.yaml``.
_CODE = "index.ts"


def is_template_meta_path(path: str) -> bool:
    """``meta.yaml`` with an ``index.ts`` beside it: an Easypanel template's form."""
    return os.path.basename(path) == _NAME and os.path.isfile(
        os.path.join(os.path.dirname(path), _CODE)
    )


def scan_template_meta(text: str, path: str | None = None) -> Scan | None:
    """The default images of the form's image fields; ``None`` when the file has no
    ``schema.properties``. Never raises."""
    loaded = load_yaml(text, path=path)
    occurrences: list[Occurrence] = []
    form = False
    for document in loaded.documents:
        properties = get(get(document, "schema"), "properties")
        if properties is None:
            continue
        form = True
        for name, field, _ in items(properties):
            if not name.lower().endswith("image"):
                continue
            node = get(field, "default")
            written = scalar(node)
            if node is None or not written:
                continue
            context: dict[str, object] = {"field": f"schema.properties.{name}.default"}
            occurrences.append(image_at(node, written, path=path, kind=KIND, context=context))
    if not form:
        return None
    return Scan(occurrences, loaded.errors, loaded.suppressions)
