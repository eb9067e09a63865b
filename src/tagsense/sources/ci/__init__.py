"""CI configurations: the images each CI system pulls to run its jobs.

:func:`scan_ci` reads one CI file (YAML, through :mod:`.._yaml`: positions from
the parser, unknown tags kept, nothing constructed) and reports every image its
system pulls, as that system's documentation and runner define them, **with
the values the file itself defines put in** (variables, parameters, matrix
values). :func:`ci_system` tells the system from a file's path (an Azure
pipeline of another name by its text); :func:`referenced_dockerfiles` names the
Dockerfile a Docker container action builds (to be scanned as a Dockerfile);
:func:`included_files` names the files a GitLab pipeline reads through
``include`` and an Azure pipeline through ``template`` (read as part of it, not
alone).

Where images are, system by system, and what is put in (each system's module
says how):

* **GitHub Actions workflows** (``github-workflow``, :mod:`._github`):
  ``jobs.<id>.container`` (an image, or a mapping with ``image``),
  ``jobs.<id>.services.<name>`` (the same two forms; in both a ``docker://``
  prefix is taken off, as the workflow parser does), and
  ``jobs.<id>.steps[*].uses: docker://<image>`` (the prefix is
  case-sensitive, as in the runner). ``${{ matrix.x }}`` gives one image per
  combination of ``strategy.matrix`` (``include``/``exclude`` as GitHub
  documents them; ``context["matrix"]`` holds the values used);
  ``${{ inputs.x }}`` the input's ``default``. ``github``, ``vars``, ``needs``
  and ``strategy`` only a run has. ``env`` and ``secrets`` are not available
  where an image is named: GitHub rejects such a workflow, and so is it an
  error here, as is any context in ``uses``. An empty image starts no
  container.
* **Action metadata** (``github-action``, ``action.yml``): ``runs.using:
  docker`` with ``runs.image: docker://<image>`` (prefix case-insensitive);
  an image ending in ``Dockerfile`` (or ``dockerfile``) is a Dockerfile the
  runner builds, not an occurrence (see :func:`referenced_dockerfiles`);
  anything else is an error, as in the runner. Composite actions:
  ``runs.steps[*].uses: docker://<image>`` and the images their steps give well-known
  actions, once each call of the action by a step of the repository, with the inputs it
  passes (:mod:`._action_calls`; alone when nothing calls it).
* **GitLab CI** (``gitlab``, :mod:`._gitlab`): ``image`` (a name, or a
  mapping with ``name``) and ``services`` (a list of names or mappings with
  ``name``) at the top level (``context["section"] = "global"``), in
  ``default:`` (``"default"``) and in every job (a top-level key that is none
  of GitLab's reserved keywords, with a mapping value; hidden jobs ``.name``
  with ``context["hidden"]``). Local ``include:`` files are read as part of
  the pipeline (their images keep their own path and line, with
  ``context["included_by"]``), ``!reference`` and ``extends:`` are resolved,
  and each job's images are expanded with its ``variables:`` (global, job,
  ``parallel: matrix``) as GitLab and its runner do. ``$[[ inputs.x ]]`` is
  an input's value (``include: inputs`` or ``spec:inputs`` defaults). A
  component's header document (``spec:`` before ``---``) has no jobs.
* **CircleCI** (``circleci``, :mod:`._circleci`): ``jobs.<name>.docker[*].image``
  and ``executors.<name>.docker[*].image`` (the first image is the primary
  container, ``context["primary"]``), also of orbs written in the file, and
  the ``default`` executor of CircleCI's language orbs (``circleci/python``,
  ``node``, ``ruby``, ``go``) given a ``tag`` (``cimg/python:<tag>``, at the ``tag``);
  ``machine`` and ``macos`` images are VM images. ``<< parameters.x >>``
  takes the arguments of each workflow invocation (and matrix), else the
  default; ``<< pipeline.parameters.x >>`` the default.
* **Bitbucket Pipelines** (``bitbucket``, :mod:`._bitbucket`): the top-level
  ``image`` (a name or a mapping with ``name``), every step's ``image``, the
  images of ``definitions.services.<name>``, and pipes written ``pipe:
  docker://<image>`` in a step's ``script`` or ``after-script``. A pipe
  written ``pipe: account/repo:version`` names a Bitbucket repository whose
  ``pipe.yml`` chooses the image, so it is not an occurrence. Steps are found
  anywhere under ``pipelines`` and ``definitions``, each once.
* **Drone** and **Woodpecker** (``drone``, ``woodpecker``, :mod:`._drone`):
  ``steps``, ``services`` and ``clone`` (lists of mappings, or mappings of
  names to mappings) and the legacy ``pipeline:`` mapping, each item's
  ``image``, in every document (Drone documents of another ``kind``, and
  pipelines of a ``type`` with no containers, are skipped). ``${NAME}`` takes
  the values of a top-level ``matrix:``.
* **Buildkite** (``buildkite``, :mod:`._buildkite`): each command step's ``image`` (else
  the pipeline's), the ``docker`` plugin's ``image`` and the ``kubernetes`` plugin's
  ``podSpec.containers[*].image``, in ``steps`` (or a list of steps alone) and ``group``
  steps; ``$NAME`` and ``${NAME}`` take the pipeline's ``env:``.
* **Prow** (``prow``, :mod:`._prow`): each job's ``spec.containers[*].image`` (and
  ``initContainers``) in ``presubmits``, ``postsubmits`` and ``periodics``.
* **Azure Pipelines** (``azure``, :mod:`._azure`): ``resources.containers[*].image``,
  and ``container`` and ``services`` at the pipeline level and in every job
  and deployment job (under ``jobs`` or ``stages[*].jobs``): a string that
  names a container resource is that resource (reported where it is
  defined), another string is an image, a mapping has ``image``.
  ``pool.vmImage`` is a VM image, not read. ``variables:`` (pipeline, stage,
  job, matrix leg) fill ``$(x)``, ``${{ variables.x }}`` and
  ``$[ variables['x'] ]``; ``${{ parameters.x }}`` is the value the includer
  passes a template, else the parameter's default. Templates (``- template:``
  in ``stages``, ``jobs`` and ``steps``, ``extends: template:``) are read as
  part of the pipeline (:mod:`._azure_templates`).
* **Jenkins** (``jenkins``, :mod:`._jenkins`): a ``Jenkinsfile`` (Groovy, read by its
  tokens): Docker agents, Docker Pipeline's ``docker.image()``, the Kubernetes plugin's pod
  templates, and ``sh`` steps.
* **Cirrus CI** (``cirrus``, :mod:`._cirrus`): each task's container instance and Docker
  pipes' steps, with matrix modification and ``env``.
* **Codefresh** (``codefresh``, :mod:`._codefresh`): each freestyle step's ``image``
  and its ``services.composition``, a composition step's services and candidates, the
  ``hooks``' ``exec`` images, in ``steps`` and ``parallel`` steps; ``codefresh.yml``
  (``.yaml``) by its name, a pipeline of another name by its shape (``version: '1.0'``
  and a mapping of ``steps``). ``${{NAME}}`` only a run fills in; a build step's
  ``${{STEP}}`` is its own image, not a pull.
* **Google Cloud Build** (``cloudbuild``, :mod:`._cloudbuild`): each step's
  ``name``, the image the step runs in (``context["job"]``: the step's ``id``).
  ``substitutions:`` defaults fill ``$_NAME`` and ``${_NAME}``; built-in
  substitutions (``$PROJECT_ID``, ``$SHORT_SHA``…) only a run has. ``images:``
  are the names the build pushes (:func:`built_images`), not pulls.
* **Travis CI** (``travis``, :mod:`._travis`): no image of its own (a job runs on a VM);
  the images its jobs' phases pull, with the ``env`` each job exports.
* **Concourse** (``concourse``, :mod:`._concourse`): a pipeline or task file of any name
  by its shape: tasks' ``image_resource``, ``registry-image`` and ``docker-image``
  ``resource_types``, and the resources of those types that a job fetches and never
  pushes to; ``((name))`` the pipeline's setter gives.
* **Semaphore** (``semaphore``, :mod:`._semaphore`): ``.semaphore/*.yml``: the
  ``agent.containers[*].image`` of the pipeline, of each block's task and of the
  ``after_pipeline`` task; the jobs' ``commands`` are scripts.
* **AWS CodeBuild** (``codebuild``, :mod:`._codebuild`): a build specification
  (``buildspec*.yml`` anywhere, by its shape: :mod:`.._codebuild_shape`): the ``env.image``
  of each batch build; the phases' ``commands`` are one shell's script, with ``env.variables``.

Each :class:`~tagsense.sources.Occurrence` has ``kind="ci"``, the 1-based
``line`` and ``column`` where the reference text starts (inside quotes, after
a ``docker://`` prefix), ``raw`` the scalar as written (with its prefix),
``text`` what the system pulls (the file's values put in), ``reference`` its
parse or ``None``, and ``context`` with ``system``, ``field`` (``container``,
``services``, ``uses``, ``image``, ``docker``, ``pipe``, ``steps``,
``clone``, ``pipeline``, ``resources``) and where it was found (``job``,
``service``, ``step``, ``executor``, ``pipeline``, ``stage``, ``section``…).
One node that gives several texts (a matrix) is one occurrence per text; the
same text of a node (YAML anchors, merge keys, two jobs) is reported once.

What only a run fills in stays as written in ``text``: ``unresolved`` names it
(``("CI_REGISTRY_IMAGE",)``, ``("github.repository",)``,
``("pipeline.git.tag",)``), ``run_time`` says what kind of text it is (a value
of :data:`~tagsense.occurrence.RUN_TIME`), and ``context["known_prefix"]`` is
the text before the first unresolved part (``node:latest-`` of
``node:latest-${ARCH}``), when there is one.

Values of the wrong type where an image is read are :class:`SourceError`
entries; the functions never raise on bad input. Expansion is bounded: a
matrix or a value that would grow past a limit is an error, not a hang.
"""

