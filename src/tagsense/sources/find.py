"""The entry points of every source: :func:`find_references` and :func:`scan_paths`.

They take paths (files, or directories to discover files in) or the text of a
source, pick the scanner for each file's kind, and return one :class:`Scan`
as a user should see it (:func:`finish`): the library and the command line
run exactly this.
"""

from __future__ import annotations

import os

from .._lazy import lazy_method, lazy_pattern
from .._roots import bazel_workspace_root, pants_root
from ..errors import TagsenseError
from ..occurrence import BuildSite, Occurrence, Scan, SourceError, Suppression

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable, Iterator, Mapping

    from ..reference import Reference
    from .builds._maven_resources import Filtered
    from .dockerfile import NamedContext
    from .helm._parent import Parent
    from .project import BuildConfig, BuildFile, ChartRelease, ProjectContext
    from .testdata import UnderTestData

__all__ = [
    "KINDS",
    "MAX_TEXT_BYTES",
    "PARALLEL_FROM",
    "find_references",
    "finish",
    "scan_paths",
    "scan_text",
]

#: The largest text file read, in bytes (larger ones are one error each).
MAX_TEXT_BYTES = 10 * 1024 * 1024

#: The kinds of source :func:`find_references` knows.
KINDS = (
    "dockerfile", "archive", "compose", "kubernetes", "helm", "kustomize", "ci", "build", "make",
    "shell", "terraform", "nomad", "deploy",
)  # fmt: skip

# Longer strings are never taken for a path.
_PATH_MAX = 4096


def find_references(
    path_or_text: str | os.PathLike[str],
    *,
    kind: str | None = None,
    build_args: Mapping[str, str] | None = None,
    env: Mapping[str, str] | None = None,
    target: str | None = None,
    archives: bool = False,
    max_bytes: int = MAX_TEXT_BYTES,
    name: str | None = None,
    own_images: str | None = None,
) -> Scan:
    """Find the image references in a file, a directory, or the text of a source.

    ``path_or_text`` is a path when it is a :class:`os.PathLike` or a string
    naming an existing file or directory; a string of one word (no white
    space) that names nothing is reported as a missing file; any other string
    is the text of a source of ``kind`` (default ``"dockerfile"``), read as the
    file ``name`` when given (the name of text read from standard input: it
    places includes, ``.env`` files and suppression comments).

    - A file is scanned as ``kind`` when given, else as its name says
      (``Dockerfile``, ``*.tar``…), else as its content says (a tar or
      compressed file is an archive; text is a Dockerfile). Text files are
      read as UTF-8 (a leading BOM is dropped); a binary, non-UTF-8 or too
      large (over ``max_bytes``, default :data:`MAX_TEXT_BYTES`) file is one
      error.
    - A directory is an OCI image layout when it has an ``oci-layout`` file
      (or ``kind="archive"``); otherwise the files
      :func:`~tagsense.sources.discover.discover` finds in it are scanned
      (archives among them only with ``archives=True``; only files of
      ``kind`` when it is given), as :func:`scan_paths` does.

    ``build_args`` and ``target`` are those of ``docker build`` (for
    Dockerfiles); ``env`` is the environment for variable expansion in
    compose files (default: this process's; Dockerfiles see only
    ``build_args``). ``own_images`` is the configuration's ``own-images``
    (``"built"`` or ``"flag"``) for every file; ``None``: what the nearest
    configuration upward from each file says (``"built"`` where none does).

    What comes back is what a user should see, the same as ``tagsense refs``
    and ``tagsense check`` show: each occurrence once, however many ways a file
    was reached, and with the suppression comments that cover it. Bad input is
    never an exception: it is in ``Scan.errors``. An unknown ``kind`` raises
    :class:`~tagsense.TagsenseError`.
    """
    _check_kind(kind)
    options = _Options(build_args, env, target, archives, max_bytes)
    options.own_images = own_images
    if isinstance(path_or_text, os.PathLike):
        return _scan_paths([os.fspath(path_or_text)], kind, options, None)
    if not isinstance(path_or_text, str):
        raise TypeError(f"expected a path or a string, not {type(path_or_text).__name__}")
    text = path_or_text
    if _names_a_path(text):
        return _scan_paths([text], kind, options, None)
    if kind == "archive" or (text and not any(c.isspace() for c in text)):
        # Not a source's text: a path to something that is not there.
        return Scan((), (_read_error(text, FileNotFoundError(2, "No such file or directory")),))
    return _scan_text(text, kind, name, options)


def scan_text(
    text: str,
    *,
    kind: str = "dockerfile",
    name: str | None = None,
    build_args: Mapping[str, str] | None = None,
    env: Mapping[str, str] | None = None,
    target: str | None = None,
    own_images: str | None = None,
) -> Scan:
    """The text of a source of ``kind``, read as the file ``name`` (never taken for a path).

    What :func:`find_references` does with text, for text that may look like a
    path (standard input: ``tagsense check - --stdin-filename Dockerfile``).
    """
    _check_kind(kind)
    options = _Options(build_args, env, target, False)
    options.own_images = own_images
    return _scan_text(text, kind, name, options)


def _scan_text(text: str, kind: str | None, name: str | None, options: _Options) -> Scan:
    scanner = _TEXT_SCANNERS.get(kind or "dockerfile")
    if scanner is None:
        raise TagsenseError(f"a source of kind {kind!r} is read from files: give its path")
    if name is not None:
        from .context import forget

        forget()
    return finish([scanner(text, name, options)])


def scan_paths(
    paths: Iterable[str | os.PathLike[str]],
    *,
    kind: str | None = None,
    build_args: Mapping[str, str] | None = None,
    env: Mapping[str, str] | None = None,
    target: str | None = None,
    archives: bool = False,
    max_bytes: int = MAX_TEXT_BYTES,
    values_files: Iterable[str] = (),
    set_values: Iterable[str] = (),
    progress: Callable[[int, int], None] | None = None,
    force_exclude: bool = False,
    own_images: str | None = None,
) -> Scan:
    """Every source under ``paths`` (files and directories), as :func:`find_references` reads one.

    Files are found by :func:`~tagsense.sources.discover.discover` (a named
    file is read whatever its name; directories are walked respecting
    ``.gitignore``); a path that does not exist is an error. Large scans
    (:data:`PARALLEL_FROM` files or more) use every core. ``progress`` is
    called with (files done, files in all) after each file. A bug of
    tagsense's own met in one file is an error with ``internal`` set, and the
    scan goes on. ``values_files`` and ``set_values`` are ``helm template``'s
    ``--values`` and ``--set``, for the Helm charts read. ``force_exclude``: the
    paths are read as a walk of the working directory finds them (pre-commit names each
    file it checks): one under ``vendor/`` or ``node_modules/`` is left out, and a file in
    test data that nothing of the project uses is a note (see ``.testdata``).
    ``own_images`` as for :func:`find_references`.
    """
    _check_kind(kind)
    options = _Options(build_args, env, target, archives, max_bytes)
    options.own_images = own_images
    options.values_files = tuple(values_files)
    options.set_values = tuple(set_values)
    named = [os.fspath(path) for path in paths]
    return _scan_paths(named, kind, options, progress, force_exclude=force_exclude)


def _scan_paths(
    paths: list[str],
    kind: str | None,
    options: _Options,
    progress: Callable[[int, int], None] | None,
    *,
    force_exclude: bool = False,
) -> Scan:
    from .discover import discover

    missing = [_missing(path) for path in paths if not _exists(path)]
    existing = [path for path in paths if _exists(path)]
    if force_exclude:
        from .discover import left_out_of_walk

        existing = [path for path in existing if not left_out_of_walk(path)]
    from .context import forget

    forget()  # (the project context is read anew by each scan)
    walked = [path for path in existing if os.path.isdir(path)]
    if kind is None:
        files = discover(existing, archives=options.archives)
        if walked and options.context:
            # What a build builds is read, whatever its Dockerfile is called.
            from ._named_dockerfiles import with_named_dockerfiles

            files = with_named_dockerfiles(
                files, walked, env=options.env, max_bytes=options.max_bytes
            )
    else:
        files = list(
            dict.fromkeys(file for path in existing for file in _of_kind(path, kind, options))
        )
    if (walked or force_exclude) and options.context:
        # A test's input data that a walk comes upon is read only where a build feeds it.
        from .testdata import files_in_test_data

        named = [path for path in existing if not os.path.isdir(path)]
        found = files_in_test_data(files, walked, named, as_walked=force_exclude)
        if found:
            options.test_data = _unfed(found, files, options)
    jobs = [(path, found_kind, options) for path, found_kind in files]
    scans = [Scan((), missing)] if missing else []
    for done, scan in enumerate(_scans(jobs), 1):
        scans.append(scan)
        if progress is not None:
            progress(done, len(jobs))
    return finish(scans)


def _unfed(
    found: dict[str, UnderTestData], files: list[tuple[str, str]], options: _Options
) -> dict[str, UnderTestData]:
    """The files in test data, less the Dockerfiles that a build file of the scan feeds (one
    elsewhere in the tree counts too: skaffold's integration/testdata/X/skaffold/app1/
    skaffold.yml builds ../../app1/Dockerfile); the uses of their project context are
    weighed as each is read."""
    from ._named_dockerfiles import builds_in_scan
    from .testdata import counted_builds

    dockerfiles = {path for path, kind in files if kind == "dockerfile" and path in found}
    if not dockerfiles:
        return found
    fed = builds_in_scan(files, env=options.env, max_bytes=options.max_bytes)
    return {
        path: where
        for path, where in found.items()
        if path not in dockerfiles or not counted_builds(fed.get(os.path.realpath(path), []), where)
    }


def _of_kind(path: str, kind: str, options: _Options) -> list[tuple[str, str]]:
    """The files to read as ``kind`` for one named path."""
    from .discover import ARCHIVE, discover

    if not os.path.isdir(path) or kind == ARCHIVE:
        return [(path, kind)]  # a directory named as an archive: an OCI layout
    found = discover([path], archives=options.archives)
    return [(file, found_kind) for file, found_kind in found if found_kind == kind]


def _missing(path: str) -> SourceError:
    if "\0" in path:
        return SourceError(path, None, "cannot read: a NUL character in the path")
    return _read_error(path, FileNotFoundError(2, "No such file or directory"))


def _exists(path: str) -> bool:
    try:
        return "\0" not in path and os.path.exists(path)
    except (OSError, ValueError):
        return False


def finish(scans: Iterable[Scan]) -> Scan:
    """One scan of several, as a user should see it.

    - Each occurrence once: a file can be reached twice (a Dockerfile an
      action builds, a manifest a kustomization lists), and a compose anchor
      merged into several services is one text. It counts as pulled when any
      of its uses pulls it.
    - A manifest's image as written is left out where a kustomization
      rewrites it (the kustomization's occurrence says what is deployed).
    - One problem on one line is one report: a reference that is no reference
      (invalid, or without the values it needs) on a line the real tool
      rejects is left to that error (``FROM ${UNSET}``: BuildKit's "base name
      should not be blank", not also an unresolved variable).
    - Each occurrence carries the suppression comments that cover it.
    - Each error once: a base that several kustomizations include gives its
      errors through each of them.
    """
    every: list[Occurrence] = []
    errors: list[SourceError] = []
    suppressions: dict[tuple[object, ...], Suppression] = {}
    for scan in scans:
        every.extend(scan.occurrences)
        errors.extend(scan.errors)
        for suppression in scan.suppressions:
            suppressions.setdefault(
                (suppression.path, suppression.line, suppression.column, suppression.text),
                suppression,
            )
    occurrences: list[Occurrence] = []
    seen: dict[tuple[object, ...], int] = {}  # key -> index in occurrences
    for occurrence in _kustomized(every):
        key = (occurrence.path, occurrence.line, occurrence.column, occurrence.text)
        kept = seen.get(key)
        if kept is None:
            seen[key] = len(occurrences)
            occurrences.append(occurrence)
        elif occurrences[kept].built is not None and occurrence.built is None:
            occurrences[kept] = occurrence
    found = occurrences
    errors = list(dict.fromkeys(errors))  # (equal: same file, line and message)
    rejected = {(e.path, e.line) for e in errors if e.line is not None and not e.internal}
    if rejected:
        found = [o for o in found if o.reference is not None or (o.path, o.line) not in rejected]
    if suppressions:
        found = _with_suppressions(found, suppressions.values())
    return Scan(found, errors, suppressions.values())


def _kustomized(occurrences: list[Occurrence]) -> list[Occurrence]:
    """Leave out a manifest's image as written where a kustomization rewrites it, a
    resource's image that a kustomization's patch replaces (never pulled), and what a
    kustomization gives alone when another of the scan takes it in as a base or component
    (it is built through that one, with its patches and images: kubebuilder's
    ``config/manager``, whose ``controller:latest`` ``config/default`` patches)."""
    rewritten = {(o.path, o.line, o.column) for o in occurrences if "kustomization" in o.context}
    if not rewritten:
        return occurrences
    reals: dict[str, str] = {}  # (each kustomization's real path, once)

    def real(path: object) -> str:
        found = reals.get(str(path))
        if found is None:
            found = reals[str(path)] = os.path.realpath(str(path))
        return found

    included: set[str] = set()
    for o in occurrences:
        over = o.context.get("patched_over")
        if isinstance(over, dict):
            rewritten.add((over["path"], over["line"], over["column"]))
        through = o.context.get("through")
        if isinstance(through, tuple):
            included.update(real(file) for file in through)

    def kept(o: Occurrence) -> bool:
        built = o.context.get("kustomization")
        if built is None:
            return (o.path, o.line, o.column) not in rewritten
        return not included or real(built) not in included

    return [o for o in occurrences if kept(o)]


