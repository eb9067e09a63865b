"""Infrastructure-as-code programs in C#: the images their resources run.

The C# side of :mod:`.iac_node`: a Pulumi program (``using Pulumi.Kubernetes…``), an AWS CDK
app (``using Amazon.CDK…``) or a CDK for Terraform stack (``using HashiCorp.Cdktf``) names
the images of its containers in its source. A C# source that uses one of these SDKs is read,
never run, for an image given as a plain string literal, at these places only:

* ``ContainerImage.FromRegistry("IMAGE")`` (AWS CDK);
* ``Image = "IMAGE"`` in a container's object initializer: ``new TYPE { … }`` whose type's
  name ends in ``ContainerArgs``, ``Container``, ``ContainerProps`` or
  ``ContainerDefinitionArgs`` (``new ContainerArgs { Name = "redis", Image = "redis" }``);
* ``Name = "IMAGE"`` in a ``new RemoteImageArgs { … }`` (Pulumi's Docker provider pulls it).

A virtual machine's ``Image`` (a droplet's, a boot disk's) is no container's and is not read.
Each image is an :class:`~tagsense.sources.Occurrence` of kind ``"iac-program"`` at its
literal, with ``context`` ``tool`` and ``call`` as :mod:`.iac_node` gives them.
"""

from __future__ import annotations

from ..._lazy import lazy_pattern, once

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re

    from ...occurrence import Occurrence

__all__ = ["MARKERS", "resource_images", "tool_of"]

#: What a C# source that uses one of the SDKs says, and the tool.
MARKERS = (
    ("using Pulumi", "pulumi"),
    ("using Amazon.CDK", "aws-cdk"),
    ("using HashiCorp.Cdktf", "cdktf"),
    ("using Org.Cdk8s", "cdk8s"),
)


def tool_of(text: str) -> str | None:
    """The SDK a C# source uses (:data:`MARKERS`), ``None`` for none."""
    return next((tool for marker, tool in MARKERS if marker in text), None)


def resource_images(text: str, path: str | None) -> list[Occurrence]:
    """The images the resources of the C# program ``text`` run (never raises)."""
    from .iac_node import is_generated

    tool = tool_of(text)
    if tool is None or is_generated(text):
        return []
    from ._iac_literals import ProgramImages, typed_field_images
    from ._node_source import without_comments

    code = without_comments(text)
    images = ProgramImages(text, path, tool)
    for match in _REGISTRY_CALLS.finditer(code):
        images.add(match["lit"], match.start("lit"), "FromRegistry")
    typed_field_images(code, _fields(), _type_before, images)
    return images.sorted()


def _type_before(code: str, start: int, char: str) -> str | None:
    """The type of an object initializer (``new ContainerArgs {``, ``new X() {``) just before
    the brace at ``start``."""
    if char != "{":
        return None
    match = _INITIALIZER.search(code[max(0, start - 200) : start])
    return None if match is None else "".join(match["name"].split())


_INITIALIZER = lazy_pattern(
    r"\bnew\s+(?P<name>[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*)\s*(?:<[^<>{}]*>\s*)?"
    r"(?:\(\s*\)\s*)?$"
)


@once
def _fields() -> re.Pattern[str]:
    """``Image = "…"`` and ``Name = "…"`` (a member of an object initializer)."""
    import re

    return re.compile(r'(?<![\w.])(?P<key>Image|Name)\s*=\s*(?P<lit>"(?:\\.|[^"\\\n])*")')


#: ``ContainerImage.FromRegistry("…"``.
_REGISTRY_CALLS = lazy_pattern(
    r'\bContainerImage\s*\.\s*FromRegistry\s*\(\s*(?P<lit>"(?:\\.|[^"\\\n])*")'
)
