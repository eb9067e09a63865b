"""Whether an image is published by the owner of the repository that names it.

A checkout whose ``origin`` remote is ``github.com/OWNER/NAME`` belongs to ``OWNER``, and
``ghcr.io/OWNER/…`` holds what ``OWNER``'s repositories publish (GitHub's container registry
names packages by their owner). An organisation develops its repositories in step: siderolabs/
talos builds from the package images of siderolabs/pkgs and siderolabs/tools, which its main
branch pins to a commit of theirs (``ghcr.io/siderolabs/fhs:v1.15.0-alpha.0-7-gb914c26``, as
``git describe`` names it) until the release pins their release.

>>> _owner_namespace("ghcr.io/siderolabs/fhs")
'siderolabs'
>>> _owner_namespace("docker.io/siderolabs/fhs") is None
True
"""

from __future__ import annotations

import os

__all__ = ["published_by_owner"]


def published_by_owner(name: str, path: str | None) -> bool:
    """Whether the image ``name`` (normalised) is in ``ghcr.io`` under the GitHub owner of the
    checkout that holds the file ``path``."""
    namespace = _owner_namespace(name)
    if namespace is None or path is None:
        return False
    owner = _checkout_owner(path)
    return owner is not None and owner.lower() == namespace


def _owner_namespace(name: str) -> str | None:
    """The owner's part of a ``ghcr.io`` image's name (lower case, as ghcr.io names it)."""
    registry, _, rest = name.partition("/")
    if registry != "ghcr.io" or "/" not in rest:
        return None
    return rest.partition("/")[0]


def _checkout_owner(path: str) -> str | None:
    """The GitHub owner of the checkout the file ``path`` is in (its ``origin`` remote's)."""
    from .sources.ci._repository import github_repository
    from .sources.context import git_root

    root = git_root(os.path.abspath(path))
    repository = github_repository(root) if root is not None else None
    return repository.partition("/")[0] if repository else None
