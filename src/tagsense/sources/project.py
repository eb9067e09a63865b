"""What ties a project's files together: the builds its tools configure, the images it builds.

A reference means what the project's real tools make of it. A compose service
or a bake target builds a Dockerfile with its own build arguments, target and
named contexts; Skaffold, Tilt, bake and ko build images that the project's
manifests then name, and that nobody pulls. The readers of those tools'
files produce the values here; the scan uses them (:mod:`.find`).

- :class:`BuildConfig`: one build of a Dockerfile, as a tool configures it.
- :class:`BuiltImage`: a name the project builds, and where.
- :class:`ChartRelease`: a Helm chart a deploy tool renders with values of its own.
- :class:`ProjectContext`: all of them, for a project root.
"""

from __future__ import annotations

from types import MappingProxyType

from ..occurrence import BuildSite, Scan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = [
    "BAKE_FILE_NAMES",
    "BUILD_TOOL_FILES",
    "KO_FILE_NAMES",
    "SKAFFOLD_FILE_NAMES",
    "TILTFILE_NAME",
    "BuildConfig",
    "BuildFile",
    "BuiltImage",
    "ChartRelease",
    "ProjectContext",
    "is_skaffold_config",
    "is_skaffold_name",
]

#: What ``skaffold`` reads without ``--filename`` (``skaffold.yml`` when there is no ``.yaml``).
SKAFFOLD_FILE_NAMES = ("skaffold.yaml", "skaffold.yml")

#: What ``tilt up`` reads without ``--file``.
TILTFILE_NAME = "Tiltfile"

#: The bake files ``docker buildx bake`` reads without ``--file``, in its order (after the
#: compose files it also reads; those are the compose reader's).
BAKE_FILE_NAMES = (
    "docker-bake.json",
    "docker-bake.hcl",
    "docker-bake.override.json",
    "docker-bake.override.hcl",
)

#: What ko reads its configuration from (viper's ``.ko`` with a YAML extension;
#: ``KO_CONFIG_PATH`` aside).
KO_FILE_NAMES = (".ko.yaml", ".ko.yml")

#: The build tool each of those names belongs to.
BUILD_TOOL_FILES: Mapping[str, str] = MappingProxyType(
    {
        **dict.fromkeys(SKAFFOLD_FILE_NAMES, "skaffold"),
        TILTFILE_NAME: "tilt",
        **dict.fromkeys(BAKE_FILE_NAMES, "bake"),
        **dict.fromkeys(KO_FILE_NAMES, "ko"),
    }
)

_EMPTY: Mapping[str, str] = MappingProxyType({})


def is_skaffold_name(name: str) -> bool:
    """``skaffold*.yaml`` or ``skaffold*.yml``: what Skaffold configurations are called, also
    those a project uses with ``skaffold -f`` (``skaffold-gradle.yaml``)."""
    return name.startswith("skaffold") and name.endswith((".yaml", ".yml"))


#: How much of a file :func:`is_skaffold_config` looks at.
_SNIFF_BYTES = 64 * 1024


