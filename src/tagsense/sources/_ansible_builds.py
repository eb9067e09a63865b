"""The images a role's tasks build, by their name as written.

A role that builds an image (``podman_image``/``docker_image`` with ``build:``, ``path:`` or
``source: build``) under a name its plays give (``name: "{{ idem_image }}"``) and runs
containers of ``image: "{{ idem_image }}"`` in its other task files runs what it built, whatever
value the name takes: the same expression in one role is the same image (containers/
ansible-podman-collections' ``podman_container_idempotency`` target builds ``idem_image`` in
``build_test_container.yml`` and runs it in twenty task files).
"""

from __future__ import annotations

import functools
import os
import re

from ._yaml import get, is_mapping, items, scalar, sequence, value_position

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

__all__ = ["builds", "role_builds", "same_name"]

#: The modules that build the image ``name`` (when told to).
_IMAGE_MODULES = frozenset(
    prefix + name
    for prefix in ("", "community.docker.", "community.general.", "containers.podman.")
    for name in ("docker_image", "podman_image", "docker_image_build")
)
_FOLDERS = ("tasks", "handlers")
_MAX_FILES = 200
_MAX_DEPTH = 8
_SPACE = re.compile(r"\s+")


def same_name(written: str) -> str:
    """A written name as compared: white space (``{{ x }}`` and ``{{x}}``) does not count."""
    return _SPACE.sub("", written)


def builds(arguments: yaml.Node) -> bool:
    """Whether an image module's arguments build its ``name`` rather than pull it."""
    source = scalar(get(arguments, "source"))
    told = source == "build" or any(get(arguments, key) is not None for key in ("build", "path"))
    return told and source != "pull"


def role_builds(role: str) -> dict[str, tuple[str, int]]:
    """The names (as compared) the role's task and handler files build, each with the file
    and line of the first task that does."""
    files: list[tuple[str, int, int]] = []
    for folder in _FOLDERS:
        for directory, names, found in os.walk(os.path.join(role, folder)):
            names.sort()
            for name in sorted(found):
                if name.endswith((".yml", ".yaml")) and len(files) < _MAX_FILES:
                    path = os.path.join(directory, name)
                    try:
                        stat = os.stat(path)
                    except OSError:
                        continue
                    files.append((path, stat.st_mtime_ns, stat.st_size))
    return _builds_of(tuple(files))


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
            if module not in _IMAGE_MODULES or not is_mapping(arguments):
                continue
            name = get(arguments, "name")
            written = scalar(name)
            if name is not None and written and builds(arguments):
                found.setdefault(same_name(written), (path, value_position(name)[0]))
