"""Pants: a Dockerfile's ``FROM`` that names a ``docker_image`` target is the image Pants builds.

Pants' Docker backend reads a ``docker_image`` target's Dockerfile, and a ``FROM`` whose value
(an ``ARG`` default, most often) is the address of another ``docker_image`` target is that
target's image: Pants builds it first and passes its tag in (the Docker backend's "Dependency
inference"). pantsbuild/example-docker's ``src/docker/multiplatform/Dockerfile.final`` says
``ARG PARENT=:multiplatform-base`` then ``FROM ${PARENT}``, and the ``BUILD`` beside it defines
``docker_image(name="multiplatform-base", …)``. So in a Pants project (below the nearest
directory up that holds ``pants.toml``), a Dockerfile's image written as an address —
``:name`` (the ``BUILD`` file beside the Dockerfile), ``path/to:name`` or ``//path/to:name``
(from the project's root) — whose ``BUILD`` file defines a ``docker_image`` of that name (a
target without ``name`` is named after its directory) is built there, not pulled.
"""

from __future__ import annotations

import os

from .._lazy import lazy_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..occurrence import BuildSite, Occurrence

__all__ = ["may_name_target", "target_site"]


#: A target's address: an optional path (``//`` from the root) and ``:name``.
_ADDRESS = lazy_pattern(r"(?P<root>//)?(?P<path>[A-Za-z0-9_./-]*):(?P<name>[A-Za-z0-9_.-]+)")


#: The files Pants reads its targets from.
_BUILD_NAMES = ("BUILD", "BUILD.pants")


def may_name_target(occurrence: Occurrence) -> bool:
    """Whether an occurrence's text may be a target's address (a quick look)."""
    path = occurrence.path
    if path is None or _root(os.path.dirname(os.path.abspath(path))) is None:
        return False  # (no Pants project around the file: no address to read)
    return _ADDRESS.fullmatch(occurrence.text) is not None


def target_site(occurrence: Occurrence) -> BuildSite | None:
    """Where Pants builds the ``docker_image`` the occurrence's text addresses, if it names
    one of the project's; else ``None``."""
    match = _ADDRESS.fullmatch(occurrence.text)
    path = occurrence.path
    if match is None or path is None or match["path"].startswith(("/", "../")):
        return None
    here = os.path.dirname(os.path.abspath(path))
    root = _root(here)
    if root is None:
        return None
    if match["root"] is None and not match["path"]:
        directory = here  # (``:name``: the target beside the Dockerfile)
    else:
        directory = os.path.join(root, match["path"])
    for name in _BUILD_NAMES:
        build = os.path.join(directory, name)
        line = _docker_image_line(build, match["name"])
        if line is not None:
            from ..occurrence import BuildSite

            relative = os.path.relpath(build)
            return BuildSite("pants", build if relative.startswith(os.pardir) else relative, line)
    return None


def _docker_image_line(build: str, name: str) -> int | None:
    """The line of the ``docker_image`` of that name in the ``BUILD`` file at ``build``."""
    try:
        with open(build, encoding="utf-8") as handle:
            text = handle.read(1024 * 1024)
    except (OSError, UnicodeDecodeError):
        return None
    if "docker_image" not in text:
        return None
    import ast

    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return None
    default = os.path.basename(os.path.dirname(os.path.abspath(build)))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "docker_image"
        ):
            given = next(
                (
                    keyword.value.value
                    for keyword in node.keywords
                    if keyword.arg == "name"
                    and isinstance(keyword.value, ast.Constant)
                    and isinstance(keyword.value.value, str)
                ),
                default,
            )
            if given == name:
                return node.lineno
    return None


def _root(directory: str) -> str | None:
    """The nearest directory from ``directory`` up that holds ``pants.toml`` (memoised)."""
    from .._roots import pants_root

    return pants_root(directory)
