"""Bash arrays in shell text: ``ARGS=(…)``, ``ARGS+=(…)``, ``"${ARGS[@]}"``.

netbox-community/netbox-docker's ``build.sh`` assembles its build command in an array
(``DOCKER_BUILD_ARGS=(--pull --target main -f "${DOCKERFILE}")``, then ``-t`` and
``--build-arg "FROM=${DOCKER_FROM}"`` appended with ``+=``) and runs ``docker buildx build
"${DOCKER_BUILD_ARGS[@]}" .``: the names it builds and the arguments its Dockerfile gets are
in the array's words. What :class:`.shell.ShellReader` takes of arrays, after the bash
manual ("Arrays"):

- ``NAME=(word …)`` sets the elements, words split and quoted as a command's
  (``"${X}"`` stays one word); ``NAME+=(word …)`` appends; ``NAME[i]=value`` sets element
  ``i`` of a known array (an index a run decides, or past the end, leaves the whole array
  unknown); ``declare -a``/``local -a NAME=(…)`` too. An element written ``[i]=value``
  (sparse and associative arrays) leaves the array unknown;
- ``"${NAME[@]}"`` is each element as its own word (none for an empty array);
  ``${NAME[@]}`` unquoted splits them further, so an element with a blank or a glob
  character in it is a word only a run knows; ``"${NAME[*]}"`` is one word, the elements
  joined by spaces; ``${NAME[0]}``, ``${NAME}`` and ``$NAME`` the first element; a
  count (``${#NAME[@]}``) and the indices are a run's;
- an array that grows past :data:`MAX_ELEMENTS` elements, or
  :data:`MAX_LENGTH` characters in all, is unknown.

A script is read in order, every branch of an ``if`` or ``case`` as if it ran: an
append in a branch is in the array after it (an extra ``--label`` changes nothing; an
optional ``-t`` names an image the script builds, as a ``docker build -t`` in that
branch would; of two ``--build-arg`` values the branches append, the last one read is
the build's, as a variable keeps the value set last).

Here the words of an array assignment are one word of the command (:func:`grouped`), so
that a command is still a list of words: the name, the operator and the elements,
separated by :data:`ARRAY`.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "ARRAY",
    "MAX_ELEMENTS",
    "MAX_LENGTH",
    "UNQUOTED",
    "ArrayAssignment",
    "capped",
    "expanded_words",
    "grouped",
    "has_array_expansion",
    "index_of",
    "is_indexed",
    "keyed",
    "unquoted_array_at",
]

#: Between the parts of an array assignment made one word (see the module).
ARRAY = "\ue006"
#: Before the ``$`` of an array expansion written outside quotes (``${ARGS[@]}``).
UNQUOTED = "\ue007"
#: The most elements an array may have, and characters its elements may hold in all.
MAX_ELEMENTS = 1024
MAX_LENGTH = 64 * 1024
#: What a word the shell splits further may not hold for its value to be one word as written.
_SPLIT_FURTHER = frozenset(" \t\n*?[")


class ArrayAssignment:
    """One assignment of an array's: ``NAME=(…)`` (``elements``, ``append`` for ``+=``),
    ``NAME[subscript]=value`` and ``NAME+=value`` (``value``), as written (not expanded)."""

    __slots__ = ("append", "elements", "name", "subscript", "value")

    name: str
    append: bool
    elements: tuple[str, ...] | None
    subscript: str | None
    value: str | None

    def __init__(
        self,
        name: str,
        *,
        append: bool = False,
        elements: tuple[str, ...] | None = None,
        subscript: str | None = None,
        value: str | None = None,
    ) -> None:
        for key, given in (
            ("name", name),
            ("append", append),
            ("elements", elements),
            ("subscript", subscript),
            ("value", value),
        ):
            object.__setattr__(self, key, given)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"ArrayAssignment is immutable: cannot set {name!r}")

    @classmethod
    def of(cls, word: str) -> ArrayAssignment | None:
        """The array assignment a command's word is (``None``: none; a plain ``NAME=value``
        is none either: see :func:`._shell_parameters._assignment`).

        >>> found = ArrayAssignment.of("ARGS" + ARRAY + "+=" + ARRAY + "-t" + ARRAY + "x")
        >>> found.name, found.append, found.elements
        ('ARGS', True, ('-t', 'x'))
        >>> found = ArrayAssignment.of("ARGS[2]=x")
        >>> found.subscript, found.value, ArrayAssignment.of("A[0]") is None
        ('2', 'x', True)
        """
        if ARRAY in word:
            parts = word.split(ARRAY)
            if len(parts) < 2 or not _is_name(parts[0]) or parts[1] not in ("=", "+="):
                return None
            return cls(parts[0], append=parts[1] == "+=", elements=tuple(parts[2:]))
        head, equals, value = word.partition("=")
        if not equals or not head:
            return None
        append = head.endswith("+")
        head = head.removesuffix("+")
        name, bracket, rest = head.partition("[")
        if not _is_name(name):
            return None
        if not bracket:
            return cls(name, append=True, value=value) if append else None
        if not rest.endswith("]") or len(rest) < 2:
            return None
        return cls(name, append=append, subscript=rest[:-1], value=value)


def _is_name(text: str) -> bool:
    return (
        bool(text)
        and text.isascii()
        and (text[0] == "_" or text[0].isalpha())
        and all(char == "_" or char.isalnum() for char in text)
    )


def _array_head(token: str) -> tuple[str, str] | None:
    """``NAME=`` or ``NAME+=``, the word before an array's ``(``, as (name, operator)."""
    for operator in ("+=", "="):
        if token.endswith(operator) and _is_name(token[: -len(operator)]):
            return token[: -len(operator)], operator
    return None


