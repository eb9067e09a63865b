"""Concourse pipelines as build files: the Dockerfiles their ``oci-build-task`` steps build,
and the images their jobs push.

A Concourse pipeline builds an image with a ``task`` step that runs oci-build-task (its
``run.path`` is ``build``; inline in the step's ``config`` or in the task file its ``file``
names), configured by the task's ``params`` and the step's own, which win (oci-build-task's
README): ``CONTEXT`` (default ``.``), ``DOCKERFILE`` (default ``CONTEXT/Dockerfile``),
``TARGET``, ``IMAGE_PLATFORM`` (comma-separated), ``BUILD_ARG_NAME`` (the build argument
``NAME``) and ``IMAGE_ARG_NAME`` (the argument ``NAME`` set to the image in an input's
tarball, ``INPUT/image.tar``). Each such step
is a :class:`~tagsense.sources.project.BuildConfig` (tool ``concourse``) of the Dockerfile of
the pipeline's work tree that its path names: a path is an input's directory and a path in
it, read in the work tree (``ci/dockerfiles/unit`` is ``dockerfiles/unit`` of the checkout,
as the task files are found, see :mod:`._concourse_uses`); one that is no file of the work
tree (another repository's input) is left out. An ``IMAGE_ARG`` whose input a ``get`` of a
``registry-image`` or ``docker-image`` resource fetched (through the step's
``input_mapping``) is that resource's image; any other is the job's to give (unresolved,
by the parameter's name).

Each ``registry-image`` or ``docker-image`` resource a job ``put``\\ s to is an image the
project builds (:class:`~tagsense.sources.project.BuiltImage`): concourse/ci's
``container-dependencies`` pipeline pushes the ``concourse/golang-builder`` that its
Dockerfiles start ``FROM ${base_image}`` with.

A file is one when its text may be a pipeline's (:func:`may_be_pipeline`, a quick look at its
bytes) and it has a pipeline's shape; any other gives nothing. Never raises.
"""

from __future__ import annotations

import os
import re

from ..._lazy import lazy_pattern
from .._yaml import items, scalar, sequence
from ._concourse import IMAGE_TYPES, pipeline_shape
from ._scanner import fields, is_mapping, is_sequence

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

    from ..project import BuildConfig, BuildFile, BuiltImage

__all__ = ["TOOL", "may_be_pipeline", "read_concourse_builds"]

#: The ``tool`` of the sites of its builds and built images.
TOOL = "concourse"
#: How deep the steps of a plan may nest here (``do``, ``try``, ``in_parallel``, hooks).
_MAX_DEPTH = 32
#: A ``put`` step or a ``task`` step with a ``file`` or ``config`` (a quick look at the bytes).
_STEP = lazy_pattern(rb"(?m)^[ \t-]*(?:put|task)[ \t]*:")
#: oci-build-task's parameters that name a build argument.
_BUILD_ARG, _IMAGE_ARG = "BUILD_ARG_", "IMAGE_ARG_"
#: A Concourse variable (``((name))``): the setter's value.
_VARIABLE = lazy_pattern(r"\(\(\s*([^()]*?)\s*\)\)")


def may_be_pipeline(data: bytes) -> bool:
    """A quick look at a YAML file's bytes: whether it may be a Concourse pipeline that pushes
    or builds (a top-level ``jobs``, a ``plan`` and a ``put`` or ``task`` step).

    >>> may_be_pipeline(b"jobs:\\n- name: a\\n  plan:\\n  - put: img\\n")
    True
    >>> may_be_pipeline(b"jobs:\\n  test:\\n    runs-on: ubuntu-latest\\n")
    False
    """
    return (
        b"plan" in data
        and re.search(rb"(?m)^jobs[ \t]*:", data) is not None
        and _STEP.search(data) is not None
    )


def read_concourse_builds(path: str, *, max_bytes: int) -> BuildFile:
    """The builds and built images of the pipeline at ``path`` (see the module)."""
    from ..project import BuildFile

    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError:
        return BuildFile(path=path)
    if len(data) > max_bytes or not may_be_pipeline(data):
        return BuildFile(path=path)
    from .._yaml import load_yaml

    documents = load_yaml(data.decode("utf-8", "replace")).documents
    if len(documents) != 1 or not is_mapping(documents[0]):
        return BuildFile(path=path)
    root = fields(documents[0])
    if pipeline_shape(root) != "pipeline":
        return BuildFile(path=path)  # (no pipeline's shape: see ._concourse)
    return _Pipeline(path, root).read()


