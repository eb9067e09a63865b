"""The Dev Container configurations a project's workflows name, wherever they lie.

VS Code, Codespaces and the ``devcontainer`` CLI read a ``devcontainer.json`` where the
Development Containers specification puts it, in a workspace folder (see
``.discover.is_devcontainer_path``); a file elsewhere (``.github/.devcontainer/``,
``.vscode/.devcontainer/``) is read only when a command names it. The commands read here are
a GitHub workflow's (``.github/workflows/`` at the Git top):

* a ``devcontainers/ci`` step: ``subFolder`` is the workspace folder (the folder that holds
  ``.devcontainer/``, relative to the checkout, ``checkoutPath``), ``configFile`` the
  configuration itself (relative to the checkout too); without it the CLI reads the
  workspace's ``.devcontainer/devcontainer.json``, else its ``.devcontainer.json``;
* a ``run:`` step's ``devcontainer build|up|…`` command (``npx @devcontainers/cli …`` too):
  ``--workspace-folder`` and ``--config``, relative to the step's working directory.

* a job or step that hands the work to another repository's workflow or action named for
  dev containers (``uses: OWNER/workflow-devcontainer-image/.github/workflows/ci.yaml@main``,
  andreilgeorgescu/devcontainer-base): what it reads is not here to follow, so the
  prebuild's usual place, the ``.github`` workspace (``.github/.devcontainer/``), counts as
  named.

``${{ env.NAME }}`` takes the workflow's, job's and step's ``env:`` values; a path left with
another expression names nothing. Each Git top is read once a scan (:func:`forget`).
"""

from __future__ import annotations

import os
import re

from .._lazy import lazy_pattern

__all__ = ["forget", "named_configurations", "named_in_project"]

_NAMED: dict[str, frozenset[str]] = {}

#: The CLI's commands that read a configuration (``devcontainer up``, ``npx @devcontainers/cli
#: build``).
_COMMAND = lazy_pattern(
    r"(?:\bdevcontainer|@devcontainers/cli(?:@[\w.-]+)?)[ \t]+"
    r"(?:build|up|exec|run-user-commands|read-configuration|set-up|outdated|upgrade)\b[^\n;&|]*"
)
_ENV = lazy_pattern(r"\$\{\{\s*env\.([\w-]+)\s*\}\}")


def forget() -> None:
    """Read the workflows anew (each scan)."""
    _NAMED.clear()


def named_in_project(path: str) -> bool:
    """Whether a workflow of the Git work tree of the file ``path`` names it as the Dev
    Container configuration it builds or runs."""
    from .context import git_root

    real = os.path.realpath(path)
    top = git_root(real)
    return top is not None and real in named_configurations(top)


def named_configurations(top: str) -> frozenset[str]:
    """The real paths of the configurations the workflows of the Git top ``top`` name."""
    found = _NAMED.get(top)
    if found is None:
        found = _NAMED[top] = frozenset(_read_workflows(top))
    return found


def _read_workflows(top: str) -> set[str]:
    directory = os.path.join(top, ".github", "workflows")
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return set()
    found: set[str] = set()
    for name in names:
        if not name.endswith((".yml", ".yaml")):
            continue
        try:
            with open(os.path.join(directory, name), encoding="utf-8") as handle:
                text = handle.read(1024 * 1024)
        except (OSError, UnicodeDecodeError):
            continue
        if "devcontainer" in text:
            found.update(_named_by(text, top))
    return found


def _named_by(text: str, top: str) -> set[str]:
    """The configurations one workflow's text names (see the module)."""
    import yaml

    try:
        workflow = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return set()
    if not isinstance(workflow, dict) or not isinstance(workflow.get("jobs"), dict):
        return set()
    found: set[str] = set()
    outer = _env(workflow.get("env"), {})
    for job in workflow["jobs"].values():
        if isinstance(job, dict) and _hands_over(job.get("uses")):
            found.update(_in_workspace(os.path.join(top, ".github")))
        if not isinstance(job, dict) or not isinstance(job.get("steps"), list):
            continue
        env = _env(job.get("env"), outer)
        defaults = job.get("defaults")
        run = defaults.get("run") if isinstance(defaults, dict) else None
        job_directory = run.get("working-directory") if isinstance(run, dict) else None
        for step in job["steps"]:
            if isinstance(step, dict):
                found.update(_step(step, _env(step.get("env"), env), job_directory, top))
    return {os.path.realpath(path) for path in found}


