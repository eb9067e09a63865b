"""How :class:`.shell.ShellReader` calls shell functions and aliases, and sources files.

A function's body is read at each call with the call's arguments (within the reader's budget
of calls, which a body that cannot matter does not spend: :mod:`._shell_functions`); an alias
is put in before its command; a sourced file (``. FILE``, ``source FILE``, Bats' ``load``) is read
in the same session, with memos of what a library's reading left (:mod:`._source_memo`). These
are the reader's methods, defined here.
"""

from __future__ import annotations

import copy
import os

from ..._lazy import lazy_pattern
from . import _bats
from ._branches import Branches
from ._runs import SHELLS, may_run
from ._shell_functions import (
    _NAME_WORDS,
    _RUNS_ALL_JOINED,
    _TAKES_ARGUMENTS,
    _forwarding_words,
    _given_by,
    _inert_words,
    _lines_before_loop,
    _names_of,
    _read_alone,
    _settling_words,
)
from ._shell_parameters import _names_in, _sets_variable
from ._shell_relevance import (
    _ACTING_WORDS,
    _NAMED_VARIABLES,
    _RUNS_SCRIPT_TEXT,
    _builds_image,
    _may_build_by_words,
    _may_pull_by_words,
    _runs_image,
)
from ._shell_text import prepare, simple_commands, split_words
from ._shell_values import (
    ALL_ARGUMENTS,
    DOLLAR,
    ENVSUBST,
    MAX_CALLS,
    MAX_DEPTH,
    MAX_POSITIONALS,
    NO_COMMAND,
    SCRIPT_ITSELF,
    SPLIT,
    UNKNOWN,
    arguments_counted,
    plain_text,
    repository_path,
    script_directory,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any

    from ._compose_cmd import ShellCompose
    from ._shell_parameters import _Assigned
    from ._shell_text import SimpleCommand
    from ._shell_values import ShellBuild
    from .shell import ShellReader


def _alias(self: ShellReader, program: str, words: list[str], line: int) -> None:
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
    self: ShellReader, command: SimpleCommand, words: list[str], line: int, last: int
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


def _define(self: ShellReader, name: str, body: str, line: int) -> list[ShellBuild]:
    """A shell function defined (``name() { … }``, ``function name { … }``): its body is
    read where it is written, as today, with no arguments known (its ``$1`` is a call's,
    not the script's), and again at each call (see :meth:`_call`)."""
    # (a function a sourced file defines is written there: see ._sourced)
    sourced = self.sourcing.sourced_file if self.sourcing is not None else None
    self._functions[name] = (body, line, sourced)
    # (a Bats helper's function runs only where a test, setup or teardown calls it: what
    # its body pulls read here is dropped. cachet-docker's test/docker_helpers.bash defines
    # `docker_tcp`, which runs rancher/socat-docker, and no test calls it)
    helper = (self.called_only or (self._bats and sourced is not None)) and not _bats.is_hook(name)
    pulls = len(self.pulls) if helper and self.pulls is not None else None
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
    outer = _outer_values(self, body)
    try:
        return self.read(body, line)
    finally:
        if pulls is not None and self.pulls is not None:
            del self.pulls[pulls:]
        self.running = running
        self.positional, self._defaults, self._options = saved, defaults, options
        self._no_arguments = bare
        self._defining_calls = min(self._defining_calls, self._calls)
        self.cwd, self._workspace, self._calls, self._all_calls = state
        for name, value in outer.items():
            if UNKNOWN in plain_text(self.variables.get(name) or UNKNOWN):
                self.variables[name] = value


#: ``NAME=$1`` (``local``/``declare``, quoted, braced): a variable a function sets from the
#: words of its call.
_FROM_ARGUMENT = lazy_pattern(
    r"""(?m)(?:^|[\s;&|(])(?:(?:local|declare|typeset|readonly|export)\s+(?:-\w+\s+)*)?"""
    r"""([A-Za-z_]\w*)=["']?\$\{?[1-9@*]\}?["']?(?=$|[\s;&|)])"""
)


def _outer_values(self: ShellReader, body: str) -> dict[str, str]:
    """The known values of the variables a function's body sets from its call's words
    (``codename=$1``), as they are before the body is read where it is written: that
    reading knows no call's words, but the body does not run there, so each keeps its
    value for the commands after the definition (a call sets it anew). certtools/intelmq's
    ``debian-package.sh`` sets ``codename=$1`` (a CI matrix's release), defines ``build ()
    { codename=$1; … buildah from docker.io/debian:"${codename}"-slim …; }`` and calls
    ``build "$codename"``: read at its definition, the body left ``codename`` a run's, so
    the call pulled nothing known."""
    if "$" not in body or "=" not in body:
        return {}
    kept: dict[str, str] = {}
    for name in _FROM_ARGUMENT.findall(body):
        value = self.variables.get(name)
        if value and UNKNOWN not in plain_text(value):
            kept[name] = value
    return kept


def _runs_arguments(self: ShellReader, chunk: str) -> bool:
    """Whether a line of a function called with known words may run them (``"$@"``,
    ``"${@}"``: crystal-lang/crystal's ``fail_on_error() { "${@}"; … }``)."""
    return self.positional is not None and (
        "$@" in chunk or "${@}" in chunk or _RUNS_ALL_JOINED.search(chunk.strip()) is not None
    )


def _shift(self: ShellReader, words: list[str]) -> None:
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


def _names_a_script(self: ShellReader, chunk: str) -> bool:
    """Whether a line names a variable whose value is a script's path (cloudnative-pg's
    ``SETUP_SCRIPT="${VENDOR_DIR}/setup.sh"``, then ``"${SETUP_SCRIPT}"`` on a line of
    its own: the run is of the script, as the line's text does not say)."""
    variables = self.variables  # (the names first: only the values they name are read)
    return "$" in chunk and any(
        # (`name in chunk` first: the same answer, without formatting each name's forms)
        name in chunk
        and (f"${name}" in chunk or f"${{{name}}}" in chunk)
        and variables[name].endswith(".sh")
        for name in variables
    )


def _runs_a_command_variable(self: ShellReader, chunk: str) -> bool:
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


def _runs_a_script_variable(self: ShellReader, chunk: str, relevant: Callable[[str], bool]) -> bool:
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


def _may_call(self: ShellReader, chunk: str) -> bool:
    """Whether a line may call a function defined so far."""
    functions = self._functions
    if not functions:
        return False
    if len(functions) < 8:
        return any(name in chunk for name in functions)
    # (a suite's helpers define hundreds: the line's names looked up, not each function's)
    return any(word in functions for word in _names_of(chunk))


def _may_act(self: ShellReader, name: str, words: list[str]) -> bool:
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
    if self.positional and any("$" in word for word in words):
        # (the caller's own arguments passed on: sysbox's `docker run …` calls its function
        # `docker() { run __docker "$@"; }`, whose `__docker` runs `command docker "$@"`)
        words = [*words, *self.positional]
    data = f"{text}\n{' '.join(words)}".encode()
    # (by words: podman's `run_podman` runs podman with its words, and its text says
    # `runc`; `run_podman ps` pulls nothing, `run_podman run $IMAGE` may)
    looks = _may_pull_by_words if self.pulls is not None else _may_build_by_words
    return (
        looks(f"{named}\n{text}\n{' '.join(words)}".encode())
        or may_run(data)
        or any(word in text for word in _ACTING_WORDS)
        # (a `docker load`, whose images the runs after it start: see ._image_load)
        or (self.pulls is not None and b"load" in data and _LOAD_WORD.search(data) is not None)
    )


#: An engine's ``load`` (``docker load -i FILE``) as a word of its own.
_LOAD_WORD = lazy_pattern(rb"(?<![\w.-])load(?![\w.-])")


def _acting_text(self: ShellReader, name: str) -> str:
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
    # (Bats' `run` only where it is the command, as in podman's `run $PODMAN "$@"`; an
    # engine's verb stays: sysbox's tests/helpers/docker.bash `docker run --runtime=… "$@"`)
    text = _BATS_RUN.sub(r"\1", "\n".join(texts))
    # (a name `command`/`exec` runs is the program's: sysbox's `command docker "$@"`)
    return _NAME_WORDS.sub(
        lambda found: (
            ""
            if found[0] in names
            and not _PROGRAM_BEFORE.search(text, max(0, found.start() - 9), found.start())
            else found[0]
        ),
        text,
    )


#: ``command``/``exec`` just before a name: what it names is the program (see ``shell``).
_PROGRAM_BEFORE = lazy_pattern(r"\b(?:command|exec) +$")


#: Bats' ``run`` where it is a command's first word: at a line's start or after ``;``,
#: ``&&``, ``||``, ``|``, ``(``, ``{``, ``!``, ``$(``, a backquote, ``then``/``do``/``else``.
_BATS_RUN = lazy_pattern(r"(?m)((?:^|[;&|({!`]|\b(?:then|do|else))\s*)run(?=\s|$)")


def _call_arguments(self: ShellReader, words: list[str]) -> tuple[str, ...] | None:
    """A function call's ``$1``…: each word's value, one a run decides standing for
    itself (cloudnative-pg's ``create_cluster_kind "${K8S_VERSION}" "${CLUSTER_NAME}"``
    with only the version known: ``$1`` is still it). From an unquoted word a run
    decides on, the words may be more or fewer: every later one is a run's too. A word
    with known text beside a run's part stays one (buildah's ``$WITH_POLICY_JSON``,
    ``--signature-policy ${TEST_SOURCES}/policy.json``: two words)."""
    given: list[str] = []
    for word in words:
        expanded = self.words(word)
        uncertain = (
            word.startswith(SPLIT)
            and word not in ALL_ARGUMENTS  # (`main $@`: read as `main "$@"` is)
            and any(plain_text(w) == UNKNOWN for w in expanded)
        )
        if uncertain:
            return (*given, *[UNKNOWN] * MAX_POSITIONALS) if given else None
        # (a quoted word that expands to nothing is still an argument, empty: avalanchego's
        # `build_antithesis_images_for_avalanchego avalanchego "" …`, passed on as
        # `"${image_prefix}"`; only an unquoted one is no word)
        given.extend(expanded if expanded or word.startswith(SPLIT) else [""])
    return tuple(given)


def _call_readings(self: ShellReader, words: list[str]) -> list[tuple[str, ...] | None]:
    """The ways a function call's ``$1``… may be (see :meth:`_call_arguments`): one for each
    way the branches of the conditionals before it left the variables its words name (see
    ``._branches``: no more than an engine's command is read with), without repeats. A
    run calls the function once, with its branch's values; the reader does not know which.
    crystal-lang/crystal's ``bin/ci`` sets ``DOCKER_TEST_IMAGE`` in each arm of a ``case
    $ARCH`` (``…-build``, ``…-alpine-build``), then runs ``on_linux docker run …
    "$DOCKER_TEST_IMAGE"``, a wrapper that runs its words: read once, with the value last
    set, it ran only the last arm's image."""
    if not self.branches.values:
        return [self._call_arguments(words)]
    names = {name for word in words for name in _names_in(word)}
    variants = self._engine_variants(names) if names else [{}]
    if len(variants) == 1:
        return [self._call_arguments(words)]
    readings: dict[tuple[str, ...] | None, None] = {}
    for variant in variants:
        saved = {name: self.variables.get(name) for name in variant}
        for name, value in variant.items():
            self._set(name, value)
        try:
            readings[self._call_arguments(words)] = None
        finally:
            for name, value in saved.items():
                self._set(name, value)
    return list(readings)


def _call(self: ShellReader, name: str, words: list[str], line: int, last: int) -> list[ShellBuild]:
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
    readings = self._call_readings(words)
    documents = {document.line for document in self._written.values()}  # (the caller's)
    before = len(self.pulls) if self.pulls is not None else 0
    composes, charts = len(self.composes), len(self.charts)
    saved = self.positional
    counted = self._counted
    floor, self._branch_floor = self._branch_floor, self._branch_depth()
    loop_free, self._loop_free = self._loop_free, first + _lines_before_loop(body)
    defaults = self._defaults
    # (`main "$@"`: the script's own arguments, none when it runs alone)
    self._defaults = defaults and all(word in ALL_ARGUMENTS for word in words)
    bare = self._no_arguments
    self._no_arguments = bare and all(word in ALL_ARGUMENTS for word in words)
    self._depth += 1
    body_file, self._body_file = self._body_file, file if file is not None else SCRIPT_ITSELF
    found: list[ShellBuild] = []
    givens: list[tuple[str, ...] | None] = []  # (each build's reading's arguments)
    try:
        for given in readings:
            self.positional = given
            self._counted = given is not None and arguments_counted(words)
            read = self.read(body, first)
            found.extend(read)
            givens.extend([given] * len(read))
    finally:
        self._depth -= 1
        self._body_file = body_file
        self.positional, self._defaults = saved, defaults
        self._no_arguments = bare
        self._counted = counted
        self._branch_floor, self._loop_free = floor, loop_free
    given = tuple(word for one in readings for word in one or ())
    if self.pulls is not None:
        written = body.split("\n")
        self.pulls[before:] = [
            pull.at(line, last)
            if pull.path is None
            and any(
                len(word) > 1
                and (word in pull.image or pull.image in word)  # (`--image=IMAGE` too)
                # (a script's text, `sh -c "docker run … IMAGE … $ip"`, writes it whole)
                and (UNKNOWN not in plain_text(word) or pull.image in word.split())
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
        self._keep_renders(composes, line)
        del self.charts[charts:]
        alone = _read_alone(file)
        return list(
            dict.fromkeys(
                build.at(line)
                for build, one in zip(found, givens, strict=True)
                if (not alone or _given_by(build, one or ()))
                and (build.inline is None or build.inline_line in documents)
            )
        )  # (a here-document the function writes itself is its file's)
    return list(dict.fromkeys(found)) if len(readings) > 1 else found


#: A line of a script that runs its arguments as the command: ``$@``, ``"$@"``, ``$*``,
#: ``"${@}"``, maybe after ``exec``, ``eval`` or ``command``.
_RUNS_ITS_WORDS = lazy_pattern(
    r"""(?m)^[ \t]*(?:(?:exec|eval|command)[ \t]+)?"?\$(?:@|\*|\{@\}|\{\*\})"?"""
    r"""[ \t]*(?:$|[;&|#)])"""
)


#: A script's first line that has a shell run it.
_SHELL_LINE = lazy_pattern(r"#![ \t]*/\S*/(?:env[ \t]+)?(?:ba|da|k|z)?sh\b")


def _wrapper_call(
    self: ShellReader, program: str, words: list[str], line: int, last: int
) -> list[ShellBuild] | None:
    """A script of the project given a command as one quoted word, when the script runs its
    words as a command (``$@``, ``"$@"``, ``$*``, ``eval "$@"`` on a line of its own top
    level): read as a call of a function of that script's text is (see :meth:`_call`),
    its ``$1`` the command. 18F/iv-cbv-payroll's ``app/bin/owasp-scan`` sets
    ``cmd="docker run … -t $docker_name …"`` (``owasp/zap2docker-weekly``, ``-s``:
    ``-stable``), then runs `` `dirname "$0"`/with-server "$cmd" ``; ``with-server`` starts
    the app and runs ``$@`` (survey s59c: both images missed). ``None`` when the command is
    no such call: no quoted word of it is a command that runs or pulls an image, or the
    script is not found, or does not run its words."""
    if program.rpartition("/")[2] in SHELLS and len(words) > 2 and words[1][:1] != "-":
        program, words = self.expand(words[1]), words[1:]  # (`bash bin/with-server "$cmd"`)
    if self.pulls is None or self._depth >= MAX_DEPTH or len(words) < 2 or "/" not in program:
        return None  # (a bare name is a program of PATH's)
    if not any(
        not word.startswith(SPLIT) and _runs_image(plain_text(self.expand(word)))
        for word in words[1:]
    ):
        return None
    path = self._project_file(program)
    directory = script_directory(program)
    if path is None and directory is not None and self.script_directory is not None:
        path = os.path.join(self.script_directory, directory[1].lstrip("/"))
    if path is None or not os.path.isfile(path):
        return None
    from ._common import read_text
    from ._shell_functions import top_level
    from ._shell_values import MAX_BYTES

    text = read_text(path, MAX_BYTES)
    if not isinstance(text, str) or not (path.endswith(".sh") or _SHELL_LINE.match(text)):
        return None
    if _RUNS_ITS_WORDS.search(top_level(text)) is None:
        return None
    key = f"{UNKNOWN}{path}"  # (a name no function of the script's has)
    self._functions[key] = (text, 1, path)
    try:
        return _each_derived(self, words[1:], lambda: self._call(key, words[1:], line, last))
    finally:
        del self._functions[key]


def _each_derived(
    self: ShellReader, words: list[str], read: Callable[[], list[ShellBuild]]
) -> list[ShellBuild]:
    """What ``read`` finds, read once for each way the branches before left the variables
    ``words`` were built from (:func:`_derived_variants`), their values set so for it: a
    command string given to a wrapper script (:func:`_wrapper_call`), or run by ``eval
    "$cmd"`` or a bare ``$cmd`` (18F/iv-cbv-payroll's ``owasp-scan``: ``cmd="docker run …
    $docker_name …"`` after a ``getopts`` loop whose ``-s`` arm sets ``docker_name``
    from its default ``owasp/zap2docker-weekly`` to ``owasp/zap2docker-stable``: both are
    pulled, by a run with ``-s`` and one without). Once, as the values are, when no branch
    gave them others, or inside such a reading."""
    if self._deriving:
        return read()
    found: list[ShellBuild] = []
    self._deriving = True
    try:
        for variant in _derived_variants(self, words):
            saved = {name: self.variables.get(name) for name in variant}
            for name, value in variant.items():
                self._set(name, value)
            try:
                found.extend(read())
            finally:
                for name, value in saved.items():
                    self._set(name, value)
    finally:
        self._deriving = False
    return list(dict.fromkeys(found))


def _derived_variants(self: ShellReader, words: list[str]) -> list[dict[str, str | None]]:
    """The values of the variables ``words`` name, once for each way the branches before
    them left the variables their last assignment named (``cmd="docker run …
    $docker_name …"`` after a ``getopts`` loop whose ``-s`` arm sets ``docker_name``): each
    assignment made again with those values, as a run that took that way made it (the
    branches' own variables are read so by :meth:`_call_readings`). One reading, with the
    values as they are, when no branch gave them others."""
    names = {name for word in words for name in _names_in(word)}
    written = {
        name: assigned[-1][0]
        for name in names
        if (assigned := self._assigned_at.get(name)) and name in self.variables
    }
    sources = {source for value in written.values() for source in _names_in(value)} - names
    if not sources or not self.branches.values:
        return [{}]
    variants = self._engine_variants(sources)
    if len(variants) < 2:
        return [{}]
    readings: list[dict[str, str | None]] = []
    for variant in variants:
        saved = {name: self.variables.get(name) for name in variant}
        for name, value in variant.items():
            self._set(name, value)
        try:
            readings.append({name: self.expand(value) for name, value in written.items()})
        finally:
            for name, value in saved.items():
                self._set(name, value)
    return readings


def _in_sourced_file(self: ShellReader) -> bool:
    """Whether the text read now is a file the script sources (a call there of a function
    the script itself defines runs commands written in the script: rclone's test servers'
    ``run.bash``, sourced last, calls their own ``start``)."""
    return self.sourcing is not None and self.sourcing.in_sourced_file


def _keep_renders(self: ShellReader, start: int, call: int | None = None) -> None:
    """Of the compose commands from ``start`` on, only the ``envsubst`` renders kept: the
    others are read with the sourced file they are in, as one of the project's; a render
    has the variables this reading exports, and the file a call's argument names
    (hyperledger/fabric-samples' ``apply_template kube/org0/org0-ca.yaml``). So does a
    compose command of a sourced file's function that a call at line ``call`` runs with
    variables the caller exports (compose reads them from its environment), kept at the
    call: kroxylicious' ``performance-tests/perf-tests.sh`` exports ``VAULT_IMAGE``, sources
    ``common-perf.sh`` and calls its ``runDockerCompose up`` (``${CONTAINER_ENGINE} compose
    -f "${PERF_TESTS_DIR}/docker-compose.yaml" "${@}"``), whose ``image: ${VAULT_IMAGE}``
    the sourced file's own reading leaves to a run."""
    kept: list[ShellCompose] = []
    for found in self.composes[start:]:
        if found.command == ENVSUBST:
            kept.append(found)
        elif call is not None and found.env:
            moved = copy.copy(found)
            moved.line = call
            kept.append(moved)
    self.composes[start:] = kept


def _inert(self: ShellReader, body: str) -> bool:
    """Whether a call of a function of this body does nothing this reading follows (see
    :func:`_inert_words`): nor does it call a function."""
    pulls, running = self.pulls is not None, self.running is not None
    echoes = self.env_file is not None
    words = _inert_words(body, pulls=pulls, running=running, echoes=echoes)
    return words is not None and words.isdisjoint(self._functions)


def _settles(self: ShellReader, body: str) -> bool:
    """Whether a call of a function of this body only sets variables and prints (see
    :func:`_settling_words`), calling no function: such a call spends none of the budget
    of calls. kubernetes-csi's release-tools/prow.sh sets its 51 settings with ``configvar
    NAME VALUE`` (``eval : \\${NAME:=VALUE}``), which spent the budget before its
    ``gcr_cloud_build`` ran ``make push-multiarch REGISTRY_NAME=…``."""
    words = _settling_words(body)
    return words is not None and words.isdisjoint(self._functions)


def _forwards(self: ShellReader, body: str) -> bool:
    """Whether a call of a function of this body only runs its words with a command of its
    own before them (see :func:`_forwarding_words`), calling no function: such a call
    spends none of the budget of calls, as the command it runs is the call's own line.
    eth-educators/eth-docker's ``ethd`` runs all its docker commands through
    ``__dodocker() { $__docker_sudo $__docker_exe "$@"; }``: the calls in the bodies of its
    first functions spent the budget before ``__dodocker pull "pgautoupgrade/…"``."""
    words = _forwarding_words(body)
    return words is not None and words.isdisjoint(self._functions)


def _source(
    self: ShellReader,
    arguments: list[str],
    *,
    bats: bool = False,
    lines: int | None = None,
    export: bool = False,
) -> None:
    """``source FILE`` (``. FILE``): the file read in this shell, its variables kept after
    it (see ``._sourced``). Its pulls are its own (at its lines); what it builds and the
    compose commands it runs are read with the file itself, as one of the project's.
    ``bats``: Bats' ``load NAME``, which finds its file as Bats does.

    The file is read without the script's ``$1``… (what it may do with them is not
    followed), and the script has them again after it, as a shell keeps them: karmada's
    ``hack/docker.sh`` sources ``hack/util.sh``, then tags its image with its ``$1``.

    ``lines``: only the file's first lines are read (``eval $(head FILE)``); ``export``: what
    it sets is exported (``export $(grep -v '^#' FILE | xargs)``; see
    ``._printed_assignments``)."""
    given, self.positional = self.positional, None
    # (a file sourced without words sees the shell's own, with words those: a run's)
    bare, self._no_arguments = self._no_arguments, self._no_arguments and len(arguments) < 2
    allexport, self._allexport = self._allexport, self._allexport or export
    try:
        self._source_file(arguments, bats=bats, lines=lines)
    finally:
        if self.positional is None:  # (unless the file set them: `set -- …`)
            self.positional = given
        self._no_arguments = bare
        self._allexport = allexport


def _source_file(
    self: ShellReader, arguments: list[str], *, bats: bool, lines: int | None = None
) -> None:
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
    key = _source_memo.key_of(self, file, bats) if lines is None else None
    if key is not None and _source_memo.replay(self, key):
        return
    # (a file refused because the script run is being read is this script's alone;
    # one refused as read already, or past the limits, is the state's: the key's)
    refusals, ran = sourcing.own_refusals, self._ran
    text = sourcing.enter(file)
    if text is None:
        return
    if lines is not None:
        text = "\n".join(text.splitlines()[:lines])
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
            pull if pull.path is not None else pull.written_in(file) for pull in self.pulls[pulls:]
        ]
    rendered = len(self.composes) > composes  # (not kept by the memo: only pulls are)
    own = sourcing.own_refusals
    if key is not None and (own, self._ran) == (refusals, ran) and not rendered:
        added = tuple(self.pulls[pulls:]) if self.pulls is not None else ()
        _source_memo.record(self, key, added)


def memo_settings(self: ShellReader) -> tuple[object, ...] | None:
    """What this reading's sourced files depend on that no reading changes (``None``:
    not kept, see ``._source_memo``)."""
    if self.sourcing is None or self.env_file is not None:
        return None
    script = os.path.dirname(self.script) if self.script is not None else None
    return (
        self.pulls is None, self._bats, self.files, self.repository, self._workspace,
        script, self.running is None, self.sourcing.settings(),
    )  # fmt: skip


def memo_unnamed(self: ShellReader, texts: Iterable[str]) -> tuple[str, ...]:
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


def memo_state(self: ShellReader) -> tuple[object, ...]:
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


def memo_restore(self: ShellReader, state: tuple[Any, ...]) -> bool:
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


def _sourced_assignments(self: ShellReader) -> dict[str, list[_Assigned]]:
    """The assignments noted in sourced files (see :meth:`_note_assigned`), by name: a
    part of the state a sourced file's reading leaves (the script's own are not)."""
    found: dict[str, list[_Assigned]] = {}
    for name, notes in self._assigned_at.items():
        kept = [noted for noted in notes if noted[3] is not None]
        if kept:
            found[name] = kept
    return found
