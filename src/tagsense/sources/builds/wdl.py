"""WDL: the images a workflow's tasks run in, as Cromwell and miniwdl run them.

A WDL task's ``runtime`` section (and WDL 1.2's ``requirements``) names its image in the
``docker`` attribute, or ``container`` (WDL 1.1; ``docker`` is its alias): a string, or in
WDL 1.1 an array of them, any of which the engine may use. "If no protocol is specified, it
is assumed to be ``docker://``" (the WDL 1.1 specification, *container*): so
``docker://ubuntu:22.04`` is ``ubuntu:22.04``, and ``"*"`` (any image) names none. Each image
is an :class:`~tagsense.sources.Occurrence` of kind ``"wdl"``, with ``context`` ``task`` and
``field`` (``runtime.docker``, ``runtime.container``, ``requirements.container``).

The value is a WDL expression, evaluated with what the task itself says: its inputs' and
private declarations' defaults (``String docker = "us.gcr.io/broad-gotc-prod/picard-cloud:
2.26.10"`` and ``docker: docker``), ``~{name}`` placeholders, ``+`` of strings, and
``select_first([override, "default"])``, where an optional input with no default is not
defined. The occurrence is where the image's text is written (the default's string, to be
edited there). An input with no default is the caller's: the image is not read, nor one
that needs a call's value. A member (``runtime_environment.docker``) of a struct or a map
input is read when the document's workflow gives the input a literal (``RuntimeEnvironment
runtime_environment = {'docker': docker, …}`` passed to each call): ENCODE-DCC's pipelines
run every task in the workflow's ``docker`` input so.
"""

from __future__ import annotations

import re

from ..._lazy import lazy_pattern
from ..._offsets import line_column
from ...occurrence import Occurrence, Scan, SourceError
from ..project import BuildFile
from ._common import MAX_BYTES, read_built, read_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from ...occurrence import Suppression

__all__ = ["KIND", "read_wdl", "scan_wdl"]

#: The ``kind`` of the occurrences of the images WDL tasks run in.
KIND = "wdl"

#: A string literal, with placeholders (whose braces may hold quotes) on one line.
_STRING = r""""(?:\\.|[~$]\{[^}\n]*\}|[^"\\\n])*"|'(?:\\.|[~$]\{[^}\n]*\}|[^'\\\n])*'"""
#: What the scanner steps over: strings, comments, and a task's command (shell, not WDL).
_TOKENS = lazy_pattern(
    r"#[^\n]*|\bcommand[ \t]*<<<[\s\S]*?(?:>>>|\Z)|" + _STRING,
)
#: ``task NAME {`` and the sections of a task that say what it runs in, or define values.
_TASK = lazy_pattern(r"(?m)^[ \t]*task[ \t]+(\w+)[ \t]*\{")
_COMMAND_BRACE = lazy_pattern(r"\bcommand[ \t]*\{")
_SECTION = lazy_pattern(r"\b(runtime|requirements|input|meta|parameter_meta|output|hints)[ \t]*\{")
#: ``Type name = expression`` (``String``, ``String?``, ``File``…), one line.
_DECLARATION = lazy_pattern(
    r"(?m)(?:^|(?<=\{))[ \t]*[A-Z]\w*(?:\[[^\]\n]*\])?[?+]?[ \t]+(\w+)[ \t]*(=[ \t]*)?"
)
#: ``key: expression`` of a runtime section.
_ATTRIBUTE = lazy_pattern(r"(?m)(?:^|(?<=\{))[ \t]*(\w+)[ \t]*:[ \t]*")
#: The placeholders of a string: ``~{name}`` and ``${name}``.
_PLACEHOLDER = lazy_pattern(r"[~$]\{[ \t]*([^}]*?)[ \t]*\}")
#: The attributes that name the image.
_IMAGE_KEYS = frozenset({"docker", "container"})
#: The scheme WDL assumes when none is written.
_DOCKER_SCHEME = "docker://"

#: A value: its text, and the offset where it is written whole (``None``: made of parts).
_Value = tuple[str, int | None]
#: What a name is bound to: its expression and where it starts, the values a caller gives
#: it, or ``None`` (an input with no default, no caller's value).
_Defined = tuple[str, int] | list[_Value] | None


