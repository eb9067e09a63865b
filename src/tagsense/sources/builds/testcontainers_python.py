"""Testcontainers for Python: the images a Python project's tests start.

`testcontainers-python <https://testcontainers-python.readthedocs.io/>`_ starts the
containers a test needs (``with PostgresContainer("postgres:16") as db:``) and pulls their
images when it starts them: a project's CI pulls them as surely as its compose files' (feast's
integration tests start 12 images so). A Python source that imports ``testcontainers`` is
parsed with :mod:`ast` (never run) for the containers it starts, and only those:

* A call of a class the file imports from ``testcontainers`` (or from another package's
  module named for it: python-wiremock's ``wiremock.testing.testcontainer``) whose name ends in
  ``Container`` (``DockerContainer``, ``PostgresContainer``, ``ServerContainer``…), given its
  image as ``image=`` or as its first argument, when that is a string literal or a constant
  the module assigns once (``IMAGE = "redis:7"``), or an f-string on one line whose every
  field is such a constant or a fixture's local that reads a pytest option
  (``f"postgres:{version}"`` after ``version = request.config.getoption("--pg-version")``:
  the default the project's ``conftest.py`` gives the option, as ``pytest`` runs the tests).
* A call of the module's own subclass of such a class (``class _CH(DockerContainer)``, or of
  such a subclass): the image its ``__init__`` passes on to the base's
  (``super().__init__(image)``), where that is a parameter of its ``__init__``, the call's
  argument for it, else the parameter's default (``def __init__(self, image="ch:24.3")``,
  started as ``_CH()``); a subclass without an ``__init__`` takes its image as its base does.
* Only a container that is started: the call (with any ``.with_…()`` chained to it) is the
  subject of a ``with``, is ``.start()``-ed, or is given to ``enter_context``; or it is
  assigned to a name (``self.NAME``) that is started so in the same function (in the module).
  A container only made (a unit test of its methods) pulls nothing.

A module's own default image (``PostgresContainer()``) is not in the file, and nothing is
guessed; a name made at run time (another f-string, a parameter) is not read, and neither is a
docstring's example. Each image is an :class:`~tagsense.sources.Occurrence` of kind
``"testcontainers"`` at its literal, with ``context`` ``tool`` (``testcontainers``) and
``call`` (the class). ``.python`` reads the sources.
"""

from __future__ import annotations

import ast

from ...occurrence import Occurrence
from ._pytest_options import image_value
from ._python_source import Written, constants, dotted

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

__all__ = ["KIND", "TOOL", "started_images"]

#: The ``kind`` of the occurrences (that of Testcontainers for Java's too).
KIND = "testcontainers"
#: The tool named in their context.
TOOL = "testcontainers"

_PACKAGE = "testcontainers"
#: The names of the modules that hold testcontainers' containers: the package's own, and
#: another package's module named for it.
_PLUGIN_MODULES = frozenset({_PACKAGE, "testcontainer"})
_CLASS_END = "Container"
_STARTS = frozenset({"start"})
_ENTERS = frozenset({"enter_context", "enter_async_context"})


def started_images(
    tree: ast.Module,
    lines: list[str],
    path: str | None,
    parents: Mapping[ast.AST, ast.AST],
) -> list[Occurrence]:
    """The images of the containers the module starts (see the module)."""
    classes = _imported_classes(tree)
    if not classes:
        return []
    subclasses = _subclasses(tree, classes)
    known = constants(tree, lines)
    found: dict[Written, Occurrence] = {}
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call):
            continue
        called = dotted(call.func) or ""
        cls = classes.get(called)
        if cls is not None:
            given = _image(call)
        elif called in subclasses:
            cls, given = called, _subclass_image(call, called, subclasses)
        else:
            continue
        written = image_value(given, lines, known, parents, path)
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
        for ci in _ci_given(_read(given, tree), image, lines, path):
            found.setdefault(ci[:3], _ci_occurrence(ci, cls, path))
    return list(found.values())


class _Subclass:
    """A class of the module that subclasses a container class: its base (as the module
    names it), its ``__init__`` (``None``: the base's), and the call of the base's
    ``__init__`` in it (``super().__init__(image, **kwargs)``), its arguments as the base
    takes them."""

    __slots__ = ("base", "init", "super_call")

    def __init__(
        self, base: str, init: ast.FunctionDef | None, super_call: ast.Call | None
    ) -> None:
        self.base = base
        self.init = init
        self.super_call = super_call


