"""Where each command of an expanded recipe line runs: the directory a ``cd DIR`` or
``pushd DIR`` before it on the line moved the shell to (``popd`` back, and the end of the
subshell it is in: deepfence/ThreatMapper's ``(cd ./deepfence_server && make image)``), with a
``for NAME in WORDS; do … done`` loop's body once a word when the word decides where its
commands run.

envoyproxy/gateway's ``kube-build-examples-image`` recipe runs ``for app in
$(EXAMPLE_APPS); do pushd $(ROOT_DIR)/examples/$$app; make docker-buildx; popd; done``: each
example's own Makefile builds the image its end-to-end tests run. A directory a run decides
(a variable the line leaves unknown, ``cd -``, ``cd`` alone) leaves the commands after it
unplaced until a ``popd`` comes back. An ``if`` whose test the line settles (``[ -n "" ]``,
``[ -z WORD ]``, ``[ A = B ]``, ``!=``, ``==``; ``test`` and ``[[ ]]`` too) runs only the arm
it picks: gateway's loop runs ``make docker-buildx ENVOY_VERSION=$(ENVOY_PROXY_VERSION)`` only
when that version is not empty, else ``make docker-buildx``; a test a run decides leaves both.
"""

from __future__ import annotations

import re
import shlex

from ..._lazy import lazy_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["placed_commands"]

#: A line's command separators (a pipe's commands run where the line is too).
_SEPARATORS = lazy_pattern(r"&&|\|\||[;|&\n]")
#: The words that open a compound command's part, before the command that follows them.
_OPENERS = frozenset({"do", "then", "{", "!"})
#: The words that only close or open one (no command of their own).
_CLOSERS = frozenset({"done", "fi", "}", "esac"})
#: How many words a loop's body is read for, at most.
MAX_LOOP_WORDS = 32


def placed_commands(line: str, unknown: str) -> Iterator[tuple[str | None, list[str]]]:
    """Each simple command of ``line`` as its words, with the directory it runs in relative
    to the line's own (``""``: there; ``None``: a run decides); ``unknown`` marks a value a
    run decides. A command shlex cannot split ends the line."""
    commands: list[list[str]] = []
    opened = 0  # (the subshells open: a `)` closes one only then, not a `case` arm's)
    for text in _SEPARATORS.split(line.replace("\\\n", " ")):
        try:
            words = shlex.split(text)
        except ValueError:
            break
        while words and (words[0] in _OPENERS or words[0].startswith("(")):
            if words[0].startswith("("):
                # (`(cd deepfence_server && make image)`: a subshell, its `cd` its own)
                commands.append([_SUBSHELL])
                opened += 1
                words[0] = words[0][1:]
                if not words[0]:
                    words = words[1:]
            else:
                words = words[1:]
        closed = 0
        while opened and words and words[-1].endswith(")") and _unbalanced(words[-1]):
            words[-1] = words[-1][:-1]
            if not words[-1]:
                words = words[:-1]
            opened -= 1
            closed += 1
        if words and words[0] == "else":
            commands.append(["else"])  # (the arm that runs when the test fails: see _placed)
            words = words[1:]
        if words:
            commands.append(words)
        commands.extend([_SUBSHELL_END] for _ in range(closed))
    yield from _placed(commands, [""], unknown)


#: The words that mark where a subshell (``( … )``) begins and ends in a line's commands.
_SUBSHELL = "("
_SUBSHELL_END = ")"


def _unbalanced(word: str) -> bool:
    """Whether ``word`` closes more parentheses than it opens (``image)``, not ``$(pwd)``)."""
    return word.count(")") > word.count("(")


