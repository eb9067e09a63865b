"""Testcontainers for Node.js: the images a JavaScript or TypeScript project's tests start.

`testcontainers-node <https://node.testcontainers.org/>`_ starts the containers a test needs
(``await new PostgreSqlContainer("postgres:16").start()``) and pulls their images when it
starts them: a project's CI pulls them as surely as its compose files' (triggerdotdev/
trigger.dev's test helpers start eight images so). A source that imports ``testcontainers``
or a module of ``@testcontainers/…`` is read (:mod:`.node`) for the names the library's
constructors take, and only those:

* ``new NAME("IMAGE")``, where ``NAME`` is a class the file imports from the library whose
  name ends in ``Container`` (``GenericContainer``, ``PostgreSqlContainer``,
  ``RedisContainer``…, or ``ns.GenericContainer`` of ``import * as ns``), given the image
  first: every such constructor takes the image's name (the modules' since version 10).
* A class the file declares to extend one of those, whose constructor's first parameter has a
  literal default it hands to ``super`` (``constructor(image = "minio/minio:latest") {
  super(image); }``): the image its ``new MinIOContainer()`` pulls.

The name is a string literal (a template literal whose every ``${}`` names such a constant
too, or a variable of a loop over a list the file writes out: one image for each element, see
:mod:`._node_loops`), or a constant the file declares once with one. Not read: names made at
run time (other ``${}``, parameters, other files' constants),
``GenericContainer.fromDockerfile`` (a build, whose Dockerfile is read as such), and a
module's default image (versions before 10). Each image is an
:class:`~tagsense.sources.Occurrence` of kind ``"testcontainers"`` (that of the Java and
Python libraries') with ``context`` ``tool`` (``testcontainers``) and ``call`` (the class).
"""

from __future__ import annotations

import re

from ..._lazy import lazy_pattern, once
from ._node_loops import loop_values
from ._node_source import LITERAL, NAME, argument, import_pattern, imports, literal, occurrence

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ...occurrence import Occurrence
    from ._node_source import Written

__all__ = ["KIND", "PACKAGES", "TOOL", "started_images"]

#: The ``kind`` of the occurrences (that of Testcontainers for Java's and Python's too).
KIND = "testcontainers"
#: The tool named in their context.
TOOL = "testcontainers"
#: The library's packages: ``testcontainers`` and its modules ``@testcontainers/NAME``.
PACKAGES = r"(?:testcontainers|@testcontainers/[a-z0-9._-]+)"

_CLASS_END = "Container"


def started_images(
    text: str, code: str, path: str | None, known: dict[str, Written]
) -> list[Occurrence]:
    """The images the containers of the source ``text`` (``code``: without its comments)
    are given; ``known``: its constants."""
    named, whole = imports(code, _imports())
    loaded_named, loaded_whole = _loaded(code)
    named = {**named, **loaded_named}
    whole = whole | loaded_whole
    classes = {local for local in named if local.endswith(_CLASS_END)}
    classes |= _taken_from(code, whole)
    if not classes and not whole:
        return []
    found: list[Occurrence] = []
    seen: set[Written] = set()

    def add(written: Written | None, call: str) -> None:
        if written is None or not written[0] or written in seen:
            return  # (a constant's image is reported once, where it is written)
        seen.add(written)
        found.append(occurrence(text, path, written, KIND, {"tool": TOOL, "call": call}))

    for match in _SUBCLASSES.finditer(code):
        if match["base"] in classes and match["param"] == match["passed"]:
            add(literal(match["lit"], match.start("lit")), match["name"])
    for match in _CONSTRUCTIONS.finditer(code):
        namespace, name = match["ns"], match["cls"]
        if (namespace is None and name in classes) or namespace in whole:
            written = argument(match, known)
            if written is None and match["lit"] is not None:
                # (a template of a loop's variable: each element's image, see ._node_loops)
                start = match.start("lit")
                for each in loop_values(code, start, match["lit"], known):
                    add((each, start), name)
            add(written, name)
    return found


