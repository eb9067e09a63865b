"""Earthly: the images an ``Earthfile`` starts its targets from, pulls for Docker, and builds.

An `Earthfile <https://docs.earthly.dev/docs/earthfile>`_ is a Dockerfile-like file of
targets: a line ``name:`` at the start of a line opens one, and its commands are indented
below it; the commands before the first target are the base recipe. :func:`read_earthfile`
reads, as Earthly's reference defines them:

* ``FROM IMAGE`` (``--platform``, ``--pass-args``, ``--allow-privileged`` and other options
  before it): an image pulled, kind ``earthly`` (context ``target``, ``field`` ``FROM``). A
  target reference (``+name``, ``./dir+name``, ``github.com/org/repo+name``) is another
  target, and ``FROM DOCKERFILE`` builds a Dockerfile: no pull;
* ``WITH DOCKER --pull IMAGE``: pulled into the Docker daemon the block runs (field
  ``WITH DOCKER --pull``); ``--load NAME=+target`` loads a target's image: built;
* ``SAVE IMAGE [--push] NAME…``: names the project builds
  (:class:`~tagsense.sources.project.BuiltImage`, ``BuildSite("earthly", file, line)``).

``$NAME`` and ``${NAME}`` take the ``ARG`` (and ``LET``) defaults the file gives: a target's
own, declared before the line, and the base recipe's ``ARG --global`` ones (the base recipe's
others stay in it). A value a ``BUILD +target --NAME=…`` passes, ``--build-arg`` on the
command line, or Earthly's builtin arguments (``EARTHLY_*``, ``TARGETARCH``…) are a run's:
the image is unresolved, by name. User-defined commands (``FUNCTION``/``COMMAND``) are not
read. Never raises; a file larger than ``max_bytes`` gives nothing.
"""

from __future__ import annotations

import re

from ...occurrence import BuildSite, Occurrence, Scan
from ..project import BuildFile, BuiltImage
from ._common import MAX_BYTES, read_text
from .shell import UNKNOWN, name_pattern

__all__ = ["KIND", "TOOL", "read_earthfile", "scan_earthfile"]

#: The ``tool`` of the sites of the images Earthly builds, and the kind of what it pulls.
TOOL = KIND = "earthly"

_TARGET = re.compile(r"(?P<name>[A-Za-z][A-Za-z0-9._-]*):\s*(?:#.*)?$")
_VARIABLE = re.compile(
    r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)\}|(?P<plain>[A-Za-z_][A-Za-z0-9_]*))"
)
#: Options of ``FROM`` that take no separate value (``--platform=x`` is one word too).
_FLAG = re.compile(r"--[A-Za-z-]+(?:=\S*)?$")


def read_earthfile(path: str, *, max_bytes: int = MAX_BYTES, text: str | None = None) -> BuildFile:
    """What an Earthfile pulls (its ``scan``) and builds (see the module). Never raises."""
    if text is None:
        read = read_text(path, max_bytes)  # (as every source reads files; also stdin's text)
        if not isinstance(read, str):
            return BuildFile(path=path)
        text = read
    reader = _Reader(path)
    for column, words in _logical_lines(text):
        reader.command(column, words)
    return BuildFile(path=path, scan=Scan(reader.occurrences), built=reader.built)


