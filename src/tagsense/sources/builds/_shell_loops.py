"""How :class:`.shell.ShellReader` reads loops: once a turn, when the turns are known.

``for NAME in WORDS`` over known words, ``while getopts`` and ``while [ $# -gt 0 ]; case $1 …``
over a call's options (:mod:`._getopts`, :mod:`._option_loop`), and a loop written on one line.
These are the reader's methods, defined here.
"""

from __future__ import annotations

from . import _getopts as _getopts_syntax
from . import _loops, _shell_glob
from . import _option_loop as _option_loop_syntax
from ._shell_text import prepare, simple_commands, split_words
from ._shell_values import DOLLAR, UNKNOWN, plain_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._shell_values import ShellBuild
    from .shell import ShellReader


def _where_it_starts(self: ShellReader) -> bool:
    """Whether the commands read now run where the script was started, a run deciding
    where (no ``cd`` yet, in the script's own text): a relative path they read says it."""
    return self.cwd is None and self.sourcing is not None and not self.sourcing.in_sourced_file


def _loop(
    self: ShellReader, chunk: str, lines: list[str], index: int, line: int
) -> tuple[list[ShellBuild], int] | None:
    """A ``for`` loop over known words (``chunk``, its first line, ends before
    ``lines[index]``) read once a word (see ``._loops``): what it builds, and the index of
    the line after its ``done``; ``None`` when it is not read so."""
    prepared, complete = prepare(chunk)
    tokens = split_words(prepared) if complete else None
    following = lines[index] if index < len(lines) else ""
    header = (
        _loops.loop_header([command.words for command in simple_commands(tokens)], following)
        if tokens is not None
        else None
    )
    if header is None or not self._known_words(header[1]):
        return None
    name, written = header
    values, most = _shell_glob.expanded(self, self.arguments(written), chunk)
    body = index + 1 if following.strip() == "do" else index
    end = _loops.loop_end(lines, body)
    turns = self._turns(values, most=most)
    if end is None or turns is None:
        self.branches.assigned(name, self.variables.get(name))
        self.variables[name] = UNKNOWN  # (not what an earlier loop left it)
        self.arrays.pop(name, None)
        self._walks(name, written)
        return None
    self._bodies -= len(turns)
    found: list[ShellBuild] = []
    for value in turns:
        self.branches.assigned(name, self.variables.get(name))
        self.variables[name] = value
        self.arrays.pop(name, None)
        found.extend(self.read("\n".join(lines[body:end]), line + body))
    return found, end + 1


def _turns(
    self: ShellReader, values: list[str], *, most: int = _loops.MAX_WORDS
) -> list[str] | None:
    """The values a ``for`` loop over the words ``values`` reads its body with, one a
    turn (at most ``most``, and the bodies left); ``None`` when it is read once, its
    variable a run's. Each word the script
    writes is one value; a word a run decides may be several, or none: all such words are
    one turn, its variable a run's, after the written ones (cockroachdb/helm-charts'
    ``tests/k3d/dev-cluster.sh`` pulls each image of an array one of whose elements is
    ``"$(bin/yq …)"``); a loop over such words only is read once, as any line."""
    written = [value for value in values if plain_text(value) != UNKNOWN]
    turns = values
    if len(written) < len(values):
        if not written:
            return None
        turns = [*written, next(v for v in values if plain_text(v) == UNKNOWN)]
    if len(turns) > min(most, self._bodies) or not all(turns):
        return None
    return turns


def _known_words(self: ShellReader, written: list[str]) -> bool:
    """Whether a ``for`` loop over the words ``written`` may be read once a word: one
    over the words the script or function was run with (``for ARG; do``) only when they
    are known (a script read alone, without its words, reads the body once, its variable
    a run's, as before)."""
    return written != [_loops.IMPLIED_WORDS] or self.positional is not None


