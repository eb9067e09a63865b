"""Testcontainers for Node.js: the images a JavaScript or TypeScript project's tests start.

`testcontainers-node <https://node.testcontainers.org/>`_ starts the containers a test needs
(``await new PostgreSqlContainer("postgres:16").start()``) and pulls their images when it
starts them: a project's CI pulls them as surely as its compose files' (triggerdotdev/
trigger.dev's test helpers start eight images so). A JavaScript or TypeScript source that
imports ``testcontainers`` or a module of ``@testcontainers/…`` is read for the names the
library's constructors take, and only those:

* ``new NAME("IMAGE")``, where ``NAME`` is a class the file imports from the library whose
  name ends in ``Container`` (``GenericContainer``, ``PostgreSqlContainer``,
  ``RedisContainer``…, or ``ns.GenericContainer`` of ``import * as ns``), given the image
  first: every such constructor takes the image's name (the modules' since version 10).
* A class the file declares to extend one of those, whose constructor's first parameter has a
  literal default it hands to ``super`` (``constructor(image = "minio/minio:latest") {
  super(image); }``): the image its ``new MinIOContainer()`` pulls.

The name is a string literal (quotes, or a backquoted one without ``${}``), or a constant the
file declares once with one (``const IMAGE = "redis:7.2";``), reported where the literal is.
Comments are not read. Not read: names made at run time (template literals with ``${}``,
parameters, other files' constants), ``GenericContainer.fromDockerfile`` (a build, whose
Dockerfile is read as such), a module's default image (versions before 10), and sources
under ``node_modules/`` (dependencies'). Each image is an
:class:`~tagsense.sources.Occurrence` of kind ``"testcontainers"`` (that of the Java and
Python libraries') with ``context`` ``tool`` (``testcontainers``) and ``call`` (the class).
The reader never raises.
"""

from __future__ import annotations

from ..._lazy import once
from ...occurrence import Occurrence, Scan
from ._common import MAX_BYTES, read_scanned
from ._source_code import Written, line_and_column

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re

    from ..project import BuildFile

__all__ = ["KIND", "MARKER", "SUFFIXES", "TOOL", "read_node_source", "scan_node_source"]

#: The ``kind`` of the occurrences (that of Testcontainers for Java's and Python's too).
KIND = "testcontainers"
#: The tool named in their context.
TOOL = "testcontainers"
#: What a source that uses the library says (a quick look before any reading).
MARKER = b"testcontainers"
#: The JavaScript and TypeScript sources read (a ``.d.ts`` declares, and starts nothing).
SUFFIXES = (".ts", ".mts", ".cts", ".js", ".mjs", ".cjs")

_CLASS_END = "Container"