def scan_earthfile(text: str, path: str = "Earthfile") -> Scan:
    """The images an Earthfile's text pulls."""
    return read_earthfile(path, text=text).scan


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.target: str | None = None  # (None: the base recipe)
        self.global_args: dict[str, str | None] = {}
        self.args: dict[str, str | None] = {}
        self.occurrences: list[Occurrence] = []
        self.built: list[BuiltImage] = []

    def command(self, column: int, words: list[_Word]) -> None:
        """One command (``column``: where it starts) of its words."""
        if column == 1 and len(words) == 1 and (target := _TARGET.match(words[0][2])):
            self.target = target["name"]
            self.args = {}
            return
        keyword = words[0][2]
        rest = words[1:]
        if keyword in ("ARG", "LET"):
            self._arg(keyword, rest)
        elif keyword == "FROM":
            self._from(rest)
        elif keyword == "WITH" and rest and rest[0][2] == "DOCKER":
            for index, (line, at, word) in enumerate(rest):
                if word == "--pull" and index + 1 < len(rest):
                    self._image(rest[index + 1], "WITH DOCKER --pull")
                elif word.startswith("--pull="):
                    self._image((line, at + 7, word[7:]), "WITH DOCKER --pull")
        elif keyword == "SAVE" and rest and rest[0][2] == "IMAGE":
            for line, _, word in rest[1:]:
                # (as a shell's ``docker build -t`` names it: a tag a run gives builds the name)
                name = name_pattern(self._expand(word)[0].replace("\0", UNKNOWN))
                if not word.startswith("-") and name is not None:
                    self.built.append(BuiltImage(name, BuildSite(TOOL, self.path, line)))

    def _arg(self, keyword: str, rest: list[_Word]) -> None:
        is_global = any(word == "--global" for _, _, word in rest)
        words = [word for _, _, word in rest if not word.startswith("--")]
        if not words:
            return
        name, equals, default = words[0].partition("=")
        if keyword == "LET" and not equals and len(words) >= 3 and words[1] == "=":
            equals, default = "=", words[2]
        value = self._expand(default)[0] if equals else None
        if value is not None and "\0" in value:
            value = None
        scope = self.global_args if (is_global and self.target is None) else self.args
        scope[name] = value

    def _from(self, rest: list[_Word]) -> None:
        for word in rest:
            text = word[2]
            if _FLAG.match(text):
                continue
            if text in ("DOCKERFILE", "scratch") or "+" in self._expand(text)[0]:
                # (a Dockerfile's build, nothing, or a target: ``+name``, ``./dir+name``,
                # ``github.com/org/repo:ref+name``, also through an ARG; no image has a ``+``)
                return
            self._image(word, "FROM")
            return

    def _image(self, word: _Word, field: str) -> None:
        line, column, written = word
        text, unresolved = self._expand(written)
        text = text.replace("\0", "")
        context: dict[str, object] = {"tool": TOOL, "field": field}
        if self.target is not None:
            context["target"] = self.target
        if unresolved:
            text = written
        self.occurrences.append(
            Occurrence.of_text(
                path=self.path, line=line, column=column, kind=KIND, raw=written, text=text,
                unresolved=unresolved, context=context,
            )
        )  # fmt: skip

    def _expand(self, text: str) -> tuple[str, tuple[str, ...]]:
        """``text`` with the arguments' defaults put in (a part with no value: ``\\0``), and
        the names that have none."""
        missing: dict[str, None] = {}
        values = {**self.global_args, **self.args}

        def value(match: re.Match[str]) -> str:
            name = match["braced"] or match["plain"]
            found = values.get(name)
            if found is None:
                missing[name] = None
                return "\0"
            return found

        return _VARIABLE.sub(value, text.strip("\"'")), tuple(missing)


#: A word of a command: its line, its column, its text.
_Word = tuple[int, int, str]


def _logical_lines(text: str) -> list[tuple[int, list[_Word]]]:
    """Each command: the column it starts at, and its words, lines a ``\\`` ends joined,
    comments and blank lines left out."""
    found: list[tuple[int, list[_Word]]] = []
    pending: list[_Word] = []
    start: int | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not stripped or (stripped.startswith("#") and not pending):
            continue
        continued = stripped.endswith("\\")
        body = raw.rstrip()[:-1] if continued else raw.rstrip()
        if start is None:
            start = len(raw) - len(raw.lstrip()) + 1
        pending.extend((number, match.start() + 1, match[0]) for match in re.finditer(r"\S+", body))
        if not continued:
            if pending:
                found.append((start, pending))
            pending, start = [], None
    return found
