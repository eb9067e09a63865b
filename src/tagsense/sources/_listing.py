"""The files a directory walk considers: Git's list of the checkout's files, else the tree's.

Inside a Git work tree, the files are the ones ``git ls-files --cached --others
--exclude-standard`` lists: tracked files, and untracked ones ``.gitignore`` does not
exclude. Outside one (or when git cannot say), the tree is walked, leaving out others' code
(:data:`.discover.NOT_THE_PROJECTS`). Version-control directories are never in the list.
The scan's walk (``._walk``) and the readers that look over the whole repository for what
gives a file its meaning (Flux's Kustomizations, Argo CD's Applications) see the same files.
Those readers look for the YAML files that name their API group: one pass a scan reads each
such file's head once for all of them (:func:`yaml_files_mentioning`), kept with the list.
"""

from __future__ import annotations

import os

from .discover import NOT_THE_PROJECTS, VCS_DIRECTORIES

__all__ = ["forget", "listed_files", "yaml_files_mentioning"]

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable


#: Each directory's list, once a scan: the walk and the readers that look over the whole
#: repository (Flux's Kustomizations, Argo CD's Applications) ask for the same root, and
#: ``git ls-files`` of a large checkout costs seconds.
_LISTED: dict[str, list[tuple[str, ...]]] = {}


#: What the readers that look over a repository's YAML files look for (Argo CD's API group,
#: Flux's Kustomizations'): one pass finds the files of each.
MENTIONED = (b"argoproj.io/", b"kustomize.toolkit.fluxcd.io")
#: Directories no configuration a whole-repository reader looks for is kept in.
_NOT_CONFIGURATION = frozenset({"node_modules", "vendor", "third_party"})
#: The YAML files mentioning each of :data:`MENTIONED`, by the directory listed, once a scan.
_MENTIONING: dict[str, dict[bytes, list[tuple[str, ...]]]] = {}


def forget() -> None:
    """Start afresh: the next scan lists the files as they are then."""
    _LISTED.clear()
    _MENTIONING.clear()


def listed_files(root: str) -> list[tuple[str, ...]]:
    """The files under the directory ``root`` (each as its path's parts, relative to
    ``root``), sorted; the same list each time in a scan (not to be changed)."""
    key = os.path.abspath(root)
    found = _LISTED.get(key)
    if found is None:
        found = _LISTED[key] = _git_files(root) or sorted(_plain_walk(root))
    return found


def yaml_files_mentioning(root: str, text: bytes) -> list[tuple[str, ...]]:
    """The YAML files under the directory ``root`` (parts, as :func:`listed_files` gives
    them, in its order) whose first ``._yaml.MAX_BYTES`` bytes hold ``text``: files of a
    hidden directory, ``node_modules``, ``vendor`` and ``third_party`` aside (no project's
    configuration). Each file is read once a scan for every text of :data:`MENTIONED`."""
    known = _MENTIONING.setdefault(os.path.abspath(root), {})
    found = known.get(text)
    if found is None:
        # (the first reader's question reads for all; a text not among them, alone)
        known.update(_mentioning(root, MENTIONED if text in MENTIONED else (text,)))
        found = known[text]
    return found


def _mentioning(root: str, texts: tuple[bytes, ...]) -> dict[bytes, list[tuple[str, ...]]]:
    from ._yaml import MAX_BYTES

    found: dict[bytes, list[tuple[str, ...]]] = {text: [] for text in texts}
    for parts in listed_files(root):
        if not parts[-1].endswith((".yaml", ".yml")) or any(
            part.startswith(".") or part in _NOT_CONFIGURATION for part in parts[:-1]
        ):
            continue
        try:
            with open(os.path.join(root, *parts), "rb") as handle:
                data = handle.read(MAX_BYTES)
        except OSError:
            continue
        for text in texts:
            if text in data:
                found[text].append(parts)
    return found


def _plain_walk(root: str) -> Iterable[tuple[str, ...]]:
    top = root
    for directory, subdirectories, files in os.walk(top):
        subdirectories[:] = [
            name
            for name in subdirectories
            if name not in VCS_DIRECTORIES and name not in NOT_THE_PROJECTS
        ]
        relative = directory[len(top) :].lstrip(os.sep)
        base = tuple(relative.split(os.sep)) if relative else ()
        for name in files:
            yield (*base, name)


def _git_files(root: str) -> list[tuple[str, ...]]:
    """The files git lists under ``root`` (relative parts), or ``[]`` when git cannot say."""
    import shutil
    import subprocess

    git = shutil.which("git")
    if git is None:
        return []
    command = [git, "ls-files", "--cached", "--others", "--exclude-standard", "-z", "--", "."]
    environment = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}
    try:
        result = subprocess.run(
            command,
            cwd=root,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            check=False,
        )
    except OSError:
        return []
    if result.returncode != 0:  # not in a work tree (or git refuses it)
        return []
    names = {os.fsdecode(name) for name in result.stdout.split(b"\0") if name}
    # Git's names are relative, "/" between their parts, none empty or ".": their parts are
    # split at "/", in the order of the parts (a NUL, in no name, sorts before any character:
    # "a/b" before "a-b/x", as ("a", "b") before ("a-b", "x")); sorting 50,000 tuples cost
    # lf-edge/eve's scans 0.15 s.
    ordered = sorted(names, key=lambda name: name.replace("/", "\0"))
    listed = (tuple(name.split("/")) for name in ordered)
    return [parts for parts in listed if VCS_DIRECTORIES.isdisjoint(parts[:-1])]
