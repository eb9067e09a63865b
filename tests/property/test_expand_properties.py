"""Variable expansion against a small reference evaluator.

Hypothesis builds expressions of BuildKit's expansion language as trees, prints
them, and compares :func:`tagsense.sources._expand.expand` on the text with
:func:`evaluate` on the tree. The evaluator follows BuildKit's
``shell/lex.go`` rule by rule but shares no code with the module: it walks
the tree instead of scanning text, and it matches globs the way BuildKit
does, by translating them to a regular expression (Python's ``re`` here, Go's
``regexp`` there; both choose the match a backtracking matcher would), while
the module computes matches with its own table.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from tagsense.sources._expand import (
    ExpansionError,
    _compile,
    _Failure,
    _substitute,
    _trim_prefix,
    _trim_suffix,
    expand,
    shell_words,
)

ENV = {"A": "alpha", "B": "b.c-d.e", "E": "", "S": "x*y?z", "N": "a\nb", "D": "a.b.a.b"}
NAMES = ["A", "B", "E", "S", "N", "D", "U", "V"]  # U and V are unset

# --- the expression trees ----------------------------------------------------------------

# A tree node: ("lit", text), ("esc", char), ("sq", text), ("var", name, braced),
# ("dq", parts), ("mod" | "trim", name, op, word), ("repl", name, every, pattern, replacement)
Part = tuple[Any, ...]


class RefError(Exception):
    pass


# The characters a literal may hold, by where it stands (never "$", quotes or the
# escape character; never what ends the word being read).
BASE = "abcXY019.:-_@+,=!&"


def literal_chars(context: str, esc: str) -> str:
    extra = "\\" if esc == "`" else ""
    return {
        "top": BASE + "/*?#%{}" + extra,
        "word": BASE + "/*?#%{" + extra,
        "pattern": BASE + "/*?#%{" + extra,  # stops at "}"
        "rpattern": BASE + "*?#%{}" + extra,  # stops at "/"
        "replacement": BASE + "/#%{" + extra,  # stops at "}"
        "dq": BASE + "/*?#%{}'" + extra,
    }[context]


ESCAPED = {
    "top": "ab$'\"{}*",
    "word": "ab$'\"{}*",
    "pattern": "*?}ab",  # with "\": "\*" "\?" are literal, "\}" is "}", "\a" is an error
    "rpattern": "*?/a",
    "replacement": "ab}",
    "dq": '"$',
}


@st.composite
def parts(draw: st.DrawFn, context: str, esc: str, depth: int) -> list[Part]:
    count = draw(st.integers(0, 4))
    out: list[Part] = []
    for _ in range(count):
        kinds = ["lit", "lit", "var", "esc"]
        if context != "dq":
            kinds += ["sq", "dq"]
        if depth > 0:
            kinds += ["mod", "mod", "trim", "repl"]
        kind = draw(st.sampled_from(kinds))
        if kind == "lit":
            out.append(("lit", draw(st.text(literal_chars(context, esc), min_size=1, max_size=4))))
        elif kind == "esc":
            out.append(("esc", draw(st.sampled_from(ESCAPED[context] + esc))))
        elif kind == "sq":
            out.append(("sq", draw(st.text('ab$}"\\`{ *', max_size=4))))
        elif kind == "dq":
            out.append(("dq", draw(parts("dq", esc, depth - 1 if depth else 0))))
        elif kind == "var":
            out.append(("var", draw(st.sampled_from(NAMES)), draw(st.booleans())))
        elif kind == "mod":
            op = draw(st.sampled_from(["-", ":-", "+", ":+", "?", ":?"]))
            out.append(
                ("mod", draw(st.sampled_from(NAMES)), op, draw(parts("word", esc, depth - 1)))
            )
        elif kind == "trim":
            op = draw(st.sampled_from(["#", "##", "%", "%%"]))
            pattern = draw(parts("pattern", esc, depth - 1))
            out.append(("trim", draw(st.sampled_from(NAMES)), op, pattern))
        else:
            every = draw(st.booleans())
            pattern = draw(parts("rpattern", esc, depth - 1))
            if not every and not pattern:
                pattern = [("lit", "a")]  # "${V//r}" would read as "replace every"
            replacement = draw(parts("replacement", esc, depth - 1))
            out.append(("repl", draw(st.sampled_from(NAMES)), every, pattern, replacement))
    return out


# --- printing --------------------------------------------------------------------------------

NAME_CHAR = re.compile(r"[A-Za-z0-9_]")


def render(word: list[Part], esc: str) -> str:
    out: list[str] = []
    texts = [render_part(p, esc) for p in word]
    for i, part in enumerate(word):
        text = texts[i]
        if part[0] == "var" and not part[2]:
            following = texts[i + 1] if i + 1 < len(texts) else ""
            if following and NAME_CHAR.match(following[0]):
                text = "${" + part[1] + "}"
        out.append(text)
    return "".join(out)


def render_part(part: Part, esc: str) -> str:
    kind = part[0]
    if kind == "lit":
        return part[1]
    if kind == "esc":
        return esc + part[1]
    if kind == "sq":
        return "'" + part[1] + "'"
    if kind == "dq":
        return '"' + render(part[1], esc) + '"'
    if kind == "var":
        return "${" + part[1] + "}" if part[2] else "$" + part[1]
    if kind in ("mod", "trim"):
        return "${" + part[1] + part[2] + render(part[3], esc) + "}"
    _, name, every, pattern, replacement = part
    slash = "//" if every else "/"
    return "${" + name + slash + render(pattern, esc) + "/" + render(replacement, esc) + "}"


# --- the reference evaluator --------------------------------------------------------------------


def evaluate(word: list[Part], esc: str, raw: bool = False) -> tuple[str, set[str]]:
    text: list[str] = []
    unset: set[str] = set()
    for part in word:
        value, names = evaluate_part(part, esc, raw)
        text.append(value)
        unset |= names
    return "".join(text), unset


def evaluate_part(part: Part, esc: str, raw: bool) -> tuple[str, set[str]]:
    kind = part[0]
    if kind == "lit" or kind == "sq":
        return part[1], set()
    if kind == "esc":
        # Outside quotes the escape makes the next character literal; raw words
        # (globs, replacements) keep the escape for the glob to read.
        return (esc + part[1] if raw else part[1]), set()
    if kind == "dq":
        out: list[str] = []
        names: set[str] = set()
        for inner in part[1]:
            if inner[0] == "esc":
                out.append(esc + inner[1] if raw else inner[1])
            else:
                value, found = evaluate_part(inner, esc, raw)
                out.append(value)
                names |= found
        return "".join(out), names
    name = part[1]
    value = ENV.get(name)
    if kind == "var":
        return (value or ""), ({name} if value is None else set())
    if kind == "mod":
        op = part[2]
        word, word_unset = evaluate(part[3], esc)
        empty = value is None or (op.startswith(":") and value == "")
        if op.endswith("-"):
            return (word, word_unset) if empty else (value, set())
        if op.endswith("+"):
            return ("", set()) if empty else (word, word_unset)
        if empty:
            raise RefError(name)
        return value, set()
    unset = {name} if value is None else set()
    value = value or ""
    if kind == "trim":
        op = part[2]
        pattern, names = evaluate(part[3], esc, raw=True)
        word = op[1:] + pattern
        greedy = word.startswith(op[0])
        if greedy:
            word = word[1:]
        if op[0] == "#":
            return trim_prefix(word, value, greedy), unset | names
        return trim_prefix(reverse_pattern(word), value[::-1], greedy)[::-1], unset | names
    _, _, every, pattern_parts, replacement_parts = part
    pattern, p_names = evaluate(pattern_parts, esc, raw=True)
    replacement, r_names = evaluate(replacement_parts, esc, raw=True)
    rx = go_regex(pattern, greedy=True, anchored=False)
    if every:
        return go_replace_all(rx, value, replacement), unset | p_names | r_names
    m = rx.search(value)
    if m is not None:
        value = value[: m.start()] + replacement + value[m.end() :]
    return value, unset | p_names | r_names


def go_regex(pattern: str, *, greedy: bool, anchored: bool) -> re.Pattern[str]:
    """convertShellPatternToRegex, for Python's re."""
    if pattern.startswith("\ufeff"):
        pattern = pattern[1:]
    out = ["^"] if anchored else []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        i += 1
        if c == "*":
            out.append(".*" if greedy else ".*?")
        elif c == "?":
            out.append(".")
        elif c == "\\":
            if i < len(pattern) and pattern[i] in "}/":
                continue
            if i >= len(pattern) or pattern[i] not in "*?\\":
                raise RefError("invalid escape")
            out.append("\\" + pattern[i])
            i += 1
        elif c in "[]{}.+()|^$":
            out.append("\\" + c)
        else:
            out.append(c)
    return re.compile("".join(out))


