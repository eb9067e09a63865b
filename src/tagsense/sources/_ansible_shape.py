"""Whether a YAML file is Ansible's, told from its text and path without reading it (the
reader, :mod:`.ansible`, is imported only for a file that is: a one-file check of a manifest
asks this of every YAML file, and need not pay for the reader).
"""

from __future__ import annotations

import os
import re

from .._lazy import lazy_pattern

__all__ = ["is_ansible_file", "is_playbook", "is_task_list", "may_be_ansible"]

#: A container module's key, on a task's line.
_MODULE_KEY = lazy_pattern(
    r"^[ \t]*(?:-[ \t]+)?(?:community\.(?:docker|general)\.|containers\.podman\.)?"
    r"(?:docker_container|docker_image|docker_image_pull|podman_container|podman_image"
    r"|docker_swarm_service|kolla_container|kolla_docker"
    r"|(?<=[ \t-])(?:kubernetes\.core\.|community\.(?:kubernetes|okd)\.|redhat\.openshift\.)?k8s"
    r")[ \t]*:",
    re.M,
)
#: A ``command`` or ``shell`` task's line that may pull with an engine's CLI.
_COMMAND_KEY = lazy_pattern(
    r"^[ \t]*(?:-[ \t]+)?(?:ansible\.(?:builtin|legacy)\.)?(?:command|shell)[ \t]*:", re.M
)
_PULL_WORD = lazy_pattern(r"\spull\s")
#: A ``template`` task (whose ``dest`` may be a compose file: see ``_ansible_templates``).
_TEMPLATE_KEY = lazy_pattern(
    r"^[ \t]*(?:-[ \t]+)?(?:ansible\.(?:builtin|legacy)\.)?template[ \t]*:", re.M
)
#: The first line that is no comment, directive or document start: a list's item or not.
_FIRST_ITEM = lazy_pattern(r"^(?!#|%|---|\.\.\.|[ \t]*(?:#|$))(?:(?P<item>-(?:[ \t]|$))|\S)", re.M)


#: A YAML list of tasks: its first item (after comments and ``---``) is a ``- name:`` or a
#: module's key.
_ANSIBLE_LIST = lazy_pattern(r"\A(?:[ \t]*(?:#[^\n]*)?\n|---[ \t]*\n)*-[ \t]+[\w.]+[ \t]*:")


#: The folders of an Ansible role, and of an inventory's variables: YAML that Ansible reads
#: (its Jinja is Ansible's, no template), with no manifest in it.
_ANSIBLE_FOLDERS = frozenset(
    {"tasks", "handlers", "defaults", "vars", "meta", "group_vars", "host_vars"}
)


#: A play's own key (not a task's): what makes a list of them a playbook.
_PLAY_KEY = lazy_pattern(r"(?:hosts|(?:ansible\.builtin\.)?import_playbook)[ \t]*:")


def is_playbook(text: str) -> bool:
    """Whether YAML text is a playbook: its first item (a play) has ``hosts`` or imports one."""
    indent: int | None = None  # (of the first item's own keys)
    for line in text.splitlines()[:_PLAY_LINES]:
        stripped = line.lstrip()
        if not stripped or stripped.startswith("#") or line.startswith("---"):
            continue
        if line.startswith("-"):
            if indent is not None:
                return False  # (the second item: the first had no hosts)
            key = line[1:].lstrip(" \t")
            indent = len(line) - len(key)
        elif indent is None or not line[0].isspace():
            return False  # (a mapping at the top: no playbook)
        elif len(line) - len(stripped) != indent:
            continue
        else:
            key = stripped
        if _PLAY_KEY.match(key):
            return True
    return False


#: How far into a file its first play's ``hosts`` is looked for.
_PLAY_LINES = 200


def _in_ansible_folder(path: str | None) -> bool:
    """A file of a role's folders (``tasks/util/x.yml`` too) or of an inventory's variables
    (``group_vars/all/x.yml``)."""
    if path is None:
        return False
    directory = os.path.dirname(os.path.abspath(path))
    for _ in range(3):  # (the folder, or a folder of task files or of one's variables in it)
        if os.path.basename(directory) in _ANSIBLE_FOLDERS:
            return True
        directory = os.path.dirname(directory)
    return False


def is_task_list(text: str) -> bool:
    """Whether YAML text is a list whose first item is a mapping (a list of tasks)."""
    return _ANSIBLE_LIST.match(text) is not None


def is_ansible_file(text: str, path: str | None) -> bool:
    """A playbook, or a file of a role's folders that is no manifest: YAML that Ansible
    reads, whose Jinja is its own (no template of a source)."""
    return is_playbook(text) or (
        _in_ansible_folder(path) and ("apiVersion" not in text or is_task_list(text))
    )


def may_be_ansible(text: str) -> bool:
    """Whether YAML text is a list (of plays or tasks) with a task of a container module (a
    quick look at its first line and its keys: conda-forge's ``docker_image:`` key of a
    mapping is no task)."""
    first = _FIRST_ITEM.search(text)
    if first is None or first["item"] is None:
        return False
    if _MODULE_KEY.search(text) is not None or (
        _PULL_WORD.search(text) is not None and _COMMAND_KEY.search(text) is not None
    ):
        return True
    return _TEMPLATE_KEY.search(text) is not None  # (it may render a compose file, a manifest)
