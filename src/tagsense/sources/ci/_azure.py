"""Azure Pipelines: container resources, and each job's ``container`` and ``services``.

Variables are those of the pipeline, the stage and the job (``variables:`` as
a mapping or a list of ``name``/``value``; the nearer wins), and of one leg of
the job's ``strategy.matrix`` at a time. They are put in as Azure does:

- ``${{ variables.x }}`` and ``${{ parameters.x }}`` when the pipeline is
  compiled (the variables of the YAML, not the matrix; a parameter's value is
  what the includer passes a template, else its ``default``: the templates are
  put in first, by :mod:`._azure_templates`);
- ``$[ variables['x'] ]`` when the job starts (a runtime expression: the
  matrix too); a ``container`` that names a container resource this way is
  that resource, for each value the matrix gives it;
- ``$(x)`` macros by the agent, in the image of the container it starts
  (values expanded in values first, as the agent does; names ignore case).

A name the file gives no value (``Build.SourceVersion``, a variable group's)
stays as written, in ``unresolved``. A container resource is read with the
variables of each job that uses it (by alias, in ``container``, ``services``
or a runtime expression), else with the pipeline's.
"""

from __future__ import annotations

from .._yaml import scalar, sequence
from ._expr import (
    AZURE_FUNCTIONS,
    ExpressionError,
    Partial,
    Unknown,
    evaluate,
    expression_end,
    to_string,
)
from ._scanner import Resolved, TextBuilder, fields, is_mapping, is_sequence
from ._vars import azure_macros

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    import yaml

    from ._azure_templates import Expansion
    from ._scanner import Resolutions, Scanner

__all__ = ["azure"]

_MAX_DEPTH = 50  # the agent's limit on variables in variables
_MAX_LEGS = 256


def _variables(node: yaml.Node | None) -> dict[str, str]:
    """``variables:`` as a mapping, or a list of ``{name, value}`` (groups and templates
    define what only Azure knows)."""
    found: dict[str, str] = {}
    if is_mapping(node):
        for name, value in fields(node).items():
            text = scalar(value)
            if text is not None:
                found[name] = text
    elif is_sequence(node):
        for item in sequence(node):
            entry = fields(item)
            key, text = scalar(entry.get("name")), scalar(entry.get("value"))
            if key is not None and text is not None:
                found[key] = text
    return found


def _expanded(variables: dict[str, str]) -> dict[str, Resolved]:
    """Variables with ``$(name)`` in their values put in (the agent's ``RecalculateExpanded``:
    recursive to depth 50; a cycle, or too deep, leaves a value as written). A name no
    variable of the file has stays as written, in ``unresolved``."""
    lowered = {name.lower(): value for name, value in variables.items()}
    return {name: _expand_one(value, lowered, (name.lower(),)) for name, value in variables.items()}


def _expand_one(value: str, variables: dict[str, str], chain: tuple[str, ...]) -> Resolved:
    if "$(" not in value:
        return Resolved(value)
    failed = False

    def lookup(name: str) -> Resolved | None:
        nonlocal failed
        key = name.lower()
        if key not in variables:
            return None
        if key in chain or len(chain) >= _MAX_DEPTH:
            failed = True
            return None
        return _expand_one(variables[key], variables, (*chain, key))

    result = azure_macros(value, lookup)
    return Resolved(value) if failed else result


class _Job:
    """One job (or leg of a job's matrix): its variables, as each kind of expression sees them."""

    def __init__(
        self, compile_time: dict[str, str], leg: dict[str, str], parameters: Mapping[str, object]
    ) -> None:
        self.compile_time = compile_time
        self.runtime = {**compile_time, **leg}
        self.expanded = _expanded(self.runtime)
        self.lowered = {name.lower(): value for name, value in self.expanded.items()}
        self.parameters = parameters
        self.leg = leg
        #: False when the matrix is an expression: its variables are only the run's.
        self.matrix_known = True

    def template(self, text: str) -> Resolved:
        """``${{ }}`` parts, at compile time."""
        known = {"variables": Partial(self.compile_time), "parameters": Partial(self.parameters)}
        return _expressions(text, "${{", "}}", known, frozenset({"variables", "parameters"}))

    def runtime_value(self, text: str, depth: int = 0) -> Resolved:
        """``$[ ]`` parts, when the job starts (a variable whose value is one is evaluated
        first, as Azure does; PowerShell's ``getContainerJob: $[ dependencies.….outputs[…] ]``
        is a step's output, a run's)."""
        values: dict[str, object] = {}
        for name, value in self.expanded.items():
            if "$[" in value.text and not value.unresolved and _mentions(text, name):
                value = self.runtime_value(value.text, depth + 1) if depth < _MAX_DEPTH else value
            values[name] = Unknown(value.unresolved) if value.unresolved else value.text
        known = {"variables": Partial(values)} if self.matrix_known else {}
        allowed = frozenset({"variables", "dependencies", "stagedependencies", "pipeline"})
        return _expressions(text, "$[", "]", known, allowed)

    def macros(self, text: str) -> Resolved:
        def lookup(name: str) -> Resolved | None:
            return self.lowered.get(name.lower())

        return azure_macros(text, lookup)

    def image(self, text: str) -> Resolved:
        """An image's text as the agent pulls it."""
        first = self.template(text)
        if "$[" in first.text:
            first = _join(first, self.runtime_value(first.text))
        return _join(first, self.macros(first.text))


