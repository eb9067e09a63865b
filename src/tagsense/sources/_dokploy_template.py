"""A Dokploy template's ``template.toml``: the environment its compose file is deployed with.

A template of Dokploy's catalog (Dokploy/templates' ``blueprints/NAME/``) is a
``docker-compose.yml`` and a ``template.toml`` beside it. Dokploy deploys the compose file
with the environment of ``[config] env`` (a list of ``"NAME=value"``, or a ``[config.env]``
table), each ``${variable}`` in a value put in from ``[variables]``; a variable made by a
helper when the template is deployed (``${password:32}``, ``${domain}``, ``${uuid}``) is
known only then. So ``image: hardcoreeng/front:${HULY_VERSION}`` pulls the tag the template's
``HULY_VERSION=v0.6.468`` says (:func:`template_env_run`: the deployment as a compose run,
tool ``dokploy``).
"""

from __future__ import annotations

import os
import re

from .._lazy import lazy_pattern
from .._offsets import line_column

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .project import ComposeRun

__all__ = ["TEMPLATE_NAME", "template_env_run"]

TEMPLATE_NAME = "template.toml"
#: A variable of ``[variables]`` in a value: ``${name}``.
_VARIABLE = lazy_pattern(r"\$\{([^}]*)\}")
#: A variable a compose file interpolates: ``$NAME``, ``${NAME…}``.
_USED = lazy_pattern(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")
#: The most of a template read.
_LIMIT = 1024 * 1024


def template_env_run(path: str, text: str) -> ComposeRun | None:
    """Dokploy's deployment of the compose file ``path`` (``text``) with the environment of
    the ``template.toml`` beside it, when that sets a variable the file uses; else ``None``.
    The template's value wins over the file's ``${NAME:-default}``, as the deployment's
    environment does."""
    missing = set(_USED.findall(text))
    if not missing:
        return None
    template = os.path.join(os.path.dirname(path), TEMPLATE_NAME)
    try:
        with open(template, "rb") as handle:
            toml = handle.read(_LIMIT).decode("utf-8", "replace")
    except OSError:
        return None
    if not any(name in toml for name in missing):
        return None
    import tomllib

    try:
        document = tomllib.loads(toml)
    except tomllib.TOMLDecodeError:
        return None
    env, unknown = _environment(document)
    if not any(name in env or name in unknown for name in missing):
        return None
    from ..occurrence import BuildSite
    from .project import ComposeRun

    first = next(name for name in (*env, *unknown) if name in missing)
    at = re.search(rf"(?m)^[ \t]*\"?{re.escape(first)}\b", toml)
    line = line_column(toml, at.start())[0] if at is not None else 1
    return ComposeRun(
        site=BuildSite("dokploy", template, line),
        command="dokploy template",
        files=(path,),
        directory=os.path.dirname(path) or ".",
        env=env,
        unknown=unknown,
    )


def _environment(document: dict[str, object]) -> tuple[dict[str, str], tuple[str, ...]]:
    """The environment a template gives (``[config] env``), and the names whose values only
    a deployment knows (a helper's ``${password:32}``, a variable made by one)."""
    variables = document.get("variables")
    known = {
        name: value
        for name, value in (variables.items() if isinstance(variables, dict) else ())
        if isinstance(value, str) and "${" not in value
    }
    config = document.get("config")
    listed = config.get("env") if isinstance(config, dict) else None
    pairs: list[tuple[str, str]] = []
    if isinstance(listed, dict):
        pairs = [(str(k), str(v)) for k, v in listed.items() if isinstance(v, (str, int, float))]
    elif isinstance(listed, list):
        for entry in listed:
            if isinstance(entry, str) and "=" in entry:
                name, _, value = entry.partition("=")
                pairs.append((name.strip(), value))
    env: dict[str, str] = {}
    unknown: list[str] = []
    for name, value in pairs:
        names = _VARIABLE.findall(value)
        if all(one in known for one in names):
            env[name] = _VARIABLE.sub(lambda match: known[match[1]], value)
        else:
            unknown.append(name)
    return env, tuple(unknown)
