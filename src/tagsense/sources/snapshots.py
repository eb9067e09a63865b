"""Committed renders of a Helm chart: ``helm template`` output kept inside the chart.

Chart repositories keep the output of ``helm template`` for their examples
(``charts/NAME/examples/X/rendered/*.yaml``) so that CI can diff it against a
fresh render. Such a file is a picture of the chart, not a deployment: the
chart's own images are read by rendering the chart, and the snapshot's are
pulled only where the project applies it (a CI job's ``kubectl apply -f
…/rendered``). So a render of the chart that holds it is read only when a
``kubectl apply``, ``create`` or ``replace`` in the project's CI files,
Makefiles or scripts names the file or a directory above it, or names a path
that only a run decides and that may be it (then nobody can say: it is read, as
before).

What a run decides still says something: ``"$DIR"/testdata/spire/agent.yaml``
(tektoncd/pipeline's e2e script) can only be a file of that name in a
directory ``testdata/spire``, and ``'manifests/*.yaml'`` only a file there
(kubectl expands the glob itself). So each part only a run knows (``$VAR``,
``${VAR}``, ``$(…)``, a template) stands for any text, a glob's ``*`` and
``?`` for any within one directory, and the path matches what the rest allows.
A loop's variable (``for f in config/crd/bases/*.yaml; do kubectl apply -f
"$f"; done``, gatekeeper's CI) stands for the loop's words while the loop runs.
Before, any such word matched every file: in three repositories of triage 9c,
the Go unit tests' ``testdata`` of argo-workflows, gatekeeper and
tektoncd/pipeline (22 false findings) were counted as applied. A variable the
file sets once, at the start of a line (``BATS_TESTS_DIR=${BATS_TESTS_DIR:-test/bats/tests}``,
the default when it defaults to itself), stands for its value: gatekeeper's
``test/bats/test.bats`` applies ``${BATS_TESTS_DIR}/${exclusion_config}``, a file
below ``test/bats/tests``, not any file (7 false findings in its gator fixtures,
survey 18e).

Helm marks what it renders: each document starts with ``# Source:
CHART/templates/FILE`` (``CHART/charts/SUB/templates/FILE`` for a subchart),
CHART being the chart's ``name``. A render of another chart (a GitOps
repository's manifests) is a deployment and is read as any manifest.
"""

from __future__ import annotations

import os
import re
import shlex
from functools import lru_cache

from .._lazy import lazy_pattern
from .builds._common import read_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["applied", "only_tested_by", "rendered_chart", "snapshot_chart"]

