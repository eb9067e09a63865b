"""Every image reference a Dockerfile makes BuildKit pull, found by BuildKit's rules.

:func:`scan_dockerfile` reads a Dockerfile as BuildKit's Dockerfile frontend
does (``frontend/dockerfile/parser``, ``instructions``, ``dockerfile2llb``,
``shell``), not with a regular expression over ``FROM``:

* **Lines.** Lines end at ``\\n``; trailing ``\\r`` go, and a byte-order mark at
  the start of the file. A line ending in the escape character (``\\``, or
  the backtick ``# escape`` chooses) continues on the next; comment lines and blank
  lines inside a continuation are skipped. BuildKit's quirk: a line ending in
  two or three escape characters (``\\\\``, ``\\\\\\``) does not continue.
  A physical line of 64 KiB or more stops BuildKit's scanner.
* **Parser directives** (``syntax``, ``escape``, ``check``) are comments of the
  form ``# key=value`` before anything else: the first line that is not one
  (an instruction, another comment, a blank line) ends them; later they are
  ordinary comments. Each may appear once. The ``syntax`` image is found as
  BuildKit's ``DetectSyntax`` finds it (after an optional ``#!`` line; also
  ``// syntax=`` and a JSON ``{"syntax": ...}`` file) and is pulled unless a
  ``BUILDKIT_SYNTAX`` build argument overrides it.
* **Heredocs.** ``RUN``, ``COPY`` and ``ADD`` (also after ``ONBUILD``; not in
  JSON form) may name heredocs (``<<EOF``, ``<<-EOF``, ``<<"EOF"``, several on a
  line); their bodies, up to a line equal to the name (leading tabs ignored
  for ``<<-``), are data, never instructions. A missing terminator is an error.
* **Instructions** are case-insensitive; their leading ``--flags`` are split off
  as BuildKit splits them (a flag's value follows ``=``; ``--flag value`` is
  a flag without a value; a flag word is read byte by byte, as Go does).
  An unknown instruction, an unknown or repeated flag, a wrong number of
  arguments: everything BuildKit's ``instructions.Parse`` rejects is an error.
* **FROM** ``[--platform=P] image [AS name]``: the arguments are split on white
  space first, then the image (and ``P``) expanded (:mod:`.._expand`) with only
  the automatic platform arguments (``BUILDPLATFORM``, ``BUILDOS``,
  ``BUILDARCH``, ``BUILDVARIANT``, ``TARGETPLATFORM``, ``TARGETOS``,
  ``TARGETARCH``, ``TARGETVARIANT``: ``linux/amd64``; ``TARGETSTAGE``) and the
  global ARGs declared before the first ``FROM`` (their defaults expanded
  in order; a ``build_args`` value replaces a declared argument's default, or an
  automatic argument's value; an undeclared build argument is invisible). A
  stage name is lower-cased when declared; a ``FROM`` whose expanded image is
  exactly the name of an *earlier* stage builds on that stage; ``scratch`` is
  no image.
* **COPY --from=X** (not expanded) names a stage, case-insensitively, or a
  stage by number (``--from=0``; BuildKit counts the images that earlier
  ``--from`` and ``--mount`` created after the stages); otherwise ``X`` is an
  image (kind ``copy-from``). ``ADD`` has no ``--from``.
* **RUN --mount=...,from=X** (the value is CSV, keys in any order and case,
  ``from`` may not use variables) names a stage or else an image (a number is
  an image name here; kind ``mount-from``); a mount without ``from`` mounts
  ``scratch``.
* **ONBUILD COPY --from / RUN --mount from** images (kind ``onbuild``) run when a
  later stage builds ``FROM`` this one.
* **Stages pulled for the target** (``target``, default the last stage): the
  target and, transitively, its base stage, its ``--from`` and ``--mount``
  sources, and what its base stage's ``ONBUILD`` triggers use.

Each :class:`~tagsense.sources.Occurrence` has the 1-based line and column
where its text starts in the file (a continued instruction's physical line);
``raw`` as written (a ``FROM`` argument whole, a flag value without its
quotes), ``text`` after expansion, ``reference`` when ``text`` parses and no
unset variable went into it. ``context`` holds ``stage`` (its name, or its
number when unnamed), ``stage_index``, ``pulled`` and, when given, the
expanded ``platform``; ``unset`` lists variables that had no value; ``onbuild``
occurrences add ``trigger`` (``copy-from`` or ``mount-from``); a ``syntax``
occurrence has only ``pulled``. ``pulled`` describes the stage graph: what
BuildKit pulls for the target once the file has no errors (BuildKit itself
stops at the first error).

Invalid references are occurrences with ``reference=None`` and no error (the
policy reports them); the ``errors`` are what BuildKit rejects before pulling
(syntax, expansion, stage resolution). The function never raises; where
BuildKit would run out of memory (an expansion past 1 MiB, a glob too large
for its value) the expansion is an error instead.
"""

from __future__ import annotations

import math
import re

from ...occurrence import (
    BuildSite,
    Occurrence,
    Scan,
    SourceError,
    Suppression,
    parse_or_error,
    suppressions_in_comment,
)
from .._expand import GO_SPACES, ExpansionError, expand, go_quote, shell_words

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence


__all__ = ["NamedContext", "scan_dockerfile"]

# --- BuildKit's constants, compiled once -------------------------------------

# bufio.Scanner's MaxScanTokenSize: a longer line stops BuildKit's parser.
_MAX_LINE_BYTES = 64 * 1024
# Parser directives: `#` then `key = value` (Go's \s is [\t\n\f\r ]).
_DIRECTIVE = re.compile(r"([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*")
_DIRECTIVES = frozenset({"syntax", "escape", "check"})
# reWhitespace / tokenWhitespace: what splits a command from its arguments.
_WS = re.compile(r"[\t\v\f\r ]+")
_HEREDOC = re.compile(r"([0-9]*)<<(-?)([^<]*)")
_STAGE_NAME = re.compile(r"[a-z][a-z0-9\-_.]*")
_ATOI = re.compile(r"[+-]?[0-9]+")
# Leading flag words with nothing extractBuilderFlags treats specially (quotes,
# backslashes): each is then simply the run of characters up to white space.
_PLAIN_FLAGS = re.compile(r"(?:--[^\t\n\v\f\r \x85\xa0'\"\\]*[\t\n\v\f\r \x85\xa0]+)*")
_PLAIN_FLAG = re.compile(r"--[^\t\n\v\f\r \x85\xa0]*")
_SPACE = frozenset(GO_SPACES)
# extractBuilderFlags reads bytes: unicode.IsSpace(rune(b)) also holds for the
# bytes 0x85 and 0xA0, which occur inside UTF-8 encoded characters.
_BYTE_SPACE = frozenset("\t\n\v\f\r \x85\xa0")

_INSTRUCTIONS = frozenset(
    {
        "add",
        "arg",
        "cmd",
        "copy",
        "entrypoint",
        "env",
        "expose",
        "from",
        "healthcheck",
        "label",
        "maintainer",
        "onbuild",
        "run",
        "shell",
        "stopsignal",
        "user",
        "volume",
        "workdir",
    }
)
_HEREDOC_COMMANDS = frozenset({"add", "copy", "run"})

