"""Concourse: the images a pipeline's resources and tasks run in.

Concourse (https://concourse-ci.org) reads a pipeline that ``fly set-pipeline`` is given
(any file name: ``ci/pipeline.yml``, ``pipelines/release.yml``) and the task files its jobs
name (``file: repo/ci/tasks/unit/task.yml``), so its files are told by their shape
(:func:`is_concourse_text`): a pipeline is a mapping whose ``jobs`` is a list of jobs, each
with a ``plan``; a task is a mapping with a ``platform`` and a ``run`` mapping.

As the documentation defines them (*Resources*, *Resource Types*, *Tasks*, and the
``registry-image`` and ``docker-image`` resource types), the images pulled are:

- the ``image_resource`` of a task, in a task file or inline (a ``task`` step's
  ``config``): ``source.repository``, with ``source.tag`` (the resource's default:
  ``latest``) and the pinned ``version.digest``;
- a ``resource_types`` entry of type ``registry-image`` or ``docker-image`` that a resource
  (or another resource type, or an inline task's ``image_resource``) is of: the image a
  worker runs the resource type's scripts in (one nothing is of is never fetched);
- a ``resources`` entry of those types that a job fetches (``get``) and never pushes to:
  the image is downloaded (a task's ``image:``, a ``docker load`` in a script). One a job
  ``put``\\ s to is the pipeline's own build (its ``get`` steps fetch what it pushed): no
  pull, not reported. One that no job uses is never checked by Concourse: not reported.

A task file that every ``task`` step running it (in the pipelines of its work tree) gives
an ``image:`` of its own does not pull its ``image_resource``, and an image that a pipeline
of the work tree pushes to is the project's own, not a pull (:mod:`._concourse_uses`).

A pipeline merged by spruce before ``fly`` (starkandwayne's ``ci/pipeline.yml``) takes
``(( grab PATH ))`` from itself: the file's value at ``PATH`` (``meta.image.name``) is put
in, when it is a plain one.

Without a ``tag``, ``registry-image`` takes the newest semver tag (else ``latest``): the
image is reported without a tag. One whose ``semver_constraint`` or ``tag_regex`` picks the
tag names no reference: not reported.

``((name))`` (``((source:path.field))``) is a value that ``fly set-pipeline -v``/``-l``, or
the credential manager, gives when the pipeline is set: unresolved by name. The occurrence
is at ``source.repository``, its text the image with the tag (and digest) put in.
"""

from __future__ import annotations

import re

from ..._lazy import lazy_pattern
from .._yaml import items, scalar, sequence
from ._scanner import TextBuilder, fields, is_mapping, is_sequence

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

    from ._scanner import Resolutions, Resolved, Scanner

__all__ = ["IMAGE_TYPES", "concourse", "is_concourse_text", "pipeline_shape"]

#: The resource types whose ``source`` names an image (Concourse's core types).
IMAGE_TYPES = frozenset({"registry-image", "docker-image"})
#: A Concourse variable: ``((name))``, ``((source:path.field))``.
_VARIABLE = lazy_pattern(r"\(\(\s*([^()]*?)\s*\)\)")
#: spruce's ``(( grab PATH ))`` (a pipeline merged by ``spruce merge`` before ``fly``).
_GRAB = lazy_pattern(r"\(\(\s*grab\s+([A-Za-z0-9_][\w.-]*)\s*\)\)")
#: The values of the paths a spruce pipeline grabs from itself (``meta.image.name``).
Grabs = dict[str, str]
#: A quick look before any YAML is parsed: a top-level ``jobs`` (a pipeline) or
#: ``platform`` (a task).
_QUICK = lazy_pattern(r"^(?:jobs|platform)[ \t]*:", re.MULTILINE)
#: How deep the steps of a plan may nest here (``do``, ``try``, ``in_parallel``, hooks).
_MAX_DEPTH = 32


def is_concourse_text(text: str) -> bool:
    """Whether a YAML text is a Concourse pipeline (a mapping whose ``jobs`` is a list of
    mappings, each with a ``name`` and a ``plan``) or a task (a mapping with a
    ``platform`` and a ``run`` mapping with a ``path``).

    >>> is_concourse_text("jobs:\\n- name: unit\\n  plan:\\n  - get: repo\\n")
    True
    >>> is_concourse_text("platform: linux\\nrun:\\n  path: make\\n")
    True
    >>> is_concourse_text("jobs:\\n  test:\\n    runs-on: ubuntu-latest\\n")
    False
    """
    if _QUICK.search(text) is None or ("plan" not in text and "run" not in text):
        return False
    from .._yaml import load_yaml

    loaded = load_yaml(text)
    if len(loaded.documents) != 1 or not is_mapping(loaded.documents[0]):
        return False
    return pipeline_shape(fields(loaded.documents[0])) is not None