from __future__ import annotations

import functools
import os

from ..._lazy import lazy_pattern
from ...errors import TagsenseError
from ...occurrence import BuildSite, Occurrence, Scan, SourceError, Suppression
from .._cloudbuild_shape import CLOUDBUILD_FILE_NAMES
from .._yaml import MAX_BYTES, decoded, load_yaml, scalar
from ..discover import AZURE_DIRECTORIES, path_parts
from ._scanner import KIND, Scanner, fields

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path, PurePath

    import yaml

    from ..builds._compose_cmd import ShellCompose
    from ..builds._helm_cmd import ShellChart
    from ..builds._runs import Running
    from ..builds._shell_values import ShellBuild, ShellPull
    from ..builds._watched import Readings
    from ..project import BuildConfig, BuildFile, BuiltImage, ChartRelease, ComposeRun
    from ._shell import Session


__all__ = [
    "KIND",
    "MAX_BYTES",
    "SHELL_KIND",
    "SYSTEMS",
    "built_images",
    "ci_system",
    "included_files",
    "referenced_dockerfiles",
    "scan_ci",
]

#: The CI systems :func:`scan_ci` reads.
SYSTEMS = (
    "github-workflow",
    "github-action",
    "gitlab",
    "circleci",
    "bitbucket",
    "drone",
    "woodpecker",
    "azure",
    "cloudbuild",
    "jenkins",
    "cirrus",
    "buildkite",
    "prow",
    "codefresh",
    "travis",
    "concourse",
    "semaphore",
    "codebuild",
)

_YAML_SUFFIXES = (".yml", ".yaml")


# --- which system -----------------------------------------------------------------


