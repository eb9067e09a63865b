"""The manifests of an end-to-end suite that names what it applies one by one, which nothing names.

An end-to-end suite's files are read whole (see ``.testdata``): its tests apply, build and run
them (docker/compose's ``pkg/e2e/fixtures``, skaffold's ``integration/testdata``, a kuttl
suite's directories). But a suite whose own code names its manifests one by one applies
those it names, and no other: argoproj/argo-rollouts' ``test/e2e/*_test.go`` apply
``@functional/rollout-basic.yaml`` and the like (its fixtures read the file after the ``@``),
and nothing names ``test/e2e/expectedfailures/experiment-degrade.yaml`` nor
``functional/ephemeral-labels.yaml``; ``functional/analysis-run-job.yaml`` only a unit test
loads, into a fake informer (``utils/tolerantinformer/*_test.go``: survey s59d, 15 false
findings).

So, in a suite (the outermost directory named so: ``e2e``, ``integration``… below the project's
root) whose code names at least one of its YAML files by its file's name, a manifest is test
data (one note for its directory) when no file of the project names it: not its file's name
(``rollout-basic.yaml``, ``"@functional/rollout-basic.yaml"``), not its stem as a literal's
end (``"rollout-basic"``), not a directory above it up to the suite's that holds no code (a
word that ends there: ``kubectl apply -f crds``, ``os.ReadDir("testdata")``, ``"functional/"
+ name``, or is followed by a pattern: ``filepath.Glob("functional/*.yaml")``,
``"functional/%s.yaml"``). The files that name count when they are code (Go, Python,
JavaScript… whose string literals are read; shell scripts, Makefiles, whose whole text is), the
suite's YAML files (a kustomization, a kuttl or Chainsaw step), and the YAML files of a hidden
directory or of the root (CI files, ``kuttl-test.yaml``), or a kustomization, a Skaffold or a
Taskfile anywhere; not a unit test (a test file outside an end-to-end suite that does not talk
to a cluster, see ``._unit_tests``): what only it names is its input. A suite whose code lists
a directory it does not name by a literal (``os.ReadDir(dir)``, ``filepath.Glob(pattern)``,
``glob.glob(…)``), takes ``*.yaml`` of its own directory or of a variable's
(``$DIR/*.yaml``), or applies a variable's file (``kubectl apply -f $FILE``), is read whole.
"""

from __future__ import annotations

import os
import re

from .._lazy import lazy_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["forget", "unnamed_in_suites"]

#: How much of a file is read.
_MAX_BYTES = 1 << 20
#: Each project root's unnamed manifests (real paths), once a scan.
_UNNAMED: dict[str, frozenset[str]] = {}
#: The code whose string literals are read (comments are not what a program names).
_QUOTING = (
    ".go", ".py", ".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx", ".rb", ".java",
    ".kt", ".kts", ".groovy", ".scala", ".rs", ".cs", ".php",
)  # fmt: skip
#: The files whose whole text is read: scripts, Makefiles and other command files.
_PLAIN_ENDINGS = (
    ".sh", ".bash", ".zsh", ".bats", ".ps1", ".mk", ".make", ".star", ".bzl", ".tf", ".cue",
    ".jsonnet", ".libsonnet", ".toml", ".nix",
)  # fmt: skip
_PLAIN_NAMES = frozenset(
    {"makefile", "gnumakefile", "justfile", "jenkinsfile", "tiltfile", "earthfile",
     "dockerfile", "taskfile", "magefile"}
)  # fmt: skip
_YAML = (".yaml", ".yml", ".json")
#: The YAML files anywhere that name other files (a kustomization, Skaffold, a Taskfile, a
#: kuttl or Chainsaw test's file), by the first word of their names.
_NAMING_YAML = ("kustomization", "skaffold", "taskfile", "kuttl", "chainsaw", "kind")
_NOT_THE_PROJECTS = frozenset({"node_modules", "vendor", "third_party", "__pycache__"})
#: A quoted literal ("…", '…', `…`; a raw Go string may span lines).
_LITERAL = lazy_pattern(r"\"(?:[^\"\\\n]|\\.){0,400}\"|'(?:[^'\\\n]|\\.){0,400}'|`[^`]{0,2000}`")
#: A path's word (a file's or a directory's name).
_WORD = lazy_pattern(r"[\w.-]+")
#: A quick look at a path for a suite's directory.
_END_TO_END_WORD = lazy_pattern(r"e2e|integration|acceptance", re.I)
#: What a word may be followed by when it names a directory: the end of a word of its own.
_ENDS = frozenset("\"'` \t\n\r),;]}|&>")
#: A path's component that makes a pattern over its directory's files.
_PATTERN = lazy_pattern(r"[^\s\"'`/]*[*%{$<(]")
#: A listing of a directory whose argument is no literal, ``*.yaml`` of the code's own
#: directory or of a variable's, or a script's apply of a variable's file: what the suite
#: applies is not named one by one.
_LISTING = lazy_pattern(
    r"\b(?:ReadDir|WalkDir|Walk|Glob|glob|listdir|readdirSync|readdir|scandir|iterdir|rglob)"
    r"\(\s*(?![\"'`\s)])"
)
_LISTING_WORDS = ("Dir(", "Walk(", "lob(", "listdir(", "readdir", "scandir(", "iterdir(")
_ALL_FILES = lazy_pattern(
    r"(?<![\w/.*-])\*\.(?:ya?ml|json)\b|\$(?:\{\w+\}|\(\w+\)|\w+)[\"']?/\*\.(?:ya?ml|json)\b"
)
_VARIABLE_FILE = lazy_pattern(r"\s-f\s+[\"']?\$")