def is_skaffold_config(path: str) -> bool:
    """Whether a file's text says it is a Skaffold configuration: a top-level
    ``apiVersion: skaffold/…`` and ``kind: Config`` (a look at its start, no YAML parsed)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return False
    import re

    version = re.search(rb"^apiVersion:[ \t]*[\"']?skaffold/", head, re.MULTILINE)
    return (
        version is not None
        and re.search(rb"^kind:[ \t]*[\"']?Config\b", head, re.MULTILINE) is not None
    )


class BuildConfig:
    """One build of a Dockerfile, as a project tool configures it (a compose service, bake target).

    - ``site``: where the configuration is (tool, file, line); ``name`` the
      service or target it belongs to.
    - ``context``: the build context (a directory path; ``None`` when it is
      not a local directory: a Git URL, ``-``).
    - ``dockerfile``: the Dockerfile's path (joined onto the context as the
      tool joins it), or ``None`` with ``dockerfile_inline`` (its text).
    - ``args``: the build arguments (``--build-arg``), already interpolated;
      ``target``: the stage built (``None``: the last); ``platforms``.
    - ``contexts``: the named contexts (``additional_contexts``, bake's
      ``contexts``): name → value as written by the tool: ``docker-image://REF``,
      ``service:NAME`` / ``target:NAME``, a directory, a URL.
    - ``tags``: the names the build gives its result.
    """

    __slots__ = (
        "args",
        "context",
        "contexts",
        "dockerfile",
        "dockerfile_inline",
        "name",
        "platforms",
        "site",
        "tags",
        "target",
    )

    def __init__(
        self,
        *,
        site: BuildSite,
        name: str,
        context: str | None,
        dockerfile: str | None,
        dockerfile_inline: str | None = None,
        args: Mapping[str, str] | None = None,
        target: str | None = None,
        contexts: Mapping[str, str] | None = None,
        tags: Iterable[str] = (),
        platforms: Iterable[str] = (),
    ) -> None:
        self.site = site
        self.name = name
        self.context = context
        self.dockerfile = dockerfile
        self.dockerfile_inline = dockerfile_inline
        self.args: Mapping[str, str] = MappingProxyType(dict(args)) if args else _EMPTY
        self.target = target
        self.contexts: Mapping[str, str] = MappingProxyType(dict(contexts)) if contexts else _EMPTY
        self.tags = tuple(tags)
        self.platforms = tuple(platforms)

    def _key(self) -> tuple[object, ...]:
        return (
            self.site,
            self.name,
            self.context,
            self.dockerfile,
            self.dockerfile_inline,
            tuple(sorted(self.args.items())),
            self.target,
            tuple(sorted(self.contexts.items())),
            self.tags,
            self.platforms,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BuildConfig):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"<BuildConfig {self.site} {self.name!r} {self.dockerfile or '(inline)'}>"


class BuiltImage:
    """A name the project builds (``name`` as written: ``adservice``, ``ghcr.io/acme/api``).

    Wherever a manifest, compose file or CI file names an image of that name
    (whatever its tag), it is the build's output, not a pull.
    """

    __slots__ = ("name", "site")

    def __init__(self, name: str, site: BuildSite) -> None:
        self.name = name
        self.site = site

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BuiltImage):
            return NotImplemented
        return (self.name, self.site) == (other.name, other.site)

    def __hash__(self) -> int:
        return hash((self.name, self.site))

    def __repr__(self) -> str:
        return f"<BuiltImage {self.name!r} at {self.site}>"


class ChartRelease:
    """A Helm chart a deploy tool renders with values of its own (a Skaffold ``helm`` release).

    - ``site``: where the release is (tool, file, line); ``name`` the release's name.
    - ``chart``: the chart's directory (joined as the tool joins it).
    - ``values_files`` and ``set_values``: ``helm template``'s ``--values`` files and ``--set``
      expressions (``key=value``), in the order the tool passes them, with what the tool fills
      in (the images it builds) already in place.
    """

    __slots__ = ("chart", "name", "set_values", "site", "values_files")

    def __init__(
        self,
        *,
        site: BuildSite,
        name: str,
        chart: str,
        values_files: Iterable[str] = (),
        set_values: Iterable[str] = (),
    ) -> None:
        self.site = site
        self.name = name
        self.chart = chart
        self.values_files = tuple(values_files)
        self.set_values = tuple(set_values)

    def _key(self) -> tuple[object, ...]:
        return (self.site, self.name, self.chart, self.values_files, self.set_values)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ChartRelease):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"<ChartRelease {self.site} {self.name!r} {self.chart}>"


class BuildFile:
    """What one build tool's file says: the builds it configures, the names it builds, and what
    it pulls itself (``scan``: a bake ``contexts`` value ``docker-image://…``, ko's base images),
    with its errors and suppression comments. ``reads`` are the other files read through this
    one (a compose ``include``): they mean what this file makes of them, not what they say alone.
    ``charts`` are the Helm charts it deploys with values of its own (:class:`ChartRelease`).
    """

    __slots__ = (
        "builds",
        "built",
        "charts",
        "complete",
        "inputs",
        "kind",
        "path",
        "reads",
        "scan",
    )

    def __init__(
        self,
        builds: Iterable[BuildConfig] = (),
        built: Iterable[BuiltImage] = (),
        scan: Scan | None = None,
        *,
        reads: Iterable[str] = (),
        path: str | None = None,
        inputs: Mapping[str, tuple[int, int] | None] | None = None,
        complete: bool = True,
        charts: Iterable[ChartRelease] = (),
    ) -> None:
        self.builds = tuple(builds)
        self.charts = tuple(charts)
        self.built = tuple(built)
        self.scan = scan if scan is not None else Scan()
        self.reads = tuple(reads)
        #: The file itself.
        self.path = path
        #: The files the result depends on besides the file itself: (modification time in
        #: nanoseconds, size) of each one read, ``None`` for one looked for and absent.
        self.inputs: Mapping[str, tuple[int, int] | None] = MappingProxyType(dict(inputs or {}))
        #: False when only the summary was kept (see ``._context_cache``): no ``scan``.
        self.complete = complete
        #: The kind of build file (``compose``, ``skaffold``…; set when it is read).
        self.kind: str | None = None

    def __repr__(self) -> str:
        return f"<BuildFile {len(self.builds)} builds, {len(self.built)} built, {self.scan!r}>"


class ProjectContext:
    """What a project's tools say about a file: the build files around it (see
    :mod:`.context`), and from them the builds, the images built, and the files read
    through another (``reads``, real paths)."""

    __slots__ = ("_built_names", "builds", "built", "charts", "files", "reads", "root")

    def __init__(self, root: str | None, files: Iterable[BuildFile] = ()) -> None:
        self.root = root
        self.files = tuple(files)
        self.builds = tuple(build for file in self.files for build in file.builds)
        self.built = tuple(image for file in self.files for image in file.built)
        self.charts = tuple(release for file in self.files for release in file.charts)
        import os

        self.reads = frozenset(os.path.realpath(read) for file in self.files for read in file.reads)
        self._built_names: dict[str, BuildSite] | None = None

    def builds_of(self, dockerfile: str) -> list[BuildConfig]:
        """The builds of a Dockerfile (by its real path), in the order their files were read."""
        import os

        real = os.path.realpath(dockerfile)
        return [
            build
            for build in self.builds
            if build.dockerfile is not None and os.path.realpath(build.dockerfile) == real
        ]

    def releases_of(self, chart: str) -> list[ChartRelease]:
        """The releases that deploy a chart directory (by its real path), in the order read."""
        import os

        if not self.charts:
            return []
        real = os.path.realpath(chart)
        found = [release for release in self.charts if os.path.realpath(release.chart) == real]
        return list(dict.fromkeys(found))  # (a release both rendered and deployed: once)

    def readers_of(self, path: str) -> list[BuildFile]:
        """The build files that read ``path`` through themselves (a compose ``include``)."""
        import os

        real = os.path.realpath(path)
        return [file for file in self.files if real in {os.path.realpath(r) for r in file.reads}]

    def built_site(self, name: str) -> BuildSite | None:
        """Where the project builds an image of this name (``docker.io/library/app``), if it
        does."""
        names = self._built_names
        if names is None:
            from ..occurrence import parse_or_error

            names = {}
            for image in self.built:
                reference = parse_or_error(image.name)[0]
                if reference is not None:
                    names.setdefault(reference.name, image.site)
            self._built_names = names
        return names.get(name)

    def __repr__(self) -> str:
        return f"<ProjectContext {self.root}: {len(self.builds)} builds, {len(self.built)} built>"
