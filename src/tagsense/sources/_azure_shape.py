"""Which files are Azure Pipelines', by where they are and what they say.

Azure DevOps runs a pipeline from any YAML file the project configures, so a
name says little: a file is Azure's when it is in one of Azure's conventional
places (:func:`is_azure_place`) *and* has Azure's shape (:func:`is_azure_text`).
The shape is strict, so that a GitHub workflow, a GitLab file, a Kubernetes
manifest or a compose file is never taken for one: every top-level key is one
of Azure's, and ``stages``, ``jobs`` or ``steps`` is a list of Azure's items
(``- stage:``, ``- job:``, ``- deployment:``, ``- task: Name@N``, ``- bash:``,
``- template:``…) or ``extends`` names a template. Templates have that shape
too (a steps template is ``parameters`` and ``steps``).
"""

from __future__ import annotations

import re

from .._lazy import lazy_pattern
from ._yaml import head_text, is_mapping, is_sequence, items, scalar, sequence, sole_mapping
from .discover import AZURE_DIRECTORIES

TYPE_CHECKING = False
if TYPE_CHECKING:
    import os

    import yaml

__all__ = ["AZURE_DIRECTORIES", "is_azure_file", "is_azure_place", "is_azure_text"]


#: The keys a pipeline or a template may have at its top (the YAML schema's ``pipeline``,
#: and a single job's or stage's keys where a pipeline is one job).
_TOP_KEYS = frozenset(
    {"name", "appendCommitMessageToRunName", "trigger", "pr", "schedules", "resources",
     "variables", "parameters", "pool", "stages", "jobs", "steps", "extends", "lockBehavior",
     "phases", "queue",
     "container", "services", "workspace", "strategy", "continueOnError", "timeoutInMinutes",
     "cancelTimeoutInMinutes", "condition", "dependsOn", "displayName", "templateContext"}
)  # fmt: skip
#: Azure's kinds of step (the YAML schema's ``steps``).
_STEPS = frozenset(
    {"task", "script", "bash", "pwsh", "powershell", "checkout", "template", "download",
     "downloadBuild", "getPackage", "publish", "reviewApp", "restoreCache"}
)  # fmt: skip
#: What marks an item of each list as Azure's.
_ITEM_KEYS = {
    "stages": frozenset({"stage", "template"}),
    "jobs": frozenset({"job", "deployment", "template"}),
    # (VSTS's names, ``phases`` of ``- phase:`` running on a ``queue``: Azure still takes them)
    "phases": frozenset({"phase", "template"}),
    "steps": _STEPS,
}
#: A task is written ``Name@major`` (``DockerInstaller@0``).
_TASK = lazy_pattern(r"^[A-Za-z][\w.-]*@\d+$")
#: How much of a file the look at its shape reads.
_SNIFF_BYTES = 256 * 1024
#: A quick look before any YAML is parsed: a top-level list of Azure's, or ``extends``.
_QUICK = lazy_pattern(r"^(?:stages|jobs|phases|steps|extends)[ \t]*:", re.MULTILINE)


def is_azure_place(path: str | os.PathLike[str]) -> bool:
    """Where Azure pipelines are kept: ``azure-pipelines*.yml`` (or ``.yaml``, and
    ``azure-pipeline*``) anywhere, ``*.azure-pipelines.yml``, ``.vsts-ci.yml`` (VSTS's
    default), and YAML files below :data:`AZURE_DIRECTORIES`.

    >>> is_azure_place(".azure/templates/steps/install.yaml"), is_azure_place("ci/build.yml")
    (True, False)
    >>> is_azure_place(".vsts-ci/linux.yml"), is_azure_place(".vsts-ci.yml")
    (True, True)
    """
    from .discover import path_parts

    parts = path_parts(path)
    name = parts[-1] if parts else ""
    if not name.endswith((".yml", ".yaml")):
        return False
    stem = name.rpartition(".")[0]
    if stem.startswith("azure-pipeline") or stem.endswith(".azure-pipelines"):
        return True
    if stem == ".vsts-ci":
        return True
    return not AZURE_DIRECTORIES.isdisjoint(parts[:-1])


def is_azure_file(path: str | os.PathLike[str]) -> bool:
    """Whether a file's text has Azure's shape (:func:`is_azure_text`); never raises."""
    text = head_text(path, _SNIFF_BYTES)
    return text is not None and is_azure_text(text)


def is_azure_text(text: str) -> bool:
    """Whether YAML text is an Azure pipeline or template (see the module).

    >>> is_azure_text("steps:\\n- bash: make\\n  displayName: Build\\n")
    True
    >>> is_azure_text("on: push\\njobs:\\n  test:\\n    runs-on: ubuntu-latest\\n")
    False
    """
    if _QUICK.search(text) is None:
        return False
    document = sole_mapping(text)
    if document is None:
        return False
    root = _fields(document)
    if any(key not in _TOP_KEYS and not key.startswith("${{") for key in root):
        return False
    extends = root.get("extends")
    if extends is not None:
        return "template" in _fields(extends)
    # (a pipeline's own keys mark any of Azure's steps: ``pool:`` and ``- script: make``)
    marked = any(key in root for key in ("trigger", "pr", "pool"))
    found = False
    for key, wanted in _ITEM_KEYS.items():
        node = root.get(key)
        if node is None:
            continue
        if not is_sequence(node):
            return False  # (GitHub's and CircleCI's jobs are mappings)
        for item in sequence(node):
            if not is_mapping(item):
                return False  # (GitLab's stages are names)
            keys = set(_fields(item))
            if keys & wanted:
                found = True
                marked = marked or _azure_item(key, _fields(item))
            elif not all(k.startswith("${{") for k in keys):
                return False  # (Drone's and Cloud Build's steps: name and image)
    return found and marked


def _fields(node: yaml.Node | None) -> dict[str, yaml.Node]:
    """A mapping node's values by key (merge keys resolved); {} for anything else."""
    return {key: value for key, value, _ in items(node)}


def _azure_item(kind: str, item: dict[str, yaml.Node]) -> bool:
    """Whether an item is unmistakably Azure's (a name a task has, a step's display name,
    a template, a stage or a job)."""
    if kind != "steps" or "template" in item or "checkout" in item:
        return True
    task = scalar(item.get("task"))
    if task is not None:
        return _TASK.match(task) is not None
    return "displayName" in item or "pwsh" in item or "powershell" in item
