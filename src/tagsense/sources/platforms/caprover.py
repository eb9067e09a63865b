"""CapRover one-click apps (``public/v4/apps/NAME.yml``): the images an app's services run.

A one-click app (CapRover's ``one-click-apps`` repository and third-party ones, format
``captainVersion: 4``) is a compose-like ``services:`` map with a ``caproverOneClickApp``
block. Before it deploys, CapRover replaces each ``$$cap_NAME`` with the value the user
gives the variable ``$$cap_NAME`` of ``caproverOneClickApp.variables``, pre-filled with its
``defaultValue``: that is the image read here (kind ``caprover``); a variable with no
default (``$$cap_appname``, the app's own name) is unresolved. CapRover replaces each
variable's id as text, so an id may hold a ``-`` or lack the ``cap_``. A service with no ``image``
builds one from ``caproverExtra.dockerfileLines``: each ``FROM`` line's image is pulled.
"""

from __future__ import annotations

import re

from ..._lazy import lazy_pattern
from ...occurrence import Occurrence, Scan
from .._yaml import get, items, load_yaml, scalar, sequence, value_position

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

__all__ = ["KIND", "may_be_one_click_app", "scan_one_click_app"]

KIND = "caprover"

#: A variable CapRover fills in: ``$$cap_NAME`` (any ``$$NAME`` a variable's id is).
_VARIABLE = lazy_pattern(r"\$\$[A-Za-z0-9_-]+")
#: An ``ARG`` line, with its default.
_ARG = lazy_pattern(r"ARG[ \t]+([A-Za-z_][A-Za-z0-9_]*)(?:=(\S*))?", re.I)
#: A build argument in a ``FROM`` line: ``$NAME``, ``${NAME}``.
_DOLLAR = lazy_pattern(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))")
#: The image of a ``FROM`` line (after its flags), and a stage name it gives.
_FROM = lazy_pattern(r"FROM[ \t]+(?:--\S+[ \t]+)*(\S+)(?:[ \t]+AS[ \t]+(\S+))?", re.I)


def may_be_one_click_app(text: str) -> bool:
    """A quick look: the file says ``captainVersion`` and ``caproverOneClickApp``."""
    return "captainVersion" in text and "caproverOneClickApp" in text


def scan_one_click_app(text: str, path: str | None = None) -> Scan | None:
    """The images a one-click app's services pull; ``None`` when the YAML is no one-click
    app (no top-level ``captainVersion``). Never raises."""
    loaded = load_yaml(text, path=path)
    documents = [one for one in loaded.documents if get(one, "captainVersion") is not None]
    if not documents:
        return None
    occurrences: list[Occurrence] = []
    for document in documents:
        defaults = _defaults(get(get(document, "caproverOneClickApp"), "variables"))
        for name, service, _ in items(get(document, "services")):
            image = get(service, "image")
            written = scalar(image)
            context: dict[str, object] = {"service": name, "field": "image"}
            if image is not None and written:
                occurrences.append(_occurrence(image, written, defaults, path, context))
                continue
            lines = get(get(service, "caproverExtra"), "dockerfileLines")
            occurrences.extend(_dockerfile_lines(lines, defaults, path, service, name))
    return Scan(occurrences, loaded.errors, loaded.suppressions)


def _defaults(variables: yaml.Node | None) -> dict[str, str]:
    found: dict[str, str] = {}
    for variable in sequence(variables):
        name = scalar(get(variable, "id"))
        value = scalar(get(variable, "defaultValue"))
        if name and value is not None:
            found[name] = value
    return found


def _filled(written: str, defaults: dict[str, str]) -> tuple[str, tuple[str, ...]]:
    """``written`` with each variable that has a default put in (CapRover replaces each
    variable's id as text, whatever it is: ``$$cap_postgres-version``), and the names of
    the ``$$NAME`` left."""
    text = written
    for name in sorted(defaults, key=len, reverse=True):
        if name in text:
            text = text.replace(name, defaults[name])
    return text, tuple(dict.fromkeys(_VARIABLE.findall(text)))


def _expanded(text: str, known: dict[str, str]) -> tuple[str, tuple[str, ...]]:
    """``text`` with its ``$NAME`` and ``${NAME}`` put in, and the names with no value."""
    missing: list[str] = []

    def put(match: re.Match[str]) -> str:
        name = match[1] or match[2]
        if name in known:
            return known[name]
        missing.append(name)
        return match[0]

    return _DOLLAR.sub(put, text), tuple(dict.fromkeys(missing))


def _occurrence(
    node: yaml.Node,
    written: str,
    defaults: dict[str, str],
    path: str | None,
    context: dict[str, object],
    *,
    offset: int = 0,
    known: dict[str, str] | None = None,
) -> Occurrence:
    line, column = value_position(node)
    text, unresolved = _filled(written, defaults)
    if known is not None and not unresolved:
        text, arguments = _expanded(text, known)
        unresolved += arguments
    return Occurrence.of_text(
        path=path, line=line, column=column + offset, kind=KIND, raw=written,
        text=written if unresolved else text, unresolved=unresolved, context=context,
    )  # fmt: skip


def _dockerfile_lines(
    lines: yaml.Node | None,
    defaults: dict[str, str],
    path: str | None,
    service: yaml.Node,
    name: str,
) -> list[Occurrence]:
    """The images of the ``FROM`` lines, their ``$ARG`` put in: an ``ARG``'s default, else
    the service's environment (CapRover passes it to the build as build arguments)."""
    found: list[Occurrence] = []
    stages: set[str] = set()
    arguments = {
        key: _filled(text, defaults)[0]
        for key, value, _ in items(get(service, "environment"))
        if (text := scalar(value)) is not None
    }
    for node in sequence(lines):
        text = scalar(node) or ""
        argument = _ARG.match(text.strip())
        if argument is not None and argument[2] is not None:
            arguments[argument[1]] = _filled(argument[2], defaults)[0]
        match = _FROM.match(text.strip())
        if match is None:
            continue
        stage = match[1].lower() in stages  # (a stage of the same lines: no pull)
        if match[2]:
            stages.add(match[2].lower())
        if stage:
            continue
        context: dict[str, object] = {"service": name, "field": "dockerfileLines"}
        offset = text.index(match[1], len(text) - len(text.lstrip()) + 4)
        found.append(
            _occurrence(node, match[1], defaults, path, context, offset=offset, known=arguments)
        )
    return found
