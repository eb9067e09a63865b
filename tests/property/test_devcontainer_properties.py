"""devcontainer.json: the JSONC parser against json.loads, and the reader on any text.

- Any JSON value, written out as JSONC (random white space, tabs, ``//`` and ``/* */``
  comments, trailing commas, ASCII or not), parses to what :func:`json.loads` makes of
  the plain JSON.
- Any text given to the parser or to the devcontainer reader raises nothing and gives
  only :class:`~tagsense.occurrence.SourceError` values, each at a line of the text.
"""

from __future__ import annotations

import json

from hypothesis import example, given
from hypothesis import strategies as st

from tagsense.occurrence import SourceError
from tagsense.sources._jsonc import parse_jsonc
from tagsense.sources.builds.devcontainer import scan_devcontainer

from ..test_jsonc import plain

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=20,
)

_COMMENT_TEXT = st.text(st.characters(blacklist_characters="\n\r"), max_size=10)


@st.composite
def jsonc_texts(draw: st.DrawFn, value: object) -> str:
    """``value`` written as JSONC, with comments and trailing commas where JSONC allows them."""
    ascii_only = draw(st.booleans())

    def gap() -> str:
        parts = []
        for _ in range(draw(st.integers(0, 2))):
            kind = draw(st.sampled_from(["space", "line", "block"]))
            if kind == "space":
                parts.append(draw(st.sampled_from([" ", "\t", "\n", "\r\n", "  \t"])))
            elif kind == "line":
                parts.append("//" + draw(_COMMENT_TEXT) + "\n")
            else:
                parts.append("/*" + draw(_COMMENT_TEXT).replace("*/", "") + "*/")
        return "".join(parts)

    def write(item: object) -> str:
        if isinstance(item, dict):
            inner = [
                gap() + json.dumps(key, ensure_ascii=ascii_only) + gap() + ":" + gap() + write(v)
                for key, v in item.items()
            ]
            return "{" + _join(inner, draw(st.booleans())) + gap() + "}"
        if isinstance(item, list):
            return "[" + _join([gap() + write(v) for v in item], draw(st.booleans())) + gap() + "]"
        return json.dumps(item, ensure_ascii=ascii_only)

    return gap() + write(value) + gap()


def _join(parts: list[str], trailing: bool) -> str:
    return ",".join(parts) + ("," if trailing and parts else "")


@given(st.data(), json_values)
def test_jsonc_parses_as_json_loads_does(data: st.DataObject, value: object) -> None:
    text = data.draw(jsonc_texts(value))
    parsed = parse_jsonc(text)
    assert parsed.error is None, (text, parsed.error)
    assert plain(parsed.value) == json.loads(json.dumps(value))


# Text near JSONC: its punctuation, quotes, escapes, comment marks, line breaks.
_NEAR = st.text(st.sampled_from(list('{}[]:,"\\/*tfn0123456789.-+eE uU\t\n\r#ab\x00\u2028é')))
_FIELDS = ["image", "build", "dockerfile", "dockerFile", "context", "args", "target",
           "cacheFrom", "dockerComposeFile", "service", "name", "features"]  # fmt: skip


@st.composite
def devcontainer_texts(draw: st.DrawFn) -> str:
    """A devcontainer.json of random fields (values with the CLI's variables), maybe cut."""
    strings = st.sampled_from(
        ["alpine:3.20", "${localEnv:X}", "${localEnv:X:3}", "${containerEnv:Y}", "${localEnv}",
         "${localWorkspaceFolder}/x", "Dockerfile", "..", "", "A:B", "${", "x}"]
    )  # fmt: skip
    leaves = strings | st.none() | st.booleans() | st.integers(-5, 5)
    values = st.recursive(
        leaves,
        lambda children: (
            st.lists(children, max_size=3)
            | st.dictionaries(st.sampled_from(_FIELDS), children, max_size=4)
        ),
        max_leaves=12,
    )
    config = draw(st.dictionaries(st.sampled_from(_FIELDS), values, max_size=6))
    text = draw(jsonc_texts(config))
    if draw(st.booleans()):  # (damaged: cut, or something spliced in)
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(_NEAR) + text[at + draw(st.integers(0, 3)) :]
    return text


def _only_source_errors(text: str, errors: tuple[SourceError, ...]) -> None:
    lines = text.count("\n") + 1
    for error in errors:
        assert isinstance(error, SourceError)
        assert error.line is None or 1 <= error.line <= lines, (error, text)


@given(st.text() | _NEAR)
@example("[" * 100_000)
@example('{"image": "' + "\\u" * 3)
def test_any_text_parses_or_is_one_error(text: str) -> None:
    parsed = parse_jsonc(text, path="devcontainer.json")
    assert (parsed.value is None) == (parsed.error is not None)
    _only_source_errors(text, () if parsed.error is None else (parsed.error,))


@given(st.text() | _NEAR | devcontainer_texts())
@example('{"build": {"dockerfile": "Dockerfile", "args": {"V": "${localEnv}"}}}')
@example('{"image": 3, "dockerComposeFile": [null, 1, "${x}"]}')
def test_the_reader_gives_only_source_errors(text: str) -> None:
    result = scan_devcontainer(text, path=".devcontainer/devcontainer.json", env={"X": "1"})
    _only_source_errors(text, result.scan.errors)
    assert all(o.kind == "devcontainer" for o in result.scan)
    assert all(build.site.tool == "devcontainer" for build in result.builds)


_WORDS = st.sampled_from(
    ["docker", "podman", "run", "pull", "-d", "--rm", "redis:7.4", "alpine", "&&", ";", "|",
     "${localEnv:TAG:1}", "${devcontainerId}", "app:${localEnv:T}", "$X", "'", '"', "\\", "\n",
     "sh", "-c", "echo", "é"]
)  # fmt: skip
_COMMAND = st.one_of(
    st.lists(_WORDS, max_size=8).map(" ".join),
    st.lists(_WORDS, max_size=6),
)
_COMMANDS = st.one_of(_COMMAND, st.dictionaries(st.text(max_size=4), _COMMAND, max_size=3))


@given(st.dictionaries(st.sampled_from(["postStartCommand", "initializeCommand"]), _COMMANDS))
def test_any_lifecycle_command_is_read_without_error_and_each_image_is_in_the_file(
    commands: dict[str, object],
) -> None:
    text = json.dumps({"image": "alpine:3.20", **commands}, indent=1, ensure_ascii=False)
    scan = scan_devcontainer(text, path="devcontainer.json").scan
    assert list(scan.errors) == []
    lines = text.split("\n")
    for occurrence in scan:
        assert 1 <= occurrence.line <= len(lines)
        assert occurrence.reference is not None or occurrence.unresolved
        if occurrence.kind == "shell":
            assert "devcontainer_unknown" not in occurrence.text
