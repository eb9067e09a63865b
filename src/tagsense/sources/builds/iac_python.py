"""Infrastructure-as-code programs in Python: the images their resources run.

The Python side of :mod:`.iac_node`: a Pulumi program (``import pulumi_kubernetes``), an AWS
CDK app (``aws_cdk``), a cdk8s chart (``cdk8s``, ``cdk8s_plus_…``) or a CDK for Terraform
stack (``cdktf``) names the images of the containers it declares, and ``pulumi up``, ``cdk
deploy`` or ``cdk8s synth`` hand them to the runtime, which pulls them. A source that imports
one of these SDKs is read with :mod:`ast` (never run) for an image given as a string literal
or a constant the module assigns once, at these places only:

* ``ContainerImage.from_registry(IMAGE)`` and ``DockerImage.from_registry(IMAGE)`` (AWS CDK;
  ``from_asset`` builds a directory of the project's own);
* ``image=IMAGE`` given to a container's arguments: a call whose name ends in ``Container``,
  ``ContainerArgs`` or ``ContainerProps`` (``k8s.core.v1.ContainerArgs``, Cloud Run's
  ``ServiceTemplateSpecContainerArgs``, cdk8s' ``ContainerProps``), or ``add_container(…)``;
* ``"image": IMAGE`` of a dictionary that is a container: an element of a ``"containers"``
  (``"initContainers"``, ``containers=``) list, the value of a ``"container"`` key, or one of
  the list an ECS task definition's ``container_definitions=json.dumps([…])`` writes;
* ``name=IMAGE`` of a ``RemoteImage`` (Pulumi's Docker provider, which pulls it).

A virtual machine's ``image=`` (``InstanceBootDiskInitializeParamsArgs(image="debian-cloud/…")``,
a droplet's ``image="ubuntu-22-04-x64"``) is not a container's and is not read. Each image is
an :class:`~tagsense.sources.Occurrence` of kind ``"iac-program"`` at its literal, with
``context`` ``tool`` and ``call`` as :mod:`.iac_node` gives them; a unit test's source
(``test_*.py``) is not read.
"""

from __future__ import annotations

import ast

from ._python_source import constants, dotted, value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ...occurrence import Occurrence
    from ._python_source import Written

__all__ = ["IMPORTS", "resource_images", "tool_of"]

#: What a source that imports one of the SDKs says, and the tool each names.
IMPORTS = (
    ("import pulumi_", "pulumi"),
    ("from pulumi_", "pulumi"),
    ("import aws_cdk", "aws-cdk"),
    ("from aws_cdk", "aws-cdk"),
    ("import cdk8s", "cdk8s"),
    ("from cdk8s", "cdk8s"),
    ("import cdktf", "cdktf"),
    ("from cdktf", "cdktf"),
)

_CONTAINER_CALL_ENDINGS = ("Container", "ContainerArgs", "ContainerProps")
_CONTAINER_METHODS = frozenset({"add_container", "add_init_container"})
_CONTAINER_LISTS = frozenset(
    {"containers", "initContainers", "init_containers", "ephemeralContainers"}
)
_TASK_DEFINITIONS = frozenset({"container_definitions", "containerDefinitions"})


def tool_of(text: str) -> str | None:
    """The SDK a source imports (:data:`IMPORTS`), ``None`` for none."""
    return next((tool for marker, tool in IMPORTS if marker in text), None)


def resource_images(
    tree: ast.Module,
    text: str,
    lines: list[str],
    path: str | None,
    parents: dict[ast.AST, ast.AST],
) -> list[Occurrence]:
    """The images the resources of the program ``tree`` run (``parents``: each node's)."""
    from .iac_node import KIND, is_generated, is_unit_test

    tool = tool_of(text)
    if tool is None or is_unit_test(path) or is_generated(text):
        return []  # (a unit test's program runs against mocks, and deploys nothing)
    from ...occurrence import Occurrence

    known = constants(tree, lines)
    found: dict[Written, Occurrence] = {}

    def add(node: ast.expr | None, call: str) -> None:
        written = value(node, lines, known)
        if written is None or written in found:
            return
        found[written] = Occurrence.of_text(
            path=path,
            line=written[1],
            column=written[2],
            kind=KIND,
            raw=written[0],
            text=written[0],
            context={"tool": tool, "call": call},
        )

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _last(node.func)
            if name == "from_registry" and isinstance(node.func, ast.Attribute):
                owner = _last(node.func.value)
                if owner in ("ContainerImage", "DockerImage") and node.args:
                    add(node.args[0], "from_registry")
            elif name.endswith(_CONTAINER_CALL_ENDINGS) or name in _CONTAINER_METHODS:
                add(_keyword(node, "image"), "image")
            elif name == "RemoteImage":
                add(_keyword(node, "name"), "RemoteImage")
        elif isinstance(node, ast.Dict) and _is_container(node, parents):
            for key, item in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value == "image":
                    add(item, "image")
    return sorted(found.values(), key=lambda occurrence: (occurrence.line, occurrence.column))


def _last(node: ast.expr) -> str:
    """The last name of a callee (``k8s.core.v1.ContainerArgs``: ``ContainerArgs``)."""
    name = dotted(node)
    return "" if name is None else name.rsplit(".", 1)[-1]


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((keyword.value for keyword in call.keywords if keyword.arg == name), None)


def _is_container(node: ast.Dict, parents: dict[ast.AST, ast.AST]) -> bool:
    """Whether a dictionary is a container: the value of a ``"container"`` key, or an element
    of a containers list or of the list a task definition's ``json.dumps`` writes."""
    parent = parents.get(node)
    if isinstance(parent, ast.Dict):
        return _key_of(parent, node) == "container"
    if not isinstance(parent, ast.List):
        return False
    holder = parents.get(parent)
    if isinstance(holder, ast.Dict):
        return _key_of(holder, parent) in _CONTAINER_LISTS
    if isinstance(holder, ast.keyword):
        return holder.arg in _CONTAINER_LISTS
    if isinstance(holder, ast.Call) and _last(holder.func) == "dumps":
        outer = parents.get(holder)
        if isinstance(outer, ast.keyword):
            return outer.arg in _TASK_DEFINITIONS
        if isinstance(outer, ast.Dict):
            return _key_of(outer, holder) in _TASK_DEFINITIONS
    return False


def _key_of(mapping: ast.Dict, item: ast.AST) -> str | None:
    """The string key under which ``mapping`` holds ``item``."""
    for key, held in zip(mapping.keys, mapping.values, strict=True):
        if held is item and isinstance(key, ast.Constant) and isinstance(key.value, str):
            return key.value
    return None