def _with_suppressions(
    occurrences: list[Occurrence], suppressions: Iterable[Suppression]
) -> list[Occurrence]:
    by_path: dict[str | None, list[Suppression]] = {}
    for suppression in suppressions:
        by_path.setdefault(suppression.path, []).append(suppression)
    result = []
    for occurrence in occurrences:
        covering = [s for s in by_path.get(occurrence.path, ()) if s.covers(occurrence.line)]
        if covering:
            occurrence = occurrence.replace(suppressions=covering)
        result.append(occurrence)
    return result


_KO = "ko://"
#: The kinds of occurrence a Dockerfile gives.
_IN_DOCKERFILES = frozenset({"from", "copy-from", "mount-from", "onbuild"})

#: The kinds of file that name images the project may build itself (a Dockerfile and a
#: compose file mark their own while they are read).
_NAMING_KINDS = frozenset(
    {"kubernetes", "ci", "helm", "kustomize", "build", "make", "shell", "terraform", "nomad",
     "deploy"}
)  # fmt: skip

#: From how many files a scan uses every core (below it, starting workers costs more).
PARALLEL_FROM = 400


def _scans(jobs: list[_Job]) -> Iterator[Scan]:
    """Each job's scan, in order: on every core when there are many files."""
    cores = os.cpu_count() or 1
    if len(jobs) < PARALLEL_FROM or cores < 2:
        yield from map(_scan_job, jobs)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=min(cores, 8)) as pool:
        yield from pool.map(_scan_job, jobs, chunksize=64)


def _rejected(error: SourceError) -> bool:
    """Whether an error is a tool's rejection of a line, which a placeholder may have caused
    (``.templates.as_placeholder_rejections`` looks at those): a quick look, before the
    template reader is imported for a file that has another error (BuildKit's blank base)."""
    if error.note or error.line is None:
        return False
    message = error.message
    return message.startswith(("invalid YAML", "not HCL")) or ": invalid YAML" in message


def _scan_job(job: _Job) -> Scan:
    path, kind, options = job
    try:
        scan = _scan_file(path, kind, options)
        if any(_rejected(error) for error in scan.errors):
            from .templates import as_placeholder_rejections

            # (a file its tool rejects at a <PLACEHOLDER>: a template, one note)
            scan = as_placeholder_rejections(scan)
        if options.test_data and kind != "dockerfile":
            scan = _unless_test_input(scan, path, kind, options)
        if kind in _NAMING_KINDS:
            scan = _with_built(scan, _context(path, options), located=options.context)
        if kind == "kustomize":
            scan = _with_built_where_written(scan, path, options)
        return scan
    except Exception as error:  # a bug of ours: reported, and the scan goes on
        message = f"internal error: {type(error).__name__}: {error} (please report it)"
        return Scan((), (SourceError(path, None, message, internal=True),))


def _unless_test_input(scan: Scan, path: str, kind: str, options: _Options) -> Scan:
    """The scan, or its test-data directory's note for a file in a unit test's data that
    nothing of the project uses, when it gives anything (see ``.testdata``; a Dockerfile's
    builds are weighed as it is read); in an end-to-end suite's, the scan without what its
    tools would refuse."""
    where = options.test_data.get(path)
    if where is None or not (scan.occurrences or scan.errors):
        return scan
    from .testdata import compared_only

    if where.suite and not compared_only(path, kind):
        from .testdata import without_refusals

        return without_refusals(scan, where)
    from .testdata import note_for_test_data, used

    if used(path, kind, where, _context(path, options)):
        return scan
    return note_for_test_data(where)


#: One file to read: its path, its kind, the settings of the scan.
_Job = tuple[str, str, "_Options"]


def _check_kind(kind: str | None) -> None:
    if kind is not None and kind not in KINDS:
        known = ", ".join(KINDS)
        raise TagsenseError(f"unknown kind of source {kind!r} (known: {known})")


class _Options:
    """The settings of one scan (they travel with each file to the worker that reads it)."""

    __slots__ = (
        "archives",
        "build_args",
        "context",
        "env",
        "max_bytes",
        "own_images",
        "set_values",
        "target",
        "test_data",
        "values_files",
    )

    def __init__(
        self,
        build_args: Mapping[str, str] | None,
        env: Mapping[str, str] | None,
        target: str | None,
        archives: bool,
        max_bytes: int = MAX_TEXT_BYTES,
        context: bool = True,
    ) -> None:
        self.build_args = build_args
        self.env = env
        self.target = target
        self.archives = archives
        self.max_bytes = max_bytes
        #: Whether files are read in their project's context (see tagsense.sources.context).
        self.context = context
        #: ``helm template``'s ``--values`` and ``--set``, for the charts read.
        self.values_files: tuple[str, ...] = ()
        self.set_values: tuple[str, ...] = ()
        #: The files a walk found in test data (see .testdata), by path as found, less the
        #: Dockerfiles a build file of the scan feeds.
        self.test_data: Mapping[str, UnderTestData] = {}
        #: The configuration's ``own-images`` for every file; ``None``: each file's own.
        self.own_images: str | None = None


def _names_a_path(text: str) -> bool:
    if not text or len(text) > _PATH_MAX or "\n" in text or "\0" in text:
        return False
    try:
        return os.path.exists(text)
    except (OSError, ValueError):
        return False


def _scan_file(path: str, kind: str, options: _Options) -> Scan:
    if options.context and kind != "build":
        context = _context(path, options)
        if (
            context is not None
            and context.reads
            and os.path.realpath(path) in context.reads
            # (read alone too: _compose)
            and not (kind == "compose" and (context.runs_of(path) or context.projects_alone(path)))
        ):
            # Read through the file that includes it (a compose include or override, a GitLab
            # include), the images the project builds marked as the includer's are.
            return _with_built(
                _read_through(os.path.realpath(path), path, context, options), context
            )
    if kind == "archive":
        from .archive import scan_archive

        return scan_archive(path)
    if kind == "helm":
        from .helm import scan_helm_chart

        # A chart is its directory: Chart.yaml (appVersion) and values.yaml.
        packaged = path.endswith((".tgz", ".tar.gz"))
        chart = path if packaged or os.path.isdir(path) else os.path.dirname(path) or "."
        releases = _releases(chart, options) if not packaged else []
        deploys = [release for release in releases if release.command is None]
        if deploys:
            rendered = finish(_release_scan(chart, release, options) for release in deploys)
            if len(deploys) > 1:
                rendered = _settled_by_a_release(rendered)
            # (an error of the chart itself is the same whichever release renders it: once)
            scan = Scan(rendered.occurrences, dict.fromkeys(rendered.errors), rendered.suppressions)
            installs = [release for release in releases if release.command is not None]
            if installs:
                # (and as the project's own commands install it besides: an Argo CD
                # Application beside a CI job's `helm upgrade --install --set …`)
                scan = _with_installs(chart, scan, [], installs, options)
            return _without_placeholders(scan)
        installs = [release for release in releases if release.command is not None]
        tests = [] if packaged else _chart_tests(chart)
        if not installs and not tests and options.context and not packaged:
            part = _only_a_part(chart, options)
            if isinstance(part, SourceError):
                return Scan((), (part,))
            if part:
                # (every chart beside it that names it leaves it off: it is read as each
                # deploys it once switched on, with the values each gives it)
                return _without_placeholders(finish(
                    scan_helm_chart(chart, max_bytes=options.max_bytes, defaults=parent.section)
                    for parent in part
                ))  # fmt: skip
        scan = scan_helm_chart(
            chart,
            max_bytes=options.max_bytes,
            values_files=options.values_files,
            set_values=options.set_values,
        )
        if installs or tests:
            scan = _with_installs(chart, scan, _as_installs(tests), installs, options)
        return _without_placeholders(scan)
    if kind == "kustomize":
        from .kustomize import scan_kustomization

        scan = scan_kustomization(path, max_bytes=options.max_bytes)
        if scan.errors or any(o.reference is None for o in scan.occurrences):
            # (a kustomization that is a template: Backstage's skeletons, Jinja statements,
            # tutor's `{{ patch("…") }}` where a key goes)
            scan = _as_yaml_template(scan, path, options)
        if any(_may_be_placeholder(occurrence) for occurrence in scan.occurrences):
            # (a resource's image the reader fills in: GoogleCloudPlatform/kubernetes-engine-
            # samples' gke-a100-jax job.yaml, gcr.io/<<PROJECT>>/jax/hello:latest)
            from .templates import as_placeholder_template

            scan = as_placeholder_template(scan, path)
        if options.context and any(o.unresolved for o in scan.occurrences):
            scan = _rendered_build(scan, path, options)
        return scan
    if kind == "build":
        from .builds import build_tool

        # What a build tool's file pulls itself (bake's docker-image:// contexts, ko's bases).
        from .context import read_build_file

        tool = build_tool(path) or "build"
        found = read_build_file(path, tool, env=options.env, max_bytes=options.max_bytes,
                                complete=True)  # fmt: skip
        scan = _with_inline(found.scan, found.builds, path, options)
        if any(not error.note for error in scan.errors):
            scan = _as_build_template(scan, path, options)
        if tool in ("task", "npm", "testcontainers") and options.context:
            # (an included Taskfile runs alone, and through the one that includes it, with
            # that one's values: both, as a scan of the project reads them; so does a
            # package.json script, alone and as a CI step's `npm run` gives it its env, and
            # an Invoke tasks.py, a Python source, as a runner's `invoke NAME` runs its tasks)
            context = _context(path, options)
            real = os.path.realpath(path)
            if context is not None and real in context.reads:
                scan = finish([scan, _read_through(real, path, context, options)])
        return scan
    if kind == "make":
        from .builds._shell_values import MAX_BYTES
        from .builds.make import scan_makefile

        # The images its recipes run or pull (what they build is the project's context).
        scan = scan_makefile(path, max_bytes=min(options.max_bytes or MAX_BYTES, MAX_BYTES))
        return _with_documents(_with_runs_written_here(scan, path, kind, options), path, options)
    if kind == "shell":
        from .builds._shell_values import MAX_BYTES
        from .context import script_scan

        # The images it runs or pulls (what it builds is the project's context); those of the
        # files it sources are theirs, read through it when they are (as a compose include).
        scan = script_scan(path, max_bytes=min(options.max_bytes or MAX_BYTES, MAX_BYTES))
        scan = _with_runs_written_here(_own(scan, path, sourced=True), path, kind, options)
        return _with_documents(scan, path, options)
    if kind in _HCL_KINDS:
        # (read whole: a job's template stanza holds Go templates, and Terraform's own
        # `${…}` are no template to leave unread)
        text = read_text(path, options.max_bytes)
        if isinstance(text, SourceError):
            return Scan((), (text,))
        scan = _TEXT_SCANNERS[kind](text, path, options)
        if kind == "terraform" and scan.errors and ("{{" in text or "{%" in text):
            from .templates import as_hcl_template

            scan = as_hcl_template(scan, text, path)  # (a Jinja template of a .tf file)
        return scan
    if kind == "kubernetes" and _in_chart_templates(path):
        return Scan((), ())  # a Go template, read by rendering its chart (the "helm" kind)
    data = _read_bytes(path, options.max_bytes)
    if isinstance(data, SourceError):
        return Scan((), (data,))
    text = _decode(path, data, yaml=kind in _YAML_KINDS)
    if isinstance(text, SourceError):
        # Any *.yaml may be a manifest: one that is not text, nor says apiVersion and
        # kind, is none (a zip fixture, a Latin-1 playbook), as invalid YAML is none.
        if kind == "kubernetes" and not (b"apiVersion" in data and b"kind" in data):
            return Scan((), ())
        return Scan((), (text,))
    if kind == "kubernetes":
        # (before the template check: a playbook's Jinja is Ansible's own, no template)
        tasks = _ansible_or_molecule(text, path)
        if tasks is not None:
            return tasks
        from ._ansible_shape import is_ansible_file

        if is_ansible_file(text, path) and not _is_concourse(text):
            return Scan((), ())  # (a playbook, a role's tasks or vars: Jinja there is Ansible's)
    scan = _TEXT_SCANNERS[kind](text, path, options)
    if kind == "deploy" and path.endswith((".sls", ".rb")):
        return scan  # (a Salt state's Jinja is Salt's own, a Chef recipe is Ruby: no template)
    if kind == "deploy" and path.endswith(".erb") and (scan.occurrences or scan.errors):
        return scan  # (an OpenDAX compose template, read as its project renders it)
    if _may_be_template(text, path, dockerfile=kind == "dockerfile") and not (
        kind in ("compose", "kubernetes") and _envsubst_renders(text, path, options)
    ):
        from .templates import as_template

        scan = as_template(
            scan, text, path, dockerfile=kind == "dockerfile", manifest=kind == "kubernetes"
        )
        if not scan.occurrences and "templates" in path:
            from ._ansible_templates import rendered_alone

            # (a template that an Ansible task renders, named alone: read as the task reads it)
            through_task = rendered_alone(path)
            if through_task is not None:
                scan = Scan(through_task, ())
    if any(_may_be_placeholder(occurrence) for occurrence in scan.occurrences):
        from .templates import as_placeholder_template

        scan = as_placeholder_template(scan, path)
    if kind == "dockerfile" and scan.errors and ("..." in text or "\u2026" in text):
        from .templates import as_excerpt

        scan = as_excerpt(scan, text, path)
    return scan


