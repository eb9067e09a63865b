"""Which files to scan: Dockerfiles by name, image archives on request.

:func:`discover` turns the paths a user names into ``(path, kind)`` pairs.
What a file is comes from :data:`RULES`, a registry of
``(kind, predicate)`` rules tried in order on each file's path; a source
kind that reads other files (YAML, in a later release) plugs in by adding a
rule. A rule marked ``opt_in`` finds files in a directory walk only when its
kind is asked for (``archives=True`` asks for ``"archive"``).

- A file named on the command line is always scanned: by its rule, or else
  by its content (a tar or compressed file is an archive; anything else is
  read as a Dockerfile, as ``docker build -f`` reads any file).
- A directory is walked in sorted order, without following links to
  directories and skipping version-control directories (``.git``, ``.hg``,
  ``.svn``…); a link to a file the walk finds under its own name is not read
  again. Inside a git work tree, the files are the ones git lists
  (``git ls-files --cached --others --exclude-standard``): tracked files,
  and untracked ones that ``.gitignore`` does not exclude. A directory git
  lists nothing in (ignored as a whole) is walked plainly: it was named. A file whose
  name only ends in ``Dockerfile`` (``DebugDockerfile``) is one when its text starts as
  one (:func:`is_prefixed_dockerfile`); an executable file with no ``.`` in its name is a
  shell script when its first line runs a shell (:func:`is_shell_program`).
- An OCI image layout directory (one with an ``oci-layout`` file) is an
  archive and never walked into: named, it is always read; found in a
  walk, only with ``archives=True``.
"""

from __future__ import annotations

import os
import re
import stat
from types import MappingProxyType

from .._lazy import lazy_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
    from typing import TypeAlias

    #: A path as the functions here take it: text, or any ``os.PathLike`` (a ``Path``).
    PathArg: TypeAlias = "str | os.PathLike[str]"

__all__ = [
    "ARCHIVE",
    "AZURE_DIRECTORIES",
    "BAKE_FILE_NAMES",
    "BAZEL_BUILD_NAMES",
    "BAZEL_FILE_NAMES",
    "BAZEL_SUFFIX",
    "BUILD_TOOL_FILES",
    "CARGO_FILE_NAME",
    "CHAINSAW_TEST_FILES",
    "CHARTPRESS_FILE_NAMES",
    "CROSS_FILE_NAME",
    "CSHARP_SOURCE_SUFFIX",
    "CWL_SUFFIX",
    "DEVCONTAINER_DIRECTORY",
    "DEVCONTAINER_FILE_NAMES",
    "DEVFILE_FILE_NAMES",
    "DEVSPACE_FILE_NAMES",
    "DOCKERFILE",
    "EARTHFILE_NAME",
    "GARDEN_FILE_NAMES",
    "GITPOD_FILE_NAME",
    "GORELEASER_FILE_NAMES",
    "GO_SOURCE_SUFFIX",
    "GRADLE_FILE_NAMES",
    "HELMFILE_FILE_NAMES",
    "JUSTFILE_NAMES",
    "JVM_SOURCE_SUFFIXES",
    "KO_FILE_NAMES",
    "KUSTOMIZATION_FILES",
    "LANDO_FILE_NAMES",
    "MAKEFILE_NAMES",
    "MSBUILD_SUFFIXES",
    "NEXTFLOW_SUFFIXES",
    "NIX_SUFFIX",
    "NODE_SOURCE_SUFFIXES",
    "OKTETO_FILE_NAMES",
    "PACKAGE_JSON",
    "POM_FILE_NAME",
    "PYPROJECT_FILE_NAME",
    "RULES",
    "RUST_SOURCE_SUFFIX",
    "SHELL_SUFFIXES",
    "SKAFFOLD_FILE_NAMES",
    "SNAKEFILE_NAMES",
    "SNAKEMAKE_SUFFIXES",
    "TASKFILE_NAMES",
    "TILTFILE_NAME",
    "TOX_FILE_NAME",
    "VAGRANTFILE_NAME",
    "VCS_DIRECTORIES",
    "WDL_SUFFIX",
    "Rule",
    "builds_fixture_images",
    "builds_with_bazel",
    "command_file_kind",
    "configures_jib",
    "configures_jib_gradle",
    "discover",
    "dotnet_project_files",
    "imports_container_libraries",
    "imports_container_libraries_node",
    "imports_go_container_libraries",
    "is_archive_name",
    "is_aspire_source",
    "is_definition_name",
    "is_devcontainer_path",
    "is_dockerfile_name",
    "is_feature_scenarios_path",
    "is_garden_name",
    "is_helmfile_path",
    "is_named_makefile",
    "is_node_source_name",
    "is_prefixed_dockerfile",
    "is_shell_program",
    "is_vagrantfile_variant",
    "kind_of_file",
    "left_out_of_walk",
    "may_build",
    "may_run_make",
    "names_compose_fixture",
    "names_container_base",
    "names_task_runner",
    "path_parts",
    "program_kind",
    "project_global_usings",
    "project_references_testcontainers",
    "pulls_with_bazel",
    "reads_csharp_images",
    "says_bootstrap",
    "sets_nextflow_container",
    "sniff",
    "starts_rust_containers",
    "uses_testcontainers",
    "uses_testcontainers_dotnet",
]

DOCKERFILE = "dockerfile"
ARCHIVE = "archive"

#: Directories that hold Azure pipelines and their templates (at any depth below them); Azure
#: DevOps was Visual Studio Team Services, whose ``.vsts-ci/`` projects kept (PowerShell's).
AZURE_DIRECTORIES = frozenset(
    {".azure-pipelines", "azure-pipelines", ".azure", ".azuredevops", ".azure-devops", ".pipelines",
     ".vsts-ci"}
)  # fmt: skip

#: Directories never walked into.
VCS_DIRECTORIES = frozenset({".git", ".hg", ".svn", ".bzr", "_darcs", ".jj", "CVS"})
#: Directories a walk leaves out below the path it was given: others' code (``vendor/``,
#: ``node_modules/``). Named on the command line, such a directory is walked. (A ``testdata/``
#: is the project's own: its end-to-end scenarios pull what they name; a unit test's input that
#: nothing of the project uses is a note, see ``.testdata``.)
NOT_THE_PROJECTS = frozenset(
    {"vendor", "node_modules", ".terraform"}
)  # (.terraform: terraform init's downloads)
#: Where each CI system reads its file, relative to the repository: one found deeper (a
#: vendored library's ``.github/workflows/``) never runs. Azure's and actions' run anywhere.
_CI_AT_ROOT = {
    "github-workflow": ((".github", "workflows", None),),
    "gitlab": ((None,),),
    "circleci": ((".circleci", None),),
    "bitbucket": ((None,),),
    "drone": ((None,),),
    "woodpecker": ((None,), (".woodpecker", None)),
    "cirrus": ((None,),),
    "travis": ((None,),),
    "buildkite": ((None,), (".buildkite", None)),
    "prow": ((None,), (".prow", None), (".prow", None, None)),
    "semaphore": ((".semaphore", None),),
}

#: Files beside a Dockerfile that are not one: BuildKit's ignore files, REUSE licence files.
_SIDECARS = (".dockerignore", ".containerignore", ".license")

#: The file that marks an OCI image layout directory.
OCI_LAYOUT_FILE = "oci-layout"


class Rule:
    """A kind of source file: what it is called and how it is recognised."""

    __slots__ = ("kind", "matches", "opt_in")

    def __init__(self, kind: str, matches: Callable[[PathArg], bool], opt_in: bool = False) -> None:
        self.kind = kind
        #: Called with the file's path (text, or a ``PathLike`` from a caller).
        self.matches = matches
        #: Found in a directory walk only when this kind is asked for.
        self.opt_in = opt_in

    def __repr__(self) -> str:
        return f"Rule({self.kind!r}, {self.matches.__name__}, opt_in={self.opt_in})"


def path_parts(path: PathArg) -> tuple[str, ...]:
    """The parts of a path, as ``PurePath(path).parts`` has them (``.`` and empty ones dropped).

    String work, not pathlib: a pre-commit run checking one file should not pay
    for importing pathlib (and the ``urllib.parse`` and ``ipaddress`` it pulls in).
    """
    text = os.fspath(path)
    if os.altsep:
        text = text.replace(os.altsep, os.sep)
    parts = [part for part in text.split(os.sep) if part and part != "."]
    if text.startswith(os.sep):
        # POSIX keeps exactly two leading slashes as a root of its own.
        double = os.sep * 2
        parts.insert(0, double if text.startswith(double) and text[2:3] != os.sep else os.sep)
    return tuple(parts)


def _tidy(path: PathArg, *more: str) -> str:
    """``str(PurePath(path, *more))``: joined, with ``.`` parts and doubled separators dropped."""
    parts = (*path_parts(path), *more)
    if not parts:
        return os.curdir
    if parts[0].startswith(os.sep):
        return parts[0] + os.sep.join(parts[1:])
    return os.sep.join(parts)


def _name(path: PathArg) -> str:
    """The last part of a path (``PurePath(path).name``)."""
    text = os.fspath(path)
    name = text.rpartition(os.sep)[2]
    if name and name != "." and not (os.altsep and os.altsep in text):
        return name  # the usual case, without splitting the whole path (walks call this a lot)
    parts = path_parts(text)
    return parts[-1] if parts and not parts[-1].startswith(os.sep) else ""


def is_dockerfile_name(path: PathArg) -> bool:
    """Dockerfiles as people name them: ``Dockerfile``, ``dockerfile`` (docker's fallback),
    ``*.Dockerfile``, ``Dockerfile.*``, ``Dockerfile-*``, ``Dockerfile_*``, and the same for
    ``Containerfile``.

    Case-sensitive, as file systems and docker are, except as an extension:
    ``base.dockerfile`` and ``Test.containerfile`` are Dockerfiles (GitHub
    Linguist's ``.dockerfile``). BuildKit's ignore files beside them
    (``Dockerfile.dockerignore``, ``app.Dockerfile.dockerignore``) are not
    Dockerfiles, nor are the licence files REUSE puts beside a file
    (``Containerfile.license``), nor files of another language named after
    one (``Dockerfile_test.go``, ``Dockerfile-notes.md``, ``Dockerfile.py``,
    ``Dockerfile.requirements.txt``: see :func:`is_prefixed_dockerfile`). A template
    (``Dockerfile.j2``) is a Dockerfile by its name; its text says it is a
    template (see :mod:`tagsense.sources.templates`).
    """
    name = _name(path)
    if name.endswith(_SIDECARS):
        return False
    if name == "dockerfile":
        return True
    if name.lower().endswith(_SUFFIXES) and name.lower() not in _SUFFIXES:
        return True  # (``.dockerfile`` alone is some tool's settings; ``.gitpod.dockerfile`` one)
    for base in ("Dockerfile", "Containerfile"):
        if name == base or name.endswith("." + base):
            return True
        if name.startswith(base + ".") and len(name) > len(base) + 1:
            return not name.endswith(_OTHER_LANGUAGES)  # (its text tells: is_prefixed_dockerfile)
        if name.startswith((base + "-", base + "_")) and len(name) > len(base) + 1:
            return not name.endswith(_OTHER_LANGUAGES) and not name.lower().endswith(_BACKUPS)
    return False


def is_prefixed_dockerfile(path: PathArg, *, limit: int = 4096) -> bool:
    """A file whose name *ends* in ``Dockerfile`` or ``Containerfile`` after a prefix
    (zalando/postgres-operator's ``docker/DebugDockerfile``, built with ``make DEBUG=1``), or
    is named after one with another language's extension (``Dockerfile.in``; but DataBiosphere/
    toil's ``docker/Dockerfile.py`` is the Python program that prints its Dockerfile, and
    dask/dask-gateway's ``Dockerfile.requirements.txt`` the pip requirements it installs),
    when its text starts as a Dockerfile does: its first instruction, after comments,
    parser directives and blank lines, is ``FROM`` (shaped as one: see :func:`_from_shaped`)
    or ``ARG``. Reads at most ``limit``
    bytes; a file that cannot be read is none."""
    name = _name(path)
    if name.startswith(".") or not (
        name.endswith(_BASES) or _named_after(name) or _named_in_lower_case(name)
    ):
        return False
    if name in _BASES:
        return False
    head = _head(path, limit)
    if head is None:
        return False
    for line in head.removeprefix(b"\xef\xbb\xbf").splitlines():
        words = line.split(None, 1)
        if not words or words[0].startswith(b"#"):
            continue
        if words[0].upper() == b"FROM":
            return _from_shaped(line.split()[1:])
        return words[0].upper() == b"ARG"
    return False


def _from_shaped(words: list[bytes]) -> bool:
    """Whether the words after ``FROM`` are a Dockerfile's: its flags, then an image alone or
    ``IMAGE AS NAME`` (a continued line may end in ``\\``). Python's ``from __future__ import
    annotations`` is no ``FROM`` (ansible/ansible-builder's ``containerfile.py``, the program
    that writes its Containerfiles: 379 "unknown instruction" errors, survey 29b).

    >>> _from_shaped(b"--platform=$P golang:1 AS b".split()), _from_shaped(b"a import b".split())
    (True, False)
    """
    while words and words[0].startswith(b"--"):
        words = words[1:]
    continued = bool(words) and words[-1] == b"\\"
    if continued:
        words = words[:-1]
    if len(words) == 3:
        return words[1].upper() == b"AS"
    return len(words) == 1 or (continued and len(words) < 3)


