"""go-task's templates and values: what ``{{.NAME}}`` in a Taskfile's command becomes.

Task runs each command through Go's ``text/template`` with the task's variables
before its shell sees it (https://taskfile.dev/docs/reference/templating). The
text is parsed as Go parses it by the Helm engine's lexer (:mod:`tagsense._gotemplate`,
imported with the first command that has an action; a text Go refuses is a command
that never runs), and ``printf`` formats with its ``fmt.Sprintf``. Here only what the
Taskfile itself settles is put in:

- ``{{.NAME}}`` (with ``{{-``/``-}}`` trimming and ``{{/* comments */}}``): the
  variable's value when it is known, else :data:`~.shell.UNKNOWN` (one set on the
  command line or in the environment), or the engine it names (``{{.DOCKER}}``,
  see :func:`~.shell.unknown_for`);
- any other action (a function, a pipeline, ``.A.B``, ``index .MATCH 0``) is
  unknown;
- an ``if``, ``range``, ``with``… makes the whole text unknown (``None``): which of
  its parts a run keeps only the run knows, and reading all of them would put
  words in a command that no run has. :func:`branches` gives instead each text an
  ``if``/``else`` may leave, one way through its blocks at a time: each is a command
  some run has.

A variable's value is what Go prints of what YAML gives it: a plain ``3.10`` is
the number ``3.1`` (``python:{{.PY}}`` is ``python:3.1``), ``010`` is eight; such
values, whose printing this reader does not copy exactly, are unknown.
"""

from __future__ import annotations

from ..._lazy import lazy_pattern
from .._yaml import get, items, scalar
from ._shell_values import UNKNOWN, unknown_for

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    import yaml

    from ..._gotemplate.nodes import Body

__all__ = ["branches", "go_value", "render"]

#: The longest text rendered (a value put in many times over may grow past it: unknown).
_MAX_LENGTH = 256 * 1024


def render(text: str, variables: Mapping[str, str]) -> str | None:
    """``text`` with each ``{{ }}`` action put in from ``variables`` (unknown where they do
    not settle it); ``None`` when a control action, or an action left open, makes the
    whole text a run's.

    >>> render("docker run {{ .IMAGE }} {{.CLI_ARGS}}", {"IMAGE": "alpine:3.20"}) == (
    ...     "docker run alpine:3.20 " + UNKNOWN)
    True
    >>> render("{{if .CI}}docker pull a{{else}}docker pull b{{end}}", {}) is None
    True
    """
    if "{{" not in text:
        return text
    body = _parsed(text)
    return None if body is None else _printed(body, variables)


#: The most texts :func:`branches` gives (past it, the blocks are a run's).
_MAX_BRANCHES = 16


def branches(text: str, variables: Mapping[str, str]) -> tuple[str, ...]:
    """Each text ``text`` renders to, one per way through its ``if``/``else if``/``else``
    blocks (nested too; an ``if`` without ``else`` may leave nothing); ``()`` when another
    control action (``range``, ``with``…) or a block left open makes it a run's.

    Which way a run takes is the run's (a variable set by ``sh:``, the command line), but
    each way is a command that run has: secureCodeBox's scanners Taskfile builds its
    scanner image only ``{{ if eq "true" .hasCustomScanner -}}``.

    >>> branches("{{if .CI}}docker pull a{{else}}docker pull b{{end}}", {})
    ('docker pull a', 'docker pull b')
    >>> branches("{{- if .X -}} a {{- end }} b", {})
    ('a b', ' b')
    >>> branches("{{range .L}}x{{end}}", {})
    ()
    """
    if "{{" not in text:
        return (text,)
    body = _parsed(text)
    ways = None if body is None else _ways(body)
    out: list[str] = []
    for way in ways or ():
        rendered = _printed(way, variables)
        if rendered is not None and rendered not in out:
            out.append(rendered)
    return tuple(out)


