"""Dependencies ``helm dependency build`` would fetch, taken from the scanned repository.

A chart repository keeps its charts side by side, and a chart often depends
on one of them (a library of helpers) from the repository they are published
to (``oci://…``, ``https://…``), not vendored under ``charts/``: its users run
``helm dependency build`` first. Helm refuses such a chart until then
("found in Chart.yaml, but missing in charts/ directory"). Here a missing
dependency is read from where it is kept:

* ``file://PATH``: that directory (relative to the chart), as ``helm
  dependency build`` packages it;
* any other repository: a chart directory of that ``name`` near the chart —
  beside it, or at most two levels below any directory above it within its
  Git work tree (``charts/NAME``, ``deploy/helm/NAME``), the nearest first —
  as the published copy of it.

Its ``version`` must satisfy the dependency's constraint (of ``Chart.yaml``,
not ``Chart.lock``'s exact version: the repository holds the chart's newest
version, the lock an earlier release); a constraint that does not parse (or
none) takes any version. A dependency found nowhere is returned as
:class:`Missing`, for one message a chart.
"""

from __future__ import annotations

import os

from ..._gotemplate.semver import SemverError, check, parse_constraint
from ..._lazy import lazy_pattern
from ...occurrence import SourceError
from ._load import MAX_FILE, Chart, ChartError, chart_metadata, load_chart, merge_maps
from ._values import switched_off

__all__ = ["Missing", "chart_identity", "fetch_missing", "report_missing"]

#: How many levels below each directory above the chart are looked at (a bound on the walk).
_LEVELS = 2
_SKIPPED = frozenset({"node_modules"})


class Missing:
    """A dependency of ``Chart.yaml`` neither in ``charts/`` nor in the repository."""

    __slots__ = ("name", "reason", "requirement")

    def __init__(self, requirement: dict[str, object], reason: str) -> None:
        #: The dependency as ``_load`` reads it (``enabled`` is set when it is processed).
        self.requirement = requirement
        self.name = str(requirement["name"])  # (before an alias renames it)
        #: Why it was not found here (a version that does not match, a path that is no chart).
        self.reason = reason


def fetch_missing(
    chart: Chart, max_bytes: int, values: dict[str, object] | None = None, depth: int = 0
) -> list[Missing]:
    """Add the dependencies missing from ``charts/`` that are kept in the repository to
    ``chart.dependencies`` (each marked with :attr:`Chart.fetched_from`, their own missing
    ones fetched too); those found nowhere are returned. One that ``values`` (the user's)
    switch off is not looked for (most charts' optional subcharts: the walk costs)."""
    requirements: list[dict[str, object]] = chart.metadata.get("dependencies") or []  # type: ignore[assignment]
    if not requirements or not chart.is_dir() or depth > 10:
        return []
    present = {sub.name for sub in chart.dependencies}
    missing: list[Missing] = []
    merged: dict[str, object] | None = None
    for requirement in requirements:
        name = str(requirement["name"])
        if name in present:
            continue  # (Helm's CheckDependencies: by name; the version decides later)
        if requirement["condition"] or requirement["tags"]:
            if merged is None:
                merged = merge_maps(chart.values, values) if values else chart.values
            if switched_off(requirement, merged):
                missing.append(Missing(requirement, ""))  # (said only if it turns out on)
                continue
        found, reason = _find(
            chart.path, name, str(requirement["version"]), str(requirement["repository"])
        )
        loaded = None
        if found is not None:
            try:
                loaded = load_chart(found, max_bytes=max_bytes)
            except (ChartError, RecursionError) as error:
                reason = f"{found} cannot be loaded: {error}"
        if loaded is None:
            missing.append(Missing(requirement, reason))
            continue
        # (its own dependencies as the parent's values switch them: Helm coalesces the
        # parent's section of the subchart over the subchart's defaults before it reads their
        # conditions, so an umbrella chart turns on what the subchart leaves off)
        if merged is None:
            merged = merge_maps(chart.values, values) if values else chart.values
        section = merged.get(str(requirement["alias"] or name))
        fetch_missing(loaded, max_bytes, section if isinstance(section, dict) else None, depth + 1)
        loaded.fetched_from = found
        chart.dependencies.append(loaded)
        present.add(name)
    return missing


