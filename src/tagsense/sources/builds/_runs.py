"""The scripts of the project that a script, a Makefile recipe or a CI step runs, read with
what the runner gives them.

kubernetes-sigs/metrics-server's Makefile runs ``NODE_IMAGE=kindest/node:v1.36.1@sha256:…
./test/test-e2e.sh`` (and two more versions), and the script runs ``kind create cluster
--image=${NODE_IMAGE}``: alone, the script says nothing of the image. netbox-docker's
workflow step ``run: ./build.sh feature`` runs ``docker build --build-arg FROM=… .`` from
the checkout: alone, the script does not say where it runs, so its build feeds no
Dockerfile. A script run is a new shell (POSIX, *Simple Commands*): it gets the runner's
exported variables and its ``NAME=value`` prefix (``env NAME=value``, ``export NAME``
before it) in its environment, and the runner's working directory. :class:`Running` is
what one reading of a runner follows of that:

- a command whose first word is a path to a ``*.sh`` file (``./test/test-e2e.sh``,
  ``hack/x.sh``; a bare name is looked for in ``PATH``, not here), or to a program of the
  project without an extension that the shell runs (executable, a shell's ``#!`` line:
  openzipkin/zipkin's workflows run ``build-bin/docker/docker_build openzipkin/zipkin:test``,
  see :func:`~tagsense.sources.discover.is_shell_program`), or a shell given one
  (``bash hack/x.sh``, ``sh -e ./x.sh``); relative to the runner's working directory when
  it is known (a Makefile's directory, a CI job's checkout or ``working-directory``, a
  script's after ``cd "$(dirname "$0")"``), or to the runner's own directory
  (``"$(dirname "$0")/x.sh"``); nothing outside the project's root, no absolute path;
- the script read as a shell of its own: its variables start as the environment given
  (its own assignments win after they run, ``${X:-default}`` as written), its working
  directory the runner's; what it builds is in the runner's reading (at the script's
  lines), and what it pulls, with ``run_by`` (the runner's file and line) in each
  occurrence's context;
- once for each environment and directory (a reading of the same script with the same
  values says nothing new), at most :data:`MAX_READINGS` a runner, and
  :data:`MAX_ENVIRONMENTS` a script that find nothing more than the readings before them;
  :data:`MAX_DEPTH` levels of scripts running scripts; a script being read is not read
  again inside itself (a cycle ends); a run whose words pick an arm of the script's
  ``case "$1"`` that can do nothing read here is not read (see :mod:`._idle_arm`).
"""

from __future__ import annotations

import os
import re

from ..._lazy import lazy_pattern, once
from .._context_cache import stat_of
from ._common import read_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import TypeVar

    from ...occurrence import Scan
    from ..project import BuildConfig, BuildFile, BuiltImage, ChartRelease, ComposeRun
    from ._shell_values import ShellPull
    from ._sourced import Sourcing

    _Read = TypeVar("_Read")  # (what a script's reading gives: see _once)

__all__ = [
    "MAX_DEPTH",
    "MAX_ENVIRONMENTS",
    "MAX_READINGS",
    "Running",
    "directory_of_script",
    "in_script_directory",
    "may_run",
    "runs_in",
    "script_operand",
    "wrapped_environment",
]

#: The most readings of scripts one runner's reading makes, of one script that find nothing
#: more, and how deep scripts that run scripts are followed.
MAX_READINGS = 32
MAX_ENVIRONMENTS = 16
MAX_DEPTH = 4
#: How many readings of one ``make`` command (its arguments, its directory) may be under way
#: at once, one inside another, whatever their environments (see :meth:`Running.run_make`).
MAX_MAKE_NESTING = 2

#: The shells that run a script given as their operand (``bash hack/x.sh``).
SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh"})
#: A shell's options that take the next word as their value (``-o pipefail``).
_SHELL_VALUE_OPTIONS = frozenset({"--rcfile", "--init-file"})


def may_run(data: bytes) -> bool:
    """A quick look at a file's bytes: whether a command of it could run a ``*.sh`` script,
    ``make``, a ``package.json`` script (``npm run``, ``yarn``, ``pnpm``), or an Invoke task.

    >>> may_run(b"NODE_IMAGE=kindest/node:v1.36.1 ./test/test-e2e.sh"), may_run(b"go test")
    (True, False)
    >>> may_run(b"build-bin/docker/docker_build openzipkin/zipkin:test")
    True
    >>> may_run(b"\tDOCS_IMAGE=grafana/vale:latest /src/grafana+loki/docs/make-docs $(PROJECTS)")
    True
    >>> may_run(b"\tDOCS_IMAGE=$(VALE_IMAGE) $(CURDIR)/make-docs $(PROJECTS)")
    True
    >>> may_run(b"\t$(MAKE) -C images/base image")
    True
    """
    return (
        b".sh" in data
        or b"make " in data
        or b"MAKE)" in data
        or b"MAKE}" in data
        or b"npm " in data  # (npm, pnpm, yarn: a package.json script, see ._npm_run)
        or b"yarn " in data
        or b"invoke " in data  # (invoke, inv: an Invoke task, see ._invoke_run)
        or b"inv " in data
        or (b"/" in data and _program_path_bytes().search(data) is not None)
    )


def runs_in(chunk: str) -> bool:
    """A quick look at shell text: whether a command of it could run a ``*.sh`` script, or a
    program of the project named by its path without an extension (or name the script's
    directory a later one runs from), or ``make``."""
    return (
        ".sh" in chunk
        or "dirname" in chunk
        or "BASH_SOURCE" in chunk
        or "make " in chunk
        or "npm " in chunk
        or "yarn " in chunk
        or "invoke " in chunk
        or "inv " in chunk
        or ("/" in chunk and _program_path().search(chunk) is not None)
    )


#: A command's first word that is a relative path whose last part has no extension
#: (``build-bin/docker/docker_build``, ``./bin/release``): a program of the project, maybe.
#: The variables the command line sets first are skipped, and the path may be absolute
#: (grafana/loki's docs.mk runs ``DOCS_IMAGE=$(VALE_IMAGE) $(CURDIR)/make-docs``).
_PROGRAM_PATH = (
    r"(?:^|[;&|(]|\bthen\b|\bdo\b)[ \t]*(?:[A-Za-z_][A-Za-z0-9_]*=\S*[ \t]+)*"
    r"(?:\.{1,2}/|/)?(?:(?:[^\s;&|()'\"/=$]|\$[({]\w+[)}])+/)+[\w-]+(?=[ \t;&|)]|$)"
)


