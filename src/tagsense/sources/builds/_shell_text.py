"""Shell text as a shell splits it: lines joined by continuations, command substitutions
prepared, words split by quotes, operators and redirections, here-documents set apart, and
simple commands with what pipes into them (:func:`simple_commands`)."""

from __future__ import annotations

import functools
import re
from itertools import pairwise
from types import MappingProxyType

from ..._lazy import lazy_pattern, once
from . import _arrays
from ._shell_values import (
    BREAKS,
    DOLLAR,
    OPERATOR_CHARS,
    SLASH,
    SPLIT,
    UNKNOWN,
    substitution,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable


__all__ = [
    "MAX_FILE_PRINTED",
    "Expanded",
    "HereDocument",
    "SimpleCommand",
    "Unsplit",
    "cat_command",
    "closing",
    "continues",
    "here_documents",
    "may_open",
    "prepare",
    "prepare_open",
    "quoted_delimiters",
    "simple_commands",
    "split_words",
]


def may_open(chunk: str) -> bool:
    """Whether a line may leave a quote or ``$(`` open (then the next lines are its own)."""
    return "'" in chunk or '"' in chunk or "`" in chunk or "$(" in chunk


def continues(line: str) -> bool:
    """Whether a line ends with a backslash that joins the next line to it (shell, Make)."""
    stripped = line.rstrip("\r")
    return (len(stripped) - len(stripped.rstrip("\\"))) % 2 == 1


def closing(text: str, start: int) -> int:
    """The index of what closes the ``(`` or ``{`` at ``start``, nested ones counted (``-1``:
    nothing does): ``${…}`` in a shell word, ``$(…)`` and ``${…}`` in a Makefile."""
    opening = text[start]
    closer = ")" if opening == "(" else "}"
    depth = 0
    for index in range(start, len(text)):
        char = text[index]
        if char == opening:
            depth += 1
        elif char == closer:
            depth -= 1
            if depth == 0:
                return index
    return -1


def prepare(
    text: str,
    substituted: list[str] | None = None,
    files: Callable[[str], str | None] | None = None,
) -> tuple[str, bool]:
    """:func:`_prepare_text`; a text that substitutes no command is prepared once (a
    function's body is read again at each of its calls)."""
    prepared, still_open = prepare_open(text, substituted, files)
    return prepared, not still_open


def prepare_open(
    text: str,
    substituted: list[str] | None = None,
    files: Callable[[str], str | None] | None = None,
) -> tuple[str, str]:
    """:func:`prepare`, with what the text leaves open rather than whether it is complete:
    ``""`` nothing, ``"'"`` a single quote (which only a line with a ``'`` can close: the
    reader of a script adds the lines with none unread), ``'"'``, ``"$("`` or a backtick."""
    if "$(" not in text and "`" not in text:
        return _prepare_plain(text)
    return _prepare_text(text, substituted, files)


@functools.lru_cache(maxsize=8192)
def _prepare_plain(text: str) -> tuple[str, str]:
    """:func:`_prepare_text` of a text that substitutes no command."""
    return _prepare_text(text)


def _prepare_text(
    text: str,
    substituted: list[str] | None = None,
    files: Callable[[str], str | None] | None = None,
) -> tuple[str, str]:
    """``text`` ready for :mod:`shlex`, and what it leaves open (see :func:`prepare_open`).

    Comments go; a command substituted (``$(…)``, backticks) is :data:`UNKNOWN` (or the
    engine it names: :func:`unknown_for`), or what ``files`` says it prints (a file of the
    project it reads), and its text is added to ``substituted``; a ``$`` the shell leaves
    alone (single-quoted, escaped) is marked, so that only the others are expanded once the
    words are split.
    """
    special = _specials()
    out: list[str] = []
    index = 0
    length = len(text)
    quote = ""
    word_start = True
    while index < length:
        if quote == "'":
            end = text.find("'", index)
            if end < 0:
                out.append(text[index:].replace("$", DOLLAR))
                return "".join(out), "'"
            out.append(text[index : end + 1].replace("$", DOLLAR))
            quote = ""
            index = end + 1
            word_start = False
            continue
        found = special.search(text, index)
        if found is None:
            out.append(text[index:])
            break
        at = found.start()
        if at > index:
            out.append(text[index:at])
            word_start = not quote and text[at - 1] in BREAKS
        char = text[at]
        index = at + 1
        if char == "\\":
            if index < length:
                following = text[index]
                if following == "$":
                    out.append(DOLLAR)
                elif following != "\n":
                    out.append(text[at : index + 1])
                index += 1
            else:
                out.append(char)
            word_start = False
        elif char == "$":
            if not quote and _arrays.unquoted_array_at(text, index):
                out.append(_arrays.UNQUOTED)  # (its elements are split further)
            elif not quote and word_start and _LONE_VARIABLE.match(text, index) is not None:
                out.append(SPLIT)  # (a word that is one variable, unquoted: split further)
            if not quote and index < length and text[index] == "'":
                end = _dollar_quote_end(text, index)
                if end < 0:
                    return "".join(out), "'"
                decoded = _dollar_quoted(text[index + 1 : end]).replace("'", "'\\''")
                out.append("'" + decoded.replace("$", DOLLAR) + "'")
                index = end + 1
                word_start = False
                continue
            if index < length and text[index] == "{" and (end := closing(text, index)) > 0:
                inner = text[index + 1 : end]
                check = _ERROR_CHECK.match(inner)
                if check is not None:  # (`${1?full docker_tag is required}`: its message
                    out.append(f"${{{check.group()}}}")  # is said, not a word of the command)
                    index = end + 1
                    word_start = False
                    continue
                if "\\/" in inner and "$" not in inner and "`" not in inner:
                    out.append("${" + inner.replace("\\/", SLASH) + "}")
                    index = end + 1
                    word_start = False
                    continue
            if index < length and text[index] == "(":
                end = _closing_parenthesis(text, index)
                if end < 0:
                    return "".join(out), "$("
                printed = files(text[index + 1 : end]) if files is not None else None
                if isinstance(printed, Expanded | Unsplit) and not quote and _assigned(text, at):
                    printed = _as_prepared(printed, '"')
                    if printed is not None and _PLAIN_WORD.fullmatch(printed) is None:
                        printed = f'"{printed}"'
                elif printed is not None:
                    printed = _as_prepared(printed, quote)
                out.append(substitution(text[index + 1 : end]) if printed is None else printed)
                if substituted is not None:
                    substituted.append(text[index + 1 : end])
                index = end + 1
            else:
                out.append(char)
            word_start = False
        elif char == "`":
            end = text.find("`", index)
            if end < 0:
                return "".join(out), "`"
            out.append(substitution(text[index:end]))
            if substituted is not None:
                substituted.append(text[index:end])
            index = end + 1
            word_start = False
        elif char == "#":
            if quote or not word_start:
                out.append(char)
                word_start = False
                continue
            newline = text.find("\n", index)  # a comment, to the end of its line
            if newline < 0:
                break
            index = newline
        elif quote == '"':
            if char == '"':
                quote = ""
            out.append(char)
            word_start = False
        else:  # an opening quote
            quote = char
            out.append(char)
            word_start = False
    return "".join(out), quote


def _dollar_quote_end(text: str, start: int) -> int:
    """The index of the ``'`` that closes the dollar-single-quoted text whose ``'`` is at
    ``start`` (``-1``: none does). In ``$'…'`` a backslash escapes the character after it, a
    ``'`` too (bash's "ANSI-C Quoting", POSIX.1-2024's "Dollar-Single-Quotes"): Azure/iotedge's
    ``edgelet/build/linux/package.sh`` writes ``$'… safe.directory \\'*\\' …'``, whose ``\\'``
    ended the quote for a plain single-quote reading and left the rest of the script unread.

    >>> _dollar_quote_end(r"$'it\\'s' x", 1)
    7
    """
    index = start + 1
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "'":
            return index
        index += 1
    return -1


#: The escapes of ``$'…'`` that stand for one character (the others are kept as written).
_DOLLAR_ESCAPES = MappingProxyType(
    {
        "a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b", "f": "\f", "n": "\n", "r": "\r",
        "t": "\t", "v": "\v", "\\": "\\", "'": "'", '"': '"', "?": "?",
    }
)  # fmt: skip


def _dollar_quoted(inner: str) -> str:
    """The text ``$'inner'`` stands for: its one-character escapes (``\\n``, ``\\'``,
    ``\\\\``…) and octal and hexadecimal bytes (``\\033``, ``\\x41``) replaced.

    >>> _dollar_quoted(r"it\\'s\\tan \\x41\\101")
    "it's\\tan AA"
    """
    if "\\" not in inner:
        return inner
    return _DOLLAR_ESCAPE.sub(_dollar_escaped, inner)


def _dollar_escaped(found: re.Match[str]) -> str:
    octal, hexadecimal, other = found.groups()
    if octal is not None:
        return chr(int(octal, 8) & 0xFF)
    if hexadecimal is not None:
        return chr(int(hexadecimal, 16))
    return _DOLLAR_ESCAPES.get(other, "\\" + other)


_DOLLAR_ESCAPE = lazy_pattern(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|(.))", re.DOTALL)


#: ``NAME?``, ``NAME:?`` of ``${NAME?message}``: the message only ever goes to stderr.
_ERROR_CHECK = lazy_pattern(r"\w+:?\?")


#: The most of a file ``$(cat FILE)`` is read (a version file holds a word).
MAX_FILE_PRINTED = 4096


@once
def cat_command() -> re.Pattern[str]:
    """A command substituted that prints one file: ``cat FILE``, ``< FILE`` (errors to
    ``/dev/null`` or not)."""
    import re

    return re.compile(
        r"\s*(?:cat\s+(?:--\s+)?|<\s*)(?P<word>[^\s;&|<>()`]+)\s*(?:2>\s*/dev/null\s*)?"
    )


def _assigned(text: str, at: int) -> bool:
    """Whether the ``$(`` at ``at`` is a variable's whole value (``NAME=$(…)``, ``local
    NAME=$(…)``): what it prints is not split into words.

    >>> _assigned("local B=$(f)", 8), _assigned("f $(f)", 2), _assigned("B=x$(f)", 3)
    (True, False, False)
    """
    return _ASSIGNED_HERE.search(text, max(0, at - 128), at) is not None


_ASSIGNED_HERE = lazy_pattern(r"(?:^|(?<=[\s;&|(]))[A-Za-z_][A-Za-z0-9_]*=$")


#: Text that is one word with nothing the shell would read in it.
_PLAIN_WORD = lazy_pattern(r"[A-Za-z0-9._/:@+,=%^~-]+")


class Expanded(str):
    """What a command substituted prints when that is known as a variable's value is, what a
    run decides marked in it (the ``echo`` of a function of the script: see ``.shell``)."""

    __slots__ = ()


class Unsplit(str):
    """What a command substituted prints that holds blanks of its own, kept whole where the
    shell does not split it (an assignment's value): the JSON a ``jq``/``yq`` filter prints
    (arkime's ``MATRIX=$(yq -o json eval '…' versions | jq -c)``, see ``._jq``)."""

    __slots__ = ()


def _as_prepared(printed: str, quote: str) -> str | None:
    """What a command substituted prints, as :func:`prepare` writes it where it stands
    (``quote``: inside double quotes, or none; an assignment's value, which the shell does not
    split, is as in double quotes): one word the shell reads nothing more in; ``None`` when
    it would be split into words (blanks outside quotes) or holds what stands for something
    here."""
    if _PLAIN_WORD.fullmatch(printed) is not None:
        return printed
    marks = not isinstance(printed, Expanded)
    if any(("\ue000" <= char <= "\uf8ff" and marks) or char in "\n\0" for char in printed):
        return None
    if quote == '"':
        return printed.replace("\\", "\\\\").replace('"', '\\"').replace("$", DOLLAR)
    if any(char.isspace() for char in printed):
        return None
    return "'" + printed.replace("'", "'\\''").replace("$", DOLLAR) + "'"


#: After a ``$``: a variable's name (``NAME``, ``{NAME}``, ``{NAME:-}``: with an empty default)
#: or all the arguments (``@``, ``*``, ``{@}``, ``{*}``) that ends the word.
_LONE_VARIABLE = lazy_pattern(
    r"(?:\{[A-Za-z_][A-Za-z0-9_]*(?::?-)?\}|[A-Za-z_][A-Za-z0-9_]*|\{[@*]\}|[@*])"
    r"(?=$|[\s;&|()<>])"
)


@once
def _specials() -> re.Pattern[str]:
    """What :func:`prepare` stops at: escapes, quotes, substitutions, comments."""
    import re

    return re.compile(r"[\\'\"$`#]")


def _closing_parenthesis(text: str, start: int) -> int:
    """The index of the ``)`` that closes the ``(`` at ``start``, quotes respected (``-1``)."""
    depth = 0
    quote = ""
    index = start
    while index < len(text):
        char = text[index]
        if quote:
            if char == quote:
                quote = ""
            elif char == "\\" and quote == '"':
                index += 1
        elif char == "$" and text.startswith("'", index + 1):
            end = _dollar_quote_end(text, index + 1)
            if end < 0:
                return -1
            index = end
        elif char in "'\"":
            quote = char
        elif char == "\\":
            index += 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return -1


def split_words(text: str) -> list[str] | None:
    """The words and operators of a prepared text (:mod:`shlex`; ``None`` if it cannot)."""
    found = _split_once(text)
    return list(found) if found is not None else None


@functools.lru_cache(maxsize=16384)
def _split_once(text: str) -> tuple[str, ...] | None:
    """:func:`split_words`, kept: a function's body is read again at each of its calls (a Bats
    suite's helpers, hundreds of times a file)."""
    fast = _split_fast(text)
    if fast is not None:
        return fast
    import shlex

    lexer = shlex.shlex(text, posix=True, punctuation_chars=";&|()<>")
    lexer.whitespace_split = True
    lexer.commenters = ""
    try:
        return tuple(lexer)
    except ValueError:
        return None


@once
def _fast_token() -> re.Pattern[str]:
    """One token of :func:`_split_fast`: a run of operator characters, or a word made of
    plain runs, single-quoted and double-quoted parts and escaped characters."""
    import re

    return re.compile(
        r"[ \t\r\n]*(?:([;&|()<>]+)"
        r"""|((?:[^ \t\r\n;&|()<>'"\\]+|'[^']*'|"(?:[^"\\]|\\.)*"|\\.)+))""",
        re.DOTALL,
    )


_WORD_PART = lazy_pattern(r"""[^'"\\]+|'([^']*)'|"((?:[^"\\]|\\.)*)"|\\(.)""", re.DOTALL)


_QUOTED_ESCAPE = lazy_pattern(r'\\([\\"])')


def _split_fast(text: str) -> tuple[str, ...] | None:
    """What :mod:`shlex` (POSIX, ``;&|()<>`` punctuation, no comments) splits ``text`` into,
    by regular expressions: its character-by-character lexer took a third of a check of
    micropython, whose compiler lines are thousands of characters. ``None`` where the text
    has what this does not follow (an open quote, a lone backslash at the end): shlex then
    decides. A property test holds it equal to shlex."""
    tokens: list[str] = []
    token = _fast_token()
    position, end = 0, len(text)
    while position < end:
        found = token.match(text, position)
        if found is None:
            return None if text[position:].strip(" \t\r\n") else tuple(tokens)
        operator, word = found.groups()
        position = found.end()
        if operator is not None:
            tokens.append(operator)
        elif word is not None:
            tokens.append(_unquoted(word) if any(c in word for c in "'\"\\") else word)
    return tuple(tokens)


def _unquoted(word: str) -> str:
    """A word with its quotes and escapes taken away, as POSIX shlex does (in double quotes a
    backslash escapes only ``"`` and ``\\``)."""
    parts: list[str] = []
    for part in _WORD_PART.finditer(word):
        single, double, escaped = part.groups()
        if single is not None:
            parts.append(single)
        elif double is not None:
            parts.append(_QUOTED_ESCAPE.sub(r"\1", double))
        elif escaped is not None:
            parts.append(escaped)
        else:
            parts.append(part.group())
    return "".join(parts)


def _is_operator(token: str) -> bool:
    # (all of its characters operators': nothing left once they are stripped)
    return bool(token) and not token.strip(_OPERATOR_TEXT)


_OPERATOR_TEXT = "".join(sorted(OPERATOR_CHARS))


def _is_redirection(token: str) -> bool:
    return ("<" in token or ">" in token) and not token.strip("<>&|")


class HereDocument:
    """A here-document's text: its ``lines`` as written, the first of them line ``line``;
    ``literal`` when its delimiter is quoted (``<<'EOF'``: no variable is put in)."""

    __slots__ = ("line", "lines", "literal")

    def __init__(self, line: int, lines: list[str], literal: bool) -> None:
        self.line = line
        self.lines = lines
        self.literal = literal


def quoted_delimiters(chunk: str, count: int) -> list[bool]:
    """Whether each of a line's ``count`` here-documents has a quoted delimiter; all of them
    are taken to be when the line's text cannot tell (a ``<<`` inside quotes)."""
    if count == 0:
        return []  # (either way: most lines open none)
    import re

    found = [
        any(mark in match[1] for mark in "'\"\\")
        for match in re.finditer(r"<<-?[ \t]*(\S+)", chunk)
        if not match[0].startswith("<<<")
    ]
    return found if len(found) == count else [True] * count


def here_documents(tokens: list[str]) -> list[str]:
    """The delimiters of the here-documents a command line opens (in order)."""
    found = []
    for index, token in enumerate(tokens[:-1]):
        if token in ("<<", "<<-"):
            word = tokens[index + 1]
            delimiter = word[1:] if word.startswith("-") else word
            if delimiter:
                found.append(delimiter)
    return found


class SimpleCommand:
    """A simple command of a line: its ``words``; the file redirected to its standard input
    (``stdin``, as written); the words of the command piped into it (``piped``); how many
    subshells deep it is (``depth``: ``(cd dir; make)``); the here-document its standard
    input is (``heredoc``: which of the line's, its own or through ``cat <<EOF |``; and the
    ``document`` itself, once read)."""

    __slots__ = (
        "after", "appends", "depth", "document", "heredoc", "joined", "outputs", "piped",
        "pipes_into", "stdin", "words",
    )  # fmt: skip

    def __init__(self, words: list[str], depth: int, piped: list[str] | None) -> None:
        self.words = words
        self.depth = depth
        self.piped = piped
        #: The operators after it (``)`` ends a ``case`` arm's pattern, ``;;`` the arm).
        self.after = ""
        #: Whether ``&&``, ``||`` or ``|`` joins it to the command before (it may not run).
        self.joined = False
        #: The words of the command its output is piped into.
        self.pipes_into: list[str] | None = None
        self.stdin: str | None = None
        #: The files its standard output is written to (``>> "$GITHUB_ENV"``), as written
        #: (``&2`` for ``>&2``).
        self.outputs: list[str] = []
        #: Those of :attr:`outputs` it adds to (``>>``), not writes anew.
        self.appends: list[str] = []
        self.heredoc: int | None = None
        self.document: HereDocument | None = None


def simple_commands(tokens: list[str]) -> list[SimpleCommand]:
    """The simple commands of a line's tokens: operators split them, redirections go (a
    ``<`` is kept as the command's standard input). A process substitution (``<(…)``,
    ``>(…)``) is one word of its command, a file only the run names, and the commands in it
    come first, a subshell deeper: electron-builder's documented ``docker run --env-file
    <(env | grep …) … electronuserland/builder:wine`` runs that image, not ``env``; and
    ``kubectl apply -f <(envsubst < FILE)`` renders FILE."""
    if "<(" in tokens or ">(" in tokens:
        outer, inner = _without_process_substitutions(tokens)
        if inner:
            found = [command for words in inner for command in simple_commands(words)]
            for command in found:
                command.depth += 1
            return found + simple_commands(outer)
    commands: list[SimpleCommand] = []
    current = SimpleCommand([], 0, None)
    depth = 0
    skip = False
    heredocs = 0
    for position, token in enumerate(tokens):
        if skip:
            skip = False
            continue
        if _is_redirection(token):
            descriptor = "1"
            if current.words and current.words[-1].isdigit():
                descriptor = current.words.pop()  # (the file descriptor of "2>&1")
            if token == "<" and position + 1 < len(tokens):
                current.stdin = tokens[position + 1]
            if token in (">", ">>", "&>", ">&") and position + 1 < len(tokens):
                # (what it prints goes there; `2> FILE` its errors alone, `>&2` to its errors)
                target = tokens[position + 1]
                if descriptor == "1" and not (token == ">&" and target == "1"):
                    current.outputs.append(f"&{target}" if token == ">&" else target)
                    if token == ">>":
                        current.appends.append(target)
            if token in ("<<", "<<-") and position + 1 < len(tokens):
                word = tokens[position + 1]
                if word[1:] if word.startswith("-") else word:  # (as here_documents counts them)
                    current.heredoc = heredocs
                    heredocs += 1
            skip = True  # (and the file, or the here-document's delimiter)
            continue
        if _is_operator(token):
            piped = current.words if token == "|" and current.words else None
            if current.words:
                current.after += token
                commands.append(current)
            elif commands:
                commands[-1].after += token  # (`*) ;;`: both end the pattern's command)
            else:
                ended = SimpleCommand([], depth, None)  # (a line of `;;` alone)
                ended.after = token
                commands.append(ended)
            depth = max(0, depth + token.count("(") - token.count(")"))
            through = current.heredoc if piped in (["cat"], ["cat", "-"]) else None
            joined = token in ("&&", "||", "|")
            current = SimpleCommand([], depth, piped)
            current.heredoc = through  # (`cat <<EOF | kubectl apply -f -`)
            current.joined = joined
            continue
        current.words.append(token)
    if current.words:
        commands.append(current)
    for before, after in pairwise(commands):
        if after.piped is before.words:
            before.pipes_into = after.words
    return commands


def _without_process_substitutions(tokens: list[str]) -> tuple[list[str], list[list[str]]]:
    """``tokens`` with each process substitution one word (:data:`UNKNOWN`), and the tokens
    inside each (nested ones stay in them). The split keeps runs of operator characters
    together, so the ``)`` that closes one may carry the next operator (``)|``, ``))``).

    >>> _without_process_substitutions(["diff", "<(", "sort", "a", ")|", "less"])[1]
    [['sort', 'a']]
    """
    outer: list[str] = []
    inner: list[list[str]] = []
    current: list[str] | None = None
    depth = 0
    for token in tokens:
        if current is None:
            if token in ("<(", ">("):
                current, depth = [], 1
                outer.append(UNKNOWN)
            else:
                outer.append(token)
            continue
        if token in ("<(", ">("):
            depth += 1
        elif _is_operator(token):
            for index, char in enumerate(token):
                depth += (char == "(") - (char == ")")
                if depth == 0:
                    if token[:index]:
                        current.append(token[:index])
                    inner.append(current)
                    current = None
                    if token[index + 1 :]:
                        outer.append(token[index + 1 :])
                    break
            else:
                current.append(token)
            continue
        current.append(token)
    if current is not None:
        return tokens, []  # (never closed: a quoted `<(`, `grep "<("`, is a word)
    return outer, inner
