"""Variable expansion as BuildKit's Dockerfile frontend does it (``shell.Lex``).

One pure function does the work, :func:`expand`; :func:`shell_words` is the
same lexer splitting a line into words, which the Dockerfile parser needs to
find heredocs.

The language (BuildKit's ``frontend/dockerfile/shell/lex.go``)::

    $NAME  ${NAME}                       the value; "" when unset
    ${NAME:-word}  ${NAME-word}          word when NAME is unset (":": or empty)
    ${NAME:+word}  ${NAME+word}          word when NAME is set (":": and not empty)
    ${NAME:?word}  ${NAME?word}          an error when NAME is unset (":": or empty)
    ${NAME#glob}  ${NAME##glob}          NAME without its shortest / longest prefix
    ${NAME%glob}  ${NAME%%glob}          NAME without its shortest / longest suffix
    ${NAME/glob/s}  ${NAME//glob/s}      the first / every match of glob replaced

Anything else after a name (``${NAME:1}``, ``${NAME^^}``, ``${NAME:#x}``) is an
error, as are ``${}``, ``${:x}`` and a missing ``}``. Single and double quotes
are removed (``$`` still expands inside double quotes); the escape character
(``\\`` or, after ``# escape=``, a backtick) makes the next character literal.
Names are a run of letters, digits and ``_``, a run of digits, or one of
``@*#?-$!0``; a ``$`` followed by none of these stays a ``$``.

Globs (``#``, ``%``, ``/``): ``*`` is any run of characters and ``?`` any one
character, neither crossing a newline; ``\\*``, ``\\?`` and ``\\\\`` are
literal; ``\\}`` and ``\\/`` are ``}`` and ``/``; any other escape is an error.
BuildKit turns the glob into a Go regular expression and lets it choose the
match as a backtracking matcher would; this module computes the same match
with a table over the positions of the value (linear in its length for each
wildcard), so a hostile pattern cannot make it backtrack exponentially.

Quirks kept on purpose, because BuildKit has them: ``${N//p/r}`` reads ``$0``
in ``r`` as the matched text and ``$1``/``$name`` as nothing (Go's
``Regexp.ReplaceAllString`` template), while ``${N/p/r}`` uses ``r`` as it is;
a byte-order mark at the start of a word or pattern is dropped (Go's
``text/scanner``); splitting into words shares one buffer across nested
``${...}`` (what came before a nested expansion is lost from the word).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["GO_SPACES", "Expansion", "ExpansionError", "expand", "shell_words"]

#: Go's ``unicode.IsSpace``: Python's ``str.isspace`` also takes U+001C..U+001F.
GO_SPACES = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_SPACE = frozenset(GO_SPACES)
_SPECIAL_PARAMS = frozenset("@*#?-$!0")
_MODIFIERS = frozenset("+-?#%")
_EOF = "\ufffd"  # how Go prints rune(-1), the scanner's EOF, in a message
_BOM = "\ufeff"
# Go has no limit (its stacks grow); this keeps Python off its recursion limit.
_MAX_DEPTH = 200
# Nor on sizes: "ARG A1=$A0$A0" chained doubles a value each time, and a glob
# table has a cell per token and position. Past these, BuildKit runs out of
# memory; here the expansion is an error.
_MAX_TEXT = 1 << 20
_MAX_CELLS = 20_000_000

_LIT, _ANY, _STAR = 0, 1, 2


class ExpansionError(ValueError):
    """What BuildKit rejects; ``str()`` is BuildKit's message."""


class _Failure(Exception):
    # Inside the lexer, before the top level adds 'failed to process "word"'.
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Expansion:
    """An expanded word, and the variables its value came from: set and unset."""

    __slots__ = ("text", "unset", "used")

    def __init__(self, text: str, unset: tuple[str, ...], used: tuple[str, ...] = ()) -> None:
        self.text = text
        self.unset = unset
        self.used = used

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Expansion):
            return NotImplemented
        return (self.text, self.unset, self.used) == (other.text, other.unset, other.used)

    def __hash__(self) -> int:
        return hash((self.text, self.unset, self.used))

    def __repr__(self) -> str:
        return f"Expansion(text={self.text!r}, unset={self.unset!r}, used={self.used!r})"


