"""The files of the tools that build a project's images: Skaffold, Tilt, bake, ko, GoReleaser,
Dev Containers, Jib's ``pom.xml`` (and a ``package.json`` or a go-task ``Taskfile.yml``, whose
commands may build them), the JVM and Python test sources whose Testcontainers pull images,
and the C#
of Aspire AppHosts.

Each reader gives a :class:`~tagsense.sources.project.BuildFile`: the
Dockerfile builds the file configures (:class:`~tagsense.sources.project.BuildConfig`),
the image names the project builds (:class:`~tagsense.sources.project.BuiltImage`),
and a :class:`~tagsense.sources.Scan` of what the file pulls itself (bake's
``docker-image://`` contexts, ko's and Jib's base images) with its errors. No reader
raises: every problem is a :class:`~tagsense.sources.SourceError`.

- :func:`read_build_file`: the reader a file's name calls for.
- :func:`~.skaffold.read_skaffold`, :func:`~.tilt.read_tiltfile`,
  :func:`~.bake.read_bake`, :func:`~.ko.read_ko`,
  :func:`~.devcontainer.read_devcontainer`, :func:`~.npm.read_package_json`,
  :func:`~.jib.read_pom`, :func:`~.taskfile.read_taskfile`,
  :func:`~.goreleaser.read_goreleaser`, :func:`~.chartpress.read_chartpress`,
  :func:`~.testcontainers.read_test_sources`,
  :func:`~.python.read_python_source`, :func:`~.csharp.read_csharp_source`,
  :func:`~.msbuild.read_msbuild`;
  :func:`is_ko_reference`.

The readers are imported when a file is read: importing this package costs
nothing more than its names.
"""

from __future__ import annotations

import os

from ..discover import (
    BAZEL_BUILD_NAMES,
    BAZEL_SUFFIX,
    CHARTPRESS_FILE_NAMES,
    CROSS_FILE_NAME,
    CSHARP_SOURCE_SUFFIX,
    CWL_SUFFIX,
    DEVFILE_FILE_NAMES,
    DEVSPACE_FILE_NAMES,
    EARTHFILE_NAME,
    GARDEN_FILE_NAMES,
    GITPOD_FILE_NAME,
    GO_SOURCE_SUFFIX,
    GORELEASER_FILE_NAMES,
    GRADLE_SCRIPT_SUFFIXES,
    JUSTFILE_NAMES,
    JVM_SOURCE_SUFFIXES,
    LANDO_FILE_NAMES,
    MSBUILD_SUFFIXES,
    NEXTFLOW_SUFFIXES,
    NIX_SUFFIX,
    OKTETO_FILE_NAMES,
    POM_FILE_NAME,
    PYTHON_SOURCE_SUFFIX,
    RUST_SOURCE_SUFFIX,
    SBT_SUFFIX,
    SINGULARITY_COMPOSE_FILE_NAMES,
    SNAKEFILE_NAMES,
    SNAKEMAKE_SUFFIXES,
    TASKFILE_NAMES,
    TOX_FILE_NAME,
    WDL_SUFFIX,
    is_definition_name,
    is_feature_scenarios_path,
    is_garden_name,
    is_helmfile_path,
    is_node_source_name,
    is_sbt_project_source,
    is_vagrantfile_variant,
)
from ..project import BUILD_TOOL_FILES, is_skaffold_name
from ._common import (
    BAKE_FILE_NAMES,
    KO_FILE_NAMES,
    KO_PREFIX,
    MAX_BYTES,
    SKAFFOLD_FILE_NAMES,
    TILTFILE_NAME,
)
from .app_config import is_app_config_name

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..project import BuildFile

__all__ = [
    "BAKE_FILE_NAMES",
    "BUILD_FILE_NAMES",
    "KO_FILE_NAMES",
    "MAX_BYTES",
    "SKAFFOLD_FILE_NAMES",
    "TILTFILE_NAME",
    "build_tool",
    "is_build_file_name",
    "is_ko_reference",
    "read_build_file",
]

#: Every name a build tool reads by default.
BUILD_FILE_NAMES = (
    *SKAFFOLD_FILE_NAMES, TILTFILE_NAME, *BAKE_FILE_NAMES, *KO_FILE_NAMES, *TASKFILE_NAMES,
    *JUSTFILE_NAMES, *GORELEASER_FILE_NAMES,
    *CHARTPRESS_FILE_NAMES, EARTHFILE_NAME, CROSS_FILE_NAME, TOX_FILE_NAME,
    *DEVSPACE_FILE_NAMES, *OKTETO_FILE_NAMES, GITPOD_FILE_NAME, *LANDO_FILE_NAMES,
    *SINGULARITY_COMPOSE_FILE_NAMES, *DEVFILE_FILE_NAMES,
    *GARDEN_FILE_NAMES,
)  # fmt: skip

