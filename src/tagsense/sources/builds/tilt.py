"""Tilt: the images a ``Tiltfile`` builds, read by evaluating only what is static.

A ``Tiltfile`` is Starlark, a small subset of Python that Python's own
:mod:`ast` parses. :func:`read_tiltfile` parses it (a file it cannot parse is
one :class:`~tagsense.sources.SourceError`, as Tilt would stop there) and
evaluates the little that decides what is built, never running anything:

* **Values**: string, number, boolean and ``None`` constants; lists, tuples
  and dicts of them; names assigned at the top level or in functions; ``+``
  (strings, lists), ``%`` with ``%s``/``%d``, ``str.format`` with plain
  ``{}`` fields, f-strings without format specs, ``*`` of a string by a
  number, ``join``, ``replace``, ``lower``, ``upper``, ``strip``, ``split``
  and the like, indexing, ``len``, ``range``, ``str`` and ``os.path.join``;
  list comprehensions over static lists. Values are kept to 64 KiB a string
  and 10,000 items a list.
* **Control**: ``if`` on a condition that is static takes its branch; on one
  that is not (``os.getenv(…)``, ``config.parse()``), both branches are read,
  and a name they set differently is unknown after them (an image built in
  either is built). ``for`` over a static list (or a ``range``) runs its body
  for each item, ``while`` with a static condition too, up to 10,000 turns;
  functions defined with ``def`` run when called, with their arguments.
* **Builds**: ``docker_build(ref, context, build_args=…, dockerfile=…,
  dockerfile_contents=…, target=…, extra_tag=…, platform=…)`` is a
  :class:`~tagsense.sources.project.BuiltImage` for ``ref`` (and each
  ``extra_tag``) and a :class:`~tagsense.sources.project.BuildConfig`: the
  context is relative to the directory of the Tiltfile being executed, the
  Dockerfile is ``<context>/Dockerfile`` unless ``dockerfile`` names one
  (relative to the Tiltfile, as Tilt reads it), or inline
  (``dockerfile_contents``: a string, read as a Dockerfile there, each of its characters
  placed where the literal it comes from is written, through ``+``, ``join`` and ``strip``;
  a ``read_file`` blob as it is, the file it reads). ``custom_build(ref, …)`` builds ``ref`` with a
  command of the project's own: a built name only. Extensions loaded from
  ``ext://restart_process`` (``docker_build_with_restart``: as
  ``docker_build``; ``custom_build_with_restart``), ``ext://ko``
  (``ko_build``) and ``ext://pack`` (``pack``) are read the same way; a
  function of the project's own with a builder's name is the project's
  function. The commands Tilt runs, ``local_resource(name, cmd, …, serve_cmd=…)``
  and ``local(command)``, build what their ``docker build -t`` tags (read as a
  script's commands, :mod:`.shell`), in ``dir`` (``serve_dir``) or the Tiltfile's
  directory.
* **Files**: ``read_file(path)`` of a file that is there is its text (one that is not, nor
  its default, is not known: a file a run makes or keeps locally).
  ``load('path', 'name', alias='name')`` and ``include('path')`` of
  local files, relative to the file that names them, are executed once each
  (as Tilt caches them); a load cycle is an error, as in Tilt. ``ext://``
  paths are extensions, not files. At most 200 files, 32 deep.

Anything that depends on what only a run can know — the environment,
``config``, a command's output (``local``), an unknown function's
result — is unknown: a build whose ``ref`` is unknown is skipped, and one
whose context, Dockerfile or target is unknown is a built name without a
build configuration (an unknown ``dockerfile_contents`` is also a note, a
:class:`~tagsense.sources.SourceError` with ``note`` set: what it builds is not
read). A build argument whose value is unknown is left out.
Nothing is ever a wrong name: what cannot be known is not guessed.

Each site is ``BuildSite("tilt", file, line)``: the file and line of the
builder's call. Evaluation is bounded (100,000 steps a reading; calls 32
deep); beyond that the rest is skipped with one error. Nothing here is
pulled: the result's ``scan`` has errors only. The function never raises.
"""

from __future__ import annotations

import ast
import os
import posixpath
import re

from ..._lazy import lazy_pattern
from ...occurrence import BuildSite, Scan, SourceError
from ..project import BuildConfig, BuildFile, BuiltImage
from ._common import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_FILES,
    TILTFILE_NAME,
    directory_of,
    is_remote,
    join,
    read_text,
)
from ._literal_places import StarlarkLiteral
from ._placed import Literal, Placed, TextLiteral, concat, places, slice_of

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

__all__ = ["MAX_STEPS", "TILTFILE_NAME", "TOOL", "evaluate_expression", "read_tiltfile"]

#: The tool named in the build sites.
TOOL = "tilt"

#: Statements and expressions evaluated in one reading at most.
MAX_STEPS = 100_000

#: The longest string, and the longest list, a value may be.
MAX_TEXT = 64 * 1024
MAX_ITEMS = 10_000

#: Calls nested deeper than this are not made.
MAX_CALL_DEPTH = 32


class _Unknown:
    """A value that only a run of the Tiltfile could know."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()


class _Stop(Exception):
    """The reading's budget is spent."""


class _Return(Exception):
    def __init__(self, value: object) -> None:
        self.value = value


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class _Function:
    """A function defined with ``def`` in a Tiltfile."""

    __slots__ = ("defaults", "globals", "node", "path")

    def __init__(
        self,
        node: ast.FunctionDef,
        defaults: dict[str, object],
        globals_: dict[str, object],
        path: str,
    ) -> None:
        self.node = node
        self.defaults = defaults
        self.globals = globals_
        self.path = path


class _Builtin:
    """A function the reader knows: ``handler(reader, call, args, kwargs)``."""

    __slots__ = ("handler", "name")

    def __init__(self, name: str, handler: Callable[..., object]) -> None:
        self.name = name
        self.handler = handler


class _Namespace:
    """A module-like value (``os``, ``os.path``): attributes, the rest unknown."""

    __slots__ = ("attributes",)

    def __init__(self, attributes: dict[str, object]) -> None:
        self.attributes = attributes


