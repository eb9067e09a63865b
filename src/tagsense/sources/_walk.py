"""A directory walk: the files under a directory that tagsense reads, each with its kind.

It applies ``.discover``'s name rules to each file the walk finds (Git's list of the
checkout's files, else the tree), and ``._source_sniffs``' quick looks to program sources.
A one-file check walks nothing, and does not import this module.
"""

from __future__ import annotations

import os

from .._lazy import lazy_pattern
from ._listing import listed_files
from ._source_sniffs import (
    _NODE_SCRIPT_DIRECTORIES,
    _container_library_packages,
    _go_documentation,
    _left_out_by_go,
    _under_any,
    configures_jib,
    configures_jib_gradle,
    configures_sbt_docker,
    imports_container_libraries,
    imports_container_libraries_node,
    imports_go_container_libraries,
    reads_csharp_images,
    runs_engine_node,
    sets_nextflow_container,
    starts_rust_containers,
    uses_testcontainers,
)
from .discover import (
    _BASES,
    _CI_AT_ROOT,
    _DOCUMENTATION_DIRECTORIES,
    ARCHIVE,
    AZURE_DIRECTORIES,
    BAZEL_BUILD_NAMES,
    BAZEL_SUFFIX,
    BUILD,
    CI,
    COMPOSE,
    COPY_ENDINGS,
    CSHARP_SOURCE_SUFFIX,
    CWL_SUFFIX,
    DEPLOY,
    DEVCONTAINER_FILE_NAMES,
    DOCKERFILE,
    GO_SOURCE_SUFFIX,
    GRADLE_SCRIPT_SUFFIXES,
    JVM_SOURCE_SUFFIXES,
    MSBUILD_SUFFIXES,
    NEXTFLOW_SUFFIXES,
    NIX_SUFFIX,
    NOMAD,
    NOT_THE_PROJECTS,
    OCI_LAYOUT_FILE,
    POM_FILE_NAME,
    PYTHON_SOURCE_SUFFIX,
    RUST_SOURCE_SUFFIX,
    SBT_SUFFIX,
    SHELL,
    SNAKEFILE_NAMES,
    SNAKEMAKE_SUFFIXES,
    WDL_SUFFIX,
    _by_content,
    _head,
    _is_cloudbuild_json,
    _is_task_definition,
    _is_unraid_template,
    _named_after,
    _named_in_lower_case,
    _tidy,
    builds_with_bazel,
    is_bake_hcl,
    is_chef_recipe_path,
    is_compose_copy,
    is_definition_name,
    is_node_source_name,
    is_nomad_job_hcl,
    is_prefixed_dockerfile,
    is_sbt_project_source,
    kind_of_file,
    names_container_base,
    path_parts,
    program_kind,
    pulls_with_bazel,
    pulls_with_config_management,
    says_bootstrap,
)

__all__ = ["walk_directory"]

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Collection, Iterable
    from typing import TypeAlias

    #: A path as the functions here take it: text, or any ``os.PathLike`` (a ``Path``).
    PathArg: TypeAlias = "str | os.PathLike[str]"


def walk_directory(root: str, kinds: Collection[str]) -> list[tuple[str, str]]:
    """The files under the directory ``root`` that are read, each with its kind, sorted by
    path (see :func:`.discover.discover`); ``kinds`` the opt-in kinds asked for."""
    relative = listed_files(root)
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
        elif kind is None and parts[-1].endswith(GRADLE_SCRIPT_SUFFIXES):
            file = _tidy(root, *parts)
            if configures_jib_gradle(file):  # (Jib's base image: most scripts build no image)
                results.append((file, BUILD))
        elif kind is None and (
            parts[-1].endswith(SBT_SUFFIX) or is_sbt_project_source(os.path.join(*parts[-2:]))
        ):
            file = _tidy(root, *parts)
            if configures_sbt_docker(file):  # (the Docker plugin's base: most build no image)
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
        elif kind is None and parts[-1] in DEVCONTAINER_FILE_NAMES:
            file = _tidy(root, *parts)
            from ._devcontainer_named import named_in_project

            if named_in_project(file):  # (out of its places: read where a workflow names it)
                results.append((file, BUILD))
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