_BOOL, _STRING, _STRINGS = 0, 1, 2
# The flags each instruction defines (BuildKit's dockerfile/1.x, stable and labs).
_FLAGS: dict[str, dict[str, int]] = {
    "from": {"platform": _STRING},
    "copy": {
        "chown": _STRING,
        "from": _STRING,
        "chmod": _STRING,
        "link": _BOOL,
        "exclude": _STRINGS,
        "parents": _BOOL,
    },
    "add": {
        "chown": _STRING,
        "chmod": _STRING,
        "link": _BOOL,
        "keep-git-dir": _BOOL,
        "checksum": _STRING,
        "unpack": _BOOL,
        "exclude": _STRINGS,
    },
    "run": {"device": _STRINGS, "mount": _STRINGS, "network": _STRING, "security": _STRING},
    "healthcheck": {
        "interval": _STRING,
        "timeout": _STRING,
        "start-period": _STRING,
        "start-interval": _STRING,
        "retries": _STRING,
    },
}
_NO_FLAGS: dict[str, int] = {}

_PLATFORM = {
    "BUILDPLATFORM": "linux/amd64",
    "BUILDOS": "linux",
    "BUILDARCH": "amd64",
    "BUILDVARIANT": "",
    "TARGETPLATFORM": "linux/amd64",
    "TARGETOS": "linux",
    "TARGETARCH": "amd64",
    "TARGETVARIANT": "",
}
_SCRATCH = "scratch"
_INT64 = 1 << 63


def _lower(text: str) -> str:
    # Go's strings.ToLower maps U+0130 to "i"; Python adds a combining dot.
    return text.lower() if text.isascii() else text.replace("\u0130", "i").lower()


def _trim(text: str) -> tuple[str, int]:
    """Go's strings.TrimSpace, and how many characters went from the left."""
    left = text.lstrip(GO_SPACES)
    return left.rstrip(GO_SPACES), len(text) - len(left)


def _atoi(text: str) -> int | None:
    """Go's strconv.Atoi: optional sign, ASCII digits, 64-bit range."""
    if not _ATOI.fullmatch(text):
        return None
    value = int(text)
    return value if -_INT64 <= value < _INT64 else None


# --- values passed between the stages of the scan ---------------------------


