"""pytest-docker: the compose files a ``conftest.py`` gives the plugin to start for the tests.

`pytest-docker <https://github.com/avast/pytest-docker>`_ runs ``docker compose -f FILE … up
--build -d`` before the tests that use its ``docker_services`` fixture, with the file that the
``docker_compose_file`` fixture returns (its default: ``tests/docker-compose.yml`` below
pytest's rootdir). A project that keeps the file elsewhere overrides the fixture in a
``conftest.py``:

.. code-block:: python

    @pytest.fixture(scope="session")
    def docker_compose_file(pytestconfig):
        return os.path.join(str(pytestconfig.rootdir), "tests", "fixtures", "docker-compose.yml")

That file is a compose file the tests run (``tests/fixtures/`` is no test's input data: its
images are pulled), so each such fixture is a :class:`~tagsense.sources.project.ComposeRun`
of the files it returns (tool ``pytest-docker``, at the ``return`` line). The return value is
read, never run, as far as it is paths the source settles: strings, ``os.path.join``,
``pathlib``'s ``/``, ``joinpath`` and ``parent``, ``os.path.dirname``, ``__file__``, the
rootdir (``pytestconfig.rootdir``, ``rootpath``, ``request.config.rootdir``), ``str()`` and
the like around them, names the module or the fixture assigns once, and a list of them. The
rootdir is the first directory from the ``conftest.py``'s up that holds pytest's
configuration (``pytest.ini``, ``.pytest.ini``, a ``pyproject.toml`` with
``[tool.pytest…]``, a ``tox.ini`` with ``[pytest]``, a ``setup.cfg`` with ``[tool:pytest]``),
else a ``pyproject.toml`` or ``setup.py``; a relative path is from there (pytest runs there).
Anything else, a source Python 3 cannot parse, gives nothing; the reader never raises.
"""

from __future__ import annotations

import ast
import os

from ...occurrence import BuildSite
from ..project import BuildFile, ComposeRun
from ._common import MAX_BYTES, read_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["FIXTURE", "defines_compose_fixture", "read_pytest_docker", "scan_pytest_docker"]

#: The fixture that names the compose files.
FIXTURE = "docker_compose_file"
#: The tool of the compose runs, and what pytest-docker runs.
TOOL = "pytest-docker"
_COMMAND = "docker compose up"
#: A path that a run decides (not a path of the project).
_UNKNOWN = None


def defines_compose_fixture(text: str) -> bool:
    """A quick look: whether a source may define the ``docker_compose_file`` fixture."""
    return "def " + FIXTURE in text


def read_pytest_docker(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The compose runs of the ``conftest.py`` at ``path`` (see the module; never raises)."""
    text = read_text(path, max_bytes)
    if not isinstance(text, str):
        return BuildFile(path=path)  # (the file's errors are its own source's to say)
    return scan_pytest_docker(text, path=path)


def scan_pytest_docker(text: str, *, path: str) -> BuildFile:
    """:func:`read_pytest_docker` of a source's text."""
    if not defines_compose_fixture(text):
        return BuildFile(path=path)
    from ._python_source import parsed

    tree = parsed(text)
    if tree is None:
        return BuildFile(path=path)
    runs = []
    inputs: dict[str, tuple[int, int] | None] = {}
    try:
        for function in _fixtures(tree):
            returned = next(
                (node for node in ast.walk(function) if isinstance(node, ast.Return)), None
            )
            if returned is None or returned.value is None:
                continue
            names = _assignments(tree.body) | _assignments(function.body)
            paths = _Paths(path, names, inputs)
            files = paths.files(returned.value)
            if files:
                site = BuildSite(TOOL, path, returned.lineno)
                runs.append(ComposeRun(site=site, command=_COMMAND, files=files))
    except RecursionError:  # pragma: no cover - only for absurdly deep expressions
        return BuildFile(path=path)
    return BuildFile(path=path, composes=runs, inputs=inputs)


def _fixtures(tree: ast.Module) -> list[ast.FunctionDef]:
    """The module's (and its classes') ``docker_compose_file`` functions that are fixtures."""
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
        and node.name == FIXTURE
        and any("fixture" in ast.unparse(decorator) for decorator in node.decorator_list)
    ]


def _assignments(body: list[ast.stmt]) -> dict[str, ast.expr]:
    """The names a block assigns once, to what (a name assigned twice is a run's)."""
    seen: dict[str, ast.expr | None] = {}
    for statement in body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target = statement.targets[0]
            if isinstance(target, ast.Name):
                seen[target.id] = statement.value if target.id not in seen else None
        elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            name = statement.target.id
            seen[name] = statement.value if name not in seen else None
    return {name: value for name, value in seen.items() if value is not None}


