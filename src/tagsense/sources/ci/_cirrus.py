"""Cirrus CI (``.cirrus.yml``): the containers its tasks run in, their additional containers,
and the images of a pipe's steps.

As cirrus-cli's parser reads the file (``pkg/parser``):

* Every top-level key that ends in ``task``, ``pipe`` or ``docker_builder`` is a task, and
  a key may be written many times (``task:`` once a task): each is one (the YAML keys are
  read as written, not the last one alone).
* A task runs in the instance it names, else in the one written at the top level (Cirrus's
  "collectible" fields): ``container``, ``arm_container``, ``windows_container`` and the
  Kubernetes ones (``gke_container``, ``eks_container``, ``aks_container``) pull their
  ``image`` (unless a later ``dockerfile`` has Cirrus build the image instead) and each of
  their ``additional_containers``' ``image``; so does a ``persistent_worker`` whose
  ``isolation`` is a ``container``. VM instances (``macos_instance``,
  ``freebsd_instance``, ``compute_engine_instance``, ``persistent_worker``…) and a
  ``docker_builder`` (a VM with Docker) pull no container of their own. A pipe's
  ``steps[*].image`` is each step's container.
* ``matrix:`` under a task (a list of mappings, or a mapping) makes one task an item, the
  item's keys put where ``matrix`` was, at any depth (``modifier/matrix``).
* ``env`` (or ``environment``) at the top level and in the task, the task's winning, fill
  ``$NAME``, ``${NAME}`` and ``%NAME%`` as cirrus-cli's ``expander`` does (values in values,
  up to ten rounds). Any other name (``$CIRRUS_TAG``, an ``ENCRYPTED[…]`` secret's) only a
  run has: unresolved by name.

``only_if`` and ``skip`` are conditions a run decides: every task is read. A
``.cirrus.star`` (Starlark that writes the configuration when the build starts) is not read.

A container whose ``dockerfile`` decides ("Dockerfile as a CI environment") is a build of that
file, from the repository's root, with ``docker_arguments`` as its build arguments (the task's
``env`` put in): :func:`dockerfile_builds`.
"""

from __future__ import annotations

from .._yaml import items, scalar, sequence
from ._scanner import Resolved, is_custom, is_mapping, is_null
from ._vars import shell_names

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TypeAlias

    import yaml

    from ..project import BuildConfig
    from ._scanner import Resolutions, Scanner

    #: A value: a scalar or a list as written, or a mapping as its (key, value) pairs in
    #: order (a mapping's matrix expanded, so a key may come twice: the last one counts).
    Value: TypeAlias = "yaml.Node | Pairs"
    Pairs: TypeAlias = "tuple[tuple[str, Value], ...]"

__all__ = ["CONTAINERS", "cirrus", "dockerfile_builds", "expand", "is_task_key", "tasks"]

#: The instances that run a task in a container Cirrus pulls.
CONTAINERS = frozenset(
    {"container", "arm_container", "windows_container", "gke_container", "eks_container",
     "aks_container"}
)  # fmt: skip
#: The most tasks one matrix makes, here.
MAX_COMBINATIONS = 256

_TASK_SUFFIXES = ("task", "pipe", "docker_builder")
_ROUNDS = 10
#: How deep mappings are read (an alias may make a mapping contain itself).
_MAX_DEPTH = 32


def is_task_key(key: str) -> bool:
    """Whether a top-level key is a task (``task``, ``lint_task``, ``build_pipe``…).

    >>> is_task_key("task"), is_task_key("lint_task"), is_task_key("container")
    (True, True, False)
    """
    return key.endswith(_TASK_SUFFIXES)


def expand(text: str, env: dict[str, str]) -> str:
    """``text`` with the names of ``env`` put in, as cirrus-cli's ``ExpandEnvironmentVariables``:
    ``$NAME``, ``${NAME}`` and ``%NAME%``, longer names first, until nothing changes (at most
    ten rounds); any other name stays as written.

    >>> expand("python:${PY}-slim", {"PY": "3.12"})
    'python:3.12-slim'
    >>> expand("$IMAGE", {"IMAGE": "node:$NODE", "NODE": "22"})
    'node:22'
    """
    names = sorted(env, reverse=True)
    for _ in range(_ROUNDS):
        before = text
        for name in names:
            value = env[name]
            text = text.replace(f"${name}", value).replace(f"${{{name}}}", value)
            text = text.replace(f"%{name}%", value)
            if len(text) > 64 * 1024:
                return before
        if text == before:
            break
    return text


def cirrus(scanner: Scanner, documents: list[yaml.Node]) -> None:
    for document in documents:
        if not is_mapping(document):
            if not is_null(document):
                scanner.wrong(document, "the document", "a mapping")
            continue
        top = _pairs(document.value)  # (as written: `task:` may come many times)
        env = _env(top, {})
        instances = tuple((key, value) for key, value in top if _is_instance(key))
        for key, value in top:
            if not is_task_key(key) or not isinstance(value, tuple):
                continue
            for variant in _variants(value, scanner):
                _task(scanner, key, variant, env, instances)


