"""JavaScript and TypeScript scripts that run the engine themselves through Node's
``child_process`` (or execa, or zx).

A project's script (``node scripts/dev-env.cjs``, behind an ``npm run`` script) may start its
database with the engine: ``execSync("docker run -d postgres:11")`` runs that line in a
shell, ``spawn("docker", ["run", "--rm", "alpine:3.20", "ls"])`` runs the engine with those
words, as ``execFile``, ``execa`` and their ``Sync`` forms do; zx's ``$`docker pull
redis:7``` runs its template's line. Node's documentation (``child_process``): ``exec`` and
``execSync`` spawn a shell and run the command in it; ``spawn``, ``execFile`` and their
``Sync`` forms run the file with the arguments given, no shell unless ``shell`` is set.

A source is read, never run, for these calls (the module's own name of them, or through an
object: ``child_process.execSync``, ``cp.spawn``), when its first argument is a string
literal or a constant the file declares with one (a template's ``${NAME}`` put in when
``NAME`` is such a constant, else a run's value), and, for the argument lists, when that is
``"docker"`` or ``"podman"`` and the second is an array literal (each element a literal, a
constant, or a run's value). A shell line is read as the shell splits it: each command of it
(``;``, ``&&``, ``||``, ``|``, a line break) that starts with the engine. A ``run``,
``create`` or ``pull`` pulls its image as a shell script's does (kind ``shell``, ``tool``
``child_process``, ``engine``, ``verb``); an image a ``build -t`` of the same source makes is
no pull. A unit test (``*.test.ts``, ``*.spec.js``, ``__tests__/``) runs against mocks, and is
not read.
"""

from __future__ import annotations

from ..._lazy import lazy_pattern, once

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re

    from ...occurrence import Occurrence
    from ._shell_values import ShellPull
    from ._source_code import Written

__all__ = ["TOOL", "command_images", "names_engine_command"]

#: The tool named in the occurrences' context.
TOOL = "child_process"
_ENGINES = ("docker", "podman")
#: The calls that run a line in a shell, and those that run a file with a list of words.
_SHELL_CALLS = ("execSync", "exec", "execAsync", "execCommand", "execaCommand",
                "execaCommandSync")  # fmt: skip
_LIST_CALLS = ("spawn", "spawnSync", "execFile", "execFileSync", "execa", "execaSync")


def names_engine_command(head: bytes) -> bool:
    """A quick look: whether a source may run an engine through ``child_process``, execa or
    zx (it names one of them, and writes an engine's command or its name as a word)."""
    if b"docker" not in head and b"podman" not in head:
        return False
    if b"child_process" not in head and b"execa" not in head and b"zx" not in head:
        return False
    return _QUICK.search(head) is not None


def command_images(text: str, code: str, path: str | None, known: dict[str, Written]) -> list[
    Occurrence
]:  # fmt: skip
    """The images the engine commands of the source pull (see the module); ``code`` is its
    text without comments, ``known`` its constants."""
    from .iac_node import is_unit_test

    if is_unit_test(path):
        return []
    from ._engine_commands import engine_command, pull_command
    from .shell import pulls_scan

    pulls: list[ShellPull] = []
    built: set[str] = set()
    for line, last, engine, words in _commands(code, known):
        pulls += pull_command(engine, words, line, last)
        build = engine_command(engine, words, line)
        if build is not None:
            built.update(build.names)
    pulls = [pull for pull in pulls if _repository(pull.image) not in built]
    if not pulls:
        return []
    lines = text.splitlines()
    return list(pulls_scan(path, lines, TOOL, ((pull, {}) for pull in pulls)).occurrences)


