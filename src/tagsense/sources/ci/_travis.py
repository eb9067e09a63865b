"""Travis CI (``.travis.yml``): the shells its jobs run, with the variables the file exports.

Travis starts no container of its own (``services: docker`` starts the Docker daemon on the
VM): what a job pulls is what its phases' commands run. Each job is one bash session, as
travis-build writes it: the ``env`` it exports first (``env.global``, then the job's row),
then its phases in Travis's order (``before_install``, ``install``, ``before_script``,
``script``, ``after_success``, ``after_failure``, ``before_deploy``, a ``deploy``
``provider: script``'s ``script``, ``after_deploy``, ``after_script``).

The jobs (Travis's "build matrix"):

- the top-level job, once per row of the ``env`` matrix (``env`` written as a list, or
  ``env.jobs``/``env.matrix``), or once when there is none;
- each item of ``jobs.include`` (or ``matrix.include``), with its own ``env`` and the
  top-level phases it does not replace.

An ``env`` row is written as the shell writes assignments (``DB=mysql:8 TAG="a b"``) and is
exported so (``export DB=mysql:8 TAG="a b"``, at its own line); a mapping of names to values
is taken the same way, and an encrypted one (``secure:``) only a run knows.
"""

from __future__ import annotations

import shlex

from .._yaml import scalar, sequence
from ._scanner import fields, is_custom, is_mapping, is_sequence

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    import yaml

    from ._scanner import Scanner
    from ._shell import Script, Session

__all__ = ["travis", "travis_sessions"]

#: A job's phases, in the order travis-build runs them in one shell.
PHASES = (
    "before_install",
    "install",
    "before_script",
    "script",
    "after_success",
    "after_failure",
    "before_deploy",
    "deploy",
    "after_deploy",
    "after_script",
)


def travis(scanner: Scanner, documents: list[yaml.Node]) -> None:
    """Travis names no image a job runs in: its pulls are its scripts' (:func:`travis_sessions`)."""


def travis_sessions(documents: list[yaml.Node], scanner: Scanner) -> Iterator[Session]:
    """One shell a job: its exported ``env``, then its phases' commands."""
    from ._shell import Session

    for document in documents[:1]:  # (Travis reads the first document)
        if not is_mapping(document):
            continue
        top = fields(document)
        env = top.get("env")
        own = fields(env) if is_mapping(env) else {}
        exported = _exports(own.get("global"), scanner)
        rows = own.get("jobs", own.get("matrix")) if is_mapping(env) else env
        phases = {key: top[key] for key in PHASES if key in top}
        for row in _rows(rows) or [None]:  # (no matrix: the one job)
            scripts = exported + _exports(row, scanner) + _phases(phases, scanner)
            yield Session({}, scripts)
        jobs = top.get("jobs", top.get("matrix"))
        for item in sequence(fields(jobs).get("include")) if is_mapping(jobs) else ():
            job = fields(item)
            if not job:
                continue
            replaced = {**phases, **{key: job[key] for key in PHASES if key in job}}
            scripts = exported + _exports(job.get("env"), scanner) + _phases(replaced, scanner)
            name = scalar(job["name"]) if "name" in job else None
            yield Session({}, scripts, name)


def _rows(node: yaml.Node | None) -> list[yaml.Node | None]:
    """The rows of an ``env`` matrix: each item of a list, or the one string or mapping."""
    if node is None:
        return []
    return [*sequence(node)] if is_sequence(node) else [node]


def _exports(node: yaml.Node | None, scanner: Scanner) -> list[Script]:
    """What a job exports from ``env`` written at ``node`` (a string, a mapping, or a list
    of them), as the lines travis-build writes: ``export NAME=VALUE…``."""
    from ._shell import Script, _line

    found: list[Script] = []
    for item in _rows(node):
        if item is None or is_custom(item):
            continue
        text = scalar(item)
        if text is not None:
            line = text.strip()
        elif is_mapping(item):
            values = {key: scalar(value) for key, value in fields(item).items() if key != "secure"}
            line = " ".join(f"{key}={shlex.quote(value)}" for key, value in values.items() if value)
        else:
            continue
        if line:
            found.append(Script(scanner.path_of(item), _line(item), f"export {line}"))
    return found


def _phases(phases: dict[str, yaml.Node], scanner: Scanner) -> list[Script]:
    """The commands of a job's phases, in Travis's order (a ``deploy`` runs a ``provider:
    script``'s ``script``; other providers run no command of the project)."""
    from ._shell import Script, _line, folded_last

    found: list[Script] = []
    for key in PHASES:
        node = phases.get(key)
        if node is None:
            continue
        if key == "deploy":
            deploys = sequence(node) if is_sequence(node) else [node]
            commands = [
                fields(deploy).get("script")
                for deploy in deploys
                if scalar(fields(deploy).get("provider")) == "script"
            ]
        else:
            commands = list(sequence(node)) if is_sequence(node) else [node]
        for command in commands:
            if command is None or is_custom(command):
                continue
            text = scalar(command)
            if text is not None:
                text = _as_written(command, scanner) or text
                at = scanner.path_of(command)
                found.append(Script(at, _line(command), text, folded_last(command)))
    return found


def _as_written(node: yaml.Node, scanner: Scanner) -> str | None:
    """A plain scalar written over several lines as the shell reads its words, line by line
    (YAML folds the lines into one: the words stay where they are written, so that an image
    on a continued line is reported there); ``None`` for any other scalar."""
    first, last = node.start_mark.line, node.end_mark.line
    if getattr(node, "style", None) or last <= first or not scanner.file_text:
        return None
    lines = scanner.file_text.split("\n")[first : last + 1]
    if len(lines) != last - first + 1 or not all(line.strip() for line in lines):
        return None  # (a blank line folds to a newline: the value is read as YAML gives it)
    lines[0] = lines[0][node.start_mark.column :]
    lines[-1] = lines[-1][: node.end_mark.column]
    return " \\\n".join(line.strip() for line in lines)
