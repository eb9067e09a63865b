"""A repository's own composite actions, read with the inputs their callers in it give.

A composite action's ``${{ inputs.NAME }}`` is the ``with:`` value of the step that uses
it (``uses: ./.github/actions/NAME``), else the input's ``default``, else the empty string
(GitHub's "Metadata syntax for GitHub Actions"). An action read alone knows none of its
callers' values: kyverno's ``.github/actions/tests/conformance/run/action.yaml`` gives
``helm/kind-action`` ``node_image: kindest/node:${{ inputs.k8s-version }}``, which alone is
a run's value, while each of its uses in ``tests-conformance.yaml`` passes
``k8s-version: ${{ matrix.k8s-version }}`` (v1.33.7, v1.34.3, v1.35.1).

So an action of the repository is read once for each call of it (as reusable workflows
are, :mod:`._calls`): by a step of a workflow of ``.github/workflows/`` (once each reading
of that workflow, once each leg of its job's matrix: ``with:`` evaluated as the step sees
it, with the workflow's, the job's and the step's ``env``), or by a step of another
composite action under ``.github/`` (once each of its own readings; a cycle is not
followed). An action nothing calls is read alone, as before; so is one outside
``.github/`` besides its calls (a published action, which other repositories use with
their own values). Past :data:`~._github.MAX_COMBINATIONS` calls it is read alone. The
callers are found from the action's own path, so an action checked alone reads as in the
scan of its repository.

What a scan reads of a repository's workflows and actions (each file's mapping, each
workflow's readings, each step's action) is kept for the scan, and so are each action's
readings (its steps' pulls and the project context ask for them): databendlabs/databend's 61
actions each read its 40 workflows again. :func:`forget` starts afresh.
"""

from __future__ import annotations

import os

from .._yaml import load_yaml, scalar, sequence
from ._calls import Reading, _key, evaluated_input, readings
from ._expr import Partial, Unknown
from ._github import (
    _STEP_CONTEXTS,
    MAX_COMBINATIONS,
    _env,
    _matrix,
    _text_of,
)
from ._local_actions import checkout_paths, local_action
from ._scanner import Scanner, fields, is_sequence

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    import yaml

__all__ = ["action_readings", "depends_on", "forget"]

#: How many composite actions deep a call is followed (GitHub nests ten at most).
_MAX_LEVELS = 4
#: How many directories the walk of ``.github/`` for composite actions looks at, at most.
_MAX_DIRECTORIES = 2_000

_YAML = (".yml", ".yaml")
_ACTION_NAMES = ("action.yml", "action.yaml")


#: Each action's readings (by its path as named and the byte budget), kept for a scan.
_READINGS: dict[tuple[str, int], list[Reading]] = {}
#: What a scan read of each repository's files (by its top as named and the byte budget).
_FILES: dict[tuple[str, int], _Files] = {}


def forget() -> None:
    """Start afresh (a new scan: the files may have changed)."""
    _READINGS.clear()
    _FILES.clear()


def action_readings(path: str | None, max_bytes: int) -> list[Reading]:
    """The readings of the repository's composite action at ``path``: one a call of it by a
    step of the repository (with the inputs that step gives), else one alone (no input
    known); see the module."""
    if path is None:
        return [Reading(Partial(), {}, {})]
    key = (path, max_bytes)
    if key not in _READINGS:
        _READINGS[key] = _action_readings(path, max_bytes)
    return list(_READINGS[key])


def _action_readings(path: str, max_bytes: int) -> list[Reading]:
    alone = Reading(_defaults(_Files("", max_bytes).root(path) or {}), {}, {})
    top = _repository(path)
    if top is None:
        return [alone]
    if not os.path.isabs(path):  # (callers named in the style of the scan's paths)
        top = os.path.relpath(top)
        top = "" if top == os.curdir else top
    if (top, max_bytes) not in _FILES:
        _FILES[top, max_bytes] = _Files(top, max_bytes)
    found = _Calls(_FILES[top, max_bytes]).readings(os.path.realpath(path), ())
    if not found:
        return [alone]
    return [*found, alone] if not _under_github(path, top) else found


