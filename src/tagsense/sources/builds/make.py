"""Makefiles: the images their recipes build (``docker build -t $(IMG) …``).

A recipe is shell text after Make has expanded it; :func:`read_makefile` expands
each recipe line as GNU Make would with the variables the Makefile (and the files
it ``include``\\ s) defines, then reads it as :mod:`.shell` reads a script:

- ``NAME = value`` (expanded where it is used), ``NAME := value`` and ``::=``
  (expanded where it is defined), ``NAME ?= value`` (when not yet defined),
  ``NAME += more``, ``define NAME … endef``; ``override``, ``export`` and
  ``private`` before them; target-specific values (``build/%: TAG ?= dev``) in the
  recipes of those targets. ``$(NAME)``, ``${NAME}``, ``$N`` and ``$$`` (a ``$``
  for the shell);
- GNU Make's ``$(CURDIR)`` (the directory ``make`` runs in), ``$(MAKE)`` (``make``) and
  ``$(MAKEFILE_LIST)`` when the files do not set them, and ``$(call NAME,ARGS…)``:
  ``NAME``'s value with ``$(1)``… the arguments (a canned recipe's lines each a command);
- GNU Make's text functions (``$(addprefix …)``, ``$(subst …)``, ``$(patsubst …)``,
  ``$(filter …)``, ``$(firstword …)``…: :mod:`._make_functions`), ``$(if …)``, ``$(or …)``,
  ``$(and …)``, ``$(foreach …)``, ``$(wildcard …)`` (the project's files), ``$(abspath …)``,
  ``$(value …)``; ``$(eval …)``, ``$(info …)`` and ``$(warning …)`` are empty;
- a rule's targets expanded as Make reads them (``$(BUILD_DOCKER_ARCHS): …``), and a static
  pattern rule's (``TARGETS: common-docker-%: …``) recipe read once a target, with its
  ``$@`` and its stem ``$*``, as Make runs a rule of several targets once a target;
- a recipe's ``make -f FILE``/``make -C DIR`` on a Makefile of the project: the recipes of
  its goals read too, with the command line's variables (:meth:`MakeReader.sub_makes`);
- what only a run of Make knows is :data:`~.shell.UNKNOWN`: a variable the files
  do not define (the environment, the command line), ``$@`` of a pattern rule,
  the other automatic variables, a function of what a run knows (``$(notdir $@)`` of a
  pattern rule, ``$(shell …)``; but ``$(shell go env GOARCH)`` and ``GOOS`` are the platform
  every Dockerfile is read for, :data:`PLATFORM_QUERIES`), a
  variable given different values on the two sides of a conditional (both are
  read: which is taken depends on the run);
- ``include`` of files named without variables left unknown, each once
  (``-include`` and ``sinclude`` too), relative to the directory ``make`` runs in
  (the first Makefile's), also in an included file: GNU Make looks for an include
  in its working directory, not beside the file that names it (Mayan EDMS's
  ``makefiles/*.mk`` include each other as ``makefiles/config.mk``); a name with a
  shell pattern (``make/_shared/*/00_mod.mk``) is the files it matches, in order.
- ``export NAME = value`` and ``export NAME``: the variables each recipe's shell is
  given in its environment (what a ``docker compose`` command of it passes on); a bare
  ``export`` (or a ``.EXPORT_ALL_VARIABLES:`` rule) gives it every variable.

A recipe's ``helm install|upgrade|template … -f F`` and ``ct install
--helm-extra-set-args`` install the project's chart with those values
(``make deploy``; see :mod:`._helm_cmd`), as in a script.

The environment does not override the Makefile's values here (``make`` lets it
for ``?=``): the answer does not depend on who runs the check.
"""

from __future__ import annotations

import fnmatch
import functools
import glob
import os
import re
from types import MappingProxyType
from typing import NamedTuple

from ..._lazy import lazy_method, lazy_pattern
from .._context_cache import stat_of
from ..discover import MAKEFILE_NAMES, command_file_kind, may_run_make
from ._common import read_text
from ._engine_commands import MAKE_PROGRAMS, known
from ._helm_cmd import may_install
from ._make_conditionals import Conditionals
from ._make_functions import ARITY, absolute, apply, has_pattern, is_unknown, stem_of
from ._make_patterns import instances, matching_patterns, pattern_keys
from ._make_shell import evaluate
from ._make_templates import bindings, is_template
from ._runs import may_run, runs_in
from ._shell_text import closing, continues
from ._shell_values import MAX_BYTES, UNKNOWN, is_privilege_switch, plain_text, unknown_for
from .shell import ShellReader, built_by, may_build, may_pull, pulls_scan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

    from ...occurrence import Scan
    from ..project import BuildConfig, BuildFile, BuiltImage, ChartRelease, ComposeRun
    from ._compose_cmd import ShellCompose
    from ._helm_cmd import ShellChart
    from ._runs import Running
    from ._shell_values import ShellBuild, ShellPull

    #: A file's recipes' builds, compose commands and chart installs, with the directory they
    #: run in.
    Recipes = tuple[str | None, str | None, list[ShellBuild], list[ShellCompose], list[ShellChart]]
    #: The files a reading looked at, with their state.
    _Inputs = dict[str, tuple[int, int] | None]
    #: Where Makefile text is written: its file, its first line and its last.
    _Place = tuple[str | None, int, int]

__all__ = [
    "MAKEFILE_NAMES",
    "PLATFORM_QUERIES",
    "MakeReader",
    "forget",
    "is_makefile_name",
    "make_run_builds",
    "may_run_make",
    "read_makefile",
    "scan_makefile",
]

#: Each ``make`` command's readings (see :func:`make_run_builds`): for each environment it was
#: read in, what it gave (see :class:`_Made`); the most commands kept.
_MADE: dict[tuple[object, ...], list[_Made]] = {}
_MAX_MADE = 1024
#: Which scan this is (see :func:`forget`): a reading whose files were found unchanged in
#: this scan is not looked at again (micropython's CI scripts run ``make`` 8,000 times: its
#: 1.6 million file checks were a tenth of a one-file check).
_SCAN = [0]
#: The readings of each Makefile's variant targets (see ``MakeReader._variant_builds``).
_VARIANTS: dict[tuple[object, ...], _KeptVariants] = {}
#: Each Makefile parsed in this scan, for its reader's arguments (see :func:`_parsed`;
#: ``None``: it could not be read), the oldest forgotten past the most kept.
_PARSED: dict[tuple[object, ...], list[_Parsed]] = {}
_MAX_PARSED = 256
#: How a ``$(filter …)`` names the goals it filters (see ``MakeReader._goals_filter``).
_GOALS_TEXTS = ("$(MAKECMDGOALS)", "${MAKECMDGOALS}")
_MAX_PARSED_READINGS = 512
#: The most environments a command's readings are kept for.
_MAX_MADE_ENVIRONMENTS = 16
#: A name as the files of a reading may write it.
_WORD = lazy_pattern(r"[A-Za-z_][A-Za-z0-9_]*")
#: The most files one reading includes, and how deep.
_MAX_FILES = 50
_MAX_INCLUDE_DEPTH = 10
#: How deep values made of values are expanded (past it: unknown).
_MAX_EXPANSION_DEPTH = 32
#: How many references one expansion may put in (``A = $(B)$(B)``, ``B = $(C)$(C)``… doubles).
_MAX_STEPS = 10_000
MAX_VALUE = 64 * 1024
#: The most lines ``$(eval …)`` gives a Makefile's reading (templates' rules, see
#: :meth:`MakeReader._rules_evaluated`).
_MAX_EVALUATED_LINES = 20_000
#: The largest file ``$(shell cat FILE)`` is read from (a version, an image's name).
_MAX_FILE_TEXT = 4096

#: GNU Make's functions: ``$(name args)`` is a call, whose result only a run knows.
_FUNCTIONS = frozenset(
    {
        "subst", "patsubst", "strip", "findstring", "filter", "filter-out", "sort", "word",
        "words", "wordlist", "firstword", "lastword", "dir", "notdir", "suffix", "basename",
        "addsuffix", "addprefix", "join", "wildcard", "realpath", "abspath", "error",
        "warning", "info", "shell", "origin", "flavor", "foreach", "if", "or", "and", "call",
        "eval", "file", "value", "let", "intcmp",
    }
)  # fmt: skip
#: What ``$(shell …)`` of Go's platform prints on the platform every Dockerfile is read for,
#: ``linux/amd64`` (``go env`` prints ``runtime.GOOS``/``GOARCH`` unless the environment sets
#: them): kubernetes-sigs/cluster-api's ``ARCH ?= $(shell go env GOARCH)``, passed as
#: ``--build-arg ARCH=$(ARCH)`` to ``FROM gcr.io/distroless/static:nonroot-${ARCH}``.
PLATFORM_QUERIES = MappingProxyType(
    {
        "go env GOARCH": "amd64",
        "go env GOOS": "linux",
        "go env GOHOSTARCH": "amd64",
        "go env GOHOSTOS": "linux",
        # (and what `uname` prints there: thanos-io/thanos's `arch = $(shell uname -m)`)
        "uname -m": "x86_64",
        "uname -s": "Linux",
        "uname": "Linux",
    }
)
#: How many targets that need a recipe's target are looked through (see ``_askers``).
_MAX_ASKERS = 256
#: How many times the targets of pattern rules' prerequisites are looked for in turn.
_MAX_CHAIN = 4
#: How many ``make`` runs of recipes deep a reading follows (see :meth:`MakeReader.sub_makes`).
_MAX_SUB_MAKE_DEPTH = 4
#: The variables GNU Make defines itself, when the files do not (see :meth:`MakeReader._built_in`).
_BUILT_IN = frozenset({"CURDIR", "MAKE", "MAKEFILE_LIST"})
#: A reference to one variable, with a substitution or not: ``$(NAME)``, ``${NAME:%/=%}``.
_REFERENCE = lazy_method(
    r"\$(?:\((?P<name>[A-Za-z_][\w.-]*)(?::[^()$]*)?\)|\{(?P<braced>[A-Za-z_][\w.-]*)(?::[^{}$]*)?\})",
    "fullmatch",
)
#: The most words a ``$(foreach …)`` is expanded for, and targets a recipe is read for.
_MAX_LOOP_WORDS = 256
_MAX_TARGET_RUNS = 32
#: A recipe's automatic variables that differ from one target to the next (``$@``, ``$*``,
#: ``$<``, ``$^``).
_AUTOMATIC = lazy_pattern(r"\$[@*<^]|\$[({][@*<^][DF]?[)}]")
_CONDITIONALS = ("ifeq", "ifneq", "ifdef", "ifndef")
_OPERATORS = (":::=", "::=", ":=", "?=", "+=", "!=", "=")


def is_makefile_name(name: str) -> bool:
    """``Makefile``, ``makefile``, ``GNUmakefile`` or ``*.mk``.

    >>> is_makefile_name("Makefile"), is_makefile_name("docker.mk"), is_makefile_name("make")
    (True, True, False)
    """
    return command_file_kind(name) == "make"


def _runs_from(path: str) -> str:
    """The directory ``make`` runs in for a Makefile of the project: its own; for one run as
    a program by its first line (``#!/usr/bin/make -f``, named as no Makefile is), the one
    above it, as Debian's ``debian/rules`` is run from the source tree's top (syslog-ng's
    ``dbld/rules``, run as ``dbld/rules image-…`` in CI, with ``ROOT_DIR=$(shell pwd)`` and
    ``DBLD_DIR=$(ROOT_DIR)/dbld``)."""
    directory = os.path.dirname(path)
    if is_makefile_name(os.path.basename(path)):
        return directory
    return os.path.dirname(directory)


