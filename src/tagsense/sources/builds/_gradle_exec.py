"""The engine commands a Gradle build script runs itself: ``Exec`` tasks and ``exec { }`` blocks.

Gradle runs a program with the words a build script gives an ``Exec`` task or an ``exec``
block (Gradle's DSL reference, ``Exec``: ``commandLine``, ``executable``, ``args``), in Groovy
or Kotlin::

    tasks.register('startDb', Exec) {
        commandLine "docker", "run", "-d", "--name", containerName, "postgres:13"
    }
    tasks.register<Exec>("image") { commandLine("docker", "build", "-t", "acme/api", ".") }
    exec { executable = "docker"; args = listOf("pull", "redis:7") }

tolgee/tolgee-platform's ``build.gradle`` starts ``postgres:13`` that way to read the
database schema, and its ``gradle/docker.gradle`` builds ``tolgee/tolgee``. A sequence of
comma-separated words whose first is the string literal ``"docker"`` or ``"podman"`` (after
``commandLine``, an opening bracket, ``listOf(``, ``ProcessBuilder(``…) is read as that
command's words, as are the ``args`` of the block whose ``executable`` is an engine:

* a word is a string literal; a name the script sets once to a literal (``def name =
  'x'``, ``val name = "x"``) is that literal; a template (``"${registry}/api"``) has the
  script's own values filled in, a run's value for any other part; any other expression (a
  method's result, a property) is a run's;
* a ``run``, ``create`` or ``pull`` gives its image as a shell script's command does (kind
  ``shell``, ``tool`` ``gradle``), unless the script builds that name itself; a ``build -t
  NAME`` or ``tag SOURCE NAME`` makes ``NAME`` an image the project builds.

Nothing is run: a command Gradle builds by code (a loop, a condition's result) gives only
what its written words say.

>>> pulls, builds = engine_commands('commandLine "docker", "run", "--rm", "alpine:3.20"')
>>> [(pull.image, pull.verb, pull.line) for pull in pulls], builds
([('alpine:3.20', 'run', 1)], [])
"""

from __future__ import annotations

from ..._lazy import lazy_pattern
from ..._offsets import line_column
from ._source_code import LITERAL, blank_literals, without_comments

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    from ._shell_values import ShellBuild, ShellPull

__all__ = ["TOOL", "engine_commands", "names_engine_command"]

#: The tool named in the occurrences' context.
TOOL = "gradle"
_ENGINES = ("docker", "podman")


def names_engine_command(head: bytes) -> bool:
    """Whether a build script's text may run an engine (a quick look: an engine's name as a
    string literal of its own, or opening one: a shell's ``-c`` line)."""
    if b"docker" not in head and b"podman" not in head:
        return False
    return _ENGINE_WORD.search(head) is not None


_ENGINE_WORD = lazy_pattern(rb"[\"'](?:docker|podman)[\"' ]")


def engine_commands(text: str) -> tuple[list[ShellPull], list[ShellBuild]]:
    """The pulls and the builds of the engine commands the script's text writes (see the
    module); a pull of a name the script builds is left out."""
    from ._engine_commands import engine_command, pull_command
    from .jib_gradle import script_values

    code = without_comments(text)
    skeleton = blank_literals(code)
    values: dict[str, str] | None = None
    pulls: list[ShellPull] = []
    builds: list[ShellBuild] = []
    for start, engine, inline in _commands(code, skeleton):
        if values is None:
            values = script_values(code)
        found = _words(code, skeleton, start, values, inline)
        if found is None:
            continue
        words, last_offset = found
        if engine is not None:
            words = [engine, *words]
        words = _shell_command(words)
        if not words or words[0] not in _ENGINES:
            continue
        line = line_column(text, start)[0]
        last = line_column(text, last_offset)[0]
        pulls += pull_command(words[0], words[1:], line, last)
        build = engine_command(words[0], words[1:], line)
        if build is not None and (build.names or build.tagged):
            builds.append(build)
    built = {name for build in builds for name in build.names}
    return [pull for pull in pulls if _repository(pull.image) not in built], builds


def _shell_command(words: list[str]) -> list[str]:
    """The words of the first command of a shell's ``-c`` line (``commandLine "sh", "-c",
    "docker run --rm alpine:3.20 true"``), split as the shell splits them; else ``words``."""
    from ._shell_values import SHELLS, UNKNOWN

    if len(words) < 3 or words[0] not in SHELLS:
        return words
    option = words[1]
    if not (option.startswith("-") and not option.startswith("--") and option.endswith("c")):
        return words  # (``-c``, ``-lc``, ``-ec``: the next word is the command line)
    import shlex

    line = words[2]
    if UNKNOWN in line:
        return []
    try:
        split = shlex.split(line)
    except ValueError:  # (an unclosed quote)
        return []
    for index, word in enumerate(split):
        if word in ("&&", "||", ";", "|", "&"):
            return split[:index]
    return split


