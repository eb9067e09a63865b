"""Testcontainers for Java: the images JVM tests start are pulls (sources.builds.testcontainers)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tagsense.sources import scan_paths
from tagsense.sources.builds import build_tool, read_build_file
from tagsense.sources.builds.testcontainers import scan_test_source
from tagsense.sources.discover import discover

if TYPE_CHECKING:
    from pathlib import Path

# conductor-oss/conductor's test-harness/src/test/java/.../http/functional/FunctionalTestBase.java
# and redis-lock/src/test/java/.../RedisLockTest.java, cut down (survey 19).
CONDUCTOR = """\
package com.netflix.conductor.test.integration;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.elasticsearch.ElasticsearchContainer;
import org.testcontainers.utility.DockerImageName;

public abstract class FunctionalTestBase {
    private static final ElasticsearchContainer container =
            new ElasticsearchContainer(DockerImageName.parse("elasticsearch").withTag("7.17.11"))
                    .withEnv("xpack.security.enabled", "false");

    private static final GenericContainer<?> redisContainer =
            new GenericContainer<>(DockerImageName.parse("redis:6.2-alpine"))
                    .withExposedPorts(6379);

    static GenericContainer redis = new GenericContainer("redis:5.0.3-alpine").withExposedPorts(1);
}
"""


def images(text: str) -> list[tuple[int, int, str, str]]:
    return [(o.line, o.column, o.raw, o.text) for o in scan_test_source(text, path="T.java")]


def test_the_images_the_tests_start_are_pulled_where_they_are_written() -> None:
    found = scan_test_source(CONDUCTOR, path="FunctionalTestBase.java")
    assert [(o.line, o.column, o.raw, o.text) for o in found] == [
        (9, 63, "elasticsearch", "elasticsearch:7.17.11"),
        (13, 59, "redis:6.2-alpine", "redis:6.2-alpine"),
        (16, 59, "redis:5.0.3-alpine", "redis:5.0.3-alpine"),
    ]
    first = found.occurrences[0]
    assert first.kind == "testcontainers"
    assert dict(first.context) == {"tool": "testcontainers", "call": "DockerImageName.parse"}
    assert first.normalized == "docker.io/library/elasticsearch:7.17.11"
    assert dict(found.occurrences[2].context)["call"] == "GenericContainer"


def test_a_constant_of_the_file_is_read_where_it_is_written() -> None:
    # quarkusio/quarkus-quickstarts's stork-quickstart/src/test/java/org/acme/
    # ConsulTestResource.java
    text = """\
import org.testcontainers.containers.GenericContainer;
class ConsulTestResource {
    private static final String IMAGE = "consul:1.7";
    void start() {
        container = new GenericContainer<>(IMAGE).withExposedPorts(8500);
        other = new FixedHostPortGenericContainer<>(IMAGE);
    }
}
"""
    assert images(text) == [(3, 42, "consul:1.7", "consul:1.7")]
    kotlin = """\
import org.testcontainers.containers.PostgreSQLContainer
const val PG = "postgres:16.4"
val db = PostgreSQLContainer<Nothing>(PG)
val cache = GenericContainer("redis:${version}")
"""
    assert images(kotlin) == [(2, 17, "postgres:16.4", "postgres:16.4")]


def test_a_static_field_the_file_assigns_once_is_a_constant() -> None:
    # pgjdbc/r2dbc-postgresql's src/test/java/io/r2dbc/postgresql/util/PgBouncer.java (not
    # final, but nothing assigns it again); a field assigned twice is a run's choice.
    text = """\
import org.testcontainers.containers.GenericContainer;
public final class PgBouncer implements AutoCloseable {
    public static String IMAGE_NAME = "edoburu/pgbouncer:1.9.0";
    public static String OTHER = "redis:7.2.4";
    public PgBouncer(String mode) {
        this.container = new GenericContainer<>(IMAGE_NAME).withEnv("POOL_MODE", mode);
        OTHER = mode;
        this.other = new GenericContainer<>(OTHER);
    }
}
"""
    assert images(text) == [(3, 40, "edoburu/pgbouncer:1.9.0", "edoburu/pgbouncer:1.9.0")]


def test_a_name_the_file_tags_where_it_uses_it_is_not_pulled_untagged() -> None:
    # debezium/debezium's debezium-testing-testcontainers OracleContainer.java: the container
    # starts DEFAULT_IMAGE_NAME.withTag(DEFAULT_TAG), a tag a system property gives (else
    # 21.3.0); `quay.io/rh_integration/dbz-oracle` alone was a false TS002 (:latest).
    text = """\
