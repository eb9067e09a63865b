"""Compose files that a JVM project's tests bring up from the test classpath.

Testcontainers' compose module (Java's ``DockerComposeContainer`` and ``ComposeContainer``)
runs ``docker compose up`` on the files it is given, and a JVM project's tests often give it a
file of their own classpath: apache/dolphinscheduler's ``HdfsStorageOperatorTest`` starts
``getResource("/hadoop-docker-compose/docker-compose.yaml")`` of its module's
``src/test/resources``, and its API tests are annotated ``@DolphinScheduler(composeFiles =
"docker/basic/docker-compose.yaml")``, which the suite's extension (in a sibling module, the
``dolphinscheduler-api-test-core`` its tests depend on) resolves with ``getResource`` and
brings up ``.withPull(true)`` (survey 45e: 21 pulls missed). Such a file is no test's input
but a run's.

So a compose file in a JVM module's resources (``src/test/resources``, ``src/main/resources``)
is run when the module's test code names it by its classpath name (a string literal, with or
without the leading ``/`` of ``Class.getResource``, or by its path from the module, where the
build runs the tests), and that test file, or a JVM source of a
module beside it (the modules of the same parent build, ``pom.xml``, ``build.gradle``…, where
a suite keeps the helper that its tests use), creates a Testcontainers compose container. A
test that names the file but brings no compose project up (a compose parser's tests, reading
it as text) leaves it a test's input.

The module's build file may name it instead, for the tests to read: rundeck/rundeck's
``functional-test/build.gradle`` gives each test task ``systemProperty("COMPOSE_PATH",
"docker/compose/oss/docker-compose.yml")``, which its ``BaseContainer`` resolves with
``getResource(System.getProperty("COMPOSE_PATH"))`` and brings up with ``new
RdComposeContainer(…)``, a class of its own that ``extends ComposeContainer`` (survey 53a: 4
pulls missed). A subclass of a compose container is made to be created, so a source that
declares one counts as creating one, and the module's own test sources are looked at before
the modules beside it.
"""

from __future__ import annotations

import functools
import os

from .._lazy import lazy_pattern
from .builds._common import read_text

__all__ = ["run_by_jvm_tests"]

#: How much of a source file is read, and how many source files one look reads at most.
_MAX_BYTES = 1 << 20
_MAX_SOURCES = 2000
#: The JVM languages' source files.
_SOURCE_SUFFIXES = (".java", ".kt", ".scala", ".groovy")
#: The resource roots of a Maven or Gradle module, on the test classpath.
_RESOURCE_ROOTS = (("src", "test", "resources"), ("src", "main", "resources"))
#: The build files of a directory whose modules lie below it.
_BUILD_FILES = (
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "settings.gradle",
    "settings.gradle.kts",
    "build.sbt",
)
#: Testcontainers' compose containers (``DockerComposeContainer``, ``ComposeContainer``),
#: created in Java, Kotlin, Scala or Groovy (testcontainers-scala's ``DockerComposeContainer
#: .Def(…)``); a subclass of one (``class RdComposeContainer extends ComposeContainer``) is
#: made to be created (Kotlin's ``: ComposeContainer(`` is a call already).
_CREATES_COMPOSE = lazy_pattern(
    r"\b(?:Docker)?ComposeContainer\b\s*(?:<[^>\n]*>\s*)?(?:\.\s*Def\s*)?\("
    r"|\bextends\s+(?:Docker)?ComposeContainer\b"
)
#: A module's own build files, which may name the file for its tests (Gradle's
#: ``systemProperty("COMPOSE_PATH", "docker/…/docker-compose.yml")``, Maven Surefire's
#: ``<systemPropertyVariables>``).
_MODULE_BUILD_FILES = ("build.gradle", "build.gradle.kts", "pom.xml")


def run_by_jvm_tests(path: str) -> bool:
    """Whether a JVM module's tests bring up the compose file at ``path`` from their classpath
    (see the module)."""
    parts = os.path.normpath(os.path.abspath(path)).split(os.sep)
    for root in _RESOURCE_ROOTS:
        for index in range(len(parts) - len(root) - 1, 0, -1):
            if tuple(parts[index : index + len(root)]) != root:
                continue
            module = os.sep.join(parts[:index])
            within = "/".join(parts[index + len(root) :])
            # (by its classpath name, or by its path from the module, where Maven and Gradle
            # run the tests: `new File("src/test/resources/airflow/docker-compose.yaml")`)
            from_module = "/".join((*root, within))
            literals = (f'"{within}"', f'"/{within}"', f'"{from_module}"')
            return _named_and_run(module, literals)
    return False


def _named_and_run(module: str, literals: tuple[str, ...]) -> bool:
    """Whether a test source or a build file of ``module`` holds one of ``literals`` (the
    file's names), and a test source of the module or a source of a module beside it creates
    a compose container."""
    tests = _sources(os.path.join(module, "src", "test"))
    naming = [text for text in tests if _names(text, literals)]
    if not naming and not _build_file_names(module, literals):
        return False
    if any(_creates_compose(text) for text in tests):  # (the naming ones among them)
        return True
    parent = os.path.dirname(module)
    if os.path.exists(os.path.join(module, ".git")) or not _is_build_directory(parent):
        return False  # (no modules beside it in the project: the module is the project)
    return _beside_creates_compose(parent)


def _build_file_names(module: str, literals: tuple[str, ...]) -> bool:
    """Whether a build file of ``module`` names the file: a literal of ``literals`` in
    double or single quotes (Groovy's), or as an XML element's text (Maven's)."""
    names = [literal.strip('"') for literal in literals]
    forms = (*literals, *(f"'{name}'" for name in names), *(f">{name}<" for name in names))
    for name in _MODULE_BUILD_FILES:
        text = read_text(os.path.join(module, name), _MAX_BYTES)
        if isinstance(text, str) and _names(text, forms):
            return True
    return False


def _is_build_directory(directory: str) -> bool:
    """Whether ``directory`` holds a Maven, Gradle or sbt build (whose modules lie below it)."""
    return any(os.path.isfile(os.path.join(directory, name)) for name in _BUILD_FILES)


def _names(text: str, literals: tuple[str, ...]) -> bool:
    return any(literal in text for literal in literals)


def _creates_compose(text: str) -> bool:
    return "ComposeContainer" in text and _CREATES_COMPOSE.search(text) is not None


@functools.lru_cache(maxsize=64)
def _beside_creates_compose(parent: str) -> bool:
    """Whether a JVM source of a module in ``parent`` creates a compose container."""
    return any(_creates_compose(text) for text in _sources(parent))


@functools.lru_cache(maxsize=64)
def _sources(directory: str) -> tuple[str, ...]:
    """The texts of the JVM source files below ``directory`` that mention a compose file or a
    compose container (at most :data:`_MAX_SOURCES` files looked at; hidden directories,
    ``target/`` and ``build/`` left out)."""
    texts: list[str] = []
    count = 0
    for current, subdirectories, files in os.walk(directory):
        subdirectories[:] = sorted(
            name
            for name in subdirectories
            if not name.startswith(".") and name not in ("target", "build", "node_modules")
        )
        for file in sorted(files):
            if not file.endswith(_SOURCE_SUFFIXES):
                continue
            count += 1
            if count > _MAX_SOURCES:
                return tuple(texts)
            text = read_text(os.path.join(current, file), _MAX_BYTES)
            if isinstance(text, str) and ("ompose" in text or ".y" in text):
                texts.append(text)
    return tuple(texts)
