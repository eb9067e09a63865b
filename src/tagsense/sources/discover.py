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
    from collections.abc import Callable, Collection, Mapping, Sequence
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
    "GRADLE_SCRIPT_SUFFIXES",
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
    "SBT_SUFFIX",
    "SHELL_SUFFIXES",
    "SINGULARITY_COMPOSE_FILE_NAMES",
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
    "builds_with_bazel",
    "command_file_kind",
    "discover",
    "is_archive_name",
    "is_definition_name",
    "is_devcontainer_path",
    "is_dockerfile_name",
    "is_feature_scenarios_path",
    "is_garden_name",
    "is_gradle_script",
    "is_helmfile_path",
    "is_named_makefile",
    "is_node_source_name",
    "is_prefixed_dockerfile",
    "is_sbt_project_source",
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
    "pulls_with_bazel",
    "says_bootstrap",
    "sniff",
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
        if name.startswith((base + ".", base + "-", base + "_")) and len(name) > len(base) + 1:
            # (another language's extension: its text tells, is_prefixed_dockerfile)
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
    return (
        name.startswith(_BASES)
        and name.endswith(_OTHER_LANGUAGES)
        and name not in _BASES
        and not name.lower().endswith(_BACKUPS)
    )


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
#: Endings of copies kept aside (``Dockerfile-old``): not what is built, unless a build names
#: them. ``.original`` is what Visual Studio keeps when "Add Docker support" replaces a
#: Dockerfile (aspnetrun/run-aspnetcore-microservices' ``src/Services/*/Dockerfile.original``:
#: its compose files build ``Dockerfile``); ``.orig`` and ``.rej`` what ``patch`` and
#: ``git mergetool`` leave, ``.save`` nano's, ``.swp`` vim's, ``~`` Emacs's. Not ``.dist``,
#: the distributed default a project builds (``docker build -f Dockerfile.dist``).
_BACKUPS = (
    *(mark + word for word in ("old", "bak", "backup", "orig", "original") for mark in "-_."),
    ".rej", ".save", ".swp", "~",
)  # fmt: skip
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

#: What ``dazzle`` reads (in the project directory, its ``--context``).
DAZZLE_FILE_NAMES = ("dazzle.yaml",)

#: What ``devspace`` reads without ``--config`` (from the directory it runs in).
DEVSPACE_FILE_NAMES = ("devspace.yaml",)

#: What ``helmfile`` reads without ``--file`` (from the directory it runs in), before
#: ``helmfile.d/``: see :func:`is_helmfile_path`.
HELMFILE_FILE_NAMES = ("helmfile.yaml", "helmfile.yaml.gotmpl")

#: What ``okteto`` reads without ``--file`` (in the directory it runs in, or its ``.okteto/``).
OKTETO_FILE_NAMES = ("okteto.yml", "okteto.yaml")

#: What Gitpod reads at a repository's root (its workspace image: see ``.builds.gitpod``).
GITPOD_FILE_NAME = ".gitpod.yml"
#: What singularity-compose reads without ``-f`` (its instances' images: see
#: ``.builds.singularity_compose``); a compose file by its name, but not Docker's format.
SINGULARITY_COMPOSE_FILE_NAMES = ("singularity-compose.yml",)
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
#: How the other scripts Gradle reads are named: the script plugins a build script applies
#: (``apply from: "gradle/docker.gradle"``), read for the engine commands their ``Exec``
#: tasks run (:func:`is_gradle_script`).
GRADLE_SCRIPT_SUFFIXES = (".gradle", ".gradle.kts")


def is_gradle_script(name: str) -> bool:
    """Whether a file's name is a Gradle script's (``build.gradle``, ``docker.gradle``,
    ``build.gradle.kts``)."""
    return name.endswith(GRADLE_SCRIPT_SUFFIXES)