class _Tok:
    """A word, with its span in the logical line (-1 when not from the text)."""

    __slots__ = ("end", "start", "text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.start = start
        self.end = end


class _Flag:
    """A flag word after quote removal, each character's offset in the line."""

    __slots__ = ("offsets", "word")

    def __init__(self, word: str, offsets: Sequence[int]) -> None:
        self.word = word
        self.offsets = offsets


class _Value:
    """A flag's value and its characters' offsets (-1: not in the text)."""

    __slots__ = ("offsets", "text")

    def __init__(self, text: str, offsets: Sequence[int]) -> None:
        self.text = text
        self.offsets = offsets


class _Node:
    """One parsed instruction: BuildKit's parser.Node, with positions."""

    __slots__ = ("args", "child", "cmd", "error", "flags", "json", "lower", "mounts", "values")

    def __init__(self, cmd: str) -> None:
        self.cmd = cmd
        self.lower = _lower(cmd)
        self.flags: list[_Flag] = []
        self.args: list[_Tok] = []
        self.json = False
        self.child: _Node | None = None
        self.error: str | None = None
        # what _check found, kept for the scan: flag values, RUN's mounts
        self.values: dict[str, list[_Value]] | None = None
        self.mounts: list[tuple[_Value | None, str] | str] | None = None

    def flag_values(self) -> dict[str, list[_Value]]:
        if self.values is None:
            self.values = _parse_flags(self.flags, _FLAGS.get(self.lower, _NO_FLAGS))[0]
        return self.values


class _Ref:
    """A ``--from`` or ``--mount`` source in a stage."""

    __slots__ = ("cmd_line", "column", "kind", "line", "raw", "target", "trigger", "value")

    def __init__(
        self, kind: str, value: str, where: tuple[int, int], raw: str, cmd_line: int
    ) -> None:
        self.kind = kind  # "copy" or "mount"
        self.value = value
        self.line, self.column = where
        self.raw = raw
        self.cmd_line = cmd_line
        self.target = ""  # a mount's target, for the error message
        self.trigger = False  # inside ONBUILD


class _Stage:
    __slots__ = (
        "base",
        "base_line",
        "base_where",
        "deps",
        "index",
        "line",
        "name",
        "onbuild",
        "platform",
        "refs",
    )

    def __init__(self, index: int, line: int, name: str, base: _Tok | None) -> None:
        self.index = index
        self.line = line
        self.name = name
        self.base = base
        self.base_where = (line, 1)
        self.base_line = line
        self.platform: _Value | None = None
        self.refs: list[_Ref] = []
        self.onbuild: list[_Ref] = []
        self.deps: list[tuple[object, _Ref]] = []


class _Image:
    """An image a ``--from`` or ``--mount`` pulls (BuildKit's unregistered state)."""

    __slots__ = ("ref",)

    def __init__(self, ref: _Ref | None) -> None:
        self.ref = ref


# --- the scan -----------------------------------------------------------------


class NamedContext:
    """What a named build context (``--build-context NAME=…``, compose's
    ``additional_contexts``, bake's ``contexts``) gives a ``FROM NAME`` or
    ``--from=NAME``: an ``image`` (``docker-image://REF``; ``built`` when the
    project builds it: compose's ``service:``, bake's ``target:``), or files (a
    directory, a Git or HTTP URL: ``image`` is ``None``, no image at all)."""

    __slots__ = ("built", "image")

    def __init__(self, image: str | None, built: BuildSite | None = None) -> None:
        self.image = image
        self.built = built

    def __repr__(self) -> str:
        return f"NamedContext({self.image!r}, built={self.built!r})"


def scan_dockerfile(
    text: str,
    *,
    path: str | None = None,
    build_args: Mapping[str, str] | None = None,
    target: str | None = None,
    contexts: Mapping[str, NamedContext] | None = None,
) -> Scan:
    """Find every image reference ``text`` (a Dockerfile) makes BuildKit pull.

    ``build_args`` are ``--build-arg`` values; ``target`` is ``--target``
    (default: the last stage); ``contexts`` are the named build contexts, by
    name: a ``FROM`` or ``--from`` that names one (and no stage) takes what it
    gives. Returns a :class:`~tagsense.sources.Scan`: the occurrences in file
    order, and the errors BuildKit would stop at. Never raises.

    >>> scan = scan_dockerfile("ARG V=3.20\\nFROM alpine:${V} AS base\\nFROM base\\n")
    >>> [(o.line, o.column, o.raw, o.text) for o in scan]
    [(2, 6, 'alpine:${V}', 'alpine:3.20')]
    """
    scanner = _Scanner(text, path, dict(build_args or {}), target, contexts or {})
    try:
        scanner.run()
    except Exception as exc:  # pragma: no cover - a bug; the contract is never to raise
        scanner.error(None, f"internal error in the Dockerfile scanner: {exc!r}")
    return Scan(scanner.result(), scanner.errors, scanner.suppressions or ())


class _Scanner:
    __slots__ = (
        "build_args",
        "contexts",
        "errors",
        "escape",
        "instructions",
        "logical",
        "meta",
        "occurrences",
        "path",
        "segments",
        "stages",
        "suppressions",
        "target",
        "text",
    )

    def __init__(
        self,
        text: str,
        path: str | None,
        build_args: dict[str, str],
        target: str | None,
        contexts: Mapping[str, NamedContext],
    ) -> None:
        self.text = text
        self.path = path
        self.build_args = build_args
        self.target = target
        self.contexts = contexts
        self.errors: list[SourceError] = []
        self.occurrences: list[Occurrence] = []
        # Only comment lines suppress (a "#" inside an instruction is its text).
        self.suppressions: list[Suppression] | None = [] if "tagsense" in text.lower() else None
        self.escape = "\\"
        self.stages: list[_Stage] = []
        self.meta: list[tuple[str, str | None, int]] = []  # global ARGs: key, default, line
        self.instructions = 0
        # the instruction being read: its text, and (offset, line, column) pieces
        self.logical = ""
        self.segments: list[tuple[int, int, int]] = []

    def error(self, line: int | None, message: str) -> None:
        self.errors.append(SourceError(self.path, line, message))

    def result(self) -> list[Occurrence]:
        self.occurrences.sort(key=lambda o: (o.line, o.column))
        return self.occurrences

    # --- reading lines ------------------------------------------------------

    def run(self) -> None:
        text = self.text
        if not text:
            self.error(None, "the Dockerfile cannot be empty")
            return
        if text.startswith("\ufeff"):
            text = text[1:]
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        for index, line in enumerate(lines):
            if len(line) >= _MAX_LINE_BYTES // 4 and len(line.encode("utf-8", "surrogatepass")) >= (
                _MAX_LINE_BYTES
            ):
                self.error(
                    index + 1,
                    f"dockerfile line greater than max allowed size of {_MAX_LINE_BYTES - 1}",
                )
                del lines[index:]
                break
        self.syntax(text, lines)
        self.parse(lines)
        if self.instructions == 0:
            self.error(len(lines), "file with no instructions")
            return
        self.resolve()

    def syntax(self, text: str, lines: list[str]) -> None:
        """BuildKit's DetectSyntax: the frontend image, if the file names one."""
        start = 1 if lines and lines[0].startswith("#!") else 0
        for prefix in ("#", "//"):
            seen: set[str] = set()
            for index in range(start, len(lines)):
                line = lines[index]
                if line.endswith("\r"):
                    line = line[:-1]
                if not line.startswith(prefix):
                    break
                body = line[len(prefix) :].lstrip(GO_SPACES)
                match = _DIRECTIVE.fullmatch(body)
                if match is None:
                    break
                key = match.group(1).lower()
                if key not in _DIRECTIVES or key in seen:
                    break
                seen.add(key)
                if key == "syntax":
                    image = match.group(2).split(" ", 1)[0]
                    column = len(line) - len(body) + match.start(2) + 1
                    self.add_syntax(image, index + 1, column)
                    return
        if text.lstrip(" \t\r\n").startswith("{"):
            import json  # rare: a file of JSON naming its frontend

            try:
                data = json.loads("\n".join(lines[start:]))
            except (ValueError, RecursionError):
                return
            if isinstance(data, dict) and isinstance(data.get("syntax"), str):
                image = data["syntax"]
                number, column = 1 + start, 1
                for index in range(start, len(lines)):
                    found = lines[index].find(image) if image else -1
                    if found >= 0:
                        number, column = index + 1, found + 1
                        break
                self.add_syntax(image, number, column)

    def add_syntax(self, image: str, line: int, column: int) -> None:
        pulled = "BUILDKIT_SYNTAX" not in self.build_args
        self.add("syntax", line, column, image, image, {"pulled": pulled})

    def parse(self, lines: list[str]) -> None:
        """BuildKit's parser.Parse: directives, continuations, heredocs, instructions."""
        count = len(lines)
        seen: set[str] = set()
        directives = True
        i = 0
        while i < count:
            line = lines[i].rstrip("\r")
            token = line.lstrip(GO_SPACES)
            lead = len(line) - len(token)
            start_line = i + 1
            i += 1
            is_comment = token.startswith("#")
            if directives:
                directives = self.directive(token, start_line, seen)
            if is_comment:
                if self.suppressions is not None:
                    self.comment(token, start_line, lead + 1)
                continue  # comments (and directives) never start an instruction
            content, more = self.cut_continuation(token)
            if not more and not content:
                continue
            pieces = [content]
            segments = [(0, start_line, lead)]
            size = len(content)
            while more and i < count:
                line = lines[i].rstrip("\r")
                i += 1
                rest = line.lstrip(GO_SPACES)
                if not rest or rest.startswith("#"):
                    if rest and self.suppressions is not None:
                        self.comment(rest, i, len(line) - len(rest) + 1)
                    continue  # blank and comment lines inside a continuation
                piece, more = self.cut_continuation(line)
                segments.append((size, i, 0))
                pieces.append(piece)
                size += len(piece)
            self.logical = "".join(pieces)
            self.segments = segments
            self.instructions += 1
            node = _node(self.logical, 0, self.escape)
            if node.error is not None:
                self.error(start_line, node.error)
            else:
                docs = self.heredocs(node, start_line)
                if docs is None:
                    return
                i = self.skip_heredocs(docs, lines, i, start_line)
                if i < 0:
                    return
            if node.error is None:
                self.instruction(node, start_line)

    def comment(self, text: str, line: int, column: int) -> None:
        assert self.suppressions is not None
        self.suppressions.extend(
            suppressions_in_comment(text, path=self.path, line=line, column=column)
        )

    def directive(self, token: str, line: int, seen: set[str]) -> bool:
        """One line of the directive parser; False once directives are over."""
        if not token.startswith("#"):
            return False
        match = _DIRECTIVE.fullmatch(token[1:].lstrip(GO_SPACES))
        if match is None:
            return False
        key = match.group(1).lower()
        if key not in _DIRECTIVES:
            return False
        if key in seen:
            self.error(line, f"only one {key} parser directive can be used")
            return True
        seen.add(key)
        if key == "escape":
            value = match.group(2)
            if value not in ("\\", "`"):
                self.error(line, f"invalid escape token '{value}' does not match ` or \\")
            else:
                self.escape = value
        return True

    def cut_continuation(self, line: str) -> tuple[str, bool]:
        """trimContinuationCharacter: the line without a final escape, and whether one was."""
        esc = self.escape
        stripped = line.rstrip(" \t")
        if not stripped.endswith(esc):
            return line, False
        before = stripped[:-1]
        if not before:
            return "", True
        if before[-1] == esc:
            return line, False  # "\\\\" and the "\\\\\\" quirk: no continuation
        return before, True

    def heredocs(self, node: _Node, line: int) -> list[tuple[str, bool]] | None:
        """The heredocs an instruction names (None: BuildKit's parser fails)."""
        target = node.child if node.lower == "onbuild" and node.child is not None else node
        if target.lower not in _HEREDOC_COMMANDS or target.json or "<<" not in self.logical:
            return []
        try:
            words = shell_words(self.logical, raw_quotes=True, raw_escapes=True)
        except ExpansionError:
            return []  # BuildKit ignores this error: no heredocs
        docs: list[tuple[str, bool]] = []
        for word in words:
            found = _heredoc(word)
            if isinstance(found, ExpansionError):
                self.error(line, str(found))
                return None
            if found is not None:
                docs.append(found)
        return docs

    def skip_heredocs(
        self, docs: list[tuple[str, bool]], lines: list[str], i: int, start_line: int
    ) -> int:
        """Skip each heredoc's body and terminator; -1 if one is unterminated."""
        for name, chomp in docs:
            while True:
                if i >= len(lines):
                    self.error(start_line, "unterminated heredoc")
                    return -1
                body = lines[i].rstrip("\r\n")
                i += 1
                if chomp:
                    body = body.lstrip("\t")
                if body == name:
                    break
        return i

    def where(self, offset: int) -> tuple[int, int]:
        """The physical line and column of an offset in the logical line."""
        segments = self.segments
        k = len(segments) - 1
        while k > 0 and segments[k][0] > offset:
            k -= 1
        start, line, column = segments[k]
        return line, column + offset - start + 1

    # --- instructions (BuildKit's instructions.Parse) -------------------------

    def instruction(self, node: _Node, line: int) -> None:
        lower = node.lower
        if lower not in _INSTRUCTIONS:
            self.error(line, f"unknown instruction: {node.cmd}")
            return
        message = _check(node)
        if lower == "from":
            self.from_(node, line, message)
            return
        if message is not None:
            self.error(line, message)
        if lower == "arg" and not self.stages:
            for tok in node.args:
                key, eq, value = tok.text.partition("=")
                self.meta.append((key, value if eq else None, line))
            return
        if not self.stages:
            self.error(line, "no build stage in current context")
            return
        stage = self.stages[-1]
        if lower == "copy":
            self.copy_from(node, line, stage.refs)
        elif lower == "run":
            self.mounts(node, line, stage.refs)
        elif lower == "onbuild" and node.child is not None:
            child = node.child
            before = len(stage.onbuild)
            if child.lower == "copy":
                self.copy_from(child, line, stage.onbuild)
            elif child.lower == "run":
                self.mounts(child, line, stage.onbuild)
            for ref in stage.onbuild[before:]:
                ref.trigger = True

    def from_(self, node: _Node, line: int, message: str | None) -> None:
        args = node.args
        name = ""
        if len(args) == 3 and _is_as(args[1].text):
            lowered = _lower(args[2].text)
            if _STAGE_NAME.fullmatch(lowered):
                name = lowered
        base = args[0] if args else None
        if message is not None:
            self.error(line, message)
            if not _from_shape(args):
                # Malformed arguments (FROM {{ image }}, FROM a b): the first word
                # need not be the image, so only the error is reported. The stage
                # still counts, as COPY --from=2 numbers stages.
                base = None
        stage = _Stage(len(self.stages), line, name, base)
        if base is not None:
            stage.base_where = self.where(base.start)
        platform = node.flag_values().get("platform")
        if platform:
            stage.platform = platform[-1]
        self.stages.append(stage)

    def flag_value(self, value: _Value) -> tuple[tuple[int, int], str]:
        """Where a flag value starts, and its text as written (quotes aside)."""
        offsets = [o for o in value.offsets if o >= 0]
        if not offsets:
            return (0, 0), ""
        return self.where(offsets[0]), self.logical[offsets[0] : offsets[-1] + 1]

    def copy_from(self, node: _Node, line: int, into: list[_Ref]) -> None:
        values = node.flag_values().get("from")
        if not values or not values[0].text:
            return
        value = values[0]  # a second --from is an error; the first is read
        where, raw = self.flag_value(value)
        into.append(_Ref("copy", value.text, where, raw, line))

    def mounts(self, node: _Node, line: int, into: list[_Ref]) -> None:
        mounts = node.mounts
        if mounts is None:
            mounts = [_mount(spec) for spec in node.flag_values().get("mount", ())]
        for mount in mounts:
            if isinstance(mount, str):
                continue  # the error is reported by _check
            source, target = mount
            if source is None or not source.text:
                ref = _Ref("mount", "", (line, 0), "", line)
            else:
                where, raw = self.flag_value(source)
                ref = _Ref("mount", source.text, where, raw, line)
            ref.target = target
            into.append(ref)

    # --- stages, expansion, what is pulled (dockerfile2llb) -------------------

    def resolve(self) -> None:
        stages = self.stages
        if not stages:
            self.error(None, "dockerfile contains no stages to build")
            return
        target_name = self.target or stages[-1].name
        env = self.global_args(target_name)

        # FROM: expand, then build on an earlier stage of exactly that name.
        earlier: dict[str, _Stage] = {}
        bases: list[_Stage | None] = []
        expanded: list[tuple[str | None, tuple[str, ...]]] = []
        for stage in stages:
            base = stage.base
            text: str | None = None
            unset: tuple[str, ...] = ()
            if base is not None:
                try:
                    expansion = expand(base.text, env[0], escape=self.escape)
                except ExpansionError as exc:
                    self.error(stage.line, str(exc))
                else:
                    text = expansion.text
                    unset = _unset(expansion.unset, expansion.used, env[1])
                    if not text:
                        self.error(stage.line, f"base name ({base.text}) should not be blank")
            if stage.platform is not None:
                self.platform(stage, env[0])
            bases.append(earlier.get(text) if text else None)
            expanded.append((text, unset))
            if stage.name:
                earlier[stage.name] = stage
        names = earlier  # by now: every stage, the last of a name winning

        # Sources: COPY --from and RUN --mount, in order, adding images.
        nodes: list[object] = list(stages)
        for stage in stages:
            for ref in stage.refs:
                dep = self.source(ref, names, nodes)
                if dep is not None:
                    stage.deps.append((dep, ref))
        onbuild: dict[int, list[object]] = {}
        for stage in stages:
            found: list[object] = []
            for ref in stage.onbuild:
                if ref.kind == "copy" and _atoi(ref.value) is not None:
                    continue  # a stage number, counted when the trigger runs
                value = ref.value or _SCRATCH
                dep = names.get(_lower(value))
                found.append(dep if dep is not None else _Image(ref))
            onbuild[stage.index] = found

        self.check_cycles()
        target_stage = self.target_stage(names)
        reached = self.reachable(target_stage, bases, onbuild)
        self.check_order(reached)
        self.emit(bases, expanded, reached, onbuild)

    def global_args(self, target_name: str) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
        """The variables FROM sees, and the unset ones each ARG's value came from."""
        env = dict(_PLATFORM)
        env["TARGETSTAGE"] = target_name or "default"  # (platform.go: an unnamed target)
        for key in env:
            if key in self.build_args:
                env[key] = self.build_args[key]
        unset_of: dict[str, tuple[str, ...]] = {}
        for key, default, line in self.meta:
            if key in self.build_args:
                env[key] = self.build_args[key]
                unset_of.pop(key, None)
            elif default is not None:
                try:
                    expansion = expand(default, env, escape=self.escape)
                except ExpansionError as exc:
                    self.error(line, str(exc))
                    continue
                env[key] = expansion.text
                unset_of[key] = _unset(expansion.unset, expansion.used, unset_of)
        return env, unset_of

    def platform(self, stage: _Stage, env: dict[str, str]) -> None:
        assert stage.platform is not None
        raw = stage.platform.text
        try:
            value = expand(raw, env, escape=self.escape).text
        except ExpansionError as exc:
            self.error(stage.line, f"failed to process arguments for platform : {exc}")
            return
        if not value:
            self.error(stage.line, f"empty platform value from expression {raw}")
            return
        stage.platform = _Value(value, stage.platform.offsets)

    def source(self, ref: _Ref, names: dict[str, _Stage], nodes: list[object]) -> object | None:
        """toCommand: the stage or image a --from / --mount names."""
        if ref.kind == "copy":
            try:
                plain = expand(ref.value, {}, escape=self.escape).text == ref.value
            except ExpansionError as exc:
                self.error(ref.cmd_line, str(exc))
                return None
            if not plain:
                self.error(
                    ref.cmd_line,
                    "variable expansion is not supported for --from, define a new stage with "
                    "FROM using ARG from global scope as a workaround",
                )
                return None
            index = _atoi(ref.value)
            if index is not None:
                if 0 <= index < len(nodes):
                    return nodes[index]
                self.error(ref.cmd_line, f"invalid stage index {index}")
                return None
            value = ref.value
        else:
            value = ref.value or _SCRATCH
        stage = names.get(_lower(value))
        if stage is not None:
            return stage
        image = _Image(ref if ref.value else None)
        nodes.append(image)
        return image

    def target_stage(self, names: dict[str, _Stage]) -> _Stage | None:
        if not self.target:
            return self.stages[-1]
        stage = names.get(_lower(self.target))
        if stage is None:
            self.error(None, f"target stage {go_quote(self.target)} could not be found")
        return stage

    def reachable(
        self,
        target: _Stage | None,
        bases: list[_Stage | None],
        onbuild: dict[int, list[object]],
    ) -> set[int]:
        """ids of the stages and images built for the target."""
        reached: set[int] = set()
        todo: list[object] = [] if target is None else [target]
        while todo:
            node = todo.pop()
            if id(node) in reached:
                continue
            reached.add(id(node))
            if isinstance(node, _Stage):
                base = bases[node.index]
                if base is not None:
                    todo.append(base)
                    todo.extend(onbuild[base.index])
                todo.extend(dep for dep, _ in node.deps)
        return reached

    def check_cycles(self) -> None:
        """validateCircularDependency, over --from and --mount (not FROM)."""
        visited: set[int] = set()
        for stage in self.stages:
            if stage.index in visited:
                continue
            path: set[int] = set()
            found = self._cycle(stage, visited, path)
            if found is not None:
                name = stage.name or f"stage-{stage.index}"
                self.error(found, f"circular dependency detected on stage: {name}")
                return

    def _cycle(self, stage: _Stage, visited: set[int], path: set[int]) -> int | None:
        # Iterative depth-first search; returns the line of the first step on a cycle.
        stack: list[tuple[_Stage, int, int | None]] = [(stage, 0, None)]
        visited.add(stage.index)
        path.add(stage.index)
        while stack:
            current, k, first = stack[-1]
            if k >= len(current.deps):
                stack.pop()
                path.discard(current.index)
                continue
            stack[-1] = (current, k + 1, first)
            dep, ref = current.deps[k]
            if not isinstance(dep, _Stage):
                continue
            line = first if first is not None else ref.cmd_line
            if dep.index in path:
                return line
            if dep.index in visited:
                continue
            visited.add(dep.index)
            path.add(dep.index)
            stack.append((dep, 0, line))
        return None

    def check_order(self, reached: set[int]) -> None:
        """A reachable stage cannot use a stage defined after it."""
        for stage in self.stages:
            if id(stage) not in reached:
                continue
            for dep, ref in stage.deps:
                if not isinstance(dep, _Stage) or dep.index <= stage.index:
                    continue
                if ref.kind == "copy":
                    current = stage.name or (f"stage-{stage.index}" if len(self.stages) > 1 else "")
                    self.error(
                        ref.cmd_line,
                        f"cannot copy from stage {go_quote(ref.value)}, it needs to be defined "
                        f"before current stage {go_quote(current)}",
                    )
                else:
                    self.error(
                        ref.cmd_line,
                        f"cannot mount from stage {go_quote(ref.value)} to {go_quote(ref.target)},"
                        " stage needs to be defined before current command",
                    )

    def emit(
        self,
        bases: list[_Stage | None],
        expanded: list[tuple[str | None, tuple[str, ...]]],
        reached: set[int],
        onbuild: dict[int, list[object]],
    ) -> None:
        derived: set[int] = set()  # stages a reachable stage builds FROM
        for stage in self.stages:
            parent = bases[stage.index]
            if parent is not None and id(stage) in reached:
                derived.add(parent.index)
        for stage in self.stages:
            context: dict[str, object] = {
                "stage": stage.name or stage.index,
                "stage_index": stage.index,
            }
            pulled = id(stage) in reached
            base = stage.base
            text, unset = expanded[stage.index]
            if base is not None and bases[stage.index] is None and text != _SCRATCH:
                extra: dict[str, object] = {"pulled": pulled}
                if stage.platform is not None:
                    extra["platform"] = stage.platform.text
                line, column = stage.base_where
                named = self.named(text) if text and not unset else None
                if named is not None:
                    self.add_named(named, "from", line, column, base.text, {**context, **extra})
                else:
                    self.add(
                        "from",
                        line,
                        column,
                        base.text,
                        base.text if text is None else text,
                        {**context, **extra},
                        unresolved=unset,
                        expanded=text is not None,
                    )
            for dep, ref in stage.deps:
                if isinstance(dep, _Image) and dep.ref is ref and ref.value != _SCRATCH:
                    kind = "copy-from" if ref.kind == "copy" else "mount-from"
                    where = {**context, "pulled": id(dep) in reached}
                    named = self.named(ref.value)
                    if named is not None:
                        self.add_named(named, kind, ref.line, ref.column, ref.raw, where)
                    else:
                        self.add(kind, ref.line, ref.column, ref.raw, ref.value, where)
            for dep in onbuild[stage.index]:
                if isinstance(dep, _Image) and dep.ref is not None and dep.ref.value:
                    ref = dep.ref
                    if ref.value == _SCRATCH:
                        continue
                    trigger = "copy-from" if ref.kind == "copy" else "mount-from"
                    self.add(
                        "onbuild",
                        ref.line,
                        ref.column,
                        ref.raw,
                        ref.value,
                        {**context, "pulled": stage.index in derived, "trigger": trigger},
                    )

    def named(self, name: str) -> tuple[str, NamedContext] | None:
        """The named build context that replaces an image name, with its key (BuildKit's
        ``contextByName``: the familiar name, ``:latest`` dropped), if the build has one."""
        contexts = self.contexts
        if not contexts:
            return None
        reference, _ = parse_or_error(name)
        key = name if reference is None else reference.familiar.removesuffix(":latest")
        found = contexts.get(key)
        return None if found is None else (key, found)

    def add_named(
        self,
        named: tuple[str, NamedContext],
        kind: str,
        line: int,
        column: int,
        raw: str,
        context: dict[str, object],
    ) -> None:
        """An image a named context gives (files, a directory: no image at all)."""
        key, found = named
        if found.image is None:
            return
        self.add(kind, line, column, raw, found.image, {**context, "named_context": key},
                 built=found.built)  # fmt: skip

    def add(
        self,
        kind: str,
        line: int,
        column: int,
        raw: str,
        text: str,
        context: dict[str, object],
        *,
        unresolved: tuple[str, ...] = (),
        expanded: bool = True,
        built: BuildSite | None = None,
    ) -> None:
        """Report ``text``; a reference only when it was expanded with every value set."""
        reference, error = None, None  # (why it is none: worked out when asked)
        if expanded and not unresolved:
            reference, error = parse_or_error(text)
        self.occurrences.append(
            Occurrence(
                path=self.path,
                line=line,
                column=column,
                kind=kind,
                raw=raw,
                text=text,
                reference=reference,
                error=error,
                unresolved=unresolved,
                built=built,
                context=context,
            )
        )


