"""The condition language of user-defined rules: parsing, evaluation, printing, errors."""

from __future__ import annotations

import datetime
import pickle
import subprocess
import sys

import pytest

from tagsense import TagsenseError
from tagsense.policy.expr import FIELDS, Condition, InvalidCondition, compile_condition

# A subject as the engine builds it: every field present, most of them missing (None).
BLANK: dict[str, object] = dict.fromkeys(FIELDS) | {"flavours": (), "variants": ()}

REDIS = BLANK | {
    "registry": "docker.io",
    "namespace": "library",
    "app": "redis",
    "repository": "library/redis",
    "tag": "7.0-rc-bullseye",
    "version": "7.0",
    "precision": "minor",
    "prerelease": "rc",
    "os.family": "debian",
    "os.version": "11",
    "os.codename": "bullseye",
    "os.eol": datetime.date(2024, 8, 14),
    "kind": "from",
    "path": "Dockerfile",
}
NODE = BLANK | {
    "registry": "docker.io",
    "namespace": "library",
    "app": "node",
    "repository": "library/node",
    "tag": "17-buster-slim",
    "version": "17",
    "precision": "major",
    "os.family": "debian",
    "os.version": "10",
    "os.codename": "buster",
    "os.eol": datetime.date(2022, 9, 10),
    "flavours": ("slim",),
    "kind": "compose",
}
JAVA = BLANK | {
    "registry": "ghcr.io",
    "namespace": "acme",
    "app": "java",
    "repository": "acme/tools/java",
    "tag": "8u392-jdk-alpine3.19",
    "digest": "sha256:" + "a" * 64,
    "version": "8u392",
    "precision": "patch",
    "os.family": "alpine",
    "os.version": "3.19",
    "variants": ("jdk",),
    "arch": "amd64",
}
WINDOWS = BLANK | {"os.family": "windows-servercore", "os.version": "2022 (10.0.20348)"}
EDGE = BLANK | {"os.family": "alpine", "os.version": "edge", "alias": "edge", "tag": "edge"}


def subject(**values: object) -> dict[str, object]:
    """BLANK with some fields set (``os_version=`` sets ``os.version``)."""
    return BLANK | {name.replace("_", "."): value for name, value in values.items()}


# --- evaluation, one row a case -------------------------------------------------

