"""An ``.env`` above a compose file that gives what it leaves unset: its ``--env-file``.

Compose reads the ``.env`` of the project's directory only. A repository of examples keeps
the versions its examples share in one ``.env`` at its top, and runs each example with
``docker compose --env-file ../.env up``: debezium-examples says so in its READMEs, and its
test runner passes each example's ``env_file: ../.env``, whose ``DEBEZIUM_VERSION=3.5`` 64
compose files use as ``quay.io/debezium/kafka:${DEBEZIUM_VERSION}``. When a compose file
leaves variables unset alone and no command of the project gives them, the nearest ``.env``
above its directory, up to the project's root, that defines one of them is the file's
``--env-file`` (:func:`parent_env_run`): the file is read as that command reads it, the
command in each occurrence's context. A variable no such ``.env`` defines stays unresolved.
"""

from __future__ import annotations

import os
import posixpath
import re

from .._lazy import lazy_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Collection

    from .project import ComposeRun

__all__ = ["parent_env_run"]

#: A variable an ``.env`` file sets (compose-go's dotenv: ``NAME=…``, ``export NAME=…``).
_SETS = lazy_pattern(r"^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=", re.MULTILINE)
#: How much of an ``.env`` file the look reads.
_LIMIT = 1024 * 1024


def parent_env_run(path: str, missing: Collection[str], root: str | None) -> ComposeRun | None:
    """``docker compose --env-file ../.env`` for the compose file ``path``, with the nearest
    ``.env`` above its directory (``root`` the highest) that sets one of ``missing``; ``None``
    when there is none, or no ``root``."""
    if root is None or not missing:
        return None
    top = os.path.abspath(root)
    here = os.path.dirname(os.path.abspath(path))
    directory = here
    while directory != top and directory.startswith(top + os.sep):
        directory = os.path.dirname(directory)
        above = os.path.relpath(directory, here)
        # (written from the compose file's path as given, as the scan's other paths are)
        candidate = os.path.normpath(os.path.join(os.path.dirname(path), above, ".env"))
        line = _sets(candidate, missing)
        if line is not None:
            from ..occurrence import BuildSite
            from .project import ComposeRun

            site = BuildSite("env-file", candidate, line)
            command = f"docker compose --env-file {posixpath.join(*above.split(os.sep), '.env')}"
            return ComposeRun(
                site=site,
                command=command,
                files=(path,),
                directory=os.path.dirname(path) or ".",
                env_files=(candidate,),
            )
    return None


def _sets(path: str, names: Collection[str]) -> int | None:
    """The line where the ``.env`` file ``path`` sets the first of ``names`` it sets."""
    try:
        with open(path, "rb") as handle:
            text = handle.read(_LIMIT).decode("utf-8", "replace")
    except OSError:
        return None
    for match in _SETS.finditer(text):
        if match[1] in names:
            return text.count("\n", 0, match.start()) + 1
    return None