_SOURCE = lazy_pattern(r"^# Source: ([A-Za-z0-9][\w.-]*)/(?:templates|charts)/", re.MULTILINE)
_CHART_NAME = lazy_pattern(r"^name:[ \t]*['\"]?([\w.-]+)", re.MULTILINE)
#: How much of a command file is read (as the shell readers read them).
_MAX_BYTES = 1 << 20
#: How far up a snapshot may be from its chart's directory.
_MAX_DEPTH = 8
_KUBECTL = lazy_pattern(r"\bkubectl\b[^\n;&|]*?\s(?:apply|create|replace)\b([^\n;&|]*)")
#: A script a command runs by its path: a shell's or Bats' operand (``bats -t x.bats``,
#: ``bash hack/e2e.sh``), or a command word that is a path (``./test/e2e/run.sh``).
_RUN_SCRIPT = lazy_pattern(
    r"(?:^|[\s;&|(\"'])(?:(?:bats|bash|sh)[ \t]+(?:-[\w-]+[ \t]+)*([\w./-]+\.(?:sh|bash|bats))"
    r"|(\.{0,2}/[\w./-]+\.(?:sh|bash|bats)|[\w.-]+/[\w./-]+\.(?:sh|bash|bats)))(?=[\s;&|)\"']|$)",
    re.MULTILINE,
)
#: Offline evaluators of manifests, which read the files their command names and create
#: nothing: Gatekeeper's ``gator bench``, ``gator test``, ``gator verify``, Kyverno's CLI,
#: Conftest, kubeconform, kubeval, kube-linter, Polaris (the command's words, to its end).
_EVALUATOR = lazy_pattern(
    r"(?<![\w.-])(?:gator[ \t]+(?:bench|test|verify)|kyverno[ \t]+(?:apply|test)"
    r"|conftest[ \t]+(?:test|verify)|kubeconform|kubeval|kube-linter[ \t]+lint"
    r"|polaris[ \t]+audit)\b([^\n;&|]*)"
)
#: A quick look for what :func:`only_tested_by` reads.
_TESTING = lazy_pattern(r"gator|kyverno|conftest|kubeconform|kubeval|kube-linter|polaris|kubectl")
_SCRIPT_SUFFIX = lazy_pattern(r"\.(?:sh|bash|bats)\b")
#: A shell ``for NAME in WORDS; do`` (the words up to the ``;`` or the line's end).
_FOR = lazy_pattern(r"\bfor[ \t]+(\w+)[ \t]+in[ \t]+([^;\n]*?)[ \t]*(?:;|\n)\s*do\b")
_DO_DONE = lazy_pattern(r"(?<![\w-])(do|done)(?![\w-])")
#: How many words a loop's words become with its outer loops' put in.
_MAX_WORDS = 64
#: Bats' ``run`` before a command, at the start of a line, and the next test or ``run``.
_BATS_RUN = lazy_pattern(r"[ \t]*run[ \t]+")
_BATS_NEXT_RUN = lazy_pattern(r"^[ \t]*(?:run[ \t]|@test\b)|^\}", re.MULTILINE)
#: A variable set at the start of a line: ``NAME=VALUE`` (``export``, ``readonly`` before it).
_ASSIGNMENT = lazy_pattern(
    r"^[ \t]*(?:(?:export|readonly)[ \t]+)?([A-Za-z_]\w*)=(\S*)[ \t]*$", re.MULTILINE
)
#: A variable set to what a ``find`` from an absolute directory prints (``D=$(find /tmp/out
#: -name 'x*' | tail -1)``): a path below that directory, whatever the run finds.
_FOUND = lazy_pattern(
    r"^[ \t]*(?:(?:export|readonly|local)[ \t]+)?([A-Za-z_]\w*)=\"?\$\([ \t]*find[ \t]+"
    r"(/[^\s;|&)\"'$`*?]+)",
    re.MULTILINE,
)
#: A value that defaults a variable to itself: ``${NAME:-default}`` (``-``, ``:=``, ``=``).
_SELF_DEFAULT = lazy_pattern(r"\$\{(\w+):?[-=]([^${}`]*)\}")
#: What a run decides, in a path pattern: any text (a path never holds a NUL).
ANY = "\0"
#: A pattern's wildcards as regular expressions: a glob's stay within one directory.
_GLOB = {ANY: ".*", "*": "[^/]*", "?": "[^/]"}


def rendered_chart(text: str) -> str | None:
    """The name of the chart that ``helm template`` rendered ``text`` from, or ``None``."""
    if "# Source: " not in text:
        return None
    match = _SOURCE.search(text)
    return match[1] if match is not None else None


def snapshot_chart(path: str, text: str) -> str | None:
    """The directory of the chart whose render ``path`` is, when it lies inside that chart,
    or, for a render in a directory of tests, when the project holds that chart elsewhere."""
    name = rendered_chart(text)
    if name is None:
        return None
    directory = os.path.dirname(os.path.abspath(path))
    for _ in range(_MAX_DEPTH):
        chart = os.path.join(directory, "Chart.yaml")
        if os.path.isfile(chart):
            return directory if _named(chart, name) else None
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    return _tested_chart(path, name)


def _named(chart: str, name: str) -> bool:
    """Whether the ``Chart.yaml`` at ``chart`` names the chart ``name``."""
    written = read_text(chart, _MAX_BYTES)
    found = _CHART_NAME.search(written) if isinstance(written, str) else None
    return found is not None and found[1] == name