def _unset(
    unset: Iterable[str], used: Iterable[str], unset_of: Mapping[str, tuple[str, ...]]
) -> tuple[str, ...]:
    """The unset variables a value depends on, directly or through a global ARG."""
    names = set(unset)
    for name in used:
        names.update(unset_of.get(name, ()))
    return tuple(sorted(names))


def _is_as(word: str) -> bool:
    # strings.EqualFold(word, "as"): simple folding also takes U+017F for "s".
    return len(word) == 2 and word[0] in "aA" and word[1] in "sS\u017f"


def _heredoc(word: str) -> tuple[str, bool] | ExpansionError | None:
    """ParseHeredoc: a heredoc's name and whether ``<<-`` chomps tabs."""
    match = _HEREDOC.fullmatch(word)
    if match is None or not match.group(3):
        return None
    try:
        words = shell_words(match.group(3))
    except ExpansionError as exc:
        return exc
    if len(words) != 1:
        return None
    return words[0], match.group(2) == "-"


# --- the line parsers (BuildKit's parser package) ------------------------------


def _node(line: str, offset: int, esc: str) -> _Node:
    """newNodeFromLine: command, flags and arguments of one logical line."""
    stripped, lead = _trim(line)
    split = _WS.search(stripped)
    if split is None:
        return _Node(stripped)
    node = _Node(stripped[: split.start()])
    rest = stripped[split.end() :]
    rest_offset = offset + lead + split.end()
    if rest.startswith("--"):
        start, node.flags = _extract_flags(rest, rest_offset)
        rest = rest[start:] if start >= 0 else ""
        rest_offset += max(start, 0)
    args, left = _trim(rest)
    args_offset = rest_offset + left
    lower = node.lower
    if lower in ("from", "expose"):
        node.args = _split(args, args_offset)
    elif lower in ("add", "copy", "volume"):
        found = _json_array(args)
        if isinstance(found, str):
            node.error = found
        elif found is not None:
            node.args, node.json = found, True
        else:
            node.args = _split(args, args_offset)
    elif lower in ("cmd", "entrypoint", "run", "shell"):
        _maybe_json(node, args, args_offset)
    elif lower == "arg":
        node.args = _words(args, args_offset, esc)
    elif lower in ("env", "label"):
        _name_values(node, args, args_offset, esc)
    elif lower == "healthcheck":
        _health(node, args, args_offset)
    elif lower in ("maintainer", "stopsignal", "user", "workdir"):
        if args:
            node.args = [_Tok(args, args_offset, args_offset + len(args))]
    elif lower == "onbuild" and args:
        child = _node(args, args_offset, esc)
        node.child = child
        node.error = child.error
        if child.error is None:
            node.args = [_Tok(child.cmd, -1, -1), *child.args]
    return node


