"""``docker compose`` commands in shell text: which compose files they read, and with what.

``docker compose [-f FILE]… [--project-directory DIR] [--env-file FILE]… VERB``
(``docker-compose``, ``podman compose``, ``podman-compose``, ``nerdctl compose``)
interpolates its files with its environment, which wins over the project's
``.env``: ``MSSQL_IMAGE=mcr.microsoft.com/mssql/server docker compose up`` pulls
``${MSSQL_IMAGE}:latest`` as ``mcr.microsoft.com/mssql/server:latest``. Only the
verbs that pull, build or print the project are read. ``COMPOSE_FILE`` in the
environment names the files when no ``-f`` does (``:``-separated).

``docker compose build [--build-arg NAME[=VALUE]]… [SERVICE…]`` gives its arguments to the
builds of the services it names (all, when it names none), over their ``build.args``
(docs.docker.com/reference/cli/docker/compose/build/; compose's ``pkg/compose/build.go``
merges them over each service's own). ``NAME`` alone is the value of the command's
environment; an argument whose value only a run knows is left out (the service's own value
stays what is read), and so are all of them when which services is a run's.
"""

from __future__ import annotations

import os

from ._engine_commands import interspersed, known, only_unknown, skip_options
from ._feed import place
from ._shell_values import UNKNOWN

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    from ...occurrence import BuildSite
    from ..project import ComposeRun

__all__ = ["ShellCompose", "compose_command", "compose_run", "render_command", "split_environment"]

#: The programs that are compose itself, and the engines whose ``compose`` subcommand is.
_PROGRAMS = frozenset({"docker-compose", "podman-compose"})
_ENGINES = frozenset({"docker", "podman", "nerdctl"})
#: The verbs that read the images: pull, build, run them, or print the project.
_VERBS = frozenset({"up", "run", "create", "pull", "build", "config", "convert"})
#: compose's own options (before the verb) that take a value; the others take none.
_VALUES = frozenset(
    {
        "-f", "--file", "-p", "--project-name", "--project-directory", "--env-file",
        "--profile", "--parallel", "--ansi", "--progress", "-c", "--context", "-H", "--host",
        "--log-level",
    }
)  # fmt: skip


class ShellCompose:
    """A compose command as its shell runs it: the paths as written (relative to
    ``workdir``, the shell's directory: see :class:`~.shell.ShellBuild`), the variables it is
    given (``env``: known values; ``unknown``: a run's; ``leading``: of those, the text a
    value starts with before a run's part, where it has one: ``zulip/zulip-server:pr-`` of
    ``zulip/zulip-server:pr-${{ github.event.pull_request.number }}``)."""

    __slots__ = (
        "anchored",
        "anchored_env_files",
        "build_args",
        "command",
        "env",
        "env_files",
        "files",
        "leading",
        "line",
        "maybe",
        "partial",
        "project_anchored",
        "project_directory",
        "services",
        "unknown",
        "workdir",
    )

    def __init__(
        self,
        line: int,
        command: str,
        files: tuple[str, ...],
        env_files: tuple[str, ...],
        project_directory: str | None,
        environment: Mapping[str, str],
        workdir: str | None,
        partial: bool = False,
        anchored: bool = False,
        maybe: tuple[str, ...] = (),
        project_anchored: bool = False,
        build_args: Mapping[str, str] | None = None,
        services: tuple[str, ...] = (),
        anchored_env_files: tuple[str, ...] = (),
    ) -> None:
        self.line = line
        #: The ``--env-file``s named from the script's own directory as its ``anchored``
        #: files are (``--env-file $SCRIPT_DIR/../settings.conf``), written from there.
        self.anchored_env_files = anchored_env_files
        #: A ``build``'s ``--build-arg`` values and the services it builds (see the module).
        self.build_args = dict(build_args or {})
        self.services = services
        #: The files a run may choose among, when it chooses them all (see
        #: :attr:`~..project.ComposeRun.maybe`), as ``files`` are written.
        self.maybe = maybe
        #: Whether its files are named from the script's own directory (``-f
        #: "$(dirname "$0")/../base.yml"``), as ``files`` are written: from there, wherever
        #: the script is started.
        self.anchored = anchored
        #: Whether it also reads files only a run names (``-f $DIR/compose.yaml``), left out
        #: of ``files``: they may change any value of the others.
        self.partial = partial
        self.command = command
        self.files = files
        self.env_files = env_files
        self.project_directory = project_directory
        #: Whether ``project_directory`` is named from the script's own directory too, as
        #: the anchored ``files`` are (rclone's test servers: ``--project-directory
        #: ${COMPOSE_DIR} --file ${COMPOSE_DIR}/docker-compose.yml``, ``COMPOSE_DIR=$(dirname
        #: "$0")/seafile``).
        self.project_anchored = project_anchored
        self.env, self.unknown, self.leading = split_environment(environment)
        self.workdir = workdir


