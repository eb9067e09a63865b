"""Pterodactyl and Pelican eggs (``egg-NAME.json``, ``egg-NAME.yaml``): the images a game
server panel runs a server in, and the one its install script runs in.

An egg is the file a Pterodactyl or Pelican panel imports to offer a kind of server
(parkervcp/eggs, the pelican-eggs/* catalogs, a project's own ``egg-*.json``). Pterodactyl's
documentation ("Creating a Custom Egg"; the export format ``PTDL_v2``) and Pelican's
(``PLCN_v1`` … ``PLCN_v3``, in JSON or YAML) give the same keys: ``docker_images`` maps a
name the user picks from to the image Wings runs the server in, each one pulled when chosen;
``scripts.installation.container`` is the image Wings pulls to run the install script in
(a ``docker_images`` written as a list, which the panel stores as PHP's array, gives its values). A
``PTDL_v1`` egg names its images in ``images`` (a list) or ``image`` (one), which the panel's
importer turns into ``docker_images``; in Pelican's formats ``image`` is the egg's icon, not
read. A file is an egg by its ``meta.version`` (``PTDL_v…``, ``PLCN_v…``). Kind ``egg``.
"""

from __future__ import annotations

from ...occurrence import Occurrence, Scan
from .. import _jsonc, _yaml
from ._common import image_at

__all__ = ["KIND", "may_be_egg", "may_be_egg_json", "scan_egg_json", "scan_egg_yaml"]

KIND = "egg"

#: The export formats' version prefixes: Pterodactyl's and Pelican's.
_VERSIONS = ("PTDL_v", "PLCN_v")
#: The format that names its images in ``images``/``image`` (converted on import).
_FIRST_VERSION = "PTDL_v1"


def may_be_egg(text: str) -> bool:
    """A quick look: the text says an egg format's version and ``meta``."""
    return "meta" in text and any(version in text for version in _VERSIONS)


def may_be_egg_json(head: bytes) -> bool:
    """A quick look at a JSON file's first bytes: ``"meta"`` and an egg format's version."""
    return b'"meta"' in head and (b'"PTDL_v' in head or b'"PLCN_v' in head)


def _is_egg_version(version: str | None) -> bool:
    return version is not None and version.startswith(_VERSIONS)


def scan_egg_json(text: str, path: str | None = None) -> Scan | None:
    """The images a JSON egg pulls; ``None`` when the JSON is no egg. Never raises."""
    parsed = _jsonc.parse_jsonc(text, path=path)
    root = parsed.value
    if parsed.error is not None or root is None:
        return None
    version = _json_text(_jsonc.get(_jsonc.get(root, "meta"), "version"))
    if not _is_egg_version(version):
        return None
    found: list[tuple[_jsonc.Value, str, dict[str, object]]] = []
    images = _jsonc.get(root, "docker_images")
    for name, _, image in _jsonc.members(images):
        found.append((image, "docker_images", {"image": name}))
    if images is not None and images.kind == "array":  # (a list: PHP's array, its values)
        found.extend((image, "docker_images", {}) for image in images.items)
    if version == _FIRST_VERSION:
        listed = _jsonc.get(root, "images")
        for image in listed.items if listed is not None and listed.kind == "array" else ():
            found.append((image, "images", {}))
        one = _jsonc.get(root, "image")
        if one is not None:
            found.append((one, "image", {}))
    installer = _jsonc.get(_jsonc.get(_jsonc.get(root, "scripts"), "installation"), "container")
    if installer is not None:
        found.append((installer, "scripts.installation.container", {}))
    occurrences: list[Occurrence] = []
    for value, field, context in found:
        written = _json_text(value)
        if written and written.strip():
            occurrences.append(
                Occurrence.of_text(
                    path=path, line=value.line, column=value.column, kind=KIND, raw=written,
                    text=written.strip(), context={**context, "field": field},
                )
            )  # fmt: skip
    return Scan(occurrences, ())


def _json_text(value: _jsonc.Value | None) -> str | None:
    if value is None or value.kind != "string":
        return None
    return value.data if isinstance(value.data, str) else None


def scan_egg_yaml(text: str, path: str | None = None) -> Scan | None:
    """The images a YAML egg (Pelican's export) pulls; ``None`` when the YAML is no egg.
    Never raises."""
    loaded = _yaml.load_yaml(text, path=path)
    documents = [
        one
        for one in loaded.documents
        if _is_egg_version(_yaml.scalar(_yaml.get(_yaml.get(one, "meta"), "version")))
    ]
    if not documents:
        return None
    occurrences: list[Occurrence] = []
    for document in documents:
        version = _yaml.scalar(_yaml.get(_yaml.get(document, "meta"), "version"))
        images = _yaml.get(document, "docker_images")
        found = [
            (image, "docker_images", {"image": name}) for name, image, _ in _yaml.items(images)
        ]
        found.extend((image, "docker_images", {}) for image in _yaml.sequence(images))
        if version == _FIRST_VERSION:
            found.extend(
                (image, "images", {}) for image in _yaml.sequence(_yaml.get(document, "images"))
            )
            one = _yaml.get(document, "image")
            if one is not None:
                found.append((one, "image", {}))
        scripts = _yaml.get(_yaml.get(document, "scripts"), "installation")
        installer = _yaml.get(scripts, "container")
        if installer is not None:
            found.append((installer, "scripts.installation.container", {}))
        for node, field, context in found:
            written = _yaml.scalar(node)
            if written and written.strip():
                occurrences.append(
                    image_at(
                        node, written, path=path, kind=KIND, context={**context, "field": field},
                        text=written.strip(),
                    )
                )  # fmt: skip
    return Scan(occurrences, loaded.errors, loaded.suppressions)