EVALUATIONS: list[tuple[str, dict[str, object], bool]] = [
    # text fields: == != and the orderings compare the text
    ('app == "redis"', REDIS, True),
    ('app == "redis"', NODE, False),
    ("app == 'redis'", REDIS, True),
    ('app != "redis"', NODE, True),
    ('app != "redis"', REDIS, False),
    ('registry == "docker.io" and namespace == "library"', NODE, True),
    ('repository == "acme/tools/java"', JAVA, True),
    ('tag == "7.0-rc-bullseye"', REDIS, True),
    ('precision == "patch"', JAVA, True),
    ('prerelease == "rc"', REDIS, True),
    ('os.codename == "buster"', NODE, True),
    ('arch == "amd64"', JAVA, True),
    ('kind == "compose"', NODE, True),
    ('path == "Dockerfile"', REDIS, True),
    ('alias == "edge"', EDGE, True),
    ('digest == "sha256:' + "a" * 64 + '"', JAVA, True),
    ('app < "redis"', NODE, True),
    ('app <= "redis"', REDIS, True),
    ('app > "node"', REDIS, True),
    ('app >= "redit"', REDIS, False),
    ('tag < "8"', REDIS, True),  # text order: "7.0-rc…" < "8"
    ('tag < "10"', REDIS, False),  # text order, not numbers: "7" > "1"
    # missing values: only == none / != none hold
    ("digest == none", REDIS, True),
    ("digest != none", REDIS, False),
    ("digest != none", JAVA, True),
    ('digest != "sha256:x"', REDIS, False),
    ('arch < "z"', REDIS, False),
    ('arch matches "*"', REDIS, False),
    ('arch ~ ""', REDIS, False),
    ('arch not in ["amd64"]', REDIS, False),
    ('arch in ["amd64", none]', REDIS, True),
    ("arch in [none]", JAVA, False),
    ('arch not in ["arm64", none]', JAVA, True),
    ("arch not in [none]", REDIS, False),
    ("arch not in []", REDIS, False),
    ("arch in []", REDIS, False),
    ("not arch == none", REDIS, False),
    ('not arch != "amd64"', REDIS, True),
    # in / not in a list
    ('app in ["redis", "postgres"]', REDIS, True),
    ('app in ["redis", "postgres"]', NODE, False),
    ('app not in ["redis", "postgres"]', NODE, True),
    ('app not in ["redis", "postgres"]', REDIS, False),
    ('app in ["redis",]', REDIS, True),
    ("app in []", REDIS, False),
    ("app not in []", REDIS, True),
    # matches: a Go path.Match glob over the whole value; * does not cross /
    ('registry matches "*.io"', REDIS, True),
    ('repository matches "acme/*"', JAVA, False),
    ('repository matches "acme/*/*"', JAVA, True),
    ('tag matches "7.?-rc-*"', REDIS, True),
    ('tag matches "7"', REDIS, False),
    ('tag matches "[0-9]*"', REDIS, True),
    ('tag matches "[^0-9]*"', REDIS, False),
    ('tag matches "7.0\\-rc*"', REDIS, True),  # an escaped character
    # ~: a regex search
    ('tag ~ "rc"', REDIS, True),
    ('tag ~ "^rc"', REDIS, False),
    ('tag ~ "^\\d+(\\.\\d+)*-rc"', REDIS, True),  # unknown escapes are kept: \d, \.
    ('tag ~ "^\\\\d"', REDIS, True),  # \\ is one backslash: the regex ^\d
    ('tag ~ "bullseye$"', REDIS, True),
    ('digest ~ "^sha256:[a-f0-9]{64}$"', JAVA, True),
    # versions: a number compares as a version
    ("version < 12", REDIS, True),  # "7.0" < 12 (as text, "7.0" > "12")
    ("version < 7", REDIS, False),
    ("version <= 7", REDIS, True),  # 7.0 == 7
    ("version == 7", REDIS, True),
    ("version == 7.0.0", REDIS, True),
    ("version != 7", REDIS, False),
    ("version > 7", REDIS, False),
    ("version >= 7.0", REDIS, True),
    ("version > 6.99", REDIS, True),
    ("version > 17.0.1", NODE, False),
    ("version in [16, 17, 18]", NODE, True),
    ("version not in [16, 18]", NODE, True),
    ("version not in [16, 17.0]", NODE, False),
    ('version == "7"', REDIS, False),  # a string compares the text
    ('version == "7.0"', REDIS, True),
    ('version in ["7.0", 8]', REDIS, True),
    ('version < "7.0.1rc1"', REDIS, True),  # a quoted version in an ordering
    ('version < "7.0rc1"', REDIS, False),  # 7.0rc1 < 7.0 (PEP 440)
    ('version matches "7.*"', REDIS, True),
    ('version ~ "^7\\."', REDIS, True),
    ("version < 12", BLANK, False),
    ("version < 12", EDGE, False),
    # 8u392 is (8, 0, 392), as Tag.release reads it
    ("version > 8", JAVA, True),
    ("version < 8.1", JAVA, True),
    ("version == 8.0.392", JAVA, True),
    ("version > 8.0.391", JAVA, True),
    ('version == "8u392"', JAVA, True),
    ("version < 9", subject(version="v8.1"), True),
    ("version < 2", subject(version="1.0rc1"), True),
    ("version == 1", subject(version="1.0rc1"), False),
    # os.version
    ('os.family == "debian" and os.version < 12', REDIS, True),
    ('os.family == "debian" and os.version < 12', JAVA, False),
    ("os.version >= 3.19", JAVA, True),
    ("os.version < 3.2", JAVA, False),  # 3.19 > 3.2 as versions
    ('os.version < "3.2"', JAVA, False),  # an ordering always compares versions
    ("os.version == 2022", WINDOWS, True),  # "2022 (10.0.20348)": the leading number
    ("os.version > 2019", WINDOWS, True),
    ("os.version == 10", NODE, True),
    ('os.version == "edge"', EDGE, True),
    ("os.version < 100", EDGE, False),  # "edge" is not a version
    ("os.version != 100", EDGE, False),
    ('os.version != "x"', EDGE, True),
    ("os.version == none", BLANK, True),
    # os.eol: dates
    ("os.eol < 2026-01-01", REDIS, True),
    ("os.eol < 2024-08-14", REDIS, False),
    ("os.eol <= 2024-08-14", REDIS, True),
    ("os.eol == 2024-08-14", REDIS, True),
    ("os.eol != 2024-08-14", REDIS, False),
    ("os.eol > 2022-09-10", NODE, False),
    ("os.eol >= 2022-09-10", NODE, True),
    ("os.eol in [2022-09-10, 2024-08-14]", NODE, True),
    ("os.eol not in [2022-09-10, 2024-08-14]", NODE, False),
    ("os.eol < 2030-01-01", JAVA, False),  # missing
    ("os.eol == none", JAVA, True),
    ("os.eol in [2022-09-10, none]", JAVA, True),
    ("os.eol < 2026-01-01", subject(os_eol=datetime.datetime(2025, 1, 1, 12, 0)), True),
    # flavours and variants: lists of text
    ('"slim" in flavours', NODE, True),
    ('"slim" in flavours', REDIS, False),
    ('"slim" not in flavours', REDIS, True),
    ('"slim" not in flavours', NODE, False),
    ("'jdk' in variants", JAVA, True),
    ('"jdk" in variants and os.family == "alpine"', JAVA, True),
    ("flavours == []", REDIS, True),
    ('flavours == ["slim"]', NODE, True),
    ('flavours != ["slim"]', NODE, False),
    ('variants == ["jdk", "alpine"]', JAVA, False),
    ('"slim" in flavours', subject(flavours=["slim"]), True),
    ('"slim" in flavours', subject(flavours=None), False),
    ('"slim" not in flavours', subject(flavours=None), False),
    # constants, not, and, or, parentheses
    ("true", BLANK, True),
    ("false", BLANK, False),
    ("not false", BLANK, True),
    ("not not true", BLANK, True),
    ('not app == "redis"', REDIS, False),
    ('not (app == "redis")', REDIS, False),
    ('app == "redis" and not "slim" in flavours', REDIS, True),
    ('app == "node" or app == "redis"', REDIS, True),
    ('app == "node" or app == "java"', REDIS, False),
    ('(app == "node" or app == "redis") and version < 8', REDIS, True),
    ('(app == "node" or app == "redis") and version < 7', REDIS, False),
    # precedence: not > and > or
    ("true or true and false", BLANK, True),  # true or (true and false)
    ("(true or true) and false", BLANK, False),
    ("not true and false", BLANK, False),  # (not true) and false
    ("not true or true", BLANK, True),  # (not true) or true
    ("not (true or true)", BLANK, False),
    ("false and false or true", BLANK, True),  # (false and false) or true
    ("false and (false or true)", BLANK, False),
    ('not app == "node" and app == "redis"', REDIS, True),  # (not (app == "node")) and …
    # layout: whitespace, tabs and newlines are free
    ('app=="redis"and(version<8)', REDIS, True),
    ('  app\t==\n"redis"\n  and\tversion < 8  ', REDIS, True),
    ('app in["redis"]', REDIS, True),
    ('tag not\n  in ["latest"]', REDIS, True),
]


