"""Chainsaw's expressions in the files its tests apply: ``image: ($APP_IMAGE)``.

chainsaw templates the files its operations apply: a value in parentheses is a JMESPath
expression, evaluated with the bindings in scope (the test's, the step's, the operation's;
``$name`` names one). open-telemetry/opentelemetry-operator's suites bind an app's image in
the test and write ``image: ($APP_IMAGE)`` in the manifest; read as an image, that was an
invalid reference (TS012, 3 false findings in survey 14a).

An image that is such an expression, in a file a chainsaw test of its directory applies, is
evaluated with the bindings of each operation that applies it: one image for each operation
that gives another (opentelemetry-operator applies one app twice, tagged ``main`` and
``main-3.10``). What is read: a binding
(``$name``; a binding's value is a literal, or an expression itself), a raw string literal
(``'text'``) and JMESPath's ``join(separator, [items])``. An expression that reads anything
else (``env('IMG')``: a value the run's environment gives) leaves the image unresolved,
filled in from the test's bindings when it runs (TS011).
"""

from __future__ import annotations

import os
import re

from .._lazy import lazy_pattern
from ._chainsaw import APPLYING, names, operations

__all__ = ["RUN_TIME", "evaluate", "evaluate_inline"]

#: What fills an unresolved expression in (the occurrence's ``run_time``).
RUN_TIME = "the chainsaw test's bindings"
#: How deep bindings may name bindings.
_MAX_DEPTH = 8
#: A token of an expression: a binding, a raw string, a function's name, punctuation.
_TOKEN = lazy_pattern(
    r"\s*(?:(\$[A-Za-z_][A-Za-z0-9_]*)|'((?:[^'\\]|\\.)*)'|([A-Za-z_]+)\s*\(|([\[\](),]))"
)


class _Unknown(Exception):
    """The expression reads what is not known here (the text of what it could not read)."""


def evaluate(value: str, path: str) -> list[tuple[str, tuple[str, ...]]] | None:
    """The images a chainsaw expression ``value`` of the file ``path`` stands for (one for each
    operation that applies the file with other bindings), each with what in it has no value
    here; None when ``value`` is no expression, or no chainsaw test of the file's directory
    applies the file (then it is read as written)."""
    if not (value.startswith("(") and value.endswith(")")):
        return None
    directory, name = os.path.split(os.path.abspath(path))
    scopes = [
        dict(operation.bindings)
        for operation in operations(directory)
        if operation.verb in APPLYING and names(operation.file, name, directory)
    ]
    if not scopes:
        return None
    images: dict[tuple[str, tuple[str, ...]], None] = {}
    for bindings in scopes:
        try:
            images[_expression(value[1:-1], bindings, 0), ()] = None
        except _Unknown as unknown:
            images[value, (str(unknown),)] = None
    return list(images)


def evaluate_inline(value: str, bindings: dict[str, str]) -> tuple[str, tuple[str, ...]] | None:
    """The image a chainsaw expression ``value`` of a resource written inline in a test (or a
    step template) stands for, with the ``bindings`` its document declares, and what in it
    has no value here (a binding's field, ``$psql.image``; the ``--values`` of the run,
    ``$values``); None when ``value`` is no expression."""
    if not (value.startswith("(") and value.endswith(")")):
        return None
    try:
        return _expression(value[1:-1], bindings, 0), ()
    except _Unknown as unknown:
        return value, (str(unknown),)


def _expression(text: str, bindings: dict[str, str], depth: int) -> str:
    if depth > _MAX_DEPTH:
        raise _Unknown(text)
    tokens = _tokens(text)
    result, rest = _term(tokens, bindings, depth, text)
    if rest:
        raise _Unknown(text)
    return result


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    at = 0
    while at < len(text):
        if text[at:].strip() == "":
            break
        match = _TOKEN.match(text, at)
        if match is None:
            raise _Unknown(text)
        at = match.end()
        if match[1]:
            tokens.append(("binding", match[1][1:]))
        elif match[2] is not None:
            tokens.append(("string", re.sub(r"\\(.)", r"\1", match[2])))
        elif match[3]:
            tokens.append(("call", match[3]))
        else:
            tokens.append(("punct", match[4]))
    return tokens


def _term(
    tokens: list[tuple[str, str]], bindings: dict[str, str], depth: int, text: str
) -> tuple[str, list[tuple[str, str]]]:
    if not tokens:
        raise _Unknown(text)
    (kind, word), rest = tokens[0], tokens[1:]
    if kind == "string":
        return word, rest
    if kind == "binding":
        if word not in bindings:
            raise _Unknown(f"${word}")
        bound = bindings[word]
        if bound.startswith("(") and bound.endswith(")"):
            return _expression(bound[1:-1], bindings, depth + 1), rest
        return bound, rest
    if kind == "call" and word == "join":
        separator, rest = _term(rest, bindings, depth, text)
        if rest[:2] != [("punct", ","), ("punct", "[")]:
            raise _Unknown(text)
        rest, parts = rest[2:], []
        while rest and rest[0] != ("punct", "]"):
            part, rest = _term(rest, bindings, depth, text)
            parts.append(part)
            if rest[:1] == [("punct", ",")]:
                rest = rest[1:]
        if rest[:2] != [("punct", "]"), ("punct", ")")]:
            raise _Unknown(text)
        return separator.join(parts), rest[2:]
    if kind == "call" and word == "env" and rest[:1] and rest[0][0] == "string":
        raise _Unknown(f"env('{rest[0][1]}')")  # (the run's environment gives it)
    raise _Unknown(f"{word}(…)" if kind == "call" else text)
