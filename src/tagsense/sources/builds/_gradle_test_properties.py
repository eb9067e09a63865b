"""The system properties a Gradle build gives its tests: what a Java test's
``System.getProperty("KEY")`` reads when Gradle runs it (see ``._java_helpers``).

Gradle's ``Test`` task starts the JVM of a module's tests with the system properties its
build script gives it (Gradle's DSL reference, ``Test``: ``systemProperty(name, value)``,
``systemProperties(map)``, the ``systemProperties`` property), in Groovy or Kotlin::

    test { systemProperty 'flink.version', flinkVersion }
    tasks.test { systemProperty("db.image", "postgres:16") }
    integrationTestConfiguration = { systemProperties = ['flink.version': "${flinkVersion}"] }
    tasks.withType<Test> { systemProperties(mapOf("db.image" to dbImage)) }

OpenLineage's Flink tests make their image with ``String.format("flink:%s-java11",
System.getProperty("flink.version"))``, and the ``integrationTest`` task of
``integration/flink/flink1/build.gradle`` gives ``'flink.version': "${flinkVersion}"``, where
``flinkVersion`` is the root project's ``ext`` property ``project.getProperty('flink.version')``,
``1.19.0`` in its ``gradle.properties``. So a test source's key is given the values the build
script of its module (that of the nearest directory above it with a ``build.gradle`` or
``build.gradle.kts``) sets it to, each (a key set in two places has two values), when a value
is settled:

* a string literal (a Groovy or Kotlin template's ``${name}`` and ``$name`` filled in);
* a Gradle property: ``project.getProperty('K')``, ``property('K')``, ``findProperty('K')``
  (``?: 'default'``), ``providers.gradleProperty('K').get()``, ``project.properties['K']``,
  Kotlin's ``val K: String by project``: the value of ``K`` in the ``gradle.properties`` of the
  module's directory or of a project directory above it (the nearest), up to the root project's
  (the directory of ``settings.gradle``), as Gradle reads them without ``-P``;
* a version of the root project's version catalog, ``libs.versions.NAME`` (its
  ``gradle/libs.versions.toml``'s ``[versions]``; the Gradle docker-compose plugin's
  ``environment.put("TAG", libs.versions.dockerImages.redis)``, see ``._gradle_compose``);
* a name the script sets (``def``, ``val``, ``String``, ``name = …`` outside any block, an
  ``ext { name = … }`` block, ``ext.name = …``, ``extra["name"] = …``) to such a value, or
  that a project above it sets in ``ext`` (Gradle's extra properties are inherited by the child
  projects), or a Gradle property of that name (Groovy's dynamic lookup).

A value made any other way (a method's result, ``project.version``, a ``-P`` of a CI run) is not
settled, and a key the build does not set stays the run's (``${KEY}``). A ``JavaExec`` task's or
``run``/``bootRun`` block's system properties are no test's. Nothing runs.
"""

from __future__ import annotations

import os
from functools import lru_cache

from ..._lazy import lazy_pattern
from ._common import read_text
from ._source_code import LITERAL, blank_literals, without_comments

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from ._java_classes import Inputs

__all__ = ["gradle_test_values"]

#: A module's build scripts, and a root project's settings scripts.
_BUILD_SCRIPTS = ("build.gradle", "build.gradle.kts")
_SETTINGS = ("settings.gradle", "settings.gradle.kts")
#: How many directories up a module's build script and the root project are looked for.
_MAX_UP = 8
#: How much of a script is read; how many values one key may have; how deep names go.
_MAX_BYTES = 1 << 20
_MAX_VALUES = 8
_MAX_DEPTH = 4


def gradle_test_values(source: str, key: str, inputs: Inputs | None = None) -> list[str | None]:
    """The values the Gradle build of the module of the test source at ``source`` gives the
    system property ``key`` of its tests (``None`` for a setting whose value is not settled);
    empty when the build does not set it (see the module). The files looked at are put in
    ``inputs``."""
    directory = os.path.dirname(os.path.abspath(source))
    projects = _projects(directory)
    if not projects:
        return []
    if inputs is not None:
        from .._context_cache import stat_of

        for project in projects:
            for name in (*_BUILD_SCRIPTS, "gradle.properties"):
                path = os.path.join(project, name)
                inputs[path] = stat_of(path)
    return list(_Build(tuple(projects)).test_property(key))


