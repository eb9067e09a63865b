"""Gitpod: the image a ``.gitpod.yml`` starts its workspaces from, or the Dockerfile it builds.

A `.gitpod.yml <https://www.gitpod.io/docs/references/gitpod-yml>`_ at a repository's root
says which image Gitpod runs a workspace in, as ``image:``:

* a string: an image pulled as written (kind ``gitpod``, field ``image``;
  prometheus-operator/kube-prometheus' ``gitpod/workspace-full``);
* a mapping ``{file: PATH, context: DIR}``: Gitpod builds the Dockerfile at ``file``, both
  paths relative to the repository root (the file's directory), with ``context`` for its
  build context (the root when it is not given): a build that feeds that Dockerfile
  (:class:`~tagsense.sources.project.BuildConfig`, tool ``gitpod``), as a compose
  ``build:`` does, so that a ``.gitpod.Dockerfile`` is read as Gitpod builds it.

Without ``image`` Gitpod runs its own default, which the file does not name: nothing.

Its ``tasks`` are the workspace's terminals: each task's ``before``, ``init`` and
``command`` are bash scripts Gitpod runs in that order in one terminal (a variable one sets
is the next one's). A ``docker run``/``pull`` there pulls its image as a script's does
(appwrite/appwrite's ``init: docker pull composer``, ``command: docker run … composer
install``): each is read as a script is (:mod:`.shell`), the images occurrences of kind
``shell`` at the image's word, with ``context`` ``tool`` (``gitpod``), ``command`` (the
field), ``task`` (its ``name``, when it has one), ``engine`` and ``verb``; the task's ``env``
is their environment. What they build
(``docker build -t NAME``) is the project's, tool ``gitpod`` (its ``docker run NAME`` is no
pull), and their ``docker compose`` commands run the project's compose files.

No reader error but the YAML's own; a file larger than ``max_bytes`` gives nothing.
"""

from __future__ import annotations

import os

from ...occurrence import BuildSite, Occurrence, Scan
from .._yaml import get, items, scalar, sequence, value_position
from ..kubernetes import string_value
from ..project import BuildConfig, BuildFile
from ._common import MAX_BYTES
from ._yaml_tool import first_mapping, read_tool_file

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    import yaml

    from ._compose_cmd import ShellCompose
    from ._shell_values import ShellBuild, ShellPull

__all__ = ["KIND", "TOOL", "read_gitpod", "scan_gitpod"]

#: The ``tool`` of the builds Gitpod makes, and the kind of the image it pulls.
TOOL = KIND = "gitpod"


def read_gitpod(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The image the ``.gitpod.yml`` at ``path`` pulls, or the build it makes (never raises)."""
    return read_tool_file(path, max_bytes, scan_gitpod)


def scan_gitpod(text: str, *, path: str | None = None, max_bytes: int = MAX_BYTES) -> BuildFile:
    """:func:`read_gitpod` of a file's text.

    >>> [o.text for o in scan_gitpod("image: gitpod/workspace-full:2024-10-02\\n").scan]
    ['gitpod/workspace-full:2024-10-02']
    >>> found = scan_gitpod("image:\\n  file: .gitpod.Dockerfile\\n", path="/r/.gitpod.yml")
    >>> [(b.dockerfile, b.context) for b in found.builds]
    [('/r/.gitpod.Dockerfile', '/r')]
    """
    document, errors, suppressions = first_mapping(text, path, max_bytes)
    image = get(document, "image")
    occurrences: list[Occurrence] = []
    builds: list[BuildConfig] = []
    written = string_value(image) if image is not None else None
    if image is not None and written:
        line, column = value_position(image)
        occurrences.append(
            Occurrence.of_text(
                path=path, line=line, column=column, kind=KIND, raw=written, text=written,
                context={"field": "image"},
            )
        )  # fmt: skip
    elif image is not None:
        file = get(image, "file")
        dockerfile = string_value(file) if file is not None else None
        context = get(image, "context")
        folder = (string_value(context) if context is not None else None) or "."
        if file is not None and dockerfile:
            root = os.path.dirname(path) if path else ""
            builds.append(
                BuildConfig(
                    site=BuildSite(TOOL, path, value_position(file)[0]),
                    name=TOOL,
                    context=os.path.normpath(os.path.join(root, folder)),
                    dockerfile=os.path.normpath(os.path.join(root, dockerfile)),
                )
            )
    tasks = _tasks(document, path, text) if document is not None else BuildFile(path=path)
    return BuildFile(
        [*builds, *tasks.builds], tasks.built, path=path, composes=tasks.composes,
        scan=Scan([*occurrences, *tasks.scan.occurrences], errors, suppressions),
    )  # fmt: skip


#: A task's scripts, in the order Gitpod runs them in the task's terminal.
_TASK_SCRIPTS = ("before", "init", "command")


def _tasks(document: yaml.Node, path: str | None, text: str) -> BuildFile:
    """What the ``tasks``' scripts build (``docker build -t``, the compose files they run) and
    the images they run or pull, each once a line: a task's ``docker run`` of the image its
    ``init`` built is no pull."""
    from .shell import ShellReader, built_by, may_build, may_pull, pulls_scan

    data = text.encode()
    pulling = may_pull(data)
    if not (pulling or may_build(data)):
        return BuildFile(path=path)
    builds: list[ShellBuild] = []
    composes: list[ShellCompose] = []
    pulls: list[tuple[ShellPull, Mapping[str, object]]] = []
    for task in sequence(get(document, "tasks")):
        name = scalar(get(task, "name"))
        # (one terminal a task, at the checkout, with the task's `env`: what `before` sets,
        # `init` and `command` see; a value that refers to another is a run's)
        env = {
            key: value
            for key, node, _ in items(get(task, "env"))
            if (value := scalar(node)) is not None and "$" not in value
        }
        reader = ShellReader(env, pulls=pulling, no_arguments=True)
        for field in _TASK_SCRIPTS:
            node = get(task, field)
            script = scalar(node)
            if node is None or not script:
                continue
            done = len(reader.pulls or ())
            # (a literal block's first line is the one after its `|`)
            literal = getattr(node, "style", None) == "|"
            first = int(node.start_mark.line) + 2 if literal else value_position(node)[0]
            builds.extend(reader.read(script, first))
            context: dict[str, object] = {"command": field}
            if name:
                context["task"] = name
            last = int(node.end_mark.line) + 1
            for pull in (reader.pulls or [])[done:]:
                # (folded or quoted text: its image is looked for on each line of the value)
                pulls.append((pull if literal else pull.at(first, max(first, last)), context))
        composes.extend(reader.composes)
    root = os.path.dirname(path) if path else ""
    found = built_by(builds, TOOL, path, root, composes=composes)
    if pulls:
        found.scan = pulls_scan(path, text.split("\n"), TOOL, pulls)
    return found
