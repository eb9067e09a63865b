"""Terraform configurations: the container images their resources run.

Terraform reads a module as its directory: every ``*.tf`` file in it, with the values of
``variable`` blocks (their ``default``, or what ``terraform.tfvars`` and ``*.auto.tfvars``
beside them set, as ``terraform plan`` reads them without ``-var``) and ``locals`` from
any of its files. :func:`scan_terraform_file` reads one file in its module, so a file
named alone means what it means in a scan of its directory. The images (kind
``terraform``, context ``resource`` or ``module`` and ``field``):

* ``resource "docker_image"``'s ``name`` (one with a ``build`` block builds it, and
  ``resource "docker_registry_image"`` pushes one: no pull), and ``data "docker_image"`` /
  ``data "docker_registry_image"``'s ``name``;
* every ``image`` attribute (and ``image`` key of an object, as
  ``container_definitions = jsonencode([{ image = … }])`` writes ECS's) in a resource
  whose provider runs containers: ``docker_*`` (``docker_container``,
  ``docker_service``'s ``container_spec``), ``kubernetes_*`` (a pod template's
  ``container`` and ``init_container``), ``aws_ecs_task_definition``, Cloud Run's
  ``google_cloud_run_*``, Azure's ``azurerm_container_*``;
* the ``image`` of a ``module`` block's arguments (an ECS service module's
  ``container_definitions = { app = { image = … } }``): the module runs it.

An image taken from a ``docker_image`` resource or data source
(``image = docker_image.nginx.image_id``) is pulled — and judged — there; a module block that
passes on its own module's input (``image = each.value.image``, ``var.image``: the
terraform-aws-modules ``wrappers/``) passes on what its callers write, judged where they write
it. A Coder template parameter (``data "coder_parameter" "NAME"``) with a ``default`` gives
``data.coder_parameter.NAME.value`` that default, the value a workspace starts with unless its
owner picks another. Variables without a value, other data sources and other resources'
attributes are a run's: the image is unresolved, by name. ``*.tf.json`` is not read.
"""

from __future__ import annotations

import functools
import os

from ._hcl_images import image_occurrence, parse_file
from ._hcl_values import Values, dotted_name
from .builds import _hcl as hcl

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from ..occurrence import Occurrence, Scan

__all__ = ["KIND", "scan_terraform_file"]

KIND = "terraform"

#: The resource types whose ``image`` is a container image, by prefix.
_CONTAINER_RESOURCES = (
    "docker_", "kubernetes_", "aws_ecs_task_definition", "google_cloud_run_", "azurerm_container_",
)  # fmt: skip
#: The blocks that pull the image they name.
_DOCKER_IMAGES = frozenset({"docker_image", "docker_registry_image"})
_MAX_FILE = 1 << 20


def scan_terraform_file(text: str, path: str | None = None) -> Scan:
    """The images one ``.tf`` file's blocks pull, with its module's values. Never raises."""
    parsed = parse_file(path, text)
    if parsed.body is None:
        return parsed.scan([])
    bodies = [parsed.body, *_siblings(path)]
    values = Values(_variables(bodies, path), _locals(bodies), _parameters(bodies))
    occurrences: list[Occurrence] = []
    for block in parsed.body.blocks:
        for node, context in _image_places(block):
            if _from_docker_image(node):
                continue  # (pulled by that resource or data source, judged there)
            occurrence = image_occurrence(
                parsed, node, values.evaluate(node), kind=KIND, context=context
            )
            if occurrence is None or ("module" in context and _no_image_here(occurrence)):
                continue
            occurrences.append(occurrence)
    return parsed.scan(occurrences)


def _siblings(path: str | None) -> list[hcl.Body]:
    """The bodies of the module's other ``.tf`` files (those that parse)."""
    if path is None:
        return []
    directory = os.path.dirname(path) or "."
    own = os.path.basename(path)
    bodies = []
    for name in _names(directory):
        if name.endswith(".tf") and name != own:
            body = _body(os.path.join(directory, name))
            if body is not None:
                bodies.append(body)
    return bodies


def _names(directory: str) -> list[str]:
    try:
        return sorted(os.listdir(directory))
    except OSError:
        return []


def _body(path: str) -> hcl.Body | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    # (each file of a module reads its siblings: parsed once while they stay the same)
    return _parsed(path, status.st_mtime_ns, status.st_size)


@functools.lru_cache(maxsize=512)
def _parsed(path: str, mtime_ns: int, size: int) -> hcl.Body | None:
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read(_MAX_FILE)
        return hcl.parse(text)[0]
    except (OSError, UnicodeDecodeError, hcl.HclError, RecursionError):
        return None


def _variables(bodies: list[hcl.Body], path: str | None) -> dict[str, object]:
    found: dict[str, object] = {}
    empty = Values({})
    for body in bodies:
        for block in body.blocks:
            if block.type == "variable" and block.labels:
                default = next((a for a in block.body.attributes if a.name == "default"), None)
                if default is not None:
                    found[block.labels[0]] = empty.evaluate(default.expr)
    if path is not None:
        # What terraform plan reads by itself, in its order: later files win.
        directory = os.path.dirname(path) or "."
        names = _names(directory)
        tfvars = [n for n in ("terraform.tfvars",) if n in names]
        tfvars += [n for n in names if n.endswith(".auto.tfvars")]
        for name in tfvars:
            tfvar = _body(os.path.join(directory, name))
            for attribute in tfvar.attributes if tfvar is not None else ():
                found[attribute.name] = empty.evaluate(attribute.expr)
    return found


