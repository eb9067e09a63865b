"""What the readers of Python sources share (testcontainers-python's, the Docker SDKs'): the
string literals and module constants a source names images with, read from its :mod:`ast`.

Only what is written as it means is read: one plain literal on one line (no escape, prefix or
implicit concatenation), or a name the module assigns such a literal once.
"""

from __future__ import annotations

import ast

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

__all__ = [
    "Written",
    "constants",
    "dotted",
    "environment_default",
    "formatted",
    "literal",
    "parsed",
    "value",
]

#: Where a literal is: its text, its line and column (1-based, of its first character).
Written = tuple[str, int, int]

_PLAIN_QUOTES = ('"""', "'''", '"', "'")


def parsed(text: str) -> ast.Module | None:
    """The source's tree; ``None`` for one Python 3 cannot parse (no test of the project runs
    it)."""
    import warnings

    try:
        with warnings.catch_warnings():
            # (a project's "\d" in a string is its own business: no SyntaxWarning on our stderr)
            warnings.simplefilter("ignore")
            return ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def value(node: ast.expr | None, lines: list[str], known: Mapping[str, Written]) -> Written | None:
    """A literal's text and place, or the constant's a name stands for, or the literal
    default of an environment variable read in place (``os.environ.get("IMAGE",
    "mysql:8.0")``: what Python gives when the run does not set it, see
    :func:`environment_default`); ``None`` for another."""
    if isinstance(node, ast.Name):
        return known.get(node.id)
    if isinstance(node, ast.Call):
        node = environment_default(node)
    if isinstance(node, ast.Constant):
        return literal(node, lines)
    return None


def formatted(
    node: ast.JoinedStr, lines: list[str], name_value: Callable[[ast.Name], str | None]
) -> Written | None:
    """An f-string on one line whose every field is a plain name (``f"postgres:{VERSION}"``)
    with each name's value put in, as Python makes it; ``None`` when a field is anything else
    (an expression, a conversion, a format) or ``name_value`` does not know its name."""
    if node.end_lineno != node.lineno or not 0 < node.lineno <= len(lines):
        return None
    line = lines[node.lineno - 1]
    encoded = line.encode()
    start = len(encoded[: node.col_offset].decode(errors="replace"))
    written = line[start : len(encoded[: node.end_col_offset].decode(errors="replace"))]
    quote = written[1:2]
    if written[:1] not in ("f", "F") or quote not in ('"', "'") or written[2:3] == quote:
        return None  # (another prefix, or a triple quote)
    if "\\" in written or "{{" in written or "}}" in written:
        return None  # (an escape, a doubled brace: not written as it means)
    parts: list[str] = []
    for part in node.values:
        if isinstance(part, ast.Constant) and isinstance(part.value, str):
            parts.append(part.value)
            continue
        if not (
            isinstance(part, ast.FormattedValue)
            and isinstance(part.value, ast.Name)
            and part.conversion == -1
            and part.format_spec is None
        ):
            return None
        given = name_value(part.value)
        if given is None:
            return None
        parts.append(given)
    return "".join(parts), node.lineno, start + 3


def dotted(node: ast.expr) -> str | None:
    """``a.b.c`` of a chain of names, else ``None``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted(node.value)
        return None if base is None else f"{base}.{node.attr}"
    return None


def literal(node: ast.Constant, lines: list[str]) -> Written | None:
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


def constants(tree: ast.Module, lines: list[str]) -> dict[str, Written]:
    """The module's names assigned a string literal, once each; or the literal default of
    the environment's value (``VERSION = os.getenv("VERSION", "8.396.18")``, see
    :func:`environment_default`)."""
    seen: dict[str, Written | None] = {}
    for statement in tree.body:
        for name, assigned in _assignments(statement):
            if isinstance(assigned, ast.Call):
                assigned = environment_default(assigned)
            written = literal(assigned, lines) if isinstance(assigned, ast.Constant) else None
            seen[name] = written if name not in seen else None  # (twice: which one is not known)
    return {name: written for name, written in seen.items() if written is not None}


#: The calls that read the environment with a default: ``os.getenv(NAME, DEFAULT)`` and
#: ``os.environ.get(NAME, DEFAULT)`` (and their names imported from ``os``).
_ENVIRONMENT_GETS = frozenset({"os.getenv", "getenv", "os.environ.get", "environ.get"})


def environment_default(call: ast.Call) -> ast.Constant | None:
    """The literal default of a call that reads one environment variable: Python gives it
    when the run's environment does not set the variable (``os.getenv(key, default)``, docs.
    python.org/3/library/os.html#os.getenv), as a shell gives ``${NAME:-default}``. marqo's
    ``scripts/vespa_local/vespa_local.py``, which its CI runs, says ``VESPA_VERSION=os.getenv(
    'VESPA_VERSION', '8.396.18')`` and then ``os.system(… f"vespaengine/vespa:{VESPA_VERSION}")``
    (survey s49f). ``None`` for any other call, a name that is not a literal, a default that is
    not a string literal."""
    name = dotted(call.func)
    if name not in _ENVIRONMENT_GETS or call.keywords or len(call.args) != 2:
        return None
    key, default = call.args
    if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
        return None
    if not (isinstance(default, ast.Constant) and isinstance(default.value, str)):
        return None
    return default


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