def read_wdl(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The images the tasks of the WDL file at ``path`` run in (never raises)."""
    return read_built(path, max_bytes, scan_wdl)


def scan_wdl(text: str, *, path: str | None = None) -> BuildFile:
    """:func:`read_wdl` of a file's text.

    >>> wdl = 'task A {\\n  input {\\n    String docker = "ubuntu:24.04"\\n  }\\n'
    >>> found = scan_wdl(wdl + '  runtime {\\n    docker: docker\\n  }\\n}\\n')
    >>> [(o.text, o.line, o.column, o.context["task"]) for o in found.scan]
    [('ubuntu:24.04', 3, 22, 'A')]
    """
    if "docker" not in text and "container" not in text:
        return BuildFile(path=path)
    code = _blanked(text)
    given = _given(text, code)
    occurrences: list[Occurrence] = []
    for task in _TASK.finditer(code):
        body_start = task.end()
        body = _balanced(code, body_start - 1)
        if body is None:
            continue
        occurrences.extend(
            _task_images(
                text,
                code,
                body_start,
                body_start + len(body),
                task[1],
                given.get(task[1], {}),
                path,
            )
        )
    occurrences.extend(_imported_images(text, code, given, path))
    return BuildFile(scan=Scan(occurrences, (), _suppressions(text, path)), path=path)


def _imported_images(
    text: str, code: str, given: Mapping[str, Mapping[str, list[_Value]]], path: str | None
) -> Iterator[Occurrence]:
    """The images the tasks of imported documents run in with the values this document's
    calls give them (``call Qc.CheckFingerprint { input: docker = gatk_docker }``), each
    where it is written here: the imported document alone leaves them to its callers."""
    if path is None or "import" not in code:
        return
    import os

    aliases: dict[str, str] = {}
    for match in _IMPORT.finditer(code):
        written = text[match.start(1) : match.end(1)]  # (the string, as code blanks it)
        if "://" in written:
            continue  # (an import over HTTP: not the project's file)
        alias = match[2] or os.path.basename(written).removesuffix(".wdl")
        aliases[alias] = os.path.join(os.path.dirname(path), written)
    for callee, inputs in given.items():
        alias, _, task = callee.partition(".")
        if not task or alias not in aliases:
            continue
        imported = read_text(aliases[alias], MAX_BYTES)
        if isinstance(imported, SourceError):
            continue
        imported_code = _blanked(imported)
        ours = {value for values in inputs.values() for value in values}
        for match in _TASK.finditer(imported_code):
            body = _balanced(imported_code, match.end() - 1) if match[1] == task else None
            if body is None:
                continue
            end = match.end() + len(body)
            for found in _task_images(
                imported, imported_code, match.end(), end, task, inputs, None, ours
            ):
                yield _placed(text, found, path)


def _placed(text: str, found: Occurrence, path: str) -> Occurrence:
    """An occurrence found in an imported task, placed where its value is written here (its
    ``column`` an offset of this text until now: see _task_images)."""
    place = found.column
    line, column = line_column(text, place)
    return found.replace(path=path, line=line, column=column)


def _task_images(
    text: str,
    code: str,
    begin: int,
    end: int,
    task: str,
    given: Mapping[str, list[_Value]],
    path: str | None,
    only: set[_Value] | None = None,
) -> Iterator[Occurrence]:
    """The images of the runtime and requirements sections of a task's body; ``given`` are
    the values the document's workflows' calls give its inputs that have no default. With
    ``only`` (the values another document's calls give), only those are read, each
    occurrence's ``column`` the value's offset in that document (:func:`_placed` places it)."""
    sections: list[tuple[str, int, int]] = []
    index = begin
    while (match := _SECTION.search(code, index, end)) is not None:
        inner = _balanced(code, match.end() - 1)
        if inner is None:
            break
        sections.append((match[1], match.end(), match.end() + len(inner)))
        index = match.end() + len(inner) + 1
    values = _declarations(text, code, begin, end, sections)
    for name, found in given.items():
        base = name.partition(".")[0]  # (a member of a struct input: `env.docker`)
        if base in values and values[base] is None and found and values.get(name) is None:
            values[name] = found
    seen: set[tuple[str, int | None]] = set()
    for name, start, stop in sections:
        if name not in ("runtime", "requirements"):
            continue
        for key, expression, at in _attributes(code, start, stop):
            if key not in _IMAGE_KEYS:
                continue
            for image, written in _evaluate(text, expression, at, values, 0):
                if only is not None and (image, written) not in only:
                    continue  # (the imported document's own: read with it)
                place = written if written is not None else at
                if (image, place) in seen:
                    continue
                seen.add((image, place))
                field = f"{name}.{key}"
                occurrence = _occurrence(text, image, place, written, task, field, path)
                if occurrence is not None and only is not None:
                    shift = len(_DOCKER_SCHEME) if image.startswith(_DOCKER_SCHEME) else 0
                    occurrence = occurrence.replace(column=place + shift)  # (see _placed)
                if occurrence is not None:
                    yield occurrence


def _occurrence(
    text: str, image: str, place: int, written: int | None, task: str, field: str, path: str | None
) -> Occurrence | None:
    pulled = image.removeprefix(_DOCKER_SCHEME)
    if not pulled or pulled == "*" or "://" in pulled:
        return None  # (any image, or one of another protocol)
    line, column = line_column(text, place)
    if written is not None and pulled != image:
        column += len(_DOCKER_SCHEME)
    return Occurrence.of_text(
        path=path, line=line, column=column, kind=KIND, raw=pulled,
        text=pulled, context={"task": task, "field": field},
    )  # fmt: skip


#: ``workflow NAME {``, and ``call TASK {`` (``call TASK as ALIAS {``) in it.
_WORKFLOW = lazy_pattern(r"(?m)^[ \t]*workflow[ \t]+\w+[ \t]*\{")
_CALL = lazy_pattern(r"\bcall[ \t]+([\w.]+)(?:[ \t]+as[ \t]+\w+)?[ \t]*\{")
#: ``import "tasks/Qc.wdl" as Qc`` (the alias defaults to the file's name).
_IMPORT = lazy_pattern(r"""(?m)^[ \t]*import[ \t]+"([^"\n]+)"(?:[ \t]+as[ \t]+(\w+))?""")


