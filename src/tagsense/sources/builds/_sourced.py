"""The files a shell script sources (``source FILE``, ``. FILE``), and where they are.

Bash runs a sourced file in the sourcing shell: the variables it sets (and exports) are the
script's after the ``source`` line. getsentry/self-hosted's ``install.sh`` sources
``install/dc-detect-version.sh``, which sets ``CONTAINER_ENGINE`` to ``docker`` or
``podman``, then the steps in ``install/*.sh`` that run ``$CONTAINER_ENGINE run --rm
busybox …``: alone, none of those steps says which program it runs. :class:`Sourcing` is
what one reading of a script (:class:`.shell.ShellReader`) follows of that:

- a path relative to the *working directory* of the run, which the script does not say
  (it is run from its own directory, or from the repository's top): it is looked for
  beside the file that sources it, beside the script that was run and in the project's
  root, and taken only when exactly one file is found (two different ones: a run
  decides which);
- a path from the script's own directory (``$(dirname "$0")/lib.sh``,
  ``"${BASH_SOURCE%/*}/lib.sh"``, ``$SCRIPT_DIR/lib.sh`` where ``SCRIPT_DIR=$(cd
  "$(dirname "${BASH_SOURCE[0]}")" && pwd)``): there (``$0`` is the script that was run,
  ``BASH_SOURCE`` the file being read);
- nothing else: an absolute path (the machine's files, not the project's), a path a run
  decides (``$HOME/.env``, a loop's ``$f``), a pattern, a file outside the project (its
  root; without one, the directory of the script that was run);
- each file once a reading (a cycle ends), at most :data:`MAX_FILES` files and
  :data:`MAX_DEPTH` levels, as a Makefile's ``include``\\ s are read (:mod:`.make`).
"""

from __future__ import annotations

import os

from ..._lazy import lazy_pattern
from .._context_cache import stat_of
from ._common import read_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    #: What a reading sourced (see :meth:`Sourcing.state`).
    SourcedState = tuple[
        tuple[str, ...], tuple[str, ...], tuple[str, ...], dict[str, tuple[int, int] | None]
    ]

__all__ = ["MAX_DEPTH", "MAX_FILES", "Sourcing", "is_bats", "may_source"]

#: The most files one reading sources, and how deep sources may nest.
MAX_FILES = 50
MAX_DEPTH = 10
#: How many directories above a script's own its project's root is looked for by name.
_CLIMB = 32


def is_bats(path: str | None) -> bool:
    """Whether ``path`` is a Bats test file (``*.bats``), whose ``load`` sources a helper."""
    return path is not None and path.endswith(".bats")


def may_source(data: bytes, *, bats: bool = False) -> bool:
    """A quick look at a script's bytes: whether a line of it could source a file, or
    print one of the project in a command substituted (``$(cat FILE)``, found as a sourced
    file is). ``bats``: the script is a Bats test file, where ``load NAME`` sources too.

    >>> may_source(b"source install/_lib.sh"), may_source(b"  . ./env.sh"), may_source(b"make")
    (True, True, False)
    >>> may_source(b"echo 'Done. Next: make'"), may_source(b'TAG=$(cat "$DIR/TAG")')
    (False, True)
    >>> may_source(b"IMAGE=$(yq '.image.tag' values.yaml)"), may_source(b'T="$(bin/yq .a v.yaml)"')
    (True, True)
    >>> may_source(b"base() { cat BASE_IMAGE; }\\ndocker pull $(base)")
    True
    >>> may_source(b"load helpers"), may_source(b"load helpers", bats=True)
    (False, True)
    """
    if b"$(" in data and _PRINTING_BYTES.search(data) is not None:
        return True
    functions = b"()" in data or b"function" in data
    if b"$(" in data and functions and _FUNCTION_PRINTING_BYTES.search(data) is not None:
        return True  # (`base() { cat BASE_IMAGE; }`, then `$(base)`)
    if b"help:evaluate" in data and b"$(" in data:
        return True  # (a pom's property that `mvn help:evaluate` prints: ._maven_evaluate)
    if bats and b"load" in data and _LOADING_BYTES.search(data) is not None:
        return True
    if b"source" not in data and b"." not in data:
        return False
    return _SOURCING_BYTES.search(data) is not None


