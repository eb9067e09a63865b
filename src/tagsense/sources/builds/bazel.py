"""Bazel: the images a workspace pulls with rules_oci's and rules_docker's repository rules.

``oci_pull(name, image, tag | digest)`` (rules_oci, in a ``WORKSPACE`` or a ``*.bzl`` macro
it loads), ``oci.pull(...)`` (the same rule as a module extension, in ``MODULE.bazel`` and the
``*.MODULE.bazel`` segments it reads with ``include()``) and ``container_pull(name, registry,
repository, tag | digest)`` (rules_docker) fetch an image when a target needs it:
rabbitmq/rabbitmq-server's ``WORKSPACE`` pulls ``index.docker.io/pivotalrabbitmq/ubuntu:20.04``
so. Each is an :class:`~tagsense.sources.Occurrence` of kind ``"bazel"``, at the ``image``
(``repository``) argument, ``context`` ``rule`` (the rule's name) and ``target`` (its
``name``). rules_docker pulls ``latest`` when neither a tag nor a digest is given; rules_oci
refuses that, so the reference says what was written. rules_oci reads an ``image`` as its
``util.parse_image`` does: an ``https://`` or ``http://`` before the name is the scheme it
pulls with, and a tag or digest written in it wins over the ``tag`` and ``digest`` arguments;
its ``oci_pull`` also takes rules_docker's ``registry`` and ``repository`` instead of
``image``. Starlark is read with Python's ``ast``: an argument is a string, a string the file
assigns at its top level, or ``+`` of those; anything else (a macro's parameter, a
``select()``) is the caller's, and the call is not read.
"""

from __future__ import annotations

import os

from ...occurrence import Occurrence, Scan
from ..project import BuildFile
from ._bazel_targets import built_names
from ._common import MAX_BYTES, read_built

TYPE_CHECKING = False
if TYPE_CHECKING:
    import ast

__all__ = ["KIND", "read_bazel", "scan_bazel", "string_value"]

#: The ``kind`` of the occurrences of the images a Bazel workspace pulls.
KIND = "bazel"

#: The repository rules that pull an image, by the name they are called with.
_RULES = frozenset({"oci_pull", "container_pull"})


def read_bazel(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The images the Bazel file at ``path`` pulls (never raises)."""
    return read_built(path, max_bytes, scan_bazel)


def scan_bazel(text: str, *, path: str | None = None) -> BuildFile:
    """:func:`read_bazel` of a file's text.

    >>> found = scan_bazel('oci_pull(\\n    name = "d",\\n    image = "debian",\\n    tag = "12")')
    >>> [(o.text, o.line, o.column, o.context["rule"]) for o in found.scan]
    [('debian:12', 3, 14, 'oci_pull')]
    """
    from ..discover import BAZEL_BUILD_NAMES, builds_with_bazel, pulls_with_bazel

    head = text.encode()
    package = path is not None and os.path.basename(path) in BAZEL_BUILD_NAMES
    if not pulls_with_bazel(head) and not (package and builds_with_bazel(head)):
        return BuildFile(path=path)  # (a quick look: most macro files pull no image)
    import ast

    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):  # (Starlark that Python does not read: nothing known)
        return BuildFile(path=path)
    strings = _top_level_strings(tree)
    occurrences = [
        found
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        for found in [_pull(node, strings, path)]
        if found is not None
    ]
    occurrences.sort(key=lambda o: (o.line, o.column))
    from .shell import comment_suppressions

    suppressions = tuple(comment_suppressions(text.splitlines(), path))
    built = built_names(tree, strings, path) if package else ()
    return BuildFile(built=built, scan=Scan(occurrences, (), suppressions), path=path)


def _rule(call: ast.Call) -> str | None:
    """The pulling rule ``call`` calls, as it is written (``oci.pull``, the module extension's
    tag of ``oci_pull``), or ``None``."""
    import ast

    function = call.func
    if isinstance(function, ast.Name) and function.id in _RULES:
        return function.id
    if (
        isinstance(function, ast.Attribute)
        and function.attr == "pull"
        and isinstance(function.value, ast.Name)
        and function.value.id == "oci"
    ):
        return "oci.pull"
    return None


def _pull(call: ast.Call, strings: dict[str, str], path: str | None) -> Occurrence | None:
    """The image one call of a pulling rule fetches, or ``None`` (no such call, or an
    argument only its caller knows)."""
    rule = _rule(call)
    if rule is None:
        return None
    arguments = {keyword.arg: keyword.value for keyword in call.keywords if keyword.arg}
    oci = rule != "container_pull"
    # (rules_oci's oci_pull takes rules_docker's registry and repository too, for image)
    where = arguments.get("image") if oci else None
    where = where or arguments.get("repository")
    if where is None:
        return None
    values = {name: string_value(node, strings) for name, node in arguments.items()}
    if any(values.get(name, "") is None for name in ("image", "registry", "repository")):
        return None
    tag, digest = values.get("tag", ""), values.get("digest", "")
    if tag is None or digest is None:
        return None
    if oci and values.get("image"):
        name, written_tag, written_digest = _image_parts(values["image"] or "")
        tag, digest = written_tag or tag, written_digest or digest
    else:
        registry, repository = values.get("registry") or "", values.get("repository") or ""
        name = f"{registry}/{repository}" if registry else repository
    if not name:
        return None
    text = name + (f":{tag}" if tag else "") + (f"@{digest}" if digest else "")
    context = {"rule": rule}
    target = values.get("name")
    if target:
        context["target"] = target
    return Occurrence.of_text(
        path=path, line=where.lineno, column=where.col_offset + 2, kind=KIND,
        raw=text, text=text, context=context,
    )  # fmt: skip


def _image_parts(image: str) -> tuple[str, str, str]:
    """rules_oci's reading of an ``image`` (``util.parse_image``): the name without its
    ``http://`` or ``https://`` scheme, and the tag and digest written in it, which win over
    the rule's ``tag`` and ``digest`` (``"memcached:alpine"`` with ``tag = "latest"`` pulls
    ``alpine``).

    >>> _image_parts("https://index.docker.io/library/alpine@sha256:ab")
    ('index.docker.io/library/alpine', '', 'sha256:ab')
    >>> _image_parts("localhost:5000/app:1.2")
    ('localhost:5000/app', '1.2', '')
    """
    image = image.removeprefix("http://").removeprefix("https://")
    image, _, digest = image.rpartition("@") if image.rfind("@") > 0 else (image, "", "")
    colon = image.rfind(":")
    tag = ""
    if colon > 0 and "/" not in image[colon:]:
        image, tag = image[:colon], image[colon + 1 :]
    return image, tag, digest


def string_value(node: ast.expr, strings: dict[str, str]) -> str | None:
    """The string ``node`` is: a literal, a name the file assigns one at its top level, or
    ``+`` of those; ``None`` for anything else."""
    import ast

    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.Name):
        return strings.get(node.id)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = string_value(node.left, strings), string_value(node.right, strings)
        return left + right if left is not None and right is not None else None
    return None


def _top_level_strings(tree: ast.Module) -> dict[str, str]:
    """The names a file assigns a string at its top level (``UBUNTU_TAG = "20.04"``); a name
    assigned twice keeps the later string (Starlark refuses a second one anyway)."""
    import ast

    strings: dict[str, str] = {}
    for statement in tree.body:
        if (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
        ):
            value = string_value(statement.value, strings)
            if value is not None:
                strings[statement.targets[0].id] = value
    return strings