def forget() -> None:
    """Start afresh: the next scan reads the project's files again."""
    _UNNAMED.clear()


def unnamed_in_suites(paths: Iterable[str]) -> set[str]:
    """The manifests among ``paths`` (as the scan names them) that lie in an end-to-end suite
    which names its manifests one by one, and that nothing of the project names (see the
    module)."""
    from .context import project_root
    from .testdata import names_end_to_end

    found: set[str] = set()
    for path in paths:
        real = os.path.realpath(path)
        if not any(names_end_to_end(name) for name in real.split(os.sep)[:-1]):
            continue
        root = project_root(real)
        if root is None:
            continue
        unnamed = _UNNAMED.get(root)
        if unnamed is None:
            unnamed = _UNNAMED[root] = _unnamed(root)
        if real in unnamed:
            found.add(path)
    return found


def _unnamed(root: str) -> frozenset[str]:
    """The real paths of the YAML files below ``root`` that lie in a suite naming its files one
    by one and that no file names."""
    from ._listing import listed_files
    from .testdata import names_end_to_end

    suites: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for parts in listed_files(root):
        if len(parts) < 2 or not _END_TO_END_WORD.search("/".join(parts[:-1])):
            continue  # (a quick look: no directory named for a suite)
        if any(part in _NOT_THE_PROJECTS for part in parts[:-1]):
            continue
        index = next((at for at, name in enumerate(parts[:-1]) if names_end_to_end(name)), None)
        if index is not None:
            suites.setdefault(parts[: index + 1], []).append(parts)
    chosen: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for suite, files in suites.items():
        manifests = [parts for parts in files if parts[-1].endswith((".yaml", ".yml"))]
        if manifests and _names_one_by_one(root, files, manifests):
            chosen[suite] = manifests
    if not chosen:
        return frozenset()
    files_of: dict[str, list[tuple[str, ...]]] = {}  # (each word: the files it may name)
    directories: dict[str, list[tuple[str, ...]]] = {}  # (each directory's name: its places)
    for suite, manifests in chosen.items():
        coded = _coded_directories(suites[suite])
        for parts in manifests:
            name = parts[-1]
            files_of.setdefault(name, []).append(parts)
            files_of.setdefault(name.rpartition(".")[0], []).append(parts)
            for at in range(len(suite) - 1, len(parts) - 1):
                if parts[: at + 1] not in coded:
                    directories.setdefault(parts[at], []).append(parts[: at + 1])
    named: set[tuple[str, ...]] = set()
    named_places: set[tuple[str, ...]] = set()
    words = set(files_of) | set(directories)
    for parts, text, how in _naming_texts(root, set(chosen)):
        if words.isdisjoint(_WORD.findall(text)):
            continue  # (a quick look: none of the words)
        for piece in _LITERAL.findall(text) if how == "code" else (text,):
            for match in _WORD.finditer(piece):
                word = match[0]
                if (
                    word in files_of
                    and (
                        word.endswith(_YAML)
                        # (a stem ends a literal or a word, and not in YAML: a resource's name)
                        or (how != "yaml" and piece[match.end() : match.end() + 1] in _ENDS)
                    )
                ):
                    named.update(other for other in files_of[word] if other != parts)
                if word in directories and _names_directory(piece, match.end()):
                    named_places.update(directories[word])
    return frozenset(
        os.path.join(root, *parts)
        for manifests in chosen.values()
        for parts in manifests
        if parts not in named
        and not any(parts[: at + 1] in named_places for at in range(len(parts) - 1))
    )


