"""Infrastructure-as-code programs in Java: the images their resources run.

The Java side of :mod:`.iac_node`: a Pulumi program (``import com.pulumi…``), an AWS CDK app
(``import software.amazon.awscdk…``), a cdk8s chart (``import org.cdk8s…``) or a CDK for
Terraform stack (``import com.hashicorp.cdktf…``) names the images of its containers in its
source, with builders. A Java source that imports one of these SDKs is read, never run, for an
image given as a plain string literal, at these places only:

* ``ContainerImage.fromRegistry("IMAGE")`` (AWS CDK);
* ``.image("IMAGE")`` in a builder chain that a container's builder starts: ``TYPE.builder()``
  whose type's name ends in ``ContainerArgs``, ``Container``, ``ContainerProps`` or
  ``ContainerDefinitionArgs`` (``ContainerArgs.builder().name("nginx").image("nginx:1.27")``).

A virtual machine's ``.image(…)`` (``InstanceBootDiskInitializeParams.builder().image(…)``)
is no container's and is not read. Each image is an :class:`~tagsense.sources.Occurrence` of
kind ``"iac-program"`` at its literal, with ``context`` ``tool`` and ``call`` as
:mod:`.iac_node` gives them.
"""

from __future__ import annotations

from ..._lazy import lazy_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ...occurrence import Occurrence

__all__ = ["MARKERS", "resource_images", "tool_of"]

#: What a Java source that imports one of the SDKs says, and the tool.
MARKERS = (
    ("import com.pulumi", "pulumi"),
    ("import software.amazon.awscdk", "aws-cdk"),
    ("import org.cdk8s", "cdk8s"),
    ("import com.hashicorp.cdktf", "cdktf"),
)


def tool_of(text: str) -> str | None:
    """The SDK a Java source imports (:data:`MARKERS`), ``None`` for none."""
    return next((tool for marker, tool in MARKERS if marker in text), None)


def resource_images(text: str, path: str | None) -> list[Occurrence]:
    """The images the resources of the Java program ``text`` run (never raises)."""
    from .iac_node import is_generated

    tool = tool_of(text)
    if tool is None or is_generated(text) or (path or "").endswith("Test.java"):
        return []
    from ._iac_literals import CONTAINER_TYPES, ProgramImages
    from ._node_source import without_comments

    code = without_comments(text)
    images = ProgramImages(text, path, tool)
    for match in _REGISTRY_CALLS.finditer(code):
        images.add(match["lit"], match.start("lit"), "fromRegistry")
    for match in _IMAGE_CALLS.finditer(code):
        builder = _builder_of(code, match.start())
        if builder is not None and builder.endswith(CONTAINER_TYPES):
            images.add(match["lit"], match.start("lit"), "image")
    return images.sorted()


def _builder_of(code: str, dot: int) -> str | None:
    """The type whose ``builder()`` starts the chain of calls that the ``.`` at ``dot`` goes
    on (``ContainerArgs.builder().name("a").image(…)``: ``ContainerArgs``), else ``None``."""
    at = dot
    for _ in range(64):  # (a chain of at most so many calls)
        end = at
        while end > 0 and code[end - 1].isspace():
            end -= 1
        if end == 0 or code[end - 1] != ")":
            return None
        depth, index = 0, end - 1
        while index >= 0:
            if code[index] == ")":
                depth += 1
            elif code[index] == "(":
                depth -= 1
                if depth == 0:
                    break
            index -= 1
        if index < 0:
            return None
        match = _CALLED.search(code, max(0, index - 200), index)
        if match is None:
            return None
        if match["method"] == "builder":
            return match["type"]
        at = match.start("dot")
    return None


#: The method called just before a ``(`` (``.name``), with its receiver's type when it is
#: ``TYPE.builder``.
_CALLED = lazy_pattern(r"(?:(?P<type>[A-Za-z_]\w*)\s*)?(?P<dot>\.)\s*(?P<method>[A-Za-z_]\w*)\s*$")


#: ``.image("…")``.
_IMAGE_CALLS = lazy_pattern(r'\.\s*image\s*\(\s*(?P<lit>"(?:\\.|[^"\\\n])*")\s*\)')


#: ``ContainerImage.fromRegistry("…"``.
_REGISTRY_CALLS = lazy_pattern(
    r'\bContainerImage\s*\.\s*fromRegistry\s*\(\s*(?P<lit>"(?:\\.|[^"\\\n])*")'
)