import org.testcontainers.utility.DockerImageName;
public class OracleContainer extends JdbcDatabaseContainer<OracleContainer> {
    public static final String DEFAULT_TAG = parameterWithDefault(property, "21.3.0");
    public static final DockerImageName DEFAULT_IMAGE_NAME =
            DockerImageName.parse("quay.io/rh_integration/dbz-oracle");
    public OracleContainer() {
        this(DEFAULT_IMAGE_NAME.withTag(DEFAULT_TAG).asCompatibleSubstituteFor("gvenzl/oracle-xe"));
    }
    static final DockerImageName MYSQL = DockerImageName.parse("quay.io/debezium/example-mysql");
    static final GenericContainer<?> db = new GenericContainer<>(MYSQL);
}
"""
    assert images(text) == [
        (9, 65, "quay.io/debezium/example-mysql", "quay.io/debezium/example-mysql")
    ]
    kotlin = """\
import org.testcontainers.utility.DockerImageName
val IMAGE: DockerImageName = DockerImageName.parse("redis")
val redis = GenericContainer(IMAGE.withTag("7.4.2"))
"""
    # (the tag it is given is read, s47d: the pull is `redis:7.4.2`, never `redis` alone)
    assert images(kotlin) == [(2, 53, "redis", "redis:7.4.2")]


def test_a_tag_given_where_the_name_is_used_is_the_pulls() -> None:
    # ehrbase/ehrbase's service/src/test/java/org/ehrbase/test/EhrbasePostgreSQLContainer.java
    # (survey s46i), reduced: the constructor starts DEFAULT_IMAGE_NAME.withTag("16.2").
    text = """\
import org.testcontainers.utility.DockerImageName;
public class EhrbasePostgreSQLContainer extends PostgreSQLContainer<EhrbasePostgreSQLContainer> {
    private static final DockerImageName DEFAULT_IMAGE_NAME =
            DockerImageName.parse("ehrbase/ehrbase-v2-postgres");
    private static final String OLD = "15.4";
    public EhrbasePostgreSQLContainer() {
        this(DEFAULT_IMAGE_NAME.withTag("16.2"));
    }
    public static EhrbasePostgreSQLContainer old() {
        return new EhrbasePostgreSQLContainer(DEFAULT_IMAGE_NAME.withTag(OLD));
    }
    public static EhrbasePostgreSQLContainer of(String version) {
        return new EhrbasePostgreSQLContainer(DEFAULT_IMAGE_NAME.withTag(version));
    }
}
"""
    name = "ehrbase/ehrbase-v2-postgres"
    assert images(text) == [(4, 36, name, f"{name}:16.2"), (4, 36, name, f"{name}:15.4")]
    # (a name that has a tag already: withTag's, which the file does not write, is a run's)
    assert images(text.replace(f'"{name}"', f'"{name}:16"')) == []


def test_a_module_given_a_bare_version_names_no_image() -> None:
    # quarkusio/quarkus-quickstarts's context-propagation-quickstart KafkaResource.java: the old
    # KafkaContainer(String confluentPlatformVersion) pulls confluentinc/cp-kafka:7.7.0, which
    # the file does not write.
    text = """\
import org.testcontainers.containers.KafkaContainer;
import org.testcontainers.containers.PostgreSQLContainer;
class Resources {
    KafkaContainer kafka = new KafkaContainer("7.7.0");
    PostgreSQLContainer<?> db = new PostgreSQLContainer<>("postgres:16-alpine");
}
"""
    assert images(text) == [(5, 60, "postgres:16-alpine", "postgres:16-alpine")]


def test_comments_made_names_and_other_calls_are_not_read() -> None:
    text = """\
