"""CircleCI: ``docker`` images of jobs and executors, parameters put in as CircleCI compiles them.

``<< parameters.x >>`` takes the value a workflow invokes the job with (its
arguments, every combination of its ``matrix.parameters`` less ``exclude``),
else the parameter's ``default``; an executor's parameters take the arguments
of the job's ``executor:`` (themselves written with the job's parameters),
else their defaults. ``<< pipeline.parameters.x >>`` is the default of the
top-level ``parameters:`` (but an empty one in a continued configuration, which the
setup job gives). Orbs written in the file (``orbs: {name: {…}}``) are
read the same way, their jobs invoked as ``name/job``; orbs from the registry
(``circleci/node@5``) are not read, but for the ``default`` executors of
CircleCI's language orbs, whose image is known (:data:`ORB_EXECUTORS`). What only a run knows
(``<< pipeline.git.tag >>``, a parameter without a value) stays unresolved by
name. A job no workflow invokes, and an executor no job uses, are read with
their defaults.
"""

from __future__ import annotations

import os

from .._circleci_shape import is_circleci_place, orb_source_section
from .._yaml import scalar, sequence
from ._scanner import Resolved, TextBuilder, fields, is_custom, is_mapping

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    import yaml

    from ._scanner import Resolutions, Scanner

__all__ = ["MAX_COMBINATIONS", "ORB_EXECUTORS", "Templating", "circleci"]

#: The most jobs one invocation's matrix makes, here.
MAX_COMBINATIONS = 256

#: Executors of registry orbs whose image is ``repository:<< parameters.tag >>``:
#: (orb, executor) -> (first version with that image, repository). Each orb's
#: ``src/executors/default.yml`` says so, and its history says since when:
#: circleci/python from 1.0 (0.x ran ``circleci/python``), circleci/node from 2.0
#: (1.x ran ``circleci/node``), circleci/ruby from 1.0 (0.x ran ``circleci/ruby``),
#: circleci/go from 1.2 (0.x ran ``circleci/golang``; the first 1.x tag is 1.1.2).
#: mozilla/telemetry-airflow's ``executor: {name: python/default, tag: …}`` runs
#: ``cimg/python:<tag>``. Only a ``tag`` the job gives is read: the default
#: differs between versions.
ORB_EXECUTORS: dict[tuple[str, str], tuple[tuple[int, int], str]] = {
    ("circleci/python", "default"): ((1, 0), "cimg/python"),
    ("circleci/node", "default"): ((2, 0), "cimg/node"),
    ("circleci/ruby", "default"): ((1, 0), "cimg/ruby"),
    ("circleci/go", "default"): ((1, 2), "cimg/go"),
}

#: Keys of a job invocation in a workflow that are not the job's parameters.
_INVOCATION_KEYS = frozenset(
    {
        "name", "requires", "context", "filters", "matrix", "pre-steps", "post-steps",
        "type", "serial-group", "override-with",
    }
)  # fmt: skip

#: A parameter's value, as written, and what it needs from a run (if anything).
Params = dict[str, Resolved]


#: A section of CircleCI's templating, as Mustache writes one: ``<<#parameters.x>>TEXT``
#: ``<</parameters.x>>`` (``TEXT`` when ``x`` is true) and ``<<^parameters.x>>TEXT``
#: ``<</parameters.x>>`` (when it is false), which orbs use too. Plume's executor runs
#: ``<<#parameters.postgres>>cimg/postgres:14.2<</parameters.postgres>>`` and, after it,
#: ``<<^parameters.postgres>>alpine:latest<</parameters.postgres>>``.
_SECTION = r"<<\s*([#^])\s*((?:pipeline\.)?parameters\.[\w-]+)\s*>>(.*?)<<\s*/\s*\2\s*>>"