class _Method:
    """A method of a static value (``"a-{}".format``, ``names.append``)."""

    __slots__ = ("name", "owner")

    def __init__(self, owner: object, name: str) -> None:
        self.owner = owner
        self.name = name


def read_tiltfile(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The builds and built names of the Tiltfile at ``path`` (never raises)."""
    reader = _Reader(max_bytes)
    reader.run(path)
    return BuildFile(reader.builds, reader.built, Scan(errors=reader.errors), inputs=reader.inputs)


def evaluate_expression(text: str) -> object:
    """The value of one Starlark expression as this reader evaluates it, or ``UNKNOWN``.

    (For tests: what is static evaluates as Python would.)

    >>> evaluate_expression("'%s-%d' % ('api', 2) + '-{}'.format('x')")
    'api-2-x'
    >>> evaluate_expression("os.getenv('TAG', 'dev')")
    UNKNOWN
    """
    try:
        node = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return UNKNOWN
    reader = _Reader(MAX_BYTES)
    frame = _Frame("<text>", {}, None)
    try:
        return reader.expression(node.body, frame)
    except (_Stop, RecursionError):
        return UNKNOWN


class _Frame:
    """Where code runs: its file, its module's globals, a function's locals."""

    __slots__ = ("globals", "locals", "path")

    def __init__(self, path: str, globals_: dict[str, object], locals_: dict[str, object] | None):
        self.path = path
        self.globals = globals_
        self.locals = locals_

    @property
    def scope(self) -> dict[str, object]:
        return self.locals if self.locals is not None else self.globals


# --- static values ----------------------------------------------------------------------


def _is_static(value: object) -> bool:
    """Whether a value is data (no unknown part, no function)."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return True
    if isinstance(value, (list, tuple)):
        return all(_is_static(item) for item in value)
    if isinstance(value, dict):
        return all(_is_static(key) and _is_static(item) for key, item in value.items())
    return False


def _text(value: object) -> str | None:
    """``str(value)`` where Starlark and Python agree (strings, numbers, booleans, None)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return str(value)
    return None


#: Line ends, as Python's parser counts lines.
_LINES = lazy_pattern(r"\r\n|\r|\n")


class _FileText(Placed):
    """A file's text, as ``read_file`` gives it (a Blob): which file is known."""

    file: str


def _stripped(owner: str, name: str, args: list[object]) -> object:
    """``owner.strip(chars)`` (or ``lstrip``, ``rstrip``), placed where it is."""
    chars = args[0] if args else None
    if chars is not None and not isinstance(chars, str):
        return UNKNOWN
    start = len(owner) - len(owner.lstrip(chars)) if name != "rstrip" else 0
    end = len(owner.rstrip(chars)) if name != "lstrip" else len(owner)
    return slice_of(owner, start, max(start, end))


def _plain(value: object) -> str:
    """A string as it leaves the reader (values kept in the cache are plain ``str``)."""
    return str(value)


def _sized(value: object) -> object:
    """The value, or ``UNKNOWN`` when it is larger than a reading keeps."""
    if isinstance(value, str) and len(value) > MAX_TEXT:
        return UNKNOWN
    if isinstance(value, (list, tuple, dict)) and len(value) > MAX_ITEMS:
        return UNKNOWN
    return value


_PERCENT = lazy_pattern(r"%(.)", re.DOTALL)


def _percent(template: str, operand: object) -> object:
    """``template % operand`` for ``%s``, ``%d`` and ``%%`` only (no flags or widths)."""
    values = list(operand) if isinstance(operand, tuple) else [operand]
    pieces: list[str] = []
    size = 0
    position = 0
    for match in _PERCENT.finditer(template):
        pieces.append(template[position : match.start()])
        position = match.end()
        code = match.group(1)
        if code == "%":
            piece = "%"
        elif code in ("s", "d") and values:
            value = values.pop(0)
            if code == "d" and (isinstance(value, bool) or not isinstance(value, int)):
                return UNKNOWN
            text = _text(value)
            if text is None:
                return UNKNOWN
            piece = text
        else:
            return UNKNOWN
        pieces.append(piece)
        size += len(piece) + match.start()
        if size > MAX_TEXT:
            return UNKNOWN
    if values or (template.endswith("%") and not template.endswith("%%")):
        return UNKNOWN
    pieces.append(template[position:])
    return _sized("".join(pieces))


def _format(template: str, args: list[object], kwargs: dict[str, object]) -> object:
    """``template.format(*args, **kwargs)`` with plain fields (``{}``, ``{0}``, ``{name}``)."""
    import string

    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return UNKNOWN
    pieces: list[str] = []
    size = 0
    automatic = 0
    for literal, field, spec, conversion in parsed:
        pieces.append(literal)
        size += len(literal)
        if field is None:
            continue
        if spec or conversion:
            return UNKNOWN
        value: object
        if field == "":
            if automatic >= len(args):
                return UNKNOWN
            value = args[automatic]
            automatic += 1
        elif field.isdigit():
            if int(field) >= len(args):
                return UNKNOWN
            value = args[int(field)]
        elif field.isidentifier() and field in kwargs:
            value = kwargs[field]
        else:
            return UNKNOWN
        text = _text(value)
        if text is None:
            return UNKNOWN
        pieces.append(text)
        size += len(text)
        if size > MAX_TEXT:
            return UNKNOWN
    return "".join(pieces)


def _string_method(owner: str, name: str, args: list[object], kwargs: dict[str, object]) -> object:
    if name == "format":
        return _format(owner, args, kwargs)
    if kwargs or not all(isinstance(arg, (str, int)) and not isinstance(arg, bool) for arg in args):
        return UNKNOWN
    if name == "join":
        return UNKNOWN  # (handled by the caller: its argument is a list)
    if name in ("lower", "upper", "title") and not args:
        return getattr(owner, name)()
    if (
        name in ("strip", "lstrip", "rstrip")
        and len(args) <= 1
        and all(isinstance(arg, str) for arg in args)
    ):
        return getattr(owner, name)(*args)
    if name in ("startswith", "endswith", "removeprefix", "removesuffix") and (
        len(args) == 1 and isinstance(args[0], str)
    ):
        return getattr(owner, name)(args[0])
    if name == "replace" and len(args) in (2, 3):
        old, new = args[0], args[1]
        if not isinstance(old, str) or not isinstance(new, str) or not old:
            return UNKNOWN
        limit = args[2] if len(args) == 3 else -1
        if not isinstance(limit, int):
            return UNKNOWN
        count = owner.count(old) if limit < 0 else min(owner.count(old), limit)
        if len(owner) + count * (len(new) - len(old)) > MAX_TEXT:
            return UNKNOWN
        return owner.replace(old, new, limit)
    if name == "split" and len(args) <= 1 and all(isinstance(arg, str) and arg for arg in args):
        return _sized(owner.split(*args))  # type: ignore[arg-type]
    return UNKNOWN


# --- the reader -----------------------------------------------------------------------


class _Reader:
    """One reading of a Tiltfile and the files it loads: the evaluation and what it found."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.builds: list[BuildConfig] = []
        self.built: list[BuiltImage] = []
        self.errors: list[SourceError] = []
        self.steps = 0
        self.depth = 0
        #: absolute path -> the module's globals (``None`` while it executes: a cycle)
        self.modules: dict[str, dict[str, object] | None] = {}
        #: the files executing, innermost last (Tilt resolves paths from the innermost)
        self.executing: list[str] = []
        self.stopped = False
        #: each file's lines, and the string constants read (to place an inline Dockerfile)
        self.sources: dict[str, list[str]] = {}
        self.literals: dict[ast.Constant, Literal] = {}
        #: the files read with read_file (for the cache: what the result depends on)
        self.inputs: dict[str, tuple[int, int] | None] = {}
        self.builtins: dict[str, object] = {
            "docker_build": _Builtin("docker_build", _Reader.docker_build),
            "custom_build": _Builtin("custom_build", _Reader.custom_build),
            "local_resource": _Builtin("local_resource", _Reader.local_resource),
            "local": _Builtin("local", _Reader.local),
            "load": _Builtin("load", _Reader.load),
            "include": _Builtin("include", _Reader.include),
            "load_dynamic": _Builtin("load_dynamic", _Reader.load_dynamic),
            "str": _Builtin("str", _Reader.builtin_str),
            "len": _Builtin("len", _Reader.builtin_len),
            "range": _Builtin("range", _Reader.builtin_range),
            "list": _Builtin("list", _Reader.builtin_list),
            "read_file": _Builtin("read_file", _Reader.read_file),
            "os": _Namespace(
                {"path": _Namespace({"join": _Builtin("os.path.join", _Reader.path_join)})}
            ),
        }

    # --- files ------------------------------------------------------------------------

    def run(self, path: str) -> None:
        self.execute(path, None)

    def execute(self, path: str, via: tuple[str, ast.AST] | None) -> dict[str, object] | None:
        """Execute a file once (its globals), or ``None`` when it cannot be."""
        path = _plain(path)
        key = os.path.abspath(path)
        if key in self.modules:
            loaded = self.modules[key]
            if loaded is None and via is not None:
                self.error(via[0], via[1], f"circular load: {path}")
            return loaded
        if len(self.modules) >= MAX_FILES or len(self.executing) >= MAX_DEPTH:
            if via is not None:
                self.error(
                    via[0],
                    via[1],
                    f"more than {MAX_FILES} files, or loads {MAX_DEPTH} deep: not read",
                )
            return None
        text = read_text(path, self.max_bytes)
        if isinstance(text, SourceError):
            if via is None:
                self.errors.append(text)
            else:
                self.error(via[0], via[1], f"{text.message} ({path})")
            self.modules[key] = {}
            return None
        try:
            tree = ast.parse(text, filename=path)
        except SyntaxError as error:
            message = error.msg or "invalid syntax"
            self.errors.append(SourceError(path, error.lineno, f"not Starlark: {message}"))
            self.modules[key] = {}
            return None
        except (ValueError, RecursionError, MemoryError):
            self.errors.append(SourceError(path, None, "not Starlark: nested too deeply"))
            self.modules[key] = {}
            return None
        self.modules[key] = None
        self.sources[path] = _LINES.split(text)
        module: dict[str, object] = {"__file__": path}
        frame = _Frame(path, module, None)
        self.executing.append(path)
        try:
            self.block(tree.body, frame)
        except (_Return, _Break, _Continue):
            pass  # (Starlark rejects these outside functions and loops)
        except _Stop:
            pass
        except RecursionError:
            self.errors.append(
                SourceError(path, None, "nested too deeply to read; the rest is skipped")
            )
        finally:
            self.executing.pop()
        self.modules[key] = module
        return module

    def error(self, path: str, node: ast.AST | None, message: str, *, note: bool = False) -> None:
        line = getattr(node, "lineno", None) if node is not None else None
        self.errors.append(SourceError(path, line, message, note=note))

    def tick(self, frame: _Frame, node: ast.AST) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            if not self.stopped:
                self.stopped = True
                self.error(
                    frame.path,
                    node,
                    f"evaluation stopped after {MAX_STEPS:,} steps; the rest is not read",
                )
            raise _Stop

    def here(self) -> str:
        """The directory paths resolve from: the innermost executing file's."""
        return directory_of(self.executing[-1]) if self.executing else ""

    # --- statements -------------------------------------------------------------------

    def block(self, body: list[ast.stmt], frame: _Frame) -> None:
        for statement in body:
            self.statement(statement, frame)

    def statement(self, node: ast.stmt, frame: _Frame) -> None:
        self.tick(frame, node)
        if isinstance(node, ast.Expr):
            self.expression(node.value, frame)
        elif isinstance(node, ast.Assign):
            value = self.expression(node.value, frame)
            for target in node.targets:
                self.assign(target, value, frame)
        elif isinstance(node, ast.AugAssign):
            current = (
                self.expression(node.target, frame)
                if isinstance(node.target, ast.Name)
                else UNKNOWN
            )
            value = self.binary(node.op, current, self.expression(node.value, frame))
            self.assign(node.target, value, frame)
        elif isinstance(node, ast.If):
            self.branch(node, frame)
        elif isinstance(node, ast.For):
            self.loop(node, frame)
        elif isinstance(node, ast.While):
            self.while_loop(node, frame)
        elif isinstance(node, ast.FunctionDef):
            defaults = self.defaults(node.args, frame)
            frame.scope[node.name] = _Function(node, defaults, frame.globals, frame.path)
        elif isinstance(node, ast.Return):
            raise _Return(None if node.value is None else self.expression(node.value, frame))
        elif isinstance(node, ast.Break):
            raise _Break
        elif isinstance(node, ast.Continue):
            raise _Continue
        elif isinstance(node, ast.Pass):
            pass
        elif isinstance(
            node,
            (
                ast.Import,
                ast.ImportFrom,
                ast.ClassDef,
                ast.Try,
                ast.With,
                ast.Raise,
                ast.Global,
                ast.Nonlocal,
                ast.Delete,
                ast.AsyncFunctionDef,
            ),
        ):
            what = type(node).__name__.lower()
            self.error(frame.path, node, f"not Starlark: a Python {what} statement")
        else:
            for name in _assigned_names([node]):
                frame.scope[name] = UNKNOWN

    def assign(self, target: ast.expr, value: object, frame: _Frame) -> None:
        if isinstance(target, ast.Name):
            frame.scope[target.id] = value
        elif isinstance(target, (ast.Tuple, ast.List)):
            items = value if isinstance(value, (list, tuple)) else None
            if items is not None and len(items) != len(target.elts):
                items = None
            for index, element in enumerate(target.elts):
                self.assign(element, UNKNOWN if items is None else items[index], frame)
        elif isinstance(target, ast.Subscript):
            container = self.expression(target.value, frame)
            key = self.expression(target.slice, frame)
            if isinstance(container, dict) and _is_static(key) and not isinstance(key, list):
                if key in container or len(container) < MAX_ITEMS:
                    container[key] = value
            elif (
                isinstance(container, list)
                and isinstance(key, int)
                and -len(container) <= key < len(container)
            ):
                container[key] = value

    def branch(self, node: ast.If, frame: _Frame) -> None:
        condition = self.truth(self.expression(node.test, frame))
        if condition is True:
            self.block(node.body, frame)
        elif condition is False:
            self.block(node.orelse, frame)
        else:  # both ways: what either builds is built; what they set differently is unknown
            scope = frame.scope
            before = dict(scope)
            self.block(node.body, frame)
            after_body = dict(scope)
            scope.clear()
            scope.update(before)
            self.block(node.orelse, frame)
            for name in set(after_body) | set(scope):
                if (
                    name not in scope
                    or name not in after_body
                    or not _same(scope[name], after_body[name])
                ):
                    scope[name] = UNKNOWN

    def loop(self, node: ast.For, frame: _Frame) -> None:
        iterable = self.expression(node.iter, frame)
        if isinstance(iterable, dict):
            iterable = list(iterable)
        if not isinstance(iterable, (list, tuple)):
            for name in _assigned_names(node.body) | _target_names(node.target):
                frame.scope[name] = UNKNOWN
            return
        for item in list(iterable)[:MAX_ITEMS]:
            self.assign(node.target, item, frame)
            try:
                self.block(node.body, frame)
            except _Break:
                return
            except _Continue:
                continue
        self.block(node.orelse, frame)

    def while_loop(self, node: ast.While, frame: _Frame) -> None:
        for _ in range(MAX_ITEMS):
            condition = self.truth(self.expression(node.test, frame))
            if condition is not True:
                if condition is None:
                    for name in _assigned_names(node.body):
                        frame.scope[name] = UNKNOWN
                return
            try:
                self.block(node.body, frame)
            except _Break:
                return
            except _Continue:
                continue

    def defaults(self, arguments: ast.arguments, frame: _Frame) -> dict[str, object]:
        positional = [*arguments.posonlyargs, *arguments.args]
        values: dict[str, object] = {}
        for argument, default in zip(
            positional[len(positional) - len(arguments.defaults) :], arguments.defaults, strict=True
        ):
            values[argument.arg] = self.expression(default, frame)
        for argument, keyword_default in zip(
            arguments.kwonlyargs, arguments.kw_defaults, strict=True
        ):
            if keyword_default is not None:
                values[argument.arg] = self.expression(keyword_default, frame)
        return values

    @staticmethod
    def truth(value: object) -> bool | None:
        if value is UNKNOWN or not _is_static(value):
            return None
        return bool(value)

    # --- expressions ------------------------------------------------------------------

    def expression(self, node: ast.expr, frame: _Frame) -> object:
        self.tick(frame, node)
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, str) and value:
                return self.placed(value, node, frame)
            return value if isinstance(value, (str, int, float, bool)) or value is None else UNKNOWN
        if isinstance(node, ast.Name):
            return self.lookup(node.id, frame)
        if isinstance(node, ast.JoinedStr):
            return self.f_string(node, frame)
        if isinstance(node, ast.BinOp):
            return self.binary(
                node.op, self.expression(node.left, frame), self.expression(node.right, frame)
            )
        if isinstance(node, ast.BoolOp):
            return self.boolean(node, frame)
        if isinstance(node, ast.UnaryOp):
            operand = self.expression(node.operand, frame)
            if isinstance(node.op, ast.Not):
                truth = self.truth(operand)
                return UNKNOWN if truth is None else not truth
            if (
                isinstance(node.op, ast.USub)
                and isinstance(operand, int)
                and not isinstance(operand, bool)
            ):
                return -operand
            return UNKNOWN
        if isinstance(node, ast.Compare):
            return self.compare(node, frame)
        if isinstance(node, ast.IfExp):
            truth = self.truth(self.expression(node.test, frame))
            if truth is None:
                body, orelse = (
                    self.expression(node.body, frame),
                    self.expression(node.orelse, frame),
                )
                return body if _same(body, orelse) else UNKNOWN
            return self.expression(node.body if truth else node.orelse, frame)
        if isinstance(node, (ast.List, ast.Tuple)):
            items = [self.expression(element, frame) for element in node.elts]
            return _sized(items if isinstance(node, ast.List) else tuple(items))
        if isinstance(node, ast.Dict):
            result: dict[object, object] = {}
            for key_node, value_node in zip(node.keys, node.values, strict=True):
                if key_node is None:
                    return UNKNOWN  # (**mapping)
                key = self.expression(key_node, frame)
                if not _is_static(key) or isinstance(key, list):
                    return UNKNOWN
                result[key] = self.expression(value_node, frame)
            return _sized(result)
        if isinstance(node, ast.Subscript):
            return self.subscript(node, frame)
        if isinstance(node, ast.Attribute):
            owner = self.expression(node.value, frame)
            if isinstance(owner, _Namespace):
                return owner.attributes.get(node.attr, UNKNOWN)
            if isinstance(owner, (str, list, dict)):
                return _Method(owner, node.attr)
            return UNKNOWN
        if isinstance(node, ast.Call):
            return self.call(node, frame)
        if isinstance(node, ast.ListComp):
            return self.comprehension(node, frame)
        return UNKNOWN

    def placed(self, value: str, node: ast.Constant, frame: _Frame) -> str:
        """A string constant, placed where it is written (see ``._placed``)."""
        literal = self.literals.get(node)
        if literal is None:
            lines = self.sources.get(frame.path)
            if lines is None:
                return value
            literal = self.literals[node] = StarlarkLiteral(frame.path, lines, node)
        return Placed.of(value, literal)

    def lookup(self, name: str, frame: _Frame) -> object:
        if frame.locals is not None and name in frame.locals:
            return frame.locals[name]
        if name in frame.globals:
            return frame.globals[name]
        return self.builtins.get(name, UNKNOWN)

    def f_string(self, node: ast.JoinedStr, frame: _Frame) -> object:
        pieces: list[str] = []
        for part in node.values:
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                pieces.append(part.value)
            elif isinstance(part, ast.FormattedValue):
                if part.conversion != -1 or part.format_spec is not None:
                    return UNKNOWN
                text = _text(self.expression(part.value, frame))
                if text is None:
                    return UNKNOWN
                pieces.append(text)
            else:
                return UNKNOWN
        return _sized("".join(pieces))

    def binary(self, op: ast.operator, left: object, right: object) -> object:
        if left is UNKNOWN or right is UNKNOWN:
            return UNKNOWN
        if isinstance(op, ast.Add):
            if isinstance(left, str) and isinstance(right, str):
                return _sized(concat((left, right)))
            if isinstance(left, list) and isinstance(right, list):
                return _sized(left + right)
            if isinstance(left, tuple) and isinstance(right, tuple):
                return _sized(left + right)
            if _integer(left) and _integer(right):
                return _bounded(left + right)  # type: ignore[operator]
            return UNKNOWN
        if isinstance(op, ast.Sub) and _integer(left) and _integer(right):
            return _bounded(left - right)  # type: ignore[operator]
        if isinstance(op, ast.Mult):
            if _integer(left) and _integer(right):
                return _bounded(left * right)  # type: ignore[operator]
            text, times = (left, right) if isinstance(left, str) else (right, left)
            if isinstance(text, str) and _integer(times):
                count = max(0, times)  # type: ignore[call-overload]
                return text * count if len(text) * count <= MAX_TEXT else UNKNOWN
            return UNKNOWN
        if isinstance(op, ast.Mod) and isinstance(left, str):
            return _percent(left, right)
        return UNKNOWN

    def boolean(self, node: ast.BoolOp, frame: _Frame) -> object:
        value: object = UNKNOWN
        for operand in node.values:
            value = self.expression(operand, frame)
            truth = self.truth(value)
            if truth is None:
                return UNKNOWN
            if isinstance(node.op, ast.And) and not truth:
                return value
            if isinstance(node.op, ast.Or) and truth:
                return value
        return value

    def compare(self, node: ast.Compare, frame: _Frame) -> object:
        left = self.expression(node.left, frame)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = self.expression(right_node, frame)
            if not _is_static(left) or not _is_static(right):
                return UNKNOWN
            try:
                if isinstance(op, ast.Eq):
                    result = left == right
                elif isinstance(op, ast.NotEq):
                    result = left != right
                elif isinstance(op, (ast.In, ast.NotIn)):
                    if not isinstance(right, (str, list, tuple, dict)):
                        return UNKNOWN
                    if isinstance(right, str) and not isinstance(left, str):
                        return UNKNOWN
                    result = (left in right) == isinstance(op, ast.In)
                elif isinstance(op, (ast.Lt, ast.LtE, ast.Gt, ast.GtE)) and (
                    type(left) is type(right) and isinstance(left, (str, int))
                ):
                    result = {
                        ast.Lt: left < right,  # type: ignore[operator]
                        ast.LtE: left <= right,  # type: ignore[operator]
                        ast.Gt: left > right,  # type: ignore[operator]
                        ast.GtE: left >= right,  # type: ignore[operator]
                    }[type(op)]
                else:
                    return UNKNOWN
            except TypeError:
                return UNKNOWN
            if not result:
                return False
            left = right
        return True

    def subscript(self, node: ast.Subscript, frame: _Frame) -> object:
        container = self.expression(node.value, frame)
        if isinstance(node.slice, ast.Slice):
            bounds = [
                None if part is None else self.expression(part, frame)
                for part in (node.slice.lower, node.slice.upper, node.slice.step)
            ]
            if (
                not isinstance(container, (str, list, tuple))
                or not all(bound is None or _integer(bound) for bound in bounds)
                or bounds[2] == 0
            ):
                return UNKNOWN
            lower, upper, step = (bound if isinstance(bound, int) else None for bound in bounds)
            return container[lower:upper:step]
        key = self.expression(node.slice, frame)
        if isinstance(container, dict):
            if not _is_static(key) or isinstance(key, list):
                return UNKNOWN
            return container.get(key, UNKNOWN)
        if isinstance(container, (str, list, tuple)) and _integer(key):
            index: int = key  # type: ignore[assignment]
            return container[index] if -len(container) <= index < len(container) else UNKNOWN
        return UNKNOWN

    def comprehension(self, node: ast.ListComp, frame: _Frame) -> object:
        if len(node.generators) != 1 or node.generators[0].is_async:
            return UNKNOWN
        generator = node.generators[0]
        iterable = self.expression(generator.iter, frame)
        if isinstance(iterable, dict):
            iterable = list(iterable)
        if not isinstance(iterable, (list, tuple)):
            return UNKNOWN
        inner = _Frame(frame.path, frame.globals, dict(frame.locals or {}))
        if frame.locals is None:
            inner.locals = {}
        results: list[object] = []
        for item in list(iterable)[:MAX_ITEMS]:
            self.assign(generator.target, item, inner)
            keep = True
            for condition in generator.ifs:
                truth = self.truth(self.expression(condition, inner))
                if truth is None:
                    return UNKNOWN
                keep = keep and truth
            if keep:
                results.append(self.expression(node.elt, inner))
        return results

    # --- calls ------------------------------------------------------------------------

    def call(self, node: ast.Call, frame: _Frame) -> object:
        function = self.expression(node.func, frame)
        if not isinstance(function, (_Function, _Builtin, _Method)):
            return UNKNOWN
        args: list[object] = []
        kwargs: dict[str, object] = {}
        for argument in node.args:
            if isinstance(argument, ast.Starred):
                spread = self.expression(argument.value, frame)
                if not isinstance(spread, (list, tuple)):
                    return UNKNOWN
                args.extend(spread)
            else:
                args.append(self.expression(argument, frame))
        for keyword in node.keywords:
            value = self.expression(keyword.value, frame)
            if keyword.arg is None:
                if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
                    return UNKNOWN
                kwargs.update(value)
            else:
                kwargs[keyword.arg] = value
        if isinstance(function, _Builtin):
            return function.handler(self, node, frame, args, kwargs)
        if isinstance(function, _Method):
            return self.method(function, args, kwargs)
        return self.call_function(function, node, frame, args, kwargs)

    def call_function(
        self,
        function: _Function,
        node: ast.Call,
        frame: _Frame,
        args: list[object],
        kwargs: dict[str, object],
    ) -> object:
        if self.depth >= MAX_CALL_DEPTH:
            return UNKNOWN
        definition = function.node.args
        positional = [argument.arg for argument in (*definition.posonlyargs, *definition.args)]
        local: dict[str, object] = dict(function.defaults)
        extra = args[len(positional) :]
        for name, value in zip(positional, args, strict=False):
            local[name] = value
        if definition.vararg is not None:
            local[definition.vararg.arg] = tuple(extra)
        elif extra:
            return UNKNOWN  # (Tilt: too many arguments)
        keywords: dict[str, object] = {}
        allowed = set(positional) | {argument.arg for argument in definition.kwonlyargs}
        for name, value in kwargs.items():
            if name in allowed:
                local[name] = value
            elif definition.kwarg is not None:
                keywords[name] = value
            else:
                return UNKNOWN
        if definition.kwarg is not None:
            local[definition.kwarg.arg] = keywords
        for name in allowed:
            local.setdefault(name, UNKNOWN)
        inner = _Frame(function.path, function.globals, local)
        self.depth += 1
        try:
            self.block(function.node.body, inner)
        except _Return as returned:
            return returned.value
        except (_Break, _Continue):
            return UNKNOWN
        finally:
            self.depth -= 1
        return None

    def method(self, method: _Method, args: list[object], kwargs: dict[str, object]) -> object:
        owner, name = method.owner, method.name
        if isinstance(owner, str):
            if name == "join":
                if len(args) != 1 or kwargs or not isinstance(args[0], (list, tuple)):
                    return UNKNOWN
                parts = args[0]
                if not all(isinstance(part, str) for part in parts):
                    return UNKNOWN
                size = sum(len(part) for part in parts) + len(owner) * max(0, len(parts) - 1)
                texts = [part for part in parts if isinstance(part, str)]
                return concat(texts, owner) if size <= MAX_TEXT else UNKNOWN
            if name in ("strip", "lstrip", "rstrip") and not kwargs and len(args) <= 1:
                return _stripped(owner, name, args)
            return _string_method(owner, name, args, kwargs)
        if isinstance(owner, list):
            if name == "append" and len(args) == 1 and not kwargs:
                if len(owner) < MAX_ITEMS:
                    owner.append(args[0])
                return None
            if name == "extend" and len(args) == 1 and isinstance(args[0], (list, tuple)):
                if len(owner) + len(args[0]) <= MAX_ITEMS:
                    owner.extend(args[0])
                return None
            return UNKNOWN
        if isinstance(owner, dict):
            if name == "get" and 1 <= len(args) <= 2 and not kwargs and _is_static(args[0]):
                if isinstance(args[0], list):
                    return UNKNOWN
                return owner.get(args[0], args[1] if len(args) == 2 else None)
            if name in ("keys", "values") and not args and not kwargs:
                return list(getattr(owner, name)())
            if name == "items" and not args and not kwargs:
                return [(key, value) for key, value in owner.items()]
        return UNKNOWN

    # --- builtins: values -----------------------------------------------------------------

    def builtin_str(
        self, node: ast.Call, frame: _Frame, args: list[object], kwargs: dict[str, object]
    ) -> object:
        if len(args) != 1 or kwargs:
            return UNKNOWN
        text = _text(args[0])
        return UNKNOWN if text is None else text

    def builtin_len(
        self, node: ast.Call, frame: _Frame, args: list[object], kwargs: dict[str, object]
    ) -> object:
        if len(args) == 1 and not kwargs and isinstance(args[0], (str, list, tuple, dict)):
            return len(args[0])
        return UNKNOWN

    def builtin_range(
        self, node: ast.Call, frame: _Frame, args: list[object], kwargs: dict[str, object]
    ) -> object:
        if kwargs or not 1 <= len(args) <= 3 or not all(_integer(arg) for arg in args):
            return UNKNOWN
        integers = [arg for arg in args if isinstance(arg, int)]
        try:
            numbers = range(*integers)
        except ValueError:
            return UNKNOWN
        return list(numbers) if len(numbers) <= MAX_ITEMS else UNKNOWN

    def builtin_list(
        self, node: ast.Call, frame: _Frame, args: list[object], kwargs: dict[str, object]
    ) -> object:
        if not args and not kwargs:
            return []
        if len(args) == 1 and not kwargs and isinstance(args[0], (list, tuple, dict)):
            return list(args[0])
        return UNKNOWN

    def read_file(
        self, node: ast.Call, frame: _Frame, args: list[object], kwargs: dict[str, object]
    ) -> object:
        """``read_file(file_path, default=None)``: the file's text, when it is there (one that
        is not, and its default, is a run's: a file made or kept locally)."""
        name = _bind(("file_path", "default"), args, kwargs).get("file_path")
        if not isinstance(name, str) or not name or is_remote(name):
            return UNKNOWN
        from .._context_cache import stat_of

        path = join(self.here(), _plain(name))
        self.inputs[path] = stat_of(path)
        text = read_text(path, self.max_bytes)
        if isinstance(text, SourceError) or len(text) > MAX_TEXT:
            return UNKNOWN
        blob = _FileText(text, ((0, TextLiteral(path, text), 0),) if text else ())
        blob.file = path
        return blob

    def path_join(
        self, node: ast.Call, frame: _Frame, args: list[object], kwargs: dict[str, object]
    ) -> object:
        if kwargs or not all(isinstance(arg, str) for arg in args):
            return UNKNOWN
        parts: list[str] = [arg for arg in args if arg]  # type: ignore[misc]
        if not parts:
            return ""
        return posixpath.normpath(posixpath.join(*parts))  # (Go's filepath.Join cleans)

    # --- builtins: files --------------------------------------------------------------

    def load(
        self, node: ast.Call, frame: _Frame, args: list[object], kwargs: dict[str, object]
    ) -> object:
        if not args or not isinstance(args[0], str):
            return None
        module_path = args[0]
        names: dict[str, object] = {}  # local name -> name in the module
        for name in args[1:]:
            if isinstance(name, str):
                names[name] = name
        for alias, name in kwargs.items():
            if isinstance(name, str):
                names[alias] = name
        if module_path.startswith("ext://"):
            extension = _EXTENSIONS.get(module_path.removeprefix("ext://").rstrip("/"), {})
            for alias, name in names.items():
                builtin = extension.get(str(name))
                frame.globals[alias] = builtin if builtin is not None else UNKNOWN
            return None
        module = None
        if not is_remote(module_path):
            module = self.execute(join(self.here(), module_path), (frame.path, node))
        for alias, name in names.items():
            value = UNKNOWN if module is None else module.get(str(name), UNKNOWN)
            frame.globals[alias] = value
        return None

    def include(
        self, node: ast.Call, frame: _Frame, args: list[object], kwargs: dict[str, object]
    ) -> object:
        if (
            len(args) == 1
            and isinstance(args[0], str)
            and not args[0].startswith("ext://")
            and not is_remote(args[0])
        ):
            self.execute(join(self.here(), args[0]), (frame.path, node))
        return None

    def load_dynamic(
        self, node: ast.Call, frame: _Frame, args: list[object], kwargs: dict[str, object]
    ) -> object:
        if len(args) != 1 or not isinstance(args[0], str) or is_remote(args[0]):
            return UNKNOWN
        module = self.execute(join(self.here(), args[0]), (frame.path, node))
        return UNKNOWN if module is None else dict(module)  # (its globals, as a dict)

    # --- builtins: builders -------------------------------------------------------------

    def site(self, node: ast.Call, frame: _Frame) -> BuildSite:
        return BuildSite(TOOL, frame.path, node.lineno)

    def docker_build(
        self, node: ast.Call, frame: _Frame, args: list[object], kwargs: dict[str, object]
    ) -> object:
        bound = _bind(_DOCKER_BUILD, args, kwargs)
        self.dockerfile_build(node, frame, bound)
        return None

    def docker_build_with_restart(
        self, node: ast.Call, frame: _Frame, args: list[object], kwargs: dict[str, object]
    ) -> object:
        bound = _bind(_DOCKER_BUILD_WITH_RESTART, args, kwargs)
        self.dockerfile_build(node, frame, bound)
        return None

    def dockerfile_build(self, node: ast.Call, frame: _Frame, bound: dict[str, object]) -> None:
        ref = bound.get("ref", UNKNOWN)
        if not isinstance(ref, str) or not ref:
            return
        site = self.site(node, frame)
        extra = bound.get("extra_tag")
        extra_tags: list[str] = []
        if isinstance(extra, str):
            extra_tags = [extra]
        elif isinstance(extra, (list, tuple)):
            extra_tags = [tag for tag in extra if isinstance(tag, str)]
        tags = [_plain(tag) for tag in (ref, *extra_tags)]
        self.built.extend(BuiltImage(tag, site) for tag in tags)
        context_value = bound.get("context", UNKNOWN)
        dockerfile_value = bound.get("dockerfile")
        inline_value = bound.get("dockerfile_contents")
        target = bound.get("target")
        platform = bound.get("platform")
        if (
            not isinstance(context_value, str)
            or (target is not None and not isinstance(target, str))
            or (platform is not None and not isinstance(platform, str))
        ):
            return
        here = self.here()
        context_value = _plain(context_value)
        context: str | None = None if is_remote(context_value) else join(here, context_value)
        dockerfile: str | None = None
        inline: str | None = None
        if isinstance(inline_value, _FileText):
            dockerfile = inline_value.file  # (a file's whole text: that file, as BuildKit reads it)
        elif inline_value is not None:
            if not isinstance(inline_value, str):
                # (a Blob of a command's output, a value only a run gives: nothing to read)
                self.error(
                    frame.path,
                    node,
                    "dockerfile_contents is known only when Tilt runs: its Dockerfile is not read",
                    note=True,
                )
                return
            inline = inline_value
        elif dockerfile_value is not None:
            if not isinstance(dockerfile_value, str):
                return
            dockerfile = join(here, _plain(dockerfile_value))
        elif context is not None:
            dockerfile = join(context, "Dockerfile")
        build_args = bound.get("build_args")
        args: dict[str, str] = {}
        if isinstance(build_args, dict):
            for key, value in build_args.items():
                if isinstance(key, str) and isinstance(value, str):
                    args[_plain(key)] = _plain(value)
        elif build_args is not None:
            return
        self.builds.append(
            BuildConfig(
                site=site,
                name=tags[0],
                context=context,
                dockerfile=dockerfile,
                dockerfile_inline=None if inline is None else _plain(inline),
                inline_places=places(inline) if inline is not None else (),
                args=args,
                target=_plain(target) if target else None,
                tags=tags,
                platforms=(_plain(platform),) if platform else (),
            )
        )

    def custom_build(
        self, node: ast.Call, frame: _Frame, args: list[object], kwargs: dict[str, object]
    ) -> object:
        ref = args[0] if args else kwargs.get("ref", UNKNOWN)
        if isinstance(ref, str) and ref:
            self.built.append(BuiltImage(_plain(ref), self.site(node, frame)))
        return None

    def local_resource(
        self, node: ast.Call, frame: _Frame, args: list[object], kwargs: dict[str, object]
    ) -> object:
        bound = _bind(_LOCAL_RESOURCE, args, kwargs)
        for command, directory in (("cmd", "dir"), ("serve_cmd", "serve_dir")):
            self.shell_command(node, frame, bound.get(command), bound.get(directory))
        return None

    def local(
        self, node: ast.Call, frame: _Frame, args: list[object], kwargs: dict[str, object]
    ) -> object:
        bound = _bind(_LOCAL, args, kwargs)
        self.shell_command(node, frame, bound.get("command"), bound.get("dir"))
        return UNKNOWN  # (its output: only a run has it)

    def shell_command(
        self, node: ast.Call, frame: _Frame, command: object, directory: object
    ) -> None:
        """What a command Tilt runs builds (``docker build -t NAME``): a string runs in
        ``sh -c``, a list as its words; in ``directory``, else the Tiltfile's own (unkey's
        ``local_resource('build-portal-image', 'docker build -t unkey/portal:local -f
        ../web/apps/portal/Dockerfile .. && minikube image load unkey/portal:local')``)."""
        import shlex

        if isinstance(command, (list, tuple)):
            words = [_text(word) for word in command]
            command = None if None in words else shlex.join(str(word) for word in words)
        if not isinstance(command, str) or not command:
            return
        from .shell import ShellReader, built_by, may_build

        text = _plain(command)
        if not may_build(text.encode()):
            return
        start: str | None = self.here()
        if isinstance(directory, str) and directory:
            start = join(start or "", _plain(directory))
        elif directory not in (None, ""):
            start = None  # (a directory only a run knows: the built names alone)
        builds = [build.at(node.lineno) for build in ShellReader().read(text)]
        made = built_by(builds, TOOL, frame.path, start)
        self.built.extend(made.built)
        self.builds.extend(made.builds)


