"""The shell scripts a CI file runs, with the variables the file gives them.

A job that runs ``docker build -t …`` in its script builds an image
(:mod:`..builds.shell` reads the commands). Here each system's scripts are found,
and what the system puts in before the shell runs them is put in, as its reader
of images does:

- **GitHub Actions**: each step's ``run`` (workflows, and composite actions'
  ``runs.steps``), one shell per step, with the ``env`` of the workflow, the job
  and the step (``${{ env.X }}``, and ``$X`` in the shell); ``${{ }}`` evaluated
  with the ``inputs`` defaults (also ``github.event.inputs``), each ``strategy.matrix``
  combination and the outputs of earlier steps, and of the jobs it ``needs``, that the file
  tells (:mod:`._step_outputs`; other contexts only a run has); :func:`github_uses` gives
  the steps that use an action, with the same values;
- **GitLab CI**: each running job's ``before_script`` (its own or the default's),
  ``script`` and ``after_script``, after ``include``, ``extends`` and
  ``!reference``, with the job's variables as the runner has them (one shell a
  ``parallel: matrix`` combination);
- **CircleCI** (``run``, or ``run.command``, with ``environment``), **Azure
  Pipelines** (``script`` and ``bash``, with ``variables``, ``$(name)`` macros),
  **Bitbucket** (``script``, ``after-script``), **Drone** and **Woodpecker**
  (``commands``, with ``environment``): wherever such a key is, with the
  variables of the mappings around it. Templates of parameters (``<< … >>``,
  ``${{ … }}``) are unknown there, but for an Azure template's parameters (its
  templates are put in first, with the parameters each is given) and a whole CircleCI
  configuration's (each job walked with each distinct set of parameters its invocations
  give, a command's steps put in where a step invokes it: :class:`._circleci.Templating`);
- **Google Cloud Build**: each step's ``script``, the ``-c`` text of a shell
  ``entrypoint``, and the ``args`` of ``docker`` (:mod:`._cloudbuild`), one shell a
  step, with its substitutions and ``env``.

What only a run knows is :data:`~..builds._shell_values.UNKNOWN`. Nothing here raises:
a file that cannot be read runs no script.
"""

from __future__ import annotations

import functools
import os

from .._yaml import scalar, sequence
from ..builds._shell_values import UNKNOWN
from ..builds.shell import ShellReader
from ._scanner import Rejected, Scanner, fields, is_custom, is_mapping, is_sequence

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Callable, Iterator, Mapping

    import yaml

    from ..builds._sourced import Sourcing
    from ._azure_templates import Expansion
    from ._circleci import Templating
    from ._expr import Either
    from ._gitlab import _Environment, _Reader
    from ._local_actions import LocalAction
    from ._scanner import Resolved
    from ._step_outputs import StepOutputs

__all__ = [
    "Script",
    "Session",
    "env_written_before",
    "folded_last",
    "github_calls",
    "github_env_writes",
    "github_uses",
    "needs_of",
    "sessions",
]

#: How many shells one file may run here (a matrix of steps multiplies them).
_MAX_SESSIONS = 10_000
#: How deep the generic walk goes, and how many nodes it visits.
MAX_DEPTH = 40
_MAX_NODES = 100_000

#: The contexts GitHub allows in ``run`` and ``env``.
_RUN_CONTEXTS = frozenset(
    {"github", "needs", "strategy", "matrix", "job", "runner", "env", "vars", "secrets",
     "steps", "inputs"}
)  # fmt: skip


class Script:
    """One text a shell runs: where it is written (``path``, the ``line`` of its first line).

    ``last``: the last line of a text that YAML folded (a plain or quoted scalar written on
    several lines, a ``>`` block: its line breaks are spaces, so a line of the text may be
    written on several lines of the file, up to that one); ``None``: each line of the text is
    a line of the file (one line, a ``|`` block)."""

    __slots__ = ("last", "line", "path", "text")

    def __init__(self, path: str | None, line: int, text: str, last: int | None = None) -> None:
        self.path = path
        self.line = line
        self.text = text
        self.last = last

    def __repr__(self) -> str:
        return f"<Script {self.path}:{self.line}>"


class Session:
    """Scripts one shell runs in order, and the variables it starts with (expanded); the
    ``job`` that runs them, when the system names one; the directory it starts in
    (``workdir``: ``""`` the checkout, ``None`` where a run decides)."""

    __slots__ = (
        "as_written", "checkout_path", "job", "posix", "scripts", "variables", "workdir",
        "workspace",
    )  # fmt: skip

    def __init__(
        self,
        variables: Mapping[str, str],
        scripts: list[Script],
        job: str | None = None,
        *,
        posix: bool = True,
        workdir: str | None = "",
        workspace: str | None = None,
        checkout_path: str | None = None,
        as_written: Callable[[str], str] | None = None,
    ) -> None:
        self.variables = dict(variables)
        #: Where the checkout is in the job's workspace (``$GITHUB_WORKSPACE``), whatever
        #: directory the scripts start in (``None``: the workspace is the checkout).
        self.checkout_path = checkout_path
        #: A text with the job's variables put in and a run's left as written (GitLab's; see
        #: :mod:`._gitlab_written`), ``None`` where the system has none.
        self.as_written = as_written
        #: Where the checkout is from the directory it starts in, when that is a workspace
        #: that holds it at a ``path`` (``workdir`` is ``None`` then).
        self.workspace = workspace
        self.scripts = scripts
        self.job = job
        self.workdir = workdir
        #: ``False`` when the file names a shell that is no POSIX shell (``shell: pwsh``).
        self.posix = posix

    def __repr__(self) -> str:
        return f"<Session {self.scripts!r}>"


def sessions(
    documents: list[yaml.Node],
    scanner: Scanner,
    checkout: str | None = None,
    read: dict[str, tuple[int, int] | None] | None = None,
) -> list[Session]:
    """The shells the file's system runs (``scanner`` says which system, and where);
    ``checkout``: where a GitHub workflow's repository is checked out, whose files the
    outputs of its steps may read (``read`` collects them, see :mod:`._step_outputs`)."""
    system = scanner.system
    found: list[Session] = []
    try:
        if system == "github-workflow":
            found.extend(_github_workflow(documents, scanner, checkout, read))
        elif system == "github-action":
            found.extend(_github_action(documents, scanner, checkout, read))
        elif system in ("gitlab", "circleci"):
            found.extend(_kept_sessions(documents, scanner))
        elif system == "cloudbuild":
            from ._cloudbuild import cloudbuild_sessions

            found.extend(cloudbuild_sessions(documents, scanner))
        elif system == "travis":
            from ._travis import travis_sessions

            found.extend(travis_sessions(documents, scanner))
        elif system == "codebuild":
            from ._codebuild import codebuild_sessions

            found.extend(codebuild_sessions(documents, scanner, read))
        else:
            found.extend(_walked(documents, scanner))
    except RecursionError:  # pragma: no cover - bounded everywhere; a last resort
        pass
    return found[:_MAX_SESSIONS]


def _walked(documents: list[yaml.Node], scanner: Scanner) -> list[Session]:
    """The sessions the generic walk finds (see :class:`_Walker`)."""
    system = scanner.system
    walker = _Walker(scanner, system)
    if system == "azure":
        from ._azure_templates import expand

        # (a pipeline's templates are part of it, with the parameters it passes them)
        walker.expansion = expand(documents, scanner, text=scanner.file_text or None)
        documents = [] if walker.expansion is None else [walker.expansion.root]
    for document in documents:
        if system == "cirrus" and is_mapping(document):
            walker.walk_tasks(document)
        else:
            if system == "circleci" and is_mapping(document):
                walker.executors = _circleci_executors(document)
                walker.top_keys = _circleci_top_keys(document)
                if walker.top_keys is not None:
                    from ._circleci import Templating

                    walker.templating = Templating(scanner, fields(document))
                    walker.kept = walker.templating.kept
            walker.walk(document, {}, 0)
    return walker.found


#: A GitLab or CircleCI file's sessions, by what they are read from (the file's path and
#: text, where its includes are found): one check reads them for its pulls, its builds, and
#: the project context (a GitLab matrix's hundreds of jobs each look up their variables; a
#: CircleCI configuration's jobs each put in the commands they invoke). Kept for a scan.
_KEPT: dict[tuple[object, ...], list[Session]] = {}
#: The most files' sessions kept.
_MAX_KEPT = 4


def forget() -> None:
    """Start afresh (a new scan: the included files may have changed)."""
    _KEPT.clear()


def _kept_sessions(documents: list[yaml.Node], scanner: Scanner) -> list[Session]:
    """A GitLab (see :func:`_gitlab`) or CircleCI file's sessions, read once for a scan's
    readers of the same file; nothing reads the sessions' values but to copy them."""
    text = scanner.file_text
    read = _gitlab_read if scanner.system == "gitlab" else _walked
    if not text or scanner.path is None:
        return read(documents, scanner)
    key = (scanner.system, scanner.path, scanner.repository, scanner.max_bytes, text)
    kept = _KEPT.get(key)
    if kept is None:
        kept = read(documents, scanner)
        while len(_KEPT) >= _MAX_KEPT:
            del _KEPT[next(iter(_KEPT))]
        _KEPT[key] = kept
    return kept


def _gitlab_read(documents: list[yaml.Node], scanner: Scanner) -> list[Session]:
    from contextlib import suppress

    found: list[Session] = []
    with suppress(RecursionError):  # (as sessions() has it: those read so far)
        found.extend(_gitlab(documents, scanner))
    return found


def folded_last(node: yaml.Node) -> int | None:
    """The last line of a scalar whose text YAML folds (see :class:`Script`), else ``None``.

    >>> import yaml
    >>> folded_last(yaml.compose('- ssh host "\\n  docker run redis:7\\n  "').value[0])
    3
    >>> folded_last(yaml.compose("- |\\n  docker run redis:7\\n").value[0]) is None
    True
    """
    style = getattr(node, "style", None)
    end = node.end_mark
    last = int(end.line) + (1 if end.column > 0 else 0)
    if style == "|" or last <= int(node.start_mark.line) + 1:
        return None
    return last


def _line(node: yaml.Node) -> int:
    """The line of a script's first line (a block scalar's text starts below its ``|``)."""
    from .._yaml import value_position

    style = getattr(node, "style", None)
    if style in ("|", ">"):
        return int(node.start_mark.line) + 2
    return value_position(node)[0]


# --- GitHub Actions --------------------------------------------------------------------


def _github_text(
    text: str, known: dict[str, object], allowed: frozenset[str] = _RUN_CONTEXTS
) -> str:
    """``text`` with each ``${{ }}`` evaluated (:data:`UNKNOWN` where a run decides);
    ``allowed``: the contexts the text may name."""
    if "${{" not in text:
        return text
    from ._expr import Either, Unknown, evaluate, to_string
    from ._github import _segments

    try:
        parts = _segments(text)
    except Rejected:
        return UNKNOWN
    out: list[str] = []
    for is_expression, part in parts:
        if not is_expression:
            out.append(part)
            continue
        try:
            value = evaluate(part.strip(), known, allowed=allowed).value
        except (Rejected, ValueError, RecursionError):
            out.append(UNKNOWN)
            continue
        fallback = _fallback(value) if isinstance(value, Either) else None
        if fallback is not None:
            out.append(fallback)
        elif isinstance(value, Unknown | Either | dict | list):
            out.append(UNKNOWN)
        else:
            out.append(to_string(value))
    return "".join(out)


def _fallback(value: Either) -> str | None:
    """The text a run's value falls back to, ``${{ vars.NS || 'selenium' }}``: the last
    option, a known string, after options that only a run knows (a variable, an input, a
    secret that may be unset) — read as a shell's ``${NS:-selenium}`` is, its default.
    SeleniumHQ/docker-selenium's job env ``NAME: ${{ vars.DOCKER_NAMESPACE || 'selenium' }}``
    made its `docker pull $NAME/hub:latest` no reference at all (survey s41c). A choice
    between known texts (``inputs.nightly && '18' || '20'``) has no one default: ``None``."""
    from ._expr import Unknown

    *runs, last = value.options
    if not runs or not isinstance(last, str) or not last:
        return None
    return last if all(isinstance(option, Unknown) for option in runs) else None