def _extract_flags(rest: str, offset: int) -> tuple[int, list[_Flag]]:
    """extractBuilderFlags: the leading ``--flag`` words, and where the rest starts.

    Go reads this part byte by byte: a byte of a UTF-8 character becomes a
    character of its own (U+0080..U+00FF), and the bytes 0x85 and 0xA0 split
    words. Returns -1 for the start when nothing is left.
    """
    plain = _PLAIN_FLAGS.match(rest)
    end = plain.end() if plain else 0
    if not rest.startswith("--", end) and rest.isascii():
        flags = []
        for found in _PLAIN_FLAG.finditer(rest, 0, end):
            if found.end() - found.start() == 2:
                break  # "--" ends the flags: take the careful path
            flags.append(_Flag(found.group(), range(offset + found.start(), offset + found.end())))
        else:
            return (end if end < len(rest) else -1), flags
    if rest.isascii():
        data = rest
        chars: list[int] | None = None
    else:
        encoded = rest.encode("utf-8", "surrogatepass")
        data = encoded.decode("latin-1")
        chars = []
        for index, ch in enumerate(rest):
            chars.extend([index] * len(ch.encode("utf-8", "surrogatepass")))
        chars.append(len(rest))

    def at(byte: int) -> int:
        return offset + (byte if chars is None else chars[byte])

    words: list[tuple[str, list[int]]] = []
    word: list[str] = []
    where: list[int] = []
    in_spaces, in_word, in_quote = 0, 1, 2
    phase = in_spaces
    quote = ""
    blank_ok = False
    n = len(data)
    pos = 0
    ch = ""
    while pos <= n:
        if pos != n:
            ch = data[pos]
        if phase == in_spaces:
            if pos == n:
                break
            if ch in _BYTE_SPACE:
                pos += 1
                continue
            if ch != "-" or pos + 1 == n or data[pos + 1] != "-":
                return _rest_start(pos, chars), _flags(words)
            phase = in_word
        if pos == n:
            text = "".join(word)
            if text != "--" and (blank_ok or word):
                words.append((text, where))
            break
        if phase == in_word:
            if ch in _BYTE_SPACE:
                phase = in_spaces
                text = "".join(word)
                if text == "--":
                    return _rest_start(pos, chars), _flags(words)
                if blank_ok or word:
                    words.append((text, where))
                word = []
                where = []
                blank_ok = False
                pos += 1
                continue
            if ch == "'" or ch == '"':
                quote = ch
                blank_ok = True
                phase = in_quote
                pos += 1
                continue
            if ch == "\\":
                if pos + 1 == n:
                    pos += 1
                    continue
                pos += 1
                ch = data[pos]
            word.append(ch)
            where.append(at(pos))
            pos += 1
            continue
        # in_quote
        if ch == quote:
            phase = in_word
            pos += 1
            continue
        if ch == "\\":
            if pos + 1 == n:
                phase = in_word
                pos += 1
                continue
            pos += 1
            ch = data[pos]
        word.append(ch)
        where.append(at(pos))
        pos += 1
    return -1, _flags(words)


