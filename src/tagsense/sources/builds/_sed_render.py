"""What ``sed`` writes of a file of the project: the file's lines, its ``s`` commands applied.

A script or a recipe often fills in a file the project keeps before a tool reads it:
loomio/loomio-deploy's ``create_env.sh`` runs ``sed -e "s|REPLACE_WITH_HOSTNAME|${1}|g" -e
… env_template > .env`` (compose then reads that ``.env``), projectsveltos/sveltos' Makefile
``sed -e "s/K8S_VERSION/$(K8S_VERSION)/g" test/kind-cluster.yaml > $(TMP)`` (``kind create
cluster --config $(TMP)`` then reads it). :func:`sed_script` reads the command's words (as
the shell gives them) when they are only substitutions: ``-e SCRIPT`` (``--expression``),
or the first operand the script, each command of it ``s/RE/REPLACEMENT/FLAGS`` (any
delimiter; ``g``, a number, ``I``; several separated by ``;`` or a newline); ``-E``/``-r``
for extended expressions; the other operands the files read, in order (none: the standard
input). What it writes is each line with every substitution applied in turn, as sed's
cycle does (GNU sed manual, "The s Command"): ``&`` the match, ``\\N`` a group. Anything
else (``-n``, ``-i``, ``-f FILE``, an address, another command, an expression not
translated here) is not read: ``None``.

A replacement only a run knows (``$1``, ``$(openssl rand -hex 32)``) is written as that
run's mark, so the lines it changes have a value only a run knows, and the others keep
their own; a pattern only a run knows says nothing of which lines change: not read.
"""

from __future__ import annotations

import re

from ..._lazy import lazy_pattern
from ._make_shell import _pattern
from ._shell_values import UNKNOWN

__all__ = ["Substitution", "in_place_script", "render", "sed_script"]

#: GNU sed's long options read here, as the short ones.
_LONG = {"--regexp-extended": "-E", "--expression": "-e", "--posix": "", "--unbuffered": ""}
#: The escapes of a replacement that write a character (GNU sed: ``\n`` a newline).
_ESCAPED = {"n": "\n", "t": "\t", "\\": "\\", "&": "&", "\n": "\n"}


class Substitution:
    """One ``s/RE/REPLACEMENT/FLAGS`` command."""

    __slots__ = ("_parts", "all", "compiled", "nth")

    def __init__(
        self, compiled: re.Pattern[str], parts: list[str | int], *, every: bool, nth: int
    ) -> None:
        self.compiled = compiled
        #: The replacement: text, or the number of a group (0: the whole match).
        self._parts = parts
        self.all = every
        self.nth = nth

    def _replacement(self, match: re.Match[str]) -> str:
        return "".join(
            part if isinstance(part, str) else (match.group(part) or "") for part in self._parts
        )

    def apply(self, line: str) -> str:
        """``line`` with this substitution made (sed's ``N``: the Nth match on; ``g``: every
        one from there).

        >>> command = sed_script(["s/a\\\\(.\\\\)/<&\\\\1>/2g"])[0][0]
        >>> command.apply("ab ac ad")
        'ab <acc> <add>'
        """
        out: list[str] = []
        index = 0
        for count, match in enumerate(self.compiled.finditer(line), start=1):
            if count < self.nth:
                continue
            out.append(line[index : match.start()])
            out.append(self._replacement(match))
            index = match.end()
            if not self.all:
                break
        out.append(line[index:])
        return "".join(out)