def _github_choices(text: str, known: dict[str, object]) -> object | None:
    """The :class:`~._expr.Either` a text that is one ``${{ }}`` gives, when each of its
    options is a known string (a step's output that its script's branches choose: see
    :mod:`._step_outputs`); else ``None``."""
    if "${{" not in text:
        return None
    from ._expr import Either, evaluate
    from ._github import _segments

    try:
        parts = _segments(text.strip())
    except Rejected:
        return None
    if len(parts) != 1 or not parts[0][0]:
        return None
    try:
        value = evaluate(parts[0][1].strip(), known, allowed=_RUN_CONTEXTS).value
    except (Rejected, ValueError, RecursionError):
        return None
    if not isinstance(value, Either):
        return None
    if not all(isinstance(option, str) and option for option in value.options):
        return None
    return value


#: The functions of a step's ``if`` that only a run answers (the job's status, its files).
_RUN_FUNCTIONS = ("success(", "always(", "failure(", "cancelled(", "hashfiles(")


def _skipped(node: yaml.Node | None, known: dict[str, object]) -> bool:
    """Whether a step's ``if`` is false with what the file knows: the runner skips the step.

    The condition is an expression with or without its ``${{ }}`` (GitHub's "Using
    conditions to control job execution"); other text around a ``${{ }}`` is a string, true.
    A status check function or ``hashFiles`` is a run's answer, and so is any value only a
    run has (an input too: a dispatch or a caller may give another than the default): the
    step runs. prefect's compatibility job runs a server image only when
    ``matrix.server-version.version != 'main'``, and its one matrix leg is ``main``: the
    ``docker run`` of that step, whose ``${{ matrix.server-version.image }}`` is empty, would
    have read ``prefect`` (the command after it) as an image (survey 16d).
    """
    from ._expr import Unknown, _truthy, evaluate, options
    from ._github import _segments

    text = scalar(node) if node is not None else None
    if text is None or not text.strip():
        return False
    try:
        parts = _segments(text.strip())
    except Rejected:
        return False
    if len(parts) != 1:
        return False  # (text and an expression: a string, always true)
    expression = parts[0][1]
    if any(function in expression.lower() for function in _RUN_FUNCTIONS):
        return False
    # (an input's default is not what a run is given: a dispatch or a caller may say more;
    # `github.event.inputs` are the dispatch's inputs)
    known = {name: value for name, value in known.items() if name not in ("inputs", "github")}
    try:
        value = evaluate(expression.strip(), known, allowed=_RUN_CONTEXTS).value
    except (Rejected, ValueError, RecursionError):
        return False
    # (false whichever way a run goes: `env.PUSH && matrix.tag != 'x'` in the matrix leg
    # whose tag is 'x', jupyter/docker-stacks' registry-move; an `&&` that an unknown
    # left side decides gives that side, false there)
    return all(
        option.truth is False if isinstance(option, Unknown) else not _truthy(option)
        for option in options(value)
    )


def _github_env(
    node: yaml.Node | None, known: dict[str, object], outer: Mapping[str, str]
) -> dict[str, str]:
    """An ``env:`` mapping's values on top of ``outer`` (``${{ }}`` evaluated); or the map one
    expression gives whole (``env: ${{ matrix.cfg.env }}``, airsonic-advanced's PR workflow:
    each database's ``DB`` and credentials), its values as the runner makes them strings."""
    from ._expr import Partial, evaluate, to_string

    env = dict(outer)
    if not is_mapping(node):
        whole = _whole_expression(scalar(node) if node is not None else None)
        try:
            value = evaluate(whole, known, allowed=_RUN_CONTEXTS).value if whole else None
        except (Rejected, ValueError, RecursionError):
            return env
        if isinstance(value, dict):
            env.update(
                (str(name), to_string(entry) if _plain(entry) else UNKNOWN)
                for name, entry in value.items()
            )
        return env
    for name, value in fields(node).items():
        text = scalar(value)
        if text is None:
            continue
        context = {**known, "env": Partial(env)}
        env[name] = _github_text(text, context)
    return env


def _plain(value: object) -> bool:
    """Whether a value is a string, a number, a boolean or null (what an ``env`` holds)."""
    return value is None or isinstance(value, str | int | float | bool)


def _whole_expression(text: str | None) -> str | None:
    """The expression of a text that is one ``${{ }}`` and nothing else, else ``None``."""
    from ._github import _segments

    if text is None or "${{" not in text:
        return None
    try:
        parts = _segments(text.strip())
    except Rejected:
        return None
    return parts[0][1].strip() if len(parts) == 1 and parts[0][0] else None


def _env_options(
    node: yaml.Node | None,
    known: dict[str, object],
    env: Mapping[str, str],
    outer: Mapping[str, tuple[str, ...]] | None = None,
) -> dict[str, tuple[str, ...]]:
    """The values an ``env:`` entry may take when a run chooses among several and some are
    known here (``${{ inputs.registry || vars.REGISTRY || format('ghcr.io/{0}',
    github.repository_owner) }}``: the known ones), by name; only for an entry whose value is
    otherwise a run's. ``outer``: those of the job's ``env`` around a step's, which a step's
    entry names as ``${{ env.NAME }}``, among other text (openziti's job says
    ``ZITI_CONTROLLER_IMAGE: ${{ vars.ZITI_CONTROLLER_IMAGE || 'openziti/ziti-controller'
    }}``, its step ``IMAGE_REPO: ${{ env.REGISTRY }}/${{ env.ZITI_CONTROLLER_IMAGE }}``);
    they are the step's too where it does not set the name again."""
    import itertools

    from ._github import _segments

    outer = outer or {}
    found: dict[str, tuple[str, ...]] = {}
    entries = fields(node) if is_mapping(node) else {}
    for name, value in entries.items():
        text = scalar(value)
        if text is None or UNKNOWN not in env.get(name, ""):
            continue
        try:
            parts = _segments(text.strip())
        except (Rejected, ValueError):
            continue
        choices = [
            _part_options(is_expression, part, known, outer) for is_expression, part in parts
        ]
        if not choices or any(not values for values, _ in choices):
            continue
        if not any(chosen for _, chosen in choices):
            continue  # (no choice: the value is known, or a run's)
        joined = ("".join(values) for values in itertools.product(*(v for v, _ in choices)))
        found[name] = tuple(dict.fromkeys(itertools.islice(joined, 4)))
    for name, values in outer.items():
        if name not in entries and UNKNOWN in env.get(name, ""):
            found.setdefault(name, values)
    return found


def _part_options(
    is_expression: bool,
    text: str,
    known: dict[str, object],
    outer: Mapping[str, tuple[str, ...]],
) -> tuple[tuple[str, ...], bool]:
    """The values one part of an ``env:`` entry may take (see :func:`_env_options`): its
    text, an outer entry's options, an expression's known options (none when a run's); and
    whether a run chooses among them."""
    import re

    from ._expr import Either, Unknown, evaluate, to_string

    if not is_expression:
        return (text,), False
    named = re.fullmatch(r"\s*env\.([A-Za-z_][\w-]*)\s*", text)
    if named is not None and named.group(1) in outer:
        return outer[named.group(1)], True
    try:
        result = evaluate(text.strip(), known, allowed=_RUN_CONTEXTS).value
    except (Rejected, ValueError, RecursionError):
        return (), False
    if isinstance(result, Either):
        known_ones = [o for o in result.options if isinstance(o, str) and o]
        return tuple(dict.fromkeys(to_string(o) for o in known_ones))[:4], True
    if isinstance(result, Unknown | dict | list):
        return (), False
    return (to_string(result),), False


def _github_steps(
    steps: yaml.Node | None,
    scanner: Scanner,
    known: dict[str, object],
    env: Mapping[str, str],
    job: str | None = None,
    shell: str | None = None,
    workdir: str | None = "",
    outputs: StepOutputs | None = None,
    flow: _JobFlow | None = None,
    path: str | None = None,
    matrix: yaml.Node | None = None,
) -> Iterator[Session]:
    """The shells of a job's ``steps`` (``path``: the file they are written in, when not the
    scanner's: a composite action's); ``flow`` carries what they write to ``$GITHUB_ENV``
    from one step to the next, through the composite actions they use, which run as steps
    of the job (see ``._local_actions``); ``matrix``: the job's ``strategy.matrix``, where a
    ``run`` that is a whole matrix value is written."""
    from ._expr import Partial
    from ._github import matrix_value_node
    from ._step_outputs import StepOutputs

    flow = flow or _JobFlow(None, (), None)
    outputs = outputs or StepOutputs(None)
    for step in sequence(steps) if is_sequence(steps) else []:
        step_fields = fields(step)
        run = step_fields.get("run")
        command_shell: str | None = None
        if run is None:
            run, command_shell = _command_input(step_fields)
        remote = run is None and _remote_input(step_fields) is not None
        if remote:
            run = _remote_input(step_fields)
        text = scalar(run)
        in_matrix = matrix_value_node(matrix, known.get("matrix"), text) if text else None
        if in_matrix is not None:
            # (`run: ${{ matrix.cfg.run }}`: the text is written in the matrix, each combination's
            # at its own entry; airsonic-advanced's PR workflow runs its databases so)
            run, text = in_matrix, scalar(in_matrix)
        outer = _after_env_writes(env, tuple(flow.earlier), flow.written)
        # (a step's `env` may name the outputs of the steps before it: bitwarden/server's
        # `PROJECT_NAME: ${{ steps.setup.outputs.project_name }}`, in the tags it writes)
        step_known = {**known, "steps": outputs.context}
        step_env = _github_env(step_fields.get("env"), step_known, outer)
        if _skipped(step_fields.get("if"), {**known, "env": _with_unknowns(step_env),
                                            "steps": outputs.context}):  # fmt: skip
            continue
        if run is None and "uses" in step_fields:
            context = {**known, "env": Partial(step_env), "steps": outputs.context}
            yield from _composite(step_fields, scanner, context, step_env, job, workdir, flow)
        if run is None or text is None or is_custom(run):
            outputs.ran(step, None, posix=False)  # (a checkout of the repository)
            continue
        script = _github_text(text, {**known, "env": Partial(step_env), "steps": outputs.context})
        if remote:
            # (a remote host's shell runs it, in a directory of its own, with only the env the
            # action passes it)
            passed = _remote_variables(step_fields, step_env)
            written = Script(path or scanner.path_of(run), _line(run), script, folded_last(run))
            yield Session(passed, [written], job, workdir=None)
            outputs.ran(step, None, posix=False)
            continue
        step_shell = command_shell or scalar(step_fields.get("shell")) or shell
        posix = step_shell is None or _is_posix_shell(step_shell)
        if step_shell is not None and not posix:
            from ..builds._powershell import posix_text, runs_powershell

            if runs_powershell(step_shell):
                # (a PowerShell step is read as sh, rewritten: see builds._powershell)
                script, posix = posix_text(script), True
        step_workdir = workdir
        if "working-directory" in step_fields:
            step_workdir = flow.in_checkout(
                _workdir(step_fields["working-directory"], known, step_env)
            )
        start = flow.files_at(step_workdir, outputs.checked_out)
        flow.earlier.append(env_files_written(_env_writing(text, script), start, flow.read))
        yield Session(
            step_env,
            [Script(path or scanner.path_of(run), _line(run), script, folded_last(run))],
            job,
            posix=posix,
            workdir=step_workdir,
            workspace=flow.workspace if step_workdir is None else None,
            checkout_path=flow.workspace,
        )
        outputs.ran(step, step_workdir, posix, step_env, script)
        if posix and "GITHUB_ENV" in script:
            script = env_files_written(script, start, flow.read)
            checkout = flow.checkout if outputs.checked_out else None
            flow.written.update(
                env_file_values(script, step_env, outer, step_workdir, checkout, flow.read)
            )


#: Actions that run a shell command of an input (``with: {command: "docker pull …"}``), with
#: the input that names its shell: nick-fields/retry (and its old name, nick-invision/retry)
#: and Wandalen/wretry.action retry a flaky command, often a pull or a build (Mailu's CI
#: runs its `docker buildx bake` so).
COMMAND_ACTIONS = {
    "nick-fields/retry": ("command", "shell"),
    "nick-invision/retry": ("command", "shell"),
    "wandalen/wretry.action": ("command", None),
    # (mikefarah/yq's action runs `eval "$1"` of its `cmd` in sh, in the workspace, with the
    # runner's files: secureCodeBox's release build writes `echo scannerVersion=$(yq e
    # .appVersion scanners/${{ matrix.scanner }}/Chart.yaml) >> $GITHUB_ENV` so)
    "mikefarah/yq": ("cmd", None),
}


