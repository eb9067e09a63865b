"""JupyterHub's configuration: the images its spawners start users' servers from.

A ``jupyterhub_config.py`` (any Python source JupyterHub loads with ``-f``) configures the hub
through traitlets' ``c = get_config()``. Two spawners run each user's server in a container,
from the image the configuration names:

* `DockerSpawner <https://jupyterhub-dockerspawner.readthedocs.io/>`_ (and its
  ``SwarmSpawner`` and ``SystemUserSpawner``): ``c.DockerSpawner.image``, pulled when the host
  lacks it (``pull_policy`` ``ifnotpresent``; a name with no tag is pulled as ``latest``), and
  the images a user may pick, ``c.DockerSpawner.allowed_images`` (a list, or a dict of display
  names to images; ``image_whitelist`` before version 12);
* `KubeSpawner <https://jupyterhub-kubespawner.readthedocs.io/>`_: ``c.KubeSpawner.image``,
  which the node's kubelet pulls, and each profile's ``kubespawner_override`` ``image`` in
  ``c.KubeSpawner.profile_list``.

traitlets applies a class's section to its subclasses, so ``c.Spawner.image`` is read as
well. A value is read when the source writes it: a string literal, a name the module assigns
one once, or the default of ``os.environ.get(NAME, DEFAULT)`` (``os.getenv``); an image a
run's environment alone gives (``os.environ["NAME"]``) is not known here. Each image is an
:class:`~tagsense.sources.Occurrence` of kind ``"jupyterhub"`` at its literal, with
``context`` ``field`` (the setting, ``DockerSpawner.image``). Assignments inside a function
(a ``pre_spawn_hook``) are a spawn's own, made when it runs: not read.
"""

from __future__ import annotations

import ast

from ..._lazy import lazy_pattern
from ...occurrence import Occurrence
from ._python_source import Written, constants, dotted, value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

__all__ = ["KIND", "MARKER", "sets_spawner_image", "spawner_images"]

#: The ``kind`` of the occurrences.
KIND = "jupyterhub"
#: What a configuration that sets a spawner's image says (a quick look).
MARKER = "Spawner."
#: ``c.DockerSpawner.image`` and the like: the configuration object, a spawner's class, a
#: setting that names images.
_SETTING = lazy_pattern(
    r"[A-Za-z_]\w*\.(\w*Spawner)\.(image|allowed_images|image_whitelist|profile_list)"
)


def sets_spawner_image(head: bytes) -> bool:
    """A quick look: whether a source's text assigns one of the settings (``c.DockerSpawner.
    image =``), as a configuration does and JupyterHub's and the spawners' own sources do not.

    >>> sets_spawner_image(b"c.KubeSpawner.profile_list = []"), sets_spawner_image(b"Spawner.image")
    (True, False)
    """
    return _ASSIGNED.search(head) is not None


_ASSIGNED = lazy_pattern(
    rb"\w\.\w*Spawner\.(?:image|allowed_images|image_whitelist|profile_list)\s*=(?!=)"
)


_ENVIRONMENT_GETS = frozenset({"os.environ.get", "environ.get", "os.getenv", "getenv"})
_OVERRIDE = "kubespawner_override"


def spawner_images(tree: ast.Module, lines: list[str], path: str | None) -> list[Occurrence]:
    """The images the configuration's spawners start (see the module)."""
    known = constants(tree, lines)
    found: list[Occurrence] = []
    for statement in _top_level(tree.body):
        if not isinstance(statement, ast.Assign) or len(statement.targets) != 1:
            continue
        name = dotted(statement.targets[0])
        setting = _SETTING.fullmatch(name) if name is not None else None
        if setting is None:
            continue
        field = f"{setting.group(1)}.{setting.group(2)}"
        for written in _images(setting.group(2), statement.value, lines, known):
            text, line, column = written
            found.append(
                Occurrence.of_text(
                    path=path, line=line, column=column, kind=KIND, raw=text, text=text,
                    context={"field": field},
                )
            )  # fmt: skip
    return found


def _top_level(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """The statements the module runs when JupyterHub loads it: its own, and those of its
    ``if``, ``try`` and ``with`` blocks (not a function's or a class's)."""
    for statement in body:
        yield statement
        if isinstance(statement, ast.If | ast.With):
            yield from _top_level(statement.body)
            yield from _top_level(getattr(statement, "orelse", []))
        elif isinstance(statement, ast.Try):
            for block in (statement.body, statement.orelse, statement.finalbody):
                yield from _top_level(block)
            for handler in statement.handlers:
                yield from _top_level(handler.body)


def _images(
    setting: str, node: ast.expr, lines: list[str], known: Mapping[str, Written]
) -> Iterator[Written]:
    """The images one setting's value names, as written."""
    if setting == "image":
        written = _string(node, lines, known)
        if written is not None:
            yield written
    elif setting == "profile_list" and isinstance(node, ast.List | ast.Tuple):
        for profile in node.elts:
            override = _member(profile, _OVERRIDE)
            image = _member(override, "image") if override is not None else None
            written = _string(image, lines, known) if image is not None else None
            if written is not None:
                yield written
    elif setting != "profile_list":
        items = node.values if isinstance(node, ast.Dict) else getattr(node, "elts", [])
        for item in items:
            written = _string(item, lines, known)
            if written is not None:
                yield written


def _member(node: ast.expr, key: str) -> ast.expr | None:
    """The value of ``key`` in a dict display (``{"image": …}``, ``dict(image=…)``)."""
    if isinstance(node, ast.Dict):
        for name, item in zip(node.keys, node.values, strict=True):
            if isinstance(name, ast.Constant) and name.value == key:
                return item
    if isinstance(node, ast.Call) and dotted(node.func) == "dict":
        return next((word.value for word in node.keywords if word.arg == key), None)
    return None


def _string(node: ast.expr, lines: list[str], known: Mapping[str, Written]) -> Written | None:
    """A string the source writes: a literal, a constant, an environment variable's default."""
    if isinstance(node, ast.Call) and dotted(node.func) in _ENVIRONMENT_GETS:
        if len(node.args) == 2 and not node.keywords:
            return value(node.args[1], lines, known)
        return None
    return value(node, lines, known)
