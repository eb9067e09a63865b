"""The outputs of a GitHub ``run`` step that the workflow itself tells.

A step's outputs (``steps.<id>.outputs.<name>``) are what its script writes to the file
``$GITHUB_OUTPUT``, one ``name=value`` a line (GitHub's "Setting an output parameter").
A run decides most of them, but not all: prefect's image workflow reads the Node version
its Dockerfile is built with from the repository,

.. code-block:: yaml

    - id: get_node_version
      run: echo "NODE_VERSION=$(cat .nvmrc)" >> $GITHUB_OUTPUT

and passes ``NODE_VERSION=${{ steps.get_node_version.outputs.NODE_VERSION }}`` as a build
argument, so ``FROM node:${NODE_VERSION}-bookworm-slim`` pulls the version ``.nvmrc`` holds
(survey 16d: a false TS011, and the image it pulls missed).

So an output is known here when the step's script writes it with ``echo``, in a script
that has no compound command (no ``if``, loop, ``case``, function, ``&&`` or ``||``: each
line runs, in order, and the last write of a name is its value), as text with no expansion,
as text whose ``$NAME`` and ``${NAME}`` are variables of the step's ``env`` the workflow
tells (FlowiseAI/Flowise's ``echo "node_version=${NODE_VERSION_INPUT}" >> $GITHUB_OUTPUT``,
with ``NODE_VERSION_INPUT: ${{ github.event.inputs.node_version || '24' }}``), or as the
whole ``$(cat FILE)`` or ``$(< FILE)`` of a file of the checkout: the file's text
without its trailing newlines (as a command substitution gives it), when that is one word.
A file is read only in a job that checks the repository out (``actions/checkout`` with no
other ``repository`` and no ``path``), from the step's working directory. Anything else
leaves an output to the run, by name: another expansion, a shell that is not POSIX, a file
that is not there or holds more than a word, and every output of a step with a write this
cannot read (``cat out >> $GITHUB_OUTPUT``, a here-document with a multi-line value), which
may name any of them; a here-document of ``NAME=value`` lines is read as its ``echo`` lines. A
value the shell reader completes but for the tags of images whose repositories it knows
(``ghcr.io/acme/app:<run>``) is kept so: the build steps given it build those repositories.
"""

from __future__ import annotations

import os
import re

from ..._lazy import lazy_pattern
from .._yaml import items, scalar
from ._scanner import fields
from ._setup_go import SETUP_GO, installed_go

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    import yaml

__all__ = ["StepOutputs", "names_with_a_run_s_tags"]

#: The most a file read for an output may hold (a version file holds a word).
_MAX_FILE_BYTES = 4096
#: Where a line names the output file (any such line writes to it, or may).
_NAMES_FILE = lazy_pattern(r"\bGITHUB_OUTPUT\b")
#: A whole write: ``echo NAME=VALUE >> $GITHUB_OUTPUT`` (the value quoted or not, the file's
#: name in quotes or braces).
_WRITE = lazy_pattern(
    r"""^\s*echo\s+(?P<word>"[^"]*"|'[^']*'|[^\s"'<>|;&]+)\s*>>\s*"""
    r"""(?P<q>"?)\$(?:GITHUB_OUTPUT|\{GITHUB_OUTPUT\})(?P=q)\s*$"""
)
_NAME = lazy_pattern(r"[A-Za-z_][A-Za-z0-9_-]*")
#: A value read from a file: ``$(cat FILE)``, ``$(< FILE)``.
_FROM_FILE = lazy_pattern(r"^\$\(\s*(?:cat\s+|<\s*)(?P<file>[A-Za-z0-9._/+-]+)\s*\)$")
#: A variable a double-quoted or bare word expands: ``$NAME``, ``${NAME}``.
_VARIABLE = lazy_pattern(
    r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)\}|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))"
)
#: Text with no expansion: what a double-quoted or bare word keeps as written.
_PLAIN = lazy_pattern(r"^[A-Za-z0-9._/:@+,=%^~-]*$")
#: The first words of lines that make the lines around them conditional or repeated.
_COMPOUND = lazy_pattern(
    r"^\s*(?:if|then|else|elif|for|while|until|case|select|function|do)\b|^\s*[({]"
    r"|^\s*[A-Za-z_][\w-]*\s*\(\s*\)|\\$|&&|\|\|"
)
_CHECKOUT = "actions/checkout"


