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
others stay in it). A target of the file that another of its targets calls (``BUILD +name``,
``FROM +name``, ``COPY +name/artifact`` or ``COPY (+name/artifact …)``) is read once each
distinct set of arguments the calls pass (``--NAME=value``, expanded where the call is; a
``BUILD`` given one name several times builds each value; ``--pass-args`` passes the caller's
own; ``--build-arg NAME=value`` before the target, the spelling of Earthly 0.6, is one
too): they override its ``ARG`` defaults and the global ones, as Earthly's "Build arguments"
guide says. earthly/earthly's ``tests/dind-auto-install/Earthfile`` has ``all:`` run ``BUILD
+test --BASE_IMAGE=docker:dind --BASE_IMAGE=alpine:latest …``, and ``test:`` says ``ARG
--required BASE_IMAGE`` then ``FROM $BASE_IMAGE``. A target nothing in the file calls is read
alone (``earthly +name``, its defaults). A value ``--build-arg`` on the command line gives, a
call from another Earthfile, or Earthly's builtin arguments (``EARTHLY_*``, ``TARGETARCH``…)
are a run's: the image is unresolved, by name. A user-defined command (a target whose first
command is ``FUNCTION``, or ``COMMAND``) is read as each ``DO +name --NAME=value`` of the file
calls it, and alone; alone, an image that needs one of its ``ARG --required`` is its callers'
to give, not read (earthly/lib's ``rust+CROSS`` pulls ``ghcr.io/cross-rs/$target`` for the
Earthfiles that use the library). Never raises; a file larger than ``max_bytes`` gives
nothing.
"""

from __future__ import annotations

import itertools
import re

from ..._lazy import lazy_pattern
from ...occurrence import BuildSite, Occurrence, Scan
from ..project import BuildFile, BuiltImage
from ._common import MAX_BYTES, read_text
from ._shell_values import UNKNOWN, name_pattern

__all__ = ["KIND", "TOOL", "read_earthfile", "scan_earthfile"]

#: The ``tool`` of the sites of the images Earthly builds, and the kind of what it pulls.
TOOL = KIND = "earthly"

_TARGET = lazy_pattern(r"(?P<name>[A-Za-z][A-Za-z0-9._-]*):\s*(?:#.*)?$")
_VARIABLE = lazy_pattern(
    r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)\}|(?P<plain>[A-Za-z_][A-Za-z0-9_]*))"
)
#: Options of ``FROM`` that take no separate value (``--platform=x`` is one word too).
_FLAG = lazy_pattern(r"--[A-Za-z-]+(?:=\S*)?$")


def read_earthfile(path: str, *, max_bytes: int = MAX_BYTES, text: str | None = None) -> BuildFile:
    """What an Earthfile pulls (its ``scan``) and builds (see the module). Never raises."""
    if text is None:
        read = read_text(path, max_bytes)  # (as every source reads files; also stdin's text)
        if not isinstance(read, str):
            return BuildFile(path=path)
        text = read
    base, targets = _recipes(_logical_lines(text))
    reader = _Reader(path, targets)
    for command in base:
        reader.command(command)
    reader.read_targets()
    occurrences = sorted(reader.occurrences, key=lambda o: (o.line, o.column))
    return BuildFile(path=path, scan=Scan(occurrences), built=list(dict.fromkeys(reader.built)))


def scan_earthfile(text: str, path: str = "Earthfile") -> Scan:
    """The images an Earthfile's text pulls."""
    return read_earthfile(path, text=text).scan


#: How many readings of its targets one Earthfile gives at most (each distinct set of
#: arguments a call passes is one).
MAX_READINGS = 256

#: The arguments a call passes to a target: each name's value (``None``: a run's).
_Arguments = tuple[tuple[str, "str | None"], ...]


def _recipes(
    commands: list[tuple[int, list[_Word]]],
) -> tuple[list[list[_Word]], dict[str, list[list[_Word]]]]:
    """The base recipe's commands and each target's (a line ``name:`` at the start opens one)."""
    base: list[list[_Word]] = []
    targets: dict[str, list[list[_Word]]] = {}
    current = base
    for column, words in commands:
        if column == 1 and len(words) == 1 and (target := _TARGET.match(words[0][2])):
            current = targets.setdefault(target["name"], [])
            continue
        current.append(words)
    return base, targets


