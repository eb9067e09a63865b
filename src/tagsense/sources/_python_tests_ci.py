"""The values a project's GitHub workflows give the environment its Python tests run in.

A test's code may read its image from the environment with a default:
datajoint/datajoint-python's ``tests/conftest.py`` starts ``MySqlContainer(image=os.environ.get(
"DJ_TEST_MYSQL_IMAGE", "datajoint/mysql:8.0"))``, and its workflow's test job gives
``DJ_TEST_MYSQL_IMAGE: ${{ matrix.mysql-image }}`` (``datajoint/mysql:8.0``, ``mysql:8.4``) to
the step that runs ``pixi run -e … test-cov``, a pixi task that runs ``pytest``: the tests
pull the default where nothing sets the variable, and each value the CI gives in CI
(``os.environ.get``, docs.python.org/3/library/os.html#os.environ: the process's environment,
which a runner's child inherits). A step gives its environment (the workflow's, the job's
and its own ``env``, one environment a combination of the job's matrix: see
``._molecule_ci``) to the tests when its ``run`` runs them:

- ``pytest`` (``py.test``, ``python -m pytest``, ``uv run pytest``…), ``tox`` or ``nox``;
- ``pixi run [OPTIONS] TASK`` of a task of the project's pixi manifest (``pixi.toml``'s
  ``[tasks]``, ``pyproject.toml``'s ``[tool.pixi.tasks]``, and those of their features and
  targets) whose command runs one of those, or that depends on one that does (``depends-on``);
  pixi runs a task with the caller's environment (pixi.sh, "Tasks": a task's own ``env`` adds
  to it), and ``pixi run pytest …``, no task of that name, runs the command itself.
"""

from __future__ import annotations

import os

from .._lazy import lazy_pattern

__all__ = ["depends_on", "test_values"]

#: A command that runs a Python project's tests.
_TEST_RUN = lazy_pattern(r"(?<![\w.-])(?:pytest|py\.test|tox|nox)(?![\w.-])")
#: ``pixi run``, and the words that follow it on the line.
_PIXI_RUN = lazy_pattern(r"(?<![\w.-])pixi\s+run\s+(?P<rest>[^\n;&|]*)")
_EXPRESSION = lazy_pattern(r"\$\{\{.*?\}\}")
#: pixi run's options that take the next word as their value.
_PIXI_VALUE_OPTIONS = frozenset(
    {"-e", "--environment", "--manifest-path", "--executable", "-x", "--color", "--cwd"}
)
#: How many tasks deep ``depends-on`` is followed.
_MAX_DEPTH = 8


def test_values(path: str, name: str) -> list[str]:
    """Each value the repository's workflows give the environment variable ``name`` in a
    step that runs the Python tests (see the module), in order, once each."""
    from ._molecule_ci import environments

    manifests: dict[str, dict[str, object]] = {}

    def picks(run: str, env: dict[str, str], axes: dict[str, list[str]]) -> bool:
        if name not in env:
            return False
        if _TEST_RUN.search(run) is not None:
            return True
        for match in _PIXI_RUN.finditer(run):
            task = _pixi_task(match["rest"])
            if task is not None and _task_tests(task, _pixi_tasks(path, manifests), 0):
                return True
        return False

    found: dict[str, None] = {}
    for env in environments(path, "", picks):
        value = env.get(name)
        if value:
            found.setdefault(value, None)
    return list(found)


def depends_on(path: str) -> list[str]:
    """The files :func:`test_values` of a source at ``path`` reads: the workflows (with their
    directory) and the pixi manifests of its repository."""
    from ._molecule_ci import workflows_root

    top = workflows_root(path)
    if top is None:
        return []
    directory = os.path.join(top, ".github", "workflows")
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        names = []
    return [
        directory,
        *(os.path.join(directory, name) for name in names if name.endswith((".yml", ".yaml"))),
        os.path.join(top, "pixi.toml"),
        os.path.join(top, "pyproject.toml"),
    ]


def _pixi_task(rest: str) -> str | None:
    """The task (or command) ``pixi run`` is given: its first word that is no option (an
    expression, ``-e ${{ matrix.environment }}``, one word)."""
    words = _EXPRESSION.sub("${{}}", rest).split()
    index = 0
    while index < len(words):
        word = words[index]
        if word in _PIXI_VALUE_OPTIONS:
            index += 2
        elif word.startswith("-"):
            index += 1
        else:
            return word.strip("'\"")
    return None


def _task_tests(task: str, tasks: dict[str, object], depth: int) -> bool:
    """Whether the pixi task ``task`` (or the command of that name) runs the tests."""
    if task not in tasks:
        return _TEST_RUN.fullmatch(task) is not None
    if depth > _MAX_DEPTH:
        return False
    definition = tasks[task]
    if isinstance(definition, str):
        return _TEST_RUN.search(definition) is not None
    if not isinstance(definition, dict):
        return False
    command = definition.get("cmd")
    words = command if isinstance(command, list) else [command]
    if any(isinstance(word, str) and _TEST_RUN.search(word) for word in words):
        return True
    depends = definition.get("depends-on", definition.get("depends_on", []))
    for dependency in depends if isinstance(depends, list) else [depends]:
        named = dependency.get("task") if isinstance(dependency, dict) else dependency
        if isinstance(named, str) and _task_tests(named, tasks, depth + 1):
            return True
    return False


def _pixi_tasks(path: str, manifests: dict[str, dict[str, object]]) -> dict[str, object]:
    """The tasks of the pixi manifest of the repository ``path`` is in (its workflows'
    checkout: the directory above ``.github``), by name (each feature's and target's too)."""
    from ._molecule_ci import workflows_root

    top = workflows_root(path)
    if top is None:
        return {}
    if top not in manifests:
        manifests[top] = _manifest_tasks(top)
    return manifests[top]


def _manifest_tasks(top: str) -> dict[str, object]:
    import tomllib

    tasks: dict[str, object] = {}
    for name, keys in (("pixi.toml", ()), ("pyproject.toml", ("tool", "pixi"))):
        try:
            with open(os.path.join(top, name), "rb") as handle:
                data = handle.read(1 << 20)
            document: object = tomllib.loads(data.decode("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        for key in keys:
            document = document.get(key) if isinstance(document, dict) else None
        if not isinstance(document, dict):
            continue
        tables = [document.get("tasks")]
        for group in ("feature", "target"):
            members = document.get(group)
            if isinstance(members, dict):
                tables += [m.get("tasks") for m in members.values() if isinstance(m, dict)]
        for table in tables:
            if isinstance(table, dict):
                for task, definition in table.items():
                    tasks.setdefault(str(task), definition)
    return tasks