def sed_script(arguments: list[str]) -> tuple[list[Substitution], list[str]] | None:
    """A ``sed`` command's substitutions and the files it reads (see the module), from its
    words after ``sed`` as the shell gives them; ``None`` when it does anything else.

    >>> commands, files = sed_script(["-e", "s|A|x|g", "-e", "s/B/y/; s/C/z/", "in.env"])
    >>> len(commands), files
    (3, ['in.env'])
    >>> sed_script(["-n", "s/A/x/p", "f"]), sed_script(["-i", "s/A/x/", "f"])
    (None, None)
    >>> sed_script(["/^#/d", "f"]) is None
    True
    """
    extended = False
    scripts: list[str] = []
    operands: list[str] = []
    index = 0
    options = True
    while index < len(arguments):
        word = arguments[index]
        index += 1
        if options and word == "--":
            options = False
            continue
        if options and word.startswith("--"):
            name, equals, value = word.partition("=")
            short = _LONG.get(name)
            if short is None:
                return None
            if short == "-e":
                if not equals:
                    if index >= len(arguments):
                        return None
                    value, index = arguments[index], index + 1
                scripts.append(value)
            extended = extended or short == "-E"
            continue
        if options and word.startswith("-") and len(word) > 1:
            flags = word[1:]
            while flags:
                flag, flags = flags[0], flags[1:]
                if flag in "Er":
                    extended = True
                elif flag == "u":
                    pass
                elif flag == "e":
                    value = flags
                    if not value:
                        if index >= len(arguments):
                            return None
                        value, index = arguments[index], index + 1
                    scripts.append(value)
                    flags = ""
                else:
                    return None  # (`-n`, `-i`, `-f FILE`, `-s`, `-z`: not read here)
            continue
        operands.append(word)
    if not scripts:
        if not operands:
            return None
        scripts.append(operands.pop(0))
    commands: list[Substitution] = []
    for script in scripts:
        parsed = _commands(script, extended)
        if parsed is None:
            return None
        commands.extend(parsed)
    return commands, operands


def in_place_script(arguments: list[str]) -> tuple[list[Substitution], list[str]] | None:
    """A ``sed -i`` command's substitutions and the files it edits in place (see
    :func:`sed_script`); ``None`` when it edits none, or does anything else. GNU sed's
    ``-i[SUFFIX]`` (``--in-place[=SUFFIX]``: the suffix glued on), BSD sed's ``-i
    SUFFIX`` given as an empty word (``sed -i '' -e … FILE``, which GNU sed reads as a
    file it cannot open, and edits the others the same): each file's lines, every
    substitution applied (GNU sed manual, "Command-Line Options": ``-i`` implies ``-s``,
    so each file is edited on its own).

    >>> commands, files = in_place_script(["-i", "", "-e", "s#^A.*#A=1#", ".env"])
    >>> len(commands), files
    (1, ['.env'])
    >>> in_place_script(["-i.bak", "s/A/B/", "f"])[1], in_place_script(["-Ei", "s/A/B/", "f"])[1]
    (['f'], ['f'])
    >>> in_place_script(["s/A/B/", "f"]) is None, in_place_script(["-i", "/^A/d", "f"]) is None
    (True, True)
    """
    rest: list[str] = []
    in_place = False
    index = 0
    while index < len(arguments):
        word = arguments[index]
        index += 1
        if word == "--":
            rest.extend(arguments[index - 1 :])
            break
        if word == "--in-place" or word.startswith("--in-place="):
            in_place = True
        elif (found := _IN_PLACE.fullmatch(word)) is not None:
            in_place = True
            if found[1]:
                rest.append(f"-{found[1]}")  # (`-Ei`, `-ri`)
            if not found[2] and index < len(arguments) and arguments[index] == "":
                index += 1  # (BSD sed's `-i ''`; `-i.bak`, `-ie`: GNU sed's suffix)
        else:
            rest.append(word)
            if word in ("-e", "--expression") and index < len(arguments):
                rest.append(arguments[index])  # (a script's words are none of the options)
                index += 1
    if not in_place:
        return None
    parsed = sed_script(rest)
    if parsed is None or not parsed[1]:
        return None
    return parsed


#: A word of short options with ``-i`` (``-E``/``-r`` before it; a GNU suffix after it).
_IN_PLACE = lazy_pattern(r"-([Er]*)i(.*)")