def _placed(
    commands: list[list[str]], stack: list[str | None], unknown: str
) -> Iterator[tuple[str | None, list[str]]]:
    index = 0
    #: Each open ``if``: what its test gives (``None``: a run's) and whether its ``else`` began.
    tests: list[list[bool | None]] = []
    #: The depth of the stack each open subshell began at (its ``pushd``s end with it).
    subshells: list[int] = []
    while index < len(commands):
        words = commands[index]
        index += 1
        if words[0] == "if":
            tests.append([_test(words[1:], unknown), False])
            continue
        if words[0] in ("else", "elif") and tests:
            tests[-1] = [None if words[0] == "elif" else tests[-1][0], True]
            continue
        if words[0] == "fi" and tests:
            tests.pop()
            continue
        if any(test is not None and test == in_else for test, in_else in tests):
            continue  # (an arm the test does not pick)
        if words[0] in _CLOSERS or words[0] in ("while", "until"):
            continue
        if words[0] == "for" and len(words) >= 3 and words[2] == "in":
            end = _loop_end(commands, index)
            body, index = commands[index:end], end + 1
            values = words[3:]
            if (
                not values
                or len(values) > MAX_LOOP_WORDS
                or any(unknown in v for v in values)
                or not _places(body, words[1])
            ):
                yield from _placed(body, stack, unknown)
                continue
            for value in values:
                given = [[_substituted(word, words[1], value) for word in w] for w in body]
                yield from _placed(given, stack, unknown)
            continue
        if words[0] in ("cd", "pushd"):
            moved = _moved(stack[-1], words[1:], unknown)
            if words[0] == "cd":
                stack[-1] = moved
            else:
                stack.append(moved)
            continue
        if words[0] == "popd":
            if len(stack) > 1:
                stack.pop()
            continue
        if words == [_SUBSHELL]:
            stack.append(stack[-1])  # (a subshell starts where its parent is, and moves alone)
            subshells.append(len(stack))
            continue
        if words == [_SUBSHELL_END]:
            if subshells:
                del stack[subshells.pop() - 1 :]
            continue
        yield stack[-1], words


def _places(body: list[list[str]], name: str) -> bool:
    """Whether a loop's variable ``name`` decides where a command of its body runs: in a
    ``cd``/``pushd`` or a ``-C``/``-f`` option (a loop whose word only names a goal, kuma's
    ``for cluster in …; do $(MAKE) test/e2e/k8s/start/cluster/$$cluster``, is read once)."""
    pattern = re.compile(rf"\$(?:\{{{re.escape(name)}\}}|{re.escape(name)}(?![A-Za-z0-9_]))")
    for words in body:
        placing = words[1:] if words[0] in ("cd", "pushd") else []
        for index, word in enumerate(words[1:], 1):
            if word.startswith(("-C", "-f", "--directory", "--file")):
                placing.append(word)
                if word in ("-C", "-f") and index + 1 < len(words):
                    placing.append(words[index + 1])
        if any(pattern.search(word) for word in placing):
            return True
    return False


def _loop_end(commands: list[list[str]], start: int) -> int:
    """The index of the ``done`` that closes the loop whose body starts at ``start`` (the
    line's end when none does)."""
    depth = 1
    for index in range(start, len(commands)):
        first = commands[index][0]
        if first in ("for", "while", "until"):
            depth += 1
        elif first == "done":
            depth -= 1
            if depth == 0:
                return index
    return len(commands)


def _substituted(word: str, name: str, value: str) -> str:
    """``word`` with the loop variable ``name`` (``$name``, ``${name}``) set to ``value``."""
    return re.sub(rf"\$(?:\{{{re.escape(name)}\}}|{re.escape(name)}(?![A-Za-z0-9_]))", value, word)


def _moved(directory: str | None, operands: list[str], unknown: str) -> str | None:
    """Where ``cd``/``pushd`` with ``operands`` moves a shell that is in ``directory``."""
    import os.path

    operands = [word for word in operands if word != "--"]
    if directory is None or len(operands) != 1:
        return None
    target = operands[0]
    if unknown in target or "$" in target or target.startswith(("-", "~")):
        return None
    return os.path.normpath(os.path.join(directory, target))


def _test(words: list[str], unknown: str) -> bool | None:
    """Whether an ``if``'s test (``[ -n WORD ]``, ``test -z WORD``, ``[[ A == B ]]``) holds;
    ``None`` when a run decides it or it is another command."""
    if words and words[0] == "test":
        words = words[1:]
    elif len(words) >= 2 and (words[0], words[-1]) in (("[", "]"), ("[[", "]]")):
        words = words[1:-1]
    else:
        return None
    if any(unknown in word or "$" in word for word in words):
        return None
    if len(words) == 2 and words[0] in ("-n", "-z"):
        return bool(words[1]) == (words[0] == "-n")
    if len(words) == 3 and words[1] in ("=", "==", "!="):
        return (words[0] == words[2]) == (words[1] != "!=")
    return None