def _command_input(step_fields: dict[str, yaml.Node]) -> tuple[yaml.Node | None, str | None]:
    """The ``command`` input of a step that uses one of :data:`COMMAND_ACTIONS`, read as a
    ``run`` of the step, and the shell it names (``None``: the job's); ``(None, None)`` for
    any other step."""
    action = (scalar(step_fields.get("uses")) or "").partition("@")[0].lower()
    inputs = COMMAND_ACTIONS.get(action)
    if inputs is None:
        return None, None
    command, shell = inputs
    given = fields(step_fields.get("with"))
    return given.get(command), scalar(given.get(shell)) if shell is not None else None


#: Actions that run an input's commands on another host over SSH, with that input: a
#: deployment's remote half (appleboy/ssh-action's ``script``: ``docker pull``, ``docker run``
#: of the images the server runs). See ``..builds._ssh`` for ``ssh`` in a script.
REMOTE_ACTIONS = {
    "appleboy/ssh-action": "script",
    "garygrossgarten/github-action-ssh": "command",
    "fifsky/ssh-action": "command",
    "d3rhase/ssh-command-action": "command",
    "cross-the-world/ssh-pipeline": "script",
}


def _remote_input(step_fields: dict[str, yaml.Node]) -> yaml.Node | None:
    """The input whose commands a step that uses one of :data:`REMOTE_ACTIONS` runs on the
    remote host (``None`` for any other step)."""
    action = (scalar(step_fields.get("uses")) or "").partition("@")[0].lower()
    name = REMOTE_ACTIONS.get(action)
    return None if name is None else fields(step_fields.get("with")).get(name)


def _remote_variables(step_fields: dict[str, yaml.Node], env: Mapping[str, str]) -> dict[str, str]:
    """The step's ``env`` that ``appleboy/ssh-action`` passes to the remote shell: the names
    of its ``envs`` input (a comma-separated list), or all of them with ``allenvs: true``;
    none for the other actions."""
    action = (scalar(step_fields.get("uses")) or "").partition("@")[0].lower()
    if action != "appleboy/ssh-action":
        return {}
    given = fields(step_fields.get("with"))
    if (scalar(given.get("allenvs")) or "").strip().lower() == "true":
        return dict(env)
    names = [name.strip() for name in (scalar(given.get("envs")) or "").split(",")]
    return {name: env[name] for name in names if name in env}


class _JobFlow:
    """What one job's steps pass on as they run: the ``run`` texts so far (``earlier``, as
    written) and the values they write to ``$GITHUB_ENV`` (``written``); where the
    repository is (``checkout``, the directory the scan names it by; ``checkouts``: where
    the job's ``actions/checkout`` steps put it in the workspace), the files read besides
    the workflow (``read``), and how many composite actions deep the steps are."""

    __slots__ = ("checkout", "checkouts", "depth", "earlier", "read", "workspace", "written")

    def __init__(
        self,
        checkout: str | None,
        checkouts: tuple[str, ...],
        read: dict[str, tuple[int, int] | None] | None,
        depth: int = 0,
        workspace: str | None = None,
    ) -> None:
        self.checkout = checkout
        self.checkouts = checkouts
        #: Where the job's one checkout of the repository is in the workspace its steps start
        #: in (``None``: the workspace is the checkout).
        self.workspace = workspace
        self.read = read
        self.depth = depth
        self.earlier: list[str] = []
        self.written: dict[str, str] = {}

    def files_at(self, workdir: str | None, checked_out: bool) -> str | None:
        """Where a step's commands find the repository's files (``workdir``: its working
        directory, relative to the checkout), ``None`` when that is not known here: no
        checkout of the repository before it (``checked_out``), or a run's directory."""
        if not checked_out or self.checkout is None or workdir is None:
            return None
        return os.path.join(self.checkout, workdir) if workdir else self.checkout

    def in_checkout(self, workdir: str | None) -> str | None:
        """A ``working-directory`` (relative to the workspace) relative to the checkout: the
        part below a checkout's ``path`` (libgit2's ``source/ci/docker``: ``ci/docker``)."""
        if workdir is None:
            return None
        for checkout in self.checkouts:
            if workdir == checkout:
                return ""
            if workdir.startswith(checkout + "/"):
                return workdir[len(checkout) + 1 :]
        return workdir


#: How many composite actions deep the steps of a job are read (GitHub allows ten).
_MAX_ACTION_DEPTH = 4


def _composite(
    step_fields: dict[str, yaml.Node],
    scanner: Scanner,
    context: dict[str, object],
    env: Mapping[str, str],
    job: str | None,
    workdir: str | None,
    flow: _JobFlow,
) -> Iterator[Session]:
    """The shells of the repository's composite action a step uses (``uses: ./PATH``), as
    steps of its job: ``inputs`` from the step's ``with:`` (evaluated in ``context``), else
    their defaults (see ``._local_actions``); the step's ``env`` is theirs."""
    from .._context_cache import stat_of
    from .._yaml import MAX_BYTES
    from ._infra_e2e_action import infra_e2e_command
    from ._local_actions import local_action
    from ._promci import promci_command

    uses = scalar(step_fields.get("uses")) or ""
    command = promci_command(step_fields, lambda text: _github_text(text, context))
    if command is None:
        command = infra_e2e_command(step_fields, lambda text: _github_text(text, context))
    if command is not None:  # (a known remote action: the command it runs, at its `uses`)
        line = _line(step_fields["uses"])
        yield Session(env, [Script(scanner.path_of(step_fields["uses"]), line, command)], job,
                      workdir=workdir)  # fmt: skip
        return
    if flow.depth >= _MAX_ACTION_DEPTH or not uses.startswith("./"):
        return
    limit = scanner.max_bytes or MAX_BYTES
    action = local_action(uses, flow.checkout, flow.checkouts, limit, scanner)
    if action is None:
        return
    if flow.read is not None:
        flow.read.setdefault(action.path, stat_of(action.path))
    known: dict[str, object] = {"inputs": _action_inputs(action, step_fields, context)}
    flow.depth += 1
    try:
        yield from _github_steps(
            action.steps, scanner, known, env, job, None, workdir, None, flow, action.path
        )
    finally:
        flow.depth -= 1


def _after_env_writes(
    env: Mapping[str, str], earlier: tuple[str, ...], values: Mapping[str, str] | None = None
) -> Mapping[str, str]:
    """The workflow's and the job's ``env`` as a step sees it after the ``run`` texts
    ``earlier`` in its job: a variable they write to ``$GITHUB_ENV`` has the value the shell
    reader knows it writes (``values``, :func:`env_file_values`), else one only a run knows
    (it wins over those ``env``; the step's own ``env`` wins over it); when a write names
    variables only a run knows, so has each of them (as for ``docker/bake-action``)."""
    written, any_name = github_env_writes(earlier)
    if not written and not any_name:
        return env
    unknown = set(env) if any_name else written
    changed = {**env, **dict.fromkeys(unknown, UNKNOWN)}
    if not any_name:
        changed.update((name, value) for name, value in (values or {}).items() if name in written)
    return changed


def env_file_values(
    script: str,
    variables: Mapping[str, str],
    before: Mapping[str, str],
    workdir: str | None,
    checkout: str | None = None,
    read: dict[str, tuple[int, int] | None] | None = None,
) -> dict[str, str]:
    """What a step's ``run`` text (its ``${{ }}`` evaluated) writes to ``$GITHUB_ENV``, as
    the shell reader expands it with the step's ``variables`` (see ``..builds._env_file``;
    ``before``: what the steps after it would have without it; ``checkout``: where the
    repository's files are, when the job has checked it out: ``$(cat FILE)``, and the files
    it sources, ``. versions``, whose variables it writes; ``read``: what is looked at of
    them is added there)."""
    import re

    names, _ = github_env_writes((script,))
    reader = ShellReader(
        variables,
        cwd=workdir,
        env_file="GITHUB_ENV",
        repository="",
        files=checkout,
        sourcing=_step_sourcing(script, checkout, workdir),
        no_arguments=True,
    )
    reader.read(script)
    if reader.sourcing is not None and read is not None:
        read.update(reader.sourcing.inputs)
    values = reader.env_file.values(before, UNKNOWN) if reader.env_file is not None else {}
    # (a write the reader does not read, `printf`, `tee`: a value only a run knows; a pipe in
    # a command substituted is the substitution's: krakend/krakend-ce's `echo
    # "GOLANG_VERSION=$(grep -m 1 GOLANG_VERSION Makefile | sed 's/^.*= //g')" >> $GITHUB_ENV`)
    otherwise = {
        found.group(1)
        for line in _logical_lines(script)
        if (found := re.match(_WRITES_ONE, line)) is not None
        and re.match(r"\s*echo\s[^|]*>", re.sub(r"\$\([^()]*\)", "", line)) is None
    }
    return {**dict.fromkeys(names, UNKNOWN), **values, **dict.fromkeys(otherwise, UNKNOWN)}


def _step_sourcing(script: str, checkout: str | None, workdir: str | None) -> Sourcing | None:
    """What a step's ``source FILE`` (``. FILE``) reads: the repository's file, from the
    directory the step runs in (livebook-dev/livebook's release job runs ``. versions`` then
    ``echo "elixir=$elixir" >> $GITHUB_ENV``, and a later build's ``BASE_IMAGE`` is
    ``hexpm/elixir:${{ env.elixir }}-…``); ``None`` when the job has not checked the
    repository out, or the directory is a run's."""
    from ..builds._sourced import Sourcing, may_source
    from ..context import project_root

    if checkout is None or workdir is None or not may_source(script.encode()):
        return None
    start = os.path.join(checkout, workdir) if workdir else checkout
    # (the step's text stands in for a script in that directory: its operands are found
    # there, or at the repository's top, as a script's are)
    return Sourcing(os.path.join(start, "run"), project_root(start), max_bytes=MAX_ENV_SOURCE)


#: The most of a file a step sources that is read.
MAX_ENV_SOURCE = 256 * 1024


def _workdir(node: yaml.Node, known: dict[str, object], env: Mapping[str, str]) -> str | None:
    """A ``working-directory`` (relative to the checkout), ``None`` where a run decides it."""
    from ._expr import Partial

    text = scalar(node)
    if text is None:
        return None
    value = _github_text(text, {**known, "env": Partial(env)})
    return None if UNKNOWN in value or "$" in value else value


def _default_workdir(
    node: yaml.Node | None, known: dict[str, object], outer: str | None
) -> str | None:
    """``defaults.run.working-directory`` of a workflow or a job (else ``outer``)."""
    found = fields(fields(fields(node).get("defaults")).get("run")).get("working-directory")
    return outer if found is None else _workdir(found, known, {})


def _is_posix_shell(shell: str) -> bool:
    """Whether a step's ``shell`` is one that reads shell text (``bash``, ``sh -e {0}``…), not
    ``pwsh``, ``powershell``, ``cmd`` or ``python``; or a command that runs the step's script
    file (``{0}``) with one: bats-core's ``script -q -e -c "bash {0}"`` and ``unbuffer bash
    {0}``, for a terminal (11 pulls missed, survey 28y)."""
    program = shell.split()[0].rpartition("/")[2] if shell.split() else ""
    if program in _POSIX_SHELLS:
        return True
    if "{0}" not in shell:
        return False
    import re

    words = re.split(r"[\s'\"]+", shell)
    return any(
        word.rpartition("/")[2] in _POSIX_SHELLS and "{0}" in words[index + 1 :]
        for index, word in enumerate(words)
    )


#: The shells that read shell text.
_POSIX_SHELLS = frozenset({"bash", "sh", "dash", "ash", "zsh", "ksh"})


def _default_shell(node: yaml.Node | None) -> str | None:
    """``defaults.run.shell`` of a workflow or a job."""
    return scalar(fields(fields(fields(node).get("defaults")).get("run")).get("shell"))


def _action_inputs(
    action: LocalAction, step_fields: dict[str, yaml.Node], context: dict[str, object]
) -> dict[str, object]:
    """The ``inputs`` of a composite action a step uses: the step's ``with:`` values
    (evaluated in ``context``), else the defaults, else ``""`` (see ``._local_actions``)."""
    from ._expr import Unknown

    given = {key.casefold(): value for key, value in fields(step_fields.get("with")).items()}
    inputs: dict[str, object] = {}
    for name, default in action.defaults.items():
        node = given.get(name.casefold())
        text = scalar(node) if node is not None else default
        value = UNKNOWN if text is None else _github_text(text, context)
        inputs[name] = Unknown((f"inputs.{name}",)) if UNKNOWN in value else value
    return inputs