def _tested_chart(path: str, name: str) -> str | None:
    """The project's chart ``name`` that a render in a directory of tests pictures: a test's
    expected output, kept beside the tests rather than in the chart (SonarSource/helm-chart-
    sonarqube's ``tests/unit-compatibility-test/fixtures/sonarqube/*.yaml``, which a pre-commit
    hook makes with ``helm template`` and CI compares; 3 false findings in survey s40b). It is
    looked for where Helm's layout puts a chart, ``charts/NAME`` or ``NAME``, in each directory
    above the render up to the repository's top; ``None`` when the render is not in a directory
    of tests (a GitOps repository's renders of its own charts may be what it deploys). Such a
    render is applied only by a command whose path may be it (see :func:`applied`): one of which
    nothing is known (``kubectl apply -f "$GATEWAY_FILE"`` of a migration script) is not taken
    to apply the tests' expected output."""
    directory = os.path.dirname(os.path.abspath(path))
    for _ in range(_MAX_DEPTH):
        for chart in (os.path.join(directory, "charts", name), os.path.join(directory, name)):
            if os.path.isfile(os.path.join(chart, "Chart.yaml")) and _named(
                os.path.join(chart, "Chart.yaml"), name
            ):
                # (asked last: the tests' rules import more than a render of another chart,
                # a GitOps repository's, needs)
                from ._unit_tests import in_test_directory

                return chart if in_test_directory(path) else None
        parent = os.path.dirname(directory)
        if parent == directory or os.path.exists(os.path.join(directory, ".git")):
            return None
        directory = parent
    return None


def applied(
    path: str, *, by: Callable[[str], bool] | None = None, named_only: bool = False
) -> bool:
    """Whether a ``kubectl apply -f`` (``create``, ``replace``) of the project names ``path``,
    a directory above it, or a path only a run decides (unless ``named_only``: then only a
    path that may be it counts). The commands are those of the CI files, Makefiles and
    scripts where the project context looks (see ``.context``), those of the files ``by``
    accepts when it is given (a test's own script is its data)."""
    from .context import applied_paths, commands_around

    real = os.path.realpath(path)
    root, around = commands_around(path)
    seen = {os.path.realpath(file) for file in around}
    files = [*around, *(run for run in _scripts_run_by(around, root) if run not in seen)]
    for file in files:
        if by is not None and not by(file):
            continue
        bases = [os.path.dirname(os.path.abspath(file))]
        if root is not None:
            bases.insert(0, root)  # (CI jobs start at the top of the repository)
        for target in applied_paths(file, _read_applied):
            if target is None:
                if named_only:
                    continue
                return True
            if any(_names(real, target, base) for base in bases):
                return True
    return False


def only_tested_by(path: str) -> str | None:
    """The command file (CI file, Makefile, script around ``path``, or one those run) whose
    commands name ``path`` (or a directory above it) only to test it: an offline evaluator's
    input (:data:`_EVALUATOR`: ``gator bench --filename DIR``, ``conftest test FILE``), or a
    ``kubectl apply -f`` that creates nothing (a Bats ``run`` the test then asserts failed,
    ``--dry-run``); ``None`` when none does. Whether a command also creates it is
    :func:`applied`'s question."""
    from .context import commands_around

    real = os.path.realpath(path)
    root, around = commands_around(path)
    seen = {os.path.realpath(file) for file in around}
    for file in [*around, *(run for run in _scripts_run_by(around, root) if run not in seen)]:
        try:
            stat = os.stat(file)
        except OSError:
            continue
        bases = [os.path.dirname(os.path.abspath(file))]
        if root is not None:
            bases.insert(0, root)
        for target in _tested_paths(file, stat.st_mtime_ns, stat.st_size):
            if any(_names(real, target, base) for base in bases):
                return file
    return None


