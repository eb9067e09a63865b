"""What a Bats test file (``*.bats``, the Bash Automated Testing System) runs besides bash.

bats-core's ``lib/bats-core/test_functions.bash`` defines what a test file has besides bash:

- ``load NAME`` sources ``NAME.bash``, else ``NAME``, from ``BATS_TEST_DIRNAME`` (the test
  file's directory): the helpers that define a suite's image variables and the functions
  that pull them (cri-o's ``test/helpers.bash``). Found by ``._sourced``.
- ``run [!|-N] [--keep-empty-lines] [--separate-stderr] [--] COMMAND…`` runs the command
  and keeps its status and output for the test to check: :func:`run_command`.
- ``@test "name" { … }`` is a test; Bats runs each in a process of its own (the file's
  top-level lines, then ``setup``, the test and ``teardown``): :func:`starts_test`.
- ``skip [REASON]`` ends the test there: a test that skips itself whatever happens runs
  nothing after it (buildah's ``skip "FIXME: …"`` before the commands of a test left off):
  :func:`skips`, :func:`end_of_test`.

A suite's wrapper of its tool may take the exit status it expects as its first word
(containers/buildah's ``run_buildah 125 from IMAGE``, podman's ``run_podman 125 pull``: its
``case "$1" in [0-9]) expected_rc=$1; shift;;``, then ``[ "$status" -eq "$expected_rc" ]``):
a call with a status other than 0 expects its command to fail (:func:`expects_status`).

A command the test expects to fail pulls nothing the project uses: ``run !`` and ``run -N``
say so, and so does a check of ``$status`` after a plain ``run`` (``[ "$status" -ne 0 ]``,
bats-assert's ``assert_failure``): cri-o's ``run crictl pull nginx`` is a pull that short
names refuse (:func:`expects_failure`).
"""

from __future__ import annotations

import functools

from ..._lazy import lazy_pattern, once

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re

__all__ = [
    "end_of_test",
    "expects_failure",
    "expects_status",
    "is_hook",
    "loaded_helper",
    "run_command",
    "skips",
    "starts_test",
]

#: The options of ``run`` that say nothing of the command's status.
_RUN_FLAGS = frozenset({"--keep-empty-lines", "--separate-stderr", "-0"})
#: How many lines after a ``run`` its test's check of the status is looked for.
_CHECK_LINES = 12


def run_command(words: list[str]) -> list[str]:
    """The command ``run [OPTIONS] [--] COMMAND…`` runs, or none when the test expects it
    to fail (``run !``, ``run -N`` with N > 0) or an option is not known.

    >>> run_command(["--separate-stderr", "--", "crictl", "pull", "x"]), run_command(["!", "x"])
    (['crictl', 'pull', 'x'], [])
    >>> run_command(["-0", "x"]), run_command(["-125", "x"]), run_command(["--new", "x"])
    (['x'], [], [])
    """
    index = 0
    while index < len(words) and (words[index].startswith("-") or words[index] == "!"):
        option = words[index]
        index += 1
        if option == "--":
            break
        if option not in _RUN_FLAGS:
            return []
    return words[index:]


def starts_test(chunk: str) -> bool:
    """Whether a line starts a test (``@test "name" {``).

    >>> starts_test('@test "pull" {'), starts_test("  echo @test")
    (True, False)
    """
    return chunk.lstrip().startswith("@test ")


def skips(chunk: str) -> bool:
    """Whether a line is Bats' ``skip`` (with a reason or none).

    >>> skips('  skip "FIXME: flaky"'), skips("skip"), skips("skip_if_no_podman")
    (True, True, False)
    """
    words = chunk.split(None, 1)
    return bool(words) and words[0] == "skip"


#: A here-document's start: its delimiter (quoted or not).
_HERE_DOCUMENT = lazy_pattern(r"<<-?\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\1")


def end_of_test(lines: list[str], index: int) -> int:
    """The index of the line after the test whose lines go on at ``lines[index]``: after
    its closing ``}`` alone at the start of a line, else at the next test's start (or the
    end). A here-document's lines are its text (nestybox/sysbox's ``buildpack.bats`` writes
    a Go program's ``}`` in one).

    >>> end_of_test(["  docker pull a", "}", "docker pull b"], 0)
    2
    >>> end_of_test(["  docker pull a", '@test "b" {'], 0)
    1
    >>> end_of_test(["  cat > m.go << EOF", "}", "EOF", "  pack build a", "}", "x"], 0)
    5
    """
    number = index
    while number < len(lines):
        line = lines[number].rstrip()
        if line == "}":
            return number + 1
        if starts_test(line):
            return number
        found = _HERE_DOCUMENT.search(line) if "<<" in line else None
        if found is not None and "<<<" not in line:
            delimiter = found.group(2)
            number += 1
            while number < len(lines) and lines[number].strip() != delimiter:
                number += 1
        number += 1
    return len(lines)


def expects_failure(chunk: str, lines: list[str], index: int) -> bool:
    """Whether ``chunk`` is a plain ``run COMMAND`` whose test then checks that it failed,
    in the lines from ``lines[index]`` to the next ``run`` or the test's end.

    >>> expects_failure("  run crictl pull nginx", ['  [[ "$status" -ne 0 ]]'], 0)
    True
    >>> expects_failure("run docker pull x", ["assert_failure"], 0)
    True
    >>> expects_failure("run docker pull x", ["assert_success", "run x", "assert_failure"], 0)
    False
    >>> expects_failure("docker pull x", ["assert_failure"], 0)
    False
    """
    if _RUN_LINE.match(chunk) is None:
        return False
    for line in lines[index : index + _CHECK_LINES]:
        if _NEXT_COMMAND.match(line) is not None:
            return False
        if _failure_check().search(line) is not None:
            return True
    return False


