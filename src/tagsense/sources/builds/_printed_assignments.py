"""A file of ``NAME=value`` lines whose text a command substitution gives ``eval`` or
``export``: ``eval $(head ../.env)``, ``eval "$(cat .env)"``, ``export $(grep -v '^#' .env |
xargs)``. The shell runs the printed words as assignments (``eval``: the words joined and read
as a command; ``export``: each ``NAME=value`` word exported), as ``. FILE`` would set them:
sormas-foundation/sormas-docker's ``pg_debug/debug.sh`` runs ``eval $(head ../.env)`` and then
``docker run … sormas-pg-debug:${SORMAS_VERSION}``.

``head`` prints the first 10 lines (``-n N``/``-N``: N; POSIX ``head``), ``cat`` all of them;
a ``grep -v`` of comment or blank lines (``'^#'``, ``'^\\s*#'``, ``'^$'``) and an ``xargs``
that joins the lines into words leave the assignments as a sourced file has them.
"""

from __future__ import annotations

import shlex

__all__ = ["printed_file", "substitutions_after"]

#: The lines ``head`` prints without ``-n``.
_HEAD_LINES = 10


def printed_file(word: str) -> tuple[str, int | None] | None:
    """The file (as written) a command substitution ``word`` prints the lines of, and how
    many of its first lines (``None``: all); ``None`` when the word is something else.

    >>> printed_file("$(head ../.env)")
    ('../.env', 10)
    >>> printed_file('"$(cat .env)"')
    ('.env', None)
    >>> printed_file("$(grep -v '^#' .env | xargs)")
    ('.env', None)
    >>> printed_file("`head -n 3 conf/.env`")
    ('conf/.env', 3)
    >>> printed_file("$(grep IMAGE .env)") is None
    True
    """
    inner = word
    if len(inner) > 1 and inner[0] == inner[-1] == '"':
        inner = inner[1:-1]
    if inner.startswith("$(") and inner.endswith(")") and not inner.startswith("$(("):
        inner = inner[2:-1]
    elif len(inner) > 1 and inner[0] == inner[-1] == "`":
        inner = inner[1:-1]
    else:
        return None
    if any(char in inner for char in "$`;&<>(){}"):
        return None  # (more than a plain pipeline of files named as written)
    try:
        stages = [shlex.split(stage) for stage in inner.split("|")]
    except ValueError:
        return None
    if not stages or not stages[0]:
        return None
    found = _reads(stages[0])
    if found is None or not all(_passes(stage) for stage in stages[1:]):
        return None
    return found


def substitutions_after(raw: str, keyword: str) -> list[str]:
    """The command substitutions (as written) that are the one word after each ``keyword``
    (``eval``, ``export``) of the line ``raw``: ``$(…)``, ``"$(…)"`` or a backquoted one.

    >>> substitutions_after("[ -f .env ] && export $(cat .env | xargs); fi", "export")
    ['$(cat .env | xargs)']
    >>> substitutions_after('eval "$(head -n 2 .env)"', "eval")
    ['"$(head -n 2 .env)"']
    """
    found: list[str] = []
    start = 0
    while (at := raw.find(keyword, start)) >= 0:
        start = at + len(keyword)
        before = raw[:at].rstrip()
        if before and before[-1] not in ";&|({" and not before.endswith(("then", "do")):
            continue
        rest = raw[start:]
        if not rest[:1].isspace():
            continue
        rest = rest.lstrip()
        end = _substitution_end(rest)
        if end is not None and (end == len(rest) or rest[end] in " \t;&|)"):
            found.append(rest[:end])
    return found


def _substitution_end(text: str) -> int | None:
    """Where the command substitution ``text`` starts with ends (``None``: it is none)."""
    quoted = text.startswith('"')
    index = 1 if quoted else 0
    if text.startswith("`", index):
        close = text.find("`", index + 1)
        end = close + 1 if close > 0 else None
    elif text.startswith("$(", index):
        depth, position, end = 0, index + 1, None
        while position < len(text):
            char = text[position]
            if char == "'":
                close = text.find("'", position + 1)
                if close < 0:
                    return None
                position = close
            elif char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
                if depth == 0:
                    end = position + 1
                    break
            position += 1
    else:
        return None
    if end is None:
        return None
    if quoted:
        return end + 1 if text[end : end + 1] == '"' else None
    return end


def _reads(words: list[str]) -> tuple[str, int | None] | None:
    """The file a ``cat F``, ``head [-n N] F`` or ``grep -v COMMENTS F`` prints, and its lines."""
    program, arguments = words[0], words[1:]
    if program == "cat" and len(arguments) == 1 and not arguments[0].startswith("-"):
        return arguments[0], None
    if program == "head":
        lines = _HEAD_LINES
        operands: list[str] = []
        index = 0
        while index < len(arguments):
            word = arguments[index]
            index += 1
            if word in ("-n", "--lines") and index < len(arguments):
                word, index = f"-n{arguments[index]}", index + 1
            if word.startswith("--lines="):
                word = "-n" + word.partition("=")[2]
            if word.startswith("-n") and word[2:].isdigit():
                lines = int(word[2:])
            elif word[:1] == "-" and word[1:].isdigit():
                lines = int(word[1:])
            elif word.startswith("-"):
                return None  # (bytes, a negative count: not lines from the top)
            else:
                operands.append(word)
        return (operands[0], lines) if len(operands) == 1 else None
    if program == "grep" and len(arguments) == 3 and _comments(arguments[0], arguments[1]):
        return arguments[2], None
    return None


def _passes(words: list[str]) -> bool:
    """Whether a later stage leaves the assignments as they are: ``xargs`` (which joins the
    lines into words), or a ``grep -v`` of comment or blank lines."""
    if not words:
        return False
    if words[0] == "xargs":
        return all(word.startswith("-") for word in words[1:])  # (no command of its own)
    return words[0] == "grep" and len(words) == 3 and _comments(words[1], words[2])


def _comments(option: str, pattern: str) -> bool:
    """Whether ``grep OPTION PATTERN`` leaves out comment or blank lines (and only those)."""
    if option not in ("-v", "-vE", "-Ev", "-ve", "-vx"):
        return False
    return pattern.startswith("^") and ("#" in pattern or pattern == "^$")
