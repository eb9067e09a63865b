"""A test case's directory beside the script that runs it, when the script only renders it.

A tool's end-to-end suite keeps each case as a directory and a script of the same name:
helmfile's ``test/integration/test-cases/issue-2355/`` and ``issue-2355.sh``, which runs
``${helmfile} -f ${cases_dir}/issue-2355/input/helmfile.yaml diff``. What the case holds is
deployed only when the script runs a command that deploys it (``helmfile apply``, ``helm
install``, ``kubectl apply``, ``docker run``…); a script that only renders, compares or lints
it (``helmfile template``, ``diff``, ``unittest``; ``helm template``; ``kubectl diff``;
``kustomize build``) pulls none of its images: its files are the test's input.
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
                return (directory, script) if _only_renders(script) else None
        directory = os.path.dirname(directory)
    return None


@functools.lru_cache(maxsize=256)
def _only_renders(script: str) -> bool:
    """Whether the script names its case (the directory of its name) and runs the tools of
    :data:`_RENDERS` on it only to render, at least once, and never to deploy or run."""
    try:
        with open(script, encoding="utf-8") as handle:
            text = handle.read(_MAX_BYTES)
    except (OSError, UnicodeDecodeError):
        return False
    case = os.path.basename(script).rsplit(".", 1)[0]
    if f"{case}/" not in text:
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