class StepOutputs:
    """The ``steps`` context of one job as its steps run, one after the other: each ``run``
    step with an ``id`` gives the outputs the file tells (see the module), any other output
    is the run's (:class:`~._expr.Unknown` by name). ``checkout``: the directory the job's
    scripts start in, the repository's checkout (``None``: no file is read); ``read``
    collects the files read, with :func:`~.._context_cache.stat_of`'s answer."""

    __slots__ = ("_checked_out", "_checkout", "_read", "_steps")

    def __init__(
        self, checkout: str | None, read: dict[str, tuple[int, int] | None] | None = None
    ) -> None:
        from ._expr import Partial

        self._checkout = checkout
        self._read = read
        self._checked_out = False
        self._steps = Partial()

    @property
    def checked_out(self) -> bool:
        """Whether a step so far checked the repository out into the job's workspace."""
        return self._checked_out

    @property
    def context(self) -> dict[str, object]:
        """The ``steps`` context for the next step's expressions."""
        from ._expr import Partial

        return Partial(self._steps)

    def ran(
        self,
        step: yaml.Node,
        workdir: str | None,
        posix: bool,
        env: Mapping[str, str] | None = None,
        evaluated: str | None = None,
        options: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        """Take in a step that ran: a checkout of the repository, or a ``run`` step's
        outputs (``workdir``: its working directory relative to the checkout, ``None`` when
        a run decides it; ``posix``: whether its shell reads shell text; ``env``: its
        variables, a run's parts :data:`~..builds._shell_values.UNKNOWN`; ``evaluated``: its
        ``run`` text with its ``${{ }}`` evaluated, which the shell reader reads)."""
        from ._expr import Partial

        step_fields = fields(step)
        uses = (scalar(step_fields.get("uses")) or "").partition("@")[0].lower()
        if uses == _CHECKOUT:
            given = {key: scalar(node) for key, node, _ in items(step_fields.get("with"))}
            if not given.get("repository") and given.get("path") in (None, "", ".", "./"):
                self._checked_out = True
            return
        step_id = scalar(step_fields.get("id"))
        if uses == SETUP_GO:
            given = {key: scalar(node) for key, node, _ in items(step_fields.get("with"))}
            checkout = self._checkout if self._checked_out else None
            version = installed_go(given, checkout, self._read) if step_id else None
            if step_id and version is not None:
                self._steps[step_id] = Partial({"outputs": Partial({"go-version": version})})
            return
        script = scalar(step_fields.get("run"))
        if not step_id or script is None or not posix:
            return
        directory = None
        if self._checked_out and self._checkout is not None and workdir is not None:
            directory = os.path.join(self._checkout, workdir) if workdir else self._checkout
        known = self._written(script, directory, env or {})
        if not known and evaluated is not None and _NAMES_FILE.search(evaluated):
            known = self._shell_written(evaluated, workdir, env or {})
            if options:
                known = {**self._optional(evaluated, workdir, env or {}, options, step_id),
                         **known}  # fmt: skip
        if known:
            self._steps[step_id] = Partial({"outputs": Partial(known)})

    def _optional(
        self,
        script: str,
        workdir: str | None,
        env: Mapping[str, str],
        options: Mapping[str, tuple[str, ...]],
        step_id: str,
    ) -> dict[str, object]:
        """The outputs a script writes with each value its ``env`` may take (``options``: an
        entry that is one of several values, the run choosing, as ``inputs.registry ||
        vars.REGISTRY || 'ghcr.io/acme'`` is), each output one of those values or a run's
        (an :class:`~._expr.Either`). triggerdotdev/trigger.dev's ``set_tags`` step writes
        the tags its build pushes from ``REF_WITHOUT_TAG``, so made."""
        import itertools

        from ._expr import Either, Unknown

        names = sorted(options)
        found: dict[str, list[object]] = {}
        for values in itertools.islice(itertools.product(*(options[n] for n in names)), 8):
            written = self._shell_written(
                script, workdir, {**env, **dict(zip(names, values, strict=True))}
            )
            for name, value in written.items():
                if value not in found.setdefault(name, []):
                    found[name].append(value)
        run = (f"steps.{step_id}.outputs.{{}}",)
        return {
            name: Either((*values, Unknown((run[0].format(name),))))
            for name, values in found.items()
        }

    def _shell_written(
        self, script: str, workdir: str | None, env: Mapping[str, str]
    ) -> dict[str, object]:
        """The outputs a script writes as the shell reader reads it (its variables, its
        branches, what ``$(cat FILE)`` and ``$(jq … FILE)`` print of the checkout's files):
        those written with ``echo NAME=VALUE`` (alone, or in a ``{ …; } >> FILE`` group) in
        every run of the script whose value is known. A write of another kind may name any
        output (none is known); a write that may not happen leaves its output a run's (not
        written, it is empty). triggerdotdev/trigger.dev's ``config`` step checks the file
        (``jq -e … || { echo "invalid"; exit 1; }``) and branches on the event before its
        ``{ echo "images=$(jq -c '.images' base-images/images.json)"; …; } >>
        "$GITHUB_OUTPUT"``."""
        from ..builds._shell_values import UNKNOWN
        from ..builds.shell import ShellReader
        from ._shell import _logical_lines, _step_sourcing

        text = _heredoc_writes(_grouped_writes(_tee_appends(script)))
        if any(
            _NAMES_FILE.search(line) and not _ECHO_WRITE.match(line) and not _printf_write(line)
            for line in _logical_lines(text)
        ):
            return {}
        files = self._checkout if self._checked_out else None
        # (`source ./env.sh`: the repository's file, its variables in the writes after it;
        # emqx's init jobs write the builder image env.sh exports as an output)
        sourcing = _step_sourcing(text, files, workdir)
        reader = ShellReader(env, cwd=workdir, env_file="GITHUB_OUTPUT", repository="",
                             files=files, sourcing=sourcing)  # fmt: skip
        reader.read(text)
        if self._read is not None:
            self._read.update(reader.inputs)
            if sourcing is not None:
                self._read.update(sourcing.inputs)
        if reader.env_file is None:
            return {}
        from ._expr import Either

        written = reader.env_file.values(_EVERY_NAME, UNKNOWN)
        branched: dict[str, tuple[str, ...]] | None = None
        found: dict[str, object] = {}
        for name, value in written.items():
            choices = reader.env_file.choices(name) if UNKNOWN in value else None
            if choices is None and UNKNOWN in value:
                if branched is None:
                    branched = self._branch_writes(text, workdir, env)
                choices = branched.get(name)
            if choices is not None and len(choices) == 1:
                found[name] = choices[0]
            elif choices is not None:
                found[name] = Either(choices)  # (each way through the branches: see choices)
            elif UNKNOWN not in value or names_with_a_run_s_tags(value):
                found[name] = value
        return found

    def _branch_writes(
        self, text: str, workdir: str | None, env: Mapping[str, str]
    ) -> dict[str, tuple[str, ...]]:
        """The values of the outputs a script writes in the branches of its conditionals
        (``if …; then echo "tag=a" >> $GITHUB_OUTPUT; else echo "tag=b" >> …; fi``), when
        every way through it writes one that is known: the script read with each write made
        an assignment, and the outputs written once at its end (see
        :meth:`~..builds._env_file.EnvFileWrites.choices`). A script that may end early with
        success (``exit 0``, ``return``) is not read so: its writes before the end count."""
        from ..builds.shell import ShellReader
        from ._shell import _logical_lines, _step_sourcing

        if _SUCCESS_EXIT.search(text):
            return {}
        text = "\n".join(_logical_lines(text))  # (a write continued over lines is one line)
        names: dict[str, str] = {}
        lines = []
        once = _written_once(text)
        for line in text.split("\n"):
            if not _NAMES_FILE.search(line):
                lines.append(line)
                continue
            write = _BRANCH_WRITE.match(line)
            if write is None:
                echoed = _ECHO_NAME.match(line)
                if echoed is None or echoed["name"] not in once:
                    return {}
                # (an output no other line writes, with a value no assignment keeps as it is:
                # the others' branches do not depend on it; micromamba-docker's `echo
                # "is_default=$([ … ] && echo true || echo false)" >> $GITHUB_OUTPUT`)
                lines.append(f"{echoed['lead']}:{echoed['tail']}")
                continue
            quote, name, value = write["quote"], write["name"], write["value"]
            variable = names.setdefault(name, f"_tagsense_output_{len(names)}")
            lines.append(f"{write['lead']}{variable}={quote}{value}{quote}{write['tail']}")
        if not names:
            return {}
        lines += [f'echo "{name}=${{{variable}}}" >> "$GITHUB_OUTPUT"' for name, variable
                  in names.items()]  # fmt: skip
        files = self._checkout if self._checked_out else None
        rewritten = "\n".join(lines)
        sourcing = _step_sourcing(rewritten, files, workdir)
        reader = ShellReader(env, cwd=workdir, env_file="GITHUB_OUTPUT", repository="",
                             files=files, sourcing=sourcing)  # fmt: skip
        reader.read(rewritten)
        if reader.env_file is None:
            return {}
        from ..builds._shell_values import UNKNOWN

        written = reader.env_file.values(_EVERY_NAME, UNKNOWN)
        found: dict[str, tuple[str, ...]] = {}
        for name in names:
            choices = reader.env_file.choices(name)
            value = written.get(name, UNKNOWN)
            if choices is not None:
                found[name] = choices
            elif value and UNKNOWN not in value:
                found[name] = (value,)  # (the other ways end the run: `else exit 1`)
        return found

    def _written(
        self, script: str, directory: str | None, env: Mapping[str, str]
    ) -> dict[str, object]:
        """The outputs a script writes that are known here (see the module)."""
        lines = script.splitlines()
        if any(_COMPOUND.search(line) for line in lines):
            return {}
        writes: list[tuple[str, str]] = []
        for line in lines:
            if not _NAMES_FILE.search(line):
                continue
            found = _WRITE.match(line)
            if found is None:
                return {}  # (a write this cannot read may name any output)
            word = found.group("word")
            name, equals, _ = _unquoted(word).partition("=")
            if not equals or not _NAME.fullmatch(name):
                return {}
            writes.append((name, word))
        known: dict[str, tuple[str, str | None]] = {}
        for name, word in writes:  # (the lines run in order: the last write of a name wins)
            known[name.casefold()] = (name, self._value(word, directory, env))
        return {name: value for name, value in known.values() if value is not None}

    def _value(self, word: str, directory: str | None, env: Mapping[str, str]) -> str | None:
        """The value a write's word gives, ``None`` when a run decides it."""
        value = _unquoted(word).partition("=")[2]
        if word.startswith("'"):
            return value  # (single quotes expand nothing)
        if "$" in value and not value.startswith("$("):
            expanded = _expanded(value, env)
            if expanded is not None and _PLAIN.fullmatch(expanded):
                return expanded
        if _PLAIN.fullmatch(value):
            return value
        found = _FROM_FILE.match(value)
        if found is None or directory is None:
            return None
        return self._file_word(found.group("file"), directory)

    def _file_word(self, name: str, directory: str) -> str | None:
        """The one word a file of the checkout holds (trailing newlines removed)."""
        from .._context_cache import stat_of

        if name.startswith("/") or ".." in name.split("/"):
            return None
        path = os.path.normpath(os.path.join(directory, name))
        if self._read is not None:
            self._read[path] = stat_of(path)
        try:
            with open(path, "rb") as handle:
                data = handle.read(_MAX_FILE_BYTES + 1)
        except OSError:
            return None
        if len(data) > _MAX_FILE_BYTES:
            return None
        try:
            text = data.decode("utf-8").rstrip("\n")
        except UnicodeDecodeError:
            return None
        if not text or any(char.isspace() or char == "\0" for char in text):
            return None
        return text


class _EveryName(dict[str, str]):
    """``before`` for :meth:`~..builds._env_file.EnvFileWrites.values` in which every name
    has a value: a write that may not happen leaves a value only a run knows (an output not
    written is empty, not the write's value)."""

    def __contains__(self, name: object) -> bool:
        return True


_EVERY_NAME = _EveryName()
#: A line that writes one output with ``echo`` (``echo "NAME=…" >> "$GITHUB_OUTPUT"``).
_ECHO_WRITE = lazy_pattern(
    r"""^\s*(?:then\s+|else\s+|do\s+)?echo\s+(?:-[neE]+\s+)?["']?[A-Za-z_][A-Za-z0-9_-]*="""
    r""".*>>?\s*["']?\$\{?GITHUB_OUTPUT\}?["']?\s*(?:;\s*(?:fi|done))?\s*$"""
)
#: An ``echo`` of one output to the file, alone or as a branch's one command (``then echo
#: "tag=a" >> "$GITHUB_OUTPUT"; fi``): what comes before and after it, and the write's parts.
_BRANCH_WRITE = lazy_pattern(
    r"""^(?P<lead>\s*(?:(?:then|else|do)\s+)?)echo\s+(?P<quote>["']?)"""
    r"""(?P<name>[A-Za-z_][A-Za-z0-9_-]*)=(?P<value>[^"'\s<>|;&]*)(?P=quote)"""
    r"""\s*>>?\s*["']?\$\{?GITHUB_OUTPUT\}?["']?(?P<tail>\s*(?:;\s*(?:fi|done))?)\s*$"""
)
#: An ``echo`` of one output to the file, alone or as a branch's one command, whatever its
#: value: what comes before and after it, and the output's name.
_ECHO_NAME = lazy_pattern(
    r"""^(?P<lead>\s*(?:(?:then|else|do)\s+)?)echo\s+(?:-[neE]+\s+)?["']?"""
    r"""(?P<name>[A-Za-z_][A-Za-z0-9_-]*)=[^\n]*?>>?\s*["']?\$\{?GITHUB_OUTPUT\}?["']?"""
    r"""(?P<tail>\s*(?:;\s*(?:fi|done))?)\s*$"""
)


def _written_once(text: str) -> frozenset[str]:
    """The outputs that one line of a script writes, and no other line: a line that writes
    to the file twice, or in a way :data:`_ECHO_NAME` does not read, counts every output."""
    counts: dict[str, int] = {}
    for line in text.split("\n"):
        if not _NAMES_FILE.search(line):
            continue
        echoed = _ECHO_NAME.match(line)
        if echoed is None or len(_NAMES_FILE.findall(line)) > 1:
            return frozenset()
        counts[echoed["name"]] = counts.get(echoed["name"], 0) + 1
    return frozenset(name for name, count in counts.items() if count == 1)


#: What ends a script early with success: its writes before that count.
_SUCCESS_EXIT = lazy_pattern(r"(?<![\w-])(?:exit(?:\s+0)?(?=\s*(?:$|[;&|)}#]))|return)\b", re.M)
#: A group of commands whose output goes to a file: ``{`` alone on its line, ``} >> FILE``.
_GROUP_END = lazy_pattern(r"^\s*\}\s*(?P<target>>>?\s*\S+)\s*$")


#: ``| tee -a FILE`` (``--append``) at the end of an ``echo``, its copy on the standard output
#: left or sent to ``/dev/null``: an append to the file, as ``>> FILE`` is.
_TEE_APPEND = lazy_pattern(
    r"""\|\s*tee\s+(?:-a|--append)\s+(?P<file>["']?\$\{?GITHUB_OUTPUT\}?["']?)"""
    r"""(?:\s*>\s*/dev/null)?\s*$"""
)


def _tee_appends(script: str) -> str:
    """``script`` with each ``echo … | tee -a "$GITHUB_OUTPUT"`` written ``echo … >>
    "$GITHUB_OUTPUT"`` (the same line in the file).

    >>> _tee_appends('echo "a=1" | tee -a "$GITHUB_OUTPUT"\\nls | tee -a log')
    'echo "a=1" >> "$GITHUB_OUTPUT"\\nls | tee -a log'
    """
    return "\n".join(
        _TEE_APPEND.sub(lambda found: f">> {found['file']}", line)
        if line.lstrip().startswith("echo ")
        else line
        for line in script.split("\n")
    )


#: The formats of a ``printf`` that prints each argument on a line of its own.
_LINE_FORMATS = frozenset({"%s\\n", "%s\n"})


def _printf_write(line: str) -> bool:
    r"""Whether a line is a ``printf`` to the output file of outputs each named as written,
    one a line: ``printf %s\\n "image=${name}" "tags=…" >> $GITHUB_OUTPUT`` (any other
    ``printf`` may name any output).

    >>> _printf_write('printf %s\\\\n "image=${name}" "tags=$( echo ${t} )" >> $GITHUB_OUTPUT')
    True
    >>> _printf_write('printf "%s=%s\\n" "$k" "$v" >> "$GITHUB_OUTPUT"')
    False
    """
    import shlex

    if not line.lstrip().startswith("printf "):
        return False
    try:
        words = shlex.split(line)
    except ValueError:
        return False
    if len(words) < 5 or words[-2] not in (">>", ">") or not _NAMES_FILE.search(words[-1]):
        return False
    if words[1] not in _LINE_FORMATS:
        return False
    return all(_NAMED_LINE.match(word) for word in words[2:-2])


#: An argument that prints one output's line, its name as written.
_NAMED_LINE = lazy_pattern(r"[A-Za-z_][A-Za-z0-9_-]*=[^\n]*\Z")


def _grouped_writes(script: str) -> str:
    """``script`` with each group ``{ …; } >> FILE`` (``{`` and ``}`` alone on their lines,
    its lines ``echo`` commands) written as its ``echo … >> FILE`` lines, each line where it
    was."""
    lines = script.split("\n")
    start: int | None = None
    for index, line in enumerate(lines):
        if line.strip() == "{":
            start = index
            continue
        end = _GROUP_END.match(line)
        if start is None or end is None:
            if start is not None and not re.match(r"\s*echo\s", line):
                start = None  # (a group of other commands: left as written)
            continue
        target = end.group("target")
        for inner in range(start + 1, index):
            lines[inner] = f"{lines[inner].rstrip().removesuffix(';')} {target}"
        lines[start] = lines[index] = ""
        start = None
    return "\n".join(lines)


#: ``cat`` of a here-document appended to the output file, in either order of the two
#: redirections: ``cat <<EOF >> "$GITHUB_OUTPUT"``, ``cat >> $GITHUB_OUTPUT <<'EOF'``.
_HEREDOC_WRITE = lazy_pattern(
    r"""^\s*cat\s+(?:<<(?P<strip1>-?)\s*(?P<delim1>'[^']+'|"[^"]+"|[^\s<>|;&'"]+)\s*"""
    r""">>\s*(?P<file1>["']?\$\{?GITHUB_OUTPUT\}?["']?)"""
    r"""|>>\s*(?P<file2>["']?\$\{?GITHUB_OUTPUT\}?["']?)\s*<<(?P<strip2>-?)\s*"""
    r"""(?P<delim2>'[^']+'|"[^"]+"|[^\s<>|;&'"]+))\s*$"""
)
#: A here-document line the runner takes as one output: ``NAME=value``.
_OUTPUT_LINE = lazy_pattern(r"[A-Za-z_][A-Za-z0-9_-]*=")


def _heredoc_writes(script: str) -> str:
    """``script`` with each here-document ``cat`` appends to the output file written as one
    ``echo`` a line of it, each line where it was: the lines the file gets, expanded as the
    here-document is (a quoted delimiter: as written; else as in double quotes, where a
    ``"`` is text). clair's release workflow writes its outputs so (``cat <<.
    >>"$GITHUB_OUTPUT"``, ``build_image=${{ matrix.image }}`` among them). A document with
    a line that is not ``NAME=value`` (a multi-line value's ``NAME<<EOF``) is left as
    written (a write this cannot read).

    >>> _heredoc_writes('cat <<EOF >> "$GITHUB_OUTPUT"\\na=$X\\nb="q"\\nEOF')
    ':\\necho "a=$X" >> "$GITHUB_OUTPUT"\\necho "b=\\\\"q\\\\"" >> "$GITHUB_OUTPUT"\\n:'
    """
    lines = script.split("\n")
    index = 0
    while index < len(lines):
        found = _HEREDOC_WRITE.match(lines[index])
        index += 1
        if found is None:
            continue
        delimiter = found["delim1"] or found["delim2"]
        quoted = delimiter[0] in "'\""
        strip = "\t" if (found["strip1"] or found["strip2"]) else ""
        target = found["file1"] or found["file2"]
        end = next(
            (at for at in range(index, len(lines))
             if lines[at].lstrip(strip) == delimiter.strip("'\"")),
            None,
        )  # fmt: skip
        if end is None:
            break
        body = [line.lstrip(strip) for line in lines[index:end]]
        if not all(_OUTPUT_LINE.match(line) for line in body):
            index = end + 1
            continue
        for at, line in enumerate(body, start=index):
            if quoted:
                lines[at] = "echo '" + line.replace("'", "'\\''") + f"' >> {target}"
            else:
                lines[at] = 'echo "' + line.replace('"', '\\"') + f'" >> {target}'
        lines[index - 1] = lines[end] = ":"
        index = end + 1
    return "\n".join(lines)


def _expanded(value: str, env: Mapping[str, str]) -> str | None:
    """``value`` with its variables put in from ``env``; ``None`` when one has no value the
    workflow tells, or another expansion is left (``$(…)``, ``$1``)."""
    from ..builds._shell_values import UNKNOWN

    missing = False

    def put(match: re.Match[str]) -> str:
        nonlocal missing
        found = env.get(match.group("braced") or match.group("bare"))
        if found is None or UNKNOWN in found:
            missing = True
            return ""
        return found

    result = _VARIABLE.sub(put, value)
    return None if missing or "$" in result else result


def _unquoted(word: str) -> str:
    """A word without the quotes around it."""
    if len(word) >= 2 and word[0] == word[-1] and word[0] in "\"'":
        return word[1:-1]
    return word


def names_with_a_run_s_tags(value: str) -> bool:
    """Whether an output a run completes names images whose repositories are all known, only
    their tags a run's (``ghcr.io/acme/app:<run>,acme/app:<run>``): the names a build step
    given it pushes. umami-software/umami's release step writes ``ghcr_tags`` so, its
    version, and which tags it adds, decided by branches on the event (survey 21d)."""
    from ..builds._shell_values import name_pattern

    items = [item.strip() for item in value.split(",")]
    return all(
        item and (found := name_pattern(item)) is not None and "*" not in found for item in items
    )