def read_makefile(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The images a Makefile's recipes build (``BuildSite`` tool ``make``); never raises.

    A Makefile that cannot be read, or is larger than ``max_bytes``, builds nothing here.
    """
    from ..project import BuildFile

    reader = MakeReader(max_bytes=max_bytes, directory=_runs_from(path))
    text = reader.read_file(path)
    if text is None:
        return BuildFile(path=path)
    data = text.encode()
    if not (
        may_build(data)
        or "include" in text
        or may_run(data)
        or may_install(data)
        or may_run_make(data)
        or b"envsubst" in data  # (a render of kustomize's build: see ._shell_tools)
    ):
        return BuildFile(path=path)
    reader.parse(text, path)
    images: list[BuiltImage] = []
    configs: list[BuildConfig] = []
    runs: list[ComposeRun] = []
    start = _runs_from(path)  # (make runs each recipe line in the directory it runs in)
    releases: list[ChartRelease] = []
    from ..context import project_root

    # (the Makefiles a recipe runs make on are the project's: below its root, else this one's)
    root = project_root(path) or os.path.dirname(os.path.abspath(path))
    for file, directory, builds, composes, charts in reader.builds(root):
        found = built_by(builds, "make", file, directory, composes=composes, charts=charts)
        images.extend(found.built)
        configs.extend(found.builds)
        runs.extend(found.composes)
        releases.extend(found.charts)
    included, pulled = _included_pulls(reader, path)
    found = BuildFile(
        dict.fromkeys(configs),  # (a recipe read again for a target that asks for it)
        dict.fromkeys(images),
        pulled,
        path=path,
        inputs=reader.inputs,
        composes=runs,
        charts=releases,
        reads=included,
    )
    if may_run(data) or "include" in text:
        from ._runs import Running

        # The scripts its recipes run, with the variables the recipe gives them (._runs).
        # (a recipe's own `make` commands are its sub-makes, read above)
        running = Running(
            start, project_root(path), file=path, max_bytes=max_bytes, follows_make=False
        )
        reader.run_scripts(running, path)
        found = running.into(found)
    return found


#: A recipe line that only sets a variable: ``$(eval BUILDTYPE = local)`` (see
#: ``MakeReader._setters_evaluated``).
_EVAL_ASSIGNMENT = lazy_pattern(
    r"[@+-]*\$\(eval\s+([A-Za-z_][\w.-]*)\s*(:::=|::=|:=|\?=|\+=|=)\s*([^$()]*?)\s*\)"
)
#: The last word of a compose command read without its verb (see _files_a_run_chooses).
_COMPOSE_PROGRAMS = frozenset({"compose", "docker-compose", "podman-compose"})
#: A compose file a Makefile names after ``-f`` (``-f add-device-bacnet-ip.yml``), as written.
_NAMED_COMPOSE_FILE = lazy_pattern(r"(?<![\w-])-f[ \t]+([\w./-]+\.ya?ml)(?![\w.-])")


def _included_pulls(reader: MakeReader, path: str) -> tuple[list[str], Scan]:
    """The files a Makefile includes that have recipes, and the images those recipes run or
    pull, read through it (with its variables), each in its own file: cert-manager's
    ``make/e2e-setup.mk`` runs ``$(CRANE) pull $(IMAGE_WITHOUT_DIGEST)``, whose image comes
    from ``$(CRI_ARCH)``, which the ``Makefile`` that includes it sets. Such a file is read
    through its includer only (the includer ``reads`` it), as a compose file another
    includes is."""
    from ...occurrence import Scan

    included = list(
        dict.fromkeys(recipe.path for recipe in reader.recipes if recipe.path not in (None, path))
    )
    if not included and not reader.included_shells:
        return [], Scan((), ())
    pulled = [
        (pull.written_in(recipe.path), {"target": recipe.targets[0]} if recipe.targets else {})
        for recipe, pull in reader.pulls()
        if recipe.path is not None and recipe.path != path
    ]
    # (a file whose `$(shell …)` pulls, read through its includer: jenkinsci/docker-like
    # `NPROC = $(shell docker run …)` in an included file, expanded by the includer's recipe)
    files = [file for file in included if file is not None]
    files.extend(dict.fromkeys(p.path for p, _ in pulled if p.path and p.path not in files))
    return files, pulls_scan(path, [], "make", pulled)


def scan_makefile(path: str, *, text: str | None = None, max_bytes: int = MAX_BYTES) -> Scan:
    """The images a Makefile's own recipes run or pull (``docker run IMAGE``, ``docker pull``…),
    kind ``shell``, at the image's line: only those whose text the Makefile (and what it
    includes) settles; ``context``: ``tool`` (``make``), ``engine``, ``verb``, ``target``.
    Each image once a line. ``text``: the Makefile's text, when it is not read from ``path``
    (the files it includes are). A Makefile that cannot be read pulls nothing here; never
    raises.
    """
    from ...occurrence import Scan

    reader = MakeReader(max_bytes=max_bytes, directory=_runs_from(path))
    if text is None:
        text = reader.read_file(path)
    if text is None or not may_pull(text.encode()):
        return Scan((), ())
    reader.parse(text, path)
    lines = text.split("\n")
    pulls = (
        (pull, {"target": recipe.targets[0]} if recipe.targets else {})
        for recipe, pull in reader.pulls()
        if recipe.path == path  # (an included file's recipes are its own to report)
    )
    return pulls_scan(path, lines, "make", pulls)


class _Variable:
    """A variable as defined: its text, whether that is expanded on use, and whether the
    two sides of a conditional gave it different values (then only a run knows it; the
    value it had before is ``earlier``); ``where``: the conditionals' branches it was first
    set in; ``place``: the file and the lines its assignment is written on (where a ``$(shell
    …)`` of its value that runs an engine pulls, see :meth:`MakeReader.pulls`)."""

    __slots__ = ("ambiguous", "earlier", "place", "recursive", "value", "where")

    def __init__(self, value: str, recursive: bool, ambiguous: bool = False) -> None:
        self.value = value
        self.recursive = recursive
        self.ambiguous = ambiguous
        self.earlier: _Variable | None = None
        self.where: tuple[tuple[int, int], ...] = ()
        self.place: _Place | None = None

    def __deepcopy__(self, memo: dict[int, object]) -> _Variable:
        """A copy whose value an assignment (``+=``) may change (see :func:`_parsed`); what it
        was before copied too, its places shared (tuples)."""
        copied = _Variable(self.value, self.recursive, self.ambiguous)
        memo[id(self)] = copied
        if self.earlier is not None:
            earlier = memo.get(id(self.earlier))
            copied.earlier = (
                earlier if isinstance(earlier, _Variable) else self.earlier.__deepcopy__(memo)
            )
        copied.where = self.where
        copied.place = self.place
        return copied


class _Goals(_Variable):
    """``MAKECMDGOALS`` as a recipe's ``make`` command gives it (see :class:`MakeReader`), which
    notes whether its value was read (``read``) but by a ``$(filter …)`` of it (``probing``,
    see :meth:`MakeReader._goals_filter`), or changed (``written``): what a parse kept for
    other goals needs (see :func:`_parsed`)."""

    __slots__ = ("_text", "hit", "probing", "read", "written")

    def __init__(self, value: str) -> None:
        self.written = self.read = self.probing = self.hit = False
        self._text = value
        super().__init__(value, False)
        self.written = False  # (the value given above is the goals')

    @property
    def value(self) -> str:
        if self.probing:
            self.hit = True
        else:
            self.read = True
        return self._text

    @value.setter
    def value(self, text: str) -> None:
        self.written = True
        self._text = text


class _Recipe:
    __slots__ = ("line", "path", "targets", "text")

    def __init__(self, path: str | None, line: int, targets: tuple[str, ...], text: str) -> None:
        self.path = path
        self.line = line
        self.targets = targets
        self.text = text

    def __deepcopy__(self, memo: dict[int, object]) -> _Recipe:
        """Itself: a recipe is not changed once read (the copies of a kept reading share it)."""
        return self


class MakeReader:
    """One reading of a Makefile and the files it includes: variables, then recipes."""

    def __init__(
        self,
        *,
        max_bytes: int = MAX_BYTES,
        directory: str | None = None,
        command_line: Mapping[str, str] | None = None,
        environment: Mapping[str, str] | None = None,
        depth: int = 0,
        goals: tuple[str, ...] | None = None,
    ) -> None:
        self.max_bytes = max_bytes
        #: The variables of ``make``'s command line (``make -f F NAME=value``): simple, and no
        #: assignment of the files changes them but one that says ``override``.
        self.command_line = dict(command_line or {})
        #: The variables of ``make``'s environment (a CI step's, when it runs ``make``): the
        #: files' assignments win over them, but for ``?=`` (GNU Make, "Variables from the
        #: Environment"); exported to the recipes, as make does.
        given = {name: value for name, value in (environment or {}).items() if known(value)}
        self.variables: dict[str, _Variable] = {
            name: _Variable(value, False) for name, value in {**given, **self.command_line}.items()
        }
        self._goals_variable: _Goals | None = None
        if goals is not None:
            # (the goals of a recipe's `make compose ds-rest arm64`: GNU Make's MAKECMDGOALS,
            # which conditionals test; a Makefile run by hand has a run's)
            self._goals_variable = self.variables["MAKECMDGOALS"] = _Goals(" ".join(goals))
        #: The ``$(filter …)`` and ``$(filter-out …)`` of the goals the reading expanded: the
        #: function, its patterns and what it gave (see :meth:`_goals_filter`).
        self.goals_filters: list[tuple[str, str, str | None]] = []
        self.target_variables: dict[str, dict[str, _Variable]] = {}
        #: The target-specific variables each target exports (``dev: export NAME = value``).
        self.target_exported: dict[str, set[str]] = {}
        #: The stem of each target of a static pattern rule (``$*`` in its recipe), and of
        #: each target a pattern rule makes (see :meth:`_pattern_runs`).
        self.stems: dict[str, str] = {}
        #: The targets the files name that each pattern rule makes (see :mod:`._make_patterns`),
        #: once the files are read; the pattern-specific scopes of each target looked up.
        self._named_instances: dict[str, list[tuple[str, str]]] | None = None
        #: What each ``make`` command of the recipes builds, with the files it read, shared
        #: with the readings of those commands (see :meth:`sub_make_builds`).
        self._sub_builds: dict[tuple[object, ...], tuple[list[Recipes], _Inputs]] = {}
        #: The pattern rule that makes each of those targets (its prerequisites are theirs).
        self._made_by: dict[str, str] = {}
        #: The targets a pattern rule's prerequisite names once its stem is put in, each with
        #: the targets it makes that need it (``--%: docker-build-%``: see :meth:`_pattern_runs`).
        self._chained: dict[str, set[str]] = {}
        self._pattern_scopes: dict[str, list[dict[str, _Variable]]] = {}
        #: Each target written with variables (``.container-windows-$(ARCH)``), as written,
        #: and the prerequisites written as templates of variables (``.container-${OS}-$(ARCH)``):
        #: see :meth:`_variants`.
        self._written: dict[str, str] = {}
        self._templates: dict[str, None] = {}
        self._variant_values: dict[str, dict[str, str]] | None = None
        self.recipes: list[_Recipe] = []
        #: The Makefiles read so far, in order, as named (GNU Make's ``MAKEFILE_LIST``).
        self.makefiles: list[str] = []
        #: Each target's prerequisites (of all its rules, both sides of a conditional), and
        #: the first target, which ``make`` with none named builds.
        self.prerequisites: dict[str, list[str]] = {}
        self.default_goal: str | None = None
        #: The variables ``export`` puts in the recipes' environment; and those of the
        #: environment and the command line, whose names are letters, digits and underscores:
        #: GNU Make exports them ("Communicating Variables to a Sub-make"). apache/solr-operator's
        #: CI runs ``make e2e-tests SOLR_IMAGE="solr:9" KUBERNETES_VERSION=v1.26.6``, whose
        #: recipe's script pulls ``$SOLR_IMAGE`` (survey s49f).
        self.exported: set[str] = set(given).union(
            name for name in self.command_line if name.isascii() and name.isidentifier()
        )
        #: Where each ``define``'s text is written (file, first line): a recipe that pipes
        #: it into a build (``echo "$$NAME" | docker build -f -``) reads it as its Dockerfile.
        self.documents: dict[str, tuple[str | None, int]] = {}
        #: Whether a bare ``export`` (or ``.EXPORT_ALL_VARIABLES:``) exports every variable.
        self.export_all = False
        #: The files read besides the first: (modification time in ns, size), None if absent.
        self.inputs: dict[str, tuple[int, int] | None] = {}
        #: The compose files the texts read name after ``-f``, as written, in order.
        self.named_compose_files: dict[str, None] = {}
        #: Whether the goals are a run's (``make`` run by hand), not a recipe's.
        self._goals_unknown = goals is None
        #: Whether the targets that only ``$(eval)`` variables were read (:meth:`builds`).
        self._setters_done = False
        self._read: set[str] = set()
        #: The Makefile text a line's ``$(eval …)`` gives with rules in it (a ``define``
        #: template's, through ``$(call …)``), read in the line's place (see :meth:`parse`).
        self._evaluated: list[str] = []
        self._evaluated_lines = 0
        self._in_eval = 0
        #: Where ``make`` runs: the first file's directory (includes are relative to it),
        #: or the directory a recipe's ``make -f FILE`` runs in.
        self._directory: str | None = directory
        #: How many ``make`` runs of recipes led to this one (see :meth:`sub_makes`).
        self._depth = depth
        #: The arguments of the ``$(call …)`` being expanded, innermost last.
        self._calls: list[dict[str, str]] = []
        #: The variables of the ``$(foreach …)`` being expanded, innermost last.
        self._loops: list[tuple[str, str]] = []
        #: The project's root (see :meth:`root`), found when first needed.
        self._root: str | None = None
        #: The conditionals open where the reading is (see ``._make_conditionals``).
        self._conditionals = Conditionals()
        self._steps = 0
        #: Which side of the conditionals an expansion takes (None: neither, a run decides;
        #: 0: the value set first; 1: the value set last; N > 1: the one set N - 1 before the
        #: last, for the branches between), and whether one was met, and how many values
        #: the variables met have at most (see :meth:`_pulled_on_each_side`).
        self._side: int | None = None
        self._met_conditional = False
        self._met_values = 0
        #: Which side an ``$(if …)`` whose condition a run decides takes (None: neither), and
        #: whether an expansion met one (see :meth:`pulls`).
        self._if_side: int | None = None
        self._met_choice = False
        #: The targets whose target-specific variables an expansion also has, after the
        #: recipe's own: those that need the recipe's target (see :meth:`_askers`).
        self._asked_by: tuple[str, ...] = ()
        #: Where the text being read or expanded is written: the line read (an assignment, a
        #: recipe's line), then the assignment of each recursive variable being expanded in
        #: it, innermost last; and the pulls of the engine commands of the ``$(shell …)`` met
        #: so, each with the place and the targets of its expansion (see :meth:`pulls`).
        self._places: list[_Place] = []
        self._shell_pulls: dict[tuple[object, ...], tuple[_Recipe, ShellPull]] = {}
        #: Whether the expansions are Make's reading or :meth:`pulls`' (the others, of
        #: builds, keep none), and whether an included file has a ``$(shell …)`` that may pull.
        self._noting = False
        self.included_shells = False

    # --- reading ---------------------------------------------------------------------

    def read_file(self, path: str) -> str | None:
        """A file's text, once a reading (``None``: unreadable, too large, read already)."""
        real = os.path.realpath(path)
        if real in self._read or len(self._read) >= _MAX_FILES:
            return None
        self._read.add(real)
        if len(self._read) > 1:  # (what the result depends on besides the Makefile itself)
            self.inputs[path] = stat_of(path)
        text = read_text(path, self.max_bytes)
        return text if isinstance(text, str) else None

    def parse(self, text: str, path: str | None, depth: int = 0) -> None:
        """Read one file's lines: its variables, rules and recipes (and what it includes)."""
        if depth > 0 and "shell" in text and may_pull(text.encode()):
            self.included_shells = True  # (its `$(shell …)` may pull: see _included_pulls)
        if depth == 0 and not self._noting:
            self._noting = True  # (the `$(shell …)` Make runs as it reads: see pulls)
            try:
                self._read_lines(text, path, depth)
            finally:
                self._noting = False
                self._places = []
        else:
            self._read_lines(text, path, depth)

    def _read_lines(self, text: str, path: str | None, depth: int) -> None:
        """:meth:`parse`'s reading of the lines."""
        if self._directory is None:
            self._directory = os.path.dirname(path) if path is not None else ""
        if path is not None:  # (named from where make runs, as it names them)
            self.makefiles.append(os.path.relpath(path, self._directory or os.curdir))
        if "-f" in text:  # (the compose files it names: see _files_a_run_chooses)
            self.named_compose_files.update(dict.fromkeys(_NAMED_COMPOSE_FILE.findall(text)))
        lines = text.split("\n")
        numbers = list(range(1, len(lines) + 1))  # (an eval's lines are its line's)
        index = 0
        targets: tuple[str, ...] | None = None  # (the rule whose recipe lines follow)
        while index < len(lines):
            number = numbers[index]
            line = lines[index].rstrip("\r")
            index += 1
            if line == _EVAL_END:
                targets = None  # (an eval's text is a Makefile of its own: its rule ends there)
                continue
            if targets is not None and line.startswith("\t"):
                recipe = line[1:]
                while continues(recipe) and index < len(lines):
                    following = lines[index].rstrip("\r")
                    recipe += "\n" + following.removeprefix("\t")
                    index += 1
                if not self._conditionals.skipping():
                    self.recipes.append(_Recipe(path, number, targets, recipe))
                continue
            while continues(line) and index < len(lines):
                line = line[:-1].rstrip() + " " + lines[index].rstrip("\r").lstrip()
                index += 1
            self._places = [(path, number, numbers[index - 1])]  # (a $(shell …)'s pulls: there)
            line = _uncommented(line).strip()
            if not line:
                continue
            word, _, rest = line.partition(" ") if " " in line else line.partition("\t")
            if word in _CONDITIONALS:
                self._conditionals.open(self._condition(word, rest.strip()))
                continue
            if word == "else":
                after = rest.split(None, 1)
                if after and after[0] in _CONDITIONALS:
                    test = after[1] if len(after) > 1 else ""
                    self._conditionals.otherwise(self._condition(after[0], test))
                else:
                    self._conditionals.otherwise()
                continue
            if word == "endif":
                self._conditionals.close()
                continue
            if self._conditionals.skipping():
                if word == "define":  # (its lines are no directives)
                    index = self._define(line, lines, index, skipped=True)
                continue
            targets = None
            if word == "define":
                first = numbers[index] if index < len(lines) else number + 1
                index = self._define(line, lines, index, place=(path, first))
                defined = self.variables.get(line.split(None, 2)[1] if " " in line else "")
                if defined is not None and defined.place == self._places[0]:
                    defined.place = (path, number, numbers[index - 1])  # (all its lines)
                continue
            if word in ("include", "-include", "sinclude"):
                self._include(line.split(None, 1)[1:], depth)
                continue
            if word == "export":
                self._export(line)
            assignment = _assignment(line)
            if assignment is not None:
                if assignment[0] not in self.command_line or _overrides(line):
                    self._assign(self.variables, *assignment)
                continue
            if word == "export":
                continue
            if line.startswith(".EXPORT_ALL_VARIABLES:"):
                self.export_all = True  # (make's other way to export every variable)
                continue
            rule = _rule(line)
            if rule is None:
                if line.startswith(("$(", "${")):
                    self._evaluated.clear()
                    self.expand(line, ())  # (a line of functions: `$(eval $(call …))`)
                    evaluated = self._rules_evaluated()
                    if evaluated:
                        evaluated.append(_EVAL_END)
                    lines[index:index] = evaluated
                    numbers[index:index] = [number] * len(evaluated)
                continue
            written, rest = rule
            # (a rule's targets are expanded as Make reads it: `$(BUILD_DOCKER_ARCHS): …`)
            names = tuple(self.expand(written, ()).split()) or tuple(written.split())
            specific = _assignment(rest)
            if specific is not None:
                exports = rest.split(None, 1)[:1] == ["export"]
                self._pattern_scopes.clear()
                for target in names:
                    self._assign(self.target_variables.setdefault(target, {}), *specific)
                    if exports:  # (`dev: export JAEGER_VERSION = dev`: in its recipes' env)
                        self.target_exported.setdefault(target, set()).add(specific[0])
                continue
            targets = names
            rest = self._static_pattern(names, rest)
            needs, semicolon, recipe = rest.partition(";")
            if "$" in written or "$" in needs:
                self._note_templates(written, names, needs)
            self._prerequisites(names, needs)
            if semicolon and recipe.strip():
                self.recipes.append(_Recipe(path, number, targets, recipe.strip()))

    def _note_templates(self, written: str, names: tuple[str, ...], needs: str) -> None:
        """Keep a rule's targets written with variables, and its prerequisites written as
        templates of variables (see :meth:`_variants`)."""
        words = written.split()
        if "$" in written and len(words) == len(names):
            self._written.update(
                (name, word) for name, word in zip(names, words, strict=True) if "$" in word
            )
        self._templates.update(dict.fromkeys(word for word in needs.split() if is_template(word)))

    def _variants(self) -> dict[str, dict[str, str]]:
        """The targets written with variables that a prerequisite written as a template names
        only with other values of its variables than the files give, with those values (see
        :mod:`._make_templates`): containerd's ``.container-windows-$(ARCH)``, which
        ``.container-${OS}-$(ARCH)`` names with ``OS`` ``windows``, where the file says ``OS ?=
        linux``. Their recipes are read with those values (:meth:`_variant_builds`)."""
        if self._variant_values is not None:
            return self._variant_values
        found: dict[str, dict[str, str]] = {}
        for target in self._written:
            for template in self._templates:
                values = bindings(template, target)
                if not values:
                    continue
                given = {name: self.expand(f"$({name})", ()) for name in values}
                other = {name: value for name, value in values.items() if given[name] != value}
                if other and all(
                    name in self.variables and not is_unknown(given[name]) for name in other
                ):
                    found[target] = other
                    break
        self._variant_values = found
        return found

    def _variant_builds(self, root: str | None) -> list[Recipes]:
        """The builds of the recipes of :meth:`_variants`' targets, each read as ``make`` reads
        it when its command line gives the variables the target's name says.

        Those readings depend on the Makefile's files, the command line and the variants only
        (not the environment): they are kept (:data:`_VARIANTS`) while the files are unchanged,
        for a reading that begins with no sub-make read (what they read is then all they
        share). aquasecurity/tracee's CI steps and scripts run ``make`` some 160 times in as
        many environments, each reading its variant targets again (a cold one-file check of
        ``scripts/lib.sh`` parsed a Makefile 298 times, now 238)."""
        if not self.makefiles or self._depth >= _MAX_SUB_MAKE_DEPTH:
            return []
        first = os.path.join(self._directory or "", self.makefiles[0])
        variants = list(self._variants().items())[:_MAX_TARGET_RUNS]
        if not variants:
            return []
        if self._sub_builds:
            return self._read_variants(first, variants, root, self.inputs)
        key = (
            first,
            self._directory,
            tuple(sorted(self.command_line.items())),
            tuple((target, tuple(sorted(values.items()))) for target, values in variants),
            self._depth,
            root,
            self.max_bytes,
        )
        kept = _VARIANTS.get(key)
        if kept is not None and kept.matches():
            self._sub_builds.update(kept.sub_builds)
            self.inputs.update(kept.inputs)
            return list(kept.found)
        inputs: _Inputs = {}
        found = self._read_variants(first, variants, root, inputs)
        self.inputs.update(inputs)
        if key not in _VARIANTS and len(_VARIANTS) >= _MAX_MADE:
            _VARIANTS.pop(next(iter(_VARIANTS)))
        looked_at = {first: stat_of(first), **inputs}
        _VARIANTS[key] = _KeptVariants(found, dict(self._sub_builds), inputs, looked_at)
        return list(found)

    def _read_variants(
        self,
        first: str,
        variants: list[tuple[str, dict[str, str]]],
        root: str | None,
        inputs: _Inputs,
    ) -> list[Recipes]:
        """The builds of ``variants``' readings (see :meth:`_variant_builds`); the files they
        read added to ``inputs``."""
        found: list[Recipes] = []
        for target, values in variants:
            reader = _parsed(
                first,
                max_bytes=self.max_bytes,
                directory=self._directory,
                command_line={**self.command_line, **values},
                environment=None,
                depth=self._depth + 1,
                goals=(target,),
            )
            if reader is None:
                continue
            reader._sub_builds = self._sub_builds
            found.extend(reader.builds(root, reader.goals((target,))))
            inputs.update(reader.inputs)
        return found

    def _static_pattern(self, targets: tuple[str, ...], rest: str) -> str:
        """What follows a static pattern rule's target pattern (``TARGETS: PATTERN: NEEDS``),
        each target's stem (what ``%`` matches, ``$*`` in its recipe) kept in :attr:`stems`;
        ``rest`` itself when the rule is no such rule. Prometheus' ``Makefile.common``:
        ``$(BUILD_DOCKER_ARCHS): common-docker-%:``, one target an architecture."""
        needs, semicolon, recipe = rest.partition(";")
        static = _rule(needs)
        if static is None:
            return rest
        pattern = self.expand(static[0], ()).split()
        if len(pattern) != 1 or "%" not in pattern[0]:
            return rest
        for target in targets:
            stem = stem_of(pattern[0], target)
            if stem is not None:
                self.stems[target] = stem
        return static[1] + semicolon + recipe

    def _prerequisites(self, targets: tuple[str, ...], text: str) -> None:
        """A rule's prerequisites (expanded as Make reads them; ``|`` order-only ones too; a
        static pattern rule's ``%`` is each target's stem)."""
        needs = [word for word in self.expand(text, ()).split() if word != "|"]
        for target in targets:
            stem = self.stems.get(target)
            self.prerequisites.setdefault(target, []).extend(
                needs if stem is None else [word.replace("%", stem, 1) for word in needs]
            )
            if self.default_goal is None and not target.startswith(".") and "%" not in target:
                self.default_goal = target

    def goals(self, named: tuple[str, ...]) -> set[str]:
        """The targets a run of ``make`` with goals ``named`` (none: the first target) may
        build: them and, through the rules, their prerequisites."""
        pending = list(named) if named else [self.default_goal] if self.default_goal else []
        reached: set[str] = set()
        while pending:
            target = pending.pop()
            if target not in reached:
                reached.add(target)
                pending.extend(self.prerequisites.get(target, ()))
        return reached

    def _export(self, line: str) -> None:
        """``export NAME = value``, ``export NAME…``: what the recipes' shells are given; a
        bare ``export`` gives them every variable (Islandora's isle-dc ``include sample.env``
        then ``export``: its ``TAG=main`` is every ``docker compose`` command's)."""
        rest = line.split(None, 1)[1:]
        assignment = _assignment(line)
        if not rest or rest[0].lstrip().startswith("#"):
            self.export_all = True
        elif assignment is not None:
            self.exported.add(assignment[0])
        elif rest:
            self.exported.update(name for name in rest[0].split() if name.isidentifier())

    def _condition(self, word: str, text: str) -> bool | None:
        """Whether a conditional's test holds (``ifeq (A,B)``, ``ifeq "A" "B"``, ``ifneq``;
        ``ifdef NAME``: its value, unexpanded, is not empty; ``ifndef``); ``None`` when only a
        run knows: a value a run decides, a variable the files do not define."""
        if word in ("ifdef", "ifndef"):
            name = self.expand(text, ()).strip()
            found = self.variables.get(name)
            if found is None and name in _BUILT_IN:
                return word == "ifdef"
            if found is None or found.ambiguous or is_unknown(name):
                return None
            return bool(found.value) == (word == "ifdef")
        sides = _compared(text)
        if sides is None:
            return None
        left, right = (self.expand(side, ()).strip() for side in sides)
        if is_unknown(left) or is_unknown(right):
            if (_surely_not_empty(left) and not right) or (_surely_not_empty(right) and not left):
                # (containerd's CI gives `REMOTE_DOCKER_URL=${{ env.PUBLIC_IP }}:2376`, and
                # `ifneq ($(REMOTE_DOCKER_URL),)` adds the Windows images)
                return word == "ifneq"
            return None
        return (left == right) == (word == "ifeq")

    def _define(
        self,
        line: str,
        lines: list[str],
        index: int,
        *,
        skipped: bool = False,
        place: tuple[str | None, int] | None = None,
    ) -> int:
        """``define NAME [=]`` … ``endef``: a multi-line value (returns the line after);
        ``skipped``: in a branch Make skips, its lines passed over; ``place``: the file and
        line its text starts at (kept in :attr:`documents`)."""
        parts = line.split(None, 2)
        name = parts[1] if len(parts) > 1 else ""
        operator = parts[2].strip() if len(parts) > 2 else "="
        body: list[str] = []
        depth = 1
        while index < len(lines):
            text = lines[index].rstrip("\r")
            index += 1
            first = text.strip().split(None, 1)[:1]
            if first == ["define"]:
                depth += 1
            elif first == ["endef"]:
                depth -= 1
                if depth == 0:
                    break
            body.append(text)
        if name and operator in _OPERATORS and name not in self.command_line and not skipped:
            self._assign(self.variables, name, operator, "\n".join(body))
            if place is not None and operator != "+=":
                self.documents[name] = place
            else:
                self.documents.pop(name, None)  # (its text is no longer where one define is)
        return index

    def _include(self, arguments: list[str], depth: int) -> None:
        if not arguments or depth >= _MAX_INCLUDE_DEPTH:
            return
        base = self._directory or ""
        for name in self.expand(arguments[0], ()).split():
            if UNKNOWN in name:
                continue
            pattern = any(char in name for char in "*?[")
            files = self._matching(base, name) if pattern else [os.path.join(base, name)]
            for file in map(os.path.normpath, files):
                text = self.read_file(file)
                if text is not None:
                    self.parse(text, file, depth + 1)
                elif not pattern and not os.path.exists(file):
                    self.inputs.setdefault(file, None)

    def _matching(self, base: str, pattern: str) -> list[str]:
        """The files a shell pattern names, sorted: GNU Make expands an include's patterns as
        the shell does (cert-manager's ``-include make/_shared/*/00_mod.mk``, where ``CTR ?=
        docker`` is). Each directory listed is an input: a file added there changes what is
        included."""
        paths = ["/"] if pattern.startswith("/") else [base]
        for part in pattern.strip("/").split("/"):
            if not any(char in part for char in "*?["):
                paths = [os.path.join(path, part) for path in paths]
                continue
            matched: list[str] = []
            for directory in paths[:_MAX_FILES]:
                listed = directory or "."
                self.inputs.setdefault(listed, stat_of(listed))
                try:
                    names = sorted(os.listdir(listed))
                except OSError:
                    continue
                hidden = part.startswith(".")  # (the shell's * does not match a leading dot)
                matched.extend(
                    os.path.join(directory, name)
                    for name in fnmatch.filter(names, part)
                    if hidden or not name.startswith(".")
                )
            paths = matched
        return [path for path in paths if os.path.isfile(path)][:_MAX_FILES]

    def _assign(self, scope: dict[str, _Variable], name: str, operator: str, value: str) -> None:
        name = self.expand(name, ())
        if UNKNOWN in name or not name:
            return
        known = scope.get(name)
        place = self._places[-1] if self._places else None
        if operator == "?=":
            if known is None:
                scope[name] = made = _Variable(value, True)
                made.where = self._conditionals.where()
                made.place = place
            elif self._unset_on_this_side(known) and known.value != value:
                # (actions-runner-controller: `ifdef DOCKER_USER` sets DOCKER_IMAGE_NAME ?=
                # from it, its `else` ?= summerwind/…: a run without DOCKER_USER builds that)
                made = _Variable(value, True, ambiguous=True)
                made.earlier = known
                made.where = self._conditionals.where()
                made.place = place
                scope[name] = made
            return
        if operator == "+=":
            if known is None:
                scope[name] = made = _Variable(value, True)
                made.place = place
            elif known.recursive:
                known.value = f"{known.value} {value}"
            else:
                known.value = f"{known.value} {self.expand(value, ())}"
            return
        fresh = known is None
        if known is None:
            value = _own_default(name, value)
        if operator == "!=":
            # (the shell runs the value, expanded, as Make reads the line)
            self._note_shell(self.expand(value, ()), ())
            made = _Variable(unknown_for(value), False)
        elif operator == "=":
            made = _Variable(value, True)
        else:
            made = self._simply_expanded(value)
        if self._conditionals.uncertain() and known is not None and _differs(known, made):
            bottom = made  # (the first of the values it has on each side, if several)
            while bottom.earlier is not None:
                bottom = bottom.earlier
            bottom.ambiguous = True  # (one side of a conditional or the other: a run decides)
            bottom.earlier = known
        if fresh:
            made.where = self._conditionals.where()
        made.place = place
        scope[name] = made

    def _simply_expanded(self, value: str) -> _Variable:
        """The variable a ``:=`` assignment of ``value`` makes: its value expanded as Make
        reads the line. A value that uses a variable the branches of conditionals a run decides
        set has a value for each side, as that variable has (see :meth:`_assign`): nuclio's
        ``NUCLIO_ARCH := $(if $(NUCLIO_ARCH),$(NUCLIO_ARCH),$(NUCLIO_DEFAULT_ARCH))``, with
        ``NUCLIO_DEFAULT_ARCH`` ``armhf``, ``arm64`` or ``$(shell go env GOARCH || echo
        amd64)`` as an ``ifeq ($(GOARCH), arm)`` chain says, is one of the three, never a
        value only a run knows."""
        met, values = self._met_conditional, self._met_values
        self._met_conditional, self._met_values = False, 0
        try:
            made = _Variable(self.expand(value, ()), False)
            if not self._met_conditional or self._side is not None:
                return made
            count = min(max(self._met_values, 2), _MAX_SIDES)
            readings = [""] * count
            # (side 0: the value set first, 1: the last, N > 1: the one N - 1 before the last)
            for side, position in (
                (0, 0),
                (1, count - 1),
                *((n, count - n) for n in range(2, count)),
            ):
                self._side = side
                try:
                    readings[position] = self.expand(value, ())
                finally:
                    self._side = None
            made = _Variable(readings[0], False)
            made.where = self._conditionals.where()
            for reading in readings[1:]:
                later = _Variable(reading, False, ambiguous=True)
                later.earlier = made
                later.where = made.where
                made = later
            return made
        finally:
            self._met_conditional, self._met_values = met, values

    def _unset_on_this_side(self, known: _Variable) -> bool:
        """Whether ``known`` was first set in another branch of a conditional a run decides,
        one still open here: a run that reads this branch has not set it."""
        if not self._conditionals.uncertain():
            return False
        # (each value set on another side: an `else ifeq …` branch's `?=`, then the `else`'s)
        each: _Variable | None = known
        while each is not None:
            if not self._conditionals.apart(each.where) or (
                each.earlier is None and each.ambiguous
            ):
                return False
            each = each.earlier if each.ambiguous else None
        return True

    # --- expanding -------------------------------------------------------------------

    def expand(self, text: str, targets: tuple[str, ...], depth: int = 0) -> str:
        """``text`` with Make's references put in (``$$`` is the shell's ``$``)."""
        if "$" not in text:
            return text
        if depth == 0:
            self._steps = 0
        out: list[str] = []
        index = 0
        length = len(text)
        while index < length:
            dollar = text.find("$", index)
            if dollar < 0 or dollar + 1 >= length:
                out.append(text[index:])
                break
            out.append(text[index:dollar])
            following = text[dollar + 1]
            if following == "$":
                out.append("$")
                index = dollar + 2
            elif following in "({":
                end = closing(text, dollar + 1)
                if end < 0:
                    out.append(UNKNOWN)
                    break
                out.append(self._reference(text[dollar + 2 : end], targets, depth))
                index = end + 1
            else:
                out.append(self._variable(following, targets, depth))
                index = dollar + 2
            if sum(map(len, out)) > MAX_VALUE:
                return UNKNOWN
        return "".join(out)

    def _reference(self, inner: str, targets: tuple[str, ...], depth: int) -> str:
        head = inner.split(None, 1)[0] if inner.strip() else ""
        if head in _FUNCTIONS and len(inner) > len(head) and inner[len(head)].isspace():
            if depth >= _MAX_EXPANSION_DEPTH:
                return UNKNOWN
            arguments = inner[len(head) :].lstrip()
            found = self._function(head, arguments, targets, depth)
            # (what only a run knows may still name an engine: `$(shell which podman)`)
            return unknown_for(inner) if found is None else found
        name = self.expand(inner, targets, depth + 1)
        if ":" in name and "=" in name.partition(":")[2]:
            # a substitution reference, $(VAR:.c=.o): $(patsubst %.c,%.o,$(VAR)), or the
            # pattern itself when it has a % (solr-operator's $(NAMESPACE:%/=%))
            name, _, change = name.partition(":")
            before, _, after = change.partition("=")
            if "%" not in before:
                before, after = f"%{before}", f"%{after}"
            return apply("patsubst", [before, after, self._variable(name, targets, depth)]) or ""
        return self._variable(name, targets, depth)

    def _undefined(self, text: str, targets: tuple[str, ...]) -> bool:
        """Whether ``text`` is a reference to a variable that nothing defines (``$(NAME)``,
        ``${NAME}``, ``$(NAME:a=b)``): a plain ``make`` run expands it to nothing, which is
        what ``$(or $(NAMESPACE),apache)`` falls back from, as the shell's ``${X:-default}``
        is read, and ``$(if $(X),$(X),default)``. Elsewhere (``$(if $(Y),a,b)``) the environment's
        stays a run's."""
        found = _REFERENCE(text.strip())
        if found is None:
            return False
        name = found.group("name") or found.group("braced")
        return (
            name not in self.variables
            and name not in _BUILT_IN
            and not any(name in self.target_variables.get(t, {}) for t in targets)
            and not any(bound == name for bound, _ in self._loops)
        )

    def _function(
        self, name: str, arguments: str, targets: tuple[str, ...], depth: int
    ) -> str | None:
        """``$(name arguments)`` as GNU Make expands it; ``None`` when only a run knows it.
        ``$(shell …)`` is a run's but for Go's platform (:data:`PLATFORM_QUERIES`) and ``pwd``
        (``$(CURDIR)``; with ``-P``, its real path); so are
        ``$(origin …)``, ``$(file …)`` and the like. ``$(eval …)``, ``$(info …)`` and
        ``$(warning …)`` expand to nothing (what an ``eval`` defines is not read), ``$(error
        …)`` stops the run (unknown)."""

        def expanded(text: str) -> str:
            return self.expand(text, targets, depth + 1)

        if name == "call":
            return self._call(arguments, targets, depth)
        if name in ARITY:
            parts = _arguments(arguments, ARITY[name])
            if name in ("filter", "filter-out") and self._goals_variable is not None:
                return self._goals_filter(name, parts, expanded)
            return apply(name, [expanded(part) for part in parts])
        if name in ("if", "or", "and"):
            parts = _arguments(arguments, 3 if name == "if" else None)
            return self._choice(name, parts, expanded, targets)
        if name == "foreach":
            return self._foreach(_arguments(arguments, 3), expanded)
        if name == "shell":
            command = expanded(arguments).strip()
            self._note_shell(command, targets)
            # (a query with a fallback, which the platform's answer makes unused: nuclio's
            # `$(shell go env GOARCH || echo amd64)`)
            query = " ".join(command.partition("||")[0].split())
            if query in PLATFORM_QUERIES:
                return PLATFORM_QUERIES[query]
            if query in ("pwd", "pwd -L", "pwd -P"):
                # (the directory make runs in, as `$(CURDIR)`: envoyproxy/gateway's
                # `ROOT_DIR := $(abspath $(shell pwd -P))`, whose examples its recipes pushd into)
                directory = self._built_in("CURDIR")
                return os.path.realpath(directory) if query.endswith("-P") else directory
            # (a pipeline that reads a file of the project: `$(shell cat NGINX_BASE)`)
            return evaluate(command, self._directory or os.curdir, self.root(), self.inputs)
        if name == "eval":
            self._in_eval += 1  # (a template's lines stay lines: they are Makefile text)
            try:
                text = expanded(arguments)
            finally:
                self._in_eval -= 1
            self._evaluate(text)
            return ""
        if name in ("info", "warning"):
            return ""
        if name == "value":
            found = self.variables.get(expanded(arguments).strip())
            return None if found is None or found.ambiguous else found.value
        if name == "wildcard":
            return self._wildcard(expanded(arguments))
        if name in ("abspath", "realpath"):
            words = expanded(arguments)
            if is_unknown(words):
                return None
            paths = absolute(words, os.path.abspath(self._directory or os.curdir)).split()
            if name == "realpath":  # (a file that is not there is left out)
                paths = [os.path.realpath(path) for path in paths if os.path.exists(path)]
            return " ".join(paths)
        return None

    def _note_shell(self, command: str, targets: tuple[str, ...]) -> None:
        """Keep the pulls of ``command``, which a ``$(shell …)`` (or a ``!=`` assignment) runs
        where it is expanded, at the place its text is written (see :meth:`pulls`)."""
        if not self._noting or not self._places or not _pulls_or_runs(command):
            return
        if not may_pull(command.encode()):
            return
        path, first, last = self._places[-1]
        reader = ShellReader(pulls=True)
        reader.read(command, first)
        for pull in reader.pulls or ():
            placed = pull.at(first, last)
            key = (path, first, placed.engine, placed.verb, placed.image)
            if key not in self._shell_pulls:
                self._shell_pulls[key] = (_Recipe(path, first, targets, command), placed)

    def _rules_evaluated(self) -> list[str]:
        """The lines the ``$(eval …)`` of the line just expanded gives that define rules (a
        template's rule and recipe: spiffe/spire's ``$(eval $(call image_rule,spire-server-
        image,spire-server,Dockerfile))``, whose recipe builds the image), to read next as
        Make does; none past a bound (an eval in a loop of many)."""
        lines = [line for text in self._evaluated for line in text.split("\n")]
        self._evaluated.clear()
        self._evaluated_lines += len(lines)
        return lines if self._evaluated_lines <= _MAX_EVALUATED_LINES else []

    def _evaluate(self, text: str) -> None:
        """``$(eval TEXT)``: TEXT read as lines of the Makefile. Only assignments are read here
        (a recipe's ``@$(eval BASE := BASE_IMAGE_controller-linux-$*)``, which the lines after
        it use); text with rules is kept for :meth:`parse` to read in the line's place, and
        text with conditionals is not read."""
        assignments = []
        # (a define directive of its own, not the word in a recipe's `echo "… not defined"`)
        defines = "define" in text and any(
            line.split(None, 1)[:1] == ["define"] for line in text.split("\n")
        )
        for line in text.split("\n"):
            line = _uncommented(line).strip()
            if not line:
                continue
            assignment = _assignment(line)
            if assignment is None and _rule(line) is not None and not defines:
                self._evaluated.append(text)
                return
            if assignment is None or line.split(None, 1)[0] in (*_CONDITIONALS, "define"):
                return
            assignments.append((assignment, _overrides(line)))
        for (name, operator, value), overrides in assignments:
            if name not in self.command_line or overrides:
                self._assign(self.variables, name, operator, value)

    def _choice(
        self,
        name: str,
        parts: list[str],
        expanded: Callable[[str], str],
        targets: tuple[str, ...],
    ) -> str | None:
        """``$(if COND,THEN,ELSE)``, ``$(or A,B…)``, ``$(and A,B…)``: only what is chosen is
        expanded. A condition whose emptiness a run decides leaves the choice to it, unless
        both sides are the same; a recipe's pulls read each side (:attr:`_if_side` 0: the
        condition, or the ``or``'s part, not empty; 1: empty, see :meth:`pulls`)."""
        if name == "if":
            chosen = list(parts[1:3]) + [""] * (3 - len(parts))
            if chosen[0].strip() == parts[0].strip() and self._undefined(parts[0], targets):
                # (`X := $(if $(X),$(X),latest)` is `X ?= latest`, or `$(or $(X),latest)`:
                # nuclio's NUCLIO_LABEL)
                return expanded(chosen[1])
            condition = expanded(parts[0]).strip()
            if not is_unknown(condition):
                return expanded(chosen[0] if condition else chosen[1])
            if self._if_side is not None:
                return expanded(chosen[self._if_side])
            sides = {expanded(part) for part in chosen[:2]}
            if len(sides) == 1:
                return sides.pop()
            self._met_choice = True
            return None
        value = ""
        for part in parts:
            value = "" if self._undefined(part, targets) else expanded(part).strip()
            empty = not value
            if is_unknown(value):
                if not value.replace(UNKNOWN, "").strip():
                    if self._if_side is None:
                        self._met_choice = True
                        return None  # (empty or not: a run's)
                    # (side 0 not empty: `or` stops at it, `and` goes on; side 1 empty:
                    # `or` goes on, `and` stops empty)
                    if (self._if_side == 0) == (name == "or"):
                        return value if name == "or" else ""
                    value = "" if name == "or" else value
                    continue
                empty = False  # (known text with it: not empty, whatever the rest)
            if empty == (name == "and"):
                return value
        return value

    def _foreach(self, parts: list[str], expanded: Callable[[str], str]) -> str | None:
        """``$(foreach NAME,WORDS,TEXT)``: TEXT expanded once a word, NAME that word. A word
        only a run knows is TEXT with NAME unknown, as ``$(addprefix …)`` puts its prefix on
        one: openmaptiles-tools' ``$(foreach ver,$(VERSION),--tag $(IMAGE_REPO)/postgis:
        $(ver))``, ``VERSION`` read from a file by ``$(shell sed …)``, still tags
        ``openmaptiles/postgis``."""
        if len(parts) < 3:
            return None
        name, words = expanded(parts[0]).strip(), expanded(parts[1])
        if is_unknown(name) or len(words.split()) > _MAX_LOOP_WORDS:
            return None  # (which variable, or too many words to follow)
        out: list[str] = []
        for word in words.split():
            self._loops.append((name, word))
            try:
                out.append(expanded(parts[2]))
            finally:
                self._loops.pop()
        return " ".join(out)

    def _wildcard(self, patterns: str) -> str | None:
        """``$(wildcard …)``: the files (and directories) each word names, relative to where
        ``make`` runs, a pattern's sorted (GNU Make 4.3). Each directory listed is an input.
        Prometheus' ``Makefile.common``: ``DOCKERFILE_VARIANTS ?= $(wildcard Dockerfile
        Dockerfile.*)``, the Dockerfiles it builds."""
        if is_unknown(patterns):
            return None
        base = self._directory or ""
        found: list[str] = []
        for word in patterns.split():
            if not has_pattern(word):
                if os.path.exists(os.path.join(base, word)):
                    found.append(word)
                continue
            directory, _, name = word.rpartition("/")
            if has_pattern(directory):
                found.extend(self._directory_pattern(base, word))
                continue
            listed = os.path.join(base, directory) or os.curdir
            self.inputs.setdefault(listed, stat_of(listed))
            try:
                names = sorted(os.listdir(listed))
            except OSError:
                continue
            hidden = name.startswith(".")  # (as the shell's, * does not match a leading dot)
            found.extend(
                f"{directory}/{match}" if directory else match
                for match in fnmatch.filter(names, name)
                if hidden or not match.startswith(".")
            )
        return " ".join(found)

    def _directory_pattern(self, base: str, word: str) -> list[str]:
        """``$(wildcard DIRS/NAME)`` whose directories are a pattern too: the paths the shell's
        glob matches, sorted; each directory listed is an input. k0s' ``embedded-bins/Makefile``:
        ``$(wildcard */Dockerfile)``, the directories whose Dockerfiles it builds."""
        root = base or None
        directories = glob.glob(word.rpartition("/")[0], root_dir=root)
        for listed in [base or os.curdir, *(os.path.join(base, found) for found in directories)]:
            self.inputs.setdefault(listed, stat_of(listed))
        return sorted(glob.glob(word, root_dir=root))

    def _goals_filter(
        self, name: str, parts: list[str], expanded: Callable[[str], str]
    ) -> str | None:
        """``$(filter PATTERNS,$(MAKECMDGOALS))`` (or ``filter-out``): what it gives depends on
        the goals only through which of them the patterns match, noted in
        :attr:`goals_filters` when the goals given were read (a parse kept is then the same
        for other goals that give the same; see :func:`_parsed`)."""
        variable = self._goals_variable
        if variable is None or len(parts) != 2 or parts[1].strip() not in _GOALS_TEXTS:
            return apply(name, [expanded(part) for part in parts])
        patterns = expanded(parts[0])
        variable.probing, variable.hit = True, False
        try:
            goals = expanded(parts[1])
        finally:
            variable.probing = False
        found = apply(name, [patterns, goals])
        if variable.hit:
            self.goals_filters.append((name, patterns, found))
        return found

    def _call(self, arguments: str, targets: tuple[str, ...], depth: int) -> str:
        """``$(call NAME,ARG1,ARG2…)``: NAME's value with ``$(1)``, ``$(2)``… the arguments
        (expanded first), ``$(0)`` NAME, as GNU Make expands it. A canned recipe's lines
        (a ``define`` of commands) are one command line each here, as Make runs them; in an
        ``$(eval …)``, lines of the Makefile, as Make reads them."""
        if depth >= _MAX_EXPANSION_DEPTH:
            return UNKNOWN
        parts = _arguments(arguments)
        name = self.expand(parts[0], targets, depth + 1).strip()
        if UNKNOWN in name or not name:
            return UNKNOWN
        frame = {"0": name}
        for number, part in enumerate(parts[1:], 1):
            frame[str(number)] = self.expand(part, targets, depth + 1)
        self._calls.append(frame)
        try:
            value = self._variable(name, targets, depth + 1)
        finally:
            self._calls.pop()
        return value if self._in_eval else _one_command_line(value)

    def _variable(self, name: str, targets: tuple[str, ...], depth: int) -> str:
        self._steps += 1
        if UNKNOWN in name or not name or self._steps > _MAX_STEPS:
            return UNKNOWN
        for bound, value in reversed(self._loops):
            if bound == name:
                return value  # (a $(foreach …)'s variable)
        if name.isdigit() and self._calls:
            return self._calls[-1].get(name, "")  # (an argument of the call; none: empty)
        if name == "@" and len(targets) == 1 and "%" not in targets[0]:
            return targets[0]
        if name == "*" and len(targets) == 1 and targets[0] in self.stems:
            return self.stems[targets[0]]  # (a static pattern rule's stem)
        if name in ("<", "^") and len(targets) == 1 and "%" not in targets[0]:
            needs = self._needs_of(targets[0])
            if needs is not None:
                return needs[0] if name == "<" else " ".join(dict.fromkeys(needs))
        if name[0] in "@<^+*?|%" and len(name) <= 2:
            return UNKNOWN  # the automatic variables
        found = None
        # (a target's own values, then its patterns', before those of the targets that ask
        # for it: vector's `target/%/vector: TRIPLE ?= …` over its asker's)
        for target in (*targets, *self._asked_by):
            found = self.target_variables.get(target, {}).get(name)
            for scope in self._patterns_of(target) if found is None else ():
                found = scope.get(name)
                if found is not None:
                    break
            if found is not None:
                break
        if found is None:
            found = self.variables.get(name)
        if found is None and name in _BUILT_IN:
            return self._built_in(name)
        if found is None:
            return "" if is_privilege_switch(name) else unknown_for(name)
        if found.ambiguous and _only_recipe_prefixes(found):
            return ""  # (`$(Q)docker build`, Q `@` or empty as V says: the same command runs)
        if found.ambiguous:
            if self._side is None:
                self._met_conditional = True
                self._met_values = max(self._met_values, _values_count(found))
                return unknown_for(f"{name} {found.value}")
            while self._side == 0 and found.ambiguous and found.earlier is not None:
                found = found.earlier
            # (side N > 1: the value N - 1 before the last, or the first)
            steps = self._side - 1
            while steps > 0 and found.ambiguous and found.earlier is not None:
                found = found.earlier
                steps -= 1
        value = found.value
        if found.recursive and depth >= _MAX_EXPANSION_DEPTH:
            return UNKNOWN
        if found.recursive:
            if found.place is not None and "shell" in found.value:
                self._places.append(found.place)  # (where its `$(shell …)` is written)
                try:
                    value = self.expand(found.value, targets, depth + 1)
                finally:
                    self._places.pop()
            else:
                value = self.expand(found.value, targets, depth + 1)
        if is_privilege_switch(name) and is_unknown(value):
            return ""  # (`sudo -E` or nothing, as a run finds: the command after it runs)
        if found.recursive and value.strip() == UNKNOWN:
            return unknown_for(f"{name} {found.value}")
        return value

    def _needs_of(self, target: str) -> list[str] | None:
        """A target's prerequisites, ``$^`` (``$<`` the first): those of the pattern rule that
        makes it, its stem put in, then those of its own rules; ``None`` when it has none, or
        one a run decides (``-f $<`` of ``image-%: docker/%.Dockerfile``)."""
        pattern = self._made_by.get(target)
        needs = [
            word.replace("%", self.stems.get(target, "%"), 1)
            for word in (self.prerequisites.get(pattern, []) if pattern is not None else [])
        ] + self.prerequisites.get(target, [])
        if not needs or any(is_unknown(word) or "%" in word for word in needs):
            return None
        return needs

    def _patterns_of(self, target: str) -> list[dict[str, _Variable]]:
        """The pattern-specific variables of ``target``, the shortest stem first (see
        :mod:`._make_patterns`): apm-server's ``build/docker/apm-server-wolfi-%.txt:
        DOCKER_FILE_ARGS := -f packaging/docker/Dockerfile.wolfi``."""
        if "%" in target:
            return []
        found = self._pattern_scopes.get(target)
        if found is None:
            keys = pattern_keys(self.target_variables)
            found = [self.target_variables[key] for key in matching_patterns(target, keys)]
            self._pattern_scopes[target] = found
        return found

    def root(self) -> str:
        """The project's root: the files a ``$(shell …)`` may read are below it."""
        if self._root is None:
            from ..context import project_root

            directory = self._directory or os.curdir
            first = (
                os.path.abspath(os.path.join(directory, self.makefiles[0]))
                if self.makefiles
                else None
            )
            self._root = (project_root(first) if first else None) or os.path.abspath(directory)
        return self._root

    def _built_in(self, name: str) -> str:
        """GNU Make's own variables: ``CURDIR``, the directory ``make`` runs in (absolute, so
        that a recipe's ``cd`` does not move it), and ``MAKE``, the command that runs it."""
        if name == "CURDIR":
            return os.path.abspath(self._directory or os.curdir)
        if name == "MAKEFILE_LIST":
            return " ".join(self.makefiles)
        return "make"

    # --- recipes ---------------------------------------------------------------------

    def builds(self, root: str | None = None, goals: set[str] | None = None) -> list[Recipes]:
        """Each recipe line's build commands, compose commands and chart installs, as a shell
        of its own runs it, by file and the directory it runs in; with those of the Makefiles
        of the project (below ``root``) that a recipe runs ``make`` on (:meth:`sub_makes`).
        ``goals``: only the recipes of those targets (and of the pattern rules that match
        one)."""
        found: list[Recipes] = []
        self._setters_evaluated()
        if goals is None or any(target in goals for target in self._variants()):
            found.extend(self._variant_builds(root))
        needing: dict[str, set[str]] = {}  # (the targets that need each one, once a reading)
        for target, prerequisites in self.prerequisites.items():
            for prerequisite in prerequisites:
                needing.setdefault(prerequisite, set()).add(target)
        if goals is None and any("%" in t for recipe in self.recipes for t in recipe.targets):
            self._pattern_runs(goals)  # (the targets of pattern rules' prerequisites too)
            for chained, askers in self._chained.items():
                needing.setdefault(chained, set()).update(askers)
        staged: dict[tuple[str, ...], dict[str, str]] = {}  # (see ._make_staging)
        for recipe, targets in self._runs(goals):
            text = recipe.text.lstrip(" \t@+-")
            if "cp " in text:
                from ._make_staging import staged_copies

                copied = staged_copies(self.expand(text, targets), self._directory or "")
                staged.setdefault(targets, {}).update(copied)
            if "$" not in text and not _builds_or_tags(text) and "make" not in text:
                continue
            made = self._recipe_builds(recipe, text, targets, root)
            if staged.get(targets):
                from ._make_staging import restaged

                copies = staged[targets]
                made = [
                    (
                        path,
                        directory,
                        [restaged(build, copies) for build in built],
                        made_composes,
                        made_charts,
                    )
                    for path, directory, built, made_composes, made_charts in made
                ]
            found.extend(made)
            # (a pattern rule's run is for a target it makes: those that need that one ask)
            asked = tuple(dict.fromkeys((*recipe.targets, *targets)))
            for asker in self._askers(asked, goals, needing) if "$" in text else ():
                self._asked_by = asker
                try:
                    more = self._recipe_builds(recipe, text, targets, root)
                finally:
                    self._asked_by = ()
                found.extend(item for item in more if item not in found)
        return found

    def _setters_evaluated(self) -> None:
        """A target whose recipe only sets variables with ``$(eval NAME = value)`` sets them for
        the recipes Make expands after it in the same run: those of the prerequisites after
        it, of the targets that list it (read as those targets' own variables, which their
        prerequisites have: see :meth:`_askers`). CrunchyData/pg_tileserv's ``docker:
        bin-for-docker Dockerfile set-local build-common`` builds ``build-common``'s ``docker
        build --target $(BUILDTYPE)`` with ``set-local``'s ``$(eval BUILDTYPE = local)``, and
        ``multi-stage-docker`` with ``multi-stage``. Once a reading."""
        if self._setters_done:
            return
        self._setters_done = True
        setters: dict[str, list[tuple[str, str, str]]] = {}
        others: set[str] = set()  # (those whose recipe does more: no setter)
        for recipe in self.recipes:
            found = _EVAL_ASSIGNMENT.fullmatch(recipe.text.strip())
            for target in recipe.targets:
                if found is None:
                    others.add(target)
                else:
                    name, operator, value = found.groups()
                    setters.setdefault(target, []).append((name, operator, value))
        if not setters.keys() - others:
            return
        for target, prerequisites in list(self.prerequisites.items()):
            for prerequisite in prerequisites:
                if prerequisite in others:
                    continue
                for name, operator, value in setters.get(prerequisite, ()):
                    scope = self.target_variables.setdefault(target, {})
                    self._assign(scope, name, operator, value)

    def _askers(
        self, targets: tuple[str, ...], goals: set[str] | None, needing: dict[str, set[str]]
    ) -> list[tuple[str, ...]]:
        """The targets that need one of ``targets`` (as a prerequisite, at any depth) and set
        target-specific variables: GNU Make runs a prerequisite's recipe with the variables of
        the target that asks for it. ingress-nginx's ``images/Makefile`` says ``push: OUTPUT
        = --push`` and ``push: build``: ``make push`` runs ``build``'s ``docker buildx build
        … $(OUTPUT)`` with ``--push``, ``make build`` with nothing (``needing``: the targets
        that need each one)."""
        found: list[tuple[str, ...]] = []
        pending = list(targets)
        below: dict[str, str | None] = dict.fromkeys(targets)  # (the target each asks for)
        while pending and len(below) <= _MAX_ASKERS:
            current = pending.pop()
            for asker in sorted(needing.get(current, ())):
                if asker not in below:
                    below[asker] = current
                    pending.append(asker)
                    scoped = asker in self.target_variables or self._patterns_of(asker)
                    if scoped and (goals is None or asker in goals):
                        # (the values of each target between, the nearest first: a target's
                        # own values win over those it inherits, as Make gives them)
                        chain: list[str] = [asker]
                        step = below[asker]
                        while step is not None and step not in targets:
                            chain.append(step)
                            step = below[step]
                        found.append(tuple(reversed(chain)))
        # (a target whose values a target above it completes is asked for by that one:
        # `--ubuntu18.04-amd64`'s OS with `ubuntu18.04-amd64`'s ARCH, not alone)
        inner = {step for chain in found for step in chain[:-1]}
        return [chain for chain in found if chain[-1] not in inner]

    def _recipe_builds(
        self, recipe: _Recipe, text: str, targets: tuple[str, ...], root: str | None
    ) -> list[Recipes]:
        """What one recipe line builds, expanded for ``targets`` (see :meth:`builds`)."""
        found: list[Recipes] = []
        self._met_conditional = False
        self._met_values = 0
        expanded = self.expand(text, targets)
        if root is not None and "make" in expanded:
            forwards = "MAKECMDGOALS" in text
            found.extend(self.sub_make_builds(expanded, root, forwards=forwards, targets=targets))
        builds, composes, charts = self._read_builds(recipe, text, expanded, targets)
        if self._met_conditional and self._goals_unknown and composes:
            composes = self._files_a_run_chooses(composes, targets)
        if self._met_conditional:
            either = self._built_either_way(recipe, text, targets)
            # (a build the sides give with the same names and Dockerfile is theirs: the
            # reading with a run's value in the command did not see a `--target` in it)
            sides = {(build.names, build.dockerfile) for build in either}
            builds = [
                build
                for build in builds
                if (build.names, build.dockerfile) not in sides
                or _either_key(build) in {_either_key(side) for side in either}
            ]
            known = {_either_key(build) for build in builds}
            builds.extend(build for build in either if _either_key(build) not in known)
        if builds or composes or charts:
            found.append((recipe.path, self._directory, builds, composes, charts))
        return found

    def _runs(
        self, goals: set[str] | None = None, *, generic: bool = True
    ) -> Iterator[tuple[_Recipe, tuple[str, ...]]]:
        """Each recipe line with the targets it is expanded for, as Make runs a rule: its
        lines in order, for all its targets at once or, when a line uses ``$@`` or ``$*``, for
        each target on its own (a rule of several targets is one rule a target:
        ``$(BUILD_DOCKER_ARCHS): common-docker-%:``'s ``--build-arg ARCH="$*"``, once an
        architecture), all of one target's lines before the next target's (cert-manager's
        ``@$(eval BASE := BASE_IMAGE_controller-linux-$*)`` then ``--build-arg
        BASE_IMAGE=$($(BASE))``); ``goals``: only the rules, and targets, that make one. A
        pattern rule runs for each target the files (or ``goals``) name that it makes, and,
        run by hand (no ``goals``) and ``generic``, once more for any other (its name's
        ``$*`` unknown: the names it builds)."""
        rules: list[list[_Recipe]] = []
        variants = self._variants() if self._templates else {}
        for recipe in self.recipes:
            if goals is not None and not _makes_any(recipe.targets, goals):
                continue
            if variants and all(target in variants for target in recipe.targets):
                continue  # (a run with other values makes it: see _variant_builds)
            same = rules and rules[-1][0].targets is recipe.targets
            if same and rules[-1][0].path == recipe.path:
                rules[-1].append(recipe)
            else:
                rules.append([recipe])
        made = self._pattern_runs(goals) if any("%" in rule[0].targets[0] for rule in rules) else {}
        for rule in rules:
            targets = rule[0].targets
            if len(targets) < 2 or not (
                any(_AUTOMATIC.search(line.text) for line in rule) or self._scoped(targets)
            ):
                runs = [targets]
            else:
                chosen = [t for t in targets if goals is None or _makes_any((t,), goals)]
                runs = [(target,) for target in chosen[:_MAX_TARGET_RUNS]]
            named = [(name,) for target in targets for name, _ in made.get(target, ())]
            if named:
                # (a run by hand may name any other target a pattern makes: read as before too)
                runs = named[:_MAX_TARGET_RUNS] + (runs if goals is None and generic else [])
            for run in runs:
                for recipe in rule:
                    yield recipe, run

    def _chain(
        self, found: dict[str, list[tuple[str, str]]], names: dict[str, None]
    ) -> dict[str, None]:
        """The targets that the prerequisites of the pattern rules ``found`` making targets
        name, their stems put in, that ``names`` lacks; each noted with the targets that need
        it (:attr:`_chained`)."""
        more: dict[str, None] = {}
        for pattern, pairs in found.items():
            needs = [need for need in self.prerequisites.get(pattern, ()) if "%" in need]
            for name, stem in pairs:
                for need in needs:
                    made = need.replace("%", stem, 1)
                    if "%" in made or is_unknown(made):
                        continue
                    self._chained.setdefault(made, set()).add(name)
                    if made not in names:
                        more[made] = None
        return more

    def _scoped(self, targets: tuple[str, ...]) -> bool:
        """Whether a target of a rule of several has variables of its own (target- or
        pattern-specific): GNU Make runs the rule for each target with its own, so its
        recipe is read once a target, as one that uses ``$@`` is. NVIDIA's
        nvidia-container-toolkit builds ``$(IMAGE_TARGETS): image-%:`` for ``image-application``
        and ``image-packaging``, and ``%-packaging: INTERMEDIATE_TARGET := --target=packaging``
        stops only the second at its ``packaging`` stage (before, both were read as one run
        with ``--target=packaging``, and the application's stages were not pulled)."""
        return any(
            "%" not in target and (target in self.target_variables or self._patterns_of(target))
            for target in targets
        )

    def _pattern_runs(self, goals: set[str] | None) -> dict[str, list[tuple[str, str]]]:
        """Each pattern rule's targets that ``goals`` (none: the files) name, with their
        stems, which ``$*`` gives in its recipe (see :mod:`._make_patterns`). The files name
        the targets and the prerequisites of their rules."""
        if goals is None and self._named_instances is not None:
            return self._named_instances
        explicit = {t for recipe in self.recipes for t in recipe.targets if "%" not in t}
        # (GNU Make skips the implicit rule search for a phony target: cluster-api's
        # `.PHONY: docker-build-all` is no `docker-build-%` with the stem `all`)
        explicit.update(self.prerequisites.get(".PHONY", ()))
        patterns = (t for recipe in self.recipes for t in recipe.targets if "%" in t)
        if goals is None:
            names = dict.fromkeys(self.prerequisites)
            for needs in self.prerequisites.values():
                names.update(dict.fromkeys(needs))
            written = list(dict.fromkeys(patterns))
            found = instances(names, written, explicit)
            added = 0
            for _ in range(_MAX_CHAIN):
                # (a pattern rule's prerequisites, its stem put in, are targets too: make runs
                # `docker-build-ubuntu18.04-amd64` for `--ubuntu18.04-amd64` of `--%:
                # docker-build-%`, NVIDIA/nvidia-container-toolkit's docker/docker.mk)
                more = self._chain(found, names)
                added += len(more)
                if not more or added > _MAX_ASKERS:
                    break
                names.update(more)
                found = instances(names, written, explicit)
        else:
            found = instances(sorted(goals), patterns, explicit)
        for pattern, pairs in found.items():
            for name, stem in pairs:
                self.stems.setdefault(name, stem)
                self._made_by.setdefault(name, pattern)
        if goals is None:
            self._named_instances = found
        return found

    def _read_builds(
        self, recipe: _Recipe, text: str, expanded: str, targets: tuple[str, ...]
    ) -> tuple[list[ShellBuild], list[ShellCompose], list[ShellChart]]:
        builds: list[ShellBuild] = []
        composes: list[ShellCompose] = []
        charts: list[ShellChart] = []
        if not _builds_or_tags(expanded):
            return builds, composes, charts  # (nothing in it builds, tags, installs a chart)
        documents = {  # (defines of the recipe's own file: where its builds are reported)
            name: first for name, (where, first) in self.documents.items() if where == recipe.path
        }
        for line in recipe_lines(expanded, text):
            # (make runs the line in its directory, where `$$(cat FILE)` finds the file:
            # akvorado's `--build-arg NODE_VERSION=$$(cat console/frontend/.nvmrc)`)
            reader = ShellReader(
                self._environment(targets), documents=documents, files=self._directory, cwd=""
            )
            builds.extend(reader.read(line, recipe.line))
            composes.extend(reader.composes)
            charts.extend(reader.charts)
            self.inputs.update(reader.inputs)
        return builds, composes, charts

    def _built_either_way(
        self, recipe: _Recipe, text: str, targets: tuple[str, ...]
    ) -> list[ShellBuild]:
        """The builds of a recipe line whose variables a conditional sets, that it runs on
        both sides of the conditionals with the same names: Loki's ``OCI_BUILD`` is ``docker
        buildx build`` in CI and ``docker build`` elsewhere, ``-t rootfsimage`` either way.
        Each side's build is one a run makes: arangodb/kube-arangodb's ``docker`` recipe builds
        ``-f $(DOCKERFILE)``, ``Dockerfile.debug`` when ``DEBUG`` is true and ``Dockerfile``
        otherwise, with the same ``--build-arg`` values and names; NVIDIA/KAI-Scheduler's
        ``docker-build-generic`` builds ``--target debug`` when ``DEBUG`` is 1 and ``--target
        prod`` otherwise: both stages are pulled, each by a run; nuclio/nuclio's ``--build-arg
        ALPINE_IMAGE=$(NUCLIO_DOCKER_ALPINE_IMAGE)``, set in each branch of an ``ifeq … else
        ifeq … else`` chain, passes each branch's image (every branch a side). Names that differ, a
        registry for CI and another for local runs, stay a run's; but where one side's names
        are all a run's (``-t ${DOCKER_USER}/…`` when the environment gives ``DOCKER_USER``),
        the other side's are what a run without it builds (actions-runner-controller's
        ``summerwind/actions-runner-controller``)."""
        sides: list[list[ShellBuild]] = []
        # (an `else ifeq …` chain gives a value between the first and the last: each, up to
        # _MAX_SIDES, as for pulls: see _pulled_on_each_side)
        for side in (0, 1, *range(2, min(self._met_values, _MAX_SIDES))):
            self._side = side
            try:
                expanded = self.expand(text, targets)
            finally:
                self._side = None
            sides.append(self._read_builds(recipe, text, expanded, targets)[0])
        names = [{build.names for build in side} for side in sides]
        nameless = [{build.dockerfile for build in side if not build.names} for side in sides]
        either: list[ShellBuild] = []
        seen: set[tuple[object, ...]] = set()
        for index, built in enumerate(sides):
            others = [other for other in range(len(sides)) if other != index]
            for build in built:
                key = _either_key(build)
                if key in seen:
                    continue
                # (the same names on every other side, or a Dockerfile another side builds
                # with no name)
                if all(build.names in names[other] for other in others) or (
                    build.names and any(build.dockerfile in nameless[other] for other in others)
                ):
                    seen.add(key)
                    either.append(build)
        return either

    def _files_a_run_chooses(
        self, composes: list[ShellCompose], targets: tuple[str, ...]
    ) -> list[ShellCompose]:
        """``composes``, each compose command whose files a variable gives that conditionals
        set (``docker compose -p edgex $(COMPOSE_FILES) config``, the goals a run's) read as
        one that may read any compose file the Makefile names after ``-f`` (see
        :attr:`~..project.ComposeRun.maybe`), with the variables of each side of the
        conditionals: edgex-compose's compose-builder is run as ``make run ds-bacnet-ip
        arm64``, its goals after the first select files and ``ARCH`` (``-arm64``, else
        empty)."""
        from ._compose_cmd import ShellCompose

        if not self.named_compose_files:
            return composes
        found = []
        for compose in composes:
            # (no verb read: a word of the files' variable, a run's, came where it would be)
            verb = compose.command.rpartition(" ")[2]
            if compose.files or compose.partial or verb not in _COMPOSE_PROGRAMS:
                found.append(compose)
                continue
            variants: dict[tuple[tuple[str, str], ...], dict[str, str]] = {}
            for side in (0, 1):
                self._side = side
                try:
                    environment = self._environment(targets)
                finally:
                    self._side = None
                variants.setdefault(tuple(sorted(environment.items())), environment)
            found.extend(
                ShellCompose(
                    compose.line,
                    compose.command,
                    (),
                    compose.env_files,
                    compose.project_directory,
                    environment,
                    compose.workdir,
                    partial=True,
                    maybe=tuple(self.named_compose_files),
                )
                for environment in variants.values()
            )
        return found

    def sub_make_builds(
        self, line: str, root: str, *, forwards: bool = False, targets: tuple[str, ...] = ()
    ) -> list[Recipes]:
        """What the project's Makefiles that an expanded recipe line runs ``make`` on build:
        ``make [-C DIR] [-f FILE] [NAME=value…] [targets]`` (``$(MAKE)`` is ``make``).

        harbor's ``build`` recipe runs ``make -f $(MAKEFILEPATH_PHOTON)/Makefile build -e
        BASEIMAGETAG=$(BASEIMAGETAG) …``: the sub-make's ``docker build --build-arg
        harbor_base_image_version=$(BASEIMAGETAG)`` has the value the command line gives.
        As GNU Make runs it: in the directory the recipe runs in (``-C DIR`` moves it, and so
        does a ``cd DIR`` or ``pushd DIR`` before it on the line; a ``for`` loop around it runs
        it once a word; where a run decides the directory, the command is not followed),
        ``-f FILE`` relative to that directory (by default its ``GNUmakefile``, ``makefile``
        or ``Makefile``), the command line's variables (and those this run was given) over
        the file's assignments but ``override`` ones; only the recipes of the goals it names
        (by default the first target) and of their prerequisites run (each reading comes
        with the targets it may build). A goal a run decides leaves the command unfollowed,
        but for the goals the run itself was given (``forwards``: the line says
        ``$(MAKECMDGOALS)``), which any of that Makefile's targets may be: all its recipes are
        read, as when it is read alone (envoyproxy/gateway's ``Makefile`` is a wrapper whose
        one recipe runs ``$(MAKE) -f tools/make/common.mk $(MAKECMDGOALS)``).
        At most :data:`_MAX_SUB_MAKE_DEPTH` levels; a Makefile outside ``root`` is not read.

        Its environment is the recipe's shell's: the variables this one exports (for
        ``targets``), and the command's ``NAME=value`` prefix over them, which the sub-make's
        assignments win over but for ``?=`` (GNU Make, "Communicating Variables to a
        Sub-make", "Variables from the Environment"): deepfence/ThreatMapper's ``export
        IMAGE_REPOSITORY?=quay.io/deepfenceio`` reaches ``(cd ./deepfence_server &&
        VERSION=$(VERSION) make image)``, whose ``docker build -t
        $(IMAGE_REPOSITORY)/deepfence_server_ce:$(DF_IMG_TAG)`` the Makefile there never sets.

        The same command in the same place is read once a reading (its sub-makes' too, at
        whichever depth it is first met):
        kubernetes-sigs/cluster-api's pattern rules run ``$(MAKE) ARCH=$* docker-build`` for
        each architecture, from many targets."""
        if self._depth >= _MAX_SUB_MAKE_DEPTH:
            return []
        found: list[Recipes] = []
        exported: dict[str, str] | None = None
        for command in _sub_make_commands(line, forwards=forwards):
            if exported is None:
                exported = self._environment(targets)
            environment = {**exported, **command.environment}
            key = (
                command.file,
                command.directories,
                tuple(sorted({**self.command_line, **command.variables}.items())),
                tuple(sorted(environment.items())),
                command.goals,
                self._directory,
                root,
            )
            kept = self._sub_builds.get(key)
            if kept is None:
                inputs: dict[str, tuple[int, int] | None] = {}
                reading = _made(
                    command,
                    self._directory or "",
                    root,
                    max_bytes=self.max_bytes,
                    command_line=self.command_line,
                    depth=self._depth + 1,
                    inputs=inputs,
                    environment=environment,
                )
                builds: list[Recipes] = []
                if reading is not None:
                    reader, goals = reading
                    reader._sub_builds = self._sub_builds
                    builds = reader.builds(root, goals)
                    inputs.update(reader.inputs)
                kept = self._sub_builds[key] = (builds, inputs)
            found.extend(kept[0])
            self.inputs.update(kept[1])
        return found

    def run_scripts(
        self,
        running: Running,
        path: str,
        goals: set[str] | None = None,
        inherited: Mapping[str, str] | None = None,
    ) -> None:
        """Each recipe line's commands that run a script of the project, read with what the
        line gives it (its ``NAME=value`` prefix, the exported variables: see ``._runs``);
        ``goals``: only the recipes that make one; ``inherited``: the environment ``make``
        runs in, which its recipes' shells get under what it exports. They run in the
        directory ``make`` runs in (a sub-make's ``-C DIR``, ``cd DIR &&`` before it)."""
        cwd = running.directory(self._directory or os.curdir)
        for recipe, targets in self._runs(goals, generic=False):
            text = recipe.text.lstrip(" \t@+-")
            if "$" not in text and not runs_in(text):
                continue
            expanded = self.expand(text, targets)
            if not runs_in(expanded):
                continue
            running.file = recipe.path if recipe.path is not None else path
            for line in recipe_lines(expanded, text):
                environment = {**(inherited or {}), **self._environment(targets)}
                reader = ShellReader(environment, running=running, cwd=cwd)
                reader.read(line, recipe.line)

    def _environment(self, targets: tuple[str, ...]) -> dict[str, str]:
        """The exported variables a recipe's shell gets, with their values for its targets."""
        exported = self.exported.union(*(self.target_exported.get(t, ()) for t in targets))
        if self.export_all:
            exported = exported.union(self.variables)
        return {
            name: self.expand(f"$({name})", targets)
            for name in sorted(exported)
            if name in self.variables
            or any(name in self.target_variables.get(t, {}) for t in targets)
        }

    def pulls(self) -> list[tuple[_Recipe, ShellPull]]:
        """Each recipe line's commands that run or pull an image, with their recipe; and the
        engine commands of the ``$(shell …)`` that Make runs, each with a recipe of its own
        at the place it is written (its text: the command). GNU Make runs a ``$(shell …)``
        where it is expanded ("Flavors", "The shell Function"): one of a ``:=`` assignment
        (and of a conditional, a rule's targets, a ``!=`` assignment's command) as it reads
        the Makefile, one of a ``=`` or ``?=`` assignment where a recipe (or an immediate
        expansion) uses the variable: jenkinsci/docker's ``test-%: PARALLEL_JOBS ?= $(shell
        … $(shell docker run --rm alpine grep -c processor /proc/cpuinfo) …)``, used by the
        recipe of ``test-%``, pulls ``alpine``; one no recipe uses runs nothing."""
        self._noting = True
        try:
            found = self._recipe_pulls()
        finally:
            self._noting = False
            self._places = []
        found.extend(self._shell_pulls.values())
        return found

    def _recipe_pulls(self) -> list[tuple[_Recipe, ShellPull]]:
        """Each recipe line's pulls (see :meth:`pulls`)."""
        found: list[tuple[_Recipe, ShellPull]] = []
        for recipe, targets in self._runs(generic=False):
            text = recipe.text.lstrip(" \t@+-")
            if "$" not in text and not _pulls_or_runs(text):
                continue
            self._met_choice = self._met_conditional = False
            self._met_values = 0
            self._places = [(recipe.path, recipe.line, recipe.line + recipe.text.count("\n"))]
            expanded = self.expand(text, targets)
            if not _pulls_or_runs(expanded):
                continue
            pulls = _pulls_of(expanded, text, recipe.line, self._directory)
            if self._met_conditional or self._met_choice:
                pulls = self._pulled_on_each_side(text, targets, recipe.line)
            found.extend((recipe, pull) for pull in pulls)
        return found

    def _pulled_on_each_side(
        self, text: str, targets: tuple[str, ...], line: int
    ) -> list[ShellPull]:
        """The pulls of a recipe line whose variables the branches of a conditional a run
        decides set (see :meth:`_assign`), read with each side's values, as the builds of
        :meth:`_built_either_way` are: a run pulls the image one side names. open-horizon/anax's
        ``test/Makefile`` sets ``DOCKER_REG_INAME`` and ``DOCKER_REG_TAG`` in both branches of
        ``ifeq ($(arch),ppc64le)`` (``arch`` from ``$(shell ../tools/arch-tag)``), then runs
        ``docker run … $(DOCKER_REG_INAME)@$(DOCKER_REG_TAG)``: ``ibmcom/registry-ppc64le`` on
        one side, ``registry`` on the other, each at its digest. So is each side of an ``$(if
        …)`` (``$(or …)``, ``$(and …)``) whose condition a run decides, with each side of the
        conditionals: ``docker run $(if $(SLIM),alpine:3.20,debian:12)`` pulls either."""
        found: dict[tuple[str, str, str], ShellPull] = {}
        # (an `else ifeq …` gives a value between the first and the last: read each, up to
        # _MAX_SIDES; an `$(if …)`, `$(or …)`, `$(and …)` a run decides: each of its sides,
        # with each side of the conditionals)
        conditional = self._met_conditional
        sides = (0, 1, *range(2, min(self._met_values, _MAX_SIDES))) if conditional else (None,)
        for side in sides:
            self._side = side
            self._met_choice = False
            try:
                readings = [self.expand(text, targets)]
                if self._met_choice:
                    readings.clear()
                    for choice in (0, 1):
                        self._if_side = choice
                        readings.append(self.expand(text, targets))
            finally:
                self._side = self._if_side = None
            for expanded in readings:
                for pull in _pulls_of(expanded, text, line, self._directory):
                    found.setdefault((pull.engine, pull.verb, pull.image), pull)
        return list(found.values())