def _value(name: str, params: Params, pipeline: Params) -> Resolved | None:
    """The value of ``parameters.x`` or ``pipeline.parameters.x`` (``None``: none known)."""
    if name.startswith("parameters."):
        return params.get(name.removeprefix("parameters."))
    if name.startswith("pipeline.parameters."):
        return pipeline.get(name.removeprefix("pipeline.parameters."))
    return None


def _sections(text: str, params: Params, pipeline: Params, used: dict[str, str]) -> str:
    """``text`` with each section (:data:`_SECTION`) of a known parameter kept or taken out:
    shown for a true value (not empty, not ``false``) after ``#``, for a false one after
    ``^``. A section of a parameter only a run gives stays, unresolved by name.

    >>> text = "<<#parameters.pg>>a:1<</parameters.pg>><<^parameters.pg>>b:2<</parameters.pg>>"
    >>> _sections(text, {"pg": Resolved("true")}, {}, {}), _sections(text, {}, {}, {}) == text
    ('a:1', True)
    """
    import re

    def put(match: re.Match[str]) -> str:
        value = _value(match.group(2), params, pipeline)
        if value is None or value.unresolved:
            return match.group(0)
        used[match.group(2).removeprefix("parameters.")] = value.text
        true = value.text.strip().lower() not in ("", "false")
        return match.group(3) if true == (match.group(1) == "#") else ""

    return re.sub(_SECTION, put, text, flags=re.DOTALL)


def _substitute(text: str, params: Params, pipeline: Params) -> Resolved:
    """``text`` with ``<< parameters.x >>`` and ``<< pipeline.parameters.x >>`` put in, and
    its sections (:func:`_sections`) kept or taken out."""
    if "<<" not in text:
        return Resolved(text)
    import re

    builder = TextBuilder("parameters")
    text = _sections(text, params, pipeline, builder.used)
    index = 0
    for match in re.finditer(r"<<\s*([^<>]*?)\s*>>", text):
        builder.literal(text[index : match.start()])
        name = match.group(1)
        value = _value(name, params, pipeline)
        if value is None:
            builder.unknown(match.group(0), (name,))
        else:
            builder.add(value)
            if not value.unresolved:
                builder.used[name.removeprefix("parameters.")] = value.text
        index = match.end()
    builder.literal(text[index:])
    return builder.result()


def _defaults(node: yaml.Node | None, pipeline: Params) -> Params:
    """The defaults of a ``parameters:`` mapping (a parameter without one: no value)."""
    params: Params = {}
    for name, definition in fields(node).items():
        default = fields(definition).get("default")
        text = scalar(default)
        if text is not None and not is_custom(default):  # type: ignore[arg-type]
            params[name] = _substitute(text, {}, pipeline)
    return params


def _pipeline_defaults(scanner: Scanner, node: yaml.Node | None) -> Params:
    """The top-level ``parameters:`` defaults. A continued configuration (the one a setup
    configuration's ``continuation/continue`` runs) is given its pipeline parameters by the
    setup job at run time: there an empty default is a placeholder the setup fills in
    (zeek's ``zeek/zeek-ci:alpine-<< pipeline.parameters.alpine_image_version >>``, the
    version a script computes), not an empty piece of the image, so it stays unresolved."""
    params = _defaults(node, {})
    if scanner.path is None or not is_circleci_place(scanner.path):
        return params
    return {name: value for name, value in params.items() if value.text or value.unresolved}


def _arguments(node: yaml.Node, params: Params, pipeline: Params, skip: frozenset[str]) -> Params:
    """The arguments of an invocation (values written with the caller's parameters)."""
    found: Params = {}
    for name, value in fields(node).items():
        text = scalar(value)
        if name not in skip and text is not None:
            found[name] = _substitute(text, params, pipeline)
    return found


