"""Jib on a command line: the base image ``-Djib.from.image=IMAGE`` has Maven or Gradle pull.

Jib reads its configuration from system properties before the build file's, so a command that
gives ``-Djib.from.image=IMAGE`` (``mvn compile jib:build``, ``./gradlew jib``, a CI job's
``./mvnw package -Djib.from.image=eclipse-temurin:21-jre``) builds on that image, whatever the
``pom.xml`` or ``build.gradle`` says: it is a pull of the command, at its line. Jib's
``registry://`` prefix is dropped; an image it takes from the Docker daemon (``docker://``) or
a tarball (``tar://``) is no pull. The last ``-D`` given wins, as Maven and Gradle set them in
order.

The image such a command builds is named the same way: ``-Djib.to.image=NAME``, a property only
Jib reads, whatever goal or profile runs it (dhis2/dhis2-core's CI runs ``mvn install
--activate-profiles jibDockerBuild -Djib.to.image=$CORE_IMAGE_NAME``, then ``docker compose
up`` with that image); and, where the command runs a Jib goal or task (``jib:build``,
``jib:dockerBuild``, ``jibDockerBuild``…), Jib's documented short forms ``-Dimage=NAME`` (Maven)
and ``--image=NAME`` (Gradle). That name is built, not pulled.

So is the image Spring Boot's ``build-image`` goal (``mvn spring-boot:build-image``) or Gradle
task (``bootBuildImage``) builds under the name the command gives it: Maven's user property
``-Dspring-boot.build-image.imageName=NAME``, Gradle's ``--imageName=NAME`` (the Spring Boot
Maven and Gradle plugins' documentation, "Packaging OCI Images"); a Maven command that names
none builds the names its poms give (see ``._boot_build_image``).
"""

from __future__ import annotations

from ._engine_commands import is_known_image
from ._shell_values import ShellPull

__all__ = [
    "JIB_PROGRAMS",
    "boot_built_names",
    "boot_default_pom",
    "jib_built_names",
    "jib_from_pulls",
]

#: The programs that run Jib's Maven and Gradle plugins (and their wrappers).
JIB_PROGRAMS = frozenset({"mvn", "mvnw", "mvnd", "gradle", "gradlew"})

_OPTION = "-D"
_PROPERTY = "jib.from.image="
_REGISTRY_PREFIX = "registry://"
_LOCAL_PREFIXES = ("docker://", "tar://")

_TARGET = "jib.to.image="
#: Jib's short forms of the target, read only where a Jib goal or task runs (``-Dimage`` is a
#: name other plugins may use too).
_SHORT_TARGETS = ("-Dimage=", "--image=")
#: Jib's Maven goals (``jib:build``) and Gradle tasks, by which a command runs Jib.
_MAVEN_GOAL_PREFIX = "jib:"
_GRADLE_TASKS = frozenset({"jib", "jibDockerBuild", "jibBuildTar"})


def jib_from_pulls(program: str, arguments: list[str], line: int, last: int) -> list[ShellPull]:
    """The base image a Maven or Gradle command (``program``, one of :data:`JIB_PROGRAMS`, its
    words expanded) gives Jib with ``-Djib.from.image=IMAGE`` (or ``-D jib.from.image=IMAGE``),
    at lines ``line`` to ``last``; none when it gives none, or one a run decides."""
    value: str | None = None
    for index, word in enumerate(arguments):
        if word.startswith(_OPTION + _PROPERTY):
            value = word[len(_OPTION + _PROPERTY) :]
        elif word == _OPTION and arguments[index + 1 : index + 2]:
            following = arguments[index + 1]
            if following.startswith(_PROPERTY):
                value = following[len(_PROPERTY) :]
    if value is None or value.startswith(_LOCAL_PREFIXES):
        return []
    lead = _PROPERTY[:-1]  # (the property's name, then `=`: see _shell_scan.word_position)
    if value.startswith(_REGISTRY_PREFIX):
        value, lead = value[len(_REGISTRY_PREFIX) :], _REGISTRY_PREFIX
    if not is_known_image(value):
        return []
    return [ShellPull(line, last, program, "jib", value, lead=lead)]


