"""A repository's own composite actions, read as the steps of the job that uses them.

A step ``uses: ./PATH`` runs the action whose ``action.yml`` (or ``action.yaml``) is in the
directory ``PATH`` of the workspace (GitHub's "Using an action in the same repository"). A
composite action (``runs.using: composite``) runs its ``runs.steps`` in the calling job, in
its workspace and environment: what they write to ``$GITHUB_ENV`` the job's later steps
have, and their ``${{ inputs.NAME }}`` is the call's ``with:`` value, else the input's
``default``, else the empty string (GitHub's "Metadata syntax": inputs are strings).
libgit2's CI jobs use ``./source/.github/actions/download-or-build-container`` with
``container: ${{ matrix.platform.container.name }}``: its first step writes the Dockerfile's
path to ``$GITHUB_ENV``, and its second runs ``docker build -f ${{ env.dockerfile }}``, so
each matrix leg builds ``ci/docker/<name>`` and pulls that file's base image.

The workspace is the repository's checkout, or holds it at the ``path`` an
``actions/checkout`` step of the job gives (libgit2 checks out to ``source``): a path
below such a directory is looked for in the repository without it. Only an action of the
repository is read (no path out of it), a composite one, whose file reads as YAML.
"""

from __future__ import annotations

import os

from .._yaml import load_yaml, scalar, sequence
from ._scanner import fields, is_mapping, is_sequence

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    import yaml

    from ._scanner import Scanner

__all__ = [
    "LocalAction",
    "checkout_paths",
    "local_action",
    "used_action_files",
    "workspace_checkout",
]

_CHECKOUT = "actions/checkout"
_NAMES = ("action.yml", "action.yaml")


class LocalAction:
    """A composite action of the repository: its file's ``path`` (as the scan names files),
    its ``steps`` node, and its declared inputs' defaults (``None``: an expression's, which
    only a run knows; no default is the empty string)."""

    __slots__ = ("defaults", "path", "steps")

    def __init__(self, path: str, steps: yaml.Node | None, defaults: dict[str, str | None]) -> None:
        self.path = path
        self.steps = steps
        self.defaults = defaults


def checkout_paths(steps: yaml.Node | None) -> tuple[str, ...]:
    """The ``path`` of each ``actions/checkout`` step of a job that checks out the repository
    itself (no other ``repository``), as written, without ``./`` and ``/`` around it."""
    found: list[str] = []
    for step in sequence(steps) if is_sequence(steps) else []:
        step_fields = fields(step)
        uses = (scalar(step_fields.get("uses")) or "").partition("@")[0].lower()
        given = fields(step_fields.get("with"))
        path = (scalar(given.get("path")) or "").strip().removeprefix("./").strip("/")
        repository = scalar(given.get("repository")) or ""
        own = not repository or repository.replace(" ", "") == "${{github.repository}}"
        if uses == _CHECKOUT and path and own and "${{" not in path:
            found.append(path)
    return tuple(found)


def workspace_checkout(steps: yaml.Node | None) -> str | None:
    """Where a job's steps find the repository from the workspace they start in: the
    ``path`` its checkouts of the repository give, when they all give the same one (``None``:
    at the top, as without ``path``, or several places)."""
    paths = set(checkout_paths(steps))
    own = _own_checkouts(steps)
    return paths.pop() if len(paths) == 1 and own == 1 else None


def _own_checkouts(steps: yaml.Node | None) -> int:
    """How many ``actions/checkout`` steps of a job check out the repository itself."""
    count = 0
    for step in sequence(steps) if is_sequence(steps) else []:
        step_fields = fields(step)
        uses = (scalar(step_fields.get("uses")) or "").partition("@")[0].lower()
        repository = scalar(fields(step_fields.get("with")).get("repository")) or ""
        if uses == _CHECKOUT and (
            not repository or repository.replace(" ", "") == "${{github.repository}}"
        ):
            count += 1
    return count