def _parsed(text: str) -> Body | None:
    """The structure of ``text`` as Go's ``text/template`` parses it (trim markers applied,
    comments dropped: :mod:`tagsense._gotemplate.lexer`); ``None`` when Task refuses it (the
    command never runs) or it defines templates."""
    from ..._gotemplate import TemplateSyntaxError, parse_template

    try:
        template = parse_template(text, "Taskfile")
    except TemplateSyntaxError:
        return None
    return None if template.defines else template.body


def _printed(body: Body, variables: Mapping[str, str]) -> str | None:
    """What ``body`` prints when it has only text and actions; ``None`` for a control action."""
    from ..._gotemplate.nodes import Action, Text

    out: list[str] = []
    length = 0
    for node in body:
        if isinstance(node, Text):
            piece = node.text
        elif isinstance(node, Action):
            piece = _action(node.source, variables)
        else:
            return None  # (if, range, with, template, break…: what a run leaves in is its own)
        out.append(piece)
        length += len(piece)
        if length > _MAX_LENGTH:
            return None
    return "".join(out)


def _ways(body: Body) -> list[Body] | None:
    """Each way through ``body``'s ``if``/``else`` blocks, as the text and actions it
    keeps; ``None`` for another control action or when the ways are too many."""
    from ..._gotemplate.nodes import Action, If, Text

    ways: list[Body] = [()]
    for node in body:
        if isinstance(node, Text | Action):
            ways = [(*way, node) for way in ways]
            continue
        if not isinstance(node, If):
            return None
        chain: list[Body] = []
        for part in (node.body, node.else_body):  # (an ``else if`` is an If in else_body)
            inner = _ways(part)
            if inner is None:
                return None
            chain.extend(inner)
        ways = [(*way, *branch) for way in ways for branch in chain]
        if len(ways) > _MAX_BRANCHES:
            return None
    return ways


def _action(inner: str, variables: Mapping[str, str]) -> str:
    """What one action (its pipeline's source) prints."""
    if _FIELD.fullmatch(inner):
        name = inner[1:]
        value = variables.get(name)
        return unknown_for(name) if value is None else value
    if inner.replace("(", " ").split()[:1] == ["printf"]:
        printed = _printf(inner[len("printf") :], variables)
        if printed is not None:
            return printed
    return unknown_for(inner)


def _printf(operands: str, variables: Mapping[str, str]) -> str | None:
    """What ``printf FORMAT ARG…`` prints (Go's ``fmt.Sprintf``:
    :func:`tagsense._gotemplate.functions.sprintf`) when its format has only ``%s``, ``%v``
    and ``%%`` and its operands are strings or fields (avalanchego's ``{{printf
    "%s/scripts/nix_run.sh" .TASKFILE_DIR}}``, a variable's value that the commands run);
    ``None`` for anything else, a pipeline or a call, which are left unknown.

    >>> _printf(' "%s/bin/%v-%%" .A "b"', {"A": "/src"})
    '/src/bin/b-%'
    >>> _printf(' "%d" .A', {"A": "1"}) is None, _printf(' "%s" (.A)', {"A": "1"}) is None
    (True, True)
    """
    words = _OPERAND.findall(operands)
    if "".join(words).replace(" ", "") != operands.replace(" ", "").replace("\t", ""):
        return None  # (something not read here: a pipeline, a call, an escape)
    values: list[str] = []
    for word in words:
        if word.startswith(('"', "`")):
            values.append(word[1:-1])
        else:
            value = variables.get(word[1:])
            values.append(unknown_for(word[1:]) if value is None else value)
    if not values or "%" in _VERB.sub("", values[0]):
        return None  # (another verb, a width: how Go prints a YAML number there is its own)
    template, *arguments = values
    if sum(verb != "%%" for verb in _VERB.findall(template)) != len(arguments):
        return None  # (Go prints %!s(MISSING) or %!(EXTRA …))
    from ..._gotemplate.functions import sprintf

    return str(sprintf(template, arguments))