class _Pipeline:
    """One pipeline's reading: its image resources, then each job's steps."""

    __slots__ = ("builds", "built", "images", "path", "root")

    def __init__(self, path: str, root: dict[str, yaml.Node]) -> None:
        self.path = path
        self.root = root
        self.builds: list[BuildConfig] = []
        self.built: list[BuiltImage] = []
        #: Each image resource's image, as its source names it (``repository[:tag]``).
        self.images: dict[str, str] = {}

    def read(self) -> BuildFile:
        from ...occurrence import BuildSite
        from ..project import BuildFile, BuiltImage

        for resource in _sequence(self.root.get("resources")):
            body = fields(resource)
            name = scalar(body.get("name"))
            source = fields(body.get("source"))
            repository = scalar(source.get("repository"))
            if name is None or scalar(body.get("type")) not in IMAGE_TYPES or not repository:
                continue
            tag = scalar(source.get("tag"))
            self.images[name] = repository if tag is None else f"{repository}:{tag}"
        puts: dict[str, int] = {}
        for job in _sequence(self.root.get("jobs")):
            gets: dict[str, str] = {}  # artifact -> resource (a job's own)
            _walk(job, self, gets, puts, scalar(fields(job).get("name")) or "", 0)
        for name, line in puts.items():
            image = self.images.get(name)
            if image is not None and "((" not in image:
                repository = image.rpartition(":")[0] if ":" in image.rpartition("/")[2] else image
                self.built.append(BuiltImage(repository, BuildSite(TOOL, self.path, line)))
        return BuildFile(builds=self.builds, built=dict.fromkeys(self.built), path=self.path)

    def task(self, step: yaml.Node, gets: dict[str, str], job: str) -> None:
        """The build of a ``task`` step that runs oci-build-task, if it is one."""
        body = fields(step)
        config = fields(body.get("config"))
        file = scalar(body.get("file"))
        if not config and file is not None:
            config = self._task_file(file)
        if os.path.basename(scalar(fields(config.get("run")).get("path")) or "") != "build":
            return
        params = {key: scalar(value) or "" for key, value, _ in items(config.get("params"))}
        params.update({key: scalar(value) or "" for key, value, _ in items(body.get("params"))})
        if not any(key in ("CONTEXT", "DOCKERFILE") for key in params):
            return
        mapping = {key: scalar(value) or "" for key, value, _ in items(body.get("input_mapping"))}
        context = self._place(params.get("CONTEXT") or ".")
        written = params.get("DOCKERFILE") or os.path.join(
            params.get("CONTEXT") or ".", "Dockerfile"
        )
        dockerfile = self._place(written)
        if dockerfile is None or not os.path.isfile(dockerfile):
            return  # (another repository's input, or no file)
        args: dict[str, str] = {}
        unresolved: dict[str, tuple[str, ...]] = {}
        for key, value in params.items():
            if key.startswith(_BUILD_ARG) and len(key) > len(_BUILD_ARG):
                name = key[len(_BUILD_ARG) :]
                variables = _VARIABLE.findall(value)
                if variables:
                    unresolved[name] = tuple(variables)
                else:
                    args[name] = value
            elif key.startswith(_IMAGE_ARG) and len(key) > len(_IMAGE_ARG):
                name = key[len(_IMAGE_ARG) :]
                artifact = value.split("/", 1)[0]
                resource = gets.get(mapping.get(artifact, artifact))
                image = None if resource is None else self.images.get(resource)
                if image is not None and "((" not in image:
                    args[name] = image
                else:
                    unresolved[name] = (key,)
        from ...occurrence import BuildSite
        from ..project import BuildConfig

        line = step.start_mark.line + 1
        self.builds.append(
            BuildConfig(
                site=BuildSite(TOOL, self.path, line),
                name=f"{job}/{scalar(body.get('task')) or ''}",
                context=context,
                dockerfile=dockerfile,
                args=args,
                target=params.get("TARGET") or None,
                platforms=[
                    part.strip()
                    for part in (params.get("IMAGE_PLATFORM") or "").split(",")
                    if part.strip()
                ],
                unresolved=unresolved,
            )
        )

    def _place(self, written: str) -> str | None:
        """A path of a task's working directory (``INPUT/PATH``) as the work tree's file
        ``PATH``, named in the style of the pipeline's path; ``None`` when it names none."""
        parts = os.path.normpath(written).split(os.sep, 1)
        if len(parts) < 2 or parts[0] in (".", "..") or "((" in written or "$" in written:
            return None
        top = self._top()
        return None if top is None else os.path.normpath(os.path.join(top, parts[1]))

    def _top(self) -> str | None:
        """The work tree's top, named from the pipeline's directory as its path names it."""
        from ..context import git_root

        root = git_root(self.path)
        if root is None:
            return None
        directory = os.path.dirname(self.path)
        up = os.path.relpath(root, os.path.realpath(directory or "."))
        return os.path.normpath(os.path.join(directory, up))

    def _task_file(self, file: str) -> dict[str, yaml.Node]:
        place = self._place(file)
        if place is None:
            return {}
        try:
            if os.path.getsize(place) > 1024 * 1024:
                return {}
            with open(place, encoding="utf-8", errors="replace") as handle:
                text = handle.read()
        except OSError:
            return {}
        from .._yaml import load_yaml

        documents = load_yaml(text).documents
        return fields(documents[0]) if len(documents) == 1 and is_mapping(documents[0]) else {}


def _sequence(node: yaml.Node | None) -> list[yaml.Node]:
    return sequence(node) if is_sequence(node) else []


def _walk(
    node: yaml.Node,
    pipeline: _Pipeline,
    gets: dict[str, str],
    puts: dict[str, int],
    job: str,
    depth: int,
) -> None:
    """Every step under ``node``, in the plan's order: the artifacts its ``get`` steps fetch,
    the resources its ``put`` steps push (at the first one's line), its builds."""
    if depth > _MAX_DEPTH:
        return
    if is_sequence(node):
        for item in _sequence(node):
            _walk(item, pipeline, gets, puts, job, depth + 1)
        return
    if not is_mapping(node):
        return
    body = fields(node)
    got, put = scalar(body.get("get")), scalar(body.get("put"))
    resource = scalar(body.get("resource"))
    if got is not None:
        gets[got] = resource or got
    if put is not None:
        puts.setdefault(resource or put, node.start_mark.line + 1)
    if scalar(body.get("task")) is not None:
        pipeline.task(node, gets, job)
    for key, value, _ in items(node):
        if key not in ("config", "source", "params", "vars", "input_mapping", "output_mapping"):
            _walk(value, pipeline, gets, puts, job, depth + 1)
