"""Build commands in shell text: the images a ``docker build -t NAME`` makes.

A project often builds its images with a plain command, in a CI job's script, a
Makefile recipe or a shell script: ``docker build``, ``docker buildx build``,
``docker image build``, ``podman build``, ``buildah bud`` (and ``nerdctl``). Each
``-t``/``--tag`` value names an image the project builds, and so does the target
of ``docker tag SRC DST``. :class:`ShellReader` finds those commands in shell
text, with the variables the text and its file give:

- the text is split into commands as a shell splits it: lines, backslash
  continuations, quotes (:mod:`shlex` splits the words), ``;``, ``&&``, ``||``,
  ``|``, comments, here-documents (skipped); ``sudo``, ``time``, ``env`` and the
  like before a command, ``sh -c '…'``, and a script that runs the command line after its
  ``--`` (``./hack/retry.sh -- docker build …``), are seen through;
- ``NAME=value`` (and ``export NAME=value``) sets a variable for the commands
  after it; ``$NAME``, ``${NAME}`` and ``${NAME:-default}`` take the values set,
  or given by the file (a CI job's variables); bash's arrays (``ARGS+=(…)``,
  ``"${ARGS[@]}"``: :mod:`._arrays`), and ``for`` loops over known words (:mod:`._loops`);
- what only a run knows (``$(git rev-parse HEAD)``, an unset variable, a loop
  variable) is :data:`UNKNOWN`: a wildcard for one path component or tag. The
  engine itself may be a variable: one whose name or value says ``docker``,
  ``podman``, ``buildah`` or ``nerdctl`` (``$(CONTAINER_CLI)``, ``${DOCKER}``)
  runs that engine.

The ``docker compose`` commands are kept too (:attr:`ShellReader.composes`, see
:mod:`._compose_cmd`), with the variables they are given. A compose, build or run command
is read once for each way the branches of an ``if`` or the arms of a ``case`` before it
leave the variables it uses (:mod:`._branches`).

A tag whose value is partly unknown is kept as a name pattern (``*`` for each
unknown part) only when its first component (the registry, or Docker Hub's
namespace) is written out, and so is at least one whole component of the path
after it (:func:`name_pattern`): ``quay.io/jupyter/*`` is kept, ``$IMAGE``,
``*/*`` and ``ghcr.io/*`` are not. The tag part never matters: a project that
builds ``acme/app:$(VERSION)`` builds ``acme/app``.
"""

from __future__ import annotations

import copy
import functools
import os
import re
from itertools import pairwise

from ..._lazy import lazy_pattern
from ..discover import may_build
from . import _arrays, _bats, _getopts, _loops, _option_loop
from ._branches import BRANCH_WORDS, Branches, SetEmpty
from ._common import read_text
from ._engine_commands import (
    COPYING_VERBS,
    FROM_ENVIRONMENT,
    GH_AW_PULL_POLICY,
    MAKE_PROGRAMS,
    NAMING_VERBS,
    ROCKER_PROGRAMS,
    apko_built,
    crictl_pull,
    ctr_pull,
    devcontainer_build,
    devcontainer_features_test,
    engine_command,
    engine_of,
    faas_cli_image,
    file_option,
    gh_aw_downloads,
    is_known_image,
    k3d_node_image,
    kind_node_build,
    kind_node_image,
    known,
    ko_base,
    ko_built,
    kubectl_of,
    minikube_pull,
    name_at,
    pull_command,
    registry_copied,
    rocker_image,
    served_images,
    tool_container,
)
from ._env_file import EnvFileWrites
from ._jib_cli import JIB_PROGRAMS
from ._runs import may_run
from ._script_path import with_script_paths
from ._shell_functions import (
    _NAME_WORDS,
    _RUNS_ALL_JOINED,
    _TAKES_ARGUMENTS,
    _WRAPPED_PROGRAMS,
    FILE_PRINTERS,
    _forwarding_words,
    _function_definition,
    _given_by,
    _inert_words,
    _lines_before_loop,
    _names_of,
    _prints,
    _read_alone,
    _settling_words,
)
from ._shell_parameters import (
    _ARGUMENT_DEFAULT,
    _CASE_TRANSFORMS,
    _EMPTY_DEFAULT,
    _MAP_LOOKUP,
    _MAX_ASSIGNED,
    _MAX_HELD,
    _MAX_KEYED,
    _OPTARG_WORD,
    _Assigned,
    _assignment,
    _first_positional,
    _first_variable,
    _held_name,
    _joined,
    _marked,
    _named_once,
    _names_in,
    _opens_array,
    _option_value,
    _removed,
    _replaced,
    _self_default,
    _sets_variable,
    _subscript_end,
    _writes_image,
)
from ._shell_relevance import (
    _ACTING_WORDS,
    _NAMED_VARIABLES,
    _RUNS_SCRIPT_TEXT,
    _builds_image,
    _may_build_by_words,
    _may_pull_by_words,
    _relevant,
    _relevant_to_pulls,
    _runs_image,
    may_pull,
)
from ._shell_scan import comment_suppressions, lines_of, pulls_scan, word_position
from ._shell_text import (
    MAX_FILE_PRINTED,
    Expanded,
    HereDocument,
    SimpleCommand,
    cat_command,
    closing,
    here_documents,
    may_open,
    prepare,
    prepare_open,
    quoted_delimiters,
    simple_commands,
    split_words,
)
from ._shell_values import (
    ABSOLUTE,
    ALL_ARGUMENTS,
    APKO,
    DOLLAR,
    ENGINE,
    ENVSUBST,
    FILE_READERS,
    INFRA_E2E,
    INTEGER_TESTS,
    MATCHED,
    MAX_BYTES,
    MAX_CALLS,
    MAX_DEPTH,
    MAX_POSITIONALS,
    MAX_SPAN,
    MAX_TEST_CALLS,
    MAX_TESTS_CALLS,
    MAX_VALUE,
    NO_COMMAND,
    NOTHING,
    REGISTRY_TOOLS,
    REPOSITORY_TOP,
    SCRIPT_DIRECTORY_PARAMETERS,
    SCRIPT_ITSELF,
    SHELLS,
    SLASH,
    SPECIAL,
    SPLIT,
    TOP_DIRECTORY,
    UNKNOWN,
    WORK,
    ShellBuild,
    ShellPull,
    arguments_counted,
    is_privilege_switch,
    may_name_script,
    name_pattern,
    plain_text,
    repository_path,
    resolve_absolute,
    script_directory,
    unknown_for,
)
from ._sourced import Sourcing, is_bats, may_source
from ._vm_shells import command_in_vm
from ._watched import Watch, WatchedVariables, watched

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence
    from typing import Any

    from ..project import BuildFile
    from ._compose_cmd import ShellCompose
    from ._dotenv_writes import DotenvWrites
    from ._helm_cmd import ShellChart
    from ._runs import Running

__all__ = [
    "ShellReader",
    "built_by",
    "comment_suppressions",
    "lines_of",
    "may_build",
    "may_pull",
    "pulls_scan",
    "read_shell_script",
    "sourcing_of",
    "word_position",
]


# --- reading shell text ------------------------------------------------------------------


