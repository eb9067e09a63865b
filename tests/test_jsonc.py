"""JSON with comments, with positions (sources._jsonc): what devcontainer.json is written in."""

from __future__ import annotations

import json

import pytest

from tagsense.sources._jsonc import MAX_DEPTH, Value, get, members, parse_jsonc


def plain(value: Value | None) -> object:
    """A parsed value as json.loads gives it (a repeated name: the last one)."""
    assert value is not None
    if value.kind == "object":
        return {name: plain(member) for name, _, member in members(value)}
    if value.kind == "array":
        return [plain(item) for item in value.items]
    if value.kind == "number":
        return json.loads(str(value.data))
    return {"true": True, "false": False, "null": None}.get(value.kind, value.data)


def test_positions_are_where_the_text_is_written() -> None:
    # (tabs, as the vscode-dev-containers definitions indent)
    text = '{\n\t"name": "Python 3",\n\t"build": {\n\t\t"args": { "VARIANT": "3.11" }\n\t}\n}\n'
    parsed = parse_jsonc(text)
    assert parsed.error is None
    name = get(parsed.value, "name")
    assert name is not None and (name.text, name.line, name.column) == ("Python 3", 2, 11)
    variant = get(get(get(parsed.value, "build"), "args"), "VARIANT")
    assert variant is not None and (variant.line, variant.column) == (4, 25)
    build = get(parsed.value, "build")
    assert build is not None and (build.kind, build.line, build.column) == ("object", 3, 11)


def test_comments_and_trailing_commas() -> None:
    text = """// For format details, see https://aka.ms/devcontainer.json
{
  "image": "mcr.microsoft.com/devcontainers/base:ubuntu", // the base
  /* a block
     comment */ "url": "https://example.com/a//b/*c*/",
  "list": [1, 2,],
}
"""
    parsed = parse_jsonc(text)
    assert parsed.error is None
    assert plain(parsed.value) == {
        "image": "mcr.microsoft.com/devcontainers/base:ubuntu",
        "url": "https://example.com/a//b/*c*/",  # (a "//" in a string is no comment)
        "list": [1, 2],
    }
    assert [(c.line, c.column, c.text[:4]) for c in parsed.comments] == [
        (1, 1, "// F"),
        (3, 59, "// t"),
        (4, 3, "/* a"),
    ]
    url = get(parsed.value, "url")
    assert url is not None and (url.line, url.column) == (5, 25)


@pytest.mark.parametrize(
    ("written", "text"),
    [
        (r'"a\/b"', "a/b"),
        (r'"tab\there"', "tab\there"),
        (r'"\u00e9\"\\"', 'é"\\'),
        (r'"\ud83d\ude00"', "\U0001f600"),
        ('"' + "x" * 5000 + '"', "x" * 5000),  # (YAML's simple keys stop at 1,024)
    ],
)
def test_escapes_decode_as_json_does(written: str, text: str) -> None:
    parsed = parse_jsonc(f"{{{written}: {written}}}")
    assert parsed.error is None
    ((name, _, value),) = members(parsed.value)
    assert name == text and value.text == text


def test_a_repeated_name_keeps_the_last_value() -> None:
    parsed = parse_jsonc('{"image": "a:1", "image": "b:2"}')
    image = get(parsed.value, "image")
    assert image is not None and image.text == "b:2"
    assert [name for name, _, _ in members(parsed.value)] == ["image"]


def test_a_colon_on_the_next_line_is_json() -> None:
    parsed = parse_jsonc('{"image"\n  : "alpine:3.20"}')
    image = get(parsed.value, "image")
    assert image is not None and (image.line, image.column) == (2, 6)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            '{\n  "image": alpine\n}',
            2,
            "unexpected 'alpine' (a string is written in double quotes)",
        ),
        ('{\n  "a": 1\n  "b": 2\n}', 3, "',' or '}' expected"),
        ('{"a"}', 1, "':' expected after a property name"),
        ("[1 2]", 1, "',' or ']' expected"),
        ("[1,,2]", 1, "a value expected"),
        ("{,}", 1, "a property name (a string) expected"),
        ("{'a': 1}", 1, 'unexpected character "\'"'),
        ("{\n# not a comment\n}", 2, "unexpected character '#'"),
        ('{"a": 01}', 1, "an invalid number"),
        ('{"a": 1.}', 1, "an invalid number"),
        ('{\n"a": "b\n"}', 2, "a string that is never closed ('\"' expected on its line)"),
        ('{"a": "\\x41"}', 1, "invalid escape '\\\\x' in a string"),
        ('{"a": "\\u12"}', 1, "'\\u' must be followed by four hexadecimal digits"),
        ('{"a": "b\tc"}', 1, "a control character (U+0009) in a string"),
        ("{\n/* open", 2, "a comment that is never closed ('*/' expected)"),
        ("", 1, "a value expected, not an empty text"),
        ("// nothing\n", 2, "a value expected, not an empty text"),
        ('{"a": 1}\n{', 2, "the end of the text expected"),
        ('{"a":\n  ' + "[" * (MAX_DEPTH + 1), 2, f"nested more than {MAX_DEPTH} deep"),
        ('{"a": truex}', 1, "unexpected 'truex' (a string is written in double quotes)"),
    ],
)
def test_what_is_not_jsonc_is_one_error_at_its_line(text: str, line: int, message: str) -> None:
    parsed = parse_jsonc(text, path="devcontainer.json")
    assert parsed.value is None
    assert parsed.error is not None
    assert (parsed.error.path, parsed.error.line) == ("devcontainer.json", line)
    assert parsed.error.message == "invalid JSON: " + message


def test_values_are_immutable() -> None:
    parsed = parse_jsonc('{"a": [1]}')
    with pytest.raises(AttributeError, match="immutable"):
        parsed.value.line = 2  # type: ignore[union-attr]
    assert isinstance(parsed.value.data, tuple)  # type: ignore[union-attr]
