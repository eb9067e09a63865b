"""Code sandboxes' Python SDKs: the images an agent's sandbox or a template starts from.

Agents and their harnesses run code in containers they name in Python, through libraries of
their own rather than a Docker SDK. A source that imports one of these is read, with
:mod:`ast` (never run), for these calls given the image as a string literal or a constant the
module assigns once, and only these:

* `SWE-ReX <https://github.com/SWE-agent/SWE-ReX>`_ (``swerex``; SWE-agent's runtime):
  ``DockerDeploymentConfig(image=IMAGE)`` and ``DockerDeployment(image=IMAGE)``, which pull
  the image when the machine lacks it and run it (SWE-agent's ``python:3.11``).
* `E2B <https://e2b.dev/docs/template/quickstart>`_'s template SDK (``e2b``):
  ``Template().from_image(IMAGE)``, the image E2B's build pulls, and its shorthands as the SDK
  writes them out: ``from_python_image(V)`` is ``python:V`` (``3`` when not given),
  ``from_node_image`` ``node:V`` (``lts``), ``from_debian_image`` ``debian:V`` (``stable``),
  ``from_ubuntu_image`` ``ubuntu:V`` (``latest``), ``from_bun_image`` ``oven/bun:V``
  (``latest``).
* `Modal <https://modal.com/docs/reference/modal.Image>`_ (``modal``):
  ``Image.from_registry(IMAGE)``, a public image Modal pulls to build its own.
* `llm-sandbox <https://github.com/vndee/llm-sandbox>`_ (``llm_sandbox``): a session's
  ``image=`` (``SandboxSession``, ``ArtifactSandboxSession``, ``InteractiveSandboxSession``),
  which its Docker, Podman or Kubernetes backend pulls when missing.

Not read: unit tests (their clients are fakes: see ``.docker_sdk``), a call given a mock or a
fake (``client=mock_client``), one a test expects to fail (``with pytest.raises``), an E2B
template only written out (``….to_dockerfile()``), and E2B templates and SWE-ReX
configurations in test modules (``test_*.py``: E2B's are the SDK's own, which name images that
do not exist to see a build fail; SWE-agent's check a configuration's fields, and start none;
a ``conftest.py`` fixture's is read). Each image is an
:class:`~tagsense.sources.Occurrence` of kind ``"sandbox-sdk"`` at its literal (at the call,
for a shorthand's default), with ``context`` ``tool`` (``swe-rex``, ``e2b``, ``modal``,
``llm-sandbox``) and ``call``.
"""

from __future__ import annotations

import ast
import os

from ...occurrence import Occurrence
from ._python_source import Written, constants, dotted, value
from .docker_sdk import expects_failure, is_unit_test

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["IMPORTS", "KIND", "sandbox_images"]

KIND = "sandbox-sdk"

#: The top-level packages, by the tool each is.
_PACKAGES = {"swerex": "swe-rex", "e2b": "e2b", "modal": "modal", "llm_sandbox": "llm-sandbox"}
#: What a source that imports one of them says (a quick look before it is parsed).
IMPORTS = tuple(
    f"{word} {package}".encode() for package in _PACKAGES for word in ("import", "from")
)
#: Calls of a class (by its name) whose ``image=`` is pulled, by tool.
_CLASSES = {
    "swe-rex": frozenset({"DockerDeploymentConfig", "DockerDeployment"}),
    "llm-sandbox": frozenset(
        {"SandboxSession", "ArtifactSandboxSession", "InteractiveSandboxSession"}
    ),
}
#: E2B's shorthands: the image's repository and the SDK's default version.
_E2B_SHORTHANDS = {
    "from_python_image": ("python", "3"),
    "from_node_image": ("node", "lts"),
    "from_debian_image": ("debian", "stable"),
    "from_ubuntu_image": ("ubuntu", "latest"),
    "from_bun_image": ("oven/bun", "latest"),
}


