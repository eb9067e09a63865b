"""Testcontainers for Java: an image handed to the project's own helper method, whose ``String``
parameter becomes the container's image (sources.builds._java_helpers).

OpenLineage's Flink tests (survey s58a) start every container through
``genericContainer(network, KAFKA_IMAGE, "kafka-host")`` of their ``FlinkContainerUtils``, whose
body is ``new GenericContainer<>(DockerImageName.parse(image))``, and call
``KafkaUtil.createKafkaContainer("confluentinc/cp-kafka:7.8.1", LOG)`` of another class, which
hands its parameter on to an overload: 7 images were missed (cp-kafka, cp-zookeeper,
cp-schema-registry, cassandra, postgres, flink, cp-kafka:7.8.1).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from tagsense.sources.builds.testcontainers import read_test_sources, scan_test_source

if TYPE_CHECKING:
    from pathlib import Path

# (OpenLineage's integration/flink/flink1/src/test/java/io/openlineage/flink/
# FlinkContainerUtils.java, cut)
UTILS = """\
package x;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.DockerImageName;

public class Utils {
  private static final String VERSION = "7.6.0";
  private static final String REGISTRY_IMAGE = registryImage();
  private static final String KAFKA_IMAGE = "confluentinc/cp-kafka:7.6.0";
  private static final String ZOOKEEPER_IMAGE = "confluentinc/cp-zookeeper:" + VERSION;
  private static final String POSTGRES_IMAGE = "postgres";
  static final String FLINK_IMAGE =
      String.format("flink:%s-java11", System.getProperty("flink.version"));

  static GenericContainer<?> kafka(Network network) {
    return genericContainer(network, KAFKA_IMAGE, "kafka-host").withExposedPorts(9092);
  }

  static GenericContainer<?> zookeeper(Network network) {
    return genericContainer(network, ZOOKEEPER_IMAGE, "zookeeper");
  }

  static GenericContainer<?> registry(Network network) {
    return genericContainer(network, REGISTRY_IMAGE, "schema-registry");
  }

  static GenericContainer<?> postgres(Network network) {
    return genericContainer(network, POSTGRES_IMAGE, "postgres");
  }

  static GenericContainer<?> flink(Network network) {
    return genericContainer(network, FLINK_IMAGE, "jobmanager");
  }

  static GenericContainer<?> cassandra(Network network) {
    return genericContainer(network, "cassandra:3.11.16", "cassandra-server");
  }

  static GenericContainer<?> genericContainer(Network network, String image, String hostname) {
    return new GenericContainer<>(DockerImageName.parse(image))
        .withNetwork(network)
        .withNetworkAliases(hostname);
  }

  private static String registryImage() {
    return "confluentinc/cp-schema-registry:" + VERSION;
  }
}
"""


def images(text: str, path: str | None = None) -> list[tuple[int, str, str, tuple[str, ...]]]:
    return [(o.line, o.raw, o.text, o.unresolved) for o in scan_test_source(text, path=path)]


def test_a_helper_of_the_class_gives_each_call_s_argument_its_image() -> None:
    assert images(UTILS) == [
        (10, "confluentinc/cp-kafka:7.6.0", "confluentinc/cp-kafka:7.6.0", ()),
        (11, "confluentinc/cp-zookeeper:", "confluentinc/cp-zookeeper:7.6.0", ()),
        (12, "postgres", "postgres", ()),
        (14, "flink:%s-java11", "flink:${flink.version}-java11", ("flink.version",)),
        (37, "cassandra:3.11.16", "cassandra:3.11.16", ()),
        (47, "confluentinc/cp-schema-registry:", "confluentinc/cp-schema-registry:7.6.0", ()),
    ]  # (each where its first literal is written: the constant's, the call's, the method's)


def test_the_image_s_place_and_what_it_says() -> None:
    found = {o.text: o for o in scan_test_source(UTILS, path="Utils.java")}
    postgres = found["postgres"]
    assert postgres.reference is not None and postgres.reference.tag is None  # (TS002's)
    assert postgres.context["helper"] == "genericContainer"
    assert postgres.context["call"] == "DockerImageName.parse"
    flink = found["flink:${flink.version}-java11"]
    assert flink.reference is None and flink.is_unresolved


def test_only_the_parameter_that_reaches_the_image_is_read() -> None:
    # (the hostname goes to withNetworkAliases; a helper's own literal is no call's image)
    text = UTILS.replace('"cassandra:3.11.16", "cassandra-server"', 'name(), "redis:7.2"')
    assert "redis:7.2" not in [text for _, _, text, _ in images(text)]
    assert "cassandra:3.11.16" not in [text for _, _, text, _ in images(text)]


def test_a_helper_s_template_and_a_local_of_the_caller() -> None:
    text = """\
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.containers.KafkaContainer;
class T {
  void start(String arg) {
    String version = "16.4";
    postgres(version).start();
    postgres(arg).start();
    kafka("7.7.0").start();
    formatted("mysql", "8.4").start();
  }
  PostgreSQLContainer<?> postgres(final String tag) {
    return new PostgreSQLContainer<>("postgres:" + tag + "-alpine");
  }
  KafkaContainer kafka(String version) {
    return new KafkaContainer(version);
  }
  GenericContainer<?> formatted(String name, String tag) {
    return new GenericContainer<>(String.format("%s:%s", name, tag));
  }
}
"""
    # (the local's literal is the image's place; a parameter of the caller is not settled; a
    # module's constructor given a bare version is that module's default image, not written)
    assert images(text) == [
        (5, "16.4", "postgres:16.4-alpine", ()),
        (9, "mysql", "mysql:8.4", ()),
    ]


def test_a_field_made_of_an_expression_given_to_a_container() -> None:
    text = """\