def _defaults(root: dict[str, yaml.Node]) -> dict[str, object]:
    """The ``inputs`` of an action read alone: the defaults it declares (what a caller that
    omits them gets, as a workflow read alone has its own: ``._github._inputs``), any other
    input a caller's. espressif/esp-idf-ci-action runs ``docker run …
    ${{ inputs.esp_idf_docker_image }}:${{ inputs.esp_idf_version }}``: ``espressif/idf:latest``
    unless its caller says otherwise."""
    inputs: dict[str, object] = Partial()
    for name, definition in fields(root.get("inputs")).items():
        default = scalar(fields(definition).get("default"))
        if default is not None and "${{" not in default:
            inputs[name] = default
    return inputs


def depends_on(path: str) -> list[str]:
    """The files the readings of the action at ``path`` may depend on besides itself: the
    workflows, and the composite actions under ``.github/`` (with their directories)."""
    top = _repository(path)
    if top is None:
        return []
    directory = os.path.join(top, ".github", "workflows")
    return [directory, *_workflows(top), *_actions(top)]


def _repository(path: str) -> str | None:
    """The checkout an action belongs to: the nearest directory above it with a
    ``.github/workflows/`` (where its callers are)."""
    from ..._roots import nearest_up

    return nearest_up(
        os.path.dirname(os.path.abspath(path)),
        {},
        lambda place: os.path.isdir(os.path.join(place, ".github", "workflows")),
    )


def _under_github(path: str, top: str) -> bool:
    relative = os.path.relpath(os.path.abspath(path), top)
    return relative.split(os.sep)[0] == ".github"


def _workflows(top: str) -> list[str]:
    directory = os.path.join(top, ".github", "workflows")
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return []
    return [os.path.join(directory, name) for name in names if name.endswith(_YAML)]


def _actions(top: str) -> list[str]:
    """The action files under ``.github/`` (besides the workflows), bounded."""
    found: list[str] = []
    walk = os.walk(os.path.join(top, ".github"))
    for seen, (directory, subdirectories, names) in enumerate(walk, 1):
        subdirectories.sort()
        if seen > _MAX_DIRECTORIES:
            break
        found.extend(os.path.join(directory, name) for name in names if name in _ACTION_NAMES)
    return found


class _Files:
    """What one repository's workflows and actions say, each read once: the files'
    mappings, the workflows' readings and the ``needs`` of each, each step's action."""

    def __init__(self, top: str, max_bytes: int) -> None:
        self.top = top
        self.max_bytes = max_bytes
        self.roots: dict[str, dict[str, yaml.Node] | None] = {}
        #: The files a quick look found to use no local action (see :meth:`root`).
        self.unused: set[str] = set()
        #: Each file's first document, for the ``needs`` of its jobs.
        self.documents: dict[str, yaml.Node] = {}
        #: The real path of the action each ``uses: ./PATH`` (with its job's checkouts) runs,
        #: ``None``: none (each action read once, however many steps name it).
        self.located: dict[tuple[str, tuple[str, ...]], str | None] = {}
        #: Each workflow's readings, and the ``needs`` context of each (by the workflow and
        #: the reading's place).
        self.readings: dict[str, list[Reading]] = {}
        self.needs: dict[tuple[str, int], dict[str, object]] = {}

    def root(self, path: str, *, quick: bool = False) -> dict[str, yaml.Node] | None:
        """A file's mapping (parsed once); ``quick``: only when its text uses a local
        action (``uses: ./``)."""
        if path in self.roots:
            return self.roots[path]
        if quick and path in self.unused:
            return None
        try:
            with open(path, "rb") as handle:
                data = handle.read(self.max_bytes + 1)
        except OSError:
            self.roots[path] = None
            return None
        if quick and len(data) <= self.max_bytes and b"./" not in data:
            self.unused.add(path)
            return None
        self.roots[path] = None
        if len(data) > self.max_bytes:
            return None
        documents = load_yaml(data, path=path, max_bytes=self.max_bytes).documents
        if documents:
            self.documents[path] = documents[0]
        root = self.roots[path] = fields(documents[0]) if documents else {}
        return root

    def workflow_readings(self, workflow: str, root: dict[str, yaml.Node]) -> list[Reading]:
        if workflow not in self.readings:
            self.readings[workflow] = readings(workflow, root, self.max_bytes)
        return self.readings[workflow]

    def needs_of(self, workflow: str, root: dict[str, yaml.Node], place: int) -> dict[str, object]:
        """The ``needs`` context of each job of a workflow's reading (by its place): the
        outputs of the jobs it needs that the file tells (hashicorp/vault-helm's matrix of
        ``${{ needs.versions.outputs.K8S_1 }}``, which a job's literal ``outputs`` give)."""
        from ._shell import needs_of

        document = self.documents.get(workflow)
        if document is None:
            return {}
        key = (workflow, place)
        if key not in self.needs:
            inputs = self.readings[workflow][place].inputs
            self.needs[key] = needs_of(document, root, inputs, self.top)
        return self.needs[key]

    def uses(self, step: dict[str, yaml.Node], action: str, checkouts: tuple[str, ...]) -> bool:
        """Whether a step uses the action at the real path ``action``."""
        uses = scalar(step.get("uses")) or ""
        if not uses.startswith("./") or "${{" in uses:
            return False
        key = (uses, checkouts)
        if key not in self.located:
            found = local_action(uses, self.top, checkouts, self.max_bytes)
            self.located[key] = None if found is None else os.path.realpath(found.path)
        return self.located[key] == action


