"""just: the images a ``justfile``'s recipes build.

`just <https://just.systems>`_ runs a recipe's lines, each in a shell of its own, from the
justfile's directory; ``{{ NAME }}`` puts in a variable (``NAME := 'value'`` at the top level)
or a recipe's parameter before the shell sees the line. hcengineering/platform's
``foundations/hulylake/Justfile`` builds its image so::

    build platform="linux/amd64":
        cd server && docker buildx build --tag=hardcoreeng/hulylake:latest \\
            --platform={{platform}} --load .

and its ``dev/docker-compose.yaml`` runs ``hardcoreeng/hulylake`` (two false TS002 before).

Read here: the recipes (a line at the left margin ending its header with ``:``, the body the
indented lines under it; ``@`` and ``-`` before a line are just's, a ``\\`` at the end joins
the next line), the top-level assignments with a quoted or bare value, a recipe's parameters
with their defaults (``just RECIPE`` run with no arguments: cerbos's ``generate-api-docs
REDOCLY_VERSION='1.18.1':`` runs ``redocly/cli:{{ REDOCLY_VERSION }}``), and each line's build
commands as :mod:`.shell` reads them; what ``{{ }}`` puts in that the file does not tell
(a parameter without a default, a function, an expression) is :data:`~.shell.UNKNOWN`. A
shebang recipe (``#!`` first) or a ``[script]`` one is one script. Nothing here raises.
"""

from __future__ import annotations

import os
from types import MappingProxyType

from ..._lazy import lazy_pattern
from ..discover import JUSTFILE_NAMES
from ._common import read_text
from ._shell_values import MAX_BYTES, UNKNOWN
from .shell import ShellReader, built_by, may_build, may_pull, pulls_scan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..project import BuildFile
    from ._shell_values import ShellBuild, ShellPull

__all__ = ["JUSTFILE_NAMES", "read_justfile"]

#: A recipe's header: its name (after attributes' lines), parameters, ``:`` and dependencies.
_HEADER = lazy_pattern(r"^@?[A-Za-z_][A-Za-z0-9_-]*(?:\s[^:]*)?:(?!=)")
#: A top-level assignment: ``NAME := 'value'`` (``export`` before it), quoted or bare.
_ASSIGNMENT = lazy_pattern(
    r"""^(?:export\s+)?(?P<name>[A-Za-z_][A-Za-z0-9_-]*)\s*:=\s*"""
    r"""(?:'(?P<single>[^']*)'|"(?P<double>[^"\\]*)"|(?P<bare>[^\s#'"(){}+/]+))\s*(?:#.*)?$"""
)
#: A ``{{ }}`` interpolation.
_INTERPOLATION = lazy_pattern(r"\{\{(.*?)\}\}")