def _bind(
    parameters: tuple[str, ...], args: list[object], kwargs: dict[str, object]
) -> dict[str, object]:
    """Arguments by parameter name: positional ones in order, then keywords."""
    bound = dict(zip(parameters, args, strict=False))
    bound.update(kwargs)
    return bound


#: ``docker_build``'s parameters in their positional order (Tilt's ``internal/tiltfile/docker.go``).
_DOCKER_BUILD = (
    "ref",
    "context",
    "build_args",
    "dockerfile",
    "dockerfile_contents",
    "cache",
    "live_update",
    "match_in_env_vars",
    "ignore",
    "only",
    "entrypoint",
    "container_args",
    "target",
    "ssh",
    "secret",
    "network",
    "extra_tag",
    "cache_from",
    "pull",
    "platform",
    "extra_hosts",
)

#: ``local_resource``'s and ``local``'s parameters in their positional order, as far as the
#: ones read (Tilt's ``internal/tiltfile/local_resource.go`` and ``local.go``).
_LOCAL_RESOURCE = (
    "name",
    "cmd",
    "deps",
    "trigger_mode",
    "resource_deps",
    "ignore",
    "auto_init",
    "serve_cmd",
    "cmd_bat",
    "serve_cmd_bat",
    "allow_parallel",
    "links",
    "labels",
    "env",
    "serve_env",
    "readiness_probe",
    "dir",
    "serve_dir",
)
_LOCAL = ("command", "quiet", "command_bat", "echo_off", "env", "dir", "stdin")