def _github_workflow(
    documents: list[yaml.Node],
    scanner: Scanner,
    checkout: str | None = None,
    read: dict[str, tuple[int, int] | None] | None = None,
) -> Iterator[Session]:
    from ._local_actions import checkout_paths, workspace_checkout
    from ._step_outputs import StepOutputs

    for job in _github_jobs(documents, scanner, checkout, read):
        outputs = StepOutputs(checkout, read)
        workspace = workspace_checkout(job.steps)
        flow = _JobFlow(checkout, checkout_paths(job.steps), read, workspace=workspace)
        # (the steps start in the workspace: with the checkout at a `path`, not in it)
        workdir = flow.in_checkout(job.workdir) if job.workdir or not workspace else None
        matrix = fields(job.fields.get("strategy")).get("matrix")
        yield from _github_steps(
            job.steps, scanner, job.known, job.env, job.name, job.shell, workdir, outputs, flow,
            matrix=matrix,
        )  # fmt: skip


class _Job:
    """One job of a workflow as one matrix combination runs it: its ``steps``, and what their
    expressions know (``known``: inputs, matrix; ``env``: the workflow's and the job's)."""

    __slots__ = ("env", "fields", "known", "name", "shell", "steps", "workdir")

    def __init__(
        self,
        name: str | None,
        steps: yaml.Node | None,
        known: dict[str, object],
        env: dict[str, str],
        shell: str | None = None,
        workdir: str | None = "",
        fields: dict[str, yaml.Node] | None = None,
    ) -> None:
        self.name = name
        self.steps = steps
        self.known = known
        self.env = env
        self.shell = shell
        self.workdir = workdir
        #: The job's own keys (``uses`` and ``with`` for a call of a reusable workflow).
        self.fields = fields or {}


def _github_jobs(
    documents: list[yaml.Node],
    scanner: Scanner,
    checkout: str | None = None,
    read: dict[str, tuple[int, int] | None] | None = None,
) -> Iterator[_Job]:
    """The jobs of a workflow's readings (``checkout``, ``read``: as for :class:`StepOutputs`,
    whose outputs the jobs that need a job are given)."""
    from .._yaml import MAX_BYTES
    from ._calls import readings

    for document in documents:
        if not is_mapping(document):
            continue
        root = fields(document)
        # (once a call of it by another workflow of the repository: see ._calls)
        for reading in readings(scanner.path, root, scanner.max_bytes or MAX_BYTES):
            yield from _github_reading(document, root, reading.inputs, checkout, read)


def _github_reading(
    document: yaml.Node,
    root: dict[str, yaml.Node],
    inputs: dict[str, object],
    checkout: str | None = None,
    read: dict[str, tuple[int, int] | None] | None = None,
) -> Iterator[_Job]:
    """The jobs of a workflow, each as one matrix combination runs it with ``inputs``; a job
    that ``needs`` others is given the ``outputs`` of theirs the file tells
    (:func:`_job_outputs`)."""
    from ._expr import Partial
    from ._github import _matrix
    from ._repository import git_config, github_repository

    # (a dispatch's inputs are also `github.event.inputs`; the repository is the checkout's,
    # when git says which it is; other `github` values are a run's)
    github: dict[str, object] = {"event": Partial({"inputs": inputs})}
    repository = github_repository(checkout)
    if read is not None and (config := git_config(checkout)) is not None:
        from .._context_cache import stat_of

        read[config] = stat_of(config)  # (a reading kept between runs depends on the origin)
    runner_env: dict[str, str] = {}
    if repository is not None:
        github["repository"] = repository
        github["repository_owner"] = repository.partition("/")[0]
        # (the runner's own variables of them: `echo "IMAGE=ghcr.io/${GITHUB_REPOSITORY,,}"
        # >> $GITHUB_ENV`, `$(echo $GITHUB_REPOSITORY | tr '[:upper:]' '[:lower:]')`)
        runner_env = {"GITHUB_REPOSITORY": repository,
                      "GITHUB_REPOSITORY_OWNER": repository.partition("/")[0]}  # fmt: skip
        # (the event's repository is the workflow's: triggerdotdev/trigger.dev names the image
        # it publishes `${{ format('{0}/{1}', …, github.event.repository.name) }}`)
        event_repository = {"name": repository.partition("/")[2], "full_name": repository}
        github["event"] = Partial({"inputs": inputs, "repository": Partial(event_repository)})
    known: dict[str, object] = {"inputs": inputs, "github": Partial(github)}
    workflow_env = _github_env(root.get("env"), known, runner_env)
    workflow_workdir = _default_workdir(document, known, "")
    jobs = root.get("jobs")
    every: list[_Job] = []
    for job_name, job in (fields(jobs) if is_mapping(jobs) else {}).items():
        job_fields = fields(job)
        steps = job_fields.get("steps")
        combinations: list[dict[str, object]] = [{"*": None}]
        if _mentions_matrix(job):
            matrix = fields(job_fields.get("strategy")).get("matrix")
            where = f"jobs.{job_name}.strategy.matrix"
            combinations = _matrix(Scanner(None, "github-workflow"), matrix, where, inputs)
        # (`github.job` is the job's id, GitHub's `github` context: moveit2's docker.yaml
        # builds `file: .docker/${{ github.job }}/Dockerfile` with its matrix's ROS_DISTRO)
        job_github = Partial({**github, "job": job_name})
        for combination in combinations:
            job_known = {**known, "github": job_github}
            if "*" not in combination:
                job_known["matrix"] = combination
            job_env = _github_env(job_fields.get("env"), job_known, workflow_env)
            shell = _default_shell(job) or _default_shell(document)
            workdir = _default_workdir(job, job_known, workflow_workdir)
            every.append(_Job(job_name, steps, job_known, job_env, shell, workdir, job_fields))
    produced = _job_outputs(every, checkout, read)
    expanded: set[str | None] = set()
    for reading in every:
        needs = _needs(reading.fields.get("needs"))
        given = {name: produced[name] for name in needs if name in produced}
        if not given:
            yield reading
            continue
        reading.known = {**reading.known, "needs": Partial(given)}
        if not _mentions_needs_matrix(reading):
            yield reading
            continue
        # (a matrix from the outputs of the jobs it needs: trigger.dev's `image: ${{
        # fromJSON(needs.setup.outputs.images) }}`, read again once they are known)
        if reading.name in expanded:
            continue
        expanded.add(reading.name)
        matrix = fields(reading.fields.get("strategy")).get("matrix")
        where = f"jobs.{reading.name}.strategy.matrix"
        scanner = Scanner(None, "github-workflow")
        for combination in _matrix(scanner, matrix, where, inputs, Partial(given)):
            job_known = dict(reading.known)
            job_known.pop("matrix", None)
            if "*" not in combination:
                job_known["matrix"] = combination
            job_env = _github_env(reading.fields.get("env"), job_known, workflow_env)
            yield _Job(
                reading.name, reading.steps, job_known, job_env, reading.shell, reading.workdir,
                reading.fields,
            )  # fmt: skip


def _mentions_needs_matrix(job: _Job) -> bool:
    """Whether a job's matrix names ``needs`` (read once the jobs it needs are)."""
    from ._github import _text_of

    matrix = fields(job.fields.get("strategy")).get("matrix")
    return matrix is not None and "needs." in _text_of(matrix)


def needs_of(
    document: yaml.Node,
    root: dict[str, yaml.Node],
    inputs: dict[str, object],
    checkout: str | None = None,
) -> dict[str, object]:
    """The ``needs`` context of each job of a workflow's reading with ``inputs`` that needs
    jobs whose outputs the file tells (:func:`_job_outputs`, reading the files of
    ``checkout``), by the job's name."""
    return {
        job.name: job.known["needs"]
        for job in _github_reading(document, root, inputs, checkout)
        if job.name is not None and "needs" in job.known
    }


def _needs(node: yaml.Node | None) -> list[str]:
    """The jobs a job's ``needs`` names (one, or a list)."""
    if node is None:
        return []
    if scalar(node) is not None:
        return [str(scalar(node))]
    return [text for item in sequence(node) if (text := scalar(item)) is not None]


def _job_outputs(
    jobs: list[_Job],
    checkout: str | None,
    read: dict[str, tuple[int, int] | None] | None,
) -> dict[str, object]:
    """The ``needs`` context a job's outputs give: for each job of one run (no matrix: its
    legs' outputs overwrite one another) that has ``outputs``, those whose value the file
    tells from its steps' outputs (:mod:`._step_outputs`). FlowiseAI/Flowise's ``prepare``
    job says ``node_version: ${{ steps.defaults.outputs.node_version }}``, and its ``build``
    job builds ``docker/Dockerfile`` with ``NODE_VERSION=${{ needs.prepare.outputs.node_version
    }}``: ``FROM node:${NODE_VERSION}-alpine`` was unresolved (two false TS011)."""
    from ._expr import Partial

    legs: dict[str | None, int] = {}
    for job in jobs:
        legs[job.name] = legs.get(job.name, 0) + 1
    from ._step_outputs import names_with_a_run_s_tags

    found: dict[str, object] = {}
    for job in jobs:
        written = fields(job.fields.get("outputs"))
        if job.name is None or legs[job.name] != 1:
            continue
        if not written:
            called = _called_outputs(job, checkout, read)
            if called:
                found[job.name] = Partial({"outputs": Partial(called)})
            continue
        run = _StepsRun(job, checkout, read)
        outputs = run.outputs
        env = run.env(job)
        values: dict[str, object] = {}
        for name, node in written.items():
            text = scalar(node)
            if text is None:
                continue
            known = {**job.known, "env": env, "steps": outputs.context}
            choices = _github_choices(text, known)
            if choices is not None:
                values[name] = choices
                continue
            value = _github_text(text, known)
            if UNKNOWN not in value or names_with_a_run_s_tags(value):
                values[name] = value
        found[job.name] = Partial({"outputs": Partial(values)})
    return found


#: How a job calls a reusable workflow of its own repository.
_LOCAL_CALL = "./.github/workflows/"


def _called_outputs(
    job: _Job, checkout: str | None, read: dict[str, tuple[int, int] | None] | None
) -> dict[str, object]:
    """The outputs a job that calls a reusable workflow of the repository (``uses:
    ./.github/workflows/X.yml``) gets: X's ``on.workflow_call.outputs.NAME.value``, with the
    call's ``with:`` as its inputs, when the file tells it, or tells the images it names with
    tags a run decides. neondatabase/neon's ``build-build-tools-image.yml`` gives ``image:
    ghcr.io/neondatabase/build-tools:${{ jobs.check-image.outputs.tag }}``, the image it builds,
    which the jobs that need the call run as their container (20 false TS011, survey 30c)."""
    from .._context_cache import stat_of
    from ._expr import Partial
    from ._step_outputs import names_with_a_run_s_tags

    uses = scalar(job.fields.get("uses")) or ""
    if checkout is None or not uses.startswith(_LOCAL_CALL) or ".." in uses:
        return {}
    path = os.path.join(checkout, *uses[2:].split("/"))
    stat = stat_of(path)
    if stat is None:
        return {}
    if read is not None:
        read[path] = stat
    given = {
        name: _github_text(value, job.known)
        for name, node in fields(job.fields.get("with")).items()
        if (value := scalar(node)) is not None
    }
    known: dict[str, object] = {"inputs": Partial(given)}
    outputs = _workflow_call_outputs(path, stat)
    if any("jobs." in written for _, written in outputs) and path not in _CALLED:
        jobs, files = _called_jobs(path, stat, tuple(given.items()), checkout)
        known["jobs"] = Partial(jobs)
        if read is not None:
            read.update(files)
    values: dict[str, object] = {}
    for name, written in outputs:
        value = _github_text(written, known, _CALL_OUTPUT_CONTEXTS)
        if UNKNOWN not in value or names_with_a_run_s_tags(value):
            values[name] = value
    return values


#: The contexts a ``workflow_call`` output's ``value`` may name (its own jobs' outputs).
_CALL_OUTPUT_CONTEXTS = frozenset({"github", "inputs", "vars", "jobs"})
#: The called workflows whose jobs are being read (a workflow that calls itself is refused
#: by GitHub; here it is read once).
_CALLED: set[str] = set()


