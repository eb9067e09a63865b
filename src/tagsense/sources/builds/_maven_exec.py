"""The script an exec-maven-plugin execution runs, read with the arguments Maven gives it.

apache/dolphinscheduler's ``dolphinscheduler-dist/pom.xml`` runs ``bash
src/main/docker/docker-build.sh ${docker.hub} ${docker.tag}``, and the script builds
``$1/dolphinscheduler-api:$2`` (and five more): alone, the script's names are a run's. Read
through the execution, with the arguments as Maven expands them (``apache``, the project's
version), from the execution's ``<workingDirectory>`` (the module's directory by default),
the script builds ``apache/dolphinscheduler-api:3.4.0-SNAPSHOT``: wherever a compose file or
a manifest names ``apache/dolphinscheduler-api`` (any tag), it is the project's image. The
reading is the shell reader's (see ``._runs``): only what the script settles is built.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from ._runs import Running

__all__ = ["run_script"]


def run_script(
    running: Running | None,
    pom: str,
    executable: str,
    arguments: list[str],
    working: str | None,
    expand: Callable[[str], str | None],
    line: int,
    max_bytes: int,
) -> Running | None:
    """Read the script ``executable`` runs (``bash SCRIPT ARGS``, or ``SCRIPT ARGS``) through
    ``running`` (made for ``pom`` when ``None``), with its arguments as ``expand`` gives them
    (``None``: a value Maven does not have here; then the script's arguments are a run's),
    from ``working`` relative to the module's directory (``expand`` gives its basedir as
    ``.``). Returns the :class:`~._runs.Running` that holds what it builds (``None``:
    nothing run)."""
    from ._runs import Running, script_operand

    words = [expand(word) for word in [executable, *arguments]]
    program, rest = words[0], words[1:]
    if program is None or any(word is None for word in rest[:1]):
        return running
    given = [word or "" for word in rest]
    operand = script_operand(program, given)
    if operand is None:
        return running
    module = os.path.dirname(pom)
    cwd = os.curdir
    if working is not None:
        directory = expand(working)
        if directory is None:
            return running
        if os.path.isabs(directory):
            return running  # (a machine's directory: nothing of the project's)
        cwd = os.path.normpath(directory)
    # (the words after the script: all of them when the executable is the script itself)
    after = given if operand == program else given[given.index(operand) + 1 :]
    known = None if any(word is None for word in rest) else tuple(after)
    if running is None:
        from ..context import project_root

        running = Running(module, project_root(pom), file=pom, max_bytes=max_bytes)
    running.run(operand, cwd=cwd, script=None, environment={}, line=line, arguments=known)
    return running
