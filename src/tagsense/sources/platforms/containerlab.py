"""Containerlab topologies (``NAME.clab.yml``): the images a lab's nodes run.

``containerlab deploy`` reads a topology definition file (containerlab's documentation,
``manual/topo-def-file``: YAML named ``*.clab.yml`` or ``*.clab.yaml``, which ``deploy`` finds
by itself; any other name with ``-t FILE``) and starts one container a node of
``topology.nodes``, pulling its image when the host does not have it (``image-pull-policy``,
``IfNotPresent`` by default; kind ``containerlab``). A node's image is its own ``image``, else
its group's (``topology.groups``; the node's ``group``, else its kind's, else the defaults'),
else its kind's (``topology.kinds``), else ``topology.defaults.image``
(``Topology.GetNodeImage``); an image written in a kind, group or the defaults is read where it
is written, once, when a node takes it. Nodes of the kinds that start no container of an image
(``bridge``, ``ovs-bridge``, ``host``, ``ext-container``) pull nothing.

Before the YAML is read, containerlab expands environment variables anywhere in the file with
the shell's syntax (``${VAR:=default}``, ``${VAR:-default}``, ``${VAR-default}``,
``${VAR=default}``; ``${VAR:+other}``, ``${VAR+other}`` are empty when VAR is unset); a
variable with no default stays unresolved, with its name. A file is a topology by its name or
by its shape: a mapping whose ``topology`` is a mapping with ``nodes`` (labs name their files
``topo.yml``, ``lab.yml``… and pass them with ``-t``).
"""

from __future__ import annotations

from ..._lazy import lazy_pattern
from ...occurrence import Occurrence, Scan
from .._yaml import is_mapping, items, load_yaml, scalar, value_position

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re

    import yaml

__all__ = [
    "KIND",
    "expand_variables",
    "is_topology_name",
    "may_be_topology",
    "scan_topology",
    "topology_images",
]

KIND = "containerlab"

#: The kinds whose nodes run no image of their own (a Linux bridge, an Open vSwitch bridge,
#: the host's namespace, a container started by someone else).
_NO_IMAGE_KINDS = frozenset({"bridge", "ovs-bridge", "host", "ext-container"})
#: ``${NAME}``, ``${NAME<op>word}`` (``op``: ``:=``, ``:-``, ``=``, ``-``, ``:+``, ``+``) and
#: ``$NAME``; ``$$`` is a ``$``.
_VARIABLE = lazy_pattern(
    r"\$\$|\$\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-=+])(?P<word>[^}]*))?\}"
    r"|\$(?P<bare>[A-Za-z_][A-Za-z0-9_]*)"
)


def is_topology_name(path: str) -> bool:
    """``*.clab.yml`` or ``*.clab.yaml``: what ``containerlab deploy`` finds by itself.

    >>> is_topology_name("lab-examples/srl01/srl01.clab.yml"), is_topology_name("topo.yml")
    (True, False)
    """
    return path.endswith((".clab.yml", ".clab.yaml"))


def may_be_topology(text: str) -> bool:
    """A quick look: a top-level ``topology:`` and some ``nodes:``."""
    return "topology:" in text and "nodes:" in text


def scan_topology(text: str, path: str | None = None) -> Scan | None:
    """The images a topology's nodes run; ``None`` when the YAML is no topology. Never raises."""
    loaded = load_yaml(text, path=path)
    documents = loaded.documents
    used = topology_images(documents[0]) if len(documents) == 1 else None
    if used is None:
        return None
    occurrences = [_occurrence(image, field, names, path) for image, field, names in used]
    occurrences.sort(key=lambda o: (o.line, o.column))
    return Scan(occurrences, loaded.errors, loaded.suppressions)