@functools.lru_cache(maxsize=256)
def _called_jobs(
    path: str, stat: tuple[int, int], given: tuple[tuple[str, str], ...], checkout: str | None
) -> tuple[dict[str, object], tuple[tuple[str, tuple[int, int] | None], ...]]:
    """The ``jobs`` context of a called workflow run with the inputs ``given``: its jobs'
    outputs the file tells (:func:`_job_outputs`), and the files read for them; read once
    while the file is as ``stat`` says (neon calls its workflows a thousand times a scan).
    scylladb/scylladb's read-toolchain.yaml gives ``image: ${{ jobs.read-toolchain.outputs
    .image }}``, which its job's step reads from the repository (``image=$(cat
    tools/toolchain/image)``): five workflows run it as their container (5 false TS011,
    survey 31e)."""
    from .._yaml import load_yaml
    from ..builds._common import read_text
    from ._expr import Partial
    from ._github import _inputs

    text = read_text(path, _MAX_CALLED_BYTES)
    if not isinstance(text, str):
        return {}, ()
    documents = load_yaml(text, path=path, max_bytes=_MAX_CALLED_BYTES).documents
    if not documents or not is_mapping(documents[0]):
        return {}, ()
    root = fields(documents[0])
    read: dict[str, tuple[int, int] | None] = {}
    _CALLED.add(path)
    try:
        inputs = Partial({**_inputs(root, ("workflow_call",)), **dict(given)})
        jobs = list(_github_reading(documents[0], root, inputs, checkout, read))
        return _job_outputs(jobs, checkout, read), tuple(read.items())
    finally:
        _CALLED.discard(path)


@functools.lru_cache(maxsize=256)
def _workflow_call_outputs(path: str, stat: tuple[int, int]) -> tuple[tuple[str, str], ...]:
    """A reusable workflow's ``on.workflow_call.outputs``, each name with its ``value`` as
    written, parsed once while the file is as ``stat`` says (neon's jobs call theirs once a
    reading of each caller: a thousand times in a scan)."""
    from .._yaml import load_yaml
    from ..builds._common import read_text

    text = read_text(path, _MAX_CALLED_BYTES)
    if not isinstance(text, str):
        return ()
    documents = load_yaml(text, path=path, max_bytes=_MAX_CALLED_BYTES).documents
    root = fields(documents[0]) if documents else {}
    call = fields(fields(root.get("on")).get("workflow_call"))
    return tuple(
        (name, written)
        for name, node in fields(call.get("outputs")).items()
        if (written := scalar(fields(node).get("value"))) is not None
    )


#: The most of a called workflow read for its outputs.
_MAX_CALLED_BYTES = 1024 * 1024


class _StepsRun:
    """The outputs of a job's ``run`` steps, as :func:`_github_steps` takes them in."""

    def __init__(
        self, job: _Job, checkout: str | None, read: dict[str, tuple[int, int] | None] | None
    ) -> None:
        from ._step_outputs import StepOutputs

        self.outputs = StepOutputs(checkout, read)
        self.flow = _JobFlow(None, (), None)
        for _ in _github_steps(
            job.steps, Scanner(None, "github-workflow"), job.known, job.env, job.name,
            job.shell, job.workdir, self.outputs, self.flow,
        ):  # fmt: skip
            pass

    def env(self, job: _Job) -> dict[str, object]:
        """The ``env`` context the job's ``outputs`` see: the workflow's and the job's
        ``env`` (GitHub's *Contexts*: ``env`` is available in ``jobs.<job_id>.outputs``); a
        variable the steps write to ``$GITHUB_ENV`` is a run's."""
        return _with_unknowns(_after_env_writes(job.env, tuple(self.flow.earlier)))


def github_calls(
    documents: list[yaml.Node], scanner: Scanner
) -> Iterator[tuple[yaml.Node, yaml.Node | None, dict[str, object]]]:
    """The jobs of a workflow that call a reusable workflow (``uses:`` at the job's level),
    once a matrix combination: the ``uses`` node, the ``with`` node, and what their
    expressions know (``inputs``, ``matrix``; a caller's ``with:`` has no ``env`` context)."""
    if scanner.system != "github-workflow":
        return
    for job in _github_jobs(documents, scanner):
        uses = job.fields.get("uses")
        if uses is not None:
            yield uses, job.fields.get("with"), {**job.known, "env": {}}


def github_uses(
    documents: list[yaml.Node],
    scanner: Scanner,
    checkout: str | None = None,
    read: dict[str, tuple[int, int] | None] | None = None,
) -> Iterator[tuple[str | None, yaml.Node, dict[str, object], tuple[str, ...]]]:
    """The steps that use an action (``uses:``) of a workflow's jobs (once a matrix
    combination) or of a composite action, each with its job, what its ``with:`` values'
    expressions know (``env``: the workflow's, the job's and the step's; a value a run
    decides is :class:`~._expr.Unknown`; ``steps``: the outputs of the ``run`` steps before
    it that the file tells, :mod:`._step_outputs`, reading files of ``checkout``, the
    workflow's checkout, into ``read``), and the ``run`` texts of the steps before it in
    its job, as written (what they write to ``$GITHUB_ENV`` is in its environment)."""
    from ._expr import Partial
    from ._local_actions import checkout_paths, workspace_checkout
    from ._step_outputs import StepOutputs

    jobs: Iterator[_Job]
    if scanner.system == "github-action":
        runs = fields(documents[0]).get("runs") if documents else None
        composite = (scalar(fields(runs).get("using")) or "").lower() == "composite"
        steps = fields(runs).get("steps") if composite else None
        contexts = _action_contexts(scanner) if composite else [{"inputs": Partial()}]
        jobs = iter([_Job(None, steps, {"inputs": known["inputs"]}, {}) for known in contexts])
    else:
        jobs = _github_jobs(documents, scanner, checkout, read)
    workflow = scanner.system == "github-workflow"
    for job in jobs:
        # (a composite action runs in its caller's workspace: no file of it is known here,
        # but for the repository an action of its own checks out)
        outputs = StepOutputs(checkout if workflow else None, read)
        flow = _JobFlow(_local_action_checkout(scanner, checkout), (), read)
        if workflow:
            workspace = workspace_checkout(job.steps)
            flow = _JobFlow(checkout, checkout_paths(job.steps), read, workspace=workspace)
        yield from _uses_steps(job.steps, scanner, job.known, job.env, job, outputs, flow)


def env_written_before(
    documents: list[yaml.Node], scanner: Scanner, checkout: str | None
) -> dict[int, dict[str, object]]:
    """For each step that uses an action (by the ``id`` of its node), the variables the
    ``run`` steps before it in its job write to ``$GITHUB_ENV`` by name, as its ``env``
    context has them (:class:`~._expr.Unknown` where a run decides, or where two matrix
    combinations give two values). prometheus-operator's ``helm/kind-action`` step has
    ``node_image: ${{ env.kind-image }}``, which ``cat ".github/env" >> "$GITHUB_ENV"`` gives.
    A write that names no variable as written (docker/buildx's ``for l in "${{ matrix.envs
    }}"; do echo "${l?}" >> $GITHUB_ENV``, one leg's ``BUILDKIT_REFS=v0.18.2``) leaves the
    others as the workflow's ``env`` has them: one leg's unknown value would make every
    leg's a run's."""
    from ._expr import Unknown

    found: dict[int, dict[str, object]] = {}
    for _, step, context, earlier in github_uses(documents, scanner, checkout):
        written, _ = github_env_writes(earlier)
        env = context.get("env")
        if not isinstance(env, dict) or not written:
            continue
        names = written & set(env)
        values = {name: env[name] for name in names}
        before = found.setdefault(id(step), values)
        for name, value in values.items():
            if name not in before or before[name] != value:
                before[name] = Unknown((f"env.{name}",))
    return found


def outputs_before(
    documents: list[yaml.Node], scanner: Scanner, checkout: str | None
) -> dict[int, list[tuple[object, dict[str, object]]]]:
    """For each step that uses an action (by the ``id`` of its node), the ``steps`` context
    its ``with:`` values see in each matrix combination of its job (the combination, or
    ``None`` for a job without a matrix): the outputs of the ``run`` steps before it that
    the file tells (:mod:`._step_outputs`). dexidp/helm-charts' ``helm/kind-action`` step
    has ``node_image: ${{ steps.node_image.outputs.image }}``, which a ``run`` step writes
    to ``$GITHUB_OUTPUT`` from a ``case`` on ``${{ matrix.kube }}``."""
    found: dict[int, list[tuple[object, dict[str, object]]]] = {}
    for _, step, context, _ in github_uses(documents, scanner, checkout):
        steps = context.get("steps")
        if isinstance(steps, dict):
            found.setdefault(id(step), []).append((context.get("matrix"), steps))
    return found


def _uses_steps(
    steps: yaml.Node | None,
    scanner: Scanner,
    known: dict[str, object],
    env: Mapping[str, str],
    job: _Job,
    outputs: StepOutputs,
    flow: _JobFlow,
) -> Iterator[tuple[str | None, yaml.Node, dict[str, object], tuple[str, ...]]]:
    """:func:`github_uses` of one job's ``steps``, through the repository's composite actions
    they use (their steps run as the job's, with their inputs: see ``._local_actions``)."""
    from .._yaml import MAX_BYTES
    from ._expr import Partial
    from ._local_actions import local_action
    from ._step_outputs import StepOutputs

    for step in sequence(steps) if is_sequence(steps) else []:
        step_fields = fields(step)
        outer = _after_env_writes(env, tuple(flow.earlier), flow.written)
        step_env = _github_env(step_fields.get("env"), {**known, "steps": outputs.context}, outer)
        context = {**known, "env": _with_unknowns(step_env), "steps": outputs.context}
        if _skipped(step_fields.get("if"), context):
            continue
        command, command_shell = _command_input(step_fields)
        if "uses" not in step_fields or command is not None:
            # (an action that runs a command of its input writes to $GITHUB_ENV as a `run` does)
            text = scalar(step_fields.get("run") if command is None else command)
            if text is not None:
                workdir = job.workdir
                if "working-directory" in step_fields:
                    workdir = _workdir(step_fields["working-directory"], known, step_env)
                start = flow.files_at(workdir, outputs.checked_out)
                evaluated = {**known, "env": Partial(step_env), "steps": outputs.context}
                script = _github_text(text, evaluated)
                flow.earlier.append(env_files_written(_env_writing(text, script), start, flow.read))
                shell = command_shell or scalar(step_fields.get("shell")) or job.shell
                posix = shell is None or _is_posix_shell(shell)
                job_options = _env_options(job.fields.get("env"), job.known, job.env)
                choices = _env_options(step_fields.get("env"), evaluated, step_env, job_options)
                outputs.ran(step, workdir, posix, step_env, script, choices)
                if posix and "GITHUB_ENV" in text:
                    script = env_files_written(_github_text(text, evaluated), start, flow.read)
                    checkout = flow.checkout if outputs.checked_out else None
                    values = env_file_values(script, step_env, outer, workdir, checkout, flow.read)
                    flow.written.update(values)
            continue
        uses = scalar(step_fields.get("uses")) or ""
        limit = scanner.max_bytes or MAX_BYTES
        action = None
        if uses.startswith("./") and flow.depth < _MAX_ACTION_DEPTH:
            action = local_action(uses, flow.checkout, flow.checkouts, limit, scanner)
        if action is not None:
            evaluated = {**known, "env": Partial(step_env), "steps": outputs.context}
            inputs = _action_inputs(action, step_fields, evaluated)
            flow.depth += 1
            try:
                yield from _uses_steps(
                    action.steps, scanner, {"inputs": inputs}, step_env, job, StepOutputs(None),
                    flow,
                )  # fmt: skip
            finally:
                flow.depth -= 1
        outputs.ran(step, None, posix=False)  # (a checkout of the repository)
        yield job.name, step, context, tuple(flow.earlier)


#: Where a line writes to ``$GITHUB_ENV`` (a redirection, or ``tee``).
_WRITES_ENV = r"(?:>>?|\btee\b[^|;&]*?)\s*[\"']?\$\{?GITHUB_ENV\b"
#: ... one variable: ``echo "NAME=…"``, ``echo NAME<<EOF`` (a multi-line value), ``printf``.
_WRITES_ONE = (
    r"^\s*(?:echo|printf)\s+(?:-[a-zA-Z]+\s+)*[\"']?([A-Za-z_][A-Za-z0-9_-]*)(?:=|<<)[^\n]*"
    + _WRITES_ENV
)


def _env_writing(text: str, script: str) -> str:
    """A ``run`` text as its writes to ``$GITHUB_ENV`` are counted: with its ``${{ }}``
    evaluated (``script``), which says what a write names (apache/skywalking's ``echo "${{
    matrix.test.env }}" >> $GITHUB_ENV`` writes ``ES_VERSION=8.18.8``, or an empty line), unless
    that lost what it writes (a text whose expressions could not be read), then as written."""
    return script if "GITHUB_ENV" in script or "GITHUB_ENV" not in text else text