#: How many subclasses deep an image is followed.
_MAX_SUBCLASS_DEPTH = 8


def _subclasses(tree: ast.Module, classes: Mapping[str, str]) -> dict[str, _Subclass]:
    """The module's own subclasses of the container classes it imports (and of those), by
    name. WrenAI's ``class _ClickHouseContainer(DockerContainer)`` takes its image as
    ``__init__(self, image="clickhouse/clickhouse-server:24.3-alpine")`` and passes it on
    as ``super().__init__(image)``."""
    found: dict[str, _Subclass] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef) or node.name in classes:
            continue
        bases = [name for base in node.bases if (name := dotted(base))]
        base = next((name for name in bases if name in classes or name in found), None)
        if base is None:
            continue
        init = next(
            (
                statement
                for statement in node.body
                if isinstance(statement, ast.FunctionDef) and statement.name == "__init__"
            ),
            None,
        )
        found[node.name] = _Subclass(base, init, _super_init(init, bases) if init else None)
    return found


def _super_init(init: ast.FunctionDef, bases: list[str]) -> ast.Call | None:
    """The call of the base class's ``__init__`` in ``init`` (``super().__init__(…)``,
    ``super(Cls, self).__init__(…)``, ``Base.__init__(self, …)``), with the arguments the
    base's ``__init__`` takes after ``self``."""
    for node in ast.walk(init):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "__init__"
        ):
            continue
        owner = node.func.value
        if isinstance(owner, ast.Call) and dotted(owner.func) == "super":
            return node
        if dotted(owner) in bases:
            return ast.Call(func=node.func, args=node.args[1:], keywords=node.keywords)
    return None


def _subclass_image(
    call: ast.Call, name: str, subclasses: Mapping[str, _Subclass], depth: int = 0
) -> ast.expr | None:
    """What a call of the module's subclass ``name`` makes its container's image: what its
    ``__init__`` passes on to the base's as the image (the base's own subclass followed),
    where that is a parameter of its ``__init__``, the call's argument for it, else the
    parameter's default; a subclass without an ``__init__`` passes the call's on."""
    subclass = subclasses[name]
    if depth > _MAX_SUBCLASS_DEPTH:
        return None
    base = subclasses.get(subclass.base)
    if subclass.init is None:
        return (
            _image(call)
            if base is None
            else _subclass_image(call, subclass.base, subclasses, depth + 1)
        )
    inner = subclass.super_call
    if inner is None:
        return None
    given = (
        _image(inner)
        if base is None
        else _subclass_image(inner, subclass.base, subclasses, depth + 1)
    )
    passed = [*inner.args, *(keyword.value for keyword in inner.keywords)]
    if (
        isinstance(given, ast.Name)
        and any(given is node for node in passed)
        and given.id in _parameters(subclass.init)
    ):
        return _argument(call, subclass.init, given.id)
    return given


def _parameters(function: ast.FunctionDef) -> list[str]:
    """The names of a function's parameters."""
    arguments = function.args
    every = (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)
    return [parameter.arg for parameter in every]


def _argument(call: ast.Call, function: ast.FunctionDef, name: str) -> ast.expr | None:
    """What ``call`` gives ``function``'s (a method's) parameter ``name``: its argument,
    else the parameter's default (``None``: none, or a ``*args``/``**kwargs`` may give it)."""
    given = next((keyword.value for keyword in call.keywords if keyword.arg == name), None)
    if given is not None:
        return given
    arguments = function.args
    names = [parameter.arg for parameter in (*arguments.posonlyargs, *arguments.args)]
    defaults: dict[str, ast.expr | None] = dict(
        zip(names[len(names) - len(arguments.defaults) :], arguments.defaults, strict=True)
    )
    keywords = [parameter.arg for parameter in arguments.kwonlyargs]
    defaults.update(zip(keywords, arguments.kw_defaults, strict=True))
    starred = [isinstance(argument, ast.Starred) for argument in call.args]
    index = names.index(name) - 1 if name in names[1:] else -1  # (``self`` is not in the call)
    if 0 <= index < len(call.args):
        return None if any(starred[: index + 1]) else call.args[index]
    if any(starred) or any(keyword.arg is None for keyword in call.keywords):
        return None  # (what they hold is not known)
    return defaults.get(name)


