"""What ties a project's files together: the builds its tools configure, the images it builds.

A reference means what the project's real tools make of it. A compose service
or a bake target builds a Dockerfile with its own build arguments, target and
named contexts; Skaffold, Tilt, bake and ko build images that the project's
manifests then name, and that nobody pulls. The readers of those tools'
files produce the values here; the scan uses them (:mod:`.find`).

- :class:`BuildConfig`: one build of a Dockerfile, as a tool configures it.
- :class:`BuiltImage`: a name the project builds, and where.
- :class:`ChartRelease`: a Helm chart a deploy tool renders with values of its own.
- :class:`ComposeRun`: a ``docker compose`` command of a script, and what it passes compose.
- :class:`ScanPlaces`: where a build file's scan places what it finds (kept with its summary).
- :class:`ProjectContext`: all of them, for a project root.
"""

from __future__ import annotations

import os
from types import MappingProxyType

from .._lazy import lazy_pattern
from ..occurrence import BuildSite, Scan

# (the names each tool reads live with discovery: a one-file check looks for them without
# importing this module)
from .discover import (
    BAKE_FILE_NAMES,
    BUILD_TOOL_FILES,
    KO_FILE_NAMES,
    SKAFFOLD_FILE_NAMES,
    TILTFILE_NAME,
    is_skaffold_config,
    is_skaffold_name,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Callable, Iterable, Mapping

__all__ = [
    "BAKE_FILE_NAMES",
    "BUILD_TOOL_FILES",
    "ENVSUBST",
    "KO_FILE_NAMES",
    "SKAFFOLD_FILE_NAMES",
    "TILTFILE_NAME",
    "BuildConfig",
    "BuildFile",
    "BuiltImage",
    "ChartRelease",
    "ComposeRun",
    "ProjectContext",
    "ScanPlaces",
    "default_override",
    "is_skaffold_config",
    "is_skaffold_name",
    "repository_written",
    "run_compose_files",
]

_EMPTY: Mapping[str, str] = MappingProxyType({})
_NO_NAMES: Mapping[str, tuple[str, ...]] = MappingProxyType({})


class BuildConfig:
    """One build of a Dockerfile, as a project tool configures it (a compose service, bake target).

    - ``site``: where the configuration is (tool, file, line); ``name`` the
      service or target it belongs to.
    - ``context``: the build context (a directory path; ``None`` when it is
      not a local directory: a Git URL, ``-``).
    - ``dockerfile``: the Dockerfile's path (joined onto the context as the
      tool joins it), or ``None`` with ``dockerfile_inline`` (its text). Both: the file
      as the tool rewrites it before the build (Maven's resource filtering), read in its
      place instead of the file's own text.
    - ``inline_places``: where runs of ``dockerfile_inline`` are written, when the tool's
      reader knows (``(index, path, line, column)``: from that character on, one column a
      character; path ``""``: not known); empty: counted from the site's line (compose's).
    - ``args``: the build arguments (``--build-arg``), already interpolated;
      ``target``: the stage built (``None``: the last); ``platforms``.
    - ``contexts``: the named contexts (``additional_contexts``, bake's
      ``contexts``): name → value as written by the tool: ``docker-image://REF``,
      ``service:NAME`` / ``target:NAME``, a directory, a URL.
    - ``tags``: the names the build gives its result.
    - ``unresolved``: the build arguments the tool sets to a value it knows only where it runs
      (a devcontainer's ``${localEnv:X}`` with ``X`` not set): name → what the value needs.
      A ``FROM`` that uses one is unresolved, not read with the Dockerfile's default.
    - ``written``: for some of those, the value as the tool writes it (a workflow's
      ``${{ env.GHCR_IMAGE_REPOSITORY }}:${{ github.sha }}``): a ``FROM`` made of it names
      what the text names, which may be an image the same file builds
      (:meth:`ProjectContext.built_site_as_written`).
    - ``leading``: for some of those, the text the value starts with, known here
      (``outlinewiki/outline-base@`` of ``${{ env.BASE_IMAGE_NAME }}@${{
      steps.base.outputs.digest }}``): a ``FROM`` made of it has that text before the part a
      run decides, and names an image the project builds when its repository is all known.
    - ``blank``: the build arguments of ``args`` that are blank only because the tool's file
      leaves them to the environment of its run (a bake ``variable "X" { default = "" }``
      read alone): a ``FROM`` that such a blank leaves no image is the run's to give,
      unresolved by their names, as for a Dockerfile's own ``ARG X=""`` read alone.
    - ``unset``: the variables the tool's file leaves unset in the build's own fields (compose's
      ``dockerfile: ${NAME}``): the ``.env`` the project's setup writes may give them, and
      then the Dockerfile built is the one they name.
    - ``outputs``: the build arguments whose value is the image another build of the same run
      made just before (its name or its id: dazzle's ``base``, buildah's ``id=$(buildah bud
      …)``): name → where that build is. A ``FROM`` that is one of them whole starts from
      that built image, not from one a run decides (see :mod:`.builds._build_outputs`).
    - ``shapes``: for some of ``unresolved``, the value's name as a pattern, each run's part
      a ``*`` (``ghcr.io/*/api-generator`` of ``${{ env.REGISTRY }}/${{ env.ORG
      }}/api-generator:${{ env.TAG }}``): a ``FROM`` that is one of them whole names the
      image another build of the same file tags under the same pattern.
    """

    __slots__ = (
        "args",
        "blank",
        "context",
        "contexts",
        "dockerfile",
        "dockerfile_inline",
        "inline_places",
        "leading",
        "name",
        "outputs",
        "platforms",
        "shapes",
        "site",
        "tags",
        "target",
        "unresolved",
        "unset",
        "written",
    )

    def __init__(
        self,
        *,
        site: BuildSite,
        name: str,
        context: str | None,
        dockerfile: str | None,
        dockerfile_inline: str | None = None,
        inline_places: Iterable[tuple[int, str, int, int]] = (),
        args: Mapping[str, str] | None = None,
        target: str | None = None,
        contexts: Mapping[str, str] | None = None,
        tags: Iterable[str] = (),
        platforms: Iterable[str] = (),
        unresolved: Mapping[str, tuple[str, ...]] | None = None,
        written: Mapping[str, str] | None = None,
        leading: Mapping[str, str] | None = None,
        blank: Iterable[str] = (),
        unset: Iterable[str] = (),
        outputs: Mapping[str, BuildSite] | None = None,
        shapes: Mapping[str, str] | None = None,
    ) -> None:
        self.site = site
        self.name = name
        self.context = context
        self.dockerfile = dockerfile
        self.dockerfile_inline = dockerfile_inline
        self.inline_places = tuple(inline_places)
        self.args: Mapping[str, str] = MappingProxyType(dict(args)) if args else _EMPTY
        self.target = target
        self.contexts: Mapping[str, str] = MappingProxyType(dict(contexts)) if contexts else _EMPTY
        self.tags = tuple(tags)
        self.platforms = tuple(platforms)
        self.unresolved: Mapping[str, tuple[str, ...]] = (
            MappingProxyType(dict(unresolved)) if unresolved else _NO_NAMES
        )
        self.written: Mapping[str, str] = MappingProxyType(dict(written)) if written else _EMPTY
        self.leading: Mapping[str, str] = MappingProxyType(dict(leading)) if leading else _EMPTY
        self.blank = frozenset(blank)
        self.unset = tuple(unset)
        self.outputs: Mapping[str, BuildSite] = MappingProxyType(dict(outputs or {}))
        self.shapes: Mapping[str, str] = MappingProxyType(dict(shapes)) if shapes else _EMPTY

    def given(self, args: Mapping[str, str]) -> BuildConfig:
        """The build with the arguments ``args`` over its own (the command line's, which win:
        a value it gives is no longer one a run decides)."""
        if not args:
            return self
        return BuildConfig(
            site=self.site,
            name=self.name,
            context=self.context,
            dockerfile=self.dockerfile,
            dockerfile_inline=self.dockerfile_inline,
            inline_places=self.inline_places,
            args={**self.args, **args},
            target=self.target,
            contexts=self.contexts,
            tags=self.tags,
            platforms=self.platforms,
            unresolved={k: v for k, v in self.unresolved.items() if k not in args},
            written={k: v for k, v in self.written.items() if k not in args},
            leading={k: v for k, v in self.leading.items() if k not in args},
            blank=self.blank - args.keys(),
            unset=self.unset,
            outputs={k: v for k, v in self.outputs.items() if k not in args},
            shapes={k: v for k, v in self.shapes.items() if k not in args},
        )

    def _key(self) -> tuple[object, ...]:
        return (
            self.site,
            self.name,
            self.context,
            self.dockerfile,
            self.dockerfile_inline,
            self.inline_places,
            tuple(sorted(self.args.items())),
            self.target,
            tuple(sorted(self.contexts.items())),
            self.tags,
            self.platforms,
            tuple(sorted(self.unresolved.items())),
            tuple(sorted(self.written.items())),
            tuple(sorted(self.leading.items())),
            tuple(sorted(self.blank)),
            self.unset,
            tuple(sorted(self.outputs.items())),
            tuple(sorted(self.shapes.items())),
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
    (whatever its tag), it is the build's output, not a pull. A name read from a
    command whose run decides part of it is a pattern: each ``*`` stands for one
    path component or a part of one (``quay.io/jupyter/*``).

    ``tag``: the only tag of the name the project makes, when the name's other tags are
    pulled (``podman tag debian:bookworm-slim debian:up-down-test`` makes
    ``debian:up-down-test`` of the ``debian:bookworm-slim`` it pulls); ``None``: every tag.
    ``copied``: the name is another image's copy (a retag, a push, a mirror), not a build's
    output; the project makes the name all the same, but not its namespace (see
    :meth:`ProjectContext.built_site`, ``own-images``).
    """

    __slots__ = ("_form", "copied", "name", "site", "tag")

    def __init__(
        self, name: str, site: BuildSite, tag: str | None = None, *, copied: bool = False
    ) -> None:
        self.name = name
        self.site = site
        self.tag = tag
        self.copied = copied
        self._form: tuple[str, re.Pattern[str] | None] | bool | None = False  # (False: not yet)

    def form(self) -> tuple[str, re.Pattern[str] | None] | None:
        """What names it matches: ``(full name, None)``, or for a pattern ``(its literal
        start, a matcher of full names)``; ``None`` when it is no name. Worked out once (the
        contexts of a scan's directories share their build files' images)."""
        form = self._form
        if form is False:
            form = self._form = _form(self.name)
        assert form is not True
        return form

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BuiltImage):
            return NotImplemented
        return (self.name, self.site, self.tag) == (other.name, other.site, other.tag)

    def __hash__(self) -> int:
        return hash((self.name, self.site, self.tag))

    def __repr__(self) -> str:
        tag = "" if self.tag is None else f" tag {self.tag!r}"
        return f"<BuiltImage {self.name!r}{tag} at {self.site}>"


class ChartRelease:
    """A Helm chart a deploy tool renders with values of its own (a Skaffold ``helm`` release).

    - ``site``: where the release is (tool, file, line); ``name`` the release's name.
    - ``chart``: the chart's directory (joined as the tool joins it).
    - ``values_files`` and ``set_values``: ``helm template``'s ``--values`` files and ``--set``
      expressions (``key=value``), in the order the tool passes them, with what the tool fills
      in (the images it builds) already in place.
    - ``command``: ``None`` for a deploy tool's release, which is how the project renders
      the chart; ``helm`` or ``ct`` for an install a command of a script or CI runs
      (:mod:`.builds._helm_cmd`), which renders it besides its default reading.
    """

    __slots__ = ("chart", "command", "name", "set_values", "site", "values_files")

    def __init__(
        self,
        *,
        site: BuildSite,
        name: str,
        chart: str,
        values_files: Iterable[str] = (),
        set_values: Iterable[str] = (),
        command: str | None = None,
    ) -> None:
        self.site = site
        self.name = name
        self.chart = chart
        self.values_files = tuple(values_files)
        self.set_values = tuple(set_values)
        self.command = command

    def _key(self) -> tuple[object, ...]:
        return (
            self.site, self.name, self.chart, self.values_files, self.set_values, self.command
        )  # fmt: skip

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ChartRelease):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"<ChartRelease {self.site} {self.name!r} {self.chart}>"


#: The tool of an infra-e2e configuration's compose run when the configuration is read alone,
#: and the command a run of it is (see ``.builds._infra_e2e``).
_INFRA_E2E_ALONE = "infra-e2e"
_E2E_RUN = "e2e run"
#: The ``command`` of a :class:`ComposeRun` that is an ``envsubst`` rendering its one file.
ENVSUBST = "envsubst"


class ComposeRun:
    """A ``docker compose`` (``docker-compose``, ``podman compose``) command of a script, a
    Makefile recipe or a CI step, as its shell runs it.

    An ``envsubst`` that renders a file (``envsubst < FILE``, ``cat FILE | envsubst``) is one
    too, of the command :data:`ENVSUBST` (:attr:`renders`): it reads its one file with the
    variables it is given, and goes wherever the scripts' compose commands go.

    - ``site``: where the command is (tool, file, line); ``command``: how it is written
      (``docker compose up``).
    - ``files``: the compose files it reads (``-f``, joined onto the directory it runs in);
      empty: compose's default file in ``directory``.
    - ``directory``: where it runs (``None``: a run decides).
    - ``env``: the variables the shell gives it (its environment, ``NAME=value`` before
      it); ``unknown``: those it gives a value that only a run knows; ``leading``: of those,
      the known text a value starts with (``zulip/zulip-server:pr-``, then a run's part).
    - ``partial``: it also reads files only a run names, left out of ``files`` (they may
      change any value of the others): it resolves what its files leave unresolved alone,
      and gives no other reading of what they resolve.
    - ``env_files`` (``--env-file``, joined) replace the project directory's ``.env``;
      ``project_directory`` (``--project-directory``) is where that ``.env`` is.
    - ``maybe``: for a ``partial`` command, the compose files its file names the run chooses
      among (edgex-compose's Makefile appends ``-f add-device-bacnet-ip.yml`` to its
      ``COMPOSE_FILES`` when ``make run ds-bacnet-ip`` asks for it): it gives one of them
      only what that file leaves unresolved alone, and only when no command surely reads it
      (:meth:`ProjectContext.maybe_runs_of`).
    - ``build_args``: for a ``build`` command, the arguments its ``--build-arg`` options give
      (``NAME=value``, and ``NAME`` alone with the value its environment gives): compose hands
      them to every build it runs over the service's own ``build.args`` (compose's
      ``pkg/compose/build.go``: ``mergeArgs(buildOptions.BuildArgs, args)``); ``services``: the
      services it builds, when it names them (empty: all). cms-dev/cms's CI runs ``docker
      compose -f docker/docker-compose.test.yml build --build-arg BASE_IMAGE=${{
      matrix.base_image }} testcms`` over a matrix of base images.
    """

    __slots__ = (
        "_real_files",
        "build_args",
        "command",
        "directory",
        "env",
        "env_files",
        "files",
        "leading",
        "maybe",
        "partial",
        "project_directory",
        "services",
        "site",
        "unknown",
    )

    def __init__(
        self,
        *,
        site: BuildSite,
        command: str,
        files: Iterable[str] = (),
        directory: str | None = None,
        env: Mapping[str, str] | None = None,
        unknown: Iterable[str] = (),
        leading: Mapping[str, str] | None = None,
        partial: bool = False,
        env_files: Iterable[str] = (),
        project_directory: str | None = None,
        maybe: Iterable[str] = (),
        build_args: Mapping[str, str] | None = None,
        services: Iterable[str] = (),
    ) -> None:
        self.site = site
        self.command = command
        self.maybe = tuple(maybe)
        self.build_args: Mapping[str, str] = (
            MappingProxyType(dict(build_args)) if build_args else _EMPTY
        )
        self.services = tuple(services)
        self._real_files: tuple[str, ...] | None = None
        self.files = tuple(files)
        self.directory = directory
        self.env: Mapping[str, str] = MappingProxyType(dict(env)) if env else _EMPTY
        self.unknown = tuple(unknown)
        self.leading: Mapping[str, str] = MappingProxyType(dict(leading)) if leading else _EMPTY
        self.partial = partial
        self.env_files = tuple(env_files)
        self.project_directory = project_directory

    @property
    def renders(self) -> bool:
        """Whether it is an ``envsubst`` rendering its file, no compose command."""
        return self.command == ENVSUBST

    def real_files(self) -> tuple[str, ...]:
        """The real paths of ``files`` (resolved once: a project's many runs are asked about
        each of its files)."""
        found = self._real_files
        if found is None:
            found = self._real_files = tuple(map(os.path.realpath, self.files))
        return found

    def reads(self, path: str, real: str | None = None) -> bool:
        """Whether the command reads the compose file ``path`` (by its real path, ``real``
        when the caller has it)."""
        real = real if real is not None else os.path.realpath(path)
        if self.files:
            return real in self.real_files()
        if self.partial:
            return False  # (every file of it a run's: see `maybe`)
        if self.directory is None or os.path.realpath(self.directory) != os.path.dirname(real):
            return False
        for name in _DEFAULT_COMPOSE_FILES:  # (compose takes the first of them it finds)
            if os.path.isfile(os.path.join(self.directory, name)):
                return os.path.basename(real) == name
        return False

    def build_args_of(self, service: str) -> Mapping[str, str]:
        """The build arguments the command gives the build of ``service`` (see the class)."""
        if self.services and service not in self.services:
            return _EMPTY
        return self.build_args

    def gives(self, names: Iterable[str]) -> bool:
        """Whether the command may give any of these variables: in its environment (a value,
        or one a run knows), or from an ``.env`` of its own (``--env-file``,
        ``--project-directory``)."""
        if self.env_files or self.project_directory is not None:
            return True
        return any(name in self.env or name in self.unknown for name in names)

    def only(self, names: Iterable[str]) -> ComposeRun:
        """The command as it gives only the variables ``names`` (the others: the file's own)."""
        wanted = set(names)
        return ComposeRun(
            site=self.site,
            command=self.command,
            files=self.files,
            directory=self.directory,
            env={name: value for name, value in self.env.items() if name in wanted},
            unknown=[name for name in self.unknown if name in wanted],
            leading={name: value for name, value in self.leading.items() if name in wanted},
            partial=self.partial,
            env_files=self.env_files,
            project_directory=self.project_directory,
            maybe=self.maybe,
            build_args=self.build_args,
            services=self.services,
        )

    def _key(self) -> tuple[object, ...]:
        return (
            self.site,
            self.command,
            self.files,
            self.directory,
            tuple(sorted(self.env.items())),
            self.unknown,
            tuple(sorted(self.leading.items())),
            self.partial,
            self.env_files,
            self.project_directory,
            self.maybe,
            tuple(sorted(self.build_args.items())),
            self.services,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ComposeRun):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"<ComposeRun {self.site} {self.command!r} {list(self.files)}>"


#: The files compose reads without ``-f``, in the order it looks for them (compose-go's
#: ``cli.DefaultFileNames``), and the override file it merges over the first one found
#: (``DefaultOverrideFileNames``, also the first found).
_DEFAULT_COMPOSE_FILES = (
    "compose.yaml",
    "compose.yml",
    "docker-compose.yml",
    "docker-compose.yaml",
)
_DEFAULT_OVERRIDE_FILES = (
    "compose.override.yml",
    "compose.override.yaml",
    "docker-compose.override.yml",
    "docker-compose.override.yaml",
)


def default_override(path: str, exists: Callable[[str], bool] = os.path.isfile) -> str | None:
    """The override file ``docker compose`` merges over the compose file ``path`` when no
    ``-f`` names the files: the first of its directory's ``compose.override.yml``…
    ``docker-compose.override.yaml``, when ``path`` is the compose file it finds there first
    (``None`` otherwise). appwrite's ``docker-compose.override.yml`` gives each service of its
    ``docker-compose.yml`` a build and ``image: appwrite-dev``: ``docker compose up`` builds
    them, and pulls no ``appwrite/appwrite:latest``.

    ``exists`` says whether a file is there (a scan records what it looked for).
    """
    directory, name = os.path.split(path)
    if name not in _DEFAULT_COMPOSE_FILES:
        return None
    for candidate in _DEFAULT_COMPOSE_FILES:
        if candidate == name:
            break
        if exists(os.path.join(directory, candidate)):
            return None  # (compose reads that one instead)
    for candidate in _DEFAULT_OVERRIDE_FILES:
        override = os.path.join(directory, candidate)
        if exists(override):
            return override
    return None


def run_compose_files(runs: Iterable[ComposeRun]) -> list[tuple[str, str]]:
    """The compose files the ``docker compose -f`` commands ``runs`` name, as named build files
    (``("path", "compose")``): whatever they are called, they are the project's compose files
    (kafbat/kafka-ui's CI runs ``docker compose -f ./documentation/compose/e2e-tests.yaml up``,
    whose ``build.args`` give the ``FROM ${image}`` of the Dockerfiles it builds). A command
    that also reads files only a run names (``partial``) may change any value: none of its
    files is named."""
    return [
        (file, "compose")
        for run in runs
        if not run.partial and not run.renders
        for file in run.files
    ]


class ScanPlaces:
    """Where a build file's scan places what it finds, kept with the summary of its reading
    (``._context_cache``): a file read through it needs the full reading again only when
    that reading places something in it.

    - ``files``: the real paths of the files where the scan places pulls, errors or
      suppression comments;
    - ``scripts``: the paths, as the scan names them, of the shell files where it places
      pulls that no wrapper script passes on (a reader's pulls in the files the scripts it
      runs source: ``.find._sourced_unread``).
    """

    __slots__ = ("files", "scripts")

    def __init__(self, files: Iterable[str], scripts: Iterable[str]) -> None:
        self.files = frozenset(files)
        self.scripts = frozenset(scripts)

    @classmethod
    def of(cls, scan: Scan) -> ScanPlaces:
        paths = {o.path for o in scan.occurrences}
        paths.update(e.path for e in scan.errors)
        paths.update(s.path for s in scan.suppressions)
        scripts = {
            o.path
            for o in scan.occurrences
            if o.kind == "shell" and o.path is not None and "wrapper" not in o.context
        }
        return cls({os.path.realpath(p) for p in paths if p is not None}, scripts)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ScanPlaces):
            return NotImplemented
        return (self.files, self.scripts) == (other.files, other.scripts)

    def __hash__(self) -> int:
        return hash((self.files, self.scripts))

    def __repr__(self) -> str:
        return f"<ScanPlaces {sorted(self.files)!r}, scripts {sorted(self.scripts)!r}>"


class BuildFile:
    """What one build tool's file says: the builds it configures, the names it builds, and what
    it pulls itself (``scan``: a bake ``contexts`` value ``docker-image://…``, ko's base images),
    with its errors and suppression comments. ``reads`` are the other files read through this
    one (a compose ``include``): they mean what this file makes of them, not what they say alone.
    ``charts`` are the Helm charts it deploys with values of its own (:class:`ChartRelease`).
    ``named`` are other build files it names, with their kind (a devcontainer's compose files,
    ``("path", "compose")``): they are the project's build files, whatever they are called.
    ``composes`` are the ``docker compose`` commands it runs (:class:`ComposeRun`).
    ``written`` are the repositories it builds whose name only a run knows, as written (a
    :class:`BuiltImage` whose ``name`` is ``${{env.GHCR_IMAGE_REPOSITORY}}``, see
    :mod:`.ci._written`): the same text in the same file names the same repository.
    """

    __slots__ = (
        "builds",
        "built",
        "charts",
        "complete",
        "composes",
        "inputs",
        "kind",
        "named",
        "path",
        "places",
        "reads",
        "scan",
        "wrapped",
        "written",
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
        named: Iterable[tuple[str, str]] = (),
        composes: Iterable[ComposeRun] = (),
        written: Iterable[BuiltImage] = (),
    ) -> None:
        self.builds = tuple(builds)
        self.written = tuple(written)
        self.composes = tuple(composes)
        self.charts = tuple(charts)
        self.built = tuple(built)
        self.scan = scan if scan is not None else Scan()
        self.reads = tuple(reads)
        self.named = tuple(named)
        #: The file itself.
        self.path = path
        #: The files the result depends on besides the file itself: (modification time in
        #: nanoseconds, size) of each one read, ``None`` for one looked for and absent.
        self.inputs: Mapping[str, tuple[int, int] | None] = MappingProxyType(dict(inputs or {}))
        #: False when only the summary was kept (see ``._context_cache``): no ``scan``.
        self.complete = complete
        #: The kind of build file (``compose``, ``skaffold``…; set when it is read).
        self.kind: str | None = None
        #: Of a summary kept without its ``scan``: the real paths of the files where the scan
        #: places pulls of a wrapper script (``"wrapper"`` in their context, see
        #: ``.find._with_runs_written_here``); ``None``: not known.
        self.wrapped: tuple[str, ...] | None = None
        #: Of a summary kept without its ``scan``: where the scan places what it finds;
        #: ``None``: not known.
        self.places: ScanPlaces | None = None

    def __repr__(self) -> str:
        return f"<BuildFile {len(self.builds)} builds, {len(self.built)} built, {self.scan!r}>"


class ProjectContext:
    """What a project's tools say about a file: the build files around it (see
    :mod:`.context`), and from them the builds, the images built, the repositories built
    whose names only a run knows (``written``, see :meth:`built_site_as_written`), the files
    read through another (``reads``, real paths), and the files another names as a build
    file of some kind (``named``: real path → kind, a devcontainer's compose files)."""

    __slots__ = (
        "_built_locally",
        "_built_names",
        "_built_namespaces",
        "_built_patterns",
        "_dockerfiles",
        "_image_directories",
        "_labelled",
        "_over_itself",
        "_package",
        "_reached_from",
        "_renders",
        "builds",
        "built",
        "charts",
        "composes",
        "files",
        "named",
        "own_images",
        "reads",
        "root",
        "written",
    )

    def __init__(
        self, root: str | None, files: Iterable[BuildFile] = (), *, own_images: bool = True
    ) -> None:
        self.root = root
        self.files = tuple(files)
        #: The configuration's ``own-images = "built"`` (its default): a name the project
        #: builds is its own at every tag, one that a retag makes at one tag too (see
        #: :meth:`built_site`).
        self.own_images = own_images
        self.builds = tuple(build for file in self.files for build in file.builds)
        self.built = tuple(image for file in self.files for image in file.built)
        self.written = tuple(image for file in self.files for image in file.written)
        self.charts = tuple(release for file in self.files for release in file.charts)
        self.composes = tuple(run for file in self.files for run in file.composes)

        # (the same file read through many others is resolved once)
        reads = {read for file in self.files for read in file.reads}
        self.reads = frozenset(map(os.path.realpath, reads))
        named: dict[str, str] = {}
        for file in self.files:  # (with run_compose_files: each run's paths resolved once)
            named.update((os.path.realpath(other), kind) for other, kind in file.named)
            for run in file.composes:
                if not run.partial and not run.renders:
                    named.update(dict.fromkeys(run.real_files(), "compose"))
        self.named: Mapping[str, str] = named
        self._built_names: dict[str, list[BuiltImage]] | None = None
        self._built_patterns: list[tuple[str, re.Pattern[str], BuiltImage]] = []
        self._built_locally: dict[str, list[BuiltImage]] | None = None
        self._dockerfiles: dict[str, list[BuildConfig]] | None = None
        self._image_directories: dict[str, frozenset[str]] | None = None
        self._labelled: dict[str, list[tuple[str, BuildSite]]] | None = None
        self._package: str | bool | None = False  # (False: not yet looked at)
        self._built_namespaces: dict[str, list[BuiltImage]] | None = None
        self._over_itself: dict[str, bool] = {}
        self._renders: dict[str, dict[ComposeRun, None]] | None = None
        self._reached_from: dict[BuildSite, tuple[str, ...]] | None = None

    def files_reaching(self, site: BuildSite) -> tuple[str, ...]:
        """The build files whose reading gave a build at ``site``: the file itself, and each
        that runs it (a CI step's ``make docker-build`` in a directory, for its Makefile's
        recipe line)."""
        reached = self._reached_from
        if reached is None:
            found: dict[BuildSite, dict[str, None]] = {}
            for file in self.files:
                if file.path is not None:
                    for build in file.builds:
                        found.setdefault(build.site, {})[file.path] = None
            reached = self._reached_from = {key: tuple(paths) for key, paths in found.items()}
        return reached.get(site, ())

    def builds_of(self, dockerfile: str) -> list[BuildConfig]:
        """The builds of a Dockerfile (by its real path), in the order their files were read."""
        import os

        by_file = self._dockerfiles
        if by_file is None:  # (each build's Dockerfile resolved once, however many are read)
            by_file = self._dockerfiles = {}
            for build in self.builds:
                if build.dockerfile is not None:
                    by_file.setdefault(os.path.realpath(build.dockerfile), []).append(build)
        found = by_file.get(os.path.realpath(dockerfile), ())
        return [build for build in found if not _superseded(build, found)]

    def releases_of(self, chart: str) -> list[ChartRelease]:
        """The releases that deploy a chart directory (by its real path), in the order read."""
        import os

        if not self.charts:
            return []
        real = os.path.realpath(chart)
        found = [release for release in self.charts if os.path.realpath(release.chart) == real]
        return list(dict.fromkeys(found))  # (a release both rendered and deployed: once)

    def runs_of(self, path: str) -> list[ComposeRun]:
        """The ``docker compose`` commands of the project that read the compose file ``path``,
        each once, in the order their files were read."""
        if not self.composes:
            return []
        real = os.path.realpath(path)
        runs = [run for run in self.composes if not run.renders and run.reads(path, real)]
        if any(run.site.tool == _INFRA_E2E_ALONE for run in runs):
            # (an infra-e2e configuration read alone starts its compose file only when no
            # command of the project runs it: those give it their values)
            started = any(run.command == _E2E_RUN and run.site.tool != _INFRA_E2E_ALONE
                          for run in runs)  # fmt: skip
            if started:
                runs = [run for run in runs if run.site.tool != _INFRA_E2E_ALONE]
        return list(dict.fromkeys(runs))

    def projects_alone(self, path: str) -> bool:
        """Whether the compose file ``path``, which other files read through themselves, is
        also a project of its own: the file ``docker compose`` reads in its directory without
        ``-f`` (the first of the default names there; with an override file beside it, which
        ``docker compose up`` merges over it, it is left as before), and
        every file that reads it through itself lies in that same directory, a variant of it
        (containerd/nerdctl's ``examples/compose-wordpress/docker-compose.stargz.yaml``
        extends the services of the ``docker-compose.yaml`` that ``nerdctl compose up`` runs,
        with other images), not a project that takes it in as a part (a ``compose.yaml``
        that includes ``db/compose.yaml``)."""
        directory, name = os.path.split(os.path.realpath(path))
        if name not in _DEFAULT_COMPOSE_FILES or default_override(path) is not None:
            return False
        for candidate in _DEFAULT_COMPOSE_FILES:
            if candidate == name:
                break
            if os.path.isfile(os.path.join(directory, candidate)):
                return False  # (compose reads that one there)
        readers = self.readers_of(path)
        return bool(readers) and all(
            reader.path is not None and os.path.dirname(os.path.realpath(reader.path)) == directory
            for reader in readers
        )

    def maybe_runs_of(self, path: str) -> list[ComposeRun]:
        """The commands that may read the compose file ``path`` as a run chooses (see
        :attr:`ComposeRun.maybe`), each once, in the order their files were read."""
        if not self.composes:
            return []
        real = os.path.realpath(path)
        runs = (
            run
            for run in self.composes
            if run.maybe and any(os.path.realpath(file) == real for file in run.maybe)
        )
        return list(dict.fromkeys(runs))

    def renders_of(self, path: str) -> list[ComposeRun]:
        """The ``envsubst`` commands of the project that render the file ``path`` (see
        :attr:`ComposeRun.renders`), each once, in the order their files were read."""
        by_file = self._renders
        if by_file is None:  # (each render's file resolved once, however many are read)
            by_file = self._renders = {}
            for run in self.composes:
                if run.renders:
                    for file in run.files:
                        by_file.setdefault(os.path.realpath(file), {})[run] = None
        if not by_file:
            return []
        return list(by_file.get(os.path.realpath(path), ()))

    def readers_of(self, path: str) -> list[BuildFile]:
        """The build files that read ``path`` through themselves (a compose ``include``), the
        outermost ones: a reader that is read through another (an Azure template that
        includes this one) reads it as that other one makes it read it."""
        import os

        real = os.path.realpath(path)
        found = [file for file in self.files if real in {os.path.realpath(r) for r in file.reads}]
        outer = [
            file
            for file in found
            if file.path is None or os.path.realpath(file.path) not in self.reads
        ]
        return outer or found  # (all of them in a cycle)

    def built_site(
        self,
        name: str,
        *,
        besides: BuildConfig | None = None,
        dockerfile: str | None = None,
        where: str | None = None,
        tag: str | None = None,
        runner: bool = False,
    ) -> BuildSite | None:
        """Where the project builds an image of this name (``docker.io/library/app``), if it
        does; ``besides``: by a build other than this one. ``tag``: the reference's (a build
        of one tag only, :attr:`BuiltImage.tag`, makes that tag only). ``runner``: the name is
        an image a CI job or step runs in (or beside, a service), see :meth:`_own_site`.

        A build's own output is not its input: a Dockerfile that a service building
        ``grafana/grafana`` builds pulls ``FROM grafana/grafana`` from the registry (as
        BuildKit does), unless another build of the project makes that name.

        A name only a command's pattern matches (``quay.io/jupyter/*``: one image a
        directory, built in turn) is built for the ``dockerfile`` that names it only where
        the project holds that image's directory beside the Dockerfile's
        (``images/base-notebook/`` for ``images/minimal-notebook/Dockerfile``): a recipe in
        the documentation that starts from the published image pulls it.

        An official image's name (``docker.io/library/golang``), which only Docker publishes,
        that every build of the project making it gives an image over that same name (its
        Dockerfile starts ``FROM golang``) is built only for the file ``where`` the build is:
        grafana/loki's Makefile tags its build image, ``FROM golang:$(GO_VERSION)``, as
        ``golang:$(GO_VERSION)``, and its other Dockerfiles and workflows still pull
        ``golang`` from Docker Hub. (osrf/docker_images' Makefiles build the official
        ``gazebo`` family from ``ubuntu``, one tag from another: those names are built
        everywhere.) So is an official name only scripts build from a Dockerfile a run
        decides (``docker build -t golang .``, run from a directory the script does not say),
        for the scripts beside it: StefanScherer/dockerfiles-windows's ``golang/build.ps1``
        makes a local ``golang`` that ``golang/test.ps1`` runs, and its other Dockerfiles still
        pull ``golang:1.8-windowsservercore``.

        So is any name a compose build gives over that same image (compose publishes nothing
        unless told to push): debezium-examples' kstreams builds
        ``quay.io/debezium/connect:${DEBEZIUM_VERSION}`` ``FROM`` that image (with a connector
        added) for its own compose project, and its other examples pull the published one. A
        build that pushes a name over its own base (a CI workflow's) publishes it: the
        project's, everywhere.
        """
        names = self._built_names
        if names is None:
            names = {}
            for image in self.built:
                form = image.form()
                if form is None:
                    continue
                full, pattern = form
                if pattern is None:
                    names.setdefault(full, []).append(image)
                else:
                    self._built_patterns.append((full, pattern, image))
            self._built_names = names
        official = _is_official(name)
        for image in names.get(name, ()):
            if image.tag is not None:
                # (one tag of the name, made by the project wherever it is named; another tag
                # of the name is a pull, unless the configuration says the name is the
                # project's own at every tag)
                if self._makes_tag(image, tag) and _another_build(image, besides):
                    return image.site
                continue
            # (a compose build names the image it makes for its own project: no publication)
            local = official or image.site.tool == "compose"
            # (an official name a script builds from a Dockerfile only a run knows: nothing
            # says it is a new image, made for more than the scripts beside it)
            scripted = official and image.site.tool == "shell" and not self._configured(name)
            if _another_build(image, besides) and (
                not local
                or _same_file(image, where)
                or _beside_script(image, where)
                or (dockerfile is None and _deployed_by_its_builder(image, where))
                or (not scripted and not self._only_over_itself(name))
            ):
                return image.site
        if not official:
            # (the image of one architecture, ``NAME-amd64``, built for ``NAME``: a Makefile's
            # ``-t $(IMG)-$(ARCH):$(TAG)``, whose manifest names the image without the suffix
            # and is rewritten with it before it is applied: capv's test extension)
            for arch in _ARCHITECTURES:
                for image in names.get(f"{name}-{arch}", ()):
                    if _another_build(image, besides) and self._makes_tag(image, tag):
                        return image.site
        own = name.rpartition("/")[2]
        for start, pattern, image in self._built_patterns:
            # (the pattern's literal start first: most names are far from any pattern)
            if (
                name.startswith(start)
                and pattern.fullmatch(name)
                and _another_build(image, besides)
                and (
                    _beside(dockerfile, own)
                    if dockerfile is not None
                    else self._family_holds(image, own)
                )
            ):
                return image.site
        if self.written and name.startswith(_DOCKER_HUB):
            site = self._account_site(name, besides)
            if site is not None:
                return site
        if self.written and not official:
            site = self._settings_registry_site(name, besides)
            if site is not None:
                return site
        if name.startswith(_GHCR_PREFIX):
            site = self._labelled_site(name, besides)
            if site is not None or not self.own_images or _pinned_release(tag):
                return site
        path = local_registry_path(name)
        if path is not None:
            # (a local registry reached by another name: ratify's Makefile pushes
            # localhost:5000/notation, which its kind cluster pulls as registry:5000/notation)
            for image in self._local_images().get(path, ()):
                if _another_build(image, besides) and self._makes_tag(image, tag):
                    return image.site
        if self.own_images and not official and not _pinned_release(tag):
            site = self._own_site(name, besides, runner=runner)
            if site is not None:
                return site
        if name.startswith(_LOCAL_STORE):
            # (podman and buildah keep the image `-t parent-one` builds as
            # `localhost/parent-one`: containers/buildah's tests build `FROM` it)
            rest = name[len(_LOCAL_STORE) :]
            default = f"docker.io/{rest}" if "/" in rest else f"docker.io/library/{rest}"
            return self.built_site(
                default, besides=besides, dockerfile=dockerfile, where=where, tag=tag, runner=runner
            )
        return None

    def _own_site(
        self, name: str, besides: BuildConfig | None, *, runner: bool = False
    ) -> BuildSite | None:
        """With :attr:`own_images`, where ``name`` (not an official image's) is the project's
        own though no build of the scan makes it: the package of the checkout's GitHub
        repository (``ghcr.io/OWNER/REPO``, ``ghcr.io/OWNER/REPO/…``: openvas-scanner's
        ``:stable``, which a reusable workflow of greenbone/workflows builds), or a name in a
        namespace a build of the project makes another image in (streampipes' CI builds
        ``apachestreampipes/backend``: ``apachestreampipes/connect-adapters`` is its own;
        not a GitHub owner's, see :func:`_project_namespace`); at any tag but a whole
        release (:func:`_pinned_release`).

        Only a build makes a namespace the project's: a retag, push or mirror of another
        image does not (flyte's ``rancher/mirrored-library-busybox``), nor ``ghcr.io/OWNER/``
        alone (an organisation's other repositories publish there: openvas-scanner runs
        ``ghcr.io/greenbone/gvm-libs``, a pull).

        A namespace is the project's only where it carries the repository's name
        (:func:`_names_repository`): an organisation's account holds its other products
        (grafana/loki builds ``grafana/loki`` and runs ``grafana/grafana:latest``, a pull),
        and a checkout with no GitHub ``origin`` has none. Nor does a namespace make a CI
        job's image (``runner``) the project's: an organisation keeps the images its jobs run
        in in repositories of their own. TheHive's Drone steps run
        ``thehiveproject/drone-scala-node``, which the drone-scala-node repository builds,
        though TheHive's pipeline builds ``thehiveproject/thehive4``: a pull of ``latest``.
        Nor does a name the project builds only over itself make its namespace the
        project's (debezium-examples' ``quay.io/debezium/connect``, a connector added)."""
        namespace = name.rpartition("/")[0]
        images = () if runner else self._namespaces().get(namespace, ())
        # (the checkout's remote is read only for a name that could be its package, or where
        # a build of the project makes the name's namespace)
        if not images and not name.startswith(_GHCR_PREFIX):
            return None
        package = self._own_package()
        if package is not None and (name == package or name.startswith(f"{package}/")):
            return BuildSite(OWN_PACKAGE_TOOL, package)
        if images and _names_repository(namespace, package):
            for image in images:
                form = image.form()
                if (
                    _another_build(image, besides)
                    and form is not None
                    and not self._only_over_itself(form[0])
                ):
                    return image.site
        return None

    def _own_package(self) -> str | None:
        """``ghcr.io/OWNER/REPO`` of the checkout around the project's root (its ``origin``
        remote, lower case as ghcr.io names it); ``None``: not a GitHub checkout."""
        package = self._package
        if package is False:
            from .ci._repository import github_repository
            from .context import git_root

            # (git_root takes a file's path: the root's own ``.`` is in the root)
            top = os.path.join(os.path.abspath(self.root), os.curdir) if self.root else None
            root = git_root(top) if top is not None else None
            repository = github_repository(root) if root is not None else None
            package = self._package = f"{_GHCR_PREFIX}{repository.lower()}" if repository else None
        assert package is not True
        return package

    def _namespaces(self) -> dict[str, list[BuiltImage]]:
        """The images a build of the project makes (every tag, not a copy: see
        :meth:`_own_site`), by their namespace (``docker.io/apachestreampipes``); none for a
        name that has no namespace below its registry, nor for Docker's official images."""
        namespaces = self._built_namespaces
        if namespaces is None:
            namespaces = self._built_namespaces = {}
            for image in self.built:
                form = image.form()
                if image.copied or image.tag is not None or form is None or form[1] is not None:
                    continue
                namespace = form[0].rpartition("/")[0]
                if _project_namespace(namespace) and not _is_official(form[0]):
                    namespaces.setdefault(namespace, []).append(image)
        return namespaces

    def _makes_tag(self, image: BuiltImage, tag: str | None) -> bool:
        """Whether the project makes ``image``'s name at ``tag``: at every tag, or at its one
        tag (a retag, :attr:`BuiltImage.tag`); with :attr:`own_images`, a name other than an
        official image's at every tag however it is made (Shuffle's release script retags
        its ``ghcr.io/shuffle/shuffle-worker:nightly`` as ``:1.1.0``: the project's own image,
        whichever tag its files name). Docker publishes the official names: never a
        project's own; nor is a name the project builds only over itself (debezium-examples'
        compose build of ``quay.io/debezium/connect:3.5`` ``FROM`` that image adds a
        connector to the publisher's image: its other tags are the publisher's)."""
        if image.tag is None or image.tag == tag:
            return True
        form = image.form() if self.own_images else None
        return (
            form is not None and not _is_official(form[0]) and not self._only_over_itself(form[0])
        )

    def _account_site(self, name: str, besides: BuildConfig | None) -> BuildSite | None:
        """Where a workflow pushes ``name`` (``docker.io/NS/APP``, not an official image) to the
        account its repository's settings name: a tag written ``${{ vars.NAME }}/APP`` or
        ``${{ secrets.NAME }}/APP`` (a variable or secret of the repository, the Docker Hub
        account it pushes to) builds ``APP`` in that account, whichever it is, and the
        project names it so. wger-project/wger's ``docker-base.yml`` tags ``${{
        vars.REGISTRY_REPO }}/base:latest``, which its other Dockerfiles start ``FROM
        wger/base:latest``: the project's own image, not a pulled ``latest``."""
        import re

        namespace, _, own = name[len(_DOCKER_HUB) :].partition("/")
        if namespace == "library" or not own or "/" in own:
            return None
        for image in self.written:
            account = re.fullmatch(_ACCOUNT, image.name)
            if account is not None and account[1] == own and _another_build(image, besides):
                return image.site
        return None

    def _settings_registry_site(self, name: str, besides: BuildConfig | None) -> BuildSite | None:
        """Where a workflow pushes ``name`` (not an official image) to the registry its
        repository's settings name: a tag written ``${{ secrets.NAME }}/NS/APP`` (a path of
        two parts or more after the expression, which is then a registry's host, as no Docker
        Hub account holds a longer path) builds ``NS/APP`` in that registry, whichever it is,
        and the project names it there. ever-co/ever-gauzy's ``docker-build-publish-prod.yml``
        tags ``${{ secrets.CW_DOCKER_REGISTRY }}/ever-co/gauzy-api:latest``, which its
        CoreWeave manifests run as ``ever-registry.….coreweave.cloud/ever-co/gauzy-api:latest``:
        the project's own image, not a pulled ``latest``."""
        import re

        for image in self.written:
            written = re.fullmatch(_SETTINGS_REGISTRY, image.name)
            if (
                written is not None
                and name.endswith(written[1])
                and len(name) > len(written[1])
                and _another_build(image, besides)
            ):
                return image.site
        return None

    def _local_images(self) -> dict[str, list[BuiltImage]]:
        """The names built into a local registry (see :func:`local_registry_path`), by their
        path in it (worked out once)."""
        found = self._built_locally
        if found is None:
            found = self._built_locally = {}
            for name, images in (self._built_names or {}).items():
                path = local_registry_path(name)
                if path is not None:
                    found.setdefault(path, []).extend(images)
        return found

    def _labelled_site(self, name: str, besides: BuildConfig | None) -> BuildSite | None:
        """Where a Dockerfile the project builds names ``name`` (``ghcr.io/OWNER/REPO``) as
        the package of the repository its ``org.opencontainers.image.source`` label says it
        comes from (see ``._oci_labels``): that build makes the image, wherever the project
        names it; not the Dockerfile ``besides`` builds itself (its own output)."""
        labelled = self._labelled
        if labelled is None:
            labelled = self._labelled = _labelled_packages(self.builds)
        for dockerfile, site in labelled.get(name, ()):
            if besides is None or besides.dockerfile != dockerfile:
                return site
        return None

    def _configured(self, name: str) -> bool:
        """Whether a build configuration of the scan (its Dockerfile known) tags ``name``."""
        from ..occurrence import parse_or_error

        return any(
            (found := parse_or_error(tag)[0]) is not None and found.name == name
            for build in self.builds
            for tag in build.tags
        )

    def _only_over_itself(self, name: str) -> bool:
        """Whether every build that makes ``name`` starts ``FROM`` that name itself (with the
        build's arguments): images over their base's name, none a new image of that name."""
        known = self._over_itself.get(name)
        if known is None:
            known = self._over_itself[name] = self._looked_over_itself(name)
        return known

    def _looked_over_itself(self, name: str) -> bool:
        """:meth:`_only_over_itself`, looked at in the builds' Dockerfiles."""
        from ..occurrence import parse_or_error
        from .builds._common import MAX_BYTES, read_text
        from .dockerfile import scan_dockerfile

        builds = [
            build
            for build in self.builds
            if any(
                (found := parse_or_error(tag)[0]) is not None and found.name == name
                for tag in build.tags
            )
        ]
        if not builds:
            return False
        for build in builds:
            text = read_text(build.dockerfile, MAX_BYTES) if build.dockerfile else None
            if not isinstance(text, str):
                return False
            scan = scan_dockerfile(
                text, path=build.dockerfile, build_args=build.args, target=build.target
            )
            if not any(
                occurrence.kind == "from"
                and (found := parse_or_error(occurrence.text)[0]) is not None
                and found.name == name
                for occurrence in scan.occurrences
            ):
                return False
        return True

    def _family_holds(self, image: BuiltImage, own: str) -> bool:
        """Whether a name a pattern matches may be that build's: always, unless the pattern
        leaves the image's own name wholly to a run (``grafana/$(COMPONENT)``, one image a
        directory, built in turn); then only a name the project holds an image directory of
        (``cmd/tempo/Dockerfile`` for ``grafana/tempo``), a few levels below the project's root
        or the build's own directory, not every ``grafana/…`` it pulls."""
        if image.name.rpartition("/")[2] != "*" or _local_registry(image.name):
            return True
        bases = {self.root, os.path.dirname(image.site.path) if image.site.path else None}
        bases.discard(None)
        if not bases:
            return True
        held = self._image_directories
        if held is None:
            held = self._image_directories = {}
        for base in sorted(b for b in bases if b is not None):
            names = held.get(base)
            if names is None:
                names = held[base] = image_directories(base)
            if own in names:
                return True
        return image.site.path is not None and _names_alone(image.site.path, own)

    def built_site_of_text(self, text: str) -> BuildSite | None:
        """Where the project builds the image a text with unset variables names, if it does.

        Its repository's own name must be written out (``${REGISTRY}/${NS}/app:${TAG}``,
        not ``${IMAGE}``); each variable stands for any text, and a name the project builds
        must fit. Alfresco's compose overrides name ``${REGISTRY}/${REGISTRY_NAMESPACE}/
        alfresco-share:${TAG}``, which its bake file tags (``localhost/alfresco/
        alfresco-share:latest`` with the file's defaults); CI sets the variables for both.
        """
        pattern = _text_pattern(text)
        # (a name built whatever its tag, ``acme/app`` of a tag only a run knows, fits the
        # text's name: ``localhost:5000/frappe/erpnext:${ERPNEXT_VERSION}``)
        name = repository_written(text)
        if pattern is None and name == text:
            return None
        named = _text_pattern(name) if name != text else None
        shape = _shape(name) if pattern is not None else None
        for image in self.built:
            if not self._makes_tag(image, None):
                continue  # (one tag of the name: a text a run completes may name another)
            if "*" in image.name:
                # (a name a command builds with a run's values: the same name, each value in
                # the same place: go-containerregistry's cloudbuild.yaml builds
                # gcr.io/$PROJECT_ID/crane with ko, and its next steps run that text)
                if shape is not None and image.name == shape:
                    return image.site
                continue
            if pattern is not None and pattern.fullmatch(image.name):
                return image.site
            if (
                name != text
                and repository_written(image.name) == image.name
                and (image.name == name if named is None else named.fullmatch(image.name))
            ):
                return image.site
        return None

    def built_site_of_shape(
        self, text: str, *, dockerfile: str, besides: BuildConfig | None = None
    ) -> BuildSite | None:
        """Where the project builds, under a name with a run's value in a place (a command's
        pattern, ``quay.io/*/base-notebook``), the image a ``FROM`` names as its build passes
        it, with a run's value in the same place (``quay.io/${OWNER}/base-notebook``); as
        :meth:`built_site`, only a family's image beside the ``dockerfile``, and any tag.

        jupyter/docker-stacks's workflow builds ``${{ env.REGISTRY }}/${{ env.OWNER }}/${{
        inputs.image }}`` with ``--build-arg OWNER=${{ env.OWNER }}`` (the repository's
        owner): ``images/base-notebook/Dockerfile``'s ``FROM $BASE_IMAGE``
        (``$REGISTRY/$OWNER/docker-stacks-foundation``) is the image the job before built.
        """

        name = repository_written(text)
        own = name.rpartition("/")[2]  # (the repository's own name: written out)
        shape = None if "$" in own else _form(_VARIABLE.sub("*", name))
        if shape is None or shape[1] is None:
            return None
        whole = shape[1].pattern
        for image in self.built:
            form = image.form()
            if (
                image.tag is None
                and form is not None
                and form[1] is not None
                and form[1].pattern == whole
                and _another_build(image, besides)
                and _beside(dockerfile, own)
            ):
                return image.site
        return None

    def built_site_of_same_shape(self, shape: str, besides: BuildConfig) -> BuildSite | None:
        """Where another build of the file that holds ``besides`` tags the name ``shape`` (a
        pattern, a run's parts ``*``, see ``BuildConfig.shapes``), written the same: its
        image's, passed on to ``besides``. Only the same file (a workflow's expressions mean
        the same there), a build before it, and a name whose own last part is written out
        (``*`` alone, or ``ghcr.io/acme/*``, may be any image)."""
        path = besides.site.path
        own = shape.rpartition("/")[2]
        if path is None or not own or "*" in own:
            return None
        real = os.path.realpath(path)
        for image in self.built:
            site = image.site
            if (
                image.name == shape
                and site != besides.site
                and site.path is not None
                and os.path.realpath(site.path) == real
                and (site.line or 0) < (besides.site.line or 0)
            ):
                return site
        return None

    def built_site_in_pipeline(self, text: str) -> BuildSite | None:
        """Where a GitLab job builds the repository a text names with a run's variables,
        written the same way before the tag (see :mod:`.ci._gitlab_written`): baserow's
        ``image: $CI_UTIL_IMAGE``, which its ``build-ci-util-image`` job tags."""
        if not self.written or "$" not in text:
            return None
        from .ci._gitlab_written import pipeline_repository

        repository = pipeline_repository(text)
        for image in self.written:
            if image.site.tool == "gitlab" and image.name == repository:
                return image.site
        return None

    def built_site_as_named(self, text: str) -> BuildSite | None:
        """Where a Maven plugin builds the repository a text names with unset variables,
        written with the same variables in the same places (``${REPOSITORY_PREFIX}/app``):
        a property that no pom gives, which the run passes (``-DREPOSITORY_PREFIX=…``) as the
        environment gives the other file its variable (Maven's ``${env.NAME}`` is ``NAME``).
        spring-petclinic/spring-petclinic-cloud's modules build
        ``${REPOSITORY_PREFIX}/spring-petclinic-cloud-api-gateway`` with Spring Boot's
        ``build-image``, and its Kubernetes manifests deploy that text with ``:latest``, which
        its script fills in with the same prefix. The repository's own name (its last part)
        must be written out: a variable there may be any image."""
        if not self.written or "$" not in text:
            return None
        repository = _same_variables(repository_written(text))
        if "$" in repository.rpartition("/")[2] or "${{" in repository:
            return None
        for image in self.written:
            if image.site.tool in _MAVEN_TOOLS and _same_variables(image.name) == repository:
                return image.site
        return None

    def built_site_as_written(
        self, text: str, path: str | None, *, besides: BuildConfig | None = None
    ) -> BuildSite | None:
        """Where a file builds the repository an image's text names with expressions only a
        run evaluates, if it does: a build of the file ``path`` tags that repository written
        the same way (``${{ env.GHCR_IMAGE_REPOSITORY }}``, see :mod:`.ci._written`);
        ``besides``: by a build other than this one (its own output is no input).

        Only the same file: the same expression in another workflow may mean another value.
        stakater/Reloader's workflows tag ``${{ env.GHCR_IMAGE_REPOSITORY }}:${{ github.sha
        }}`` and pass the same text as ``BUILDER_IMAGE`` to the next build, whose
        ``Dockerfile.ubi`` copies the binary out of it (``FROM ${BUILDER_IMAGE}``).
        """
        if not self.written or path is None:
            return None
        if "${{" in text:
            from .ci._written import written_repository

            repository = written_repository(text)
        elif besides is not None and besides.site.tool == "compose" and "${" in text:
            # (compose keeps an unset variable as `${NAME}`: open5gs' `build` service passes
            # `username: ${USER}` to a `FROM ${username}/…-open5gs-base` that its `base`
            # service builds as `${USER}/…-open5gs-base`; compose builds each service a
            # `depends_on` names first, and a base built in the same run is no pull anyway)
            repository = repository_written(text)
        else:
            return None
        if repository is None:
            return None
        real = os.path.realpath(path)
        for image in self.written:
            if (
                image.name == repository
                and image.site.path is not None
                and os.path.realpath(image.site.path) == real
                and (besides is None or image.site != besides.site)
            ):
                return image.site
        return None

    def __repr__(self) -> str:
        return f"<ProjectContext {self.root}: {len(self.builds)} builds, {len(self.built)} built>"


#: A variable as compose, shells and envsubst write it: ``${NAME}``, ``${NAME:-default}``,
#: ``$NAME``; and a CI expression: GitHub's ``${{ github.sha }}``, Azure's
#: ``$(Build.BuildId)``, CircleCI's ``<< pipeline.number >>``.
_VARIABLE = lazy_pattern(
    r"\$\{\{(?:(?!\}\}).)*\}\}|\$\([A-Za-z_][\w.]*\)|<<(?:(?!>>).)*>>"
    r"|\$\{[^{}]*\}|\$[A-Za-z_][A-Za-z0-9_]*"
)


#: The tools of Maven's plugins whose built names may keep a property only a run gives.
_MAVEN_TOOLS = frozenset({"spring-boot", "jib"})

#: A shell's or Maven's variable in a name: ``$NAME``, ``${NAME}``, ``${env.NAME}``.
_NAMED_VARIABLE = lazy_pattern(r"\$\{(?:env\.)?([A-Za-z_][\w.-]*)\}|\$([A-Za-z_]\w*)")


def _same_variables(name: str) -> str:
    """A name with each variable written one way (``${NAME}``), Maven's ``${env.NAME}`` as
    the environment's ``NAME``.

    >>> _same_variables("$PREFIX/app"), _same_variables("${env.PREFIX}/app")
    ('${PREFIX}/app', '${PREFIX}/app')
    """
    return _NAMED_VARIABLE.sub(lambda found: "${" + (found[1] or found[2]) + "}", name)


def repository_written(text: str) -> str:
    """A reference's text without its tag or digest (a ``:`` or ``@`` past the last ``/``,
    outside the variables: ``${TAG:-1}`` is one)."""

    masked = _VARIABLE.sub(lambda found: "_" * len(found.group()), text)
    at = masked.find("@")
    end = len(text) if at < 0 else at
    colon = masked.rfind(":", 0, end)
    return text[:colon] if colon > masked.rfind("/", 0, end) else text[:end]


def _shape(name: str) -> str:
    """A name with variables as a build's name pattern writes it: each variable a ``*``."""

    return _VARIABLE.sub("*", name)


def _text_pattern(text: str) -> re.Pattern[str] | None:
    """A matcher of the names a text with variables may be (each variable any text), when
    its last path component, the repository's own name, has no variable, or begins with a
    word of its own and a separator (``node-${BROWSER}``: a variable there stands for text
    within that component)."""
    import re

    # (what a variable holds is not the name's: `${{ vars.IMAGE || 'acme/builder:v2' }}` has
    # no repository of its own written out)
    name = _VARIABLE.sub("$", text).partition("@")[0]
    start, _, last = name.rpartition("/")
    last = last.partition(":")[0]
    if not last or "$" not in name:
        return None
    if "$" in last and (not start or re.match(r"[a-z][a-z0-9]{2,}[-_.]", last) is None):
        return None
    pieces = _VARIABLE.split(text)
    if len(pieces) == 1:
        return None
    # (a variable in the repository's own name stands for text within it: SeleniumHQ/docker-
    # selenium's tests run `selenium/node-${BROWSER}:${TAG}`, the images its Makefile builds)
    own = max(index for index, piece in enumerate(pieces) if "/" in piece or index == 0)
    parts = [re.escape(pieces[0])]
    for index, piece in enumerate(pieces[1:]):
        parts.append("[^/:@]+" if index >= own and "$" in last else ".*")
        parts.append(re.escape(piece))
    return re.compile("".join(parts))


def _beside(dockerfile: str, image: str) -> bool:
    """Whether a directory beside the Dockerfile's, or beside one of its parents' (a
    variant's: ``images/pytorch-notebook/cuda12/``), is named after ``image`` (the image's
    last name component) and holds a Dockerfile, or a file beside it is ``IMAGE.Dockerfile``:
    a family of images, one a directory or a file."""
    directory = os.path.dirname(os.path.abspath(dockerfile))
    # (or one file an image beside it: GNOME/glib's .gitlab-ci/fedora.Dockerfile)
    if os.path.isfile(os.path.join(directory, image + ".Dockerfile")):
        return True
    for _ in range(_FAMILY_DEPTH):
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        place = os.path.join(parent, image)
        if os.path.isfile(os.path.join(place, "Dockerfile")) or os.path.isfile(
            os.path.join(place, "Containerfile")
        ):
            return True
        directory = parent
    return False


#: How many parents up a Dockerfile's family directory may be (an image's variants below it).
_FAMILY_DEPTH = 3

#: How deep below the project's root an image's own directory may be (``cmd/tempo/``,
#: ``images/base-notebook/``, ``deploy/images/x/``).
_IMAGE_DIRECTORY_DEPTH = 4

#: Directories no image of the project's is built from.
_NOT_IMAGE_PLACES = frozenset({".git", "node_modules", "vendor", "testdata", "third_party"})


def _names_alone(path: str, own: str) -> bool:
    """Whether the build file says ``own`` as a word of its own, not a part of an image's
    name: kubeedge's ``hack/make-rules/image.sh`` lists ``edgecore:edgecore:build/edge/
    Dockerfile``, tempo's Makefile runs ``COMPONENT=tempo make docker-component``."""
    import re

    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            text = file.read(_BUILD_FILE_BYTES)
    except OSError:
        return False
    return re.search(rf"(?<![\w./-]){re.escape(own)}(?![\w/-])", text) is not None


#: How much of a build file is looked through for an image's own name.
_BUILD_FILE_BYTES = 1024 * 1024


#: Where GitHub's packages are (a normalised name's start).
_GHCR_PREFIX = "ghcr.io/"
#: The tool a site of the checkout's own GitHub package names (``own-images = "built"``).
OWN_PACKAGE_TOOL = "github-package"
#: The architectures an image of one is named after (``pause-amd64``), as Go names them.
_ARCHITECTURES = ("amd64", "arm64", "arm", "ppc64le", "s390x", "386", "riscv64")


def _labelled_packages(builds: Iterable[BuildConfig]) -> dict[str, list[tuple[str, BuildSite]]]:
    """The GHCR packages the Dockerfiles of ``builds`` label as their source, each with the
    Dockerfile and where the label is."""
    from ._oci_labels import labelled_packages
    from .builds._common import MAX_BYTES, read_text

    found: dict[str, list[tuple[str, BuildSite]]] = {}
    seen: set[str] = set()
    for build in builds:
        dockerfile = build.dockerfile
        if dockerfile is None or dockerfile in seen:
            continue
        seen.add(dockerfile)
        text = read_text(dockerfile, MAX_BYTES) if os.path.isfile(dockerfile) else None
        if not isinstance(text, str):
            continue
        for package, line in labelled_packages(text):
            site = BuildSite("label", dockerfile, line)
            found.setdefault(package, []).append((dockerfile, site))
    return found


#: How podman and buildah name an image built with a name of no registry, as a reference's
#: normalized name starts.
_LOCAL_STORE = "localhost/"


def local_registry_path(name: str) -> str | None:
    """The path of a normalized name in a registry of the machine or of its private network,
    else ``None``: ``localhost`` or a loopback address with a port, or a host of one label
    with a port, which only a private network resolves (a compose service's, a cluster
    Service's, kind's ``kind-registry:5000``). A test setup pushes to such a registry as
    ``localhost:5000`` and the containers it starts pull from it by the name their network
    gives it (``registry:5000``): one registry, whatever the name.

    >>> local_registry_path("registry:5000/notation"), local_registry_path("localhost:5001/a/b")
    ('notation', 'a/b')
    >>> local_registry_path("quay.io/notation"), local_registry_path("localhost/notation")
    (None, None)
    """
    host, _, path = name.partition("/")
    if not path:
        return None
    address, colon, port = host.rpartition(":")
    if not colon or not port.isdigit() or not address:
        return None
    if address in _LOOPBACK or ("." not in address and address[0] != "["):
        return path
    return None


#: The names of the machine itself.
_LOOPBACK = frozenset({"localhost", "127.0.0.1", "[::1]"})


def _local_registry(name: str) -> bool:
    """Whether a name is on a registry with a port, or ``localhost``: an end-to-end suite's
    local registry (``localhost:5000/jaegertracing/*``), where no public image is."""
    first = name.partition("/")[0]
    return first == "localhost" or (":" in first and "." not in first.partition(":")[2])


def image_directories(root: str) -> frozenset[str]:
    """The names of the directories under ``root`` (a few levels down) that hold a
    ``Dockerfile`` or ``Containerfile``, and of their parents (``app/vmagent/deployment/``),
    and the ``IMAGE`` of each ``IMAGE.Dockerfile``: the images a build that takes its name
    from a run may make."""
    found: set[str] = set()
    level = [root]
    for _ in range(_IMAGE_DIRECTORY_DEPTH + 1):
        deeper: list[str] = []
        for directory in level:
            try:
                entries = list(os.scandir(directory))
            except OSError:
                continue
            for entry in entries:
                name = entry.name
                try:
                    is_directory = entry.is_dir()
                except OSError:
                    continue
                if is_directory:
                    if name not in _NOT_IMAGE_PLACES:
                        deeper.append(entry.path)
                elif name in ("Dockerfile", "Containerfile") and directory != root:
                    found.add(os.path.basename(directory))
                    parent = os.path.dirname(directory)
                    if parent != root:
                        found.add(os.path.basename(parent))
                elif name.endswith(".Dockerfile") and len(name) > len(".Dockerfile"):
                    found.add(name[: -len(".Dockerfile")])
        level = deeper
    return frozenset(found)


#: Where Docker Hub's official images are: no project's build publishes a name here.
_OFFICIAL = "docker.io/library/"


def _is_official(name: str) -> bool:
    """Whether a normalised name is one of Docker Hub's official images."""
    if not name.startswith(_OFFICIAL):
        return False
    from .._official_names import NAMES

    return name[len(_OFFICIAL) :] in NAMES


def _same_file(image: BuiltImage, where: str | None) -> bool:
    """Whether the build of ``image`` is in the file ``where`` (a path, as read)."""
    path = image.site.path
    if where is None or path is None:
        return False
    return path == where or os.path.realpath(path) == os.path.realpath(where)


#: Tools that deploy what they build and rewrite the image's name, wherever their deployments
#: name it, to the tag they built: DevSpace ("image tag replacement" in the Helm values and
#: manifests of its ``deployments``), Skaffold (its manifests' images) and Tilt
#: (``k8s_yaml``'s images, by ``docker_build``'s name).
_DEPLOYING_BUILDERS = frozenset({"devspace", "skaffold", "tilt"})


def _deployed_by_its_builder(image: BuiltImage, where: str | None) -> bool:
    """Whether ``image`` is a deploying tool's build (:data:`_DEPLOYING_BUILDERS`) and
    ``where`` a file under that tool's file's directory, which its deployments take their
    manifests and charts from: loft-sh/devspace's examples/microservices builds ``php`` and
    ``node`` (``FROM php:7.1-apache-stretch``, ``FROM node:8.11.4``) and deploys
    ``php/chart`` and ``node/kube/*``, whose ``image: php`` and ``image: node`` DevSpace
    replaces with what it built: no pull of Docker Hub's ``php:latest``. Only manifests
    and values (YAML, JSON) are deployed: a Dockerfile's ``FROM`` (the caller asks only for
    other files) or a script's ``docker run php`` still pulls Docker Hub's."""
    path = image.site.path
    if where is None or path is None or image.site.tool not in _DEPLOYING_BUILDERS:
        return False
    if not where.endswith((".yaml", ".yml", ".json")):
        return False
    top = os.path.dirname(os.path.realpath(path))
    return os.path.realpath(where).startswith(top + os.sep)


def _beside_script(image: BuiltImage, where: str | None) -> bool:
    """Whether ``image`` is a script's build and ``where`` a script in the same directory
    (``build.ps1`` builds, ``test.ps1`` beside it runs what was built)."""
    from .discover import is_shell_script_path

    path = image.site.path
    if where is None or path is None or image.site.tool != "shell":
        return False
    return os.path.dirname(path) == os.path.dirname(where) and is_shell_script_path(where)


def _superseded(build: BuildConfig, builds: Iterable[BuildConfig]) -> bool:
    """Whether another reading of the same build command gives a value to each build argument
    that ``build`` leaves to a run: a Makefile read alone and through the Makefile that runs
    it with ``make TAG=$(TAG) -C etc`` (jupyter-server/enterprise_gateway's ``etc/Makefile``,
    whose ``TAG`` only the top Makefile sets). A run of the command alone fails, and is no
    build of the project's. Only an argument wholly unknown is so: one whose value a run
    ends after known text (``registry.local/acme/nginx:${TAG}``) is that run's own."""
    if not build.unresolved or any(name in build.leading for name in build.unresolved):
        return False  # (a value a run ends, after known text, is that run's: ingress-nginx's CI)
    return any(
        other is not build
        and other.site == build.site
        and other.target == build.target
        and all(name in other.args and name not in other.unresolved for name in build.unresolved)
        for other in builds
    )


def _project_namespace(namespace: str) -> bool:
    """Whether a namespace (``REGISTRY/PATH``) may be one project's: one below a registry, but
    not a GitHub owner's (``ghcr.io/OWNER``), which every repository of the owner publishes
    into (lichess-org/lila-docker builds ``ghcr.io/lichess-org/lila-docker`` and runs the
    ``ghcr.io/lichess-org/lila-ws`` of another repository: a pull); ``ghcr.io/OWNER/REPO`` is.

    >>> [_project_namespace(n) for n in ("docker.io/acme", "ghcr.io/acme", "ghcr.io/acme/app")]
    [True, False, True]
    """
    registry, _, path = namespace.partition("/")
    if f"{namespace}/" == _OFFICIAL:
        return False  # (Docker's library: every local name, `docker build -t app`, is there)
    return bool(path) and (registry != "ghcr.io" or "/" in path)


def _names_repository(namespace: str, package: str | None) -> bool:
    """Whether a namespace (``REGISTRY/PATH``) is one repository's: a path below an account
    (``ghcr.io/absmach/magistrala``, a repository's packages), or an account that carries the
    name of the checkout's repository (``package``: ``ghcr.io/OWNER/REPO``; letters and digits
    alone, in any case): one named for the project (``apachestreampipes`` for
    apache/streampipes, ``pachyderm``), not an organisation's account of many products
    (``grafana``, where grafana/loki builds ``grafana/loki`` and runs ``grafana/grafana``,
    another repository's). With no GitHub checkout, no account is known to be the project's.

    >>> _names_repository("docker.io/apachestreampipes", "ghcr.io/apache/streampipes")
    True
    >>> _names_repository("docker.io/grafana", "ghcr.io/grafana/loki")
    False
    >>> _names_repository("ghcr.io/absmach/magistrala", None)
    True
    """
    import re

    if "/" in namespace.partition("/")[2]:
        return True
    if package is None:
        return False

    def letters(text: str) -> str:
        return re.sub(r"[^a-z0-9]", "", text.lower())

    repository = letters(package.rpartition("/")[2])
    return bool(repository) and repository in letters(namespace.rpartition("/")[2])


def _pinned_release(tag: str | None) -> bool:
    """Whether a tag is a whole release (three numbers, no prerelease: ``8.9.11-el7``): one the
    registry keeps as published, which no build of the project makes again. The project's own
    images are pulled at such a tag, and judged (htcondor's ``pool.yaml`` runs
    ``htcondor/cm:8.9.11-el7``, on CentOS 7) where ``own-images`` reaches a name by its
    namespace or package alone.

    >>> [_pinned_release(t) for t in ("8.9.11-el7", "0.98.0-SNAPSHOT", "latest", "3.22", None)]
    [True, False, False, False, False]
    """
    if tag is None:
        return False
    from ..tag import parse_tag

    parsed = parse_tag(tag)
    return parsed.precision == "patch" and parsed.prerelease is None


def _another_build(image: BuiltImage, besides: BuildConfig | None) -> bool:
    """Whether ``image`` is made by a build other than ``besides`` (its own output)."""
    return besides is None or image.site != besides.site or image.name not in besides.tags


#: Docker Hub's names, normalised.
_DOCKER_HUB = "docker.io/"
#: A repository written as a CI repository's account and a name: ``${{vars.NAME}}/app``,
#: ``${{secrets.NAME}}/app`` (as :mod:`.ci._written` keeps it, spaces out).
_ACCOUNT = r"\$\{\{(?:vars|secrets)\.[A-Za-z_][A-Za-z0-9_]*\}\}/([a-z0-9]+(?:[._-][a-z0-9]+)*)"

#: A path in a registry a CI repository's settings name: ``${{secrets.NAME}}/ns/app`` (two
#: parts or more after the expression; the group keeps the path with its leading ``/``).
_SETTINGS_REGISTRY = (
    r"\$\{\{(?:vars|secrets)\.[A-Za-z_][A-Za-z0-9_]*\}\}((?:/[a-z0-9]+(?:[._-][a-z0-9]+)*){2,})"
)

#: What stands for a ``*`` while a pattern is normalised (a name component nobody uses).
_WILDCARD = "x0wildcard0x"


def _form(name: str) -> tuple[str, re.Pattern[str] | None] | None:
    """:meth:`BuiltImage.form` of a name: a pattern (``acme/*``) is normalised as a name
    (``docker.io/acme/*``) with a stand-in for each ``*``."""
    from ..occurrence import parse_or_error

    if name.endswith(":"):
        # (a tag an unset variable leaves blank, ``${REPOSITORY}/app:${TAG}`` of a compose build
        # whose TAG a run gives: the name is known, and the tag part never matters)
        name = name[:-1]
    if "*" not in name:
        reference = parse_or_error(name)[0]
        return None if reference is None else (reference.name, None)
    reference = parse_or_error(name.replace("*", _WILDCARD))[0]
    if reference is None:
        return None
    from .._glob import compile_glob

    full = reference.name.replace(_WILDCARD, "*")
    return full.partition("*")[0], compile_glob(full)
