"""The deployment an app catalog gives a compose file: the environment it is installed with.

Self-hosting catalogs keep each app as a compose file and a file beside it that the platform
turns into the deployment's environment: a Dokploy template's ``template.toml``
(:mod:`._dokploy_template`), a 1Panel app's ``data.yml`` (:mod:`._panel_app`). The compose
file is read through that deployment as through a ``docker compose`` command of the project
(a :class:`~tagsense.sources.project.ComposeRun`). Both the file's own reading and the
project context ask, so each answer is kept for the scan (:func:`.context.forget` starts
afresh).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .project import ComposeRun

__all__ = ["catalog_env_run", "forget"]

#: Each compose file's deployment this scan, by its path and text.
_KEPT: dict[tuple[str, int], ComposeRun | None] = {}


def catalog_env_run(path: str, text: str) -> ComposeRun | None:
    """The catalog deployment of the compose file ``path`` (``text``): Dokploy's, else
    1Panel's; ``None`` when no catalog file beside it fills a variable it uses."""
    key = (path, hash(text))
    if key in _KEPT:
        return _KEPT[key]
    from ._dokploy_template import template_env_run
    from ._panel_app import app_env_run

    run = template_env_run(path, text) or app_env_run(path, text)
    _KEPT[key] = run
    return run


def forget() -> None:
    """Start afresh: a new scan reads the catalog files as they are then."""
    _KEPT.clear()