def trim_prefix(pattern: str, value: str, greedy: bool) -> str:
    m = go_regex(pattern, greedy=greedy, anchored=True).match(value)
    return value if m is None else value[m.end() :]


def reverse_pattern(pattern: str) -> str:
    tokens: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\" and i + 1 < len(pattern):
            tokens.append(pattern[i : i + 2])
            i += 2
        else:
            tokens.append(pattern[i])
            i += 1
    return "".join(reversed(tokens))


def go_replace_all(rx: re.Pattern[str], value: str, replacement: str) -> str:
    """Go's ReplaceAllString: an empty match just after a match is not replaced."""
    out: list[str] = []
    last = search = 0
    while search <= len(value):
        m = rx.search(value, search)
        if m is None:
            break
        a, b = m.span()
        out.append(value[last:a])
        if b > last or a == 0:
            out.append(go_template(replacement, m.group()))
        last = b
        search = search + 1 if search + 1 > b else b
    out.append(value[last:])
    return "".join(out)


TEMPLATE = re.compile(r"\$(?:(\$)|\{(\w+)\}|(\w+))", re.UNICODE)


def go_template(template: str, match: str) -> str:
    """Regexp.Expand with no groups: $$ is $, $0 / ${0} the match, other names nothing."""

    def one(m: re.Match[str]) -> str:
        if m.group(1):
            return "$"
        name = m.group(2) or m.group(3)
        return match if name == "0" else ""

    return TEMPLATE.sub(one, template)


