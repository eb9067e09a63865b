"""A Dockerfile's lines into instruction nodes, as BuildKit's ``parser`` package reads them.

``parser/parser.go``: physical lines, parser directives, continuations,
comments and heredocs (``parser_heredoc.go``), each instruction's logical line
made into a node (``newNodeFromLine``): the command word, the leading
``--flags`` as ``extractBuilderFlags`` splits them (``split_command.go``), and
the arguments as each instruction's line parser reads them
(``line_parsers.go``), with every word's place in the line so that an image
can be pointed at. ``parser/directives.go``: ``DetectSyntax``, the frontend
image a file names.
"""

from __future__ import annotations

from ..._lazy import lazy_pattern
from .._expand import GO_SPACES, ExpansionError, go_quote, shell_words

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Callable, Iterator, Sequence

    from ._instructions import Value

__all__ = [
    "Flag",
    "LogicalLine",
    "Node",
    "Parser",
    "Tok",
    "detect_syntax",
    "go_lower",
    "go_trim",
    "heredoc",
    "physical_lines",
]

# bufio.Scanner's MaxScanTokenSize: a longer line stops BuildKit's parser.
_MAX_LINE_BYTES = 64 * 1024
# Parser directives: `#` then `key = value` (Go's \s is [\t\n\f\r ]).
_DIRECTIVE = lazy_pattern(r"([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*")
_DIRECTIVES = frozenset({"syntax", "escape", "check"})
_HEREDOC = lazy_pattern(r"([0-9]*)<<(-?)([^<]*)")
_HEREDOC_COMMANDS = frozenset({"add", "copy", "run"})
# reWhitespace / tokenWhitespace: what splits a command from its arguments.
_WS = lazy_pattern(r"[\t\v\f\r ]+")
# Leading flag words with nothing extractBuilderFlags treats specially (quotes,
# backslashes): each is then simply the run of characters up to white space.
_PLAIN_FLAGS = lazy_pattern(r"(?:--[^\t\n\v\f\r \x85\xa0'\"\\]*[\t\n\v\f\r \x85\xa0]+)*")
_PLAIN_FLAG = lazy_pattern(r"--[^\t\n\v\f\r \x85\xa0]*")
_SPACE = frozenset(GO_SPACES)
# extractBuilderFlags reads bytes: unicode.IsSpace(rune(b)) also holds for the
# bytes 0x85 and 0xA0, which occur inside UTF-8 encoded characters.
_BYTE_SPACE = frozenset("\t\n\v\f\r \x85\xa0")


def go_lower(text: str) -> str:
    """Go's strings.ToLower."""
    # Go maps U+0130 to "i"; Python adds a combining dot.
    return text.lower() if text.isascii() else text.replace("\u0130", "i").lower()


def go_trim(text: str) -> tuple[str, int]:
    """Go's strings.TrimSpace, and how many characters went from the left."""
    left = text.lstrip(GO_SPACES)
    return left.rstrip(GO_SPACES), len(text) - len(left)


# --- lines, directives, heredocs (parser.go, directives.go) --------------------


def physical_lines(text: str, error: Callable[[int | None, str], None]) -> list[str]:
    """The lines BuildKit's scanner reads (``text`` without its byte-order mark).

    A line of 64 KiB or more is an error, and ends the lines.
    """
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for index, line in enumerate(lines):
        if len(line) >= _MAX_LINE_BYTES // 4 and len(line.encode("utf-8", "surrogatepass")) >= (
            _MAX_LINE_BYTES
        ):
            error(
                index + 1, f"dockerfile line greater than max allowed size of {_MAX_LINE_BYTES - 1}"
            )
            del lines[index:]
            break
    return lines


def _known_directive(body: str) -> tuple[str, re.Match[str]] | None:
    """A parser directive's key (lower-case) and match, if ``body`` is one BuildKit knows."""
    match = _DIRECTIVE.fullmatch(body)
    if match is None:
        return None
    key = match.group(1).lower()
    return (key, match) if key in _DIRECTIVES else None


