"""Amazon ECS task definitions in JSON: the images their containers run.

A task definition (what ``aws ecs register-task-definition --cli-input-json file://FILE``
registers, or ``aws ecs describe-task-definition`` prints under ``taskDefinition``) lists
``containerDefinitions``, each with a ``name`` and the ``image`` ECS pulls (kind ``ecs``).

GitHub's ``aws-actions/amazon-ecs-render-task-definition`` replaces the image of one container
(``container-name``) of the file it is given (``task-definition``) with its ``image`` input
before the deployment: that container's image as written is never pulled, and is not read. A
step whose file or container only a run knows (``${{ env.X }}`` without a value in the
workflow's ``env``) may be any: every file's containers of that name (or every container) are
left alone. A placeholder (``<IMAGE1_NAME>``, CodeDeploy's) is a template, as elsewhere;
``${NAME}`` (envsubst) is unresolved.
"""

from __future__ import annotations

import os

from ..._lazy import lazy_pattern
from ...occurrence import Occurrence, Scan
from .._jsonc import Value, get, parse_jsonc
from ._common import braced_names, json_says

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re

    import yaml

__all__ = ["KIND", "QUICK", "may_be_task_definition", "scan_task_definition"]

KIND = "ecs"

#: What a task definition says, looked for before the file is parsed.
QUICK = (b'"containerDefinitions"',)
#: The action that puts a freshly built image into a task definition.
_RENDER_ACTION = "aws-actions/amazon-ecs-render-task-definition"
#: ``${{ env.NAME }}`` (the one expression a step's inputs are read through here).
_ENV_EXPRESSION = lazy_pattern(r"\$\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
#: What a value only a run knows is taken as: any file, any container.
ANY = "*"


def may_be_task_definition(path: str) -> bool:
    """A ``*.json`` file whose text says ``"containerDefinitions"``; never raises."""
    return json_says(path, *QUICK)


def scan_task_definition(text: str, path: str | None = None) -> Scan:
    """The images a task definition's containers run, less those a render step of the
    project's GitHub workflows replaces. Never raises."""
    parsed = parse_jsonc(text, path=path)
    if parsed.error is not None or parsed.value is None:
        return Scan((), ())  # (no JSON as it is: a template that a script fills in)
    root = parsed.value
    definitions = get(root, "containerDefinitions") or get(
        get(root, "taskDefinition"), "containerDefinitions"
    )
    if definitions is None:
        return Scan((), ())
    replaced = _replaced_containers(path) if path is not None else frozenset()
    family = get(root, "family") or get(get(root, "taskDefinition"), "family")
    occurrences: list[Occurrence] = []
    for container in definitions.items:
        image = get(container, "image")
        written = image.text if image is not None else None
        if image is None or not written:
            continue
        name = _text(get(container, "name"))
        if name in replaced or ANY in replaced:
            continue
        context: dict[str, object] = {"field": "containerDefinitions.image"}
        if name:
            context["container"] = name
        if _text(family):
            context["family"] = _text(family)
        unresolved = braced_names(written)
        occurrences.append(
            Occurrence.of_text(
                path=path, line=image.line, column=image.column, kind=KIND, raw=written,
                text=written, unresolved=unresolved, context=context,
            )
        )  # fmt: skip
    return Scan(occurrences, ())


def _text(value: Value | None) -> str:
    return (value.text or "") if value is not None else ""


def _replaced_containers(path: str) -> frozenset[str]:
    """The names of the containers of the task definition at ``path`` whose image a render
    step of the repository's workflows replaces (:data:`ANY`: any of them)."""
    root = _workflows_root(path)
    if root is None:
        return frozenset()
    target = os.path.realpath(path)
    names: set[str] = set()
    for file, container in _render_steps(os.path.join(root, ".github", "workflows")):
        if file == ANY or os.path.realpath(os.path.join(root, file)) == target:
            names.add(container)
    return frozenset(names)


def _workflows_root(path: str) -> str | None:
    """The directory above ``path`` that holds ``.github/workflows`` (the checkout)."""
    directory = os.path.dirname(os.path.abspath(path))
    while True:
        if os.path.isdir(os.path.join(directory, ".github", "workflows")):
            return directory
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def _render_steps(workflows: str) -> list[tuple[str, str]]:
    """(task-definition, container-name) of each render step of the workflows there, as
    far as the workflow's ``env`` tells them (:data:`ANY` for what only a run knows)."""
    from .._yaml import get as yaml_get
    from .._yaml import items, load_yaml, scalar, sequence

    found: list[tuple[str, str]] = []
    try:
        names = sorted(os.listdir(workflows))
    except OSError:
        return found
    for name in names:
        if not name.endswith((".yml", ".yaml")):
            continue
        try:
            with open(os.path.join(workflows, name), encoding="utf-8") as handle:
                text = handle.read(10 * 1024 * 1024)
        except (OSError, UnicodeDecodeError):
            continue
        if _RENDER_ACTION not in text:
            continue
        for document in load_yaml(text).documents:
            top = _env(yaml_get(document, "env"))
            for _, job, _ in items(yaml_get(document, "jobs")):
                job_env = {**top, **_env(yaml_get(job, "env"))}
                for step in sequence(yaml_get(job, "steps")):
                    uses = scalar(yaml_get(step, "uses")) or ""
                    if uses.split("@")[0].lower() != _RENDER_ACTION:
                        continue
                    known = {**job_env, **_env(yaml_get(step, "env"))}
                    inputs = yaml_get(step, "with")
                    file = _input(scalar(yaml_get(inputs, "task-definition")), known)
                    container = _input(scalar(yaml_get(inputs, "container-name")), known)
                    found.append((file, container))
    return found


def _env(node: yaml.Node | None) -> dict[str, str]:
    from .._yaml import items, scalar

    return {key: text for key, value, _ in items(node) if (text := scalar(value)) is not None}


def _input(text: str | None, env: dict[str, str]) -> str:
    """An input's value with ``${{ env.NAME }}`` put in; :data:`ANY` when a run decides it."""
    if not text:
        return ANY

    def put(match: re.Match[str]) -> str:
        value = env.get(match[1])
        return value if value is not None and "${{" not in value else "\0"

    value = _ENV_EXPRESSION.sub(put, text).strip()
    return ANY if "\0" in value or "${{" in value else value