@lru_cache(maxsize=1024)
def _tested_paths(file: str, mtime: int, size: int) -> tuple[str, ...]:
    # (the file's stat is in the key, so that a changed file is read again)
    del mtime, size
    text = read_text(file, _MAX_BYTES)
    if not isinstance(text, str) or not _TESTING.search(text):
        return ()
    text = text.replace("\\\n", " ")
    constants = _constants(text)
    paths: list[str] = []
    for match in _EVALUATOR.finditer(text):
        words = [_put(word, constants) for word in _words(match[1])]
        paths += [word for word in words if not word.startswith("-") and "://" not in word]
    for match in _KUBECTL.finditer(text):
        words = _words(match[1])
        if not (_expected_to_fail(text, match.start()) or any(map(_dry_run, words))):
            continue
        paths += [_put(value, constants) for value in _file_flags(words)]
    return tuple(pattern for word in paths if (pattern := _pattern(word)) and ANY not in pattern)


def _file_flags(words: list[str]) -> list[str]:
    """The values of kubectl's ``-f`` (``--filename``) among ``words``."""
    values: list[str] = []
    for index, word in enumerate(words):
        if word in ("-f", "--filename") and index + 1 < len(words):
            values.append(words[index + 1])
        elif word.startswith(("-f=", "--filename=")):
            values.append(word.partition("=")[2])
    return [value for value in values if value != "-" and "://" not in value]


def _scripts_run_by(files: list[str], root: str | None) -> list[str]:
    """The scripts of the project that the command files ``files`` run by their path (``bats
    -t test/bats/test.bats``, ``bash hack/e2e.sh``, ``./test/e2e/run.sh``), wherever they
    lie below ``root``: open-policy-agent/gatekeeper-library's Makefile runs
    ``test/bats/test.bats``, which applies the samples of ``library/``."""
    if root is None:
        return []
    found: list[str] = []
    for file in files:
        try:
            stat = os.stat(file)
        except OSError:
            continue
        found.extend(_run_scripts(file, root, stat.st_mtime_ns, stat.st_size))
    return found


@lru_cache(maxsize=1024)
def _run_scripts(file: str, root: str, mtime: int, size: int) -> tuple[str, ...]:
    # (the file's stat is in the key, so that a changed file is read again)
    del mtime, size
    text = read_text(file, _MAX_BYTES)
    if not isinstance(text, str) or not _SCRIPT_SUFFIX.search(text):
        return ()
    scripts: list[str] = []
    for match in _RUN_SCRIPT.finditer(text):
        named = match[1] or match[2]
        for base in (root, os.path.dirname(os.path.abspath(file))):
            script = os.path.realpath(os.path.join(base, named))
            if script.startswith(root.rstrip(os.sep) + os.sep) and os.path.isfile(script):
                scripts.append(script)
                break
    return tuple(dict.fromkeys(scripts))


def _names(real: str, target: str, base: str) -> bool:
    """Whether the word ``target`` (a pattern: :data:`ANY` and globs), from ``base``, names
    the file ``real`` or a directory above it."""
    if ANY not in target and "*" not in target and "?" not in target:
        named = os.path.realpath(os.path.join(base, target))
        return real == named or real.startswith(named.rstrip(os.sep) + os.sep)
    if os.pardir in target.split("/"):
        return _ends_in(real, target)  # (`$DIR/../x`: where it leads, only a run knows)
    cut = min(at for at in (target.find(ANY), target.find("*"), target.find("?")) if at >= 0)
    slash = target.rfind("/", 0, cut)
    head = ""
    if cut > 0:  # (a run's text first may be any path, absolute or not)
        head = os.path.realpath(os.path.join(base, target[: max(slash, 0)])) + os.sep
    rest = target[slash + 1 :]
    globbed = "".join(_GLOB.get(char) or re.escape(char) for char in rest.rstrip("/"))
    return re.fullmatch(re.escape(head) + globbed + "(?:/.*)?", real, re.DOTALL) is not None


def _ends_in(real: str, target: str) -> bool:
    """Whether ``real`` may be what ``target`` (a pattern with a ``..`` a run resolves) names:
    wherever it leads, the names written after the last unknown or ``..``
    (``$(CURDIR)/../tools/kind/proxy.yaml``: ``tools/kind/proxy.yaml``) are on its path, one
    after the other (the last may be a directory above it)."""
    parts = target.split("/")
    unknown = [
        at
        for at, part in enumerate(parts)
        if part == os.pardir or ANY in part or "*" in part or "?" in part
    ]
    tail = [part for part in parts[unknown[-1] + 1 :] if part not in ("", os.curdir)]
    if not tail:
        return True  # (`$DIR/..`: any directory)
    steps = real.split(os.sep)
    return any(steps[at : at + len(tail)] == tail for at in range(len(steps) - len(tail) + 1))


