"""The images a JVM application's configuration has its test containers start.

Three libraries start a service's test containers from the application's own configuration,
with Testcontainers underneath, and pull the images it names when the tests (or dev mode) run:

* `Micronaut Test Resources <https://micronaut-projects.github.io/micronaut-test-resources/>`_:
  ``test-resources.containers.NAME.image-name`` (micronaut-projects/micronaut-data's
  ``data-jdbc/src/test/resources/application.yml`` starts
  ``mcr.microsoft.com/mssql/server:2022-latest`` so);
* `Quarkus Dev Services <https://quarkus.io/guides/dev-services>`_:
  ``quarkus.….devservices.image-name`` (``quarkus.datasource.devservices.image-name``), in any
  profile (``%test.quarkus.…``);
* `Playtika's testcontainers-spring-boot <https://github.com/PlaytikaOSS/testcontainers-spring-boot>`_:
  ``embedded.SERVICE.dockerImage`` (or ``docker-image``, as Spring binds it), which it reads
  from ``bootstrap.properties`` (metersphere/metersphere's six test modules start
  ``mysql:8.0.35`` so).

Testcontainers itself reads a ``testcontainers.properties`` on the classpath, where
``NAME.container.image`` replaces the image of one of its own helpers
(``ryuk.container.image``, ``socat.container.image``…): pulled when the tests start it. And a
Spring test profile's datasource URL ``jdbc:tc:postgresql:15-alpine:///db`` has Testcontainers'
JDBC driver start the database's module image (``postgres:15-alpine``), wherever the YAML
says it (navikt/sosialhjelp-soknad-api's ``application-test-container.yml``).

They are read in ``application.yml``, ``application.yaml``, ``application-ENV.yml``,
``bootstrap.yml`` (and ``.yaml``) in a ``resources`` directory (the classpath's, where the
libraries find them), nested or with dotted keys, and in ``*.properties`` files. Each image is
an :class:`~tagsense.sources.Occurrence` of kind ``"testcontainers"`` at the value, with
``context`` ``tool`` (``micronaut-test-resources``, ``quarkus-dev-services``,
``testcontainers-spring-boot`` or ``testcontainers``) and ``key``.
A value with a placeholder (``${…}``) is made when the application starts: not read. Nothing
else in the files is read (the module's default images are not written, and not guessed). The
reader never raises.
"""

from __future__ import annotations

import os

from ..._lazy import lazy_pattern
from ...occurrence import Occurrence, Scan
from ._common import MAX_BYTES, read_scanned

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

    from ..project import BuildFile

__all__ = [
    "MARKERS",
    "image_tool",
    "is_app_config_name",
    "names_test_images",
    "read_app_config",
    "scan_app_config",
    "scan_app_properties",
]

#: What a configuration that names such an image says (a quick look before any reading).
MARKERS = (b"test-resources", b"devservices", b"embedded", b"container.image", b"jdbc:tc:")

#: How Spring binds the name of Playtika's ``dockerImage`` property (lower-cased).
_DOCKER_IMAGE_KEYS = frozenset({"dockerimage", "docker-image", "docker_image"})
#: The properties file Testcontainers reads its own configuration from.
_TESTCONTAINERS_PROPERTIES = "testcontainers.properties"

#: The kind of the occurrences: the containers are Testcontainers'.
_KIND = "testcontainers"

#: How deep nested keys are followed (the longest key is five or six parts).
_MAX_DEPTH = 12


def names_test_images(head: bytes) -> bool:
    """Whether a configuration's text (a quick look at its start) may name a test container's
    image: an ``image-name`` of Micronaut's or Quarkus's, an ``embedded`` service's
    ``dockerImage``, a ``NAME.container.image`` of Testcontainers', a ``jdbc:tc:`` URL."""
    if b"jdbc:tc:" in head:
        return True
    if b"image-name" in head and (b"test-resources" in head or b"devservices" in head):
        return True
    if b"embedded" in head and (b"dockerImage" in head or b"docker-image" in head):
        return True
    return b"container.image" in head