def topology_images(root: yaml.Node | None) -> list[tuple[yaml.Node, str, list[str]]] | None:
    """Each image scalar a topology's nodes take (``root``, the YAML document), with its field
    and the names of the nodes that take it; ``None`` when the document is no topology."""
    topology = _mapping_at(root, "topology")
    nodes = _mapping_at(topology, "nodes")
    if topology is None or nodes is None:
        return None
    defaults = _mapping_at(topology, "defaults")
    kinds = _mapping_at(topology, "kinds")
    groups = _mapping_at(topology, "groups")
    used: dict[int, tuple[yaml.Node, str, list[str]]] = {}
    for name, value, _ in items(nodes):
        node = value if is_mapping(value) else None
        group = _group_of(node, kinds, defaults)
        kind = _kind_of(node, _mapping_at(groups, group), defaults, groups)
        if kind in _NO_IMAGE_KINDS:
            continue
        for field, place in (
            (f"topology.nodes.{name}.image", node),
            (f"topology.groups.{group}.image", _mapping_at(groups, group)),
            (f"topology.kinds.{kind}.image", _mapping_at(kinds, kind)),
            ("topology.defaults.image", defaults),
        ):
            image = _image_node(place)
            if image is not None:
                used.setdefault(id(image), (image, field, []))[2].append(name)
                break
    return list(used.values())


def _mapping_at(node: yaml.Node | None, key: str | None) -> yaml.Node | None:
    """The mapping under ``key`` of a mapping node, or ``None``."""
    if key is None or not is_mapping(node):
        return None
    for name, value, _ in items(node):
        if name == key:
            return value if is_mapping(value) else None
    return None


def _text_at(node: yaml.Node | None, key: str) -> str | None:
    for name, value, _ in items(node):
        if name == key:
            return scalar(value) or None
    return None


def _group_of(
    node: yaml.Node | None, kinds: yaml.Node | None, defaults: yaml.Node | None
) -> str | None:
    """The node's group: its own, else its kind's, else the defaults' (``GetNodeGroup``)."""
    own = _text_at(node, "group")
    if own:
        return own
    kind = _text_at(node, "kind") or _text_at(defaults, "kind")
    return _text_at(_mapping_at(kinds, kind), "group") or _text_at(defaults, "group")


def _kind_of(
    node: yaml.Node | None,
    group: yaml.Node | None,
    defaults: yaml.Node | None,
    groups: yaml.Node | None,
) -> str | None:
    """The node's kind: its own, else its group's, else the defaults' group's, else the
    defaults' (``GetNodeKind``)."""
    return (
        _text_at(node, "kind")
        or _text_at(group, "kind")
        or _text_at(_mapping_at(groups, _text_at(defaults, "group")), "kind")
        or _text_at(defaults, "kind")
    )


def _image_node(place: yaml.Node | None) -> yaml.Node | None:
    for name, value, _ in items(place):
        if name == "image" and scalar(value):
            return value
    return None


def _occurrence(image: yaml.Node, field: str, nodes: list[str], path: str | None) -> Occurrence:
    written = (scalar(image) or "").strip()
    text, unresolved = expand_variables(written)
    line, column = value_position(image)
    context: dict[str, object] = {"field": field, "nodes": nodes}
    return Occurrence.of_text(
        path=path, line=line, column=column, kind=KIND, raw=written,
        text=written if unresolved else text, unresolved=unresolved, context=context,
    )  # fmt: skip


def expand_variables(text: str) -> tuple[str, tuple[str, ...]]:
    """``text`` with its variables expanded as containerlab does when none is set: each
    default in, the names without one left unresolved.

    >>> expand_variables("ghcr.io/nokia/srlinux:${SRL_VERSION:=24.10.1}")
    ('ghcr.io/nokia/srlinux:24.10.1', ())
    >>> expand_variables("nokia_srsim:${SRSIM_IMAGE_TAG}")
    ('nokia_srsim:', ('SRSIM_IMAGE_TAG',))
    """
    unresolved: list[str] = []

    def one(match: re.Match[str]) -> str:
        if match[0] == "$$":
            return "$"
        name = match["braced"] or match["bare"]
        op = match["op"]
        if op is None:
            unresolved.append(name)
            return ""
        return "" if op.endswith("+") else match["word"]

    expanded = _VARIABLE.sub(one, text)
    return expanded, tuple(dict.fromkeys(unresolved))