def _pulls_of(expanded: str, text: str, line: int, directory: str | None = None) -> list[ShellPull]:
    """The pulls of an expanded recipe line (``text`` as written, at ``line``), run in
    ``directory``: a ``sed`` there fills in a file of the project (see ``._sed_render``), a
    kind cluster's configuration whose node images it gives (projectsveltos/sveltos'
    ``sed -e "s/K8S_VERSION/$(K8S_VERSION)/g" test/$(KIND_CONFIG) > test/$(KIND_CONFIG).tmp``,
    then ``kind create cluster --config test/$(KIND_CONFIG).tmp``)."""
    found: list[ShellPull] = []
    for command in recipe_lines(expanded, text):
        fills = directory is not None and _FILLS_IN in command and ">" in command
        reader = ShellReader(pulls=True, files=directory if fills else None)
        reader.read(command, line)
        found.extend(reader.pulls or ())
    return found


def recipe_lines(expanded: str, written: str) -> list[str]:
    """The recipe lines that one written recipe line is, once expanded: itself, unless a
    multi-line variable (``define`` … ``endef``) put more lines in. GNU Make runs each line
    of such a canned recipe as a recipe line of its own, in its own shell, with its own
    ``@``, ``-`` and ``+`` prefixes (Loki's ``$(run_in_container)``: ``@docker build -t
    $(MAKEFILE_IMAGE)`` then ``docker run $(MAKEFILE_IMAGE)``). Each is read at the line
    that uses the variable, the place Make reports, its continuations joined. Make takes a
    line's prefixes off once it is expanded, so a variable may give them too
    (jaegertracing/jaeger-operator's ``VECHO = @``, then ``$(VECHO)docker run …``).
    """
    if expanded.count("\n") <= written.count("\n"):
        return [expanded.lstrip(" \t@+-")]
    lines: list[str] = []
    current = ""
    for physical in expanded.split("\n"):
        # (a continued line goes on; a new one loses its prefixes)
        current = f"{current[:-1]} {physical.strip()}" if current else physical.lstrip(" \t@+-")
        if current.endswith("\\"):
            continue
        if current.strip():
            lines.append(current)
        current = ""
    if current.strip():
        lines.append(current)
    return lines


