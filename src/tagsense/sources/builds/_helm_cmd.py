"""``helm install|upgrade`` (and ``helm template`` into ``kubectl apply``) and ``ct install``
commands in shell text: the project's charts they install, with which values.

``helm install web ./charts/web --values charts/web/test-values/proxy.yaml`` renders
the chart with that file merged over its ``values.yaml`` (helm's docs: "To override
values in a chart, use either the '--values' flag and pass in a file"). chart-testing's
``ct install --helm-extra-set-args "--values F"`` appends those arguments to the
``helm install`` of each chart it installs: nextcloud/helm's CI turns on the chart's
nginx and imaginary parts that way, in a matrix of values files (survey 12).

Only a chart of the project counts (a local directory with a ``Chart.yaml``; not
``bitnami/redis``), and only a command whose every file is known here (a file only a
run knows: the command is skipped). A ``--set`` value only a run knows (``--set
image.tag=pr-${{ github.event.pull_request.number }}``, as zulip/docker-zulip's CI
installs its chart with ``ci/simple-values.yaml``) is unknown where the chart uses it:
the image it writes is unresolved, the rest of what the command's values give is read.
Options that give values tagsense cannot read (``--set-file``, ``--set-json``, a values
file from stdin or a URL) skip the command too: what it renders is not known.
"""

from __future__ import annotations

import os
import re
import shlex

from ..._lazy import lazy_pattern
from ._engine_commands import known, only_unknown
from ._feed import place

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ...occurrence import BuildSite
    from ..project import ChartRelease

__all__ = [
    "ShellChart",
    "chart_command",
    "chart_elsewhere",
    "chart_releases",
    "may_install",
    "set_images",
]

#: helm's verbs that render a chart, and chart-testing's that install one.
_HELM_VERBS = frozenset({"install", "upgrade", "template"})
_CT_VERBS = frozenset({"install", "lint-and-install"})
#: helm's options that take a value (global and the verbs'); any other is a flag.
_HELM_VALUES = frozenset(
    {
        "-f", "--values", "--set", "--set-string", "--set-file", "--set-json", "--set-literal",
        "-n", "--namespace", "--kube-context", "--kubeconfig", "--kube-apiserver",
        "--kube-as-user", "--kube-as-group", "--kube-ca-file", "--kube-token",
        "--kube-tls-server-name",
        "--burst-limit", "--qps", "--registry-config", "--repository-cache",
        "--repository-config", "--version", "--repo", "--timeout", "--post-renderer",
        "--post-renderer-args", "--description", "--name-template", "-o", "--output",
        "-a", "--api-versions", "--kube-version", "--ca-file", "--cert-file", "--key-file",
        "--username", "--password", "--output-dir", "-s", "--show-only", "--history-max",
        "--max-history", "-l", "--labels", "--wait-for", "--keyring",
    }
)  # fmt: skip
#: Options that give values tagsense cannot read: the command renders what only a run knows.
_UNREADABLE = frozenset({"--set-file", "--set-json", "--set-literal", "--post-renderer"})
#: chart-testing's options that take a value.
_CT_VALUES = frozenset(
    {
        "--charts", "--chart-dirs", "--config", "--target-branch", "--remote", "--namespace",
        "--release-label", "--helm-extra-args", "--helm-extra-set-args", "--kube-context",
        "--build-id", "--helm-repo-extra-args", "--chart-repos", "--excluded-charts",
        "--since", "--helm-dependency-extra-args", "--release-name", "--lint-conf",
        "--chart-yaml-schema",
    }
)  # fmt: skip
#: A ``--set-string`` value that ``--set`` would read as another type.
_TYPED = lazy_pattern(r"(?i:true|false|null|~)|[-+]?(\d[\d_]*)?\.?\d+([eE][-+]?\d+)?|0[xo]\w+")
#: ct's default directory of charts (``--chart-dirs charts``).
_CT_CHART_DIRS = ("charts",)


