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
the next line), the top-level assignments with a quoted or bare value, and each line's build
commands as :mod:`.shell` reads them; what ``{{ }}`` puts in that the file does not tell
(a parameter, a function, an expression) is :data:`~.shell.UNKNOWN`. A shebang recipe
(``#!`` first) or a ``[script]`` one is one script. Nothing here raises.
"""

from __future__ import annotations

import os
import re

from ..discover import JUSTFILE_NAMES
from ._common import read_text
from .shell import MAX_BYTES, UNKNOWN, ShellReader, built_by, may_build

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..project import BuildFile
    from .shell import ShellBuild

__all__ = ["JUSTFILE_NAMES", "read_justfile"]

#: A recipe's header: its name (after attributes' lines), parameters, ``:`` and dependencies.
_HEADER = re.compile(r"^@?[A-Za-z_][A-Za-z0-9_-]*(?:\s[^:]*)?:(?!=)")
#: A top-level assignment: ``NAME := 'value'`` (``export`` before it), quoted or bare.
_ASSIGNMENT = re.compile(
    r"""^(?:export\s+)?(?P<name>[A-Za-z_][A-Za-z0-9_-]*)\s*:=\s*"""
    r"""(?:'(?P<single>[^']*)'|"(?P<double>[^"\\]*)"|(?P<bare>[^\s#'"(){}+/]+))\s*(?:#.*)?$"""
)
#: A ``{{ }}`` interpolation.
_INTERPOLATION = re.compile(r"\{\{(.*?)\}\}")


def read_justfile(path: str, *, max_bytes: int = MAX_BYTES) -> BuildFile:
    """The images the recipes of the justfile at ``path`` build (``BuildSite`` tool
    ``just``, the line of the command), in its directory; never raises."""
    from ..project import BuildFile

    text = read_text(path, max_bytes)
    if not isinstance(text, str) or not may_build(text.encode()):
        return BuildFile(path=path)
    variables: dict[str, str] = {}
    builds: list[ShellBuild] = []
    for line, command in _commands(text, variables):
        script = _INTERPOLATION.sub(lambda match: variables.get(match[1].strip(), UNKNOWN), command)
        builds.extend(build.at(line) for build in ShellReader().read(script))
    return built_by(builds, "just", path, os.path.dirname(path))


def _commands(text: str, variables: dict[str, str]) -> list[tuple[int, str]]:
    """Each shell text a recipe runs, with its first line; ``variables`` takes the file's
    top-level assignments."""
    found: list[tuple[int, str]] = []
    lines = text.splitlines()
    in_recipe = False
    first = False  # (the next body line is the recipe's first)
    script_attribute = False
    script: list[str] | None = None  # (a shebang or [script] recipe's body: one text)
    script_line = 0

    def close() -> None:
        nonlocal script
        if script:
            found.append((script_line, "\n".join(script)))
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
        found.append((number, body.lstrip("@-")))
    close()
    return found