def _getopts(
    self: ShellReader, chunk: str, lines: list[str], index: int, line: int
) -> tuple[list[ShellBuild], int] | None:
    """A ``while getopts`` loop (``chunk``, its first line, ends before ``lines[index]``)
    of a script or function run with known words, its body read once an option they give
    (see ``._getopts``): what it builds, and the index of the line after its ``done``;
    ``None`` when it is not read so."""
    given = self.positional if self.positional is not None else self._options
    assert given is not None
    prepared, complete = prepare(chunk)
    tokens = split_words(prepared) if complete else None
    following = lines[index] if index < len(lines) else ""
    header = (
        _getopts_syntax.header([command.words for command in simple_commands(tokens)], following)
        if tokens is not None
        else None
    )
    if header is None:
        return None
    name, written = header[1], self.expand(header[0])
    options = _getopts_syntax.options(written, given, UNKNOWN)
    body = index + 1 if following.strip() == "do" else index
    end = _loops.loop_end(lines, body)
    if options is None or end is None or len(options) > self._bodies or UNKNOWN in written:
        return None
    self._bodies -= len(options)
    self.chose_options = True
    found: list[ShellBuild] = []
    selecting, self._selecting = self._selecting, True
    try:
        for letter, value in options:
            self._assign(f"{name}={letter}")
            self.branches.assigned("OPTARG", self.variables.get("OPTARG"))
            self.variables["OPTARG"] = value.replace("$", DOLLAR) if value is not None else ""
            found.extend(self.read("\n".join(lines[body:end]), line + body))
    finally:
        self._selecting = selecting
    return found, end + 1


def _option_loop(
    self: ShellReader, lines: list[str], index: int, line: int, given: tuple[str, ...]
) -> tuple[list[ShellBuild], int] | None:
    """A loop over the words ``given`` (its first line ends before ``lines[index]``) that
    takes its options off with ``case "$1"`` and ``shift`` (see ``._option_loop``), run
    turn by turn: what it builds, and the index of the line after its ``done``; ``None``
    when it is not read so."""
    body = index + 1 if index < len(lines) and lines[index].strip() == "do" else index
    end = _loops.loop_end(lines, body)
    text = "\n".join(lines[body:end]) if end is not None else ""
    if end is None or not _option_loop_syntax.shifts(text):
        return None
    from_options = self.positional is None
    self.chose_options = True
    found: list[ShellBuild] = []
    words: tuple[str, ...] | None = given
    selecting, self._selecting = self._selecting, True
    bare, self._no_arguments = self._no_arguments, False
    try:
        while words and self._bodies > 0:
            self._bodies -= 1
            if UNKNOWN in words[0]:
                # (an option only a run knows: the rest of the loop is a run's, as before)
                self.positional = None
                self._selecting = selecting
                found.extend(self.read(text, line + body))
                break
            self.positional, self._broke = words, False
            found.extend(self.read(text, line + body))
            left = self.positional
            if left is None or self._broke or len(left) >= len(words):
                break  # (`break`, a turn that takes no word off, or a shift a run decides)
            words = left
    finally:
        self._selecting, self._no_arguments, self._broke = selecting, bare, False
    if from_options:
        self._options = None  # (taken off: `"$@"` after the loop is what is left)
    return found, end + 1


def _inline_loop(self: ShellReader, chunk: str, line: int) -> list[ShellBuild] | None:
    """A ``for`` loop over known words that is the whole of ``chunk`` (one line, see
    ``._loops``), its body read once a word: what it builds; ``None`` when it is not read
    so (then the line is read as any other, the variable a run's)."""
    loop = _loops.inline_loop(chunk)
    if loop is None:
        return None
    name, written, body = loop
    if not self._known_words([written]):
        return None
    prepared, complete = prepare(written)
    words = split_words(prepared) if complete else None
    if words is None:
        return None
    values, most = _shell_glob.expanded(self, self.arguments(words), written)
    turns = self._turns(values, most=most)
    if turns is None:
        return None
    self._bodies -= len(turns)
    found: list[ShellBuild] = []
    for value in turns:
        self.branches.assigned(name, self.variables.get(name))
        self.variables[name] = value
        self.arrays.pop(name, None)
        found.extend(self.read(body, line))
    return found


def _loop_in_list(self: ShellReader, chunk: str, line: int) -> list[ShellBuild] | None:
    """A line whose list has a ``for`` loop among other commands (``._loops.loop_in_list``):
    the commands before it, the loop (over known words, once a word), the commands after it,
    in that order; ``None`` when the line is no such list."""
    listed = _loops.loop_in_list(chunk)
    if listed is None:
        return None
    before, loop, after = listed
    found = self.read(before, line) if before else []
    inline = self._inline_loop(loop, line)
    found.extend(inline if inline is not None else self.read(loop, line))
    if after:
        found.extend(self.read(after, line))
    return found