def dockerfile_builds(
    scanner: Scanner, documents: list[yaml.Node], checkout: str
) -> list[BuildConfig]:
    """The Dockerfiles the tasks' containers are built from (``dockerfile``, the later of it
    and ``image``), each with its ``docker_arguments`` as build arguments: containers/image's
    ``.cirrus.Dockerfile``, built with ``BASE_IMAGE: '${UBUNTU_CONTAINER_FQIN}'``. An argument
    whose value names what only a run has is unresolved by those names."""
    from ...occurrence import BuildSite
    from .._yaml import value_position
    from ..builds._common import join
    from ..project import BuildConfig

    found: dict[BuildConfig, None] = {}
    for document in documents:
        if not is_mapping(document):
            continue
        top = _pairs(document.value)
        top_env = _env(top, {})
        top_instances = tuple((key, value) for key, value in top if _is_instance(key))
        for key, value in top:
            if not is_task_key(key) or not isinstance(value, tuple) or key.endswith("pipe"):
                continue
            for task in _variants(value, scanner):
                env = _env(task, top_env)
                own = tuple((name, value) for name, value in task if _is_instance(name))
                for name, instance in own or top_instances:
                    if name not in CONTAINERS or not isinstance(instance, tuple):
                        continue
                    chosen = [field for field, _ in instance if field in ("image", "dockerfile")]
                    written = _last(instance, "dockerfile")
                    if chosen[-1:] != ["dockerfile"] or written is None:
                        continue
                    if isinstance(written, tuple):
                        continue  # (a mapping: no path)
                    path = scalar(written)
                    if not path or shell_names(expand(path, env)):
                        continue
                    args, unresolved = _arguments(_last(instance, "docker_arguments"), env)
                    site = BuildSite("cirrus", scanner.path, value_position(written)[0])
                    config = BuildConfig(
                        site=site,
                        name=_name(key, task),
                        context=join(checkout, "."),
                        dockerfile=join(checkout, expand(path, env)),
                        args=args,
                        unresolved=unresolved,
                    )
                    found[config] = None
    return list(found)


def _arguments(
    value: Value | None, env: dict[str, str]
) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """A container's ``docker_arguments`` with the task's ``env`` put in: the known values,
    and the names whose values only a run has (with what each needs)."""
    args: dict[str, str] = {}
    unresolved: dict[str, tuple[str, ...]] = {}
    for name, item in value if isinstance(value, tuple) else ():
        text = None if isinstance(item, tuple) else scalar(item)
        if text is None:
            continue
        expanded = expand(text, env)
        needs = tuple(dict.fromkeys(shell_names(expanded)))
        if needs:
            unresolved[name] = needs
        else:
            args[name] = expanded
    return args, unresolved


def tasks(document: yaml.Node, scanner: Scanner) -> list[tuple[str, yaml.Node]]:
    """Each task of a file's document as Cirrus runs it, its matrices expanded: (its key, a
    mapping node of its keys, the values as written, so that they keep their positions)."""
    found: list[tuple[str, yaml.Node]] = []
    for key, value in _pairs(document.value):
        if is_task_key(key) and isinstance(value, tuple):
            found.extend((key, _node(variant)) for variant in _variants(value, scanner))
    return found


def _node(value: Value) -> yaml.Node:
    import yaml

    if not isinstance(value, tuple):
        return value
    pairs = [(yaml.ScalarNode("tag:yaml.org,2002:str", key), _node(item)) for key, item in value]
    return yaml.MappingNode("tag:yaml.org,2002:map", pairs)


def _pairs(raw: list[tuple[yaml.Node, yaml.Node]], depth: int = 0) -> Pairs:
    """A mapping's (key, value) pairs as written, each mapping value in pairs too (merge
    keys first: the mapping's own keys come later, and the last one counts)."""
    found: list[tuple[str, Value]] = []
    for key_node, value in raw:
        key = scalar(key_node)
        if key is None:
            continue
        if key == "<<":
            # (of several merged mappings the first wins: it comes last)
            sources = reversed(sequence(value) or [value])
            found[:0] = [(k, _value(v, depth)) for source in sources for k, v, _ in items(source)]
            continue
        found.append((key, _value(value, depth)))
    return tuple(found)


def _value(node: yaml.Node, depth: int = 0) -> Value:
    if is_mapping(node) and depth < _MAX_DEPTH:
        return _pairs(node.value, depth + 1)
    return node


def _variants(task: Pairs, scanner: Scanner) -> list[Pairs]:
    """The tasks a task's matrices make (itself alone without one)."""
    results: list[Pairs] = [()]
    for key, value in task:
        if key == "matrix":
            options = _options(value, scanner)
            if not options:
                continue
            choices = [variant for option in options for variant in _variants(option, scanner)]
            results = [done + choice for done in results for choice in choices]
        elif isinstance(value, tuple):
            inner = _variants(value, scanner)
            results = [(*done, (key, choice)) for done in results for choice in inner]
        else:
            results = [(*done, (key, value)) for done in results]
        if len(results) > MAX_COMBINATIONS:
            scanner.error(None, f"matrix: more than {MAX_COMBINATIONS} tasks; not read")
            return [task]
    return results