def detect_syntax(text: str, lines: Sequence[str]) -> tuple[str, int, int] | None:
    """BuildKit's DetectSyntax: the frontend image the file names, with its line and column."""
    start = 1 if lines and lines[0].startswith("#!") else 0
    for prefix in ("#", "//"):
        seen: set[str] = set()
        for index in range(start, len(lines)):
            line = lines[index]
            if line.endswith("\r"):
                line = line[:-1]
            if not line.startswith(prefix):
                break
            body = line[len(prefix) :].lstrip(GO_SPACES)
            known = _known_directive(body)
            if known is None or known[0] in seen:
                break
            key, match = known
            seen.add(key)
            if key == "syntax":
                image = match.group(2).split(" ", 1)[0]
                column = len(line) - len(body) + match.start(2) + 1
                return image, index + 1, column
    if text.lstrip(" \t\r\n").startswith("{"):
        import json  # rare: a file of JSON naming its frontend

        try:
            data = json.loads("\n".join(lines[start:]))
        except (ValueError, RecursionError):
            return None
        if isinstance(data, dict) and isinstance(data.get("syntax"), str):
            image = data["syntax"]
            number, column = 1 + start, 1
            for index in range(start, len(lines)):
                found = lines[index].find(image) if image else -1
                if found >= 0:
                    number, column = index + 1, found + 1
                    break
            return image, number, column
    return None


def heredoc(word: str) -> tuple[str, bool] | ExpansionError | None:
    """ParseHeredoc: a heredoc's name and whether ``<<-`` chomps tabs."""
    match = _HEREDOC.fullmatch(word)
    if match is None or not match.group(3):
        return None
    try:
        words = shell_words(match.group(3))
    except ExpansionError as exc:
        return exc
    if len(words) != 1:
        return None
    return words[0], match.group(2) == "-"


class LogicalLine:
    """An instruction's text, its continuation lines joined, and where each piece was."""

    __slots__ = ("segments", "text")

    def __init__(self, text: str, segments: Sequence[tuple[int, int, int]]) -> None:
        self.text = text
        self.segments = segments  # (offset in the text, line, column) of each piece

    def where(self, offset: int) -> tuple[int, int]:
        """The physical line and column of an offset in the logical line."""
        segments = self.segments
        k = len(segments) - 1
        while k > 0 and segments[k][0] > offset:
            k -= 1
        start, line, column = segments[k]
        return line, column + offset - start + 1


class Parser:
    """BuildKit's parser.Parse, one instruction at a time.

    ``error`` takes each error (its line, the message); ``comment``, when
    given, each comment line (its text from ``#``, line and column). After
    :meth:`parse`, ``escape`` is the escape character the file chose and
    ``instructions`` how many instructions it has.
    """

    __slots__ = ("comment", "error", "escape", "instructions")

    def __init__(
        self,
        error: Callable[[int | None, str], None],
        comment: Callable[[str, int, int], None] | None = None,
    ) -> None:
        self.error = error
        self.comment = comment
        self.escape = "\\"
        self.instructions = 0

    def parse(self, lines: Sequence[str]) -> Iterator[tuple[Node, int, LogicalLine]]:
        """Directives, continuations, heredocs: each instruction's node, line and logical line.

        A node is yielded before the next line is read, so that the errors
        found in it come before the next instruction's.
        """
        count = len(lines)
        seen: set[str] = set()
        directives = True
        comment = self.comment
        i = 0
        while i < count:
            line = lines[i].rstrip("\r")
            token = line.lstrip(GO_SPACES)
            lead = len(line) - len(token)
            start_line = i + 1
            i += 1
            is_comment = token.startswith("#")
            if directives:
                directives = self.directive(token, start_line, seen)
            if is_comment:
                if comment is not None:
                    comment(token, start_line, lead + 1)
                continue  # comments (and directives) never start an instruction
            content, more = self.cut_continuation(token)
            if not more and not content:
                continue
            pieces = [content]
            segments = [(0, start_line, lead)]
            size = len(content)
            while more and i < count:
                line = lines[i].rstrip("\r")
                i += 1
                rest = line.lstrip(GO_SPACES)
                if not rest or rest.startswith("#"):
                    if rest and comment is not None:
                        comment(rest, i, len(line) - len(rest) + 1)
                    continue  # blank and comment lines inside a continuation
                piece, more = self.cut_continuation(line)
                segments.append((size, i, 0))
                pieces.append(piece)
                size += len(piece)
            logical = LogicalLine("".join(pieces), segments)
            self.instructions += 1
            node = node_from_line(logical.text, 0, self.escape)
            if node.error is not None:
                self.error(start_line, node.error)
                continue
            docs = self.heredocs(node, logical.text, start_line)
            if docs is None:
                return
            i = self.skip_heredocs(docs, lines, i, start_line)
            if i < 0:
                return
            yield node, start_line, logical

    def directive(self, token: str, line: int, seen: set[str]) -> bool:
        """One line of the directive parser; False once directives are over."""
        if not token.startswith("#"):
            return False
        known = _known_directive(token[1:].lstrip(GO_SPACES))
        if known is None:
            return False
        key, match = known
        if key in seen:
            self.error(line, f"only one {key} parser directive can be used")
            return True
        seen.add(key)
        if key == "escape":
            value = match.group(2)
            if value not in ("\\", "`"):
                self.error(line, f"invalid escape token '{value}' does not match ` or \\")
            else:
                self.escape = value
        return True

    def cut_continuation(self, line: str) -> tuple[str, bool]:
        """trimContinuationCharacter: the line without a final escape, and whether one was."""
        esc = self.escape
        stripped = line.rstrip(" \t")
        if not stripped.endswith(esc):
            return line, False
        before = stripped[:-1]
        if not before:
            return "", True
        if before[-1] == esc:
            return line, False  # "\\\\" and the "\\\\\\" quirk: no continuation
        return before, True

    def heredocs(self, node: Node, logical: str, line: int) -> list[tuple[str, bool]] | None:
        """The heredocs an instruction names (None: BuildKit's parser fails)."""
        target = node.child if node.lower == "onbuild" and node.child is not None else node
        if target.lower not in _HEREDOC_COMMANDS or target.json or "<<" not in logical:
            return []
        try:
            words = shell_words(logical, raw_quotes=True, raw_escapes=True)
        except ExpansionError:
            return []  # BuildKit ignores this error: no heredocs
        docs: list[tuple[str, bool]] = []
        for word in words:
            found = heredoc(word)
            if isinstance(found, ExpansionError):
                self.error(line, str(found))
                return None
            if found is not None:
                docs.append(found)
        return docs

    def skip_heredocs(
        self, docs: list[tuple[str, bool]], lines: Sequence[str], i: int, start_line: int
    ) -> int:
        """Skip each heredoc's body and terminator; -1 if one is unterminated."""
        for name, chomp in docs:
            while True:
                if i >= len(lines):
                    self.error(start_line, "unterminated heredoc")
                    return -1
                body = lines[i].rstrip("\r\n")
                i += 1
                if chomp:
                    body = body.lstrip("\t")
                if body == name:
                    break
        return i