def _join(before: Resolved, after: Resolved) -> Resolved:
    """``after`` (computed from ``before.text``), keeping what ``before`` left unresolved."""
    if not before.unresolved:
        return after
    names = tuple(dict.fromkeys((*before.unresolved, *after.unresolved)))
    known = before.known if after.known is None else min(after.known, before.known or 0)
    return Resolved(after.text, names, before.run_time, known, {**before.used, **after.used})


def _expressions(
    text: str, start: str, end: str, known: Mapping[str, object], allowed: frozenset[str]
) -> Resolved:
    if start not in text:
        return Resolved(text)
    builder = TextBuilder("expression")
    index = 0
    while True:
        begin = text.find(start, index)
        close = expression_end(text, begin + len(start), end) if begin >= 0 else -1
        if begin < 0 or close < 0:
            builder.literal(text[index:])
            return builder.result()
        builder.literal(text[index:begin])
        expression = text[begin + len(start) : close].strip()
        written = text[begin : close + len(end)]
        try:
            value = evaluate(expression, known, allowed=allowed, functions=AZURE_FUNCTIONS).value
        except ExpressionError:
            value = Unknown((expression,))
        if isinstance(value, Unknown):
            builder.unknown(written, value.names or (expression,))
        else:
            builder.literal(to_string(value))
        index = close + len(end)


def _legs(scanner: Scanner, strategy: yaml.Node | None, where: str) -> list[dict[str, str]] | None:
    """The variables of each leg of ``strategy.matrix`` (None: a matrix only Azure knows)."""
    matrix = fields(strategy).get("matrix")
    if matrix is None:
        return [{}]
    if not is_mapping(matrix):
        return None  # ``${{ parameters.matrix }}``, ``$[ dependencies… ]``
    legs = [_variables(leg) for leg in fields(matrix).values() if is_mapping(leg)]
    if len(legs) > _MAX_LEGS:
        scanner.error(matrix, f"{where}.strategy.matrix: more than {_MAX_LEGS} legs; not read")
        return None
    return legs or [{}]