@once
def _program_path() -> re.Pattern[str]:
    import re

    return re.compile(_PROGRAM_PATH, re.MULTILINE)


#: Where a CI file writes a command on the line of its key or list item (``- run:
#: ./ci/run-tests``, Buildkite's ``command: ./.buildkite/run-tests``, ``- ./ci/test``), quoted
#: or not.
_CI_COMMAND_START = r"(?:\b(?:run|command|commands|script)[ \t]*:|^[ \t]*-)[ \t]*[\"']?"


@once
def _program_path_bytes() -> re.Pattern[bytes]:
    """:data:`_PROGRAM_PATH` in a file's bytes, which may be a CI file's YAML too."""
    import re

    pattern = _PROGRAM_PATH.replace("(?:^|", f"(?:^|{_CI_COMMAND_START}|", 1)
    return re.compile(pattern.encode(), re.MULTILINE)


def script_operand(program: str, arguments: list[str]) -> str | None:
    """The script a command runs: its first word when that is a path (``./x.sh``), or a
    shell's first operand after its options (``bash -e hack/x.sh``); ``None`` for anything
    else (``bash -c '…'`` is a script of its own, read where it is written).

    >>> script_operand("./test/e2e.sh", []), script_operand("bash", ["-eo", "pipefail", "x.sh"])
    ('./test/e2e.sh', 'x.sh')
    >>> script_operand("bash", ["-c", "./x.sh"]), script_operand("e2e.sh", [])
    (None, None)
    >>> script_operand("/bin/bash", ["hack/x.sh"])
    'hack/x.sh'
    """
    if program.rpartition("/")[2] not in SHELLS:
        return program if "/" in program else None
    index = 0
    while index < len(arguments):
        word = arguments[index]
        if word == "--":
            index += 1
            break
        if not word.startswith(("-", "+")) or word in ("-", "+"):
            break
        letters = word.lstrip("-+")
        if word.startswith("--"):
            index += 2 if word in _SHELL_VALUE_OPTIONS else 1
            continue
        if "c" in letters or "s" in letters:
            return None  # (a command string, or the script on standard input)
        index += 2 if ("o" in letters or "O" in letters) else 1
    return arguments[index] if index < len(arguments) else None


def wrapped_environment(words: list[str]) -> tuple[list[tuple[str, str]], bool]:
    """What the wrappers before a command (``env NAME=value``, ``sudo``) do to its
    environment: the assignments they add (their values as written), and whether they
    start it empty (``env -i``; ``sudo`` without ``-E``, which resets it)."""
    from ._shell_parameters import _assignment

    added: list[tuple[str, str]] = []
    reset = False
    wrapper = None
    for word in words:
        if word in ("env", "sudo"):
            wrapper = word
            reset = reset or word == "sudo"
            continue
        if wrapper is None:
            continue
        if word.startswith("-"):
            if wrapper == "env" and word in ("-i", "--ignore-environment", "-"):
                reset = True
            if wrapper == "sudo" and (word == "-E" or word.startswith("--preserve-env")):
                reset = False
            continue
        assigned = _assignment(word)
        if assigned is None:
            wrapper = None if word not in ("env", "sudo") else word
            continue
        added.append(assigned)
    return added, reset


def directory_of_script(which: str, script: str | None, *, sourced: bool) -> str | None:
    """The directory of the script being read, from the start (``""``: the start), as
    ``$(dirname "$0")`` (``which``: ``"top"``) or ``$(dirname "${BASH_SOURCE[0]}")``
    (``"current"``) names it: ``script`` is its path (``None``: not known), and the second
    is another file's directory in a file it ``sourced``.

    >>> directory_of_script("top", "test/e2e.sh", sourced=True)
    'test'
    >>> directory_of_script("current", "test/e2e.sh", sourced=True) is None
    True
    """
    if script is None or (which == "current" and sourced):
        return None
    return os.path.dirname(script)


def in_script_directory(which: str, rest: str, script: str | None, *, sourced: bool) -> str | None:
    """Where ``cd`` to the script's directory (see :func:`directory_of_script`) and then
    ``rest`` (``"/docker"``) goes, from the start (``None``: a run decides).

    >>> in_script_directory("top", "", "build.sh", sourced=False)
    ''
    >>> in_script_directory("top", "/docker", "hack/build.sh", sourced=False)
    'hack/docker'
    """
    from ._engine_commands import known

    base = directory_of_script(which, script, sourced=sourced)
    if base is None or (rest and (not rest.startswith("/") or known(rest) is None)):
        return None
    found = os.path.normpath(os.path.join(base, rest.lstrip("/")))
    return "" if found == os.curdir else found


def _from_directory(
    words: tuple[str, ...] | None, cwd: str, script: str | None, sourced: bool
) -> tuple[str, ...] | None:
    """The ``words`` a script gives a script it runs from ``cwd`` (from the start), those
    named from its own directory (``$SCRIPT_DIR/../settings.conf``, ``SCRIPT_DIR=$(cd
    "$(dirname "$0")" && pwd)``: an absolute path wherever it runs) written from ``cwd``, as
    the script run reads them: its own directory is another (pmacct's test-framework
    ``redis_docker/start.sh`` runs ``$SCRIPT_DIR/../../../tools/docker_compose_wrapper.sh
    --env-file $SCRIPT_DIR/../../../settings.conf -f "$SCRIPT_DIR/docker-compose.yml" up
    -d``, which runs ``eval "docker compose $*"``). A word of the script's directory whose
    rest a run decides stays as it is.

    >>> _from_directory(("-f", "\ue000\ue004\ue000/../a.yml"), "", "t/x.sh", False)
    ('-f', 'a.yml')
    >>> _from_directory(("-f", "\ue000\ue004\ue000/a.yml"), "t", "t/x.sh", False)
    ('-f', 'a.yml')
    """
    if words is None or os.path.isabs(cwd):
        return words
    from ._shell_values import script_directory

    placed: list[str] = []
    for word in words:
        marked = script_directory(word)
        where = None if marked is None else in_script_directory(*marked, script, sourced=sourced)
        placed.append(
            word if where is None else os.path.relpath(where or os.curdir, cwd or os.curdir)
        )
    return tuple(placed)


