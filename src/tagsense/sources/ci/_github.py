"""GitHub Actions: workflows (job containers, services, ``docker://`` steps) and action metadata.

Images with ``${{ }}`` are evaluated as the runner's workflow parser does
(:mod:`._expr`): ``jobs.<id>.container`` and ``services`` allow the contexts
``github``, ``inputs``, ``vars``, ``needs``, ``strategy`` and ``matrix``
(GitHub's workflow schema); any other (``env``, ``secrets``) is an error of
the workflow, as is an expression in ``uses`` (no context is allowed there).
The file gives values to ``matrix`` (every combination of
``strategy.matrix``, :func:`matrix_combinations`) and ``inputs`` (the
``default`` of ``on.workflow_call`` and ``on.workflow_dispatch`` inputs) and ``needs``
(the outputs of the jobs a job needs, where the file tells them: see
``._shell.needs_of``); the rest only a run has, and stays unresolved by name
(``github.repository``, ``vars.REGISTRY``, ``needs.build.outputs.image``).
"""

from __future__ import annotations

import os
import posixpath
import re
from typing import NamedTuple

from ..._lazy import lazy_pattern
from .._yaml import MAX_BYTES as _MAX_BYTES
from .._yaml import items, scalar, sequence
from ..builds._shell_values import UNKNOWN as RUN_PART
from . import _dist_plan
from ._cibuildwheel import cibuildwheel_images
from ._expr import (
    MAX_OPTIONS,
    Either,
    Evaluation,
    ExpressionError,
    Partial,
    Unknown,
    either,
    evaluate,
    options,
    to_string,
)
from ._scanner import DOCKER_PREFIX, Resolved, TextBuilder, fields, is_mapping

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    import yaml

    from ._calls import Reading
    from ._scanner import Resolutions, Scanner

__all__ = ["MAX_COMBINATIONS", "github_action", "github_workflow", "matrix_combinations"]

#: The most jobs one matrix makes (GitHub's limit).
MAX_COMBINATIONS = 256
#: The most combinations of a matrix's axes expanded here, before its ``exclude`` takes
#: some away (GitHub's limit is on the jobs left).
_MAX_EXPANDED = 4096

#: The contexts the workflow schema allows in ``jobs.<id>.container`` and ``services``.
_JOB_CONTEXTS = frozenset({"github", "inputs", "vars", "needs", "strategy", "matrix"})
#: ... in a step's ``with:`` (the inputs of an action).
_STEP_CONTEXTS = _JOB_CONTEXTS | {"job", "runner", "env", "secrets", "steps"}
#: ... in ``jobs.<id>.strategy`` (the matrix itself).
_STRATEGY_CONTEXTS = frozenset({"github", "inputs", "vars", "needs"})
#: ... in the default of a ``workflow_call`` input.
_INPUT_CONTEXTS = frozenset({"github", "inputs", "vars"})

#: How many YAML nodes a matrix or an input may hold (an alias bomb is refused).
_MAX_NODES = 10_000


def is_dockerfile(image: str) -> bool:
    # The runner's test (actions/runner ActionManager), checked before ``docker://``.
    return image.endswith(("Dockerfile", "dockerfile"))


# --- values --------------------------------------------------------------------------


class _TooBig(Exception):
    pass


