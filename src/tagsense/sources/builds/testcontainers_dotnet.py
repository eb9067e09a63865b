"""Testcontainers for .NET: the images a C# project's tests start.

`Testcontainers for .NET <https://dotnet.testcontainers.org/>`_ starts the containers a test
needs and pulls their images when the test runs (Squidex/squidex's tests start eight so). A C#
source that says ``Testcontainers`` (its ``using DotNet.Testcontainers.Builders;`` or
``using Testcontainers.PostgreSql;``), or any source of a project whose ``*.csproj`` references
a Testcontainers package (a ``global using`` elsewhere), is read for the builders it makes:

* ``new ContainerBuilder("IMAGE")`` and a module's builder given its image
  (``new PostgreSqlBuilder("postgres:16")``, ``new MsSqlBuilder(image: "…")``): the image the
  container starts from; a name without a tag or digest is ``latest``, as ``DockerImage`` says.
* ``.WithImage("IMAGE")`` (or ``.WithImage(new DockerImage("IMAGE"))``) in the chain of calls
  that follows ``new …Builder(…)`` replaces it; the old API's
  ``new TestcontainersBuilder<TestcontainersContainer>().WithImage("…")`` too.

The builders are Testcontainers' own (:data:`BUILDERS`): ``ContainerBuilder`` and its modules'
(``KafkaBuilder``, ``RedisBuilder``…); a name the file builds with
``new ImageFromDockerfileBuilder().WithName("…")`` is not pulled. ``Build()`` makes a container
and pulls nothing: a source is read only when it starts one (``StartAsync()``, or a base class
of Testcontainers.Xunit's: ``ContainerFixture<…>``, ``ContainerTest<…>``), not a builder's unit
test that only checks what ``Build()`` accepts. A value is a string literal,
or a string constant the file declares once (as Aspire's AppHosts are read); a builder given
no image starts its module's default, which the file does not write, and a name made at run
time (a parameter, another file's constant, an interpolated string) is not read. Each image is
an :class:`~tagsense.sources.Occurrence` of kind ``"testcontainers"`` at its literal, with
``context`` ``tool`` (``testcontainers``) and ``call`` (the builder, or ``WithImage``). The
reader never raises.
"""

from __future__ import annotations

from types import MappingProxyType

from ..._lazy import lazy_pattern
from ...occurrence import Occurrence, Scan
from ._csharp_source import (
    STARTS,
    Arguments,
    Values,
    argument,
    arguments,
    constants,
    placed,
    skeleton,
)
from ._source_code import Written, source_suppressions, without_comments

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

__all__ = ["BUILDERS", "KIND", "MARKER", "TOOL", "scan_testcontainers_dotnet"]

#: The ``kind`` of the occurrences (that of Testcontainers for Java's, Python's and Go's too).
KIND = "testcontainers"

#: The tool named in their context.
TOOL = "testcontainers"

#: What a C# source that uses Testcontainers says (its ``using``'s namespace).
MARKER = "Testcontainers"

#: The builders whose first argument (``image:``) and ``WithImage`` name the image a container
#: starts from: testcontainers-dotnet's ``src/*/…Builder.cs`` (4.x), and the old API's.
BUILDERS = frozenset(
    {"ContainerBuilder", "TestcontainersBuilder", "ArangoDbBuilder", "ArtemisBuilder",
     "AspireDashboardBuilder", "AzuriteBuilder", "BigQueryBuilder", "BigtableBuilder",
     "CassandraBuilder", "ClickHouseBuilder", "CockroachDbBuilder", "ConsulBuilder",
     "CosmosDbBuilder", "CouchDbBuilder", "CouchbaseBuilder", "Db2Builder", "DynamoDbBuilder",
     "ElasticsearchBuilder", "EventHubsBuilder", "FakeGcsServerBuilder", "FirebirdSqlBuilder",
     "FirestoreBuilder", "FlociBuilder", "GrafanaBuilder", "InfluxDbBuilder",
     "JanusGraphBuilder", "K3sBuilder", "KafkaBuilder", "KeycloakBuilder", "KurrentDbBuilder",
     "KustoBuilder", "LocalStackBuilder", "LowkeyVaultBuilder", "MariaDbBuilder",
     "MilvusBuilder", "MinioBuilder", "MongoDbBuilder", "MosquittoBuilder", "MsSqlBuilder",
     "MySqlBuilder", "NatsBuilder", "Neo4jBuilder", "OllamaBuilder", "OpenSearchBuilder",
     "OracleBuilder", "PapercutBuilder", "PlaywrightBuilder", "PostgreSqlBuilder",
     "PubSubBuilder", "PulsarBuilder", "QdrantBuilder", "RabbitMqBuilder", "RavenDbBuilder",
     "RedisBuilder", "RedpandaBuilder", "SeqBuilder", "ServiceBusBuilder", "SftpBuilder",
     "SocatBuilder", "TemporalBuilder", "ToxiproxyBuilder", "TypesenseBuilder",
     "WeaviateBuilder", "WebDriverBuilder", "EventStoreDbBuilder", "SqlEdgeBuilder"}
)  # fmt: skip

