"""A runner's command that runs tasks of an Invoke ``tasks.py``: ``invoke NAME`` and ``inv NAME``.

Invoke (https://www.pyinvoke.org) looks for a ``tasks.py`` module (or a ``tasks/`` package)
in the directory it runs in, then in each directory above it (``-r``/``--search-root DIR``:
there; ``-c``/``--collection NAME``: that module's name), and runs the tasks named on its
command line, each with its options (``invoke devenv --endpoints=all-stack``,
``--name VALUE``, ``-n VALUE``, ``--flag``/``--no-flag`` for a boolean parameter). A task is a
function decorated with ``@task`` whose first parameter is the context; its name on the
command line has dashes for the function's underscores (``fixed-client-tests``), or is the
``name=`` its decorator gives (or one of its ``aliases``). Its ``pre`` tasks (``@task(pre=[
clean])`` or ``@task(clean)``) run before it, its ``post`` tasks after; a task the function
calls itself (``clean(c)``) runs there. Its commands are the text given to ``c.run(…)``,
``c.sudo(…)`` (and Invoke's own ``run(…)`` and ``sudo(…)``), run by the shell in Invoke's
working directory (``with c.cd(DIR):`` moves it), in Invoke's environment
(https://docs.pyinvoke.org/en/stable/concepts/invoking-tasks.html, ``concepts/loading``).

A command's text is read as Python writes it: a literal, a name the module or the function
assigns a string once before it, a parameter (its default, or the value the command line
gives), an f-string of those (any other field a run's), or their ``+``. An ``if NAME:`` on a
parameter whose value is known takes its branch; any other takes both. redis/redis-py's CI
runs ``invoke devenv --endpoints=all-stack``, whose task runs ``f"docker compose --profile
{endpoints} up -d --build"``, with the image tags its step exports.
"""

from __future__ import annotations

import ast

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

__all__ = ["INVOKE_PROGRAMS", "InvokeCall", "invoke_call", "task_commands", "tasks_module"]

#: The programs that run an Invoke collection's tasks.
INVOKE_PROGRAMS = frozenset({"invoke", "inv"})
#: Invoke's core options that take the next word as their value.
_CORE_VALUE_OPTIONS = frozenset(
    {"-c", "--collection", "-r", "--search-root", "-f", "--config", "--prefix", "-T",
     "--command-timeout", "-D", "--list-depth", "-F", "--list-format", "--hide"}
)  # fmt: skip
#: Core options that list or explain, running no task.
_NOT_RUNNING = frozenset(
    {"-l", "--list", "-h", "--help", "-V", "--version", "--complete", "--print-completion-script"}
)
#: How deep tasks that run other tasks are followed.
_MAX_DEPTH = 4
#: The most commands one call reads.
_MAX_COMMANDS = 200


class InvokeCall:
    """An ``invoke`` command: where it looks for its collection (``search_root``, relative to
    the command's directory; ``None``: there and above), the module's name, and its words
    after the core options (the tasks and their options, split once the module is read)."""

    __slots__ = ("module", "search_root", "words")

    def __init__(self, search_root: str | None, module: str, words: list[str]) -> None:
        self.search_root = search_root
        self.module = module
        self.words = words


def invoke_call(program: str, arguments: list[str]) -> InvokeCall | None:
    """The ``invoke`` command ``program`` with ``arguments`` (expanded), or ``None`` when it is
    no such command or runs no task (``--list``, ``--help``)."""
    if program.rpartition("/")[2] not in INVOKE_PROGRAMS:
        return None
    root: str | None = None
    module = "tasks"
    index = 0
    while index < len(arguments):
        word = arguments[index]
        if not word.startswith("-"):
            break
        option, equals, value = word.partition("=")
        if option in _NOT_RUNNING:
            return None
        if option in _CORE_VALUE_OPTIONS:
            if not equals:
                index += 1
                value = arguments[index] if index < len(arguments) else ""
            if option in ("-r", "--search-root"):
                root = value
            elif option in ("-c", "--collection"):
                module = value
        index += 1
    words = arguments[index:]
    if not words or not module.isidentifier():
        return None
    return InvokeCall(root, module, words)