def split_environment(
    environment: Mapping[str, str],
) -> tuple[dict[str, str], tuple[str, ...], dict[str, str]]:
    """The variables a command is given, as a compose run keeps them: the known values
    (``""`` one, as ``export X=""`` gives it), the names whose value only a run knows, and
    of those the known text their value starts with (``zulip/zulip-server:pr-``).

    >>> split_environment({"A": "1", "B": "app:\ue000", "C": ""})
    ({'A': '1', 'C': ''}, ('B',), {'B': 'app:'})
    """
    env = {name: value for name, value in environment.items() if not value or known(value) == value}
    unknown = tuple(sorted(name for name in environment if name not in env))
    leading = {
        name: start
        for name in unknown
        if (start := _known_start(environment[name])) and "$" not in start
    }
    return env, unknown, leading


def _known_start(value: str) -> str:
    """The text a value starts with before its first part only a run knows."""
    for index, char in enumerate(value):
        if "\ue000" <= char <= "\uf8ff":
            return value[:index]
    return value


def compose_command(
    program: str,
    arguments: list[str],
    line: int,
    environment: Mapping[str, str],
    workdir: str | None,
    *,
    sourced: bool = False,
) -> ShellCompose | None:
    """The compose command ``program arguments`` (expanded) runs, when it is one that reads
    images and a file it names is known here (those a run names are left out, and the
    command is ``partial``: zulip/docker-zulip's ``COMPOSE_FILE: compose.yaml:ci/base.yaml:${{
    matrix.dir }}compose.yaml``); else ``None``."""
    name = program.rpartition("/")[2]
    if name not in _PROGRAMS:
        if name not in _ENGINES:
            return None
        index = skip_options(arguments, 0)  # (the engine's own: `docker --context x compose`)
        if arguments[index : index + 1] != ["compose"]:
            return None
        command = f"{name} compose"
        arguments = arguments[index + 1 :]
    else:
        command = name
    files: list[str] = []
    env_files: list[str] = []
    own_env_files: list[str] = []
    project_directory: str | None = None
    partial = False
    index = 0
    while index < len(arguments):
        if _options_or_nothing(arguments, index, named=bool(files)):
            # (a word only a run knows among the options, followed by more of them or by the
            # verb, is options or nothing, as one before the verb was already: isle-dc's
            # Makefile runs `docker compose $(SERVICES:%=-f build/docker-compose/docker-compose.
            # %.yml) config`, where a service a conditional leaves unset, `$(WATCHTOWER_SERVICE)`,
            # may be the environment's; the files after it are read too)
            index += 1
            continue
        if not arguments[index].startswith("-"):
            break
        option, equals, value = arguments[index].partition("=")
        if not equals and option in _VALUES:
            index += 1
            value = arguments[index] if index < len(arguments) else UNKNOWN
        elif not equals and option.startswith("-f") and len(option) > 2:
            option, value = "-f", option[2:]  # (`-fdocker-compose.yml`)
        index += 1
        if option in ("-f", "--file", "--env-file", "--project-directory"):
            if value == "-" or (
                known(value) is None and option == "--project-directory" and not _from_script(value)
            ):
                return None  # (which directory, a run decides: or a file is piped in)
            if known(value) is None and not _from_script(value):
                partial = True  # (one of the files, a run decides: the others are read)
            elif option == "--env-file" and known(value) is None:
                own_env_files.append(value)  # (from the script's directory: see below)
            elif option == "--env-file":
                env_files.append(value)
            elif option == "--project-directory":
                project_directory = value
            else:
                files.append(value)
    verb = arguments[index] if index < len(arguments) else ""
    if verb not in _VERBS and (not verb or known(verb) is not None):
        return None  # (a verb a run gives, a wrapper's `"$@"`, may be `up`: it is read)
    if not files and not partial and "COMPOSE_FILE" in environment:
        files = environment["COMPOSE_FILE"].split(":")
        partial = any(known(file) is None for file in files)
        files = [file for file in files if known(file) is not None]
    files, anchored, left_out = _anchored(files, sourced=sourced)
    partial = partial or left_out
    anchored_env_files: list[str] = []
    if own_env_files:
        # (pmacct's test-framework scripts: `SCRIPT_DIR=$( cd -- "$( dirname -- "$0" )" &>
        # /dev/null && pwd )`, then `--env-file $SCRIPT_DIR/../../../settings.conf -f
        # "$SCRIPT_DIR/docker-compose.yml"`: the file of the variables is where the script
        # is, wherever it runs, as its compose files are; beside files named from where it
        # runs, or other env files, whose order among them decides, it is a run's)
        written, own, unknown = _anchored(own_env_files, sourced=sourced)
        if anchored and own and not unknown and not env_files:
            anchored_env_files = written
        else:
            partial = True
    if partial and not files:
        return None  # (every file, a run's)
    build_args, services = (
        _build_options(arguments[index + 1 :], environment) if verb == "build" else ({}, ())
    )
    project_anchored = project_directory is not None and _from_script(project_directory)
    if project_directory is not None and project_anchored:
        # (`/.`: the script's directory itself is one too)
        written, _, unknown = _anchored([f"{project_directory}/."], sourced=sourced)
        if not anchored or unknown or not written:
            return None  # (from the script's directory, its files from where it runs)
        project_directory = written[0]
    return ShellCompose(
        line,
        f"{command} {verb}" if verb in _VERBS else command,
        tuple(files),
        tuple(env_files),
        project_directory,
        environment,
        workdir,
        partial,
        anchored,
        project_anchored=project_anchored,
        build_args=build_args,
        services=services,
        anchored_env_files=tuple(anchored_env_files),
    )