def ci_system(path: PurePath | str | os.PathLike[str]) -> str | None:
    """The CI system a file belongs to by its standard path, or ``None``.

    ``.github/workflows/*.yml`` (or ``.yaml``, directly in that directory, whatever
    the name), ``action.yml``/``action.yaml`` anywhere else, ``.gitlab-ci.yml``,
    ``.circleci/config.yml``, ``bitbucket-pipelines.yml``, ``.drone.yml``,
    ``.woodpecker.yml``/``.woodpecker.yaml`` and ``.woodpecker/*.yml`` (or
    ``.yaml``), ``.buildkite/*.yml`` (or ``.yaml``) and ``buildkite.yml`` (``.yaml``),
    Prow's ``.prow.yaml`` and the YAML files below ``.prow/``, ``.cirrus.yml`` (``.yaml``),
    ``azure-pipelines.yml``, ``cloudbuild.yaml`` (``.yml``, ``.json``), ``codefresh.yml``
    (``.yaml``), ``.travis.yml``, ``.semaphore/*.yml`` (``.yaml``) and a ``Jenkinsfile``
    (:func:`is_jenkinsfile_name`) anywhere, and the steps of a Jenkins shared library
    (``vars/*.groovy``), which run as part of the pipelines that call them. Names are
    case-sensitive. Azure and Cloud Build run files of any name: others are theirs by their
    place and their text (:mod:`.._azure_shape`, :mod:`.._cloudbuild_shape`; :func:`scan_ci`
    tells them by their text).

    >>> ci_system("repo/.github/workflows/ci.yaml")
    'github-workflow'
    >>> ci_system("docker-compose.yml") is None
    True
    """
    parts = path_parts(path)
    name = parts[-1] if parts else ""
    parents = parts[:-1]
    # GitHub runs every YAML file of .github/workflows as a workflow, whatever its name
    # (medusa's workflow is .github/workflows/action.yml): the place decides before the name.
    if name.endswith(_YAML_SUFFIXES) and parents[-2:] == (".github", "workflows"):
        return "github-workflow"
    if name in ("action.yml", "action.yaml"):
        return "github-action"
    if name == ".gitlab-ci.yml":
        return "gitlab"
    if name == "config.yml" and parents[-1:] == (".circleci",):
        return "circleci"
    if name == "bitbucket-pipelines.yml":
        return "bitbucket"
    if name == ".drone.yml":
        return "drone"
    if name in (".woodpecker.yml", ".woodpecker.yaml") or (
        name.endswith(_YAML_SUFFIXES) and parents[-1:] == (".woodpecker",)
    ):
        return "woodpecker"
    if name == "azure-pipelines.yml":
        return "azure"
    if name in (".cirrus.yml", ".cirrus.yaml"):
        return "cirrus"
    if name in CLOUDBUILD_FILE_NAMES:
        return "cloudbuild"
    if is_jenkinsfile_name(name) or (name.endswith(".groovy") and parents[-1:] == ("vars",)):
        return "jenkins"  # (a Jenkins shared library's steps are ``vars/*.groovy``)
    if (name.endswith(_YAML_SUFFIXES) and parents[-1:] == (".buildkite",)) or name in (
        "buildkite.yml",
        "buildkite.yaml",
    ):
        return "buildkite"
    if name == ".prow.yaml" or (name.endswith(_YAML_SUFFIXES) and ".prow" in parents):
        return "prow"
    if name in ("codefresh.yml", "codefresh.yaml"):
        return "codefresh"
    if name.endswith(_YAML_SUFFIXES) and parents[-1:] == (".semaphore",):
        return "semaphore"
    if name == ".travis.yml":
        return "travis"
    return None


def is_jenkinsfile_name(name: str) -> bool:
    """A Jenkins pipeline's name as people write it: ``Jenkinsfile``, ``Jenkinsfile.release``,
    ``Jenkinsfile-nightly``, ``ci.Jenkinsfile`` (a multibranch job may name any file; these
    are the names Jenkins' documentation and projects use).

    >>> names = ("Jenkinsfile", "deploy.jenkinsfile", "Jenkinsfiles", "jenkinsfile.bats")
    >>> [is_jenkinsfile_name(name) for name in names]
    [True, True, False, False]
    """
    lowered = name.lower()
    if lowered.endswith(_NOT_GROOVY):
        return False  # (jenkinsci/docker's tests/jenkinsfile.bats, a Jenkinsfile.md, a template)
    if lowered.startswith("jenkinsfile"):
        return len(lowered) == 11 or lowered[11] in ".-_"
    return lowered.endswith(".jenkinsfile") and len(lowered) > 12


#: Endings of files named after a Jenkinsfile that are none (tests, docs, data, templates).
_NOT_GROOVY = (
    ".bats", ".sh", ".bash", ".py", ".md", ".rst", ".adoc", ".txt", ".html", ".json", ".yml",
    ".yaml", ".xml", ".properties", ".j2", ".jinja", ".jinja2", ".tmpl", ".tpl", ".template",
    ".orig", ".bak", ".swp", ".disabled", ".license",
)  # fmt: skip


# --- the scan ----------------------------------------------------------------------


def _system_of(path: str | None, data: str | bytes) -> str | None:
    """The system of a file by its path, else Azure's or Cloud Build's when its text has that
    system's shape (both run files of any name), AWS CodeBuild's for a ``buildspec*.yml`` of
    its shape, or CircleCI's for a configuration of its shape beside ``.circleci/config.yml``
    (the one a setup configuration continues with)."""
    system = ci_system(path) if path else None
    if system is None:
        from .._azure_shape import is_azure_text
        from .._circleci_shape import is_circleci_place, is_circleci_text, orb_source_section
        from .._cloudbuild_shape import is_cloudbuild_text
        from .._gitlab_component_shape import is_component_place, is_component_text

        text = data if isinstance(data, str) else data.decode("utf-8", "replace")
        if path and _is_codebuild(path, text):
            system = "codebuild"  # (an AWS CodeBuild build specification: any place)
        elif path and is_circleci_place(path) and is_circleci_text(text):
            system = "circleci"  # (a setup configuration's continuation)
        elif path and orb_source_section(path) is not None:
            system = "circleci"  # (an orb's source: its executors and jobs, one a file)
        elif path and is_component_place(path) and is_component_text(text):
            system = "gitlab"  # (a GitLab CI/CD component's template)
        elif path and _is_custom_gitlab(path, text):
            system = "gitlab"  # (a GitLab pipeline at a custom path: ``.nvidia-ci.yml``)
        elif is_azure_text(text):
            system = "azure"
        elif is_cloudbuild_text(text):
            system = "cloudbuild"
        else:
            from ._codefresh import is_codefresh_text

            if is_codefresh_text(text):
                system = "codefresh"
            else:
                from ._concourse import is_concourse_text

                if is_concourse_text(text):
                    system = "concourse"
    return system


def _is_custom_gitlab(path: str, text: str) -> bool:
    """Whether a file is a GitLab pipeline at a custom path, by place and text (see
    ``.._gitlab_custom_shape``)."""
    if "ci" not in os.path.basename(path).lower():
        return False
    from .._gitlab_custom_shape import is_custom_place, is_gitlab_text

    return is_custom_place(path) and is_gitlab_text(text)


