"""The values a project's GitHub workflows give a Molecule scenario's environment.

A role tests each distribution in a CI matrix: the job runs ``molecule test`` with
``env: {MOLECULE_DISTRO: ${{ matrix.distro }}}``, and the scenario's platform is
``geerlingguy/docker-${MOLECULE_DISTRO:-rockylinux9}-ansible:latest``: each ``distro`` of the
matrix (its axis and its ``include`` entries) is an image the CI pulls. A variable is given
to a scenario only by a step that runs Molecule on it: ``molecule test -s NAME`` (also
``--scenario-name``, or a matrix value there), ``--all``, or no scenario for ``default``.
"""

from __future__ import annotations

import os
import re

from ._yaml import get, items, load_yaml, scalar, sequence

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

__all__ = ["ci_environment"]

#: A Molecule command that creates instances, and what follows it on the line.
_RUN = re.compile(
    r"\bmolecule\s+(?:--?[\w-]+\s+)*(?:test|converge|create|check|verify|idempotence)\b"
    r"(?P<rest>[^\n;&|]*)"
)
_SCENARIO = re.compile(r"(?:-s|--scenario-name)(?:\s+|=)(?P<name>\S+)")
_MATRIX = re.compile(r"\$\{\{\s*matrix\.(?P<axis>[A-Za-z_][\w-]*)\s*\}\}")
#: How far up from the scenario the repository's root (with ``.github``) may be.
_MAX_UP = 6
_MAX_BYTES = 1 << 20


def ci_environment(scenario_file: str) -> dict[str, list[str]]:
    """Each variable the workflows give the scenario, with its values (in order, once)."""
    scenario = os.path.basename(os.path.dirname(os.path.abspath(scenario_file)))
    workflows = _workflows(scenario_file)
    found: dict[str, dict[str, None]] = {}
    for file in workflows:
        try:
            with open(file, encoding="utf-8") as handle:
                text = handle.read(_MAX_BYTES)
        except (OSError, UnicodeDecodeError):
            continue
        if "molecule" not in text:
            continue
        for document in load_yaml(text, path=file).documents:
            top = _env(get(document, "env"))
            for _, job, _ in items(get(document, "jobs")):
                _job(job, scenario, top, found)
    return {name: list(values) for name, values in found.items()}


def _workflows(scenario_file: str) -> list[str]:
    directory = os.path.dirname(os.path.abspath(scenario_file))
    for _ in range(_MAX_UP):
        directory = os.path.dirname(directory)
        folder = os.path.join(directory, ".github", "workflows")
        if os.path.isdir(folder):
            try:
                names = sorted(os.listdir(folder))
            except OSError:
                return []
            return [
                os.path.join(folder, name) for name in names if name.endswith((".yml", ".yaml"))
            ]
        if os.path.exists(os.path.join(directory, ".git")):
            return []  # (the repository's root: another one's workflows are not its CI)
    return []


def _job(
    job: yaml.Node, scenario: str, top: dict[str, str], found: dict[str, dict[str, None]]
) -> None:
    axes = _axes(get(job, "strategy"))
    job_env = {**top, **_env(get(job, "env"))}
    for step in sequence(get(job, "steps")):
        run = scalar(get(step, "run")) or ""
        if not any(_runs(match["rest"], scenario, axes) for match in _RUN.finditer(run)):
            continue
        for name, value in {**job_env, **_env(get(step, "env"))}.items():
            values = _values(value, axes)
            if values:
                found.setdefault(name, {}).update(dict.fromkeys(values))


def _runs(rest: str, scenario: str, axes: dict[str, list[str]]) -> bool:
    """Whether a Molecule command's arguments pick this scenario."""
    if "--all" in rest.split():
        return True
    match = _SCENARIO.search(rest)
    if match is None:
        return scenario == "default"
    name = match["name"].strip("'\"")
    return scenario in (_values(name, axes) or [name])


def _values(value: str, axes: dict[str, list[str]]) -> list[str]:
    """A value as the job gives it: each of a matrix axis's, or itself (none for an
    expression of anything else)."""
    match = _MATRIX.fullmatch(value.strip())
    if match is not None:
        return axes.get(match["axis"], [])
    return [] if "${{" in value else [value]


def _axes(strategy: yaml.Node | None) -> dict[str, list[str]]:
    """A matrix's values by axis: the axis's list, then its ``include`` entries' values."""
    matrix = get(strategy, "matrix")
    axes: dict[str, dict[str, None]] = {}
    for name, node, _ in items(matrix):
        if name in ("include", "exclude"):
            continue
        values = [text for value in sequence(node) if (text := scalar(value)) is not None]
        axes.setdefault(name, {}).update(dict.fromkeys(values))
    for entry in sequence(get(matrix, "include")):
        for name, node, _ in items(entry):
            text = scalar(node)
            if text is not None:
                axes.setdefault(name, {}).update({text: None})
    return {name: list(values) for name, values in axes.items()}


def _env(node: yaml.Node | None) -> dict[str, str]:
    return {key: text for key, value, _ in items(node) if (text := scalar(value)) is not None}
