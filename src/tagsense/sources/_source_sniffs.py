"""The quick looks at a program's source that tell a directory walk whether to read it.

Whether a ``pom.xml`` configures Jib, a test starts Testcontainers, a Python, Go, Rust, Node
or C# source imports a container library or runs the engine: most sources do none of these,
and are not read. Only a directory walk (``._walk``) asks, so a one-file check of a
Dockerfile, a compose file or a manifest does not import this module.
"""

from __future__ import annotations

import os
import re

from .._lazy import lazy_pattern
from .discover import _DOCUMENTATION_DIRECTORIES, PACKAGE_JSON, _head, _name, _tidy

__all__ = [
    "builds_fixture_images",
    "configures_gradle_compose",
    "configures_jib",
    "configures_jib_gradle",
    "configures_sbt_docker",
    "dotnet_project_files",
    "imports_container_libraries",
    "imports_container_libraries_node",
    "imports_go_container_libraries",
    "is_aspire_source",
    "project_global_usings",
    "project_references_testcontainers",
    "reads_csharp_images",
    "runs_engine_node",
    "sets_nextflow_container",
    "starts_rust_containers",
    "uses_testcontainers",
    "uses_testcontainers_dotnet",
]

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TypeAlias

    #: A path as the functions here take it: text, or any ``os.PathLike`` (a ``Path``).
    PathArg: TypeAlias = "str | os.PathLike[str]"


def configures_jib(path: PathArg, *, limit: int = 10 * 1024 * 1024) -> bool:
    """Whether a ``pom.xml`` may build images (a quick look at its first ``limit`` bytes): it
    says ``jib-maven-plugin``, ``exec-maven-plugin`` (which may run ``docker build``), filters
    resources (a Dockerfile's among them), names a buildpacks ``<builder>`` or ``<runImage>``
    (Spring Boot's ``build-image``, as do its goal, its ``spring-boot.build-image.imageName``,
    and its plugin with an ``<image>``'s ``<name>``) or says ``docker-maven-plugin``
    (fabric8's, which runs and builds images); most poms build no image, and are not read
    (see ``.builds.jib`` and ``.builds.maven``)."""
    head = _head(path, limit)
    if head is None:
        return False
    return any(marker in head for marker in _POM_MARKERS) or (
        b"spring-boot-maven-plugin" in head and _names_an_image(head)
    )


def _names_an_image(head: bytes) -> bool:
    """Whether a pom's text has an ``<image>`` that holds a ``<name>`` (Spring Boot's, not
    Jib's ``<from><image>``)."""
    start = head.find(b"<image>")
    while start >= 0:
        end = head.find(b"</image>", start)
        if b"<name>" in head[start : end if end >= 0 else len(head)]:
            return True
        start = head.find(b"<image>", start + 7)
    return False


#: What a pom that may build an image says.
_POM_MARKERS = (
    b"jib-maven-plugin", b"exec-maven-plugin", b"<filtering>true</filtering>", b"<runImage>",
    b"<builder>", b"docker-maven-plugin", b"build-image",
)  # fmt: skip


def configures_jib_gradle(path: PathArg, *, limit: int = 10 * 1024 * 1024) -> bool:
    """Whether a Gradle build script says ``jib``, or writes an engine's name as a literal of
    its own (an ``Exec`` task's ``commandLine "docker", …``; a quick look at its first
    ``limit`` bytes): most build no image, and are not read (see ``.builds.jib_gradle``)."""
    head = _head(path, limit)
    if head is None:
        return False
    if b"jib" in head:
        return True
    from .builds._gradle_exec import names_engine_command

    return names_engine_command(head)


def configures_gradle_compose(path: PathArg, *, limit: int = 10 * 1024 * 1024) -> bool:
    """Whether a Gradle build script may configure the docker-compose plugin (a quick look at
    its first ``limit`` bytes): its runs give the project's compose files their environment
    (see ``.builds._gradle_compose``). The script itself pulls nothing: the directory walk
    does not ask."""
    head = _head(path, limit)
    if head is None:
        return False
    from .builds._gradle_compose import says_gradle_compose

    return says_gradle_compose(head)