def tasks_module(directory: str, name: str) -> str | None:
    """The file of the module ``name`` in ``directory`` (``NAME.py``, or ``NAME/__init__.py``),
    or ``None``."""
    import os

    for candidate in (
        os.path.join(directory, f"{name}.py"),
        os.path.join(directory, name, "__init__.py"),
    ):
        if os.path.isfile(candidate):
            return candidate
    return None


class _Task:
    """A task of the module: its function, its names on the command line, its parameters'
    defaults (``None``: no literal default), its pre and post tasks (function names)."""

    __slots__ = ("defaults", "function", "names", "post", "pre")

    def __init__(self, function: ast.FunctionDef, decorator: ast.expr) -> None:
        self.function = function
        named = function.name
        aliases: list[str] = []
        self.pre: list[str] = []
        self.post: list[str] = []
        if isinstance(decorator, ast.Call):
            self.pre.extend(_names(decorator.args))
            for keyword in decorator.keywords:
                if keyword.arg == "name" and isinstance(keyword.value, ast.Constant):
                    named = str(keyword.value.value)
                elif keyword.arg == "aliases" and isinstance(keyword.value, ast.List | ast.Tuple):
                    aliases.extend(
                        str(element.value)
                        for element in keyword.value.elts
                        if isinstance(element, ast.Constant)
                    )
                elif keyword.arg in ("pre", "post") and isinstance(
                    keyword.value, ast.List | ast.Tuple
                ):
                    (self.pre if keyword.arg == "pre" else self.post).extend(
                        _names(keyword.value.elts)
                    )
        self.names = {named, named.replace("_", "-"), *aliases}
        arguments = function.args
        given = arguments.args
        defaults: list[ast.expr | None] = [None] * (len(given) - len(arguments.defaults))
        defaults.extend(arguments.defaults)
        self.defaults: dict[str, object] = {}
        # (the first is the context)
        for parameter, default in zip(given[1:], defaults[1:], strict=True):
            self.defaults[parameter.arg] = _literal(default)
        for parameter, default in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True):
            self.defaults[parameter.arg] = _literal(default)

    @property
    def context(self) -> str | None:
        """The name of the task's context parameter (``c``, ``ctx``)."""
        arguments = self.function.args.args
        return arguments[0].arg if arguments else None


def _names(nodes: list[ast.expr]) -> list[str]:
    return [node.id for node in nodes if isinstance(node, ast.Name)]


def _literal(node: ast.expr | None) -> object:
    """A default's value when it is a string, number or boolean literal, else ``None``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str | int | float | bool):
        return node.value
    return None


def _tasks(tree: ast.Module) -> dict[str, _Task]:
    """The module's tasks, by function name."""
    found: dict[str, _Task] = {}
    for statement in tree.body:
        if not isinstance(statement, ast.FunctionDef):
            continue
        for decorator in statement.decorator_list:
            called = decorator.func if isinstance(decorator, ast.Call) else decorator
            name = called.attr if isinstance(called, ast.Attribute) else getattr(called, "id", "")
            if name == "task":
                found[statement.name] = _Task(statement, decorator)
                break
    return found


def _split(words: list[str], tasks: Mapping[str, _Task]) -> list[tuple[_Task, dict[str, object]]]:
    """The tasks the command line names, in order, each with the values its options give."""
    by_name = {name: task for task in tasks.values() for name in task.names}
    found: list[tuple[_Task, dict[str, object]]] = []
    index = 0
    while index < len(words):
        task = by_name.get(words[index])
        index += 1
        if task is None:
            return found  # (a word that is no task: the rest is not known)
        given: dict[str, object] = {}
        shorts = _short_flags(task)
        positional = list(task.defaults)
        while index < len(words) and (
            words[index] not in by_name or words[index - 1].startswith("-")
        ):
            word = words[index]
            index += 1
            option, equals, value = word.partition("=")
            if word.startswith("--no-") and option[5:].replace("-", "_") in task.defaults:
                given[option[5:].replace("-", "_")] = False
                continue
            if word.startswith("--"):
                name: str | None = option[2:].replace("-", "_")
            elif word.startswith("-") and len(option) == 2:
                name = shorts.get(option[1])
            else:
                # (a positional value: the next parameter not given yet)
                name = next((each for each in positional if each not in given), None)
                if name is not None:
                    given[name] = word
                continue
            if name is None or name not in task.defaults:
                continue
            if isinstance(task.defaults[name], bool) and not equals:
                given[name] = True
                continue
            if not equals:
                if index >= len(words):
                    break
                value = words[index]
                index += 1
            given[name] = value
        found.append((task, given))
    return found


