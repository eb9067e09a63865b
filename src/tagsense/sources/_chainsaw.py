"""The operations of a directory's chainsaw tests: which file each applies or compares the
cluster with, and the bindings in scope there (what the assertions and the bindings of
applied files are read from).

A chainsaw test (``chainsaw-test.yaml``, the test file chainsaw looks for, or ``.yml``) is a
``Test`` of ``chainsaw.kyverno.io`` whose ``spec.steps`` run operations in ``try``,
``catch``, ``finally`` and ``cleanup``: ``- apply: {file: 01-install.yaml, bindings: [...]}``.
Bindings (``{name, value}``) are declared by the test, by a step and by an operation; an
inner one hides an outer one of the same name.
"""

from __future__ import annotations

import fnmatch
import os
import re
import shlex
from functools import lru_cache
from typing import NamedTuple

from .._lazy import lazy_pattern
from .discover import CHAINSAW_TEST_FILES

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

__all__ = [
    "APPLYING",
    "CREATING",
    "Operation",
    "document_bindings",
    "names",
    "operations",
]

#: The operations that apply their file to the cluster (templated with the bindings).
APPLYING = frozenset({"apply", "create", "update", "patch"})
#: A ``script`` whose command is ``kubectl apply -f FILE`` (or ``create``, ``replace``): it
#: sends its file to the cluster as written (kubectl templates nothing).
SCRIPTED = "script"
#: The operations that send their file to the cluster.
CREATING = APPLYING | {SCRIPTED}
#: kubectl's subcommands that send the files ``-f`` names to the cluster.
_KUBECTL_SENDING = frozenset({"apply", "create", "replace"})
#: What makes a script more than one command (then whether it failed is not kubectl's alone).
_SHELL_CONTROL = lazy_pattern(r"[;&|<>`\n]|\$\(")
#: What a script may say before its first command that matters here.
_PREAMBLE = lazy_pattern(r"(?:#.*|set\b.*|echo\b.*)?")
#: A script that starts ``if COMMAND`` (``if ! COMMAND``, ``; then`` on the same line), the
#: branch its success takes, and an exit that fails the script.
_IF_COMMAND = lazy_pattern(r"if[ \t]+(![ \t]+)?(.*?)(?:[ \t]*;[ \t]*then\b.*)?")
_THEN_BRANCH = lazy_pattern(r"\bthen\b(.*?)(?:\belse\b|\belif\b|\bfi\b)", re.DOTALL)
_FAILS = lazy_pattern(r"\bexit[ \t]+[1-9]")
#: kubectl's global flags that take the next word as their value (`kubectl -n test apply`).
_KUBECTL_VALUED = frozenset({"-n", "--namespace", "--context", "--cluster", "--user",
                             "--as", "--as-group", "--kubeconfig", "-s", "--server",
                             "--token"})  # fmt: skip
#: The blocks of a step that hold operations.
_BLOCKS = ("try", "catch", "finally", "cleanup")
#: How much of a test file is read.
_MAX_BYTES = 1 << 20


class Operation(NamedTuple):
    """One operation of a chainsaw test on a file."""

    #: ``apply``, ``create``, ``update``, ``patch``, ``assert``, ``error``, …
    verb: str
    #: The file as the test names it (relative to the test's directory; chainsaw takes globs).
    file: str
    #: The bindings in scope, outermost first (the test's, the step's, the operation's):
    #: (name, value as written).
    bindings: tuple[tuple[str, str], ...]
    #: The test file it is in.
    test: str = ""
    #: Whether every expectation of it is that it fails, whatever it matches: an ``apply`` a
    #: policy under test refuses (``check: {($error != null): true}``, or ``($error)`` with
    #: the message), which creates nothing.
    refused: bool = False


def operations(directory: str) -> tuple[Operation, ...]:
    """Every operation on a file of the chainsaw tests in ``directory`` (none without one)."""
    found: list[Operation] = []
    for name in CHAINSAW_TEST_FILES:
        path = os.path.join(directory, name)
        try:
            stat = os.stat(path)
        except OSError:
            continue
        found.extend(_read_test(path, stat.st_mtime_ns, stat.st_size))
    return tuple(found)


def names(target: str, name: str, directory: str) -> bool:
    """Whether an operation's file (a path relative to the test, a glob, or a URL) is the file
    ``name`` of the test's directory."""
    if "://" in target:
        return False
    full = os.path.normpath(os.path.join(directory, target))
    if os.path.dirname(full) != os.path.normpath(directory):
        return False
    return fnmatch.fnmatchcase(name, os.path.basename(full))


@lru_cache(maxsize=256)
def _read_test(path: str, mtime: int, size: int) -> tuple[Operation, ...]:
    # (the file's stat is in the key, so that a changed test is read again)
    del mtime
    if size > _MAX_BYTES:
        return ()
    from ._yaml import get, items, load_yaml, scalar, sequence
    from .find import read_text

    text = read_text(path, _MAX_BYTES)
    if not isinstance(text, str) or "chainsaw.kyverno.io" not in text:
        return ()
    found: list[Operation] = []
    for document in load_yaml(text, path=path).documents:
        if not (scalar(get(document, "apiVersion")) or "").startswith("chainsaw.kyverno.io/"):
            continue
        spec = get(document, "spec")
        outer = _bindings(spec)
        for step in sequence(get(spec, "steps")):
            around = outer + _bindings(step)
            for block in _BLOCKS:
                for operation in sequence(get(step, block)):
                    for verb, body, _ in items(operation):
                        bindings = around + _bindings(body)
                        target = scalar(get(body, "file"))
                        if target:
                            refused = _expects_error(body)
                            found.append(Operation(verb, target, bindings, path, refused))
                        elif verb == SCRIPTED:
                            found.extend(_scripted(body, bindings, path))
    return tuple(found)


