"""Condition language properties: generated trees round-trip, evaluate as a plain evaluator
says, and no text makes compile_condition raise anything but InvalidCondition.

The trees here are the test's own (tuples), written out as text by the test's own printers
(a canonical one and a sloppy one: any spacing, either quote, redundant parentheses) and
evaluated by :func:`evaluate`, a direct reading of the documented semantics that shares no
code with tagsense.policy.expr.
"""

from __future__ import annotations

import datetime
import random
import re
from typing import Any, TypeAlias

from hypothesis import example, given
from hypothesis import strategies as st
from packaging.version import InvalidVersion, Version

from tagsense._glob import compile_glob
from tagsense.policy.expr import FIELDS, InvalidCondition, compile_condition

# --- the test's trees ---------------------------------------------------------------
# literal: ("string", str) | ("number", str) | ("date", date) | ("none",) | ("list", (lit, ...))
# node:    ("const", bool) | ("cmp", field, op, literal) | ("contains", str, op, field)
#          | ("not", node) | ("and", (node, ...)) | ("or", (node, ...))
Tree: TypeAlias = tuple[Any, ...]

TEXT_FIELDS = [
    "registry",
    "namespace",
    "app",
    "repository",
    "tag",
    "digest",
    "precision",
    "prerelease",
    "os.family",
    "os.codename",
    "alias",
    "arch",
    "kind",
    "path",
]
VERSION_FIELDS = ["version", "os.version"]
LIST_FIELDS = ["flavours", "variants"]
ORDERINGS = ["<", "<=", ">", ">="]

# Values shared by literals and subjects, so that comparisons often hold.
TEXTS = (
    st.sampled_from(
        ["", "a", "b", "latest", "docker.io", "acme/api", "a/b", "debian", "7.0", 'say "hi"']
    )
    | st.sampled_from(
        ["it's", "back\\slash", "\\d", "end\\", "tab\there", "new\nline", "é", "\\\\n"]
    )
    | st.text(max_size=5)
)
VERSIONS = (
    st.sampled_from(
        ["7", "7.0", "7.0.0", "7.1", "12", "3.19", "3.2", "8u392", "8.0.392", "1.0rc1", "1.0"]
    )
    | st.sampled_from(
        ["v1.0", "2024.01", "17.0.9_9", "ltsc2022", "2022 (10.0.20348)", "edge", "0", "", "x9"]
    )
    | st.lists(st.integers(0, 20), min_size=1, max_size=4).map(lambda ns: ".".join(map(str, ns)))
)
NUMBERS = st.sampled_from(["7", "7.0", "12", "3.19", "3.2", "8.0.392", "1", "1.0", "0", "007"]) | (
    st.lists(st.integers(0, 20), min_size=1, max_size=4).map(lambda ns: ".".join(map(str, ns)))
)
DATES = st.sampled_from(
    [datetime.date(2024, 8, 14), datetime.date(2026, 1, 1), datetime.date(2022, 9, 10)]
) | st.dates(datetime.date(2000, 1, 1), datetime.date(2040, 12, 31))
NAMES = st.sampled_from(["slim", "jdk", "alpine", "nonroot", "", "a b"])
GLOBS = st.lists(
    st.sampled_from(["a", "b", "7", ".", "/", "*", "?", "[ab]", "[^a]", "[0-9]", "\\*", "é"]),
    max_size=5,
).map("".join)
REGEXES = st.lists(
    st.sampled_from(["a", "b", "7", ".", "^", "$", "\\d", "[ab]", "a*", "(a|b)", "\\.", "/"]),
    max_size=5,
).map("".join)


def strings(values: st.SearchStrategy[str]) -> st.SearchStrategy[Tree]:
    return values.map(lambda text: ("string", text))


NONE: Tree = ("none",)
NUMBER_LITERALS = NUMBERS.map(lambda text: ("number", text))
DATE_LITERALS = DATES.map(lambda day: ("date", day))
# A quoted version for an ordering must be one: it has a digit.
VERSION_STRINGS = strings(VERSIONS.filter(lambda text: re.search("[0-9]", text) is not None))