#: A recipe's command that may fill in a file of the project (see :func:`_pulls_of`).
_FILLS_IN = "sed "


def _pulls_or_runs(text: str) -> bool:
    # ("image": kubectl's set image and --image, see ._kubectl)
    # ("copy", "cp", "export": a registry tool's, see ._registry_tools)
    # ("KO_DEFAULTBASEIMAGE": ko's base image, given to `ko build`)
    return (
        "run" in text
        or "pull" in text
        or "create" in text
        or (_FILLS_IN in text and ">" in text)  # (a kind configuration it writes: _pulls_of)
        or "image" in text
        or "copy" in text
        or "cp " in text
        or "export" in text
        or "KO_DEFAULTBASEIMAGE" in text
    )


def _builds_or_tags(text: str) -> bool:
    # ("helm", "ct ": a chart installed with values of the project's, see ._helm_cmd)
    return (
        (_may_build(text) and _BUILD_WORDS.search(text) is not None)
        or "compose" in text
        or "envsubst" in text
        or "helm" in text
        or "ct " in text
        or (
            ("copy" in text or "cp " in text or "push" in text)
            and _REGISTRY_TOOL_WORDS.search(text) is not None
        )
        or "goreleaser" in text  # (`goreleaser release -f FILE`: see ._goreleaser_cmd)
    )