import org.testcontainers.utility.DockerImageName;
class T {
    // new GenericContainer<>("redis:7")
    /* DockerImageName.parse("mysql:8") */
    String url = "http://x//y";
    GenericContainer<?> a = new GenericContainer<>("redis:" + VERSION);
    GenericContainer<?> b = new GenericContainer<>(image);
    GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse("pg:1\\\\n"));
    DockerImageName d = DockerImageName.parse("postgres").asCompatibleSubstituteFor("x");
    DockerImageName e = DockerImageName.parse("elasticsearch").withTag(version);
}
"""
    assert images(text) == [(9, 48, "postgres", "postgres")]
    assert images(text.replace("org.testcontainers", "org.example")) == []


def test_only_jvm_sources_that_use_testcontainers_are_read(tmp_path: Path) -> None:
    tests = tmp_path / "src" / "test" / "java"
    tests.mkdir(parents=True)
    (tests / "FunctionalTestBase.java").write_text(CONDUCTOR)
    (tests / "PlainTest.java").write_text('class PlainTest { String s = "redis:7"; }\n')
    (tests / "notes.txt").write_text(CONDUCTOR)
    found = str(tests / "FunctionalTestBase.java")
    assert discover([str(tmp_path)]) == [(found, "build")]
    assert build_tool(tests / "PlainTest.java") == "testcontainers"
    assert list(read_build_file(str(tests / "PlainTest.java")).scan) == []
    assert [(o.path, o.line, o.kind) for o in scan_paths([str(tmp_path)])] == [
        (found, 9, "testcontainers"),
        (found, 13, "testcontainers"),
        (found, 16, "testcontainers"),
    ]


def test_a_jdbc_url_starts_its_modules_image_with_its_tag() -> None:
    # conductor-oss/conductor's scheduler/postgres-persistence/.../PostgresSchedulerDAOTest.java:
    # the URL alone starts the database (no import of org.testcontainers is needed).
    text = """\
@TestPropertySource(properties = {
    "spring.datasource.url=jdbc:tc:postgresql:15-alpine:///conductor_scheduler_test",
    "other.url=jdbc:tc:mysql:///db",
    "third.url=jdbc:tc:oracle:21-slim-faststart:thin:@localhost:1521/db",
})
class PostgresSchedulerDAOTest {}
"""
    found = scan_test_source(text, path="PostgresSchedulerDAOTest.java")
    assert [(o.line, o.column, o.raw, o.text) for o in found] == [
        (2, 36, "postgresql:15-alpine", "postgres:15-alpine"),
    ]
    assert dict(found.occurrences[0].context) == {"tool": "testcontainers", "call": "jdbc:tc"}


def test_a_properties_file_with_a_jdbc_url_is_the_tests_configuration(tmp_path: Path) -> None:
    # conductor-oss/conductor's mysql-persistence/src/test/resources/application.properties:
    # Spring's tests read it from the test classpath; it is no test's input data.
    resources = tmp_path / "mysql-persistence" / "src" / "test" / "resources"
    resources.mkdir(parents=True)
    properties = resources / "application.properties"
    properties.write_text(
        "# spring.datasource.url=jdbc:tc:mysql:5.7:///old\n"
        "spring.datasource.url=jdbc:tc:mysql:8.0.29:///conductor\n"
    )
    (resources / "other.properties").write_text("spring.datasource.url=jdbc:mysql://db/x\n")
    assert discover([str(tmp_path)]) == [(str(properties), "build")]
    found = scan_paths([str(tmp_path)])
    assert [(o.line, o.column, o.text) for o in found] == [(2, 31, "mysql:8.0.29")]
    assert list(found.errors) == []


def test_a_statically_imported_parse_names_the_image() -> None:
    # openzipkin/zipkin's zipkin-storage/cassandra/src/test/java/zipkin2/storage/cassandra/
    # CassandraContainer.java, cut down (survey 22a): 17 images of zipkin's tests are named so.
    text = """\
package zipkin2.storage.cassandra;

import org.testcontainers.containers.GenericContainer;

import static org.testcontainers.utility.DockerImageName.parse;

