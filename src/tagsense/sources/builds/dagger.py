"""Dagger: the images a Dagger pipeline (Go, Python, TypeScript) starts its containers from.

`Dagger <https://docs.dagger.io/>`_ runs a project's build and test steps in containers that a
Go program (the ``dagger.io/dagger`` SDK, or a Dagger module's generated
``…/internal/dagger`` package) describes as a chain of calls: ``client.Container().
From("golang:1.26-alpine")`` pulls that image when ``dagger run`` or ``dagger call`` runs the
function (flipt-io/flipt's build module starts gitea, vault, localstack and 11 more images so:
survey 36c). A Go source that imports the SDK is read for the literal address given to a
container's ``From``, and only there: a ``.From("…")`` call whose receiver is a chain with a
``Container(…)`` call (``dag.Container().From``, ``client.Container(opts).From``), or a name
the file declares as a ``*dagger.Container`` or assigns from such a chain (``golang :=
dag.Container(…)`` and, later, ``golang.From("golang:1.26-alpine")``). An address made at run
time (``fmt.Sprintf``) is not read, and nothing is guessed. The SDK's own generated
sources (``dagger.gen.go``) are not read. A Go source of a module's source directory (the one
its ``dagger.json`` names as ``"source"``, ``.dagger``) that calls ``dag.Container()`` is read
too: its ``dag`` is the module's generated package's, which it need not import. A function of
the file whose first parameter (a ``string``) is what its container starts ``From`` (headway's
``func (p *Pelias) PeliasContainerFrom(containerName string) … { dag.Container().
From(containerName)… }``), directly or through another such function, starts each of its
calls' literal first argument (``p.PeliasContainerFrom("pelias/whosonfirst:master")``: survey
36a).

The Python SDK (``import dagger``, ``from dagger import dag``) is read the same way for
``dag.container().from_("…")`` (a literal, or a constant the module assigns once), and the
TypeScript SDK (``@dagger.io/dagger``) for ``dag.container().from("…")``: on a chain with a
``container(…)`` call only, as ``Array.from`` is no container's.

Each image is an :class:`~tagsense.sources.Occurrence` of kind ``"dagger"`` at its literal,
with ``context`` ``tool`` (``dagger``) and ``call`` (``Container.From``). The reader never
raises.
"""

from __future__ import annotations

from ..._lazy import lazy_pattern, once
from ..._offsets import line_column

TYPE_CHECKING = False
if TYPE_CHECKING:
    import ast
    import re
    from collections.abc import Mapping, Sequence

    from ...occurrence import Occurrence
    from ._go_source import GoFile, Value
    from ._node_source import Written

__all__ = [
    "KIND",
    "MARKERS",
    "MODULE_FILE",
    "NODE_MARKERS",
    "PYTHON_MARKERS",
    "TOOL",
    "container_images",
    "in_module",
    "is_dagger_go",
    "node_container_images",
    "python_container_images",
]

#: The ``kind`` of the occurrences.
KIND = "dagger"

#: The tool named in their context.
TOOL = "dagger"

#: What a Go source that imports Dagger's SDK says: the SDK's import path, or the package a
#: Dagger module generates for itself (``"go.flipt.io/build/internal/dagger"``).
MARKERS = ('"dagger.io/dagger"', '/internal/dagger"')
#: A Dagger module's configuration, at its root.
MODULE_FILE = "dagger.json"
#: What a Python source that imports the SDK says.
PYTHON_MARKERS = ("import dagger", "from dagger")
#: What a JavaScript or TypeScript source that imports the SDK says.
NODE_MARKERS = ('"@dagger.io/dagger"', "'@dagger.io/dagger'")


def container_images(
    text: str, path: str | None, siblings: Sequence[GoFile] = ()
) -> list[Occurrence]:
    """The images the Go source ``text`` has Dagger start containers from; ``siblings``: the
    other files of its package, whose constants it may name (never raises)."""
    if not is_dagger_go(text, path):
        return []
    from .iac_node import is_generated

    if is_generated(text):
        return []  # (the SDK's dagger.gen.go declares From; it calls none)
    from ._go_source import go_file, package_values

    file = go_file(text, path)
    code = file.code
    known: Mapping[str, Value] | None = None
    found: dict[tuple[int, int], Occurrence] = {}
    for match in _FROM_CALL.finditer(code):
        if not _is_container(code, match.start()):
            continue
        written: tuple[str, int] | tuple[str, int, int] | None
        if match["lit"] is not None:
            body = match["lit"][1:-1]
            written = (body, match.start("lit")) if _as_written(body) else None
        else:
            if known is None:
                known = package_values([file, *siblings])
            written = _named(file, match["id"], match.start("id"), known)
        if written is not None:
            occurrence = _placed(file, written)
            found.setdefault((occurrence.line, occurrence.column), occurrence)
    for call, body, quote in _forwarded(code):
        occurrence = _placed(file, (body, quote), call)
        found.setdefault((occurrence.line, occurrence.column), occurrence)
    return sorted(found.values(), key=lambda each: (each.line, each.column))


