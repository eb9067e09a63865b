"""The regular-expression splitter of shell words gives what :mod:`shlex` gives.

``_split_fast`` replaces shlex's character-by-character lexer where it can (micropython's
compiler lines, thousands of characters, made a one-file check spend a third of its time
there); where it cannot it says so and shlex decides."""

from __future__ import annotations

import shlex

from hypothesis import given
from hypothesis import strategies as st

from tagsense.sources.builds._shell_text import _split_fast, split_words


def _shlex(text: str) -> tuple[str, ...] | None:
    lexer = shlex.shlex(text, posix=True, punctuation_chars=";&|()<>")
    lexer.whitespace_split = True
    lexer.commenters = ""
    try:
        return tuple(lexer)
    except ValueError:
        return None


#: The characters that matter to a shell's words, and a few that do not.
_SHELL_TEXT = st.text(alphabet=" \t\n\r;&|()<>'\"\\$#={}ab-./\ue000é", max_size=40)


@given(_SHELL_TEXT)
def test_fast_split_is_shlex_where_it_answers(text: str) -> None:
    fast = _split_fast(text)
    if fast is not None:
        assert fast == _shlex(text)


@given(_SHELL_TEXT)
def test_split_words_is_shlex(text: str) -> None:
    expected = _shlex(text)
    assert split_words(text) == (list(expected) if expected is not None else None)


def test_fast_split_answers_quoted_compiler_lines() -> None:
    # (micropython ports/unix's `CC` recipe once Make expanded it, shortened)
    line = (
        'echo "CC main.c" ; gcc -DMBEDTLS_CONFIG_FILE=\\"mbedtls/config.h\\" -I../../lib'
        " -c -o build/main.o main.c"
    )
    fast = _split_fast(line)
    assert fast is not None
    assert fast == _shlex(line)
    assert fast[:4] == ("echo", "CC main.c", ";", "gcc")
    assert '-DMBEDTLS_CONFIG_FILE="mbedtls/config.h"' in fast


def test_fast_split_leaves_an_open_quote_to_shlex() -> None:
    assert _split_fast("echo 'open") is None
    assert split_words("echo 'open") is None
    assert _split_fast("trailing \\") is None