def github_env_writes(scripts: tuple[str, ...]) -> tuple[frozenset[str], bool]:
    """The variables scripts write to ``$GITHUB_ENV`` (the later steps of the job have them,
    with values a run decides), and whether some write names variables only a run knows
    (``cat example.env >> "$GITHUB_ENV"``: then any variable may have been given one)."""
    import re

    names: set[str] = set()
    any_name = False
    for script in scripts:
        if "GITHUB_ENV" not in script:
            continue
        lines = _logical_lines(script)
        # (the delimiter of a multi-line value ``NAME<<EOF`` being written: the lines up to
        # the one equal to it are the value, GitHub's "Multiline strings")
        delimiter: str | None = None
        index = 0
        while index < len(lines):
            line = lines[index]
            index += 1
            if "GITHUB_ENV" not in line:
                continue
            whole = _whole_writes(lines, index - 1)
            if whole is not None:
                written, index = whole
                found_names, unknown, delimiter = _file_names(written, delimiter)
                names.update(found_names)
                any_name = any_name or unknown
                continue
            if delimiter is not None:
                echoed = re.match(_ECHOED, line)
                if echoed is not None and _echoed_text(echoed) == delimiter:
                    delimiter = None
                continue  # (a line of the value, whatever writes it)
            # (any other line that names the file may write to it: PowerShell's
            # $env:GITHUB_ENV, a helper given its path)
            found = re.match(_WRITES_ONE, line)
            if found is not None:
                names.add(found.group(1))
                echoed = re.match(_ECHOED, line)
                if echoed is not None and (text := _echoed_text(echoed)) is not None:
                    _, _, delimiter = _file_names([text], None)
            elif re.match(_WRITES_NOTHING, line):
                continue  # (an empty line: no variable)
            elif (printed := _awk_prints(line)) is not None:
                names.update(printed)
            else:
                any_name = True
    return frozenset(names), any_name


#: A line that writes one echoed word to a file: ``echo "EOF" >> $GITHUB_ENV``, ``printf
#: 'X<<EOF\\n'``, in a group ``echo EOF;`` (its text: one of the groups ``d``, ``s``, ``w``).
_ECHOED = (
    r"""^\s*(?:echo|printf)\s+(?:-[a-zA-Z]+\s+)*"""
    r"""(?:"(?P<d>[^"`]*)"|'(?P<s>[^']*)'|(?P<w>[^\s"'`<>|;&]+))\s*(?:>>?|\|\s*tee\b|;|$)"""
)
#: A group's end that appends its output to ``$GITHUB_ENV``: ``} >> "$GITHUB_ENV"``.
_GROUP_INTO_ENV = r"""\}\s*>>\s*["']?\$\{?GITHUB_ENV\b\}?["']?\s*$"""
#: A heredoc appended to ``$GITHUB_ENV``: ``cat <<EOF >> $GITHUB_ENV``, ``cat >> "$GITHUB_ENV"
#: <<-'EOF'`` (its delimiter: ``d``; ``dash``: tabs leading its lines are dropped).
_HEREDOC_INTO_ENV = (
    r"""^\s*cat\s+(?:<<(?P<dash>-?)\s*(?P<q>["']?)(?P<d>\w+)(?P=q)\s*>>\s*["']?\$\{?GITHUB_ENV\b"""
    r"""\}?["']?|>>\s*["']?\$\{?GITHUB_ENV\b\}?["']?\s*<<(?P<dash2>-?)\s*(?P<q2>["']?)(?P<d2>\w+)"""
    r"""(?P=q2))\s*$"""
)


def _echoed_text(found: re.Match[str]) -> str | None:
    """The text an ``echo``/``printf`` of :data:`_ECHOED` writes (a ``printf``'s closing
    ``\\n`` dropped); ``None`` when it holds a ``\\`` escape otherwise."""
    text = next(found[group] for group in ("d", "s", "w") if found[group] is not None)
    if text.endswith("\\n"):
        text = text[:-2]
    return None if "\\" in text else text


def _whole_writes(lines: list[str], index: int) -> tuple[list[str | None], int] | None:
    """The lines that the command ending or starting on ``lines[index]`` writes to
    ``$GITHUB_ENV`` as a whole, and the index of the line after it: a group's echoes
    (``{ echo "X<<EOF"; cat f; echo EOF; } >> "$GITHUB_ENV"``; ``None`` for a line some
    other command writes), a heredoc's lines; ``None`` when the line is no such command."""
    import re

    line = lines[index]
    heredoc = re.match(_HEREDOC_INTO_ENV, line)
    if heredoc is not None:
        end = heredoc["d"] or heredoc["d2"]
        dash = bool(heredoc["dash"] or heredoc["dash2"])
        body: list[str | None] = []
        for after in range(index + 1, len(lines)):
            text = lines[after].lstrip("\t") if dash else lines[after]
            if text == end:
                return body, after + 1
            body.append(text)
        return None
    if not re.search(_GROUP_INTO_ENV, line):
        return None
    start = index
    while not lines[start].lstrip().startswith("{"):
        start -= 1
        if start < 0 or index - start > 64:
            return None
    text = "\n".join(lines[start : index + 1]).lstrip()[1:]
    text = re.sub(_GROUP_INTO_ENV, "", text)
    written: list[str | None] = []
    for command in re.split(r"[;\n]", text):
        if not command.strip():
            continue
        echoed = re.match(_ECHOED, command + " ;")
        written.append(_echoed_text(echoed) if echoed is not None else None)
    return written, index + 1


def _file_names(
    written: list[str | None], delimiter: str | None
) -> tuple[frozenset[str], bool, str | None]:
    """The variables lines written to ``$GITHUB_ENV`` set (``None``: a line a run decides),
    whether some line may set any, and the delimiter of a multi-line value still open after
    them (``delimiter``: the one open before them). GitHub reads ``NAME=value`` lines and
    ``NAME<<DELIMITER`` ones, whose value is the lines up to the one equal to DELIMITER."""
    import re

    names: set[str] = set()
    any_name = False
    for text in written:
        if delimiter is not None:
            if text == delimiter:
                delimiter = None
            continue
        if text is None:
            any_name = True
            continue
        if not text.strip():
            continue
        found = re.match(r"([A-Za-z_][A-Za-z0-9_-]*)(=|<<)(.*)$", text)
        if found is None:
            any_name = True
            continue
        names.add(found[1])
        if found[2] == "<<":
            delimiter = found[3].strip() or None
    return frozenset(names), any_name, delimiter


#: An ``awk`` program given in single quotes (after its options: ``-F:``, ``-v x=1``).
_AWK_PROGRAM = r"\bawk\s+(?:-[A-Za-z]\s*\S+\s+)*'([^']*)'"
#: Its output statements, and those that print a ``NAME=`` first: ``print "GO_VER="$0``.
_AWK_PRINT = r"\bprintf?\b"
_AWK_PRINTS_NAME = r"\bprintf?\s*\(?\s*\"([A-Za-z_][A-Za-z0-9_-]*)="


def _awk_prints(line: str) -> frozenset[str] | None:
    """The variables a line's ``awk`` program writes to ``$GITHUB_ENV`` when every output
    statement of it prints a ``NAME=`` of its own (hyperledger/fabric's release workflow:
    ``awk '/^go[ /t]/ { …; print "GO_VER="$0; exit }' < go.mod >> "${GITHUB_ENV}"`` writes
    ``GO_VER`` alone); ``None`` when there is none, or a statement prints what a run says."""
    import re

    if not re.search(_WRITES_ENV, line):
        return None
    program = re.search(_AWK_PROGRAM, line)
    if program is None:
        return None
    text = program.group(1)
    names = re.findall(_AWK_PRINTS_NAME, text)
    if not names or len(names) != len(re.findall(_AWK_PRINT, text)):
        return None
    return frozenset(names)


#: ... an empty line (``echo "" >> $GITHUB_ENV``, a matrix's value that the combination lacks).
_WRITES_NOTHING = r"""^\s*echo\s*(?:""|'')?\s*>>?\s*["']?\$\{?GITHUB_ENV\b\}?["']?\s*$"""
#: A whole line that appends a file to ``$GITHUB_ENV``: ``cat ".github/env" >> "$GITHUB_ENV"``,
#: or its lines but comments: ``grep -v '^#' test/e2e-v2/script/env >> "$GITHUB_ENV"``.
_CAT_INTO_ENV = (
    r"""^(?P<indent>[ \t]*)(?:cat|(?P<grep>grep\s+-v\s+(?P<g>["'])\^#(?P=g)))\s+"""
    r"""(?P<q>["']?)(?P<file>[A-Za-z0-9._/+-]+)(?P=q)\s*>>\s*"""
    r"""(?P<t>["']?)\$(?:GITHUB_ENV|\{GITHUB_ENV\})(?P=t)[ \t]*$"""
)
#: The most a file appended to ``$GITHUB_ENV`` is read of (a list of variables).
_MAX_ENV_FILE_BYTES = 16384


def env_files_written(
    script: str, start: str | None, read: dict[str, tuple[int, int] | None] | None = None
) -> str:
    """``script`` with each whole line ``cat FILE >> "$GITHUB_ENV"`` of a file of the
    repository (``start``: the directory the step runs in, ``None``: not known) written as
    the ``echo 'NAME=VALUE' >> "$GITHUB_ENV"`` lines it amounts to: the runner reads the
    file's ``NAME=VALUE`` lines as it reads a step's writes (empty lines skipped).
    prometheus-operator's steps run ``cat ".github/env" >> "$GITHUB_ENV"``, and a later
    ``${{ env.kind-image }}`` is its ``kind-image=kindest/node:v1.36.1``. A file that is not
    there, is not the repository's, or has another kind of line (a multi-line value
    ``NAME<<EOF``) is left as written: it may name any variable (``github_env_writes``).
    ``grep -v '^#' FILE`` writes the file's lines but its comments: apache/skywalking's jobs
    write their versions file so."""
    import re

    if (
        start is None
        or "GITHUB_ENV" not in script
        or ("cat" not in script and "grep" not in script)
    ):
        return script
    lines = script.split("\n")
    for index, line in enumerate(lines):
        found = re.match(_CAT_INTO_ENV, line)
        if found is None:
            continue
        written = _env_file_lines(found.group("file"), start, read, comments=bool(found["grep"]))
        if written is not None:
            indent = found.group("indent")
            echoes = [f'{indent}echo {_single_quoted(entry)} >> "$GITHUB_ENV"' for entry in written]
            lines[index] = "\n".join(echoes) or f"{indent}:"
    return "\n".join(lines)


def _single_quoted(text: str) -> str:
    """``text`` as one single-quoted shell word (a ``'`` in it closed, escaped, reopened)."""
    return "'" + text.replace("'", "'\\''") + "'"


def _env_file_lines(
    name: str,
    start: str,
    read: dict[str, tuple[int, int] | None] | None,
    *,
    comments: bool = False,
) -> list[str] | None:
    """The ``NAME=VALUE`` lines of the repository's file ``name`` (from ``start``), ``None``
    when it is not there, not below ``start``'s repository, or has any other line (but a
    line that starts with ``#``, with ``comments``: they are left out)."""
    import re

    from .._context_cache import stat_of
    from ..builds._common import read_text

    if os.path.isabs(name) or os.pardir in name.split("/"):
        return None
    path = os.path.normpath(os.path.join(start, name))
    if read is not None:
        read[path] = stat_of(path)
    text = read_text(path, _MAX_ENV_FILE_BYTES)
    if not isinstance(text, str):
        return None
    entries = [line.removesuffix("\r") for line in text.split("\n")]
    entries = [entry for entry in entries if entry and not (comments and entry[0] == "#")]
    if not all(re.match(r"[A-Za-z_][A-Za-z0-9_-]*=", entry) for entry in entries):
        return None
    return entries


def _logical_lines(script: str) -> list[str]:
    """A script's lines, each line a backslash continues joined to the next."""
    import re

    return re.sub(r"\\\n\s*", " ", script).splitlines()


def _with_unknowns(env: Mapping[str, str]) -> dict[str, object]:
    """An ``env`` context whose values a run decides are :class:`~._expr.Unknown` by name;
    but for a value that names images whose repositories are known, their tags a run's
    (``ghcr.io/acme/app:<run>``), kept so, as a step's output is (see ``._step_outputs``):
    the build steps given it build those repositories."""
    from ._expr import Partial, Unknown
    from ._step_outputs import names_with_a_run_s_tags

    return Partial(
        {name: Unknown((f"env.{name}",))
         if UNKNOWN in value and not names_with_a_run_s_tags(value) else value
         for name, value in env.items()}
    )  # fmt: skip