def expand(word: str, env: Mapping[str, str], *, escape: str = "\\") -> Expansion:
    """Expand ``word`` as BuildKit's ``ProcessWord`` does with ``env``.

    ``unset`` names the variables that had no value where one was substituted
    (``$V``, ``${V}``, ``${V#p}``, ``${V%p}``, ``${V/p/r}``); the forms that
    handle an unset variable themselves (``-``, ``+``, ``?``) do not count, nor
    do variables inside a default that was not used. ``used`` names the set
    variables whose values went into the text. Raises :class:`ExpansionError`
    with BuildKit's message.

    >>> expand("golang:${GO%.*}-alpine${ALPINE}", {"GO": "1.22.5"})
    Expansion(text='golang:1.22-alpine', unset=('ALPINE',), used=('GO',))
    """
    if (
        "$" not in word
        and "'" not in word
        and '"' not in word
        and escape not in word
        and not word.startswith(_BOM)
    ):
        return Expansion(word, ())
    lexer = _Lexer(word, env, escape, track_words=False)
    try:
        text = lexer.top()
    except _Failure as failure:
        raise ExpansionError(f"failed to process {go_quote(word)}: {failure.message}") from None
    unset = tuple(dict.fromkeys(name for name, found in lexer.refs if not found))
    used = tuple(dict.fromkeys(name for name, found in lexer.refs if found))
    return Expansion(text, unset, used)


def shell_words(
    line: str,
    *,
    escape: str = "\\",
    raw_quotes: bool = False,
    raw_escapes: bool = False,
    skip_unset: bool = True,
) -> list[str]:
    """Split ``line`` into words as BuildKit's ``ProcessWords`` does (no variables set).

    With ``skip_unset`` a variable stays as written (``$V``, ``${V:-x}``);
    ``raw_quotes`` and ``raw_escapes`` keep quotes and escape characters in the
    words. Raises :class:`ExpansionError`.
    """
    lexer = _Lexer(line, {}, escape, track_words=True)
    lexer.raw_quotes = raw_quotes
    lexer.raw_escapes = raw_escapes
    lexer.skip_unset = skip_unset
    try:
        lexer.top()
    except _Failure as failure:
        raise ExpansionError(f"failed to process {go_quote(line)}: {failure.message}") from None
    return lexer.words_out


def go_quote(text: str) -> str:
    """Go's ``%q`` of a string (what BuildKit's messages show)."""
    out = ['"']
    for ch in text:
        if ch == '"' or ch == "\\":
            out.append("\\" + ch)
        elif ch.isprintable():
            out.append(ch)
        elif ch in _NAMED_ESCAPES:
            out.append(_NAMED_ESCAPES[ch])
        elif ord(ch) < 0x80:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) < 0x10000:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    out.append('"')
    return "".join(out)


_NAMED_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
}


