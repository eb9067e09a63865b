"""Testcontainers for Java: an image named through another class's constant, or a simple
method of the source's class or another's (sources.builds._java_classes).

karatelabs/karate (survey s57d) starts ``new GenericContainer<>(SeleniumImages.hub())``, whose
``hub()`` returns ``resolve("KARATE_SELENIUM_HUB_IMAGE", "seleniarm/hub:latest",
"selenium/hub:latest")``: selenium/hub, selenium/node-chromium and selenium/standalone-chrome
were missed.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from tagsense.sources.builds.testcontainers import read_test_sources, scan_test_source

if TYPE_CHECKING:
    from pathlib import Path

CONSTS = """\
package x;

public final class Consts {
    public static final String PG = "postgres:16.4";
    public static final String VERSION = "7.7.0";
    public static String mutable = "not/a-constant:1";
}
"""

# (karate's karate-core/src/test/java/io/karatelabs/driver/e2e/support/SeleniumImages.java, cut)
IMAGES = """\
package x.support;

import org.testcontainers.utility.DockerImageName;

public final class Images {
    private static final boolean ARM64 = "aarch64".equals(System.getProperty("os.arch"));

    public static String hub() {
        return resolve("HUB_IMAGE", "seleniarm/hub:4.20", "selenium/hub:4.20");
    }

    public static DockerImageName standalone() {
        String image = resolve("STANDALONE_IMAGE",
                "seleniarm/standalone-chromium:latest",
                "selenium/standalone-chrome:latest");
        return DockerImageName.parse(image).asCompatibleSubstituteFor("selenium/standalone-chrome");
    }

    public static DockerImageName parsed() {
        return DockerImageName.parse("mongo:7.0.1");
    }

    public static String formatted() {
        return String.format("%s/%s:%s", "a", "b", "c");
    }

    private static String resolve(String env, String arm, String amd) {
        String override = System.getenv(env);
        if (override != null) {
            return override;
        }
        return ARM64 ? arm : amd;
    }
}
"""

TEST = """\
package x;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.KafkaContainer;
import org.testcontainers.containers.BrowserWebDriverContainer;
import x.support.Images;
import static x.Consts.PG;

class VTest {
    static String img() { return "redis:7.2.1"; }
    GenericContainer<?> b = new GenericContainer<>(Consts.PG);
    GenericContainer<?> c = new GenericContainer<>(img());
    GenericContainer<?> d = new GenericContainer<>(Images.hub());
    BrowserWebDriverContainer<?> e = new BrowserWebDriverContainer<>(Images.standalone());
    GenericContainer<?> f = new GenericContainer<>(PG);
    KafkaContainer g = new KafkaContainer(Consts.VERSION);
    GenericContainer<?> h = new GenericContainer<>(Images.parsed());
    GenericContainer<?> i = new GenericContainer<>(Unknown.IMAGE);
    GenericContainer<?> j = new GenericContainer<>(Images.formatted());
    GenericContainer<?> k = new GenericContainer<>(Consts.mutable);
}
"""


def project(tmp_path: Path) -> Path:
    main = tmp_path / "src" / "main" / "java" / "x"
    support = tmp_path / "src" / "test" / "java" / "x" / "support"
    main.mkdir(parents=True)
    support.mkdir(parents=True)
    (main / "Consts.java").write_text(CONSTS)
    (support / "Images.java").write_text(IMAGES)
    test = support.parent / "VTest.java"
    test.write_text(TEST)
    return test


def found(path: Path) -> list[tuple[int, str, str]]:
    built = read_test_sources(str(path))
    return [(o.line, o.raw, o.text) for o in built.scan]


def test_another_class_s_constants_and_simple_methods_give_their_images(tmp_path: Path) -> None:
    test = project(tmp_path)
    assert found(test) == [
        (10, "redis:7.2.1", "redis:7.2.1"),  # (the source's own method: at its literal)
        (11, "Consts.PG", "postgres:16.4"),  # (another root of the module, same package)
        (13, "Images.hub()", "seleniarm/hub:4.20"),  # (each literal a call may return)
        (13, "Images.hub()", "selenium/hub:4.20"),
        (14, "Images.standalone()", "seleniarm/standalone-chromium:latest"),
        (14, "Images.standalone()", "selenium/standalone-chrome:latest"),
    ]  # (PG, statically imported, is postgres:16.4 again: reported once a file)


def test_the_files_looked_at_are_the_reading_s_inputs(tmp_path: Path) -> None:
    test = project(tmp_path)
    inputs = read_test_sources(str(test)).inputs
    consts = str(tmp_path / "src" / "main" / "java" / "x" / "Consts.java")
    images = str(tmp_path / "src" / "test" / "java" / "x" / "support" / "Images.java")
    assert inputs[consts] is not None and inputs[images] is not None
    os.remove(consts)
    assert [text for _, _, text in found(test)] == [
        "redis:7.2.1",
        "seleniarm/hub:4.20",
        "selenium/hub:4.20",
        "seleniarm/standalone-chromium:latest",
        "selenium/standalone-chrome:latest",
    ]


def test_a_class_found_only_by_its_package_or_import() -> None:
    # (no file: nothing read, and a source that is not in a file finds no class)
    assert [o.text for o in scan_test_source(TEST, path=None)] == ["redis:7.2.1"]


def test_a_static_import_of_a_method_and_a_local_of_the_own_class(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "Images.java").write_text(
        "package a;\npublic class Images {\n"
        '    public static String kafka() { return "apache/kafka:4.1.0"; }\n}\n'
    )
    test = tmp_path / "a" / "KTest.java"
    test.write_text(
        "package a;\nimport org.testcontainers.containers.GenericContainer;\n"
        "import static a.Images.kafka;\nclass KTest {\n"
        "    static String own() {\n        String image = BASE;\n        return image;\n    }\n"
        '    static final String BASE = "busybox:1.36";\n'
        "    GenericContainer<?> a = new GenericContainer<>(kafka());\n"
        "    GenericContainer<?> b = new GenericContainer<>(own());\n}\n"
    )
    assert found(test) == [
        (9, "busybox:1.36", "busybox:1.36"),
        (10, "kafka()", "apache/kafka:4.1.0"),
    ]


def test_a_nested_class_of_the_source_named_by_its_qualifier(tmp_path: Path) -> None:
    # (the source's own class, qualified: its constant at its literal; the file's name is not
    # the nested class's, so only the source itself declares it. A review of session 41 found
    # the declaration's pattern held two backspace characters where `\b` was meant, and so
    # never matched: the image was missed)
    test = tmp_path / "a" / "FooTest.java"
    test.parent.mkdir()
    test.write_text(
        "package a;\nimport org.testcontainers.containers.GenericContainer;\nclass FooTest {\n"
        '    static class Images {\n        static final String PG = "postgres:16.4";\n    }\n'
        "    GenericContainer<?> a = new GenericContainer<>(Images.PG);\n"
        "    GenericContainer<?> b = new GenericContainer<>(ImagesX.PG);\n}\n"
    )
    assert found(test) == [(5, "postgres:16.4", "postgres:16.4")]