#: A verb of Go's fmt (``%s``, ``%v``, ``%[1]s``, ``%q``): the text is a format, not a value.
_VERB = lazy_pattern(r"%(?:\[\d+\])?[-+# 0]*\d*[svqdx]")


def _as_written(body: str) -> bool:
    """Whether a ``From("…")`` literal is the image as written: not one a test's module source
    splices in (dagger/dagger's ``core/integration`` tests write modules in raw strings:
    ``From("` + alpineImage + `")``, a concatenation, and ``From("%s")``, which ``fmt.Sprintf``
    fills: 7 false TS012 in survey s40b), nor one with an escape."""
    return bool(body) and "\\" not in body and "`" not in body and _VERB.search(body) is None


def is_dagger_go(text: str, path: str | None) -> bool:
    """Whether the Go source ``text`` (at ``path``) describes a Dagger pipeline: it imports
    the SDK, or it calls ``dag.Container()`` in a module's source directory."""
    if any(marker in text for marker in MARKERS):
        return True
    return "dag.Container(" in text and in_module(path)


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


def _forwarded(code: str) -> list[tuple[str, str, int]]:
    """The calls (the function's name, the address, its quote's offset) of the file's
    functions whose first ``string`` parameter is what their container starts ``From``."""
    import re

    bodies = {
        match["name"]: (match["param"], code[match.end() : _body_end(code, match.end())])
        for match in _GO_FUNCTIONS.finditer(code)
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
        (match["name"], match["lit"][1:-1], match.start("lit"))
        for match in calls.finditer(code)
        if match["lit"][1:-1] and "\\" not in match["lit"]
    ]


def _body_end(code: str, start: int) -> int:
    """Where the body of the top-level Go function whose signature ends at ``start`` ends:
    its closing brace at a line's start (as gofmt writes it), else the text's end."""
    end = code.find("\n}", start)
    return len(code) if end < 0 else end


#: A top-level Go function (or method) whose first parameter is a ``string``, up to the
#: brace that opens its body.
_GO_FUNCTIONS = lazy_pattern(
    r"(?m)^func\s*(?:\([^)]*\)\s*)?(?P<name>[A-Za-z_]\w*)\s*\(\s*(?P<param>[A-Za-z_]\w*)"
    r"\s+string\b[^{\n]*\{"
)


def _named(
    file: GoFile, name: str, at: int, known: Mapping[str, Value]
) -> tuple[str, int] | tuple[str, int, int] | None:
    """The address a name given to ``From`` stands for: a constant (a variable assigned once)
    of the package or the function, as (text, quote) when this file writes it, else (text,
    -1, at); or the ``// +default="…"`` a Dagger module's function gives its parameter,
    which ``dagger call`` uses when the caller gives none."""
    from ._go_source import resolve

    scope = next((each for each in file.functions if each[0] <= at < each[1]), None)
    value = resolve(file, name, at, scope, known)
    if value is not None and value.plain and value.text:
        if value.path == file.path:
            return value.text, value.quote
        return value.text, -1, at
    if scope is None or not _NAMES.fullmatch(name):
        return None
    import re

    signature = file.text[scope[0] : file.code.find("{", scope[0], scope[1])]
    pattern = (
        r'//\s*\+default\s*=\s*(?P<lit>"(?:[^"\\\n]|\\.)*")[^\n]*\n'  # (the pragma,)
        rf"(?:\s*//[^\n]*\n)*\s*{re.escape(name)}\s+\*?string\b"  # (then the parameter)
    )
    default = re.search(pattern, signature)
    if default is None or not default["lit"][1:-1] or "\\" in default["lit"]:
        return None
    return default["lit"][1:-1], scope[0] + default.start("lit")


def _placed(
    file: GoFile, written: tuple[str, int] | tuple[str, int, int], call: str = "Container.From"
) -> Occurrence:
    """The occurrence of an address: at its literal (its quote's offset), or at the name that
    gives it (another file's constant); ``call``: the function given it."""
    from ._node_source import occurrence

    context: dict[str, object] = {"tool": TOOL, "call": call}
    if len(written) == 3:
        from ...occurrence import Occurrence

        name, _unused, at = written
        line, column = line_column(file.text, at)
        end = at
        while end < len(file.code) and (file.code[end].isalnum() or file.code[end] in "_."):
            end += 1
        raw = file.text[at:end]
        return Occurrence.of_text(
            path=file.path, line=line, column=column, kind=KIND, raw=raw, text=name,
            context=context,
        )  # fmt: skip
    return occurrence(file.text, file.path, (written[0], written[1]), KIND, context)


