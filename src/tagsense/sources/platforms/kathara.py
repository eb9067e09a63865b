"""Kathará network scenarios (``lab.conf``): the image each device of a lab runs.

``kathara lstart`` reads a scenario's ``lab.conf`` (Kathará's ``LabParser``; the Netkit format)
and starts a container for each device, pulling its image when the host does not have it. A
line ``DEVICE[ARG]=VALUE`` (a lower-case device name, the value in quotes or not, a ``#``
comment after white space) gives a device an interface when ``ARG`` is a number and an option
otherwise; ``DEVICE[image]="kathara/frr"`` is the device's image (kind ``kathara``; no tag is
``latest``). A second ``image`` for the same device overwrites the first (Kathará warns), so
the last is read. A device with no ``image`` runs the image of the user's Kathará settings
(``kathara/base`` unless changed): the file does not say it, and it is not read.
"""

from __future__ import annotations

from ..._lazy import lazy_pattern
from ...occurrence import Occurrence, Scan

__all__ = ["KIND", "is_lab_conf_name", "scan_lab_conf"]

KIND = "kathara"

#: ``LabParser``'s line, on the line without its surrounding white space.
_LINE = lazy_pattern(
    r"(?P<device>[a-z0-9_]{1,30})\[(?P<arg>\w+)\]=([\"']?)(?P<value>[^\"']+)(\3)(\s+#.*)?"
)


def is_lab_conf_name(path: str) -> bool:
    """``lab.conf``: the file ``kathara lstart`` reads in a scenario's directory.

    >>> is_lab_conf_name("labs/bgp/lab.conf"), is_lab_conf_name("nginx.conf")
    (True, False)
    """
    return path.replace("\\", "/").rsplit("/", 1)[-1] == "lab.conf"


def scan_lab_conf(text: str, path: str | None = None) -> Scan:
    """The image each device's last ``image`` option names. Never raises."""
    last: dict[str, Occurrence] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        match = _LINE.fullmatch(stripped)
        if match is None or match["arg"] != "image":
            continue
        value = match["value"]
        written = value.strip()
        if not written:
            continue
        indent = len(line) - len(line.lstrip())
        column = indent + match.start("value") + (len(value) - len(value.lstrip())) + 1
        device = match["device"]
        last[device] = Occurrence.of_text(
            path=path, line=number, column=column, kind=KIND, raw=written, text=written,
            context={"device": device, "field": f"{device}[image]"},
        )  # fmt: skip
    return Scan(sorted(last.values(), key=lambda o: o.line), ())