def _named_after(name: str) -> bool:
    """``Dockerfile.py``, ``Containerfile-notes.md``: a Dockerfile's name with another
    language's extension, which only the file's text tells to be one or not."""
    return name.startswith(_BASES) and name.endswith(_OTHER_LANGUAGES) and name not in _BASES


def _named_in_lower_case(name: str) -> bool:
    """``dockerfile-captain.release``, ``dockerfile.dev``: a Dockerfile's name in lower case
    with a suffix (caprover builds ``docker build -f dockerfile-captain.dev``; kasmtech/
    workspaces-images each of its ``dockerfile-kasm-*``), which only the file's text tells to
    be one or not."""
    return (
        name.startswith(_LOWER_PREFIXES)
        and not name.endswith(_SIDECARS)
        and not name.lower().endswith(_BACKUPS)
    )


#: The names Dockerfiles are built from.
_BASES = ("Dockerfile", "Containerfile")
#: Their names in lower case, with a suffix after them.
_LOWER_PREFIXES = tuple(
    base.lower() + mark for base in ("Dockerfile", "Containerfile") for mark in ".-_"
)
#: The extensions of Dockerfiles, in any case.
_SUFFIXES = (".dockerfile", ".containerfile")
#: Endings of copies kept aside (``Dockerfile-old``): not what is built.
_BACKUPS = ("-old", "_old", ".old", "-bak", "_bak", "-backup", "_backup", "-orig", "_orig")
#: The endings of template files (Jinja, Go templates, ERB, Mustache…).
TEMPLATE_SUFFIXES = (
    ".j2", ".jinja", ".jinja2", ".tmpl", ".tpl", ".template", ".gotmpl", ".erb", ".mustache",
    ".hbs", ".liquid", ".tt", ".eex", ".ejs", ".njk", ".twig",
    # (Apache FreeMarker's: gocd/gocd's buildSrc renders Dockerfile.agent.ftl, `<#list …>`
    # and `${distro.getBaseImageLocation(…)}`, into each image's Dockerfile; 34 errors, s40b)
    ".ftl", ".ftlh", ".ftlx",
)  # fmt: skip
#: Extensions of files named after a Dockerfile that are not one (``Dockerfile_test.go``).
_OTHER_LANGUAGES = (
    ".go", ".py", ".js", ".ts", ".rs", ".java", ".rb", ".sh", ".ps1", ".md", ".txt", ".rst",
    ".json", ".yml", ".yaml", ".toml", ".xml", ".html", ".bak", ".orig", ".swp", ".tmp", "~",
    ".in", ".cfg", ".ini", ".lock", ".csv",
    # (source files of parsers and linters that read Dockerfiles: semgrep/semgrep's
    # languages/dockerfile/generic/Dockerfile_to_generic.ml, 377 "unknown instruction" errors)
    ".ml", ".mli", ".c", ".h", ".cc", ".cpp", ".hpp", ".cs", ".fs", ".kt", ".kts", ".scala",
    ".swift", ".php", ".pl", ".pm", ".lua", ".ex", ".exs", ".erl", ".hs", ".clj", ".dart",
    ".jl", ".groovy", ".jsx", ".tsx", ".mjs", ".cjs", ".vue", ".zig", ".nim", ".el",
    ".proto", ".sql", ".adoc", ".log", ".diff", ".patch", ".snap", ".golden",
    # (pictures: novaspirit/pi-hosted's images/Dockerfile-Bionic-green.png badges, 6 errors)
    ".png", ".svg", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".pdf",
)  # fmt: skip


def is_archive_name(path: PathArg) -> bool:
    """``*.tar``, ``*.tar.gz`` and ``*.tgz``: what ``docker save`` output is called."""
    return _name(path).endswith((".tar", ".tar.gz", ".tgz"))


COMPOSE = "compose"
CI = "ci"
KUSTOMIZE = "kustomize"
HELM = "helm"
BUILD = "build"
KUBERNETES = "kubernetes"
MAKE = "make"
SHELL = "shell"
TERRAFORM = "terraform"
NOMAD = "nomad"
DEPLOY = "deploy"


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

#: What Earthly reads (``earthly +target``): one name, in any directory.
EARTHFILE_NAME = "Earthfile"
#: What ``goreleaser`` reads without ``--config``, in its order (after ``.config/goreleaser.yml``
#: and ``.config/goreleaser.yaml``, found as these names in a root's ``.config/``).
GORELEASER_FILE_NAMES = (".goreleaser.yml", ".goreleaser.yaml", "goreleaser.yml", "goreleaser.yaml")

#: What ``chartpress`` reads (from the directory it runs in).
CHARTPRESS_FILE_NAMES = ("chartpress.yaml",)

#: What ``devspace`` reads without ``--config`` (from the directory it runs in).
DEVSPACE_FILE_NAMES = ("devspace.yaml",)

#: What ``helmfile`` reads without ``--file`` (from the directory it runs in), before
#: ``helmfile.d/``: see :func:`is_helmfile_path`.
HELMFILE_FILE_NAMES = ("helmfile.yaml", "helmfile.yaml.gotmpl")

#: What ``okteto`` reads without ``--file`` (in the directory it runs in, or its ``.okteto/``).
OKTETO_FILE_NAMES = ("okteto.yml", "okteto.yaml")

#: What Gitpod reads at a repository's root (its workspace image: see ``.builds.gitpod``).
GITPOD_FILE_NAME = ".gitpod.yml"
#: The Landofiles Lando reads in a project's root: ``.lando.yml`` and those it merges with it
#: (see ``.builds.lando``).
LANDO_FILE_NAMES = (
    ".lando.yml",
    ".lando.base.yml",
    ".lando.dist.yml",
    ".lando.upstream.yml",
    ".lando.local.yml",
)

#: What Garden reads its configuration from (and ``*.garden.yml``: :func:`is_garden_name`).
GARDEN_FILE_NAMES = ("garden.yml", "garden.yaml")
_GARDEN_SUFFIXES = (".garden.yml", ".garden.yaml")


def is_garden_name(path: PathArg) -> bool:
    """Garden's configuration files: ``garden.yml``, ``garden.yaml``, ``*.garden.yml``.

    >>> is_garden_name("api/garden.yml"), is_garden_name("project.garden.yaml")
    (True, True)
    >>> is_garden_name("garden-values.yml")
    False
    """
    name = _name(path)
    return name in GARDEN_FILE_NAMES or name.endswith(_GARDEN_SUFFIXES)


#: What odo and Eclipse Che read from a project's root, and a devfile registry's stacks hold
#: (see ``.builds.devfile``).
DEVFILE_FILE_NAMES = ("devfile.yaml", ".devfile.yaml", "devfile.yml", ".devfile.yml")

#: What ``cross`` (cross-rs, Rust's cross-compilation in containers) reads at the root of a
#: Cargo project (``CROSS_CONFIG`` aside).
CROSS_FILE_NAME = "Cross.toml"
#: A Cargo manifest: cross reads its ``package.metadata.cross`` too.
CARGO_FILE_NAME = "Cargo.toml"

#: A Dev Container configuration: ``.devcontainer.json`` at a folder's root, or
#: ``devcontainer.json`` in a ``.devcontainer/`` folder or a folder of it (the places the
#: Development Containers specification reads).
DEVCONTAINER_FILE_NAMES = (".devcontainer.json", "devcontainer.json")
DEVCONTAINER_DIRECTORY = ".devcontainer"

#: What Maven reads a module's build from: Jib's, when it configures jib-maven-plugin
#: (:func:`configures_jib`).
POM_FILE_NAME = "pom.xml"

#: The build scripts Gradle reads for a project: Jib's, when they say ``jib``
#: (:func:`configures_jib_gradle`).
GRADLE_FILE_NAMES = ("build.gradle", "build.gradle.kts")

#: The JVM sources Testcontainers for Java is used from (and the ``*.properties`` files its
#: JDBC URLs are written in): its, when they say ``org.testcontainers`` (or testcontainers-scala's
#: ``com.dimafeng.testcontainers``) or ``jdbc:tc:``
#: (:func:`uses_testcontainers`).
JVM_SOURCE_SUFFIXES = (".java", ".kt", ".groovy", ".scala", ".properties")

#: The Python sources testcontainers-python and the Docker SDKs are used from: theirs, when
#: they import one (:func:`imports_container_libraries`), outside a directory of
#: documentation (whose examples no test starts).
PYTHON_SOURCE_SUFFIX = ".py"
_DOCUMENTATION_DIRECTORIES = frozenset({"doc", "docs"})

#: The Go sources testcontainers-go, dockertest and Vault's Docker helper are used from: theirs,
#: when they import one
#: (:func:`imports_go_container_libraries`), outside the directories the go tool leaves out
#: (``testdata``, and those whose name starts with ``_`` or ``.``) and, but for tests, outside a
#: directory of documentation.
GO_SOURCE_SUFFIX = ".go"

#: The Rust sources testcontainers-rs or an engine's command is used from: theirs, when they
#: start a ``GenericImage`` or run ``docker`` (:func:`starts_rust_containers`).
RUST_SOURCE_SUFFIX = ".rs"

#: The JavaScript and TypeScript sources testcontainers-node and dockerode are used from: theirs,
#: when they import one (:func:`imports_container_libraries_node`), outside a directory of
#: documentation. (A ``.d.ts`` declares types only.)
NODE_SOURCE_SUFFIXES = (".ts", ".mts", ".cts", ".js", ".mjs", ".cjs")

#: The C# sources an Aspire AppHost is written in: its, when they say what an AppHost's say
#: (:func:`is_aspire_source`).
CSHARP_SOURCE_SUFFIX = ".cs"

#: The MSBuild files a .NET project's properties are set in: the SDK's container build's, when
#: they name a ``ContainerBaseImage`` (:func:`names_container_base`).
MSBUILD_SUFFIXES = (".csproj", ".fsproj", ".vbproj", ".props", ".targets")

#: Nextflow's scripts and configurations (``main.nf``, ``nextflow.config``, ``conf/base.config``):
#: a pipeline's, when they set a process's ``container`` (see ``.builds.nextflow``).
NEXTFLOW_SUFFIXES = (".nf", ".config")
#: WDL documents (Cromwell's, miniwdl's): their tasks' ``runtime`` images (see ``.builds.wdl``).
WDL_SUFFIX = ".wdl"
#: Snakemake's workflows: ``Snakefile`` and the rule files it includes (see
#: ``.builds.snakemake``).
SNAKEFILE_NAMES = ("Snakefile", "snakefile")
SNAKEMAKE_SUFFIXES = (".smk", ".snakefile")
#: The files Bazel reads a workspace's external repositories from (see ``.builds.bazel``);
#: ``*.bzl`` files hold the macros they load, ``*.MODULE.bazel`` the segments a ``MODULE.bazel``
#: reads with ``include()`` (Bazel 7.2).
BAZEL_FILE_NAMES = ("WORKSPACE", "WORKSPACE.bazel", "MODULE.bazel")
BAZEL_SUFFIX = (".bzl", ".MODULE.bazel")
#: Bazel's package files: the images their targets build, push and load (see
#: ``.builds._bazel_targets``).
BAZEL_BUILD_NAMES = ("BUILD", "BUILD.bazel")
#: What a package file whose targets name an image says.
_BAZEL_BUILDS = lazy_pattern(
    rb"\b(?:container_push|container_bundle|oci_push|oci_load|oci_tarball"
    rb"|(?:container|go|java|war|py3?|cc|nodejs|rust|d|scala|groovy|kt_jvm)_image)\s*\("
    rb"|\bimage_name\s*="
)
#: What a Bazel file that pulls an image says (rules_oci's and rules_docker's rules).
_BAZEL_PULLS = lazy_pattern(rb"\b(?:oci_pull|container_pull|oci\.pull)\s*\(")


def pulls_with_bazel(head: bytes) -> bool:
    """A quick look at a ``*.bzl`` file's bytes: whether it calls a rule that pulls an image.

    >>> pulls_with_bazel(b'oci_pull(name = "d", image = "debian")'), pulls_with_bazel(b"x")
    (True, False)
    """
    return _BAZEL_PULLS.search(head) is not None


def builds_with_bazel(head: bytes) -> bool:
    """A quick look at a ``BUILD`` file's bytes: whether a target names an image it builds.

    >>> builds_with_bazel(b'oci_load(name = "l", repo_tags = ["a:1"])'), builds_with_bazel(b"")
    (True, False)
    """
    return _BAZEL_BUILDS.search(head) is not None


#: Nix expressions: the images ``dockerTools.pullImage`` and nix2container fetch (see
#: ``.builds.nix``).
NIX_SUFFIX = ".nix"
#: CWL documents (cwltool's, Toil's): their tools' ``dockerPull`` (see ``.builds.cwl``).
CWL_SUFFIX = ".cwl"

#: The file whose ``scripts`` npm, yarn and pnpm run (``npm run NAME``).
PACKAGE_JSON = "package.json"

#: What go-task (``task NAME``, https://taskfile.dev) reads without ``--taskfile``, in its order.
TASKFILE_NAMES = (
    "Taskfile.yml", "taskfile.yml", "Taskfile.yaml", "taskfile.yaml", "Taskfile.dist.yml",
    "taskfile.dist.yml", "Taskfile.dist.yaml", "taskfile.dist.yaml",
)  # fmt: skip

#: What just (``just RECIPE``, https://just.systems) reads, as people write its name.
JUSTFILE_NAMES = ("justfile", "Justfile", ".justfile")
#: What ``vagrant up`` reads (and the variants a user renames to it: ``Vagrantfile-NAME``).
VAGRANTFILE_NAME = "Vagrantfile"