def _is_codebuild(path: str, text: str) -> bool:
    """Whether a file is an AWS CodeBuild build specification, by its name and its shape."""
    from .._codebuild_shape import is_codebuild_name, is_codebuild_text

    return is_codebuild_name(path) and is_codebuild_text(text)


def _noted(error: SourceError) -> SourceError:
    return SourceError(error.path, error.line, error.message, note=True)


def scan_ci(
    data: str | bytes,
    *,
    path: str | None = None,
    system: str | None = None,
    max_bytes: int = MAX_BYTES,
    root: str | os.PathLike[str] | None = None,
) -> Scan:
    """Find the images a CI file makes its system pull.

    ``system`` is one of :data:`SYSTEMS`; when ``None`` it is told from
    ``path`` (:func:`ci_system`), else the text of an Azure pipeline or template
    of any name is Azure's; a file it cannot be told for is one error. ``root``
    is the repository's directory, from which a GitLab pipeline's ``include:
    local`` files are read (default: the directory of
    ``path``; without a path, included files are not read). The occurrences
    are in file order (the main file's first). Bad input is never an
    exception; an unknown ``system`` raises :class:`~tagsense.TagsenseError`.

    >>> scan = scan_ci("jobs:\\n  test:\\n    container: node:20\\n", system="github-workflow")
    >>> [(o.line, o.column, o.text, o.context["job"]) for o in scan]
    [(3, 16, 'node:20', 'test')]
    >>> gitlab = "variables:\\n  NODE: '22'\\ntest:\\n  image: node:${NODE}-alpine\\n"
    >>> [o.text for o in scan_ci(gitlab, system="gitlab")]
    ['node:22-alpine']
    """
    if system is not None and system not in SYSTEMS:
        known = ", ".join(SYSTEMS)
        raise TagsenseError(f"unknown CI system {system!r} (known: {known})")
    if system is None:
        system = _system_of(path, data)
        if system is None:
            where = f"{path!r} is not" if path else "the text is not"
            message = f"{where} at a standard CI path; name the CI system"
            return Scan((), (SourceError(path, None, message),))
    if root is None and path is not None:
        root = _root_of(path, system, data)
    if system == "jenkins":
        return _scan_jenkins(data, path, max_bytes)
    loaded = load_yaml(data, path=path, max_bytes=max_bytes)
    scanner = Scanner(
        path,
        system,
        repository=None if root is None else os.fspath(root),
        max_bytes=max_bytes,
    )
    scanner.file_text = loaded.text
    errors = loaded.errors
    if system in ("gitlab", "concourse"):
        # GitLab loads its YAML with Ruby's Psych, which takes a key given twice (a job
        # written twice) without a word, the last one winning: a note, not an error; so does
        # fly (go-yaml's Unmarshal, not strict), and a ytt template's fragments repeat keys.
        errors = [_noted(error) if error.message.startswith("duplicate key") else error
                  for error in errors]  # fmt: skip
    elif system == "cirrus":
        # Cirrus reads a key written twice as two (``task:`` once a task): no error at all.
        errors = [error for error in errors if not error.message.startswith("duplicate key")]
    scanner.errors.extend(errors)
    scanner.suppressions.extend(loaded.suppressions)
    try:
        _reader(system)(scanner, loaded.documents)
    except RecursionError:  # pragma: no cover - bounded everywhere; a last resort
        scanner.error(None, "the file nests too deeply to read")
    except Exception as exc:  # pragma: no cover - a bug; the contract is never to raise
        scanner.error(None, f"internal error in the CI scanner: {exc!r}")
    found = scanner.occurrences
    suppressions = scanner.suppressions
    # (an Azure template's scripts are read through the pipeline, whatever its own text says)
    # (and a GitHub job's, through the repository's composite actions it uses; and a GitLab
    # job's of the files its pipeline includes)
    if loaded.text and (
        _may_pull(loaded.text)
        or (system == "azure" and "template" in loaded.text)
        or (system == "gitlab" and "include" in loaded.text)
        or (system == "github-workflow" and _uses_local_action(loaded.text, path))
        or (system == "codebuild" and "buildspec" in loaded.text)  # (a batch's other files)
    ):
        pulled, silenced = _pulls(data, path, system, root, max_bytes, loaded.text)
        found = found + pulled
        suppressions = suppressions + [s for s in silenced if s not in suppressions]
    occurrences = sorted(
        found,
        key=lambda o: (o.path != path, o.path or "", o.line, o.column),
    )
    return Scan(occurrences, scanner.errors, suppressions)


def _scan_jenkins(data: str | bytes, path: str | None, max_bytes: int) -> Scan:
    """A Jenkinsfile (Groovy, not YAML: :mod:`._jenkins`): its images, and those its shell
    steps pull."""
    from ._jenkins import read_jenkinsfile

    text, why = decoded(data, max_bytes=max_bytes, kind="Groovy")
    if text is None:
        return Scan((), (SourceError(path, None, why or ""),))
    found = read_jenkinsfile(text, path)
    pulled, silenced = _session_pulls(found.sessions, path, "jenkins", max_bytes, text)
    suppressions = [
        *found.scan.suppressions,
        *(s for s in silenced if s not in found.scan.suppressions),
    ]
    occurrences = sorted(
        [*found.scan.occurrences, *pulled], key=lambda o: (o.path or "", o.line, o.column)
    )
    return Scan(occurrences, found.scan.errors, suppressions)


def _reader(system: str) -> Callable[[Scanner, list[yaml.Node]], None]:
    """The reader of a system (each imported when its first file is read)."""
    if system == "github-workflow":
        from ._github import github_workflow

        return github_workflow
    if system == "github-action":
        from ._github import github_action

        return github_action
    if system == "gitlab":
        from ._gitlab import gitlab

        return gitlab
    if system == "circleci":
        from ._circleci import circleci

        return circleci
    if system == "bitbucket":
        from ._bitbucket import bitbucket

        return bitbucket
    if system == "azure":
        from ._azure import azure

        return azure
    if system == "cloudbuild":
        from ._cloudbuild import cloudbuild

        return cloudbuild
    if system == "cirrus":
        from ._cirrus import cirrus

        return cirrus
    if system == "buildkite":
        from ._buildkite import buildkite

        return buildkite
    if system == "prow":
        from ._prow import prow

        return prow
    if system == "codefresh":
        from ._codefresh import codefresh

        return codefresh
    if system == "travis":
        from ._travis import travis

        return travis
    if system == "concourse":
        from ._concourse import concourse

        return concourse
    if system == "semaphore":
        from ._semaphore import semaphore

        return semaphore
    if system == "codebuild":
        from ._codebuild import codebuild

        return codebuild
    from ._drone import drone

    return drone


