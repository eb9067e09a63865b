"""Home Assistant apps (add-ons): the builds a ``build.yaml`` beside the app configures.

An app's directory holds its configuration (``config.yaml``, ``.yml`` or ``.json``), its
``Dockerfile`` and, in the format most apps still use, a build file ``build.yaml``
(``.yml``, ``.json``). The Supervisor builds the app as its ``supervisor/apps/build.py``
says (and Home Assistant's builder in CI alike): the Dockerfile is ``Dockerfile.ARCH`` where
there is one, else ``Dockerfile``, in the app's directory, with the build arguments

- ``BUILD_FROM``: the build file's ``build_from``, one image or one per architecture
  (``{aarch64: ghcr.io/home-assistant/aarch64-base:3.23, amd64: …}``); with a build file
  that names none, ``ghcr.io/home-assistant/base:latest``;
- ``BUILD_ARCH``: the architecture; ``BUILD_VERSION``: the configuration's ``version``;
- the build file's ``args``.

So each architecture is a :class:`~tagsense.sources.project.BuildConfig` (tool
``home-assistant``, named by the architecture): the app's ``FROM $BUILD_FROM`` is each base
image, not an unresolved ``BUILD_FROM`` (home-assistant/addons: 24 apps). The architectures
are ``build_from``'s keys, or the configuration's ``arch`` list for one image. The
Dockerfile's ``ARG BUILD_FROM=…`` default is what a build without a build file uses, as
before. Each build's output is the configuration's ``image`` for its architecture, tagged with
the ``version`` (:mod:`.home_assistant_image`): a built name, not a pull.
"""

from __future__ import annotations

import os

from ...occurrence import BuildSite, Scan, SourceError
from .._yaml import items, position, scalar, sequence
from ..kubernetes import node_kind
from ..project import BuildConfig, BuildFile, BuiltImage
from ._common import MAX_BYTES
from ._yaml_tool import first_mapping, read_tool_file

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

__all__ = ["BUILD_FILE_NAMES", "TOOL", "is_app_build_file", "read_app_build"]

#: The ``tool`` of the builds.
TOOL = "home-assistant"
#: The names of an app's build file (the Supervisor's ``find_one_filetype(…, "build", …)``).
BUILD_FILE_NAMES = ("build.yaml", "build.yml", "build.json")
#: The names of an app's configuration, which makes a directory an app's.
_CONFIG_NAMES = ("config.yaml", "config.yml", "config.json")
#: The keys of a build file (the Supervisor's ``SCHEMA_BUILD_CONFIG``, and the older
#: ``codenotary``/``cosign`` of Home Assistant's builder).
_BUILD_KEYS = frozenset({"build_from", "args", "labels", "squash", "codenotary", "cosign"})
#: The Supervisor's base image for a build file without ``build_from``.
_DEFAULT_BASE = "ghcr.io/home-assistant/base:latest"


def is_app_build_file(directory: str, name: str) -> bool:
    """Whether ``name`` in ``directory`` is an app's build file: one of its names, beside the
    app's configuration and a Dockerfile."""
    if name not in BUILD_FILE_NAMES:
        return False
    try:
        names = set(os.listdir(directory))
    except OSError:
        return False
    return not names.isdisjoint(_CONFIG_NAMES) and any(
        other == "Dockerfile" or other.startswith("Dockerfile.") for other in names
    )


def read_app_build(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The builds the app build file at ``path`` configures (never raises)."""
    return read_tool_file(path, max_bytes, scan_app_build)


def scan_app_build(text: str, *, path: str | None = None, max_bytes: int = MAX_BYTES) -> BuildFile:
    """:func:`read_app_build` of a file's text (the app's directory is the file's)."""
    document, errors, suppressions = first_mapping(text, path, max_bytes)
    directory = os.path.dirname(path or "")
    fields = {key: (value, key_node) for key, value, key_node in items(document)}
    config = _config(directory)
    if "slug" not in config or not fields.keys() <= _BUILD_KEYS:
        # Another tool's build.yaml (Dart's build_runner: targets, builders) beside another
        # config.yaml: an app's configuration has a slug, its build file only the Supervisor's
        # keys.
        return BuildFile(scan=Scan((), errors, suppressions), path=path)
    args = {
        key: value
        for key, node, _ in items(fields.get("args", (None, None))[0])
        if (value := scalar(node)) is not None
    }
    version = scalar(config.get("version"))
    if version is not None:
        args = {"BUILD_VERSION": version, **args}
    base, key_node = fields.get("build_from", (None, None))
    line = position(key_node)[0] if key_node is not None else 1
    published = scalar(config.get("image"))
    builds = [
        BuildConfig(
            site=BuildSite(TOOL, path, line),
            name=arch or "app",
            context=directory,
            dockerfile=_dockerfile(directory, arch),
            args={**args, "BUILD_FROM": image, **({"BUILD_ARCH": arch} if arch else {})},
            # (Home Assistant's builder tags the build as the configuration's image, which the
            # Supervisor then pulls: see .home_assistant_image)
            tags=_tags(published, version, arch),
        )
        for arch, image in _bases(base, config, path, errors)
    ]
    # (each is the project's own wherever it is named: the configuration's image, a compose
    # file's that runs the app)
    built = [
        BuiltImage(tag.rpartition(":")[0], build.site) for build in builds for tag in build.tags
    ]
    return BuildFile(builds=builds, built=built, scan=Scan((), errors, suppressions), path=path)


def _bases(
    node: yaml.Node | None,
    config: dict[str, yaml.Node],
    path: str | None,
    errors: list[SourceError],
) -> list[tuple[str | None, str]]:
    """Each architecture's base image: ``build_from``'s entries, or its one image for each of
    the configuration's architectures."""
    if node_kind(node) == "mapping":
        return [(arch, image) for arch, value, _ in items(node) if (image := scalar(value))]
    image = scalar(node) or _DEFAULT_BASE
    if node is not None and scalar(node) is None:
        errors.append(SourceError(path, position(node)[0], "build_from must be a string or a map"))
    arches = [arch for item in sequence(config.get("arch")) if (arch := scalar(item))]
    return [(arch, image) for arch in arches] or [(None, image)]


def _tags(image: str | None, version: str | None, arch: str | None) -> tuple[str, ...]:
    """The name an architecture's build is published as: the configuration's image."""
    from .home_assistant_image import app_image

    tag = app_image(image, version, arch) if image and version else None
    return (tag,) if tag is not None else ()


def _dockerfile(directory: str, arch: str | None) -> str:
    own = os.path.join(directory, f"Dockerfile.{arch}") if arch else None
    return own if own is not None and os.path.isfile(own) else os.path.join(directory, "Dockerfile")


def _config(directory: str) -> dict[str, yaml.Node]:
    """The app configuration's top-level fields (its ``version`` and ``arch``)."""
    from ._common import read_text

    for name in _CONFIG_NAMES:
        path = os.path.join(directory, name)
        if os.path.isfile(path):
            text = read_text(path, MAX_BYTES)
            if isinstance(text, SourceError):
                return {}
            document, _, _ = first_mapping(text, path, MAX_BYTES)
            return {key: value for key, value, _ in items(document)}
    return {}