def _read_applied(file: str) -> list[str | None]:
    text = read_text(file, _MAX_BYTES)
    if not isinstance(text, str) or "kubectl" not in text:
        return []
    return _applied_paths(text.replace("\\\n", " "))


def _applied_paths(text: str) -> list[str | None]:
    """The paths the ``kubectl`` commands of ``text`` apply, as patterns: what a run decides
    is :data:`ANY`, a glob is kept (``None``: a path of which nothing is known)."""
    named = {match[1] for match in _FOR.finditer(text)}  # (a loop's variable is no constant)
    constants = {name: value for name, value in _constants(text).items() if name not in named}
    loops: list[tuple[int, int, str, list[str]]] = []
    for match in _FOR.finditer(text):
        words = [_put(word, constants) for word in _words(match[2])]
        # (an outer loop's variable in the words stands for each of its words:
        # gatekeeper-library's `for sample in "$policy"/samples/*` in `for policy in …`)
        words = _with_outer(words, match.start(), loops)
        loops.append((match.end(), _loop_end(text, match.end()), match[1], words))
    paths: list[str | None] = []
    for match in _KUBECTL.finditer(text):
        words = _words(match[1])
        if _expected_to_fail(text, match.start()) or any(map(_dry_run, words)):
            continue  # (what the cluster refuses, or only tries, creates nothing)
        for index, word in enumerate(words):
            value: str | None = None
            if word in ("-f", "--filename") and index + 1 < len(words):
                value = words[index + 1]
            elif word.startswith(("-f=", "--filename=")):
                value = word.partition("=")[2]
            elif word.startswith("-f") and len(word) > 2 and word[2] != "-":
                value = word[2:]
            if value is None or "://" in value or value == "-":
                continue
            if value[-1] in "\"'" and value.count(value[-1]) % 2:
                value = value[:-1]  # (the quote that ends the string the command is in)
            values = _with_outer([_put(value, constants)], match.start(), loops)
            paths.extend(_pattern(one) for one in values)
    return paths


def _constants(text: str) -> dict[str, str]:
    """The variables ``text`` sets to one value only, each at the start of a line, with
    that value (a self-default's default); none whose value a run decides (``$(…)``). A value
    with another variable in it is kept as written, with that variable's value when it is one
    of these: what it names beside the run's part still tells (apache/flink-kubernetes-operator's
    ``APPLICATION_YAML="${SCRIPT_DIR}/data/flinkdep-cr.yaml"`` applies only that file)."""
    values: dict[str, set[str]] = {}
    for match in _ASSIGNMENT.finditer(text):
        words = _words(match[2])
        value = words[0] if len(words) == 1 else ""
        default = _SELF_DEFAULT.fullmatch(value)
        if default is not None and default[1] == match[1]:
            value = default[2]
        values.setdefault(match[1], set()).add(value)
    constants = {
        name: next(iter(found))
        for name, found in values.items()
        if len(found) == 1 and next(iter(found)) and not _substitutes(next(iter(found)))
    }
    constants = {name: _put(value, constants) for name, value in constants.items()}
    found_below = {match[1]: match[2] for match in _FOUND.finditer(text)}
    for name, start in found_below.items():
        if name not in values and len(re.findall(rf"^[ \t]*{name}=", text, re.MULTILINE)) == 1:
            # (the run decides which path, below the directory `find` starts from)
            constants[name] = f"{start.rstrip('/')}/$(find)"
    return constants


def _substitutes(value: str) -> bool:
    """Whether a value runs a command for its text (``$(…)``, backticks, ``$((…))``)."""
    return "`" in value or "$(" in value


