"""Whether a script run with known words does nothing a reading follows, by its text alone.

A script that dispatches on its first word (``case "$1" in``, or ``command="$1"`` then
``case $command in``, at its top level before any loop) runs, for one word, the first arm whose
pattern matches it and no other (POSIX, *case Conditional Construct*), and the functions that
arm calls. When none of that text (with the top level around the ``case``, the words, and
the values of the variables it names) may pull, build, run a compose file, a chart or a
script of the project (as :meth:`.shell.ShellReader._may_act` judges a function call), a
reading of that run finds nothing: :class:`._runs.Running` does not read it, nor counts it.
crystal-lang/crystal's workflows run ``bin/ci prepare_system``, ``bin/ci prepare_build`` and
``bin/ci build`` in each of their matrix jobs: only ``build`` reaches ``docker run``.
"""

from __future__ import annotations

import functools

from ..._lazy import lazy_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = ["idle_run"]

#: The most functions followed from the arm (a script's own, by name).
_MAX_FUNCTIONS = 200


def idle_run(
    text: str,
    words: tuple[str, ...],
    environment: Mapping[str, str],
    program: Callable[[str], bool] = lambda path: True,
) -> bool:
    """Whether the script ``text`` run with ``words`` (known: ``$1`` is ``words[0]``) in
    ``environment`` surely does nothing a reading follows (see the module); ``False`` when
    its text does not tell (no such ``case``, a pattern or a command a run decides).
    ``program`` says whether a path a command starts with is a program of the project that
    a reading would run (``./src/VERSION``, which ``$(cat ./src/VERSION)`` reads, is not).

    >>> script = 'cmd="$1"\\nshift\\ncase $cmd in\\n  lint) echo ok ;;\\n'
    >>> script += '  up) docker pull redis:7 ;;\\nesac'
    >>> idle_run(script, ("lint",), {}), idle_run(script, ("up",), {})
    (True, False)
    """
    if not words or "case" not in text:
        return False
    from ._shell_values import UNKNOWN

    if UNKNOWN in words[0]:
        return False
    reached = _reached(text, words[0])
    if reached is None:
        return False
    acting, paths = _acts(reached)
    if acting or any(program(path) for path in paths):
        return False
    named = [
        value
        for name in dict.fromkeys(_VARIABLE.findall(reached))
        if (value := environment.get(name))
    ]
    extra = "\n".join([*words, *named])
    acting, paths = _acts(extra)
    if acting or any(program(path) for path in paths):
        return False
    from ._shell_relevance import _may_build_by_words, _may_pull_by_words

    # (an engine in one, its verb in the other: `eval "$*"` of `docker` and `pull`)
    data = f"{reached}\n{extra}".encode()
    return not (_may_pull_by_words(data) or _may_build_by_words(data))


@functools.lru_cache(maxsize=256)
def _acts(text: str) -> tuple[bool, tuple[str, ...]]:
    """Whether shell text may do what a reading follows (see ``._shell_calls._may_act``),
    or source a file (which may do anything), but for a program of the project it may
    run: those are the paths a command of it starts with (``True`` for one a variable
    gives)."""
    from ._runs import _program_path, may_run
    from ._shell_relevance import _ACTING_WORDS, _may_build_by_words, _may_pull_by_words

    data = text.encode()
    if (
        _may_pull_by_words(data)
        or _may_build_by_words(data)
        or any(word in text for word in _ACTING_WORDS)
        or _MORE_ACTING.search(text) is not None
    ):
        return True, ()
    paths: list[str] = []
    rest = text
    for match in reversed(list(_program_path().finditer(text))):
        path = match[0].split()[-1]
        if "$" in path:
            return True, ()
        paths.append(path)
        rest = rest[: match.start()] + rest[match.end() :]
    return may_run(rest.encode()), tuple(paths)


#: What else a reading follows: a sourced file (``. FILE``, ``source``), a render
#: (``envsubst``), kubectl's, a here-document (a Dockerfile it may write).
_MORE_ACTING = lazy_pattern(r"(?:^|[\s;&|(])(?:\.|source)[ \t]+\S|envsubst|kubectl|KUBECTL|<<")


