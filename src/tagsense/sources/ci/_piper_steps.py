"""Project Piper's step metadata: the containers a library step runs in.

SAP's Project Piper (SAP/jenkins-library) describes each step of its Jenkins library in a
YAML file (``resources/metadata/kanikoExecute.yaml``): ``metadata.name`` the step,
``spec.inputs`` its parameters, ``spec.containers`` the containers the step runs in
(``dockerExecute`` starts the first; the others by their ``conditions``, a parameter's value)
and ``spec.sidecars`` those it starts beside them. Each ``image`` there is pulled when a
pipeline runs the step with its defaults (kind ``piper``, at the ``image``, the step and the
container's ``name`` in its context); an empty one is the user's to give (not reported).

A file is one by its shape (:func:`is_step_metadata`): a mapping whose ``metadata`` has a
``name`` and whose ``spec`` has ``inputs``, ``containers`` or ``sidecars``, with no
``apiVersion`` (a Kubernetes object has both of those keys too).
"""

from __future__ import annotations

import re

from ..._lazy import lazy_pattern
from ...occurrence import Occurrence, Scan
from .._yaml import get, load_yaml, scalar, sequence
from ..platforms._common import image_at

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

__all__ = ["KIND", "may_be_step_metadata", "scan_step_metadata"]

KIND = "piper"
#: The sections of ``spec`` that list containers.
_SECTIONS = ("containers", "sidecars")
#: A quick look: top-level ``metadata`` and ``spec``, a ``containers`` or ``sidecars`` in it.
_TOP = lazy_pattern(r"^(?:metadata|spec)[ \t]*:", re.MULTILINE)
#: A Kubernetes object's top-level ``apiVersion`` (a step's description may show one).
_API_VERSION = lazy_pattern(r"^apiVersion[ \t]*:", re.MULTILINE)
_LISTS = lazy_pattern(r"^[ \t]+(?:containers|sidecars)[ \t]*:", re.MULTILINE)


def may_be_step_metadata(text: str) -> bool:
    """A quick look at a YAML text: whether it may be a Piper step's metadata.

    >>> may_be_step_metadata("metadata:\\n  name: x\\nspec:\\n  containers:\\n  - image: a\\n")
    True
    >>> may_be_step_metadata("apiVersion: v1\\nkind: Pod\\nmetadata: {}\\nspec:\\n  containers:\\n")
    False
    """
    return (
        _API_VERSION.search(text) is None
        and len(_TOP.findall(text)) >= 2
        and _LISTS.search(text) is not None
    )


def scan_step_metadata(text: str, path: str | None = None) -> Scan | None:
    """The images of the step's containers and sidecars; ``None`` when the text has no
    Piper step's shape. Never raises."""
    loaded = load_yaml(text, path=path)
    if len(loaded.documents) != 1:
        return None
    document = loaded.documents[0]
    step = scalar(get(get(document, "metadata"), "name"))
    spec = get(document, "spec")
    if step is None or not any(get(spec, key) is not None for key in ("inputs", *_SECTIONS)):
        return None
    occurrences: list[Occurrence] = []
    for section in _SECTIONS:
        for index, container in enumerate(sequence(get(spec, section))):
            occurrence = _image(container, f"spec.{section}[{index}].image", step, path)
            if occurrence is not None:
                occurrences.append(occurrence)
    if not occurrences and get(spec, "inputs") is None:
        return None  # (no step's: a fragment of another format, read as it is)
    return Scan(occurrences, loaded.errors, loaded.suppressions)


def _image(container: yaml.Node, field: str, step: str, path: str | None) -> Occurrence | None:
    node = get(container, "image")
    written = scalar(node)
    if node is None or not written or not written.strip():
        return None
    context: dict[str, object] = {"step": step, "field": field}
    name = scalar(get(container, "name"))
    if name:
        context["container"] = name
    return image_at(node, written, path=path, kind=KIND, context=context)
