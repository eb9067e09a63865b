"""Garden: the images a Garden project's container builds make, and those its containers pull.

`Garden <https://docs.garden.io>`_ reads its configuration from ``garden.yml`` (or
``.yaml``) and ``*.garden.yml`` files, each a stream of YAML documents, one a ``kind``:

* ``kind: Build`` of ``type: container`` (Garden 0.13's actions): Garden builds the
  Dockerfile ``spec.dockerfile`` (``Dockerfile``) of the file's directory, with
  ``spec.buildArgs`` and ``spec.targetStage``: a build that feeds that Dockerfile (tool
  ``garden``), whose image is named by the action (``spec.localId``, else its ``name``;
  ``spec.publishId`` when it is published): built names, wherever the project names them
  (the quickstart's manifests say ``image: api``, which Garden patches with what it built);
* ``kind: Module`` of ``type: container`` (Garden 0.12's modules): with a Dockerfile
  (``dockerfile``, or a ``Dockerfile`` beside the file), a build as above (``buildArgs``,
  ``build.targetImage``) of the image named by its ``image`` (else the module's ``name``);
  without one, its ``image`` is pulled as written (kind ``garden``, field ``image``);
* ``kind: Deploy``, ``Run`` or ``Test`` of ``type: container``: ``spec.image``, pulled
  (kind ``garden``, field ``spec.image``) unless it names an image the file builds.

A value with Garden's template strings (``${actions.build.api.outputs.deploymentImageId}``,
``${var.image}``) is filled in only when Garden runs: it names no image here. Other kinds
(``Project``, ``helm`` and ``kubernetes`` actions, whose charts and manifests are read as
such) give nothing. No reader error but the YAML's own.
"""

from __future__ import annotations

import os

from ..._lazy import lazy_pattern
from ...occurrence import BuildSite, Occurrence, Scan
from .._yaml import get, items, load_yaml, position, scalar, value_position
from ..kubernetes import string_value
from ..project import BuildConfig, BuildFile, BuiltImage
from ._common import MAX_BYTES, read_text
from ._shell_values import name_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

__all__ = ["KIND", "TOOL", "read_garden", "scan_garden"]

#: The ``tool`` of the builds Garden makes, and the kind of the images its containers pull.
TOOL = KIND = "garden"
#: The kinds whose container's ``spec.image`` is pulled.
_RUNS = ("Deploy", "Run", "Test")


