"""A compose build's arguments as the commands that run its compose file give them.

A compose file says ``build: {args: [SW_AGENT_GO_COMMIT=${SW_AGENT_GO_COMMIT}]}`` and leaves
the value to the environment of the command that runs it; read alone, the Dockerfile's ``FROM
ghcr.io/apache/skywalking-go/skywalking-go:${SW_AGENT_GO_COMMIT}-go1.26`` is unresolved. The
project's own commands give it (:class:`~.project.ComposeRun`: Apache SkyWalking's ``e2e run``
with its versions file), so a build whose arguments its compose file leaves unresolved is
the build as each command that gives one of them reads the file, as the compose file's own
images are (:mod:`._compose_runs`); a build no command gives anything is left as it is.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    from .project import BuildConfig, ComposeRun, ProjectContext

__all__ = ["builds_as_run"]


def builds_as_run(
    builds: list[BuildConfig], context: ProjectContext, env: Mapping[str, str]
) -> list[BuildConfig]:
    """``builds`` (of one Dockerfile), each compose build with unresolved arguments replaced by
    its readings through the commands that give them (see the module); ``env``: the check's
    environment, under each command's."""
    import os

    found: dict[BuildConfig, None] = {}
    for build in builds:
        site = build.site
        missing = {name for names in build.unresolved.values() for name in names}
        runs = (
            context.runs_of(site.path) if missing and site.tool == "compose" and site.path else []
        )
        giving = [run for run in runs if run.gives(missing)]
        readings = _through(site.path, giving, env) if giving and site.path else []
        dockerfile = os.path.realpath(build.dockerfile) if build.dockerfile else None
        same = [
            other
            for other in readings
            if other.name == build.name
            and other.site == site
            and (other.dockerfile and os.path.realpath(other.dockerfile)) == dockerfile
        ]
        found.update(dict.fromkeys(same or [build]))
    return list(found)


def _through(path: str, runs: list[ComposeRun], env: Mapping[str, str]) -> list[BuildConfig]:
    """The builds of the compose file ``path`` as each of ``runs`` reads it."""
    from ._compose_runs import read_through_runs
    from .compose import MAX_BYTES
    from .find import read_text

    text = read_text(path, MAX_BYTES, yaml=True)
    if not isinstance(text, str):
        return []
    return [build for read in read_through_runs(text, path, env, runs) for build in read.builds]