#: The builder of an image from a Dockerfile: the names it gives are built, not pulled.
_IMAGE_BUILDER = "ImageFromDockerfileBuilder"

#: What a source that starts its containers says: ``StartAsync()`` (``Build()`` pulls nothing),
#: or a base class of Testcontainers.Xunit's, which starts the container its builder makes.
_STARTS = (*STARTS, "ContainerFixture<", "ContainerTest<")

#: ``new DockerImage(`` as an argument: the image it names is the builder's.
_DOCKER_IMAGE = "new DockerImage("


def scan_testcontainers_dotnet(
    text: str,
    *,
    path: str | None = None,
    referenced: bool = False,
    siblings: Mapping[str, str] | None = None,
) -> Scan:
    """The images the C# source ``text`` has Testcontainers start; ``referenced`` says that
    its project references Testcontainers though the file does not name it, ``siblings`` are
    the ``Class.Name`` constants of the other sources of its directory (never raises)."""
    if MARKER not in text and not referenced:
        return Scan()
    code = without_comments(text)
    if not any(start in code for start in _STARTS):
        return Scan()  # (a builder's unit test: Build() alone pulls nothing)
    blanked = skeleton(code)
    known = Values(constants(code), MappingProxyType(dict(siblings or {})))
    started: list[tuple[Written, str]] = []
    built: set[str] = set()
    for match in _NEW_BUILDER.finditer(blanked):
        name = match["name"]
        if name not in BUILDERS and name != _IMAGE_BUILDER:
            continue
        opening = match.end()
        image = _image(arguments(code, blanked, opening), code, blanked, known)
        call = name
        for method, given in _chain(code, blanked, _closing(blanked, opening)):
            if name == _IMAGE_BUILDER and method == "WithName":
                named = _image(given, code, blanked, known)
                built.update(() if named is None else (named[0],))
            elif method == "WithImage":
                image, call = _image(given, code, blanked, known), method
        if image is not None and name != _IMAGE_BUILDER:
            started.append((image, call))
    found = [
        _occurrence(text, image, call, path)
        for image, call in started
        if image[0] not in built and _pulled(image[0])
    ]
    found.sort(key=lambda each: (each.line, each.column))
    return Scan(found, (), source_suppressions(text, path))


def _image(given: Arguments, code: str, blanked: str, known: Values) -> Written | None:
    """The image a builder's or ``WithImage``'s arguments name: a literal or constant, or one
    given to ``new DockerImage(…)`` alone (or with its ``Platform``)."""
    named = [each for each in given if each[0] == "image"]
    chosen = named or [each for each in given if each[0] is None]
    if not chosen:
        return None
    _, value, at = chosen[0]
    if value.startswith(_DOCKER_IMAGE):
        inner = arguments(code, blanked, at + len(_DOCKER_IMAGE))
        rest = [each for each in inner[1:] if not each[1].startswith("new Platform(")]
        return None if rest else argument(inner, 0, "image", known)
    return argument(given, 0, "image", known)


def _pulled(name: str) -> bool:
    """Whether ``name`` is an image's (not empty, no blanks)."""
    return bool(name) and not any(char.isspace() for char in name)


def _occurrence(text: str, image: Written, call: str, path: str | None) -> Occurrence:
    """The image ``DockerImage`` makes of ``image``: with ``latest`` when it has no tag."""
    name, quote = image
    last = name.rpartition("/")[2]
    reference = name if ":" in last or "@" in name else f"{name}:latest"
    line, column, raw = placed(text, quote)
    return Occurrence.of_text(
        path=path,
        line=line,
        column=column,
        kind=KIND,
        raw=raw,
        text=reference,
        context={"tool": TOOL, "call": call},
    )


def _chain(code: str, blanked: str, after: int) -> Iterator[tuple[str, Arguments]]:
    """The calls chained after the ``)`` at ``after``: ``.WithImage(…).WithPortBinding(…)``."""
    at = after + 1
    while at < len(blanked):
        match = _CHAINED.match(blanked, at)
        if match is None:
            return
        yield match["method"], arguments(code, blanked, match.end())
        at = _closing(blanked, match.end()) + 1


def _closing(blanked: str, opening: int) -> int:
    """The offset of the ``)`` that closes the ``(`` just before ``opening`` (or the end)."""
    depth = 0
    for offset in range(opening, len(blanked)):
        char = blanked[offset]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            if not depth:
                return offset
            depth -= 1
    return len(blanked)


#: ``new ContainerBuilder(``, ``new Testcontainers.Redis.RedisBuilder(``,
#: ``new TestcontainersBuilder<TestcontainersContainer>(``.
_NEW_BUILDER = lazy_pattern(
    r"\bnew\s+(?:global::)?(?:[A-Za-z_][A-Za-z0-9_]*\.)*(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"\s*(?:<[^<>();]*>)?\s*\("
)


#: A call chained on the value before it: ``.WithImage(``, ``.WithName<T>(``.
_CHAINED = lazy_pattern(r"\s*\.\s*(?P<method>[A-Za-z_][A-Za-z0-9_]*)\s*(?:<[^<>();]*>)?\s*\(")