# --- the properties -------------------------------------------------------------------


@st.composite
def expressions(draw: st.DrawFn) -> tuple[list[Part], str]:
    esc = draw(st.sampled_from(["\\", "\\", "`"]))
    return draw(parts("top", esc, 3)), esc


@given(expressions())
@example(([("trim", "D", "%", [("lit", ".*")])], "\\"))
@example(([("trim", "D", "##", [("lit", "*.")])], "\\"))
@example(([("repl", "B", True, [("lit", "*")], [("lit", "x")])], "\\"))
@example(([("repl", "N", True, [("lit", "*")], [("lit", "x")])], "\\"))
@example(([("trim", "S", "#", [("esc", "*")])], "\\"))
@example(([("mod", "A", ":-", [("mod", "U", ":?", [])])], "\\"))
def test_expand_agrees_with_the_reference(case: tuple[list[Part], str]) -> None:
    word, esc = case
    text = render(word, esc)
    try:
        expected: tuple[str, set[str]] | None = evaluate(word, esc)
    except RefError:
        expected = None
    try:
        expansion = expand(text, ENV, escape=esc)
    except ExpansionError:
        assert expected is None, text
        return
    assert expected is not None, text
    assert (expansion.text, set(expansion.unset)) == expected, text


def test_examples_by_hand() -> None:
    cases = {
        "$A": "alpha",
        "${A}-$B": "alpha-b.c-d.e",
        "${U:-x}${E:-y}${E-z}": "xy",
        "${A:+x}${E:+y}${E+z}": "xz",
        "${D#*.}": "b.a.b",
        "${D##*.}": "b",
        "${D%.*}": "a.b.a",
        "${D%%.*}": "a",
        "${D/a/X}": "X.b.a.b",
        "${D//a/X}": "X.b.X.b",
        "${D//?/-}": "-------",
        "${S#x\\*}": "y?z",
        "${A:-'}'}": "alpha",
        "${U:-'}'}": "}",
        '"$A"': "alpha",
        "'$A'": "$A",
        "\\$A": "$A",
        "$": "$",
        "a$-b": "ab",  # $- is a special parameter: unset
        "$1x": "x",
        "${B//./_}": "b_c-d_e",
        "${B//\\*/_}": "b.c-d.e",
        "${D//*/X}": "X",  # the empty match after the whole value is skipped (Go)
        "${E//*/X}": "X",
        "${D//a/[\\$0]}": "[\\a].b.[\\a].b",  # Go's template: $0 is the match
        "${D/a/[\\$0]}": "[\\$0].b.a.b",  # the first match only: used as it is
    }
    for text, expected in cases.items():
        assert expand(text, ENV).text == expected, text