def _given(text: str, code: str) -> dict[str, dict[str, list[_Value]]]:
    """The values the calls of the document's workflows give each task's inputs (``call
    T { input: docker = gatk_docker }``, ``call T { docker }``), evaluated with the
    workflow's declarations: each task's, by input name."""
    found: dict[str, dict[str, list[_Value]]] = {}
    for workflow in _WORKFLOW.finditer(code):
        inner = _balanced(code, workflow.end() - 1)
        if inner is None:
            continue
        begin, end = workflow.end(), workflow.end() + len(inner)
        values = _declarations(text, code, begin, end, [])
        for call in _CALL.finditer(code, begin, end):
            body = _balanced(code, call.end() - 1)
            if body is None:
                continue
            start = call.end()
            written = text[start : start + len(body)]
            lead = re.match(r"\s*input\s*:", written)
            offset = lead.end() if lead is not None else 0
            inputs = found.setdefault(call[1], {})
            for item, at in _items(written[offset:], start + offset):
                name, equals, expression = item.partition("=")
                if not re.fullmatch(r"\w+", name.strip()):
                    continue
                if not equals:  # (WDL 1.1's `docker` alone: `docker = docker`)
                    expression = name
                else:
                    at += item.index("=") + 1
                for image, place in _evaluate(text, expression, at, values, 0):
                    value: _Value = (image, place if place is not None else at)
                    if value not in inputs.setdefault(name.strip(), []):
                        inputs[name.strip()].append(value)
                for key, (member, offset) in _literal_members(text, expression, at, values).items():
                    for image, place in _evaluate(text, member, offset, values, 0):
                        value = (image, place if place is not None else offset)
                        member_values = inputs.setdefault(f"{name.strip()}.{key}", [])
                        if value not in member_values:
                            member_values.append(value)
    return found


#: A member of a struct or map literal: ``'docker': expression`` (``docker:``, ``"docker":``).
_MEMBER = lazy_pattern(r"""\s*(?:'(\w+)'|"(\w+)"|(\w+))\s*:""")