class _Paths:
    """What path expressions of one source evaluate to (``None``: a run decides)."""

    def __init__(
        self, source: str, names: dict[str, ast.expr], inputs: dict[str, tuple[int, int] | None]
    ) -> None:
        self.source = source
        self.names = names
        #: The files looked at for pytest's rootdir (the reading depends on them).
        self.inputs = inputs
        self._depth = 0

    def files(self, node: ast.expr) -> list[str]:
        """The compose files a returned value names: one path, or a list of them (all
        settled, else none)."""
        items = node.elts if isinstance(node, ast.List | ast.Tuple) else [node]
        found = [self.path(item) for item in items]
        if not found or any(file is None for file in found):
            return []
        root = _rootdir(os.path.dirname(self.source), self.inputs)
        files = []
        for file in found:
            assert file is not None
            if file.startswith(_ROOT):
                if root is None:
                    return []
                file = os.path.join(root, file[len(_ROOT) :].lstrip("/"))
            files.append(os.path.normpath(file))
        return files

    def path(self, node: ast.expr) -> str | None:
        if self._depth > _MAX_DEPTH:
            return _UNKNOWN
        self._depth += 1
        try:
            return self._path(node)
        finally:
            self._depth -= 1

    def _path(self, node: ast.expr) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value if os.path.isabs(node.value) else _ROOT + node.value
        if isinstance(node, ast.Name):
            if node.id == "__file__":
                return self.source
            value = self.names.get(node.id)
            return self.path(value) if value is not None else _UNKNOWN
        if isinstance(node, ast.Attribute):
            if node.attr in _ROOTDIRS:
                return _ROOT
            if node.attr == "parent":
                inner = self.path(node.value)
                return _dirname(inner) if inner is not None else _UNKNOWN
            return _UNKNOWN
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            return _joined([self.path(node.left), self.path(node.right)])
        if isinstance(node, ast.Call):
            return self._call(node)
        return _UNKNOWN

    def _call(self, node: ast.Call) -> str | None:
        function = ast.unparse(node.func)
        arguments = node.args
        if node.keywords or any(isinstance(argument, ast.Starred) for argument in arguments):
            return _UNKNOWN
        if function.endswith(_SAME) and len(arguments) == 1:
            return self.path(arguments[0])
        if function in ("os.path.dirname", "path.dirname", "dirname") and len(arguments) == 1:
            inner = self.path(arguments[0])
            return _dirname(inner) if inner is not None else _UNKNOWN
        if function in ("os.path.join", "path.join", "join") and arguments:
            return _joined([self.path(argument) for argument in arguments])
        if isinstance(node.func, ast.Attribute):
            method = node.func.attr
            if method in ("resolve", "absolute") and not arguments:
                return self.path(node.func.value)
            if method == "joinpath":
                return _joined([self.path(node.func.value), *map(self.path, arguments)])
        return _UNKNOWN


#: Where a path starts from pytest's rootdir (replaced once the rootdir is known).
_ROOT = "\ue000rootdir/"
#: The attributes that are pytest's rootdir (``pytestconfig.rootdir``, ``rootpath``).
_ROOTDIRS = frozenset({"rootdir", "rootpath"})
#: Calls that give their argument's path back (``str(p)``, ``Path(p)``, ``os.fspath(p)``…).
_SAME = ("str", "Path", "PurePath", "fspath", "abspath", "realpath", "normpath", "local")
_MAX_DEPTH = 32


def _dirname(path: str) -> str:
    if path.startswith(_ROOT):
        rest = path[len(_ROOT) :].rstrip("/")
        return _ROOT + os.path.dirname(rest) if rest else _ROOT + os.pardir
    return os.path.dirname(path)


def _joined(parts: list[str | None]) -> str | None:
    """``os.path.join`` of settled parts (a rootdir's or an absolute part starts anew)."""
    if any(part is None for part in parts):
        return _UNKNOWN
    joined = ""
    for part in parts:
        assert part is not None
        if part.startswith(_ROOT) and joined:
            part = part[len(_ROOT) :]  # (a string part: relative to the path before it)
            if not part:
                continue
        joined = os.path.join(joined, part) if joined else part
    return joined


#: The files whose presence makes a directory pytest's rootdir, with what their text must say
#: (``None``: nothing).
_CONFIGURATIONS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("pytest.ini", lambda _: True),
    (".pytest.ini", lambda _: True),
    ("pyproject.toml", lambda text: "[tool.pytest" in text),
    ("tox.ini", lambda text: "[pytest]" in text),
    ("setup.cfg", lambda text: "[tool:pytest]" in text),
)
_FALLBACKS = ("pyproject.toml", "setup.py")
_CLIMB = 16


def _rootdir(directory: str, inputs: dict[str, tuple[int, int] | None]) -> str | None:
    """pytest's rootdir for tests below ``directory`` (see the module), ``None`` if none;
    each file looked at is added to ``inputs``."""
    from .._context_cache import stat_of
    from ..context import project_root

    top = project_root(directory or os.curdir)
    fallback = None
    current = directory or os.curdir
    for _ in range(_CLIMB):
        for name, says in _CONFIGURATIONS:
            candidate = os.path.join(current, name)
            inputs[candidate] = stat_of(candidate)
            text = read_text(candidate, 256 * 1024) if inputs[candidate] is not None else None
            if isinstance(text, str) and says(text):
                return current
        for name in _FALLBACKS:
            candidate = os.path.join(current, name)
            inputs[candidate] = stat_of(candidate)
            if fallback is None and inputs[candidate] is not None:
                fallback = current
        if top is not None and os.path.realpath(current) == top:
            break
        parent = os.path.normpath(os.path.join(current, os.pardir))
        if os.path.realpath(parent) == os.path.realpath(current):
            break
        current = parent
    return fallback
