"""C# sources: the images an Aspire AppHost runs (``.aspire``), those Testcontainers for
.NET's and FluentDocker's tests start (``.testcontainers_dotnet``, ``.fluentdocker``) and those
a NUKE build's Docker tasks run (``.nuke``), read from one file.

A source is read when it says what one of them says (a quick look first; see ``..discover``);
a source of a project that references Testcontainers is read for its builders even when the
namespace is brought in by a ``global using`` of another file. The reader never raises.
"""

from __future__ import annotations

from ...occurrence import Scan
from ._common import MAX_BYTES, read_text
from ._source_code import source_suppressions

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..project import BuildFile
    from ._go_packages import Inputs

__all__ = ["read_csharp_source", "scan_csharp_source"]


def read_csharp_source(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The images the C# source at ``path`` has Aspire run or Testcontainers start (never
    raises)."""
    from ...occurrence import SourceError
    from .._source_sniffs import (
        dotnet_project_files,
        project_global_usings,
        project_references_testcontainers,
    )
    from ..project import BuildFile
    from ._csharp_source import file_stat, sibling_constants
    from .testcontainers_dotnet import MARKER

    text = read_text(path, max_bytes)
    if isinstance(text, SourceError):
        return BuildFile(scan=Scan(errors=(text,)), path=path)
    inputs: Inputs = {}
    referenced = False
    if MARKER not in text:
        for project in [*dotnet_project_files(path), *project_global_usings(path)]:
            inputs.setdefault(project, file_stat(project))
        referenced = project_references_testcontainers(path)
    siblings = sibling_constants(path, max_bytes, inputs)
    scan = scan_csharp_source(text, path=path, referenced=referenced, siblings=siblings)
    return BuildFile(scan=scan, path=path, inputs=inputs)


def scan_csharp_source(
    text: str,
    *,
    path: str | None = None,
    referenced: bool = False,
    siblings: Mapping[str, str] | None = None,
) -> Scan:
    """:func:`read_csharp_source` of a source's text; ``referenced`` says that its project
    references Testcontainers, ``siblings`` are the ``Class.Name`` constants of the other
    sources of its directory."""
    from .aspire import scan_apphost
    from .fluentdocker import scan_fluentdocker
    from .iac_csharp import resource_images
    from .nuke import scan_nuke_docker
    from .testcontainers_dotnet import scan_testcontainers_dotnet

    found = [
        *scan_apphost(text, path=path, siblings=siblings),
        *scan_testcontainers_dotnet(text, path=path, referenced=referenced, siblings=siblings),
        *scan_nuke_docker(text, path=path, siblings=siblings),
        *scan_fluentdocker(text, path=path, siblings=siblings),
        *resource_images(text, path),
    ]
    found.sort(key=lambda each: (each.line, each.column))
    return Scan(found, (), source_suppressions(text, path))