def may_install(data: bytes) -> bool:
    """A quick look at a file's bytes: whether a ``helm`` or ``ct`` command in it could
    install a chart with values of its own.

    >>> may_install(b"helm install web ./charts/web -f x.yaml"), may_install(b"helm lint")
    (True, False)
    """
    return (b"helm" in data or b"HELM" in data or b"ct " in data) and (
        b"--values" in data or b"-f" in data or b"--set" in data
    )


class ShellChart:
    """A chart install as its shell runs it: ``tool`` ``helm`` or ``ct``; ``charts`` the
    chart directories as written (ct: empty, those of ``chart_dirs`` that hold a values
    file); ``values_files`` and ``set_values`` in the order given, paths relative to
    ``workdir`` (the shell's directory: see :class:`~.shell.ShellBuild`)."""

    __slots__ = (
        "chart_dirs",
        "charts",
        "line",
        "name",
        "set_values",
        "tool",
        "values_files",
        "workdir",
    )

    def __init__(
        self,
        *,
        line: int,
        tool: str,
        name: str,
        charts: tuple[str, ...],
        chart_dirs: tuple[str, ...],
        values_files: tuple[str, ...],
        set_values: tuple[str, ...],
        workdir: str | None,
    ) -> None:
        self.line = line
        self.tool = tool
        self.name = name
        self.charts = charts
        self.chart_dirs = chart_dirs
        self.values_files = values_files
        self.set_values = set_values
        self.workdir = workdir


def chart_command(
    program: str, arguments: list[str], line: int, workdir: str | None, *, applied: bool = True
) -> ShellChart | None:
    """The chart install ``program arguments`` (expanded) runs, when it is a ``helm`` or
    ``ct`` one whose files are all known here; else ``None``.

    ``helm template`` installs nothing: it prints what a release would be, for a linter, a
    validation or a diff (jupyterhub/zero-to-jupyterhub-k8s renders its chart with mock
    images, ``helm template --validate … --values lint-and-validate-values.yaml``). It counts
    only when ``applied``: its output piped into ``kubectl apply``.
    """
    name = program.rpartition("/")[2]
    if name == "helm":
        chart = _helm(arguments, line, workdir)
        if chart is not None and not applied and _verb(arguments) == "template":
            return None
        return chart
    if name == "ct":
        return _ct(arguments, line, workdir)
    return None


def _verb(arguments: list[str]) -> str | None:
    """helm's verb: the first word that is no option nor an option's value."""
    index = 0
    while index < len(arguments):
        word = arguments[index]
        index += 1
        if not word.startswith("-") or word == "-":
            return word
        option, equals, _ = word.partition("=")
        if option in _HELM_VALUES and not equals:
            index += 1
    return None


def _helm(arguments: list[str], line: int, workdir: str | None) -> ShellChart | None:
    values = _Values()
    positional: list[str] = []
    index = 0
    while index < len(arguments):
        word = arguments[index]
        index += 1
        if word == "--":
            positional.extend(arguments[index:])
            break
        if not word.startswith("-") or word == "-":
            positional.append(word)
            continue
        option, equals, value = word.partition("=")
        if not equals and option.startswith("-f") and len(option) > 2 and option[1] != "-":
            option, value, equals = "-f", option[2:], "="  # (`-fvalues.yaml`)
        if option not in _HELM_VALUES:
            continue  # (a flag: --install, --wait, --dry-run=server)
        if not equals:
            if index == len(arguments):
                return None
            value = arguments[index]
            index += 1
        if not values.take(option, value):
            return None
    while len(positional) > 3 and only_unknown(positional[-1]):
        # (`… -f ./vars.yaml ${HELM_OPTIONS}`: options a user may add, none here; helm takes
        # no third operand, so the word is options or nothing: openreplay's init.sh)
        positional.pop()
    if not positional or positional[0] not in _HELM_VERBS or known(" ".join(positional)) is None:
        return None
    operands = positional[1:]
    if len(operands) == 2:
        release, chart = operands
    elif len(operands) == 1:
        release, chart = "", operands[0]  # (`helm template CHART`, `helm install -g CHART`)
    else:
        return None
    return ShellChart(
        line=line, tool="helm", name=release, charts=(chart,), chart_dirs=(),
        values_files=tuple(values.files), set_values=tuple(values.sets), workdir=workdir,
    )  # fmt: skip


