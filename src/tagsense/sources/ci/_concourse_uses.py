"""What the Concourse pipelines of a work tree say about its tasks and images.

A pipeline's ``task`` step runs a task file (``file: INPUT/PATH``, ``INPUT`` the name of
the ``get`` step that fetched the repository, ``PATH`` the file's place in it), and an
``image:`` beside it names an artifact of the plan (an image the job fetched or built)
that runs the task *instead of* the file's ``image_resource``, which is then never
fetched (Concourse's *task step* documentation: ``image`` overrides any ``image_resource``
of the task's configuration). concourse/ci runs most of its task files so, in its own
``unit-image``: their ``concourse/unit`` is pulled by none.

A pipeline whose job ``put``s to a ``registry-image`` or ``docker-image`` resource builds that
image (an ``oci-build-task`` before it): wherever another pipeline or task of the work tree
names the same repository, it is the project's own image, not a pull (concourse/ci's
``container-dependencies`` pipeline pushes ``concourse/golang-builder``, which five other
pipelines fetch).

A pipeline that another one sets (a ``set_pipeline`` step, ``file: INPUT/PATH``) takes the
``vars`` (and ``instance_vars``) that step gives: its ``((name))`` is that value, one reading
a step (concourse/ci's ``reconfigure.yml`` sets ``helm-prs.yml`` twice, with
``concourse_image_name: concourse/concourse`` and ``concourse/concourse-rc``).

The pipelines of a Git work tree are read once a scan (:func:`forget` starts afresh): each
YAML file that has a pipeline's shape, its task steps' ``file`` less its first part (the
input's name) and whether the step gives an ``image``, and the repositories it pushes to.
"""

from __future__ import annotations

import os
import re

from ..._lazy import lazy_pattern
from .._yaml import items, scalar, sequence
from ._concourse import IMAGE_TYPES
from ._scanner import fields, is_mapping, is_sequence

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

__all__ = ["forget", "pushed_by_pipelines", "runs_in_other_images", "set_pipeline_vars"]

#: The directories a walk for pipelines leaves out.
_SKIPPED = frozenset({".git", ".hg", ".svn", "node_modules", "vendor", ".terraform"})
_YAML = (".yml", ".yaml")
#: A task step's ``file:`` or a ``put:`` in a pipeline (a quick look before the YAML is parsed).
_STEP_KEY = lazy_pattern(r"^[ \t-]*(?:file|put)[ \t]*:", re.MULTILINE)
#: The largest pipeline read (larger YAML files are data).
_MAX_BYTES = 4 * 1024 * 1024
#: How deep the steps of a plan may nest here.
_MAX_DEPTH = 32


class _Pipelines:
    """What a work tree's pipelines say: each task file's place and, for each use, whether
    it gives an image; the repositories pushed to (as written, less a ``docker.io/``)."""

    __slots__ = ("pushed", "uses", "vars")

    def __init__(self) -> None:
        self.uses: dict[str, list[bool]] = {}
        self.pushed: set[str] = set()
        #: Each pipeline file's place, and the plain values each ``set_pipeline`` step that
        #: sets it gives its variables (``vars`` and ``instance_vars``).
        self.vars: dict[str, list[dict[str, str]]] = {}


#: Each work tree's pipelines, read once a scan.
_READ: dict[str, _Pipelines] = {}


def forget() -> None:
    """Read the pipelines again (a new scan)."""
    _READ.clear()


def pushed_by_pipelines(path: str, repository: str) -> bool:
    """Whether a pipeline of the work tree of ``path`` pushes to the image ``repository``."""
    found = _pipelines(path)
    return found is not None and _plain(repository) in found.pushed


def set_pipeline_vars(path: str) -> list[dict[str, str]]:
    """The values each ``set_pipeline`` step of the pipelines of its Git work tree gives the
    variables of the pipeline file ``path`` (one mapping a step; empty: none sets it)."""
    found = _pipelines(path)
    if found is None:
        return []
    root = _work_tree(path) or ""
    return found.vars.get(os.path.relpath(os.path.realpath(path), root).replace(os.sep, "/"), [])


def runs_in_other_images(path: str) -> bool:
    """Whether the task file ``path`` is run by a pipeline of its Git work tree, and each
    such ``task`` step gives an ``image:`` of its own (its ``image_resource`` is no pull)."""
    found = _pipelines(path)
    if found is None:
        return False
    root = _work_tree(path) or ""
    place = os.path.relpath(os.path.realpath(path), root).replace(os.sep, "/")
    uses = found.uses.get(place, [])
    return bool(uses) and all(uses)


def _plain(repository: str) -> str:
    """A repository as compared here: Docker Hub's ``docker.io/`` and ``library/`` off."""
    for prefix in ("docker.io/", "index.docker.io/", "registry-1.docker.io/"):
        if repository.startswith(prefix):
            repository = repository[len(prefix) :]
            break
    return repository.removeprefix("library/")


def _work_tree(path: str) -> str | None:
    from ..context import git_root

    return git_root(path)


def _pipelines(path: str) -> _Pipelines | None:
    root = _work_tree(path)
    if root is None:
        return None
    if root not in _READ:
        found = _READ[root] = _Pipelines()
        for directory, subdirectories, names in os.walk(root):
            subdirectories[:] = sorted(name for name in subdirectories if name not in _SKIPPED)
            for name in names:
                if name.endswith(_YAML):
                    _read_pipeline(os.path.join(directory, name), found)
    return _READ[root]


def _read_pipeline(path: str, found: _Pipelines) -> None:
    try:
        if os.path.getsize(path) > _MAX_BYTES:
            return
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except OSError:
        return
    if "plan" not in text or _STEP_KEY.search(text) is None:
        return
    for document in _load(text):
        if not is_mapping(document):
            continue
        root = fields(document)
        puts: set[str] = set()
        for job in _sequence(root.get("jobs")):
            _steps(job, found, puts, 0)
        for resource in _sequence(root.get("resources")):
            body = fields(resource)
            if scalar(body.get("name")) in puts and scalar(body.get("type")) in IMAGE_TYPES:
                repository = scalar(fields(body.get("source")).get("repository"))
                if repository is not None:
                    found.pushed.add(_plain(repository))


def _load(text: str) -> list[yaml.Node]:
    from .._yaml import load_yaml

    return load_yaml(text).documents


def _sequence(node: yaml.Node | None) -> list[yaml.Node]:
    return sequence(node) if is_sequence(node) else []


def _steps(node: yaml.Node, found: _Pipelines, puts: set[str], depth: int) -> None:
    if depth > _MAX_DEPTH:
        return
    if is_sequence(node):
        for item in _sequence(node):
            _steps(item, found, puts, depth + 1)
        return
    if not is_mapping(node):
        return
    body = fields(node)
    file = scalar(body.get("file"))
    if file is not None and "/" in file:
        place = os.path.normpath(file.split("/", 1)[1]).replace(os.sep, "/")
        if scalar(body.get("task")) is not None:
            found.uses.setdefault(place, []).append(scalar(body.get("image")) is not None)
        elif scalar(body.get("set_pipeline")) is not None:
            values = {
                key: text
                for section in ("vars", "instance_vars")
                for key, value, _ in items(body.get(section))
                if (text := scalar(value)) is not None and "((" not in text
            }
            found.vars.setdefault(place, []).append(values)
    put = scalar(body.get("put"))
    if put is not None:
        puts.add(scalar(body.get("resource")) or put)
    for key, value, _ in items(node):
        if key not in ("config", "params", "vars", "input_mapping", "output_mapping"):
            _steps(value, found, puts, depth + 1)