def _commands(code: str, skeleton: str) -> list[tuple[int, str | None, bool]]:
    """Where each command's words start: the offset of an engine literal that opens a list of
    words (``None`` engine: the words begin with it), or of the ``args`` of a block whose
    ``executable`` is an engine (the engine given); ``inline``: a Groovy call without
    parentheses (its words end at the line's end)."""
    found: list[tuple[int, str | None, bool]] = []
    for match in _ENGINE_LITERAL.finditer(code):
        start = match.start()
        if skeleton[start] not in "\"'":
            continue  # (inside another literal)
        before = skeleton[:start].rstrip()
        if match["engine"] not in _ENGINES and before.endswith(("(", "[")):
            found.append((start, None, False))  # (a shell: see _shell_command)
        elif match["engine"] not in _ENGINES:
            if _COMMAND_LINE_BEFORE.search(before) is not None:
                found.append((start, None, True))
        elif before.endswith(("(", "[")):
            found.append((start, None, False))
        elif _COMMAND_LINE_BEFORE.search(before) is not None:
            found.append((start, None, True))
        elif _EXECUTABLE_BEFORE.search(before) is not None:
            block_start, block_end = _block(skeleton, start)
            for args in _ARGS.finditer(skeleton, block_start, block_end):
                if _depth(skeleton, block_start, args.start()) != 0:
                    continue  # (another block's, nested in this one)
                found.append((args.end(), match["engine"], skeleton[args.end() - 1] not in "(["))
    return sorted(found)


def _words(
    code: str, skeleton: str, start: int, values: Mapping[str, str], inline: bool
) -> tuple[list[str], int] | None:
    """The words of the list that starts at ``start``, and the offset of its last word."""
    from ._shell_values import UNKNOWN

    words: list[str] = []
    offset, end = start, len(skeleton)
    last = start
    while True:
        while offset < end and skeleton[offset] in " \t\r\n":
            offset += 1
        if offset >= end:
            break
        item_end = _item_end(skeleton, offset, inline)
        if item_end == offset:
            break
        item = code[offset:item_end].rstrip()
        words.append(_value(item, values, UNKNOWN))
        last = offset
        offset = item_end
        while offset < end and skeleton[offset] in " \t\r":
            offset += 1
        if offset < end and skeleton[offset] == ",":
            offset += 1
            continue
        break
    return (words, last) if words else None


def _item_end(skeleton: str, offset: int, inline: bool) -> int:
    """Where the expression that starts at ``offset`` ends: at a ``,`` or a closing bracket of
    its own level, or (``inline``) at the line's end."""
    depth = 0
    for index in range(offset, len(skeleton)):
        char = skeleton[index]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            if not depth:
                return index
            depth -= 1
        elif not depth and (char == "," or (char == "\n" and (inline or index > offset))):
            return index
    return len(skeleton)


def _value(item: str, values: Mapping[str, str], unknown: str) -> str:
    """A word's text: a literal's (a template's with the script's own values in), a name's
    the script sets once; else a run's."""
    literal = _WHOLE_LITERAL.fullmatch(item)
    if literal is not None:
        raw = item[1:-1]
        if "\\" in raw:
            raw = raw.replace('\\"', '"').replace("\\'", "'").replace("\\\\", "\\")
        if item[0] == "'":
            return raw  # (Groovy's single quotes: no template)
        return _INTERPOLATION.sub(lambda m: values.get((m[1] or m[2]).strip(), unknown), raw)
    if item in values:
        return values[item]
    return unknown


def _block(skeleton: str, offset: int) -> tuple[int, int]:
    """The offsets just inside the braces of the block ``offset`` is in (the whole script
    when none)."""
    depth = 0
    start = 0
    for index in range(offset - 1, -1, -1):
        char = skeleton[index]
        if char == "}":
            depth += 1
        elif char == "{":
            if not depth:
                start = index + 1
                break
            depth -= 1
    depth = 0
    for index in range(offset, len(skeleton)):
        char = skeleton[index]
        if char == "{":
            depth += 1
        elif char == "}":
            if not depth:
                return start, index
            depth -= 1
    return start, len(skeleton)


def _depth(skeleton: str, start: int, end: int) -> int:
    """How many braces opened between ``start`` and ``end`` are still open at ``end``."""
    depth = 0
    for char in skeleton[start:end]:
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
    return depth


def _repository(image: str) -> str:
    """An image's name without its tag or digest (as a build's names are kept)."""
    name = image.partition("@")[0]
    head, _, last = name.rpartition("/")
    return f"{head}/{last.partition(':')[0]}" if head else last.partition(":")[0]


_WHOLE_LITERAL = lazy_pattern(LITERAL)

#: An engine's name as a string literal of its own.
_ENGINE_LITERAL = lazy_pattern(r"[\"'](?P<engine>docker|podman|sh|bash)[\"']")

#: ``commandLine`` (``it.commandLine``, ``commandLine =``) just before a literal: Groovy's call
#: without parentheses.
_COMMAND_LINE_BEFORE = lazy_pattern(r"(?<![\w])commandLine\s*=?\s*\Z")

#: ``executable`` (``executable =``, ``executable(``, ``setExecutable(``) just before a literal.
_EXECUTABLE_BEFORE = lazy_pattern(r"(?<![\w])(?:executable|setExecutable)\s*[=(]?\s*\Z")

#: An ``args`` of an ``exec`` block or an ``Exec`` task: ``args "a", "b"``, ``args("a")``,
#: ``args = listOf("a")``, ``args = ['a']``, ``args += …``.
_ARGS = lazy_pattern(
    r"(?<![\w.])(?:args|setArgs)\s*(?:\+?=\s*)?(?:(?:listOf|mutableListOf|arrayOf|List\.of)\s*)?"
    r"(?:[(\[]|(?=[\"']))"
)

#: A template's expression: ``${expr}``, or ``$name``.
_INTERPOLATION = lazy_pattern(r"\$\{([^}]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")
