"""How :class:`.shell.ShellReader` sees through the commands that run other commands.

``sudo``, ``time``, ``env``, ``xargs``, ``nohup`` and the like before a command, ``sh -c '…'``,
``eval``, a script that runs the command line after its ``--``, a command run over ``ssh`` or in
a virtual machine: the command they run is read as if written alone. These are the reader's
methods, defined here.
"""

from __future__ import annotations

from . import _arrays, _bats
from ._engine_commands import engine_of, kubectl_of
from ._shell_functions import _WRAPPED_PROGRAMS
from ._shell_parameters import _assignment, _sets_variable
from ._shell_text import SimpleCommand
from ._shell_values import DOLLAR, ENGINE, MAX_DEPTH, SHELLS
from ._vm_shells import command_in_vm

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._shell_values import ShellBuild
    from .shell import ShellReader


_KEYWORDS = frozenset({"if", "then", "else", "elif", "do", "while", "until", "!", "{", "}"})


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


def _may_run_in_vm(word: str) -> bool:
    """Whether a command's first word may be a VM's front end (see ``._vm_shells``)."""
    return "lima" in word


def _xargs(
    self: ShellReader, command: SimpleCommand, prefix: list[str], words: list[str]
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


#: ``find``'s primaries that run a command on the files found (``-ok``, ``-okdir``: once the
#: user says yes).
FIND_EXEC = frozenset({"-exec", "-execdir", "-ok", "-okdir"})


def _find_exec(
    self: ShellReader, command: SimpleCommand, prefix: list[str], words: list[str], line: int
) -> list[ShellBuild] | None:
    """What the commands ``find … -exec COMMAND {} +`` (``;``) runs build and pull, each read
    as if written alone, ``{}`` left as the file name it is; ``None`` when ``words`` are no
    ``find`` that runs one. POSIX ``find``: ``-exec utility_name [argument ...] ;`` and
    ``-exec utility_name [argument ...] {} +`` run the utility (the ``+`` ends it only after
    a ``{}``); GNU's ``-execdir``, ``-ok`` and ``-okdir`` likewise. nickjj/docker-django-
    example's ``run`` lints with ``find . -type f … -exec grep --quiet '^#!.*sh' {} \\;
    -exec "${cmd[@]}" {} +``, ``cmd=(docker container run … koalaman/shellcheck:stable)``.

    The words come split as the shell's tokens are (see ``._shell_text``), where the ``;``
    that ends a command (``\\;``, ``';'``) is an operator like any: so ``words`` ending
    before a ``;`` end a command there, and a command that starts with ``-exec`` is the
    rest of the ``find`` before it (no program has that name)."""
    if not words:
        return None
    if words[0] in FIND_EXEC:
        index = 0
    elif self.expand(words[0]).rpartition("/")[2] == "find":
        index = 1
    else:
        return None
    runs: list[list[str]] = []
    while index < len(words):
        if words[index] not in FIND_EXEC:
            index += 1
            continue
        start = end = index + 1
        while end < len(words):
            value = self.expand(words[end])
            if value == ";" or (value == "+" and end > start and words[end - 1] == "{}"):
                break
            end += 1
        if end > start and (end < len(words) or command.after.startswith(";")):
            runs.append(words[start:end])
        index = end + 1
    if not runs:
        return None
    built: list[ShellBuild] = []
    for run in runs:
        inner = SimpleCommand([*prefix, *run], command.depth, command.piped)
        inner.joined = command.joined
        built.extend(self._simple_command(inner, line, line))
    return built


def _through_wrappers(self: ShellReader, words: list[str]) -> list[str]:
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
            if not (len(words) == index + 2 and self._sources_printed(words[-1], "export")):
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


def _run_by_script(self: ShellReader, words: list[str]) -> list[str] | None:
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


def _nested(
    self: ShellReader, program: str, words: list[str], line: int, last: int
) -> list[ShellBuild]:
    """``sh -c 'script'``: the script, read as a shell of its own would read it; and
    ``sg GROUP [-c] 'script'``, which runs it so with another group (Percona's Jenkinsfiles
    run their ``docker run`` steps in ``sg docker -c "…"``); and ``su USER -c 'script'``,
    which has USER's shell run it (see ``._su``)."""
    from .shell import ShellReader

    if program.rpartition("/")[2] == "su" and self._depth < MAX_DEPTH:
        from ._su import su_command

        script = su_command(words)
        return [] if script is None else self._nested("sh", ["-c", script], line, last)
    if program.rpartition("/")[2] == "sg" and self._depth < MAX_DEPTH:
        # (`sg [-] GROUP [-c] COMMAND`: shadow's newgrp.c takes a first `-`/`-l`, then
        # GROUP, then `-c COMMAND` or COMMAND alone, runs it with `/bin/sh -c` and reads no
        # word after it; algorand/go-algorand's release scripts run `sg docker "docker run …
        # ubuntu:16.04 bash …"`)
        operands = words[1:] if words[:1] in (["-"], ["-l"]) else words
        if not operands or operands[0].startswith("-") or len(operands) < 2:
            return []
        rest = operands[1:]
        command = rest[1] if len(rest) > 1 and rest[0] == "-c" else rest[0]
        return self._nested("sh", ["-c", command], line, last)
    if self._depth >= MAX_DEPTH or program.rpartition("/")[2] not in SHELLS:
        return []
    written = _shell_script(words)
    if written is None:
        return []
    inner = ShellReader(
        self.variables, pulls=self.pulls is not None, watch=self._watch,
        _depth=self._depth + 1,
    )  # fmt: skip
    inner._loads = self._loads  # (the same engine's store: ._image_load)
    script = self.expand(written)
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


def _remote(
    self: ShellReader, command: SimpleCommand, words: list[str], line: int, last: int
) -> list[ShellBuild]:
    """``ssh [OPTIONS] DESTINATION COMMAND…``: the command the remote host's shell runs
    (see ``._ssh``), or with none the here-document ssh gives it, read as that shell
    reads it: with none of this shell's variables (those of a double-quoted command and
    an unquoted here-document are put in here, before ssh sends them) in a directory
    only a run knows. Its pulls are pulls, the names it builds the project's; what its
    builds read and its compose commands' files are the remote host's, not read here."""
    from ._ssh import remote_command
    from .shell import ShellReader

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
    builds = [build.replaced(workdir=None, decided=False) for build in inner.read(script, first)]
    pulls = inner.pulls or []
    if operands:  # (one line's command: placed at the ssh command, as `sh -c` is)
        builds = [build.at(line) for build in builds]
        pulls = [pull.at(line, last) for pull in pulls]
    if self.pulls is not None:
        self.pulls.extend(pulls)
    return builds


def _shell_script(words: list[str]) -> str | None:
    """The script of a shell's ``-c`` among its words (``sh -c 'script'``, ``bash -ec
    'script'``: the first word after the options that hold ``c``), ``None`` without one.

    >>> _shell_script(["-ec", "docker pull a:1"]), _shell_script(["-x", "-c", "true", "name"])
    ('docker pull a:1', 'true')
    >>> _shell_script(["script.sh"]), _shell_script(["--login", "-c", "true"])
    (None, None)
    """
    for index, word in enumerate(words):
        if not word.startswith("-") or word.startswith("--"):
            return None
        if "c" in word[1:] and word[1:].isalpha():
            return words[index + 1] if index + 1 < len(words) else None
    return None


def _in_container(
    self: ShellReader, command: list[str], line: int, last: int
) -> list[ShellBuild] | None:
    """``docker exec CONTAINER sh -c 'script'`` (``command``: the exec'd words, expanded):
    the script, read as the container's shell reads it (a Docker in Docker test's own
    engine: nestybox/sysbox's tests run ``docker exec "$syscont" sh -c "docker run … IMAGE"``
    and ``sh -c "kind create cluster --image=…"``), with none of this shell's variables
    (a double-quoted script's are put in here, before ``docker exec`` runs) in a directory
    only a run knows, as a command over ``ssh`` is read. ``None`` when the command is not a
    shell's ``-c``."""
    from .shell import ShellReader

    program = command[0].rpartition("/")[2] if command else ""
    if program not in SHELLS:
        return None
    script = _shell_script(command[1:])
    if script is None or self._depth >= MAX_DEPTH:
        return None
    inner = ShellReader(pulls=self.pulls is not None, cwd=None, _depth=self._depth + 1)
    inner._loads = self._loads  # (what one exec'd script loads, a later one runs: ._image_load)
    builds = [
        build.replaced(workdir=None, decided=False).at(line) for build in inner.read(script, line)
    ]
    if self.pulls is not None and inner.pulls:
        self.pulls.extend(pull.at(line, last) for pull in inner.pulls)
    return builds


def _eval(self: ShellReader, words: list[str], line: int) -> list[ShellBuild]:
    """``eval WORDS``: the words joined by spaces, read again as commands of this shell,
    at the line of the ``eval`` (openziti's ``run() { eval "$@"; }``, called as ``run
    "docker buildx build --tag ${TAGGED_REF} …"``, builds that tag)."""
    if self._depth >= MAX_DEPTH or not words:
        return []
    if len(words) == 1 and self._sources_printed(words[0], "eval"):
        return []  # (`eval $(head ../.env)`: the file's assignments)
    script = " ".join(self.arguments(words))
    self._depth += 1
    try:
        found = self.read(script, line)
    finally:
        self._depth -= 1
    return found


def _sources_printed(self: ShellReader, word: str, keyword: str) -> bool:
    """Whether ``word``, the one word after ``eval`` or ``export`` (``keyword``), is a command
    substitution that prints a file's assignments (``$(head ../.env)``, ``$(grep -v '^#' .env
    | xargs)``, as the line has it): then the file is read as sourced (see
    ``._printed_assignments``), its variables exported for ``export``."""
    from ._engine_commands import only_unknown

    if not only_unknown(word) or keyword not in self._raw:
        return False
    from ._printed_assignments import printed_file, substitutions_after

    found = {
        printed
        for written in substitutions_after(self._raw, keyword)
        if (printed := printed_file(written)) is not None
    }
    if len(found) != 1:
        return False  # (none, or which of them is this command's: not known here)
    ((file, lines),) = found
    self._source([file], lines=lines, export=keyword == "export")
    return True