def _read(node: ast.expr | None, tree: ast.Module) -> ast.expr | None:
    """What an image argument is: itself, or for a name the module assigns once, what it
    assigns (``IMAGE = os.getenv("IMAGE", "redis:7")``)."""
    if not isinstance(node, ast.Name):
        return node
    assigned = [
        statement.value
        for statement in tree.body
        if isinstance(statement, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == node.id for t in statement.targets)
    ]
    return assigned[0] if len(assigned) == 1 else None


def _ci_given(
    node: ast.expr | None, default: str, lines: list[str], path: str | None
) -> list[tuple[str, int, int, str, str]]:
    """The values the project's CI gives the environment variable an image argument reads in
    place (``os.environ.get(NAME, DEFAULT)``) where it runs the tests, besides the default
    (see ``.._python_tests_ci``): each value, and the call's text, place and variable."""
    from ._python_source import environment_default

    if path is None or not isinstance(node, ast.Call) or environment_default(node) is None:
        return []
    key = node.args[0]
    if node.end_lineno != node.lineno or not isinstance(key, ast.Constant):
        return []
    from .._python_tests_ci import test_values

    line = lines[node.lineno - 1] if 0 < node.lineno <= len(lines) else ""
    encoded = line.encode()
    start = len(encoded[: node.col_offset].decode(errors="replace"))
    raw = line[start : len(encoded[: node.end_col_offset].decode(errors="replace"))]
    name = str(key.value)
    return [
        (value, node.lineno, start + 1, raw, name)
        for value in test_values(path, name)
        if value != default
    ]


def _ci_occurrence(given: tuple[str, int, int, str, str], cls: str, path: str | None) -> Occurrence:
    value, line, column, raw, name = given
    return Occurrence.of_text(
        path=path,
        line=line,
        column=column,
        kind=KIND,
        raw=raw,
        text=value,
        context={"tool": TOOL, "call": cls, "env": {name: value}},
    )


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
        elif isinstance(node, ast.Assign) and _imports_library(node.value):
            # (`tc = pytest.importorskip("testcontainers.mssql")`: the module, skipping the
            # test where it is not installed; Canner/WrenAI's connector tests, survey s58a)
            modules.update(target.id for target in node.targets if isinstance(target, ast.Name))
    for node in ast.walk(tree):
        called = dotted(node) if isinstance(node, ast.Attribute) else None
        module, _, name = (called or "").rpartition(".")
        if module in modules and name.endswith(_CLASS_END):
            names[called or ""] = name
    for node in tree.body:
        # (`SqlServerContainer = tc.SqlServerContainer`: the class under a name of the module's)
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Attribute):
            cls = names.get(dotted(node.value) or "")
            if cls is not None:
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        names[target.id] = cls
    return names


def _imports_library(value: ast.expr) -> bool:
    """Whether ``value`` imports a module of the library at run time:
    ``pytest.importorskip("testcontainers.mssql")``, ``importlib.import_module(…)``."""
    if not isinstance(value, ast.Call) or not value.args:
        return False
    first = value.args[0]
    return (
        dotted(value.func) in _RUNTIME_IMPORTS
        and isinstance(first, ast.Constant)
        and isinstance(first.value, str)
        and _is_library(first.value)
    )


#: The calls that import a module named by a string.
_RUNTIME_IMPORTS = frozenset({"pytest.importorskip", "importlib.import_module", "import_module"})


def _is_library(module: str | None) -> bool:
    """Whether ``module`` is testcontainers', or a module of another package named for it
    whose containers are testcontainers' (python-wiremock's ``wiremock.testing.testcontainer``:
    its ``WireMockContainer(image=…)`` is a ``DockerContainer``; SigNoz's test fixtures start
    three so, survey 38e)."""
    return module is not None and not _PLUGIN_MODULES.isdisjoint(module.split("."))


def _image(call: ast.Call) -> ast.expr | None:
    """What a container's call is given as its image: ``image=``, else its first argument."""
    given = next((keyword.value for keyword in call.keywords if keyword.arg == "image"), None)
    if given is None and call.args and not isinstance(call.args[0], ast.Starred):
        given = call.args[0]
    return given


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
