"""Python's argument lists: the engine commands a Python test or tool runs itself.

A Python test suite that drives ``docker`` or ``podman`` gives ``subprocess`` (or a helper of
its own that calls it) the command's words as a list: containers/podman-compose's integration
tests build the image their compose files run, ``subprocess.check_call(['podman', 'build',
'-t', 'nopush/podman-compose-test', '.'])``, and retag another, ``["podman", "tag",
"docker.io/library/debian:bookworm-slim", "docker.io/library/debian:up-down-test"]`` (92 false
TS002 on the built name in survey 31c). A list or tuple written in the source whose first
element is an engine's name (``docker``, ``podman``) is read as that
command's words (:func:`command_reading`):

* a word is a string literal, or a name the module assigns one once; an f-string keeps its
  literal text with a run's value in place of each ``{…}``; anything else (a parameter, a
  ``*args``) is a run's, but for a parameter of the function the command is in that a call
  of it in the module gives a literal or a constant: the command is read at each such call,
  with its values (:func:`_calls_giving_parameters`);
* a ``run``, ``create`` or ``pull`` gives its image as a shell script's command does (kind
  ``shell``, ``tool`` ``subprocess``, ``engine``, ``verb``), unless the source builds that
  name itself;
* a ``build -t NAME`` or ``tag SOURCE NAME`` makes ``NAME`` an image the project builds
  (see ``.python``), wherever else the project names it.

>>> import ast
>>> text = 'subprocess.run(["docker", "run", "--rm", "alpine:3.20", "true"])'
>>> pulls, builds = command_reading(ast.parse(text), text.split("\\n"))
>>> [(pull.image, pull.verb, pull.line) for pull in pulls], builds
([('alpine:3.20', 'run', 1)], [])
"""

from __future__ import annotations

from ..._lazy import lazy_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    import ast
    from collections.abc import Callable, Mapping

    from ._python_source import Written
    from ._shell_values import ShellBuild, ShellPull

__all__ = ["TOOL", "command_reading", "names_engine_command", "string_text"]

#: The tool named in the occurrences' context.
TOOL = "subprocess"
#: The engines whose commands are read (those the Python reader's quick look knows).
_ENGINES = ("docker", "podman")


def names_engine_command(head: bytes) -> bool:
    """Whether a source's text may write an engine command's words as a list (a quick look:
    the engine's name as a string literal after an opening bracket)."""
    if b"docker" not in head and b"podman" not in head:
        return False  # (most sources: two fast searches, no pattern)
    return _OPENING.search(head) is not None


# (a list's first word; or a command line's start, ``"docker run --rm"``: see _command_line)
_OPENING = lazy_pattern(
    rb"[\[(]\s*[\"'](?:docker|podman)[\"']|[\"'](?:docker|podman) (?:run|pull|create)\b"
)


def command_reading(
    tree: ast.Module,
    lines: list[str],
    path: str | None = None,
    parents: Mapping[ast.AST, ast.AST] | None = None,
) -> tuple[list[ShellPull], list[ShellBuild]]:
    """The pulls and the builds of the engine commands the source writes as lists (see the
    module); a pull of a name the source builds is left out."""
    import ast

    from ._engine_commands import engine_command, pull_command
    from ._python_source import constants
    from .docker_sdk import expects_failure, is_unit_test

    if is_unit_test(path):
        return [], []  # (a unit test's subprocess is a fake's)
    if parents is None:
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    known = constants(tree, lines)
    pulls: list[ShellPull] = []
    builds: list[ShellBuild] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            line_words = _command_line(node, known)
            if line_words is None or line_words[0] not in _ENGINES:
                continue
            engine, words = line_words[0], line_words[1:]
        elif isinstance(node, ast.List | ast.Tuple) and node.elts:
            first = node.elts[0]
            if not isinstance(first, ast.Constant) or first.value not in _ENGINES:
                continue
            engine, words = first.value, [_word(element, known) for element in node.elts[1:]]
            if _expected(node, parents) or expects_failure(node, parents):
                continue
            for call, given in _calls_giving_parameters(tree, node, parents, known):
                # (a helper's command with its parameters: each call in the module gives them)
                call_words = [
                    given.get(element.id, word) if isinstance(element, ast.Name) else word
                    for element, word in zip(node.elts[1:], words, strict=True)
                ]
                call_last = call.end_lineno or call.lineno
                pulls += pull_command(engine, call_words, call.lineno, call_last)
        else:
            continue
        if _expected(node, parents) or expects_failure(node, parents):
            continue  # (what a test expects a command to be, or a run that must fail)
        line, last = node.lineno, node.end_lineno or node.lineno
        pulls += pull_command(engine, words, line, last)
        build = engine_command(engine, words, line)
        if build is not None and (build.names or build.tagged):
            builds.append(build)
    built = {name for build in builds for name in build.names}
    return [pull for pull in pulls if _repository(pull.image) not in built], builds