def _moves_its_arguments(text: str) -> bool:
    """Whether a script's ``$1``… may be other than the words it was run with somewhere:
    a command of it moves or sets them (``shift``, ``set -- …``, ``getopts``). Comments say
    nothing. A function it defines is no such move: the reader gives a call's body the
    call's words as its ``$1``… (karmada's ``hack/docker.sh karmada-agent`` passes its
    ``$1`` on through ``build_images $@`` to the function that tags the image), and what
    its body does to them moves the call's words, not the script's (see
    :func:`~._shell_functions.top_level`).

    >>> _moves_its_arguments('set -euo pipefail\\nV=${1:-latest}  # can be set to: x')
    False
    >>> _moves_its_arguments('while [ $# -gt 0 ]; do case $1 in -v) V=$2; shift 2;; esac; done')
    True
    >>> _moves_its_arguments('build() {\\n  docker build -t "$1" .\\n}\\nbuild "$1"')
    False
    >>> _moves_its_arguments('on_os() {\\n  os="$1"\\n  shift\\n}\\ncase $1 in a) on_os a;; esac')
    False
    """
    from ._shell_functions import top_level

    commands = "\n".join(
        line for line in top_level(text).split("\n") if not line.lstrip().startswith("#")
    )
    return _moving_arguments().search(commands) is not None


def _shifts_in_order(text: str) -> bool:
    """Whether the only moves of a script's ``$1``… are ``shift`` commands of its own top
    level, each a command of an unindented line (alone or after ``;``): the reader takes
    the words off in turn as the script runs on (a ``shift`` in a branch leaves ``$1`` a
    run's, see :meth:`~.shell.ShellReader._shift`), and an assignment before it keeps the
    word it was given. ZeroTierOne's ``ci/scripts/build.sh``, which each Drone step runs as
    ``./ci/scripts/build.sh bullseye debian 386 …``, starts ``ZT_NAME="$1" ; shift`` and
    builds ``FROM …/${ZT_NAME}-builder`` (survey s43e: 4 false TS011). A ``shift`` in a
    loop or a condition (indented, or after ``do``, ``then``, ``&&``), ``set --`` and
    ``getopts`` are moves a run decides, as before; a function's body moves its call's
    words only (:func:`~._shell_functions.top_level`).

    >>> _shifts_in_order('NAME="$1" ; shift\\nARCH="$1"; shift\\ndocker build -t "$NAME" .')
    True
    >>> _shifts_in_order('while [ -n "$1" ]; do\\n  shift\\ndone')
    False
    >>> _shifts_in_order('[ -n "$1" ] && shift')
    False
    >>> _shifts_in_order('set -- other')
    False
    >>> _shifts_in_order('on_os() {\\n  shift\\n}\\ncommand="$1"\\nshift')
    True
    """
    from ._shell_functions import top_level

    moving = _moving_arguments()
    for line in top_level(text).split("\n"):
        if line.lstrip().startswith("#") or moving.search(line) is None:
            continue
        if line[:1].isspace():
            return False
        commands = [part.strip() for part in _TOP_COMMANDS.split(line)]
        for command in commands:
            if moving.search(command) is not None and _TOP_SHIFT.fullmatch(command) is None:
                return False
    return True


#: A line's commands, split at ``;`` (not ``;;``, a ``case`` arm's end).
_TOP_COMMANDS = lazy_pattern(r"(?<!;);(?!;)")

#: A ``shift`` of the top level: ``shift``, ``shift N``, with ``|| true`` at most.
_TOP_SHIFT = lazy_pattern(r"shift(?:\s+\d+)?(?:\s*\|\|\s*(?:true|:))?")


def _defines_a_function(text: str) -> bool:
    """Whether a script defines a shell function (``name() {``, ``function name``)."""
    return _FUNCTION_DEFINITION.search(text) is not None


def _acts_itself(text: str) -> bool:
    """Whether a script's own text may build or pull an image. One that defines functions
    and does neither is read once for all the words it is run with (what they change there
    is not followed): karmada's ``hack/build.sh TARGET``, run for thirteen targets, builds
    Go binaries; its ``hack/docker.sh TARGET`` builds an image a target."""
    from ..discover import may_build
    from .shell import may_pull

    data = text.encode()
    return may_build(data) or may_pull(data)


_FUNCTION_DEFINITION = lazy_pattern(r"^\s*function\s+[\w:-]+|^\s*[\w:-]+\s*\(\s*\)", re.MULTILINE)


@once
def _moving_arguments() -> re.Pattern[str]:
    import re

    command = r"(?:^|[;&|({)]|\bthen|\bdo|\belse)\s*"
    return re.compile(
        rf"{command}(?:shift|getopts)\b|{command}set\s+(?:--|[^-+\s;&|#])", re.MULTILINE
    )


def _where_written(
    pull: ShellPull,
    lines: list[str],
    runner: str | None,
    written: list[str],
    line: int,
    arguments: tuple[str, ...] | None,
) -> ShellPull:
    """``pull``, of a script read with ``lines``, placed where its image is written: a
    wrapper (``retry.sh "$@"``, a ``pull.sh IMAGE`` that runs ``docker pull "$1"``) passes on
    an image that is one of the ``arguments`` the command running it, at ``line`` of the
    file ``runner`` (whose lines are ``written``), writes, and that command is where a user
    changes it, as a call of a shell function is: jaegertracing/jaeger's Makefile runs ``bash
    scripts/utils/retry.sh docker pull …`` (survey 38e: its findings were reported at the
    wrapper's ``"$@"``). A pull whose image the script writes itself (or a file it sources),
    or takes from its environment (``NODE_IMAGE=… ./e2e.sh``: a variable's value, used where
    the script uses it, as a compose file's ``${IMAGE}`` is), stays where the script runs it."""
    from ._shell_text import continues

    if runner is None or pull.path is not None or arguments is None:
        return pull
    if not any(pull.image in word for word in arguments):  # (`--image=IMAGE` too)
        return pull
    if _writes(lines, pull.line, pull.last_line, pull.image):
        return pull
    last = line
    while last < len(written) and last - line < 50 and continues(written[last - 1]):
        last += 1  # (the command's continued lines)
    if not _writes(written, line, last, pull.image):
        return pull
    return pull.at(line, last).written_in(runner)