def _rest_start(byte: int, chars: list[int] | None) -> int:
    if chars is None:
        return byte
    index = chars[byte]
    # A word that starts inside a character (after a 0x85/0xA0 byte): skip it.
    if byte > 0 and chars[byte - 1] == index:
        index += 1
    return index


def _flags(words: list[tuple[str, list[int]]]) -> list[_Flag]:
    return [_Flag(text, tuple(where)) for text, where in words]


def _split(args: str, offset: int) -> list[_Tok]:
    """parseStringsWhitespaceDelimited, with each word's span."""
    if not args:
        return []
    toks: list[_Tok] = []
    start = 0
    for gap in _WS.finditer(args):
        toks.append(_Tok(args[start : gap.start()], offset + start, offset + gap.start()))
        start = gap.end()
    toks.append(_Tok(args[start:], offset + start, offset + len(args)))
    return toks


_NOT_STRINGS = "when using JSON array syntax, arrays must be comprised of strings only"


def _reject(value: str) -> object:
    raise ValueError(value)


def _number(value: str) -> float:
    number = float(value)
    if math.isinf(number):
        raise ValueError(value)  # Go cannot hold it in a float64: not JSON to BuildKit
    return number


def _json_array(args: str) -> list[_Tok] | str | None:
    """parseJSON: the strings of a JSON array, an error, or None (not JSON)."""
    if not args.startswith("["):
        return None
    import json  # only for the JSON form

    try:
        value = json.loads(args, parse_constant=_reject, parse_float=_number, parse_int=_number)
    except (ValueError, RecursionError):
        return None
    if not isinstance(value, list):
        return None
    if not all(isinstance(item, str) for item in value):
        return _NOT_STRINGS
    return [_Tok(item, -1, -1) for item in value]


