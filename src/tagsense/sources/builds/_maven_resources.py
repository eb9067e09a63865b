"""Files that Maven's resource filtering writes: a file of a resource directory its pom filters.

The maven-resources-plugin copies each ``<resource>`` (``<testResource>``) directory of a
module into ``target/`` and, with ``<filtering>true</filtering>``, puts the pom's properties in
as it copies (``${name}`` and ``@name@``, Maven's default delimiters; a name with no value is
left as written: https://maven.apache.org/plugins/maven-resources-plugin/examples/filter.html).
The program then reads the copy, never the file as written: apache/paimon's end-to-end tests
start ``src/test/resources-filtered/docker-compose.yaml`` from the classpath, whose ``image:
apache/flink:${test.flink.version}-${test.java.version}`` is no compose interpolation.

:func:`maven_filtered` gives such a file's text as the copy has it: only when the nearest pom
above the file (its module's) declares, in its build or a plugin's configuration, a resource
directory with filtering on that holds the file (and its ``<includes>``/``<excludes>`` let it
through). The properties are those of :func:`.maven.inherited_properties`: the pom's and its
parents' ``<properties>``, ``project.version`` and the like; a profile's are a run's choice,
not put in. A value with a line break is not put in (the file's lines stay where they are).
"""

from __future__ import annotations

import os
from typing import NamedTuple

from .maven import _child, _tag, _text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from xml.etree.ElementTree import Element


class Filtered(NamedTuple):
    """A file's text as Maven's filtering writes it, the pom that filters it, and the
    properties it put in."""

    text: str
    pom: str
    properties: Mapping[str, str]
    #: The plugin's delimiters (``("$[", "]")``), Maven's defaults first unless it turns them
    #: off; ``None``: the defaults alone.
    delimiters: tuple[tuple[str, str] | None, ...] | None = None


__all__ = ["Filtered", "as_written", "maven_filtered"]


def maven_filtered(path: str, text: str) -> Filtered | None:
    """``text`` (of the file ``path``) as Maven's resource filtering writes it, and the pom that
    filters it; ``None`` when no pom filters it, or filtering changes nothing."""
    pom = _module_pom(path)
    if pom is None:
        return None
    from .jib import read_pom_tree

    tree = read_pom_tree(pom)
    if tree is None:
        return None
    root, namespace = tree
    module = os.path.dirname(pom)
    holding = next(
        (
            resource
            for resource in _resources(root, namespace)
            if _holds(resource, namespace, module, path)
        ),
        None,
    )
    if holding is None:
        return None
    from .maven import inherited_properties

    delimiters = _delimiters(root, namespace, holding)
    properties = inherited_properties(pom, read_pom_tree, root, namespace)
    properties = {name: value for name, value in properties.items() if "\n" not in value}
    filtered = _filter(text, properties, delimiters)
    if filtered == text or filtered.count("\n") != text.count("\n"):
        return None
    return Filtered(filtered, pom, properties, delimiters)


def _filter(
    text: str,
    properties: Mapping[str, str],
    delimiters: tuple[tuple[str, str] | None, ...] | None,
) -> str:
    """``text`` with the properties put in between each of the delimiters (``None``: Maven's
    defaults), in turn."""
    from .maven import filter_text

    for pair in (None,) if delimiters is None else delimiters:
        text = filter_text(text, properties, pair)[0]
    return text


def _delimiters(
    root: Element, namespace: str, resource: Element
) -> tuple[tuple[str, str] | None, ...] | None:
    """The delimiters the maven-resources-plugin filters ``resource`` with: its execution's (or
    the plugin's) ``<delimiters>``, each ``START*END`` (``$[*]``) or one text on both sides
    (``@``), after Maven's defaults unless ``<useDefaultDelimiters>false`` (the plugin's
    parameters, https://maven.apache.org/plugins/maven-resources-plugin/resources-mojo.html);
    ``None``: the defaults alone (``None`` in the tuple stands for them).

    >>> import xml.etree.ElementTree as ET
    >>> pom = ET.fromstring("<project><build><plugins><plugin><configuration><delimiters>"
    ...     "<delimiter>$[*]</delimiter></delimiters><resources><resource><directory>a"
    ...     "</directory></resource></resources></configuration></plugin></plugins></build>"
    ...     "</project>")
    >>> _delimiters(pom, "", next(pom.iter("resource")))
    (None, ('$[', ']'))
    """
    parents = {child: parent for parent in root.iter() for child in parent}
    configurations: list[Element] = []
    node: Element | None = resource
    while node is not None:
        if node.tag == _tag(namespace, "configuration"):
            configurations.append(node)
        if node.tag == _tag(namespace, "plugin"):
            break
        node = parents.get(node)
    if node is None:
        # (a build's own <resources>: the maven-resources-plugin's configuration)
        for plugin in root.iter(_tag(namespace, "plugin")):
            if _value(plugin, namespace, "artifactId") == "maven-resources-plugin":
                found = _child(plugin, namespace, "configuration")
                if found is not None:
                    configurations.append(found)
                break
    elif (plugin_level := _child(node, namespace, "configuration")) is not None:
        configurations.append(plugin_level)  # (the plugin's, under the execution's)
    custom: list[tuple[str, str]] = []
    defaults = True
    for configuration in configurations:
        block = _child(configuration, namespace, "delimiters")
        if block is not None and not custom:
            for each in block.findall(_tag(namespace, "delimiter")):
                text = _text(each)
                if text:
                    start, star, end = text.partition("*")
                    custom.append((start, end) if star else (text, text))
        use = _value(configuration, namespace, "useDefaultDelimiters")
        if use is not None:
            defaults = use.strip().lower() != "false"
            break
    if not custom and defaults:
        return None
    return ((None,) if defaults else ()) + tuple(custom)