def _short_flags(task: _Task) -> dict[str, str]:
    """The short flags Invoke gives a task's parameters: each its first letter, unless an
    earlier one has it (then its upper case, when free), as ``Parser`` does; ``-h`` is
    help's."""
    taken = {"h"}
    found: dict[str, str] = {}
    for name in task.defaults:
        for letter in (name[0], name[0].upper()):
            if letter not in taken:
                taken.add(letter)
                found[letter] = name
                break
    return found


def task_commands(
    text: str, words: list[str], here: str = ".", environment: Mapping[str, str] | None = None
) -> Iterator[tuple[int, int, str, str, dict[str, str]]]:
    """The commands the tasks that ``invoke WORDS`` names run, in order, from the module's
    text: each command's first and last line, its text (a run's part :data:`UNKNOWN`) and
    the directory ``c.cd`` moved to (``""``: Invoke's own) and the variables its ``env=``
    gives; ``here``: the module's directory from Invoke's (``os.path.dirname(__file__)``);
    ``environment``: Invoke's, whose ``INVOKE_NS_KEY`` variables change the configuration."""
    from ._python_source import constants, parsed

    tree = parsed(text)
    if tree is None:
        return
    tasks = _tasks(tree)
    if not tasks:
        return
    lines = text.split("\n")
    module = {name: written[0] for name, written in constants(tree, lines).items()}
    helpers = {
        statement.name: statement
        for statement in tree.body
        if isinstance(statement, ast.FunctionDef) and statement.name not in tasks
    }
    reading = _Reading(tasks, module, helpers)
    reading.here = here
    reading.config = _configured(tree, here)
    if environment:
        _overridden(reading.config, environment, "INVOKE")
    for task, given in _split(words, tasks):
        reading.task(task, given, 0)
    yield from reading.commands