def _mentions_matrix(node: yaml.Node) -> bool:
    """Whether a job's text names ``matrix`` anywhere (else one reading is enough)."""
    import yaml

    pending = [node]
    seen = 0
    while pending and seen < _MAX_NODES:
        current = pending.pop()
        seen += 1
        if isinstance(current, yaml.ScalarNode):
            if "matrix" in str(current.value):
                return True
        elif isinstance(current, yaml.SequenceNode):
            pending.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            pending.extend(value for _, value in current.value)
    return False


def _github_action(
    documents: list[yaml.Node],
    scanner: Scanner,
    checkout: str | None = None,
    read: dict[str, tuple[int, int] | None] | None = None,
) -> Iterator[Session]:
    for document in documents[:1]:
        runs = fields(fields(document).get("runs"))
        if (scalar(runs.get("using")) or "").lower() != "composite":
            continue
        # (once a call of it by a step of the repository, else alone: see ._action_calls)
        for known in _action_contexts(scanner):
            flow = _JobFlow(_local_action_checkout(scanner, checkout), (), read)
            yield from _github_steps(runs.get("steps"), scanner, known, {}, flow=flow)


def _local_action_checkout(scanner: Scanner, checkout: str | None) -> str | None:
    """Where a composite action read alone finds the repository once one of its steps
    checks it out (``actions/checkout``, no other ``repository``): the caller's repository,
    which for an action under ``.github/`` (``uses: ./.github/actions/setup``) is its own;
    an action elsewhere (a published ``action.yml``) checks out whoever calls it."""
    parts = (scanner.path or "").replace(os.sep, "/").split("/")
    return checkout if ".github" in parts[:-1] else None


def _action_contexts(scanner: Scanner) -> list[dict[str, object]]:
    """What a composite action's steps know, once each call of it by a step of the
    repository (its ``inputs`` the call's), else once alone (see ``._action_calls``)."""
    from .._yaml import MAX_BYTES
    from ._action_calls import action_readings

    calls = action_readings(scanner.path, scanner.max_bytes or MAX_BYTES)
    return [{**_action_context(), "inputs": reading.inputs} for reading in calls]


def _action_context() -> dict[str, object]:
    """What a composite action's steps know: its inputs are what its callers pass (a run's),
    and ``github.action_path`` is its own directory (the metadata file's), where it finds its
    files whoever calls it. getsentry/self-hosted's ``action.yaml`` runs ``source ${{
    github.action_path }}/.env``, then ``docker run … $SENTRY_IMAGE``."""
    from ..builds._shell_values import FILE_DIRECTORY
    from ._expr import Partial

    return {"inputs": Partial(), "github": Partial({"action_path": FILE_DIRECTORY})}


# --- GitLab ----------------------------------------------------------------------------


def _gitlab(documents: list[yaml.Node], scanner: Scanner) -> Iterator[Session]:
    """A GitLab file's sessions: its jobs', then those of the child pipelines its trigger
    jobs start from files of the repository (``trigger: include: …``), whose scripts run as
    any job's (castopod's ``docker`` trigger job runs ``docker/production/.gitlab-ci.yml``,
    whose jobs ``docker buildx create`` their builders)."""
    import os

    from ._gitlab import Pipeline, _Reader, child_readers

    pipeline = Pipeline(scanner, scanner.repository, scanner.max_bytes)
    pipeline.load(documents)
    reader = _Reader(scanner, pipeline)
    yield from _job_sessions(scanner, reader)
    for child in child_readers(scanner, reader, {os.path.normpath(scanner.path or "")}, 1):
        yield from _job_sessions(scanner, child)


def _job_sessions(scanner: Scanner, reader: _Reader) -> Iterator[Session]:
    """The sessions of the jobs of the pipeline ``reader`` reads (see :func:`_gitlab`)."""
    import yaml

    pipeline = reader.pipeline
    config = pipeline.config
    defaults = {
        key: reader.default.get(key, config.get(key)) for key in ("before_script", "after_script")
    }

    def scripts(value: object, where: str, depth: int = 0) -> list[Script]:
        value = pipeline.deref(value, where)  # type: ignore[arg-type]
        if isinstance(value, yaml.ScalarNode) and not is_custom(value):
            text = pipeline.text(value).text
            return [Script(scanner.path_of(value), _line(value), text, folded_last(value))]
        if isinstance(value, yaml.SequenceNode) and depth < 2:
            return [s for item in value.value for s in scripts(item, where, depth + 1)]
        return []

    for name in reader.jobs:
        if name.startswith("."):
            continue
        job = reader.job(name)
        if "trigger" in job:
            continue
        parts: dict[str, list[Script]] = {}
        for key in ("before_script", "script", "after_script"):
            value = job.get(key)
            if value is None and key != "script" and reader.inherits(job, "default", key):
                value = defaults[key]
            parts[key] = scripts(value, f"{name}.{key}") if value is not None else []
        if not any(parts.values()):
            continue
        for environment, _ in reader.environments(name, job):
            variables = {}
            for variable in environment.variables:
                resolved = environment.lookup(variable)
                if resolved is not None:
                    variables[variable] = ShellReader().expand(resolved.text)
            as_written = _as_written(environment)
            # (after_script runs in a shell of its own)
            before_and_main = parts["before_script"] + parts["script"]
            yield Session(variables, before_and_main, name, as_written=as_written)
            if parts["after_script"]:
                yield Session(variables, parts["after_script"], name, as_written=as_written)


#: The top-level keys of a CircleCI configuration whose steps run: a job's (``jobs``), the
#: commands and executors jobs use, a workflow's ``pre-steps``/``post-steps``, an orb's.
_CIRCLECI_RUN_KEYS = frozenset({"jobs", "commands", "executors", "workflows", "orbs"})


def _circleci_top_keys(document: yaml.Node) -> frozenset[str] | None:
    """The top-level keys of a whole CircleCI configuration (one with ``jobs`` or
    ``workflows``) whose steps run (:data:`_CIRCLECI_RUN_KEYS`); ``None`` for any other
    document (an orb source's job file, whose top level is the job). CircleCI runs the jobs
    its workflows invoke, with their own environment
    (https://circleci.com/docs/configuration-reference/): steps kept under another key as
    a YAML anchor (crystal-lang/crystal's ``defaults: steps: &ci_steps``, which its
    ``test_alpine`` job runs as ``steps: *ci_steps`` with ``ARCH: x86_64-musl``) run only
    where a job names them, and are read there."""
    own = fields(document)
    if not any(is_mapping(own.get(key)) for key in ("jobs", "workflows")):
        return None
    return _CIRCLECI_RUN_KEYS


def _circleci_executors(document: yaml.Node) -> dict[str, yaml.Node]:
    """A CircleCI file's executors, by name (``executors:`` at the top)."""
    executors = fields(document).get("executors")
    if executors is None or not is_mapping(executors):
        return {}
    return dict(fields(executors))


def _as_written(environment: _Environment) -> Callable[[str], str]:
    """A text with a GitLab job's variables put in, a run's left as written."""
    from ._scanner import Resolved

    return lambda text: environment.expand(Resolved(text)).text


# --- the others: a walk -----------------------------------------------------------------

#: Where each system's scripts are: keys whose value is a script or a list of them.
_SCRIPT_KEYS = {
    "circleci": frozenset({"run", "command"}),
    "azure": frozenset({"script", "bash", "pwsh", "powershell"}),
    "bitbucket": frozenset({"script", "after-script"}),
    "drone": frozenset({"commands"}),
    "woodpecker": frozenset({"commands"}),
    "cirrus": frozenset(),  # (any key that ends in ``script``: see _Walker.is_script)
    "buildkite": frozenset({"command", "commands"}),
    "codefresh": frozenset({"commands"}),
    "semaphore": frozenset({"commands"}),
}
#: Where each system's variables are (mappings of names to values, Azure's lists too).
_VARIABLE_KEYS = {
    "circleci": frozenset({"environment"}),
    "azure": frozenset({"variables"}),
    "bitbucket": frozenset(),
    "drone": frozenset({"environment"}),
    "woodpecker": frozenset({"environment"}),
    "cirrus": frozenset({"env", "environment"}),
    "buildkite": frozenset({"env"}),
}


#: The values Azure's template expressions see (the others are a run's).
_AZURE_COMPILE_TIME = frozenset({"parameters", "variables"})

#: The keys whose lists are CircleCI steps (as ``._circleci.STEP_KEYS``), and the keys
#: :meth:`_Walker._templated` reads as CircleCI compiles them.
_STEP_KEYS = frozenset({"steps", "pre-steps", "post-steps"})
_TEMPLATED_KEYS = _STEP_KEYS | {"commands", "when", "unless"}

#: The keys that set where a step's or a job's scripts start.
_WORKDIR_KEYS = ("working_directory", "workingDirectory")


class _Trace:
    """What walking a CircleCI command's steps did, but for the job they were put in: the
    shells it found and the commands it put in, in order, whether the job had them already or
    not (:attr:`events`: ``("shell", (workdir, *scripts), variables, scripts)`` and
    ``("command", (name, workdir, *arguments), variables, _Trace)``). A walk depends on the
    job only for which of those the job has already (each job puts in a command's steps of
    its own: determined's 3,900-line configuration invokes the same commands with the same
    values in a hundred jobs), so the walk is replayed for another job (``_Walker._replay``).
    ``own``: the nodes the walk visited but for the commands it put in; ``whole``: ``False``
    when the record misses a part (a command the job had, whose walk is not known; the
    walk's bounds reached)."""

    __slots__ = ("events", "most", "nested", "own", "whole")

    def __init__(self) -> None:
        self.events: list[tuple[str, tuple[object, ...], dict[str, str], object]] = []
        self.own = 0
        #: (while recording: the nodes the commands it puts in visited, taken from ``own``)
        self.nested = 0
        self.whole = True
        self.most: tuple[int, int] | None = None

    def bounds(self) -> tuple[int, int]:
        """The most nodes a replay counts as visited, and the most shells it finds (a
        trace kept is done: worked out once)."""
        if self.most is None:
            visits, found = self.own, 0
            for _, _, _, inner in self.events:
                if isinstance(inner, _Trace):
                    more = inner.bounds()
                    visits, found = visits + more[0], found + more[1]
                else:
                    found += 1
            self.most = (visits, found)
        return self.most


