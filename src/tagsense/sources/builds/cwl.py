"""CWL: the images a Common Workflow Language tool runs in, as cwltool and Toil pull them.

A tool's ``DockerRequirement`` (in ``requirements`` or ``hints``, a list item with ``class:
DockerRequirement`` or a map's ``DockerRequirement:`` key) names its image in ``dockerPull``:
"Specify a Docker image to retrieve using ``docker pull``" (the CWL specification,
*DockerRequirement*). cwltool looks for the image locally and else pulls it; Toil does the same.
Each ``dockerPull`` of a ``*.cwl`` document (YAML, or JSON) is an
:class:`~tagsense.sources.Occurrence` of kind ``"cwl"``, ``context`` ``field``
(``dockerPull``). A value that is a CWL expression (``$(inputs.image)``) is the run's, and is
not read; ``dockerImageId`` alone names a local image (built with ``dockerFile``, or loaded
with ``dockerLoad``), which is no pull.
"""

from __future__ import annotations

from ..._lazy import lazy_pattern
from ...occurrence import Occurrence, Scan
from ..project import BuildFile
from ._common import MAX_BYTES, read_built

__all__ = ["KIND", "read_cwl", "scan_cwl"]

#: The ``kind`` of the occurrences of the images CWL tools run in.
KIND = "cwl"

#: ``dockerPull: VALUE`` in YAML's block or flow style, or JSON's ``"dockerPull": "VALUE"``:
#: the value quoted (double, single) or plain.
_DOCKER_PULL = lazy_pattern(
    r"""(?m)(?:^[ \t]*(?:-[ \t]+)?|[{,][ \t]*)(["']?)dockerPull\1[ \t]*:[ \t]*"""
    r"""(?:"(?P<double>[^"\n]*)"|'(?P<single>[^'\n]*)'|(?P<plain>[^\s"'#,{}\[\]][^\s#,{}\[\]]*))"""
)


def read_cwl(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The images the CWL document at ``path`` pulls (never raises)."""
    return read_built(path, max_bytes, scan_cwl)


def scan_cwl(text: str, *, path: str | None = None) -> BuildFile:
    """:func:`read_cwl` of a document's text.

    >>> found = scan_cwl("requirements:\\n  DockerRequirement:\\n    dockerPull: debian:12\\n")
    >>> [(o.text, o.line, o.column) for o in found.scan]
    [('debian:12', 3, 17)]
    """
    if "dockerPull" not in text:
        return BuildFile(path=path)
    from .shell import comment_suppressions

    occurrences: list[Occurrence] = []
    for match in _DOCKER_PULL.finditer(text):
        group = next(name for name in ("double", "single", "plain") if match[name] is not None)
        value, start = match[group], match.start(group)
        line_start = text.rfind("\n", 0, start) + 1
        if "#" in text[line_start : match.start()] or not value or "$" in value:
            continue  # (a comment's, or an expression: the run's)
        occurrences.append(
            Occurrence.of_text(
                path=path, line=text.count("\n", 0, start) + 1, column=start - line_start + 1,
                kind=KIND, raw=value, text=value, context={"field": "dockerPull"},
            )
        )  # fmt: skip
    suppressions = tuple(comment_suppressions(text.splitlines(), path))
    return BuildFile(scan=Scan(occurrences, (), suppressions), path=path)
