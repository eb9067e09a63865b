"""Unraid Docker templates (``NAME.xml``): the image Unraid's Docker manager pulls.

Unraid's Docker manager (dockerMan) and Community Applications install a container from an
XML template, ``<Container version="2">``, whose ``<Repository>`` is the image it pulls
(``docker pull`` as written: no tag is ``latest``), kind ``unraid``. ``<Registry>`` is a web
page about the image, not where it is pulled from. Template repositories (linuxserver's
``templates``, the community's ``docker-templates``) hold one template a file.
"""

from __future__ import annotations

import re

from ..._lazy import lazy_pattern
from ..._offsets import line_column
from ...occurrence import Occurrence, Scan

__all__ = ["KIND", "may_be_template", "scan_template"]

KIND = "unraid"

#: How much of an XML file is looked at before it is read.
_SNIFF_BYTES = 16 * 1024
#: The template's root element, after the XML declaration and comments.
_ROOT = lazy_pattern(r"\A(?:\s|<\?[^>]*\?>|<!--.*?-->)*<Container\b", re.S)
#: The image: the text of ``<Repository>`` (no markup inside).
_REPOSITORY = lazy_pattern(r"<Repository>([^<]*)</Repository>")
#: The five predefined XML entities (an image name has no other).
_ENTITIES = {"&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&apos;": "'"}


def may_be_template(path: str) -> bool:
    """A ``*.xml`` file whose root element is ``<Container>``; never raises."""
    if not path.endswith(".xml"):
        return False
    try:
        with open(path, "rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return False
    return b"<Repository>" in head and _ROOT.match(head.decode("utf-8", "replace")) is not None


def scan_template(text: str, path: str | None = None) -> Scan:
    """The image a template's ``<Repository>`` names. Never raises."""
    if _ROOT.match(text) is None:
        return Scan((), ())
    match = _REPOSITORY.search(text)
    if match is None:
        return Scan((), ())
    inner = match[1]
    written = inner.strip()
    if not written:
        return Scan((), ())
    start = match.start(1) + (len(inner) - len(inner.lstrip()))
    line, column = line_column(text, start)
    image = re.sub(r"&(?:lt|gt|amp|quot|apos);", lambda m: _ENTITIES[m[0]], written)
    name = re.search(r"<Name>([^<]*)</Name>", text)
    context: dict[str, object] = {"field": "Repository"}
    if name is not None and name[1].strip():
        context["container"] = name[1].strip()
    occurrence = Occurrence.of_text(
        path=path, line=line, column=column, kind=KIND, raw=written, text=image,
        context=context,
    )  # fmt: skip
    return Scan([occurrence], ())