def _maybe_json(node: _Node, args: str, offset: int) -> None:
    """parseMaybeJSON: a JSON array, else the whole rest as one argument."""
    if not args:
        return
    found = _json_array(args)
    if isinstance(found, str):
        node.error = found
    elif found is not None:
        node.args, node.json = found, True
    else:
        node.args = [_Tok(args, offset, offset + len(args))]


def _words(rest: str, offset: int, esc: str) -> list[_Tok]:
    """parseWords: words split on white space, quotes and escapes kept."""
    toks: list[_Tok] = []
    word: list[str] = []
    in_spaces, in_word, in_quote = 0, 1, 2
    phase = in_spaces
    quote = ""
    blank_ok = False
    start = 0
    n = len(rest)
    pos = 0
    ch = ""
    while pos <= n:
        if pos != n:
            ch = rest[pos]
        if phase == in_spaces:
            if pos == n:
                break
            if ch in _SPACE:
                pos += 1
                continue
            phase = in_word
            start = pos
        if pos == n:
            if blank_ok or word:
                toks.append(_Tok("".join(word), offset + start, offset + pos))
            break
        if phase == in_word:
            if ch in _SPACE:
                phase = in_spaces
                if blank_ok or word:
                    toks.append(_Tok("".join(word), offset + start, offset + pos))
                word = []
                blank_ok = False
                pos += 1
                continue
            if ch == "'" or ch == '"':
                quote = ch
                blank_ok = True
                phase = in_quote
            if ch == esc:
                if pos + 1 == n:
                    pos += 1
                    continue
                word.append(ch)
                pos += 1
                ch = rest[pos]
            word.append(ch)
            pos += 1
            continue
        if ch == quote:
            phase = in_word
        if ch == esc and quote != "'":
            if pos + 1 == n:
                phase = in_word
                pos += 1
                continue
            pos += 1
            word.append(ch)
            ch = rest[pos]
        word.append(ch)
        pos += 1
    return toks


def _name_values(node: _Node, rest: str, offset: int, esc: str) -> None:
    """parseNameVal (ENV, LABEL): ``key value`` or ``key=value ...``."""
    words = _words(rest, offset, esc)
    if not words:
        return
    key = node.lower.upper()
    if "=" not in words[0].text:
        parts = _WS.split(rest, maxsplit=1)
        if len(parts) < 2:
            node.error = f"{key} must have two arguments"
            return
        node.args = [_Tok(parts[0], -1, -1), _Tok(parts[1], -1, -1), _Tok("", -1, -1)]
        return
    args: list[_Tok] = []
    for word in words:
        if "=" not in word.text:
            node.error = (
                f"Syntax error - can't find = in {go_quote(word.text)}. "
                "Must be of the form: name=value"
            )
            return
        name, _, value = word.text.partition("=")
        args += [_Tok(name, -1, -1), _Tok(value, -1, -1), _Tok("=", -1, -1)]
    node.args = args


def _health(node: _Node, rest: str, offset: int) -> None:
    """parseHealthConfig: a type word, then a command as parseMaybeJSON reads it."""
    sep = 0
    while sep < len(rest) and rest[sep] not in _SPACE:
        sep += 1
    if sep == 0:
        return
    after = sep
    while after < len(rest) and rest[after] in _SPACE:
        after += 1
    command = _Node(node.cmd)
    _maybe_json(command, rest[after:], offset + after)
    node.error = command.error
    node.json = command.json
    node.args = [_Tok(rest[:sep], offset, offset + sep), *command.args]


# --- flags and mounts (BuildKit's instructions package) --------------------------


def _parse_flags(
    flags: list[_Flag], defined: Mapping[str, int]
) -> tuple[dict[str, list[_Value]], str | None]:
    """BFlags.Parse: each defined flag's values, and the first error."""
    values: dict[str, list[_Value]] = {}
    for flag in flags:
        word = flag.word
        if word == "--":
            break
        if not word.startswith("--"):
            return values, f"arg should start with -- : {word}"
        eq = word.find("=")
        # BFlags.Parse names a flag without its dashes in every message.
        name = word[2:] if eq < 0 else word[2:eq]
        kind = defined.get(name)
        if kind is None:
            return values, f"unknown flag: {name}"
        if name in values and kind != _STRINGS:
            return values, f"duplicate flag specified: {name}"
        value = "" if eq < 0 else word[eq + 1 :]
        if kind == _BOOL:
            if eq >= 0 and not value:
                return values, f"missing a value on flag: {name}"
            if value.lower() not in ("", "true", "false"):
                return values, f"expecting boolean value for flag {name}, not: {value}"
        elif eq < 0:
            return values, f"missing a value on flag: {name}"
        offsets = flag.offsets[eq + 1 :] if eq >= 0 else ()
        values.setdefault(name, []).append(_Value(value, offsets))
    return values, None


