"""A compose build's arguments as the commands that run its compose file give them.

A compose file says ``build: {args: [SW_AGENT_GO_COMMIT=${SW_AGENT_GO_COMMIT}]}`` and leaves
the value to the environment of the command that runs it; read alone, the Dockerfile's ``FROM
ghcr.io/apache/skywalking-go/skywalking-go:${SW_AGENT_GO_COMMIT}-go1.26`` is unresolved. The
project's own commands give it (:class:`~.project.ComposeRun`: Apache SkyWalking's ``e2e run``
with its versions file), so a build whose arguments its compose file leaves unresolved is
the build as each command that gives one of them reads the file, as the compose file's own
images are (:mod:`._compose_runs`); a build no command gives anything is left as it is.

A ``docker compose build --build-arg NAME=VALUE`` gives the builds it runs an argument over
their own (:attr:`~.project.ComposeRun.build_args`): cms-dev/cms's CI builds its ``FROM
${BASE_IMAGE}`` (``ARG BASE_IMAGE=ubuntu:noble``) with each base image of a matrix. Such a
command adds its reading of the build to the others, as a command that changes a compose file
adds its readings (:func:`._compose_runs.what_runs_add`): a developer's ``docker compose
build`` still builds the file's own.
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
    its readings through the commands that give them, and with the readings of the commands
    that give it build arguments added (see the module); ``env``: the check's environment,
    under each command's."""
    found: dict[BuildConfig, None] = {}
    for build in builds:
        site = build.site
        missing = {name for names in build.unresolved.values() for name in names}
        runs = context.runs_of(site.path) if site.tool == "compose" and site.path else []
        giving = [run for run in runs if missing and run.gives(missing)]
        arguing = [run for run in runs if run not in giving and run.build_args_of(build.name)]
        read = _same(_through(site.path, giving, env), build) if giving and site.path else []
        found.update(dict.fromkeys(read or [build]))
        if arguing and site.path:
            found.update(dict.fromkeys(_same(_through(site.path, arguing, env), build)))
    return list(found)


def _same(readings: list[BuildConfig], build: BuildConfig) -> list[BuildConfig]:
    """The readings that are ``build``'s: of its service, site and Dockerfile."""
    import os

    dockerfile = os.path.realpath(build.dockerfile) if build.dockerfile else None
    return [
        other
        for other in readings
        if other.name == build.name
        and other.site == build.site
        and (other.dockerfile and os.path.realpath(other.dockerfile)) == dockerfile
    ]


def _through(path: str, runs: list[ComposeRun], env: Mapping[str, str]) -> list[BuildConfig]:
    """The builds of the compose file ``path`` as each of ``runs`` reads it, with the build
    arguments it gives them."""
    from ._compose_runs import read_through_runs
    from .compose import MAX_BYTES
    from .find import read_text

    text = read_text(path, MAX_BYTES, yaml=True)
    if not isinstance(text, str):
        return []
    return [
        build.given(run.build_args_of(build.name))
        for run, read in zip(runs, read_through_runs(text, path, env, runs), strict=True)
        for build in read.builds
    ]