#: What tox reads (its ``[docker:NAME]`` sections, tox-docker's: see ``.builds.tox``).
TOX_FILE_NAME = "tox.ini"

#: Where Python's task runners (Hatch, poethepoet, PDM, taskipy) keep their scripts (see
#: ``.builds.pyproject``).
PYPROJECT_FILE_NAME = "pyproject.toml"
#: The tables of a ``pyproject.toml`` where Python's task runners keep their scripts (see
#: ``.builds.pyproject``); most files have none (``[tool.hatch.build]`` is no script).
_TASK_RUNNER_TABLES = (b"[tool.hatch.envs", b"[tool.poe", b"[tool.pdm.scripts", b"[tool.taskipy")


def names_task_runner(data: bytes) -> bool:
    """A quick look at a ``pyproject.toml``'s bytes: whether a task runner's scripts may be in it.

    >>> names_task_runner(b'[tool.poe.tasks]\\nup = "docker compose up"')
    True
    >>> names_task_runner(b"[tool.hatch.build.targets.wheel]")
    False
    """
    return any(table in data for table in _TASK_RUNNER_TABLES)


#: The build tool each of those names belongs to (``devcontainer.json`` only in its places:
#: :func:`is_devcontainer_path`).
BUILD_TOOL_FILES: Mapping[str, str] = MappingProxyType(
    {
        **dict.fromkeys(SKAFFOLD_FILE_NAMES, "skaffold"),
        TILTFILE_NAME: "tilt",
        **dict.fromkeys(BAKE_FILE_NAMES, "bake"),
        **dict.fromkeys(KO_FILE_NAMES, "ko"),
        DEVCONTAINER_FILE_NAMES[0]: "devcontainer",
        PACKAGE_JSON: "npm",
        **dict.fromkeys(TASKFILE_NAMES, "task"),
        **dict.fromkeys(JUSTFILE_NAMES, "just"),
        **dict.fromkeys(GORELEASER_FILE_NAMES, "goreleaser"),
        **dict.fromkeys(CHARTPRESS_FILE_NAMES, "chartpress"),
        **dict.fromkeys(DEVSPACE_FILE_NAMES, "devspace"),
        **dict.fromkeys(HELMFILE_FILE_NAMES, "helmfile"),
        **dict.fromkeys(OKTETO_FILE_NAMES, "okteto"),
        GITPOD_FILE_NAME: "gitpod",
        **dict.fromkeys(LANDO_FILE_NAMES, "lando"),
        **dict.fromkeys(DEVFILE_FILE_NAMES, "devfile"),
        **dict.fromkeys(GARDEN_FILE_NAMES, "garden"),
        EARTHFILE_NAME: "earthly",
        CROSS_FILE_NAME: "cross",
        CARGO_FILE_NAME: "cross",
        TOX_FILE_NAME: "tox",
        **dict.fromkeys(BAZEL_FILE_NAMES, "bazel"),
        PYPROJECT_FILE_NAME: "pyproject",
        VAGRANTFILE_NAME: "vagrant",
    }
)

#: What ``make`` reads without ``-f`` (in its order); ``*.mk`` files are Makefiles too.
MAKEFILE_NAMES = ("GNUmakefile", "makefile", "Makefile")
#: CI files named the same wherever their system reads them (GitHub's actions run anywhere).
_CI_FILE_NAMES = frozenset(
    {".drone.yml", ".woodpecker.yml", ".woodpecker.yaml", ".cirrus.yml", ".cirrus.yaml",
     "bitbucket-pipelines.yml", ".travis.yml",
     "azure-pipelines.yml", "action.yml", "action.yaml"}
)  # fmt: skip


_RUNS_MAKE = lazy_pattern(rb"\bg?make\b|\$[({]MAKE[)}]")
#: ``e2e run``, ``e2e setup``: Apache SkyWalking's infra-e2e runner (see ``.builds._infra_e2e``).
_RUNS_INFRA_E2E = lazy_pattern(rb"(?<![\w./-])e2e[ \t]+(?:-\S+[ \t]+)*(?:run|setup)\b")


def may_run_make(data: bytes) -> bool:
    """A quick look at a Makefile's bytes: whether a recipe could run ``make`` (on another
    Makefile, read through this one: see ``.builds.make``).

    >>> may_run_make(b"\t$(MAKE) -C sub"), may_run_make(b"\tmake -f x.mk"), may_run_make(b"go")
    (True, True, False)
    """
    return _RUNS_MAKE.search(data) is not None


#: The suffixes of shell scripts: sh's, bash's, Bats' (the Bash Automated Testing System,
#: whose files are bash with ``@test "NAME" { … }`` functions), and PowerShell's scripts and
#: modules, read as sh (see ``.builds._powershell``).
#: The endings of the names of shell (and PowerShell) scripts.
SHELL_SUFFIXES = (".sh", ".bash", ".bats", ".ps1", ".psm1")


def command_file_kind(name: str, directory: str = "") -> str | None:
    """The kind of a file whose commands may build the project's images, by its name and its
    directory's: ``make`` (``Makefile``, ``*.mk``), ``shell`` (``*.sh``, ``*.bash``,
    ``*.bats``), ``ci``
    (a CI file where its system reads it: ``.github/workflows/*.yml``,
    ``.circleci/config.yml``…; GitLab's is a build file of its own kind); ``None`` for any
    other.

    >>> command_file_kind("Makefile"), command_file_kind("build.sh")
    ('make', 'shell')
    >>> command_file_kind("ci.yml", ".github/workflows"), command_file_kind("ci.yml", "deploy")
    ('ci', None)
    """
    if name in MAKEFILE_NAMES or (name.endswith(".mk") and len(name) > 3):
        return "make"
    if name.endswith(SHELL_SUFFIXES) and name not in SHELL_SUFFIXES:
        # (RocketChat/helm-charts' CI runs `./task.bash`; a Bats file is bash, its `@test`
        # blocks functions: gatekeeper's test/bats/test.bats applies the samples it tests)
        return "shell"
    if name in _CI_FILE_NAMES:
        return "ci"
    if "enkinsfile" in name:
        from .ci import is_jenkinsfile_name

        if is_jenkinsfile_name(name):
            return "ci"
    if name.endswith((".yml", ".yaml")):
        parent = _name(directory) if directory else ""
        if (parent == ".circleci" and name == "config.yml") or parent == ".woodpecker":
            return "ci"
        if parent == "workflows" and _name(os.path.dirname(directory)) == ".github":
            return "ci"
        if parent == ".buildkite" or name in ("buildkite.yml", "buildkite.yaml"):
            return "ci"  # (elastic/elasticsearch-py's step runs ./.buildkite/run-tests)
        if parent == ".semaphore":
            return "ci"
    return None


def _head(path: PathArg, limit: int) -> bytes | None:
    """A file's first ``limit`` bytes (``None`` when it cannot be read): the quick looks below."""
    try:
        with open(path, "rb") as handle:
            return handle.read(limit)
    except OSError:
        return None


def configures_jib(path: PathArg, *, limit: int = 10 * 1024 * 1024) -> bool:
    """Whether a ``pom.xml`` may build images (a quick look at its first ``limit`` bytes): it
    says ``jib-maven-plugin``, ``exec-maven-plugin`` (which may run ``docker build``), filters
    resources (a Dockerfile's among them), names a buildpacks ``<builder>`` or ``<runImage>``
    (Spring Boot's ``build-image``) or says ``docker-maven-plugin`` (fabric8's, which runs and
    builds images); most poms build no image, and are not read
    (see ``.builds.jib`` and ``.builds.maven``)."""
    head = _head(path, limit)
    if head is None:
        return False
    return any(marker in head for marker in _POM_MARKERS)


#: What a pom that may build an image says.
_POM_MARKERS = (
    b"jib-maven-plugin", b"exec-maven-plugin", b"<filtering>true</filtering>", b"<runImage>",
    b"<builder>", b"docker-maven-plugin",
)  # fmt: skip


def configures_jib_gradle(path: PathArg, *, limit: int = 10 * 1024 * 1024) -> bool:
    """Whether a Gradle build script says ``jib`` (a quick look at its first ``limit`` bytes):
    most build no image, and are not read (see ``.builds.jib_gradle``)."""
    head = _head(path, limit)
    return head is not None and b"jib" in head


def uses_testcontainers(path: PathArg, *, limit: int = 1024 * 1024) -> bool:
    """Whether a JVM source says ``org.testcontainers``, ``com.dimafeng.testcontainers``
    (testcontainers-scala), imports a community module's container (``VENDOR.testcontainers.``)
    or says ``jdbc:tc:`` (a properties file the latter; a quick look at its
    first ``limit`` bytes): most start no container, and are not read (see
    ``.builds.testcontainers``)."""
    head = _head(path, limit)
    if head is None:
        return False
    if b"jdbc:tc:" in head:
        return True
    if _name(path).endswith(".properties"):
        # (Micronaut Test Resources', Quarkus Dev Services' and Playtika's image keys, and
        # Testcontainers' own: .builds.app_config)
        from .builds.app_config import names_test_images

        return names_test_images(head)
    if b"org.testcontainers" in head or b"com.dimafeng.testcontainers" in head:
        return True
    if b".testcontainers." in head:
        from .builds.testcontainers import imports_a_module

        if imports_a_module(head.decode("utf-8", "replace")):
            return True  # (a community module's container: WireMock's, Redis')
    if any(marker in head for marker in _JAVA_IAC_IMPORTS):
        from .builds.iac_node import is_generated

        return not is_generated(head)  # (an IaC program's containers: .builds.iac_java)
    return False


#: What a Java infrastructure-as-code program imports (Pulumi, AWS CDK, cdk8s, CDK for
#: Terraform).
_JAVA_IAC_IMPORTS = (
    b"import com.pulumi",
    b"import software.amazon.awscdk",
    b"import org.cdk8s",
    b"import com.hashicorp.cdktf",
)


def imports_container_libraries(path: PathArg, *, limit: int = 1024 * 1024) -> bool:
    """Whether a Python source imports ``testcontainers``, ``docker`` or ``python_on_whales``,
    configures a JupyterHub spawner (``c.DockerSpawner.…``), or writes an engine command as a
    list of words (a quick look at its first ``limit`` bytes): most start no container, and
    are not read (see ``.builds.python``)."""
    head = _head(path, limit)
    if head is None:
        return False
    if not any(word in head for word in _PYTHON_WORDS):
        return False  # (most sources: four fast searches)
    if any(marker in head for marker in _PYTHON_IMPORTS):
        return True
    if any(marker in head for marker in _PYTHON_IAC_IMPORTS):
        from .builds.iac_node import is_generated

        if not is_generated(head):  # (an SDK's or cdk8s' generated bindings: 40,000 lines)
            return True
    if b"Spawner." in head:
        from .builds.jupyterhub_config import sets_spawner_image

        if sets_spawner_image(head):  # (JupyterHub's sources say Spawner. too, and set none)
            return True
    from .builds.python_commands import names_engine_command

    return names_engine_command(head)  # (["podman", "build", …]: see .builds.python_commands)


#: The words each of :data:`_PYTHON_IMPORTS` holds, and each engine command's list: a source
#: that says none of them is not read.
_PYTHON_WORDS = (
    b"docker",
    b"podman",
    b"testcontainer",  # (and python-wiremock's wiremock.testing.testcontainer)
    b"python_on_whales",
    b"Spawner.",
    b"swerex",
    b"e2b",
    b"modal",
    b"llm_sandbox",
    b"pulumi_",
    b"aws_cdk",
    b"cdk8s",
    b"cdktf",
    b"dagger",
)
#: What a Python source that imports testcontainers-python, docker-py, python-on-whales,
#: podman-py or aiodocker
#: says (a quick look: one that only mentions them gives nothing).
_PYTHON_IMPORTS = (
    b"from testcontainers",
    b"import testcontainers",
    b".testcontainer import",  # (python-wiremock's `from wiremock.testing.testcontainer import`)
    b"import docker",
    b"from docker",
    b"python_on_whales",
    b"import podman",
    b"from podman",
    b"import aiodocker",
    b"from aiodocker",
    # (code sandboxes' SDKs: see .builds.sandbox_sdks)
    b"import swerex", b"from swerex", b"import e2b", b"from e2b", b"import modal",
    b"from modal", b"import llm_sandbox", b"from llm_sandbox",
    b"import dagger", b"from dagger",  # (Dagger's SDK: see .builds.dagger)
)  # fmt: skip
#: What a Python infrastructure-as-code program says (Pulumi, AWS CDK, cdk8s, CDK for
#: Terraform: the containers its resources declare); a generated binding says it too.
_PYTHON_IAC_IMPORTS = (
    b"import pulumi_",
    b"from pulumi_",
    b"import aws_cdk",
    b"from aws_cdk",
    b"import cdk8s",
    b"from cdk8s",
    b"import cdktf",
    b"from cdktf",
)


def sets_nextflow_container(path: PathArg, *, limit: int = 1024 * 1024) -> bool:
    """Whether a Nextflow script (``*.nf``) or configuration (``*.config``) sets a process's
    ``container`` (a quick look at its first ``limit`` bytes; see ``.builds.nextflow``): a
    configuration also says ``process`` (its scope, or ``withName``/``withLabel`` in it)."""
    head = _head(path, limit)
    if head is None or b"container" not in head:
        return False
    from .builds.nextflow import says_container

    if _name(path).endswith(".config") and (
        (b"process" not in head and b"with" not in head) or head.lstrip().startswith(b"<")
    ):
        return False  # (no process scope, or .NET's XML: app.config, NuGet.config)
    return says_container(head)