def _braced(elements: list[str]) -> list[str]:
    """An array's words with a ``${…}`` that :mod:`shlex` split at a blank in it whole again
    (moodlehq/moodle-docker's ``browserparts=(${MOODLE_DOCKER_BROWSER//:/ })``: one word,
    not ``${MOODLE_DOCKER_BROWSER//:/`` and ``}``).

    >>> _braced(["${A//:/", "}", "x"])
    ['${A//:/ }', 'x']
    """
    out: list[str] = []
    open_braces = 0
    for element in elements:
        if open_braces > 0:
            out[-1] += " " + element
        else:
            out.append(element)
        open_braces = max(0, out[-1].count("${") - out[-1].count("}"))
    return out


def grouped(tokens: list[str]) -> list[str] | None:
    """A line's tokens with each ``NAME=`` ``(`` … ``)`` one word (see the module); ``None``
    when an array's ``)`` is not among them (the next lines hold the rest). :mod:`shlex`
    keeps operators together (``()``, ``);``): what follows the parentheses stays.

    >>> [word.split(ARRAY) for word in grouped(["A=", "(", "-t", "x y", ");", "b"])]
    [['A', '=', '-t', 'x y'], [';'], ['b']]
    >>> [word.split(ARRAY) for word in grouped(["A=", "()", "&&", "b"])]
    [['A', '='], ['&&'], ['b']]
    >>> grouped(["A+=", "(", "-t"]) is None
    True
    """
    if not any(token.startswith("(") for token in tokens):
        return tokens
    out: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        head = _array_head(token)
        opening = tokens[index + 1] if head is not None and index + 1 < len(tokens) else ""
        if head is None or not opening.startswith("(") or not _is_operator(opening):
            out.append(token)
            index += 1
            continue
        if opening.startswith("()"):  # (`A=()`: empty)
            end, rest = index + 1, opening[2:]
        else:
            end = index + 2
            while end < len(tokens) and not (
                tokens[end].startswith(")") and _is_operator(tokens[end])
            ):
                end += 1
            if end == len(tokens) or opening != "(":
                return None
            rest = tokens[end][1:]
        out.append(ARRAY.join((*head, *_braced(tokens[index + 2 : end]))))
        if rest:
            out.append(rest)
        index = end + 1
    return out


def _is_operator(token: str) -> bool:
    return all(char in ";&|()<>" for char in token)


