"""Shell words of parameters: ``${…}`` operators, assignment words, what they hold.

The pure text work behind :class:`.shell.ShellReader`'s expansion (:mod:`._shell_expansion`):
``${NAME#pattern}``/``%``, ``${NAME/pattern/string}`` and the case operators, a subscript's end,
whether a word assigns (``NAME=value``) or opens an array, the names a word uses, and which
assignment's value writes an image (to say where a pull's image is written).
"""

from __future__ import annotations

import functools
import re

from ..._lazy import lazy_pattern
from . import _arrays
from ._shell_scan import _name_of, _written_word
from ._shell_text import continues, prepare_open, split_words
from ._shell_values import (
    ENGINE,
    FILE_DIRECTORY_MARK,
    MAX_SPAN,
    REPOSITORY_TOP,
    SPLIT,
    TOP_DIRECTORY,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable


#: A word that uses ``getopts``' ``OPTARG``: ``$OPTARG``, ``${OPTARG}``, ``"${OPTARG}/"``.
_OPTARG_WORD = lazy_pattern(r"\$\{?OPTARG(?![A-Za-z0-9_])")


#: A word that uses a script's argument with a default: ``"${1:-}"``, ``${2-release}``.
_ARGUMENT_DEFAULT = lazy_pattern(r"\$\{[1-9][0-9]*:?-")


#: A name as a word of its own, not an expansion's (``$NAME``, ``${NAME}``, ``${#NAME}``).
_NAME_WRITTEN = lazy_pattern(r"(?<![\w$#!{])[A-Za-z_]\w*(?!\w)")


#: Quoted text of a prepared script (see ``._shell_text.prepare``).
_QUOTED_TEXT = lazy_pattern(r"'[^']*'|\"(?:[^\"\\]|\\.)*\"", re.DOTALL)


#: A command that sources a file or runs ``eval``, which may set any variable (as a command:
#: not the ``.`` of ``find . -name``).
_SOURCES_OR_EVALS = lazy_pattern(
    r"(?:^|[;&|({`]|\b(?:then|do|else))[ \t]*(?:source|\.|eval)[ \t]", re.MULTILINE
)


#: A value that is a parameter with an empty default: ``${b:-""}``, ``"${b:-}"``.
#: A lookup of an associative array's element (``${NAME[``), see ``_keyed_values``.
_MAP_LOOKUP = lazy_pattern(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\[")


#: The most keys of an associative array whose values an assignment is read with, each.
_MAX_KEYED = 32


_EMPTY_DEFAULT = lazy_pattern(r"\"?\$\{[A-Za-z_][A-Za-z0-9_]*:?-(?:\"\"|'')?\}\"?")


@functools.lru_cache(maxsize=16)
def _named_once(text: str) -> frozenset[str]:
    """The names a script writes once as words of their own, not as expansions (``$NAME``,
    ``${NAME…}``); none when it sources a file or runs ``eval``, which may set any (see
    :meth:`ShellReader._set_only_here`). A ``. ~/.cargo/env`` in a quoted ``sh -c`` script is
    a container's, not this shell's."""
    if _SOURCES_OR_EVALS.search(_QUOTED_TEXT.sub(" ", prepare_open(text)[0])) is not None:
        return frozenset()
    counts: dict[str, int] = {}
    for name in _NAME_WRITTEN.findall(text):
        counts[name] = counts.get(name, 0) + 1
    return frozenset(name for name, count in counts.items() if count == 1)


def _subscript_end(subscript: str) -> int | None:
    """Where the ``]`` closing a parameter's subscript (``[$key]-${A[x]}``) is, past the
    ``[``/``]`` and ``${…}`` it holds; None when there is none."""
    depth = 0
    for at, character in enumerate(subscript):
        if character in "[{":
            depth += 1
        elif character in "]}":
            depth -= 1
            if depth == 0:
                return at if character == "]" else None
    return None


#: Bash's case transformations of a value (``${NAME@U}``, ``${NAME,,}``…).
_CASE_TRANSFORMS: dict[str, Callable[[str], str]] = {
    "@U": str.upper,
    "@L": str.lower,
    "@u": lambda value: value[:1].upper() + value[1:],
    "^^": str.upper,
    ",,": str.lower,
    "^": lambda value: value[:1].upper() + value[1:],
    ",": lambda value: value[:1].lower() + value[1:],
}


def _first_positional(word: str) -> bool:
    """Whether a ``case`` word is the first positional parameter (``"$1"``, ``${1}``): the
    arms of an option loop.

    >>> _first_positional('"$1"'), _first_positional("${1}"), _first_positional('"$ACTION"')
    (True, True, False)
    """
    return word.replace('"', "").replace(SPLIT, "") in ("$1", "${1}")


def _option_value(value: str) -> bool:
    """Whether an assignment's value is an option's in an option loop: the next word
    (``"$2"``, ``${2}``) or the text after ``=`` in this one (``"${1#*=}"``).

    >>> [_option_value(value) for value in ('"$2"', "${2}", '"${1#*=}"', "$2-x", "jazzy")]
    [True, True, True, False, False]
    """
    return value.strip('"') in ("$2", "${2}", "${1#*=}", "${1##*=}")


def _removed(value: str, pattern: str, operator: str) -> str:
    """``${NAME#PATTERN}`` (``##``, ``%``, ``%%``): ``value`` without its shortest (longest)
    prefix (suffix) that the shell pattern matches. Prometheus' ``Makefile.common`` loops
    over ``VARIANT:DOCKERFILE`` words, ``dockerfile=${variant#*:}``. A part a run decides is
    taken to hold none of the pattern's own characters (the variant's name, no ``:``).

    >>> _removed("busybox:Dockerfile", "*:", "#"), _removed("a.b.c", ".*", "%%")
    ('Dockerfile', 'a')
    >>> from tagsense.sources.builds._shell_values import UNKNOWN
    >>> _removed(UNKNOWN + ":Dockerfile.distroless", "*:", "#")
    'Dockerfile.distroless'
    """
    from fnmatch import fnmatchcase

    ends = range(len(value) + 1)
    if operator.startswith("#"):
        for end in reversed(ends) if operator == "##" else ends:
            if fnmatchcase(value[:end], pattern):
                return value[end:]
    else:
        for start in ends if operator == "%%" else reversed(ends):
            if fnmatchcase(value[start:], pattern):
                return value[:start]
    return value


def _replaced(value: str, pattern: str, string: str, anchor: str) -> str:
    """``value`` with the longest match of the shell ``pattern`` replaced by ``string``: the
    first (``anchor`` ``""``), every one (``"/"``), one at the start (``"#"``) or at the end
    (``"%"``).

    >>> _replaced("percona/op:1.0", "percona/", "perconalab/", "#")
    'perconalab/op:1.0'
    >>> _replaced("a.b.c", ".", "-", "/"), _replaced("a.b.c", ".", "-", "")
    ('a-b-c', 'a-b.c')
    >>> _replaced("a.b", "*.", "", ""), _replaced("ab", "b", "x", "#")
    ('b', 'ab')
    >>> _replaced("ab", "b", "x", "%")
    'ax'
    """
    from fnmatch import fnmatchcase

    if anchor == "#":
        for end in range(len(value), 0, -1):
            if fnmatchcase(value[:end], pattern):
                return string + value[end:]
        return value
    if anchor == "%":
        for start in range(len(value)):
            if fnmatchcase(value[start:], pattern):
                return value[:start] + string
        return value
    out: list[str] = []
    start = 0
    while start < len(value):
        ends = range(len(value), start, -1)
        found = next((end for end in ends if fnmatchcase(value[start:end], pattern)), None)
        if found is None:
            out.append(value[start])
            start += 1
            continue
        out.append(string)
        start = found
        if anchor != "/":  # (the first match only)
            out.append(value[start:])
            break
    return "".join(out)


def _marked(value: str) -> bool:
    """Whether an unknown value still says something: the engine it names, or that it is the
    script's directory."""
    return any(
        mark in value for mark in (ENGINE, TOP_DIRECTORY, FILE_DIRECTORY_MARK, REPOSITORY_TOP)
    )


def _self_default(name: str, word: str, *, whole: bool = True) -> bool:
    """Whether ``word`` is (``whole``), or holds, ``${NAME:-…}`` (``-``, ``:=``, ``=``) of
    the variable ``name`` itself: its value in the environment, or a default.

    >>> _self_default("DOCKER", '${DOCKER:-false}'), _self_default("A", '"${B:-x}"')
    (True, False)
    """
    if "${" + name not in word:
        return False  # (the pattern's start: no match)
    whole_pattern, part_pattern = _self_default_patterns(name)
    if whole:
        return whole_pattern.fullmatch(word) is not None
    return part_pattern.search(word) is not None


@functools.lru_cache(maxsize=1024)
def _self_default_patterns(name: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """:func:`_self_default`'s patterns for ``name``, whole and within (compiled once: a
    reading asks of thousands of names, more than :mod:`re`'s own cache keeps)."""
    pattern = r"\$\{" + re.escape(name) + r":?[-=][^}]*\}"
    return re.compile(r'"?' + pattern + r'"?'), re.compile(pattern)


def _names_in(word: str) -> list[str]:
    """The variables a word names (``$NAME``, ``${NAME…}``)."""
    return _NAMES_IN.findall(word) if "$" in word else []


_NAMES_IN = lazy_pattern(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")


def _sets_variable(word: str) -> bool:
    """Whether a word assigns a variable: ``NAME=value``, or an array's (``NAME=(…)``)."""
    return _assignment(word) is not None or _arrays.ArrayAssignment.of(word) is not None


def _opens_array(prepared: str) -> bool:
    """Whether a prepared text opens an array (``ARGS=(``) that a later line closes."""
    if "=(" not in prepared:
        return False
    tokens = split_words(prepared)
    return tokens is not None and _arrays.grouped(tokens) is None


#: An assignment noted (see :meth:`ShellReader._note_assigned`).
_Assigned = tuple[str, int, int, str | None, bool]


#: How many assignments of a variable are kept; how many variables deep a command is followed.
_MAX_ASSIGNED = 8


_MAX_HELD = 4


_HELD = lazy_pattern(rf"{SPLIT}?\$(?:\{{(\w+)\}}|(\w+))")


_FIRST_VARIABLE = lazy_pattern(r"\$(?:\{(\w+)\}|(\w+))(?=\s|$)")


def _held_name(word: str) -> str | None:
    """The variable a command word is, alone (``$CMD``, ``${CMD}``), or ``None``."""
    found = _HELD.fullmatch(word)
    return (found.group(1) or found.group(2)) if found is not None else None


def _first_variable(value: str) -> str | None:
    """The variable a value as written starts with, as a word of its own (``"$CMD_DOCKER
    postgres:16 psql"``: ``CMD_DOCKER``), or ``None``."""
    found = _FIRST_VARIABLE.match(value)
    return (found.group(1) or found.group(2)) if found is not None else None


def _writes_image(value: str, image: str) -> bool:
    """Whether ``value``, as written, writes ``image`` as a word, or its name before a tag
    written with a variable (``postgres:$PG``; not ``-v postgres:/data``)."""
    found = _written_word([value], 1, 1, image)
    if found is None:
        return False
    start = found[1] - 1
    return value.startswith(image, start) or value[start + len(_name_of(image)) + 1 :][:1] == "$"


def _assignment(word: str) -> tuple[str, str] | None:
    """``NAME=value`` as (name, value), or ``None``."""
    name, equals, value = word.partition("=")
    if not equals or not name or not (name[0] == "_" or name[0].isalpha()):
        return None
    letters = name.replace("_", "")  # (each character `_` or alphanumeric)
    if (letters and not letters.isalnum()) or not name.isascii():
        return None
    return name, value


def _joined(lines: list[str], index: int, chunk: str, start: int) -> tuple[str, int]:
    """``chunk`` (ending before ``lines[index]``) with the lines its backslashes join to it."""
    while continues(chunk) and index < len(lines) and index - start < MAX_SPAN:
        chunk = chunk.rstrip("\r")[:-1] + lines[index].rstrip("\r")
        index += 1
    return chunk, index
