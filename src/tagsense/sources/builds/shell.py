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

Here are the session's state, its reading of text into commands (:meth:`ShellReader.read`) and
of each command (``_simple_command``), and the entry points for a script file. The reader's other
methods are defined by job in private modules beside this one, each a method here (``name =
module.name``, as cheap as a method written in the class): words and assignments
(:mod:`._shell_expansion`), tests and branches (:mod:`._shell_conditions`), loops
(:mod:`._shell_loops`), functions, aliases and sourcing (:mod:`._shell_calls`), command
substitutions (:mod:`._shell_printed`), written and printed text (:mod:`._shell_documents`),
wrappers (:mod:`._shell_wrappers`), directories (:mod:`._shell_directories`) and other tools
(:mod:`._shell_tools`). Their text helpers: :mod:`._shell_relevance`, :mod:`._shell_parameters`,
:mod:`._shell_functions`, :mod:`._shell_scan`.
"""

from __future__ import annotations

import copy
import os

from ..discover import may_build
from . import (
    _arrays,
    _bats,
    _getopts,
    _loops,
    _option_loop,
    _shell_calls,
    _shell_conditions,
    _shell_directories,
    _shell_documents,
    _shell_expansion,
    _shell_loops,
    _shell_printed,
    _shell_tools,
    _shell_wrappers,
)
from ._branches import BRANCH_WORDS, Branches
from ._common import read_text
from ._engine_commands import (
    ACT_PROGRAM,
    COPYING_VERBS,
    FROM_ENVIRONMENT,
    GH_AW_PULL_POLICY,
    MAKE_PROGRAMS,
    NAMING_VERBS,
    ROCKER_PROGRAMS,
    act_platform_images,
    apko_built,
    crictl_pull,
    ctr_pull,
    devcontainer_build,
    devcontainer_features_test,
    engine_command,
    engine_of,
    exec_command,
    exec_verb,
    faas_cli_image,
    gh_aw_downloads,
    is_known_image,
    k3d_node_image,
    kind_node_build,
    kind_node_image,
    ko_base,
    ko_built,
    kubectl_of,
    minikube_pull,
    pull_command,
    registry_copied,
    rocker_image,
    served_images,
    tool_container,
)
from ._env_file import EnvFileWrites
from ._jib_cli import JIB_PROGRAMS
from ._maybe_empty import optional_words
from ._pack_cmd import PACK, pack_command
from ._runs import may_run
from ._script_path import with_script_paths
from ._shell_functions import (
    FILE_PRINTERS,
    _function_definition,
    _lines_before_loop,
    _names_of,
    _prints,
    top_level,
)
from ._shell_parameters import (
    _Assigned,
    _assignment,
    _first_positional,
    _held_name,
    _joined,
    _names_in,
    _opens_array,
    _sets_variable,
)
from ._shell_relevance import (
    _relevant,
    _relevant_to_pulls,
    builds_in,
    may_pull,
)
from ._shell_scan import comment_suppressions, lines_of, pulls_scan, word_position
from ._shell_text import (
    HereDocument,
    SimpleCommand,
    here_documents,
    may_open,
    prepare_open,
    quoted_delimiters,
    simple_commands,
    split_words,
)
from ._shell_values import (
    ALL_ARGUMENTS,
    APKO,
    DOLLAR,
    ENGINE,
    ENVSUBST,
    INFRA_E2E,
    MAX_BYTES,
    MAX_CALLS,
    MAX_SPAN,
    MAX_TEST_CALLS,
    MAX_TESTS_CALLS,
    REGISTRY_TOOLS,
    SHELLS,
    UNKNOWN,
    WORK,
    Loads,
    ShellBuild,
    ShellPull,
    may_name_script,
    name_pattern,
    plain_text,
)
from ._sourced import Sourcing, is_bats, may_source, sources_word
from ._watched import Watch, watched

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

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
        "_argument_values",
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
        "_deriving",
        "_documents",
        "_dotenv",
        "_environment_defaults",
        "_functions",
        "_held",
        "_iidfiles",
        "_image_ids",
        "_keyed",
        "_lines_now",
        "_loads",
        "_loop_free",
        "_moved",
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
        "called_only",
        "charts",
        "chose_options",
        "composes",
        "cwd",
        "env_file",
        "exported",
        "files",
        "inputs",
        "maps",
        "moved",
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
        #: Where the known relative ``cd`` commands (``cd ..``) have moved a script read alone from
        #: the directory it starts in, while ``cwd`` is a run's to decide (``None``: not a
        #: script's reading, or a ``cd`` went where a run decides): see
        #: :meth:`_started_in_own_directory`.
        self._moved: str | None = "" if cwd is None and script_directory is not None else None
        #: The variables the commands get in their environment (a CI job's are; ``export``).
        self.exported: set[str] = set(self.variables if exported is None else exported)
        #: ``set -a`` (``set -o allexport``): each variable set from there on is exported.
        self._allexport = False
        #: The pulls read so far (``None``: not looked for).
        self.pulls: list[ShellPull] | None = [] if pulls else None
        #: The compose commands read so far (see ``._compose_cmd``).
        self.composes: list[ShellCompose] = []
        #: The ``(source, place)`` of each file ``mv``/``cp`` moved so far, from where the
        #: session started (see ``._compose_moves``; a CI job's earlier steps' too).
        self.moved: list[tuple[str, str]] = []
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
        #: runs once, with the call's ``$1`` (see :meth:`_selects_positional`); so too in a
        #: script run with known words, the line of its top level's first loop.
        self._loop_free = 0
        #: The variables set to a known ``$1`` that a ``case`` picks its arm by, with that
        #: value (``command="$1"``, then ``case $command in``: see :meth:`_selects_positional`).
        self._argument_values: dict[str, str] = {}
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
        #: Whether the script read is a Bats helper (``._bats.loaded_helper``): its functions
        #: run only where a test calls them, so their bodies are not read where written.
        self.called_only = False
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
        #: Whether a command is read now once for each way branches left the variables a
        #: command string was built from (see ``._shell_calls._each_derived``).
        self._deriving = False
        #: The archives ``docker load`` read here, for the runs after (shared with the
        #: ``docker exec`` scripts read in this one: see ``._image_load``).
        self._loads = Loads()

    def read(self, text: str, line: int = 1) -> list[ShellBuild]:
        """The build and tag commands of ``text``, whose first line is line ``line``."""
        found: list[ShellBuild] = []
        if self._text is None:
            self._text = text
            if self.positional is not None and self._body_file is None:
                # (a script run with known words: a `case "$1"` of its top level before any
                # loop runs the arm they pick; a function's body moves only its call's words)
                self._loop_free = line + _lines_before_loop(top_level(text))
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

        # (the `done` lines of the loops open here that may run no turn: each is a conditional
        # with no `else`, its body a branch, see _loops.may_not_turn)
        loops: list[int] = []
        while index < count and budget > 0:
            start = index
            while loops and start > loops[-1]:
                loops.pop()
                self._restore(self.branches.keyword("fi", self.variables))
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
                self._loads.entries.clear()  # (nor what another test loaded into its containers)
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
            # (not read turn by turn, as above)
            if ("while" in chunk or "until" in chunk) and (
                done := _loops.may_not_turn(chunk, lines, index)
            ) is not None:
                self.branches.keyword("if", self.variables)
                loops.append(done)
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
            if self._bodies > 0 and "for " in chunk:
                listed = self._loop_in_list(chunk, line + start)  # (`fi; for …; done; …`)
                if listed is not None:
                    found.extend(listed)
                    continue
            relevant = (
                self._selecting  # (a getopts body: its `case` and patterns pick the arm)
                or relevant_to(chunk)
                or (")" in chunk and any(word is not None for word in self._selected))
                # (an arm's patterns, in a `case` whose known word picks the arm)
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
                [] if self.pulls is not None or ENVSUBST in chunk or builds_in(chunk) else None
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
                substituted = (
                    [] if self.pulls is not None or ENVSUBST in chunk or builds_in(chunk) else None
                )
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
                found.extend(self._substituted(substituted, line + start, last))
            delimiters = here_documents(tokens)
            quoted = quoted_delimiters(chunk, len(delimiters))
            documents: list[HereDocument] = []
            for delimiter, literal in zip(delimiters, quoted, strict=True):
                first = index
                while index < count and lines[index].strip() != delimiter:
                    index += 1
                documents.append(HereDocument(line + first, lines[first:index], literal))
                index += 1
            # (the directory outside each subshell entered)
            saved: list[tuple[str | None, str | None]] = []
            if self._depth == 0:
                self._loads.line = line + start  # (where a load is placed: ._image_load)
            for command in simple_commands(tokens):
                if command.heredoc is not None and command.heredoc < len(documents):
                    command.document = documents[command.heredoc]
                while len(saved) < command.depth:
                    saved.append((self.cwd, self._moved))
                while len(saved) > command.depth:
                    self.cwd, self._moved = saved.pop()
                self._raw = chunk
                found.extend(self._command(command, line + start, last))
            if saved:
                self.cwd, self._moved = saved[0]
        for _ in loops:  # (a loop whose `done` was past the text read: see _joined)
            self._restore(self.branches.keyword("fi", self.variables))
        return found

    def note_input(self, path: str) -> None:
        """Keep ``path`` (a file or directory the reading looked at: ``$(cat FILE)``, the
        directory a ``for`` loop's pattern lists) among :attr:`inputs`, with
        :func:`~.._context_cache.stat_of`'s answer, and among those of the runner that runs
        this script: a reading kept between runs is made anew when one changes (a directory's
        modification time changes when an entry is added or removed)."""
        from .._context_cache import stat_of

        stat = self.inputs[path] = stat_of(path)
        if self.running is not None:
            self.running.inputs.setdefault(path, stat)

    _file_printed = _shell_printed._file_printed
    _maven_printed = _shell_printed._maven_printed
    _function_printed = _shell_printed._function_printed
    _pipeline_printed = _shell_printed._pipeline_printed
    _go_printed = _shell_printed._go_printed
    _echo_printed = _shell_printed._echo_printed
    _project_file = _shell_printed._project_file

    def _boot_defaults(self, arguments: list[str]) -> list[str]:
        """The names ``mvn spring-boot:build-image`` builds, named by none of its words: its
        poms' (see ``._boot_build_image``)."""
        from ._jib_cli import boot_default_pom

        pom = boot_default_pom(arguments)
        if pom is None or os.path.isabs(pom):
            return []
        path = self._project_file(pom)
        if path is None and self.script_directory is not None:
            path = os.path.join(self.script_directory, pom)  # (run from where it is)
        if path is not None and os.path.isdir(path):
            path = os.path.join(path, "pom.xml")
        if path is None or not os.path.isfile(path):
            return []
        from ._boot_build_image import build_image_names

        self.note_input(path)
        within = self.files if self.files is not None else os.path.dirname(path)
        return [
            pattern
            for name in build_image_names(path, within=within or os.curdir)
            if (pattern := name_pattern(name)) is not None
        ]

    _substituted = _shell_printed._substituted

    _where_it_starts = _shell_loops._where_it_starts
    _loop = _shell_loops._loop
    _turns = _shell_loops._turns
    _known_words = _shell_loops._known_words
    _getopts = _shell_loops._getopts
    _option_loop = _shell_loops._option_loop
    _inline_loop = _shell_loops._inline_loop
    _loop_in_list = _shell_loops._loop_in_list

    # --- one command ---------------------------------------------------------------

    def _command(self, command: SimpleCommand, line: int, last: int) -> list[ShellBuild]:
        """What one simple command builds, the arms of ``case`` followed (see ``._branches``):
        ``case WORD in`` opens one, a pattern (a word before ``)``) runs nothing, ``;;`` ends
        an arm, ``esac`` closes it; ``exit`` ends the branch it is in."""
        words = command.words
        cases = self._cases
        pattern_next = False
        if words and words[0] == "case" and "in" in words[2:]:
            selecting = (
                self._selecting
                or self._selects_positional(words[1], line)
                or self._known_case_word(words[1])
            )
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

    _selects_positional = _shell_conditions._selects_positional
    _known_case_word = _shell_conditions._known_case_word
    _branch_depth = _shell_conditions._branch_depth
    _chosen = _shell_conditions._chosen
    _select_arm = _shell_conditions._select_arm
    _restore = _shell_conditions._restore
    _applies = _shell_conditions._applies
    _branch_word = _shell_conditions._branch_word
    _skipping = _shell_conditions._skipping
    _outcome = _shell_conditions._outcome
    _compares_argument = _shell_conditions._compares_argument
    _environment_tested = _shell_conditions._environment_tested
    _compared = _shell_conditions._compared
    _unary = _shell_conditions._unary
    _tested = _shell_conditions._tested
    _may_vanish = _shell_conditions._may_vanish

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
        if words[index].endswith("find") or words[index] in _shell_wrappers.FIND_EXEC:
            ran = self._find_exec(command, prefix, words[index:], line)
            if ran is not None:
                return ran
        environment = self._environment(prefix)
        wrapped = words[index:]
        words = self._through_wrappers(wrapped)
        if words and words[0] in ALL_ARGUMENTS and self.positional:
            # (a wrapper function's `"$@"`: minio/operator's `try() { "$@" || die …; }`
            # runs `try docker pull "$1"`'s words as the command)
            given = [word.replace("$", DOLLAR) for word in self.words(words[0])]
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
        if " " in program and not self._deriving and not prefix and "$" in words[0]:
            # (`$cmd` of `cmd="docker run … $docker_name"` built after branches that set
            # docker_name: read once for each way they left it, see _each_derived; as a
            # command of these words alone, the branch words before them taken already)
            bare = copy.copy(command)
            bare.words = words
            return self._each_derived(words[:1], lambda: self._simple_command(bare, line, last))
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
        if (
            program in self._functions
            and len(words[0]) == len(program)
            and not _skips_functions(wrapped, words)
        ):
            outputs = tuple(path for path in command.outputs if not path.startswith("&"))
            stdout, self._stdout = self._stdout, outputs or self._stdout
            try:
                return self._call(program, words[1:], line, last)
            finally:
                self._stdout = stdout
        if program == "eval":
            return self._each_derived(words[1:], lambda: self._eval(words[1:], line))
        engine = engine_of(program)
        if engine is None:
            if (
                program in ("echo", "printf")
                and command.outputs
                and self._write_dotenv(program, command, words[1:])
            ):
                return []
            if program.rpartition("/")[2] == "sed" and self._edit_in_place(words[1:]):
                return []  # (`sed -i … .env`: see _shell_documents._edit_in_place)
            if program in ("cp", "mv") or (program == "cat" and command.outputs):
                self._copy_dotenv(program, command, words[1:])  # (for a `sed -i` after)
            if (
                program.rpartition("/")[2] in ("sed", ENVSUBST)
                and command.outputs
                and self._write_rendered(
                    program.rpartition("/")[2], command, words[1:], environment, line, last
                )
            ):
                return []  # (a .env it fills in: see _shell_documents._write_rendered)
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
            if program in ("mv", "cp") and self.files is not None:
                self._move(self.arguments(words[1:]))  # (then read as before)
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
            if self.pulls is not None and program.rpartition("/")[2].strip(ENGINE) == ACT_PROGRAM:
                # (nektos/act: the images its -P/--platform runs the workflows' jobs in)
                self.pulls.extend(act_platform_images(self.arguments(words[1:]), line, last))
                return []
            if self.pulls is not None and program == "gh" and words[1:2] == [ACT_PROGRAM]:
                # (act as the GitHub CLI's extension, nektos/gh-act: `gh act -P …`)
                self.pulls.extend(act_platform_images(self.arguments(words[2:]), line, last))
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
            if tool == PACK:  # (the Buildpacks CLI: `pack build NAME --builder B`)
                packed, pack_pulls = pack_command(self.arguments(words[1:]), line, last)
                if self.pulls is not None:
                    self.pulls.extend(pack_pulls)
                return packed
            if tool in JIB_PROGRAMS:
                from ._jib_cli import boot_built_names, jib_built_names, jib_from_pulls

                arguments = self.arguments(words[1:])
                if self.pulls is not None:
                    self.pulls.extend(jib_from_pulls(tool, arguments, line, last))
                # (the image Jib or Spring Boot builds, named on the command line: built)
                jib_built = [
                    pattern
                    for written in jib_built_names(arguments)
                    if (pattern := name_pattern(written)) is not None
                ]
                if jib_built:
                    return [ShellBuild(line, tool, "jib", jib_built)]
                boot_built = [
                    pattern
                    for written in boot_built_names(arguments)
                    if (pattern := name_pattern(written)) is not None
                ]
                if boot_built:
                    return [ShellBuild(line, tool, "spring-boot", boot_built)]
                if tool.startswith("mvn"):
                    boot_default = self._boot_defaults(arguments)
                    if boot_default:
                        return [ShellBuild(line, tool, "spring-boot", boot_default)]
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
            called = self._wrapper_call(program, words, line, last)
            if self.running is not None and self._run(program, words, wrapped, prefix, line):
                return called or []
            if called is not None:
                return called  # (a script of the project that runs its words: _wrapper_call)
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
        executed = exec_verb(arguments) if engine != "buildah" else None
        if executed is not None:  # (`docker exec C sh -c '…'`: the container's shell)
            inside = self._in_container(exec_command(executed), line, last)
            if inside is not None:
                return inside
        if "load" in arguments:  # (`docker load -i FILE`: see ._image_load)
            loaded = self._load(arguments, command, line)
            if loaded is not None:
                return loaded
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
                pulled = pull_command(engine, arguments, line, last)
                if not pulled and (optional := optional_words(words[1:], self.words)):
                    # (`run ${OPTS:-} IMAGE`: a word that may be none or options, see
                    # ._maybe_empty; the image then one with a tag or a path, unless the
                    # word's name says it holds options)
                    pulled = [
                        pull
                        for pull in pull_command(engine, self.arguments(optional[0]), line, last)
                        if pull.verb in ("run", "create")
                        and (optional[1] or ":" in pull.image or "/" in pull.image)
                    ]
                pulls.extend(pulled)
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
        if self._loads and pulls:  # (a run of an image a `docker load` gave: ._image_load)
            from ._image_load import loaded_pulls

            pulls = loaded_pulls(self._loads.entries, pulls)
        if self.pulls is not None:
            self.pulls.extend(dict.fromkeys(pulls))
        return list(dict.fromkeys(found))

    def _load(
        self, arguments: list[str], command: SimpleCommand, line: int
    ) -> list[ShellBuild] | None:
        """``docker load`` (``image load``, ``podman load``) of an archive (see
        ``._image_load``): the tags of an archive of the project, and its file's stem, noted
        for the runs after (when pulls are read); ``None`` when the command is no load."""
        from ._image_load import Loaded, archive_images, load_input, stem_words

        stdin = self.expand(command.stdin) if command.stdin is not None else None
        piped = [self.expand(word) for word in command.piped] if command.piped else None
        archive = load_input(arguments, stdin, piped)
        if archive is None:
            return None
        if UNKNOWN in archive or DOLLAR in archive or self.pulls is None:
            return []
        path = None if os.path.isabs(archive) else self._project_file(archive)
        if path is None and self.script_directory is not None and not os.path.isabs(archive):
            path = os.path.join(self.script_directory, archive)  # (run from where it is)
        images = archive_images(path) if path is not None and os.path.isfile(path) else None
        words = stem_words(archive)
        if images or words:
            # (placed at the outermost command, else here: a reading of its own, `ssh HOST …`)
            at = self._loads.line or line
            self._loads.entries.append(Loaded(at, words, images or None))
        return []

    _note_image_id = _shell_tools._note_image_id
    _walks = _shell_tools._walks
    _with_outputs = _shell_tools._with_outputs
    _engine_variants = _shell_tools._engine_variants
    _kind_config = _shell_tools._kind_config
    _infra_e2e = _shell_tools._infra_e2e
    _industrial_ci = _shell_tools._industrial_ci
    _promu = _shell_tools._promu
    _mkctr = _shell_tools._mkctr
    _run = _shell_tools._run
    _option_words = _shell_tools._option_words
    _script_arguments = _shell_tools._script_arguments
    _default_engine = _shell_tools._default_engine
    _surely_an_engine = _shell_tools._surely_an_engine
    _kubectl = _shell_tools._kubectl
    _environment = _shell_tools._environment
    _given = _shell_tools._given
    _compose = _shell_tools._compose
    _move = _shell_tools._move
    _is_project_file = _shell_tools._is_project_file
    _is_project_directory = _shell_tools._is_project_directory
    _envsubst = _shell_tools._envsubst
    _dockerize = _shell_tools._dockerize

    _echo = _shell_documents._echo
    _printf = _shell_documents._printf
    _write_dotenv = _shell_documents._write_dotenv
    _write_rendered = _shell_documents._write_rendered
    _copy_dotenv = _shell_documents._copy_dotenv
    _edit_in_place = _shell_documents._edit_in_place
    _rendered = _shell_documents._rendered
    dotenv_values = _shell_documents.dotenv_values
    _dotenv_document = _shell_documents._dotenv_document
    _dotenv_of = _shell_documents._dotenv_of
    _print = _shell_documents._print
    _surely_runs = _shell_documents._surely_runs
    _print_read = _shell_documents._print_read
    _write_document = _shell_documents._write_document
    _shell_writes_document = _shell_documents._shell_writes_document
    _numbered = _shell_documents._numbered
    _image_list = _shell_documents._image_list
    _compose_document = _shell_documents._compose_document
    _dockerfile_document = _shell_documents._dockerfile_document
    _kind_document = _shell_documents._kind_document
    _written_key = _shell_documents._written_key
    _from_written = _shell_documents._from_written
    _document_lines = _shell_documents._document_lines
    _dockerfile_lines = _shell_documents._dockerfile_lines
    _dockerfile_line = _shell_documents._dockerfile_line
    _echoed_document = _shell_documents._echoed_document
    _stdin = _shell_documents._stdin

    _alias = _shell_calls._alias
    _aliased = _shell_calls._aliased
    _define = _shell_calls._define
    _runs_arguments = _shell_calls._runs_arguments
    _shift = _shell_calls._shift
    _names_a_script = _shell_calls._names_a_script
    _runs_a_command_variable = _shell_calls._runs_a_command_variable
    _runs_a_script_variable = _shell_calls._runs_a_script_variable
    _may_call = _shell_calls._may_call
    _may_act = _shell_calls._may_act
    _acting_text = _shell_calls._acting_text
    _call_arguments = _shell_calls._call_arguments
    _call_readings = _shell_calls._call_readings
    _call = _shell_calls._call
    _in_sourced_file = _shell_calls._in_sourced_file
    _wrapper_call = _shell_calls._wrapper_call
    _each_derived = _shell_calls._each_derived
    _keep_renders = _shell_calls._keep_renders
    _inert = _shell_calls._inert
    _settles = _shell_calls._settles
    _forwards = _shell_calls._forwards
    _source = _shell_calls._source
    _source_file = _shell_calls._source_file
    memo_settings = _shell_calls.memo_settings
    memo_unnamed = _shell_calls.memo_unnamed
    memo_state = _shell_calls.memo_state
    memo_restore = _shell_calls.memo_restore
    _sourced_assignments = _shell_calls._sourced_assignments

    _set = _shell_directories._set
    _change_directory = _shell_directories._change_directory
    _from_workspace = _shell_directories._from_workspace
    _situated = _shell_directories._situated
    _started_in_own_directory = _shell_directories._started_in_own_directory
    _only_beside_script = _shell_directories._only_beside_script
    _from_start = _shell_directories._from_start

    _xargs = _shell_wrappers._xargs
    _find_exec = _shell_wrappers._find_exec
    _through_wrappers = _shell_wrappers._through_wrappers
    _run_by_script = _shell_wrappers._run_by_script
    _nested = _shell_wrappers._nested
    _in_container = _shell_wrappers._in_container
    _remote = _shell_wrappers._remote
    _eval = _shell_wrappers._eval
    _sources_printed = _shell_wrappers._sources_printed

    _assign = _shell_expansion._assign
    _note_assigned = _shell_expansion._note_assigned
    _lines_file = _shell_expansion._lines_file
    _held_at = _shell_expansion._held_at
    _written_at = _shell_expansion._written_at
    _set_only_here = _shell_expansion._set_only_here
    _keyed_values = _shell_expansion._keyed_values
    _assign_each = _shell_expansion._assign_each
    _expand_assigned = _shell_expansion._expand_assigned
    _assign_array = _shell_expansion._assign_array
    _assign_map = _shell_expansion._assign_map
    _elements_set = _shell_expansion._elements_set
    _set_options = _shell_expansion._set_options
    _export = _shell_expansion._export
    arguments = _shell_expansion.arguments
    words = _shell_expansion.words
    _elements = _shell_expansion._elements
    expand = _shell_expansion.expand
    _value = _shell_expansion._value
    _parameter = _shell_expansion._parameter
    _indirect = _shell_expansion._indirect
    _all_joined = _shell_expansion._all_joined
    _all_parameter = _shell_expansion._all_parameter
    _pattern_substituted = _shell_expansion._pattern_substituted
    _positional = _shell_expansion._positional
    _element = _shell_expansion._element
    _element_value = _shell_expansion._element_value

    # --- expansion -----------------------------------------------------------------


#: The reserved words a simple command, with its assignments, may follow (POSIX, *Shell
#: Command Language*, 2.9: ``! pipeline``, ``while``/``until`` lists, ``do``, ``{``): its
#: assignments are its environment, as at a line's start (classroomio's ``if !
#: MSYS_NO_PATHCONV=1 docker run … alpine tar …; then``).
_BEFORE_A_COMMAND = frozenset({"do", "{", "!", "while", "until"})


#: The words after which a command may be in another branch than the one read before.
_BRANCH_CHANGES = frozenset({*BRANCH_WORDS, "case", "esac", ")", ";;", ";&", ";;&"})


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
    if "compose" in text or _unplaced_renders(reader.composes) or sources_word(sourcing, "compose"):
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
    looked_at = {**reader.inputs, **(sourcing.inputs if sourcing is not None else {})}
    if looked_at:
        # (the files it sources or prints, `$(cat FILE)`, the directories a loop's `DIR/*`
        # lists: a reading kept between runs is made anew when one changes)
        from types import MappingProxyType

        found.inputs = MappingProxyType(looked_at)
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
    anchor: str | None = None,
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
            # (files named from the script's own directory are there from any start: from
            # ``anchor``, that directory, when the runner is no script of its own)
            starts = (
                (anchor if found.anchored and anchor is not None else start,)
                if compose_starts is None or found.anchored
                else compose_starts
            )
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


#: The wrappers that run a program, never a shell function of its name: bash's ``command``
#: ("runs command with arguments ignoring any shell function named command") and ``exec``.
_PROGRAM_ONLY = frozenset({"command", "exec"})


def _skips_functions(wrapped: list[str], words: list[str]) -> bool:
    """Whether ``words``, the command ``wrapped`` runs, come after ``command`` or ``exec``:
    sysbox's Bats helpers define ``docker() { run __docker "$@"; }`` and
    ``__docker() { command docker "$@"; }``, which runs the engine.

    >>> _skips_functions(["command", "docker", "run"], ["docker", "run"])
    True
    >>> _skips_functions(["sudo", "docker", "run"], ["docker", "run"])
    False
    """
    before = len(wrapped) - len(words)
    skipped = wrapped[:before] if before > 0 and wrapped[before:] == words else []
    return not _PROGRAM_ONLY.isdisjoint(skipped)