def pipeline_shape(root: dict[str, yaml.Node]) -> str | None:
    """``"pipeline"``, ``"task"`` or ``None`` (see :func:`is_concourse_text`)."""
    jobs = root.get("jobs")
    if is_sequence(jobs) and sequence(jobs):
        if all(
            is_mapping(job) and {"name", "plan"} <= fields(job).keys() for job in sequence(jobs)
        ):
            return "pipeline"
        return None
    run = root.get("run")
    if "platform" in root and is_mapping(run) and "path" in fields(run):
        return "task"
    return None


def concourse(scanner: Scanner, documents: list[yaml.Node]) -> None:
    for document in documents:
        if not is_mapping(document):
            continue
        root = fields(document)
        shape = pipeline_shape(root)
        if shape == "task":
            if scanner.path is not None and _run_in_other_images(scanner.path):
                continue  # (each pipeline step that runs it gives its own image)
            grabs = _grabs(document)
            _image_resource(scanner, root.get("image_resource"), "image_resource", {}, grabs)
        elif shape == "pipeline":
            _pipeline(scanner, root, _grabs(document))


def _run_in_other_images(path: str) -> bool:
    from ._concourse_uses import runs_in_other_images

    return runs_in_other_images(path)


def _pushed(path: str, repository: str) -> bool:
    from ._concourse_uses import pushed_by_pipelines

    return pushed_by_pipelines(path, repository)


def _grabs(document: yaml.Node) -> Grabs:
    """The scalar values of the paths the document's ``(( grab PATH ))`` name, in it."""
    import yaml

    found: Grabs = {}
    stack: list[yaml.Node] = [document]
    seen: set[int] = set()
    paths: set[str] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue  # (an alias: read once)
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if "grab" in node.value:
                paths.update(match[1] for match in _GRAB.finditer(node.value))
        elif isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    for path in paths:
        at: yaml.Node | None = document
        for key in path.split("."):
            at = fields(at).get(key) if is_mapping(at) else None
        value = scalar(at)
        if value is not None and "((" not in value:
            found[path] = value
    return found


def _pipeline(scanner: Scanner, root: dict[str, yaml.Node], grabs: Grabs) -> None:
    used = _types_used(root)
    for name, body in _named(root.get("resource_types")):
        if scalar(body.get("type")) in IMAGE_TYPES and name in used:
            typed: dict[str, object] = {"field": "resource_types", "resource_type": name}
            _source(scanner, body.get("source"), None, f"resource_types.{name}", typed, grabs)
    gets: dict[str, str] = {}  # resource -> the first job that fetches it
    puts: set[str] = set()
    for job in sequence(root.get("jobs")):
        job_name = scalar(fields(job).get("name")) or ""
        _steps(scanner, job, job_name, (gets, puts), grabs, 0)
    for name, body in _named(root.get("resources")):
        if scalar(body.get("type")) in IMAGE_TYPES and name in gets and name not in puts:
            context: dict[str, object] = {"field": "resources", "resource": name}
            context["job"] = gets[name]
            _source(scanner, body.get("source"), None, f"resources.{name}", context, grabs)


def _types_used(root: dict[str, yaml.Node]) -> set[str]:
    """The types the pipeline's resources, resource types and inline task images are of: a
    resource type nothing is of is never fetched."""
    used: set[str] = set()
    for section in ("resources", "resource_types"):
        for _, body in _named(root.get(section)):
            used.add(scalar(body.get("type")) or "")
    stack: list[yaml.Node] = list(sequence(root.get("jobs")))
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if is_sequence(node):
            stack.extend(sequence(node))
        elif is_mapping(node):
            body = fields(node)
            image = fields(body.get("image_resource"))
            used.add(scalar(image.get("type")) or "")
            stack.extend(body.values())
    return used


def _named(node: yaml.Node | None) -> list[tuple[str, dict[str, yaml.Node]]]:
    """The items of a list of mappings with a ``name``, by name."""
    found = []
    for item in sequence(node):
        body = fields(item)
        name = scalar(body.get("name"))
        if name is not None:
            found.append((name, body))
    return found


