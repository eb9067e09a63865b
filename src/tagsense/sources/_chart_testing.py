"""Which charts chart-testing installs: what the project's ``ct`` configurations say.

``ct install`` installs each chart it tests once with each of its
``ci/*-values.yaml``. Which charts it tests is its configuration's: the charts
directly in each of ``chart-dirs`` (default ``charts``), or those ``charts``
names (which "ignores chart-dirs"), less ``excluded-charts``. A project keeps
that configuration in a file it passes with ``--config`` (``ct install --config
tests/ct.yaml``), or as ``ct.yaml`` where ct runs. mattermost/mattermost-helm's
``tests/ct.yaml`` says ``chart-dirs: [stable, incubator]``, directories it no
longer has: its charts moved to ``charts/``, and their ``ci/`` values files are
installed by nothing.

So where the project has ct configurations, a chart's ``ci/`` values files are
installs only when one of them tests the chart; where it has none, ct's
defaults are not known to be the ones its runs use (``--chart-dirs`` on the
command line), and every chart's are (see ``find._chart_tests``).

A configuration is a YAML map with a key of ct's, in a file named as ct's are
(``ct.yaml``, ``.ct.yaml``, ``ct-install.yaml``, ``chart-testing.yaml``,
``lint-ct.yml``) in the project's root, in a directory just below it, or in one
just below ``.github/`` (``.github/configs/ct.yaml``).
"""

from __future__ import annotations

import os

from .._lazy import lazy_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["ChartTesting", "read_chart_testing"]

#: Names ct's configuration files are given.
_NAME = lazy_pattern(r"\.?(?:ct|chart[-_]testing)(?:[-_.][\w.-]*)?\.ya?ml|[\w.-]+[-_]ct\.ya?ml")
#: ct's configuration keys (its flags' long names); a map with none is another tool's file.
_KEYS = frozenset({
    "all", "build-id", "chart-dirs", "chart-repos", "chart-yaml-schema", "charts",
    "check-version-increment", "debug", "exclude-deprecated", "excluded-charts",
    "helm-dependency-extra-args", "helm-extra-args", "helm-extra-set-args",
    "helm-lint-extra-args", "helm-repo-extra-args", "lint-conf", "namespace", "release-label",
    "remote", "since", "skip-clean-up", "skip-missing-values", "target-branch", "upgrade",
    "use-helmignore", "validate-chart-schema", "validate-maintainers", "validate-yaml",
})  # fmt: skip
#: A configuration file larger than this is not ct's.
_MAX_BYTES = 64 * 1024
#: How many directories are looked in for configurations (a bound on a wide root).
_MAX_PLACES = 200


#: What one configuration tests: its chart directories, the charts it names (real paths), and
#: the names of the charts it excludes.
_Test = tuple[frozenset[str], frozenset[str], frozenset[str]]


class ChartTesting:
    """The charts the project's ct configurations test (real paths)."""

    __slots__ = ("_root", "_tests")

    def __init__(self, root: str, tests: tuple[_Test, ...]) -> None:
        self._root = root
        self._tests = tests

    def tests(self, chart: str) -> bool:
        """Whether a configuration tests the chart in the real directory ``chart``. A chart
        that is the project's root is tested with ``--charts .`` (no ``chart-dirs`` holds
        it), which a run's command line says: it is taken as tested."""
        if chart == self._root:
            return True
        parent, name = os.path.split(chart)
        for directories, charts, excluded in self._tests:
            if name in excluded:
                continue
            if (chart in charts) if charts else (parent in directories):
                return True
        return False


def read_chart_testing(
    root: str, list_names: Callable[[str], tuple[str, ...]]
) -> ChartTesting | None:
    """The ct configurations of the project whose root is the real directory ``root``;
    ``None`` when it has none. ``list_names(directory)`` gives a directory's names (the
    context's listing: one look at each directory a scan)."""
    places = [root]
    for name in sorted(list_names(root)):
        if len(places) >= _MAX_PLACES:
            break
        path = os.path.join(root, name)
        if (not name.startswith(".") or name == ".github") and os.path.isdir(path):
            places.append(path)
    github = os.path.join(root, ".github")
    if github in places:
        places.extend(
            os.path.join(github, name)
            for name in sorted(list_names(github))[:_MAX_PLACES]
            if os.path.isdir(os.path.join(github, name))
        )
    tests = []
    for place in places:
        for name in sorted(list_names(place)):
            if _NAME.fullmatch(name):
                test = _read(os.path.join(place, name), root)
                if test is not None:
                    tests.append(test)
    return ChartTesting(root, tuple(tests)) if tests else None


def _read(path: str, root: str) -> _Test | None:
    """What one configuration file tests, or ``None`` when it is not ct's."""
    try:
        if os.path.getsize(path) > _MAX_BYTES:
            return None
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    import yaml

    from ._yaml import _loader

    try:
        config = yaml.load(data, Loader=_loader())  # (a safe loader)
    except (yaml.YAMLError, ValueError, RecursionError):
        return None
    if not isinstance(config, dict) or not _KEYS.intersection(config):
        return None

    def paths(key: str, default: list[str]) -> frozenset[str]:
        value = config.get(key, default)
        if isinstance(value, str):
            value = value.split(",")  # (a flag's comma-separated values, as ct takes them)
        if not isinstance(value, list):
            return frozenset()
        return frozenset(
            os.path.realpath(os.path.join(root, item.strip()))
            for item in value
            if isinstance(item, str) and item.strip()
        )

    excluded = config.get("excluded-charts") or []
    if isinstance(excluded, str):
        excluded = excluded.split(",")
    names = frozenset(
        os.path.basename(item.strip().rstrip("/"))
        for item in (excluded if isinstance(excluded, list) else [])
        if isinstance(item, str)
    )
    return paths("chart-dirs", ["charts"]), paths("charts", []), names