class _Calls:
    """The calls of the repository's composite actions, followed up through their callers
    (each caller's readings asked once)."""

    def __init__(self, files: _Files) -> None:
        self.files = files
        self.top = files.top
        self.memo: dict[str, list[Reading]] = {}

    def readings(self, action: str, chain: tuple[str, ...]) -> list[Reading]:
        """The readings of the action at the real path ``action`` by its callers (``[]``:
        none, or too many)."""
        if len(chain) >= _MAX_LEVELS:
            return []
        declared = self._declared(action)
        if declared is None:
            return []
        mattering = _mattering((self.files.root(action) or {}).get("runs"))
        found: dict[str, Reading] = {}
        for context, known, step in self._calls(action, (*chain, action)):
            reading = _called(declared, step, known, context)
            found.setdefault(_key(_only(reading, mattering)), reading)
            if len(found) > MAX_COMBINATIONS:
                return []
        return list(found.values())

    def _declared(self, action: str) -> dict[str, str | None] | None:
        """An action's inputs and their defaults (``None``: an expression's), when it is a
        composite action."""
        root = self.files.root(action)
        if root is None:
            return None
        runs = fields(root.get("runs"))
        if (scalar(runs.get("using")) or "").lower() != "composite":
            return None
        declared: dict[str, str | None] = {}
        for name, definition in fields(root.get("inputs")).items():
            default = scalar(fields(definition).get("default"))
            declared[name] = None if default is not None and "${{" in default else default or ""
        return declared

    def _calls(
        self, action: str, chain: tuple[str, ...]
    ) -> Iterator[tuple[dict[str, object], dict[str, object], dict[str, yaml.Node]]]:
        """Each step that uses the action: who called (``called_by``,
        ``caller_job``), what the step's expressions know, and its fields."""
        files = self.files
        for workflow in _workflows(self.top):
            root = files.root(workflow, quick=True)
            if root is None:
                continue
            for place, reading in enumerate(files.workflow_readings(workflow, root)):
                yield from self._workflow_calls(action, workflow, root, (place, reading))
        for other in _actions(self.top):
            real = os.path.realpath(other)
            if real in chain:
                continue
            root = files.root(other, quick=True)
            if root is None:
                continue
            steps = fields(root.get("runs")).get("steps")
            uses = [step for step in _steps(steps) if files.uses(step, action, ())]
            if not uses:
                continue
            if real not in self.memo:  # (a caller calls with each of its own readings)
                self.memo[real] = self.readings(real, chain) or [Reading(Partial(), {}, {})]
            for reading in self.memo[real]:
                known: dict[str, object] = {"inputs": reading.inputs}
                for step in uses:
                    yield {"called_by": other}, known, step

    def _workflow_calls(
        self,
        action: str,
        workflow: str,
        root: dict[str, yaml.Node],
        numbered: tuple[int, Reading],
    ) -> Iterator[tuple[dict[str, object], dict[str, object], dict[str, yaml.Node]]]:
        place, reading = numbered
        needs: dict[str, object] | None = None  # (the outputs the jobs' needs give: once asked)
        for job, node in fields(root.get("jobs")).items():
            job_fields = fields(node)
            steps = job_fields.get("steps")
            checkouts = checkout_paths(steps)
            uses = [step for step in _steps(steps) if self.files.uses(step, action, checkouts)]
            if not uses:
                continue
            matrix = fields(job_fields.get("strategy")).get("matrix")
            quiet = Scanner(None, "github-workflow")  # (the caller's errors are its own)
            where = f"jobs.{job}.strategy.matrix"
            if needs is None and "needs." in _text_of(node):
                needs = self.files.needs_of(workflow, root, place)
            given = None if needs is None else needs.get(job)
            for combination in _matrix(quiet, matrix, where, reading.inputs, given):
                for step in uses:
                    known: dict[str, object] = {
                        "inputs": reading.inputs,
                        "env": _env(root.get("env"), job_fields.get("env"), step.get("env")),
                    }
                    if given is not None:
                        known["needs"] = given
                    if "*" not in combination:
                        known["matrix"] = combination
                    context: dict[str, object] = {"called_by": workflow, "caller_job": job}
                    yield context, known, step