class _Lexer:
    """BuildKit's ``shellWord``: one pass over the word, recursing into ``${...}``."""

    __slots__ = (
        "depth",
        "env",
        "esc",
        "i",
        "n",
        "raw_escapes",
        "raw_quotes",
        "refs",
        "s",
        "skip_unset",
        "track",
        "wbuf",
        "words_out",
    )

    def __init__(self, text: str, env: Mapping[str, str], esc: str, *, track_words: bool) -> None:
        if text.startswith(_BOM):
            text = text[1:]  # text/scanner skips a byte-order mark at the start
        self.s = text
        self.n = len(text)
        self.i = 0
        self.env = env
        self.esc = esc
        self.raw_quotes = False
        self.raw_escapes = False
        self.skip_unset = False
        self.track = track_words
        # (name, found) for each substitution whose value went into the result
        self.refs: list[tuple[str, bool]] = []
        self.wbuf: list[str] = []  # shared by nested calls, as in BuildKit
        self.words_out: list[str] = []
        self.depth = 0

    def top(self) -> str:
        text, words = self.stop_on("", self.raw_escapes)
        self.words_out = words
        return text

    def stop_on(self, stop: str, raw_escapes: bool) -> tuple[str, list[str]]:
        """``processStopOn``: up to ``stop`` (consumed), or the end when ``stop`` is ""."""
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise _Failure("expansion nested too deeply")
        saved = self.raw_escapes
        self.raw_escapes = raw_escapes
        try:
            return self._stop_on(stop, raw_escapes)
        finally:
            self.raw_escapes = saved
            self.depth -= 1

    def _stop_on(self, stop: str, raw_escapes: bool) -> tuple[str, list[str]]:
        s, n, esc, track = self.s, self.n, self.esc, self.track
        result: list[str] = []
        words: list[str] = []
        wbuf = self.wbuf
        wbuf.clear()
        in_word = False
        size = 0
        while self.i < n:
            ch = s[self.i]
            if ch == stop:
                self.i += 1
                if track and wbuf:
                    words.append("".join(wbuf))
                    wbuf.clear()
                return "".join(result), words
            if ch == "$":
                tmp = self.dollar()
                size += len(tmp)
                if size > _MAX_TEXT:
                    raise _Failure("expanded text too long")
                result.append(tmp)
                if track:
                    # words.addString: the value is split on white space
                    for c in tmp:
                        if c in _SPACE:
                            if in_word and wbuf:
                                words.append("".join(wbuf))
                                wbuf.clear()
                                in_word = False
                        else:
                            wbuf.append(c)
                            in_word = True
                continue
            if ch == "'" or ch == '"':
                tmp = self.single_quote() if ch == "'" else self.double_quote()
                size += len(tmp)
                if size > _MAX_TEXT:
                    raise _Failure("expanded text too long")
                result.append(tmp)
                if track:
                    wbuf.append(tmp)
                    in_word = True
                continue
            self.i += 1
            if ch == esc:
                if raw_escapes:
                    result.append(ch)
                    if track:
                        wbuf.append(ch)
                        in_word = True
                if self.i >= n:
                    break  # an escape at the very end is dropped
                ch = s[self.i]
                self.i += 1
                if track:
                    wbuf.append(ch)
                    in_word = True
            elif track:
                if ch in _SPACE:
                    if in_word and wbuf:
                        words.append("".join(wbuf))
                        wbuf.clear()
                        in_word = False
                else:
                    wbuf.append(ch)
                    in_word = True
            result.append(ch)
        if stop:
            raise _Failure(f"unexpected end of statement while looking for matching {stop}")
        if track and wbuf:
            words.append("".join(wbuf))
            wbuf.clear()
        return "".join(result), words

    def single_quote(self) -> str:
        s, n = self.s, self.n
        self.i += 1
        start = self.i
        end = s.find("'", start)
        if end < 0:
            self.i = n
            raise _Failure("unexpected end of statement while looking for matching single-quote")
        self.i = end + 1
        if self.raw_quotes:
            return "'" + s[start:end] + "'"
        return s[start:end]

    def double_quote(self) -> str:
        s, n, esc = self.s, self.n, self.esc
        self.i += 1
        out = ['"'] if self.raw_quotes else []
        size = 0
        while True:
            if self.i >= n:
                raise _Failure(
                    "unexpected end of statement while looking for matching double-quote"
                )
            ch = s[self.i]
            if ch == '"':
                self.i += 1
                if self.raw_quotes:
                    out.append('"')
                return "".join(out)
            if ch == "$":
                out.append(self.dollar())
                size += len(out[-1])
                if size > _MAX_TEXT:
                    raise _Failure("expanded text too long")
                continue
            self.i += 1
            if ch == esc:
                if self.raw_escapes:
                    out.append(ch)
                if self.i >= n:
                    continue  # the error for the missing quote comes next
                nxt = s[self.i]
                if nxt == '"' or nxt == "$" or nxt == esc:
                    ch = nxt
                    self.i += 1
            out.append(ch)

    def name(self) -> str:
        """``processName``: letters/digits/_, or a run of digits, or one special."""
        s, n, i = self.s, self.n, self.i
        if i >= n:
            return ""
        ch = s[i]
        if ch.isdecimal():
            j = i + 1
            while j < n and s[j].isdecimal():
                j += 1
            self.i = j
            return s[i:j]
        if ch in _SPECIAL_PARAMS:
            self.i = i + 1
            return ch
        j = i
        while j < n:
            c = s[j]
            if c == "_" or c.isalpha() or c.isdecimal():
                j += 1
            else:
                break
        self.i = j
        return s[i:j]

    def lookup(self, name: str) -> str | None:
        return self.env.get(name)

    def dollar(self) -> str:
        s, n = self.s, self.n
        self.i += 1  # the '$'
        if self.i >= n or s[self.i] != "{":
            name = self.name()
            if not name:
                return "$"
            value = self.lookup(name)
            if value is None:
                if self.skip_unset:
                    return "$" + name
                self.refs.append((name, False))
                return ""
            self.refs.append((name, True))
            return value
        self.i += 1  # the '{'
        if self.i >= n:
            raise _Failure("syntax error: missing '}'")
        if s[self.i] in "{}:":
            raise _Failure("syntax error: bad substitution")
        name = self.name()
        ch = s[self.i] if self.i < n else ""
        self.i += 1 if ch else 0
        if ch == "}":
            value = self.lookup(name)
            if value is None:
                if self.skip_unset:
                    return "${" + name + "}"
                self.refs.append((name, False))
                return ""
            self.refs.append((name, True))
            return value
        if ch == ":":
            ch = s[self.i] if self.i < n else ""
            self.i += 1 if ch else 0
            # Go falls through to the modifiers whatever follows the ':'.
            return self.modifier(name, ch, ":" + (ch or _EOF), null_is_unset=True)
        if ch in _MODIFIERS:
            return self.modifier(name, ch, ch, null_is_unset=False)
        if ch == "/":
            return self.replace(name)
        raise _Failure(f"unsupported modifier ({ch or _EOF}) in substitution")

    def modifier(self, name: str, ch: str, chs: str, *, null_is_unset: bool) -> str:
        is_pattern = ch == "#" or ch == "%"
        if null_is_unset and is_pattern:
            raise _Failure(f"unsupported modifier ({chs}) in substitution")
        mark = len(self.refs)
        try:
            word, _ = self.stop_on("}", is_pattern)
        except _Failure:
            if self.i >= self.n:
                raise _Failure("syntax error: missing '}'") from None
            raise
        value = self.lookup(name)
        if self.skip_unset and value is None:
            return "${" + name + chs + word + "}"
        empty = value is None or (null_is_unset and not value)
        if ch == "-":
            if empty:
                return word
            del self.refs[mark:]
            self.refs.append((name, True))
            assert value is not None
            return value
        if ch == "+":
            if empty:
                del self.refs[mark:]
                return ""
            return word
        if ch == "?":
            del self.refs[mark:]
            if value is None:
                raise _Failure(f"{name}: {word or 'is not allowed to be unset'}")
            if null_is_unset and not value:
                raise _Failure(f"{name}: {word or 'is not allowed to be empty'}")
            self.refs.append((name, True))
            return value
        if is_pattern:
            self.refs.append((name, value is not None))
            if value is None:
                value = ""
            greedy = word.startswith(ch)
            if greedy:
                word = word[1:]
            if ch == "%":
                return _trim_suffix(word, value, greedy)
            return _trim_prefix(word, value, greedy)
        raise _Failure(f"unsupported modifier ({chs}) in substitution")

    def replace(self, name: str) -> str:
        replace_all = self.i < self.n and self.s[self.i] == "/"
        if replace_all:
            self.i += 1
        try:
            pattern, _ = self.stop_on("/", True)
        except _Failure:
            if self.i >= self.n:
                raise _Failure("syntax error: missing '/' in ${}") from None
            raise
        try:
            replacement, _ = self.stop_on("}", True)
        except _Failure:
            if self.i >= self.n:
                raise _Failure("syntax error: missing '}'") from None
            raise
        value = self.lookup(name)
        if value is None and self.skip_unset:
            return "${" + name + "/" + pattern + "/" + replacement + "}"
        self.refs.append((name, value is not None))
        glob = _compile(pattern)
        if value is None:
            value = ""
        return _substitute(value, glob, replacement, replace_all=replace_all)