@pytest.mark.parametrize(("source", "values", "expected"), EVALUATIONS)
def test_evaluation(source: str, values: dict[str, object], expected: bool) -> None:
    condition = compile_condition(source)
    assert condition(values) is expected
    # the canonical text means the same
    assert compile_condition(condition.pretty())(values) is expected


# A value of the wrong type (or a mapping without the field) satisfies nothing; nothing raises.
ODD_VALUES: list[tuple[str, object]] = [
    ("tag", 7),
    ("tag", ["latest"]),
    ("tag", b"latest"),
    ("version", 7),
    ("version", 7.0),
    ("version", ""),
    ("version", "9" * 5000),  # more digits than int() takes
    ("os.version", datetime.date(2020, 1, 1)),
    ("os.eol", "2020-01-01"),
    ("os.eol", 2020),
    ("flavours", "slim"),
    ("flavours", 1),
    ("flavours", {"slim": 1}),
]
ODD_CONDITIONS = [
    'tag == "latest"',
    'tag != "latest"',
    'tag < "z"',
    'tag in ["latest", "7"]',
    'tag not in ["latest"]',
    'tag matches "*"',
    'tag ~ ""',
    "version == 7",
    "version != 7",
    "version < 8",
    "version in [7, 8]",
    "version not in [7]",
    'version == "7"',
    "os.version >= 1",
    "os.version not in [1.0]",
    "os.eol < 2030-01-01",
    "os.eol != 2030-01-01",
    "os.eol not in [2030-01-01]",
    '"slim" in flavours',
    '"slim" not in flavours',
    'flavours == ["slim"]',
    "flavours != []",
]