def sandbox_images(
    tree: ast.Module, lines: list[str], path: str | None, parents: Mapping[ast.AST, ast.AST]
) -> list[Occurrence]:
    """The images the module's calls of the sandbox SDKs pull (see the module)."""
    tools = _imported(tree)
    if not tools or is_unit_test(path):
        return []
    if _is_test(path):
        # (a test module's SWE-ReX configurations are checked, not started; conftest.py's
        # fixtures are; E2B's: the SDK's own tests, see above)
        tools = [tool for tool in tools if tool not in ("e2b", "swe-rex")]
    known = constants(tree, lines)
    found: dict[tuple[int, int], Occurrence] = {}
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call):
            continue
        name = call.func.attr if isinstance(call.func, ast.Attribute) else None
        if isinstance(call.func, ast.Name):
            name = call.func.id
        if name is None or _faked(call) or expects_failure(call, parents):
            continue
        if _rendered_only(call, parents):
            continue
        for tool in tools:
            occurrence = _image(tool, name, call, lines, known, path)
            if occurrence is not None:
                found.setdefault((occurrence.line, occurrence.column), occurrence)
    return list(found.values())


def _image(
    tool: str,
    name: str,
    call: ast.Call,
    lines: list[str],
    known: Mapping[str, Written],
    path: str | None,
) -> Occurrence | None:
    keywords = {item.arg: item.value for item in call.keywords if item.arg is not None}
    context: dict[str, object] = {"tool": tool, "call": name}
    if name in _CLASSES.get(tool, ()):
        written = value(keywords.get("image"), lines, known)
        return _at(written, written[0], path, context) if written else None
    first = call.args[0] if call.args and not isinstance(call.args[0], ast.Starred) else None
    if (tool, name) in (("e2b", "from_image"), ("modal", "from_registry")):
        given = first if first is not None else keywords.get("image", keywords.get("tag"))
        written = value(given, lines, known)
        if tool == "modal" and not _on_image(call):
            return None
        return _at(written, written[0], path, context) if written else None
    if tool == "e2b" and name in _E2B_SHORTHANDS:
        repository, default = _E2B_SHORTHANDS[name]
        given = first if first is not None else next(iter(keywords.values()), None)
        if given is None:  # (the SDK's default, at the call)
            place = (default, call.lineno, call.col_offset + 1)
            return _at(place, f"{repository}:{default}", path, context)
        written = value(given, lines, known)
        return _at(written, f"{repository}:{written[0]}", path, context) if written else None
    return None


def _faked(call: ast.Call) -> bool:
    """Whether the call is given a fake or a mock (``client=mock_client``): nothing runs."""
    for given in [*call.args, *(item.value for item in call.keywords)]:
        name = (dotted(given) or "").lower() if isinstance(given, ast.Name | ast.Attribute) else ""
        if "mock" in name or "fake" in name:
            return True
    return False


def _rendered_only(call: ast.Call, parents: Mapping[ast.AST, ast.AST]) -> bool:
    """Whether the chain the call starts ends in E2B's ``to_dockerfile()`` or ``to_json()``:
    a template written out, not built."""
    node: ast.AST | None = parents.get(call)
    while isinstance(node, ast.Attribute | ast.Call):
        if isinstance(node, ast.Attribute) and node.attr in ("to_dockerfile", "to_json"):
            return True
        node = parents.get(node)
    return False


def _is_test(path: str | None) -> bool:
    """Whether a source is a test module (``test_*.py``, ``*_test.py``).

    >>> _is_test("tests/test_batch.py"), _is_test("tests/conftest.py")
    (True, False)
    """
    if path is None:
        return False
    name = os.path.basename(path)
    return name.startswith("test_") or name.endswith("_test.py")


def _on_image(call: ast.Call) -> bool:
    """Whether ``….from_registry`` is called on Modal's ``Image`` (``modal.Image``)."""
    receiver = call.func.value if isinstance(call.func, ast.Attribute) else None
    if isinstance(receiver, ast.Attribute):
        return receiver.attr == "Image"
    return isinstance(receiver, ast.Name) and receiver.id == "Image"


def _at(written: Written, text: str, path: str | None, context: dict[str, object]) -> Occurrence:
    return Occurrence.of_text(
        path=path, line=written[1], column=written[2], kind=KIND, raw=written[0], text=text,
        context=context,
    )  # fmt: skip


def _imported(tree: ast.Module) -> list[str]:
    """The tools whose packages the module imports."""
    tools: dict[str, None] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module]
        else:
            continue
        for name in names:
            tool = _PACKAGES.get(name.partition(".")[0])
            if tool is not None:
                tools[tool] = None
    return list(tools)
