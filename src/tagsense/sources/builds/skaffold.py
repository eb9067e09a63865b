"""Skaffold: the images a ``skaffold.yaml`` builds, the Dockerfile builds among them, and the
images its other builders start from.

:func:`read_skaffold` reads every document of a Skaffold configuration file
(``apiVersion: skaffold/v…``, ``kind: Config``; several configurations in one
file are separated by ``---``), as the `skaffold.yaml reference
<https://skaffold.dev/docs/references/yaml/>`_ describes them:

* **Artifacts**: each of ``build.artifacts[]`` and of every profile's
  ``profiles[].build.artifacts[]`` (an image built in any profile is built) is
  a :class:`~tagsense.sources.project.BuiltImage` named by its ``image``, at
  the line of that value (``BuildSite("skaffold", path, line)``). Skaffold
  replaces that name wherever the manifests it deploys name it, with the tag
  it builds: the name is never pulled. The first schemas (``skaffold/v1alpha1``
  to ``v1alpha3``, which Skaffold upgrades when it reads them) call the fields
  ``imageName``, ``workspace`` and ``dockerfilePath``.
* **Dockerfile builds**: an artifact built by the ``docker`` builder (the
  default, when the artifact names no builder) or by ``kaniko`` is also a
  :class:`~tagsense.sources.project.BuildConfig`: its ``context`` (default
  ``.``) joined onto the directory of the file, its ``dockerfile`` (default
  ``Dockerfile``) joined onto the context, ``target``, the build arguments and
  the ``platforms`` (the artifact's, else the ``build`` section's).
* **Build arguments** are what Skaffold's ``docker`` builder passes
  (``pkg/skaffold/docker/build_args.go``): first each required artifact
  (``requires: [{image: base, alias: BASE}]``) under its ``alias`` (default:
  its ``image``), whose value is the image Skaffold built for it — here its
  name, a built name; then ``buildArgs``, which win. A ``buildArgs`` value is
  a Go template evaluated over the environment: ``{{.NAME}}`` parts take the
  ``env`` value of ``NAME``; a value whose template uses anything else, or a
  name ``env`` does not have, is left out (the Dockerfile's own default is
  what is judged), and so is ``null`` (the value then comes from the
  environment of the build).
* **Base images of the other builders** are pulled: ``jib.fromImage``,
  ``ko.fromImage``, ``buildpacks.builder`` and ``buildpacks.runImage``,
  kaniko's ``image`` and ``initImage``, and the images of
  ``build.googleCloudBuild``. Each written one is an
  :class:`~tagsense.sources.Occurrence` of kind ``"skaffold"`` in the result's
  ``scan``, at its value, with ``context`` ``artifact`` (the artifact's
  image) and ``field`` (``jib.fromImage``). A ``fromImage``, ``builder`` or
  ``runImage`` that is a required artifact's alias is that artifact's image
  (``jib`` and ``buildpacks`` substitute it): built, not pulled. Skaffold's
  defaults (ko's and jib's base images, the buildpacks builder) are not
  written in the file: nothing to judge.
* **Custom builds**: a ``custom`` artifact whose context holds a Dockerfile
  (``custom.dependencies.dockerfile.path``, default ``Dockerfile``) is taken
  to build it, with the required artifacts' images under their aliases
  (Skaffold puts them in the script's environment, which passes them on as
  build arguments) and the ``buildArgs`` of ``dependencies.dockerfile``.
* **Profiles' patches**: a JSON patch that adds a whole artifact
  (``op: add``, ``path: /build/artifacts/-`` or ``/build/artifacts/N``) is read
  as an artifact; one that sets an artifact's ``image`` (``add`` or
  ``replace`` of ``/build/artifacts/N/image``) gives a built name. Other
  patches (a profile that swaps a Dockerfile) are not applied.
* **Helm releases** (``manifests.helm.releases[]``, ``deploy.helm.releases[]``)
  of a local chart are :class:`~tagsense.sources.project.ChartRelease` values
  in the result's ``charts``: the chart, rendered with the values Skaffold sets
  (the images it builds in place; see :mod:`._skaffold_helm`).
* **requires**: each ``requires[].path`` (a file, or a directory holding a
  ``skaffold.yaml``) is read too, relative to the file that requires it, once,
  and only the configurations its ``configs`` names when it names any. A
  ``requires`` entry with ``git`` or ``googleCloudStorage`` is a remote
  configuration: not followed. More than 200 files, or chains deeper than 32,
  are not followed (one error).

What Skaffold would reject — invalid YAML, a document that is not a Skaffold
configuration beside ones that are, an artifact without an ``image``, fields
of the wrong type, a required file that cannot be read — is a
:class:`~tagsense.sources.SourceError`; the function never raises. A file
none of whose documents is a Skaffold configuration (another tool's
``skaffold.yaml``) is not one: Skaffold never reads it, and it gives nothing.
"""

