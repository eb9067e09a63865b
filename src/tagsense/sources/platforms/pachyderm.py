"""Pachyderm (HPE MLDM) pipeline specifications: the image each pipeline's code runs in.

A pipeline specification (what ``pachctl create pipeline -f FILE`` reads; Pachyderm's
"Pipeline Specification" reference) names its pipeline (``pipeline.name``) and its user code
(``transform``): Pachyderm runs ``transform.image`` in each worker pod of the pipeline (a
spout or a service pipeline too), pulled as any Kubernetes image (no tag: ``latest``). The
file may have any name (``edges.json``, ``NAME.pipeline.json``, ``pipeline.yaml``) and may
hold several specifications: JSON objects one after another, or YAML documents (pachctl
reads them all). A file is a specification by its shape: a top-level ``pipeline`` mapping
with a ``name`` and a ``transform`` mapping. An image a template fills in (``{{ … }}``,
``$NAME``: Jsonnet's pipeline templates are ``*.jsonnet``, never read) is not read. Kind
``pachyderm``.
"""

from __future__ import annotations

from ...occurrence import Occurrence, Scan
from .. import _jsonc, _yaml
from ._common import image_at

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

__all__ = ["KIND", "QUICK", "may_be_pipeline", "scan_pipeline_json", "scan_pipeline_yaml"]

KIND = "pachyderm"

#: What a JSON pipeline specification says, looked for before the file is parsed.
QUICK = (b'"pipeline"', b'"transform"')
#: Where the image is written.
_FIELD = "transform.image"


def may_be_pipeline(text: str) -> bool:
    """A quick look: the text says ``pipeline`` and ``transform``."""
    return "pipeline" in text and "transform" in text


def _templated(written: str) -> bool:
    """An image a template fills in before pachctl reads it (never pulled as written)."""
    return "{{" in written or "$" in written


def scan_pipeline_json(text: str, path: str | None = None) -> Scan | None:
    """The images of the JSON pipeline specifications in the text (one or several, one after
    another); ``None`` when it holds none. Never raises."""
    specifications = [
        value for value in _jsonc.parse_jsonc_values(text) if _is_json_specification(value)
    ]
    if not specifications:
        return None
    occurrences: list[Occurrence] = []
    for specification in specifications:
        image = _jsonc.get(_jsonc.get(specification, "transform"), "image")
        written = image.text if image is not None and image.kind == "string" else None
        if image is None or not written or not written.strip() or _templated(written):
            continue
        name = _jsonc.get(_jsonc.get(specification, "pipeline"), "name")
        context: dict[str, object] = {"field": _FIELD, "pipeline": (name and name.text) or ""}
        occurrences.append(
            Occurrence.of_text(
                path=path, line=image.line, column=image.column, kind=KIND, raw=written,
                text=written.strip(), context=context,
            )
        )  # fmt: skip
    return Scan(occurrences, ())


def _is_json_specification(value: _jsonc.Value) -> bool:
    pipeline = _jsonc.get(value, "pipeline")
    transform = _jsonc.get(value, "transform")
    return (
        pipeline is not None
        and pipeline.kind == "object"
        and _jsonc.get(pipeline, "name") is not None
        and transform is not None
        and transform.kind == "object"
    )


def scan_pipeline_yaml(text: str, path: str | None = None) -> Scan | None:
    """The images of the YAML pipeline specifications in the text (one a document); ``None``
    when it holds none. Never raises."""
    loaded = _yaml.load_yaml(text, path=path)
    specifications = [one for one in loaded.documents if _is_yaml_specification(one)]
    if not specifications:
        return None
    occurrences: list[Occurrence] = []
    for specification in specifications:
        image = _yaml.get(_yaml.get(specification, "transform"), "image")
        written = _yaml.scalar(image)
        if image is None or not written or not written.strip() or _templated(written):
            continue
        name = _yaml.scalar(_yaml.get(_yaml.get(specification, "pipeline"), "name")) or ""
        occurrences.append(
            image_at(
                image, written, path=path, kind=KIND, text=written.strip(),
                context={"field": _FIELD, "pipeline": name},
            )
        )  # fmt: skip
    return Scan(occurrences, loaded.errors, loaded.suppressions)


def _is_yaml_specification(document: yaml.Node) -> bool:
    pipeline = _yaml.get(document, "pipeline")
    return (
        _yaml.is_mapping(document)
        and _yaml.is_mapping(pipeline)
        and _yaml.get(pipeline, "name") is not None
        and _yaml.is_mapping(_yaml.get(document, "transform"))
    )