class _Reading:
    """The commands of the tasks read, in order (see :func:`task_commands`)."""

    __slots__ = ("commands", "config", "helpers", "here", "module", "ran", "tasks")

    def __init__(
        self,
        tasks: Mapping[str, _Task],
        module: Mapping[str, str],
        helpers: Mapping[str, ast.FunctionDef],
    ) -> None:
        self.tasks = tasks
        self.module = module
        #: The module's functions that are no tasks (a helper given the context runs too).
        self.helpers = helpers
        self.commands: list[tuple[int, int, str, str, dict[str, str]]] = []
        #: What the collection's ``configure({…})`` gives the context (``c.NS.key``).
        self.config: dict[str, object] = {}
        self.here = "."
        self.ran: set[tuple[str, tuple[tuple[str, str], ...]]] = set()

    def task(self, task: _Task, given: Mapping[str, object], depth: int) -> None:
        if depth > _MAX_DEPTH or len(self.commands) >= _MAX_COMMANDS:
            return
        values = {**task.defaults, **given}
        key = (task.function.name, tuple(sorted((k, repr(v)) for k, v in values.items())))
        if key in self.ran:
            return  # (Invoke runs a task once a run, with the same arguments)
        self.ran.add(key)
        for name in task.pre:
            if name in self.tasks:
                self.task(self.tasks[name], {}, depth + 1)
        known: dict[str, object] = {**self.module, **values, **self._context(task)}
        self._body(task, task.function.body, known, "", depth)
        for name in task.post:
            if name in self.tasks:
                self.task(self.tasks[name], {}, depth + 1)

    def _context(self, task: _Task) -> dict[str, object]:
        """The task's context parameter, as the configuration it holds."""
        return {task.context: self.config} if task.context is not None else {}

    def _body(
        self, task: _Task, body: list[ast.stmt], known: dict[str, object], cwd: str, depth: int
    ) -> None:
        import os

        from ._shell_values import UNKNOWN

        for statement in body:
            if isinstance(statement, ast.AugAssign) and isinstance(statement.target, ast.Name):
                before, added = known.get(statement.target.id), _text(statement.value, known)
                known[statement.target.id] = (
                    before + added
                    if isinstance(before, str)
                    and added is not None
                    and isinstance(statement.op, ast.Add)
                    else None
                )
                continue
            if (
                isinstance(statement, ast.For)
                and isinstance(statement.target, ast.Name)
                and isinstance(items := _evaluate(statement.iter, known, self.here), list)
                and len(items) <= 16
            ):
                for item in items:
                    known[statement.target.id] = item
                    self._body(task, statement.body, known, cwd, depth)
                continue
            if (
                isinstance(statement, ast.Expr)
                and isinstance(call := statement.value, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and call.func.attr == "append"
                and isinstance(call.func.value, ast.Name)
                and len(call.args) == 1
            ):
                held = known.get(call.func.value.id)
                if isinstance(held, list):  # (a list of words the command joins)
                    word = _evaluate(call.args[0], known, self.here)
                    from ._shell_values import UNKNOWN

                    # (a word not known is a run's: `if service is not None: ….append(service)`)
                    known[call.func.value.id] = [*held, UNKNOWN if word is None else word]
                continue
            if isinstance(statement, ast.Assign):
                for node in ast.walk(statement.value):  # (`results = docker_compose(c, …)`)
                    if isinstance(node, ast.Call):
                        self._call(task, node, known, cwd, depth)
                text = _evaluate(statement.value, known, self.here)
                for target in statement.targets:
                    for name in ast.walk(target):
                        if isinstance(name, ast.Name):
                            if isinstance(target, ast.Name) and text is not None:
                                known[name.id] = text
                            else:
                                known[name.id] = None
                continue
            if isinstance(statement, ast.If):
                test = _truth(statement.test, known)
                if test is not False:
                    self._body(task, statement.body, known, cwd, depth)
                if test is not True:
                    self._body(task, statement.orelse, known, cwd, depth)
                continue
            if isinstance(statement, ast.With):
                moved = cwd
                for item in statement.items:
                    call = item.context_expr
                    if (
                        isinstance(call, ast.Call)
                        and isinstance(call.func, ast.Attribute)
                        and call.func.attr == "cd"
                        and call.args
                    ):
                        directory = _text(call.args[0], known)
                        moved = (
                            os.path.normpath(os.path.join(moved, directory))
                            if directory is not None and UNKNOWN not in directory
                            else UNKNOWN
                        )
                self._body(task, statement.body, known, moved, depth)
                continue
            if isinstance(statement, ast.For | ast.While | ast.Try):
                for block in ("body", "orelse", "finalbody"):
                    self._body(task, getattr(statement, block, []), known, cwd, depth)
                for handler in getattr(statement, "handlers", []):
                    self._body(task, handler.body, known, cwd, depth)
                continue
            for node in ast.walk(statement):
                if isinstance(node, ast.Call):
                    self._call(task, node, known, cwd, depth)

    def _call(
        self, task: _Task, call: ast.Call, known: Mapping[str, object], cwd: str, depth: int
    ) -> None:
        called = call.func
        if isinstance(called, ast.Attribute):
            runs = (
                called.attr in ("run", "sudo")
                and isinstance(called.value, ast.Name)
                and called.value.id == task.context
            )
        elif isinstance(called, ast.Name):
            if called.id in self.tasks and called.id != task.function.name:
                other = self.tasks[called.id]
                given: dict[str, object] = {}
                for keyword in call.keywords:
                    if keyword.arg in other.defaults:
                        value = _value(keyword.value, known)
                        if value is not None:
                            given[keyword.arg] = value
                self.task(other, given, depth + 1)
                return
            helper = self.helpers.get(called.id)
            if (
                helper is not None
                and call.args
                and isinstance(call.args[0], ast.Name)
                and call.args[0].id == task.context
            ):
                self._helper(task, helper, call, known, cwd, depth)
                return
            runs = called.id in ("run", "sudo")
        else:
            return
        if not runs or not call.args:
            return
        text = _text(call.args[0], known)
        if text is None or not text.strip():
            return
        env: dict[str, str] = {}
        for keyword in call.keywords:
            if keyword.arg == "env":
                passed = _evaluate(keyword.value, known, self.here)
                if isinstance(passed, dict):
                    env = {k: v for k, v in passed.items() if isinstance(v, str)}
        self.commands.append((call.lineno, call.end_lineno or call.lineno, text, cwd, env))

    def _helper(
        self,
        task: _Task,
        helper: ast.FunctionDef,
        call: ast.Call,
        known: Mapping[str, object],
        cwd: str,
        depth: int,
    ) -> None:
        """A function of the module that a task gives its context (``docker_compose(c,
        "up")``): its body read with the values the call gives its parameters (a literal, a
        known name's), else their defaults."""
        if depth >= _MAX_DEPTH or helper.args.vararg is not None:
            return
        parameters = helper.args.args
        if not parameters:
            return
        values: dict[str, object] = {}
        defaults = helper.args.defaults
        for parameter, default in zip(
            parameters[len(parameters) - len(defaults) :], defaults, strict=True
        ):
            values[parameter.arg] = _literal(default)
        for keyword_only, value in zip(
            helper.args.kwonlyargs, helper.args.kw_defaults, strict=True
        ):
            values[keyword_only.arg] = _literal(value)
        for parameter, argument in zip(parameters[1:], call.args[1:], strict=False):
            values[parameter.arg] = _value(argument, known)
        for keyword in call.keywords:
            if keyword.arg is not None:
                values[keyword.arg] = _value(keyword.value, known)
        inner = _Task.__new__(_Task)
        inner.function = helper
        inner.names, inner.pre, inner.post, inner.defaults = set(), [], [], {}
        values.update(self._context(inner))
        self._body(inner, helper.body, {**self.module, **values}, cwd, depth + 1)


def _value(node: ast.expr, known: Mapping[str, object]) -> object:
    """A value an argument gives: a literal, or a known name's."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return known.get(node.id)
    return _text(node, known)


def _truth(node: ast.expr, known: Mapping[str, object]) -> bool | None:
    """Whether an ``if``'s test holds, for a known name (``not NAME`` too); ``None`` else."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        inner = _truth(node.operand, known)
        return None if inner is None else not inner
    if isinstance(node, ast.Name) and known.get(node.id) is not None:
        return bool(known[node.id])
    return None


def _shown(value: object) -> str | None:
    """A value as ``str()`` makes it in an f-string; ``None`` when it is not known (or a
    collection, whose text is Python's)."""
    return None if value is None or isinstance(value, dict | list) else str(value)


def _evaluate(node: ast.expr, known: Mapping[str, object], here: str) -> object:
    """A value the source writes: a literal, a list or dict of those, a known name, an
    attribute of a known mapping (the context's configuration, ``c.NS.key``), a string
    (see :func:`_text`), ``os.path.join`` of strings, ``os.path.dirname(__file__)``
    (``here``); ``None`` for anything else."""
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str | int | float | bool) else None
    if isinstance(node, ast.Name):
        return known.get(node.id)
    if isinstance(node, ast.Attribute):
        base = _evaluate(node.value, known, here)
        return base.get(node.attr) if isinstance(base, dict) else None
    if isinstance(node, ast.List | ast.Tuple):
        items = [_evaluate(element, known, here) for element in node.elts]
        return items if all(item is not None for item in items) else None
    if isinstance(node, ast.Dict):
        found: dict[str, object] = {}
        for key, value in zip(node.keys, node.values, strict=True):
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                found[key.value] = _evaluate(value, known, here)
        return found
    if isinstance(node, ast.Call):
        from ._python_source import dotted

        if (  # (" ".join(words))
            isinstance(node.func, ast.Attribute)
            and node.func.attr == "join"
            and isinstance(node.func.value, ast.Constant)
            and isinstance(node.func.value.value, str)
            and len(node.args) == 1
        ):
            words = _evaluate(node.args[0], known, here)
            if isinstance(words, list) and all(isinstance(word, str) for word in words):
                return node.func.value.value.join(str(word) for word in words)
            return None
        if (  # ("… {} …".format(a, b))
            isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"
            and isinstance(node.func.value, ast.Constant)
            and isinstance(node.func.value.value, str)
        ):
            return _formatted(node.func.value.value, node, known, here)
        called = dotted(node.func)
        if called == "os.path.dirname" and [dotted(a) for a in node.args] == ["__file__"]:
            return here
        if called == "os.path.join" and node.args and not node.keywords:
            import os

            parts = [_evaluate(argument, known, here) for argument in node.args]
            if all(isinstance(part, str) for part in parts):
                return os.path.normpath(os.path.join(*(str(part) for part in parts)))
        return None
    return _text(node, known)