def is_app_config_name(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is named as an application's YAML configuration on the classpath:
    ``application.yml``, ``application-ENV.yaml``, ``bootstrap.yml``…, in a ``resources``
    directory."""
    path = os.fspath(path)
    parent = os.path.basename(os.path.dirname(path))
    return parent == "resources" and _CONFIG_NAME.fullmatch(os.path.basename(path)) is not None


def image_tool(key: str) -> str | None:
    """The tool whose image a flattened configuration key names (``None``: no image's key)."""
    key = key.lower()
    if key.startswith("%"):  # (a Quarkus profile's: %test.quarkus.…)
        key = key.partition(".")[2]
    parts = key.split(".")
    if len(parts) == 4 and parts[:2] == ["test-resources", "containers"]:
        return "micronaut-test-resources" if parts[3] == "image-name" else None
    if len(parts) >= 3 and parts[0] == "quarkus" and parts[-2:] == ["devservices", "image-name"]:
        return "quarkus-dev-services"
    if len(parts) == 3 and parts[0] == "embedded" and parts[2] in _DOCKER_IMAGE_KEYS:
        return "testcontainers-spring-boot"
    return None


def read_app_config(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The images the YAML configuration at ``path`` has its tests start (never raises)."""
    return read_scanned(path, max_bytes, scan_app_config)


def scan_app_config(text: str, *, path: str | None = None) -> Scan:
    """:func:`read_app_config` of a file's text. YAML the framework could not read gives
    nothing: the application's own problem, not an image's."""
    if not any(marker.decode() in text for marker in MARKERS):
        return Scan()
    from .._yaml import load_yaml

    loaded = load_yaml(text, path=path)
    found: list[Occurrence] = []
    for document in loaded.documents:
        _walk(document, "", 0, path, found)
    if "jdbc:tc:" in text and loaded.documents:
        from .testcontainers import jdbc_urls

        found.extend(jdbc_urls(text, _without_yaml_comments(text), path))
        found.sort(key=lambda occurrence: (occurrence.line, occurrence.column))
    return Scan(found, (), loaded.suppressions)


def _without_yaml_comments(text: str) -> str:
    """A YAML text with its comments blanked (a ``#`` that starts a line or follows a blank;
    every offset kept): a commented-out URL starts nothing."""
    import re

    return re.sub(
        r"(?m)(^|[ \t])#.*$", lambda match: match[1] + " " * (len(match[0]) - len(match[1])), text
    )


def scan_app_properties(code: str, path: str | None) -> list[Occurrence]:
    """The images a ``*.properties`` file's keys name (``code``: its text with its comment
    lines blanked, which keeps every offset), at their values."""
    if not any(marker.decode() in code for marker in MARKERS):
        return []
    own = path is not None and os.path.basename(path) == _TESTCONTAINERS_PROPERTIES
    found: list[Occurrence] = []
    for number, line in enumerate(code.splitlines(keepends=True), 1):
        match = _PROPERTY_LINE.match(line)
        if match is None:
            continue
        tool, value = image_tool(match["key"]), match["value"].rstrip()
        if tool is None and own and _is_helper_image_key(match["key"]):
            tool = "testcontainers"
        if tool is None or not value or "${" in value or "\\" in value:
            continue
        column = match.start("value") + 1
        found.append(_occurrence(path, number, column, value, tool, match["key"]))
    return found


def _is_helper_image_key(key: str) -> bool:
    """Whether a key of ``testcontainers.properties`` replaces one of Testcontainers' own
    images (``ryuk.container.image``)."""
    parts = key.lower().split(".")
    return len(parts) == 3 and parts[1:] == ["container", "image"]


def _walk(
    node: yaml.Node, prefix: str, depth: int, path: str | None, found: list[Occurrence]
) -> None:
    from .._yaml import is_mapping, items, scalar, value_position

    if depth > _MAX_DEPTH or not is_mapping(node):
        return
    for key, value, _ in items(node):
        joined = f"{prefix}.{key}" if prefix else key
        if is_mapping(value):
            _walk(value, joined, depth + 1, path, found)
            continue
        tool = image_tool(joined)
        text = scalar(value)
        if tool is None or not text or "${" in text:
            continue
        line, column = value_position(value)
        found.append(_occurrence(path, line, column, text.strip(), tool, joined))


def _occurrence(
    path: str | None, line: int, column: int, text: str, tool: str, key: str
) -> Occurrence:
    return Occurrence.of_text(
        path=path,
        line=line,
        column=column,
        kind=_KIND,
        raw=text,
        text=text,
        context={"tool": tool, "key": key},
    )


_CONFIG_NAME = lazy_pattern(r"(?:application|bootstrap)(?:-[A-Za-z0-9_.-]+)?\.ya?ml")


#: A ``key=value`` (or ``key: value``, ``key value``) line of a properties file.
_PROPERTY_LINE = lazy_pattern(
    r"[ \t]*(?P<key>[%A-Za-z0-9_.\-\[\]\"]+)[ \t]*[=:\s][ \t]*(?P<value>[^\s]+)"
)
