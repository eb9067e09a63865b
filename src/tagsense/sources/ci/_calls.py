"""GitHub reusable workflows, read with the inputs their callers in the repository give.

A workflow that runs ``on: workflow_call`` takes its ``inputs`` from the job that calls it
(GitHub's "Reusing workflows"): ``jobs.<id>.uses`` names it, ``./.github/workflows/NAME.yml``
or ``OWNER/REPO/.github/workflows/NAME.yml@REF``, and ``jobs.<id>.with`` gives the values,
evaluated where the caller runs (``github``, ``inputs``, ``vars``, ``needs``, ``strategy``,
``matrix``: the caller's ``env`` is not passed), once a leg of the calling job's
``strategy.matrix``. An input the call leaves out takes its default. kedacore/keda's
``template-smoke-tests.yml`` gets its kind node image this way:
``template-versions-smoke-tests.yml`` calls it with ``kindImage:
kindest/node:${{ matrix.kindVersion }}`` over three Kubernetes versions.

A workflow is read once for each call of it by a workflow beside it (reusable workflows and
their callers are all in ``.github/workflows/``, which has no subdirectories), so a workflow
checked alone reads as in a scan of its repository. The second form is a call only when
``OWNER/REPO`` is the repository itself: the ``origin`` remote in ``.git/config`` says which
(without Git's metadata, no call of that form is one). A caller that is reusable itself
calls with each of its own readings (GitHub nests ten levels of workflows at most); a cycle is
not followed. A workflow nothing beside it calls (one for other repositories) is read alone,
with its inputs' defaults; a called one that another event starts too is read as that event
runs it besides its calls, with the ``workflow_dispatch`` inputs alone. Past
:data:`~._github.MAX_COMBINATIONS` calls (legs included), it is read alone.
"""

from __future__ import annotations

import os
from typing import NamedTuple

from ..._lazy import lazy_pattern
from .._yaml import load_yaml, scalar
from ._expr import ExpressionError, Partial, Unknown, either, to_string
from ._github import (
    _JOB_CONTEXTS,
    MAX_COMBINATIONS,
    _core_scalar,
    _inputs,
    _matrix,
    _text_of,
    evaluate_template,
    github_context_at,
)
from ._scanner import Scanner, fields

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    import yaml

__all__ = ["Reading", "depends_on", "readings", "repository_of"]

#: How many workflows GitHub connects at most: a caller and nine levels of reusable ones.
_MAX_LEVELS = 10

_WORKFLOWS = (".github", "workflows")
_YAML = (".yml", ".yaml")
#: ``OWNER/REPO/.github/workflows/NAME@REF`` (GitHub's form for another repository's).
_REMOTE_CALL = lazy_pattern(r"([^/@\s]+)/([^/@\s]+)/\.github/workflows/([^/@\s]+)@\S+")


class Reading(NamedTuple):
    """One way a workflow runs: the ``inputs`` it has, who called it (``context``:
    ``called_by``, the caller's path, and ``caller_job``; empty when read alone), and the
    caller's matrix values each given input took (``origins``, by input name folded)."""

    inputs: dict[str, object]
    context: Mapping[str, object]
    origins: Mapping[str, Mapping[str, str]]


def readings(path: str | None, root: dict[str, yaml.Node], max_bytes: int) -> list[Reading]:
    """The readings of the workflow at ``path`` (its ``root`` mapping): one a call of it by the
    workflows beside it, with the inputs each gives; else one alone (see the module)."""
    alone = Reading(_inputs(root), {}, {})
    if path is None or "workflow_call" not in _events(root) or not _in_workflows(path):
        return [alone]
    found = _Calls(max_bytes).readings(path, root, (os.path.realpath(path),))
    return found or [alone]


def depends_on(path: str) -> list[str]:
    """The files the readings of the workflow at ``path`` may depend on besides itself: its
    directory (a workflow added or removed), the workflows in it, and the Git metadata that
    names the repository (kept with what the workflow builds: see ``.._context_cache``)."""
    directory = os.path.dirname(path)
    try:
        names = sorted(os.listdir(directory or os.curdir))
    except OSError:
        names = []
    git = os.path.join(_checkout(directory), ".git")
    workflows = [os.path.join(directory, name) for name in names if name.endswith(_YAML)]
    return [directory or os.curdir, *workflows, git, os.path.join(git, "config")]


