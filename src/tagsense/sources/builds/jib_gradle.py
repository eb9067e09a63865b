"""Jib's Gradle plugin: the base image a ``build.gradle`` (``.kts``) has Jib start from.

The ``com.google.cloud.tools.jib`` Gradle plugin is configured in a ``jib { … }`` block of a
Gradle build script, in Groovy or Kotlin, as its documentation writes it
(GoogleContainerTools/jib ``jib-gradle-plugin/README.md``)::

    jib {
      from { image = 'eclipse-temurin:21-jre' }
      to { image = 'ghcr.io/acme/api' }
    }

or ``jib.from.image = '…'``. The ``from`` image (``image = 'X'``, Groovy's ``image 'X'``) is
pulled: an :class:`~tagsense.sources.Occurrence` of kind ``"jib"`` at the string, with
``context`` ``tool`` (``jib``), ``builder`` (``gradle``) and ``field`` (``from.image``). The
``to`` image is built (``BuildSite("jib", …)``). The value is a string literal; a Groovy or
Kotlin template in it (``"eclipse-temurin:${javaVersion}-jre"``) leaves the image unresolved,
naming what fills it, and a built name that needs one is left out. Jib's ``registry://``
prefix is dropped, a ``docker://`` or ``tar://`` image is no pull. A template's name that the
script sets once to a string literal of its own (Groovy's ``def registry = "ghcr.io/acme"``,
Kotlin's ``val registry = "ghcr.io/acme"``) is filled in: confluentinc/demo-scene's
``streams-movie-demo`` builds ``"${dockerRegistry}/${imageBaseName}"``, which its manifests
then run. Nothing else is run: a value made by code (a method's result, a property the build
is given) is not read. The reader never raises.

The engine commands the script's ``Exec`` tasks run (``commandLine "docker", "run", …``) are
read with it: see ``._gradle_exec``.
"""

from __future__ import annotations

import re

from ..._lazy import lazy_pattern
from ...occurrence import BuildSite, Occurrence, Scan, SourceError
from ..project import BuildFile, BuiltImage
from ._common import MAX_BYTES, read_text
from ._source_code import (
    LITERAL,
    blank_literals,
    line_and_column,
    source_suppressions,
    without_comments,
)

TYPE_CHECKING = False

__all__ = ["read_build_gradle", "scan_build_gradle", "script_values"]

_KIND = _TOOL = "jib"
_REGISTRY_PREFIX = "registry://"
_LOCAL_PREFIXES = ("docker://", "tar://")


