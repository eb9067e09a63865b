"""systemd service units: the images the commands they start run.

A self-hosted service is often started by a unit of its own (``valheim.service``, installed in
``/etc/systemd/system/``) whose ``ExecStart=/usr/bin/docker run … IMAGE`` (podman, nerdctl)
pulls and runs the image. The commands of a ``*.service`` file's ``[Service]`` section
(``ExecStartPre=``, ``ExecStart=``, ``ExecStartPost=``, ``ExecReload=``, ``ExecStop=``,
``ExecStopPost=``, ``ExecCondition=``) are read as the shell reader reads a script's commands
(kind ``shell``), each at its own line and column: the ``Exec…=`` key and systemd's prefixes
(``-``, ``@``, ``+``, ``!``, ``:``) are blanked out, a line ending in ``\\`` goes on as in the
shell. Other lines are left out, but for ``#`` comments (a ``# tagsense: ignore[…]`` covers the
line below). systemd splits the command itself and expands only ``$NAME`` and specifiers
(``%n``, the unit's name); that is read as the shell reads it.
"""

from __future__ import annotations

import os

from ..._lazy import lazy_pattern
from ...occurrence import Scan

__all__ = ["is_systemd_unit_name", "scan_systemd_unit", "unit_commands"]

#: The keys of a ``[Service]`` section whose values are commands.
_EXEC_KEYS = frozenset(
    {"ExecStartPre", "ExecStart", "ExecStartPost", "ExecReload", "ExecStop", "ExecStopPost",
     "ExecCondition"}
)  # fmt: skip
#: ``Key=`` at the start of a line, and the prefixes systemd reads before the command.
_EXEC_LINE = lazy_pattern(r"[ \t]*(?P<key>[A-Za-z]+)[ \t]*=[ \t]*(?P<prefix>[-@+!:]*)")
#: A quick look: a unit whose commands may run a container.
_ENGINES = (b"docker", b"podman", b"nerdctl")


def is_systemd_unit_name(path: str) -> bool:
    """``NAME.service`` (``NAME@.service`` a template): a systemd service unit."""
    stem, extension = os.path.splitext(os.path.basename(path))
    return extension == ".service" and bool(stem)


def scan_systemd_unit(text: str, path: str | None = None) -> Scan:
    """The images a service unit's commands run or pull (kind ``shell``). Never raises."""
    if not any(engine in text.encode() for engine in _ENGINES):
        return Scan((), ())
    from ..builds.script import scan_shell_script

    named = path or "unit.service"
    return scan_shell_script(named, text=unit_commands(text), sources=False)


def unit_commands(text: str) -> str:
    """The unit's text with only its ``[Service]`` commands and ``#`` comments kept, each
    where it is written (every other line empty, each key and prefix blanked out).

    >>> unit_commands("[Service]\\nExecStart=-/usr/bin/docker run \\\\\\n  nginx:1.27\\nType=x\\n")
    '\\n           /usr/bin/docker run \\\\\\n  nginx:1.27\\n\\n'
    """
    kept: list[str] = []
    section = None
    going_on = False
    for line in text.split("\n"):
        stripped = line.strip()
        if going_on:
            kept.append(line)
            going_on = line.rstrip().endswith("\\")
            continue
        if stripped.startswith("[") and stripped.endswith("]"):
            section = stripped[1:-1].strip()
            kept.append("")
            continue
        match = _EXEC_LINE.match(line)
        if section == "Service" and match is not None and match["key"] in _EXEC_KEYS:
            kept.append(" " * match.end() + line[match.end() :])
            going_on = line.rstrip().endswith("\\")
        elif stripped.startswith("#"):
            kept.append(line)
        else:
            kept.append("")
    return "\n".join(kept)