# --- one logical line into a node (newNodeFromLine, line_parsers.go) ----------


class Tok:
    """A word, with its span in the logical line (-1 when not from the text)."""

    __slots__ = ("end", "start", "text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.start = start
        self.end = end


class Flag:
    """A flag word after quote removal, each character's offset in the line."""

    __slots__ = ("offsets", "word")

    def __init__(self, word: str, offsets: Sequence[int]) -> None:
        self.word = word
        self.offsets = offsets


class Node:
    """One parsed instruction: BuildKit's parser.Node, with positions."""

    __slots__ = ("args", "child", "cmd", "error", "flags", "json", "lower", "mounts", "values")

    def __init__(self, cmd: str) -> None:
        self.cmd = cmd
        self.lower = go_lower(cmd)
        self.flags: list[Flag] = []
        self.args: list[Tok] = []
        self.json = False
        self.child: Node | None = None
        self.error: str | None = None
        # what the instruction's check found, kept for the scan: flag values, RUN's mounts
        self.values: dict[str, list[Value]] | None = None
        self.mounts: list[tuple[Value | None, str] | str] | None = None


def node_from_line(line: str, offset: int, esc: str) -> Node:
    """newNodeFromLine: command, flags and arguments of one logical line."""
    stripped, lead = go_trim(line)
    split = _WS.search(stripped)
    if split is None:
        return Node(stripped)
    node = Node(stripped[: split.start()])
    rest = stripped[split.end() :]
    rest_offset = offset + lead + split.end()
    if rest.startswith("--"):
        start, node.flags = _extract_flags(rest, rest_offset)
        rest = rest[start:] if start >= 0 else ""
        rest_offset += max(start, 0)
    args, left = go_trim(rest)
    args_offset = rest_offset + left
    lower = node.lower
    if lower in ("from", "expose"):
        node.args = _split(args, args_offset)
    elif lower in ("add", "copy", "volume"):
        found = _json_array(args)
        if isinstance(found, str):
            node.error = found
        elif found is not None:
            node.args, node.json = found, True
        else:
            node.args = _split(args, args_offset)
    elif lower in ("cmd", "entrypoint", "run", "shell"):
        _maybe_json(node, args, args_offset)
    elif lower == "arg":
        node.args = _words(args, args_offset, esc)
    elif lower in ("env", "label"):
        _name_values(node, args, args_offset, esc)
    elif lower == "healthcheck":
        _health(node, args, args_offset)
    elif lower in ("maintainer", "stopsignal", "user", "workdir"):
        if args:
            node.args = [Tok(args, args_offset, args_offset + len(args))]
    elif lower == "onbuild" and args:
        child = node_from_line(args, args_offset, esc)
        node.child = child
        node.error = child.error
        if child.error is None:
            node.args = [Tok(child.cmd, -1, -1), *child.args]
    return node


def _extract_flags(rest: str, offset: int) -> tuple[int, list[Flag]]:
    """extractBuilderFlags: the leading ``--flag`` words, and where the rest starts.

    Go reads this part byte by byte: a byte of a UTF-8 character becomes a
    character of its own (U+0080..U+00FF), and the bytes 0x85 and 0xA0 split
    words. Returns -1 for the start when nothing is left.
    """
    plain = _PLAIN_FLAGS.match(rest)
    end = plain.end() if plain else 0
    if not rest.startswith("--", end) and rest.isascii():
        flags = []
        for found in _PLAIN_FLAG.finditer(rest, 0, end):
            if found.end() - found.start() == 2:
                break  # "--" ends the flags: take the careful path
            flags.append(Flag(found.group(), range(offset + found.start(), offset + found.end())))
        else:
            return (end if end < len(rest) else -1), flags
    if rest.isascii():
        data = rest
        chars: list[int] | None = None
    else:
        encoded = rest.encode("utf-8", "surrogatepass")
        data = encoded.decode("latin-1")
        chars = []
        for index, ch in enumerate(rest):
            chars.extend([index] * len(ch.encode("utf-8", "surrogatepass")))
        chars.append(len(rest))

    def at(byte: int) -> int:
        return offset + (byte if chars is None else chars[byte])

    words: list[tuple[str, list[int]]] = []
    word: list[str] = []
    where: list[int] = []
    in_spaces, in_word, in_quote = 0, 1, 2
    phase = in_spaces
    quote = ""
    blank_ok = False
    n = len(data)
    pos = 0
    ch = ""
    while pos <= n:
        if pos != n:
            ch = data[pos]
        if phase == in_spaces:
            if pos == n:
                break
            if ch in _BYTE_SPACE:
                pos += 1
                continue
            if ch != "-" or pos + 1 == n or data[pos + 1] != "-":
                return _rest_start(pos, chars), _flags(words)
            phase = in_word
        if pos == n:
            text = "".join(word)
            if text != "--" and (blank_ok or word):
                words.append((text, where))
            break
        if phase == in_word:
            if ch in _BYTE_SPACE:
                phase = in_spaces
                text = "".join(word)
                if text == "--":
                    return _rest_start(pos, chars), _flags(words)
                if blank_ok or word:
                    words.append((text, where))
                word = []
                where = []
                blank_ok = False
                pos += 1
                continue
            if ch == "'" or ch == '"':
                quote = ch
                blank_ok = True
                phase = in_quote
                pos += 1
                continue
            if ch == "\\":
                if pos + 1 == n:
                    pos += 1
                    continue
                pos += 1
                ch = data[pos]
            word.append(ch)
            where.append(at(pos))
            pos += 1
            continue
        # in_quote
        if ch == quote:
            phase = in_word
            pos += 1
            continue
        if ch == "\\":
            if pos + 1 == n:
                phase = in_word
                pos += 1
                continue
            pos += 1
            ch = data[pos]
        word.append(ch)
        where.append(at(pos))
        pos += 1
    return -1, _flags(words)


def _rest_start(byte: int, chars: list[int] | None) -> int:
    if chars is None:
        return byte
    index = chars[byte]
    # A word that starts inside a character (after a 0x85/0xA0 byte): skip it.
    if byte > 0 and chars[byte - 1] == index:
        index += 1
    return index


def _flags(words: list[tuple[str, list[int]]]) -> list[Flag]:
    return [Flag(text, tuple(where)) for text, where in words]


def _split(args: str, offset: int) -> list[Tok]:
    """parseStringsWhitespaceDelimited, with each word's span."""
    if not args:
        return []
    toks: list[Tok] = []
    start = 0
    for gap in _WS.finditer(args):
        toks.append(Tok(args[start : gap.start()], offset + start, offset + gap.start()))
        start = gap.end()
    toks.append(Tok(args[start:], offset + start, offset + len(args)))
    return toks


_NOT_STRINGS = "when using JSON array syntax, arrays must be comprised of strings only"


def _reject(value: str) -> object:
    raise ValueError(value)


def _number(value: str) -> float:
    number = float(value)
    if abs(number) == float("inf"):  # (not math.isinf: math is a shared library to load)
        raise ValueError(value)  # Go cannot hold it in a float64: not JSON to BuildKit
    return number


def _json_array(args: str) -> list[Tok] | str | None:
    """parseJSON: the strings of a JSON array, an error, or None (not JSON)."""
    if not args.startswith("["):
        return None
    import json  # only for the JSON form

    try:
        value = json.loads(args, parse_constant=_reject, parse_float=_number, parse_int=_number)
    except (ValueError, RecursionError):
        return None
    if not isinstance(value, list):
        return None
    if not all(isinstance(item, str) for item in value):
        return _NOT_STRINGS
    return [Tok(item, -1, -1) for item in value]


def _maybe_json(node: Node, args: str, offset: int) -> None:
    """parseMaybeJSON: a JSON array, else the whole rest as one argument."""
    if not args:
        return
    found = _json_array(args)
    if isinstance(found, str):
        node.error = found
    elif found is not None:
        node.args, node.json = found, True
    else:
        node.args = [Tok(args, offset, offset + len(args))]


def _words(rest: str, offset: int, esc: str) -> list[Tok]:
    """parseWords: words split on white space, quotes and escapes kept."""
    toks: list[Tok] = []
    word: list[str] = []
    in_spaces, in_word, in_quote = 0, 1, 2
    phase = in_spaces
    quote = ""
    blank_ok = False
    start = 0
    n = len(rest)
    pos = 0
    ch = ""
    while pos <= n:
        if pos != n:
            ch = rest[pos]
        if phase == in_spaces:
            if pos == n:
                break
            if ch in _SPACE:
                pos += 1
                continue
            phase = in_word
            start = pos
        if pos == n:
            if blank_ok or word:
                toks.append(Tok("".join(word), offset + start, offset + pos))
            break
        if phase == in_word:
            if ch in _SPACE:
                phase = in_spaces
                if blank_ok or word:
                    toks.append(Tok("".join(word), offset + start, offset + pos))
                word = []
                blank_ok = False
                pos += 1
                continue
            if ch == "'" or ch == '"':
                quote = ch
                blank_ok = True
                phase = in_quote
            if ch == esc:
                if pos + 1 == n:
                    pos += 1
                    continue
                word.append(ch)
                pos += 1
                ch = rest[pos]
            word.append(ch)
            pos += 1
            continue
        if ch == quote:
            phase = in_word
        if ch == esc and quote != "'":
            if pos + 1 == n:
                phase = in_word
                pos += 1
                continue
            pos += 1
            word.append(ch)
            ch = rest[pos]
        word.append(ch)
        pos += 1
    return toks


def _name_values(node: Node, rest: str, offset: int, esc: str) -> None:
    """parseNameVal (ENV, LABEL): ``key value`` or ``key=value ...``."""
    words = _words(rest, offset, esc)
    if not words:
        return
    key = node.lower.upper()
    if "=" not in words[0].text:
        parts = _WS.split(rest, maxsplit=1)
        if len(parts) < 2:
            node.error = f"{key} must have two arguments"
            return
        node.args = [Tok(parts[0], -1, -1), Tok(parts[1], -1, -1), Tok("", -1, -1)]
        return
    args: list[Tok] = []
    for word in words:
        if "=" not in word.text:
            node.error = (
                f"Syntax error - can't find = in {go_quote(word.text)}. "
                "Must be of the form: name=value"
            )
            return
        name, _, value = word.text.partition("=")
        args += [Tok(name, -1, -1), Tok(value, -1, -1), Tok("=", -1, -1)]
    node.args = args


def _health(node: Node, rest: str, offset: int) -> None:
    """parseHealthConfig: a type word, then a command as parseMaybeJSON reads it."""
    sep = 0
    while sep < len(rest) and rest[sep] not in _SPACE:
        sep += 1
    if sep == 0:
        return
    after = sep
    while after < len(rest) and rest[after] in _SPACE:
        after += 1
    command = Node(node.cmd)
    _maybe_json(command, rest[after:], offset + after)
    node.error = command.error
    node.json = command.json
    node.args = [Tok(rest[:sep], offset, offset + sep), *command.args]