def used_action_files(workflow: str, data: bytes, *, mattering: bool = False) -> list[str]:
    """A quick look: the ``action.yml`` files of the repository that a GitHub workflow's (or
    action's) bytes may use (``uses: ./PATH``, below the workspace's checkout ``path`` too);
    ``mattering``: only those whose bytes say they may matter (see :data:`_MATTERS`)."""
    import re

    from . import _checkout

    top = _checkout(workflow)
    if top is None:
        return []
    found: list[str] = []
    for match in re.finditer(rb"uses:\s*['\"]?\./([^\s'\"@#]+)", data):
        parts = os.path.normpath(match.group(1).decode(errors="replace")).split(os.sep)
        for start in range(min(len(parts), 4)):  # (a checkout's `path` before it)
            directory = os.path.join(top, *parts[start:])
            names = [os.path.join(directory, name) for name in _NAMES]
            present = [name for name in names if os.path.isfile(name)]
            if present:
                found.append(present[0])
                break
    if mattering:
        found = [file for file in found if _file_may_matter(file)]
    return list(dict.fromkeys(found))


def _file_may_matter(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            return _may_matter(handle.read())
    except OSError:
        return False


def local_action(
    uses: str,
    repository: str | None,
    checkouts: tuple[str, ...],
    max_bytes: int,
    scanner: Scanner | None = None,
) -> LocalAction | None:
    """The composite action ``uses: ./PATH`` runs (``repository``: the repository's
    directory; ``checkouts``: where the job checks it out, :func:`checkout_paths`). With a
    ``scanner``, each action is read once a scan, and its steps' nodes are known to be of its
    file (``Scanner.paths``)."""
    if repository is None or not uses.startswith("./") or "${{" in uses:
        return None
    if scanner is None:
        return _located(uses, repository, checkouts, max_bytes)
    key = f"{repository}\0{uses}\0{checkouts}"
    if key not in scanner.actions:
        found = _located(uses, repository, checkouts, max_bytes)
        if found is not None:
            for node in _nodes(found.steps):
                scanner.paths[id(node)] = found.path
        scanner.actions[key] = found
    cached = scanner.actions[key]
    return cached if isinstance(cached, LocalAction) else None


def _nodes(node: yaml.Node | None) -> Iterator[yaml.Node]:
    """A node and every node below it (an action's steps: a small tree)."""
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current.value, list):
            for child in current.value:
                stack.extend(child if isinstance(child, tuple) else (child,))


def _located(
    uses: str, repository: str, checkouts: tuple[str, ...], max_bytes: int
) -> LocalAction | None:
    """The composite action of the repository that ``uses: ./PATH`` names, read."""
    relative = os.path.normpath(uses[2:])
    candidates = [relative]
    for checkout in checkouts:
        prefix = os.path.normpath(checkout) + os.sep
        if relative.startswith(prefix):
            candidates.append(relative[len(prefix) :])
    top = os.path.realpath(repository)
    for candidate in candidates:
        if candidate.startswith(("..", os.sep)):
            continue
        directory = os.path.join(repository, candidate)
        real = os.path.realpath(directory)
        if real != top and not real.startswith(top.rstrip(os.sep) + os.sep):
            continue
        for name in _NAMES:
            path = os.path.join(directory, name)
            if os.path.isfile(path):
                return _read(path, max_bytes)
    return None


#: What an action's bytes hold when its steps may build, pull, run a script or a tool that
#: does, or set a variable for the job's later steps; one without is not read (most set a
#: toolchain up: ``actions/setup-go`` around a cache).
_MATTERS = (
    b"docker", b"Docker", b"DOCKER", b"podman", b"buildah", b"nerdctl", b"build-push", b"bake",
    b"compose", b"GITHUB_ENV", b".sh", b"make", b"kind", b"k3d", b"kubectl", b"helm", b"uses: ./",
    b"uses: \"./", b"uses: '.",
)  # fmt: skip


def _may_matter(data: bytes) -> bool:
    return any(word in data for word in _MATTERS)


def _read(path: str, max_bytes: int) -> LocalAction | None:
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError:
        return None
    if len(data) > max_bytes or not _may_matter(data):
        return None
    loaded = load_yaml(data, path=path, max_bytes=max_bytes)
    if not loaded.documents or not is_mapping(loaded.documents[0]):
        return None
    root = fields(loaded.documents[0])
    runs = fields(root.get("runs"))
    if (scalar(runs.get("using")) or "").lower() != "composite":
        return None
    defaults: dict[str, str | None] = {}
    for name, definition in fields(root.get("inputs")).items():
        default = scalar(fields(definition).get("default"))
        defaults[name] = None if default is not None and "${{" in default else default or ""
    return LocalAction(path, runs.get("steps"), defaults)
