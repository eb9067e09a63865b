"""``dotnet publish`` as a build command: the image the .NET SDK's container build names.

``dotnet publish -t:PublishContainer`` (or ``-p:PublishProfile=DefaultContainer``) builds an
image without a Dockerfile and loads it into the local engine, or pushes it to
``ContainerRegistry``; its name is ``ContainerRepository`` (``ContainerImageName`` before .NET
8), its tags ``ContainerImageTag`` or ``ContainerImageTags`` (``;``-separated). Given on the
command line (``-p:ContainerRepository=fsh-db-migrator -p:ContainerImageTags=smoke``,
fullstackhero/dotnet-starter-kit's CI, which then runs ``docker run fsh-db-migrator:smoke``),
they name an image the project builds, not one it pulls. A publish that names no repository
takes the project's (its ``ContainerRepository`` or assembly name), which the command does not
say: nothing is named.
"""

from __future__ import annotations

__all__ = ["published_names"]

#: The targets and profile that make ``dotnet publish`` build a container image.
_TARGET = "publishcontainer"
_PROFILE = "defaultcontainer"

#: The properties that name the image (the first is .NET 8's, the second the older name).
_REPOSITORIES = ("containerrepository", "containerimagename")
_REGISTRY = "containerregistry"

#: How the dotnet CLI (MSBuild) writes a property and a target on its command line.
_PROPERTY_PREFIXES = ("-p:", "/p:", "-property:", "/property:", "--property:")
_TARGET_PREFIXES = ("-t:", "/t:", "-target:", "/target:", "--target:")


def published_names(arguments: list[str]) -> list[str]:
    """The image names (``[registry/]repository``) that a ``dotnet`` command's ``arguments``
    (its words after ``dotnet``) build: one for a ``publish`` that builds a container and
    names its repository, none otherwise."""
    if not arguments or arguments[0] != "publish":
        return []
    properties: dict[str, str] = {}
    targets: list[str] = []
    words = arguments[1:]
    for index, word in enumerate(words):
        lowered = word.lower()
        if lowered.startswith(_TARGET_PREFIXES):
            targets.extend(_split(word.partition(":")[2]))
        elif lowered.startswith(_PROPERTY_PREFIXES):
            properties.update(_properties(word.partition(":")[2]))
        elif lowered in ("-p", "--property") and index + 1 < len(words):
            properties.update(_properties(words[index + 1]))
    builds = _TARGET in (target.lower() for target in targets)
    if not builds and properties.get("publishprofile", "").lower() != _PROFILE:
        return []
    repository = next((properties[name] for name in _REPOSITORIES if properties.get(name)), "")
    if not repository:
        return []
    registry = properties.get(_REGISTRY, "").strip("/")
    return [f"{registry}/{repository}" if registry else repository]


def _properties(text: str) -> dict[str, str]:
    """The ``Name=Value`` pairs of one property argument (``A=1;B=2``; a value in quotes
    keeps its ``;``: ``ContainerImageTags="a;b"``), names lower-cased as MSBuild ignores
    their case."""
    found: dict[str, str] = {}
    name = ""
    for piece in _split(text, keep_quoted=True):
        key, equals, value = piece.partition("=")
        if equals:
            name = key.strip().lower()
            found[name] = value.strip().strip('"')
        elif name:  # (the rest of a value after a ``;``, when not quoted)
            found[name] += ";" + piece
    return found


def _split(text: str, *, keep_quoted: bool = False) -> list[str]:
    """``text`` split at ``;`` (and ``,`` for targets), not inside double quotes."""
    pieces: list[str] = []
    current: list[str] = []
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
            if keep_quoted:
                current.append(char)
        elif char in (";" if keep_quoted else ";,") and not quoted:
            pieces.append("".join(current))
            current = []
        else:
            current.append(char)
    pieces.append("".join(current))
    return [piece for piece in pieces if piece]