#: ``$(cat FILE)``, ``$(< FILE)``, ``$(grep … FILE | …)``, ``$(head FILE)`` (whose assignments
#: ``eval`` runs: ._printed_assignments), ``$(jq … FILE)`` (``yq``, also
#: by its path: ``$(bin/yq …)``) or ``$(go list …)`` (its ``go.mod``) as a script might
#: write it.
_PRINTING_BYTES = lazy_pattern(
    rb"\$\(\s*(?:cat\s|<|grep\s|sed\s|head\s|(?:[^\s()|;&<>]*/)?[jy]q\s|go\s+list\s)"
)

#: ``cat FILE``, ``jq …``, ``yq …`` as a command of a function's body might be written, what
#: a call of it substituted prints (``ShellReader._print_read``).
_FUNCTION_PRINTING_BYTES = lazy_pattern(
    rb"(?m)(?:^|[{;])[ \t]*(?:cat[ \t]+[^\s<>|&;]|(?:[^\s()|;&<>]*/)?[jy]q[ \t])"
)


#: Bats' ``load NAME`` as a command's first word might be written.
_LOADING_BYTES = lazy_pattern(rb"(?:^|[\s;&|(])load[ \t]+[^\s;&|]")


#: ``source FILE`` or ``. FILE`` as a command's first word might be written.
_SOURCING_BYTES = lazy_pattern(rb"(?:^|[\s;&|(])(?:source|\.)[ \t]+[^\s;&|]")