def repository_of(checkout: str) -> str | None:
    """``owner/name`` (folded) of the ``origin`` remote of a checkout (see
    :func:`._repository.origin_url`), of any host, or ``None``.

    >>> _owner_and_name("git@github.com:kedacore/keda.git")
    'kedacore/keda'
    """
    from ._repository import origin_url

    url = origin_url(checkout)
    return _owner_and_name(url) if url is not None else None


def _owner_and_name(url: str) -> str | None:
    """The last two parts of a remote's path (``https://host/OWNER/NAME.git``,
    ``git@host:OWNER/NAME``), folded, as GitHub names a repository without regard to case."""
    path = url.rstrip("/").removesuffix(".git")
    if "://" in path:
        path = path.split("://", 1)[1].partition("/")[2]
    elif ":" in path:
        path = path.split(":", 1)[1]
    else:
        return None  # (a local path: no repository of GitHub's)
    parts = [part for part in path.split("/") if part]
    return "/".join(parts[-2:]).casefold() if len(parts) >= 2 else None


def _checkout(directory: str) -> str:
    """The checkout whose ``.github/workflows/`` is ``directory``."""
    return os.path.dirname(os.path.dirname(os.path.abspath(directory or os.curdir)))


def _events(root: dict[str, yaml.Node]) -> set[str]:
    """The events that start a workflow (``on:`` a name, a list or a mapping)."""
    import yaml

    on = root.get("on")
    if isinstance(on, yaml.ScalarNode):
        return {str(on.value)}
    if isinstance(on, yaml.SequenceNode):
        return {str(item.value) for item in on.value if isinstance(item, yaml.ScalarNode)}
    return set(fields(on))


def _in_workflows(path: str) -> bool:
    parts = os.path.normpath(os.path.abspath(path)).split(os.sep)
    return tuple(parts[-3:-1]) == _WORKFLOWS


class _Call(NamedTuple):
    """A job of another workflow that calls this one (``job``, its fields)."""

    path: str
    root: dict[str, yaml.Node]
    job: str
    fields: dict[str, yaml.Node]