def _may_pull(text: str) -> bool:
    from ..builds.shell import may_pull

    return may_pull(text.encode("utf-8", "replace"))


def _uses_foreign_build(text: str | None) -> bool:
    """Whether a workflow may build with another action than Docker's, or publish images
    with one (:mod:`._foreign_actions`)."""
    if not text:
        return False
    from ._foreign_actions import may_use_foreign_build

    return may_use_foreign_build(text)


def _uses_local_action(text: str, path: str | None) -> bool:
    """A quick look: whether a workflow's step uses an action of its repository (``uses:
    ./…``) whose steps may build, pull or set variables (see ``._local_actions``)."""
    import re

    if path is None or re.search(r"uses:\s*['\"]?\./", text) is None:
        return False
    from ._local_actions import used_action_files

    return bool(used_action_files(path, text.encode(errors="replace"), mattering=True))


def _installed_images(
    charts: list[ShellChart], path: str | None, session: Session
) -> list[ShellPull]:
    """The images ``helm install`` commands of charts that are not the project's name whole
    with ``--set`` (see ``..builds._helm_cmd.set_images``): dragonflyoss/dragonfly's e2e jobs
    install the chart of a submodule with ``--set manager.image.repository=dragonflyoss/manager
    --set manager.image.tag=v2.5.1``."""
    from ..builds._helm_cmd import chart_elsewhere, set_images
    from ..builds._shell_values import ShellPull as Pull

    return [
        Pull(chart.line, chart.line, "helm", "install", image)
        for chart in charts
        if chart_elsewhere(chart, _checkout(path), session.workdir)
        for image in set_images(chart)
    ]


def _names_an_engine(session: Session) -> bool:
    """Whether a session's scripts or variables name a program that pulls (``$DOCKER`` too;
    kind, kubectl and OpenShift's ``oc``, whose commands have a cluster run images;
    ``devcontainer features test``, which starts its base image)."""
    texts = [script.text for script in session.scripts] + list(session.variables.values())
    if "KO_DEFAULTBASEIMAGE" in session.variables or any("KO_DEFAULTBASEIMAGE" in t for t in texts):
        return True  # (ko's base image, given to `ko build`)
    return any(_text_names_an_engine(text) for text in texts)


@functools.lru_cache(maxsize=4096)
def _text_names_an_engine(text: str) -> bool:
    """Whether one text names a program that pulls (see :func:`_names_an_engine`; a
    configuration's jobs make a thousand shells of a few hundred texts)."""
    lowered = text.lower()
    return (
        any(program in lowered for program in _PULLING_PROGRAMS)
        or _OC_WORD.search(text) is not None
        or ("helm" in text and "image.repository=" in text)  # (see _installed_images)
        or (("-P" in text or "--platform" in text) and _ACT_WORD.search(text) is not None)
    )


#: OpenShift's ``oc``, a word of its own (any case).
_OC_WORD = lazy_pattern(r"(?i)\boc\b")


#: nektos/act's name, a word of its own: ``act -P LABEL=IMAGE`` runs jobs in IMAGE.
_ACT_WORD = lazy_pattern(r"(?<![\w.$-])act(?![\w.-])")


#: How the programs whose commands pull are written (``oc``, a short word, is looked for alone;
#: ``jib.from.image``, Jib's base image on Maven's or Gradle's command line). The engines the
#: shell reader knows (``buildah pull``, ``crictl pull``, ``k3d cluster create --image``) are
#: here too: spinkube/spin-operator's smoke tests start ``k3d cluster create --image …`` in a
#: ``run:`` naming no other pulling program. The Buildpacks CLI's ``pack build`` pulls its
#: builder.
_PULLING_PROGRAMS = ("docker", "podman", "nerdctl", "kind", "kubectl", "crane", "skopeo", "oras",
                     "regctl", "promu", "jib.from.image", "features test", "rocker",
                     "industrial_ci/", "minikube", "k3d", "buildah", "crictl",
                     "pack build")  # fmt: skip


#: The ``kind`` of the images a script's command pulls or runs.
SHELL_KIND = "shell"


def _pulls(
    data: str | bytes,
    path: str | None,
    system: str,
    root: str | os.PathLike[str] | None,
    max_bytes: int,
    text: str,
) -> tuple[list[Occurrence], list[Suppression]]:
    """The images the file's scripts pull or run (``docker run IMAGE``…), kind ``shell``,
    each once a line: only those whose text the file settles (see
    :class:`~tagsense.sources.builds.shell.ShellReader`); and the shell comments that
    suppress findings on them (``docker run x:latest  # tagsense: ignore[TS001]`` in a
    ``run: |``, or on the line above). Never raises."""
    from ._shell import sessions

    loaded = load_yaml(data, path=path, max_bytes=max_bytes)  # (the scan's nodes are its own)
    repository = None if root is None else os.fspath(root)
    scanner = Scanner(path, system, repository=repository, max_bytes=max_bytes)
    scanner.file_text = text
    try:
        every = sessions(loaded.documents, scanner, _checkout(path))
    except Exception:  # pragma: no cover - a bug; the contract is never to raise
        return [], []
    return _session_pulls(every, path, system, max_bytes, text)


