"""A ``for`` loop's word that is a pattern: the project's files it matches.

``for dockerfile in testdata/*.Dockerfile; do docker build … -f "$dockerfile"; done``
(google/osv-scanner's ``scripts/build_test_images.sh``, which CI runs) builds each
Dockerfile there. The shell expands an unquoted word with ``*``, ``?`` or ``[`` to the
names of the files it matches, sorted, a leading ``.`` matched only by a pattern that
writes it; a word that matches nothing stays as written (POSIX, *Shell Command Language*
2.13.3 "Patterns Used for Filename Expansion"; bash's manual, "Filename Expansion"). Here
only the last part of a path is a pattern (its directory written out), and the directory
is found as a file the script reads is: from where its commands run when that is known,
else beside the script or from the project's root (one of them).
"""

from __future__ import annotations

import os
from fnmatch import fnmatchcase

from ..._lazy import lazy_pattern
from ._loops import MAX_BODIES, MAX_WORDS
from ._shell_values import DOLLAR, UNKNOWN, plain_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .shell import ShellReader

#: The characters that make a word a pattern.
_PATTERN_CHARACTERS = frozenset("*?[")

#: A quoted part of a line (``"…"``, ``'…'``): a pattern character in it is text.
_QUOTED = lazy_pattern(r"\"(?:[^\"\\]|\\.)*\"|'[^']*'")


def quoted_pattern(text: str) -> bool:
    """Whether ``text``, a line as written, quotes a pattern character (``"*.txt"``): its
    words are then not read as patterns (quotes are gone from the words read)."""
    return any(char in _PATTERN_CHARACTERS for part in _QUOTED.findall(text) for char in part)


def expanded(self: ShellReader, values: list[str], text: str) -> tuple[list[str], int]:
    """The words ``values`` (a ``for`` loop's, expanded; ``text``: its line as written)
    with each pattern among them replaced by the files it matches (see the module), and
    the most turns the loop is read for: a word written out makes one turn
    (``_loops.MAX_WORDS`` at most), a file of the project one too, bounded only by the
    bodies a reading reads (``_loops.MAX_BODIES``: osv-scanner's loop builds 21
    Dockerfiles)."""
    if not any(_PATTERN_CHARACTERS.intersection(value) for value in values):
        return values, MAX_WORDS
    if quoted_pattern(text):
        return values, MAX_WORDS
    out: list[str] = []
    written = 0
    for value in values:
        matched = _matches(self, value) if _PATTERN_CHARACTERS.intersection(value) else None
        out.extend(matched if matched else [value])
        written += 0 if matched else 1
    return out, MAX_WORDS if written > MAX_WORDS or len(out) == written else MAX_BODIES


def _matches(self: ShellReader, word: str) -> list[str] | None:
    """The paths (as the shell writes them) of the project's files ``word`` matches,
    sorted; ``None`` when it is not read so (or matches nothing)."""
    if plain_text(word) != word or UNKNOWN in word or DOLLAR in word or os.path.isabs(word):
        return None
    directory, slash, pattern = word.rpartition("/")
    if not pattern or _PATTERN_CHARACTERS.intersection(directory):
        return None
    found = _directory(self, directory or os.curdir)
    if found is None:
        return None
    try:
        names = os.listdir(found)
    except OSError:
        return None
    hidden = pattern.startswith(".")
    matched = sorted(
        name
        for name in names
        if (hidden or not name.startswith(".")) and fnmatchcase(name, pattern)
    )
    return [f"{directory}{slash}{name}" for name in matched] or None


def _directory(self: ShellReader, directory: str) -> str | None:
    """The project's directory a relative path names, found as ``_project_file`` finds a
    file: from where the commands run when that is known (a CI job's checkout, a script a
    runner runs), else beside the script or from the project's root (one of them)."""
    from ..context import project_root

    start = self.running.start if self.running is not None else None
    if self.cwd is not None and (self.files is not None or start is not None):
        top = self.files if self.files is not None else start
        assert top is not None
        path = os.path.normpath(os.path.join(top, self.cwd, directory))
        if os.path.relpath(path, top or os.curdir).split(os.sep)[0] == os.pardir:
            return None
        self.note_input(path)
        return path if os.path.isdir(path) else None
    if self.sourcing is not None:
        found = self.sourcing.directory_for(directory)
        if found is not None and self._where_it_starts():
            self.reads_beside = self.reads_beside or self.sourcing.beside_script(directory, found)
            self.reads_at_top = self.reads_at_top or self.sourcing.at_top(directory, found)
        return found
    if self.cwd is not None or self.script_directory is None:
        return None
    # (a script read alone, from wherever it is run: beside it, or from the project's root)
    root = project_root(os.path.join(self.script_directory, "_"))
    bases = [self.script_directory or os.curdir, *([root] if root is not None else [])]
    found_in: dict[str, str] = {}
    for base in bases:
        path = os.path.normpath(os.path.join(base, directory))
        self.note_input(path)
        if os.path.isdir(path):
            found_in.setdefault(os.path.realpath(path), path)
    return next(iter(found_in.values())) if len(found_in) == 1 else None