#: ``docker compose build``'s options that take a value, and those that take none
#: (``docker-compose build``'s too: ``--compress``, ``--force-rm``, ``--no-rm``, ``--parallel``).
_BUILD_VALUES = frozenset(
    {"--build-arg", "--builder", "-m", "--memory", "--progress", "--ssh", "--provenance", "--sbom"}
)
_BUILD_FLAGS = frozenset(
    {
        "--check", "--no-cache", "--print", "--pull", "--push", "-q", "--quiet",
        "--with-dependencies", "--compress", "--force-rm", "--no-rm", "--parallel",
    }
)  # fmt: skip


def _build_options(
    arguments: list[str], environment: Mapping[str, str]
) -> tuple[dict[str, str], tuple[str, ...]]:
    """The build arguments a ``build``'s words after the verb give, and the services it
    names (see the module).

    >>> _build_options(["--build-arg", "BASE=debian:12", "--pull", "web"], {})
    ({'BASE': 'debian:12'}, ('web',))
    >>> _build_options(["--build-arg=V", "--build-arg", "W"], {"V": "1.2"})
    ({'V': '1.2'}, ())
    """
    services = interspersed(arguments, _BUILD_VALUES, _BUILD_FLAGS)
    if any(known(service) is None for service in services):
        return {}, ()  # (which services, a run decides)
    given = [
        value
        for index, word in enumerate(arguments)
        for value in (
            arguments[index + 1 : index + 2]
            if word == "--build-arg"
            else [word.removeprefix("--build-arg=")]
            if word.startswith("--build-arg=")
            else []
        )
    ]
    args: dict[str, str] = {}
    for value in given:
        name, equals, setting = value.partition("=")
        if known(name) is None:
            continue  # (which argument, a run decides)
        if not equals:
            setting = environment.get(name, UNKNOWN)  # (unset: compose's .env may have it)
        if setting and known(setting) is None:
            args.pop(name, None)  # (a run's value: the service's own is what is read)
        else:
            args[name] = setting
    return args, tuple(services)