class ShellReader:
    """One shell session: reads scripts in order, keeping the variables they set.

    ``variables`` are those the session starts with (a CI job's), already expanded
    (:data:`UNKNOWN` where a run decides). :meth:`read` never raises.

    With ``pulls``, the commands that pull or run an image are also read, into
    :attr:`pulls`: ``docker run``/``create``/``pull`` (``container run``, ``image pull``),
    and the same of ``podman`` and ``nerdctl`` (podman's ``docker://IMAGE`` a registry's, its
    ``docker-daemon:``, ``containers-storage:``, ``oci:``, ``oci-archive:``,
    ``docker-archive:`` and ``dir:`` images no pull); ``crictl pull``; containerd's ``ctr
    images pull``; ``kind create cluster --image``; ``k3d cluster create --image``; ``faas-cli
    deploy --image``; Maven's and Gradle's ``-Djib.from.image`` (see ``._jib_cli``); and the
    ``kubectl`` (``oc``) commands that have a cluster run an image
    (see ``._kubectl``). An engine's image is the first word after the options; an option
    this reader does not know (it may take a value) makes it skip the command, and so does an
    image whose text a run decides (``$IMAGE`` with no value here), or that is no valid
    reference: a pull is reported only when its image is known.
    """

    __slots__ = (
        "_acts",
        "_aliases",
        "_all_calls",
        "_allexport",
        "_alternatives",
        "_assigned_at",
        "_bats",
        "_before",
        "_bodies",
        "_body_file",
        "_branch_floor",
        "_broke",
        "_calls",
        "_cases",
        "_checkout_path",
        "_conditionals",
        "_counted",
        "_defaults",
        "_defining_calls",
        "_depth",
        "_documents",
        "_dotenv",
        "_environment_defaults",
        "_functions",
        "_held",
        "_iidfiles",
        "_image_ids",
        "_keyed",
        "_lines_now",
        "_loop_free",
        "_no_arguments",
        "_open_environment",
        "_option_cases",
        "_options",
        "_placed",
        "_printed",
        "_ran",
        "_raw",
        "_script_paths",
        "_selected",
        "_selecting",
        "_served",
        "_skipped",
        "_stdout",
        "_text",
        "_unaliasing",
        "_watch",
        "_workspace",
        "_written",
        "arrays",
        "branches",
        "charts",
        "chose_options",
        "composes",
        "cwd",
        "env_file",
        "exported",
        "files",
        "inputs",
        "maps",
        "positional",
        "pulls",
        "reads_at_top",
        "reads_beside",
        "repository",
        "running",
        "script",
        "script_directory",
        "sourcing",
        "variables",
    )  # fmt: skip

    def __init__(
        self,
        variables: Mapping[str, str] | None = None,
        *,
        pulls: bool = False,
        cwd: str | None = "",
        exported: Iterable[str] | None = None,
        sourcing: Sourcing | None = None,
        running: Running | None = None,
        script: str | None = None,
        arguments: Sequence[str] | None = None,
        options: Sequence[str] | None = None,
        env_file: str | None = None,
        repository: str | None = None,
        workspace: str | None = None,
        checkout_path: str | None = None,
        files: str | None = None,
        defaults: bool = False,
        no_arguments: bool = False,
        open_environment: bool = False,
        bats: bool | None = None,
        script_directory: str | None = None,
        documents: Mapping[str, int] | None = None,
        watch: Watch | None = None,
        _depth: int = 0,
    ) -> None:
        #: The names whose values the reading looks at are noted in ``watch`` (see
        #: ``._watched``: a CI file's matrix of jobs skips the readings that repeat one).
        self._watch = watch
        self.variables: dict[str, str] = (
            dict(variables or {}) if watch is None else watched(watch, variables or {})
        )
        #: The variables whose text is written at a line of the file read, by name (a
        #: Makefile's ``define``\ s): ``echo "$NAME" | docker build -f -`` builds that text.
        self._documents: Mapping[str, int] = documents or {}
        #: Where the script read alone is, as the scan names it (``None``: not a script's
        #: reading): a build's ``-f FILE`` there (see :meth:`_started_in_own_directory`).
        self.script_directory = script_directory
        #: The directory the session starts in, as the scan names it, when the files there are
        #: the project's (a CI job's checkout): where ``$(cat FILE)`` finds ``FILE`` from
        #: ``cwd`` (``None``: as a file a script sources is found, see ``_project_file``).
        self.files = files
        #: The files of ``files`` looked at for what a command prints, with
        #: :func:`~.._context_cache.stat_of`'s answer (a reading kept between runs is made anew
        #: when one changes).
        self.inputs: dict[str, tuple[int, int] | None] = {}
        #: Whether the script runs without the arguments it may be given (read alone, as
        #: ``./script.sh`` runs it): a positional parameter's default (``${1:-alpine:3.20}``)
        #: is its value, and an option's value (``IMAGE=$OPTARG``) leaves the default.
        self._defaults = defaults and arguments is None
        #: The variables the script, read alone, sets to their own value in the environment
        #: or a default (``DOCKER=${DOCKER:-false}``): the environment's to give, so a test of
        #: one is a run's to decide (see :meth:`_environment_tested`); so too in a script a
        #: Makefile or another script runs (``open_environment``: the user's environment,
        #: not a CI job's).
        self._environment_defaults: set[str] = set()
        self._open_environment = open_environment or self._defaults
        #: Whether the commands are known to run without arguments (a CI step's script, or
        #: one read alone), whatever a function or a sourced file is given: an option loop's
        #: value (``ROS_DISTRO="$2"`` in ``case "$1" in --ros-distro)``) leaves the default.
        self._no_arguments = (no_arguments or self._defaults) and arguments is None
        #: What the commands write to the file the variable ``env_file`` names, a CI runner's
        #: variables for the steps after (``None``: not read; see ``._env_file``).
        self.env_file = EnvFileWrites(env_file) if env_file is not None else None
        #: The top of the repository the commands run in, from where the session started
        #: (``None``: not known): where ``cd "$(git rev-parse --show-toplevel)"`` goes.
        self.repository = repository
        #: Where the repository is from the directory the commands start in, when that is a
        #: CI workspace that holds its checkout at a ``path`` (``cwd`` is ``None`` there, and
        #: ``cd PATH`` enters the checkout): arrow-adbc's ``pushd arrow-adbc``.
        self._workspace = workspace if cwd is None else None
        #: Where the repository's checkout is in a CI job's workspace, ``$GITHUB_WORKSPACE``
        #: (``None``: there, or not a CI job's; see :meth:`_from_workspace`).
        self._checkout_path = checkout_path if checkout_path is not None else workspace
        #: The positional parameters (``$1``…) the script was run with (``None``: a run's).
        self.positional = tuple(arguments) if arguments is not None else None
        #: Whether ``positional`` holds every argument, one a word (``$#`` is its count): a
        #: function's call whose words no run splits (``f busybox``, ``f "$V" 34``).
        self._counted = False
        #: The words a script was run with, when its ``$1``… may move (see ``._runs``) but a
        #: ``while getopts`` loop of its own reads them (see ``._getopts``).
        self._options = tuple(options) if options is not None else None
        self._depth = _depth
        #: The scripts of the project the commands run, read with what they are given
        #: (``None``: not followed; see ``._runs``).
        self.running = running
        #: The script read, from where the session started (``$0``; ``None``: no script, or
        #: not known): where ``cd "$(dirname "$0")"`` goes.
        self.script = script
        #: The files ``source FILE`` reads (``None``: none is, the text is all there is).
        self.sourcing = sourcing
        #: Whether, where it starts (no ``cd`` yet, a run deciding where), the script reads a
        #: file by a relative path found only beside it (``grep … DockerImage.txt``): it is
        #: run from its own directory, or that read fails.
        self.reads_beside = False
        #: Whether, where it starts, it reads (or sources) a file by a relative path found only
        #: from the project's root (``source ./scripts/constants.sh`` in ``scripts/``): it is
        #: run from there, or that read fails.
        self.reads_at_top = False
        #: The directory the commands run in, from where the session started (``""``: there;
        #: ``None``: a run decides), as ``cd`` leaves it.
        self.cwd = cwd
        #: The variables the commands get in their environment (a CI job's are; ``export``).
        self.exported: set[str] = set(self.variables if exported is None else exported)
        #: ``set -a`` (``set -o allexport``): each variable set from there on is exported.
        self._allexport = False
        #: The pulls read so far (``None``: not looked for).
        self.pulls: list[ShellPull] | None = [] if pulls else None
        #: The compose commands read so far (see ``._compose_cmd``).
        self.composes: list[ShellCompose] = []
        #: The installs of charts it runs (``helm install``, ``ct install``: ``._helm_cmd``).
        self.charts: list[ShellChart] = []
        #: The values the branches of the conditionals read so far left (see ``._branches``).
        self.branches = Branches()
        #: Each open ``if`` (and ``case``), outermost first: ``testing`` (its test being read),
        #: ``failing``/``passing`` (a test known to fail/pass), ``live`` (a branch that may
        #: run), ``dead`` (one that cannot), ``taken`` (one that surely runs), ``done`` (one
        #: after a ``taken`` one, which cannot).
        self._conditionals: list[str] = []
        #: Each open ``case``, outermost first: whether an arm read so far is its ``*)``.
        self._cases: list[bool] = []
        #: Each open ``case``, outermost first: whether its word is ``$1`` (an option loop's
        #: arms, ``case "$1" in --name) NAME="$2"; shift 2;;``).
        self._option_cases: list[bool] = []
        #: In a ``getopts`` loop's body read for one option (see ``._getopts``): each open
        #: ``case``'s word, when known, whose first matching arm alone runs (``None``: any
        #: arm may; :data:`MATCHED`: one has).
        self._selecting = False
        self._selected: list[str | None] = []
        #: Whether a ``getopts`` loop was read for the options of the run alone (the names its
        #: other options build are then read apart: see ``._runs``).
        self.chose_options = False
        #: Whether a ``break`` ran in the turn of an option loop read now (see
        #: ``._option_loop``): the loop ends there.
        self._broke = False
        #: The patterns of a ``case`` arm read so far before a ``|`` (``-i|--image)``: the
        #: words split into commands at the ``|``), while a pattern is what comes next
        #: (``None``: a command is).
        self._alternatives: list[str] | None = None
        #: The operators after the command read last (``&&`` before this one: see
        #: :meth:`_simple_command`).
        self._before = ""
        #: The arrays set so far, their elements expanded (``None``: a run decides them; see
        #: ``._arrays``); the first element is the variable's value too.
        self.arrays: dict[str, tuple[str, ...] | None] = {}
        #: The associative arrays set so far (``declare -A NAME=([key]=value …)``), their
        #: keys and values expanded (``None``: a run decides them; see ``._arrays``).
        self.maps: dict[str, dict[str, str] | None] = {}
        #: The key of an associative array a run's key looks up that an assignment is read
        #: with now (see :meth:`_keyed_values`).
        self._keyed: tuple[str, str] | None = None
        #: The variables set only in branches the shell skips, and nowhere else: unset.
        self._skipped: set[str] = set()
        #: How many more loop bodies this reading may read (see ``._loops``).
        self._bodies = _loops.MAX_BODIES
        #: The shell functions defined so far: each one's body and its first line (see
        #: :meth:`_define`), and how many more calls of them this reading may read.
        self._functions: dict[str, tuple[str, int, str | None]] = {}
        #: The aliases defined so far (``alias NAME='WORDS'``): each one's words, as written,
        #: and the line of its ``alias`` command.
        self._aliases: dict[str, tuple[list[str], int]] = {}
        #: The aliases whose words the command read now has in place of its name already.
        self._unaliasing: frozenset[str] = frozenset()
        #: Where each variable was set, newest last (see :meth:`_written_at`): the value as
        #: written, the lines of its command, the file read then, and whether it surely ran.
        self._assigned_at: dict[str, list[_Assigned]] = {}
        #: The lines of the command read now (what an assignment records).
        self._lines_now = (0, 0)
        #: The variable holding a command that the command read now runs (``$CMD_PSQL -c …``;
        #: see :meth:`_held_at`).
        self._held: str | None = None
        #: The pulls placed so (kept there by a substitution's reading, see _substituted).
        self._placed: set[ShellPull] = set()
        #: The file the function whose body is read now is written in (a sourced file's;
        #: :data:`SCRIPT_ITSELF`, the script's own; ``None``: no function's body).
        self._body_file: str | None = None
        self._calls = MAX_CALLS
        self._all_calls = MAX_TESTS_CALLS
        #: How many calls the bodies of functions read where they are defined may still read,
        #: all together (see :meth:`_define`): a budget apart from that of the script's calls.
        self._defining_calls = MAX_CALLS
        #: How many conditionals were open where the function read now was called: a
        #: ``shift`` inside more is in a branch of its own (see :meth:`_shift`).
        self._branch_floor = 0
        #: In a function call, the line of its body's first loop: a ``case "$1"`` before it
        #: runs once, with the call's ``$1`` (see :meth:`_selects_positional`).
        self._loop_free = 0
        #: What ``echo`` prints (not redirected) in a function's body read for what a call of it
        #: prints, and whether it surely runs (``None``: not looked for; see
        #: :meth:`_function_printed`).
        self._printed: list[tuple[str, bool]] | None = None
        #: The files the call of the function read now writes its standard output to
        #: (``render_compose > docker-compose.yml``): a ``cat <<EOF`` of its body writes them.
        self._stdout: tuple[str, ...] = ()
        #: What each function called may do, as text, by its body (see :meth:`_may_act`).
        self._acts: dict[str, str] = {}
        #: Whether the script read is a Bats test file: ``load`` sources a helper, ``run``
        #: runs a command (see ``._bats``); ``None``: whether the sourcing one's is.
        self._bats = sourcing is not None and sourcing.bats if bats is None else bats
        #: How many scripts of the project this reading ran (see ``._source_memo``).
        self._ran = 0
        #: The variables that hold the script's own path, as written (``._script_path``).
        self._script_paths: dict[str, str] = {}
        #: The files here-documents were written to (``cat > FILE <<EOF``), by path as
        #: expanded (see :meth:`_write_document`): what a build's ``-f FILE`` reads.
        self._written: dict[str, HereDocument] = {}
        #: The variables that hold the id of an image a build of this script made, with the
        #: line of the command that gave it; the variables naming the files a build's
        #: ``--iidfile`` wrote, with the build's line (see ``._build_outputs``).
        self._image_ids: dict[str, int] = {}
        self._iidfiles: dict[str, int] = {}
        #: The text of the commands read now, as written (before the words are prepared).
        self._raw = ""
        #: The first script this session read, whole (see :meth:`_set_only_here`).
        self._text: str | None = None
        #: The host ports a container this script runs publishes (``docker run -p 8080:8080``):
        #: a registry there is that container (see :func:`._engine_commands.served_images`).
        self._served: set[str] = set()
        #: The ``.env`` files its ``echo`` and ``printf`` commands wrote (``None``: none yet),
        #: which the compose commands after read (see ``._dotenv_writes``).
        self._dotenv: DotenvWrites | None = None

    def read(self, text: str, line: int = 1) -> list[ShellBuild]:
        """The build and tag commands of ``text``, whose first line is line ``line``."""
        found: list[ShellBuild] = []
        if self._text is None:
            self._text = text
        lines = text.split("\n")
        count = len(lines)
        index = 0
        budget = WORK * (len(text) + 1000)  # (unclosed quotes re-read lines: linear at most)
        in_test = False  # (in a Bats test: see ._bats)
        relevant_to: Callable[[str], bool]
        relevant_to = _relevant_to_pulls if self.pulls is not None else _relevant
        if self.running is not None:
            from ._runs import runs_in

            plain = relevant_to

            def relevant_to(chunk: str) -> bool:
                return plain(chunk) or runs_in(chunk) or self._names_a_script(chunk)

        while index < count and budget > 0:
            start = index
            chunk, index = _joined(lines, index + 1, lines[index].rstrip("\r"), start)
            may_define = "(" in chunk or "function" in chunk
            defined = _function_definition(chunk, lines, index) if may_define else None
            if defined is not None:
                name, body, first, index = defined
                found.extend(self._define(name, body, line + first))
                continue
            if self._bats and self._depth == 0 and _bats.starts_test(chunk):
                # (Bats runs each test in a process of its own: its calls a budget of their own)
                self._calls = MAX_TEST_CALLS
                in_test = True
                continue
            if in_test and not self._conditionals and _bats.skips(chunk):
                index = _bats.end_of_test(lines, index)  # (the rest of the test never runs)
                continue
            if self._bats and self._depth == 0 and _bats.expects_failure(chunk, lines, index):
                # (`run crictl pull nginx`, then `[ "$status" -ne 0 ]`: no pull; a function's
                # check is of any call's: buildah's `run_buildah` runs every command so)
                continue
            given = self.positional if self.positional is not None else self._options
            if given is not None and self._bodies > 0 and _getopts.opens(chunk):
                options = self._getopts(chunk, lines, index, line)
                if options is not None:
                    found.extend(options[0])
                    index = options[1]
                    continue
            if given and self._bodies > 0 and "while" in chunk:
                following = lines[index] if index < len(lines) else ""
                looped = (
                    self._option_loop(lines, index, line, given)
                    if _option_loop.opens(chunk, following)
                    else None
                )
                if looped is not None:
                    found.extend(looped[0])
                    index = looped[1]
                    continue
            if chunk.lstrip().startswith("for ") and self._bodies > 0:
                unrolled = self._loop(chunk, lines, index, line)
                if unrolled is not None:
                    found.extend(unrolled[0])
                    index = unrolled[1]
                    continue
                inline = self._inline_loop(chunk, line + start)
                if inline is not None:
                    found.extend(inline)
                    continue
            elif self._bodies > 0 and " for " in chunk:
                split = _loops.after_commands(chunk)
                inline = None
                if split is not None:
                    found.extend(self.read(split[0], line + start))
                    inline = self._inline_loop(split[1], line + start)
                if inline is not None:
                    found.extend(inline)
                    continue
            relevant = (
                self._selecting  # (a getopts body: its `case` and patterns pick the arm)
                or relevant_to(chunk)
                or self._may_call(chunk)
                or (bool(self._aliases) and not self._aliases.keys().isdisjoint(_names_of(chunk)))
                or self._runs_arguments(chunk)
                or self._runs_a_command_variable(chunk)
                or self._runs_a_script_variable(chunk, relevant_to)
                or (self._printed is not None and _prints(chunk))  # (what a function prints)
            )
            if not relevant and not may_open(chunk):
                continue  # (neither sets a variable nor runs a build, nor opens a quote)
            # (a substitution's commands: its pulls, and the file an `envsubst` in it renders:
            # mojaloop's `kubectl patch … -p "$(envsubst <$DIR/ledger-service.yaml)"`)
            substituted: list[str] | None = (
                [] if self.pulls is not None or ENVSUBST in chunk else None
            )
            if self._script_paths or may_name_script(chunk):
                chunk = with_script_paths(chunk, self._script_paths)
            files = self._file_printed if "$(" in chunk else None
            prepared, still_open = prepare_open(chunk, substituted, files)
            complete = not still_open and not _opens_array(prepared)
            budget -= len(chunk)
            while not complete and index < count and index - start < MAX_SPAN and budget > 0:
                before = len(chunk)
                chunk, index = _joined(lines, index + 1, f"{chunk}\n{lines[index]}", start)
                if still_open == "'" and "'" not in chunk[before:]:
                    # (the quote stays open: its lines are not read again until one may close
                    # it, so a long `sh -c '…'` costs its length, not its length squared)
                    budget -= len(chunk) - before
                    continue
                if self._script_paths or may_name_script(chunk):
                    chunk = with_script_paths(chunk, self._script_paths)
                substituted = [] if self.pulls is not None or ENVSUBST in chunk else None
                files = self._file_printed if "$(" in chunk else None
                prepared, still_open = prepare_open(chunk, substituted, files)
                complete = not still_open and not _opens_array(prepared)
                budget -= len(chunk)
            if not complete or not (relevant or relevant_to(chunk) or self._may_call(chunk)):
                continue  # (an unclosed quote: nothing a shell would run)
            tokens = split_words(prepared)
            if tokens is not None:
                tokens = _arrays.grouped(tokens)  # (`ARGS=(…)`: one word)
            if tokens is None:
                continue
            last = line + index - 1
            if substituted and (not self._skipping() or not _BRANCH_CHANGES.isdisjoint(tokens)):
                # (a branch the shell skips substitutes nothing: getsentry/self-hosted's
                # setup-js-sdk-assets.sh, read where `SETUP_JS_SDK_ASSETS` is not 1, ran
                # `$(… | $jq …)` with the `jq` of error-handling.sh)
                self._substituted(substituted, line + start, last)
            delimiters = here_documents(tokens)
            quoted = quoted_delimiters(chunk, len(delimiters))
            documents: list[HereDocument] = []
            for delimiter, literal in zip(delimiters, quoted, strict=True):
                first = index
                while index < count and lines[index].strip() != delimiter:
                    index += 1
                documents.append(HereDocument(line + first, lines[first:index], literal))
                index += 1
            saved: list[str | None] = []  # (the directory outside each subshell entered)
            for command in simple_commands(tokens):
                if command.heredoc is not None and command.heredoc < len(documents):
                    command.document = documents[command.heredoc]
                while len(saved) < command.depth:
                    saved.append(self.cwd)
                while len(saved) > command.depth:
                    self.cwd = saved.pop()
                self._raw = chunk
                found.extend(self._command(command, line + start, last))
            if saved:
                self.cwd = saved[0]
        return found

    def _file_printed(self, command: str) -> str | None:
        """What a command substituted prints when it prints a file of the project, or a
        value of a JSON file of it (``$(cat FILE)``, ``$(< FILE)``, ``$(jq -r .version
        FILE)``; ``2>/dev/null`` allowed), without its trailing newlines; ``None`` when that
        is not known here (see :meth:`_project_file`, ``._jq``). kubernetes/ingress-nginx's
        ``NGINX_BASE_IMAGE=$(cat $BASEDIR/../../NGINX_BASE)``, ``export TAGNGINX=$(cat
        images/nginx/TAG)``; triggerdotdev/trigger.dev's ``echo "images=$(jq -c '.images'
        base-images/images.json)" >> $GITHUB_OUTPUT``."""
        from ._jq import jq_command, jq_printed

        if self._functions and command.lstrip().partition(" ")[0] in self._functions:
            return self._function_printed(command)
        if "expression" in command:  # (`-Dexpression=…`; the goal may be in a variable)
            printed = self._maven_printed(command)
            if printed is not None:
                return printed
        found = cat_command().fullmatch(command)
        query = jq_command(command) if found is None else None
        if found is None and query is None:
            return self._pipeline_printed(command)
        operand = found.group("word") if found is not None else query.file if query else ""
        prepared, complete = prepare(operand)
        words = split_words(prepared) if complete else None
        if not words or len(words) != 1:
            return None
        path = self._project_file(self.expand(words[0]))
        # (a file jq or yq queries is a data file, read whole: arkime's list of its builds,
        # .github/workflows/versions, is 10 kB; what is printed stays within MAX_VALUE)
        limit = MAX_QUERIED if query is not None else MAX_FILE_PRINTED
        text = read_text(path, limit) if path is not None else None
        if not isinstance(text, str):
            return None
        if query is not None:
            printed = jq_printed(query, text)
            if printed is not None and query.program is not None:
                from ._shell_text import Unsplit

                return Unsplit(printed)  # (JSON, whole in `X=$(…)`)
            return printed
        text = text.rstrip("\n")
        return text if text and "\n" not in text else None

    def _maven_printed(self, command: str) -> str | None:
        """What ``mvn help:evaluate -Dexpression=PROP -q -DforceStdout`` prints: the property
        of the pom it names (``-f``), else of the directory it runs in (see
        ``._maven_evaluate``); ``None`` when that is not known here."""
        from ._maven_evaluate import maven_evaluate, printed_property

        prepared, complete = prepare(command)
        tokens = split_words(prepared) if complete else None
        commands = simple_commands(tokens) if tokens else []
        if len(commands) != 1 or commands[0].stdin is not None:
            return None
        found = maven_evaluate(self.arguments(commands[0].words))
        path = self._project_file(found.pom or "pom.xml") if found is not None else None
        if path is not None and os.path.isdir(path):
            path = os.path.join(path, "pom.xml")
        return printed_property(path, found) if path is not None and found is not None else None

    def _function_printed(self, command: str) -> str | None:
        """What a call of a function of the script prints by ``echo``, read as a call is (see
        :meth:`_call`): dependabot-core's ``ECOSYSTEM_BUILD=$(_build_cmd_and_cache_args
        "$ECOSYSTEM" "$IMAGE")`` echoes ``docker buildx build …`` when ``BUILDX_GHA_CACHE``
        is set, else ``docker build …``; then ``$ECOSYSTEM_BUILD … -t NAME`` builds. Of
        ``echo``\\ s in branches a run decides, the last read is what a run that sets none of
        their variables prints, as for an assignment; one that surely runs beside others,
        several lines, is not known here (``None``)."""
        prepared, complete = prepare(command)
        words = split_words(prepared) if complete else None
        if not words or words[0] not in self._functions:
            return None
        body, first, _ = self._functions[words[0]]
        if self._calls <= 0 or self._depth >= MAX_DEPTH:
            return None
        if not _prints(body) and _names_of(body).isdisjoint(self._functions):
            return None  # (nor prints, nor calls a function that may)
        if not self._settles(body):
            self._calls -= 1
        inner = ShellReader(self.variables, watch=self._watch, _depth=self._depth + 1)
        inner.positional = self._call_arguments(words[1:])
        inner._functions, inner._acts = self._functions, self._acts
        inner._calls, inner._all_calls = self._calls, self._all_calls
        # (where the files it prints are found: see _print_read)
        inner.sourcing, inner.files, inner.cwd = self.sourcing, self.files, self.cwd
        printed: list[tuple[str, bool]] = []
        inner._printed = printed
        inner.read(body, first)
        self._calls = min(self._calls, inner._calls)
        if not printed or (len(printed) > 1 and any(certain for _, certain in printed)):
            return None
        return Expanded(printed[-1][0]) or None

    def _pipeline_printed(self, command: str) -> str | None:
        """What a pipeline that reads one file of the project prints (``$(grep '^go ' go.mod
        | awk '{print $2}')``, kubernetes-sigs/cri-tools' ``hack/run-e2e-container.sh``),
        read as a Makefile's ``$(shell …)`` is (see ``._make_shell``): the file is the first
        command's last word, found as ``$(cat FILE)``'s is; each newline of the output a
        blank (the shell's word splitting), without the trailing ones."""
        from ._make_shell import evaluate, pipeline_stages

        stage, *others = pipeline_stages(command)
        first = stage.split()
        if first[:1] == ["echo"]:
            return self._echo_printed(command)
        # (`cat FILE | grep … | cut …`: the file piped to the filters, osmosis-labs/osmosis'
        # push-dev-docker-images.yml reads go.mod's `go` line so, as its Makefile does)
        piped_file = len(first) == 2 and first[0] == "cat" and "|" in command
        if first[:2] == ["go", "list"]:
            return self._go_printed(command)
        if not piped_file and (len(first) < 3 or first[0] not in FILE_READERS):
            return None
        if first[-1].startswith("-"):
            return None
        prepared, complete = prepare(first[-1])
        words = split_words(prepared) if complete else None
        path = self._project_file(self.expand(words[0])) if words and len(words) == 1 else None
        if path is None:
            return None
        import shlex

        rest = "|".join(others)
        stage = stage.rstrip()
        head = stage[: len(stage) - len(first[-1])] + shlex.quote(os.path.basename(path))
        directory = os.path.dirname(path) or os.curdir
        printed = evaluate(f"{head} | {rest}" if rest else head, directory, directory, {})
        return printed.strip() or None if printed is not None else None

    def _go_printed(self, command: str) -> str | None:
        """What ``go list [-m] -f '{{[.Module].GoVersion}}'`` (``| head -1``…) prints, read from the
        project's module (``._go_list``): the ``go.mod`` the commands' directory has, or where
        a script's file is found when a run decides that directory (ava-labs/avalanchego's
        ``scripts/build_image.sh``, run from the top, beside ``go.mod`` and ``go.work``)."""
        from ._make_shell import evaluate

        module = self._project_file("go.mod")
        if module is None:
            return None
        directory = os.path.dirname(module) or os.curdir
        known = self.files is not None and self.cwd is not None
        root = (self.files or os.curdir) if known else directory
        printed = evaluate(command, directory, root, {})
        return printed.strip() or None if printed is not None else None

    def _echo_printed(self, command: str) -> str | None:
        """What ``echo WORD…`` (``| FILTER…``) prints when the words are known here: the filters
        of a ``$(shell …)`` reading (``._make_shell``), fed the echoed line, reading no file.
        Workflows lower-case the names they tag so (bitwarden/server's
        ``PROJECT_NAME=$(echo "${{ matrix.project_name }}" | awk '{print tolower($0)}')``,
        ``echo "$REPO" | tr '[:upper:]' '[:lower:]'``)."""
        import shlex

        from ._make_shell import evaluate

        stage, _, rest = command.partition("|")
        prepared, complete = prepare(stage.strip()[len("echo") :])
        words = split_words(prepared) if complete else None
        if not words:
            return None
        echoed = [self.expand(word) for word in words]
        if any(UNKNOWN in word or word.startswith("-") for word in echoed):
            return None
        if not rest.strip():
            return " ".join(echoed).strip() or None  # (`$(echo ${OWNER,,})`)
        head = " ".join(["echo", *(shlex.quote(word) for word in echoed)])
        # (no directory: a filter that names a file is a run's, as one outside the project)
        printed = evaluate(f"{head} | {rest.strip()}", os.devnull, os.devnull, {})
        return printed.strip() or None if printed is not None else None

    def _project_file(self, operand: str) -> str | None:
        """The file of the project a command names (``operand``, expanded): a path from the
        script's own directory, or relative to where the commands run (``files``: the
        directory that is, ``cwd`` from it), else where :class:`._sourced.Sourcing` finds
        a file a script names; ``None`` for a path a run decides, an absolute one (the
        machine's), one outside the project, or none or two found."""
        directory = script_directory(operand)
        if directory is not None:
            return self.sourcing.file_for("", *directory) if self.sourcing is not None else None
        if not operand or os.path.isabs(operand) or plain_text(operand) != operand:
            return None
        if UNKNOWN in operand or DOLLAR in operand:
            return None
        if self.files is not None and self.cwd is not None:
            from .._context_cache import stat_of

            path = os.path.normpath(os.path.join(self.files, self.cwd, operand))
            inside = os.path.relpath(path, self.files or os.curdir)
            if inside.split(os.sep)[0] == os.pardir:
                return None
            self.inputs[path] = stat_of(path)
            return path
        if self.sourcing is not None:
            found = self.sourcing.file_for(operand, None, "")
            if found is not None and self._where_it_starts():
                self.reads_beside = self.reads_beside or self.sourcing.beside_script(operand, found)
                self.reads_at_top = self.reads_at_top or self.sourcing.at_top(operand, found)
            return found
        return None

    def _where_it_starts(self) -> bool:
        """Whether the commands read now run where the script was started, a run deciding
        where (no ``cd`` yet, in the script's own text): a relative path they read says it."""
        return self.cwd is None and self.sourcing is not None and not self.sourcing.in_sourced_file

    def _loop(
        self, chunk: str, lines: list[str], index: int, line: int
    ) -> tuple[list[ShellBuild], int] | None:
        """A ``for`` loop over known words (``chunk``, its first line, ends before
        ``lines[index]``) read once a word (see ``._loops``): what it builds, and the index of
        the line after its ``done``; ``None`` when it is not read so."""
        prepared, complete = prepare(chunk)
        tokens = split_words(prepared) if complete else None
        following = lines[index] if index < len(lines) else ""
        header = (
            _loops.loop_header([command.words for command in simple_commands(tokens)], following)
            if tokens is not None
            else None
        )
        if header is None or not self._known_words(header[1]):
            return None
        name, written = header
        values = self.arguments(written)
        body = index + 1 if following.strip() == "do" else index
        end = _loops.loop_end(lines, body)
        turns = self._turns(values)
        if end is None or turns is None:
            self.branches.assigned(name, self.variables.get(name))
            self.variables[name] = UNKNOWN  # (not what an earlier loop left it)
            self.arrays.pop(name, None)
            self._walks(name, written)
            return None
        self._bodies -= len(turns)
        found: list[ShellBuild] = []
        for value in turns:
            self.branches.assigned(name, self.variables.get(name))
            self.variables[name] = value
            self.arrays.pop(name, None)
            found.extend(self.read("\n".join(lines[body:end]), line + body))
        return found, end + 1

    def _turns(self, values: list[str]) -> list[str] | None:
        """The values a ``for`` loop over the words ``values`` reads its body with, one a
        turn; ``None`` when it is read once, its variable a run's. Each word the script
        writes is one value; a word a run decides may be several, or none: all such words are
        one turn, its variable a run's, after the written ones (cockroachdb/helm-charts'
        ``tests/k3d/dev-cluster.sh`` pulls each image of an array one of whose elements is
        ``"$(bin/yq …)"``); a loop over such words only is read once, as any line."""
        written = [value for value in values if plain_text(value) != UNKNOWN]
        turns = values
        if len(written) < len(values):
            if not written:
                return None
            turns = [*written, next(v for v in values if plain_text(v) == UNKNOWN)]
        if len(turns) > min(_loops.MAX_WORDS, self._bodies) or not all(turns):
            return None
        return turns

    def _known_words(self, written: list[str]) -> bool:
        """Whether a ``for`` loop over the words ``written`` may be read once a word: one
        over the words the script or function was run with (``for ARG; do``) only when they
        are known (a script read alone, without its words, reads the body once, its variable
        a run's, as before)."""
        return written != [_loops.IMPLIED_WORDS] or self.positional is not None

    def _getopts(
        self, chunk: str, lines: list[str], index: int, line: int
    ) -> tuple[list[ShellBuild], int] | None:
        """A ``while getopts`` loop (``chunk``, its first line, ends before ``lines[index]``)
        of a script or function run with known words, its body read once an option they give
        (see ``._getopts``): what it builds, and the index of the line after its ``done``;
        ``None`` when it is not read so."""
        given = self.positional if self.positional is not None else self._options
        assert given is not None
        prepared, complete = prepare(chunk)
        tokens = split_words(prepared) if complete else None
        following = lines[index] if index < len(lines) else ""
        header = (
            _getopts.header([command.words for command in simple_commands(tokens)], following)
            if tokens is not None
            else None
        )
        if header is None:
            return None
        name, written = header[1], self.expand(header[0])
        options = _getopts.options(written, given, UNKNOWN)
        body = index + 1 if following.strip() == "do" else index
        end = _loops.loop_end(lines, body)
        if options is None or end is None or len(options) > self._bodies or UNKNOWN in written:
            return None
        self._bodies -= len(options)
        self.chose_options = True
        found: list[ShellBuild] = []
        selecting, self._selecting = self._selecting, True
        try:
            for letter, value in options:
                self._assign(f"{name}={letter}")
                self.branches.assigned("OPTARG", self.variables.get("OPTARG"))
                self.variables["OPTARG"] = value.replace("$", DOLLAR) if value is not None else ""
                found.extend(self.read("\n".join(lines[body:end]), line + body))
        finally:
            self._selecting = selecting
        return found, end + 1

    def _option_loop(
        self, lines: list[str], index: int, line: int, given: tuple[str, ...]
    ) -> tuple[list[ShellBuild], int] | None:
        """A loop over the words ``given`` (its first line ends before ``lines[index]``) that
        takes its options off with ``case "$1"`` and ``shift`` (see ``._option_loop``), run
        turn by turn: what it builds, and the index of the line after its ``done``; ``None``
        when it is not read so."""
        body = index + 1 if index < len(lines) and lines[index].strip() == "do" else index
        end = _loops.loop_end(lines, body)
        text = "\n".join(lines[body:end]) if end is not None else ""
        if end is None or not _option_loop.shifts(text):
            return None
        from_options = self.positional is None
        self.chose_options = True
        found: list[ShellBuild] = []
        words: tuple[str, ...] | None = given
        selecting, self._selecting = self._selecting, True
        bare, self._no_arguments = self._no_arguments, False
        try:
            while words and self._bodies > 0:
                self._bodies -= 1
                if UNKNOWN in words[0]:
                    # (an option only a run knows: the rest of the loop is a run's, as before)
                    self.positional = None
                    self._selecting = selecting
                    found.extend(self.read(text, line + body))
                    break
                self.positional, self._broke = words, False
                found.extend(self.read(text, line + body))
                left = self.positional
                if left is None or self._broke or len(left) >= len(words):
                    break  # (`break`, a turn that takes no word off, or a shift a run decides)
                words = left
        finally:
            self._selecting, self._no_arguments, self._broke = selecting, bare, False
        if from_options:
            self._options = None  # (taken off: `"$@"` after the loop is what is left)
        return found, end + 1

    def _inline_loop(self, chunk: str, line: int) -> list[ShellBuild] | None:
        """A ``for`` loop over known words that is the whole of ``chunk`` (one line, see
        ``._loops``), its body read once a word: what it builds; ``None`` when it is not read
        so (then the line is read as any other, the variable a run's)."""
        loop = _loops.inline_loop(chunk)
        if loop is None:
            return None
        name, written, body = loop
        if not self._known_words([written]):
            return None
        prepared, complete = prepare(written)
        words = split_words(prepared) if complete else None
        if words is None:
            return None
        turns = self._turns(self.arguments(words))
        if turns is None:
            return None
        self._bodies -= len(turns)
        found: list[ShellBuild] = []
        for value in turns:
            self.branches.assigned(name, self.variables.get(name))
            self.variables[name] = value
            self.arrays.pop(name, None)
            found.extend(self.read(body, line))
        return found

    # --- one command ---------------------------------------------------------------

    def _command(self, command: SimpleCommand, line: int, last: int) -> list[ShellBuild]:
        """What one simple command builds, the arms of ``case`` followed (see ``._branches``):
        ``case WORD in`` opens one, a pattern (a word before ``)``) runs nothing, ``;;`` ends
        an arm, ``esac`` closes it; ``exit`` ends the branch it is in."""
        words = command.words
        cases = self._cases
        pattern_next = False
        if words and words[0] == "case" and "in" in words[2:]:
            selecting = self._selecting or self._selects_positional(words[1], line)
            selected = self.expand(words[1]) if selecting else None
            known = selected is not None and DOLLAR not in selected
            known = known and UNKNOWN not in plain_text(selected or "")
            if not known:
                self.branches.open_case()
            cases.append("*" in words[words.index("in", 2) + 1 :])  # (`case $A in *)`)
            self._option_cases[len(cases) - 1 :] = [_first_positional(words[1])]
            self._conditionals.append("live")
            del self._selected[len(cases) - 1 :]
            self._selected.append(selected if known else None)
            found: list[ShellBuild] = []
            pattern_next = True  # (an arm's pattern comes next)
            self._alternatives = []
        elif words and words[0] == "esac" and cases:
            default = cases.pop()
            del self._option_cases[len(cases) :]
            if not self._chosen(len(cases)):
                self._restore(self.branches.close_case(self.variables, default=default))
            if self._conditionals:
                self._conditionals.pop()
            del self._selected[len(cases) :]
            found = []
        elif cases and command.depth == 0 and command.after.startswith(")"):
            patterns = [*(self._alternatives or ()), *words]
            self._alternatives = None
            cases[-1] = cases[-1] or "*" in patterns  # (a pattern: `*)` is the default arm)
            self._select_arm(patterns)
            found = []
        elif (
            cases and command.depth == 0 and command.after == "|" and self._alternatives is not None
        ):
            self._alternatives.extend(words)  # (`-i|`: the first of an arm's patterns)
            found = []
            pattern_next = True
        else:
            exits = words and words[0] == "exit" and not command.joined and command.depth == 0
            if words and words[0] == "break" and self._selecting and not self._skipping():
                self._broke = True  # (an option loop's turn: see ._option_loop)
            if exits and not self._skipping():
                self.branches.exits()
            # (the lines an assignment of this command records; a command variable it runs)
            lines, self._lines_now = self._lines_now, (line, last)
            held, self._held = self._held, None
            before = len(self.pulls) if self.pulls is not None else 0
            found = self._simple_command(command, line, last)
            held, self._held = self._held, held
            self._lines_now = lines
            if held is not None:
                self._held_at(held, before)
        ends = cases and (";;" in command.after or ";&" in command.after)
        if not pattern_next:
            # (after `;;` an arm's pattern comes next; after any other command, none does)
            self._alternatives = [] if ends else None
        if ends and not self._chosen(len(cases) - 1):
            self._restore(self.branches.end_arm(self.variables))
        self._before = command.after
        return found

    def _selects_positional(self, word: str, line: int) -> bool:
        """Whether ``case WORD in`` picks its arm by a call's known ``$1``, before any loop
        of the function's body (one in a loop sees each argument in turn): buildah's
        ``run_buildah``, whose ``case "$1" in [0-9]) …; shift;; --retry) …; shift;; esac``
        takes an expected exit code off only when the call gives one; ``run_buildah from
        alpine`` runs no arm, and its ``"$@"`` stays the call's words."""
        if self.positional is None or line >= self._loop_free:
            return False
        return word.replace('"', "").replace(SPLIT, "") in ("$1", "${1}")

    def _branch_depth(self) -> int:
        """How many branches the commands read now are in: the open conditionals and cases,
        less the cases whose known word picks the arm (:meth:`_chosen`; its arm, read, surely
        runs)."""
        cases = self._cases
        chosen = sum(1 for depth in range(len(cases)) if self._chosen(depth))
        return len(self._conditionals) + len(cases) - 2 * chosen

    def _chosen(self, depth: int) -> bool:
        """Whether the ``case`` at ``depth`` (0: the outermost open) runs only the arm its
        known word picks (see :attr:`_selected`): no branches, the arm read as the text."""
        return 0 <= depth < len(self._selected) and self._selected[depth] is not None

    def _select_arm(self, patterns: list[str]) -> None:
        """A ``case`` arm's patterns, in a ``getopts`` body (see :attr:`_selected`): the arm
        runs when it is the first whose pattern matches the known word, and surely then."""
        cases, selected = self._cases, self._selected
        if len(selected) != len(cases) or not self._conditionals:
            return
        word = selected[-1]
        if word is None:
            return
        from fnmatch import fnmatchcase

        if word is not MATCHED and any(fnmatchcase(word, pattern) for pattern in patterns):
            selected[-1] = MATCHED
            cases[-1] = True  # (an arm surely runs: as a `*)` would)
            self._conditionals[-1] = "live"
        else:
            self._conditionals[-1] = "dead"

    def _restore(self, before: Mapping[str, str | None]) -> None:
        """The next branch of a conditional starts with the values before it (see
        ``._branches``): what the branch that ended set is not the next one's."""
        for name, value in before.items():
            if value is None:
                self.variables.pop(name, None)
            else:
                self.variables[name] = value

    def _simple_command(self, command: SimpleCommand, line: int, last: int) -> list[ShellBuild]:
        """What one simple command builds (assignments alone set variables)."""
        words = command.words
        opens = bool(words) and words[0] in ("if", "elif")
        while words and words[0] in BRANCH_WORDS:  # (`then A=1`, `else A=2`, `fi`)
            self._restore(self.branches.keyword(words[0], self.variables))
            self._branch_word(words[0], words[1:])
            if words[0] in ("then", "elif", "else") and self._skipping():
                self.branches.exits()  # (a branch the shell skips leaves no value)
            words = words[1:]
        state = self._conditionals[-1] if self._conditionals and not opens else None
        if state in ("failing", "passing"):
            # Another command before `then` (`if [ -z "$A" ] || true; then`): the test is a
            # list, which this one command does not decide, unless it is one that does not
            # run (`if [[ "$debug" == "true" ]] && [[ … ]]`, the first known to fail), or one
            # that runs and is known (aws-for-fluent-bit's `if [ "${1}" = "cn-north-1" ] ||
            # [ "${1}" = "cn-northwest-1" ]` of a call for `me-south-1`: both fail).
            skipped = "&&" if state == "failing" else "||"
            if not self._before.strip().startswith(skipped):
                outcome = self._outcome(words)
                self._conditionals[-1] = (
                    "testing" if outcome is None else "passing" if outcome else "failing"
                )
        if self._skipping():
            # (a branch whose test is known to fail: the shell skips it, and a variable set
            # only there stays unset: libgit2's `if [ "" != "" ]; then BASE_ARG=…; fi`)
            self._skipped.update(
                name
                for word in words
                if (name := word.partition("=")[0].removesuffix("+")) not in self.variables
                and _sets_variable(word)
            )
            return []
        while words and words[0] in _BEFORE_A_COMMAND:  # (`do ARGS+=(-t "$x")`, `{ A=1; }`)
            words = words[1:]
        if len(words) > 1 and words[0] == "for" and _assignment(f"{words[1]}=") is not None:
            self._assign(f"{words[1]}={UNKNOWN}")  # (a loop on one line: its value a run's)
            self._walks(words[1], words[3:] if words[2:3] == ["in"] else [])
            return []
        if words and words[0] == "shift":
            self._shift(words[1:])
            return []
        index = 0
        # Assignments before a command are its own environment; alone, they set variables.
        while index < len(words) and _sets_variable(words[index]):
            index += 1
        if index == len(words):
            if command.joined:  # (`docker pull X || exists=false`: set, or not, by a run)
                self.branches.keyword("if", self.variables)
            for word in words:
                self._assign(word)
            if len(words) == 1:
                self._note_image_id(words[0].partition("=")[0], line)
            if command.joined:
                self.branches.keyword("fi", self.variables)
            return []
        prefix = words[:index]
        if command.document is not None and words[index] == "xargs":
            fed = self._xargs(command, prefix, words[index:])
            if fed is not None:
                return fed
        environment = self._environment(prefix)
        wrapped = words[index:]
        words = self._through_wrappers(wrapped)
        if words and words[0] in ALL_ARGUMENTS and self.positional:
            # (a wrapper function's `"$@"`: minio/operator's `try() { "$@" || die …; }`
            # runs `try docker pull "$1"`'s words as the command)
            given = [word.replace("$", DOLLAR) for word in self.positional]
            words = self._through_wrappers([*given, *words[1:]])
        if words and _arrays.has_array_expansion(words[0]):
            # (`"${DOCKER[@]}" build`: the command is the array's first word)
            program_words = [word.replace("$", DOLLAR) for word in self.words(words[0])]
            words = self._through_wrappers([*program_words, *words[1:]])
        if len(words) > 1 and self._may_vanish(words[0]) and engine_of(self.expand(words[1])):
            words = words[1:]  # (`$DRY docker buildx …`: DRY="" unless a dry run)
        if not words:
            return []
        program = self.expand(words[0])
        if UNKNOWN in program and engine_of(program) is None:
            default = self._default_engine(words[0])
            if default is not None:
                words = [default, *words[1:]]
                program = default
        if " " in program:
            # A variable's value is split into words: DOCKER_CMD="sudo docker" runs docker
            # through sudo (GNOME/glib's run-docker.sh; quoted, it would run nothing).
            self._held = _held_name(words[0])
            words = self._through_wrappers([*program.split(), *words[1:]])
            if not words:
                return []
            program = self.expand(words[0])
        if program in ("alias", "unalias"):
            self._alias(program, words[1:], line)
            return []
        if program in self._aliases and words[0] == program and program not in self._unaliasing:
            return self._aliased(command, [*prefix, *words], line, last)
        if program in self._functions and len(words[0]) == len(program):
            outputs = tuple(path for path in command.outputs if not path.startswith("&"))
            stdout, self._stdout = self._stdout, outputs or self._stdout
            try:
                return self._call(program, words[1:], line, last)
            finally:
                self._stdout = stdout
        if program == "eval":
            return self._eval(words[1:], line)
        engine = engine_of(program)
        if engine is None:
            if (
                program in ("echo", "printf")
                and command.outputs
                and self._write_dotenv(program, command, words[1:])
            ):
                return []
            if program == "echo" and self._printed is not None:
                self._print(command, words[1:])
            elif self._printed is not None and program.rpartition("/")[2] in FILE_PRINTERS:
                self._print_read(command, program.rpartition("/")[2], words[1:])
            if program == "echo" and self.env_file is not None:
                self._echo(command, words[1:])
                return []
            if program == "printf" and self.env_file is not None:
                self._printf(command, words[1:])
                return []
            if command.document is not None and program in ("cat", "tee"):
                self._write_document(program, command, words[1:])
            elif command.document is not None and program.rpartition("/")[2] in SHELLS:
                self._shell_writes_document(command, words[1:])
            if program in ("source", "."):
                self._source(words[1:])
                return []
            if program == "load" and self._bats:
                self._source(words[1:], bats=True)  # (Bats' `load helpers`)
                return []
            if program in ("cd", "pushd", "popd"):
                self._change_directory(program, self.arguments(words[1:]))
                return []
            given = self._given(prefix, wrapped)
            if program.rpartition("/")[2] == ENVSUBST:
                self._envsubst(command, words[1:], given, line)
                return []
            if "compose" in program and self._compose(program, words, given, line):
                return []  # (docker-compose, podman-compose)
            if program.rpartition("/")[2] == _DOCKERIZE:
                self._dockerize(program, words[1:], given, line)
            if program.rpartition("/")[2].strip(ENGINE) in ("helm", "ct"):
                from ._helm_cmd import chart_command

                name = program.rpartition("/")[2].strip(ENGINE)
                applied = self._applies(command.pipes_into)
                chart = chart_command(
                    name, self.arguments(words[1:]), line, self.cwd, applied=applied
                )
                if chart is not None:
                    self.charts.append(chart)
                return []
            if program.rpartition("/")[2].strip(ENGINE) == "kind":
                arguments = self.arguments(words[1:])
                if self.pulls is not None:
                    nodes = kind_node_image(arguments, line, last)
                    self.pulls.extend(nodes or self._kind_config(arguments, command.document))
                built = kind_node_build(arguments, line)
                return [built] if built is not None else []
            if program.rpartition("/")[2].strip(ENGINE) == "devcontainer":
                arguments = self.arguments(words[1:])
                if self.pulls is not None:
                    self.pulls.extend(devcontainer_features_test(arguments, line, last))
                built = devcontainer_build(arguments, line)
                return [built] if built is not None else []
            if self.pulls is not None and program.rpartition("/")[2].strip(ENGINE) == "k3d":
                self.pulls.extend(k3d_node_image(self.arguments(words[1:]), line, last))
                return []
            if self.pulls is not None and program.rpartition("/")[2].strip(ENGINE) == "crictl":
                self.pulls.extend(crictl_pull(self.arguments(words[1:]), line, last))
                return []
            if self.pulls is not None and program.rpartition("/")[2] in ROCKER_PROGRAMS:
                named = program.rpartition("/")[2]
                self.pulls.extend(rocker_image(named, self.arguments(words[1:]), line, last))
                return []
            if self.pulls is not None and program.rpartition("/")[2].strip(ENGINE) == "minikube":
                self.pulls.extend(minikube_pull(self.arguments(words[1:]), line, last))
                return []
            if self.pulls is not None and program.rpartition("/")[2].strip(ENGINE) == "ctr":
                self.pulls.extend(ctr_pull(self.arguments(words[1:]), line, last))
                return []
            if self.pulls is not None and program.rpartition("/")[2].strip(ENGINE) == "faas-cli":
                self.pulls.extend(faas_cli_image(self.arguments(words[1:]), line, last))
                return []
            tool = program.rpartition("/")[2].strip(ENGINE)
            if tool == INFRA_E2E:
                self._infra_e2e(self.arguments(words[1:]), given, line)
                return []
            if self.pulls is not None and program.endswith(_INDUSTRIAL_CI_SCRIPTS):
                self.pulls.extend(self._industrial_ci(given, words[1:], line, last))
                return []
            if self.pulls is not None and tool == "promu":
                self.pulls.extend(self._promu(self.arguments(words[1:]), line, last))
                return []
            if tool == "ko":
                arguments = self.arguments(words[1:])
                if self.pulls is not None:
                    self.pulls.extend(ko_base(arguments, environment, line, last))
                return ko_built(arguments, environment, line)
            if tool == "goreleaser" or (tool == "go" and any("goreleaser" in w for w in words)):
                from ._goreleaser_cmd import goreleaser_command

                # (its `.Env` is the command's environment, `env NAME=value` before it too)
                given_environment = self._environment(self._given(prefix, wrapped))
                released = goreleaser_command(
                    tool, self.arguments(words[1:]), given_environment, line, self.cwd
                )
                if released is not None:
                    return [released]
            if tool == "mkctr" or (tool == "go" and any("mkctr" in word for word in words)):
                made = self._mkctr(tool, self.arguments(words[1:]), line, last)
                if made is not None:
                    return made
            if tool == "dotnet":  # (`dotnet publish -t:PublishContainer`: the SDK's build)
                from ._dotnet_publish import published_names

                published = [
                    pattern
                    for written in published_names(self.arguments(words[1:]))
                    if (pattern := name_pattern(written)) is not None
                ]
                return [ShellBuild(line, "dotnet", "publish", published)] if published else []
            if tool == APKO:
                return apko_built(self.arguments(words[1:]), line)
            if tool in JIB_PROGRAMS:
                from ._jib_cli import jib_built_names, jib_from_pulls

                arguments = self.arguments(words[1:])
                if self.pulls is not None:
                    self.pulls.extend(jib_from_pulls(tool, arguments, line, last))
                # (the image Jib builds, named on the command line: built, not pulled)
                jib_built = [
                    pattern
                    for written in jib_built_names(arguments)
                    if (pattern := name_pattern(written)) is not None
                ]
                if jib_built:
                    return [ShellBuild(line, tool, "jib", jib_built)]
            if tool in REGISTRY_TOOLS:
                arguments = self.arguments(words[1:])
                if self.pulls is not None:
                    from ._registry_tools import registry_pulls

                    self.pulls.extend(registry_pulls(tool, arguments, line, last))
                return registry_copied(tool, arguments, line)
            if self.pulls is not None and kubectl_of(program) is not None:
                kubectl = kubectl_of(program) or ""
                self.pulls.extend(self._kubectl(kubectl, command, words, line, last))
                return []
            if self.pulls is not None:
                downloads = gh_aw_downloads(program, self.arguments(words[1:]))
                if downloads is not None:
                    policy = environment.get(GH_AW_PULL_POLICY) or self._value(GH_AW_PULL_POLICY)
                    if policy != "never":  # (never: it checks the images already loaded)
                        self.pulls.extend(
                            ShellPull(line, last, "docker", "pull", image)
                            for image in downloads
                            if is_known_image(image)
                        )
                    return []
            if (
                self.running is not None
                and program.rpartition("/")[2] in NPM_PROGRAMS
                and self.running.run_npm(
                    program,
                    self.arguments(words[1:]),
                    cwd=self.cwd,
                    environment=environment,
                    line=line,
                )
            ):
                self._ran += 1  # (a package.json script: see ._npm_run)
            invoking = _invoking(program, words)
            if (
                self.running is not None
                and invoking is not None
                and self.running.run_invoke(
                    invoking[0],
                    self.arguments(invoking[1]),
                    cwd=self.cwd,
                    environment=environment,
                    line=line,
                )
            ):
                self._ran += 1  # (an Invoke task: see ._invoke_run)
                return []
            if self.running is not None and program.rpartition("/")[2] in MAKE_PROGRAMS:
                self._ran += 1
                arguments, cwd = self._from_workspace(words[1:])
                self.running.run_make(arguments, cwd=cwd, environment=environment)
                return []
            if self.running is not None and self._run(program, words, wrapped, prefix, line):
                return []
            if tool == "ssh":
                return self._remote(command, words[1:], line, last)
            return self._nested(program, words[1:], line, last)
        if not self._surely_an_engine(words[0]):
            return []
        arguments = self.arguments(words[1:])
        if "compose" in arguments and self._compose(
            engine, words, self._given(prefix, wrapped), line
        ):
            return []
        if "run" in arguments and any(_DOCKERIZE in word for word in arguments):
            self._dockerize(engine, words[1:], prefix, line)
        build = engine_command(engine, arguments, line)
        names = {name for word in (*words[1:], *prefix) for name in _names_in(word)}
        if build is not None:
            names.update(
                name[len(FROM_ENVIRONMENT) :]
                for name in build.unresolved
                if name.startswith(FROM_ENVIRONMENT)
            )
        found: list[ShellBuild] = []
        pulls: list[ShellPull] = []
        for variant in self._engine_variants(names):
            if variant:
                saved = {name: self.variables.get(name) for name in variant}
                for name, value in variant.items():
                    self._set(name, value)
                arguments = self.arguments(words[1:])
                environment = self._environment(prefix)
                for name, value in saved.items():
                    self._set(name, value)
                build = engine_command(engine, arguments, line)
            if self.pulls is not None:
                pulls.extend(pull_command(engine, arguments, line, last))
            served = served_images(engine, arguments, line, self._served)
            if served is not None:
                found.append(served)
            tool_run = tool_container(engine, arguments)
            if tool_run is not None and tool_run[0] == APKO:
                found.extend(apko_built(tool_run[1], line))  # (`docker run …/apko build`)
            elif tool_run is not None:
                # (`docker run gcr.io/go-containerregistry/crane copy SRC DST`: crane's command)
                if self.pulls is not None:
                    from ._registry_tools import registry_pulls

                    pulls.extend(registry_pulls(*tool_run, line, last))
                found.extend(registry_copied(*tool_run, line))
            if build is not None and self._written and build.verb not in NAMING_VERBS:
                build = self._from_written(build, arguments)
            if build is not None and (build.verb not in NAMING_VERBS or build.dockerfile):
                build = self._situated(build, command, environment)
                build = self._with_outputs(build, words[1:], line)
            if build is not None:
                found.append(build)
        if self.pulls is not None:
            self.pulls.extend(dict.fromkeys(pulls))
        return list(dict.fromkeys(found))

    def _note_image_id(self, name: str, line: int) -> None:
        """Whether the assignment to ``name``, the one command of the text read now, sets it
        to the id of an image a build of the script made (see ``._build_outputs``): kept,
        or forgotten."""
        from . import _build_outputs as outputs

        if not self._image_ids and not self._iidfiles and "$(" not in self._raw:
            return  # (a quick look: nothing gives an id)
        value = outputs.assigned_text(self._raw, name)
        if value is None:
            self._image_ids.pop(name, None)
            return
        given: int | None = None
        if outputs.prints_image_id(value):
            given = line
        elif outputs.substitutes(value):
            read = outputs.read_file_variable(value)
            if read is not None:
                given = self._iidfiles.get(read)  # (`$(cat "$iidfile")`)
            else:
                # (a filter of another such variable: `ids="$(printf %s "$ids" | sort -u)"`)
                held = [self._image_ids[n] for n in outputs.referred(value) if n in self._image_ids]
                given = held[0] if held else None
        else:
            variable = outputs.whole_variable(value)
            given = self._image_ids.get(variable) if variable is not None else None
        if given is None:
            self._image_ids.pop(name, None)
        else:
            self._image_ids[name] = given

    def _walks(self, name: str, written: list[str]) -> None:
        """A ``for`` loop's variable walks the words ``written``: an image id when each is
        a variable that holds some (``for id in ${ids}``), else not."""
        from ._build_outputs import whole_variable

        lines = [self._image_ids.get(whole_variable(word.lstrip(SPLIT)) or "") for word in written]
        if lines and all(line is not None for line in lines):
            self._image_ids[name] = lines[0] or 0
        else:
            self._image_ids.pop(name, None)

    def _with_outputs(self, build: ShellBuild, words: list[str], line: int) -> ShellBuild:
        """The build, with the arguments it passes an earlier build's image id (its
        ``outputs``), and the file its ``--iidfile`` writes noted (see ``._build_outputs``)."""
        if not self._image_ids and "--iidfile" not in " ".join(words):
            return build
        from ._build_outputs import iidfile_of, passed_variables

        iidfile = iidfile_of(words)
        if iidfile is not None:
            self._iidfiles[iidfile] = line
        passed = [
            (name, self._image_ids[variable])
            for name, variable in passed_variables(words)
            if variable in self._image_ids and name in build.unresolved
        ]
        return build.replaced(outputs=passed) if passed else build

    def _echo(self, command: SimpleCommand, words: list[str]) -> None:
        """``echo …`` into the file :attr:`env_file` reads (see ``._env_file``), once for each
        way the branches before it left its variables: several values are a run's."""
        env_file = self.env_file
        outputs = [output.removeprefix(SPLIT) for output in command.outputs]
        if env_file is None or not any(map(env_file.names_file, outputs)):
            return
        names = {name for word in words for name in _names_in(word)}
        written: list[list[str]] = []
        for variant in self._engine_variants(names):
            saved = {name: self.variables.get(name) for name in variant}
            for name, value in variant.items():
                self._set(name, value)
            written.append(self.arguments(words))
            for name, value in saved.items():
                self._set(name, value)
        arguments = written[0] if written else []
        choices: tuple[list[str], ...] = ()
        if len({" ".join(each) for each in written}) > 1 and arguments:
            arguments = [f"{arguments[0].partition('=')[0]}={UNKNOWN}"]
            choices = tuple(written)
        certain = (
            not command.joined
            and command.depth == 0
            and not self._cases
            and all(state == "taken" for state in self._conditionals)
        )
        env_file.echo(arguments, certain=certain, unknown=UNKNOWN, choices=choices)

    def _printf(self, command: SimpleCommand, words: list[str]) -> None:
        """``printf FORMAT NAME=VALUE…`` into the file :attr:`env_file` reads: each line it
        prints one ``echo`` of it (bioconda-utils' ``printf %s\\\\n "image=${image_name}"
        "tags=…" >> $GITHUB_OUTPUT``). The caller reads only those whose every line names
        its variable as written (``._step_outputs``): one a run names is not read here."""
        from ._dotenv_writes import printed

        env_file = self.env_file
        outputs = [output.removeprefix(SPLIT) for output in command.outputs]
        if env_file is None or not any(map(env_file.names_file, outputs)):
            return
        text = printed("printf", self.arguments(words))
        if text is None:
            return
        certain = (
            not command.joined
            and command.depth == 0
            and not self._cases
            and all(state == "taken" for state in self._conditionals)
        )
        for line in text.split("\n"):
            if line:
                env_file.echo([line], certain=certain, unknown=UNKNOWN)

    def _write_dotenv(self, program: str, command: SimpleCommand, words: list[str]) -> bool:
        """``echo``/``printf`` into a ``.env`` file (whether it is one): its lines kept for the
        compose commands after it (see ``._dotenv_writes``). A variable never set writes
        nothing: ``echo NAME=$NAME > .env`` run as the project documents, with no environment
        of its own, writes ``NAME=`` (compose then has it, empty)."""
        from ._dotenv_writes import DotenvWrites, names_dotenv, printed

        targets = [
            (self.expand(output.removeprefix(SPLIT)), output in command.appends)
            for output in command.outputs
        ]
        targets = [(target, append) for target, append in targets if names_dotenv(target)]
        if not targets or self.cwd is None:
            return False
        unset = {
            name
            for word in words
            for name in _names_in(word)
            if name not in self.variables and name not in self.arrays
        }
        for name in unset:
            self.variables[name] = SetEmpty()
        try:
            text = printed(program, self.arguments(words))
        finally:
            for name in unset:
                self.variables.pop(name, None)
        if text is None:
            return False
        if self._dotenv is None:
            self._dotenv = DotenvWrites()
        for target, append in targets:
            self._dotenv.write(self._written_key(target), text, append=append)
        return True

    def dotenv_values(self, path: str) -> dict[str, str] | None:
        """The variables of the ``.env`` at ``path`` (from where the session started) as the
        commands read wrote it with ``echo``/``printf`` (``None``: they did not)."""
        return self._dotenv.values(path) if self._dotenv is not None else None

    def _dotenv_document(
        self, paths: list[str], command: SimpleCommand, document: HereDocument, *, append: bool
    ) -> None:
        """``cat > .env <<EOF`` (``>>``, ``tee .env``): the here-document's lines are written
        to the ``.env`` as ``echo`` writes them (see :meth:`_write_dotenv`)."""
        targets = [
            (self.expand(path.removeprefix(SPLIT)), append or path in command.appends)
            for path in paths
        ]
        from ._dotenv_writes import DotenvWrites, names_dotenv

        targets = [(target, added) for target, added in targets if names_dotenv(target)]
        if not targets or self.cwd is None:
            return

        text = "\n".join(self._document_lines(document))
        if self._dotenv is None:
            self._dotenv = DotenvWrites()
        for target, added in targets:
            self._dotenv.write(self._written_key(target), text, append=added)

    def _dotenv_of(self, found: ShellCompose) -> dict[str, str]:
        """The variables of the ``.env`` this shell wrote where the compose command
        ``found`` reads its ``.env`` (its project's directory: ``--project-directory``, else
        its first file's, else where it runs); none when it names ``--env-file``s."""
        if self._dotenv is None or found.env_files or found.anchored or self.cwd is None:
            return {}
        if found.project_directory is not None:
            directory = found.project_directory
        else:
            directory = os.path.dirname(found.files[0]) if found.files else ""
        values = self._dotenv.values(self._written_key(os.path.join(directory, ".env")))
        return values or {}

    def _print(self, command: SimpleCommand, words: list[str]) -> None:
        """``echo …`` in a function read for what it prints (see :meth:`_function_printed`)."""
        if command.outputs or command.pipes_into is not None or self._printed is None:
            return  # (written to a file, or to another command)
        arguments = self.arguments(words)
        while arguments and arguments[0] in ("-n", "-e", "-E"):
            arguments = arguments[1:]
        self._printed.append((" ".join(arguments), self._surely_runs(command)))

    def _surely_runs(self, command: SimpleCommand) -> bool:
        """Whether a command of a function read for what it prints runs whenever it does."""
        return (
            not command.joined
            and command.depth == 0
            and not self._cases
            and all(state == "taken" for state in self._conditionals)
        )

    def _print_read(self, command: SimpleCommand, program: str, words: list[str]) -> None:
        """``yq``, ``jq`` or ``cat`` in a function read for what it prints: what it prints of a
        file of the project, read as a command substituted is (:meth:`_file_printed`), its
        words as the call gives them. scylladb/scylla-operator's ``hack/lib/assets.sh``:
        ``get-yaml-value() { yq -e "$key" "${file}" || {…}; }``, ``get-config() {
        get-yaml-value "${config_file}" "${1}"; }``, then ``kind_node_image="$( get-config
        '.operatorTests.kindNodeImage' )"``. What is not known here prints a run's value."""
        import shlex

        if command.outputs or command.pipes_into is not None or self._printed is None:
            return  # (written to a file, or to another command)
        arguments = self.arguments(words)
        known = command.stdin is None and command.document is None
        known = known and not any(
            UNKNOWN in (found[1] if (found := script_directory(argument)) else argument)
            for argument in arguments
        )  # (a path from the script's directory is found as a `$(cat FILE)`'s is)
        text = shlex.join([program, *arguments]) if known else ""
        printed = self._file_printed(text) if known else None
        self._printed.append((printed or UNKNOWN, self._surely_runs(command)))

    def _engine_variants(self, names: Iterable[str]) -> list[dict[str, str | None]]:
        """The values of ``names`` an engine's command is read with: each way the branches of
        the conditionals before it left them (see ``._branches``). A variable a branch gives
        a value a run decides keeps the value last set: which value is used is the run's
        (conda-forge's ``if [ -z "$DOCKER_IMAGE" ]; then DOCKER_IMAGE=$(…); fi``, when the
        step running it gives one; manylinux's ``MANYLINUX_BUILDARCH=$(docker version …)``)."""
        values = self.branches.values
        if not values:
            return [{}]
        settled = [
            name
            for name in names
            if not any(_run_decides(value or "") for value in values.get(name, ()))
        ]
        return self.branches.variants(settled)

    def _kind_config(self, arguments: list[str], document: HereDocument | None) -> list[ShellPull]:
        """The node images of the cluster configuration a here-document gives ``kind create
        cluster --config -`` (``cat <<EOF | kind create cluster --config=-``, as kind's own
        guides write it): its ``nodes[].image``, each at its line. Without ``--image`` only:
        that flag runs every node with its own image."""
        if arguments[:2] != ["create", "cluster"] or document is None:
            return []
        words = arguments[2:]
        reads_stdin = "--config=-" in words or any(
            word == "--config" and following == "-" for word, following in pairwise(words)
        )
        if not reads_stdin:
            return []
        from ._kubectl import manifest_pulls

        lines = self._document_lines(document)
        return manifest_pulls("kind", "create cluster", "\n".join(lines), document.line)

    def _infra_e2e(self, arguments: list[str], prefix: list[str], line: int) -> None:
        """What ``e2e run -c FILE`` (Apache SkyWalking's infra-e2e runner) starts: the compose
        file its configuration names, with the variables the command is given and those of the
        configuration's env file over them (see ``._infra_e2e``), kept as a compose command."""
        from ._compose_cmd import ShellCompose
        from ._infra_e2e import config_argument, env_file_values, expanded, parsed

        config = config_argument(arguments)
        path = self._project_file(config) if config is not None else None
        text = read_text(path, MAX_BYTES) if path is not None else None
        found, commands = parsed(text) if isinstance(text, str) else (None, ())
        if config is None or found is None:
            return
        directory = os.path.dirname(config)
        environment = self._environment(prefix)
        if found.env_file is not None:
            env_path = self._project_file(os.path.normpath(os.path.join(directory, found.env_file)))
            values = read_text(env_path, MAX_BYTES) if env_path is not None else None
            if isinstance(values, str):  # (the runner warns, and goes on without it)
                environment.update(env_file_values(values))

        def lookup(name: str) -> str | None:
            value = environment.get(name, "")
            return value if known(value) == value else None

        file = expanded(found.file, lookup) if found.file else None
        if found.environment == "compose" and file is not None and not os.path.isabs(file):
            compose_file = os.path.normpath(os.path.join(directory, file))
            self.composes.append(
                ShellCompose(line, "e2e run", (compose_file,), (), None, environment, self.cwd)
            )
        # (its setup steps then run where it runs, with its variables: what they render with
        # envsubst or start with compose is this command's)
        steps = ShellReader(
            environment, cwd=self.cwd, repository=self.repository, files=self.files,
            _depth=self._depth + 1,
        )  # fmt: skip
        for command in commands:
            steps.read(command)
        for started in steps.composes:
            started.line = line
            self.composes.append(started)

    def _industrial_ci(
        self, given: list[str], words: list[str], line: int, last: int
    ) -> list[ShellPull]:
        """The container industrial_ci's entry script for GitLab (Bitbucket, Travis) runs in:
        its options are the variables the command gets, its ``NAME=value`` words last
        (ros-industrial/industrial_ci's ``.gitlab-ci.yml``: ``.industrial_ci/gitlab.sh
        ROS_DISTRO=kinetic``; see :mod:`..ci._industrial_ci`)."""
        from ..ci._industrial_ci import OPTIONS, image_of

        options = {name: self.variables.get(name, "") for name in OPTIONS if name in self.exported}
        for word in (*given, *self.arguments(words)):
            name, equals, value = self.expand(word).partition("=")
            if equals and name in OPTIONS:
                options[name] = value
        if any(known(value) is None for value in options.values()):
            return []  # (an option only a run has)
        image = image_of(options)
        if image is None or not is_known_image(image):
            return []
        return [ShellPull(line, last, "industrial_ci", "run", image)]

    def _promu(self, arguments: list[str], line: int, last: int) -> list[ShellPull]:
        """The builder image ``promu crossbuild`` runs (see ``._promu``), its configuration
        read from the directory the command runs in (a file of the project's)."""
        from ._promu import builder_image

        def read(name: str) -> str | None:
            sourcing = self.sourcing
            if sourcing is None or self.cwd is None or os.path.isabs(name):
                return None
            file = sourcing.file_for(os.path.normpath(os.path.join(self.cwd, name)), None, "")
            text = read_text(file, MAX_BYTES) if file is not None else None
            return text if isinstance(text, str) else None

        image = builder_image(arguments, read)
        if image is None or not is_known_image(image):
            return []
        return [ShellPull(line, last, "promu", "crossbuild", image)]

    def _mkctr(
        self, tool: str, arguments: list[str], line: int, last: int
    ) -> list[ShellBuild] | None:
        """What Tailscale's ``mkctr`` (or ``go run`` of its module) builds, and the base image
        it pulls (see ``._mkctr``); ``None``: a ``go`` command that does not run it."""
        from .._oci_labels import source_package
        from ._mkctr import is_mkctr_run, mkctr_images

        start = 0 if tool == "mkctr" else is_mkctr_run(arguments)
        if start is None:
            return None
        repos, sources, base = mkctr_images(arguments[start:])
        if self.pulls is not None and base is not None and is_known_image(base):
            self.pulls.append(ShellPull(line, last, "mkctr", "build", base))
        packages = [package for text in sources if (package := source_package(text))]
        names = [name for word in (*repos, *packages) if (name := name_pattern(word)) is not None]
        return [ShellBuild(line, "mkctr", "build", names)] if names else []

    def _alias(self, program: str, words: list[str], line: int) -> None:
        """``alias NAME='COMMAND'`` (``unalias NAME``): NAME, first word of a later command,
        stands for COMMAND's words (kubeclarity's ``alias goswagger="docker run …
        quay.io/goswagger/swagger:v0.27.0"``, then ``goswagger generate …``). POSIX ``sh``
        expands aliases in scripts, bash after ``shopt -s expand_aliases``. An alias of more
        than one command (``a && b``, ``a | b``) is not followed: its name runs nothing here."""
        for word in words:
            name, equals, text = word.partition("=")
            if program == "unalias" or not equals:
                self._aliases.pop(name, None)  # (`alias NAME` alone prints it)
                continue
            # (the text is read again where the alias is used: `$X` in single quotes expands)
            prepared, complete = prepare(text.replace(DOLLAR, "$"))
            tokens = split_words(prepared) if complete else None
            commands = simple_commands(tokens) if tokens else []
            if len(commands) == 1 and len(commands[0].words) == len(tokens or ()):
                self._aliases[name] = (commands[0].words, line)
            else:
                self._aliases.pop(name, None)

    def _aliased(
        self, command: SimpleCommand, words: list[str], line: int, last: int
    ) -> list[ShellBuild]:
        """A command whose first word (after its assignments) is an alias, read with the
        alias's words in its place, again while the new first word is another alias (not one
        already put in: ``alias ls='ls -F'``). A pull whose image the alias's own words write
        is placed at the ``alias`` command, where it is written (as a function's body's is),
        once for all its uses; one the command's own words give stays at the command."""
        index = 0
        while index < len(words) and _sets_variable(words[index]):
            index += 1
        seen: set[str] = set()
        written: list[tuple[list[str], int]] = []
        rest = words[index:]
        while rest and rest[0] in self._aliases and rest[0] not in seen:
            seen.add(rest[0])
            alias = self._aliases[rest[0]]
            written.append(alias)
            rest = [*alias[0], *rest[1:]]
        before = len(self.pulls) if self.pulls is not None else 0
        unaliased = copy.copy(command)
        unaliased.words = [*words[:index], *rest]
        outer, self._unaliasing = self._unaliasing, self._unaliasing | seen
        try:
            found = self._simple_command(unaliased, line, last)
        finally:
            self._unaliasing = outer
        if self.pulls is not None:
            self.pulls[before:] = [
                next(
                    (
                        pull.at(at, at)
                        for alias_words, at in written
                        if pull.path is None and any(pull.image in word for word in alias_words)
                    ),
                    pull,
                )
                for pull in self.pulls[before:]
            ]
        return found

    def _define(self, name: str, body: str, line: int) -> list[ShellBuild]:
        """A shell function defined (``name() { … }``, ``function name { … }``): its body is
        read where it is written, as today, with no arguments known (its ``$1`` is a call's,
        not the script's), and again at each call (see :meth:`_call`)."""
        # (a function a sourced file defines is written there: see ._sourced)
        sourced = self.sourcing.sourced_file if self.sourcing is not None else None
        self._functions[name] = (body, line, sourced)
        saved, self.positional = self.positional, None
        defaults, self._defaults = self._defaults, False  # (a call's arguments, not the script's)
        options, self._options = self._options, None
        bare, self._no_arguments = self._no_arguments, False
        # (the body does not run where it is written: its `cd` leaves the directory of the
        # commands after it as it was, and its calls spend none of the budget of the calls the
        # script makes after it; kubernetes-csi's release-tools/prow.sh defines 95 functions,
        # `run_e2e`'s `cd "${GOPATH}/src/…"` and the bodies' calls of `die` and `run` left its
        # `gcr_cloud_build` no Makefile to run `make push-multiarch REGISTRY_NAME=…` with)
        state = self.cwd, self._workspace, self._calls, self._all_calls
        self._calls = min(self._calls, self._defining_calls)
        # (nor does it run the project's scripts with what its `$1`… give them: a call does;
        # read alone, those are words no run has. avalanchego's tests.build_docker_image.sh
        # runs `IMAGE_NAME="${imagename}" ./scripts/build_docker_image.sh` in `build_and_test`,
        # called with the names it tests: alone, a build of an image with no name)
        running = self.running
        if running is not None and _TAKES_ARGUMENTS.search(body) is not None:
            self.running = None
        try:
            return self.read(body, line)
        finally:
            self.running = running
            self.positional, self._defaults, self._options = saved, defaults, options
            self._no_arguments = bare
            self._defining_calls = min(self._defining_calls, self._calls)
            self.cwd, self._workspace, self._calls, self._all_calls = state

    def _runs_arguments(self, chunk: str) -> bool:
        """Whether a line of a function called with known words may run them (``"$@"``)."""
        return self.positional is not None and (
            "$@" in chunk or _RUNS_ALL_JOINED.search(chunk.strip()) is not None
        )

    def _shift(self, words: list[str]) -> None:
        """``shift [N]``: the positional parameters from ``$N+1`` on become ``$1``… (bash: more
        than there are changes nothing). cri-o's ``retry() { local attempts=$1; shift; local
        delay=$1; shift; … "$@"; }`` runs the rest of its words as the command."""
        if self.positional is None:
            return
        if self._branch_depth() > self._branch_floor:
            # (in a branch: whether it shifts is a run's; skopeo's `run_skopeo` shifts an
            # expected exit code off only when `case "$1" in [0-9])` matches)
            self.positional = None
            return
        count = self.expand(words[0]) if words else "1"
        if not count.isdigit():
            self.positional = None  # (a count a run decides)
        elif int(count) <= len(self.positional):
            self.positional = self.positional[int(count) :]

    def _names_a_script(self, chunk: str) -> bool:
        """Whether a line names a variable whose value is a script's path (cloudnative-pg's
        ``SETUP_SCRIPT="${VENDOR_DIR}/setup.sh"``, then ``"${SETUP_SCRIPT}"`` on a line of
        its own: the run is of the script, as the line's text does not say)."""
        variables = self.variables  # (the names first: only the values they name are read)
        return "$" in chunk and any(
            (f"${name}" in chunk or f"${{{name}}}" in chunk) and variables[name].endswith(".sh")
            for name in variables
        )

    def _runs_a_command_variable(self, chunk: str) -> bool:
        """Whether a line names a variable whose value is a command that builds, or runs or
        pulls an image (getsentry/self-hosted's ``sentry_cli="$CONTAINER_ENGINE run --rm …
        getsentry/sentry-cli"``, then ``$sentry_cli send-envelope "$envelope_file"``;
        avalanchego's ``docker_cmd="docker buildx build --build-arg …"``, then
        ``${docker_cmd} -t "${node_image_name}" -f …``: the line's own text has no engine,
        nor a verb). The shell splits the unquoted value into the command's words."""
        if "$" not in chunk:
            return False
        variables = self.variables
        runs = self.pulls is not None
        return any(
            name in variables
            and (_builds_image(value := variables[name]) or (runs and _runs_image(value)))
            for name in _NAMED_VARIABLES.findall(chunk)
        )

    def _runs_a_script_variable(self, chunk: str, relevant: Callable[[str], bool]) -> bool:
        """Whether a line has a shell read a variable's value as its script (``sh -c "$CMD"``,
        ``eval "$CMD"``) that is ``relevant``, its quotes read as that shell reads them:
        nipy/nipype's ``tools/retry_cmd.sh`` quotes each word of its command into ``CMD``
        (``CMD="$CMD \"$ARG\""``), then runs ``sh -c "$CMD"``."""
        if "$" not in chunk or _RUNS_SCRIPT_TEXT.search(chunk) is None:
            return False
        variables = self.variables
        return any(
            name in variables and relevant(variables[name].replace('"', "").replace("'", ""))
            for name in _NAMED_VARIABLES.findall(chunk)
        )

    def _may_call(self, chunk: str) -> bool:
        """Whether a line may call a function defined so far."""
        functions = self._functions
        if not functions:
            return False
        if len(functions) < 8:
            return any(name in chunk for name in functions)
        # (a suite's helpers define hundreds: the line's names looked up, not each function's)
        return any(word in functions for word in _names_of(chunk))

    def _may_act(self, name: str, words: list[str]) -> bool:
        """Whether a call of the function ``name`` with ``words`` may pull (when pulls are
        read; else build) or run a compose file, a chart or a script of the project: the text
        of its body and of the functions it calls (without their names, nor Bats' ``run``
        before a command), with the call's words, says so. A Bats suite's helpers are
        called hundreds of times a file (``run_podman ps``, ``expect_output``, ``die``):
        those that can do none of it are not read, nor the variables they set."""
        body = self._functions[name][0]
        text = self._acts.get(body)
        if text is None:
            text = self._acts[body] = self._acting_text(name)
        # (a variable's one-word value too, a program's path: buildah's `run_buildah` runs
        # `${BUILDAH_BINARY} "$@"`, which helpers.bash sets to `$TEST_SOURCES/../bin/buildah`;
        # not a message's, as `die` prints `$MOST_RECENT_BUILDAH_COMMAND`)
        named = " ".join(
            value
            for name in dict.fromkeys(_NAMED_VARIABLES.findall(text))
            if (value := self.variables.get(name)) and len(value.split()) == 1
        )
        data = f"{text}\n{' '.join(words)}".encode()
        # (by words: podman's `run_podman` runs podman with its words, and its text says
        # `runc`; `run_podman ps` pulls nothing, `run_podman run $IMAGE` may)
        looks = _may_pull_by_words if self.pulls is not None else _may_build_by_words
        return (
            looks(f"{named}\n{text}\n{' '.join(words)}".encode())
            or may_run(data)
            or any(word in text for word in _ACTING_WORDS)
        )

    def _acting_text(self, name: str) -> str:
        """The bodies of the function ``name`` and of those it calls (at most
        :data:`MAX_CALLS` of them), without the functions' names and Bats' ``run``."""
        names = self._functions.keys()
        order, index = [name], 0
        while index < len(order) and len(order) < MAX_CALLS:
            body = self._functions[order[index]][0]
            order.extend(
                dict.fromkeys(
                    word for word in _NAME_WORDS.findall(body)
                    if word in names and word not in order
                )
            )  # fmt: skip
            index += 1
        texts = [
            line.partition(" #")[0]
            for function in order
            for line in self._functions[function][0].split("\n")
            if not line.lstrip().startswith(NO_COMMAND)
        ]  # (comments and messages say nothing a command does: buildah's "restoring from")
        return _NAME_WORDS.sub(
            lambda found: "" if found[0] in names or found[0] == "run" else found[0],
            "\n".join(texts),
        )

    def _call_arguments(self, words: list[str]) -> tuple[str, ...] | None:
        """A function call's ``$1``…: each word's value, one a run decides standing for
        itself (cloudnative-pg's ``create_cluster_kind "${K8S_VERSION}" "${CLUSTER_NAME}"``
        with only the version known: ``$1`` is still it). From an unquoted word a run
        decides on, the words may be more or fewer: every later one is a run's too. A word
        with known text beside a run's part stays one (buildah's ``$WITH_POLICY_JSON``,
        ``--signature-policy ${TEST_SOURCES}/policy.json``: two words)."""
        given: list[str] = []
        for word in words:
            expanded = self.words(word)
            uncertain = word.startswith(SPLIT) and any(plain_text(w) == UNKNOWN for w in expanded)
            if uncertain:
                return (*given, *[UNKNOWN] * MAX_POSITIONALS) if given else None
            # (a quoted word that expands to nothing is still an argument, empty: avalanchego's
            # `build_antithesis_images_for_avalanchego avalanchego "" …`, passed on as
            # `"${image_prefix}"`; only an unquoted one is no word)
            given.extend(expanded if expanded or word.startswith(SPLIT) else [""])
        return tuple(given)

    def _call(self, name: str, words: list[str], line: int, last: int) -> list[ShellBuild]:
        """A call of a shell function: its body read again, in this shell, with the call's
        arguments as its ``$1``… (``f() { docker run "$1"; }; f alpine:3.20`` runs
        ``alpine:3.20``). A pull whose image an argument gives, and the body does not write,
        is placed at the call, where that argument is written."""
        body, first, file = self._functions[name]
        if self._inert(body):
            return []  # (and no budget spent: fabric-samples' `log`, 85 calls of its `network`)
        if self._calls <= 0 or self._all_calls <= 0 or self._depth >= MAX_DEPTH:
            return []
        if self._bats and not self._may_act(name, words):
            return []  # (a suite's `assert`, `die`, `run_podman ps`: hundreds of calls a file)
        if self._bats and _bats.expects_status([self.expand(word) for word in words[:1]], body):
            return []  # (`run_buildah 125 pull fakeimage/fortest`: a pull that fails)
        if not self._settles(body) and not self._forwards(body):
            self._calls -= 1
            self._all_calls -= 1
        given = self._call_arguments(words)
        documents = {document.line for document in self._written.values()}  # (the caller's)
        before = len(self.pulls) if self.pulls is not None else 0
        composes, charts = len(self.composes), len(self.charts)
        saved, self.positional = self.positional, given
        counted, self._counted = self._counted, given is not None and arguments_counted(words)
        floor, self._branch_floor = self._branch_floor, self._branch_depth()
        loop_free, self._loop_free = self._loop_free, first + _lines_before_loop(body)
        defaults = self._defaults
        # (`main "$@"`: the script's own arguments, none when it runs alone)
        self._defaults = defaults and all(word in ALL_ARGUMENTS for word in words)
        bare = self._no_arguments
        self._no_arguments = bare and all(word in ALL_ARGUMENTS for word in words)
        self._depth += 1
        body_file, self._body_file = self._body_file, file if file is not None else SCRIPT_ITSELF
        try:
            found = self.read(body, first)
        finally:
            self._depth -= 1
            self._body_file = body_file
            self.positional, self._defaults = saved, defaults
            self._no_arguments = bare
            self._counted = counted
            self._branch_floor, self._loop_free = floor, loop_free
        if self.pulls is not None:
            written = body.split("\n")
            self.pulls[before:] = [
                pull.at(line, last)
                if pull.path is None
                and any(
                    len(word) > 1
                    and (word in pull.image or pull.image in word)  # (`--image=IMAGE` too)
                    and UNKNOWN not in plain_text(word)
                    for word in given or ()
                )
                and not any(
                    pull.image in text
                    for text in written[pull.line - first : pull.last_line - first + 1]
                )
                else pull.written_in(file if file is not None else SCRIPT_ITSELF)
                if pull.path is None and (file is not None or self._in_sourced_file())
                else pull
                for pull in self.pulls[before:]
            ]
        if file is not None:
            # (what a sourced file's function builds is read with that file: see _source; not
            # what it renders, whose file a call's argument may name: `apply_template FILE`,
            # nor a build the call's words give: buildah's `run_buildah build -f FILE`; a
            # file no scan reads alone is read only here: dependabot-core's script/_common)
            self._keep_renders(composes)
            del self.charts[charts:]
            alone = _read_alone(file)
            return [
                build.at(line)
                for build in found
                if (not alone or _given_by(build, given or ()))
                and (build.inline is None or build.inline_line in documents)
            ]  # (a here-document the function writes itself is its file's)
        return found

    def _in_sourced_file(self) -> bool:
        """Whether the text read now is a file the script sources (a call there of a function
        the script itself defines runs commands written in the script: rclone's test servers'
        ``run.bash``, sourced last, calls their own ``start``)."""
        return self.sourcing is not None and self.sourcing.in_sourced_file

    def _keep_renders(self, start: int) -> None:
        """Of the compose commands from ``start`` on, only the ``envsubst`` renders kept: the
        others are read with the sourced file they are in, as one of the project's; a render
        has the variables this reading exports, and the file a call's argument names
        (hyperledger/fabric-samples' ``apply_template kube/org0/org0-ca.yaml``)."""
        self.composes[start:] = [
            found for found in self.composes[start:] if found.command == ENVSUBST
        ]

    def _inert(self, body: str) -> bool:
        """Whether a call of a function of this body does nothing this reading follows (see
        :func:`_inert_words`): nor does it call a function."""
        pulls, running = self.pulls is not None, self.running is not None
        echoes = self.env_file is not None
        words = _inert_words(body, pulls=pulls, running=running, echoes=echoes)
        return words is not None and words.isdisjoint(self._functions)

    def _settles(self, body: str) -> bool:
        """Whether a call of a function of this body only sets variables and prints (see
        :func:`_settling_words`), calling no function: such a call spends none of the budget
        of calls. kubernetes-csi's release-tools/prow.sh sets its 51 settings with ``configvar
        NAME VALUE`` (``eval : \\${NAME:=VALUE}``), which spent the budget before its
        ``gcr_cloud_build`` ran ``make push-multiarch REGISTRY_NAME=…``."""
        words = _settling_words(body)
        return words is not None and words.isdisjoint(self._functions)

    def _forwards(self, body: str) -> bool:
        """Whether a call of a function of this body only runs its words with a command of its
        own before them (see :func:`_forwarding_words`), calling no function: such a call
        spends none of the budget of calls, as the command it runs is the call's own line.
        eth-educators/eth-docker's ``ethd`` runs all its docker commands through
        ``__dodocker() { $__docker_sudo $__docker_exe "$@"; }``: the calls in the bodies of its
        first functions spent the budget before ``__dodocker pull "pgautoupgrade/…"``."""
        words = _forwarding_words(body)
        return words is not None and words.isdisjoint(self._functions)

    def _applies(self, words: list[str] | None) -> bool:
        """Whether a command is ``kubectl apply`` (``create``, ``replace``) of what is piped
        into it (``helm template … | kubectl apply -f -``)."""
        words = self._through_wrappers(words or [])
        if not words or kubectl_of(self.expand(words[0])) is None:
            return False
        return any(self.expand(word) in ("apply", "create", "replace") for word in words[1:])

    def _branch_word(self, word: str, following: list[str]) -> None:
        """Follows the open conditionals (:attr:`_conditionals`): ``if`` opens one, whose
        ``then`` branch is dead when :meth:`_outcome` knows its test fails, and surely runs
        when it knows it passes (then the ``elif`` and ``else`` branches cannot); an ``elif``'s
        test is read so too; otherwise ``elif`` and ``else`` start a branch that may run;
        ``fi`` closes it."""
        states = self._conditionals
        if word == "if":
            outcome = self._outcome(following)
            states.append("testing" if outcome is None else "passing" if outcome else "failing")
        elif states and word == "then":
            states[-1] = _THEN_STATES.get(states[-1], "live")
            if states[-1] == "taken":
                self.branches.taken()
        elif states and word == "elif" and states[-1] not in ("taken", "done"):
            # (its test read as an `if`'s: mavlink-router's `ci-create-rootfs.sh armhf` takes
            # `elif [ "$ARCH" == "armhf" ]`, not the `else` after it)
            outcome = self._outcome(following)
            states[-1] = "testing" if outcome is None else "passing" if outcome else "failing"
        elif states and word in ("elif", "else"):
            # (a branch that may run, unless one before surely ran)
            states[-1] = "done" if states[-1] in ("taken", "done") else "live"
        elif states and word == "fi":
            states.pop()

    def _skipping(self) -> bool:
        """Whether the commands read now are in a branch the shell skips (see
        :meth:`_branch_word`)."""
        return "dead" in self._conditionals or "done" in self._conditionals

    def _outcome(self, test: list[str]) -> bool | None:
        """Whether a conditional's test is known to pass (``True``) or fail (``False``;
        ``None``: a run decides): :meth:`_unary`, or ``[ A = B ]`` (``==``, ``!=``; also in
        ``[[ ]]`` and ``test``) of two values known here. psycopg's CI step pulls
        ``us-docker.pkg.dev/…/cockroach:latest-master-build`` ``if [[ ${{ matrix.crdb }} ==
        "master" ]]``, and ``cockroachdb/cockroach:latest-${{ matrix.crdb }}`` else: each
        matrix leg takes one branch."""
        unary = self._unary(test)
        if unary is not None:
            return unary
        bracketed = len(test) == 5 and (test[0], test[4]) in (("[", "]"), ("[[", "]]"))
        matches = bracketed and test[0] == "[["
        if bracketed:
            test = test[1:4]
        elif len(test) == 4 and test[0] == "test":
            test = test[1:]
        else:
            return None
        left, operator, right = test
        if operator in INTEGER_TESTS:
            return self._compared(left, operator, right)
        if operator not in ("=", "==", "!=") or any(
            name in self.branches.values for word in (left, right) for name in _names_in(word)
        ):
            return None  # (a value the branches of an earlier `if` may leave several ways)
        if any(self._compares_argument(word) for word in (left, right)):
            return None
        if self._environment_tested(left, right):
            return None
        values = [plain_text(self.expand(self._tested(word))) for word in (left, right)]
        if any(UNKNOWN in value or DOLLAR in value for value in values):
            return None
        if any(char in values[1] for char in "*?["):
            # (in `[[ ]]`, a pattern: opensearch-py's `[[ "$V" == *"SNAPSHOT" ]]`)
            from ._shell_pattern import shell_pattern

            # (the words here have their quotes taken out: a quoted `*` is read as a pattern's)
            pattern = shell_pattern(values[1]) if matches else None
            if pattern is None:
                return None
            return (pattern.fullmatch(values[0]) is not None) == (operator != "!=")
        return (values[0] == values[1]) == (operator != "!=")

    def _compares_argument(self, word: str) -> bool:
        """Whether a compared word is the script's argument, read with its default because
        the script is read alone (``[ "${1:-}" == "--with-docker" ]``): the comparison is
        written for the runs that give one, so a run decides. datacube-core's
        ``check-code.sh --with-docker`` runs its checks in ``opendatacube/datacube-tests``;
        ``[ "$1" = … ]`` is undecided so too."""
        return (
            self._defaults
            and self.positional is None
            and _ARGUMENT_DEFAULT.search(word) is not None
        )

    def _environment_tested(self, *words: str) -> bool:
        """Whether a compared word is a variable the environment gives, read with its
        default because the script is read alone (``DOCKER=${DOCKER:-false}``, then ``[
        "$DOCKER" = "false" ]``, or ``${DOCKER:-false}`` in the test itself): the comparison is
        written for the runs that set it, so a run decides. livepeer/go-livepeer's
        ``box/gateway.sh`` runs ``./livepeer`` by default and ``docker run …
        livepeer/go-livepeer`` with ``DOCKER=true`` (its ``box.md``: ``export DOCKER=true``)."""
        if not self._open_environment:
            return False
        for word in words:
            for name in _names_in(word):
                if name in self._environment_defaults:
                    return True
                if name not in self.variables and _self_default(name, word, whole=False):
                    return True
        return False

    def _compared(self, left: str, operator: str, right: str) -> bool | None:
        """``[ A -eq B ]`` (``-ne``, ``-lt``, ``-le``, ``-gt``, ``-ge``) of two integers known
        here: containers/toolbox's ``if [[ $# -eq 2 ]]`` in a function called with one
        argument (``None``: a run decides)."""
        if any(name in self.branches.values for word in (left, right) for name in _names_in(word)):
            return None
        if self._environment_tested(left, right):
            return None  # (`[ "$USE_GPU" -eq 1 ]` after `USE_GPU=${USE_GPU:-0}`)
        values = [plain_text(self.expand(self._tested(word))).strip() for word in (left, right)]
        if not all(value.lstrip("-").isdigit() for value in values):
            return None
        return INTEGER_TESTS[operator](int(values[0]), int(values[1]))

    def _unary(self, test: list[str]) -> bool | None:
        """Whether ``[ -z WORD ]`` or ``[ -n WORD ]`` (in ``[[ ]]``, ``test``) passes, when
        WORD is a value known here (``None``: a run decides, or another test). conda-forge's
        ``run_docker_build.sh`` computes ``DOCKER_IMAGE`` only ``if [ -z "${DOCKER_IMAGE}" ]``,
        and the CI step that runs it gives the image; libgit2's composite action adds
        ``--build-arg BASE=…`` only ``if [ "${{ inputs.base }}" != "" ]``."""
        bracketed = len(test) == 4 and (test[0], test[3]) in (("[", "]"), ("[[", "]]"))
        if not bracketed and (len(test) != 3 or test[0] != "test"):
            return None
        operator, word = test[1], test[2]
        if operator not in ("-z", "-n") or any(
            name in self.branches.values for name in _names_in(word)
        ):
            return None  # (a value the branches of an earlier `if` may leave unset)
        if self._environment_tested(word):
            return None  # (`[ -n "${REGISTRY:-}" ]`: the environment's to give)
        value = plain_text(self.expand(self._tested(word)))
        if UNKNOWN in value or DOLLAR in value:
            return None
        return not value if operator == "-z" else bool(value)

    def _tested(self, word: str) -> str:
        """A test's word with each variable that is set to the empty string taken out: a
        test sees it empty (elsewhere an empty value is a placeholder a run fills: see
        :meth:`_value`), as a CI step's ``env`` of an input not given makes it."""
        import re

        for name in _names_in(word):
            if self.variables.get(name) == "" and name not in self.maps:
                word = re.sub(rf"\$(?:\{{{name}\}}|{name}(?![A-Za-z0-9_]))", "", word)
        return word

    def _may_vanish(self, word: str) -> bool:
        """Whether a word that is a variable alone (``$DRY``) is none when it is empty, a
        value the text gives it (netbox-docker's ``build.sh``: ``DRY=""``, or ``echo`` for a
        dry run): the command is then the words after it."""
        names = _names_in(word)
        word = word.removeprefix(SPLIT)
        if len(names) != 1 or word not in (f"${names[0]}", f"${{{names[0]}}}"):
            return False
        name = names[0]
        if name in self.branches.values:
            return any(not value for value in self.branches.values[name])
        if name not in self.variables and is_privilege_switch(name):
            return True  # (`$SUDO docker …`, SUDO the environment's: `sudo`, or nothing)
        return self.variables.get(name) == ""

    def _source(self, arguments: list[str], *, bats: bool = False) -> None:
        """``source FILE`` (``. FILE``): the file read in this shell, its variables kept after
        it (see ``._sourced``). Its pulls are its own (at its lines); what it builds and the
        compose commands it runs are read with the file itself, as one of the project's.
        ``bats``: Bats' ``load NAME``, which finds its file as Bats does.

        The file is read without the script's ``$1``… (what it may do with them is not
        followed), and the script has them again after it, as a shell keeps them: karmada's
        ``hack/docker.sh`` sources ``hack/util.sh``, then tags its image with its ``$1``."""
        given, self.positional = self.positional, None
        # (a file sourced without words sees the shell's own, with words those: a run's)
        bare, self._no_arguments = self._no_arguments, self._no_arguments and len(arguments) < 2
        try:
            self._source_file(arguments, bats=bats)
        finally:
            if self.positional is None:  # (unless the file set them: `set -- …`)
                self.positional = given
            self._no_arguments = bare

    def _source_file(self, arguments: list[str], *, bats: bool) -> None:
        """:meth:`_source`'s reading of the file."""
        sourcing = self.sourcing
        if sourcing is None or not arguments:
            return
        operand = self.expand(arguments[0])
        directory = script_directory(operand)
        rest = repository_path(operand)
        if rest is not None and self.repository is not None:
            # (`. ${TOP}/src/test/checks-lib.sh`, TOP the git toplevel: from the repository's
            # top, when known; flux-framework/flux-core's docker-run-checks.sh)
            operand = os.path.normpath(os.path.join(self.repository, rest))
        find = sourcing.loaded_file_for if bats else sourcing.file_for
        file = find("", *directory) if directory is not None else find(operand, None, "")
        if file is None:
            return
        if directory is None and not bats and self._where_it_starts():
            self.reads_at_top = self.reads_at_top or sourcing.at_top(operand, file)
        from . import _source_memo

        # (read as it was where another reading stood as this one: a suite's helpers)
        key = _source_memo.key_of(self, file, bats)
        if key is not None and _source_memo.replay(self, key):
            return
        # (a file refused because the script run is being read is this script's alone;
        # one refused as read already, or past the limits, is the state's: the key's)
        refusals, ran = sourcing.own_refusals, self._ran
        text = sourcing.enter(file)
        if text is None:
            return
        pulls = len(self.pulls) if self.pulls is not None else 0
        composes = len(self.composes)
        charts = len(self.charts)
        try:
            self.read(text)
        finally:
            sourcing.leave()
        self._keep_renders(composes)  # (a render's variables are this reading's)
        del self.charts[charts:]
        if self.pulls is not None:
            self.pulls[pulls:] = [
                pull if pull.path is not None else pull.written_in(file)
                for pull in self.pulls[pulls:]
            ]
        rendered = len(self.composes) > composes  # (not kept by the memo: only pulls are)
        own = sourcing.own_refusals
        if key is not None and (own, self._ran) == (refusals, ran) and not rendered:
            added = tuple(self.pulls[pulls:]) if self.pulls is not None else ()
            _source_memo.record(self, key, added)

    def memo_settings(self) -> tuple[object, ...] | None:
        """What this reading's sourced files depend on that no reading changes (``None``:
        not kept, see ``._source_memo``)."""
        if self.sourcing is None or self.env_file is not None:
            return None
        script = os.path.dirname(self.script) if self.script is not None else None
        return (
            self.pulls is None, self._bats, self.files, self.repository, self._workspace,
            script, self.running is None, self.sourcing.settings(),
        )  # fmt: skip

    def memo_unnamed(self, texts: Iterable[str]) -> tuple[str, ...]:
        """The variables of this reading that a file sourced now cannot look at: set here,
        not exported (no command it runs sees them), and named neither in ``texts`` (what
        its readings read: the file and those it sources) nor in a function's body (see
        ``._source_memo``). None when a conditional is open (it keeps every value) or a run
        watches the values read."""
        if self._watch is not None or self._conditionals or self._cases:
            return ()
        texts = [*texts, *(body for body, _, _ in self._functions.values())]
        return tuple(
            name
            for name in self.variables
            if name not in self.exported and not any(name in text for text in texts)
        )

    def memo_state(self) -> tuple[object, ...]:
        """What reading a file may depend on, or change, of this reading's state (see
        ``._source_memo``): :meth:`memo_restore` sets it again."""
        sourced = self.sourcing.state() if self.sourcing is not None else None
        return (
            self.variables, sorted(self.exported), self.arrays, self.maps,
            sorted(self._skipped), self.branches, self._conditionals, self._cases,
            self._functions, self._acts, self.cwd, self.positional, self._defaults,
            self._no_arguments, self._option_cases, self._depth, self._bodies, self._calls,
            self._all_calls, self._branch_floor, self.inputs, self._allexport,
            self._sourced_assignments(), sourced,
        )  # fmt: skip

    def memo_restore(self, state: tuple[Any, ...]) -> bool:
        """The state :meth:`memo_state` gave (a copy of it), set again; ``False`` when it
        cannot be (it sourced the script read now)."""
        if self.sourcing is not None and not self.sourcing.fits(state[-1]):
            return False
        (
            variables, exported, arrays, maps, skipped, branches, conditionals, cases,
            functions, acts, self.cwd, self.positional, self._defaults, self._no_arguments,
            option_cases, self._depth,
            self._bodies, self._calls, self._all_calls, self._branch_floor, inputs,
            self._allexport, assigned, sourced,
        ) = state  # fmt: skip
        # (in place: a caller may hold them, as _command holds the open cases)
        for mapping, value in (
            (self.variables, variables), (self.arrays, arrays), (self.maps, maps),
            (self._functions, functions), (self._acts, acts), (self.inputs, inputs),
        ):  # fmt: skip
            mapping.clear()
            mapping.update(value)
        self.exported.clear()
        self.exported.update(exported)
        self._skipped.clear()
        self._skipped.update(skipped)
        self._conditionals[:], self._cases[:] = conditionals, cases
        self._option_cases[:] = option_cases
        for slot in Branches.__slots__:
            setattr(self.branches, slot, getattr(branches, slot))
        if self.sourcing is not None and sourced is not None:
            self.sourcing.restore(sourced)
        # (the script's own assignments stay: they are no part of the state)
        own = {
            name: [noted for noted in notes if noted[3] is None]
            for name, notes in self._assigned_at.items()
        }
        self._assigned_at.clear()
        for name in {*own, *assigned}:
            self._assigned_at[name] = [*own.get(name, ()), *assigned.get(name, ())]
        return True

    def _sourced_assignments(self) -> dict[str, list[_Assigned]]:
        """The assignments noted in sourced files (see :meth:`_note_assigned`), by name: a
        part of the state a sourced file's reading leaves (the script's own are not)."""
        found: dict[str, list[_Assigned]] = {}
        for name, notes in self._assigned_at.items():
            kept = [noted for noted in notes if noted[3] is not None]
            if kept:
                found[name] = kept
        return found

    def _run(
        self, program: str, words: list[str], wrapped: list[str], prefix: list[str], line: int
    ) -> bool:
        """A script of the project run (``./x.sh``, ``bash x.sh``; whether the command runs
        one): read with the environment and working directory this shell gives it (see
        ``._runs``)."""
        from ._runs import script_operand, wrapped_environment

        running = self.running
        operand = script_operand(program, [self.expand(word) for word in words[1:]])
        if running is None or operand is None:
            return False
        added, reset = wrapped_environment(wrapped)
        environment = {} if reset else self._environment(prefix)
        environment.update((name, self.expand(value)) for name, value in added)
        sourced = self.sourcing is not None and self.sourcing.in_sourced_file
        arguments = self._script_arguments(program, operand, words[1:])
        cwd = self.cwd
        if cwd is None and not sourced and arguments:
            # (a script run from where a run decides gives a wrapper its command, `tools/w.sh
            # docker pull …`, from where that path is a script of the project: its own
            # directory, or the project's root)
            cwd = running.start_of(operand)
        if running.may_read(operand, cwd=cwd, script=self.script, sourced=sourced):
            self._ran += 1
        running.run(
            operand,
            cwd=cwd,
            script=self.script,
            environment=environment,
            line=line,
            sourced=sourced,
            arguments=arguments,
            option_words=self._option_words(program, operand, words[1:]),
            repository=self.repository,
        )
        return True

    def _option_words(self, program: str, operand: str, words: list[str]) -> tuple[str, ...] | None:
        """The arguments a command gives the script ``operand`` it runs, for an option loop of
        the script (see ``._option_loop``): as :meth:`_script_arguments` gives them, but a
        word it cannot tell one (spaces, none: a run may split it) is a run's word, not the
        end of all (mockserver's ``run-in-docker.sh -i node:22 -- bash -c 'npm ci && npm
        test'``: the image is known, the command after ``--`` is not looked at)."""
        expanded = self.arguments(words)
        if program != operand:
            if operand not in expanded:
                return None
            expanded = expanded[expanded.index(operand) + 1 :]
        return tuple(
            UNKNOWN if not word or any(c.isspace() for c in word) else word
            for word in expanded
            if word[:1] not in "<>" and word[:2] not in ("1>", "2>", "&>")
        )

    def _script_arguments(
        self, program: str, operand: str, words: list[str]
    ) -> tuple[str, ...] | None:
        """The arguments a command gives the script ``operand`` it runs (``./x.sh v2.12.0
        warning``, ``bash -e x.sh v2.12.0``), or ``None`` when a run decides them: a word
        that expands to several words or to none, or a redirection (``2>&1``), which the
        words here do not tell apart from arguments."""
        expanded = self.arguments(words)
        if program != operand:  # (a shell's operand: the words after it)
            if operand not in expanded:
                return None
            expanded = expanded[expanded.index(operand) + 1 :]
        if any(not word or any(c.isspace() for c in word) for word in expanded):
            return None
        if any(word[:1] in "<>" or word[:2] in ("1>", "2>", "&>") for word in expanded):
            return None
        return tuple(expanded)

    def _default_engine(self, word: str) -> str | None:
        """The engine a command word that is one variable runs when the value last set is a
        run's (an option's ``"$2"``) and the script's own other value is an engine: its
        default, which the option may replace by another engine (eclipse-cyclonedds's
        ``scripts/docker/build_docker_image.sh``: ``CONTAINER_RUNTIME="docker"``, ``-r|--runtime)
        CONTAINER_RUNTIME="$2"``, then ``$CONTAINER_RUNTIME build … --tag ubuntu:cyclonedds``,
        the image its ``build_cyclonedds.sh`` runs). ``None`` when the variable has another
        value of the script's own (``DOCKER=echo`` for a dry run) or two engines."""
        from ._build_outputs import whole_variable

        name = whole_variable(word.lstrip(SPLIT))
        if name is None:
            return None
        defaults: set[str] = set()
        for value in self.branches.values.get(name, ()):
            if value is None or UNKNOWN in plain_text(value):
                continue
            words = value.split()
            if not words or engine_of(words[-1]) is None:
                return None
            defaults.add(value)
        return defaults.pop() if len(defaults) == 1 else None

    def _surely_an_engine(self, word: str) -> bool:
        """Whether a command's first word runs an engine whatever branch of an ``if`` before
        it was taken: a variable the branches set (``CONTAINER_ENGINE=podman`` or
        ``docker``, getsentry/self-hosted) is one whose every value is an engine (or unset,
        which runs nothing); its value is the one last set, as any variable's. A branch that
        gives a run's value (searxng's ``container_engine="$1"``, when ``$1`` is ``podman`` or
        ``docker``, else ``podman`` or ``docker`` as installed) does not say otherwise when
        another gives an engine."""
        engines = runs = 0
        for name in _names_in(word):
            for value in self.branches.values.get(name, ()):
                words = (value or "").split()
                if value is None:
                    continue
                if words and engine_of(words[-1]) is not None:
                    engines += 1
                elif words and plain_text(value) == UNKNOWN:
                    runs += 1
                else:
                    return False
        return engines > 0 or runs == 0

    def _kubectl(
        self, program: str, command: SimpleCommand, words: list[str], line: int, last: int
    ) -> list[ShellPull]:
        """The images a ``kubectl`` (``oc``) command has a cluster run: its own, or, for
        ``kubectl apply -f -``, those of the dry run piped into it, or of the manifest its
        here-document is (see ``._kubectl``)."""
        from ._kubectl import applies_stdin, kubectl_pulls, manifest_pulls

        arguments = self.arguments(words[1:])
        found = kubectl_pulls(program, arguments, line, last)
        verb = applies_stdin(arguments) if not found else None
        if verb is None:
            return found
        document = command.document
        if document is not None:
            lines = document.lines
            if not document.literal:  # (`<<EOF`: the shell puts its variables in)
                lines = [self.expand(text.replace("\\$", DOLLAR)) for text in lines]
            return manifest_pulls(program, verb, "\n".join(lines), document.line)
        piped = self._through_wrappers(command.piped or [])
        source = kubectl_of(self.expand(piped[0])) if piped else None
        if source is None:
            return []
        arguments = self.arguments(piped[1:])
        return kubectl_pulls(source, arguments, line, last, applied=True)

    def _environment(self, prefix: list[str]) -> dict[str, str]:
        """The variables a command gets: those exported, and its own ``NAME=value`` words."""
        variables = self.variables
        environment = (
            {name: variables[name] for name in self.exported if name in variables}
            if not isinstance(variables, WatchedVariables)
            else variables.quiet_copy(self.exported)  # (read when a command looks at it)
        )
        for word in prefix:
            if (assigned := _assignment(word)) is not None:
                environment[assigned[0]] = self.expand(assigned[1])
        return environment

    def _given(self, prefix: list[str], wrapped: list[str]) -> list[str]:
        """A command's ``NAME=value`` words: its own, and those of ``env`` before it, each
        expanded first as the shell expands it (arrow-adbc's ``env ${OS@U}=${OS_VERSION}
        docker compose run``: ``UBUNTU=22.04``)."""
        if "env" not in wrapped:
            return prefix
        from ._runs import wrapped_environment

        added, _ = wrapped_environment([self.expand(word) for word in wrapped])
        return [*prefix, *(f"{name}={value}" for name, value in added)]

    def _compose(self, program: str, words: list[str], prefix: list[str], line: int) -> bool:
        """A compose command (whether it is one): the files it reads, with the variables it
        is given; once for each combination of values the branches of an ``if`` before it
        leave the variables it is given (its own ``NAME=$VAR`` too)."""
        from ._compose_cmd import compose_command

        names = set(self.exported)
        if self.branches.values:
            names.update(name for word in prefix for name in _names_in(word))
        variants = self.branches.variants(names)
        found = None
        for variant in variants:
            saved = {name: self.variables.get(name) for name in variant}
            for name, value in variant.items():
                self._set(name, value)
            arguments = self.arguments(words[1:])
            environment = self._environment(prefix)
            for name, value in saved.items():
                self._set(name, value)
            sourced = self.sourcing is not None and self.sourcing.in_sourced_file
            found = compose_command(
                program, arguments, line, environment, self.cwd, sourced=sourced
            )
            if found is None:
                return False
            written = self._dotenv_of(found)
            if written:  # (the .env this shell wrote: below the environment, which wins)
                environment = {**written, **environment}
                found = compose_command(
                    program, arguments, line, environment, self.cwd, sourced=sourced
                )
                if found is None:
                    return False
            self.composes.append(found)
        return found is not None

    def _envsubst(
        self, command: SimpleCommand, arguments: list[str], prefix: list[str], line: int
    ) -> None:
        """An ``envsubst`` that renders a file of the project (``envsubst < FILE``, ``cat FILE |
        envsubst``), kept as a compose command is, with the variables it is given: those
        exported and its own ``NAME=value`` words, only those its ``SHELL-FORMAT`` names when
        it has one (``envsubst '$A $B'``). See ``._compose_cmd.render_command``."""
        from ._compose_cmd import render_command

        source = command.stdin
        if source is None:
            piped = command.piped or []
            if "<(" in piped:  # (`kubectl apply -f <(cat FILE | envsubst)`: its own pipeline)
                piped = piped[len(piped) - piped[::-1].index("<(") :]
            piped = self._through_wrappers(piped)
            if len(piped) == 2 and self.expand(piped[0]) == "cat":
                source = piped[1]
        if source is None:
            return  # (what it renders is another command's output, or a run's)
        environment = self._environment(prefix)
        operands = [word for word in self.arguments(arguments) if not word.startswith("-")]
        if operands:
            import re

            shell_format = operands[0].replace(DOLLAR, "$")
            named = set(re.findall(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)", shell_format))
            environment = {name: value for name, value in environment.items() if name in named}
        sourced = self.sourcing is not None and self.sourcing.in_sourced_file
        source = self.expand(source)
        found = render_command(source, line, environment, self.cwd, sourced=sourced)
        if found is not None:
            self.composes.append(found)

    def _dockerize(self, program: str, words: list[str], prefix: list[str], line: int) -> None:
        """A dockerize that renders a compose template of the project, kept as a compose
        command is, with the variables it is given (see ``._dockerize_cmd``)."""
        from ._dockerize_cmd import dockerize_command

        arguments = self.arguments(words)
        sourced = self.sourcing is not None and self.sourcing.in_sourced_file
        environment = self._environment(prefix)
        found = dockerize_command(program, arguments, line, environment, self.cwd, sourced=sourced)
        if found is not None:
            self.composes.append(found)

    def _set(self, name: str, value: str | None) -> None:
        if value is None:
            self.variables.pop(name, None)
        else:
            self.variables[name] = value

    def _change_directory(self, program: str, arguments: list[str]) -> None:
        """``cd DIR`` (``pushd DIR``): where the commands after it run; ``cd``, ``cd -``,
        ``popd`` and a directory a run decides leave it to a run."""
        operands = [word for word in arguments if not word.startswith("-") or word == "-"]
        target = operands[0] if len(operands) == 1 and program != "popd" else None
        workspace, self._workspace = self._workspace, None
        if workspace is not None and target is not None and known(target) is not None:
            # (from a workspace that holds the checkout at `workspace`: into it, or out)
            path = os.path.normpath(target)
            if path == workspace or path.startswith(workspace + "/"):
                self.cwd = path[len(workspace) + 1 :]
                return
        marked = script_directory(target) if target is not None else None
        top = f"{UNKNOWN}{REPOSITORY_TOP}{UNKNOWN}"
        if target is not None and target.startswith(top):
            # (`cd "$(git rev-parse --show-toplevel)"`: the repository's top, when known)
            rest = target[len(top) :].lstrip("/")
            known_rest = known(rest) is not None or not rest
            top_known = self.repository is not None and known_rest
            self.cwd = (
                os.path.normpath(os.path.join(self.repository or "", rest)) if top_known else None
            )
            if self.cwd == ".":
                self.cwd = ""
        elif marked is not None:
            # (`cd "$(dirname "$0")"`: the script's own directory, when it is known)
            from ._runs import in_script_directory

            sourced = self.sourcing is not None and self.sourcing.in_sourced_file
            self.cwd = in_script_directory(*marked, self.script, sourced=sourced)
        elif target is None or target == "-" or known(target) is None:
            self.cwd = None
        elif os.path.isabs(target):
            self.cwd = os.path.normpath(target)
        elif self.cwd is not None:
            self.cwd = os.path.normpath(os.path.join(self.cwd, target))

    def _from_workspace(self, words: list[str]) -> tuple[list[str], str | None]:
        """A ``make`` command's arguments (expanded) and the directory it runs in, a ``-C``
        directory in a CI job's workspace (``$GITHUB_WORKSPACE/…``) made one in the checkout,
        from its top: containerd's CI checks out at ``src/github.com/containerd/containerd``
        and runs ``make -C $GITHUB_WORKSPACE/src/github.com/containerd/containerd/integration/
        images/volume-copy-up build-registry``."""
        arguments = self.arguments(words)
        checkout = self._checkout_path
        if checkout is None and self.repository is None:
            return arguments, self.cwd
        for index, word in enumerate(words[:-1]):
            if word not in ("-C", "--directory"):
                continue
            found = _WORKSPACE_PATH.match(words[index + 1].strip("\"'"))
            if found is None:
                continue
            rest = os.path.normpath(self.expand(words[index + 1].strip("\"'")[found.end() :]))
            if known(rest) is None or rest.startswith(".."):
                continue
            if checkout is not None:
                if rest != checkout and not rest.startswith(checkout + "/"):
                    continue
                rest = rest[len(checkout) + 1 :] or "."
            elif self.repository:
                rest = os.path.join(self.repository, rest)
            given = [*self.arguments(words[:index]), "-C", rest]
            return [*given, *self.arguments(words[index + 2 :])], ""
        return arguments, self.cwd

    def _situated(
        self, build: ShellBuild, command: SimpleCommand, environment: Mapping[str, str]
    ) -> ShellBuild:
        """A build command with what its shell gives it: the directory it runs in, the file
        its standard input is (``-f -``), the variables ``--build-arg NAME`` passes on."""
        dockerfile, context, decided = build.dockerfile, build.context, build.decided
        stdin = self._stdin(command)
        inline, inline_line = build.inline, build.inline_line
        if dockerfile == "-" or (context == "-" and dockerfile is None):
            # (`docker build - < Dockerfile`: the Dockerfile alone, no context)
            dockerfile = stdin
            document = command.document if stdin is None else None
            if document is not None:  # (`docker build -f - . <<EOF`: the text is the file)
                inline = "\n".join(self._dockerfile_lines(document))
                inline_line = document.line
            elif stdin is None and (echoed := self._echoed_document(command)) is not None:
                inline, inline_line = echoed
            decided = decided and (stdin is not None or inline is not None)
            context = None if context == "-" else context
        elif context == "-":
            context = None
        workdir = self.cwd
        if any(_placed_from_start(path) for path in (dockerfile, context) if path):
            # (`-f "${REPO_ROOT}/cmd/jaeger/Dockerfile"`, REPO_ROOT the script's `../..`)
            plain = dockerfile if dockerfile and not _placed_from_start(dockerfile) else None
            (dockerfile, found), (context, placed) = map(self._from_start, (dockerfile, context))
            if plain is not None and not found and self._started_in_own_directory(plain):
                # (`-f Dockerfile` beside a context of the script's `${SCRIPT_DIR}/..`: docker
                # reads `-f` from where it is run, which can only be the script's own directory,
                # where that file is; carla-simulator/ros-bridge's docker/build.sh)
                dockerfile, found = os.path.normpath(plain), True
            if dockerfile is not None and found and not placed:
                # (`--file="$(dirname $(realpath $0))/Dockerfile" .`: the context is a run's
                # directory, but the FROM lines are the Dockerfile's, wherever it runs;
                # FRRouting/frr's docker/ubi8-minimal/build.sh)
                context, placed = None, True
            decided, workdir = decided and found and placed, ""
        args = dict(build.args)
        unresolved = list(build.unresolved)
        leading = dict(build.leading)
        for name in build.unresolved:
            if name.startswith(FROM_ENVIRONMENT):
                unresolved.remove(name)
                name = name[len(FROM_ENVIRONMENT) :]
                value = environment.get(name)
                if value is None:
                    continue  # (not passed, as buildx leaves an unset one: the ARG's default)
                if known(value) is not None or not value:
                    args[name] = value
                else:
                    unresolved.append(name)
                    # (the known text a run's value starts with, as for `--build-arg N=V`:
                    # overleaf's Makefile exports `OVERLEAF_BASE_TAG ?= sharelatex/
                    # sharelatex-base:$(BRANCH_NAME_TAG_SAFE)-$(MONOREPO_REVISION)`, which
                    # its build-base target tags, and passes `--build-arg OVERLEAF_BASE_TAG`)
                    start = plain_text(value).partition(UNKNOWN)[0]
                    if start:
                        leading[name] = start
        return build.replaced(
            dockerfile=dockerfile,
            context=context,
            args=args.items(),
            unresolved=dict.fromkeys(unresolved),
            leading=leading.items(),
            workdir=workdir,
            decided=decided,
            inline=inline,
            inline_line=inline_line if inline is not None else 0,
        )

    def _write_document(self, program: str, command: SimpleCommand, arguments: list[str]) -> None:
        """``cat > FILE <<EOF`` (``cat <<EOF >FILE``, ``tee FILE <<EOF``): the here-document is
        the text of ``FILE`` from here on, kept for a build whose ``-f FILE`` reads it (see
        :meth:`_from_written`). A ``cat`` of files of its own does not read the document."""
        document = command.document
        if document is None:
            return
        if program == "cat":
            if arguments not in ([], ["-"]):
                return
            paths = [path for path in command.outputs if not path.startswith("&")]
            if not command.outputs and command.pipes_into is None:
                # (a function's `cat <<EOF` writes where its call's output goes: netbirdio's
                # getting-started.sh runs `render_docker_compose_traefik > docker-compose.yml`)
                paths = list(self._stdout)
        else:
            paths = [word for word in arguments if not word.startswith("-")]
        for path in paths:
            self._written[self._written_key(self.expand(path))] = document
        tee_appends = program == "tee" and bool({"-a", "--append"} & set(arguments))
        self._dotenv_document(paths, command, document, append=tee_appends)
        self._image_list(paths, self._numbered(document))
        self._compose_document(paths, document)
        self._dockerfile_document(paths, document)
        self._kind_document(paths, document)

    def _shell_writes_document(self, command: SimpleCommand, arguments: list[str]) -> None:
        """``sudo sh -c "cat > FILE" <<EOF`` (``tee FILE``): the shell's ``cat`` reads the
        here-document the shell is given, as a ``cat > FILE <<EOF`` of this one would
        (folio-org/folio-install's Vagrant provisioning writes its compose file so)."""
        document = command.document
        if document is None or len(arguments) != 2 or arguments[0] != "-c":
            return
        found = _WRITES_STDIN.fullmatch(self.expand(arguments[1]))
        if found is None:
            return
        path = found["cat"] or found["tee"]
        self._written[self._written_key(path)] = document
        self._image_list([path], self._numbered(document))
        self._compose_document([path], document)
        self._dockerfile_document([path], document)

    def _numbered(self, document: HereDocument) -> list[tuple[int, str]]:
        """A here-document's lines as the command reads them, each with its number."""
        lines = self._document_lines(document)
        return [(document.line + number, text) for number, text in enumerate(lines)]

    def _image_list(self, paths: list[str], lines: list[tuple[int, str]]) -> None:
        """The pulls of an image list the script writes to one of ``paths`` (see
        ``._image_lists``), one an image at its line."""
        if self.pulls is None:
            return
        from ._image_lists import listed, names_image_list

        if not any(names_image_list(self.expand(p)) for p in paths):
            return
        self.pulls.extend(
            ShellPull(number, number, "image-list", "list", image)
            for number, image in listed(lines)
        )

    def _compose_document(self, paths: list[str], document: HereDocument) -> None:
        """The pulls of a compose file the script writes to one of ``paths``
        (``docker-compose.yml``, ``compose.yaml``): each service's image that it does not
        build, as compose reads the text (its ``${NAME:-default}`` with no value given),
        at its line. frain-dev/convoy's ``install-local.sh`` writes the stack it then runs
        with ``docker compose -f``. An image the script or compose leaves to a run is not
        read."""
        if self.pulls is None:
            return
        from ..discover import is_compose_name

        if not any(is_compose_name(os.path.basename(self.expand(p))) for p in paths):
            return
        from ..compose import scan_compose

        # (a line that is only values a run gives, or the output of a command, `$(if …; fi)`,
        # is left empty: the rest of the file is still YAML; netbirdio's getting-started.sh
        # puts `$traefik_file_provider`, set in a branch a run decides, on a line of its own)
        lines: list[str] = []
        origins: list[int] = []  # (the document's line each comes from: a value may be lines)
        for origin, expanded in enumerate(self._document_lines(document)):
            for piece in expanded.split("\n"):
                lines.append("" if _only_run_values(piece) else _keyed_run_values(piece))
                origins.append(origin)
        text = "\n".join(lines) + "\n"
        for occurrence in scan_compose(text, env={}):
            image = occurrence.text
            if (
                occurrence.reference is None
                or occurrence.built is not None
                or occurrence.context.get("field") != "image"
                or UNKNOWN in image
                or "$" in image
            ):
                continue
            line = document.line + origins[min(occurrence.line, len(origins)) - 1]
            self.pulls.append(ShellPull(line, line, "compose", "file", image))

    def _dockerfile_document(self, paths: list[str], document: HereDocument) -> None:
        """The pulls of a Dockerfile the script writes to one of ``paths`` (a Dockerfile by
        its name, ``Dockerfile.minio``, ``${TEST_ID}_Dockerfile.sleep``): each ``FROM`` image
        that is no stage of its own, at its line. A file written so is written to be built,
        by a command this reading may not follow: minio/directpv's sidecar release writes
        ``Dockerfile.minio`` for the goreleaser configuration it writes next, and its
        multi-node tests build theirs with ``podman`` on a machine they reach by ``ssh``. A
        build here whose ``-f`` reads the file reads its ``FROM`` lines itself (see
        :meth:`_from_written`: these are taken back). An image a run decides is not read."""
        if self.pulls is None:
            return
        names = [os.path.basename(self.expand(path)) for path in paths]
        if not any(map(_names_a_dockerfile, names)):
            return
        for number, image in _from_images(self._numbered(document)):
            if UNKNOWN not in image and "$" not in image and known(image) is not None:
                self.pulls.append(ShellPull(number, number, "dockerfile", "from", image))

    def _kind_document(self, paths: list[str], document: HereDocument) -> None:
        """The node images of a kind cluster configuration (``apiVersion:
        kind.x-k8s.io/…``, ``kind: Cluster``) the script writes to a file: its
        ``nodes[].image``, each at its line. Such a file is written for kind to create a
        cluster with, by ``kind create cluster --config FILE`` or by a later CI step:
        dapr/dapr's kind-e2e workflow writes ``kind.yaml`` with ``cat > kind.yaml <<EOF`` and
        gives it to ``helm/kind-action``'s ``config`` (kind.sigs.k8s.io/docs/user/configuration).
        An image a run decides is not read."""
        if self.pulls is None or not paths:
            return
        text = "\n".join(self._document_lines(document))
        if "kind.x-k8s.io" not in text or "Cluster" not in text:
            return
        from ._kubectl import manifest_pulls

        self.pulls.extend(manifest_pulls("kind", "create cluster", text, document.line))

    def _written_key(self, path: str) -> str:
        """Where a file is, as :attr:`_written` keeps it: a relative path from the directory
        the command runs in (a path a run decides, as expanded: the same unknown directory
        written in the same way, ``$RUNNER_TEMP/inject.Dockerfile``)."""
        if path.startswith(("/", UNKNOWN)) or self.cwd is None:
            return path
        return os.path.normpath(os.path.join(self.cwd, path))

    def _from_written(self, build: ShellBuild, arguments: list[str]) -> ShellBuild:
        """``build``, when its ``-f FILE`` (with none, its context's ``Dockerfile``) is a file
        a here-document of this script wrote (:meth:`_write_document`), as one of that
        text: SigNoz/signoz's CI writes
        ``$RUNNER_TEMP/inject.Dockerfile`` with ``cat > … <<'EOF'`` (``FROM busybox:1.37``),
        then runs ``docker build -f "$RUNNER_TEMP/inject.Dockerfile" "$RUNNER_TEMP/cacheci"``."""
        given = file_option(arguments)
        document = self._written.get(self._written_key(given)) if given else None
        context = build.context
        if given is None and build.dockerfile is None and context and _local_context(context):
            # (no `-f`: the context's Dockerfile, or buildah's and podman's Containerfile)
            document = next(
                (
                    self._written[key]
                    for name in ("Dockerfile", "Containerfile")
                    if (key := self._written_key(os.path.join(context, name))) in self._written
                ),
                None,
            )
        if document is None:
            return build
        if self.pulls is not None:  # (its FROM lines are the build's: not pulls of their own)
            end = document.line + len(document.lines)
            self.pulls[:] = [
                pull
                for pull in self.pulls
                if pull.engine != "dockerfile" or not document.line <= pull.line < end
            ]
        target_known = build.target is not None or not any(
            word == "--target" or word.startswith("--target=") for word in arguments
        )
        return build.replaced(
            dockerfile=None,
            decided=target_known,
            inline="\n".join(self._dockerfile_lines(document)),
            inline_line=document.line,
        )

    def _started_in_own_directory(self, path: str) -> bool:
        """Whether a relative ``path`` a run's directory decides may be read from the script's
        own directory: a script read alone (run there, as ``./build.sh``) whose directory has
        that file."""
        if self.cwd is not None or self.script_directory is None or os.path.isabs(path):
            return False
        return os.path.isfile(os.path.join(self.script_directory, path))

    def _from_start(self, path: str | None) -> tuple[str | None, bool]:
        """A build's path from where the shell started, and whether it is known: one in the
        script's directory (see :func:`script_directory`), or one from the directory the
        command runs in."""
        if path is None:
            return None, True
        rest = repository_path(path)
        if rest is not None:
            # (`$(git rev-parse --show-toplevel)/src/test/docker/checks`: from the repository's
            # top, when the run's checkout is known; flux-framework/flux-core's CI runs
            # docker-run-checks.sh, whose build's context is `$TOP/src/test/docker/checks`)
            if self.repository is None:
                return None, False
            return os.path.normpath(os.path.join(self.repository, rest)), True
        marked = script_directory(path)
        if marked is not None:
            from ._runs import in_script_directory

            sourced = self.sourcing is not None and self.sourcing.in_sourced_file
            found = in_script_directory(*marked, self.script, sourced=sourced)
            return found, found is not None
        if self.cwd is None or os.path.isabs(path):
            return (path, True) if os.path.isabs(path) else (None, False)
        return os.path.normpath(os.path.join(self.cwd, path)), True

    def _document_lines(self, document: HereDocument) -> list[str]:
        """A here-document's lines as the command reads them (``<<EOF``: the shell puts its
        variables in; ``<<'EOF'``: as written)."""
        if document.literal:
            return list(document.lines)
        return [self.expand(text.replace("\\$", DOLLAR)) for text in document.lines]

    def _dockerfile_lines(self, document: HereDocument) -> list[str]:
        """A here-document's lines as the Dockerfile ``docker build -f -`` reads: as
        :meth:`_document_lines` gives them, but a variable whose value only a run knows stays a
        Dockerfile variable (``V=$1`` then ``FROM ubuntu:$V``: ``ubuntu:${V}``, which the
        Dockerfile reader reports unresolved, not a run's mark inside a reference)."""
        if document.literal:
            return list(document.lines)
        return [self._dockerfile_line(text.replace("\\$", DOLLAR)) for text in document.lines]

    def _dockerfile_line(self, text: str) -> str:
        """One line of :meth:`_dockerfile_lines`."""
        out: list[str] = []
        index = 0
        dollar = text.find("$")
        while 0 <= dollar < len(text) - 1:
            following = text[dollar + 1]
            if following == "{":
                end = closing(text, dollar + 1) + 1
                name = name_at(text, dollar + 2)
            elif following.isdigit():
                end, name = dollar + 2, following
            else:
                name = name_at(text, dollar + 1)
                end = dollar + 1 + len(name)
            if end <= dollar + 1:  # (no parameter: `$(…)`, `$$`, an unclosed `${`)
                dollar = text.find("$", dollar + 1)
                continue
            out.append(self.expand(text[index:dollar]))
            expanded = self.expand(text[dollar:end])
            if name and expanded and known(expanded) is None:
                expanded = "${" + name + "}"
            out.append(expanded)
            index = end
            dollar = text.find("$", end)
        out.append(self.expand(text[index:]))
        return "".join(out)

    def _echoed_document(self, command: SimpleCommand) -> tuple[str, int] | None:
        """``echo "$NAME" |`` before the command, ``NAME`` a text written at a line of the
        file read (see ``documents``): that text, which the shell prints as it is (a value's
        ``$ARCH`` is no variable of the shell's), and its line. bluenviron/mediamtx's
        ``scripts/binaries.mk`` so builds its ``define DOCKERFILE_BINARIES``, ``FROM
        $(BASE_IMAGE)``, which make exports to the recipe's shell."""
        piped = command.piped
        if not self._documents or not piped or len(piped) != 2 or piped[0] != "echo":
            return None
        echoed = _ECHOED_VARIABLE.fullmatch(piped[1])
        name = echoed.group(1) or echoed.group(2) if echoed else None
        if name is None or name not in self._documents or name not in self.variables:
            return None
        text = self.variables[name]
        if UNKNOWN in text:  # (a value only a run gives, `$(BASE_IMAGE)` of a file read alone)
            return None
        return text, self._documents[name]

    def _stdin(self, command: SimpleCommand) -> str | None:
        """The file a command reads on its standard input, when a run cannot change it: ``<
        PATH``, or ``cat PATH |`` before it."""
        if command.stdin is not None:
            return known(self.expand(command.stdin))
        piped = command.piped
        if piped and piped[0] == "cat" and len(piped) == 2 and not piped[1].startswith("-"):
            return known(self.expand(piped[1]))
        return None

    def _xargs(
        self, command: SimpleCommand, prefix: list[str], words: list[str]
    ) -> list[ShellBuild] | None:
        """What the commands ``xargs`` runs with its here-document's words build and pull (see
        ``._xargs``), each at the line of its first word; ``None`` when its input is not read
        as words here."""
        from ._xargs import runs

        document = command.document
        if document is None:
            return None
        lines = [
            (document.line + number, text)
            for number, text in enumerate(self._document_lines(document))
            if not any(mark in text for mark in ("'", '"', "\\"))
        ]
        found = runs(words, lines)
        if found is None:
            return None
        written, fed = found
        if [self.expand(word) for word in written] == ["echo"]:
            # (`xargs -n1 echo <<EOF > images.txt`: the list written, see ._image_lists)
            outputs = [path for path in command.outputs if not path.startswith("&")]
            self._image_list(outputs, lines)
            return []
        built: list[ShellBuild] = []
        for line, given in fed:
            # (the input's words are values: put in as they are, not expanded again)
            values = [word.replace("$", DOLLAR) for word in given]
            run = SimpleCommand([*prefix, *written, *values], command.depth, command.piped)
            run.joined = command.joined
            built.extend(self._simple_command(run, line, line))
        return built

    def _through_wrappers(self, words: list[str]) -> list[str]:
        """The command a keyword or wrapper (``if``, ``sudo -E``, ``time``, ``env A=1``) runs."""
        index = 0
        while index < len(words):
            word = words[index]
            if word in _KEYWORDS:
                index += 1
                continue
            wrapper = _WRAPPERS.get(word)
            if wrapper is None and _may_run_in_vm(word):
                inside = command_in_vm(words[index:])  # (`limactl shell NAME nerdctl …`)
                if inside is not None:
                    return self._through_wrappers(inside)
            if wrapper is None and word not in _KEYWORDS:
                wrapped = self._run_by_script(words[index:])
                if wrapped is not None:
                    return wrapped
            if word == "export":
                self._export(words[index + 1 :])
                return []
            if word == "set":
                self._set_options(words[index + 1 :])
                return []
            if word == "run" and self._bats:
                return self._through_wrappers(_bats.run_command(words[index + 1 :]))
            if word in ("readonly", "local", "declare", "typeset"):
                options = [other for other in words[index + 1 :] if other.startswith("-")]
                associative = any("A" in option for option in options)
                for other in words[index + 1 :]:
                    if associative and _arrays.ArrayAssignment.of(other) is not None:
                        self._assign_map(other)
                    elif associative and other.isidentifier():
                        self.maps[other] = {}  # (`declare -A M`, then `M[key]=value`)
                    elif _sets_variable(other):
                        self._assign(other)
                return []
            if wrapper is None:
                return words[index:]
            index += 1
            if word == "command" and index < len(words) and words[index] in ("-v", "-V"):
                return []  # a question about a command, not a run of it
            while index < len(words):
                option = words[index]
                if option.startswith("-") and option != "-":
                    index += 2 if option in wrapper else 1
                elif (word in _ENV_WRAPPERS and _assignment(self.expand(option)) is not None) or (
                    word == "timeout" and self.expand(option)[:1].isdigit()
                ):  # (`timeout $SKOPEO_TIMEOUT …`: skopeo's Bats helpers)
                    index += 1  # (env's NAME=value, timeout's duration)
                else:
                    break
        return []

    def _run_by_script(self, words: list[str]) -> list[str] | None:
        """The command a script of the project runs as a wrapper: ``./hack/retry.sh --attempts
        7 -- docker buildx build …`` (kubernetes-sigs/kueue's Makefile builds every image
        so). ``--`` ends a utility's options (POSIX, *Utility Syntax Guidelines*, 10), and
        the words after it are its operands: when they are a command line of a program read
        here (an engine, ``kubectl``, ``helm``, ``kind``…), the script is a wrapper that
        runs it (a retry, a timer). Anything else after ``--`` (files, a script's own
        arguments) says nothing: ``None``."""
        script = self.expand(words[0]).rpartition("/")[2]
        if not script.endswith(".sh") or "--" not in words[1:]:
            return None
        operands = words[words.index("--", 1) + 1 :]
        command = self._through_wrappers(operands)
        if not command:
            return None
        program = self.expand(command[0])
        name = program.rpartition("/")[2].strip(ENGINE)
        readable = engine_of(program) is not None or kubectl_of(program) is not None
        return command if readable or name in _WRAPPED_PROGRAMS else None

    def _nested(self, program: str, words: list[str], line: int, last: int) -> list[ShellBuild]:
        """``sh -c 'script'``: the script, read as a shell of its own would read it; and
        ``sg GROUP -c 'script'``, which runs it so with another group (Percona's Jenkinsfiles
        run their ``docker run`` steps in ``sg docker -c "…"``); and ``su USER -c 'script'``,
        which has USER's shell run it (see ``._su``)."""
        if program.rpartition("/")[2] == "su" and self._depth < MAX_DEPTH:
            from ._su import su_command

            script = su_command(words)
            return [] if script is None else self._nested("sh", ["-c", script], line, last)
        if program.rpartition("/")[2] == "sg" and self._depth < MAX_DEPTH:
            operands = words[1:] if words[:1] == ["-"] else words
            if len(operands) == 3 and operands[1] == "-c":
                return self._nested("sh", ["-c", operands[2]], line, last)
            return []
        if self._depth >= MAX_DEPTH or program.rpartition("/")[2] not in SHELLS:
            return []
        for index, word in enumerate(words):
            if not word.startswith("-") or word.startswith("--"):
                return []
            if "c" in word[1:] and word[1:].isalpha():
                if index + 1 == len(words):
                    return []
                inner = ShellReader(
                    self.variables, pulls=self.pulls is not None, watch=self._watch,
                    _depth=self._depth + 1,
                )  # fmt: skip
                script = self.expand(words[index + 1])
                inner.cwd = self.cwd
                inner.exported = set(self.exported)
                builds = [build.at(line) for build in inner.read(script, line)]
                for found in inner.composes:
                    found.line = line
                self.composes.extend(inner.composes)
                for chart in inner.charts:
                    chart.line = line
                self.charts.extend(inner.charts)
                if self.pulls is not None and inner.pulls:
                    self.pulls.extend(pull.at(line, last) for pull in inner.pulls)
                return builds
        return []

    def _remote(
        self, command: SimpleCommand, words: list[str], line: int, last: int
    ) -> list[ShellBuild]:
        """``ssh [OPTIONS] DESTINATION COMMAND…``: the command the remote host's shell runs
        (see ``._ssh``), or with none the here-document ssh gives it, read as that shell
        reads it: with none of this shell's variables (those of a double-quoted command and
        an unquoted here-document are put in here, before ssh sends them) in a directory
        only a run knows. Its pulls are pulls, the names it builds the project's; what its
        builds read and its compose commands' files are the remote host's, not read here."""
        from ._ssh import remote_command

        if self._depth >= MAX_DEPTH:
            return []
        operands = remote_command(self.arguments(words))
        document = command.document
        if operands:
            script, first = " ".join(operands), line
        elif operands is not None and document is not None:
            script, first = "\n".join(self._document_lines(document)), document.line
        else:
            return []
        inner = ShellReader(pulls=self.pulls is not None, cwd=None, _depth=self._depth + 1)
        builds = [
            build.replaced(workdir=None, decided=False) for build in inner.read(script, first)
        ]
        pulls = inner.pulls or []
        if operands:  # (one line's command: placed at the ssh command, as `sh -c` is)
            builds = [build.at(line) for build in builds]
            pulls = [pull.at(line, last) for pull in pulls]
        if self.pulls is not None:
            self.pulls.extend(pulls)
        return builds

    def _eval(self, words: list[str], line: int) -> list[ShellBuild]:
        """``eval WORDS``: the words joined by spaces, read again as commands of this shell,
        at the line of the ``eval`` (openziti's ``run() { eval "$@"; }``, called as ``run
        "docker buildx build --tag ${TAGGED_REF} …"``, builds that tag)."""
        if self._depth >= MAX_DEPTH or not words:
            return []
        script = " ".join(self.arguments(words))
        self._depth += 1
        try:
            found = self.read(script, line)
        finally:
            self._depth -= 1
        return found

    def _substituted(self, substituted: list[str], line: int, last: int) -> None:
        """The pulls of the commands a line substitutes (``CID=$(docker create IMAGE)``), and
        the files its ``envsubst`` commands render (``-p "$(envsubst < patch.yaml)"``)."""
        if self._depth >= MAX_DEPTH:
            return
        for script in substituted:
            if self.pulls is None and ENVSUBST not in script:
                continue
            inner = ShellReader(
                self.variables, pulls=self.pulls is not None, cwd=self.cwd,
                exported=self.exported, watch=self._watch,
                _depth=self._depth + 1,
            )  # fmt: skip
            # (a function's `output=$("$@")` runs its arguments: cri-o's Bats `retry`)
            inner.positional, inner._bats = self.positional, self._bats
            # (a substitution is a subshell: it sees the script's arrays, its own changes stay
            # in it; emqx's `haproxy_cid=$(docker run … "${HAPROXY_PORTS[@]}" "${IMAGE}" sh …)`)
            inner.arrays, inner.maps = dict(self.arrays), dict(self.maps)
            inner._functions, inner._acts = self._functions, self._acts
            inner._calls, inner._all_calls = self._calls, self._all_calls
            # (and where its variables were set, for a command one of them holds: `frames=$(…
            # | $jq -s -c)` is placed where `jq="docker run … IMAGE"` writes the image)
            inner._assigned_at = dict(self._assigned_at)
            inner._body_file = self._lines_file() or SCRIPT_ITSELF
            inner.read(script, line)
            self._calls = min(self._calls, inner._calls)
            self._all_calls = min(self._all_calls, inner._all_calls)
            for found in inner.composes:
                if found.command == ENVSUBST:  # (its output is this line's word)
                    found.line = line
                    self.composes.append(found)
            if self.pulls is not None:
                # (a pull a called function writes in its body is placed there already, in
                # the file the script sources too: fnproject/fn's test.sh `POSTGRES_URL=$(
                # spawn_postgres …)` runs helpers.sh's `docker run … postgres:9.3-alpine`)
                self.pulls.extend(
                    pull
                    if pull in inner._placed or pull.path is not None or pull.line > last
                    or pull.last_line < line
                    else pull.at(line, last)
                    for pull in inner.pulls or ()
                )  # fmt: skip

    def _assign(self, word: str) -> None:
        found = _assignment(word)
        if found is None:
            self._assign_array(word)
            return
        name, value = found
        self._note_assigned(name, value)
        if self._defaults and _OPTARG_WORD.search(value):
            # (`getopts`' option value, alone or in a word (primero's `b="${OPTARG}/"`):
            # without the option, the default stays)
            return
        if self._no_arguments and any(self._option_cases) and _option_value(value):
            return  # (an option loop's value, as getopts': open-rmf's build-args.sh)
        expanded = self._expand_assigned(name, value)
        if not expanded and _EMPTY_DEFAULT.fullmatch(value):
            # (`x=${b:-""}`: the script's own empty default, no placeholder a run fills)
            expanded = SetEmpty()
        elif not value and not isinstance(expanded, SetEmpty) and self._set_only_here(name):
            # (`DOCKER_VOLUME_MOUNTS=''`, which nothing in the script sets again: empty for
            # good, so `docker run … $DOCKER_VOLUME_MOUNTS "$DOCKER_IMAGE"` is no word there;
            # Azure/iotedge's edgelet/build/linux/package.sh, survey s48c)
            expanded = SetEmpty()
        self.maps.pop(name, None)
        if self._open_environment and name not in self.variables and _self_default(name, value):
            self._environment_defaults.add(name)
        else:
            self._environment_defaults.discard(name)
        keyed = self._keyed_values(name, value) if UNKNOWN in plain_text(expanded) else None
        if keyed is not None:
            self._assign_each(name, keyed)
        else:
            self.branches.assigned(name, self.variables.get(name))
            self.variables[name] = expanded if len(expanded) <= MAX_VALUE else UNKNOWN
        if self._allexport:
            self.exported.add(name)
        elements = self.arrays.get(name)
        if elements:  # (`NAME=value` sets an array's first element)
            self.arrays[name] = (self.variables[name], *elements[1:])

    def _note_assigned(self, name: str, value: str) -> None:
        """Where ``name`` is set now to ``value`` as written (see :meth:`_written_at`)."""
        line, last = self._lines_now
        if not line or self.pulls is None:
            return
        noted = (value, line, last, self._lines_file(), self._branch_depth() == 0)
        # (a new list: a substitution's reader shares the older ones, see _substituted)
        older = self._assigned_at.get(name, ())
        self._assigned_at[name] = [*older[len(older) + 1 - _MAX_ASSIGNED :], noted]

    def _lines_file(self) -> str | None:
        """The file whose lines the commands read now are (``None``: the script's own): a
        function's, while its body is read for a call; else the sourced file read now."""
        if self._body_file is not None:
            return self._body_file or None
        return self.sourcing.sourced_file if self.sourcing is not None else None

    def _held_at(self, name: str, before: int) -> None:
        """The pulls from ``before`` on, of a command that a variable holds (``$CMD_PSQL -c
        …`` after ``CMD_PSQL="$CMD_DOCKER postgres:16 psql"``), placed where their image is
        written: at the assignment that writes it, once for all the runs of the command (as an
        alias's are, see :meth:`_aliased`); one the command's own words give (``$CMD_RUN
        alpine:3.20``), or one only a variable holding the image names, stays at the command
        (as ``IMAGE=x; docker run $IMAGE`` does). opencollective/opencollective-api's
        ``scripts/db_restore.sh`` runs its five command variables thirteen times."""
        if self.pulls is None:
            return
        where = self._lines_file()
        for index in range(before, len(self.pulls)):
            pull = self.pulls[index]
            if pull.path is None:
                place = self._written_at(name, pull.image, where, _MAX_HELD)
                if place is not None:
                    self.pulls[index] = pull.at(*place)
                    self._placed.add(self.pulls[index])

    def _written_at(
        self, name: str, image: str, where: str | None, depth: int
    ) -> tuple[int, int] | None:
        """The lines of the assignment of ``name`` (in the text ``where`` names) that writes
        ``image``, itself or through the variable that starts its value
        (``CMD_PSQL="$CMD_DOCKER postgres:16 psql"``, ``CMD_DOCKER="docker run img:1"``), of
        those that may give the value now: the newest, and older ones while the newer ones
        are in branches; ``None`` when none writes it."""
        for value, line, last, written, surely in reversed(self._assigned_at.get(name, ())):
            if written != where:
                return None
            if _writes_image(value, image):
                return line, last
            first = _first_variable(value)
            if first == name:
                continue  # (`CMD="$CMD -v …"`: what it adds to, an older assignment's)
            if first is not None and depth > 0:
                place = self._written_at(first, image, where, depth - 1)
                if place is not None:
                    return place
            if surely:
                return None
        return None

    def _set_only_here(self, name: str) -> bool:
        """Whether the script read names ``name`` only where it is set now, besides its
        expansions (``$NAME``, ``${NAME…}``): nothing sets it again (no other assignment,
        ``read``, ``for``, ``printf -v``, ``getopts``), and it sources no file and runs no
        ``eval`` that might. An empty value is otherwise a placeholder that a run fills in
        (see :meth:`_value`)."""
        return self._text is not None and name in _named_once(self._text)

    def _keyed_values(self, name: str, value: str) -> list[str] | None:
        """The values of an assignment to ``name`` that looks up an associative array the
        script sets by a key a run gives (``TAG=${stack_map[$REDIS_VERSION]}``): one for each
        of the array's values, as a ``case`` over its keys would set them, the script's
        written table being what a run picks from (redis/redis-py's run-tests action maps
        ``REDIS_VERSION`` to its ``redis_stack_version_mapping`` tag); ``None`` where none
        is looked up so, the array has more than :data:`_MAX_KEYED` keys, or a value is
        still a run's."""
        for found in _MAP_LOOKUP.finditer(value):
            entries = self.maps.get(found.group(1))
            if not entries or len(entries) > _MAX_KEYED:
                continue
            values: list[str] = []
            for key in entries:
                self._keyed = (found.group(1), key)
                try:
                    expanded = self._expand_assigned(name, value)
                finally:
                    self._keyed = None
                if UNKNOWN in plain_text(expanded) or len(expanded) > MAX_VALUE:
                    return None
                values.append(expanded)
            return list(dict.fromkeys(values))
        return None

    def _assign_each(self, name: str, values: list[str]) -> None:
        """``name`` set to one of ``values``, which a run chooses: a conditional of one arm a
        value (see ``._branches``), so that a command after it is read with each."""
        self.branches.open_case()
        for value in values:
            self.branches.assigned(name, self.variables.get(name))
            self.variables[name] = value
            self._restore(self.branches.end_arm(self.variables))
        self._restore(self.branches.close_case(self.variables, default=True))

    def _expand_assigned(self, name: str, value: str) -> str:
        """The ``value`` of an assignment to ``name``, expanded. An empty value is a
        placeholder a run fills (see :meth:`_value`), but not in an assignment that adds to
        it (``CMD=""``, then ``CMD="$CMD \"$ARG\""`` in a loop: nipy/nipype's
        ``tools/retry_cmd.sh``): there it is where the value starts."""
        current = self.variables.get(name)
        if current != "" or isinstance(current, SetEmpty) or "$" not in value:
            return self.expand(value)
        if name not in _NAMED_VARIABLES.findall(value):
            return self.expand(value)
        self.variables[name] = SetEmpty()
        try:
            return self.expand(value)
        finally:
            self.variables[name] = current

    def _assign_array(self, word: str) -> None:
        """``NAME=(…)``, ``NAME+=(…)``, ``NAME[i]=value``, ``NAME+=value`` (see ``._arrays``)."""
        found = _arrays.ArrayAssignment.of(word)
        if found is None:
            return
        name = found.name
        if name in self.maps:  # (`NAME[key]=value` of an associative array)
            entries = self.maps[name]
            key = self.expand(found.subscript or "")
            known_key = entries is not None and found.subscript is not None
            if known_key and UNKNOWN not in plain_text(key):
                # (`NAME[key]+=value` adds to the element's text, "" when it is unset:
                # IntelOwl's `start` gathers its compose files in `path_mapping[…]+=`)
                added = (entries or {}).get(key, "") if found.append else ""
                value = added + self.expand(found.value or "")
                self.maps[name] = {**(entries or {}), key: value}
            else:
                self.maps[name] = None
            return
        before = self._elements_set(name)
        elements: tuple[str, ...] | None
        if found.elements is not None:
            if any(_arrays.is_indexed(element) for element in found.elements):
                elements = None  # (`([2]=x)`, an associative array's `([key]=x)`)
            else:
                given = tuple(word for element in found.elements for word in self.words(element))
                if found.append:
                    elements = None if before is None else (*before, *given)
                else:
                    elements = given
        elif found.subscript is None:  # (`NAME+=value`: onto the first element)
            if not before:
                elements = (self.expand(found.value or ""),)
            else:
                elements = (before[0] + self.expand(found.value or ""), *before[1:])
        else:
            index = _arrays.index_of(found.subscript)
            value = self.expand(found.value or "")
            if before is None or index is None or not -len(before) <= index <= len(before):
                elements = None  # (an index a run decides, or a gap in the array)
            elif index == len(before):
                elements = None if found.append else (*before, value)
            else:
                changed = list(before)
                changed[index] = changed[index] + value if found.append else value
                elements = tuple(changed)
        elements = _arrays.capped(elements) if elements is not None else None
        self.branches.assigned(name, self.variables.get(name))
        self.arrays[name] = elements
        if elements is None:
            self.variables[name] = UNKNOWN
        elif elements:
            self.variables[name] = elements[0]
        else:
            self.variables.pop(name, None)  # (an empty array: `$NAME` is unset)

    def _assign_map(self, word: str) -> None:
        """``declare -A NAME=([key]=value …)``: an associative array, its keys and values
        expanded (``None``: a run decides them, as for an element of no ``[key]=`` form)."""
        found = _arrays.ArrayAssignment.of(word)
        if found is None or found.elements is None or found.append:
            if found is not None:
                self.maps[found.name] = None
            return
        entries: dict[str, str] | None = {}
        for element in found.elements:
            pair = _arrays.keyed(element)
            if pair is None or entries is None:
                entries = None
                continue
            key, value = (self.expand(part) for part in pair)
            entries = None if UNKNOWN in plain_text(key) else {**entries, key: value}
        self.branches.assigned(found.name, self.variables.get(found.name))
        self.maps[found.name] = entries
        self.arrays.pop(found.name, None)
        self.variables[found.name] = UNKNOWN  # (`$NAME` is its element "0": a run's here)

    def _elements_set(self, name: str) -> tuple[str, ...] | None:
        """The elements of ``name`` before an assignment changes them: an array's, a
        variable's one value (``()`` when it is unset: an array starts empty), ``None`` when
        a run decides them."""
        if name in self.arrays:
            return self.arrays[name]
        value = self.variables.get(name)
        if value is None:
            return ()
        return (value,) if known(value) is not None else None

    def _set_options(self, words: list[str]) -> None:
        """``set -a``/``set +a`` (also in a cluster, ``set -ea``) and ``set -o allexport``/``set
        +o allexport``: whether the variables set after it are exported (``set -a; . ./.env;
        set +a``, as openreplay's install.sh gives its compose file common.env's versions)."""
        for index, word in enumerate(words):
            if word == "--" or len(word) < 2 or word[0] not in "-+":
                return  # (`set -- ARGS`: the positional parameters, no option after)
            named = word[1:] == "o" and words[index + 1 : index + 2] == ["allexport"]
            if named or (word[1:].isalpha() and "a" in word[1:]):
                self._allexport = word[0] == "-"

    def _export(self, words: list[str]) -> None:
        """``export NAME=value`` and ``export NAME``: variables the commands after it get."""
        for word in words:
            if "=" in word and "$" in word.partition("=")[0] and _assignment(word) is None:
                # (a name a variable gives: fabric-samples' `export ${name}="…"`)
                named, _, value = word.partition("=")
                name = plain_text(self.expand(named))
                word = f"{name}={value}" if name.isidentifier() and name.isascii() else ""
            if _assignment(word) is not None:
                self._assign(word)
                self.exported.add(word.partition("=")[0])
            elif word.isidentifier():
                self.exported.add(word)

    # --- expansion -----------------------------------------------------------------

    def arguments(self, words: Iterable[str]) -> list[str]:
        """A command's words expanded: the words each one is (``"${ARGS[@]}"``: several)."""
        return [expanded for word in words for expanded in self.words(word)]

    def words(self, word: str) -> list[str]:
        """The words one word is, its variables put in (see ``._arrays``)."""
        if word in ALL_ARGUMENTS and self.positional is not None:
            return list(self.positional)  # (`"$@"`: each argument a word)
        if not _arrays.has_array_expansion(word):
            expanded = self.expand(word, nothing=NOTHING)
            if expanded == NOTHING:
                return []
            expanded = expanded.replace(NOTHING, "")
            if word.startswith(SPLIT) and len(expanded.split()) > 1:
                # (the words the shell makes; a run's part is one word here, though its value
                # may make more: searxng's `$params_build`, "build … --tag=…:$DOCKER_TAG")
                return expanded.split()
            return [expanded]
        return _arrays.expanded_words(word, self.expand, self._elements, UNKNOWN)

    def _elements(self, name: str) -> tuple[str, ...]:
        """What ``${NAME[@]}`` gives: an array's elements, a variable's value (one word a
        run decides when they are not known here)."""
        keys = name.startswith("!")
        name = name.removeprefix("!")
        if name in self.maps:
            # (an associative array: its values, or its keys (`${!NAME[@]}`), in the order set;
            # the shell's own order is its hash's, and each is read alike)
            entries = self.maps[name]
            if entries is None:
                return (unknown_for(name),)
            return tuple(entries) if keys else tuple(entries.values())
        if keys:
            elements_of = self.arrays.get(name)
            if name in self.arrays and elements_of is not None:
                return tuple(str(index) for index in range(len(elements_of)))
            return (UNKNOWN,)
        if name not in self.arrays:
            return (self._value(name),)
        elements = self.arrays[name]
        return elements if elements is not None else (unknown_for(name),)

    def expand(self, word: str, *, nothing: str = "") -> str:
        """A word (as :func:`split_words` gives it) with its variables put in (``nothing``: what
        stands for an unset variable, see :meth:`_value`)."""
        if "$" not in word:
            word = resolve_absolute(word) if ABSOLUTE in word else word
            return word.replace(DOLLAR, "$").replace(SPLIT, "")
        out: list[str] = []
        index = 0
        length = len(word)
        while True:
            dollar = word.find("$", index)
            if dollar < 0 or dollar + 1 >= length:
                out.append(word[index:])
                break
            out.append(word[index:dollar])
            following = word[dollar + 1]
            if following == "{":
                end = closing(word, dollar + 1)
                if end < 0:
                    out.append(UNKNOWN)
                    break
                out.append(self._parameter(word[dollar + 2 : end]))
                index = end + 1
            elif following == "_" or following.isalpha():
                end = dollar + 1
                while end < length and (word[end] == "_" or word[end].isalnum()):
                    end += 1
                out.append(self._value(word[dollar + 1 : end]))
                index = end
            elif following.isdigit() and self.positional is not None:
                out.append(self._positional(int(following), None))
                index = dollar + 2
            elif following == "#" and self._counted and self.positional is not None:
                out.append(str(len(self.positional)))  # (`$#` of a call whose words are known)
                index = dollar + 2
            elif following == "*" and self.positional is not None:
                out.append(self._all_joined())  # (`$*` of a call whose words are known)
                index = dollar + 2
            elif following in SPECIAL:
                out.append(UNKNOWN)
                index = dollar + 2
            else:
                out.append("$")
                index = dollar + 1
        result = "".join(out).replace(DOLLAR, "$").replace(_arrays.UNQUOTED, "")
        result = result.replace(SLASH, "/") if SLASH in result else result
        result = result.replace(SPLIT, "")
        result = result.replace(NOTHING, nothing) if NOTHING in result else result
        result = resolve_absolute(result) if ABSOLUTE in result else result
        return result if len(result) <= MAX_VALUE else UNKNOWN

    def _value(self, name: str) -> str:
        if name in self._skipped and name not in self.variables:
            return NOTHING  # (set only in a branch the shell skips: no word, unquoted)
        value = self.variables.get(name)
        if value is None and name == "BATS_TEST_DIRNAME" and self._bats:
            return f"{UNKNOWN}{TOP_DIRECTORY}{UNKNOWN}"  # (the test file's directory)
        if isinstance(value, SetEmpty):
            return NOTHING  # (the empty value one branch's way sets: no word, unquoted)
        # (an empty value is a script's placeholder, set later where a run decides: by an
        # option's case arm, a function, `read`; GNOME/glib's run-docker.sh: base="")
        if not value or (plain_text(value) == UNKNOWN and not _marked(value)):
            return unknown_for(name)  # (its name may still say which engine it runs)
        return value

    def _parameter(self, inner: str) -> str:
        """``${…}``: a name, and ``-``, ``:-``, ``=``, ``:=`` defaults, ``#``, ``##``, ``%``,
        ``%%`` removals (:func:`_removed`); anything else unknown."""
        if inner in SCRIPT_DIRECTORY_PARAMETERS:
            return f"{UNKNOWN}{SCRIPT_DIRECTORY_PARAMETERS[inner]}{UNKNOWN}"
        if inner.startswith("!"):
            return self._indirect(inner[1:])
        if inner.startswith("*") and self.positional is not None:
            return self._all_parameter(inner[1:])
        end = 0
        while end < len(inner) and (inner[end] == "_" or inner[end].isalnum()):
            end += 1
        name, rest = inner[:end], inner[end:]
        if name.isdigit() and self.positional is not None:
            return self._positional(int(name), rest)
        if name.isdigit() and name != "0" and self._defaults and rest.startswith(("-", ":-")):
            return self.expand(rest[2 if rest.startswith(":") else 1 :])  # (none given)
        if not name or name[0].isdigit():
            return UNKNOWN
        if not rest:
            return self._value(name)
        if rest.startswith("["):
            return self._element(name, rest)
        value = self.variables.get(name)
        if rest in _CASE_TRANSFORMS:  # (`${OS@U}`: bash's case transformations)
            known_value = self._value(name)
            return _CASE_TRANSFORMS[rest](known_value) if known(known_value) else UNKNOWN
        if rest.startswith(("?", ":?")):  # (`${NAME?message}`: unset, the shell exits)
            return self._value(name)
        for operator in (":-", ":=", "-", "="):
            if rest.startswith(operator):
                empty_counts = operator.startswith(":")
                if value is not None and (value or not empty_counts):
                    return value
                default = self.expand(rest[len(operator) :])
                if operator.endswith("="):
                    self.variables[name] = default
                return default
        for operator in ("##", "#", "%%", "%"):
            if rest.startswith(operator):
                pattern = self.expand(rest[len(operator) :])
                if value is None or UNKNOWN in plain_text(pattern):
                    return UNKNOWN
                return _removed(plain_text(value), pattern, operator)
        if rest.startswith("/"):
            return self._pattern_substituted(name, rest[1:])
        return UNKNOWN

    def _indirect(self, inner: str) -> str:
        """``${!NAME…}``: bash's indirection, the parameter whose name is ``NAME``'s value,
        with what follows (``${!override:-default}``: fabric-samples' ``context`` function);
        ``${!prefix*}`` and ``${!array[@]}``, and a value that is no name, are a run's."""
        end = 0
        while end < len(inner) and (inner[end] == "_" or inner[end].isalnum()):
            end += 1
        pointer, rest = inner[:end], inner[end:]
        if not pointer or pointer[0].isdigit() or rest[:1] in ("*", "@", "["):
            return UNKNOWN
        target = plain_text(self._value(pointer))
        if not target.isidentifier() or not target.isascii():
            return UNKNOWN
        return self._parameter(target + rest)

    def _all_joined(self) -> str:
        """``$*`` of a call whose words are known: its arguments joined by spaces (the first
        character of the default ``IFS``), as ``"$*"`` is one word of them all."""
        return " ".join(self.positional or ())

    def _all_parameter(self, rest: str) -> str:
        """``${*}`` and ``${*//PATTERN/STRING}`` of a call whose words are known: the joined
        arguments, each substituted as bash does (onthegomap/planetiler's ``quickstart.sh``:
        ``run() { command="${*//&/\\&}"; echo "$ $command"; eval "$command"; }``, called
        as ``run docker run … "ghcr.io/onthegomap/planetiler:${VERSION}" …``)."""
        if not rest:
            return self._all_joined()
        if not rest.startswith("/"):
            return UNKNOWN
        # (an argument a run decides stays the run's; the others are still known)
        arguments = self.positional or ()
        return " ".join(self._pattern_substituted("", rest[1:], word) for word in arguments)

    def _pattern_substituted(self, name: str, rest: str, given: str | None = None) -> str:
        """``${NAME/PATTERN/STRING}`` (``//`` every match, ``/#`` at the start, ``/%`` at the
        end): bash's pattern substitution. percona/percona-postgresql-operator's
        ``e2e-tests/build`` says ``IMAGE=${IMAGE/#percona\\//perconalab/}``. ``given``: the
        value of a parameter with no name (an argument of ``${*/…}``)."""
        value = self._value(name) if given is None else given
        anchor = rest[:1] if rest[:1] in ("/", "#", "%") else ""
        rest = rest[len(anchor) :]
        pattern, separated, string = rest.partition("/")
        written = self.expand(pattern).replace(SLASH, "/")
        string = self.expand(string).replace(SLASH, "/") if separated else ""
        if not written or UNKNOWN in plain_text(written) or UNKNOWN in plain_text(string):
            return UNKNOWN
        if UNKNOWN in value or _marked(value):
            # (a name made of a run's part is not widened to one any tag of it matches:
            # percona's operators push their image under the branch's name to a repository
            # their other components' images, built elsewhere, share)
            return UNKNOWN
        return _replaced(plain_text(value), written, string, anchor)

    def _positional(self, number: int, rest: str | None) -> str:
        """``$N``, ``${N}``, ``${N:-default}``, ``${N-default}``, ``${N?message}`` of a script
        run with known arguments (:attr:`positional`); ``$0`` and anything else are a run's.
        openzipkin/zipkin's ``build-bin/docker/docker_build`` says ``docker_tag=${1?full
        docker_tag is required}``: without the argument the script stops there."""
        arguments = self.positional or ()
        given = arguments[number - 1] if 0 < number <= len(arguments) else None
        if rest and rest.startswith(("?", ":?")) and number:
            return given or UNKNOWN
        removal = next((o for o in ("##", "#", "%%", "%") if rest and rest.startswith(o)), None)
        if removal is not None and number and given is not None and rest is not None:
            # (`--image=*) IMAGE="${1#*=}"`: an option loop's `--name=value`, ._option_loop)
            pattern = self.expand(rest[len(removal) :])
            if UNKNOWN in plain_text(pattern) or UNKNOWN in given:
                return UNKNOWN
            return _removed(plain_text(given), pattern, removal)
        if number == 0 or (rest and not rest.startswith(("-", ":-"))):
            return UNKNOWN
        if rest:
            empty_counts = rest.startswith(":")
            if given is None or (not given and empty_counts):
                return self.expand(rest[2 if empty_counts else 1 :])
        return given or ""

    def _element(self, name: str, subscript: str) -> str:
        """``${NAME[i]}`` (``[@]``, ``[*]``: every element, joined by spaces, as in one word),
        and ``${NAME[i]-default}``, ``${NAME[i]:-default}``: the default where the element
        is unset (or, with ``:``, empty), as bash gives it. monicahq/docker's ``build.sh``
        pulls ``php:$php-$variant`` with ``php=${php_version[$release]-${php_version[default]}}``
        (survey s39c)."""
        closing = _subscript_end(subscript)
        if closing is None:
            return UNKNOWN
        inside, rest = subscript[1:closing], subscript[closing + 1 :]
        if inside in ("@", "*") and name not in self.maps:
            return " ".join(self._elements(name)) if not rest else UNKNOWN
        if not rest:
            value = self._element_value(name, inside)
            return value or UNKNOWN  # (a key it lacks gives "": the script tests for it first)
        operator = next((o for o in (":-", "-") if rest.startswith(o)), None)
        if operator is None:
            return UNKNOWN  # (`${NAME[@]#x}`, `${NAME[0]:=x}`: a run's)
        value = self._element_value(name, inside)
        if value is not None and (value or operator == "-"):
            return value or UNKNOWN
        return self.expand(rest[len(operator) :])

    def _element_value(self, name: str, inside: str) -> str | None:
        """The element ``inside`` (the subscript) names: None where it is unset (a key the
        associative array lacks, an index past the end), :data:`UNKNOWN` where a run decides."""
        if name in self.maps:  # (an associative array: the key is expanded)
            entries = self.maps[name]
            key = self.expand(inside)
            keyed = self._keyed
            if (
                entries is not None
                and keyed is not None
                and keyed[0] == name
                and (UNKNOWN in plain_text(key))
            ):
                return entries[keyed[1]]  # (the key the assignment is read with)
            if entries is None or UNKNOWN in plain_text(key):
                return UNKNOWN
            return entries.get(key)
        index = _arrays.index_of(inside)
        elements = self.arrays.get(name) if name in self.arrays else (self._value(name),)
        if index is None or elements is None:
            return UNKNOWN
        if not -len(elements) <= index < len(elements):
            return None
        return elements[index]


#: Words before a command that run it (``if docker build …``, ``! docker tag …``).
#: A Dockerfile's ``FROM`` line: its image, and the stage it names.
_FROM_LINE = lazy_pattern(
    r"^\s*FROM\s+(?:--\S+\s+)*(?P<image>\S+)(?:\s+AS\s+(?P<stage>\S+))?\s*$", re.IGNORECASE
)


def _from_images(lines: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    """The images the ``FROM`` lines of a Dockerfile's text name, each at its line: not a
    stage named before, nor ``scratch``.

    >>> _from_images([(1, "FROM golang:1.22 AS build"), (2, "RUN make"),
    ...               (3, "FROM build"), (4, "from --platform=linux/amd64 alpine:3.20")])
    [(1, 'golang:1.22'), (4, 'alpine:3.20')]
    """
    stages: set[str] = set()
    found: list[tuple[int, str]] = []
    for number, text in lines:
        match = _FROM_LINE.match(text)
        if match is None:
            continue
        image = match["image"]
        if image.lower() not in stages and image != "scratch":
            found.append((number, image))
        if match["stage"]:
            stages.add(match["stage"].lower())
    return found


def _local_context(context: str) -> bool:
    """Whether a build's context is a directory (not ``-``, a Git or HTTP URL).

    >>> _local_context("ctx"), _local_context("-"), _local_context("https://x/y.git")
    (True, False, False)
    """
    return context != "-" and "://" not in context and not context.startswith("git@")


def _only_run_values(line: str) -> bool:
    """Whether a line of a here-document is only what a run gives: values this reading does
    not know, or one command substitution (``$(if [[ -n "$X" ]]; then echo …; fi)``)."""
    text = line.strip()
    if text.startswith("$(") and text.endswith(")"):
        return True
    return bool(text) and not text.replace(UNKNOWN, "")


def _keyed_run_values(line: str) -> str:
    """A here-document's line without the values a run gives that follow a key's colon
    (``netbird_traefik_letsencrypt:${proxy_volumes}``, lines of YAML of their own, or none):
    the key, with no value."""
    text = line.rstrip()
    kept = text.rstrip(UNKNOWN)
    return kept if kept != text and _YAML_KEY.fullmatch(kept.strip()) else line


#: A YAML mapping's key alone on its line (``letsencrypt:``).
_YAML_KEY = lazy_pattern(r"[A-Za-z0-9_.-]+:")


def _names_a_dockerfile(name: str) -> bool:
    """Whether a file's name is a Dockerfile's, or one's after a prefix of a run's
    (``${TEST_ID}_Dockerfile.sleep``).

    >>> [_names_a_dockerfile(n) for n in ("Dockerfile.minio", "x_Dockerfile.sleep", "notes")]
    [True, True, False]
    """
    from ..discover import is_dockerfile_name

    if is_dockerfile_name(name):
        return True
    for base in ("Dockerfile", "Containerfile"):
        head, found, _ = name.partition(base)
        if found and head[-1:] in ("_", "-", "."):
            return is_dockerfile_name(name[len(head) :])
    return False


_KEYWORDS = frozenset({"if", "then", "else", "elif", "do", "while", "until", "!", "{", "}"})
#: The reserved words a simple command, with its assignments, may follow (POSIX, *Shell
#: Command Language*, 2.9: ``! pipeline``, ``while``/``until`` lists, ``do``, ``{``): its
#: assignments are its environment, as at a line's start (classroomio's ``if !
#: MSYS_NO_PATHCONV=1 docker run … alpine tar …; then``).
_BEFORE_A_COMMAND = frozenset({"do", "{", "!", "while", "until"})
#: Programs that run the command after their options: the options that take a value.
_WRAPPERS: dict[str, frozenset[str]] = {
    "sudo": frozenset({"-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-T", "-U"}),
    "env": frozenset({"-u", "-C", "-S"}),
    "time": frozenset({"-f", "-o"}),
    "command": frozenset(),
    "builtin": frozenset(),
    "exec": frozenset({"-a"}),
    "nohup": frozenset(),
    "nice": frozenset({"-n"}),
    "timeout": frozenset({"-k", "-s"}),
    # (each line of its input put in the command: qdrant's tools/update-diagrams.sh runs
    # `find … | xargs -I {} docker run … mermaid-cli:latest -i /data/{}`)
    "xargs": frozenset({"-I", "-L", "-n", "-P", "-s", "-d", "-a", "-E"})
    | frozenset({"--delimiter", "--max-args", "--max-procs", "--arg-file", "--max-lines"}),
    # (npm's cross-platform env: `cross-env NAME=value COMMAND…`, and `cross-env-shell`, which
    # runs its words in a shell: Azure/Azurite's package.json builds its image so)
    "cross-env": frozenset(),
    "cross-env-shell": frozenset(),
    # (a password for the ssh it runs: `sshpass -p "$PASS" ssh HOST "docker pull …"`)
    "sshpass": frozenset({"-p", "-f", "-d", "-P"}),
    # (Git Bash's console for Windows programs, whose options take no value: ddev's
    # `docs/content/developers/scripts/windows_buildkite_setup.sh` runs `winpty docker run -it
    # --rm -p 80 ddev/ddev-utilities ls`)
    "winpty": frozenset(),
}
#: The wrappers that take ``NAME=value`` words before the command they run.
_ENV_WRAPPERS = frozenset({"env", "cross-env", "cross-env-shell"})


#: How a path in a GitHub job's workspace is written (``$GITHUB_WORKSPACE/``).
_WORKSPACE_PATH = lazy_pattern(r"(?:\$GITHUB_WORKSPACE|\$\{GITHUB_WORKSPACE\})/+")


def _may_run_in_vm(word: str) -> bool:
    """Whether a command's first word may be a VM's front end (see ``._vm_shells``)."""
    return "lima" in word


#: ``$NAME`` or ``${NAME}``, a variable's whole text as one word (its quotes, which keep
#: its lines, already taken off).
_ECHOED_VARIABLE = lazy_pattern(r"\$(?:\{(\w+)\}|(\w+))")


#: A shell's whole script that writes its input to one file: ``cat > FILE``, ``tee FILE``
#: (``-a`` not: it adds to what is there), its output maybe dropped.
_WRITES_STDIN = lazy_pattern(
    r"\s*(?:cat\s*>\s*(?P<cat>[\w./-]+)|tee\s+(?P<tee>[\w./-]+)(?:\s*>\s*/dev/null)?)\s*"
)


#: The words after which a command may be in another branch than the one read before.
_BRANCH_CHANGES = frozenset({*BRANCH_WORDS, "case", "esac", ")", ";;", ";&", ";;&"})


#: How much of a file a ``jq``/``yq`` command substituted reads (see :meth:`_file_printed`).
MAX_QUERIED = 256 * 1024
#: dockerize's program (and its images' last name), which renders compose templates: see
#: ``._dockerize_cmd`` (not imported until a command runs it).
_DOCKERIZE = "dockerize"
#: The programs that run a ``package.json`` script (``npm run NAME``: see ``._npm_run``).
NPM_PROGRAMS = frozenset({"npm", "yarn", "pnpm"})
#: The programs that run an Invoke ``tasks.py``'s tasks (see ``._invoke_run``).
INVOKE_PROGRAMS = frozenset({"invoke", "inv"})
#: The Python environment managers whose ``run`` runs a program in the project's environment
#: (``poetry run invoke tests``: nautobot's apps' workflows).
_ENVIRONMENT_RUNNERS = frozenset({"poetry", "uv", "pipenv", "pdm"})


def _invoking(program: str, words: list[str]) -> tuple[str, list[str]] | None:
    """The ``invoke`` program and its words of a command that runs it, itself or through a
    Python environment manager's ``run`` (``poetry run invoke tests``); ``None`` else."""
    name = program.rpartition("/")[2]
    if name in INVOKE_PROGRAMS:
        return program, words[1:]
    if (
        name in _ENVIRONMENT_RUNNERS
        and len(words) > 2
        and words[1] == "run"
        and words[2].rpartition("/")[2] in INVOKE_PROGRAMS
    ):
        return words[2], words[3:]
    return None


@functools.lru_cache(maxsize=1024)
def _run_decides(value: str) -> bool:
    """Whether a branch's value has a part a run decides: a path from the script's own
    directory does not (avalanchego's ``builder_dockerfile="${base_dockerfile}.builder-
    instrumented"``, ``.builder-uninstrumented`` on arm64, both below ``$AVALANCHE_PATH``)."""
    marked = script_directory(value)
    return UNKNOWN in plain_text(value if marked is None else marked[1])


#: The state of a conditional at its ``then``, from its test's (see ``_branch_word``).
_THEN_STATES = {"failing": "dead", "passing": "taken", "done": "done"}


# --- files -------------------------------------------------------------------------------


def read_shell_script(path: str, *, max_bytes: int = MAX_BYTES, scan: bool = True) -> BuildFile:
    """The images a shell script builds (``BuildSite`` tool ``shell``), and the compose
    commands it runs; never raises.

    A script that cannot be read, or is larger than ``max_bytes``, builds nothing here.
    Without ``scan``, the pulls of the files it sources are left out (``complete`` false):
    the project's context needs them only for a file read through this one, and a Bats
    suite's test files, each of which loads its helpers, are read twice over for them.
    """
    from ..project import BuildFile

    text = read_text(path, max_bytes)
    if not isinstance(text, str):
        return BuildFile(path=path)
    from ._powershell import script_text

    text = script_text(path, text)
    data = text.encode()
    sources = may_source(data, bats=is_bats(path))
    runs = may_run(data)
    from ._helm_cmd import may_install

    installs = may_install(data)
    renders = b"envsubst" in data  # (the files it renders: see ShellReader._envsubst)
    if not may_build(data) and not sources and not runs and not installs and not renders:
        return BuildFile(path=path)
    # (a script may be run from anywhere: only its absolute paths, and those after a `cd` to
    # one, are known; `cd "$(dirname "$0")"` is its own directory, where it starts here)

    def reader_from(cwd: str | None, script: str) -> ShellReader:
        # (read as `./script.sh` runs it, without arguments: `${1:-16.04}` is `16.04` in the
        # Dockerfile a here-document gives, as in the script's pulls)
        return ShellReader(
            cwd=cwd,
            sourcing=sourcing_of(path, max_bytes) if sources else None,
            running=_running(path, max_bytes) if runs else None,
            script=script,
            bats=is_bats(path),
            defaults=True,
            script_directory=os.path.dirname(path),
        )

    reader = reader_from(None, os.path.basename(path))
    builds = reader.read(text)
    start = os.path.dirname(path)
    unplaced = any(not build.decided or build.workdir is None for build in builds)
    top = reader.sourcing.top if reader.sourcing is not None else None
    if reader.reads_beside and unplaced:
        # (a script that reads a file beside itself by a relative path runs from its own
        # directory: apache/nifi's DockerBuild.sh scripts read `DockerImage.txt` so, then
        # `docker build … .` builds the Dockerfile beside them)
        reader = reader_from("", os.path.basename(path))
        builds = reader.read(text)
    elif reader.reads_at_top and unplaced and top is not None:
        # (one that reads a file found only from the project's root runs from there:
        # ava-labs/avalanchego's `scripts/build_xsvm_image.sh` sources
        # `./scripts/image_tag.sh`, then builds `-f ./vms/example/xsvm/Dockerfile .`)
        reader = reader_from("", os.path.relpath(path, top))
        builds = reader.read(text)
        start = top
    sourcing, running = reader.sourcing, reader.running
    composes: list[ShellCompose] = []
    starts: tuple[str | None, ...] = ()
    if "compose" in text or _unplaced_renders(reader.composes):
        # A script that runs compose (or renders with envsubst) runs it on the project's files:
        # from its own directory or one above it (a compose file that is not where a start
        # puts it is none of its).
        beside = ShellReader(sourcing=sourcing_of(path, max_bytes) if sources else None)
        beside.read(text)
        composes = beside.composes
        starts = _script_starts(path)
    charts: list[ShellChart] = []
    if installs:
        # (as compose's: the project's charts, from its own directory or one above it)
        beside = ShellReader(sourcing=sourcing_of(path, max_bytes) if sources else None)
        beside.read(text)
        charts = beside.charts
        starts = _script_starts(path)
    found = built_by(
        builds, "shell", path, start, composes=composes, compose_starts=starts, charts=charts
    )
    placed = _renders_placed(reader.composes)
    if placed:
        # (what it renders where its reading knows the directory: after `cd "$(dirname
        # "$0")"`, its own, where the reading from elsewhere knows none)
        own = built_by((), "shell", path, start, composes=placed)
        found.composes = tuple(dict.fromkeys((*found.composes, *own.composes)))
    placed_charts = _charts_placed(reader.charts, charts) if installs else []
    if placed_charts:
        # (the installs after `cd "$(dirname "$0")"` or `pushd "$SCRIPT_DIR"`, that
        # directory's: nim-deploy's k8s_up.sh installs its blueprint's charts from its own
        # directory with the values.yaml beside it, which the reading from elsewhere, not
        # knowing where the `cd` goes, leaves unplaced: survey 42e)
        own = built_by((), "shell", path, start, charts=placed_charts)
        found.charts = tuple(dict.fromkeys((*found.charts, *own.charts)))
    if sourcing is not None and sourcing.reads:
        # The files it sources are read through it (in its variables), as a compose file's
        # includes are: their pulls are those of its own scan.
        found.reads = tuple(sourcing.reads)
        if scan:
            from .script import scan_shell_script

            found.scan = scan_shell_script(path, text=text, max_bytes=max_bytes)
        else:
            found.complete = False
    if sourcing is not None and sourcing.inputs:
        # (the files it sources or prints, `$(cat FILE)`: a reading kept between runs is made
        # anew when one changes)
        from types import MappingProxyType

        found.inputs = MappingProxyType(dict(sourcing.inputs))
    if running is not None:
        # The scripts it runs are read through it, with what it gives them (see ``._runs``).
        found = running.into(found)
    return found


def _renders_placed(composes: Iterable[ShellCompose]) -> list[ShellCompose]:
    """The renders (``envsubst``, ``dockerize``) of ``composes`` whose directory is known."""
    return [found for found in composes if found.command in _RENDERS and found.workdir is not None]


def _charts_placed(own: Iterable[ShellChart], beside: Iterable[ShellChart]) -> list[ShellChart]:
    """The installs of ``own`` (the reading that knows the script's directory) whose
    directory it knows where ``beside`` (the reading from anywhere) does not."""
    unplaced = {found.line for found in beside if found.workdir is None}
    return [found for found in own if found.workdir is not None and found.line in unplaced]


def _unplaced_renders(composes: Iterable[ShellCompose]) -> bool:
    """Whether a reading from anywhere (``cwd`` ``None``) left a render where it does not know
    the directory: a script run from its own directory or one above it may render it."""
    return any(found.command in _RENDERS and found.workdir is None for found in composes)


#: The commands that render a file of the project as compose commands are kept (the
#: directory they run in is found as an ``envsubst``'s is).
_RENDERS = frozenset({ENVSUBST, _DOCKERIZE})


def _running(path: str, max_bytes: int) -> Running:
    """What a reading of the script ``path`` runs of the project's scripts: from its own
    directory once ``cd "$(dirname "$0")"`` says it runs there (see ``._runs``)."""
    from ..context import project_root
    from ._runs import Running

    start = os.path.dirname(path)
    return Running(start, project_root(path), file=path, max_bytes=max_bytes, itself=path)


def sourcing_of(path: str, max_bytes: int) -> Sourcing:
    """What a reading of the file ``path`` (a script, a CI file's step) sources, from its
    project's root."""
    from ..context import project_root
    from ._sourced import Sourcing

    return Sourcing(path, project_root(path), max_bytes=max_bytes)


#: The entry scripts of industrial_ci for CI systems other than GitHub's (see
#: :meth:`ShellReader._industrial_ci`).
_INDUSTRIAL_CI_SCRIPTS = ("industrial_ci/gitlab.sh", "industrial_ci/bitbucket.sh")

#: How many directories above a script's own it may be run from, for its compose commands.
_SCRIPT_STARTS = 2


def _script_starts(path: str) -> tuple[str, ...]:
    """The directories a script may be run from: its own, and a few above it."""
    directory = os.path.dirname(path)
    starts = [directory]
    for _ in range(_SCRIPT_STARTS):
        if directory and not os.path.isabs(directory) and os.pardir not in directory:
            parent = os.path.dirname(directory)  # ("": the working directory)
        else:
            absolute = os.path.abspath(directory or os.curdir)
            parent = os.path.dirname(absolute)
            if parent == absolute:
                break
        starts.append(parent)
        directory = parent
    return tuple(starts)


def built_by(
    builds: Iterable[ShellBuild],
    tool: str,
    path: str | None,
    start: str | None = None,
    *,
    composes: Iterable[ShellCompose] = (),
    compose_starts: Iterable[str | None] | None = None,
    charts: Iterable[ShellChart] = (),
) -> BuildFile:
    """A :class:`~tagsense.sources.project.BuildFile` of the names commands build, and of the
    Dockerfile builds they run (:mod:`._feed`) in a shell started in directory ``start``
    (``None``: a run decides); with the compose commands it runs (``composes``, from each of
    ``compose_starts``, default ``start``: :mod:`._compose_cmd`), and the installs of the
    project's charts (``charts``, from the same starts: :mod:`._helm_cmd`)."""
    from ...occurrence import BuildSite
    from ..project import BuildConfig, BuildFile, BuiltImage, ChartRelease, ComposeRun
    from ._feed import build_config

    images: dict[BuiltImage, None] = {}
    configs: dict[BuildConfig, None] = {}
    for build in builds:
        site = BuildSite(tool, path, build.line)
        copied = build.verb in COPYING_VERBS
        images.update((BuiltImage(name, site, copied=copied), None) for name in build.names)
        images.update(
            (BuiltImage(name, site, tag, copied=copied), None) for name, tag in build.tagged
        )
        config = build_config(build, site, start)
        if config is not None:
            configs[config] = None
        if build.verb == "bake" and build.dockerfile:
            from ._bake_cmd import bake_builds

            baked, named = bake_builds(build, site, start)
            configs.update(dict.fromkeys(baked))
            images.update(dict.fromkeys(named))
        elif build.verb == "goreleaser" and build.dockerfile:
            from ._goreleaser_cmd import goreleaser_builds

            released, named = goreleaser_builds(build, site, start)
            configs.update(dict.fromkeys(released))
            images.update(dict.fromkeys(named))
    runs: dict[ComposeRun, None] = {}
    if composes:
        from ._compose_cmd import compose_run

        for found in composes:
            # (files named from the script's own directory are there from any start)
            starts = (start,) if compose_starts is None or found.anchored else compose_starts
            for begin in starts:
                run = compose_run(found, BuildSite(tool, path, found.line), begin)
                if run is not None:
                    runs[run] = None
    releases: dict[ChartRelease, None] = {}
    if charts:
        from ._helm_cmd import chart_releases

        for chart in charts:
            for begin in (start,) if compose_starts is None else compose_starts:
                made = chart_releases(chart, BuildSite(tool, path, chart.line), begin)
                releases.update(dict.fromkeys(made))
                if made:
                    break  # (the nearest start where the chart and its files are)
    return BuildFile(configs, images, path=path, composes=runs, charts=releases)


def _placed_from_start(path: str) -> bool:
    """Whether a build's path is one :meth:`ShellReader._from_start` places: in the script's
    directory, or under the repository's top (``$(git rev-parse --show-toplevel)/…``)."""
    return script_directory(path) is not None or repository_path(path) is not None
