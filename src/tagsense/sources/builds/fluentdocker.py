"""FluentDocker: the images a .NET project's tests start with Ductus.FluentDocker.

`FluentDocker <https://github.com/mariotoffia/FluentDocker>`_ builds a container with a fluent
chain, ``new Builder().UseContainer().UseImage("postgres:16").ExposePort(5432).Build()``, and
creates it (pulling the image when the machine lacks it) at ``Build()``; EventStore/EventStore's
LDAPS and OAuth tests start ``rroemhild/test-openldap`` and ``ghcr.io/eventstore/idsrv4/idsrv4``
so (survey 31e: 2 missed). A C# source that says ``FluentDocker`` (its ``using
Ductus.FluentDocker.Builders;``) is read for the ``.UseImage(IMAGE)`` calls of its chains
(``UseImage(image, force: true)`` too: ``force`` pulls it again). The value is a string literal,
or a string constant the file declares once, as Testcontainers' builders are read; a name made
at run time (a parameter, a local variable, an interpolated string) is not read. Each image is
an :class:`~tagsense.sources.Occurrence` of kind ``"testcontainers"`` (a container a test
starts) at its literal, with ``context`` ``tool`` (``fluentdocker``) and ``call``
(``UseImage``). The reader never raises.
"""

from __future__ import annotations

from types import MappingProxyType

from ..._lazy import lazy_pattern
from ._csharp_source import Values, argument, arguments, constants, placed_occurrence, skeleton
from ._source_code import without_comments

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    from ...occurrence import Occurrence

__all__ = ["KIND", "MARKER", "TOOL", "scan_fluentdocker"]

#: The ``kind`` of the occurrences (Testcontainers' too: a container a test starts).
KIND = "testcontainers"

#: The tool named in their context.
TOOL = "fluentdocker"

#: What a C# source that uses FluentDocker says (its ``using``'s namespace).
MARKER = "FluentDocker"


def scan_fluentdocker(
    text: str, *, path: str | None = None, siblings: Mapping[str, str] | None = None
) -> list[Occurrence]:
    """The images the C# source ``text`` has FluentDocker start; ``siblings`` are the
    ``Class.Name`` constants of the other sources of its directory."""
    if MARKER not in text:
        return []
    code = without_comments(text)
    blanked = skeleton(code)
    values = Values(constants(code), MappingProxyType(dict(siblings or {})))
    found: list[Occurrence] = []
    seen: set[int] = set()
    for call in _USE_IMAGE.finditer(blanked):
        written = argument(arguments(code, blanked, call.end()), 0, "image", values)
        if written is None or not written[0] or written[1] in seen:
            continue  # (a constant's image is reported once, where it is written)
        seen.add(written[1])
        context: dict[str, object] = {"tool": TOOL, "call": "UseImage"}
        found.append(placed_occurrence(text, path, written, KIND, context))
    found.sort(key=lambda each: (each.line, each.column))
    return found


#: A chained ``.UseImage(`` call.
_USE_IMAGE = lazy_pattern(r"\.\s*UseImage\s*\(")
