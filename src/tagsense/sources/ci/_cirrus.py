"""Cirrus CI (``.cirrus.yml``): the containers its tasks run in.

As Cirrus CI's "Writing tasks" guide defines them:

* a **task** is a top-level ``task:`` or ``NAME_task:`` (the key may be written again: each is
  a task), a **Docker pipe** ``pipe:`` or ``NAME_pipe:`` (``steps:``, each with its ``image``);
* a task runs in a **container instance**: ``container``, ``arm_container``,
  ``windows_container``, ``gke_container``, ``eks_container`` or ``aks_container``, its own
  or the top-level one, with an ``image`` (a ``dockerfile`` is built, not pulled; virtual
  machines — ``compute_engine_instance``, ``macos_instance``, ``freebsd_instance``… — run no
  container);
* **matrix modification**: a ``matrix:`` of a task (a list of partial tasks), of its ``env``
  or of its instance (a list of mappings, or a mapping whose key is written once a value:
  ``image: node:22`` then ``image: node:20``) makes one task a value;
* **environment variables**: the top-level ``env`` (``environment``) and the task's, put in
  ``$NAME`` and ``${NAME}`` of the image (Cirrus' ``golang:$VERSION``); others (``$CIRRUS_*``)
  only a run has: unresolved by name.

The scripts (``script``, ``NAME_script``) are read as any CI system's (:mod:`._shell`).
"""

from __future__ import annotations

from .._yaml import scalar, sequence
from ._drone import substitute
from ._scanner import fields, is_mapping, is_sequence

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    import yaml

    from ._scanner import Resolutions, Scanner

__all__ = ["INSTANCES", "cirrus", "is_task_key"]

#: The instance types that run a task in a container.
INSTANCES = (
    "container", "arm_container", "windows_container", "gke_container", "eks_container",
    "aks_container",
)  # fmt: skip
#: The most tasks one matrix makes, here.
MAX_COMBINATIONS = 256


def is_task_key(key: str) -> bool:
    """``task``, ``NAME_task``, ``pipe`` and ``NAME_pipe``: a task's key.

    >>> [is_task_key(k) for k in ("task", "lint_task", "docker_builder", "pipe", "env")]
    [True, True, False, True, False]
    """
    return key in ("task", "pipe") or key.endswith(("_task", "_pipe"))


def _is_machine(key: str) -> bool:
    """An instance that is a virtual machine or a worker (``macos_instance``,
    ``compute_engine_instance``, ``persistent_worker``…), not a container."""
    return key.endswith("_instance") or key == "persistent_worker"


def _pairs(node: yaml.Node | None) -> Iterator[tuple[str, yaml.Node]]:
    """Every (key, value) of a mapping as written, a key written again included (Cirrus
    reads each: more tasks, or a matrix's values)."""
    if node is None or not is_mapping(node):
        return
    for key_node, value in node.value:
        key = scalar(key_node)
        if key is not None and key != "<<":
            yield key, value


def cirrus(scanner: Scanner, documents: list[yaml.Node]) -> None:
    for document in documents:
        top = fields(document)
        envs = _envs(top, [{}])
        default = next((top[key] for key in INSTANCES if key in top), None)
        for key, task in _pairs(document):
            if not is_task_key(key) or not is_mapping(task):
                continue
            prefix = key.rpartition("_")[0] if "_" in key else None
            for variant in _variants(task):
                name = scalar(variant.get("name")) or prefix  # (as written: ``Go $VERSION``)
                context: dict[str, object] = {"task": name} if name else {}
                task_envs = _envs(variant, envs)
                if key.endswith("pipe"):
                    for index, step in enumerate(sequence(variant.get("steps"))):
                        image = fields(step).get("image")
                        scanner.image(image, f"{key}.steps[{index}].image",
                                      {**context, "field": "steps"},
                                      resolve=_resolver(task_envs))  # fmt: skip
                    continue
                kind = next((k for k in INSTANCES if k in variant), None)
                if kind is None and any(map(_is_machine, variant)):
                    continue  # (a virtual machine of its own: no container)
                instance = variant[kind] if kind is not None else default
                for image in _images(instance):
                    scanner.image(image, f"{key}.{kind or 'container'}.image",
                                  {**context, "field": kind or "container"},
                                  resolve=_resolver(task_envs))  # fmt: skip


def _variants(task: yaml.Node) -> list[dict[str, yaml.Node]]:
    """A task's fields, once a value of its ``matrix:`` (each a partial task over it)."""
    own = fields(task)
    matrix = own.pop("matrix", None)
    if matrix is None:
        return [own]
    entries = sequence(matrix) if is_sequence(matrix) else [matrix]
    variants = [{**own, **fields(entry)} for entry in entries if is_mapping(entry)]
    return variants[:MAX_COMBINATIONS] or [own]


def _images(instance: yaml.Node | None) -> list[yaml.Node]:
    """The ``image`` nodes of an instance: its own, or each of its ``matrix:``."""
    if instance is None or not is_mapping(instance):
        return []
    own = fields(instance)
    matrix = own.get("matrix")
    if matrix is None:
        image = own.get("image")
        return [image] if image is not None else []
    if is_sequence(matrix):
        found = [fields(entry).get("image") for entry in sequence(matrix)]
        return [image for image in found if image is not None]
    return [value for key, value in _pairs(matrix) if key == "image"]


def _envs(scope: dict[str, yaml.Node], outer: list[dict[str, str]]) -> list[dict[str, str]]:
    """The environments of a scope (``env`` or ``environment``), over each of ``outer``: one a
    combination of its ``matrix`` (a list of mappings, or a mapping that writes a name again)."""
    node = scope.get("env", scope.get("environment"))
    if node is None or not is_mapping(node):
        return outer
    plain: dict[str, str] = {}
    combinations: list[dict[str, str]] = [{}]
    for key, value in _pairs(node):
        if key == "matrix":
            if is_sequence(value):
                combinations = [_values(entry) for entry in sequence(value)] or [{}]
            else:
                combinations = [{k: text} for k, v in _pairs(value)
                                if (text := scalar(v)) is not None] or [{}]  # fmt: skip
        elif (text := scalar(value)) is not None:
            plain[key] = text
    found = [{**env, **plain, **c} for env in outer for c in combinations]
    return found[:MAX_COMBINATIONS]


def _values(node: yaml.Node) -> dict[str, str]:
    return {key: text for key, value in _pairs(node) if (text := scalar(value)) is not None}


def _resolver(envs: list[dict[str, str]]) -> Callable[[str], Resolutions]:
    def resolve(text: str) -> Resolutions:
        results: Resolutions = []
        for env in envs:
            resolved = substitute(text, env)
            results.append((resolved, {"env": dict(resolved.used)} if resolved.used else {}))
        return results

    return resolve
