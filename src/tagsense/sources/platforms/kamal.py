"""Kamal's deploy configurations: the images ``kamal`` pulls onto its servers.

Kamal reads ``config/deploy.yml`` and, for ``-d DESTINATION``, ``config/deploy.DESTINATION.yml``
merged over it; both are ERB before they are YAML. Its top-level ``image`` is the application's
own image, which ``kamal deploy`` builds and pushes: no pull. What it pulls as written is each
accessory's ``image`` (``accessories.NAME.image``: a database, a cache, a proxy), prefixed with
the accessory's own ``registry.server`` when it has one, as Kamal prefixes it, and Kamal 1's
``traefik.image``. ERB that writes part of an image (``<%= ENV["TAG"] %>``) is the deployment's:
the image is unresolved. Each file is read on its own (a destination's file for the accessories
it names itself).

``kamal deploy`` builds that image (:func:`read_kamal_build`): the project's root (the
directory above ``config``) is where it runs, ``builder.dockerfile`` (``Dockerfile``) in
``builder.context`` (``.``) is built with ``builder.args`` and ``builder.target``, and the
image is named ``registry.server/image``: a built name wherever the project names it.
"""

from __future__ import annotations

import os
import re

from ..._lazy import lazy_pattern
from ...occurrence import Occurrence, Scan
from .._yaml import get, items, load_yaml, scalar, value_position
from ._common import image_at

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

    from ..project import BuildFile

__all__ = ["KIND", "TOOL", "is_kamal_path", "read_kamal_build", "scan_kamal"]

#: The ``tool`` of what ``kamal deploy`` builds.
TOOL = "kamal"

KIND = "kamal"

#: ``deploy.yml`` and a destination's ``deploy.NAME.yml``, in a ``config`` directory.
_NAME = lazy_pattern(r"deploy(?:\.[A-Za-z0-9_-]+)?\.ya?ml\Z")
#: An ERB tag: ``<%= … %>`` writes its value, ``<% … %>`` and ``<%# … %>`` write nothing.
_ERB = lazy_pattern(r"<%(?P<how>[=#-]?)(?P<code>.*?)-?%>", re.S)
#: What an output tag is put in as: as wide as the tag (positions stay), told apart when read.
_PUT = lazy_pattern(r"Erb_{2,}")
#: Top-level keys of a Kamal configuration, one at least of which a file has.
_KAMAL_KEYS = frozenset({"service", "image", "servers", "accessories", "registry", "builder"})


def is_kamal_path(path: str) -> bool:
    """``…/config/deploy.yml`` or ``…/config/deploy.NAME.yml``: where Kamal looks."""
    parent = os.path.basename(os.path.dirname(os.path.abspath(path)))
    return parent == "config" and _NAME.match(os.path.basename(path)) is not None


def scan_kamal(text: str, path: str | None = None) -> Scan | None:
    """The images a Kamal configuration pulls; ``None`` when the file is no Kamal
    configuration (no key of one at its top). Never raises."""
    lines = text.splitlines()
    loaded = load_yaml(_without_erb(text), path=path)
    documents = [d for d in loaded.documents if any(k in _KAMAL_KEYS for k, _, _ in items(d))]
    if not documents:
        return None
    occurrences: list[Occurrence] = []
    for document in documents:
        for name, accessory, _ in items(get(document, "accessories")):
            server = scalar(get(get(accessory, "registry"), "server"))
            found = _image(get(accessory, "image"), path, lines, {"accessory": name}, server)
            if found is not None:
                occurrences.append(found)
        traefik = get(get(document, "traefik"), "image")
        found = _image(traefik, path, lines, {"field": "traefik.image"})
        if found is not None:
            occurrences.append(found)
    return Scan(occurrences, loaded.errors, loaded.suppressions)


