"""Jib: the base image a Maven ``pom.xml`` has jib-maven-plugin start from, and the name it builds.

`Jib <https://github.com/GoogleContainerTools/jib/tree/master/jib-maven-plugin>`_ builds Java
services into images without a Dockerfile (``mvn jib:build``, and Skaffold's ``jib:``
artifacts, which run it: GoogleCloudPlatform/bank-of-anthos builds its Java services so, on the
``eclipse-temurin:17.0.4.1_1-jre-alpine`` its modules' ``pom.xml`` files name). The plugin
(``com.google.cloud.tools:jib-maven-plugin``, by groupId and artifactId) is configured in the
pom's ``<build><plugins>`` (or ``<pluginManagement>``, or a profile's ``<build>``), at the
plugin's level or an execution's:

* ``<configuration><from><image>``: the base image, pulled. :func:`read_pom` gives it as an
  :class:`~tagsense.sources.Occurrence` of kind ``"jib"`` at the image text's line and column,
  with ``context`` ``tool`` (``jib``), ``builder`` (``maven``), ``field`` (``from.image``) and
  the ``module`` (the pom's ``artifactId``), and ``profile`` when a profile configures it.
  Jib's ``registry://`` prefix is dropped; an image it takes from the Docker daemon
  (``docker://``) or from a tarball (``tar://``) is no pull. ``<from><platforms>`` does not
  change what is pulled.
* ``<configuration><to><image>``: what Jib builds and pushes, a
  :class:`~tagsense.sources.project.BuiltImage` (``BuildSite("jib", path, line)``).

fabric8's docker-maven-plugin is read in the same places: each ``<images><image>`` without a
``<build>`` is pulled by ``docker:start`` (kind ``"docker-maven-plugin"``, at its ``<name>``),
and one with a ``<build>`` builds its ``<name>`` from its ``<build><from>`` (pulled), unless
its own Dockerfile says what it starts from.

Maven properties (``${name}``) are those the pom's own ``<properties>`` and its parents'
define (:func:`.maven.inherited_properties`; a profile's over the project's, for what the
profile configures), and ``project.groupId``, ``project.artifactId`` and ``project.version``.
Any other (``-Dname=…``, ``${env.NAME}``) has no value here: the base image is an unresolved
occurrence naming it, and a built name that needs one is left out. The same pom's Maven builds
without Jib (filtered Dockerfiles, exec-maven-plugin's ``docker build``) are
:mod:`.maven`'s. Without ``<from><image>``
Jib picks its default base by the project's Java version (``eclipse-temurin:{8,11,17,21}-jre``):
nothing written to judge, and nothing is guessed.

The pom is read with :mod:`xml.etree.ElementTree` (namespaces as Maven writes them, or none).
ElementTree gives no positions, so the image's is found by a second pass of the same text
through expat, which counts the elements in the same order. A pom that is not well-formed XML,
whose root is not a Maven ``project``, or that declares a ``DOCTYPE`` or an ``ENTITY`` (which
no pom needs, and which could expand into far more text than the file holds) gives nothing;
so does a file larger than ``max_bytes``. The reader never raises.
"""

from __future__ import annotations

import os
import re

from ..._lazy import lazy_pattern
from ..._offsets import line_column
from ...occurrence import BuildSite, Occurrence, Scan, SourceError
from ..project import BuildConfig, BuildFile, BuiltImage
from ._common import MAX_BYTES, read_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from xml.etree.ElementTree import Element

    from ._runs import Running

__all__ = [
    "KIND",
    "MARKER",
    "POM_FILE_NAME",
    "TOOL",
    "element_starts",
    "read_pom",
    "read_pom_tree",
    "scan_pom",
]

#: The ``kind`` of the occurrences of base images.
KIND = "jib"

#: The tool named in the build sites.
TOOL = "jib"

#: What Maven reads a module's build from.
POM_FILE_NAME = "pom.xml"

#: What a pom that configures Jib says somewhere (a quick look before any parsing).
MARKER = b"jib-maven-plugin"

