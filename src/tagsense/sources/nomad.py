"""Nomad job files: the images their tasks run.

A job file (``*.nomad``, ``*.nomad.hcl``, or a ``*.hcl`` whose top level is a ``job`` block)
is HCL (:mod:`.builds._hcl`). A ``task`` (and a Consul Connect ``sidecar_task``) whose
``driver`` runs containers — ``docker``, ``podman``, ``containerd-driver`` — pulls the
``image`` of its ``config`` block (kind ``nomad``, context ``job``, ``group``, ``task``).
Other drivers (``exec``, ``raw_exec``, ``java``) pull no image.

The job file's ``variable`` blocks give their ``default`` and its ``locals`` their values,
as ``nomad job run`` works them out without ``-var``; a variable without a default, and
Nomad's runtime interpolation (``${NOMAD_META_version}``, ``${attr.kernel.name}``), are the
run's: the image is unresolved, by name. So is a ``[[ … ]]`` placeholder in the image's text:
the Go template delimiters of Levant (``levant render``/``deploy`` fill ``[[ .version ]]`` in
before Nomad reads the file), which projects that render their job files themselves use too
(OpenTTD/infra's Pulumi code replaces ``[[ version ]]`` in its ``*.nomad`` files): the file is
a template, and the image is the render's, by the placeholder's name (``version``), not an
invalid reference. A Nomad Pack's ``templates/*.nomad.tpl`` is read as :mod:`._nomad_pack`
reads it.
"""

from __future__ import annotations

from ._hcl_images import image_occurrence, parse_file
from ._hcl_values import Values

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..occurrence import Occurrence, Scan
    from ._hcl_images import Parsed
    from .builds import _hcl as hcl

__all__ = ["KIND", "scan_nomad_job"]

KIND = "nomad"

#: The task drivers that run a container of ``config.image``.
_CONTAINER_DRIVERS = frozenset({"docker", "podman", "containerd-driver"})
#: A Connect sidecar runs Envoy in Docker unless it says otherwise.
_TASKS = {"task": None, "sidecar_task": "docker"}


def scan_nomad_job(text: str, path: str | None = None) -> Scan:
    """The images a Nomad job file's tasks pull. Never raises."""
    if path is not None and path.endswith(".nomad.tpl"):
        from ._nomad_pack import is_pack_template, scan_pack_template

        if is_pack_template(path):
            return scan_pack_template(text, path, KIND)
    parsed = parse_file(path, text)
    if parsed.body is None:
        return parsed.scan([])
    values = Values(_variables(parsed.body), _locals(parsed.body))
    occurrences: list[Occurrence] = []
    for block in parsed.body.blocks:
        if block.type == "job":
            names = {"job": block.labels[0] if block.labels else ""}
            _tasks(parsed, values, block.body, names, occurrences)
    return parsed.scan(occurrences)


def _variables(body: hcl.Body) -> dict[str, object]:
    found: dict[str, object] = {}
    empty = Values({})
    for block in body.blocks:
        if block.type == "variable" and block.labels:
            default = next((a for a in block.body.attributes if a.name == "default"), None)
            if default is not None:
                found[block.labels[0]] = empty.evaluate(default.expr)
    return found


def _locals(body: hcl.Body) -> dict[str, hcl.Node]:
    return {
        attribute.name: attribute.expr
        for block in body.blocks
        if block.type == "locals"
        for attribute in block.body.attributes
    }


def _tasks(
    parsed: Parsed,
    values: Values,
    body: hcl.Body,
    names: dict[str, str],
    occurrences: list[Occurrence],
) -> None:
    for block in body.blocks:
        label = block.labels[0] if block.labels else ""
        if block.type in _TASKS:
            _task(parsed, values, block, {**names, "task": label}, occurrences)
        elif block.type in ("group", "connect", "sidecar_service"):
            inner = {**names, "group": label} if block.type == "group" else names
            _tasks(parsed, values, block.body, inner, occurrences)
        elif block.type in ("service",):
            _tasks(parsed, values, block.body, names, occurrences)


def _task(
    parsed: Parsed,
    values: Values,
    block: hcl.Block,
    names: dict[str, str],
    occurrences: list[Occurrence],
) -> None:
    attributes = {attribute.name: attribute for attribute in block.body.attributes}
    driver: object = _TASKS[block.type]
    if "driver" in attributes:
        driver = values.evaluate(attributes["driver"].expr)
    if driver not in _CONTAINER_DRIVERS:
        return
    for config in block.body.blocks:
        if config.type != "config":
            continue
        for attribute in config.body.attributes:
            if attribute.name != "image":
                continue
            context = {**names, "driver": str(driver), "field": "config.image"}
            value = values.evaluate(attribute.expr)
            if isinstance(value, str) and "[[" in value:
                value = _rendered_by_template(value)
            occurrence = image_occurrence(parsed, attribute.expr, value, kind=KIND, context=context)
            if occurrence is not None:
                occurrences.append(occurrence)


def _rendered_by_template(value: str) -> object:
    """An image text's ``[[ … ]]`` placeholders (Levant's delimiters) as what only the render
    knows, by their names (``[[ .version ]]``: ``version``); the text itself without any."""
    import re

    names = [
        body.strip().lstrip(".").strip()
        for body in re.findall(r"\[\[-?(.*?)-?\]\]", value)
        if body.strip().lstrip(".").strip()
    ]
    if not names:
        return value
    from ._hcl_values import Unknown

    return Unknown(tuple(dict.fromkeys(names)))


def is_nomad_job_text(text: str) -> bool:
    """Whether an HCL file's text has a top-level ``job "NAME" {`` block."""
    import re

    return re.search(r'^job[ \t]+"[^"\n]*"[ \t]*\{', text, re.M) is not None