def is_definition_name(name: str) -> bool:
    """Whether a file name is an Apptainer (Singularity) definition file's: ``Singularity``,
    ``Apptainer``, ``Singularity.NAME``, ``Apptainer.NAME``, ``*.def`` (its text must still
    have a ``Bootstrap:`` header: :func:`says_bootstrap`; see ``.builds.singularity``).

    >>> [is_definition_name(n) for n in ("Singularity", "Apptainer.cowsay", "app.def", "x.py")]
    [True, True, True, False]
    """
    return (
        name.endswith(".def")
        or name in _DEFINITION_NAMES
        or name.startswith(tuple(f"{base}." for base in _DEFINITION_NAMES))
    )


#: The names ``apptainer build`` and ``singularity build`` users give definition files.
_DEFINITION_NAMES = ("Singularity", "Apptainer")


def says_bootstrap(head: bytes) -> bool:
    """Whether a file's first bytes have a definition file's ``Bootstrap:`` header (a key in
    any case, at a line's start)."""
    return re.search(rb"(?im)^[ \t]*bootstrap[ \t]*:", head) is not None


def names_compose_fixture(path: PathArg, *, limit: int = 1024 * 1024) -> bool:
    """Whether a ``conftest.py`` defines pytest-docker's ``docker_compose_file`` fixture (a
    quick look at its first ``limit`` bytes; see ``.builds.pytest_docker``)."""
    head = _head(path, limit)
    return head is not None and b"def docker_compose_file" in head


def imports_go_container_libraries(path: PathArg, *, limit: int = 1024 * 1024) -> bool:
    """Whether a Go source imports testcontainers-go, dockertest, dktest (or golang-migrate's
    ``dktesting``), Vault's (OpenBao's) ``sdk/helper/docker`` or Dagger's SDK (see
    ``.builds.dagger``), or is a magefile that runs
    commands (mage's ``sh``; a quick look at its first ``limit`` bytes): most start no
    container, and are not read (see ``.builds.testcontainers_go``)."""
    head = _head(path, limit)
    if head is None:
        return False
    if b'"os/exec"' in head and _EXEC_ENGINE.search(head) is not None:
        return True  # (its commands may run an image: see .builds.mage)
    if _RUNNER_CALL.search(head) is not None:
        return True  # (another package's function may run its words: .builds.mage)
    if _BUILDKIT in head and os.fspath(path).endswith("_test.go"):
        return True  # (an end-to-end test's cases BuildKit works on: ._go_fixture_images)
    if any(marker in head for marker in _GO_IMPORTS):
        return True
    if any(marker in head for marker in _GO_IAC_IMPORTS + _GO_DAGGER_IMPORTS):
        from .builds.iac_node import is_generated

        return not is_generated(head)  # (an SDK's own generated sources: no program)
    if _CLIENT_GO in head and _CONTAINER_IMAGE.search(head) is not None:
        from .builds.client_go import reads_pods

        # (the containers it has Kubernetes run: .builds.client_go)
        return reads_pods(head.decode("utf-8", "replace"), os.fspath(path))
    if b"dag.Container(" in head:
        from .builds.dagger import in_module

        return in_module(os.fspath(path))  # (a Dagger module's own source: .builds.dagger)
    return False


def starts_rust_containers(path: PathArg, *, limit: int = 1024 * 1024) -> bool:
    """Whether a Rust source says ``testcontainers`` and ``GenericImage``, or makes a command
    of ``docker`` or ``podman`` (a quick look at its first ``limit`` bytes): most start no
    container, and are not read (see ``.builds.rust``)."""
    head = _head(path, limit)
    if head is None:
        return False
    if b"GenericImage" in head and b"testcontainers" in head:
        return True
    return b"Command" in head and _RUST_ENGINE.search(head) is not None


_RUST_ENGINE = lazy_pattern(rb'\bCommand\s*::\s*new\s*\(\s*"(?:docker|podman)"')


def builds_fixture_images(path: PathArg, *, limit: int = 1024 * 1024) -> bool:
    """Whether a Go source imports anchore/stereoscope's ``imagetest``, whose calls build the
    test's fixture images from its ``testdata/`` (a quick look; see ``.builds._stereoscope``)."""
    head = _head(path, limit)
    return head is not None and _STEREOSCOPE in head


_STEREOSCOPE = b'"github.com/anchore/stereoscope/pkg/imagetest"'
_BUILDKIT = b'"github.com/moby/buildkit/'
#: ``exec.Command("docker"`` (``CommandContext(ctx, "podman"``), or a call of the file's own
#: function with one, ``run("docker", …)`` (see ``.builds.mage``).
_EXEC_ENGINE = lazy_pattern(
    rb"(?:\bexec\.Command(?:Context)?\(\s*(?:\w+\s*,\s*)?|(?<![\w.])[A-Za-z_]\w*\(\s*)"
    rb'(?:"(?:docker|podman)"|`(?:docker|podman)`)'
)

#: A call of another package's function with the words of a ``docker`` command
#: (``testutil.RunContainer(t, "run", …``; see ``.builds.mage.may_call_runners``).
_RUNNER_CALL = lazy_pattern(
    rb'(?<![\w.])[A-Za-z_]\w*\.[A-Z]\w*\(\s*(?:[^,()"]+,\s*){0,3}"(?:run|pull|create)"\s*,'
)

#: What a Go source that imports testcontainers-go, dockertest, dktest, efficientgo/e2e, Vault's
#: Docker helper or mage's ``sh`` says.
_GO_IMPORTS = (
    b'"github.com/testcontainers/testcontainers-go',
    b'"github.com/ory/dockertest',
    b'"github.com/dhui/dktest"',
    b'"github.com/efficientgo/e2e"',
    b'/dktesting"',
    b'/helper/docker"',
    b'"github.com/magefile/mage/sh"',
    b'"github.com/rudderlabs/compose-test/compose"',
    _STEREOSCOPE,
)
#: What a Go infrastructure-as-code program imports (Pulumi, AWS CDK, cdk8s, CDK for
#: Terraform: the containers its resources declare; see ``.builds.iac_go``).
_GO_IAC_IMPORTS = (
    b'"github.com/pulumi/pulumi-',
    b'"github.com/aws/aws-cdk-go/',
    b'"github.com/cdk8s-team/',
    b'"github.com/hashicorp/terraform-cdk-go/',
)


#: What a Go source that makes Kubernetes objects imports (client-go's core types), and a
#: container's ``Image`` field it may write (see ``.builds.client_go``).
_CLIENT_GO = b'"k8s.io/api/core/v1"'
_CONTAINER_IMAGE = lazy_pattern(rb"(?<![\w.])Image\s*:")
#: What a Go source that describes a Dagger pipeline imports: the SDK, or the package a Dagger
#: module generates for itself (see ``.builds.dagger``).
_GO_DAGGER_IMPORTS = (b'"dagger.io/dagger"', b'/internal/dagger"')


def _left_out_by_go(directories: tuple[str, ...]) -> bool:
    """Whether the go tool leaves a directory out of its packages (``testdata``, ``_x``,
    ``.x``). A Dagger module's ``.dagger`` is no package of the project's: it is a module of
    its own, which the engine builds, so it is not left out."""
    return any(
        part == "testdata" or (part.startswith(("_", ".")) and part != ".dagger")
        for part in directories
    )


def _go_documentation(parts: tuple[str, ...]) -> bool:
    """Whether a Go source is an example of a directory of documentation, as Python's and
    Node's are left out there: dagger/dagger's ``docs/current_docs/**/snippets/*/go/main.go``
    and the copies of old versions' pages in Docusaurus' ``docs/versioned_docs/version-*/``,
    Dagger modules a page shows and no test runs (464 findings, survey s40b). A ``_test.go``
    there is still read: ``go test ./...`` runs it when the directory is the module's."""
    return not parts[-1].endswith("_test.go") and not _DOCUMENTATION_DIRECTORIES.isdisjoint(
        parts[:-1]
    )


def is_node_source_name(name: str) -> bool:
    """Whether a file's name is a JavaScript or TypeScript source's (not a ``.d.ts``)."""
    return name.endswith(NODE_SOURCE_SUFFIXES) and not name.endswith(".d.ts")


def imports_container_libraries_node(path: PathArg, *, limit: int = 1024 * 1024) -> bool:
    """Whether a JavaScript or TypeScript source names testcontainers-node's packages
    (``"testcontainers"``, ``@testcontainers/…``) or dockerode's (a quick look at its first
    ``limit`` bytes): most start no container, and are not read (see ``.builds.node``)."""
    head = _head(path, limit)
    if head is None:
        return False
    if any(marker in head for marker in _NODE_IMPORTS):
        return True
    if any(marker in head for marker in _NODE_IAC_IMPORTS):
        from .builds.iac_node import is_generated

        return not is_generated(head)  # (cdk8s' imports/k8s.ts, an SDK's own sources)
    return False


#: What a source that imports testcontainers-node or dockerode says (a project's own package
#: named ``@acme/testcontainers`` is not the library).
_NODE_IMPORTS = (
    b'"testcontainers"',
    b"'testcontainers'",
    b"@testcontainers/",
    b'"dockerode"',
    b"'dockerode'",
    b'"@dagger.io/dagger"',
    b"'@dagger.io/dagger'",
)
#: What a JavaScript or TypeScript infrastructure-as-code program says (Pulumi, AWS CDK,
#: cdk8s, CDK for Terraform); a generated binding says it too.
_NODE_IAC_IMPORTS = (
    b'"@pulumi/',
    b"'@pulumi/",
    b"aws-cdk-lib",
    b"@aws-cdk/",
    b"cdk8s",
    b'"cdktf"',
    b"'cdktf'",
)


def runs_engine_node(path: PathArg, *, limit: int = 1024 * 1024) -> bool:
    """Whether a JavaScript or TypeScript script, not a unit test's, may run the engine
    through ``child_process``, execa or zx (a quick look; see ``.builds.node_commands``)."""
    head = _head(path, limit)
    if head is None:
        return False
    from .builds.iac_node import is_unit_test
    from .builds.node_commands import names_engine_command

    return names_engine_command(head) and not is_unit_test(os.fspath(path))


#: The directories whose JavaScript and TypeScript sources are looked at for the engine
#: commands they run themselves (a project's scripts).
_NODE_SCRIPT_DIRECTORIES = frozenset({"scripts", "script", "bin", "tools", "hack"})