def test_errors_by_hand() -> None:
    cases = {
        "${": "syntax error: missing '}'",
        "${A": "unsupported modifier (\ufffd) in substitution",
        "${}": "syntax error: bad substitution",
        "${:-x}": "syntax error: bad substitution",
        "${{A}}": "syntax error: bad substitution",
        "${A:1}": "unsupported modifier (:1) in substitution",
        "${A:#x}": "unsupported modifier (:#) in substitution",
        "${A^^}": "unsupported modifier (^) in substitution",
        "${A:-x": "syntax error: missing '}'",
        "${A/x": "syntax error: missing '/' in ${}",
        "${A/x/y": "syntax error: missing '}'",
        "${U?}": "U: is not allowed to be unset",
        "${E:?}": "E: is not allowed to be empty",
        "${U:?set it}": "U: set it",
        "${A#\\a}": "invalid pattern (\\a) in substitution: invalid escape '\\a'",
        "${A%a\\b}": "invalid pattern (\\ba) in substitution: invalid escape '\\b'",
        "'abc": "unexpected end of statement while looking for matching single-quote",
        '"abc': "unexpected end of statement while looking for matching double-quote",
    }
    for text, message in cases.items():
        try:
            expand(text, ENV)
        except ExpansionError as error:
            assert str(error).endswith(": " + message), (text, str(error))
        else:
            raise AssertionError(f"{text!r} expanded")


def test_unset_tracks_only_what_went_into_the_text() -> None:
    assert expand("${U}${A:-$V}", ENV).unset == ("U",)
    assert expand("${U:-$V}", ENV).unset == ("V",)
    assert expand("${U+$V}${A:+$V}", ENV).unset == ("V",)
    assert expand("${U#x}", ENV).unset == ("U",)
    assert expand("${A}", ENV).used == ("A",)


def test_escape_token_backtick() -> None:
    assert expand("`$A\\", ENV, escape="`").text == "$A\\"
    assert expand('"`"`$A"', ENV, escape="`").text == '"$A'


def test_words_keep_quotes_and_escapes_when_raw() -> None:
    line = 'RUN cat <<EOF >x; echo "a b" <<-"E2" \'c d\'\\ e'
    assert shell_words(line, raw_quotes=True, raw_escapes=True) == [
        "RUN",
        "cat",
        "<<EOF",
        ">x;",
        "echo",
        '"a b"',
        '<<-"E2"',
        "'c d'\\ e",
    ]
    assert shell_words('"E O"') == ["E O"]
    assert shell_words("$X ${Y:-a b}") == ["$X", "${Y:-a", "b}"]


# --- the glob matcher against re -------------------------------------------------------------

GLOB = st.text("ab*?\\\n.", max_size=6)
VALUE = st.text("ab\n.*", max_size=12)


def outcome(call: object) -> object:
    try:
        return call()
    except (_Failure, RefError):
        return "error"


@given(GLOB, VALUE, st.booleans())
@example("*", "ab\nab", True)
@example("a*", "aab", False)
@example("\\", "a", True)
def test_prefix_and_suffix_trims_match_re(pattern: str, value: str, greedy: bool) -> None:
    assert outcome(lambda: _trim_prefix(pattern, value, greedy)) == outcome(
        lambda: trim_prefix(pattern, value, greedy)
    )
    assert outcome(lambda: _trim_suffix(pattern, value, greedy)) == outcome(
        lambda: trim_prefix(reverse_pattern(pattern), value[::-1], greedy)[::-1]
    )


@given(GLOB, VALUE, st.booleans())
@example("*", "abc", True)
@example("b*", "abbcb", True)
@example("", "ab", True)
def test_substitution_matches_re(pattern: str, value: str, every: bool) -> None:
    def ours() -> str:
        return _substitute(value, _compile(pattern), "X", replace_all=every)

    def theirs() -> str:
        rx = go_regex(pattern, greedy=True, anchored=False)
        if every:
            return go_replace_all(rx, value, "X")
        m = rx.search(value)
        return value if m is None else value[: m.start()] + "X" + value[m.end() :]

    assert outcome(ours) == outcome(theirs)


def test_hostile_patterns_stay_fast() -> None:
    # A backtracking matcher takes exponential time here; the table does not.
    value = "a" * 3000
    pattern = "*a" * 12 + "b"
    assert _trim_prefix(pattern, value, False) == value
    assert _trim_suffix(pattern, value, True) == value
    assert _substitute(value, _compile(pattern), "x", replace_all=True) == value


# --- anything at all ------------------------------------------------------------------


@given(st.text(max_size=60), st.sampled_from(["\\", "`"]))
@example("${a:-${b:-${c:-" * 80, "\\")
@example("\ufeff$A", "\\")
def test_expand_raises_only_expansion_errors(text: str, esc: str) -> None:
    try:
        result = expand(text, ENV, escape=esc)
    except ExpansionError:
        return
    assert isinstance(result.text, str)


@given(st.text(max_size=60))
def test_shell_words_raises_only_expansion_errors(text: str) -> None:
    try:
        words = shell_words(text, raw_quotes=True, raw_escapes=True)
    except ExpansionError:
        return
    assert all(isinstance(w, str) and w for w in words)
