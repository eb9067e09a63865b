"""Compiled patterns kept on disk between runs (tagsense._regex_cache)."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tagsense import _regex_cache
from tagsense._lazy import _Method, _Pattern
from tagsense._regex_cache import compile_pattern

SRC = str(Path(__file__).resolve().parents[1] / "src")


def _real_patterns() -> list[tuple[str | bytes, int]]:
    """Patterns tagsense's readers use (module globals not yet compiled), and the grammar's."""
    from tagsense import _anatomy, _grammar
    from tagsense.sources import _expand, project
    from tagsense.sources.dockerfile import _instructions, _parser

    found: list[tuple[str | bytes, int]] = [
        (_grammar._SOURCES[name], re.ASCII) for name in sorted(_grammar._SOURCES)
    ]
    for module in (_anatomy, _expand, project, _instructions, _parser):
        for value in vars(module).values():
            lazy = value._pattern if isinstance(value, _Method) else value
            if isinstance(lazy, _Pattern) and "_source" in vars(lazy):
                found.append((lazy._source, lazy._flags))
    return found


REAL = _real_patterns()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TAGSENSE_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("TAGSENSE_NO_CACHE", raising=False)
    return tmp_path


def _entries(cache: Path) -> list[Path]:
    return [path for path in (cache / "regex").rglob("*") if path.is_file()]


def _no_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(_regex_cache.re, "compile", refuse)


def test_real_patterns_are_collected() -> None:
    assert len(REAL) > 20


def test_a_pattern_compiled_again_is_made_from_what_the_first_compile_kept(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = [re.compile(source, flags) for source, flags in REAL]
    first = [compile_pattern(source, flags) for source, flags in REAL]
    assert len(_entries(cache)) == len(set(REAL))
    _no_compiling(monkeypatch)
    again = [compile_pattern(source, flags) for source, flags in REAL]
    for made, compiled, interpreters in zip(again, first, expected, strict=True):
        # (a compiled pattern's == compares its flags, its source and its matcher's code)
        assert made == compiled == interpreters
        assert made.groupindex == interpreters.groupindex
        assert made.groups == interpreters.groups


@given(st.text(alphabet="ab09:/._-@${}[]#!/ \t=Z", max_size=40))
def test_a_kept_pattern_matches_as_the_compiled_one_does(text: str) -> None:
    for source, flags in REAL:
        made = compile_pattern(source, flags)  # (the tests' own cache: made from disk)
        compiled = re.compile(source, flags)
        subject: str | bytes = text.encode() if isinstance(source, bytes) else text
        assert _spans(made.search(subject)) == _spans(compiled.search(subject))
        assert made.findall(subject) == compiled.findall(subject)


def _spans(found: re.Match[str] | re.Match[bytes] | None) -> object:
    """Where a match and each of its groups are (matches have no == of their own)."""
    if found is None:
        return None
    return [found.span(index) for index in range(len(found.groups()) + 1)], found.groupdict()


@pytest.mark.parametrize(
    "content",
    [b"", b"not marshal", b"\xe9\x00\x01", None],
    ids=["empty", "garbage", "truncated", "foreign code"],
)
def test_an_entry_that_cannot_be_used_is_compiled_again_and_replaced(
    cache: Path, content: bytes | None
) -> None:
    import marshal

    source, flags = r"(?P<word>[a-z]+)-(\d+)", 0
    compile_pattern(source, flags)
    (entry,) = _entries(cache)
    if content is None:  # a valid entry whose code the matcher refuses
        form, kept_source, kept_flags, arguments = marshal.loads(entry.read_bytes())
        arguments = (arguments[0], [99999, *arguments[1]], *arguments[2:])
        content = marshal.dumps((form, kept_source, kept_flags, arguments))
    entry.write_bytes(content)
    made = compile_pattern(source, flags)
    assert made == re.compile(source, flags)
    assert made.fullmatch("abc-42").group("word") == "abc"
    assert compile_pattern(source, flags) == made
    assert entry.read_bytes() != content


def test_an_entry_of_another_pattern_is_not_used(cache: Path) -> None:
    import marshal

    compile_pattern(r"[a-z]+", 0)
    (entry,) = _entries(cache)
    other = compile_pattern(r"[0-9]+", 0)
    assert other.pattern == "[0-9]+"
    # (a collision: the other pattern's entry written at this one's name)
    form, _, flags, arguments = marshal.loads(entry.read_bytes())
    entry.write_bytes(marshal.dumps((form, r"[0-9]+", flags, arguments)))
    assert compile_pattern(r"[a-z]+", 0).fullmatch("abc") is not None


def test_nothing_is_kept_when_the_interpreter_would_make_another_matcher(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = _regex_cache._arguments

    def other_compiler(source: str | bytes, flags: int) -> tuple[object, ...]:
        return real("x+z", flags)  # (valid code, but not the interpreter's for the pattern)

    monkeypatch.setattr(_regex_cache, "_arguments", other_compiler)
    assert compile_pattern(r"x+y", 0).fullmatch("xxy") is not None
    assert _entries(cache) == []


def test_entries_are_the_user_s_alone(cache: Path) -> None:
    compile_pattern(r"a|b", 0)
    (entry,) = _entries(cache)
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert stat.S_IMODE(entry.parent.stat().st_mode) == 0o700


def test_no_cache_keeps_nothing(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TAGSENSE_NO_CACHE", "1")
    assert compile_pattern(r"c+", 0).fullmatch("ccc") is not None
    assert not (cache / "regex").exists()


def test_an_unwritable_cache_is_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("TAGSENSE_CACHE_DIR", str(blocker))
    assert compile_pattern(r"d+", 0).fullmatch("dd") is not None


_COUNT_COMPILES = """
import os, re._compiler, sys, traceback
compiled = []
real = re._compiler.compile
def counting(pattern, flags=0):
    callers = [frame.filename for frame in traceback.extract_stack()[:-1]]
    caller = [name for name in callers if "re" not in name.split(os.sep)][-1]
    if "tagsense" in caller:  # (not argparse's, gettext's: the standard library's own)
        compiled.append(pattern)
    return real(pattern, flags)
re._compiler.compile = counting
from tagsense.cli import main
status = main(["check", "--exit-zero", "Dockerfile"])
print(len(compiled), file=sys.stderr)
"""


def test_a_one_file_check_run_again_compiles_none_of_its_patterns(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(
        "# syntax=docker/dockerfile:1\nARG PY=3.12\nFROM python:${PY}-slim AS build\n"
        "RUN --mount=type=cache,target=/root/.cache pip install tagsense\n"
        "FROM gcr.io/distroless/python3-debian12:nonroot\nCOPY --from=build /usr /usr\n"
    )
    env = {**os.environ, "TAGSENSE_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": SRC}
    env.pop("TAGSENSE_NO_CACHE", None)
    counts = []
    for _ in range(2):
        run = subprocess.run(
            [sys.executable, "-c", _COUNT_COMPILES],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        counts.append(int(run.stderr.strip().splitlines()[-1]))
    assert counts[0] > 5
    assert counts[1] == 0