_RUN_LINE = lazy_pattern(r"[ \t]*run[ \t]")


#: What ends the lines that check a ``run``: another ``run``, a test's start or end.
_NEXT_COMMAND = lazy_pattern(r"[ \t]*(?:run[ \t]|@test\b)|\}")


@once
def _failure_check() -> re.Pattern[str]:
    """A check that the status is not 0: bats-assert's ``assert_failure``, ``$status``
    compared (``-ne 0``, ``!= 0``, ``-eq N``/``== N`` with N > 0, ``-gt 0``)."""
    import re

    status = r"""\$\{?status\}?"?\s*"""
    return re.compile(
        rf"""\bassert_failure\b|{status}(?:(?:-ne|!=)\s*"?0\b|(?:-eq|==?)\s*"?[1-9]|-gt\s*"?0\b)"""
    )


def expects_status(words: list[str], body: str) -> bool:
    """Whether a call of a function of ``body`` with ``words`` expects its command to fail:
    the first word is a status other than 0, which the body takes as the one it checks
    ``$status`` against (:func:`_checks_first_status`).

    >>> body = 'case "$1" in [0-9]*) rc=$1; shift;; esac\\nrun "$@"\\n[ "$status" -eq "$rc" ]'
    >>> expects_status(["125", "pull", "x"], body), expects_status(["0", "pull", "x"], body)
    (True, False)
    >>> expects_status(["3", "pull", "x"], 'attempts=$1; shift\\n"$@"')
    False
    """
    first = words[0] if words else ""
    return first.isdigit() and int(first) != 0 and _checks_first_status(body)


@functools.lru_cache(maxsize=256)
def _checks_first_status(body: str) -> bool:
    """Whether a function's body sets a variable to its ``$1`` and compares ``$status`` (the
    status of Bats' ``run``) with it: cri-o's ``retry 3 …`` takes a count of attempts, no
    status."""
    import re

    names = set(re.findall(r"(\w+)=\"?\$\{?1\b", body))
    status = r"""\$\{?status\}?"?\s*(?:-eq|-ne|==|!=)\s*"?\$\{?(\w+)"""
    return any(name in names for name in re.findall(status, body))


#: The functions Bats itself calls when a file defines them (bats-core's "setup and
#: teardown": before and after each test, each file, the suite).
_HOOKS = frozenset(
    {"setup", "teardown", "setup_file", "teardown_file", "setup_suite", "teardown_suite"}
)


def is_hook(name: str) -> bool:
    """Whether Bats calls a function of this name itself (``setup``, ``teardown``…).

    >>> is_hook("setup_file"), is_hook("docker_tcp")
    (True, False)
    """
    return name in _HOOKS


#: A line of a Bats test file that loads a helper: ``load NAME``, ``source FILE``, ``. FILE``
#: (the file's name maybe quoted, maybe after ``$BATS_TEST_DIRNAME/``).
_LOADS = lazy_pattern(
    r"""(?m)^[ \t]*(load|source|\.)[ \t]+["']?(?:\$\{?BATS_TEST_DIRNAME\}?/)?([A-Za-z0-9_./-]+)"""
)
#: How many Bats test files the look for a helper's loads reads.
_MAX_TEST_FILES = 64


def loaded_helper(path: str) -> bool:
    """Whether a shell file is a Bats helper: a ``*.bats`` file in its directory, or in a
    directory right under it, loads it (``load NAME`` finds ``NAME.bash``, else ``NAME``,
    in the test file's directory; ``source``/``.`` a file there). Bats runs such a file's
    functions only where a test, ``setup`` or ``teardown`` calls them (bats-core's
    ``load``: "source a file"), which the test file's reading reads: alone, its functions'
    bodies pull nothing (cachet-docker's ``test/docker_helpers.bash``).

    >>> loaded_helper("no/such/dir/helpers.bash")
    False
    """
    import os

    here = os.path.dirname(path)
    try:
        changed = os.stat(here or ".").st_mtime_ns
    except OSError:
        return False
    return os.path.normpath(path) in _loaded_in(here, changed)


@functools.lru_cache(maxsize=256)
def _loaded_in(here: str, changed: int) -> frozenset[str]:
    """The files the ``*.bats`` files of ``here`` and of the directories right under it
    load (see :func:`loaded_helper`; ``changed``: the directory's time of change, which
    a new file changes)."""
    import os

    from ._common import read_text

    directories = [here]
    try:
        with os.scandir(here or ".") as entries:
            directories += [os.path.join(here, e.name) for e in entries if e.is_dir()]
    except OSError:
        return frozenset()
    loaded: set[str] = set()
    seen = 0
    for directory in directories:
        try:
            names = sorted(n for n in os.listdir(directory or ".") if n.endswith(".bats"))
        except OSError:
            continue
        for name in names:
            seen += 1
            if seen > _MAX_TEST_FILES:
                return frozenset(loaded)
            text = read_text(os.path.join(directory, name), 1 << 20)
            if not isinstance(text, str):
                continue
            for verb, operand in _LOADS.findall(text):
                file = os.path.normpath(os.path.join(directory, operand))
                loaded.add(file)
                if verb == "load":
                    loaded.add(file + ".bash")
    return frozenset(loaded)