def lists(items: st.SearchStrategy[Tree]) -> st.SearchStrategy[Tree]:
    return st.lists(items, max_size=4).map(lambda xs: ("list", tuple(xs)))


@st.composite
def comparisons(draw: st.DrawFn) -> Tree:
    kind = draw(st.sampled_from(["text", "version", "date", "list"]))
    if kind == "list":
        field = draw(st.sampled_from(LIST_FIELDS))
        if draw(st.booleans()):
            return ("contains", draw(NAMES), draw(st.sampled_from(["in", "not in"])), field)
        return ("cmp", field, draw(st.sampled_from(["==", "!="])), draw(lists(strings(NAMES))))
    if kind == "date":
        field = "os.eol"
        op = draw(st.sampled_from(["==", "!=", *ORDERINGS, "in", "not in"]))
        equal = DATE_LITERALS | st.just(NONE)
    elif kind == "version":
        field = draw(st.sampled_from(VERSION_FIELDS))
        op = draw(st.sampled_from(["==", "!=", *ORDERINGS, "in", "not in", "matches", "~"]))
        equal = strings(VERSIONS | TEXTS) | NUMBER_LITERALS | st.just(NONE)
    else:
        field = draw(st.sampled_from(TEXT_FIELDS))
        op = draw(st.sampled_from(["==", "!=", *ORDERINGS, "in", "not in", "matches", "~"]))
        equal = strings(TEXTS) | st.just(NONE)
    if op in ("==", "!="):
        literal = draw(equal)
    elif op in ("in", "not in"):
        literal = draw(lists(equal))
    elif op == "matches":
        literal = ("string", draw(GLOBS))
    elif op == "~":
        literal = ("string", draw(REGEXES))
    elif kind == "date":
        literal = draw(DATE_LITERALS)
    elif kind == "version":
        literal = draw(NUMBER_LITERALS | VERSION_STRINGS)
    else:
        literal = draw(strings(TEXTS))
    return ("cmp", field, op, literal)


CONSTANTS = st.booleans().map(lambda value: ("const", value))
TREES: st.SearchStrategy[Tree] = st.recursive(
    comparisons() | CONSTANTS,
    lambda children: (
        children.map(lambda child: ("not", child))
        | st.tuples(st.sampled_from(["and", "or"]), st.lists(children, min_size=2, max_size=4)).map(
            lambda pair: (pair[0], tuple(pair[1]))
        )
    ),
    max_leaves=12,
)


def normal(tree: Tree) -> Tree:
    """Chains of the same operator, flattened: a and (b and c) is a and b and c."""
    if tree[0] == "not":
        return ("not", normal(tree[1]))
    if tree[0] in ("and", "or"):
        flat: list[Tree] = []
        for child in tree[1]:
            child = normal(child)
            flat.extend(child[1] if child[0] == tree[0] else [child])
        return (tree[0], tuple(flat))
    return tree


def fields_of(tree: Tree) -> set[str]:
    if tree[0] == "cmp":
        return {tree[1]}
    if tree[0] == "contains":
        return {tree[3]}
    if tree[0] == "not":
        return fields_of(tree[1])
    if tree[0] in ("and", "or"):
        return set().union(*(fields_of(child) for child in tree[1]))
    return set()


# --- printers ---------------------------------------------------------------------------

PRECEDENCE = {"or": 1, "and": 2, "not": 3}