def _container_library_packages(root: str, relative: list[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """The directories whose ``package.json`` names testcontainers or dockerode (a dependency
    of theirs, or of a workspace above them): only their sources may import one, and only
    theirs are looked at (a JavaScript project holds thousands of sources, most of which
    start no container)."""
    from .builds.node import PACKAGE_NAMES

    found: set[tuple[str, ...]] = set()
    for parts in relative:
        if parts[-1] == PACKAGE_JSON:
            head = _head(_tidy(root, *parts), 1024 * 1024)
            if head is not None and any(name in head for name in PACKAGE_NAMES):
                found.add(parts[:-1])  # (a dependency's name: not ``@acme/testcontainers``)
    return found


def _under_any(parts: tuple[str, ...], directories: set[tuple[str, ...]]) -> bool:
    """Whether the file ``parts`` lies in one of ``directories``, at any depth."""
    return any(parts[:index] in directories for index in range(len(parts)))


def is_aspire_source(path: PathArg, *, limit: int = 1024 * 1024) -> bool:
    """Whether a C# source says ``DistributedApplication`` or ``IResourceBuilder`` (a quick
    look at its first ``limit`` bytes): most run no container (see ``.builds.aspire``)."""
    head = _head(path, limit)
    if head is None:
        return False
    return b"DistributedApplication" in head or b"IResourceBuilder" in head


def reads_csharp_images(path: PathArg, *, limit: int = 1024 * 1024) -> bool:
    """Whether a C# source may name images (one quick look at its first ``limit`` bytes): an
    Aspire AppHost's (:func:`is_aspire_source`), Testcontainers for .NET's
    (:func:`uses_testcontainers_dotnet`), a NUKE build's ``DockerTasks`` (see
    ``.builds.nuke``), FluentDocker's (``.builds.fluentdocker``) or an infrastructure-as-code
    program's (``.builds.iac_csharp``)."""
    head = _head(path, limit)
    if head is None:
        return False
    if b"DistributedApplication" in head or b"IResourceBuilder" in head:
        return True
    if b"Testcontainers" in head or b"DockerTasks" in head or b"FluentDocker" in head:
        return True
    if any(marker in head for marker in _CSHARP_IAC_USINGS):
        from .builds.iac_node import is_generated

        if not is_generated(head):  # (an IaC program's containers: .builds.iac_csharp)
            return True
    return _makes_builder(head) and project_references_testcontainers(path)


#: What a C# infrastructure-as-code program says (Pulumi, AWS CDK, CDK for Terraform, cdk8s).
_CSHARP_IAC_USINGS = (
    b"using Pulumi",
    b"using Amazon.CDK",
    b"using HashiCorp.Cdktf",
    b"using Org.Cdk8s",
)


def uses_testcontainers_dotnet(path: PathArg, *, limit: int = 1024 * 1024) -> bool:
    """Whether a C# source may start Testcontainers for .NET's containers (a quick look at
    its first ``limit`` bytes): it says ``Testcontainers``, or makes a builder while its
    project references Testcontainers (:func:`project_references_testcontainers`: a
    ``global using`` in another file). See ``.builds.testcontainers_dotnet``."""
    head = _head(path, limit)
    if head is None:
        return False
    if b"Testcontainers" in head:
        return True
    return _makes_builder(head) and project_references_testcontainers(path)


def _makes_builder(head: bytes) -> bool:
    """Whether a source's text makes one of Testcontainers' builders (``new RedisBuilder(``)."""
    if b"Builder" not in head:
        return False
    from .builds.testcontainers_dotnet import BUILDERS

    names = b"|".join(sorted(name.encode() for name in BUILDERS))
    return re.search(rb"\bnew\s+(?:\w+\.)*(?:" + names + rb")\s*[<(]", head) is not None


def project_references_testcontainers(path: PathArg) -> bool:
    """Whether the .NET project a source belongs to (:func:`dotnet_project_files`) says
    ``Testcontainers``: its package references, which every source of the project compiles
    against, or a ``global using Testcontainers.…;`` of its own (:func:`project_global_usings`:
    a reference it gets through another project)."""
    heads = (_head(project, 1024 * 1024) for project in dotnet_project_files(path))
    if any(head is not None and b"Testcontainers" in head for head in heads):
        return True
    usings = (_head(source, _USINGS_HEAD) for source in project_global_usings(path))
    return any(head is not None and b"Testcontainers" in head for head in usings)


def project_global_usings(path: PathArg) -> list[str]:
    """The sources beside a source's project file that open with ``global using`` directives
    (``GlobalUsings.cs``, ``Usings.cs``): C# allows them only before anything else, so a
    look at each one's first bytes tells."""
    projects = dotnet_project_files(path)
    if not projects:
        return []
    directory = os.path.dirname(projects[0])
    try:
        names = sorted(name for name in os.listdir(directory) if name.endswith(".cs"))
    except OSError:
        return []
    found: list[str] = []
    for name in names[:_PROJECT_SOURCES]:
        source = os.path.join(directory, name)
        head = _head(source, _USINGS_HEAD)
        if head is not None and b"global using" in head:
            found.append(source)
    return found


def dotnet_project_files(path: PathArg) -> list[str]:
    """The ``*.csproj``, ``*.fsproj`` or ``*.vbproj`` of the nearest directory above a source
    that has one (within the repository): the project that compiles it."""
    directory = os.path.dirname(os.path.abspath(os.fspath(path)))
    for _ in range(_PROJECT_DEPTH):
        try:
            names = sorted(os.listdir(directory))
        except OSError:
            return []
        projects = [name for name in names if name.endswith(_PROJECT_SUFFIXES)]
        if projects:
            return [os.path.join(directory, name) for name in projects]
        parent = os.path.dirname(directory)
        if parent == directory or ".git" in names:
            return []
        directory = parent
    return []


#: How far above a source its project file is looked for, and the names project files have;
#: how many sources beside it are looked at for global usings, and how much of each.
_PROJECT_DEPTH = 8
_PROJECT_SOURCES = 200
_USINGS_HEAD = 8192
_PROJECT_SUFFIXES = (".csproj", ".fsproj", ".vbproj")


def names_container_base(path: PathArg, *, limit: int = 1024 * 1024) -> bool:
    """Whether an MSBuild file says ``<ContainerBaseImage>`` (a quick look at its first
    ``limit`` bytes): most set no image (see ``.builds.msbuild``)."""
    head = _head(path, limit)
    return head is not None and b"<ContainerBaseImage>" in head


def is_devcontainer_path(path: PathArg) -> bool:
    """Where the Development Containers specification reads a configuration:
    ``.devcontainer/devcontainer.json``, ``.devcontainer/NAME/devcontainer.json``, and
    ``.devcontainer.json`` in any folder."""
    name = _name(path)
    if name == DEVCONTAINER_FILE_NAMES[0]:
        return True
    if name != DEVCONTAINER_FILE_NAMES[1]:
        return False
    folders = path_parts(path)[-3:-1]
    return DEVCONTAINER_DIRECTORY in folders


def is_feature_scenarios_path(path: PathArg) -> bool:
    """A Dev Container Feature's test scenarios: ``scenarios.json`` in a folder of ``test/``
    (``test/<feature>/``, ``test/_global/``), what ``devcontainer features test`` reads."""
    return _name(path) == "scenarios.json" and path_parts(path)[-3:-2] == ("test",)


def is_compose_name(path: PathArg) -> bool:
    """``compose.y*ml`` and ``docker-compose.y*ml`` (``.override``, ``.prod`` and the like
    too), as ``docker compose`` looks for them,
    swarm stack files in the same format (``docker-stack*.y*ml``, ``stack.y*ml``), and any
    YAML file with ``compose`` as a word of its name (``test.compose.yml``,
    ``kong-tests-compose.yaml``): what people pass to ``docker compose -f``."""
    name = _name(path)
    if not name.endswith((".yml", ".yaml")):
        return False
    if name.startswith("docker-stack") or name in ("stack.yml", "stack.yaml"):
        return True
    # A word, not a prefix: an Ansible role's composer.yml installs PHP's Composer.
    stem = name.rpartition(".")[0].lower()
    return "compose" in stem.replace("-", ".").replace("_", ".").split(".")


def is_template_name(path: PathArg) -> bool:
    """A name that says the file is a template: a template engine's suffix (``.j2``,
    ``.tmpl``, ``.template``…), or a compose file's name with ``template`` as a word beside
    the compose file it makes (``docker-compose-template.yaml``, which langgenius/dify's
    ``generate_docker_compose`` reads to write the ``docker-compose.yaml`` beside it; nobody
    runs it). Without that file beside it, such a file is what a setup copies as it is:
    Openpanel-dev/openpanel's ``self-hosting/quiz.ts`` copies ``docker-compose.template.yml``
    to ``docker-compose.yml``, which is not in the repository, and starts it."""
    name = _name(path)
    if name.endswith(TEMPLATE_SUFFIXES):
        return True
    words = name.lower().rpartition(".")[0].replace("-", ".").replace("_", ".").split(".")
    if "template" not in words or not is_compose_name(path):
        return False
    directory = os.path.dirname(os.fspath(path))
    return any(os.path.isfile(os.path.join(directory, made)) for made in _MADE_COMPOSE_FILES)


#: The compose files a compose template makes (those ``docker compose`` reads without ``-f``).
_MADE_COMPOSE_FILES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")


#: The endings of a file committed for the user to copy to the name before them, as
#: ``.env.example`` is copied to ``.env`` (the copy is the file the tool then reads).
COPY_ENDINGS = (".sample", ".example", ".dist")


def is_compose_copy(path: PathArg) -> bool:
    """A compose file committed under a copy's name (``docker-compose.yml.sample``,
    ``compose.yaml.example``, ``docker-compose.yml.dist``) with no file of the name it makes
    beside it: the setup copies it as it is and starts it, so its images are what compose
    pulls. Luctia/ezarr's README (step 5) and its CI job run ``cp docker-compose.yml.sample
    docker-compose.yml`` then ``docker compose up -d`` (survey 38b: 17 images missed). With
    the made file beside it, that file is the one compose reads, and the copy is its model
    (as a compose template's, :func:`is_template_name`). ``path`` is where the file lies: the
    answer looks beside it."""
    text = os.fspath(path)
    made, dot, ending = _name(text).rpartition(".")
    if not dot or f".{ending.lower()}" not in COPY_ENDINGS or not is_compose_name(made):
        return False
    return not os.path.isfile(os.path.join(os.path.dirname(text), made))


def is_ci_path(path: PathArg) -> bool:
    """A CI configuration at its standard path (``.github/workflows/*.yml``, ``.gitlab-ci.yml``)."""
    from .ci import ci_system

    return ci_system(path) is not None


#: The file a chainsaw test directory holds its test in (chainsaw's ``testFile`` default,
#: ``chainsaw-test``, tried as ``.yaml`` and then ``.yml``).
CHAINSAW_TEST_FILES = ("chainsaw-test.yaml", "chainsaw-test.yml")

#: The names kustomize looks for in a directory, in its order.
KUSTOMIZATION_FILES = ("kustomization.yaml", "kustomization.yml", "Kustomization")


def is_kustomization_file(path: PathArg) -> bool:
    """``kustomization.yaml``, ``kustomization.yml`` or ``Kustomization``."""
    return _name(path) in KUSTOMIZATION_FILES


def is_skaffold_name(name: str) -> bool:
    """``skaffold*.yaml`` or ``skaffold*.yml``: what Skaffold configurations are called, also
    those a project uses with ``skaffold -f`` (``skaffold-gradle.yaml``)."""
    return name.startswith("skaffold") and name.endswith((".yaml", ".yml"))


#: How much of a file :func:`is_skaffold_config` looks at.
_SNIFF_BYTES = 64 * 1024


def is_skaffold_config(path: str) -> bool:
    """Whether a file's text says it is a Skaffold configuration: a top-level
    ``apiVersion: skaffold/…`` and ``kind: Config`` (a look at its start, no YAML parsed)."""
    head = _head(path, _SNIFF_BYTES)
    if head is None:
        return False
    import re

    version = re.search(rb"^apiVersion:[ \t]*[\"']?skaffold/", head, re.MULTILINE)
    return (
        version is not None
        and re.search(rb"^kind:[ \t]*[\"']?Config\b", head, re.MULTILINE) is not None
    )


def may_build(data: bytes) -> bool:
    """A quick look at a file's bytes: whether a command in it could build or tag an image, or
    run compose (an engine's name, ``build``, ``tag``, ``manifest``, ``commit``, ``compose``
    or ``bake``: ``docker/bake-action``), or copy one with a registry tool (``crane copy``),
    or publish one with the .NET SDK, before anything is read as a script.

    >>> may_build(b"docker build -t acme/app ."), may_build(b"go build ./...")
    (True, False)
    """
    if b"e2e " in data and _RUNS_INFRA_E2E.search(data) is not None:
        return True  # (Apache SkyWalking's e2e runner starts a compose file: .builds._infra_e2e)
    if (b"localhost:" in data or b"127.0.0.1:" in data) and b"-p" in data:
        # (a registry a container of its own serves: .builds._engine_commands.served_images)
        return any(word in data for word in _ENGINE_BYTES)
    if (
        (
            b"build" not in data
            and b"tag" not in data
            and b"manifest" not in data
            and b"compose" not in data
            and b"bake" not in data
            and b"commit" not in data
        )
        and not _may_copy(data)
        and not _may_publish(data)
        and b"mkctr" not in data
        and b"apko" not in data  # (`apko publish`: see .builds._apko)
    ):
        return False
    return (
        any(word in data for word in _ENGINE_BYTES)
        or _may_copy(data)
        or _may_publish(data)
        or b"mkctr" in data  # (Tailscale's builder: .builds._mkctr)
        or b"publish-multi-arch-manifest" in data  # (a CI action's: .ci._actions.PUBLISH_ACTIONS)
    )


def _may_publish(data: bytes) -> bool:
    """Whether the .NET SDK's container build may be in the bytes (``dotnet publish
    -t:PublishContainer``, see ``.builds._dotnet_publish``): it names the project's image."""
    return b"dotnet" in data and (b"PublishContainer" in data or b"DefaultContainer" in data)


def _may_copy(data: bytes) -> bool:
    """Whether a registry tool's copy or push may be in the bytes (its destination is the
    project's image: ``crane copy SRC DST``, see ``.builds._registry_tools``)."""
    return (b"copy" in data or b"cp " in data or b"push" in data) and any(
        tool in data for tool in (b"crane", b"skopeo", b"oras", b"regctl")
    )


#: How an engine's name is written, in a command or a variable's name (``$(DOCKER)``);
#: kind's ``build node-image``; Kaniko (a Drone or Woodpecker step of its plugin builds); and
#: apko, which builds an image from APK packages.
_ENGINE_BYTES = (
    b"docker", b"DOCKER", b"Docker", b"podman", b"PODMAN", b"nerdctl", b"buildah", b"node-image",
    b"kaniko", b"devcontainer build", b"apko",
)  # fmt: skip


def is_build_tool_file(path: PathArg) -> bool:
    """A build tool's file by its default name (``skaffold.yaml``, ``Tiltfile``,
    ``docker-bake.hcl``, ``.ko.yaml``…, a Dev Container's ``devcontainer.json`` in its
    places, a ``package.json`` whose scripts npm runs, a go-task ``Taskfile.yml``, a
    ``.goreleaser.yaml``): what it builds, and what it pulls itself."""
    return (
        _name(path) in BUILD_TOOL_FILES
        or is_devcontainer_path(path)
        or is_feature_scenarios_path(path)
        or is_garden_name(path)
        or is_vagrantfile_variant(path)
        or (is_helmfile_path(path) and not _name(path).endswith(_YAML_ENDINGS))
        or (is_helmfile_path(path) and _name(os.path.dirname(os.fspath(path))) == "helmfile.d")
    )


def is_vagrantfile_variant(path: PathArg) -> bool:
    """``Vagrantfile-NAME``, ``Vagrantfile.NAME``: a Vagrantfile a README has the user rename
    (see .builds.vagrant)."""
    name = _name(path)
    if not name.startswith(VAGRANTFILE_NAME) or name == VAGRANTFILE_NAME:
        return False
    from .builds.vagrant import is_vagrantfile_name

    return is_vagrantfile_name(name)


#: The endings of YAML files (a ``helmfile-job.yaml`` may be a manifest: see ``_by_content``).
_YAML_ENDINGS = (".yaml", ".yml")


#: The endings of the files helmfile reads (a ``.gotmpl`` one is a template first).
_HELMFILE_ENDINGS = (".yaml", ".yml", ".yaml.gotmpl", ".yml.gotmpl")


def is_helmfile_path(path: PathArg) -> bool:
    """A helmfile by its path: ``helmfile.yaml`` or ``helmfile.yaml.gotmpl``, another
    ``helmfile*.yaml`` (one used with ``helmfile -f``: ``helmfile.slim.yaml``), or a YAML
    file of a ``helmfile.d/`` directory, which helmfile reads without ``-f``.

    >>> is_helmfile_path("src/app/helmfile.slim.yaml"), is_helmfile_path("helmfile.d/01-db.yaml")
    (True, True)
    >>> is_helmfile_path("helmfiles.yaml"), is_helmfile_path("deploy/values.yaml")
    (False, False)
    """
    name = _name(path)
    if not name.endswith(_HELMFILE_ENDINGS):
        return False
    if name.startswith("helmfile") and name[len("helmfile") : len("helmfile") + 1] in ".-_":
        return True
    return os.path.basename(os.path.dirname(os.fspath(path))) == "helmfile.d"


def _by_content(path: str, kind: str, *, named: bool = False) -> str:
    """The kind of a found file whose name alone does not tell: a ``skaffold*.yaml`` that holds
    a Skaffold configuration (used with ``skaffold -f``) is a build file, not a manifest; an
    Azure pipeline or template (Azure runs any file it is told to) is a CI file, when it is
    in one of Azure's places or ``named`` on the command line, and has Azure's shape; so is
    a Cloud Build configuration (``gcloud builds submit --config FILE``) in one of its places
    (``cloudbuild-prod.yaml``, ``cloudbuild/*.yaml``) or named, with Cloud Build's shape, and
    a CircleCI configuration a setup pipeline continues with (``.circleci/continue_config.yml``),
    and an orb's source executor or job (``src/executors/*.yml`` beside ``src/@orb.yml``)."""
    if kind != KUBERNETES:
        return kind

    name = _name(path)
    if is_skaffold_name(name) and is_skaffold_config(path):
        return BUILD
    if name.startswith("helmfile") and is_helmfile_path(path) and _holds_releases(path):
        return BUILD  # (one used with `helmfile -f`; a manifest named so stays a manifest)
    if name.startswith(_APP_CONFIG_STARTS) and _configures_test_containers(path):
        return BUILD  # (a JVM application's configuration: .builds.app_config)
    from ._azure_shape import is_azure_file, is_azure_place

    if (named or is_azure_place(path)) and is_azure_file(path):
        return CI
    from ._cloudbuild_shape import is_cloudbuild_file, is_cloudbuild_place

    if (named or is_cloudbuild_place(path)) and is_cloudbuild_file(path):
        return CI
    from ._circleci_shape import is_circleci_file, is_circleci_place, orb_source_section

    if is_circleci_place(path) and is_circleci_file(path):
        return CI
    if orb_source_section(path) is not None:
        return CI  # (an orb's source: ``src/executors/*.yml``, ``src/jobs/*.yml``)
    return kind


def _holds_releases(path: str) -> bool:
    """Whether a YAML file has helmfile's top-level ``releases:``, ``helmfiles:`` or
    ``bases:`` (a quick look at its first 1 MiB)."""
    head = _head(path, 1024 * 1024)
    return head is not None and _HELMFILE_KEYS.search(head) is not None


#: helmfile's top-level keys that no manifest has.
_HELMFILE_KEYS = lazy_pattern(rb"^(?:releases|helmfiles|bases):", re.M)


#: How the names of a JVM application's YAML configurations start (``application*.yml``,
#: ``bootstrap.yml``: .builds.app_config).
_APP_CONFIG_STARTS = ("application", "bootstrap")


def _configures_test_containers(path: str) -> bool:
    """Whether an ``application*.yml`` (or ``bootstrap.yml``) on the classpath names the image
    of a test container (Micronaut Test Resources', Quarkus Dev Services', Playtika's; a quick
    look at its first 1 MiB)."""
    from .builds.app_config import is_app_config_name, names_test_images

    if not is_app_config_name(path):
        return False
    head = _head(path, 1024 * 1024)
    return head is not None and names_test_images(head)


def is_helm_chart_file(path: PathArg) -> bool:
    """A Helm chart's ``Chart.yaml`` (its chart directory is what is scanned)."""
    return _name(path) == "Chart.yaml"


#: What helm reads in a chart's own directory, besides its templates/ and charts/ directories.
_CHART_FILES = ("Chart.yaml", "Chart.lock", "requirements.yaml", "values.schema.json")


def chart_of(path: str) -> str | None:
    """The directory of the Helm chart whose rendering reads ``path``, or ``None``.

    A chart's values (``values*.yaml``), its ``Chart.yaml`` and every file under its
    ``templates/`` or ``charts/`` are read by rendering the chart, never alone: a
    template is no manifest until it is rendered. A subchart's file belongs to the
    outermost chart that vendors it, whose values it renders with.
    """
    directory, name = os.path.split(os.path.abspath(path))
    inner: list[str] = []  # the path's directories inside the chart, outermost first
    while True:
        if os.path.isfile(os.path.join(directory, "Chart.yaml")):
            if inner[:1] in (["templates"], ["charts"]) or (
                not inner and (name in _CHART_FILES or _is_values_name(name))
            ):
                break
            return None
        parent, here = os.path.split(directory)
        if parent == directory or len(inner) >= 16:
            return None
        inner.insert(0, here)
        directory = parent
    while True:  # charts/NAME/ of a chart: the parent chart renders it
        parent = os.path.dirname(directory)
        if os.path.basename(parent) != "charts":
            return directory
        outer = os.path.dirname(parent)
        if not os.path.isfile(os.path.join(outer, "Chart.yaml")):
            return directory
        directory = outer


def is_chart_package(path: str) -> bool:
    """Whether a ``.tgz`` is a chart as ``helm package`` makes it: one ``NAME/`` directory with
    ``NAME/Chart.yaml`` among its first entries (a ``docker save`` has none)."""
    if not path.endswith((".tgz", ".tar.gz")):
        return False
    import tarfile

    try:
        with tarfile.open(path, "r:gz") as archive:
            for _, member in zip(range(64), archive, strict=False):
                top, _, rest = member.name.partition("/")
                if rest == "Chart.yaml" and top:
                    return True
    except (OSError, tarfile.TarError, EOFError):
        return False
    return False


def _is_values_name(name: str) -> bool:
    return name.startswith("values") and name.endswith((".yaml", ".yml"))


#: The endings of ``Makefile.NAME`` files that are no Makefile ``make -f`` runs: automake's
#: and configure's inputs, other tools' files (cargo-make's ``Makefile.toml``, Perl's
#: ``Makefile.PL``), documents, copies and templates.
_NOT_MAKEFILE_ENDINGS = frozenset(
    {"am", "in", "toml", "pl", "py", "js", "ts", "json", "yml", "yaml", "md", "rst", "txt",
     "orig", "bak", "old", "rej", "swp", "example", "sample", "dist", "template", "tmpl", "tpl",
     "j2", "jinja", "jinja2", "erb", "em", "win", "msvc", "msc", "nmake", "vc", "watcom", "bat"}
)  # fmt: skip


def is_named_makefile(name: str) -> bool:
    """A ``Makefile.NAME`` (``GNUmakefile.NAME``, ``makefile.NAME``) of the kind a project
    runs with ``make -f``: seaweedfs's ``test/s3/iam/Makefile.docker`` builds the
    ``local/seaweedfs:latest`` its compose file runs. Not one whose ending says another tool's
    file, a document or a template (:data:`_NOT_MAKEFILE_ENDINGS`).

    >>> is_named_makefile("Makefile.docker"), is_named_makefile("Makefile.am")
    (True, False)
    >>> is_named_makefile("Makefile.toml"), is_named_makefile("Makefile")
    (False, False)
    """
    base, dot, ending = name.partition(".")
    return (
        bool(dot)
        and base in MAKEFILE_NAMES
        and ending.isidentifier()
        and ending.lower() not in _NOT_MAKEFILE_ENDINGS
    )


def is_makefile_path(path: PathArg) -> bool:
    """``Makefile``, ``makefile``, ``GNUmakefile`` or ``*.mk``: recipes whose commands may run
    or pull images (``docker run IMAGE``)."""
    return command_file_kind(_name(path)) == MAKE


def is_shell_script_path(path: PathArg) -> bool:
    """``*.sh``, ``*.bash``, ``*.bats``, ``*.ps1``, ``*.psm1``: a script whose commands may run
    or pull images (``docker run IMAGE``)."""
    return command_file_kind(_name(path)) == SHELL


def is_shell_program(path: PathArg) -> bool:
    """Whether a file is a program the shell runs though its name has no ``.sh``: executable,
    with a first line that runs a POSIX shell (``#!/usr/bin/env bash``).
    discourse/discourse_docker's ``launcher`` pulls and runs ``discourse/base``, and its
    ``discourse-setup`` runs the setup wizard's image: the commands a user types
    (``./launcher rebuild app``), named as programs are. Not executable, such a file runs
    only as ``sh FILE`` (and is not read: most are data)."""
    return program_kind(path) == SHELL


def program_kind(path: PathArg) -> str | None:
    """What reads an executable file whose name does not say: ``shell`` for one whose first
    line runs a POSIX shell (see :func:`is_shell_program`), ``make`` for one whose first line
    runs ``make -f`` (syslog-ng's ``dbld/rules``, ``./rules image-devshell``, Debian's
    ``rules`` style), else ``None``."""
    try:
        mode = os.stat(path).st_mode
        if not mode & stat.S_IXUSR or not stat.S_ISREG(mode):
            return None  # (a directory's names are searched too: one is no program)
        with open(path, "rb") as handle:
            head = handle.read(128)
    except OSError:
        return None
    if not head.startswith(b"#!"):
        return None
    if _SHELL_SHEBANG.match(head) is not None:
        return SHELL
    return MAKE if _MAKE_SHEBANG.match(head) is not None else None


def is_terraform_name(path: PathArg) -> bool:
    """``*.tf``: a file of a Terraform module (the module is its directory)."""
    name = _name(path)
    return name.endswith(".tf") and name != ".tf"


#: What a Nomad job file is called (``nomad job run`` reads any name; these say it is one).
NOMAD_SUFFIXES = (".nomad", ".nomad.hcl")


def is_nomad_name(path: PathArg) -> bool:
    """``*.nomad``, ``*.nomad.hcl``: a Nomad job file; ``*.nomad.tpl`` in a Nomad Pack's
    ``templates/`` (a ``metadata.hcl`` beside it): the template of one."""
    name = _name(path)
    if name.endswith(".nomad.tpl"):
        from ._nomad_pack import is_pack_template

        return is_pack_template(os.fspath(path))
    return name.endswith(NOMAD_SUFFIXES) and name not in NOMAD_SUFFIXES


def is_nomad_job_hcl(path: PathArg, *, limit: int = 256 * 1024) -> bool:
    """Any other ``*.hcl`` whose top level opens a ``job "NAME" {`` block: a Nomad job file
    (``nomad/jobs/web.hcl``; Packer's, Vault's and Consul's files have none)."""
    return _hcl_opening(path, b"job", limit)


def is_bake_hcl(path: PathArg, *, limit: int = 256 * 1024) -> bool:
    """Any other ``*.hcl`` whose top level opens a ``target "NAME" {`` block: a bake file that
    a command names with ``docker buildx bake -f`` (Mailu's ``tests/build.hcl``; Terraform's,
    Packer's and Nomad's files have no such block)."""
    return _hcl_opening(path, b"target", limit)


def _hcl_opening(path: PathArg, block: bytes, limit: int) -> bool:
    """Whether an ``*.hcl`` not of bake's own names opens a ``BLOCK "NAME" {`` at its top level
    (in its first ``limit`` bytes)."""
    name = _name(path)
    if not name.endswith(".hcl") or name in BAKE_FILE_NAMES:
        return False
    head = _head(path, limit)
    if head is None:
        return False
    return re.search(rb"^" + block + rb'[ \t]+"[^"\n]*"[ \t]*\{', head, re.M) is not None


def is_fly_config_name(path: PathArg) -> bool:
    """``fly.toml``, ``fly.staging.toml``: a Fly.io app's configuration (see .platforms)."""
    name = _name(path)
    if not (name.startswith("fly") and name.endswith(".toml")):
        return False  # (the usual case, before the module is imported)
    from .platforms.fly import is_fly_name

    return is_fly_name(os.fspath(path))


def is_quadlet_unit_name(path: PathArg) -> bool:
    """``web.container``, ``web.image``: a Podman Quadlet unit (see .platforms.quadlet)."""
    if not _name(path).endswith((".container", ".image")):
        return False  # (the usual case, before the module is imported)
    from .platforms.quadlet import is_quadlet_name

    return is_quadlet_name(os.fspath(path))


def is_opendax_template_path(path: PathArg) -> bool:
    """``templates/compose/NAME.yaml.erb``: an OpenDAX compose template, which its project's
    ``rake render:config`` renders (see .platforms.opendax)."""
    text = os.fspath(path)
    if not text.endswith(".erb"):
        return False  # (the usual case, before the module is imported)
    from .platforms.opendax import is_compose_template_path

    return is_compose_template_path(text)


def is_network_lab_name(path: PathArg) -> bool:
    """``lab.conf`` (a Kathará scenario), ``NAME.gns3a`` (a GNS3 appliance): a network lab's
    file whose devices run images (see .platforms.kathara, .platforms.gns3)."""
    name = _name(path)
    return name == "lab.conf" or name.endswith(".gns3a")


def is_packer_template_path(path: PathArg) -> bool:
    """``build.pkr.hcl``: a Packer template (see .packer)."""
    if not _name(path).endswith(".hcl"):
        return False  # (the usual case, before the module is imported)
    from .packer import is_packer_template_name

    return is_packer_template_name(os.fspath(path))


def is_chef_recipe_path(path: PathArg) -> bool:
    """``recipes/default.rb``: a Chef cookbook's recipe (see .chef)."""
    if not _name(path).endswith(".rb"):
        return False  # (the usual case, before the module is imported)
    from .chef import is_chef_recipe_name

    return is_chef_recipe_name(os.fspath(path))


def is_salt_state_path(path: PathArg) -> bool:
    """``init.sls``: a Salt state file (see .salt)."""
    return os.fspath(path).endswith(".sls")


def pulls_with_config_management(path: PathArg, *, limit: int = 1024 * 1024) -> bool:
    """Whether a Chef recipe or a Salt state file may pull (a quick look at its first
    ``limit`` bytes: a docker resource or state, or a command's pull): most manage no
    container, and are not read."""
    head = _head(path, limit)
    return head is not None and _CONFIG_MANAGEMENT_PULLS.search(head) is not None


_CONFIG_MANAGEMENT_PULLS = lazy_pattern(rb"\b(?:docker_container|docker_image|dockerng)\b|\bpull\b")


def is_systemd_service_name(path: PathArg) -> bool:
    """``web.service``: a systemd service unit (see .platforms.systemd)."""
    if not _name(path).endswith(".service"):
        return False  # (the usual case, before the module is imported)
    from .platforms.systemd import is_systemd_unit_name

    return is_systemd_unit_name(os.fspath(path))


def is_yaml_name(path: PathArg) -> bool:
    """Any other ``*.yaml`` or ``*.yml``: a Kubernetes manifest if it says so (apiVersion, kind)."""
    return _name(path).endswith((".yaml", ".yml"))


def is_cue_file_name(path: PathArg) -> bool:
    """``*.cue``: a CUE configuration (KubeVela's addons and definitions; see
    .platforms.cue), whose ``image`` fields name images."""
    name = _name(path)
    return name.endswith(".cue") and name != ".cue"


def is_kptfile_name(path: PathArg) -> bool:
    """``Kptfile``: a kpt package's, a KRM resource whose ``pipeline`` runs functions'
    images (``mutators[].image``) on ``kpt fn render``."""
    return _name(path) == "Kptfile"


#: The registry: tried in order, the first rule that matches decides the kind.
RULES: list[Rule] = [
    Rule(DOCKERFILE, is_dockerfile_name),
    Rule(CI, is_ci_path),
    Rule(COMPOSE, is_compose_name),
    Rule(KUSTOMIZE, is_kustomization_file),
    Rule(HELM, is_helm_chart_file),
    Rule(BUILD, is_build_tool_file),
    Rule(MAKE, is_makefile_path),
    Rule(SHELL, is_shell_script_path),
    Rule(TERRAFORM, is_terraform_name),
    Rule(NOMAD, is_nomad_name),
    Rule(DEPLOY, is_fly_config_name),
    Rule(DEPLOY, is_quadlet_unit_name),
    Rule(DEPLOY, is_systemd_service_name),
    Rule(DEPLOY, is_packer_template_path),
    Rule(DEPLOY, is_network_lab_name),
    Rule(DEPLOY, is_opendax_template_path),
    Rule(DEPLOY, is_cue_file_name),
    Rule(KUBERNETES, is_kptfile_name),
    Rule(KUBERNETES, is_yaml_name),
    Rule(ARCHIVE, is_archive_name, opt_in=True),
]


def kind_of_file(path: PathArg, *, kinds: Collection[str] | None = None) -> str | None:
    """The kind of source a file is by its path, or ``None``.

    ``kinds`` lists the opt-in kinds asked for (``None``: all of them).
    """
    for rule in RULES:
        if rule.opt_in and kinds is not None and rule.kind not in kinds:
            continue
        if rule.matches(path):
            return rule.kind
    return None


def sniff(path: PathArg) -> str:
    """The kind of a named file its name does not tell: an archive by magic bytes, else text."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(512 + 8)
    except OSError:
        return DOCKERFILE  # reading it again will report the error
    if head.startswith((b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00", b"\x28\xb5\x2f\xfd")):
        return ARCHIVE
    if head[257:262] == b"ustar":  # POSIX and GNU tar headers
        return ARCHIVE
    if _SHELL_SHEBANG.match(head):
        return SHELL  # (moby/buildkit's hack/test, named by pre-commit: a script, no Dockerfile)
    if _MAKE_SHEBANG.match(head):
        return MAKE  # (syslog-ng's dbld/rules)
    return DOCKERFILE


#: A first line that runs a POSIX shell (``#!/bin/sh``, ``#!/usr/bin/env bash``,
#: ``#!/usr/bin/env -S bash -e``). A Dockerfile made executable runs docker instead.
_SHELL_SHEBANG = lazy_pattern(
    rb"#![ \t]*(?:/[\w./-]*/)?(?:env[ \t]+(?:-\S+[ \t]+)*)?(?:ba|da|z|k|mk|a)?sh(?:[ \t]|\r?$)",
    re.M,
)


#: A first line that runs ``make -f`` on the file (``#!/usr/bin/make -f``,
#: ``#!/usr/bin/env -S make -f``).
_MAKE_SHEBANG = lazy_pattern(
    rb"#![ \t]*(?:/[\w./-]*/)?(?:env[ \t]+(?:-\S+[ \t]+)*)?g?make[ \t]+(?:-\S+[ \t]+)*-[a-zA-Z]*f\b"
)


def discover(paths: Sequence[PathArg], *, archives: bool = False) -> list[tuple[str, str]]:
    """The files to scan under ``paths``, each with its kind, in a stable order.

    Each named path contributes in turn: a file itself (whatever its name), a
    directory its source files sorted by path. A path named twice (or found
    twice) is listed once. A path that does not exist is skipped (the caller
    checks the paths it was given). Paths come back as text, tidied as
    ``str(PurePath(…))`` tidies them (``./Dockerfile`` is ``Dockerfile``); a file
    found in a directory is joined onto the directory as named.
    """
    kinds = frozenset({ARCHIVE}) if archives else frozenset()
    found: list[tuple[str, str]] = []
    seen: set[str] = set()

    def add(path: str, kind: str) -> None:
        key = os.path.normcase(os.path.abspath(path))
        if key not in seen:
            seen.add(key)
            found.append((path, kind))

    for named in paths:
        path = _tidy(named)
        if os.path.isdir(path):
            if os.path.isfile(os.path.join(path, OCI_LAYOUT_FILE)):
                add(path, ARCHIVE)  # named: read whatever ``archives`` says
                continue
            for file, kind in _walk_directory(path, kinds):
                add(file, kind)
        elif os.path.isfile(path):
            if _name(path).endswith(_SIDECARS):
                continue  # ignore and licence files beside a Dockerfile: no source
            named_kind = kind_of_file(path)
            chart = None
            if named_kind in (KUBERNETES, HELM) or path.endswith(".tpl"):
                chart = chart_of(path)
            if chart is not None:  # rendered with its chart: the chart is what is read
                shown = chart if os.path.isabs(path) else os.path.relpath(chart)
                add(os.path.join(shown, "Chart.yaml"), HELM)
                continue
            if named_kind == ARCHIVE and is_chart_package(path):
                add(path, HELM)  # helm package's .tgz: a chart, not a docker save
                continue
            if named_kind is None and _name(path) == DEVCONTAINER_FILE_NAMES[1]:
                named_kind = BUILD  # (named: a Dev Container's, wherever it is)
            if named_kind is None and is_nomad_job_hcl(path):
                named_kind = NOMAD
            if named_kind is None and is_bake_hcl(path):
                named_kind = BUILD  # (bake's, whatever a command names it)
            if named_kind is None and _name(path) in (POM_FILE_NAME, *GRADLE_FILE_NAMES):
                named_kind = BUILD  # (Jib's, when it configures Jib)
            if named_kind is None and _name(path).endswith(
                (*JVM_SOURCE_SUFFIXES, PYTHON_SOURCE_SUFFIX, GO_SOURCE_SUFFIX, RUST_SOURCE_SUFFIX)
            ):
                named_kind = BUILD  # (Testcontainers', when it uses the library)
            if named_kind is None and is_node_source_name(_name(path)):
                named_kind = BUILD  # (testcontainers-node's, when it imports the library)
            if named_kind is None and _name(path).endswith(CSHARP_SOURCE_SUFFIX):
                named_kind = BUILD  # (an Aspire AppHost's, when it is one)
            if named_kind is None and _name(path).endswith(MSBUILD_SUFFIXES):
                named_kind = BUILD  # (the .NET SDK's container build's, when it names a base)
            if named_kind is None and (
                _name(path) in SNAKEFILE_NAMES or _name(path).endswith(SNAKEMAKE_SUFFIXES)
            ):
                named_kind = BUILD  # (a Snakemake workflow's containers)
            if named_kind is None and is_definition_name(_name(path)):
                head = _head(path, 64 * 1024)
                if head is not None and says_bootstrap(head):
                    named_kind = BUILD  # (an Apptainer definition file's bootstrap image)
            if named_kind is None and (
                _name(path).endswith(BAZEL_SUFFIX) or _name(path) in BAZEL_BUILD_NAMES
            ):
                named_kind = BUILD  # (a Bazel macro file's pulls, when it has any)
            if named_kind is None and _name(path).endswith((CWL_SUFFIX, WDL_SUFFIX)):
                named_kind = BUILD  # (a CWL or WDL document's tools' images)
            if named_kind is None and _name(path).endswith(NIX_SUFFIX):
                named_kind = BUILD  # (a Nix expression's pulled images)
            if named_kind is None and _name(path).endswith(NEXTFLOW_SUFFIXES):
                named_kind = BUILD  # (a Nextflow pipeline's processes' images)
            if named_kind is None and _is_cloudbuild_json(path, named=True):
                named_kind = CI
            if named_kind is None and is_compose_copy(path):
                named_kind = COMPOSE
            if named_kind is None and _is_task_definition(path):
                named_kind = DEPLOY
            if named_kind is None and _is_unraid_template(path):
                named_kind = DEPLOY
            if named_kind is None and (is_salt_state_path(path) or is_chef_recipe_path(path)):
                named_kind = DEPLOY  # (a Salt state's or a Chef recipe's pulls)
            add(path, _by_content(path, named_kind, named=True) if named_kind else sniff(path))
        elif os.path.exists(path):  # a pipe or a device: read as text, never sniffed
            add(path, kind_of_file(path) or DOCKERFILE)
    return found


def left_out_of_walk(path: str) -> bool:
    """Whether a walk of the working directory leaves ``path`` out, file or directory: it
    lies under (or is) ``vendor/`` or ``node_modules/`` (``--force-exclude``)."""
    try:
        parts = path_parts(os.path.relpath(os.path.abspath(path)))
    except ValueError:  # (another drive)
        return False
    if not parts or parts[0] == os.pardir:
        return False  # (outside the working directory: nothing walks it)
    inside = parts if os.path.isdir(path) else parts[:-1]
    return not NOT_THE_PROJECTS.isdisjoint(inside)


def _walk_directory(root: str, kinds: Collection[str]) -> list[tuple[str, str]]:
    listed = _git_files(root)
    relative = sorted(listed or _plain_walk(root))
    # OCI layouts hold image data, never sources: not walked into; archives when asked.
    layouts = {parts[:-1] for parts in relative if parts[-1] == OCI_LAYOUT_FILE and len(parts) > 1}
    results: list[tuple[str, str]] = []
    seen_layouts: set[tuple[str, ...]] = set()
    node_packages: set[tuple[str, ...]] | None = None  # (looked for at the first JS source)
    place = _hidden_place(root)
    from ._repository_copies import repository_copies
    from ._site_outputs import site_outputs

    copies = _library_copies(relative) | repository_copies(root, relative) | site_outputs(relative)
    for parts in relative:
        copy = _inside(parts, copies) if copies else None
        if copy is not None and (parts[-1] not in _ACTION_FILES or parts[len(copy)] == ".github"):
            # (an action runs wherever it is: `uses: ./deps/hiredis`; the copy's own under its
            # .github/actions/, only its own workflows use, which never run here)
            continue
        inside = _inside(parts, layouts)
        if inside is not None:
            if inside not in seen_layouts:
                seen_layouts.add(inside)
                if ARCHIVE in kinds:
                    results.append((_tidy(root, *inside), ARCHIVE))
            continue
        if not NOT_THE_PROJECTS.isdisjoint(parts[:-1]):
            continue
        if place:
            parts = (*place, *parts)  # (where the file lies, as its CI system sees it)
        kind = kind_of_file(os.sep.join(parts), kinds=kinds)
        if kind == CI and not _runs_from_here(parts):
            continue
        parts = parts[len(place) :]
        if (
            kind is None
            and parts[-1].endswith(COPY_ENDINGS)
            and is_compose_copy(_tidy(root, *parts))  # (it looks beside the file)
        ):
            kind = COMPOSE
        if kind is None and parts[-1].endswith(".nomad.tpl"):
            from ._nomad_pack import is_pack_template

            if is_pack_template(_tidy(root, *parts)):  # (its metadata.hcl: below the root)
                kind = NOMAD
        if kind == SHELL and parts[-1].endswith((".ps1", ".psm1")):
            from .builds._powershell import may_run_programs

            if not may_run_programs(_tidy(root, *parts)):
                continue  # (a PowerShell script that runs no program the reading follows)
        if kind is None and (
            parts[-1].endswith(_BASES) or _named_after(parts[-1]) or _named_in_lower_case(parts[-1])
        ):
            file = _tidy(root, *parts)
            if is_prefixed_dockerfile(file):  # (its name alone does not tell: its text)
                results.append((file, DOCKERFILE))
        elif kind is None and parts[-1].endswith(".hcl"):
            file = _tidy(root, *parts)
            if is_nomad_job_hcl(file):  # (its name alone does not tell: its text)
                results.append((file, NOMAD))
            elif is_bake_hcl(file):
                results.append((file, BUILD))
        elif kind is None and parts[-1] == POM_FILE_NAME:
            file = _tidy(root, *parts)
            if configures_jib(file):  # (Jib's base image: most poms build no image)
                results.append((file, BUILD))
        elif kind is None and parts[-1] in GRADLE_FILE_NAMES:
            file = _tidy(root, *parts)
            if configures_jib_gradle(file):  # (Jib's base image: most scripts build no image)
                results.append((file, BUILD))
        elif kind is None and parts[-1].endswith(JVM_SOURCE_SUFFIXES):
            file = _tidy(root, *parts)
            if uses_testcontainers(file):  # (the images its tests start: most start none)
                results.append((file, BUILD))
        elif kind is None and parts[-1].endswith(PYTHON_SOURCE_SUFFIX):
            file = _tidy(root, *parts)
            in_docs = not _DOCUMENTATION_DIRECTORIES.isdisjoint(parts[:-1])
            if not in_docs and imports_container_libraries(file):  # (the images tests start)
                results.append((file, BUILD))
        elif kind is None and parts[-1].endswith(GO_SOURCE_SUFFIX):
            file = _tidy(root, *parts)
            left_out = _left_out_by_go(parts[:-1]) or _go_documentation(parts)
            if not left_out and imports_go_container_libraries(file):  # (the images tests start)
                results.append((file, BUILD))
        elif kind is None and parts[-1].endswith(RUST_SOURCE_SUFFIX):
            file = _tidy(root, *parts)
            if starts_rust_containers(file):  # (the images its tests start: most start none)
                results.append((file, BUILD))
        elif kind is None and is_node_source_name(parts[-1]):
            if node_packages is None:
                node_packages = _container_library_packages(root, relative)
            if not _under_any(parts, node_packages):
                if _NODE_SCRIPT_DIRECTORIES.isdisjoint(parts[:-1]):
                    continue
                # (a script may run the engine through Node's own child_process: no package
                # names it, so only the scripts' directories are looked at)
                file = _tidy(root, *parts)
                if runs_engine_node(file):
                    results.append((file, BUILD))
                continue
            file = _tidy(root, *parts)
            in_docs = not _DOCUMENTATION_DIRECTORIES.isdisjoint(parts[:-1])
            script = not _NODE_SCRIPT_DIRECTORIES.isdisjoint(parts[:-1])
            if not in_docs and (
                imports_container_libraries_node(file)  # (what tests start)
                or (script and runs_engine_node(file))  # (what a script runs)
            ):
                results.append((file, BUILD))
        elif kind is None and parts[-1].endswith(CSHARP_SOURCE_SUFFIX):
            file = _tidy(root, *parts)
            if reads_csharp_images(file):  # (most run none)
                results.append((file, BUILD))
        elif kind is None and parts[-1].endswith(MSBUILD_SUFFIXES):
            file = _tidy(root, *parts)
            if names_container_base(file):  # (the SDK's container build: most name no base)
                results.append((file, BUILD))
        elif kind is None and (
            parts[-1] in SNAKEFILE_NAMES or parts[-1].endswith(SNAKEMAKE_SUFFIXES)
        ):
            file = _tidy(root, *parts)
            head = _head(file, 10 * 1024 * 1024)
            if head is not None and b"docker://" in head:  # (most name no container)
                results.append((file, BUILD))
        elif kind is None and is_definition_name(parts[-1]):
            file = _tidy(root, *parts)
            head = _head(file, 64 * 1024)
            if head is not None and says_bootstrap(head):  # (Apptainer's; a .def of others)
                results.append((file, BUILD))
            elif "." not in parts[-1] and (program := program_kind(file)) is not None:
                results.append((file, program))
        elif kind is None and parts[-1].endswith(BAZEL_SUFFIX):
            file = _tidy(root, *parts)
            head = _head(file, 1024 * 1024)
            if head is not None and pulls_with_bazel(head):  # (most macros pull no image)
                results.append((file, BUILD))
        elif kind is None and parts[-1] in BAZEL_BUILD_NAMES:
            file = _tidy(root, *parts)
            head = _head(file, 1024 * 1024)
            if head is not None and (builds_with_bazel(head) or pulls_with_bazel(head)):
                results.append((file, BUILD))  # (most packages build no image)
        elif kind is None and parts[-1].endswith(NIX_SUFFIX):
            file = _tidy(root, *parts)
            head = _head(file, 10 * 1024 * 1024)
            if head is not None and (
                b"pullImage" in head or b"oci-containers" in head or b"docker-containers" in head
            ):  # (most expressions pull nothing; a NixOS configuration may run containers)
                results.append((file, BUILD))
        elif kind is None and parts[-1].endswith(CWL_SUFFIX):
            file = _tidy(root, *parts)
            head = _head(file, 10 * 1024 * 1024)
            if head is not None and b"dockerPull" in head:  # (most tools say the image once)
                results.append((file, BUILD))
        elif kind is None and parts[-1].endswith(WDL_SUFFIX):
            file = _tidy(root, *parts)
            head = _head(file, 10 * 1024 * 1024)
            if head is not None and (b"docker" in head or b"container" in head):
                results.append((file, BUILD))  # (a task's image: most documents name one)
        elif kind is None and parts[-1].endswith(NEXTFLOW_SUFFIXES):
            file = _tidy(root, *parts)
            if sets_nextflow_container(file):  # (a process's image: most configurations set none)
                results.append((file, BUILD))
        elif kind is None and (
            parts[-1].endswith(".sls")
            or (parts[-1].endswith(".rb") and is_chef_recipe_path(os.sep.join(parts)))
        ):
            file = _tidy(root, *parts)
            if pulls_with_config_management(file):  # (a recipe's or state's pulls: most pull none)
                results.append((file, DEPLOY))
        elif kind is None and parts[-1].endswith(".json"):
            file = _tidy(root, *parts)
            if _is_cloudbuild_json(file):
                results.append((file, CI))
            elif _is_task_definition(file):  # (an ECS task definition: its text says so)
                results.append((file, DEPLOY))
        elif kind is None and parts[-1].endswith(".xml"):
            file = _tidy(root, *parts)
            if _is_unraid_template(file):  # (an Unraid Docker template: its root says so)
                results.append((file, DEPLOY))
        elif kind is None and "." not in parts[-1]:
            file = _tidy(root, *parts)
            program = program_kind(file)
            if program is not None:
                results.append((file, program))
        elif kind is not None:
            file = _tidy(root, *parts)
            if os.path.isfile(file):
                results.append((file, _by_content(file, kind)))
    return _without_second_names(results)


def _without_second_names(found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``found`` without the symbolic links to a file found under its own name, as the same
    kind: that file is read once, where it lies. knative/eventing links
    ``test/config/monitoring.yaml`` to ``monitoring/monitoring.yaml``, and each finding of
    the file was made twice. A link to a file the walk does not find (outside it, or read
    as another kind) is the only name it has here, and stays."""
    links = {file for file, _ in found if os.path.islink(file)}
    if not links:
        return found
    targets = {os.path.realpath(file): kind for file, kind in found if file not in links}
    return [
        (file, kind)
        for file, kind in found
        if file not in links or targets.get(os.path.realpath(file)) != kind
    ]


def _is_task_definition(path: str) -> bool:
    """A JSON file that is an Amazon ECS task definition (see .platforms.ecs), an Azure IoT
    Edge deployment manifest (see .platforms.iotedge), a PrairieLearn question that runs a
    container (see .platforms.prairielearn) or, by its first bytes, maybe a Portainer app
    templates file (see .platforms.portainer), or a Pterodactyl or Pelican egg (see
    .platforms.pterodactyl): a platform's list of containers."""
    from .platforms._common import json_head

    head = json_head(path)  # (read once for the four looks)
    if head is None:
        return False
    from .platforms import ecs, iotedge, portainer, prairielearn
    from .platforms.pterodactyl import may_be_egg_json

    if prairielearn.is_question_path(path):
        return any(word in head for word in prairielearn.QUICK)
    return may_be_egg_json(head) or any(
        all(word in head for word in words) for words in (ecs.QUICK, iotedge.QUICK, portainer.QUICK)
    )


def _is_unraid_template(path: str) -> bool:
    """An XML file that is an Unraid Docker template (see .platforms.unraid)."""
    from .platforms.unraid import may_be_template

    return may_be_template(path)


def _is_cloudbuild_json(path: str, *, named: bool = False) -> bool:
    """A JSON file that is a Cloud Build configuration of another name than
    ``cloudbuild.json``: in one of its places (or ``named``), with its shape."""
    from ._cloudbuild_shape import is_cloudbuild_file, is_cloudbuild_place

    return (
        path.endswith(".json") and (named or is_cloudbuild_place(path)) and is_cloudbuild_file(path)
    )


def _hidden_place(root: str) -> tuple[str, ...]:
    """The tools' directory a walked directory is, or lies just below, and the ones between:
    ``.github/workflows`` for ``tagsense check .github/workflows``, whose files are
    workflows by their place (``workflows/ci.yml`` alone says nothing)."""
    parts = path_parts(os.path.abspath(root))
    for index in range(len(parts) - 1, max(len(parts) - 3, -1), -1):
        if parts[index] in _TOOL_DIRECTORIES or parts[index] in AZURE_DIRECTORIES:
            return tuple(parts[index:])
    return ()


#: The directories where tools look for their files by place (see _hidden_place).
_TOOL_DIRECTORIES = frozenset(
    {".github", ".gitlab", ".circleci", ".woodpecker", ".devcontainer", ".cloudbuild"}
) | frozenset({".buildkite", ".prow", ".semaphore"})


def _runs_from_here(parts: tuple[str, ...]) -> bool:
    """Whether a CI file found in a walk is where its CI system reads it (see _CI_AT_ROOT)."""
    from .ci import ci_system

    places = _CI_AT_ROOT.get(ci_system(os.sep.join(parts)) or "")
    if places is None:
        return True
    for place in places:
        same_depth = len(place) == len(parts)
        if same_depth and all(want in (None, got) for want, got in zip(place, parts, strict=True)):
            return True
    return False


#: A GitHub action's own file, which a workflow of the project may run from any directory.
_ACTION_FILES = frozenset({"action.yml", "action.yaml"})
#: Where C and C++ projects keep the libraries they copy in whole (``lib/zstd-1.5.7/``).
_LIBRARY_PLACES = frozenset(
    {"lib", "libs", "deps", "third_party", "third-party", "thirdparty", "3rdparty", "external"}
)
#: A copied release's directory name: the library's, then its version or commit
#: (``librdkafka-2.15.0``, ``wasm-micro-runtime-WAMR-2.4.1``, ``snappy-fef67ac``).
_RELEASE_DIRECTORY = lazy_pattern(r"[A-Za-z][\w.+-]*-(?:v?\d+(?:\.\d+)+|[0-9a-f]{7,40})")


def _library_copies(relative: Iterable[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """The directories of a library's place (``lib/``, ``third_party/``…) that hold another
    project's copy: a release's directory (``lib/librdkafka-2.15.0/``), or one with its own
    ``.github/`` (``lib/cmetrics/``: a repository's, which GitHub never runs here). Their
    packaging scripts and Dockerfiles are that project's, not this one's: fluent/fluent-bit
    builds none of them. (Copies elsewhere: see ``._repository_copies``.)"""
    copies: set[tuple[str, ...]] = set()
    for parts in relative:
        for index in range(1, len(parts) - 1):
            if parts[index - 1] not in _LIBRARY_PLACES:
                continue
            name = parts[index]
            if _RELEASE_DIRECTORY.fullmatch(name) or parts[index + 1] == ".github":
                copies.add(parts[: index + 1])
                break
    return copies


def _inside(parts: tuple[str, ...], layouts: set[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The OCI layout directory ``parts`` lies in, if any."""
    if not layouts:
        return None
    for end in range(1, len(parts)):
        if parts[:end] in layouts:
            return parts[:end]
    return None


def _plain_walk(root: str) -> Iterable[tuple[str, ...]]:
    top = root
    for directory, subdirectories, files in os.walk(top):
        subdirectories[:] = [
            name
            for name in subdirectories
            if name not in VCS_DIRECTORIES and name not in NOT_THE_PROJECTS
        ]
        relative = directory[len(top) :].lstrip(os.sep)
        base = tuple(relative.split(os.sep)) if relative else ()
        for name in files:
            yield (*base, name)


def _git_files(root: str) -> list[tuple[str, ...]]:
    """The files git lists under ``root`` (relative parts), or ``[]`` when git cannot say."""
    import shutil
    import subprocess

    git = shutil.which("git")
    if git is None:
        return []
    command = [git, "ls-files", "--cached", "--others", "--exclude-standard", "-z", "--", "."]
    environment = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}
    try:
        result = subprocess.run(
            command,
            cwd=root,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            check=False,
        )
    except OSError:
        return []
    if result.returncode != 0:  # not in a work tree (or git refuses it)
        return []
    names = {os.fsdecode(name) for name in result.stdout.split(b"\0") if name}
    listed = (path_parts(name) for name in names)
    return [parts for parts in listed if VCS_DIRECTORIES.isdisjoint(parts[:-1])]
