"""A go-task Taskfile and the Taskfiles it ``includes``: their tasks, by the names ``task``
calls them, and where each runs.

As Task reads them (https://taskfile.dev/docs/guide/includes, and go-task's
``taskfile/ast``):

- an include is ``NAME: PATH`` or ``NAME: {taskfile: PATH, dir, vars, flatten,
  excludes, aliases, optional}``; its path is relative to the including file's
  directory, and a directory is looked in for the names Task reads
  (:data:`~..discover.TASKFILE_NAMES`). A path a template or a run decides, or a
  remote one (``https://``, ``git@``), is not read; nor is a file of another schema
  version than the first one's (Task refuses it), nor one of a cycle;
- the included tasks are named ``NAME:task`` (not with ``flatten``), and so are the
  tasks their ``task:`` calls name, but for a name that starts with ``:`` (the
  including file's own);
- an included task runs in the include's ``dir`` (relative to the including file's
  directory; with the mapping form and no ``dir``, that directory); with the short
  form, where the including file's tasks run: the first file's directory. A task's
  own ``dir`` is relative to that.

The include's ``taskfile`` and ``dir`` are templates over the including file's
variables as written (a value that is itself a template is not put in: unknown).
"""

from __future__ import annotations

import os

from .._yaml import get, items, load_yaml, scalar, sequence
from ._common import is_remote, read_text
from ._shell_values import UNKNOWN
from ._task_template import go_value, render

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

__all__ = ["Graph", "Inclusion", "Task", "Taskfile", "joined", "read_graph"]

#: The most Taskfiles one reading follows, and how deep includes go.
_MAX_FILES = 50
MAX_DEPTH = 10


class Taskfile:
    """One Taskfile as read: its path, its top-level mapping and its lines."""

    __slots__ = ("lines", "node", "path")

    def __init__(self, path: str, node: yaml.Node, text: str) -> None:
        self.path = path
        self.node = node
        self.lines = text.split("\n")

    def entries(self, key: str) -> list[tuple[str, yaml.Node]]:
        """The ``vars`` or ``env`` of the file, in order (name, value node)."""
        return [(name, value) for name, value, _ in items(get(self.node, key))]


class Inclusion:
    """A Taskfile where it is included (the first one: ``parent`` ``None``): the namespace
    its tasks get (``None``: flattened, or the first file), the variables the include gives
    (``vars``, name and value node), what it leaves out (``excludes``), and the directory its
    tasks run in (``base``; ``None``: a run decides)."""

    __slots__ = ("base", "excludes", "file", "namespace", "parent", "vars")

    def __init__(
        self,
        file: Taskfile,
        parent: Inclusion | None,
        namespace: str | None,
        variables: list[tuple[str, yaml.Node]],
        excludes: tuple[str, ...],
        base: str | None,
    ) -> None:
        self.file = file
        self.parent = parent
        self.namespace = namespace
        self.vars = variables
        self.excludes = excludes
        self.base = base

    def chain(self) -> list[Inclusion]:
        """This inclusion and those it is included through, innermost first."""
        found: list[Inclusion] = []
        current: Inclusion | None = self
        while current is not None:
            found.append(current)
            current = current.parent
        return found

    def task_name(self, name: str) -> str | None:
        """The name a task (or a ``task:`` call) of this file has for ``task`` (``None``:
        an include leaves it out), as each include around it names it."""
        for inclusion in self.chain()[:-1]:
            if _excluded(name, inclusion.excludes):
                return None
            if inclusion.namespace is not None:
                name = name[1:] if name.startswith(":") else f"{inclusion.namespace}:{name}"
        return name.removeprefix(":")


class Task:
    """A task of an inclusion: the name ``task`` calls it by, its node (a mapping, a list of
    commands, or one command) and the line of its name."""

    __slots__ = ("inclusion", "name", "node")

    def __init__(self, name: str, node: yaml.Node, inclusion: Inclusion) -> None:
        self.name = name
        self.node = node
        self.inclusion = inclusion


class Graph:
    """The Taskfiles of one reading: the inclusions (the first file's first), the tasks by
    name (and alias), and the files read besides the first."""

    __slots__ = ("inclusions", "reads", "tasks")

    def __init__(self) -> None:
        self.inclusions: list[Inclusion] = []
        self.tasks: dict[str, Task] = {}
        self.reads: list[str] = []

    def task(self, name: str) -> Task | None:
        """The task ``task NAME`` runs (an alias, an include's ``default``), or ``None``."""
        return self.tasks.get(name) or self.tasks.get(f"{name}:default")


def read_graph(path: str, max_bytes: int) -> Graph | None:
    """The Taskfile ``path`` with the Taskfiles it includes, or ``None`` when it is no
    Taskfile Task reads (not YAML, no ``version: '3'``…); never raises."""
    first = _taskfile(path, max_bytes)
    if first is None:
        return None
    graph = Graph()
    root = Inclusion(first, None, None, [], (), os.path.dirname(path))
    _include(graph, root, max_bytes, 0, {os.path.realpath(path)})
    for inclusion in graph.inclusions:
        _add_tasks(graph, inclusion)
    for inclusion in graph.inclusions:  # (after every task's own name: no alias hides one)
        _add_aliases(graph, inclusion)
    return graph