from __future__ import annotations

import os

from ..._lazy import lazy_pattern
from ...occurrence import BuildSite, Occurrence, Scan, SourceError
from .._yaml import get, items, load_yaml, position, sequence, value_position
from ..kubernetes import is_null, node_kind, not_a_string, string_value
from ..project import BuildConfig, BuildFile, BuiltImage, ChartRelease
from ._common import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_FILES,
    SKAFFOLD_FILE_NAMES,
    directory_of,
    is_remote,
    join,
    read_text,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    import yaml

    from ...occurrence import Suppression
    from .._yaml import YamlFile

__all__ = ["KIND", "SKAFFOLD_FILE_NAMES", "TOOL", "read_skaffold"]

#: The tool named in the build sites.
TOOL = "skaffold"

#: The ``kind`` of the occurrences of the images Skaffold's builders start from.
KIND = "skaffold"

#: The builders of an artifact; the first two build a Dockerfile.
_DOCKERFILE_BUILDERS = ("docker", "kaniko")
_OTHER_BUILDERS = (
    "bazel",
    "jib",
    "jibMaven",
    "jibGradle",
    "buildpacks",
    "buildpack",
    "custom",
    "ko",
)

#: The images each builder pulls, by field (written ones only: the defaults are Skaffold's).
_PULLED = {
    "jib": ("fromImage",),
    "ko": ("fromImage",),
    "buildpacks": ("builder", "runImage"),
    "buildpack": ("builder", "runImage"),  # (its name up to skaffold/v2beta4)
    "kaniko": ("image", "initImage"),
}
#: The builders that put a required artifact's image where a field names its alias
#: (jib's baseImageArg, buildpacks' resolveDependencyImages).
_ALIASED = frozenset({"jib", "buildpacks", "buildpack"})

#: The images Google Cloud Build runs the builders in (``build.googleCloudBuild``).
_CLOUD_BUILD_IMAGES = (
    "dockerImage", "kanikoImage", "mavenImage", "gradleImage", "packImage", "koImage",
)  # fmt: skip

#: The schemas whose artifacts say ``imageName``, ``workspace`` and ``dockerfilePath``
#: (``image``, ``context`` and ``dockerfile`` from skaffold/v1alpha4 on).
_FIRST_SCHEMAS = frozenset({"skaffold/v1alpha1", "skaffold/v1alpha2", "skaffold/v1alpha3"})


def read_skaffold(
    path: str, *, env: Mapping[str, str] | None = None, max_bytes: int = MAX_BYTES
) -> BuildFile:
    """The builds, built names and pulled images of the Skaffold configuration at ``path``
    (never raises). ``env`` is the environment build arguments' templates read (``None``:
    an empty one)."""
    reader = _Reader(max_bytes, env or {})
    reader.file(path, None, 0, None)
    occurrences = reader.resolved()
    charts = reader.charts()
    scan = Scan(occurrences, reader.errors, reader.suppressions)
    return BuildFile(reader.builds, reader.built, scan, charts=charts)


