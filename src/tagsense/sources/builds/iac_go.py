"""Infrastructure-as-code programs in Go: the images their resources run.

The Go side of :mod:`.iac_node`: a Pulumi program (``github.com/pulumi/pulumi-kubernetes/
sdk/…``), an AWS CDK app (``github.com/aws/aws-cdk-go/awscdk``), a cdk8s chart
(``github.com/cdk8s-team/…``) or a CDK for Terraform stack names the images of its containers
in its source. A Go source that imports one of these SDKs is read, never run, for an image
given as a plain string literal, at these places only:

* ``ContainerImage_FromRegistry(jsii.String(IMAGE), …)`` (AWS CDK);
* ``Image: pulumi.String(IMAGE)`` (``pulumi.StringPtr``, ``jsii.String``) in a container's
  struct: a composite literal whose type's name ends in ``ContainerArgs``, ``Container``,
  ``ContainerProps`` or ``ContainerDefinitionArgs`` (``corev1.ContainerArgs{…}``, awsx's
  ``ecsx.TaskDefinitionContainerDefinitionArgs{…}``);
* ``Name: pulumi.String(IMAGE)`` in a ``docker.RemoteImageArgs{…}`` (Pulumi's Docker provider
  pulls it).

A virtual machine's ``Image`` (``compute.InstanceBootDiskInitializeParamsArgs{Image: …}``) is
no container's, and a test (``*_test.go``) deploys nothing: neither is read. Each image is an
:class:`~tagsense.sources.Occurrence` of kind ``"iac-program"`` at its literal, with
``context`` ``tool`` and ``call`` as :mod:`.iac_node` gives them.
"""

from __future__ import annotations

from ..._lazy import lazy_pattern, once

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re

    from ...occurrence import Occurrence

__all__ = ["IMPORTS", "resource_images", "tool_of"]

#: What a Go source that imports one of the SDKs says (its import's path), and the tool.
IMPORTS = (
    ('"github.com/pulumi/pulumi-', "pulumi"),
    ('"github.com/aws/aws-cdk-go/', "aws-cdk"),
    ('"github.com/cdk8s-team/', "cdk8s"),
    ('"github.com/hashicorp/terraform-cdk-go/', "cdktf"),
)


def tool_of(text: str) -> str | None:
    """The SDK a Go source imports (:data:`IMPORTS`), ``None`` for none."""
    return next((tool for marker, tool in IMPORTS if marker in text), None)


def resource_images(text: str, path: str | None) -> list[Occurrence]:
    """The images the resources of the Go program ``text`` run (never raises)."""
    from .iac_node import is_generated

    tool = tool_of(text)
    if tool is None or is_generated(text) or (path or "").endswith("_test.go"):
        return []
    from ._iac_literals import ProgramImages, typed_field_images
    from ._node_source import without_comments

    code = without_comments(text)
    images = ProgramImages(text, path, tool)
    for match in _REGISTRY_CALLS.finditer(code):
        images.add(match["lit"], match.start("lit"), "ContainerImage_FromRegistry")
    typed_field_images(code, _fields(), _type_before, images)
    return images.sorted()


def _type_before(code: str, start: int, char: str) -> str | None:
    """The type of a composite literal (``&corev1.ContainerArgs{``), or the callee of a call,
    just before the bracket at ``start``."""
    if char == "[":
        return None
    match = _TYPE_NAME.search(code[max(0, start - 200) : start])
    return None if match is None else "".join(match["name"].split())


_TYPE_NAME = lazy_pattern(r"(?P<name>[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*)\s*$")


@once
def _fields() -> re.Pattern[str]:
    """``Image: pulumi.String("…")`` and ``Name: …`` the same way."""
    import re

    return re.compile(
        r"(?<![\w.])(?P<key>Image|Name)\s*:\s*(?:pulumi\.String(?:Ptr)?|jsii\.String)\(\s*"
        r'(?P<lit>"(?:\\.|[^"\\\n])*")\s*\)'
    )


#: ``ContainerImage_FromRegistry(jsii.String("…")``.
_REGISTRY_CALLS = lazy_pattern(
    r"\bContainerImage_FromRegistry\(\s*jsii\.String\(\s*"
    r'(?P<lit>"(?:\\.|[^"\\\n])*")\s*\)'
)