_TOOLS = BUILD_TOOL_FILES


#: The program sources whose tests may start containers (see :func:`build_tool`).
_SOURCE_SUFFIXES = (
    *JVM_SOURCE_SUFFIXES,
    PYTHON_SOURCE_SUFFIX,
    RUST_SOURCE_SUFFIX,
    GO_SOURCE_SUFFIX,
    RUST_SOURCE_SUFFIX,
)


def build_tool(path: str | os.PathLike[str]) -> str | None:
    """The tool whose file ``path`` is by its name (``skaffold``, ``tilt``, ``bake``, ``ko``,
    ``devcontainer``, ``npm``, ``task``, ``just``, ``goreleaser``, ``chartpress``, ``dazzle``,
    ``devspace``,
    ``okteto``, ``helmfile``, ``gitpod``, ``lando``, ``singularity-compose``, ``devfile``,
    ``garden``, ``cross``, ``tox``, ``jib``, ``jib-gradle``, ``sbt-native-packager``,
    ``testcontainers``, ``aspire``, ``dotnet``, ``app-config``, ``nextflow``, ``wdl``, ``cwl``,
    ``nix``, ``apptainer``, ``snakemake``, ``bazel``).

    Besides the names the tools read by default, ``skaffold*.yaml`` is Skaffold's (the files a
    project uses with ``skaffold -f``; one that holds no Skaffold configuration gives nothing),
    any ``devcontainer.json`` a Dev Container's, and a ``pom.xml`` Jib's (one that does not
    configure jib-maven-plugin gives nothing), and an sbt build definition (``*.sbt``, a
    ``project/*.scala``) sbt-native-packager's (one that sets no Docker base image gives
    nothing), and a Java,
    Kotlin, Groovy, Scala, Python, Go,
    JavaScript or TypeScript source Testcontainers' (one that does not use it gives nothing),
    and a C# source an Aspire AppHost's (one that is not gives nothing), and an MSBuild
    project or props file the .NET SDK's container build's (one that names no
    ``ContainerBaseImage`` gives nothing), and an ``application*.yml`` in a ``resources``
    directory a JVM application's configuration (one that names no test container gives
    nothing).

    >>> build_tool("deploy/skaffold.yaml"), build_tool("Tiltfile"), build_tool("app.yaml")
    ('skaffold', 'tilt', None)
    >>> build_tool("skaffold-gradle.yaml"), build_tool(".devcontainer/devcontainer.json")
    ('skaffold', 'devcontainer')
    >>> build_tool("ledger/balancereader/pom.xml"), build_tool("src/test/java/RedisTest.java")
    ('jib', 'testcontainers')
    >>> build_tool("tests/integration/conftest.py"), build_tool("store/postgres_test.go")
    ('testcontainers', 'testcontainers')
    >>> build_tool("test/postgres.test.ts"), build_tool("src/types.d.ts")
    ('testcontainers', None)
    >>> build_tool("src/eShop.AppHost/Program.cs")
    'aspire'
    """
    name = os.path.basename(os.fspath(path))
    tool = _TOOLS.get(name)
    if tool is None and name.startswith(("application", "bootstrap")) and is_app_config_name(path):
        return "app-config"  # (a configuration that names no test container gives nothing)
    if tool is None and is_skaffold_name(name):
        return "skaffold"
    if tool is None and (name == "devcontainer.json" or is_feature_scenarios_path(path)):
        return "devcontainer"  # (a Feature's test scenarios: devcontainer.json each)
    if tool is None and name == POM_FILE_NAME:
        return "jib"  # (a pom that does not configure jib-maven-plugin gives nothing)
    if tool is None and name.endswith(GRADLE_SCRIPT_SUFFIXES):
        return "jib-gradle"  # (a script that does not configure Jib gives nothing)
    if tool is None and (name.endswith(SBT_SUFFIX) or is_sbt_project_source(path)):
        return "sbt-native-packager"  # (a definition that sets no Docker base gives nothing)
    if tool is None and name.endswith(_SOURCE_SUFFIXES):
        return "testcontainers"  # (a source that does not use Testcontainers gives nothing)
    if tool is None and is_node_source_name(name):
        return "testcontainers"  # (a source that does not import testcontainers gives nothing)
    if tool is None and name.endswith(CSHARP_SOURCE_SUFFIX):
        return "aspire"  # (a source of no AppHost that starts no Testcontainers gives nothing)
    if tool is None and name.endswith(MSBUILD_SUFFIXES):
        return "dotnet"  # (a project that names no ContainerBaseImage gives nothing)
    if tool is None and name.endswith(".hcl"):
        from ..discover import is_bake_hcl

        return "bake" if is_bake_hcl(path) else None  # (one a command names with `-f`)
    if tool is None and (name in SNAKEFILE_NAMES or name.endswith(SNAKEMAKE_SUFFIXES)):
        return "snakemake"  # (a workflow that names no docker:// container gives nothing)
    if tool is None and is_definition_name(name):
        return "apptainer"  # (a file with no Bootstrap: docker header gives nothing)
    if tool is None and (name.endswith(BAZEL_SUFFIX) or name in BAZEL_BUILD_NAMES):
        return "bazel"  # (a macro file that pulls no image gives nothing)
    if tool is None and name.endswith(CWL_SUFFIX):
        return "cwl"  # (a document whose tools pull no image gives nothing)
    if tool is None and name.endswith(NIX_SUFFIX):
        return "nix"  # (an expression that pulls no image gives nothing)
    if tool is None and name.endswith(WDL_SUFFIX):
        return "wdl"  # (a document whose tasks name no image gives nothing)
    if tool is None and name.endswith(NEXTFLOW_SUFFIXES):
        return "nextflow"  # (a script or configuration that sets no container gives nothing)
    if tool is None and is_garden_name(path):
        return "garden"  # (``*.garden.yml``)
    if tool is None and is_vagrantfile_variant(path):
        return "vagrant"  # (``Vagrantfile-NAME``, which a README has the user rename)
    if tool is None and is_helmfile_path(path):
        return "helmfile"  # (one used with `helmfile -f`, or one of a helmfile.d/)
    return tool


