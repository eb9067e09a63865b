"""Dagger modules and programs: the images their pipelines' containers start from.

A Dagger pipeline is code: a module's functions (``dagger call …``, its ``dagger.json`` naming
the SDK) or a program that connects to the engine builds its containers with the SDK's API,
and the engine pulls the image each container starts from, ``dag.Container().From(IMAGE)``
(Go), ``dag.container().from_(IMAGE)`` (Python) or ``dag.container().from(IMAGE)``
(TypeScript); ``client.Container()`` of a program connected with ``dagger.Connect`` is the
same. A source that imports the SDK (Go's ``"dagger.io/dagger"`` or a module's generated
``"dagger/NAME/internal/dagger"``, Python's ``dagger``, TypeScript's ``@dagger.io/dagger``),
or a Go source of a module's source directory that calls ``dag.Container()`` (whose ``dag``
the module's generated code declares), is read, never run, for the image given as a plain
string literal to ``From`` right after ``Container(…)``. In Go, a function of the file whose
first parameter (a ``string``) is what its container starts ``From`` (``func (p *Pelias)
ContainerFrom(name string) … { dag.Container().From(name)… }``), directly or through another
such function, starts each of its calls' literal first argument
(``p.ContainerFrom("pelias/api:master")``).

A name made at run time (a parameter without a literal caller, a formatted string, a
``Publish`` address) is not read. Each image is an :class:`~tagsense.sources.Occurrence` of
kind ``"dagger"`` at its literal, with ``context`` ``sdk`` (``go``, ``python``,
``typescript``) and ``call`` (``From``, ``from_``, ``from``, or the Go function that forwards
to it).

>>> [o.text for o in module_images('import "dagger.io/dagger"\\n'
...     'c := client.Container().From("golang:1.23")', "ci/main.go")]
['golang:1.23']
>>> module_images('x := Array.from("abc")', "index.ts")
[]
"""

from __future__ import annotations

from ..._lazy import once

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re

    from ...occurrence import Occurrence

__all__ = ["KIND", "MARKERS", "MODULE_FILE", "imports_sdk", "in_module", "module_images"]

#: The ``kind`` of the occurrences.
KIND = "dagger"
#: What a source that uses Dagger says (a quick look before anything else).
MARKERS = ("dagger",)
#: A Dagger module's configuration, at its root.
MODULE_FILE = "dagger.json"


def imports_sdk(text: str, path: str | None) -> str | None:
    """The SDK (``go``, ``python``, ``typescript``) the source ``text`` at ``path`` imports
    Dagger's API from; ``None`` for none."""
    if "dag" not in text:
        return None
    name = path or ""
    if name.endswith(".go"):
        found = '"dagger.io/dagger"' in text or _go_module_import().search(text) is not None
        if not found and "dag.Container(" in text:
            found = in_module(path)  # (``dag`` comes from the module's generated package)
        return "go" if found else None
    if name.endswith(".py"):
        return "python" if _python_import().search(text) is not None else None
    if name.endswith((".ts", ".mts", ".js", ".mjs")):
        return "typescript" if "@dagger.io/dagger" in text else None
    return None


def in_module(path: str | None) -> bool:
    """Whether the source at ``path`` lies in a Dagger module's source directory: the one its
    ``dagger.json`` names as ``"source"`` (``.dagger``), or the ``dagger.json``'s own when it
    names none; the configuration is looked for beside the source and one directory up."""
    if path is None:
        return False
    import os

    directory = os.path.dirname(os.path.abspath(path))
    for root in (directory, os.path.dirname(directory)):
        source = _module_source(os.path.join(root, MODULE_FILE))
        if source is not None and os.path.normpath(os.path.join(root, source)) == directory:
            return True
    return False


