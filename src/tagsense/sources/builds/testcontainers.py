"""Testcontainers for Java: the images a JVM project's tests start.

`Testcontainers <https://java.testcontainers.org/>`_ starts the containers a test needs
(``new GenericContainer<>("redis:6.2-alpine")``, ``new PostgreSQLContainer<>("postgres:16")``)
and pulls their images when the test runs: a project's CI pulls them as surely as its compose
files' (conductor-oss/conductor's tests start 50, of 18 images). A Java, Kotlin, Groovy or
Scala source file that says ``org.testcontainers`` is read for the image names the library's
API takes, and only those:

* ``DockerImageName.parse("IMAGE")``: the library's own name of an image, pulled by the
  container it is given to; ``.withTag("TAG")`` right after it replaces the tag
  (``DockerImageName.parse("elasticsearch").withTag("8.19.11")``). A bare ``parse("IMAGE")``
  is that call where the file imports it statically (openzipkin/zipkin's tests).
* A container's constructor given a name as its first argument: ``GenericContainer`` and its
  subclasses whose names end so (``FixedHostPortGenericContainer``) take an image name; the
  modules' (``PostgreSQLContainer``, ``MongoDBContainer``…) do too, except a few old
  constructors that take a version alone (``new KafkaContainer("7.7.0")`` is
  ``confluentinc/cp-kafka:7.7.0``, which the file does not write): a module's argument is
  read only when it has a tag, a digest or a path (a ``:``, ``@`` or ``/``). testcontainers-scala
  (a source that says ``com.dimafeng.testcontainers``) names it ``dockerImage = "IMAGE"``, in
  ``GenericContainer(…)`` and ``GenericContainer.Def(…)`` too. A subclass's
  ``super("IMAGE")`` (``class X extends MySQLContainer<X>``) is its superclass's constructor.

* The base of an image a test builds with the library's Dockerfile DSL:
  ``new ImageFromDockerfile().withDockerfileFromBuilder(builder -> builder.from("IMAGE")…)``
  (its "Creating images on-the-fly" page), which the build pulls as a ``FROM`` line's:
  eclipse-hono/hono's OCSP responder is built ``from("alpine:3.19")``.

* A JDBC URL that has Testcontainers start the database (``jdbc:tc:mysql:8.0.29:///db``, in
  a string or a ``*.properties`` file that says ``jdbc:tc:``): the image of the database type's
  module (:data:`JDBC_IMAGES`: ``postgresql`` is ``postgres``) with the URL's tag. A URL with no
  tag starts the module's default, which is not written.

The name is a string literal, or a constant the file declares once with that literal
(``static final String IMAGE = "consul:1.7";``, Kotlin's ``const val``; a ``static String``
field nothing else in the file assigns; ``System.getProperty("KEY", "IMAGE")``'s default), or
such literals and
constants joined with ``+`` (``"adobe/s3mock:" + S3_MOCK_VERSION``, reported at its first
literal). In a Java source, another class's ``final`` constant (``Consts.PG``, a static
import's ``PG``) and what a method without parameters of the source's class or another's
returns (``img()``, karatelabs/karate's ``SeleniumImages.hub()``) are read too (see
``._java_classes``: another file's value is reported where the source names it), and so is
the argument a call of the project's own helper method gives the ``String`` parameter that
becomes its container's image (OpenLineage's ``genericContainer(network, KAFKA_IMAGE, "kafka")``:
see ``._java_helpers``, which also reads ``final`` fields made of ``+``, ``String.format`` and
methods). A name made at run time (joined with anything else, a template's ``$version``, a
caller's parameter) is not read.
Each image is an :class:`~tagsense.sources.Occurrence` of kind ``"testcontainers"`` at the
literal's line and column, with ``context`` ``tool`` (``testcontainers``) and ``call`` (the
class, or ``DockerImageName.parse``). Comments are not read. The default images a module
picks when given no name (``new MySQLContainer()``) and Testcontainers' own helpers (Ryuk) are
not in the file, and nothing is guessed. The reader never raises.
"""

from __future__ import annotations

import re
from types import MappingProxyType

