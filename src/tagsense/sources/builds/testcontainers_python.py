"""Testcontainers for Python: the images a Python project's tests start.

`testcontainers-python <https://testcontainers-python.readthedocs.io/>`_ starts the
containers a test needs (``with PostgresContainer("postgres:16") as db:``) and pulls their
images when it starts them: a project's CI pulls them as surely as its compose files' (feast's
integration tests start 12 images so). A Python source that imports ``testcontainers`` is
parsed with :mod:`ast` (never run) for the containers it starts, and only those:

* A call of a class the file imports from ``testcontainers`` whose name ends in
  ``Container`` (``DockerContainer``, ``PostgresContainer``, ``ServerContainer``…), given its
  image as ``image=`` or as its first argument, when that is a string literal or a constant
  the module assigns once (``IMAGE = "redis:7"``).
* Only a container that is started: the call (with any ``.with_…()`` chained to it) is the
  subject of a ``with``, is ``.start()``-ed, or is given to ``enter_context``; or it is
  assigned to a name (``self.NAME``) that is started so in the same function (in the module).
  A container only made (a unit test of its methods) pulls nothing.

A module's own default image (``PostgresContainer()``) is not in the file, and nothing is
guessed; a name made at run time (an f-string, a parameter) is not read, and neither is a
docstring's example. Sources under a ``docs`` directory are examples, and discovery leaves
them out. Each image is an :class:`~tagsense.sources.Occurrence` of kind
``"testcontainers"`` at its literal, with ``context`` ``tool`` (``testcontainers``) and
``call`` (the class). The reader never raises: a source Python cannot parse gives nothing.
"""

from __future__ import annotations

import ast

from ...occurrence import Occurrence, Scan, SourceError
from ..project import BuildFile
from ._common import MAX_BYTES, read_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence

__all__ = ["KIND", "MARKER", "PYTHON_SUFFIX", "TOOL", "read_python_tests", "scan_python_source"]

#: The ``kind`` of the occurrences (that of Testcontainers for Java's too).
KIND = "testcontainers"
#: The tool named in their context.
TOOL = "testcontainers"
#: What a source that uses the library says (a quick look before any parsing).
MARKER = b"testcontainers"
#: The suffix of the sources read.
PYTHON_SUFFIX = ".py"

_PACKAGE = "testcontainers"
_CLASS_END = "Container"
_STARTS = frozenset({"start"})
_ENTERS = frozenset({"enter_context", "enter_async_context"})
_PLAIN_QUOTES = ('"""', "'''", '"', "'")
#: Where a literal is: its text, its line and column (1-based, of its first character).
_Written = tuple[str, int, int]


def read_python_tests(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The images the Python source at ``path`` has Testcontainers pull (never raises)."""
    text = read_text(path, max_bytes)
    if isinstance(text, SourceError):
        return BuildFile(scan=Scan(errors=(text,)), path=path)
    return BuildFile(scan=scan_python_source(text, path=path), path=path)


def scan_python_source(text: str, *, path: str | None = None) -> Scan:
    """:func:`read_python_tests` of a source's text."""
    if _PACKAGE not in text:
        return Scan()
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return Scan()  # (not Python 3, or not Python: no test of this project runs it)
    try:
        return Scan(_started_images(tree, text.splitlines(), path))
    except RecursionError:  # pragma: no cover - only for absurdly deep expressions
        return Scan()


def _started_images(tree: ast.Module, lines: list[str], path: str | None) -> list[Occurrence]:
    classes = _imported_classes(tree)
    if not classes:
        return []
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    constants = _constants(tree, lines)
    found: dict[_Written, Occurrence] = {}
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call):
            continue
        cls = classes.get(_dotted(call.func) or "")
        if cls is None:
            continue
        written = _image(call, lines, constants)
        if written is None or written in found or not _is_started(call, parents, tree):
            continue
        image, line, column = written
        found[written] = Occurrence.of_text(
            path=path,
            line=line,
            column=column,
            kind=KIND,
            raw=image,
            text=image,
            context={"tool": TOOL, "call": cls},
        )
    return sorted(found.values(), key=lambda occurrence: (occurrence.line, occurrence.column))


def _imported_classes(tree: ast.Module) -> dict[str, str]:
    """The container classes the module imports from the library: the name it calls each by
    (``PostgresContainer``; ``pg.PostgresContainer`` when it imports the module as ``pg``),
    and the class's own name."""
    names: dict[str, str] = {}
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and _is_library(node.module):
            for alias in node.names:
                if alias.name.endswith(_CLASS_END):
                    names[alias.asname or alias.name] = alias.name
                elif alias.name != "*":
                    modules.add(alias.asname or alias.name)  # (a module of the package)
        elif isinstance(node, ast.Import):
            modules.update(
                alias.asname or alias.name for alias in node.names if _is_library(alias.name)
            )
    for node in ast.walk(tree):
        dotted = _dotted(node) if isinstance(node, ast.Attribute) else None
        module, _, name = (dotted or "").rpartition(".")
        if module in modules and name.endswith(_CLASS_END):
            names[dotted or ""] = name
    return names


def _is_library(module: str | None) -> bool:
    return module is not None and (module == _PACKAGE or module.startswith(f"{_PACKAGE}."))