def _session_pulls(
    every: list[Session], path: str | None, system: str, max_bytes: int, text: str
) -> tuple[list[Occurrence], list[Suppression]]:
    """The images the shells ``every`` pull or run (see :func:`_pulls`)."""
    from ..builds._watched import Readings, Watch
    from ..builds.shell import (
        ShellReader,
        comment_suppressions,
        lines_of,
        sourcing_of,
        word_position,
    )

    texts: dict[str | None, list[str]] = {path: text.split("\n")}
    seen: set[tuple[str | None, int, str]] = set()
    found: list[Occurrence] = []
    silenced: list[Suppression] = []
    pulled = Readings()  # (a matrix's jobs: see ..builds._watched)
    for session in every:
        shell = _shell_key(session)
        if pulled.repeats(shell, session.variables):
            continue  # (it pulls what a job read before pulls, at the same lines: all seen)
        if not session.posix or not _names_an_engine(session):
            continue  # (no command of it can run an engine, or it is no POSIX shell's text)
        # (`source FILE` of the project: its variables are the step's after it)
        sourcing = sourcing_of(path, max_bytes) if path is not None else None
        watch = Watch()
        reader = ShellReader(
            session.variables,
            pulls=True,
            sourcing=sourcing,
            repository="",
            workspace=session.workspace,
            no_arguments=True,  # (a step's script has no words of its own)
            watch=watch,
        )
        for script in session.scripts:
            reader.pulls = []
            charts = len(reader.charts)
            reader.read(script.text, script.line)
            reader.pulls.extend(_installed_images(reader.charts[charts:], path, session))
            for pull in reader.pulls:
                # (a command written in a file the step sources is placed in that file)
                where = pull.path or script.path
                if where not in texts:
                    texts[where] = lines_of(where, max_bytes)
                last = pull.last_line
                if pull.path is None and script.last is not None:
                    last = max(last, script.last)  # (a folded text: its lines are the file's)
                line, column = word_position(texts[where], pull.line, last, pull.image, pull.lead)
                if (where, line, pull.image) in seen:
                    continue
                seen.add((where, line, pull.image))
                numbers = range(pull.line - 1, max(line, pull.last_line) + 1)
                silenced.extend(comment_suppressions(texts[where], where, numbers))
                context: dict[str, object] = {"system": system, "engine": pull.engine,
                                              "verb": pull.verb}  # fmt: skip
                if session.job is not None:
                    context["job"] = session.job
                if where != path and path is not None:
                    context["included_by"] = path
                # (a run of the image a `docker load` of the job gave: see ..builds._image_load)
                loaded = (
                    BuildSite(f"{pull.engine} load", script.path, pull.loaded)
                    if pull.loaded
                    else None
                )
                found.append(
                    Occurrence.of_text(
                        path=where,
                        line=line,
                        column=column,
                        kind=SHELL_KIND,
                        raw=pull.image,
                        text=pull.image,
                        context=context,
                        built=loaded,
                    )
                )
        pulled.add(shell, session.variables, watch)
    return found, list(dict.fromkeys(silenced))