class _Schema:
    """The names one schema gives an artifact's fields."""

    __slots__ = ("context", "dockerfile", "flat", "image")

    def __init__(self, version: str) -> None:
        first = version in _FIRST_SCHEMAS
        self.image = "imageName" if first else "image"
        self.context = "workspace" if first else "context"
        self.dockerfile = "dockerfilePath" if first else "dockerfile"
        #: skaffold/v1alpha1: ``dockerfilePath`` and ``buildArgs`` on the artifact itself.
        self.flat = version == "skaffold/v1alpha1"


_LATEST = _Schema("skaffold/v4")


class _Required:
    """A required artifact (``requires: [{image, alias}]`` of an artifact)."""

    __slots__ = ("alias", "image", "node")

    def __init__(self, alias: str, image: str, node: yaml.Node) -> None:
        self.alias = alias
        self.image = image
        self.node = node


class _Reader:
    """One reading: the files loaded, the configurations read, what was found."""

    def __init__(self, max_bytes: int, env: Mapping[str, str]) -> None:
        self.max_bytes = max_bytes
        self.env = env
        self.files: dict[str, YamlFile | None] = {}
        self.done: set[tuple[str, int]] = set()
        self.builds: list[BuildConfig] = []
        self.built: list[BuiltImage] = []
        self.errors: list[SourceError] = []
        self.suppressions: list[Suppression] = []
        #: Pulled images, each with the required artifact it names by alias (if it does).
        self.pulled: list[tuple[Occurrence, _Required | None]] = []
        #: Helm releases (file, node), read once every image built is known.
        self.releases: list[tuple[str, yaml.Node]] = []
        self.refused = False

    def error(self, path: str, node: yaml.Node | None, message: str) -> None:
        line = None
        if node is not None:
            line = value_position(node)[0] if node_kind(node) == "scalar" else position(node)[0]
        self.errors.append(SourceError(path, line, message))

    def load(self, path: str, via: tuple[str, yaml.Node] | None) -> YamlFile | None:
        key = os.path.abspath(path)
        if key in self.files:
            return self.files[key]
        if len(self.files) >= MAX_FILES:
            if not self.refused and via is not None:
                self.refused = True
                self.error(*via, f"requires: more than {MAX_FILES} files; the rest are not read")
            return None
        text = read_text(path, self.max_bytes)
        if isinstance(text, SourceError):
            self.files[key] = None
            if via is None:
                self.errors.append(text)
            else:
                self.error(*via, f"requires: {text.message} ({path})")
            return None
        file = load_yaml(text, path=path, max_bytes=self.max_bytes)
        if via is None and not file.errors and not any(map(_version, file.documents)):
            self.files[key] = None  # another tool's file by that name: Skaffold never reads it
            return None
        self.errors.extend(file.errors)
        self.suppressions.extend(file.suppressions)
        self.files[key] = file
        return file

    def file(
        self,
        path: str,
        names: frozenset[str] | None,
        depth: int,
        via: tuple[str, yaml.Node] | None,
    ) -> None:
        file = self.load(path, via)
        if file is None:
            return
        key = os.path.abspath(path)
        for index, document in enumerate(file.documents):
            if (key, index) in self.done:
                continue
            if node_kind(document) != "mapping":
                self.error(path, document, "a Skaffold configuration must be a mapping")
                continue
            version = _version(document)
            if version is None:
                self.error(path, document, "not a Skaffold configuration (apiVersion skaffold/…)")
                continue
            name = string_value(get(get(document, "metadata"), "name"))
            if names is not None and name not in names:
                continue
            self.done.add((key, index))
            self.config(path, document, depth, _Schema(version))

    def config(self, path: str, document: yaml.Node, depth: int, schema: _Schema) -> None:
        from ._skaffold_helm import releases_of

        build = self.mapping(path, get(document, "build"), "build")
        self.artifacts(path, build, schema)
        self.releases += [(path, release) for release in releases_of(document)]
        profiles = get(document, "profiles")
        for profile in self.entries(path, profiles, "profiles"):
            build = self.mapping(path, get(profile, "build"), "profiles[].build")
            self.artifacts(path, build, schema)
            self.patches(path, get(profile, "patches"))
            self.releases += [(path, release) for release in releases_of(profile)]
        for required in self.entries(path, get(document, "requires"), "requires"):
            self.requires(path, required, depth)

    # --- artifacts ----------------------------------------------------------------

    def artifacts(self, path: str, build: yaml.Node | None, schema: _Schema) -> None:
        if build is None:
            return
        platforms = self.strings(path, get(build, "platforms"), "build.platforms")
        for artifact in self.entries(path, get(build, "artifacts"), "build.artifacts"):
            self.artifact(path, artifact, platforms, schema)
        cloud = self.mapping(path, get(build, "googleCloudBuild"), "googleCloudBuild")
        for field in _CLOUD_BUILD_IMAGES:
            self.image(path, get(cloud, field), {"field": f"googleCloudBuild.{field}"}, None)

    def artifact(
        self, path: str, node: yaml.Node, platforms: list[str], schema: _Schema = _LATEST
    ) -> None:
        image_node = get(node, schema.image)
        image = string_value(image_node)
        if image_node is None or not image:
            self.error(path, node, "an artifact must name its image")
            return
        site = BuildSite(TOOL, path, value_position(image_node)[0])
        self.built.append(BuiltImage(image, site))
        required = self.required(path, get(node, "requires"))
        builder = next((key for key, _, _ in items(node) if key in _DOCKERFILE_BUILDERS), None)
        other = next((key for key, _, _ in items(node) if key in _OTHER_BUILDERS), None)
        for name in filter(None, (builder, other)):
            self.base_images(path, image, name, get(node, name), required)
        if builder is None and other == "custom":
            self.custom(path, node, image, site, required)
            return
        if builder is None and other is not None:
            return  # ko, jib, buildpacks, bazel: no Dockerfile of the project
        spec = (
            node
            if schema.flat
            else self.mapping(path, get(node, builder or "docker"), builder or "docker")
        )
        context_node = get(node, schema.context)
        context_text = string_value(context_node) if context_node is not None else None
        if context_node is not None and not is_null(context_node) and context_text is None:
            self.error(path, context_node, "an artifact's context must be a string")
            return
        context_text = context_text or "."
        dockerfile_text = string_value(get(spec, schema.dockerfile)) or "Dockerfile"
        target = string_value(get(spec, "target")) or None
        own_platforms = self.strings(path, get(node, "platforms"), "platforms")
        context: str | None = None
        dockerfile: str | None = None
        if not is_remote(context_text):
            context = join(directory_of(path), context_text)
            dockerfile = join(context, dockerfile_text)
        self.dockerfile_build(
            path, site, image, context, dockerfile, required, get(spec, "buildArgs"),
            target=target, platforms=own_platforms or platforms,
        )  # fmt: skip

    def dockerfile_build(
        self,
        path: str,
        site: BuildSite,
        image: str,
        context: str | None,
        dockerfile: str | None,
        required: list[_Required],
        build_args: yaml.Node | None,
        *,
        target: str | None = None,
        platforms: list[str] | None = None,
    ) -> None:
        """A Dockerfile build of an artifact; its build arguments in Skaffold's order: the
        required artifacts' images, then ``buildArgs`` over them."""
        args: dict[str, str | None] = {each.alias: each.image for each in required}
        args.update(self.build_args(path, build_args))
        self.builds.append(
            BuildConfig(
                site=site,
                name=image,
                context=context,
                dockerfile=dockerfile,
                args={key: value for key, value in args.items() if value is not None},
                target=target,
                tags=(image,),
                platforms=platforms or (),
            )
        )

    def custom(
        self, path: str, node: yaml.Node, image: str, site: BuildSite, required: list[_Required]
    ) -> None:
        """A ``custom`` artifact's script, when its context holds the Dockerfile it builds.

        Skaffold gives the script each required artifact's image in the environment, under
        its alias; a script passes them on (``docker build --build-arg BASE``). The Dockerfile
        is the one ``dependencies.dockerfile`` names (with its ``buildArgs``), else the
        context's ``Dockerfile``, if there is one: a script that builds none is left alone.
        """
        spec = get(node, "custom")
        declared = get(get(spec, "dependencies"), "dockerfile") if spec is not None else None
        context_text = string_value(get(node, "context")) or "."
        if is_remote(context_text):
            return
        context = join(directory_of(path), context_text)
        dockerfile = join(context, string_value(get(declared, "path")) or "Dockerfile")
        if not os.path.isfile(dockerfile):
            return
        build_args = get(declared, "buildArgs")
        self.dockerfile_build(path, site, image, context, dockerfile, required, build_args)

    def required(self, path: str, node: yaml.Node | None) -> list[_Required]:
        """An artifact's required artifacts (``requires``), each under its alias."""
        found = []
        for entry in self.entries(path, node, "requires"):
            image_node = get(entry, "image")
            image = string_value(image_node)
            if image_node is None or not image:
                self.error(path, entry, "a required artifact must name its image")
                continue
            alias = string_value(get(entry, "alias")) or image
            found.append(_Required(alias, image, image_node))
        return found

    def base_images(
        self,
        path: str,
        artifact: str,
        builder: str,
        spec: yaml.Node | None,
        required: list[_Required],
    ) -> None:
        """The images a builder starts from, as written (a required artifact's alias: that
        artifact's image)."""
        fields = _PULLED.get(builder, ())
        if not fields or node_kind(spec) != "mapping":
            return
        aliases = {each.alias: each for each in required} if builder in _ALIASED else {}
        for field in fields:
            context: dict[str, object] = {"artifact": artifact, "field": f"{builder}.{field}"}
            self.image(path, get(spec, field), context, aliases)

    def image(
        self,
        path: str,
        node: yaml.Node | None,
        context: dict[str, object],
        aliases: Mapping[str, _Required] | None,
    ) -> None:
        """A pulled image written at ``node`` (nothing when it is absent or empty)."""
        if node is None or is_null(node):
            return
        value = string_value(node)
        if value is None:
            self.error(path, node, f"{context['field']} must be a string")
            return
        if not value:
            return
        line, column = value_position(node)
        named = (aliases or {}).get(value)
        text = value if named is None else named.image
        occurrence = Occurrence.of_text(
            path=path, line=line, column=column, kind=KIND, raw=value, text=text, context=context
        )
        self.pulled.append((occurrence, named))

    def resolved(self) -> list[Occurrence]:
        """The pulled images, those that name a required artifact built where it is built."""
        sites: dict[str, BuildSite] = {}
        for built in self.built:
            sites.setdefault(built.name, built.site)
        found = []
        for occurrence, named in self.pulled:
            if named is not None:
                path = occurrence.path or ""
                fallback = BuildSite(TOOL, path, value_position(named.node)[0])
                site = sites.get(named.image, fallback)
                occurrence = occurrence.replace(
                    built=site, context={**occurrence.context, "alias": named.alias}
                )
            found.append(occurrence)
        found.sort(key=lambda each: (each.path or "", each.line, each.column))
        return found

    def charts(self) -> list[ChartRelease]:
        """The local charts the Helm releases render, with the values Skaffold sets."""
        if not self.releases:
            return []
        from ._skaffold_helm import image_variables, read_release

        variables = image_variables(dict.fromkeys(image.name for image in self.built))
        found = []
        for path, node in self.releases:
            release = read_release(path, node, variables, self.env, self.errors)
            if release is not None:
                found.append(release)
        return found

    def build_args(self, path: str, node: yaml.Node | None) -> dict[str, str | None]:
        """``buildArgs``, each template evaluated over the environment (``None``: unknown)."""
        args: dict[str, str | None] = {}
        if node is None or is_null(node):
            return args
        if node_kind(node) != "mapping":
            self.error(path, node, "buildArgs must be a mapping")
            return args
        for key, value, _ in items(node):
            if is_null(value) or node_kind(value) != "scalar":
                args[key] = None  # from the environment of the build, or not a value
                continue
            args[key] = expand_template(value.value, self.env)
        return args

    def patches(self, path: str, node: yaml.Node | None) -> None:
        for patch in self.entries(path, node, "profiles[].patches"):
            op = string_value(get(patch, "op"))
            where = string_value(get(patch, "path")) or ""
            value = get(patch, "value")
            if op not in ("add", "replace") or value is None:
                continue
            parts = where.split("/")
            if parts[:3] != ["", "build", "artifacts"]:
                continue
            index = parts[3:]
            if len(index) == 1 and (index[0] == "-" or index[0].isdigit()):
                if node_kind(value) == "mapping":
                    self.artifact(path, value, [])
            elif len(index) == 2 and index[0].isdigit() and index[1] == "image":
                image = string_value(value)
                if image:
                    site = BuildSite(TOOL, path, value_position(value)[0])
                    self.built.append(BuiltImage(image, site))

    # --- requires -----------------------------------------------------------------

    def requires(self, path: str, node: yaml.Node, depth: int) -> None:
        names_node = get(node, "configs")
        names = frozenset(self.strings(path, names_node, "requires[].configs")) or None
        target_node = get(node, "path")
        target = string_value(target_node)
        if target_node is None or not target:
            return  # configurations of this file (``configs``), or remote ones (git, GCS)
        if is_remote(target):
            return
        if depth >= MAX_DEPTH:
            self.error(path, target_node, f"requires: chains deeper than {MAX_DEPTH} not followed")
            return
        required = join(directory_of(path), target)
        if os.path.isdir(required):
            required = os.path.join(required, SKAFFOLD_FILE_NAMES[0])
        self.file(required, names, depth + 1, (path, target_node))

    # --- fields -------------------------------------------------------------------

    def mapping(self, path: str, node: yaml.Node | None, field: str) -> yaml.Node | None:
        if node is None or is_null(node):
            return None
        if node_kind(node) != "mapping":
            self.error(path, node, f"{field} must be a mapping")
            return None
        return node

    def entries(self, path: str, node: yaml.Node | None, field: str) -> list[yaml.Node]:
        if node is None or is_null(node):
            return []
        if node_kind(node) != "sequence":
            self.error(path, node, f"{field} must be a list")
            return []
        found = []
        for item in sequence(node):
            if node_kind(item) != "mapping":
                self.error(path, item, f"each of {field} must be a mapping")
                continue
            found.append(item)
        return found

    def strings(self, path: str, node: yaml.Node | None, field: str) -> list[str]:
        if node is None or is_null(node):
            return []
        if node_kind(node) != "sequence":
            self.error(path, node, f"{field} must be a list of strings")
            return []
        values = []
        for item in sequence(node):
            text = string_value(item)
            if text is None and node_kind(item) == "scalar" and not_a_string(item) is not None:
                text = item.value
            if text is not None:
                values.append(text)
        return values


