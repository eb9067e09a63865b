"""Which ``.env`` compose reads for a compose file that no command of the project gives values.

Two looks, in compose's order: the ``.env`` a setup script beside the file writes (compose
reads the ``.env`` of the project's directory, and the script writes that one:
``._script_dotenv``), else the nearest ``.env`` above it, as ``--env-file`` (``._parent_dotenv``).
A scan of the file (``find``) and the project's reading of it as a build's context
(``context``) ask the same question, here.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Collection

    from .project import ComposeRun

__all__ = ["dotenv_run"]


def dotenv_run(path: str, missing: Collection[str], root: str | None) -> ComposeRun | None:
    """The compose run with the ``.env`` that gives the compose file ``path`` one of
    ``missing`` (see the module); ``None`` when none does."""
    from ._parent_dotenv import parent_env_run
    from ._script_dotenv import script_env_run

    return script_env_run(path, missing, root) or parent_env_run(path, missing, root)