def _csv(value: str) -> list[Sequence[int]] | str:
    """One CSV record (go-csvvalue): each field as indexes into ``value``, or an error."""
    line = value
    if line.endswith("\n"):
        line = line[:-2] if line.endswith("\r\n") else line[:-1]
    if not line:
        return "EOF"
    fields: list[Sequence[int]] = []
    pos = 0
    n = len(line)
    while True:
        if pos >= n or line[pos] != '"':
            comma = line.find(",", pos)
            end = n if comma < 0 else comma
            quote = line.find('"', pos, end)
            if quote >= 0:
                return f'parse error on line 1, column {quote + 1}: bare " in non-quoted-field'
            fields.append(range(pos, end))
            if comma < 0:
                return fields
            pos = comma + 1
            continue
        pos += 1
        field: list[int] = []
        fields.append(field)
        while True:
            close = line.find('"', pos)
            if close < 0:
                return (
                    f"parse error on line 1, column {pos + 1}: "
                    'extraneous or missing " in quoted-field'
                )
            field.extend(range(pos, close))
            pos = close + 1
            if pos < n and line[pos] == '"':
                field.append(pos)
                pos += 1
                continue
            if pos < n and line[pos] == ",":
                pos += 1
                break
            if pos >= n:
                return fields
            return f'parse error on line 1, column {pos}: extraneous or missing " in quoted-field'


def _mount(spec: _Value) -> tuple[_Value | None, str] | str:
    """parseMount as parsing reads it: the ``from`` value (only), and the target."""
    fields = _csv(spec.text)
    if isinstance(fields, str):
        return f"failed to parse csv mounts: {fields}"
    text, offsets = spec.text, spec.offsets
    source: _Value | None = None
    target = ""
    for field in fields:
        if isinstance(field, range):
            field_text = text[field.start : field.stop]
        else:
            field_text = "".join(text[i] for i in field)
        written, eq, value = field_text.partition("=")
        if not eq:
            continue
        key = _lower(written)
        if key == "from":
            dollar = value.find("$")
            while dollar >= 0:
                if dollar + 1 < len(value) and value[dollar + 1] != "\n":
                    return "'from' doesn't support variable expansion, define alias stage instead"
                dollar = value.find("$", dollar + 1)
            start = len(written) + 1
            source = _Value(value, tuple(offsets[i] for i in field[start:]))
        elif key in ("target", "dst", "destination"):
            target = value
    return source, target


def _device(spec: str) -> str | None:
    """ParseDevice's errors."""
    fields = _csv(spec)
    if isinstance(fields, str):
        return f"failed to parse csv devices: {fields}"
    name = ""
    for field in fields:
        field_text = "".join(spec[i] for i in field)
        key, eq, value = field_text.partition("=")
        key = _lower(key)
        if not eq:
            if key == "required":
                continue
            if not name:
                name = field_text
                continue
            return f"invalid field '{field_text}' must be a key=value pair"
        if key == "name":
            if name:
                return f"device name already set to {name}"
            name = value
        elif key == "required":
            if value not in _GO_BOOLS:
                return f"invalid value for {key}: {value}"
        elif not name:
            name = field_text
        else:
            return f"unexpected key '{key}' in '{field_text}'"
    return None


# strconv.ParseBool
_GO_BOOLS = frozenset(
    {"1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"}
)


def _from_shape(args: list[_Tok]) -> bool:
    """FROM's arguments are an image, or an image, AS and a stage name."""
    return len(args) == 1 or (len(args) == 3 and _is_as(args[1].text))


def _check(node: _Node) -> str | None:
    """ParseInstruction's errors for one instruction (None: accepted)."""
    lower = node.lower
    args = node.args
    if lower in ("env", "label"):
        _, error = _parse_flags(node.flags, _NO_FLAGS)
        if error:
            return error
        if not args:
            return f"{lower.upper()} requires at least one argument"
        if any(not args[k].text for k in range(0, len(args), 3)):
            return f"{lower.upper()} names can not be blank"
        return None
    if lower in ("maintainer", "workdir", "user"):
        if len(args) != 1:
            return f"{lower.upper()} requires exactly one argument"
        return _parse_flags(node.flags, _NO_FLAGS)[1]
    if lower in ("add", "copy"):
        if len(args) < 2:
            return (
                f"{lower.upper()} requires at least two arguments, but only one was provided. "
                "Destination could not be determined"
            )
        node.values, error = _parse_flags(node.flags, _FLAGS[lower])
        if error:
            return error
        if _HEREDOC.fullmatch(args[-1].text) and isinstance(_heredoc(args[-1].text), tuple):
            return f"{lower.upper()} cannot accept a heredoc as a destination"
        return None
    if lower == "from":
        if not _from_shape(args):
            return "FROM requires either one or three arguments"
        if len(args) == 3 and not _STAGE_NAME.fullmatch(_lower(args[2].text)):
            return (
                f"invalid name for build stage: {go_quote(args[2].text)}, "
                "name can't start with a number or contain symbols"
            )
        node.values, error = _parse_flags(node.flags, _FLAGS["from"])
        return error
    if lower == "onbuild":
        if not args:
            return "ONBUILD requires at least one argument"
        error = _parse_flags(node.flags, _NO_FLAGS)[1]
        if error:
            return error
        trigger = _trim(args[0].text)[0].upper()
        if trigger == "ONBUILD":
            return "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"
        if trigger in ("MAINTAINER", "FROM"):
            return f"{trigger} isn't allowed as an ONBUILD trigger"
        return None
    if lower == "run":
        values, error = _parse_flags(node.flags, _FLAGS["run"])
        node.values = values
        if error:
            return error
        for device in values.get("device", ()):
            error = _device(device.text)
            if error:
                return error
        node.mounts = [_mount(mount) for mount in values.get("mount", ())]
        for found in node.mounts:
            if isinstance(found, str):
                return found
        network = values.get("network")
        if network and network[0].text not in ("default", "none", "host"):
            return f"invalid network mode {go_quote(network[0].text)}"
        security = values.get("security")
        if security and security[0].text not in ("insecure", "sandbox"):
            return f"security {go_quote(security[0].text)} is not valid"
        return None
    if lower in ("cmd", "entrypoint"):
        return _parse_flags(node.flags, _NO_FLAGS)[1]
    if lower == "healthcheck":
        if not args:
            return "HEALTHCHECK requires at least one argument"
        kind = args[0].text.upper()
        if kind == "NONE":
            return "HEALTHCHECK NONE takes no arguments" if len(args) > 1 else None
        error = _parse_flags(node.flags, _FLAGS["healthcheck"])[1]
        if error:
            return error
        if kind != "CMD":
            return f"Unknown type {go_quote(kind)} in HEALTHCHECK (try CMD)"
        if len(args) == 1:
            return "Missing command after HEALTHCHECK CMD"
        return None
    if lower in ("expose", "volume"):
        if not args:
            return f"{lower.upper()} requires at least one argument"
        error = _parse_flags(node.flags, _NO_FLAGS)[1]
        if error:
            return error
        if lower == "volume" and any(not _trim(arg.text)[0] for arg in args):
            return "VOLUME specified can not be an empty string"
        return None
    if lower == "stopsignal":
        return None if len(args) == 1 else "STOPSIGNAL requires exactly one argument"
    if lower == "arg":
        if not args:
            return "ARG requires at least one argument"
        if any(arg.text.startswith("=") for arg in args):
            return "ARG names can not be blank"
        return None
    if lower == "shell":
        error = _parse_flags(node.flags, _NO_FLAGS)[1]
        if error:
            return error
        if not args:
            return "SHELL requires at least one argument"
        if not node.json:
            return "SHELL requires the arguments to be in JSON form"
        return None
    return None