#: A word that may build or name an image (``build``, ``buildx``, ``bud``, ``tag``, ``manifest``,
#: ``commit``, docker's ``bake``; a function's name too, ``build_images``) in a word of the line
#: that is no path (``build-standard/py/obj.o``, ``-Ibuild/genhdr``: micropython's compiler
#: lines are thousands of characters, and read for nothing).
_BUILD_WORDS = lazy_pattern(r"(?<!\S)[^\s/]*(?:build|bud|tag|manifest|commit|bake)[^\s/]*(?!\S)")


def _may_build(text: str) -> bool:
    # (the words of _BUILD_WORDS found first as they are: the expression looks at each word)
    return (
        "build" in text
        or "bud" in text
        or "tag" in text
        or "manifest" in text
        or "commit" in text
        or "bake" in text
    )


#: A registry tool's name (its copy or push makes an image: see ._registry_tools).
_REGISTRY_TOOL_WORDS = lazy_pattern(r"crane|skopeo|oras|regctl", re.IGNORECASE)


#: How many sides of conditionals a run decides a recipe line that pulls is read with, at most.
_MAX_SIDES = 8


def _values_count(found: _Variable) -> int:
    """How many values the branches of conditionals a run decides leave ``found`` (itself and
    those set before it on other sides, see :meth:`MakeReader._assign`)."""
    count = 1
    each = found
    while each.ambiguous and each.earlier is not None and count < _MAX_SIDES:
        each = each.earlier
        count += 1
    return count