import org.testcontainers.containers.GenericContainer;
class T {
  static final String TAG = "7.2";
  static final String IMAGE = "redis:" + TAG;
  static final String OTHER = System.getProperty("other.image");
  GenericContainer<?> a = new GenericContainer<>(IMAGE);
  GenericContainer<?> b = new GenericContainer<>(OTHER);
}
"""
    # (an image the run gives whole says nothing of it: not reported)
    assert images(text) == [(4, "redis:", "redis:7.2", ())]


# (OpenLineage's integration/flink/flink2/src/test/java/io/openlineage/flink/testutils/
# KafkaUtil.java, cut)
KAFKA_UTIL = """\
package x.testutils;

import org.testcontainers.containers.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

public class KafkaUtil {
  public static KafkaContainer createKafkaContainer(String dockerImageVersion, Logger logger) {
    return createKafkaContainer(dockerImageVersion, logger, null);
  }

  public static KafkaContainer createKafkaContainer(
      String dockerImageVersion, Logger logger, String loggerPrefix) {
    String logLevel = "INFO";
    return new KafkaContainer(DockerImageName.parse(dockerImageVersion))
        .withEnv("KAFKA_LOG4J_ROOT_LOGLEVEL", logLevel);
  }
}
"""

ENVIRONMENT = """\
package x.testutils;

import org.testcontainers.containers.KafkaContainer;

class KafkaTestEnvironmentImpl {
  private KafkaContainer createKafkaContainer(int brokerID) {
    KafkaContainer broker =
        KafkaUtil.createKafkaContainer("confluentinc/cp-kafka:7.8.1", LOG)
            .withNetworkAliases("Kafka-" + brokerID);
    KafkaContainer other = Missing.createKafkaContainer("confluentinc/cp-kafka:0.0.1", LOG);
    return broker;
  }
}
"""


def test_a_helper_of_another_class_that_hands_its_parameter_on(tmp_path: Path) -> None:
    package = tmp_path / "src" / "test" / "java" / "x" / "testutils"
    package.mkdir(parents=True)
    (package / "KafkaUtil.java").write_text(KAFKA_UTIL)
    test = package / "KafkaTestEnvironmentImpl.java"
    test.write_text(ENVIRONMENT)
    built = read_test_sources(str(test))
    found = [(o.line, o.raw, o.text, o.context.get("helper")) for o in built.scan]
    image = "confluentinc/cp-kafka:7.8.1"
    assert found == [(8, image, image, "KafkaUtil.createKafkaContainer")]
    assert built.inputs[str(package / "KafkaUtil.java")] is not None  # (a reading's input)
    (package / "KafkaUtil.java").unlink()
    assert list(read_test_sources(str(test)).scan) == []


def test_a_part_the_test_run_gives_is_reported_as_such() -> None:
    from tagsense import check

    flink = [o for o in scan_test_source(UTILS, path="Utils.java") if o.unresolved]
    (finding,) = check(flink, config={}, as_of=date(2026, 12, 7))
    assert finding.code == "TS011"
    assert "depends on flink.version, a system property or environment variable" in finding.message
    assert "-Dflink.version=" in finding.message and "--build-arg" not in finding.message


def test_a_caller_s_parameter_is_not_filled_by_another_argument() -> None:
    # (the caller's `tag` is a parameter, not settled: its mark must not take the next
    # argument's value, "x:x")
    text = """\
import org.testcontainers.containers.GenericContainer;
class T {
  void start(String name, String tag) {
    both(tag, "x").start();
    both("redis", tag).start();
  }
  GenericContainer<?> both(String name, String tag) {
    return new GenericContainer<>(name + ":" + tag);
  }
}
"""
    assert images(text) == []
    assert images(text.replace('both(tag, "x")', 'both("redis", "7.2")')) == [
        (4, "redis", "redis:7.2", ())
    ]


def test_a_local_the_method_assigns_once_joined_in_a_container_s_name() -> None:
    # kroxylicious/kroxylicious's AzureKeyVaultKmsTestKmsFacade.java and KeyVaultClientIT.java
    # (survey s59e): `String image = "nagyesta/lowkey-vault:…@sha256:…"`, then
    # `DockerImageName.parse("mirror.gcr.io/" + image)`: the mirror's image is pulled. A name
    # tagged where it is used is the reader's (a chained `.withTag`, a later `NAME.withTag`).
    text = """\
import org.testcontainers.utility.DockerImageName;
class T {
  static LowkeyVaultContainer create() {
    String image = "nagyesta/lowkey-vault:7.3.48";
    final DockerImageName imageName = DockerImageName.parse("mirror.gcr.io/" + image)
        .asCompatibleSubstituteFor(DockerImageName.parse(image.substring(0, 5)));
    String name = "elasticsearch";
    DockerImageName tagged = DockerImageName.parse(name).withTag("8.19.11");
    String other = "mongo";
    String other2 = "mongo:" + other;
    other = "x";
    new GenericContainer<>(DockerImageName.parse(other2));
    return lowkeyVault(imageName).build();
  }
}
"""
    # (`other` is assigned twice: which value, a run decides)
    assert images(text) == [(5, "mirror.gcr.io/", "mirror.gcr.io/nagyesta/lowkey-vault:7.3.48", ())]
