"""A ``dockerize -template`` that renders a compose file of the project: its values.

dockerize renders a Go template whose data is its environment (``{{ .Env.NAME }}``, see
``.._env_templates``). bigbluebutton/docker's ``scripts/generate-compose`` sets
``BBB_BUILD_TAG=v3.0.x-release--2025-02-06-143818`` and runs::

    docker run --rm -v $(pwd)/docker-compose.tmpl.yml:/docker-compose.tmpl.yml \\
        -e BBB_BUILD_TAG=${BBB_BUILD_TAG} -e TAG_BBB=$(get_tag repos/bigbluebutton) … \\
        jwilder/dockerize -template /docker-compose.tmpl.yml > docker-compose.yml

so the services' ``args: {BBB_BUILD_TAG: {{ .Env.BBB_BUILD_TAG }}}`` give that tag to
every ``FROM bigbluebutton/bbb-build:$BBB_BUILD_TAG``. :func:`dockerize_command` keeps such a
command as a compose command of the verb :data:`DOCKERIZE` that reads its template with the
variables it is given (``-e`` of the container, or the environment of a ``dockerize`` run
in the shell); the template's file on the host is found through the ``-v`` mount that holds
it. A template a run names, or one outside every mount, is no command's here.
"""

from __future__ import annotations

import posixpath

from ._compose_cmd import ShellCompose, _anchored
from ._engine_commands import known
from ._shell_values import UNKNOWN

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["DOCKERIZE", "dockerize_command", "is_dockerize_image"]

#: The verb of the compose command a dockerize render is kept as.
DOCKERIZE = "dockerize"
#: ``docker run``'s options that take a value and say something here.
_VOLUME = ("-v", "--volume")
_ENV = ("-e", "--env")


def is_dockerize_image(image: str) -> bool:
    """Whether an image is dockerize's (``jwilder/dockerize``, ``powerman/dockerize:0.19``)."""
    name = image.rpartition("@")[0] or image
    last = name.rpartition("/")[2]
    return last.partition(":")[0] == DOCKERIZE


def dockerize_command(
    program: str,
    arguments: list[str],
    line: int,
    environment: Mapping[str, str],
    workdir: str | None,
    *,
    sourced: bool = False,
) -> ShellCompose | None:
    """The render ``program arguments`` (expanded) makes, when it is a dockerize's
    ``-template`` of a file known here: ``dockerize -template SRC[:DEST]``, or an engine's
    ``run`` of a dockerize image; else ``None``."""
    from ._engine_commands import _RUN_FLAGS, _RUN_VALUES, skip_options

    mounts: list[tuple[str, str]] = []
    if program.rpartition("/")[2] == DOCKERIZE:
        given = dict(environment)
        rest = arguments
    else:
        index = skip_options(arguments, 0)
        if arguments[index : index + 1] == ["container"]:
            index += 1
        if arguments[index : index + 1] != ["run"]:
            return None
        given = {}
        index += 1
        while index < len(arguments) and arguments[index].startswith("-"):
            option, equals, value = arguments[index].partition("=")
            if not equals and option in _RUN_VALUES:
                index += 1
                value = arguments[index] if index < len(arguments) else ""
            elif not equals and option not in _RUN_FLAGS:
                return None  # (an option not known: where its image is, not known either)
            index += 1
            if option in _VOLUME:
                host, _, inside = value.partition(":")
                mounts.append((host, inside.partition(":")[0]))
            elif option in _ENV and "=" in value:
                name, _, assigned = value.partition("=")
                given[name] = assigned
        if index >= len(arguments) or not is_dockerize_image(arguments[index]):
            return None
        rest = arguments[index + 1 :]
    template = _template(rest)
    if template is None:
        return None
    if program.rpartition("/")[2] != DOCKERIZE:
        template = _on_the_host(template, mounts)
        if template is None:
            return None
    files, anchored, left_out = _anchored([template], sourced=sourced)
    if left_out or not files or known(files[0]) is None:
        return None
    return ShellCompose(line, DOCKERIZE, tuple(files), (), None, given, workdir, anchored=anchored)


def _template(arguments: list[str]) -> str | None:
    """The file of the one ``-template SRC[:DEST]`` (``--template``) of dockerize's words."""
    found: list[str] = []
    for index, word in enumerate(arguments):
        option, equals, value = word.partition("=")
        if option not in ("-template", "--template"):
            continue
        if not equals:
            value = arguments[index + 1] if index + 1 < len(arguments) else ""
        found.append(value.partition(":")[0])
    return found[0] if len(found) == 1 and found[0] else None


def _on_the_host(path: str, mounts: list[tuple[str, str]]) -> str | None:
    """The host's file that the container's ``path`` is, through the mount that holds it."""
    for host, inside in mounts:
        inside = posixpath.normpath(inside) if inside else ""
        if not inside or not host:
            continue
        if path == inside:
            found = host
        elif path.startswith(inside.rstrip("/") + "/"):
            found = host.rstrip("/") + path[len(inside.rstrip("/")) :]
        else:
            continue
        if found.startswith(UNKNOWN + "/"):
            # (`-v $(pwd)/docker-compose.tmpl.yml:…`: the directory the command runs in; the
            # shell's words keep no more of it than that a command gave it)
            found = "." + found[len(UNKNOWN) :]
        return found
    return None
