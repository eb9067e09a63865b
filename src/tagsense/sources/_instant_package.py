"""An Instant OpenHIE package's ``package-metadata.json``: the environment of its compose files.

A package of Instant OpenHIE v2 (openhie/instant-v2; jembi/platform's 25 packages) is a
directory with a ``package-metadata.json``, a ``swarm.sh`` and the compose files it deploys
(``docker stack deploy``), its importers' compose files in folders below it
(``importer/…/docker-compose.config.yml``). The ``instant`` command sets each of the
metadata's ``environmentVariables`` that the environment leaves unset (instant.ts's
``setEnvVars``) before it runs the package's ``swarm.sh``, so ``image: ${OPENHIM_CORE_IMAGE}``
in ``interoperability-layer-openhim/docker-compose.yml`` pulls the metadata's
``"OPENHIM_CORE_IMAGE": "jembi/openhim-core:v8.5.0"`` (:func:`package_env_run`: the
deployment as a compose run, tool ``instant``). An ``--env-file`` given at the command line
may change a value; the package's own is the one it has alone.
"""

from __future__ import annotations

import os
import re

from .._lazy import lazy_pattern
from .._offsets import line_column

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .project import ComposeRun

__all__ = ["METADATA_NAME", "package_env_run"]

METADATA_NAME = "package-metadata.json"
#: How many directories above a compose file its package may be (a package's importers keep
#: theirs in ``importer/NAME/``).
_LEVELS = 3
#: A variable a compose file interpolates: ``$NAME``, ``${NAME…}``.
_USED = lazy_pattern(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")
#: The most of a metadata file read.
_LIMIT = 1024 * 1024


def package_env_run(path: str, text: str) -> ComposeRun | None:
    """The ``instant`` deployment of the compose file ``path`` (``text``) with the
    ``environmentVariables`` of the package it is in (the nearest ``package-metadata.json``
    in its directory or up to :data:`_LEVELS` above), when they set a variable the file uses;
    else ``None``."""
    used = set(_USED.findall(text))
    if not used:
        return None
    metadata = _metadata_of(os.path.dirname(path))
    if metadata is None:
        return None
    where, env, raw = metadata
    if not used.intersection(env):
        return None
    from ..occurrence import BuildSite
    from .project import ComposeRun

    first = next(name for name in env if name in used)
    at = re.search(rf'"{re.escape(first)}"\s*:', raw)
    line = line_column(raw, at.start())[0] if at is not None else 1
    return ComposeRun(
        site=BuildSite("instant", where, line),
        command="instant package init",
        files=(path,),
        directory=os.path.dirname(path) or ".",
        env=env,
    )


def _metadata_of(directory: str) -> tuple[str, dict[str, str], str] | None:
    """The nearest package metadata at or above ``directory``: its path, its environment
    (each value as the environment holds it: text) and its text; ``None`` when there is
    none, or it is no Instant package's."""
    for _ in range(_LEVELS + 1):
        candidate = os.path.join(directory, METADATA_NAME)
        if os.path.isfile(candidate):
            return _read(candidate)
        parent = os.path.dirname(directory)
        if not directory or parent == directory:
            return None
        directory = parent
    return None


def _read(path: str) -> tuple[str, dict[str, str], str] | None:
    import json

    try:
        with open(path, "rb") as handle:
            raw = handle.read(_LIMIT).decode("utf-8", "replace")
        loaded = json.loads(raw)
    except (OSError, ValueError):
        return None
    if not isinstance(loaded, dict) or "id" not in loaded:
        return None
    variables = loaded.get("environmentVariables")
    if not isinstance(variables, dict):
        return None
    env = {
        str(name): _text(value)
        for name, value in variables.items()
        if isinstance(value, (str, int, float, bool))
    }
    return path, env, raw


def _text(value: str | float | bool) -> str:
    """A JSON value as ``process.env`` holds it (``true``, ``1``, ``0.5``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