def _scripted(
    script: yaml.Node, bindings: tuple[tuple[str, str], ...], test: str
) -> list[Operation]:
    """The files a ``script`` operation sends with ``kubectl apply -f`` (``create``,
    ``replace``): refused when the script is that one command and its ``check`` is that it
    failed, or when the script is ``if`` that command ``then`` a failing ``exit``.
    kyverno/kyverno's ``test/conformance/chainsaw``: ``content: kubectl apply -f
    new-deployment.yaml`` with ``check: {($error != null): true}``, a deployment the policy
    under test denies (29 findings on images nothing pulls); ``if kubectl apply -f
    resource.yaml`` ``then echo "Tested failed. Resource was allowed."; exit 1``."""
    from ._yaml import get, items, scalar

    content = (scalar(get(script, "content")) or "").strip()
    # (the first command, after a shebang, comments, `set -eu` and what it only echoes)
    lines = [line.strip() for line in content.split("\n")]
    first = next((line for line in lines if not _PREAMBLE.fullmatch(line)), "")
    condition = _IF_COMMAND.fullmatch(first)
    if condition is not None:
        command = condition[2]
        branch = _THEN_BRANCH.search(content)
        refused = not condition[1] and branch is not None and bool(_FAILS.search(branch[1]))
    else:
        # (a pipeline's first command still runs: `kubectl apply -f pod.yaml 2>&1 | grep -q …`)
        command = first.split("|", 1)[0]
        alone = "\n" not in content and not _SHELL_CONTROL.search(content)
        checks = [
            (key.replace(" ", ""), scalar(value)) for key, value, _ in items(get(script, "check"))
        ]
        refused = alone and any(_asserts_error(key, value) for key, value in checks)
    try:
        words = shlex.split(command, comments=True)
    except ValueError:
        return []
    return [Operation(SCRIPTED, file, bindings, test, refused) for file in _kubectl_files(words)]


def _kubectl_files(words: list[str]) -> list[str]:
    """The files a ``kubectl apply`` (``create``, ``replace``) command's ``-f`` options name;
    none for another command."""
    if not words or os.path.basename(words[0]) != "kubectl":
        return []
    verb = next(
        (word for at, word in enumerate(words[1:], 1)
         if not word.startswith("-") and words[at - 1] not in _KUBECTL_VALUED),
        None,
    )  # fmt: skip
    if verb not in _KUBECTL_SENDING:
        return []
    files: list[str] = []
    for at, word in enumerate(words):
        if word in ("-f", "--filename") and at + 1 < len(words):
            files.append(words[at + 1])
        elif word.startswith("--filename="):
            files.append(word.partition("=")[2])
        elif word.startswith("-f") and len(word) > 2 and word[2] != "-":
            files.append(word[2:].removeprefix("="))
    return [file for file in files if file and file != "-"]


def _expects_error(operation: yaml.Node) -> bool:
    """Whether every expectation of an operation is that it fails, whatever it matches."""
    from ._yaml import get, items, scalar, sequence

    expectations = sequence(get(operation, "expect"))
    if not expectations:
        return False
    for expectation in expectations:
        if get(expectation, "match") is not None:
            return False  # (an error for some of the file's resources only)
        checks = [
            (key.replace(" ", ""), scalar(value))
            for key, value, _ in items(get(expectation, "check"))
        ]
        if not any(_asserts_error(key, value) for key, value in checks):
            return False
    return True


def _asserts_error(key: str, value: str | None) -> bool:
    """A check that the operation failed: ``($error != null): true`` (or with JMESPath's
    literal null in backquotes, as kyverno writes it too), or ``($error)`` with the message
    it fails with."""
    if key in ("($error!=null)", "($error!=`null`)"):
        return value == "true"
    return key == "($error)" and value not in (None, "", "null", "~")


def document_bindings(document: yaml.Node | None) -> dict[str, str]:
    """The bindings a chainsaw ``Test`` or ``StepTemplate`` document declares (its own, its
    steps', their operations'), for the resources it writes inline (``apply: {resource:
    …}``): each name bound to one value throughout; a name bound to two is left out (which
    one a resource sees depends on where it is)."""
    from ._yaml import get, items, sequence

    spec = get(document, "spec")
    pairs = list(_bindings(spec))
    steps = sequence(get(spec, "steps"))
    for step in (spec, *steps):  # (a StepTemplate's spec is a step: its blocks are its own)
        if step is not spec:
            pairs += _bindings(step)
        for block in _BLOCKS:
            for operation in sequence(get(step, block)):
                for _, body, _ in items(operation):
                    pairs += _bindings(body)
    found: dict[str, str | None] = {}
    for name, value in pairs:
        found[name] = value if found.get(name, value) == value else None
    return {name: value for name, value in found.items() if value is not None}


def _bindings(node: yaml.Node | None) -> tuple[tuple[str, str], ...]:
    from ._yaml import get, scalar, sequence

    pairs = []
    for binding in sequence(get(node, "bindings")):
        name, value = scalar(get(binding, "name")), scalar(get(binding, "value"))
        if name and value is not None:
            pairs.append((name, value))
    return tuple(pairs)