def _envsubst_renders(text: str, path: str, options: _Options) -> bool:
    """Whether a compose file or a manifest that a template's name calls one
    (``docker-compose.yml.tmpl``, ``etcd.yaml.template``) is what an ``envsubst`` of the
    project renders, with no markup of another engine: envsubst puts in only the variables,
    and the file is read through it (``_through_runs``, ``through_renders``)."""
    if "{{" in text or "{%" in text or "<%" in text:
        return False
    context = _context(path, options)
    return context is not None and bool(context.renders_of(path))


def _may_be_placeholder(occurrence: Occurrence) -> bool:
    """Whether an image may be a placeholder (a quick look: see
    ``.templates.as_placeholder_template``): an invalid reference, or an upper-case tag."""
    reference = occurrence.reference
    return reference is None or (reference.tag is not None and reference.tag.isupper())


def _as_build_template(scan: Scan, path: str, options: _Options) -> Scan:
    """The scan of a build tool's file that the tool refuses, or one note when the file is a
    template of one (Jinja statements, a template's name: see ``.templates``):
    cookiecutter-django's ``{{cookiecutter.project_slug}}/.devcontainer/devcontainer.json``
    says ``{%- if cookiecutter.editor == "VS Code" %}`` inside its JSON (a false error)."""
    from .builds._common import MAX_BYTES, read_text
    from .templates import as_template, template_reason

    text = read_text(path, options.max_bytes or MAX_BYTES)
    if not isinstance(text, str) or template_reason(text, path, dockerfile=False) is None:
        return scan
    return as_template(scan, text, path, dockerfile=False)


def _as_yaml_template(scan: Scan, path: str, options: _Options) -> Scan:
    """The scan of a YAML file read by its path that the tool refuses, or one note when the
    file is a template of one: overhangio/tutor's ``templates/kustomization.yml`` says ``{{
    patch("kustomization-resources") }}`` where a key goes (a false "invalid YAML")."""
    from .builds._common import MAX_BYTES, read_text

    text = read_text(path, options.max_bytes or MAX_BYTES)
    if not isinstance(text, str) or not _may_be_template(text, path):
        return scan
    from .templates import as_template

    return as_template(scan, text, path, dockerfile=False)


#: A ``${name.member}`` (``${name[``, ``${name(``): a template's expression, no variable's.
_DOTTED = r"\$\{\s*[A-Za-z_][\w-]*\s*[.\[(]"


def _may_be_template(text: str, path: str, *, dockerfile: bool = False) -> bool:
    """A quick look: whether the file could be a template (see ``.templates``)."""
    if "{{" in text or "{%" in text or "{#" in text or "<%" in text:
        return True
    if not dockerfile and "${" in text:
        import re

        if re.search(_DOTTED, text):  # (Garden's expressions, see .templates)
            return True
    if "\n@" in text or text.startswith("@"):  # (a preprocessor's directive, see .templates)
        return True
    if dockerfile and "$$" in text:  # (a template's escaped $: no Dockerfile's, see .templates)
        return True
    if "${templateOption:" in text:  # (a Dev Container Template's option left unfilled)
        return True
    from .discover import is_template_name

    return is_template_name(path)


#: The kinds read as YAML, which may be UTF-16 (with its byte order mark), as YAML allows.
_YAML_KINDS = frozenset({"compose", "kubernetes", "ci"})


def read_text(path: str, limit: int, *, yaml: bool = False) -> str | SourceError:
    """A text file's text (UTF-8; YAML may also be UTF-16), or the error that says why not."""
    data = _read_bytes(path, limit)
    if isinstance(data, SourceError):
        return data
    return _decode(path, data, yaml=yaml)


def _read_bytes(path: str, limit: int) -> bytes | SourceError:
    """A file's bytes, or the one error that says why they cannot be read."""
    if "\0" in path:
        return SourceError(path, None, "cannot read: a NUL character in the path")
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        return _read_error(path, error)
    if len(data) > limit:
        return SourceError(path, None, f"too large: more than {limit:,} bytes")
    return data