def _options(value: Value, scanner: Scanner) -> list[Pairs]:
    """The items of a ``matrix:``: each mapping of a list, or each key of a mapping."""
    if isinstance(value, tuple):
        return [(pair,) for pair in value]
    options: list[Pairs] = []
    for item in sequence(value):
        if is_mapping(item):
            options.append(_pairs(item.value))
        elif not is_null(item):
            scanner.wrong(item, "matrix", "a list of mappings")
    return options


def _last(pairs: Pairs, key: str) -> Value | None:
    found: Value | None = None
    for name, value in pairs:
        if name == key:
            found = value
    return found


def _is_instance(key: str) -> bool:
    return key in CONTAINERS or key.endswith(("_instance", "_worker", "_container"))


def _env(pairs: Pairs, outer: dict[str, str]) -> dict[str, str]:
    """The variables ``env`` and ``environment`` give (after ``outer``'s)."""
    env = dict(outer)
    for key, value in pairs:
        if key in ("env", "environment") and isinstance(value, tuple):
            for name, item in value:
                text = None if isinstance(item, tuple) else scalar(item)
                if text is not None:
                    env[name] = text
    return env


def _name(key: str, task: Pairs) -> str:
    """A task's name: its ``name``, else its key's prefix (``lint_task`` is ``lint``)."""
    name = _last(task, "name")
    text = None if name is None or isinstance(name, tuple) else scalar(name)
    if text:
        return text
    for suffix in _TASK_SUFFIXES:
        if key.endswith(suffix):
            return key[: -len(suffix)].rstrip("_") or "main"
    return key  # pragma: no cover - a task's key has one of the suffixes


def _task(
    scanner: Scanner,
    key: str,
    task: Pairs,
    top_env: dict[str, str],
    top_instances: tuple[tuple[str, Value], ...],
) -> None:
    env = _env(task, top_env)
    resolve = _resolver(env)
    context: dict[str, object] = {"task": _name(key, task)}
    if key.endswith("pipe"):
        steps = _last(task, "steps")
        if steps is not None and not isinstance(steps, tuple):
            for index, step in enumerate(sequence(steps)):
                if is_mapping(step):
                    where = f"{key}.steps[{index}].image"
                    image = _last(_pairs(step.value), "image")
                    _image(scanner, image, where, {**context, "field": "steps"}, resolve)
        return
    if key.endswith("docker_builder"):
        return  # (a VM with Docker: no container of its own)
    own = tuple((name, value) for name, value in task if _is_instance(name))
    for name, instance in own or top_instances:
        if not isinstance(instance, tuple):
            continue
        if name in CONTAINERS:
            _container(scanner, f"{key}.{name}", instance, {**context, "field": name}, resolve)
        elif name.endswith("_worker"):
            # (a persistent worker that runs the task in a container: ``isolation.container``)
            isolation = _last(instance, "isolation")
            inside = _last(isolation, "container") if isinstance(isolation, tuple) else None
            if isinstance(inside, tuple):
                where = f"{key}.{name}.isolation.container"
                _container(scanner, where, inside, {**context, "field": name}, resolve)


def _container(
    scanner: Scanner,
    where: str,
    container: Pairs,
    context: dict[str, object],
    resolve: Callable[[str], Resolutions],
) -> None:
    # (``image`` and ``dockerfile``: the later one decides, as each resets the other)
    chosen = [name for name, _ in container if name in ("image", "dockerfile")]
    if chosen and chosen[-1] == "image":
        _image(scanner, _last(container, "image"), f"{where}.image", context, resolve)
    extra = _last(container, "additional_containers")
    if extra is None or isinstance(extra, tuple):
        return
    for index, item in enumerate(sequence(extra)):
        if not is_mapping(item):
            continue
        pairs = _pairs(item.value)
        name = _last(pairs, "name")
        service = None if name is None or isinstance(name, tuple) else scalar(name)
        more = {**context, "field": "additional_containers"}
        if service:
            more["service"] = service
        where_item = f"{where}.additional_containers[{index}].image"
        _image(scanner, _last(pairs, "image"), where_item, more, resolve)


def _image(
    scanner: Scanner,
    value: Value | None,
    where: str,
    context: dict[str, object],
    resolve: Callable[[str], Resolutions],
) -> None:
    if isinstance(value, tuple):
        scanner.error(None, f"{where}: expected a string, found a mapping")
        return
    if value is None or is_null(value) or is_custom(value):
        return
    scanner.image(value, where, context, resolve=resolve)


def _resolver(env: dict[str, str]) -> Callable[[str], Resolutions]:
    def resolve(text: str) -> Resolutions:
        expanded = expand(text, env)
        names = list(dict.fromkeys(shell_names(expanded)))
        if not names:
            return [(Resolved(expanded), {})]
        known = expanded.find("$")
        return [(Resolved(expanded, tuple(names), "variables", known), {})]

    return resolve
