"""GNU Make's text functions, on arguments already expanded (GNU Make manual, "Functions for
Transforming Text"): ``$(addprefix common-docker-,$(DOCKER_ARCHS))``, ``$(subst /,-,…)``,
``$(patsubst %.c,%.o,…)``, ``$(firstword …)``.

What only a run knows is :data:`~.shell.UNKNOWN` (or an engine's mark, :func:`~.shell.unknown_for`)
in an argument. A function that maps each word on its own keeps such a word, changed as far as
its known text allows (``$(addprefix p-,$(X))`` is ``p-`` and the unknown); one whose answer
depends on how many words an unknown part is, or on what it says (``$(sort …)``,
``$(firstword …)``, ``$(filter …)``), is unknown as a whole: :func:`apply` returns ``None``.
"""

from __future__ import annotations

import os
import re

from ._shell_values import UNKNOWN

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["ARITY", "absolute", "apply", "has_pattern", "is_unknown", "stem_of"]

#: What marks an engine an unknown value names (``.shell._ENGINE``): unknown too.
_ENGINE_MARK = "\ue002"

#: How many arguments each function takes: its last one takes the rest of the text, commas
#: and all, as GNU Make splits them (``$(subst a,b,x,y)``'s text is ``x,y``).
ARITY = {
    "subst": 3, "patsubst": 3, "strip": 1, "findstring": 2, "filter": 2, "filter-out": 2,
    "sort": 1, "word": 2, "wordlist": 3, "words": 1, "firstword": 1, "lastword": 1,
    "dir": 1, "notdir": 1, "suffix": 1, "basename": 1, "addsuffix": 2, "addprefix": 2,
    "join": 2,
}  # fmt: skip


def is_unknown(text: str) -> bool:
    """Whether a run decides part of ``text``."""
    return UNKNOWN in text or _ENGINE_MARK in text


def apply(name: str, arguments: list[str]) -> str | None:
    """``$(name arguments…)``, its arguments expanded; ``None`` when only a run knows it.

    >>> apply("addprefix", ["common-docker-", "amd64 arm64"])
    'common-docker-amd64 common-docker-arm64'
    >>> apply("patsubst", ["%.c", "%.o", "a.c b.c  c.h"]), apply("sort", ["b a b"])
    ('a.o b.o c.h', 'a b')
    >>> apply("addsuffix", ["-x", "a " + UNKNOWN]) == "a-x " + UNKNOWN + "-x"
    True
    >>> apply("firstword", [UNKNOWN + " a"]) is None
    True
    """
    arguments = arguments + [""] * (ARITY.get(name, 0) - len(arguments))
    mapped = _WORDWISE.get(name)
    if mapped is not None:
        return _each_word(arguments, *mapped)
    if name == "subst":
        written, replacement, text = arguments
        if is_unknown(written) or is_unknown(replacement):
            return None
        return text.replace(written, replacement) if written else text
    if name == "strip":
        return " ".join(arguments[0].split())
    if any(is_unknown(argument) for argument in arguments):
        return None
    whole = _WHOLE.get(name)
    return whole(arguments) if whole is not None else None


def _each_word(
    arguments: list[str], change: Callable[[str, list[str]], str], keeps_unknown: bool
) -> str | None:
    """A function of each word of its last argument, the others its parameters."""
    *parameters, text = arguments
    if any(is_unknown(parameter) for parameter in parameters):
        return None
    out: list[str] = []
    for word in text.split():
        if is_unknown(word) and not keeps_unknown:
            out.append(UNKNOWN)  # (what it is, and so what is left of it, is a run's)
        else:
            out.append(change(word, parameters))
    return " ".join(word for word in out if word)  # (a word made empty is none)


def _patsubst(word: str, parameters: list[str]) -> str:
    pattern, replacement = parameters
    stem = stem_of(pattern, word)
    if stem is None:
        return word
    return replacement.replace("%", stem, 1) if "%" in replacement else replacement