#: sbt's build definitions (``build.sbt``, and any ``*.sbt`` of a project's root or its
#: ``project/`` directory, with the ``project/*.scala`` sources; :func:`is_sbt_project_source`):
#: sbt-native-packager's Docker plugin's, when they set its base image
#: (:func:`.builds.sbt_native_packager.says_sbt_docker`).
SBT_SUFFIX = ".sbt"


def is_sbt_project_source(path: PathArg) -> bool:
    """Whether ``path`` is a Scala source of an sbt build's ``project/`` directory (part of
    the build definition, as sbt reads it: ``project/Settings.scala``), not a program's.

    >>> is_sbt_project_source("project/Settings.scala"), is_sbt_project_source("src/A.scala")
    (True, False)
    """
    path = os.fspath(path)
    return path.endswith(".scala") and os.path.basename(os.path.dirname(path)) == "project"


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
        **dict.fromkeys(DAZZLE_FILE_NAMES, "dazzle"),
        **dict.fromkeys(DEVSPACE_FILE_NAMES, "devspace"),
        **dict.fromkeys(HELMFILE_FILE_NAMES, "helmfile"),
        **dict.fromkeys(OKTETO_FILE_NAMES, "okteto"),
        GITPOD_FILE_NAME: "gitpod",
        **dict.fromkeys(LANDO_FILE_NAMES, "lando"),
        **dict.fromkeys(SINGULARITY_COMPOSE_FILE_NAMES, "singularity-compose"),
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


def is_node_source_name(name: str) -> bool:
    """Whether a file's name is a JavaScript or TypeScript source's (not a ``.d.ts``)."""
    return name.endswith(NODE_SOURCE_SUFFIXES) and not name.endswith(".d.ts")


def names_container_base(path: PathArg, *, limit: int = 1024 * 1024) -> bool:
    """Whether an MSBuild file says ``<ContainerBaseImage>`` (a quick look at its first
    ``limit`` bytes): most set no image (see ``.builds.msbuild``)."""
    head = _head(path, limit)
    return head is not None and b"<ContainerBaseImage>" in head


def is_devcontainer_path(path: PathArg) -> bool:
    """Where the Development Containers specification reads a configuration, in a workspace
    folder: ``.devcontainer/devcontainer.json``, ``.devcontainer.json`` and
    ``.devcontainer/NAME/devcontainer.json`` (one level deep), in any folder that may be
    opened as a workspace: not a hidden folder, a tool's own (``.vscode/.devcontainer/``,
    ``.github/.devcontainer/``: nothing opens ``.vscode`` as a project; a file there is read
    only where a command of the project names it, see ``._devcontainer_named``).

    >>> is_devcontainer_path("app/.devcontainer/python/devcontainer.json")
    True
    >>> is_devcontainer_path(".vscode/.devcontainer/devcontainer.json")
    False
    """
    name = _name(path)
    if name not in DEVCONTAINER_FILE_NAMES:
        return False
    parts = path_parts(path)
    if name == DEVCONTAINER_FILE_NAMES[0]:
        workspaces = [parts[:-1]]
    else:
        workspaces = [
            parts[:-depth]
            for depth in (2, 3)
            if len(parts) >= depth and parts[-depth] == DEVCONTAINER_DIRECTORY
        ]
    return any(not workspace or not _hidden_folder(workspace[-1]) for workspace in workspaces)


