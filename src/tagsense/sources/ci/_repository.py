"""The GitHub repository a checkout is of: what ``${{ github.repository }}`` is in its workflows.

A workflow runs in the repository it is in, and ``github.repository`` is its ``OWNER/NAME``.
The checkout says which that is where git says where it came from: the URL of its ``origin``
remote, which ``actions/checkout`` sets to ``https://github.com/OWNER/NAME`` and a developer's
clone has too (a fork's clone names the fork, whose workflows build the fork's images). Many
projects name the image they publish with it: paperless-ngx/paperless-ngx's ``ci-docker.yml``
pushes ``ghcr.io/${{ github.repository }}`` (lower-cased by its script), the image its
``docker/compose/*.yml`` files run, so those are names the project builds. A checkout whose
origin is no GitHub URL (a mirror, an archive, another host) leaves it a run's.

>>> _repository_of_url("https://github.com/paperless-ngx/paperless-ngx.git")
'paperless-ngx/paperless-ngx'
>>> _repository_of_url("git@github.com:Acme/App"), _repository_of_url("/srv/mirror/app.git")
('Acme/App', None)
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

from ..._lazy import lazy_pattern

__all__ = ["git_config", "github_repository", "origin_url"]

#: The most of a git ``config`` file read (a few remotes and branches).
_MAX_CONFIG_BYTES = 65536
#: ``https://github.com/OWNER/NAME(.git)``, ``git@github.com:OWNER/NAME``,
#: ``ssh://git@github.com/OWNER/NAME``.
_GITHUB_URL = lazy_pattern(
    r"(?:https?://(?:[^@/]+@)?|ssh://git@|git@)github\.com[:/]"
    r"(?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/(?P<name>[A-Za-z0-9._-]{1,100}?)(?:\.git)?/?"
)
_SECTION = lazy_pattern(r'^\s*\[\s*remote\s+"origin"\s*\]\s*$')
_URL = lazy_pattern(r"^\s*url\s*=\s*(?P<url>\S+)\s*$", re.IGNORECASE)


def git_config(checkout: str | None) -> str | None:
    """The git ``config`` file of the checkout ``checkout`` (where its ``origin`` is said),
    ``None`` when it has none: what a reading that used :func:`github_repository` depends on."""
    if checkout is None:
        return None
    return _config_path(os.path.join(checkout or os.curdir, ".git"))


def github_repository(checkout: str | None) -> str | None:
    """``OWNER/NAME`` of the GitHub repository the checkout ``checkout`` (a directory) is of,
    from its git ``origin`` remote; ``None`` when that is not known (see the module)."""
    url = origin_url(checkout)
    return _repository_of_url(url) if url is not None else None


def origin_url(checkout: str | None) -> str | None:
    """The URL of the ``origin`` remote of the checkout ``checkout`` (its ``.git`` a
    directory, or a file that names one), as its git config writes it; ``None``: none."""
    config = git_config(checkout)
    if config is None:
        return None
    try:
        stat = os.stat(config)
    except OSError:
        return None
    return _url_of_config(os.path.abspath(config), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _url_of_config(config: str, mtime: int, size: int) -> str | None:
    """(``mtime`` and ``size`` tell a changed file from the one read)"""
    try:
        with open(config, encoding="utf-8", errors="replace") as handle:
            text = handle.read(_MAX_CONFIG_BYTES)
    except OSError:
        return None
    in_origin = False
    for line in text.splitlines():
        if line.lstrip().startswith("["):
            in_origin = _SECTION.match(line) is not None
            continue
        found = _URL.match(line) if in_origin else None
        if found is not None:
            return found.group("url").strip('"')
    return None


def _config_path(git: str) -> str | None:
    """The ``config`` file of a checkout's ``.git`` (a directory; or a file that names the
    directory, as a worktree's and a submodule's do, whose shared one is its ``commondir``)."""
    if os.path.isdir(git):
        return os.path.join(git, "config")
    try:
        with open(git, encoding="utf-8", errors="replace") as handle:
            first = handle.readline(4096).strip()
    except OSError:
        return None
    if not first.startswith("gitdir:"):
        return None
    gitdir = os.path.join(os.path.dirname(git), first.removeprefix("gitdir:").strip())
    try:
        with open(os.path.join(gitdir, "commondir"), encoding="utf-8") as handle:
            gitdir = os.path.join(gitdir, handle.readline(4096).strip())
    except OSError:
        pass
    return os.path.join(gitdir, "config")


def _repository_of_url(url: str) -> str | None:
    found = _GITHUB_URL.fullmatch(url)
    if found is None:
        return None
    return f"{found.group('owner')}/{found.group('name')}"