def _taskfile(path: str, max_bytes: int) -> Taskfile | None:
    """A Taskfile of Task's version 3 (an included one must be of the same version)."""
    text = read_text(path, max_bytes)
    if not isinstance(text, str):
        return None
    loaded = load_yaml(text, path=path, max_bytes=max_bytes)
    if loaded.errors or not loaded.documents:
        return None  # (go-yaml refuses a duplicate key too)
    node = loaded.documents[0]  # (the first document: what go-yaml decodes)
    written = scalar(get(node, "version")) or ""
    if written.split(".")[0].lstrip("v") != "3":
        return None
    return Taskfile(path, node, text)


def _include(
    graph: Graph, inclusion: Inclusion, max_bytes: int, depth: int, seen: set[str]
) -> None:
    """Add ``inclusion`` and, depth first, the Taskfiles it includes."""
    graph.inclusions.append(inclusion)
    if depth >= MAX_DEPTH:
        return
    file = inclusion.file
    known = _written_values(file)
    for namespace, include, _ in items(get(file.node, "includes")):
        if len(graph.inclusions) >= _MAX_FILES:
            return
        found = _included(file.path, include, known)
        if found is None:
            continue
        path, options = found
        real = os.path.realpath(path)
        if real in seen:
            continue  # (a cycle: Task refuses it)
        included = _taskfile(path, max_bytes)
        if included is None:
            continue
        graph.reads.append(path)
        flatten = scalar(get(options, "flatten")) == "true"
        base = inclusion.base
        if options is not None:  # (the mapping form: its dir, by default the includer's)
            written = scalar(get(options, "dir")) or ""
            base = joined(os.path.dirname(file.path), render(written, known))
        child = Inclusion(
            included,
            inclusion,
            None if flatten else namespace,
            [(name, value) for name, value, _ in items(get(options, "vars"))],
            tuple(text for item in sequence(get(options, "excludes")) if (text := scalar(item))),
            base,
        )
        _include(graph, child, max_bytes, depth + 1, seen | {real})


def _included(
    including: str, include: yaml.Node, known: dict[str, str]
) -> tuple[str, yaml.Node | None] | None:
    """The file an include names (a directory: the first Taskfile name in it), and its
    options (``None`` for the short form); ``None`` when it names none here."""
    import yaml

    options = include if isinstance(include, yaml.MappingNode) else None
    written = scalar(get(include, "taskfile")) if options is not None else scalar(include)
    if not written:
        return None
    rendered = render(written, known)
    if rendered is None or UNKNOWN in rendered or is_remote(rendered):
        return None
    if rendered.startswith("~"):
        return None  # (the home directory of whoever runs it)
    path = joined(os.path.dirname(including), rendered) or ""
    if os.path.isdir(path):
        from ..discover import TASKFILE_NAMES

        names = [os.path.join(path, name) for name in TASKFILE_NAMES]
        path = next((name for name in names if os.path.isfile(name)), "")
    return (path, options) if path and os.path.isfile(path) else None


def _written_values(file: Taskfile) -> dict[str, str]:
    """The values of a file's ``vars`` as written, as Task puts them in its include paths
    (a value that is a template is not put in)."""
    values = {}
    for name, node in file.entries("vars"):
        value = go_value(node)
        values[name] = UNKNOWN if "{{" in value else value
    return values


def joined(directory: str | None, path: str | None) -> str | None:
    """``path`` from ``directory`` as Task joins them (an absolute path is kept; ``None``:
    a run decides), in the style of ``directory`` (``""``: the working directory)."""
    if directory is None or path is None or UNKNOWN in path:
        return None
    if not path:
        return directory
    return os.path.normpath(os.path.join(directory, path)) if directory else os.path.normpath(path)


def _add_tasks(graph: Graph, inclusion: Inclusion) -> None:
    """Name the tasks of one inclusion in the graph; the first of a name is kept (Task
    refuses a Taskfile where two have one)."""
    for key, node, _ in items(get(inclusion.file.node, "tasks")):
        name = inclusion.task_name(key)
        if name is not None and name not in graph.tasks:
            graph.tasks[name] = Task(name, node, inclusion)


def _add_aliases(graph: Graph, inclusion: Inclusion) -> None:
    for key, node, _ in items(get(inclusion.file.node, "tasks")):
        task = graph.tasks.get(inclusion.task_name(key) or "")
        if task is None or task.node is not node:
            continue
        for alias in sequence(get(node, "aliases")):
            text = scalar(alias)
            named = inclusion.task_name(text) if text else None
            if named is not None:
                graph.tasks.setdefault(named, task)


def _excluded(name: str, excludes: tuple[str, ...]) -> bool:
    """Whether an include's ``excludes`` leave a task out (``NAME``, or ``NAMESPACE:*``)."""
    for exclude in excludes:
        if exclude.endswith(":*"):
            if name.startswith(exclude[:-1]) and len(exclude) > 2:
                return True
        elif name == exclude:
            return True
    return False
