"""What the Go, C# and Java readers of infrastructure-as-code programs share: the images their
string literals name, and Go's and C#'s typed literals whose ``Image`` (or a ``RemoteImageArgs``'s
``Name``) field names one (see :mod:`.iac_node` for what each SDK's call means)."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Callable

    from ...occurrence import Occurrence

__all__ = ["CONTAINER_TYPES", "ProgramImages", "typed_field_images"]

#: The SDKs' container types (``corev1.ContainerArgs``, ``ecs.ContainerDefinitionArgs``…), by
#: how their names end.
CONTAINER_TYPES = ("ContainerArgs", "Container", "ContainerProps", "ContainerDefinitionArgs")


class ProgramImages:
    """The images one program's string literals name, each with the SDK (``tool``) and the
    call or field that names it (the occurrence's ``context``), in the source's order."""

    __slots__ = ("_found", "path", "text", "tool")

    def __init__(self, text: str, path: str | None, tool: str) -> None:
        self.text = text
        self.path = path
        self.tool = tool
        self._found: list[Occurrence] = []

    def add(self, literal: str, quote: int, call: str) -> None:
        """A double-quoted literal (quotes included) whose opening quote is at ``quote``; an
        empty one, or one with an escape, names no image here."""
        body = literal[1:-1]
        if body and "\\" not in body:
            from ._node_source import occurrence
            from .iac_node import KIND

            context: dict[str, object] = {"tool": self.tool, "call": call}
            self._found.append(occurrence(self.text, self.path, (body, quote), KIND, context))

    def sorted(self) -> list[Occurrence]:
        return sorted(self._found, key=lambda occurrence: (occurrence.line, occurrence.column))


def typed_field_images(
    code: str,
    fields: re.Pattern[str],
    type_before: Callable[[str, int, str], str | None],
    images: ProgramImages,
) -> None:
    """The ``Image`` fields (``fields``' ``key`` and ``lit`` groups) of a literal of a container
    type, and the ``Name`` of a ``RemoteImageArgs``: the type is the one ``type_before`` reads
    before the innermost brace around the field (Go's ``&corev1.ContainerArgs{``, C#'s ``new
    ContainerArgs {``)."""
    from .iac_node import enclosing

    sites = list(fields.finditer(code))
    if not sites:
        return
    frames_of = enclosing(code, [site.start() for site in sites], type_before)
    for match, frames in zip(sites, frames_of, strict=True):
        if not frames or frames[-1][0] != "{":
            continue
        type_name = (frames[-1][1] or "").rsplit(".", 1)[-1]
        if match["key"] == "Image" and type_name.endswith(CONTAINER_TYPES):
            images.add(match["lit"], match.start("lit"), "Image")
        elif match["key"] == "Name" and type_name == "RemoteImageArgs":
            images.add(match["lit"], match.start("lit"), "RemoteImage")