def _literal_members(
    text: str, expression: str, at: int, values: Mapping[str, _Defined]
) -> dict[str, tuple[str, int]]:
    """The members of the struct or map literal an expression is (a name bound to one, or
    the literal itself: ``{'docker': docker}``, ``object {…}``, ``Struct {…}``), each
    member's expression and offset; none for any other expression."""
    stripped = expression.strip()
    at += len(expression) - len(expression.lstrip())
    if re.fullmatch(r"\w+", stripped):
        defined = values.get(stripped)
        if not isinstance(defined, tuple):
            return {}
        stripped, at = defined[0], defined[1]
        at += len(defined[0]) - len(defined[0].lstrip())
        stripped = stripped.strip()
    head = re.match(r"(?:\w+[ \t]*)?\{", stripped)
    if head is None or not stripped.endswith("}"):
        return {}
    inner_at = at + head.end()
    inner = text[inner_at : at + len(stripped) - 1]
    members: dict[str, tuple[str, int]] = {}
    for item, offset in _items(inner, inner_at):
        key = _MEMBER.match(item)
        if key is None:
            return {}
        members[key[1] or key[2] or key[3]] = (item[key.end() :], offset + key.end())
    return members


def _declarations(
    text: str, code: str, begin: int, end: int, sections: list[tuple[str, int, int]]
) -> dict[str, _Defined]:
    """The task's declarations that have a value here: each name's expression and where it
    starts; ``None`` for one with no default (the caller's)."""
    found: dict[str, _Defined] = {}
    spans = [(start, stop) for name, start, stop in sections if name != "input"]
    for match in _DECLARATION.finditer(code, begin, end):
        if any(start <= match.start() < stop for start, stop in spans):
            continue  # (a runtime's or an output's, not a value the task defines)
        if match[2] is None:
            found[match[1]] = None
            continue
        line_end = code.find("\n", match.end())
        line_end = end if line_end < 0 or line_end > end else line_end
        opening = re.match(r"(?:\w+[ \t]*)?\{", code[match.end() : line_end].lstrip())
        literal = None
        if opening is not None:  # (a struct or map literal, over lines: `= {` … `}`)
            brace = code.index("{", match.end())
            literal = _balanced(code, brace)
        if literal is not None and brace + len(literal) + 1 < end:
            line_end = brace + len(literal) + 2
        else:
            brace = code.find("}", match.end(), line_end)  # (`input { String d = "x" }`)
            line_end = brace if brace >= 0 else line_end
        found[match[1]] = (text[match.end() : line_end].strip(), match.end())
    return found


def _attributes(code: str, start: int, stop: int) -> Iterator[tuple[str, str, int]]:
    """A runtime section's ``key: expression`` pairs, each expression's text and offset."""
    for match in _ATTRIBUTE.finditer(code, start, stop):
        line_end = code.find("\n", match.end(), stop)
        line_end = stop if line_end < 0 else line_end
        expression = code[match.end() : line_end]
        if expression.count("[") > expression.count("]"):  # (an array over lines)
            close = code.find("]", line_end, stop)
            expression = code[match.end() : close + 1 if close >= 0 else stop]
        yield match[1], expression.rstrip(), match.end()


def _evaluate(
    text: str,
    expression: str,
    at: int,
    values: Mapping[str, _Defined],
    depth: int,
) -> Iterator[_Value]:
    """The string values an expression (at offset ``at`` of the text) may have, each with
    where it is written whole; none when one of its parts is not known here."""
    stripped = expression.strip()
    at += len(expression) - len(expression.lstrip())
    source = text[at : at + len(stripped)]  # (the text as written: strings are blanked)
    if depth > 8 or not stripped:
        return
    if stripped.startswith("[") and stripped.endswith("]"):
        for item, offset in _items(source[1:-1], at + 1):
            yield from _evaluate(text, item, offset, values, depth + 1)
        return
    call = re.fullmatch(r"select_first\(\s*\[([\s\S]*)\]\s*\)", source)
    if call is not None:
        for item, offset in _items(call[1], at + call.start(1)):
            name = item.strip()
            if name in values and not values[name]:
                continue  # (an optional input with no default: not defined here)
            yield from _evaluate(text, item, offset, values, depth + 1)
            return
        return
    parts = _items(source, at, "+")
    if len(parts) > 1:
        joined = _joined(text, parts, values, depth)
        if joined is not None:
            yield joined, None
        return
    if re.fullmatch(_STRING, source):
        value = _interpolated(text, source[1:-1], values, depth)
        if value is not None:
            yield value, (at + 1 if value == source[1:-1] else None)
        return
    if re.fullmatch(r"\w+(?:\.\w+)?", source):
        yield from _lookup(text, source, values, depth)


