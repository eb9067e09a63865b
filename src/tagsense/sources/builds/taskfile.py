"""go-task's Taskfiles: the images their tasks' commands build, run and pull.

``task NAME`` (https://taskfile.dev) runs each of the task's ``cmds`` in a shell
of its own, after Go's template engine has put the task's variables in
(``docker run {{.IMAGE}}``). Each command is read as a Makefile recipe line is
(:mod:`.shell`): the names its build commands give are the project's built images
(tool ``task``), the Dockerfile they build is fed their build arguments, its
``docker compose`` commands are the project's, and the images its ``docker
run``/``pull``/``create`` (kind ``create cluster --image``, ``kubectl run
--image``…) commands pull are occurrences of kind ``shell`` at the image's line
and column, with ``context`` ``tool`` (``task``), ``task`` (its name), ``engine``,
``verb`` (and ``included_by`` in an included Taskfile). wagoodman/dive's
``Taskfile.yaml`` runs ``docker run … ubuntu:latest`` to test its packages. Its
``helm install|upgrade|template … -f F`` and ``ct install --helm-extra-set-args``
install the project's chart with those values (``task deploy``; see :mod:`._helm_cmd`).

What is read, after Task's schema version 3 (``taskfile/ast`` and ``compiler.go``):

- ``tasks.NAME``: ``cmds`` (strings, ``{cmd: …}`` with a ``for`` list or variable,
  ``{defer: …}``), ``cmd``, or the task written as a list or a string; ``dir``; ``env``;
  ``vars``; a ``task:`` call (in ``cmds`` or ``deps``) that gives ``vars`` reads the task
  it calls again, with them (one without runs it as it reads alone);
- variables, in Task's order: the special ``TASK``; the global ``env`` and ``vars`` of
  every file read (a name two files give different values is a run's: Task merges
  them in no fixed order); an include's ``vars``, then the included file's own; a
  call's; the task's. Each value's templates are put in from those before it. ``sh:``
  values, ``ref:``, lists and maps are unknown, and so is every name the files do not
  define (the command line's, the environment's, ``CLI_ARGS``, ``ROOT_DIR``…): an image
  whose text is partly unknown is not reported as a pull (see :mod:`._task_template`);
- the command's environment: the global ``env`` and the task's (``vars`` are not
  exported); a task with ``dotenv`` files may have the global ones replaced;
- where it runs: the task's ``dir`` from its Taskfile's directory, or an include's
  ``dir`` (see :mod:`._task_graph`, which reads the ``includes``).

A value set on the command line (``task build TAG=1``) is not looked for: the
answer does not depend on who runs the check, as for a Makefile's ``?=``.
"""

from __future__ import annotations

import os

from .._yaml import get, items, scalar, sequence, value_position
from ._common import read_text
from ._helm_cmd import may_install
from ._runs import may_run, runs_in
from ._shell_values import MAX_BYTES, UNKNOWN
from ._task_graph import joined, read_graph
from ._task_template import branches, go_value, render
from .shell import ShellReader, built_by, comment_suppressions, may_build, may_pull, word_position

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    import yaml

    from ...occurrence import Occurrence
    from ..project import BuildConfig, BuildFile, BuiltImage, ChartRelease, ComposeRun
    from ._compose_cmd import ShellCompose
    from ._helm_cmd import ShellChart
    from ._runs import Running
    from ._shell_values import ShellBuild, ShellPull
    from ._task_graph import Graph, Inclusion, Task

__all__ = ["read_taskfile"]

#: What a Taskfile's commands build, run with compose and install with helm.
_Commands = tuple["list[ShellBuild]", "list[ShellCompose]", "list[ShellChart]"]

#: How deep ``task:`` calls with variables are followed, and how many readings of tasks one
#: Taskfile may take (a call with variables reads its task again).
_MAX_CALL_DEPTH = 4
_MAX_READINGS = 2000
#: The most items of a ``for`` list read.
_MAX_LOOP = 64