def _ct(arguments: list[str], line: int, workdir: str | None) -> ShellChart | None:
    if not arguments or arguments[0] not in _CT_VERBS:
        return None
    charts: list[str] = []
    chart_dirs: list[str] = []
    extra: str | None = None
    index = 1
    while index < len(arguments):
        option, equals, value = arguments[index].partition("=")
        index += 1
        if option not in _CT_VALUES:
            continue
        if not equals:
            if index == len(arguments):
                return None
            value = arguments[index]
            index += 1
        if option in ("--charts", "--chart-dirs") and known(value) is None:
            return None  # (which charts a run decides; the extra arguments: below)
        if option == "--charts":
            charts.extend(part for part in value.split(",") if part)
        elif option == "--chart-dirs":
            chart_dirs.extend(part for part in value.split(",") if part)
        elif option == "--helm-extra-set-args":
            extra = value
    if extra is None:
        return None  # (ct's own installs: the charts' ci/*-values.yaml, read with the chart)
    try:
        # (a word that is wholly a run's is options a user may add, none here, as for helm's
        # own: trinodb/charts' test.sh passes "$HELM_EXTRA_SET_ARGS ${testCases[$name]}",
        # the first set by its `-a` option, the second `--values test-values.yaml`)
        words = [word for word in shlex.split(extra) if not only_unknown(word)]
    except ValueError:
        return None
    if any(known(word) is None for word in words):
        return None  # (with what, a run decides)
    values = _Values()
    index = 0
    while index < len(words):
        option, equals, value = words[index].partition("=")
        index += 1
        if option not in _HELM_VALUES:
            continue
        if not equals:
            if index == len(words):
                return None
            value = words[index]
            index += 1
        if not values.take(option, value):
            return None
    if not values.files and not values.sets:
        return None
    if not charts and not values.files:
        return None  # (which of the charts the --set is for: all, and none told apart)
    return ShellChart(
        line=line, tool="ct", name="", charts=tuple(charts),
        chart_dirs=tuple(chart_dirs or _CT_CHART_DIRS), values_files=tuple(values.files),
        set_values=tuple(values.sets), workdir=workdir,
    )  # fmt: skip


class _Values:
    """The values options of a command, in order; :meth:`take` says whether it can be read."""

    __slots__ = ("files", "sets")

    def __init__(self) -> None:
        self.files: list[str] = []
        self.sets: list[str] = []

    def take(self, option: str, value: str) -> bool:
        if option in _UNREADABLE:
            return False
        if option in ("-f", "--values"):
            files = [part for part in value.split(",") if part]
            if not files or any(
                known(file) is None or file == "-" or "://" in file for file in files
            ):
                return False
            self.files.extend(files)
        elif option in ("--set", "--set-string"):
            # (a value a run decides, `--set image.tag=$CI_COMMIT_SHA`, is unknown where it is
            # used, and the rest of the command still read; a key a run decides is not)
            if not value or any(known(part.partition("=")[0]) is None for part in value.split(",")):
                return False
            if option == "--set-string" and any(
                _TYPED.fullmatch(part.partition("=")[2]) for part in value.split(",")
            ):
                return False  # (read as --set, it would be another type than the run's)
            self.sets.append(value)
        return True


def _as_named_here(path: str) -> str:
    """A values file's path as the check names the files it reads: relative to its working
    directory when the file is below it (vdaas/vald's Makefile passes ``-f
    $(ROOTDIR)/charts/vald/values/…``, the repository's top: its images were reported at an
    absolute path, beside the chart's relative ones)."""
    if not os.path.isabs(path):
        return path
    relative = os.path.relpath(path)
    return path if relative.startswith(os.pardir) else relative


#: How many releases of one chart are rendered (a matrix of values files: each one).
MAX_RELEASES = 16


