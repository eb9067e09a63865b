"""Variables that hold the script's own path, and ``$(dirname …)`` of them.

moodlehq/moodle-docker's ``bin/moodle-docker-compose`` finds its project so::

    thisfile=$( readlink "${BASH_SOURCE[0]}" ) || thisfile="${BASH_SOURCE[0]}"
    basedir="$( cd "$( dirname "$thisfile" )/../" && pwd -P )"

and runs ``docker compose -f ${basedir}/base.yml …``. The shell reader knows
``$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)`` (see ``.shell._substitution``). A
variable every assignment of a line sets to the script's path as written
(``"${BASH_SOURCE[0]}"``, ``$0``; or ``$(readlink [-f] …)``, ``$(realpath …)`` of it, which
the reader takes for the script's place as it takes ``dirname "$(readlink -f "$0")"``) is
that path spelled otherwise: its uses are written as that spelling before a line is read
(the value is the same: a run's, except where the reader knows what it means).
"""

from __future__ import annotations

import re

from ..._lazy import lazy_pattern

__all__ = ["with_script_paths"]

#: How a script names its own path (those ``.shell._SCRIPT_PATHS`` knows).
_PATH = r"""\$(?:0|\{0\}|BASH_SOURCE|\{BASH_SOURCE(?:\[0\])?\})"""
#: A value that is the script's path: as written, ``$(readlink [-f|-e|-m] PATH)``,
#: ``$(realpath PATH)``.
_VALUE = lazy_pattern(
    rf"""(?P<q>"?)(?P<path>{_PATH})(?P=q)"""
    rf"""|(?P<r>"?)\$\(\s*(?:readlink(?:\s+-[fem])?|realpath)\s+(?P<s>"?)(?P<linked>{_PATH})(?P=s)"""
    r"""\s*\)(?P=r)"""
)
#: An assignment at the start of a command of the line (``NAME=``, ``export NAME=``).
_ASSIGNMENT = lazy_pattern(
    r"""(?:^|&&|\|\||;)\s*(?:(?:export|local|readonly|declare)\s+)?([A-Za-z_]\w*)="""
)


def with_script_paths(chunk: str, paths: dict[str, str]) -> str:
    """``chunk`` with each use of a variable of ``paths`` (name → the script's path as the
    line that set it wrote it) written as that path; ``paths`` updated with what the line
    assigns: a variable every assignment of it in the line sets to the script's path is
    one, any other assignment of it makes it none.

    >>> paths: dict[str, str] = {}
    >>> with_script_paths('here=$( readlink "$0" ) || here="$0"', paths)
    'here=$( readlink "$0" ) || here="$0"'
    >>> paths
    {'here': '$0'}
    >>> with_script_paths('top="$(cd "$(dirname "$here")/.." && pwd)"', paths)
    'top="$(cd "$(dirname "$0")/.." && pwd)"'
    >>> with_script_paths("here=/opt/x", paths), paths
    ('here=/opt/x', {})
    >>> _ = with_script_paths('self="$(realpath "${BASH_SOURCE[0]}")"', paths); paths
    {'self': '${BASH_SOURCE[0]}'}
    """
    if paths and "$" in chunk:
        names = "|".join(map(re.escape, paths))
        chunk = re.sub(
            rf"\$(?:\{{({names})\}}|({names})(?!\w))",
            lambda found: paths[found.group(1) or found.group(2)],
            chunk,
        )
    if "=" not in chunk:
        return chunk
    seen: dict[str, str | None] = {}
    for found in _ASSIGNMENT.finditer(chunk):
        name = found.group(1)
        value = _VALUE.match(chunk, found.end())
        path = None
        if value is not None and _ends_word(chunk, value.end()):
            path = value.group("path") or value.group("linked")
        seen[name] = path if seen.get(name, path) == path else None
    for name, path in seen.items():
        if path is None:
            paths.pop(name, None)
        else:
            paths[name] = path
    return chunk


def _ends_word(text: str, end: int) -> bool:
    """Whether a value that ends at ``end`` is the whole word (a blank, ``;``, ``|``, ``&``
    or the end after it)."""
    return end == len(text) or text[end] in " \t\n;|&)"
