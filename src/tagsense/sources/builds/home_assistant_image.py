"""Home Assistant apps (add-ons): the image an app's configuration says the Supervisor pulls.

An app's configuration (``config.yaml`` or ``config.yml`` in the app's directory, with its
``slug``) may name a published image, ``image: ghcr.io/home-assistant/{arch}-addon-ssh``.
The Supervisor then installs the app by pulling that image, ``{arch}`` replaced by the
machine's architecture, with the configuration's ``version`` as its tag (its
``supervisor/addons/model.py`` ``image`` and ``docker/addon.py`` ``install``); without
``image`` it builds the app's Dockerfile on the machine instead (:mod:`.home_assistant`).

So each architecture of the configuration's ``arch`` list is one occurrence (kind
``home-assistant``, at the ``image`` value, ``context`` ``field`` and ``arch``):
``ghcr.io/home-assistant/amd64-addon-ssh:9.18.0`` (home-assistant/addons: 24 apps, two
architectures each; koush/scrypted's ``install/config.yaml``). Where the app's build file
builds those names (:func:`app_image`), they are the project's own, built there.
A configuration without ``version`` or ``slug`` is none the Supervisor installs: nothing.
"""

from __future__ import annotations

import os

from ...occurrence import Occurrence, Scan
from .._yaml import items, scalar, sequence, value_position
from ._common import MAX_BYTES
from ._yaml_tool import first_mapping

__all__ = ["CONFIG_NAMES", "KIND", "app_image", "may_be_app_config", "scan_app_config"]

#: The kind of the occurrences.
KIND = "home-assistant"
#: The names of an app's configuration in YAML (the Supervisor's ``find_one_filetype``).
CONFIG_NAMES = ("config.yaml", "config.yml")
#: What the Supervisor replaces in ``image`` with the machine's architecture.
_ARCH = "{arch}"


def may_be_app_config(text: str, path: str | None) -> bool:
    """A quick look: an app configuration's name and the words it must hold."""
    return (
        path is not None
        and os.path.basename(path) in CONFIG_NAMES
        and "slug" in text
        and "image" in text
        and "version" in text
    )


def app_image(image: str, version: str, arch: str | None) -> str | None:
    """The image the Supervisor pulls for ``arch`` (``None``: not known; then an image that
    depends on it is none)."""
    if _ARCH in image:
        if arch is None:
            return None
        image = image.replace(_ARCH, arch)
    return f"{image}:{version}"


def scan_app_config(text: str, path: str | None, *, max_bytes: int = MAX_BYTES) -> Scan | None:
    """The images an app configuration's ``image`` pulls; ``None`` when the text is no app
    configuration (then it is read as any other YAML)."""
    document, errors, suppressions = first_mapping(text, path, max_bytes)
    fields = {key: value for key, value, _ in items(document)}
    node = fields.get("image")
    image = scalar(node) if node is not None else None
    version = scalar(fields.get("version"))
    if node is None or not image or not version or not scalar(fields.get("slug")):
        return None
    arches = [arch for item in sequence(fields.get("arch")) if (arch := scalar(item))]
    line, column = value_position(node)
    occurrences = [
        Occurrence.of_text(
            path=path, line=line, column=column, kind=KIND, raw=image, text=pulled,
            context={"field": "image", **({"arch": arch} if arch else {})},
        )
        for arch in (arches if _ARCH in image else [None])
        if (pulled := app_image(image, version, arch)) is not None
    ]  # fmt: skip
    return Scan(occurrences, errors, suppressions)
