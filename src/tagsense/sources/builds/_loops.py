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
    "loop_in_list",
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

#: One token of :func:`loop_in_list`: a run of operator characters, or a word as written
#: (plain runs, single- and double-quoted parts, escaped characters), as ``._shell_text``'s.
_TOKEN = lazy_pattern(
    r"[ \t\r]*(?:([;&|()<>]+)"
    r"""|((?:[^ \t\r\n;&|()<>'"\\]+|'[^']*'|"(?:[^"\\]|\\.)*"|\\.)+))""",
    re.DOTALL,
)
#: A token: its operator or its word, where it starts and ends.
_Token = tuple[str | None, str | None, int, int]
#: The reserved words that open a compound command, with the word that closes it.
_CLOSERS = {"if": "fi", "case": "esac", "for": "done", "while": "done", "until": "done"}
_CLOSERS |= {"select": "done", "{": "}"}
_CLOSED = frozenset(_CLOSERS.values())
#: The words after which the next word is in command position again.
_LEADING = frozenset({"if", "then", "else", "elif", "while", "until", "do", "{", "!", "time"})
#: What separates a loop from the commands before it (one after it may also be ``||``).
_SEPARATORS = (";", "&&", "&")
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


def loop_in_list(line: str) -> tuple[str, str, str] | None:
    """The commands before a ``for`` loop in ``line``'s list, the loop (a whole line for
    :func:`inline_loop`) and the commands after it; ``None`` when the line is no such list.

    POSIX, *Lists*: a list is and-or lists separated by ``;``, ``&`` or newlines, and a
    compound command (``if … fi``, ``while … done``, ``case … esac``, ``{ … }``, ``( … )``) is
    one command of it; so a loop after ``fi;`` or ``done;`` runs as one after ``set -e;``
    (nuclio's recipe ``set -e; for …; done``; alexei-led/pumba's Makefile ``bash -lc 'set -e;
    if …; fi; …; for img in …; do docker pull "$img"; done; …'``). The loop is the first
    ``for`` in command position outside every compound command and quote, after nothing or
    ``;``, ``&&``, ``&``; after its ``done`` comes nothing or ``;``, ``&&``, ``||``, ``&`` (a
    loop in a pipeline, or one whose output is redirected, is left to the line). A line with
    a here-document, a backquote, a comment or a compound command it does not close is left
    whole.

    >>> loop_in_list("set -e; for v in a b; do echo $v; done")
    ('set -e', 'for v in a b; do echo $v; done', '')
    >>> loop_in_list("if x; then y; fi; for v in a; do z; done && w")
    ('if x; then y; fi', 'for v in a; do z; done', 'w')
    >>> loop_in_list("for v in a; do x; done"), loop_in_list("echo 'a; for v in b; do x; done'")
    (None, None)
    >>> loop_in_list("if x; then for v in a; do y; done; fi")
    >>> loop_in_list("y | for v in a; do x; done"), loop_in_list("for v in a; do x; done > f; y")
    (None, None)
    """
    if "`" in line or "<<" in line or "\n" in line:
        return None
    tokens: list[_Token] = []
    position = 0
    for found in _TOKEN.finditer(line):
        if found.start() != position:
            return None  # (an open quote, a lone backslash: what no token covers)
        operator, word = found.groups()
        tokens.append((operator, word, found.start(1 if operator else 2), found.end()))
        position = found.end()
    if line[position:].strip():
        return None
    stack: list[str] = []  # (what closes each compound command open)
    command = True  # (whether the next word is in command position)
    opened: int | None = None  # (the token that opens the loop)
    for index, (operator, word, _, _) in enumerate(tokens):
        if stack and stack[-1] == "esac":  # (a case's patterns and arms, up to its `esac`)
            if word == "case":
                stack.append("esac")
            elif word == "esac":
                stack.pop()
            command = False
            continue
        if operator is not None:
            for char in operator:
                if char == "(":
                    stack.append(")")
                elif char == ")" and (not stack or stack.pop() != ")"):
                    return None
            command = any(char in operator for char in ";&|(")
            continue
        if word is None or word.startswith("#"):
            return None
        if not command:
            continue
        command = word in _LEADING
        closer = _CLOSERS.get(word)
        if closer is not None:
            if word == "for" and not stack:
                if index and tokens[index - 1][0] not in _SEPARATORS:
                    return None  # (`a | for`, `a || for`, `! for`: left to the line)
                opened = index
            stack.append(closer)
        elif word in _CLOSED:
            if not stack or stack.pop() != word:
                return None
            if opened is not None and not stack:
                return _split_at(line, tokens, opened, index)
    return None


def _split_at(
    line: str, tokens: list[_Token], opened: int, closed: int
) -> tuple[str, str, str] | None:
    """:func:`loop_in_list`'s three parts, the loop from token ``opened`` to ``closed``."""
    following = tokens[closed + 1] if closed + 1 < len(tokens) else None
    if following is not None and following[0] not in (*_SEPARATORS, "||"):
        return None
    before = line[: tokens[opened][2]].strip()
    for separator in _SEPARATORS:
        before = before.removesuffix(separator).rstrip()
    after = line[following[3] :].strip() if following is not None else ""
    if not before and not after:
        return None  # (the line is the loop: :func:`inline_loop`)
    loop = line[tokens[opened][2] : tokens[closed][3]]
    return before, loop, after


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