# --- globs --------------------------------------------------------------------


class _Glob:
    """A compiled glob: each token's kind, and one character per token (unused for wildcards)."""

    __slots__ = ("chars", "kinds")

    def __init__(self, kinds: tuple[int, ...], chars: str) -> None:
        self.kinds = kinds
        self.chars = chars


_GLOBS: dict[str, _Glob | str] = {}


def _compile(pattern: str) -> _Glob:
    """``convertShellPatternToRegex``, as a token list (cached; errors too)."""
    cached = _GLOBS.get(pattern)
    if cached is None:
        cached = _compile_uncached(pattern)
        if len(_GLOBS) > 4096:
            _GLOBS.clear()
        _GLOBS[pattern] = cached
    if isinstance(cached, str):
        raise _Failure(f"invalid pattern ({pattern}) in substitution: {cached}")
    return cached


def _compile_uncached(pattern: str) -> _Glob | str:
    text = pattern[1:] if pattern.startswith(_BOM) else pattern
    kinds: list[int] = []
    chars: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        i += 1
        if ch == "*":
            kinds.append(_STAR)
            chars.append("*")
            continue
        if ch == "?":
            kinds.append(_ANY)
            chars.append("?")
            continue
        if ch == "\\":
            nxt = text[i] if i < n else ""
            if nxt == "}" or nxt == "/":
                continue  # the escape only kept ${...} together
            i += 1
            if nxt not in ("*", "?", "\\"):
                return f"invalid escape '\\{nxt or _EOF}'"
            ch = nxt
        kinds.append(_LIT)
        chars.append(ch)
    return _Glob(tuple(kinds), "".join(chars))