def _called_names(targets: dict[str, list[list[_Word]]]) -> set[str]:
    """The targets of the file that a command of another target names (``+name``)."""
    called: set[str] = set()
    for name, commands in targets.items():
        for words in commands:
            for _, _, word in words:
                for match in _CALL.finditer(word):
                    if match["name"] in targets and match["name"] != name:
                        called.add(match["name"])
    return called


#: A target of the same file named in a command's word: ``+name``, ``(+name/artifact``,
#: ``--load app=+name``.
_CALL = lazy_pattern(r"(?:^|[(=])\+(?P<name>[A-Za-z][A-Za-z0-9._-]*)")


class _Reader:
    def __init__(self, path: str, targets: dict[str, list[list[_Word]]]) -> None:
        self.path = path
        self.targets = targets
        self.target: str | None = None  # (None: the base recipe)
        self.global_args: dict[str, str | None] = {}
        self.args: dict[str, str | None] = {}
        self.given: dict[str, str | None] = {}  # (what the call being read passes)
        self.occurrences: list[Occurrence] = []
        self.built: list[BuiltImage] = []
        self.pending: list[tuple[str, _Arguments]] = []
        self.done: set[tuple[str, _Arguments]] = set()
        self.function = False  # (the target read is a user-defined command)
        self.required: set[str] = set()  # (its ``ARG --required`` names no call gave)

    def read_targets(self) -> None:
        """Each target nothing calls alone, then each call of a target that a reading
        makes, once each distinct set of arguments (see the module)."""
        called = _called_names(self.targets)
        self.pending.extend((name, ()) for name in self.targets if name not in called)
        while self.pending or called:
            if not self.pending:  # (a target only a cycle calls: alone)
                self.pending.append((sorted(called)[0], ()))
            name, arguments = self.pending.pop(0)
            called.discard(name)
            if (name, arguments) in self.done or len(self.done) >= MAX_READINGS:
                continue
            self.done.add((name, arguments))
            self._read_target(name, dict(arguments))

    def _read_target(self, name: str, given: dict[str, str | None]) -> None:
        self.target, self.args, self.given = name, {}, given
        commands = self.targets[name]
        self.function = bool(commands) and commands[0][0][2] in ("FUNCTION", "COMMAND")
        self.required = set()
        for words in self.targets[name]:
            self.command(words)

    def command(self, words: list[_Word]) -> None:
        """One command, of its words."""
        keyword = words[0][2]
        rest = words[1:]
        if keyword in ("ARG", "LET"):
            self._arg(keyword, rest)
        elif keyword == "FROM":
            self._from(rest)
        elif keyword == "BUILD":
            self._call(rest, each=True)
        elif keyword == "DO":
            self._call(rest, each=False)  # (a user-defined command of the file, with its values)
        elif keyword == "COPY":
            self._copy(rest)
        elif keyword == "WITH" and rest and rest[0][2] == "DOCKER":
            for index, (line, at, word) in enumerate(rest):
                if word == "--pull" and index + 1 < len(rest):
                    self._image(rest[index + 1], "WITH DOCKER --pull")
                elif word.startswith("--pull="):
                    self._image((line, at + 7, word[7:]), "WITH DOCKER --pull")
                elif word.startswith("--load") and (match := _CALL.search(word)):
                    self._calls(match["name"], [], each=False)
        elif keyword == "SAVE" and rest and rest[0][2] == "IMAGE":
            for line, _, word in rest[1:]:
                # (as a shell's ``docker build -t`` names it: a tag a run gives builds the name)
                name = name_pattern(self._expand(word)[0].replace("\0", UNKNOWN))
                if not word.startswith("-") and name is not None:
                    self.built.append(BuiltImage(name, BuildSite(TOOL, self.path, line)))

    def _call(self, rest: list[_Word], *, each: bool) -> None:
        """A ``BUILD`` (``each``: a name given several times builds each value) or ``FROM``
        of a target: the target, after the command's own options, and the arguments after it."""
        words = [word for _, _, word in rest]
        index = 0
        options: list[str] = []  # (``--build-arg NAME=value``: the older spelling of an argument)
        while index < len(words) and words[index].startswith("--"):
            word = words[index]
            if word == "--build-arg" and index + 1 < len(words):
                options.append(f"--{words[index + 1]}")
            elif word.startswith("--build-arg="):
                options.append(f"--{word.removeprefix('--build-arg=')}")
            index += 2 if word in _OPTIONS_WITH_VALUE else 1
        if index >= len(words):
            return
        target = self._expand(words[index])[0]
        if not target.startswith("+"):
            return  # (another Earthfile's, or an image)
        passes = "--pass-args" in words[:index]
        arguments = [*options, *words[index + 1 :]]
        self._calls(target[1:].partition("/")[0], arguments, each=each, passes=passes)

    def _copy(self, rest: list[_Word]) -> None:
        """``COPY +name/artifact …`` and ``COPY (+name/artifact --NAME=value …) …``."""
        words = [word for _, _, word in rest]
        for index, word in enumerate(words):
            if word.startswith("(+"):
                end = next((i for i in range(index, len(words)) if words[i].endswith(")")), None)
                if end is None:
                    return
                inside = [*words[index : end + 1]]
                inside[-1] = inside[-1][:-1]
                target = inside[0][2:].partition("/")[0]
                self._calls(target, [w for w in inside[1:] if w], each=False)
            elif word.startswith("+"):
                self._calls(word[1:].partition("/")[0], [], each=False)

    def _calls(self, target: str, words: list[str], *, each: bool, passes: bool = False) -> None:
        """The readings of the file's ``target`` that a call with ``words`` (its
        ``--NAME=value`` arguments) makes."""
        if target not in self.targets or target == self.target:
            return
        given: dict[str, list[str | None]] = {}
        if passes:  # (``--pass-args``: the caller's own arguments)
            own = {**self.global_args, **self.args}
            given.update((name, [value]) for name, value in own.items())
        explicit: set[str] = set()
        for word in words:
            name, equals, value = word.removeprefix("--").partition("=")
            if not word.startswith("--") or not equals or not name:
                continue
            found = self._expand(value)[0] if "$(" not in value else "\0"
            if name not in explicit or not each:  # (FROM and COPY: the last value)
                given[name] = []
                explicit.add(name)
            given[name].append(None if "\0" in found else found)
        choices = [[(name, value) for value in values] for name, values in given.items()]
        for combination in itertools.islice(itertools.product(*choices), MAX_READINGS):
            self.pending.append((target, tuple(sorted(combination, key=lambda c: c[0]))))

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
        if keyword == "ARG" and self.target is not None and name in self.given:
            value = self.given[name]  # (what the call passes wins over the default)
        elif keyword == "ARG" and any(word == "--required" for _, _, word in rest):
            self.required.add(name)
        scope = self.global_args if (is_global and self.target is None) else self.args
        scope[name] = value

    def _from(self, rest: list[_Word]) -> None:
        index = 0
        while index < len(rest):
            word = rest[index]
            text = word[2]
            if _FLAG.match(text):
                index += 2 if text in _OPTIONS_WITH_VALUE else 1
                continue
            if text in ("DOCKERFILE", "scratch") or "+" in self._expand(text)[0]:
                self._call(rest, each=False)  # (a target of the file: read with its arguments)
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
        if unresolved and self.function and self.required.intersection(unresolved):
            return  # (a user-defined command's required argument: its callers' to give)
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
        globals_given = {k: v for k, v in self.given.items() if k in self.global_args}
        values = {**self.global_args, **globals_given, **self.args}

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

#: Options of ``FROM`` and ``BUILD`` whose value may be the next word.
_OPTIONS_WITH_VALUE = frozenset({"--platform", "--build-arg"})


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
