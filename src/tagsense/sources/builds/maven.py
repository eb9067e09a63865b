"""Maven's own image builds: the Dockerfiles it filters, and the ``docker build`` it runs.

Many Java projects build their images from Maven without a Docker plugin: the
maven-resources-plugin copies a ``docker/`` directory into ``target/`` with filtering on, which
puts the pom's properties into the Dockerfile (``FROM ${docker.base.image}``), and the
exec-maven-plugin runs ``docker build -t ${docker.repo}/${docker.name}:latest .`` there
(thingsboard/thingsboard's ``msa/*`` modules). BuildKit never sees the Dockerfile as written: a
``${name.with.dots}`` in it is Maven's, not BuildKit's. So:

* A Dockerfile (``Dockerfile``, ``Dockerfile.*``, ``*.Dockerfile``) in a resource directory
  that the pom filters (a ``<resource>`` with ``<filtering>true</filtering>``, of the build's
  ``<resources>`` or of a plugin's configuration) is built as Maven writes it: a
  :class:`~tagsense.sources.project.BuildConfig` whose ``dockerfile`` is the file and whose
  ``dockerfile_inline`` is its text with the properties that have a value put in (``${name}``
  and ``@name@``, as Maven's default delimiters; a name with no value is left as written, as
  Maven leaves it), placed back in the file where it is written.
* ``docker build … -t NAME`` (or ``--tag``; ``docker buildx build`` too), as an
  exec-maven-plugin execution's ``<executable>`` and ``<arguments>`` give it, builds ``NAME``:
  a :class:`~tagsense.sources.project.BuiltImage` (``BuildSite("maven", pom, line)``) when all
  of its properties have a value.

The properties are the pom's own and its parents' (``<parent>``'s ``relativePath``, by default
``../pom.xml``, while it lies in the project), the nearer one's winning, and ``project.*`` of
the pom or its parent. Others (``-Dname=…``, ``settings.xml``) have no value here.
"""

from __future__ import annotations

import os

from ..._lazy import lazy_pattern, once
from ..._offsets import line_column

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Callable, Mapping
    from xml.etree.ElementTree import Element

__all__ = [
    "MAX_DEPTH",
    "MAX_MODULES",
    "MAX_PARENTS",
    "docker_build_tags",
    "filter_text",
    "inherited_properties",
    "interpolated",
    "is_filtered_dockerfile",
    "managed_plugin",
    "module_poms",
    "module_values",
    "parent_poms",
]

#: How many parent poms are followed.
MAX_PARENTS = 8

#: How deep a property's value may name another property.
MAX_DEPTH = 16

#: How many module poms of a build are looked at.
MAX_MODULES = 500

#: The engines whose ``build`` an exec-maven-plugin execution may run.
_ENGINES = frozenset({"docker", "podman"})


def inherited_properties(
    path: str | None, read: Callable[[str], tuple[Element, str] | None], root: Element, ns: str
) -> dict[str, str]:
    """The properties a pom has: its parents' (``<parent><relativePath>``), then its own, and
    ``project.groupId``/``artifactId``/``version`` (a parent's ``groupId`` and ``version``
    when the pom does not write them), and ``project.name`` when the pom writes its own
    (Maven does not inherit it). ``read`` reads a pom at a path (``None``: none there)."""
    chain = [(root, ns), *parent_poms(path, read, root, ns)]
    properties: dict[str, str] = {}
    project: dict[str, str] = {}
    for element, namespace in reversed(chain):  # (the farthest parent first)
        block = _child(element, namespace, "properties")
        for item in () if block is None else block:
            if isinstance(item.tag, str):
                name = item.tag.rpartition("}")[2]
                value = _text(item)
                if value is not None:
                    properties[name] = value
        parent = _child(element, namespace, "parent")
        for key in ("groupId", "artifactId", "version"):
            value = _text(_child(element, namespace, key))
            if value is None and key != "artifactId" and parent is not None:
                value = _text(_child(parent, namespace, key))
            if value is not None:
                project[f"project.{key}"] = value
    own_name = _text(_child(root, ns, "name"))
    if own_name:
        project["project.name"] = own_name
    return {**properties, **project}