#: The restart_process extension's ``docker_build_with_restart``: the rest goes to docker_build.
_DOCKER_BUILD_WITH_RESTART = (
    "ref",
    "context",
    "entrypoint",
    "live_update",
    "base_suffix",
    "restart_file",
    "trigger",
    "exit_policy",
)

#: The builders of Tilt's extensions (``load('ext://name', 'function')``).
_EXTENSIONS: dict[str, dict[str, _Builtin]] = {
    "restart_process": {
        "docker_build_with_restart": _Builtin(
            "docker_build_with_restart", _Reader.docker_build_with_restart
        ),
        "custom_build_with_restart": _Builtin("custom_build_with_restart", _Reader.custom_build),
    },
    "ko": {"ko_build": _Builtin("ko_build", _Reader.custom_build)},
    "pack": {"pack": _Builtin("pack", _Reader.custom_build)},
}


def _integer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _bounded(value: int) -> object:
    return value if -(2**63) <= value < 2**63 else UNKNOWN


def _same(a: object, b: object) -> bool:
    if a is b:
        return True
    if _is_static(a) and _is_static(b):
        return type(a) is type(b) and a == b
    return False


def _target_names(target: ast.expr) -> set[str]:
    return {node.id for node in ast.walk(target) if isinstance(node, ast.Name)}


def _assigned_names(body: list[ast.stmt]) -> set[str]:
    """The names a block of statements may assign."""
    names: set[str] = set()
    for statement in body:
        for node in _walk(statement):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.FunctionDef):
                names.add(node.name)
    return names


def _walk(node: ast.AST) -> Iterator[ast.AST]:
    """:func:`ast.walk`, without entering nested functions' bodies."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, ast.FunctionDef) and current is not node:
            continue
        stack.extend(ast.iter_child_nodes(current))