def _step(
    step: dict[object, object], env: dict[str, str], directory: object, top: str
) -> list[str]:
    """The configurations one step names."""
    uses = step.get("uses")
    if isinstance(uses, str) and uses.lower().partition("@")[0] == "devcontainers/ci":
        given = step.get("with")
        inputs = given if isinstance(given, dict) else {}
        checkout = _path(inputs.get("checkoutPath"), env) or "."
        base = os.path.join(top, checkout)
        config = _path(inputs.get("configFile"), env)
        if config is not None:
            return [os.path.join(base, config)]
        folder = _path(inputs.get("subFolder"), env)
        return _in_workspace(os.path.join(base, folder or "."))
    if _hands_over(uses):
        return _in_workspace(os.path.join(top, ".github"))
    run = step.get("run")
    if not isinstance(run, str) or "devcontainer" not in run:
        return []
    where = _path(step.get("working-directory") or directory, env) or "."
    cwd = os.path.join(top, where)
    found = []
    for command in _COMMAND.finditer(run):
        options = _options(command.group(0))
        config = _path(options.get("--config"), env)
        if config is not None:
            found.append(os.path.join(cwd, config))
        elif "--workspace-folder" in options:
            workspace = _path(options["--workspace-folder"], env)
            if workspace is not None:
                found.extend(_in_workspace(os.path.join(cwd, workspace)))
    return found


def _hands_over(uses: object) -> bool:
    """Whether a ``uses:`` is another repository's workflow or action named for dev
    containers (not ``devcontainers/ci``, read as such, nor a local ``./`` one, read here).

    >>> _hands_over("acme/workflow-devcontainer-image/.github/workflows/ci.yaml@main")
    True
    >>> _hands_over("devcontainers/ci@v0.3"), _hands_over("./.github/actions/devcontainer")
    (False, False)
    """
    if not isinstance(uses, str) or uses.startswith(("./", "docker://")):
        return False
    name = uses.lower().partition("@")[0]
    return name != "devcontainers/ci" and "devcontainer" in name


def _in_workspace(folder: str) -> list[str]:
    """What the CLI reads in a workspace folder without ``--config``."""
    return [os.path.join(folder, ".devcontainer", "devcontainer.json"),
            os.path.join(folder, ".devcontainer.json")]  # fmt: skip


def _options(command: str) -> dict[str, str]:
    """A command line's ``--workspace-folder`` and ``--config`` values (``--name value`` or
    ``--name=value``; quotes dropped)."""
    words = [word.strip("'\"") for word in command.split()]
    options: dict[str, str] = {}
    for index, word in enumerate(words):
        name, equals, value = word.partition("=")
        if name not in ("--workspace-folder", "--config"):
            continue
        if not equals and index + 1 < len(words):
            value = words[index + 1]
        options[name] = value
    return options


def _env(node: object, outer: dict[str, str]) -> dict[str, str]:
    env = dict(outer)
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str) and isinstance(value, (str, int, float)):
                env[key] = _expand(str(value), outer)
    return env


def _expand(text: str, env: dict[str, str]) -> str:
    return _ENV.sub(lambda match: env.get(match.group(1), match.group(0)), text)


def _path(node: object, env: dict[str, str]) -> str | None:
    """A path the step gives, its ``env`` expressions expanded; ``None`` when it gives none
    or another expression (or a shell variable) is left in it."""
    if not isinstance(node, str) or not node.strip():
        return None
    text = _expand(node.strip(), env)
    if "${{" in text or re.search(r"\$\w|\$\{", text):
        return None
    return text