def _projects(directory: str) -> list[str]:
    """The project directories of the test source's build, nearest first: its module's (the
    nearest directory above it with a build script), and those above it up to the root
    project's (one with a settings script); none without a build script."""
    found: list[str] = []
    current = directory
    for _ in range(_MAX_UP * 2):
        root = any(os.path.isfile(os.path.join(current, name)) for name in _SETTINGS) or (
            os.path.exists(os.path.join(current, ".git"))
        )
        if (found and root) or any(
            os.path.isfile(os.path.join(current, name)) for name in _BUILD_SCRIPTS
        ):
            found.append(current)  # (a root project may have no build script of its own)
        if root or len(found) > _MAX_UP:
            break
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    return found


class _Build:
    """The build scripts and ``gradle.properties`` of a module and the projects above it."""

    def __init__(self, projects: tuple[str, ...]) -> None:
        self.projects = projects

    def test_property(self, key: str) -> list[str | None]:
        """The values the module's script gives the test system property ``key``."""
        script = _script(self.projects[0])
        if script is None:
            return []
        code, skeleton = script
        found: list[str | None] = []
        for start, end in _settings_of(code, skeleton, key):
            values = [value for value in self._evaluate(code[start:end], 0, 0) if value]
            found.extend(values if values else [None])  # (an empty value: a run's to give)
        return list(dict.fromkeys(found))[:_MAX_VALUES]

    def _evaluate(self, expression: str, level: int, depth: int) -> list[str]:
        """The values of a Groovy or Kotlin expression of the script of ``projects[level]``."""
        text = expression.strip().rstrip(";").strip()
        if not text or depth > _MAX_DEPTH:
            return []
        for suffix in (".toString()", " as String", ".get()"):
            if text.endswith(suffix):
                return self._evaluate(text[: -len(suffix)], level, depth + 1)
        elvis = _split_elvis(text)
        if elvis is not None:
            first = self._evaluate(elvis[0], level, depth + 1)
            return first if first else self._evaluate(elvis[1], level, depth + 1)
        if _WHOLE_LITERAL.fullmatch(text):
            return self._literal(text, level, depth)
        property_read = _PROPERTY_READ.fullmatch(text)
        if property_read is not None:
            name = (property_read["key"] or property_read["key2"] or property_read["key3"])[1:-1]
            value = self._gradle_property(name)
            return [] if value is None else [value]
        catalog = _CATALOG_VERSION.fullmatch(text)
        if catalog is not None:
            value = _catalog_version(self.projects[-1], catalog["alias"])
            return [] if value is None else [value]
        if _NAME.fullmatch(text):
            return self._named(text, level, depth)
        member = _EXT_MEMBER.fullmatch(text)
        if member is not None:
            return self._named(member["name"] or member["name2"], level, depth)
        return []

    def _literal(self, text: str, level: int, depth: int) -> list[str]:
        """A literal's value: a template's parts filled in (each must be settled)."""
        raw = text[1:-1]
        if text[0] == "'" and not text.startswith("'''"):
            return [raw.replace("\\'", "'")]
        values = [""]
        position = 0
        for part in _INTERPOLATION.finditer(raw):
            each = self._evaluate(part[1] or part[2], level, depth + 1)
            if not each:
                return []
            values = [
                value + raw[position : part.start()] + filled for value in values for filled in each
            ][:_MAX_VALUES]
            position = part.end()
        return [value + raw[position:] for value in values]

    def _named(self, name: str, level: int, depth: int) -> list[str]:
        """A name's values: what the script (or a project's above it, for its ``ext``) sets it
        to, else the Gradle property of that name."""
        for index in range(level, len(self.projects)):
            script = _script(self.projects[index])
            if script is None:
                continue
            expressions = _assignments(script[0], script[1], name, own=index == level)
            if expressions:
                values: list[str] = []
                for expression in expressions:
                    each = self._evaluate(expression, index, depth + 1)
                    if not each:
                        return []
                    values.extend(each)
                return list(dict.fromkeys(values))[:_MAX_VALUES]
        value = self._gradle_property(name)
        return [] if value is None else [value]

    def _gradle_property(self, name: str) -> str | None:
        """The value of the Gradle property ``name`` in the nearest ``gradle.properties``."""
        for project in self.projects:
            properties = _properties(os.path.join(project, "gradle.properties"))
            if name in properties:
                return properties[name]
        return None


