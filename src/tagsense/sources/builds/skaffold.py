"""Skaffold: the images a ``skaffold.yaml`` builds, and the Dockerfile builds among them.

:func:`read_skaffold` reads every document of a Skaffold configuration file
(``apiVersion: skaffold/v…``, ``kind: Config``; several configurations in one
file are separated by ``---``), as the `skaffold.yaml reference
<https://skaffold.dev/docs/references/yaml/>`_ describes them:

* **Artifacts**: each of ``build.artifacts[]`` and of every profile's
  ``profiles[].build.artifacts[]`` (an image built in any profile is built) is
  a :class:`~tagsense.sources.project.BuiltImage` named by its ``image``, at
  the line of that value (``BuildSite("skaffold", path, line)``). Skaffold
  replaces that name wherever the manifests it deploys name it, with the tag
  it builds: the name is never pulled.
* **Dockerfile builds**: an artifact built by the ``docker`` builder (the
  default, when the artifact names no builder) or by ``kaniko`` is also a
  :class:`~tagsense.sources.project.BuildConfig`: its ``context`` (default
  ``.``) joined onto the directory of the file, its ``dockerfile`` (default
  ``Dockerfile``) joined onto the context, ``target``, ``buildArgs`` and the
  ``platforms`` (the artifact's, else the ``build`` section's). A build
  argument whose value is a template (``{{.VERSION}}``: Skaffold fills it in
  from the environment when it builds) or ``null`` (the value comes from the
  environment) is left out, so the Dockerfile's own default is what is judged.
  The other builders (``ko``, ``jib``, ``buildpacks``, ``bazel``, ``custom``)
  build no Dockerfile of the project: their artifacts are built names only.
* **Profiles' patches**: a JSON patch that adds a whole artifact
  (``op: add``, ``path: /build/artifacts/-`` or ``/build/artifacts/N``) is read
  as an artifact; one that sets an artifact's ``image`` (``add`` or
  ``replace`` of ``/build/artifacts/N/image``) gives a built name. Other
  patches (a profile that swaps a Dockerfile) are not applied.
* **requires**: each ``requires[].path`` (a file, or a directory holding a
  ``skaffold.yaml``) is read too, relative to the file that requires it, once,
  and only the configurations its ``configs`` names when it names any. A
  ``requires`` entry with ``git`` or ``googleCloudStorage`` is a remote
  configuration: not followed. More than 200 files, or chains deeper than 32,
  are not followed (one error).

Nothing here is pulled: the ``scan`` of the result has errors only. What
Skaffold would reject — invalid YAML, a document that is not a Skaffold
configuration, an artifact without an ``image``, fields of the wrong type, a
required file that cannot be read — is a
:class:`~tagsense.sources.SourceError`; the function never raises.
"""

from __future__ import annotations

import os

from ...occurrence import BuildSite, Scan, SourceError
from .._yaml import get, items, load_yaml, position, sequence, value_position
from ..kubernetes import is_null, node_kind, not_a_string, string_value
from ..project import BuildConfig, BuildFile, BuiltImage
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
    import yaml

    from .._yaml import YamlFile

__all__ = ["SKAFFOLD_FILE_NAMES", "TOOL", "read_skaffold"]

#: The tool named in the build sites.
TOOL = "skaffold"

#: The builders of an artifact; the first two build a Dockerfile.
_DOCKERFILE_BUILDERS = ("docker", "kaniko")
_OTHER_BUILDERS = ("bazel", "jib", "buildpacks", "custom", "ko")


def read_skaffold(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The builds and built names of the Skaffold configuration at ``path`` (never raises)."""
    reader = _Reader(max_bytes)
    reader.file(path, None, 0, None)
    return BuildFile(reader.builds, reader.built, Scan(errors=reader.errors))


class _Reader:
    """One reading: the files loaded, the configurations read, what was found."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.files: dict[str, YamlFile | None] = {}
        self.done: set[tuple[str, int]] = set()
        self.builds: list[BuildConfig] = []
        self.built: list[BuiltImage] = []
        self.errors: list[SourceError] = []
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
        self.errors.extend(file.errors)
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
            api_version = string_value(get(document, "apiVersion"))
            if api_version is None or not api_version.startswith("skaffold/"):
                self.error(path, document, "not a Skaffold configuration (apiVersion skaffold/…)")
                continue
            name = string_value(get(get(document, "metadata"), "name"))
            if names is not None and name not in names:
                continue
            self.done.add((key, index))
            self.config(path, document, depth)

    def config(self, path: str, document: yaml.Node, depth: int) -> None:
        build = self.mapping(path, get(document, "build"), "build")
        self.artifacts(path, build)
        profiles = get(document, "profiles")
        for profile in self.entries(path, profiles, "profiles"):
            build = self.mapping(path, get(profile, "build"), "profiles[].build")
            self.artifacts(path, build)
            self.patches(path, get(profile, "patches"))
        for required in self.entries(path, get(document, "requires"), "requires"):
            self.requires(path, required, depth)

    # --- artifacts ----------------------------------------------------------------

    def artifacts(self, path: str, build: yaml.Node | None) -> None:
        if build is None:
            return
        platforms = self.strings(path, get(build, "platforms"), "build.platforms")
        for artifact in self.entries(path, get(build, "artifacts"), "build.artifacts"):
            self.artifact(path, artifact, platforms)

    def artifact(self, path: str, node: yaml.Node, platforms: list[str]) -> None:
        image_node = get(node, "image")
        image = string_value(image_node)
        if image_node is None or not image:
            self.error(path, node, "an artifact must name its image")
            return
        site = BuildSite(TOOL, path, value_position(image_node)[0])
        self.built.append(BuiltImage(image, site))
        builder = next((key for key, _, _ in items(node) if key in _DOCKERFILE_BUILDERS), None)
        other = next((key for key, _, _ in items(node) if key in _OTHER_BUILDERS), None)
        if builder is None and other is not None:
            return  # ko, jib, buildpacks, bazel, custom: no Dockerfile of the project
        spec = self.mapping(path, get(node, builder or "docker"), builder or "docker")
        context_node = get(node, "context")
        context_text = string_value(context_node) if context_node is not None else None
        if context_node is not None and not is_null(context_node) and context_text is None:
            self.error(path, context_node, "an artifact's context must be a string")
            return
        context_text = context_text or "."
        dockerfile_text = string_value(get(spec, "dockerfile")) or "Dockerfile"
        target = string_value(get(spec, "target")) or None
        own_platforms = self.strings(path, get(node, "platforms"), "platforms")
        context: str | None = None
        dockerfile: str | None = None
        if not is_remote(context_text):
            context = join(directory_of(path), context_text)
            dockerfile = join(context, dockerfile_text)
        self.builds.append(
            BuildConfig(
                site=site,
                name=image,
                context=context,
                dockerfile=dockerfile,
                args=self.build_args(path, get(spec, "buildArgs")),
                target=target,
                tags=(image,),
                platforms=own_platforms or platforms,
            )
        )

    def build_args(self, path: str, node: yaml.Node | None) -> dict[str, str]:
        args: dict[str, str] = {}
        if node is None or is_null(node):
            return args
        if node_kind(node) != "mapping":
            self.error(path, node, "buildArgs must be a mapping")
            return args
        for key, value, _ in items(node):
            if is_null(value) or node_kind(value) != "scalar":
                continue  # from the environment, or not a value Skaffold takes
            text = value.value
            if "{{" in text:
                continue  # a template Skaffold fills in when it builds
            args[key] = text
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
