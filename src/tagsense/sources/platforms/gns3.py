"""GNS3 appliances (``NAME.gns3a``): the image a Docker appliance's nodes run.

An appliance file (GNS3's registry, ``schemas/appliance.json``: JSON, one appliance a file) that
has a ``docker`` object describes a Docker container node; importing it makes a template whose
``image`` GNS3's server pulls when a node of it starts and the host does not have the image
(kind ``gns3``; no tag is ``latest``). Appliances of other types (``qemu``, ``iou``,
``dynamips``) name disk images to download, not container images: not read.
"""

from __future__ import annotations

from ...occurrence import Occurrence, Scan
from .._jsonc import get, parse_jsonc

__all__ = ["KIND", "is_appliance_name", "scan_appliance"]

KIND = "gns3"


def is_appliance_name(path: str) -> bool:
    """``NAME.gns3a``: a GNS3 appliance file.

    >>> is_appliance_name("appliances/frr.gns3a"), is_appliance_name("frr.gns3")
    (True, False)
    """
    return path.endswith(".gns3a")


def scan_appliance(text: str, path: str | None = None) -> Scan:
    """The image of a Docker appliance's ``docker.image``. Never raises."""
    parsed = parse_jsonc(text, path=path)
    if parsed.error is not None or parsed.value is None:
        return Scan((), [parsed.error] if parsed.error is not None else [])
    image = get(get(parsed.value, "docker"), "image")
    written = image.text if image is not None else None
    if image is None or not written or not written.strip():
        return Scan((), ())
    context: dict[str, object] = {"field": "docker.image"}
    name = get(parsed.value, "name")
    if name is not None and name.text:
        context["appliance"] = name.text
    occurrence = Occurrence.of_text(
        path=path, line=image.line, column=image.column, kind=KIND, raw=written,
        text=written.strip(), context=context,
    )  # fmt: skip
    return Scan([occurrence], ())
