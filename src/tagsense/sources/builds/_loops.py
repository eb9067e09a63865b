"""``for NAME in WORD…; do … done`` over words the text settles: where its body ends.

netbox-community/netbox-docker's ``build.sh`` gives each of its names a ``-t`` in a loop
over an array (``for IMAGE_NAME in "${IMAGE_NAME_TAGS[@]}"; do DOCKER_BUILD_ARGS+=(-t
"${IMAGE_NAME}"); done``). When the loop's words are all known, :class:`.shell.ShellReader`
reads its body once for each of them, with the variable set (:data:`MAX_WORDS` words at
most, :data:`MAX_BODIES` bodies a reading); otherwise the body is read once, the variable a
run's. A loop written over lines is read so when its ``for`` line ends with ``do`` (or the
next line is ``do``) and its ``done`` stands alone on its line; one written on one line (a
Makefile recipe's, its lines joined by backslashes: Prometheus' ``Makefile.common`` runs
``for variant in $(DOCKERFILE_VARIANTS_WITH_NAMES); do … docker build … done``) when the line
is the whole loop (:func:`inline_loop`).
"""

from __future__ import annotations

import re

from ..._lazy import lazy_pattern

__all__ = [
    "IMPLIED_WORDS",
    "MAX_BODIES",
    "MAX_WORDS",
    "inline_loop",
    "loop_end",
    "loop_header",
    "may_not_turn",
]

#: ``for NAME in WORDS; do BODY; done`` as a whole line (the words without a ``;``), and
#: ``for NAME; do BODY; done``, over the script's own words.
_INLINE = lazy_pattern(
    r"\s*for\s+([A-Za-z_][A-Za-z0-9_]*)(?:\s+in\b\s*([^;\n]*?))?\s*;\s*do\s(.*?);?\s*done\s*;?\s*",
    re.DOTALL,
)
#: The words of a ``for`` loop without ``in``: POSIX, *The for Loop*: "Omitting: in word ...
#: shall be equivalent to: in "$@"" (tools/retry_cmd.sh of nipy/nipype quotes each word of
#: its command so, ``for ARG; do CMD="$CMD \"$ARG\""; done``, then runs ``sh -c "$CMD"``).
IMPLIED_WORDS = "$@"

#: Commands, then ``;`` or ``&&``, then a loop (see :func:`after_commands`).
_LOOP_AFTER = lazy_pattern(r"(?:;|&&)\s*(?=for\s)")
#: The words of compound commands and loops, which the commands before a loop may not have.
_COMPOUND = lazy_pattern(r"\b(?:for|while|until|do|done|if|then|fi|case|esac)\b")
#: The most words a loop is read for, and bodies one reading reads.
MAX_WORDS = 16
MAX_BODIES = 64
#: How many lines a loop's body may span.
_MAX_LINES = 400
#: The words that open a loop's body (``do``), and the loops they open.
_OPENERS = frozenset({"for", "while", "until", "select"})


def loop_header(commands: list[list[str]], following: str) -> tuple[str, list[str]] | None:
    """The variable and the words (as written) of a ``for`` line's loop (its commands'
    words; ``following``: the next line), or ``None`` when it is not one read so.

    >>> loop_header([["for", "x", "in", "a", "b"], ["do"]], "")
    ('x', ['a', 'b'])
    >>> loop_header([["for", "x", "in", "a"]], "  do"), loop_header([["for", "x"], ["do"]], "")
    (('x', ['a']), ('x', ['$@']))
    >>> loop_header([["for", "x", "do"]], ""), loop_header([["for", "x"]], "  echo")
    (('x', ['$@']), None)
    """
    if not commands or len(commands) > 2:
        return None
    header = commands[0]
    if len(header) == 3 and header[2] == "do" and len(commands) == 1:
        header, commands = header[:2], [header[:2], ["do"]]  # (`for NAME do`)
    if len(header) == 2:
        header = [*header, "in", IMPLIED_WORDS]  # (`for NAME; do`: the script's words)
    if len(header) < 3 or header[0] != "for" or header[2] != "in":
        return None
    if not header[1].isidentifier() or not header[1].isascii():
        return None
    opened = commands[1:] == [["do"]] or (len(commands) == 1 and following.strip() == "do")
    return (header[1], header[3:]) if opened else None


