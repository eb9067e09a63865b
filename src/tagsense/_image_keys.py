"""Which YAML keys name an image outside a container: one rule for the Kubernetes source,
which reads them, and the Helm renderer, which decides what to render for them.

An operator's custom resource names the images it runs in fields of its own (``spec.image``,
CloudNativePG's ``imageName``, ``exporterImage``, zalando's ``docker_image``), and an
operator's ConfigMap may give OLM's ``RELATED_IMAGE_*`` variables (mariadb-operator's, which a
container loads with ``envFrom``).
"""

from __future__ import annotations

import re

from ._lazy import lazy_pattern

__all__ = ["IMAGE_KEY_LINE", "is_image_field", "names_an_image"]


def is_image_field(key: str) -> bool:
    """``image``, ``imageName``, ``…Image`` (``customImage``, ``exporterImage``) and
    ``…_image`` (``docker_image``, ``connection_pooler_image``)."""
    return (
        key in ("image", "imageName")
        or (key.endswith("Image") and key[:1].islower())
        or (key.endswith(("_image", "-image")) and key[:1].islower())
    )


def names_an_image(key: str) -> bool:
    """An image field (:func:`is_image_field`), or OLM's ``RELATED_IMAGE_*``."""
    return is_image_field(key) or key.startswith("RELATED_IMAGE_")


#: Such a key at the start of a line of YAML text (a quick look before it is parsed).
IMAGE_KEY_LINE = lazy_pattern(
    r"^[ \t-]*(?:image|imageName|[a-z]\w*Image|[a-z]\w*_image|RELATED_IMAGE_\w+)[ \t]*:", re.M
)