def _formatted(layout: str, call: ast.Call, known: Mapping[str, object], here: str) -> str | None:
    """``LAYOUT.format(ARG, …)`` as ``str.format`` makes it: each replacement field (``{}``,
    ``{0}``, ``{name}`` of a keyword) given its argument's text, a run's value for one not
    known, as in an f-string (metallb's ``"… golangci/golangci-lint:v{} {}".format(version,
    cmd)``); a field with a format spec, a conversion other than ``!s``, an attribute or index,
    or a ``*args``/``**kwargs`` call is not read (docs.python.org, *Format String Syntax*)."""
    from string import Formatter

    from ._shell_values import UNKNOWN

    if any(isinstance(argument, ast.Starred) for argument in call.args) or any(
        keyword.arg is None for keyword in call.keywords
    ):
        return None
    keywords = {keyword.arg: keyword.value for keyword in call.keywords if keyword.arg}
    parts: list[str] = []
    automatic = 0
    try:
        fields = list(Formatter().parse(layout))
    except ValueError:
        return None
    for literal, field, spec, conversion in fields:
        parts.append(literal)
        if field is None:
            continue
        if spec or conversion not in (None, "s"):
            return None
        argument: ast.expr | None
        if field == "":
            argument = call.args[automatic] if automatic < len(call.args) else None
            automatic += 1
        elif field.isdigit():
            index = int(field)
            argument = call.args[index] if index < len(call.args) else None
        else:
            argument = keywords.get(field)
        if argument is None:
            return None  # (an IndexError/KeyError, or an attribute's or index's field)
        shown = _shown(_evaluate(argument, known, here))
        parts.append(shown if shown is not None else UNKNOWN)
    return "".join(parts)