def _parameters(bodies: list[hcl.Body]) -> dict[str, object]:
    """``data.coder_parameter.NAME.value`` of each Coder template parameter with a
    ``default``: the value a workspace is created with unless its owner picks another."""
    found: dict[str, object] = {}
    empty = Values({})
    for body in bodies:
        for block in body.blocks:
            if block.type == "data" and block.labels[:1] == ["coder_parameter"]:
                default = next((a for a in block.body.attributes if a.name == "default"), None)
                if default is not None and len(block.labels) == 2:
                    value = empty.evaluate(default.expr)
                    found[f"data.coder_parameter.{block.labels[1]}.value"] = value
    return found


def _locals(bodies: list[hcl.Body]) -> dict[str, hcl.Node]:
    return {
        attribute.name: attribute.expr
        for body in bodies
        for block in body.blocks
        if block.type == "locals"
        for attribute in block.body.attributes
    }


def _image_places(block: hcl.Block) -> Iterator[tuple[hcl.Node, dict[str, object]]]:
    """The nodes of a top-level block that name an image, each with its context."""
    labels = block.labels
    if block.type in ("resource", "data") and len(labels) == 2:
        kind, name = labels
        where = f"{kind}.{name}" if block.type == "resource" else f"data.{kind}.{name}"
        if kind in _DOCKER_IMAGES:
            if block.type == "resource" and (
                kind == "docker_registry_image" or _builds(block.body)
            ):
                return  # (docker build, or a push of an image: the name is the project's)
            for attribute in block.body.attributes:
                if attribute.name == "name":
                    yield attribute.expr, {"resource": where, "field": "name"}
            return
        if block.type == "resource" and kind.startswith(_CONTAINER_RESOURCES):
            for node, field in _images_in_body(block.body, ()):
                yield node, {"resource": where, "field": field}
    elif block.type == "module" and labels:
        for attribute in block.body.attributes:
            if attribute.name == "image":
                yield attribute.expr, {"module": labels[0], "field": "image"}
            else:
                for node, field in _images_in_expr(attribute.expr, (attribute.name,)):
                    yield node, {"module": labels[0], "field": field}


def _no_image_here(occurrence: Occurrence) -> bool:
    """Whether what a module block gives its ``image`` input names no image of its own: its
    own input passed on (see _passed_on), or an empty text, a variable's ``default = ""``
    (kubespray's openstack module: ``image = var.image``, the Glance image to boot, unset)."""
    return _passed_on(occurrence.unresolved) or (not occurrence.unresolved and not occurrence.text)


def _passed_on(names: tuple[str, ...]) -> bool:
    """Whether an image a module block passes on is only its own module's input (``var.x``
    without a default, ``each.value.image`` of a ``for_each`` over one): a wrapper's
    pass-through, whose callers write the image — and have it judged — where they call it."""
    return bool(names) and all(name.startswith(("var.", "each.")) for name in names)


def _builds(body: hcl.Body) -> bool:
    return any(b.type == "build" for b in body.blocks) or any(
        a.name == "build" for a in body.attributes
    )


def _images_in_body(body: hcl.Body, trail: tuple[str, ...]) -> Iterator[tuple[hcl.Node, str]]:
    for attribute in body.attributes:
        here = (*trail, attribute.name)
        if attribute.name == "image":
            yield attribute.expr, ".".join(here)
        else:
            yield from _images_in_expr(attribute.expr, here)
    for block in body.blocks:
        if block.type == "dynamic":
            continue  # (its content is per item of a collection a run may give)
        yield from _images_in_body(block.body, (*trail, block.type))


def _images_in_expr(node: hcl.Node, trail: tuple[str, ...]) -> Iterator[tuple[hcl.Node, str]]:
    """``image`` keys of the objects in an expression (through lists and function calls:
    ``jsonencode([{ image = … }])``)."""
    if isinstance(node, hcl.ObjectExpr):
        for key, value in node.items:
            name = _key_name(key)
            if name == "image":
                yield value, ".".join((*trail, name))
            else:  # (a key worked out, ``(local.container_name) = {…}``, holds images too)
                yield from _images_in_expr(value, (*trail, name or _written_key(key)))
    elif isinstance(node, hcl.TupleExpr):
        for item in node.items:
            yield from _images_in_expr(item, trail)
    elif isinstance(node, hcl.Call) and node.name in (
        "jsonencode",
        "yamlencode",
        "tolist",
        "concat",
        "merge",
    ):
        for argument in node.args:
            yield from _images_in_expr(argument, trail)


def _key_name(node: hcl.Node) -> str | None:
    if isinstance(node, hcl.Variable):
        return node.name
    if isinstance(node, hcl.Template) and all(isinstance(p, str) for p in node.parts):
        return "".join(p for p in node.parts if isinstance(p, str))
    return None


def _written_key(node: hcl.Node) -> str:
    name = dotted_name(node)
    return f"({name})" if name is not None else "(…)"


def _from_docker_image(node: hcl.Node) -> bool:
    """Whether the image is a ``docker_image`` resource's or data source's attribute."""
    if (
        isinstance(node, hcl.Template)
        and len(node.parts) == 1
        and isinstance(node.parts[0], hcl.Node)
    ):
        node = node.parts[0]
    name = dotted_name(node) or ""
    parts = name.split(".")
    if parts[0] == "data":
        parts = parts[1:]
    return bool(parts) and parts[0] in _DOCKER_IMAGES and len(parts) >= 3