from ..._lazy import lazy_pattern, once
from ..._offsets import line_column
from ...occurrence import Occurrence, Scan
from ._common import MAX_BYTES, read_built
from ._source_code import (
    LITERAL,
    Written,
    line_and_column,
    literal_text,
    source_suppressions,
    without_comments,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..project import BuildFile

__all__ = [
    "COMMUNITY_MARKER",
    "JDBC_IMAGES",
    "JDBC_MARKER",
    "KIND",
    "MARKER",
    "SCALA_MARKER",
    "TOOL",
    "imports_a_module",
    "jdbc_urls",
    "read_test_sources",
    "scan_test_source",
]

#: The ``kind`` of the occurrences.
KIND = "testcontainers"

#: The tool named in their context.
TOOL = "testcontainers"

#: What a source that uses Testcontainers says (a quick look before any reading).
MARKER = b"org.testcontainers"

#: What a Scala source that uses testcontainers-scala (which wraps Testcontainers) says.
SCALA_MARKER = b"com.dimafeng.testcontainers"

#: What the import of a community module's class says (see :func:`imports_a_module`).
COMMUNITY_MARKER = ".testcontainers."

#: What a JDBC URL that starts a database says.
JDBC_MARKER = b"jdbc:tc:"

#: The image each database type of a ``jdbc:tc:`` URL starts: that of the module whose
#: ``JdbcDatabaseContainerProvider`` supports it (testcontainers-java ``modules/*``). Oracle's
#: is left out: two modules (``oracle-xe``, ``oracle-free``) answer to ``oracle``.
JDBC_IMAGES: Mapping[str, str] = MappingProxyType(
    {
        "mysql": "mysql",
        "postgresql": "postgres",
        "postgis": "postgis/postgis",
        "timescaledb": "timescale/timescaledb",
        "pgvector": "pgvector/pgvector",
        "mariadb": "mariadb",
        "sqlserver": "mcr.microsoft.com/mssql/server",
        "cockroach": "cockroachdb/cockroach",
        "trino": "trinodb/trino",
        "yugabyte": "yugabytedb/yugabyte",
    }
)

_PARSE = "DockerImageName.parse"
#: The call of a Dockerfile DSL's base image (``builder.from("IMAGE")``).
_DSL_FROM = "DockerfileBuilder.from"
_JDBC = "jdbc:tc"
#: What a module's argument needs to be an image's name rather than a bare version.
_NAME_MARKS = (":", "@", "/")


def read_test_sources(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The images the source at ``path`` has Testcontainers pull (never raises); the other
    class files it names are its inputs (``._java_classes``)."""
    from ..project import BuildFile

    def built(text: str, *, path: str) -> BuildFile:
        inputs: dict[str, tuple[int, int] | None] = {}
        scan = scan_test_source(text, path=path, inputs=inputs)
        return BuildFile(scan=scan, path=path, inputs=inputs)

    return read_built(path, max_bytes, built)


def scan_test_source(
    text: str, *, path: str | None = None, inputs: dict[str, tuple[int, int] | None] | None = None
) -> Scan:
    """:func:`read_test_sources` of a file's text (a ``*.properties`` file's: its JDBC URLs);
    the other class files looked at are put in ``inputs``."""
    if path is not None and path.endswith(".properties"):
        from .app_config import scan_app_properties

        blanked = _without_property_comments(text)
        keyed = [*jdbc_urls(text, blanked, path), *scan_app_properties(blanked, path)]
        keyed.sort(key=lambda occurrence: (occurrence.line, occurrence.column))
        return Scan(keyed)
    from .iac_java import resource_images

    programmed = resource_images(text, path)  # (an IaC program's containers: .iac_java)
    markers = (MARKER.decode(), SCALA_MARKER.decode(), "jdbc:tc:")
    if not any(marker in text for marker in markers) and not imports_a_module(text):
        return Scan(programmed, (), source_suppressions(text, path) if programmed else ())
    code = without_comments(text)
    constants = _constants(code)
    resolver = _Resolver(path, code, constants)
    found: list[Occurrence] = []
    seen: set[Written] = set()
    static_parse = _STATIC_PARSE.search(code) is not None and not _OWN_PARSE.search(code)
    classes: list[tuple[int, str | None]] = []  # (found at the first super(…) call)
    for match in _calls().finditer(code):
        if match["bare"] is not None and not static_parse:
            continue  # (another ``parse``: the file does not import DockerImageName's)
        if match["sup"] is not None:
            base = _superclass(code, match.start(), classes)
            if base is None:
                continue  # (a constructor of a class that is no container)
            call, values = base, resolver.values(match, "s")
        elif match["base"] is not None:
            call, values = _DSL_FROM, resolver.values(match, "b")
        elif match["parse"] is not None:
            call, values = _PARSE, resolver.values(match, "p")
            later = _tagged_later(code, match.start()) if match["tag"] is None else None
            if later is not None:
                # (a name the file tags where it uses it: those tags are the pulls')
                for tag in (_value(use, "t", constants) for use in later):
                    for written in values:
                        tagged = resolver.tagged(written, tag)
                        if tagged is not None and tagged not in seen:
                            seen.add(tagged)
                            found.append(resolver.occurrence(text, tagged, call))
                continue
            if match["tag"] is not None:
                tag = _value(match, "t", constants)
                values = [t for each in values if (t := resolver.tagged(each, tag)) is not None]
        else:
            call, values = match["cls"], resolver.values(match, "a")
        named = call.endswith("GenericContainer") or call == _DSL_FROM  # (any name: no version)
        for written in values:
            marked = any(mark in written[0] for mark in _NAME_MARKS)
            if match["parse"] is None and not named and not marked:
                continue  # (a module's bare version: see the module's documentation)
            key = (written[0], -1) if written in resolver.elsewhere else written
            if not written[0] or key in seen:
                continue  # (a constant's image is reported once, where it is written or used)
            seen.add(key)
            found.append(resolver.occurrence(text, written, call))
    if path is None or not path.endswith((".kt", ".kts", ".scala")):
        from ._java_helpers import helper_images, writes_a_part

        for (image, at, parts, used), call, helper in helper_images(
            code, constants, resolver.classes
        ):
            for name, unknown in _given(image, parts, path, resolver.classes.inputs):
                if not writes_a_part(name, unknown):
                    continue  # (an image the run gives whole: nothing is known of it)
                named = call.endswith("GenericContainer") or call == _PARSE
                if not named and not any(mark in name for mark in _NAME_MARKS):
                    continue  # (a module's bare version, as above)
                key = (name, -1) if used is not None else (name, at)
                if key in seen:
                    continue
                seen.add(key)
                found.append(_occurrence(text, path, name, at, call, used, unknown, helper))
    if inputs is not None:
        inputs.update(resolver.classes.inputs)
    found.extend(jdbc_urls(text, code, path))
    found.extend(programmed)
    found.sort(key=lambda occurrence: (occurrence.line, occurrence.column))
    return Scan(found, (), source_suppressions(text, path))


def _given(
    image: str, parts: tuple[str, ...], path: str | None, inputs: dict[str, tuple[int, int] | None]
) -> list[tuple[str, tuple[str, ...]]]:
    """``image`` with each part a test run gives (``${KEY}`` of a ``System.getProperty``) that
    the module's Gradle test task sets filled in (``._gradle_test_properties``): one image a
    value; a part not set, or set to what is not settled, stays the run's."""
    if not parts or path is None:
        return [(image, parts)]
    from ._gradle_test_properties import gradle_test_values

    found: list[tuple[str, tuple[str, ...]]] = [(image, ())]
    for part in dict.fromkeys(parts):
        values = gradle_test_values(path, part, inputs) or [None]
        found = [
            (
                name if value is None else name.replace(f"${{{part}}}", value),
                (*unknown, part) if value is None else unknown,
            )
            for name, unknown in found
            for value in values
        ][:_MAX_GIVEN]
    return found


#: How many images the values a build gives one source's image may make.
_MAX_GIVEN = 16


def imports_a_module(text: str) -> bool:
    """Whether a JVM source imports a container class of a community module of Testcontainers,
    which lives in a package of its vendor named ``testcontainers`` (WireMock's
    ``org.wiremock.integrations.testcontainers.WireMockContainer``, Redis'
    ``com.redis.testcontainers.RedisContainer``): its constructor takes an image as the
    library's modules do (thingsboard/tbmq's ``new WireMockContainer("wiremock/wiremock:3.13.1")``,
    survey s40a)."""
    return COMMUNITY_MARKER in text and _COMMUNITY_IMPORT.search(text) is not None


def _tagged_later(code: str, start: int) -> list[re.Match[str]] | None:
    """The ``NAME.withTag(…)`` calls of the name that the ``DockerImageName.parse(…)`` at
    ``start`` initialises, when the file gives it a tag where it uses it; ``None`` when it
    does not. debezium's ``OracleContainer`` says ``DEFAULT_IMAGE_NAME =
    DockerImageName.parse("quay.io/rh_integration/dbz-oracle")`` and starts
    ``DEFAULT_IMAGE_NAME.withTag(DEFAULT_TAG)``, never the name alone (``:latest``);
    ehrbase/ehrbase's ``EhrbasePostgreSQLContainer`` starts
    ``DEFAULT_IMAGE_NAME.withTag("16.2")``, read as a chained tag is."""
    import re

    declared = _DECLARED.search(code, max(0, start - 200), start)
    if declared is None:
        return None
    name = re.escape(declared["name"])
    tagged = rf"\b{name}\s*\.\s*withTag\s*\((?:\s*(?:{_argument('t')})\s*\))?"
    return list(re.finditer(tagged, code)) or None


def _with_tag(written: Written | None, tag: Written | None) -> Written | None:
    """The name ``written`` given the tag ``tag`` (``.withTag(…)``), where the name is written;
    ``None`` when either is not known or the name already has a tag or a digest."""
    if written is None or tag is None:
        return None
    name, start = written
    last = name.rpartition("/")[2]
    return (f"{name}:{tag[0]}", start) if ":" not in last and "@" not in last else None


def jdbc_urls(text: str, code: str, path: str | None) -> list[Occurrence]:
    """The images the ``jdbc:tc:TYPE:TAG://`` URLs in ``code`` start, at their ``TYPE:TAG``."""
    found = []
    for match in _jdbc().finditer(code):
        image = JDBC_IMAGES.get(match["type"])
        if image is None or match["tag"] is None:
            continue  # (another module's, or the module's default tag: not written)
        start = match.start("type")
        line, column = line_column(text, start)
        found.append(
            Occurrence.of_text(
                path=path,
                line=line,
                column=column,
                kind=KIND,
                raw=f"{match['type']}:{match['tag']}",
                text=f"{image}:{match['tag']}",
                context={"tool": TOOL, "call": _JDBC},
            )
        )
    return found


def _without_property_comments(text: str) -> str:
    """A ``*.properties`` file's text with its comment lines (``#``, ``!``) blanked."""
    return "".join(
        " " * len(line.rstrip("\n")) + line[len(line.rstrip("\n")) :]
        if line.lstrip().startswith(("#", "!"))
        else line
        for line in text.splitlines(keepends=True)
    )


def _occurrence(
    text: str,
    path: str | None,
    name: str,
    quote: int,
    call: str,
    used: str | None = None,
    unresolved: tuple[str, ...] = (),
    helper: str = "",
) -> Occurrence:
    """The image ``name``, whose literal's quote is at offset ``quote``; or, another file's
    (``used``: the argument that names it), where the argument starts. ``unresolved`` names
    the parts a run gives (``${KEY}`` in ``name``); ``helper`` the project's method that
    starts the container (``._java_helpers``)."""
    if used is None:
        line, column, raw = line_and_column(text, quote)
    else:
        (line, column), raw = line_column(text, quote), used
    context = {"tool": TOOL, "call": call}
    if helper:
        context["helper"] = helper
    return Occurrence.of_text(
        path=path,
        line=line,
        column=column,
        kind=KIND,
        raw=raw,
        text=name,
        context=context,
        unresolved=tuple(dict.fromkeys(unresolved)),
    )


class _Resolver:
    """A source's arguments' values: its literals and constants, and what its other classes
    and simple methods give (``._java_classes``): those of another file are placed where the
    source names them (:attr:`elsewhere`)."""

    def __init__(self, path: str | None, code: str, constants: Mapping[str, Written]) -> None:
        from ._java_classes import Classes

        self.path = path
        self.code = code
        self.constants = constants
        self.classes = Classes(path, code, _constants)
        #: The values of another file: where the argument is, and its text.
        self.elsewhere: dict[Written, str] = {}

    def values(self, match: re.Match[str], group: str) -> list[Written]:
        """The values of a call's argument (:func:`_value`, and what names give)."""
        reference, method = match[f"{group}ref"], match[f"{group}meth"]
        if reference is None and method is None:
            identifier = match[f"{group}id"]
            value = _value(match, group, self.constants)
            if value is not None or identifier is None:
                return [] if value is None else [value]
            return self._from(self.classes.imported(identifier, False), match, f"{group}id")
        from ._java_classes import method_values

        if method is not None:
            own = method_values(self.code, self.constants, method)
            if own:
                return own
            return self._from(self.classes.imported(method, True), match, f"{group}meth")
        qualifier, member = match[f"{group}qual"], match[f"{group}member"]
        called = match[f"{group}paren"] is not None
        if _declares_class(self.code, qualifier):  # (the source's own class, named)
            if called:
                return method_values(self.code, self.constants, member)
            value = self.constants.get(member)
            return [] if value is None else [value]
        return self._from(self.classes.member(qualifier, member, called), match, f"{group}ref")

    def _from(self, texts: list[str], match: re.Match[str], group: str) -> list[Written]:
        """Another file's values, placed at the argument ``group`` of ``match``."""
        used = match[group]
        if group.endswith("meth"):
            used = self.code[match.start(group) : self.code.find(")", match.end(group)) + 1]
        found = []
        for text in dict.fromkeys(texts):
            written = (text, match.start(group))
            self.elsewhere[written] = used
            found.append(written)
        return found

    def tagged(self, written: Written, tag: Written | None) -> Written | None:
        """``written`` given the tag ``tag`` (:func:`_with_tag`), placed as it is."""
        tagged = _with_tag(written, tag)
        if tagged is not None and written in self.elsewhere:
            self.elsewhere[tagged] = self.elsewhere[written]
        return tagged

    def occurrence(self, text: str, written: Written, call: str) -> Occurrence:
        """The occurrence of ``written``, at its literal or where the source names it."""
        return _occurrence(text, self.path, *written, call, self.elsewhere.get(written))


def _declares_class(code: str, name: str) -> bool:
    """Whether the source declares the class (or interface, enum, record) ``name``."""
    import re

    return re.search(rf"\b(?:class|interface|enum|record)\s+{re.escape(name)}\b", code) is not None


def _value(match: re.Match[str], group: str, constants: Mapping[str, Written]) -> Written | None:
    """A call's argument and where its literal is: the literal's, or its constant's; ``None``
    for anything else (a literal with an escape or a template's ``$``, a name the file does
    not declare once)."""
    joined = match[f"{group}cat"]
    if joined is not None:
        return _joined(joined, match.start(f"{group}cat"), constants)
    for literal_group in (f"{group}lit", f"{group}def"):
        if match[literal_group] is not None:
            return literal_text(match[literal_group], match.start(literal_group))
    return constants.get(match[f"{group}id"])


def _joined(text: str, start: int, constants: Mapping[str, Written]) -> Written | None:
    """A name joined with ``+`` of literals and the file's constants (``"adobe/s3mock:" +
    S3_MOCK_VERSION``), where its first literal is; ``None`` when a part is anything else."""
    import re

    parts: list[str] = []
    first: int | None = None
    for token in re.finditer(rf"(?P<lit>{LITERAL})|(?P<id>[A-Za-z_][A-Za-z0-9_]*)", text):
        if token["lit"] is not None:
            value = literal_text(token["lit"], start + token.start())
            if value is not None and first is None:
                first = value[1]
        else:
            value = constants.get(token["id"])
        if value is None:
            return None
        parts.append(value[0])
    return None if first is None else ("".join(parts), first)


def _constants(code: str) -> dict[str, Written]:
    """The string constants the file declares (``final``, or Kotlin's ``val``) once each, and
    its ``static String`` fields that nothing else in it assigns (pgjdbc/r2dbc-postgresql's
    ``public static String IMAGE_NAME = "edoburu/pgbouncer:1.9.0";``)."""
    import re

    seen: dict[str, Written | None] = {}
    for match in _CONSTANT.finditer(code):
        group = "lit" if match["lit"] is not None else "default"
        name, value = match["name"], literal_text(match[group], match.start(group))
        if match["static"] is not None and len(re.findall(rf"\b{name}\s*=(?!=)", code)) > 1:
            value = None  # (a field the file assigns again: which value, a run decides)
        seen[name] = value if name not in seen else None  # (twice: which one is not known)
    return {name: value for name, value in seen.items() if value is not None}


def _argument(group: str) -> str:
    """A call's argument: literals and names joined with ``+``, a string literal, a system
    property's default (``System.getProperty("KEY", "…")``), or a name."""
    part = rf"(?:{LITERAL}|[A-Za-z_][A-Za-z0-9_]*)"
    name = r"[A-Za-z_][A-Za-z0-9_]*"
    return (
        rf"(?P<{group}cat>{part}(?:\s*\+\s*{part})+)"
        rf"|(?P<{group}lit>{LITERAL})|{_system_property(group + 'def')}"
        rf"|(?P<{group}ref>(?P<{group}qual>[A-Z][A-Za-z0-9_]*)\s*\.\s*(?P<{group}member>{name})"
        rf"(?P<{group}paren>\s*\(\s*\))?)"
        rf"|(?P<{group}meth>{name})\s*\(\s*\)"
        rf"|(?P<{group}id>{name})"
    )


def _system_property(group: str) -> str:
    """``System.getProperty("KEY", "DEFAULT")``, the default in ``group``: what a test pulls
    unless a run says ``-DKEY=…`` (apache/nifi's ``System.getProperty("kafka.docker.image",
    "apache/kafka:4.3.1")``)."""
    return rf"System\s*\.\s*getProperty\s*\(\s*(?:{LITERAL})\s*,\s*(?P<{group}>{LITERAL})\s*\)"


@once
def _calls() -> re.Pattern[str]:
    """``DockerImageName.parse(X)`` (with a ``.withTag(Y)``), a container class's
    constructor given ``X`` first (Java's ``new``, Kotlin's call, a type's arguments), and a
    Dockerfile DSL's lambda that starts ``builder.from(X)``."""
    import re

    return re.compile(
        r"(?:\bDockerImageName\s*\.\s*|(?<![\w.$])(?P<bare>))"
        rf"parse\s*\(\s*(?P<parse>{_argument('p')})\s*\)"
        rf"(?P<tag>\s*\.\s*withTag\s*\(\s*(?:{_argument('t')})\s*\))?"
        r"|\b(?P<cls>[A-Z][A-Za-z0-9_]*Container)(?:\s*\.\s*Def)?"
        r"\s*(?:<[^<>(){};]*(?:<[^<>(){};]*>)?[^<>(){};]*>)?"
        rf"\s*\(\s*(?:dockerImage\s*=\s*)?(?P<arg>{_argument('a')})\s*[,)]"
        rf"|(?<![\w.$])(?P<sup>super)\s*\(\s*(?:{_argument('s')})\s*[,)]"
        r"|\bwithDockerfileFromBuilder\s*\(\s*\(?\s*(?P<dsl>[A-Za-z_]\w*)\s*\)?\s*->\s*"
        r"\{?\s*(?:return\s+)?(?P=dsl)\s*\.\s*from\s*\("
        rf"\s*(?P<base>{_argument('b')})\s*\)"
    )


#: A static import of ``DockerImageName.parse`` (or of all its members): the file's bare
#: ``parse("…")`` is Testcontainers' (openzipkin/zipkin's tests write it so).
_STATIC_PARSE = lazy_pattern(
    r"\bimport\s+static\s+org\.testcontainers\.utility\.DockerImageName\s*\.\s*(?:parse|\*)\b"
    r"|\bimport\s+org\.testcontainers\.utility\.DockerImageName\s*\.\s*parse\b"
)


#: A method named ``parse`` that the file declares: its bare ``parse(…)`` calls are that
#: method's, whatever it imports statically.
_OWN_PARSE = lazy_pattern(r"(?<![\w.$])parse\s*\([^()]*\)\s*(?:throws\s[^{;]*)?\{")


def _superclass(code: str, start: int, classes: list[tuple[int, str | None]]) -> str | None:
    """The container class that the class whose constructor calls ``super(…)`` at ``start``
    extends (axonframework's ``MysqlTestContainerExtension extends
    MySQLContainer<…>`` calls ``super("mysql:8.0")``): that of the nearest class declaration
    before it, when its name ends in ``Container``; ``None`` otherwise. ``classes`` holds the
    file's class declarations and what each extends, found at the first call."""
    import bisect

    if not classes:
        classes.append((-1, None))  # (the file's start: no class yet)
        classes.extend(
            (found.start(), _extended(found["header"])) for found in _CLASS_HEADER.finditer(code)
        )
    index = bisect.bisect_left(classes, start, key=lambda each: each[0]) - 1
    base = classes[index][1] if index >= 0 else None
    return base if base is not None and base.endswith("Container") else None


def _extended(header: str) -> str | None:
    """The class a class declaration's header says it extends (``None``: none)."""
    import re

    for _ in range(8):  # (type parameters and arguments, innermost first: their bounds too)
        header, count = re.subn(r"<[^<>]*>", " ", header)
        if not count:
            break
    extends = re.search(r"\bextends\s+(?:[A-Za-z_][A-Za-z0-9_]*\s*\.\s*)*([A-Za-z_]\w*)", header)
    return None if extends is None else extends[1]


#: A class declaration's header, up to its body's ``{``.
_CLASS_HEADER = lazy_pattern(r"\bclass\s+(?P<header>[A-Za-z_][^{;]*)\{")


#: A name assigned just before a call: ``NAME = `` (Java's, Kotlin's ``val NAME =``).
_DECLARED = lazy_pattern(r"\b(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?::\s*[A-Za-z_.]+\s*)?=\s*\Z")


@once
def _jdbc() -> re.Pattern[str]:
    """A JDBC URL Testcontainers answers (its ``ConnectionUrl``'s pattern, up to ``://``)."""
    import re

    return re.compile(r"\bjdbc:tc:(?P<type>[a-z0-9]+)(?::(?P<tag>[^:/\s\"']+))?://")


#: A string constant: Java's and Groovy's ``final String NAME = "…";`` (``static``, any
#: order), Kotlin's ``const val NAME = "…"`` and ``val NAME: String = "…"``; and a
#: ``static String NAME = "…";`` field (group ``static``: it may be assigned again). The
#: value may be a system property's default, ``System.getProperty("KEY", "…")`` (group
#: ``default``): what the test pulls unless a run says ``-DKEY=…`` (apache/nifi's
#: ``IMAGE_NAME = System.getProperty("kafka.docker.image", "apache/kafka:4.3.1")``).
_CONSTANT = lazy_pattern(
    r"\b(?:final\s+(?:static\s+)?(?:String\s+)?|(?:const\s+)?val\s+"
    r"|(?P<static>static\s+String\s+))"
    r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?::\s*String\s*)?=\s*"
    rf"(?:{_system_property('default')}|(?P<lit>{LITERAL}))\s*(?:;|$)",
    re.MULTILINE,
)


#: ``import VENDOR.testcontainers.NAMEContainer`` (Java, Kotlin, Groovy, Scala).
_COMMUNITY_IMPORT = lazy_pattern(
    r"(?m)^[ \t]*import[ \t]+[\w.]+\.testcontainers\.(?:[\w.]+\.)?\w*Container\b"
)