def is_build_file_name(path: str | os.PathLike[str]) -> bool:
    """Whether a build tool reads a file of this name by default (:data:`BUILD_FILE_NAMES`)."""
    return os.path.basename(os.fspath(path)) in _TOOLS


def is_ko_reference(text: str) -> bool:
    """Whether ``text`` names an image ko builds (``ko://`` and a Go import path).

    >>> is_ko_reference("ko://github.com/acme/app/cmd/api"), is_ko_reference("ko://")
    (True, False)
    """
    return text.startswith(KO_PREFIX) and len(text) > len(KO_PREFIX)


def read_build_file(
    path: str,
    *,
    env: Mapping[str, str] | None = None,
    max_bytes: int = MAX_BYTES,
) -> BuildFile:
    """What the build tool's file at ``path`` says, read by the reader its name calls for.

    ``env`` is the environment (bake's variables, Skaffold's templates, a devcontainer's
    ``${localEnv:…}``); ``None`` is an empty one.
    Bake's default files in one directory are one definition: the first of
    them that exists (in bake's order) is read with the others merged in, and
    the others give an empty result, so that each target is found once. A
    file of no build tool's name is one error. Never raises.
    """
    from ..project import BuildFile

    tool = build_tool(path)
    if tool == "app-config":
        from .app_config import read_app_config

        return read_app_config(path, max_bytes=max_bytes)
    if tool == "skaffold":
        from .skaffold import read_skaffold

        return read_skaffold(path, env=env, max_bytes=max_bytes)
    if tool == "tilt":
        from .tilt import read_tiltfile

        return read_tiltfile(path, max_bytes=max_bytes)
    if tool == "ko":
        from .ko import read_ko

        return read_ko(path, max_bytes=max_bytes)
    if tool == "goreleaser":
        from .goreleaser import read_goreleaser

        return read_goreleaser(path, max_bytes=max_bytes)
    if tool == "chartpress":
        from .chartpress import read_chartpress

        return read_chartpress(path, max_bytes=max_bytes)
    if tool == "dazzle":
        from .dazzle import read_dazzle

        return read_dazzle(path, max_bytes=max_bytes)
    if tool == "devspace":
        from .devspace import read_devspace

        return read_devspace(path, max_bytes=max_bytes)
    if tool == "helmfile":
        from .helmfile import read_helmfile

        return read_helmfile(path, max_bytes=max_bytes)
    if tool == "okteto":
        from .okteto import read_okteto

        return read_okteto(path, max_bytes=max_bytes)
    if tool == "gitpod":
        from .gitpod import read_gitpod

        return read_gitpod(path, max_bytes=max_bytes)
    if tool == "lando":
        from .lando import read_lando

        return read_lando(path, max_bytes=max_bytes)
    if tool == "singularity-compose":
        from .singularity_compose import read_singularity_compose

        return read_singularity_compose(path, max_bytes=max_bytes)
    if tool == "devfile":
        from .devfile import read_devfile

        return read_devfile(path, max_bytes=max_bytes)
    if tool == "garden":
        from .garden import read_garden

        return read_garden(path, max_bytes=max_bytes)
    if tool == "cross":
        from .cross import read_cross

        return read_cross(path, max_bytes=max_bytes)
    if tool == "tox":
        from .tox import read_tox

        return read_tox(path, max_bytes=max_bytes)
    if tool == "earthly":
        from .earthly import read_earthfile

        return read_earthfile(path, max_bytes=max_bytes)
    if tool == "jib":
        from .jib import read_pom

        return read_pom(path, max_bytes=max_bytes)
    if tool == "jib-gradle":
        from .jib_gradle import read_build_gradle

        return read_build_gradle(path, max_bytes=max_bytes)
    if tool == "sbt-native-packager":
        from .sbt_native_packager import read_sbt

        return read_sbt(path, max_bytes=max_bytes)
    if tool == "dotnet":
        from .msbuild import read_msbuild

        return read_msbuild(path, max_bytes=max_bytes)
    if tool == "aspire":
        from .csharp import read_csharp_source

        return read_csharp_source(path, max_bytes=max_bytes)
    if tool == "testcontainers" and path.endswith(PYTHON_SOURCE_SUFFIX):
        from .python import read_python_source

        return read_python_source(path, max_bytes=max_bytes)
    if tool == "testcontainers" and path.endswith(GO_SOURCE_SUFFIX):
        from .testcontainers_go import read_go_source

        return read_go_source(path, max_bytes=max_bytes)
    if tool == "testcontainers" and path.endswith(RUST_SOURCE_SUFFIX):
        from .rust import read_rust_source

        return read_rust_source(path, max_bytes=max_bytes)
    if tool == "testcontainers" and is_node_source_name(os.path.basename(path)):
        from .node import read_node_source

        return read_node_source(path, max_bytes=max_bytes)
    if tool == "testcontainers":
        from .testcontainers import read_test_sources

        return read_test_sources(path, max_bytes=max_bytes)
    if tool == "snakemake":
        from .snakemake import read_snakefile

        return read_snakefile(path, max_bytes=max_bytes)
    if tool == "apptainer":
        from .singularity import read_definition

        return read_definition(path, max_bytes=max_bytes)
    if tool == "bazel":
        from .bazel import read_bazel

        return read_bazel(path, max_bytes=max_bytes)
    if tool == "cwl":
        from .cwl import read_cwl

        return read_cwl(path, max_bytes=max_bytes)
    if tool == "nix":
        from .nix import read_nix

        return read_nix(path, max_bytes=max_bytes)
    if tool == "wdl":
        from .wdl import read_wdl

        return read_wdl(path, max_bytes=max_bytes)
    if tool == "nextflow":
        from .nextflow import read_nextflow

        return read_nextflow(path, max_bytes=max_bytes)
    if tool == "devcontainer":
        from .devcontainer import read_devcontainer

        return read_devcontainer(path, env=env, max_bytes=max_bytes)
    if tool == "npm":
        from ._shell_values import MAX_BYTES as SCRIPT_BYTES
        from .npm import read_package_json

        return read_package_json(path, max_bytes=min(max_bytes, SCRIPT_BYTES))
    if tool == "pyproject":
        from ._shell_values import MAX_BYTES as SCRIPT_BYTES
        from .pyproject import read_pyproject

        return read_pyproject(path, max_bytes=min(max_bytes, SCRIPT_BYTES))
    if tool == "task":
        from ._shell_values import MAX_BYTES as SCRIPT_BYTES
        from .taskfile import read_taskfile

        return read_taskfile(path, max_bytes=min(max_bytes, SCRIPT_BYTES))
    if tool == "vagrant":
        from ._shell_values import MAX_BYTES as SCRIPT_BYTES
        from .vagrant import read_vagrantfile

        return read_vagrantfile(path, max_bytes=min(max_bytes, SCRIPT_BYTES))
    if tool == "just":
        from ._shell_values import MAX_BYTES as SCRIPT_BYTES
        from .just import read_justfile

        return read_justfile(path, max_bytes=min(max_bytes, SCRIPT_BYTES))
    if tool == "bake":
        from .bake import bake_default_files, read_bake

        found = [os.path.abspath(other) for other in bake_default_files(os.path.dirname(path))]
        here = os.path.abspath(path)
        if here in found and found[0] != here:
            return BuildFile()  # (read with the first of them)
        return read_bake(path, env=env, max_bytes=max_bytes)
    from ...occurrence import Scan, SourceError

    message = f"not a build tool's file by its name (one of {', '.join(BUILD_FILE_NAMES)})"
    return BuildFile(scan=Scan(errors=(SourceError(path, None, message),)))
