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
    for line, last, command in simple_commands(text, variables):
        script = _INTERPOLATION.sub(lambda match: variables.get(match[1].strip(), UNKNOWN), command)
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


#: What a pull adds to its context (nothing: the tool, engine and verb are there).
_NO_CONTEXT: Mapping[str, object] = MappingProxyType({})


def simple_commands(text: str, variables: dict[str, str]) -> list[tuple[int, int, str]]:
    """Each shell text a recipe runs, with its first line and the last of a line just joins
    (``\\`` at the end); ``variables`` takes the file's top-level assignments."""
    found: list[tuple[int, int, str]] = []
    lines = text.splitlines()
    in_recipe = False
    first = False  # (the next body line is the recipe's first)
    script_attribute = False
    script: list[str] | None = None  # (a shebang or [script] recipe's body: one text)
    script_line = 0

    def close() -> None:
        nonlocal script
        if script:
            found.append((script_line, script_line, "\n".join(script)))
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
        found.append((number, index, body.lstrip("@-")))
    close()
    return found
