"""Shell scripts (``*.sh``): the images their commands run or pull.

What a script builds is read by :func:`.shell.read_shell_script` (the project's
context); what it runs or pulls (``docker run IMAGE``, ``podman pull``…) is a
source of its own, read here as CI job scripts and Makefile recipes are: only
the images whose whole text the script settles. The files it sources are read in
it (see ``._sourced``): their pulls, with the variables the script gives them,
are theirs (at their own lines).
"""

from __future__ import annotations

import os

from ._common import read_text
from ._powershell import script_text
from ._shell_values import MAX_BYTES
from ._sourced import is_bats, may_source
from .shell import ShellReader, may_pull, pulls_scan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ...occurrence import Scan

__all__ = ["scan_shell_script"]


def scan_shell_script(
    path: str, *, text: str | None = None, max_bytes: int = MAX_BYTES, sources: bool = True
) -> Scan:
    """The images a shell script runs or pulls, kind ``shell``, at the image's line and column;
    ``context``: ``tool`` (``shell``), ``engine``, ``verb``. Each image once a line. ``text``:
    the script's text, when it is not read from ``path``. A script that cannot be read, or is
    larger than ``max_bytes``, pulls nothing here; never raises.

    With ``sources``, the files it sources (``source FILE``) are read where it does, and
    what they pull is in the scan too, in their own files (see ``._sourced``).
    """
    from ...occurrence import Scan

    if text is None:
        read = read_text(path, max_bytes)
        text = read if isinstance(read, str) else None
    if text is None or len(text) > max_bytes:
        return Scan((), ())
    text = script_text(path, text)
    data = text.encode()
    sourcing = None
    if sources and may_source(data, bats=is_bats(path)):
        from .shell import sourcing_of

        sourcing = sourcing_of(path, max_bytes)
    elif not may_pull(data):
        return Scan((), ())
    # (run from anywhere, without the arguments it may be given: see read_shell_script)
    # (its own directory: where a `docker load -i FILE` of the project's is, see ._image_load)
    reader = ShellReader(
        pulls=True, cwd=None, sourcing=sourcing, defaults=True, bats=is_bats(path),
        script_directory=os.path.dirname(path),
    )  # fmt: skip
    if not is_bats(path) and path.endswith((".bash", ".sh")):
        from ._bats import loaded_helper

        reader.called_only = loaded_helper(path)
    reader.read(text)
    return pulls_scan(path, text.split("\n"), "shell", ((pull, {}) for pull in reader.pulls or ()))
