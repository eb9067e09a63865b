"""Portainer app templates (``templates.json``): the images a container template runs.

Portainer reads its "App Templates" from one JSON file at a URL (Settings → App Templates),
most often a repository's ``templates.json``. The format (Portainer's documentation,
``advanced/app-templates/format``) is ``{"version": "2"|"3", "templates": [...]}``, or in
Portainer 1.x's format a bare list of templates. A template has a ``type`` (``1`` or
``"container"``: one container; ``2``/``3``, ``"stack"``: a swarm or compose stack whose
file a ``repository`` names, read where it lies as a compose file) and a ``title``; a
container template's ``image`` is what Portainer pulls when the template is deployed
(kind ``portainer``), from its ``registry`` when one is given (else Docker Hub). Yacht and
openmediavault read the same format. A JSON file is a template file only by that shape:
a list of objects, each with a ``title`` and a ``type``, one of them with a key of
Portainer's (``logo``, ``categories``, ``platform``, ``restart_policy``, ``ports``,
``volumes``), and at least one container template with an ``image``.
"""

from __future__ import annotations

from ...occurrence import Occurrence, Scan
from .._jsonc import Value, get, parse_jsonc
from ._common import braced_names, json_says

__all__ = ["KIND", "QUICK", "may_be_app_templates", "scan_app_templates"]

KIND = "portainer"

#: What a template file says, looked for before it is parsed.
QUICK = (b'"title"', b'"image"', b'"type"')
#: A template's ``type`` that runs one container (2.x and 3.x: 1; 1.x: "container").
_CONTAINER_TYPES = frozenset({"1", "container"})


#: Keys of a template that other JSON lists of titled items seldom have: one of them
#: somewhere in the file.
_TEMPLATE_KEYS = ("logo", "categories", "platform", "restart_policy", "ports", "volumes")


def may_be_app_templates(path: str) -> bool:
    """A ``*.json`` file whose first bytes say ``"title"``, ``"image"`` and ``"type"``."""
    return json_says(path, *QUICK)


def scan_app_templates(text: str, path: str | None = None) -> Scan | None:
    """The images a template file's container templates run; ``None`` when the JSON is no
    template file. Never raises."""
    parsed = parse_jsonc(text, path=path)
    if parsed.error is not None or parsed.value is None:
        return None
    templates = _templates(parsed.value)
    if not templates or not all(_is_template(one) for one in templates):
        return None
    if not any(get(one, key) is not None for one in templates for key in _TEMPLATE_KEYS):
        return None  # (a list of titled things with pictures, not templates)
    occurrences: list[Occurrence] = []
    for template in templates:
        if _scalar(get(template, "type")) not in _CONTAINER_TYPES:
            continue
        image = get(template, "image")
        written = _scalar(image)
        if image is None or not written:
            continue
        occurrences.append(_occurrence(template, image, written, path))
    return Scan(occurrences, ()) if occurrences else None


def _templates(root: Value) -> tuple[Value, ...]:
    if root.kind == "array":
        return root.items
    listed = get(root, "templates")
    return listed.items if listed is not None and listed.kind == "array" else ()


def _is_template(value: Value) -> bool:
    return (
        value.kind == "object"
        and get(value, "title") is not None
        and (get(value, "type") is not None)
    )


def _scalar(value: Value | None) -> str | None:
    """A string's text, or a number's (``"type": 1``)."""
    if value is None or value.kind not in ("string", "number"):
        return None
    text = value.data
    return text if isinstance(text, str) else None


def _occurrence(template: Value, image: Value, written: str, path: str | None) -> Occurrence:
    registry = (_scalar(get(template, "registry")) or "").strip().rstrip("/")
    text = written
    if registry and not written.startswith(registry + "/"):
        text = f"{registry}/{written}"  # (Portainer pulls the image from that registry)
    context: dict[str, object] = {"field": "templates.image"}
    title = _scalar(get(template, "title"))
    if title:
        context["template"] = title
    unresolved = braced_names(text)
    return Occurrence.of_text(
        path=path, line=image.line, column=image.column, kind=KIND, raw=written,
        text=text, unresolved=unresolved, context=context,
    )  # fmt: skip
