"""Bazel: the image names a package's targets build, push or load (a ``BUILD`` file's).

rules_docker loads a ``container_image`` (or a language's image rule: ``go_image``,
``java_image``, ``war_image``, ``py3_image``…) into Docker as ``bazel/PACKAGE:TARGET`` when
``bazel run //PACKAGE:TARGET`` runs it (``repository`` replaces ``bazel``); a
``container_bundle``'s ``images`` keys are the names it loads its images as, and a
``container_push`` pushes to ``registry/repository``. rules_oci's ``oci_load`` (formerly
``oci_tarball``) loads its image as each of its ``repo_tags``, and ``oci_push`` pushes to its
``repository``. bazelbuild/rules_docker's e2e tests run ``bazel/testdata:war_image`` and pull
``localhost:5000/image0:latest`` back from the registry they pushed it to: images the project
builds, not pulls. A macro's ``image_name`` names the image it builds (kythe's
``docker_build`` runs ``docker build -t`` with it; a label, ``:base``, is a target). Each name
is a :class:`~tagsense.sources.project.BuiltImage` at the rule's line (tool ``bazel``); an
argument only a macro's caller knows gives no name.
"""

from __future__ import annotations

import os

from ...occurrence import BuildSite
from ..project import BuiltImage

TYPE_CHECKING = False
if TYPE_CHECKING:
    import ast
    from collections.abc import Iterator

__all__ = ["built_names"]

#: rules_docker's rules that load an image as ``bazel/PACKAGE:TARGET``.
_DOCKER_IMAGE_RULES = frozenset(
    f"{language}_image"
    for language in (
        "container", "go", "java", "war", "py", "py3", "cc", "nodejs", "rust", "d", "scala",
        "groovy", "kt_jvm",
    )
)  # fmt: skip
#: How a Bazel label starts (``:base``, ``//pkg:base``, ``@repo//:base``): a target, not a name.
_LABEL_STARTS = (":", "/", "@")
#: The files that mark the root of a Bazel workspace (packages are named from it).
_WORKSPACE_FILES = ("MODULE.bazel", "REPO.bazel", "WORKSPACE", "WORKSPACE.bazel")


def built_names(
    tree: ast.Module, strings: dict[str, str], path: str | None
) -> Iterator[BuiltImage]:
    """The names the calls of ``tree`` (a ``BUILD`` file's) build images as."""
    import ast

    from .bazel import string_value

    loaded = _loaded_names(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        rule = node.func.id
        arguments = {keyword.arg: keyword.value for keyword in node.keywords if keyword.arg}
        values = {
            name: value
            for name, argument in arguments.items()
            if (value := string_value(argument, strings)) is not None
        }
        names: list[str] = []
        if rule in _DOCKER_IMAGE_RULES and rule in loaded and path is not None:
            target = values.get("name")
            package = _package(path)
            if target and package is not None:
                names.append("/".join(p for p in (values.get("repository", "bazel"), package) if p))
        elif rule == "container_push" and values.get("registry") and values.get("repository"):
            names.append(f"{values['registry']}/{values['repository']}")
        elif rule == "oci_push" and values.get("repository"):
            names.append(values["repository"])
        elif rule in ("oci_load", "oci_tarball") and "repo_tags" in arguments:
            names.extend(_strings(arguments["repo_tags"], strings))
        elif isinstance(values.get("image_name"), str) and not values["image_name"].startswith(
            _LABEL_STARTS
        ):
            names.append(values["image_name"])  # (a macro's image: kythe's docker_build)
        elif rule == "container_bundle" and isinstance(arguments.get("images"), ast.Dict):
            images = arguments["images"]
            assert isinstance(images, ast.Dict)
            names.extend(
                name
                for key in images.keys
                if key is not None and (name := string_value(key, strings)) is not None
            )
        for name in names:
            yield BuiltImage(_untagged(name), BuildSite("bazel", path, node.lineno))


def _loaded_names(tree: ast.Module) -> frozenset[str]:
    """The symbols the file's ``load()`` statements bring in, by the name they are used by."""
    import ast

    names: set[str] = set()
    for statement in tree.body:
        call = statement.value if isinstance(statement, ast.Expr) else None
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Name)
            and call.func.id == "load"
        ):
            names.update(
                argument.value
                for argument in call.args[1:]
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str)
            )
            names.update(keyword.arg for keyword in call.keywords if keyword.arg)
    return frozenset(names)


def _strings(node: ast.expr, strings: dict[str, str]) -> list[str]:
    """The strings of a list literal (or of a name the file assigns one); none otherwise."""
    import ast

    from .bazel import string_value

    if isinstance(node, ast.List):
        return [value for item in node.elts if (value := string_value(item, strings)) is not None]
    return []


def _untagged(name: str) -> str:
    """``name`` without its tag or digest (a built name matches whatever its tag)."""
    name = name.partition("@")[0]
    colon = name.rfind(":")
    return name[:colon] if colon > 0 and "/" not in name[colon:] else name


def _package(path: str) -> str | None:
    """The Bazel package of the ``BUILD`` file at ``path``, lower-cased as rules_docker names
    its images (``tests/container/go``; ``""`` at the workspace's root), or ``None`` when no
    workspace file is above it."""
    directory = os.path.dirname(os.path.abspath(path))
    parts: list[str] = []
    while True:
        if any(os.path.isfile(os.path.join(directory, name)) for name in _WORKSPACE_FILES):
            return "/".join(reversed(parts)).lower()
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        parts.append(os.path.basename(directory))
        directory = parent
