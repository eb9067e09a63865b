"""Bitbucket Pipelines: the global image, step images, service definitions, ``docker://`` pipes.

Bitbucket has no variables in the file: ``$NAME`` in an image is a repository,
workspace or deployment variable, unresolved by name.
"""

from __future__ import annotations

from .._yaml import items, scalar, sequence
from ._scanner import DOCKER_PREFIX, Resolved, fields, is_custom, is_mapping, is_sequence
from ._vars import shell_names

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

    from ._scanner import Resolutions, Scanner

__all__ = ["bitbucket", "variables_of_a_run"]

#: Keys of Bitbucket's structure that are not part of a pipeline's name.
_STRUCTURE = frozenset({"parallel", "stage", "steps", "pipelines", "definitions"})


def variables_of_a_run(text: str) -> Resolutions:
    """A text whose ``$NAME`` and ``${NAME}`` only a run fills in."""
    names = shell_names(text)
    if not names:
        return [(Resolved(text), {})]
    return [(Resolved(text, tuple(dict.fromkeys(names)), "variables", text.find("$")), {})]


def bitbucket(scanner: Scanner, documents: list[yaml.Node]) -> None:
    for document in documents:
        root = scanner.root(document)
        if root is None:
            continue
        scanner.image_or_mapping(
            root.get("image"),
            "name",
            "image",
            {"section": "global", "field": "image"},
            variables_of_a_run,
        )
        definitions = scanner.mapping(root.get("definitions"), "definitions")
        services = scanner.mapping(definitions.get("services"), "definitions.services")
        for name, service in services.items():
            where = f"definitions.services.{name}"
            scanner.image_or_mapping(
                scanner.mapping(service, where).get("image"),
                "name",
                f"{where}.image",
                {"service": name, "field": "services"},
                variables_of_a_run,
            )
        visited: set[int] = set()
        for key in ("definitions", "pipelines"):
            node = root.get(key)
            if node is not None:
                _walk(scanner, node, (key,), visited)


def _walk(scanner: Scanner, node: yaml.Node, keys: tuple[str, ...], visited: set[int]) -> None:
    """Find the steps under ``node``, each node visited once (aliases cost nothing)."""
    stack: list[tuple[yaml.Node, tuple[str, ...]]] = [(node, keys)]
    while stack:
        node, keys = stack.pop()
        if id(node) in visited or is_custom(node):
            continue
        visited.add(id(node))
        if is_sequence(node):
            stack.extend((item, keys) for item in reversed(sequence(node)))
            continue
        if not is_mapping(node):
            continue
        children: list[tuple[yaml.Node, tuple[str, ...]]] = []
        for key, value, _ in items(node):
            if keys == ("definitions",) and key in ("services", "caches"):
                continue
            if key == "step" and is_mapping(value):
                if id(value) not in visited:
                    visited.add(id(value))
                    _step(scanner, value, keys)
            else:
                children.append((value, (*keys, key)))
        stack.extend(reversed(children))


def _step(scanner: Scanner, step: yaml.Node, keys: tuple[str, ...]) -> None:
    step_fields = fields(step)
    pipeline = "/".join(key for key in keys if key not in _STRUCTURE)
    context: dict[str, object] = {"pipeline": pipeline} if pipeline else {}
    name = scalar(step_fields.get("name"))
    if name is not None:
        context["step"] = name
    scanner.image_or_mapping(
        step_fields.get("image"),
        "name",
        "step.image",
        {**context, "field": "image"},
        variables_of_a_run,
    )
    for script in ("script", "after-script"):
        for item in scanner.items_of(step_fields.get(script), f"step.{script}"):
            pipe_node = fields(item).get("pipe") if is_mapping(item) else None
            pipe = scanner.text(pipe_node, f"step.{script}.pipe")
            if pipe is not None and pipe.startswith(DOCKER_PREFIX):
                scanner.image(
                    pipe_node,
                    f"step.{script}.pipe",
                    {**context, "field": "pipe"},
                    prefix=len(DOCKER_PREFIX),
                    resolve=variables_of_a_run,
                )