@pytest.mark.parametrize(("name", "value"), ODD_VALUES)
def test_a_value_of_the_wrong_type_satisfies_nothing(name: str, value: object) -> None:
    for source in ODD_CONDITIONS:
        condition = compile_condition(source)
        if name in condition.fields:
            assert condition(BLANK | {name: value}) is False, source
        assert condition({}) is False, source  # absent is missing
    if name not in ("flavours", "variants"):  # never none
        assert compile_condition(f"{name} != none")({name: value}) is True
        assert compile_condition(f"{name} == none")({}) is True


# --- versions ---------------------------------------------------------------------

VERSION_ORDER = [
    # value, literal, expected sign of (value - literal)
    ("7.0", "12", -1),
    ("7", "7.0", 0),
    ("7.0.0", "7", 0),
    ("7.0.1", "7", 1),
    ("3.19", "3.2", 1),
    ("22.04", "22.4", 0),
    ("8u392", "8.0.392", 0),
    ("8u392", "8.1", -1),
    ("v1.30.0", "1.30", 0),
    ("1.0rc1", "1.0", -1),  # both PEP 440: packaging orders the prerelease first
    ("2024.01", "2024.1", 0),
    ("17.0.9_9", "17.0.9", 0),  # not PEP 440: the release numbers, as Tag.release
    ("ltsc2022", "2022", 0),  # no leading number: all the digit groups
    ("2022 (10.0.20348)", "2022", 0),
    ("0", "0.0", 0),
    ("10", "9.99", 1),
]


@pytest.mark.parametrize(("value", "literal", "sign"), VERSION_ORDER)
def test_versions_compare_as_versions(value: str, literal: str, sign: int) -> None:
    results = {
        op: compile_condition(f"version {op} {literal}")({"version": value})
        for op in ("<", "<=", "==", "!=", ">=", ">")
    }
    assert results == {
        "<": sign < 0,
        "<=": sign <= 0,
        "==": sign == 0,
        "!=": sign != 0,
        ">=": sign >= 0,
        ">": sign > 0,
    }


def test_a_subject_never_seen_is_compared_afresh() -> None:
    # The per-condition memo of version answers stays bounded and correct.
    condition = compile_condition("version < 1000")
    for n in range(3000):
        assert condition({"version": f"{n}.1"}) is (n < 1000)


# --- printing -----------------------------------------------------------------------