def _writes(lines: list[str], first: int, last: int, image: str) -> bool:
    """Whether ``image`` is written as a word in lines ``first`` to ``last`` (1-based)."""
    from .shell import word_position

    number, column = word_position(lines, first, last, image)
    text = lines[number - 1] if 0 < number <= len(lines) else ""
    return text[column - 1 : column - 1 + len(image)] == image


def _may_act(path: str, max_bytes: int) -> bool:
    """A quick look at a program's bytes: whether it may build or pull an image, or run a
    ``*.sh`` script."""
    from ..discover import may_build
    from .shell import may_pull

    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes)
    except OSError:
        return False
    return b".sh" in data or may_build(data) or may_pull(data)


_SHELL_SCRIPT_NAME = lazy_pattern(r"[^/]+\.sh")


class Running:
    """What one reading of a runner (a script, a Makefile, a CI file) runs of the project's
    scripts (see the module): ``start`` is the directory its shell's working directory is
    relative to (as named; ``None``: a run decides), ``root`` the project's root (a real path;
    ``None``: ``start``), ``file`` the file whose commands are read (the runner's site).

    After the reading: :attr:`builds` and :attr:`built` (at the scripts' lines), :attr:`scans`
    (their pulls), :attr:`reads` (the scripts read, and the files they source) and
    :attr:`inputs` (every file looked at, for the cache), for the runner's
    :class:`~tagsense.sources.project.BuildFile` (:meth:`into`)."""

    __slots__ = (
        "_builders_only",
        "_built_any",
        "_counts",
        "_known",
        "_making",
        "_max_bytes",
        "_pulled_any",
        "_readings",
        "_root",
        "_seen",
        "_stack",
        "_start",
        "builds",
        "built",
        "charts",
        "composes",
        "file",
        "follows_make",
        "inputs",
        "open_environment",
        "reads",
        "scans",
    )

    def __init__(
        self,
        start: str | None,
        root: str | None,
        *,
        file: str | None,
        max_bytes: int,
        itself: str | None = None,
        follows_make: bool = True,
        builders_only: bool = False,
        open_environment: bool = True,
    ) -> None:
        self._start = start
        #: Whether the runner runs in the user's environment (a Makefile, a script, a
        #: Taskfile), whose variables the scripts it runs may read, not a CI job's, which
        #: gives them only what it names (see ``ShellReader``'s ``open_environment``).
        self.open_environment = open_environment
        #: Whether only the scripts whose text may build an image are read (see ``.npm``).
        self._builders_only = builders_only
        #: Whether a ``make`` command is read for what it builds (:meth:`run_make`).
        self.follows_make = follows_make
        if root is None and start is not None:
            root = os.path.realpath(start or os.curdir)
        self._root = root
        self._max_bytes = max_bytes
        #: The scripts being read (real paths), the runner itself first when it is one.
        self._stack: list[str] = [os.path.realpath(itself)] if itself is not None else []
        self._seen: set[tuple[object, ...]] = set()
        #: The readings of each script that found nothing more (see :meth:`_finds_more`).
        self._counts: dict[str, int] = {}
        #: What the readings found so far (see :meth:`_finds_more`).
        self._known: set[object] = set()
        self._readings = 0
        #: The file whose commands are read now (as named).
        self.file = file
        self.builds: list[BuildConfig] = []
        self.built: list[BuiltImage] = []
        #: The ``docker compose`` commands of the Makefiles it runs (see :meth:`run_make`).
        self.composes: list[ComposeRun] = []
        #: The project's charts the scripts it runs install (``helm install``, ``ct install``).
        self.charts: list[ChartRelease] = []
        self.scans: list[Scan] = []
        self.reads: list[str] = []
        self.inputs: dict[str, tuple[int, int] | None] = {}
        #: The ``make`` commands whose recipes' scripts are being read (:meth:`run_make`).
        self._making: set[tuple[object, ...]] = set()
        #: What a script builds and pulls whichever options it is run with, by the script and
        #: its run's directory and environment: a CI file runs one script with many options
        #: (charliecloud's workflow, `bin/ch-test` 16 times), and each run read it again.
        self._pulled_any: dict[tuple[object, ...], list[ShellPull]] = {}
        self._built_any: dict[tuple[object, ...], list[BuiltImage]] = {}

    def run(
        self,
        operand: str,
        *,
        cwd: str | None,
        script: str | None,
        environment: Mapping[str, str],
        line: int,
        sourced: bool = False,
        arguments: tuple[str, ...] | None = None,
        option_words: tuple[str, ...] | None = None,
        repository: str | None = None,
    ) -> None:
        """The command at ``line`` runs the script ``operand`` (its word expanded), with this
        ``environment``, from ``cwd`` (relative to the start; ``None``: a run decides); the
        runner's own path from the start is ``script`` (``$0``, when it is a script), and
        ``sourced`` says whether the command is in a file that script sources; ``arguments``
        are the words after the script (``None``: a run decides them), ``option_words`` the
        same for its option loop, a word a run decides in its place (``None``: as
        ``arguments``); ``repository``: the
        top of the runner's repository from the start, the script's too (``None``: not
        known)."""
        relative = self._relative(operand, cwd, script, sourced)
        if relative is None or self._start is None or self._root is None:
            return
        named = os.path.normpath(os.path.join(self._start, relative))
        stat = stat_of(named)
        self.inputs.setdefault(named, stat)
        if stat is None or not os.path.isfile(named):
            return
        from ..._roots import within

        real = os.path.realpath(named)
        if not within(real, self._root) or real in self._stack or len(self._stack) > MAX_DEPTH:
            return
        text = read_text(named, self._max_bytes)
        if not isinstance(text, str):
            return
        if self._builders_only:
            from ..discover import may_build

            if not may_build(text.encode()):
                return
        if cwd is not None:
            arguments = _from_directory(arguments, cwd, script, sourced)
            option_words = _from_directory(option_words, cwd, script, sourced)
        options = None
        if option_words is None:
            option_words = arguments
        if option_words is not None and (
            arguments is None
            or (_moves_its_arguments(text) and not _shifts_in_order(text))
            or (_defines_a_function(text) and not _acts_itself(text))
        ):
            # (a `while getopts` loop still reads them: see ._getopts; and so does a
            # `while [ $# -gt 0 ]; do case "$1" in …` one: ._option_loop)
            from ._option_loop import in_text

            options = option_words if "getopts" in text or in_text(text) else None
            arguments = None
        # (words a runner writes are placed at its command: each file that writes them is
        # a reading of its own, as mockserver's step scripts that run one wrapper each are)
        writer = self.file if arguments or options else None
        key = (real, cwd, tuple(sorted(environment.items())), arguments, options, writer)
        if key in self._seen:
            return
        count = self._counts.get(real, 0)
        if count >= MAX_ENVIRONMENTS or self._readings >= MAX_READINGS:
            return
        self._seen.add(key)
        if arguments and self._idle(text, arguments, environment, cwd, relative):
            # (its words pick an arm of its `case "$1"` that can do nothing read here: read
            # through its runner, it is not read alone, every arm, as a script nothing runs)
            self.reads.append(named)
            return
        self._readings += 1
        marks = self._found()
        self._read(named, relative, text, cwd, environment, line, arguments, options, repository)
        if not self._finds_more(marks):
            # (a reading that finds nothing more spends the script's own readings; one that
            # does only the runner's: crystal's forward-compatibility workflow runs `bin/ci
            # build` with 20 bootstrap versions, each pulling its own build image)
            self._counts[real] = count + 1

    def run_make(
        self,
        arguments: list[str],
        *,
        cwd: str | None,
        environment: Mapping[str, str] | None = None,
    ) -> None:
        """The command runs ``make`` with ``arguments`` (expanded) from ``cwd`` (relative to
        the start), in ``environment``: what the project's Makefile builds with the command
        line's variables (see :func:`~.make.make_run_builds`), and the compose commands its
        recipes run, are in the runner's reading; so are the scripts its recipes run, read in
        the environment its recipes get (``environment`` under its own exported variables)."""
        # (a Makefile's runner leaves what its recipes' own `make` commands, its sub-makes,
        # build, read already, but not the scripts their recipes run; a script a recipe runs
        # is read for its builds too: minio/minio's upgrade test, run by `make test-upgrade`,
        # builds with `TAG=minio/minio:dev make docker`)
        follows = self.follows_make or bool(self._stack)
        if cwd is None or self._start is None or self._root is None:
            return
        cwd = self._inside(cwd)
        if os.path.isabs(cwd):
            return
        from .make import make_run_builds
        from .shell import built_by

        directory = os.path.normpath(os.path.join(self._start, cwd))
        found = (
            make_run_builds(
                arguments,
                directory,
                self._root,
                max_bytes=self._max_bytes,
                inputs=self.inputs,
                environment=environment,
            )
            if follows
            else []
        )
        for file, where, builds, composes, charts in found:
            made = built_by(builds, "make", file, where, composes=composes, charts=charts)
            self.builds.extend(made.builds)
            self.built.extend(made.built)
            self.composes.extend(made.composes)
            self.charts.extend(made.charts)
        # (a recipe that runs make again, `$(MAKE) -C . other` or the same goal, is read once
        # for each command: velero's Makefile otherwise recursed without end)
        making = (tuple(arguments), directory, tuple(sorted((environment or {}).items())))
        if self._builders_only or making in self._making:
            return
        # (nor more than MAX_MAKE_NESTING times inside itself in other environments: a
        # Makefile that exports a variable it appends to (`NAME += …`, exported) gives each
        # recipe's `$(MAKE)` a longer value, a new environment each level, which GNU Make ends
        # only because the targets are made by then. rabbitmq/rabbitmq-server's erlang.mk:
        # `make escript` in deps/rabbitmq_cli ran itself with a growing NO_AUTOPATCH and its
        # scan never finished)
        command = making[:2]
        if sum(1 for other in self._making if other[:2] == command) >= MAX_MAKE_NESTING:
            return
        from .make import make_run_scripts

        # (the scripts its recipes run get the command's environment too: see make_run_scripts)
        self._making.add(making)
        try:
            make_run_scripts(
                arguments,
                directory,
                self._root,
                self,
                max_bytes=self._max_bytes,
                environment=environment,
            )
        finally:
            self._making.discard(making)

    @property
    def start(self) -> str | None:
        """Where the runner starts, as the scan names it (``None``: not known)."""
        return self._start

    def directory(self, path: str) -> str | None:
        """The directory ``path`` (as the scan names it) from the start, ``""`` for the start
        itself; ``None`` outside the project."""
        if self._start is None or self._root is None:
            return None
        from ..._roots import within

        if not within(os.path.realpath(path), self._root):
            return None
        relative = os.path.relpath(os.path.abspath(path), os.path.abspath(self._start or os.curdir))
        return "" if relative == os.curdir else relative

    def run_npm(
        self,
        program: str,
        arguments: list[str],
        *,
        cwd: str | None,
        environment: Mapping[str, str],
        line: int,
    ) -> bool:
        """The command (``program`` and its ``arguments``, expanded) at ``line``, run from
        ``cwd`` (relative to the start) in ``environment``, runs a script of the project's
        ``package.json`` (``npm run NAME``, see ``._npm_run``): each script it runs read as a
        shell of its own in the package's directory, with that environment; what it builds,
        composes and pulls is in the runner's reading. Whether it was read."""
        from ._npm_run import npm_script

        found = npm_script(program, arguments)
        if found is None or self._builders_only or cwd is None or os.path.isabs(cwd):
            return False  # (a package's own scripts running others: read by .npm alone)
        if self._start is None or self._root is None or os.path.isabs(found[1]):
            return False
        name, directory = found
        package = os.path.normpath(os.path.join(cwd, directory))
        named = os.path.normpath(os.path.join(self._start, package, "package.json"))
        stat = stat_of(named)
        self.inputs.setdefault(named, stat)
        if stat is None:
            return False
        from ..._roots import within

        real = os.path.realpath(named)
        marker = f"{real}#{name}"  # (a script that runs itself: read once)
        if not within(real, self._root) or marker in self._stack or len(self._stack) > MAX_DEPTH:
            return False
        key = ("npm", real, name, tuple(sorted(environment.items())))
        if key in self._seen or self._readings >= MAX_READINGS:
            return False
        text = read_text(named, self._max_bytes)
        if not isinstance(text, str):
            return False
        from .shell import may_build, may_pull

        data = text.encode()
        if not (may_build(data) or may_pull(data) or may_run(data)):
            return False
        self._seen.add(key)
        self._readings += 1
        self._read_npm(named, package, text, name, environment, line, marker)
        return True

    def _read_npm(
        self,
        named: str,
        package: str,
        text: str,
        name: str,
        environment: Mapping[str, str],
        line: int,
        marker: str,
    ) -> None:
        """:meth:`run_npm`, read: the scripts of the ``package.json`` ``named`` (in the
        directory ``package``, from the start) that ``npm run name`` runs."""
        from ...occurrence import Scan
        from ._npm_run import package_scripts
        from .npm import script_occurrence
        from .shell import ShellReader, built_by

        lines = text.split("\n")
        runner = f"{self.file}:{line}"
        found = []
        outer = self.file
        self.file = named
        self._stack.append(marker)
        try:
            for script, value in package_scripts(text, named, name):
                # (npm runs each with `sh -c` in the package's directory)
                reader = ShellReader(dict(environment), pulls=True, cwd=package, running=self)
                builds = [build.at(value.line) for build in reader.read(value.text or "")]
                for compose in reader.composes:
                    compose.line = value.line
                made = built_by(
                    builds, "npm", named, self._start, composes=reader.composes,
                    charts=reader.charts,
                )  # fmt: skip
                self.builds.extend(made.builds)
                self.built.extend(made.built)
                self.composes.extend(made.composes)
                self.charts.extend(made.charts)
                seen: set[str] = set()
                for pull in reader.pulls or ():
                    if pull.image not in seen:
                        seen.add(pull.image)
                        found.append(
                            script_occurrence(named, lines, value, script, pull, run_by=runner)
                        )
        finally:
            self._stack.pop()
            self.file = outer
        self.reads.append(named)
        if found:
            self.scans.append(Scan(found, ()))

    def run_invoke(
        self,
        program: str,
        arguments: list[str],
        *,
        cwd: str | None,
        environment: Mapping[str, str],
        line: int,
    ) -> bool:
        """The command (``program`` and its ``arguments``, expanded) at ``line``, run from
        ``cwd`` (relative to the start) in ``environment``, runs tasks of the project's Invoke
        ``tasks.py`` (``invoke NAME``, see ``._invoke_run``): each command the tasks run read
        as a shell of its own in Invoke's directory, with that environment, as a Makefile
        recipe's line is; what it builds, composes and pulls is in the runner's reading.
        Whether it was read."""
        from ._invoke_run import invoke_call, tasks_module

        call = invoke_call(program, arguments)
        if call is None or self._builders_only or cwd is None or os.path.isabs(cwd):
            return False
        if self._start is None or self._root is None:
            return False
        from ..._roots import within

        cwd = os.path.normpath(cwd)
        directory = os.path.normpath(os.path.join(self._start, cwd))
        if call.search_root is not None:
            if os.path.isabs(call.search_root):
                return False
            places = [os.path.normpath(os.path.join(directory, call.search_root))]
        else:  # (Invoke looks in its directory, then in each one above it)
            places = [directory]
            while len(places) < 16:
                above = os.path.dirname(os.path.abspath(places[-1]))
                if above == os.path.abspath(places[-1]):
                    break
                places.append(above)
        named = None
        for place in places:
            if not within(os.path.realpath(place), self._root):
                break
            named = tasks_module(place, call.module)
            if named is not None:
                break
        if named is None:
            return False
        self.inputs.setdefault(named, stat_of(named))
        real = os.path.realpath(named)
        marker = f"{real}#{' '.join(call.words)}"
        if marker in self._stack or len(self._stack) > MAX_DEPTH:
            return False
        key = ("invoke", real, cwd, tuple(call.words), tuple(sorted(environment.items())))
        if key in self._seen or self._readings >= MAX_READINGS:
            return False
        text = read_text(named, self._max_bytes)
        if not isinstance(text, str) or "task" not in text:
            return False
        self._seen.add(key)
        self._readings += 1
        found = self._found()
        self._read_invoke(named, text, call.words, cwd, environment, line, marker)
        if self._found() == found:
            # (a task that finds nothing, `invoke standalone-tests` running pytest, spends
            # none of the runner's readings: redis-py's 8 Redis versions each run `invoke
            # devenv` and three such tasks, whose readings took those of its last versions)
            self._readings -= 1
        return True

    def _idle(
        self,
        text: str,
        arguments: tuple[str, ...],
        environment: Mapping[str, str],
        cwd: str | None,
        relative: str,
    ) -> bool:
        """Whether the script ``relative`` (its ``text``), run with ``arguments`` from ``cwd``,
        surely does nothing a reading follows (see ``._idle_arm``)."""
        from ._idle_arm import idle_run

        def program(path: str) -> bool:
            return cwd is None or self._relative(path, cwd, relative, False) is not None

        return idle_run(text, arguments, environment, program)

    def _finds_more(self, marks: tuple[int, ...]) -> bool:
        """Whether the readings since :meth:`_found` gave ``marks`` found what none before
        did: a build, a name built, a compose run, a chart, a pull (its file, place, text)."""
        builds, built, composes, charts, scans = marks
        found: list[object] = [
            *self.builds[builds:], *self.built[built:], *self.composes[composes:],
            *self.charts[charts:],
        ]  # fmt: skip
        found.extend(
            (occurrence.path, occurrence.line, occurrence.column, occurrence.text)
            for scan in self.scans[scans:]
            for occurrence in scan.occurrences
        )
        more = not self._known.issuperset(found)
        self._known.update(found)
        return more

    def _found(self) -> tuple[int, ...]:
        """How much the readings so far found (to tell one that found nothing)."""
        return (
            len(self.builds),
            len(self.built),
            len(self.composes),
            len(self.charts),
            len(self.scans),
        )

    def _read_invoke(
        self,
        named: str,
        text: str,
        words: list[str],
        cwd: str,
        environment: Mapping[str, str],
        line: int,
        marker: str,
    ) -> None:
        """:meth:`run_invoke`, read: the commands of the tasks of the module ``named`` that
        ``invoke WORDS`` runs from ``cwd``."""
        from ._invoke_run import task_commands
        from ._shell_values import UNKNOWN
        from .shell import ShellReader, built_by, pulls_scan

        lines = text.split("\n")
        runner = f"{self.file}:{line}"
        pairs = []
        outer = self.file
        self.file = named
        self._stack.append(marker)
        try:
            here = os.path.relpath(os.path.dirname(named), os.path.join(self._start or "", cwd))
            for first, last, command, moved, env in task_commands(text, words, here, environment):
                if UNKNOWN in moved:
                    continue  # (a `c.cd` to a run's directory)
                where = os.path.normpath(os.path.join(cwd, moved))
                reader = ShellReader(
                    {**environment, **env}, pulls=True, cwd=where, running=self,
                    open_environment=self.open_environment,
                )  # fmt: skip
                builds = [build.at(first) for build in reader.read(command)]
                for compose in reader.composes:
                    compose.line = first
                made = built_by(
                    builds, "invoke", named, self._start, composes=reader.composes,
                    charts=reader.charts,
                )  # fmt: skip
                self.builds.extend(made.builds)
                self.built.extend(made.built)
                self.composes.extend(made.composes)
                self.charts.extend(made.charts)
                for pull in reader.pulls or ():
                    pairs.append((pull.at(first, last), {"run_by": runner}))
        finally:
            self._stack.pop()
            self.file = outer
        self.reads.append(named)
        if pairs:
            self.scans.append(pulls_scan(named, lines, "invoke", pairs))

    def may_read(self, operand: str, *, cwd: str | None, script: str | None, sourced: bool) -> bool:
        """Whether :meth:`run` may read the script ``operand`` (with the same words): none
        that is not one of the project's by its path alone (``/usr/sbin/selinuxenabled``)."""
        return self._relative(operand, cwd, script, sourced) is not None

    def start_of(self, operand: str) -> str | None:
        """Where a script whose working directory a run decides runs the script ``operand``
        (a relative path) from, relative to the start: the one of the places it may start,
        its own directory or the project's root, from which the path names a script of the
        project, as a file it reads tells (see ``._sourced.Sourcing.at_top``); ``None`` when
        neither does, or both do (a run decides)."""
        if self._start is None or self._root is None or os.path.isabs(operand):
            return None
        top = os.path.relpath(self._root, os.path.realpath(self._start or os.curdir))
        found: dict[str, str] = {}  # (the script's real path: the first start that names it)
        for start in ("", os.path.normpath(top)):
            named = self._relative(operand, start, None, False)
            if named is not None and os.path.isfile(os.path.join(self._start, named)):
                found.setdefault(os.path.realpath(os.path.join(self._start, named)), start)
        return next(iter(found.values())) if len(found) == 1 else None

    def _inside(self, operand: str) -> str:
        """An absolute path in the project named from the start, as a recipe writes it with
        the Makefile's own directory (``bash $(PWD)/buildscripts/minio-upgrade.sh``, ``PWD
        := $(shell pwd)``; ``$(CURDIR)``); any other operand as it is. So is a directory a
        recipe moves to (deepfence/ThreatMapper's ``(cd $(DEEPFENCE_AGENT_DIR) && … bash
        build.sh)``, ``DEEPFENCE_AGENT_DIR=$(PWD)/deepfence_agent``)."""
        if not os.path.isabs(operand) or self._start is None or self._root is None:
            return operand
        from ..._roots import within

        if not within(os.path.realpath(operand), self._root) or self._writes(operand):
            return operand  # (a path written out is the machine's, wherever it points)
        return os.path.relpath(operand, os.path.abspath(self._start))

    def _writes(self, operand: str) -> bool:
        """Whether the file read now writes ``operand`` out as it is."""
        text = read_text(self.file, self._max_bytes) if self.file is not None else None
        return not isinstance(text, str) or operand in text

    def _relative(
        self, operand: str, cwd: str | None, script: str | None, sourced: bool
    ) -> str | None:
        """The path of the script ``operand`` names from the start, or ``None``."""
        from ._shell_values import script_directory
        from ._sourced import _plain_path

        marked = script_directory(operand)
        if marked is not None:
            if not marked[1].startswith("/"):
                return None
            base = directory_of_script(marked[0], script, sourced=sourced)
            rest = marked[1].lstrip("/")
        else:
            base, rest = self._inside(cwd) if cwd else cwd, self._inside(operand)
        if base is None or os.path.isabs(base) or not _plain_path(rest):
            return None
        found = os.path.normpath(os.path.join(base, rest))
        name = os.path.basename(rest)
        if _SHELL_SCRIPT_NAME.fullmatch(name) is None and not self._program(found, name):
            return None
        return found

    def _program(self, relative: str, name: str) -> bool:
        """Whether ``relative`` (from the start) is a program of the project the shell runs
        though its name has no ``.sh`` (see :func:`~..discover.is_shell_program`) and whose
        text may build, pull or run a script: not an autoconf ``./configure``, which a
        Makefile of a vendored library runs, and which runs no engine."""
        if "." in name or not name or self._start is None:
            return False
        from ..discover import is_shell_program

        path = os.path.join(self._start, relative)
        return is_shell_program(path) and _may_act(path, self._max_bytes)

    def _read(
        self,
        named: str,
        relative: str,
        text: str,
        cwd: str | None,
        environment: Mapping[str, str],
        line: int,
        arguments: tuple[str, ...] | None,
        options: tuple[str, ...] | None = None,
        repository: str | None = None,
    ) -> None:
        """The script ``named`` read as a shell of its own (see the module), run by the
        command at ``line`` of the runner; ``options``: the words it was run with, for its
        ``getopts`` loop only (``arguments`` may move)."""
        from ._sourced import is_bats, may_source
        from .shell import ShellReader, built_by, pulls_scan, sourcing_of

        sourcing: Sourcing | None = None
        if may_source(text.encode(), bats=is_bats(named)):
            sourcing = sourcing_of(named, self._max_bytes)
        reader = ShellReader(
            environment,
            pulls=True,
            cwd=cwd,
            sourcing=sourcing,
            running=self,
            script=relative,
            arguments=arguments,
            options=options,
            bats=is_bats(named),
            repository=repository,  # (its `$(git rev-parse --show-toplevel)` is the runner's)
            open_environment=self.open_environment,
        )
        outer = self.file
        self.file = named
        self._stack.append(os.path.realpath(named))
        try:
            builds = reader.read(text)
        finally:
            self._stack.pop()
            self.file = outer
        self.reads.append(named)
        for file, seen in reader.inputs.items():  # (also of a reader it made: note_input)
            self.inputs.setdefault(file, seen)
        if sourcing is not None:
            self.reads.extend(sourcing.reads)
            for file, seen in sourcing.inputs.items():
                self.inputs.setdefault(file, seen)
        # (its compose commands run in its working directory, with what the runner gave it;
        # so do its chart installs: trinodb/charts' workflow runs ./tests/trino/test.sh,
        # whose `ct install --helm-extra-set-args "--values …"` no directory scan of the chart
        # looks at, two levels down)
        # (one a Makefile or a CI job runs names its files from its own directory with
        # `$(dirname "$0")`: devfile/devworkspace-operator's generate_deployment.sh renders
        # `${SCRIPT_DIR}/../../deploy/…` with the Makefile's `export DWO_IMG ?= …`)
        anchor = None if self._stack else os.path.dirname(named)  # (no script runs it)
        made = built_by(
            builds, "shell", named, self._start, composes=reader.composes, charts=reader.charts,
            anchor=anchor,
        )  # fmt: skip
        self.builds.extend(made.builds)
        self.built.extend(made.built)
        self.composes.extend(made.composes)
        self.charts.extend(made.charts)
        if reader.chose_options:
            # (the names its other options build are the project's too: wrongsecrets' CI runs
            # `docker-create.sh -t`, and its maintainers `-p`, which builds and pushes
            # the challenge53-debug image its manifests run)
            self.built.extend(self._built_by_any_option(named, relative, text, cwd, environment))
        if reader.chose_options and reader.pulls is not None:
            # (and what its other options pull is pulled too: obol's `new-operator.sh
            # --generate-enr`, as its README runs it, pulls charon; its e2e test gives other
            # options. A pull those read the same, at the same line, is one)
            pulled = {(pull.line, pull.image) for pull in reader.pulls}
            reader.pulls.extend(
                pull
                for pull in self._pulled_by_any_option(named, relative, text, cwd, environment)
                if (pull.line, pull.image) not in pulled
            )
        if reader.pulls:
            from ._shell_values import MAX_BYTES
            from .shell import lines_of

            lines = text.split("\n")
            runner = f"{outer}:{line}"
            # (the runner's lines, read once, where an argument may be a pull's image)
            given = arguments if arguments is not None else options
            written = lines_of(outer, MAX_BYTES) if given else []
            pairs = []
            for pull in reader.pulls:
                placed = _where_written(pull, lines, outer, written, line, given)
                # (the wrapper that runs an image the runner's command writes: see find)
                passed = {} if placed is pull else {"wrapper": named}
                pairs.append((placed, {"run_by": runner, **passed}))
            self.scans.append(pulls_scan(named, lines, "shell", pairs))

    def _pulled_by_any_option(
        self, named: str, relative: str, text: str, cwd: str | None, environment: Mapping[str, str]
    ) -> list[ShellPull]:
        """The images the script ``named`` pulls whichever options it is run with (its option
        loop read as a run it does not know, as before it was read with its words)."""
        return _once(self._pulled_any, self._read_pulled, named, relative, text, cwd, environment)

    def _read_pulled(
        self, named: str, relative: str, text: str, cwd: str | None, environment: Mapping[str, str]
    ) -> list[ShellPull]:
        """:meth:`_pulled_by_any_option`, read."""
        from ._sourced import is_bats, may_source
        from .shell import ShellReader, sourcing_of

        sourcing = (
            sourcing_of(named, self._max_bytes)
            if may_source(text.encode(), bats=is_bats(named))
            else None
        )
        # (the scripts it runs are not followed: their runs are read with the run's words)
        reader = ShellReader(environment, pulls=True, cwd=cwd, sourcing=sourcing, script=relative)
        reader.read(text)
        return list(reader.pulls or ())

    def _built_by_any_option(
        self, named: str, relative: str, text: str, cwd: str | None, environment: Mapping[str, str]
    ) -> list[BuiltImage]:
        """The names the script ``named`` builds whichever options it is run with (its
        ``getopts`` loop read as a run it does not know)."""
        return _once(self._built_any, self._read_built, named, relative, text, cwd, environment)

    def _read_built(
        self, named: str, relative: str, text: str, cwd: str | None, environment: Mapping[str, str]
    ) -> list[BuiltImage]:
        """:meth:`_built_by_any_option`, read."""
        from .shell import ShellReader, built_by

        # (the scripts it runs are not followed: their runs are read with the run's words)
        builds = ShellReader(environment, cwd=cwd, script=relative).read(text)
        return list(built_by(builds, "shell", named, self._start).built)

    def into(self, found: BuildFile) -> BuildFile:
        """The runner's reading ``found`` with what the scripts it runs build, pull and read."""
        if not self.reads and not self.inputs:
            return found
        from types import MappingProxyType

        from ...occurrence import Scan

        found.builds = tuple(dict.fromkeys((*found.builds, *self.builds)))
        found.composes = tuple(dict.fromkeys((*found.composes, *self.composes)))
        found.charts = tuple(dict.fromkeys((*found.charts, *self.charts)))
        found.built = tuple(dict.fromkeys((*found.built, *self.built)))
        found.reads = tuple(dict.fromkeys((*found.reads, *self.reads)))
        inputs = dict(self.inputs)
        inputs.update(found.inputs)
        found.inputs = MappingProxyType(inputs)
        if self.scans:
            scans = [found.scan, *self.scans]
            found.scan = Scan(
                [o for scan in scans for o in scan.occurrences],
                [e for scan in scans for e in scan.errors],
                [s for scan in scans for s in scan.suppressions],
            )
        return found


def _once(
    kept: dict[tuple[object, ...], _Read],
    read: Callable[[str, str, str, str | None, Mapping[str, str]], _Read],
    named: str,
    relative: str,
    text: str,
    cwd: str | None,
    environment: Mapping[str, str],
) -> _Read:
    """What ``read`` gives for the script ``named`` run from ``cwd`` in ``environment``, read
    once: ``kept`` has it for the next run with other words."""
    key = (named, relative, text, cwd, tuple(sorted(environment.items())))
    if key not in kept:
        kept[key] = read(named, relative, text, cwd, environment)
    return kept[key]
