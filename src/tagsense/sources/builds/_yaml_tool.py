"""What the readers of one-document YAML configurations (ko, GoReleaser, chartpress) share:
the file read (its error a result, never raised), and its first document, a mapping."""

from __future__ import annotations

from ...occurrence import Scan, SourceError
from .._yaml import load_yaml, position
from ..kubernetes import node_kind
from ._common import read_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    import yaml

    from ...occurrence import Suppression
    from ..project import BuildFile

__all__ = ["first_mapping", "read_tool_file"]


def read_tool_file(path: str, max_bytes: int, scan: Callable[..., BuildFile]) -> BuildFile:
    """``scan`` of the text of the file at ``path``; a file that cannot be read builds
    nothing and gives its error."""
    from ..project import BuildFile

    text = read_text(path, max_bytes)
    if isinstance(text, SourceError):
        return BuildFile(scan=Scan(errors=(text,)), path=path)
    return scan(text, path=path, max_bytes=max_bytes)


def first_mapping(
    text: str, path: str | None, max_bytes: int
) -> tuple[yaml.Node | None, list[SourceError], tuple[Suppression, ...]]:
    """The first YAML document of ``text`` when it is a mapping (else ``None``, with an
    error), the file's errors, and its suppression comments: only the first document counts
    (viper's and GoReleaser's reading)."""
    file = load_yaml(text, path=path, max_bytes=max_bytes)
    errors = list(file.errors)
    document = file.documents[0] if file.documents else None
    if document is not None and node_kind(document) != "mapping":
        errors.append(SourceError(path, position(document)[0], "must be a mapping"))
        document = None
    return document, errors, tuple(file.suppressions)