def _steps(
    scanner: Scanner,
    node: yaml.Node,
    job: str,
    used: tuple[dict[str, str], set[str]],
    grabs: Grabs,
    depth: int,
) -> None:
    """Every step under ``node`` (a job, a plan, a step and its hooks): the resources it
    fetches and pushes, the inline task configurations' images."""
    if depth > _MAX_DEPTH:
        return
    if is_sequence(node):
        for item in sequence(node):
            _steps(scanner, item, job, used, grabs, depth + 1)
        return
    if not is_mapping(node):
        return
    body = fields(node)
    resource = scalar(body.get("resource"))
    gets, puts = used
    got, put = scalar(body.get("get")), scalar(body.get("put"))
    if got is not None:
        gets.setdefault(resource or got, job)
    if put is not None:
        puts.add(resource or put)
    task = scalar(body.get("task"))
    config = body.get("config")
    if task is not None and is_mapping(config):
        context: dict[str, object] = {"job": job, "task": task}
        image = fields(config).get("image_resource")
        _image_resource(scanner, image, "image_resource", context, grabs)
    for key, value, _ in items(node):
        if key not in ("config", "source", "params", "vars", "get_params", "inputs", "outputs"):
            _steps(scanner, value, job, used, grabs, depth + 1)


def _image_resource(
    scanner: Scanner,
    node: yaml.Node | None,
    where: str,
    context: dict[str, object],
    grabs: Grabs,
) -> None:
    body = fields(node) if is_mapping(node) else {}
    if scalar(body.get("type")) not in IMAGE_TYPES:
        return
    digest = scalar(fields(body.get("version")).get("digest"))
    context = {**context, "field": "image_resource"}
    _source(scanner, body.get("source"), digest, where, context, grabs)


def _source(
    scanner: Scanner,
    node: yaml.Node | None,
    digest: str | None,
    where: str,
    context: dict[str, object],
    grabs: Grabs,
) -> None:
    """The image a ``registry-image`` or ``docker-image`` source names, reported at its
    ``repository`` with its ``tag`` and ``digest`` put in."""
    source = fields(node) if is_mapping(node) else {}
    repository = source.get("repository")
    tag = scalar(source.get("tag"))
    if tag is None and ("semver_constraint" in source or "tag_regex" in source):
        return  # (the newest tag the constraint or the pattern allows: no reference names it)

    written = scalar(repository)
    path = scanner.path
    sets: list[dict[str, str]] = [{}]
    if path is not None and written is not None and "((" in written + (tag or "") + (digest or ""):
        sets = _set_vars(path) or sets  # (the values the steps that set this pipeline give)
    sets = [
        values
        for values in sets
        if written is None or path is None or not _pushed(path, _put_in(written, values))
    ]  # (the project's own image: a pipeline of its work tree pushes it)

    def resolve(text: str) -> Resolutions:
        found: dict[str, tuple[Resolved, dict[str, object]]] = {}
        for values in sets:
            built = TextBuilder("variables")
            _variables(built, text, grabs, values)
            if tag is not None and ":" not in text.rpartition("/")[2]:
                built.literal(":")
                _variables(built, tag, grabs, values)
            if digest is not None and "@" not in text:
                built.literal("@")
                _variables(built, digest, grabs, values)
            result = built.result()
            found.setdefault(result.text, (result, {}))
        return list(found.values())

    if sets:
        scanner.image(repository, f"{where}.source.repository", context, resolve=resolve)


def _set_vars(path: str) -> list[dict[str, str]]:
    from ._concourse_uses import set_pipeline_vars

    return set_pipeline_vars(path)


def _put_in(text: str, values: dict[str, str]) -> str:
    """``text`` with each ``((name))`` that ``values`` gives put in."""
    return _VARIABLE.sub(lambda match: values.get(match[1], match[0]), text)


def _variables(
    built: TextBuilder, text: str, grabs: Grabs, values: dict[str, str] | None = None
) -> None:
    """``text`` into ``built``, each ``((name))`` left as written for the pipeline's setter
    (a spruce ``(( grab PATH ))`` the file's own value at ``PATH``, when it has one; one that
    ``values`` gives, the ``set_pipeline`` step's, put in)."""
    at = 0
    for match in _VARIABLE.finditer(text):
        if match.start() > at:
            built.literal(text[at : match.start()])
        grab = _GRAB.fullmatch(match.group(0))
        if grab is not None and grab[1] in grabs:
            built.literal(grabs[grab[1]])
        elif values and match.group(1) in values:
            built.literal(values[match.group(1)])
        else:
            built.unknown(match.group(0), (match.group(1),))
        at = match.end()
    if at < len(text):
        built.literal(text[at:])