PRETTY = [
    # as written, canonical
    ('app=="redis"', 'app == "redis"'),
    ("app == 'redis'", 'app == "redis"'),
    ("tag in ['a','b' , 'c',]", 'tag in ["a", "b", "c"]'),
    ("tag in [ ]", "tag in []"),
    ("(((true)))", "true"),
    ("not(true)", "not true"),
    ("not (true and false)", "not (true and false)"),
    ("true and (false and true)", "true and false and true"),
    ("(true and false) and true", "true and false and true"),
    ("true or (false or true)", "true or false or true"),
    ("true or (false and true)", "true or false and true"),
    ("(true or false) and true", "(true or false) and true"),
    ("not (not true)", "not not true"),
    ("(not true) and false", "not true and false"),
    ("version<12", "version < 12"),
    ("version == 07.010", "version == 07.010"),  # numbers stay as written
    ("os.eol<2026-01-01", "os.eol < 2026-01-01"),
    ("arch!=none", "arch != none"),
    ("tag not   in [none, 'x']", 'tag not in [none, "x"]'),
    ("'slim' not in flavours", '"slim" not in flavours'),
    ('tag ~ "^\\d+$"', 'tag ~ "^\\d+$"'),  # a lone backslash stays single
    ("tag ~ '^\\\\d+$'", 'tag ~ "^\\d+$"'),  # \\d is the same string as \d
    ("tag == 'say \"hi\"'", 'tag == "say \\"hi\\""'),
    ('tag == "it\'s"', 'tag == "it\'s"'),
    ("tag == 'it\\'s'", 'tag == "it\'s"'),
    ('tag == "a\\\\"', 'tag == "a\\\\"'),  # a backslash at the end stays doubled
    ('tag == "\\\\n"', 'tag == "\\\\n"'),  # backslash + n, not a newline
    ('tag == "tab\there"', 'tag == "tab\\there"'),
    ('tag == "\\t"', 'tag == "\\t"'),
    ('tag == "line\nbreak"', 'tag == "line\\nbreak"'),
    ('tag == "\\r\\n"', 'tag == "\\r\\n"'),
    ('tag matches "a\\*"', 'tag matches "a\\*"'),
    ("tag == 'é'", 'tag == "é"'),
    ("flavours == ['slim', 'nonroot']", 'flavours == ["slim", "nonroot"]'),
]


@pytest.mark.parametrize(("source", "pretty"), PRETTY)
def test_pretty(source: str, pretty: str) -> None:
    condition = compile_condition(source)
    assert condition.pretty() == pretty
    again = compile_condition(pretty)
    assert again == condition
    assert again.pretty() == pretty
    assert hash(again) == hash(condition)


STRINGS = [
    # literal as written, the string it means
    ('"plain"', "plain"),
    ("'plain'", "plain"),
    ('""', ""),
    ('"\\""', '"'),
    ("'\\''", "'"),
    ('"\'"', "'"),
    ("'\"'", '"'),
    ('"\\\\"', "\\"),
    ('"\\n\\t\\r"', "\n\t\r"),
    ('"\\d\\.\\*"', "\\d\\.\\*"),  # unknown escapes are kept as written
    ('"\\x41"', "\\x41"),
    ('"raw\nnewline"', "raw\nnewline"),
]


@pytest.mark.parametrize(("literal", "meaning"), STRINGS)
def test_string_literals(literal: str, meaning: str) -> None:
    condition = compile_condition(f"tag == {literal}")
    assert condition({"tag": meaning}) is True
    assert condition({"tag": meaning + "x"}) is False


SAME_TREE = [
    # precedence and grouping: the left is read as the right
    ("app == 'x' or tag == 'y' and arch == 'z'", "app == 'x' or (tag == 'y' and arch == 'z')"),
    ("not app == 'x' and tag == 'y'", "(not (app == 'x')) and tag == 'y'"),
    ("not app == 'x' or tag == 'y'", "(not app == 'x') or tag == 'y'"),
    ("app == 'x' and tag == 'y' or arch == 'z'", "(app == 'x' and tag == 'y') or arch == 'z'"),
    ("app == 'x' and (tag == 'y' and arch == 'z')", "(app == 'x' and tag == 'y') and arch == 'z'"),
    ("not not app == 'x'", "not (not (app == 'x'))"),
    ("'slim' not in flavours or true", "('slim' not in flavours) or true"),
]


@pytest.mark.parametrize(("source", "grouped"), SAME_TREE)
def test_precedence(source: str, grouped: str) -> None:
    assert compile_condition(source) == compile_condition(grouped)


def test_different_trees_differ() -> None:
    assert compile_condition("true or true and false") != compile_condition(
        "(true or true) and false"
    )
    assert compile_condition("version == 7") != compile_condition('version == "7"')
    assert compile_condition("version == 7") != compile_condition("version == 7.0")
    assert compile_condition("true and false") != compile_condition("true or false")
    assert compile_condition("true") != "true"