def stem_of(pattern: str, word: str) -> str | None:
    """What ``%`` of ``pattern`` matches in ``word`` (``""`` for a pattern without one that
    is the word), ``None`` when it does not match.

    >>> stem_of("common-docker-%", "common-docker-arm64"), stem_of("%.c", "a.h")
    ('arm64', None)
    """
    if "%" not in pattern:
        return "" if pattern == word else None
    before, _, after = pattern.partition("%")
    if len(word) >= len(before) + len(after) and word.startswith(before) and word.endswith(after):
        return word[len(before) : len(word) - len(after)]
    return None


def _directory(word: str, _: list[str]) -> str:
    head = word.rpartition("/")[0]
    return f"{head}/" if "/" in word else "./"


def _suffix(word: str, _: list[str]) -> str:
    name = word.rpartition("/")[2]
    return name[name.rfind(".") :] if "." in name else ""


def _basename(word: str, _: list[str]) -> str:
    suffix = _suffix(word, [])
    return word[: len(word) - len(suffix)] if suffix else word


#: The functions of each word: how a word changes, and whether a word a run decides is kept,
#: changed as its known text allows.
_WORDWISE: dict[str, tuple[Callable[[str, list[str]], str], bool]] = {
    "addprefix": (lambda word, parameters: parameters[0] + word, True),
    "addsuffix": (lambda word, parameters: word + parameters[0], True),
    "patsubst": (_patsubst, False),
    "notdir": (lambda word, _: word.rpartition("/")[2], False),
    "dir": (_directory, False),
    "suffix": (_suffix, False),
    "basename": (_basename, False),
}


def _filter(arguments: list[str], keep: bool) -> str:
    patterns = arguments[0].split()
    return " ".join(
        word
        for word in arguments[1].split()
        if any(stem_of(pattern, word) is not None for pattern in patterns) == keep
    )


def _word(arguments: list[str]) -> str | None:
    number = arguments[0].strip()
    if not number.isdigit() or int(number) == 0:
        return None  # (GNU Make stops: "first argument to 'word' function must be greater …")
    words = arguments[1].split()
    return words[int(number) - 1] if int(number) <= len(words) else ""


def _wordlist(arguments: list[str]) -> str | None:
    first, last = arguments[0].strip(), arguments[1].strip()
    if not first.isdigit() or not last.isdigit() or int(first) == 0:
        return None
    return " ".join(arguments[2].split()[int(first) - 1 : int(last)])


def _join(arguments: list[str]) -> str:
    left, right = arguments[0].split(), arguments[1].split()
    length = max(len(left), len(right))
    left += [""] * (length - len(left))
    right += [""] * (length - len(right))
    return " ".join(a + b for a, b in zip(left, right, strict=True))


#: The functions of all their words at once.
_WHOLE: dict[str, Callable[[list[str]], str | None]] = {
    "findstring": lambda a: a[0] if a[0] in a[1] else "",
    "filter": lambda a: _filter(a, True),
    "filter-out": lambda a: _filter(a, False),
    "sort": lambda a: " ".join(sorted(set(a[0].split()))),
    "word": _word,
    "wordlist": _wordlist,
    "words": lambda a: str(len(a[0].split())),
    "firstword": lambda a: (a[0].split() or [""])[0],
    "lastword": lambda a: (a[0].split() or [""])[-1],
    "join": _join,
}


def absolute(words: str, directory: str) -> str:
    """``$(abspath …)``: each word joined to ``directory`` (where ``make`` runs) and
    normalised, without looking at the file system; a word a run decides is unknown.

    >>> absolute("a/../b /x/./y", "/src")
    '/src/b /x/y'
    """
    return " ".join(
        UNKNOWN if is_unknown(word) else os.path.normpath(os.path.join(directory, word))
        for word in words.split()
    )


def has_pattern(word: str) -> bool:
    """Whether a word of ``$(wildcard …)`` is a pattern (``*``, ``?``, ``[``)."""
    return re.search(r"[*?\[]", word) is not None
