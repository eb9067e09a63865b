"""A 1Panel app's ``data.yml``: the environment its compose file is installed with.

An app of 1Panel's store (1Panel-dev/appstore's ``apps/KEY/VERSION/``) is a
``docker-compose.yml`` and a ``data.yml`` beside it. 1Panel installs the compose file with a
``.env`` it writes from the install form, whose fields ``additionalProperties.formFields``
lists: each field's ``envKey`` is filled with what the user enters, ``default`` before they
change it (a field's ``child`` is a field too). A runtime app (``apps/KEY/data.yml`` says
``additionalProperties.type: go``, ``node``, ``java``, ``python``, ``dotnet``) is created with
its version, the name of the ``VERSION`` directory, as ``GO_VERSION``, ``NODE_VERSION``…
(1Panel's ``runtime_utils.go``); a PHP runtime runs, as ``IMAGE_NAME``, the image it builds
first with the compose project of ``build/`` (the one its ``build/.env`` names). So ``image:
golang:${GO_VERSION}`` in ``apps/go/1.24/`` pulls ``golang:1.24`` (:func:`app_env_run`: the
install as a compose run, tool ``1panel``).
A field with no default (a database service the user picks) is known only then.
"""

from __future__ import annotations

import os
import re

from .._lazy import lazy_method, lazy_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

    from .project import ComposeRun

__all__ = ["APP_NAME", "app_env_run"]

APP_NAME = "data.yml"
#: A variable a compose file interpolates: ``$NAME``, ``${NAME…}``.
_USED = lazy_pattern(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")
#: The runtimes 1Panel creates with their version as ``TYPE_VERSION``.
_RUNTIMES = frozenset({"go", "node", "java", "python", "dotnet"})
#: The image a PHP runtime's ``build/.env`` names.
_IMAGE_NAME = lazy_method(r"(?m)^IMAGE_NAME=[\"']?([^\"'\n]+)", "search")
#: The most of a ``data.yml`` read.
_LIMIT = 1024 * 1024


def app_env_run(path: str, text: str) -> ComposeRun | None:
    """1Panel's install of the compose file ``path`` (``text``) with the form of the
    ``data.yml`` beside it, when that fills a variable the file uses; else ``None``. The
    form's value wins over the file's ``${NAME:-default}`` and the directory's ``.env``, as
    1Panel writes that ``.env`` from the form."""
    used = set(_USED.findall(text))
    if not used:
        return None
    directory = os.path.dirname(path)
    form = _read(os.path.join(directory, APP_NAME))
    if form is None or "additionalProperties" not in form:
        return None
    env: dict[str, str] = {}
    unknown: list[str] = []
    for name, value in _fields(_properties(form, "formFields")):
        if value:
            env[name] = value
        else:
            unknown.append(name)
    for name, value in _runtime_env(directory):
        env.setdefault(name, value)
    if not any(name in env or name in unknown for name in used):
        return None
    from ..occurrence import BuildSite
    from .project import ComposeRun

    first = next(name for name in (*env, *unknown) if name in used)
    at = re.search(rf"(?m)^[ \t-]*envKey:[ \t]*[\"']?{re.escape(first)}\b", form)
    line = form.count("\n", 0, at.start()) + 1 if at is not None else 1
    return ComposeRun(
        site=BuildSite("1panel", os.path.join(directory, APP_NAME), line),
        command="1panel app install",
        files=(path,),
        directory=directory or ".",
        env=env,
        unknown=tuple(name for name in unknown if name not in env),
    )


def _read(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            return handle.read(_LIMIT).decode("utf-8", "replace")
    except OSError:
        return None


def _properties(text: str, key: str) -> yaml.Node | None:
    """The node of ``additionalProperties.KEY`` of a ``data.yml``'s text."""
    from ._yaml import get, load_yaml

    documents = load_yaml(text).documents
    return get(get(documents[0], "additionalProperties"), key) if documents else None


def _fields(node: yaml.Node | None) -> list[tuple[str, str]]:
    """(``envKey``, ``default``) of each form field, its ``child`` field's after it."""
    from ._yaml import get, is_mapping, scalar, sequence

    found: list[tuple[str, str]] = []
    pending = list(reversed(sequence(node)))
    while pending:
        field = pending.pop()
        if not is_mapping(field):
            continue
        name = scalar(get(field, "envKey"))
        if name:
            found.append((name, scalar(get(field, "default")) or ""))
        child = get(field, "child")
        if child is not None:
            pending.append(child)
    return found


def _runtime_env(directory: str) -> list[tuple[str, str]]:
    """What 1Panel gives a runtime app's compose file: ``TYPE_VERSION``, the version
    directory's name; for a PHP runtime, ``IMAGE_NAME``, the image it builds first with the
    compose project of ``build/`` (``build/.env``'s ``IMAGE_NAME``)."""
    app = os.path.dirname(directory)
    text = _read(os.path.join(app, APP_NAME))
    if text is None or "additionalProperties" not in text:
        return []
    from ._yaml import scalar

    kind = scalar(_properties(text, "type"))
    if kind in _RUNTIMES:
        return [(f"{kind.upper()}_VERSION", os.path.basename(directory))]
    if kind == "php":
        built = _IMAGE_NAME(_read(os.path.join(directory, "build", ".env")) or "")
        return [("IMAGE_NAME", built[1].strip())] if built is not None else []
    return []
