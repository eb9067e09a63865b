"""The value a name of a test's code holds when it is a pytest option's, as pytest gives it.

A fixture that reads a command-line option of the project's tests
(``version = request.config.getoption("--postgres-version")``, ``pytestconfig.getoption(…)``)
gets, when the tests run as written (``pytest``, no such option given), the ``default`` the
``parser.addoption(…)`` of a ``conftest.py`` declares for it (pytest's documentation, "How to
use the config object": ``getoption`` accepts the option, ``--name``, or its ``dest``,
``name``). SigNoz's fixtures start ``f"postgres:{version}"`` so (survey 38e). The conftest
files read are those of the source's directory and its parents (pytest loads each conftest
on the way from its root to a test), up to the repository's root; only when a name needs one.
"""

from __future__ import annotations

import ast
import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    from ._python_source import Written

__all__ = ["assigned_in_function", "forget", "image_value", "option_default", "option_read"]

_GETTERS = frozenset({"getoption", "getvalue"})
_ADDERS = frozenset({"addoption"})  # (the parser's, or a group's of it)
_CONFTEST = "conftest.py"
_MOST_PARENTS = 12
#: Each conftest's option defaults, once a scan (every fixture of a package reads the same).
_DEFAULTS: dict[str, dict[str, set[str]]] = {}


def forget() -> None:
    """Start afresh: the next scan reads the conftest files as they are then."""
    _DEFAULTS.clear()


def image_value(
    node: ast.expr | None,
    lines: list[str],
    known: Mapping[str, Written],
    parents: Mapping[ast.AST, ast.AST],
    path: str | None,
) -> Written | None:
    """What a call is given as its image: a literal, a module constant (see
    ``._python_source.value``), or an f-string on one line whose every field is a name
    Python gives a known value: the module's constant, or a fixture's local that reads a
    pytest option (the default its conftest gives)."""
    from ._python_source import formatted, value

    if not isinstance(node, ast.JoinedStr):
        return value(node, lines, known)

    def name_value(name: ast.Name) -> str | None:
        local, assigned = assigned_in_function(name, parents)
        if not local:
            return known[name.id][0] if name.id in known else None
        option = option_read(assigned)
        return option_default(path, option) if option is not None else None

    return formatted(node, lines, name_value)


def assigned_in_function(
    name: ast.Name, parents: Mapping[ast.AST, ast.AST]
) -> tuple[bool, ast.expr | None]:
    """Whether a function around ``name`` assigns it (the innermost that does), and what
    it assigns when it does so once with ``NAME = …`` (``None`` otherwise: which one is not
    known)."""
    scope = parents.get(name)
    while scope is not None:
        if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            values = [value for target, value in _stores(scope) if target == name.id]
            if values or _is_parameter(scope, name.id):
                single = len(values) == 1 and not _is_parameter(scope, name.id)
                return True, values[0] if single else None
        scope = parents.get(scope)
    return False, None


def option_read(value: ast.expr | None) -> str | None:
    """The option a value reads: ``….getoption("--name")`` (a literal, no default of its
    own), as pytest names it (its ``dest``)."""
    if not (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and value.func.attr in _GETTERS
        and len(value.args) == 1
        and not value.keywords
        and isinstance(value.args[0], ast.Constant)
        and isinstance(value.args[0].value, str)
    ):
        return None
    return _dest(value.args[0].value)


def option_default(path: str | None, dest: str) -> str | None:
    """The default the project's conftest files give the option (as text, as an f-string
    puts it in); ``None`` when none gives one, or two give different ones."""
    if path is None:
        return None
    found: set[str] = set()
    for conftest in _conftests(os.path.dirname(os.path.abspath(path))):
        found.update(_defaults(conftest).get(dest, ()))
    return next(iter(found)) if len(found) == 1 else None


def _conftests(directory: str) -> list[str]:
    """The conftest files of ``directory`` and its parents, up to the repository's root."""
    found: list[str] = []
    for _ in range(_MOST_PARENTS):
        candidate = os.path.join(directory, _CONFTEST)
        if os.path.isfile(candidate):
            found.append(candidate)
        parent = os.path.dirname(directory)
        if parent == directory or os.path.exists(os.path.join(directory, ".git")):
            break
        directory = parent
    return found


def _defaults(path: str) -> dict[str, set[str]]:
    """The defaults a conftest's ``addoption`` calls declare, by ``dest`` (once a scan)."""
    found = _DEFAULTS.get(path)
    if found is None:
        found = _DEFAULTS[path] = _read_defaults(path)
    return found


def _read_defaults(path: str) -> dict[str, set[str]]:
    from ._python_source import parsed

    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            tree = parsed(handle.read())
    except OSError:
        return {}
    found: dict[str, set[str]] = {}
    for call in ast.walk(tree) if tree is not None else ():
        if not (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr in _ADDERS
        ):
            continue
        keywords = {keyword.arg: keyword.value for keyword in call.keywords}
        default = keywords.get("default")
        text = _constant_text(default) if default is not None else None
        if text is None:
            continue
        dest = keywords.get("dest")
        names = [arg.value for arg in call.args if isinstance(arg, ast.Constant)]
        if isinstance(dest, ast.Constant) and isinstance(dest.value, str):
            names.append(dest.value)
        for option in names:
            if isinstance(option, str):
                found.setdefault(_dest(option), set()).add(text)
    return found


def _constant_text(node: ast.expr) -> str | None:
    """A literal default as ``str()`` makes it (``15`` → ``"15"``); ``None`` for another."""
    if not isinstance(node, ast.Constant) or isinstance(node.value, bool):
        return None
    return str(node.value) if isinstance(node.value, str | int | float) else None


def _dest(option: str) -> str:
    """argparse's ``dest`` of an option: ``--postgres-version`` → ``postgres_version``."""
    return option.lstrip("-").replace("-", "_")


def _stores(function: ast.AST) -> list[tuple[str, ast.expr | None]]:
    """The names a function assigns (not those of the functions in it), with the value of a
    plain ``NAME = …``."""
    found: list[tuple[str, ast.expr | None]] = []
    todo = list(ast.iter_child_nodes(function))
    while todo:
        node = todo.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            continue
        if isinstance(node, ast.Assign):
            single = len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
            for target in node.targets:
                found.extend(
                    (item.id, node.value if single else None)
                    for item in ast.walk(target)
                    if isinstance(item, ast.Name)
                )
            todo.append(node.value)
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            found.append((node.id, None))  # (a loop's, a with's, a walrus's…: not one value)
            continue
        todo.extend(ast.iter_child_nodes(node))
    return found


def _is_parameter(function: ast.AST, name: str) -> bool:
    arguments = getattr(function, "args", None)
    if not isinstance(arguments, ast.arguments):
        return False
    every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    every += [item for item in (arguments.vararg, arguments.kwarg) if item is not None]
    return any(argument.arg == name for argument in every)
