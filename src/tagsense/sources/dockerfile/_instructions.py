"""Instruction nodes into stages, as BuildKit's ``instructions`` package reads them.

``instructions/parse.go``: each instruction checked as ``ParseInstruction``
checks it (an error is what BuildKit rejects), its ``--flags`` read as
``BFlags.Parse`` reads them (``bflag.go``), and the nodes gathered into the
global ARGs and the stages, each with the ``COPY --from`` and ``RUN
--mount=...,from=`` sources it names (``commands_runmount.go``; a RUN's
devices as ``ParseDevice`` checks them).
"""

from __future__ import annotations

from ..._lazy import lazy_pattern
from .._expand import go_quote
from ._parser import go_lower, go_trim, heredoc

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from ._parser import Flag, LogicalLine, Node, Tok

__all__ = ["InstructionReader", "Ref", "Stage", "Value"]

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
_STAGE_NAME = lazy_pattern(r"[a-z][a-z0-9\-_.]*")
# strconv.ParseBool
_GO_BOOLS = frozenset(
    {"1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"}
)


# --- flags (bflag.go) ----------------------------------------------------------

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


class Value:
    """A flag's value and its characters' offsets (-1: not in the text)."""

    __slots__ = ("offsets", "text")

    def __init__(self, text: str, offsets: Sequence[int]) -> None:
        self.text = text
        self.offsets = offsets


def _parse_flags(
    flags: list[Flag], defined: Mapping[str, int]
) -> tuple[dict[str, list[Value]], str | None]:
    """BFlags.Parse: each defined flag's values, and the first error."""
    values: dict[str, list[Value]] = {}
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
        values.setdefault(name, []).append(Value(value, offsets))
    return values, None


# --- stages, from one node at a time (parse.go) --------------------------------


class Ref:
    """A ``--from`` or ``--mount`` source in a stage."""

    __slots__ = ("cmd_line", "column", "kind", "line", "raw", "target", "value")

    def __init__(
        self, kind: str, value: str, where: tuple[int, int], raw: str, cmd_line: int
    ) -> None:
        self.kind = kind  # "copy" or "mount"
        self.value = value
        self.line, self.column = where
        self.raw = raw
        self.cmd_line = cmd_line
        self.target = ""  # a mount's target, for the error message


class Stage:
    """A ``FROM`` and what follows it: its base image as written, its sources."""

    __slots__ = (
        "base",
        "base_where",
        "deps",
        "index",
        "line",
        "name",
        "onbuild",
        "platform",
        "refs",
    )

    def __init__(self, index: int, line: int, name: str, base: Tok | None) -> None:
        self.index = index
        self.line = line
        self.name = name
        self.base = base
        self.base_where = (line, 1)
        self.platform: Value | None = None
        self.refs: list[Ref] = []
        self.onbuild: list[Ref] = []
        self.deps: list[tuple[object, Ref]] = []  # (stage or image, ref), as _stages resolves them


class InstructionReader:
    """instructions.Parse: the global ARGs and the stages, from one node at a time.

    ``meta`` holds the global ARGs (key, default, line); ``error`` takes each error.
    """

    __slots__ = ("error", "meta", "stages")

    def __init__(self, error: Callable[[int | None, str], None]) -> None:
        self.error = error
        self.stages: list[Stage] = []
        self.meta: list[tuple[str, str | None, int]] = []

    def read(self, node: Node, line: int, logical: LogicalLine) -> None:
        """One instruction, at ``line``, from its logical line."""
        lower = node.lower
        if lower not in _INSTRUCTIONS:
            self.error(line, f"unknown instruction: {node.cmd}")
            return
        message = _check(node)
        if lower == "from":
            self._from(node, line, logical, message)
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
            _copy_from(node, line, logical, stage.refs)
        elif lower == "run":
            _mounts(node, line, logical, stage.refs)
        elif lower == "onbuild" and node.child is not None:
            child = node.child
            if child.lower == "copy":
                _copy_from(child, line, logical, stage.onbuild)
            elif child.lower == "run":
                _mounts(child, line, logical, stage.onbuild)

    def _from(self, node: Node, line: int, logical: LogicalLine, message: str | None) -> None:
        args = node.args
        name = ""
        if len(args) == 3 and _is_as(args[1].text):
            lowered = go_lower(args[2].text)
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
        stage = Stage(len(self.stages), line, name, base)
        if base is not None:
            stage.base_where = logical.where(base.start)
        platform = _flag_values(node).get("platform")
        if platform:
            stage.platform = platform[-1]
        self.stages.append(stage)