def built_images(
    data: str | bytes,
    *,
    path: str | None = None,
    system: str | None = None,
    max_bytes: int = MAX_BYTES,
    root: str | os.PathLike[str] | None = None,
) -> BuildFile:
    """The images a CI file's scripts build (``docker build -t NAME`` in a ``run:``, a
    ``script:``…), as a :class:`~tagsense.sources.project.BuildFile` whose ``built`` names
    are at the line of each command (``BuildSite`` tool: the system).

    The scripts are those :mod:`._shell` finds, with the variables the file gives them;
    the commands are read by :class:`~tagsense.sources.builds.shell.ShellReader`. A GitHub
    step that uses ``docker/build-push-action`` is a build too (:mod:`._actions`), and so
    are the names a Cloud Build file pushes (``images:``, :mod:`._cloudbuild`).
    ``system`` and ``root`` are as for :func:`scan_ci`. Never raises.

    >>> workflow = "jobs:\\n  image:\\n    steps:\\n      - run: docker build -t acme/app ."
    >>> [i.name for i in built_images(workflow, system="github-workflow").built]
    ['acme/app']
    """
    from ..builds._watched import Readings, Watch
    from ..builds.shell import ShellReader, built_by
    from ..project import BuildFile
    from ._shell import _step_sourcing, sessions

    if system is None:
        system = _system_of(path, data)
    if system is None or system not in SYSTEMS:
        return BuildFile(path=path)
    if root is None and path is not None:
        root = _root_of(path, system, data)
    # (a Jenkins job and a CodeBuild build start at the top of the source, wherever the file is)
    checkout = _project_checkout(path) if system in ("jenkins", "codebuild") else _checkout(path)
    images: dict[BuiltImage, None] = {}
    configs: dict[BuildConfig, None] = {}
    runs: dict[ComposeRun, None] = {}
    releases: dict[ChartRelease, None] = {}
    running: Running | None = None
    read: dict[str, tuple[int, int] | None] = {}  # (the files read besides this one)
    if system == "jenkins":
        from ...occurrence import BuildSite
        from ..project import BuiltImage
        from ._jenkins import read_jenkinsfile

        text, _ = decoded(data, max_bytes=max_bytes, kind="Groovy")
        jenkins = read_jenkinsfile(text, path) if text is not None else None
        every = jenkins.sessions if jenkins is not None else []
        for line, name in jenkins.built if jenkins is not None else ():
            images[BuiltImage(name, BuildSite(system, path, line))] = None  # (docker.build)
        loaded = None
    else:
        loaded = load_yaml(data, path=path, max_bytes=max_bytes)
        repository = None if root is None else os.fspath(root)
        scanner = Scanner(path, system, repository=repository, max_bytes=max_bytes)
        scanner.file_text = loaded.text
        every = sessions(loaded.documents, scanner, checkout, read)
    ran, builds_read = Readings(), Readings()  # (a matrix's jobs: see ..builds._watched)
    # (the files a job's steps moved so far, ``mv``/``cp``: a later step's compose command
    # finds them where they were put; see ..builds._compose_moves)
    moved: dict[str | None, list[tuple[str, str]]] = {}
    for session in every:
        if path is not None and session.posix and _runs_scripts(session):
            running = running or _running(path, checkout, max_bytes)
            _run_scripts(session, running, path, ran)
        shell = _shell_key(session)
        if builds_read.repeats(shell, session.variables):
            continue  # (its builds are those of a job read before: nothing new)
        # (`. dockerfiles/build-args.sh` of the project: the build arguments it sets are the
        # step's after it; open-rmf/rmf_deployment_template's `docker build $RMF_BUILD_ARGS`)
        sourcing = _step_sourcing(
            "\n".join(script.text for script in session.scripts), checkout, session.workdir
        )
        watch = Watch()
        reader = ShellReader(
            session.variables, cwd=session.workdir, repository="", workspace=session.workspace,
            files=checkout, sourcing=sourcing, no_arguments=True, watch=watch,
        )  # fmt: skip
        job_moves = moved.setdefault(session.job, [])
        reader.moved.extend(job_moves)
        by_file: dict[str | None, list[ShellBuild]] = {}
        composes: dict[str | None, list[ShellCompose]] = {}
        charts: dict[str | None, list[ShellChart]] = {}
        for script in session.scripts:
            before = len(reader.composes)
            installs = len(reader.charts)
            by_file.setdefault(script.path, []).extend(reader.read(script.text, script.line))
            composes.setdefault(script.path, []).extend(reader.composes[before:])
            charts.setdefault(script.path, []).extend(reader.charts[installs:])
        job_moves[len(job_moves) :] = reader.moved[len(job_moves) :]
        # (the files and directories it looked at, `$(cat FILE)`, a loop's `DIR/*`, those a
        # step sources: a reading kept between runs is made anew when one changes)
        read.update(reader.inputs)
        read.update(sourcing.inputs if sourcing is not None else {})
        for where, builds in by_file.items():
            made = built_by(
                builds, system, where, checkout, composes=composes.get(where, ()),
                charts=charts.get(where, ()),
            )  # fmt: skip
            images.update(dict.fromkeys(made.built))
            configs.update(dict.fromkeys(made.builds))
            runs.update(dict.fromkeys(made.composes))
            releases.update(dict.fromkeys(made.charts))
        builds_read.add(shell, session.variables, watch)
    written: dict[BuiltImage, None] = {}
    if loaded is not None and system == "gitlab":
        from ._gitlab_written import tagged_as_written

        # (what a job builds into a name a run fills in, as written: later jobs run it so)
        for session in every:  # (a GitLab file's sessions: nothing read fills `read`)
            if session.as_written is not None:
                written.update(dict.fromkeys(tagged_as_written(session, session.as_written)))
    lowered = "" if loaded is None else (loaded.text or "").lower()
    if (
        loaded is not None
        and system == "github-workflow"
        and ("secrets." in lowered or "vars." in lowered)
    ):
        from ._account_runs import account_tags

        # (what a run step tags in the account a secret or variable names: see ._account_runs)
        written.update(dict.fromkeys(account_tags(loaded.documents, scanner)))
    if (
        loaded is not None
        and system in ("github-workflow", "github-action")
        and (
            "build-push-action" in lowered
            or "bake-action" in lowered
            or "actions-docker-build" in lowered  # (hashicorp's: ._actions._hashicorp_inputs)
            or "goreleaser-action" in lowered  # (`args: release -f FILE`: ._goreleaser_action)
            or "publish-multi-arch-manifest" in lowered  # (._actions.PUBLISH_ACTIONS)
            or (system == "github-workflow" and _uses_local_action(loaded.text, path))
            or _uses_foreign_build(loaded.text)
        )
    ):
        from ._actions import action_builds

        # (docker/build-push-action and docker/bake-action steps: builds as BuildKit runs them)
        for config, built in action_builds(loaded.documents, scanner, checkout, read, written):
            images.update(dict.fromkeys(built))
            if config is not None:
                configs[config] = None
    if loaded is not None and system == "github-workflow" and "docker/github-builder/" in lowered:
        from ._github_builder import builder_builds

        # (jobs that call Docker's reusable build workflows: builds as their actions run)
        for config, built in builder_builds(loaded.documents, scanner, checkout, read, written):
            images.update(dict.fromkeys(built))
            if config is not None:
                configs[config] = None
    if loaded is not None and system in ("drone", "woodpecker") and "repo" in lowered:
        from ._drone import plugin_builds

        # (a build plugin's step: the names it pushes to, its ``repo``)
        images.update(dict.fromkeys(plugin_builds(scanner, loaded.documents, system)))
    if (
        loaded is not None
        and system == "cirrus"
        and checkout is not None
        and "dockerfile" in lowered
    ):
        from ._cirrus import dockerfile_builds

        # (a task's container built from a Dockerfile, with its ``docker_arguments``)
        configs.update(dict.fromkeys(dockerfile_builds(scanner, loaded.documents, checkout)))
    if loaded is not None and system == "cloudbuild":
        from ._cloudbuild import pushed_images

        # (``images:``: what the build pushes when its steps are done)
        images.update(dict.fromkeys(pushed_images(loaded.documents, path)))
    if system == "github-workflow" and path is not None and "workflow_call" in lowered:
        from .._context_cache import stat_of
        from ._calls import depends_on

        # (a reusable workflow is read with its callers' values: they are its inputs too)
        read.update((file, stat_of(file)) for file in depends_on(path) if file not in read)
    if system == "github-action" and path is not None and "composite" in lowered:
        from .._context_cache import stat_of
        from ._action_calls import depends_on as action_depends_on

        # (a composite action is read with its callers' values: they are its inputs too)
        read.update((f, stat_of(f)) for f in action_depends_on(path) if f not in read)
    found = BuildFile(
        configs, images, path=path, composes=runs, inputs=read, written=written, charts=releases
    )
    return running.into(found) if running is not None else found


def _runs_scripts(session: Session) -> bool:
    """A quick look: whether a command of the job could run a script (see ``.builds._runs``)."""
    from ..builds._runs import runs_in

    return any(runs_in(script.text) for script in session.scripts)


def _running(path: str, checkout: str | None, max_bytes: int) -> Running:
    """What a CI file's jobs run of the project's scripts, from the checkout."""
    from ..builds._runs import Running
    from ..builds._shell_values import MAX_BYTES
    from ..context import project_root

    limit = min(max_bytes, MAX_BYTES)
    # (a job's environment is what it names: a script's `${DOCKER:-false}` is its default)
    return Running(checkout, project_root(path), file=path, max_bytes=limit, open_environment=False)


def _shell_key(session: Session) -> tuple[object, ...]:
    """What a session's reading depends on besides its variables: its scripts, and where
    they start (see ``..builds._watched``)."""
    scripts = tuple((script.path, script.line, script.text) for script in session.scripts)
    return (scripts, session.workdir, session.workspace, session.checkout_path)