def _hidden_folder(name: str) -> bool:
    """A hidden folder's name (``.vscode``, ``.github``), not ``..`` nor a root."""
    return name.startswith(".") and name != os.pardir


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
    if not name.endswith((".yml", ".yaml")) or name in SINGULARITY_COMPOSE_FILE_NAMES:
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
    if b"jib" in data and (b"image=" in data or b"--image" in data):
        return True  # (`mvn jib:build -Djib.to.image=NAME`: .builds._jib_cli.jib_built_names)
    if b"spring-boot:build-image" in data or (b"imageName" in data and b"bootBuildImage" in data):
        return True  # (`mvn spring-boot:build-image`: .builds._jib_cli, ._boot_build_image)
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
            and b"import" not in data
        )
        and not _may_copy(data)
        and not _may_publish(data)
        and b"mkctr" not in data
        and b"apko" not in data  # (`apko publish`: see .builds._apko)
        and b"goreleaser" not in data  # (`goreleaser release -f FILE`: ._goreleaser_cmd)
    ):
        return False
    return (
        any(word in data for word in _ENGINE_BYTES)
        or _may_copy(data)
        or _may_publish(data)
        or b"mkctr" in data  # (Tailscale's builder: .builds._mkctr)
        or (b"goreleaser" in data and (b"-f" in data or b"--config" in data))
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
#: kind's ``build node-image``; Kaniko (a Drone or Woodpecker step of its plugin builds);
#: apko, which builds an image from APK packages; and the Buildpacks CLI's ``pack build``.
_ENGINE_BYTES = (
    b"docker", b"DOCKER", b"Docker", b"podman", b"PODMAN", b"nerdctl", b"buildah", b"node-image",
    b"kaniko", b"devcontainer build", b"apko", b"pack build",
)  # fmt: skip


def is_build_tool_file(path: PathArg) -> bool:
    """A build tool's file by its default name (``skaffold.yaml``, ``Tiltfile``,
    ``docker-bake.hcl``, ``.ko.yaml``…, a Dev Container's ``devcontainer.json`` in its
    places, a ``package.json`` whose scripts npm runs, a go-task ``Taskfile.yml``, a
    ``.goreleaser.yaml``): what it builds, and what it pulls itself."""
    if _name(path) == DEVCONTAINER_FILE_NAMES[0]:
        return is_devcontainer_path(path)  # (not in a hidden folder: .github/.devcontainer.json)
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
    an AWS CodeBuild build specification (``buildspec*.yml``, anywhere) with its shape,
    a CircleCI configuration a setup pipeline continues with (``.circleci/continue_config.yml``),
    an orb's source executor or job (``src/executors/*.yml`` beside ``src/@orb.yml``), a
    GitLab CI/CD component's template (``templates/NAME.yml`` with a ``spec:`` header), and a
    GitLab pipeline at a custom path (``.nvidia-ci.yml`` at a checkout's root, see
    ``._gitlab_custom_shape``)."""
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
    if name.startswith("buildspec"):
        from ._codebuild_shape import is_codebuild_file, is_codebuild_name

        if is_codebuild_name(path) and is_codebuild_file(path):
            return CI  # (an AWS CodeBuild build specification, wherever it is)
    from ._circleci_shape import is_circleci_file, is_circleci_place, orb_source_section

    if is_circleci_place(path) and is_circleci_file(path):
        return CI
    if orb_source_section(path) is not None:
        return CI  # (an orb's source: ``src/executors/*.yml``, ``src/jobs/*.yml``)
    if "templates" in path:  # (the module's import is for those alone)
        from ._gitlab_component_shape import is_component_file

        if is_component_file(path):
            return CI  # (a GitLab CI/CD component: ``templates/NAME.yml``)
    if "ci" in name.lower():  # (the module's import is for those alone)
        from ._gitlab_custom_shape import is_custom_file

        if is_custom_file(path):
            return CI  # (a GitLab pipeline at a custom path: NVIDIA's ``.nvidia-ci.yml``)
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
        if not stat.S_ISREG(mode):
            return None  # (a directory's names are searched too: one is no program)
        if not mode & stat.S_IXUSR and not _is_docker_hub_hook(path):
            return None
        with open(path, "rb") as handle:
            head = handle.read(128)
    except OSError:
        return None
    if not head.startswith(b"#!"):
        return None
    if _SHELL_SHEBANG.match(head) is not None:
        return SHELL
    return MAKE if _MAKE_SHEBANG.match(head) is not None else None


#: The hooks Docker Hub's automated builds run, from a ``hooks`` directory beside the
#: Dockerfile built ("Advanced options for autobuild and autotest": "Override build, test or
#: push commands"). Git's own hooks are spelled with hyphens (``post-checkout``).
_DOCKER_HUB_HOOKS = frozenset(
    {"post_checkout", "pre_build", "build", "post_build", "pre_test", "post_test", "pre_push",
     "push", "post_push"}
)  # fmt: skip


def _is_docker_hub_hook(path: PathArg) -> bool:
    """Whether a file is a hook of a Docker Hub automated build: ``hooks/post_checkout`` (and
    the others of :data:`_DOCKER_HUB_HOOKS`) in a directory beside a ``Dockerfile``. Docker Hub
    runs it whether or not it is executable: fluent/fluentd-docker-image's ``hooks/post_checkout``
    files (mode 644) run ``docker run --rm --privileged multiarch/qemu-user-static:register``
    before each ARM build."""
    hooks, name = os.path.split(os.fspath(path))
    context, directory = os.path.split(hooks)
    return (
        name in _DOCKER_HUB_HOOKS
        and directory == "hooks"
        and os.path.isfile(os.path.join(context, "Dockerfile"))
    )


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


def is_actrc_name(path: PathArg) -> bool:
    """``.actrc``: nektos/act's options, whose ``-P LABEL=IMAGE`` lines name the images act
    runs the workflows' jobs in (see .platforms.actrc)."""
    return _name(path) == ".actrc"


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
    Rule(DEPLOY, is_actrc_name),
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
    import sys

    listing = sys.modules.get(f"{__package__}._listing")
    if listing is not None:
        listing.forget()  # (the files as they are now: a scan's readers share the lists from here)
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
            from ._walk import walk_directory  # (only a directory is walked)

            for file, kind in walk_directory(path, kinds):
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
            if named_kind is None and (
                _name(path) == POM_FILE_NAME or is_gradle_script(_name(path))
            ):
                named_kind = BUILD  # (Jib's, when it configures Jib)
            if named_kind is None and _name(path).endswith(SBT_SUFFIX):
                named_kind = BUILD  # (sbt-native-packager's, when it sets a Docker base)
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
    lies under (or is) ``vendor/`` or ``node_modules/``, or it is a ``devcontainer.json``
    out of the places Dev Containers tools read that no workflow names (``--force-exclude``)."""
    try:
        parts = path_parts(os.path.relpath(os.path.abspath(path)))
    except ValueError:  # (another drive)
        return False
    if not parts or parts[0] == os.pardir:
        return False  # (outside the working directory: nothing walks it)
    inside = parts if os.path.isdir(path) else parts[:-1]
    if not NOT_THE_PROJECTS.isdisjoint(inside):
        return True
    if parts[-1] in DEVCONTAINER_FILE_NAMES and not is_devcontainer_path(os.sep.join(parts)):
        from ._devcontainer_named import named_in_project

        return not named_in_project(path)
    return False


def _is_task_definition(path: str) -> bool:
    """A JSON file that is an Amazon ECS task definition (see .platforms.ecs), an Azure IoT
    Edge deployment manifest (see .platforms.iotedge), a PrairieLearn question that runs a
    container (see .platforms.prairielearn) or, by its first bytes, maybe a Portainer app
    templates file (see .platforms.portainer), a Pterodactyl or Pelican egg (see
    .platforms.pterodactyl), or a Pachyderm pipeline specification (see
    .platforms.pachyderm): a platform's list of containers."""
    from .platforms._common import json_head

    head = json_head(path)  # (read once for the four looks)
    if head is None:
        return False
    from .platforms import ecs, iotedge, pachyderm, portainer, prairielearn
    from .platforms.pterodactyl import may_be_egg_json

    if prairielearn.is_question_path(path):
        return any(word in head for word in prairielearn.QUICK)
    return may_be_egg_json(head) or any(
        all(word in head for word in words)
        for words in (ecs.QUICK, iotedge.QUICK, portainer.QUICK, pachyderm.QUICK)
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