class Sourcing:
    """What one reading of the script ``script`` sources: the files read (:attr:`reads`, as
    named from the script's path), and every file looked at for it (:attr:`inputs`: its
    (modification time, size), ``None`` when absent), so that a reading kept between runs
    is made anew when one of them changes. ``root``: the project's root (a real path)."""

    __slots__ = (
        "_inputs", "_max_bytes", "_root", "_seen", "_stack", "own_refusals", "reads", "refusals",
    )  # fmt: skip

    def __init__(self, script: str, root: str | None, *, max_bytes: int) -> None:
        self._stack = [script]
        self._seen = {os.path.realpath(script)}
        self._root = _named_root(os.path.dirname(script), root)
        self._max_bytes = max_bytes
        self._inputs: dict[str, tuple[int, int] | None] = {}
        #: The files read, in the order they were sourced.
        self.reads: list[str] = []
        #: How many files were not read when asked (read already, too many, unreadable).
        self.refusals = 0
        #: How many of those were the script run itself (read already: it is being read).
        #: Only these depend on which script is run; the others on :meth:`state` (what was
        #: read, how many, how deep) and the files (see ``._source_memo``).
        self.own_refusals = 0

    def settings(self) -> tuple[object, ...]:
        """What finds the files of this reading, but for the script run itself: its
        directory and whether it is a Bats file (test files beside each other source their
        helpers alike; see ``._source_memo``)."""
        top = self._stack[0]
        return (os.path.dirname(top), is_bats(top), self._root, self._max_bytes)

    def state(self) -> SourcedState:
        """What this reading sourced so far, but for the script run itself (see
        :meth:`settings`)."""
        top = os.path.realpath(self._stack[0])
        seen = sorted(real for real in self._seen if real != top)
        return (tuple(self._stack[1:]), tuple(seen), tuple(self.reads), dict(self._inputs))

    @property
    def max_bytes(self) -> int:
        """The most bytes of a file read to source it."""
        return self._max_bytes

    def fits(self, state: SourcedState | None) -> bool:
        """Whether :meth:`restore` may set ``state``: one that did not read the script run
        now (which this reading may not source)."""
        return state is None or os.path.realpath(self._stack[0]) not in state[1]

    def restore(self, state: SourcedState) -> None:
        """This reading as :meth:`state` gave it (of another script beside this one)."""
        stack, seen, reads, inputs = state
        self._stack[1:] = list(stack)
        self._seen = {os.path.realpath(self._stack[0]), *seen}
        self.reads = list(reads)
        self._inputs = dict(inputs)

    def beside_script(self, operand: str, found: str) -> bool:
        """Whether ``found``, the file :meth:`file_for` found for the relative path
        ``operand``, is the one beside the script run (in its directory, not elsewhere)."""
        base = os.path.dirname(self._stack[0])
        return os.path.normpath(os.path.join(base, operand)) == found

    def at_top(self, operand: str, found: str) -> bool:
        """Whether ``found``, the file :meth:`file_for` found for the relative path
        ``operand``, is the one from the project's root and not beside the script run: the
        script runs from the root (ava-labs/avalanchego's ``source ./scripts/image_tag.sh``
        in ``scripts/build_xsvm_image.sh``), or that read fails."""
        top = self._root[0]
        if top is None or self.beside_script(operand, found):
            return False
        return os.path.normpath(os.path.join(top, operand)) == found

    @property
    def top(self) -> str | None:
        """The project's root, as named from the script's directory (``None``: none)."""
        return self._root[0]

    @property
    def in_sourced_file(self) -> bool:
        """Whether the text read now is a sourced file's (not the script's own)."""
        return len(self._stack) > 1

    @property
    def sourced_file(self) -> str | None:
        """The sourced file whose text is read now (``None``: the script's own)."""
        return self._stack[-1] if len(self._stack) > 1 else None

    @property
    def inputs(self) -> Mapping[str, tuple[int, int] | None]:
        return dict(self._inputs)

    def file_for(self, operand: str, from_script: str | None, rest: str) -> str | None:
        """The file a ``source`` command reads, or ``None`` (see the module): ``operand`` is
        its word expanded, as a relative path; or ``from_script`` is ``"top"`` (``$0``'s
        directory) or ``"current"`` (``BASH_SOURCE``'s) and ``rest`` the path after it."""
        top, current = self._stack[0], self._stack[-1]
        if from_script is not None:
            base = os.path.dirname(top if from_script == "top" else current)
            if not rest.startswith("/") or not _plain_path(rest.lstrip("/")):
                return None
            candidates = [os.path.join(base, rest.lstrip("/"))]
        else:
            if not _plain_path(operand):
                return None
            candidates = [os.path.join(base, operand) for base in self._bases()]
        return self._the_one(candidates, os.path.isfile)

    def directory_for(self, operand: str) -> str | None:
        """The project's directory the relative path ``operand`` names, found where
        :meth:`file_for` finds a file (beside the script read, the script run, or from the
        project's root: one directory), or ``None`` (a ``for`` loop's pattern, see
        ``._shell_glob``)."""
        if operand != os.curdir and not _plain_path(operand):
            return None
        return self._the_one([os.path.join(base, operand) for base in self._bases()], os.path.isdir)

    def _bases(self) -> list[str]:
        """Where a relative path is looked for: beside the file read, beside the script
        run, and from the project's root."""
        top, current = self._stack[0], self._stack[-1]
        bases = [os.path.dirname(current), os.path.dirname(top)]
        if self._root[0] is not None:
            bases.append(self._root[0])
        return bases

    def _the_one(self, candidates: list[str], is_kind: Callable[[str], bool]) -> str | None:
        """The one path of the project among ``candidates`` that is there and of the kind
        ``is_kind`` tells (each looked at noted as an input), or ``None`` (none, or several
        different ones)."""
        found: dict[str, str] = {}  # real path -> as named
        for candidate in candidates:
            named = os.path.normpath(candidate) if candidate else candidate
            stat = stat_of(named)
            self._inputs.setdefault(named, stat)
            if stat is None or not is_kind(named):
                continue
            real = os.path.realpath(named)
            if self._within(real):
                found.setdefault(real, named)
        return next(iter(found.values())) if len(found) == 1 else None

    @property
    def bats(self) -> bool:
        """Whether the script run is a Bats test file (whose ``load`` sources a helper)."""
        return is_bats(self._stack[0])

    def loaded_file_for(self, operand: str, from_script: str | None, rest: str) -> str | None:
        """The file Bats' ``load NAME`` reads (bats-core's ``bats_load_safe``), or ``None``:
        ``NAME.bash``, else ``NAME``, in ``BATS_TEST_DIRNAME`` (the test file's directory,
        also when a helper it loaded loads another); ``from_script``/``rest`` as for
        :meth:`file_for` (``load "$BATS_TEST_DIRNAME/helpers"``). An absolute path (the
        machine's) and a library of ``BATS_LIB_PATH`` are not the project's."""
        if from_script is not None:
            if not rest.startswith("/") or not _plain_path(rest.lstrip("/")):
                return None
            base = self._stack[0 if from_script == "top" else -1]
            operand = rest.lstrip("/")
        elif _plain_path(operand):
            base = self._stack[0]
        else:
            return None
        stem = os.path.normpath(os.path.join(os.path.dirname(base), operand))
        for named in (f"{stem}.bash", stem):
            stat = stat_of(named)
            self._inputs.setdefault(named, stat)
            if stat is not None and os.path.isfile(named):
                return named if self._within(os.path.realpath(named)) else None
        return None

    def _within(self, real: str) -> bool:
        from ..._roots import within

        return within(real, self._root[1])

    def enter(self, path: str) -> str | None:
        """The text of a file to source, now read (``None``: read already in this reading,
        too many files or levels, or not readable); :meth:`leave` after it."""
        real = os.path.realpath(path)
        if real in self._seen or len(self.reads) >= MAX_FILES or len(self._stack) > MAX_DEPTH:
            self.refusals += 1
            if real == os.path.realpath(self._stack[0]):
                self.own_refusals += 1
            return None
        self._seen.add(real)
        text = read_text(path, self._max_bytes)
        if not isinstance(text, str):
            self.refusals += 1
            return None
        self.reads.append(path)
        self._stack.append(path)
        from ._powershell import script_text

        return script_text(path, text)

    def leave(self) -> None:
        """The sourced file entered last is read."""
        if len(self._stack) > 1:
            self._stack.pop()


