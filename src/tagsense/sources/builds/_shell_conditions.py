"""How :class:`.shell.ShellReader` follows tests and the branches they choose.

A ``[ … ]``/``[[ … ]]``/``test`` condition is decided when the values it compares are known
(:meth:`~.shell.ShellReader._outcome`), so that the branch a run takes is read alone; a ``case``
arm is chosen by its patterns; each branch's words move the state of the conditional being
read. These are the reader's methods, defined here.
"""

from __future__ import annotations

import re

from ._engine_commands import kubectl_of
from ._shell_parameters import _ARGUMENT_DEFAULT, _names_in, _self_default
from ._shell_values import (
    DOLLAR,
    INTEGER_TESTS,
    MATCHED,
    SPLIT,
    UNKNOWN,
    is_privilege_switch,
    plain_text,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    from .shell import ShellReader


#: The state of a conditional at its ``then``, from its test's (see ``_branch_word``).
_THEN_STATES = {"failing": "dead", "passing": "taken", "done": "done"}


def _selects_positional(self: ShellReader, word: str, line: int) -> bool:
    """Whether ``case WORD in`` picks its arm by a call's known ``$1``, before any loop
    of the function's body (one in a loop sees each argument in turn): buildah's
    ``run_buildah``, whose ``case "$1" in [0-9]) …; shift;; --retry) …; shift;; esac``
    takes an expected exit code off only when the call gives one; ``run_buildah from
    alpine`` runs no arm, and its ``"$@"`` stays the call's words. So too a script's own
    ``$1``, at its top level before any loop, when the runner gives its words, and a
    variable set to such a ``$1`` that still holds it (:attr:`_argument_values`): crystal's
    ``bin/ci``, which ends ``command="$1"; shift; case $command in … build) build;; …``,
    and which its workflows run as ``bin/ci build`` (POSIX, *case Conditional Construct*:
    the first pattern that matches the word runs its arm, and no other)."""
    bare = word.replace('"', "").replace(SPLIT, "")
    if self._argument_values and bare[:1] == "$":
        name = bare[1:].removeprefix("{").removesuffix("}")
        held = self._argument_values.get(name)
        if held is not None and self.variables.get(name) == held:
            return name not in self.branches.values
    if self.positional is None or line >= self._loop_free:
        return False
    if self._body_file is None and self._lines_file() is not None:
        return False  # (a file sourced with words: its lines are not the script's)
    return bare in ("$1", "${1}")


def _known_case_word(self: ShellReader, word: str) -> bool:
    """Whether ``case WORD in`` picks its arm by WORD's value known here, as an ``if`` of
    ``[ "$WORD" = … ]`` is decided (:meth:`_outcome`): each variable it names has a value
    the text or the runner gives, not one the branches before leave several ways, nor the
    environment's to give (a default read alone), nor empty (a placeholder a run fills).
    crystal-lang/crystal's ``bin/ci`` picks ``-build``, ``-alpine-build`` or ``-i386-build``
    by ``case $ARCH in``, which each workflow job gives (``ARCH: x86_64``). A word with no
    expansion at all picks its arm too: dexidp/helm-charts' ``case ${{ matrix.kube }} in``,
    the matrix value written in before the shell runs (``case 1.25 in``)."""
    names = _names_in(word)
    if not names and not any(mark in word for mark in "$`\\"):
        return True
    if not names or any(name in self.branches.values for name in names):
        return False
    if any(not self.variables.get(name) for name in names):
        return False
    return not self._compares_argument(word) and not self._environment_tested(word)


def _branch_depth(self: ShellReader) -> int:
    """How many branches the commands read now are in: the open conditionals and cases,
    less the cases whose known word picks the arm (:meth:`_chosen`; its arm, read, surely
    runs)."""
    cases = self._cases
    chosen = sum(1 for depth in range(len(cases)) if self._chosen(depth))
    return len(self._conditionals) + len(cases) - 2 * chosen


def _chosen(self: ShellReader, depth: int) -> bool:
    """Whether the ``case`` at ``depth`` (0: the outermost open) runs only the arm its
    known word picks (see :attr:`_selected`): no branches, the arm read as the text."""
    return 0 <= depth < len(self._selected) and self._selected[depth] is not None


def _select_arm(self: ShellReader, patterns: list[str]) -> None:
    """A ``case`` arm's patterns, in a ``getopts`` body (see :attr:`_selected`): the arm
    runs when it is the first whose pattern matches the known word, and surely then."""
    cases, selected = self._cases, self._selected
    if len(selected) != len(cases) or not self._conditionals:
        return
    word = selected[-1]
    if word is None:
        return
    from fnmatch import fnmatchcase

    if word is not MATCHED and any(fnmatchcase(word, pattern) for pattern in patterns):
        selected[-1] = MATCHED
        cases[-1] = True  # (an arm surely runs: as a `*)` would)
        self._conditionals[-1] = "live"
    else:
        self._conditionals[-1] = "dead"


def _restore(self: ShellReader, before: Mapping[str, str | None]) -> None:
    """The next branch of a conditional starts with the values before it (see
    ``._branches``): what the branch that ended set is not the next one's. A variable's
    array (what ``NAME+=value`` adds to, see ``_assign_array``) goes back with it where it
    is the one value: PrivateBin's docker-nginx-fpm-alpine appends a tag in each arm
    (``IMAGE+=":edge"``, ``else IMAGE+=":latest"``), each arm onto the value before."""
    for name, value in before.items():
        elements = self.arrays.get(name, ())
        if value is None:
            self.variables.pop(name, None)
            self.arrays.pop(name, None)  # (set in the branch alone: as unset, empty)
        else:
            self.variables[name] = value
            if elements is not None and len(elements) == 1:
                self.arrays[name] = (value,)


def _applies(self: ShellReader, words: list[str] | None) -> bool:
    """Whether a command is ``kubectl apply`` (``create``, ``replace``) of what is piped
    into it (``helm template … | kubectl apply -f -``)."""
    words = self._through_wrappers(words or [])
    if not words or kubectl_of(self.expand(words[0])) is None:
        return False
    return any(self.expand(word) in ("apply", "create", "replace") for word in words[1:])


def _branch_word(self: ShellReader, word: str, following: list[str]) -> None:
    """Follows the open conditionals (:attr:`_conditionals`): ``if`` opens one, whose
    ``then`` branch is dead when :meth:`_outcome` knows its test fails, and surely runs
    when it knows it passes (then the ``elif`` and ``else`` branches cannot); an ``elif``'s
    test is read so too; otherwise ``elif`` and ``else`` start a branch that may run;
    ``fi`` closes it."""
    states = self._conditionals
    if word == "if":
        outcome = self._outcome(following)
        states.append("testing" if outcome is None else "passing" if outcome else "failing")
    elif states and word == "then":
        states[-1] = _THEN_STATES.get(states[-1], "live")
        if states[-1] == "taken":
            self.branches.taken()
    elif states and word == "elif" and states[-1] not in ("taken", "done"):
        # (its test read as an `if`'s: mavlink-router's `ci-create-rootfs.sh armhf` takes
        # `elif [ "$ARCH" == "armhf" ]`, not the `else` after it)
        outcome = self._outcome(following)
        states[-1] = "testing" if outcome is None else "passing" if outcome else "failing"
    elif states and word in ("elif", "else"):
        # (a branch that may run, unless one before surely ran)
        states[-1] = "done" if states[-1] in ("taken", "done") else "live"
    elif states and word == "fi":
        states.pop()


def _skipping(self: ShellReader) -> bool:
    """Whether the commands read now are in a branch the shell skips (see
    :meth:`_branch_word`)."""
    return "dead" in self._conditionals or "done" in self._conditionals


def _outcome(self: ShellReader, test: list[str]) -> bool | None:
    """Whether a conditional's test is known to pass (``True``) or fail (``False``;
    ``None``: a run decides): :meth:`_unary`, or ``[ A = B ]`` (``==``, ``!=``; also in
    ``[[ ]]`` and ``test``) of two values known here. psycopg's CI step pulls
    ``us-docker.pkg.dev/…/cockroach:latest-master-build`` ``if [[ ${{ matrix.crdb }} ==
    "master" ]]``, and ``cockroachdb/cockroach:latest-${{ matrix.crdb }}`` else: each
    matrix leg takes one branch."""
    unary = self._unary(test)
    if unary is not None:
        return unary
    bracketed = len(test) == 5 and (test[0], test[4]) in (("[", "]"), ("[[", "]]"))
    matches = bracketed and test[0] == "[["
    if bracketed:
        test = test[1:4]
    elif len(test) == 4 and test[0] == "test":
        test = test[1:]
    else:
        return None
    left, operator, right = test
    if operator in INTEGER_TESTS:
        return self._compared(left, operator, right)
    if operator not in ("=", "==", "!=") or any(
        name in self.branches.values for word in (left, right) for name in _names_in(word)
    ):
        return None  # (a value the branches of an earlier `if` may leave several ways)
    if any(self._compares_argument(word) for word in (left, right)):
        return None
    if self._environment_tested(left, right):
        return None
    values = [plain_text(self.expand(self._tested(word))) for word in (left, right)]
    if any(UNKNOWN in value or DOLLAR in value for value in values):
        return None
    if any(char in values[1] for char in "*?["):
        # (in `[[ ]]`, a pattern: opensearch-py's `[[ "$V" == *"SNAPSHOT" ]]`)
        from ._shell_pattern import shell_pattern

        # (the words here have their quotes taken out: a quoted `*` is read as a pattern's)
        pattern = shell_pattern(values[1]) if matches else None
        if pattern is None:
            return None
        return (pattern.fullmatch(values[0]) is not None) == (operator != "!=")
    return (values[0] == values[1]) == (operator != "!=")


def _compares_argument(self: ShellReader, word: str) -> bool:
    """Whether a compared word is the script's argument, read with its default because
    the script is read alone (``[ "${1:-}" == "--with-docker" ]``): the comparison is
    written for the runs that give one, so a run decides. datacube-core's
    ``check-code.sh --with-docker`` runs its checks in ``opendatacube/datacube-tests``;
    ``[ "$1" = … ]`` is undecided so too."""
    return self._defaults and self.positional is None and _ARGUMENT_DEFAULT.search(word) is not None


def _environment_tested(self: ShellReader, *words: str) -> bool:
    """Whether a compared word is a variable the environment gives, read with its
    default because the script is read alone (``DOCKER=${DOCKER:-false}``, then ``[
    "$DOCKER" = "false" ]``, or ``${DOCKER:-false}`` in the test itself): the comparison is
    written for the runs that set it, so a run decides. livepeer/go-livepeer's
    ``box/gateway.sh`` runs ``./livepeer`` by default and ``docker run …
    livepeer/go-livepeer`` with ``DOCKER=true`` (its ``box.md``: ``export DOCKER=true``)."""
    if not self._open_environment:
        return False
    for word in words:
        for name in _names_in(word):
            if name in self._environment_defaults:
                return True
            if name not in self.variables and _self_default(name, word, whole=False):
                return True
    return False


def _compared(self: ShellReader, left: str, operator: str, right: str) -> bool | None:
    """``[ A -eq B ]`` (``-ne``, ``-lt``, ``-le``, ``-gt``, ``-ge``) of two integers known
    here: containers/toolbox's ``if [[ $# -eq 2 ]]`` in a function called with one
    argument (``None``: a run decides)."""
    if any(name in self.branches.values for word in (left, right) for name in _names_in(word)):
        return None
    if self._environment_tested(left, right):
        return None  # (`[ "$USE_GPU" -eq 1 ]` after `USE_GPU=${USE_GPU:-0}`)
    values = [plain_text(self.expand(self._tested(word))).strip() for word in (left, right)]
    if not all(value.lstrip("-").isdigit() for value in values):
        return None
    return INTEGER_TESTS[operator](int(values[0]), int(values[1]))


def _unary(self: ShellReader, test: list[str]) -> bool | None:
    """Whether ``[ -z WORD ]`` or ``[ -n WORD ]`` (in ``[[ ]]``, ``test``) passes, when
    WORD is a value known here (``None``: a run decides, or another test). conda-forge's
    ``run_docker_build.sh`` computes ``DOCKER_IMAGE`` only ``if [ -z "${DOCKER_IMAGE}" ]``,
    and the CI step that runs it gives the image; libgit2's composite action adds
    ``--build-arg BASE=…`` only ``if [ "${{ inputs.base }}" != "" ]``."""
    bracketed = len(test) == 4 and (test[0], test[3]) in (("[", "]"), ("[[", "]]"))
    if not bracketed and (len(test) != 3 or test[0] != "test"):
        return None
    operator, word = test[1], test[2]
    if operator not in ("-z", "-n") or any(
        name in self.branches.values for name in _names_in(word)
    ):
        return None  # (a value the branches of an earlier `if` may leave unset)
    if self._environment_tested(word):
        return None  # (`[ -n "${REGISTRY:-}" ]`: the environment's to give)
    value = plain_text(self.expand(self._tested(word)))
    if UNKNOWN in value or DOLLAR in value:
        return None
    return not value if operator == "-z" else bool(value)


def _tested(self: ShellReader, word: str) -> str:
    """A test's word with each variable that is set to the empty string taken out: a
    test sees it empty (elsewhere an empty value is a placeholder a run fills: see
    :meth:`_value`), as a CI step's ``env`` of an input not given makes it."""

    for name in _names_in(word):
        if self.variables.get(name) == "" and name not in self.maps:
            word = re.sub(rf"\$(?:\{{{name}\}}|{name}(?![A-Za-z0-9_]))", "", word)
    return word


def _may_vanish(self: ShellReader, word: str) -> bool:
    """Whether a word that is a variable alone (``$DRY``) is none when it is empty, a
    value the text gives it (netbox-docker's ``build.sh``: ``DRY=""``, or ``echo`` for a
    dry run): the command is then the words after it."""
    names = _names_in(word)
    word = word.removeprefix(SPLIT)
    if len(names) != 1 or word not in (f"${names[0]}", f"${{{names[0]}}}"):
        return False
    name = names[0]
    if name in self.branches.values:
        return any(not value for value in self.branches.values[name])
    if name not in self.variables and is_privilege_switch(name):
        return True  # (`$SUDO docker …`, SUDO the environment's: `sudo`, or nothing)
    return self.variables.get(name) == ""