def _dotted(node: ast.expr) -> str | None:
    """``a.b.c`` of a chain of names, else ``None``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return None if base is None else f"{base}.{node.attr}"
    return None


def _image(call: ast.Call, lines: list[str], constants: Mapping[str, _Written]) -> _Written | None:
    """The image a container's call is given: ``image=``, else its first argument."""
    given = next((keyword.value for keyword in call.keywords if keyword.arg == "image"), None)
    if given is None and call.args and not isinstance(call.args[0], ast.Starred):
        given = call.args[0]
    if isinstance(given, ast.Name):
        return constants.get(given.id)
    if isinstance(given, ast.Constant):
        return _literal(given, lines)
    return None


def _literal(node: ast.Constant, lines: list[str]) -> _Written | None:
    """A string literal's text and where it is, when it is written as it means: one plain
    literal on one line (no escape, prefix or implicit concatenation)."""
    value = node.value
    if not isinstance(value, str) or not value or node.end_lineno != node.lineno:
        return None
    line = lines[node.lineno - 1] if 0 < node.lineno <= len(lines) else ""
    encoded = line.encode()
    start = len(encoded[: node.col_offset].decode(errors="replace"))
    end = len(encoded[: node.end_col_offset].decode(errors="replace"))
    written = line[start:end]
    quote = next((mark for mark in _PLAIN_QUOTES if written.startswith(mark)), None)
    if quote is None or written != f"{quote}{value}{quote}":
        return None
    return value, node.lineno, start + len(quote) + 1


def _constants(tree: ast.Module, lines: list[str]) -> dict[str, _Written]:
    """The module's names assigned a string literal, once each."""
    seen: dict[str, _Written | None] = {}
    for statement in tree.body:
        for name, value in _assignments(statement):
            literal = _literal(value, lines) if isinstance(value, ast.Constant) else None
            seen[name] = literal if name not in seen else None  # (twice: which one is not known)
    return {name: value for name, value in seen.items() if value is not None}


def _assignments(statement: ast.stmt) -> Iterator[tuple[str, ast.expr | None]]:
    if isinstance(statement, ast.Assign):
        for target in statement.targets:
            for name in ast.walk(target):
                if isinstance(name, ast.Name):
                    single = isinstance(target, ast.Name)
                    yield name.id, statement.value if single else None
    elif isinstance(statement, ast.AnnAssign | ast.AugAssign) and isinstance(
        statement.target, ast.Name
    ):
        plain = isinstance(statement, ast.AnnAssign)
        yield statement.target.id, statement.value if plain else None


def _chain_top(node: ast.expr, parents: Mapping[ast.AST, ast.AST]) -> ast.expr:
    """The end of the method chain ``node`` begins (``X(…).with_env(…).with_command(…)``), up
    to a ``.start()`` (left out: see :func:`_is_started`)."""
    while True:
        attribute = parents.get(node)
        call = parents.get(attribute) if attribute is not None else None
        if not (
            isinstance(attribute, ast.Attribute)
            and isinstance(call, ast.Call)
            and call.func is attribute
            and attribute.attr not in _STARTS
        ):
            return node
        node = call


def _is_started(call: ast.Call, parents: Mapping[ast.AST, ast.AST], tree: ast.Module) -> bool:
    top = _chain_top(call, parents)
    if _starts(top, parents):
        return True
    holder = parents.get(top)
    if isinstance(holder, ast.Assign | ast.AnnAssign) and holder.value is top:
        targets = holder.targets if isinstance(holder, ast.Assign) else [holder.target]
        scope = tree if _is_attribute(targets) else _scope(holder, parents)
        return any(_is_held_started(target, scope, parents) for target in targets)
    return False


def _starts(node: ast.expr, parents: Mapping[ast.AST, ast.AST]) -> bool:
    """Whether ``node`` is started where it is: ``with node``, ``node.start()``,
    ``stack.enter_context(node)``."""
    holder = parents.get(node)
    if isinstance(holder, ast.withitem) and holder.context_expr is node:
        return True
    if isinstance(holder, ast.Attribute) and holder.attr in _STARTS:
        return isinstance(parents.get(holder), ast.Call)
    if isinstance(holder, ast.Call) and node in holder.args:
        return isinstance(holder.func, ast.Attribute) and holder.func.attr in _ENTERS
    return False


def _is_attribute(targets: Sequence[ast.expr]) -> bool:
    return any(isinstance(target, ast.Attribute) for target in targets)


def _scope(node: ast.AST, parents: Mapping[ast.AST, ast.AST]) -> ast.AST:
    """The function (or module) ``node`` is in."""
    scope = parents.get(node)
    while scope is not None and not isinstance(
        scope, ast.FunctionDef | ast.AsyncFunctionDef | ast.Module
    ):
        scope = parents.get(scope)
    return scope if scope is not None else node


def _is_held_started(target: ast.expr, scope: ast.AST, parents: Mapping[ast.AST, ast.AST]) -> bool:
    """Whether what ``target`` (a name, or ``self.NAME``) holds is started in ``scope``."""
    name = _held_name(target)
    if name is None:
        return False
    return any(
        isinstance(node, ast.Name | ast.Attribute)
        and node is not target
        and isinstance(node.ctx, ast.Load)
        and _held_name(node) == name
        and _starts(_chain_top(node, parents), parents)
        for node in ast.walk(scope)
    )


def _held_name(node: ast.expr) -> str | None:
    """``NAME`` of a name, ``.NAME`` of ``self.NAME`` (any object's attribute)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return f".{node.attr}"
    return None