def chart_releases(found: ShellChart, site: BuildSite, start: str | None) -> list[ChartRelease]:
    """The releases of the project's charts ``found`` installs, run in a shell started in
    ``start`` (``None``: a run decides); none when a chart or values file is not there."""
    from ..project import ChartRelease

    files = [place(start, found.workdir, file) for file in found.values_files]
    if any(file is None or not os.path.isfile(file) for file in files):
        return []
    values = [_as_named_here(file) for file in files if file is not None]
    if found.tool == "helm" or found.charts:
        charts = [place(start, found.workdir, chart) for chart in found.charts]
    else:
        # ct's charts: those of its chart directories that the values files lie inside
        # (a test values file of one chart is not another's)
        charts = []
        for directory in found.chart_dirs:
            root = place(start, found.workdir, directory)
            if root is None:
                continue
            for file in values:
                relative = os.path.relpath(file, root)
                if relative.startswith(os.pardir) or os.sep not in relative:
                    continue
                charts.append(os.path.join(root, relative.split(os.sep)[0]))
        if len(set(charts)) != 1:
            return []  # (values of several charts, or of none, for every chart: not told apart)
    releases = []
    for chart in dict.fromkeys(charts):
        if chart is None or not os.path.isfile(os.path.join(chart, "Chart.yaml")):
            continue
        releases.append(
            ChartRelease(
                site=site,
                name=found.name,
                chart=chart,
                values_files=values,
                set_values=found.set_values,
                command=found.tool,
            )
        )
    return releases


#: The keys of an image map a chart's values conventionally give (``image.repository``,
#: ``image.tag``, ``image.registry``), after the map's own key (``manager.image``).
_IMAGE_KEY = lazy_pattern(
    r"(?P<map>(?:[\w-]+(?:\[\d+\])?\.)*image)\.(?P<part>repository|tag|registry)"
)


def set_images(found: ShellChart) -> list[str]:
    """The images a ``helm install`` of a chart that is not the project's names whole with
    ``--set``: an image map's ``repository`` and ``tag`` (and ``registry``) given together
    (dragonflyoss/dragonfly's CI: ``--set manager.image.tag=v2.5.1 --set
    manager.image.repository=dragonflyoss/manager`` for the chart of a submodule, not in its
    checkout). Only maps given both, each value known; the chart's own defaults are not known.

    >>> chart = ShellChart(line=1, tool="helm", name="d", charts=("oci://r/c",), chart_dirs=(),
    ...     values_files=(), set_values=("a.image.tag=v1", "a.image.repository=x/y,b=2"),
    ...     workdir="")
    >>> set_images(chart)
    ['x/y:v1']
    """
    maps: dict[str, dict[str, str]] = {}
    for given in found.set_values:
        for pair in re.split(r"(?<!\\),", given):
            key, equals, value = pair.partition("=")
            match = _IMAGE_KEY.fullmatch(key.strip())
            if not equals or match is None:
                continue
            maps.setdefault(match["map"], {})[match["part"]] = value.strip()
    images = []
    for parts in maps.values():
        repository, tag = parts.get("repository"), parts.get("tag")
        if not repository or not tag or "@" in repository or ":" in repository.rpartition("/")[2]:
            continue
        registry = parts.get("registry")
        image = f"{registry}/{repository}:{tag}" if registry else f"{repository}:{tag}"
        if known(image) is not None:
            images.append(image)
    return images


def chart_elsewhere(found: ShellChart, checkout: str | None, workdir: str | None) -> bool:
    """Whether a ``helm install`` installs a chart that is not the project's: a registry's
    (``oci://…``), or, run in the project's ``checkout`` (a CI job's, from ``workdir`` in
    it), one whose directory there holds no ``Chart.yaml`` (a repository's ``REPO/NAME``, or
    a submodule's chart the checkout does not hold). A project's chart is rendered with the
    command's values instead (see :func:`chart_releases`)."""
    if found.tool != "helm" or len(found.charts) != 1:
        return False
    operand = found.charts[0]
    if operand.startswith("oci://"):
        return True
    if "://" in operand or operand.endswith(".tgz") or known(operand) is None:
        return False
    if checkout is None or os.path.isabs(operand):
        return False
    return not os.path.exists(os.path.join(checkout, workdir or "", operand, "Chart.yaml"))
