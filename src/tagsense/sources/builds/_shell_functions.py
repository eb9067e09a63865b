"""Shell functions as text: their definitions, and what the words of their bodies may do.

:func:`_function_definition` finds ``name() {`` (``function name {``) and the body's end;
the ``*_words`` sniffs say what a body's commands are when a call of it changes nothing
that matters (:func:`_inert_words`), only settles variables (:func:`_settling_words`) or only
passes its arguments on (:func:`_forwarding_words`), so that :class:`.shell.ShellReader` spends
none of its call budget on it (see :mod:`._shell_calls`).
"""

from __future__ import annotations

import functools
import os

from ..._lazy import lazy_pattern, once
from ._engine_commands import DOCKER_TRANSPORT
from ._shell_parameters import _assignment
from ._shell_relevance import _BRANCHING, _relevant, _relevant_to_pulls
from ._shell_values import ALL_ARGUMENTS, MAX_BODY_LINES, UNKNOWN, name_pattern, plain_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re

    from ._shell_values import ShellBuild


#: A line that runs a function's arguments joined (``$*``, ``${*…}``): ``eval "$*"``, a
#: value for a later ``eval`` (``command="${*//&/\\&}"``), or ``$*`` as the command.
_RUNS_ALL_JOINED = lazy_pattern(
    r"(?:^|[;&|{]\s*)(?:eval\s.*|[A-Za-z_][A-Za-z0-9_]*=[\"']?)?\$(?:\*|\{\*)"
)


@functools.lru_cache(maxsize=256)
def _read_alone(path: str) -> bool:
    """Whether a scan reads a file a script sources as a script of its own (``*.sh``, an
    executable with a shell's ``#!``): then what it builds is read there, not at each call of
    its functions. dependabot-core's ``script/_common`` (no suffix, sourced by
    ``bin/docker-dev-shell``) is read only through the scripts that source it."""
    from ..discover import command_file_kind, program_kind

    return (
        command_file_kind(os.path.basename(path), os.path.dirname(path)) is not None
        or program_kind(path) is not None
    )


#: A use of a function's arguments (``$1``, ``${2}``, ``"$@"``, ``$*``, ``$#``).
_TAKES_ARGUMENTS = lazy_pattern(r"\$\{?[1-9@*#]")


#: Besides the engines and ``kubectl``, the programs whose command lines a script may wrap
#: after ``--`` (see :meth:`ShellReader._run_by_script`).
_WRAPPED_PROGRAMS = frozenset({"helm", "ct", "kind", "k3d", "docker-compose", "podman-compose"})


#: The commands that print a file of the project, or a value of it, a function may run for
#: what it prints (see :meth:`ShellReader._print_read`).
FILE_PRINTERS = frozenset({"cat", "jq", "yq"})


#: A command that may print what a function prints (see :meth:`ShellReader._function_printed`).
_PRINTING = lazy_pattern(r"\b(?:echo|cat|jq|yq)\b")


def _prints(text: str) -> bool:
    """Whether a function's text may print what a call of it substituted gives."""
    return _PRINTING.search(text) is not None


@functools.lru_cache(maxsize=8192)
def _names_of(chunk: str) -> frozenset[str]:
    """The words of a line that may name a function (kept, as :func:`_relevant` is)."""
    return frozenset(_NAME_WORDS.findall(chunk))


#: The words of a line that may name a function (as :func:`_function_header` reads one).
_NAME_WORDS = lazy_pattern(r"[A-Za-z_][\w:.-]*")


@once
def _function_header() -> re.Pattern[str]:
    """A function definition's first line: ``name() {``, ``function name {``,
    ``function name() {``, with what follows its ``{`` (``f() { docker run "$1"; }``); or
    ``name() (``, a body run in a subshell."""
    import re

    name = r"[A-Za-z_][\w:.-]*"
    return re.compile(
        rf"(?P<indent>\s*)(?:function\s+(?P<named>{name})\s*(?:\(\s*\))?|(?P<name>{name})\s*"
        r"\(\s*\))\s*(?:(?P<open>\{|\()(?P<rest>(?:\s.*)?))?",
        re.DOTALL,
    )


def _function_definition(
    chunk: str, lines: list[str], index: int
) -> tuple[str, str, int, int] | None:
    """A function defined by ``chunk`` (its line, ``lines[index]`` the one after): its name,
    its body, the index of the body's first line in ``lines``, and that of the line after the
    definition; ``None`` when the chunk defines none, or its end is not found (a closing
    ``}`` at the start of a line no more indented than the definition; ``)`` for a body in a
    subshell: kubernetes-csi's release-tools/prow.sh's ``run_e2e () (``, whose ``cd`` was
    read as the script's)."""
    match = _function_header().fullmatch(chunk)
    if match is None:
        return None
    name = match["named"] or match["name"]
    indent = len(match["indent"].expandtabs())
    rest = (match["rest"] or "").strip()
    close = ")" if match["open"] == "(" else "}"
    if match["open"] is None:
        if rest or index >= len(lines) or lines[index].strip() != "{":
            return None  # (something else)
        index += 1
    elif rest.endswith(close) and (rest == close or rest[-2] in " \t;&"):
        return name, rest[:-1], index - 1, index  # (on one line)
    start = index
    for end in range(index, min(len(lines), index + MAX_BODY_LINES)):
        text = lines[end].rstrip("\r")
        stripped = text.lstrip()
        margin = len(text[: len(text) - len(stripped)].expandtabs())
        if stripped.startswith(close) and margin <= indent:
            if rest:  # (`f() { docker pull "$1"` then more lines: the body starts there)
                return name, "\n".join([rest, *lines[start:end]]), start - 1, end + 1
            return name, "\n".join(lines[start:end]), start, end + 1
    return None


