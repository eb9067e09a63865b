"""The Buildpacks CLI on a command line: ``pack build NAME [--builder B] [--run-image R]``.

``pack build <image-name>`` makes the app image NAME from source code (and each ``-t``/``--tag``
another name of it): built, not pulled. What it pulls to do so are the builder (``-B``/
``--builder``, the build environment), the run image (``--run-image``, the base of the app
image) and the lifecycle (``--lifecycle-image``), and a buildpack given as an image
(``-b``/``--buildpack``: ``docker://NAME``, or a name whose first part is a registry's host; an
id ``paketo-buildpacks/go`` or ``id@version``, a directory or a ``.tgz`` is none), unless
``--pull-policy never`` (Buildpacks' ``pack build`` reference, and its pull-policy RFC 0046).
``pack builder create NAME --config builder.toml`` makes the builder NAME. Without
``--builder`` the user's ``pack config default-builder`` is used, not known here.
"""

from __future__ import annotations

from ._engine_commands import is_known_image
from ._shell_values import ShellBuild, ShellPull, name_pattern

__all__ = ["PACK", "pack_command"]

PACK = "pack"

#: ``pack build``'s options that take a value (Buildpacks' ``pack build`` reference).
_BUILD_VALUES = frozenset(
    {"-B", "--builder", "-b", "--buildpack", "-r", "--buildpack-registry", "--cache",
     "--cache-image", "--creation-time", "-D", "--default-process", "-d", "--descriptor",
     "--docker-host", "-e", "--env", "--env-file", "--exec-env", "--extension", "--gid",
     "--insecure-registry", "--lifecycle-image", "--network", "-p", "--path", "--platform",
     "--post-buildpack", "--pre-buildpack", "--previous-image", "--pull-policy",
     "--report-output-dir", "--run-image", "--sbom-output-dir", "-t", "--tag", "--uid",
     "--volume", "--workspace", "-l", "--label"}
)  # fmt: skip
#: The options whose value is an image ``pack build`` pulls.
_PULLED = frozenset({"-B", "--builder", "--run-image", "--lifecycle-image"})
_BUILDPACKS = frozenset({"-b", "--buildpack", "--pre-buildpack", "--post-buildpack"})
_TAGS = frozenset({"-t", "--tag"})
#: ``pack builder create``'s options that take a value.
_CREATE_VALUES = frozenset(
    {"-c", "--config", "-R", "--buildpack-registry", "--flatten", "-l", "--label", "--platform",
     "--pull-policy", "--target", "--additional-tags"}
)  # fmt: skip


def _options(
    arguments: list[str], values: frozenset[str]
) -> tuple[list[str], list[tuple[str, str]]]:
    """The operands and the ``(option, value)`` pairs of a pack command's words."""
    operands: list[str] = []
    options: list[tuple[str, str]] = []
    index = 0
    while index < len(arguments):
        word = arguments[index]
        name, equals, value = word.partition("=")
        if word.startswith("-") and equals and name in values:
            options.append((name, value))
        elif word in values and index + 1 < len(arguments):
            index += 1
            options.append((word, arguments[index]))
        elif word.startswith("-"):
            options.append((word, ""))
        else:
            operands.append(word)
        index += 1
    return operands, options


def _buildpack_image(value: str) -> str | None:
    """A ``--buildpack`` value that is an image: ``docker://NAME``, or a name whose first
    part is a registry's host (``gcr.io/paketo-buildpacks/go``); ``None`` for an id (with or
    without ``@version``), a path or a URL."""
    if value.startswith("docker://"):
        return value[len("docker://") :]
    first, slash, _ = value.partition("/")
    if not slash or "://" in value or "@" in value or value.endswith((".tgz", ".tar")):
        return None
    return value if "." in first or ":" in first or first == "localhost" else None


def pack_command(
    arguments: list[str], line: int, last: int
) -> tuple[list[ShellBuild], list[ShellPull]]:
    """What ``pack ARGUMENTS`` builds and pulls (its words expanded).

    >>> built, pulled = pack_command(
    ...     ["build", "my-app", "--builder", "paketobuildpacks/builder-jammy-tiny", "-t", "a/b:1"],
    ...     1, 1)
    >>> [list(build.names) for build in built], [pull.image for pull in pulled]
    ([['my-app', 'a/b']], ['paketobuildpacks/builder-jammy-tiny'])
    >>> pack_command(["build", "app", "-B", "b:1", "--pull-policy", "never"], 1, 1)[1]
    []
    >>> created = pack_command(["builder", "create", "acme/builder", "-c", "b.toml"], 1, 1)
    >>> [list(build.names) for build in created[0]], created[1]
    ([['acme/builder']], [])
    """
    if arguments[:1] == ["build"]:
        operands, options = _options(arguments[1:], _BUILD_VALUES)
        written = operands[:1] + [value for option, value in options if option in _TAGS]
        images = [value for option, value in options if option in _PULLED]
        images += [
            image
            for option, value in options
            if option in _BUILDPACKS
            for part in value.split(",")
            if (image := _buildpack_image(part)) is not None
        ]
        prefixed = {
            value[len("docker://") :] for _, value in options if value.startswith("docker://")
        }
        if any(option == "--pull-policy" and value == "never" for option, value in options):
            images = []
        verb = "build"
    elif arguments[:2] == ["builder", "create"]:
        operands, options = _options(arguments[2:], _CREATE_VALUES)
        written, images, prefixed, verb = operands[:1], [], set(), "builder create"
    else:
        return [], []
    names = [pattern for name in written if (pattern := name_pattern(name)) is not None]
    built = [ShellBuild(line, PACK, verb, names)] if names else []
    pulled = [
        # (`docker://` is written against the image: its lead, see ShellPull)
        ShellPull(line, last, PACK, verb, image, lead="docker://" if image in prefixed else "")
        for image in dict.fromkeys(images)
        if is_known_image(image)
    ]
    return built, pulled
