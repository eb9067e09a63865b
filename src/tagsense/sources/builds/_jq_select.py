"""The jq filters that pick entries of a list by a test, as CI steps write a matrix with them.

arkime/arkime's ``generate-matrix`` job writes its build matrix from the list of builds the
repository keeps, ``.github/workflows/versions``:

.. code-block:: bash

    MATRIX=$(yq -o json eval \\
      '{"include": [.include[] | select(.version | test("freebsd") | not)]}' \\
      .github/workflows/versions | jq -c)
    echo "matrix=$MATRIX" >> $GITHUB_OUTPUT

and its ``build`` job's ``matrix: ${{fromJson(needs.generate-matrix.outputs.matrix)}}`` runs
each entry's ``container``. What such a filter gives is settled by the file: this reads
pipes (``|``) of plain paths (``.a.b``, ``.a[0]``), iteration (``.include[]``),
``select(…)``, ``test("regex")``, ``not``, a comparison with a literal (``==``, ``!=``), an
array collected (``[…]``) and an object of string keys (``{"include": …}``), as jq (and
mikefarah's yq, with the same grammar) evaluates them; anything else is not read
(:func:`program` gives ``None``), nor is a value a step of it cannot take (``test`` of no
string: jq stops with an error).
"""

from __future__ import annotations

from ..._lazy import lazy_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    Filter = Callable[[object], list[object]]

__all__ = ["program"]

#: The tokens of a filter: strings, ``[]``, punctuation, comparisons, words, paths, numbers.
_TOKEN = lazy_pattern(
    r"""\s*(?:(?P<string>"(?:[^"\\]|\\.)*")|(?P<op>==|!=|\[\]|[|()\[\]{}:,])"""
    r"""|(?P<path>\.(?:[A-Za-z_][A-Za-z0-9_]*)?(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*)"""
    r"""|(?P<word>[A-Za-z_][A-Za-z0-9_]*)|(?P<number>-?\d+(?:\.\d+)?))"""
)


class _Unknown(Exception):
    """A filter, or a step of its evaluation, that is not read here."""


def program(text: str, *, yaml: bool) -> Filter | None:
    """The filter ``text`` as a function of a document to its outputs (``None``: not one
    read here, see the module). ``yaml``: mikefarah's yq, which compares a scalar by its
    text (``.prbuild == "true"`` holds for ``prbuild: true``).

    >>> run = program('[.include[] | select(.v | test("bsd") | not)]', yaml=False)
    >>> run({"include": [{"v": "el9"}, {"v": "freebsd14"}]})
    [[{'v': 'el9'}]]
    >>> program('{"include": [.a[] | select(.t == true)]}', yaml=True)({"a": [{"t": True}, {}]})
    [{'include': [{'t': True}]}]
    >>> program(".a | length", yaml=False) is None
    True
    """
    tokens: list[tuple[str, str]] = []
    index = 0
    text = text.strip()
    while index < len(text):
        found = _TOKEN.match(text, index)
        if found is None or found.end() == index:
            return None
        kind = found.lastgroup or ""
        tokens.append((kind, found[kind]))
        index = found.end()
    parser = _Parser(tokens, yaml)
    try:
        built = parser.pipe()
    except _Unknown:
        return None
    if parser.index != len(tokens):
        return None

    def run(document: object) -> list[object]:
        try:
            return built(document)
        except _Unknown:
            return []

    return run


