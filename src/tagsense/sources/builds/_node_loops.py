"""The values a JavaScript or TypeScript loop gives its variable, when the source lists them.

A test that runs against several versions of a service lists them and starts one container
each: homarr-labs/homarr's ``technitium.spec.ts`` declares

.. code-block:: typescript

    const VERSIONS: VersionEntry[] = [
      { tag: "latest", apiVersion: "v15" },
      { tag: "14.3.0", apiVersion: "legacy" },
    ];

and starts ``new GenericContainer(`technitium/dns-server:${tag}`)`` in ``VERSIONS.map(async
({ tag, apiVersion }) => …)``: each element's image is pulled (survey 30b: 3 missed). A
template literal's ``${NAME}`` that a loop binds is one value of each element, when the loop
goes over an array literal, or a constant the file declares once as one, whose every element
gives ``NAME`` a string literal (a string, or an object literal's ``NAME: "…"`` when the loop
takes ``NAME`` out of it with ``{ NAME }``). The loops read: ``for (const NAME of ARRAY)``,
``ARRAY.map(…)``, ``.forEach``, ``.flatMap`` with an arrow function's first parameter, and a
test runner's ``describe.each(ARRAY)("…", (NAME) => …)`` (``it``, ``test``, ``each``'s tagged
template form is not read). The nearest such loop before the template that binds its names is
the one; nothing is read when an element gives no literal (a run's value).
"""

from __future__ import annotations

from ..._lazy import lazy_pattern
from ._node_source import LITERAL, NAME, literal

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._source_code import Written

__all__ = ["loop_values"]

#: The most elements a list gives (a longer one is a table of data, not versions).
MAX_ELEMENTS = 32


def loop_values(code: str, start: int, template: str, known: dict[str, Written]) -> list[str]:
    """The texts of the template literal ``template`` (its backquotes included), written at
    ``start`` of ``code`` (the source without comments), one for each element of the loop
    that binds the names of its ``${}`` that are not constants (``known``); none when no
    loop does, or an element gives no literal."""
    import re

    if not template.startswith("`") or "\\" in template or "\n" in template:
        return []
    parts = re.split(r"\$\{\s*([^{}]*?)\s*\}", template[1:-1])
    names = parts[1::2]
    free = {name for name in names if name not in known}
    if not free or any(re.fullmatch(NAME, name) is None for name in names):
        return []
    if any("$" in piece or "`" in piece for piece in parts[::2]):
        return []
    rows = _rows(code[:start], free)
    texts = []
    for row in rows:
        values = iter(row[name] if name in free else known[name][0] for name in names)
        texts.append(
            "".join(piece if i % 2 == 0 else next(values) for i, piece in enumerate(parts))
        )
    return texts


def _rows(before: str, names: set[str]) -> list[dict[str, str]]:
    """The values each element of the nearest loop in ``before`` binding every one of
    ``names`` gives them."""
    best: tuple[int, str, str] | None = None  # (where, the list as written, the binding)
    for where, listed, binding in _loops_in(before):
        if names <= _bound(binding) and (best is None or where > best[0]):
            best = (where, listed, binding)
    if best is None:
        return []
    _, listed, binding = best
    elements = _elements(listed, before)
    if elements is None:
        return []
    destructured = binding.startswith("{")
    rows = []
    for element in elements:
        row = _fields(element, names) if destructured else _single(element, names)
        if row is None:
            return []
        rows.append(row)
    return rows


def _loops_in(code: str) -> list[tuple[int, str, str]]:
    """(where, the list as written: an array literal or a name, the binding) of each loop
    header of ``code`` that is read (see the module)."""
    found: list[tuple[int, str, str]] = []
    for match in _FOR_OF.finditer(code):
        listed = _listed(code, match.start("src"))
        if listed is not None:
            found.append((match.start(), listed, match["binding"].strip()))
    for match in _ITERATIONS.finditer(code):
        binding = match["binding"] or match["bare"]
        if match["src"] != "]":
            found.append((match.start(), match["src"], binding.strip()))
            continue
        end = match.start("src") + 1
        opening = next(
            (at for at in _openings(code, end) if _bracketed(code, at, end) == code[at:end]), None
        )
        if opening is not None:
            found.append((match.start(), code[opening:end], binding.strip()))
    for match in _EACH.finditer(code):
        listed = _listed(code, match.start("src"))
        if listed is None:
            continue
        after = match.start("src") + len(listed)
        call = _EACH_CALL.match(code, after)
        if call is not None:
            found.append((match.start(), listed, (call["binding"] or call["bare"]).strip()))
    return found


def _listed(code: str, start: int) -> str | None:
    """The array literal, or the name, at ``start``."""
    if code.startswith("[", start):
        return _bracketed(code, start)
    import re

    name = re.compile(NAME).match(code, start)
    return name.group() if name is not None else None


def _openings(code: str, end: int) -> list[int]:
    """The ``[`` before ``end``, nearest first, within what one array literal may span."""
    low = max(0, end - _MAX_LIST_CHARS)
    return [at for at in range(end - 1, low - 1, -1) if code[at] == "["]