class _Calls:
    """The calls of one workflow, followed up through its callers (files read once)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.roots: dict[str, dict[str, yaml.Node] | None] = {}
        self.documents: dict[str, yaml.Node] = {}
        #: The ``needs`` context of each job of a caller's reading (by its path and reading).
        self.needs: dict[tuple[str, int], dict[str, object]] = {}
        self.repository: dict[str, str | None] = {}
        #: The ``github`` context where each caller runs (by its path).
        self.github: dict[str, dict[str, object] | None] = {}
        self.memo: dict[str, list[Reading]] = {}

    def readings(
        self, path: str, root: dict[str, yaml.Node], chain: tuple[str, ...]
    ) -> list[Reading]:
        """The readings of a called workflow, ``[]`` when nothing calls it (or too much does)."""
        if "workflow_call" not in _events(root) or len(chain) >= _MAX_LEVELS:
            return []
        declared = _inputs(root, ("workflow_call",))
        unset = _unset_values(root)
        found: dict[str, Reading] = {}
        legs = 0
        for call in self._callers(path, chain):
            real = os.path.realpath(call.path)
            if real not in self.memo:  # (a caller calls with each of its own readings)
                self.memo[real] = self.readings(call.path, call.root, (*chain, real)) or [
                    Reading(_inputs(call.root), {}, {})
                ]
            for caller in self.memo[real]:
                matrix = fields(call.fields.get("strategy")).get("matrix")
                where = f"jobs.{call.job}.strategy.matrix"
                quiet = Scanner(None, "github-workflow")  # (the caller's errors are its own)
                needs = self._needs(call, caller)
                for combination in _matrix(quiet, matrix, where, caller.inputs, needs):
                    legs += 1
                    if legs > MAX_COMBINATIONS:
                        return []
                    github = self._github(call.path)
                    reading = _called(declared, call, caller, combination, needs, github, unset)
                    found.setdefault(_key(reading), reading)
        readings = list(found.values())
        if readings and _other_events(root):
            readings.append(Reading(_other_events_inputs(root), {}, {}))
        return readings

    def _needs(self, call: _Call, caller: Reading) -> object:
        """The ``needs`` context of the calling job, when its ``with:`` names ``needs`` and
        the jobs it needs tell their outputs (emqx's entry workflows call each of theirs
        with ``builder: ${{ needs.init.outputs.BUILDER }}``, which ``init`` writes from the
        repository's ``env.sh``); ``None`` otherwise."""
        given = fields(call.fields.get("with"))
        matrix = fields(call.fields.get("strategy")).get("matrix")
        if not any("needs." in (scalar(node) or "") for node in given.values()) and not (
            matrix is not None and "needs." in _text_of(matrix)
        ):
            return None
        document = self.documents.get(call.path)
        if document is None:
            return None
        key = (call.path, id(caller))
        if key not in self.needs:
            from ._shell import needs_of

            directory = os.path.dirname(call.path)
            self.needs[key] = needs_of(document, call.root, caller.inputs, _checkout(directory))
        return self.needs[key].get(call.job)

    def _github(self, path: str) -> dict[str, object] | None:
        """The ``github`` context of the calling workflow at ``path``, as far as its checkout
        tells it: open-webui/pipelines' ``docker-build.yaml`` calls its image build with
        ``image_name: ${{ github.repository }}``, the name its compose file runs."""
        if path not in self.github:
            self.github[path] = github_context_at(path)
        return self.github[path]

    def _callers(self, path: str, chain: tuple[str, ...]) -> Iterator[_Call]:
        """The jobs of the workflows beside ``path`` that call it (not those in ``chain``)."""
        directory, name = os.path.split(path)
        try:
            names = sorted(os.listdir(directory or os.curdir))
        except OSError:
            return
        marker = f".github/workflows/{name}".encode()
        for other in names:
            caller = os.path.join(directory, other)
            if not other.endswith(_YAML) or os.path.realpath(caller) in chain:
                continue
            root = self._root(caller, marker)
            if root is None:
                continue
            for job, node in fields(root.get("jobs")).items():
                job_fields = fields(node)
                if self._calls(scalar(job_fields.get("uses")), name, directory):
                    yield _Call(caller, root, job, job_fields)

    def _root(self, path: str, marker: bytes) -> dict[str, yaml.Node] | None:
        """A workflow's mapping, when its text names ``marker`` (parsed once)."""
        if path in self.roots:
            return self.roots[path]
        try:
            with open(path, "rb") as handle:
                data = handle.read(self.max_bytes + 1)
        except OSError:
            return None
        if marker not in data:
            return None  # (a quick look: most workflows call no other; not kept, as another
            # workflow's name may be in it)
        documents = load_yaml(data, path=path, max_bytes=self.max_bytes).documents
        root = self.roots[path] = fields(documents[0]) if documents else {}
        if documents:
            self.documents[path] = documents[0]
        return root

    def _calls(self, uses: str | None, name: str, directory: str) -> bool:
        """Whether a job's ``uses`` names the workflow ``name`` of this repository."""
        if uses is None:
            return False
        if uses == f"./.github/workflows/{name}":
            return True
        match = _REMOTE_CALL.fullmatch(uses)
        if match is None or match[3] != name:
            return False
        if directory not in self.repository:
            self.repository[directory] = repository_of(_checkout(directory))
        here = self.repository[directory]
        return here is not None and f"{match[1]}/{match[2]}".casefold() == here


def _other_events_inputs(root: dict[str, yaml.Node]) -> dict[str, object]:
    """The ``inputs`` of a run that an event besides ``workflow_call`` starts: a
    ``workflow_dispatch`` input's default (or the user's value), and no other (GitHub's
    ``inputs`` context holds only the inputs of the event): neondatabase/neon's cargo-deny
    workflow, called with ``build-tools-image`` and run by a ``schedule`` too, runs in
    ``${{ inputs.build-tools-image || 'ghcr.io/neondatabase/build-tools:pinned' }}``, the
    image after ``||`` on a schedule."""
    if "workflow_dispatch" in _events(root):
        dispatched = _inputs(root, ("workflow_dispatch",))
    else:
        dispatched = {}
    declared = fields(fields(fields(root.get("on")).get("workflow_call")).get("inputs"))
    inputs: dict[str, object] = dict.fromkeys(declared)
    inputs.update(dispatched)
    return inputs


def _other_events(root: dict[str, yaml.Node]) -> bool:
    """Whether an event besides ``workflow_call`` starts the workflow."""
    return bool(_events(root) - {"workflow_call"})


def _called(
    declared: dict[str, object],
    call: _Call,
    caller: Reading,
    combination: dict[str, object],
    needs: object = None,
    github: object = None,
    unset: Mapping[str, object] | None = None,
) -> Reading:
    """The reading of a workflow by one leg of one call: the declared inputs, the values the
    call gives (evaluated where the caller runs; ``needs``: the calling job's ``needs``
    context, as far as the caller tells it; ``github``: its ``github`` context, as far as
    its checkout tells it), else their defaults, else (``unset``) their types' empty value."""
    import yaml

    known: dict[str, object] = {"inputs": caller.inputs}
    if github is not None:
        known["github"] = github
    if needs is not None:
        known["needs"] = needs
    if "*" not in combination:
        known["matrix"] = combination
    inputs: dict[str, object] = Partial(declared)
    origins: dict[str, dict[str, str]] = {}
    names = {name.casefold(): name for name in declared}
    given = fields(call.fields.get("with"))
    named = {key.casefold() for key in given}
    for input_name, empty in (unset or {}).items():
        if input_name.casefold() not in named:
            inputs[input_name] = empty
    for key, node in given.items():
        name = names.get(key.casefold())
        text = scalar(node)
        if name is None or text is None:
            continue  # (an input it does not declare, or not a value: GitHub refuses the call)
        if "${{" not in text:
            inputs[name] = _core_scalar(node) if isinstance(node, yaml.ScalarNode) else text
            continue
        inputs[name], used = evaluated_input(name, text, known, _JOB_CONTEXTS)
        if used:
            origins[name.casefold()] = used
    context = {"called_by": call.path, "caller_job": call.job}
    return Reading(inputs, context, origins)


#: What an optional input without a default is when a call leaves it out, by its type
#: (GitHub's workflow syntax, ``on.workflow_call.inputs.<input_id>.default``).
_EMPTY_VALUES: dict[str, object] = {"string": "", "boolean": False, "number": 0}


def _unset_values(root: dict[str, yaml.Node]) -> dict[str, object]:
    """The value each optional ``workflow_call`` input without a default has when a call
    leaves it out: ``""``, ``false`` or ``0`` by its type (grafana/helm-charts' lint-test.yaml:
    ``kind_node_image``, which its one caller does not give, is ``""``, and
    ``helm/kind-action`` then runs kind's own node image)."""
    on = fields(root.get("on"))
    definitions = fields(fields(on.get("workflow_call")).get("inputs"))
    unset: dict[str, object] = {}
    for name, definition in definitions.items():
        given = fields(definition)
        if (
            given.get("default") is not None
            or (scalar(given.get("required")) or "").lower() == "true"
        ):
            continue
        empty = _EMPTY_VALUES.get((scalar(given.get("type")) or "").lower())
        if empty is not None:
            unset[name] = empty
    return unset


def evaluated_input(
    name: str, text: str, known: dict[str, object], allowed: frozenset[str]
) -> tuple[object, dict[str, str]]:
    """The value a call's ``with:`` text gives the input ``name`` (evaluated where the caller
    runs; the input unknown when the expression cannot be), and the matrix values behind it."""
    try:
        evaluated = evaluate_template(text, known, allowed)
    except ExpressionError:
        return Unknown((f"inputs.{name}",)), {}
    used = {
        key.removeprefix("matrix."): value
        for _, resolved in evaluated
        for key, value in resolved.used.items()
        if key.startswith("matrix.")
    }
    return either([value for value, _ in evaluated]), used


def _key(reading: Reading) -> str:
    """What tells two readings apart: the values of their inputs (the same values from two
    legs or two callers are one reading, the first one's)."""
    return repr(sorted((name, _shown(value)) for name, value in reading.inputs.items()))


def _shown(value: object) -> str:
    return to_string(value) if isinstance(value, str | float | bool) else repr(value)