def jib_built_names(arguments: list[str]) -> list[str]:
    """The image a Maven or Gradle command's ``arguments`` (its words expanded) has Jib build:
    the last ``-Djib.to.image=NAME`` (or ``-D jib.to.image=NAME``), else, where it runs a Jib
    goal or task, the last ``-Dimage=NAME`` or ``--image=NAME`` (or ``--image NAME``); none
    when it names none."""
    target: str | None = None
    short: str | None = None
    runs_jib = False
    for index, word in enumerate(arguments):
        following = arguments[index + 1] if index + 1 < len(arguments) else None
        if word.startswith(_OPTION + _TARGET):
            target = word[len(_OPTION + _TARGET) :]
        elif word == _OPTION and following is not None and following.startswith(_TARGET):
            target = following[len(_TARGET) :]
        elif word.startswith(_SHORT_TARGETS):
            short = word.partition("=")[2]
        elif word == "--image" and following is not None:
            short = following
        elif word.startswith(_MAVEN_GOAL_PREFIX) or word.rpartition(":")[2] in _GRADLE_TASKS:
            runs_jib = True  # (`jib:build`; Gradle's `jib`, `:app:jibDockerBuild`)
    name = target if target is not None else short if runs_jib else None
    if not name:
        return []
    if name.startswith(_REGISTRY_PREFIX):
        name = name[len(_REGISTRY_PREFIX) :]
    return [name]


#: Spring Boot's goals and task that build an image, and the options that name it.
_BOOT_GOALS = ("spring-boot:build-image", ":build-image", ":build-image-no-fork")
_BOOT_TASK = "bootBuildImage"
_BOOT_PROPERTY = "spring-boot.build-image.imageName="
_BOOT_OPTION = "--imageName"


def boot_built_names(arguments: list[str]) -> list[str]:
    """The image a Maven or Gradle command's ``arguments`` (its words expanded) has Spring
    Boot build, when it runs ``build-image`` (``spring-boot:build-image``, the plugin's full
    coordinates ``…:spring-boot-maven-plugin:…:build-image``) or ``bootBuildImage``: the last
    ``-Dspring-boot.build-image.imageName=NAME`` (or ``-D spring-boot.build-image.imageName=
    NAME``), or ``--imageName=NAME`` (or ``--imageName NAME``); none when it names none.

    >>> boot_built_names(["spring-boot:build-image", "-Dspring-boot.build-image.imageName=a/b"])
    ['a/b']
    >>> boot_built_names([":app:bootBuildImage", "--imageName", "a/b:1"]), boot_built_names(
    ...     ["package", "-Dspring-boot.build-image.imageName=a/b"])
    (['a/b:1'], [])
    """
    name: str | None = None
    runs = False
    for index, word in enumerate(arguments):
        following = arguments[index + 1] if index + 1 < len(arguments) else None
        if word.startswith(_OPTION + _BOOT_PROPERTY):
            name = word[len(_OPTION + _BOOT_PROPERTY) :]
        elif word == _OPTION and following is not None and following.startswith(_BOOT_PROPERTY):
            name = following[len(_BOOT_PROPERTY) :]
        elif word.startswith(_BOOT_OPTION + "="):
            name = word.partition("=")[2]
        elif word == _BOOT_OPTION and following is not None:
            name = following
        elif (
            word.startswith(_BOOT_GOALS[0])
            or ("spring-boot" in word and word.endswith(_BOOT_GOALS[1:]))
            or word.rpartition(":")[2] == _BOOT_TASK
        ):
            runs = True
    return [name] if runs and name else []


def boot_default_pom(arguments: list[str]) -> str | None:
    """The pom whose reactor a Maven command's ``arguments`` run ``spring-boot:build-image``
    on without naming the image: its ``-f``/``--file`` (as written), else ``pom.xml``;
    ``None`` when it runs no such goal, names the image, or picks projects (``-pl``, ``-rf``).

    >>> boot_default_pom(["-DskipTests", "spring-boot:build-image"])
    'pom.xml'
    >>> boot_default_pom(["-f", "app", "spring-boot:build-image"]), boot_default_pom(["package"])
    ('app', None)
    """
    pom = "pom.xml"
    runs = False
    for index, word in enumerate(arguments):
        following = arguments[index + 1] if index + 1 < len(arguments) else None
        if word in ("-f", "--file") and following is not None:
            pom = following
        elif word.startswith("--file="):
            pom = word.partition("=")[2]
        elif word in ("-pl", "--projects", "-rf", "--resume-from") or word.startswith(
            ("-pl", "--projects=", "-rf", "--resume-from=")
        ):
            return None
        elif word.startswith(_BOOT_GOALS[0]) or (
            "spring-boot" in word and word.endswith(_BOOT_GOALS[1:])
        ):
            runs = True
    if not runs or boot_built_names(arguments) or not pom:
        return None
    return pom