def _matrix(scanner: Scanner, node: yaml.Node | None, pipeline: Params) -> list[Params]:
    """The argument sets a ``matrix:`` makes (``[{}]`` without one)."""
    matrix = fields(node)
    parameters = fields(matrix.get("parameters"))
    if not parameters:
        return [{}]
    rows: list[Params] = [{}]
    for name, values in parameters.items():
        options = [text for item in sequence(values) if (text := scalar(item)) is not None]
        if not options:
            continue
        if len(rows) * len(options) > MAX_COMBINATIONS:
            scanner.error(node, f"matrix: more than {MAX_COMBINATIONS} combinations; not read")
            return [{}]
        rows = [{**row, name: _substitute(option, {}, pipeline)} for row in rows
                for option in options]  # fmt: skip
    excluded = [
        {name: scalar(value) for name, value in fields(entry).items()}
        for entry in sequence(matrix.get("exclude"))
    ]
    return [
        row
        for row in rows
        if not any(
            entry and all(name in row and row[name].text == value for name, value in entry.items())
            for entry in excluded
        )
    ]


class _Config:
    def __init__(self, scanner: Scanner, root: dict[str, yaml.Node]) -> None:
        self.scanner = scanner
        self.pipeline = _pipeline_defaults(scanner, root.get("parameters"))
        self.jobs: dict[str, tuple[yaml.Node, str]] = {}  # name -> (node, orb prefix)
        self.executors: dict[str, tuple[yaml.Node, str]] = {}
        scopes: list[tuple[str, dict[str, yaml.Node]]] = [("", root)]
        #: alias -> the repository of a registry orb whose image is known (``cimg/python``)
        self.orb_images: dict[str, dict[str, str]] = {}
        for orb, body in scanner.mapping(root.get("orbs"), "orbs").items():
            if is_mapping(body):
                scopes.append((f"{orb}/", fields(body)))
            elif (written := scalar(body)) is not None:
                self.orb_images[orb] = _orb_images(written)
        for prefix, scope in scopes:
            where = prefix.rstrip("/")
            for section, found in (("jobs", self.jobs), ("executors", self.executors)):
                label = f"orbs.{where}.{section}" if prefix else section
                for name, node in scanner.mapping(scope.get(section), label).items():
                    found.setdefault(prefix + name, (node, prefix))
        self.invocations: dict[str, list[Params]] = {}
        for workflow in scanner.mapping(root.get("workflows"), "workflows").values():
            if not is_mapping(workflow):
                continue  # ``version: 2``
            for entry in sequence(fields(workflow).get("jobs")):
                self._invocation(entry)

    def _invocation(self, entry: yaml.Node) -> None:
        if scalar(entry) is not None:
            self.invocations.setdefault(str(scalar(entry)), []).append({})
            return
        for name, arguments in fields(entry).items():
            given = _arguments(arguments, {}, self.pipeline, _INVOCATION_KEYS)
            for row in _matrix(self.scanner, fields(arguments).get("matrix"), self.pipeline):
                self.invocations.setdefault(name, []).append({**given, **row})

    def read(self) -> None:
        used_executors: set[str] = set()
        for name, (node, prefix) in self.jobs.items():
            job = self.scanner.mapping(node, f"jobs.{name}")
            defaults = _defaults(job.get("parameters"), self.pipeline)
            for arguments in self.invocations.get(name, [{}]):
                params = {**defaults, **arguments}
                self._docker(job.get("docker"), f"jobs.{name}", {"job": name}, params)
                executor = self._executor(job.get("executor"), params, prefix)
                if executor is None:
                    self._orb_executor(job.get("executor"), name, params)
                else:
                    exec_name, exec_params = executor
                    used_executors.add(exec_name)
                    self._executor_images(exec_name, exec_params)
        for name in self.executors:
            if name not in used_executors:
                self._executor_images(name, {})

    def _executor(
        self, node: yaml.Node | None, params: Params, prefix: str
    ) -> tuple[str, Params] | None:
        """The executor a job runs in, and its arguments."""
        if node is None:
            return None
        text = scalar(node)
        arguments: Params = {}
        if text is None:
            body = fields(node)
            text = scalar(body.get("name"))
            arguments = _arguments(node, params, self.pipeline, frozenset({"name"}))
        if text is None:
            return None
        name = _substitute(text, params, self.pipeline)
        if name.unresolved:
            return None
        for candidate in (prefix + name.text, name.text):
            if candidate in self.executors:
                return candidate, arguments
        return None

    def _orb_executor(self, node: yaml.Node | None, job: str, params: Params) -> None:
        """The image of a known registry orb's executor, from the ``tag`` the job gives."""
        body = fields(node) if is_mapping(node) else {}
        name, tag = scalar(body.get("name")), body.get("tag")
        if name is None or tag is None or "/" not in name:
            return
        alias, executor = name.split("/", 1)
        repository = self.orb_images.get(alias, {}).get(executor)
        if repository is None:
            return

        def resolve(text: str) -> Resolutions:
            resolved = _substitute(text, params, self.pipeline)
            image = Resolved(
                f"{repository}:{resolved.text}",
                resolved.unresolved,
                resolved.run_time,
                None if resolved.known is None else len(repository) + 1 + resolved.known,
                resolved.used,
            )
            extra: dict[str, object] = {"parameters": dict(resolved.used)} if resolved.used else {}
            return [(image, extra)]

        self.scanner.image(
            tag,
            f"jobs.{job}.executor.tag",
            {"job": job, "executor": name, "field": "docker", "primary": True},
            resolve=resolve,
        )

    def _executor_images(self, name: str, arguments: Params) -> None:
        node, _ = self.executors[name]
        executor = self.scanner.mapping(node, f"executors.{name}")
        params = {**_defaults(executor.get("parameters"), self.pipeline), **arguments}
        self._docker(executor.get("docker"), f"executors.{name}", {"executor": name}, params)

    def _docker(
        self, node: yaml.Node | None, where: str, context: dict[str, object], params: Params
    ) -> None:
        resolve = self._resolver(params)
        for index, item in enumerate(self.scanner.items_of(node, f"{where}.docker")):
            item_where = f"{where}.docker[{index}]"
            if not is_mapping(item):
                if not is_custom(item):
                    self.scanner.wrong(item, item_where, "a mapping with 'image'")
                continue
            self.scanner.image(
                fields(item).get("image"),
                f"{item_where}.image",
                {**context, "field": "docker", "primary": index == 0},
                resolve=resolve,
            )

    def _resolver(self, params: Params) -> Callable[[str], Resolutions]:
        def resolve(text: str) -> Resolutions:
            resolved = _substitute(text, params, self.pipeline)
            extra: dict[str, object] = {}
            if resolved.used:
                extra["parameters"] = dict(resolved.used)
            return [(resolved, extra)]

        return resolve