def canonical_string(text: str) -> str:
    out = []
    for i, char in enumerate(text):
        if char == "\\":
            following = text[i + 1 : i + 2]
            out.append("\\\\" if following in ("", "\\", '"', "'", "n", "t", "r") else "\\")
        else:
            out.append({'"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(char, char))
    return '"' + "".join(out) + '"'


def canonical_literal(literal: Tree) -> str:
    if literal[0] == "string":
        return canonical_string(literal[1])
    if literal[0] == "number":
        return str(literal[1])
    if literal[0] == "date":
        return str(literal[1].isoformat())
    if literal[0] == "list":
        return "[" + ", ".join(canonical_literal(item) for item in literal[1]) + "]"
    return "none"


def canonical(tree: Tree, least: int = 0) -> str:
    """The text Condition.pretty() gives, written from the documented format."""
    kind = tree[0]
    if kind == "const":
        return "true" if tree[1] else "false"
    if kind == "cmp":
        return f"{tree[1]} {tree[2]} {canonical_literal(tree[3])}"
    if kind == "contains":
        return f"{canonical_string(tree[1])} {tree[2]} {tree[3]}"
    precedence = PRECEDENCE[kind]
    if kind == "not":
        text = "not " + canonical(tree[1], 3)
    else:
        text = f" {kind} ".join(canonical(child, precedence + 1) for child in tree[1])
    return f"({text})" if precedence < least else text


class Sloppy:
    """Writes a tree as a person might: any spacing, either quote, extra parentheses."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def coin(self) -> bool:
        return self.rng.random() < 0.5

    def gap(self, needed: bool = True) -> str:
        return self.rng.choice([" ", "  ", "\t", "\n  ", " " if needed else ""])

    def string(self, text: str) -> str:
        quote = self.rng.choice(['"', "'"])
        out = []
        for char in text:
            if char == "\\":
                out.append("\\\\")
            elif char == quote:
                out.append("\\" + quote)
            elif char == "\n" and self.coin():
                out.append("\\n")
            elif char == "\t" and self.coin():
                out.append("\\t")
            elif char in "\"'" and self.coin():
                out.append("\\" + char)  # an escape that is not needed
            else:
                out.append(char)
        return quote + "".join(out) + quote

    def literal(self, literal: Tree) -> str:
        if literal[0] == "string":
            return self.string(literal[1])
        if literal[0] == "list":
            items = [self.literal(item) for item in literal[1]]
            trailing = "," if items and self.coin() else ""
            sep = "," + self.gap(needed=False)
            return "[" + self.gap(False) + sep.join(items) + trailing + self.gap(False) + "]"
        return canonical_literal(literal)

    def op(self, op: str) -> str:
        return op.replace(" ", self.gap())

    def write(self, tree: Tree, least: int = 0) -> str:
        kind = tree[0]
        if kind in ("const", "cmp", "contains"):
            if kind == "const":
                text = canonical(tree)
            elif kind == "cmp":
                text = self.gap().join([tree[1], self.op(tree[2]), self.literal(tree[3])])
            else:
                text = self.gap().join([self.string(tree[1]), self.op(tree[2]), tree[3]])
            precedence = 4
        elif kind == "not":
            precedence = 3
            text = "not" + self.gap() + self.write(tree[1], 3)
        else:
            precedence = PRECEDENCE[kind]
            # a chain may be grouped any way: (a and b) and c reads as a and b and c
            children = [self.write(child, precedence + 1) for child in tree[1]]
            text = children[0]
            for child in children[1:]:
                text = text + self.gap() + kind + self.gap() + child
                if self.coin():
                    text = "(" + text + ")"
        if precedence < least or self.rng.random() < 0.15:
            return "(" + self.gap(False) + text + self.gap(False) + ")"
        return text


# --- the plain evaluator --------------------------------------------------------------------


def release(text: str) -> tuple[int, ...] | None:
    """Release numbers as documented: leading digits-and-dots (with an 'u' update), else
    every digit group; without trailing zeros."""
    body = text[1:] if text[:1] in ("v", "V") else text
    lead = ""
    for char in body:
        if char.isascii() and (char.isdigit() or (char == "." and lead and lead[-1] != ".")):
            lead += char
        else:
            break
    lead = lead.rstrip(".")
    try:
        if lead:
            numbers = [int(n) for n in lead.split(".")]
            rest = body[len(lead) :]
            update = re.match(r"u([0-9]+)", rest)
            if update:
                numbers = [numbers[0], 0, int(update[1])]
        else:
            numbers = [int(n) for n in re.findall(r"[0-9]+", text)]
            if not numbers:
                return None
    except ValueError:  # more digits than int() takes
        return None
    while numbers and numbers[-1] == 0:
        numbers.pop()
    return tuple(numbers)


def pep440(text: str) -> Version | None:
    try:
        return Version(text)
    except (InvalidVersion, ValueError):
        return None


def version_sign(value: str, literal: str) -> int | None:
    left, right = pep440(value), pep440(literal)
    if left is not None and right is not None:
        return (left > right) - (left < right)
    a, b = release(value), release(literal)
    if a is None or b is None:
        return None
    return (a > b) - (a < b)


SIGNS = {
    "==": lambda s: s == 0,
    "!=": lambda s: s != 0,
    "<": lambda s: s < 0,
    "<=": lambda s: s <= 0,
    ">": lambda s: s > 0,
    ">=": lambda s: s >= 0,
}


def sign(a: Any, b: Any) -> int:
    return int(a > b) - int(a < b)


def holds(field: str, op: str, literal: Tree, value: object) -> bool:
    """``value op literal`` for one scalar literal; op is == != < <= > >=."""
    if literal[0] == "none":
        return (value is None) if op == "==" else (value is not None)
    if field == "os.eol":
        if isinstance(value, datetime.datetime):
            value = value.date()
        if not isinstance(value, datetime.date):
            return False
        return bool(SIGNS[op](sign(value, literal[1])))
    if not isinstance(value, str):
        return False
    if field in VERSION_FIELDS and (literal[0] == "number" or op not in ("==", "!=")):
        result = version_sign(value, literal[1])
        return result is not None and bool(SIGNS[op](result))
    return bool(SIGNS[op](sign(value, literal[1])))


def evaluate(tree: Tree, subject: dict[str, object]) -> bool:
    kind = tree[0]
    if kind == "const":
        return bool(tree[1])
    if kind == "not":
        return not evaluate(tree[1], subject)
    if kind == "and":
        return all(evaluate(child, subject) for child in tree[1])
    if kind == "or":
        return any(evaluate(child, subject) for child in tree[1])
    if kind == "contains":
        _, item, op, field = tree
        value = subject.get(field)
        if not isinstance(value, (tuple, list)):
            return False
        return (item in value) if op == "in" else (item not in value)
    _, field, op, literal = tree
    value = subject.get(field)
    if field in LIST_FIELDS:
        if not isinstance(value, (tuple, list)):
            return False
        wanted = tuple(item[1] for item in literal[1])
        return (tuple(value) == wanted) if op == "==" else (tuple(value) != wanted)
    if op == "in":
        return any(holds(field, "==", item, value) for item in literal[1])
    if op == "not in":
        typed = isinstance(value, datetime.date if field == "os.eol" else str)
        return typed and all(holds(field, "!=", item, value) for item in literal[1])
    if op in ("matches", "~"):
        if not isinstance(value, str):
            return False
        if op == "matches":
            return compile_glob(literal[1]).fullmatch(value) is not None
        return re.search(literal[1], value) is not None
    return holds(field, op, literal, value)


# --- subjects ---------------------------------------------------------------------------

ODD = st.sampled_from([7, 7.5, ["a"], ("slim",), b"x", {"a": 1}, datetime.date(2024, 1, 1)])


def values_for(field: str) -> st.SearchStrategy[object]:
    if field in LIST_FIELDS:
        typed: st.SearchStrategy[object] = st.lists(NAMES, max_size=3).map(tuple) | st.lists(
            NAMES, max_size=2
        )
    elif field == "os.eol":
        typed = DATES | st.datetimes(datetime.datetime(2000, 1, 1), datetime.datetime(2040, 1, 1))
    elif field in VERSION_FIELDS:
        typed = VERSIONS | TEXTS
    else:
        typed = TEXTS
    return st.one_of(typed, typed, st.none(), ODD, st.just("slim"))


@st.composite
def subjects(draw: st.DrawFn) -> dict[str, object]:
    subject: dict[str, object] = {}
    for field in sorted(FIELDS):
        if draw(st.integers(0, 9)) > 0:  # sometimes absent altogether
            subject[field] = draw(values_for(field))
    return subject


# --- the properties ------------------------------------------------------------------------


@given(TREES, st.randoms(use_true_random=False))
@example(("cmp", "tag", "==", ("string", "\\")), random.Random(0))
@example(("cmp", "tag", "~", ("string", "^\\d\\\\n$")), random.Random(1))
@example(("or", (("and", (("const", True), ("const", False))), ("const", True))), random.Random(2))
def test_generated_trees_print_and_parse_back(tree: Tree, rng: random.Random) -> None:
    tree = normal(tree)
    written = Sloppy(rng).write(tree)
    condition = compile_condition(written)
    pretty = condition.pretty()
    assert pretty == canonical(tree)
    again = compile_condition(pretty)
    assert again == condition
    assert hash(again) == hash(condition)
    assert again.pretty() == pretty
    assert condition.fields == fields_of(tree)


@given(TREES, st.lists(subjects(), min_size=1, max_size=4))
@example(("cmp", "version", "<", ("number", "12")), [{"version": "7.0"}])
@example(("cmp", "version", "==", ("number", "8.0.392")), [{"version": "8u392"}])
@example(("cmp", "os.version", "!=", ("number", "1")), [{"os.version": "edge"}])
@example(("cmp", "tag", "not in", ("list", (NONE,))), [{"tag": None}, {"tag": 7}])
@example(("cmp", "tag", "in", ("list", (NONE,))), [{"tag": None}, {}])
@example(("cmp", "version", "<", ("number", "1")), [{"version": "9" * 5000}])
def test_evaluation_matches_a_plain_evaluator(
    tree: Tree, subjects_: list[dict[str, object]]
) -> None:
    condition = compile_condition(canonical(tree))
    for subject in subjects_:
        assert condition(subject) is evaluate(tree, subject), subject


# Tokens of the language and near misses, to reach deep into the grammar more often than text.
WORDS = (
    st.sampled_from(sorted(FIELDS))
    | st.sampled_from(["and", "or", "not", "in", "matches", "none", "true", "false", "AND", "tga"])
    | st.sampled_from(["==", "!=", "<", "<=", ">", ">=", "~", "=", "!", "&&", "||", "!~"])
    | st.sampled_from(["(", ")", "[", "]", ",", '"a"', "'b'", '"', "'", '"\\"', '"\\\\"'])
    | st.sampled_from(["12", "3.19", "1.2.3", "1.", "2026-01-01", "2026-13-40", "2026-1-1"])
    | st.sampled_from(['"["', '"("', '"a{2,1}"', '"*"', "9" * 5000, "\t", "\n"])
)


@given(st.text(max_size=60) | st.lists(WORDS, max_size=12).map(" ".join))
@example("(" * 2000)
@example("not " * 500 + "true")
@example("version == " + "9" * 5000)
@example("tag ~ 'a{99999999999}'")
@example("tag ~ '(?P<a>)(?P<a>)'")
@example("\x00")
def test_any_text_compiles_or_raises_invalid_condition(text: str) -> None:
    try:
        condition = compile_condition(text)
    except InvalidCondition as error:
        assert error.source == text
        assert 0 <= error.position <= len(text)
        assert error.reason
        assert str(error).startswith("invalid condition: ")
        return
    # and whatever compiles prints canonically and never raises when evaluated
    assert compile_condition(condition.pretty()) == condition
    assert condition({}) in (True, False)
    assert condition(dict.fromkeys(FIELDS)) in (True, False)
