"""Go path.Match globs: tagsense translates them to regexes; Go walks them.

The differential test runs a line-by-line port of Go's ``path.Match`` (the
walking algorithm, a different technique) against the translation.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tagsense import InvalidPattern, parse_reference
from tagsense._glob import compile_glob


class BadPattern(Exception):
    pass


def go_match(pattern: str, name: str) -> bool:
    """Go's path.Match, ported statement by statement."""
    while pattern:
        star, chunk, pattern = scan_chunk(pattern)
        if star and chunk == "":
            return "/" not in name
        t, ok = match_chunk(chunk, name)
        if ok and (t == "" or pattern):
            name = t
            continue
        if star:
            i = 0
            found = False
            while i < len(name) and name[i] != "/":
                t, ok = match_chunk(chunk, name[i + 1 :])
                if ok:
                    if not pattern and t:
                        i += 1
                        continue
                    name = t
                    found = True
                    break
                i += 1
            if found:
                continue
        while pattern:
            _, chunk, pattern = scan_chunk(pattern)
            match_chunk(chunk, "")
        return False
    return name == ""


def scan_chunk(pattern: str) -> tuple[bool, str, str]:
    star = False
    while pattern and pattern[0] == "*":
        pattern = pattern[1:]
        star = True
    in_range = False
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            if i + 1 < len(pattern):
                i += 1
        elif c == "[":
            in_range = True
        elif c == "]":
            in_range = False
        elif c == "*" and not in_range:
            return star, pattern[:i], pattern[i:]
        i += 1
    return star, pattern, ""


def get_esc(chunk: str) -> tuple[str, str]:
    if not chunk or chunk[0] in "-]":
        raise BadPattern
    if chunk[0] == "\\":
        chunk = chunk[1:]
        if not chunk:
            raise BadPattern
    r, rest = chunk[0], chunk[1:]
    if not rest:
        raise BadPattern
    return r, rest


def match_chunk(chunk: str, s: str) -> tuple[str, bool]:
    failed = False
    while chunk:
        if not failed and not s:
            failed = True
        c = chunk[0]
        if c == "[":
            r = ""
            if not failed:
                r, s = s[0], s[1:]
            chunk = chunk[1:]
            negated = bool(chunk) and chunk[0] == "^"
            if negated:
                chunk = chunk[1:]
            matched, count = False, 0
            while True:
                if chunk and chunk[0] == "]" and count > 0:
                    chunk = chunk[1:]
                    break
                lo, chunk = get_esc(chunk)
                hi = lo
                if chunk[0] == "-":
                    hi, chunk = get_esc(chunk[1:])
                if lo <= r <= hi:
                    matched = True
                count += 1
            if matched == negated:
                failed = True
        elif c == "?":
            if not failed:
                if s[0] == "/":
                    failed = True
                s = s[1:]
            chunk = chunk[1:]
        else:
            if c == "\\":
                chunk = chunk[1:]
                if not chunk:
                    raise BadPattern
            if not failed:
                if chunk[0] != s[0]:
                    failed = True
                s = s[1:]
            chunk = chunk[1:]
    if failed:
        return "", False
    return s, True


def go_outcome(pattern: str, name: str) -> bool | None:
    try:
        return go_match(pattern, name)
    except BadPattern:
        return None


def our_outcome(pattern: str, name: str) -> bool | None:
    try:
        return compile_glob(pattern).fullmatch(name) is not None
    except InvalidPattern:
        return None


PATTERN_CHARS = "ab/*?[]^-\\:."
NAME_CHARS = "ab/-:.*["


@given(st.text(PATTERN_CHARS, max_size=10), st.text(NAME_CHARS, max_size=10))
@example("[-x]", "foo")
@example("foo/**/ba[rz]", "foo/b/baz")
@example("*/b", "a/b")
@example("a\\", "a")
@example("[a-", "a")
@example("[]a]", "]")
@example("[z-a]", "b")
@example("[^a]", "/")
def test_translation_agrees_with_go(pattern: str, name: str) -> None:
    assert our_outcome(pattern, name) == go_outcome(pattern, name)


@pytest.mark.parametrize(
    ("pattern", "reference", "expected"),
    [
        ("redis", "redis:7", True),  # the familiar name
        ("redis:7", "redis:7", True),  # the familiar string
        ("redis:*", "redis:7.2-alpine", True),
        ("docker.io/library/*", "redis:7", True),  # the full name
        ("docker.io/library/redis:7*", "redis:7.2", True),  # the full string
        ("ghcr.io/acme/*", "ghcr.io/acme/api:1.4", True),
        ("ghcr.io/acme/*", "ghcr.io/acme/team/api:1.4", False),  # '*' never crosses '/'
        ("ghcr.io/*/*", "ghcr.io/acme/api", True),
        ("bitnami/*", "bitnami/redis:7", True),
        ("*", "bitnami/redis", False),
        ("*", "redis", True),
        ("[a-c]*", "bitnami/redis", False),
        ("r?dis", "redis", True),
    ],
)
def test_matches_tries_familiar_and_full_forms(
    pattern: str, reference: str, expected: bool
) -> None:
    assert parse_reference(reference).matches(pattern) is expected


@pytest.mark.parametrize("pattern", ["[-x]", "[", "a[", "\\", "x\\", "[]", "[^]", "[a-]"])
def test_malformed_patterns_raise_tagsense_errors(pattern: str) -> None:
    with pytest.raises(InvalidPattern) as info:
        parse_reference("redis").matches(pattern)
    assert isinstance(info.value, ValueError)
    assert 0 <= info.value.position <= len(pattern)
    assert "^" in str(info.value)