def read_justfile(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The images the recipes of the justfile at ``path`` build (``BuildSite`` tool
    ``just``, the line of the command), in its directory, and those they run or pull (its
    ``scan``, kind ``shell``, at the image's line); never raises."""
    from ..project import BuildFile

    text = read_text(path, max_bytes)
    if not isinstance(text, str):
        return BuildFile(path=path)
    data = text.encode()
    building, pulling = may_build(data), may_pull(data)
    if not building and not pulling:
        return BuildFile(path=path)
    variables: dict[str, str] = {}
    builds: list[ShellBuild] = []
    pulls: list[tuple[ShellPull, Mapping[str, object]]] = []
    for line, last, command, parameters in simple_commands(text, variables):
        # (a recipe's parameters hide the file's variables of their names, in that recipe)
        script = _interpolated(command, {**variables, **_parameter_values(parameters, variables)})
        reader = ShellReader(pulls=pulling)
        builds.extend(build.at(line) for build in reader.read(script, line))
        # (a line just joined: its image is looked for on each line it was written on)
        pulls.extend(
            (pull if last == line else pull.at(line, last), _NO_CONTEXT)
            for pull in reader.pulls or ()
        )
    found = built_by(builds, "just", path, os.path.dirname(path))
    if pulls:
        # (the images its recipes run: maplibre/martin's `docker run … sqlfluff/sqlfluff:latest`)
        found.scan = pulls_scan(path, text.split("\n"), "just", pulls)
    return found


def _interpolated(command: str, values: Mapping[str, str]) -> str:
    """A recipe's line with each ``{{ NAME }}`` put in (:data:`~.shell.UNKNOWN` for what the
    file does not tell)."""
    return _INTERPOLATION.sub(lambda match: values.get(match[1].strip(), UNKNOWN), command)


#: What a pull adds to its context (nothing: the tool, engine and verb are there).
_NO_CONTEXT: Mapping[str, object] = MappingProxyType({})


#: A recipe's parameter: its name, its default (``None``: none, or an expression not read
#: here) and whether that default is a variable's name rather than a quoted string.
Parameter = tuple[str, str | None, bool]

#: One parameter of a recipe's header (``NAME``, ``$NAME``: exported, ``+NAME``/``*NAME``:
#: variadic), and its default after ``=``.
_PARAMETER = lazy_pattern(
    r"""\s+[+*]?\$?(?P<name>[A-Za-z_][A-Za-z0-9_-]*)"""
    r"""(?:=(?:'(?P<single>[^']*)'|"(?P<double>[^"\\]*)"|(?P<variable>[A-Za-z_][A-Za-z0-9_-]*)"""
    r"""|\S+))?"""
)
#: A recipe's name, before its parameters.
_RECIPE_NAME = lazy_pattern(r"@?[A-Za-z_][A-Za-z0-9_-]*")


def _parameters(header: str) -> tuple[Parameter, ...]:
    """The parameters of a recipe's header (``build platform='linux/amd64' +args:``)."""
    found: list[Parameter] = []
    name = _RECIPE_NAME.match(header)
    position = name.end() if name is not None else len(header)
    while (match := _PARAMETER.match(header, position)) is not None:
        position = match.end()
        if match["variable"] is not None:
            found.append((match["name"], match["variable"], True))
        else:
            quoted = match["single"] if match["single"] is not None else match["double"]
            found.append((match["name"], quoted, False))
    return tuple(found)


def _parameter_values(
    parameters: tuple[Parameter, ...], variables: Mapping[str, str]
) -> dict[str, str]:
    """What a recipe's parameters are when ``just RECIPE`` runs it with no arguments: each
    one's default (just's documentation, *Recipe Parameters*), a variable's value for a
    variable's name; one without a default, or with another expression, is a run's."""
    values: dict[str, str] = {}
    for name, default, is_variable in parameters:
        value = variables.get(default) if is_variable and default is not None else default
        values[name] = value if value is not None else UNKNOWN
    return values


def simple_commands(
    text: str, variables: dict[str, str]
) -> list[tuple[int, int, str, tuple[Parameter, ...]]]:
    """Each shell text a recipe runs, with its first line and the last of a line just joins
    (``\\`` at the end), and the recipe's parameters; ``variables`` takes the file's
    top-level assignments."""
    found: list[tuple[int, int, str, tuple[Parameter, ...]]] = []
    parameters: tuple[Parameter, ...] = ()
    lines = text.splitlines()
    in_recipe = False
    first = False  # (the next body line is the recipe's first)
    script_attribute = False
    script: list[str] | None = None  # (a shebang or [script] recipe's body: one text)
    script_line = 0

    def close() -> None:
        nonlocal script
        if script:
            found.append((script_line, script_line, "\n".join(script), parameters))
        script = None

    index = 0
    while index < len(lines):
        raw = lines[index]
        number = index + 1
        index += 1
        if raw[:1] not in (" ", "\t"):
            stripped = raw.strip()
            if not stripped or stripped.startswith("#"):
                continue  # (a blank line or a comment: the recipe goes on)
            close()
            if stripped == "[script]" or stripped.startswith("[script("):
                script_attribute = True
                continue
            if stripped.startswith("["):
                continue  # (another attribute)
            assignment = _ASSIGNMENT.match(stripped)
            in_recipe = assignment is None and _HEADER.match(stripped) is not None
            if assignment is not None:
                value = assignment["single"] or assignment["double"] or assignment["bare"] or ""
                variables[assignment["name"]] = value
            first = in_recipe
            parameters = _parameters(stripped) if in_recipe else ()
            if in_recipe and script_attribute:
                script, script_line = [], number + 1
            script_attribute = False
            continue
        if not in_recipe:
            continue
        body = raw.strip()
        if first and body.startswith("#!"):
            script, script_line = [], number + 1  # (a shebang recipe: its lines are one script)
            first = False
            continue
        first = False
        if script is not None:
            script.append(body)
            continue
        while body.endswith("\\") and index < len(lines):  # (just joins continued lines)
            body = body[:-1] + " " + lines[index].strip()
            index += 1
        found.append((number, index, body.lstrip("@-"), parameters))
    close()
    return found