#: A ``while``/``until`` line that opens a loop over lines (its ``done`` not on it), and
#: one whose test always passes (``while true``, ``while :``), whose body surely runs.
_WHILE = lazy_pattern(r"\s*(?:while|until)\s")
_DONE = lazy_pattern(r"(?:^|[\s;&|])done\b")
_ALWAYS = lazy_pattern(r"\s*while\s+(?:true|:)\s*(?:;\s*do\s*)?(?:#.*)?")


def may_not_turn(chunk: str, lines: list[str], index: int) -> int | None:
    """The index of the ``done`` line of the ``while``/``until`` loop that ``chunk`` opens
    (``lines[index]``: the line after it), when the loop may run no turn at all (its test is
    the run's: ``while [[ $# -gt 0 ]]`` of a script run with no word); ``None`` otherwise.
    After such a loop a variable has the value its body leaves or the one before it
    (obol's ``recreate-private-keys.sh`` sets ``DRY_RUN=false``, and its option loop
    ``DRY_RUN=true`` in the one arm that does not exit: run with no option, the script's
    ``if [ "$DRY_RUN" = false ]`` runs charon).

    >>> may_not_turn("while [[ $# -gt 0 ]]; do", ["  shift", "done", "x"], 0)
    1
    >>> may_not_turn("until false", ["do", "  a", "done"], 0)
    2
    >>> may_not_turn("while true; do", ["  a", "done"], 0)
    >>> may_not_turn("while a; do b; done", [], 0)
    """
    if _WHILE.match(chunk) is None or _DONE.search(chunk) or _ALWAYS.fullmatch(chunk):
        return None
    following = lines[index] if index < len(lines) else ""
    return loop_end(lines, index + 1 if following.strip() == "do" else index)


def loop_end(lines: list[str], start: int) -> int | None:
    """The index of the line whose ``done`` ends the loop whose body starts at ``start``
    (nested loops counted), ``None`` when none does as :func:`loop_header` wants it.

    >>> loop_end(["do", "  for y in a; do", "    b", "  done", "  c", "done", "d"], 0)
    5
    """
    depth = 0
    for index in range(start, min(len(lines), start + _MAX_LINES)):
        words = lines[index].split()
        if not words:
            continue
        first = words[0].rstrip(";")
        if first in _OPENERS and "done" not in words and "done;" not in words:
            depth += 1
        elif first == "done":
            if depth == 0:
                rest = words[1:]
                return index if not rest or rest[0].startswith("#") else None
            depth -= 1
    return None


def after_commands(line: str) -> tuple[str, str] | None:
    """The commands before a loop that ends ``line`` (``set -e; for …; done``, ``cd dir &&
    for …; done``: a Makefile's recipe line, nuclio's ``test-python``), and the loop; ``None``
    when the line is no such pair (the commands before it are plain: no quote, no other
    loop or compound command).

    >>> after_commands("set -e; for v in a b; do echo $v; done")
    ('set -e', 'for v in a b; do echo $v; done')
    >>> after_commands("for v in a; do x; done"), after_commands("echo 'a; for v in b; do x; done")
    (None, None)
    """
    for found in _LOOP_AFTER.finditer(line):
        before, loop = line[: found.start()].strip(), line[found.end() :]
        if not before or any(char in before for char in "'\"`(){}") or _COMPOUND.search(before):
            return None
        if inline_loop(loop) is not None:
            return before, loop
    return None


def inline_loop(line: str) -> tuple[str, str, str] | None:
    """The variable, the words (as written) and the body of a loop that is the whole of
    ``line``; ``None`` when the line is no such loop.

    >>> inline_loop("for v in a b; do echo $v; if x; then y; fi; done")
    ('v', 'a b', 'echo $v; if x; then y; fi')
    >>> inline_loop("for v in a; do x; done; docker build ."), inline_loop("for v; do x; done")
    (None, ('v', '$@', 'x'))
    """
    found = _INLINE.fullmatch(line)
    if found is None or not found.group(3).strip():
        return None
    words = found.group(2) if found.group(2) is not None else IMPLIED_WORDS
    return found.group(1), words, found.group(3).strip()