def _either_key(build: ShellBuild) -> tuple[object, ...]:
    """What tells the builds of the sides of a conditional apart: the names, the Dockerfile,
    the stage built (``--target``), which decides the stages pulled, and the build arguments,
    which decide the images a ``FROM $ARG`` pulls (nuclio's ``--build-arg
    ALPINE_IMAGE=$(NUCLIO_DOCKER_ALPINE_IMAGE)``, one image for each branch of an ``else
    ifeq …`` chain)."""
    return (build.names, build.dockerfile, build.target, build.args, build.unresolved)


def _differs(known: _Variable, made: _Variable) -> bool:
    """Whether two branches of a conditional a run decides set a variable to different values.
    Compose's two commands are one: ``ifeq (, $(shell which docker-compose))`` choosing
    ``docker compose`` or ``docker-compose`` (openmaptiles' ``DOCKER_COMPOSE_COMMAND``) runs
    the same compose file either way."""
    return (_compose_as_one(known.value), known.recursive) != (
        _compose_as_one(made.value),
        made.recursive,
    )


def _compose_as_one(value: str) -> str:
    """``value`` with Compose v1's ``docker-compose`` written as v2's ``docker compose``."""
    words = value.split()
    if "docker-compose" not in words:
        return value
    return " ".join("docker compose" if word == "docker-compose" else word for word in words)


