"""The values a project's GitHub workflows give a Molecule scenario's environment.

A role tests each distribution in a CI matrix: the job runs ``molecule test`` with
``env: {MOLECULE_DISTRO: ${{ matrix.distro }}}``, and the scenario's platform is
``geerlingguy/docker-${MOLECULE_DISTRO:-rockylinux9}-ansible:latest``: each ``distro`` of the
matrix (its axis and its ``include`` entries) is an image the CI pulls. Each combination of
the matrix is one environment, so that the values one entry pairs stay paired: robertdebock's
roles give ``image: ${{ matrix.distro.image }}`` and ``tag: ${{ matrix.distro.tag }}`` from
entries ``{image: debian, tag: bookworm}`` to ``${namespace:-robertdebock}/${image:-fedora}:
${tag:-latest}``. A variable is given to a scenario only by a step that runs Molecule on it:
``molecule test -s NAME`` (also ``--scenario-name``, or a matrix value there), ``--all``, or no
scenario for ``default``.

A Test Kitchen file is given values the same way (:func:`kitchen_environments`): a step that
runs ``kitchen test`` (``converge``, ``create``, ``verify``) with ``KITCHEN_YAML`` or
``KITCHEN_LOCAL_YAML`` naming the file (in its ``env`` or on the command line), or, when
``KITCHEN_YAML`` is not set, on ``kitchen.yml`` itself. dev-sec/chef-os-hardening's CI gives
``CINC_VERSION: ${{ matrix.cinc_version }}`` (17, 18) with ``KITCHEN_LOCAL_YAML:
.kitchen.dokken.yml``, whose ``chef_version: <%= ENV['CINC_VERSION'] || 'latest' %>``.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from .._lazy import lazy_pattern
from ._yaml import get, items, load_yaml, scalar, sequence

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

__all__ = ["ci_environments", "environments", "kitchen_environments", "workflows_root"]

#: Whether a step runs the tool on the file: its ``run`` text, its environment, the matrix's
#: axes.
_Picks = Callable[[str, dict[str, str], dict[str, list[str]]], bool]

#: A Molecule command that creates instances, and what follows it on the line.
_RUN = lazy_pattern(
    r"\bmolecule\s+(?:--?[\w-]+\s+)*(?:test|converge|create|check|verify|idempotence)\b"
    r"(?P<rest>[^\n;&|]*)"
)
_KITCHEN_RUN = lazy_pattern(r"\bkitchen\s+(?:test|converge|create|verify|setup)\b")
_KITCHEN_FILE_VARIABLES = ("KITCHEN_YAML", "KITCHEN_LOCAL_YAML")
_KITCHEN_FILE_SET = lazy_pattern(r"\bKITCHEN_(?:LOCAL_)?YAML=(?P<file>[^\s;&|]+)")
_KITCHEN_DEFAULT_FILES = frozenset({"kitchen.yml", ".kitchen.yml", "kitchen.yaml", ".kitchen.yaml"})
_SCENARIO = lazy_pattern(r"(?:-s|--scenario-name)(?:\s+|=)(?P<name>\S+)")
_MATRIX = lazy_pattern(
    r"\$\{\{\s*matrix\.(?P<axis>[A-Za-z_][\w-]*)(?P<keys>(?:\.[A-Za-z_][\w-]*)*)\s*\}\}"
)
#: At most this many combinations of a matrix are read.
_MAX_ROWS = 256
#: How far up from the file's directory the repository's root (with ``.github``) may be.
_MAX_UP = 7
_MAX_BYTES = 1 << 20


def ci_environments(scenario_file: str) -> list[dict[str, str]]:
    """Each environment the workflows give the scenario (one a matrix combination of a step
    that runs Molecule on it), in order, once each."""
    scenario = os.path.basename(os.path.dirname(os.path.abspath(scenario_file)))

    def picks(run: str, env: dict[str, str], axes: dict[str, list[str]]) -> bool:
        return any(_runs(match["rest"], scenario, axes) for match in _RUN.finditer(run))

    return environments(scenario_file, "molecule", picks)


def kitchen_environments(kitchen_file: str) -> list[dict[str, str]]:
    """Each environment the workflows give a Test Kitchen file (one a matrix combination of a
    step that runs Kitchen with that file), in order, once each."""
    name = os.path.basename(kitchen_file)

    def picks(run: str, env: dict[str, str], axes: dict[str, list[str]]) -> bool:
        if _KITCHEN_RUN.search(run) is None:
            return False
        named = [env[v] for v in _KITCHEN_FILE_VARIABLES if v in env]
        named += [match["file"].strip("'\"") for match in _KITCHEN_FILE_SET.finditer(run)]
        if name in (os.path.basename(file) for file in named):
            return True
        return name in _KITCHEN_DEFAULT_FILES and "KITCHEN_YAML" not in env

    return environments(kitchen_file, "kitchen", picks)


def environments(file: str, word: str, picks: _Picks) -> list[dict[str, str]]:
    """Each environment (once) that a step of the repository's workflows which ``picks``
    holds for runs with: the workflow's, the job's and the step's ``env``, one a combination
    of the job's matrix; only workflows whose text says ``word`` are read."""
    found: dict[tuple[tuple[str, str], ...], None] = {}
    for workflow in _workflows(file):
        try:
            with open(workflow, encoding="utf-8") as handle:
                text = handle.read(_MAX_BYTES)
        except (OSError, UnicodeDecodeError):
            continue
        if word not in text:
            continue
        for document in load_yaml(text, path=workflow).documents:
            top = _env(get(document, "env"))
            for _, job, _ in items(get(document, "jobs")):
                _job(job, picks, top, found)
    return [dict(env) for env in found]


