"""A test case's directory beside the script that runs it, when the script only renders it.

A tool's end-to-end suite keeps each case as a directory and a script of the same name:
helmfile's ``test/integration/test-cases/issue-2355/`` and ``issue-2355.sh``, which runs
``${helmfile} -f ${cases_dir}/issue-2355/input/helmfile.yaml diff``. What the case holds is
deployed only when the script runs a command that deploys it (``helmfile apply``, ``helm
install``, ``kubectl apply``, ``docker run``…); a script that only renders, compares or lints
it (``helmfile template``, ``diff``, ``unittest``; ``helm template``; ``kubectl diff``;
``kustomize build``) pulls none of its images: its files are the test's input.

A script in the cases' own directory may run them all, naming each by a pattern
(``${DIR}/*/``): argoproj/argo-rollouts' ``test/kustomize/test.sh`` diffs the ``kustomize
build`` of each ``test/kustomize/*/`` with the ``expected.yaml`` beside it (``for i in `ls
${DIR}/*/kustomization.yaml```), and nothing applies ``test/kustomize/rollout/rollout.yaml``
(survey s59d). Such a script that only renders makes each of those directories a case too.
"""

from __future__ import annotations

import functools
import os
import re

from .._lazy import lazy_pattern

__all__ = ["rendering_script"]

_SCRIPT_SUFFIXES = (".sh", ".bash", ".bats")
#: How many directories above a file its case directory may be.
_LEVELS_UP = 4
_MAX_BYTES = 1 << 20
#: A tool's command: the tool (``helmfile``, ``${helmfile}``, ``$HELM``, ``${helmfile_real}``)
#: and the words after it on the line.
_COMMAND = lazy_pattern(
    r"(?:^|[\s;&|(`])(?:\$\{?|\")?(?P<tool>helmfile|helm|kubectl|kustomize|docker|podman|kind)"
    r"(?:_\w+)?\}?(?![\w.-])(?P<rest>[^\n;&|)`]*)",
    re.M | re.I,
)
#: Each tool's subcommands that only render, compare, lint or list (no pull).
_RENDERS = {
    "helmfile": frozenset(
        {"template", "diff", "lint", "build", "unittest", "write-values", "list", "deps",
         "fetch", "repos", "show-dag", "print-env", "status", "cache", "version", "init",
         "destroy", "delete"}
    ),
    "helm": frozenset(
        {"template", "lint", "show", "pull", "package", "dependency", "dep", "repo", "search",
         "version", "get", "list", "ls", "history", "status", "uninstall", "delete", "plugin"}
    ),
    "kubectl": frozenset(
        {"diff", "get", "describe", "kustomize", "wait", "logs", "delete", "config", "version",
         "cluster-info", "explain"}
    ),
    "kustomize": frozenset({"build", "cfg", "edit", "version"}),
}  # fmt: skip
#: Each tool's subcommands that deploy or run what they are given (a pull).
_DEPLOYS = {
    "helmfile": frozenset({"apply", "sync", "test", "deploy"}),
    "helm": frozenset({"install", "upgrade", "test"}),
    "kubectl": frozenset({"apply", "create", "run", "replace", "rollout", "set", "patch"}),
    "kustomize": frozenset(),
}


def rendering_script(path: str) -> tuple[str, str] | None:
    """The case directory above ``path`` and the script beside it that names it and only
    renders it (see the module), or ``None``."""
    directory = os.path.dirname(path)
    for _ in range(_LEVELS_UP):
        if not directory or directory in (os.curdir, os.sep):
            return None
        for suffix in _SCRIPT_SUFFIXES:
            script = directory + suffix
            if os.path.isfile(script):
                named = f"{os.path.basename(directory)}/"
                return (directory, script) if _only_renders(script, named) else None
        running = _running_all(os.path.dirname(directory) or os.curdir)
        if running is not None:
            return directory, running
        directory = os.path.dirname(directory)
    return None


@functools.lru_cache(maxsize=1024)
def _running_all(parent: str) -> str | None:
    """The script in ``parent`` that names each directory there by a pattern (``/*/``) and
    only renders them (see the module), or ``None``."""
    try:
        names = sorted(os.listdir(parent))
    except OSError:
        return None
    for name in names:
        if name.endswith(_SCRIPT_SUFFIXES):
            script = os.path.join(parent, name)
            if _only_renders(script, "/*/"):
                return script
    return None


@functools.lru_cache(maxsize=256)
def _only_renders(script: str, named: str) -> bool:
    """Whether the script names its cases (``named``: the directory of its name, or a pattern
    over its own directory's) and runs the tools of :data:`_RENDERS` on them only to render,
    at least once, and never to deploy or run."""
    try:
        with open(script, encoding="utf-8") as handle:
            text = handle.read(_MAX_BYTES)
    except (OSError, UnicodeDecodeError):
        return False
    if named not in text:
        return False
    renders = False
    for match in _COMMAND.finditer(_without_comments(text)):
        tool = match["tool"].lower()
        if tool in ("docker", "podman", "kind"):
            if re.match(r"\s+(?:\S+\s+)*?(?:run|compose|build|create|load|pull)\b", match["rest"]):
                return False
            continue
        words = match["rest"].split()
        verb = next((w for w in words if w in _RENDERS[tool] or w in _DEPLOYS[tool]), None)
        if verb is None:
            continue
        if verb in _DEPLOYS[tool]:
            return False
        renders = True
    return renders


def _without_comments(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if not line.lstrip().startswith("#"))
