"""The shell reader's cheaper forms of its hottest small questions give the answers of the
plain definitions they replaced, on any text.

A cold one-file check of aquasecurity/tracee's ``scripts/lib.sh`` asks them hundreds of
thousands of times (every line of every function body, at each call): ``_is_operator``
360,000 times, ``_assignment``'s character test a million characters, ``_self_default``
4,000 times with a pattern made for each name (more than :mod:`re`'s cache keeps),
``quoted_delimiters`` 135,000 times for lines that open no here-document, ``unknown_for``
35,000 times for the same few texts. Each definition below is the one the module had.
"""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from tagsense.sources.builds._shell_parameters import _assignment, _names_in, _self_default
from tagsense.sources.builds._shell_text import (
    _is_operator,
    _is_redirection,
    quoted_delimiters,
)
from tagsense.sources.builds._shell_values import OPERATOR_CHARS, unknown_for

# (the characters the questions turn on, and others: letters of other scripts, digits)
SHELLY = st.text(alphabet=st.sampled_from(list(";&|()<>$_{}:-=\"'\\ aZ9é٣xDOCKER")), max_size=12)
NAMES = st.text(alphabet=st.sampled_from(list("_aZ9é٣D")), min_size=1, max_size=5)


def _operator_before(token: str) -> bool:
    return bool(token) and all(char in OPERATOR_CHARS for char in token)


def _redirection_before(token: str) -> bool:
    return ("<" in token or ">" in token) and all(char in "<>&|" for char in token)


def _assignment_before(word: str) -> tuple[str, str] | None:
    name, equals, value = word.partition("=")
    if not equals or not name or not (name[0] == "_" or name[0].isalpha()):
        return None
    if not all(char == "_" or char.isalnum() for char in name) or not name.isascii():
        return None
    return name, value


def _self_default_before(name: str, word: str, *, whole: bool = True) -> bool:
    pattern = r"\$\{" + re.escape(name) + r":?[-=][^}]*\}"
    if whole:
        return re.fullmatch(r'"?' + pattern + r'"?', word) is not None
    return re.search(pattern, word) is not None


@given(SHELLY)
@example("")
@example(";;")
@example("&>")
@example("2>&1")
def test_operator_and_redirection_as_before(token: str) -> None:
    assert _is_operator(token) == _operator_before(token)
    assert _is_redirection(token) == _redirection_before(token)


@given(SHELLY, SHELLY)
@example("A_9", "x")
@example("_", "")
@example("é", "x")
@example("A٣", "x")
def test_assignment_as_before(name: str, value: str) -> None:
    word = f"{name}={value}"
    assert _assignment(word) == _assignment_before(word)
    assert _assignment(name) == _assignment_before(name)


@given(NAMES, SHELLY, st.booleans())
@example("DOCKER", "${DOCKER:-false}", True)
@example("DOCKER", '"${DOCKER=x}"', True)
@example("A", "x${A-}y", False)
@example("A", "${AB:-x}", False)
def test_self_default_as_before(name: str, word: str, whole: bool) -> None:
    for text in (word, f"${{{name}:-{word}}}", f'"${{{name}={word}}}"'):
        assert _self_default(name, text, whole=whole) == _self_default_before(
            name, text, whole=whole
        )


@given(SHELLY)
def test_names_in_as_before(word: str) -> None:
    assert _names_in(word) == re.findall(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)", word)


@given(SHELLY)
@example("cat <<'EOF'")
@example("echo '<<EOF'")
def test_a_line_with_no_here_document_has_no_quoted_delimiter(chunk: str) -> None:
    assert quoted_delimiters(chunk, 0) == []


@given(st.text(max_size=20) | st.sampled_from(["DOCKER", "KUBECTL_BIN", "shell which oc", "KIND"]))
def test_unknown_for_kept_answers_as_computed(text: str) -> None:
    first = unknown_for(text)
    assert unknown_for(text) == first == unknown_for.__wrapped__(text)