def read_node_source(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The images the source at ``path`` has testcontainers-node pull (never raises)."""
    return read_scanned(path, max_bytes, scan_node_source)


def scan_node_source(text: str, *, path: str | None = None) -> Scan:
    """:func:`read_node_source` of a file's text."""
    if "testcontainers" not in text:
        return Scan()
    code = _without_comments(text)
    classes, namespaces = _imported(code)
    if not classes and not namespaces:
        return Scan()
    constants = _constants(code)
    found: list[Occurrence] = []
    seen: set[Written] = set()

    def add(written: Written | None, call: str) -> None:
        if written is None or not written[0] or written in seen:
            return  # (a constant's image is reported once, where it is written)
        seen.add(written)
        found.append(_occurrence(text, path, *written, call))

    for match in _subclasses().finditer(code):
        if match["base"] in classes and match["param"] == match["passed"]:
            add(_literal(match["lit"], match.start("lit")), match["name"])
    for match in _constructions().finditer(code):
        namespace, name = match["ns"], match["cls"]
        if namespace is not None and namespace not in namespaces:
            continue
        if namespace is None and name not in classes:
            continue
        add(_argument(match, constants), name)
    found.sort(key=lambda occurrence: (occurrence.line, occurrence.column))
    return Scan(found)


def _imported(code: str) -> tuple[frozenset[str], frozenset[str]]:
    """The container classes the file imports from the library (by their local names), and
    the names it gives the library's modules as namespaces."""
    classes: set[str] = set()
    namespaces: set[str] = set()
    for match in _imports().finditer(code):
        namespace = match["namespace"] or match["module"]
        if namespace is not None:
            namespaces.add(namespace)
            continue
        if match["types"] is not None:
            continue  # (``import type``: types only, no class to construct)
        for item in (match["names"] or match["required"]).split(","):
            words = item.replace(":", " as ").split()
            if words and words[0] == "type":
                continue  # (a type is no class to construct)
            if not words or not words[0].endswith(_CLASS_END):
                continue
            local = words[2] if len(words) == 3 and words[1] == "as" else words[0]
            classes.add(local)
    return frozenset(classes), frozenset(namespaces)


def _argument(match: re.Match[str], constants: dict[str, Written]) -> Written | None:
    """A constructor's first argument: its literal, or the constant it names."""
    if match["lit"] is not None:
        return _literal(match["lit"], match.start("lit"))
    return constants.get(match["id"])


def _literal(literal: str, start: int) -> Written | None:
    """A literal's text with where it is; ``None`` for one with an escape, an interpolation
    (a template's ``${}``) or a line break (a backquoted one's)."""
    body = literal[1:-1]
    return None if "\\" in body or "${" in body or "\n" in body else (body, start)


def _constants(code: str) -> dict[str, Written]:
    """The string constants the file declares once each (``const NAME = "…"``)."""
    seen: dict[str, Written | None] = {}
    for match in _constant().finditer(code):
        name, value = match["name"], _literal(match["lit"], match.start("lit"))
        seen[name] = value if name not in seen else None  # (twice: which one is not known)
    return {name: value for name, value in seen.items() if value is not None}


def _occurrence(text: str, path: str | None, name: str, quote: int, call: str) -> Occurrence:
    """The image ``name``, whose literal's quote is at offset ``quote``."""
    line, column, raw = line_and_column(text, quote)
    return Occurrence.of_text(
        path=path,
        line=line,
        column=column,
        kind=KIND,
        raw=raw,
        text=name,
        context={"tool": TOOL, "call": call},
    )


def _without_comments(text: str) -> str:
    """``text`` with its ``//`` and ``/* */`` comments blanked (line breaks kept, offsets
    unmoved); a ``//`` in a string or a template literal (``\\`http://…\\```) is no comment."""

    def blank(match: re.Match[str]) -> str:
        found = match[0]
        if found.startswith(("//", "/*")):
            return "".join(char if char == "\n" else " " for char in found)
        return found

    return _tokens().sub(blank, text)


#: A string literal: in quotes, on one line, or backquoted (a template, over lines).
_LITERAL = r""""(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`"""
_NAME = r"[A-Za-z_$][A-Za-z0-9_$]*"
#: The library's packages: ``testcontainers`` and its modules ``@testcontainers/NAME``.
_PACKAGE = r"""(?P<q>["'])(?:testcontainers|@testcontainers/[a-z0-9._-]+)(?P=q)"""


@once
def _tokens() -> re.Pattern[str]:
    import re

    return re.compile(r"//[^\n]*|/\*[\s\S]*?(?:\*/|\Z)|" + _LITERAL)


@once
def _imports() -> re.Pattern[str]:
    """``import { A, B as C } from "…"``, ``import * as ns from "…"``, and CommonJS's
    ``const { A, B: C } = require("…")`` (``ns = require("…")``) of the library."""
    import re

    def package(quote: str) -> str:
        return _PACKAGE.replace("?P<q>", f"?P<{quote}>").replace("(?P=q)", f"(?P={quote})")

    return re.compile(
        rf"\bimport\s+(?P<types>type\s+)?\{{(?P<names>[^{{}}]*)\}}\s*from\s*{package('q1')}"
        rf"|\bimport\s+\*\s+as\s+(?P<namespace>{_NAME})\s+from\s*{package('q2')}"
        rf"|\b(?:const|let|var)\s+(?:\{{(?P<required>[^{{}}]*)\}}|(?P<module>{_NAME}))\s*=\s*"
        rf"require\s*\(\s*{package('q3')}\s*\)"
    )


@once
def _constructions() -> re.Pattern[str]:
    """``new NAME("…")``, ``new ns.NAME("…")``, with a type's arguments (``<T>``) between."""
    import re

    return re.compile(
        rf"\bnew\s+(?:(?P<ns>{_NAME})\s*\.\s*)?(?P<cls>[A-Z][A-Za-z0-9_$]*{_CLASS_END})\s*"
        r"(?:<[^<>(){};]*(?:<[^<>(){};]*>)?[^<>(){};]*>)?"
        rf"\s*\(\s*(?:(?P<lit>{_LITERAL})|(?P<id>{_NAME}))\s*[,)]"
    )


@once
def _subclasses() -> re.Pattern[str]:
    """A class extending another, whose constructor's first parameter has a literal default
    (typed or not) that it hands to ``super`` first."""
    import re

    return re.compile(
        rf"\bclass\s+(?P<name>{_NAME})\s+extends\s+(?P<base>{_NAME})\s*(?:<[^{{]*>)?\s*\{{"
        r"[^{}]*?\bconstructor\s*\(\s*(?:(?:public|private|protected|readonly)\s+)*"
        rf"(?P<param>{_NAME})\s*(?::\s*string\s*)?=\s*(?P<lit>{_LITERAL})"
        rf"[^{{}}]*\)\s*(?::\s*{_NAME}\s*)?\{{[^{{}}]*?\bsuper\s*\(\s*(?P<passed>{_NAME})\s*[,)]"
    )


@once
def _constant() -> re.Pattern[str]:
    """``const NAME = "…";`` (``export``ed, typed ``: string``, or not ended by ``;``)."""
    import re

    return re.compile(
        rf"\bconst\s+(?P<name>{_NAME})\s*(?::\s*string\s*)?=\s*(?P<lit>{_LITERAL})\s*(?:;|$)",
        re.MULTILINE,
    )
