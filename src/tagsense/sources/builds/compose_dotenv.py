"""The compose files a project directory's ``.env`` names in ``COMPOSE_FILE``.

``docker compose`` run without ``-f`` reads ``COMPOSE_FILE`` from its environment, else from
the ``.env`` of the directory it runs in (Docker's "Set or change pre-defined environment
variables": ``COMPOSE_FILE`` "specifies the path to a Compose file", several separated by
``COMPOSE_PATH_SEPARATOR``; "Use an environment file": the ``.env`` "in the project
directory" sets them). The files it names are the project's compose model, merged in that
order as ``-f`` merges them: an override's ``build:`` builds the Dockerfile with its args,
and the ``image:`` it builds is not pulled. A project that commits such an ``.env``
(``COMPOSE_FILE=docker-compose.yml:docker-compose.dev.yml``) runs that model with a plain
``docker compose up``, so the ``.env`` is read as that command: a
:class:`~tagsense.sources.project.ComposeRun` of its files, from its directory.

The separator is ``COMPOSE_PATH_SEPARATOR`` when the file sets it, else ``:`` (compose's
default on Linux and macOS, where the shell commands are read too). A file whose path only
the environment gives (``${STACK}.yml``) makes no run: which files, a run decides; a path
that names no file is left out (compose would fail). The values are read as compose-go's
dotenv reads them (quotes, ``export``, comments); the reader never raises.
"""

from __future__ import annotations

import os

from ...occurrence import BuildSite
from ..project import BuildFile, ComposeRun
from ._common import read_text

__all__ = ["TOOL", "read_compose_dotenv"]

#: The tool of the run the file is, and how it is run.
TOOL = "compose .env"
_COMMAND = "docker compose up"
#: The variables read.
_FILES = "COMPOSE_FILE"
_SEPARATOR = "COMPOSE_PATH_SEPARATOR"
#: How much of an ``.env`` file is read (a real one is a few kilobytes; as context's look).
_LIMIT = 256 * 1024


def read_compose_dotenv(path: str) -> BuildFile:
    """The compose run the ``.env`` at ``path`` makes of a plain ``docker compose`` in its
    directory (see the module): no run when it names no file."""
    text = read_text(path, _LIMIT)
    if not isinstance(text, str):
        return BuildFile(path=path)  # (nothing to say: compose reports its own errors)
    from ..compose import dotenv_values

    values, partly = dotenv_values(text)
    written = values.get(_FILES)
    if written is None or _FILES in partly:
        return BuildFile(path=path)
    separator = values.get(_SEPARATOR) or ":"
    directory = os.path.dirname(path)
    files = []
    for name in written.split(separator):
        name = name.strip()
        if not name:
            continue
        file = os.path.join(directory, name)
        if os.path.isfile(file):
            files.append(os.path.normpath(file) if directory else name)
    if not files:
        return BuildFile(path=path)
    line = _line_of(text, _FILES)
    site = BuildSite(TOOL, path, line)
    run = ComposeRun(
        site=site,
        command=_COMMAND,
        files=files,
        directory=directory or os.curdir,
    )
    return BuildFile(path=path, composes=(run,))


def _line_of(text: str, name: str) -> int | None:
    """The line of the last assignment of ``name`` (the one that wins), or ``None``."""
    found = None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip()
        if stripped.startswith("export"):
            stripped = stripped.removeprefix("export").lstrip()
        if stripped.startswith(name) and stripped[len(name) :].lstrip().startswith(("=", ":")):
            found = number
    return found