def _flag_values(node: Node) -> dict[str, list[Value]]:
    if node.values is None:
        node.values = _parse_flags(node.flags, _FLAGS.get(node.lower, _NO_FLAGS))[0]
    return node.values


def _as_written(logical: LogicalLine, value: Value) -> tuple[tuple[int, int], str]:
    """Where a flag value starts, and its text as written (quotes aside)."""
    offsets = [o for o in value.offsets if o >= 0]
    if not offsets:
        return (0, 0), ""
    return logical.where(offsets[0]), logical.text[offsets[0] : offsets[-1] + 1]


def _copy_from(node: Node, line: int, logical: LogicalLine, into: list[Ref]) -> None:
    values = _flag_values(node).get("from")
    if not values or not values[0].text:
        return
    value = values[0]  # a second --from is an error; the first is read
    where, raw = _as_written(logical, value)
    into.append(Ref("copy", value.text, where, raw, line))


def _mounts(node: Node, line: int, logical: LogicalLine, into: list[Ref]) -> None:
    mounts = node.mounts
    if mounts is None:
        mounts = [_mount(spec) for spec in _flag_values(node).get("mount", ())]
    for mount in mounts:
        if isinstance(mount, str):
            continue  # the error is reported by _check
        source, target = mount
        if source is None or not source.text:
            ref = Ref("mount", "", (line, 0), "", line)
        else:
            where, raw = _as_written(logical, source)
            ref = Ref("mount", source.text, where, raw, line)
        ref.target = target
        into.append(ref)


def _is_as(word: str) -> bool:
    # strings.EqualFold(word, "as"): simple folding also takes U+017F for "s".
    return len(word) == 2 and word[0] in "aA" and word[1] in "sS\u017f"


def _from_shape(args: list[Tok]) -> bool:
    """FROM's arguments are an image, or an image, AS and a stage name."""
    return len(args) == 1 or (len(args) == 3 and _is_as(args[1].text))


# --- RUN's mounts and devices (commands_runmount.go, commands_rundevice.go) ----


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


def _mount(spec: Value) -> tuple[Value | None, str] | str:
    """parseMount as parsing reads it: the ``from`` value (only), and the target."""
    fields = _csv(spec.text)
    if isinstance(fields, str):
        return f"failed to parse csv mounts: {fields}"
    text, offsets = spec.text, spec.offsets
    source: Value | None = None
    target = ""
    for field in fields:
        if isinstance(field, range):
            field_text = text[field.start : field.stop]
        else:
            field_text = "".join(text[i] for i in field)
        written, eq, value = field_text.partition("=")
        if not eq:
            continue
        key = go_lower(written)
        if key == "from":
            dollar = value.find("$")
            while dollar >= 0:
                if dollar + 1 < len(value) and value[dollar + 1] != "\n":
                    return "'from' doesn't support variable expansion, define alias stage instead"
                dollar = value.find("$", dollar + 1)
            start = len(written) + 1
            source = Value(value, tuple(offsets[i] for i in field[start:]))
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
        key = go_lower(key)
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


# --- what ParseInstruction rejects (parse.go) --------------------------------


def _check(node: Node) -> str | None:
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
        if isinstance(heredoc(args[-1].text), tuple):
            return f"{lower.upper()} cannot accept a heredoc as a destination"
        return None
    if lower == "from":
        if not _from_shape(args):
            return "FROM requires either one or three arguments"
        if len(args) == 3 and not _STAGE_NAME.fullmatch(go_lower(args[2].text)):
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
        trigger = go_trim(args[0].text)[0].upper()
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
        if lower == "volume" and any(not go_trim(arg.text)[0] for arg in args):
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
