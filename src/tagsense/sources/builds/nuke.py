"""NUKE: the images a .NET build project's targets run and pull with ``DockerTasks``.

`NUKE <https://nuke.build>`_ writes a .NET repository's build in C# (``build/Build.cs``,
run by ``./build.sh TARGET``), and its ``Nuke.Common.Tools.Docker`` tasks run Docker:
kgrzybek/modular-monolith-with-ddd's ``RunAllIntegrationTests`` target, which its workflow
runs, starts ``DockerTasks.DockerRun(s => s.SetImage("mcr.microsoft.com/mssql/server") …)``.
A C# source that says ``DockerTasks`` is read for the tasks that pull an image:

* ``DockerRun``, ``DockerContainerRun``, ``DockerCreate`` and ``DockerContainerCreate``: the
  image their settings' ``.SetImage(IMAGE)`` names;
* ``DockerPull`` and ``DockerImagePull``: the image their settings' ``.SetName(IMAGE)`` names.

A task is called as ``DockerTasks.DockerRun(…)``, or bare where the file says ``using static
Nuke.Common.Tools.Docker.DockerTasks;``. The value is a string literal, or a string constant
the file declares once (``const string PostgresImage = "postgres:16";``), as Aspire's AppHosts
are read; anything else (a parameter, an interpolated string) is not read. Each image is an
:class:`~tagsense.sources.Occurrence` of kind ``"shell"`` (a command the build runs) at its
literal, with ``context`` ``tool`` (``nuke``) and ``call`` (the task). The reader never raises.
"""

from __future__ import annotations

from types import MappingProxyType

from ..._lazy import lazy_pattern, once
from ._csharp_source import Values, argument, arguments, constants, placed_occurrence, skeleton
from ._source_code import without_comments

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Mapping

    from ...occurrence import Occurrence

__all__ = ["KIND", "MARKER", "TASKS", "TOOL", "scan_nuke_docker"]

#: The ``kind`` of the occurrences: commands the build runs, as a script's.
KIND = "shell"

#: The tool named in their context.
TOOL = "nuke"

#: What a C# source that runs NUKE's Docker tasks says (a quick look before any reading).
MARKER = "DockerTasks"

#: The tasks that pull an image, and the setting that names it (NUKE's
#: ``Nuke.Common.Tools.Docker`` settings classes).
TASKS: Mapping[str, str] = MappingProxyType(
    {
        "DockerRun": "SetImage",
        "DockerContainerRun": "SetImage",
        "DockerCreate": "SetImage",
        "DockerContainerCreate": "SetImage",
        "DockerPull": "SetName",
        "DockerImagePull": "SetName",
    }
)


def scan_nuke_docker(
    text: str, *, path: str | None = None, siblings: Mapping[str, str] | None = None
) -> list[Occurrence]:
    """The images the C# source ``text`` has NUKE's Docker tasks pull; ``siblings`` are the
    ``Class.Name`` constants of the other sources of its directory."""
    if MARKER not in text:
        return []
    code = without_comments(text)
    blanked = skeleton(code)
    values = Values(constants(code), MappingProxyType(dict(siblings or {})))
    bare = _STATIC_USING.search(code) is not None
    found: list[Occurrence] = []
    seen: set[int] = set()
    for call in _task_call().finditer(blanked):
        if call["owner"] is None and not bare:
            continue  # (another DockerRun: the file does not import NUKE's tasks statically)
        task = call["task"]
        end = _closing(blanked, call.end())
        setting = TASKS[task]
        for chained in _setting_call().finditer(blanked, call.end(), end):
            if chained["setting"] != setting:
                continue
            written = argument(arguments(code, blanked, chained.end()), 0, None, values)
            if written is None or not written[0] or written[1] in seen:
                continue  # (a constant's image is reported once, where it is written)
            seen.add(written[1])
            found.append(placed_occurrence(text, path, written, KIND, {"tool": TOOL, "call": task}))
    return found


def _closing(blanked: str, opening: int) -> int:
    """The offset of the ``)`` that closes the call whose ``(`` ends just before ``opening``
    (the text's end when it is not closed)."""
    depth = 1
    for offset in range(opening, len(blanked)):
        char = blanked[offset]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if not depth:
                return offset
    return len(blanked)


@once
def _task_call() -> re.Pattern[str]:
    """A call of one of :data:`TASKS` (``DockerTasks.DockerRun(``, or bare)."""
    import re

    names = "|".join(sorted(TASKS, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?P<owner>DockerTasks\s*\.\s*)?(?P<task>{names})\s*\(")


#: ``using static Nuke.Common.Tools.Docker.DockerTasks;``.
_STATIC_USING = lazy_pattern(
    r"\busing\s+static\s+(?:global::)?Nuke\.Common\.Tools\.Docker\.DockerTasks\s*;"
)


@once
def _setting_call() -> re.Pattern[str]:
    """A settings call that names an image (``.SetImage(``, ``.SetName(``)."""
    import re

    names = "|".join(sorted(set(TASKS.values())))
    return re.compile(rf"\.\s*(?P<setting>{names})\s*\(")