def _calls_giving_parameters(
    tree: ast.Module,
    node: ast.List | ast.Tuple,
    parents: Mapping[ast.AST, ast.AST],
    known: Mapping[str, Written],
) -> list[tuple[ast.Call, dict[str, str]]]:
    """The calls in the module of the function whose command ``node`` is, when a word of it
    is one of the function's parameters, each with the values its arguments give them
    (literals, constants): uber/kraken's ``test/python/conftest.py`` pulls its test images
    with ``_setup_test_image('alpine:latest')``, a function that runs ``['docker', 'pull',
    name]``. A call's argument that is anything else stays a run's."""
    import ast

    function = parents.get(node)
    while function is not None and not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
        function = parents.get(function)
    if function is None:
        return []
    parameters = [argument.arg for argument in (*function.args.posonlyargs, *function.args.args)]
    used = {element.id for element in node.elts if isinstance(element, ast.Name)}
    if not used & set(parameters) or used & set(known):
        return []
    found: list[tuple[ast.Call, dict[str, str]]] = []
    for call in ast.walk(tree):
        if not (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Name)
            and call.func.id == function.name
        ):
            continue
        given: dict[str, str] = {}
        for parameter, argument in zip(parameters, call.args, strict=False):
            text = _text(argument, known)
            if text is not None:
                given[parameter] = text
        for keyword in call.keywords:
            text = _text(keyword.value, known) if keyword.arg in parameters else None
            if keyword.arg is not None and text is not None:
                given[keyword.arg] = text
        if given.keys() & used:
            found.append((call, given))
    return found


def _repository(image: str) -> str:
    """An image's name without its tag or digest (as a build's names are kept)."""
    name = image.partition("@")[0]
    head, _, last = name.rpartition("/")
    return f"{head}/{last.partition(':')[0]}" if head else last.partition(":")[0]


def _expected(node: ast.AST, parents: Mapping[ast.AST, ast.AST]) -> bool:
    """Whether a list is what a test expects, not what it runs: inside an ``assert``, a
    comparison, or an ``assert…`` call (``run.assert_called_once_with([…])``)."""
    import ast

    above = parents.get(node)
    while above is not None and not isinstance(above, ast.FunctionDef | ast.AsyncFunctionDef):
        if isinstance(above, ast.Assert | ast.Compare):
            return True
        if isinstance(above, ast.Call):
            called = above.func
            name = called.attr if isinstance(called, ast.Attribute) else getattr(called, "id", "")
            if name.startswith("assert"):
                return True
        above = parents.get(above)
    return False


#: The calls that run a command line through the shell: ``os.system(LINE)``, and
#: ``subprocess``'s with ``shell=True``.
_SHELL_CALLS = frozenset({"run", "call", "check_call", "check_output", "Popen", "getoutput"})


def _command_line(call: ast.Call, known: Mapping[str, Written]) -> list[str] | None:
    """The words of the first command of the line a call gives the shell (``os.system(f"{
    docker_run_cmd} --privileged linuxserver/qemu-static --reset -p yes")``, where the module
    says ``docker_run_cmd = "docker run --rm"``: jellyfin/jellyfin-packaging's build.py, survey
    38b); ``None`` for any other call, or a line not split here."""
    import ast
    import shlex

    called = call.func
    name = called.attr if isinstance(called, ast.Attribute) else getattr(called, "id", "")
    if not call.args:
        return None
    if name == "system":
        pass  # (os.system: always the shell)
    elif name not in _SHELL_CALLS or not any(
        keyword.arg == "shell"
        and isinstance(keyword.value, ast.Constant)
        and keyword.value.value is True
        for keyword in call.keywords
    ):
        return None
    text = _text(call.args[0], known)
    if text is None:
        return None
    try:
        words = shlex.split(text)
    except ValueError:  # (an unclosed quote)
        return None
    for index, word in enumerate(words):
        if word in ("&&", "||", ";", "|", "&"):
            words = words[:index]
            break
    return words or None


def _text(node: ast.expr, known: Mapping[str, Written]) -> str | None:
    """A string's text as the source writes it: a literal, a constant's name, an f-string
    (a run's value for each field but a constant's name) or their ``+``; ``None`` else."""
    import ast

    def named(node: ast.expr) -> str | None:
        return known[node.id][0] if isinstance(node, ast.Name) and node.id in known else None

    def field(part: ast.FormattedValue) -> str | None:
        return named(part.value) if part.format_spec is None else None

    return string_text(node, named, field)


def string_text(
    node: ast.expr,
    named: Callable[[ast.expr], str | None],
    field: Callable[[ast.FormattedValue], str | None],
) -> str | None:
    """A string expression's text: a literal, what ``named`` gives a name (an attribute, a
    call), an f-string (``field``'s text of each field, a run's value where it gives
    ``None``), or their ``+``; ``None`` else. Shared by the readers of Python sources that
    run commands (this module's, ``._invoke_run``'s)."""
    import ast

    from ._shell_values import UNKNOWN

    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.Name | ast.Attribute | ast.Call):
        return named(node)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left = string_text(node.left, named, field)
        right = string_text(node.right, named, field)
        return left + right if left is not None and right is not None else None
    if isinstance(node, ast.JoinedStr):
        parts: list[str] = []
        for part in node.values:
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                parts.append(part.value)
            elif isinstance(part, ast.FormattedValue) and (shown := field(part)) is not None:
                parts.append(shown)
            else:
                parts.append(UNKNOWN)
        return "".join(parts)
    return None


def _word(node: ast.expr, known: Mapping[str, Written]) -> str:
    """One word of a command: a literal's text, a constant's, an f-string's with a run's
    value for each of its fields; else a run's."""
    import ast

    from ._shell_values import UNKNOWN

    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name) and node.id in known:
        return known[node.id][0]
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value
            if isinstance(part, ast.Constant) and isinstance(part.value, str)
            else UNKNOWN
            for part in node.values
        )
    return UNKNOWN