def read_garden(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """What the Garden configuration at ``path`` builds and pulls (never raises)."""
    text = read_text(path, max_bytes)
    if not isinstance(text, str):
        return BuildFile(scan=Scan(errors=(text,)), path=path)
    return scan_garden(text, path=path, max_bytes=max_bytes)


def scan_garden(text: str, *, path: str | None = None, max_bytes: int = MAX_BYTES) -> BuildFile:
    """:func:`read_garden` of a file's text.

    >>> found = scan_garden(
    ...     "kind: Build\\nname: api\\ntype: container\\n---\\n"
    ...     "kind: Test\\nname: e2e\\ntype: container\\n"
    ...     "spec:\\n  image: cypress/included:13.6.0\\n",
    ...     path="/r/api/garden.yml")
    >>> [b.name for b in found.built], [(b.dockerfile, b.context) for b in found.builds]
    (['api'], [('/r/api/Dockerfile', '/r/api')])
    >>> [o.text for o in found.scan]
    ['cypress/included:13.6.0']
    """
    file = load_yaml(text, path=path, max_bytes=max_bytes)
    root = os.path.dirname(path) if path else ""
    builds: list[BuildConfig] = []
    built: list[BuiltImage] = []
    pulls: list[tuple[yaml.Node, str, str]] = []
    for document in file.documents:
        kind, kind_type = scalar(get(document, "kind")), scalar(get(document, "type"))
        if kind_type != "container":
            continue
        spec = get(document, "spec")
        if kind == "Build":
            made = _builds(document, spec, spec, root, path, "targetStage")
            builds.extend(made)
            site = BuildSite(TOOL, path, position(document)[0])
            ids = [get(spec, "localId") or get(document, "name"), get(spec, "publishId")]
            built.extend(_built(node, site) for node in ids if node is not None)
        elif kind == "Module":
            image = get(document, "image")
            if get(document, "dockerfile") is not None or os.path.isfile(
                os.path.join(root, "Dockerfile")
            ):
                options = get(document, "build")
                builds.extend(_builds(document, document, options, root, path, "targetImage"))
                node = image if image is not None else get(document, "name")
                if node is not None:
                    built.append(_built(node, BuildSite(TOOL, path, position(document)[0])))
            elif image is not None:
                pulls.append((image, string_value(image) or "", "image"))
        elif kind in _RUNS:
            image = get(spec, "image")
            if image is not None:
                pulls.append((image, string_value(image) or "", "spec.image"))
    names = {image.name for image in built}
    occurrences = []
    for node, written, field in pulls:
        if not written or "${" in written or name_pattern(written) in names:
            continue  # (filled in when Garden runs, or an image of the file's builds)
        line, column = value_position(node)
        occurrences.append(
            Occurrence.of_text(
                path=path, line=line, column=column, kind=KIND, raw=written, text=written,
                context={"field": field},
            )
        )  # fmt: skip
    known = [image for image in built if "${" not in image.name]
    scan = Scan(occurrences, file.errors, file.suppressions)
    return BuildFile(builds, built=dict.fromkeys(known), scan=scan, path=path)


def _builds(
    document: yaml.Node,
    fields: yaml.Node | None,
    options: yaml.Node | None,
    root: str,
    path: str | None,
    target_key: str,
) -> list[BuildConfig]:
    """The builds of a container Build action (``fields`` its ``spec``) or module: one, or
    one for each Dockerfile a template's condition chooses between (``${environment.name ==
    'prod' ? 'Dockerfile.prod' : 'Dockerfile.dev'}``: either is built, as the run decides)."""
    written = string_value(get(fields, "dockerfile")) or "Dockerfile"
    dockerfiles = _choices(written) if "${" in written else (written,)
    args: dict[str, str] = {}
    unresolved: dict[str, tuple[str, ...]] = {}
    for key, value, _ in items(get(fields, "buildArgs")):
        text = scalar(value)
        if text is None:
            continue
        if "${" in text:
            # (a value Garden fills in when it runs, ${actions.build.base-image.version}:
            # given, and unknown here)
            unresolved[key] = tuple(_TEMPLATE.findall(text)) or (key,)
        else:
            args[key] = text
    target = scalar(get(options, target_key))
    name = scalar(get(document, "name")) or TOOL
    return [
        BuildConfig(
            site=BuildSite(TOOL, path, position(document)[0]),
            name=name,
            context=os.path.normpath(root or "."),
            dockerfile=os.path.normpath(os.path.join(root, dockerfile)),
            args=args,
            unresolved=unresolved,
            target=target if target and "${" not in target else None,
        )
        for dockerfile in dockerfiles
    ]


#: A Garden template string's expression (``${var.image}``: ``var.image``).
_TEMPLATE = lazy_pattern(r"\$\{\s*([^}]*?)\s*\}")
#: A template that is a condition choosing between two quoted strings (Garden's ``? :``).
_CHOICE = lazy_pattern(r"""\$\{[^}?]*\?\s*(['"])([^'"]+)\1\s*:\s*(['"])([^'"]+)\3\s*\}""")


def _choices(written: str) -> tuple[str, ...]:
    """The values a template that chooses between two strings may give (both), else none.

    >>> _choices("${environment.name == 'prod' ? 'Dockerfile.prod' : 'Dockerfile.dev'}")
    ('Dockerfile.prod', 'Dockerfile.dev')
    >>> _choices("${var.dockerfile}")
    ()
    """
    match = _CHOICE.fullmatch(written.strip())
    return (match[2], match[4]) if match is not None else ()


def _built(node: yaml.Node, site: BuildSite) -> BuiltImage:
    written = string_value(node) or ""
    return BuiltImage(name_pattern(written) or written, site)