#: The keys whose lists are steps (a job's, a command's, a ``when``'s; a workflow's job's).
STEP_KEYS = frozenset({"steps", "pre-steps", "post-steps"})
#: The most nodes a look through a job or a file for parameters and commands visits.
_MAX_LOOK = 20_000
#: The keys whose values a shell's text may take parameters from (see ``Templating._look``).
_SHELL_PLACES = frozenset({"run", "command", "environment", "condition"})
#: How deep a logic statement is read.
MAX_LOGIC_DEPTH = 20


class Templating:
    """What CircleCI puts in a configuration's steps before a shell runs them
    (https://circleci.com/docs/reusing-config/: parameters are substituted in the whole
    job, its steps included, and a command's ``steps`` take the arguments its invocation
    gives, the command's defaults else): the job parameters of each of a job's
    invocations (:meth:`job_parameters`, as :class:`_Config` reads them for its images),
    a command's (:meth:`command_parameters`), the text of a step with them put in
    (:meth:`substitute`), and whether a ``when``/``unless`` step's condition keeps it
    (:meth:`condition`). OpenLineage's ``run: docker run … << parameters.image >> …``
    runs each manylinux image its workflow's matrix gives."""

    def __init__(self, scanner: Scanner, root: dict[str, yaml.Node]) -> None:
        self.config = _Config(scanner, root)
        self.commands = {
            name: node for name, node in fields(root.get("commands")).items() if is_mapping(node)
        }
        #: The commands some step invokes (the others are read with their defaults).
        self.invoked: set[str] = set()
        #: The steps seen to invoke a command (by id), whose arguments a shell may read.
        self._calls: set[int] = set()
        #: The fields of the mappings looked at, by id (the nodes live as long as this), and
        #: each command's defaults: a job's walk puts in its commands again and again.
        self.kept: dict[int, dict[str, yaml.Node]] = {}
        self._defaults: dict[str, Params] = {}
        if self.commands:
            self._look(list(root.values()), self.invoked, set())

    def _look(self, nodes: list[yaml.Node], invoked: set[str], names: set[str]) -> None:
        """Collect into ``invoked`` the commands the steps under ``nodes`` invoke, into
        ``names`` the parameters named (``<< parameters.x >>``) where a shell's text comes
        from: a ``run`` or its ``command``, an ``environment``, a step's ``condition``, the
        arguments of a command's invocation (not a ``resource_class``, a step's ``name``)."""
        import re

        pending: list[tuple[yaml.Node, bool]] = [(node, False) for node in nodes]
        visited = 0
        while pending and visited < _MAX_LOOK:
            current, shell = pending.pop()
            visited += 1
            text = scalar(current)
            if text is not None:
                if shell and "<<" in text:
                    names.update(re.findall(r"(?<![\w.])parameters\.([\w-]+)", text))
                continue
            if not is_mapping(current):
                pending.extend((item, shell) for item in sequence(current))
                continue
            arguments: set[int] = set()
            for key, value in self.fields(current).items():
                if key in STEP_KEYS:
                    for step in sequence(value):
                        call = self.command_call(step)
                        if call is not None:
                            invoked.add(call[0])
                            arguments.add(id(step))
                inner = shell or key in _SHELL_PLACES or id(current) in self._calls
                pending.append((value, inner))
            self._calls.update(arguments)

    def command_call(self, step: yaml.Node) -> tuple[str, yaml.Node | None] | None:
        """``(command, its arguments)`` for a step that invokes one of the file's
        commands (``- name`` or ``- name: {argument: value}``), else ``None``."""
        name = scalar(step)
        if name is not None:
            return (name, None) if name in self.commands else None
        own = self.fields(step)
        if len(own) != 1:
            return None
        ((name, arguments),) = own.items()
        return (name, arguments) if name in self.commands else None

    def job_parameters(self, name: str, job: yaml.Node) -> list[Params]:
        """The parameters of each invocation of the file's job ``name`` (its defaults
        when no workflow invokes it), one a distinct set of the values its shells' texts use."""
        defaults = _defaults(fields(job).get("parameters"), self.config.pipeline)
        names: set[str] = set()
        self._look([job], set(), names)
        found: dict[tuple[tuple[str, str, tuple[str, ...]], ...], Params] = {}
        for arguments in self.config.invocations.get(name, [{}]):
            params = {**defaults, **arguments}
            key = tuple(
                (used, value.text, value.unresolved)
                for used in sorted(names)
                if (value := params.get(used)) is not None
            )
            found.setdefault(key, params)
        return list(found.values())

    def command_parameters(self, name: str, arguments: yaml.Node | None, outer: Params) -> Params:
        """A command's parameters: the arguments its invocation gives (written with the
        parameters ``outer`` of the job or command that invokes it), else its defaults."""
        pipeline = self.config.pipeline
        defaults = self._defaults.get(name)
        if defaults is None:
            body = self.fields(self.commands[name])
            defaults = self._defaults[name] = _defaults(body.get("parameters"), pipeline)
        given = _arguments(arguments, outer, pipeline, frozenset()) if arguments else {}
        return {**defaults, **given}

    def fields(self, node: yaml.Node) -> dict[str, yaml.Node]:
        """A mapping's fields (``{}`` for anything else), read once."""
        known = self.kept.get(id(node))
        if known is None:
            known = self.kept[id(node)] = fields(node) if is_mapping(node) else {}
        return known

    def condition(self, node: yaml.Node | None, params: Params) -> bool | None:
        """The value of a ``when``/``unless`` step's ``condition`` (a logic statement, which
        CircleCI decides as it compiles the configuration: a value's truthiness, ``and``,
        ``or``, ``not``, ``equal``, ``matches``), ``None`` when only a run knows it."""
        return _logic(node, lambda text: self.substitute(text, params), 0)

    def substitute(self, text: str, params: Params) -> Resolved:
        """``text`` with ``<< parameters.x >>`` and ``<< pipeline.parameters.x >>`` put in
        (what only a run knows stays as written)."""
        return _substitute(text, params, self.config.pipeline)