def read_taskfile(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """What a Taskfile's tasks build (``BuildSite`` tool ``task``), the compose commands
    they run, and what they pull (its ``scan``), with the Taskfiles it includes (its
    ``reads``). A file that cannot be read, is larger than ``max_bytes``, or is no
    Taskfile of version 3 says nothing here (Task reports it); never raises.
    """
    from ..project import BuildFile

    text = read_text(path, max_bytes)
    if not isinstance(text, str):
        return BuildFile(path=path)
    data = text.encode()
    if not (
        may_build(data) or may_pull(data) or may_install(data) or may_run(data)
        or b"envsubst" in data
        or b"includes" in data
    ):  # fmt: skip
        return BuildFile(path=path)  # (a quick look: most run no engine)
    try:
        graph = read_graph(path, max_bytes)
        if graph is None:
            return BuildFile(path=path)
        reading = _Reading(graph, max_bytes)
        for task in dict.fromkeys(graph.tasks.values()):  # (an alias is its task)
            reading.task(task, None, 0)
    except RecursionError:  # pragma: no cover - bounded everywhere; a last resort
        return BuildFile(path=path)
    return _result(path, graph, reading)


def _result(path: str, graph: Graph, reading: _Reading) -> BuildFile:
    from ...occurrence import Scan
    from .._context_cache import stat_of
    from ..project import BuildFile

    configs: list[BuildConfig] = []
    images: list[BuiltImage] = []
    runs: list[ComposeRun] = []
    releases: list[ChartRelease] = []
    for (file, start), (builds, composes, charts) in reading.builds.items():
        found = built_by(builds, "task", file, start, composes=composes, charts=charts)
        configs.extend(found.builds)
        images.extend(found.built)
        runs.extend(found.composes)
        releases.extend(found.charts)
    lines = {inclusion.file.path: inclusion.file.lines for inclusion in graph.inclusions}
    suppressions = [
        suppression
        for where in dict.fromkeys(occurrence.path for occurrence in reading.pulls)
        for suppression in comment_suppressions(lines[where or path], where)
    ]
    scan = Scan(reading.pulls, (), suppressions)
    reads = list(dict.fromkeys(graph.reads))
    inputs = {read: stat_of(read) for read in reads}
    found = BuildFile(
        dict.fromkeys(configs), dict.fromkeys(images), scan, reads=reads, path=path,
        inputs=inputs, composes=dict.fromkeys(runs), charts=dict.fromkeys(releases),
    )  # fmt: skip
    # (the scripts the commands run are read through the Taskfile, with what it gives them)
    for running in reading.runnings:
        found = running.into(found)
    return found


class _Reading:
    """The readings of a Taskfile's tasks: what their commands build and pull."""

    __slots__ = (
        "builds", "done", "env", "graph", "max_bytes", "placed", "pulls", "running", "runnings",
        "var_files",
        "vars",
    )  # fmt: skip

    def __init__(self, graph: Graph, max_bytes: int) -> None:
        self.graph = graph
        self.max_bytes = max_bytes
        files = list(dict.fromkeys(inclusion.file for inclusion in graph.inclusions))
        self.env = _merged(file.entries("env") for file in files)
        self.vars = _merged(file.entries("vars") for file in files)
        #: The files that give each global variable.
        self.var_files: dict[str, set[str]] = {}
        for file in files:
            for name, _ in file.entries("vars"):
                self.var_files.setdefault(name, set()).add(file.path)
        self.done: set[tuple[str, tuple[tuple[str, str], ...] | None]] = set()
        #: What the commands build, the compose commands they run and the charts they
        #: install, by file and directory.
        self.builds: dict[tuple[str, str | None], _Commands] = {}
        #: The images the commands pull, each once a line of a file.
        self.pulls: list[Occurrence] = []
        self.placed: set[tuple[str, int, str]] = set()
        #: The project's scripts each task's commands run (``task NAME`` is a run of its own:
        #: a wrapper every task runs its commands through is read once a task), and the
        #: task's being read now (``None``: none yet).
        self.runnings: list[Running] = []
        self.running: Running | None = None

    # --- a task ------------------------------------------------------------------------

    def task(self, task: Task, call: Mapping[str, str] | None, depth: int) -> None:
        """Read one task's commands, with the variables a call gives it (``None``: none)."""
        key = (task.name, tuple(sorted(call.items())) if call is not None else None)
        if key in self.done or len(self.done) >= _MAX_READINGS:
            return
        self.done.add(key)
        outer, self.running = self.running, None
        try:
            self._task(task, call, depth)
        finally:
            self.running = outer

    def _task(self, task: Task, call: Mapping[str, str] | None, depth: int) -> None:
        import yaml

        node = task.node
        variables = self._variables(task, call)
        commands: list[yaml.Node] = []
        deps: list[yaml.Node] = []
        directory = task.inclusion.base
        environment = self._environment(variables, dotenv=False)
        if isinstance(node, yaml.MappingNode):
            single = get(node, "cmd")
            commands = ([single] if single is not None else []) + sequence(get(node, "cmds"))
            deps = sequence(get(node, "deps"))
            written = scalar(get(node, "dir"))
            if written:
                directory = joined(directory, render(written, variables))
            if get(node, "dotenv") is not None:
                environment = self._environment(variables, dotenv=True)
            for name, value, _ in items(get(node, "env")):
                environment[name] = self._value(value, variables)
        elif isinstance(node, yaml.SequenceNode):
            commands = sequence(node)
        elif isinstance(node, yaml.ScalarNode):
            commands = [node]
        for command in commands:
            self._item(task, command, variables, environment, directory, depth)
        for dep in deps:
            self._call(task, dep, variables, depth)

    def _variables(self, task: Task, call: Mapping[str, str] | None) -> dict[str, str]:
        """The variables of a task's templates, in Task's order (see the module)."""
        variables: dict[str, str] = {}
        if "*" not in task.name:
            variables["TASK"] = task.name
        # (Task's own: the absolute directories of the first Taskfile and of the task's)
        variables["ROOT_DIR"] = os.path.abspath(os.path.dirname(self.graph.inclusions[0].file.path))
        variables["TASKFILE_DIR"] = os.path.abspath(os.path.dirname(task.inclusion.file.path))
        for merged in (self.env, self.vars):
            for name, value in merged.items():
                variables[name] = UNKNOWN if value is None else self._value(value, variables)
        inclusion = task.inclusion
        if inclusion.parent is not None:
            given = _given(inclusion)
            for name, value in given.items():
                variables[name] = self._value(value, variables)
                if self.var_files.get(name, set()) - {inclusion.file.path}:
                    # (Task puts the including files' own values back over it: which wins
                    # depends on the order it merged them in)
                    variables[name] = UNKNOWN
            for name, value in inclusion.file.entries("vars"):
                variables[name] = self._value(value, variables)
        if call is not None:
            variables.update(call)
        if isinstance(task.node, _mapping()):
            for name, value, _ in items(get(task.node, "vars")):
                variables[name] = self._value(value, variables)
        return variables

    def _environment(self, variables: Mapping[str, str], *, dotenv: bool) -> dict[str, str]:
        """The global ``env`` a task's commands get (a task's ``dotenv`` files may replace
        any of it)."""
        return {
            name: UNKNOWN if value is None or dotenv else self._value(value, variables)
            for name, value in self.env.items()
        }

    def _value(self, node: yaml.Node, variables: Mapping[str, str]) -> str:
        """A variable's value, its templates put in from ``variables``."""
        value = go_value(node)
        if "{{" not in value:
            return value
        rendered = render(value, variables)
        return UNKNOWN if rendered is None else rendered

    # --- commands ------------------------------------------------------------------------

    def _item(
        self,
        task: Task,
        item: yaml.Node,
        variables: Mapping[str, str],
        environment: Mapping[str, str],
        directory: str | None,
        depth: int,
    ) -> None:
        """One item of ``cmds``: a command, a ``task:`` call, or a ``defer``."""
        if not isinstance(item, _mapping()):
            self._command(task, item, variables, environment, directory)
            return
        deferred = get(item, "defer")
        if deferred is not None:
            self._item(task, deferred, variables, environment, directory, depth)
            return
        if get(item, "task") is not None:
            self._call(task, item, variables, depth)
            return
        command = get(item, "cmd")
        if command is None:
            return
        for extra, written in _loop(get(item, "for"), variables):
            scope = {**variables, **extra}
            self._command(task, command, scope, environment, directory, written)

    def _command(
        self,
        task: Task,
        node: yaml.Node,
        variables: Mapping[str, str],
        environment: Mapping[str, str],
        directory: str | None,
        item: yaml.Node | None = None,
    ) -> None:
        """Read one command, as its shell runs it (``item``: the ``for`` list's item it runs
        with, where the image may be written)."""
        written = scalar(node)
        if not written:
            return
        text = render(written, variables)
        # (with `{{ if }}` blocks: each way through them is a command some run has)
        texts = (text,) if text is not None else branches(written, variables)
        for each in texts:
            self._script(task, node, each, environment, directory, item)

    def _script(
        self,
        task: Task,
        node: yaml.Node,
        text: str,
        environment: Mapping[str, str],
        directory: str | None,
        item: yaml.Node | None,
    ) -> None:
        """Read one rendered command's text, as its shell runs it."""
        literal = getattr(node, "style", None) == "|"
        first = int(node.start_mark.line) + 2 if literal else value_position(node)[0]
        reader = ShellReader(environment, pulls=True, cwd="" if directory is not None else None)
        builds = reader.read(text, first)
        file = task.inclusion.file.path
        if builds or reader.composes or reader.charts:
            found = self.builds.setdefault((file, directory), ([], [], []))
            found[0].extend(builds)
            found[1].extend(reader.composes)
            found[2].extend(reader.charts)
        root = self.graph.inclusions[0].file.path
        context: dict[str, object] = {"tool": "task"}
        for pull in reader.pulls or ():
            line, column = _place(task.inclusion.file.lines, node, pull, item)
            if (file, line, pull.image) in self.placed:
                continue
            self.placed.add((file, line, pull.image))
            context = {"tool": "task", "engine": pull.engine, "verb": pull.verb, "task": task.name}
            if file != root:
                context["included_by"] = root
            self.pulls.append(_occurrence(file, line, column, pull.image, context))
        if directory is not None and runs_in(text):
            self._run_scripts(file, text, first, environment, directory)

    def _run_scripts(
        self, file: str, text: str, first: int, environment: Mapping[str, str], directory: str
    ) -> None:
        """The project's scripts a command runs (``./scripts/build.sh``, ``bash x.sh``), read
        with the command's environment, the global and the task's ``env``, from the task's
        directory (see ``._runs``): ava-labs/avalanchego's task ``env: {TEST_SETUP:
        avalanchego}`` runs a script that stops unless ``TEST_SETUP`` is set."""
        from ..context import project_root
        from ._runs import Running

        root = self.graph.inclusions[0].file.path
        start = os.path.dirname(root)
        if self.running is None:
            self.running = Running(start, project_root(root), file=root, max_bytes=self.max_bytes)
            self.runnings.append(self.running)
        self.running.file = file
        cwd = os.path.relpath(directory or os.curdir, start or os.curdir)
        ShellReader(environment, cwd="" if cwd == os.curdir else cwd, running=self.running).read(
            text, first
        )

    def _call(self, task: Task, item: yaml.Node, variables: Mapping[str, str], depth: int) -> None:
        """A ``task:`` call that gives variables: the task it calls, read with them."""
        given = get(item, "vars")
        written = scalar(get(item, "task")) if isinstance(item, _mapping()) else None
        if given is None or not written or depth >= _MAX_CALL_DEPTH:
            return  # (called without variables, a task is as it reads alone)
        name = task.inclusion.task_name(written)
        rendered = render(name, variables) if name is not None else None
        called = self.graph.task(rendered) if rendered and UNKNOWN not in rendered else None
        if called is None:
            return
        for extra, _ in _loop(get(item, "for"), variables):
            scope = {**variables, **extra}
            values = {key: self._value(value, scope) for key, value, _ in items(given)}
            self.task(called, values, depth + 1)


def _given(inclusion: Inclusion) -> dict[str, yaml.Node]:
    """The ``vars`` the includes around a Taskfile give it (an outer include's over an inner
    one's, in the order Task merges them)."""
    given: dict[str, yaml.Node] = {}
    for outer in inclusion.chain()[:-1]:
        for name, value in outer.vars:
            given[name] = value
    return given


def _merged(entries: Iterable[list[tuple[str, yaml.Node]]]) -> dict[str, yaml.Node | None]:
    """The global ``vars`` (or ``env``) of every file read, by name: a value node, or
    ``None`` when two files give a name different values."""
    merged: dict[str, yaml.Node | None] = {}
    for file_entries in entries:
        for name, value in file_entries:
            if name not in merged:
                merged[name] = value
                continue
            known = merged[name]
            if known is not None and go_value(known) != go_value(value):
                merged[name] = None
    return merged


def _loop(
    node: yaml.Node | None, variables: Mapping[str, str]
) -> list[tuple[dict[str, str], yaml.Node | None]]:
    """The values a ``for`` gives its command, one mapping each (``[{}]`` without one), with
    the list's item each is written as: a list's items, or a variable's words; any other
    loop (``sources``, a ``matrix``) has its values unknown."""
    import yaml

    if node is None:
        return [({}, None)]
    as_name = scalar(get(node, "as")) if isinstance(node, yaml.MappingNode) else None
    name = as_name or "ITEM"
    if isinstance(node, yaml.SequenceNode):
        listed = sequence(node)[:_MAX_LOOP]
        return [({name: go_value(item)}, item) for item in listed] or [({}, None)]
    variable = scalar(get(node, "var")) if isinstance(node, yaml.MappingNode) else None
    if variable is not None and get(node, "split") is None:
        value = variables.get(variable, UNKNOWN)
        if UNKNOWN not in value:
            return [({name: word}, None) for word in value.split()[:_MAX_LOOP]] or [({}, None)]
    return [({name: UNKNOWN}, None)]


def _place(
    lines: list[str], node: yaml.Node, pull: ShellPull, item: yaml.Node | None
) -> tuple[int, int]:
    """Where the image a command pulls is written: in the command (a literal block keeps
    its lines; another scalar folds them, so all of them are looked in), else in the ``for``
    list's item it came from, else at the command's start."""
    if getattr(node, "style", None) == "|":
        first, last = pull.line, pull.last_line
        column = 1
    else:
        first, column = value_position(node)
        last = max(first, int(node.end_mark.line) + 1)
    window = lines[first - 1 : last]
    if window:  # (what is before the value on its line is YAML's: a key, a dash)
        window[0] = " " * (column - 1) + window[0][column - 1 :]
    written = any(pull.image in text for text in window)
    if item is not None and scalar(item) == pull.image and not written:
        return value_position(item)
    line, column = word_position(window, 1, len(window), pull.image, pull.lead)
    return first + line - 1, column


def _occurrence(
    path: str, line: int, column: int, image: str, context: dict[str, object]
) -> Occurrence:
    from ...occurrence import Occurrence

    return Occurrence.of_text(
        path=path, line=line, column=column, kind="shell", raw=image, text=image,
        context=context,
    )  # fmt: skip


def _mapping() -> type:
    import yaml

    return yaml.MappingNode
