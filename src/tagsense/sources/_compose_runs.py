"""A compose file read through the ``docker compose`` commands that run it.

A compose file means what the project's own commands make of it: gorm's
``tests/compose.yml`` says ``image: '${MSSQL_IMAGE}:latest'``, and its
``tests/tests_all.sh`` runs ``MSSQL_IMAGE=mcr.microsoft.com/mssql/server docker
compose up`` (or ``…/azure-sql-edge`` on arm64). Compose takes the variables of
its environment before the project's ``.env``, so the file is read once per
command that gives it a variable it leaves unresolved alone, with that command's
variables on top of the check's environment, its ``--env-file`` and
``--project-directory``; each occurrence says which command (``context``
``command``: ``tool``, ``path``, ``line``, ``text``). The commands come from the
project context (:class:`~tagsense.sources.project.ComposeRun`).

A command also changes a file whose values are complete alone: langfuse's
``docker-compose.dev.yml`` says ``image: docker.io/postgres:${POSTGRES_VERSION:-17}``
and a step of its ``.github/workflows/pipeline.yml`` runs ``docker compose -f
docker-compose.dev.yml up`` with ``env: {POSTGRES_VERSION: 15}`` (compose's environment
wins over the ``:-`` default), so CI pulls ``postgres:15`` while a developer's ``docker
compose up`` pulls ``postgres:17``. Both are true: :func:`changing_runs` are the commands
that may read the file otherwise, and what their readings add is what they resolve
otherwise (:func:`what_runs_add`).
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from ..occurrence import Scan
    from .project import BuildFile, ComposeRun

__all__ = ["changing_runs", "given_by_its_runner", "read_through_runs", "what_runs_add"]


def given_by_its_runner(runs: list[ComposeRun], names: Iterable[str]) -> list[ComposeRun]:
    """``runs`` without a command that leaves one of ``names`` to a run (a value only a run
    knows) when a reading of the same command (same place, same files) gives it a value.

    A script is read alone, where its ``$1`` and the environment its runner gives are a
    run's, and again as each of the project's runners runs it, with their words and
    variables: fossbilling's workflow runs ``run-docker-live-tests.sh fossbilling:test-8.5``,
    whose ``export FOSSBILLING_TEST_IMAGE="${image}"`` (``image="${1:?…}"``) its compose
    file requires. The reading alone says only that a run decides the value; the runner's
    says which, as a shell pull of ``"$1"`` is read only with the runner's word.

    >>> from tagsense.occurrence import BuildSite
    >>> from tagsense.sources.project import ComposeRun
    >>> site = BuildSite("shell", "run.sh", 3)
    >>> alone = ComposeRun(site=site, command="docker compose up", unknown=["T"])
    >>> run = ComposeRun(site=site, command="docker compose up", env={"T": "postgres:16.4"})
    >>> given_by_its_runner([alone, run], ["T"]) == [run]
    True
    >>> given_by_its_runner([alone], ["T"]) == [alone]
    True
    """
    wanted = set(names)
    if len(runs) < 2 or not any(wanted.intersection(run.unknown) for run in runs):
        return runs
    given: dict[tuple[object, ...], set[str]] = {}
    for run in runs:
        given.setdefault((run.site, run.command, run.files), set()).update(run.env)
    return [
        run
        for run in runs
        if not wanted.intersection(run.unknown, given[(run.site, run.command, run.files)])
    ]


def read_through_runs(
    text: str, path: str, env: Mapping[str, str], runs: Iterable[ComposeRun]
) -> list[BuildFile]:
    """The compose file ``path`` (``text``) as each command reads it, its occurrences with the
    command in their context."""
    from ..occurrence import Scan
    from .compose import read_compose
    from .project import default_override

    found = []
    override = default_override(path)
    for run in runs:
        # (compose merges the directory's override file only when no -f names the files,
        # or when one -f names it)
        named = {os.path.realpath(file) for file in run.files}
        read = read_compose(
            text,
            path=path,
            env={**env, **run.env},
            unknown=run.unknown,
            env_files=run.env_files or None,
            project_directory=run.project_directory,
            override=not named or (override is not None and os.path.realpath(override) in named),
        )
        site = run.site
        where = {"tool": site.tool, "path": site.path, "line": site.line, "text": run.command}
        scan = read.scan
        occurrences = [o.replace(context={**o.context, "command": where}) for o in scan]
        read.scan = Scan(occurrences, scan.errors, scan.suppressions)
        found.append(read)
    return found


def changing_runs(
    text: str, runs: Iterable[ComposeRun], path: str | None = None
) -> list[ComposeRun]:
    """The commands of ``runs`` that may read the compose file ``text`` otherwise than it reads
    alone: they give a known value to a variable the text names (``${NAME}``, ``$NAME``, or
    a build arg's name alone, which compose takes from its environment), or an ``.env`` of
    their own, or their ``-f`` leaves out the override file merged over ``path`` alone. A
    value only a run knows is no other reading of a value the file has."""
    import re

    from .project import default_override

    def names(name: str) -> bool:
        return re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", text) is not None

    override = default_override(path) if path is not None else None

    def without_override(run: ComposeRun) -> bool:
        named = {os.path.realpath(file) for file in run.files}
        return override is not None and bool(named) and os.path.realpath(override) not in named

    return [
        run
        for run in runs
        if run.env_files
        or run.project_directory is not None
        or any(map(names, run.env))
        or without_override(run)
    ]


def what_runs_add(scans: Iterable[Scan], before: Iterable[Scan]) -> list[Scan]:
    """What the readings ``scans`` of changing commands add to the readings ``before``: the
    references they resolve to another text at a place (once, the first command's).

    A reference they leave unresolved (a variable the command gives only a run's value, one
    that no reading gives a value) is left to the readings before, which resolve it or say
    it is unresolved; their errors are those of the same file, said there already."""
    from ..occurrence import Scan

    seen = {(o.path, o.line, o.column, o.text) for scan in before for o in scan.occurrences}
    added = []
    for scan in scans:
        new = []
        for occurrence in scan.occurrences:
            key = (occurrence.path, occurrence.line, occurrence.column, occurrence.text)
            if occurrence.is_unresolved or key in seen:
                continue
            seen.add(key)
            new.append(occurrence)
        added.append(Scan(new, (), scan.suppressions))
    return added