def _names_directory(text: str, end: int) -> bool:
    """Whether the word that ends at ``end`` in ``text`` names a directory: it ends a word
    of its own there (with a ``/`` after it or not), or a pattern follows it."""
    after = text[end : end + 1]
    if not after or after in _ENDS:
        return True
    if after != "/":
        return False
    after = text[end + 1 : end + 2]
    return not after or after in _ENDS or _PATTERN.match(text, end + 1) is not None


def _names_one_by_one(
    root: str, files: list[tuple[str, ...]], manifests: list[tuple[str, ...]]
) -> bool:
    """Whether the suite's code names one of its YAML files by its file's name, and lists no
    directory it does not name (see :func:`_lists`)."""
    names = {parts[-1] for parts in manifests}
    one = False
    for parts in files:
        quoting = parts[-1].endswith(_QUOTING)
        if not quoting and not _plain(parts[-1]):
            continue
        text = _read(os.path.join(root, *parts))
        if _lists(text, quoting):
            return False
        if not one and any(name in text for name in names):
            pieces = _LITERAL.findall(text) if quoting else (text,)
            one = not names.isdisjoint(word for piece in pieces for word in _WORD.findall(piece))
    return one


def _lists(text: str, quoting: bool) -> bool:
    """Whether a source lists a directory it does not name (see :data:`_LISTING`), a quick look
    at its words first; a script (not ``quoting``), or applies a variable's file."""
    if any(word in text for word in _LISTING_WORDS) and _LISTING.search(text) is not None:
        return True
    if ("*.y" in text or "*.j" in text) and _ALL_FILES.search(text) is not None:
        return True
    return not quoting and _VARIABLE_FILE.search(text) is not None


def _coded_directories(files: list[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """The directories of a suite (``files``: its files) that hold code: a command naming one
    runs its tests (``cd test/e2e && go test``), it applies none of its files."""
    return {parts[:-1] for parts in files if parts[-1].endswith(_QUOTING) or _plain(parts[-1])}


def _naming_texts(
    root: str, suites: set[tuple[str, ...]]
) -> Iterable[tuple[tuple[str, ...], str, str]]:
    """The files of the project whose words may name a suite's files (see the module), with
    their text and what they are: ``code`` (whose literals are read), ``plain`` (a script, a
    Makefile) or ``yaml``."""
    from ._listing import listed_files
    from ._unit_tests import _of_a_cluster, is_unit_test_name

    for parts in listed_files(root):
        if any(part in _NOT_THE_PROJECTS for part in parts[:-1]):
            continue
        name = parts[-1]
        lowered = name.lower()
        if lowered.endswith(_QUOTING):
            how = "code"
            if lowered.endswith(".pb.go") or "zz_generated" in lowered:
                continue
        elif _plain(name):
            how = "plain"
        elif _naming_yaml(parts, lowered, suites):
            how = "yaml"
        else:
            continue
        path = os.path.join(root, *parts)
        text = _read(path)
        if not text:
            continue
        if how == "code" and is_unit_test_name(name) and not _of_a_cluster(path, text, root):
            continue  # (a unit test: what it names is its input)
        yield parts, text, how


def _naming_yaml(parts: tuple[str, ...], lowered: str, suites: set[tuple[str, ...]]) -> bool:
    """Whether a YAML file may name a suite's file: one of a suite, of a hidden directory or
    of the root, or a kustomization, Skaffold's, a Taskfile, a kuttl or Chainsaw test's."""
    if not lowered.endswith(_YAML):
        return False
    if len(parts) == 1 or lowered.startswith(_NAMING_YAML):
        return True
    if any(part.startswith(".") for part in parts[:-1]):
        return True
    return any(parts[: len(suite)] == suite for suite in suites)


def _plain(name: str) -> bool:
    """Whether a file is one whose whole text is read (a script, a Makefile)."""
    lowered = name.lower()
    return lowered.endswith(_PLAIN_ENDINGS) or lowered.partition(".")[0] in _PLAIN_NAMES


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read(_MAX_BYTES)
    except OSError:
        return ""
