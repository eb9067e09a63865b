"""Beaker hosts files: the images Beaker's container hypervisors start its hosts from.

A Beaker hosts file (a nodeset: ``spec/acceptance/nodesets/NAME.yml``, or wherever
``BEAKER_setdir`` points) is YAML with a top-level ``HOSTS`` mapping, one host by name. A host
whose ``hypervisor`` is ``docker`` (beaker-docker) or one of Beaker's ``container`` names
(``container``, ``container_docker``, ``container_podman``, ``container_swarm``) is a
container of its ``image``: beaker-docker pulls it and builds the host's image from it
(``FROM`` the image), or runs it as it is (``use_image_as_is``) — pulled either way (kind
``beaker``, context ``host``, ``field``). A host with a ``dockerfile`` is built from that file
instead, its ``image`` not read; other hypervisors (``vagrant``, ``vmpooler``, ``ec2``)
start no container. See https://github.com/voxpupuli/beaker-docker (Nodeset Options).
"""

from __future__ import annotations

from ..occurrence import Occurrence, Scan
from ._yaml import get, is_mapping, items, load_yaml, scalar, value_position

__all__ = ["KIND", "may_be_hosts_file", "scan_beaker"]

KIND = "beaker"

_CONTAINER_HYPERVISORS = frozenset(
    {"docker", "container", "container_docker", "container_podman", "container_swarm"}
)


def may_be_hosts_file(text: str) -> bool:
    """A quick look: a top-level ``HOSTS`` key and a ``hypervisor`` (before it is parsed)."""
    return ("\nHOSTS:" in text or text.startswith("HOSTS:")) and "hypervisor" in text


def scan_beaker(text: str, path: str | None = None) -> Scan | None:
    """The images a hosts file's container hosts start from; ``None`` when the text is no
    hosts file (no top-level ``HOSTS`` mapping). Never raises."""
    loaded = load_yaml(text, path=path)
    occurrences: list[Occurrence] = []
    hosts_file = False
    for document in loaded.documents:
        hosts = get(document, "HOSTS")
        if not is_mapping(hosts):
            continue
        hosts_file = True
        for name, host, _ in items(hosts):
            hypervisor = scalar(get(host, "hypervisor"))
            image = get(host, "image")
            written = scalar(image)
            if hypervisor not in _CONTAINER_HYPERVISORS or get(host, "dockerfile") is not None:
                continue
            if image is None or not written:
                continue
            line, column = value_position(image)
            context = {"hypervisor": hypervisor, "host": name, "field": "image"}
            found = Occurrence.of_text(
                path=path, line=line, column=column, kind=KIND, raw=written, text=written,
                context=context,
            )  # fmt: skip
            occurrences.append(found)
    if not hosts_file:
        return None
    return Scan(occurrences, loaded.errors, loaded.suppressions)