def _uncommented(line: str) -> str:
    """A Makefile line without its comment (``\\#`` is a ``#``)."""
    index = line.find("#")
    while index >= 0:
        if index == 0 or line[index - 1] != "\\":
            return line[:index]
        line = line[: index - 1] + line[index:]
        index = line.find("#", index)
    return line


_MODIFIERS = frozenset({"override", "export", "private", "unexport"})
#: Where the lines an ``$(eval …)`` gave end, in a file's lines: GNU Make reads an eval's
#: text as a buffer of its own, so a rule it defines takes none of the tab-started lines that
#: follow in the file (edgexfoundry/edgex-compose's ``$(eval $(ARGS):;@:)``, then
#: ``ifeq (arm64, …)`` with ``<tab>export ARCH=-arm64``: variables, not a recipe).
_EVAL_END = "\x00eval-end"


def _assignment(line: str) -> tuple[str, str, str] | None:
    """``NAME op value`` (with ``override``/``export``/``private`` before it), or ``None``."""
    words = line.split(None, 1)
    while len(words) == 2 and words[0] in _MODIFIERS:
        line = words[1]
        words = line.split(None, 1)
    best: tuple[int, str] | None = None
    for operator in _OPERATORS:
        found = line.find(operator)
        if found > 0 and (best is None or found < best[0]):
            best = (found, operator)
    if best is None:
        return None
    at, operator = best
    # (the longest operator starting there: "::=" before ":=", "?=" not "=")
    for longer in _OPERATORS:
        if line.startswith(longer, at) and len(longer) > len(operator):
            operator = longer
    name = line[:at].strip()
    if not name or any(char in name for char in " \t:#"):
        return None
    return name, operator, line[at + len(operator) :].strip()


def _rule(line: str) -> tuple[str, str] | None:
    """``targets: rest`` (``::`` too), the targets as written, or ``None`` when the line is
    no rule."""
    index = 0
    depth = 0
    while index < len(line):
        char = line[index]
        if char in "({":
            depth += 1
        elif char in ")}":
            depth -= 1
        elif char == ":" and depth == 0:
            if line.startswith("=", index + 1):
                return None
            targets = line[:index].strip()
            rest = line[index + 1 :]
            rest = rest[1:] if rest.startswith(":") else rest
            return (targets, rest.strip()) if targets else None
        index += 1
    return None


def _compared(text: str) -> tuple[str, str] | None:
    """The two texts an ``ifeq``/``ifneq`` compares: ``(A,B)``, ``"A" "B"``, ``'A' 'B'``.

    >>> _compared("($(arch), x86_64)"), _compared('"$(A)" "b"'), _compared("x")
    (('$(arch)', ' x86_64'), ('$(A)', 'b'), None)
    """
    if text.startswith("(") and text.endswith(")"):
        parts = _arguments(text[1:-1], 2)
        return (parts[0], parts[1]) if len(parts) == 2 else None
    quoted = re.fullmatch(r"""(["'])(.*?)\1\s+(["'])(.*?)\3""", text)
    return (quoted.group(2), quoted.group(4)) if quoted else None


def _overrides(line: str) -> bool:
    """Whether an assignment says ``override`` (then it wins over ``make``'s command line)."""
    for word in line.split():
        if word == "override":
            return True
        if word not in _MODIFIERS:
            return False
    return False


def _arguments(text: str, most: int | None = None) -> list[str]:
    """A function's arguments: ``text`` split at the commas outside parentheses and braces,
    into ``most`` parts at most (the last one keeps its commas, as GNU Make reads it).

    >>> _arguments("build,$(subst a,b,$(X)),c d"), _arguments("a,b,c,d", 3)
    (['build', '$(subst a,b,$(X))', 'c d'], ['a', 'b', 'c,d'])
    """
    parts: list[str] = []
    depth = 0
    start = 0
    for index, char in enumerate(text):
        if char in "({":
            depth += 1
        elif char in ")}":
            depth -= 1
        elif char == "," and depth == 0 and (most is None or len(parts) < most - 1):
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return parts


def _own_default(name: str, value: str) -> str:
    """The value of ``NAME := $(or $(NAME),…)`` where nothing set ``NAME`` before: the
    rest of the choice. The variable's own reference is the environment's value, which is
    no more the answer here than for ``?=`` (docker-selenium's ``NAME := $(or
    $(NAME),$(NAME),selenium)``)."""
    text = value.strip()
    if not (text.startswith("$(or ") and text.endswith(")")) or closing(text, 1) != len(text) - 1:
        return value
    own = {f"$({name})", f"${{{name}}}"}
    parts = _arguments(text[5:-1], None)
    kept = [part for part in parts if part.strip() not in own]
    if len(kept) == len(parts):
        return value
    return f"$(or {','.join(kept)})" if kept else ""


def _surely_not_empty(text: str) -> bool:
    """Whether a value a run decides part of has text of its own beside that part (``:2376``).

    >>> _surely_not_empty(UNKNOWN + ":2376"), _surely_not_empty(UNKNOWN + " ")
    (True, False)
    """
    return bool(plain_text(text).replace(UNKNOWN, "").strip())


def _only_recipe_prefixes(found: _Variable) -> bool:
    """Whether each value a conditional may leave a variable is made of a recipe line's
    prefixes alone (``@``, ``-``, ``+``) or empty: the verbosity switch (``E:=@``, then
    ``ifeq ($(V),1) E= endif``) that starts recipe lines, which changes what Make echoes,
    not what runs."""
    each: _Variable | None = found
    while each is not None:
        if each.value.strip(" \t@+-"):
            return False
        each = each.earlier
    return True


def _one_command_line(value: str) -> str:
    """A canned recipe (a value of several lines) as one command line: each line is a command
    of its own for Make, with its own ``@``, ``-`` or ``+`` before it; a line that ends in a
    backslash goes on in the next, as in a recipe.

    >>> _one_command_line("\\t@echo a\\n\\t-docker build \\\\\\n\\t\\t-t x .")
    'echo a ; docker build  -t x .'
    """
    if "\n" not in value:
        return value
    commands: list[str] = []
    current = ""
    for line in value.split("\n"):
        current = f"{current} {line.strip()}" if current else line.strip().lstrip("@+-").lstrip()
        if current.endswith("\\"):
            current = current[:-1]
            continue
        if current.strip():
            commands.append(current.strip())
        current = ""
    if current.strip():
        commands.append(current.strip())
    return " ; ".join(commands)


class _SubMake:
    """A ``make`` command of a recipe: the ``-C`` directories, the ``-f`` file, the variables
    (of its command line, and of its ``NAME=value`` prefix: ``environment``)."""

    __slots__ = ("directories", "environment", "file", "goals", "variables")

    def __init__(
        self,
        directories: tuple[str, ...],
        file: str | None,
        variables: dict[str, str],
        goals: tuple[str, ...] | None,
        environment: dict[str, str] | None = None,
    ) -> None:
        #: (``goals``: ``None`` when they are those a run gives, any of the file's targets)
        self.directories = directories
        self.file = file
        self.variables = variables
        self.goals = goals
        self.environment = environment or {}


#: ``make``'s options that take the next word as their value (besides ``-C`` and ``-f``).
_MAKE_VALUE_OPTIONS = frozenset({"-I", "-o", "-W", "--include-dir", "--old-file", "--what-if"})
#: Its options whose value, a number, may follow or be left out (``-j 4``, ``-j``).
_MAKE_COUNT_OPTIONS = frozenset({"-j", "--jobs", "-l", "--load-average", "--max-load"})


#: A word that may run ``make`` (a path's last part too: ``/usr/bin/make``, ``gmake``).
_MAKE_WORD = lazy_pattern(r"(?<![\w.-])g?make(?![\w.-])")


def _sub_make_commands(line: str, *, forwards: bool = False) -> list[_SubMake]:
    """The ``make`` commands of an expanded recipe line whose file and directory it settles:
    in the directory a ``cd``/``pushd`` before it on the line moves to, once a word of a
    ``for`` loop around it (see ``._recipe_places``); none where a run decides the directory."""
    if _MAKE_WORD.search(line) is None:
        return []  # (nothing to split: micropython's compiler lines are long, and many)
    from ._recipe_places import placed_commands

    found: list[_SubMake] = []
    for directory, words in placed_commands(line, UNKNOWN):
        if directory is None:
            continue
        prefix, words = _prefix_of(words)
        if not words or os.path.basename(words[0]) not in MAKE_PROGRAMS:
            continue
        sub = _sub_make(words[1:], forwards=forwards)
        if sub is not None:
            directories = (directory, *sub.directories) if directory else sub.directories
            found.append(_SubMake(directories, sub.file, sub.variables, sub.goals, prefix))
    return found


def _prefix_of(words: list[str]) -> tuple[dict[str, str], list[str]]:
    """A command's ``NAME=value`` prefix (after ``env`` too), which puts the variables in
    its environment (POSIX, *Simple Commands*), and its other words; a value a run decides
    is left out (the file's own default stands, as for a command line's)."""
    prefix: dict[str, str] = {}
    start = index = 1 if words and words[0] == "env" else 0
    while index < len(words) - 1:
        name, equals, value = words[index].partition("=")
        if not equals or not name.isidentifier():
            break
        if UNKNOWN not in value:
            prefix[name] = value
        index += 1
    if start and index == start:
        return prefix, words  # (`env` alone before the command: nothing of its own)
    return prefix, words[index:]


def _sub_make(words: list[str], *, forwards: bool = False) -> _SubMake | None:
    """A ``make`` command's words after ``make``; ``forwards``: whether a goal a run decides
    is one the run was given (``$(MAKECMDGOALS)``), any target (the goals ``None``)."""
    directories: list[str] = []
    forwarded = False
    file: str | None = None
    variables: dict[str, str] = {}
    goals: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        index += 1
        value: str | None = None
        option = word
        if word.startswith("--") and "=" in word:
            option, _, value = word.partition("=")
        elif word[:2] in ("-C", "-f") and len(word) > 2:
            option, value = word[:2], word[2:]
        if option in ("-C", "--directory", "-f", "--file", "--makefile"):
            if value is None:
                if index >= len(words):
                    return None
                value = words[index]
                index += 1
            if UNKNOWN in value:
                return None  # (a run decides where, or which file)
            if option in ("-f", "--file", "--makefile"):
                file = value
            else:
                directories.append(value)
        elif option in _MAKE_VALUE_OPTIONS:
            index += 1
        elif option in _MAKE_COUNT_OPTIONS and value is None:
            if index < len(words) and words[index].replace(".", "", 1).isdigit():
                index += 1  # (`-j 4`: a number after it is its value, no goal)
        elif not word.startswith("-") and "=" in word:
            assignment = _assignment(word)
            if assignment is not None and UNKNOWN not in assignment[0]:
                name, operator, text = assignment
                variables[name] = text if operator in ("=", ":=", "::=", ":::=") else UNKNOWN
        elif not word.startswith("-"):
            if UNKNOWN in word and not forwards:
                return None  # (a run decides what it builds)
            if UNKNOWN in word:
                forwarded = True
            else:
                goals.append(word)
    return _SubMake(tuple(directories), file, variables, None if forwarded else tuple(goals))


def make_run_builds(
    arguments: list[str],
    directory: str,
    root: str,
    *,
    max_bytes: int,
    inputs: dict[str, tuple[int, int] | None],
    environment: Mapping[str, str] | None = None,
) -> list[Recipes]:
    """What a ``make`` command of a script or a CI step builds: ``make [-C DIR] [-f FILE]
    [NAME=value…] [goals]`` (its arguments expanded) run from ``directory``, as a recipe's
    sub-make is read (:meth:`MakeReader.sub_makes`): the project's Makefile (below ``root``)
    with the command line's variables over the file's own, only the goals' recipes; the
    variables of the command's ``environment`` under the file's own (see :class:`MakeReader`).
    redis/go-redis's CI step runs ``make docker.start`` after writing
    ``CLIENT_LIBS_TEST_IMAGE`` to ``$GITHUB_ENV``, and its Makefile says
    ``CLIENT_LIBS_TEST_IMAGE ?= redislabs/client-libs-test:8.10.0``: the step's value wins.

    kubebuilder's operators build with ``make docker-build IMG=ghcr.io/acme/op:${TAG}`` in CI,
    where the Makefile alone says ``IMG ?= controller:latest``: the name built is the command
    line's. The files looked at are added to ``inputs``.

    The same command in the same environment is read once while its files are unchanged: a
    project's CI steps run the same ``make`` targets again and again (kyverno/kyverno's 30
    workflows, some 350 ``make`` commands of its 1,000-line Makefile: 10 s for a one-file
    check before)."""
    return _make_run(arguments, directory, root, max_bytes, inputs, environment).found