class _Pipeline:
    def __init__(self, scanner: Scanner, root: dict[str, yaml.Node], expansion: Expansion) -> None:
        self.scanner = scanner
        self.root = root
        self.expansion = expansion
        self.variables = _variables(root.get("variables"))
        self.resources: dict[str, yaml.Node] = {}  # alias -> the resource's image node
        self.resource_users: dict[str, list[_Job]] = {}

    def read(self) -> None:
        scanner, root = self.scanner, self.root
        # (a list is the legacy form, ``resources: [{repo: self}]``: Azure takes it; no containers)
        listed = is_sequence(root.get("resources"))
        resources = {} if listed else scanner.mapping(root.get("resources"), "resources")
        containers = scanner.items_of(resources.get("containers"), "resources.containers")
        images: list[tuple[yaml.Node | None, str, dict[str, object]]] = []
        for index, container in enumerate(containers):
            where = f"resources.containers[{index}]"
            container_fields = scanner.mapping(container, where)
            alias = scalar(container_fields.get("container"))
            context: dict[str, object] = {"field": "resources"}
            image = container_fields.get("image")
            if alias is not None:
                context["container"] = alias
                if image is not None:
                    self.resources.setdefault(alias, image)
            images.append((image, f"{where}.image", context))
        self.job(root, self.expansion.root, "", {}, self.variables)
        for kind in ("jobs", "phases"):  # (``phases``: VSTS's jobs, which Azure still runs)
            for index, job in enumerate(scanner.items_of(root.get(kind), kind)):
                self.listed_job(job, f"{kind}[{index}]", {}, self.variables)
        for s_index, stage in enumerate(scanner.items_of(root.get("stages"), "stages")):
            stage_fields = scanner.mapping(stage, f"stages[{s_index}]")
            stage_name = scalar(stage_fields.get("stage"))
            stage_context: dict[str, object] = {} if stage_name is None else {"stage": stage_name}
            variables = {**self.variables, **_variables(stage_fields.get("variables"))}
            where = f"stages[{s_index}].jobs"
            for index, job in enumerate(scanner.items_of(stage_fields.get("jobs"), where)):
                self.listed_job(job, f"{where}[{index}]", stage_context, variables)
        for node, where, context in images:
            named = context.get("container")
            users = [] if named is None else self.resource_users.get(str(named), [])
            jobs = users or [_Job(self.variables, {}, self.expansion.parameters_of(node))]
            scanner.image(node, where, context, resolve=self._resolver(jobs))

    def listed_job(
        self, node: yaml.Node, where: str, context: dict[str, object], variables: dict[str, str]
    ) -> None:
        job_fields = self.scanner.mapping(node, where)
        name = scalar(job_fields.get("job", job_fields.get("deployment", job_fields.get("phase"))))
        job_context = {**context, "job": name} if name is not None else dict(context)
        variables = {**variables, **_variables(job_fields.get("variables"))}
        self.job(job_fields, node, f"{where}.", job_context, variables)

    def job(
        self,
        job_fields: dict[str, yaml.Node],
        node: yaml.Node,
        where: str,
        context: dict[str, object],
        variables: dict[str, str],
    ) -> None:
        legs = _legs(self.scanner, job_fields.get("strategy"), where.rstrip("."))
        # (a job of a template has the parameters its includer gave that template)
        parameters = self.expansion.parameters_of(node)
        if legs is None:
            jobs = [_Job(variables, {}, parameters)]
            jobs[0].matrix_known = False
        else:
            jobs = [_Job(variables, leg, parameters) for leg in legs]
        self.container(job_fields.get("container"), f"{where}container",
                       {**context, "field": "container"}, jobs)  # fmt: skip
        services = self.scanner.mapping(job_fields.get("services"), f"{where}services")
        for name, service in services.items():
            self.container(service, f"{where}services.{name}",
                           {**context, "field": "services", "service": name}, jobs)  # fmt: skip

    def container(
        self,
        node: yaml.Node | None,
        where: str,
        context: dict[str, object],
        jobs: list[_Job],
    ) -> None:
        """A container resource's alias (its resource is then used), an image, or a mapping."""
        text = scalar(node)
        if text is None or node is None:
            self.scanner.image_or_mapping(node, "image", where, context, self._resolver(jobs))
            return
        images: list[_Job] = []
        for job in jobs:
            value = job.template(text)
            if "$[" in value.text and not value.unresolved:
                value = job.runtime_value(value.text)
            if not value.unresolved and value.text in self.resources:
                self.resource_users.setdefault(value.text, []).append(job)
            else:
                images.append(job)
        if images:
            self.scanner.image(node, where, context, resolve=self._resolver(images, aliases=True))

    def _resolver(self, jobs: list[_Job], *, aliases: bool = False) -> Callable[[str], Resolutions]:
        def resolve(text: str) -> Resolutions:
            results: Resolutions = []
            for job in jobs:
                resolved = job.image(text)
                if aliases and not resolved.unresolved and resolved.text in self.resources:
                    continue
                extra: dict[str, object] = {}
                matrix = {k: v for k, v in job.leg.items() if _mentions(text, k)}
                if matrix:
                    extra["matrix"] = matrix
                results.append((resolved, extra))
            return results

        return resolve


def _mentions(text: str, name: str) -> bool:
    lowered = text.lower()
    name = name.lower()
    return f"$({name})" in lowered or f"'{name}']" in lowered or f"variables.{name}" in lowered


def azure(scanner: Scanner, documents: list[yaml.Node]) -> None:
    from ._azure_templates import expand

    expansion = expand(documents, scanner, text=scanner.file_text or None)
    if expansion is None:
        return
    root = scanner.root(expansion.root)
    if root is not None:
        _Pipeline(scanner, root, expansion).read()
