"""The pipeline grammar: pyparsing's parse, and the reader that must agree with it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tagsense._gotemplate import parse_template
from tagsense._gotemplate.grammar import PipeSyntaxError, _parse, _read, parse_pipe
from tagsense._gotemplate.nodes import Chain, Command, Field, Ident, Literal, Pipe, Variable

DATA = Path(__file__).resolve().parent.parent / "data" / "helm"


def actions() -> set[str]:
    """Every action's source in the fixture charts' templates."""
    found: set[str] = set()
    for path in DATA.glob("*/chart/**/templates/**/*"):
        if not path.is_file():
            continue
        template = parse_template(path.read_text(errors="replace"), str(path))
        stack = [template.body] + [body for body, _ in template.defines.values()]
        while stack:
            for node in stack.pop():
                source = getattr(node, "source", "")
                if source:
                    found.add(source)
                for field in ("body", "else_body"):
                    if hasattr(node, field):
                        stack.append(getattr(node, field))
    return found


def test_the_reader_agrees_with_the_grammar_on_every_real_action() -> None:
    sources = actions()
    assert len(sources) > 1000
    nested = 0
    for source in sorted(sources):
        read = _read(source)
        assert read is not None, source  # (a chart's every action is valid: read)
        assert read == _parse(source), source
        nested += "(" in source
    assert nested > 500


ATOMS = st.sampled_from(
    ['.', '.Values.a.b', '$', '$x', '$x.y', '"s"', '"a\\"b"', '`raw`', "'c'", "1", "-2", "0x1F",
     "1.5e3", "true", "nil", "include", "default", "fn.x", ".a_b1"]
)  # fmt: skip


@given(
    st.lists(st.lists(ATOMS, min_size=1, max_size=4), min_size=1, max_size=3),
    st.sampled_from(["", "$v := ", "$v = ", "$i, $e := "]),
)
def test_the_reader_agrees_with_the_grammar_on_random_flat_actions(
    commands: list[list[str]], declare: str
) -> None:
    source = declare + " | ".join(" ".join(command) for command in commands)
    read = _read(source)
    assert read is not None
    assert read == _parse(source)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (".Values.image.tag", Pipe((), False, (Command((Field(("Values", "image", "tag")),)),))),
        ("$x.y", Pipe((), False, (Command((Variable("$x", ("y",)),)),))),
        (
            '$t := default "x" .v | quote',
            Pipe(
                ("$t",),
                False,
                (
                    Command((Ident("default"), Literal("x"), Field(("v",)))),
                    Command((Ident("quote"),)),
                ),
            ),
        ),
        (
            "(fn .a).b",
            Pipe((), False, (Command((
                Chain(Pipe((), False, (Command((Ident("fn"), Field(("a",)))),)), ("b",)),
            )),)),
        ),
    ],
)  # fmt: skip
def test_parses(source: str, expected: Pipe) -> None:
    assert parse_pipe(source) == expected
    assert _parse(source) == expected


@pytest.mark.parametrize("source", ["09", "0x_", "'ab'"])
def test_bad_literals_are_syntax_errors(source: str) -> None:
    for parse in (_parse, _read, parse_pipe):
        with pytest.raises(PipeSyntaxError):
            parse(source)


def test_a_tab_in_a_string_stays_a_tab() -> None:
    # (pyparsing expands tabs unless told not to)
    want = Pipe((), False, (Command((Ident("quote"), Literal("a\tb"))),))
    assert _parse('quote "a\tb"') == want
    assert _read('quote "a\tb"') == want


@pytest.mark.parametrize(
    "source", ["(", '"abc', "1.a", ".Values |", "a ||", "$x == 1", '"a""b"', "| a", "(a"]
)
def test_syntax_errors(source: str) -> None:
    with pytest.raises(PipeSyntaxError):
        _parse(source)
    assert _read(source) is None
    with pytest.raises(PipeSyntaxError):
        parse_pipe(source)


@st.composite
def nested(draw: st.DrawFn, depth: int = 0) -> str:
    parts = [draw(ATOMS)]
    for _ in range(draw(st.integers(0, 3))):
        if depth < 3 and draw(st.booleans()):
            inner = draw(nested(depth + 1))
            parts.append(f"({inner})" + draw(st.sampled_from(["", ".a", ".a.b"])))
        else:
            parts.append(draw(ATOMS))
    return " ".join(parts) + draw(st.sampled_from(["", " | quote", "|default .x"]))


@given(nested(), st.sampled_from(["", "$v := ", "$i, $e := "]))
def test_the_reader_agrees_with_the_grammar_on_random_nested_actions(
    source: str, declare: str
) -> None:
    source = declare + source
    try:
        want = _parse(source)
    except PipeSyntaxError:
        assert _read(source) is None
        return
    assert _read(source) == want


@given(st.text(alphabet=" \t\n.$aZ_9()|\"`'\\:=,-+xe", max_size=24))
def test_the_reader_never_reads_what_the_grammar_reads_otherwise(source: str) -> None:
    # (on any text: what the reader reads, the grammar reads the same; it may leave
    # odd valid pipelines to the grammar, never read an invalid one)
    try:
        read = _read(source)
    except PipeSyntaxError:  # (a bad literal: the grammar's error too)
        with pytest.raises(PipeSyntaxError):
            _parse(source)
        return
    if read is not None:
        assert read == _parse(source)