def unquoted_array_at(text: str, start: int) -> bool:
    """Whether ``text`` at ``start`` (just after a ``$``) is ``{NAME[@]}`` or ``{NAME[*]}``."""
    if not text.startswith("{", start):
        return False
    end = text.find("}", start)
    inner = text[start + 1 : end] if end > 0 else ""
    return inner[-3:] in ("[@]", "[*]") and _is_name(inner[:-3])


def has_array_expansion(word: str) -> bool:
    """Whether a word may expand to several words (``${NAME[@]}``, ``${NAME[*]}``)."""
    return "[@]}" in word or "[*]}" in word


def is_indexed(element: str) -> bool:
    """Whether an element of ``NAME=(…)`` is written with its index (``[2]=x``, ``[key]=x``)."""
    return element.startswith("[") and "]=" in element


def keyed(element: str) -> tuple[str, str] | None:
    """An element written ``[key]=value`` (an associative array's), as (key, value) written.

    >>> keyed("[8.6.x]=8.6.1"), keyed("x")
    (('8.6.x', '8.6.1'), None)
    """
    if not is_indexed(element):
        return None
    key, _, value = element[1:].partition("]=")
    return key, value


def index_of(subscript: str) -> int | None:
    """The element a subscript names when it is written out (``0``, ``-1``: the last)."""
    text = subscript.strip()
    digits = text.removeprefix("-")
    return int(text) if digits.isdigit() and len(digits) < 7 else None


def capped(elements: tuple[str, ...]) -> tuple[str, ...] | None:
    """``elements``, or ``None`` (unknown) when there are too many of them, or too long."""
    if len(elements) > MAX_ELEMENTS or sum(len(element) for element in elements) > MAX_LENGTH:
        return None
    return elements


def expanded_words(
    word: str,
    expand: Callable[[str], str],
    elements: Callable[[str], tuple[str, ...]],
    unknown: str,
) -> list[str]:
    """The words a command's word is once expanded: ``"${NAME[@]}"`` one per element (see
    the module), the rest of the word by ``expand``; ``elements`` gives an array's
    elements (a single ``unknown`` word for an array a run decides), ``unknown`` stands
    for a word only a run knows."""
    found: list[str] = [""]
    arrays = 0
    for text, name, joined, quoted in _segments(word):
        if name is None:
            found[-1] += expand(text)
            continue
        arrays += 1
        values = elements(name)
        if joined and quoted:
            found[-1] += " ".join(values)
            continue
        if not quoted:
            values = tuple(
                unknown if any(char in _SPLIT_FURTHER for char in value) else value
                for value in values
                if value  # (an empty one is no word at all)
            )
        if values:
            found[-1] += values[0]
            found.extend(values[1:])
    if arrays and found == [""]:
        return []  # (an empty array's "${NAME[@]}" is no word, not an empty one)
    return found


def _segments(word: str) -> list[tuple[str, str | None, bool, bool]]:
    """A word's parts: (text, None) for what is expanded as a whole, and (text, array's name,
    joined with ``[*]``, quoted) for each ``${NAME[@]}`` or ``${NAME[*]}``."""
    parts: list[tuple[str, str | None, bool, bool]] = []
    start = 0
    index = 0
    while True:
        dollar = word.find("${", index)
        if dollar < 0:
            break
        end = _closing_brace(word, dollar + 1)
        if end < 0:
            break
        inner = word[dollar + 2 : end]
        if inner[-3:] in ("[@]", "[*]") and (
            _is_name(inner[:-3]) or (inner[:1] == "!" and _is_name(inner[1:-3]))
        ):  # (`${!NAME[@]}`: its keys, named `!NAME` here)
            quoted = not (dollar > 0 and word[dollar - 1] == UNQUOTED)
            before = word[start : dollar if quoted else dollar - 1]
            if before:
                parts.append((before, None, False, True))
            parts.append((word[dollar : end + 1], inner[:-3], inner[-2] == "*", quoted))
            start = end + 1
        index = end + 1
    if start < len(word):
        parts.append((word[start:], None, False, True))
    return parts


def _closing_brace(text: str, start: int) -> int:
    """The index of the ``}`` that closes the ``{`` at ``start`` (``-1``: none does)."""
    depth = 0
    for index in range(start, len(text)):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    return -1
