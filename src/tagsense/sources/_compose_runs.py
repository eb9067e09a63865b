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
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from .project import BuildFile, ComposeRun

__all__ = ["read_through_runs"]


def read_through_runs(
    text: str, path: str, env: Mapping[str, str], runs: Iterable[ComposeRun]
) -> list[BuildFile]:
    """The compose file ``path`` (``text``) as each command reads it, its occurrences with the
    command in their context."""
    from ..occurrence import Scan
    from .compose import read_compose

    found = []
    for run in runs:
        read = read_compose(
            text,
            path=path,
            env={**env, **run.env},
            unknown=run.unknown,
            env_files=run.env_files or None,
            project_directory=run.project_directory,
        )
        site = run.site
        where = {"tool": site.tool, "path": site.path, "line": site.line, "text": run.command}
        scan = read.scan
        occurrences = [o.replace(context={**o.context, "command": where}) for o in scan]
        read.scan = Scan(occurrences, scan.errors, scan.suppressions)
        found.append(read)
    return found
