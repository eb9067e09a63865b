"""Docker's MCP catalogs: the images the MCP gateway runs an MCP server or a tool in.

Two forms name them:

* a catalog (what ``docker mcp gateway run --catalog=FILE`` and ``docker mcp catalog import``
  read; the generated catalog of docker/mcp-registry): a top-level ``registry`` map of servers,
  each with a ``type`` and, for ``type: server``, the ``image`` the gateway pulls and starts;
* a server definition of docker/mcp-registry (``servers/NAME/server.yaml``: ``name``,
  ``type``, ``image``). Its ``cmd/build`` builds an image in the ``mcp/`` namespace from the
  server's ``source`` ("we will build the image for you and host it in Docker Hub's ``mcp``
  namespace"): the project's own, not read; any other image it pulls as written (``docker pull
  IMAGE``), and so does the gateway.

In both, a ``type: poci`` server's tools each run in their ``container.image``. A ``remote``
server is reached over HTTP: no image. Each image is an occurrence of kind ``docker-mcp``
whose ``context`` has ``server`` and ``field``.
"""

from __future__ import annotations

import os

from ...occurrence import Occurrence, Scan
from .._yaml import get, items, load_yaml, scalar, sequence
from ._common import image_at

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

__all__ = ["KIND", "may_be_mcp_catalog", "scan_mcp_catalog"]

KIND = "docker-mcp"
#: The server types whose entries run a container (``remote`` ones are URLs).
_SERVER = "server"
_POCI = "poci"
#: The namespace docker/mcp-registry builds its servers' images into.
_BUILT_NAMESPACE = "mcp/"


def may_be_mcp_catalog(text: str, path: str | None) -> bool:
    """A quick look: a catalog's top-level ``registry:``, or a ``server.yaml`` that says its
    ``type:`` (both need an ``image:``).

    >>> may_be_mcp_catalog("registry:\\n  x:\\n    type: server\\n    image: mcp/x\\n", "c.yaml")
    True
    >>> may_be_mcp_catalog("name: x\\nimage: mcp/x\\ntype: server\\n", "servers/x/server.yaml")
    True
    >>> may_be_mcp_catalog("image: nginx\\n", "values.yaml")
    False
    """
    if "image:" not in text or "type:" not in text:
        return False
    if text.startswith("registry:") or "\nregistry:" in text:
        return True
    return path is not None and os.path.basename(path) in {"server.yaml", "server.yml"}


def scan_mcp_catalog(text: str, path: str | None = None) -> Scan | None:
    """The images of a catalog or a server definition (see the module); ``None`` when the
    file has neither shape. Never raises."""
    loaded = load_yaml(text, path=path)
    occurrences: list[Occurrence] = []
    shaped = False
    for document in loaded.documents:
        registry = get(document, "registry")
        if registry is not None:
            for name, server, _key in items(registry):
                if _is_server(server):
                    shaped = True
                    occurrences += _images(server, name, path, catalog=True)
        elif path is not None and _is_server(document) and scalar(get(document, "name")):
            shaped = True
            name = scalar(get(document, "name")) or ""
            occurrences += _images(document, name, path, catalog=False)
    if not shaped:
        return None
    return Scan(occurrences, loaded.errors, loaded.suppressions)


def _is_server(node: yaml.Node | None) -> bool:
    """A server entry: a map whose ``type`` is one of the gateway's."""
    return scalar(get(node, "type")) in {_SERVER, _POCI, "remote"}


def _images(server: yaml.Node, name: str, path: str | None, *, catalog: bool) -> list[Occurrence]:
    kind = scalar(get(server, "type"))
    found: list[Occurrence] = []
    if kind == _SERVER:
        node = get(server, "image")
        written = scalar(node)
        # (a definition's mcp/ image is built from its source by docker/mcp-registry)
        built = not catalog and written is not None and written.startswith(_BUILT_NAMESPACE)
        if node is not None and written and written.strip() and not built:
            found.append(_at(node, written, name, "image", path))
    elif kind == _POCI:
        for tool in sequence(get(server, "tools")):
            node = get(get(tool, "container"), "image")
            written = scalar(node)
            if node is not None and written and written.strip():
                found.append(_at(node, written, name, "tools.container.image", path))
    return found


def _at(node: yaml.Node, written: str, name: str, field: str, path: str | None) -> Occurrence:
    context: dict[str, object] = {"server": name, "field": field}
    return image_at(node, written, path=path, kind=KIND, context=context, text=written.strip())