def parent_poms(
    path: str | None, read: Callable[[str], tuple[Element, str] | None], root: Element, ns: str
) -> list[tuple[Element, str]]:
    """The parents of a pom that lie in the project (``<parent><relativePath>``, by default
    ``../pom.xml``), nearest first, at most :data:`MAX_PARENTS`."""
    chain: list[tuple[Element, str]] = []
    element, namespace, here = root, ns, path
    for _ in range(MAX_PARENTS):
        parent = _child(element, namespace, "parent")
        if parent is None or here is None:
            break
        relative = _text(_child(parent, namespace, "relativePath"))
        relative = "../pom.xml" if relative is None else relative
        if not relative:
            break  # (an empty relativePath: the parent comes from a repository)
        candidate = os.path.normpath(os.path.join(os.path.dirname(here), relative))
        if os.path.isdir(candidate):
            candidate = os.path.join(candidate, "pom.xml")
        found = read(candidate)
        if found is None:
            break
        chain.append(found)
        (element, namespace), here = found, candidate
    return chain


def managed_plugin(
    parents: list[tuple[Element, str]], group: str | None, artifact: str, profile: str | None
) -> tuple[Element, str] | None:
    """The ``<pluginManagement>`` declaration of a plugin that the nearest of ``parents``
    gives (in the profile of the same id first, for a plugin a profile declares), and its
    namespace: what a module that declares the plugin without configuring it runs."""
    group = group or _DEFAULT_GROUP
    for element, namespace in parents:
        builds = []
        if profile is not None:
            profiles = _child(element, namespace, "profiles")
            for each in () if profiles is None else profiles.findall(_tag(namespace, "profile")):
                if _text(_child(each, namespace, "id")) == profile:
                    builds.append(_child(each, namespace, "build"))
        builds.append(_child(element, namespace, "build"))
        for build in builds:
            plugins = _child(_child(build, namespace, "pluginManagement"), namespace, "plugins")
            for plugin in () if plugins is None else plugins.findall(_tag(namespace, "plugin")):
                written = _text(_child(plugin, namespace, "groupId")) or _DEFAULT_GROUP
                if _text(_child(plugin, namespace, "artifactId")) == artifact and written == group:
                    return plugin, namespace
    return None


#: The groupId of a plugin that does not write one.
_DEFAULT_GROUP = "org.apache.maven.plugins"


def module_values(pom: str, written: str, plugin: str) -> list[str]:
    """What ``written`` (a value of a plugin's configuration that ``pom``'s
    ``<pluginManagement>`` manages, with a property ``pom`` does not define) is in each module
    below it that inherits from it, declares ``plugin`` and defines the property: Maven puts
    a module's properties in what it inherits. eclipse-hono/hono's root manages
    docker-maven-plugin with ``<from>${java-base-image.name}</from>``; its ``bom`` module,
    the parent of the services that build images, says
    ``docker.io/library/eclipse-temurin:21-jre-ubi9-minimal``. The distinct values, in the
    modules' order; none when no module gives one."""
    from .jib import _expand, read_pom_tree

    tree = read_pom_tree(pom)
    if tree is None:
        return []
    own = (
        _text(_child(tree[0], tree[1], "groupId")),
        _text(_child(tree[0], tree[1], "artifactId")),
    )
    found: list[str] = []
    for module in module_poms(pom, within=os.path.dirname(os.path.abspath(pom))):
        read = read_pom_tree(module)
        if read is None or plugin not in (_pom_text(module) or ""):
            continue
        root, namespace = read
        chain = parent_poms(module, read_pom_tree, root, namespace)
        if not any(
            (
                _text(_child(element, ns, "groupId")) or own[0],
                _text(_child(element, ns, "artifactId")),
            )
            == own
            for element, ns in chain
        ):
            continue
        properties = inherited_properties(module, read_pom_tree, root, namespace)
        value, unresolved = _expand(written, properties)
        if not unresolved and value not in found:
            found.append(value)
    return found


def _pom_text(path: str) -> str | None:
    """A pom's text (``None``: none to read)."""
    from ._common import read_text

    text = read_text(path, 1 << 20)
    return text if isinstance(text, str) else None


def module_poms(pom: str, *, within: str) -> list[str]:
    """The poms of the modules a Maven build's root pom lists (``<modules><module>``, its
    profiles' too), and of theirs, that lie under ``within``: where the reactor finds them."""
    from .jib import read_pom_tree

    found: list[str] = []
    pending = [pom]
    seen = {os.path.realpath(pom)}
    while pending and len(found) < MAX_MODULES:
        current = pending.pop(0)
        tree = read_pom_tree(current)
        if tree is None:
            continue
        root, namespace = tree
        for element in root.iter(f"{{{namespace}}}module" if namespace else "module"):
            name = _text(element)
            if not name:
                continue
            candidate = os.path.normpath(os.path.join(os.path.dirname(current), name))
            if os.path.isdir(candidate):
                candidate = os.path.join(candidate, "pom.xml")
            real = os.path.realpath(candidate)
            if real in seen or not (real + os.sep).startswith(within.rstrip(os.sep) + os.sep):
                continue
            seen.add(real)
            if os.path.isfile(candidate):
                found.append(candidate)
                pending.append(candidate)
    return found