# --- the Condition value ---------------------------------------------------------------


def test_condition_value() -> None:
    source = "os.family == 'debian'  and os.version<12 or 'slim' in flavours"
    condition = compile_condition(source)
    assert isinstance(condition, Condition)
    assert condition.source == source
    assert condition.fields == frozenset({"os.family", "os.version", "flavours"})
    assert condition.pretty() == 'os.family == "debian" and os.version < 12 or "slim" in flavours'
    assert repr(condition) == f"Condition({condition.pretty()!r})"
    assert compile_condition("true").fields == frozenset()
    copy = pickle.loads(pickle.dumps(condition))
    assert copy == condition
    assert copy.source == source
    assert copy(NODE) is True
    assert len({condition, compile_condition(condition.pretty())}) == 1


def test_fields() -> None:
    assert {
        "registry",
        "namespace",
        "app",
        "repository",
        "tag",
        "digest",
        "version",
        "precision",
        "prerelease",
        "os.family",
        "os.version",
        "os.codename",
        "os.eol",
        "flavours",
        "variants",
        "alias",
        "arch",
        "kind",
        "path",
    } == FIELDS


def test_a_subject_may_be_any_mapping() -> None:
    from types import MappingProxyType

    condition = compile_condition('app == "redis" and version < 8')
    assert condition(MappingProxyType(REDIS)) is True


# --- errors -----------------------------------------------------------------------------