_GROUP_ID = "com.google.cloud.tools"
_ARTIFACT_ID = "jib-maven-plugin"
#: The plugin whose executions run a program (``docker build``), and the tool of its builds.
_EXEC_ARTIFACT_ID = "exec-maven-plugin"
_MAVEN = "maven"
#: Spring Boot's plugin, whose ``build-image`` goal builds with Cloud Native Buildpacks; the
#: kind and tool of what it pulls and builds.
_BOOT_GROUP = "org.springframework.boot"
_BOOT_ARTIFACT_ID = "spring-boot-maven-plugin"
_BOOT = "spring-boot"
#: The fabric8 docker-maven-plugin (``org.jolokia``'s before it), whose ``docker:start`` runs
#: the images of its ``<images>`` and whose ``docker:build`` builds them; the kind and tool of
#: what it pulls and builds.
_DMP_GROUPS = frozenset({"io.fabric8", "org.jolokia"})
_DMP_ARTIFACT_ID = "docker-maven-plugin"
_DMP = "docker-maven-plugin"
#: What makes a plugin image's ``<build>`` a Dockerfile's (whose ``FROM`` is the Dockerfile's).
_DMP_DOCKERFILE = ("dockerFile", "dockerFileDir", "contextDir", "dockerArchive")
#: What starts the namespace of a Maven POM (``http://maven.apache.org/POM/4.0.0``).
_POM_NAMESPACE = "http://maven.apache.org/POM/"
#: Jib's prefixes of a base image: ``registry://`` is a registry's (the default); the others
#: take it from the Docker daemon or a tarball, never from a registry.
_REGISTRY_PREFIX = "registry://"
#: Jib's properties for ``from.image`` and ``to.image``, which it reads before the plugin's
#: configuration: a ``-D`` of the command, or the pom's ``<properties>`` (dhis2/dhis2-core's
#: ``dhis-web-server/pom.xml`` gives ``jib.from.image`` and ``jib.to.image`` so).
_JIB_PROPERTIES = ("jib.from.image", "jib.to.image")
_LOCAL_PREFIXES = ("docker://", "tar://")
#: Spring Boot's user property of ``build-image``'s ``image.name``, and its goals.
_BOOT_NAME_PROPERTY = "spring-boot.build-image.imageName"
_BOOT_GOALS = frozenset({"build-image", "build-image-no-fork"})
#: How deep a property's value may name another property.
_MAX_DEPTH = 16