def _make_run(
    arguments: list[str],
    directory: str,
    root: str,
    max_bytes: int,
    inputs: dict[str, tuple[int, int] | None],
    environment: Mapping[str, str] | None,
) -> _Made:
    """The reading of a ``make`` command (see :func:`make_run_builds`), kept."""
    key = (tuple(arguments), directory, root, max_bytes)
    given = environment or {}
    kept = _MADE.get(key, [])
    for made in kept:
        if made.matches(given):
            inputs.update(made.looked_at)
            return made
    looked_at: dict[str, tuple[int, int] | None] = {}
    found, reading = _make_run_builds(arguments, directory, root, max_bytes, looked_at, environment)
    if key not in _MADE and len(_MADE) >= _MAX_MADE:
        _MADE.pop(next(iter(_MADE)))
    words = _words_of(looked_at, max_bytes)
    if any(recipes[3] for recipes in found):
        # (its recipes run compose, whose files read the environment too: every variable of
        # it tells readings apart. redis/ioredis's form: a CI matrix's REDIS_VERSION given to
        # `make setup`, whose `docker compose up` runs `image: …:${REDIS_VERSION:-…}`)
        words = words | frozenset(given)
    kept = _MADE.setdefault(key, [])
    if len(kept) >= _MAX_MADE_ENVIRONMENTS:
        kept.pop(0)
    made = _Made(words, _restricted(given, words), found, looked_at, [_SCAN[0]], reading)
    kept.append(made)
    inputs.update(looked_at)
    return made


class _KeptVariants(NamedTuple):
    """The readings of a Makefile's variant targets (see :meth:`MakeReader._variant_builds`):
    what they build, the sub-makes they read, and the files they looked at."""

    found: list[Recipes]
    sub_builds: dict[tuple[object, ...], tuple[list[Recipes], _Inputs]]
    inputs: _Inputs
    #: Those files and the Makefile itself, with their state.
    looked_at: _Inputs

    def matches(self) -> bool:
        """Whether the files are as they were (looked at each time: a few files)."""
        return all(stat_of(file) == stat for file, stat in self.looked_at.items())


class _Made(NamedTuple):
    """One reading of a ``make`` command: the names its files write (``words``), the values
    the environment gave those (none other can change the reading: a CI job's variables for
    other tools, ``IDF_VER`` beside micropython's ``make -C mpy-cross``, which its 20
    workflows run in as many environments), what it gave, and the files it looked at."""

    words: frozenset[str]
    environment: tuple[tuple[str, str], ...]
    found: list[Recipes]
    looked_at: dict[str, tuple[int, int] | None]
    #: The scan in which the files were last found as they were (see :data:`_SCAN`).
    checked: list[int]
    #: The Makefile read, the goals' targets and the Makefile's path (see make_run_scripts).
    reading: tuple[MakeReader, set[str] | None, str] | None = None

    def matches(self, environment: Mapping[str, str]) -> bool:
        """Whether a reading in ``environment`` gives the same: the names the files write
        have the same values, and the files are as they were (looked at once a scan)."""
        if _restricted(environment, self.words) != self.environment:
            return False
        if self.checked[0] == _SCAN[0]:
            return True
        if all(stat_of(file) == stat for file, stat in self.looked_at.items()):
            self.checked[0] = _SCAN[0]
            return True
        return False


def forget() -> None:
    """A new scan begins: the files a kept reading looked at are looked at again, and the
    Makefiles parsed are parsed again."""
    _SCAN[0] += 1
    _PARSED.clear()


def _restricted(
    environment: Mapping[str, str], words: frozenset[str]
) -> tuple[tuple[str, str], ...]:
    """The variables of ``environment`` whose names are among ``words``, in order."""
    return tuple(sorted((name, value) for name, value in environment.items() if name in words))


def _words_of(files: Mapping[str, tuple[int, int] | None], max_bytes: int) -> frozenset[str]:
    """Every name the ``files`` (those a reading looked at) write."""
    return frozenset().union(
        *(_file_words(file, stat, max_bytes) for file, stat in files.items() if stat is not None)
    )


@functools.lru_cache(maxsize=1024)
def _file_words(path: str, stat: tuple[int, int], max_bytes: int) -> frozenset[str]:
    """The names a file writes, read once while it is as ``stat`` says (the files a project's
    Makefiles include are looked at by most of its ``make`` commands)."""
    text = read_text(path, max_bytes)
    return frozenset(_WORD.findall(text)) if isinstance(text, str) else frozenset()


def _make_run_builds(
    arguments: list[str],
    directory: str,
    root: str,
    max_bytes: int,
    inputs: dict[str, tuple[int, int] | None],
    environment: Mapping[str, str] | None,
) -> tuple[list[Recipes], tuple[MakeReader, set[str] | None, str] | None]:
    sub = _sub_make(arguments)
    if sub is None:
        return [], None
    reading = _made(
        sub,
        directory,
        root,
        max_bytes=max_bytes,
        command_line={},
        inputs=inputs,
        environment=environment,
    )
    if reading is None:
        return [], None
    reader, goals = reading
    found = reader.builds(root, goals)
    inputs.update(reader.inputs)
    file = _makefile_in(os.path.join(directory, *sub.directories), sub.file)
    if file is None:
        return found, None
    if not os.path.isabs(directory):  # (as _made names it)
        file = os.path.relpath(file)
    return found, (reader, goals, file)


def make_run_scripts(
    arguments: list[str],
    directory: str,
    root: str,
    running: Running,
    *,
    max_bytes: int,
    environment: Mapping[str, str] | None = None,
) -> None:
    """The scripts that the goals' recipes of a ``make`` command of a script or a CI step run
    (``make [-C DIR] [-f FILE] [NAME=value…] [goals]``, its arguments expanded, from
    ``directory``), read into ``running`` with what each recipe gives them, in the command's
    ``environment``: Make passes its environment to the recipes' shells. wodby/docker4drupal's
    CI runs ``make test`` with ``DRUPAL_VER`` and ``PHP_VER`` from its matrix, whose recipe
    runs ``cd ./tests/$(DRUPAL_VER) && PHP_VER=$(PHP_VER) ./run.sh``, which runs ``docker
    compose up`` there: ``tests/10`` pulls ``wodby/drupal:10-${PHP_VER}-…`` with the matrix's
    ``PHP_VER``, which the Makefile read alone (``DRUPAL_VER ?= 11``) never runs."""
    made = _make_run(arguments, directory, root, max_bytes, running.inputs, environment)
    if made.reading is None:
        return
    reader, goals, file = made.reading
    was = running.file
    try:
        reader.run_scripts(running, file, goals, environment)
    finally:
        running.file = was


def _made(
    command: _SubMake,
    directory: str,
    root: str,
    *,
    max_bytes: int,
    command_line: Mapping[str, str],
    inputs: dict[str, tuple[int, int] | None],
    depth: int = 0,
    environment: Mapping[str, str] | None = None,
) -> tuple[MakeReader, set[str] | None] | None:
    """The reading of the project's Makefile (below ``root``) that ``command`` runs from
    ``directory``, with the variables it is given (``command_line``, then its own), and the
    targets its goals may build (``None``: any, the goals a run gives); ``None`` when it names
    no Makefile. The file is added to ``inputs``."""
    where = os.path.join(directory, *command.directories)
    file = _makefile_in(where, command.file)
    if file is None or not _inside(file, root):
        return None
    if not os.path.isabs(directory):  # (paths as the scan writes them)
        file = os.path.relpath(file)
        where = os.path.relpath(where) if where else where
    reader = _parsed(
        file,
        max_bytes=max_bytes,
        directory=where,
        # (a value only a run gives, `$(MAKE) ARCH=$* docker-build` of a pattern rule, is left
        # to the Makefile's own default: the reading is one real run, `make docker-build`,
        # not a build whose argument no one gave; kubernetes-sigs/cluster-api)
        command_line={
            **command_line,
            **{name: value for name, value in command.variables.items() if value != UNKNOWN},
        },
        environment=environment,
        depth=depth,
        goals=command.goals,
    )
    if reader is None:
        return None
    inputs[file] = stat_of(file)
    return reader, reader.goals(command.goals) if command.goals is not None else None


def _parsed(
    file: str,
    *,
    max_bytes: int,
    directory: str | None,
    command_line: Mapping[str, str],
    environment: Mapping[str, str] | None,
    depth: int,
    goals: tuple[str, ...] | None,
) -> MakeReader | None:
    """A :class:`MakeReader` (made with these arguments) that has parsed ``file`` and what it
    includes, ``None`` when it cannot be read.

    A parse depends on the files, which a scan reads as they are when it starts, and on the
    arguments; of the environment, only on the variables whose names the files write (as a
    kept ``make`` reading, :class:`_Made`); of the goals, only on what the parse read of
    ``MAKECMDGOALS``: nothing, or only ``$(filter PATTERNS,$(MAKECMDGOALS))`` (then other goals
    that those give the same read the same), or more (then only the same goals); never on
    ``depth``, which only bounds the sub-makes read after it. rabbitmq/rabbitmq-server's
    ``erlang.mk`` projects test ``ifneq ($(filter distclean …,$(MAKECMDGOALS)),)`` as they
    are read, and each recipe's ``$(MAKE)`` of another goal parsed them again: 1,086 parses
    for a cold one-file check of a workflow, now 452. It is kept for the scan (see
    :func:`forget`) while the files it read are as they were, and each caller gets a copy of
    its own, which its reading of builds, scripts and sub-makes may change (``$(eval …)``
    setters, pattern instances), with its own values of the others. A project's CI steps and
    scripts run ``make`` with as many environments and goals:
    aquasecurity/tracee's Makefiles were parsed 237 times for a cold one-file check of
    ``tests/e2e/common.sh``, now 136."""
    import copy

    given = {name: value for name, value in (environment or {}).items() if known(value)}
    key = (
        file,
        directory,
        tuple(sorted(command_line.items())),
        max_bytes,
    )
    entries = _PARSED.get(key, [])
    for entry in entries:
        if entry.matches(given, goals):
            return entry.copied(given, goals, command_line, depth)
    reader = MakeReader(
        max_bytes=max_bytes,
        directory=directory,
        command_line=command_line,
        environment=environment,
        depth=depth,
        goals=goals,
    )
    text = reader.read_file(file)
    if text is not None:
        reader.parse(text, file)
    looked_at = {file: stat_of(file), **reader.inputs}
    words = _words_of(looked_at, max_bytes)
    while _PARSED and (
        len(_PARSED) >= _MAX_PARSED or sum(map(len, _PARSED.values())) >= _MAX_PARSED_READINGS
    ):
        _PARSED.pop(next(iter(_PARSED)))  # (the oldest: each reader kept is tens of kB)
    entries = _PARSED.setdefault(key, [])
    if len(entries) >= _MAX_MADE_ENVIRONMENTS:
        entries.pop(0)
    filters = _goals_read(reader)  # (before the copy, which reads them)
    kept = None if text is None else copy.deepcopy(reader)
    entries.append(_Parsed(words, _relevant(given, words), goals, given, kept, looked_at, filters))
    return None if text is None else reader


def _goals_read(reader: MakeReader) -> tuple[tuple[str, str, str | None], ...] | None:
    """What a parse read of the goals it was given (see :func:`_parsed`): the ``$(filter …)``
    of them it expanded; ``None`` when it read them otherwise, changed them, or had none."""
    variable = reader._goals_variable
    if variable is None or variable.read or variable.written:
        return None
    if reader.variables.get("MAKECMDGOALS") is not variable:
        return None  # (the files set it)
    return tuple(reader.goals_filters)


class _Parsed(NamedTuple):
    """A Makefile's parse kept (see :func:`_parsed`): the names its files write, the
    variables of the environment it was read in that those name (all that can change it),
    its goals and its environment, the reader (``None``: the file could not be read)."""

    words: frozenset[str]
    environment: tuple[tuple[str, str], ...]
    goals: tuple[str, ...] | None
    given: dict[str, str]
    reader: MakeReader | None
    #: The files it read, with their state (a file edited since is parsed again).
    looked_at: _Inputs
    #: The ``$(filter …)`` of its goals it expanded, with what they gave; ``None``: it read
    #: its goals otherwise (see :func:`_goals_read`).
    filters: tuple[tuple[str, str, str | None], ...] | None

    def matches(self, given: Mapping[str, str], goals: tuple[str, ...] | None) -> bool:
        """Whether a parse in the environment ``given`` for ``goals`` parses the same."""
        if goals != self.goals and not self._same_goals(goals):
            return False
        if _relevant(given, self.words) != self.environment:
            return False
        return all(stat_of(file) == stat for file, stat in self.looked_at.items())

    def _same_goals(self, goals: tuple[str, ...] | None) -> bool:
        """Whether a parse for other ``goals`` reads the same of them: the files never name
        ``MAKECMDGOALS``, or it only read ``$(filter …)`` of it, which give the same."""
        if "MAKECMDGOALS" not in self.words:
            return True
        if goals is None or self.goals is None or self.filters is None:
            return False
        given = " ".join(goals)
        return all(apply(name, [words, given]) == found for name, words, found in self.filters)

    def copied(
        self,
        given: Mapping[str, str],
        goals: tuple[str, ...] | None,
        command_line: Mapping[str, str],
        depth: int,
    ) -> MakeReader | None:
        """A copy of the reader, with the values of ``given`` that the files never name (GNU
        Make keeps them, exports them to the recipes) in place of its own, and ``goals`` and
        ``depth`` (see :meth:`matches`)."""
        import copy

        if self.reader is None:
            return None
        reader = copy.deepcopy(self.reader)
        for name in self.given:
            if name not in command_line and not _named(name, self.words):
                reader.variables.pop(name, None)
                reader.exported.discard(name)
        for name, value in given.items():
            if name not in command_line and not _named(name, self.words):
                reader.variables[name] = _Variable(value, False)
                reader.exported.add(name)
        if goals != self.goals:  # (read only as :meth:`matches` allows: the files never set it)
            if goals is None:  # (as a reader made for none has it)
                reader.variables.pop("MAKECMDGOALS", None)
                if "MAKECMDGOALS" in command_line or "MAKECMDGOALS" in given:
                    value = command_line.get("MAKECMDGOALS", given.get("MAKECMDGOALS", ""))
                    reader.variables["MAKECMDGOALS"] = _Variable(value, False)
            else:
                reader.variables["MAKECMDGOALS"] = _Variable(" ".join(goals), False)
        reader._goals_unknown = goals is None
        reader._goals_variable = None  # (a copy's goals are not noted)
        reader._depth = depth
        return reader


def _named(name: str, words: frozenset[str]) -> bool:
    """Whether files that write ``words`` may name the variable ``name``."""
    return name in words or not name.isidentifier()


def _relevant(given: Mapping[str, str], words: frozenset[str]) -> tuple[tuple[str, str], ...]:
    """The variables of ``given`` that files writing ``words`` may name, in order."""
    return tuple(sorted((name, value) for name, value in given.items() if _named(name, words)))


def _makefile_in(directory: str, file: str | None) -> str | None:
    """The Makefile ``make`` reads in ``directory``: ``file`` (relative to it), or the first
    of GNU Make's default names there; ``None`` when there is none."""
    if file is not None:
        path = os.path.normpath(os.path.join(directory, file))
        return path if os.path.isfile(path) else None
    for name in ("GNUmakefile", "makefile", "Makefile"):
        path = os.path.join(directory, name)
        if os.path.isfile(path):
            return os.path.normpath(path)
    return None


def _inside(path: str, root: str) -> bool:
    real, top = os.path.realpath(path), os.path.realpath(root)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def _makes_any(targets: tuple[str, ...], goals: set[str]) -> bool:
    """Whether a rule for ``targets`` makes one of ``goals`` (a pattern rule: one it matches)."""
    for target in targets:
        if target in goals:
            return True
        if "%" in target:
            pattern = re.compile(re.escape(target).replace("%", ".+", 1))
            if any(pattern.fullmatch(goal) for goal in goals):
                return True
    return False