def _mattering(runs: yaml.Node | None) -> frozenset[str]:
    """The inputs (folded) that may change what an action's steps pull or build: those its
    steps name anywhere but in a ``run`` script that neither pulls nor writes a file of the
    runner's. Two calls that differ in the others only are one reading (kyverno's conformance
    action is used 277 times, with 6 Kubernetes versions, the rest test paths and shards)."""
    import re

    from ..builds.shell import may_pull

    texts: list[str] = []
    for step in _steps(fields(runs).get("steps")):
        for key, node in step.items():
            text = _text_of(node)
            if key == "run" and not (may_pull(text.encode()) or "GITHUB_" in text):
                continue
            texts.append(text)
    names = re.findall(r"inputs\.([A-Za-z_][A-Za-z0-9_-]*)", " ".join(texts))
    return frozenset(name.casefold() for name in names)


def _only(reading: Reading, names: frozenset[str]) -> Reading:
    """A reading with only the inputs ``names`` (folded) name."""
    kept = {name: value for name, value in reading.inputs.items() if name.casefold() in names}
    return Reading(kept, reading.context, reading.origins)


def _steps(node: yaml.Node | None) -> Iterator[dict[str, yaml.Node]]:
    for step in sequence(node) if is_sequence(node) else []:
        yield fields(step)


def _called(
    declared: dict[str, str | None],
    step: dict[str, yaml.Node],
    known: dict[str, object],
    context: dict[str, object],
) -> Reading:
    """The reading of an action by one step: each declared input the step's ``with:``
    value (evaluated as the step sees it), else its default, else ``""``; the matrix
    values behind each (``origins``)."""
    given = {key.casefold(): node for key, node in fields(step.get("with")).items()}
    inputs: dict[str, object] = Partial()
    origins: dict[str, dict[str, str]] = {}
    for name, default in declared.items():
        node = given.get(name.casefold())
        text = scalar(node) if node is not None else default
        if text is None:
            inputs[name] = Unknown((f"inputs.{name}",))
            continue
        if "${{" not in text:
            inputs[name] = text  # (an action's inputs are strings)
            continue
        inputs[name], used = evaluated_input(name, text, known, _STEP_CONTEXTS)
        if used:
            origins[name.casefold()] = used
    return Reading(inputs, context, origins)