@functools.lru_cache(maxsize=16)  # (a script's, asked by each run of it and its reading)
def top_level(text: str) -> str:
    """A script's text with the bodies of the functions it defines left out (their lines
    empty): a function runs with the call's words as its positional parameters (POSIX,
    *Function Definition Command*: "the positional parameters shall be temporarily
    replaced with the operands of the function call"), so its ``shift``, ``set --`` and
    ``getopts`` move those, not the script's. crystal's ``bin/ci``, which each workflow
    step runs as ``bin/ci build`` (``prepare_build``, ``with_build_env …``), shifts in its
    ``on_os`` function, and starts its own top level ``command="$1"``, ``shift``.

    >>> top_level('f() {\\n  shift\\n}\\nshift').split("\\n")
    ['f() {', '', '}', 'shift']
    """
    if _FUNCTION_START.search(text) is None:
        return text
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if "(" not in line and "function" not in line:
            continue
        defined = _function_definition(line.rstrip("\r"), lines, index)
        if defined is None:
            continue
        _, _, first, end = defined
        if first < index:  # (`f() { shift; }` on one line, or a body that starts on it)
            lines[index - 1] = line.partition("{")[0] + "{"
        for inner in range(index, end - 1):
            lines[inner] = ""
        index = max(index, end - 1)
    return "\n".join(lines)


#: A function definition's start, somewhere in a text (see :func:`top_level`).
_FUNCTION_START = lazy_pattern(r"(?m)^\s*function\s+[\w:-]+|^\s*[\w:-]+\s*\(\s*\)")


def _given_by(build: ShellBuild, given: tuple[str, ...]) -> bool:
    """Whether a build a function runs has its Dockerfile, context, a build argument or a
    name from a call's words (``given``, its ``$1``…): the call's build, not the function's
    (a Dockerfile a here-document of the caller's writes, whose path a run decides, is named
    by the call's ``-t``), or a name a script's text among the words writes whole (sysbox's
    bats helper ``docker() { run __docker "$@"; }`` called as ``docker exec "$syscont" sh -c
    'docker buildx build -t alpine-arm-test:arm64 .'``)."""
    known = {word for word in given if len(word) > 1 and UNKNOWN not in plain_text(word)}
    return (
        (
            bool(known)
            and (
                build.dockerfile in known
                or build.context in known
                or any(f"{name}={value}" in known for name, value in build.args)
                or any(name in known for name in build.names)
            )
        )
        # (a script's text, `docker exec C sh -c 'docker build -t NAME .'`, writes it whole)
        or any(
            name_pattern(part) in build.names
            for word in given
            if " " in word
            for part in word.split()
        )
        or any(
            name_pattern(word.removeprefix(DOCKER_TRANSPORT)) in build.names
            for word in given
            if len(word) > 1 and ("/" in word or ":" in word) and _names_one(word)
        )
    )  # (skopeo's `run_skopeo copy dir:X docker://localhost:5000/busybox:unsigned`)


def _names_one(word: str) -> bool:
    """Whether a call's word names one image, whatever its tag: known, or only its tag (or
    digest) a run's. avalanchego's ``build_antithesis_builder_image "${GO_VERSION}"
    "antithesis-avalanchego-builder:${IMAGE_TAG}"``, tagged with the commit, builds the
    image the function's ``-t "${image_name}"`` names."""
    text = plain_text(word.removeprefix(DOCKER_TRANSPORT))
    if UNKNOWN not in text:
        return True
    name = name_pattern(text)
    return name is not None and "*" not in name and text.startswith(name)


@functools.lru_cache(maxsize=1024)  # (a body's, asked again at each of its calls)
def _lines_before_loop(body: str) -> int:
    """How many lines of a function's body come before its first loop (``while``, ``until``,
    ``for``, a word of its own at a command's start), all of them when it has none.

    >>> _lines_before_loop('case "$1" in\\n  -q) shift;;\\nesac\\nwhile true; do :; done')
    3
    >>> _lines_before_loop("docker run x"), _lines_before_loop("  for i in 1 2; do a; done")
    (1, 0)
    """
    lines = body.split("\n")
    for number, line in enumerate(lines):
        if _LOOP_START.search(line.partition(" #")[0]) is not None:
            return number
    return len(lines)


