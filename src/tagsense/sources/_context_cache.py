"""What a build file says about the project, kept on disk between runs.

A Dockerfile checked alone (the pre-commit case) is read with the compose
files around it; parsing them costs importing PyYAML, more than the rest of
such a check. What they say about the project (the builds, the images built,
the files read through them) is kept, one small file per build file and install, and used
while the files it was made from are unchanged: same size and modification
time for each, same value for each environment variable they could name.

A command file's full reading (a Makefile's, a CI file's, a script's: with every script it
runs) is kept too, with its scan, in an entry of its own (:func:`load_full`): a script
checked alone is read through the files that run it, and what they place in it comes from
there while the same files are unchanged (aquasecurity/tracee's ``tests/e2e/run-kernel.sh``,
whose Makefile's reading runs a dozen scripts: 1.5 s of CPU each check).

Where: ``$TAGSENSE_CACHE_DIR``, else the platform's cache directory
(``$XDG_CACHE_HOME/tagsense``, ``~/.cache/tagsense``, ``~/Library/Caches/tagsense``,
``%LOCALAPPDATA%\\tagsense\\Cache``), under ``context/``; files readable by the
user only, written atomically. ``TAGSENSE_NO_CACHE=1`` turns it off. A cache
that cannot be read or written is no cache: never an error.
"""

from __future__ import annotations

import marshal
import os

from .._cache_dir import cache_directory, keep, stable_name
from .._lazy import once
from .._version import __version__
from ..occurrence import BuildSite, Occurrence, Scan, SourceError, Suppression
from .project import BuildConfig, BuildFile, BuiltImage, ChartRelease, ComposeRun, ScanPlaces

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

__all__ = ["cache_directory", "load", "load_full", "stat_of", "store"]

# Bumped when what is kept changes shape (or where: 2, named without zlib; 3, builds'
# unresolved arguments; 4, where an inline Dockerfile is written; 5, compose commands; 6, the
# repositories built as written, and the unresolved arguments as written; 7, the charts
# that helm and ct commands install; 8, one entry a working directory; 9, the known start
# of unresolved arguments; 10, the known start of a compose command's run-given variables;
# 11, compose files named by a command's -f, Go and JavaScript test sources; 13, the one tag
# an image is built at; 14, named by the code that keeps it too; 15, the variables a build's
# own fields leave unset; 17, a compose build command's --build-arg values and services;
# 18, whether a built name is a copy of another image; 19, where the scan places a wrapper's
# pulls; 20, where it places anything; 21, a full reading's scan, in an entry of its own).
_FORMAT = 21


def _full(kind: str, path: str) -> str:
    """What a full reading's entry is kept under: the kind, and the file as named (its scan
    names the files where it places what it finds from there: ``ci.yml``, ``/src/ci.yml``)."""
    return f"{kind}\0full\0{path}"


def _entry(real: str, kind: str) -> str | None:
    """Where what is kept of the build file at this real path is (``None``: no cache)."""
    directory = cache_directory()
    if directory is None:
        return None
    # (The real path kept inside tells collisions apart.) The working directory is part of
    # the key: what is kept names files as found from it (a Makefile's `charts/web` is
    # `../../charts/web` from inside the chart). So is the code that keeps it: two installs a
    # developer alternates (pre-commit's and the project's own) would otherwise replace each
    # other's entries at every run, and read every file again.
    where = f"{kind}\0{real}\0{_working_directory()}\0{_code()}"
    name = os.path.basename(real).replace(".", "-")[:40]
    return os.path.join(directory, "context", f"{name}-{stable_name(where)}")