#: The most characters of a list a loop goes over (a literal's, read back from its end).
_MAX_LIST_CHARS = 8192


def _bound(binding: str) -> set[str]:
    """The names a loop's binding gives (``tag``, ``{ tag, apiVersion: api }``'s ``tag`` and
    ``api``... only those taken by their own name count: ``tag``)."""
    import re

    binding = binding.strip()
    if not binding.startswith("{"):
        return {binding}
    return {
        item.strip()
        for item in binding.strip("{} ").split(",")
        if re.fullmatch(NAME, item.strip()) is not None
    }


def _elements(listed: str, before: str) -> list[str] | None:
    """The elements of an array literal, or of the one a constant names (declared once)."""
    import re

    if not listed.startswith("["):
        declared = rf"\bconst\s+{re.escape(listed)}\s*(?::[^=;]*)?=\s*(?P<list>\[)"
        found = list(re.finditer(declared, before))
        if len(found) != 1:
            return None
        declared_list = _bracketed(before, found[0].start("list"))
        if declared_list is None:
            return None
        listed = declared_list
    items = _split(listed[1:-1])
    return items if items is not None and 0 < len(items) <= MAX_ELEMENTS else None


def _bracketed(text: str, start: int, end: int | None = None) -> str | None:
    """The array literal ``[…]`` that starts at ``start`` and ends by ``end`` (brackets and
    braces balanced, strings skipped)."""
    depth = 0
    for token in _TOKENS.finditer(text, start, len(text) if end is None else end):
        piece = token.group()
        if piece in "[{(":
            depth += 1
        elif piece in "]})":
            depth -= 1
            if depth == 0:
                return text[start : token.end()]
    return None


def _split(body: str) -> list[str] | None:
    """The elements of an array literal's body, split at its top-level commas."""
    items: list[str] = []
    depth, last = 0, 0
    for token in _TOKENS.finditer(body):
        piece = token.group()
        if piece in "[{(":
            depth += 1
        elif piece in "]})":
            depth -= 1
        elif piece == "," and depth == 0:
            items.append(body[last : token.start()])
            last = token.end()
    items.append(body[last:])
    items = [item.strip() for item in items]
    if items and not items[-1]:
        items.pop()  # (a trailing comma)
    return None if any(not item for item in items) else items


def _single(element: str, names: set[str]) -> dict[str, str] | None:
    """A string element's value, for the one name the loop binds."""
    value = literal(element, 0) if _whole_literal(element) else None
    if value is None or len(names) != 1:
        return None
    return {next(iter(names)): value[0]}


def _fields(element: str, names: set[str]) -> dict[str, str] | None:
    """An object literal element's string fields of ``names``."""
    import re

    if not (element.startswith("{") and element.endswith("}")):
        return None
    row: dict[str, str] = {}
    for name in names:
        found = re.search(
            rf"(?:^|[{{,])\s*{re.escape(name)}\s*:\s*({LITERAL})\s*(?=[,}}])", element
        )
        value = literal(found[1], 0) if found is not None else None
        if value is None:
            return None
        row[name] = value[0]
    return row


def _whole_literal(text: str) -> bool:
    import re

    return re.fullmatch(LITERAL, text) is not None


#: Brackets, braces, parentheses and commas, string literals skipped.
_TOKENS = lazy_pattern(rf"{LITERAL}|[\[\]{{}}(),]")


#: A loop's binding: a name, or an object pattern ``{ a, b }``.
_BINDING = rf"(?:{NAME}|\{{[^{{}}]*\}})"
#: An arrow function's head, its first parameter the binding (typed or not).
_ARROW = (
    rf"(?:async\s*)?(?:\(\s*(?P<binding>{_BINDING})\s*(?::[^,()=]*)?(?:,[^()]*)?\)"
    rf"|(?P<bare>{NAME}))\s*(?::[^=()]*)?=>"
)


#: ``for (const BINDING of LIST``.
_FOR_OF = lazy_pattern(
    rf"\bfor\s*\(\s*(?:const|let|var)\s+(?P<binding>{_BINDING})\s+of\s+(?P<src>\[|{NAME})"
)


#: ``LIST.map(ARROW``, ``.forEach``, ``.flatMap`` (the list a name, or a literal's end).
_ITERATIONS = lazy_pattern(rf"(?P<src>\]|\b{NAME})\s*\.\s*(?:map|forEach|flatMap)\s*\(\s*{_ARROW}")


#: A test runner's ``.each(LIST`` (``describe.each``, ``it.each``, ``test.each``).
_EACH = lazy_pattern(rf"\b(?:describe|it|test)\s*\.\s*each\s*\(\s*(?P<src>\[|{NAME})")


#: What follows the list of ``.each(LIST``: ``)("title", ARROW``.
_EACH_CALL = lazy_pattern(rf"\s*\)\s*\(\s*(?:{LITERAL})\s*,\s*{_ARROW}")
