"""Buildkite: the images a pipeline's command steps run in.

A pipeline (``.buildkite/pipeline.yml``, any other file of ``.buildkite/`` that a step uploads
with ``buildkite-agent pipeline upload``, ``buildkite.yml``) is a mapping with ``steps:``, or
the list of steps alone; a ``group`` step holds steps of its own. A command step runs in, as
Buildkite documents it:

- its ``image:``, else the pipeline's (the Agent Stack for Kubernetes runs the step in that
  container);
- the ``docker`` plugin's ``image`` (``plugins: [{docker#v5.12.0: {image: node:22}}]``; a
  plugin is named ``docker``, ``docker#VERSION``, or by its repository,
  ``buildkite-plugins/docker-buildkite-plugin#VERSION``);
- the ``kubernetes`` plugin's ``podSpec.containers[].image`` (the Kubernetes stack's).

The upload fills in ``$NAME`` and ``${NAME}`` (``$$`` is a ``$``) with the pipeline's top-level
``env:``, and ``${NAME:-default}`` of a name neither it nor Buildkite (``BUILDKITE_*``) sets
with its default (as a compose file's defaults are read); any other name is the agent's
environment where the upload runs: unresolved by name.
ray-project/kuberay's ``.buildkite/test-e2e.yml`` is a list of steps, each with ``image:
golang:1.26-bookworm``.
"""

from __future__ import annotations

from .._yaml import items, scalar, sequence
from ._drone import substitute
from ._scanner import fields, is_mapping, is_sequence

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    import yaml

    from ._scanner import Resolutions, Scanner

__all__ = ["buildkite"]

#: How deep ``group`` steps may nest here (Buildkite allows one level).
_MAX_DEPTH = 8


def _defaults(text: str, env: dict[str, str]) -> str:
    """``${NAME:-word}`` and ``${NAME-word}`` of a name the pipeline does not set, and
    Buildkite does not (``BUILDKITE_*``), as its default (``$${…}`` is written text).

    >>> _defaults("python:${PY:-3.13.1}-slim ${BUILDKITE_TAG:-x} $${Y:-z}", {})
    'python:3.13.1-slim ${BUILDKITE_TAG:-x} $${Y:-z}'
    """
    import re

    def default(match: re.Match[str]) -> str:
        name = match[2]
        if match[1] or name in env or name.startswith("BUILDKITE"):
            return match[0]
        return match[3]

    return re.sub(r"(\$?)\$\{([A-Za-z_][A-Za-z0-9_]*):?-([^}$]*)\}", default, text)


def _plugin_name(key: str) -> str:
    """A plugin's name without its version and its repository's spelling: ``docker#v5.12.0``,
    ``buildkite-plugins/docker-buildkite-plugin#v5`` and ``docker`` are ``docker``."""
    name = key.partition("#")[0].rstrip("/")
    name = name.rpartition("/")[2].removesuffix(".git")
    return name.removesuffix("-buildkite-plugin")


def buildkite(scanner: Scanner, documents: list[yaml.Node]) -> None:
    for document in documents:
        steps: yaml.Node | None = document
        image: yaml.Node | None = None
        values: dict[str, str] = {}
        if is_mapping(document):
            root = fields(document)
            steps, image = root.get("steps"), root.get("image")
            for name, value in fields(root.get("env")).items():
                text = scalar(value)
                if text is not None:
                    values[name] = text
        if steps is None or not is_sequence(steps):
            continue  # (not a pipeline: a values file or a kind configuration beside it)

        def resolve(text: str, values: dict[str, str] = values) -> Resolutions:
            return [(substitute(_defaults(text, values), values), {})]

        _steps(scanner, steps, image, resolve, 0)


def _steps(
    scanner: Scanner,
    steps: yaml.Node,
    image: yaml.Node | None,
    resolve: Callable[[str], Resolutions],
    depth: int,
) -> None:
    """The images of a list of steps (``image``: the pipeline's)."""
    for step in sequence(steps):
        if not is_mapping(step):
            continue  # ("wait", a block step's shorthand)
        step_fields = fields(step)
        inner = step_fields.get("steps")
        if inner is not None and is_sequence(inner):
            if depth < _MAX_DEPTH:
                _steps(scanner, inner, image, resolve, depth + 1)
            continue
        if not ({"command", "commands", "plugins", "image"} & step_fields.keys()):
            continue  # (a wait, block, input or trigger step runs no container)
        context: dict[str, object] = {}
        label = scalar(step_fields.get("label") or step_fields.get("key"))
        if label is not None:
            context["step"] = label
        own = step_fields.get("image")
        if own is not None:
            scanner.image(own, "step.image", {**context, "field": "image"}, resolve=resolve)
        elif image is not None:
            scanner.image(image, "image", {**context, "field": "image"}, resolve=resolve)
        matrix = step_fields.get("matrix")
        _plugins(scanner, step_fields.get("plugins"), context,
                 resolve if matrix is None else _each_job(matrix, resolve))  # fmt: skip


def _each_job(
    matrix: yaml.Node, resolve: Callable[[str], Resolutions]
) -> Callable[[str], Resolutions]:
    """``resolve`` for each job of a step's build matrix, its values put in first (the
    plugins' settings take them; the step's ``image`` does not): see
    :mod:`._buildkite_matrix`."""
    from ._buildkite_matrix import fill, matrix_jobs

    jobs = matrix_jobs(matrix)

    def each(text: str) -> Resolutions:
        if "{{" not in text:
            return resolve(text)
        found: Resolutions = []
        for values in jobs:
            for resolved, context in resolve(fill(text, values)):
                found.append((resolved, {**context, "matrix": dict(values)}))
        return found or resolve(text)

    return each


def _plugins(
    scanner: Scanner,
    plugins: yaml.Node | None,
    context: dict[str, object],
    resolve: Callable[[str], Resolutions],
) -> None:
    """The images of a step's ``docker`` and ``kubernetes`` plugins (a list of one-key
    mappings, or one mapping of them)."""
    if plugins is None:
        return
    entries = sequence(plugins) if is_sequence(plugins) else [plugins]
    for entry in entries:
        if not is_mapping(entry):
            continue
        for key, settings, _ in items(entry):
            name = _plugin_name(key)
            found = {**context, "plugin": key}
            if name == "docker":
                image = fields(settings).get("image")
                if image is not None:
                    scanner.image(image, f"{key}.image", {**found, "field": "plugins"},
                                  resolve=resolve)  # fmt: skip
            elif name == "kubernetes":
                pod = fields(fields(settings).get("podSpec"))
                for container in sequence(pod.get("containers")):
                    image = fields(container).get("image")
                    if image is not None:
                        scanner.image(image, f"{key}.podSpec.containers.image",
                                      {**found, "field": "plugins"}, resolve=resolve)  # fmt: skip