#: A variable a text names.
_VARIABLE = lazy_pattern(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")


@functools.lru_cache(maxsize=64)
def _reached(text: str, word: str) -> str | None:
    """The text a run of the script ``text`` with ``$1`` = ``word`` may run: its top level
    with its dispatching ``case`` cut to the arm ``word`` picks, and the bodies of the
    functions those call (by name, and those they call); ``None`` when it cannot be told."""
    from ._shell_functions import _lines_before_loop

    functions, lines = _functions(text)
    found = _dispatch(lines)
    if found is None or _lines_before_loop("\n".join(lines)) <= found:
        return None
    arms = _arms(lines, found)
    if arms is None:
        return None
    arms_list, end = arms
    body: list[str] = []
    for patterns, arm in arms_list:
        matched = _matches(patterns, word)
        if matched is None:
            return None  # (a pattern a run decides)
        if matched:
            body = arm
            break
    reached = "\n".join([*lines[:found], *lines[end + 1 :], *body])
    if _COMPUTED_COMMAND.search(reached) is not None:
        return None  # (a command, or a function's name, that a variable gives)
    order: list[str] = []
    pending = [reached]
    while pending and len(order) < _MAX_FUNCTIONS:
        chunk = pending.pop()
        for name in _NAME.findall(chunk):
            if name in functions and name not in order:
                order.append(name)
                pending.append(functions[name])
    whole = "\n".join([reached, *(functions[name] for name in order)]).split("\n")
    # (comments say nothing a command does)
    return "\n".join(
        line.partition(" #")[0]
        for line in whole
        if line.strip() and not line.lstrip().startswith("#")
    )


#: A command or a name a variable gives at the top level: ``$cmd``, ``"$@"`` as the command,
#: ``cmd_$1`` (a function named with a word), ``$*``.
_COMPUTED_COMMAND = lazy_pattern(
    r"(?m)(?:^|[;&|({!`]|\b(?:then|do|else|exec|eval|command))[ \t]*[\"']?\$"
    r"|[\w-]\$\{?[\w@*]|\$\{?[@*]"
)


#: A word that may name a function.
_NAME = lazy_pattern(r"[A-Za-z_][\w:.-]*")


#: A ``case`` that dispatches on the script's first word, unindented: ``case "$1" in``
#: (``$1``, ``${1}``), or on a variable (see :func:`_dispatch`).
_CASE = lazy_pattern(r"case[ \t]+(\"?)\$(?:\{(\w+)\}|(\w+))\1[ \t]+in[ \t]*(?:#.*)?")


def _dispatch(lines: list[str]) -> int | None:
    """The index of the first unindented ``case`` of the top level on ``$1``, or on a
    variable the top level sets once before it, to ``"$1"``; ``None`` when there is none."""
    for index, line in enumerate(lines):
        match = _CASE.fullmatch(line.rstrip())
        if match is None:
            if line.startswith("case"):
                return None  # (another first case: the one a run takes first)
            continue
        name = match[2] or match[3]
        if name == "1":
            return index
        sets = [
            other
            for other in lines[:index]
            if other.lstrip().startswith(f"{name}=") or f" {name}=" in other
        ]
        first = sets[0].strip() if len(sets) == 1 else ""
        if first in (f'{name}="$1"', f"{name}=$1", f'{name}="${{1}}"', f"{name}=${{1}}"):
            return index
        return None
    return None


#: An arm's patterns and what follows them on their line: ``a | b) rest``, ``(a) rest``.
_PATTERN = lazy_pattern(r"\(?[ \t]*([^()]*?)[ \t]*\)(.*)")


#: A nested ``case`` opening, and ``esac``, as words.
_OPENS = lazy_pattern(r"(?:^|[\s;&|(])case\s.*\sin(?:\s|$)")
_CLOSES = lazy_pattern(r"(?:^|[\s;&|)])esac(?=$|[\s;&|)])")


def _arms(lines: list[str], start: int) -> tuple[list[tuple[list[str], list[str]]], int] | None:
    """The arms of the ``case`` at ``lines[start]`` (their patterns and their lines), and
    the index of its ``esac``; ``None`` when the text is not as expected."""
    arms: list[tuple[list[str], list[str]]] = []
    body: list[str] | None = None  # (None: a pattern is next)
    depth = 0
    for index in range(start + 1, len(lines)):
        text = lines[index].strip()
        if not text or text.startswith("#"):
            continue
        if body is None:
            if text == "esac" or text.startswith(("esac ", "esac;")):
                return arms, index
            match = _PATTERN.fullmatch(text)
            if match is None:
                return None
            body = []
            arms.append(([p.strip() for p in match[1].split("|")], body))
            text = match[2].strip()
            if not text:
                continue
        depth += len(_OPENS.findall(text))
        closes = len(_CLOSES.findall(text))
        if closes > depth:
            if ";;" in text or closes > depth + 1:
                return None
            body.append(_CLOSES.split(text)[0])
            return arms, index  # (the last arm ends at esac)
        depth -= closes
        if depth == 0 and (";;" in text or ";&" in text):
            head, _, tail = text.partition(";;") if ";;" in text else text.partition(";&")
            if ";&" in text or tail.lstrip("&").strip() not in ("", "esac"):
                return None  # (a fall-through, or more on the line)
            body.append(head)
            if tail.strip() == "esac":
                return arms, index
            body = None
            continue
        body.append(text)
    return None


def _matches(patterns: list[str], word: str) -> bool | None:
    """Whether a ``case`` word matches one of an arm's patterns (quotes taken off); ``None``
    when a pattern is one a run decides (a variable, a substitution, an extended glob)."""
    from fnmatch import fnmatchcase

    for pattern in patterns:
        if any(mark in pattern for mark in ("$", "`", "\\", "(")):
            return None
        bare = pattern.replace('"', "").replace("'", "")
        if bare != pattern and any(mark in bare for mark in "*?["):
            return None  # (quoted and a glob: which part is literal, not told here)
        if fnmatchcase(word, bare):
            return True
    return False


@functools.lru_cache(maxsize=16)
def _functions(text: str) -> tuple[dict[str, str], list[str]]:
    """The functions a script defines (name -> body, each definition of a name), and its
    lines with the definitions left out (empty): its top level."""
    from ._shell_functions import _function_definition

    found: dict[str, str] = {}
    lines = text.split("\n")
    top = list(lines)
    index = 0
    while index < len(lines):
        line = lines[index].rstrip("\r")
        index += 1
        if "(" not in line and "function" not in line:
            continue
        defined = _function_definition(line, lines, index)
        if defined is None:
            continue
        name, body, _, end = defined
        found[name] = f"{found[name]}\n{body}" if name in found else body
        for inner in range(index - 1, end):
            top[inner] = ""
        index = max(index, end)
    return found, top