def _workflows(file: str) -> list[str]:
    """The workflows of the repository the file is in (its directory, or one above)."""
    top = workflows_root(file)
    if top is None:
        return []
    folder = os.path.join(top, ".github", "workflows")
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [os.path.join(folder, name) for name in names if name.endswith((".yml", ".yaml"))]


def workflows_root(file: str) -> str | None:
    """The directory whose ``.github/workflows`` is the CI of the repository ``file`` is in:
    its own directory or one above, up to the repository's root (another repository's
    workflows are not its CI); ``None`` when there is none."""
    directory = os.path.dirname(os.path.abspath(file))
    for _ in range(_MAX_UP):
        if os.path.isdir(os.path.join(directory, ".github", "workflows")):
            return directory
        if os.path.exists(os.path.join(directory, ".git")):
            return None
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent
    return None


def _job(
    job: yaml.Node,
    picks: _Picks,
    top: dict[str, str],
    found: dict[tuple[tuple[str, str], ...], None],
) -> None:
    rows = _rows(get(job, "strategy"))
    axes = _axes(rows)
    job_env = {**top, **_env(get(job, "env"))}
    for step in sequence(get(job, "steps")):
        run = scalar(get(step, "run")) or ""
        given = {**job_env, **_env(get(step, "env"))}
        if not picks(run, given, axes):
            continue
        for row in rows:
            env = {
                name: value for name, written in given.items()
                if (value := _value(written, row)) is not None
            }  # fmt: skip
            if env:
                found.setdefault(tuple(sorted(env.items())), None)


def _runs(rest: str, scenario: str, axes: dict[str, list[str]]) -> bool:
    """Whether a Molecule command's arguments pick this scenario."""
    if "--all" in rest.split():
        return True
    match = _SCENARIO.search(rest)
    if match is None:
        return scenario == "default"
    name = match["name"].strip("'\"")
    found = _MATRIX.fullmatch(name)
    return scenario in (axes.get(found["axis"], []) if found else [name])


def _value(written: str, row: dict[str, yaml.Node]) -> str | None:
    """A value as one combination of the matrix gives it: a matrix value (``matrix.distro``,
    ``matrix.distro.image``), or itself (``None`` for an expression of anything else)."""
    match = _MATRIX.fullmatch(written.strip())
    if match is None:
        return None if "${{" in written else written
    node: yaml.Node | None = row.get(match["axis"])
    for key in match["keys"].split(".")[1:]:
        node = get(node, key)
    return scalar(node)


def _rows(strategy: yaml.Node | None) -> list[dict[str, yaml.Node]]:
    """The matrix's combinations: each of its axes' values with each of the others', then its
    ``include`` entries, each a combination of its own (one empty one without a matrix)."""
    matrix = get(strategy, "matrix")
    rows: list[dict[str, yaml.Node]] = [{}]
    for name, node, _ in items(matrix):
        if name in ("include", "exclude"):
            continue
        values = sequence(node)
        if values:
            rows = [{**row, name: value} for row in rows for value in values][:_MAX_ROWS]
    included = [
        {key: value for key, value, _ in items(entry)} for entry in sequence(get(matrix, "include"))
    ]
    return (rows + included)[:_MAX_ROWS]


def _axes(rows: list[dict[str, yaml.Node]]) -> dict[str, list[str]]:
    """Each axis's values (the scalar ones), in order, once."""
    axes: dict[str, dict[str, None]] = {}
    for row in rows:
        for name, node in row.items():
            text = scalar(node)
            if text is not None:
                axes.setdefault(name, {})[text] = None
    return {name: list(values) for name, values in axes.items()}


def _env(node: yaml.Node | None) -> dict[str, str]:
    return {key: text for key, value, _ in items(node) if (text := scalar(value)) is not None}
