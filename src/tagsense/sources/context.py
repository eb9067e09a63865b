"""A file in its project's context: the build files that give it its meaning.

A Dockerfile means what the compose service or bake target that builds it
makes of it (its build arguments, target, named contexts); a compose file
another one includes means what the includer makes of it; an image a
Skaffold, Tilt, bake or compose build makes is not pulled, wherever it is
named. So each file is read with the build files of its project around it.

**Which build files** (the same rule for a file checked alone, as pre-commit
does, and for a directory scan, so that both give the same answer): those in
the file's own directory and each directory above it up to the project's root
(the directory of its configuration file, else its repository's top level),
and those in the root's immediate subdirectories (``deploy/``,
``.devcontainer/``, and the Dev Container folders in ``.devcontainer/``); for a
Helm chart's directory, the Makefiles and scripts two levels below it (its
``examples/NAME/``, which install it); and
the Garden files at any depth below a Garden project's file among those.
Without a root, the directories above the file. Finding them costs a directory
listing each, and each is read once a scan. The files a build file names as
build files of its own kind (a devcontainer's compose files, whatever they are
called) are read with them.
"""

from __future__ import annotations

import os
import re

from .._lazy import lazy_pattern
from .._roots import config_file_in, forget_build_roots, within
from .._roots import nearest_up as _nearest_up
from .discover import (
    AZURE_DIRECTORIES,
    BUILD_TOOL_FILES,
    DEVCONTAINER_DIRECTORY,
    DEVCONTAINER_FILE_NAMES,
    GRADLE_SCRIPT_SUFFIXES,
    MAKEFILE_NAMES,
    POM_FILE_NAME,
    SHELL_SUFFIXES,
    command_file_kind,
    is_bake_hcl,
    is_compose_name,
    is_devcontainer_path,
    is_garden_name,
    is_helmfile_path,
    is_named_makefile,
    is_skaffold_config,
    is_skaffold_name,
    may_build,
    may_run_make,
    names_compose_fixture,
    names_task_runner,
    program_kind,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from ..occurrence import Scan
    from ._chart_testing import ChartTesting
    from ._unit_tests import UnitTestPaths
    from .project import (
        BuildConfig,
        BuildFile,
        BuiltImage,
        ChartRelease,
        ComposeRun,
        ProjectContext,
    )

    #: How a scan's environment is told apart: ``None`` for the process's own.
    _EnvKey = tuple[tuple[str, str], ...] | None

__all__ = [
    "applied_paths",
    "build_file_kind",
    "chart_testing",
    "commands_around",
    "context_for",
    "forget",
    "git_root",
    "only_lints_with_chart_testing",
    "project_root",
    "read_build_file",
    "runs_chart_testing",
    "script_scan",
    "sourced_files",
    "unit_test_of",
]


def build_file_kind(name: str) -> str | None:
    """The build tool a file of this name belongs to (``compose``, ``skaffold``, ``tilt``,
    ``bake``, ``ko``, ``goreleaser``, ``devcontainer`` for ``.devcontainer.json``, ``garden``
    for ``garden.yml`` and ``NAME.garden.yml``), or ``None``."""
    if is_compose_name(name):
        return "compose"
    if name == ".gitlab-ci.yml":
        return "gitlab"  # (it reads the files it includes: they mean what it makes of them)
    if is_garden_name(name):
        return "garden"  # (backend.garden.yml too: its builds)
    return BUILD_TOOL_FILES.get(name)


class _Cache:
    """What this process has read: the build files, and each directory's context."""

    __slots__ = (
        "applies",
        "azure",
        "chart_testing",
        "configs",
        "contexts",
        "ct_runs",
        "cwd",
        "environment",
        "files",
        "garden_projects",
        "gardens",
        "go_places",
        "ignored",
        "listings",
        "maven_modules",
        "own_images",
        "places",
        "plain",
        "python_places",
        "reals",
        "scans",
        "scripts",
        "shared",
        "sibling_places",
        "subdirectories",
        "trees",
        "unit_tests",
        "workspaces",
    )

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.files: dict[tuple[str, _EnvKey], BuildFile] = {}
        # (by directory, environment and own-images)
        self.contexts: dict[tuple[str, _EnvKey, bool], ProjectContext | None] = {}
        # (the context of each set of build files, which directories share)
        self.shared: dict[
            tuple[str | None, tuple[tuple[str, str], ...], _EnvKey, bool], ProjectContext | None
        ] = {}
        # (whether each configuration's directory says own-images = "built")
        self.own_images: dict[str, bool] = {}
        # (each real directory's names, as the walk up and the search for build files share them)
        self.listings: dict[str, tuple[str, ...]] = {}
        self.places: dict[str, tuple[tuple[str, str], ...]] = {}
        # (whether each real directory's .gitignore ignores all it holds: _ignores_itself)
        self.ignored: dict[str, bool] = {}
        # (a directory's build files of the kinds looked for beside a file: _sibling_files_in)
        self.sibling_places: dict[str, tuple[tuple[str, str], ...]] = {}
        # (each directory's Python sources that write engine commands: see _python_files_in)
        self.python_places: dict[str, tuple[tuple[str, str], ...]] = {}
        # (each directory's Go tests that start compose files: see _go_test_files_in)
        self.go_places: dict[str, tuple[tuple[str, str], ...]] = {}
        # (each directory's subdirectories: the files of a large tree share their neighbours)
        self.subdirectories: dict[tuple[str, str], tuple[str, ...]] = {}
        # (each directory's real path, its configuration's and its Git work tree's directory)
        self.reals: dict[str, str] = {}
        self.configs: dict[str, str | None] = {}
        self.trees: dict[str, str | None] = {}
        # (absolute directories with no symbolic link on their way: each its own real path)
        self.plain: set[str] = set()
        self.cwd: str | None = None
        self.environment: dict[str, str] | None = None
        # (each project root's JavaScript workspace packages: see ._workspaces)
        self.workspaces: dict[str, tuple[str, ...]] = {}
        # (the Garden configuration files of each Garden project's directory: see _garden_tree)
        self.gardens: dict[str, tuple[str, ...]] = {}
        # (whether each Garden configuration file declares its project)
        self.garden_projects: dict[str, bool] = {}
        # (each project root's Maven modules' poms: see .builds.maven)
        self.maven_modules: dict[str, tuple[str, ...]] = {}
        # (each project root's chart-testing configurations: see ._chart_testing)
        self.chart_testing: dict[str, ChartTesting | None] = {}
        # (whether the command files around each chart directory run ct's installs)
        self.ct_runs: dict[str, tuple[bool, bool]] = {}
        # (the paths each command file's `kubectl apply -f` names: see .snapshots)
        self.applies: dict[str, list[str | None]] = {}
        # (the paths each project root's unit tests name: see ._unit_tests)
        self.unit_tests: dict[str, UnitTestPaths] = {}
        # (each script's reading without its own scan, and that scan: see _read_script)
        self.scripts: dict[tuple[str, int], BuildFile] = {}
        self.scans: dict[tuple[str, int], Scan] = {}
        # (what each Azure pipeline builds and reads, for its summary and its full reading)
        self.azure: dict[
            tuple[str, int],
            tuple[
                frozenset[str],
                tuple[BuiltImage, ...],
                tuple[ComposeRun, ...],
                tuple[ChartRelease, ...],
            ],
        ] = {}


_CACHE = _Cache()


def forget() -> None:
    """Start afresh: each scan reads the files as they are when it starts."""
    import sys

    _CACHE.clear()
    # (the sourced files kept, when a script was read: importing the readers costs a scan
    # that reads none of them)
    kept = sys.modules.get(f"{__package__}.builds._source_memo")
    if kept is not None:
        kept.forget()
    make = sys.modules.get(f"{__package__}.builds.make")
    if make is not None:
        make.forget()  # (the files a kept ``make`` reading looked at are looked at again)
    forget_build_roots()  # (each Bazel workspace's root, each Pants build root)
    kept_names = ("_bazel_workspace", "ci._concourse_uses", "_catalog_runs",
                  "builds._pytest_options", "ci._shell", "kustomize",
                  "ci._action_calls", "_argocd_charts", "_listing",
                  "_devcontainer_named", "builds.client_go", "_suite_fixtures")  # fmt: skip
    for name in kept_names:
        kept = sys.modules.get(f"{__package__}.{name}")
        if kept is not None:
            # (each Bazel workspace's built names, Concourse's uses, each
            # catalog app's deployment, each conftest's option defaults, each GitLab
            # file's sessions, each repository's Flux paths, each composite action's
            # readings and the workflows and actions they read, each repository's Argo CD
            # releases, each directory's files, the Dev Container configurations
            # workflows name, the Go packages that load a kubeconfig)
            kept.forget()
    corpora = sys.modules.get(f"{__package__}._checker_corpora")
    if corpora is not None:
        corpora.names_in.cache_clear()  # (the directories' names the test-data rules read)
    cases = sys.modules.get(f"{__package__}._snapshot_cases")
    if cases is not None:
        cases.forget()


def context_for(
    path: str,
    *,
    env: Mapping[str, str] | None = None,
    max_bytes: int | None = None,
    own_images: str | None = None,
) -> ProjectContext | None:
    """The project context of a file: the build files around it, read (once a process);
    ``None`` when there is none (the file means what it says alone).

    The build files are named in the style of ``path`` (relative to the working
    directory when it is), as a directory scan names the files it finds: the
    same file read twice is the same occurrences. ``own_images``: the configuration's
    ``own-images`` (see :attr:`ProjectContext.own_images`); ``None``: the nearest
    configuration's upward from the file.
    """
    directory = os.path.dirname(path)
    real = _real(directory)
    own = own_images == "built" if own_images is not None else _configured_own_images(real)
    key = (directory, _environment_key(env), own)
    if key in _CACHE.contexts:
        return _CACHE.contexts[key]
    root = _root(real)
    found = _build_files(directory, root)
    # (the directories of a large tree mostly see the same build files: one context for them)
    shared = (root, tuple(found), key[1], own)
    if shared in _CACHE.shared:
        context = _CACHE.shared[shared]
    else:
        context = _CACHE.shared[shared] = _context(root, found, env, max_bytes, own)
    _CACHE.contexts[key] = context
    return context


def _configured_own_images(directory: str) -> bool:
    """Whether the nearest configuration upward from a real directory leaves ``own-images``
    at its default ``"built"`` (does not say ``"flag"``), each configuration read once a scan;
    one that cannot be used says nothing (``tagsense check`` reports it)."""
    place = _nearest_up(directory, _CACHE.configs, _has_config)
    if place is None:
        return True
    own = _CACHE.own_images.get(place)
    if own is None:
        from ..policy.config import Config, ConfigError

        file = config_file_in(place)
        try:
            own = file is None or Config.load(file).own_images == "built"
        except ConfigError:
            own = True
        _CACHE.own_images[place] = own
    return own


def commands_around(path: str) -> tuple[str | None, list[str]]:
    """The project's root, and the files around ``path`` whose commands a project runs (CI
    files, Makefiles, scripts), where :func:`context_for` looks, whether they build or not."""
    directory = os.path.dirname(path)
    root = _root(_real(directory))
    commands = (*_LOOKED_AT, "gitlab", "cloudbuild")
    return root, [file for file, kind in _build_files(directory, root) if kind in commands]


def project_root(path: str) -> str | None:
    """The root of the project of the file ``path`` (a real path; see the module), or
    ``None``: where the files it names are looked for (a script's ``source FILE``)."""
    return _root(_real(os.path.dirname(path)))


def git_root(path: str) -> str | None:
    """The top of the Git work tree of the file ``path`` (a real path), or ``None``: where
    its ``origin`` remote is said (see ``._own_registry``)."""
    return _nearest_up(_real(os.path.dirname(path)), _CACHE.trees, _has_git)


def unit_test_of(path: str) -> tuple[str, str] | None:
    """The unit test of the project that names the file ``path`` as its input (see
    ``._unit_tests``), as its root's relative path, with the real directory of that input;
    or ``None``. The tests are read once a scan for each root."""
    from ._unit_tests import unit_test_of as named_by

    found = _test_paths(path)
    return None if found is None else named_by(*found)


def cluster_test_names(path: str) -> bool:
    """Whether a test of an end-to-end or integration suite (by its directory or build tag,
    see ``._unit_tests``) names the file ``path`` or a directory above it: it applies,
    uploads or runs what it names. The tests are read once a scan for each root."""
    from ._unit_tests import named_by_suite

    found = _test_paths(path)
    return found is not None and named_by_suite(*found)


def run_by_test(path: str) -> bool:
    """Whether a test of the project that runs a shell names the script ``path`` (see
    ``._unit_tests``): it runs it. The tests are read once a scan for each root."""
    from ._unit_tests import run_by_test as named_by

    found = _test_paths(path)
    return found is not None and named_by(found[0], found[2])


def _test_paths(path: str) -> tuple[str, str, UnitTestPaths] | None:
    """The real path of ``path``, its project's root and what the root's tests name (read
    once a scan for each root); ``None`` when it has no root."""
    from ._unit_tests import find_unit_test_paths

    real = os.path.realpath(path)
    root = _root(os.path.dirname(real))
    if root is None:
        return None
    if root not in _CACHE.unit_tests:
        _CACHE.unit_tests[root] = find_unit_test_paths(root)
    return real, root, _CACHE.unit_tests[root]


def chart_testing(chart: str) -> ChartTesting | None:
    """The chart-testing configurations of the project of the chart directory ``chart`` (see
    ``._chart_testing``), once a scan; ``None`` when it has none, or no root."""
    root = project_root(os.path.join(chart, "Chart.yaml"))
    if root is None:
        return None
    if root not in _CACHE.chart_testing:
        from ._chart_testing import read_chart_testing

        _CACHE.chart_testing[root] = read_chart_testing(root, _listing)
    return _CACHE.chart_testing[root]


def runs_chart_testing(chart: str) -> bool:
    """Whether a command file around the chart directory ``chart`` (a CI file, a Makefile, a
    script: :func:`commands_around`) runs chart-testing's installs (``ct install``, ``ct
    lint-and-install``, also through ``$(CT)``), once a scan. Where none does and the project
    has no ct configuration, nothing installs its ``ci/*-values.yaml``: zulip/docker-zulip's
    CI only lints and templates its chart with each of them, and installs two by ``helm
    install``."""
    return _chart_testing_runs(chart)[1]


def only_lints_with_chart_testing(chart: str) -> bool:
    """Whether the command files around the chart directory ``chart`` run chart-testing
    (``ct lint``) but never its installs: then a ct configuration of the project is the
    lint's, and installs nothing. n8n-io/n8n-hosting has a ``ct.yaml`` and its CI runs ``ct
    lint`` only (its ``ci/`` values are templated with ``helm template``). Where nothing of
    the project runs ct, its runs are elsewhere (a shared workflow), and the configuration
    says what they test."""
    lints, installs = _chart_testing_runs(chart)
    return lints and not installs


def _chart_testing_runs(chart: str) -> tuple[bool, bool]:
    """Whether the command files around ``chart`` run ``ct lint``, and ``ct install``."""
    if chart not in _CACHE.ct_runs:
        _, files = commands_around(os.path.join(chart, "Chart.yaml"))
        heads = [_head(file) for file in files]
        _CACHE.ct_runs[chart] = (
            any(_CT_LINT.search(head) for head in heads),
            any(_CT_INSTALL.search(head) for head in heads),
        )
    return _CACHE.ct_runs[chart]


#: chart-testing's installing verbs, run as ``ct`` or through a variable (``$(CT)``, ``${CT}``).
_CT_INSTALL = lazy_pattern(rb"(?:\bct|\$[({]?CT[)}]?)[ \t]+(?:lint-and-)?install\b")
#: Its lint alone.
_CT_LINT = lazy_pattern(rb"(?:\bct|\$[({]?CT[)}]?)[ \t]+lint(?![-\w])")


def _head(path: str) -> bytes:
    """A command file's first bytes (as much as its readers read), ``b""`` when unreadable."""
    try:
        with open(path, "rb") as handle:
            return handle.read(_CI_MAX_BYTES)
    except OSError:
        return b""


def applied_paths(path: str, read: Callable[[str], list[str | None]]) -> list[str | None]:
    """What ``read`` makes of a command file, once a scan (see .snapshots)."""
    found = _CACHE.applies.get(path)
    if found is None:
        found = _CACHE.applies[path] = read(path)
    return found


def _context(
    root: str | None,
    found: list[tuple[str, str]],
    env: Mapping[str, str] | None,
    max_bytes: int | None,
    own_images: bool = True,
) -> ProjectContext | None:
    """The context the build files ``found`` give (``None``: none, or none says anything);
    ``own_images``: see :attr:`ProjectContext.own_images`."""
    if not found:
        return None  # (only past here are the project's values and the readers imported)
    from .project import ProjectContext

    files = [read_build_file(file, kind, env=env, max_bytes=max_bytes) for file, kind in found]
    if any(file.named or any(not run.renders for run in file.composes) for file in files):
        files += _named_files(found, files, env=env, max_bytes=max_bytes)
    # A script, Makefile, package.json, pyproject.toml, Taskfile or CI file that builds
    # nothing (and runs no compose) says nothing about the project.
    files = [
        file
        for file in files
        if file.built
        or file.builds
        or file.written
        or file.reads
        or file.composes
        or file.charts
        or file.kind not in _COMMANDS
    ]
    return ProjectContext(root, files, own_images=own_images) if files else None


def _named_files(
    found: list[tuple[str, str]],
    files: list[BuildFile],
    *,
    env: Mapping[str, str] | None,
    max_bytes: int | None,
) -> list[BuildFile]:
    """The build files that the ``files`` name (a devcontainer's compose files, the compose
    files a ``docker compose -f`` runs) and that are not among them already, read (one level:
    a compose file names no other build file)."""
    seen = {os.path.realpath(file) for file, _ in found}
    named = []
    for file in files:
        # (those of the commands' runs, as run_compose_files: each run's paths resolved once)
        others = [(other, kind, os.path.realpath(other)) for other, kind in file.named]
        for run in file.composes:
            if not run.partial and not run.renders:
                reals = run.real_files()
                others.extend(
                    (other, "compose", real) for other, real in zip(run.files, reals, strict=True)
                )
        for other, kind, real in others:
            if real not in seen and kind in _READERS and os.path.isfile(real):
                seen.add(real)
                named.append(read_build_file(other, kind, env=env, max_bytes=max_bytes))
    return named


def _environment_key(env: Mapping[str, str] | None) -> _EnvKey:
    # (the process's environment is taken once a scan: no copy of it to key it by)
    return None if env is None else tuple(sorted(env.items()))


def _environment(env: Mapping[str, str] | None) -> Mapping[str, str]:
    """The environment build files are read with: ``env``, else the process's (taken once a
    scan: ``os.environ`` decodes each name it is asked for)."""
    if env is not None:
        return env
    if _CACHE.environment is None:
        _CACHE.environment = dict(os.environ)
    return _CACHE.environment


def read_build_file(
    path: str,
    kind: str,
    *,
    env: Mapping[str, str] | None = None,
    max_bytes: int | None = None,
    complete: bool = False,
) -> BuildFile:
    """A build tool's file, read once a scan (by the same name, with the same environment).

    Without ``complete``, what it says of the project may come from the disk cache
    (``._context_cache``): its builds, the images built, the files read through it, but
    not its own scan; with it, the full reading kept there, scan and all.
    """
    key = (path, _environment_key(env))
    found = _CACHE.files.get(key)
    if found is not None and (found.complete or not complete):
        return found
    environment = _environment(env)
    if kind in _LOOKED_AT and not _may_build(path, max_bytes, includes=kind):
        from .project import BuildFile

        found = BuildFile(path=path)  # (no build command in it: nothing to read or keep)
        found.kind = kind
        _CACHE.files[key] = found
        return found
    if kind not in _KEPT:
        reader = _FULL_READERS.get(kind) if complete else None
        found = (reader or _READERS[kind])(path, dict(environment), max_bytes)
        found.kind = kind
        _CACHE.files[key] = found
        return found
    from . import _context_cache

    # (a full reading too, with its scan: what a Makefile's or CI file's places in a script
    # checked alone, read through them, while every file it read is unchanged)
    if not complete:
        kept = _context_cache.load(path, kind, environment)
    else:
        kept = _context_cache.load_full(path, kind, environment) if kind in _SCANS_KEPT else None
    if kept is not None:
        kept.kind = kind
        _CACHE.files[key] = kept
        return kept
    stat = _context_cache.stat_of(path)
    environment = dict(environment)
    reader = (_FULL_READERS.get(kind) if complete else None) or _READERS[kind]
    found = reader(path, environment, max_bytes)
    found.kind = kind
    _CACHE.files[key] = found
    # (a full reading is kept too, with its scan where it is kept, and where its scan places
    # what it finds: a script's first reading has no pulls of the files it sources)
    if complete and kind not in _SCANS_KEPT:
        kept = _context_cache.load(path, kind, environment)
        if kept is not None and kept.places is not None:
            return found
    # (the scan is the full one when the full reader read it, or there is none other)
    full = complete or kind not in _FULL_READERS
    _context_cache.store(
        path, kind, environment, found, stat, environment=kind not in _ENVIRONMENT_FREE,
        full=full, scan=kind in _SCANS_KEPT,
    )  # fmt: skip
    return found


#: A GitHub step that uses an action of the repository (``uses: ./.github/actions/x``).
_USES_LOCAL_ACTION = lazy_pattern(rb"uses:\s*['\"]?\./")


def _may_build(
    path: str, max_bytes: int | None, *, includes: str | None = None, _depth: int = 0
) -> bool:
    """A quick look at a file's bytes: whether a command in it could build an image, or (for
    the kind ``includes``) a file it includes could: a Makefile's ``include``, a script's
    ``source`` (the files it sources are read through it, see ``.builds._sourced``)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes or _CI_MAX_BYTES)
    except OSError:
        return False
    if path.endswith((".ps1", ".psm1")):
        from .builds._powershell import runs_programs

        if not runs_programs(data):
            return False  # (a PowerShell script that runs no program the reading follows)
    if may_build(data) or (includes == "make" and b"include" in data):
        return True
    if b"uses:" in data and _depth < 2 and _USES_LOCAL_ACTION.search(data) is not None:
        from .ci._local_actions import used_action_files

        # (a composite action of the repository could: its steps are the job's)
        for file in used_action_files(path, data):
            if _may_build(file, max_bytes, includes=includes, _depth=_depth + 1):
                return True
    if includes == "make" and may_run_make(data):
        return True  # (a Makefile it runs make on could: read through it, see .builds.make)
    if b"envsubst" in data:
        return True  # (a manifest it renders: read with its variables, see .builds.shell)
    if b"apache/skywalking-infra-e2e" in data:
        return True  # (the action runs `e2e run`, which starts compose: .ci._infra_e2e_action)
    from .builds._helm_cmd import may_install

    if may_install(data):
        return True  # (a helm or ct install of the project's chart: its values, see there)
    from .builds._runs import may_run

    if may_run(data):
        return True  # (a script it runs could: it is read through this file, see .builds._runs)
    if includes == "shell":
        from .builds._sourced import is_bats, may_source

        return may_source(data, bats=is_bats(path))
    return False


def _cwd() -> str:
    cwd = _CACHE.cwd
    if cwd is None:
        cwd = _CACHE.cwd = os.getcwd()
    return cwd


def _real(directory: str) -> str:
    """A directory's real path (``""``: the working directory), once a scan: ``realpath`` for
    the first, and none for those above it or beside it when no symbolic link is on the way."""
    real = _CACHE.reals.get(directory)
    if real is None:
        plain = _CACHE.plain
        absolute = os.path.join(_cwd(), directory) if directory else _cwd()
        if os.pardir in directory:  # (".." after a link is the link target's parent)
            real = os.path.realpath(absolute)
        else:
            absolute = os.path.normpath(absolute)
            real = absolute if absolute in plain else os.path.realpath(absolute)
            if real == absolute:
                # No link on the way to it: none on the way to any directory above it.
                while absolute not in plain:
                    plain.add(absolute)
                    absolute = os.path.dirname(absolute)
        _CACHE.reals[directory] = real
    return real


def _root(directory: str) -> str | None:
    """The project's root of a real directory: its configuration file's directory, else its
    Git work tree's top level, else ``None``; each directory looked at once a scan (a scan of
    many directories shares the walk up)."""
    return _nearest_up(directory, _CACHE.configs, _has_config) or _nearest_up(
        directory, _CACHE.trees, _has_git
    )


def _has_git(directory: str) -> bool:
    return ".git" in _listing(directory)


def _has_config(directory: str) -> bool:
    names = _listing(directory)
    if ".tagsense.toml" not in names and "pyproject.toml" not in names:
        return False
    return config_file_in(directory) is not None


def _build_files(directory: str, root: str | None) -> list[tuple[str, str]]:
    """The build files that give a file in ``directory`` its meaning (see the module)."""
    places: list[str] = []
    root_place: str | None = None
    current = directory
    while True:
        places.append(current)
        real = _real(current)
        if root is not None and real == root:
            root_place = current
            break
        parent = _parent(current)
        if parent is None or (root is not None and not within(_real(parent), root)):
            break
        current = parent
    ancestors = list(places)
    siblings: list[str] = []
    if root is not None and root_place is not None:
        # The directories beside the file's and beside each one above it (images/base/ beside
        # images/app/): their Makefiles and scripts build the family's images (strimzi's
        # docker-images/base/Makefile builds the strimzi/base that its siblings start FROM;
        # argo-cd's test/e2e/multiarch-container/build.sh the image that the scenarios of
        # test/e2e/testdata/, at any depth, deploy).
        for index in range(len(places) - 2):
            parent = places[index + 1]
            beside = [
                place for place in _subdirectories(parent, _real(parent)) if place != places[index]
            ]
            siblings.extend(beside)
            if index == 0:
                # (and those one level into the directories beside the file's own: an end-to-end
                # suite's scripts are kept apart from its manifests, and cloudnative-pg's
                # hack/testing-tools/common/20-utils-k8s.sh tags the image that
                # hack/e2e/local-fluentd.yaml runs)
                for place in beside:
                    siblings.extend(_subdirectories(place, _real(place)))
        if len(places) > 1:
            # (and the directories below the file's own: the script that builds a Dockerfile
            # is often kept in a scripts/ beside it; confluentinc/examples'
            # multiregion/scripts/build_docker_image.sh runs `docker build --build-arg
            # REPOSITORY=… -f ${DIR}/../Dockerfile`, which starts FROM $REPOSITORY/…)
            siblings.extend(_subdirectories(directory, _real(directory)))
    if "Chart.yaml" in _listing(_real(directory)):
        # (a chart's examples install it from directories of their own, two levels down:
        # elastic/helm-charts' filebeat/examples/oss/Makefile runs `helm upgrade --install
        # --values values.yaml R ../../`, with the -oss image)
        for place in _subdirectories(directory, _real(directory)):
            siblings.extend(_subdirectories(place, _real(place)))
    if root is not None:
        base = root if root_place is None else root_place
        below = _subdirectories(base, root)
        places.extend(below)
        if len(ancestors) == 2 and root_place is not None:
            # (a file one level below the root: the directories one level into those beside
            # its own, as for a deeper file: nginx-proxy-manager's scripts/ci/fulltest-cypress
            # starts docker/docker-compose.ci.yml with the image scripts/ci/test-and-build tags)
            own = _real(directory)
            for place in below:
                if _real(place) != own:
                    siblings.extend(_subdirectories(place, _real(place)))
        for place in below:
            if os.path.basename(place) in (DEVCONTAINER_DIRECTORY, "copilot"):
                # (.devcontainer/NAME/, and Copilot's copilot/NAME/manifest.yml)
                places.extend(_subdirectories(place, _real(place)))
        if ".github" in _listing(root):  # (where GitHub reads its workflows)
            places.append(os.path.join(base, ".github", "workflows"))
        if ".gitlab" in _listing(root):
            # (GitLab's own directory: GNOME/gdk-pixbuf's pipeline runs the images that
            # .gitlab/ci/run-docker.sh builds)
            gitlab = os.path.join(base, ".gitlab")
            places.extend(_subdirectories(gitlab, _real(gitlab)))
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for place in places:
        real = _real(place)
        if real not in seen:
            seen.add(real)
            files = _build_files_in(place)
            if files and root is None and place != directory:
                # (scripts lie about everywhere, ~ and /tmp too: only a project's own count)
                files = tuple(file for file in files if file[1] != "shell")
            found.extend(files)
    # (outside a project, only the file's own directory: sources lie about everywhere)
    for place in ancestors if root is not None else ancestors[:1]:
        found.extend(_python_files_in(place))
        found.extend(_go_test_files_in(place))
    read_all = set(seen)  # (the places whose build files of every kind are in)
    for place in siblings:  # (only the commands that build there: a Makefile, a script)
        real = _real(place)
        if real not in seen:
            seen.add(real)
            found.extend(_sibling_files_in(place))
            # (a Go package beside a test-data directory starts its compose files: rudder-
            # server's warehouse/integrations/postgres/ tests run ../testdata/*.yml)
            found.extend(_go_test_files_in(place))
    if root is not None:
        # (the packages of a JavaScript workspace whose root is the file's directory or one
        # above it, at any depth: their scripts build its images)
        # (a package directory seen as a sibling gave only its Makefiles and scripts)
        packages: set[str] = set()
        for top in ancestors:
            for place in _workspace(top):
                real = _real(place)
                if real not in read_all and real not in packages:
                    packages.add(real)
                    found.extend(file for file in _build_files_in(place) if file[1] == "npm")
    garden = _garden_tree(found)  # (a Garden project's actions, at any depth)
    if garden:
        listed = {_real(file) for file, _ in found}
        found.extend((file, "garden") for file in garden if _real(file) not in listed)
    for place in _azure_tree(ancestors):  # (the pipelines that may include a template here)
        real = _real(place)
        if real not in read_all:
            read_all.add(real)
            found.extend(file for file in _build_files_in(place) if file[1] == "azure")
    if root is not None:
        # (the modules of the root's Maven build, at any depth: thingsboard's
        # msa/tb-node/pom.xml builds the thingsboard/tb-node that docker/docker-compose.yml runs;
        # and of each build whose pom is in a directory above the file, which `mvn -f` builds
        # alone: apache/shenyu's shenyu-integrated-test/…/upload-plugin/docker-compose.yml runs
        # what its pom's modules build, and the root's pom does not list them)
        base = root if root_place is None else root_place
        known = {_real(file) for file, _ in found}
        builds = [base, *(place for place in ancestors if _real(place) != _real(base))]
        for place in builds:
            for pom in _maven_modules(place):
                from ._source_sniffs import configures_jib

                if _real(pom) not in known and configures_jib(pom):
                    known.add(_real(pom))
                    found.append((pom, "jib"))
    return found


def _maven_modules(base: str) -> tuple[str, ...]:
    """The poms of the modules of the Maven build whose root pom is in ``base`` (its
    ``<modules>`` and its profiles', and theirs), once a scan."""
    found = _CACHE.maven_modules.get(base)
    if found is None and POM_FILE_NAME not in _listing(_real(base)):
        found = _CACHE.maven_modules[base] = ()  # (no Maven build: nothing to import)
    if found is None:
        from .builds.maven import module_poms

        found = _CACHE.maven_modules[base] = tuple(
            module_poms(os.path.join(base, POM_FILE_NAME), within=_real(base))
        )
    return found


def _workspace(base: str) -> tuple[str, ...]:
    """The package directories of the workspace whose root is ``base`` (once a scan)."""
    found = _CACHE.workspaces.get(base)
    if found is None:
        names = _listing(_real(base))
        found = ()
        if any(name in names for name in _WORKSPACE_MANIFESTS):
            from ._workspaces import workspace_packages

            found = tuple(workspace_packages(base))
        _CACHE.workspaces[base] = found
    return found


#: The files that may name a JavaScript workspace's packages (see ._workspaces).
_WORKSPACE_MANIFESTS = ("package.json", "pnpm-workspace.yaml", "lerna.json", "rush.json")


#: How many directories of a Garden project are looked in for its actions' files.
_GARDEN_TREE_DIRECTORIES = 400


def _garden_tree(found: list[tuple[str, str]]) -> list[str]:
    """The Garden configuration files of the project whose ``kind: Project`` file is among
    ``found`` (the file's directory or one above it): Garden reads every ``garden.yml`` and
    ``*.garden.yml`` below the project's directory, at any depth (garden-io/garden's
    ``examples/base-image``: its ``backend/`` starts ``FROM base-image:…``, which the Build
    action of ``base-image/base-image.garden.yml`` makes). Hidden directories and
    ``node_modules`` aside; once a scan for each project."""
    from .discover import is_garden_name

    tops = [
        os.path.dirname(file)
        for file, kind in found
        if kind == "garden" and _declares_garden_project(file)
    ]
    files: list[str] = []
    for top in dict.fromkeys(tops):
        known = _CACHE.gardens.get(top)
        if known is None:
            listed: list[str] = []
            pending = [top]
            seen = 0
            while pending and seen < _GARDEN_TREE_DIRECTORIES:
                place = pending.pop(0)
                seen += 1
                real = _real(place)
                listed.extend(
                    os.path.join(place, name) for name in sorted(_listing(real))
                    if is_garden_name(name) and os.path.isfile(os.path.join(real, name))
                )  # fmt: skip
                pending.extend(
                    sub for sub in _subdirectories(place, real)
                    if not os.path.basename(sub).startswith(".")
                )  # fmt: skip
            known = _CACHE.gardens[top] = tuple(listed)
        files.extend(known)
    return files


def _declares_garden_project(path: str) -> bool:
    """Whether a Garden configuration file declares the project (``kind: Project``), looked
    at once a scan."""
    known = _CACHE.garden_projects.get(path)
    if known is None:
        try:
            with open(path, "rb") as handle:
                head = handle.read(64 * 1024)
        except OSError:
            head = b""
        known = re.search(rb"(?m)^kind:\s*Project\s*$", head) is not None
        _CACHE.garden_projects[path] = known
    return known


#: How many directories of an Azure directory (``.azure/``…) are looked in for pipelines.
_AZURE_TREE_DIRECTORIES = 200


def _azure_tree(ancestors: list[str]) -> list[str]:
    """The directories of the outermost Azure directory (``.azure/``, ``.pipelines/``…) among
    a file's directory and those above it, when there is one: its pipelines may include a
    template anywhere in it (``.azure/build-pipeline.yaml`` includes
    ``.azure/templates/jobs/x.yaml``)."""
    top = next((place for place in reversed(ancestors)
                if os.path.basename(place) in AZURE_DIRECTORIES), None)  # fmt: skip
    if top is None:
        return []
    tree: list[str] = []
    pending = [top]
    while pending and len(tree) < _AZURE_TREE_DIRECTORIES:
        place = pending.pop(0)
        tree.append(place)
        pending.extend(_subdirectories(place, _real(place)))
    return tree


#: The build files read in the directories beside a file's (see _build_files): commands,
#: Cloud Build files (kythe's release/cloudbuild/*/cloudbuild.yaml push the builder images that
#: release/cloudbuild/presubmit.yaml runs), and helmfiles (aws-containers/retail-store-sample-
#: app's src/app/helmfile.yaml deploys the charts of src/catalog/chart/ and its siblings), and
#: Sitecore's build.json files (build/windows/10.0.0/sitecore-xp0-cm starts FROM the
#: sitecore-xp0-base its sibling directory builds).
#: (A kind added here has its names added to _may_be_sibling's quick look.)
_SIBLING_KINDS = frozenset({"make", "shell", "cloudbuild", "helmfile", "sitecore"})
#: How their names end and begin (see _may_be_sibling).
_SIBLING_ENDINGS = (".mk", *SHELL_SUFFIXES, "build.json")
_SIBLING_STARTS = (*(f"{name}." for name in MAKEFILE_NAMES), "helmfile")


def _subdirectories(base: str, real: str) -> list[str]:
    """The root's immediate subdirectories (``.git`` and ``node_modules`` aside), named from
    ``base``, the root as the file's path names it; ``real`` is the root's real path. Listed
    once a scan: a directory of a thousand test directories is each one's neighbourhood
    (esphome's ``tests/components/``: a scan listed them a million times)."""
    known = _CACHE.subdirectories.get((base, real))
    if known is None:
        listed = () if _ignores_itself(real) else tuple(_list_subdirectories(base, real))
        known = _CACHE.subdirectories[(base, real)] = listed
    return list(known)


def _ignores_itself(real: str) -> bool:
    """Whether a real directory's own ``.gitignore`` ignores all it holds (``*``): the caches
    and environments tools make in a project write one (``.mypy_cache``, ``.ruff_cache``,
    ``.pytest_cache``, ``.hypothesis``, a virtualenv's or uv's ``.venv``), so git lists none of
    their files and a directory scan reads none. Their names are not the project's build files
    (``.hypothesis/constants``' 383 files made a third of a one-file check's context)."""
    ignored = _CACHE.ignored.get(real)
    if ignored is None:
        ignored = _CACHE.ignored[real] = ".gitignore" in _listing(real) and _ignores_all(real)
    return ignored


def _ignores_all(real: str) -> bool:
    try:
        with open(os.path.join(real, ".gitignore"), "rb") as handle:
            text = handle.read(_GITIGNORE_BYTES)
    except OSError:
        return False
    patterns = [line.strip() for line in text.splitlines()]
    return [p for p in patterns if p and not p.startswith(b"#")] == [b"*"]


#: More than a tool's own ``.gitignore`` (Hypothesis writes 440 bytes, most of them comment).
_GITIGNORE_BYTES = 4096


def _list_subdirectories(base: str, real: str) -> list[str]:
    try:
        with os.scandir(real) as listing:  # (one listing says which entries are directories)
            entries = [
                entry
                for entry in listing
                if entry.name not in (".git", "node_modules") and entry.is_dir()
            ]
    except OSError:
        return []
    entries.sort(key=lambda entry: entry.name)
    plain = real in _CACHE.plain
    places = []
    for entry in entries:
        place = os.path.join(base, entry.name)
        if plain and not entry.is_symlink():  # (its real path without asking again)
            _CACHE.reals.setdefault(place, entry.path)
            _CACHE.plain.add(entry.path)
        places.append(place)
    return places


def _sibling_files_in(place: str) -> tuple[tuple[str, str], ...]:
    """The build files of :data:`_SIBLING_KINDS` of one directory (looked at once a scan):
    of its names, only those that may be one's are looked at (a directory of sources
    beside the file's gives each name a glance, not every kind's look)."""
    found = _CACHE.places.get(place)
    if found is None:
        found = _CACHE.sibling_places.get(place)
        if found is None:
            real = _real(place)
            # (any YAML of a Cloud Build directory or a helmfile.d may be one)
            every = "cloudbuild" in real or os.path.basename(real) == "helmfile.d"
            found = _build_files_among(place, None if every else _may_be_sibling)
            _CACHE.sibling_places[place] = found
    return tuple(file for file in found if file[1] in _SIBLING_KINDS)


def _may_be_sibling(name: str) -> bool:
    """A quick look at a name: whether it may be a build file of :data:`_SIBLING_KINDS` (a
    Makefile, a script, a Cloud Build file, a helmfile, a Sitecore build.json): all of theirs
    and a few others' pass (:func:`_build_files_among` tells them apart)."""
    return (
        "." not in name  # (a Makefile, or a script without `.sh`)
        or name.endswith(_SIBLING_ENDINGS)
        or name.startswith(_SIBLING_STARTS)
        or "cloudbuild" in name
    )


def _is_devcontainer(real: str, name: str) -> bool:
    """Whether a ``devcontainer.json`` in a real directory is read: in its places, or where a
    workflow names it (see ``._devcontainer_named``)."""
    path = os.path.join(real, name)
    if is_devcontainer_path(path):
        return True
    from ._devcontainer_named import named_in_project

    return named_in_project(path)


def _build_files_in(place: str) -> tuple[tuple[str, str], ...]:
    """The build files of one directory (looked at once a scan)."""
    found = _CACHE.places.get(place)
    if found is None:
        found = _CACHE.places[place] = _build_files_among(place)
    return found


def _build_files_among(
    place: str, may_be: Callable[[str], bool] | None = None
) -> tuple[tuple[str, str], ...]:
    """The build files of one directory, of its names that ``may_be`` one (all without it)."""
    files = []
    real = _real(place)
    if _ignores_itself(real):
        return ()
    helmfiles = os.path.basename(real) == "helmfile.d"  # (helmfile reads each of its files)
    for name in _listing(real):
        if may_be is not None and not may_be(name):
            continue
        # (a quick look first: most names are no build file's)
        if (name.startswith("helmfile") or helmfiles) and is_helmfile_path(
            os.path.join(real, name)
        ):
            files.append((name, "helmfile"))  # (the charts its releases render)
        elif name.startswith(_MAKEFILE_STARTS) and is_named_makefile(name):
            # (one `make -f Makefile.docker` runs: what it builds is the project's; its
            # pulls are not read, as nothing says it runs)
            files.append((name, "make"))
        elif name == DEVCONTAINER_FILE_NAMES[1]:
            if DEVCONTAINER_DIRECTORY in real.split(os.sep)[-2:] and _is_devcontainer(real, name):
                files.append((name, "devcontainer"))  # (a Dev Container's, where it is read)
        elif name == POM_FILE_NAME:
            from ._source_sniffs import configures_jib  # (a pom's rare: only then imported)

            if configures_jib(os.path.join(real, name)):  # (what Jib builds and pushes)
                files.append((name, "jib"))
        elif name.endswith("build.json") and _is_sitecore_build(real, name):
            files.append((name, "sitecore"))  # (SitecoreImageBuilder's builds of its Dockerfile)
        elif name.startswith("build.") and _is_app_build(real, name):
            # (a Home Assistant app's: the Supervisor builds its Dockerfile with it)
            files.append((name, "home-assistant"))
        elif name.endswith(GRADLE_SCRIPT_SUFFIXES):
            from ._source_sniffs import configures_gradle_compose, configures_jib_gradle

            script = os.path.join(real, name)
            # (what Jib builds there; the compose runs of the docker-compose plugin)
            if configures_jib_gradle(script) or configures_gradle_compose(script):
                files.append((name, "jib-gradle"))
        elif name.startswith("manifest.") and _is_copilot(place, name):
            files.append((name, "copilot"))  # (what `copilot deploy` builds)
        elif name.startswith("deploy") and name.endswith(_YAML) and _is_kamal(place, name):
            files.append((name, "kamal"))  # (what `kamal deploy` builds)
        elif name == _DOTENV and _names_compose_files(os.path.join(real, name)):
            files.append((name, "compose-dotenv"))  # (the compose files `docker compose` reads)
        elif name == _CONFTEST and names_compose_fixture(os.path.join(real, name)):
            files.append((name, "pytest-docker"))  # (the compose files its tests start)
        elif name.endswith(".hcl") and is_bake_hcl(os.path.join(real, name)):
            files.append((name, "bake"))  # (one a command names with `-f`)
        elif name.startswith("fly") and name.endswith(".toml") and _is_fly(name):
            files.append((name, "fly"))  # (what `fly deploy` builds there)
        elif name.startswith("buildspec") and _is_codebuild(real, name):
            files.append((name, "ci"))  # (an AWS CodeBuild build specification: any place)
        elif name.endswith(_CLOUDBUILD_CANDIDATES) and _is_cloudbuild(place, name):
            # (read whatever its steps run: its images: are what it builds)
            files.append((name, "cloudbuild"))
        elif name.endswith(_YAML) and "e2e" in name and _is_infra_e2e(real, name):
            files.append((name, "infra-e2e"))  # (the compose file `e2e run` starts)
        elif (
            name.endswith(_CANDIDATES)
            or name in BUILD_TOOL_FILES
            or name in MAKEFILE_NAMES
            or "enkinsfile" in name  # (a Jenkins pipeline: see command_file_kind)
        ):
            kind = build_file_kind(name)
            if kind is None and is_skaffold_name(name):
                kind = "skaffold"  # (one used with `skaffold -f`: its text must say so)
            if kind is None:
                kind = command_file_kind(name, place)  # (a Makefile, a script, CI)
            if kind in (None, "ci") and _is_azure(place, name):
                kind = "azure"  # (it reads its templates: they mean what it makes of them)
            if kind is None and name.endswith(_YAML) and _is_concourse(real, name):
                kind = "concourse"  # (what its jobs build and push: any name, by its shape)
            if kind is None and "ci" in name.lower() and name.endswith(_YAML):
                from ._gitlab_custom_shape import is_custom_file

                if is_custom_file(os.path.join(real, name)):
                    kind = "gitlab"  # (a pipeline at a custom path: NVIDIA's .nvidia-ci.yml)
            if kind is not None:
                files.append((name, kind))
        elif "." not in name and (program := program_kind(os.path.join(real, name))):
            files.append((name, program))  # (a script without `.sh`: see discover)
    kept = []
    for name, kind in sorted(files):
        file = os.path.join(place, name)
        if (
            os.path.isfile(file)
            and (name in BUILD_TOOL_FILES or kind != "skaffold" or is_skaffold_config(file))
            and (kind != "pyproject" or _names_task_runner(file))
        ):
            kept.append((file, kind))
    return tuple(kept)


def _python_files_in(place: str) -> tuple[tuple[str, str], ...]:
    """The Python sources of one directory that write an engine command as a list of words
    (the images they build: see ``.builds.python_commands``), looked at once a scan. Only the
    file's own directory and those above it are looked at: a test package's sources build
    the images of the compose files below them (containers/podman-compose's
    ``tests/integration/__init__.py``), and reading the sources of every directory near a
    file cost a one-file check of this repository's ``examples/Dockerfile`` 78 files."""
    return _sources_in(place, _CACHE.python_places, ".py", "python", _writes_engine_command)


_YAML = (".yml", ".yaml")
#: How the names of Makefiles begin (``Makefile.docker``: see ``is_named_makefile``).
_MAKEFILE_STARTS = tuple(f"{name}." for name in MAKEFILE_NAMES)
#: The endings of the names of build files and files whose commands may build images.
_CANDIDATES = (*_YAML, ".sh", ".bash", ".bats", ".ps1", ".psm1", ".mk")
#: The endings of the names of Cloud Build configurations.
_CLOUDBUILD_CANDIDATES = (*_YAML, ".json")


def _parent(directory: str) -> str | None:
    """The directory above, in the same style (relative while it can be); None at the top."""
    if directory and not os.path.isabs(directory):
        normal = os.path.normpath(directory)
        if normal.split(os.sep, 1)[0] != os.pardir:
            return os.path.dirname(normal)  # ("" is the working directory)
        directory = os.path.abspath(directory)
    elif not directory:
        directory = _cwd()
    parent = os.path.dirname(directory)
    return None if parent == directory else parent


def _listing(directory: str) -> tuple[str, ...]:
    """A real directory's names (unsorted), once a scan."""
    names = _CACHE.listings.get(directory)
    if names is None:
        try:
            names = tuple(os.listdir(directory))
        except OSError:
            names = ()
        _CACHE.listings[directory] = names
    return names


def _read_compose(path: str, env: Mapping[str, str], max_bytes: int | None) -> BuildFile:
    from .compose import MAX_BYTES, read_compose
    from .find import read_text
    from .project import BuildFile

    text = read_text(path, max_bytes or MAX_BYTES, yaml=True)
    if not isinstance(text, str):
        return BuildFile()  # (its error is the compose file's own, reported when it is read)
    found = read_compose(text, path=path, env=env, max_bytes=max_bytes or MAX_BYTES)
    # (what it leaves unset alone, an .env above it may give: its builds are fed so)
    missing = {name for o in found.scan.occurrences for name in o.unresolved}
    missing.update(name for build in found.builds for names in build.unresolved.values()
                   for name in names)  # fmt: skip
    # (and those of a build's own fields: `dockerfile: ${NAME}` names the Dockerfile built)
    missing.update(name for build in found.builds for name in build.unset)
    from ._catalog_runs import catalog_env_run

    run = catalog_env_run(path, text)  # (a Dokploy template's deployment, a 1Panel app's)
    if run is None and not missing:
        return found
    from types import MappingProxyType

    from ._context_cache import stat_of
    from ._dotenv_runs import dotenv_run

    root = project_root(os.path.realpath(path))
    run = run or dotenv_run(path, missing, root)
    if run is None:
        return found
    from ._compose_runs import read_through_runs

    found = read_through_runs(text, path, env, [run])[0]
    found.inputs = MappingProxyType(
        {
            **found.inputs,
            **{file: stat_of(file) for file in (*run.env_files, run.site.path) if file},
        }
    )
    return found


def _go_test_files_in(place: str) -> tuple[tuple[str, str], ...]:
    """The Go tests of one directory that start compose files through testcontainers-go's
    compose module or rudderlabs' compose-test (see ``.builds._go_compose``), or build a
    Dockerfile for a container (``.builds._go_test_builds``), looked at once a scan: only
    ``*_test.go`` files, whose first 64 KiB say so."""
    return _sources_in(place, _CACHE.go_places, "_test.go", "go-test", _runs_for_tests)


def _sources_in(
    place: str,
    memo: dict[str, tuple[tuple[str, str], ...]],
    suffix: str,
    kind: str,
    says_so: Callable[[str], bool],
) -> tuple[tuple[str, str], ...]:
    """The sources of one directory whose names end with ``suffix`` and whose text
    ``says_so``, as build files of ``kind``, looked at once a scan (``memo``)."""
    found = memo.get(place)
    if found is None:
        real = _real(place)
        found = memo[place] = (
            tuple(
                (os.path.join(place, name), kind)
                for name in sorted(_listing(real))
                if name.endswith(suffix) and says_so(os.path.join(real, name))
            )
            if not _ignores_itself(real)
            else ()
        )
    return found


def _runs_for_tests(path: str) -> bool:
    """A quick look at a Go source: whether it imports a library that runs compose files,
    or may build a Dockerfile for a test's container."""
    from .builds._go_compose import MARKERS
    from .builds._go_test_builds import MARKERS as BUILDS

    try:
        with open(path, "rb") as handle:
            head = handle.read(64 * 1024)
    except OSError:
        return False
    return any(marker in head for marker in MARKERS) or any(mark in head for mark in BUILDS)


def _read_go_test(path: str, env: Mapping[str, str], max_bytes: int | None) -> BuildFile:
    """A Go test's compose runs and Dockerfile builds (its images are its own source's to
    give)."""
    from .builds import MAX_BYTES
    from .builds.testcontainers_go import read_go_source
    from .project import BuildFile

    found = read_go_source(path, max_bytes=max_bytes or MAX_BYTES)
    builds = [build for build in found.builds if build.site.tool == "go-test"]
    return BuildFile(builds, path=path, composes=found.composes, inputs=found.inputs)


def _writes_engine_command(path: str) -> bool:
    """Whether a Python source may write an engine command as a list of words (a quick look at
    its first 64 KiB; see ``.builds.python_commands``)."""
    from .builds.python_commands import names_engine_command

    try:
        with open(path, "rb") as handle:
            head = handle.read(64 * 1024)
    except OSError:
        return False
    return names_engine_command(head)


def _read_python(path: str, env: Mapping[str, str], max_bytes: int | None) -> BuildFile:
    from .builds import MAX_BYTES
    from .builds.python import read_python_source

    return read_python_source(path, max_bytes=max_bytes or MAX_BYTES)


def _names_task_runner(path: str) -> bool:
    """Whether a ``pyproject.toml`` may hold a task runner's scripts (most hold none: a
    one-file check in a Python project does not read its packaging metadata)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(_CI_MAX_BYTES)
    except OSError:
        return False
    return names_task_runner(data)


def _read_tool_file(path: str, env: Mapping[str, str], max_bytes: int | None) -> BuildFile:
    from .builds import MAX_BYTES, read_build_file

    found = read_build_file(path, env=env, max_bytes=max_bytes or MAX_BYTES)
    found.path = path
    return found


def _is_app_build(directory: str, name: str) -> bool:
    from .builds.home_assistant import is_app_build_file

    return is_app_build_file(directory, name)


def _is_copilot(place: str, name: str) -> bool:
    from .platforms.copilot import is_copilot_manifest_path

    return is_copilot_manifest_path(os.path.join(place, name))


def _read_copilot(path: str, env: Mapping[str, str], max_bytes: int | None) -> BuildFile:
    from .builds import MAX_BYTES
    from .platforms.copilot import read_copilot_build

    return read_copilot_build(path, max_bytes=max_bytes or MAX_BYTES)


def _is_kamal(place: str, name: str) -> bool:
    if os.path.basename(os.path.abspath(place)) != "config":
        return False  # (where Kamal looks; a Kubernetes deployment.yaml imports nothing)
    from .platforms.kamal import is_kamal_path

    return is_kamal_path(os.path.join(place, name))


def _read_kamal(path: str, env: Mapping[str, str], max_bytes: int | None) -> BuildFile:
    from .builds import MAX_BYTES
    from .platforms.kamal import read_kamal_build

    return read_kamal_build(path, max_bytes=max_bytes or MAX_BYTES)


def _is_fly(name: str) -> bool:
    from .platforms.fly import is_fly_name

    return is_fly_name(name)


#: Where pytest's fixtures are kept for the tests of a directory and below it.
_CONFTEST = "conftest.py"
#: The file whose `COMPOSE_FILE` names the compose files a plain `docker compose` reads there.
_DOTENV = ".env"
#: How much of it the quick look reads (as its reader does).
_DOTENV_MAX_BYTES = 256 * 1024


def _is_infra_e2e(place: str, name: str) -> bool:
    from .builds._infra_e2e import looks_like_config

    return looks_like_config(os.path.join(place, name))


def _read_infra_e2e(path: str, env: Mapping[str, str], max_bytes: int | None) -> BuildFile:
    from .builds._infra_e2e import read_infra_e2e

    return read_infra_e2e(path)


def _names_compose_files(path: str) -> bool:
    """A quick look (no reader imported): whether the ``.env`` at ``path`` may set
    ``COMPOSE_FILE`` (see ``.builds.compose_dotenv``)."""
    try:
        with open(path, "rb") as handle:
            return b"COMPOSE_FILE" in handle.read(_DOTENV_MAX_BYTES)
    except OSError:
        return False


def _read_compose_dotenv(path: str, env: Mapping[str, str], max_bytes: int | None) -> BuildFile:
    from .builds.compose_dotenv import read_compose_dotenv

    return read_compose_dotenv(path)


def _read_pytest_docker(path: str, env: Mapping[str, str], max_bytes: int | None) -> BuildFile:
    from .builds import MAX_BYTES
    from .builds.pytest_docker import read_pytest_docker

    return read_pytest_docker(path, max_bytes=max_bytes or MAX_BYTES)


def _read_fly(path: str, env: Mapping[str, str], max_bytes: int | None) -> BuildFile:
    from .builds import MAX_BYTES
    from .platforms.fly import read_fly_build

    return read_fly_build(path, max_bytes=max_bytes or MAX_BYTES)


def _is_sitecore_build(directory: str, name: str) -> bool:
    from .builds.sitecore import is_sitecore_build_file

    return is_sitecore_build_file(directory, name)


def _read_sitecore(path: str, env: Mapping[str, str], max_bytes: int | None) -> BuildFile:
    from .builds import MAX_BYTES
    from .builds.sitecore import read_sitecore_build

    return read_sitecore_build(path, max_bytes=max_bytes or MAX_BYTES)


def _is_concourse(directory: str, name: str) -> bool:
    """A quick look at a YAML file's bytes: whether it may be a Concourse pipeline that builds
    or pushes images (its shape is told when it is read)."""
    try:
        with open(os.path.join(directory, name), "rb") as handle:
            data = handle.read(_CI_MAX_BYTES)
    except OSError:
        return False
    if b"jobs" not in data or b"plan" not in data:
        return False  # (most YAML: the reader's module is not even imported)
    from .ci._concourse_builds import may_be_pipeline

    return may_be_pipeline(data)


def _read_concourse(path: str, env: Mapping[str, str], max_bytes: int | None) -> BuildFile:
    from .ci._concourse_builds import read_concourse_builds

    return read_concourse_builds(path, max_bytes=max_bytes or _CI_MAX_BYTES)


def _read_app_build(path: str, env: Mapping[str, str], max_bytes: int | None) -> BuildFile:
    from .builds import MAX_BYTES
    from .builds.home_assistant import read_app_build

    return read_app_build(path, max_bytes=max_bytes or MAX_BYTES)


def _read_gitlab(path: str, env: Mapping[str, str], max_bytes: int | None) -> BuildFile:
    from .ci import MAX_BYTES, included_files, scan_ci
    from .find import read_text
    from .project import BuildFile

    limit = max_bytes or MAX_BYTES
    text = read_text(path, limit, yaml=True)
    if not isinstance(text, str):
        return BuildFile()
    scan = scan_ci(text, path=path, max_bytes=limit)
    reads = included_files(path, max_bytes=limit)
    builds: tuple[BuildConfig, ...] = ()
    inputs: Mapping[str, tuple[int, int] | None] = {}
    built: tuple[BuiltImage, ...] = ()
    written: tuple[BuiltImage, ...] = ()
    composes: tuple[ComposeRun, ...] = ()
    charts: tuple[ChartRelease, ...] = ()
    if reads or _may_build(path, limit):  # (scripts can build images, in included files too)
        from .ci import built_images

        made = built_images(text, path=path, max_bytes=limit)
        built, composes, charts = made.built, made.composes, made.charts
        written = made.written  # (names a run fills in, as written: see .ci._gitlab_written)
        if made.reads:
            # (the scripts its jobs run are read through it: see .builds._runs)
            from .find import finish

            scan = finish([scan, made.scan])
            reads = {*reads, *made.reads}
            inputs = made.inputs
            builds = tuple(build for build in made.builds if build.site.tool == "shell")
    return BuildFile(
        builds, built, scan, reads=reads, path=path, composes=composes, inputs=inputs,
        charts=charts, written=written,
    )  # fmt: skip


def _read_azure(path: str, env: Mapping[str, str], max_bytes: int | None) -> BuildFile:
    """An Azure pipeline: what it builds, and the templates it reads as part of itself (its
    own scan only when a template is read through it: :func:`_read_azure_fully`)."""
    from .ci import MAX_BYTES

    limit = max_bytes or MAX_BYTES
    if not _names_templates(path, limit):  # (it reads no other file: what it builds is all)
        return _read_ci(path, env, max_bytes) if _may_build(path, limit) else _nothing(path)
    found = _built_by_azure(path, limit)
    found.complete = False
    return found


def _read_azure_fully(path: str, env: Mapping[str, str], max_bytes: int | None) -> BuildFile:
    """An Azure pipeline with its own scan: the images of the templates read through it."""
    from .ci import MAX_BYTES, scan_ci
    from .find import read_text

    limit = max_bytes or MAX_BYTES
    text = read_text(path, limit, yaml=True)
    if not isinstance(text, str):
        return _nothing(path)
    found = _built_by_azure(path, limit)
    found.scan = scan_ci(text, path=path, system="azure", max_bytes=limit)
    return found


def _built_by_azure(path: str, limit: int) -> BuildFile:
    """What an Azure pipeline's scripts build (in its templates too), and what it reads
    (once a scan: its summary and its full reading both need it)."""
    from .project import BuildFile

    key = (path, limit)
    if key not in _CACHE.azure:
        from .ci import included_files

        reads = frozenset(included_files(path, max_bytes=limit))
        built: tuple[BuiltImage, ...] = ()
        composes: tuple[ComposeRun, ...] = ()
        charts: tuple[ChartRelease, ...] = ()
        if any(_may_build(file, limit) for file in (path, *sorted(reads))):
            from .ci import built_images
            from .find import read_text

            text = read_text(path, limit, yaml=True)
            if isinstance(text, str):
                made = built_images(text, path=path, system="azure", max_bytes=limit)
                built, composes, charts = made.built, made.composes, made.charts
        _CACHE.azure[key] = (reads, built, composes, charts)
    reads, built, composes, charts = _CACHE.azure[key]
    from ._context_cache import stat_of

    # (kept on disk while the pipeline and each template it reads are unchanged)
    inputs = {file: stat_of(file) for file in sorted(reads)}
    return BuildFile(
        built=built, reads=sorted(reads), path=path, inputs=inputs, composes=composes,
        charts=charts,
    )  # fmt: skip


def _nothing(path: str) -> BuildFile:
    from .project import BuildFile

    return BuildFile(path=path)


def _names_templates(path: str, limit: int) -> bool:
    """A quick look: whether a file's bytes could name a template."""
    try:
        with open(path, "rb") as handle:
            return b"template" in handle.read(limit)
    except OSError:
        return False


def _is_cloudbuild(place: str, name: str) -> bool:
    """Whether a file is a Cloud Build configuration (by its name, else its place and text)."""
    path = os.path.join(place, name)
    if "cloudbuild" not in path:
        return False  # (every name and place of one says so: most YAML imports nothing)
    from ._cloudbuild_shape import is_cloudbuild_file, is_cloudbuild_name, is_cloudbuild_place

    return is_cloudbuild_name(path) or (is_cloudbuild_place(path) and is_cloudbuild_file(path))


def _is_codebuild(directory: str, name: str) -> bool:
    """Whether a file is an AWS CodeBuild build specification (by its name and its text)."""
    from ._codebuild_shape import is_codebuild_file, is_codebuild_name

    path = os.path.join(directory, name)
    return is_codebuild_name(path) and is_codebuild_file(path)


#: What the path of every Azure place holds (see ``._azure_shape.is_azure_place``): its
#: directories' names, ``azure-pipelines*.yml`` and ``.vsts-ci.yml``.
_AZURE_WORDS = ("azure", "vsts", *AZURE_DIRECTORIES)


def _is_azure(place: str, name: str) -> bool:
    """Whether a YAML file is an Azure pipeline or template (by its place, then its text)."""
    path = os.path.join(place, name)
    if not any(word in path for word in _AZURE_WORDS):
        return False  # (most YAML imports nothing)
    from ._azure_shape import is_azure_file, is_azure_place

    return is_azure_place(path) and is_azure_file(path)


def _read_makefile(path: str, env: Mapping[str, str], max_bytes: int | None) -> BuildFile:
    from .builds._shell_values import MAX_BYTES
    from .builds.make import read_makefile

    return read_makefile(path, max_bytes=min(max_bytes or MAX_BYTES, MAX_BYTES))


def _read_script(path: str, env: Mapping[str, str], max_bytes: int | None) -> BuildFile:
    """A script: what it builds and runs, without the pulls of the files it sources (its
    own scan, :func:`_read_script_fully`; once a scan, as both need it)."""
    from .builds._shell_values import MAX_BYTES
    from .builds.shell import read_shell_script

    key = (path, min(max_bytes or MAX_BYTES, MAX_BYTES))
    if key not in _CACHE.scripts:
        _CACHE.scripts[key] = read_shell_script(path, max_bytes=key[1], scan=False)
    return _CACHE.scripts[key]


def _read_script_fully(path: str, env: Mapping[str, str], max_bytes: int | None) -> BuildFile:
    """A script with its own scan: the pulls of the files it sources, read through it."""
    found = _read_script(path, env, max_bytes)
    if found.complete:
        return found
    import copy

    from ..occurrence import Scan
    from .builds._shell_values import MAX_BYTES

    own = script_scan(path, max_bytes=min(max_bytes or MAX_BYTES, MAX_BYTES))
    scans = (own, found.scan)  # (its own pulls, then those of the scripts it runs)
    full = copy.copy(found)
    full.scan = Scan(
        [o for scan in scans for o in scan.occurrences],
        [e for scan in scans for e in scan.errors],
        [s for scan in scans for s in scan.suppressions],
    )
    full.complete = True
    return full


def sourced_files(path: str) -> frozenset[str]:
    """The real paths of the files a shell script reads through itself, read alone: those
    it sources, directly or through another one (see ``.builds._sourced``); once a scan."""
    return frozenset(os.path.realpath(read) for read in _read_script(path, {}, None).reads)


def script_scan(path: str, *, max_bytes: int) -> Scan:
    """What a shell script runs or pulls (:func:`.builds.script.scan_shell_script`), once a
    scan: the file's own scan, and its context's full reading, are the same."""
    key = (path, max_bytes)
    if key not in _CACHE.scans:
        from .builds.script import scan_shell_script

        _CACHE.scans[key] = scan_shell_script(path, max_bytes=max_bytes)
    return _CACHE.scans[key]


def _read_ci(path: str, env: Mapping[str, str], max_bytes: int | None) -> BuildFile:
    from .ci import MAX_BYTES, built_images
    from .find import read_text
    from .project import BuildFile

    limit = max_bytes or MAX_BYTES
    text = read_text(path, limit, yaml=True)
    if not isinstance(text, str):
        return BuildFile(path=path)
    return built_images(text, path=path, max_bytes=limit)


#: How each kind of build file is read.
_READERS: dict[str, Callable[[str, Mapping[str, str], int | None], BuildFile]] = {
    "compose": _read_compose,
    "skaffold": _read_tool_file,
    "tilt": _read_tool_file,
    "bake": _read_tool_file,
    "ko": _read_tool_file,
    "devcontainer": _read_tool_file,
    "jib": _read_tool_file,
    "testcontainers": _read_tool_file,
    "app-config": _read_tool_file,
    "aspire": _read_tool_file,
    "dotnet": _read_tool_file,
    "jib-gradle": _read_tool_file,
    "sbt-native-packager": _read_tool_file,
    "npm": _read_tool_file,
    "task": _read_tool_file,
    "just": _read_tool_file,
    "vagrant": _read_tool_file,
    "goreleaser": _read_tool_file,
    "chartpress": _read_tool_file,
    "dazzle": _read_tool_file,
    "devspace": _read_tool_file,
    "helmfile": _read_tool_file,
    "okteto": _read_tool_file,
    "gitpod": _read_tool_file,
    "lando": _read_tool_file,
    "singularity-compose": _read_tool_file,
    "devfile": _read_tool_file,
    "garden": _read_tool_file,
    "earthly": _read_tool_file,
    "cross": _read_tool_file,
    "tox": _read_tool_file,
    "pyproject": _read_tool_file,
    "nextflow": _read_tool_file,
    "wdl": _read_tool_file,
    "cwl": _read_tool_file,
    "nix": _read_tool_file,
    "bazel": _read_tool_file,
    "apptainer": _read_tool_file,
    "snakemake": _read_tool_file,
    "python": _read_python,
    "home-assistant": _read_app_build,
    "sitecore": _read_sitecore,
    "concourse": _read_concourse,
    "fly": _read_fly,
    "pytest-docker": _read_pytest_docker,
    "compose-dotenv": _read_compose_dotenv,
    "go-test": _read_go_test,
    "infra-e2e": _read_infra_e2e,
    "kamal": _read_kamal,
    "copilot": _read_copilot,
    "gitlab": _read_gitlab,
    "azure": _read_azure,
    "make": _read_makefile,
    "shell": _read_script,
    "ci": _read_ci,
    "cloudbuild": _read_ci,
}
#: Readers that give a file's own scan too, where the first reading leaves it out (it is
#: needed only when a file is read through this one).
_FULL_READERS: dict[str, Callable[[str, Mapping[str, str], int | None], BuildFile]] = {
    "azure": _read_azure_fully,
    "shell": _read_script_fully,
}
#: The kinds kept on disk between runs: those whose readers list every file they read.
_KEPT = frozenset({"compose", "ci", "make", "shell", "azure", "cloudbuild", "pyproject", "python"})
#: ... of which those whose full reading is kept too, scan and all: the command files, whose
#: reading runs the scripts of the project (what it places in them is read through them).
_SCANS_KEPT = frozenset({"ci", "make", "shell", "azure", "cloudbuild"})
#: ... of which what a file says depends on nothing but the files (no environment variable).
_ENVIRONMENT_FREE = frozenset({"ci", "make", "shell", "azure", "cloudbuild", "pyproject", "python"})
#: The kinds read only when a quick look at their bytes finds a build command could be there.
_LOOKED_AT = frozenset({"ci", "make", "shell", "pyproject"})
#: The kinds whose files are commands: one that builds nothing says nothing of the project
#: (an Azure pipeline that reads no template either).
#: (A helmfile that deploys no chart of the project says nothing of it either.)
_COMMANDS = _LOOKED_AT | {
    "npm", "pyproject", "task", "just", "azure", "cloudbuild", "python", "helmfile", "concourse",
    "vagrant",
}  # fmt: skip
#: The largest CI file looked at (as the CI readers read them).
_CI_MAX_BYTES = 10 * 1024 * 1024