def _decode(path: str, data: bytes, *, yaml: bool = False) -> str | SourceError:
    """The text, or the one error that says why it is not text.

    UTF-8 (a byte order mark dropped), as Docker reads Dockerfiles; for YAML also
    UTF-16 with its byte order mark, as YAML allows.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        if not yaml:
            return SourceError(path, None, "UTF-16 text: Docker reads Dockerfiles as UTF-8")
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return SourceError(path, None, "not UTF-16 text after its byte order mark")
    if b"\0" in data:
        return SourceError(path, None, "a binary file, not text")
    # (the byte order mark as "utf-8-sig" drops it, without importing that codec's module)
    body = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        line = body.count(b"\n", 0, error.start) + 1
        byte = body[error.start]
        return SourceError(path, line, f"not UTF-8 text (byte 0x{byte:02x})")
    if "${templateOption:" in text:
        from ._template_options import with_template_options

        return with_template_options(path, text)  # (a Dev Container Template's file)
    return text


def _read_error(path: str, error: OSError) -> SourceError:
    if isinstance(error, IsADirectoryError):
        return SourceError(path, None, "cannot read: a directory")
    reason = error.strerror or str(error) or type(error).__name__
    return SourceError(path, None, f"cannot read: {reason}")


# --- the scanners of text ------------------------------------------------------


def _dockerfile(text: str, path: str | None, options: _Options) -> Scan:
    if path is not None and path.endswith(".template"):
        from ._balena import balena_template

        # (balena's Dockerfile.template: its %%BALENA_ARCH%% read as variables, see _balena)
        template = balena_template(text, path)
        if template is not None:
            return template.restored(_dockerfile_text(template.text, path, options))
    return _dockerfile_text(text, path, options)


def _dockerfile_text(text: str, path: str | None, options: _Options) -> Scan:
    # Imported on use: the Dockerfile parser is only loaded when a Dockerfile is read.
    from .dockerfile import scan_dockerfile

    context = _context(path, options)
    builds = context.builds_of(path) if context is not None and path is not None else []
    if builds and context is not None and context.composes:
        from ._compose_run_builds import builds_as_run

        env = options.env if options.env is not None else dict(os.environ)
        builds = builds_as_run(builds, context, env)
    where = options.test_data.get(path) if path is not None and options.test_data else None
    if where is not None:
        from .testdata import counted_builds, note_for_test_data

        builds = counted_builds(builds, where, context)
        if not builds:
            return note_for_test_data(where)
    if not builds:
        scan = scan_dockerfile(
            text, path=path, build_args=options.build_args, target=options.target, alone=True
        )
        if _is_fragment(scan):
            return _fragment(path)
        if _only_comments(scan):
            return _comments_only(path)
        return _with_built(scan, context, located=_located(path, options))
    # As each build that uses it reads it: its arguments, target and named contexts
    # (what the command line says wins, as it would for `docker build`).
    scans = []
    given = options.build_args or {}
    for build in builds:
        if build.dockerfile_inline is not None:
            # (the file as the tool rewrites it before the build: Maven's filtering)
            scans.append(_inline(build, context, options, written_in_build=False))
            continue
        needing: set[tuple[int, int, tuple[str, ...]]] = set()
        for platform in _target_platforms(build.platforms):
            scan = scan_dockerfile(
                text,
                path=path,
                build_args={**platform, **build.args, **given},
                target=options.target or build.target,
                contexts=_named_contexts(build, context),
                unresolved_args={k: v for k, v in build.unresolved.items() if k not in given},
                written_args={k: v for k, v in build.written.items() if k not in given},
                leading_args={k: v for k, v in build.leading.items() if k not in given},
                blank_args=[name for name in build.blank if name not in given],
            )
            scans.append(_built_by(_once_a_need(scan, needing), build, context))
    return finish(_reached_as_reached(scans))


def _once_a_need(scan: Scan, needing: set[tuple[int, int, tuple[str, ...]]]) -> Scan:
    """A platform's reading of a build without the images an earlier platform's left to the
    same values of a run, at the same place (``needing`` keeps them): one problem, one report.
    gotify/server's Dockerfile, built for four platforms, needs GO_VERSION for
    ``gotify/build:${GO_VERSION}-${__TARGETPLATFORM_GO_NOTATION}`` in each."""
    kept = []
    for occurrence in scan.occurrences:
        if occurrence.reference is None and occurrence.unresolved:
            need = (occurrence.line, occurrence.column, occurrence.unresolved)
            if need in needing:
                continue
            needing.add(need)
        kept.append(occurrence)
    if len(kept) == len(scan.occurrences):
        return scan
    return Scan(kept, scan.errors, scan.suppressions)


def _target_platforms(platforms: Iterable[str]) -> list[dict[str, str]]:
    """The automatic ``TARGET*`` arguments of each platform a build is for (``linux/arm64``,
    ``linux/arm/v7``), as BuildKit sets them for the build of that platform: ollama's release
    workflow builds its ``Dockerfile`` for ``linux/arm64`` too, whose ``FROM
    base-${TARGETARCH}`` starts from ``almalinux:8`` there (``rocm/dev-almalinux-8`` on amd64).
    ``linux/amd64``, and a build that names no platform, read as ever (BuildKit's default
    here); a platform not known (a run's value) adds nothing."""
    found: list[dict[str, str]] = []
    for platform in platforms:
        parts = platform.strip().split("/")
        if len(parts) not in (2, 3) or not all(p.isalnum() for p in parts):
            continue
        if parts[:2] == ["linux", "amd64"] and len(parts) == 2:
            arguments: dict[str, str] = {}
        else:
            arguments = {
                "TARGETPLATFORM": "/".join(parts),
                "TARGETOS": parts[0],
                "TARGETARCH": parts[1],
                "TARGETVARIANT": parts[2] if len(parts) == 3 else "",
            }
        if arguments not in found:
            found.append(arguments)
    return found or [{}]


def _reached_as_reached(scans: list[Scan]) -> list[Scan]:
    """Each build's reading of a Dockerfile less the stages it does not build that another
    of its builds does: that stage is pulled as the build that reaches it reads it (with its
    named contexts and arguments), not as one that skips it would. hyperdx's Makefile builds
    ``--target prod`` without ``--build-context clickhouse=…`` and the all-in-one stage, its
    ``COPY --from=clickhouse``, with it. A stage no build reaches is still reported."""
    reached = {
        occurrence.context.get("stage_index")
        for scan in scans
        for occurrence in scan.occurrences
        if occurrence.context.get("pulled") is True
    }
    reached.discard(None)
    if not reached or len(scans) < 2:
        return scans
    return [
        Scan(
            [
                occurrence
                for occurrence in scan.occurrences
                if occurrence.context.get("pulled") is not False
                or occurrence.context.get("stage_index") not in reached
            ],
            scan.errors,
            scan.suppressions,
        )
        for scan in scans
    ]


#: BuildKit's errors for a Dockerfile without a ``FROM``: the file's, and each instruction's.
_NO_STAGES = "dockerfile contains no stages to build"
_NO_STAGE = "no build stage in current context"


def _is_fragment(scan: Scan) -> bool:
    """Whether a Dockerfile read alone is well formed but for having no ``FROM``."""
    return (
        not scan.occurrences
        and any(error.message == _NO_STAGES for error in scan.errors)
        and all(error.message in (_NO_STAGES, _NO_STAGE) for error in scan.errors)
    )


def _fragment(path: str | None) -> Scan:
    """One note for a Dockerfile that no build reads and that has no ``FROM``: a fragment
    that a script puts into another (growthbook's ``preview/Dockerfile.append``, which its
    preview workflow appends to the ``Dockerfile`` with ``cat``), not a Dockerfile to build
    alone: not an error for each of its lines."""
    note = (
        "no FROM: a fragment of a Dockerfile (added to another by a script), not read alone; "
        "tagsense reads the Dockerfile it becomes when that is passed"
    )
    return Scan((), (SourceError(path, None, note, note=True),))


#: BuildKit's error for a Dockerfile of comments and blank lines alone.
_NO_INSTRUCTIONS = "file with no instructions"


def _only_comments(scan: Scan) -> bool:
    """Whether a Dockerfile read alone has nothing but comments (and blank lines)."""
    return not scan.occurrences and [e.message for e in scan.errors] == [_NO_INSTRUCTIONS]


def _comments_only(path: str | None) -> Scan:
    """One note for a Dockerfile that no build reads and that is all comments: an example
    for the user to copy and fill in (ddev's ``.ddev/web-build/Dockerfile.example``, "You
    can copy this Dockerfile.example to Dockerfile"), not a build's mistake."""
    note = (
        "comments only: no instruction to build (an example to copy and fill in), not read; "
        "tagsense reads the Dockerfile made from it"
    )
    return Scan((), (SourceError(path, None, note, note=True),))


def _in_role_tasks(path: str) -> bool:
    """A file of an Ansible role's (or playbook's) ``tasks/`` or ``handlers/``."""
    return os.path.basename(os.path.dirname(os.path.abspath(path))) in ("tasks", "handlers")


def _compose(text: str, path: str | None, options: _Options, *, by_name: bool = True) -> Scan:
    from .compose import read_compose

    if by_name and "apiVersion" in text and "kind" in text:
        # A compose-like name (`app-compose.yaml`) on a Kubernetes manifest: compose would
        # refuse its keys, and it says what it is.
        from ._yaml import load_yaml
        from .kubernetes import is_kubernetes, scan_loaded

        file = load_yaml(text, path=path)
        if is_kubernetes(file):
            return _with_built(scan_loaded(file), _context(path, options))
    if by_name and path is not None and _in_role_tasks(path):
        # A role's tasks/docker-compose.yml installs Compose: a list of tasks, no compose
        # file (compose refuses a list), read as Ansible when it runs containers.
        from .ansible import is_task_list, may_be_ansible, scan_ansible

        if may_be_ansible(text):
            return scan_ansible(text, path)
        if is_task_list(text):
            return Scan((), ())
    if by_name and path is not None and not _may_hold_services(text, path):
        context = _context(path, options)
        if context is None or context.named.get(os.path.realpath(path)) != "compose":
            return Scan((), ())
    env = options.env if options.env is not None else dict(os.environ)
    context = _context(path, options)
    through: list[Scan] = []  # (as the files that include or extend it read it)
    if path is not None and options.context:
        if context is not None and context.reads:
            real = os.path.realpath(path)
            if real in context.reads:
                through.append(_read_through(real, path, context, options))
                if not context.runs_of(path) and not context.projects_alone(path):
                    return _with_built(through[0], context)
                # (a command of the project also runs it as a project of its own, `docker
                # compose -f FILE up`: every service of it is pulled, not only those another
                # file extends: mathesar's docker-compose.dev.yml)
        from .context import read_build_file

        if by_name:
            found = read_build_file(
                path, "compose", env=options.env, max_bytes=options.max_bytes, complete=True
            )
        else:  # (not one of the project's build files: the text at hand is all there is)
            found = read_compose(text, path=path, env=env)
    else:
        found = read_compose(text, path=path, env=env)
    if context is not None and path is not None:
        scans = _through_runs(text, path, found, found.scan, context, options, inline=True)
    else:
        scans = [found.scan, *(_inline(build, context, options) for build in found.builds)]
    return _with_built(finish([*through, *scans]), context, located=_located(path, options))


def _may_hold_services(text: str, path: str) -> bool:
    """Whether a file that a compose word in its name calls compose may be one: compose's own
    names (``docker-compose*.yml``, ``compose.yaml``…) always; another only with a top-level
    ``services`` or ``include``, else compose would pull nothing from it. thunderbird-android's
    Maestro flows ``quality/e2e/tests/mail_compose.yml`` (``appId:``, ``---``, a list of steps:
    composing an email) gave two source errors (survey 33c)."""
    import re

    name = os.path.basename(path).lower()
    if name.startswith(("docker-compose", "compose.", "docker-stack")):
        return True
    return re.search(r"^[\"']?(?:services|include)[\"']?[ \t]*:", text, re.MULTILINE) is not None


def _through_runs(
    text: str,
    path: str,
    alone: BuildFile,
    mine: Scan,
    context: ProjectContext,
    options: _Options,
    *,
    inline: bool = False,
    names: str | None = None,
) -> list[Scan]:
    """A compose file (``text``, read ``alone``) as the project reads it: through the compose
    commands that give it a variable its part ``mine`` leaves unresolved alone (else as it
    is), and what the commands that give a variable of ``names`` (the text of that part,
    default ``text``) another value resolve otherwise (a CI step's ``env`` over a
    ``${VAR:-default}``: see :mod:`._compose_runs`). ``inline``: with the Dockerfiles its
    builds write inline."""
    from ._compose_runs import changing_runs, given_by_its_runner, read_through_runs, what_runs_add

    def scans_of(reads: list[BuildFile]) -> list[Scan]:
        found = []
        for read in reads:
            found.append(_built_in_reading(read))
            if inline:
                found.extend(_inline(b, context, options) for b in read.builds)
        return found

    runs = context.runs_of(path)
    missing = {name for o in mine.occurrences for name in o.unresolved}
    giving = [run for run in runs if run.gives(missing)] if missing else []
    # (a script read alone leaves its arguments to a run; its runner's reading gives them)
    giving = given_by_its_runner(giving, missing)
    if missing and not giving:
        # (a command that may read it, as a run chooses: only what it leaves unresolved alone)
        maybe = [run for run in context.maybe_runs_of(path) if run.gives(missing)]
        giving = list(dict.fromkeys(run.only(missing) for run in maybe))
    if missing and not giving:
        # (a script renders it with envsubst, then starts what it wrote: netbird's configure.sh
        # exports the tags its docker-compose.yml.tmpl leaves to the environment)
        giving = [run for run in context.renders_of(path) if run.gives(missing)]
    if not giving:
        from ._catalog_runs import catalog_env_run

        template = catalog_env_run(path, text)  # (a Dokploy template's, a 1Panel app's)
        giving = [template] if template is not None else []
    if missing and not giving:
        from ._dotenv_runs import dotenv_run

        parent = dotenv_run(path, missing, context.root)
        giving = [parent] if parent is not None else []
    if not runs and not giving:
        return scans_of([alone])
    env = options.env if options.env is not None else dict(os.environ)
    scans = scans_of(read_through_runs(text, path, env, giving) if giving else [alone])
    # (a command that also reads files a run names may have them change what it gives: it
    # gives what is unresolved alone, no second reading of what is resolved)
    others = [run for run in changing_runs(text if names is None else names, runs, path)
              if run not in giving and not run.partial]  # fmt: skip
    if others:
        scans.extend(what_runs_add(scans_of(read_through_runs(text, path, env, others)), scans))
    return scans


def _built_in_reading(read: BuildFile) -> Scan:
    """A compose file's scan as one command reads it, the images a service of that reading
    builds marked as built where another service names them: Compose builds a service's
    ``build:`` and tags it with its ``image:``, which a service with no ``build:`` runs
    (nautobot/pynautobot's ``pynautobot-dev-tests`` runs the ``${IMAGE_NAME}:${IMAGE_VER}``
    its ``pynautobot-dev`` builds, with the values its ``invoke`` task gives)."""
    scan = read.scan
    if scan is None or not read.builds:
        return scan
    made = {tag: build.site for build in read.builds for tag in build.tags}
    if not made or not any(o.built is None and o.text in made for o in scan.occurrences):
        return scan
    return Scan(
        [
            o.replace(built=made[o.text]) if o.built is None and o.text in made else o
            for o in scan.occurrences
        ],
        scan.errors,
        scan.suppressions,
    )


# --- a file in its project's context (see tagsense.sources.context) ------------


def _context(path: str | None, options: _Options) -> ProjectContext | None:
    """The project context of a file (``None``: no build file around it, or none looked for)."""
    if path is None or not options.context:
        return None
    from .context import context_for

    return context_for(
        path, env=options.env, max_bytes=options.max_bytes, own_images=options.own_images
    )


def _located(path: str | None, options: _Options) -> bool:
    """Whether a file is read in its project (see tagsense.sources.context)."""
    return path is not None and options.context


def _with_built(
    scan: Scan,
    context: ProjectContext | None,
    besides: BuildConfig | None = None,
    *,
    located: bool = True,
) -> Scan:
    """The scan, each image the project builds itself marked as built (not pulled).

    ``besides``: the build that reads this scan's Dockerfile (its own output is no input).
    ``located``: the file is read in its project, where ``ko://`` is ko's to build even with no
    build file around it.
    """
    scan = _with_built_by_the_project(scan, context, besides, located=located)
    # (last: a build the project's files say names where the image is made)
    return _with_own_registry(scan) if located else scan


def _with_built_by_the_project(
    scan: Scan, context: ProjectContext | None, besides: BuildConfig | None, *, located: bool
) -> Scan:
    """:func:`_with_built` by the builds of the project's files."""
    built = context is not None and bool(context.built or context.written)
    if besides is not None and (besides.outputs or besides.shapes):
        # (a build argument that is another build's image: see _built_as_output)
        built = True
    # (a climb to the Bazel and the Pants root first: each build system's module is imported
    # only for a file in its tree, and most files are in neither)
    bazel = located and any(_in_tree(bazel_workspace_root, o.path) for o in scan.occurrences)
    if bazel:
        from ._bazel_workspace import workspace_site
    # (and ko's import paths only where an image names neither tag nor digest, as they do not)
    ko = located and any(
        o.text.startswith(_KO)
        or (o.reference is not None and o.reference.tag is None and o.reference.digest is None)
        for o in scan.occurrences
    )
    if ko:
        from ._ko_import_paths import import_path_site, may_name_package

        ko = any(o.text.startswith(_KO) or may_name_package(o) for o in scan.occurrences)
    pants = located and any(
        o.kind in _IN_DOCKERFILES and _in_tree(pants_root, o.path) for o in scan.occurrences
    )
    if pants:
        from ._pants_targets import may_name_target, target_site

        pants = any(o.kind in _IN_DOCKERFILES and may_name_target(o) for o in scan.occurrences)
    if not built and not bazel and not ko and not pants:
        return scan
    changed = False
    occurrences = []
    for occurrence in scan.occurrences:
        reference = occurrence.reference
        if occurrence.built is None:
            if reference is not None:
                site = (
                    None
                    if context is None
                    else context.built_site(
                        reference.name,
                        besides=besides,
                        dockerfile=occurrence.path if occurrence.kind in _IN_DOCKERFILES else None,
                        where=occurrence.path,
                        tag=reference.tag,
                        runner=occurrence.kind == "ci",
                    )
                )
                if site is None and ko:
                    # (an import path of the project's Go program: ko builds it, see
                    # ._ko_import_paths)
                    site = import_path_site(occurrence)
                if site is None and bazel:
                    site = workspace_site(occurrence)  # (a Bazel package's: ._bazel_workspace)
                if site is None and pants and occurrence.kind in _IN_DOCKERFILES:
                    site = target_site(occurrence)  # (a Pants target's: ._pants_targets)
                if site is not None:
                    occurrence = occurrence.replace(built=site)
                    changed = True
            elif context is not None and occurrence.unresolved:
                # (as written: the text has each unset variable put in empty)
                site = (
                    _built_as_output(occurrence, context, besides)
                    or context.built_site_of_text(occurrence.raw)
                    or context.built_site_as_named(occurrence.raw)
                    or _built_as_resolved(occurrence, context)
                    or _built_as_templated(occurrence, context)
                    or _built_as_written(occurrence, context, besides)
                    or _built_as_started(occurrence, context, besides)
                    or _built_as_shaped(occurrence, context, besides)
                    or _built_as_run(occurrence, context)
                    or _built_but_tag(occurrence, context, besides)
                )
                if site is not None:
                    occurrence = occurrence.replace(built=site)
                    changed = True
            elif occurrence.text.startswith(_KO):
                # ko builds the Go package it names, and puts the image's name in its place.
                site = BuildSite("ko", occurrence.path, occurrence.line)
                occurrence = occurrence.replace(built=site, run_time="ko")
                changed = True
            elif pants and occurrence.kind in _IN_DOCKERFILES:
                # (``:name``, no reference: the address of a Pants target, whose image's
                # name Pants puts in its place, ._pants_targets)
                site = target_site(occurrence)
                if site is not None:
                    occurrence = occurrence.replace(built=site, run_time="pants")
                    changed = True
        occurrences.append(occurrence)
    return Scan(occurrences, scan.errors, scan.suppressions) if changed else scan


def _in_tree(root_of: Callable[[str], str | None], path: str | None) -> bool:
    """Whether the file at ``path`` lies below a root that ``root_of`` finds from its directory
    up (``.._roots``: a Bazel workspace's, a Pants build root's)."""
    return path is not None and root_of(os.path.dirname(os.path.abspath(path))) is not None


def _in_local_store(reference: Reference) -> bool:
    """Whether an image is of the engine's own store (see ``._local_store``)."""
    if not reference.registry.startswith("localhost"):
        return False  # (a quick look: the module is imported only for a name that may be)
    from ._local_store import in_local_store

    return in_local_store(reference)


def _with_own_registry(scan: Scan) -> Scan:
    """The scan, each image in the project's own GitLab registry marked as built there (see
    ``._own_registry``): ``$CI_REGISTRY_IMAGE/…``, or the registry's name as the checkout's
    origin gives it (``registry.gitlab.gnome.org/gnome/gjs:fedora.mozjs102-debug``); each
    in Depot's registry, where the project's Depot builds are saved (see ``._depot_registry``);
    each a Cloud Build step runs from its own project's registry (see ``._cloudbuild_registry``);
    and each in the engine's own store, ``localhost/NAME`` (see ``._local_store``)."""
    changed = False
    occurrences = []
    for occurrence in scan.occurrences:
        if occurrence.built is None:
            site = _saved_build_site(occurrence)
            if site is not None:
                occurrence = occurrence.replace(built=site)
                changed = True
        occurrences.append(occurrence)
    return Scan(occurrences, scan.errors, scan.suppressions) if changed else scan


#: What the name of an image in a registry of the project's own builds says (a quick look:
#: GitLab's ``registry.HOST`` or ``HOST:5050``, ``._own_registry.may_be_registry_name``; and
#: Depot's ``registry.depot.dev``). Their modules are imported only for a name that says it.
_SAVED_BUILD_HINTS = ("registry.", ":5050/")


def _saved_build_site(occurrence: Occurrence) -> BuildSite | None:
    """Where the project's own builds are saved, when the occurrence's image is one of them
    (see :func:`_with_own_registry`); else ``None``."""
    reference = occurrence.reference
    name = reference.name if reference is not None else occurrence.text
    hinted = any(hint in name for hint in _SAVED_BUILD_HINTS)
    if hinted:
        from ._depot_registry import SITE_TOOL as DEPOT_TOOL
        from ._depot_registry import depot_repository

        depot = depot_repository(name)
        if depot is not None:
            return BuildSite(DEPOT_TOOL, depot)
    if (reference is not None and _in_local_store(reference)) or (
        occurrence.context.get("pull_policy") == "Never"
    ):
        from ._local_store import SITE_TOOL as LOCAL_STORE_TOOL

        return BuildSite(LOCAL_STORE_TOOL, "localhost")
    if reference is not None:
        if not hinted:
            return None
        from ._own_registry import SITE_TOOL, own_registry_of
        from .context import git_root

        # (the name first: where the checkout is, only for one that may be its own)
        path = occurrence.path
        checkout = git_root(path) if path is not None else None
        repository = own_registry_of(reference.name, checkout)
        return None if repository is None else BuildSite(SITE_TOOL, repository)
    if not occurrence.unresolved:
        return None
    if "CI_REGISTRY_IMAGE" in occurrence.text:
        from ._own_registry import SITE_TOOL, names_registry_variable

        if names_registry_variable(occurrence.text):
            return BuildSite(SITE_TOOL, "$CI_REGISTRY_IMAGE")
    if occurrence.context.get("system") == "cloudbuild":
        from ._cloudbuild_registry import SITE_TOOL as CLOUDBUILD_TOOL
        from ._cloudbuild_registry import project_registry

        registry = project_registry(occurrence.text)
        return None if registry is None else BuildSite(CLOUDBUILD_TOOL, registry)
    return None


def _with_built_where_written(scan: Scan, path: str, options: _Options) -> Scan:
    """The scan, each image a kustomization reads from a file of another directory (its
    ``resources``) also marked as built where that file's own project context builds it: the
    file means the same read through the kustomization as named alone. minio/operator's
    ``examples/kustomization/sts-example/kustomization.yaml`` reads ``sts-app/sts-client.yaml``,
    whose image ``sample-clients/Makefile``, beside ``sts-app/``, builds."""
    directory = os.path.dirname(path)
    elsewhere = {
        o.path
        for o in scan.occurrences
        if o.built is None and o.path is not None and os.path.dirname(o.path) != directory
    }
    if not elsewhere or not options.context:
        return scan
    marked: dict[int, Occurrence] = {}
    for other in sorted(elsewhere):
        indexes = [
            index for index, o in enumerate(scan.occurrences) if o.path == other and o.built is None
        ]
        part = _with_built(
            Scan(tuple(scan.occurrences[i] for i in indexes)), _context(other, options)
        )
        marked.update(zip(indexes, part.occurrences, strict=True))
    if all(marked[index] is scan.occurrences[index] for index in marked):
        return scan
    occurrences = tuple(marked.get(i, o) for i, o in enumerate(scan.occurrences))
    return Scan(occurrences, scan.errors, scan.suppressions)


def _built_as_output(
    occurrence: Occurrence, context: ProjectContext, besides: BuildConfig | None
) -> BuildSite | None:
    """Where the image is built that a ``FROM ${ARG}`` starts from when its build passes
    ``ARG`` the image another build of the same run made: that build's name or id
    (``BuildConfig.outputs``: dazzle's ``base``, ``--build-arg base="${id}"`` of an id a
    build printed), or a name written as one that another build of the same file tags, a
    run's parts in the same places (``BuildConfig.shapes``: kubeflow/pipelines's workflow
    tags ``${{ env.IMAGE_REGISTRY }}/${{ env.IMAGE_ORG }}/kfp-api-generator:${{
    env.IMAGE_TAG }}``, then passes the same text as ``BASE_IMAGE``). A built image, not
    an unresolved TS011."""
    if besides is None or occurrence.kind != "from" or not (besides.outputs or besides.shapes):
        return None
    from .builds._build_outputs import whole_variable

    variable = whole_variable(occurrence.raw)
    if variable is None:
        return None
    site = besides.outputs.get(variable)
    if site is not None:
        return site
    shape = besides.shapes.get(variable)
    return None if shape is None else context.built_site_of_same_shape(shape, besides)


def _built_as_templated(occurrence: Occurrence, context: ProjectContext) -> BuildSite | None:
    """Where the project builds the image an Ansible template names with its known values
    put in and a play's left (``{{ … }}``), each of those any text (as
    :meth:`ProjectContext.built_site_of_text` reads a variable). ansible/awx's Makefile
    builds ``ghcr.io/ansible/awx_devel:$(COMPOSE_TAG)`` and renders the compose template's
    ``{{ awx_image }}:{{ awx_image_tag }}`` with ``awx_image`` that repository (its role's
    default) and ``awx_image_tag`` the same tag (``-e``): the build's, not a TS011."""
    if occurrence.kind != "ansible" or "{{" not in occurrence.text:
        return None
    import re

    return context.built_site_of_text(re.sub(r"\{\{.*?\}\}", "${_}", occurrence.text))


def _built_as_resolved(occurrence: Occurrence, context: ProjectContext) -> BuildSite | None:
    """Where the project builds an image named by a value the files give in part, its tag a
    run's: a GitHub job's ``container`` of a reusable workflow's output
    (``ghcr.io/neondatabase/build-tools:${{ needs.build-build-tools-image.outputs.image }}``)."""
    if occurrence.text == occurrence.raw or occurrence.context.get("system") != "github-workflow":
        return None
    return context.built_site_of_text(occurrence.text)


def _built_as_written(
    occurrence: Occurrence, context: ProjectContext, besides: BuildConfig | None
) -> BuildSite | None:
    """Where the workflow that names an unresolved image builds its repository, written the
    same way (see :meth:`ProjectContext.built_site_as_written`): a ``FROM`` as the build
    that reads its Dockerfile passes it, a job's ``container`` or ``services`` image."""
    if not context.written:
        return None
    passed = occurrence.context.get("passed")
    if besides is not None and isinstance(passed, str):
        return context.built_site_as_written(passed, besides.site.path, besides=besides)
    if occurrence.context.get("system") == "github-workflow":
        return context.built_site_as_written(occurrence.raw, occurrence.path)
    if occurrence.context.get("system") == "gitlab":
        return context.built_site_in_pipeline(occurrence.text)
    return None


def _built_as_shaped(
    occurrence: Occurrence, context: ProjectContext, besides: BuildConfig | None
) -> BuildSite | None:
    """Where the project builds, under a name with a run's value in the same place, a
    ``FROM`` as its build passes it (see :meth:`ProjectContext.built_site_of_shape`)."""
    passed = occurrence.context.get("passed")
    if besides is None or occurrence.path is None or not isinstance(passed, str):
        return None
    return context.built_site_of_shape(passed, dockerfile=occurrence.path, besides=besides)


def _built_as_started(
    occurrence: Occurrence, context: ProjectContext, besides: BuildConfig | None
) -> BuildSite | None:
    """Where the project builds the repository of a ``FROM ${ARG}`` whose build passes a
    value that starts with that whole repository, known here, and ends with a tag or digest
    only a run knows (``BuildConfig.leading``). outline's workflow builds
    ``outlinewiki/outline-base``, then its ``Dockerfile`` with ``BASE_IMAGE=${{
    env.BASE_IMAGE_NAME }}@${{ steps.base_build.outputs.digest }}``: the image the step
    before built, not an unresolved TS011."""
    import re

    from ..reference import parse_reference

    if besides is None or not besides.leading or occurrence.kind != "from":
        return None
    whole = re.fullmatch(r"\$\{(\w+)\}|\$(\w+)", occurrence.raw)
    if whole is None:
        return None
    start = besides.leading.get(whole.group(1) or whole.group(2), "")
    at = start.find("@")
    colon = start.rfind(":", 0, len(start) if at < 0 else at)
    end = at if at >= 0 else colon if colon > start.rfind("/") else -1
    if end <= 0 or not occurrence.text.startswith(start):
        return None  # (no tag or digest begun: the repository may go on)
    try:
        name = parse_reference(start[:end]).name
    except TagsenseError:
        return None
    return context.built_site(name, besides=besides, dockerfile=occurrence.path)


#: A reference's last variable, when it is its whole tag: ``${TAG}``, ``$TAG``, ``${{ x.y }}``.
_LAST_VARIABLE_SEARCH = lazy_method(
    r":(?:\$\{(\w+)\}|\$(\w+)|\$\{\{\s*([\w.-]+)\s*\}\})$", "search"
)


def _built_but_tag(
    occurrence: Occurrence, context: ProjectContext, besides: BuildConfig | None
) -> BuildSite | None:
    """Where the project builds the repository of a reference whose only unset variable is
    its whole tag (``${IMAGE}:${TAG}``, ``IMAGE`` given, ``TAG`` a run's): the tag never
    matters to what is built. openziti's ``build-images.bash`` builds ``ziti-cli:${ZITI_VERSION}``,
    then ``ziti-controller/Dockerfile`` with ``ZITI_CLI_IMAGE=ziti-cli`` and
    ``ZITI_CLI_TAG="${ZITI_VERSION}"``: its ``FROM ${ZITI_CLI_IMAGE}:${ZITI_CLI_TAG}`` is
    the image the script built a line before, not an unresolved TS011. The tag's known start
    changes nothing: docker-selenium's Makefile passes ``VERSION=$(VERSION)-$(BUILD_DATE)``
    (``4.25.0-`` and a run's date) to ``FROM ${NAMESPACE}/${BASE}:${VERSION}``. A workflow's
    expression is such a tag too: ros-navigation/navigation2's CI job runs in
    ``ghcr.io/${{ github.repository }}:${{ github.ref_name }}``, which its next job builds.
    So is a build argument the build passes with what a run's expressions give (its
    unresolved names theirs): neondatabase/neon's CI builds its ``Dockerfile`` with
    ``TAG=${{ needs.build-build-tools-image.outputs.image-tag }}-bookworm``, and its ``FROM
    $REPOSITORY/$IMAGE:$TAG`` is the ``ghcr.io/neondatabase/build-tools`` a job before built."""
    from ..reference import parse_reference

    last = _LAST_VARIABLE_SEARCH(occurrence.raw)
    name = (last.group(1) or last.group(2) or last.group(3)) if last is not None else None
    if name is None or (
        occurrence.unresolved != (name,)
        and (besides is None or besides.unresolved.get(name) != occurrence.unresolved)
    ):
        return None
    text = occurrence.text
    colon = text.rfind(":")
    if colon <= text.rfind("/") or "@" in text:
        return None  # (no tag begun: the unset value may be more of the name)
    try:
        name = parse_reference(text[:colon]).name
    except TagsenseError:
        return None
    dockerfile = occurrence.path if occurrence.kind in _IN_DOCKERFILES else None
    return context.built_site(name, besides=besides, dockerfile=dockerfile)


def _built_as_run(occurrence: Occurrence, context: ProjectContext) -> BuildSite | None:
    """Where the project builds the repository a compose file's ``image: ${VAR}`` names as
    the command that runs it gives ``VAR``: a value that starts with that whole repository,
    known here, and ends with a tag or digest only a run knows (``ComposeRun.leading``).
    zulip/docker-zulip's test job sets ``GITHUB_CI_IMAGE: zulip/zulip-server:pr-${{
    github.event.pull_request.number }}``, the tag its build job gives, and runs ``docker
    compose up`` on ``ci/base.yaml``'s ``image: "${GITHUB_CI_IMAGE:?error}"``: the image the
    job before built, not an unresolved TS011."""
    import re
    from collections import abc

    command = occurrence.context.get("command")
    if occurrence.kind != "compose" or not isinstance(command, abc.Mapping):
        return None
    whole = re.fullmatch(r"\$\{(\w+)(?::?[-?+][^}]*)?\}|\$(\w+)", occurrence.raw)
    if whole is None or occurrence.path is None:
        return None
    variable = whole.group(1) or whole.group(2)
    for run in context.runs_of(occurrence.path):
        site = run.site
        if (site.tool, site.path, site.line) != tuple(
            command.get(key) for key in ("tool", "path", "line")
        ):
            continue
        name = _led_repository(run.leading.get(variable, ""))
        if name is not None:
            return context.built_site(name)
    return None


def _led_repository(start: str) -> str | None:
    """The repository a value's known start names whole: it goes on with a tag or digest
    begun (``acme/app:pr-``), else ``None``."""
    from ..reference import parse_reference

    at = start.find("@")
    colon = start.rfind(":", 0, len(start) if at < 0 else at)
    end = at if at >= 0 else colon if colon > start.rfind("/") else -1
    if end <= 0:
        return None  # (no tag or digest begun: the repository may go on)
    try:
        return parse_reference(start[:end]).name
    except TagsenseError:
        return None


def _releases(chart: str, options: _Options) -> list[ChartRelease]:
    """The releases that deploy a chart with values of their own (Skaffold's helm releases,
    a helmfile's, the Argo CD Applications of its repository): the chart is read as each
    renders it, and alone only when none does."""
    context = _context(os.path.join(chart, "Chart.yaml"), options)
    releases = context.releases_of(chart) if context is not None else []
    if options.context:
        from ._argocd_charts import argocd_releases

        releases += argocd_releases(chart)
    return releases


#: A ``Chart.yaml``'s ``type: library``.
_LIBRARY_CHART = lazy_pattern(r"(?m)^type:[ \t]*[\"']?library\b")


def _only_a_part(chart: str, options: _Options) -> SourceError | list[Parent] | None:
    """Whether the chart directory ``chart`` is only a part of other charts, which nothing
    of the project installs on its own (see ``._charts_alone``): a sibling that charts
    beside it name as a ``file://`` dependency (camunda/camunda-platform-helm's copies of
    Bitnami's charts, whose images its ``camunda-platform-8.x`` charts set), or a copy kept
    inside another chart, neither vendored under its ``charts/`` nor named by it, which
    Helm never loads. A note when it is not read (the charts that name it deploy it, and
    read it with their values; a copy); the charts that name it when each leaves it off
    (it is rendered with the values each gives it once switched on); ``None``: the chart
    is read alone."""
    if not os.path.isdir(chart) or options.values_files or options.set_values:
        return None  # (the user's values are for this chart: it is rendered with them)
    from .helm import is_subchart
    from .helm._parent import enclosing_chart, enclosing_parent, sibling_parents

    if is_subchart(chart) or enclosing_parent(chart, max_bytes=options.max_bytes) is not None:
        return None  # (scan_helm_chart's own cases)
    metadata = read_text(os.path.join(chart, "Chart.yaml"), options.max_bytes)
    if isinstance(metadata, str) and _LIBRARY_CHART.search(metadata):
        return None  # (a library chart renders nothing alone: Helm does not install one)
    parents = sibling_parents(chart, max_bytes=options.max_bytes)
    if parents:
        why = "a `file://` dependency of the charts beside it, read through them"
    elif enclosing_chart(chart) is not None:
        why = "a copy kept inside another chart, which Helm never loads as a part of it"
    else:
        return None
    from ._charts_alone import installed_alone

    if installed_alone(chart, by_name=bool(parents)):
        return None
    if parents and not any(parent.deploys for parent in parents):
        return parents
    note = f"{why}: nothing of the project installs, lints or releases this chart on its own"
    return SourceError(os.path.join(chart, "Chart.yaml"), None, note, note=True)


def _without_placeholders(scan: Scan) -> Scan:
    """A rendered chart's scan without the images its values leave to a placeholder."""
    if all(occurrence.reference is not None for occurrence in scan.occurrences):
        return scan
    from .templates import without_placeholders

    return without_placeholders(scan)


#: How many of a chart's chart-testing values files are rendered: ct installs each one.
MAX_CHART_TESTS = 64


def _chart_tests(chart: str) -> list[str]:
    """chart-testing's values files of a chart: ``ci/*-values.yaml`` in its root, each of
    which ``ct install`` installs the chart with (its documentation: "The chart is
    installed and tested for each of these files"); none when the project's ct
    configurations test other charts (see ``._chart_testing``), or when it has none and
    nothing of it runs ``ct install`` (:func:`.context.runs_chart_testing`), or when it runs
    ct only to lint (:func:`.context.only_lints_with_chart_testing`)."""
    directory = os.path.join(chart, "ci")
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return []
    tests = [
        os.path.join(directory, name)
        for name in names
        if name.endswith("-values.yaml") and os.path.isfile(os.path.join(directory, name))
    ]
    if tests:
        from .context import chart_testing, only_lints_with_chart_testing, runs_chart_testing

        testing = chart_testing(chart)
        if testing is not None and not testing.tests(os.path.realpath(chart)):
            return []
        if testing is None and not runs_chart_testing(chart):
            return []  # (nothing of the project runs ct: the files are another tool's)
        if testing is not None and only_lints_with_chart_testing(chart):
            return []  # (the project runs ct, and only to lint: its configuration installs nothing)
    return tests


def _as_installs(tests: list[str]) -> list[ChartRelease]:
    """chart-testing's installs of a chart, one for each of its ``ci/*-values.yaml``."""
    from .project import ChartRelease

    return [
        ChartRelease(
            site=BuildSite("ct", test, None),
            name=os.path.basename(test),
            chart=os.path.dirname(os.path.dirname(test)),
            values_files=(test,),
            command="ct",
        )
        for test in tests
    ]


def _with_installs(
    chart: str,
    scan: Scan,
    tests: list[ChartRelease],
    installs: list[ChartRelease],
    options: _Options,
) -> Scan:
    """A chart's images as a user installs it, and those that the project's own installs
    render otherwise: chart-testing's of each ``ci/*-values.yaml`` (``tests``), and the
    ``helm install --values F`` and ``ct install --helm-extra-set-args "--values F"`` of its
    scripts and CI (``installs``, see ``.builds._helm_cmd``). nextcloud/helm's CI turns on
    the nginx, imaginary and fpm images its defaults leave off (survey 12). What only an
    install's values break or leave unresolved is the install's, not the chart's: not
    reported. At most ``MAX_RELEASES`` of the commands' installs are rendered (a matrix of
    values files), and ``MAX_CHART_TESTS`` of ct's files: ct installs every one the chart
    holds, and charts hold many (Kong/charts' kong chart has 24, the `bash:latest` init
    container of its test1-values.yaml among the last: survey 39a)."""
    from .builds._helm_cmd import MAX_RELEASES
    from .helm import scan_helm_chart

    rendering = [*tests[:MAX_CHART_TESTS], *installs[:MAX_RELEASES]]
    seen = {(o.path, o.line, o.column, o.text) for o in scan.occurrences}
    added: list[Occurrence] = []
    settled: set[tuple[str | None, int, int]] = set()  # (where an install's is valid)
    written: set[tuple[str | None, int, int]] = set()  # (where an install writes any)
    for install in rendering:
        rendered = scan_helm_chart(
            chart,
            max_bytes=options.max_bytes,
            values_files=(*install.values_files, *options.values_files),
            set_values=(*install.set_values, *options.set_values),
        )
        site = install.site
        where = {"tool": install.command, "path": site.path, "line": site.line,
                 "name": install.name}  # fmt: skip
        for occurrence in rendered.occurrences:
            written.add((occurrence.path, occurrence.line, occurrence.column))
            if occurrence.reference is None:
                continue  # (what an install's values leave unresolved is the install's to fix)
            key = (occurrence.path, occurrence.line, occurrence.column, occurrence.text)
            settled.add(key[:3])
            if key not in seen:
                seen.add(key)
                added.append(occurrence.replace(context={**occurrence.context, "release": where}))
    # A value the chart leaves to its installs, which the project's own give, is theirs:
    # openreplay's subcharts take their registry from `global` in the vars.yaml its install
    # passes; alone, the chart writes `/alerts:v1.27.2`, an image no install of the project
    # pulls (nor `/connector:v1.27.0`, a part every install turns off).
    # (each install read: what none writes, none pulls)
    every = len(rendering) == len(tests) + len(installs)
    kept = [
        o
        for o in scan.occurrences
        if o.reference is not None
        or ((o.path, o.line, o.column) not in settled
            and (not every or (o.path, o.line, o.column) in written))
    ]  # fmt: skip
    if not added and len(kept) == len(scan.occurrences):
        return scan
    return Scan((*kept, *added), scan.errors, scan.suppressions)


def _settled_by_a_release(scan: Scan) -> Scan:
    """The images of a chart's several releases, less one that a release leaves unresolved
    where another renders a valid image: that release's values break its own rendering
    (Helm refuses it: nothing of it is pulled), not the image. FAForever/gitops-stack's
    `app-set-local.yaml` renders `apps/faf-icebreaker` without the `image.tag` that its
    `values-prod.yaml` and `values-test.yaml` give (a nil pointer there, not a TS011)."""
    settled = {_rendered_at(o) for o in scan.occurrences if o.reference is not None}
    kept = [
        o for o in scan.occurrences if o.reference is not None or _rendered_at(o) not in settled
    ]
    if len(kept) == len(scan.occurrences):
        return scan
    return Scan(kept, scan.errors, scan.suppressions)


def _rendered_at(occurrence: Occurrence) -> tuple[object, ...]:
    """Where a chart's template writes an image (a release's values may point it elsewhere)."""
    context = occurrence.context
    template = context.get("template")
    if template is None:
        return (occurrence.path, occurrence.line, occurrence.column)
    return (context.get("chart"), context.get("subchart"), template)


def _release_scan(chart: str, release: ChartRelease, options: _Options) -> Scan:
    """A chart as one release renders it (the user's values and --set after the release's)."""
    from .helm import scan_helm_chart

    scan = scan_helm_chart(
        chart,
        max_bytes=options.max_bytes,
        values_files=(*release.values_files, *options.values_files),
        set_values=(*release.set_values, *options.set_values),
    )
    site = release.site
    where = {"tool": site.tool, "path": site.path, "line": site.line, "name": release.name}
    built = _built_values(release, _context(os.path.join(chart, "Chart.yaml"), options))
    occurrences = []
    for occurrence in scan.occurrences:
        occurrence = occurrence.replace(context={**occurrence.context, "release": where})
        keys = occurrence.context.get("set")
        if occurrence.built is None and isinstance(keys, list):
            made = next((built[key] for key in keys if key in built), None)
            if made is not None:
                occurrence = occurrence.replace(built=made)
        occurrences.append(occurrence)
    return Scan(occurrences, scan.errors, scan.suppressions)


def _built_values(release: ChartRelease, context: ProjectContext | None) -> dict[str, BuildSite]:
    """The keys a release sets to an image the project builds, with where it builds it: an
    image the chart makes of such a value is the build's, whatever the chart puts before or
    after it. fission/fission's Skaffold release sets ``image`` to the ``fission-bundle`` it
    builds (``{{.IMAGE_FULLY_QUALIFIED_fission_bundle}}``), which the chart puts after its
    ``repository`` value (``ghcr.io/…``)."""
    from ..reference import parse_reference

    if context is None:
        return {}
    found: dict[str, BuildSite] = {}
    for pair in release.set_values:
        key, _, value = pair.partition("=")
        found.pop(key, None)  # (a later --set of the key replaces the earlier)
        try:
            name = parse_reference(value).name if value else None
        except TagsenseError:
            continue
        site = context.built_site(name) if name else None
        if site is not None:
            found[key] = site
    return found


def _built_by(scan: Scan, build: BuildConfig, context: ProjectContext | None) -> Scan:
    """A Dockerfile's scan as one build reads it: each occurrence says which build."""
    site = build.site
    where = {"tool": site.tool, "path": site.path, "line": site.line, "name": build.name}
    occurrences = [
        occurrence.replace(context={**occurrence.context, "build": where})
        for occurrence in scan.occurrences
    ]
    return _with_built(Scan(occurrences, scan.errors, scan.suppressions), context, build)


def _named_contexts(build: BuildConfig, context: ProjectContext | None) -> dict[str, NamedContext]:
    """What each named context of a build gives: an image, an image built here, or files."""
    from .dockerfile import NamedContext

    named = {}
    for name, value in build.contexts.items():
        scheme, _, rest = value.partition(":")
        if value.startswith("docker-image://"):
            named[name] = NamedContext(value[len("docker-image://") :])
        elif scheme in ("service", "target") and rest:
            other = _build_named(rest, build, context)
            image = other.tags[0] if other is not None and other.tags else rest
            site = other.site if other is not None else build.site
            named[name] = NamedContext(image, built=site)
        else:
            named[name] = NamedContext(None)  # a directory, a Git or HTTP URL: files
    return named


def _build_named(
    name: str, build: BuildConfig, context: ProjectContext | None
) -> BuildConfig | None:
    """The build of another service (compose) or target (bake) of the same file."""
    if context is None:
        return None
    for other in context.builds:
        if (
            other.name == name
            and other.site.tool == build.site.tool
            and (other.site.path == build.site.path)
        ):
            return other
    return None


def _with_inline(scan: Scan, builds: Iterable[BuildConfig], path: str, options: _Options) -> Scan:
    """A build tool's file's scan, with the Dockerfiles written in it (Tilt, bake)."""
    inline = [b for b in builds if b.dockerfile_inline is not None and b.dockerfile is None]
    if not inline:
        return scan
    context = _context(path, options)
    return finish([scan, *(_inline(build, context, options) for build in inline)])


def _with_documents(
    scan: Scan, path: str, options: _Options, tools: Collection[str] = ("shell", "make")
) -> Scan:
    """A script's, Makefile's or CI file's (``tools``: the build sites' tools) scan, with the
    Dockerfiles its build commands give as here-documents (``docker build -f - . <<EOF``, a
    file ``cat > FILE <<EOF`` writes), as the project's context reads them."""
    context = _context(path, options)
    if context is None:
        return scan
    real = os.path.realpath(path)
    inline = [
        build
        for build in context.builds
        if build.dockerfile_inline is not None
        and build.site.tool in tools
        and build.site.path is not None
        and os.path.realpath(build.site.path) == real
    ]
    if not inline:
        return scan
    documents = [_inline(build, context, options) for build in inline]
    # (a Dockerfile a here-document writes is read as each build of it reads it, not also as
    # the file the script writes: .builds._shell_documents' `_dockerfile_document`)
    lines = {(o.path, o.line) for document in documents for o in document.occurrences}
    kept = [
        o
        for o in scan.occurrences
        if o.context.get("engine") != "dockerfile" or (o.path, o.line) not in lines
    ]
    if len(kept) != len(scan.occurrences):
        scan = Scan(tuple(kept), scan.errors, scan.suppressions)
    return finish([scan, *documents])


def _inline(
    build: BuildConfig,
    context: ProjectContext | None,
    options: _Options,
    *,
    written_in_build: bool = True,
) -> Scan:
    """A Dockerfile written in the build configuration (compose's ``dockerfile_inline``,
    Tilt's ``dockerfile_contents``, bake's ``dockerfile-inline``), read as the build reads it,
    its occurrences with the build's name as ``inline``; or (not ``written_in_build``) a
    Dockerfile as its tool rewrites it before the build (Maven's filtering)."""
    if build.dockerfile_inline is None:
        return Scan()
    from .dockerfile import scan_dockerfile

    scan = scan_dockerfile(
        build.dockerfile_inline,
        path=build.site.path,
        build_args=build.args,
        target=build.target,
        contexts=_named_contexts(build, context),
        unresolved_args=dict(build.unresolved),  # (a Maven build's `<args>` of a `-D`'s value)
    )
    where = _InlinePlaces(build)
    occurrences = []
    for o in scan.occurrences:
        path, line, column = where.place(o.line, o.column)
        context_ = {**o.context, "inline": build.name} if written_in_build else o.context
        occurrences.append(o.replace(path=path, line=line, column=column, context=context_))
    errors = []
    for e in scan.errors:
        path, line, _ = where.place(e.line or 1, 1)
        line_or_none = None if e.line is None else line
        errors.append(SourceError(path, line_or_none, e.message, internal=e.internal, note=e.note))
    return _built_by(Scan(occurrences, errors), build, context)


class _InlinePlaces:
    """Where a line and column of an inline Dockerfile are written in its build file."""

    def __init__(self, build: BuildConfig) -> None:
        self.build = build
        text = build.dockerfile_inline or ""
        self.starts = [0, *(index + 1 for index, char in enumerate(text) if char == "\n")]

    def place(self, line: int, column: int) -> tuple[str | None, int, int]:
        site = self.build.site
        if not self.build.inline_places:
            # Compose's: the text follows the key (a block scalar starts on the next line).
            return site.path, line + (site.line or 1), column
        from .builds._placed import place_at

        start = self.starts[min(max(line, 1), len(self.starts)) - 1]
        for index in (start + column - 1, start):
            found = place_at(self.build.inline_places, index)
            if found is not None:
                return found
        return site.path, site.line or 1, 1


def _with_runs_written_here(
    scan: Scan, path: str, kind: str, options: _Options, text: str | None = None
) -> Scan:
    """A Makefile's, script's or CI file's scan (``text``: the file's, when it is at hand),
    with the pulls of the scripts it runs whose images its own commands write (``bash
    retry.sh docker pull IMAGE``: a wrapper passes them on, see ``.builds._runs``): the
    project's reading of the file places them here, where a user changes them (and where its
    suppression comments cover them); the wrapper's scan no longer has them."""
    from .builds._runs import may_run

    if text is None:
        read = read_text(path, options.max_bytes)
        text = read if isinstance(read, str) else None
    if text is None or not may_run(text.encode()):
        return scan
    context = _context(path, options)
    if context is None:
        return scan
    from .context import read_build_file

    # (what the project's reading says it runs first: most run no script of the project,
    # and their full reading, with their own scan, is not needed; nor is it when a kept
    # summary of it says it places no wrapper's pulls here)
    summary = read_build_file(path, kind, env=options.env, max_bytes=options.max_bytes)
    real = os.path.realpath(path)
    if not summary.reads or (summary.wrapped is not None and real not in summary.wrapped):
        return scan
    found = read_build_file(path, kind, env=options.env, max_bytes=options.max_bytes,
                            complete=True)  # fmt: skip
    if found.scan is None:
        return scan
    placed = [
        o.replace(path=path)
        for o in found.scan.occurrences
        if "wrapper" in o.context and o.path is not None and os.path.realpath(o.path) == real
    ]
    if not placed:
        return scan
    # (with the comments of this file that the reading found: its own scan may have none)
    comments = [
        s.moved(path)
        for s in found.scan.suppressions
        if s.path is not None and os.path.realpath(s.path) == real
    ]
    return finish([scan, Scan(placed, (), comments)])


def _own(scan: Scan, path: str | None, *, sourced: bool = False) -> Scan:
    """What a scan finds in the file ``path`` itself (not in the files it reads, which are
    read on their own). ``sourced``: ``path`` is a script, and what it finds in a file it
    sources that no scan reads on its own (no ``.sh``, not executable: openhab-docker's
    ``helper-functions``, whose ``docker run tonistiigi/binfmt`` its ``build`` runs) is its."""
    if all(occurrence.path == path for occurrence in scan.occurrences):
        return scan
    mine = {path}
    if sourced:
        mine.update(
            where
            for where in {o.path for o in scan.occurrences}
            if where is not None and not _read_alone(where)
        )
    return Scan(
        [o for o in scan.occurrences if o.path in mine],
        [e for e in scan.errors if e.path in mine],
        [s for s in scan.suppressions if s.path in mine],
    )


def _sourced_unread(scan: Scan, script: str, runs: Iterable[str]) -> list[Occurrence]:
    """The pulls a reader of ``script`` places in the files the scripts it runs source, when
    no scan reads them alone (see :func:`_own`); none unless ``script`` is a shell script.
    ``runs``: the files the reader reads (:attr:`.project.BuildFile.reads`)."""

    from .project import ScanPlaces

    # (not what a wrapper the reader runs passes on: the reader's, see _with_runs_written_here)
    unread = _unread_sources(ScanPlaces.of(scan).scripts, script, runs)
    return [
        o
        for o in scan.occurrences
        if o.kind == "shell" and o.path in unread and "wrapper" not in o.context
    ]


def _unread_sources(others: Iterable[str], script: str, runs: Iterable[str]) -> set[str]:
    """Of the shell files ``others`` where a reader of ``script`` places pulls, those that no
    scan reads alone, and whose pulls are ``script``'s (see :func:`_sourced_unread`): those
    it sources. ``runs``: the files the reader reads, of which the scripts that source one
    are the ones it is given to (a Makefile's ``setup.sh`` that sources ``scripts/helpers``,
    not its ``test-e2e.sh`` that does not: a check of that one alone would show the other's
    pull); every script when none sources it read alone (a path only the reader gives:
    ``source "$LIB/helpers"``), so that a directory scan still finds it."""
    from .discover import is_makefile_path

    if not others or not _read_alone(script):
        return set()
    real = os.path.realpath(script)
    unread = {
        where
        for where in others
        if os.path.realpath(where) != real
        and not is_makefile_path(where)
        and not _read_alone(where)
    }
    if not unread:
        return unread
    from .context import sourced_files

    scripts = [run for run in runs if os.path.realpath(run) != real and _read_alone(run)]
    mine = sourced_files(script)
    theirs: frozenset[str] | None = None  # (what the other scripts source: only when needed)
    kept = set()
    for where in unread:
        file = os.path.realpath(where)
        if file not in mine:
            if theirs is None:
                theirs = frozenset().union(*(sourced_files(run) for run in scripts))
            if file in theirs:
                continue
        kept.add(where)
    return kept


def _read_alone(script: str) -> bool:
    """Whether a directory scan reads a shell script on its own (see ``.discover``)."""
    from .discover import is_shell_program, is_shell_script_path

    if is_shell_script_path(script):
        return True
    return "." not in os.path.basename(script) and is_shell_program(script)


def _read_through(real: str, path: str, context: ProjectContext, options: _Options) -> Scan:
    """A file another one reads through itself (a compose ``include``), as that one reads it."""
    scans = []

    def here(where: str | None) -> bool:
        return where is not None and os.path.realpath(where) == real

    from .context import read_build_file

    for reader in context.readers_of(path):
        if _places_nothing_here(reader, real, path, context):
            continue
        if not reader.complete and reader.path is not None and reader.kind is not None:
            reader = read_build_file(
                reader.path,
                reader.kind,
                env=options.env,
                max_bytes=options.max_bytes,
                complete=True,
            )
        scan = reader.scan
        if reader.kind == "compose" and reader.path is not None and context.runs_of(reader.path):
            from .compose import MAX_BYTES

            # (the includer as the project's compose commands read it: through those that
            # give this file a variable it leaves unresolved, and what others change)
            limit = options.max_bytes or MAX_BYTES
            text = read_text(reader.path, limit, yaml=True)
            own = read_text(path, limit, yaml=True)  # (whose variables the commands change)
            if isinstance(text, str) and isinstance(own, str):
                mine = Scan([o for o in scan.occurrences if here(o.path)])
                scan = finish(
                    _through_runs(text, reader.path, reader, mine, context, options, names=own)
                )
        scans.append(
            Scan(
                [o.replace(path=path) for o in scan.occurrences if here(o.path)]
                + _sourced_unread(scan, path, reader.reads),
                [e.moved(path) for e in scan.errors if here(e.path)],
                [s.moved(path) for s in scan.suppressions if here(s.path)],
            )
        )
    # (a script a CI step runs: its here-document Dockerfiles, as the project builds them)
    scans.append(_with_documents(Scan(), path, options))
    return finish(scans)


def _places_nothing_here(reader: BuildFile, real: str, path: str, context: ProjectContext) -> bool:
    """Whether a kept summary of ``reader`` says its full reading places nothing in the file
    ``path`` (at ``real``) that :func:`_read_through` takes: that reading, which may run
    every script the reader runs, is then not needed (a CI file or Makefile checked again)."""
    places = reader.places
    if reader.complete or places is None or real in places.files:
        return False
    if reader.kind == "compose" and reader.path is not None and context.runs_of(reader.path):
        return False  # (read again through the project's compose commands)
    return not _unread_sources(places.scripts, path, reader.reads)


def _ansible_or_molecule(text: str, path: str | None) -> Scan | None:
    """A YAML file that is no manifest but a deployment platform's configuration (Kamal,
    Render, Copilot, an App Platform spec), a Project Piper step's metadata, a Molecule
    scenario, a Test Kitchen file, an Ansible execution environment or an Ansible playbook or
    task file with container tasks, read as one; ``None`` for any other."""
    if "spec" in text and "metadata" in text:
        from .ci._piper_steps import may_be_step_metadata, scan_step_metadata

        # (a Piper library step's containers; its description may show a manifest)
        step = scan_step_metadata(text, path) if may_be_step_metadata(text) else None
        if step is not None:
            return step
    if "apiVersion" in text:
        from ._ansible_shape import is_playbook, is_task_list

        # (a list of plays or tasks whose `k8s` task creates a manifest written in it is
        # Ansible's; a manifest is a mapping)
        if not (is_playbook(text) or is_task_list(text)):
            return None
    from .platforms import scan_platform_yaml

    platform = scan_platform_yaml(text, path)
    if platform is not None:
        return platform
    from .ansible import may_be_ansible, scan_ansible
    from .beaker import may_be_hosts_file, scan_beaker
    from .execution_environment import is_execution_environment, scan_execution_environment
    from .kitchen import is_kitchen_file, scan_kitchen
    from .molecule import is_molecule_scenario, scan_molecule

    if path is not None and is_molecule_scenario(path):
        return scan_molecule(text, path)
    if path is not None and is_kitchen_file(path):
        return scan_kitchen(text, path)
    if path is not None and is_execution_environment(path):
        return scan_execution_environment(text, path)
    if may_be_hosts_file(text):
        hosts = scan_beaker(text, path)
        if hosts is not None:
            return hosts
    if may_be_ansible(text):
        return scan_ansible(text, path)
    return None


def _kubernetes(text: str, path: str | None, options: _Options) -> Scan:
    tasks = _ansible_or_molecule(text, path)
    if tasks is not None:
        return tasks
    # Any YAML file may be a manifest: one that does not say so (no apiVersion
    # and kind) is no source at all, and its problems are none of ours.
    if "apiVersion" not in text or "kind" not in text:
        patched = _rendered_patch(text, path, options)
        return patched if patched is not None else _not_a_manifest(text, path, options)
    if path is not None and options.context:
        from .assertions import is_assertion

        if is_assertion(path):  # a chainsaw or KUTTL test's expected state: no pulls
            return Scan((), ())
    from ._yaml import load_yaml
    from .kubernetes import is_kubernetes, scan_loaded

    filtered = _maven_filtered_manifest(text, path)
    written = text
    if filtered is not None:
        text = filtered.text  # (the copy Maven's resource filtering writes: what is applied)
    file = load_yaml(text, path=path)
    if not is_kubernetes(file):
        return _not_a_manifest(text, path, options)
    scan = scan_loaded(file)
    if filtered is not None:
        from .compose import _written_as_maven_does

        occurrences = _written_as_maven_does(list(scan.occurrences), path, written, filtered)
        scan = Scan(tuple(occurrences), scan.errors, scan.suppressions)
    if scan.occurrences and path is not None and options.context and "# Source: " in text:
        return _unless_snapshot(scan, text, path, options)
    if path is not None and any(o.unresolved for o in scan.occurrences):
        context = _context(path, options)
        renders = context.renders_of(path) if context is not None else []
        if renders:
            from ._envsubst_runs import through_renders

            def read(rendered: str) -> Scan:
                return scan_loaded(load_yaml(rendered, path=path))

            # (a project script renders it with envsubst: the values it gives)
            scan = _with_built(through_renders(scan, text, renders, read), context)
    return scan


#: A property reference between delimiters, as Maven's resource filtering puts properties in:
#: ``${a.b}``, ``@a.b@``, a plugin's own ``$[a.b]`` (a dotted name, as Maven's are).
_MAVEN_REFERENCE = lazy_pattern(r"(?:\$[{\[(]|@)[A-Za-z0-9_-]+\.[A-Za-z0-9_.-]+[}\])@]")


def _maven_filtered_manifest(text: str, path: str | None) -> Filtered | None:
    """A manifest of a resource directory that Maven filters (with the plugin's delimiters),
    as the copy it writes has it (see ``.builds._maven_resources``): kroxylicious's operator
    ``packaging/install/03.Deployment.*.yaml`` writes ``image:
    $[io.kroxylicious.operator.image.name]``, which its pom's ``copy-resources`` execution
    fills in (``<delimiter>$[*]</delimiter>``). ``None`` for any other."""
    if path is None or _MAVEN_REFERENCE.search(text) is None:
        return None
    from .builds._maven_resources import maven_filtered

    return maven_filtered(path, text)


def _unless_snapshot(scan: Scan, text: str, path: str, options: _Options) -> Scan:
    """The scan, or one note for a committed ``helm template`` render of the chart that holds
    it, which nothing in the project applies (see ``.snapshots``): one a chart, however many."""
    from .snapshots import applied, snapshot_chart

    chart = snapshot_chart(path, text)
    if chart is None:
        return scan
    # (a render kept among tests, outside its chart, is applied only by a path that may be it)
    inside = os.path.abspath(path).startswith(chart + os.sep)
    if applied(path, named_only=not inside):
        return scan
    directory = os.path.dirname(path)
    up = os.path.relpath(chart, os.path.abspath(directory or "."))
    where = os.path.normpath(os.path.join(directory, up))
    note = (
        "committed `helm template` renders of this chart, not read: its images are read by "
        "rendering the chart, and no `kubectl apply -f` of the project applies the renders"
    )
    return Scan((), (SourceError(where, None, note, note=True),))


def _rendered_patch(text: str, path: str | None, options: _Options) -> Scan | None:
    """A workload's patch a project script renders with envsubst (mojaloop's ``kubectl patch
    deployment … -p "$(envsubst <$DIR/ledger-service.yaml)"``), read with the values the
    script gives (see ``.kubernetes.scan_patch``); ``None`` when the file is no such patch."""
    if "spec" not in text or "image" not in text:
        return None
    context = _context(path, options)
    renders = context.renders_of(path) if context is not None and path is not None else []
    if not renders:
        return None
    from ._envsubst_runs import through_renders
    from ._yaml import load_yaml
    from .kubernetes import scan_patch

    def read(rendered: str) -> Scan:
        return scan_patch(load_yaml(rendered, path=path))

    scan = read(text)
    if not scan.occurrences:
        return None
    return _with_built(through_renders(scan, text, renders, read), context)


def _rendered_build(scan: Scan, path: str, options: _Options) -> Scan:
    """A kustomization's scan read through the ``envsubst`` commands of the project that
    render its build (``kustomize build DIR | envsubst``: see
    ``._envsubst_runs.through_built_renders``)."""
    context = _context(path, options)
    renders = context.renders_of(os.path.dirname(path) or ".") if context is not None else []
    if not renders:
        return scan
    from ._envsubst_runs import through_built_renders

    return through_built_renders(scan, renders)


def _not_a_manifest(text: str, path: str | None, options: _Options) -> Scan:
    """YAML that says no ``apiVersion`` and ``kind``: a CloudFormation template, a Codefresh
    pipeline of another name than ``codefresh.yml`` by its shape, a Concourse pipeline or task
    by its shape, an AWS CodeBuild build specification (``buildspec*.yml``) by its shape, a
    compose file by its shape, or no source."""
    if "AWS::" in text:
        from ._yaml import load_yaml
        from .cloudformation import is_cloudformation, scan_cloudformation

        file = load_yaml(text, path=path)
        if is_cloudformation(file):
            return scan_cloudformation(file)
    if "steps" in text and "version" in text:
        from .ci._codefresh import is_codefresh_text

        if is_codefresh_text(text):
            return _ci(text, path, options)  # (scan_ci tells it by its shape)
    if _is_concourse(text):
        return _ci(text, path, options)  # (a Concourse pipeline or task, by its shape)
    if path is not None and os.path.basename(path).startswith("buildspec"):
        from ._codebuild_shape import is_codebuild_name, is_codebuild_text

        if is_codebuild_name(path) and is_codebuild_text(text):
            return _ci(text, path, options)  # (an AWS CodeBuild build specification)
    from .builds.home_assistant_image import may_be_app_config

    if may_be_app_config(text, path):
        from .builds.home_assistant_image import scan_app_config

        app = scan_app_config(text, path)  # (the image a Home Assistant app's Supervisor pulls)
        if app is not None:
            return app
    return _compose_by_shape(text, path, options)


def _is_concourse(text: str) -> bool:
    """A Concourse pipeline or task file (any name: ``ci/tasks/unit/task.yml`` beside an
    Ansible role's ``tasks/`` is one), by its shape (see ``.ci._concourse``)."""
    if not (("jobs" in text and "plan" in text) or ("platform" in text and "run" in text)):
        return False
    from .ci._concourse import is_concourse_text

    return is_concourse_text(text)


def _compose_by_shape(text: str, path: str | None, options: _Options) -> Scan:
    """YAML of another name that is a compose file by its shape (``docker compose -f``), or
    because a build file of the project names it as one (a devcontainer's compose file)."""
    if path is None:
        return Scan((), ())
    context = _context(path, options)
    if context is not None and context.named.get(os.path.realpath(path)) == "compose":
        return _compose(text, path, options)
    if "services" not in text and "include" not in text:
        return Scan((), ())
    from ._compose_shape import is_compose_text
    from .discover import chart_of

    if not is_compose_text(text) or chart_of(path) is not None:
        return Scan((), ())  # (a chart's values are read by rendering the chart)
    return _compose(text, path, options, by_name=False)


def _in_chart_templates(path: str | None) -> bool:
    """A Helm chart's templates are Go templates, not YAML: the chart is read by rendering."""
    from .discover import chart_of, path_parts

    if path is None or "templates" not in path_parts(path)[:-1]:
        return False  # (a quick look before the walk up)

    return chart_of(path) is not None


def _ci(text: str, path: str | None, options: _Options) -> Scan:
    from .ci import referenced_dockerfiles, scan_ci

    scan = scan_ci(text, path=path)
    if path is not None:
        scan = _with_runs_written_here(scan, path, "ci", options, text)
    # An action that builds its own image: its Dockerfile is what runs.
    extra = []
    for dockerfile in referenced_dockerfiles(text, path=path):
        if os.path.isfile(dockerfile):
            extra.append(_scan_file(os.fspath(dockerfile), "dockerfile", options))
    if path is not None and "<<" in text:
        from .ci import SYSTEMS

        # (a step's here-document Dockerfiles, as the project's context reads them)
        extra.append(_with_documents(Scan(), path, options, tools=SYSTEMS))
    return finish([scan, *extra]) if extra else scan


def _build(text: str, path: str | None, options: _Options) -> Scan:
    """A build tool's file given as text (standard input), read as the file ``path`` of the
    tool its name says: the files it names are read from where it says it is."""
    from .builds import build_tool

    tool = build_tool(path) if path is not None else None
    if path is None or tool is None:
        raise TagsenseError(
            "a build tool's file given as text needs its file name (--stdin-filename skaffold.yaml)"
        )
    env = options.env if options.env is not None else os.environ
    if tool == "devcontainer":
        from .builds.devcontainer import scan_devcontainer

        scan = scan_devcontainer(text, path=path, env=env).scan
    else:
        from .builds import read_build_file
        from .builds._common import read_as

        found = read_as(
            path, text, lambda: read_build_file(path, env=env, max_bytes=options.max_bytes)
        )
        scan = _with_inline(found.scan, found.builds, path, options)
    return _with_built(scan, _context(path, options), located=_located(path, options))


def _make(text: str, path: str | None, options: _Options) -> Scan:
    """A Makefile given as text: the images its recipes run or pull."""
    from .builds.make import scan_makefile

    scan = scan_makefile(path or "Makefile", text=text)
    if path is None:
        scan = Scan([o.replace(path=None) for o in scan.occurrences], scan.errors)
    else:
        scan = _with_documents(scan, path, options)
    return _with_built(scan, _context(path, options), located=_located(path, options))


def _shell(text: str, path: str | None, options: _Options) -> Scan:
    """A shell script given as text: the images its commands run or pull."""
    from .builds.script import scan_shell_script

    named = path or "script.sh"
    scan = _own(scan_shell_script(named, text=text, sources=path is not None), named)
    if path is None:
        scan = Scan([o.replace(path=None) for o in scan.occurrences], scan.errors)
    else:
        scan = _with_documents(scan, path, options)
    return _with_built(scan, _context(path, options), located=_located(path, options))


def _terraform(text: str, path: str | None, options: _Options) -> Scan:
    """A ``.tf`` file: the images its resources run, with its module's values."""
    from .terraform import scan_terraform_file

    return scan_terraform_file(text, path)


def _nomad(text: str, path: str | None, options: _Options) -> Scan:
    """A Nomad job file: the images its tasks run."""
    from .nomad import scan_nomad_job

    return scan_nomad_job(text, path)


def _deploy(text: str, path: str | None, options: _Options) -> Scan:
    """A deployment platform's file that is not YAML: the images a Fly.io ``fly.toml``, an
    ECS task definition (JSON), an Azure IoT Edge deployment manifest (JSON), a PrairieLearn
    question (JSON), Portainer app templates (JSON), a Pterodactyl or Pelican egg (JSON), an
    Unraid Docker template (XML), a GNS3 appliance (``*.gns3a``), a Kathará scenario's
    ``lab.conf``, a Podman Quadlet unit, a systemd service unit, nektos/act's ``.actrc`` or a
    CUE file names, and the
    images a Packer template's Docker sources start from, those a Chef recipe's or a Salt
    state file's docker resources pull, and those an OpenDAX compose template renders to."""
    if path is not None and path.endswith(".erb"):
        from .platforms.opendax import scan_compose_template

        env = options.env if options.env is not None else dict(os.environ)
        scan = scan_compose_template(text, path, env)
        return _with_built(scan, _context(path, options), located=_located(path, options))
    if path is not None and path.endswith(".sls"):
        from .salt import scan_salt_state

        return scan_salt_state(text, path)
    if path is not None and path.endswith(".rb"):
        from .chef import scan_chef_recipe

        return scan_chef_recipe(text, path)
    if path is not None and path.endswith(".pkr.hcl"):
        from .packer import scan_packer_template

        return scan_packer_template(text, path)
    if path is not None and path.endswith(".cue"):
        from .platforms.cue import scan_cue

        return scan_cue(text, path)
    if path is not None and path.endswith(".gns3a"):
        from .platforms.gns3 import scan_appliance

        return scan_appliance(text, path)
    if path is not None and os.path.basename(path) == ".actrc":
        from .platforms.actrc import scan_actrc

        scan = scan_actrc(text, path)
        return _with_built(scan, _context(path, options), located=_located(path, options))
    from .platforms.kathara import is_lab_conf_name

    if path is not None and is_lab_conf_name(path):
        from .platforms.kathara import scan_lab_conf

        return scan_lab_conf(text, path)
    if path is not None and path.endswith((".container", ".image")):
        from .platforms.quadlet import scan_quadlet

        return scan_quadlet(text, path)
    if path is not None and path.endswith(".service"):
        from .platforms.systemd import scan_systemd_unit

        scan = scan_systemd_unit(text, path)
        return _with_built(scan, _context(path, options), located=_located(path, options))
    if path is not None and path.endswith(".xml"):
        from .platforms.unraid import scan_template

        return scan_template(text, path)
    if path is not None and path.endswith(".json"):
        from .platforms.prairielearn import is_question_path, scan_question

        if is_question_path(path):
            return scan_question(text, path)
        from .platforms.iotedge import may_be_deployment_manifest, scan_deployment_manifest

        if may_be_deployment_manifest(path):
            return scan_deployment_manifest(text, path)
        from .platforms.pachyderm import may_be_pipeline, scan_pipeline_json

        if may_be_pipeline(text):
            pipelines = scan_pipeline_json(text, path)
            if pipelines is not None:
                return pipelines
        from .platforms.pterodactyl import may_be_egg, scan_egg_json

        if may_be_egg(text):
            egg = scan_egg_json(text, path)
            if egg is not None:
                return egg
        if '"containerDefinitions"' not in text:
            from .platforms.portainer import scan_app_templates

            return scan_app_templates(text, path) or Scan((), ())
        from .platforms.ecs import scan_task_definition

        return scan_task_definition(text, path)
    from .platforms.fly import scan_fly

    return scan_fly(text, path)


#: The kinds read by the HCL readers, whole (see _scan_file).
_HCL_KINDS = frozenset({"terraform", "nomad"})

#: The scanner of each kind of text source.
_TEXT_SCANNERS: dict[str, Callable[[str, str | None, _Options], Scan]] = {
    "dockerfile": _dockerfile,
    "compose": _compose,
    "kubernetes": _kubernetes,
    "ci": _ci,
    "build": _build,
    "make": _make,
    "shell": _shell,
    "terraform": _terraform,
    "nomad": _nomad,
    "deploy": _deploy,
}