def _logic(node: yaml.Node | None, put: Callable[[str], Resolved], depth: int) -> bool | None:
    """A step's logic statement's value (https://circleci.com/docs/configuration-reference/,
    "Logic statements": ``false``, ``null``, ``0``, ``NaN`` and an empty string are false;
    ``and``, ``or``, ``not``, ``equal``), ``None`` where a value only a run gives decides it,
    or a statement not read here (``matches``)."""
    if node is None or depth > MAX_LOGIC_DEPTH:
        return None
    text = scalar(node)
    if text is not None:
        value = put(text)
        if value.unresolved:
            return None
        return value.text.strip().lower() not in ("", "false", "null", "~", "0", "nan")
    own = fields(node) if is_mapping(node) else {}
    if len(own) != 1:
        return None
    ((operator, argument),) = own.items()
    if operator == "not":
        inner = _logic(argument, put, depth + 1)
        return None if inner is None else not inner
    if operator in ("and", "or"):
        values = [_logic(item, put, depth + 1) for item in sequence(argument)]
        decisive = operator == "or"  # (a true `or`, a false `and`)
        if decisive in values:
            return decisive
        return None if None in values else not decisive
    if operator == "equal":
        items = sequence(argument)
        texts = [put(text) for item in items if (text := scalar(item)) is not None]
        if len(texts) != len(items) or any(value.unresolved for value in texts):
            return None
        return len({value.text for value in texts}) <= 1
    return None