def _settings_of(code: str, skeleton: str, key: str) -> list[tuple[int, int]]:
    """The bounds of the value expressions the script gives the system property ``key``."""
    if key not in code:
        return []
    found: list[tuple[int, int]] = []
    for call in _SYSTEM_PROPERTY.finditer(skeleton):
        if _not_a_test(skeleton, call.start()):
            continue
        start = call.end()
        if call["one"] is not None:
            items = _items(code, skeleton, start, inline=call["paren"] is None)
            if len(items) >= 2 and _key_text(code[items[0][0] : items[0][1]]) == key:
                found.append(items[1])
            continue
        if call["index"] is not None:
            close = skeleton.find("]", start)
            if close < 0 or _key_text(code[start:close]) != key:
                continue
            equals = skeleton.find("=", close)
            if equals < 0 or skeleton[close + 1 : equals].strip():
                continue
            end = _item_end(skeleton, equals + 1, inline=True)
            found.append((equals + 1, end))
            continue
        opening = skeleton[start:].lstrip()
        offset = start + len(skeleton[start:]) - len(opening)
        inline = True
        for prefix in ("mapOf(", "mutableMapOf(", "["):
            if opening.startswith(prefix):
                offset += len(prefix)
                inline = False
                break
        for item_start, item_end in _items(code, skeleton, offset, inline=inline):
            entry = code[item_start:item_end]
            split = _entry(entry, skeleton[item_start:item_end])
            if split is not None and _key_text(split[0]) == key:
                found.append((item_start + split[1], item_end))
    return found


def _not_a_test(skeleton: str, offset: int) -> bool:
    """Whether the setting at ``offset`` is in a block that configures no test: a
    ``JavaExec`` task's, ``run``'s, ``bootRun``'s, ``application``'s."""
    return any(
        _NOT_A_TEST.search(skeleton[skeleton.rfind("\n", 0, index) + 1 : index]) is not None
        for index in _openings(skeleton, offset)
    )


def _openings(skeleton: str, offset: int) -> Iterator[int]:
    """The offsets of the ``{`` of the blocks around ``offset``, the innermost first."""
    depth = 0
    for index in range(offset - 1, -1, -1):
        char = skeleton[index]
        if char == "}":
            depth += 1
        elif char == "{":
            if depth:
                depth -= 1
            else:
                yield index


def _entry(entry: str, skeleton: str) -> tuple[str, int] | None:
    """A map entry's key text and where its value starts: Groovy's ``'k': v`` (or ``k: v``),
    Kotlin's ``"k" to v``."""
    colon = skeleton.find(":")
    to = _TO.search(skeleton)
    if to is not None and (colon < 0 or to.start() < colon):
        return entry[: to.start()], to.end()
    if colon < 0:
        return None
    return entry[:colon], colon + 1


def _key_text(text: str) -> str | None:
    """A key's text: a literal's without a template, or a bare Groovy map key's."""
    text = text.strip()
    if _WHOLE_LITERAL.fullmatch(text):
        raw = text[1:-1]
        return None if "$" in raw and text[0] == '"' else raw
    return text if _NAME.fullmatch(text) else None


def _items(code: str, skeleton: str, start: int, *, inline: bool = False) -> list[tuple[int, int]]:
    """The bounds of the comma-separated items from ``start`` to the closing bracket of its
    level (or, ``inline``, the line's end)."""
    found: list[tuple[int, int]] = []
    offset = start
    while offset < len(skeleton):
        end = _item_end(skeleton, offset, inline=inline)
        if code[offset:end].strip():
            found.append((offset, end))
        if end >= len(skeleton) or skeleton[end] != ",":
            break
        offset = end + 1
        if inline:  # (a Groovy call without parentheses may go on after a comma)
            while offset < len(skeleton) and skeleton[offset] in " \t\r\n":
                offset += 1
    return found


def _item_end(skeleton: str, offset: int, *, inline: bool) -> int:
    """Where the expression that starts at ``offset`` ends: at a ``,`` or a closing bracket
    of its own level, or (``inline``) at the line's end."""
    depth = 0
    for index in range(offset, len(skeleton)):
        char = skeleton[index]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            if not depth:
                return index
            depth -= 1
        elif not depth and (char == "," or (inline and char == "\n" and index > offset)):
            return index
    return len(skeleton)