def _options_or_nothing(arguments: list[str], index: int, *, named: bool) -> bool:
    """Whether the word at ``index`` is only a run's (an unset variable's expansion) and the
    next one that is not is an option, or the verb after files already ``named``: the words
    stand for options, or for none. Before the verb with no file named, they may be the whole
    list of files (edgex-compose's ``docker compose -p edgex $(COMPOSE_FILES) up``): a run's,
    as before (see ``.make.MakeReader._files_a_run_chooses``)."""
    following = index
    while following < len(arguments) and only_unknown(arguments[following]):
        following += 1
    if following == index or following >= len(arguments):
        return False
    word = arguments[following]
    return word.startswith("-") or (named and word in _VERBS)


def render_command(
    source: str,
    line: int,
    environment: Mapping[str, str],
    workdir: str | None,
    *,
    sourced: bool = False,
) -> ShellCompose | None:
    """An ``envsubst`` that renders the file ``source`` (expanded) with the variables of its
    ``environment``, as a compose command of the verb :data:`~..project.ENVSUBST` (see
    :attr:`~..project.ComposeRun.renders`): altinity/clickhouse-operator's
    ``install-minio-tenant.sh`` exports ``MINIO_CLIENT_VERSION`` and runs ``kubectl apply -f
    <(envsubst < "$CUR_DIR/minio-tenant-create-bucket-template.yaml")``. ``None`` when which
    file is a run's."""
    from ..project import ENVSUBST

    files, anchored, left_out = _anchored([source], sourced=sourced)
    if left_out or not files or known(files[0]) is None:
        return None
    return ShellCompose(
        line, ENVSUBST, tuple(files), (), None, environment, workdir, anchored=anchored
    )


def compose_run(found: ShellCompose, site: BuildSite, start: str | None) -> ComposeRun | None:
    """What ``found`` reads, run in a shell started in directory ``start`` (``None``: a run
    decides); ``None`` when which files is not known here."""
    from ..project import ComposeRun

    directory = place(start, found.workdir, "")
    workdir = "" if found.anchored else found.workdir
    files = [place(start, workdir, file) for file in found.files]
    maybe = [place(start, workdir, file) for file in found.maybe]
    env_files = [place(start, found.workdir, file) for file in found.env_files]
    env_files += [place(start, workdir, file) for file in found.anchored_env_files]
    project = (
        None
        if found.project_directory is None
        else place(
            start, workdir if found.project_anchored else found.workdir, found.project_directory
        )
    )
    if any(file is None for file in (*files, *env_files)) or (
        directory is None and not files and not maybe
    ):
        return None
    if found.project_directory is not None and project is None:
        return None
    return ComposeRun(
        site=site,
        command=found.command,
        files=[file for file in files if file is not None],
        directory=directory,
        env=found.env,
        unknown=found.unknown,
        leading=found.leading,
        partial=found.partial,
        env_files=[file for file in env_files if file is not None],
        project_directory=project,
        maybe=[file for file in maybe if file is not None],
        build_args=found.build_args,
        services=found.services,
    )


def _from_script(value: str) -> bool:
    """Whether a path is named from the script's own directory."""
    from ._shell_values import script_directory

    return script_directory(value) is not None


def _anchored(files: list[str], *, sourced: bool) -> tuple[list[str], bool, bool]:
    """The files, when they are all named from the script's own directory
    (``"${basedir}/base.yml"``, ``basedir`` its ``..``: see ``.shell.script_directory``),
    written from there; whether they are so (moodlehq/moodle-docker's
    ``bin/moodle-docker-compose``); and whether any was left out, its name a run's
    (``${basedir}/db.${MOODLE_DOCKER_DB}.yml``). A file from the script's directory among
    others from where it runs is a run's too."""
    from ._shell_values import script_directory

    marked = [script_directory(file) for file in files]
    if not files or any(found is None for found in marked):
        kept = [file for file, found in zip(files, marked, strict=True) if found is None]
        return kept, False, len(kept) < len(files)
    written = [
        os.path.normpath(rest.lstrip("/"))
        for which, rest in (found for found in marked if found is not None)
        if not (which == "current" and sourced) and known(rest) is not None
        and rest.startswith("/")
    ]  # fmt: skip
    return written, True, len(written) < len(files)