def _orb_images(written: str) -> dict[str, str]:
    """executor -> image repository, of a registry orb written ``namespace/orb@version``."""
    orb, _, version = written.partition("@")
    numbers = version.split(".")[:2]
    if version != "volatile" and not all(number.isdigit() for number in numbers):
        return {}  # no version, or a dev: version: its executors are not known
    # (volatile is the newest version; "2" and "2.1" are the newest of theirs, at least 2.0, 2.1)
    at = (9999, 0) if version == "volatile" else (int(numbers[0]), int([*numbers, "0"][1]))
    return {
        executor: repository
        for (name, executor), (first, repository) in ORB_EXECUTORS.items()
        if name == orb and at >= first
    }


def circleci(scanner: Scanner, documents: list[yaml.Node]) -> None:
    section = orb_source_section(scanner.path) if scanner.path is not None else None
    if section is not None:
        documents = [_in_section(document, section, scanner.path or "") for document in documents]
    for document in documents:
        root = scanner.root(document)
        if root is not None:
            _Config(scanner, root).read()


def _in_section(document: yaml.Node, section: str, path: str) -> yaml.Node:
    """An orb source's executor or job file as the packed orb holds it:
    ``{SECTION: {NAME: document}}`` (the nodes keep their places in the file)."""
    import yaml

    name = os.path.splitext(os.path.basename(path))[0]
    mark = document.start_mark

    def key(text: str) -> yaml.ScalarNode:
        return yaml.ScalarNode("tag:yaml.org,2002:str", text, mark, mark)

    inner = yaml.MappingNode("tag:yaml.org,2002:map", [(key(name), document)], mark, mark)
    return yaml.MappingNode("tag:yaml.org,2002:map", [(key(section), inner)], mark, mark)
