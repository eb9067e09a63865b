"""sbt-native-packager's Docker plugin: the base image a ``*.sbt`` build definition starts from.

An sbt project that enables ``DockerPlugin`` (``enablePlugins(JavaAppPackaging, DockerPlugin)``)
has ``sbt Docker/publishLocal`` or ``Docker/publish`` write a Dockerfile and build it: no
Dockerfile is in the repository, the base image is a setting of the build, as the plugin's
documentation writes it (sbt/sbt-native-packager ``src/sphinx/formats/docker.rst``)::

    dockerBaseImage := "eclipse-temurin:25-jdk-noble"
    Docker / dockerBaseImage := "openjdk:8"          (sbt 1's slash syntax)
    dockerBaseImage in Docker := "openjdk:8"         (sbt 0.13's)
    dockerCommands := Seq(Cmd("FROM", "openjdk:8"), …)   (a Dockerfile written by hand)

The literal the setting is given is pulled: an :class:`~tagsense.sources.Occurrence` of kind
``"sbt-native-packager"`` at the string, with ``context`` ``tool`` (``sbt-native-packager``) and
``field`` (``dockerBaseImage``, or ``dockerCommands`` for a ``Cmd("FROM", …)``); the image's
own word (``FROM`` in both the plugin's multi-stage Dockerfile's stages) is one reference.
lichess-org/lila-ws, lila-fishnet and lila-search build their services so
(``sbt Docker/publish`` in their CI). A Scala interpolation (``s"eclipse-temurin:${jdk}-jre"``)
leaves the image unresolved, naming what fills it, unless the file sets each name once to a
string literal of its own (``val jdk = "21"``): then it is filled in. Nothing else is run: a
value made by code (``sys.env.getOrElse(…)``, another setting's ``.value``) is not read, nor the
plugin's default base (``openjdk:8``), which nothing in the file names, nor the image name the
build gives its result. The reader never raises.
"""

from __future__ import annotations

import re

from ..._lazy import lazy_pattern
from ...occurrence import Occurrence, Scan, SourceError
from ..project import BuildFile
from ._common import MAX_BYTES, read_text
from ._source_code import line_and_column, source_suppressions, without_comments

__all__ = ["read_sbt", "says_sbt_docker", "scan_sbt"]

_KIND = _TOOL = "sbt-native-packager"


def says_sbt_docker(head: bytes) -> bool:
    """Whether a build definition's bytes may set the Docker plugin's base image."""
    return b"dockerBaseImage" in head or b"Cmd(" in head


def read_sbt(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """What the sbt build definition at ``path`` has the Docker plugin pull (never raises)."""
    text = read_text(path, max_bytes)
    if isinstance(text, SourceError):
        return BuildFile(scan=Scan(errors=(text,)), path=path)
    return scan_sbt(text, path=path)


def scan_sbt(text: str, *, path: str | None = None) -> BuildFile:
    """:func:`read_sbt` of a build definition's text."""
    if not says_sbt_docker(text.encode("utf-8", "replace")):
        return BuildFile(path=path)
    code = without_comments(text)
    found: list[Occurrence] = []
    seen: set[int] = set()
    values: dict[str, tuple[str, int]] | None = None  # (read when a value needs them)
    for field, pattern in (("dockerBaseImage", _BASE_IMAGE), ("dockerCommands", _FROM_CMD)):
        for match in pattern.finditer(code):
            interpolated = bool(match["interpolator"])
            if match["lit"] is not None:
                quote = match.start("lit")
            else:  # (a name the file sets once to a literal: the image is written there)
                values = _build_values(code) if values is None else values
                known = values.get(match["name"])
                if known is None:
                    continue  # (a value made elsewhere, or by code: not read)
                quote, interpolated = known[1], False
            if quote in seen:
                continue  # (one val two settings name: one reference, where it is written)
            seen.add(quote)
            line, column, raw = line_and_column(text, quote)
            value: str = raw
            unresolved: tuple[str, ...] = ()
            if interpolated:
                values = _build_values(code) if values is None else values
                value, unresolved = _interpolated(raw, values)
            found.append(
                Occurrence.of_text(
                    path=path,
                    line=line,
                    column=column,
                    kind=_KIND,
                    raw=raw,
                    text=value,
                    unresolved=unresolved,
                    context={"tool": _TOOL, "field": field},
                )
            )
    found.sort(key=lambda each: (each.line, each.column))
    return BuildFile(scan=Scan(found, (), source_suppressions(text, path)), path=path)


def _interpolated(raw: str, values: dict[str, tuple[str, int]]) -> tuple[str, tuple[str, ...]]:
    """An ``s""`` string's text with the file's own values in, when it has each one; else the
    text as written and the names that fill it."""
    names = tuple(match[1] or match[2] for match in _INTERPOLATION.finditer(raw))
    if not all(name.strip() in values for name in names):
        return raw, names
    return _INTERPOLATION.sub(lambda m: values[(m[1] or m[2]).strip()][0], raw), ()


def _build_values(code: str) -> dict[str, tuple[str, int]]:
    """The names the file sets once, to a plain string literal (``val NAME = "X"``; ``lazy``,
    ``: String`` allowed), with the offset of the literal's quote; a name set twice has no one
    value here."""
    values: dict[str, tuple[str, int]] = {}
    unknown: set[str] = set()
    for match in _ASSIGNMENT.finditer(code):
        name, literal = match["name"], match["lit"][1:-1]
        if "$" in literal or "\\" in literal or name in values:
            unknown.add(name)
        values[name] = (literal, match.start("lit"))
    return {name: value for name, value in values.items() if name not in unknown}


#: A Scala string literal, plain or interpolated (``s"…"``, ``f"…"``), at its quote.
_STRING = r'(?P<interpolator>[sf]?)(?P<lit>"(?:\\.|[^"\\\n])*")(?!")'

#: ``dockerBaseImage := "X"`` (or ``:= NAME``, a ``val``'s), scoped or not:
#: ``Docker / dockerBaseImage``, ``ThisBuild /``, ``dockerBaseImage in Docker``,
#: ``dockerBaseImage.in(Docker)``.
_BASE_IMAGE = lazy_pattern(
    r"(?<![\w.])dockerBaseImage(?:\s+in\s+\(?\s*Docker\s*\)?|\s*\.\s*in\s*\(\s*Docker\s*\))?"
    rf"\s*:=\s*(?:{_STRING}|(?P<name>[A-Za-z_]\w*)(?![\w.(\[]))"
)

#: ``Cmd("FROM", "X"`` of a ``dockerCommands`` sequence (``ExecCmd`` writes an exec form).
_FROM_CMD = lazy_pattern(rf'(?<![\w.])Cmd\s*\(\s*"FROM"\s*,\s*{_STRING}')

#: A line that sets a name to a plain string literal: ``val NAME = "X"``.
_ASSIGNMENT = lazy_pattern(
    r"^[ \t]*(?:lazy[ \t]+)?val[ \t]+(?P<name>[A-Za-z_]\w*)[ \t]*(?::[ \t]*String[ \t]*)?"
    r'=[ \t]*(?P<lit>"(?:\\.|[^"\\\n])*")[ \t]*;?[ \t]*$',
    re.MULTILINE,
)

#: An interpolation's expression: ``${expr}``, or ``$name``.
_INTERPOLATION = lazy_pattern(r"\$\{([^}]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")
