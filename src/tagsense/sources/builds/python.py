"""Python sources: the images their tests and programs start through Python libraries.

A Python source is read when it imports one of the libraries that start containers from
Python (a quick look for :data:`MARKERS` first; see ``..discover``), and parsed once with
:mod:`ast`, never run:

- testcontainers-python's containers that the source starts (``.testcontainers_python``);
- the images the Docker SDKs, docker-py and python-on-whales, pull or run (``.docker_sdk``).

Sources under a ``docs`` or ``doc`` directory are examples, and discovery leaves them out. The
reader never raises: a source Python 3 cannot parse gives nothing.
"""

from __future__ import annotations

from ...occurrence import Scan
from ._common import MAX_BYTES, read_scanned

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ...occurrence import Suppression
    from ..project import BuildFile

__all__ = ["MARKERS", "read_python_source", "scan_python_source"]

#: What a source that imports one of the libraries says.
MARKERS = ("testcontainers", "docker", "python_on_whales", "podman")


def read_python_source(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The images the Python source at ``path`` has its libraries pull (never raises)."""
    return read_scanned(path, max_bytes, scan_python_source)


def scan_python_source(text: str, *, path: str | None = None) -> Scan:
    """:func:`read_python_source` of a source's text."""
    if not any(marker in text for marker in MARKERS):
        return Scan()
    import ast

    from ._python_source import parsed

    tree = parsed(text)
    if tree is None:
        return Scan()  # (not Python 3, or not Python: no test of this project runs it)
    from .docker_sdk import sdk_images
    from .testcontainers_python import started_images

    lines = text.splitlines()
    try:
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        found = [
            *started_images(tree, lines, path, parents),
            *sdk_images(tree, lines, path, parents),
        ]
    except RecursionError:  # pragma: no cover - only for absurdly deep expressions
        return Scan()
    found.sort(key=lambda occurrence: (occurrence.line, occurrence.column))
    return Scan(found, (), _suppressions(text, path))


def _suppressions(text: str, path: str | None) -> list[Suppression]:
    """The suppression directives of a source's ``#`` comments, as Python's tokenizer finds
    them (a ``#`` in a string is none)."""
    if "tagsense" not in text.lower():
        return []
    import io
    import tokenize

    from ...occurrence import suppressions_in_comment

    found: list[Suppression] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT and "tagsense" in token.string.lower():
                line, column = token.start
                found.extend(
                    suppressions_in_comment(token.string, path=path, line=line, column=column + 1)
                )
    except (tokenize.TokenError, SyntaxError):
        return found  # (the comments before it: the file parsed, so there are none after)
    return found