def render(commands: list[Substitution], text: str) -> str:
    """``text`` as sed writes it with ``commands`` (each line, every command in turn).

    >>> commands, _ = sed_script(["s/TAG=REPLACE/TAG=v1/", "f"])
    >>> render(commands, "IMAGE=app\\nTAG=REPLACE\\n")
    'IMAGE=app\\nTAG=v1\\n'
    """
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        for command in commands:
            line = command.apply(line)
        out.append(line)
    return "\n".join(out)


def _commands(script: str, extended: bool) -> list[Substitution] | None:
    """The substitutions of one script (``;`` or a newline between them)."""
    found: list[Substitution] = []
    index = 0
    while True:
        while index < len(script) and script[index] in " \t\n;":
            index += 1
        if index >= len(script):
            return found
        if script[index] != "s" or index + 1 >= len(script):
            return None  # (an address, another command)
        delimiter = script[index + 1]
        if delimiter in "\\\n ":
            return None
        pieces: list[str] = []
        index += 2
        for _ in range(2):
            piece, index = _until(script, index, delimiter)
            if index < 0:
                return None
            pieces.append(piece)
        end = index
        while end < len(script) and script[end] not in ";\n}":
            end += 1
        flags = script[index:end].strip()
        index = end
        command = _substitution(pieces[0], pieces[1], flags, delimiter, extended)
        if command is None:
            return None
        found.append(command)


def _until(script: str, index: int, delimiter: str) -> tuple[str, int]:
    """The text from ``index`` to the next ``delimiter`` not escaped, and the index after
    it (``-1``: none)."""
    start = index
    while index < len(script):
        char = script[index]
        if char == "\\":
            index += 2
            continue
        if char == delimiter:
            return script[start:index], index + 1
        index += 1
    return "", -1


def _substitution(
    written: str, replacement: str, flags: str, delimiter: str, extended: bool
) -> Substitution | None:
    """One command from its parts; ``None`` when a part is not read here."""
    every = False
    nth = 1
    ignore = False
    number = ""
    for flag in flags:
        if flag == "g":
            every = True
        elif flag.isdigit():
            number += flag
        elif flag in "Ii":
            ignore = True
        else:
            return None  # (`p`, `w FILE`, `e`, `m`: not read here)
    if number:
        nth = int(number)
        if nth < 1:
            return None
    if not written or UNKNOWN in written:
        return None  # (the last expression again, or one a run gives: which lines change?)
    pattern = _pattern(written.replace("\\" + delimiter, delimiter), extended)
    parts = _replacement(replacement, delimiter)
    if pattern is None or parts is None:
        return None
    try:
        compiled = re.compile(pattern, re.IGNORECASE if ignore else 0)
    except re.error:
        return None
    if any(isinstance(part, int) and part > compiled.groups for part in parts):
        return None  # (sed: "invalid reference \N on s command's RHS")
    return Substitution(compiled, parts, every=every, nth=nth)


def _replacement(written: str, delimiter: str) -> list[str | int] | None:
    """A replacement's parts: text, and groups by number (``&``: 0); ``None`` for GNU sed's
    case conversions (``\\U``, ``\\L``…), which are not read here."""
    parts: list[str | int] = []
    text: list[str] = []
    index = 0
    while index < len(written):
        char = written[index]
        group: int | None = None
        if char == "&":
            group = 0
        elif char == "\\" and index + 1 < len(written):
            following = written[index + 1]
            index += 1
            if following.isdigit():
                group = int(following)
            elif following in _ESCAPED:
                text.append(_ESCAPED[following])
            elif following == delimiter or not following.isalpha():
                text.append(following)
            else:
                return None
        else:
            text.append(char)
        if group is not None:
            if text:
                parts.append("".join(text))
                text.clear()
            parts.append(group)
        index += 1
    if text:
        parts.append("".join(text))
    return parts
