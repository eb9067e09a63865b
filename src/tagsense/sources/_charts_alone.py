"""Whether the project installs a chart on its own, not only as a part of the charts that
name it (a ``file://../X`` dependency), or of the chart it is kept inside.

A chart only its umbrella charts take in (camunda/camunda-platform-helm keeps copies of
Bitnami's elasticsearch, keycloak and postgresql charts beside its
``camunda-platform-8.x`` charts, which set every image of them; its CI lints, tests and
releases only those) deploys what the umbrellas' values make of it: alone, with its own
defaults, it deploys nothing of the project's. It is a chart of its own when something of
the project installs, renders, lints, packages or releases it by itself:

* a command file around it (a CI file, a Makefile, a script) that runs ``helm install``,
  ``upgrade``, ``template``, ``lint`` or ``package`` (``helm-cr``/``cr package``,
  ``ct``) and names the chart: its path, its directory's name (a matrix entry, a
  variable's value), a glob over it (``charts/*``), a ``find`` of a directory above it or
  an ``ls`` of its directory's parent (a loop over every chart there);
* chart-releaser's action (``helm/chart-releaser-action``), which releases every chart in
  its ``charts_dir`` (default ``charts``);
* a chart-testing configuration that tests it, where ct runs without ``--charts`` (a
  ``--charts`` on the command line "ignores chart-dirs"), or where nothing of the project
  runs ct (its runs are elsewhere: the configuration says what they test).

A README's ``helm install`` is not counted: a copied chart carries its publisher's README,
which installs the publisher's released chart, not this copy.
"""

from __future__ import annotations

import fnmatch
import os
import re

from .._lazy import lazy_pattern

__all__ = ["installed_alone"]

#: A command that installs, renders, lints, packages or releases a local chart.
_CHART_COMMAND = lazy_pattern(
    rb"\bhelm(?:-cr)?[ \t]+(?:[^\n|;&]*?[ \t])?(?:install|upgrade|template|lint|package)\b"
    rb"|\bcr[ \t]+package\b|(?:\bct|\$[({]?CT[)}]?)[ \t]+(?:lint|install|lint-and-install)\b"
)
#: chart-testing's runs, and those that name their charts (``--charts``).
_CT_RUN = lazy_pattern(rb"(?:\bct|\$[({]?CT[)}]?)[ \t]+(?:lint|install|lint-and-install)\b.*")
#: chart-releaser's action, and the directory of charts it releases.
_RELEASER = lazy_pattern(rb"helm/chart-releaser-action\b")
_CHARTS_DIR = lazy_pattern(rb"\bcharts_dir:[ \t]*[\"']?([\w./-]+)")
#: A word with a glob character: a path pattern.
_GLOB = lazy_pattern(rb"[\w./-]*[*?][\w./*?-]*")
#: A ``find DIR`` of directories or of ``Chart.yaml`` files (every chart below DIR, in a file
#: that installs charts: sdran-helm-charts' ``for dir in $(find . -maxdepth 1 -mindepth 1
#: -type d)`` before ``helm lint "$dir"``; not camunda's ``find . -name "*golden*.yaml"``),
#: or an ``ls DIR`` (its options before).
_FINDS = lazy_pattern(
    rb"\bfind[ \t]+[\"']?([\w./-]+)[\"']?[ \t][^\n;|)`]*?(?:-type[ \t]+d\b|Chart\.yaml)"
)
_LISTS = lazy_pattern(rb"\bls[ \t]+(?:-\w+[ \t]+)*[\"']?([\w./-]+)[\"']?(?=[\s;|)`])")
#: A file larger than this is read no further.
_MAX_BYTES = 1024 * 1024


def installed_alone(chart: str, *, by_name: bool = True) -> bool:
    """Whether something of the project installs the chart directory ``chart`` on its own
    (see the module); it is then read alone too. ``by_name``: whether its directory's name
    alone names it (a chart among others in a directory, not one kept inside another)."""
    from .context import chart_testing, commands_around

    real = os.path.realpath(chart)
    root, files = commands_around(os.path.join(chart, "Chart.yaml"))
    if root is None:
        return True  # (no project around it: nothing says what installs it)
    relative = os.path.relpath(real, root).replace(os.sep, "/")
    if relative.startswith("../"):
        return True
    texts = [_logical(_read(file)) for file in files]
    testing = chart_testing(chart)
    if testing is not None and testing.tests(real):
        runs = [run for text in texts for run in _CT_RUN.findall(text)]
        if not runs or any(b"--charts" not in run for run in runs):
            return True
    return any(_names_chart(text, relative, by_name) for text in texts)


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(_MAX_BYTES)
    except OSError:
        return b""


def _logical(text: bytes) -> bytes:
    """The text with its lines continued by a backslash joined."""
    return text.replace(b"\\\r\n", b" ").replace(b"\\\n", b" ")


def _names_chart(text: bytes, relative: str, by_name: bool) -> bool:
    """Whether a command file's text installs (lints, releases…) the chart at ``relative``
    (from the project's root, ``/``-separated)."""
    up, _, name = relative.rpartition("/")
    if _RELEASER.search(text):
        given = _CHARTS_DIR.search(text)
        released = given.group(1).decode().strip("./") if given else "charts"
        if released == up:
            return True
    if not _CHART_COMMAND.search(text):
        return False
    path = relative.encode()
    # (its path, or its name, a matrix entry or a variable's value; not a values key of the
    # umbrella's, `--set elasticsearch.enabled=true`, `elasticsearch:`)
    named = re.escape(name.encode() if by_name else path)
    if re.search(rb"(?<![\w.-])(?:\./)?" + named + rb"(?![\w.:=-])", text):
        return True
    steps = relative.split("/")
    for glob in _GLOB.findall(text):
        pattern = glob.decode(errors="replace").removeprefix("./").rstrip("/")
        pattern = pattern.removesuffix("/Chart.yaml")
        parts = pattern.split("/")
        if len(parts) == len(steps) and all(map(fnmatch.fnmatchcase, steps, parts)):
            return True  # (a glob over it, each directory a step: `charts/*`)
    for below in _FINDS.findall(text):
        directory = below.strip(b"./")
        if not directory or path.startswith(directory + b"/"):
            return True  # (a find below a directory that holds it)
    return any(listed.strip(b"./") == up.encode() for listed in _LISTS.findall(text))