def _version(document: yaml.Node) -> str | None:
    """The Skaffold schema a document says it is (``skaffold/v4beta11``), or ``None``."""
    version = (
        string_value(get(document, "apiVersion")) if node_kind(document) == "mapping" else None
    )
    return version if version is not None and version.startswith("skaffold/") else None


#: ``{{.NAME}}``, the one kind of template action read (an environment variable).
_PLACEHOLDER = lazy_pattern(r"\{\{-?\s*\.([A-Za-z_][A-Za-z0-9_]*)\s*-?\}\}")


def expand_template(text: str, env: Mapping[str, str]) -> str | None:
    """A value as Skaffold's environment templates make it, or ``None`` when ``env`` cannot say.

    >>> expand_template("v{{.MAJOR}}.{{ .MINOR }}", {"MAJOR": "1", "MINOR": "2"})
    'v1.2'
    >>> expand_template("{{.UNSET}}", {}), expand_template('{{default "1" .V}}', {})
    (None, None)
    """
    if "{{" not in text:
        return text
    parts: list[str] = []
    end = 0
    for match in _PLACEHOLDER.finditer(text):
        value = env.get(match.group(1))
        if value is None:
            return None  # (Skaffold's template would print "<no value>": set when it runs)
        parts += [text[end : match.start()], value]
        end = match.end()
    rest = text[end:]
    if "{{" in rest or any("{{" in part for part in parts[::2]):
        return None  # a function, a pipeline, a condition: not evaluated here
    return "".join((*parts, rest))