def as_written(
    value: str,
    line: str,
    column: int,
    properties: Mapping[str, str],
    delimiters: tuple[tuple[str, str] | None, ...] | None = None,
) -> str | None:
    """The text of ``line`` (as written) from ``column`` (1-based) that Maven's filtering makes
    ``value``: what a reference found in the filtered text is written as; ``None`` when it is
    written as it is, or not found.

    >>> as_written("acme/app:1.2", "    image: acme/app:${v}  # x", 12, {"v": "1.2"})
    'acme/app:${v}'
    """
    rest = line[column - 1 :]
    if rest.startswith(value):
        return None
    for end in range(len(rest), 0, -1):
        if _filter(rest[:end], properties, delimiters) == value:
            return rest[:end]
    return None


def _module_pom(path: str) -> str | None:
    """The ``pom.xml`` nearest above ``path``: its module's."""
    from ..._roots import nearest_up

    directory = nearest_up(
        os.path.dirname(os.path.abspath(path)),
        {},
        lambda place: os.path.isfile(os.path.join(place, "pom.xml")),
    )
    return None if directory is None else os.path.join(directory, "pom.xml")


def _resources(root: Element, namespace: str) -> list[Element]:
    """Every ``<resource>`` and ``<testResource>`` of the pom (its build's, its profiles', a
    plugin's ``copy-resources`` configuration's)."""
    return [
        element
        for name in ("resource", "testResource")
        for element in root.iter(_tag(namespace, name))
    ]


def _holds(resource: Element, namespace: str, module: str, path: str) -> bool:
    """Whether a resource with filtering on holds the file ``path`` (its directory relative to
    the module's, ``${basedir}``/``${project.basedir}`` allowed)."""
    if _value(resource, namespace, "filtering") != "true":
        return False
    written = _value(resource, namespace, "directory")
    if not written:
        return False
    for base in ("${project.basedir}", "${basedir}"):
        if written.startswith(base):
            written = written[len(base) :].lstrip("/") or os.curdir
    if "${" in written or os.path.isabs(written):
        return False
    directory = os.path.normpath(os.path.join(module, written))
    relative = os.path.relpath(os.path.abspath(path), directory)
    if relative.startswith(os.pardir + os.sep) or relative == os.pardir:
        return False
    relative = relative.replace(os.sep, "/")
    includes = _patterns(resource, namespace, "includes", "include")
    excludes = _patterns(resource, namespace, "excludes", "exclude")
    if includes and not any(_ant_match(pattern, relative) for pattern in includes):
        return False
    return not any(_ant_match(pattern, relative) for pattern in excludes)


def _patterns(resource: Element, namespace: str, block: str, item: str) -> list[str]:
    found = _child(resource, namespace, block)
    if found is None:
        return []
    return [text for each in found.findall(_tag(namespace, item)) if (text := _text(each))]


def _ant_match(pattern: str, relative: str) -> bool:
    """Whether an Ant-style pattern (``**/*.yaml``, ``*.properties``) matches a path.

    >>> _ant_match("**/*.yaml", "a/b/c.yaml"), _ant_match("*.yaml", "a/c.yaml")
    (True, False)
    >>> _ant_match("compose/**", "compose/x/y.yml"), _ant_match("**/*.yaml", "c.yaml")
    (True, True)
    """
    import re

    pattern = pattern.replace("\\", "/").lstrip("/")
    if pattern.endswith("/"):
        pattern += "**"  # (Ant: a trailing slash is everything below)
    out = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
        elif pattern.startswith("**", index):
            out.append(".*")
            index += 2
        elif pattern[index] == "*":
            out.append("[^/]*")
            index += 1
        elif pattern[index] == "?":
            out.append("[^/]")
            index += 1
        else:
            out.append(re.escape(pattern[index]))
            index += 1
    return re.fullmatch("".join(out), relative) is not None


def _value(element: Element, namespace: str, name: str) -> str | None:
    return _text(_child(element, namespace, name))