class _Parser:
    """A recursive reading of the tokens into functions (see :func:`program`)."""

    __slots__ = ("index", "tokens", "yaml")

    def __init__(self, tokens: list[tuple[str, str]], yaml: bool) -> None:
        self.tokens = tokens
        self.index = 0
        self.yaml = yaml

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def _take(self, text: str) -> None:
        if self._peek() != ("op", text):
            raise _Unknown
        self.index += 1

    def pipe(self) -> Filter:
        stages = [self.comparison()]
        while self._peek() == ("op", "|"):
            self.index += 1
            stages.append(self.comparison())

        def piped(value: object) -> list[object]:
            values = [value]
            for stage in stages:
                values = [out for each in values for out in stage(each)]
            return values

        return piped

    def comparison(self) -> Filter:
        left = self.term()
        following = self._peek()
        if following not in (("op", "=="), ("op", "!=")):
            return left
        self.index += 1
        right = self.term()
        equal = following == ("op", "==")
        same = _same_text if self.yaml else _same

        def compared(value: object) -> list[object]:
            return [same(one, other) is equal for one in left(value) for other in right(value)]

        return compared

    def term(self) -> Filter:
        token = self._peek()
        if token is None:
            raise _Unknown
        kind, text = token
        self.index += 1
        if kind == "path":
            return self._iterated(_path_filter(text))
        if kind == "string":
            import json

            literal: object = json.loads(text)
            return lambda value: [literal]
        if kind == "number":
            number = float(text) if "." in text else int(text)
            return lambda value: [number]
        if kind == "word":
            return self._word(text)
        if text == "[":
            inner = self.pipe()
            self._take("]")
            return self._iterated(lambda value: [inner(value)])
        if text == "{":
            return self._object()
        if text == "(":
            inner = self.pipe()
            self._take(")")
            return inner
        raise _Unknown

    def _iterated(self, base: Filter) -> Filter:
        """``base``, and ``[]`` after it: each element of what it gives."""
        if self._peek() != ("op", "[]"):
            return base
        self.index += 1

        def each(value: object) -> list[object]:
            found: list[object] = []
            for one in base(value):
                if isinstance(one, list):
                    found.extend(one)
                elif isinstance(one, dict):
                    found.extend(one.values())
                else:
                    raise _Unknown  # (jq: cannot iterate over a string, a number, null)
            return found

        return each

    def _word(self, word: str) -> Filter:
        if word in ("true", "false", "null"):
            literal = {"true": True, "false": False, "null": None}[word]
            return lambda value: [literal]
        if word == "not":
            return lambda value: [value is None or value is False]
        if word not in ("select", "test"):
            raise _Unknown
        self._take("(")
        inner = self.pipe()
        self._take(")")
        if word == "select":
            return lambda value: [value for one in inner(value) if one not in (None, False)]

        def tested(value: object) -> list[object]:
            import re

            if not isinstance(value, str):
                raise _Unknown
            found: list[object] = []
            for pattern in inner(value):
                if not isinstance(pattern, str):
                    raise _Unknown
                try:
                    found.append(re.search(pattern, value) is not None)
                except re.error:
                    raise _Unknown from None
            return found

        return tested

    def _object(self) -> Filter:
        entries: list[tuple[str, Filter]] = []
        while True:
            token = self._peek()
            if token is None or token[0] != "string":
                raise _Unknown
            import json

            key = json.loads(token[1])
            self.index += 1
            self._take(":")
            entries.append((key, self.pipe()))
            if self._peek() == ("op", ","):
                self.index += 1
                continue
            self._take("}")
            break

        def made(value: object) -> list[object]:
            found: list[dict[str, object]] = [{}]
            for key, entry in entries:
                found = [{**done, key: one} for done in found for one in entry(value)]
            return list(found)

        return made


def _path_filter(text: str) -> Filter:
    """A plain path (``.``, ``.a.b``, ``.a[0]``): null where a key is missing, as jq gives."""
    import re

    steps: list[str | int] = [
        int(index) if index else name
        for name, index in re.findall(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]", text)
    ]

    def walked(value: object) -> list[object]:
        for step in steps:
            if value is None:
                return [None]
            if isinstance(step, int):
                if not isinstance(value, list):
                    raise _Unknown
                value = value[step] if step < len(value) else None
            elif isinstance(value, dict):
                value = value.get(step)
            else:
                raise _Unknown  # (jq: cannot index a string or a list with a name)
        return [value]

    return walked


def _same(one: object, other: object) -> bool:
    """jq's equality: of the same type and value (``1 == 1.0`` holds, ``true == 1`` not)."""
    if isinstance(one, bool) or isinstance(other, bool):
        return one is other
    return one == other


def _same_text(one: object, other: object) -> bool:
    """yq's equality of scalars: by their text (``true`` and ``"true"`` alike)."""
    if isinstance(one, dict | list) or isinstance(other, dict | list):
        return one == other
    return _text(one) == _text(other)


def _text(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