def read_build_gradle(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """What the Gradle build script at ``path`` has Jib pull and build (never raises)."""
    text = read_text(path, max_bytes)
    if isinstance(text, SourceError):
        return BuildFile(scan=Scan(errors=(text,)), path=path)
    return scan_build_gradle(text, path=path)


def scan_build_gradle(text: str, *, path: str | None = None) -> BuildFile:
    """:func:`read_build_gradle` of a script's text, with the engine commands its ``Exec``
    tasks run (see ``._gradle_exec``) and the compose runs of its docker-compose plugin (see
    ``._gradle_compose``)."""
    found = _scan_build_gradle(text, path)
    if path is not None and ("dockerCompose" in text or "ComposeExtension" in text):
        from ._gradle_compose import gradle_compose_runs

        runs = gradle_compose_runs(text, path)
        if runs:
            found.composes = (*found.composes, *runs)
    return found


def _scan_build_gradle(text: str, path: str | None) -> BuildFile:
    jib = _jib_reading(text, path) if "jib" in text else BuildFile(path=path)
    if "docker" not in text and "podman" not in text:
        return jib
    from ._gradle_exec import TOOL, engine_commands

    pulls, builds = engine_commands(text)
    if not pulls and not builds:
        return jib
    from .shell import built_by, pulls_scan

    lines = text.splitlines()
    found = pulls_scan(path, lines, TOOL, ((pull, {}) for pull in pulls)).occurrences
    occurrences = sorted([*jib.scan.occurrences, *found], key=lambda each: (each.line, each.column))
    suppressions = jib.scan.suppressions or source_suppressions(text, path)
    made = built_by(builds, TOOL, path)
    scan = Scan(occurrences, jib.scan.errors, suppressions)
    return BuildFile(made.builds, (*jib.built, *made.built), scan, path=path)


def _jib_reading(text: str, path: str | None) -> BuildFile:
    """What the script has Jib pull and build."""
    code = without_comments(text)
    skeleton = blank_literals(code)
    found: list[Occurrence] = []
    built: list[BuiltImage] = []
    values: dict[str, str] | None = None  # (read at the first template)
    for field, quote in _images(skeleton):
        line, column, raw = line_and_column(text, quote)
        value, unresolved = _template(raw)
        if unresolved and text[quote] == '"':
            values = script_values(code) if values is None else values
            value, unresolved = _filled(raw, values)
        if field == "to":
            if not unresolved:
                site = BuildSite(_TOOL, path, line)
                built.append(BuiltImage(value.removeprefix(_REGISTRY_PREFIX), site))
            continue
        if value.startswith(_LOCAL_PREFIXES):
            continue  # (the Docker daemon's image, or a tarball's: nothing pulled)
        found.append(
            Occurrence.of_text(
                path=path,
                line=line,
                column=column,
                kind=_KIND,
                raw=raw,
                text=value.removeprefix(_REGISTRY_PREFIX),
                unresolved=unresolved,
                context={"tool": _TOOL, "builder": "gradle", "field": "from.image"},
            )
        )
    suppressions = source_suppressions(text, path)
    return BuildFile(built=built, scan=Scan(found, (), suppressions), path=path)


def _images(skeleton: str) -> list[tuple[str, int]]:
    """Each ``from``/``to`` image of the ``jib`` blocks and ``jib.from.image =`` settings, and
    where its literal's quote is."""
    found: list[tuple[str, int]] = []
    for match in _DOTTED.finditer(skeleton):
        found.append((match["field"], match.start("lit")))
    for match in _JIB_BLOCK.finditer(skeleton):
        start = match.end()
        end = _closing(skeleton, start)
        inner = skeleton[start:end]
        for part in _PART.finditer(inner):
            part_start = start + part.end()
            part_end = _closing(skeleton, part_start)
            image = _IMAGE.search(skeleton, part_start, part_end)
            if image is not None:
                found.append((part["field"], image.start("lit")))
        for dotted in _DOTTED_INNER.finditer(inner):
            found.append((dotted["field"], start + dotted.start("lit")))
    return sorted(set(found), key=lambda each: each[1])


def _closing(skeleton: str, start: int) -> int:
    """The offset of the ``}`` that closes the block whose ``{`` ends just before ``start``."""
    depth = 1
    for offset in range(start, len(skeleton)):
        char = skeleton[offset]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if not depth:
                return offset
    return len(skeleton)


def _template(raw: str) -> tuple[str, tuple[str, ...]]:
    """A string's text, and the Groovy/Kotlin template expressions that fill parts of it."""
    names = tuple(match[1] or match[2] for match in _INTERPOLATION.finditer(raw))
    return raw, names


def _filled(raw: str, values: dict[str, str]) -> tuple[str, tuple[str, ...]]:
    """A template's text with the script's own values in, when it has each one; else as
    :func:`_template` gives it."""
    names = _template(raw)[1]
    if not all(name.strip() in values for name in names):
        return raw, names
    return _INTERPOLATION.sub(lambda m: values[(m[1] or m[2]).strip()], raw), ()


def script_values(code: str) -> dict[str, str]:
    """The names the script sets once, to a string literal without a template: ``def NAME =
    'X'``, ``val NAME = "X"`` (a name set twice has no one value here)."""
    values: dict[str, str] = {}
    unknown: set[str] = set()
    for match in _ASSIGNMENT.finditer(code):
        name, literal = match["name"], match["lit"][1:-1]
        if "$" in literal or "\\" in literal or name in values:
            unknown.add(name)
        values[name] = literal
    return {name: value for name, value in values.items() if name not in unknown}


#: A line that sets a local name to a string literal: Groovy's ``def NAME = 'X'`` (or
#: ``String NAME = …``), Kotlin's ``val``/``var NAME = "X"`` (``: String`` allowed).
_ASSIGNMENT = lazy_pattern(
    r"^[ \t]*(?:def|String|val|var)[ \t]+(?P<name>[A-Za-z_]\w*)[ \t]*(?::[ \t]*String[ \t]*)?"
    rf"=[ \t]*(?P<lit>{LITERAL})[ \t]*;?[ \t]*$",
    re.MULTILINE,
)


#: ``jib {``.
_JIB_BLOCK = lazy_pattern(r"(?<![\w.])jib\s*\{")


#: ``from {`` or ``to {`` inside a ``jib`` block.
_PART = lazy_pattern(r"(?<![\w.])(?P<field>from|to)\s*\{")


#: ``image = 'X'`` (Kotlin, Groovy) or ``image 'X'`` (Groovy's method call).
_IMAGE = lazy_pattern(rf"(?<![\w.])image\s*(?:=\s*)?(?P<lit>{LITERAL})")


#: ``jib.from.image = 'X'`` outside a block.
_DOTTED = lazy_pattern(
    rf"(?<![\w.])jib\s*\.\s*(?P<field>from|to)\s*\.\s*image\s*=\s*(?P<lit>{LITERAL})"
)


#: ``from.image = 'X'`` inside a ``jib`` block.
_DOTTED_INNER = lazy_pattern(rf"(?<![\w.])(?P<field>from|to)\s*\.\s*image\s*=\s*(?P<lit>{LITERAL})")


#: A template's expression: ``${expr}``, or ``$name``.
_INTERPOLATION = lazy_pattern(r"\$\{([^}]*)\}|\$([A-Za-z_][A-Za-z0-9_.]*)")
