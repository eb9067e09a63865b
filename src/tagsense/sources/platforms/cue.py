"""CUE configurations (``*.cue``): the images their ``image`` fields name.

KubeVela writes its addons' resources, parameters and X-Definitions in CUE (kubevela/catalog's
``addons/NAME/resources/*.cue``, ``parameter.cue``, ``definitions/*.cue``); ``vela addon
enable`` renders them into the objects it applies, whose containers pull those images. Timoni
modules and other CUE-made manifests do the same. A CUE file is read (never evaluated) for an
``image`` field whose value is a plain string literal:

* ``image: "oamdev/openssl-curl:v0.1.0"``, the value as written;
* ``image: *"grafana/grafana:8.5.3" | string``, a default: the value when the user gives
  none, as ``vela addon enable`` without parameters renders it.

A default without a tag whose addon's templates put one after it
(``"\\(parameter.image):\\(parameter.version)"``) is a repository, not the image pulled. A
value that is no valid reference (a dashboard's label, ``"image": "Image"``), a value made with
an expression (``"oamdev/velaux:" + _version``, ``parameter.image``) and one with an
interpolation (``"\\(repo):\\(tag)"``) are not read either. Each image is an
:class:`~tagsense.sources.Occurrence` of kind ``"cue"`` at its literal, with ``context``
``field`` (``image``) and ``default`` (true for a disjunction's default).
"""

from __future__ import annotations

import re

from ..._lazy import lazy_pattern
from ..._offsets import line_column
from ...occurrence import Occurrence, Scan, Suppression, suppressions_in_comment

__all__ = ["KIND", "is_cue_name", "scan_cue"]

KIND = "cue"

#: ``image: "…"`` or ``image: *"…" | string`` alone on its line (a trailing comment allowed).
_IMAGE = lazy_pattern(
    r'^[ \t]*"?image"?[ \t]*:[ \t]*(?P<default>\*)?[ \t]*"(?P<value>[^"\\\n]*)"'
    r"(?(default)[ \t]*\|[ \t]*string)[ \t]*(?://[^\n]*)?$",
    re.MULTILINE,
)


#: A template that puts a tag after the image parameter: ``"\\(parameter.image):…"``.
_COMPLETED = lazy_pattern(r"""\\\(\s*parameter(?:\.image|\[\s*"image"\s*\])\s*\):""")


def is_cue_name(path: str) -> bool:
    """``*.cue``: a CUE file."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return name.endswith(".cue") and name != ".cue"


def scan_cue(text: str, path: str | None = None) -> Scan:
    """The images a CUE file's ``image`` fields name. Never raises."""
    occurrences: list[Occurrence] = []
    completed: bool | None = None
    if "image" in text:
        for match in _IMAGE.finditer(text):
            value = match["value"]
            if not _is_reference(value):
                continue  # (a dashboard's JSON in CUE: "image": "Image", a column's label)
            if match["default"] and not _has_tag_or_digest(value):
                if completed is None:
                    completed = _completed_elsewhere(path)
                if completed:
                    continue  # (a template gives it its tag: "\(parameter.image):\(…)")
            line, column = line_column(text, match.start("value"))
            context: dict[str, object] = {"field": "image"}
            if match["default"]:
                context["default"] = True
            occurrences.append(
                Occurrence.of_text(
                    path=path,
                    line=line,
                    column=column,
                    kind=KIND,
                    raw=value,
                    text=value,
                    context=context,
                )
            )
    return Scan(occurrences, (), _suppressions(text, path))


def _has_tag_or_digest(value: str) -> bool:
    last = value.rsplit("/", 1)[-1]
    return ":" in last or "@" in last


def _completed_elsewhere(path: str | None) -> bool:
    """Whether a CUE file of the addon (the directory of ``path``, and those below it) puts a
    tag after the parameter (``"\\(parameter.image):\\(parameter.version)"``), so that the
    parameter's default is a repository, not the image pulled."""
    if path is None:
        return False
    import os

    top = os.path.dirname(os.path.abspath(path))
    for directory, _names, files in os.walk(top):
        for name in files:
            if not name.endswith(".cue"):
                continue
            try:
                with open(os.path.join(directory, name), encoding="utf-8", errors="replace") as f:
                    if _COMPLETED.search(f.read(1024 * 1024)):
                        return True
            except OSError:
                continue
    return False


def _is_reference(value: str) -> bool:
    from ...errors import InvalidReference
    from ...reference import parse_reference

    try:
        parse_reference(value)
    except InvalidReference:
        return False
    return True


def _suppressions(text: str, path: str | None) -> list[Suppression]:
    """The suppression directives of the file's ``//`` comments (``// tagsense: ignore``)."""
    if "tagsense" not in text:
        return []
    found: list[Suppression] = []
    for number, line in enumerate(text.splitlines(), start=1):
        at = line.find("//")
        if at >= 0 and "tagsense" in line[at:]:
            comment = "#" + line[at + 2 :]
            found += suppressions_in_comment(comment, path=path, line=number, column=at + 1)
    return found
