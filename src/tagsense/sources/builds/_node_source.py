"""What the readers of JavaScript and TypeScript sources share (testcontainers-node's tests,
dockerode's programs): the text without its comments, string literals, the constants a file
declares with one, and the local names it gives what it imports from a package.

Nothing runs and nothing is parsed as a language: a source is a sequence of comments, string
literals and the rest, and only what a library's API takes as an image is read from it.
"""

from __future__ import annotations

import re

from ..._lazy import lazy_pattern, once
from ._source_code import Written, line_and_column

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ...occurrence import Occurrence

__all__ = [
    "LITERAL",
    "NAME",
    "Written",
    "argument",
    "constants",
    "import_pattern",
    "imports",
    "literal",
    "occurrence",
    "without_comments",
]

#: A string literal: in quotes, on one line, or backquoted (a template, over lines).
LITERAL = r""""(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`"""
#: A name (an identifier).
NAME = r"[A-Za-z_$][A-Za-z0-9_$]*"


def without_comments(text: str) -> str:
    """``text`` with its ``//`` and ``/* */`` comments blanked (line breaks kept, offsets
    unmoved); a ``//`` in a string or a template literal (``\\`http://…\\```) is no comment."""

    from ._source_code import blank_comments

    return blank_comments(text, _tokens())


def literal(text: str, start: int) -> Written | None:
    """A literal's text with where it is; ``None`` for one with an escape, an interpolation
    (a template's ``${}``) or a line break (a backquoted one's)."""
    body = text[1:-1]
    return None if "\\" in body or "${" in body or "\n" in body else (body, start)


def argument(match: re.Match[str], known: dict[str, Written], group: str = "") -> Written | None:
    """A call's argument matched as ``{group}lit`` (a literal) or ``{group}id`` (a name): the
    literal's text (a template's ``${NAME}`` put in when each names a constant the file
    declares), or that of the constant it names."""
    written = match[f"{group}lit"]
    if written is not None:
        start = match.start(f"{group}lit")
        return literal(written, start) or _template(written, start, known)
    return known.get(match[f"{group}id"])


def _template(text: str, start: int, known: dict[str, Written]) -> Written | None:
    """A template literal on one line whose every ``${}`` names a constant of the file, with
    their values put in (ChainSafe/lodestar's test utilities: ``const web3signerVersion =
    "24.2.0"`` and ``new GenericContainer(`consensys/web3signer:${web3signerVersion}`)``);
    ``None`` for any other (an expression, a parameter, an escape)."""
    import re

    if not text.startswith("`") or "\\" in text or "\n" in text:
        return None
    body = text[1:-1]
    parts = re.split(r"\$\{\s*([^{}]*?)\s*\}", body)
    names = parts[1::2]
    if not names or any(name not in known for name in names):
        return None
    if any("$" in piece or "`" in piece for piece in parts[::2]):
        return None
    values = iter(known[name][0] for name in names)
    return "".join(
        piece if index % 2 == 0 else next(values) for index, piece in enumerate(parts)
    ), start


def constants(code: str) -> dict[str, Written]:
    """The string constants the file declares once each (``const NAME = "…"``, in any scope:
    one declared twice is not known)."""
    seen: dict[str, Written | None] = {}
    for match in _CONSTANT.finditer(code):
        name, value = match["name"], literal(match["lit"], match.start("lit"))
        seen[name] = value if name not in seen else None
    return {name: value for name, value in seen.items() if value is not None}


def imports(code: str, pattern: re.Pattern[str]) -> tuple[dict[str, str], frozenset[str]]:
    """What the file imports from the packages of ``pattern`` (:func:`import_pattern`'s):
    the local name of each named import (by the name exported; ``default`` for a default
    import), and the names it gives a package as a whole (``import * as ns``, ``ns =
    require(…)``). ``import type`` imports no value, and is left out."""
    named: dict[str, str] = {}
    whole: set[str] = set()
    for match in pattern.finditer(code):
        if match["types"] is not None:
            continue
        if match["default"] is not None:
            named[match["default"]] = "default"
        for name in (match["namespace"], match["module"], match["equals"]):
            if name is not None:
                whole.add(name)
        items = match["names"] or match["required"]
        for item in (items or "").split(","):
            words = item.replace(":", " as ").split()
            if not words or words[0] == "type":
                continue  # (a type is no value)
            local = words[2] if len(words) == 3 and words[1] == "as" else words[0]
            named[local] = words[0]
    return named, frozenset(whole)


def occurrence(
    text: str, path: str | None, written: Written, kind: str, context: dict[str, object]
) -> Occurrence:
    """The image ``written`` (its name, and the offset of its literal's quote)."""
    from ...occurrence import Occurrence

    name, quote = written
    line, column, raw = line_and_column(text, quote)
    return Occurrence.of_text(
        path=path, line=line, column=column, kind=kind, raw=raw, text=name, context=context
    )


@once
def _tokens() -> re.Pattern[str]:
    import re

    return re.compile(r"//[^\n]*|/\*[\s\S]*?(?:\*/|\Z)|" + LITERAL)


def import_pattern(package: str) -> re.Pattern[str]:
    """How a source imports the packages the regular expression ``package`` matches (without
    quotes): ``import D, { A, B as C } from "…"``, ``import * as ns from "…"``, TypeScript's
    ``import ns = require("…")``, and CommonJS's ``const { A, B: C } = require("…")`` and
    ``const ns = require("…")``. (Each reader keeps its own, built :func:`once`.)"""
    import re

    source = rf"""(?P<q>["']){package}(?P=q)"""

    def quoted(name: str) -> str:
        return source.replace("?P<q>", f"?P<{name}>").replace("(?P=q)", f"(?P={name})")

    return re.compile(
        rf"\bimport\s+(?P<types>type\s+)?(?:(?P<default>{NAME})\s*(?:,\s*)?)?"
        rf"(?:\{{(?P<names>[^{{}}]*)\}}|\*\s+as\s+(?P<namespace>{NAME}))?\s*from\s*"
        rf"{quoted('q1')}"
        rf"|\bimport\s+(?P<equals>{NAME})\s*=\s*require\s*\(\s*{quoted('q2')}\s*\)"
        rf"|\b(?:const|let|var)\s+(?:\{{(?P<required>[^{{}}]*)\}}|(?P<module>{NAME}))"
        rf"\s*=\s*require\s*\(\s*{quoted('q3')}\s*\)"
    )


#: ``const NAME = "…";`` (``export``ed, typed ``: string``, or not ended by ``;``).
_CONSTANT = lazy_pattern(
    rf"\bconst\s+(?P<name>{NAME})\s*(?::\s*string\s*)?=\s*(?P<lit>{LITERAL})\s*(?:;|$)",
    re.MULTILINE,
)
