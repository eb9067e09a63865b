"""A compose file that is a Go template over the environment, read as what it renders to.

dockerize (``dockerize -template in.yml:out.yml``) and gomplate render a Go template whose
data is the environment, ``{{ .Env.NAME }}``. bigbluebutton/docker's
``scripts/generate-compose`` runs ``jwilder/dockerize -template /docker-compose.tmpl.yml >
docker-compose.yml`` with ``-e BBB_BUILD_TAG=…``, ``-e TAG_BBB=…``: the template's services
are what ``docker compose`` pulls and builds (``redis:7.2-alpine``; ``mod/nginx`` with the
build argument ``BBB_BUILD_TAG`` and the named context ``src-learning-dashboard``).

:func:`environment_template` gives the text the template renders to, line for line, as far
as it does not depend on the run: ``{{ .Env.NAME }}`` (and a template variable, ``{{ $name
}}``) becomes ``${NAME}``, a variable only the run gives a value (the compose reader's
``unknown``); a comment, an assignment, ``{{ if … }}``, ``{{ else }}`` and ``{{ end }}`` on a
line of their own become blanks. Of an ``if`` with an ``else``, the ``else`` part is read
(what an unset variable chooses: ``{{ if isTrue .Env.DEV_MODE }} dockerfile: Dockerfile.dev
{{ else }} …``); a part without one is read (a service a setting adds is pulled when it is
on). Any other action (a function's output, ``range``, ``with``, an action inside a line of
text, a trim marker) is not guessed at: the file stays a template, not read.
"""

from __future__ import annotations

import re

from .._lazy import lazy_pattern

__all__ = ["environment_template"]

#: An action: ``{{ … }}`` (a comment's ``{{/* … */}}`` may span lines).
_ACTION = lazy_pattern(r"\{\{(.*?)\}\}", re.DOTALL)
#: What an action holds that is put in: ``.Env.NAME`` or a template variable ``$name``.
_OUTPUT = lazy_pattern(
    r"[ \t]*(?:\.Env\.([A-Za-z_][A-Za-z0-9_]*)|\$([A-Za-z_][A-Za-z0-9_]*))[ \t]*"
)
#: An assignment to a template variable: ``$name := …`` (``=``).
_ASSIGNMENT = lazy_pattern(r"\s*\$[A-Za-z_][A-Za-z0-9_]*\s*:?=")


def environment_template(text: str) -> tuple[str, tuple[str, ...]] | None:
    """The text a Go template over the environment renders to, line for line, and the
    variables only a run gives (see the module); ``None`` when it is none, or when what it
    renders to depends on more than this reading takes."""
    if ".Env." not in text:
        return None
    pieces: list[str] = []
    names: dict[str, None] = {}
    # Each open `if`: whether its part now being read is left out.
    blocks: list[bool] = []
    position = 0
    for match in _ACTION.finditer(text):
        body = match[1]
        if body.startswith("-") or body.endswith("-"):
            return None  # (a trim marker takes the spaces around: not line for line)
        pieces.append(_kept(text[position : match.start()], blocks))
        position = match.end()
        inner = body.strip()
        if inner.startswith("/*") and inner.endswith("*/"):
            pieces.append(_blank(match[0]))
            continue
        output = _OUTPUT.fullmatch(body)
        if output is not None:
            if any(blocks):
                pieces.append(_blank(match[0]))
                continue
            name = output[1] or output[2]
            names[name] = None
            pieces.append("${" + name + "}")
            continue
        word = inner.split(None, 1)[0] if inner else ""
        if word in ("if", "else", "end") or _ASSIGNMENT.match(body):
            if not _alone_on_its_line(text, match.start(), match.end()):
                return None  # (`image: app{{ if … }}-dev{{ end }}`: which one is the run's)
            if word == "if":
                blocks.append(_has_else(text, match.end()))
            elif word == "else":
                if not blocks or inner != "else":
                    return None  # (`else if`: a chain this reading does not choose in)
                blocks[-1] = False
            elif word == "end":
                if not blocks:
                    return None
                blocks.pop()
            pieces.append(_blank(match[0]))
            continue
        return None  # (range, with, define, a function's output: the run's to say)
    if blocks:
        return None
    pieces.append(text[position:])
    return "".join(pieces), tuple(names)


def _kept(text: str, blocks: list[bool]) -> str:
    """``text`` as it renders: blanks (its line breaks kept) in a part left out."""
    return _blank(text) if any(blocks) else text


def _blank(text: str) -> str:
    """Spaces for ``text``, its line breaks kept (the lines after it stay where they are)."""
    return re.sub(r"[^\n]", " ", text)


def _alone_on_its_line(text: str, start: int, end: int) -> bool:
    """Whether only spaces are around ``text[start:end]`` on its line."""
    before = text[text.rfind("\n", 0, start) + 1 : start]
    line_end = text.find("\n", end)
    after = text[end : len(text) if line_end < 0 else line_end]
    return not before.strip() and not after.strip()


def _has_else(text: str, start: int) -> bool:
    """Whether the ``if`` whose action ends at ``start`` has an ``else`` of its own."""
    depth = 0
    for match in _ACTION.finditer(text, start):
        inner = match[1].strip()
        word = inner.split(None, 1)[0] if inner else ""
        if word in ("if", "range", "with"):
            depth += 1
        elif word == "end":
            if depth == 0:
                return False
            depth -= 1
        elif word == "else" and depth == 0:
            return True
    return False