class _Walker:
    """Every script of a file, with the variables of the mappings around it."""

    def __init__(self, scanner: Scanner, system: str) -> None:
        self.scanner = scanner
        self.system = system
        self.script_keys = _SCRIPT_KEYS.get(system, frozenset())
        self.variable_keys = _VARIABLE_KEYS.get(system, frozenset())
        self.found: list[Session] = []
        self.visited = 0
        #: The values of the Buildkite matrix job being walked (``None``: no matrix step).
        self.matrix: dict[str, str] | None = None
        #: An Azure pipeline's templates, and the parameters of each node.
        self.expansion: Expansion | None = None
        #: A CircleCI file's executors (name -> the executor's mapping).
        self.executors: dict[str, yaml.Node] = {}
        #: The top-level keys walked (``None``: all), see :func:`_circleci_top_keys`.
        self.top_keys: frozenset[str] | None = None
        #: A whole CircleCI configuration's parameters and commands (see
        #: :class:`._circleci.Templating`), and the parameters of the job or command walked.
        self.templating: Templating | None = None
        self.parameters: dict[str, Resolved] = {}
        #: The commands being put in, innermost last (a command never runs itself).
        self.calls: list[str] = []
        #: What was put in already: a command's steps with the same values in the same job,
        #: a shell of the same scripts, variables and directory in the same job.
        self.done: set[tuple[object, ...]] = set()
        #: The fields of the mappings walked, by id (see :meth:`_fields`).
        self.kept: dict[int, dict[str, yaml.Node]] = {}
        #: The walks of commands put in, by all they depend on but the job (see :class:`_Trace`),
        #: and the one being recorded.
        self.traces: dict[tuple[object, ...], _Trace] = {}
        self.recording: _Trace | None = None

    def walk(
        self,
        node: yaml.Node,
        variables: dict[str, str],
        depth: int,
        job: str | None = None,
        jobs: bool = False,
        workdir: str | None = "",
    ) -> None:
        """``job``: the job ``node`` is in; ``jobs``: ``node`` maps job names to jobs;
        ``workdir``: where its scripts start (``None``: a working directory of its own)."""
        self.visited += 1
        if depth > MAX_DEPTH or self.visited > _MAX_NODES or len(self.found) > _MAX_SESSIONS:
            return
        if is_sequence(node):
            for item in sequence(node):
                self.walk(item, variables, depth + 1, job, workdir=workdir)
            return
        if not is_mapping(node):
            return
        own = self._fields(node)
        if self.system == "buildkite" and self.matrix is None and "matrix" in own:
            from ._buildkite_matrix import matrix_jobs

            # (a step with a matrix is one job for each of its combinations)
            for values in matrix_jobs(own["matrix"]):
                self.matrix = values
                self.walk(node, variables, depth, job, jobs, workdir)
            self.matrix = None
            return
        if any(key in own for key in _WORKDIR_KEYS):
            workdir = None  # (CircleCI's ~/project, Azure's $(Build.SourcesDirectory)…)
        executor = self._executor_of(own) if self.executors and depth == 2 else None
        if executor is not None:
            # (a job's executor gives its `environment` to the job's steps, the job's own
            # winning: 3scale/apicast's `s2i` executor sets OPENRESTY_VERSION, which its
            # build-s2i job's `docker pull …:${OPENRESTY_VERSION}` uses)
            variables = {**variables, **self._variables(executor, variables)}
        for key in self.variable_keys:
            if key in own:
                variables = {**variables, **self._variables(own[key], variables)}
        for key, value in own.items():
            if self.is_script(key) and not is_mapping(value):
                scripts = [
                    Script(
                        self.scanner.path_of(item),
                        _line(item),
                        self._script(key, text, variables, item),
                        folded_last(item),
                    )
                    for item in ([value] if scalar(value) is not None else sequence(value))
                    if (text := scalar(item)) is not None and not is_custom(item)
                ]
                if scripts:
                    self._shell(job, workdir, scripts, variables)
            elif key not in self.variable_keys:
                if depth == 0 and self.top_keys is not None and key not in self.top_keys:
                    continue  # (an anchor's place: run where a job names it)
                # (CircleCI's top-level ``jobs`` maps names to jobs)
                inner = key if jobs else job
                top = depth == 0 and key == "jobs" and self.system == "circleci"
                if (
                    self.templating is not None
                    and (jobs or key in _TEMPLATED_KEYS)
                    and self._templated(key, value, variables, depth, inner, jobs, workdir)
                ):
                    continue
                if self.templating is not None and scalar(value) is not None:
                    self.visited += 1  # (a walk of a text: a node visited, nothing found)
                    continue
                self.walk(value, variables, depth + 1, inner, top, workdir)

    def _templated(
        self,
        key: str,
        value: yaml.Node,
        variables: dict[str, str],
        depth: int,
        job: str | None,
        jobs: bool,
        workdir: str | None,
    ) -> bool:
        """Walk a CircleCI ``key: value`` as CircleCI compiles it, if it templates it: a
        job once for each distinct set of parameters its invocations give it; a list of
        steps with each step that invokes one of the file's commands replaced by the
        command's steps, with the arguments given; a top-level command only where a step
        invokes it (one no step invokes, with its defaults); a ``when``/``unless`` step whose
        condition leaves it out, not at all. ``False``: walk it as it is."""
        templating = self.templating
        assert templating is not None
        outer = self.parameters
        if jobs and depth == 1 and is_mapping(value):
            for parameters in templating.job_parameters(key, value):
                self.parameters = parameters
                self.walk(value, variables, depth + 1, job, False, workdir)
            self.parameters = outer
            return True
        if depth == 0 and key == "commands":
            for name, body in templating.commands.items():
                if name not in templating.invoked:
                    self.parameters = templating.command_parameters(name, None, {})
                    self.walk(body, variables, depth + 2, job, False, workdir)
            self.parameters = outer
            return True
        if key in ("when", "unless") and "steps" in self._fields(value):
            # (a step CircleCI leaves out as it compiles: its condition known to say so)
            decided = templating.condition(self._fields(value).get("condition"), outer)
            return decided is not None and decided != (key == "when")
        if key not in _STEP_KEYS or not is_sequence(value):
            return False
        for step in sequence(value):
            call = templating.command_call(step)
            if call is None:
                self.walk(step, variables, depth + 2, job, False, workdir)
            elif call[0] not in self.calls and len(self.calls) < MAX_DEPTH:
                name, arguments = call
                parameters = templating.command_parameters(name, arguments, outer)
                self._command(name, parameters, variables, depth + 2, job, workdir)
                self.parameters = outer
        return True

    def _command(
        self,
        name: str,
        parameters: dict[str, Resolved],
        variables: dict[str, str],
        depth: int,
        job: str | None,
        workdir: str | None,
    ) -> None:
        """Put in the steps of the file's command ``name`` invoked with ``parameters`` (unless
        the job put them in already with the same values): walked once, and the walk replayed
        in each other job that invokes it alike (see :class:`_Trace`)."""
        templating = self.templating
        assert templating is not None
        given = tuple((key, value.text) for key, value in sorted(parameters.items()))
        exact = tuple(
            (key, value.text, value.unresolved, value.run_time, value.known)
            for key, value in sorted(parameters.items())
        )
        memo = (name, depth, workdir, tuple(self.calls), exact, tuple(variables.items()))
        trace = self.traces.get(memo)
        outer = self.recording
        if not self._new(("command", name, job, workdir, *given), variables):
            # (the same steps, read already; a recording of the walk around holds the walk
            # this job would have made, if it is known)
            if outer is not None:
                if trace is None:
                    outer.whole = False
                else:
                    outer.events.append(("command", (name, workdir, *given), variables, trace))
            return
        before = self.visited
        if trace is not None and self._fits(trace):
            self._replay(trace, job)
        else:
            trace = _Trace()
            self.recording = trace
            self.parameters = parameters
            self.calls.append(name)
            self.walk(templating.commands[name], variables, depth, job, False, workdir)
            self.calls.pop()
            self.recording = outer
            if self.visited > _MAX_NODES or len(self.found) > _MAX_SESSIONS:
                trace.whole = False  # (cut short)
            trace.own = self.visited - before - trace.nested
            if trace.whole:
                self.traces[memo] = trace
        if outer is not None:
            outer.nested += self.visited - before
            outer.events.append(("command", (name, workdir, *given), variables, trace))
            outer.whole = outer.whole and trace.whole

    def _shell(
        self, job: str | None, workdir: str | None, scripts: list[Script], variables: dict[str, str]
    ) -> None:
        """A shell of ``scripts`` starting with ``variables`` in ``workdir`` of ``job``, unless
        the job ran it already."""
        key = (workdir, *((script.path, script.line, script.text) for script in scripts))
        if self.recording is not None:
            self.recording.events.append(("shell", key, variables, scripts))
        if self._new(("shell", job, *key), variables):
            self.found.append(Session(variables, scripts, job, workdir=workdir))

    def _fits(self, trace: _Trace) -> bool:
        """Whether a replay of ``trace`` would stay within the walk's bounds, as its walk
        would (what the walk visits and finds at most: a replay puts in as much or less)."""
        visits, found = trace.bounds()
        return self.visited + visits <= _MAX_NODES and len(self.found) + found <= _MAX_SESSIONS

    def _replay(self, trace: _Trace, job: str | None) -> None:
        """What walking the command ``trace`` recorded does in ``job``: its shells and the
        commands it puts in, each unless the job has it already (as :meth:`_templated`)."""
        self.visited += trace.own
        for kind, key, variables, inner in trace.events:
            if kind == "shell":
                assert isinstance(inner, list)
                if self._new(("shell", job, *key), variables):
                    workdir = key[0]
                    assert workdir is None or isinstance(workdir, str)
                    self.found.append(Session(variables, inner, job, workdir=workdir))
            elif self._new(("command", key[0], job, *key[1:]), variables):
                assert isinstance(inner, _Trace)
                self._replay(inner, job)

    def _fields(self, node: yaml.Node) -> dict[str, yaml.Node]:
        """A mapping's fields, read once for a CircleCI configuration whose jobs and commands
        are walked once an invocation (the nodes live as long as the walk)."""
        if self.templating is None:
            return fields(node)
        known = self.kept.get(id(node))
        if known is None:
            known = self.kept[id(node)] = fields(node)
        return known

    def _new(self, key: tuple[object, ...], variables: Mapping[str, str]) -> bool:
        """Whether a CircleCI job's shell or command (``key``) with ``variables`` is new:
        each invocation of a job puts in the same steps where its values do not differ."""
        if self.templating is None:
            return True
        whole = (*key, *sorted(variables.items()))
        if whole in self.done:
            return False
        self.done.add(whole)
        return True

    def _executor_of(self, job: Mapping[str, yaml.Node]) -> yaml.Node | None:
        """The ``environment`` of the file's executor a CircleCI job names (``executor: NAME``
        or ``executor: {name: NAME, …}``), if it has one."""
        named = job.get("executor")
        if named is not None and is_mapping(named):
            named = fields(named).get("name")
        name = scalar(named) if named is not None else None
        executor = self.executors.get(name) if name else None
        if executor is None or not is_mapping(executor):
            return None
        return fields(executor).get("environment")

    def _script(self, key: str, text: str, variables: dict[str, str], node: yaml.Node) -> str:
        """A script's text with the file's variables put in; a PowerShell one (Azure's
        ``pwsh:`` and ``powershell:`` steps) rewritten as sh reads it (``builds._powershell``)."""
        text = self._text(text, variables, node)
        if key in ("pwsh", "powershell"):
            from ..builds._powershell import posix_text

            text = posix_text(text)
        return text

    def is_script(self, key: str) -> bool:
        """Whether a key's value is a script (Cirrus's ``test_script``, ``build_script``…)."""
        return key in self.script_keys or (self.system == "cirrus" and key.endswith("script"))

    def walk_tasks(self, document: yaml.Node) -> None:
        """A Cirrus file: each task as Cirrus runs it (``task:`` may come many times, each a
        task; a matrix makes one task an item), with the top-level ``env``."""
        from ._cirrus import tasks

        variables: dict[str, str] = {}
        own = fields(document)
        for key in self.variable_keys:
            if key in own:
                variables = {**variables, **self._variables(own[key], variables)}
        for key, task in tasks(document, self.scanner):
            self.walk(task, variables, 1, key)

    def _variables(self, node: yaml.Node, outer: dict[str, str]) -> dict[str, str]:
        if self.system == "azure":
            from ._azure import _variables

            found = {
                name: self._text(value, outer, node) for name, value in _variables(node).items()
            }
            # (the agent also gives each variable to the script as an environment variable)
            return {**found, **{n.upper().replace(".", "_"): v for n, v in found.items()}}
        return {
            name: self._text(text, outer)
            for name, value in self._assignments(node).items()
            if (text := scalar(value)) is not None
        }

    def _assignments(self, node: yaml.Node) -> Mapping[str, yaml.Node]:
        """A mapping of variables, or CircleCI's list of one-variable mappings (``- NAME:
        value``), which CircleCI accepts as the mapping it documents (circleci-docs#2445:
        "this can indeed be both a map and a list"; nipreps/mriqc's jobs write theirs so)."""
        if is_mapping(node):
            return fields(node)
        if self.system != "circleci" or not is_sequence(node):
            return {}
        found: dict[str, yaml.Node] = {}
        for item in sequence(node):
            if is_mapping(item):
                found.update(fields(item))
        return found

    def _text(self, text: str, variables: Mapping[str, str], node: yaml.Node | None = None) -> str:
        """What the system puts in before the shell runs ``text`` (written at ``node``)."""
        import re

        if "{{" in text and self.system == "buildkite":
            from ._buildkite_matrix import fill

            text = fill(text, self.matrix or {}, unknown=UNKNOWN)
        if "<<" in text and self.system == "circleci":
            if self.templating is not None:
                # (the parameters of the job or command: the rest stays as written)
                text = self.templating.substitute(text, self.parameters).text
            text = re.sub(r"<<\s*[^<>]*?\s*>>", UNKNOWN, text)
        if "${{" in text and self.expansion is not None:
            from ._azure import _expressions
            from ._expr import Partial

            # (a template's parameters, as its includer passes them; the rest a run knows)
            known = {"parameters": Partial(self.expansion.parameters_of(node))}
            text = _expressions(text, "${{", "}}", known, _AZURE_COMPILE_TIME).text
        if "${{" in text or "$[" in text:
            text = re.sub(r"\$\{\{.*?\}\}|\$\[.*?\]", UNKNOWN, text)
        if self.system == "azure" and "$(" in text:
            from ._scanner import Resolved
            from ._vars import azure_macros

            lowered = {name.lower(): value for name, value in variables.items()}

            def lookup(name: str) -> Resolved | None:
                value = lowered.get(name.lower())
                return Resolved(value) if value is not None else None

            # (a macro with no value stays "$(name)": a command substituted, unknown)
            text = azure_macros(text, lookup).text
        return text