def _image(
    node: yaml.Node | None,
    path: str | None,
    lines: list[str],
    context: dict[str, object],
    server: str | None = None,
) -> Occurrence | None:
    written = scalar(node)
    if node is None or not written:
        return None
    if "accessory" in context:
        context = {**context, "field": f"accessories.{context['accessory']}.image"}
    unresolved = ("ERB",) if _PUT.search(written) or (server and _PUT.search(server)) else ()
    if unresolved:
        written = _as_written(node, written, lines)
    image = f"{server.rstrip('/')}/{written}" if server and not unresolved else written
    return image_at(
        node, written, path=path, kind=KIND, context=context, text=image, unresolved=unresolved
    )


def _as_written(node: yaml.Node, value: str, lines: list[str]) -> str:
    """The value with its ERB as the file writes it (a marker is as wide as its tag)."""
    line, column = value_position(node)
    if 0 < line <= len(lines):
        written = lines[line - 1][column - 1 : column - 1 + len(value)]
        if len(written) == len(value):
            return written
    return _PUT.sub("<%= … %>", value)


def _without_erb(text: str) -> str:
    """The text with its ERB tags put out of YAML's way, each line where it was: a tag that
    writes nothing is blanks, one that writes a value is a marker, told apart when read."""

    def put(match: re.Match[str]) -> str:
        if match["how"] == "=" and "\n" not in match[0]:
            return "Erb" + "_" * (len(match[0]) - 3)
        return re.sub(r"[^\n]", " ", match[0])

    return _ERB.sub(put, text) if "<%" in text else text


def read_kamal_build(path: str, *, max_bytes: int) -> BuildFile:
    """What ``kamal deploy`` builds for the configuration at ``path`` (never raises): the
    Dockerfile build of its ``builder`` and the ``image`` it names."""
    from ...occurrence import BuildSite
    from ..builds._shell_values import name_pattern
    from ..project import BuildConfig, BuildFile, BuiltImage

    try:
        with open(path, "rb") as handle:
            text = handle.read(max_bytes).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return BuildFile(path=path)
    loaded = load_yaml(_without_erb(text), path=path)
    document = next(
        (d for d in loaded.documents if any(k in _KAMAL_KEYS for k, _, _ in items(d))), None
    )
    if document is None:
        return BuildFile(path=path)
    root = os.path.dirname(os.path.dirname(path))
    built: list[BuiltImage] = []
    image = get(document, "image")
    written = scalar(image)
    if image is not None and written and not _PUT.search(written):
        server = scalar(get(get(document, "registry"), "server")) or ""
        name = f"{server.rstrip('/')}/{written}" if server and not _PUT.search(server) else written
        pattern = name_pattern(name)
        if pattern is not None:
            built.append(BuiltImage(pattern, BuildSite(TOOL, path, value_position(image)[0])))
    builder = get(document, "builder")
    base = os.path.basename(path) in ("deploy.yml", "deploy.yaml")
    if builder is None and not base:
        return BuildFile(built=built, path=path)  # (a destination's file: the base builds)
    args: dict[str, str] = {}
    unresolved: dict[str, tuple[str, ...]] = {}
    for key, value, _ in items(get(builder, "args")):
        text_ = scalar(value)
        if text_ is None:
            continue
        if _PUT.search(text_):
            unresolved[key] = ("ERB",)
        else:
            args[key] = text_
    context = scalar(get(builder, "context")) or "."
    dockerfile = scalar(get(builder, "dockerfile")) or "Dockerfile"
    if _PUT.search(context) or _PUT.search(dockerfile):
        return BuildFile(built=built, path=path)
    target = scalar(get(builder, "target"))
    config = BuildConfig(
        site=BuildSite(TOOL, path, value_position(builder)[0] if builder is not None else 1),
        name=scalar(get(document, "service")) or TOOL,
        context=os.path.join(root, context),
        dockerfile=os.path.join(root, dockerfile),
        args=args,
        target=target if target and not _PUT.search(target) else None,
        unresolved=unresolved,
    )
    return BuildFile(builds=[config], built=built, path=path)