def _run_scripts(session: Session, running: Running, path: str, ran: Readings) -> None:
    """The scripts a job's commands run, read with its variables and working directory;
    none when a job read before ran the same (what ``running`` was given then, it would be
    given again: each run it reads once)."""
    from ..builds._watched import Watch
    from ..builds.shell import ShellReader

    shell = _shell_key(session)
    if ran.repeats(shell, session.variables):
        return
    watch = Watch()
    reader = ShellReader(
        session.variables,
        cwd=session.workdir,
        running=running,
        repository="",
        workspace=session.workspace,
        checkout_path=session.checkout_path,
        files=_checkout(path),
        watch=watch,
    )
    for script in session.scripts:
        running.file = script.path if script.path is not None else path
        reader.read(script.text, script.line)
    ran.add(shell, session.variables, watch)


#: The directories CI systems keep their files in, in a checkout of the repository (Azure's
#: scripts start in its root, ``$(Build.SourcesDirectory)``, too).
_CI_DIRECTORIES = (
    frozenset({".github", ".circleci", ".woodpecker", ".gitlab", ".buildkite", ".semaphore"})
    | AZURE_DIRECTORIES
)


def _root_of(path: str, system: str, data: str | bytes) -> str:
    """The repository's directory a CI file's includes are read from, when not given: a GitLab
    component template's project (above its ``templates/``), else the file's own directory."""
    if system == "gitlab":
        from .._gitlab_component_shape import component_root, is_component_text

        root = component_root(path)
        text = data if isinstance(data, str) else data.decode("utf-8", "replace")
        if root is not None and is_component_text(text):
            return root
    return os.path.dirname(path)


def _checkout(path: str | None) -> str | None:
    """The directory a CI file's scripts start in: the checkout of its repository (the
    directory above ``.github/``, ``.circleci/``…, else the file's own).

    >>> _checkout(".github/workflows/ci.yml"), _checkout("app/.gitlab-ci.yml")
    ('', 'app')
    """
    if path is None:
        return None
    parts = os.path.dirname(path).split(os.sep)
    for index, part in enumerate(parts):
        if part in _CI_DIRECTORIES:
            return os.sep.join(parts[:index])
    return os.path.dirname(path)


def _project_checkout(path: str | None) -> str | None:
    """Where a Jenkins job's commands start: its workspace, the checkout of the whole
    repository, wherever the job's script path puts its Jenkinsfile (goharbor/harbor-helm's
    ``test/e2e/Jenkinsfile`` runs ``docker build -f test/e2e/Dockerfile test/e2e``): the
    project's root (see ``..context``), named in the style of ``path``; else the file's own
    directory."""
    if path is None:
        return None
    from ..context import project_root

    root = project_root(path)
    directory = os.path.dirname(path)
    if root is None:
        return directory
    if os.path.isabs(path):
        return root
    here = os.path.realpath(directory or os.curdir)
    up = os.path.relpath(root, here)
    if up == os.curdir:
        return directory
    if up.split(os.sep)[0] != os.pardir:
        return directory  # (a root below the file's directory is no root of it)
    joined = os.path.normpath(os.path.join(directory, up)) if directory else up
    return "" if joined == os.curdir else joined


def included_files(
    path: str | os.PathLike[str],
    *,
    root: str | os.PathLike[str] | None = None,
    max_bytes: int = MAX_BYTES,
) -> set[str]:
    """The files a pipeline reads as part of itself: a GitLab pipeline's ``include: local``
    files (and path strings), an Azure pipeline's templates.

    ``path`` is the main file (``.gitlab-ci.yml``, an Azure pipeline), ``root``
    the repository's directory (default: the directory of ``path``). A GitLab
    path is ``os.path.join(root, location)`` normalized, so it compares equal to a
    path a directory walk from the same root finds; an Azure template's is joined
    to the directory of the file that names it. :func:`scan_ci` reads these
    files as part of the pipeline (their images keep their own path and line);
    a caller that also walks the directory should not read them alone (a
    template read alone lacks the variables and parameters of the file that
    includes it). A file that cannot be read, or is neither system's, includes
    nothing. Never raises.

    >>> included_files("no/such/.gitlab-ci.yml")
    set()
    """
    path = os.fspath(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError:
        return set()
    system = _system_of(path, data)
    if system not in ("gitlab", "azure"):
        return set()
    loaded = load_yaml(data, path=path, max_bytes=max_bytes)
    directory = os.fspath(root) if root is not None else _root_of(path, system, data)
    scanner = Scanner(path, system, repository=directory, max_bytes=max_bytes)
    try:
        if system == "azure":
            from ._azure_templates import expand

            scanner.file_text = loaded.text
            expansion = expand(loaded.documents, scanner, text=loaded.text)
            return set() if expansion is None else set(map(os.path.normpath, expansion.files))
        from ._gitlab import Pipeline

        pipeline = Pipeline(scanner, directory, max_bytes)
        pipeline.load(loaded.documents)
    except Exception:  # pragma: no cover - a bug; the contract is never to raise
        return set()
    return {os.path.normpath(file) for file in pipeline.included}


def referenced_dockerfiles(
    data: str | bytes,
    *,
    path: str | os.PathLike[str] | None = None,
    max_bytes: int = MAX_BYTES,
) -> list[Path]:
    """The Dockerfiles an action's metadata (``action.yml``) has the runner build.

    A Docker container action (``runs.using: docker``) whose ``runs.image``
    ends in ``Dockerfile`` (or ``dockerfile``) is built from that file, a path
    relative to the directory of the metadata file (``path``; without it the
    path is returned as written). Anything else (an image, another kind of
    action, bad input) gives no Dockerfile. Never raises.

    >>> metadata = "runs:\\n  using: docker\\n  image: Dockerfile\\n"
    >>> [p.as_posix() for p in referenced_dockerfiles(metadata, path="actions/greet/action.yml")]
    ['actions/greet/Dockerfile']
    """
    from pathlib import Path

    from ._github import is_dockerfile

    loaded = load_yaml(data, path=None if path is None else os.fspath(path), max_bytes=max_bytes)
    found: list[Path] = []
    for document in loaded.documents[:1]:
        runs = fields(fields(document).get("runs"))
        image = scalar(runs.get("image"))
        using = scalar(runs.get("using"))
        if using is None or using.lower() != "docker" or image is None:
            continue
        if is_dockerfile(image):
            base = Path(path).parent if path is not None else Path()
            # (`../../../.devcontainer/Dockerfile`: the file a scan finds by its own name, once;
            # athackst/vscode_ros2_workspace's lint and test actions build the dev container's)
            found.append(Path(os.path.normpath(base / image)))
    return found
