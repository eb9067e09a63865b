"""The structure of a Go template file: text, actions and control structures.

Go's ``text/template`` lexer, for what decides the structure: ``{{`` and
``}}``, the trim markers (``{{- `` trims the white space before the action,
`` -}}`` the white space after it), comments (``{{/* … */}}``, which may
carry trim markers), and the strings inside actions (a ``}}`` in a string
does not end the action). Each action is classified by its first word —
``if``, ``else``, ``end``, ``range``, ``with``, ``define``, ``block``,
``template``, ``break``, ``continue`` — and nested as Go's parser nests them
(``else if`` and ``else with`` nest a new block ended by the same ``end``).

The rest of an action, its pipeline, is kept as source text and parsed by
:mod:`.grammar` only when it is evaluated: a chart's templates are mostly
labels, probes and resources, which never lead to an image.
"""

from __future__ import annotations

import re

from .._lazy import lazy_pattern
from ..errors import TagsenseError
from .grammar import unquote_go
from .nodes import Action, Body, Break, Continue, If, Node, Range, TemplateCall, Text, With

__all__ = ["Template", "TemplateSyntaxError", "parse_structure"]


class TemplateSyntaxError(TagsenseError):
    """A template that Go's parser rejects: where (``line``) and why."""

    def __init__(self, name: str, line: int, message: str) -> None:
        super().__init__(f"{name}:{line}: {message}")
        self.name = name
        self.line = line
        self.message = message


class Template:
    """One parsed file: its own body and the named templates it defines."""

    __slots__ = ("body", "defines", "name")

    def __init__(self, name: str, body: Body, defines: dict[str, tuple[Body, int]]) -> None:
        self.name = name
        self.body = body
        #: name -> (body, line of the define)
        self.defines = defines

    def __repr__(self) -> str:
        return f"<Template {self.name!r} {len(self.defines)} defines>"


_SPACE = " \t\r\n"
_new = tuple.__new__

_KEYWORD = lazy_pattern(
    r"[ \t\r\n]*(if|else|end|range|with|define|block|template|break|continue)(?!\w)"
    r"[ \t\r\n]*(.*)",
    re.S,
)
_NAME = lazy_pattern(r"""("(?:[^"\\\n]|\\.)*"|`[^`]*`)[ \t\r\n]*(.*)""", re.S)


class _Frame:
    __slots__ = ("body", "chained", "else_body", "kind", "line", "name", "source")

    def __init__(self, kind: str, source: str, line: int, name: str = "") -> None:
        self.kind = kind  # "root", "define", "if", "with", "range"
        self.source = source
        self.line = line
        self.name = name
        self.body: list[Node] = []
        self.else_body: list[Node] | None = None
        self.chained = False  # opened by "else if"/"else with": closed by the same end

    def current(self) -> list[Node]:
        return self.body if self.else_body is None else self.else_body


# One action (or comment) from its "{{" to its "}}": strings are skipped whole, so a
# "}}" inside one does not end the action. Groups: 1 the left trim marker, 2 a
# comment and 3 its right trim marker; otherwise 4 the keyword that starts the action,
# if any, and 5 the rest of it (a body ending in " -" has a right trim marker).
# (Unrolled and possessive: no state kept to backtrack into, half the cost.)
_ACTION = lazy_pattern(
    r"""\{\{(-[ \t\r\n])?(?:(/\*.*?\*/)([ \t\r\n]-)?\}\}"""
    r"""|[ \t\r\n]*+(?:(if|else|end|range|with|define|block|template|break|continue)(?!\w))?"""
    r"""([^"`'}]*+(?:(?:"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"|`[^`]*+`|'(?:[^'\\\n]|\\.)*+'"""
    r"""|\}(?!\}))[^"`'}]*+)*+)\}\})""",
    re.S,
)


def _unclosed(rest: str) -> str:
    if rest[2:].lstrip("- \t\r\n").startswith("/*"):
        return "unclosed comment"
    return "unclosed action"