#: A loop's keyword at a command's start.
_LOOP_START = lazy_pattern(r"(?:^|[;&|({]|\bdo|\bthen|\belse)\s*(?:while|until|for)(?=\s)")


@functools.lru_cache(maxsize=1024)  # (a body's, asked again at each of its calls)
def _inert_words(body: str, *, pulls: bool, running: bool, echoes: bool) -> frozenset[str] | None:
    """The words of a function's body when it does nothing a reading follows (else ``None``):
    each line prints (``echo``, ``printf``, unless what they print is followed: ``echoes``),
    sets a ``local`` variable, or is no relevant line (:func:`_relevant`, with ``pulls`` the
    pulls' too, with ``running`` the scripts it may run) once its conditional words are left
    out; none substitutes a command, runs its arguments or a command a variable names, or exits.
    (Whether a word calls a function is the reading's to say.) hyperledger/fabric-samples'
    ``log``, ``push_fn`` and ``pop_fn`` are 189 of the 300 function calls its ``network``
    script makes: read, they spent the budget of calls before its ``apply_template`` ones."""
    from ._runs import runs_in

    relevant = _relevant_to_pulls if pulls else _relevant
    found: set[str] = set()
    for line in body.split("\n"):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if "$(" in text or "`" in text or "<<" in text:
            return None
        words = text.replace(";", " ").split()
        if not words:
            continue  # (a line of `;` alone)
        found.update(words)
        if words[0] in ("echo", "printf") and not echoes and ".env" not in text:
            continue  # (what a .env file gets is followed: see ._dotenv_writes)
        if "exit" in words or "$@" in text or "${@}" in text:
            return None
        if _RUNS_ALL_JOINED.search(text):
            return None  # (`eval "$*"`: runs its arguments, as `"$@"` does)
        if words[0] == "local" and len(words) == 2:
            continue
        plain = _BRANCHING.sub(" ", text)
        if relevant(plain) or (running and runs_in(plain)):
            return None
        command = plain.split()
        if command and command[0].lstrip("\"'").startswith("$"):
            return None  # (a command a variable names: a script's path, an engine's run)
    return frozenset(found)


#: The commands of a function that only sets variables and prints (see :func:`_settling_words`).
_SETTLING = frozenset(
    {":", "echo", "printf", "local", "export", "readonly", "declare", "typeset", "return",
     "shift", "true", "false", "[", "[[", "test", "if", "then", "else", "elif", "fi", "!",
     "{", "}"}
)  # fmt: skip


#: What splits a line into commands, for :func:`_settling_words`.
_COMMANDS = lazy_pattern(r";|&&|\|\||\bthen\b|\belse\b|\bdo\b")


@functools.lru_cache(maxsize=1024)
def _settling_words(body: str) -> frozenset[str] | None:
    """The words of a function's body when each of its commands only sets a variable or
    prints (an assignment, ``local``, ``echo``, a test, ``eval`` of ``:``, ``echo`` or an
    assignment: ``configvar () { eval : \\$\\{"$1":="\\$2"\\}; }``), substituting no
    command; else ``None``.

    >>> sorted(_settling_words('  local v="$1"\\n  eval value="${v}_X"\\n  echo "$value"'))
    ['"$value"', 'echo', 'eval', 'local', 'v="$1"', 'value="${v}_X"']
    >>> _settling_words('eval "$@"') is None, _settling_words("docker pull a") is None
    (True, True)
    """
    found: set[str] = set()
    for line in body.split("\n"):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if "$(" in text or "`" in text or "<<" in text or ">" in text:
            return None
        for command in _COMMANDS.split(text):
            words = command.split()
            found.update(words)
            while words and words[0] in ("if", "elif", "!", "then", "else", "{", "}"):
                words = words[1:]
            if words[:1] == ["eval"]:
                words = words[1:]
                if not words or not (words[0] in (":", "echo") or _assignment(words[0])):
                    return None
                continue
            if not words or words[0] in _SETTLING or _assignment(words[0]) is not None:
                continue
            return None
    return frozenset(found)


@functools.lru_cache(maxsize=1024)
def _forwarding_words(body: str) -> frozenset[str] | None:
    """The words of a function's body when it is one command that ends with its words
    (``"$@"``) and substitutes no command (``docker "$@"``, ``$SUDO $DOCKER "$@"``); else
    ``None``.

    >>> sorted(_forwarding_words('  $__docker_sudo $__docker_exe "$@"\\n'))
    ['$__docker_exe', '$__docker_sudo']
    >>> _forwarding_words('docker "$@"; f "$1"') is None, _forwarding_words('"$@"') is None
    (True, True)
    """
    lines = [
        text for line in body.split("\n") if (text := line.strip()) and not text.startswith("#")
    ]
    if len(lines) != 1 or any(mark in lines[0] for mark in ("$(", "`", "<<", ";", "|", "&")):
        return None
    words = lines[0].split()
    if len(words) < 2 or words[-1].strip("'\"") not in ALL_ARGUMENTS:
        return None
    return frozenset(words[:-1])