def _lookup(text: str, name: str, values: Mapping[str, _Defined], depth: int) -> list[_Value]:
    """The values of a name: its expression's, or those its callers give it."""
    defined = values.get(name)
    if isinstance(defined, list):
        return defined
    if defined is None:
        return []
    return list(_evaluate(text, defined[0], defined[1], values, depth + 1))


def _joined(
    text: str,
    parts: list[tuple[str, int]],
    values: Mapping[str, _Defined],
    depth: int,
) -> str | None:
    """The string ``a + b + …`` makes, when each part has one value here."""
    pieces: list[str] = []
    for part, offset in parts:
        found = list(_evaluate(text, part, offset, values, depth + 1))
        if len(found) != 1:
            return None
        pieces.append(found[0][0])
    return "".join(pieces)


def _interpolated(text: str, body: str, values: Mapping[str, _Defined], depth: int) -> str | None:
    """A string's text with its ``~{name}`` placeholders filled in; ``None`` when one has
    no value here."""
    missing = False

    def fill(match: re.Match[str]) -> str:
        nonlocal missing
        found = _lookup(text, match[1], values, depth)
        if len(found) != 1:
            missing = True
            return ""
        return found[0][0]

    filled = _PLACEHOLDER.sub(fill, body)
    return None if missing else filled


def _items(source: str, at: int, separator: str = ",") -> list[tuple[str, int]]:
    """``source`` split at the ``separator`` outside strings, brackets and parentheses, each
    item with its offset."""
    items: list[tuple[str, int]] = []
    depth = 0
    start = 0
    index = 0
    string = re.compile(_STRING)
    while index < len(source):
        char = source[index]
        if char in "\"'":
            found = string.match(source, index)
            index = found.end() if found is not None else index + 1
            continue
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == separator and depth == 0:
            items.append((source[start:index], at + start))
            start = index + 1
        index += 1
    if source[start:].strip():
        items.append((source[start:], at + start))
    return items


def _blanked(text: str) -> str:
    """``text`` with its comments, strings and commands blanked (line breaks kept, offsets
    unchanged): what is left is the structure of the document."""

    def blank(match: re.Match[str]) -> str:
        found = match[0]
        keep = found[0] if found[0] in "\"'" else ""
        inner = "".join(char if char == "\n" else " " for char in found[len(keep) :])
        if keep:
            inner = keep + inner[: -len(keep)] + keep
        return inner

    code = _TOKENS.sub(blank, text)
    while (match := _COMMAND_BRACE.search(code)) is not None:  # ``command { … }``: shell
        inner = _balanced(code, match.end() - 1)
        stop = match.end() + len(inner) if inner is not None else len(code)
        code = (
            code[: match.start()]
            + re.sub(r"[^\n]", " ", code[match.start() : stop + 1])
            + code[stop + 1 :]
        )
    return code


def _balanced(code: str, start: int) -> str | None:
    """The text inside the braces that open at ``start`` of blanked code; ``None`` when they
    do not close."""
    depth = 0
    for match in _BRACES.finditer(code, start):
        depth += 1 if match[0] == "{" else -1
        if depth == 0:
            return code[start + 1 : match.start()]
    return None


#: A brace of blanked code (its strings' braces are blanked).
_BRACES = lazy_pattern(r"[{}]")


def _suppressions(text: str, path: str | None) -> tuple[Suppression, ...]:
    """The ``# tagsense: ignore[…]`` comments of a WDL file (its comments are ``#``)."""
    from .shell import comment_suppressions

    return tuple(comment_suppressions(text.splitlines(), path))
