"""The deployment an app catalog gives a compose file: the environment it is installed with.

Self-hosting catalogs keep each app as a compose file and a file beside it that the platform
turns into the deployment's environment: a Dokploy template's ``template.toml``
(:mod:`._dokploy_template`), a 1Panel app's ``data.yml`` (:mod:`._panel_app`). The compose
file is read through that deployment as through a ``docker compose`` command of the project
(a :class:`~tagsense.sources.project.ComposeRun`). An Instant OpenHIE package's
``package-metadata.json`` gives the compose files of its directory and of the folders below it
theirs (:mod:`._instant_package`). Both the file's own reading and the
project context ask, so each answer is kept for the scan (:func:`.context.forget` starts
afresh).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .project import ComposeRun

__all__ = ["CATALOG_FILES", "catalog_env_run", "forget"]

#: Each catalog's file beside a compose file, and the reader of the deployment it gives (a
#: compose file with neither beside it, nearly all, imports neither reader).
CATALOG_FILES = {
    "template.toml": ("._dokploy_template", "template_env_run"),
    "data.yml": ("._panel_app", "app_env_run"),
}
#: Each compose file's deployment this scan, by its path and text.
_KEPT: dict[tuple[str, int], ComposeRun | None] = {}


def catalog_env_run(path: str, text: str) -> ComposeRun | None:
    """The catalog deployment of the compose file ``path`` (``text``): Dokploy's, else
    1Panel's, else the Instant OpenHIE package's it is in; ``None`` when no catalog file
    beside it (or package above it) fills a variable it uses."""
    key = (path, hash(text))
    if key in _KEPT:
        return _KEPT[key]
    import os

    directory = os.path.dirname(path)
    run: ComposeRun | None = None
    for name, (module, function) in CATALOG_FILES.items():
        if run is None and os.path.isfile(os.path.join(directory, name)):
            from importlib import import_module

            reader = getattr(import_module(module, __package__), function)
            run = reader(path, text)
    if run is None and "$" in text:
        from ._instant_package import package_env_run

        run = package_env_run(path, text)
    _KEPT[key] = run
    return run


def forget() -> None:
    """Start afresh: a new scan reads the catalog files as they are then."""
    _KEPT.clear()