def _module_source(config: str) -> str | None:
    """The source directory a module's ``dagger.json`` at ``config`` names (``"."`` when it
    names none); ``None`` when there is no such file, or it is no module's configuration."""
    import json

    try:
        with open(config, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    source = data.get("source", ".")
    return source if isinstance(source, str) else None


def module_images(text: str, path: str | None) -> list[Occurrence]:
    """The images the Dagger pipeline ``text`` (at ``path``) starts its containers from (never
    raises)."""
    sdk = imports_sdk(text, path)
    if sdk is None:
        return []
    from ._node_source import occurrence, without_comments

    code = without_comments(text) if sdk != "python" else _without_python_comments(text)
    found: list[Occurrence] = []
    for match in _from_calls().finditer(code):
        literal = match["lit"]
        if literal is not None and _plain(literal):
            context: dict[str, object] = {"sdk": sdk, "call": match["call"]}
            written = (literal[1:-1], match.start("lit"))
            found.append(occurrence(text, path, written, KIND, context))
    if sdk == "go":
        for call, literal, quote in _forwarded(code):
            context = {"sdk": sdk, "call": call}
            found.append(occurrence(text, path, (literal[1:-1], quote), KIND, context))
    return sorted(found, key=lambda occurrence: (occurrence.line, occurrence.column))


def _plain(literal: str) -> bool:
    """Whether a quoted literal names an image as written: not empty, without an escape or an
    interpolation."""
    body = literal[1:-1]
    return bool(body) and "\\" not in body and "${" not in body and "{" not in body


def _forwarded(code: str) -> list[tuple[str, str, int]]:
    """Go: the calls (the function's name, the literal, its offset) of the file's functions
    whose first ``string`` parameter is what their container starts ``From``."""
    import re

    bodies = {
        match["name"]: (match["param"], code[match.end() : _body_end(code, match.end())])
        for match in _go_functions().finditer(code)
    }
    forwarders: set[str] = set()
    while True:  # (a function that forwards to a forwarder forwards too)
        known = "|".join(re.escape(name) for name in sorted(forwarders))
        added = False
        for name, (param, body) in bodies.items():
            if name in forwarders:
                continue
            direct = rf"\.\s*From\(\s*{re.escape(param)}\s*\)"
            through = rf"(?<![\w])(?:{known})\(\s*{re.escape(param)}\s*[,)]" if known else None
            if re.search(direct, body) or (through and re.search(through, body)):
                forwarders.add(name)
                added = True
        if not added:
            break
    if not forwarders:
        return []
    names = "|".join(re.escape(name) for name in sorted(forwarders))
    calls = re.compile(rf'(?<![\w])(?P<name>{names})\(\s*(?P<lit>"(?:\\.|[^"\\\n])*")\s*[,)]')
    return [
        (match["name"], match["lit"], match.start("lit"))
        for match in calls.finditer(code)
        if _plain(match["lit"])
    ]


def _body_end(code: str, start: int) -> int:
    """Where the body of the top-level Go function whose signature ends at ``start`` ends:
    its closing brace at a line's start (as gofmt writes it), else the text's end."""
    end = code.find("\n}", start)
    return len(code) if end < 0 else end


def _without_python_comments(text: str) -> str:
    """A Python source with its ``#`` comments blanked (offsets unmoved); a ``#`` in a string
    is rare enough on these lines not to matter for a call's literal."""
    import re

    return re.sub(r"(?m)#[^\n'\"]*$", lambda match: " " * len(match[0]), text)


@once
def _from_calls() -> re.Pattern[str]:
    """``Container(…).From("…")`` (``container().from_(…)``, ``container().from(…)``): the
    call right after the container, its argument a literal or anything else."""
    import re

    literal = r""""(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'"""
    return re.compile(
        r"(?<![\w])[Cc]ontainer\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)\s*\.\s*"
        rf"(?P<call>From|from_|from)\(\s*(?:(?P<lit>{literal})\s*[,)])?"
    )


@once
def _go_module_import() -> re.Pattern[str]:
    """A module's import of its generated SDK: ``"dagger/NAME/internal/dagger"``."""
    import re

    return re.compile(r'"dagger/[\w.-]+/internal/dagger"')


@once
def _python_import() -> re.Pattern[str]:
    """``import dagger``, ``from dagger import …`` (``from dagger.mod import …``)."""
    import re

    return re.compile(r"(?m)^\s*(?:import\s+dagger\b|from\s+dagger(?:\.\w+)*\s+import\b)")


@once
def _go_functions() -> re.Pattern[str]:
    """A top-level Go function (or method) whose first parameter is a ``string``, up to the
    brace that opens its body."""
    import re

    return re.compile(
        r"(?m)^func\s*(?:\([^)]*\)\s*)?(?P<name>[A-Za-z_]\w*)\s*\(\s*(?P<param>[A-Za-z_]\w*)"
        r"\s+string\b[^{\n]*\{"
    )