def _loaded(code: str) -> tuple[dict[str, str], frozenset[str]]:
    """What the file loads with a dynamic import (``const tc = await import("testcontainers")``,
    ``const { GenericContainer } = await import(…)``): as :func:`._node_source.imports`."""
    named: dict[str, str] = {}
    whole: set[str] = set()
    for match in _DYNAMIC_IMPORTS.finditer(code):
        if match["module"] is not None:
            whole.add(match["module"])
        for item in (match["names"] or "").split(","):
            words = item.replace(":", " as ").split()
            if words:
                named[words[2] if len(words) == 3 and words[1] == "as" else words[0]] = words[0]
    return named, frozenset(whole)


def _taken_from(code: str, whole: frozenset[str]) -> set[str]:
    """The names the file gives a container class of a package it loaded whole (chartbrew's
    ``GenericContainer = testcontainers.GenericContainer;``, ``const { RedisContainer } =
    tc;``), which its ``new NAME("…")`` then starts."""
    if not whole:
        return set()
    taken: set[str] = set()
    for match in _MEMBER_ASSIGNMENTS.finditer(code):
        if match["ns"] in whole and match["local"] == match["cls"]:
            taken.add(match["local"])
    for match in _DESTRUCTURINGS.finditer(code):
        if match["ns"] in whole:
            for item in match["names"].split(","):
                words = item.replace(":", " as ").split()
                if words and words[0].endswith(_CLASS_END):
                    taken.add(words[2] if len(words) == 3 and words[1] == "as" else words[0])
    return {name for name in taken if name.endswith(_CLASS_END)}


#: ``const ns = await import("testcontainers")``, ``const { A, B } = await import(…)``.
_DYNAMIC_IMPORTS = lazy_pattern(
    rf"\b(?:const|let|var)\s+(?:\{{(?P<names>[^{{}}]*)\}}|(?P<module>{NAME}))\s*=\s*"
    rf"await\s+import\s*\(\s*([\"'])(?:{PACKAGES})\3\s*\)"
)


#: ``NAME = ns.NAME`` (declared or not): a class of a package loaded whole.
_MEMBER_ASSIGNMENTS = lazy_pattern(
    rf"(?<![\w$.])(?P<local>{NAME})\s*=\s*(?P<ns>{NAME})\s*\.\s*"
    rf"(?P<cls>[A-Z][A-Za-z0-9_$]*{_CLASS_END})\b(?!\s*[.(])"
)


#: ``const { A, B } = ns``: classes of a package loaded whole.
_DESTRUCTURINGS = lazy_pattern(
    rf"\b(?:const|let|var)\s+\{{(?P<names>[^{{}}]*)\}}\s*=\s*(?P<ns>{NAME})\s*(?:;|$)", re.MULTILINE
)


#: ``new NAME("…")``, ``new ns.NAME("…")``, with a type's arguments (``<T>``) between.
_CONSTRUCTIONS = lazy_pattern(
    rf"\bnew\s+(?:(?P<ns>{NAME})\s*\.\s*)?(?P<cls>[A-Z][A-Za-z0-9_$]*{_CLASS_END})\s*"
    r"(?:<[^<>(){};]*(?:<[^<>(){};]*>)?[^<>(){};]*>)?"
    rf"\s*\(\s*(?:(?P<lit>{LITERAL})|(?P<id>{NAME}))\s*[,)]"
)


#: A class extending another, whose constructor's first parameter has a literal default
#: (typed or not) that it hands to ``super`` first.
_SUBCLASSES = lazy_pattern(
    rf"\bclass\s+(?P<name>{NAME})\s+extends\s+(?P<base>{NAME})\s*(?:<[^{{]*>)?\s*\{{"
    r"[^{}]*?\bconstructor\s*\(\s*(?:(?:public|private|protected|readonly)\s+)*"
    rf"(?P<param>{NAME})\s*(?::\s*string\s*)?=\s*(?P<lit>{LITERAL})"
    rf"[^{{}}]*\)\s*(?::\s*{NAME}\s*)?\{{[^{{}}]*?\bsuper\s*\(\s*(?P<passed>{NAME})\s*[,)]"
)


@once
def _imports() -> re.Pattern[str]:
    """How a source imports the library's packages."""
    return import_pattern(PACKAGES)