def _plain_path(text: str) -> bool:
    """Whether ``text`` is a relative path the text settles (no unknown part, no pattern)."""
    return (
        bool(text)
        and not os.path.isabs(text)
        and text.isprintable()
        and not any(char in "*?[$`~" or "\ue000" <= char <= "\uf8ff" for char in text)
    )


def _named_root(directory: str, root: str | None) -> tuple[str | None, str]:
    """The project's root as named from a script's ``directory`` (``..`` while it can be, as
    the script's own path is named), and its real path; without a root, the script's own
    directory stands for it (no file outside it is read)."""
    if root is None:
        return None, os.path.realpath(directory or os.curdir)
    if os.path.isabs(directory):
        return root, root
    for climb in range(_CLIMB):
        named = os.path.normpath(os.path.join(directory, *[os.pardir] * climb))
        if os.path.realpath(named) == root:
            return named, root
    return root, root


def sources_word(sourcing: Sourcing | None, word: str) -> bool:
    """Whether a file the reading ``sourcing`` sourced writes ``word`` (a script that runs
    compose through a sourced file's function: kroxylicious' ``perf-tests.sh`` calls
    ``runDockerCompose``, which ``common-perf.sh`` defines)."""
    if sourcing is None:
        return False
    for path in sourcing.reads:
        text = read_text(path, sourcing.max_bytes)
        if isinstance(text, str) and word in text:
            return True
    return False
