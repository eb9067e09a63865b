"""ko: the base images a ``.ko.yaml`` pulls, and the ``ko://`` names ko builds.

`ko <https://ko.build/configuration/>`_ builds Go programs into images
without a Dockerfile, on a base image that ``.ko.yaml`` names:

* ``defaultBaseImage``: the base of every image ko builds;
* ``baseImageOverrides``: import path → base image, for some of them.

Those values are pulled: :func:`read_ko` gives each as an
:class:`~tagsense.sources.Occurrence` of kind ``"ko"`` in the result's
``scan``, at the line and column of the value, with ``context`` ``field``
(``defaultBaseImage`` or ``baseImageOverrides``) and, for an override, the
``importpath``. ko reads its configuration with viper, whose keys are not
case-sensitive (``defaultbaseimage`` is the same key); only the first YAML
document counts. ``builds[]`` (flags, ldflags, the ``main`` package) pulls
nothing. When no base image is written, ko uses its own default
(``cgr.dev/chainguard/static``): nothing in the file to judge.

The images ko builds are named in manifests as ``ko://`` followed by a Go
import path (``image: ko://github.com/acme/app/cmd/api``); ``ko resolve``
replaces them with what it builds and pushes. :func:`is_ko_reference` tells
such a text: it is a build output, never a pull.
"""

from __future__ import annotations

from ...occurrence import Occurrence, Scan, SourceError
from .._yaml import items, position, value_position
from ..kubernetes import is_null, node_kind, string_value
from ..project import BuildFile
from . import is_ko_reference
from ._common import KO_FILE_NAMES, KO_PREFIX, MAX_BYTES
from ._yaml_tool import first_mapping, read_tool_file

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

__all__ = ["KIND", "KO_FILE_NAMES", "KO_PREFIX", "is_ko_reference", "read_ko"]

#: The ``kind`` of the occurrences of base images.
KIND = "ko"


def read_ko(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The base images the ``.ko.yaml`` at ``path`` names, as occurrences (never raises)."""
    return read_tool_file(path, max_bytes, scan_ko)


def scan_ko(text: str, *, path: str | None = None, max_bytes: int = MAX_BYTES) -> BuildFile:
    """:func:`read_ko` of a file's text."""
    document, errors, suppressions = first_mapping(text, path, max_bytes)
    occurrences: list[Occurrence] = []

    def image(node: yaml.Node, field: str, context: dict[str, object]) -> None:
        value = string_value(node)
        if value is None:
            if not is_null(node):
                line = value_position(node)[0]
                errors.append(SourceError(path, line, f"{field} must be a string"))
            return
        if not value:
            return
        line, column = value_position(node)
        occurrences.append(
            Occurrence.of_text(
                path=path,
                line=line,
                column=column,
                kind=KIND,
                raw=value,
                text=value,
                context={"field": field, **context},
            )
        )

    for key, value, _ in items(document):
        lowered = key.lower()
        if lowered == "defaultbaseimage":
            image(value, "defaultBaseImage", {})
        elif lowered == "baseimageoverrides":
            if is_null(value):
                continue
            if node_kind(value) != "mapping":
                line = position(value)[0]
                errors.append(SourceError(path, line, "baseImageOverrides must be a mapping"))
                continue
            for importpath, base, _ in items(value):
                image(base, "baseImageOverrides", {"importpath": importpath})
    occurrences.sort(key=lambda occurrence: (occurrence.line, occurrence.column))
    return BuildFile(scan=Scan(occurrences, errors, suppressions))