ERRORS = [
    # source, position, reason
    # syntax
    ("", 0, "expected a condition, found the end"),
    ("   ", 3, "expected a condition, found the end"),
    ("app", 3, "expected an operator, found the end"),
    ("app ==", 6, "expected a value, found the end"),
    ('app == "redis" tag', 15, "expected 'and', 'or' or the end, found 'tag'"),
    ('app == "redis" and', 18, "expected a condition, found the end"),
    ('app == "redis" or or', 18, "expected a condition, found 'or'"),
    ("not", 3, "expected a condition, found the end"),
    ('(app == "redis"', 15, "expected 'and', 'or' or ')', found the end"),
    ('app == "redis")', 14, "expected 'and', 'or' or the end, found ')'"),
    ("()", 1, "expected a condition, found ')'"),
    ("== 'x'", 0, "expected a condition, found '=='"),
    ("app == redis", 7, "expected a value, found 'redis'"),
    ("app == tag", 7, "expected a value, found 'tag'"),
    ("app is 'x'", 4, "expected an operator, found 'is'"),
    ("app == 'x", 7, "the string is not closed"),
    ('app == "x\\"', 7, "the string is not closed"),
    ("app = 'x'", 4, "use '==' to compare"),
    ("app !~ 'x'", 4, "'!~' is not an operator: write not (field ~ \"pattern\")"),
    ("app == 'x' && tag == 'y'", 11, "use 'and'"),
    ("app == 'x' || tag == 'y'", 11, "use 'or'"),
    ("!app == 'x'", 0, "use 'not'"),
    ("app == 'x' AND tag == 'y'", 11, "keywords are lowercase: write 'and'"),
    ("NOT app == 'x'", 0, "keywords are lowercase: write 'not'"),
    ("tag in ['a' 'b']", 12, "expected ',' or ']', found \"'\""),
    ("tag in ['a',, 'b']", 12, "expected a value or ']', found ','"),
    ("tag in ['a'", 11, "expected ',' or ']', found the end"),
    ("tag in [", 8, "expected a value or ']', found the end"),
    ("tag in [['a']]", 8, "expected a value or ']', found '['"),
    ("tag == 12abc", 7, "expected a value, found '12abc'"),
    ("version < 1.", 10, "expected a value, found '1.'"),
    ("version < 1.2.", 10, "expected a value, found '1.2.'"),
    ("version < 1-2", 10, "expected a value, found '1-2'"),
    ("os.eol < 2026-1-1", 9, "write a date as 2026-01-31"),
    ("os.eol < 26-01-01", 9, "expected a value, found '26-01-01'"),
    ("os.eol < 2026-01-01x", 9, "expected a value, found '2026-01-01x'"),
    ("AND", 0, "keywords are lowercase: write 'and'"),
    ("'slim' == flavours", 7, "expected 'in' or 'not in', found '=='"),
    ("'slim' in 'flavours'", 10, 'expected a field, found "\'"'),
    ("true in flavours", 5, "expected 'and', 'or' or the end, found 'in'"),
    ("app == 'x'\tor", 13, "expected a condition, found the end"),  # tabs count as one
    ("app ==\n'x' )", 11, "expected 'and', 'or' or the end, found ')'"),
    # unknown fields, with a suggestion
    ("verison < 12", 0, "unknown field 'verison'; did you mean 'version'?"),
    ("OS.family == 'x'", 0, "unknown field 'OS.family'; did you mean 'os.family'?"),
    ("os.famly == 'x'", 0, "unknown field 'os.famly'; did you mean 'os.family'?"),
    ("flavors == []", 0, "unknown field 'flavors'; did you mean 'flavours'?"),
    ("'slim' in flavors", 10, "unknown field 'flavors'; did you mean 'flavours'?"),
    ("true and registy == 'x'", 9, "unknown field 'registy'; did you mean 'registry'?"),
    ("image == 'x'", 0, "unknown field 'image'; fields are " + ", ".join(sorted(FIELDS))),
    # types: known from the text
    ("flavours < 3", 9, 'flavours is a list: use "value" in flavours, or == / != a whole list'),
    ("flavours == 'slim'", 12, 'flavours is a list: write "value" in flavours'),
    ("flavours in ['slim']", 0, 'flavours is a list: write "value" in flavours'),
    ("flavours == none", 12, "flavours is never none: compare it with []"),
    ("flavours == [1]", 13, "flavours holds strings: quote the value"),
    (
        "flavours matches 'x'",
        9,
        'flavours is a list: use "value" in flavours, or == / != a whole list',
    ),
    ("1 in flavours", 0, "flavours holds strings: quote the value"),
    ("'x' in tag", 7, "'tag' is not a list: 'in' needs flavours or variants on its right"),
    ("tag == 7", 7, "tag is text: quote the value"),
    ("tag in ['7', 8]", 13, "tag is text: quote the value"),
    ("tag < 12", 6, "tag is text: quote the value to compare text"),
    ("tag == 2026-01-01", 7, "tag is text: quote the value"),
    ("tag == true", 7, "no field is true or false: tag holds text"),
    ("version == false", 11, "no field is true or false: version holds a version"),
    ("tag in ['a', true]", 13, "no field is true or false: tag holds text"),
    ("os.eol not in [false]", 15, "no field is true or false: os.eol holds a date"),
    ("tag == ['a']", 7, "use 'in' to compare with each value of a list"),
    ("tag in 'a'", 7, '\'in\' needs a list, such as ["a", "b"]'),
    ("tag not in none", 11, '\'not in\' needs a list, such as ["a", "b"]'),
    ("tag < none", 6, "none has no order: use == none or != none"),
    ("tag < ['a']", 6, "'<' compares with one value, not a list"),
    ("tag matches 1", 12, "'matches' needs a quoted pattern"),
    ("tag ~ none", 6, "'~' needs a quoted pattern"),
    ("version < 'bookworm'", 10, "'bookworm' is not a version"),
    ("version == 2026-01-01", 11, "version is a version: compare it with a number or a string"),
    (
        "version < 2026-01-01",
        10,
        "version is a version: compare it with a number or a quoted version",
    ),
    ("os.eol < 2026", 9, "os.eol is a date: write it as 2026-01-31, without quotes"),
    ("os.eol == '2026-01-01'", 10, "os.eol is a date: write it as 2026-01-31, without quotes"),
    ("os.eol in [2026-01-01, 'x']", 23, "os.eol is a date: write it as 2026-01-31, without quotes"),
    ("os.eol matches '2026-*'", 7, "'matches' compares text, and os.eol holds a date"),
    ("os.eol < 2026-13-01", 9, "2026-13-01 is not a date: month must be in 1..12"),
    ("os.eol == 2025-02-29", 10, "2025-02-29 is not a date: day is out of range for month"),
    # patterns, checked when compiled
    ("tag ~ '('", 6, "bad regular expression: missing ), unterminated subpattern at position 0"),
    (
        "tag ~ 'a{2,1}'",
        6,
        "bad regular expression: min repeat greater than max repeat at position 2",
    ),
    ("tag matches '['", 12, "bad glob pattern: expected a character in the class"),
    ("tag matches 'a\\\\'", 12, "bad glob pattern: '\\' at the end of the pattern"),
    ("tag matches '[a-]'", 12, "bad glob pattern: expected a character in the class"),
]