final class CassandraContainer extends GenericContainer<CassandraContainer> {
  CassandraContainer() {
    super(parse("ghcr.io/openzipkin/zipkin-cassandra:3.6.0"));
  }
}
"""
    found = scan_test_source(text, path="CassandraContainer.java")
    assert [(o.line, o.column, o.text) for o in found] == [
        (9, 18, "ghcr.io/openzipkin/zipkin-cassandra:3.6.0")
    ]
    assert dict(found.occurrences[0].context)["call"] == "DockerImageName.parse"
    # (another class's parse, without the import, names nothing)
    other = text.replace("import static org.testcontainers.utility.DockerImageName.parse;", "")
    assert images(other) == []
    assert images(text.replace("super(parse(", "super(Json.parse(")) == []
    # (nor the file's own parse method's calls)
    own = text.replace(
        "  CassandraContainer() {",
        "  static String parse(String s) { return s; }\n  CassandraContainer() {",
    )
    assert images(own) == []


def test_a_container_subclass_gives_its_image_to_super() -> None:
    # AxonFramework/AxonFramework's extensions/spring/spring/src/test/java/org/axonframework/
    # extension/spring/util/MysqlTestContainerExtension.java, cut down (survey 22a).
    text = """\
import org.testcontainers.containers.MySQLContainer;

public class MysqlTestContainerExtension extends MySQLContainer<MysqlTestContainerExtension>
        implements BeforeAllCallback, AfterAllCallback {

    private MysqlTestContainerExtension() {
        super("mysql:8.0");
    }
}

class Bounded<SELF extends Bounded<SELF>> extends containers.GenericContainer<SELF> {
    Bounded() { super("redis:7.4.2"); }
}

class NotAContainer extends Exception {
    NotAContainer() { super("message:text"); }
}

class Versioned extends KafkaContainer {
    Versioned() { super("7.7.0"); }
}
"""
    assert [(line, text_) for line, _, _, text_ in images(text)] == [
        (7, "mysql:8.0"),
        (12, "redis:7.4.2"),
    ]


def test_testcontainers_scala_names_its_image_as_an_argument(tmp_path: Path) -> None:
    # apache/pekko-connectors's aws-spi-pekko-http/src/test/scala/org/apache/pekko/stream/
    # connectors/awsspi/BaseAwsClientTest.scala, cut down (survey 22a): the file imports
    # testcontainers-scala alone, never org.testcontainers.
    text = """\
import com.dimafeng.testcontainers.{ ForAllTestContainer, GenericContainer }

trait LocalstackBaseAwsClientTest extends BaseAwsClientTest {
  override lazy val container: GenericContainer =
    new GenericContainer(
      dockerImage = "localstack/localstack:4.14",
      exposedPorts = Seq(4566))
  val queue = GenericContainer.Def(dockerImage = "softwaremill/elasticmq-native")
  val mock = GenericContainer(dockerImage = s"adobe/s3mock:${S3Test.S3_MOCK_VERSION}")
}
"""
    assert [(line, text_) for line, _, _, text_ in images(text)] == [
        (6, "localstack/localstack:4.14"),
        (8, "softwaremill/elasticmq-native"),
    ]
    source = tmp_path / "src" / "test" / "scala" / "BaseAwsClientTest.scala"
    source.parent.mkdir(parents=True)
    source.write_text(text)
    (tmp_path / ".git").mkdir()
    assert [o.text for o in scan_paths([str(tmp_path)]).occurrences] == [
        "localstack/localstack:4.14",
        "softwaremill/elasticmq-native",
    ]


def test_a_name_joined_of_literals_and_constants_is_read_at_its_first_literal() -> None:
    # apache/pekko-connectors's aws-spi-pekko-http/src/test/java/org/apache/pekko/stream/
    # connectors/awsspi/s3/S3Test.java, cut down (survey 22a).
    text = """\