def _assignments(code: str, skeleton: str, name: str, *, own: bool) -> list[str]:
    """The expressions the script sets ``name`` to: in ``ext`` (``ext { name = … }``,
    ``ext.name = …``, ``extra["name"] = …``), and, ``own``, as a local (``def``, ``val``, a
    ``name = …`` outside any block)."""
    if name not in code:
        return []
    found: list[str] = []
    for match in _ASSIGNED.finditer(skeleton):
        assigned = match["name"] or match["name2"] or match["name3"]
        if assigned is None:
            assigned = _key_text(code[match.start("key") : match.end("key")])
        if assigned != name:
            continue
        local = match["local"] is not None
        if local and not own:
            continue
        if match["plain"] is not None and not _in_ext(skeleton, match.start(), top=own):
            continue  # (``name = …`` in another block: another object's property)
        end = _item_end(skeleton, match.end(), inline=True)
        found.append(code[match.end() : end])
    for match in _BY_PROJECT.finditer(skeleton):
        if match["name"] == name:
            found.append(f"property('{name}')")
    return found[:_MAX_VALUES]


def _in_ext(skeleton: str, offset: int, *, top: bool) -> bool:
    """Whether ``offset`` is right inside an ``ext { … }`` block (or, ``top``, in no block: a
    Groovy script's own variable, or a property of its project)."""
    index = next(_openings(skeleton, offset), None)
    if index is None:
        return top
    return _EXT_BLOCK.search(skeleton[max(0, index - 40) : index + 1]) is not None


def _split_elvis(text: str) -> tuple[str, str] | None:
    """``a ?: b``'s two sides, at the top level (outside literals and brackets)."""
    skeleton = blank_literals(text)
    index = skeleton.find("?:")
    if index < 0:
        return None
    return text[:index], text[index + 2 :]


def _script(directory: str) -> tuple[str, str] | None:
    """A project directory's build script without comments, and its skeleton (literals'
    insides blanked)."""
    for name in _BUILD_SCRIPTS:
        path = os.path.join(directory, name)
        if os.path.isfile(path):
            return _script_text(path, _stamp(path))
    return None


def _stamp(path: str) -> tuple[int, int] | None:
    from .._context_cache import stat_of

    return stat_of(path)


@lru_cache(maxsize=64)
def _script_text(path: str, stamp: tuple[int, int] | None) -> tuple[str, str] | None:
    text = read_text(path, _MAX_BYTES)
    if not isinstance(text, str):
        return None
    code = without_comments(text)
    return code, blank_literals(code)


def _catalog_version(root: str, alias: str) -> str | None:
    """The version ``libs.versions.ALIAS`` names in the root project's version catalog
    (``gradle/libs.versions.toml``'s ``[versions]``: ``KEY = "1.2"``, or ``{ require = … }``,
    ``strictly``, ``prefer``); Gradle's accessors join the key's ``-``, ``_`` and ``.`` parts
    with dots."""
    path = os.path.join(root, "gradle", "libs.versions.toml")
    versions = _catalog_versions(path, _stamp(path)) if os.path.isfile(path) else {}
    wanted = "".join(alias.split()).lower()
    return versions.get(wanted)


@lru_cache(maxsize=16)
def _catalog_versions(path: str, stamp: tuple[int, int] | None) -> dict[str, str]:
    """A version catalog's versions, by their accessor's path (lowercase, dotted)."""
    import tomllib

    text = read_text(path, _MAX_BYTES)
    if not isinstance(text, str):
        return {}
    try:
        table = tomllib.loads(text).get("versions")
    except tomllib.TOMLDecodeError:
        return {}
    found: dict[str, str] = {}
    for key, value in (table or {}).items() if isinstance(table, dict) else ():
        if isinstance(value, dict):
            value = value.get("strictly") or value.get("require") or value.get("prefer")
        if isinstance(value, str) and value:
            found[key.replace("-", ".").replace("_", ".").lower()] = value
    return found


def _properties(path: str) -> dict[str, str]:
    return _properties_text(path, _stamp(path)) if os.path.isfile(path) else {}


@lru_cache(maxsize=64)
def _properties_text(path: str, stamp: tuple[int, int] | None) -> dict[str, str]:
    """A ``gradle.properties`` file's keys and values (``key=value``, ``key: value``; comments
    and continued lines skipped)."""
    text = read_text(path, _MAX_BYTES)
    if not isinstance(text, str):
        return {}
    found: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line[0] in "#!" or line.endswith("\\"):
            continue
        separator = _SEPARATOR.search(line)
        if separator is None:
            continue
        found[line[: separator.start()]] = line[separator.end() :].strip()
    return found