#: An operand of ``printf``: a string without escapes, a raw string, a field.
_OPERAND = lazy_pattern(r'"[^"\\]*"|`[^`]*`|\.[A-Za-z_][A-Za-z0-9_]*')
#: The verbs :func:`_printf` puts operands in for, and ``%%``.
_VERB = lazy_pattern(r"%[sv%]")


_FIELD = lazy_pattern(r"\.[A-Za-z_][A-Za-z0-9_]*")


def go_value(node: yaml.Node | None) -> str:
    """What Task prints of a variable's value written as ``node`` (before templates are put
    in): a string as it is, a number or boolean as Go prints it; :data:`~.shell.UNKNOWN` for
    what a run computes (``sh:``), a list, a map or a value whose printing is not copied here.

    >>> from tagsense.sources._yaml import load_yaml
    >>> text = "a: 3.10\\nb: '3.10'\\nc: 42\\nd: 010\\ne: {sh: git describe}\\nf: 3.20-alpine"
    >>> node = load_yaml(text).documents[0]
    >>> [go_value(get(node, key)) == UNKNOWN for key in "abcdef"]
    [False, False, False, True, True, False]
    >>> go_value(get(node, "a")), go_value(get(node, "b"))
    ('3.1', '3.10')
    """
    import yaml

    if isinstance(node, yaml.MappingNode):
        keys = {key for key, _, _ in items(node)}
        if keys <= {"sh", "secret"} and "sh" in keys:
            return unknown_for(scalar(get(node, "sh")) or "")  # (a run's: it may name an engine)
        if keys <= {"value", "secret"} and "value" in keys:
            return go_value(get(node, "value"))
        return UNKNOWN  # (ref:, map:)
    text = scalar(node)
    if text is None or node is None:
        return UNKNOWN  # (a list: Go prints [a b])
    if getattr(node, "style", None):
        return text  # (quoted, or a block: a string)
    return plain_text(text)


def plain_text(text: str) -> str:
    """A plain scalar's value as Go prints it, as go-yaml v3 types it (YAML 1.2's core
    schema, with Go's own number syntax: ``0x1F``, ``0o17``, ``010``, ``1_000``)."""
    if text in ("true", "True", "TRUE", "false", "False", "FALSE"):
        return text.lower()
    if text in ("", "~", "null", "Null", "NULL"):
        return UNKNOWN  # (nil: printed as "<no value>", or left empty)
    if _INTEGER.fullmatch(text):
        digits = str(int(text))  # (Go prints -0 and +5 as 0 and 5)
        return digits if len(digits) <= 15 else UNKNOWN  # (past int64: a float, 1e+20)
    if _DECIMAL.fullmatch(text):
        number = float(text)
        if number.is_integer() and abs(number) < 1e15:
            return ("-" if text.startswith("-") else "") + str(abs(int(number)))
        printed = repr(number)
        if "e" not in printed and abs(number) < 1e15:
            return printed
        return UNKNOWN
    if _OTHER_NUMBER.fullmatch(text):
        return UNKNOWN  # (010, 0x1F, 1e3, .inf, a date: what Go makes of them is left alone)
    return text


_INTEGER = lazy_pattern(r"[-+]?(0|[1-9][0-9]*)")


_DECIMAL = lazy_pattern(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)")


#: What go-yaml may take for a number or a date besides plain decimals.
_OTHER_NUMBER = lazy_pattern(
    r"[-+]?(0[0-9_]+|0[xXoObB][0-9a-fA-F_]+|[0-9][0-9_]*_[0-9_]*(\.[0-9_]*)?"
    r"|([0-9]+\.?[0-9]*|\.[0-9]+)[eE][-+]?[0-9]+|\.(inf|Inf|INF))|\.(nan|NaN|NAN)"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?"
)