def python_container_images(
    tree: ast.Module, lines: list[str], path: str | None, parents: Mapping[ast.AST, ast.AST]
) -> list[Occurrence]:
    """The images a Python module has Dagger start containers from: ``.from_(…)`` on a chain
    with a ``container(…)`` call (never raises)."""
    import ast

    from ...occurrence import Occurrence
    from ._python_source import constants, value

    if not _imports_dagger(tree):
        return []
    known = constants(tree, lines)
    found: list[Occurrence] = []
    for call in ast.walk(tree):
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)):
            continue
        if call.func.attr != "from_" or not _python_chain_has_container(call.func.value):
            continue
        given = (
            call.args[0]
            if call.args
            else next((item.value for item in call.keywords if item.arg == "address"), None)
        )
        written = value(given, lines, known)
        if written is None or not written[0]:
            continue
        found.append(
            Occurrence.of_text(
                path=path,
                line=written[1],
                column=written[2],
                kind=KIND,
                raw=written[0],
                text=written[0],
                context={"tool": TOOL, "call": "Container.From"},
            )
        )
    found.sort(key=lambda each: (each.line, each.column))
    return found


def _imports_dagger(tree: ast.Module) -> bool:
    import ast

    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(
            alias.name.partition(".")[0] == "dagger" for alias in node.names
        ):
            return True
        if (
            isinstance(node, ast.ImportFrom)
            and not node.level
            and (node.module or "").partition(".")[0] == "dagger"
        ):
            return True
    return False


def _python_chain_has_container(node: ast.expr) -> bool:
    """Whether the receiver chain ``node`` has a ``container(…)`` call (``dag.container()``,
    ``client.container().with_…``)."""
    import ast

    while isinstance(node, ast.Call | ast.Attribute):
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute) and node.func.attr == "container":
                return True
            node = node.func
        else:
            node = node.value
    return False


def node_container_images(
    text: str, code: str, path: str | None, known: dict[str, Written]
) -> list[Occurrence]:
    """The images a JavaScript or TypeScript source (``code``: without its comments; ``known``:
    its constants) has Dagger start containers from: ``.from(…)`` on a chain with a
    ``container(…)`` call (never raises)."""
    if not any(marker in code for marker in NODE_MARKERS):
        return []
    from ._node_source import literal, occurrence

    found: list[Occurrence] = []
    for match in _node_from_call().finditer(code):
        if "container" not in _chain(code, match.start())[0]:
            continue
        if match["lit"] is not None:
            written = literal(match["lit"], match.start("lit"))
        else:
            written = known.get(match["id"])
        if written is None or not written[0]:
            continue
        context: dict[str, object] = {"tool": TOOL, "call": "Container.From"}
        found.append(occurrence(text, path, written, KIND, context))
    return found


def _is_container(code: str, dot: int) -> bool:
    """Whether the receiver that ends before the ``.`` at ``dot`` is a Dagger container: a
    chain with a ``Container(…)`` call, or a name the file makes one."""
    names, root = _chain(code, dot)
    if "Container" in names:
        return True
    if root is None:
        return False
    import re

    declared = re.compile(
        rf"(?<![\w.]){re.escape(root)}\s+\*\s*(?:\w+\.)?Container\b"  # (a parameter, a var)
        rf"|(?<![\w.]){re.escape(root)}\s*:?=\s*[\w.\s]*?\.\s*Container\s*\("
    )
    return declared.search(code) is not None


def _chain(code: str, dot: int) -> tuple[list[str], str | None]:
    """The names of the calls of the chain that ends before ``dot`` (``client.Container(x)``
    gives ``["Container", "client"]``), and the name it starts with when that is a plain
    name (``None`` when it starts with a call's result or anything else)."""
    names: list[str] = []
    index = dot
    while True:
        index = _skip_space_back(code, index)
        called = index > 0 and code[index - 1] == ")"
        if called:
            index = _opening(code, index - 1)
            if index < 0:
                return names, None
            index = _skip_space_back(code, index)
        end = index
        while index > 0 and (code[index - 1].isalnum() or code[index - 1] == "_"):
            index -= 1
        name = code[index:end]
        if not name:
            return names, None
        names.append(name)
        before = _skip_space_back(code, index)
        if before > 0 and code[before - 1] == ".":
            index = before - 1
            continue
        return names, None if called else name


def _skip_space_back(code: str, index: int) -> int:
    while index > 0 and code[index - 1].isspace():
        index -= 1
    return index


def _opening(code: str, close: int) -> int:
    """The offset of the ``(`` that the ``)`` at ``close`` closes, ``-1`` when there is none
    (string literals are skipped only as brackets' contents: an address has no parenthesis)."""
    depth = 0
    for index in range(close, -1, -1):
        char = code[index]
        if char == ")":
            depth += 1
        elif char == "(":
            depth -= 1
            if depth == 0:
                return index
    return -1


#: A chained ``.From(…)`` call whose one argument is a string literal or a name
#: (``pkg.Name`` too).
_FROM_CALL = lazy_pattern(
    r'\.\s*From\s*\(\s*(?:(?P<lit>"(?:[^"\\\n]|\\.)*")'
    r"|(?P<id>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?))\s*\)"
)


_NAMES = lazy_pattern(r"[A-Za-z_]\w*")


@once
def _node_from_call() -> re.Pattern[str]:
    """A chained ``.from("…")`` (or ``.from(NAME)``) call with one argument."""
    import re

    from ._node_source import LITERAL, NAME

    return re.compile(rf"\.\s*from\s*\(\s*(?:(?P<lit>{LITERAL})|(?P<id>{NAME}))\s*\)")