def _tables(value: str, glob: _Glob) -> list[bytearray]:
    """``tables[k][p]``: can tokens ``k:`` match starting at position ``p``."""
    n = len(value)
    if (len(glob.kinds) + 1) * (n + 1) > _MAX_CELLS:
        raise _Failure("pattern too long for the value")
    after = bytearray(b"\x01") * (n + 1)
    tables = [after]
    for k in range(len(glob.kinds) - 1, -1, -1):
        kind = glob.kinds[k]
        cur = bytearray(n + 1)
        if kind == _LIT:
            c = glob.chars[k]
            p = value.find(c)
            while p >= 0:
                cur[p] = after[p + 1]
                p = value.find(c, p + 1)
        elif kind == _ANY:
            for p in range(n):
                cur[p] = after[p + 1] and value[p] != "\n"
        else:
            cur[n] = after[n]
            for p in range(n - 1, -1, -1):
                cur[p] = after[p] or (cur[p + 1] and value[p] != "\n")
        tables.append(cur)
        after = cur
    tables.reverse()
    return tables


def _walk(value: str, start: int, glob: _Glob, tables: list[bytearray], greedy: bool) -> int:
    """The end of the match a backtracking matcher finds from ``start`` (feasible)."""
    p = start
    for k, kind in enumerate(glob.kinds):
        if kind != _STAR:
            p += 1
            continue
        after = tables[k + 1]
        limit = value.find("\n", p)
        if limit < 0:
            limit = len(value)
        if greedy:
            e = limit
            while not after[e]:
                e -= 1
        else:
            e = p
            while not after[e]:
                e += 1
        p = e
    return p


def _trim_prefix(pattern: str, value: str, greedy: bool) -> str:
    glob = _compile(pattern)
    tables = _tables(value, glob)
    if not tables[0][0]:
        return value
    return value[_walk(value, 0, glob, tables, greedy) :]


def _reverse_pattern(pattern: str) -> str:
    # Reverse, keeping each escape before the character it escapes.
    out = [""] * len(pattern)
    last = len(pattern) - 1
    i = 0
    while i <= last:
        ch = pattern[i]
        j = last - i
        if ch == "\\" and i != last:
            out[j - 1] = ch
            out[j] = pattern[i + 1]
            i += 2
        else:
            out[j] = ch
            i += 1
    return "".join(out)


def _trim_suffix(pattern: str, value: str, greedy: bool) -> str:
    # As BuildKit: a leftmost match over the reversed value and pattern.
    return _trim_prefix(_reverse_pattern(pattern), value[::-1], greedy)[::-1]


def _substitute(value: str, glob: _Glob, replacement: str, *, replace_all: bool) -> str:
    tables = _tables(value, glob)
    starts = tables[0]
    n = len(value)
    if not replace_all:
        for a in range(n + 1):
            if starts[a]:
                b = _walk(value, a, glob, tables, True)
                return value[:a] + replacement + value[b:]
        return value
    # Go's Regexp.ReplaceAllString: an empty match right after a match is skipped.
    out: list[str] = []
    last_end = 0
    search = 0
    size = 0
    while search <= n:
        a = search
        while a <= n and not starts[a]:
            a += 1
        if a > n:
            break
        b = _walk(value, a, glob, tables, True)
        out.append(value[last_end:a])
        if b > last_end or a == 0:
            out.append(_go_template(replacement, value[a:b]))
            size += len(out[-1]) + a - last_end
            if size > _MAX_TEXT:
                raise _Failure("expanded text too long")
        last_end = b
        search = search + 1 if search + 1 > b else b
    out.append(value[last_end:])
    return "".join(out)


def _go_template(template: str, match: str) -> str:
    """Go's ``Regexp.Expand`` for a pattern with no groups: ``$0`` is the match."""
    if "$" not in template:
        return template
    out: list[str] = []
    rest = template
    while True:
        i = rest.find("$")
        if i < 0:
            break
        out.append(rest[:i])
        rest = rest[i + 1 :]
        if rest.startswith("$"):
            out.append("$")
            rest = rest[1:]
            continue
        parsed = _template_name(rest)
        if parsed is None:
            out.append("$")
            continue
        number, rest = parsed
        if number == 0:
            out.append(match)
    out.append(rest)
    return "".join(out)


def _template_name(text: str) -> tuple[int, str] | None:
    brace = text.startswith("{")
    if brace:
        text = text[1:]
    i = 0
    while i < len(text) and (text[i] == "_" or text[i].isalpha() or text[i].isdecimal()):
        i += 1
    if i == 0:
        return None
    name = text[:i]
    if brace:
        if i >= len(text) or text[i] != "}":
            return None
        i += 1
    number = -1
    if name.isascii() and name.isdigit() and not (name[0] == "0" and len(name) > 1):
        number = int(name) if len(name) <= 8 else -1
    return number, text[i:]