def _overridden(config: dict[str, object], environment: Mapping[str, str], prefix: str) -> None:
    """The configuration with the environment's values in place of those its variables name:
    ``INVOKE_`` and the key's path, upper case, joined by ``_`` (``INVOKE_PYNAUTOBOT_PYTHON_VER``
    for ``pynautobot.python_ver``), as Invoke's ``Environment`` loads them for keys the
    configuration has, cast to the default's type (docs.pyinvoke.org, *Configuration*,
    environment variables); a run's value is a run's."""
    from ._shell_values import UNKNOWN

    for key, value in list(config.items()):
        name = f"{prefix}_{key.upper()}"
        if isinstance(value, dict):
            _overridden(value, environment, name)
        elif name in environment and not isinstance(value, list):
            given = environment[name]
            if UNKNOWN in given or any(0xE000 <= ord(c) <= 0xF8FF for c in given):
                config[key] = None
            elif isinstance(value, bool):
                config[key] = given.lower() not in ("", "0", "false", "no")
            else:
                config[key] = given


def _configured(tree: ast.Module, here: str) -> dict[str, object]:
    """What the module's collection's ``configure({…})`` gives (``namespace.configure({
    "pynautobot": {"compose_files": ["docker-compose.yml"]}})``): the context's values,
    Invoke's defaults for the tasks (an ``invoke.yml`` or the environment may change them)."""
    found: dict[str, object] = {}
    for statement in tree.body:
        call = statement.value if isinstance(statement, ast.Expr) else None
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "configure"
            and len(call.args) == 1
        ):
            given = _evaluate(call.args[0], {}, here)
            if isinstance(given, dict):
                found.update(given)
    return found


def _text(node: ast.expr, known: Mapping[str, object]) -> str | None:
    """A string's text: a literal, a known name's value, an f-string (a run's value for each
    field not a known name) or their ``+``; ``None`` else."""
    from .python_commands import string_text

    def named(node: ast.expr) -> str | None:
        value = _evaluate(node, known, ".")
        return value if isinstance(value, str) else None

    def field(part: ast.FormattedValue) -> str | None:
        shown_as_is = part.format_spec is None and part.conversion in (-1, ord("s"))
        if not shown_as_is or not isinstance(part.value, ast.Name | ast.Attribute):
            return None
        return _shown(_evaluate(part.value, known, "."))

    return string_text(node, named, field)
