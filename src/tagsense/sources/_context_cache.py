"""What a build file says about the project, kept on disk between runs.

A Dockerfile checked alone (the pre-commit case) is read with the compose
files around it; parsing them costs importing PyYAML, more than the rest of
such a check. What they say about the project (the builds, the images built,
the files read through them) is kept, one small file per build file and install, and used
while the files it was made from are unchanged: same size and modification
time for each, same value for each environment variable they could name.

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
from ..occurrence import BuildSite
from .project import BuildConfig, BuildFile, BuiltImage, ChartRelease, ComposeRun, ScanPlaces

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["cache_directory", "load", "stat_of", "store"]

# Bumped when what is kept changes shape (or where: 2, named without zlib; 3, builds'
# unresolved arguments; 4, where an inline Dockerfile is written; 5, compose commands; 6, the
# repositories built as written, and the unresolved arguments as written; 7, the charts
# that helm and ct commands install; 8, one entry a working directory; 9, the known start
# of unresolved arguments; 10, the known start of a compose command's run-given variables;
# 11, compose files named by a command's -f, Go and JavaScript test sources; 13, the one tag
# an image is built at; 14, named by the code that keeps it too; 15, the variables a build's
# own fields leave unset; 17, a compose build command's --build-arg values and services;
# 18, whether a built name is a copy of another image; 19, where the scan places a wrapper's
# pulls; 20, where it places anything).
_FORMAT = 20


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
    real = os.path.realpath(path)
    entry = _entry(real, kind)
    if entry is None:
        return None
    try:
        with open(entry, "rb") as handle:
            kept = marshal.loads(handle.read())  # (marshal.load reads a few bytes at a time)
        form, version, kept_real, kept_cwd, inputs, names, summary = kept
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
    return _unpack(summary, path)


def store(
    path: str,
    kind: str,
    env: Mapping[str, str],
    found: BuildFile,
    stat: tuple[int, int] | None,
    *,
    environment: bool = True,
    full: bool = False,
) -> None:
    """Keep what a build file says, with what it depends on (quietly: a cache may fail).

    ``stat`` is the file's own (modification time, size), taken before it was read;
    ``environment``: whether what it says may depend on environment variables; ``full``:
    whether ``found`` has the scan a full reading gives (where it places a wrapper's pulls,
    and where anything, is kept: ``BuildFile.wrapped``, ``BuildFile.places``).
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
    kept = (_FORMAT, _code(), real, _working_directory(), depends, names, summary)
    try:
        data = marshal.dumps(kept)  # type: ignore[arg-type]
    except ValueError:  # (a value marshal cannot keep: nothing kept)
        return
    keep(entry, data)


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