import org.testcontainers.containers.GenericContainer;
public class S3Test {
  public static final String S3_MOCK_VERSION = "4.10.0";
  public static GenericContainer s3mock =
      new GenericContainer("adobe/s3mock:" + S3_MOCK_VERSION).withExposedPorts(9090);
  static GenericContainer alpine = new GenericContainer("x/y:" + S3_MOCK_VERSION + "-alpine");
  static GenericContainer unknown = new GenericContainer("x/z:" + version);
  static GenericContainer called = new GenericContainer("x/w:" + version());
}
"""
    assert images(text) == [
        (5, 29, "adobe/s3mock:", "adobe/s3mock:4.10.0"),
        (6, 58, "x/y:", "x/y:4.10.0-alpine"),
    ]


def test_a_community_module_s_container_is_found_and_read(tmp_path: Path) -> None:
    # thingsboard/tbmq's JwtJwksAuthorizationIntegrationTestCase.java, cut down (survey s40a):
    # WireMock's own Testcontainers module, in a package of its vendor (no org.testcontainers).
    source = tmp_path / "src" / "test" / "java" / "JwksTest.java"
    source.parent.mkdir(parents=True)
    source.write_text(
        "package org.acme;\n\n"
        "import org.wiremock.integrations.testcontainers.WireMockContainer;\n\n"
        "class JwksTest {\n"
        "    static void start() {\n"
        '        var server = new WireMockContainer("wiremock/wiremock:3.13.1")\n'
        '            .withMappingFromJSON("{}");\n'
        '        var bare = new WireMockContainer("3.13.1");\n'  # (a version alone: no name)
        "    }\n"
        "}\n",
        encoding="utf-8",
    )
    assert discover([str(tmp_path)]) == [(str(source), "build")]
    found = [(o.line, o.text, dict(o.context)["call"]) for o in scan_paths([str(source)])]
    assert found == [(7, "wiremock/wiremock:3.13.1", "WireMockContainer")]
    # (a package named so that holds no container class: not read)
    source.write_text(
        "import com.acme.testcontainers.Util;\n"
        'class T { void f() { new FooContainer("foo/bar:1.0"); } }\n',
        encoding="utf-8",
    )
    assert discover([str(tmp_path)]) == []


def test_a_constant_a_system_property_may_replace_is_its_default() -> None:
    # apache/nifi's nifi-kafka-3-integration AbstractKafkaBaseIT.java and AbstractMongoIT.java
    # (trimmed): `System.getProperty(KEY, DEFAULT)` is the default unless a run says
    # `-DKEY=…`, so the tests pull apache/kafka:4.3.1 and mongo:8 (7 missed, survey s43c);
    # a property with no default is the run's; a name parsed of one is its default too
    text = """\
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;
public abstract class AbstractKafkaBaseIT {
    static final String IMAGE_NAME = System.getProperty("kafka.image", "apache/kafka:4.3.1");
    static final String DOCKER_IMAGE = System . getProperty( "mongo.image" , "mongo:8" );
    private static final String OTHER = System.getProperty("other.image");
    static void start() {
        kafka = new KafkaContainer(DockerImageName.parse(IMAGE_NAME));
        mongo = new MongoDBContainer(DockerImageName.parse(DOCKER_IMAGE));
        other = new GenericContainer<>(DockerImageName.parse(OTHER));
        es = new ElasticsearchContainer(DockerImageName.parse(System.getProperty("es", "es:9")));
    }
}
"""
    assert images(text) == [
        (4, 73, "apache/kafka:4.3.1", "apache/kafka:4.3.1"),
        (5, 79, "mongo:8", "mongo:8"),
        (11, 89, "es:9", "es:9"),
    ]


def test_the_base_of_an_image_the_dockerfile_dsl_builds_is_pulled() -> None:
    # eclipse-hono/hono's adapter-base/src/test/java/org/eclipse/hono/adapter/auth/device/x509/
    # OCSPIntegrationTest.java, cut down (survey 44e): the build pulls its FROM line's image.
    text = """\
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.ImageFromDockerfile;

class OCSPIntegrationTest {
    static void setUpAll() {
        ocspResponderContainer = new GenericContainer(
                new ImageFromDockerfile()
                        .withFileFromString("index.txt", createCAIndexFile())
                        .withDockerfileFromBuilder(builder ->
                                builder.from("alpine:3.19")
                                        .workDir("/ocsp")
                                        .build()));
    }
    static final String BASE = "alpine";
    void other() {
        new ImageFromDockerfile().withDockerfileFromBuilder((b) -> { return b.from(BASE); });
        new ImageFromDockerfile().withDockerfileFromBuilder(b -> other.from("node:20"));
    }
}
"""
    assert images(text) == [(10, 47, "alpine:3.19", "alpine:3.19"), (14, 33, "alpine", "alpine")]
    (first, _) = scan_test_source(text, path="T.java").occurrences
    assert dict(first.context) == {"tool": "testcontainers", "call": "DockerfileBuilder.from"}