@once
def _code() -> str:
    """Which tagsense made an entry (see :func:`_code_of`), this one."""
    return _code_of(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _code_of(package: str) -> str:
    """Which tagsense made an entry: its version and where it is installed, when it was
    installed (another build of the same version installed over it, as a development machine
    does, shares nothing: one stat), and for a source checkout (an editable install, where the
    version stays while the code changes) when its code last changed, so that two checkouts,
    or one before and after an edit, share nothing."""
    key = f"{__version__}\0{package}"
    if os.path.basename(os.path.dirname(package)) in ("site-packages", "dist-packages"):
        try:
            installed = os.stat(os.path.join(package, "_version.py")).st_mtime_ns
        except OSError:
            installed = 0
        return f"{key}\0{installed}"
    newest = 0
    for directory, _, files in os.walk(package):
        for name in files:
            if name.endswith(".py"):
                try:
                    newest = max(newest, os.stat(os.path.join(directory, name)).st_mtime_ns)
                except OSError:
                    continue
    return f"{key}\0{newest}"


def _working_directory() -> str:
    try:
        return os.getcwd()
    except OSError:  # (removed under us: nothing kept is found, nor kept)
        return ""


def stat_of(path: str) -> tuple[int, int] | None:
    """A file's (modification time in nanoseconds, size), or ``None`` when it is not there."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def load(path: str, kind: str, env: Mapping[str, str]) -> BuildFile | None:
    """What was kept of a build file, if it still holds (``scan`` is not kept: empty)."""
    kept = _load(path, kind, env)
    return None if kept is None else _unpack(kept[0], path)


def load_full(path: str, kind: str, env: Mapping[str, str]) -> BuildFile | None:
    """A build file's full reading, with its scan, if one was kept and still holds."""
    kept = _load(path, _full(kind, path), env)
    if kept is None:
        return None
    summary, packed = kept
    scan = _unpack_scan(packed)
    if scan is None:
        return None
    found = _unpack(summary, path)
    found.scan = scan
    found.complete = True
    return found


def _load(path: str, kind: str, env: Mapping[str, str]) -> tuple[Any, ...] | None:
    """What is kept under ``kind`` for the build file ``path``, if it still holds."""
    real = os.path.realpath(path)
    entry = _entry(real, kind)
    if entry is None:
        return None
    try:
        with open(entry, "rb") as handle:
            kept = marshal.loads(handle.read())  # (marshal.load reads a few bytes at a time)
        form, version, kept_real, kept_cwd, inputs, names, *rest = kept
    except (OSError, EOFError, ValueError, TypeError):
        return None
    cwd = _working_directory()
    if form != _FORMAT or version != _code() or (kept_real, kept_cwd) != (real, cwd):
        return None
    for file, stat in inputs:
        if stat_of(file) != stat:
            return None
    for name, value in names:
        if env.get(name) != value:
            return None
    return tuple(rest)


def store(
    path: str,
    kind: str,
    env: Mapping[str, str],
    found: BuildFile,
    stat: tuple[int, int] | None,
    *,
    environment: bool = True,
    full: bool = False,
    scan: bool = True,
) -> None:
    """Keep what a build file says, with what it depends on (quietly: a cache may fail).

    ``stat`` is the file's own (modification time, size), taken before it was read;
    ``environment``: whether what it says may depend on environment variables; ``full``:
    whether ``found`` has the scan a full reading gives (where it places a wrapper's pulls,
    and where anything, is kept: ``BuildFile.wrapped``, ``BuildFile.places``); ``scan``:
    whether that full reading is kept too, scan and all (:func:`load_full`).
    """
    real = os.path.realpath(path)
    entry = _entry(real, kind)
    if entry is None or stat is None:
        return
    files = {os.path.realpath(file): seen for file, seen in found.inputs.items()}
    files[real] = stat
    depends = tuple(sorted(files.items()))
    words = _words(files) if environment else ()
    names = tuple((name, env.get(name)) for name in sorted(words))
    full = full and found.complete
    summary = (*_pack(found), _wrapped(found) if full else None, _places(found) if full else None)
    head = (_FORMAT, _code(), real, _working_directory(), depends, names)
    try:
        data = marshal.dumps((*head, summary))  # type: ignore[arg-type]
    except ValueError:  # (a value marshal cannot keep: nothing kept)
        return
    keep(entry, data)
    if not (full and scan):
        return
    # (the full reading, its scan with it: the same files and variables hold it)
    full_entry = _entry(real, _full(kind, path))
    if full_entry is None:
        return
    packed = _pack_scan(found.scan)
    try:
        if packed is None:
            raise ValueError(packed)
        data = marshal.dumps((*head, summary, packed))  # type: ignore[arg-type]
    except ValueError:  # (none kept: nor one an earlier reading kept)
        import contextlib

        with contextlib.suppress(OSError):
            os.remove(full_entry)
        return
    keep(full_entry, data)


def _words(files: Mapping[str, object]) -> set[str]:
    """Every word that could name an environment variable in the files (a superset)."""
    import re

    words: set[str] = set()
    for file in files:
        try:
            with open(file, encoding="utf-8", errors="replace") as handle:
                words.update(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", handle.read()))
        except OSError:
            continue
    return words


def _wrapped(found: BuildFile) -> tuple[str, ...]:
    """The real paths of the files where a reading's scan places a wrapper's pulls."""
    paths = {
        os.path.realpath(o.path)
        for o in found.scan.occurrences
        if "wrapper" in o.context and o.path is not None
    }
    return tuple(sorted(paths))


def _places(found: BuildFile) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Where a reading's scan places what it finds (``ScanPlaces``), as marshal keeps it."""
    places = ScanPlaces.of(found.scan)
    return (tuple(sorted(places.files)), tuple(sorted(places.scripts)))


def _pack_scan(scan: Scan) -> tuple[object, ...] | None:
    """A scan as marshal keeps it; ``None`` when an occurrence's reference, or why it is
    none, is not what parsing its text again gives (that is all that is kept of them)."""
    occurrences = []
    for o in scan.occurrences:
        parsed = _parsed_again(o)
        if parsed is None:
            return None
        occurrences.append(
            (
                o.path, o.line, o.column, o.end_line, o.end_column, o.kind, o.raw, o.text,
                parsed, o.unresolved, o.run_time,
                None if o.built is None else _site(o.built),
                tuple(_suppression(s) for s in o.suppressions),
                tuple(o.context.items()),
            )
        )  # fmt: skip
    errors = tuple((e.path, e.line, e.message, e.internal, e.note) for e in scan.errors)
    return (tuple(occurrences), errors, tuple(_suppression(s) for s in scan.suppressions))


#: How an occurrence made again from what is kept gets its reference and why it is none, by
#: parsing its text again: its reference (why it is none: none) ...
_REFERENCE = 0
#: ... no reference, and why worked out from the text when asked, as an occurrence does ...
_ASKED = 1
#: ... no reference, and why at once (a text a run fills in, parsed nonetheless).
_ERROR = 2


def _parsed_again(occurrence: Occurrence) -> int | None:
    """How an occurrence's reference, and why it is none, are what parsing its text gives
    (see :func:`_unpack_scan`); ``None``: they are not."""
    from ..occurrence import _UNPARSED, parse_or_error

    reference, error = occurrence.reference, occurrence._error
    if reference is None and error is _UNPARSED:
        return _ASKED
    parsed, why = parse_or_error(occurrence.text)
    if reference is not None:
        same = parsed is not None and parsed.__reduce__() == reference.__reduce__()
        return _REFERENCE if same and error is None else None
    if error is None:
        # (asked already: none, for a text a run fills in or from the text)
        return _ASKED if occurrence.run_time is not None or why is None else None
    if why is None or type(why) is not type(error):
        return None
    if (why.kind, why.text, why.position, why.reason) != (
        error.kind, error.text, error.position, error.reason
    ):  # fmt: skip
        return None
    return _ASKED if occurrence.run_time is None else _ERROR


def _suppression(s: Suppression) -> tuple[object, ...]:
    return (s.path, s.line, s.column, s.kind, s.keys, s.text)


def _unpack_scan(packed: tuple[object, ...]) -> Scan | None:
    """A scan kept by :func:`_pack_scan` (``None``: not one)."""
    from ..occurrence import parse_or_error

    try:
        occurrences_kept, errors_kept, suppressions_kept = packed
        occurrences = [
            Occurrence(
                path=path, line=line, column=column, end_line=end_line, end_column=end_column,
                kind=kind, raw=raw, text=text,
                reference=parse_or_error(text)[0] if parsed == _REFERENCE else None,
                error=parse_or_error(text)[1] if parsed == _ERROR else None,
                unresolved=unresolved, run_time=run_time,
                built=None if built is None else BuildSite(*built),
                suppressions=[Suppression(*s) for s in suppressions],
                context=dict(context),
            )
            for (
                path, line, column, end_line, end_column, kind, raw, text, parsed, unresolved,
                run_time, built, suppressions, context,
            ) in occurrences_kept  # type: ignore[attr-defined]
        ]  # fmt: skip
        errors = [
            SourceError(path, line, message, internal=internal, note=note)
            for path, line, message, internal, note in errors_kept  # type: ignore[attr-defined]
        ]
        suppressions = [Suppression(*s) for s in suppressions_kept]  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        return None
    return Scan(occurrences, errors, suppressions)


def _site(site: BuildSite) -> tuple[str, str | None, int | None]:
    return (site.tool, site.path, site.line)


def _pack(found: BuildFile) -> tuple[object, ...]:
    builds = tuple(
        (
            _site(build.site),
            build.name,
            build.context,
            build.dockerfile,
            build.dockerfile_inline,
            build.inline_places,
            tuple(build.args.items()),
            build.target,
            tuple(build.contexts.items()),
            build.tags,
            build.platforms,
            tuple(build.unresolved.items()),
            tuple(build.written.items()),
            tuple(build.leading.items()),
            tuple(sorted(build.blank)),
            build.unset,
            tuple((name, _site(site)) for name, site in build.outputs.items()),
            tuple(build.shapes.items()),
        )
        for build in found.builds
    )
    built = tuple((image.name, _site(image.site), image.tag, image.copied) for image in found.built)
    written = tuple((image.name, _site(image.site)) for image in found.written)
    composes = tuple(
        (
            _site(run.site),
            run.command,
            run.files,
            run.directory,
            tuple(run.env.items()),
            run.unknown,
            tuple(run.leading.items()),
            run.partial,
            run.env_files,
            run.project_directory,
            run.maybe,
            tuple(run.build_args.items()),
            run.services,
        )
        for run in found.composes
    )
    charts = tuple(
        (_site(release.site), release.name, release.chart, release.values_files,
         release.set_values, release.command)
        for release in found.charts
    )  # fmt: skip
    return (builds, built, found.reads, composes, written, charts)


def _unpack(summary: tuple[object, ...], path: str) -> BuildFile:
    builds_kept, built_kept, reads, composes_kept, written_kept, charts_kept, wrapped, places = (
        summary
    )
    builds = [
        BuildConfig(
            site=BuildSite(*site),
            name=name,
            context=context,
            dockerfile=dockerfile,
            dockerfile_inline=inline,
            inline_places=places,
            args=dict(args),
            target=target,
            contexts=dict(contexts),
            tags=tags,
            platforms=platforms,
            unresolved=dict(unresolved),
            written=dict(written),
            leading=dict(leading),
            blank=blank,
            unset=unset,
            outputs={name: BuildSite(*site) for name, site in outputs},
            shapes=dict(shapes),
        )
        for (
            site,
            name,
            context,
            dockerfile,
            inline,
            places,
            args,
            target,
            contexts,
            tags,
            platforms,
            unresolved,
            written,
            leading,
            blank,
            unset,
            outputs,
            shapes,
        ) in builds_kept  # type: ignore[attr-defined]
    ]
    built = [
        BuiltImage(name, BuildSite(*site), tag, copied=copied)
        for name, site, tag, copied in built_kept  # type: ignore[attr-defined]
    ]
    written = [BuiltImage(name, BuildSite(*site)) for name, site in written_kept]  # type: ignore[attr-defined]
    composes = [
        ComposeRun(
            site=BuildSite(*site),
            command=command,
            files=files,
            directory=directory,
            env=dict(env),
            unknown=unknown,
            leading=dict(leading),
            partial=partial,
            env_files=env_files,
            project_directory=project,
            maybe=maybe,
            build_args=dict(build_args),
            services=services,
        )
        for (
            site,
            command,
            files,
            directory,
            env,
            unknown,
            leading,
            partial,
            env_files,
            project,
            maybe,
            build_args,
            services,
        ) in composes_kept  # type: ignore[attr-defined]
    ]
    charts = [
        ChartRelease(
            site=BuildSite(*site),
            name=name,
            chart=chart,
            values_files=files,
            set_values=sets,
            command=command,
        )
        for site, name, chart, files, sets, command in charts_kept  # type: ignore[attr-defined]
    ]
    found = BuildFile(
        builds, built, None, reads=reads, path=path, complete=False, composes=composes,  # type: ignore[arg-type]
        written=written, charts=charts,
    )  # fmt: skip
    found.wrapped = wrapped  # type: ignore[assignment]
    found.places = None if places is None else ScanPlaces(*places)  # type: ignore[misc]
    return found