def _core_scalar(node: yaml.ScalarNode) -> object:
    """A scalar as the workflow parser types it (YAML 1.2 core schema for plain scalars)."""
    value: str = node.value
    if getattr(node, "style", None):
        return value  # quoted or a block: a string
    if value in ("", "~", "null", "Null", "NULL"):
        return None
    if value in ("true", "True", "TRUE"):
        return True
    if value in ("false", "False", "FALSE"):
        return False
    body = value[1:] if value[:1] in "+-" else value
    if body.isdigit() and body.isascii():
        return float(value)
    if value.startswith("0x") and len(value) > 2:
        try:
            return float(int(value[2:], 16))
        except ValueError:
            return value
    if value.startswith("0o") and len(value) > 2 and all(c in "01234567" for c in value[2:]):
        return float(int(value[2:], 8))
    if value in (".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"):
        return float("inf")
    if value in ("-.inf", "-.Inf", "-.INF"):
        return float("-inf")
    if value in (".nan", ".NaN", ".NAN"):
        return float("nan")
    import re

    if re.fullmatch(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?", value):
        return float(value)
    return value


def _value(node: yaml.Node, budget: list[int]) -> object:
    """A node as the workflow's data (mappings, lists, typed scalars)."""
    import yaml

    budget[0] -= 1
    if budget[0] < 0:
        raise _TooBig
    if isinstance(node, yaml.MappingNode):
        return {key: _value(value, budget) for key, value, _ in items(node)}
    if isinstance(node, yaml.SequenceNode):
        return [_value(item, budget) for item in node.value]
    assert isinstance(node, yaml.ScalarNode)
    return _core_scalar(node)


def _has_expression(value: object) -> bool:
    return isinstance(value, str) and "${{" in value


# --- templates: text with ${{ }} -----------------------------------------------------


def _segments(text: str) -> list[tuple[bool, str]]:
    """(is an expression, text) parts of a value, as the runner's template reader splits it.

    Raises :class:`ExpressionError` for a ``${{`` that is not closed.
    """
    parts: list[tuple[bool, str]] = []
    index = 0
    while True:
        start = text.find("${{", index)
        if start < 0:
            if index < len(text):
                parts.append((False, text[index:]))
            return parts
        if start > index:
            parts.append((False, text[index:start]))
        in_string = False
        end = -1
        for position in range(start + 3, len(text)):
            char = text[position]
            if char == "'":
                in_string = not in_string
            elif not in_string and char == "}" and text[position - 1] == "}":
                end = position
                break
        if end < 0:
            raise ExpressionError(
                "The expression is not closed. An unescaped ${{ sequence was found, "
                "but the closing }} sequence was not found."
            )
        parts.append((True, text[start + 3 : end - 1]))
        index = end + 1


def evaluate_template(
    text: str, known: dict[str, object], allowed: frozenset[str]
) -> list[tuple[object, Resolved]]:
    """Each value a string with ``${{ }}`` parts may have, and the text it becomes.

    A value is that of the expression when the string is one expression (a
    mapping, a list, :class:`Unknown`), else the text. There are several when
    a condition only a run knows chooses (:class:`~._expr.Either`), at most
    :data:`~._expr.MAX_OPTIONS`.
    """
    import itertools

    parts = _segments(text)
    choices: list[list[tuple[bool, str, object, dict[str, str]]]] = []
    for is_expression, part in parts:
        if not is_expression:
            choices.append([(False, part, None, {})])
            continue
        if not part.strip():
            raise ExpressionError("Expected an expression")
        evaluation: Evaluation = evaluate(part.strip(), known, allowed=allowed)
        choices.append(
            [(True, part, value, evaluation.used) for value in options(evaluation.value)]
        )
    results: list[tuple[object, Resolved]] = []
    whole_expression = len(parts) == 1 and parts[0][0]
    for combination in itertools.product(*choices):
        builder = TextBuilder("expression")
        whole: object = None
        # (the text with a run's parts marked, when each comes from such a value)
        marked: list[str] = []
        markable = True
        for is_expression, part, value, used in combination:
            if not is_expression:
                builder.literal(part)
                marked.append(part)
            elif isinstance(value, Unknown):
                whole = value
                builder.unknown("${{" + part + "}}", value.names or (part.strip(),))
                markable = False
            elif isinstance(value, str) and RUN_PART in value:
                # (an output that names an image with a tag a run decides: each such part is
                # the expression's, written as it is, for a run to fill in)
                whole = value
                for index, piece in enumerate(value.split(RUN_PART)):
                    if index:
                        builder.unknown("${{" + part + "}}", (part.strip(),))
                    if piece:
                        builder.literal(piece)
                marked.append(value)
            else:
                whole = value
                builder.add(Resolved(to_string(value), used=used))
                marked.append(to_string(value))
        result = builder.result()
        if not whole_expression and result.unresolved and markable:
            whole = "".join(marked)  # (a value that names images with a run's tags, passed on)
        elif not whole_expression:
            whole = result.text if not result.unresolved else Unknown(result.unresolved)
        results.append((whole, result))
        if len(results) >= MAX_OPTIONS:
            break
    return results


# --- the matrix ----------------------------------------------------------------------


def _same(left: object, right: object) -> bool:
    """Equal values (a kind never equals another; Unknown equals nothing)."""
    if isinstance(left, Unknown) or isinstance(right, Unknown):
        return False
    if isinstance(left, bool) or isinstance(right, bool):
        return left is right
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(_same(left[k], right[k]) for k in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(map(_same, left, right))
    return type(left) is type(right) and left == right


def matrix_combinations(
    axes: dict[str, list[object]],
    include: list[dict[str, object]],
    exclude: list[dict[str, object]],
    limit: int = MAX_COMBINATIONS,
) -> list[dict[str, object]]:
    """The jobs a matrix makes, as GitHub documents ``strategy.matrix``.

    Every combination of the axes (the first axis varying slowest), less
    those an ``exclude`` entry matches (on the keys it names), then each
    ``include`` entry: added to every combination whose original values it
    does not change (values added by an earlier entry may change), or, if it
    fits none, a combination of its own (which later entries leave alone).
    Without axes, each entry is a combination. Raises :class:`ValueError`
    past ``limit`` combinations, counted as GitHub counts them: after ``exclude`` and
    ``include`` (sqlalchemy's ``run-test.yaml`` has 315 of its axes, 116 jobs); the axes alone
    are not expanded past :data:`_MAX_EXPANDED` combinations.

    >>> [c for c in matrix_combinations({"os": ["a", "b"]}, [{"os": "b", "x": 1}], [])]
    [{'os': 'a'}, {'os': 'b', 'x': 1}]
    """
    size = 1
    for values in axes.values():
        size *= len(values)
        if size > max(limit, _MAX_EXPANDED):
            raise ValueError(f"{size:,} combinations or more; GitHub runs at most {limit}")
    combinations: list[dict[str, object]] = [{}] if axes else []
    for name, values in axes.items():
        combinations = [{**c, name: v} for c in combinations for v in values]
    combinations = [
        c
        for c in combinations
        if not any(
            all(key in c and _same(c[key], value) for key, value in entry.items())
            for entry in exclude
        )
    ]
    original = set(axes)
    extra: list[dict[str, object]] = []
    for entry in include:
        added = False
        for combination in combinations:
            if all(
                _same(combination[key], value)
                for key, value in entry.items()
                if key in original and key in combination
            ):
                combination.update(entry)
                added = True
        if not added:
            extra.append(dict(entry))
    result = combinations + extra
    if len(result) > limit:
        raise ValueError(f"{len(result):,} combinations; GitHub runs at most {limit}")
    return result


def _matrix(
    scanner: Scanner,
    node: yaml.Node | None,
    where: str,
    inputs: dict[str, object],
    needs: object = None,
) -> list[dict[str, object]]:
    """The matrix combinations of a job (``needs``: the outputs of the jobs it needs that
    the file tells, ``${{ fromJSON(needs.setup.outputs.images) }}``).

    A combination with the key ``*`` stands for a matrix the file does not give
    (an expression; or none at all: a ``matrix.x`` there is a mistake or a
    fragment, not judged).
    """
    if node is None:
        return [{"*": Unknown(("matrix",))}]
    known: dict[str, object] = {"inputs": inputs}
    if needs is not None:
        known["needs"] = needs
    try:
        matrix = _value(node, [_MAX_NODES])
    except _TooBig:
        scanner.error(node, f"{where}: more than {_MAX_NODES:,} values; not read")
        return [{"*": Unknown(("matrix",))}]
    try:
        if isinstance(matrix, str) and _dist_plan.MANIFEST_MATRIX in matrix:
            matrix = _dist_matrix(scanner, matrix)
        if _has_expression(matrix):
            matrix = _evaluated(str(matrix), known)
        if isinstance(matrix, Either) and all(isinstance(o, dict) for o in matrix.options):
            # (a matrix a condition only a run knows chooses, each a whole one: arkime's
            # generate-matrix job writes its push build's or its pull request's, `fromJson`ed;
            # each run is one of them, so each one's combinations are possible)
            found: list[dict[str, object]] = []
            for option in matrix.options:
                for combination in _matrix_of(scanner, node, where, option, known):
                    if "*" not in combination and combination not in found:
                        found.append(combination)
            return found or [{"*": Unknown(("matrix",))}]
    except ExpressionError as error:
        scanner.error(node, f"{where}: {error}")
        return [{"*": Unknown(("matrix",))}]
    return _matrix_of(scanner, node, where, matrix, known)


def _matrix_of(
    scanner: Scanner, node: yaml.Node, where: str, matrix: object, known: dict[str, object]
) -> list[dict[str, object]]:
    """The combinations of one matrix (a mapping, its values perhaps expressions: see
    :func:`_matrix`)."""
    try:
        if not isinstance(matrix, dict):
            return [{"*": Unknown(("matrix",))}]
        axes: dict[str, list[object]] = {}
        include: list[dict[str, object]] = []
        exclude: list[dict[str, object]] = []
        for key, value in matrix.items():
            if _has_expression(value):
                value = _evaluated(str(value), known)
            if key in ("include", "exclude"):
                if isinstance(value, Unknown | Either):
                    return [{"*": Unknown(("matrix",))}]
                entries = value if isinstance(value, list) else []
                target = include if key == "include" else exclude
                target.extend(_entry(e, known) for e in entries if isinstance(e, dict))
            elif isinstance(value, Unknown):
                axes[key] = [Unknown((f"matrix.{key}",))]
            elif isinstance(value, Either):
                # Chosen by a condition only a run knows: each list's values are possible.
                merged: list[object] = []
                for option in value.options:
                    merged.extend(option if isinstance(option, list) else [option])
                axes[key] = [
                    Unknown((f"matrix.{key}",)) if isinstance(item, Unknown) else item
                    for item in options(either(merged))
                ]
            elif isinstance(value, list):
                axes[key] = [_evaluated_item(v, known) for v in value]
    except ExpressionError as error:
        scanner.error(node, f"{where}: {error}")
        return [{"*": Unknown(("matrix",))}]
    try:
        combinations = matrix_combinations(axes, include, exclude)
    except ValueError as error:
        scanner.error(node, f"{where}: {error}")
        return [{"*": Unknown(("matrix",))}]
    # No combination (an empty axis): GitHub rejects the matrix; nothing is known.
    return combinations or [{"*": Unknown(("matrix",))}]


def _dist_matrix(scanner: Scanner, matrix: str) -> object:
    """The build matrix a dist manifest gives (``fromJson(needs.plan.outputs.val).ci.github
    .artifacts_matrix``), as dist plans it from the project's configuration (:mod:`._dist_plan`);
    else the expression, which only a run knows."""
    from . import _checkout

    legs = _dist_plan.artifacts_matrix(_checkout(scanner.path))
    return matrix if legs is None else {"include": legs}


def _entry(entry: dict[str, object], known: dict[str, object]) -> dict[str, object]:
    return {k: _evaluated_item(v, known) for k, v in entry.items()}


def _evaluated_item(value: object, known: dict[str, object]) -> object:
    """A matrix value with its expressions evaluated, also those inside an object or a list
    (``gateway: [{image: ${{ needs.build.outputs.image }}, tag: latest}]``: firezone's
    ci.yml, whose ``matrix.gateway.image`` was its expression's text)."""
    if _has_expression(value):
        return _evaluated(value, known)
    if isinstance(value, dict):
        return {k: _evaluated_item(v, known) for k, v in value.items()}
    if isinstance(value, list):
        return [_evaluated_item(v, known) for v in value]
    return value


def _evaluated(text: object, known: dict[str, object]) -> object:
    return either([value for value, _ in evaluate_template(str(text), known, _STRATEGY_CONTEXTS)])


def _inputs(
    root: dict[str, yaml.Node], events: tuple[str, ...] = ("workflow_call", "workflow_dispatch")
) -> dict[str, object]:
    """The ``inputs`` context as far as the file says: the defaults of the inputs of
    ``events``; any other input is Unknown."""
    on = root.get("on")
    inputs: dict[str, object] = Partial()
    for event in events:
        definitions = fields(fields(fields(on).get(event)).get("inputs"))
        for name, definition in definitions.items():
            if name in inputs and not isinstance(inputs[name], Unknown):
                continue
            default = fields(definition).get("default")
            value: object = Unknown((f"inputs.{name}",))
            if default is not None:
                try:
                    value = _value(default, [_MAX_NODES])
                    if _has_expression(value) and event == "workflow_call":
                        value = either(
                            [v for v, _ in evaluate_template(str(value), {}, _INPUT_CONTEXTS)]
                        )
                except (_TooBig, ExpressionError):
                    value = Unknown((f"inputs.{name}",))
                if isinstance(value, Unknown):
                    value = Unknown((f"inputs.{name}",))
            inputs[name] = value
    return inputs


# --- workflows -----------------------------------------------------------------------


def github_workflow(scanner: Scanner, documents: list[yaml.Node]) -> None:
    from ._calls import readings

    for document in documents:
        root = scanner.root(document)
        if root is None:
            continue
        # (once a call of it by another workflow of the repository: see ._calls)
        for reading in readings(scanner.path, root, scanner.max_bytes or _MAX_BYTES):
            _read_jobs(scanner, root, reading, document)


def _read_jobs(
    scanner: Scanner, root: dict[str, yaml.Node], reading: Reading, document: yaml.Node
) -> None:
    """The images of a workflow's jobs, run with the inputs of one ``reading``; a job's
    ``needs`` are the outputs of the jobs it needs that the file tells (:mod:`._shell`)."""
    inputs = reading.inputs
    needs: dict[str, object] | None = None
    written: list[dict[int, dict[str, object]]] = []  # (what $GITHUB_ENV gets: once asked)
    outputs: list[dict[int, list[tuple[object, dict[str, object]]]]] = []  # (steps: once asked)
    github = _github_context(scanner)
    for job, job_node in scanner.mapping(root.get("jobs"), "jobs").items():
        where = f"jobs.{job}"
        job_fields = scanner.mapping(job_node, where)
        matrix = fields(job_fields.get("strategy")).get("matrix")
        given: object = None
        if needs is None and _names_needs(job_fields):
            from . import _checkout
            from ._shell import needs_of

            needs = needs_of(document, root, inputs, _checkout(scanner.path))
        if needs is not None:
            given = needs.get(job)
        combinations = _matrix(scanner, matrix, f"{where}.strategy.matrix", inputs, given)
        resolve = _resolver(combinations, inputs, via=reading, needs=given, github=github)
        scanner.image_or_mapping(
            job_fields.get("container"),
            "image",
            f"{where}.container",
            {"job": job, "field": "container"},
            resolve,
            trim=DOCKER_PREFIX,  # (the workflow parser takes it off: linkerd2's docker://rust)
        )
        services = job_fields.get("services")
        listed: list[yaml.Node | None] = [services]
        if "${{" in (scalar(services) or ""):
            # (``services: ${{ matrix.cfg.services }}``: the maps the matrix's values hold;
            # ``${{ fromJSON(...) }}``: nothing to read)
            listed = list(_matrix_maps(matrix, scalar(services) or ""))
        for listed_services in listed:
            where_services = f"{where}.services"
            for name, service in scanner.mapping(listed_services, where_services).items():
                scanner.image_or_mapping(
                    service,
                    "image",
                    f"{where}.services.{name}",
                    {"job": job, "field": "services", "service": name},
                    resolve,
                    trim=DOCKER_PREFIX,
                )
        for index, step in enumerate(scanner.items_of(job_fields.get("steps"), f"{where}.steps")):
            uses_docker(scanner, step, f"{where}.steps[{index}]", {"job": job})
            env_nodes = (root.get("env"), job_fields.get("env"), fields(step).get("env"))
            env = _env(*env_nodes)
            env = _with_env_writes(env, step, scanner, [document], written)
            step_resolve = _resolver(
                combinations,
                inputs,
                env,
                _STEP_CONTEXTS,
                via=reading,
                # (the step's `github.job` is its job's id: moveit2's docker.yaml names
                # the image it checks `moveit/moveit2:${{ matrix.ROS_DISTRO }}-${{ github.job }}`)
                github=Partial({**(github or {}), "job": job}),
                env_expressions=_env_expressions(env, *env_nodes),
                steps=_step_outputs(step, scanner, [document], outputs),
            )
            image_inputs(scanner, step, f"{where}.steps[{index}]", {"job": job}, step_resolve)
            envs = (
                (root.get("env"), "env"),
                (job_fields.get("env"), f"{where}.env"),
                (fields(step).get("env"), f"{where}.steps[{index}].env"),
            )
            cibuildwheel_images(scanner, step, envs, {"job": job}, step_resolve)
            if "industrial_ci" in (uses := scalar(fields(step).get("uses")) or "") or (
                uses.startswith("./")
            ):
                from ._industrial_ci import industrial_ci_images

                industrial_ci_images(
                    scanner, step, envs, f"{where}.steps[{index}]", {"job": job}, step_resolve
                )


_MATRIX_PATH = lazy_pattern(r"\$\{\{\s*matrix((?:\.[A-Za-z_][A-Za-z0-9_-]*)+)\s*\}\}")


def _matrix_maps(matrix: yaml.Node | None, expression: str) -> list[yaml.Node]:
    """The mapping nodes a job field written as a whole matrix value (``${{ matrix.cfg.services
    }}``) takes, one a value of the matrix (an axis's items, ``include`` entries), as written
    in the matrix: airsonic-advanced's PR workflow gives each database's service there. Any
    other expression: none."""
    found = _MATRIX_PATH.fullmatch(expression.strip())
    if found is None:
        return []
    first, *rest = found.group(1)[1:].split(".")
    maps = []
    for value in _matrix_values(matrix, first):
        node = _below(value, rest)
        if node is not None and is_mapping(node):
            maps.append(node)
    return maps


def matrix_value_node(
    matrix: yaml.Node | None, combination: object, expression: str
) -> yaml.Node | None:
    """Where, in the matrix, the text a field written as a whole matrix value (``run: ${{
    matrix.cfg.run }}``) takes in one ``combination`` is written: the scalar node of the
    axis's item (or ``include`` entry) that gives the combination its value; ``None`` for any
    other expression, or a value not written so. airsonic-advanced's PR workflow gives each
    database's ``docker run`` there."""
    found = _MATRIX_PATH.fullmatch(expression.strip())
    if found is None or not isinstance(combination, dict):
        return None
    first, *rest = found.group(1)[1:].split(".")
    if first not in combination:
        return None
    for value in _matrix_values(matrix, first):
        try:
            same = _value(value, [_MAX_NODES]) == combination[first]
        except _TooBig:
            return None
        if same:
            node = _below(value, rest)
            return node if node is not None and scalar(node) is not None else None
    return None


def _matrix_values(matrix: yaml.Node | None, axis: str) -> list[yaml.Node]:
    """The nodes of the values the matrix gives ``axis``: its items, then ``include``'s."""
    values = list(sequence(fields(matrix).get(axis)))
    values += [
        fields(entry)[axis] for entry in sequence(fields(matrix).get("include"))
        if axis in fields(entry)
    ]  # fmt: skip
    return values


def _below(node: yaml.Node | None, keys: list[str]) -> yaml.Node | None:
    """The node at ``keys`` below ``node`` (``None``: not there)."""
    for key in keys:
        node = fields(node).get(key)
    return node


class ImageInput(NamedTuple):
    """An input of a well-known action that names an image the action runs."""

    #: The input.
    name: str
    #: The option of a ``key=value`` list (one a line) that names it; "": the whole input.
    option: str = ""
    #: Another input and the values of it for which the image is run ("": not given).
    when: tuple[str, frozenset[str]] | None = None
    #: Whether the input is the rest of a Dockerfile's ``FROM``: the image after an optional
    #: ``--platform=PLATFORM``.
    from_clause: bool = False
    #: Whether a value that is the path of a file of the checkout is a Dockerfile the action
    #: builds (and runs what it builds): no pull.
    or_dockerfile: bool = False
    #: Whether the input takes words of the action's own too (``off``, ``auto``): only a
    #: value that names an image by itself is one (see :func:`_named_images`).
    or_keyword: bool = False


#: maturin-action's manylinux container, for its ``build`` (the default) and ``publish``.
_MATURIN_CONTAINER = (
    ImageInput("container", when=("command", frozenset({"", "build", "publish"})), or_keyword=True),
)

#: The inputs of well-known actions that name an image the action runs (``docker run``):
#: QEMU's binfmt installer; the BuildKit image of a ``docker-container`` (the default)
#: or ``kubernetes`` builder (``driver-opts: image=moby/buildkit:v0.20.0``); the node image
#: of a kind cluster; the custom base image of ``uraimo/run-on-arch-action``, which its
#: ``src/run-on-arch.js`` writes after ``FROM`` in the Dockerfile it builds (its README:
#: ``base_image: --platform=linux/riscv64 riscv64/ubuntu:24.04``); the build container of
#: ``jtdor/build-deb-action`` (``docker-image``: "Name of a Debian-based Docker image to use as
#: build container or path of a Dockerfile in the workspace to build a temporary container
#: from", its README; ``scripts/run`` builds the file when ``[ -f "$INPUT_DOCKER_IMAGE" ]``,
#: else ``docker run``\ s the image); the manylinux container of PyO3's ``maturin-action``
#: (``container``, for its ``build`` and ``publish`` commands, ``build`` by default:
#: ``src/index.ts`` ``docker pull``\ s it; ``off``, ``auto`` or a manylinux version are
#: its own words).
IMAGE_INPUTS: dict[str, tuple[ImageInput, ...]] = {
    "docker/setup-qemu-action": (ImageInput("image"),),
    "jtdor/build-deb-action": (ImageInput("docker-image", or_dockerfile=True),),
    "pyo3/maturin-action": _MATURIN_CONTAINER,
    "messense/maturin-action": _MATURIN_CONTAINER,  # (its name before PyO3 took it over)
    "helm/kind-action": (ImageInput("node_image"),),
    "container-tools/kind-action": (ImageInput("node_image"),),
    "engineerd/setup-kind": (ImageInput("image"),),
    "uraimo/run-on-arch-action": (ImageInput("base_image", from_clause=True),),
    "docker/setup-buildx-action": (
        ImageInput(
            "driver-opts",
            "image",
            ("driver", frozenset({"", "docker-container", "kubernetes"})),
        ),
    ),
}


class ServiceAction(NamedTuple):
    """A well-known action that starts a service's container from two inputs: ``docker run
    IMAGE:VERSION``, each the input's value or its default."""

    #: The input that gives the tag (by default ``latest``).
    version: str
    #: The image's repository when no input gives it.
    image: str
    #: The input that gives the repository ("": none, the image is the action's own choice).
    image_input: str = ""
    #: The tag the action falls back to when the version given is empty (``None``: it fails).
    empty_version: str | None = None


#: Actions that start a database for a job's tests with ``docker run IMAGE:VERSION``:
#: supercharge/redis-github-action (``start-redis.sh``: ``docker run … $REDIS_IMAGE:
#: $REDIS_VERSION``, inputs ``redis-image`` (default ``redis``, from 1.5.0) and
#: ``redis-version`` (default ``latest``, also when given empty)) and
#: supercharge/mongodb-github-action (``start-mongodb.sh``: ``$MONGODB_IMAGE:$MONGODB_VERSION``,
#: ``mongodb-image`` default ``mongo``, ``mongodb-version`` default ``latest``; empty ones stop
#: it), Harmon758/postgresql-action (``entrypoint.sh``: ``postgres:$INPUT_POSTGRESQL_VERSION``,
#: ``postgresql version`` default ``latest``) and mirromutth/mysql-action (``mysql:
#: $INPUT_MYSQL_VERSION``, ``mysql version`` default ``latest``). By their names in lower case.
SERVICE_ACTIONS: dict[str, ServiceAction] = {
    "supercharge/redis-github-action": ServiceAction(
        "redis-version", "redis", "redis-image", empty_version="latest"
    ),
    "supercharge/mongodb-github-action": ServiceAction("mongodb-version", "mongo", "mongodb-image"),
    "harmon758/postgresql-action": ServiceAction("postgresql version", "postgres"),
    "mirromutth/mysql-action": ServiceAction("mysql version", "mysql"),
}


def _service_image(
    scanner: Scanner,
    step_fields: dict[str, yaml.Node],
    service: ServiceAction,
    context: dict[str, object],
    resolve: Callable[[str], Resolutions] | None,
) -> None:
    """The image a :data:`SERVICE_ACTIONS` step runs, at its version input (else its image
    input, else its ``uses``): the inputs' values put in as the step's other images are."""
    given = fields(step_fields.get("with"))
    version_node = given.get(service.version)
    image_node = given.get(service.image_input) if service.image_input else None
    version = scalar(version_node) if version_node is not None else "latest"
    image = scalar(image_node) if image_node is not None else service.image
    if version is None or image is None:
        return
    node = version_node if version_node is not None else image_node
    node = node if node is not None else step_fields.get("uses")
    raw = scalar(node) if node is not None else None
    if node is None or raw is None:
        return
    template = f"{image.strip()}:{version.strip()}"
    resolutions = resolve(template) if resolve is not None else [(Resolved(template), {})]
    action = (scalar(step_fields.get("uses")) or "").partition("@")[0]
    found = {**context, "field": "with", "action": action, "input": service.version}
    for resolved, extra in resolutions:
        text = resolved.text
        if text.startswith(":") or not text.strip():
            continue  # (no image: the action fails)
        if text.endswith(":") and not resolved.unresolved:
            if service.empty_version is None:
                continue
            resolved = Resolved(text + service.empty_version, used=resolved.used)
        scanner.emit(node, raw, 0, resolved, {**found, **extra})


#: A GitHub repository's address in a submodule's ``url`` (https, ssh, ``git@github.com:``).
_GITHUB_REPOSITORY = lazy_pattern(
    r"(?:(?:https?|ssh|git)://(?:[^@/]+@)?|git@)github\.com[:/]"
    r"([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+?)(?:\.git)?/*"
)
#: One ``key = value`` line of a ``.gitmodules`` section (git-config's syntax).
_GITMODULES_LINE = lazy_pattern(r"\s*([A-Za-z][A-Za-z0-9-]*)\s*=\s*(.*?)\s*")


def _submodule_action(uses: str, path: str | None) -> str:
    """The published action a local one (``uses: ./DIR``) is when ``DIR`` lies in a git
    submodule of a GitHub repository: ``OWNER/NAME`` (``OWNER/NAME/SUB`` for a directory
    ``SUB`` in it, GitHub's name of an action in a subdirectory), the ``path`` and ``url`` a
    section of the checkout's ``.gitmodules`` give; the runner runs the action.yml the checkout
    of that submodule holds, that repository's (apache/apisix-helm-chart's ci.yaml: ``uses:
    ./.github/actions/setup-kind`` with ``image: kindest/node:${{ matrix.k8s }}``, a submodule
    of engineerd/setup-kind). Else ``uses`` itself.

    >>> _submodule_action("./.github/actions/mine", None)
    './.github/actions/mine'
    """
    from . import _checkout

    top = _checkout(path)
    if top is None:
        return uses
    try:
        with open(os.path.join(top, ".gitmodules"), "rb") as handle:
            text = handle.read(1 << 16).decode("utf-8", "replace")
    except OSError:
        return uses
    wanted = posixpath.normpath(uses[2:])
    sections: list[dict[str, str]] = []
    for line in text.splitlines():
        if line.lstrip().startswith("["):
            sections.append({})
        elif sections and (found := _GITMODULES_LINE.fullmatch(line)) is not None:
            sections[-1][found.group(1).lower()] = found.group(2).strip('"')
    for section in sections:
        directory = posixpath.normpath(section.get("path", "").strip() or ".")
        repository = _GITHUB_REPOSITORY.fullmatch(section.get("url", "").strip())
        if repository is None or directory == ".":
            continue
        if wanted == directory or wanted.startswith(directory + "/"):
            return repository.group(1) + wanted[len(directory) :]
    return uses


def image_inputs(
    scanner: Scanner,
    step: yaml.Node,
    where: str,
    context: dict[str, object],
    resolve: Callable[[str], Resolutions] | None = None,
) -> None:
    """The images a step's ``with:`` gives a well-known action (:data:`IMAGE_INPUTS`), or
    another published action's ``image`` (see :func:`_any_action_image`)."""
    step_fields = fields(step)
    action = (scalar(step_fields.get("uses")) or "").partition("@")[0]
    if action.startswith("./"):
        action = _submodule_action(action, scanner.path)
    given = fields(step_fields.get("with"))
    specs = IMAGE_INPUTS.get(action.lower())  # (GitHub's names of actions ignore case)
    service = SERVICE_ACTIONS.get(action.lower())
    if service is not None:
        _service_image(scanner, step_fields, service, context, resolve)
        return
    if specs is None:
        if _any_action_image(action, given):
            found = {**context, "field": "with", "action": action, "input": "image"}
            written = scalar(given["image"]) or ""
            scheme, separator, _ = written.partition("://")
            if separator and scheme not in _REGISTRY_SCHEMES:
                return  # (docker scout's `local://`, `fs://`, `archive://`: no registry's)
            scanner.image(
                given["image"],
                f"{where}.with.image",
                found,
                prefix=len(scheme) + len(separator) if separator else 0,
                resolve=_named_images(resolve),
            )
        return
    for spec in specs:
        if spec.when is not None:
            value = scalar(given.get(spec.when[0])) or ""
            if "${{" not in value and value.strip() not in spec.when[1]:
                continue
        node = given.get(spec.name)
        found = {**context, "field": "with", "action": action, "input": spec.name}
        if spec.from_clause:
            option = _PLATFORM_OPTION.match(scalar(node) or "")
            scanner.image(
                node,
                f"{where}.with.{spec.name}",
                found,
                prefix=option.end() if option else 0,
                resolve=_after_platform(resolve),
            )
            continue
        if not spec.option:
            run = _named_images(resolve) if spec.or_keyword else resolve
            if spec.or_dockerfile:
                from . import _checkout

                run = _not_files(run, _checkout(scanner.path))
            scanner.image(node, f"{where}.with.{spec.name}", found, resolve=run)
            continue
        # One option a line, "key=value", blanks around it ignored (as the action reads it).
        for index, line in enumerate((scalar(node) or "").split("\n")):
            key, equals, value = line.strip().partition("=")
            if equals and key.strip() == spec.option and value.strip():
                scanner.image(
                    node,
                    f"{where}.with.{spec.name}",
                    {**found, "option": spec.option},
                    prefix=line.index(value.strip(), line.index("=") + 1),
                    resolve=_trimmed(resolve, len(value.strip())),
                    line=index,
                )


#: Inputs that say a step builds or pushes the image its ``image`` input names (see
#: ``._foreign_actions``), or logs in to its registry: no pull of it.
_BUILD_INPUTS = frozenset(
    {"dockerfile", "containerfile", "containerfiles", "context", "tags", "tag", "push",
     "registry", "build-args", "platforms"}
)  # fmt: skip


#: The schemes of an action's ``image`` that name a registry's image (docker scout's
#: ``registry://``, moby/buildkit's scan of its own images; ``docker://``, ``image://``).
_REGISTRY_SCHEMES = frozenset({"registry", "docker", "image"})


def _any_action_image(action: str, given: dict[str, yaml.Node]) -> bool:
    """Whether a step gives a published action (``OWNER/NAME``) an ``image`` to run: its own
    test harness (manticoresoftware/manticoresearch's ``manticoresoftware/clt``, ``image:
    ${{ matrix.image }}`` over 20 distributions' images: 92 pulls missed), a scanner, a
    deployment's. Not a step that builds or pushes it (:data:`_BUILD_INPUTS`)."""
    return (
        "image" in given
        and "/" in action
        and not action.startswith(("./", "docker://"))
        and not any(key.lower().replace("_", "-") in _BUILD_INPUTS for key in given)
        and _JUDGES.search(action) is None
    )


#: Actions that scan, sign or attest an image, by their names: the image the workflow has just
#: built, as a rule (moby/buildkit's docker-scout step reads its own pushed
#: `registry://docker/dockerfile-upstream:master`), judged where it is built.
_JUDGES = lazy_pattern(r"scan|scout|trivy|snyk|grype|anchore|sbom|sign|verify|attest", re.I)


def _named_images(
    resolve: Callable[[str], Resolutions] | None,
) -> Callable[[str], Resolutions]:
    """``resolve`` keeping the texts that name an image by themselves: wholly known, with a
    tag, a digest or a path (``almalinux:8``, ``ghcr.io/acme/app``). An action's input
    called ``image`` may be a name only the action reads (a machine image, an image of
    the runner's own, ``ubuntu-22.04``), and what a run gives it (the image a step before
    built) is no pull the files show."""

    def named(text: str) -> Resolutions:
        resolutions = resolve(text) if resolve is not None else [(Resolved(text), {})]
        return [
            (resolved, extra)
            for resolved, extra in resolutions
            if not resolved.unresolved
            and any(char in resolved.text for char in ":/@")
            and not any(char.isspace() for char in resolved.text.strip())
        ]

    return named


#: A ``FROM``'s platform option before its image, and the blanks after it.
_PLATFORM_OPTION = lazy_pattern(r"\s*--platform(?:=|\s+)\S+\s+")


def _after_platform(resolve: Callable[[str], Resolutions] | None) -> Callable[[str], Resolutions]:
    """``resolve``, each text without a ``--platform=…`` before its image (a matrix value may
    carry one: ``--platform=linux/riscv64 riscv64/ubuntu:24.04``)."""

    def after(text: str) -> Resolutions:
        resolutions = resolve(text) if resolve is not None else [(Resolved(text), {})]
        found: Resolutions = []
        for resolved, extra in resolutions:
            option = _PLATFORM_OPTION.match(resolved.text)
            if option is not None and not resolved.unresolved:
                resolved = Resolved(resolved.text[option.end() :], used=resolved.used)
            found.append((resolved, extra))
        return found

    return after


def _not_files(
    resolve: Callable[[str], Resolutions] | None, checkout: str | None
) -> Callable[[str], Resolutions]:
    """``resolve`` without the texts that are paths of files of the ``checkout``: a Dockerfile
    the action builds, not an image it pulls (``jtdor/build-deb-action``'s ``docker-image:
    debian/Dockerfile``)."""

    def images(text: str) -> Resolutions:
        resolutions = resolve(text) if resolve is not None else [(Resolved(text), {})]
        if checkout is None:
            return resolutions
        return [
            (resolved, extra)
            for resolved, extra in resolutions
            if resolved.unresolved
            or not os.path.isfile(os.path.join(checkout, resolved.text.strip()))
        ]

    return images


def _trimmed(
    resolve: Callable[[str], Resolutions] | None, length: int
) -> Callable[[str], Resolutions]:
    """``resolve`` of the first ``length`` characters of the text (blanks after an option)."""

    def trimmed(text: str) -> Resolutions:
        text = text[:length]
        return resolve(text) if resolve is not None else [(Resolved(text), {})]

    return trimmed


def _env(*nodes: yaml.Node | None) -> dict[str, object]:
    """The ``env`` context a step sees: the workflow's, the job's, the step's, later ones
    winning; a value that is an expression, or not given here, is unknown."""
    env: dict[str, object] = Partial()
    for node in nodes:
        for name, value in fields(node).items():
            text = scalar(value)
            known = text is not None and "${{" not in text
            env[name] = text if known else Unknown((f"env.{name}",))
    return env


def _env_expressions(env: dict[str, object], *nodes: yaml.Node | None) -> dict[str, str]:
    """The values of ``env`` (see :func:`_env`) that are expressions, as written, in the
    order they are defined: the runner evaluates each with the job's matrix and inputs
    (moveit2's ``DOCKER_IMAGE: moveit/moveit2:${{ matrix.env.IMAGE }}``, which the step
    ``rhaschke/docker-run-action`` runs as ``image: ${{ env.DOCKER_IMAGE }}``)."""
    written: dict[str, str] = {}
    for node in nodes:
        for name, value in fields(node).items():
            text = scalar(value)
            if text is not None and "${{" in text and isinstance(env.get(name), Unknown):
                written[name] = text
            else:
                written.pop(name, None)
    return written


def _github_context(scanner: Scanner) -> dict[str, object] | None:
    """The ``github`` context of a workflow as far as its checkout tells it: the repository
    it runs in, when git says which (see ``._repository``); ``None``: nothing is known."""
    return github_context_at(scanner.path)


def github_context_at(path: str | None) -> dict[str, object] | None:
    """The ``github`` context of the workflow at ``path`` (see :func:`_github_context`)."""
    from . import _checkout
    from ._repository import github_repository

    repository = github_repository(_checkout(path))
    if repository is None:
        return None
    owner = repository.partition("/")[0]
    return Partial({"repository": repository, "repository_owner": owner})


def _with_env_writes(
    env: dict[str, object],
    step: yaml.Node,
    scanner: Scanner,
    documents: list[yaml.Node],
    written: list[dict[int, dict[str, object]]],
) -> dict[str, object]:
    """``env`` with what the job's earlier ``run`` steps write to ``$GITHUB_ENV`` (it wins
    over the workflow's and the job's ``env``, the step's own wins over it), for a step
    whose ``with:`` gives a well-known action an image from ``env`` (``written`` keeps the
    workflow's writes once worked out: :func:`~._shell.env_written_before`)."""
    action = (scalar(fields(step).get("uses")) or "").partition("@")[0]
    given = fields(step).get("with")
    if action.lower() not in IMAGE_INPUTS or given is None or "env." not in _text_of(given):
        return env
    if not written:
        from . import _checkout
        from ._shell import env_written_before

        written.append(env_written_before(documents, scanner, _checkout(scanner.path)))
    before = written[0].get(id(step))
    if not before:
        return env
    own = set(fields(fields(step).get("env")))
    merged: dict[str, object] = Partial(env)
    merged.update((name, value) for name, value in before.items() if name not in own)
    return merged


def _step_outputs(
    step: yaml.Node,
    scanner: Scanner,
    documents: list[yaml.Node],
    outputs: list[dict[int, list[tuple[object, dict[str, object]]]]],
) -> list[tuple[object, dict[str, object]]] | None:
    """The ``steps`` context in each matrix combination, for a step whose ``with:`` gives a
    well-known action an image from ``steps`` (``outputs`` keeps the workflow's once worked
    out: :func:`~._shell.outputs_before`)."""
    action = (scalar(fields(step).get("uses")) or "").partition("@")[0]
    given = fields(step).get("with")
    if action.lower() not in IMAGE_INPUTS or given is None or "steps." not in _text_of(given):
        return None
    if not outputs:
        from . import _checkout
        from ._shell import outputs_before

        outputs.append(outputs_before(documents, scanner, _checkout(scanner.path)))
    return outputs[0].get(id(step))


def _names_needs(job_fields: dict[str, yaml.Node]) -> bool:
    """Whether a job's container, services or matrix may read ``needs`` (a quick look at the
    text)."""
    matrix = fields(job_fields.get("strategy")).get("matrix")
    return any(
        node is not None and "needs." in _text_of(node)
        for node in (job_fields.get("container"), job_fields.get("services"), matrix)
    )


def _text_of(node: yaml.Node) -> str:
    """The scalars of a node, joined (for a quick look)."""
    import yaml

    if isinstance(node, yaml.ScalarNode):
        return str(node.value)
    if isinstance(node, yaml.MappingNode):
        return " ".join(_text_of(value) for _, value in node.value)
    if isinstance(node, yaml.SequenceNode):
        return " ".join(_text_of(item) for item in node.value)
    return ""


def _resolver(
    combinations: list[dict[str, object]],
    inputs: dict[str, object],
    env: dict[str, object] | None = None,
    allowed: frozenset[str] = _JOB_CONTEXTS,
    *,
    via: Reading | None = None,
    needs: object = None,
    github: object = None,
    env_expressions: dict[str, str] | None = None,
    steps: list[tuple[object, dict[str, object]]] | None = None,
) -> Callable[[str], Resolutions]:
    """The texts an image takes in each matrix combination; ``via``: the call of the workflow
    whose inputs these are (who called it is in the context of a text that names ``inputs``);
    ``needs``: the outputs of the jobs the job needs that the file tells; ``github``: the
    ``github`` context as far as the checkout tells it (:func:`_github_context`);
    ``env_expressions``: the values of ``env`` that are expressions (:func:`_env_expressions`),
    evaluated in each combination; ``steps``: the ``steps`` context in each combination
    (:func:`~._shell.outputs_before`)."""

    def resolve(text: str) -> Resolutions:
        if "${{" not in text:
            return [(Resolved(text), {})]
        results: Resolutions = []
        for combination in combinations:
            known: dict[str, object] = {"inputs": inputs}
            if github is not None:
                known["github"] = github
            if needs is not None:
                known["needs"] = needs
            if "*" not in combination:
                known["matrix"] = combination
            for leg, outputs in steps or ():
                # (a job whose steps name no matrix is read once: its outputs are every leg's)
                if leg is None or leg == known.get("matrix"):
                    known["steps"] = outputs
                    break
            if env is not None:
                known["env"] = env
                if env_expressions and "env." in text:
                    known["env"] = _evaluated_env(env, env_expressions, known, allowed)
            for value, resolved in evaluate_template(text, known, allowed):
                if isinstance(value, dict):
                    # The whole container from the matrix: ``container: ${{ matrix.container }}``.
                    image = value.get("image")
                    text_of = to_string(image) if not isinstance(image, Unknown) else ""
                    resolved = Resolved(text_of, used=resolved.used)
                matrix = {
                    name.removeprefix("matrix."): used
                    for name, used in resolved.used.items()
                    if name.startswith("matrix.")
                }
                extra: dict[str, object] = {"matrix": matrix} if matrix else {}
                if via is not None and via.context and "inputs" in text.lower():
                    extra.update(_caller(via, resolved))
                results.append((resolved, extra))
        return results

    return resolve


def _evaluated_env(
    env: dict[str, object],
    expressions: dict[str, str],
    known: dict[str, object],
    allowed: frozenset[str],
) -> dict[str, object]:
    """``env`` with each value that is an expression evaluated in ``known`` (one matrix
    combination), when it gives one text the file knows whole; else it stays unknown."""
    evaluated: dict[str, object] = Partial(env)
    for name, text in expressions.items():
        try:
            values = evaluate_template(text, {**known, "env": evaluated}, allowed)
        except ExpressionError:
            continue
        if len(values) == 1:
            value, resolved = values[0]
            if not resolved.unresolved and not isinstance(value, Unknown | dict | list):
                evaluated[name] = resolved.text
    return evaluated


def _caller(via: Reading, resolved: Resolved) -> dict[str, object]:
    """Who called the workflow, and the values of the caller's matrix behind the inputs used."""
    found: dict[str, object] = dict(via.context)
    matrix: dict[str, str] = {}
    for name in resolved.used:
        if name.lower().startswith("inputs."):
            matrix.update(via.origins.get(name[len("inputs.") :].casefold(), {}))
    if matrix:
        found["caller_matrix"] = matrix
    return found


def uses_docker(scanner: Scanner, step: yaml.Node, where: str, context: dict[str, object]) -> None:
    uses_node = fields(step).get("uses")
    uses = scalar(uses_node)
    if uses is None or not uses.startswith(DOCKER_PREFIX):  # case-sensitive, as the runner
        return
    if "${{" in uses:
        # ``uses`` allows no context: the workflow parser rejects any named value.
        try:
            _, resolved = evaluate_template(uses, {}, frozenset())[0]
        except ExpressionError as error:
            scanner.error(uses_node, f"{where}.uses: {error}")
            return
        scanner.image(
            uses_node,
            f"{where}.uses",
            {**context, "field": "uses"},
            prefix=len(DOCKER_PREFIX),
            resolve=lambda text: [(Resolved(resolved.text[len(DOCKER_PREFIX) :]), {})],
        )
        return
    scanner.image(
        uses_node, f"{where}.uses", {**context, "field": "uses"}, prefix=len(DOCKER_PREFIX)
    )


# --- action metadata -----------------------------------------------------------------


def _is_local_action(path: str | None) -> bool:
    """Whether an action's metadata file is one its repository uses by path (under
    ``.github/``, ``uses: ./.github/actions/NAME``), not a published one.

    >>> _is_local_action(".github/actions/ci-container/action.yaml"), _is_local_action("action.yml")
    (True, False)
    """
    import os

    return ".github" in (path or "").replace(os.sep, "/").split("/")[:-1]


def github_action(scanner: Scanner, documents: list[yaml.Node]) -> None:
    written: list[dict[int, dict[str, object]]] = []  # (what $GITHUB_ENV gets: once asked)
    for document in documents[:1]:
        root = scanner.root(document)
        if root is None:
            continue
        runs = scanner.mapping(root.get("runs"), "runs")
        using = scalar(runs.get("using"))
        if using is None:
            continue
        using = using.lower()
        if using == "docker":
            image_node = runs.get("image")
            image = scanner.text(image_node, "runs.image")
            if image is None or image_node is None or is_dockerfile(image):
                continue  # a Dockerfile: see referenced_dockerfiles
            if image.lower().startswith(DOCKER_PREFIX):
                scanner.image(
                    image_node, "runs.image", {"field": "image"}, prefix=len(DOCKER_PREFIX)
                )
            elif image and _is_local_action(scanner.path):
                # (a local action, `uses: ./…`, is run by the runner's container handler,
                # which runs a plain name as given; only a repository action's is rejected:
                # apache/nuttx's ci-container action runs its CI image so)
                scanner.image(image_node, "runs.image", {"field": "image"})
            elif image:
                scanner.error(
                    image_node,
                    f"runs.image: '{image}' should be either '[path]/Dockerfile' "
                    "or 'docker://image[:tag]'",
                )
        elif using == "composite":
            from ._action_calls import action_readings

            # (once a call of it by a step of the repository, else alone: see ._action_calls)
            calls = action_readings(scanner.path, scanner.max_bytes or _MAX_BYTES)
            for index, step in enumerate(scanner.items_of(runs.get("steps"), "runs.steps")):
                uses_docker(scanner, step, f"runs.steps[{index}]", {})
                env = _with_env_writes({}, step, scanner, [document], written)
                for reading in calls:
                    resolve = _resolver(
                        [{}], reading.inputs, env or None, _STEP_CONTEXTS, via=reading
                    )
                    image_inputs(scanner, step, f"runs.steps[{index}]", {}, resolve)