def report_missing(
    chart: Chart, missing: list[Missing], errors: list[SourceError]
) -> list[SourceError]:
    """The render's errors with one for the chart's missing dependencies (those enabled,
    once processed) in place of each template's "no template" that they cause: an error
    when templates failed so, else a note (their images are not read)."""
    wanted = [m for m in missing if m.requirement.get("enabled", True)]
    if not wanted:
        return errors
    failed = [e for e in errors if _NO_TEMPLATE.search(e.message)]
    kept = [e for e in errors if not _NO_TEMPLATE.search(e.message)]
    several = len(wanted) > 1
    described = [_described(m) for m in wanted]
    listed = ", ".join(described[:-1]) + " and " + described[-1] if several else described[0]
    local = all(str(m.requirement["repository"]).startswith("file://") for m in wanted)
    message = (
        f"dependenc{'ies' if several else 'y'} {listed} {'are' if several else 'is'} missing "
        f"from charts/{'' if local else ' and not found in this repository'}: "
    )
    it = "them" if several else "it"
    if failed:
        first = _NO_TEMPLATE.search(failed[0].message)
        assert first is not None
        count = f"{len(failed)} templates" if len(failed) > 1 else "a template"
        message += f'{count} cannot render without {it} (no template "{first[1]}")'
    else:
        message += f"{'their' if several else 'its'} templates are not rendered"
    message += f"; `helm dependency build` fetches {it}"
    where = wanted[0].requirement["where"]
    path, line = where if isinstance(where, tuple) else (chart.file_path("Chart.yaml"), None)
    report = SourceError(
        str(path), line if isinstance(line, int) else None, message, note=not failed
    )
    return [report, *kept]


_NO_TEMPLATE = lazy_pattern(r'no template "((?:[^"\\]|\\.)*)" associated')


def _described(missing: Missing) -> str:
    requirement = missing.requirement
    said = ", ".join(
        str(requirement[field]) for field in ("version", "repository") if requirement[field]
    )
    why = f"; {missing.reason}" if missing.reason else ""
    return f'"{missing.name}"' + (f" ({said}{why})" if said or why else "")


def _find(chart_dir: str, name: str, constraint: str, repository: str) -> tuple[str | None, str]:
    """The directory of the chart to take, or None and why none."""
    if repository.startswith("file://"):
        path = os.path.normpath(os.path.join(chart_dir, repository[len("file://") :]))
        identity = chart_identity(path)
        if identity is None:
            return None, f"{path} is not a chart"
        if identity[0] != name:
            return None, f"{path} is chart {identity[0]!r}"
        if not _satisfies(constraint, identity[1]):
            return None, f"{path} is version {identity[1]}"
        return path, ""
    others: list[str] = []
    for path in _charts_near(chart_dir):
        identity = chart_identity(path)
        if identity is None or identity[0] != name:
            continue
        if _satisfies(constraint, identity[1]):
            return path, ""
        others.append(f"{path} is version {identity[1]}")
    return None, ", ".join(others)


def _satisfies(constraint: str, version: str) -> bool:
    try:
        parse_constraint(constraint)
    except SemverError:
        return True  # (none, or unreadable: any version)
    return check(constraint, version)


def _charts_near(chart_dir: str) -> list[str]:
    """The chart directories near a chart, nearest first, as the chart's path names them."""
    from ..._roots import repository_root

    start = os.path.realpath(chart_dir)
    top = repository_root(start)
    found: list[str] = []
    seen = {start}
    current = start
    while True:
        parent = os.path.dirname(current)
        if parent == current:
            break
        found.extend(path for path in _below(parent, _LEVELS) if path not in seen)
        seen.update(found)
        if top is None or parent == top:
            break  # (outside a work tree, only the chart's siblings)
        current = parent
    if os.path.isabs(chart_dir):
        return found
    return [os.path.relpath(path) for path in found]


def _below(directory: str, levels: int) -> list[str]:
    """The chart directories at most ``levels`` below ``directory`` (not inside a chart)."""
    found: list[str] = []
    try:
        with os.scandir(directory) as listing:
            entries = sorted(e.name for e in listing if _is_dir(e))
    except OSError:
        return found
    for entry in entries:
        if entry in _SKIPPED or entry.startswith("."):
            continue
        path = os.path.join(directory, entry)
        if os.path.isfile(os.path.join(path, "Chart.yaml")):
            found.append(path)
        elif levels > 1:
            found.extend(_below(path, levels - 1))
    return found


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


#: Chart.yaml's (name, version) by path, with the file's (mtime, size) when read.
_IDENTITIES: dict[str, tuple[tuple[int, int], tuple[str, str] | None]] = {}


def chart_identity(directory: str) -> tuple[str, str] | None:
    """A chart directory's (name, version) from its ``Chart.yaml``, or None (no chart)."""
    path = os.path.join(directory, "Chart.yaml")
    try:
        status = os.stat(path)
        stamp = (status.st_mtime_ns, status.st_size)
        cached = _IDENTITIES.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE + 1)
    except (OSError, ValueError):
        return None
    identity: tuple[str, str] | None = None
    if len(data) <= MAX_FILE:
        try:
            metadata = chart_metadata(data, path, Chart(directory, directory))
            identity = (str(metadata["name"]), str(metadata["version"]))
        except ChartError:
            pass
    if len(_IDENTITIES) >= 4096:
        _IDENTITIES.clear()  # (a long-running service reads many repositories)
    _IDENTITIES[path] = (stamp, identity)
    return identity
