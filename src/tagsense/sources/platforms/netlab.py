"""netlab's device and daemon definitions (``netsim/devices/NAME.yml``,
``netsim/daemons/NAME.yml``): the containers its containerlab provider runs.

`netlab <https://netlab.tools>`_ turns a lab topology into a containerlab topology (provider
``clab``): each node of a device runs the image of the device's definition, its ``clab.image``
(unless the topology names another), and containerlab pulls it when the host does not have
it. A definition whose ``clab`` also says ``build`` (a link to the build instructions, or
``true`` for netlab's own ``netlab/bird`` built from the daemon's Dockerfile) names an image
the user builds or imports (Arista's ``ceos``, the ``vrnetlab/…`` virtual machines), which no
registry serves: not read, nor is any ``vrnetlab/…`` name (vrnetlab's own build names them so).
``none`` is no image. The other providers' ``image`` (``libvirt``, ``virtualbox``) is a Vagrant
box, not read. Kind ``netlab``.
"""

from __future__ import annotations

import os

from ...occurrence import Occurrence, Scan
from .._yaml import get, load_yaml, scalar
from ._common import image_at

__all__ = ["KIND", "is_definition_path", "scan_definition"]

KIND = "netlab"
#: The directories of ``netsim/`` that hold netlab's device and daemon definitions.
_DEFINITIONS = ("devices", "daemons")


def is_definition_path(path: str) -> bool:
    """``…/netsim/devices/NAME.yml`` or ``…/netsim/daemons/NAME.yml``: a netlab definition.

    >>> is_definition_path("netsim/devices/frr.yml"), is_definition_path("lab/devices/frr.yml")
    (True, False)
    """
    folder, name = os.path.split(path)
    parent, kind = os.path.split(folder)
    return name.endswith(".yml") and kind in _DEFINITIONS and os.path.basename(parent) == "netsim"


def scan_definition(text: str, path: str | None = None) -> Scan | None:
    """The ``clab.image`` of a definition that does not build it (see the module); ``None``
    when the file has no ``clab`` mapping (then it is read as any other YAML). Never raises."""
    if "clab:" not in text:
        return None
    loaded = load_yaml(text, path=path)
    occurrences: list[Occurrence] = []
    for document in loaded.documents:
        clab = get(document, "clab")
        node = get(clab, "image")
        written = scalar(node)
        if node is None or not written or not written.strip() or get(clab, "build") is not None:
            continue
        if written.strip().lower() == "none" or written.startswith("vrnetlab/"):
            continue
        context: dict[str, object] = {"field": "clab.image"}
        if path is not None:
            context["device"] = os.path.splitext(os.path.basename(path))[0]
        occurrences.append(
            image_at(node, written, path=path, kind=KIND, context=context, text=written.strip())
        )
    return Scan(occurrences, loaded.errors, loaded.suppressions)