def configures_sbt_docker(path: PathArg, *, limit: int = 1024 * 1024) -> bool:
    """Whether an sbt build definition may set the Docker plugin's base image (a quick look at
    its first ``limit`` bytes): most set none, and are not read (see
    ``.builds.sbt_native_packager``)."""
    head = _head(path, limit)
    if head is None:
        return False
    from .builds.sbt_native_packager import says_sbt_docker

    return says_sbt_docker(head)


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
    if b"importorskip" in head and _SKIPS_UNLESS_TESTCONTAINERS.search(head) is not None:
        return True  # (`tc = pytest.importorskip(\n "testcontainers.mssql")`: Canner/WrenAI)
    if any(marker in head for marker in _PYTHON_IAC_IMPORTS):
        from .builds.iac_node import is_generated

        if not is_generated(head):  # (an SDK's or cdk8s' generated bindings: 40,000 lines)
            return True
    if b"DOCKER_IMAGE" in head and any(word in head for word in _TUTOR_IMPORTS):
        return True  # (a Tutor plugin that names its services' images: .builds.tutor_plugin)
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
    b"DOCKER_IMAGE",  # (a Tutor plugin's image settings: see .builds.tutor_plugin)
)


#: What a Python source that imports testcontainers-python, docker-py, python-on-whales,
#: podman-py or aiodocker
#: says (a quick look: one that only mentions them gives nothing).
#: pytest's ``importorskip`` of a testcontainers module (its words on lines of their own too).
_SKIPS_UNLESS_TESTCONTAINERS = lazy_pattern(rb"importorskip\(\s*[\"']testcontainers")
_PYTHON_IMPORTS = (
    b"from testcontainers",
    b"import testcontainers",
    b".testcontainer import",  # (python-wiremock's `from wiremock.testing.testcontainer import`)
    b"import docker",
    b"from docker",
    b'importorskip("docker',  # (pytest's `docker = pytest.importorskip("docker")`)
    b"importorskip('docker",
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


#: What a Tutor plugin says: it imports Tutor's hooks (see ``.builds.tutor_plugin``).
_TUTOR_IMPORTS = (b"from tutor import", b"from tutor.", b"import tutor")


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
    if b"ImagePull" in head and any(marker in head for marker in _DOCKER_CLIENTS):
        return True  # (it pulls through the Engine's Go client: .builds._go_docker_sdk)
    if b"PullImageRequest" in head and b'"k8s.io/cri-api/pkg/apis/runtime/v1' in head:
        return True  # (it pulls through the CRI: .builds._go_docker_sdk)
    if b"dag.Container(" in head:
        from .builds.dagger import in_module

        return in_module(os.fspath(path))  # (a Dagger module's own source: .builds.dagger)
    if os.fspath(path).endswith("_test.go") and b"\nimport" in head:
        from .builds._go_image_helpers import imports_helpers

        # (a test that calls its module's helper that starts an image: ._go_image_helpers)
        return imports_helpers(os.fspath(path), head.decode("utf-8", "replace"), limit)
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


#: The Docker Engine's Go client (``.builds._go_docker_sdk``).
_DOCKER_CLIENTS = (
    b'"github.com/docker/docker/client"',
    b'"github.com/moby/moby/client"',
    b'"github.com/docker/docker/api/types',  # (its API's types: a client held by a field)
    b'"github.com/moby/moby/api/types',
)


#: A container's ``Image`` written in a literal (``Image: …``), or assigned to a container by its
#: index (``pod.Spec.Containers[0].Image = …``: kubernetes-sigs/descheduler's e2e tests).
_CONTAINER_IMAGE = lazy_pattern(
    rb"(?<![\w.])Image\s*:|Containers\[[^\]\n]{1,40}\]\.Image[ \t]*=(?!=)"
)


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