def _commands(code: str, known: dict[str, Written]) -> list[tuple[int, int, str, list[str]]]:
    """Each engine command of the calls: its first and last line, the engine, its words."""
    from ._go_source import arguments

    found = []
    for match in _calls().finditer(code):
        call = match["call"] or "$"
        if match["zx"]:
            start = match.end()  # (the backquote: the template is the one argument)
            end = _template_end(code, start)
            parts = [(code[start:end], start)]
        else:
            parts = arguments(code, match.end() - 1)
        if not parts:
            continue
        line = code.count("\n", 0, match.start()) + 1
        last = code.count("\n", 0, parts[-1][1] + len(parts[-1][0])) + 1
        first = _text(parts[0][0], known)
        if first is None:
            continue
        if call == "$" or call in _SHELL_CALLS:
            for words in _shell_commands(first):
                found.append((line, last, words[0], words[1:]))
        elif first in _ENGINES and len(parts) > 1 and parts[1][0].lstrip().startswith("["):
            brace = parts[1][1] + len(parts[1][0]) - len(parts[1][0].lstrip())
            words = [_word(element, known) for element, _ in arguments(code, brace)]
            found.append((line, last, first, words))
    return found


def _template_end(code: str, start: int) -> int:
    """The offset after the template literal whose backquote is at ``start``."""
    index = start + 1
    while index < len(code) and code[index] != "`":
        index += 2 if code[index] == "\\" else 1
    return index + 1


def _shell_commands(line: str) -> list[list[str]]:
    """The commands of a shell line that start with an engine, as the shell splits them."""
    import shlex

    commands: list[list[str]] = []
    for text in line.replace("\\\n", " ").splitlines():
        lexer = shlex.shlex(text, posix=True, punctuation_chars=";&|")
        lexer.whitespace_split = True
        current: list[str] = []
        try:
            tokens = list(lexer)
        except ValueError:  # (an unclosed quote)
            continue
        for token in [*tokens, ";"]:
            if token and set(token) <= set(";&|"):
                if current and current[0] in _ENGINES:
                    commands.append(current)
                current = []
            else:
                current.append(token)
    return commands


def _text(argument: str, known: dict[str, Written]) -> str | None:
    """The text of a call's argument: a literal (a template's ``${NAME}`` a constant's value
    or a run's), or a constant's name; ``None`` for anything else."""
    from ._shell_values import UNKNOWN

    argument = argument.strip()
    if argument in known:
        return known[argument][0]
    if len(argument) < 2 or argument[0] not in "\"'`" or argument[-1] != argument[0]:
        return None
    body = argument[1:-1]
    if argument[0] != "`":
        return None if "\\" in body else body

    def put(match: re.Match[str]) -> str:
        name = match[1].strip()
        return known[name][0] if name in known else UNKNOWN

    return _INTERPOLATION.sub(put, body)


def _word(element: str, known: dict[str, Written]) -> str:
    """One word of an argument list: a literal's or a constant's text, else a run's."""
    from ._shell_values import UNKNOWN

    text = _text(element, known)
    return UNKNOWN if text is None else text


def _repository(image: str) -> str:
    """An image's name without its tag or digest (as a build's names are kept)."""
    name = image.partition("@")[0]
    head, _, last = name.rpartition("/")
    return f"{head}/{last.partition(':')[0]}" if head else last.partition(":")[0]


@once
def _calls() -> re.Pattern[str]:
    """A call of one of the functions (``execSync(``, ``cp.spawn(``, ``await $`…```); the
    match ends at its ``(`` (zx: at the backquote, read as its one argument)."""
    import re

    names = "|".join((*_SHELL_CALLS, *_LIST_CALLS))
    return re.compile(
        rf"(?<![\w$])(?:[A-Za-z_$][\w$]*\s*\.\s*)?(?P<call>{names})\s*\("
        r"|(?<![\w$.])(?P<zx>\$)(?=`)"
    )


_INTERPOLATION = lazy_pattern(r"\$\{([^{}]*)\}")


_QUICK = lazy_pattern(
    rb"[\"'`](?:docker|podman)[\"'`]\s*,\s*\[|[\"'`\s](?:docker|podman)\s+(?:run|pull|create)\b"
)
