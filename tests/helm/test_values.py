"""Values as Helm reads and merges them, checked against Helm itself.

``--set`` expressions against Helm's own parser (``strvals``), YAML scalars
against Helm's reading of ``values.yaml`` (go-yaml v2 through JSON), and
the merge of defaults, subchart defaults, globals and user values against
Helm's ``toJson .Values``. Semantic version constraints are a table from
Masterminds/semver's documentation.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tagsense._gotemplate.semver import check
from tagsense.sources.helm._load import load_chart
from tagsense.sources.helm._render import render_text
from tagsense.sources.helm._values import SetError, parse_set

from .oracle import HELM, needs_helm, plain, render

# --- --set ---------------------------------------------------------------------------------


@needs_helm
@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab.=,[]{}01\\ -xnul", max_size=24))
@example("a.b=c,d[0]=e,f={x,y}")
@example("a[1].b=2,a[0]=null")
@example("name=a\\,b,list={1,02,true}")
@example("a=1,a.b=2")
@example("[ 0]")
@example("0[0]")
def test_set_is_parsed_as_helm_parses_it(expression: str) -> None:
    try:
        want = HELM.parse_set_string(expression)
    except HELM.HelmError:
        want = None
    got: dict[str, object] | None = {}
    try:
        assert got is not None
        parse_set(expression, got)
    except SetError:
        got = None
    assert (plain(got) if got is not None else None) == want


def test_set_errors() -> None:
    for expression, message in [
        ("a", "key 'a' has no value"),
        ("a,", "key 'a' has no value (cannot end with ,)"),
        ("a[-1]=x", "negative -1 index not allowed"),
        ("a={x", "list must terminate with '}'"),
    ]:
        with pytest.raises(SetError) as raised:
            parse_set(expression, {})
        assert str(raised.value) == message


# --- YAML scalars -------------------------------------------------------------------------------

SCALARS = st.one_of(
    st.sampled_from(
        [
            "1",
            "1.10",
            "0x1F",
            "0o17",
            "012",
            "1_000",
            "1e3",
            ".5",
            "-.5",
            "+1",
            "1.",
            "1:20",
            "2001-12-14",
            "2001-12-14T21:59:43.10-05:00",
            "yes",
            "No",
            "on",
            "OFF",
            "y",
            "n",
            "~",
            "null",
            "NULL",
            "true",
            "True",
            "'quoted'",
            '"1.0"',
            "!!str 12",
            "1.0e+10",
            "12345678901234567890",
            "abc",
            "a b",
            "-",
            "0b101",
            "08",
            "0.1.2",
        ]
    ),
    st.from_regex(r"[-+]?[0-9_]{1,6}(\.[0-9_]{0,3})?([eE][-+]?[0-9]{1,2})?", fullmatch=True),
)


def rendered(values: str, template: str) -> tuple[str | None, str | None]:
    """(Helm's text, tagsense's text) of one template over ``values``."""
    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        (directory / "templates").mkdir()
        (directory / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 0.1.0\n")
        (directory / "values.yaml").write_text(values)
        (directory / "templates" / "t.yaml").write_text(template)
        try:
            want: str | None = render(directory)["c/templates/t.yaml"]
        except HELM.HelmError:
            want = None
        try:
            chart = load_chart(name)
        except Exception:
            return want, None
        got = render_text(chart, {}).get("c/templates/t.yaml")
    return want, got


@needs_helm
@settings(max_examples=150, deadline=None)
@given(SCALARS)
def test_scalars_read_as_helm_reads_them(scalar: str) -> None:
    want, got = rendered(f"v: {scalar}\n", "{{ kindOf .Values.v }}={{ .Values.v }}")
    assert got == want


# --- merging -------------------------------------------------------------------------------------

KEYS = st.sampled_from(["a", "b", "global", "sub", "x"])
LEAVES = st.one_of(st.none(), st.sampled_from(["s", "", "1"]), st.integers(0, 3), st.booleans())
TREES = st.recursive(LEAVES, lambda inner: st.dictionaries(KEYS, inner, max_size=3), max_leaves=8)
MAPS = st.dictionaries(KEYS, TREES, max_size=4)


def write(directory: Path, values: dict[str, object], sub: dict[str, object]) -> None:
    (directory / "templates").mkdir()
    (directory / "charts" / "sub" / "templates").mkdir(parents=True)
    (directory / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 0.1.0\n")
    (directory / "values.yaml").write_text(json.dumps(values))
    (directory / "templates" / "t.yaml").write_text("{{ toJson .Values }}")
    (directory / "charts" / "sub" / "Chart.yaml").write_text(
        "apiVersion: v2\nname: sub\nversion: 0.1.0\n"
    )
    (directory / "charts" / "sub" / "values.yaml").write_text(json.dumps(sub))
    (directory / "charts" / "sub" / "templates" / "t.yaml").write_text("{{ toJson .Values }}")


@needs_helm
@settings(max_examples=150, deadline=None)
@given(MAPS, MAPS, MAPS)
@example({"sub": {"a": None}, "global": {"x": 1}}, {"a": "s", "global": {"x": 2}}, {"a": None})
def test_values_merge_as_helm_merges_them(
    defaults: dict[str, object], sub: dict[str, object], user: dict[str, object]
) -> None:
    from tagsense.sources.helm._values import coalesce_values

    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        write(directory, defaults, sub)
        try:
            want = render(directory, user)
        except HELM.HelmError:
            return  # (a map where Helm wants a scalar, or the reverse: Helm refuses)
        try:
            got = render_text(load_chart(name), json.loads(json.dumps(user)))
        except ValueError:
            pytest.fail("Helm merges what tagsense refuses")
        for template in ("c/templates/t.yaml", "c/charts/sub/templates/t.yaml"):
            assert json.loads(got[template]) == json.loads(want[template]), template
        assert coalesce_values is not None


# --- versions ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("constraint", "version", "expected"),
    [
        ("2.x.x", "2.31.4", True),
        ("2.x.x", "3.0.0", False),
        ("^1.2", "1.9.0", True),
        ("^1.2", "2.0.0", False),
        ("^0.2.3", "0.2.9", True),
        ("^0.2.3", "0.3.0", False),
        ("~1.2.3", "1.2.9", True),
        ("~1.2.3", "1.3.0", False),
        (">=1.14-0", "v1.36.0", True),
        ("<1.14-0", "v1.36.0", False),
        (">= 1.2, < 2", "1.5.0", True),
        (">= 1.2 < 2", "2.0.0", False),
        ("1.2 - 1.4", "1.3.0", True),
        ("1.2 - 1.4", "1.5.0", False),
        ("*", "1.0.0", True),
        (">=1.0.0", "1.0.0-rc1", False),
        (">=1.0.0-0", "1.0.0-rc1", True),
        ("1.x || 3.x", "3.1.0", True),
        (">1.21", "1.21.5", False),
        ("!=1.2.3", "1.2.4", True),
        ("", "1.0.0", False),
        ("not a constraint", "1.0.0", False),
        ("1.0.0", "not a version", False),
    ],
)
def test_semver_constraints(constraint: str, version: str, expected: bool) -> None:
    assert check(constraint, version) is expected
