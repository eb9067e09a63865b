"""The images a role's tasks build, by their name as written.

A role that builds an image (``podman_image``/``docker_image`` with ``build:``, ``path:`` or
``source: build``; a ``command``/``shell`` task's ``docker build --tag NAME``, ``docker tag
SOURCE NAME``; ``docker_image_tag``'s and ``docker_image``'s ``repository``, the name it tags
and pushes) under a name its plays give
(``name: "{{ idem_image }}"``) and runs
containers of ``image: "{{ idem_image }}"`` in its other task files runs what it built, whatever
value the name takes: the same expression in one role is the same image (containers/
ansible-podman-collections' ``podman_container_idempotency`` target builds ``idem_image`` in
``build_test_container.yml`` and runs it in twenty task files). A pull of such a name pulls
back what the role pushed (community.docker's registry tests push ``{{ hello_world_image_base
}}:latest`` to their own registry, and pull it).
"""

from __future__ import annotations

import functools
import os

from .._lazy import lazy_pattern
from ._yaml import get, is_mapping, items, position, scalar, sequence, value_position

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

__all__ = ["builds", "made_by", "role_builds", "same_name"]

#: The modules that build the image ``name`` (when told to).
_IMAGE_MODULES = frozenset(
    prefix + name
    for prefix in ("", "community.docker.", "community.general.", "containers.podman.")
    for name in ("docker_image", "podman_image", "docker_image_build")
)
_FOLDERS = ("tasks", "handlers")
_TAG_MODULES = frozenset(prefix + "docker_image_tag" for prefix in ("", "community.docker."))
_COMMAND_MODULES = frozenset(
    prefix + name for prefix in ("", "ansible.builtin.") for name in ("command", "shell")
)
#: A word of a command, Jinja (which may hold spaces) kept whole.
_WORD = r"((?:\{\{.*?\}\}|[^\s;&|'\"])+)"
#: ``docker build … --tag NAME`` (podman, nerdctl, buildah bud; ``buildx build``), and
#: ``docker tag SOURCE NAME``: the names a command makes.
_COMMAND_BUILD = lazy_pattern(
    r"\b(?:docker|podman|nerdctl|buildah)\s+(?:buildx\s+)?(?:build|bud)\b[^;&|\n]*?"
    r"(?:-t|--tag)[ =][\"']?" + _WORD
)
_COMMAND_TAG = lazy_pattern(
    r"\b(?:docker|podman|nerdctl)\s+(?:image\s+)?tag\s+[\"']?" + _WORD + r"[\"']?\s+[\"']?" + _WORD
)
_MAX_FILES = 200
_MAX_BYTES = 1 << 20
#: What a file that builds or tags an image says somewhere.
_MAY_BUILD = lazy_pattern(r"\bbuild\b|\bbud\b|\bpath:|\brepository:|\btag\s")
_MAX_DEPTH = 8
_SPACE = lazy_pattern(r"\s+")


def same_name(written: str) -> str:
    """A written name as compared: white space (``{{ x }}`` and ``{{x}}``) does not count."""
    return _SPACE.sub("", written)


def builds(arguments: yaml.Node) -> bool:
    """Whether an image module's arguments build its ``name`` rather than pull it."""
    source = scalar(get(arguments, "source"))
    told = source == "build" or any(get(arguments, key) is not None for key in ("build", "path"))
    return told and source != "pull"


def role_builds(role: str, names: frozenset[str]) -> dict[str, tuple[str, int]]:
    """The names (as compared) the role's task and handler files build, each with the file
    and line of the first task that does; only the files that say one of ``names`` (the
    variables of the images asked about) and build or tag something are parsed."""
    files: list[tuple[str, int, int]] = []
    for folder in _FOLDERS:
        for directory, folders, found in os.walk(os.path.join(role, folder)):
            folders.sort()
            for name in sorted(found):
                if not name.endswith((".yml", ".yaml")) or len(files) >= _MAX_FILES:
                    continue
                path = os.path.join(directory, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                if _says(path, stat.st_mtime_ns, stat.st_size, names):
                    files.append((path, stat.st_mtime_ns, stat.st_size))
    return _builds_of(tuple(files))


def _says(path: str, mtime: int, size: int, names: frozenset[str]) -> bool:
    text = _text(path, mtime, size)
    return _MAY_BUILD.search(text) is not None and any(name in text for name in names)


@functools.lru_cache(maxsize=256)
def _text(path: str, mtime: int, size: int) -> str:
    """(``mtime`` and ``size`` tell a changed file from the one read.)"""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read(_MAX_BYTES)
    except OSError:
        return ""


@functools.lru_cache(maxsize=64)
def _builds_of(files: tuple[tuple[str, int, int], ...]) -> dict[str, tuple[str, int]]:
    from ._ansible_scope import _documents

    found: dict[str, tuple[str, int]] = {}
    for path, mtime, size in files:
        for document in _documents(path, mtime, size):
            _walk(sequence(document), path, found, 0)
    return found


def _walk(tasks: list[yaml.Node], path: str, found: dict[str, tuple[str, int]], depth: int) -> None:
    for task in tasks:
        if not is_mapping(task) or depth > _MAX_DEPTH:
            continue
        for key in ("block", "rescue", "always"):
            _walk(sequence(get(task, key)), path, found, depth + 1)
        for module, arguments, _ in items(task):
            if module in _COMMAND_MODULES:
                node = arguments if scalar(arguments) is not None else get(arguments, "cmd")
                command = scalar(node) or ""
                line = value_position(node)[0] if node is not None else 0
                for made in made_by(command):
                    found.setdefault(same_name(made), (path, line))
                continue
            if not is_mapping(arguments):
                continue
            if module in _TAG_MODULES:
                repository = get(arguments, "repository")
                tags = sequence(repository) or ([repository] if repository is not None else [])
                for tag in tags:
                    if scalar(tag):
                        found.setdefault(same_name(scalar(tag) or ""), (path, position(tag)[0]))
                continue
            if module not in _IMAGE_MODULES:
                continue
            name = get(arguments, "name")
            written = scalar(name)
            if name is not None and written and builds(arguments):
                found.setdefault(same_name(written), (path, value_position(name)[0]))
            # (docker_image's `repository`: the name it tags the image as, and pushes)
            repository = get(arguments, "repository")
            if repository is not None and scalar(repository):
                found.setdefault(
                    same_name(scalar(repository) or ""), (path, position(repository)[0])
                )


def made_by(command: str) -> list[str]:
    """The names a command builds (``--tag``) or tags (``docker tag SOURCE NAME``)."""
    if "build" not in command and "bud" not in command and "tag" not in command:
        return []
    made = [match[1] for match in _COMMAND_BUILD.finditer(command)]
    return made + [match[2] for match in _COMMAND_TAG.finditer(command)]