def is_filtered_dockerfile(name: str) -> bool:
    """Whether a file in a filtered resource directory is a Dockerfile by its name."""
    return name == "Dockerfile" or name.startswith("Dockerfile.") or name.endswith(".Dockerfile")


def filter_text(
    text: str, properties: Mapping[str, str], delimiters: tuple[str, str] | None = None
) -> tuple[str, list[tuple[int, int, int]]]:
    """``text`` as Maven's filtering writes it, and the runs of it that are written as they are
    in ``text``: ``(index in the result, line, column in text)``. ``delimiters``: the one pair
    a plugin's filter uses (docker-maven-plugin's ``<filter>@</filter>`` is ``("@", "@")``);
    ``None``, Maven's defaults (``${…}`` and ``@…@``). A value is put in as Maven interpolates
    it, with the properties it names put in too (``<SOLR_VERSION>${solr.version}</…>``)."""
    pieces: list[str] = []
    runs: list[tuple[int, int, int]] = []
    done = 0  # (in text)
    length = 0  # (of the result)

    def keep(start: int, end: int) -> None:
        nonlocal length
        if start >= end:
            return
        pieces.append(text[start:end])
        # (a run is one line's: a place counts one column a character from its start)
        line, column = line_column(text, start)
        at = start
        while at < end:
            runs.append((length + at - start, line, column))
            newline = text.find("\n", at, end)
            if newline < 0:
                break
            at, line, column = newline + 1, line + 1, 1
        length += end - start

    pattern = _reference() if delimiters is None else _delimited(*delimiters)
    for match in pattern.finditer(text):
        name = match["dollar"] or match.groupdict().get("at")
        value = None if name is None else interpolated(name, properties)
        if value is None:
            continue  # (left as written, as Maven leaves it)
        keep(done, match.start())
        line, column = line_column(text, match.start())
        runs.append((length, line, column))  # (the value: where the reference is written)
        pieces.append(value)
        length += len(value)
        done = match.end()
    keep(done, len(text))
    return "".join(pieces), runs


def interpolated(name: str, properties: Mapping[str, str]) -> str | None:
    """The value of property ``name`` as Maven gives it: the ``${…}`` it names put in, as deep
    as :data:`MAX_DEPTH` (a name with no value is left as written); ``None`` if it has none."""
    value = properties.get(name)
    if value is None:
        return None

    def expand(text: str, depth: int) -> str:
        def one(match: re.Match[str]) -> str:
            inner = properties.get(match["dollar"])
            return match[0] if inner is None or depth >= MAX_DEPTH else expand(inner, depth + 1)

        return _DOLLAR.sub(one, text)

    return expand(value, 1)


def docker_build_tags(executable: str | None, arguments: list[str]) -> list[str]:
    """The names a ``docker build`` that an exec-maven-plugin execution runs gives its image."""
    if executable is None or os.path.basename(executable) not in _ENGINES:
        return []
    words = arguments[1:] if arguments[:1] == ["buildx"] else arguments
    if words[:1] != ["build"]:
        return []
    tags = []
    for index, word in enumerate(words):
        if word in ("-t", "--tag") and index + 1 < len(words):
            tags.append(words[index + 1])
        elif word.startswith("--tag="):
            tags.append(word.removeprefix("--tag="))
    return tags


def _child(element: Element | None, namespace: str, name: str) -> Element | None:
    if element is None:
        return None
    return element.find(f"{{{namespace}}}{name}" if namespace else name)


def _tag(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}" if namespace else name


def _text(element: Element | None) -> str | None:
    if element is None or len(element):
        return None
    return (element.text or "").strip()


#: A property reference in a property's value: ``${name}``.
_DOLLAR = lazy_pattern(r"\$\{(?P<dollar>[^${}\s]+)\}")


def _delimited(start: str, end: str) -> re.Pattern[str]:
    """A property reference between a plugin's own delimiters (``@name@``, ``${name}``)."""
    import re

    return re.compile(re.escape(start) + r"(?P<dollar>[^\s]+?)" + re.escape(end))


@once
def _reference() -> re.Pattern[str]:
    """A property reference as Maven's default delimiters write it: ``${name}``, ``@name@``."""
    import re

    return re.compile(r"\$\{(?P<dollar>[^${}\s]+)\}|@(?P<at>[A-Za-z0-9_.-]+)@")