def _put(word: str, constants: dict[str, str]) -> str:
    """``word`` with each ``$NAME`` or ``${NAME}`` of ``constants`` replaced by its value."""
    if "$" not in word or not constants:
        return word

    def value(match: re.Match[str]) -> str:
        name = match[1] or match[2]
        return constants.get(name, match[0])

    return re.sub(r"(?<!\$)\$(?:(\w+)|\{(\w+)\})", value, word)


def _words(text: str) -> list[str]:
    try:
        return shlex.split(text, comments=True)
    except ValueError:
        return text.split()


def _loop_end(text: str, start: int) -> int:
    """Where the loop whose body starts at ``start`` ends: its own ``done``, after those of
    the loops inside it."""
    depth = 1
    for keyword in _DO_DONE.finditer(text, start):
        depth += 1 if keyword[1] == "do" else -1
        if depth == 0:
            return keyword.start()
    return len(text)


def _with_outer(
    words: list[str], at: int, loops: list[tuple[int, int, str, list[str]]]
) -> list[str]:
    """``words`` with the variable of each loop around ``at`` put in, one word for each of
    that loop's words (at most :data:`_MAX_WORDS`)."""
    for start, end, name, values in reversed(loops):  # (an inner loop's name hides an outer's)
        if not start <= at < end or not values:
            continue
        variable = re.compile(rf"\$\$?(?:{name}\b|\{{{name}\}})")  # (`$$f`: a recipe's)
        words = [
            _put_in(variable, word, value)
            for word in words
            for value in (values if variable.search(word) else [word])
        ][:_MAX_WORDS]
    return words


def _dry_run(word: str) -> bool:
    """kubectl's ``--dry-run`` (``=server``, ``=client``): the command creates nothing."""
    return word.startswith("--dry-run") and word != "--dry-run=none"


def _put_in(variable: re.Pattern[str], word: str, value: str) -> str:
    """``word`` with each match of ``variable`` replaced by ``value`` (as written)."""

    def replaced(_: re.Match[str]) -> str:
        return value

    return variable.sub(replaced, word)


def _expected_to_fail(text: str, at: int) -> bool:
    """Whether the command at ``at`` is a Bats test's ``run`` whose status the test then
    asserts is a failure (``run kubectl apply -f bad.yaml`` … ``assert_failure``, bats-assert):
    a resource the cluster refuses, which creates nothing."""
    line_start = text.rfind("\n", 0, at) + 1
    if not _BATS_RUN.fullmatch(text, line_start, at):
        return False
    following = _BATS_NEXT_RUN.search(text, at)
    block = text[at : following.start() if following is not None else len(text)]
    return "assert_failure" in block


def _pattern(word: str) -> str | None:
    """A word with each part only a run knows as :data:`ANY` (``None``: nothing but that)."""
    out: list[str] = []
    index = 0
    while index < len(word):
        end = _run_time_end(word, index)
        if end is None:
            out.append(word[index])
            index += 1
            continue
        if not out or out[-1] != ANY:
            out.append(ANY)
        index = end
    pattern = "".join(out)
    return None if pattern.strip(ANY + "/") == "" else pattern


def _run_time_end(word: str, index: int) -> int | None:
    """Where the part only a run knows that starts at ``index`` ends (``None``: none does)."""
    if word.startswith(("{{", "<<"), index):
        close = word.find("}}" if word[index] == "{" else ">>", index + 2)
        return len(word) if close < 0 else close + 2
    if word[index] == "`":
        close = word.find("`", index + 1)
        return len(word) if close < 0 else close + 1
    if word[index] != "$":
        return None
    index += 1
    if word.startswith("$", index):
        index += 1  # (`$$` in a Makefile recipe is the shell's `$`)
    if index >= len(word):
        return len(word)
    if word[index] in "{(":
        depth = 0
        for position in range(index, len(word)):
            depth += {"{": 1, "(": 1, "}": -1, ")": -1}.get(word[position], 0)
            if depth == 0:
                return position + 1
        return len(word)
    name = re.match(r"\w+", word[index:])
    return index + (name.end() if name is not None else 1)