def parse_structure(text: str, name: str) -> Template:
    """Split a template into its structure; raises :class:`TemplateSyntaxError`.

    One pass over the actions (one regular expression finds each, strings and
    comments skipped whole, and the keyword that starts it): the text between
    two actions is trimmed as their markers say, and each action is a node or
    opens or closes a block.
    """
    root = _Frame("root", "", 1)
    stack = [root]
    current = root.body  # (the list the next node goes to)
    defines: dict[str, tuple[Body, int]] = {}
    pos, line = 0, 1
    trim_next = False  # the previous action ends with " -}}"
    count = text.count
    for match in _ACTION.finditer(text):
        start, end = match.span()
        trim_left, comment, comment_trim, keyword, body = match.groups()
        if start > pos or trim_next:
            chunk = text[pos:start]
            if "{{" in chunk:
                line += chunk.count("\n", 0, chunk.index("{{"))
                raise TemplateSyntaxError(name, line, _unclosed(chunk[chunk.index("{{") :]))
            chunk_line = line
            line += chunk.count("\n")
            if trim_next:
                stripped = chunk.lstrip(_SPACE)
                chunk_line += chunk.count("\n", 0, len(chunk) - len(stripped))
                chunk = stripped
            if trim_left is not None:
                chunk = chunk.rstrip(_SPACE)
            if chunk:
                current.append(_new(Text, (chunk, chunk_line)))
        action_line = line
        line += count("\n", start, end)
        pos = end
        if comment is not None:
            trim_next = comment_trim is not None
            continue
        trim_next = body[-2:] in _RIGHT_TRIM
        if trim_next:
            body = body[:-2]
        content = body.strip(_SPACE)
        if keyword is None:
            if not content:
                raise TemplateSyntaxError(name, action_line, "missing value for command")
            if content.startswith("/*"):
                raise TemplateSyntaxError(
                    name, action_line, "comment ends before closing delimiter"
                )
            current.append(_new(Action, (content, action_line)))
            continue
        # (the commonest: a block opened, or closed; the rest, and errors, in _keyword)
        if keyword == "end" and not content:
            done = stack[-1]
            block = _BLOCKS.get(done.kind)
            if block is not None and not done.chained:
                del stack[-1]
                outer = stack[-1]
                current = outer.body if outer.else_body is None else outer.else_body
                current.append(
                    _new(
                        block,
                        (done.source, done.line, tuple(done.body), tuple(done.else_body or ())),
                    )
                )
                continue
        elif content and (keyword == "if" or keyword == "with" or keyword == "range"):
            frame = _Frame(keyword, content, action_line)
            stack.append(frame)
            current = frame.body
            continue
        _keyword(keyword, content, action_line, name, stack, defines)
        current = stack[-1].current()
    if pos < len(text) or trim_next:
        chunk = text[pos:]
        if "{{" in chunk:
            line += chunk.count("\n", 0, chunk.index("{{"))
            raise TemplateSyntaxError(name, line, _unclosed(chunk[chunk.index("{{") :]))
        chunk_line = line
        if trim_next:
            stripped = chunk.lstrip(_SPACE)
            chunk_line += chunk.count("\n", 0, len(chunk) - len(stripped))
            chunk = stripped
        if chunk:
            current.append(_new(Text, (chunk, chunk_line)))
    if len(stack) > 1:
        open_frame = stack[-1]
        raise TemplateSyntaxError(
            name, open_frame.line, f"unexpected EOF: {{{{{open_frame.kind}}}}} has no {{{{end}}}}"
        )
    return Template(name, tuple(root.body), defines)


_BLOCKS: dict[str, type[If] | type[With] | type[Range]] = {"if": If, "with": With, "range": Range}
_RIGHT_TRIM = frozenset((" -", "\t-", "\r-", "\n-"))


def _keyword(
    word: str,
    rest: str,
    line: int,
    name: str,
    stack: list[_Frame],
    defines: dict[str, tuple[Body, int]],
) -> None:
    """A control action: open, continue or close a block, or call a template."""
    frame = stack[-1]
    if word in ("if", "with", "range"):
        if not rest:
            raise TemplateSyntaxError(name, line, f"missing value for {word}")
        stack.append(_Frame(word, rest, line))
    elif word == "else":
        if frame.kind not in ("if", "with", "range") or frame.else_body is not None:
            raise TemplateSyntaxError(name, line, "unexpected {{else}}")
        frame.else_body = []
        if rest:
            chained = _KEYWORD.match(rest)
            if chained is None or chained[1] not in ("if", "with") or frame.kind == "range":
                raise TemplateSyntaxError(name, line, "unexpected content after else")
            if chained[1] != frame.kind:
                raise TemplateSyntaxError(
                    name, line, f"expected end; found else {chained[1]} in {frame.kind}"
                )
            source = chained[2].strip(_SPACE)
            if not source:
                raise TemplateSyntaxError(name, line, f"missing value for {chained[1]}")
            inner = _Frame(chained[1], source, line)
            inner.chained = True
            stack.append(inner)
    elif word == "end":
        if rest:
            raise TemplateSyntaxError(name, line, "unexpected content after end")
        if len(stack) == 1:
            raise TemplateSyntaxError(name, line, "unexpected {{end}}")
        while True:
            done = stack.pop()
            node = _close(done, defines)
            if node is not None:
                stack[-1].current().append(node)
            if not done.chained:
                break
    elif word in ("define", "block"):
        named = _NAME.match(rest)
        if named is None:
            raise TemplateSyntaxError(name, line, f"{word} clause needs a name (a string)")
        if word == "define":
            if frame.kind != "root":
                raise TemplateSyntaxError(name, line, "unexpected {{define}}")
            if named[2].strip(_SPACE):
                raise TemplateSyntaxError(name, line, "unexpected content after define name")
        stack.append(_Frame(word, named[2].strip(_SPACE), line, unquote_go(named[1])))
    elif word == "template":
        named = _NAME.match(rest)
        if named is None:
            raise TemplateSyntaxError(name, line, "template clause needs a name (a string)")
        frame.current().append(TemplateCall(unquote_go(named[1]), named[2].strip(_SPACE), line))
    else:  # break, continue
        if rest:
            raise TemplateSyntaxError(name, line, f"unexpected content after {word}")
        if not any(f.kind == "range" for f in stack):
            raise TemplateSyntaxError(name, line, f"{{{{{word}}}}} outside {{{{range}}}}")
        frame.current().append(Break(line) if word == "break" else Continue(line))


def _close(frame: _Frame, defines: dict[str, tuple[Body, int]]) -> Node | None:
    body = tuple(frame.body)
    else_body = tuple(frame.else_body or ())
    if frame.kind == "if":
        return If(frame.source, frame.line, body, else_body)
    if frame.kind == "with":
        return With(frame.source, frame.line, body, else_body)
    if frame.kind == "range":
        return Range(frame.source, frame.line, body, else_body)
    # define or block: a named template (a block is also called where it stands)
    if frame.name not in defines or body or not defines[frame.name][0]:
        # (Go keeps an earlier definition when a later one is empty)
        defines[frame.name] = (body, frame.line)
    if frame.kind == "block":
        return TemplateCall(frame.name, frame.source, frame.line)
    return None
