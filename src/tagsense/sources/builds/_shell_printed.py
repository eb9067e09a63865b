"""What :class:`.shell.ShellReader` knows a command substitution prints.

``$(cat FILE)``, ``$(jq … FILE)``/``yq``, a Maven ``help:evaluate``, ``go list``, an ``echo``, a
function that prints, a pipeline of them: a ``$(…)`` whose output the project's own files decide
gives that output, and the commands inside a substitution are read where it is written. These are
the reader's methods, defined here.
"""

from __future__ import annotations

import os

from ._common import read_text
from ._shell_functions import _names_of, _prints
from ._shell_text import (
    MAX_FILE_PRINTED,
    Expanded,
    cat_command,
    prepare,
    simple_commands,
    split_words,
)
from ._shell_values import (
    DOLLAR,
    ENVSUBST,
    FILE_READERS,
    MAX_DEPTH,
    SCRIPT_ITSELF,
    UNKNOWN,
    plain_text,
    script_directory,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._shell_values import ShellBuild
    from .shell import ShellReader


#: How much of a file a ``jq``/``yq`` command substituted reads (see :meth:`_file_printed`).
MAX_QUERIED = 256 * 1024


def _file_printed(self: ShellReader, command: str) -> str | None:
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


def _maven_printed(self: ShellReader, command: str) -> str | None:
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


def _function_printed(self: ShellReader, command: str) -> str | None:
    """What a call of a function of the script prints by ``echo``, read as a call is (see
    :meth:`_call`): dependabot-core's ``ECOSYSTEM_BUILD=$(_build_cmd_and_cache_args
    "$ECOSYSTEM" "$IMAGE")`` echoes ``docker buildx build …`` when ``BUILDX_GHA_CACHE``
    is set, else ``docker build …``; then ``$ECOSYSTEM_BUILD … -t NAME`` builds. Of
    ``echo``\\ s in branches a run decides, the last read is what a run that sets none of
    their variables prints, as for an assignment; one that surely runs beside others,
    several lines, is not known here (``None``)."""
    from .shell import ShellReader

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
    inner.inputs = self.inputs  # (what it looks at is the script's reading's: note_input)
    printed: list[tuple[str, bool]] = []
    inner._printed = printed
    inner.read(body, first)
    self._calls = min(self._calls, inner._calls)
    if not printed or (len(printed) > 1 and any(certain for _, certain in printed)):
        return None
    return Expanded(printed[-1][0]) or None


def _pipeline_printed(self: ShellReader, command: str) -> str | None:
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
    if first[:1] == ["basename"] and not others:
        return _basename_printed(self, stage)
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


def _basename_printed(self: ShellReader, command: str) -> str | None:
    """What ``basename STRING [SUFFIX]`` prints when its words are known here: the last
    part of the path, without trailing slashes, then without ``SUFFIX`` when it ends so
    and is not all of it (POSIX ``basename``). google/osv-scanner's
    ``scripts/build_test_images.sh``: ``image_name=$(basename "$dockerfile" .Dockerfile)``
    in a loop over ``testdata/*.Dockerfile``, then ``-f "testdata/$image_name.Dockerfile"``."""
    prepared, complete = prepare(command.strip()[len("basename") :])
    words = split_words(prepared) if complete else None
    if not words or len(words) > 2:
        return None
    operands = [self.expand(word) for word in words]
    if any(plain_text(word) != word or UNKNOWN in word for word in operands):
        return None
    if operands[0].startswith("-"):
        return None  # (GNU's -a, -s SUFFIX, -z, --: not read)
    path = operands[0]
    if path and not path.strip("/"):
        return "/"
    name = path.rstrip("/").rpartition("/")[2]
    suffix = operands[1] if len(operands) == 2 else ""
    if suffix and suffix != name and name.endswith(suffix):
        name = name[: -len(suffix)]
    return name or None


def _go_printed(self: ShellReader, command: str) -> str | None:
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


def _echo_printed(self: ShellReader, command: str) -> str | None:
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


def _project_file(self: ShellReader, operand: str) -> str | None:
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
        path = os.path.normpath(os.path.join(self.files, self.cwd, operand))
        inside = os.path.relpath(path, self.files or os.curdir)
        if inside.split(os.sep)[0] == os.pardir:
            return None
        self.note_input(path)
        return path
    if self.sourcing is not None:
        found = self.sourcing.file_for(operand, None, "")
        if found is not None and self._where_it_starts():
            self.reads_beside = self.reads_beside or self.sourcing.beside_script(operand, found)
            self.reads_at_top = self.reads_at_top or self.sourcing.at_top(operand, found)
        return found
    return None


def _substituted(
    self: ShellReader, substituted: list[str], line: int, last: int
) -> list[ShellBuild]:
    """The pulls of the commands a line substitutes (``CID=$(docker create IMAGE)``), and
    the files its ``envsubst`` commands render (``-p "$(envsubst < patch.yaml)"``); returned,
    the images they build or name (``id=$(tar … | docker import - $IMAGE)``, DeviceFarmer/
    stf's ``mkimage-alpine.sh``, which then runs ``$IMAGE``)."""
    from ._shell_relevance import _may_build_by_words
    from .shell import ShellReader

    built: list[ShellBuild] = []
    if self._depth >= MAX_DEPTH:
        return built
    for script in substituted:
        builds = _may_build_by_words(script.encode())  # (the substitution's own text)
        if self.pulls is None and ENVSUBST not in script and not builds:
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
        made = inner.read(script, line)
        if builds:
            built.extend(made)
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
    return built
