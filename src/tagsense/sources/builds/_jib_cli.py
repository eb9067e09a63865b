"""Jib on a command line: the base image ``-Djib.from.image=IMAGE`` has Maven or Gradle pull.

Jib reads its configuration from system properties before the build file's, so a command that
gives ``-Djib.from.image=IMAGE`` (``mvn compile jib:build``, ``./gradlew jib``, a CI job's
``./mvnw package -Djib.from.image=eclipse-temurin:21-jre``) builds on that image, whatever the
``pom.xml`` or ``build.gradle`` says: it is a pull of the command, at its line. Jib's
``registry://`` prefix is dropped; an image it takes from the Docker daemon (``docker://``) or
a tarball (``tar://``) is no pull. The last ``-D`` given wins, as Maven and Gradle set them in
order.
"""

from __future__ import annotations

from ._engine_commands import is_known_image
from ._shell_values import ShellPull

__all__ = ["JIB_PROGRAMS", "jib_from_pulls"]

#: The programs that run Jib's Maven and Gradle plugins (and their wrappers).
JIB_PROGRAMS = frozenset({"mvn", "mvnw", "mvnd", "gradle", "gradlew"})

_OPTION = "-D"
_PROPERTY = "jib.from.image="
_REGISTRY_PREFIX = "registry://"
_LOCAL_PREFIXES = ("docker://", "tar://")


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
    lead = _PROPERTY[:-1]  # (the property's name, then `=`: see shell.word_position)
    if value.startswith(_REGISTRY_PREFIX):
        value, lead = value[len(_REGISTRY_PREFIX) :], _REGISTRY_PREFIX
    if not is_known_image(value):
        return []
    return [ShellPull(line, last, program, "jib", value, lead=lead)]
