"""``while [ $# -gt 0 ]; do case "$1" in -i|--image) IMAGE="$2"; shift 2;; … esac; done``
in a script run with words known here.

mock-server/mockserver's Buildkite steps run ``.buildkite/scripts/run-in-docker.sh -i
python:3.12 -w /build/… -- bash -c …``; the wrapper's loop sets ``IMAGE="$2"; shift 2`` in
its ``-i|--image)`` arm, breaks at ``--``, and runs ``docker run … "$IMAGE" "${COMMAND_ARGS[@]}"``
(survey 41c: 18 pulls missed). When the words a script (or a function) is run with are known,
:class:`.shell.ShellReader` runs the loop as the shell does: the body read once a turn with
the words left as ``$1``…, of each ``case`` only the arm its known word picks (``$1``, or a
variable set from it: ``key="$1"; case $key in``), its ``shift``/``shift 2`` taking words
off (``--image=VALUE`` is one word: ``IMAGE="${1#*=}"; shift``); the loop ends when no word
is left, when ``break`` runs, or when a turn takes none off (a loop that waits for a run).
A word only a run knows where an option may be leaves the rest of the loop a run's, as
before (the values set so far stay). The loops read so are those whose test is that words
are left (:func:`opens`): ``$#`` greater than 0 (``[ ]``, ``[[ ]]``, ``test``, ``(( ))``),
``$1`` not empty, or ``true``/``:`` (which ``break`` ends).
"""

from __future__ import annotations

from ..._lazy import lazy_pattern

__all__ = ["in_text", "opens", "shifts"]

#: What words are left, as a loop's test says it: ``$#`` above 0, ``$1`` set.
_COUNT = r"\"?\$(?:#|\{#\})\"?"
_FIRST = r"\"?\$(?:1|\{1\})\"?"
_TESTS = (
    rf"\[\[?\s+{_COUNT}\s+-(?:gt|ne)\s+0\s+\]\]?",
    rf"\[\[?\s+{_COUNT}\s+-ge\s+1\s+\]\]?",
    rf"test\s+{_COUNT}\s+-(?:gt|ne)\s+0",
    rf"\(\(\s*{_COUNT}\s*(?:(?:>|!=)\s*0\s*)?\)\)",
    rf"\[\[?\s+-n\s+{_FIRST}\s+\]\]?",
    rf"\[\[?\s+{_FIRST}\s+!=\s+(?:\"\"|'')\s+\]\]?",
    r"true",
    r":",
)
_OPENS = lazy_pattern(rf"\s*while\s+(?:{'|'.join(_TESTS)})\s*(?P<do>;\s*do\s*)?(?:#.*)?")
#: A ``shift`` command, and a ``case`` (what a body needs to be such a loop's).
_SHIFT = lazy_pattern(r"(?m)(?:^|[;&|({)]|\bthen|\bdo|\belse)\s*shift\b")
_CASE = lazy_pattern(r"(?m)(?:^|[;&|({)]|\bthen|\bdo|\belse)\s*case\s")


def opens(chunk: str, following: str) -> bool:
    """Whether a line (``following``: the next one) opens a loop that runs while words are
    left.

    >>> opens("while [[ $# -gt 0 ]]; do", ""), opens('while [ "$#" -ne 0 ]', "do")
    (True, True)
    >>> opens('while (( "$#" )); do', ""), opens('while [ -n "$1" ]; do', "")
    (True, True)
    >>> opens("while [ $# -gt 1 ]; do", ""), opens("while true", "  echo"), opens("while :", "")
    (False, False, False)
    """
    found = _OPENS.fullmatch(chunk)
    return found is not None and (found.group("do") is not None or following.strip() == "do")


def shifts(body: str) -> bool:
    """Whether a loop's body picks an arm of a ``case`` and takes words off (``shift``).

    >>> shifts('  case "$1" in\\n    -i) IMAGE="$2"; shift 2 ;;\\n  esac')
    True
    >>> shifts("  echo $1\\n  shift"), shifts("  case $x in a) b;; esac")
    (False, False)
    """
    return _CASE.search(body) is not None and _SHIFT.search(body) is not None


def in_text(text: str) -> bool:
    """Whether a script's text has such a loop (a quick look: its opening line, a ``case``
    and a ``shift`` anywhere).

    >>> in_text('while [ $# -gt 0 ]; do\\n  case "$1" in -v) V=$2; shift 2;; esac\\ndone')
    True
    >>> in_text('while read -r line; do\\n  case "$line" in a) shift;; esac\\ndone')
    False
    """
    if "while" not in text or not shifts(text):
        return False
    lines = text.split("\n")
    return any(
        "while" in chunk
        and opens(chunk.rstrip("\r"), lines[index + 1] if index + 1 < len(lines) else "")
        for index, chunk in enumerate(lines)
    )