_WHOLE_LITERAL = lazy_pattern(LITERAL)
#: A name alone.
_NAME = lazy_pattern(r"[A-Za-z_][A-Za-z0-9_]*")
#: ``ext.name``, ``project.ext.name``, ``rootProject.ext.name``, ``project.name`` of an extra
#: property.
_EXT_MEMBER = lazy_pattern(
    r"(?:(?:project|rootProject)\s*\.\s*)?ext\s*\.\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?:project|rootProject)\s*\.\s*(?P<name2>[A-Za-z_][A-Za-z0-9_]*)"
)
#: A read of a Gradle property: ``project.getProperty('K')``, ``property("K")``,
#: ``findProperty('K')``, ``providers.gradleProperty('K')``, ``project.properties['K']``.
_PROPERTY_READ = lazy_pattern(
    r"(?:(?:project|rootProject)\s*\.\s*)?"
    rf"(?:(?:getProperty|property|findProperty)\s*\(\s*(?P<key>{LITERAL})\s*\)"
    rf"|properties\s*\[\s*(?P<key2>{LITERAL})\s*\])"
    rf"|providers\s*\.\s*gradleProperty\s*\(\s*(?P<key3>{LITERAL})\s*\)"
)
#: A version of the version catalog: ``libs.versions.dockerImages.dynamoDb``.
_CATALOG_VERSION = lazy_pattern(
    r"libs\s*\.\s*versions\s*\.\s*(?P<alias>[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*)"
)
#: A template's expression: ``${expr}``, or ``$name``.
_INTERPOLATION = lazy_pattern(r"\$\{([^}]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")
#: A system property's setting of a test task: ``systemProperty 'k', v`` (``one``),
#: ``systemProperties['k'] = v`` (``index``), or a map: ``systemProperties = [...]``,
#: ``systemProperties(mapOf(...))``, ``systemProperties 'k': v``, ``systemProperties += [...]``.
_SYSTEM_PROPERTY = lazy_pattern(
    r"(?<![\w.])(?:it\s*\.\s*|test\s*\.\s*)?(?:"
    r"(?P<one>systemProperty)\s*(?P<paren>\()?(?=\s*[\"'])"
    r"|systemProperties\s*(?P<index>\[)"
    r"|systemProperties(?:\s*\+?=\s*|\s*\(\s*|[ \t]+(?=[\"'\w\[]))(?!\s*\)))"
)
#: The header of a block whose system properties no test gets.
_NOT_A_TEST = lazy_pattern(r"\bJavaExec\b|(?<![\w.])(?:run|bootRun|application)\b\s*(?:\)\s*)?$")
#: Kotlin's ``to`` of a map entry.
_TO = lazy_pattern(r"\s+to\s+")
#: An assignment of a name: ``def name =``, ``val name =``, ``ext.name =``, ``extra["name"] =``,
#: ``name =`` (in an ``ext`` block: ``plain``).
_ASSIGNED = lazy_pattern(
    r"(?<![\w.])(?:"
    r"(?P<local>def|val|var|String)\s+(?P<name>[A-Za-z_]\w*)\s*(?::\s*String\??\s*)?"
    r"|(?:project\s*\.\s*|rootProject\s*\.\s*)?ext\s*\.\s*(?P<name2>[A-Za-z_]\w*)\s*"
    r"|(?:project\s*\.\s*)?(?:ext|extra)\s*\[\s*(?P<key>[\"'][^\"'\n]*[\"'])\s*\]\s*"
    r"|(?P<plain>)(?P<name3>[A-Za-z_]\w*)[ \t]*"
    r")=(?![=~])"
)
#: Kotlin's ``val name: String by project``.
_BY_PROJECT = lazy_pattern(
    r"(?<![\w.])val\s+(?P<name>[A-Za-z_]\w*)\s*(?::\s*String\??\s*)?by\s+project\b"
)
#: An ``ext {`` block's opening.
_EXT_BLOCK = lazy_pattern(r"(?<![\w.])(?:project\s*\.\s*)?(?:ext|extra)\s*\.?\s*(?:apply\s*)?\{\Z")
#: A ``gradle.properties`` line's separator.
_SEPARATOR = lazy_pattern(r"\s*[=:]\s*|\s+")
