"""Codefresh: the images a pipeline's steps, services and hooks run in.

A Codefresh pipeline (``codefresh.yml``, or a file of any name that a pipeline's settings
point at: argoproj-labs/argocd-autopilot's ``build/ci.yml``) is a mapping with ``version:
'1.0'`` and ``steps:``, a mapping of step names to steps. As Codefresh documents its steps:

- a freestyle step (no ``type``, or ``type: freestyle``) runs in its ``image``, and its
  ``services.composition`` (compose services by name) run beside it;
- a ``composition`` (or ``launch-composition``) step runs the services of its inline
  ``composition`` and its ``composition_candidates``;
- a ``parallel`` step holds ``steps`` of its own;
- the ``hooks`` of the pipeline and of each step (``on_elected``, ``on_success``,
  ``on_fail``, ``on_finish``) run their ``exec`` in its ``image``.

A ``build`` step builds its Dockerfile (read as a Dockerfile) into ``image_name``; an
image written ``${{STEP}}`` after a build step's name is what that step built (no pull, not
reported), as is a ``push`` step's ``candidate``. A ``git-clone`` step and the steps of the
marketplace (``type: codefresh-run``…) run images their type chooses, not named here.
``${{NAME}}`` is a variable of the pipeline's settings, of Codefresh (``CF_BRANCH``), or
that a step exports (``cf_export``): unresolved by name.
"""

from __future__ import annotations

import re

from ..._lazy import lazy_pattern
from .._yaml import items, scalar
from ._scanner import Resolved, fields, is_mapping

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

    from ._scanner import Resolutions, Scanner

__all__ = ["codefresh", "is_codefresh_text"]

#: Codefresh's variables: ``${{CF_BRANCH}}``, ``${{steps.build.imageId}}``.
_VARIABLE = lazy_pattern(r"\$\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}")
#: The hooks of a pipeline or a step.
_HOOKS = ("on_elected", "on_success", "on_fail", "on_finish")
#: The step types whose images the file names (a freestyle step is one without a type).
_COMPOSITIONS = frozenset({"composition", "launch-composition"})
#: The fields one step at least of a pipeline has (what it runs, or where it stands).
_STEP_MARKS = frozenset({"image", "type", "commands", "stage", "title"})
#: How deep ``parallel`` steps may nest here.
_MAX_DEPTH = 8
#: A quick look before any YAML is parsed: a top-level ``version`` and ``steps``.
_QUICK_VERSION = lazy_pattern(r"^version[ \t]*:", re.MULTILINE)
_QUICK_STEPS = lazy_pattern(r"^steps[ \t]*:", re.MULTILINE)


def is_codefresh_text(text: str) -> bool:
    """Whether a YAML text has a Codefresh pipeline's shape: one mapping whose ``version``
    is ``1.0`` and whose ``steps`` is a mapping of names to mappings, one of which at least
    says what it runs or where it stands (``image``, ``type``, ``commands``, ``stage``,
    ``title``). A Drone, Woodpecker or Argo list of ``steps`` is none.

    >>> is_codefresh_text("version: '1.0'\\nsteps:\\n  test:\\n    image: node:22\\n")
    True
    >>> is_codefresh_text("version: '3'\\nservices:\\n  web:\\n    image: nginx\\n")
    False
    """
    if _QUICK_VERSION.search(text) is None or _QUICK_STEPS.search(text) is None:
        return False
    from .._yaml import load_yaml

    loaded = load_yaml(text)
    if len(loaded.documents) != 1 or not is_mapping(loaded.documents[0]):
        return False
    root = fields(loaded.documents[0])
    steps = root.get("steps")
    if scalar(root.get("version")) not in ("1.0", "1") or not is_mapping(steps):
        return False
    values = [value for _, value, _ in items(steps)]
    return (
        bool(values)
        and all(is_mapping(value) for value in values)
        and any(_STEP_MARKS & fields(value).keys() for value in values)
    )


def _variables(text: str) -> Resolutions:
    """A text whose ``${{NAME}}`` only a run fills in."""
    names = tuple(dict.fromkeys(match[1] for match in _VARIABLE.finditer(text)))
    if not names:
        return [(Resolved(text), {})]
    return [(Resolved(text, names, "variables", text.find("${{")), {})]


def codefresh(scanner: Scanner, documents: list[yaml.Node]) -> None:
    for document in documents:
        if not is_mapping(document):
            continue
        root = fields(document)
        steps = root.get("steps")
        if steps is None or not is_mapping(steps):
            continue
        built: set[str] = set()
        _built_steps(steps, built, 0)
        reader = _Reader(scanner, frozenset(built))
        reader.hooks(root.get("hooks"), {"section": "hooks"})
        reader.steps(steps, 0)


def _built_steps(steps: yaml.Node, built: set[str], depth: int) -> None:
    """The names of the ``build`` steps (in ``parallel`` steps too)."""
    for name, step, _ in items(steps):
        step_fields = fields(step)
        kind = scalar(step_fields.get("type"))
        if kind == "build":
            built.add(name)
        elif kind == "parallel" and depth < _MAX_DEPTH:
            inner = step_fields.get("steps")
            if inner is not None:
                _built_steps(inner, built, depth + 1)


class _Reader:
    def __init__(self, scanner: Scanner, built: frozenset[str]) -> None:
        self.scanner = scanner
        self.built = built

    def steps(self, steps: yaml.Node | None, depth: int) -> None:
        for name, step, _ in items(steps):
            if not is_mapping(step):
                continue
            step_fields = fields(step)
            kind = scalar(step_fields.get("type")) or "freestyle"
            context: dict[str, object] = {"step": name}
            stage = scalar(step_fields.get("stage"))
            if stage is not None:
                context["stage"] = stage
            if kind == "parallel":
                if depth < _MAX_DEPTH:
                    self.steps(step_fields.get("steps"), depth + 1)
            elif kind == "freestyle":
                self.image(step_fields.get("image"), "image", {**context, "field": "image"})
                services = fields(step_fields.get("services")).get("composition")
                self.services(services, "services", context)
            elif kind in _COMPOSITIONS:
                composition = step_fields.get("composition")
                if is_mapping(composition):
                    self.services(fields(composition).get("services"), "composition", context)
                candidates = step_fields.get("composition_candidates")
                self.services(candidates, "composition_candidates", context)
            self.hooks(step_fields.get("hooks"), context)

    def services(self, services: yaml.Node | None, field: str, context: dict[str, object]) -> None:
        """The images of compose services by name (a composition's, a step's services)."""
        for service, settings, _ in items(services):
            self.image(
                fields(settings).get("image"),
                f"{field}.{service}.image",
                {**context, "service": service, "field": field},
            )

    def hooks(self, hooks: yaml.Node | None, context: dict[str, object]) -> None:
        for hook in _HOOKS:
            run = fields(fields(hooks).get(hook)).get("exec")
            self.image(fields(run).get("image"), f"hooks.{hook}.exec.image",
                       {**context, "hook": hook, "field": "hooks"})  # fmt: skip

    def image(self, node: yaml.Node | None, where: str, context: dict[str, object]) -> None:
        if node is None:
            return
        text = (scalar(node) or "").strip()
        whole = _VARIABLE.fullmatch(text)
        if whole is not None and whole[1] in self.built:
            return  # (the image a build step of the pipeline made)
        self.scanner.image(node, where, context, resolve=_variables)
