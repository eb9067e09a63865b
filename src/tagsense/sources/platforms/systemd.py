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
    where it is written (every other line empty, each key and prefix blanked out), and the
    section's ``Environment=`` variables set, as shell assignments, on its ``[Service]`` line.

    >>> unit_commands("[Service]\\nExecStart=-/usr/bin/docker run \\\\\\n  nginx:1.27\\nType=x\\n")
    '\\n           /usr/bin/docker run \\\\\\n  nginx:1.27\\n\\n'
    """
    kept: list[str] = []
    section = None
    going_on = False
    environment = _environment(text)
    for line in text.split("\n"):
        stripped = line.strip()
        if going_on:
            kept.append(line)
            going_on = line.rstrip().endswith("\\")
            continue
        if stripped.startswith("[") and stripped.endswith("]"):
            section = stripped[1:-1].strip()
            # (systemd gives every command the section's environment, wherever it is set)
            kept.append(environment if section == "Service" else "")
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


def _environment(text: str) -> str:
    """The ``Environment=`` assignments of the unit's ``[Service]`` section as one line of
    shell assignments (single-quoted: systemd expands no variable in them), in order (the
    last one of a name wins, as in systemd). systemd puts them into its commands' ``$NAME``
    and ``${NAME}``: kylemanna/docker-openvpn's ``docker-openvpn@.service`` sets
    ``Environment="IMG=kylemanna/openvpn:latest"`` and runs ``docker pull $IMG``. A value with
    a specifier (``%i``, the instance) is the unit's start's to fill in: left unset."""
    import shlex

    section = None
    assigned: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            section = stripped[1:-1].strip()
            continue
        match = _ENVIRONMENT_LINE.match(line)
        if section != "Service" or match is None:
            continue
        try:
            words = shlex.split(line[match.end() :], comments=False, posix=True)
        except ValueError:
            continue  # (quotes left open: systemd ignores the line)
        for word in words:
            name, equals, value = word.partition("=")
            if equals and _NAME.fullmatch(name) and "%" not in value:
                assigned.append(f"{name}={shlex.quote(value)}")
    return " ".join(assigned)


#: ``Environment=`` at the start of a line.
_ENVIRONMENT_LINE = lazy_pattern(r"[ \t]*Environment[ \t]*=[ \t]*")
#: A variable's name.
_NAME = lazy_pattern(r"[A-Za-z_][A-Za-z0-9_]*")