def read_pom(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The base images the ``pom.xml`` at ``path`` has Jib pull (never raises)."""
    text = read_text(path, max_bytes)
    if isinstance(text, SourceError):
        return BuildFile(scan=Scan(errors=(text,)), path=path)
    return scan_pom(text, path=path, max_bytes=max_bytes)


def scan_pom(text: str, *, path: str | None = None, max_bytes: int = MAX_BYTES) -> BuildFile:
    """:func:`read_pom` of a file's text."""
    nothing = BuildFile(path=path)
    if len(text) > max_bytes or _DECLARATIONS.search(text):
        return nothing
    from xml.etree import ElementTree

    try:
        root = ElementTree.fromstring(text)
    except (ElementTree.ParseError, ValueError):
        return nothing
    namespace = _namespace(root.tag)
    if namespace is None or root.tag != _tag(namespace, "project"):
        return nothing
    pom = _Pom(text, path, root, namespace)
    pom.read()
    pom.occurrences.sort(key=lambda occurrence: (occurrence.line, occurrence.column))
    found = BuildFile(
        builds=pom.builds,
        built=pom.built,
        scan=Scan(pom.occurrences),
        path=path,
        written=pom.written,
    )
    if pom.running is not None:
        pom.running.scans.clear()  # (what the scripts pull is theirs, read where they lie)
        found = pom.running.into(found)
    return found


class _Pom:
    """One pom's reading: the Jib configurations in it, and what they pull and build."""

    def __init__(self, text: str, path: str | None, root: Element, namespace: str) -> None:
        self.text = text
        self.path = path
        self.root = root
        self.namespace = namespace
        self.occurrences: list[Occurrence] = []
        self.built: list[BuiltImage] = []
        #: The names built with properties only a run gives, as written (see :meth:`add_built`).
        self.written: list[BuiltImage] = []
        self.builds: list[BuildConfig] = []
        #: Whether a Spring Boot ``<image><name>`` names what ``build-image`` builds; the
        #: plugin's declaration when an execution of it runs the goal (see :meth:`boot_name`).
        self.boot_named = False
        self.boot_goal: Element | None = None
        self.module = self.value(root, "artifactId")
        self.parents: list[tuple[Element, str]] = []
        #: The scripts its exec-maven-plugin executions run, and what they build.
        self.running: Running | None = None
        self._starts: list[int] | None = None
        self._order: dict[int, int] | None = None
        #: The image elements read (see :meth:`first`).
        self._read: set[int] = set()

    def read(self) -> None:
        from .maven import inherited_properties, parent_poms

        properties = inherited_properties(self.path, read_pom_tree, self.root, self.namespace)
        self.parents = parent_poms(self.path, read_pom_tree, self.root, self.namespace)
        self.build(self.child(self.root, "build"), properties, None)
        for profile in self.children(self.child(self.root, "profiles"), "profile"):
            own = {**properties, **self.properties(profile)}
            self.build(self.child(profile, "build"), own, self.value(profile, "id"))
        self.boot_name(properties)
        self.filtered_dockerfiles(properties)

    def build(
        self, build: Element | None, properties: Mapping[str, str], profile: str | None
    ) -> None:
        """The Jib plugins of a ``<build>`` (and of its ``<pluginManagement>``)."""
        management = self.child(build, "pluginManagement")
        declared = self.child(build, "plugins")
        for plugins in (declared, self.child(management, "plugins")):
            for plugin in self.children(plugins, "plugin"):
                artifact = self.value(plugin, "artifactId")
                executions = self.children(self.child(plugin, "executions"), "execution")
                configurations = [self.child(plugin, "configuration")]
                configurations += [self.child(run, "configuration") for run in executions]
                if (
                    plugins is declared
                    and artifact
                    and not any(each is not None for each in configurations)
                ):
                    self.inherited(plugin, artifact, properties, profile)
                    if artifact == _BOOT_ARTIFACT_ID and _runs_build_image(self, executions):
                        self.boot_goal = plugin
                    continue
                if artifact == _EXEC_ARTIFACT_ID:
                    for configuration in configurations:
                        self.docker_build(configuration, properties)
                if artifact == _DMP_ARTIFACT_ID and self.value(plugin, "groupId") in _DMP_GROUPS:
                    managed = plugins is not declared
                    for configuration in configurations:
                        self.plugin_images(configuration, properties, profile, managed=managed)
                if artifact == _BOOT_ARTIFACT_ID and self.value(plugin, "groupId") == _BOOT_GROUP:
                    for configuration in configurations:
                        self.build_image(configuration, properties, profile)
                    if plugins is declared and _runs_build_image(self, executions):
                        self.boot_goal = plugin
                if self.value(plugin, "groupId") != _GROUP_ID or artifact != _ARTIFACT_ID:
                    continue
                for configuration in configurations:
                    self.configuration(configuration, properties, profile)

    def inherited(
        self, plugin: Element, artifact: str, properties: Mapping[str, str], profile: str | None
    ) -> None:
        """What a plugin that the pom declares without configuring it builds, as a parent's
        ``<pluginManagement>`` configures it, with this pom's properties (macrozheng/mall's
        modules each declare docker-maven-plugin, whose ``<name>`` the root's
        ``<pluginManagement>`` writes ``mall/${project.name}:${project.version}``). What it
        pulls is the parent's to report, where it is written."""
        from ._maven_plugins import names_built
        from .maven import managed_plugin

        managed = managed_plugin(self.parents, self.value(plugin, "groupId"), artifact, profile)
        if managed is None:
            return
        declaration = self.child(plugin, "artifactId")
        line = self.position(plugin if declaration is None else declaration)[0]
        for tool, written in names_built(*managed, properties):
            site = BuildSite(tool, self.path, line)
            if tool in (_BOOT, TOOL):
                self.boot_named = self.boot_named or tool == _BOOT
                self.add_built(written, properties, site)
                continue
            expand = _dmp_name if tool == _DMP else _expand
            name, unresolved = expand(written, properties)
            if not unresolved:
                self.built.append(BuiltImage(name, site))

    def build_image(
        self, configuration: Element | None, properties: Mapping[str, str], profile: str | None
    ) -> None:
        """Spring Boot's ``build-image``: the builder and run images it pulls, the name it
        builds."""
        image = self.child(configuration, "image")
        for field in ("builder", "runImage"):
            element = self.child(image, field)
            if element is not None:
                where = {"tool": _BOOT, "field": f"image.{field}"}
                self.base_image(element, properties, profile, kind=_BOOT, context=where)
        target = self.child(image, "name")
        written = self.value(target) if target is not None else None
        if target is not None and written:
            self.boot_named = True
            self.add_built(
                written, properties, BuildSite(_BOOT, self.path, self.position(target)[0])
            )

    def boot_name(self, properties: Mapping[str, str]) -> None:
        """The name Spring Boot's ``build-image`` gives the image, when no ``<image><name>``
        of the plugin's configuration says it: the user property
        ``spring-boot.build-image.imageName`` of the pom's ``<properties>`` (its own, a
        profile's, or a parent's: spring-petclinic/spring-petclinic-cloud's modules set it to
        ``${REPOSITORY_PREFIX}/spring-petclinic-cloud-api-gateway`` for ``mvn
        spring-boot:build-image -DREPOSITORY_PREFIX=…``), else, where an execution of the
        plugin runs the goal, its default ``docker.io/library/${project.artifactId}`` (of the
        project's version). A ``pom`` packaging builds no image."""
        if self.boot_named or self.value(self.root, "packaging") == "pom":
            return
        element = self.jib_property(_BOOT_NAME_PROPERTY, None)
        if element is None:
            for profile in self.children(self.child(self.root, "profiles"), "profile"):
                found = self.child(self.child(profile, "properties"), _BOOT_NAME_PROPERTY)
                if found is not None and self.value(found):
                    element, properties = found, {**properties, **self.properties(profile)}
                    break
        written = (
            self.value(element) if element is not None else properties.get(_BOOT_NAME_PROPERTY)
        )
        place = element if element is not None else self.boot_goal
        if not written and self.boot_goal is not None:
            written = "docker.io/library/${project.artifactId}"
        if not written:
            return
        line = self.position(place)[0] if place is not None else 1
        self.add_built(written, properties, BuildSite(_BOOT, self.path, line))

    def add_built(self, written: str, properties: Mapping[str, str], site: BuildSite) -> None:
        """A name a Maven plugin builds, with the pom's properties put in; one that needs a
        property with no value here (a ``-D`` of the run's) is kept as written
        (``${REPOSITORY_PREFIX}/app``, see :meth:`.ProjectContext.built_site_as_named`)."""
        name, unresolved = _expand(written, properties)
        if not unresolved:
            self.built.append(BuiltImage(name, site))
        else:
            self.written.append(BuiltImage(name, site))

    def plugin_images(
        self,
        configuration: Element | None,
        properties: Mapping[str, str],
        profile: str | None,
        *,
        managed: bool = False,
    ) -> None:
        """docker-maven-plugin's ``<images>``: an image with a ``<build>`` is built (from its
        ``<from>``, or its Dockerfile's), one without is pulled and run by ``docker:start``
        (debezium's connectors start their test databases so)."""
        for image in self.children(self.child(configuration, "images"), "image"):
            name = self.child(image, "name")
            written = self.value(name) if name is not None else None
            external = self.value(self.child(image, "external"), "type")
            build = self.child(image, "build")
            if external == "compose" and build is not None:
                # (the compose file's service is compose's to read; the plugin's `<build>` is the
                # default it merges the service's into, so its Dockerfile is built with its
                # `<args>`: IQSS/dataverse's `FROM $BASE_IMAGE`, `<BASE_IMAGE>${base.image}`)
                if any(self.child(build, field) is not None for field in _DMP_DOCKERFILE):
                    self.dmp_dockerfile(build, properties, ())
                continue
            if name is None or not written or external == "compose":
                continue  # (a compose file's services: compose's to read)
            if build is None:
                where = {"tool": _DMP, "field": "name"}
                self.base_image(name, properties, profile, kind=_DMP, context=where)
                continue
            base = self.child(build, "from")
            if base is None:
                base = self.child(self.child(build, "fromExt"), "name")
            dockerfile = any(self.child(build, field) is not None for field in _DMP_DOCKERFILE)
            if base is not None and not dockerfile:
                where = {"tool": _DMP, "field": "build.from"}
                values = self.module_values(base, properties) if managed else []
                for value in values:  # (what the modules that run it make of it: see .maven)
                    self.base_image(base, {}, profile, kind=_DMP, context=where, text=value)
                if not values:
                    self.base_image(base, properties, profile, kind=_DMP, context=where)
            built, unresolved = _dmp_name(written, properties)
            if not unresolved:
                self.built.append(
                    BuiltImage(built, BuildSite(_DMP, self.path, self.position(name)[0]))
                )
            if dockerfile:
                self.dmp_dockerfile(build, properties, () if unresolved else (built,))

    def dmp_dockerfile(
        self, build: Element, properties: Mapping[str, str], tags: tuple[str, ...]
    ) -> None:
        """The Dockerfile a docker-maven-plugin ``<build>`` builds, as the plugin writes it:
        it replaces ``${name}`` with the pom's properties first (its ``filter``, on unless
        ``false``), so ``FROM ubuntu:${ubuntu.tag}`` is never BuildKit's to read
        (cantaloupe-project's UCLALibrary/docker-cantaloupe); a ``filter`` of other delimiters
        (``@``, or ``[[*]]``) replaces only what they enclose, and leaves ``${NAME}`` to the
        build, which its ``<args>`` give their Maven values (IQSS/dataverse's
        ``FROM solr:${SOLR_VERSION}``, ``<SOLR_VERSION>${SOLR_VERSION}</SOLR_VERSION>``, a
        profile's property naming the parent pom's ``solr.version``). ``dockerFile`` is taken
        from ``contextDir`` when that is given, else from ``src/main/docker`` (as is
        ``dockerFileDir``), unless it is absolute."""
        if self.path is None:
            return
        from .maven import filter_text

        module = os.path.dirname(self.path)
        own = {**properties, "basedir": module or os.curdir, "project.basedir": module or os.curdir}

        def place(field: str, under: str) -> str | None:
            """The path ``field`` names: from ``${project.basedir}`` as written, else under
            ``under``."""
            written = (self.value(build, field) or "").strip()
            if not written:
                return None
            value, unresolved = _expand(written, own)
            if unresolved:
                return None
            anchored = written.startswith(("${project.basedir}", "${basedir}"))
            return os.path.normpath(value if anchored else os.path.join(under, value))

        default = os.path.join(module, "src", "main", "docker")
        context = place("contextDir", module)
        if context is None:
            folder = place("dockerFileDir", default)
            dockerfile = place("dockerFile", default)
            if folder is None and dockerfile is None:
                return
            context = folder if folder is not None else os.path.dirname(dockerfile or "")
        else:
            dockerfile = place("dockerFile", context)
        if dockerfile is None:
            dockerfile = os.path.join(context, "Dockerfile")
        text = read_text(dockerfile, MAX_BYTES)
        if isinstance(text, SourceError):
            return
        delimiters = _dmp_delimiters(self.value(build, "filter"))
        filtered = text
        runs: list[tuple[int, int, int]] = []
        if delimiters is not None:
            filtered, runs = filter_text(text, properties, delimiters)
        args, unresolved = self.dmp_args(build, properties)
        if filtered == text and not args and not unresolved:
            return  # (nothing of Maven's in it: read as it is)
        self.builds.append(
            BuildConfig(
                site=BuildSite(_DMP, self.path, self.position(build)[0]),
                name=self.module or os.path.basename(module),
                context=os.path.normpath(context),
                dockerfile=dockerfile,
                dockerfile_inline=None if filtered == text else filtered,
                inline_places=[(at, dockerfile, ln, col) for at, ln, col in runs],
                args=args,
                tags=tags,
                unresolved=unresolved,
            )
        )

    def dmp_args(
        self, build: Element, properties: Mapping[str, str]
    ) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
        """A docker-maven-plugin ``<build><args>``: the build arguments it passes, with the
        Maven values put in, and those whose value needs a property that has none here (a
        ``-D`` of the run's): name → the properties it needs."""
        args: dict[str, str] = {}
        unresolved: dict[str, tuple[str, ...]] = {}
        block = self.child(build, "args")
        for item in () if block is None else block:
            name = _local_name(item.tag, self.namespace)
            if name is None:
                continue
            value, missing = _expand(self.value(item) or "", properties)
            if missing:
                unresolved[name] = missing
            else:
                args[name] = value
        return args, unresolved

    def docker_build(self, configuration: Element | None, properties: Mapping[str, str]) -> None:
        """The names an exec-maven-plugin execution's ``docker build -t NAME`` gives."""
        from .maven import docker_build_tags

        listed = self.children(self.child(configuration, "arguments"), "argument")
        arguments = [self.value(each) or "" for each in listed]
        executable = self.value(configuration, "executable")
        if executable is not None:
            executable = _expand(executable, properties)[0]
        for tag in docker_build_tags(executable, arguments):
            name, unresolved = _expand(tag, properties)
            if unresolved:
                continue  # (a name a run decides: no built name)
            element = listed[arguments.index(tag)]
            site = BuildSite(_MAVEN, self.path, self.position(element)[0])
            self.built.append(BuiltImage(name, site))
        if executable is not None and self.path is not None and configuration is not None:
            from ._maven_exec import run_script

            # (the module's directory is where the script's run starts: its basedir is ".")
            own = {**properties, "basedir": os.curdir, "project.basedir": os.curdir}

            def expand(word: str) -> str | None:
                value, unresolved = _expand(word, own)
                return None if unresolved else value

            where = self.position(configuration)[0]
            working = self.value(configuration, "workingDirectory")
            self.running = run_script(
                self.running, self.path, executable, arguments, working, expand, where, MAX_BYTES
            )

    def filtered_dockerfiles(self, properties: Mapping[str, str]) -> None:
        """The Dockerfiles in the resource directories the pom filters, as Maven writes them."""
        if self.path is None:
            return
        from .maven import filter_text, is_filtered_dockerfile

        module = os.path.dirname(self.path)
        tags = tuple(image.name for image in self.built if image.site.tool == _MAVEN)
        seen: set[str] = set()
        own = {**properties, "basedir": module or os.curdir, "project.basedir": module or os.curdir}
        for resource in self.root.iter(_tag(self.namespace, "resource")):
            written = self.value(resource, "directory")
            if self.value(resource, "filtering") != "true" or not written:
                continue
            directory, unresolved = _expand(written, own)
            if unresolved:
                continue
            directory = os.path.join(module, directory)
            names = sorted(os.listdir(directory)) if os.path.isdir(directory) else []
            for name in names:
                dockerfile = os.path.normpath(os.path.join(directory, name))
                if not is_filtered_dockerfile(name) or dockerfile in seen:
                    continue
                seen.add(dockerfile)
                text = read_text(dockerfile, MAX_BYTES)
                if isinstance(text, SourceError):
                    continue
                filtered, runs = filter_text(text, properties)
                if filtered == text:
                    continue  # (nothing of Maven's in it: read as it is)
                site = BuildSite(_MAVEN, self.path, self.position(resource)[0])
                self.builds.append(
                    BuildConfig(
                        site=site,
                        name=self.module or os.path.basename(module),
                        context=os.path.normpath(directory),
                        dockerfile=dockerfile,
                        dockerfile_inline=filtered,
                        inline_places=[(at, dockerfile, ln, col) for at, ln, col in runs],
                        tags=tags,
                    )
                )

    def configuration(
        self, configuration: Element | None, properties: Mapping[str, str], profile: str | None
    ) -> None:
        # (Jib's own properties win over the plugin's configuration: see _JIB_PROPERTIES;
        # read once, whichever configurations, the plugin's and its executions', there are)
        base = self.jib_property(_JIB_PROPERTIES[0], profile)
        if base is None:
            base = self.child(self.child(configuration, "from"), "image")
        if base is not None and self.first(base):
            self.base_image(base, properties, profile)
        target = self.jib_property(_JIB_PROPERTIES[1], profile)
        if target is None:
            target = self.child(self.child(configuration, "to"), "image")
        if target is not None and not self.first(target):
            return
        written = self.value(target) if target is not None else None
        if target is not None and written:
            site = BuildSite(TOOL, self.path, self.position(target)[0])
            self.add_built(written.removeprefix(_REGISTRY_PREFIX), properties, site)

    def first(self, element: Element) -> bool:
        """Whether an image's element is read here for the first time."""
        if id(element) in self._read:
            return False
        self._read.add(id(element))
        return True

    def jib_property(self, name: str, profile: str | None) -> Element | None:
        """The element of this pom's ``<properties>`` (its profile's, then its own) that gives
        Jib's property ``name``; ``None`` when none does (one given only by a parent pom, or
        by ``-D``, is not read here)."""
        places = [self.root]
        if profile is not None:
            places[:0] = [
                each
                for each in self.children(self.child(self.root, "profiles"), "profile")
                if self.value(each, "id") == profile
            ]
        for place in places:
            found = self.child(self.child(place, "properties"), name)
            if found is not None and self.value(found):
                return found
        return None

    def base_image(
        self,
        element: Element,
        properties: Mapping[str, str],
        profile: str | None,
        *,
        kind: str = KIND,
        context: Mapping[str, str] | None = None,
        text: str | None = None,
    ) -> None:
        """An image the build pulls, where it is written (Jib's ``from.image`` by default);
        ``text``: its value, when the modules that run the configuration give it."""
        written = self.value(element)
        if not written:
            return
        unresolved: tuple[str, ...] = ()
        if text is None:
            text, unresolved = _expand(written, properties)
        if kind == KIND and text.startswith(_LOCAL_PREFIXES):
            return  # (the Docker daemon's image, or a tarball's: nothing pulled)
        text = text.removeprefix(_REGISTRY_PREFIX) if kind == KIND else text
        line, column = self.position(element)
        where = context or {"tool": TOOL, "field": "from.image"}
        context_: dict[str, object] = {"tool": where["tool"], "builder": "maven", **where}
        if self.module is not None:
            context_["module"] = self.module
        if profile is not None:
            context_["profile"] = profile
        self.occurrences.append(
            Occurrence.of_text(
                path=self.path,
                line=line,
                column=column,
                kind=kind,
                raw=written,
                text=text,
                unresolved=unresolved,
                context=context_,
            )
        )

    def module_values(self, element: Element, properties: Mapping[str, str]) -> list[str]:
        """The values a managed ``<from>`` that this pom leaves unresolved has in the modules
        that run it (see :func:`.maven.module_values`)."""
        from .maven import module_values

        written = self.value(element)
        if not written or self.path is None or not _expand(written, properties)[1]:
            return []
        return module_values(self.path, written, _DMP_ARTIFACT_ID)

    # --- the tree ------------------------------------------------------------------

    def child(self, element: Element | None, name: str) -> Element | None:
        return None if element is None else element.find(_tag(self.namespace, name))

    def children(self, element: Element | None, name: str) -> list[Element]:
        return [] if element is None else element.findall(_tag(self.namespace, name))

    def value(self, element: Element | None, name: str | None = None) -> str | None:
        """An element's text, trimmed as Maven trims configuration values; ``None`` for one
        that is absent or holds elements."""
        if name is not None:
            element = self.child(element, name)
        if element is None or len(element):
            return None
        return (element.text or "").strip()

    def properties(self, element: Element) -> dict[str, str]:
        found: dict[str, str] = {}
        block = self.child(element, "properties")
        for item in () if block is None else block:
            key = _local_name(item.tag, self.namespace)
            value = self.value(item)
            if key is not None and value is not None:
                found[key] = value
        return found

    # --- positions -----------------------------------------------------------------

    def position(self, element: Element) -> tuple[int, int]:
        """The line and column (1-based) where an element's text starts (after the start tag
        and the blanks Maven trims)."""
        if self._order is None:
            self._order = {id(each): index for index, each in enumerate(self.root.iter())}
            self._starts = element_starts(self.text)
        assert self._starts is not None
        index = self._order[id(element)]
        start = self._starts[index] if index < len(self._starts) else 0
        offset = _after_start_tag(self.text, start)
        while offset < len(self.text) and self.text[offset] in " \t\r\n":
            offset += 1
        return line_column(self.text, offset)


def _runs_build_image(pom: _Pom, executions: list[Element]) -> bool:
    """Whether an execution of Spring Boot's plugin runs ``build-image`` (with the build)."""
    return any(
        pom.value(goal) in _BOOT_GOALS
        for run in executions
        for goal in pom.children(pom.child(run, "goals"), "goal")
    )


def read_pom_tree(path: str) -> tuple[Element, str] | None:
    """A pom's root element and namespace (``None``: no pom there, or none to trust)."""
    if not os.path.isfile(path):
        return None
    text = read_text(path, MAX_BYTES)
    if isinstance(text, SourceError) or _DECLARATIONS.search(text):
        return None
    from xml.etree import ElementTree

    try:
        root = ElementTree.fromstring(text)
    except (ElementTree.ParseError, ValueError):
        return None
    namespace = _namespace(root.tag)
    if namespace is None or root.tag != _tag(namespace, "project"):
        return None
    return root, namespace


def element_starts(text: str) -> list[int]:
    """The offset in ``text`` of each element's start tag, in document order (the order of
    ``Element.iter()``)."""
    import contextlib
    import xml.parsers.expat

    data = text.encode("utf-8")
    parser = xml.parsers.expat.ParserCreate()
    starts: list[int] = []

    def start(name: str, attributes: object) -> None:
        starts.append(parser.CurrentByteIndex)

    parser.StartElementHandler = start
    with contextlib.suppress(xml.parsers.expat.ExpatError):  # (ElementTree read it: expat does)
        parser.Parse(data, True)
    # (byte offsets to character offsets)
    return [len(data[:index].decode("utf-8", "replace")) for index in starts]


def _after_start_tag(text: str, start: int) -> int:
    """The offset just past the start tag that begins at ``start`` (a ``>`` in a quoted
    attribute value does not end it)."""
    quote = ""
    for offset in range(start, len(text)):
        char = text[offset]
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == ">":
            return offset + 1
    return len(text)


def _dmp_name(written: str, properties: Mapping[str, str]) -> tuple[str, tuple[str, ...]]:
    """An image name of docker-maven-plugin's ``<name>``, with the pom's properties put in
    and the plugin's own placeholders: ``%a`` the artifactId (in lower case), ``%g`` the last
    part of the groupId, ``%v`` the version, ``%l`` ``latest`` for a ``-SNAPSHOT`` version
    (else the version). eclipse-hono/hono's services build ``${docker.repository}/%a:%v``
    (``docker.io/eclipsehono/hono-service-auth:2.8.0-SNAPSHOT``, which its tests start
    from). ``%t`` and ``%T`` (a build's time) are a run's: unresolved, with the name ``%t``.

    >>> _dmp_name("acme/%a:%l", {"project.artifactId": "Api", "project.version": "1.0-SNAPSHOT"})
    ('acme/api:latest', ())
    >>> _dmp_name("%g/%a:%t", {"project.groupId": "io.fabric8", "project.artifactId": "x"})
    ('fabric8/x:%t', ('%t',))
    """
    name, missing = _expand(written, properties)
    if "%" not in name:
        return name, missing
    version = properties.get("project.version")
    group = properties.get("project.groupId")
    artifact = properties.get("project.artifactId")
    values = {
        "a": None if artifact is None else artifact.lower(),
        "g": None if group is None else group.rpartition(".")[2].lower(),
        "v": version,
        "l": None if version is None else "latest" if version.endswith("-SNAPSHOT") else version,
    }
    unresolved = list(missing)

    def one(match: re.Match[str]) -> str:
        value = values.get(match[1])
        if value is None:
            if match[0] not in unresolved:
                unresolved.append(match[0])
            return match[0]
        return value

    return _PLACEHOLDER.sub(one, name), tuple(unresolved)


def _dmp_delimiters(written: str | None) -> tuple[str, str] | None:
    """The delimiters of a docker-maven-plugin ``<filter>``, as the plugin reads it: ``${*}``
    when it is not given; ``false`` or ``none``: no filtering; ``START*END``, else one
    delimiter for both ends (``@``)."""
    if written is None or not written.strip():
        return ("${", "}")
    written = written.strip()
    if written.lower() in {"false", "none"}:
        return None
    start, star, end = written.partition("*")
    return (start, end) if star else (written, written)


def _expand(written: str, properties: Mapping[str, str]) -> tuple[str, tuple[str, ...]]:
    """``written`` with the properties that have a value put in, and the names of those that
    have none (left as written)."""
    missing: list[str] = []

    def expand(text: str, depth: int) -> str:
        def one(match: re.Match[str]) -> str:
            name = match[1]
            value = properties.get(name)
            if value is None or depth >= _MAX_DEPTH:
                if name not in missing:
                    missing.append(name)
                return match[0]
            return expand(value, depth + 1)

        return _PROPERTY.sub(one, text)

    return expand(written, 0), tuple(missing)


def _namespace(tag: str) -> str | None:
    """The namespace of a root's tag when it is a POM's (``""`` for none), else ``None``."""
    if not tag.startswith("{"):
        return ""
    namespace = tag[1:].partition("}")[0]
    return namespace if namespace.startswith(_POM_NAMESPACE) else None


def _tag(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}" if namespace else name


def _local_name(tag: object, namespace: str) -> str | None:
    """An element's name in the pom's namespace (``None`` for a comment, or another
    namespace's element)."""
    if not isinstance(tag, str):
        return None
    prefix = f"{{{namespace}}}" if namespace else ""
    if prefix and not tag.startswith(prefix):
        return None
    name = tag[len(prefix) :]
    return None if name.startswith("{") else name


#: A Maven property reference: ``${name}``.
_PROPERTY = lazy_pattern(r"\$\{([^${}\s]+)\}")


#: A docker-maven-plugin placeholder in an image's name: ``%a``.
_PLACEHOLDER = lazy_pattern(r"%([a-zA-Z])")


#: A document type or entity declaration (what an entity expansion attack needs).
_DECLARATIONS = lazy_pattern(r"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