@pytest.mark.parametrize(("source", "position", "reason"), ERRORS)
def test_errors(source: str, position: int, reason: str) -> None:
    with pytest.raises(InvalidCondition) as caught:
        compile_condition(source)
    error = caught.value
    assert (error.position, error.reason) == (position, reason)
    assert error.source == source
    assert isinstance(error, TagsenseError)
    assert isinstance(error, ValueError)


def test_error_message_has_a_caret() -> None:
    with pytest.raises(InvalidCondition) as caught:
        compile_condition('os.family == "debian" and os.verison < 12')
    assert str(caught.value) == (
        "invalid condition: unknown field 'os.verison'; did you mean 'os.version'?\n"
        '  os.family == "debian" and os.verison < 12\n'
        "                            ^"
    )
    with pytest.raises(InvalidCondition) as caught:
        compile_condition('app == "redis" and')
    assert str(caught.value) == (
        "invalid condition: expected a condition, found the end\n"
        '  app == "redis" and\n'
        "                    ^"
    )
    with pytest.raises(InvalidCondition) as caught:
        compile_condition("tag ~ '[' or\ttrue")
    assert str(caught.value) == (
        "invalid condition: bad regular expression: unterminated character set at position 0\n"
        "  tag ~ '[' or\ufffdtrue\n"
        "        ^"
    )


def test_error_value() -> None:
    error = InvalidCondition("tag ==", 6, "expected a value, found the end")
    assert repr(error) == (
        "InvalidCondition(source='tag ==', position=6, reason='expected a value, found the end')"
    )
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.source, copy.position, copy.reason) == (error.source, 6, error.reason)
    assert str(copy) == str(error)


def test_nesting_is_bounded() -> None:
    fine = "(" * 40 + "true" + ")" * 40
    assert compile_condition(fine)({}) is True
    deep_not = "not " * 60 + "true"
    with pytest.raises(InvalidCondition, match="nested"):
        compile_condition(deep_not)
    with pytest.raises(InvalidCondition, match="nested"):
        compile_condition("(" * 5000 + "true" + ")" * 5000)


def test_long_chains_are_not_nested() -> None:
    chain = " and ".join(["true"] * 3000)
    assert compile_condition(chain)({}) is True
    chain = " or ".join(["false"] * 3000)
    assert compile_condition(chain)({}) is False


# --- pyparsing is imported when a condition is compiled, not before -----------------


def run_python(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return result.stdout.strip()


def test_pyparsing_is_imported_lazily() -> None:
    out = run_python(
        "import sys\n"
        "import tagsense.policy.expr as expr\n"
        "print('pyparsing' in sys.modules)\n"
        "condition = expr.compile_condition('version < 12')\n"
        "print('pyparsing' in sys.modules, condition({'version': '7.0'}))\n"
    )
    assert out.splitlines() == ["False", "True True"]


def test_evaluation_needs_no_parser() -> None:
    # A compiled condition keeps no reference to pyparsing objects: it is closures.
    out = run_python(
        "import sys\n"
        "from tagsense.policy.expr import compile_condition\n"
        'c = compile_condition(\'app in ["redis"] and version < 12 and tag ~ "^7"\')\n'
        "for name in [m for m in sys.modules if m.startswith('pyparsing')]:\n"
        "    sys.modules[name] = None\n"
        "print(c({'app': 'redis', 'version': '7.0', 'tag': '7.0'}))\n"
    )
    assert out == "True"
