"""The expression language of GitHub Actions and Azure Pipelines (``sources/ci/_expr.py``).

Expected values follow the runner's ``DTExpressions2`` (``actions/runner``):
numbers print as .NET's ``G15``, strings compare ignoring case, kinds that
differ compare as numbers, property names ignore case.
"""

from __future__ import annotations

import math

import pytest

from tagsense.sources.ci._expr import (
    AZURE_FUNCTIONS,
    Either,
    ExpressionError,
    Partial,
    Unknown,
    evaluate,
    expression_end,
    to_string,
)

KNOWN: dict[str, object] = {
    "matrix": {"node": 20.0, "os": "Linux", "list": [1.0, 2.0], "obj": {"Image": "redis:7"}},
    "inputs": Partial({"pg": "16"}),
}
ALLOWED = frozenset({"matrix", "inputs", "github", "vars", "needs", "strategy"})


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("matrix.node", 20.0),
        ("matrix.NODE", 20.0),
        ("matrix['os']", "Linux"),
        ("matrix.obj.image", "redis:7"),
        ("matrix.list[1]", 2.0),
        ("matrix.list[5]", None),
        ("matrix.missing", None),
        ("matrix.list.*", [1.0, 2.0]),
        ("matrix.os == 'linux'", True),
        ("matrix.node == '20'", True),
        ("matrix.node != 20", False),
        ("1 < 2 && 'b' > 'A'", True),
        ("!matrix.missing", True),
        ("null || 'x'", "x"),
        ("'' && 'x'", ""),
        ("format('{0}-{1}', matrix.node, matrix.os)", "20-Linux"),
        ("format('{{0}}')", "{0}"),
        ("startsWith(matrix.os, 'lin')", True),
        ("contains(matrix.list, 2)", True),
        ("join(matrix.list, '+')", "1+2"),
        ("fromJSON('[\"15\", 16]')[1]", 16.0),
        ("toJSON(matrix.list)", "[\n  1.0,\n  2.0\n]"),
        ("case(matrix.node > 18, 'new', 'old')", "new"),
        ("inputs.pg", "16"),
        ("0x10 == 16", True),
        ("'it''s'", "it's"),
    ],
)
def test_values(expression: str, expected: object) -> None:
    assert evaluate(expression, KNOWN, allowed=ALLOWED).value == expected


@pytest.mark.parametrize(
    ("expression", "names"),
    [
        ("github.repository", ("github.repository",)),
        ("needs.build.outputs['image']", ("needs.build.outputs.image",)),
        ("inputs.tag", ("inputs.tag",)),
        ("format('{0}:{1}', vars.IMAGE, matrix.node)", ("vars.IMAGE",)),
        ("vars.A == vars.B", ("vars.A", "vars.B")),
    ],
)
def test_what_only_a_run_has_is_named(expression: str, names: tuple[str, ...]) -> None:
    value = evaluate(expression, KNOWN, allowed=ALLOWED).value
    assert isinstance(value, Unknown)
    assert value.names == names


def test_a_condition_a_run_decides_gives_each_value() -> None:
    value = evaluate("vars.NIGHTLY && '18' || '20'", KNOWN, allowed=ALLOWED).value
    assert isinstance(value, Either)
    assert value.options == ("18", "20")
    # A known left side decides alone.
    assert evaluate("matrix.os && 'a' || 'b'", KNOWN, allowed=ALLOWED).value == "a"
    # An unknown that stays the value is kept, named.
    value = evaluate("vars.IMAGE || 'node:20'", KNOWN, allowed=ALLOWED).value
    assert isinstance(value, Either)
    assert [o.names if isinstance(o, Unknown) else o for o in value.options] == [
        ("vars.IMAGE",),
        "node:20",
    ]


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("env.IMAGE", "Unrecognized named-value: 'env'. Located at position 1 within expression: "
         "env.IMAGE"),
        ("matrix.a || secrets.B", "Unrecognized named-value: 'secrets'. Located at position 13"),
        ("hashFiles('x')", "Unrecognized function: 'hashFiles'. Located at position 1"),
        ("matrix.", "Unexpected end of expression"),
        ("'open", "Unexpected symbol: '''. Located at position 1"),
        ("(" * 60 + "1" + ")" * 60, "Exceeded max expression depth 50"),
        ("format('{1}', 'x')", "format(): the format string '{1}' is invalid"),
        ("", "Expected an expression"),
    ],
)  # fmt: skip
def test_what_the_runner_rejects(expression: str, message: str) -> None:
    with pytest.raises(ExpressionError) as raised:
        evaluate(expression, KNOWN, allowed=ALLOWED)
    assert str(raised.value).startswith(message)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""), (True, "true"), (False, "false"), (20.0, "20"), (3.10, "3.1"),
        (0.5, "0.5"), (-0.0, "0"), (1e15, "1E+15"), (123456789012345.0, "123456789012345"),
        (1e-05, "1E-05"), (math.nan, "NaN"), (math.inf, "Infinity"), ("x", "x"),
        ([1], "Array"), ({"a": 1}, "Object"),
    ],
)  # fmt: skip
def test_to_string(value: object, text: str) -> None:
    assert to_string(value) == text


def test_azure_functions_and_indexers() -> None:
    known = {"variables": Partial({"tag": "1.0", "Empty": ""})}
    allowed = frozenset({"variables"})

    def value(expression: str) -> object:
        return evaluate(expression, known, allowed=allowed, functions=AZURE_FUNCTIONS).value

    assert value("variables['TAG']") == "1.0"
    assert value("coalesce(variables.empty, variables.tag)") == "1.0"
    assert value("eq(variables.tag, '1.0')") is True
    assert value("lower(format('{0}-X', variables.tag))") == "1.0-x"
    assert value("variables['Build.BuildId']") == Unknown(("variables.Build.BuildId",))


def test_expression_end() -> None:
    text = "$[ variables['a]'] ] rest ]"
    assert text[: expression_end(text, 2, "]") + 1] == "$[ variables['a]'] ]"
    assert expression_end("${{ 'a}}' }}", 3, "}}") == 10
    assert expression_end("${{ x", 3, "}}") == -1


def test_from_json_of_what_a_command_prints_when_the_job_runs_is_unknown() -> None:
    """A step's output made of a command's output (Mailu's ``echo matrix=$(docker buildx bake
    --print | jq …)``) holds the shell reader's marks: its JSON is a run's, not an error."""
    from tagsense.sources.builds._shell_values import UNKNOWN

    known = {**KNOWN, "needs": {"targets": {"outputs": {"matrix": f"{UNKNOWN}docker{UNKNOWN}"}}}}
    found = evaluate("fromJSON(needs.targets.outputs.matrix)", known, allowed=ALLOWED)
    assert isinstance(found.value, Unknown)
    with pytest.raises(ExpressionError):
        evaluate("fromJSON('[1,')", KNOWN, allowed=ALLOWED)  # (written out: the runner's error)
